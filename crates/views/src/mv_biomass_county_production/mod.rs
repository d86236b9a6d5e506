//! `mv_biomass_county_production`: one row per Billion-Ton 2023 county record
//! (resource, county, scenario, offered price) with production, energy content and
//! density. Only the unique index on `id` exists (for concurrent refresh);
//! [`for_resource`] scans the view.

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_county_production (id) {
        id -> Int8,
        resource_id -> Nullable<Int4>,
        resource_name -> Nullable<Varchar>,
        resource_class -> Nullable<Varchar>,
        geoid -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        scenario -> Nullable<Varchar>,
        price_offered_usd -> Nullable<Numeric>,
        production -> Nullable<Int4>,
        production_unit -> Nullable<Varchar>,
        energy_content -> Nullable<Int8>,
        energy_unit -> Nullable<Varchar>,
        density_dt_per_sqmi -> Nullable<Numeric>,
        county_square_miles -> Nullable<Float8>,
        year -> Nullable<Int4>,
    }
}

/// One row of `data_portal.mv_biomass_county_production`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_county_production)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassCountyProduction {
    pub id: i64,
    pub resource_id: Option<i32>,
    pub resource_name: Option<String>,
    pub resource_class: Option<String>,
    pub geoid: Option<String>,
    pub county: Option<String>,
    pub state: Option<String>,
    pub scenario: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub price_offered_usd: Option<bigdecimal::BigDecimal>,
    pub production: Option<i32>,
    pub production_unit: Option<String>,
    pub energy_content: Option<i64>,
    pub energy_unit: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub density_dt_per_sqmi: Option<bigdecimal::BigDecimal>,
    pub county_square_miles: Option<f64>,
    pub year: Option<i32>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_county_production",
    summary: "One row per Billion-Ton 2023 county record: scenario, offered price, production, energy content and density",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(
            &mv_biomass_county_production::table.select(BiomassCountyProduction::as_select()),
        )
    },
};

const INDEXES: &[IndexDefinition] = &[IndexDefinition::unique(
    "idx_mv_biomass_county_production_id",
    &[IndexKey::Column("id")],
)];

/// The county estimates of one resource, optionally for one scenario, in view
/// order (geoid, scenario, offered price).
pub fn for_resource(
    conn: &mut PgConnection,
    id_of_resource: i32,
    scenario_name: Option<&str>,
) -> QueryResult<Vec<BiomassCountyProduction>> {
    use self::mv_biomass_county_production::dsl::*;

    let mut query = mv_biomass_county_production
        .filter(resource_id.eq(id_of_resource))
        .select(BiomassCountyProduction::as_select())
        .into_boxed();
    if let Some(wanted) = scenario_name {
        query = query.filter(scenario.eq(wanted));
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
