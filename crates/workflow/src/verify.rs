//! `biositing verify`: one deploy/CI gate over a live database.

use biositing_db::migrations::{status, MigrationSet};
use biositing_models::tables::{base_tables, diesel_type_of, BaseTable, PRINT_SCHEMA_FIX};
use biositing_views::ViewDefinition;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel::PgConnection;
use serde::Serialize;

use crate::adopt::NOT_MANAGED_TABLE;
use crate::{diff, live, Result};

/// One named check and, when it failed, what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub problems: Vec<String>,
    /// What this session could not check, each with why (not a failure).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl Check {
    pub fn new(name: &'static str, problems: Vec<String>) -> Self {
        Self {
            name,
            ok: problems.is_empty(),
            problems,
            skipped: Vec::new(),
        }
    }
}

/// Runs every check; the database is only read, in read-only transactions.
/// Only the comparison of deployed definitions builds something (each
/// candidate in its own transaction, rolled back), and only where the session
/// can: on a hot standby or as a login that can only read it is skipped and
/// says why, and the definitions' columns and types are compared instead.
pub fn verify(
    conn: &mut PgConnection,
    set: &MigrationSet,
    views: &[&ViewDefinition],
) -> Result<Vec<Check>> {
    // Outside the read-only transaction: it may build (and roll back) candidates.
    let deployed = diff::against_database(conn, views)?;
    let mut checks = live::read_only(conn, |conn| catalog_checks(conn, set, views))?;
    let skipped: Vec<String> = deployed
        .iter()
        .flat_map(|d| d.skipped.iter().map(move |s| format!("{}: {s}", d.view)))
        .collect();
    let deployed: Vec<String> = deployed
        .into_iter()
        .flat_map(|d| {
            let view = d.view;
            d.differences
                .into_iter()
                .filter(|p| !p.starts_with("missing index") && !p.starts_with("undeclared index"))
                .map(move |p| format!("{view}: {p}"))
        })
        .collect();
    let mut check = Check::new("every development definition is deployed", deployed);
    check.skipped = skipped;
    checks.push(check);
    Ok(checks)
}

fn catalog_checks(
    conn: &mut PgConnection,
    set: &MigrationSet,
    views: &[&ViewDefinition],
) -> Result<Vec<Check>> {
    let state = status(conn, set)?;
    let mut checks = vec![
        Check::new(
            "no pending migrations",
            state
                .pending
                .iter()
                .map(|p| format!("{p} is not applied: run `biositing migrate`"))
                .collect(),
        ),
        Check::new("applied migrations unedited and known", state.problems()),
        Check::new(SCHEMA_CHECK, schema_mismatches(conn)?),
    ];

    let mut existence = Vec::new();
    let mut indexes = Vec::new();
    let mut mappings = Vec::new();
    for view in views {
        match live::populated(conn, view.name)? {
            None => existence.push(format!("{} does not exist", view.qualified_name())),
            Some(false) => existence.push(format!(
                "{} is not populated: run `biositing refresh {}`",
                view.qualified_name(),
                view.name
            )),
            Some(true) => {}
        }
        indexes.extend(
            live::index_mismatches(conn, view)?
                .into_iter()
                .map(|p| format!("{}: {p}", view.name)),
        );
        mappings.extend(view.mapping_mismatches(conn)?);
    }
    checks.push(Check::new("every view exists and is populated", existence));
    checks.push(Check::new(
        "every declared index exists as declared",
        indexes,
    ));
    checks.push(Check::new(
        "every typed mapping matches the live columns",
        mappings,
    ));
    Ok(checks)
}

/// The name of the check [`schema_mismatches`] feeds.
pub const SCHEMA_CHECK: &str = "crates/models/src/schema.rs matches the base tables";

#[derive(QueryableByName)]
struct LiveColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    type_name: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
}

/// Where a table's row and insert structs are, for the fix.
fn structs_of(table: &str) -> String {
    format!(
        "the structs with `#[diesel(table_name = crate::schema::{table})]` in crates/models/src"
    )
}

/// Differences between the schema compiled into this binary (`crates/models`,
/// what `diesel print-schema` wrote) and the live base tables: the tables of
/// the `public` schema except Diesel's and `biositing`'s bookkeeping (the
/// `diesel.toml` filter) and the Python stack's `alembic_version`, which an
/// adopted database keeps. One line per table or column, with the fix.
pub fn schema_mismatches(conn: &mut PgConnection) -> Result<Vec<String>> {
    let live: Vec<LiveColumn> = diesel::sql_query(
        "SELECT c.relname::text AS table_name, a.attname::text AS column_name,
                t.typname::text AS type_name, a.attnotnull AS not_null
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           JOIN pg_type t ON t.oid = a.atttypid
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            AND c.relname NOT IN ('__diesel_schema_migrations', 'alembic_version')
            AND c.relname NOT LIKE 'biositing\\_%'
          ORDER BY c.relname, a.attnum",
    )
    .load(conn)?;
    let not_managed = adopted_not_managed(conn)?;
    let live: Vec<LiveColumn> = live
        .into_iter()
        .filter(|c| {
            !not_managed.contains(&format!("table {}", c.table_name))
                && !not_managed.contains(&format!("column {}.{}", c.table_name, c.column_name))
        })
        .collect();
    Ok(compare_schema(base_tables(), &live))
}

/// What `biositing adopt` found beyond our tables and left alone (`table T`,
/// `column T.C`); empty for a database biositing built.
fn adopted_not_managed(conn: &mut PgConnection) -> Result<Vec<String>> {
    #[derive(QueryableByName)]
    struct Object {
        #[diesel(sql_type = Text)]
        object: String,
    }
    let exists: Vec<Object> =
        diesel::sql_query("SELECT 'yes'::text AS object WHERE to_regclass($1) IS NOT NULL")
            .bind::<Text, _>(format!("public.{NOT_MANAGED_TABLE}"))
            .load(conn)?;
    if exists.is_empty() {
        return Ok(Vec::new());
    }
    let objects: Vec<Object> = diesel::sql_query(format!(
        "SELECT object FROM public.{NOT_MANAGED_TABLE} ORDER BY object"
    ))
    .load(conn)?;
    Ok(objects.into_iter().map(|o| o.object).collect())
}

fn compare_schema(compiled: &[BaseTable], live: &[LiveColumn]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut live_tables: Vec<&str> = live.iter().map(|c| c.table_name.as_str()).collect();
    live_tables.dedup();
    for table in compiled {
        let columns: Vec<&LiveColumn> =
            live.iter().filter(|c| c.table_name == table.name).collect();
        if columns.is_empty() {
            problems.push(format!(
                "table {} of schema.rs is missing from the database: run `biositing migrate`, or if a migration dropped it, {PRINT_SCHEMA_FIX} and remove {}",
                table.name,
                structs_of(&table.name)
            ));
            continue;
        }
        for column in &table.columns {
            match columns.iter().find(|c| c.column_name == column.name) {
                None => problems.push(format!(
                    "{}.{} ({}) of schema.rs is missing from the database: {PRINT_SCHEMA_FIX} and remove the field from {}",
                    table.name,
                    column.name,
                    column.schema_type(),
                    structs_of(&table.name)
                )),
                Some(live) => {
                    let live_type = schema_type(live);
                    if live_type != column.schema_type() {
                        problems.push(format!(
                            "{}.{} is {live_type} in the database but {} in schema.rs: {PRINT_SCHEMA_FIX} and change the field's type in {}",
                            table.name,
                            column.name,
                            column.schema_type(),
                            structs_of(&table.name)
                        ));
                    }
                }
            }
        }
        for live in &columns {
            if table.column(&live.column_name).is_none() {
                problems.push(format!(
                    "{}.{} ({}) is in the database but not in schema.rs: {PRINT_SCHEMA_FIX} and add the field to {}",
                    table.name,
                    live.column_name,
                    schema_type(live),
                    structs_of(&table.name)
                ));
            }
        }
        let shared_live: Vec<&str> = columns
            .iter()
            .map(|c| c.column_name.as_str())
            .filter(|c| table.column(c).is_some())
            .collect();
        let shared_compiled: Vec<&str> = table
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .filter(|c| shared_live.contains(c))
            .collect();
        if shared_live != shared_compiled {
            problems.push(format!(
                "the columns of {} are in another order in the database than in schema.rs: {PRINT_SCHEMA_FIX} and reorder the fields of {}",
                table.name,
                structs_of(&table.name)
            ));
        }
    }
    for name in live_tables {
        if !compiled.iter().any(|t| t.name == name) {
            problems.push(format!(
                "table {name} is in the database but not in schema.rs: {PRINT_SCHEMA_FIX} and add its row and insert structs to crates/models"
            ));
        }
    }
    problems
}

/// A live column's type as `diesel print-schema` would write it.
fn schema_type(column: &LiveColumn) -> String {
    let ty = diesel_type_of(&column.type_name);
    if column.not_null {
        ty
    } else {
        format!("Nullable<{ty}>")
    }
}
