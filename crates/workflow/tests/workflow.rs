//! The view-change workflow end to end: generated migrations round-trip, and
//! `diff`/`verify` catch every kind of drift.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::Path;
use std::time::Duration;

use biositing_db::migrations::{migrate, rollback, MigrateOptions, MigrationSet, RollbackTarget};
use biositing_test_db::{
    biositing, catalog_snapshot, copy_dir, diesel_print_schema, run_ok, tool_available,
    workspace_root, TestDatabase, DIESEL_CLI, RUSTFMT,
};
use biositing_views::{IndexDefinition, IndexKey, ViewDefinition};
use biositing_workflow::{diff, generate, live, verify, FrozenViews};

/// A copy of the project's migrations that a test may add to.
fn migrations_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    for script in MigrationSet::embedded().scripts() {
        let folder = migrations.join(script.folder());
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), script.up_sql()).unwrap();
        std::fs::write(folder.join("down.sql"), script.down_sql()).unwrap();
    }
    dir
}

fn set_of(dir: &Path) -> MigrationSet {
    MigrationSet::from_dir(&dir.join("migrations")).unwrap()
}

fn migrate_all(db: &TestDatabase, set: &MigrationSet) -> Vec<String> {
    migrate(&mut db.conn(), set, &MigrateOptions::default(), &mut |_| {})
        .unwrap()
        .migrations
}

fn rollback_one(db: &TestDatabase, set: &MigrationSet) {
    rollback(
        &mut db.conn(),
        set,
        &RollbackTarget::Steps(1),
        Duration::from_secs(5),
        &mut |_| {},
    )
    .unwrap();
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// mv_biomass_availability with a changed definition (same columns).
fn changed_availability() -> &'static ViewDefinition {
    let original = &biositing_views::mv_biomass_availability::VIEW;
    let definition = leak(format!(
        "{}\nHAVING count(*) > 1",
        original.definition.trim_end()
    ));
    assert!(
        original.definition.contains("GROUP BY"),
        "the change below assumes a GROUP BY"
    );
    Box::leak(Box::new(ViewDefinition {
        definition,
        ..*original
    }))
}

fn assert_deployed(db: &TestDatabase, view: &ViewDefinition) {
    let mut conn = db.conn();
    assert_eq!(
        live::definition_matches(&mut conn, view).unwrap(),
        live::DeployedComparison::Same,
        "{}",
        view.name
    );
    assert_eq!(
        live::index_mismatches(&mut conn, view).unwrap(),
        Vec::<String>::new(),
        "{}",
        view.name
    );
}

#[test]
fn a_changed_view_round_trips_through_generate_migrate_rollback() {
    let dir = migrations_copy();
    let changed = changed_availability();
    let before_set = set_of(dir.path());
    let generated = generate::generate(
        &before_set,
        &[changed],
        "Only resources with several rows",
        "2999-01-01-000000",
    )
    .unwrap();
    assert_eq!(
        generated.folder,
        "2999-01-01-000000_only_resources_with_several_rows"
    );
    assert!(generated
        .up_sql
        .contains("DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_availability;"));
    assert!(generated.up_sql.contains("HAVING count(*) > 1;"));
    assert!(generated.down_sql.contains(
        biositing_views::mv_biomass_availability::VIEW
            .definition
            .trim_end()
    ));
    assert!(!generated.down_sql.contains("HAVING count(*) > 1"));
    assert!(generated
        .up_sql
        .contains("GRANT SELECT ON data_portal.mv_biomass_availability__new TO portal_readonly;"));
    // Built beside the old view, swapped in by the last statements.
    let swap = generated.up_sql.find("DROP MATERIALIZED VIEW").unwrap();
    assert!(generated.up_sql.find("CREATE MATERIALIZED VIEW").unwrap() < swap);
    let renames = "ALTER MATERIALIZED VIEW data_portal.mv_biomass_availability__new RENAME TO mv_biomass_availability;\n\
         ALTER INDEX data_portal.idx_mv_biomass_availability_resource_id__new RENAME TO idx_mv_biomass_availability_resource_id;\n";
    // Views registered later that read it are swapped in after it.
    assert!(
        if generated.dependants.is_empty() {
            generated.up_sql[swap..].ends_with(renames)
        } else {
            generated.up_sql[swap..].contains(renames)
        },
        "{}",
        generated.up_sql
    );
    assert!(!generated.up_sql[swap..].contains("CREATE "));
    generate::write(&dir.path().join("migrations"), &generated).unwrap();
    let after_set = set_of(dir.path());
    // The lock file beside the folder now covers the new migration.
    let lock = std::fs::read_to_string(dir.path().join("migrations.lock")).unwrap();
    assert!(
        lock.contains("2999-01-01-000000_only_resources_with_several_rows up="),
        "{lock}"
    );
    // The history now freezes the changed definition; nothing is left to generate.
    assert!(diff::against_migrations(&after_set, &[changed])[0]
        .differences
        .is_empty());
    assert!(matches!(
        generate::generate(&after_set, &[changed], "again", "2999-01-02-000000"),
        Err(biositing_workflow::Error::NothingChanged(_))
    ));

    let db = TestDatabase::migrated();
    let original = catalog_snapshot(&mut db.conn());
    assert_eq!(migrate_all(&db, &after_set), vec![generated.folder.clone()]);
    assert_deployed(&db, changed);
    let changed_catalog = catalog_snapshot(&mut db.conn());

    rollback_one(&db, &after_set);
    assert_deployed(&db, &biositing_views::mv_biomass_availability::VIEW);
    assert_eq!(
        catalog_snapshot(&mut db.conn()),
        original,
        "down.sql did not restore the previous view"
    );

    migrate_all(&db, &after_set);
    assert_eq!(catalog_snapshot(&mut db.conn()), changed_catalog);
}

#[test]
fn a_new_view_round_trips_and_its_down_just_drops_it() {
    let dir = migrations_copy();
    static INDEXES: &[IndexDefinition] = &[IndexDefinition::unique(
        "idx_mv_test_new_resource_id",
        &[IndexKey::Column("resource_id")],
    )];
    let new_view: &'static ViewDefinition = Box::leak(Box::new(ViewDefinition {
        name: "mv_test_new",
        summary: "test",
        definition:
            "SELECT\n    r.id AS resource_id,\n    r.name AS resource_name\nFROM resource r\n",
        indexes: INDEXES,
        unique_key: &["resource_id"],
        ..biositing_views::mv_biomass_availability::VIEW
    }));
    let generated = generate::generate(
        &set_of(dir.path()),
        &[new_view],
        "add mv_test_new",
        "2999-01-01-000000",
    )
    .unwrap();
    assert_eq!(
        generated
            .down_sql
            .lines()
            .filter(|l| !l.starts_with("--") && !l.is_empty())
            .count(),
        1
    );
    assert!(generated
        .down_sql
        .contains("DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_test_new;"));
    generate::write(&dir.path().join("migrations"), &generated).unwrap();
    let set = set_of(dir.path());
    assert_eq!(
        FrozenViews::replay(&set)
            .get("mv_test_new")
            .unwrap()
            .created_in,
        generated.folder
    );

    let db = TestDatabase::migrated();
    let original = catalog_snapshot(&mut db.conn());
    migrate_all(&db, &set);
    assert_deployed(&db, new_view);
    db.execute("INSERT INTO resource (name) VALUES ('Walnut shells'); REFRESH MATERIALIZED VIEW data_portal.mv_test_new;");
    // The grant came with it: the read-only role may read the new view.
    db.execute("SET ROLE portal_readonly; SELECT * FROM data_portal.mv_test_new; RESET ROLE;");
    rollback_one(&db, &set);
    assert_eq!(catalog_snapshot(&mut db.conn()), original);
    migrate_all(&db, &set);
    assert_deployed(&db, new_view);
}

#[test]
fn views_that_read_a_changed_view_are_recreated_around_it() {
    let dir = migrations_copy();
    let reader = "2998-01-01-000000_add_reader";
    let folder = dir.path().join("migrations").join(reader);
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("up.sql"),
        "CREATE MATERIALIZED VIEW data_portal.mv_test_reader AS\nSELECT count(*) AS n FROM data_portal.mv_biomass_availability;\n\
         CREATE UNIQUE INDEX idx_mv_test_reader_n ON data_portal.mv_test_reader USING btree (n);\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("down.sql"),
        "DROP MATERIALIZED VIEW data_portal.mv_test_reader;\n",
    )
    .unwrap();

    let changed = changed_availability();
    // The registered views that already read it (none, unless one was added).
    let registered_readers = generate::generate(
        &MigrationSet::embedded(),
        &[changed],
        "change availability",
        "2999-01-01-000000",
    )
    .unwrap()
    .dependants;
    let generated = generate::generate(
        &set_of(dir.path()),
        &[changed],
        "change availability",
        "2999-01-01-000000",
    )
    .unwrap();
    let mut expected = registered_readers;
    expected.push("mv_test_reader".to_string());
    expected.sort();
    let mut dependants = generated.dependants.clone();
    dependants.sort();
    assert_eq!(dependants, expected);
    let up = &generated.up_sql;
    let at = |text: &str| {
        up.find(text)
            .unwrap_or_else(|| panic!("{text} not in\n{up}"))
    };
    let create_changed = at("CREATE MATERIALIZED VIEW data_portal.mv_biomass_availability__new AS");
    let create_reader = at("CREATE MATERIALIZED VIEW data_portal.mv_test_reader__new AS\nSELECT count(*) AS n FROM data_portal.mv_biomass_availability__new;");
    let drop_reader = at("DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_test_reader;");
    let drop_changed = at("DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_availability;");
    let rename_changed = at("ALTER MATERIALIZED VIEW data_portal.mv_biomass_availability__new RENAME TO mv_biomass_availability;");
    let rename_reader =
        at("ALTER MATERIALIZED VIEW data_portal.mv_test_reader__new RENAME TO mv_test_reader;");
    assert!(
        create_changed < create_reader
            && create_reader < drop_reader
            && drop_reader < drop_changed
            && drop_changed < rename_changed
            && rename_changed < rename_reader,
        "{up}"
    );
    assert!(!up.contains("CASCADE"));
    generate::write(&dir.path().join("migrations"), &generated).unwrap();
    let set = set_of(dir.path());

    let db = TestDatabase::migrated();
    migrate_all(&db, &set);
    db.execute("SELECT n FROM data_portal.mv_test_reader");
    assert_eq!(
        live::indexes(&mut db.conn(), "mv_test_reader")
            .unwrap()
            .len(),
        1
    );
    // The history reads the swap back: the reader still reads the view by its name.
    assert_eq!(
        FrozenViews::replay(&set)
            .get("mv_test_reader")
            .unwrap()
            .definition,
        "SELECT count(*) AS n FROM data_portal.mv_biomass_availability"
    );
    assert!(diff::against_migrations(&set, &[changed])[0]
        .differences
        .is_empty());
    rollback_one(&db, &set);
    db.execute("SELECT n FROM data_portal.mv_test_reader");
    assert_deployed(&db, &biositing_views::mv_biomass_availability::VIEW);
}

/// What one reader query saw: when it started and ended (since the reader
/// loop started), and the row count or the error.
struct Read {
    started: Duration,
    waited: Duration,
    outcome: Result<i64, String>,
}

/// Queries `view` in a loop on its own connection until `stop` is set.
fn reader_loop(
    db: &TestDatabase,
    view: &'static str,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<Vec<Read>> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.conn();
    let origin = std::time::Instant::now();
    std::thread::spawn(move || {
        let mut reads = Vec::new();
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            let started = origin.elapsed();
            let outcome =
                diesel::sql_query(format!("SELECT count(*) AS n FROM data_portal.{view}"))
                    .get_result::<Count>(&mut conn)
                    .map(|c| c.n)
                    .map_err(|e| e.to_string());
            reads.push(Read {
                started,
                waited: origin.elapsed() - started,
                outcome,
            });
            std::thread::sleep(Duration::from_millis(20));
        }
        reads
    })
}

/// The sample dataset at scale 1, seed 1.
fn load_sample(db: &TestDatabase) {
    biositing_sample::load(
        &mut db.conn(),
        &biositing_sample::SampleOptions {
            scale: 1,
            seed: 1,
            replace: false,
        },
        &mut |_| {},
    )
    .unwrap();
}

#[test]
fn readers_see_the_old_rows_until_the_swap_and_never_wait_for_the_population() {
    let db = TestDatabase::migrated();
    load_sample(&db);
    db.execute("REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability");

    // The new definition keeps the even resources only, and its population
    // takes at least POPULATION (a sleep evaluated once), so readers that were
    // blocked by it would show it.
    const POPULATION: Duration = Duration::from_secs(3);
    let original = &biositing_views::mv_biomass_availability::VIEW;
    let changed: &'static ViewDefinition = Box::leak(Box::new(ViewDefinition {
        definition: leak(format!(
            "SELECT v.*\nFROM (\n{}\n) AS v\nCROSS JOIN (SELECT pg_sleep({})) AS population_takes_a_while\nWHERE v.resource_id % 2 = 0",
            original.definition.trim_end(),
            POPULATION.as_secs()
        )),
        ..*original
    }));
    let dir = migrations_copy();
    let generated = generate::generate(
        &set_of(dir.path()),
        &[changed],
        "even resources only",
        "2999-01-01-000000",
    )
    .unwrap();
    generate::write(&dir.path().join("migrations"), &generated).unwrap();
    let set = set_of(dir.path());

    let count = |db: &TestDatabase| {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query("SELECT count(*) AS n FROM data_portal.mv_biomass_availability")
            .get_result::<Count>(&mut db.conn())
            .unwrap()
            .n
    };
    let old_rows = count(&db);
    assert!(old_rows > 1, "the sample data gives availability rows");

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = reader_loop(&db, "mv_biomass_availability", stop.clone());
    std::thread::sleep(Duration::from_millis(300));
    let started = std::time::Instant::now();
    migrate_all(&db, &set);
    let migration = started.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let reads = reader.join().unwrap();
    let new_rows = count(&db);
    assert!(
        new_rows < old_rows && new_rows > 0,
        "{old_rows} -> {new_rows}"
    );
    assert!(migration >= POPULATION, "{migration:?}");

    let errors: Vec<&String> = reads
        .iter()
        .filter_map(|r| r.outcome.as_ref().err())
        .collect();
    assert!(errors.is_empty(), "readers saw errors: {errors:?}");
    let counts: Vec<i64> = reads.iter().map(|r| *r.outcome.as_ref().unwrap()).collect();
    // Old rows, then new rows, switching once; nothing else.
    let switch = counts.iter().position(|n| *n != old_rows).unwrap();
    assert!(switch > 0, "{counts:?}");
    assert!(
        counts[switch..].iter().all(|n| *n == new_rows),
        "{counts:?}"
    );
    // Readers kept being answered while the new view was being populated: many
    // reads of the old rows, none of them waiting for the population.
    let longest = reads.iter().map(|r| r.waited).max().unwrap();
    assert!(
        longest < POPULATION / 2,
        "a reader waited {longest:?} (population {POPULATION:?})"
    );
    let during = reads
        .iter()
        .filter(|r| {
            r.outcome == Ok(old_rows)
                && r.started > Duration::from_millis(300) + Duration::from_secs(1)
        })
        .count();
    assert!(
        during >= 10,
        "only {during} reads of the old rows during the population"
    );
}

fn failing(checks: &[verify::Check]) -> Vec<&'static str> {
    checks.iter().filter(|c| !c.ok).map(|c| c.name).collect()
}

fn refreshed_database() -> TestDatabase {
    let db = TestDatabase::migrated();
    let refresh: String = biositing_views::VIEWS
        .iter()
        .map(|v| format!("REFRESH MATERIALIZED VIEW {};", v.qualified_name()))
        .collect();
    db.execute(&refresh);
    db
}

#[test]
fn verify_passes_on_a_migrated_refreshed_database() {
    let db = refreshed_database();
    let checks = verify::verify(
        &mut db.conn(),
        &MigrationSet::embedded(),
        biositing_views::VIEWS,
    )
    .unwrap();
    assert!(checks.iter().any(|c| c.name == verify::SCHEMA_CHECK));
    assert_eq!(failing(&checks), Vec::<&str>::new(), "{checks:#?}");
    assert!(
        diff::against_database(&mut db.conn(), biositing_views::VIEWS)
            .unwrap()
            .iter()
            .all(|d| d.differences.is_empty())
    );

    let out = run_ok(biositing(db.url()).arg("verify"));
    // The CLI adds its own checks to the library's: empty views (a warning),
    // change tracking of every table a registered view reads, and of those
    // only other views read (a warning), views read through what the
    // tracking cannot follow (a warning), stale views (a warning).
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("All {} checks passed", checks.len() + 5)),
        "{stdout}"
    );
}

#[test]
fn diff_and_verify_catch_every_kind_of_drift() {
    let set = MigrationSet::embedded();
    let views = biositing_views::VIEWS;

    // An edited definition without a migration.
    let changed = changed_availability();
    let drift = diff::against_migrations(&set, &[changed]);
    let frozen_in = FrozenViews::replay(&set)
        .get(changed.name)
        .unwrap()
        .created_in
        .clone();
    let expected =
        format!("definition differs from the one frozen in {frozen_in} (first difference at line");
    assert!(drift[0].differences[0].starts_with(&expected), "{drift:?}");
    let db = refreshed_database();
    let live_drift = diff::against_database(&mut db.conn(), &[changed]).unwrap();
    assert_eq!(
        live_drift[0].differences,
        vec![
            "the deployed definition differs (compared after PostgreSQL normalised both)"
                .to_string()
        ]
    );
    let checks = verify::verify(&mut db.conn(), &set, &[changed]).unwrap();
    assert_eq!(
        failing(&checks),
        vec!["every development definition is deployed"]
    );

    // A missing index.
    db.execute("DROP INDEX data_portal.idx_mv_biomass_pricing_county");
    let checks = verify::verify(&mut db.conn(), &set, views).unwrap();
    assert_eq!(
        failing(&checks),
        vec!["every declared index exists as declared"]
    );
    let problem = &checks.iter().find(|c| !c.ok).unwrap().problems[0];
    assert_eq!(problem, "mv_biomass_pricing: missing index: CREATE INDEX idx_mv_biomass_pricing_county ON data_portal.mv_biomass_pricing USING btree (county)");

    // A mapping/column mismatch: the live view's column type no longer matches.
    let db = refreshed_database();
    db.execute(
        "DROP MATERIALIZED VIEW data_portal.mv_biomass_sample_stats;
         CREATE MATERIALIZED VIEW data_portal.mv_biomass_sample_stats AS
             SELECT id AS resource_id, name AS resource_name, 0::integer AS sample_count, 0::bigint AS supplier_count,
                    0::bigint AS dataset_count, 0::bigint AS total_record_count FROM resource;
         CREATE UNIQUE INDEX idx_mv_biomass_sample_stats_resource_id ON data_portal.mv_biomass_sample_stats (resource_id);",
    );
    let checks = verify::verify(&mut db.conn(), &set, views).unwrap();
    assert_eq!(
        failing(&checks),
        vec![
            "every typed mapping matches the live columns",
            "every development definition is deployed"
        ]
    );
    let mapping = checks
        .iter()
        .find(|c| c.name == "every typed mapping matches the live columns")
        .unwrap();
    assert_eq!(
        mapping.problems,
        vec![
            "mv_biomass_sample_stats.sample_count: mapped type `bigint`, live type `integer`"
                .to_string()
        ]
    );

    // An edited applied migration, and a pending one.
    let db = refreshed_database();
    let mut scripts: Vec<_> = set.scripts().to_vec();
    let first = scripts[0].clone();
    scripts[0] = biositing_db::migrations::MigrationScript::new(
        first.folder().to_string(),
        format!("{}\n-- edited\n", first.up_sql()),
        first.down_sql().to_string(),
    )
    .unwrap();
    scripts.push(
        biositing_db::migrations::MigrationScript::new(
            "2999-01-01-000000_pending",
            "SELECT 1;",
            "SELECT 1;",
        )
        .unwrap(),
    );
    let edited = MigrationSet::from_scripts(scripts);
    let checks = verify::verify(&mut db.conn(), &edited, views).unwrap();
    assert_eq!(
        failing(&checks),
        vec![
            "no pending migrations",
            "applied migrations unedited and known"
        ]
    );

    // An unpopulated view.
    db.execute("REFRESH MATERIALIZED VIEW data_portal.mv_biomass_pricing WITH NO DATA");
    let checks = verify::verify(&mut db.conn(), &set, views).unwrap();
    assert_eq!(failing(&checks), vec!["every view exists and is populated"]);
    let out = biositing(db.url()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("data_portal.mv_biomass_pricing is not populated"));
}

#[test]
fn views_diff_is_clean_at_head_and_the_cli_reports_it() {
    let out = run_ok(
        std::process::Command::new(biositing_test_db::biositing_bin())
            .current_dir(workspace_root())
            .args(["views", "diff"]),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.ends_with("same as migrations"))
            .count(),
        biositing_views::VIEWS.len()
    );
    let unknown = std::process::Command::new(biositing_test_db::biositing_bin())
        .args(["views", "diff", "mv_nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn views_list_and_show_print_the_registry_and_the_frozen_form() {
    let list = run_ok(
        std::process::Command::new(biositing_test_db::biositing_bin()).args(["views", "list"]),
    );
    let names: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert_eq!(names, biositing_views::view_names());

    let show = run_ok(
        std::process::Command::new(biositing_test_db::biositing_bin()).args([
            "views",
            "show",
            "mv_biomass_pricing",
        ]),
    );
    let view = &biositing_views::mv_biomass_pricing::VIEW;
    let mut expected = biositing_workflow::render::create_view(view);
    for index in biositing_workflow::render::create_indexes(view) {
        expected.push_str(&index);
        expected.push('\n');
    }
    assert_eq!(String::from_utf8_lossy(&show.stdout), expected);
    // Exactly what the newest migration froze for it.
    let frozen = FrozenViews::replay(&MigrationSet::embedded());
    assert!(expected.contains(&frozen.get("mv_biomass_pricing").unwrap().definition));
}

/// `verify` compares the schema compiled from crates/models/src/schema.rs with
/// the live base tables: each added, dropped or retyped column and each unknown
/// table is one problem naming the fix, and `biositing verify` fails on it.
#[test]
fn verify_reports_base_tables_that_schema_rs_no_longer_matches() {
    let db = refreshed_database();
    assert_eq!(
        verify::schema_mismatches(&mut db.conn()).unwrap(),
        Vec::<String>::new()
    );
    db.execute(
        "ALTER TABLE fermentation_record ADD COLUMN duration interval;
         ALTER TABLE strain DROP COLUMN uri;
         ALTER TABLE use_case ALTER COLUMN uri TYPE text;
         ALTER TABLE use_case ALTER COLUMN name SET NOT NULL;
         CREATE TABLE harvest_window (id serial PRIMARY KEY);
         CREATE TABLE biositing_scratch (id int);",
    );
    let fix = "run `diesel print-schema > crates/models/src/schema.rs`";
    let structs = |t: &str| {
        format!(
            "the structs with `#[diesel(table_name = crate::schema::{t})]` in crates/models/src"
        )
    };
    let mut problems = verify::schema_mismatches(&mut db.conn()).unwrap();
    problems.sort();
    let mut expected = vec![
        format!("fermentation_record.duration (Nullable<Interval>) is in the database but not in schema.rs: {fix} and add the field to {}", structs("fermentation_record")),
        format!("strain.uri (Nullable<Varchar>) of schema.rs is missing from the database: {fix} and remove the field from {}", structs("strain")),
        format!("use_case.uri is Nullable<Text> in the database but Nullable<Varchar> in schema.rs: {fix} and change the field's type in {}", structs("use_case")),
        format!("use_case.name is Varchar in the database but Nullable<Varchar> in schema.rs: {fix} and change the field's type in {}", structs("use_case")),
        format!("table harvest_window is in the database but not in schema.rs: {fix} and add its row and insert structs to crates/models"),
    ];
    expected.sort();
    assert_eq!(problems, expected);

    let checks = verify::verify(
        &mut db.conn(),
        &MigrationSet::embedded(),
        biositing_views::VIEWS,
    )
    .unwrap();
    assert_eq!(failing(&checks), [verify::SCHEMA_CHECK], "{checks:#?}");
    let out = biositing(db.url()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fermentation_record.duration"), "{stdout}");

    // A dropped table (the views reading it go with it).
    db.execute("DROP TABLE harvest_window; DROP TABLE observation CASCADE;");
    let problems = verify::schema_mismatches(&mut db.conn()).unwrap();
    assert!(
        problems.contains(&format!(
            "table observation of schema.rs is missing from the database: run `biositing migrate`, or if a migration dropped it, {fix} and remove {}",
            structs("observation")
        )),
        "{problems:#?}"
    );
}

/// `views new` writes code that `cargo fmt --check` accepts as written: scaffolds
/// of short and long names (up to the 63-byte limit) into a copy of
/// crates/views/src, then `rustfmt --check` over the whole crate from lib.rs.
#[test]
fn scaffolded_views_are_rustfmt_clean() {
    if !tool_available(RUSTFMT) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    copy_dir(&workspace_root().join("crates/views/src"), &src);
    let long = format!("mv_{}", "long_name_".repeat(6));
    let longest = format!("mv_{}", "z".repeat(60));
    assert_eq!(longest.len(), 63);
    let names = [
        "mv_a",
        "mv_zz",
        "mv_new_view",
        long.as_str(),
        longest.as_str(),
    ];
    for name in names {
        biositing_workflow::scaffold::scaffold(&src, name).unwrap();
    }
    let out = std::process::Command::new("rustfmt")
        .args(["--check", "--edition", "2021"])
        .arg(src.join("lib.rs"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the scaffold writes code rustfmt would change:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for name in names {
        assert!(lib.contains(&format!("pub mod {name};")), "{lib}");
        assert!(lib.contains(&format!("    &{name}::VIEW,")), "{lib}");
    }
}

/// The worked example of docs/view-workflow.md ("Changing a base table"), run on
/// a copy of the migrations: `resource` gains `portal_hidden` in a hand-written
/// migration, `mv_biomass_availability` leaves hidden resources out through a
/// generated one; both apply, the view behaves, `verify` names the schema.rs
/// step, `diesel print-schema` (when installed) produces the new column, and
/// rolling both back restores the previous schema and view exactly.
#[test]
fn worked_example_base_table_column_used_by_a_view() {
    let dir = migrations_copy();
    let migrations = dir.path().join("migrations");
    let before = set_of(dir.path());

    // 1. `biositing migration new -m "resource gains portal_hidden"`, then the SQL by hand.
    let base_version = generate::version_now();
    let base_change = generate::GeneratedMigration {
        folder: format!("{base_version}_resource_gains_portal_hidden"),
        up_sql: "ALTER TABLE resource ADD COLUMN portal_hidden boolean NOT NULL DEFAULT false;\n"
            .into(),
        down_sql: "ALTER TABLE resource DROP COLUMN portal_hidden;\n".into(),
        dependants: Vec::new(),
    };
    assert!(
        before.scripts().last().unwrap().folder() < base_change.folder.as_str(),
        "a new migration sorts after every committed one"
    );
    generate::write(&migrations, &base_change).unwrap();

    // 2. Use the column in the view's definition.sql.
    let original = &biositing_views::mv_biomass_availability::VIEW;
    assert_eq!(
        original.definition.matches("GROUP BY").count(),
        1,
        "the worked example adds a WHERE before the one GROUP BY of mv_biomass_availability"
    );
    assert!(!original.definition.contains("\nWHERE"));
    let definition = leak(original.definition.replacen(
        "GROUP BY",
        "WHERE NOT r.portal_hidden\nGROUP BY",
        1,
    ));
    let changed: &'static ViewDefinition = Box::leak(Box::new(ViewDefinition {
        definition,
        ..*original
    }));

    // 3. `biositing migration generate --view mv_biomass_availability -m …`, one
    //    second later than the hand-written migration.
    let view_version = chrono::NaiveDateTime::parse_from_str(&base_version, "%Y-%m-%d-%H%M%S")
        .unwrap()
        .checked_add_signed(chrono::TimeDelta::seconds(1))
        .unwrap()
        .format("%Y-%m-%d-%H%M%S")
        .to_string();
    let with_column = set_of(dir.path());
    let generated = generate::generate(
        &with_column,
        &[changed],
        "availability leaves hidden resources out",
        &view_version,
    )
    .unwrap();
    generate::write(&migrations, &generated).unwrap();
    let after = set_of(dir.path());
    assert_eq!(after.scripts().len(), before.scripts().len() + 2);
    let lock = std::fs::read_to_string(dir.path().join("migrations.lock")).unwrap();
    assert!(
        lock.contains(&format!("{} up=", base_change.folder)),
        "{lock}"
    );
    assert!(
        lock.contains(&format!("{} up=", generated.folder)),
        "{lock}"
    );

    // 4. Ship both: migrate, refresh, look.
    let db = TestDatabase::empty();
    let applied = migrate_all(&db, &after);
    assert_eq!(
        applied[applied.len() - 2..],
        [base_change.folder.clone(), generated.folder.clone()]
    );
    assert_deployed(&db, changed);
    db.execute(
        "INSERT INTO resource (id, name, portal_hidden) VALUES (1, 'Almond hulls', false), (2, 'Trial residue', true);
         INSERT INTO resource_availability (resource_id, from_month, to_month, year_round)
              VALUES (1, 8, 10, false), (2, 1, 12, true);
         REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability;",
    );
    let of =
        |id| biositing_views::mv_biomass_availability::for_resource(&mut db.conn(), id).unwrap();
    assert_eq!(of(1).map(|r| r.resource_id), Some(1));
    assert_eq!(of(2), None, "the hidden resource is left out");

    // 5. schema.rs: verify names the step, and print-schema produces the column.
    let fix = "run `diesel print-schema > crates/models/src/schema.rs`";
    assert_eq!(
        verify::schema_mismatches(&mut db.conn()).unwrap(),
        [format!(
            "resource.portal_hidden (Bool) is in the database but not in schema.rs: {fix} and add the field to the structs with `#[diesel(table_name = crate::schema::resource)]` in crates/models/src"
        )]
    );
    if tool_available(DIESEL_CLI) {
        let printed = biositing_models::tables::parse_schema(&diesel_print_schema(db.url()));
        let resource = printed.iter().find(|t| t.name == "resource").unwrap();
        let mut expected = biositing_models::tables::base_table("resource")
            .unwrap()
            .clone();
        expected.columns.push(biositing_models::tables::BaseColumn {
            name: "portal_hidden".into(),
            sql_type: "Bool".into(),
            nullable: false,
        });
        assert_eq!(resource, &expected);
    }

    // Rolling both back restores the previous view and drops the column.
    rollback_one(&db, &after);
    assert_deployed(&db, original);
    rollback_one(&db, &after);
    assert_eq!(
        verify::schema_mismatches(&mut db.conn()).unwrap(),
        Vec::<String>::new()
    );
}

/// `verify`'s empty-view warning reads each view's direct sources from the
/// shared catalog query of biositing-refresh: per view, the same relations as
/// the one-level `pg_depend` query of its own rewrite rule (tables and
/// materialized views), in schema and name order.
#[test]
fn empty_views_are_reported_with_the_relations_their_own_definition_reads() {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Source {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let db = TestDatabase::migrated();
    load_sample(&db);
    let mut conn = db.conn();
    let views = biositing_views::VIEWS;
    let problems =
        biositing_workflow::emptiness::empty_views_with_rows_in_sources(&mut conn, views).unwrap();
    assert!(
        !problems.is_empty(),
        "the views were populated before the data"
    );
    for view in views {
        let sources: Vec<Source> = diesel::sql_query(
            "SELECT DISTINCT CASE WHEN sn.nspname = 'public' THEN source.relname::text
                                  ELSE sn.nspname || '.' || source.relname END AS name,
                    sn.nspname, source.relname
               FROM pg_class v
               JOIN pg_namespace vn ON vn.oid = v.relnamespace
               JOIN pg_rewrite r ON r.ev_class = v.oid
               JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                               AND d.refclassid = 'pg_class'::regclass
               JOIN pg_class source ON source.oid = d.refobjid
               JOIN pg_namespace sn ON sn.oid = source.relnamespace
              WHERE vn.nspname = 'data_portal' AND v.relname = $1 AND source.oid <> v.oid
                AND source.relkind IN ('r', 'p', 'm')
              ORDER BY sn.nspname, source.relname",
        )
        .bind::<diesel::sql_types::Text, _>(view.name)
        .load(&mut conn)
        .unwrap();
        let names: Vec<String> = sources.into_iter().map(|s| s.name).collect();
        let listed = format!("every relation it reads has rows ({}):", names.join(", "));
        let reported: Vec<&String> = problems
            .iter()
            .filter(|p| p.starts_with(&format!("{} is populated", view.qualified_name())))
            .collect();
        if let [problem] = reported[..] {
            assert!(problem.contains(&listed), "{problem}\nexpected {listed}");
        } else {
            assert!(reported.is_empty(), "{reported:#?}");
        }
    }
}
