//! Support shared by the integration tests of `biositing-views`: the small
//! hand-built fixture, refreshing views, numeric comparisons, and the plan of the
//! SQL a typed query function really sends.

#![allow(dead_code)] // each test binary uses a different part of this module
#![allow(clippy::unwrap_used)]

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use bigdecimal::BigDecimal;
use biositing_test_db::TestDatabase;
use biositing_views::{ViewDefinition, VIEWS};
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorInformation, Error as DieselError};
use diesel::sql_types::{BigInt, Text};

/// The small fixture; its expected values are listed at its end.
pub const SMALL_PORTAL: &str = include_str!("../fixtures/small_portal.sql");

/// Loads the small fixture. It holds several observations of one record,
/// parameter and unit (the spec's aggregation rules and the original views'
/// weak spots are about them), which the real schema's
/// `observation_unique_key` forbids: that key is dropped in this test's own
/// database first. The sample data (crates/sample/tests) runs with every key.
pub fn load_small_portal(db: &TestDatabase) {
    db.execute("ALTER TABLE observation DROP CONSTRAINT observation_unique_key;");
    db.execute(SMALL_PORTAL);
}

/// A migrated database holding the small fixture, every view refreshed.
pub fn fixture_db() -> TestDatabase {
    let db = TestDatabase::migrated();
    load_small_portal(&db);
    refresh_all(&db);
    db
}

/// The last migration before the first view change tested in `fixes.rs`: the
/// original views as first reproduced, on the base tables the fixture needs
/// (`use_case` arrives with the original chain's revision 1bed1a9104a7),
/// found by name in migrations/.
pub fn original_views() -> String {
    biositing_test_db::migration_folder("use_cases_for_end_use_records")
}

/// A database migrated only up to the original views ([`original_views`]),
/// holding the small fixture, every view refreshed. Only for the few facts about
/// the original views that `fixes.rs` does not prove; row structs follow the
/// head definitions, so read a view whose columns changed with raw SQL.
pub fn original_fixture_db() -> TestDatabase {
    let db = TestDatabase::migrated_to(&original_views());
    load_small_portal(&db);
    // The views that state has: a view registered later does not exist there.
    let present = db.portal_views();
    let mut conn = db.conn();
    for view in VIEWS.iter().filter(|v| present.iter().any(|p| p == v.name)) {
        refresh(&mut conn, view).unwrap_or_else(|e| panic!("refresh {}: {e}", view.name));
    }
    drop(conn);
    db
}

/// `REFRESH MATERIALIZED VIEW` (blocking) of every registered view the
/// database's migration state has (a view registered later is not there yet).
pub fn refresh_all(db: &TestDatabase) {
    let present = db.portal_views();
    let mut conn = db.conn();
    for view in VIEWS.iter().filter(|v| present.iter().any(|p| p == v.name)) {
        refresh(&mut conn, view).unwrap_or_else(|e| panic!("refresh {}: {e}", view.name));
    }
}

/// `REFRESH MATERIALIZED VIEW data_portal.<view>`.
pub fn refresh(conn: &mut PgConnection, view: &ViewDefinition) -> QueryResult<usize> {
    diesel::sql_query(format!(
        "REFRESH MATERIALIZED VIEW {}",
        view.qualified_name()
    ))
    .execute(conn)
}

/// `SELECT count(*)` of a relation.
pub fn count_rows(conn: &mut PgConnection, relation: &str) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT count(*) AS n FROM {relation}"))
        .get_result::<Count>(conn)
        .map(|c| c.n)
}

pub fn dec(text: &str) -> BigDecimal {
    BigDecimal::from_str(text).unwrap()
}

/// Asserts `actual` is within 1e-12 of `expected` (numeric averages carry many
/// digits; some are repeating decimals).
#[track_caller]
pub fn assert_dec(actual: &Option<BigDecimal>, expected: &str) {
    let actual = actual
        .as_ref()
        .unwrap_or_else(|| panic!("expected {expected}, got NULL"));
    let diff = (actual - dec(expected)).abs();
    assert!(
        diff < dec("0.000000000001"),
        "expected {expected}, got {actual}"
    );
}

#[track_caller]
pub fn assert_f64(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap_or_else(|| panic!("expected {expected}, got NULL"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

/// The database error of a failed statement: (message, detail).
#[track_caller]
pub fn database_error<T: std::fmt::Debug>(result: QueryResult<T>) -> (String, String) {
    match result {
        Err(DieselError::DatabaseError(_, info)) => {
            let info: &dyn DatabaseErrorInformation = info.as_ref();
            (
                info.message().to_string(),
                info.details().unwrap_or_default().to_string(),
            )
        }
        other => panic!("expected a database error, got {other:?}"),
    }
}

/// Runs `run` (a call of a typed query function) on a connection that records
/// every statement sent, and returns its result with the SQL and bind values of
/// the one statement that read a `data_portal` view.
pub fn capture_query<T>(
    conn: &mut PgConnection,
    run: impl FnOnce(&mut PgConnection) -> T,
) -> (T, CapturedQuery) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&seen);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            sink.lock().unwrap().push(query.to_string());
        }
    });
    let out = run(conn);
    conn.set_instrumentation(None::<Box<dyn Instrumentation>>);
    let statements: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|sql| sql.contains("\"data_portal\"."))
        .cloned()
        .collect();
    assert_eq!(
        statements.len(),
        1,
        "expected one statement on a view, saw {statements:#?}"
    );
    (out, CapturedQuery::parse(&statements[0]))
}

/// A statement as Diesel printed it: SQL with `$n` placeholders and the bind
/// values (their `Debug` text).
#[derive(Debug, Clone)]
pub struct CapturedQuery {
    pub sql: String,
    pub binds: Vec<String>,
}

impl CapturedQuery {
    fn parse(printed: &str) -> Self {
        let (sql, binds) = printed
            .rsplit_once(" -- binds: ")
            .unwrap_or_else(|| panic!("no bind list in {printed}"));
        Self {
            sql: sql.to_string(),
            binds: parse_debug_list(binds),
        }
    }

    /// `EXPLAIN (FORMAT TEXT)` of this statement with its real bind values: the
    /// statement is prepared as Diesel sent it, then explained with `EXECUTE`,
    /// each value passed as a literal of the parameter's type (a custom plan).
    pub fn explain(&self, conn: &mut PgConnection) -> String {
        #[derive(QueryableByName)]
        struct PlanLine {
            #[diesel(sql_type = Text)]
            #[diesel(column_name = "QUERY PLAN")]
            line: String,
        }
        diesel::sql_query(format!("PREPARE explained_statement AS {}", self.sql))
            .execute(conn)
            .unwrap_or_else(|e| panic!("PREPARE {}: {e}", self.sql));
        let args = if self.binds.is_empty() {
            String::new()
        } else {
            let literals: Vec<String> = self.binds.iter().map(|b| sql_literal(b)).collect();
            format!("({})", literals.join(", "))
        };
        let plan = diesel::sql_query(format!(
            "EXPLAIN (FORMAT TEXT) EXECUTE explained_statement{args}"
        ))
        .load::<PlanLine>(conn)
        .unwrap();
        diesel::sql_query("DEALLOCATE explained_statement")
            .execute(conn)
            .unwrap();
        plan.into_iter()
            .map(|l| l.line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn sql_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Splits `[5, "a, b", 2024-01-01T00:00:00]` into `5`, `a, b`,
/// `2024-01-01T00:00:00` (strings unquoted and unescaped).
pub fn parse_debug_list(list: &str) -> Vec<String> {
    let inner = list
        .trim()
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .unwrap_or_else(|| panic!("not a list: {list}"));
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut value = String::new();
        if first == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some(other) => value.push(other),
                        None => break,
                    },
                    '"' => break,
                    c => value.push(c),
                }
            }
            // up to the separator
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
            }
        } else {
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                value.push(c);
            }
            value = value.trim().to_string();
        }
        values.push(value);
    }
    values
}
