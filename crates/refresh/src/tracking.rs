//! Which views are stale: exact change tracking over the relations each view
//! reads.
//!
//! Every base table has statement-level triggers that record one row per
//! (table, writing transaction) in `data_portal.table_change` (an UPDATE only
//! when it changed a row); the refresh of
//! a view records its transaction's snapshot in its `refresh_log` row (and a
//! change of the view itself, for the views that read it). A change is after
//! a view's last refresh exactly when its transaction is not visible in that
//! snapshot: whatever the order the writers committed in, a write the refresh
//! did not see is never taken for one it saw. See the migration
//! `change_tracking_for_refresh` and README "Change tracking".
//!
//! What the change rows cannot tell, and how it is caught instead:
//! - a snapshot taken on another cluster (a restore, a move): each refresh
//!   records its cluster's system identifier; a snapshot counts only there and
//!   only while its xmax is not ahead of the cluster's next transaction id;
//! - writes made while a table's trigger was off: a table whose trigger is not
//!   enabled-always now makes its readers stale, and so does one whose trigger
//!   row (`pg_trigger.xmin`) differs from the one the last refresh saw, since
//!   disabling, enabling or re-creating it writes a new row version;
//! - what the catalog cannot follow (user functions, foreign tables): such a
//!   view is always stale. See the migration
//!   `refresh_snapshots_record_their_server_and_tracking_triggers`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Nullable, Text, Timestamptz};
use serde::Serialize;

use crate::sources::{user_matview_sql, view_key_sql, view_sources, ViewSource, READS_CTE};

/// Whether a view shows what the relations it reads hold now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Freshness {
    pub view: String,
    /// `fresh` or `stale`.
    pub state: FreshnessState,
    /// When stale: the first change its last refresh did not see. `None` when
    /// its last refresh does not count (never refreshed with change tracking,
    /// refreshed on another server; see `reason`).
    pub stale_since: Option<DateTime<Utc>>,
    /// Why it is stale beyond recorded changes (never populated, refreshed on
    /// another server, reads an untracked table, reads through a function...).
    pub reason: Option<String>,
    /// Relations changed since its last refresh: what it reads, and what the
    /// stale views it reads read.
    pub changed_sources: Vec<String>,
    /// Tables it reads whose changes are not recorded now, or were not at some
    /// time since its last refresh (tracking trigger disabled, re-created).
    pub untracked_sources: Vec<String>,
    /// What its definition reads through that the catalog cannot follow (user
    /// functions, foreign tables): it is stale on every run.
    pub opaque_sources: Vec<String>,
    /// Refreshing it now would change it: something it reads directly changed
    /// since its last refresh, or it was never refreshed with tracking. A view
    /// stale only because a view it reads is stale does not need a refresh
    /// before that view's.
    #[serde(skip)]
    pub needs_refresh: bool,
    #[serde(skip)]
    only_opaque: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FreshnessState {
    Fresh,
    Stale,
}

impl Freshness {
    pub fn is_stale(&self) -> bool {
        self.state == FreshnessState::Stale
    }

    /// Stale only because it reads what the catalog cannot follow (`verify`
    /// reports those views apart).
    pub fn is_stale_only_by_opacity(&self) -> bool {
        self.only_opaque
    }

    /// `fresh`, `stale since <time>`, `stale (<reason>)`, or both.
    pub fn describe(&self) -> String {
        let since = self
            .stale_since
            .map(|s| format!(" since {}", s.format("%Y-%m-%d %H:%M:%S%.3f UTC")));
        match (self.state, since, &self.reason) {
            (FreshnessState::Fresh, _, _) => "fresh".into(),
            (FreshnessState::Stale, since, Some(reason)) => {
                format!("stale{} ({reason})", since.unwrap_or_default())
            }
            (FreshnessState::Stale, since, None) => format!("stale{}", since.unwrap_or_default()),
        }
    }
}

#[derive(QueryableByName)]
struct ViewTracking {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    exists: bool,
    #[diesel(sql_type = Bool)]
    populated: bool,
    /// A refresh of it committed with its snapshot on record.
    #[diesel(sql_type = Bool)]
    tracked: bool,
    /// Where its newest snapshot was taken: `here`, `elsewhere`, or
    /// `unrecorded` (before refreshes recorded their server).
    #[diesel(sql_type = Nullable<Text>)]
    origin: Option<String>,
}

#[derive(QueryableByName)]
struct Change {
    #[diesel(sql_type = Text)]
    view: String,
    #[diesel(sql_type = Text)]
    source: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    changed_since: Option<DateTime<Utc>>,
}

/// A table a view reads whose change tracking cannot be trusted.
#[derive(QueryableByName)]
struct TrackingGap {
    #[diesel(sql_type = Text)]
    view: String,
    #[diesel(sql_type = Text)]
    source: String,
    /// No enabled-always tracking trigger now.
    #[diesel(sql_type = Bool)]
    off_now: bool,
    /// Its tracking trigger row differs from the one the last refresh saw.
    #[diesel(sql_type = Bool)]
    switched: bool,
}

#[derive(QueryableByName)]
struct Opaque {
    #[diesel(sql_type = Text)]
    view: String,
    #[diesel(sql_type = Text)]
    what: String,
}

/// The cluster's next transaction id: no transaction of this cluster that a
/// query can see has one as high, so a higher one comes from elsewhere.
const NEXT_XID: &str = "pg_snapshot_xmax(pg_current_snapshot())";

/// The newest snapshot of each view's committed refreshes (written only inside
/// a REFRESH's transaction, so present exactly when that refresh committed),
/// with where it was taken; `last_refresh` keeps those that count here.
fn last_refresh_cte() -> String {
    format!(
        "last_snapshot AS (
        SELECT DISTINCT ON (l.view_name) l.view_name::text AS view_name, l.source_snapshot,
               o.tracking_triggers,
               CASE WHEN o.refresh_log_id IS NULL THEN 'unrecorded'
                    WHEN o.system_identifier <> (SELECT system_identifier FROM pg_control_system())
                      OR pg_snapshot_xmax(l.source_snapshot) > {NEXT_XID} THEN 'elsewhere'
                    ELSE 'here' END AS origin
          FROM data_portal.refresh_log l
          LEFT JOIN data_portal.refresh_log_snapshot_origin o ON o.refresh_log_id = l.id
         WHERE l.source_snapshot IS NOT NULL
         ORDER BY l.view_name, l.id DESC
    ),
    last_refresh AS (
        SELECT view_name, source_snapshot, tracking_triggers FROM last_snapshot WHERE origin = 'here'
    )"
    )
}

/// `data_portal.record_table_change()`, or NULL without change tracking.
const RECORD_FUNCTION: &str = "to_regprocedure('data_portal.record_table_change()')";
/// SQL: whether trigger `trg` is one of change tracking: the function of
/// INSERT, DELETE and TRUNCATE (and of UPDATE before migration
/// `updates_that_change_no_row_leave_views_fresh`), or the one of UPDATE that
/// records only updates changing a row (NULL before that migration).
fn tracking_trigger_sql(trg: &str) -> String {
    format!(
        "{trg}.tgfoid IN ({RECORD_FUNCTION}, to_regprocedure('data_portal.record_table_update()'))"
    )
}

/// SQL: whether the enabled-always statement triggers of change tracking on
/// the table `oid` record INSERT, UPDATE, DELETE and TRUNCATE between them.
/// tgtype bits: 1 row, 2 before, 64 instead of; 4 insert, 8 delete, 16 update, 32 truncate.
pub(crate) fn tracked_now_sql(oid: &str) -> String {
    format!(
        "coalesce((SELECT bit_or(trg.tgtype & 60) FROM pg_trigger trg
                    WHERE trg.tgrelid = {oid} AND {tracking}
                      AND trg.tgenabled = 'A' AND (trg.tgtype & 67) = 0), 0) = 60",
        tracking = tracking_trigger_sql("trg")
    )
}

/// SQL: `<oid>=<trigger oid>:<xmin>,...` of the table's tracking triggers
/// (`none` without one), as the query's snapshot sees them: a new xmin means
/// the trigger was disabled, enabled or re-created.
pub(crate) fn tracking_entry_sql(oid: &str) -> String {
    format!(
        "({oid})::text || '=' || coalesce(
            (SELECT string_agg(trg.oid::text || ':' || trg.xmin::text, ',' ORDER BY trg.oid)
               FROM pg_trigger trg WHERE trg.tgrelid = {oid} AND {tracking}),
            'none')",
        tracking = tracking_trigger_sql("trg")
    )
}

/// Freshness of each named view, in the order given. Reads the catalog, the
/// refresh log and `data_portal.table_change`; takes no lock on any view.
pub fn freshness(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<Freshness>> {
    let sources = view_sources(conn)?;
    let mut all: BTreeSet<String> = names.iter().map(|n| (*n).to_string()).collect();
    all.extend(sources.iter().map(|s| s.view.clone()));
    let all: Vec<String> = all.into_iter().collect();
    let last_refresh = last_refresh_cte();

    let tracking: Vec<ViewTracking> = diesel::sql_query(format!(
        "WITH {last_refresh},
         views AS (
             SELECT {key} AS key, c.relispopulated FROM pg_class c WHERE {user_matview}
         )
         SELECT v.name,
                c.key IS NOT NULL AS exists,
                coalesce(c.relispopulated, false) AS populated,
                EXISTS (SELECT 1 FROM data_portal.refresh_log l
                         WHERE l.view_name = v.name AND l.source_snapshot IS NOT NULL) AS tracked,
                ls.origin
           FROM unnest($1::text[]) AS v(name)
           LEFT JOIN views c ON c.key = v.name
           LEFT JOIN last_snapshot ls ON ls.view_name = v.name",
        key = view_key_sql("c"),
        user_matview = user_matview_sql("c"),
    ))
    .bind::<Array<Text>, _>(&all)
    .load(conn)?;

    // Change rows of transactions this cluster cannot have run (restored
    // from another one) are no change here: the view is stale by its origin.
    let changes: Vec<Change> = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}, {last_refresh}
         SELECT {key} AS view, s.oid::regclass::text AS source,
                min(tc.first_changed_at) AS changed_since
           FROM reads
           JOIN pg_class v ON v.oid = reads.view_oid
           JOIN pg_class s ON s.oid = reads.relid AND s.relkind IN ('r', 'p', 'm', 'f')
           JOIN last_refresh lr ON lr.view_name = {key}
           JOIN data_portal.table_change tc
             ON tc.relid = s.oid AND NOT pg_visible_in_snapshot(tc.xid, lr.source_snapshot)
                AND tc.xid < {NEXT_XID}
          GROUP BY 1, 2",
        key = view_key_sql("v"),
    ))
    .load(conn)?;

    let gaps: Vec<TrackingGap> = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}, {last_refresh},
         tables AS (
             SELECT DISTINCT {key} AS view, s.oid
               FROM reads
               JOIN pg_class v ON v.oid = reads.view_oid
               JOIN pg_class s ON s.oid = reads.relid AND s.relkind IN ('r', 'p')
         ),
         state AS (
             SELECT t.view, t.oid::regclass::text AS source,
                    NOT {tracked_now} AS off_now,
                    coalesce(NOT ({entry}) = ANY (lr.tracking_triggers), false) AS switched
               FROM tables t
               LEFT JOIN last_refresh lr ON lr.view_name = t.view
         )
         SELECT view, source, off_now, switched FROM state
          WHERE (off_now OR switched) AND {RECORD_FUNCTION} IS NOT NULL
          ORDER BY 1, 2",
        tracked_now = tracked_now_sql("t.oid"),
        entry = tracking_entry_sql("t.oid"),
        key = view_key_sql("v"),
    ))
    .load(conn)?;

    let opaque = opaque_sources(conn)?;

    let mut graph = Graph {
        tracking: tracking.into_iter().map(|t| (t.name.clone(), t)).collect(),
        sources: &sources,
        changes: &changes,
        gaps: &gaps,
        opaque: &opaque,
        done: BTreeMap::new(),
    };
    Ok(names
        .iter()
        .map(|name| graph.freshness(name, &mut BTreeSet::new()))
        .collect())
}

/// Per materialized view, what its definition (or a plain view it reads) reaches
/// through that the catalog cannot follow: user functions and operators
/// (which may read any table; functions of extensions count only when
/// volatile), and foreign tables (their changes are made elsewhere).
fn opaque_sources(conn: &mut PgConnection) -> QueryResult<Vec<Opaque>> {
    diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE},
         rules AS (
             SELECT v.oid AS view_oid, r.oid AS rule_oid
               FROM pg_class v
               JOIN pg_rewrite r ON r.ev_class = v.oid
              WHERE {user_matview}
             UNION
             SELECT reads.view_oid, r.oid
               FROM reads
               JOIN pg_class plain ON plain.oid = reads.relid AND plain.relkind = 'v'
               JOIN pg_rewrite r ON r.ev_class = plain.oid
         ),
         functions AS (
             SELECT rules.view_oid, d.refobjid AS fn
               FROM rules
               JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rules.rule_oid
                               AND d.refclassid = 'pg_proc'::regclass
             UNION
             SELECT rules.view_oid, o.oprcode::oid
               FROM rules
               JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rules.rule_oid
                               AND d.refclassid = 'pg_operator'::regclass
               JOIN pg_operator o ON o.oid = d.refobjid
         )
         SELECT {key} AS view, 'function ' || p.oid::regprocedure::text AS what
           FROM functions f
           JOIN pg_proc p ON p.oid = f.fn
           JOIN pg_class v ON v.oid = f.view_oid
          WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
            AND (p.provolatile = 'v'
                 OR NOT EXISTS (SELECT 1 FROM pg_depend e
                                 WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                                   AND e.deptype = 'e'))
         UNION
         SELECT {key}, 'foreign table ' || s.oid::regclass::text
           FROM reads
           JOIN pg_class v ON v.oid = reads.view_oid
           JOIN pg_class s ON s.oid = reads.relid AND s.relkind = 'f'
          ORDER BY 1, 2",
        key = view_key_sql("v"),
        user_matview = user_matview_sql("v"),
    ))
    .load(conn)
}

/// Materialized views whose definition reaches what the catalog cannot follow, each
/// with what (`function public.f()`, `foreign table public.t`): `refresh`
/// refreshes them on every run; `verify` warns about them.
pub fn opaque_views(conn: &mut PgConnection) -> QueryResult<Vec<(String, Vec<String>)>> {
    let mut views: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in opaque_sources(conn)? {
        views.entry(o.view).or_default().push(o.what);
    }
    Ok(views.into_iter().collect())
}

struct Graph<'a> {
    tracking: BTreeMap<String, ViewTracking>,
    sources: &'a [ViewSource],
    changes: &'a [Change],
    gaps: &'a [TrackingGap],
    opaque: &'a [Opaque],
    done: BTreeMap<String, Freshness>,
}

impl Graph<'_> {
    fn freshness(&mut self, view: &str, visiting: &mut BTreeSet<String>) -> Freshness {
        if let Some(known) = self.done.get(view) {
            return known.clone();
        }
        // Its last refresh does not count at all.
        let no_baseline = match self.tracking.get(view) {
            None => Some("not a materialized view"),
            Some(t) if !t.exists => {
                Some("does not exist: run `biositing migrate`, or check the name")
            }
            Some(t) if !t.populated => Some("never populated"),
            Some(t) if !t.tracked => Some("not refreshed since change tracking began"),
            Some(t) => match t.origin.as_deref() {
                Some("elsewhere") => Some("refreshed on another server: restored or moved"),
                Some("unrecorded") => Some("last refreshed before refreshes recorded their server"),
                _ => None,
            },
        };
        let mut reasons: Vec<String> = no_baseline.map(str::to_string).into_iter().collect();

        let off_now: Vec<&str> = self
            .gaps
            .iter()
            .filter(|g| g.view == view && g.off_now)
            .map(|g| g.source.as_str())
            .collect();
        if !off_now.is_empty() {
            reasons.push(format!(
                "reads {}, whose changes are not recorded (tracking trigger missing or not enabled always)",
                off_now.join(", ")
            ));
        }
        let switched: Vec<&str> = self
            .gaps
            .iter()
            .filter(|g| g.view == view && g.switched && !g.off_now)
            .map(|g| g.source.as_str())
            .collect();
        if !switched.is_empty() && no_baseline.is_none() {
            reasons.push(format!(
                "change tracking of {} was switched off, on or reinstalled since its last refresh: writes meanwhile may be unrecorded",
                switched.join(", ")
            ));
        }
        let untracked: BTreeSet<String> = self
            .gaps
            .iter()
            .filter(|g| g.view == view && (g.off_now || (g.switched && no_baseline.is_none())))
            .map(|g| g.source.clone())
            .collect();
        let opaque: Vec<String> = self
            .opaque
            .iter()
            .filter(|o| o.view == view)
            .map(|o| o.what.clone())
            .collect();
        if !opaque.is_empty() {
            reasons.push(format!(
                "reads through {}, which the catalog cannot follow: refreshed on every run",
                opaque.join(", ")
            ));
        }

        let mut changed: BTreeSet<String> = BTreeSet::new();
        let mut since: Option<DateTime<Utc>> = None;
        let mut earliest = |at: Option<DateTime<Utc>>| {
            if let Some(at) = at {
                since = Some(since.map_or(at, |s| s.min(at)));
            }
        };
        for change in self.changes.iter().filter(|c| c.view == view) {
            changed.insert(change.source.clone());
            earliest(change.changed_since);
        }
        let needs_refresh = !reasons.is_empty() || !changed.is_empty();
        let only_opaque = reasons.len() == 1 && !opaque.is_empty() && changed.is_empty();
        let mut stale_upstream = Vec::new();
        visiting.insert(view.to_string());
        let upstream: Vec<String> = self
            .sources
            .iter()
            .filter(|s| s.view == view)
            .filter_map(|s| s.source_view.clone())
            .filter(|source| !visiting.contains(source))
            .collect();
        for source in upstream {
            let up = self.freshness(&source, visiting);
            if up.is_stale() {
                changed.extend(up.changed_sources.iter().cloned());
                earliest(up.stale_since);
                stale_upstream.push(source);
            }
        }
        visiting.remove(view);
        let stale = needs_refresh || !stale_upstream.is_empty();
        if reasons.is_empty() && since.is_none() && !stale_upstream.is_empty() {
            reasons.push(format!(
                "reads stale view(s): {}",
                stale_upstream.join(", ")
            ));
        }
        let result = Freshness {
            view: view.to_string(),
            state: if stale {
                FreshnessState::Stale
            } else {
                FreshnessState::Fresh
            },
            stale_since: if no_baseline.is_some() { None } else { since },
            reason: (stale && !reasons.is_empty()).then(|| reasons.join("; ")),
            changed_sources: changed.into_iter().collect(),
            untracked_sources: untracked.into_iter().collect(),
            only_opaque: only_opaque && stale_upstream.is_empty(),
            opaque_sources: opaque,
            needs_refresh,
        };
        self.done.insert(view.to_string(), result.clone());
        result
    }
}

/// A base table that materialized views read but whose changes are not
/// recorded (no enabled-always statement triggers of change tracking for
/// INSERT, UPDATE, DELETE and TRUNCATE): their changes go unseen, so those
/// views are stale on every run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UntrackedTable {
    pub table: String,
    /// The views reading it (directly or through others), by key.
    pub readers: Vec<String>,
}

impl UntrackedTable {
    /// A view the registry defines reads it.
    pub fn read_by_a_managed_view(&self) -> bool {
        self.readers.iter().any(|r| crate::is_managed(r))
    }
}

/// Every untracked table a materialized view reads, with its readers. Empty
/// on a database without change tracking at all (migrations pending).
pub fn untracked_sources(conn: &mut PgConnection) -> QueryResult<Vec<UntrackedTable>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        reader: String,
    }
    let rows: Vec<Row> = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}
         SELECT DISTINCT s.oid::regclass::text AS name, {key} AS reader
           FROM reads
           JOIN pg_class s ON s.oid = reads.relid
           JOIN pg_class v ON v.oid = reads.view_oid
          WHERE s.relkind IN ('r', 'p')
            AND {RECORD_FUNCTION} IS NOT NULL
            AND NOT {tracked}
          ORDER BY 1, 2",
        tracked = tracked_now_sql("s.oid"),
        key = view_key_sql("v"),
    ))
    .load(conn)?;
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        tables.entry(row.name).or_default().push(row.reader);
    }
    // Through another view too: a view reading one of the readers.
    let sources = view_sources(conn)?;
    for readers in tables.values_mut() {
        loop {
            let more: Vec<String> = sources
                .iter()
                .filter(|s| s.source_view.as_ref().is_some_and(|v| readers.contains(v)))
                .map(|s| s.view.clone())
                .filter(|v| !readers.contains(v))
                .collect();
            if more.is_empty() {
                break;
            }
            readers.extend(more);
            readers.sort();
            readers.dedup();
        }
    }
    Ok(tables
        .into_iter()
        .map(|(table, readers)| UntrackedTable { table, readers })
        .collect())
}

/// Base tables that a view of the registry reads but whose changes are not
/// recorded ([`untracked_sources`]): `verify` fails on them. Those only other
/// views read leave those views stale on every run, refreshed each time.
pub fn untracked_tables(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    Ok(untracked_sources(conn)?
        .into_iter()
        .filter(UntrackedTable::read_by_a_managed_view)
        .map(|t| t.table)
        .collect())
}

/// What to do about a table [`untracked_tables`] named, for messages.
pub fn untracking_fix(table: &str) -> String {
    format!(
        "add `SELECT data_portal.track_table_changes('{}');` to a migration (`biositing migration new`), or run `biositing migrate` if one is pending",
        table.replace('\'', "''")
    )
}

/// Deletes the change rows that no view's freshness depends on any more: those
/// visible in the last refresh snapshot of every view that reads their
/// relation (a view never refreshed with tracking is stale whatever they say).
/// Rows another session is deleting are left to it, so this never waits.
pub fn prune_changes(conn: &mut PgConnection) -> QueryResult<usize> {
    // Rows of transactions this cluster cannot have run (restored from another
    // one) are needed by no view here.
    diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}, {last_refresh},
         needed AS (
             SELECT tc.relid, tc.xid
               FROM data_portal.table_change tc
               JOIN reads ON reads.relid = tc.relid
               JOIN pg_class v ON v.oid = reads.view_oid
               JOIN last_refresh lr ON lr.view_name = {key}
              WHERE NOT pg_visible_in_snapshot(tc.xid, lr.source_snapshot)
                AND tc.xid < {NEXT_XID}
         ),
         prunable AS (
             SELECT tc.relid, tc.xid
               FROM data_portal.table_change tc
              WHERE NOT EXISTS (SELECT 1 FROM needed n WHERE n.relid = tc.relid AND n.xid = tc.xid)
                FOR UPDATE SKIP LOCKED
         )
         DELETE FROM data_portal.table_change tc
          USING prunable p
          WHERE tc.relid = p.relid AND tc.xid = p.xid",
        last_refresh = last_refresh_cte(),
        key = view_key_sql("v"),
    ))
    .execute(conn)
}
