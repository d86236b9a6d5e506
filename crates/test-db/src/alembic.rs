//! Databases built by the original team's Alembic chain, for tests: their
//! schema dumps (`shared/fixtures/alembic/<revision>.sql`) loaded into a test
//! database of its own, and a description of a `public` schema to compare two
//! databases by.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use biositing_db::connect;

use crate::{server_url, workspace_root, TestDatabase};

/// Variable naming the folder of the dumps (default: `../shared/fixtures/alembic`
/// beside the checkout).
pub const FIXTURES_VARIABLE: &str = "BIOSITING_ALEMBIC_FIXTURES";

/// The folder holding `<revision>.sql` dumps, if there is one.
pub fn fixtures_dir() -> Option<PathBuf> {
    let dir = std::env::var_os(FIXTURES_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/fixtures/alembic"));
    dir.is_dir().then_some(dir)
}

/// Whether this machine can load the dumps (the fixtures, `psql`, and PostGIS
/// on the server). In CI (`CI` set) it must: a missing piece fails the test;
/// elsewhere the test is skipped with the reason.
pub fn dumps_available() -> bool {
    let mut missing = Vec::new();
    if fixtures_dir().is_none() {
        missing.push(format!(
            "the Alembic schema dumps (../shared/fixtures/alembic beside the checkout, or {FIXTURES_VARIABLE})"
        ));
    }
    if Command::new("psql").arg("--version").output().is_err() {
        missing.push("psql (apt-get install postgresql-client)".to_string());
    }
    let postgis = connect(&server_url()).ok().is_some_and(|mut c| {
        crate::count(
            &mut c,
            "SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'postgis'",
        ) == 1
    });
    if !postgis {
        missing.push("PostGIS on the server (bash scripts/ensure-postgres.sh)".to_string());
    }
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "required in CI: {}",
        missing.join(", ")
    );
    eprintln!("skipped: missing {}", missing.join(", "));
    false
}

impl TestDatabase {
    /// A database of its own holding what the original chain built at
    /// `revision`: its dump loaded with `psql`, as its README says (the roles
    /// `biocirv_user` and `biocirv_readonly` are created when missing; being
    /// cluster-wide and shared by every such test, they are left in place).
    pub fn from_alembic_dump(revision: &str) -> Self {
        let dir = fixtures_dir().expect("dumps_available() first");
        let dump = dir.join(format!("{revision}.sql"));
        assert!(dump.is_file(), "{} is missing", dump.display());
        let mut admin = connect(&server_url()).unwrap();
        admin
            .batch_execute(
                "DO $$ BEGIN
                     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biocirv_user') THEN
                         CREATE ROLE biocirv_user;
                     END IF;
                     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biocirv_readonly') THEN
                         CREATE ROLE biocirv_readonly;
                     END IF;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                 END $$;",
            )
            .unwrap();
        let db = TestDatabase::empty();
        let out = Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(db.url().to_string())
            .arg("-f")
            .arg(&dump)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "loading {}: {}",
            dump.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        db
    }
}

/// The `public` schema of a database as comparable lines: tables, columns (by
/// name and logical position, type, nullability, default), constraints,
/// sequences and extensions; indexes that back no constraint apart. The
/// bookkeeping tables of biositing, Diesel and Alembic are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSchema {
    pub structure: BTreeSet<String>,
    pub indexes: BTreeSet<String>,
}

const BOOKKEEPING: &str =
    "c.relname NOT IN ('__diesel_schema_migrations', 'alembic_version') AND c.relname NOT LIKE 'biositing\\_%'";

/// Describes the `public` schema of the database behind `conn`.
pub fn public_schema(conn: &mut PgConnection) -> PublicSchema {
    let lines = |conn: &mut PgConnection, sql: &str| -> BTreeSet<String> {
        #[derive(QueryableByName)]
        struct Line {
            #[diesel(sql_type = Text)]
            line: String,
        }
        diesel::sql_query(sql)
            .load::<Line>(conn)
            .unwrap_or_else(|e| panic!("{e}\nin:\n{sql}"))
            .into_iter()
            .map(|l| l.line)
            .collect()
    };
    let tables = format!(
        "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND {BOOKKEEPING}"
    );
    let mut structure = lines(
        conn,
        &format!("SELECT 'table ' || c.relname AS line {tables}"),
    );
    structure.extend(lines(
        conn,
        &format!(
            "SELECT format('column %s #%s %s %s%s%s', c.relname,
                           row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
                           format_type(a.atttypid, a.atttypmod),
                           CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                           coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')) AS line
               FROM pg_class c
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND {BOOKKEEPING}"
        ),
    ));
    structure.extend(lines(
        conn,
        &format!(
            "SELECT format('constraint %s.%s %s', c.relname, co.conname, pg_get_constraintdef(co.oid)) AS line
               FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
              WHERE c.relnamespace = 'public'::regnamespace AND {BOOKKEEPING}"
        ),
    ));
    structure.extend(lines(
        conn,
        "SELECT format('sequence %s as %s start %s increment %s min %s max %s cache %s%s owned by %s',
                       s.relname, format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin,
                       q.seqmax, q.seqcache, CASE WHEN q.seqcycle THEN ' cycle' ELSE '' END,
                       coalesce(t.relname || '.' || a.attname, '-')) AS line
           FROM pg_sequence q JOIN pg_class s ON s.oid = q.seqrelid
           LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
           LEFT JOIN pg_class t ON t.oid = d.refobjid
           LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE s.relnamespace = 'public'::regnamespace
            AND coalesce(t.relname, '') NOT IN ('__diesel_schema_migrations', 'alembic_version')
            AND coalesce(t.relname, '') NOT LIKE 'biositing\\_%'",
    ));
    structure.extend(lines(
        conn,
        "SELECT 'extension ' || extname || ' in ' || extnamespace::regnamespace::text AS line FROM pg_extension",
    ));
    let indexes = lines(
        conn,
        &format!(
            "SELECT format('index %s.%s %s', c.relname, i.relname, pg_get_indexdef(i.oid)) AS line
               FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
              WHERE c.relnamespace = 'public'::regnamespace AND {BOOKKEEPING}
                AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.oid)"
        ),
    );
    PublicSchema { structure, indexes }
}
