use std::process::ExitCode;

use biositing_db::migrations::{status, ChecksumLock, LOCK_FILE_NAME};
use biositing_refresh::parse_duration;
use biositing_workflow::hand_written;
use biositing_workflow::prove::{prove, ProofOptions};
use clap::Subcommand;

use super::InputError;
use crate::Cli;

#[derive(Debug, Subcommand)]
pub enum MigrationCommand {
    /// Write a new migration that freezes the current definitions of the given views,
    /// after proving it on the database (DATABASE_URL) in a transaction that is rolled back
    Generate {
        /// View to freeze (repeat for several)
        #[arg(long = "view", value_name = "VIEW", required = true)]
        views: Vec<String>,
        /// What the change does; it also names the migration folder
        #[arg(short, long, value_name = "MESSAGE")]
        message: String,
        /// Write without proving the migration on a database first
        #[arg(long)]
        no_check: bool,
        /// How long the proof waits for a lock on a view before giving up (e.g. 5s)
        #[arg(long, default_value = "5s", value_name = "DUR")]
        lock_timeout: String,
        /// Longest any statement of the proof may run (default: no limit)
        #[arg(long, value_name = "DUR")]
        statement_timeout: Option<String>,
    },
    /// Create an empty, locked migration for hand-written base-table SQL
    New {
        /// What the change does; it also names the migration folder
        #[arg(short, long, value_name = "MESSAGE")]
        message: String,
    },
    /// Remove the newest migration (folder and lock line) when no database applied it
    Discard,
    /// Add new migrations to the committed checksum lock file (never rewrites existing lines,
    /// except those of hand-written migrations no commit holds and no database applied)
    Lock {
        /// Only check the lock file against the folder; exit 1 on any difference
        #[arg(long)]
        check: bool,
    },
}

pub fn run(cli: &Cli, command: &MigrationCommand) -> anyhow::Result<ExitCode> {
    match command {
        MigrationCommand::Lock { check } => lock(cli, *check),
        MigrationCommand::Generate {
            views,
            message,
            no_check,
            lock_timeout,
            statement_timeout,
        } => {
            let proof = if *no_check {
                None
            } else {
                Some(ProofOptions {
                    lock_timeout: parse_duration(lock_timeout)?,
                    statement_timeout: statement_timeout
                        .as_deref()
                        .map(parse_duration)
                        .transpose()?,
                })
            };
            generate(cli, views, message, proof)
        }
        MigrationCommand::New { message } => new(cli, message),
        MigrationCommand::Discard => discard(cli),
    }
}

fn generate(
    cli: &Cli,
    names: &[String],
    message: &str,
    proof: Option<ProofOptions>,
) -> anyhow::Result<ExitCode> {
    use biositing_workflow::generate;
    let views = cli.project()?.resolve_views(names)?;
    let folder = cli.migrations_folder()?;
    let set = biositing_db::migrations::MigrationSet::from_dir(&folder)?;
    let migration = generate::generate(&set, &views, message, &generate::next_version(&set))?;
    match proof {
        Some(options) => {
            let url = cli.database_url().map_err(|_| {
                InputError(
                    "migration generate proves the new migration on a database before writing it: set DATABASE_URL (or --database-url) to your development database, or pass --no-check to write it unproven".into(),
                )
            })?;
            // The proof writes, rolled back: a standby cannot run it.
            let mut conn = super::connect_primary(&url)?;
            let proof = prove(&mut conn, &set, &migration, &views, &options)?;
            let head = if proof.brought_to_head.is_empty() {
                String::new()
            } else {
                format!(
                    " after {} pending migration(s)",
                    proof.brought_to_head.len()
                )
            };
            println!(
                "proved on {url}{head}: up.sql creates {} as mapped, down.sql restores the previous state (rolled back)",
                proof.checked.join(", ")
            );
        }
        None => println!(
            "not proved (--no-check): `biositing verify` after migrating checks the mapping"
        ),
    }
    let written = generate::write(&folder, &migration)?;
    println!("wrote {}", written.join("up.sql").display());
    println!("wrote {}", written.join("down.sql").display());
    if !migration.dependants.is_empty() {
        println!(
            "recreated unchanged around the change: {}",
            migration.dependants.join(", ")
        );
    }
    println!("locked {} in {LOCK_FILE_NAME}", migration.folder);
    println!("Next: review the SQL, then `biositing migrate` and `biositing refresh`.");
    Ok(ExitCode::SUCCESS)
}

fn new(cli: &Cli, message: &str) -> anyhow::Result<ExitCode> {
    let folder = cli.migrations_folder()?;
    let set = biositing_db::migrations::MigrationSet::from_dir(&folder)?;
    let migration = hand_written::new_migration(
        &set,
        message,
        &biositing_workflow::generate::next_version(&set),
    )?;
    let written = biositing_workflow::generate::write(&folder, &migration)?;
    println!("wrote {}", written.join("up.sql").display());
    println!("wrote {}", written.join("down.sql").display());
    println!("locked {} in {LOCK_FILE_NAME}", migration.folder);
    println!(
        "Next: write the SQL in both files, `biositing migration lock`, then `biositing migrate` (it refuses while up.sql holds no statement)."
    );
    Ok(ExitCode::SUCCESS)
}

/// Versions the configured database has applied; `None` when no database is
/// configured (nothing to ask).
fn applied_versions(cli: &Cli) -> anyhow::Result<Option<(biositing_db::DatabaseUrl, Vec<String>)>> {
    let Ok(url) = cli.database_url() else {
        return Ok(None);
    };
    let mut conn = super::connect(&url)?;
    let state = status(
        &mut conn,
        &biositing_db::migrations::MigrationSet::default(),
    )?;
    Ok(Some((
        url,
        state.applied.into_iter().map(|a| a.version).collect(),
    )))
}

fn discard(cli: &Cli) -> anyhow::Result<ExitCode> {
    let folder = cli.migrations_folder()?;
    let target = hand_written::newest_discardable(&folder)?;
    match applied_versions(cli)? {
        Some((url, applied)) if applied.contains(&target.version) => {
            return Err(InputError(format!(
                "{} is applied on {url}: roll it back there first (`biositing rollback`), then discard it; a migration another database applied must stay",
                target.folder
            ))
            .into());
        }
        Some((url, _)) => println!("{} is not applied on {url}.", target.folder),
        None => println!(
            "no database configured: not checked whether one applied {}",
            target.folder
        ),
    }
    hand_written::discard(&folder, &target)?;
    if target.folder_exists {
        println!("removed {}", folder.join(&target.folder).display());
    }
    println!("removed {} from {LOCK_FILE_NAME}", target.folder);
    Ok(ExitCode::SUCCESS)
}

fn lock(cli: &Cli, check: bool) -> anyhow::Result<ExitCode> {
    let folder = cli.migrations_folder()?;
    let set = biositing_db::migrations::MigrationSet::from_dir(&folder)?;
    let lock_path = folder.parent().unwrap_or(&folder).join(LOCK_FILE_NAME);
    let existing = match std::fs::read_to_string(&lock_path) {
        Ok(text) => ChecksumLock::parse(&text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => ChecksumLock::default(),
        Err(e) => {
            return Err(InputError(format!("cannot read {}: {e}", lock_path.display())).into())
        }
    };
    if check {
        let mismatches = existing.compare(&set);
        for m in &mismatches {
            println!("{m}");
        }
        if mismatches.is_empty() {
            println!(
                "{LOCK_FILE_NAME} matches all {} migrations.",
                set.scripts().len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        return Ok(ExitCode::from(crate::EXIT_FAILED));
    }
    match existing.extended_with(&set) {
        Ok((_, added)) if added.is_empty() => {
            println!(
                "{LOCK_FILE_NAME} is up to date ({} migrations).",
                set.scripts().len()
            );
        }
        Ok((extended, added)) => {
            std::fs::write(&lock_path, extended.render())?;
            for folder in &added {
                println!("locked {folder}");
            }
        }
        Err(refused) => {
            let folders = match hand_written::relockable(&folder, &set, &refused) {
                Ok(folders) => folders,
                Err(Some(why)) => {
                    return Err(
                        InputError(format!("{LOCK_FILE_NAME} left unchanged: {why}")).into(),
                    )
                }
                Err(None) => {
                    for m in &refused {
                        eprintln!("{m}");
                    }
                    anyhow::bail!(
                        "{LOCK_FILE_NAME} left unchanged: {} locked migration(s) differ",
                        refused.len()
                    );
                }
            };
            if let Some((url, applied)) = applied_versions(cli)? {
                for relock in &folders {
                    let version = set.resolve(relock)?.version().to_string();
                    if applied.contains(&version) {
                        return Err(InputError(format!(
                            "{relock} was edited after {url} applied it: restore it, and write the change as a new migration (`biositing migration new`)"
                        ))
                        .into());
                    }
                }
            }
            let relocked = folders
                .iter()
                .fold(existing.clone(), |lock, f| lock.relocked(&set, f));
            let (relocked, added) = relocked.extended_with(&set).map_err(|still| {
                anyhow::anyhow!(
                    "{LOCK_FILE_NAME} left unchanged: {} locked migration(s) differ",
                    still.len()
                )
            })?;
            std::fs::write(&lock_path, relocked.render())?;
            for relock in &folders {
                println!("locked {relock} again (hand-written, not applied yet)");
            }
            for folder in &added {
                println!("locked {folder}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
