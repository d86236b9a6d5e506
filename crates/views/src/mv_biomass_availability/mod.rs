//! `mv_biomass_availability`: one row per resource that has availability rows,
//! with its harvest season (earliest start, latest end month, any year-round row)
//! and average residue factors. The unique index on `resource_id` backs
//! [`for_resource`]; [`in_season`] scans the (small) view.

use std::fmt;

use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_availability (resource_id) {
        resource_id -> Int4,
        resource_name -> Nullable<Varchar>,
        from_month -> Nullable<Int4>,
        to_month -> Nullable<Int4>,
        year_round -> Nullable<Bool>,
        dry_tons_per_acre -> Nullable<Float8>,
        wet_tons_per_acre -> Nullable<Float8>,
    }
}

/// One row of `data_portal.mv_biomass_availability`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_availability)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassAvailability {
    pub resource_id: i32,
    pub resource_name: Option<String>,
    pub from_month: Option<i32>,
    pub to_month: Option<i32>,
    pub year_round: Option<bool>,
    pub dry_tons_per_acre: Option<f64>,
    pub wet_tons_per_acre: Option<f64>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_availability",
    summary:
        "One row per resource with availability rows: harvest season and average residue factors",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["resource_id"],
    columns: COLUMNS,
    row_columns: || {
        crate::mapping::selected_columns(
            &mv_biomass_availability::table.select(BiomassAvailability::as_select()),
        )
    },
};

const INDEXES: &[IndexDefinition] = &[IndexDefinition::unique(
    "idx_mv_biomass_availability_resource_id",
    &[IndexKey::Column("resource_id")],
)];

/// A calendar month, 1 (January) to 12 (December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// The month numbered `number`, or `None` outside 1..=12.
    pub fn new(number: u32) -> Option<Self> {
        match number {
            1..=12 => i32::try_from(number).ok().map(Self),
            _ => None,
        }
    }

    /// The month's number, 1..=12.
    pub fn number(self) -> i32 {
        self.0
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Resources available in `month`, by resource id: year-round rows always match;
/// a season whose start is after its end wraps the new year (from 11 to 1
/// covers November, December and January).
pub fn in_season(conn: &mut PgConnection, month: Month) -> QueryResult<Vec<BiomassAvailability>> {
    use self::mv_biomass_availability::dsl::*;

    let m = month.number();
    let within_year = from_month
        .le(to_month)
        .and(from_month.le(m))
        .and(to_month.ge(m));
    let wrapping = from_month
        .gt(to_month)
        .and(from_month.le(m).or(to_month.ge(m)));
    mv_biomass_availability
        .filter(year_round.eq(true).or(within_year).or(wrapping))
        .order_by(resource_id.asc())
        .select(BiomassAvailability::as_select())
        .load(conn)
}

/// The availability row of one resource, if it has any availability data.
pub fn for_resource(conn: &mut PgConnection, id: i32) -> QueryResult<Option<BiomassAvailability>> {
    use self::mv_biomass_availability::dsl::*;

    mv_biomass_availability
        .filter(resource_id.eq(id))
        .select(BiomassAvailability::as_select())
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
