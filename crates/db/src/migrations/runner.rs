use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use diesel_migrations::MigrationHarness;
use serde::Serialize;

use super::check::{transaction_problems, TransactionProblem};
use super::extensions::ensure_extensions_available;
use super::script::DuplicateVersion;
use super::{MigrationLock, MigrationScript, MigrationSet};
use crate::sessions::{blocking_sessions, Session};
use crate::{DatabaseUrl, Error, Result};

/// Side table holding the SHA-256 of each applied migration's `up.sql` and
/// `down.sql`, written in the migration's own transaction. Rows vanish with their
/// version row when a migration is reverted, by `biositing` or by plain
/// `diesel migration revert`.
const CHECKSUM_TABLE: &str = "
CREATE TABLE IF NOT EXISTS biositing_migration_checksums (
    version varchar(50) PRIMARY KEY REFERENCES __diesel_schema_migrations (version) ON DELETE CASCADE,
    folder varchar NOT NULL,
    sha256 char(64) NOT NULL,
    adopted boolean NOT NULL DEFAULT false,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    down_sha256 char(64)
)";

/// Databases migrated by a release before `down.sql` was checksummed lack the
/// column; it is added (nullable, so older releases keep inserting without it)
/// and filled in by the next `migrate`.
const DOWN_COLUMN: &str =
    "ALTER TABLE biositing_migration_checksums ADD COLUMN IF NOT EXISTS down_sha256 char(64)";

/// What is known about one applied migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedMigration {
    pub version: String,
    /// `None` when this build has no migration with that version.
    pub folder: Option<String>,
    pub applied_at: NaiveDateTime,
    /// Of `up.sql`.
    pub checksum: ChecksumState,
    /// Of `down.sql` (`not_recorded` for migrations applied before it was kept).
    pub down_checksum: ChecksumState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ChecksumState {
    /// The recorded checksum matches the file.
    Verified,
    /// Applied by plain `diesel migration run` (or, for `down.sql`, by an older
    /// release); the next `migrate` records it.
    NotRecorded,
    /// The file changed after the migration was applied.
    Edited { recorded: String, current: String },
    /// The database knows a version that this build does not.
    UnknownToThisBuild,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditedMigration {
    pub folder: String,
    /// `up.sql` or `down.sql`.
    pub file: String,
    pub recorded: String,
    pub current: String,
}

/// Applied and pending migrations of a database, and what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationStatus {
    pub applied: Vec<AppliedMigration>,
    pub pending: Vec<String>,
    /// Folders of the migration set that share a version.
    pub duplicate_versions: Vec<DuplicateVersion>,
    /// Statements of the set that break the one-transaction promise.
    pub not_transactional: Vec<TransactionProblem>,
    /// `alembic_version` of a database the Python/Alembic stack built and
    /// biositing has not adopted (no biositing migration applied): migrations
    /// must not run on it; `biositing adopt --from-alembic` takes it over.
    pub built_by_alembic: Option<String>,
}

impl MigrationStatus {
    /// Applied migrations whose `up.sql` or `down.sql` changed since.
    pub fn edited(&self) -> Vec<EditedMigration> {
        let mut edited = Vec::new();
        for applied in &self.applied {
            let Some(folder) = &applied.folder else {
                continue;
            };
            for (file, state) in [
                ("up.sql", &applied.checksum),
                ("down.sql", &applied.down_checksum),
            ] {
                if let ChecksumState::Edited { recorded, current } = state {
                    edited.push(EditedMigration {
                        folder: folder.clone(),
                        file: file.to_string(),
                        recorded: recorded.clone(),
                        current: current.clone(),
                    });
                }
            }
        }
        edited
    }

    pub fn unknown(&self) -> Vec<String> {
        self.applied
            .iter()
            .filter(|a| a.checksum == ChecksumState::UnknownToThisBuild)
            .map(|a| a.version.clone())
            .collect()
    }

    /// Human-readable problems; empty when the database and the migrations agree.
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .duplicate_versions
            .iter()
            .map(ToString::to_string)
            .collect();
        problems.extend(self.not_transactional.iter().map(ToString::to_string));
        if let Some(revision) = &self.built_by_alembic {
            problems.push(
                Error::BuiltByAlembic {
                    revision: revision.clone(),
                }
                .to_string(),
            );
        }
        problems.extend(
            self.edited()
                .iter()
                .map(|e| format!("{}: {} was edited after it was applied", e.folder, e.file)),
        );
        problems.extend(
            self.unknown()
                .into_iter()
                .map(|v| format!("{v}: applied, but not among the migrations read (the checkout's migrations/ folder, or those built into this binary outside a checkout)")),
        );
        problems
    }

    /// Refuses to run on top of edited `up.sql` or unknown applied migrations,
    /// or on a database Alembic built that was not adopted.
    fn ensure_consistent(&self) -> Result<()> {
        if let Some(revision) = &self.built_by_alembic {
            return Err(Error::BuiltByAlembic {
                revision: revision.clone(),
            });
        }
        let edited: Vec<EditedMigration> = self
            .edited()
            .into_iter()
            .filter(|e| e.file == "up.sql")
            .collect();
        if !edited.is_empty() {
            return Err(Error::EditedMigrations(edited));
        }
        let unknown = self.unknown();
        if !unknown.is_empty() {
            return Err(Error::UnknownAppliedMigrations(unknown));
        }
        Ok(())
    }
}

/// Progress of a run, for the caller to display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrateEvent<'a> {
    /// Another session holds the migration lock (these ones, as far as visible).
    WaitingForLock {
        holders: &'a [Session],
    },
    Adopted {
        folder: &'a str,
    },
    Applying {
        folder: &'a str,
    },
    Applied {
        folder: &'a str,
        elapsed: Duration,
    },
    Reverting {
        folder: &'a str,
    },
    Reverted {
        folder: &'a str,
        elapsed: Duration,
    },
    /// A statement of the migration waited `lock_timeout` for a lock; its
    /// transaction was rolled back and is tried again after `retry_in`.
    LockBusy {
        folder: &'a str,
        attempt: u32,
        attempts: u32,
        retry_in: Duration,
        blockers: &'a [Session],
    },
}

/// Bounds of a migrate or rollback run: how long it waits, and for what.
#[derive(Debug, Clone)]
pub struct RunLimits {
    /// How long to wait for another run's migration lock.
    pub lock_wait: Duration,
    /// `lock_timeout` of every statement: a migration waits at most this long
    /// for a table lock, so readers queued behind its request wait at most this
    /// long too.
    pub lock_timeout: Duration,
    /// How often a migration whose lock wait timed out is tried again (after
    /// pauses that double, from [`RunLimits::first_backoff`]).
    pub lock_retries: u32,
    pub first_backoff: Duration,
    /// `statement_timeout` of the runner's own bookkeeping and catalog queries
    /// (the migrations themselves are not limited).
    pub bookkeeping_timeout: Duration,
    /// When set, a second connection to this URL names the sessions that block
    /// a migration which has waited a while for a lock.
    pub observer: Option<DatabaseUrl>,
}

impl Default for RunLimits {
    fn default() -> Self {
        Self {
            lock_wait: Duration::from_secs(60),
            lock_timeout: Duration::from_secs(3),
            lock_retries: 3,
            first_backoff: Duration::from_millis(500),
            bookkeeping_timeout: Duration::from_secs(60),
            observer: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct MigrateOptions {
    /// Stop after this migration (folder name or version).
    pub to: Option<String>,
    /// Only report what would run.
    pub dry_run: bool,
    pub limits: RunLimits,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MigrateReport {
    /// Migrations run (or, for a dry run, that would run), in order.
    pub migrations: Vec<String>,
    #[serde(skip)]
    pub durations: Vec<Duration>,
    /// Migrations applied by plain Diesel whose checksums were recorded now.
    pub adopted: Vec<String>,
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollbackTarget {
    /// Revert the newest N applied migrations.
    Steps(usize),
    /// Revert every applied migration newer than this one.
    To(String),
}

#[derive(QueryableByName)]
struct Present {
    #[diesel(sql_type = Bool)]
    present: bool,
}

#[derive(QueryableByName)]
struct AppliedRow {
    #[diesel(sql_type = Text)]
    version: String,
    #[diesel(sql_type = Timestamp)]
    run_on: NaiveDateTime,
}

#[derive(QueryableByName)]
struct ChecksumRow {
    #[diesel(sql_type = Text)]
    version: String,
    #[diesel(sql_type = Text)]
    sha256: String,
    #[diesel(sql_type = Nullable<Text>)]
    down_sha256: Option<String>,
}

#[derive(QueryableByName)]
struct BigIntValue {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

#[derive(QueryableByName)]
struct Revision {
    #[diesel(sql_type = Text)]
    revision: String,
}

fn table_exists(conn: &mut PgConnection, table: &str) -> Result<bool> {
    let row: Present = diesel::sql_query("SELECT to_regclass($1) IS NOT NULL AS present")
        .bind::<Text, _>(table)
        .get_result(conn)?;
    Ok(row.present)
}

fn down_column_exists(conn: &mut PgConnection) -> Result<bool> {
    let row: Present = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'biositing_migration_checksums'::regclass AND attname = 'down_sha256' AND NOT attisdropped) AS present",
    )
    .get_result(conn)?;
    Ok(row.present)
}

fn compare(
    script: Option<&MigrationScript>,
    recorded: Option<&str>,
    current: impl Fn(&MigrationScript) -> String,
) -> ChecksumState {
    match (script, recorded) {
        (None, _) => ChecksumState::UnknownToThisBuild,
        (Some(_), None) => ChecksumState::NotRecorded,
        (Some(s), Some(rec)) if rec == current(s) => ChecksumState::Verified,
        (Some(s), Some(rec)) => ChecksumState::Edited {
            recorded: rec.to_string(),
            current: current(s),
        },
    }
}

/// Bounds the session's statements: `lock_timeout` for everything, and
/// `statement_timeout` for the runner's own queries. For callers that read
/// migration state on a connection of their own (`status`).
pub fn bound_session(conn: &mut PgConnection, limits: &RunLimits) -> Result<()> {
    conn.batch_execute(&format!(
        "SET lock_timeout = {}; SET statement_timeout = {}",
        millis(limits.lock_timeout),
        millis(limits.bookkeeping_timeout)
    ))?;
    Ok(())
}

/// A duration as a PostgreSQL millisecond setting, within its range. Formatted
/// from a number, never from user text.
fn millis(d: Duration) -> String {
    let ms = d.as_millis().min(i32::MAX as u128);
    format!("'{ms}ms'")
}

/// Reads the state of the database against `set`. Changes nothing.
pub fn status(conn: &mut PgConnection, set: &MigrationSet) -> Result<MigrationStatus> {
    let applied_rows: Vec<AppliedRow> = if table_exists(conn, "__diesel_schema_migrations")? {
        diesel::sql_query("SELECT version::text AS version, run_on FROM __diesel_schema_migrations ORDER BY version")
            .load(conn)?
    } else {
        Vec::new()
    };
    let recorded: HashMap<String, (String, Option<String>)> = if table_exists(
        conn,
        "biositing_migration_checksums",
    )? {
        let down = if down_column_exists(conn)? {
            "down_sha256::text"
        } else {
            "NULL::text"
        };
        diesel::sql_query(format!("SELECT version::text AS version, sha256::text AS sha256, {down} AS down_sha256 FROM biositing_migration_checksums"))
                .load::<ChecksumRow>(conn)?
                .into_iter()
                .map(|r| (r.version, (r.sha256, r.down_sha256)))
                .collect()
    } else {
        HashMap::new()
    };

    let applied: Vec<AppliedMigration> = applied_rows
        .into_iter()
        // `diesel setup`'s own migration is Diesel's business, not the project's.
        .filter(|row| !super::script::is_diesel_initial_setup(&row.version))
        .map(|row| {
            let script = set.by_version(&row.version);
            let record = recorded.get(&row.version);
            let checksum = compare(
                script,
                record.map(|r| r.0.as_str()),
                MigrationScript::checksum,
            );
            // A down checksum only means something next to a recorded up checksum.
            let down_checksum = compare(
                script,
                record.and_then(|r| r.1.as_deref()),
                MigrationScript::down_checksum,
            );
            AppliedMigration {
                version: row.version,
                folder: script.map(|s| s.folder().to_string()),
                applied_at: row.run_on,
                checksum,
                down_checksum,
            }
        })
        .collect();
    let pending = set
        .scripts()
        .iter()
        .filter(|s| !applied.iter().any(|a| a.version == s.version()))
        .map(|s| s.folder().to_string())
        .collect();
    let built_by_alembic = if applied.is_empty() && table_exists(conn, "public.alembic_version")? {
        let rows: Vec<Revision> =
            diesel::sql_query("SELECT version_num::text AS revision FROM public.alembic_version")
                .load(conn)?;
        Some(
            rows.into_iter()
                .map(|r| r.revision)
                .collect::<Vec<_>>()
                .join(", "),
        )
    } else {
        None
    };
    Ok(MigrationStatus {
        applied,
        pending,
        built_by_alembic,
        duplicate_versions: set.duplicate_versions(),
        not_transactional: set
            .scripts()
            .iter()
            .flat_map(transaction_problems)
            .collect(),
    })
}

fn ensure_unique_versions(set: &MigrationSet) -> Result<()> {
    let duplicates = set.duplicate_versions();
    if duplicates.is_empty() {
        Ok(())
    } else {
        Err(Error::DuplicateVersions(duplicates))
    }
}

/// Refuses scripts (the given files of them) that would not run as one transaction.
fn ensure_transactional<'s>(
    scripts: impl IntoIterator<Item = &'s MigrationScript>,
    files: &[&str],
) -> Result<()> {
    let problems: Vec<TransactionProblem> = scripts
        .into_iter()
        .flat_map(transaction_problems)
        .filter(|p| files.contains(&p.file.as_str()))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::NotTransactional(problems))
    }
}

/// Applies pending migrations, each in its own transaction, under the run-wide lock.
pub fn migrate(
    conn: &mut PgConnection,
    set: &MigrationSet,
    options: &MigrateOptions,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<MigrateReport> {
    ensure_unique_versions(set)?;
    let last = match &options.to {
        Some(reference) => Some(set.resolve(reference)?.version().to_string()),
        None => None,
    };
    let within_target =
        |script: &MigrationScript| last.as_deref().is_none_or(|v| script.version() <= v);
    let limits = &options.limits;

    if options.dry_run {
        return with_bounds(conn, limits, |conn| {
            let state = status(conn, set)?;
            state.ensure_consistent()?;
            let scripts: Vec<&MigrationScript> = pending_scripts(set, &state)
                .into_iter()
                .filter(|s| within_target(s))
                .collect();
            ensure_transactional(scripts.iter().copied(), &["up.sql", "down.sql"])?;
            ensure_extensions_available(conn, scripts.iter().copied())?;
            Ok(MigrateReport {
                migrations: scripts.iter().map(|s| s.folder().to_string()).collect(),
                dry_run: true,
                ..MigrateReport::default()
            })
        });
    }

    with_lock(conn, limits, on_event, |conn, on_event| {
        let state = status(conn, set)?;
        state.ensure_consistent()?;
        let scripts: Vec<&MigrationScript> = pending_scripts(set, &state)
            .into_iter()
            .filter(|s| within_target(s))
            .collect();
        // Both files: a migration applied now must be revertible later.
        ensure_transactional(scripts.iter().copied(), &["up.sql", "down.sql"])?;
        ensure_extensions_available(conn, scripts.iter().copied())?;
        let mut report = MigrateReport::default();
        for applied in &state.applied {
            let Some(script) = set.by_version(&applied.version) else {
                continue;
            };
            if applied.checksum == ChecksumState::NotRecorded {
                record_checksum(conn, script, true)?;
                on_event(MigrateEvent::Adopted {
                    folder: script.folder(),
                });
                report.adopted.push(script.folder().to_string());
            } else if applied.checksum == ChecksumState::Verified
                && applied.down_checksum == ChecksumState::NotRecorded
            {
                record_down_checksum(conn, script)?;
            }
        }
        for script in scripts {
            on_event(MigrateEvent::Applying {
                folder: script.folder(),
            });
            let elapsed = run_step(conn, script, Direction::Up, limits, on_event)?;
            on_event(MigrateEvent::Applied {
                folder: script.folder(),
                elapsed,
            });
            report.migrations.push(script.folder().to_string());
            report.durations.push(elapsed);
        }
        Ok(report)
    })
}

/// Reverts applied migrations, newest first, each in its own transaction, with
/// the default [`RunLimits`] but `lock_wait`. Returns the reverted folders with
/// their durations.
pub fn rollback(
    conn: &mut PgConnection,
    set: &MigrationSet,
    target: &RollbackTarget,
    lock_wait: Duration,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<Vec<(String, Duration)>> {
    let limits = RunLimits {
        lock_wait,
        ..RunLimits::default()
    };
    rollback_with_limits(conn, set, target, &limits, on_event)
}

/// [`rollback`] with every limit given.
pub fn rollback_with_limits(
    conn: &mut PgConnection,
    set: &MigrationSet,
    target: &RollbackTarget,
    limits: &RunLimits,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<Vec<(String, Duration)>> {
    ensure_unique_versions(set)?;
    let keep_through = match target {
        RollbackTarget::To(reference) => Some(set.resolve(reference)?.version().to_string()),
        RollbackTarget::Steps(_) => None,
    };
    with_lock(conn, limits, on_event, |conn, on_event| {
        let state = status(conn, set)?;
        state.ensure_consistent()?;
        let scripts = chosen_for_rollback(&state, set, target, keep_through.as_deref());
        let edited_down: Vec<EditedMigration> = state
            .edited()
            .into_iter()
            .filter(|e| e.file == "down.sql" && scripts.iter().any(|s| s.folder() == e.folder))
            .collect();
        if !edited_down.is_empty() {
            return Err(Error::EditedMigrations(edited_down));
        }
        ensure_transactional(scripts.iter().copied(), &["down.sql"])?;
        let mut reverted = Vec::new();
        for script in scripts {
            on_event(MigrateEvent::Reverting {
                folder: script.folder(),
            });
            let elapsed = run_step(conn, script, Direction::Down, limits, on_event)?;
            on_event(MigrateEvent::Reverted {
                folder: script.folder(),
                elapsed,
            });
            reverted.push((script.folder().to_string(), elapsed));
        }
        Ok(reverted)
    })
}

/// The applied migrations `target` reverts, newest first.
fn chosen_for_rollback<'s>(
    state: &MigrationStatus,
    set: &'s MigrationSet,
    target: &RollbackTarget,
    keep_through: Option<&str>,
) -> Vec<&'s MigrationScript> {
    let newest_first = state.applied.iter().rev();
    let chosen: Vec<&AppliedMigration> = match (target, keep_through) {
        (RollbackTarget::Steps(n), _) => newest_first.take(*n).collect(),
        (RollbackTarget::To(_), Some(keep)) => {
            newest_first.filter(|a| a.version.as_str() > keep).collect()
        }
        (RollbackTarget::To(_), None) => Vec::new(),
    };
    // ensure_consistent() guarantees every applied version is in the set.
    chosen
        .iter()
        .filter_map(|a| set.by_version(&a.version))
        .collect()
}

/// The folders a [`rollback`] to `target` would revert now, newest first,
/// without taking the migration lock (to ask for a confirmation before it).
pub fn rollback_plan(
    conn: &mut PgConnection,
    set: &MigrationSet,
    target: &RollbackTarget,
) -> Result<Vec<String>> {
    let keep_through = match target {
        RollbackTarget::To(reference) => Some(set.resolve(reference)?.version().to_string()),
        RollbackTarget::Steps(_) => None,
    };
    let state = status(conn, set)?;
    state.ensure_consistent()?;
    Ok(
        chosen_for_rollback(&state, set, target, keep_through.as_deref())
            .iter()
            .map(|s| s.folder().to_string())
            .collect(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// Runs one migration (or its revert) in one transaction, trying again after a
/// lock timeout as `limits` allow.
fn run_step(
    conn: &mut PgConnection,
    script: &MigrationScript,
    direction: Direction,
    limits: &RunLimits,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<Duration> {
    let (file, sql) = match direction {
        Direction::Up => ("up.sql", script.up_sql()),
        Direction::Down => ("down.sql", script.down_sql()),
    };
    let pid = backend_pid(conn)?;
    let attempts = limits.lock_retries.saturating_add(1);
    let mut backoff = limits.first_backoff;
    for attempt in 1..=attempts {
        let watch = limits
            .observer
            .clone()
            .map(|url| BlockerWatch::start(url, pid, limits.lock_timeout / 3));
        let started = Instant::now();
        let outcome = conn.transaction::<_, StepError, _>(|conn| {
            // The migration itself is not bookkeeping: no statement_timeout.
            conn.batch_execute("SET LOCAL statement_timeout = 0")?;
            let transaction = current_transaction(conn)?;
            match direction {
                Direction::Up => {
                    conn.run_migration(script).map_err(StepError::from_boxed)?;
                    record_checksum(conn, script, false).map_err(StepError::Other)?;
                }
                Direction::Down => {
                    conn.revert_migration(script)
                        .map_err(StepError::from_boxed)?;
                }
            }
            if current_transaction(conn)? != transaction {
                return Err(StepError::Escaped);
            }
            Ok(())
        });
        let blockers = watch.map(BlockerWatch::finish).unwrap_or_default();
        match outcome {
            Ok(()) => return Ok(started.elapsed()),
            Err(e) if e.is_lock_timeout() && attempt < attempts => {
                on_event(MigrateEvent::LockBusy {
                    folder: script.folder(),
                    attempt,
                    attempts,
                    retry_in: backoff,
                    blockers: &blockers,
                });
                std::thread::sleep(backoff);
                backoff = backoff.saturating_mul(2);
            }
            Err(e) if e.is_lock_timeout() => {
                return Err(Error::MigrationBlocked {
                    folder: format!("{}/{file}", script.folder()),
                    attempts,
                    lock_timeout_ms: limits.lock_timeout.as_millis(),
                    blockers,
                })
            }
            Err(e) => return Err(e.into_error(script, file, sql)),
        }
    }
    // `attempts` is at least 1, and every attempt returns or continues.
    Err(Error::MigrationBlocked {
        folder: format!("{}/{file}", script.folder()),
        attempts,
        lock_timeout_ms: limits.lock_timeout.as_millis(),
        blockers: Vec::new(),
    })
}

fn backend_pid(conn: &mut PgConnection) -> Result<i32> {
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    let row: Pid = diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(conn)?;
    Ok(row.pid)
}

/// The id of the running transaction: a migration that commits or rolls back
/// on its own (which the checks should have refused) shows as a changed id.
fn current_transaction(conn: &mut PgConnection) -> std::result::Result<i64, StepError> {
    let row: BigIntValue = diesel::sql_query("SELECT txid_current() AS value").get_result(conn)?;
    Ok(row.value)
}

/// Polls, on a connection of its own, which sessions block a migration's backend.
/// It connects only once the migration has run for `delay`, so quick migrations
/// cost nothing.
struct BlockerWatch {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Session>>>,
    thread: std::thread::JoinHandle<()>,
}

impl BlockerWatch {
    fn start(url: DatabaseUrl, pid: i32, delay: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, seen_list) = (Arc::clone(&stop), Arc::clone(&seen));
        let thread = std::thread::spawn(move || {
            let step = Duration::from_millis(50);
            let started = Instant::now();
            while started.elapsed() < delay {
                if stop_flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(step);
            }
            let Ok(mut conn) = crate::connect(&url) else {
                return;
            };
            let _ = conn.batch_execute(
                "SET statement_timeout = '2s'; SET application_name = 'biositing (watching a migration''s lock wait)'",
            );
            while !stop_flag.load(Ordering::Relaxed) {
                if let Ok(blockers) = blocking_sessions(&mut conn, pid) {
                    if !blockers.is_empty() {
                        if let Ok(mut list) = seen_list.lock() {
                            *list = blockers;
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        Self { stop, seen, thread }
    }

    fn finish(self) -> Vec<Session> {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.seen.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn pending_scripts<'s>(set: &'s MigrationSet, state: &MigrationStatus) -> Vec<&'s MigrationScript> {
    set.scripts()
        .iter()
        .filter(|s| state.pending.iter().any(|p| p == s.folder()))
        .collect()
}

/// Runs `work` with the session bounded by `limits`, and the bounds lifted
/// afterwards (the caller may go on with other work on the connection).
fn with_bounds<T>(
    conn: &mut PgConnection,
    limits: &RunLimits,
    work: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    bound_session(conn, limits)?;
    let outcome = work(conn);
    let reset = conn
        .batch_execute("RESET lock_timeout; RESET statement_timeout")
        .map_err(Error::from);
    let value = outcome?;
    reset?;
    Ok(value)
}

/// Runs `work` while holding the migration lock, with the bookkeeping tables in place.
fn with_lock<T>(
    conn: &mut PgConnection,
    limits: &RunLimits,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
    work: impl FnOnce(&mut PgConnection, &mut dyn FnMut(MigrateEvent<'_>)) -> Result<T>,
) -> Result<T> {
    with_bounds(conn, limits, |conn| {
        let lock = MigrationLock::acquire(conn, limits.lock_wait, &mut |holders| {
            on_event(MigrateEvent::WaitingForLock { holders })
        })?;
        let outcome = conn
            .setup()
            .map_err(Error::from)
            .and_then(|_| conn.batch_execute(CHECKSUM_TABLE).map_err(Error::from))
            .and_then(|()| {
                if down_column_exists(conn)? {
                    Ok(())
                } else {
                    conn.batch_execute(DOWN_COLUMN).map_err(Error::from)
                }
            })
            .and_then(|()| work(conn, on_event));
        let released = lock.release(conn);
        let value = outcome?;
        released?;
        Ok(value)
    })
}

/// Records `script` as applied without running it, for a database whose objects
/// were created by other means (`biositing adopt`): the version row exactly as
/// Diesel writes it, and the checksum, marked as adopted. Runs in the caller's
/// transaction; the bookkeeping tables are created when missing.
pub fn record_applied_without_running(
    conn: &mut PgConnection,
    script: &MigrationScript,
) -> Result<()> {
    conn.setup()?;
    conn.batch_execute(CHECKSUM_TABLE)?;
    // The row Diesel's harness inserts after running a migration (run_on defaults to now).
    diesel::sql_query("INSERT INTO __diesel_schema_migrations (version) VALUES ($1)")
        .bind::<Text, _>(script.version())
        .execute(conn)?;
    record_checksum(conn, script, true)
}

fn record_checksum(conn: &mut PgConnection, script: &MigrationScript, adopted: bool) -> Result<()> {
    diesel::sql_query(
        "INSERT INTO biositing_migration_checksums (version, folder, sha256, adopted, down_sha256) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind::<Text, _>(script.version())
    .bind::<Text, _>(script.folder())
    .bind::<Text, _>(script.checksum())
    .bind::<Bool, _>(adopted)
    .bind::<Text, _>(script.down_checksum())
    .execute(conn)?;
    Ok(())
}

/// For migrations applied by a release that did not record `down.sql`.
fn record_down_checksum(conn: &mut PgConnection, script: &MigrationScript) -> Result<()> {
    diesel::sql_query(
        "UPDATE biositing_migration_checksums SET down_sha256 = $2 WHERE version = $1 AND down_sha256 IS NULL",
    )
    .bind::<Text, _>(script.version())
    .bind::<Text, _>(script.down_checksum())
    .execute(conn)?;
    Ok(())
}

/// Why a migration step failed inside its transaction.
#[derive(Debug)]
enum StepError {
    Sql(diesel::result::Error),
    Other(Error),
    Boxed(String),
    /// The migration's SQL ended the transaction it ran in.
    Escaped,
}

impl From<diesel::result::Error> for StepError {
    fn from(e: diesel::result::Error) -> Self {
        StepError::Sql(e)
    }
}

impl StepError {
    fn from_boxed(e: Box<dyn std::error::Error + Send + Sync>) -> Self {
        match e.downcast::<diesel::result::Error>() {
            Ok(sql) => StepError::Sql(*sql),
            Err(other) => StepError::Boxed(other.to_string()),
        }
    }

    /// PostgreSQL's lock_timeout (SQLSTATE 55P03, which Diesel does not expose).
    fn is_lock_timeout(&self) -> bool {
        matches!(self, StepError::Sql(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("lock timeout"))
    }

    fn into_error(self, script: &MigrationScript, file: &str, sql: &str) -> Error {
        let folder = format!("{}/{file}", script.folder());
        let message = match self {
            StepError::Escaped => return Error::MigrationEscapedTransaction { folder },
            StepError::Sql(diesel::result::Error::DatabaseError(_, info)) => {
                let mut message = info.message().to_string();
                if let Some(position) = info.statement_position() {
                    message.push_str(&describe_position(sql, position));
                }
                if let Some(detail) = info.details() {
                    message.push_str(&format!(" (detail: {detail})"));
                }
                if let Some(hint) = info.hint() {
                    message.push_str(&format!(" (hint: {hint})"));
                }
                message
            }
            StepError::Sql(other) => other.to_string(),
            StepError::Other(other) => other.to_string(),
            StepError::Boxed(other) => other,
        };
        Error::MigrationFailed { folder, message }
    }
}

/// PostgreSQL reports a 1-based character offset into the script; turn it into
/// line and column and quote the line.
fn describe_position(sql: &str, position: i32) -> String {
    let offset = usize::try_from(position.saturating_sub(1)).unwrap_or(0);
    let before: String = sql.chars().take(offset).collect();
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
    let text = sql.lines().nth(line - 1).unwrap_or("").trim();
    format!(" at line {line}, column {column}: `{text}`")
}

#[cfg(test)]
mod tests {
    use super::describe_position;

    #[test]
    fn positions_become_lines_and_columns() {
        let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id nosuchtype);\n";
        // "nosuchtype" starts at character 45 (1-based).
        assert_eq!(
            describe_position(sql, 45),
            " at line 2, column 20: `CREATE TABLE b (id nosuchtype);`"
        );
        assert_eq!(
            describe_position(sql, 1),
            " at line 1, column 1: `CREATE TABLE a (id int);`"
        );
    }
}
