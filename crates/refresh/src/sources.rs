//! What each portal materialized view reads, from the catalog: the tables and
//! materialized views its definition depends on (`pg_depend` of its rewrite
//! rule), looking through plain views. One query serves the refresh order and
//! the change tracking.

use diesel::prelude::*;
use diesel::sql_types::Text;

use biositing_views::PORTAL_SCHEMA;

/// One relation a view reads.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ViewSource {
    /// The reading materialized view, in the portal schema.
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
    /// The view's own definition reads the source (not only a plain view it reads).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub direct: bool,
}

impl ViewSource {
    pub fn is_table(&self) -> bool {
        matches!(self.kind.as_str(), "r" | "p")
    }
}

/// Recursive CTE `reads(view_oid, relid, direct)`: every relation the portal's
/// materialized views read, directly or through plain views (expanded), and
/// the plain views themselves; `direct` when the view's own rewrite rule
/// depends on it. Shared by every query that needs it.
pub(crate) const READS_CTE: &str = "reads(view_oid, relid, direct) AS (
        SELECT v.oid, d.refobjid, true
          FROM pg_class v
          JOIN pg_namespace vn ON vn.oid = v.relnamespace
          JOIN pg_rewrite r ON r.ev_class = v.oid
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass
         WHERE v.relkind = 'm' AND vn.nspname = 'data_portal' AND d.refobjid <> v.oid
        UNION
        SELECT reads.view_oid, d.refobjid, false
          FROM reads
          JOIN pg_class plain ON plain.oid = reads.relid AND plain.relkind = 'v'
          JOIN pg_rewrite r ON r.ev_class = plain.oid
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass
         WHERE d.refobjid <> plain.oid
    )";

/// Every (view, relation) pair: the tables and materialized views each portal
/// materialized view reads, plain views looked through ([`ViewSource::direct`]
/// tells the relations its own definition names).
pub fn view_sources(conn: &mut PgConnection) -> QueryResult<Vec<ViewSource>> {
    debug_assert_eq!(PORTAL_SCHEMA, "data_portal");
    diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}
         SELECT v.relname::text AS view, s.oid::regclass::text AS source,
                sn.nspname::text AS source_schema,
                s.relname::text AS source_name, s.relkind::text AS kind,
                (s.relkind = 'm' AND sn.nspname = $1) AS is_portal_view,
                bool_or(reads.direct) AS direct
           FROM reads
           JOIN pg_class v ON v.oid = reads.view_oid
           JOIN pg_class s ON s.oid = reads.relid
           JOIN pg_namespace sn ON sn.oid = s.relnamespace
          WHERE s.relkind IN ('r', 'p', 'm', 'f')
          GROUP BY v.relname, s.oid, sn.nspname, s.relname, s.relkind
          ORDER BY 1, 2"
    ))
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)
}
