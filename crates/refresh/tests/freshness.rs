//! Freshness that ordinary operations cannot fool, against real servers: a
//! dump restored into another cluster with lower transaction ids, another
//! session's `REFRESH … CONCURRENTLY` racing a data change, writes made while
//! the tracking trigger was off (a `pg_dump --data-only --disable-triggers`
//! restore, an `ALTER TABLE … DISABLE TRIGGER` window, one still in flight
//! during a refresh) and a view reading through a user function. After each,
//! a plain `biositing refresh` exits 0 and the view equals its definition.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use biositing_db::DatabaseUrl;
use biositing_refresh::{freshness, view_sources, Freshness};
use biositing_test_db::{biositing, count, run_ok, ReplicaPair, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// The base table the writes go to (a table of the data model).
const TABLE: &str = "resource_availability";

/// Resources `from..from + n` with an availability row each.
fn add_resources(conn: &mut PgConnection, from: i32, n: i32) {
    conn.batch_execute(&format!(
        "INSERT INTO resource (id, name)
              SELECT g, 'resource ' || g FROM generate_series({from}, {last}) g;
         INSERT INTO {TABLE} (resource_id, from_month, to_month, year_round)
              SELECT g, 1 + g % 12, 1 + (g + 3) % 12, g % 7 = 0 FROM generate_series({from}, {last}) g;",
        last = from + n - 1
    ))
    .unwrap();
}

/// A portal view that reads TABLE itself, found in the catalog.
fn direct_reader(conn: &mut PgConnection) -> String {
    view_sources(conn)
        .unwrap()
        .into_iter()
        .find(|s| s.is_table() && s.source_name == TABLE && s.direct)
        .expect("some view reads the table")
        .view
}

/// Rows in the portal view and not in what its definition returns now, and
/// the other way round.
fn differences(conn: &mut PgConnection, view: &str) -> i64 {
    biositing_test_db::differences(conn, "data_portal", view)
}

fn freshness_of(conn: &mut PgConnection, view: &str) -> Freshness {
    freshness(conn, &[view]).unwrap().remove(0)
}

/// `biositing refresh --json` (only the views whose inputs changed), which
/// must exit 0; the outcome of each view.
fn plain_refresh(url: &DatabaseUrl) -> BTreeMap<String, String> {
    let out = run_ok(biositing(url).args(["refresh", "--json"]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["view"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn next_xid(conn: &mut PgConnection) -> i64 {
    count(
        conn,
        "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS n",
    )
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("biositing-{}-{name}", std::process::id()))
}

#[test]
fn a_dump_restored_into_another_cluster_with_lower_transaction_ids_is_refreshed() {
    let pair = ReplicaPair::shared();
    let source = TestDatabase::migrated();
    let mut conn = source.conn();
    add_resources(&mut conn, 1, 20);
    let view = direct_reader(&mut conn);

    // The source's transaction ids well ahead of the other cluster's, as on a
    // busy old server: its refresh snapshots then see every id the new
    // cluster hands out for a long time.
    let target_xid = next_xid(&mut pair.primary_conn());
    let burn = (target_xid + 20_000 - next_xid(&mut conn)).max(0);
    conn.batch_execute(&format!(
        "DO $$ BEGIN FOR i IN 1..{burn} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$"
    ))
    .unwrap();
    run_ok(biositing(source.url()).args(["refresh", "--all"]));
    assert!(!freshness_of(&mut conn, &view).is_stale());

    // The dump docs/adopting.md tells operators to take, restored elsewhere.
    let dump = temp_file("restore.dump");
    run_ok(Command::new("pg_dump").args([
        "-Fc",
        "-f",
        dump.to_str().unwrap(),
        "-d",
        &source.url().connection_string(),
    ]));
    let restored_name = format!("restored_{}", source.name());
    pair.execute_on_primary(&format!("CREATE DATABASE {restored_name}"));
    let restored = DatabaseUrl::parse(
        &pair
            .primary_url()
            .as_str()
            .replace("/biositing", &format!("/{restored_name}")),
    )
    .unwrap();
    run_ok(Command::new("pg_restore").args([
        "--exit-on-error",
        "-d",
        &restored.connection_string(),
        dump.to_str().unwrap(),
    ]));
    let _ = std::fs::remove_file(&dump);
    let mut there = biositing_db::connect(&restored).unwrap();
    // The case: every id the new cluster hands out is below the restored
    // snapshot's xmin, so looks already seen by it.
    let snapshot_xmin = count(
        &mut there,
        &format!(
            "SELECT pg_snapshot_xmin(source_snapshot)::text::bigint AS n
               FROM data_portal.refresh_log
              WHERE view_name = '{view}' AND source_snapshot IS NOT NULL
              ORDER BY id DESC LIMIT 1"
        ),
    );
    assert!(next_xid(&mut there) + 1000 < snapshot_xmin);

    for round in 0..2 {
        add_resources(&mut there, 100 + round * 10, 5);
        let fresh = freshness_of(&mut there, &view);
        assert!(fresh.is_stale(), "round {round}: {fresh:?}");
        if round == 0 {
            assert!(
                fresh
                    .reason
                    .as_deref()
                    .is_some_and(|r| r.contains("refreshed on another server")),
                "{fresh:?}"
            );
        }
        let outcomes = plain_refresh(&restored);
        assert_eq!(outcomes[&view], "succeeded", "round {round}: {outcomes:?}");
        assert_eq!(differences(&mut there, &view), 0, "round {round}");
        assert!(!freshness_of(&mut there, &view).is_stale());
        if round == 1 {
            // Tracking works on the new cluster: the change rows the dump
            // carried (ids of the old cluster) keep no view stale.
            assert!(outcomes.values().any(|o| o == "unchanged"), "{outcomes:?}");
        }
    }
    drop(there);
    pair.execute_on_primary(&format!("DROP DATABASE {restored_name}"));
}

/// Waits until a session other than `except_pid` waits for a lock on the view.
fn wait_for_a_lock_waiter(conn: &mut PgConnection, view: &str, except_pid: i64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let waiting = count(
            conn,
            &format!(
                "SELECT count(*) AS n FROM pg_locks
                  WHERE relation = 'data_portal.{view}'::regclass AND NOT granted
                    AND pid <> {except_pid}"
            ),
        );
        if waiting > 0 {
            return;
        }
        assert!(Instant::now() < deadline, "nobody waited for {view}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn another_sessions_concurrent_refresh_racing_a_data_change_hides_no_rows() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    add_resources(&mut conn, 1, 20);
    let view = direct_reader(&mut conn);
    run_ok(biositing(db.url()).args(["refresh", "--all"]));

    for round in 0..3 {
        let base = 100 + round * 10;
        add_resources(&mut conn, base, 3);
        // psql, a cron job: a REFRESH … CONCURRENTLY in flight, holding its lock.
        let mut other = db.conn();
        other
            .batch_execute(&format!(
                "BEGIN; REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.{view}"
            ))
            .unwrap();
        let other_pid = count(&mut other, "SELECT pg_backend_pid()::bigint AS n");
        // A write it does not see, committed while it runs.
        add_resources(&mut conn, base + 5, 2);
        let ours = biositing(db.url())
            .args(["refresh", "--json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_a_lock_waiter(&mut conn, &view, other_pid);
        other.batch_execute("COMMIT").unwrap();
        let out = ours.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "round {round}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(differences(&mut conn, &view), 0, "round {round}");
        assert!(!freshness_of(&mut conn, &view).is_stale(), "round {round}");
    }
}

#[test]
fn writes_made_while_the_trigger_was_off_leave_every_reader_stale_until_refreshed() {
    // (a) A data-only dump with --disable-triggers, restored as a superuser.
    let source = TestDatabase::migrated();
    add_resources(&mut source.conn(), 1, 27);
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let view = direct_reader(&mut conn);
    run_ok(biositing(db.url()).args(["refresh", "--all"]));
    let dump = temp_file("data-only.sql");
    run_ok(Command::new("pg_dump").args([
        "--data-only",
        "--disable-triggers",
        "-t",
        "public.resource",
        "-t",
        &format!("public.{TABLE}"),
        "-f",
        dump.to_str().unwrap(),
        "-d",
        &source.url().connection_string(),
    ]));
    let sql = std::fs::read_to_string(&dump).unwrap();
    assert!(sql.contains("DISABLE TRIGGER ALL"), "{sql}");
    run_ok(Command::new("psql").args([
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        &db.url().connection_string(),
        "-f",
        dump.to_str().unwrap(),
    ]));
    let _ = std::fs::remove_file(&dump);
    // ENABLE TRIGGER ALL left the trigger enabled for ordinary sessions only.
    let fresh = freshness_of(&mut conn, &view);
    assert!(fresh.is_stale(), "{fresh:?}");
    assert!(
        fresh.untracked_sources.contains(&format!("public.{TABLE}"))
            || fresh.untracked_sources.contains(&TABLE.to_string()),
        "{fresh:?}"
    );
    let status = run_ok(biositing(db.url()).args(["views", "status"]));
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(
        status.contains("whose changes are not recorded"),
        "{status}"
    );
    let said = run_ok(biositing(db.url()).arg("refresh"));
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains(&format!("{view} was stale: reads "))
            && said.contains("whose changes are not recorded"),
        "{said}"
    );
    for _ in 0..2 {
        // Refreshed on every run while the table is untracked.
        let outcomes = plain_refresh(db.url());
        assert_eq!(outcomes[&view], "succeeded", "{outcomes:?}");
        assert_eq!(differences(&mut conn, &view), 0);
    }
    assert!(
        count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM data_portal.{view}")
        ) > 0
    );
    let verify = biositing(db.url()).arg("verify").output().unwrap();
    assert_eq!(verify.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&verify.stdout).contains(TABLE));
    // Tracking re-installed: stale once more (its trigger changed), then fresh.
    conn.batch_execute(
        "SELECT data_portal.track_table_changes('public.resource'::regclass);
         SELECT data_portal.track_table_changes('public.resource_availability'::regclass);",
    )
    .unwrap();
    plain_refresh(db.url());
    assert!(!freshness_of(&mut conn, &view).is_stale());
    run_ok(biositing(db.url()).args(["verify", "--strict"]));

    // An owner's DISABLE TRIGGER window for a bulk load, closed again.
    conn.batch_execute(&format!(
        "ALTER TABLE {TABLE} DISABLE TRIGGER biositing_table_change;"
    ))
    .unwrap();
    add_resources(&mut conn, 200, 4);
    conn.batch_execute(&format!(
        "ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER biositing_table_change;"
    ))
    .unwrap();
    let fresh = freshness_of(&mut conn, &view);
    assert!(
        fresh
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("switched off, on or reinstalled")),
        "{fresh:?}"
    );
    assert_eq!(plain_refresh(db.url())[&view], "succeeded");
    assert_eq!(differences(&mut conn, &view), 0);
    assert_eq!(plain_refresh(db.url())[&view], "unchanged");

    // The same window in a transaction still open while a refresh runs: the
    // refresh cannot see its rows, and it commits afterwards.
    conn.batch_execute("INSERT INTO resource (id, name) VALUES (300, 'late')")
        .unwrap();
    plain_refresh(db.url());
    let mut loader = db.conn();
    loader
        .batch_execute(&format!(
            "BEGIN;
             ALTER TABLE {TABLE} DISABLE TRIGGER biositing_table_change;
             INSERT INTO {TABLE} (resource_id, from_month, to_month, year_round) VALUES (300, 1, 2, false);
             ALTER TABLE {TABLE} ENABLE ALWAYS TRIGGER biositing_table_change;"
        ))
        .unwrap();
    run_ok(biositing(db.url()).args(["refresh", "--all"]));
    loader.batch_execute("COMMIT").unwrap();
    let fresh = freshness_of(&mut conn, &view);
    assert!(
        fresh
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("switched off, on or reinstalled")),
        "{fresh:?}"
    );
    assert_eq!(plain_refresh(db.url())[&view], "succeeded");
    assert_eq!(differences(&mut conn, &view), 0);
}

#[test]
fn a_view_reading_through_a_user_function_is_refreshed_on_every_run() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    add_resources(&mut conn, 1, 5);
    conn.batch_execute(
        "CREATE FUNCTION public.resource_total() RETURNS bigint
             LANGUAGE sql STABLE AS 'SELECT count(*) FROM public.resource';
         CREATE MATERIALIZED VIEW data_portal.mv_test_opaque AS
             SELECT 1 AS id, public.resource_total() AS n;
         CREATE UNIQUE INDEX ON data_portal.mv_test_opaque (id);",
    )
    .unwrap();
    let view = "mv_test_opaque";
    conn.batch_execute("REFRESH MATERIALIZED VIEW data_portal.mv_test_opaque")
        .unwrap();
    let fresh = freshness_of(&mut conn, view);
    assert!(fresh.is_stale());
    assert_eq!(
        fresh.opaque_sources,
        vec!["function resource_total()".to_string()]
    );
    // `biositing refresh` takes registered views only: the library refresh of
    // that view, as the command runs it, twice with a write between.
    let target = biositing_refresh::RefreshTarget::existing(&mut conn, view).unwrap();
    let plan = biositing_refresh::RefreshPlan::new(&mut conn, vec![target]).unwrap();
    let pool = diesel::r2d2::Pool::builder()
        .max_size(1)
        .build(diesel::r2d2::ConnectionManager::<PgConnection>::new(
            db.url().connection_string(),
        ))
        .unwrap();
    let options = biositing_refresh::RefreshOptions {
        only_changed: true,
        ..Default::default()
    };
    for round in 0..2 {
        let report = biositing_refresh::refresh(&pool, &plan, &options, &|_| {});
        assert!(report.is_success(), "{report:#?}");
        let result = &report.results[0];
        assert_eq!(result.outcome, biositing_refresh::RefreshOutcome::Succeeded);
        assert!(result
            .stale_reason
            .as_deref()
            .is_some_and(|r| r.contains("function resource_total()")));
        assert_eq!(differences(&mut conn, view), 0);
        add_resources(&mut conn, 10 + round * 10, 3);
    }
    let verify = biositing(db.url()).arg("verify").output().unwrap();
    let said = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(0), "{said}");
    assert!(
        said.contains("warn the change tracking can follow everything each view reads")
            && said.contains("mv_test_opaque reads through function resource_total()"),
        "{said}"
    );
    // A foreign table: its changes are made elsewhere. (A wrapper without a
    // handler cannot be read, so the view stays unpopulated: the catalog is
    // what is checked.)
    conn.batch_execute(
        "CREATE FOREIGN DATA WRAPPER test_wrapper;
         CREATE SERVER test_server FOREIGN DATA WRAPPER test_wrapper;
         CREATE FOREIGN TABLE public.test_remote (id integer) SERVER test_server;
         CREATE MATERIALIZED VIEW data_portal.mv_test_remote AS
             SELECT id FROM public.test_remote WITH NO DATA;",
    )
    .unwrap();
    let remote = freshness_of(&mut conn, "mv_test_remote");
    assert_eq!(
        remote.opaque_sources,
        vec!["foreign table test_remote".to_string()]
    );
    let strict = biositing(db.url())
        .args(["verify", "--strict"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}
