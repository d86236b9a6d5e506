//! End-to-end tests of `biositing migrate`, `rollback` and `status` against a
//! real PostgreSQL, each on a database of its own.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::Path;
use std::process::Output;

use biositing_db::migrations::{
    migrate, rollback, status, MigrateOptions, MigrationSet, RollbackTarget,
};
use biositing_test_db::{biositing, catalog_snapshot, run_ok, workspace_root, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

fn migrations() -> MigrationSet {
    MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(cmd: &mut std::process::Command) -> Output {
    cmd.output().expect("the biositing binary runs")
}

/// A copy of the workspace's migrations that a test may change.
fn migrations_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for script in migrations().scripts() {
        let folder = dir.path().join(script.folder());
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), script.up_sql()).unwrap();
        std::fs::write(folder.join("down.sql"), script.down_sql()).unwrap();
    }
    dir
}

fn add_migration(dir: &Path, folder: &str, up: &str, down: &str) {
    let path = dir.join(folder);
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("up.sql"), up).unwrap();
    std::fs::write(path.join("down.sql"), down).unwrap();
}

/// Versions in Diesel's bookkeeping table; none when the table does not exist yet.
fn applied_versions(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let sql = "SELECT version::text AS version FROM __diesel_schema_migrations ORDER BY version";
    if conn
        .batch_execute("SELECT 1 FROM __diesel_schema_migrations LIMIT 0")
        .is_err()
    {
        return Vec::new();
    }
    diesel::sql_query(sql)
        .load::<Row>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.version)
        .collect()
}

/// A frozen `down.sql` that restores a line of the seed state as it read before
/// the seed-state migrations were corrected (no database had applied those; the
/// later migrations are frozen and stay as they are). See docs/view-changes.md.
struct KnownDrift {
    folder: &'static str,
    /// What each restored catalog line holds that the corrected seed state does not.
    restored: &'static str,
    /// What each catalog line of the corrected seed state that it replaces holds.
    replaced: &'static str,
}

const DOWNS_FROZEN_BEFORE_SEED_CORRECTION: &[KnownDrift] = &[
    // Restores our own index name; the seed state (000003) has the seed's
    // `idx_mv_biomass_gasification_resource_reactor_param`.
    KnownDrift {
        folder: "2026-11-26-030735_gasification_keeps_records_with_a_null_qc_pass",
        restored: "idx_mv_biomass_gasification_resource_reactor_parameter ",
        replaced: "idx_mv_biomass_gasification_resource_reactor_param ",
    },
    // Restores the search view with records without a resource filtered out
    // before grouping; the seed state (000002) keeps them in the tag percentiles.
    KnownDrift {
        folder: "2026-11-26-030753_search_has_exactly_one_row_per_resource",
        restored: "WHERE (ar.resource_id IS NOT NULL)",
        replaced: "view data_portal.mv_biomass_search ",
    },
];

/// The lines of two catalog snapshots that differ, each side named (not the
/// whole catalog).
fn catalog_difference(first: &[String], then: &[String]) -> String {
    let gone: Vec<&String> = first.iter().filter(|l| !then.contains(l)).collect();
    let new: Vec<&String> = then.iter().filter(|l| !first.contains(l)).collect();
    format!("first only: {gone:#?}\nthen only: {new:#?}")
}

#[test]
fn every_migration_round_trips() {
    let db = TestDatabase::empty();
    let mut conn = db.conn();
    let set = migrations();
    for script in set.scripts() {
        let before = catalog_snapshot(&mut conn);
        let to = MigrateOptions {
            to: Some(script.folder().to_string()),
            ..MigrateOptions::default()
        };
        let report = migrate(&mut conn, &set, &to, &mut |_| {}).unwrap();
        assert_eq!(report.migrations, vec![script.folder().to_string()]);
        let after_up = catalog_snapshot(&mut conn);
        assert_ne!(before, after_up, "{} changed nothing", script.folder());

        rollback(
            &mut conn,
            &set,
            &RollbackTarget::Steps(1),
            std::time::Duration::from_secs(5),
            &mut |_| {},
        )
        .unwrap();
        let after_down = catalog_snapshot(&mut conn);
        let mut leftovers: Vec<&String> =
            after_down.iter().filter(|l| !before.contains(l)).collect();
        let mut missing: Vec<&String> = before.iter().filter(|l| !after_down.contains(l)).collect();
        if let Some(drift) = DOWNS_FROZEN_BEFORE_SEED_CORRECTION
            .iter()
            .find(|d| d.folder == script.folder())
        {
            assert!(
                !leftovers.is_empty()
                    && leftovers.len() == missing.len()
                    && leftovers.iter().all(|l| l.contains(drift.restored))
                    && missing
                        .iter()
                        .all(|l| l.contains(drift.replaced) && !l.contains(drift.restored)),
                "{}: down.sql differs otherwise than known\nleft behind: {leftovers:#?}\nremoved: {missing:#?}",
                drift.folder
            );
            leftovers.clear();
            missing.clear();
        }
        assert!(
            leftovers.is_empty() && missing.is_empty(),
            "{}: down.sql does not undo up.sql\nleft behind: {leftovers:#?}\nremoved too much: {missing:#?}",
            script.folder()
        );

        migrate(&mut conn, &set, &to, &mut |_| {}).unwrap();
        let again = catalog_snapshot(&mut conn);
        assert!(
            again == after_up,
            "{}: up.sql after down.sql builds another schema than up.sql did\n{}",
            script.folder(),
            catalog_difference(&after_up, &again)
        );
    }
    assert_eq!(
        status(&mut conn, &set).unwrap().pending,
        Vec::<String>::new()
    );
}

#[test]
fn rolling_back_every_migration_leaves_the_database_as_it_was() {
    let db = TestDatabase::empty();
    let before = catalog_snapshot(&mut db.conn());
    run_ok(biositing(db.url()).arg("migrate"));
    let all = migrations().scripts().len().to_string();
    let refused = run(biositing(db.url()).args(["rollback", "--steps", &all]));
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("with its data: pass --yes to confirm"),
        "{}",
        text(&refused.stderr)
    );
    run_ok(biositing(db.url()).args(["rollback", "--steps", &all, "--yes"]));
    let after = catalog_snapshot(&mut db.conn());
    assert!(
        after == before,
        "the down.sql files do not restore an empty database\n{}",
        catalog_difference(&before, &after)
    );
}

/// The 37 index names of the seed system's views (spec/views.md), as a
/// database built by the original Python stack has them.
const SEED_INDEX_NAMES: [&str; 37] = [
    "idx_mv_biomass_availability_resource_id",
    "idx_mv_biomass_composition_analysis_type",
    "idx_mv_biomass_composition_county",
    "idx_mv_biomass_composition_geoid",
    "idx_mv_biomass_composition_id",
    "idx_mv_biomass_composition_parameter_name",
    "idx_mv_biomass_composition_resource_analysis",
    "idx_mv_biomass_composition_resource_geoid_analysis",
    "idx_mv_biomass_composition_resource_id",
    "idx_mv_biomass_county_production_id",
    "idx_mv_biomass_end_uses_resource_id",
    "idx_mv_biomass_end_uses_resource_use_case",
    "idx_mv_biomass_fermentation_county",
    "idx_mv_biomass_fermentation_geoid",
    "idx_mv_biomass_fermentation_id",
    "idx_mv_biomass_fermentation_product_name",
    "idx_mv_biomass_fermentation_resource_id",
    "idx_mv_biomass_fermentation_resource_strain",
    "idx_mv_biomass_fermentation_strain_name",
    "idx_mv_biomass_gasification_id",
    "idx_mv_biomass_gasification_parameter_name",
    "idx_mv_biomass_gasification_reactor_type",
    "idx_mv_biomass_gasification_resource_id",
    "idx_mv_biomass_gasification_resource_reactor_param",
    "idx_mv_biomass_pricing_commodity_name",
    "idx_mv_biomass_pricing_county",
    "idx_mv_biomass_pricing_id",
    "idx_mv_biomass_sample_stats_resource_id",
    "idx_mv_biomass_search_id",
    "idx_mv_biomass_search_name_trgm",
    "idx_mv_biomass_search_primary_product",
    "idx_mv_biomass_search_resource_class",
    "idx_mv_biomass_search_resource_subclass",
    "idx_mv_biomass_search_search_vector",
    "idx_mv_usda_county_production_geoid",
    "idx_mv_usda_county_production_id",
    "idx_mv_usda_county_production_resource_id",
];

/// Index names of the `data_portal` schema, sorted.
fn portal_index_names(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        indexname: String,
    }
    diesel::sql_query(
        "SELECT indexname::text AS indexname FROM pg_indexes WHERE schemaname = 'data_portal' ORDER BY indexname COLLATE \"C\"",
    )
    .load::<Name>(conn)
    .unwrap()
    .into_iter()
    .map(|n| n.indexname)
    .collect()
}

#[test]
fn the_seed_state_has_the_seed_index_names() {
    // The migration that creates the indexes of the seed state: the first one
    // after which the portal schema has any.
    let db = TestDatabase::empty();
    let mut conn = db.conn();
    let set = migrations();
    for script in set.scripts() {
        let to = MigrateOptions {
            to: Some(script.folder().to_string()),
            ..MigrateOptions::default()
        };
        migrate(&mut conn, &set, &to, &mut |_| {}).unwrap();
        let names = portal_index_names(&mut conn);
        if !names.is_empty() {
            assert_eq!(names, SEED_INDEX_NAMES, "after {}", script.folder());
            return;
        }
    }
    panic!("no migration creates a data_portal index");
}

#[test]
fn migrate_applies_everything_once_and_reports_each_migration() {
    let db = TestDatabase::empty();
    let out = run(biositing(db.url()).arg("migrate"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for script in migrations().scripts() {
        assert!(
            stdout.contains(&format!("applied  {} (", script.folder())),
            "{stdout}"
        );
    }
    let again = run(biositing(db.url()).arg("migrate"));
    assert!(again.status.success());
    assert!(
        text(&again.stdout).contains("Nothing to migrate"),
        "{}",
        text(&again.stdout)
    );

    let status = run(biositing(db.url()).args(["status", "--json"]));
    assert!(status.status.success(), "{}", text(&status.stderr));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["pending"], serde_json::json!([]));
    assert_eq!(json["problems"], serde_json::json!([]));
    let applied = json["applied"].as_array().unwrap();
    assert_eq!(applied.len(), migrations().scripts().len());
    assert!(
        applied.iter().all(|a| a["checksum"]["state"] == "verified"),
        "{json:#}"
    );
}

#[test]
fn dry_run_and_to_limit_what_runs() {
    let db = TestDatabase::empty();
    let set = migrations();
    let first = set.scripts()[0].folder();

    let dry = run(biositing(db.url()).args(["migrate", "--dry-run"]));
    assert!(dry.status.success());
    assert!(
        text(&dry.stdout).contains(&format!("would apply {} migration(s)", set.scripts().len()))
    );
    assert_eq!(
        applied_versions(&mut db.conn()),
        Vec::<String>::new(),
        "a dry run applied something"
    );

    let to = run(biositing(db.url()).args(["migrate", "--to", first]));
    assert!(to.status.success(), "{}", text(&to.stderr));
    assert_eq!(
        applied_versions(&mut db.conn()),
        vec![set.scripts()[0].version().to_string()]
    );

    let unknown = run(biositing(db.url()).args(["migrate", "--to", "1999-01-01-000000_nope"]));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no migration named `1999-01-01-000000_nope`"));
}

#[test]
fn concurrent_migrate_runs_apply_each_migration_once() {
    let db = TestDatabase::empty();
    let spawn = || {
        biositing(db.url())
            .arg("migrate")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let (a, b) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(a.status.success(), "first: {}", text(&a.stderr));
    assert!(b.status.success(), "second: {}", text(&b.stderr));

    let set = migrations();
    let expected: Vec<String> = set
        .scripts()
        .iter()
        .map(|s| s.version().to_string())
        .collect();
    assert_eq!(applied_versions(&mut db.conn()), expected);
    // Each migration was applied by exactly one of the two runs.
    let both = text(&a.stdout) + &text(&b.stdout);
    for script in set.scripts() {
        assert_eq!(
            both.matches(&format!("applied  {} (", script.folder()))
                .count(),
            1,
            "{both}"
        );
    }
}

#[test]
fn an_edited_applied_migration_is_refused_and_flagged() {
    let db = TestDatabase::empty();
    let dir = migrations_copy();
    let dir_arg = dir.path().to_str().unwrap();
    let out = run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]));
    assert!(out.status.success(), "{}", text(&out.stderr));

    let first = migrations().scripts()[0].folder().to_string();
    let up = dir.path().join(&first).join("up.sql");
    let edited = std::fs::read_to_string(&up).unwrap() + "\nCREATE TABLE sneaky (id int);\n";
    std::fs::write(&up, edited).unwrap();
    add_migration(
        dir.path(),
        "2999-01-01-000000_later",
        "CREATE TABLE later (id int);",
        "DROP TABLE later;",
    );

    let before = catalog_snapshot(&mut db.conn());
    let refused = run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]));
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains(&format!("edited after they ran: {first}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("put the change in a new migration"),
        "{stderr}"
    );
    assert_eq!(
        catalog_snapshot(&mut db.conn()),
        before,
        "a refused migrate changed the schema"
    );

    let status = run(biositing(db.url()).args(["--migrations-dir", dir_arg, "status"]));
    assert_eq!(status.status.code(), Some(1));
    let stdout = text(&status.stdout);
    assert!(
        stdout.contains(&format!("{first}: up.sql was edited after it was applied")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Pending (1):\n  2999-01-01-000000_later"),
        "{stdout}"
    );
}

#[test]
fn a_failing_migration_rolls_back_completely_and_stops_the_run() {
    let db = TestDatabase::empty();
    let dir = migrations_copy();
    let dir_arg = dir.path().to_str().unwrap();
    assert!(
        run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]))
            .status
            .success()
    );
    add_migration(
        dir.path(),
        "2999-01-01-000000_broken",
        "CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1);\nSELECT no_such_column FROM half_done;\n",
        "DROP TABLE half_done;",
    );
    add_migration(
        dir.path(),
        "2999-01-02-000000_after",
        "CREATE TABLE after_broken (id int);",
        "DROP TABLE after_broken;",
    );

    let before = catalog_snapshot(&mut db.conn());
    let out = run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("migration 2999-01-01-000000_broken/up.sql failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("column \"no_such_column\" does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("at line 3, column 8"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        catalog_snapshot(&mut db.conn()),
        before,
        "the failed migration left something behind"
    );
    assert!(!applied_versions(&mut db.conn()).contains(&"29990102000000".to_string()));
}

#[test]
fn migrations_applied_by_plain_diesel_are_adopted() {
    use diesel_migrations::{FileBasedMigrations, MigrationHarness};
    let db = TestDatabase::empty();
    let source = FileBasedMigrations::from_path(workspace_root().join("migrations")).unwrap();
    db.conn().run_pending_migrations(source).unwrap();

    let status = run(biositing(db.url()).arg("status"));
    assert!(status.status.success());
    assert!(text(&status.stdout).contains("applied by plain diesel; adopted on next migrate"));

    let out = run(biositing(db.url()).arg("migrate"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = migrations().scripts()[0].folder().to_string();
    assert!(
        text(&out.stdout).contains(&format!(
            "notice: {first} was applied by plain diesel; its checksum is now recorded"
        )),
        "{}",
        text(&out.stdout)
    );
    let after = run(biositing(db.url()).args(["status", "--json"]));
    let json: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(json["applied"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["checksum"]["state"] == "verified"));
}

#[test]
fn rollback_to_a_version_reverts_everything_after_it() {
    let db = TestDatabase::empty();
    let dir = migrations_copy();
    add_migration(
        dir.path(),
        "2999-01-01-000000_a",
        "CREATE TABLE a (id int);",
        "DROP TABLE a;",
    );
    add_migration(
        dir.path(),
        "2999-01-02-000000_b",
        "CREATE TABLE b (id int);",
        "DROP TABLE b;",
    );
    let dir_arg = dir.path().to_str().unwrap();
    assert!(
        run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]))
            .status
            .success()
    );

    // Reverting `b` drops a table with its data: only with --yes.
    let rollback_to_a = [
        "--migrations-dir",
        dir_arg,
        "rollback",
        "--to",
        "2999-01-01-000000_a",
    ];
    let refused = run(biositing(db.url()).args(rollback_to_a));
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains(
            "rollback would revert 2999-01-02-000000_b, which drops b with its data: pass --yes"
        ),
        "{}",
        text(&refused.stderr)
    );
    let out = run(biositing(db.url()).args(rollback_to_a).arg("--yes"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("reverted  2999-01-02-000000_b"));
    assert!(!text(&out.stdout).contains("reverted  2999-01-01-000000_a"));
    let versions = applied_versions(&mut db.conn());
    assert!(
        versions.contains(&"29990101000000".to_string())
            && !versions.contains(&"29990102000000".to_string())
    );

    // The checksum row of a reverted migration goes with it, so re-applying works.
    assert!(
        run(biositing(db.url()).args(["--migrations-dir", dir_arg, "migrate"]))
            .status
            .success()
    );
    db.conn().batch_execute("SELECT * FROM b").unwrap();
}

#[test]
fn connection_problems_are_one_clear_line_with_exit_code_2() {
    let cases = [
        (
            "postgres://postgres@127.0.0.1:1/postgres",
            "cannot reach PostgreSQL",
        ),
        ("mysql://root@localhost/portal", "invalid database URL"),
        (
            "postgres://postgres@127.0.0.1:5432/biositing_no_such_database",
            "does not exist",
        ),
    ];
    for (url, expected) in cases {
        let out = run(
            std::process::Command::new(biositing_test_db::biositing_bin())
                .env_remove("DATABASE_URL")
                .args(["--database-url", url, "status"]),
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(expected),
            "{url}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{url}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let secret = run(
        std::process::Command::new(biositing_test_db::biositing_bin())
            .env_remove("DATABASE_URL")
            .args([
                "--database-url",
                "postgres://someone:hunter2@127.0.0.1:1/x",
                "status",
            ]),
    );
    assert!(
        !text(&secret.stderr).contains("hunter2"),
        "{}",
        text(&secret.stderr)
    );
    let missing = run(
        std::process::Command::new(biositing_test_db::biositing_bin())
            .env_remove("DATABASE_URL")
            .current_dir(std::env::temp_dir())
            .arg("status"),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no database URL"));
}

#[test]
fn database_create_and_drop() {
    let server = biositing_test_db::server_url();
    let name = format!("biositing_test_create_{}", std::process::id());
    let url = server.with_database(&name);
    let created = run(biositing(&url).args(["database", "create"]));
    assert!(created.status.success(), "{}", text(&created.stderr));
    assert!(text(&created.stdout).contains(&format!("Created database \"{name}\"")));
    let again = run(biositing(&url).args(["database", "create"]));
    assert!(text(&again.stdout).contains("already exists"));

    let refused = run(biositing(&url).args(["database", "drop"]));
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("without --yes"));
    assert!(
        biositing_db::connect(&url).is_ok(),
        "drop without --yes removed the database"
    );

    let dropped = run(biositing(&url).args(["database", "drop", "--yes"]));
    assert!(dropped.status.success());
    assert!(matches!(
        biositing_db::connect(&url),
        Err(biositing_db::Error::MissingDatabase { .. })
    ));
}

#[test]
fn lock_file_matches_the_migrations_folder() {
    use biositing_db::migrations::{ChecksumLock, LOCK_FILE_NAME};
    let text = std::fs::read_to_string(workspace_root().join(LOCK_FILE_NAME)).unwrap();
    let lock = ChecksumLock::parse(&text).unwrap();
    let mismatches: Vec<String> = lock
        .compare(&migrations())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        mismatches.is_empty(),
        "{LOCK_FILE_NAME} disagrees with migrations/:\n{}",
        mismatches.join("\n")
    );
    // The binary embeds the same migrations as the folder.
    assert_eq!(MigrationSet::embedded(), migrations());
}
