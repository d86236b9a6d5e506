use std::process::ExitCode;

use biositing_refresh::views_status;
use biositing_views::{find_view, view_names, VIEWS};
use clap::Subcommand;

use super::InputError;
use crate::{output, Cli};

#[derive(Debug, Subcommand)]
pub enum ViewsCommand {
    /// List the registered views
    List,
    /// Print a view's development definition exactly as a migration would freeze it
    Show {
        #[arg(value_name = "VIEW")]
        view: String,
    },
    /// Per view: populated?, rows, size, unique index, last refresh and last failure
    Status {
        /// Print the status as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cli: &Cli, command: &ViewsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ViewsCommand::List => {
            for view in VIEWS {
                println!("{:<30} {}", view.name, view.summary);
            }
        }
        ViewsCommand::Show { view } => {
            let definition = find_view(view).ok_or_else(|| {
                InputError(format!(
                    "unknown view `{view}`: valid names are {}",
                    view_names().join(", ")
                ))
            })?;
            print!("{}", biositing_workflow::render::create_view(definition));
            for index in biositing_workflow::render::create_indexes(definition) {
                println!("{index}");
            }
        }
        ViewsCommand::Status { json } => {
            let url = cli.database_url()?;
            let mut conn = super::connect(&url)?;
            let statuses = views_status(&mut conn, &view_names())?;
            if *json {
                output::json(&statuses)?;
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{:<30} {:>9} {:>10} {:>9} {:>6}  {:<32} last failure",
                "view", "populated", "rows", "size", "unique", "last success (duration)"
            );
            for s in &statuses {
                let success = s.last_success.as_ref().map_or_else(
                    || "never".to_string(),
                    |e| {
                        format!(
                            "{} ({} ms)",
                            e.finished_at.format("%Y-%m-%d %H:%M:%S"),
                            e.duration_ms
                        )
                    },
                );
                let failure = s.last_failure.as_ref().map_or_else(
                    || "-".to_string(),
                    |e| {
                        format!(
                            "{}: {}",
                            e.finished_at.format("%Y-%m-%d %H:%M:%S"),
                            e.error.as_deref().unwrap_or("")
                        )
                    },
                );
                println!(
                    "{:<30} {:>9} {:>10} {:>9} {:>6}  {:<32} {}",
                    s.state.name,
                    if !s.state.exists {
                        "missing"
                    } else if s.state.populated {
                        "yes"
                    } else {
                        "no"
                    },
                    s.rows.map_or_else(|| "-".to_string(), |n| n.to_string()),
                    bytes(s.state.size_bytes),
                    if s.state.has_unique_index {
                        "yes"
                    } else {
                        "no"
                    },
                    success,
                    failure
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn bytes(n: i64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / f64::from(1 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.0} kB", n as f64 / f64::from(1 << 10)),
        n => format!("{n} B"),
    }
}
