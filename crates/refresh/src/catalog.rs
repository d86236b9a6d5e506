//! What PostgreSQL knows about a view right now.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use serde::Serialize;

use biositing_views::PORTAL_SCHEMA;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, QueryableByName)]
pub struct ViewState {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Bool)]
    pub exists: bool,
    #[diesel(sql_type = Bool)]
    pub populated: bool,
    /// A valid unique index without a WHERE clause, as `CONCURRENTLY` requires.
    #[diesel(sql_type = Bool)]
    pub has_unique_index: bool,
    #[diesel(sql_type = BigInt)]
    pub size_bytes: i64,
}

/// The state of each named view of the portal schema, in the order given.
/// A missing view is reported with `exists = false`.
pub fn view_states(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<ViewState>> {
    let names: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
    diesel::sql_query(
        "SELECT v.name,
                c.oid IS NOT NULL AS exists,
                coalesce(c.relispopulated, false) AS populated,
                coalesce(EXISTS (SELECT 1 FROM pg_index i
                                  WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid
                                    AND i.indpred IS NULL), false) AS has_unique_index,
                coalesce(pg_total_relation_size(c.oid), 0) AS size_bytes
           FROM unnest($1::text[]) WITH ORDINALITY AS v(name, position)
           LEFT JOIN pg_namespace n ON n.nspname = $2
           LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = v.name AND c.relkind = 'm'
          ORDER BY v.position",
    )
    .bind::<diesel::sql_types::Array<Text>, _>(names)
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)
}

/// Rows in a populated view.
pub(crate) fn row_count(conn: &mut PgConnection, quoted_view: &str) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let row: Count = diesel::sql_query(format!("SELECT count(*) AS count FROM {quoted_view}"))
        .get_result(conn)?;
    Ok(row.count)
}

/// What `biositing views status` shows for one view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewStatus {
    #[serde(flatten)]
    pub state: ViewState,
    /// Rows, when the view is populated.
    pub rows: Option<i64>,
    pub last_success: Option<crate::RefreshLogEntry>,
    pub last_failure: Option<crate::RefreshLogEntry>,
}

/// Catalog state, row count and refresh history of each named view.
pub fn views_status(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<ViewStatus>> {
    use crate::{last_refreshes, RefreshOutcome};
    view_states(conn, names)?
        .into_iter()
        .map(|state| {
            let rows = if state.populated {
                let quoted = format!(
                    "{}.{}",
                    biositing_db::quote_ident(PORTAL_SCHEMA),
                    biositing_db::quote_ident(&state.name)
                );
                Some(row_count(conn, &quoted)?)
            } else {
                None
            };
            Ok(ViewStatus {
                rows,
                last_success: last_refreshes(conn, &state.name, RefreshOutcome::Succeeded)?,
                last_failure: last_refreshes(conn, &state.name, RefreshOutcome::Failed)?,
                state,
            })
        })
        .collect()
}
