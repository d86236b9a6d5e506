use std::process::ExitCode;

use biositing_db::migrations::{ChecksumLock, LOCK_FILE_NAME};
use clap::Subcommand;

use super::InputError;
use crate::Cli;

#[derive(Debug, Subcommand)]
pub enum MigrationCommand {
    /// Add new migrations to the committed checksum lock file (never rewrites existing lines)
    Lock {
        /// Only check the lock file against the folder; exit 1 on any difference
        #[arg(long)]
        check: bool,
    },
}

pub fn run(cli: &Cli, command: &MigrationCommand) -> anyhow::Result<ExitCode> {
    match command {
        MigrationCommand::Lock { check } => lock(cli, *check),
    }
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
            for m in &refused {
                eprintln!("{m}");
            }
            anyhow::bail!(
                "{LOCK_FILE_NAME} left unchanged: {} locked migration(s) differ",
                refused.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
