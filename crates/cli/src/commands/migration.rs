use std::process::ExitCode;

use biositing_db::migrations::{ChecksumLock, LOCK_FILE_NAME};
use clap::Subcommand;

use super::InputError;
use crate::Cli;

#[derive(Debug, Subcommand)]
pub enum MigrationCommand {
    /// Write a new migration that freezes the current definitions of the given views
    Generate {
        /// View to freeze (repeat for several)
        #[arg(long = "view", value_name = "VIEW", required = true)]
        views: Vec<String>,
        /// What the change does; it also names the migration folder
        #[arg(short, long, value_name = "MESSAGE")]
        message: String,
    },
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
        MigrationCommand::Generate { views, message } => generate(cli, views, message),
    }
}

fn generate(cli: &Cli, names: &[String], message: &str) -> anyhow::Result<ExitCode> {
    use biositing_workflow::generate;
    let views = cli.project()?.resolve_views(names)?;
    let folder = cli.migrations_folder()?;
    let set = biositing_db::migrations::MigrationSet::from_dir(&folder)?;
    let migration = generate::generate(&set, &views, message, &generate::version_now())?;
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
