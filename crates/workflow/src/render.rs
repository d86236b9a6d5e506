//! The SQL text that migrations freeze for a view. [`crate::history`] parses
//! exactly this form back, so the two must change together.

use biositing_views::{ViewDefinition, PORTAL_SCHEMA, READONLY_ROLE};

/// `CREATE MATERIALIZED VIEW data_portal.<name> AS` + definition + `;`.
pub fn create_view(view: &ViewDefinition) -> String {
    create_view_from(view.name, view.definition)
}

pub fn create_view_from(name: &str, definition: &str) -> String {
    format!(
        "CREATE MATERIALIZED VIEW {PORTAL_SCHEMA}.{name} AS\n{};\n",
        definition.trim_end()
    )
}

/// One `CREATE INDEX` line per index, unique first as declared.
pub fn create_indexes(view: &ViewDefinition) -> Vec<String> {
    view.indexes
        .iter()
        .map(|index| index.create_sql(view))
        .collect()
}

pub fn drop_view(name: &str) -> String {
    format!("DROP MATERIALIZED VIEW IF EXISTS {PORTAL_SCHEMA}.{name};\n")
}

pub fn grant_select(name: &str) -> String {
    format!("GRANT SELECT ON {PORTAL_SCHEMA}.{name} TO {READONLY_ROLE};\n")
}

pub fn revoke_select(name: &str) -> String {
    format!("REVOKE SELECT ON {PORTAL_SCHEMA}.{name} FROM {READONLY_ROLE};\n")
}
