use std::process::ExitCode;

use biositing_refresh::{
    parse_duration, set_session_timeouts, unmanaged_views, views_status, RefreshLogEntry,
    RefreshOutcome,
};
use clap::Subcommand;

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
    /// Per view: populated?, rows, size, unique index, last refresh, last failure, a running or interrupted refresh
    Status {
        /// Longest wait for each lock a query needs (0 = do not wait; at most 596h); a view locked by a blocking refresh is reported, not waited for
        #[arg(long, default_value = "5s", value_name = "DUR")]
        lock_timeout: String,
        /// Longest any one query may run (at most 596h)
        #[arg(long, default_value = "60s", value_name = "DUR")]
        statement_timeout: String,
        /// Print the status as JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        replicas: super::replicas::ReplicaArgs,
    },
    /// Compare development definitions and indexes with the newest migrations (exit 1 on any difference)
    Diff {
        /// Views to compare (default: all)
        #[arg(value_name = "VIEW")]
        views: Vec<String>,
        /// Also compare with the live database
        #[arg(long)]
        database: bool,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Build a view's development definition next to the deployed one and show what it changes (nothing is kept)
    Try(super::views_try::TryArgs),
    /// Scaffold a new view module (definition, index list, mapping) registered with the others
    New {
        /// Name of the view, e.g. mv_biomass_prices_by_resource
        #[arg(value_name = "NAME")]
        name: String,
    },
}

pub fn run(cli: &Cli, command: &ViewsCommand) -> anyhow::Result<ExitCode> {
    match command {
        ViewsCommand::List => {
            for view in cli.project()?.views() {
                println!("{:<30} {}", view.name, view.summary);
            }
        }
        ViewsCommand::Show { view } => {
            let definition = cli.project()?.resolve_views(std::slice::from_ref(view))?[0];
            print!("{}", biositing_workflow::render::create_view(definition));
            for index in biositing_workflow::render::create_indexes(definition) {
                println!("{index}");
            }
        }
        ViewsCommand::Diff {
            views,
            database,
            json,
        } => return diff(cli, views, *database, *json),
        ViewsCommand::Try(args) => return super::views_try::run(cli, args),
        ViewsCommand::New { name } => {
            let src = cli.workspace_path("crates/views/src")?;
            let scaffold = biositing_workflow::scaffold::scaffold(&src, name)?;
            for file in &scaffold.files {
                println!("wrote {}", file.display());
            }
            println!(
                "Next: write the SELECT in {name}/definition.sql, keep the mapping in {name}/mod.rs in step, then run\n  biositing migration generate --view {name} -m \"add {name}\""
            );
        }
        ViewsCommand::Status {
            lock_timeout,
            statement_timeout,
            json,
            replicas,
        } => status(cli, lock_timeout, statement_timeout, *json, replicas)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct DiffJson {
    migrations: Vec<biositing_workflow::diff::ViewDiff>,
    mapping: Vec<biositing_workflow::diff::ViewDiff>,
    database: Option<Vec<biositing_workflow::diff::ViewDiff>>,
    /// Migrations the database has not applied yet (with --database).
    pending: Vec<String>,
}

fn diff(cli: &Cli, names: &[String], database: bool, json: bool) -> anyhow::Result<ExitCode> {
    use biositing_workflow::diff::ViewDiff;
    let project = cli.project()?;
    let views = project.resolve_views(names)?;
    // A definition that is not exactly one reading query is refused (exit 2)
    // before anything is compared or sent to a server.
    for view in &views {
        biositing_workflow::definition_check::single_statement(view)?;
    }
    let migrations = biositing_workflow::diff::against_migrations(project.migrations(), &views);
    let mut pending = Vec::new();
    // The mapping against the definition: as far as the text tells without a
    // database, fully (columns and types PostgreSQL gives the definition) with one.
    let (mapping, live) = if database {
        let mut conn = super::connect(&cli.database_url()?)?;
        // Everything but the candidate builds reads, in a read-only transaction:
        // a hot standby or a login that can only read is enough.
        let (status, mapping) = biositing_workflow::live::read_only(&mut conn, |conn| {
            let status = biositing_db::migrations::status(conn, project.migrations())?;
            let mapping = views
                .iter()
                .map(|view| {
                    Ok(ViewDiff {
                        view: view.name.to_string(),
                        differences: biositing_workflow::prove::candidate_mapping_mismatches(
                            conn, view,
                        )?,
                        skipped: Vec::new(),
                    })
                })
                .collect::<biositing_workflow::Result<Vec<_>>>()?;
            Ok((status, mapping))
        })?;
        pending = status.pending;
        // A definition that does not run was reported above; the deployed
        // definition can only be compared for the others.
        let runnable: Vec<_> = views
            .iter()
            .zip(&mapping)
            .filter(|(_, m)| {
                !m.differences
                    .iter()
                    .any(|d| d.starts_with(biositing_workflow::prove::DOES_NOT_RUN))
            })
            .map(|(v, _)| *v)
            .collect();
        let live = biositing_workflow::diff::against_database(&mut conn, &runnable)?;
        (mapping, Some(live))
    } else {
        let mapping = views
            .iter()
            .map(|view| ViewDiff {
                view: view.name.to_string(),
                differences: biositing_workflow::definition_check::mapping_against_definition(view),
                skipped: Vec::new(),
            })
            .collect();
        (mapping, None)
    };
    let any = |diffs: &[ViewDiff]| diffs.iter().any(|d| !d.differences.is_empty());
    let unfrozen = any(&migrations);
    let mismatched = any(&mapping);
    let undeployed = live.as_deref().is_some_and(any);
    let differs = unfrozen || mismatched || undeployed;
    if json {
        output::json(&DiffJson {
            migrations,
            mapping,
            database: live,
            pending,
        })?;
    } else {
        for (label, diffs) in [
            ("migrations", Some(&migrations)),
            ("mapping", Some(&mapping)),
            ("database", live.as_ref()),
        ] {
            let Some(diffs) = diffs else { continue };
            for d in diffs {
                if d.differences.is_empty() && d.skipped.is_empty() && label != "mapping" {
                    println!("{:<30} same as {label}", d.view);
                }
                for difference in &d.differences {
                    println!("{:<30} {label}: {difference}", d.view);
                }
                for skipped in &d.skipped {
                    println!("{:<30} {label}: skipped: {skipped}", d.view);
                }
            }
        }
        if mismatched {
            println!("The typed mapping disagrees with the definition: make the `portal_view!` column list and row struct in crates/views/src/<view>/mod.rs match, then rebuild.");
        }
        if unfrozen {
            println!("Differences found: freeze changes with `biositing migration generate --view VIEW -m MESSAGE`.");
        }
        if undeployed && !pending.is_empty() {
            println!(
                "The database has not applied {} pending migration(s) ({}): run `biositing migrate`.",
                pending.len(),
                pending.join(", ")
            );
        } else if undeployed && !unfrozen {
            println!("The database differs from what the migrations froze although none is pending: see `biositing verify`.");
        }
    }
    Ok(if differs {
        ExitCode::from(crate::EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn status(
    cli: &Cli,
    lock_timeout: &str,
    statement_timeout: &str,
    json: bool,
    replicas: &super::replicas::ReplicaArgs,
) -> anyhow::Result<()> {
    let lock_timeout = parse_duration(lock_timeout)?;
    let statement_timeout = super::refresh::parse_statement_timeout(Some(statement_timeout))?;
    let replica_urls = replicas.urls()?;
    let names: Vec<&str> = cli.project()?.views().iter().map(|v| v.name).collect();
    let url = cli.database_url()?;
    let mut conn = super::connect(&url)?;
    set_session_timeouts(&mut conn, lock_timeout, statement_timeout)?;
    super::require_migrated(&mut conn, &url, "data_portal.refresh_log")?;
    super::require_migrated(&mut conn, &url, "data_portal.table_change")?;
    // The registry's views, then every other materialized view (not managed).
    let unmanaged = unmanaged_views(&mut conn).map_err(|e| {
        anyhow::anyhow!("cannot list the materialized views: {e} (bounded by --lock-timeout and --statement-timeout)")
    })?;
    let every: Vec<&str> = names
        .iter()
        .copied()
        .chain(unmanaged.iter().map(String::as_str))
        .collect();
    let statuses = views_status(&mut conn, &every).map_err(|e| {
        anyhow::anyhow!("cannot read the views' state and refresh log: {e} (bounded by --lock-timeout and --statement-timeout)")
    })?;
    let replica_states = super::replicas::probe_replicas(
        &mut conn,
        &replica_urls,
        &names,
        super::replicas::ReplicaTimeouts {
            lock: lock_timeout,
            statement: statement_timeout
                .unwrap_or(super::replicas::ReplicaTimeouts::default().statement),
        },
    )?;
    if json {
        // Without standbys, the array of views as before.
        if replica_urls.is_empty() {
            return output::json(&statuses);
        }
        return output::json(&serde_json::json!({
            "views": statuses,
            "replicas": replica_states,
        }));
    }
    let width = statuses
        .iter()
        .map(|s| s.state.name.len())
        .max()
        .unwrap_or(0)
        .max(30);
    println!(
        "{:<width$} {:>9} {:>10} {:>9} {:>6}  {:<32} last failure / now",
        "view", "populated", "rows", "size", "unique", "last success (duration)"
    );
    for s in &statuses {
        let time = |e: &RefreshLogEntry| {
            e.finished_at
                .unwrap_or(e.started_at)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let success = s.last_success.as_ref().map_or_else(
            || "never".to_string(),
            |e| format!("{} ({} ms)", time(e), e.duration_ms.unwrap_or(0)),
        );
        let pid = |e: &RefreshLogEntry| e.backend_pid.map_or_else(|| "?".into(), |p| p.to_string());
        let attempt = s.last_attempt.as_ref();
        let last = match attempt.map(|e| e.outcome) {
            Some(RefreshOutcome::Running) => attempt.map(|e| {
                format!(
                    "refresh running since {} (backend pid {})",
                    e.started_at.format("%Y-%m-%d %H:%M:%S"),
                    pid(e)
                )
            }),
            Some(RefreshOutcome::Interrupted) => attempt.map(|e| {
                format!(
                    "INTERRUPTED: refresh started {} never finished (backend pid {} is gone)",
                    e.started_at.format("%Y-%m-%d %H:%M:%S"),
                    pid(e)
                )
            }),
            _ => None,
        };
        let last = last.or_else(|| {
            s.last_failure
                .as_ref()
                .map(|e| format!("{}: {}", time(e), e.error.as_deref().unwrap_or("")))
        });
        let last = match &s.locked_by {
            Some(sessions) => format!(
                "locked by {sessions}; {}",
                last.unwrap_or_else(|| "-".into())
            ),
            None => last.unwrap_or_else(|| "-".into()),
        };
        let freshness = if s.freshness.changed_sources.is_empty() {
            s.freshness.describe()
        } else {
            format!(
                "{}; changed: {}",
                s.freshness.describe(),
                s.freshness.changed_sources.join(", ")
            )
        };
        println!(
            "{:<width$} {:>9} {:>10} {:>9} {:>6}  {:<32} {}",
            s.state.name,
            if !s.state.exists {
                "missing"
            } else if s.state.populated {
                "yes"
            } else {
                "no"
            },
            s.rows.map_or_else(|| "-".to_string(), |n| n.to_string()),
            s.state
                .size_bytes
                .map_or_else(|| "-".to_string(), |n| output::bytes(n.unsigned_abs())),
            if s.state.has_unique_index {
                "yes"
            } else {
                "no"
            },
            success,
            last
        );
        // On a line of its own: the changed relations can be many.
        println!("  {freshness}");
        if !s.managed {
            println!("  not managed (no definition in the registry): refreshed and change-tracked, not checked");
        }
    }
    super::replicas::print_states(&replica_states);
    Ok(())
}
