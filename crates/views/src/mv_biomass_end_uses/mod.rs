//! `mv_biomass_end_uses`: one row per (resource, use case) from the resource's
//! end-use records, with the share of volume (low, high), the value in USD (low,
//! high, and its unit in `value_notes`) and the trend. The unique index on
//! (`resource_id`, `use_case`) allows concurrent refresh; the index on
//! `resource_id` backs [`for_resource`].

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_end_uses (resource_id, use_case) {
        resource_id -> Int4,
        resource_name -> Nullable<Varchar>,
        use_case -> Varchar,
        percentage_low -> Nullable<Float8>,
        percentage_high -> Nullable<Float8>,
        trend -> Nullable<Text>,
        value_low_usd -> Nullable<Float8>,
        value_high_usd -> Nullable<Float8>,
        value_notes -> Nullable<Text>,
    }
}

/// One row of `data_portal.mv_biomass_end_uses`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_end_uses)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassEndUse {
    pub resource_id: i32,
    pub resource_name: Option<String>,
    pub use_case: String,
    pub percentage_low: Option<f64>,
    pub percentage_high: Option<f64>,
    pub trend: Option<String>,
    pub value_low_usd: Option<f64>,
    pub value_high_usd: Option<f64>,
    pub value_notes: Option<String>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_end_uses",
    summary: "One row per (resource, use case) of the resource's end-use records, with volume share, value and trend",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["resource_id", "use_case"],
    columns: COLUMNS,
    row_columns: || crate::mapping::selected_columns(&mv_biomass_end_uses::table.select(BiomassEndUse::as_select())),
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique(
        "idx_mv_biomass_end_uses_resource_use_case",
        &[
            IndexKey::Column("resource_id"),
            IndexKey::Column("use_case"),
        ],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_end_uses_resource_id",
        &[IndexKey::Column("resource_id")],
    ),
];

/// The end uses of one resource, by use case.
pub fn for_resource(conn: &mut PgConnection, id: i32) -> QueryResult<Vec<BiomassEndUse>> {
    use self::mv_biomass_end_uses::dsl::*;

    mv_biomass_end_uses
        .filter(resource_id.eq(id))
        .order_by((use_case.asc(), percentage_low.asc(), trend.asc()))
        .select(BiomassEndUse::as_select())
        .load(conn)
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
