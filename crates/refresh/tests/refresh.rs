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
use biositing_test_db::{biositing, TestDatabase};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sql_types::{BigInt, Bool, Text};

/// The last migration before the view fixes: the views exactly as the original.
const ORIGINAL_VIEWS: &str = "2026-11-26-000005_create_refresh_log";

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

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
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
    // The original views (before the view fixes shipped later): two morphology rows
    // give resource 1 two search rows, a duplicate under the unique index of
    // mv_biomass_search (a known weak spot of the original view).
    let db = TestDatabase::migrated_to(ORIGINAL_VIEWS);
    load_availability(&db, 5);
    db.execute(
        "INSERT INTO resource_morphology (resource_id, morphology_uri) VALUES (1, 'a.png'), (1, 'b.png');",
    );
    let options = RefreshOptions {
        jobs: 2,
        ..RefreshOptions::default()
    };
    let report = run(&db, &[], &options);
    assert_eq!(report.results.len(), biositing_views::VIEWS.len());
    let failed: Vec<&str> = report.failed().map(|r| r.view.as_str()).collect();
    assert_eq!(failed, vec!["mv_biomass_search"]);
    let error = result(&report, "mv_biomass_search").error.clone().unwrap();
    assert!(
        error.contains("duplicate") && error.contains("(id)=(1)"),
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
    assert!(success.finished_at >= success.started_at);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log"
        ),
        10
    );

    // Through the CLI: the failure is named with PostgreSQL's message, exit code 1.
    let out = biositing(db.url())
        .args(["refresh", "--jobs", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("mv_biomass_search failed: duplicate key")
            && stdout.contains("Key (id)=(1)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 10 view(s) failed."), "{stdout}");
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
        reader.started_at >= source.finished_at,
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
    let out = biositing(db.url())
        .args(["refresh", "mv_biomass_availability"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = biositing(db.url())
        .args(["views", "status", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
