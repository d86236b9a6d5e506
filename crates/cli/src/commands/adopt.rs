use std::process::ExitCode;

use biositing_workflow::adopt::{self, AdoptEvent, AdoptOptions, AdoptReport, BACKUP_SCHEMA};
use clap::Args;

use crate::{output, Cli};

/// Take over a database built by the Python (SQLModel/Alembic) stack
#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// The database was built by the Python stack's Alembic revisions (required for an adoption)
    #[arg(
        long,
        required_unless_present = "drop_backup",
        conflicts_with = "drop_backup"
    )]
    from_alembic: bool,
    /// Print the whole plan and change nothing
    #[arg(long)]
    dry_run: bool,
    /// Replace views even where portal readers lose a column or see another type
    #[arg(long)]
    accept_view_changes: bool,
    /// Drop the schema data_portal_before_adopt holding the Python stack's old views
    #[arg(long)]
    drop_backup: bool,
    /// Seconds to wait for another migrate run to finish
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    lock_wait: u64,
    /// Seconds a statement may wait for other sessions' locks (a base table a migration alters, a view swapped) before the attempt is retried
    #[arg(long, default_value_t = 5, value_name = "SECS")]
    lock_timeout: u64,
    /// Print the plan or the result as JSON
    #[arg(long)]
    json: bool,
}

const PYTHON_TOOLS: &str = "alembic_version is left as it is: the Python tools must no longer run migrations \
(`alembic upgrade` would try to recreate what biositing now manages); biositing migrate/rollback own the schema from now on.";

pub fn run(cli: &Cli, args: &AdoptArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let mut conn = super::connect_primary(&url)?;
    if args.drop_backup {
        let dropped = adopt::drop_backup(&mut conn, super::seconds(args.lock_timeout))?;
        if args.json {
            output::json(&serde_json::json!({ "dropped": dropped }))?;
        } else if dropped.is_empty() {
            println!("No {BACKUP_SCHEMA} views on {url}; nothing to drop.");
        } else {
            println!(
                "Dropped {BACKUP_SCHEMA} and its {} old view(s).",
                dropped.len()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let set = cli.migrations()?;
    let options = AdoptOptions {
        dry_run: args.dry_run,
        accept_view_changes: args.accept_view_changes,
        lock_wait: super::seconds(args.lock_wait),
        lock_timeout: super::seconds(args.lock_timeout),
        ..AdoptOptions::default()
    };
    let limits = biositing_db::migrations::RunLimits {
        lock_wait: options.lock_wait,
        lock_timeout: options.lock_timeout,
        ..Default::default()
    };
    let quiet = args.json;
    let mut on_event = |event: AdoptEvent<'_>| {
        if quiet {
            return;
        }
        match event {
            AdoptEvent::WaitingForLock => println!(
                "Another migrate run holds the lock on this database; waiting (up to {} s)...",
                args.lock_wait
            ),
            AdoptEvent::Planned(plan) => print_plan(plan),
            AdoptEvent::Building { view } => println!("building {view} beside the old one ..."),
            AdoptEvent::Swapping => println!("swapping the views in ..."),
            AdoptEvent::SwapRetry { attempt, error } => {
                println!("attempt {attempt}: readers held the views ({error}); retrying")
            }
            AdoptEvent::Migrate(e) => super::migrate::print_event(&e, &limits),
        }
    };
    let result = adopt::adopt(&mut conn, &set, &options, &mut on_event);
    let report = match result {
        Ok(report) => report,
        Err(biositing_workflow::Error::AdoptRefused(differences)) => {
            if args.json {
                output::json(
                    &serde_json::json!({ "refused": true, "base_table_differences": differences }),
                )?;
            } else {
                println!(
                    "Adoption refused: the base tables differ from what biositing needs ({}):",
                    differences.len()
                );
                for d in &differences {
                    println!("  {d}");
                }
            }
            return Ok(ExitCode::from(crate::EXIT_FAILED));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        output::json(&report)?;
    } else if report.already_adopted {
        println!(
            "{url} is already managed by biositing (adopted before); {}",
            if report.migrations.is_empty() {
                "nothing to do.".to_string()
            } else if report.dry_run {
                format!(
                    "{} pending migration(s) would run.",
                    report.migrations.len()
                )
            } else {
                format!("ran the {} pending migration(s).", report.migrations.len())
            }
        );
    } else if report.dry_run {
        println!("Dry run: nothing was changed.");
    } else {
        println!(
            "Adopted: {} migration(s) recorded, {} view(s) replaced (old ones in {BACKUP_SCHEMA}; drop them with `biositing adopt --drop-backup`), {} migration(s) applied.",
            report.recorded.len(),
            report.backed_up.len(),
            report.migrations.len()
        );
        println!("{PYTHON_TOOLS}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_plan(plan: &AdoptReport) {
    println!(
        "Alembic revision found: {}",
        plan.alembic_revision.as_deref().unwrap_or("none")
    );
    if plan.base_table_differences.is_empty() {
        println!("Base tables: every table, column, key and index biositing needs is there.");
    }
    for line in &plan.not_managed {
        println!("  {line}");
    }
    for extension in &plan.extensions_to_create {
        println!("Will create extension {extension}.");
    }
    println!(
        "Will record as applied, without running: {}",
        plan.recorded.join(", ")
    );
    for change in &plan.view_changes {
        let mut parts = Vec::new();
        if !change.exists {
            parts.push("new view".to_string());
        }
        parts.extend(
            change
                .gained
                .iter()
                .map(|c| format!("+{} {}", c.name, c.sql_type)),
        );
        parts.extend(
            change
                .lost
                .iter()
                .map(|c| format!("-{} {}", c.name, c.sql_type)),
        );
        parts.extend(
            change
                .retyped
                .iter()
                .map(|(n, from, to)| format!("~{n} {from} -> {to}")),
        );
        if parts.is_empty() {
            parts.push("same columns".to_string());
        }
        println!("  {}: {}", change.view, parts.join(", "));
        if let Some(rows) = &change.rows {
            print_row_changes(rows);
            let differs = rows.only_deployed.count + rows.only_new.count + rows.changed.count > 0;
            if differs && !change.explained_by.is_empty() {
                println!(
                    "      documented changes that may explain it (docs/view-changes.md): {}",
                    change.explained_by.join(", ")
                );
            }
        }
    }
    for grant in &plan.grants_carried_over {
        println!(
            "  carry over: {} on {} to {}",
            grant.privilege, grant.view, grant.grantee
        );
    }
    if !plan.backed_up.is_empty() {
        println!(
            "Old views move to {BACKUP_SCHEMA}: {}",
            plan.backed_up.join(", ")
        );
    }
    if !plan.migrations.is_empty() {
        println!(
            "Run in the same transaction, before the views are built: {}",
            plan.migrations.join(", ")
        );
    }
    println!("{PYTHON_TOOLS}");
}

/// Rows only in the deployed view, only in the new one, and changed under the
/// key, with counts and a few examples.
fn print_row_changes(rows: &biositing_workflow::adopt::RowChanges) {
    if rows.only_deployed.count + rows.only_new.count + rows.changed.count == 0 {
        println!("      rows: the same {} rows", rows.deployed_rows);
        return;
    }
    let by_column: Vec<String> = rows
        .changed
        .by_column
        .iter()
        .map(|c| format!("{} {}", c.column, c.rows))
        .collect();
    println!(
        "      rows {} -> {}: {} only in the deployed view, {} only in the new one, {} changed{}",
        rows.deployed_rows,
        rows.new_rows,
        rows.only_deployed.count,
        rows.only_new.count,
        rows.changed.count,
        if by_column.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_column.join(", "))
        }
    );
    let show = |values: &[Option<String>]| -> String {
        values
            .iter()
            .map(|v| v.as_deref().unwrap_or("NULL"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    for (label, sample) in [
        ("only deployed", &rows.only_deployed),
        ("only new", &rows.only_new),
    ] {
        for example in &sample.examples {
            println!("        {label}: {}", show(example));
        }
    }
    for example in &rows.changed.examples {
        let changes: Vec<String> = example
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} -> {}",
                    c.column,
                    c.deployed.as_deref().unwrap_or("NULL"),
                    c.new.as_deref().unwrap_or("NULL")
                )
            })
            .collect();
        println!(
            "        changed {}: {}",
            show(&example.key),
            changes.join(", ")
        );
    }
}
