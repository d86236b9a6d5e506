//! What each materialized view of the database reads, from the catalog: the
//! tables and materialized views its definition depends on (`pg_depend` of
//! its rewrite rule), looking through plain views. One query serves the
//! refresh order and the change tracking.
//!
//! Every materialized view outside the system schemas counts, the registry's
//! and any other (an adopted database's `ca_biositing` views, one made by
//! hand): each goes by its [view key](view_key_sql).

use diesel::prelude::*;
use diesel::sql_types::Text;

use biositing_views::PORTAL_SCHEMA;

/// SQL: the name the materialized view `class` (a `pg_class` row alias) goes
/// by in the refresh log, plans and reports: its bare name in the portal
/// schema (as the registry names it), `schema.name` elsewhere, each part
/// quoted where needed (`ca_biositing.analysis_data_view`).
pub(crate) fn view_key_sql(class: &str) -> String {
    format!(
        "CASE WHEN {class}.relnamespace = to_regnamespace('{PORTAL_SCHEMA}') THEN {class}.relname::text
              ELSE {class}.relnamespace::regnamespace::text || '.' || quote_ident({class}.relname) END"
    )
}

/// The schema `biositing adopt` moves an adopted database's old portal views
/// to, until `biositing adopt --drop-backup`: a backup of definitions nothing
/// reads, never refreshed (`biositing_workflow::adopt::BACKUP_SCHEMA`; the
/// CLI's tests check that the two agree).
pub const ADOPTION_BACKUP_SCHEMA: &str = "data_portal_before_adopt";

/// SQL condition on a `pg_namespace.oid`: a schema whose materialized views
/// `refresh` leaves alone (system schemas, the adoption's backup).
const SKIPPED_SCHEMAS: &str = "(SELECT oid FROM pg_namespace
          WHERE nspname LIKE 'pg\\_%' OR nspname IN ('information_schema', 'data_portal_before_adopt'))";

/// SQL: `class` (a `pg_class` row alias) is a materialized view `refresh`
/// covers: any outside the system schemas and the adoption's backup.
pub(crate) fn user_matview_sql(class: &str) -> String {
    format!("({class}.relkind = 'm' AND {class}.relnamespace NOT IN {SKIPPED_SCHEMAS})")
}

/// One relation a view reads.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ViewSource {
    /// The reading materialized view, by its key ([`view_key_sql`]).
    #[diesel(sql_type = Text)]
    pub view: String,
    /// `schema.name`, quoted where needed (`regclass` output).
    #[diesel(sql_type = Text)]
    pub source: String,
    /// The source's schema.
    #[diesel(sql_type = Text)]
    pub source_schema: String,
    /// The source's bare name (for a portal materialized view, its view name).
    #[diesel(sql_type = Text)]
    pub source_name: String,
    /// `pg_class.relkind`: `r`/`p` tables, `m` materialized views, `f` foreign tables.
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// The source is a materialized view of the portal schema.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub is_portal_view: bool,
    /// The source's key when it is a materialized view (of any schema): the
    /// name it has in plans and freshness.
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    pub source_view: Option<String>,
    /// The view's own definition reads the source (not only a plain view it reads).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub direct: bool,
}

impl ViewSource {
    pub fn is_table(&self) -> bool {
        matches!(self.kind.as_str(), "r" | "p")
    }
}

/// Recursive CTE `reads(view_oid, relid, direct)`: every relation the
/// database's materialized views read ([`user_matview_sql`]), directly or
/// through plain views (expanded), and the plain views themselves; `direct`
/// when the view's own rewrite rule depends on it. Shared by every query that
/// needs it.
pub(crate) const READS_CTE: &str = "reads(view_oid, relid, direct) AS (
        SELECT v.oid, d.refobjid, true
          FROM pg_class v
          JOIN pg_rewrite r ON r.ev_class = v.oid
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass
         WHERE v.relkind = 'm' AND d.refobjid <> v.oid
           AND v.relnamespace NOT IN (SELECT oid FROM pg_namespace
                                       WHERE nspname LIKE 'pg\\_%'
                                          OR nspname IN ('information_schema', 'data_portal_before_adopt'))
        UNION
        SELECT reads.view_oid, d.refobjid, false
          FROM reads
          JOIN pg_class plain ON plain.oid = reads.relid AND plain.relkind = 'v'
          JOIN pg_rewrite r ON r.ev_class = plain.oid
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass
         WHERE d.refobjid <> plain.oid
    )";

/// Every (view, relation) pair: the tables and materialized views each
/// materialized view of the database reads, plain views looked through
/// ([`ViewSource::direct`] tells the relations its own definition names).
pub fn view_sources(conn: &mut PgConnection) -> QueryResult<Vec<ViewSource>> {
    debug_assert_eq!(PORTAL_SCHEMA, "data_portal");
    diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}
         SELECT {view_key} AS view, s.oid::regclass::text AS source,
                sn.nspname::text AS source_schema,
                s.relname::text AS source_name, s.relkind::text AS kind,
                (s.relkind = 'm' AND sn.nspname = $1) AS is_portal_view,
                CASE WHEN s.relkind = 'm' THEN {source_key} END AS source_view,
                bool_or(reads.direct) AS direct
           FROM reads
           JOIN pg_class v ON v.oid = reads.view_oid
           JOIN pg_class s ON s.oid = reads.relid
           JOIN pg_namespace sn ON sn.oid = s.relnamespace
          WHERE s.relkind IN ('r', 'p', 'm', 'f')
          GROUP BY v.oid, v.relnamespace, v.relname, s.oid, sn.nspname, s.relname, s.relkind
          ORDER BY 1, 2",
        view_key = view_key_sql("v"),
        source_key = view_key_sql("s"),
    ))
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_backup_schema_is_skipped_everywhere() {
        assert!(super::SKIPPED_SCHEMAS.contains(&format!("'{}'", super::ADOPTION_BACKUP_SCHEMA)));
        assert!(super::READS_CTE.contains(&format!("'{}'", super::ADOPTION_BACKUP_SCHEMA)));
    }
}
