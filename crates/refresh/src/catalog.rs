//! What PostgreSQL knows about a view right now.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text};
use serde::Serialize;

use crate::sources::{user_matview_sql, view_key_sql};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, QueryableByName)]
pub struct ViewState {
    /// The view's key: its bare name in the portal schema, `schema.name` in
    /// any other (see [`crate::view_sources`]).
    #[diesel(sql_type = Text)]
    pub name: String,
    /// `schema.name` quoted for SQL, when the view exists.
    #[serde(skip)]
    #[diesel(sql_type = Nullable<Text>)]
    pub qualified: Option<String>,
    #[diesel(sql_type = Bool)]
    pub exists: bool,
    #[diesel(sql_type = Bool)]
    pub populated: bool,
    /// A unique index `REFRESH … CONCURRENTLY` can use: valid, immediate,
    /// btree, over plain columns only (no expression), without a WHERE clause.
    #[diesel(sql_type = Bool)]
    pub has_unique_index: bool,
    /// `None` when not measured: measuring takes a lock on the view
    /// (see [`view_states`]), which a blocking refresh holds.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub size_bytes: Option<i64>,
}

/// A name given without a schema is the portal schema's view of that name.
fn state_sql(size: &str) -> String {
    format!(
        "WITH views AS (
             SELECT c.oid, {key} AS key,
                    quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
                    c.relispopulated
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE {user_matview}
         )
         SELECT v.name, c.qualified,
                c.oid IS NOT NULL AS exists,
                coalesce(c.relispopulated, false) AS populated,
                coalesce(EXISTS (SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                                  WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid
                                    AND i.indimmediate AND i.indpred IS NULL
                                    AND ic.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
                                    AND i.indnatts > 0 AND 0 < ALL (i.indkey::int2[])), false)
                    AS has_unique_index,
                {size} AS size_bytes
           FROM unnest($1::text[]) WITH ORDINALITY AS v(name, position)
           LEFT JOIN views c ON c.key = v.name
          ORDER BY v.position",
        key = view_key_sql("c"),
        user_matview = user_matview_sql("c"),
    )
}

fn states(conn: &mut PgConnection, names: &[&str], size: &str) -> QueryResult<Vec<ViewState>> {
    let names: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
    diesel::sql_query(state_sql(size))
        .bind::<Array<Text>, _>(names)
        .load(conn)
}

/// Every materialized view of the database that the registry does not
/// define, by key, sorted: those of other schemas (an adopted database's
/// `ca_biositing` views) and any made by hand in the portal schema. Reads
/// only the catalog.
pub fn unmanaged_views(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Key {
        #[diesel(sql_type = Text)]
        key: String,
    }
    let keys: Vec<Key> = diesel::sql_query(format!(
        "SELECT {key} AS key FROM pg_class c WHERE {user_matview} ORDER BY 1",
        key = view_key_sql("c"),
        user_matview = user_matview_sql("c"),
    ))
    .load(conn)?;
    Ok(keys
        .into_iter()
        .map(|k| k.key)
        .filter(|k| !is_managed(k))
        .collect())
}

/// The registry defines the view of this key (its definition, mapping and
/// indexes are this project's).
pub fn is_managed(view: &str) -> bool {
    biositing_views::VIEWS.iter().any(|v| v.name == view)
}

/// The registry's views, then every other materialized view of the database
/// ([`unmanaged_views`]): what `refresh` and `views status` cover.
pub fn all_views(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    let mut names: Vec<String> = biositing_views::VIEWS
        .iter()
        .map(|v| v.name.to_string())
        .collect();
    names.extend(unmanaged_views(conn)?);
    Ok(names)
}

/// The state of each named view (by key), in the order given,
/// with its size. A missing view is reported with `exists = false`. Measuring
/// the size takes an ACCESS SHARE lock on each view, so this waits (up to the
/// session's `lock_timeout`) for a blocking refresh of one of them.
pub fn view_states(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<ViewState>> {
    states(
        conn,
        names,
        "CASE WHEN c.oid IS NULL THEN 0 ELSE pg_total_relation_size(c.oid) END",
    )
}

/// Like [`view_states`] without the size: reads only the catalog and takes no
/// lock on the views, so it never waits.
pub fn view_states_without_size(
    conn: &mut PgConnection,
    names: &[&str],
) -> QueryResult<Vec<ViewState>> {
    states(conn, names, "NULL::bigint")
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

/// Sessions holding or waiting for an ACCESS EXCLUSIVE lock on each named view
/// (a blocking refresh, DDL): reading the view would wait for them.
fn exclusive_lockers(
    conn: &mut PgConnection,
    names: &[&str],
) -> QueryResult<Vec<(String, String)>> {
    #[derive(QueryableByName)]
    struct Locker {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        sessions: String,
    }
    let names: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
    let rows: Vec<Locker> = diesel::sql_query(format!(
        "SELECT {key} AS name,
                string_agg(DISTINCT 'pid ' || l.pid || CASE WHEN l.granted THEN '' ELSE ' (waiting)' END, ', ') AS sessions
           FROM pg_locks l
           JOIN pg_class c ON c.oid = l.relation
          WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.pid <> pg_backend_pid()
            AND c.relkind = 'm' AND {key} = ANY($1::text[])
          GROUP BY 1",
        key = view_key_sql("c"),
    ))
    .bind::<Array<Text>, _>(names)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.name, r.sessions)).collect())
}

/// What `biositing views status` shows for one view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewStatus {
    #[serde(flatten)]
    pub state: ViewState,
    /// The registry defines it; `false` for every other materialized view
    /// (refreshed, logged and change-tracked alike, but with no definition,
    /// mapping or indexes here to check).
    pub managed: bool,
    /// Rows, when the view is populated (and not locked).
    pub rows: Option<i64>,
    /// Sessions holding the view under an ACCESS EXCLUSIVE lock (e.g. a blocking
    /// refresh): its rows and size are not measured rather than waited for.
    pub locked_by: Option<String>,
    pub last_success: Option<crate::RefreshLogEntry>,
    pub last_failure: Option<crate::RefreshLogEntry>,
    /// The newest attempt, whatever its outcome (`running`, `interrupted`…).
    pub last_attempt: Option<crate::RefreshLogEntry>,
    /// `fresh`, or `stale` since when and which relations it reads changed.
    pub freshness: crate::Freshness,
}

/// Catalog state, row count and refresh history of each named view. A view
/// locked by a blocking refresh or DDL is reported as locked instead of
/// waited for; every other wait is bounded by the session's timeouts (see
/// [`crate::set_session_timeouts`]).
pub fn views_status(conn: &mut PgConnection, names: &[&str]) -> QueryResult<Vec<ViewStatus>> {
    use crate::{last_attempt, last_refreshes, RefreshOutcome};
    let lockers = exclusive_lockers(conn, names)?;
    let locked_by = |name: &str| {
        lockers
            .iter()
            .find(|(view, _)| view == name)
            .map(|(_, sessions)| sessions.clone())
    };
    let free: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| locked_by(n).is_none())
        .collect();
    let mut measured = view_states(conn, &free)?.into_iter();
    let mut freshness = crate::freshness(conn, names)?.into_iter();
    let mut statuses = Vec::with_capacity(names.len());
    for state in view_states_without_size(conn, names)? {
        let locked = locked_by(&state.name);
        let state = if locked.is_some() {
            state
        } else {
            measured.next().unwrap_or(state)
        };
        let rows = match &state.qualified {
            Some(quoted) if state.populated && locked.is_none() => Some(row_count(conn, quoted)?),
            _ => None,
        };
        let Some(fresh) = freshness.next() else {
            return Err(diesel::result::Error::NotFound);
        };
        statuses.push(ViewStatus {
            freshness: fresh,
            rows,
            locked_by: locked,
            last_success: last_refreshes(conn, &state.name, RefreshOutcome::Succeeded)?,
            last_failure: last_refreshes(conn, &state.name, RefreshOutcome::Failed)?,
            last_attempt: last_attempt(conn, &state.name)?,
            managed: is_managed(&state.name),
            state,
        });
    }
    Ok(statuses)
}
