//! `biositing views try`: a development definition built next to the deployed
//! view on the sample data, compared row by row, and nothing kept.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use biositing_test_db::{biositing, catalog_snapshot, workspace_root, TestDatabase};
use biositing_views::ViewDefinition;
use biositing_workflow::project::{with_definition, Project};
use biositing_workflow::try_view::{
    try_view, Column, CompareBy, TryOptions, TryOutcome, TryReport,
};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

/// The view the changes below are made to: one whose key has a `resource_id`.
const VIEW: &str = "mv_biomass_end_uses";

fn project() -> Project {
    Project::from_checkout(&workspace_root()).unwrap()
}

/// A migrated database with the sample data (scale 1) and every view refreshed
/// through the binary, so the refresh log has entries.
fn loaded() -> TestDatabase {
    let db = TestDatabase::migrated();
    biositing_sample::load(
        &mut db.conn(),
        &biositing_sample::SampleOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let out = biositing(db.url())
        .args(["refresh", "--jobs", "2", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    db
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn count(db: &TestDatabase, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<N>(&mut db.conn())
        .unwrap()
        .n
}

/// Schemas a try would have created (and must have rolled back).
fn scratch_schemas(db: &TestDatabase) -> i64 {
    count(
        db,
        "SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'biositing\\_try\\_%'",
    )
}

/// `view` with its definition wrapped: `SELECT <select> FROM (<definition>) AS v <rest>`.
fn wrapped(view: &ViewDefinition, select: &str, rest: &str) -> &'static ViewDefinition {
    with_definition(
        view,
        format!(
            "SELECT {select} FROM (\n{}\n) AS v {rest}",
            view.definition.trim_end()
        ),
    )
}

fn built(db: &TestDatabase, view: &ViewDefinition) -> TryReport {
    let options = TryOptions {
        limit: 3,
        ..TryOptions::default()
    };
    match try_view(&mut db.conn(), view, &options).unwrap() {
        TryOutcome::Built(report) => *report,
        TryOutcome::Failed(f) => panic!("{} did not build: {f:?}", view.name),
    }
}

#[test]
fn try_shows_exactly_what_a_definition_changes_and_keeps_nothing() {
    let db = loaded();
    let project = project();
    let before = catalog_snapshot(&mut db.conn());

    // Every view, unchanged: same rows, no differences, its indexes build.
    for view in project.views() {
        let report = built(&db, view);
        assert_eq!(report.differences, 0, "{report:#?}");
        assert_eq!(report.comparison.by, CompareBy::UniqueKey, "{}", view.name);
        assert_eq!(report.new_rows, report.deployed_rows, "{}", view.name);
        assert_eq!(report.indexes.len(), view.indexes.len());
        assert!(report.failed_indexes().next().is_none(), "{report:#?}");
        let refresh = report
            .last_refresh
            .as_ref()
            .expect("the refresh was logged");
        assert!(refresh.duration_ms >= 0);
    }

    let view = project.view(VIEW).unwrap();
    let deployed = format!("data_portal.{VIEW}");

    // A filter: exactly the filtered rows are reported, as only in the deployed view.
    let removed = count(
        &db,
        &format!("SELECT count(*) AS n FROM {deployed} WHERE resource_id % 3 = 0"),
    );
    assert!(removed > 0);
    let report = built(&db, wrapped(view, "v.*", "WHERE v.resource_id % 3 <> 0"));
    assert_eq!(report.only_deployed.count, removed);
    assert_eq!(report.only_new.count, 0);
    assert_eq!(report.changed.count, 0);
    assert_eq!(report.new_rows, report.deployed_rows - removed);
    assert_eq!(report.differences, u64::try_from(removed).unwrap());
    assert_eq!(report.only_deployed.examples.len(), 3.min(removed as usize));
    let id = report
        .only_deployed
        .columns
        .iter()
        .position(|c| c == "resource_id")
        .unwrap();
    for row in &report.only_deployed.examples {
        let resource_id: i64 = row[id].as_deref().unwrap().parse().unwrap();
        assert_eq!(resource_id % 3, 0, "{row:?}");
    }

    // A new column: reported, and no row differs.
    let report = built(
        &db,
        wrapped(view, "v.*, v.resource_id * 2 AS resource_id_doubled", ""),
    );
    assert_eq!(
        report.columns.gained,
        vec![Column {
            name: "resource_id_doubled".into(),
            type_name: "integer".into()
        }]
    );
    assert!(report.columns.lost.is_empty() && report.columns.retyped.is_empty());
    assert_eq!(
        (
            report.only_deployed.count,
            report.only_new.count,
            report.changed.count
        ),
        (0, 0, 0)
    );
    assert_eq!(report.differences, 1);

    // Changed values under the same key, side by side; a lost column.
    let columns = column_names(&db, VIEW);
    let last = columns.last().unwrap().clone();
    assert!(!view.unique_key.contains(&last.as_str()) && last != "resource_name");
    let select: Vec<String> = columns
        .iter()
        .filter(|c| **c != last)
        .map(|c| {
            if c == "resource_name" {
                "CASE WHEN v.resource_id % 2 = 0 THEN coalesce(v.resource_name, '') || ' (changed)' ELSE v.resource_name END AS resource_name".to_string()
            } else {
                format!("v.{c}")
            }
        })
        .collect();
    let expected_changed = count(
        &db,
        &format!("SELECT count(*) AS n FROM {deployed} WHERE resource_id % 2 = 0"),
    );
    let report = built(&db, wrapped(view, &select.join(", "), ""));
    assert_eq!(report.columns.lost.len(), 1);
    assert_eq!(report.columns.lost[0].name, last);
    assert_eq!(report.changed.count, expected_changed);
    assert_eq!(report.changed.by_column.len(), 1);
    assert_eq!(report.changed.by_column[0].column, "resource_name");
    assert_eq!(report.changed.by_column[0].rows, expected_changed);
    assert_eq!((report.only_deployed.count, report.only_new.count), (0, 0));
    for row in &report.changed.examples {
        assert_eq!(row.key.len(), view.unique_key.len());
        assert_eq!(row.changes.len(), 1, "{row:?}");
        let change = &row.changes[0];
        assert_eq!(
            change.new.as_deref().unwrap(),
            format!("{} (changed)", change.deployed.as_deref().unwrap_or(""))
        );
    }

    // Duplicate keys: the key changes meaning, rows are compared as multisets.
    let repeated = count(
        &db,
        &format!("SELECT count(*) AS n FROM {deployed} WHERE resource_id % 5 = 0"),
    );
    assert!(repeated > 0);
    let definition = format!(
        "SELECT v.* FROM (\n{d}\n) AS v\nUNION ALL\nSELECT w.* FROM (\n{d}\n) AS w WHERE w.resource_id % 5 = 0",
        d = view.definition.trim_end()
    );
    let report = built(&db, with_definition(view, definition));
    assert_eq!(report.comparison.by, CompareBy::Multiset);
    assert!(
        report.comparison.key_changes[0].contains("the new rows repeat"),
        "{:?}",
        report.comparison.key_changes
    );
    assert_eq!(
        (report.only_deployed.count, report.only_new.count),
        (0, repeated)
    );
    // The unique index cannot be built on repeated keys: a migration would fail.
    let failed: Vec<_> = report.failed_indexes().collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].unique);

    // The statement timeout bounds the build; running out of it is a failure.
    let slow = wrapped(view, "v.*", "WHERE pg_sleep(0.5) IS NOT NULL");
    let options = TryOptions {
        statement_timeout: Some(Duration::from_millis(200)),
        ..TryOptions::default()
    };
    match try_view(&mut db.conn(), slow, &options).unwrap() {
        TryOutcome::Failed(f) => assert!(f.message.contains("statement timeout"), "{f:?}"),
        TryOutcome::Built(r) => panic!("built despite the timeout: {r:#?}"),
    }

    // Nothing was kept: the deployed views and their indexes are as before.
    assert_eq!(catalog_snapshot(&mut db.conn()), before);
    assert_eq!(scratch_schemas(&db), 0);
}

fn column_names(db: &TestDatabase, view: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }
    diesel::sql_query(
        "SELECT attname::text AS name FROM pg_attribute
          WHERE attrelid = format('data_portal.%I', $1::text)::regclass AND attnum > 0 AND NOT attisdropped
          ORDER BY attnum",
    )
    .bind::<Text, _>(view)
    .load::<Name>(&mut db.conn())
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .collect()
}

#[test]
fn readers_writers_and_refreshes_never_wait_for_a_try() {
    let db = loaded();
    let view = project().view(VIEW).unwrap();
    let rows = count(
        &db,
        &format!("SELECT count(*) AS n FROM data_portal.{VIEW}"),
    );
    // Slow the build down to about two seconds, so it is caught in the act.
    let slow = wrapped(
        view,
        "v.*",
        &format!("WHERE pg_sleep({:.4}) IS NOT NULL", 2.0 / rows as f64),
    );
    let url = db.url().clone();
    let trying = std::thread::spawn(move || {
        let mut conn = biositing_db::connect(&url).unwrap();
        try_view(&mut conn, slow, &TryOptions::default()).unwrap()
    });

    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = Integer)]
        pid: i32,
    }
    let mut watcher = db.conn();
    let deadline = Instant::now() + Duration::from_secs(30);
    let pid = loop {
        let found: Option<Pid> = diesel::sql_query(
            "SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()
                AND query LIKE 'CREATE MATERIALIZED VIEW%' AND state = 'active'",
        )
        .get_result(&mut watcher)
        .optional()
        .unwrap();
        if let Some(p) = found {
            break p.pid;
        }
        assert!(Instant::now() < deadline, "the try never started building");
        std::thread::sleep(Duration::from_millis(20));
    };

    // Outside its own scratch schema the try holds readers' locks only (the
    // system catalogs and their TOAST tables, oids below FirstNormalObjectId, that the
    // scratch DDL writes rows into aside).
    #[derive(QueryableByName, Debug)]
    struct Lock {
        #[diesel(sql_type = Text)]
        relation: String,
        #[diesel(sql_type = Text)]
        mode: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        granted: bool,
    }
    let locks: Vec<Lock> = diesel::sql_query(
        "SELECT l.relation::regclass::text AS relation, l.mode, l.granted
           FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE l.pid = $1 AND l.locktype = 'relation' AND n.nspname NOT LIKE 'biositing\\_try\\_%'
            AND c.oid >= 16384",
    )
    .bind::<Integer, _>(pid)
    .load(&mut watcher)
    .unwrap();
    assert!(
        locks
            .iter()
            .any(|l| l.relation == format!("data_portal.{VIEW}")),
        "{locks:?}"
    );
    assert!(locks.iter().any(|l| l.relation == "resource"), "{locks:?}");
    for lock in &locks {
        assert!(
            lock.mode == "AccessShareLock" && lock.granted,
            "{lock:?} in {locks:?}"
        );
    }

    // A reader, a writer and a concurrent refresh each finish at once; a lock
    // wait would end in the lock_timeout's error instead.
    let bound = Duration::from_millis(1500);
    for sql in [
        format!("SELECT count(*) FROM data_portal.{VIEW}"),
        "SELECT count(*) FROM resource".to_string(),
        "BEGIN; UPDATE resource SET name = name WHERE id = (SELECT min(id) FROM resource); ROLLBACK"
            .to_string(),
        format!("REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.{VIEW}"),
    ] {
        let mut conn = db.conn();
        diesel::connection::SimpleConnection::batch_execute(&mut conn, "SET lock_timeout = '1s'")
            .unwrap();
        let started = Instant::now();
        diesel::connection::SimpleConnection::batch_execute(&mut conn, &sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert!(started.elapsed() < bound, "{sql} took {:?}", started.elapsed());
    }
    let still_building = count(
        &db,
        &format!("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = {pid} AND query LIKE 'CREATE MATERIALIZED VIEW%' AND state = 'active'"),
    );
    assert_eq!(still_building, 1, "the try finished before the checks ran");

    match trying.join().unwrap() {
        TryOutcome::Built(report) => assert_eq!(report.differences, 0, "{report:#?}"),
        TryOutcome::Failed(f) => panic!("{f:?}"),
    }
    assert_eq!(scratch_schemas(&db), 0);
}

/// A checkout the test may edit: what `Project` reads, copied.
fn checkout_copy() -> tempfile::TempDir {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("diesel.toml"), dir.path().join("diesel.toml")).unwrap();
    std::fs::copy(
        root.join("migrations.lock"),
        dir.path().join("migrations.lock"),
    )
    .unwrap();
    copy_tree(&root.join("migrations"), &dir.path().join("migrations"));
    copy_tree(
        &root.join("crates/views/src"),
        &dir.path().join("crates/views/src"),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_command_points_at_the_broken_line_and_refuses_bad_input() {
    let db = TestDatabase::migrated();
    let checkout = checkout_copy();
    let try_in_checkout = |args: &[&str]| -> Output {
        biositing(db.url())
            .current_dir(checkout.path())
            .args(["views", "try"])
            .args(args)
            .output()
            .unwrap()
    };

    // Unchanged: it builds, exit 0, JSON for scripts.
    let out = try_in_checkout(&[VIEW, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "built", "{json}");
    assert_eq!(json["differences"], 0, "{json}");
    assert_eq!(json["comparison"]["by"], "unique_key", "{json}");

    // A column that does not exist, on a line of its own after the last SELECT.
    let file = checkout
        .path()
        .join(format!("crates/views/src/{VIEW}/definition.sql"));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    let select = lines.iter().rposition(|l| l.trim() == "SELECT").unwrap();
    lines.insert(select + 1, "    no_such_column_for_try,");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let line = select + 2;
    let before = catalog_snapshot(&mut db.conn());

    let out = try_in_checkout(&[VIEW]);
    let output = text(&out);
    assert_eq!(out.status.code(), Some(1), "{output}");
    assert!(
        output.contains(&format!(
            "crates/views/src/{VIEW}/definition.sql:{line}:5: column \"no_such_column_for_try\" does not exist"
        )),
        "{output}"
    );
    assert!(output.contains("The definition does not build"), "{output}");

    let out = try_in_checkout(&[VIEW, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["outcome"], "failed", "{json}");
    assert_eq!(json["position"]["line"], line, "{json}");
    assert_eq!(json["position"]["column"], 5, "{json}");
    assert_eq!(catalog_snapshot(&mut db.conn()), before);
    assert_eq!(scratch_schemas(&db), 0);

    // Bad input: exit 2 with the fix.
    let out = try_in_checkout(&["mv_no_such_view"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("unknown view `mv_no_such_view`"));
    let out = try_in_checkout(&[VIEW, "--lock-timeout", "soon"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let empty = TestDatabase::empty();
    let out = biositing(empty.url())
        .current_dir(checkout.path())
        .args(["views", "try", VIEW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("does not exist in this database: run `biositing migrate`"),
        "{}",
        text(&out)
    );
}

/// A view registered but not in the database yet (a new view, before its
/// migration): its rows are shown, every one and every column as new, and a
/// column the mapping lacks is named.
#[test]
fn a_new_view_is_previewed_before_its_migration() {
    use biositing_views::ColumnSpec;
    fn no_row_struct() -> Vec<String> {
        Vec::new()
    }
    static MAPPED: &[ColumnSpec] = &[ColumnSpec {
        name: "resource_id",
        sql_type: "integer",
    }];
    let view = ViewDefinition {
        name: "mv_not_deployed_yet",
        summary: "a new view",
        definition: "SELECT r.id AS resource_id, r.name AS resource_name FROM resource r",
        indexes: &[],
        unique_key: &["resource_id"],
        columns: MAPPED,
        row_columns: no_row_struct,
    };
    let db = TestDatabase::migrated();
    db.execute("INSERT INTO resource (id, name) VALUES (1, 'Almond hulls'), (2, 'Rice straw');");
    let before = catalog_snapshot(&mut db.conn());

    let report = built(&db, &view);
    assert!(!report.deployed, "{report:#?}");
    assert_eq!((report.deployed_rows, report.new_rows), (0, 2));
    assert_eq!(report.only_new.count, 2, "{report:#?}");
    assert_eq!(report.only_deployed.count + report.changed.count, 0);
    let gained: Vec<&str> = report
        .columns
        .gained
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(gained, ["resource_id", "resource_name"]);
    assert_eq!(report.unmapped_columns, ["resource_name"]);
    assert!(report.last_refresh.is_none());
    assert_eq!(
        catalog_snapshot(&mut db.conn()),
        before,
        "the preview kept something"
    );

    // A database never migrated is still told to migrate.
    let empty = TestDatabase::empty();
    let refused = try_view(&mut empty.conn(), &view, &TryOptions::default()).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("run `biositing migrate` first"),
        "{refused}"
    );
}
