use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use std::time::Duration;

use biositing_refresh::{
    parse_duration, refresh, set_session_timeouts, ModeChoice, RefreshEvent, RefreshOptions,
    RefreshOutcome, RefreshPlan, RefreshReport, RefreshTarget,
};
use clap::{Args, ValueEnum};
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::PgConnection;

use super::InputError;
use crate::{output, Cli, EXIT_FAILED};

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Views to refresh, whether or not what they read changed: a registered view's name, or another materialized view's `schema.name` (or bare name when unambiguous) (default: every materialized view of the database, registered or not, whose inputs changed since its last refresh)
    #[arg(value_name = "VIEW")]
    views: Vec<String>,
    /// Refresh every materialized view of the database, changed or not
    #[arg(long, conflicts_with = "views")]
    all: bool,
    /// Views refreshed at the same time (default: number of cores, at most the number of views); above 1, without PostgreSQL parallel workers per view
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// auto: CONCURRENTLY when the view is populated and has a unique index, else blocking
    #[arg(long, value_enum, default_value_t = Mode::Auto)]
    mode: Mode,
    /// Longest wait for another refresh of a view and for each lock a statement needs (e.g. 30s, 500ms; 0 = do not wait: fail at once if the lock is taken; at most 596h)
    #[arg(long, default_value = "60s", value_name = "DUR")]
    lock_timeout: String,
    /// Longest any one statement may run: the REFRESH, catalog reads, log writes (default: no limit; at most 596h)
    #[arg(long, value_name = "DUR")]
    statement_timeout: Option<String>,
    /// Run ANALYZE on each view after refreshing it
    #[arg(long)]
    analyze: bool,
    /// Skip a view whose refresh is already running elsewhere instead of waiting
    #[arg(long)]
    skip_locked: bool,
    /// After the refreshes commit, wait until each of these streaming standbys has replayed them (repeat, or separate URLs with commas; without a URL: DATABASE_REPLICA_URLS); exit 1 when one does not catch up in time
    #[arg(long, value_name = "URL", num_args = 0.., value_delimiter = ',')]
    wait_for_replicas: Option<Vec<String>>,
    /// Longest wait for the standbys to catch up, connecting included (default 60s; 0 = check once)
    #[arg(long, value_name = "DUR", requires = "wait_for_replicas")]
    replica_timeout: Option<String>,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Mode {
    Auto,
    Concurrent,
    Blocking,
}

pub fn run(cli: &Cli, args: &RefreshArgs) -> anyhow::Result<ExitCode> {
    // Everything the user gave is checked before anything runs; inside a
    // checkout, a binary built from other sources refuses.
    cli.project()?;
    let lock_timeout = parse_duration(&args.lock_timeout)?;
    let statement_timeout = parse_statement_timeout(args.statement_timeout.as_deref())?;
    if args.jobs == Some(0) {
        return Err(InputError("--jobs must be at least 1".into()).into());
    }
    let replicas = match &args.wait_for_replicas {
        None => Vec::new(),
        Some(values) => {
            let values = if values.is_empty() {
                super::replicas::replica_urls_from_env()
            } else {
                values.clone()
            };
            let urls = super::replicas::parse_replica_urls(&values, "--wait-for-replicas")?;
            if urls.is_empty() {
                return Err(InputError(format!(
                    "--wait-for-replicas names no standby: give their URLs, or set {}",
                    super::replicas::REPLICA_URLS_ENV
                ))
                .into());
            }
            urls
        }
    };
    let replica_timeout = parse_duration(args.replica_timeout.as_deref().unwrap_or("60s"))?;
    let url = cli.database_url()?;
    // One line, not one failure per view, on a database never migrated (no
    // portal schema at all; an older migration state is the refresh's to report).
    refuse_unmigrated(&url)?;
    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let options = RefreshOptions {
        jobs: args.jobs.unwrap_or(cores),
        mode: match args.mode {
            Mode::Auto => ModeChoice::Auto,
            Mode::Concurrent => ModeChoice::Concurrent,
            Mode::Blocking => ModeChoice::Blocking,
        },
        lock_timeout,
        statement_timeout,
        analyze: args.analyze,
        skip_locked: args.skip_locked,
        // Named views and --all are refreshed whatever changed.
        only_changed: args.views.is_empty() && !args.all,
    };
    let report = refresh_views(&url, &args.views, options, !args.json)?;
    if replicas.is_empty() {
        if args.json {
            output::json(&JsonReport::new(&report))?;
        } else {
            print_summary(&report);
        }
        return Ok(exit_code(report.is_success()));
    }
    if !args.json {
        print_summary(&report);
    }
    let waits = wait_for_replicas(&url, &replicas, replica_timeout, !args.json)?;
    if args.json {
        #[derive(serde::Serialize)]
        struct WithReplicas<'a> {
            #[serde(flatten)]
            report: JsonReport<'a>,
            replicas: &'a [super::replicas::ReplicaWait],
        }
        output::json(&WithReplicas {
            report: JsonReport::new(&report),
            replicas: &waits,
        })?;
    } else {
        print_waits(&waits, replica_timeout);
    }
    let caught_up = waits.iter().all(|w| w.caught_up);
    Ok(exit_code(report.is_success() && caught_up))
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// Waits for the standbys to replay what the primary has written once the
/// refreshes are over: its WAL position now is at or after every refresh's commit.
fn wait_for_replicas(
    url: &biositing_db::DatabaseUrl,
    replicas: &[biositing_db::DatabaseUrl],
    timeout: Duration,
    show_progress: bool,
) -> anyhow::Result<Vec<super::replicas::ReplicaWait>> {
    let mut primary = super::connect_primary(url)?;
    let target = biositing_db::replica::current_wal_position(&mut primary)?;
    let identity = biositing_db::replica::server_identity(&mut primary)?;
    drop(primary);
    if show_progress {
        println!(
            "Waiting for {} standby(s) to replay up to WAL position {target} (--replica-timeout {})...",
            replicas.len(),
            output::duration(timeout)
        );
    }
    Ok(super::replicas::wait_for_replicas(
        replicas,
        &identity,
        target,
        timeout,
        show_progress,
    ))
}

fn print_waits(waits: &[super::replicas::ReplicaWait], timeout: Duration) {
    for w in waits {
        match (&w.error, w.caught_up) {
            (None, true) => println!(
                "replica {}: caught up (waited {})",
                w.replica,
                output::duration(Duration::from_millis(w.waited_ms))
            ),
            (error, _) => println!(
                "replica {}: FAILED: {}",
                w.replica,
                error.as_deref().unwrap_or("unknown error")
            ),
        }
    }
    let behind = waits.iter().filter(|w| !w.caught_up).count();
    if behind == 0 {
        println!("Every standby ({}) shows the refreshes.", waits.len());
    } else {
        println!(
            "{behind} of {} standby(s) did not replay the refreshes within {}: their readers still see the previous rows.",
            waits.len(),
            output::duration(timeout)
        );
    }
}

/// The report with a count per outcome, for scripts.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    refreshed: usize,
    unchanged: usize,
    failed: usize,
    skipped: usize,
    #[serde(flatten)]
    report: &'a RefreshReport,
}

impl<'a> JsonReport<'a> {
    fn new(report: &'a RefreshReport) -> Self {
        Self {
            refreshed: report.with_outcome(RefreshOutcome::Succeeded).count(),
            unchanged: report.with_outcome(RefreshOutcome::Unchanged).count(),
            failed: report.failed().count(),
            skipped: report.with_outcome(RefreshOutcome::Skipped).count(),
            report,
        }
    }
}

/// `--statement-timeout`: 0 is refused rather than read as PostgreSQL's "no
/// limit" or as "fail every statement"; leaving the option out means no limit.
pub(crate) fn parse_statement_timeout(text: Option<&str>) -> anyhow::Result<Option<Duration>> {
    let Some(text) = text else { return Ok(None) };
    let limit = parse_duration(text)?;
    if limit.is_zero() {
        return Err(InputError(
            "--statement-timeout must be above 0: leave it out for no limit".into(),
        )
        .into());
    }
    Ok(Some(limit))
}

/// Refreshes the named views (none: every materialized view of the database,
/// the registry's and any other) over a pool of `options.jobs` connections
/// (at most one per view), showing progress unless `quiet`. Unknown or
/// ambiguous names are refused before anything runs.
pub(crate) fn refresh_views<S: AsRef<str>>(
    url: &biositing_db::DatabaseUrl,
    names: &[S],
    mut options: RefreshOptions,
    show_progress: bool,
) -> anyhow::Result<RefreshReport> {
    let mut conn = super::connect_primary(url)?;
    set_session_timeouts(&mut conn, options.lock_timeout, options.statement_timeout)?;
    let targets = RefreshTarget::resolve(&mut conn, names)?;
    let plan = RefreshPlan::new(&mut conn, targets)?;
    drop(conn);
    options.jobs = options.jobs.min(plan.targets().len()).max(1);
    let pool = Pool::builder()
        .max_size(u32::try_from(options.jobs).unwrap_or(u32::MAX))
        .min_idle(Some(0))
        .build(ConnectionManager::<PgConnection>::new(
            url.connection_string(),
        ))?;
    let total = plan.targets().len();
    let progress = Progress::new(total, show_progress);
    if show_progress {
        if options.only_changed {
            println!(
                "Refreshing those of {total} view(s) whose inputs changed, with {} job(s)...",
                options.jobs
            );
        } else {
            println!("Refreshing {total} view(s) with {} job(s)...", options.jobs);
        }
    }
    let report = refresh(&pool, &plan, &options, &|event| progress.show(&event));
    progress.finish();
    Ok(report)
}

/// Live progress: a status line redrawn in place on a terminal, plain lines otherwise.
struct Progress {
    total: usize,
    done: AtomicUsize,
    enabled: bool,
    terminal: bool,
}

impl Progress {
    fn new(total: usize, enabled: bool) -> Self {
        Self {
            total,
            done: AtomicUsize::new(0),
            enabled,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    fn show(&self, event: &RefreshEvent<'_>) {
        if !self.enabled {
            return;
        }
        let line = match event {
            RefreshEvent::Waiting { view } => {
                format!("{view}: waiting for another refresh of it to finish")
            }
            RefreshEvent::Started { view, mode } => {
                format!("{view}: refreshing ({})", mode_name(Some(*mode)))
            }
            RefreshEvent::Finished(result) => {
                let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
                format!(
                    "[{done}/{}] {}: {}",
                    self.total,
                    result.view,
                    outcome_name(result.outcome)
                )
            }
        };
        let mut out = std::io::stdout().lock();
        if self.terminal {
            // Redraw one status line; finished views stay on screen.
            let _ = write!(out, "\r\x1b[K{line}");
            if matches!(event, RefreshEvent::Finished(_)) {
                let _ = writeln!(out);
            }
        } else {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }

    fn finish(&self) {
        if self.enabled && self.terminal {
            print!("\r\x1b[K");
        }
    }
}

fn mode_name(mode: Option<biositing_refresh::RefreshMode>) -> &'static str {
    match mode {
        Some(biositing_refresh::RefreshMode::Concurrent) => "concurrent",
        Some(biositing_refresh::RefreshMode::Blocking) => "blocking",
        None => "-",
    }
}

fn outcome_name(outcome: RefreshOutcome) -> &'static str {
    match outcome {
        RefreshOutcome::Succeeded => "ok",
        RefreshOutcome::Failed => "FAILED",
        RefreshOutcome::Skipped => "skipped",
        RefreshOutcome::Running => "running",
        RefreshOutcome::Interrupted => "INTERRUPTED",
        RefreshOutcome::Unchanged => "unchanged",
    }
}

pub(crate) fn print_summary(report: &RefreshReport) {
    let width = report
        .results
        .iter()
        .map(|r| r.view.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!();
    println!(
        "{:<width$}  {:<10}  {:>10}  {:>9}  outcome",
        "view", "mode", "rows", "duration"
    );
    for r in &report.results {
        let rows = r.rows.map_or_else(|| "-".to_string(), |n| n.to_string());
        println!(
            "{:<width$}  {:<10}  {:>10}  {:>9}  {}",
            r.view,
            mode_name(r.mode),
            rows,
            output::duration(r.duration),
            outcome_name(r.outcome)
        );
    }
    println!();
    for r in &report.results {
        if let Some(reason) = &r.stale_reason {
            println!("{} was stale: {reason}", r.view);
        }
    }
    for r in &report.results {
        if let Some(reason) = &r.blocking_reason {
            println!("{} refreshed blocking: {reason}", r.view);
        }
    }
    for r in report.failed() {
        println!(
            "{} failed: {}",
            r.view,
            r.error.as_deref().unwrap_or("unknown error")
        );
    }
    // A failed view already says why; anything else not on record says it here.
    for r in report
        .unrecorded()
        .filter(|r| r.outcome != RefreshOutcome::Failed)
    {
        println!(
            "{} {}, but it is not on record: writing data_portal.refresh_log failed: {}",
            r.view,
            outcome_name(r.outcome),
            r.log_error.as_deref().unwrap_or("unknown error")
        );
    }
    println!("{}", summary_line(report));
}

/// "All 10 view(s) refreshed." only when that is the whole truth.
fn summary_line(report: &RefreshReport) -> String {
    let total = report.results.len();
    let refreshed = report.with_outcome(RefreshOutcome::Succeeded).count();
    let unchanged = report.with_outcome(RefreshOutcome::Unchanged).count();
    let skipped = report.with_outcome(RefreshOutcome::Skipped).count();
    let failed = report.failed().count();
    let unrecorded = report.unrecorded().count();
    let mut line = if failed > 0 {
        let mut parts = vec![format!("{refreshed} refreshed")];
        if unchanged > 0 {
            parts.push(format!("{unchanged} unchanged"));
        }
        if skipped > 0 {
            parts.push(format!("{skipped} skipped"));
        }
        format!("{failed} of {total} view(s) failed ({}).", parts.join(", "))
    } else if skipped > 0 {
        let unchanged = if unchanged > 0 {
            format!(", {unchanged} unchanged")
        } else {
            String::new()
        };
        format!(
            "{refreshed} view(s) refreshed{unchanged}, {skipped} skipped (another refresh of them was running)."
        )
    } else if unchanged > 0 {
        format!("{refreshed} view(s) refreshed, {unchanged} unchanged (nothing they read changed).")
    } else if unrecorded > 0 {
        format!("{refreshed} of {total} view(s) refreshed.")
    } else {
        format!("All {total} view(s) refreshed.")
    };
    if unrecorded > 0 {
        line.push_str(&format!(
            " {unrecorded} attempt(s) could not be recorded in data_portal.refresh_log."
        ));
    }
    line
}

/// Refuses (exit 2, one line) a database without the `data_portal` schema.
fn refuse_unmigrated(url: &biositing_db::DatabaseUrl) -> anyhow::Result<()> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Present {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        present: bool,
    }
    let mut conn = super::connect(url)?;
    let schema: Present = diesel::sql_query(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present",
    )
    .bind::<diesel::sql_types::Text, _>(biositing_views::PORTAL_SCHEMA)
    .get_result(&mut conn)?;
    if schema.present {
        return Ok(());
    }
    Err(InputError(format!(
        "{url} is not migrated (it has no {} schema): run `biositing migrate` first",
        biositing_views::PORTAL_SCHEMA
    ))
    .into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn refresh_skips_the_schema_adopt_backs_the_old_views_up_to() {
        assert_eq!(
            biositing_refresh::ADOPTION_BACKUP_SCHEMA,
            biositing_workflow::adopt::BACKUP_SCHEMA
        );
    }
}
