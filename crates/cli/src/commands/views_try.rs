//! `biositing views try VIEW`: build the development definition next to the
//! deployed view, show what it changes, keep nothing.

use std::process::ExitCode;

use biositing_refresh::parse_duration;
use biositing_views::DEFINITION_FILE;
use biositing_workflow::project::VIEWS_SRC;
use biositing_workflow::try_view::{
    try_view, CompareBy, DefinitionFailure, RowSample, TryOptions, TryOutcome, TryReport,
};
use clap::Args;

use crate::{output, Cli, EXIT_FAILED};

/// Exit code after Ctrl-C (128 + SIGINT), as shells report it.
const EXIT_INTERRUPTED: i32 = 130;

/// Set by the Ctrl-C handler before it cancels: the cancelled statement's
/// error then reaches this thread, which must not report it as a failure of
/// the definition (exit 1) while the handler is still on its way to exit 130.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// After an interrupt, lets the handler finish cancelling and exit 130;
/// exits 130 itself should the handler not manage to within a few seconds.
fn exit_if_interrupted() {
    if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_secs(10));
        std::process::exit(EXIT_INTERRUPTED);
    }
}

/// On Ctrl-C, asks the server to cancel what this session runs, then exits:
/// without it the server would keep building the candidate, holding its
/// locks, until it next tried to write to the closed connection. The cancel
/// goes over a second connection (`pg_cancel_backend` of this session's
/// backend; same login, so no privilege is needed); the cancelled transaction
/// is rolled back when the process ends.
fn cancel_on_interrupt(
    conn: &mut diesel::PgConnection,
    url: &biositing_db::DatabaseUrl,
) -> anyhow::Result<()> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    let pid = diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(conn)?
        .pid;
    let url = url.clone();
    ctrlc::set_handler(move || {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        eprintln!("interrupted: cancelling the server's work (backend {pid}) and rolling back");
        if let Ok(mut other) = super::connect(&url) {
            let _ = diesel::sql_query("SELECT pg_cancel_backend($1)")
                .bind::<diesel::sql_types::Integer, _>(pid)
                .execute(&mut other);
        }
        std::process::exit(EXIT_INTERRUPTED);
    })
    .map_err(|e| anyhow::anyhow!("cannot catch Ctrl-C: {e}"))
}

#[derive(Debug, Args)]
pub struct TryArgs {
    /// The view whose development definition to try
    #[arg(value_name = "VIEW")]
    view: String,
    /// Examples shown of each kind of difference
    #[arg(long, default_value_t = 5, value_name = "N")]
    limit: u32,
    /// How long to wait for a lock on a base table or the view (e.g. 5s, 500ms)
    #[arg(long, default_value = "10s", value_name = "DUR")]
    lock_timeout: String,
    /// Longest any one statement may run (the server cancels it after that)
    #[arg(long, default_value = "10m", value_name = "DUR")]
    statement_timeout: String,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, args: &TryArgs) -> anyhow::Result<ExitCode> {
    let project = cli.project()?;
    let view = project.resolve_views(std::slice::from_ref(&args.view))?[0];
    let options = TryOptions {
        limit: args.limit,
        lock_timeout: parse_duration(&args.lock_timeout)?,
        statement_timeout: Some(parse_duration(&args.statement_timeout)?),
    };
    let source = format!("{VIEWS_SRC}/{}/{DEFINITION_FILE}", view.name);
    let source = match project.root() {
        Some(_) => source,
        None => format!("{source} (built into this binary)"),
    };
    let url = cli.database_url()?;
    let mut conn = super::connect_primary(&url)?;
    cancel_on_interrupt(&mut conn, &url)?;
    if !args.json {
        println!(
            "Trying {}'s development definition ({source}) next to the deployed view; nothing is kept...",
            view.name
        );
    }
    let outcome = try_view(&mut conn, view, &options);
    exit_if_interrupted();
    let outcome = outcome?;
    if args.json {
        output::json(&outcome)?;
    }
    let failed = match &outcome {
        TryOutcome::Failed(failure) => {
            if !args.json {
                print_failure(&source, failure);
            }
            true
        }
        TryOutcome::Built(report) => {
            if !args.json {
                print_report(report);
            }
            report.failed_indexes().next().is_some()
        }
    };
    Ok(if failed {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_failure(source: &str, failure: &DefinitionFailure) {
    match &failure.position {
        Some(p) => {
            println!("{source}:{}:{}: {}", p.line, p.column, failure.message);
            println!("  {}", p.text);
            println!("  {}^", " ".repeat(p.column.saturating_sub(1)));
        }
        None => println!("{source}: {}", failure.message),
    }
    if let Some(detail) = &failure.detail {
        println!("  detail: {detail}");
    }
    if let Some(hint) = &failure.hint {
        println!("  hint: {hint}");
    }
    println!("The definition does not build; nothing was changed.");
}

fn print_report(r: &TryReport) {
    let refresh = r.last_refresh.as_ref().map_or_else(
        || "no successful refresh logged".to_string(),
        |l| {
            format!(
                "last refresh took {} ms ({}, {})",
                l.duration_ms,
                l.mode,
                l.finished_at.format("%Y-%m-%d %H:%M:%S")
            )
        },
    );
    if !r.deployed {
        println!(
            "{} is not in this database yet (a new view): every row and column below is new. (If a pending migration creates it, `biositing migrate` first to compare.)",
            r.view
        );
    }
    println!(
        "Built in {} ms (populate {} ms + indexes {} ms); {refresh}.",
        r.populate_ms + r.indexes_ms,
        r.populate_ms,
        r.indexes_ms
    );
    if !r.unmapped_columns.is_empty() {
        println!(
            "warning: the typed mapping in {VIEWS_SRC}/{}/mod.rs lacks {}: add them to its table! and row struct before `migration generate`",
            r.view,
            r.unmapped_columns.join(", ")
        );
    }

    let c = &r.columns;
    if c.gained.is_empty() && c.lost.is_empty() && c.retyped.is_empty() {
        println!("Columns: unchanged.");
    } else {
        println!("Columns:");
        for col in &c.gained {
            println!("  + {} {}", col.name, col.type_name);
        }
        for col in &c.lost {
            println!("  - {} {}", col.name, col.type_name);
        }
        for col in &c.retyped {
            println!("  ~ {} {} -> {}", col.name, col.deployed, col.new);
        }
    }

    if r.deployed {
        println!(
            "Rows: deployed {}, new {} ({:+}).",
            r.deployed_rows,
            r.new_rows,
            r.new_rows - r.deployed_rows
        );
    } else {
        println!("Rows: {} (new view).", r.new_rows);
    }
    match r.comparison.by {
        CompareBy::UniqueKey => println!(
            "Compared by the unique key ({}), values as PostgreSQL prints them:",
            r.comparison.key.join(", ")
        ),
        CompareBy::Multiset => println!(
            "The unique key ({}) changes meaning ({}): compared whole rows as multisets (EXCEPT ALL both ways):",
            r.comparison.key.join(", "),
            r.comparison.key_changes.join("; ")
        ),
    }
    print_sample("only in the deployed view", &r.only_deployed);
    print_sample("only in the new definition", &r.only_new);
    if r.comparison.by == CompareBy::UniqueKey {
        let by_column: Vec<String> = r
            .changed
            .by_column
            .iter()
            .map(|c| format!("{} {}", c.column, c.rows))
            .collect();
        if by_column.is_empty() {
            println!("  changed: {}", r.changed.count);
        } else {
            println!("  changed: {} ({})", r.changed.count, by_column.join(", "));
        }
        for row in &r.changed.examples {
            let key: Vec<String> = r
                .comparison
                .key
                .iter()
                .zip(&row.key)
                .map(|(k, v)| format!("{k}={}", value(v)))
                .collect();
            println!("    {}:", key.join(", "));
            for change in &row.changes {
                println!(
                    "      {:<24} {}  ->  {}",
                    change.column,
                    value(&change.deployed),
                    value(&change.new)
                );
            }
        }
    }

    println!("Indexes the view declares, built on the new rows:");
    for index in &r.indexes {
        match &index.error {
            None => println!("  ok      {} ({} ms)", index.definition, index.build_ms),
            Some(e) => println!("  FAILED  {}: {e}", index.definition),
        }
    }

    if r.failed_indexes().next().is_some() {
        println!("A migration freezing this definition would fail: fix the definition or the INDEXES list.");
    } else if r.differences == 0 {
        println!("No differences: the new definition gives the portal exactly the deployed rows.");
    } else {
        println!(
            "Nothing was kept. To freeze it: biositing migration generate --view {} -m \"what the change does\"",
            r.view
        );
    }
}

fn print_sample(label: &str, sample: &RowSample) {
    println!("  {label}: {}", sample.count);
    for row in &sample.examples {
        let cells: Vec<String> = sample
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| format!("{c}={}", value(v)))
            .collect();
        println!("    {}", shorten(&cells.join(", "), 200));
    }
}

/// A value as printed, NULL spelled out and long texts cut.
fn value(v: &Option<String>) -> String {
    match v {
        None => "NULL".to_string(),
        Some(text) => shorten(text, 60),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
