//! `mv_biomass_pricing`: one row per (USDA market record, price unit) with the
//! commodity, the reporting office's county, the report date and the min/max/avg
//! price received. The index on `commodity_name` backs [`for_commodity`]; the
//! index on `county` backs lookups by county.

use std::ops::Range;

use chrono::NaiveDateTime;
use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::pg::Pg;
use diesel::prelude::*;

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_pricing (id) {
        id -> Int8,
        commodity_name -> Nullable<Varchar>,
        geoid -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        report_date -> Nullable<Timestamp>,
        market_type_category -> Nullable<Varchar>,
        sale_type -> Nullable<Varchar>,
        price_min -> Nullable<Numeric>,
        price_max -> Nullable<Numeric>,
        price_avg -> Nullable<Numeric>,
        price_unit -> Nullable<Varchar>,
    }
}

/// One row of `data_portal.mv_biomass_pricing`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_pricing)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassPricing {
    pub id: i64,
    pub commodity_name: Option<String>,
    pub geoid: Option<String>,
    pub county: Option<String>,
    pub state: Option<String>,
    pub report_date: Option<chrono::NaiveDateTime>,
    pub market_type_category: Option<String>,
    pub sale_type: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub price_min: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub price_max: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub price_avg: Option<bigdecimal::BigDecimal>,
    pub price_unit: Option<String>,
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_pricing",
    summary: "One row per (USDA market record, price unit): commodity, office county, report date and prices received",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || crate::mapping::selected_columns(&mv_biomass_pricing::table.select(BiomassPricing::as_select())),
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique("idx_mv_biomass_pricing_id", &[IndexKey::Column("id")]),
    IndexDefinition::btree(
        "idx_mv_biomass_pricing_commodity_name",
        &[IndexKey::Column("commodity_name")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_pricing_county",
        &[IndexKey::Column("county")],
    ),
];

/// The prices of one commodity (exact name), optionally in one county, reported in
/// `[dates.start, dates.end)`, by report date then id.
pub fn for_commodity(
    conn: &mut PgConnection,
    commodity: &str,
    in_county: Option<&str>,
    dates: Range<NaiveDateTime>,
) -> QueryResult<Vec<BiomassPricing>> {
    for_commodity_statement(commodity, in_county, dates).load(conn)
}

/// The statement [`for_commodity`] runs, for `EXPLAIN`, `debug_query` and benchmarks.
pub fn for_commodity_statement<'a>(
    commodity: &'a str,
    in_county: Option<&'a str>,
    dates: Range<NaiveDateTime>,
) -> mv_biomass_pricing::BoxedQuery<'a, Pg, SqlTypeOf<AsSelect<BiomassPricing, Pg>>> {
    use self::mv_biomass_pricing::dsl::*;

    let mut query = mv_biomass_pricing
        .filter(commodity_name.eq(commodity))
        .filter(report_date.ge(dates.start))
        .filter(report_date.lt(dates.end))
        .select(BiomassPricing::as_select())
        .into_boxed();
    if let Some(wanted) = in_county {
        query = query.filter(county.eq(wanted));
    }
    query.order_by((report_date.asc(), id.asc()))
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
