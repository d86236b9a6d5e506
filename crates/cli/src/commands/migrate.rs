use std::process::ExitCode;

use biositing_db::migrations::{migrate, MigrateEvent, MigrateOptions};
use clap::Args;

use crate::{output, Cli};

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Stop after this migration (folder name or version)
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
    /// List the migrations that would run, and change nothing
    #[arg(long)]
    dry_run: bool,
    /// Seconds to wait for another migrate run to finish
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    lock_wait: u64,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

/// One line per migration event.
pub(crate) fn print_event(event: &MigrateEvent<'_>, lock_wait_secs: u64) {
    match event {
        MigrateEvent::WaitingForLock => {
            println!("Another migrate run holds the lock on this database; waiting (up to {lock_wait_secs} s)...")
        }
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
    }
}

pub fn run(cli: &Cli, args: &MigrateArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let set = cli.migrations()?;
    let mut conn = super::connect(&url)?;
    let options = MigrateOptions {
        to: args.to.clone(),
        dry_run: args.dry_run,
        lock_wait: super::seconds(args.lock_wait),
    };
    let quiet = args.json;
    let mut on_event = |event: MigrateEvent<'_>| {
        if quiet {
            return;
        }
        match event {
            MigrateEvent::WaitingForLock => {
                println!(
                    "Another migrate run holds the lock on this database; waiting (up to {} s)...",
                    args.lock_wait
                )
            }
            MigrateEvent::Adopted { folder } => {
                println!(
                    "notice: {folder} was applied by plain diesel; its checksum is now recorded"
                )
            }
            MigrateEvent::Applying { folder } => println!("applying {folder} ..."),
            MigrateEvent::Applied { folder, elapsed } => {
                println!("applied  {folder} ({})", output::duration(elapsed))
            }
            MigrateEvent::Reverting { .. } | MigrateEvent::Reverted { .. } => {}
        }
    };
    let report = migrate(&mut conn, &set, &options, &mut on_event)?;
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
