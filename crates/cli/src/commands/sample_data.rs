use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use biositing_sample::{load, LoadEvent, LoadSummary, SampleOptions};
use clap::Args;
use diesel::PgConnection;

use crate::{output, Cli};

#[derive(Debug, Args)]
pub struct SampleDataArgs {
    /// Size: scale 1 is about 100,000 observations; size grows linearly (1 to 1000)
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = scale_parser())]
    scale: u32,
    /// Seed of the generator: the same scale and seed give the same data
    #[arg(long, default_value_t = biositing_sample::DEFAULT_SEED, value_name = "S")]
    seed: u64,
    /// Truncate the base tables first instead of refusing a database that holds data
    #[arg(long)]
    replace: bool,
    /// Print the summary as JSON
    #[arg(long)]
    json: bool,
}

/// `--scale`: refused at parse time (exit 2) outside 1..=MAX_SCALE.
pub(crate) fn scale_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(biositing_sample::MAX_SCALE))
}

pub fn run(cli: &Cli, args: &SampleDataArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let mut conn = super::connect_primary(&url)?;
    super::require_migrated(&mut conn, &url, "public.resource")?;
    let options = SampleOptions {
        scale: args.scale,
        seed: args.seed,
        replace: args.replace,
    };
    let started = Instant::now();
    let summary = load_with_progress(&mut conn, &options, !args.json)?;
    if args.json {
        output::json(&serde_json::json!({
            "scale": args.scale,
            "seed": args.seed,
            "total_rows": summary.total_rows,
            "duration_ms": started.elapsed().as_millis(),
            "rows_per_table": summary.rows_per_table.iter().map(|(t, n)| serde_json::json!({"table": t, "rows": n})).collect::<Vec<_>>(),
        }))?;
    } else {
        println!(
            "Loaded {} rows into {} tables in {} (scale {}, seed {}).",
            summary.total_rows,
            summary.rows_per_table.len(),
            output::duration(started.elapsed()),
            args.scale,
            args.seed
        );
        println!("Next: `biositing refresh` so the views show the new data.");
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the sample data, redrawing one progress line on a terminal and
/// printing one line per table otherwise.
pub(crate) fn load_with_progress(
    conn: &mut PgConnection,
    options: &SampleOptions,
    show_progress: bool,
) -> anyhow::Result<LoadSummary> {
    let terminal = std::io::stdout().is_terminal();
    // The heading comes with the first event, so a refused load (a database
    // that already holds data) never claims to be loading.
    let mut announced = false;
    let mut on_event = |event: LoadEvent<'_>| {
        if !show_progress {
            return;
        }
        if !announced {
            announced = true;
            println!(
                "Loading sample data (scale {}, seed {}) in one transaction...",
                options.scale, options.seed
            );
        }
        let mut out = std::io::stdout().lock();
        let _ = match event {
            LoadEvent::Chunk { table, rows } if terminal => {
                write!(out, "\r\x1b[K  {table}: {rows} rows ...")
            }
            LoadEvent::Chunk { .. } => Ok(()),
            LoadEvent::Table { table, rows } if terminal => {
                writeln!(out, "\r\x1b[K  {table}: {rows} rows")
            }
            LoadEvent::Table { table, rows } => writeln!(out, "  {table}: {rows} rows"),
            LoadEvent::Truncated { tables } => writeln!(out, "  truncated {tables} base tables"),
            _ => Ok(()),
        };
        let _ = out.flush();
    };
    Ok(load(conn, options, &mut on_event)?)
}
