use std::process::ExitCode;

use clap::Subcommand;

use super::InputError;
use crate::Cli;

#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Create the database if it does not exist
    Create,
    /// Drop the database (asks for --yes)
    Drop {
        /// Confirm that the database and all its data go away
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(cli: &Cli, command: &DatabaseCommand) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let name = url.database().unwrap_or_default();
    match command {
        DatabaseCommand::Create => {
            if biositing_db::create_database(&url)? {
                println!("Created database \"{name}\" on {}.", url.server());
            } else {
                println!("Database \"{name}\" already exists on {}.", url.server());
            }
        }
        DatabaseCommand::Drop { yes: false } => {
            return Err(InputError(format!(
                "refusing to drop database \"{name}\" without --yes: it deletes all its data"
            ))
            .into());
        }
        DatabaseCommand::Drop { yes: true } => {
            if biositing_db::drop_database(&url)? {
                println!("Dropped database \"{name}\" on {}.", url.server());
            } else {
                println!(
                    "Database \"{name}\" does not exist on {}; nothing to drop.",
                    url.server()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
