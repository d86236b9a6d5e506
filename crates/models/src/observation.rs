//! Measured values: the parameters measured, the methods used, and the observations.

use bigdecimal::BigDecimal;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A measurable quantity, e.g. a chemical constituent or yield.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::parameter)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Parameter {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub standard_unit_id: Option<i32>,
    pub calculated: Option<bool>,
    pub description: Option<String>,
}

/// Insertable [`Parameter`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::parameter)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewParameter {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub standard_unit_id: Option<i32>,
    pub calculated: Option<bool>,
    pub description: Option<String>,
}

/// A laboratory or survey method.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::method)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Method {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub method_abbrev_id: Option<i32>,
    pub method_category_id: Option<i32>,
    pub method_standard_id: Option<i32>,
    pub description: Option<String>,
    pub detection_limits: Option<String>,
    pub source_id: Option<i32>,
}

/// Insertable [`Method`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::method)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewMethod {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub method_abbrev_id: Option<i32>,
    pub method_category_id: Option<i32>,
    pub method_standard_id: Option<i32>,
    pub description: Option<String>,
    pub detection_limits: Option<String>,
    pub source_id: Option<i32>,
}

/// One value of one parameter, belonging to a record named by
/// (`record_type`, `record_id`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::observation)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Observation {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    /// The laboratory `record_id` of an analysis record (its case may differ), or the
    /// integer `id` as text for USDA census/market and end-use records; no foreign key.
    pub record_id: String,
    pub dataset_id: Option<i32>,
    /// Label of the owning record's kind; see [`crate::AnalysisRecordKind::record_type`].
    pub record_type: Option<String>,
    pub parameter_id: Option<i32>,
    pub value: Option<BigDecimal>,
    pub unit_id: Option<i32>,
    pub dimension_type_id: Option<i32>,
    pub dimension_value: Option<BigDecimal>,
    pub dimension_unit_id: Option<i32>,
    pub note: Option<String>,
}

/// Insertable [`Observation`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::observation)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewObservation {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub record_id: String,
    pub dataset_id: Option<i32>,
    pub record_type: Option<String>,
    pub parameter_id: Option<i32>,
    pub value: Option<BigDecimal>,
    pub unit_id: Option<i32>,
    pub dimension_type_id: Option<i32>,
    pub dimension_value: Option<BigDecimal>,
    pub dimension_unit_id: Option<i32>,
    pub note: Option<String>,
}
