//! Samples: who provided them, the field samples collected, and the prepared samples
//! the laboratory analyses are run on.

use bigdecimal::BigDecimal;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A sample provider, known only by a codename.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::provider)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Provider {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub codename: Option<String>,
}

/// Insertable [`Provider`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::provider)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewProvider {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub codename: Option<String>,
}

/// A sample of a resource as collected in the field.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::field_sample)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct FieldSample {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub resource_id: Option<i32>,
    pub provider_id: Option<i32>,
    pub collector_id: Option<i32>,
    pub sample_collection_source: Option<String>,
    pub amount_collected: Option<BigDecimal>,
    pub amount_collected_unit_id: Option<i32>,
    /// A `location_address.id`, like the other `*_location_id` columns.
    pub sampling_location_id: Option<i32>,
    pub field_storage_method_id: Option<i32>,
    pub field_storage_duration_value: Option<BigDecimal>,
    pub field_storage_duration_unit_id: Option<i32>,
    pub field_storage_location_id: Option<i32>,
    pub collection_timestamp: Option<NaiveDateTime>,
    pub collection_method_id: Option<i32>,
    pub harvest_method_id: Option<i32>,
    pub harvest_date: Option<NaiveDate>,
    pub field_sample_storage_location_id: Option<i32>,
    pub note: Option<String>,
}

/// Insertable [`FieldSample`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::field_sample)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewFieldSample {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub resource_id: Option<i32>,
    pub provider_id: Option<i32>,
    pub collector_id: Option<i32>,
    pub sample_collection_source: Option<String>,
    pub amount_collected: Option<BigDecimal>,
    pub amount_collected_unit_id: Option<i32>,
    pub sampling_location_id: Option<i32>,
    pub field_storage_method_id: Option<i32>,
    pub field_storage_duration_value: Option<BigDecimal>,
    pub field_storage_duration_unit_id: Option<i32>,
    pub field_storage_location_id: Option<i32>,
    pub collection_timestamp: Option<NaiveDateTime>,
    pub collection_method_id: Option<i32>,
    pub harvest_method_id: Option<i32>,
    pub harvest_date: Option<NaiveDate>,
    pub field_sample_storage_location_id: Option<i32>,
    pub note: Option<String>,
}

/// A field sample after laboratory preparation; analysis records point at it.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::prepared_sample)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct PreparedSample {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub field_sample_id: Option<i32>,
    pub prep_method_id: Option<i32>,
    pub prep_date: Option<NaiveDate>,
    pub preparer_id: Option<i32>,
    pub note: Option<String>,
}

/// Insertable [`PreparedSample`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::prepared_sample)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewPreparedSample {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub field_sample_id: Option<i32>,
    pub prep_method_id: Option<i32>,
    pub prep_date: Option<NaiveDate>,
    pub preparer_id: Option<i32>,
    pub note: Option<String>,
}
