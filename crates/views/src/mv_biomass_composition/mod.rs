//! `mv_biomass_composition`: one row per (resource, analysis type, parameter, unit,
//! geoid) of the lab records not failed in QC, with avg/min/max/stddev and count of the
//! observations. The index on (`resource_id`, `analysis_type`) backs
//! [`for_resource`] with a type filter; the single-column indexes back the others.

use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::pg::Pg;
use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_composition (id) {
        id -> Int8,
        resource_id -> Nullable<Int4>,
        resource_name -> Nullable<Varchar>,
        analysis_type -> Nullable<Text>,
        parameter_name -> Nullable<Varchar>,
        geoid -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        unit -> Nullable<Varchar>,
        avg_value -> Nullable<Numeric>,
        min_value -> Nullable<Numeric>,
        max_value -> Nullable<Numeric>,
        std_dev -> Nullable<Numeric>,
        observation_count -> Nullable<Int8>,
    }
}

/// One row of `data_portal.mv_biomass_composition`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_composition)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassComposition {
    pub id: i64,
    pub resource_id: Option<i32>,
    pub resource_name: Option<String>,
    pub analysis_type: Option<String>,
    pub parameter_name: Option<String>,
    pub geoid: Option<String>,
    pub county: Option<String>,
    pub unit: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub avg_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub min_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub max_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub std_dev: Option<bigdecimal::BigDecimal>,
    pub observation_count: Option<i64>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_composition",
    summary: "One row per (resource, analysis type, parameter, unit, geoid) of lab records not failed in QC, with observation statistics",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(&mv_biomass_composition::table.select(BiomassComposition::as_select()))
    },
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique("idx_mv_biomass_composition_id", &[IndexKey::Column("id")]),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_resource_id",
        &[IndexKey::Column("resource_id")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_geoid",
        &[IndexKey::Column("geoid")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_county",
        &[IndexKey::Column("county")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_analysis_type",
        &[IndexKey::Column("analysis_type")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_parameter_name",
        &[IndexKey::Column("parameter_name")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_resource_analysis",
        &[
            IndexKey::Column("resource_id"),
            IndexKey::Column("analysis_type"),
        ],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_composition_resource_geoid_analysis",
        &[
            IndexKey::Column("resource_id"),
            IndexKey::Column("geoid"),
            IndexKey::Column("analysis_type"),
        ],
    ),
];

/// Optional exact-match filters for [`for_resource`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompositionFilter {
    /// e.g. `proximate`, `ultimate`, `compositional`.
    pub analysis_type: Option<String>,
    pub parameter_name: Option<String>,
    pub county: Option<String>,
}

/// The composition rows of one resource matching `filter`, in view order
/// (geoid, analysis type, parameter, unit).
pub fn for_resource(
    conn: &mut PgConnection,
    id_of_resource: i32,
    filter: &CompositionFilter,
) -> QueryResult<Vec<BiomassComposition>> {
    for_resource_statement(id_of_resource, filter).load(conn)
}

/// The statement [`for_resource`] runs, for `EXPLAIN`, `debug_query` and benchmarks.
pub fn for_resource_statement(
    id_of_resource: i32,
    filter: &CompositionFilter,
) -> mv_biomass_composition::BoxedQuery<'_, Pg, SqlTypeOf<AsSelect<BiomassComposition, Pg>>> {
    use self::mv_biomass_composition::dsl::*;

    let mut query = mv_biomass_composition
        .filter(resource_id.eq(id_of_resource))
        .select(BiomassComposition::as_select())
        .into_boxed();
    if let Some(wanted) = filter.analysis_type.as_deref() {
        query = query.filter(analysis_type.eq(wanted));
    }
    if let Some(wanted) = filter.parameter_name.as_deref() {
        query = query.filter(parameter_name.eq(wanted));
    }
    if let Some(wanted) = filter.county.as_deref() {
        query = query.filter(county.eq(wanted));
    }
    query.order_by(id.asc())
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
