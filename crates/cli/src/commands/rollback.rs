use std::process::ExitCode;

use biositing_db::migrations::{rollback_with_limits, MigrateEvent, RollbackTarget};
use clap::Args;

use crate::Cli;

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Number of migrations to revert
    #[arg(long, default_value_t = 1, conflicts_with = "to", value_name = "N")]
    steps: usize,
    /// Revert every migration applied after this one (folder name or version)
    #[arg(long, value_name = "VERSION")]
    to: Option<String>,
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
    let mut on_event = |event: MigrateEvent<'_>| super::migrate::print_event(&event, &limits);
    let reverted = rollback_with_limits(&mut conn, &set, &target, &limits, &mut on_event)?;
    if reverted.is_empty() {
        println!("Nothing to roll back on {url}.");
    } else {
        println!("Reverted {} migration(s).", reverted.len());
    }
    Ok(ExitCode::SUCCESS)
}
