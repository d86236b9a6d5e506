//! Refreshing the materialized views of the database (the registry's
//! `data_portal` views and every other one, e.g. an adopted database's
//! `ca_biositing` views, which the registry does not define): each view in its own
//! transaction and under its own advisory lock, independent views in parallel
//! over an r2d2 pool, a view after the views it reads (found in `pg_depend`),
//! `CONCURRENTLY` whenever readers would otherwise be blocked, and every attempt
//! recorded in `data_portal.refresh_log` (from its start, so an interrupted
//! attempt is on record too). Every statement runs under the caller's lock and
//! statement timeouts ([`set_session_timeouts`]).

mod catalog;
mod duration;
mod log;
mod plan;
mod run;
mod sources;
mod tracking;

pub use catalog::{
    all_views, is_managed, unmanaged_views, view_states, view_states_without_size, views_status,
    ViewState, ViewStatus,
};
pub use duration::{parse_duration, set_session_timeouts, MAX_TIMEOUT};
pub use log::{
    last_attempt, last_refreshes, last_success_positions, RefreshLogEntry, RefreshMode,
    RefreshOutcome,
};
pub use plan::{RefreshPlan, RefreshTarget};
pub use run::{refresh, ModeChoice, RefreshEvent, RefreshOptions, RefreshReport, ViewResult};
pub use sources::{view_sources, ViewSource, ADOPTION_BACKUP_SCHEMA};
pub use tracking::{
    freshness, opaque_views, prune_changes, untracked_sources, untracked_tables, untracking_fix,
    Freshness, FreshnessState, UntrackedTable,
};

/// Errors that stop a refresh before any view is touched.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown view `{name}`: valid names are {}", valid.join(", "))]
    UnknownView { name: String, valid: Vec<String> },
    #[error("view name `{name}` is ambiguous: it names {}; give one of them", candidates.join(" and "))]
    AmbiguousView {
        name: String,
        candidates: Vec<String>,
    },
    #[error("materialized view {0} does not exist in the database: run `biositing migrate` first, or check the name")]
    MissingView(String),
    #[error("invalid duration `{0}`: use a number with a unit, e.g. 500ms, 30s, 5m")]
    InvalidDuration(String),
    #[error(
        "duration `{0}` is too long: PostgreSQL takes timeouts of at most 596h (2147483647ms)"
    )]
    DurationTooLong(String),
    #[error("cannot get a database connection from the pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

impl Error {
    /// Bad names or arguments, as opposed to a failed operation.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::UnknownView { .. }
                | Error::AmbiguousView { .. }
                | Error::InvalidDuration(_)
                | Error::DurationTooLong(_)
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
