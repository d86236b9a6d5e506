//! Loads the sample dataset into the database at `DATABASE_URL`:
//! `cargo run --release -p biositing-sample --example load_sample -- [scale] [seed] [--replace]`.

use std::time::Instant;

use biositing_sample::{load, LoadEvent, SampleOptions, DEFAULT_SEED};
use diesel::{Connection, PgConnection};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let replace = args.iter().any(|a| a == "--replace");
    let mut numbers = args.iter().filter(|a| !a.starts_with("--"));
    let scale = numbers.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let seed = numbers
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(DEFAULT_SEED);
    let mut conn = PgConnection::establish(&url)?;
    let started = Instant::now();
    let summary = load(
        &mut conn,
        &SampleOptions {
            scale,
            seed,
            replace,
        },
        &mut |event| match event {
            LoadEvent::Table { table, rows } => {
                eprintln!(
                    "{:>8.2}s {table:32} {rows:>10}",
                    started.elapsed().as_secs_f64()
                )
            }
            LoadEvent::Chunk { table, rows } => eprintln!(
                "{:>8.2}s {table:32} {rows:>10} ...",
                started.elapsed().as_secs_f64()
            ),
            other => eprintln!("{:>8.2}s {other:?}", started.elapsed().as_secs_f64()),
        },
    )?;
    eprintln!(
        "loaded {} rows (scale {scale}, seed {seed}) in {:.2}s",
        summary.total_rows,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
