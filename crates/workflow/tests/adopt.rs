//! `biositing adopt --from-alembic` on a database as the Python stack leaves it.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use biositing_db::{connect, quote_ident};
use biositing_test_db::alembic::dumps_available;
use biositing_test_db::{biositing, server_url, TestDatabase};
use biositing_workflow::adopt::BACKUP_SCHEMA;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

/// The original chain's seed revision and head (`shared/fixtures/alembic`).
const SEED_REVISION: &str = "9e8f7a6b5c52";
const HEAD_REVISION: &str = "d2b6b2a7c9d1";

/// A reader role like the production `biocirv_readonly`, unique to this test
/// run; dropped (after the databases that grant to it) on drop.
struct ReaderRole(String);

impl ReaderRole {
    fn new() -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "adopt_reader_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        connect(&server_url())
            .unwrap()
            .batch_execute(&format!("CREATE ROLE {} LOGIN", quote_ident(&name)))
            .unwrap();
        Self(name)
    }
}

impl Drop for ReaderRole {
    fn drop(&mut self) {
        if let Ok(mut admin) = connect(&server_url()) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", quote_ident(&self.0)));
        }
    }
}

/// A database as the Python stack leaves it: the schema their Alembic chain
/// built at `revision` (its dump), optionally the sample data (which needs
/// `use_case`, so a revision from 1bed1a9104a7 on), the views refreshed, and
/// a reader role with SELECT grants on the views. `None` (the test is
/// skipped) where the dumps cannot be loaded outside CI.
fn python_stack_database(role: &ReaderRole, revision: &str, sample: bool) -> Option<TestDatabase> {
    if !dumps_available() {
        return None;
    }
    let db = TestDatabase::from_alembic_dump(revision);
    if sample {
        // Their database has no table this project added later; the
        // generator leaves those out.
        biositing_sample::load_into_existing_tables(
            &mut db.conn(),
            &biositing_sample::SampleOptions {
                scale: 1,
                seed: 7,
                replace: false,
            },
            &mut |_| {},
        )
        .unwrap();
    }
    // Their ETL's last step: every view populated.
    let mut sql = String::new();
    for view in db.portal_views() {
        sql.push_str(&format!("REFRESH MATERIALIZED VIEW data_portal.{view};\n"));
    }
    db.execute(&sql);
    db.execute(&format!(
        "GRANT USAGE ON SCHEMA data_portal TO {role};\n\
         GRANT SELECT ON ALL TABLES IN SCHEMA data_portal TO {role};\n",
        role = quote_ident(&role.0)
    ));
    Some(db)
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Their base tables (public, not ours, not Alembic's) and their columns, in
/// order: what an adoption must leave as it found it. A table or column a later
/// migration of this project adds is not theirs.
fn base_tables(db: &TestDatabase) -> BTreeMap<String, Vec<String>> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT c.relname::text AS table_name, a.attname::text AS column_name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE '\\_\\_diesel%'
            AND c.relname NOT LIKE 'biositing\\_%' AND c.relname <> 'alembic_version'
          ORDER BY c.relname, a.attnum",
    )
    .load(&mut db.conn())
    .unwrap();
    let mut tables = BTreeMap::<String, Vec<String>>::new();
    for c in columns {
        tables.entry(c.table_name).or_default().push(c.column_name);
    }
    tables
}

/// Per table of `tables`: row count and md5 of its rows, read through those
/// columns only.
fn base_table_checksums(
    db: &TestDatabase,
    tables: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, (i64, String)> {
    #[derive(QueryableByName)]
    struct Sum {
        #[diesel(sql_type = BigInt)]
        n: i64,
        #[diesel(sql_type = Text)]
        md5: String,
    }
    let mut conn = db.conn();
    tables
        .iter()
        .map(|(table, columns)| {
            let row = columns
                .iter()
                .map(|c| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ");
            let sum: Sum = diesel::sql_query(format!(
                "SELECT count(*) AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS md5
                   FROM (SELECT {row} FROM {}) x",
                quote_ident(table)
            ))
            .get_result(&mut conn)
            .unwrap();
            (table.clone(), (sum.n, sum.md5))
        })
        .collect()
}

/// The portal views `role` may read, by name.
fn readable_views(conn: &mut PgConnection, role: &str) -> Vec<String> {
    diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c
          WHERE c.relnamespace = 'data_portal'::regnamespace AND c.relkind = 'm'
            AND has_table_privilege($1, c.oid, 'SELECT') ORDER BY 1",
    )
    .bind::<Text, _>(role)
    .load::<Name>(conn)
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .collect()
}

/// Per portal view: row count and md5 of its rows, and its columns.
fn view_contents(
    db: &TestDatabase,
    views: &[String],
) -> BTreeMap<String, (String, Vec<(String, String)>)> {
    let mut conn = db.conn();
    biositing_views::VIEWS
        .iter()
        .filter(|v| views.iter().any(|name| name == v.name))
        .map(|v| {
            conn.batch_execute(&format!("REFRESH MATERIALIZED VIEW data_portal.{}", v.name)).unwrap();
            let rows: Name = diesel::sql_query(format!(
                "SELECT count(*)::text || ' ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS name FROM data_portal.{} x",
                v.name
            ))
            .get_result(&mut conn)
            .unwrap();
            (v.name.to_string(), (rows.name, biositing_views::live_columns(&mut conn, v.name).unwrap()))
        })
        .collect()
}

/// Reads every portal view the database has as the reader role until stopped;
/// returns the errors.
fn reader_loop(
    db: &TestDatabase,
    role: &str,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<(usize, Vec<String>)> {
    // The views the portal reads before the adoption: those the database has.
    let views = db.portal_views();
    let mut conn = db.conn();
    conn.batch_execute(&format!("SET ROLE {}", quote_ident(role)))
        .unwrap();
    std::thread::spawn(move || {
        let (mut reads, mut errors) = (0, Vec::new());
        while !stop.load(Ordering::SeqCst) {
            for view in &views {
                match conn.batch_execute(&format!("SELECT count(*) FROM data_portal.{view}")) {
                    Ok(()) => reads += 1,
                    Err(e) => errors.push(format!("{view}: {e}")),
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        (reads, errors)
    })
}

fn run(db: &TestDatabase, args: &[&str]) -> (i32, String) {
    run_at(db.url(), args)
}

/// `biositing` on `url` (e.g. as another login): exit code and all it printed.
fn run_at(url: &biositing_db::DatabaseUrl, args: &[&str]) -> (i32, String) {
    said(&biositing(url).args(args).output().unwrap())
}

fn said(out: &std::process::Output) -> (i32, String) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn adopting_keeps_base_data_and_ends_like_a_fresh_database() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, HEAD_REVISION, true) else {
        return;
    };
    let theirs = base_tables(&db);
    let before = base_table_checksums(&db, &theirs);
    assert!(before.values().any(|(n, _)| *n > 0));
    println!("base tables before: {before:?}");

    let (code, plan) = run(&db, &["adopt", "--from-alembic", "--dry-run"]);
    assert_eq!(code, 0, "{plan}");
    assert!(plan.contains(HEAD_REVISION), "{plan}");
    assert!(
        plan.contains("table alembic_version (not managed by biositing)"),
        "{plan}"
    );
    assert!(
        plan.contains(&format!(
            "carry over: SELECT on mv_biomass_search to {}",
            role.0
        )),
        "{plan}"
    );
    let mut conn = db.conn();
    let diesel_tables: Vec<Name> = diesel::sql_query(
        "SELECT 'x'::text AS name WHERE to_regclass('__diesel_schema_migrations') IS NOT NULL",
    )
    .load(&mut conn)
    .unwrap();
    assert!(diesel_tables.is_empty(), "a dry run changed the database");

    // The plan shows meaning: rows the head definitions change, with examples
    // and the documented changes behind them; changed rows need consent.
    assert!(plan.contains("only in the new one"), "{plan}");
    assert!(
        plan.contains("documented changes that may explain it (docs/view-changes.md)"),
        "{plan}"
    );
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("--accept-view-changes"), "{out}");

    let stop = Arc::new(AtomicBool::new(false));
    let views_before = db.portal_views();
    let reader = reader_loop(&db, &role.0, stop.clone());
    std::thread::sleep(Duration::from_millis(200));
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--accept-view-changes"]);
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::SeqCst);
    let (reads, errors) = reader.join().unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("must no longer run migrations"), "{out}");
    assert!(errors.is_empty(), "readers saw errors: {errors:?}");
    assert!(reads > 0);

    let after = base_table_checksums(&db, &theirs);
    println!("base tables after: {after:?}");
    assert_eq!(before, after, "base-table data changed");
    let revision: Name = diesel::sql_query("SELECT version_num::text AS name FROM alembic_version")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(revision.name, HEAD_REVISION);
    let backup: Vec<Name> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(BACKUP_SCHEMA)
    .load(&mut conn)
    .unwrap();
    // Every view the Python stack had is kept in the backup schema.
    assert_eq!(backup.len(), views_before.len());

    let (code, out) = run(&db, &["refresh"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["verify"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("already managed by biositing"), "{out}");

    // The same views, rows and columns as a fresh database migrated to head on the same data.
    let fresh = TestDatabase::migrated();
    biositing_sample::load(
        &mut fresh.conn(),
        &biositing_sample::SampleOptions {
            scale: 1,
            seed: 7,
            replace: false,
        },
        &mut |_| {},
    )
    .unwrap();
    // The views their database had (a view added later may read a table
    // their database lacks, which the fresh database has rows in).
    assert_eq!(
        view_contents(&db, &views_before),
        view_contents(&fresh, &views_before)
    );
    // The reader role still reads every view it read, through the
    // carried-over grants (a view added later is granted to portal_readonly).
    let mut as_reader = db.conn();
    as_reader
        .batch_execute(&format!("SET ROLE {}", quote_ident(&role.0)))
        .unwrap();
    for view in &views_before {
        as_reader
            .batch_execute(&format!(
                "SELECT * FROM data_portal.{} LIMIT 1",
                quote_ident(view)
            ))
            .unwrap();
    }
    drop(as_reader);

    let (code, out) = run(&db, &["adopt", "--drop-backup"]);
    assert_eq!(code, 0, "{out}");
    let gone: Vec<Name> =
        diesel::sql_query("SELECT nspname::text AS name FROM pg_namespace WHERE nspname = $1")
            .bind::<Text, _>(BACKUP_SCHEMA)
            .load(&mut conn)
            .unwrap();
    assert!(gone.is_empty());
    drop(conn);
    drop(db);
    drop(fresh);
}

#[test]
fn adoption_refuses_missing_or_retyped_base_columns_and_lists_extras() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, SEED_REVISION, false) else {
        return;
    };
    db.execute(
        "DROP MATERIALIZED VIEW data_portal.mv_usda_county_production;\n\
         ALTER TABLE place DROP COLUMN region_name;\n\
         ALTER TABLE place ALTER COLUMN agg_level_desc TYPE text;\n\
         CREATE TABLE legacy_report (id int);\n\
         ALTER TABLE unit ADD COLUMN legacy_code varchar;",
    );
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("missing column place.region_name character varying"),
        "{out}"
    );
    assert!(
        out.contains("column place.agg_level_desc is `text`, biositing needs `character varying`"),
        "{out}"
    );
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--dry-run", "--json"]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = run(&db, &["status"]);
    assert_eq!(code, 2, "not adopted yet: {out}");
    assert!(out.contains("biositing adopt --from-alembic"), "{out}");
    let applied: Vec<Name> = diesel::sql_query(
        "SELECT 'x'::text AS name WHERE to_regclass('__diesel_schema_migrations') IS NOT NULL",
    )
    .load(&mut db.conn())
    .unwrap();
    assert!(applied.is_empty(), "a refused adopt changed the database");

    // Repaired, the extras are listed and left alone.
    db.execute("ALTER TABLE place ADD COLUMN region_name varchar; ALTER TABLE place ALTER COLUMN agg_level_desc TYPE varchar;");
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("table legacy_report (not managed by biositing)"),
        "{out}"
    );
    assert!(
        out.contains("column unit.legacy_code character varying (not managed by biositing)"),
        "{out}"
    );
    assert!(out.contains("mv_usda_county_production: new view"), "{out}");

    // Adopted, `verify` knows the extras as not managed; a table added later
    // without schema.rs is still drift.
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 0, "{out}");
    // (The repair above re-added place.region_name last: that order is reported.)
    let reordered = "the columns of place are in another order";
    let schema_problems = |db: &TestDatabase| -> Vec<String> {
        let (_, out) = run(db, &["verify", "--json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let check = report
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == biositing_workflow::verify::SCHEMA_CHECK)
            .cloned()
            .unwrap();
        check["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .filter(|p| !p.starts_with(reordered))
            .collect()
    };
    let check = schema_problems(&db);
    assert_eq!(check, Vec::<String>::new());
    // Change tracking (a migration run after the adoption) leaves them alone too.
    let tracked: Vec<Name> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE t.tgname = 'biositing_table_change' AND c.relname IN ('legacy_report', 'unit')",
    )
    .load(&mut db.conn())
    .unwrap();
    let tracked: Vec<&str> = tracked.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(tracked, ["unit"]);
    db.execute("CREATE TABLE drifted (id int); ALTER TABLE unit ADD COLUMN drifted_code varchar;");
    let problems = schema_problems(&db);
    let check = problems.join("\n");
    assert_eq!(problems.len(), 2, "{check}");
    assert!(
        problems[0].starts_with(
            "unit.drifted_code (Nullable<Varchar>) is in the database but not in schema.rs"
        ),
        "{check}"
    );
    assert!(
        problems[1].starts_with("table drifted is in the database but not in schema.rs"),
        "{check}"
    );
}

#[test]
fn a_lost_column_needs_consent_and_an_interrupted_adopt_is_completed_by_a_rerun() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, SEED_REVISION, false) else {
        return;
    };
    let extra = biositing_views::VIEWS[0].name;
    // A later revision of theirs gave this view a column ours does not have.
    db.execute(&format!(
        "ALTER MATERIALIZED VIEW data_portal.{extra} RENAME TO old_{extra};\n\
         ALTER MATERIALIZED VIEW data_portal.old_{extra} SET SCHEMA public;\n\
         CREATE MATERIALIZED VIEW data_portal.{extra} AS SELECT *, 1 AS legacy_flag FROM public.old_{extra};\n\
         GRANT SELECT ON data_portal.{extra} TO {};",
        quote_ident(&role.0)
    ));
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("-legacy_flag integer"), "{out}");
    assert!(out.contains("--accept-view-changes"), "{out}");

    // kill -9 at several points, then a rerun completes the adoption.
    for delay in [150u64, 400, 900] {
        let mut child = biositing(db.url())
            .args(["adopt", "--from-alembic", "--accept-view-changes"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
    }
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--accept-view-changes"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["refresh"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["verify"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["adopt", "--from-alembic"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing to do"), "{out}");
}

/// A database at the original team's head (`d2b6b2a7c9d1`,
/// spec/views-current.md) already has the new end-use and search columns; our
/// head serves the same contract, so adopting it loses no column.
#[test]
fn adopting_the_later_revision_loses_no_column() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, HEAD_REVISION, false) else {
        return;
    };
    let later = ["mv_biomass_end_uses", "mv_biomass_search"];
    let output = biositing(db.url())
        .args(["adopt", "--from-alembic", "--dry-run", "--json"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["alembic_revision"], "d2b6b2a7c9d1", "{out}");
    let changes = report["view_changes"].as_array().unwrap();
    assert_eq!(changes.len(), biositing_views::VIEWS.len(), "{out}");
    for change in changes {
        assert_eq!(change["lost"], serde_json::json!([]), "{change}");
        assert_eq!(change["retyped"], serde_json::json!([]), "{change}");
        if later.contains(&change["view"].as_str().unwrap()) {
            assert_eq!(change["gained"], serde_json::json!([]), "{change}");
        }
    }
}

/// At their seed revision: `migrate` and `status` refuse the unadopted
/// database (exit 2, naming adopt); the adoption applies the base migrations
/// the revision lacks (use_case…) and records the rest, and afterwards
/// everything is clean and their reader role reads every view through direct
/// grants, with no role membership added.
#[test]
fn adopting_the_seed_revision_applies_the_base_migrations_it_lacks_and_ends_clean() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, SEED_REVISION, false) else {
        return;
    };
    for command in ["migrate", "status"] {
        let (code, out) = run(&db, &[command]);
        assert_eq!(code, 2, "{command}: {out}");
        assert!(
            out.contains(&format!("revision {SEED_REVISION}"))
                && out.contains("biositing adopt --from-alembic"),
            "{command}: {out}"
        );
    }
    // What their roles could read: a view this project adds later is granted
    // to portal_readonly, not to them.
    let views_before = db.portal_views();
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--accept-view-changes"]);
    assert_eq!(code, 0, "{out}");
    let mut conn = db.conn();
    let use_case: Vec<Name> = diesel::sql_query(
        "SELECT 'x'::text AS name WHERE to_regclass('public.use_case') IS NOT NULL",
    )
    .load(&mut conn)
    .unwrap();
    assert_eq!(
        use_case.len(),
        1,
        "the base migration the revision lacks ran"
    );
    let (code, out) = run(&db, &["status"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Pending (0)") && out.contains("Problems: none"),
        "{out}"
    );
    let (code, out) = run(&db, &["refresh"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&db, &["verify"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(readable_views(&mut conn, &role.0), views_before);
    // Their own reader role too, which their dump granted.
    assert_eq!(readable_views(&mut conn, "biocirv_readonly"), views_before);
    let memberships = biositing_test_db::count(
        &mut conn,
        &format!(
            "SELECT count(*) AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
              WHERE r.rolname = '{}'",
            role.0
        ),
    );
    assert_eq!(memberships, 0, "no role membership is added");
    let revision: Name = diesel::sql_query("SELECT version_num::text AS name FROM alembic_version")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(revision.name, SEED_REVISION);
}

/// A migration the adoption runs alters a base table (at the seed revision,
/// 000007 adds `resource_end_use_record.use_case_id`). While a long reader
/// holds that table, the adoption waits at most `--lock-timeout` per attempt,
/// so other readers of the table never queue behind it for longer; it then
/// fails, having changed nothing, and succeeds once the reader is gone.
#[test]
fn a_base_table_held_by_a_reader_bounds_the_adoption_not_other_readers() {
    let role = ReaderRole::new();
    let Some(db) = python_stack_database(&role, SEED_REVISION, false) else {
        return;
    };
    let mut holder = db.conn();
    holder
        .batch_execute("BEGIN; SELECT count(*) FROM resource_end_use_record;")
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let mut conn = db.conn();
        let stop = stop.clone();
        std::thread::spawn(move || {
            // Longer than one lock timeout, far shorter than the adoption's attempts.
            conn.batch_execute("SET statement_timeout = '4s'").unwrap();
            let mut failures = Vec::new();
            let mut reads = 0;
            while !stop.load(Ordering::SeqCst) {
                match conn.batch_execute("SELECT count(*) FROM resource_end_use_record") {
                    Ok(()) => reads += 1,
                    Err(e) => failures.push(e.to_string()),
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            (reads, failures)
        })
    };
    // Three attempts of at most a second's wait each, and the plan's: bounded
    // here so that a regression fails instead of hanging the suite.
    let mut adopt = biositing(db.url())
        .args([
            "adopt",
            "--from-alembic",
            "--accept-view-changes",
            "--lock-timeout",
            "1",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while adopt.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            adopt.kill().unwrap();
            stop.store(true, Ordering::SeqCst);
            panic!("adopt still waiting for the reader's lock after 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let (code, out) = said(&adopt.wait_with_output().unwrap());
    stop.store(true, Ordering::SeqCst);
    let (reads, failures) = reader.join().unwrap();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("adoption gave up, nothing was changed")
            && out.contains("--lock-timeout (1000 ms)"),
        "{out}"
    );
    assert!(
        failures.is_empty(),
        "readers queued behind the adoption: {failures:?}"
    );
    assert!(reads > 0);
    let mut conn = db.conn();
    let adopted = biositing_test_db::count(
        &mut conn,
        "SELECT count(*) AS n FROM pg_class WHERE relname IN ('use_case', '__diesel_schema_migrations')",
    );
    assert_eq!(adopted, 0, "a failed adoption changes nothing");

    holder.batch_execute("COMMIT").unwrap();
    let (code, out) = run(&db, &["adopt", "--from-alembic", "--accept-view-changes"]);
    assert_eq!(code, 0, "{out}");
}

/// Their database owned by a login without CREATEROLE (no superuser), the
/// roles of this project created beforehand by whoever may: that owner adopts
/// it, and then refreshes and verifies it.
#[test]
fn an_owner_without_createrole_adopts_once_the_roles_exist() {
    let reader = ReaderRole::new();
    // A login role, NOSUPERUSER NOCREATEROLE NOCREATEDB as created.
    let owner = ReaderRole::new();
    let Some(db) = python_stack_database(&reader, HEAD_REVISION, true) else {
        return;
    };
    biositing_test_db::ensure_portal_roles();
    // Everything of theirs (not PostGIS's own objects) handed to the owner,
    // as in a database their team's login owns; a sequence a column owns
    // follows its table.
    db.execute(&format!(
        "ALTER DATABASE {database} OWNER TO {owner};
         DO $$
         DECLARE object record;
         BEGIN
             FOR object IN
                 SELECT n.nspname FROM pg_namespace n
                  WHERE n.nspname IN ('public', 'data_portal', 'ca_biositing')
             LOOP
                 EXECUTE format('ALTER SCHEMA %I OWNER TO {owner}', object.nspname);
             END LOOP;
             FOR object IN
                 SELECT c.oid::regclass AS relation, c.relkind
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname IN ('public', 'data_portal', 'ca_biositing')
                    AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                    AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                       AND d.deptype IN ('e', 'a', 'i'))
             LOOP
                 EXECUTE format('ALTER %s %s OWNER TO {owner}',
                     CASE object.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                          WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                     object.relation);
             END LOOP;
         END $$;",
        database = quote_ident(db.name()),
        owner = quote_ident(&owner.0),
    ));
    let as_owner = biositing_db::DatabaseUrl::parse(&format!(
        "postgres://{}@{}/{}",
        owner.0,
        server_url().server(),
        db.name()
    ))
    .unwrap();
    let views_before = db.portal_views();
    for args in [
        &["adopt", "--from-alembic", "--accept-view-changes"][..],
        &["refresh"],
        &["verify"],
    ] {
        let (code, out) = run_at(&as_owner, args);
        assert_eq!(code, 0, "{args:?} as an owner without CREATEROLE: {out}");
    }
    // Their roles keep what they read; portal_readonly reads every view.
    let mut conn = db.conn();
    assert_eq!(readable_views(&mut conn, &reader.0), views_before);
    assert_eq!(readable_views(&mut conn, "biocirv_readonly"), views_before);
    assert_eq!(
        readable_views(&mut conn, "portal_readonly"),
        db.portal_views()
    );
}
