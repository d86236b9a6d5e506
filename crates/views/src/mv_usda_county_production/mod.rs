//! `mv_usda_county_production`: one row per (resource, county geoid, census year
//! from 2017) of USDA census records mapped to the resource: primary product
//! volume, acres and a biomass estimate (acres x residue factor). The index on
//! `resource_id` backs [`for_resource`]; the index on `geoid` backs county lookups.

use std::ops::RangeInclusive;

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_usda_county_production (id) {
        id -> Int8,
        resource_id -> Nullable<Int4>,
        resource_name -> Nullable<Varchar>,
        primary_ag_product -> Nullable<Varchar>,
        geoid -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        dataset_year -> Nullable<Int4>,
        primary_product_volume -> Nullable<Numeric>,
        volume_unit -> Nullable<Text>,
        production_acres -> Nullable<Numeric>,
        known_biomass_volume -> Nullable<Text>,
        calculated_estimate_volume -> Nullable<Float8>,
        biomass_unit -> Nullable<Text>,
    }
}

/// One row of `data_portal.mv_usda_county_production`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_usda_county_production)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct UsdaCountyProduction {
    pub id: i64,
    pub resource_id: Option<i32>,
    pub resource_name: Option<String>,
    pub primary_ag_product: Option<String>,
    pub geoid: Option<String>,
    pub county: Option<String>,
    pub state: Option<String>,
    pub dataset_year: Option<i32>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub primary_product_volume: Option<bigdecimal::BigDecimal>,
    pub volume_unit: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub production_acres: Option<bigdecimal::BigDecimal>,
    pub known_biomass_volume: Option<String>,
    pub calculated_estimate_volume: Option<f64>,
    pub biomass_unit: Option<String>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_usda_county_production",
    summary: "One row per (resource, county, census year >= 2017): USDA production, acres and estimated biomass",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(&mv_usda_county_production::table.select(UsdaCountyProduction::as_select()))
    },
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique(
        "idx_mv_usda_county_production_id",
        &[IndexKey::Column("id")],
    ),
    IndexDefinition::btree(
        "idx_mv_usda_county_production_resource_id",
        &[IndexKey::Column("resource_id")],
    ),
    IndexDefinition::btree(
        "idx_mv_usda_county_production_geoid",
        &[IndexKey::Column("geoid")],
    ),
];

/// The census production of one resource for the census years in `years`
/// (inclusive), optionally in one county (exact name), in view order (geoid, year).
pub fn for_resource(
    conn: &mut PgConnection,
    id_of_resource: i32,
    in_county: Option<&str>,
    years: RangeInclusive<i32>,
) -> QueryResult<Vec<UsdaCountyProduction>> {
    use self::mv_usda_county_production::dsl::*;

    let (first, last) = years.into_inner();
    let mut query = mv_usda_county_production
        .filter(resource_id.eq(id_of_resource))
        .filter(dataset_year.between(first, last))
        .select(UsdaCountyProduction::as_select())
        .into_boxed();
    if let Some(wanted) = in_county {
        query = query.filter(county.eq(wanted));
    }
    query.order_by(id.asc()).load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_struct_selects_mapped_columns_in_order() {
        let mapped: Vec<&str> = VIEW.columns.iter().map(|c| c.name).collect();
        assert_eq!((VIEW.row_columns)(), mapped);
    }

    #[test]
    fn index_keys_name_mapped_columns() {
        for index in VIEW.indexes {
            for key in index.keys {
                let (IndexKey::Column(column) | IndexKey::WithOpClass(column, _)) = key;
                assert!(
                    VIEW.columns.iter().any(|c| c.name == *column),
                    "{}: unknown column {column}",
                    index.name
                );
            }
        }
    }

    #[test]
    fn unique_index_comes_first_and_covers_the_unique_key() {
        assert_eq!(VIEW.indexes.iter().filter(|i| i.unique).count(), 1);
        let unique = &VIEW.indexes[0];
        assert!(unique.unique);
        let keys: Vec<IndexKey> = VIEW
            .unique_key
            .iter()
            .map(|c| IndexKey::Column(c))
            .collect();
        assert_eq!(unique.keys, keys.as_slice());
    }
}
