//! Which views are stale: exact change tracking over the relations each view
//! reads.
//!
//! Every base table has a statement-level trigger that records one row per
//! (table, writing transaction) in `data_portal.table_change`; the refresh of
//! a view records its transaction's snapshot in its `refresh_log` row (and a
//! change of the view itself, for the views that read it). A change is after
//! a view's last refresh exactly when its transaction is not visible in that
//! snapshot: whatever the order the writers committed in, a write the refresh
//! did not see is never taken for one it saw. See the migration
//! `change_tracking_for_refresh` and README "Change tracking".

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Nullable, Text, Timestamptz};
use serde::Serialize;

use biositing_views::PORTAL_SCHEMA;

use crate::sources::{view_sources, ViewSource, READS_CTE};

/// Whether a view shows what the relations it reads hold now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Freshness {
    pub view: String,
    /// `fresh` or `stale`.
    pub state: FreshnessState,
    /// When stale: the first change its last refresh did not see. `None` when
    /// it was never refreshed with change tracking (see `reason`).
    pub stale_since: Option<DateTime<Utc>>,
    /// Why it is stale when no change says so (never populated, missing, ...).
    pub reason: Option<String>,
    /// Relations changed since its last refresh: what it reads, and what the
    /// stale views it reads read.
    pub changed_sources: Vec<String>,
    /// Refreshing it now would change it: something it reads directly changed
    /// since its last refresh, or it was never refreshed with tracking. A view
    /// stale only because a view it reads is stale does not need a refresh
    /// before that view's.
    #[serde(skip)]
    pub needs_refresh: bool,
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

    /// `fresh`, `stale since <time>`, or `stale (<reason>)`.
    pub fn describe(&self) -> String {
        match (self.state, self.stale_since, &self.reason) {
            (FreshnessState::Fresh, _, _) => "fresh".into(),
            (FreshnessState::Stale, Some(since), _) => {
                format!("stale since {}", since.format("%Y-%m-%d %H:%M:%S%.3f UTC"))
            }
            (FreshnessState::Stale, None, Some(reason)) => format!("stale ({reason})"),
            (FreshnessState::Stale, None, None) => "stale".into(),
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

/// The newest snapshot of each view's committed refreshes (written only inside
/// a REFRESH's transaction, so present exactly when that refresh committed).
const LAST_REFRESH_CTE: &str = "last_refresh AS (
        SELECT DISTINCT ON (view_name) view_name::text AS view_name, source_snapshot
          FROM data_portal.refresh_log
         WHERE source_snapshot IS NOT NULL
         ORDER BY view_name, id DESC
    )";

/// Freshness of each named view, in the order given. Reads the catalog, the
/// refresh log and `data_portal.table_change`; takes no lock on any view.
pub fn freshness(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<Freshness>> {
    let sources = view_sources(conn)?;
    let mut all: BTreeSet<String> = names.iter().map(|n| (*n).to_string()).collect();
    all.extend(sources.iter().map(|s| s.view.clone()));
    let all: Vec<String> = all.into_iter().collect();

    let tracking: Vec<ViewTracking> = diesel::sql_query(
        "SELECT v.name,
                c.oid IS NOT NULL AS exists,
                coalesce(c.relispopulated, false) AS populated,
                EXISTS (SELECT 1 FROM data_portal.refresh_log l
                         WHERE l.view_name = v.name AND l.source_snapshot IS NOT NULL) AS tracked
           FROM unnest($1::text[]) AS v(name)
           LEFT JOIN pg_namespace n ON n.nspname = $2
           LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = v.name AND c.relkind = 'm'",
    )
    .bind::<Array<Text>, _>(&all)
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)?;

    let changes: Vec<Change> = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}, {LAST_REFRESH_CTE}
         SELECT v.relname::text AS view, s.oid::regclass::text AS source,
                min(tc.first_changed_at) AS changed_since
           FROM reads
           JOIN pg_class v ON v.oid = reads.view_oid
           JOIN pg_class s ON s.oid = reads.relid AND s.relkind IN ('r', 'p', 'm', 'f')
           JOIN last_refresh lr ON lr.view_name = v.relname
           JOIN data_portal.table_change tc
             ON tc.relid = s.oid AND NOT pg_visible_in_snapshot(tc.xid, lr.source_snapshot)
          GROUP BY 1, 2"
    ))
    .load(conn)?;

    let mut graph = Graph {
        tracking: tracking.into_iter().map(|t| (t.name.clone(), t)).collect(),
        sources: &sources,
        changes: &changes,
        done: BTreeMap::new(),
    };
    Ok(names
        .iter()
        .map(|name| graph.freshness(name, &mut BTreeSet::new()))
        .collect())
}

struct Graph<'a> {
    tracking: BTreeMap<String, ViewTracking>,
    sources: &'a [ViewSource],
    changes: &'a [Change],
    done: BTreeMap<String, Freshness>,
}

impl Graph<'_> {
    fn freshness(&mut self, view: &str, visiting: &mut BTreeSet<String>) -> Freshness {
        if let Some(known) = self.done.get(view) {
            return known.clone();
        }
        let reason = match self.tracking.get(view) {
            None => Some("not a materialized view of the portal"),
            Some(t) if !t.exists => Some("does not exist: run `biositing migrate`"),
            Some(t) if !t.populated => Some("never populated"),
            Some(t) if !t.tracked => Some("not refreshed since change tracking began"),
            Some(_) => None,
        };
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
        let needs_refresh = reason.is_some() || !changed.is_empty();
        let mut stale_upstream = Vec::new();
        visiting.insert(view.to_string());
        let upstream: Vec<String> = self
            .sources
            .iter()
            .filter(|s| s.view == view && s.is_portal_view && !visiting.contains(&s.source_name))
            .map(|s| s.source_name.clone())
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
        let reason = reason.map(str::to_string).or_else(|| {
            (since.is_none() && !stale_upstream.is_empty())
                .then(|| format!("reads stale view(s): {}", stale_upstream.join(", ")))
        });
        let result = Freshness {
            view: view.to_string(),
            state: if stale {
                FreshnessState::Stale
            } else {
                FreshnessState::Fresh
            },
            stale_since: if reason.is_some() && needs_refresh {
                None
            } else {
                since
            },
            reason: if stale { reason } else { None },
            changed_sources: changed.into_iter().collect(),
            needs_refresh,
        };
        self.done.insert(view.to_string(), result.clone());
        result
    }
}

/// Base tables that a portal view reads but whose changes are not recorded
/// (no enabled-always statement trigger `data_portal.record_table_change()`
/// for INSERT, UPDATE, DELETE and TRUNCATE): their changes would go unseen.
/// Empty on a database without change tracking at all (migrations pending).
pub fn untracked_tables(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    // tgtype bits: 1 row, 2 before, 64 instead of; 4 insert, 8 delete, 16 update, 32 truncate.
    let rows: Vec<Name> = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}
         SELECT DISTINCT s.oid::regclass::text AS name
           FROM reads
           JOIN pg_class s ON s.oid = reads.relid
          WHERE s.relkind IN ('r', 'p')
            AND to_regprocedure('data_portal.record_table_change()') IS NOT NULL
            AND NOT EXISTS (
                SELECT 1 FROM pg_trigger t
                 WHERE t.tgrelid = s.oid
                   AND t.tgfoid = to_regprocedure('data_portal.record_table_change()')
                   AND t.tgenabled = 'A'
                   AND (t.tgtype & 67) = 0 AND (t.tgtype & 60) = 60)
          ORDER BY 1"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
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
    diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE}, {LAST_REFRESH_CTE},
         needed AS (
             SELECT tc.relid, tc.xid
               FROM data_portal.table_change tc
               JOIN reads ON reads.relid = tc.relid
               JOIN pg_class v ON v.oid = reads.view_oid
               JOIN last_refresh lr ON lr.view_name = v.relname
              WHERE NOT pg_visible_in_snapshot(tc.xid, lr.source_snapshot)
         ),
         prunable AS (
             SELECT tc.relid, tc.xid
               FROM data_portal.table_change tc
              WHERE NOT EXISTS (SELECT 1 FROM needed n WHERE n.relid = tc.relid AND n.xid = tc.xid)
                FOR UPDATE SKIP LOCKED
         )
         DELETE FROM data_portal.table_change tc
          USING prunable p
          WHERE tc.relid = p.relid AND tc.xid = p.xid"
    ))
    .execute(conn)
}
