use std::process::ExitCode;

use biositing_db::migrations::{migrate, MigrateEvent, MigrateOptions, RunLimits};
use biositing_db::sessions::describe_sessions;
use biositing_db::DatabaseUrl;
use clap::Args;

use biositing_db::migrations::{status, ChecksumLock, LockMismatch, LOCK_FILE_NAME};
use biositing_workflow::{hand_written, Project};
use diesel::PgConnection;

use super::InputError;
use crate::{output, Cli};

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Stop after this migration (folder name or version)
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
    /// List the migrations that would run, and change nothing
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    limits: LimitArgs,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

/// How long a migrate, rollback or setup run waits, and for what.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Seconds to wait for another run holding the migration lock
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    lock_wait: u64,
    /// Longest a migration waits for a table lock (readers queue behind it that long at most); then it is rolled back and tried again (e.g. 3s, 500ms)
    #[arg(long, default_value = "3s", value_name = "DUR")]
    lock_timeout: String,
    /// How often a migration rolled back on --lock-timeout is tried again, after pauses of 0.5 s, 1 s, 2 s...
    #[arg(long, default_value_t = 3, value_name = "N")]
    lock_retries: u32,
}

impl LimitArgs {
    /// The run's limits, with a second connection to `url` to name blocking sessions.
    pub(crate) fn limits(&self, url: &DatabaseUrl) -> anyhow::Result<RunLimits> {
        // 0 means "do not wait", as for refresh: PostgreSQL's own 0 (wait
        // forever) would let readers queue behind the migration without bound.
        let lock_timeout = biositing_refresh::parse_duration(&self.lock_timeout)?
            .max(std::time::Duration::from_millis(1));
        if lock_timeout.as_millis() > i32::MAX as u128 {
            return Err(InputError(format!(
                "--lock-timeout {} is longer than PostgreSQL can take (about 596 h)",
                self.lock_timeout
            ))
            .into());
        }
        Ok(RunLimits {
            lock_wait: super::seconds(self.lock_wait),
            lock_timeout,
            lock_retries: self.lock_retries,
            observer: Some(url.clone()),
            ..RunLimits::default()
        })
    }
}

/// One line per migration event.
pub(crate) fn print_event(event: &MigrateEvent<'_>, limits: &RunLimits) {
    match event {
        MigrateEvent::WaitingForLock { holders } => println!(
            "The migration lock is held by {}; waiting (up to {} s)...",
            describe_sessions(holders, "another session"),
            limits.lock_wait.as_secs()
        ),
        MigrateEvent::Adopted { folder } => {
            println!("notice: {folder} was applied by plain diesel; its checksum is now recorded")
        }
        MigrateEvent::Applying { folder } => println!("applying {folder} ..."),
        MigrateEvent::Applied { folder, elapsed } => {
            println!("applied  {folder} ({})", output::duration(*elapsed))
        }
        MigrateEvent::Reverting { folder } => println!("reverting {folder} ..."),
        MigrateEvent::Reverted { folder, elapsed } => {
            println!("reverted  {folder} ({})", output::duration(*elapsed))
        }
        MigrateEvent::LockBusy {
            folder,
            attempt,
            attempts,
            retry_in,
            blockers,
        } => println!(
            "  {folder}: a table lock stayed busy longer than {} (held by {}); rolled back, trying again in {} (attempt {} of {attempts})",
            output::duration(limits.lock_timeout),
            describe_sessions(blockers, "sessions not yet named"),
            output::duration(*retry_in),
            attempt + 1
        ),
    }
}

pub fn run(cli: &Cli, args: &MigrateArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let limits = args.limits.limits(&url)?;
    let project = cli.project()?;
    let set = project.migrations().clone();
    let mut conn = super::connect_primary(&url)?;
    refuse_unready_pending(&mut conn, &project)?;
    let options = MigrateOptions {
        to: args.to.clone(),
        dry_run: args.dry_run,
        limits: limits.clone(),
    };
    let quiet = args.json;
    let mut on_event = |event: MigrateEvent<'_>| {
        if !quiet {
            print_event(&event, &limits);
        }
    };
    let report = migrate(&mut conn, &set, &options, &mut on_event)?;
    let hand_written: Vec<&str> = report
        .migrations
        .iter()
        .filter_map(|folder| set.resolve(folder).ok())
        .filter(|s| s.up_sql().starts_with(hand_written::HAND_WRITTEN_HEADER))
        .map(|s| s.folder())
        .collect();
    if !hand_written.is_empty() && !args.json && !report.dry_run {
        // Only when the base tables now differ from the schema.rs this binary
        // was built with: a hand-written migration of the portal's own tables
        // (data_portal) leaves nothing to regenerate.
        let mismatches =
            biositing_workflow::verify::schema_mismatches(&mut conn).unwrap_or_default();
        if let Some(first) = mismatches.first().and_then(|m| m.split(": ").next()) {
            println!(
                "{} is hand-written and the base tables now differ from crates/models/src/schema.rs ({} difference(s), e.g. {first}): regenerate it (`diesel print-schema > crates/models/src/schema.rs`) and the models; nothing is regenerated for you.",
                hand_written.join(", "),
                mismatches.len()
            );
        }
    }
    if !report.dry_run {
        warn_untracked(&mut conn);
    }
    if args.json {
        output::json(&report)?;
    } else if report.dry_run {
        if report.migrations.is_empty() {
            println!("Dry run: nothing to apply on {url}.");
        } else {
            println!(
                "Dry run: would apply {} migration(s) on {url}:",
                report.migrations.len()
            );
            for folder in &report.migrations {
                println!("  {folder}");
            }
        }
    } else if report.migrations.is_empty() {
        println!("Nothing to migrate: {url} is up to date.");
    } else {
        let total = report.durations.iter().sum();
        println!(
            "Applied {} migration(s) in {}.",
            report.migrations.len(),
            output::duration(total)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A table a view reads whose changes are not recorded would let `refresh`
/// skip a view that changed: said at once, on stderr (`verify` fails on it).
fn warn_untracked(conn: &mut PgConnection) {
    match biositing_refresh::untracked_tables(conn) {
        Ok(tables) => {
            for table in tables {
                eprintln!(
                    "warning: {table} is read by a view but its changes are not recorded, so `biositing refresh` cannot tell when it changed: {}",
                    biositing_refresh::untracking_fix(&table)
                );
            }
        }
        Err(e) => eprintln!("warning: cannot check which tables are change-tracked: {e}"),
    }
}

/// Refuses (exit 2) to apply a pending migration that is not ready: one whose
/// `up.sql` holds no statement yet (an unwritten `migration new` pair), or, in a
/// migrations folder with a `migrations.lock` beside it, one whose files differ
/// from the lock (written, not locked).
pub(crate) fn refuse_unready_pending(
    conn: &mut PgConnection,
    project: &Project,
) -> anyhow::Result<()> {
    let set = project.migrations();
    let pending = status(conn, set)?.pending;
    let is_pending = |folder: &str| pending.iter().any(|p| p == folder);
    for script in set.scripts().iter().filter(|s| is_pending(s.folder())) {
        if hand_written::is_unwritten(script) {
            return Err(InputError(format!(
                "{}/up.sql holds no statement yet: write its SQL and `biositing migration lock`, or remove it with `biositing migration discard`",
                script.folder()
            ))
            .into());
        }
    }
    // The lock file beside the migrations folder read (as `migration lock` keeps it).
    let Some(lock_path) = project
        .migrations_dir()
        .and_then(|dir| dir.parent())
        .map(|parent| parent.join(LOCK_FILE_NAME))
    else {
        return Ok(());
    };
    let Ok(text) = std::fs::read_to_string(lock_path) else {
        return Ok(());
    };
    for mismatch in ChecksumLock::parse(&text)?.compare(set) {
        let folder = match &mismatch {
            LockMismatch::Edited { folder, .. } | LockMismatch::Unlocked { folder } => folder,
            LockMismatch::Removed { .. } => continue,
        };
        if is_pending(folder) {
            return Err(InputError(format!(
                "pending migration {folder} differs from {LOCK_FILE_NAME}: lock what you wrote (`biositing migration lock`), or restore the locked files"
            ))
            .into());
        }
    }
    Ok(())
}
