//! `data_portal.refresh_log`: one row per refresh attempt, written when the
//! attempt starts (`running`) and completed when it ends.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamptz};
use serde::Serialize;

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "refresh_mode", schema = "data_portal"))]
    pub struct RefreshMode;

    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "refresh_outcome", schema = "data_portal"))]
    pub struct RefreshOutcome;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{RefreshMode, RefreshOutcome};

    data_portal.refresh_log (id) {
        id -> Int8,
        view_name -> Varchar,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        duration_ms -> Nullable<Int8>,
        rows_after -> Nullable<Int8>,
        mode -> Nullable<RefreshMode>,
        outcome -> RefreshOutcome,
        error -> Nullable<Text>,
        backend_pid -> Nullable<Int4>,
        // source_snapshot (pg_snapshot) is only ever read and written in SQL.
    }
}

/// How a view was refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel_derive_enum::DbEnum)]
#[ExistingTypePath = "sql_types::RefreshMode"]
#[serde(rename_all = "snake_case")]
pub enum RefreshMode {
    /// `REFRESH … CONCURRENTLY`: readers keep reading the old rows meanwhile.
    Concurrent,
    /// Plain `REFRESH`: readers wait; the only way to populate a view.
    Blocking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel_derive_enum::DbEnum)]
#[ExistingTypePath = "sql_types::RefreshOutcome"]
#[serde(rename_all = "snake_case")]
pub enum RefreshOutcome {
    Succeeded,
    Failed,
    /// Another refresh of the view held its lock and `--skip-locked` was given.
    Skipped,
    /// Started and not finished yet.
    Running,
    /// Started and never finished: the session running it is gone (process
    /// killed, connection lost). Stored by the next refresh of the view; shown
    /// by [`last_attempt`] for a `running` row whose backend is gone.
    Interrupted,
    /// Not refreshed: nothing it reads changed since its last refresh.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = refresh_log)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct RefreshLogEntry {
    pub id: i64,
    pub view_name: String,
    pub started_at: DateTime<Utc>,
    /// `None` while running, and for an interrupted attempt.
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub rows_after: Option<i64>,
    /// `None` when the attempt failed before choosing one.
    pub mode: Option<RefreshMode>,
    pub outcome: RefreshOutcome,
    pub error: Option<String>,
    /// `pg_backend_pid()` of the session that ran the attempt.
    pub backend_pid: Option<i32>,
}

/// A `running` row is interrupted when no live backend has its pid, or the
/// backend with that pid started after the attempt did (the pid was reused).
/// `backend_start` is hidden from other roles without pg_read_all_stats; a pid
/// that exists is then taken to be the attempt's own backend.
const BACKEND_GONE: &str = "NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                          WHERE a.pid = l.backend_pid
                            AND (a.backend_start IS NULL OR a.backend_start <= l.started_at))";

const INTERRUPTED_ERROR: &str =
    "interrupted: the session running the refresh ended before it finished (process killed or connection lost)";

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Records the start of an attempt in a transaction of its own (the caller's
/// connection must not be inside one), marking this view's earlier attempts
/// whose backend is gone as interrupted. Returns the row's id.
pub(crate) fn start_attempt(
    conn: &mut PgConnection,
    view: &str,
    mode: RefreshMode,
) -> QueryResult<i64> {
    let sql = format!(
        "WITH closed AS (
             UPDATE data_portal.refresh_log l
                SET outcome = 'interrupted', error = coalesce(l.error, $3)
              WHERE l.view_name = $1 AND l.outcome = 'running' AND {BACKEND_GONE}
         )
         INSERT INTO data_portal.refresh_log (view_name, started_at, mode, outcome, backend_pid)
         VALUES ($1, clock_timestamp(), $2, 'running', pg_backend_pid())
         RETURNING id"
    );
    let row: Id = diesel::sql_query(sql)
        .bind::<Text, _>(view)
        .bind::<sql_types::RefreshMode, _>(mode)
        .bind::<Text, _>(INTERRUPTED_ERROR)
        .get_result(conn)?;
    Ok(row.id)
}

/// How an attempt ended.
pub(crate) struct Completion<'a> {
    pub duration_ms: i64,
    pub rows_after: Option<i64>,
    pub mode: Option<RefreshMode>,
    pub outcome: RefreshOutcome,
    pub error: Option<&'a str>,
}

/// Completes the row [`start_attempt`] wrote.
pub(crate) fn finish_attempt(
    conn: &mut PgConnection,
    id: i64,
    done: &Completion<'_>,
) -> QueryResult<()> {
    let updated = diesel::sql_query(
        "UPDATE data_portal.refresh_log
            SET finished_at = clock_timestamp(), duration_ms = $2, rows_after = $3,
                outcome = $4, error = $5
          WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<BigInt, _>(done.duration_ms)
    .bind::<Nullable<BigInt>, _>(done.rows_after)
    .bind::<sql_types::RefreshOutcome, _>(done.outcome)
    .bind::<Nullable<Text>, _>(done.error)
    .execute(conn)?;
    if updated == 1 {
        Ok(())
    } else {
        Err(diesel::result::Error::NotFound)
    }
}

/// Records an attempt that ended before it could start refreshing (skipped,
/// timed out waiting, view missing, mode impossible): one complete row.
pub(crate) fn record_attempt(
    conn: &mut PgConnection,
    view: &str,
    done: &Completion<'_>,
) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO data_portal.refresh_log
                (view_name, started_at, finished_at, duration_ms, rows_after, mode, outcome, error, backend_pid)
         VALUES ($1, clock_timestamp() - make_interval(secs => $2 / 1000.0), clock_timestamp(),
                 $2, $3, $4, $5, $6, pg_backend_pid())",
    )
    .bind::<Text, _>(view)
    .bind::<BigInt, _>(done.duration_ms)
    .bind::<Nullable<BigInt>, _>(done.rows_after)
    .bind::<Nullable<sql_types::RefreshMode>, _>(done.mode)
    .bind::<sql_types::RefreshOutcome, _>(done.outcome)
    .bind::<Nullable<Text>, _>(done.error)
    .execute(conn)?;
    Ok(())
}

/// The newest entry of `view_name` with the given outcome.
pub fn last_refreshes(
    conn: &mut PgConnection,
    view_name: &str,
    outcome: RefreshOutcome,
) -> QueryResult<Option<RefreshLogEntry>> {
    refresh_log::table
        .filter(refresh_log::view_name.eq(view_name))
        .filter(refresh_log::outcome.eq(outcome))
        .order((
            refresh_log::finished_at.desc().nulls_last(),
            refresh_log::id.desc(),
        ))
        .select(RefreshLogEntry::as_select())
        .first(conn)
        .optional()
}

/// The newest attempt of `view_name`, whatever its outcome; a `running` one
/// whose backend is gone is returned as [`RefreshOutcome::Interrupted`].
pub fn last_attempt(
    conn: &mut PgConnection,
    view_name: &str,
) -> QueryResult<Option<RefreshLogEntry>> {
    let entry = refresh_log::table
        .filter(refresh_log::view_name.eq(view_name))
        .order(refresh_log::id.desc())
        .select(RefreshLogEntry::as_select())
        .first(conn)
        .optional()?;
    match entry {
        Some(mut entry) if entry.outcome == RefreshOutcome::Running => {
            if backend_gone(conn, entry.backend_pid, entry.started_at)? {
                entry.outcome = RefreshOutcome::Interrupted;
                entry
                    .error
                    .get_or_insert_with(|| INTERRUPTED_ERROR.to_string());
            }
            Ok(Some(entry))
        }
        other => Ok(other),
    }
}

fn backend_gone(
    conn: &mut PgConnection,
    pid: Option<i32>,
    started_at: DateTime<Utc>,
) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Gone {
        #[diesel(sql_type = Bool)]
        gone: bool,
    }
    let sql = format!(
        "SELECT {BACKEND_GONE} AS gone FROM (SELECT $1 AS backend_pid, $2 AS started_at) l"
    );
    let row: Gone = diesel::sql_query(sql)
        .bind::<Nullable<Integer>, _>(pid)
        .bind::<Timestamptz, _>(started_at)
        .get_result(conn)?;
    Ok(row.gone)
}

/// Mean duration of each named view's last five successful refreshes.
pub(crate) fn recent_durations(
    conn: &mut PgConnection,
    views: &[&str],
) -> QueryResult<std::collections::BTreeMap<String, i64>> {
    #[derive(QueryableByName)]
    struct Recent {
        #[diesel(sql_type = Text)]
        view_name: String,
        #[diesel(sql_type = BigInt)]
        duration_ms: i64,
    }
    let names: Vec<String> = views.iter().map(|v| (*v).to_string()).collect();
    let rows: Vec<Recent> = diesel::sql_query(
        "SELECT view_name::text AS view_name, avg(duration_ms)::bigint AS duration_ms
           FROM (SELECT view_name, duration_ms,
                        row_number() OVER (PARTITION BY view_name ORDER BY id DESC) AS n
                   FROM data_portal.refresh_log
                  WHERE outcome = 'succeeded' AND duration_ms IS NOT NULL
                    AND view_name = ANY($1::text[])) recent
          WHERE n <= 5
          GROUP BY view_name",
    )
    .bind::<diesel::sql_types::Array<Text>, _>(names)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.view_name, r.duration_ms))
        .collect())
}
