use std::process::ExitCode;

use biositing_workflow::emptiness::empty_views_with_rows_in_sources;
use biositing_workflow::verify::{verify, Check};
use clap::Args;

use crate::{output, Cli, EXIT_FAILED};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Print the checks as JSON
    #[arg(long)]
    json: bool,
    /// Fail on warnings too (a populated view with 0 rows while what it reads has rows; a view reading through a function or foreign table; a stale view)
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    replicas: super::replicas::ReplicaArgs,
}

pub fn run(cli: &Cli, args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let replicas = args.replicas.urls()?;
    let url = cli.database_url()?;
    let project = cli.project()?;
    let mut conn = super::connect(&url)?;
    let mut checks = verify(&mut conn, project.migrations(), project.views())?;
    // Read-only like the rest: works on a hot standby and for a login that can only read.
    let extra = conn
        .build_transaction()
        .read_only()
        .run::<_, anyhow::Error, _>(|conn| {
            let mut extra = Vec::new();
            // A warning unless --strict: an empty view can be right, but rarely is.
            let empty = empty_views_with_rows_in_sources(conn, project.views())?;
            extra.push(Check {
                name: "no populated view is empty while everything it reads has rows",
                ok: !args.strict || empty.is_empty(),
                problems: empty,
                skipped: Vec::new(),
            });
            // Every table a registered view reads must be tracked, or `refresh`
            // could skip a view whose input changed: always an error. A table
            // only views outside the registry read (an adopted database's
            // `ca_biositing` views) leaves them stale, so refreshed on every
            // run: a warning.
            let (untracked, untracked_elsewhere): (Vec<_>, Vec<_>) =
                biositing_refresh::untracked_sources(conn)?
                    .into_iter()
                    .partition(biositing_refresh::UntrackedTable::read_by_a_managed_view);
            extra.push(Check::new(
                "every table a view reads is change-tracked",
                untracked
                    .iter()
                    .map(|t| {
                        format!(
                            "{} is read by a view but its changes are not recorded: {}",
                            t.table,
                            biositing_refresh::untracking_fix(&t.table)
                        )
                    })
                    .collect(),
            ));
            let elsewhere: Vec<String> = untracked_elsewhere
                .iter()
                .map(|t| {
                    format!(
                        "{} is read by {} (not managed) but its changes are not recorded, so `biositing refresh` refreshes them on every run: {}",
                        t.table,
                        t.readers.join(", "),
                        biositing_refresh::untracking_fix(&t.table)
                    )
                })
                .collect();
            extra.push(Check {
                name: "every table the views outside the registry read is change-tracked",
                ok: !args.strict || elsewhere.is_empty(),
                problems: elsewhere,
                skipped: Vec::new(),
            });
            // A warning unless --strict: a view reading through a function or a
            // foreign table may be right, but nothing can tell when it changed.
            let opaque: Vec<String> = biositing_refresh::opaque_views(conn)?
                .into_iter()
                .map(|(view, what)| {
                    format!(
                        "{view} reads through {}, which the change tracking cannot follow: `biositing refresh` refreshes it on every run",
                        what.join(", ")
                    )
                })
                .collect();
            extra.push(Check {
                name: "the change tracking can follow everything each view reads",
                ok: !args.strict || opaque.is_empty(),
                problems: opaque,
                skipped: Vec::new(),
            });
            // A warning unless --strict: data loaded since the last refresh is
            // normal between a load and the next `biositing refresh`. Every
            // materialized view counts, the registry's and the others
            // `refresh` refreshes too. In a savepoint: a failure (an old
            // schema) must not abort the transaction.
            let freshness = diesel::Connection::transaction(conn, |conn| {
                let names = biositing_refresh::all_views(conn)?;
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                biositing_refresh::freshness(conn, &names)
            });
            let stale: Vec<String> = match freshness {
                Ok(views) => views
                    .iter()
                    .filter(|f| f.is_stale() && !f.is_stale_only_by_opacity())
                    .map(|f| {
                        let changed = if f.changed_sources.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} changed)", f.changed_sources.join(", "))
                        };
                        format!(
                            "{} is {}{changed}: run `biositing refresh`",
                            f.view,
                            f.describe()
                        )
                    })
                    .collect(),
                Err(e) => vec![format!(
                    "cannot tell which views are stale: {e} (run `biositing migrate`)"
                )],
            };
            extra.push(Check {
                name: "no view is stale",
                ok: !args.strict || stale.is_empty(),
                problems: stale,
                skipped: Vec::new(),
            });
            Ok(extra)
        })?;
    checks.extend(extra);
    if !replicas.is_empty() {
        let names: Vec<&str> = project.views().iter().map(|v| v.name).collect();
        let states = super::replicas::probe_replicas(
            &mut conn,
            &replicas,
            &names,
            super::replicas::ReplicaTimeouts::default(),
        )?;
        let problems: Vec<String> = states.iter().flat_map(|s| s.problems()).collect();
        checks.push(Check {
            name: "every replica is a reachable standby that shows each view's last successful refresh",
            ok: problems.is_empty(),
            problems,
            skipped: Vec::new(),
        });
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    if args.json {
        output::json(&checks)?;
    } else {
        for check in &checks {
            let mark = match (check.ok, check.problems.is_empty()) {
                (false, _) => "FAIL",
                (true, true) => "ok  ",
                (true, false) => "warn",
            };
            println!("{mark} {}", check.name);
            for problem in &check.problems {
                println!("       {problem}");
            }
            for skipped in &check.skipped {
                println!("       skipped: {skipped}");
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
