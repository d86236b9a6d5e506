//! Biomass resources and what is known about them: morphology, seasonal availability,
//! transport, storage, end uses, and their mapping to USDA commodities.

use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A biomass resource, e.g. a crop residue (`resource`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Resource {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub primary_ag_product_id: Option<i32>,
    pub resource_class_id: Option<i32>,
    pub resource_subclass_id: Option<i32>,
    pub resource_code: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
}

/// Insertable [`Resource`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResource {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub name: Option<String>,
    pub primary_ag_product_id: Option<i32>,
    pub resource_class_id: Option<i32>,
    pub resource_subclass_id: Option<i32>,
    pub resource_code: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
}

/// A link to an image or description of a resource's physical form.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_morphology)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceMorphology {
    pub id: i32,
    pub resource_id: Option<i32>,
    pub morphology_uri: Option<String>,
}

/// Insertable [`ResourceMorphology`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_morphology)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceMorphology {
    pub resource_id: Option<i32>,
    pub morphology_uri: Option<String>,
}

/// When in the year, where, and at what residue factor a resource is available.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_availability)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceAvailability {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub geoid: Option<String>,
    pub from_month: Option<i32>,
    pub to_month: Option<i32>,
    pub year_round: Option<bool>,
    pub residue_factor_dry_tons_acre: Option<f64>,
    pub residue_factor_wet_tons_acre: Option<f64>,
    pub note: Option<String>,
}

/// Insertable [`ResourceAvailability`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_availability)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceAvailability {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub geoid: Option<String>,
    pub from_month: Option<i32>,
    pub to_month: Option<i32>,
    pub year_round: Option<bool>,
    pub residue_factor_dry_tons_acre: Option<f64>,
    pub residue_factor_wet_tons_acre: Option<f64>,
    pub note: Option<String>,
}

/// How a resource is transported in a place.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_transport_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceTransportRecord {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub transport_description: String,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
}

/// Insertable [`ResourceTransportRecord`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_transport_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceTransportRecord {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub transport_description: String,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
}

/// How a resource is stored in a place.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_storage_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceStorageRecord {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub storage_description: String,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
}

/// Insertable [`ResourceStorageRecord`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_storage_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceStorageRecord {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub storage_description: String,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
}

/// An end use of a resource in a place; its observations carry this row's `id` as
/// text in `observation.record_id`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_end_use_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceEndUseRecord {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
    /// Appended after `note` by the original chain's revision 1bed1a9104a7.
    pub use_case_id: Option<i32>,
}

/// Insertable [`ResourceEndUseRecord`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_end_use_record)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceEndUseRecord {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub dataset_id: i32,
    pub method_id: i32,
    pub geoid: Option<String>,
    pub resource_id: Option<i32>,
    pub note: Option<String>,
    /// Appended after `note` by the original chain's revision 1bed1a9104a7.
    pub use_case_id: Option<i32>,
}

/// Maps a resource (or its primary ag product) to the USDA commodity its statistics
/// are reported under.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::resource_usda_commodity_map)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ResourceUsdaCommodityMap {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub primary_ag_product_id: Option<i32>,
    pub usda_commodity_id: Option<i32>,
    pub match_tier: Option<String>,
    pub note: Option<String>,
}

/// Insertable [`ResourceUsdaCommodityMap`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::resource_usda_commodity_map)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewResourceUsdaCommodityMap {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub resource_id: Option<i32>,
    pub primary_ag_product_id: Option<i32>,
    pub usda_commodity_id: Option<i32>,
    pub match_tier: Option<String>,
    pub note: Option<String>,
}
