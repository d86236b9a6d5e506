use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text, Timestamp};
use diesel_migrations::MigrationHarness;
use serde::Serialize;

use super::{MigrationLock, MigrationScript, MigrationSet};
use crate::{Error, Result};

/// Side table holding the SHA-256 of each applied migration's `up.sql`, written in
/// the migration's own transaction. Rows vanish with their version row when a
/// migration is reverted, by `biositing` or by plain `diesel migration revert`.
const CHECKSUM_TABLE: &str = "
CREATE TABLE IF NOT EXISTS biositing_migration_checksums (
    version varchar(50) PRIMARY KEY REFERENCES __diesel_schema_migrations (version) ON DELETE CASCADE,
    folder varchar NOT NULL,
    sha256 char(64) NOT NULL,
    adopted boolean NOT NULL DEFAULT false,
    recorded_at timestamptz NOT NULL DEFAULT now()
)";

/// What is known about one applied migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedMigration {
    pub version: String,
    /// `None` when this build has no migration with that version.
    pub folder: Option<String>,
    pub applied_at: NaiveDateTime,
    pub checksum: ChecksumState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ChecksumState {
    /// The recorded checksum matches the migration's `up.sql`.
    Verified,
    /// Applied by plain `diesel migration run`; the next `migrate` adopts it.
    NotRecorded,
    /// `up.sql` changed after the migration was applied.
    Edited { recorded: String, current: String },
    /// The database knows a version that this build does not.
    UnknownToThisBuild,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditedMigration {
    pub folder: String,
    pub recorded: String,
    pub current: String,
}

/// Applied and pending migrations of a database, and what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MigrationStatus {
    pub applied: Vec<AppliedMigration>,
    pub pending: Vec<String>,
}

impl MigrationStatus {
    pub fn edited(&self) -> Vec<EditedMigration> {
        self.applied
            .iter()
            .filter_map(|a| match (&a.checksum, &a.folder) {
                (ChecksumState::Edited { recorded, current }, Some(folder)) => {
                    Some(EditedMigration {
                        folder: folder.clone(),
                        recorded: recorded.clone(),
                        current: current.clone(),
                    })
                }
                _ => None,
            })
            .collect()
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
            .edited()
            .iter()
            .map(|e| format!("{}: up.sql was edited after it was applied", e.folder))
            .collect();
        problems.extend(
            self.unknown()
                .into_iter()
                .map(|v| format!("{v}: applied, but no such migration in this build")),
        );
        problems
    }

    /// Refuses to run on top of edited or unknown applied migrations.
    fn ensure_consistent(&self) -> Result<()> {
        let edited = self.edited();
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
    WaitingForLock,
    Adopted { folder: &'a str },
    Applying { folder: &'a str },
    Applied { folder: &'a str, elapsed: Duration },
    Reverting { folder: &'a str },
    Reverted { folder: &'a str, elapsed: Duration },
}

#[derive(Debug, Clone)]
pub struct MigrateOptions {
    /// Stop after this migration (folder name or version).
    pub to: Option<String>,
    /// Only report what would run.
    pub dry_run: bool,
    /// How long to wait for another run's lock.
    pub lock_wait: Duration,
}

impl Default for MigrateOptions {
    fn default() -> Self {
        Self {
            to: None,
            dry_run: false,
            lock_wait: Duration::from_secs(60),
        }
    }
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
}

fn table_exists(conn: &mut PgConnection, table: &str) -> Result<bool> {
    let row: Present = diesel::sql_query("SELECT to_regclass($1) IS NOT NULL AS present")
        .bind::<Text, _>(table)
        .get_result(conn)?;
    Ok(row.present)
}

/// Reads the state of the database against `set`. Changes nothing.
pub fn status(conn: &mut PgConnection, set: &MigrationSet) -> Result<MigrationStatus> {
    let applied_rows: Vec<AppliedRow> = if table_exists(conn, "__diesel_schema_migrations")? {
        diesel::sql_query("SELECT version::text AS version, run_on FROM __diesel_schema_migrations ORDER BY version")
            .load(conn)?
    } else {
        Vec::new()
    };
    let recorded: HashMap<String, String> = if table_exists(conn, "biositing_migration_checksums")?
    {
        diesel::sql_query("SELECT version::text AS version, sha256::text AS sha256 FROM biositing_migration_checksums")
            .load::<ChecksumRow>(conn)?
            .into_iter()
            .map(|r| (r.version, r.sha256))
            .collect()
    } else {
        HashMap::new()
    };

    let applied: Vec<AppliedMigration> = applied_rows
        .into_iter()
        .map(|row| {
            let script = set.by_version(&row.version);
            let checksum = match (script, recorded.get(&row.version)) {
                (None, _) => ChecksumState::UnknownToThisBuild,
                (Some(_), None) => ChecksumState::NotRecorded,
                (Some(s), Some(rec)) if *rec == s.checksum() => ChecksumState::Verified,
                (Some(s), Some(rec)) => ChecksumState::Edited {
                    recorded: rec.clone(),
                    current: s.checksum(),
                },
            };
            AppliedMigration {
                version: row.version,
                folder: script.map(|s| s.folder().to_string()),
                applied_at: row.run_on,
                checksum,
            }
        })
        .collect();
    let pending = set
        .scripts()
        .iter()
        .filter(|s| !applied.iter().any(|a| a.version == s.version()))
        .map(|s| s.folder().to_string())
        .collect();
    Ok(MigrationStatus { applied, pending })
}

/// Applies pending migrations, each in its own transaction, under the run-wide lock.
pub fn migrate(
    conn: &mut PgConnection,
    set: &MigrationSet,
    options: &MigrateOptions,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<MigrateReport> {
    let last = match &options.to {
        Some(reference) => Some(set.resolve(reference)?.version().to_string()),
        None => None,
    };
    let within_target =
        |script: &MigrationScript| last.as_deref().is_none_or(|v| script.version() <= v);

    if options.dry_run {
        let state = status(conn, set)?;
        state.ensure_consistent()?;
        let migrations = pending_scripts(set, &state)
            .into_iter()
            .filter(|s| within_target(s))
            .map(|s| s.folder().to_string())
            .collect();
        return Ok(MigrateReport {
            migrations,
            dry_run: true,
            ..MigrateReport::default()
        });
    }

    with_lock(conn, options.lock_wait, on_event, |conn, on_event| {
        let state = status(conn, set)?;
        state.ensure_consistent()?;
        let mut report = MigrateReport::default();
        for applied in state
            .applied
            .iter()
            .filter(|a| a.checksum == ChecksumState::NotRecorded)
        {
            if let Some(script) = set.by_version(&applied.version) {
                record_checksum(conn, script, true)?;
                on_event(MigrateEvent::Adopted {
                    folder: script.folder(),
                });
                report.adopted.push(script.folder().to_string());
            }
        }
        for script in pending_scripts(set, &state)
            .into_iter()
            .filter(|s| within_target(s))
        {
            on_event(MigrateEvent::Applying {
                folder: script.folder(),
            });
            let started = Instant::now();
            conn.transaction::<_, StepError, _>(|conn| {
                conn.run_migration(script).map_err(StepError::from_boxed)?;
                record_checksum(conn, script, false).map_err(StepError::Other)?;
                Ok(())
            })
            .map_err(|e| e.into_error(script, script.up_sql()))?;
            let elapsed = started.elapsed();
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

/// Reverts applied migrations, newest first, each in its own transaction.
/// Returns the reverted folders with their durations.
pub fn rollback(
    conn: &mut PgConnection,
    set: &MigrationSet,
    target: &RollbackTarget,
    lock_wait: Duration,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
) -> Result<Vec<(String, Duration)>> {
    let keep_through = match target {
        RollbackTarget::To(reference) => Some(set.resolve(reference)?.version().to_string()),
        RollbackTarget::Steps(_) => None,
    };
    with_lock(conn, lock_wait, on_event, |conn, on_event| {
        let state = status(conn, set)?;
        state.ensure_consistent()?;
        let newest_first = state.applied.iter().rev();
        let chosen: Vec<&AppliedMigration> = match (target, &keep_through) {
            (RollbackTarget::Steps(n), _) => newest_first.take(*n).collect(),
            (RollbackTarget::To(_), Some(keep)) => newest_first
                .filter(|a| a.version.as_str() > keep.as_str())
                .collect(),
            (RollbackTarget::To(_), None) => Vec::new(),
        };
        let mut reverted = Vec::new();
        for applied in chosen {
            // ensure_consistent() guarantees every applied version is in the set.
            let Some(script) = set.by_version(&applied.version) else {
                continue;
            };
            on_event(MigrateEvent::Reverting {
                folder: script.folder(),
            });
            let started = Instant::now();
            conn.transaction::<_, StepError, _>(|conn| {
                conn.revert_migration(script)
                    .map_err(StepError::from_boxed)?;
                Ok(())
            })
            .map_err(|e| e.into_error(script, script.down_sql()))?;
            let elapsed = started.elapsed();
            on_event(MigrateEvent::Reverted {
                folder: script.folder(),
                elapsed,
            });
            reverted.push((script.folder().to_string(), elapsed));
        }
        Ok(reverted)
    })
}

fn pending_scripts<'s>(set: &'s MigrationSet, state: &MigrationStatus) -> Vec<&'s MigrationScript> {
    set.scripts()
        .iter()
        .filter(|s| state.pending.iter().any(|p| p == s.folder()))
        .collect()
}

/// Runs `work` while holding the migration lock, with the bookkeeping tables in place.
fn with_lock<T>(
    conn: &mut PgConnection,
    wait: Duration,
    on_event: &mut dyn FnMut(MigrateEvent<'_>),
    work: impl FnOnce(&mut PgConnection, &mut dyn FnMut(MigrateEvent<'_>)) -> Result<T>,
) -> Result<T> {
    let lock = MigrationLock::acquire(conn, wait, &mut || on_event(MigrateEvent::WaitingForLock))?;
    let outcome = conn
        .setup()
        .map_err(Error::from)
        .and_then(|_| conn.batch_execute(CHECKSUM_TABLE).map_err(Error::from))
        .and_then(|()| work(conn, on_event));
    let released = lock.release(conn);
    let value = outcome?;
    released?;
    Ok(value)
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
        "INSERT INTO biositing_migration_checksums (version, folder, sha256, adopted) VALUES ($1, $2, $3, $4)",
    )
    .bind::<Text, _>(script.version())
    .bind::<Text, _>(script.folder())
    .bind::<Text, _>(script.checksum())
    .bind::<Bool, _>(adopted)
    .execute(conn)?;
    Ok(())
}

/// Why a migration step failed inside its transaction.
#[derive(Debug)]
enum StepError {
    Sql(diesel::result::Error),
    Other(Error),
    Boxed(String),
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

    fn into_error(self, script: &MigrationScript, sql: &str) -> Error {
        let message = match self {
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
        let file = if std::ptr::eq(sql, script.up_sql()) {
            "up.sql"
        } else {
            "down.sql"
        };
        Error::MigrationFailed {
            folder: format!("{}/{file}", script.folder()),
            message,
        }
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
