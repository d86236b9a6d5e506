//! Running a [`RefreshPlan`] over a connection pool.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use biositing_views::PORTAL_SCHEMA;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::{Bool, Text};
use serde::Serialize;

use crate::catalog::{row_count, view_states_without_size};
use crate::log::{finish_attempt, record_attempt, start_attempt, Completion};
use crate::sources::READS_CTE;
use crate::tracking::{freshness, prune_changes, tracking_entry_sql};
use crate::{set_session_timeouts, RefreshMode, RefreshOutcome, RefreshPlan};

/// Which kind of refresh to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModeChoice {
    /// `CONCURRENTLY` when the view is populated and has a unique index, else blocking.
    #[default]
    Auto,
    /// Always `CONCURRENTLY`; a view that cannot be refreshed so fails.
    Concurrent,
    /// Always a plain, blocking refresh.
    Blocking,
}

#[derive(Debug, Clone)]
pub struct RefreshOptions {
    /// Views refreshed at the same time. Above 1, each refresh runs without
    /// PostgreSQL's parallel workers, which would compete for the same cores.
    pub jobs: usize,
    pub mode: ModeChoice,
    /// Longest wait for another refresh of the same view, and for each lock any
    /// statement needs (zero: do not wait at all).
    pub lock_timeout: Duration,
    /// Longest any one statement may run (the REFRESH, catalog reads, log
    /// writes); `None` = the server's default for the session.
    pub statement_timeout: Option<Duration>,
    /// Run `ANALYZE` on each view after refreshing it.
    pub analyze: bool,
    /// Skip a view whose refresh another session is running, instead of waiting.
    pub skip_locked: bool,
    /// Refresh only the views that need it (something they read changed since
    /// their last refresh, or they were never refreshed with change tracking);
    /// the others are logged as `unchanged`. Decided under the view's refresh
    /// lock, after the views it reads were refreshed.
    pub only_changed: bool,
}

impl Default for RefreshOptions {
    fn default() -> Self {
        Self {
            jobs: 1,
            mode: ModeChoice::Auto,
            lock_timeout: Duration::from_secs(60),
            statement_timeout: None,
            analyze: false,
            skip_locked: false,
            only_changed: false,
        }
    }
}

/// The outcome for one view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewResult {
    pub view: String,
    pub mode: Option<RefreshMode>,
    pub outcome: RefreshOutcome,
    pub rows: Option<i64>,
    #[serde(rename = "duration_ms", serialize_with = "as_millis")]
    pub duration: Duration,
    pub error: Option<String>,
    /// Why the attempt could not be recorded in `data_portal.refresh_log`
    /// (whatever its outcome); a refresh that is not on record fails the run.
    pub log_error: Option<String>,
    /// Why a refresh of only the changed views refreshed it although no
    /// recorded change says so (refreshed on another server, reads an
    /// untracked table or through a function...): [`crate::Freshness::reason`].
    pub stale_reason: Option<String>,
    /// Why `--mode auto` refreshed it blocking (never populated, no unique
    /// index `CONCURRENTLY` can use), its readers waiting meanwhile.
    pub blocking_reason: Option<String>,
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RefreshReport {
    /// In the order the refreshes finished.
    pub results: Vec<ViewResult>,
    /// Change rows of `data_portal.table_change` no view needs any more, deleted
    /// after the run; `None` when that housekeeping failed (the next run retries).
    pub pruned_changes: Option<usize>,
}

impl RefreshReport {
    pub fn failed(&self) -> impl Iterator<Item = &ViewResult> {
        self.with_outcome(RefreshOutcome::Failed)
    }

    pub fn with_outcome(&self, outcome: RefreshOutcome) -> impl Iterator<Item = &ViewResult> {
        self.results.iter().filter(move |r| r.outcome == outcome)
    }

    /// Views whose attempt could not be recorded in the refresh log.
    pub fn unrecorded(&self) -> impl Iterator<Item = &ViewResult> {
        self.results.iter().filter(|r| r.log_error.is_some())
    }

    /// Every view refreshed or skipped as asked, and every attempt on record.
    pub fn is_success(&self) -> bool {
        self.failed().next().is_none() && self.unrecorded().next().is_none()
    }
}

/// Progress, for the caller to display. Sent from worker threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshEvent<'a> {
    Waiting { view: &'a str },
    Started { view: &'a str, mode: RefreshMode },
    Finished(&'a ViewResult),
}

struct Schedule {
    pending: Vec<String>,
    finished: HashSet<String>,
    results: Vec<ViewResult>,
}

/// Refreshes every view of `plan`, at most `options.jobs` at a time, a view only
/// after the planned views it reads. A failure is recorded and reported; it stops
/// neither the other views nor the views that read it.
pub fn refresh(
    pool: &Pool<ConnectionManager<PgConnection>>,
    plan: &RefreshPlan,
    options: &RefreshOptions,
    on_event: &(dyn Fn(RefreshEvent<'_>) + Sync),
) -> RefreshReport {
    let schedule = Mutex::new(Schedule {
        pending: plan
            .targets()
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
        finished: HashSet::new(),
        results: Vec::new(),
    });
    let ready = Condvar::new();
    let jobs = options.jobs.clamp(1, plan.targets().len().max(1));
    let options = &RefreshOptions {
        jobs,
        ..options.clone()
    };

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let view = {
                    let Ok(mut state) = schedule.lock() else {
                        return;
                    };
                    loop {
                        if state.pending.is_empty() {
                            return;
                        }
                        // Of the views whose sources are done, the one that
                        // starts the longest remaining path.
                        let next = state
                            .pending
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| plan.sources_of(v).all(|s| state.finished.contains(s)))
                            .max_by_key(|(i, v)| (plan.priority_ms(v), std::cmp::Reverse(*i)))
                            .map(|(i, _)| i);
                        if let Some(index) = next {
                            break state.pending.remove(index);
                        }
                        state = match ready.wait(state) {
                            Ok(state) => state,
                            Err(_) => return,
                        };
                    }
                };
                let result = match pool.get() {
                    Ok(mut conn) => {
                        // Bounds every statement of this view's refresh, the
                        // catalog reads and log writes as much as the REFRESH.
                        match set_session_timeouts(
                            &mut conn,
                            options.lock_timeout,
                            options.statement_timeout,
                        ) {
                            Ok(()) => refresh_view(&mut conn, &view, options, on_event),
                            Err(e) => unrecorded(&view, format!("cannot set the timeouts: {e}")),
                        }
                    }
                    Err(e) => unrecorded(&view, format!("no database connection: {e}")),
                };
                on_event(RefreshEvent::Finished(&result));
                if let Ok(mut state) = schedule.lock() {
                    state.finished.insert(view);
                    state.results.push(result);
                }
                ready.notify_all();
            });
        }
    });

    let pruned_changes = pool.get().ok().and_then(|mut conn| {
        set_session_timeouts(&mut conn, options.lock_timeout, options.statement_timeout).ok()?;
        prune_changes(&mut conn).ok()
    });
    RefreshReport {
        results: schedule.into_inner().map(|s| s.results).unwrap_or_default(),
        pruned_changes,
    }
}

/// A view that could not even be attempted, hence not recorded either.
fn unrecorded(view: &str, error: String) -> ViewResult {
    let mut result = failed(view, None, Duration::ZERO, error);
    result.log_error = Some("no connection to record the attempt on".into());
    result
}

fn failed(view: &str, mode: Option<RefreshMode>, duration: Duration, error: String) -> ViewResult {
    ViewResult {
        view: view.to_string(),
        mode,
        outcome: RefreshOutcome::Failed,
        rows: None,
        duration,
        error: Some(error),
        log_error: None,
        stale_reason: None,
        blocking_reason: None,
    }
}

/// Advisory-lock namespace of view refreshes (the second key is the view name's hash).
const REFRESH_LOCK_CLASS: i32 = 0x6272_6672; // "brfr"

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

fn try_lock(conn: &mut PgConnection, view: &str) -> QueryResult<bool> {
    let row: Locked = diesel::sql_query("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked")
        .bind::<diesel::sql_types::Integer, _>(REFRESH_LOCK_CLASS)
        .bind::<Text, _>(view)
        .get_result(conn)?;
    Ok(row.locked)
}

/// Who holds `view`'s refresh lock, for messages: any login can take it, so the
/// holder is named rather than assumed to be another `biositing refresh`.
fn lock_holders(conn: &mut PgConnection, view: &str) -> String {
    #[derive(QueryableByName)]
    struct Key {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        key: i32,
    }
    let holders = diesel::sql_query("SELECT hashtext($1) AS key")
        .bind::<Text, _>(view)
        .get_result::<Key>(conn)
        .and_then(|k| {
            biositing_db::sessions::advisory_lock_holders2(conn, REFRESH_LOCK_CLASS, k.key)
        });
    match holders {
        Ok(sessions) => {
            biositing_db::sessions::describe_sessions(&sessions, "a session that has since ended")
        }
        Err(_) => "a session that could not be named".to_string(),
    }
}

fn unlock(conn: &mut PgConnection, view: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_unlock($1, hashtext($2))")
        .bind::<diesel::sql_types::Integer, _>(REFRESH_LOCK_CLASS)
        .bind::<Text, _>(view)
        .execute(conn)?;
    Ok(())
}

fn refresh_view(
    conn: &mut PgConnection,
    view: &str,
    options: &RefreshOptions,
    on_event: &(dyn Fn(RefreshEvent<'_>) + Sync),
) -> ViewResult {
    let waiting_since = Instant::now();

    // Never two refreshes of one view at once: wait for the other, or skip.
    let mut told = false;
    loop {
        match try_lock(conn, view) {
            Ok(true) => break,
            Ok(false) if options.skip_locked => {
                let error = format!(
                    "another refresh of this view was running (lock held by {})",
                    lock_holders(conn, view)
                );
                let mut result = failed(view, None, waiting_since.elapsed(), error);
                result.outcome = RefreshOutcome::Skipped;
                let mode = planned_mode(conn, view, options);
                return logged(conn, result, mode);
            }
            Ok(false) if waiting_since.elapsed() >= options.lock_timeout => {
                let holders = lock_holders(conn, view);
                let error = if options.lock_timeout.is_zero() {
                    format!(
                        "another refresh of this view is running (lock held by {holders}; --lock-timeout 0: not waiting)"
                    )
                } else {
                    format!(
                        "another refresh of this view was still running after {} ms (lock held by {holders}; --lock-timeout)",
                        options.lock_timeout.as_millis()
                    )
                };
                let result = failed(view, None, waiting_since.elapsed(), error);
                let mode = planned_mode(conn, view, options);
                return logged(conn, result, mode);
            }
            Ok(false) => {
                if !told {
                    on_event(RefreshEvent::Waiting { view });
                    told = true;
                }
                let left = options.lock_timeout.saturating_sub(waiting_since.elapsed());
                std::thread::sleep(left.min(Duration::from_millis(50)));
            }
            Err(e) => {
                let result = failed(view, None, waiting_since.elapsed(), describe(&e));
                return logged(conn, result, None);
            }
        }
    }

    let result = if options.only_changed {
        match freshness(conn, &[view]) {
            // A failed check refreshes: never skip a view that may have changed.
            Ok(f) if f.first().is_some_and(|f| !f.needs_refresh) => {
                let result = ViewResult {
                    view: view.to_string(),
                    mode: None,
                    outcome: RefreshOutcome::Unchanged,
                    rows: None,
                    duration: waiting_since.elapsed(),
                    error: None,
                    log_error: None,
                    stale_reason: None,
                    blocking_reason: None,
                };
                logged(conn, result, None)
            }
            Ok(f) => {
                let mut result = refresh_locked(conn, view, options, on_event);
                result.stale_reason = f.into_iter().next().and_then(|f| f.reason);
                result
            }
            Err(_) => refresh_locked(conn, view, options, on_event),
        }
    } else {
        refresh_locked(conn, view, options, on_event)
    };
    // The lock also ends with the session; a failed unlock only delays the next run.
    let _ = unlock(conn, view);
    result
}

/// The mode a refresh of `view` would run in now, for the log of a refresh
/// that did not run (skipped, or timed out waiting for another one).
fn planned_mode(
    conn: &mut PgConnection,
    view: &str,
    options: &RefreshOptions,
) -> Option<RefreshMode> {
    let state = view_states_without_size(conn, &[view])
        .ok()
        .and_then(|states| states.into_iter().next())
        .filter(|s| s.exists)?;
    Some(match options.mode {
        ModeChoice::Concurrent => RefreshMode::Concurrent,
        ModeChoice::Auto if state.populated && state.has_unique_index => RefreshMode::Concurrent,
        ModeChoice::Auto | ModeChoice::Blocking => RefreshMode::Blocking,
    })
}

fn refresh_locked(
    conn: &mut PgConnection,
    view: &str,
    options: &RefreshOptions,
    on_event: &(dyn Fn(RefreshEvent<'_>) + Sync),
) -> ViewResult {
    // Times count from here: the log says when the refresh itself ran.
    let started = Instant::now();
    // The catalog alone: no lock on the view, so no wait behind a blocking
    // refresh here (the REFRESH below waits, bounded by lock_timeout).
    let state = match view_states_without_size(conn, &[view]) {
        Ok(states) => states.into_iter().next(),
        Err(e) => {
            let error = format!("cannot read the state of the view: {}", describe(&e));
            return logged(conn, failed(view, None, started.elapsed(), error), None);
        }
    };
    let Some((state, quoted)) = state.and_then(|s| s.qualified.clone().map(|q| (s, q))) else {
        let error = if crate::is_managed(view) {
            format!("{PORTAL_SCHEMA}.{view} does not exist: run `biositing migrate`")
        } else {
            format!("materialized view {view} does not exist (any more)")
        };
        return logged(conn, failed(view, None, started.elapsed(), error), None);
    };
    let can_be_concurrent = state.populated && state.has_unique_index;
    let why_not_concurrent = if !state.populated {
        "it has never been populated"
    } else {
        "it has no unique index REFRESH CONCURRENTLY can use (plain columns, no WHERE clause)"
    };
    let mode = match options.mode {
        ModeChoice::Auto if can_be_concurrent => RefreshMode::Concurrent,
        ModeChoice::Auto | ModeChoice::Blocking => RefreshMode::Blocking,
        ModeChoice::Concurrent if can_be_concurrent => RefreshMode::Concurrent,
        ModeChoice::Concurrent => {
            let result = failed(
                view,
                Some(RefreshMode::Concurrent),
                started.elapsed(),
                format!("cannot refresh CONCURRENTLY: {why_not_concurrent}; use --mode auto"),
            );
            return logged(conn, result, Some(RefreshMode::Concurrent));
        }
    };

    // On record before anything changes, committed on its own: a refresh that
    // is killed or disconnected from here on leaves a `running` row behind.
    let attempt = match start_attempt(conn, view, mode) {
        Ok(id) => id,
        Err(e) => {
            let why = describe_log_error(&e);
            let mut result = failed(
                view,
                Some(mode),
                started.elapsed(),
                format!("not refreshed: its start could not be recorded in data_portal.refresh_log: {why}"),
            );
            result.log_error = Some(why);
            return result;
        }
    };
    on_event(RefreshEvent::Started { view, mode });

    let refresh_sql = match mode {
        RefreshMode::Concurrent => format!("REFRESH MATERIALIZED VIEW CONCURRENTLY {quoted}"),
        RefreshMode::Blocking => format!("REFRESH MATERIALIZED VIEW {quoted}"),
    };
    // Lock, then snapshot. The view's lock comes first, so no other session's
    // refresh of it (psql, cron, another tool) is in flight or can start
    // until this one commits: the snapshot recorded next, and the REFRESH's
    // own, taken right after it (read committed: one per statement), both
    // follow every refresh committed before. Recorded first, the snapshot is
    // never later than the one the REFRESH reads with, so a write is never
    // taken for one it saw (at worst for one it missed: one more refresh).
    let outcome = conn
        .build_transaction()
        .read_committed()
        .run::<_, Step, _>(|conn| {
            lock_view(conn, &quoted)?;
            record_snapshot(conn, attempt, &quoted).map_err(Step::Tracking)?;
            if options.jobs > 1 {
                // The views already run side by side; PostgreSQL's own parallel workers
                // per refresh would compete with them for the same cores (measured:
                // bench/RESULTS.md, refresh with and without them).
                conn.batch_execute("SET LOCAL max_parallel_workers_per_gather = 0")?;
            }
            conn.batch_execute(&refresh_sql)?;
            Ok(row_count(conn, &quoted)?)
        });
    let outcome = outcome.and_then(|rows| {
        if options.analyze {
            conn.batch_execute(&format!("ANALYZE {quoted}"))?;
        }
        Ok(rows)
    });
    let mut result = match outcome {
        Ok(rows) => ViewResult {
            view: view.to_string(),
            mode: Some(mode),
            outcome: RefreshOutcome::Succeeded,
            rows: Some(rows),
            duration: started.elapsed(),
            error: None,
            log_error: None,
            stale_reason: None,
            // Never populated, blocking is the only way (and nothing could read it).
            blocking_reason: (options.mode == ModeChoice::Auto
                && state.populated
                && !can_be_concurrent)
                .then(|| format!("{why_not_concurrent}: its readers waited while it refreshed")),
        },
        Err(Step::Refresh(e)) => failed(view, Some(mode), started.elapsed(), describe(&e)),
        Err(Step::Tracking(e)) => failed(
            view,
            Some(mode),
            started.elapsed(),
            format!(
                "not refreshed: its snapshot could not be recorded for the change tracking: {}",
                describe_log_error(&e)
            ),
        ),
    };
    let completion = Completion {
        duration_ms: millis(result.duration),
        rows_after: result.rows,
        mode: result.mode,
        outcome: result.outcome,
        error: result.error.as_deref(),
    };
    if let Err(e) = finish_attempt(conn, attempt, &completion) {
        result.log_error = Some(describe_log_error(&e));
    }
    result
}

/// A failure inside the refresh's transaction: of the refresh itself, or of
/// the change tracking's bookkeeping (which an old schema lacks).
enum Step {
    Refresh(diesel::result::Error),
    Tracking(diesel::result::Error),
}

impl From<diesel::result::Error> for Step {
    fn from(e: diesel::result::Error) -> Self {
        Step::Refresh(e)
    }
}

/// Takes a lock on the view that conflicts with every REFRESH of it (plain:
/// ACCESS EXCLUSIVE; CONCURRENTLY: EXCLUSIVE) and not with its readers,
/// waiting for a refresh in flight (bounded by lock_timeout). `LOCK TABLE`
/// refuses materialized views; `COMMENT ON` takes SHARE UPDATE EXCLUSIVE and,
/// given the comment the view has (usually none), changes nothing.
fn lock_view(conn: &mut PgConnection, quoted: &str) -> QueryResult<()> {
    #[derive(QueryableByName)]
    struct Comment {
        #[diesel(sql_type = Text)]
        literal: String,
    }
    let comment: Comment = diesel::sql_query(
        "SELECT coalesce(quote_literal(obj_description($1::regclass, 'pg_class')), 'NULL') AS literal",
    )
    .bind::<Text, _>(quoted)
    .get_result(conn)?;
    conn.batch_execute(&format!(
        "COMMENT ON MATERIALIZED VIEW {quoted} IS {}",
        comment.literal
    ))
}

/// In the refresh's transaction, before the REFRESH and in one statement (one
/// snapshot): its snapshot into the attempt's log row, with the cluster it was
/// taken on and the tracking triggers of the tables the view reads as that
/// snapshot saw them (see `tracking`); then a change of the view itself for
/// the views that read it. All commit exactly when the refresh does.
fn record_snapshot(conn: &mut PgConnection, attempt: i64, quoted: &str) -> QueryResult<()> {
    let recorded = diesel::sql_query(format!(
        "WITH RECURSIVE {READS_CTE},
         snapshot AS (
             UPDATE data_portal.refresh_log SET source_snapshot = pg_current_snapshot()
              WHERE id = $1 RETURNING id
         )
         INSERT INTO data_portal.refresh_log_snapshot_origin
                (refresh_log_id, system_identifier, tracking_triggers)
         SELECT snapshot.id, (SELECT system_identifier FROM pg_control_system()),
                ARRAY(SELECT {entry}
                        FROM (SELECT DISTINCT reads.relid
                                FROM reads
                                JOIN pg_class s ON s.oid = reads.relid AND s.relkind IN ('r', 'p')
                               WHERE reads.view_oid = $2::regclass) t
                       ORDER BY 1)
           FROM snapshot",
        entry = tracking_entry_sql("t.relid"),
    ))
    .bind::<diesel::sql_types::BigInt, _>(attempt)
    .bind::<Text, _>(quoted)
    .execute(conn)?;
    if recorded != 1 {
        return Err(diesel::result::Error::NotFound);
    }
    diesel::sql_query(
        "INSERT INTO data_portal.table_change (relid, xid, first_changed_at)
         VALUES ($1::regclass, pg_current_xact_id(), clock_timestamp())
         ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(quoted)
    .execute(conn)?;
    Ok(())
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Records an attempt that never started refreshing as one complete row; a
/// failure to record shows in the result (and fails the command).
fn logged(
    conn: &mut PgConnection,
    mut result: ViewResult,
    mode: Option<RefreshMode>,
) -> ViewResult {
    let completion = Completion {
        duration_ms: millis(result.duration),
        rows_after: result.rows,
        mode: result.mode.or(mode),
        outcome: result.outcome,
        error: result.error.as_deref(),
    };
    if let Err(e) = record_attempt(conn, &result.view, &completion) {
        result.log_error = Some(describe_log_error(&e));
    }
    result
}

/// Why writing data_portal.refresh_log failed, with the fix when there is one.
fn describe_log_error(error: &diesel::result::Error) -> String {
    match error {
        diesel::result::Error::NotFound => {
            "the attempt's row was deleted while the refresh ran".to_string()
        }
        e => {
            let message = describe(e);
            // Missing table, column or type, or no `running`/`unchanged`
            // outcome: the database's refresh log is older than this program.
            let outdated = [
                "does not exist",
                "Failed to find a type oid",
                "invalid input value for enum",
            ];
            if outdated.iter().any(|sign| message.contains(sign)) {
                format!(
                    "{message} (the database predates the refresh log or change tracking this program writes: run `biositing migrate`)"
                )
            } else {
                message
            }
        }
    }
}

/// PostgreSQL's message with its detail (e.g. which key is duplicated).
fn describe(error: &diesel::result::Error) -> String {
    match error {
        diesel::result::Error::DatabaseError(_, info) => match info.details() {
            Some(detail) => format!("{} ({detail})", info.message()),
            None => info.message().to_string(),
        },
        other => other.to_string(),
    }
}
