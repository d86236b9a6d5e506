//! What a live database holds for a view, and comparisons with its definition.

use biositing_db::quote_ident;
use biositing_views::{ColumnSpec, ViewDefinition, PORTAL_SCHEMA};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sql_type: String,
}

/// The view's columns from `pg_attribute` (materialized views are missing from
/// `information_schema.columns`). Empty when the view does not exist.
pub fn columns(conn: &mut PgConnection, view: &str) -> QueryResult<Vec<(String, String)>> {
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)?;
    Ok(rows.into_iter().map(|c| (c.name, c.sql_type)).collect())
}

/// Differences between a mapping's columns and the live ones, as sentences.
pub fn column_mismatches(
    mapped: &[ColumnSpec],
    row_columns: &[String],
    live: &[(String, String)],
) -> Vec<String> {
    let mut problems = Vec::new();
    for position in 0..mapped.len().max(live.len()) {
        match (mapped.get(position), live.get(position)) {
            (Some(m), Some((name, sql_type))) if m.name != name || m.sql_type != sql_type => {
                problems.push(format!(
                    "column {}: mapped as {} {}, live is {name} {sql_type}",
                    position + 1,
                    m.name,
                    m.sql_type
                ))
            }
            (Some(m), None) => problems.push(format!(
                "column {}: mapped {} is not in the view",
                position + 1,
                m.name
            )),
            (None, Some((name, _))) => problems.push(format!(
                "column {}: live {name} is not mapped",
                position + 1
            )),
            _ => {}
        }
    }
    let mapped_names: Vec<&str> = mapped.iter().map(|c| c.name).collect();
    if row_columns
        .iter()
        .map(String::as_str)
        .ne(mapped_names.iter().copied())
    {
        problems.push(format!(
            "the row struct selects ({}) but the mapping has ({})",
            row_columns.join(", "),
            mapped_names.join(", ")
        ));
    }
    problems
}

/// Mapping problems of a registered view against the live database.
pub fn mapping_mismatches(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> QueryResult<Vec<String>> {
    let live = columns(conn, view.name)?;
    Ok(column_mismatches(
        view.columns,
        &(view.row_columns)(),
        &live,
    ))
}

#[derive(QueryableByName)]
struct Definition {
    #[diesel(sql_type = Text)]
    definition: String,
}

/// `CREATE INDEX` statements of the view's indexes as PostgreSQL prints them.
pub fn indexes(conn: &mut PgConnection, view: &str) -> QueryResult<Vec<String>> {
    let rows: Vec<Definition> = diesel::sql_query(
        "SELECT pg_get_indexdef(i.indexrelid) AS definition
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2
          ORDER BY 1",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.definition).collect())
}

/// Declared indexes missing from the database, and live ones not declared.
pub fn index_mismatches(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> QueryResult<Vec<String>> {
    let live = indexes(conn, view.name)?;
    let declared: Vec<String> = view
        .indexes
        .iter()
        .map(|i| i.indexdef(PORTAL_SCHEMA, view.name))
        .collect();
    let mut problems: Vec<String> = declared
        .iter()
        .filter(|d| !live.contains(d))
        .map(|d| format!("missing index: {d}"))
        .collect();
    problems.extend(
        live.iter()
            .filter(|l| !declared.contains(l))
            .map(|l| format!("undeclared index: {l}")),
    );
    Ok(problems)
}

/// Whether the deployed view computes what `definition` says. PostgreSQL
/// normalises both: the candidate is created in a scratch schema inside a
/// transaction that is always rolled back. `None` when the view is not deployed.
pub fn definition_matches(
    conn: &mut PgConnection,
    name: &str,
    definition: &str,
) -> QueryResult<Option<bool>> {
    let deployed = match view_definition(conn, PORTAL_SCHEMA, name)? {
        Some(d) => d,
        None => return Ok(None),
    };
    let scratch = "biositing_candidate";
    let mut candidate = None;
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        conn.batch_execute(&format!(
            "CREATE SCHEMA {schema}; CREATE MATERIALIZED VIEW {schema}.{view} AS\n{definition}\nWITH NO DATA;",
            schema = quote_ident(scratch),
            view = quote_ident(name),
            definition = definition.trim_end(),
        ))?;
        candidate = view_definition(conn, scratch, name)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    match outcome {
        Err(diesel::result::Error::RollbackTransaction) | Ok(()) => {
            Ok(candidate.map(|c| c == deployed))
        }
        Err(e) => Err(e),
    }
}

fn view_definition(
    conn: &mut PgConnection,
    schema: &str,
    name: &str,
) -> QueryResult<Option<String>> {
    let rows: Vec<Definition> = diesel::sql_query(
        "SELECT pg_get_viewdef(c.oid) AS definition
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(schema)
    .bind::<Text, _>(name)
    .load(conn)?;
    Ok(rows.into_iter().next().map(|r| r.definition))
}

#[derive(QueryableByName)]
struct Populated {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    populated: bool,
}

/// `Some(populated?)` for an existing view, `None` when it does not exist.
pub fn populated(conn: &mut PgConnection, view: &str) -> QueryResult<Option<bool>> {
    let rows: Vec<Populated> = diesel::sql_query(
        "SELECT c.relispopulated AS populated
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)?;
    Ok(rows.into_iter().next().map(|r| r.populated))
}
