use std::process::ExitCode;

use biositing_workflow::verify::verify;
use clap::Args;

use crate::{output, Cli, EXIT_FAILED};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print the checks as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let project = cli.project()?;
    let mut conn = super::connect(&url)?;
    let checks = verify(&mut conn, project.migrations(), project.views())?;
    let failed = checks.iter().filter(|c| !c.ok).count();
    if args.json {
        output::json(&checks)?;
    } else {
        for check in &checks {
            println!("{} {}", if check.ok { "ok  " } else { "FAIL" }, check.name);
            for problem in &check.problems {
                println!("       {problem}");
            }
        }
        if failed == 0 {
            println!("All {} checks passed on {url}.", checks.len());
        } else {
            println!("{failed} of {} checks failed on {url}.", checks.len());
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}
