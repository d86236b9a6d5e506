//! SQL from the checkout runs only as what it claims to be (issue 23): a
//! `definition.sql` that smuggles statements after its SELECT, or a migration
//! that hides `COMMIT` behind a comment ended by a bare carriage return, is
//! refused with nothing persisted; `views try` refuses definitions whose effects
//! a rollback cannot undo; `verify` and `views diff --database` only read
//! (a login granted only `pg_read_all_data`, in read-only transactions, and a
//! hot standby pass them); `portal_readonly` reads the views and nothing else.
//! Each test works in a temporary copy of the checkout.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use biositing_db::migrations::LOCK_FILE_NAME;
use biositing_db::DatabaseUrl;
use biositing_test_db::replica::ReplicaPair;
use biositing_test_db::{count, server_url, workspace_root, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

/// The view whose definition the tests edit.
const VIEW: &str = "mv_biomass_availability";

struct Checkout {
    dir: tempfile::TempDir,
}

impl Checkout {
    fn copy() -> Self {
        let root = workspace_root();
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(root.join("diesel.toml"), dir.path().join("diesel.toml")).unwrap();
        std::fs::copy(root.join(LOCK_FILE_NAME), dir.path().join(LOCK_FILE_NAME)).unwrap();
        copy_tree(&root.join("migrations"), &dir.path().join("migrations"));
        copy_tree(
            &root.join("crates/views/src"),
            &dir.path().join("crates/views/src"),
        );
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    fn write_definition(&self, text: &str) {
        std::fs::write(
            self.path()
                .join("crates/views/src")
                .join(VIEW)
                .join("definition.sql"),
            text,
        )
        .unwrap();
    }

    fn run(&self, db: Option<&DatabaseUrl>, args: &[&str]) -> Outcome {
        run_in(&self.path(), db, args)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn run_in(dir: &Path, db: Option<&DatabaseUrl>, args: &[&str]) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_biositing"));
    cmd.current_dir(dir).env_remove("DATABASE_URL");
    if let Some(url) = db {
        cmd.arg("--database-url").arg(url.as_str());
    }
    let out = cmd.args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[track_caller]
fn expect(outcome: &Outcome, code: i32) {
    assert_eq!(outcome.code, code, "{}", outcome.all());
}

fn definition() -> &'static str {
    let view = biositing_views::find_view(VIEW).unwrap();
    assert!(
        view.definition.contains("r.id AS resource_id"),
        "the edits below replace `r.id AS resource_id`"
    );
    view.definition.trim_end()
}

/// Every relation outside the system schemas and every schema, so a test can
/// tell that a command persisted nothing.
fn objects(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Object {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    diesel::sql_query(
        "SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text AS name
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            AND n.nspname NOT LIKE 'pg\\_%temp\\_%'
         UNION ALL
         SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%temp\\_%'
         ORDER BY 1",
    )
    .load::<Object>(conn)
    .unwrap()
    .into_iter()
    .map(|o| o.name)
    .collect()
}

#[test]
fn verify_and_views_diff_refuse_a_definition_that_smuggles_statements_and_persist_nothing() {
    let db = TestDatabase::migrated();
    let checkout = Checkout::copy();
    let mut conn = db.conn();
    let before = objects(&mut conn);
    let last_line = definition().lines().count() + 1;
    let smuggling = [
        // What the issue found: the candidate's own WITH NO DATA, then more.
        // Alone, the text is no statement PostgreSQL can parse.
        (
            format!("{}\nWITH NO DATA; COMMIT; CREATE TABLE public.smuggled_x (i int); CREATE MATERIALIZED VIEW public.smuggled_y AS SELECT 1 AS y", definition()),
            format!("line {last_line}, column 1: syntax error at or near \"WITH\""),
        ),
        // A `--` comment ends at a bare carriage return, as in PostgreSQL.
        (
            format!("{}\n-- note\r; COMMIT; CREATE TABLE public.smuggled_x (i int)", definition()),
            format!("line {}, column 1: the `;` ends the statement early", last_line + 1),
        ),
    ];
    for (text, expected) in &smuggling {
        checkout.write_definition(text);
        for args in [
            vec!["verify"],
            vec!["views", "diff", "--database"],
            vec!["views", "diff"],
            vec!["views", "try", VIEW],
            vec!["migration", "generate", "--view", VIEW, "-m", "smuggle"],
        ] {
            let outcome = checkout.run(Some(db.url()), &args);
            expect(&outcome, 2);
            assert!(
                outcome.stderr.contains(&format!(
                    "crates/views/src/{VIEW}/definition.sql {expected}"
                )),
                "{args:?}: {}",
                outcome.all()
            );
            assert_eq!(objects(&mut conn), before, "{args:?} left something");
        }
    }
    assert!(
        std::fs::read_dir(checkout.path().join("migrations"))
            .unwrap()
            .all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with("smuggle")),
        "migration generate wrote a migration"
    );
}

#[test]
fn a_migration_hiding_commit_behind_a_carriage_return_comment_is_refused_with_nothing_applied() {
    let db = TestDatabase::migrated();
    let checkout = Checkout::copy();
    let created = checkout.run(None, &["migration", "new", "-m", "hide commit"]);
    expect(&created, 0);
    let folder = std::fs::read_dir(checkout.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("_hide_commit"))
        .unwrap();
    let up = std::fs::read_to_string(folder.join("up.sql")).unwrap();
    let up_lines = up.lines().count();
    std::fs::write(
        folder.join("up.sql"),
        format!("{up}CREATE TABLE public.hidden_a (i int); -- note\r COMMIT; CREATE TABLE public.hidden_b (i int);\n"),
    )
    .unwrap();
    let down = std::fs::read_to_string(folder.join("down.sql")).unwrap();
    std::fs::write(
        folder.join("down.sql"),
        format!("{down}DROP TABLE public.hidden_b;\nDROP TABLE public.hidden_a;\n"),
    )
    .unwrap();
    expect(&checkout.run(Some(db.url()), &["migration", "lock"]), 0);

    let status = checkout.run(Some(db.url()), &["status"]);
    expect(&status, 1);
    assert!(
        status.stdout.contains("`COMMIT`")
            && status
                .stdout
                .contains(&format!("up.sql line {}, column 2", up_lines + 2)),
        "{}",
        status.all()
    );
    let mut conn = db.conn();
    let before = objects(&mut conn);
    let applied = count(
        &mut conn,
        "SELECT count(*) AS n FROM __diesel_schema_migrations",
    );
    let migrate = checkout.run(Some(db.url()), &["migrate"]);
    expect(&migrate, 2);
    assert!(migrate.all().contains("`COMMIT`"), "{}", migrate.all());
    assert_eq!(objects(&mut conn), before);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM __diesel_schema_migrations"
        ),
        applied
    );
}

#[test]
fn views_try_refuses_what_a_rollback_cannot_undo_naming_its_place() {
    let db = TestDatabase::migrated();
    let checkout = Checkout::copy();
    let mut conn = db.conn();
    expect(&checkout.run(Some(db.url()), &["refresh", "--all"]), 0);
    conn.batch_execute(
        "CREATE SEQUENCE public.try_sequence;
         CREATE FUNCTION public.try_bump() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT 1::bigint';",
    )
    .unwrap();
    let with_column = |expression: &str| {
        definition().replace(
            "r.id AS resource_id",
            &format!("r.id + 0 * {expression} AS resource_id"),
        )
    };
    let line = definition()
        .lines()
        .position(|l| l.contains("r.id AS resource_id"))
        .unwrap()
        + 1;
    for (text, expected) in [
        (
            with_column("nextval('public.try_sequence')"),
            "`nextval` has side effects".to_string(),
        ),
        (
            with_column("pg_terminate_backend(0)::int"),
            "`pg_terminate_backend` has side effects".to_string(),
        ),
        (
            with_column("(SELECT 1 FROM pg_create_physical_replication_slot('try_slot'))"),
            "`pg_create_physical_replication_slot` has side effects".to_string(),
        ),
        (
            with_column("pg_advisory_lock(42)::text::int"),
            "`pg_advisory_lock` has side effects".to_string(),
        ),
        (
            with_column("public.try_bump()"),
            "`public.try_bump` is volatile".to_string(),
        ),
        (
            format!("{}\nFOR UPDATE", definition()),
            format!(
                "line {}, column 1: a locking clause",
                definition().lines().count() + 1
            ),
        ),
    ] {
        checkout.write_definition(&text);
        let outcome = checkout.run(Some(db.url()), &["views", "try", VIEW]);
        expect(&outcome, 2);
        assert!(
            outcome.stderr.contains(&expected)
                && outcome
                    .stderr
                    .contains(&format!("crates/views/src/{VIEW}/definition.sql line")),
            "expected {expected:?} (line {line}): {}",
            outcome.all()
        );
    }
    // Nothing happened: the sequence never advanced, no slot exists.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM public.try_sequence WHERE is_called"
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM pg_replication_slots WHERE slot_name = 'try_slot'"
        ),
        0
    );
    // A clock is harmless: now() and random() are allowed.
    checkout.write_definition(&with_column("floor(random() * 0)::int"));
    let outcome = checkout.run(Some(db.url()), &["views", "try", VIEW]);
    expect(&outcome, 0);
}

/// A login of the whole server granted only `pg_read_all_data`, whose
/// transactions are read-only by default; dropped with the guard.
struct ReadOnlyLogin {
    name: String,
    database_url: DatabaseUrl,
}

impl ReadOnlyLogin {
    fn create(db: &TestDatabase) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "sqls_reader_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = PgConnection::establish(server_url().as_str()).unwrap();
        admin
            .batch_execute(&format!(
                "CREATE ROLE {name} LOGIN IN ROLE pg_read_all_data;
                 ALTER ROLE {name} SET default_transaction_read_only = on;"
            ))
            .unwrap();
        Self {
            name,
            database_url: db.url().clone(),
        }
    }

    fn url(&self) -> DatabaseUrl {
        let raw = self.database_url.as_str();
        let separator = if raw.contains('?') { '&' } else { '?' };
        DatabaseUrl::parse(&format!("{raw}{separator}user={}", self.name)).unwrap()
    }
}

impl Drop for ReadOnlyLogin {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(server_url().as_str()) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
        }
    }
}

#[test]
fn verify_and_views_diff_pass_as_a_login_that_can_only_read() {
    let db = TestDatabase::migrated();
    let checkout = Checkout::copy();
    expect(&checkout.run(Some(db.url()), &["refresh", "--all"]), 0);
    let reader = ReadOnlyLogin::create(&db);
    let mut conn = db.conn();
    let before = objects(&mut conn);

    let verify = checkout.run(Some(&reader.url()), &["verify"]);
    expect(&verify, 0);
    assert!(
        verify.stdout.contains("skipped: ")
            && verify
                .stdout
                .contains("the session is read-only, so it cannot build the candidate view"),
        "{}",
        verify.all()
    );
    let diff = checkout.run(
        Some(&reader.url()),
        &["views", "diff", "--database", "--json"],
    );
    expect(&diff, 0);
    let json: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    let database = json["database"].as_array().unwrap();
    assert_eq!(database.len(), biositing_views::VIEWS.len());
    assert!(database
        .iter()
        .all(|d| d["differences"].as_array().unwrap().is_empty()
            && d["skipped"].as_array().unwrap().len() == 1));

    // A definition whose columns changed is still found different, read-only.
    checkout.write_definition(&definition().replace("r.id AS resource_id", "r.id AS resource_key"));
    let diff = checkout.run(Some(&reader.url()), &["views", "diff", VIEW, "--database"]);
    expect(&diff, 1);
    assert!(
        diff.stdout.contains("resource_key")
            && diff
                .stdout
                .contains("database: the deployed view's columns"),
        "{}",
        diff.all()
    );
    assert_eq!(objects(&mut conn), before);
}

#[test]
fn verify_and_views_diff_work_on_a_hot_standby() {
    let pair = ReplicaPair::shared();
    let checkout = Checkout::copy();
    expect(
        &checkout.run(Some(&pair.primary_url()), &["refresh", "--all"]),
        0,
    );
    pair.wait_for_replay();
    let standby = pair.standby_url();
    let verify = checkout.run(Some(&standby), &["verify"]);
    expect(&verify, 0);
    assert!(
        !verify.all().contains("read-only transaction")
            && verify.stdout.contains("skipped: ")
            && verify.stdout.contains("hot standby"),
        "{}",
        verify.all()
    );
    let deployed = verify
        .stdout
        .lines()
        .find(|l| l.contains("every development definition is deployed"))
        .unwrap();
    assert!(deployed.starts_with("ok"), "{}", verify.all());
    let diff = checkout.run(Some(&standby), &["views", "diff", "--database"]);
    expect(&diff, 0);
}

#[test]
fn portal_readonly_reads_the_views_and_no_bookkeeping_table() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    #[derive(QueryableByName)]
    struct Relation {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        kind: String,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        readonly_reads: bool,
    }
    let relations: Vec<Relation> = diesel::sql_query(
        "SELECT c.oid::regclass::text AS name, c.relkind::text AS kind,
                has_table_privilege('portal_readonly', c.oid, 'SELECT') AS readonly_reads
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'data_portal' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          ORDER BY 1",
    )
    .load(&mut conn)
    .unwrap();
    let bookkeeping: Vec<&Relation> = relations.iter().filter(|r| r.kind != "m").collect();
    assert!(
        bookkeeping
            .iter()
            .any(|r| r.name == "data_portal.refresh_log"),
        "the refresh log is a table of data_portal"
    );
    for relation in &relations {
        assert_eq!(
            relation.readonly_reads,
            relation.kind == "m",
            "portal_readonly and {}",
            relation.name
        );
    }
    for table in [
        "data_portal.refresh_log",
        "data_portal.refresh_log_wal_position",
        "data_portal.refresh_log_snapshot_origin",
    ] {
        assert_eq!(
            count(
                &mut conn,
                &format!("SELECT count(*) AS n FROM (SELECT 1 WHERE has_table_privilege('portal_monitor', '{table}', 'SELECT')) t")
            ),
            1,
            "portal_monitor reads {table}"
        );
    }
}

/// PostgreSQL's parser as biositing uses it splits a script exactly where the
/// server does: every statement of each script inserts one row, the server
/// runs the script (simple protocol, as psql would send it), and the rows must
/// number the statements `split_statements` found. Hand-written cases plus
/// generated ones mixing CR, CRLF and LF line ends, nested block comments,
/// dollar quotes, `E''` strings, `U&` strings and identifiers, doubled quotes
/// and empty statements.
#[test]
fn statements_split_as_the_server_runs_them() {
    use biositing_db::sql::split_statements;
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    conn.batch_execute("CREATE TABLE public.statement_counter (v text)")
        .unwrap();
    let insert = |value: &str| format!("INSERT INTO public.statement_counter VALUES ({value})");
    let mut scripts: Vec<String> = vec![
        format!("{} -- note\r; {}", insert("'a'"), insert("'b'")),
        format!("{} -- note\r\n; {}", insert("'a'"), insert("'b'")),
        format!("{} /* x /* y; */ z; */ ; {}", insert("'a'"), insert("'b'")),
        format!(
            "{};\r{};\r\n{}",
            insert("$q$;$q$"),
            insert("E'\\';'"),
            insert("U&'d\\0061t;a'")
        ),
        format!(
            "INSERT INTO public.statement_counter (U&\"\\0076\") VALUES ('it''s;');;; {}",
            insert("$$ -- ; $$")
        ),
        format!("-- only a comment;\r{} -- tail", insert("'x'")),
    ];
    // Generated: a deterministic mix of the pieces above.
    let values = [
        "'a;b'",
        "E'x\\';y'",
        "$q$;$q$",
        "$$--;$$",
        "U&'d\\0061t;a'",
        "'it''s; fine'",
        "'/* ; */'",
        "\"left\"(';', 1)",
    ];
    let noise = [
        " ",
        "\r",
        "\r\n",
        "\n",
        " -- c;d\n",
        " -- c;d\r",
        " -- c;d\r\n",
        " /* a; /* b; */ c; */ ",
        " /* ; */\r",
    ];
    let separators = [";", ";;", "; -- x;\n", ";\r", ";\r\n", " ;\n;"];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n
    };
    for _ in 0..150 {
        let mut script = String::new();
        for i in 0..=next(5) {
            if i > 0 {
                script.push_str(separators[next(separators.len())]);
            }
            script.push_str(noise[next(noise.len())]);
            script.push_str("INSERT");
            script.push_str(noise[next(noise.len())]);
            script.push_str("INTO public.statement_counter VALUES (");
            script.push_str(values[next(values.len())]);
            script.push(')');
            script.push_str(noise[next(noise.len())]);
        }
        scripts.push(script);
    }
    // psql meta-commands are not SQL: the server refuses them, and so does the
    // parser, naming the line.
    let meta = format!("{};\n\\restrict abc\n{};", insert("'a'"), insert("'b'"));
    let refused = split_statements(&meta).unwrap_err();
    assert_eq!(refused.at.line, 2, "{refused}");
    assert!(refused.message.contains("psql meta-command"), "{refused}");
    conn.batch_execute("TRUNCATE public.statement_counter")
        .unwrap();
    assert!(conn.batch_execute(&meta).is_err());
    for script in &scripts {
        let ours = split_statements(script)
            .unwrap_or_else(|e| panic!("{e}: {script:?}"))
            .len();
        conn.batch_execute("TRUNCATE public.statement_counter")
            .unwrap();
        conn.batch_execute(script)
            .unwrap_or_else(|e| panic!("{e}: {script:?}"));
        let servers = count(
            &mut conn,
            "SELECT count(*) AS n FROM public.statement_counter",
        );
        assert_eq!(
            i64::try_from(ours).unwrap(),
            servers,
            "statements of {script:?}"
        );
    }
}

/// Ctrl-C during `views try` cancels the server's work before the command
/// exits: no backend keeps building the candidate (and holding its locks).
#[test]
fn ctrl_c_during_views_try_cancels_the_servers_work() {
    let db = TestDatabase::migrated();
    let checkout = Checkout::copy();
    expect(&checkout.run(Some(db.url()), &["refresh", "--all"]), 0);
    // Long enough to be interrupted, whatever the rows: a one-time filter the
    // server evaluates before reading any row counts a huge series.
    checkout.write_definition(&format!(
        "SELECT * FROM (\n{}\n) AS v\nWHERE (SELECT count(*) FROM generate_series(1, 5000000000) AS g) > 0",
        definition()
    ));
    let mut child = Command::new(env!("CARGO_BIN_EXE_biositing"))
        .current_dir(checkout.path())
        .env_remove("DATABASE_URL")
        .args(["--database-url", db.url().as_str(), "views", "try", VIEW])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut conn = db.conn();
    let building = "SELECT count(*) AS n FROM pg_stat_activity
                     WHERE datname = current_database() AND state = 'active'
                       AND query LIKE 'CREATE MATERIALIZED VIEW \"biositing\\_try\\_%'";
    let started = std::time::Instant::now();
    while count(&mut conn, building) == 0 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the candidate build never started"
        );
        if child.try_wait().unwrap().is_some() {
            let output = child.wait_with_output().unwrap();
            panic!(
                "views try ended early: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("cancelling the server's work"));
    // The backend stops at once, not when the build would have finished.
    let stopped = std::time::Instant::now();
    while count(&mut conn, building) > 0 {
        assert!(
            stopped.elapsed() < std::time::Duration::from_secs(10),
            "the server kept building after Ctrl-C"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'biositing\\_try\\_%'"
        ),
        0
    );
}
