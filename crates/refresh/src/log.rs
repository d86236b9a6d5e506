//! `data_portal.refresh_log`: one row per refresh attempt.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "refresh_mode", schema = "data_portal"))]
    pub struct RefreshMode;

    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "refresh_outcome", schema = "data_portal"))]
    pub struct RefreshOutcome;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{RefreshMode, RefreshOutcome};

    data_portal.refresh_log (id) {
        id -> Int8,
        view_name -> Varchar,
        started_at -> Timestamptz,
        finished_at -> Timestamptz,
        duration_ms -> Int8,
        rows_after -> Nullable<Int8>,
        mode -> RefreshMode,
        outcome -> RefreshOutcome,
        error -> Nullable<Text>,
    }
}

/// How a view was refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel_derive_enum::DbEnum)]
#[ExistingTypePath = "sql_types::RefreshMode"]
#[serde(rename_all = "snake_case")]
pub enum RefreshMode {
    /// `REFRESH … CONCURRENTLY`: readers keep reading the old rows meanwhile.
    Concurrent,
    /// Plain `REFRESH`: readers wait; the only way to populate a view.
    Blocking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, diesel_derive_enum::DbEnum)]
#[ExistingTypePath = "sql_types::RefreshOutcome"]
#[serde(rename_all = "snake_case")]
pub enum RefreshOutcome {
    Succeeded,
    Failed,
    /// Another refresh of the view held its lock and `--skip-locked` was given.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = refresh_log)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct RefreshLogEntry {
    pub id: i64,
    pub view_name: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub rows_after: Option<i64>,
    pub mode: RefreshMode,
    pub outcome: RefreshOutcome,
    pub error: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_log)]
pub(crate) struct NewRefreshLogEntry<'a> {
    pub view_name: &'a str,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub rows_after: Option<i64>,
    pub mode: RefreshMode,
    pub outcome: RefreshOutcome,
    pub error: Option<&'a str>,
}

pub(crate) fn record(conn: &mut PgConnection, entry: &NewRefreshLogEntry<'_>) -> QueryResult<()> {
    diesel::insert_into(refresh_log::table)
        .values(entry)
        .execute(conn)?;
    Ok(())
}

/// The newest entry of `view_name` with the given outcome.
pub fn last_refreshes(
    conn: &mut PgConnection,
    view_name: &str,
    outcome: RefreshOutcome,
) -> QueryResult<Option<RefreshLogEntry>> {
    refresh_log::table
        .filter(refresh_log::view_name.eq(view_name))
        .filter(refresh_log::outcome.eq(outcome))
        .order(refresh_log::finished_at.desc())
        .select(RefreshLogEntry::as_select())
        .first(conn)
        .optional()
}
