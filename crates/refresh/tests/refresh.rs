//! The refresh tool against a real PostgreSQL: readers are never blocked, failures
//! stay isolated, dependencies are ordered, runs on one view never overlap, and
//! every attempt is recorded.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use biositing_refresh::{
    last_refreshes, refresh, ModeChoice, RefreshEvent, RefreshMode, RefreshOptions, RefreshOutcome,
    RefreshPlan, RefreshReport, RefreshTarget, ViewResult,
};
use biositing_test_db::{biositing, count, run_ok, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::{BigInt, Bool, Text};

fn pool(db: &TestDatabase, size: u32) -> Pool<ConnectionManager<PgConnection>> {
    Pool::builder()
        .max_size(size)
        .build(ConnectionManager::new(db.url().connection_string()))
        .unwrap()
}

fn run(db: &TestDatabase, names: &[&str], options: &RefreshOptions) -> RefreshReport {
    let mut conn = db.conn();
    let targets = RefreshTarget::from_names(names).unwrap();
    let plan = RefreshPlan::new(&mut conn, targets).unwrap();
    refresh(&pool(db, 4), &plan, options, &|_| {})
}

fn result<'a>(report: &'a RefreshReport, view: &str) -> &'a ViewResult {
    report.results.iter().find(|r| r.view == view).unwrap()
}

/// `count` resources with one availability row each: enough rows that a
/// refresh of mv_biomass_availability takes a while.
fn load_availability(db: &TestDatabase, count: i32) {
    db.execute(&format!(
        "INSERT INTO resource (id, name) SELECT g, 'resource ' || g FROM generate_series(1, {count}) g;
         INSERT INTO resource_availability (resource_id, from_month, to_month, year_round, residue_factor_dry_tons_acre)
              SELECT g, 1 + g % 12, 1 + (g + 3) % 12, g % 7 = 0, (g % 50) / 10.0 FROM generate_series(1, {count}) g;"
    ));
}

fn populated(conn: &mut PgConnection, view: &str) -> bool {
    #[derive(QueryableByName)]
    struct Populated {
        #[diesel(sql_type = Bool)]
        populated: bool,
    }
    diesel::sql_query("SELECT relispopulated AS populated FROM pg_class WHERE oid = $1::regclass")
        .bind::<Text, _>(format!("data_portal.{view}"))
        .get_result::<Populated>(conn)
        .unwrap()
        .populated
}

#[test]
fn readers_never_fail_or_see_an_empty_view_during_a_concurrent_refresh() {
    let db = TestDatabase::migrated();
    load_availability(&db, 60_000);
    let first = run(
        &db,
        &["mv_biomass_availability"],
        &RefreshOptions::default(),
    );
    assert_eq!(result(&first, "mv_biomass_availability").rows, Some(60_000));

    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let stop = Arc::clone(&stop);
            let url = db.url().clone();
            std::thread::spawn(move || {
                let mut conn = biositing_db::connect(&url).unwrap();
                let mut reads = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    let sql = "SELECT count(*) AS n FROM data_portal.mv_biomass_availability";
                    reads.push(
                        diesel::sql_query(sql)
                            .get_result::<CountRow>(&mut conn)
                            .map(|c| c.n),
                    );
                }
                reads
            })
        })
        .collect();
    let mut modes = Vec::new();
    for _ in 0..3 {
        let report = run(
            &db,
            &["mv_biomass_availability"],
            &RefreshOptions::default(),
        );
        let r = result(&report, "mv_biomass_availability");
        assert_eq!(r.outcome, RefreshOutcome::Succeeded, "{r:?}");
        modes.push(r.mode);
    }
    stop.store(true, Ordering::SeqCst);
    let reads: Vec<Result<i64, diesel::result::Error>> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    assert!(
        reads.len() > 10,
        "readers barely ran: {} reads",
        reads.len()
    );
    for read in &reads {
        assert_eq!(read.as_ref().ok(), Some(&60_000), "a reader saw {read:?}");
    }
    assert_eq!(modes, vec![Some(RefreshMode::Concurrent); 3]);
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[test]
fn a_never_populated_view_gets_a_blocking_refresh() {
    let db = TestDatabase::migrated();
    load_availability(&db, 10);
    db.execute("REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability WITH NO DATA");
    let mut conn = db.conn();
    assert!(!populated(&mut conn, "mv_biomass_availability"));

    // Asking for CONCURRENTLY explicitly fails, and says why.
    let concurrent = RefreshOptions {
        mode: ModeChoice::Concurrent,
        ..RefreshOptions::default()
    };
    let refused = run(&db, &["mv_biomass_availability"], &concurrent);
    let r = result(&refused, "mv_biomass_availability");
    assert_eq!(r.outcome, RefreshOutcome::Failed);
    assert!(
        r.error
            .as_deref()
            .unwrap()
            .contains("it has never been populated"),
        "{r:?}"
    );

    let report = run(
        &db,
        &["mv_biomass_availability"],
        &RefreshOptions::default(),
    );
    let r = result(&report, "mv_biomass_availability");
    assert_eq!(
        (r.mode, r.outcome, r.rows),
        (
            Some(RefreshMode::Blocking),
            RefreshOutcome::Succeeded,
            Some(10)
        )
    );
    assert!(populated(&mut conn, "mv_biomass_availability"));
    // Populated now, so the next automatic refresh no longer blocks readers.
    let next = run(
        &db,
        &["mv_biomass_availability"],
        &RefreshOptions::default(),
    );
    assert_eq!(
        result(&next, "mv_biomass_availability").mode,
        Some(RefreshMode::Concurrent)
    );
}

#[test]
fn a_failing_view_fails_alone_and_is_recorded() {
    // A unique index the view's rows break: every resource shares one key.
    // (The original views broke their own unique index on some data, but their
    // schema predates the refresh log this version writes.)
    let db = TestDatabase::migrated();
    load_availability(&db, 5);
    db.execute(
        "CREATE UNIQUE INDEX mv_biomass_search_broken ON data_portal.mv_biomass_search ((true));",
    );
    let options = RefreshOptions {
        jobs: 2,
        ..RefreshOptions::default()
    };
    // Every view this migration state has (a view registered later is not there yet).
    let views = db.portal_views();
    let names: Vec<&str> = views.iter().map(String::as_str).collect();
    assert!(names.contains(&"mv_biomass_search") && names.contains(&"mv_biomass_availability"));
    let report = run(&db, &names, &options);
    assert_eq!(report.results.len(), names.len());
    let failed: Vec<&str> = report.failed().map(|r| r.view.as_str()).collect();
    assert_eq!(failed, vec!["mv_biomass_search"]);
    let error = result(&report, "mv_biomass_search").error.clone().unwrap();
    assert!(
        error.contains("duplicate") && error.contains("=(t)"),
        "{error}"
    );
    assert_eq!(result(&report, "mv_biomass_availability").rows, Some(5));

    let mut conn = db.conn();
    let failure = last_refreshes(&mut conn, "mv_biomass_search", RefreshOutcome::Failed)
        .unwrap()
        .unwrap();
    assert_eq!(failure.error.as_deref(), Some(error.as_str()));
    assert_eq!(failure.rows_after, None);
    let success = last_refreshes(
        &mut conn,
        "mv_biomass_availability",
        RefreshOutcome::Succeeded,
    )
    .unwrap()
    .unwrap();
    assert_eq!(success.rows_after, Some(5));
    assert!(success.finished_at >= Some(success.started_at));
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log"
        ),
        names.len() as i64
    );

    // Through the CLI: the failure is named with PostgreSQL's message, exit code 1.
    let out = biositing(db.url())
        .args(["refresh", "--jobs", "2"])
        .args(&names)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("mv_biomass_search failed: duplicate key")
            && stdout.contains("Key ((true))=(t)"),
        "{stdout}"
    );
    let summary = format!(
        "1 of {} view(s) failed ({} refreshed).",
        names.len(),
        names.len() - 1
    );
    assert!(stdout.contains(&summary), "{stdout}");
}

#[test]
fn a_view_is_refreshed_after_the_view_it_reads() {
    let db = TestDatabase::migrated();
    load_availability(&db, 20_000);
    db.execute(
        "CREATE MATERIALIZED VIEW data_portal.mv_test_reader AS
             SELECT 1 AS id, count(*) AS resources FROM data_portal.mv_biomass_availability;
         CREATE UNIQUE INDEX ON data_portal.mv_test_reader (id);",
    );
    let mut conn = db.conn();
    // The reader comes first in the list; the plan must still put it second.
    let targets = vec![
        RefreshTarget::existing(&mut conn, "mv_test_reader").unwrap(),
        RefreshTarget::registered(&biositing_views::mv_biomass_availability::VIEW),
    ];
    let plan = RefreshPlan::new(&mut conn, targets).unwrap();
    assert_eq!(
        plan.sources_of("mv_test_reader").collect::<Vec<_>>(),
        vec!["mv_biomass_availability"]
    );
    let options = RefreshOptions {
        jobs: 2,
        ..RefreshOptions::default()
    };
    let report = refresh(&pool(&db, 2), &plan, &options, &|_| {});
    let order: Vec<&str> = report.results.iter().map(|r| r.view.as_str()).collect();
    assert_eq!(order, vec!["mv_biomass_availability", "mv_test_reader"]);
    // Had it run first, it would have counted the old (empty) contents.
    assert_eq!(
        count(
            &mut conn,
            "SELECT resources AS n FROM data_portal.mv_test_reader"
        ),
        20_000
    );
    let source = last_refreshes(
        &mut conn,
        "mv_biomass_availability",
        RefreshOutcome::Succeeded,
    )
    .unwrap()
    .unwrap();
    let reader = last_refreshes(&mut conn, "mv_test_reader", RefreshOutcome::Succeeded)
        .unwrap()
        .unwrap();
    assert!(
        Some(reader.started_at) >= source.finished_at,
        "{reader:?} started before {source:?} finished"
    );
}

#[test]
fn two_refreshes_of_one_view_never_overlap() {
    let db = TestDatabase::migrated();
    load_availability(&db, 40_000);
    let waited = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let url = db.url().clone();
            let waited = Arc::clone(&waited);
            std::thread::spawn(move || {
                let pool = Pool::builder()
                    .max_size(1)
                    .build(ConnectionManager::<PgConnection>::new(
                        url.connection_string(),
                    ))
                    .unwrap();
                let mut conn = biositing_db::connect(&url).unwrap();
                let targets = RefreshTarget::from_names(&["mv_biomass_availability"]).unwrap();
                let plan = RefreshPlan::new(&mut conn, targets).unwrap();
                refresh(&pool, &plan, &RefreshOptions::default(), &|event| {
                    if matches!(event, RefreshEvent::Waiting { .. }) {
                        waited.store(true, Ordering::SeqCst);
                    }
                })
            })
        })
        .collect();
    for handle in handles {
        let report = handle.join().unwrap();
        assert_eq!(report.failed().count(), 0, "{report:?}");
    }
    assert!(
        waited.load(Ordering::SeqCst),
        "the two refreshes never met: nothing was tested"
    );
    // The log holds when each refresh really ran (after its lock was granted).
    let mut conn = db.conn();
    let overlapping = count(
        &mut conn,
        "SELECT count(*) AS n FROM data_portal.refresh_log a JOIN data_portal.refresh_log b
            ON a.id < b.id AND a.view_name = b.view_name
         WHERE a.started_at < b.finished_at AND b.started_at < a.finished_at",
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log"
        ),
        2
    );
    assert_eq!(overlapping, 0);
}

#[test]
fn a_held_view_lock_is_waited_for_or_skipped() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    // Another session "refreshing" the view: it holds the view's advisory lock.
    let mut holder = db.conn();
    diesel::sql_query("SET application_name = 'not_biositing_at_all'")
        .execute(&mut holder)
        .unwrap();
    diesel::sql_query("SELECT pg_advisory_lock(1651664498, hashtext('mv_biomass_availability'))")
        .execute(&mut holder)
        .unwrap();

    let skip = RefreshOptions {
        skip_locked: true,
        ..RefreshOptions::default()
    };
    let skipped = run(
        &db,
        &["mv_biomass_availability", "mv_biomass_pricing"],
        &skip,
    );
    assert_eq!(
        result(&skipped, "mv_biomass_availability").outcome,
        RefreshOutcome::Skipped
    );
    assert_eq!(
        result(&skipped, "mv_biomass_pricing").outcome,
        RefreshOutcome::Succeeded
    );

    let short = RefreshOptions {
        lock_timeout: Duration::from_millis(300),
        ..RefreshOptions::default()
    };
    let timed_out = run(&db, &["mv_biomass_availability"], &short);
    let r = result(&timed_out, "mv_biomass_availability");
    assert_eq!(r.outcome, RefreshOutcome::Failed);
    assert!(
        r.error
            .as_deref()
            .unwrap()
            .contains("another refresh of this view was still running"),
        "{r:?}"
    );
    // Any login can take the lock: the message names the session holding it.
    assert!(
        r.error.as_deref().unwrap().contains("not_biositing_at_all"),
        "{r:?}"
    );

    let mut conn = db.conn();
    let outcomes = count(
        &mut conn,
        "SELECT count(*) AS n FROM data_portal.refresh_log
          WHERE view_name = 'mv_biomass_availability' AND outcome IN ('skipped', 'failed')
            AND mode = 'concurrent'",
    );
    // Both logged, with the mode they would have run in (populated, unique index).
    assert_eq!(outcomes, 2);
}

#[test]
fn unknown_view_names_are_rejected_before_anything_runs() {
    let db = TestDatabase::migrated();
    let out = biositing(db.url())
        .args(["refresh", "mv_biomass_search", "mv_typo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "unknown view `mv_typo`: valid names are mv_biomass_search, mv_biomass_availability"
        ),
        "{stderr}"
    );
    let mut conn = db.conn();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log"
        ),
        0
    );

    let bad = biositing(db.url())
        .args(["refresh", "--lock-timeout", "soon"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid duration `soon`"));
}

#[test]
fn views_status_reports_freshness() {
    let db = TestDatabase::migrated();
    load_availability(&db, 4);
    run_ok(biositing(db.url()).args(["refresh", "mv_biomass_availability"]));
    let out = run_ok(biositing(db.url()).args(["views", "status", "--json"]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let views = json.as_array().unwrap();
    assert_eq!(views.len(), biositing_views::VIEWS.len());
    let availability = views
        .iter()
        .find(|v| v["name"] == "mv_biomass_availability")
        .unwrap();
    assert_eq!(availability["populated"], true);
    assert_eq!(availability["rows"], 4);
    assert_eq!(availability["has_unique_index"], true);
    assert_eq!(availability["last_success"]["rows_after"], 4);
    assert_eq!(availability["last_success"]["mode"], "concurrent");
    assert_eq!(availability["last_failure"], serde_json::Value::Null);
    let search = views
        .iter()
        .find(|v| v["name"] == "mv_biomass_search")
        .unwrap();
    assert_eq!(search["last_success"], serde_json::Value::Null);
}

#[test]
fn parallel_jobs_turn_off_postgres_parallel_workers_inside_each_refresh() {
    let db = TestDatabase::migrated();
    // A view that records the setting in force while it is refreshed.
    db.execute(
        "CREATE MATERIALIZED VIEW data_portal.mv_test_setting AS
             SELECT 1 AS id, current_setting('max_parallel_workers_per_gather') AS workers;
         CREATE UNIQUE INDEX ON data_portal.mv_test_setting (id);",
    );
    let workers_after = |jobs: usize| {
        let mut conn = db.conn();
        let targets = vec![
            RefreshTarget::existing(&mut conn, "mv_test_setting").unwrap(),
            RefreshTarget::registered(&biositing_views::mv_biomass_pricing::VIEW),
        ];
        let plan = RefreshPlan::new(&mut conn, targets).unwrap();
        let options = RefreshOptions {
            jobs,
            ..RefreshOptions::default()
        };
        let report = refresh(&pool(&db, 2), &plan, &options, &|_| {});
        assert_eq!(report.failed().count(), 0, "{report:?}");
        #[derive(QueryableByName)]
        struct Workers {
            #[diesel(sql_type = Text)]
            workers: String,
        }
        diesel::sql_query("SELECT workers FROM data_portal.mv_test_setting")
            .get_result::<Workers>(&mut conn)
            .unwrap()
            .workers
    };
    assert_eq!(workers_after(2), "0");
    assert_eq!(
        workers_after(1),
        "2",
        "PostgreSQL's default applies to a single job"
    );
}

// ---------------------------------------------------------------------------
// Faults: every statement bounded by the timeouts, every attempt on record.

/// Runs the CLI, killing it (and failing the test) if it is still running
/// after `deadline`: a hang must fail, not stall the suite.
fn run_within(
    cmd: &mut std::process::Command,
    deadline: Duration,
) -> (std::process::Output, Duration) {
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            return (child.wait_with_output().unwrap(), started.elapsed());
        }
        if started.elapsed() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{cmd:?} still running after {deadline:?}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Margin over the timeouts for process start, connecting, and a loaded machine.
const MARGIN: Duration = Duration::from_secs(4);

#[test]
fn every_statement_of_a_refresh_and_of_views_status_is_bounded_by_the_timeouts() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    let one_second = Duration::from_secs(1);
    let refresh_args = [
        "refresh",
        "mv_biomass_availability",
        "--lock-timeout",
        "1s",
        "--statement-timeout",
        "1s",
    ];

    // Another session's blocking refresh holds the view (ACCESS EXCLUSIVE).
    let mut holder = db.conn();
    holder
        .batch_execute("BEGIN; REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability")
        .unwrap();
    let (out, took) = run_within(
        biositing(db.url()).args(refresh_args),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < one_second + MARGIN, "took {took:?}");
    // Lock and statement timeout are both 1 s: either may fire first.
    assert!(
        text(&out).contains("canceling statement due to"),
        "{}",
        text(&out)
    );

    // The same while that session also holds the view's refresh lock, as a
    // running `biositing refresh` does.
    diesel::sql_query("SELECT pg_advisory_lock(1651664498, hashtext('mv_biomass_availability'))")
        .execute(&mut holder)
        .unwrap();
    let (out, took) = run_within(
        biositing(db.url()).args(refresh_args),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < one_second + MARGIN, "took {took:?}");
    assert!(
        text(&out).contains("another refresh of this view was still running after 1000 ms"),
        "{}",
        text(&out)
    );

    // `views status` does not wait for the held view: it says who holds it.
    let (out, took) = run_within(
        biositing(db.url()).args(["views", "status", "--lock-timeout", "1s", "--json"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(took < one_second + MARGIN, "took {took:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let availability = json
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "mv_biomass_availability")
        .unwrap();
    let holder_pid = count(&mut holder, "SELECT pg_backend_pid()::bigint AS n");
    assert_eq!(availability["locked_by"], format!("pid {holder_pid}"));
    assert_eq!(availability["rows"], serde_json::Value::Null);
    holder.batch_execute("ROLLBACK").unwrap();
    drop(holder);

    // A locked refresh log: the attempt cannot be recorded, so the view is not
    // refreshed and the command fails, within the timeout, saying why.
    let mut holder = db.conn();
    holder
        .batch_execute("BEGIN; LOCK TABLE data_portal.refresh_log IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let (out, took) = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_availability", "--lock-timeout", "1s"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < one_second + MARGIN, "took {took:?}");
    let said = text(&out);
    assert!(
        said.contains("could not be recorded in data_portal.refresh_log")
            && said.contains("lock timeout"),
        "{said}"
    );
    let (out, took) = run_within(
        biositing(db.url()).args(["views", "status", "--lock-timeout", "1s"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < one_second + MARGIN, "took {took:?}");
    assert!(text(&out).contains("lock timeout"), "{}", text(&out));
    holder.batch_execute("ROLLBACK").unwrap();
}

#[test]
fn lock_timeout_zero_means_do_not_wait_and_overlong_durations_are_refused() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    let mut holder = db.conn();
    holder
        .batch_execute("BEGIN; REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability")
        .unwrap();
    let (out, took) = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_availability", "--lock-timeout", "0"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < MARGIN, "took {took:?}");
    assert!(text(&out).contains("lock timeout"), "{}", text(&out));
    // The same for the refresh lock of a view another refresh holds.
    diesel::sql_query("SELECT pg_advisory_lock(1651664498, hashtext('mv_biomass_availability'))")
        .execute(&mut holder)
        .unwrap();
    let (out, took) = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_availability", "--lock-timeout", "0"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(took < MARGIN, "took {took:?}");
    assert!(
        text(&out).contains("--lock-timeout 0: not waiting"),
        "{}",
        text(&out)
    );
    holder.batch_execute("ROLLBACK").unwrap();
    drop(holder);

    let mut conn = db.conn();
    let logged_before = count(
        &mut conn,
        "SELECT count(*) AS n FROM data_portal.refresh_log",
    );
    for args in [
        &["refresh", "--lock-timeout", "597h"][..],
        &["refresh", "--statement-timeout", "2147483648ms"],
        &["refresh", "--lock-timeout", "99999999999999999999999s"],
        &["views", "status", "--lock-timeout", "600h"],
    ] {
        let (out, _) = run_within(biositing(db.url()).args(args), Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("is too long: PostgreSQL takes timeouts of at most 596h"),
            "{args:?}: {}",
            text(&out)
        );
    }
    let (out, _) = run_within(
        biositing(db.url()).args(["refresh", "--statement-timeout", "0"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("leave it out for no limit"),
        "{}",
        text(&out)
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log"
        ),
        logged_before
    );
}

/// The newest attempt of `view` as `views status --json` shows it.
fn last_attempt_json(db: &TestDatabase, view: &str) -> serde_json::Value {
    let (out, _) = run_within(
        biositing(db.url()).args(["views", "status", "--json"]),
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == view)
        .unwrap()["last_attempt"]
        .clone()
}

/// Waits for a `running` row of mv_biomass_availability and returns its backend pid.
fn running_backend(conn: &mut PgConnection) -> i64 {
    for _ in 0..500 {
        let pid = count(
            conn,
            "SELECT coalesce(max(backend_pid), 0)::bigint AS n FROM data_portal.refresh_log
              WHERE view_name = 'mv_biomass_availability' AND outcome = 'running'",
        );
        if pid != 0 {
            return pid;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no running attempt was recorded");
}

fn wait_until_gone(conn: &mut PgConnection, pid: i64) {
    for _ in 0..1000 {
        let alive = count(
            conn,
            &format!("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = {pid}"),
        );
        if alive == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("backend {pid} is still there");
}

#[test]
fn an_interrupted_refresh_is_on_record_as_interrupted() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    let mut conn = db.conn();
    let mut holder = db.conn();
    // A lock on a table the view reads keeps the REFRESH waiting, mid-run.
    let hold = "BEGIN; LOCK TABLE public.resource_availability IN ACCESS EXCLUSIVE MODE";

    // kill -9 of the process.
    holder.batch_execute(hold).unwrap();
    let mut child = biositing(db.url())
        .args(["refresh", "mv_biomass_availability"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let killed_backend = running_backend(&mut conn);
    let running = last_attempt_json(&db, "mv_biomass_availability");
    assert_eq!(running["outcome"], "running", "{running}");
    assert_eq!(running["backend_pid"], killed_backend);
    child.kill().unwrap();
    child.wait().unwrap();
    holder.batch_execute("ROLLBACK").unwrap();
    wait_until_gone(&mut conn, killed_backend);
    let interrupted = last_attempt_json(&db, "mv_biomass_availability");
    assert_eq!(interrupted["outcome"], "interrupted", "{interrupted}");
    assert_eq!(interrupted["backend_pid"], killed_backend);
    assert_eq!(interrupted["finished_at"], serde_json::Value::Null);

    // A lost connection: the backend is terminated under the refresh.
    holder.batch_execute(hold).unwrap();
    let child = biositing(db.url())
        .args(["refresh", "mv_biomass_availability"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let terminated_backend = loop {
        let pid = running_backend(&mut conn);
        if pid != killed_backend {
            break pid;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    diesel::sql_query(format!("SELECT pg_terminate_backend({terminated_backend})"))
        .execute(&mut conn)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("mv_biomass_availability failed"),
        "{}",
        text(&out)
    );
    holder.batch_execute("ROLLBACK").unwrap();
    wait_until_gone(&mut conn, terminated_backend);
    let interrupted = last_attempt_json(&db, "mv_biomass_availability");
    assert_eq!(interrupted["outcome"], "interrupted", "{interrupted}");
    assert_eq!(interrupted["backend_pid"], terminated_backend);

    // The next refresh stores both as interrupted and succeeds.
    let (out, _) = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_availability"]),
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log
              WHERE outcome = 'interrupted' AND finished_at IS NULL AND error LIKE 'interrupted:%'"
        ),
        2
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log WHERE outcome = 'running'"
        ),
        0
    );
    assert_eq!(
        last_attempt_json(&db, "mv_biomass_availability")["outcome"],
        "succeeded"
    );
}

#[test]
fn a_refresh_that_cannot_be_recorded_fails_the_command_and_says_why() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    let refresh_pricing = || {
        run_within(
            biositing(db.url()).args(["refresh", "mv_biomass_pricing"]),
            Duration::from_secs(60),
        )
        .0
    };

    // Completing the row fails (a trigger refuses the update that completes
    // it): refreshed, not on record.
    db.execute(
        "CREATE FUNCTION public.refuse_refresh_log() RETURNS trigger LANGUAGE plpgsql
             AS $$ BEGIN RAISE EXCEPTION 'the refresh log is frozen today'; END $$;
         CREATE TRIGGER refuse BEFORE UPDATE ON data_portal.refresh_log
             FOR EACH ROW WHEN (NEW.finished_at IS NOT NULL)
             EXECUTE FUNCTION public.refuse_refresh_log();",
    );
    let out = refresh_pricing();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!said.contains("All 1 view(s) refreshed"), "{said}");
    assert!(
        said.contains("mv_biomass_pricing ok, but it is not on record: writing data_portal.refresh_log failed: the refresh log is frozen today"),
        "{said}"
    );
    let json = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_pricing", "--json"]),
        Duration::from_secs(60),
    )
    .0;
    assert_eq!(json.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json["results"][0]["log_error"],
        "the refresh log is frozen today"
    );

    // Starting the row fails (the trigger refuses inserts): not refreshed.
    db.execute(
        "DROP TRIGGER refuse ON data_portal.refresh_log;
         CREATE TRIGGER refuse BEFORE INSERT ON data_portal.refresh_log
             FOR EACH ROW EXECUTE FUNCTION public.refuse_refresh_log();",
    );
    let out = refresh_pricing();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("mv_biomass_pricing failed: not refreshed: its start could not be recorded in data_portal.refresh_log: the refresh log is frozen today"),
        "{said}"
    );

    // Recording the refresh's snapshot fails (the trigger refuses any update):
    // not refreshed, since the change tracking could not know what it saw. (Last:
    // the attempt's row stays `running`, and marking it interrupted is an update too.)
    db.execute(
        "DROP TRIGGER refuse ON data_portal.refresh_log;
         UPDATE data_portal.refresh_log SET outcome = 'interrupted' WHERE outcome = 'running';
         CREATE TRIGGER refuse BEFORE UPDATE ON data_portal.refresh_log
             FOR EACH ROW EXECUTE FUNCTION public.refuse_refresh_log();",
    );
    let out = refresh_pricing();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("mv_biomass_pricing failed: not refreshed: its snapshot could not be recorded for the change tracking: the refresh log is frozen today"),
        "{said}"
    );

    // A database from before the refresh log.
    let old = TestDatabase::migrated_to("2026-11-26-000004_grant_portal_readonly");
    let out = run_within(
        biositing(old.url()).args(["refresh", "mv_biomass_pricing"]),
        Duration::from_secs(60),
    )
    .0;
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("run `biositing migrate`"), "{said}");
    assert!(!said.contains("All 1 view(s) refreshed"), "{said}");
}

#[test]
fn a_registered_view_missing_from_the_database_is_logged_as_failed() {
    let db = TestDatabase::migrated();
    db.execute("DROP MATERIALIZED VIEW data_portal.mv_biomass_pricing");
    let (out, _) = run_within(
        biositing(db.url()).args(["refresh", "mv_biomass_pricing"]),
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let mut conn = db.conn();
    let failure = last_refreshes(&mut conn, "mv_biomass_pricing", RefreshOutcome::Failed)
        .unwrap()
        .unwrap();
    assert_eq!(
        failure.error.as_deref(),
        Some("data_portal.mv_biomass_pricing does not exist: run `biositing migrate`")
    );
    assert_eq!(failure.mode, None);
    assert!(failure.finished_at.is_some());
}

#[test]
fn the_skip_locked_summary_counts_the_skipped_views() {
    let db = TestDatabase::migrated();
    load_availability(&db, 3);
    let mut holder = db.conn();
    diesel::sql_query("SELECT pg_advisory_lock(1651664498, hashtext('mv_biomass_availability'))")
        .execute(&mut holder)
        .unwrap();
    let (out, _) = run_within(
        biositing(db.url()).args(["refresh", "--skip-locked", "--jobs", "2"]),
        Duration::from_secs(120),
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let views = biositing_views::VIEWS.len();
    assert!(
        said.contains(&format!("{} view(s) refreshed, 1 skipped", views - 1)),
        "{said}"
    );
    assert!(!said.contains("All "), "{said}");
}
