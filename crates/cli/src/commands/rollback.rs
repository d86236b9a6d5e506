use std::process::ExitCode;

use biositing_db::migrations::{rollback_plan, rollback_with_limits, MigrateEvent, RollbackTarget};
use clap::Args;

use super::InputError;
use crate::Cli;

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Number of migrations to revert
    #[arg(long, default_value_t = 1, conflicts_with = "to", value_name = "N")]
    steps: usize,
    /// Revert every migration applied after this one (folder name or version)
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
    /// Confirm reverting migrations that drop tables outside data_portal (the
    /// base tables and their data)
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    limits: super::migrate::LimitArgs,
}

pub fn run(cli: &Cli, args: &RollbackArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let limits = args.limits.limits(&url)?;
    let set = cli.migrations()?;
    let mut conn = super::connect_primary(&url)?;
    let target = match &args.to {
        Some(version) => RollbackTarget::To(version.clone()),
        None => RollbackTarget::Steps(args.steps),
    };
    if !args.yes {
        refuse_dropping_data(&mut conn, &set, &target)?;
    }
    let mut on_event = |event: MigrateEvent<'_>| super::migrate::print_event(&event, &limits);
    let reverted = rollback_with_limits(&mut conn, &set, &target, &limits, &mut on_event)?;
    if reverted.is_empty() {
        println!("Nothing to roll back on {url}.");
    } else {
        println!("Reverted {} migration(s).", reverted.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses (exit 2) a rollback that would drop tables outside `data_portal`,
/// naming the first such migration and its tables: their data cannot come back.
fn refuse_dropping_data(
    conn: &mut diesel::PgConnection,
    set: &biositing_db::migrations::MigrationSet,
    target: &RollbackTarget,
) -> anyhow::Result<()> {
    for folder in rollback_plan(conn, set, target)? {
        let Some(script) = set.scripts().iter().find(|s| s.folder() == folder) else {
            continue;
        };
        let tables = script.down_drops_data();
        if let Some(first) = tables.first() {
            let more = match tables.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            return Err(InputError(format!(
                "rollback would revert {folder}, which drops {first}{more} with its data: \
                 pass --yes to confirm (or roll back fewer steps)"
            ))
            .into());
        }
    }
    Ok(())
}
