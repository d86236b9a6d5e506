//! Change tracking against a real PostgreSQL: `refresh` never skips a view
//! whose inputs changed (by INSERT, UPDATE, DELETE, TRUNCATE or COPY, directly
//! or through another view), skips and logs the others, `views status` and
//! `verify` tell stale from fresh, and a write the refresh's snapshot did not
//! see leaves the view stale whatever the commit order.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use biositing_refresh::{
    freshness, refresh, untracked_tables, view_sources, ModeChoice, RefreshOptions, RefreshOutcome,
    RefreshPlan, RefreshReport, RefreshTarget,
};
use biositing_test_db::{biositing, count, run_ok, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

/// The base table the writes go to (a table of the data model, not a view name).
const TABLE: &str = "resource_availability";
/// A materialized view made by the test that reads a portal view which reads
/// TABLE: it sees TABLE only through that view.
const READER: &str = "mv_test_reader";

fn pool(db: &TestDatabase) -> Pool<ConnectionManager<PgConnection>> {
    Pool::builder()
        .max_size(2)
        .build(ConnectionManager::new(db.url().connection_string()))
        .unwrap()
}

/// Every registered view plus the test's reader when it exists.
fn targets(conn: &mut PgConnection) -> Vec<RefreshTarget> {
    let mut targets = RefreshTarget::from_names::<&str>(&[]).unwrap();
    if let Ok(reader) = RefreshTarget::existing(conn, READER) {
        targets.push(reader);
    }
    targets
}

fn run(db: &TestDatabase, only_changed: bool) -> RefreshReport {
    let mut conn = db.conn();
    let targets = targets(&mut conn);
    let plan = RefreshPlan::new(&mut conn, targets).unwrap();
    let options = RefreshOptions {
        jobs: 2,
        only_changed,
        ..RefreshOptions::default()
    };
    let report = refresh(&pool(db), &plan, &options, &|_| {});
    assert!(report.is_success(), "{report:#?}");
    report
}

/// The plan of one portal view, registered or not.
fn plan_of(conn: &mut PgConnection, view: &str) -> RefreshPlan {
    let target = RefreshTarget::existing(conn, view).unwrap();
    RefreshPlan::new(conn, vec![target]).unwrap()
}

fn with_outcome(report: &RefreshReport, outcome: RefreshOutcome) -> BTreeSet<String> {
    report
        .with_outcome(outcome)
        .map(|r| r.view.clone())
        .collect()
}

/// The views that read `table`, directly or through other views, from the catalog.
fn readers_of(conn: &mut PgConnection, table: &str) -> BTreeSet<String> {
    let sources = view_sources(conn).unwrap();
    let mut readers: BTreeSet<String> = sources
        .iter()
        .filter(|s| s.is_table() && s.source_name == table)
        .map(|s| s.view.clone())
        .collect();
    loop {
        let more: Vec<String> = sources
            .iter()
            .filter(|s| s.is_portal_view && readers.contains(&s.source_name))
            .map(|s| s.view.clone())
            .filter(|v| !readers.contains(v))
            .collect();
        if more.is_empty() {
            return readers;
        }
        readers.extend(more);
    }
}

fn all_views(conn: &mut PgConnection) -> BTreeSet<String> {
    targets(conn).iter().map(|t| t.name().to_string()).collect()
}

/// Resources with an availability row each, and the reader view over the
/// portal view that reads TABLE.
fn prepare(db: &TestDatabase) -> String {
    db.execute(&format!(
        "INSERT INTO resource (id, name) SELECT g, 'resource ' || g FROM generate_series(1, 50) g;
         INSERT INTO {TABLE} (resource_id, from_month, to_month, year_round)
              SELECT g, 1 + g % 12, 1 + (g + 3) % 12, g % 7 = 0 FROM generate_series(1, 50) g;"
    ));
    let mut conn = db.conn();
    // A portal view that reads TABLE itself, found in the catalog.
    let direct = view_sources(&mut conn)
        .unwrap()
        .into_iter()
        .find(|s| s.is_table() && s.source_name == TABLE)
        .expect("some view reads the table")
        .view;
    db.execute(&format!(
        "CREATE MATERIALIZED VIEW data_portal.{READER} AS
             SELECT 1 AS id, count(*) AS n FROM data_portal.{direct};
         CREATE UNIQUE INDEX ON data_portal.{READER} (id);"
    ));
    direct
}

fn copy_in(db: &TestDatabase, sql: &str, data: &str) {
    let mut child = Command::new("psql")
        .args([
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            &db.url().connection_string(),
            "-c",
            sql,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(data.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "{sql}");
}

#[test]
fn no_view_is_skipped_after_any_kind_of_write_and_the_others_are_logged_unchanged() {
    let db = TestDatabase::migrated();
    let direct = prepare(&db);
    let mut conn = db.conn();
    let readers = readers_of(&mut conn, TABLE);
    assert!(readers.contains(READER) && readers.contains(&direct));
    let everything = all_views(&mut conn);
    let others: BTreeSet<String> = everything.difference(&readers).cloned().collect();
    assert!(
        !others.is_empty(),
        "every view reads {TABLE}: nothing to skip"
    );

    // Never refreshed: every view needs its first refresh.
    let first = run(&db, true);
    assert_eq!(with_outcome(&first, RefreshOutcome::Succeeded), everything);
    // Nothing changed since: nothing is refreshed, everything is logged.
    let idle = run(&db, true);
    assert_eq!(with_outcome(&idle, RefreshOutcome::Unchanged), everything);

    type Write<'a> = Box<dyn Fn() + 'a>;
    let writes: [(&str, Write); 5] = [
        (
            "INSERT",
            Box::new(|| {
                db.execute(&format!(
                    "INSERT INTO {TABLE} (resource_id, from_month, to_month) VALUES (1, 2, 3)"
                ))
            }),
        ),
        (
            "UPDATE",
            Box::new(|| {
                db.execute(&format!(
                    "UPDATE {TABLE} SET year_round = NOT year_round WHERE resource_id = 2"
                ))
            }),
        ),
        (
            "DELETE",
            Box::new(|| db.execute(&format!("DELETE FROM {TABLE} WHERE resource_id = 3"))),
        ),
        (
            "COPY",
            Box::new(|| {
                copy_in(
                    &db,
                    &format!("COPY {TABLE} (resource_id, from_month, to_month) FROM STDIN"),
                    "4\t5\t6\n5\t6\t7\n",
                )
            }),
        ),
        (
            "TRUNCATE",
            Box::new(|| db.execute(&format!("TRUNCATE {TABLE}"))),
        ),
    ];
    for (kind, write) in writes {
        let before = count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log WHERE outcome = 'unchanged'",
        );
        write();
        let stale: BTreeSet<String> = freshness(
            &mut conn,
            &everything.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .unwrap()
        .into_iter()
        .filter(|f| f.is_stale())
        .map(|f| {
            assert!(
                f.changed_sources.iter().any(|s| s == TABLE),
                "{kind}: {f:?}"
            );
            assert!(f.stale_since.is_some(), "{kind}: {f:?}");
            f.view
        })
        .collect();
        assert_eq!(stale, readers, "{kind}: stale views");

        let report = run(&db, true);
        assert_eq!(
            with_outcome(&report, RefreshOutcome::Succeeded),
            readers,
            "{kind}: refreshed views"
        );
        assert_eq!(
            with_outcome(&report, RefreshOutcome::Unchanged),
            others,
            "{kind}: unchanged views"
        );
        let order: Vec<&str> = report.results.iter().map(|r| r.view.as_str()).collect();
        let position = |v: &str| order.iter().position(|o| *o == v).unwrap();
        assert!(position(&direct) < position(READER), "{kind}: {order:?}");
        assert_eq!(
            count(
                &mut conn,
                "SELECT count(*) AS n FROM data_portal.refresh_log WHERE outcome = 'unchanged'"
            ) - before,
            i64::try_from(others.len()).unwrap(),
            "{kind}: every unchanged view is logged"
        );
        // The reader counts what the table holds now.
        assert_eq!(
            count(
                &mut conn,
                &format!("SELECT n AS n FROM data_portal.{READER}")
            ),
            count(
                &mut conn,
                &format!("SELECT count(*) AS n FROM data_portal.{direct}")
            ),
            "{kind}"
        );
        let stale_after = freshness(&mut conn, &[READER, direct.as_str()]).unwrap();
        assert!(
            stale_after.iter().all(|f| !f.is_stale()),
            "{kind}: {stale_after:?}"
        );
    }

    // --all refreshes everything, changed or not.
    let all = run(&db, false);
    assert_eq!(with_outcome(&all, RefreshOutcome::Succeeded), everything);
    // Change rows that no view needs any more are gone.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.table_change"
        ),
        0
    );
}

/// An UPDATE that matches no row, or writes back the values its rows hold,
/// changes nothing a view reads: every view stays fresh and `refresh` skips
/// them all. An UPDATE changing one value in one row makes the readers stale.
#[test]
fn an_update_that_changes_no_row_leaves_every_view_fresh() {
    let db = TestDatabase::migrated();
    prepare(&db);
    let mut conn = db.conn();
    let readers = readers_of(&mut conn, TABLE);
    let everything = all_views(&mut conn);
    run(&db, true);
    let stale_views = |conn: &mut PgConnection| -> BTreeSet<String> {
        freshness(
            conn,
            &everything.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .unwrap()
        .into_iter()
        .filter(|f| f.is_stale())
        .map(|f| f.view)
        .collect()
    };
    for no_change in [
        format!("UPDATE {TABLE} SET year_round = NOT year_round WHERE false"),
        format!("UPDATE {TABLE} SET year_round = year_round, from_month = from_month"),
        // The same value written twice in one transaction: each statement
        // compares its rows before and after it.
        format!(
            "BEGIN; UPDATE {TABLE} SET to_month = to_month WHERE resource_id = 2;
                    UPDATE {TABLE} SET to_month = to_month WHERE resource_id = 2; COMMIT;"
        ),
    ] {
        db.execute(&no_change);
        assert_eq!(stale_views(&mut conn), BTreeSet::new(), "{no_change}");
        let report = run(&db, true);
        assert_eq!(
            with_outcome(&report, RefreshOutcome::Unchanged),
            everything,
            "{no_change}"
        );
    }
    db.execute(&format!(
        "UPDATE {TABLE} SET year_round = NOT year_round WHERE resource_id = 2"
    ));
    assert_eq!(stale_views(&mut conn), readers);
    let report = run(&db, true);
    assert_eq!(with_outcome(&report, RefreshOutcome::Succeeded), readers);
}

#[test]
fn a_stale_reader_view_is_stale_through_the_view_it_reads() {
    let db = TestDatabase::migrated();
    let direct = prepare(&db);
    run(&db, false);
    db.execute(&format!("UPDATE {TABLE} SET to_month = 1"));
    let mut conn = db.conn();
    let reader = freshness(&mut conn, &[READER]).unwrap().remove(0);
    // It reads no changed table itself: stale through the view it reads, and
    // not worth refreshing before that view is.
    assert!(reader.is_stale(), "{reader:?}");
    assert!(!reader.needs_refresh, "{reader:?}");
    assert_eq!(reader.changed_sources, vec![TABLE.to_string()]);
    // Naming only the reader refreshes it, yet it stays stale: what it reads is.
    let plan = plan_of(&mut conn, READER);
    refresh(&pool(&db), &plan, &RefreshOptions::default(), &|_| {});
    assert!(freshness(&mut conn, &[READER]).unwrap()[0].is_stale());
    // Refreshing the direct view makes the reader need its refresh.
    let plan = plan_of(&mut conn, &direct);
    refresh(&pool(&db), &plan, &RefreshOptions::default(), &|_| {});
    let reader = freshness(&mut conn, &[READER]).unwrap().remove(0);
    assert!(reader.needs_refresh, "{reader:?}");
    assert_eq!(
        reader.changed_sources,
        vec![format!("data_portal.{direct}")]
    );
}

#[test]
fn a_write_the_refresh_did_not_see_leaves_the_view_stale() {
    let db = TestDatabase::migrated();
    let direct = prepare(&db);
    run(&db, false);
    // Two writers at once, each in an open transaction, neither waits for the other.
    let mut writer = db.conn();
    let mut other_writer = db.conn();
    writer
        .batch_execute(&format!(
            "BEGIN; UPDATE {TABLE} SET from_month = 1 WHERE resource_id = 1"
        ))
        .unwrap();
    other_writer
        .batch_execute(&format!(
            "SET statement_timeout = '5s'; BEGIN; UPDATE {TABLE} SET from_month = 1 WHERE resource_id = 2; COMMIT"
        ))
        .unwrap();

    // A reader holds the view, so the (blocking) refresh takes its snapshot,
    // then waits for its lock.
    let mut holder = db.conn();
    holder
        .batch_execute(&format!("BEGIN; SELECT count(*) FROM data_portal.{direct}"))
        .unwrap();
    let plan = {
        let mut conn = db.conn();
        plan_of(&mut conn, &direct)
    };
    let pool = pool(&db);
    let report = std::thread::scope(|scope| {
        let refreshing = scope.spawn(|| {
            let options = RefreshOptions {
                lock_timeout: Duration::from_secs(60),
                mode: ModeChoice::Blocking,
                ..RefreshOptions::default()
            };
            refresh(&pool, &plan, &options, &|_| {})
        });
        let mut conn = db.conn();
        let deadline = Instant::now() + Duration::from_secs(30);
        while count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM pg_locks
                  WHERE relation = 'data_portal.{direct}'::regclass AND NOT granted"
            ),
        ) == 0
        {
            assert!(Instant::now() < deadline, "the refresh never waited");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Committed while the refresh runs, after its snapshot was taken.
        writer.batch_execute("COMMIT").unwrap();
        holder.batch_execute("COMMIT").unwrap();
        refreshing.join().unwrap()
    });
    assert!(report.is_success(), "{report:#?}");

    let mut conn = db.conn();
    let after = freshness(&mut conn, &[direct.as_str()]).unwrap().remove(0);
    assert!(after.is_stale(), "{after:?}");
    assert_eq!(after.changed_sources, vec![TABLE.to_string()]);
    // The other writer committed before the refresh began: its change was seen.
    // The next refresh picks up the one it missed.
    let next = run(&db, true);
    assert!(with_outcome(&next, RefreshOutcome::Succeeded).contains(&direct));
    assert!(!freshness(&mut conn, &[direct.as_str()]).unwrap()[0].is_stale());
}

#[test]
fn refresh_status_and_verify_on_the_command_line() {
    let db = TestDatabase::migrated();
    prepare(&db);
    let mut conn = db.conn();
    // Every materialized view: the registry's and the test's reader, which
    // the registry does not define (refreshed and tracked all the same).
    let every: BTreeSet<String> = biositing_refresh::all_views(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(every, all_views(&mut conn));
    let readers: BTreeSet<String> = readers_of(&mut conn, TABLE);
    let json = |args: &[&str]| -> serde_json::Value {
        let out = run_ok(biositing(db.url()).args(args));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let states = |status: &serde_json::Value| -> BTreeSet<String> {
        status
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["freshness"]["state"] == "stale")
            .map(|v| v["name"].as_str().unwrap().to_string())
            .collect()
    };
    let total = every.len();

    // Never populated: all stale; --all refreshes all.
    assert_eq!(states(&json(&["views", "status", "--json"])), every);
    let all = json(&["refresh", "--all", "--json"]);
    assert_eq!(all["refreshed"], total);
    assert_eq!(
        states(&json(&["views", "status", "--json"])),
        BTreeSet::new()
    );
    let none = json(&["refresh", "--json"]);
    assert_eq!(
        (none["refreshed"].clone(), none["unchanged"].clone()),
        (0.into(), total.into())
    );

    let verify = |strict: bool| {
        let mut args = vec!["verify"];
        if strict {
            args.push("--strict");
        }
        let out = biositing(db.url()).args(&args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, said) = verify(true);
    assert_eq!(code, Some(0), "{said}");

    db.execute(&format!("DELETE FROM {TABLE} WHERE resource_id = 7"));
    let status = json(&["views", "status", "--json"]);
    assert_eq!(states(&status), readers);
    let view = readers.iter().next().unwrap();
    let entry = status
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == view.as_str())
        .unwrap();
    assert!(entry["freshness"]["stale_since"].is_string(), "{entry}");
    assert_eq!(entry["freshness"]["changed_sources"][0], TABLE);
    let text = biositing(db.url())
        .args(["views", "status"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("stale since ") && text.contains(&format!("changed: {TABLE}")),
        "{text}"
    );

    // Stale: a warning, a failure with --strict.
    let (code, said) = verify(false);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("warn no view is stale"), "{said}");
    let (code, _) = verify(true);
    assert_eq!(code, Some(1));

    let refreshed = json(&["refresh", "--json"]);
    assert_eq!(refreshed["refreshed"], readers.len());
    assert_eq!(refreshed["unchanged"], total - readers.len());
    assert_eq!(
        states(&json(&["views", "status", "--json"])),
        BTreeSet::new()
    );

    // Naming a view refreshes it, changed or not.
    let named = json(&["refresh", view, "--json"]);
    assert_eq!(named["refreshed"], 1);

    // A table a view reads without tracking: migrate warns, verify fails, naming the fix.
    db.execute(&format!("DROP TRIGGER biositing_table_change ON {TABLE}"));
    assert_eq!(
        untracked_tables(&mut conn).unwrap(),
        vec![TABLE.to_string()]
    );
    let (code, said) = verify(false);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "SELECT data_portal.track_table_changes('{TABLE}');"
        )),
        "{said}"
    );
    let migrate = biositing(db.url()).args(["migrate"]).output().unwrap();
    let warned = String::from_utf8_lossy(&migrate.stderr);
    assert!(
        warned.contains(&format!("warning: {TABLE} is read by a view")),
        "{warned}"
    );
}

#[test]
fn writers_need_no_privilege_on_the_change_table() {
    let db = TestDatabase::migrated();
    let role = format!("{}_writer", biositing_test_db::unique_name("etl"));
    db.execute(&format!(
        "CREATE ROLE {role} LOGIN; GRANT INSERT, UPDATE, DELETE, SELECT ON {TABLE} TO {role};
         GRANT USAGE ON SEQUENCE {TABLE}_id_seq TO {role};"
    ));
    let mut conn = db.conn();
    let attempt = conn.batch_execute(&format!(
        "SET ROLE {role};
         INSERT INTO {TABLE} (from_month) VALUES (1);
         RESET ROLE;"
    ));
    let denied = conn.batch_execute(&format!(
        "SET ROLE {role}; SELECT count(*) FROM data_portal.table_change;"
    ));
    conn.batch_execute("RESET ROLE").unwrap();
    let recorded = count(
        &mut conn,
        &format!(
            "SELECT count(*) AS n FROM data_portal.table_change WHERE relid = '{TABLE}'::regclass"
        ),
    );
    db.execute(&format!("DROP OWNED BY {role}; DROP ROLE {role};"));
    attempt.unwrap();
    assert!(denied.is_err(), "the writer could read the change table");
    assert_eq!(recorded, 1);
}
