//! One test-database helper for the whole workspace.
//!
//! Each test gets its own database, cloned with `CREATE DATABASE … TEMPLATE` from a
//! template that is migrated once per migration set (the template's name carries
//! the set's fingerprint, so a changed migration gets a fresh template). Tests thus
//! run in parallel and never see each other's data; the database is dropped when
//! the [`TestDatabase`] goes out of scope.
//!
//! The server comes from `TEST_DATABASE_URL`, else `DATABASE_URL`, else
//! `postgres://postgres@127.0.0.1:5432/postgres`.
//!
//! Shared servers: every database name starts with `BIOSITING_TEST_DB_PREFIX`
//! (default `biositing`). A template belongs to one migrations folder (its name
//! carries a hash of the folder's path, its comment the path): the helper only
//! ever drops templates of its own folder that no running test process uses
//! (each process holds a shared advisory "lease" on the template it clones
//! from), never the templates of another checkout, another prefix or another
//! developer.

#![allow(clippy::unwrap_used)] // test support: a failure here should stop the test loudly

pub mod alembic;
pub mod replica;

pub use replica::ReplicaPair;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use biositing_db::migrations::{migrate, MigrateOptions, MigrationSet};
use biositing_db::{connect, database_exists, quote_ident, DatabaseUrl};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const TEMPLATE_LOCK_KEY: i64 = 0x7465_6d70_6c61_7465; // "template"
/// Advisory-lock class of template leases (the second key is the template name's hash).
pub const TEMPLATE_LEASE_CLASS: i32 = 0x6274_6c73; // "btls"
/// Environment variable naming the prefix of every database the helper creates.
pub const PREFIX_VARIABLE: &str = "BIOSITING_TEST_DB_PREFIX";

/// The prefix of every database name: `BIOSITING_TEST_DB_PREFIX`, else
/// `biositing`. Lowercase letters, digits and `_`, at most 24 characters, so
/// that every name stays within PostgreSQL's 63 bytes.
pub fn prefix() -> String {
    let prefix = std::env::var(PREFIX_VARIABLE).unwrap_or_else(|_| "biositing".to_string());
    let valid = !prefix.is_empty()
        && prefix.len() <= 24
        && prefix.starts_with(|c: char| c.is_ascii_lowercase())
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    assert!(
        valid,
        "{PREFIX_VARIABLE}={prefix:?}: use lowercase letters, digits and _ (a letter first, at most 24 characters)"
    );
    prefix
}

/// A database name of this test process, unique on the server: the prefix, the
/// label, the process id, a per-process nonce and a counter.
pub fn unique_name(label: &str) -> String {
    static NONCE: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    // Two machines sharing a server may run processes with the same pid.
    let nonce = NONCE.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        nanos ^ std::process::id().rotate_left(16)
    });
    format!(
        "{}_{label}_{}_{:x}_{}",
        prefix(),
        std::process::id(),
        nonce & 0xff_ffff,
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// FNV-1a: a stable hash for names (std's hasher may change between releases).
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The server tests run against, pointing at its `postgres` database.
pub fn server_url() -> DatabaseUrl {
    let raw = std::env::var("TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| DEFAULT_SERVER.to_string());
    DatabaseUrl::parse(&raw)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL/DATABASE_URL: {e}"))
        .with_database("postgres")
}

/// The server-wide roles the migrations grant to (`portal_readonly`,
/// `portal_monitor`), created when missing, as a superuser would for an owner
/// without CREATEROLE. Roles belong to the whole server and every test may
/// count on them, so they are never dropped.
pub fn ensure_portal_roles() {
    use diesel::connection::SimpleConnection;
    biositing_db::connect(&server_url())
        .and_then(|mut admin| {
            admin
                .batch_execute(
                    "DO $$ BEGIN
                         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_readonly') THEN
                             CREATE ROLE portal_readonly NOLOGIN;
                         END IF;
                         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_monitor') THEN
                             CREATE ROLE portal_monitor NOLOGIN;
                         END IF;
                     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                     END $$;",
                )
                .map_err(Into::into)
        })
        .unwrap_or_else(|e| panic!("creating the portal roles: {e}"));
}

/// The workspace root (where `migrations/` and `Cargo.toml` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The `biositing` binary built by cargo for this test run.
pub fn biositing_bin() -> PathBuf {
    // Test executables live in target/<profile>/deps; binaries one level up.
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir.join(format!("biositing{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: run the tests with `cargo test --workspace`, which builds the binary",
        bin.display()
    );
    bin
}

/// A `Command` for the binary with a clean environment for database settings.
pub fn biositing(url: &DatabaseUrl) -> Command {
    let mut cmd = Command::new(biositing_bin());
    cmd.env_remove("DATABASE_URL")
        .arg("--database-url")
        .arg(url.as_str());
    cmd
}

/// Runs `cmd` (usually [`biositing`] with its arguments) and returns its
/// output, failing the test with the command, its stdout and its stderr unless
/// it exits with 0.
#[track_caller]
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} did not run: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} exited with {}:\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `diesel print-schema` of the database at `url`, with the workspace's
/// diesel.toml (see [`DIESEL_CLI`]).
pub fn diesel_print_schema(url: &DatabaseUrl) -> String {
    let root = workspace_root();
    let out = run_ok(
        Command::new(DIESEL_CLI.program)
            .current_dir(&root)
            .env("DATABASE_URL", url.as_str())
            .args(["print-schema", "--config-file"])
            .arg(root.join("diesel.toml")),
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The Diesel CLI, for [`tool_available`].
pub const DIESEL_CLI: Tool = Tool {
    program: "diesel",
    name: "the Diesel CLI",
    install: "cargo install diesel_cli --no-default-features --features postgres",
};

/// rustfmt, for [`tool_available`].
pub const RUSTFMT: Tool = Tool {
    program: "rustfmt",
    name: "rustfmt",
    install: "rustup component add rustfmt",
};

/// An external program some tests need.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// The executable, run as `program --version` to see whether it is there.
    pub program: &'static str,
    /// How messages name it.
    pub name: &'static str,
    /// The command that installs it.
    pub install: &'static str,
}

/// Whether `tool` runs here. CI (the `CI` variable set) must have it: there a
/// missing tool fails the test, saying how to install it. Elsewhere the caller
/// skips what needs the tool, and this says so on stderr.
#[track_caller]
pub fn tool_available(tool: Tool) -> bool {
    let available = Command::new(tool.program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is required in CI: install it with `{}`",
            tool.name,
            tool.install
        );
        eprintln!("skipped: {} is not installed", tool.name);
    }
    available
}

/// The folder of the workspace migration named `name` (the part after the
/// version, e.g. `create_refresh_log`): tests name a migration by what it does,
/// never by its timestamp, so a renamed or regenerated migration does not break
/// them.
pub fn migration_folder(name: &str) -> String {
    let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
    let folders: Vec<&str> = set.scripts().iter().map(|s| s.folder()).collect();
    let found: Vec<&&str> = folders
        .iter()
        .filter(|f| f.split_once('_').is_some_and(|(_, rest)| rest == name))
        .collect();
    match found.as_slice() {
        [one] => one.to_string(),
        _ => panic!("no single migration named `{name}` in migrations/: {folders:?}"),
    }
}

/// A database of its own for one test, dropped on drop.
pub struct TestDatabase {
    name: String,
    url: DatabaseUrl,
}

impl TestDatabase {
    /// A database with every migration of the workspace applied.
    pub fn migrated() -> Self {
        Self::create(Some(template_name()))
    }

    /// A database migrated up to and including `migration` (folder name or
    /// version): to show how a view behaved before a later migration changed it.
    pub fn migrated_to(migration: &str) -> Self {
        let db = Self::create(None);
        db.migrate_to(Some(migration));
        db
    }

    /// Applies the workspace's migrations up to and including `migration`
    /// (or all of them with `None`).
    pub fn migrate_to(&self, migration: Option<&str>) {
        let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
        let options = MigrateOptions {
            to: migration.map(str::to_string),
            ..MigrateOptions::default()
        };
        migrate(&mut self.conn(), &set, &options, &mut |_| {}).unwrap();
    }

    /// An empty database (no migrations), for tests of migrating itself.
    pub fn empty() -> Self {
        Self::create(None)
    }

    fn create(template: Option<&str>) -> Self {
        let name = unique_name("test");
        let mut admin = connect(&server_url()).unwrap();
        let sql = match template {
            Some(t) => format!(
                "CREATE DATABASE {} TEMPLATE {}",
                quote_ident(&name),
                quote_ident(t)
            ),
            None => format!("CREATE DATABASE {}", quote_ident(&name)),
        };
        diesel::sql_query(sql).execute(&mut admin).unwrap();
        let url = server_url().with_database(&name);
        Self { name, url }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn conn(&self) -> PgConnection {
        connect(&self.url).unwrap()
    }

    /// The materialized views of `data_portal` this database has, by name: an
    /// older migration state has fewer than the registry.
    pub fn portal_views(&self) -> Vec<String> {
        #[derive(QueryableByName)]
        struct Name {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        diesel::sql_query(
            "SELECT matviewname::text AS name FROM pg_matviews
              WHERE schemaname = 'data_portal' ORDER BY 1",
        )
        .load::<Name>(&mut self.conn())
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
    }

    /// The base tables (`public`, ordinary or partitioned) that the `data_portal`
    /// materialized views read, through plain views and other views too, by name.
    pub fn tables_read_by_portal_views(&self) -> Vec<String> {
        #[derive(QueryableByName)]
        struct Name {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        diesel::sql_query(
            "WITH RECURSIVE source(oid) AS (
                 SELECT c.oid FROM pg_class c
                  WHERE c.relnamespace = 'data_portal'::regnamespace AND c.relkind = 'm'
                 UNION
                 SELECT d.refobjid FROM source s
                   JOIN pg_rewrite r ON r.ev_class = s.oid
                   JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                  AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> s.oid
             )
             SELECT DISTINCT c.relname::text AS name FROM source s JOIN pg_class c ON c.oid = s.oid
              WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
              ORDER BY 1",
        )
        .load::<Name>(&mut self.conn())
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
    }

    /// Runs `psql`-free SQL on a fresh connection.
    pub fn execute(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.conn()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{e}\nin:\n{sql}"));
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = connect(&server_url()) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(&self.name)
            ))
            .execute(&mut admin);
        }
    }
}

/// Name of the migrated template for the workspace's migrations, creating it on
/// first use (see [`template_for`]).
pub fn template_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| template_for(&workspace_root().join("migrations")))
}

/// The migrated template of the migrations in `folder`, built when missing.
/// Its name holds the prefix, the migration set's fingerprint and a hash of the
/// folder's path. This process takes a lease on it (kept until the process
/// ends or asks for another template of the same folder); building a template
/// drops the folder's older templates that nobody holds a lease on, and
/// nothing else. Test processes race here; an advisory lock lets exactly one
/// build a given template.
pub fn template_for(folder: &Path) -> String {
    let folder = folder.canonicalize().unwrap();
    let set = MigrationSet::from_dir(&folder).unwrap();
    let owner = owner_comment(&folder);
    let name = format!(
        "{}_tpl_{}_{:08x}",
        prefix(),
        &set.fingerprint()[..12],
        stable_hash(&owner) & 0xffff_ffff
    );
    take_lease(&owner, &name);
    let mut admin = connect(&server_url()).unwrap();
    diesel::sql_query("SELECT pg_advisory_lock($1)")
        .bind::<BigInt, _>(TEMPLATE_LOCK_KEY)
        .execute(&mut admin)
        .unwrap();
    if !database_exists(&mut admin, &name).unwrap() {
        build_template(&mut admin, &name, &set, &owner);
    }
    diesel::sql_query("SELECT pg_advisory_unlock($1)")
        .bind::<BigInt, _>(TEMPLATE_LOCK_KEY)
        .execute(&mut admin)
        .unwrap();
    name
}

/// What the comment of a template says: made by this helper, for this folder.
fn owner_comment(folder: &Path) -> String {
    format!("biositing-test-db template of {}", folder.display())
}

/// The connection holding this process's template leases (shared advisory
/// locks, released by PostgreSQL when the process ends), and the lease held
/// per migrations folder.
struct Leases {
    conn: PgConnection,
    held: Vec<(String, String)>,
}

fn leases() -> &'static Mutex<Leases> {
    static LEASES: OnceLock<Mutex<Leases>> = OnceLock::new();
    LEASES.get_or_init(|| {
        Mutex::new(Leases {
            conn: connect(&server_url()).unwrap(),
            held: Vec::new(),
        })
    })
}

fn take_lease(owner: &str, template: &str) {
    let mut leases = leases()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Leases { conn, held } = &mut *leases;
    if held.iter().any(|(o, t)| o == owner && t == template) {
        return;
    }
    diesel::sql_query("SELECT pg_advisory_lock_shared($1, hashtext($2))")
        .bind::<diesel::sql_types::Integer, _>(TEMPLATE_LEASE_CLASS)
        .bind::<diesel::sql_types::Text, _>(template)
        .execute(conn)
        .unwrap();
    // This process is done with the folder's previous template.
    let previous: Vec<String> = held
        .iter()
        .filter(|(o, _)| o == owner)
        .map(|(_, t)| t.clone())
        .collect();
    for old in previous {
        diesel::sql_query("SELECT pg_advisory_unlock_shared($1, hashtext($2))")
            .bind::<diesel::sql_types::Integer, _>(TEMPLATE_LEASE_CLASS)
            .bind::<diesel::sql_types::Text, _>(&old)
            .execute(conn)
            .unwrap();
    }
    held.retain(|(o, _)| o != owner);
    held.push((owner.to_string(), template.to_string()));
}

fn build_template(admin: &mut PgConnection, name: &str, set: &MigrationSet, owner: &str) {
    // Build under a scratch name and rename when done, so a crash never leaves a
    // half-migrated template behind under the real name.
    let building = format!("{name}_building");
    let exec = |admin: &mut PgConnection, sql: String| {
        diesel::sql_query(&sql)
            .execute(admin)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    };
    exec(
        admin,
        format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&building)
        ),
    );
    exec(admin, format!("CREATE DATABASE {}", quote_ident(&building)));
    {
        let mut conn = connect(&server_url().with_database(&building)).unwrap();
        migrate(&mut conn, set, &MigrateOptions::default(), &mut |_| {}).unwrap();
    }
    exec(
        admin,
        format!(
            "ALTER DATABASE {} RENAME TO {}",
            quote_ident(&building),
            quote_ident(name)
        ),
    );
    exec(
        admin,
        format!(
            "COMMENT ON DATABASE {} IS {}",
            quote_ident(name),
            quote_literal(owner)
        ),
    );
    drop_unused_templates_of(admin, name, owner);
}

/// Drops the older templates of the same folder (same name pattern and owner
/// comment) that no test process holds a lease on. Everything else on the
/// server, other checkouts' and other prefixes' templates included, stays.
fn drop_unused_templates_of(admin: &mut PgConnection, current: &str, owner: &str) {
    #[derive(QueryableByName)]
    struct Stale {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let suffix = &current[current.rfind('_').unwrap()..];
    let like = |text: &str| text.replace('_', "\\_");
    let pattern = format!("{}\\_tpl\\_%{}", like(&prefix()), like(suffix));
    let stale: Vec<Stale> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database
          WHERE datname LIKE $1 AND datname <> $2
            AND shobj_description(oid, 'pg_database') = $3",
    )
    .bind::<diesel::sql_types::Text, _>(pattern)
    .bind::<diesel::sql_types::Text, _>(current)
    .bind::<diesel::sql_types::Text, _>(owner)
    .load(admin)
    .unwrap();
    for db in stale {
        #[derive(QueryableByName)]
        struct Free {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            free: bool,
        }
        let lease = |sql: &str, admin: &mut PgConnection| {
            diesel::sql_query(sql)
                .bind::<diesel::sql_types::Integer, _>(TEMPLATE_LEASE_CLASS)
                .bind::<diesel::sql_types::Text, _>(&db.datname)
                .get_result::<Free>(admin)
                .unwrap()
                .free
        };
        // Exclusive while we drop: no process may be cloning from it.
        if lease(
            "SELECT pg_try_advisory_lock($1, hashtext($2)) AS free",
            admin,
        ) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {}",
                quote_ident(&db.datname)
            ))
            .execute(admin);
            lease("SELECT pg_advisory_unlock($1, hashtext($2)) AS free", admin);
        }
    }
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A text picture of everything a migration can create in a database: schemas,
/// relations with their columns, constraints, indexes, view definitions, types,
/// functions, extensions and privileges. Bookkeeping tables of the migration
/// runner are left out. Privileges are compared as effective ACLs (a revoked grant
/// leaves an explicit owner-only ACL where there was the implicit default).
/// Columns are numbered by their logical order among the live columns, not by
/// `attnum`: a column dropped and added again (an `ADD COLUMN` migration
/// reverted and re-applied) is the same column at the same place.
/// Two databases with equal snapshots have the same schema.
pub fn catalog_snapshot(conn: &mut PgConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = diesel::sql_types::Text)]
        line: String,
    }
    const USER_NAMESPACES: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";
    const NOT_BOOKKEEPING: &str = "c.relname NOT IN ('__diesel_schema_migrations', '__diesel_schema_migrations_pkey', 'biositing_migration_checksums', 'biositing_migration_checksums_pkey')";
    let sql = format!(
        "
        SELECT 'schema ' || n.nspname || ' acl=' || coalesce(n.nspacl, acldefault('n'::\"char\", n.nspowner))::text AS line
          FROM pg_namespace n WHERE {USER_NAMESPACES}
        UNION ALL
        SELECT 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' acl=' || coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))::text
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACES} AND {NOT_BOOKKEEPING}
        UNION ALL
        SELECT 'column ' || n.nspname || '.' || c.relname || ' #'
               || row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) || ' ' || a.attname || ' '
               || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE {USER_NAMESPACES} AND {NOT_BOOKKEEPING} AND a.attnum > 0 AND NOT a.attisdropped
           AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
        UNION ALL
        SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
          FROM pg_constraint con
          JOIN pg_class c ON c.oid = con.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACES} AND {NOT_BOOKKEEPING}
        UNION ALL
        SELECT 'index ' || pg_get_indexdef(i.indexrelid)
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACES} AND {NOT_BOOKKEEPING}
        UNION ALL
        SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACES} AND c.relkind IN ('v', 'm')
        UNION ALL
        SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text
               || coalesce(' (' || (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
                                      FROM pg_enum e WHERE e.enumtypid = t.oid) || ')', '')
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE {USER_NAMESPACES} AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
        UNION ALL
        SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE {USER_NAMESPACES}
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension
        ORDER BY 1"
    );
    diesel::sql_query(sql)
        .load::<Line>(conn)
        .unwrap()
        .into_iter()
        .map(|l| l.line)
        .collect()
}

/// The `bigint` column `n` of the one row `sql` returns, e.g.
/// `SELECT count(*) AS n FROM ...`; panics naming the SQL.
pub fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::RunQueryDsl::get_result::<Count>(diesel::sql_query(sql), conn)
        .unwrap_or_else(|e| panic!("{e}\nin: {sql}"))
        .n
}

/// Rows in the materialized view `schema.view` and not in what its
/// definition (`pg_get_viewdef`) returns now, and the other way round,
/// compared as text so any column type compares: 0 when the view equals its
/// definition.
pub fn differences(conn: &mut PgConnection, schema: &str, view: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Definition {
        #[diesel(sql_type = diesel::sql_types::Text)]
        sql: String,
    }
    let quoted = format!("{}.{}", quote_ident(schema), quote_ident(view));
    let definition: Definition = diesel::RunQueryDsl::get_result(
        diesel::sql_query("SELECT rtrim(pg_get_viewdef($1::regclass), ';') AS sql")
            .bind::<diesel::sql_types::Text, _>(&quoted),
        conn,
    )
    .unwrap_or_else(|e| panic!("{e}\nreading the definition of {quoted}"));
    let def = definition.sql;
    count(
        conn,
        &format!(
            "SELECT count(*) AS n FROM (
                 (SELECT v::text FROM {quoted} v EXCEPT ALL SELECT d::text FROM ({def}) d)
                 UNION ALL
                 (SELECT d::text FROM ({def}) d EXCEPT ALL SELECT v::text FROM {quoted} v)
             ) x"
        ),
    )
}

/// Copies the folder `from` into `to`, recursively (a scratch copy of a checkout part).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
