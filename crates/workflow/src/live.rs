//! What a live database holds for a view, and comparisons with its definition.

use biositing_db::quote_ident;
use biositing_views::{ViewDefinition, PORTAL_SCHEMA};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

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
    let scratch = crate::scratch::scratch_schema(conn, "candidate")?;
    let scratch = scratch.as_str();
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
