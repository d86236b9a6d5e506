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

#![allow(clippy::unwrap_used)] // test support: a failure here should stop the test loudly

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use biositing_db::migrations::{migrate, MigrateOptions, MigrationSet};
use biositing_db::{connect, database_exists, quote_ident, DatabaseUrl};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const TEMPLATE_LOCK_KEY: i64 = 0x7465_6d70_6c61_7465; // "template"

/// The server tests run against, pointing at its `postgres` database.
pub fn server_url() -> DatabaseUrl {
    let raw = std::env::var("TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| DEFAULT_SERVER.to_string());
    DatabaseUrl::parse(&raw)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL/DATABASE_URL: {e}"))
        .with_database("postgres")
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
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "biositing_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
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
/// first use. Test processes of one run race here; an advisory lock on the
/// server's `postgres` database lets exactly one build it.
pub fn template_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
        let name = format!("biositing_template_{}", &set.fingerprint()[..16]);
        let mut admin = connect(&server_url()).unwrap();
        diesel::sql_query("SELECT pg_advisory_lock($1)")
            .bind::<BigInt, _>(TEMPLATE_LOCK_KEY)
            .execute(&mut admin)
            .unwrap();
        if !database_exists(&mut admin, &name).unwrap() {
            build_template(&mut admin, &name, &set);
        }
        diesel::sql_query("SELECT pg_advisory_unlock($1)")
            .bind::<BigInt, _>(TEMPLATE_LOCK_KEY)
            .execute(&mut admin)
            .unwrap();
        name
    })
}

fn build_template(admin: &mut PgConnection, name: &str, set: &MigrationSet) {
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
    // Templates of older migration sets are of no further use.
    #[derive(QueryableByName)]
    struct Stale {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let stale: Vec<Stale> = diesel::sql_query(
        "SELECT datname::text AS datname FROM pg_database WHERE datname LIKE 'biositing\\_template\\_%' AND datname <> $1",
    )
    .bind::<diesel::sql_types::Text, _>(name)
    .load(admin)
    .unwrap();
    for db in stale {
        exec(
            admin,
            format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote_ident(&db.datname)
            ),
        );
    }
}

/// A text picture of everything a migration can create in a database: schemas,
/// relations with their columns, constraints, indexes, view definitions, types,
/// functions, extensions and privileges. Bookkeeping tables of the migration
/// runner are left out. Privileges are compared as effective ACLs (a revoked grant
/// leaves an explicit owner-only ACL where there was the implicit default).
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
        SELECT 'column ' || n.nspname || '.' || c.relname || ' #' || a.attnum || ' ' || a.attname || ' '
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
