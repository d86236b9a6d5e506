//! Streaming standbys named by `--replica`, `--wait-for-replicas` or
//! `DATABASE_REPLICA_URLS`: how far each is behind, whether it shows each
//! view's last successful refresh, and waiting for it to catch up.

use std::time::{Duration, Instant};

use biositing_db::replica::{
    current_wal_position, replay_state, server_identity, ReplicaLag, ServerIdentity, WalPosition,
};
use biositing_db::DatabaseUrl;
use biositing_refresh::{last_success_positions, set_session_timeouts};
use diesel::PgConnection;
use serde::Serialize;

use super::InputError;
use crate::output;

/// Environment variable with the standbys' URLs, comma-separated.
pub const REPLICA_URLS_ENV: &str = "DATABASE_REPLICA_URLS";

/// `--replica URL…` (else `DATABASE_REPLICA_URLS`), for commands that read standbys.
#[derive(Debug, Clone, clap::Args)]
pub struct ReplicaArgs {
    /// A streaming standby of the database to check too (repeat, or separate URLs with commas; default: DATABASE_REPLICA_URLS)
    #[arg(
        long = "replica",
        value_name = "URL",
        env = REPLICA_URLS_ENV,
        hide_env_values = true,
        value_delimiter = ','
    )]
    replicas: Vec<String>,
}

impl ReplicaArgs {
    pub fn urls(&self) -> anyhow::Result<Vec<DatabaseUrl>> {
        parse_replica_urls(&self.replicas, "--replica")
    }
}

/// The standbys' URLs, checked. `flag` names the option in messages; a value
/// that is not a URL is named only when it is a view's name (anything else
/// may hold a password).
pub fn parse_replica_urls(values: &[String], flag: &str) -> anyhow::Result<Vec<DatabaseUrl>> {
    let mut urls: Vec<DatabaseUrl> = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if !value.contains("://") {
            let what = if biositing_views::VIEWS.iter().any(|v| v.name == value) {
                format!("`{value}` is a view: put view names before {flag}")
            } else {
                "a value is not a postgres:// URL".to_string()
            };
            return Err(InputError(format!(
                "{flag} takes the standbys' URLs (postgres://USER@HOST:PORT/DATABASE, several separated by commas): {what}"
            ))
            .into());
        }
        let url = DatabaseUrl::parse(value).map_err(|e| {
            InputError(format!(
                "{flag} (or {REPLICA_URLS_ENV}): replica {}: {e}",
                urls.len() + 1
            ))
        })?;
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    Ok(urls)
}

/// `DATABASE_REPLICA_URLS` split at its commas (after `.env` was read).
pub fn replica_urls_from_env() -> Vec<String> {
    std::env::var(REPLICA_URLS_ENV)
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

/// Timeouts for the statements run on standbys.
#[derive(Debug, Clone, Copy)]
pub struct ReplicaTimeouts {
    pub lock: Duration,
    pub statement: Duration,
}

impl Default for ReplicaTimeouts {
    fn default() -> Self {
        Self {
            lock: Duration::from_secs(5),
            statement: Duration::from_secs(60),
        }
    }
}

/// Opens a connection to a standby, bounded by `timeouts` from the first
/// packet; refuses a server that is not one, and a standby of another cluster
/// or timeline than `primary`'s (its WAL positions mean nothing here).
fn connect_standby(
    url: &DatabaseUrl,
    timeouts: ReplicaTimeouts,
    primary: &ServerIdentity,
) -> anyhow::Result<PgConnection> {
    let bounded = url.with_default_connect_timeout(timeouts.statement.min(Duration::from_secs(
        u64::from(biositing_db::DEFAULT_CONNECT_TIMEOUT_SECS),
    )));
    let mut conn = biositing_db::connect(&bounded)?;
    set_session_timeouts(&mut conn, timeouts.lock, Some(timeouts.statement))?;
    if !biositing_db::is_in_recovery(&mut conn)? {
        return Err(InputError(
            "it is not a standby (pg_is_in_recovery() is false): give the standbys' URLs, not the primary's".into(),
        )
        .into());
    }
    if let Some(mismatch) = primary.mismatch(&server_identity(&mut conn)?) {
        return Err(InputError(mismatch).into());
    }
    Ok(conn)
}

/// Whether a standby shows a view's last successful refresh.
#[derive(Debug, Clone, Serialize)]
pub struct ViewReplay {
    pub view: String,
    /// The primary's WAL position once that refresh committed.
    pub last_success_lsn: Option<WalPosition>,
    /// `None` when unknown: never refreshed, or refreshed before positions
    /// were recorded.
    pub replayed: Option<bool>,
}

/// One standby, as `views status --replica` and `verify --replica` see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaState {
    pub replica: String,
    pub reachable: bool,
    /// Why the standby could not be read (unreachable, not a standby…).
    pub error: Option<String>,
    /// The last WAL position it replayed (what its readers see).
    pub replayed_lsn: Option<WalPosition>,
    pub lag: Option<ReplicaLag>,
    pub views: Vec<ViewReplay>,
}

impl ReplicaState {
    /// Views whose last successful refresh the standby has not replayed yet.
    pub fn behind_on(&self) -> Vec<&str> {
        self.views
            .iter()
            .filter(|v| v.replayed == Some(false))
            .map(|v| v.view.as_str())
            .collect()
    }

    /// What `verify` fails on: unreachable, not a standby, or a view's last
    /// successful refresh not replayed.
    pub fn problems(&self) -> Vec<String> {
        if let Some(error) = &self.error {
            return vec![format!("replica {}: {error}", self.replica)];
        }
        let behind = self.behind_on();
        if behind.is_empty() {
            return Vec::new();
        }
        vec![format!(
            "replica {} has not replayed the last successful refresh of {}{}",
            self.replica,
            behind.join(", "),
            self.lag.as_ref().map_or_else(String::new, lag_text)
        )]
    }
}

/// `(12 kB behind, lag 3.2 s)`.
fn lag_text(lag: &ReplicaLag) -> String {
    let bytes = lag.bytes.map_or_else(|| "? bytes".into(), output::bytes);
    let lag = lag.time.map_or_else(|| "unknown".into(), output::duration);
    format!(" ({bytes} behind, lag {lag})")
}

/// Reads every standby in `urls` against the server behind `conn` (the
/// primary, normally): replay position, lag, and per view of `view_names`
/// whether its last successful refresh is replayed. An unreachable standby is
/// reported in its state, not as an error.
pub fn probe_replicas(
    conn: &mut PgConnection,
    urls: &[DatabaseUrl],
    view_names: &[&str],
    timeouts: ReplicaTimeouts,
) -> anyhow::Result<Vec<ReplicaState>> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    let positions = last_success_positions(conn, view_names)?;
    let primary = server_identity(conn)?;
    Ok(urls
        .iter()
        .map(|url| {
            // The primary's position first, so that a write in between never
            // shows as negative lag; none when --database-url is a standby.
            let reference = if biositing_db::is_in_recovery(conn).unwrap_or(true) {
                None
            } else {
                current_wal_position(conn).ok()
            };
            let read = connect_standby(url, timeouts, &primary)
                .and_then(|mut standby| Ok(replay_state(&mut standby)?));
            match read {
                Ok(state) => ReplicaState {
                    replica: url.redacted(),
                    reachable: true,
                    error: None,
                    views: positions
                        .iter()
                        .map(|(view, lsn)| ViewReplay {
                            view: view.clone(),
                            last_success_lsn: *lsn,
                            replayed: lsn.map(|lsn| state.replayed.is_some_and(|r| r >= lsn)),
                        })
                        .collect(),
                    replayed_lsn: state.replayed,
                    lag: Some(state.lag(reference)),
                },
                Err(e) => ReplicaState {
                    replica: url.redacted(),
                    reachable: !e.is::<biositing_db::Error>(),
                    error: Some(output::one_line(&e)),
                    replayed_lsn: None,
                    lag: None,
                    views: Vec::new(),
                },
            }
        })
        .collect())
}

/// One line per standby, for `views status`.
pub fn print_states(states: &[ReplicaState]) {
    for state in states {
        let Some(lag) = state.lag.as_ref().filter(|_| state.error.is_none()) else {
            println!(
                "replica {}: {}",
                state.replica,
                state.error.as_deref().unwrap_or("unknown error")
            );
            continue;
        };
        let replayed = state
            .replayed_lsn
            .map_or_else(|| "?".into(), |l| l.to_string());
        let behind = state.behind_on();
        let unknown: Vec<&str> = state
            .views
            .iter()
            .filter(|v| v.replayed.is_none())
            .map(|v| v.view.as_str())
            .collect();
        let mut views = if behind.is_empty() {
            "shows every view's last successful refresh".to_string()
        } else {
            format!(
                "has NOT replayed the last successful refresh of {}",
                behind.join(", ")
            )
        };
        if !unknown.is_empty() {
            views.push_str(&format!(
                " (unknown for {}: never refreshed, or before positions were recorded)",
                unknown.join(", ")
            ));
        }
        println!(
            "replica {}: replayed up to {replayed}{}; {views}",
            state.replica,
            lag_text(lag)
        );
    }
}

/// How one standby's wait for the refreshes went.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaWait {
    pub replica: String,
    pub caught_up: bool,
    /// From the end of the refreshes until the standby had replayed them (or
    /// the wait ended).
    pub waited_ms: u64,
    /// The last WAL position it was seen to have replayed.
    pub replayed_lsn: Option<WalPosition>,
    /// Its lag behind the target position when last seen.
    pub lag: Option<ReplicaLag>,
    pub error: Option<String>,
}

/// Waits until every standby has replayed the primary's WAL up to `target`,
/// polling them in turn, for at most `timeout` in all (connecting included).
/// Progress lines when `show_progress`.
pub fn wait_for_replicas(
    urls: &[DatabaseUrl],
    primary: &ServerIdentity,
    target: WalPosition,
    timeout: Duration,
    show_progress: bool,
) -> Vec<ReplicaWait> {
    const POLL: Duration = Duration::from_millis(100);
    const PROGRESS_EVERY: Duration = Duration::from_secs(5);
    let started = Instant::now();
    let millis = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let timeouts = ReplicaTimeouts {
        lock: timeout,
        // A statement on a standby is quick; 0 (check once) still lets it run.
        statement: timeout.max(Duration::from_secs(1)),
    };
    let mut waits: Vec<ReplicaWait> = Vec::new();
    let mut pending: Vec<(usize, PgConnection)> = Vec::new();
    for url in urls {
        let index = waits.len();
        waits.push(ReplicaWait {
            replica: url.redacted(),
            caught_up: false,
            waited_ms: 0,
            replayed_lsn: None,
            lag: None,
            error: None,
        });
        match connect_standby(url, timeouts, primary) {
            Ok(conn) => pending.push((index, conn)),
            Err(e) => waits[index].error = Some(output::one_line(&e)),
        }
    }
    let mut next_progress = PROGRESS_EVERY;
    while !pending.is_empty() {
        let elapsed = started.elapsed();
        pending.retain_mut(|(index, conn)| {
            let wait = &mut waits[*index];
            wait.waited_ms = millis(started.elapsed());
            match replay_state(conn) {
                Ok(state) => {
                    let caught_up = state.replayed.is_some_and(|r| r >= target);
                    if caught_up && show_progress {
                        println!(
                            "replica {}: caught up in {}",
                            wait.replica,
                            output::duration(started.elapsed())
                        );
                    }
                    wait.caught_up = caught_up;
                    wait.replayed_lsn = state.replayed;
                    wait.lag = Some(state.lag(Some(target)));
                    !caught_up
                }
                Err(e) => {
                    wait.error = Some(format!("lost while waiting: {e}"));
                    false
                }
            }
        });
        if pending.is_empty() || elapsed >= timeout {
            break;
        }
        if show_progress && elapsed >= next_progress {
            next_progress += PROGRESS_EVERY;
            for (index, _) in &pending {
                let wait = &waits[*index];
                println!(
                    "replica {}: still replaying after {}{}",
                    wait.replica,
                    output::duration(elapsed),
                    wait.lag.as_ref().map_or_else(String::new, lag_text)
                );
            }
        }
        std::thread::sleep(POLL.min(timeout.saturating_sub(started.elapsed())));
    }
    for (index, _) in &pending {
        let wait = &mut waits[*index];
        wait.error = Some(format!(
            "has not replayed the refreshes within --replica-timeout ({}){}",
            output::duration(timeout),
            wait.lag.as_ref().map_or_else(String::new, lag_text)
        ));
    }
    waits
}
