//! USDA data: commodities, market (price) reports and their records, census records,
//! and the DOE Billion-Ton 2023 county estimates.

use bigdecimal::BigDecimal;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A USDA commodity; commodities form a tree through `parent_commodity_id`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::usda_commodity)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct UsdaCommodity {
    pub id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub usda_source: Option<String>,
    pub usda_code: Option<String>,
    pub parent_commodity_id: Option<i32>,
    pub api_name: Option<String>,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Insertable [`UsdaCommodity`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::usda_commodity)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewUsdaCommodity {
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub usda_source: Option<String>,
    pub usda_code: Option<String>,
    pub parent_commodity_id: Option<i32>,
    pub api_name: Option<String>,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
}

/// A USDA market news report series.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::usda_market_report)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct UsdaMarketReport {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub slug_id: Option<i32>,
    pub slug_name: Option<String>,
    pub report_series_title: Option<String>,
    pub frequency: Option<String>,
    pub office_name: Option<String>,
    /// A `location_address.id`, not a place.
    pub office_city_id: Option<i32>,
    pub office_state_fips: Option<String>,
    pub source_id: Option<i32>,
}

/// Insertable [`UsdaMarketReport`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::usda_market_report)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewUsdaMarketReport {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub slug_id: Option<i32>,
    pub slug_name: Option<String>,
    pub report_series_title: Option<String>,
    pub frequency: Option<String>,
    pub office_name: Option<String>,
    pub office_city_id: Option<i32>,
    pub office_state_fips: Option<String>,
    pub source_id: Option<i32>,
}

/// One line of a USDA market report; its observations (the prices) carry this row's
/// `id` as text in `observation.record_id`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::usda_market_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct UsdaMarketRecord {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub report_id: Option<i32>,
    pub dataset_id: Option<i32>,
    pub report_begin_date: Option<NaiveDateTime>,
    pub report_end_date: Option<NaiveDateTime>,
    pub report_date: Option<NaiveDateTime>,
    pub commodity_id: Option<i32>,
    pub market_type_id: Option<i32>,
    pub market_type_category: Option<String>,
    pub grp: Option<String>,
    pub market_category_id: Option<i32>,
    /// The report's `class` field; the trailing underscore is in the column name.
    pub class_: Option<String>,
    pub grade: Option<String>,
    pub variety: Option<String>,
    pub protein_pct: Option<BigDecimal>,
    pub application: Option<String>,
    pub pkg: Option<String>,
    pub sale_type: Option<String>,
    pub price_unit_id: Option<i32>,
    pub freight: Option<String>,
    pub trans_mode: Option<String>,
}

/// Insertable [`UsdaMarketRecord`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::usda_market_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewUsdaMarketRecord {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub report_id: Option<i32>,
    pub dataset_id: Option<i32>,
    pub report_begin_date: Option<NaiveDateTime>,
    pub report_end_date: Option<NaiveDateTime>,
    pub report_date: Option<NaiveDateTime>,
    pub commodity_id: Option<i32>,
    pub market_type_id: Option<i32>,
    pub market_type_category: Option<String>,
    pub grp: Option<String>,
    pub market_category_id: Option<i32>,
    pub class_: Option<String>,
    pub grade: Option<String>,
    pub variety: Option<String>,
    pub protein_pct: Option<BigDecimal>,
    pub application: Option<String>,
    pub pkg: Option<String>,
    pub sale_type: Option<String>,
    pub price_unit_id: Option<i32>,
    pub freight: Option<String>,
    pub trans_mode: Option<String>,
}

/// A USDA census record for one commodity, place and year; its observations carry
/// this row's `id` as text in `observation.record_id`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::usda_census_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct UsdaCensusRecord {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: Option<i32>,
    pub geoid: Option<String>,
    /// Despite the name, a `usda_commodity.id`, not a USDA code.
    pub commodity_code: Option<i32>,
    pub year: Option<i32>,
    pub source_reference: Option<String>,
    pub note: Option<String>,
}

/// Insertable [`UsdaCensusRecord`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::usda_census_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewUsdaCensusRecord {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: Option<i32>,
    pub geoid: Option<String>,
    pub commodity_code: Option<i32>,
    pub year: Option<i32>,
    pub source_reference: Option<String>,
    pub note: Option<String>,
}

/// A Billion-Ton 2023 production estimate for one resource subclass, county and scenario.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::billion_ton2023_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BillionTon2023Record {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub subclass_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub geoid: Option<String>,
    pub county_square_miles: Option<f64>,
    pub model_name: Option<String>,
    pub scenario_name: Option<String>,
    pub price_offered_usd: Option<BigDecimal>,
    pub production: Option<i32>,
    pub production_unit_id: Option<i32>,
    pub btu_ton: Option<i32>,
    pub production_energy_content: Option<i64>,
    pub energy_content_unit_id: Option<i32>,
    pub product_density_dtpersqmi: Option<BigDecimal>,
    pub land_source: Option<String>,
    pub dataset_id: Option<i32>,
}

/// Insertable [`BillionTon2023Record`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::billion_ton2023_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewBillionTon2023Record {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub subclass_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub geoid: Option<String>,
    pub county_square_miles: Option<f64>,
    pub model_name: Option<String>,
    pub scenario_name: Option<String>,
    pub price_offered_usd: Option<BigDecimal>,
    pub production: Option<i32>,
    pub production_unit_id: Option<i32>,
    pub btu_ton: Option<i32>,
    pub production_energy_content: Option<i64>,
    pub energy_content_unit_id: Option<i32>,
    pub product_density_dtpersqmi: Option<BigDecimal>,
    pub land_source: Option<String>,
    pub dataset_id: Option<i32>,
}
