//! `mv_biomass_gasification`: one row per (resource, geoid, reactor type, parameter,
//! unit) of the gasification records not marked as failed QC, with observation statistics. The
//! index on (`resource_id`, `reactor_type`, `parameter_name`) backs
//! [`for_resource`]; the single-column indexes back the other lookups.

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_gasification (id) {
        id -> Int8,
        resource_id -> Nullable<Int4>,
        resource_name -> Nullable<Varchar>,
        reactor_type -> Nullable<Varchar>,
        parameter_name -> Nullable<Varchar>,
        geoid -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        avg_value -> Nullable<Numeric>,
        min_value -> Nullable<Numeric>,
        max_value -> Nullable<Numeric>,
        std_dev -> Nullable<Numeric>,
        observation_count -> Nullable<Int8>,
        unit -> Nullable<Varchar>,
    }
}

/// One row of `data_portal.mv_biomass_gasification`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_gasification)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassGasification {
    pub id: i64,
    pub resource_id: Option<i32>,
    pub resource_name: Option<String>,
    pub reactor_type: Option<String>,
    pub parameter_name: Option<String>,
    pub geoid: Option<String>,
    pub county: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub avg_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub min_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub max_value: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub std_dev: Option<bigdecimal::BigDecimal>,
    pub observation_count: Option<i64>,
    pub unit: Option<String>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_gasification",
    summary: "One row per (resource, geoid, reactor type, parameter, unit) of gasification records not failed in QC",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(&mv_biomass_gasification::table.select(BiomassGasification::as_select()))
    },
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique("idx_mv_biomass_gasification_id", &[IndexKey::Column("id")]),
    IndexDefinition::btree(
        "idx_mv_biomass_gasification_resource_id",
        &[IndexKey::Column("resource_id")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_gasification_reactor_type",
        &[IndexKey::Column("reactor_type")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_gasification_parameter_name",
        &[IndexKey::Column("parameter_name")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_gasification_resource_reactor_parameter",
        &[
            IndexKey::Column("resource_id"),
            IndexKey::Column("reactor_type"),
            IndexKey::Column("parameter_name"),
        ],
    ),
];

/// The gasification results of one resource, optionally for one reactor type
/// (exact name), in view order (geoid, reactor type, parameter, unit).
pub fn for_resource(
    conn: &mut PgConnection,
    id_of_resource: i32,
    reactor: Option<&str>,
) -> QueryResult<Vec<BiomassGasification>> {
    use self::mv_biomass_gasification::dsl::*;

    let mut query = mv_biomass_gasification
        .filter(resource_id.eq(id_of_resource))
        .select(BiomassGasification::as_select())
        .into_boxed();
    if let Some(wanted) = reactor {
        query = query.filter(reactor_type.eq(wanted));
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
