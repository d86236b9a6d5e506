use std::process::ExitCode;

use biositing_db::migrations::{bound_session, status, ChecksumState, RunLimits};
use clap::Args;
use serde::Serialize;

use crate::{output, Cli, EXIT_FAILED};

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print the status as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    database: String,
    #[serde(flatten)]
    status: &'a biositing_db::migrations::MigrationStatus,
    problems: Vec<String>,
}

/// Exits 1 when there is a problem (an edited or unknown applied migration);
/// pending migrations alone are not a problem.
pub fn run(cli: &Cli, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let set = cli.migrations()?;
    let mut conn = super::connect(&url)?;
    bound_session(&mut conn, &RunLimits::default())?;
    let state = status(&mut conn, &set)?;
    let problems = state.problems();
    if args.json {
        output::json(&StatusJson {
            database: url.redacted(),
            status: &state,
            problems: problems.clone(),
        })?;
    } else {
        println!("Database: {url}");
        println!("Applied ({}):", state.applied.len());
        for applied in &state.applied {
            let mark = match (&applied.checksum, &applied.down_checksum) {
                (ChecksumState::Edited { .. }, _) => "EDITED after it was applied",
                (ChecksumState::UnknownToThisBuild, _) => "UNKNOWN: not among the migrations read",
                (ChecksumState::NotRecorded, _) => {
                    "applied by plain diesel; adopted on next migrate"
                }
                (_, ChecksumState::Edited { .. }) => "down.sql EDITED after it was applied",
                _ => "ok",
            };
            let name = applied.folder.as_deref().unwrap_or(&applied.version);
            println!(
                "  {name}  {}  {mark}",
                applied.applied_at.format("%Y-%m-%d %H:%M:%S")
            );
        }
        println!("Pending ({}):", state.pending.len());
        for folder in &state.pending {
            println!("  {folder}");
        }
        if problems.is_empty() {
            println!("Problems: none");
        } else {
            println!("Problems ({}):", problems.len());
            for problem in &problems {
                println!("  {problem}");
            }
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else if state.built_by_alembic.is_some() {
        // Not a broken database: the wrong command for it (adopt, not migrate).
        ExitCode::from(crate::EXIT_BAD_INPUT)
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}
