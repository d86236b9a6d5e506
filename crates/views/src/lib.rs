//! The ten `data_portal` materialized views of the ca-biositing portal.
//!
//! Each view lives in one module: its development definition (`definition.sql`
//! beside the module, the SELECT developers edit), its index list as data, its
//! read-only Diesel mapping and row type, and the typed queries portal code uses.
//! [`VIEWS`] registers them all; the CLI and the tests iterate it, so there is no
//! other hand-kept list of views.

mod definition;
mod fingerprint;
mod mapping;
pub mod numeric;
mod reader;

pub mod mv_biomass_availability;
pub mod mv_biomass_composition;
pub mod mv_biomass_county_production;
pub mod mv_biomass_end_uses;
pub mod mv_biomass_fermentation;
pub mod mv_biomass_gasification;
pub mod mv_biomass_pricing;
pub mod mv_biomass_sample_stats;
pub mod mv_biomass_search;
pub mod mv_usda_county_production;

pub use definition::{
    IndexDefinition, IndexKey, IndexMethod, ViewDefinition, PORTAL_SCHEMA, READONLY_ROLE,
};
pub use fingerprint::{schema_fingerprint, source_fingerprint, DEFINITION_FILE};
pub use mapping::{column_mismatches, live_columns, relation_columns, ColumnSpec, PgTypeName};
pub use reader::reader_pool_builder;

/// Fingerprint of the sources this crate was built from (see [`source_fingerprint`]).
pub const BUILD_FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/fingerprint.txt"));
/// Fingerprint of the models' `schema.rs` this crate was built next to (see
/// [`schema_fingerprint`]; empty when there was none).
pub const BUILD_SCHEMA_FINGERPRINT: &str =
    include_str!(concat!(env!("OUT_DIR"), "/schema_fingerprint.txt"));

/// Every view of the portal, in the order they are created.
pub static VIEWS: &[&ViewDefinition] = &[
    &mv_biomass_search::VIEW,
    &mv_biomass_availability::VIEW,
    &mv_biomass_composition::VIEW,
    &mv_biomass_county_production::VIEW,
    &mv_biomass_end_uses::VIEW,
    &mv_biomass_fermentation::VIEW,
    &mv_biomass_gasification::VIEW,
    &mv_biomass_pricing::VIEW,
    &mv_biomass_sample_stats::VIEW,
    &mv_usda_county_production::VIEW,
];

/// Looks a view up by name (exact match against the registry).
pub fn find_view(name: &str) -> Option<&'static ViewDefinition> {
    VIEWS.iter().copied().find(|v| v.name == name)
}

/// Names of all registered views, for messages that list the valid choices.
pub fn view_names() -> Vec<&'static str> {
    VIEWS.iter().map(|v| v.name).collect()
}
