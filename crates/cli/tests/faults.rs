//! The promises of `biositing` under faults, against a real PostgreSQL: no
//! credential is ever printed, migrations never queue readers behind them and
//! are one transaction or refused, a database owner without CREATEROLE can
//! migrate, the migration set is validated, and small operator annoyances
//! (races, repeated errors, a closed stdout) are handled.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use biositing_cli::Cli;
use biositing_db::migrations::{MigrationSet, MIGRATION_LOCK_KEY};
use biositing_db::{connect, quote_ident, DatabaseUrl};
use biositing_test_db::{biositing, biositing_bin, server_url, workspace_root, TestDatabase};
use clap::CommandFactory;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the biositing binary runs")
}

fn migrations() -> MigrationSet {
    MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap()
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

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

fn query_text(conn: &mut PgConnection, sql: &str) -> String {
    diesel::sql_query(sql)
        .get_result::<Value>(conn)
        .unwrap()
        .value
}

fn applied_versions(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query(
        "SELECT version::text AS value FROM __diesel_schema_migrations ORDER BY version",
    )
    .load::<Value>(conn)
    .unwrap()
    .into_iter()
    .map(|v| v.value)
    .collect()
}

fn relation_exists(conn: &mut PgConnection, name: &str) -> bool {
    diesel::sql_query("SELECT (to_regclass($1) IS NOT NULL)::text AS value")
        .bind::<diesel::sql_types::Text, _>(name)
        .get_result::<Value>(conn)
        .unwrap()
        .value
        == "true"
}

fn backend_pid(conn: &mut PgConnection) -> i32 {
    query_text(conn, "SELECT pg_backend_pid()::text AS value")
        .parse()
        .unwrap()
}

fn first_view() -> &'static str {
    biositing_views::VIEWS[0].name
}

/// Every leaf subcommand (`["views", "show"]`…) with its required arguments
/// filled in, and whether it takes `--json`.
fn leaf_commands() -> Vec<(Vec<String>, bool)> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
        let subcommands: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if subcommands.is_empty() {
            let mut args = path;
            for arg in cmd.get_arguments().filter(|a| a.is_required_set()) {
                let value = if arg.get_id().as_str().contains("view") {
                    first_view().to_string()
                } else {
                    "faults_db_value".to_string()
                };
                match arg.get_long() {
                    Some(long) => args.extend([format!("--{long}"), value]),
                    None => args.push(value),
                }
            }
            let json = cmd.get_arguments().any(|a| a.get_long() == Some("json"));
            out.push((args, json));
            return;
        }
        for sub in subcommands {
            let mut next = path.clone();
            next.push(sub.get_name().to_string());
            walk(sub, next, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), Vec::new(), &mut out);
    out
}

/// Every leaf subcommand (with its required arguments) that takes standby
/// URLs, and the option that takes them.
fn replica_commands() -> Vec<(Vec<String>, String)> {
    let cli = Cli::command();
    leaf_commands()
        .into_iter()
        .filter_map(|(args, _)| {
            let mut cmd = &cli;
            for name in args.iter().take_while(|a| !a.starts_with('-')) {
                match cmd.find_subcommand(name) {
                    Some(sub) => cmd = sub,
                    None => break,
                }
            }
            cmd.get_arguments()
                .filter_map(clap::Arg::get_long)
                .find(|long| ["replica", "wait-for-replicas"].contains(long))
                .map(|long| (args.clone(), format!("--{long}")))
        })
        .collect()
}

/// Drops a database (and roles) made by hand when the test ends, even on failure.
struct Cleanup {
    databases: Vec<String>,
    roles: Vec<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let Ok(mut admin) = connect(&server_url()) else {
            return;
        };
        for db in &self.databases {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(db)
            ));
        }
        for role in &self.roles {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", quote_ident(role)));
        }
    }
}

// 1. A secret is never printed.

#[test]
fn no_subcommand_ever_prints_a_credential() {
    let db = TestDatabase::migrated();
    let server = server_url().server();
    let user = query_text(&mut db.conn(), "SELECT current_user::text AS value");
    let name = db.name();
    let missing = format!("faults_db_secret_missing_{}", std::process::id());
    let _cleanup = Cleanup {
        databases: vec![missing.clone()],
        roles: vec![],
    };
    // Each form carries a distinct marker; trust authentication ignores them.
    let forms = [
        format!("postgres://{user}:MARKuserinfo@{server}/{name}"),
        format!("postgres://{user}@{server}/{name}?password=MARKquery"),
        format!("postgres://{user}@{server}/{name}?sslmode=disable&sslpassword=MARKsslpassword"),
        format!("postgres://{user}@{server}/{name}?passfile=/nonexistent/MARKpassfile"),
        format!("postgres://{user}@{server}/{name}?sslmode=disable&sslkey=/nonexistent/MARKsslkey"),
        format!("postgres://{user}:MARKbadescape%zzPW@{server}/{name}"),
        format!("postgres://{user}:MARKnul%00PW@{server}/{name}"),
        format!("postgres://{user}@{server}/{name}?password=MARKqbad%zz"),
        format!("postgres://{user}:MARKunreachable@127.0.0.1:1/{name}"),
        format!("postgres://{user}:MARKmissing@{server}/{missing}"),
        format!("host=127.0.0.1 password=MARKconninfo dbname={name}"),
        format!("postgres://{user}:MARK@at@{server}/{name}"),
    ];
    let cwd = tempfile::tempdir().unwrap();
    let commands = leaf_commands();
    assert!(commands.len() >= 10, "{commands:?}");
    let replica_commands = replica_commands();
    assert!(replica_commands.len() >= 3, "{replica_commands:?}");
    let mut runs = 0;
    for url in &forms {
        for (args, json) in &commands {
            let variants: &[bool] = if *json { &[false, true] } else { &[false] };
            for &with_json in variants {
                let mut cmd = Command::new(biositing_bin());
                cmd.env_remove("DATABASE_URL")
                    .current_dir(cwd.path())
                    .args(["--database-url", url])
                    .args(args);
                if with_json {
                    cmd.arg("--json");
                }
                let out = run(&mut cmd);
                let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
                assert!(
                    !stdout.contains("MARK") && !stderr.contains("MARK"),
                    "`{} {}` printed a credential\nstdout: {stdout}\nstderr: {stderr}",
                    args.join(" "),
                    if with_json { "--json" } else { "" }
                );
                assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
                runs += 1;
            }
        }
        // The URL through the environment, too.
        let out = run(Command::new(biositing_bin())
            .env("DATABASE_URL", url)
            .current_dir(cwd.path())
            .args(["status", "--json"]));
        assert!(!text(&out.stdout).contains("MARK") && !text(&out.stderr).contains("MARK"));

        // As a standby's URL: each option that takes one (alone, and after a
        // comma-separated neighbour), and DATABASE_REPLICA_URLS; the database
        // URL itself is then the test database's, without a secret.
        for (args, flag) in &replica_commands {
            for value in [url.clone(), format!("{},{url}", db.url())] {
                let mut cmd = Command::new(biositing_bin());
                cmd.env_remove("DATABASE_URL")
                    .env_remove("DATABASE_REPLICA_URLS")
                    .current_dir(cwd.path())
                    .args(["--database-url", db.url().as_str()])
                    .args(args)
                    .args([flag.as_str(), &value, "--json"]);
                if flag == "--wait-for-replicas" {
                    cmd.args(["--replica-timeout", "1s"]);
                }
                let out = run(&mut cmd);
                let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
                assert!(
                    !stdout.contains("MARK") && !stderr.contains("MARK"),
                    "`{} {flag} {value}` printed a credential\nstdout: {stdout}\nstderr: {stderr}",
                    args.join(" ")
                );
                assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
                runs += 1;
            }
            let mut cmd = Command::new(biositing_bin());
            cmd.env_remove("DATABASE_URL")
                .env("DATABASE_REPLICA_URLS", url)
                .current_dir(cwd.path())
                .args(["--database-url", db.url().as_str()])
                .args(args);
            if flag == "--wait-for-replicas" {
                cmd.args([flag.as_str(), "--replica-timeout", "1s"]);
            }
            let out = run(&mut cmd);
            let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
            assert!(
                !stdout.contains("MARK") && !stderr.contains("MARK"),
                "`{}` with DATABASE_REPLICA_URLS printed a credential\nstdout: {stdout}\nstderr: {stderr}",
                args.join(" ")
            );
        }
    }
    assert!(runs > forms.len() * 10);
}

// 3. Migrations never queue behind readers.

/// A reader holding the view open in a transaction for `hold`.
fn long_reader(url: DatabaseUrl, hold: Duration) -> (i32, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let mut conn = connect(&url).unwrap();
        conn.batch_execute(&format!(
            "SET application_name = 'faults_db_long_reader'; BEGIN; SELECT count(*) FROM data_portal.{}",
            first_view()
        ))
        .unwrap();
        tx.send(backend_pid(&mut conn)).unwrap();
        std::thread::sleep(hold);
        conn.batch_execute("COMMIT").unwrap();
    });
    (rx.recv().unwrap(), handle)
}

/// Latency of the slowest of repeated reads of the view during `span`.
fn slowest_read(url: DatabaseUrl, span: Duration) -> std::thread::JoinHandle<Duration> {
    std::thread::spawn(move || {
        let mut conn = connect(&url).unwrap();
        let started = Instant::now();
        let mut slowest = Duration::ZERO;
        while started.elapsed() < span {
            let t = Instant::now();
            conn.batch_execute(&format!(
                "SELECT 1 FROM data_portal.{} LIMIT 1",
                first_view()
            ))
            .unwrap();
            slowest = slowest.max(t.elapsed());
            std::thread::sleep(Duration::from_millis(50));
        }
        slowest
    })
}

fn view_change_migration(dir: &Path) -> String {
    let view = first_view();
    let folder = "2999-01-01-000000_rename_a_view_and_back".to_string();
    add_migration(
        dir,
        &folder,
        &format!(
            "ALTER MATERIALIZED VIEW data_portal.{view} RENAME TO {view}_renamed;\nALTER MATERIALIZED VIEW data_portal.{view}_renamed RENAME TO {view};\nCREATE TABLE view_change_done (id int);\n"
        ),
        "DROP TABLE view_change_done;",
    );
    folder
}

#[test]
fn a_migration_waiting_for_a_lock_never_holds_readers_up_and_retries() {
    let db = TestDatabase::migrated();
    let dir = migrations_copy();
    view_change_migration(dir.path());
    let (reader_pid, reader) = long_reader(db.url().clone(), Duration::from_millis(2500));
    let started = Instant::now();
    let migrate = biositing(db.url())
        .args(["--migrations-dir", dir.path().to_str().unwrap()])
        .args(["migrate", "--lock-timeout", "1s", "--lock-retries", "4"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let probe = slowest_read(db.url().clone(), Duration::from_secs(3));
    let out = migrate.wait_with_output().unwrap();
    let slowest = probe.join().unwrap();
    reader.join().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(
        slowest < Duration::from_millis(2000),
        "a reader waited {slowest:?} behind the migration (lock timeout 1 s)"
    );
    assert!(stdout.contains("trying again"), "{stdout}");
    assert!(
        stdout.contains(&format!("pid {reader_pid}")) && stdout.contains("faults_db_long_reader"),
        "the blocking session is not named: {stdout}"
    );
    assert!(started.elapsed() >= Duration::from_millis(2500));
    assert!(relation_exists(&mut db.conn(), "view_change_done"));
}

#[test]
fn a_migration_blocked_past_its_retries_fails_naming_the_blocker() {
    let db = TestDatabase::migrated();
    let dir = migrations_copy();
    let folder = view_change_migration(dir.path());
    let (reader_pid, reader) = long_reader(db.url().clone(), Duration::from_secs(6));
    let out = run(biositing(db.url())
        .args(["--migrations-dir", dir.path().to_str().unwrap()])
        .args(["migrate", "--lock-timeout", "1s", "--lock-retries", "1"]));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&format!("{folder}/up.sql")), "{stderr}");
    assert!(stderr.contains("2 attempt(s)"), "{stderr}");
    assert!(
        stderr.contains(&format!("pid {reader_pid}")) && stderr.contains("faults_db_long_reader"),
        "{stderr}"
    );
    reader.join().unwrap();
    assert!(!relation_exists(&mut db.conn(), "view_change_done"));
    assert!(!applied_versions(&mut db.conn()).contains(&"29990101000000".to_string()));

    // With the reader gone, `--lock-timeout 0` ("do not wait", as for refresh)
    // finds no lock taken and applies the migration.
    let zero = run(biositing(db.url())
        .args(["--migrations-dir", dir.path().to_str().unwrap()])
        .args(["migrate", "--lock-timeout", "0"]));
    assert_eq!(zero.status.code(), Some(0), "{}", text(&zero.stderr));
    assert!(relation_exists(&mut db.conn(), "view_change_done"));
}

// 4. A migration is one transaction, or refused.

#[test]
fn a_migration_that_controls_its_transaction_is_refused_before_anything_runs() {
    let db = TestDatabase::migrated();
    let dir = migrations_copy();
    let dir_arg = dir.path().to_str().unwrap().to_string();
    add_migration(
        dir.path(),
        "2999-01-01-000000_commits_halfway",
        "CREATE TABLE first_part (id int);\n  COMMIT;\nCREATE TABLE second_part (id int);\n",
        "DROP TABLE second_part;\nDROP TABLE first_part;\n",
    );
    for args in [vec!["migrate"], vec!["migrate", "--dry-run"]] {
        let out = run(biositing(db.url())
            .args(["--migrations-dir", &dir_arg])
            .args(&args));
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("2999-01-01-000000_commits_halfway/up.sql line 2, column 3: `COMMIT`"),
            "{stderr}"
        );
        assert!(!stderr.contains("rolled back"), "{stderr}");
    }
    assert!(!relation_exists(&mut db.conn(), "first_part"));
    assert!(!applied_versions(&mut db.conn()).contains(&"29990101000000".to_string()));
    let status = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "status"]));
    assert_eq!(status.status.code(), Some(1));
    assert!(
        text(&status.stdout).contains("2999-01-01-000000_commits_halfway/up.sql line 2, column 3"),
        "{}",
        text(&status.stdout)
    );

    // down.sql is checked too, and a statement PostgreSQL refuses in a transaction is refused.
    std::fs::remove_dir_all(dir.path().join("2999-01-01-000000_commits_halfway")).unwrap();
    add_migration(
        dir.path(),
        "2999-01-02-000000_concurrent_down",
        "CREATE TABLE t_plain (a int);\nCREATE INDEX t_plain_a ON t_plain (a);\n",
        "-- fast drop\nDROP INDEX CONCURRENTLY t_plain_a;\nDROP TABLE t_plain;\n",
    );
    let out = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "migrate"]));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("2999-01-02-000000_concurrent_down/down.sql line 2, column 1: `DROP INDEX CONCURRENTLY` cannot run inside a transaction block"),
        "{stderr}"
    );
    assert!(!relation_exists(&mut db.conn(), "t_plain"));

    // Words in bodies, strings and comments are not statements.
    std::fs::remove_dir_all(dir.path().join("2999-01-02-000000_concurrent_down")).unwrap();
    add_migration(
        dir.path(),
        "2999-01-03-000000_innocent_words",
        "-- COMMIT;\nCREATE TABLE innocent (note text DEFAULT 'ROLLBACK; VACUUM');\nDO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\n",
        "DROP TABLE innocent;",
    );
    let out = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "migrate"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(relation_exists(&mut db.conn(), "innocent"));
}

// 5. Least privilege; advisory lock holders are named; errors do not repeat.

#[test]
fn a_database_owner_without_createrole_migrates_refreshes_and_verifies() {
    let pid = std::process::id();
    let owner = format!("faults_db_owner_{pid}");
    let outsider = format!("faults_db_outsider_{pid}");
    let database = format!("faults_db_owned_{pid}");
    let _cleanup = Cleanup {
        databases: vec![database.clone()],
        roles: vec![owner.clone(), outsider.clone()],
    };
    biositing_test_db::ensure_portal_roles();
    let mut admin = connect(&server_url()).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
             CREATE ROLE {outsider} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;",
            owner = quote_ident(&owner),
            outsider = quote_ident(&outsider),
        ))
        .unwrap();
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {} OWNER {}",
            quote_ident(&database),
            quote_ident(&owner)
        ))
        .unwrap();
    let server = server_url().server();
    let as_owner = DatabaseUrl::parse(&format!("postgres://{owner}@{server}/{database}")).unwrap();

    // PostGIS is not a trusted extension: the owner is told, before anything
    // runs, that a superuser must create it.
    let out = run(biositing(&as_owner).arg("migrate"));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("postgis") && stderr.contains("CREATE EXTENSION postgis"),
        "{stderr}"
    );
    let mut in_database = connect(&as_owner).unwrap();
    assert!(!relation_exists(&mut in_database, "place"), "nothing ran");
    drop(in_database);
    let mut admin_in_database = connect(&server_url().with_database(&database)).unwrap();
    admin_in_database
        .batch_execute("CREATE EXTENSION postgis")
        .unwrap();
    drop(admin_in_database);

    for args in [&["migrate"][..], &["refresh"], &["verify"]] {
        let out = run(biositing(&as_owner).args(args));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} as a non-superuser owner\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }

    // Whoever holds the migration lock is named, whatever program it is.
    let mut holder = connect(&as_owner).unwrap();
    holder
        .batch_execute(&format!(
            "SET application_name = 'faults_db_lock_holder'; SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"
        ))
        .unwrap();
    let holder_pid = backend_pid(&mut holder);
    let out = run(biositing(&as_owner).args(["migrate", "--lock-wait", "1"]));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("pid {holder_pid}"))
            && stderr.contains("faults_db_lock_holder")
            && stderr.contains(&owner),
        "{stderr}"
    );
    drop(holder);

    // A login without privileges gets one line, not the same message twice.
    let as_outsider =
        DatabaseUrl::parse(&format!("postgres://{outsider}@{server}/{database}")).unwrap();
    let out = run(biositing(&as_outsider).arg("status"));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("permission denied").count(), 1, "{stderr}");
}

// 7. The migration set is validated.

#[test]
fn two_migrations_with_one_version_are_refused() {
    let db = TestDatabase::migrated();
    let dir = migrations_copy();
    let dir_arg = dir.path().to_str().unwrap().to_string();
    add_migration(
        dir.path(),
        "2999-01-01-000000_one",
        "CREATE TABLE one (id int);",
        "DROP TABLE one;",
    );
    add_migration(
        dir.path(),
        "2999-01-01-000000_two",
        "CREATE TABLE two (id int);",
        "DROP TABLE two;",
    );
    let status = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "status"]));
    assert_eq!(status.status.code(), Some(1));
    assert!(
        text(&status.stdout).contains(
            "2999-01-01-000000_one and 2999-01-01-000000_two share version 29990101000000"
        ),
        "{}",
        text(&status.stdout)
    );
    let migrate = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "migrate"]));
    assert_eq!(migrate.status.code(), Some(2), "{}", text(&migrate.stderr));
    assert!(text(&migrate.stderr).contains("share version 29990101000000"));
    assert!(!relation_exists(&mut db.conn(), "one") && !relation_exists(&mut db.conn(), "two"));
}

#[test]
fn an_edited_down_sql_is_reported_and_refused_by_rollback() {
    let db = TestDatabase::migrated();
    let dir = migrations_copy();
    let dir_arg = dir.path().to_str().unwrap().to_string();
    let set = migrations();
    let last = set.scripts().last().unwrap();
    let down = dir.path().join(last.folder()).join("down.sql");
    std::fs::write(&down, format!("{}\n-- edited\n", last.down_sql())).unwrap();

    let status = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "status"]));
    assert_eq!(status.status.code(), Some(1));
    let problem = format!(
        "{}: down.sql was edited after it was applied",
        last.folder()
    );
    assert!(
        text(&status.stdout).contains(&problem),
        "{}",
        text(&status.stdout)
    );
    let verify = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "verify"]));
    assert_eq!(verify.status.code(), Some(1));
    assert!(
        text(&verify.stdout).contains(&problem),
        "{}",
        text(&verify.stdout)
    );
    let before = applied_versions(&mut db.conn());
    let rollback = run(biositing(db.url()).args(["--migrations-dir", &dir_arg, "rollback"]));
    assert_eq!(
        rollback.status.code(),
        Some(1),
        "{}",
        text(&rollback.stderr)
    );
    assert!(
        text(&rollback.stderr).contains(&format!("{}/down.sql", last.folder())),
        "{}",
        text(&rollback.stderr)
    );
    assert_eq!(applied_versions(&mut db.conn()), before);
}

#[test]
fn a_database_migrated_before_down_checksums_keeps_working() {
    let db = TestDatabase::migrated();
    db.execute("ALTER TABLE biositing_migration_checksums DROP COLUMN down_sha256");
    let status = run(biositing(db.url()).args(["status", "--json"]));
    assert_eq!(status.status.code(), Some(0), "{}", text(&status.stderr));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(json["applied"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["down_checksum"]["state"] == "not_recorded"));
    let migrate = run(biositing(db.url()).arg("migrate"));
    assert!(migrate.status.success(), "{}", text(&migrate.stderr));
    let status = run(biositing(db.url()).args(["status", "--json"]));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(
        json["applied"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["down_checksum"]["state"] == "verified"),
        "{json:#}"
    );
}

#[test]
fn an_unparsable_env_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "# settings\nRUST_LOG=info\nDATABASE_URL postgres://u:EnvS3cret@localhost/db\n",
    )
    .unwrap();
    let out = run(Command::new(biositing_bin())
        .env_remove("DATABASE_URL")
        .current_dir(dir.path())
        .arg("status"));
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(".env: line 3, column"), "{stderr}");
    assert!(
        !stderr.contains("EnvS3cret") && !stderr.contains("no database URL"),
        "{stderr}"
    );
}

// 8. Races, and a closed stdout.

#[test]
fn setup_and_database_create_racing_all_succeed() {
    let name = format!("faults_db_race_{}", std::process::id());
    let _cleanup = Cleanup {
        databases: vec![name.clone()],
        roles: vec![],
    };
    let url = server_url().with_database(&name);
    let spawn = |args: &[&str]| {
        biositing(&url)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = (0..6)
        .map(|i| {
            if i < 2 {
                spawn(&["setup"])
            } else {
                spawn(&["database", "create"])
            }
        })
        .collect();
    for child in runs {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "stdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }
}

/// Runs the command, reads one line of its output and closes the pipe, like `| head -1`.
fn first_line_only(cmd: &mut Command) -> (String, std::process::ExitStatus) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // The reader is dropped here: the pipe is closed while the work goes on.
    (line, child.wait().unwrap())
}

#[test]
fn a_closed_stdout_does_not_stop_the_work() {
    let db = TestDatabase::empty();
    let (line, status) = first_line_only(biositing(db.url()).arg("migrate"));
    assert!(line.starts_with("applying "), "{line}");
    assert_eq!(status.code(), Some(0));
    let expected: Vec<String> = migrations()
        .scripts()
        .iter()
        .map(|s| s.version().to_string())
        .collect();
    assert_eq!(applied_versions(&mut db.conn()), expected);

    let (_, status) = first_line_only(biositing(db.url()).args(["sample-data"]));
    assert_eq!(status.code(), Some(0));
    let resources = query_text(
        &mut db.conn(),
        "SELECT count(*)::text AS value FROM resource",
    );
    assert_ne!(resources, "0");

    let (_, status) = first_line_only(biositing(db.url()).arg("refresh"));
    assert_eq!(status.code(), Some(0));
    for view in biositing_views::VIEWS {
        let populated = query_text(
            &mut db.conn(),
            &format!(
                "SELECT relispopulated::text AS value FROM pg_class WHERE oid = 'data_portal.{}'::regclass",
                view.name
            ),
        );
        assert_eq!(populated, "true", "{}", view.name);
    }

    let (_, status) = first_line_only(biositing(db.url()).args(["rollback", "--steps", "2"]));
    assert_eq!(status.code(), Some(0));
    assert_eq!(applied_versions(&mut db.conn()).len(), expected.len() - 2);
}
