//! `mv_biomass_sample_stats`: one row per resource with how many distinct prepared
//! samples, providers and datasets its analysis records not failed in QC come from (a
//! resource without records still has a row, with `total_record_count` 0). The
//! unique index on `resource_id` backs [`for_resource`].

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_sample_stats (resource_id) {
        resource_id -> Int4,
        resource_name -> Nullable<Varchar>,
        sample_count -> Nullable<Int8>,
        supplier_count -> Nullable<Int8>,
        dataset_count -> Nullable<Int8>,
        total_record_count -> Nullable<Int8>,
    }
}

/// One row of `data_portal.mv_biomass_sample_stats`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_sample_stats)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassSampleStats {
    pub resource_id: i32,
    pub resource_name: Option<String>,
    pub sample_count: Option<i64>,
    pub supplier_count: Option<i64>,
    pub dataset_count: Option<i64>,
    pub total_record_count: Option<i64>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_sample_stats",
    summary: "One row per resource: distinct samples, suppliers and datasets behind its analysis records not failed in QC",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["resource_id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(&mv_biomass_sample_stats::table.select(BiomassSampleStats::as_select()))
    },
};

const INDEXES: &[IndexDefinition] = &[IndexDefinition::unique(
    "idx_mv_biomass_sample_stats_resource_id",
    &[IndexKey::Column("resource_id")],
)];

/// The evidence counts of one resource (`None` for an unknown resource).
pub fn for_resource(conn: &mut PgConnection, id: i32) -> QueryResult<Option<BiomassSampleStats>> {
    use self::mv_biomass_sample_stats::dsl::*;

    mv_biomass_sample_stats
        .filter(resource_id.eq(id))
        .select(BiomassSampleStats::as_select())
        .first(conn)
        .optional()
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
