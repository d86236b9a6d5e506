//! A read pool for portal code: the typed view queries run on healthy
//! hot-standby replicas, the primary takes what replicas cannot.
//!
//! [`PortalReader`] holds an r2d2 pool on the primary and one per replica URL.
//! [`PortalReader::read`] runs a query on a healthy replica, taking the
//! replicas in turn (round robin), and falls back to the primary when none is
//! healthy, without an error. [`PortalReader::read_with`] with
//! [`Consistency::ReadYourRefresh`] reads on the primary (what was just
//! refreshed is there), and [`Consistency::Replayed`] on a replica that has
//! replayed a given WAL position, else the primary. [`PortalReader::primary`]
//! is the only way to a writable connection: writes and refreshes never go to
//! a replica.
//!
//! A replica is **healthy** when it is reachable, `pg_is_in_recovery()` is
//! true (a promoted replica is no longer one) and its replay lag is within
//! [`PortalReaderBuilder::max_replay_lag`]. Health is checked at most once per
//! [`PortalReaderBuilder::health_check_interval`] per replica, by the caller
//! that finds it due, so reads pay no extra round trip for it. Lag is measured
//! as in [`biositing_db::replica`].
//!
//! # Two ways to read
//!
//! - [`PortalReader::read`] / [`PortalReader::read_with`] take the query as a
//!   closure: **the fast path**. The pools are built from
//!   [`biositing_db::pool::reader_pool_builder`], without r2d2's checkout ping,
//!   so a read costs no round trip besides its own. A pooled connection that
//!   turns out dead (a replica stopped or restarted, a backend terminated) is
//!   found by the query failing with Diesel's
//!   `DatabaseErrorKind::ClosedConnection`: the replica is marked unreachable
//!   and the closure runs again on the next healthy replica, else the primary,
//!   where it gets one more try on a connection that answered a ping. Query
//!   errors are never retried. The closure may run more than once: keep it a
//!   read.
//! - [`PortalReader::get`] / [`PortalReader::get_with`] hand out a connection,
//!   for code that needs one; nothing it runs can be retried, so each checkout
//!   pings the connection first (`SELECT 1`, one more round trip), and a
//!   connection that fails the ping is closed and another taken, as a failed
//!   checkout. [`PortalReader::primary`] pings likewise.
//!
//! Every pooled connection gets the session settings
//! ([`PortalReaderBuilder::statement_timeout`]). The connections (and the
//! closure's argument) are `PgConnection`s, so the typed queries of
//! `biositing-views` take them unchanged:
//!
//! ```no_run
//! use std::time::Duration;
//! use biositing_db::DatabaseUrl;
//! use biositing_reader::{Consistency, PortalReader};
//! use biositing_views::mv_biomass_availability;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let primary = DatabaseUrl::parse("postgres://portal@db-primary/biositing")?;
//! let replica = DatabaseUrl::parse("postgres://portal@db-replica-1/biositing")?;
//! let reader = PortalReader::builder(primary)
//!     .replica(replica)
//!     .max_replay_lag(Duration::from_secs(5))
//!     .health_check_interval(Duration::from_secs(2))
//!     .build()?;
//!
//! // The fast path: on a healthy replica, else on the primary; a dead pooled
//! // connection is retried elsewhere.
//! let row = reader.read(|conn| mv_biomass_availability::for_resource(conn, 1))?;
//!
//! // Right after a refresh on the primary: read what it wrote.
//! let row = reader.read_with(Consistency::ReadYourRefresh, |conn| {
//!     mv_biomass_availability::for_resource(conn, 1)
//! })?;
//!
//! // Or let any replica serve that has replayed up to the refresh, and say
//! // which one did.
//! let refreshed_at = reader.wal_position()?;
//! let (row, source) = reader.read_on(Consistency::Replayed(refreshed_at), |conn| {
//!     mv_biomass_availability::for_resource(conn, 1)
//! })?;
//! println!("{row:?} (read on {source})");
//!
//! // A connection to hold (one ping per checkout).
//! let mut conn = reader.get()?;
//! let row = mv_biomass_availability::for_resource(&mut conn, 1)?;
//! println!("{row:?} (read on {})", conn.source());
//!
//! for health in reader.replica_health() {
//!     println!("{}: healthy {} lag {:?}", health.replica, health.healthy, health.lag);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use biositing_db::database_url::scrub;
use biositing_db::replica::{current_wal_position, has_replayed, replay_state};
pub use biositing_db::replica::{ReplayState, ReplicaLag, WalPosition};
use biositing_db::DatabaseUrl;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{
    ConnectionManager, CustomizeConnection, Pool, PooledConnection, R2D2Connection,
};
use scheduled_thread_pool::ScheduledThreadPool;
use serde::Serialize;

/// A pooled connection to the primary or a replica (derefs to `PgConnection`).
pub type PooledPg = PooledConnection<ConnectionManager<PgConnection>>;

type PgPool = Pool<ConnectionManager<PgConnection>>;

/// Failures of the read pool. Messages never hold a password.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidInput(String),

    #[error("no connection to the primary {target} within {} ms ({detail}): check that it runs and accepts connections, or raise the checkout timeout", timeout.as_millis())]
    PrimaryUnavailable {
        target: String,
        timeout: Duration,
        detail: String,
    },

    #[error("query on the primary {target} failed: {source}")]
    PrimaryQuery {
        target: String,
        source: diesel::result::Error,
    },

    /// A [`PortalReader::read`] whose closure failed: with a query error (on
    /// whichever server ran it; never retried), or on the primary with a dead
    /// connection twice in a row.
    #[error("read on {target} failed: {source}")]
    Read {
        /// Where it ran.
        on: ReadSource,
        /// That server, its URL redacted.
        target: String,
        source: diesel::result::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a read may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consistency {
    /// Any healthy replica (within the lag bound), else the primary.
    #[default]
    Replica,
    /// The primary: sees every committed write and refresh at once.
    ReadYourRefresh,
    /// A healthy replica that has replayed up to this position of the
    /// primary's WAL (from [`PortalReader::wal_position`] after a write or a
    /// refresh), else the primary. Costs one query on the replica.
    Replayed(WalPosition),
}

/// Which server a [`ReadConnection`] is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadSource {
    Primary,
    /// The replica at this index of the builder's list (its URL redacted).
    Replica {
        index: usize,
        url: String,
    },
}

impl fmt::Display for ReadSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadSource::Primary => f.write_str("the primary"),
            ReadSource::Replica { url, .. } => write!(f, "replica {url}"),
        }
    }
}

/// A connection for reads; derefs to `PgConnection` for the typed queries.
pub struct ReadConnection {
    conn: PooledPg,
    source: ReadSource,
}

impl ReadConnection {
    /// The server this connection is on.
    pub fn source(&self) -> &ReadSource {
        &self.source
    }

    /// Whether it is on a replica.
    pub fn is_replica(&self) -> bool {
        matches!(self.source, ReadSource::Replica { .. })
    }
}

impl Deref for ReadConnection {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.conn
    }
}

impl DerefMut for ReadConnection {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.conn
    }
}

/// What the last health check (or failed checkout) found about a replica.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplicaHealth {
    /// The replica's URL, redacted.
    pub replica: String,
    /// Whether reads go there.
    pub healthy: bool,
    /// A connection could be checked out.
    pub reachable: bool,
    /// `pg_is_in_recovery()`, when reachable.
    pub in_recovery: Option<bool>,
    /// Replay lag, when reachable.
    pub lag: Option<ReplicaLag>,
    /// Why it is not healthy.
    pub problem: Option<String>,
    /// Milliseconds since that was found (`None`: never checked yet).
    pub age_ms: Option<u64>,
}

/// Builds a [`PortalReader`]; see the crate documentation for an example.
#[derive(Debug, Clone)]
pub struct PortalReaderBuilder {
    primary: DatabaseUrl,
    replicas: Vec<DatabaseUrl>,
    max_replay_lag: Duration,
    health_check_interval: Duration,
    health_check_timeout: Duration,
    max_size: u32,
    primary_checkout_timeout: Duration,
    replica_checkout_timeout: Duration,
    statement_timeout: Option<Duration>,
}

impl PortalReaderBuilder {
    /// Adds a replica (a hot standby of the primary).
    pub fn replica(mut self, url: DatabaseUrl) -> Self {
        self.replicas.push(url);
        self
    }

    /// Adds several replicas.
    pub fn replicas(mut self, urls: impl IntoIterator<Item = DatabaseUrl>) -> Self {
        self.replicas.extend(urls);
        self
    }

    /// A replica further behind than this serves no reads (default 10 s).
    pub fn max_replay_lag(mut self, lag: Duration) -> Self {
        self.max_replay_lag = lag;
        self
    }

    /// How often a replica's health is checked again (default 5 s).
    pub fn health_check_interval(mut self, interval: Duration) -> Self {
        self.health_check_interval = interval;
        self
    }

    /// The statement timeout of a health check's queries (default 2 s).
    pub fn health_check_timeout(mut self, timeout: Duration) -> Self {
        self.health_check_timeout = timeout;
        self
    }

    /// Connections per pool, the primary's and each replica's (default 10).
    pub fn max_size(mut self, size: u32) -> Self {
        self.max_size = size;
        self
    }

    /// How long a checkout on the primary may wait (default 30 s).
    pub fn primary_checkout_timeout(mut self, timeout: Duration) -> Self {
        self.primary_checkout_timeout = timeout;
        self
    }

    /// How long a checkout on a replica may wait before the read moves on to
    /// the next replica or the primary (default 1 s).
    pub fn replica_checkout_timeout(mut self, timeout: Duration) -> Self {
        self.replica_checkout_timeout = timeout;
        self
    }

    /// `statement_timeout` of every pooled connection (default: the server's).
    pub fn statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = Some(timeout);
        self
    }

    /// Creates the pools. Connections open in the background: an unreachable
    /// replica (or primary) does not fail this, the reads find out.
    pub fn build(self) -> Result<PortalReader> {
        if self.max_size == 0 {
            return Err(Error::InvalidInput(
                "a pool of 0 connections: use max_size(1) or more".into(),
            ));
        }
        for (i, replica) in self.replicas.iter().enumerate() {
            if replica == &self.primary {
                return Err(Error::InvalidInput(format!(
                    "replica {} is the primary's URL ({}): list the replicas' URLs only",
                    i + 1,
                    replica.redacted()
                )));
            }
        }
        for (what, timeout) in [
            ("statement timeout", self.statement_timeout),
            ("health check timeout", Some(self.health_check_timeout)),
        ] {
            if timeout.is_some_and(|t| t.is_zero() || t.as_millis() > i32::MAX as u128) {
                return Err(Error::InvalidInput(format!(
                    "the {what} must be between 1 ms and {} ms",
                    i32::MAX
                )));
            }
        }
        // One set of worker threads for all the pools, not three per pool.
        let workers = Arc::new(
            ScheduledThreadPool::builder()
                .num_threads(3)
                .thread_name_pattern("portal-reader-{}")
                .build(),
        );
        let pool = |url: &DatabaseUrl, timeout: Duration| -> PgPool {
            // The shared reader configuration (no checkout ping, idle and
            // lifetime limits), then this reader's own settings.
            biositing_db::pool::reader_pool_builder()
                .max_size(self.max_size)
                .min_idle(Some(1))
                .connection_timeout(timeout)
                .thread_pool(Arc::clone(&workers))
                .connection_customizer(Box::new(SessionSettings {
                    statement_timeout: self.statement_timeout,
                }))
                .build_unchecked(ConnectionManager::new(url.connection_string()))
        };
        let primary = pool(&self.primary, self.primary_checkout_timeout);
        let replicas = self
            .replicas
            .iter()
            .map(|url| Replica {
                pool: pool(url, self.replica_checkout_timeout),
                state: Mutex::new(HealthState::unchecked(url.redacted())),
                checking: AtomicBool::new(false),
                url: url.clone(),
            })
            .collect();
        Ok(PortalReader {
            primary,
            primary_url: self.primary,
            replicas,
            next: AtomicUsize::new(0),
            max_replay_lag: self.max_replay_lag,
            health_check_interval: self.health_check_interval,
            health_check_timeout: self.health_check_timeout,
            replica_checkout_timeout: self.replica_checkout_timeout,
        })
    }
}

/// Applies the session settings to every new pooled connection.
#[derive(Debug)]
struct SessionSettings {
    statement_timeout: Option<Duration>,
}

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        if let Some(timeout) = self.statement_timeout {
            conn.batch_execute(&format!("SET statement_timeout = {}", timeout.as_millis()))
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The read pool: see the crate documentation.
pub struct PortalReader {
    primary: PgPool,
    primary_url: DatabaseUrl,
    replicas: Vec<Replica>,
    next: AtomicUsize,
    max_replay_lag: Duration,
    health_check_interval: Duration,
    health_check_timeout: Duration,
    replica_checkout_timeout: Duration,
}

struct Replica {
    url: DatabaseUrl,
    pool: PgPool,
    state: Mutex<HealthState>,
    /// Set while one caller checks, so the others use the last result.
    checking: AtomicBool,
}

struct HealthState {
    health: ReplicaHealth,
    checked_at: Option<Instant>,
}

impl HealthState {
    fn unchecked(replica: String) -> Self {
        HealthState {
            health: ReplicaHealth {
                replica,
                healthy: false,
                reachable: false,
                in_recovery: None,
                lag: None,
                problem: Some("not checked yet".into()),
                age_ms: None,
            },
            checked_at: None,
        }
    }
}

impl fmt::Debug for PortalReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortalReader")
            .field("primary", &self.primary_url.redacted())
            .field(
                "replicas",
                &self
                    .replicas
                    .iter()
                    .map(|r| r.url.redacted())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl PortalReader {
    /// A builder for a reader on this primary.
    pub fn builder(primary: DatabaseUrl) -> PortalReaderBuilder {
        PortalReaderBuilder {
            primary,
            replicas: Vec::new(),
            max_replay_lag: Duration::from_secs(10),
            health_check_interval: Duration::from_secs(5),
            health_check_timeout: Duration::from_secs(2),
            max_size: 10,
            primary_checkout_timeout: Duration::from_secs(30),
            replica_checkout_timeout: Duration::from_secs(1),
            statement_timeout: None,
        }
    }

    /// A connection for reads on a healthy replica, else on the primary
    /// ([`Consistency::Replica`]). Costs one ping (`SELECT 1`) per checkout,
    /// since a failure on the connection handed out cannot be retried here:
    /// prefer [`PortalReader::read`].
    pub fn get(&self) -> Result<ReadConnection> {
        self.get_with(Consistency::Replica)
    }

    /// A connection for reads with the given consistency. Fails only when the
    /// read has to go to the primary and the primary cannot be reached.
    ///
    /// The connection answered a ping (with [`Consistency::Replayed`] on a
    /// replica, the replay check that runs anyway) before it is handed out; one
    /// that does not is closed and another taken, as a failed checkout.
    pub fn get_with(&self, consistency: Consistency) -> Result<ReadConnection> {
        if let Some(position) = replica_wanted(consistency) {
            for (index, replica) in self.replica_order() {
                if let Some(conn) = self.replica_checkout(replica, position, true) {
                    return Ok(ReadConnection {
                        conn,
                        source: replica.source(index),
                    });
                }
            }
        }
        Ok(ReadConnection {
            conn: self.primary()?,
            source: ReadSource::Primary,
        })
    }

    /// Runs `query` on a healthy replica, else on the primary
    /// ([`Consistency::Replica`]): the fast path, see
    /// [`PortalReader::read_with`].
    pub fn read<T>(&self, query: impl FnMut(&mut PgConnection) -> QueryResult<T>) -> Result<T> {
        self.read_with(Consistency::Replica, query)
    }

    /// Runs `query` on a connection chosen as [`PortalReader::get_with`]
    /// chooses one, without the checkout ping: no round trip besides the
    /// query's own.
    ///
    /// A pooled connection may be dead (its server stopped or restarted, its
    /// backend terminated). When `query` fails because of that, the replica is
    /// marked unreachable and `query` runs again on the next healthy replica,
    /// else on the primary; on the primary it runs once more on a connection
    /// that answered a ping. Any other error (a query error) is the caller's
    /// and returned at once as [`Error::Read`]; so is a dead connection on that
    /// second try on the primary. `query` may thus run more than once, on
    /// different servers: keep it a read.
    pub fn read_with<T>(
        &self,
        consistency: Consistency,
        query: impl FnMut(&mut PgConnection) -> QueryResult<T>,
    ) -> Result<T> {
        self.read_on(consistency, query).map(|(value, _)| value)
    }

    /// [`PortalReader::read_with`], also telling which server answered.
    pub fn read_on<T>(
        &self,
        consistency: Consistency,
        mut query: impl FnMut(&mut PgConnection) -> QueryResult<T>,
    ) -> Result<(T, ReadSource)> {
        if let Some(position) = replica_wanted(consistency) {
            for (index, replica) in self.replica_order() {
                let Some(mut conn) = self.replica_checkout(replica, position, false) else {
                    continue;
                };
                match query(&mut conn) {
                    Ok(value) => return Ok((value, replica.source(index))),
                    Err(e) if connection_lost(&e, &mut conn) => {
                        replica.mark_unreachable(&e.to_string());
                    }
                    Err(source) => {
                        return Err(Error::Read {
                            on: replica.source(index),
                            target: format!("replica {}", replica.url.redacted()),
                            source,
                        })
                    }
                }
            }
        }
        match self.on_primary(query)? {
            Ok(value) => Ok((value, ReadSource::Primary)),
            Err(source) => Err(Error::Read {
                on: ReadSource::Primary,
                target: format!("the primary {}", self.primary_url.redacted()),
                source,
            }),
        }
    }

    /// A connection to the primary, for writes and refreshes (and reads that
    /// must see them). It answered a ping before it is handed out.
    pub fn primary(&self) -> Result<PooledPg> {
        checkout_validated(&self.primary, self.primary.connection_timeout())
            .map_err(|detail| self.primary_unavailable(&detail))
    }

    /// The primary's current WAL position: after a write or a refresh, pass
    /// it as [`Consistency::Replayed`] to read on a replica that shows it.
    pub fn wal_position(&self) -> Result<WalPosition> {
        self.on_primary(current_wal_position)?
            .map_err(|source| Error::PrimaryQuery {
                target: self.primary_url.redacted(),
                source,
            })
    }

    /// What is known about each replica, without checking anything now.
    pub fn replica_health(&self) -> Vec<ReplicaHealth> {
        self.replicas.iter().map(Replica::snapshot).collect()
    }

    /// Checks every replica now and returns what was found.
    pub fn check_replicas(&self) -> Vec<ReplicaHealth> {
        for replica in &self.replicas {
            self.check(replica);
        }
        self.replica_health()
    }

    /// Runs `query` on the primary without a ping; when its connection turns
    /// out dead, once more on one that answered a ping (a restart of the
    /// primary leaves every idle pooled connection dead). The outer error: the
    /// primary cannot be reached; the inner one: the query's.
    fn on_primary<T>(
        &self,
        mut query: impl FnMut(&mut PgConnection) -> QueryResult<T>,
    ) -> Result<QueryResult<T>> {
        let mut conn = self
            .primary
            .get()
            .map_err(|e| self.primary_unavailable(&e.to_string()))?;
        match query(&mut conn) {
            Ok(value) => return Ok(Ok(value)),
            Err(e) if connection_lost(&e, &mut conn) => {}
            Err(e) => return Ok(Err(e)),
        }
        // Returned broken: the pool closes it.
        drop(conn);
        let mut conn = self.primary()?;
        Ok(query(&mut conn))
    }

    fn primary_unavailable(&self, detail: &str) -> Error {
        Error::PrimaryUnavailable {
            target: self.primary_url.redacted(),
            timeout: self.primary.connection_timeout(),
            detail: scrub(detail, &self.primary_url.secrets()),
        }
    }

    /// The replicas in the order a read tries them: from the next one round.
    fn replica_order(&self) -> impl Iterator<Item = (usize, &Replica)> + '_ {
        let count = self.replicas.len();
        let start = if count == 0 {
            0
        } else {
            self.next.fetch_add(1, Ordering::Relaxed)
        };
        (0..count).map(move |offset| {
            let index = (start + offset) % count;
            (index, &self.replicas[index])
        })
    }

    /// A connection on this replica when it is healthy, can be checked out
    /// and (for a position) has replayed that far; `None` to move on. A failed
    /// checkout (or replay check) marks it unreachable. `ping`: the connection
    /// must answer one first (unless the replay check ran on it).
    fn replica_checkout(
        &self,
        replica: &Replica,
        position: Option<WalPosition>,
        ping: bool,
    ) -> Option<PooledPg> {
        if !self.is_healthy(replica) {
            return None;
        }
        let checkout = if ping && position.is_none() {
            checkout_validated(&replica.pool, self.replica_checkout_timeout)
        } else {
            replica
                .pool
                .get_timeout(self.replica_checkout_timeout)
                .map_err(|e| e.to_string())
        };
        let mut conn = match checkout {
            Ok(conn) => conn,
            Err(message) => {
                // Every connection busy is load, not ill health.
                let state = replica.pool.state();
                if state.connections < replica.pool.max_size() {
                    replica.mark_unreachable(&message);
                }
                return None;
            }
        };
        if let Some(position) = position {
            match has_replayed(&mut conn, position) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    replica.mark_unreachable(&e.to_string());
                    return None;
                }
            }
        }
        Some(conn)
    }

    /// The cached health, checked again first when due (by one caller; the
    /// others meanwhile go by the last result).
    fn is_healthy(&self, replica: &Replica) -> bool {
        let due = {
            let state = replica.lock();
            state
                .checked_at
                .is_none_or(|at| at.elapsed() >= self.health_check_interval)
        };
        if due
            && replica
                .checking
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            self.check(replica);
            replica.checking.store(false, Ordering::Release);
        }
        replica.lock().health.healthy
    }

    /// Checks one replica: reachable, in recovery, lag within the bound.
    fn check(&self, replica: &Replica) {
        // Found unreachable last time (or never checked): if it is back, its
        // idle connections may still be the dead ones from before a restart.
        if !replica.lock().health.reachable {
            close_dead_idle(&replica.pool);
        }
        // The primary's position first, so a write in between never counts as
        // the replica being ahead.
        let primary_position = checkout_validated(&self.primary, self.replica_checkout_timeout)
            .ok()
            .and_then(|mut conn| {
                bounded(&mut conn, self.health_check_timeout, current_wal_position).ok()
            });
        let found = checkout_validated(&replica.pool, self.replica_checkout_timeout).and_then(
            |mut conn| {
                bounded(&mut conn, self.health_check_timeout, replay_state)
                    .map_err(|e| e.to_string())
            },
        );
        let mut health = ReplicaHealth {
            replica: replica.url.redacted(),
            healthy: false,
            reachable: false,
            in_recovery: None,
            lag: None,
            problem: None,
            age_ms: Some(0),
        };
        match found {
            Err(message) => {
                health.problem = Some(format!(
                    "unreachable: {}",
                    scrub(&message, &replica.url.secrets())
                ));
            }
            Ok(state) => {
                let lag = state.lag(primary_position);
                health.reachable = true;
                health.in_recovery = Some(state.in_recovery);
                health.lag = Some(lag);
                health.problem = if !state.in_recovery {
                    Some("not in recovery: a primary (promoted?), not a replica".into())
                } else {
                    match lag.time {
                        None => Some("replay lag unknown (nothing replayed since it started, and WAL left to replay)".into()),
                        Some(time) if time > self.max_replay_lag => Some(format!(
                            "replay lag {:.1} s over the bound of {:.1} s",
                            time.as_secs_f64(),
                            self.max_replay_lag.as_secs_f64()
                        )),
                        Some(_) => None,
                    }
                };
                health.healthy = health.problem.is_none();
            }
        }
        let mut state = replica.lock();
        state.health = health;
        state.checked_at = Some(Instant::now());
    }
}

impl Replica {
    fn source(&self, index: usize) -> ReadSource {
        ReadSource::Replica {
            index,
            url: self.url.redacted(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HealthState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn snapshot(&self) -> ReplicaHealth {
        let state = self.lock();
        let mut health = state.health.clone();
        health.age_ms = state
            .checked_at
            .map(|at| u64::try_from(at.elapsed().as_millis()).unwrap_or(u64::MAX));
        health
    }

    /// A failed checkout: unhealthy until the next check is due.
    fn mark_unreachable(&self, message: &str) {
        let mut state = self.lock();
        state.health.healthy = false;
        state.health.reachable = false;
        state.health.problem = Some(format!(
            "unreachable: {}",
            scrub(message, &self.url.secrets())
        ));
        state.checked_at = Some(Instant::now());
    }
}

/// Runs `query` in a transaction whose statements time out after `timeout`.
fn bounded<T>(
    conn: &mut PgConnection,
    timeout: Duration,
    query: impl FnOnce(&mut PgConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    conn.build_transaction().read_only().run(|conn| {
        conn.batch_execute(&format!(
            "SET LOCAL statement_timeout = {}",
            timeout.as_millis()
        ))?;
        query(conn)
    })
}

/// `None`: the primary; `Some(position)`: a replica (that replayed `position`).
fn replica_wanted(consistency: Consistency) -> Option<Option<WalPosition>> {
    match consistency {
        Consistency::ReadYourRefresh => None,
        Consistency::Replica => Some(None),
        Consistency::Replayed(position) => Some(Some(position)),
    }
}

/// Whether `error` came from a dead connection (server gone, backend
/// terminated) rather than from the query. Diesel reports the first as
/// `ClosedConnection` (or `UnableToSendCommand` when the query could not even
/// be sent), but so does a query error with an SQLSTATE of class 08 on a live
/// connection (passed on by dblink, say); and it does not always mark the dead
/// connection broken (not when the failing call was preparing a statement),
/// so r2d2 would pool it again. A ping settles both: on a dead connection it
/// fails and leaves it broken, so the pool closes it.
fn connection_lost(error: &diesel::result::Error, conn: &mut PgConnection) -> bool {
    use diesel::result::{DatabaseErrorKind, Error as DieselError};
    matches!(
        error,
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        ) | DieselError::BrokenTransactionManager
    ) && (R2D2Connection::is_broken(conn) || ping(conn).is_err())
}

/// One round trip. Through `batch_execute`, which always updates Diesel's view
/// of the connection: when it fails on a dead one, that one counts as broken.
fn ping(conn: &mut PgConnection) -> QueryResult<()> {
    conn.batch_execute("SELECT 1")
}

/// A checkout whose connection answered a ping (what r2d2's
/// `test_on_check_out` does, on this path only): one that does not is closed,
/// not pooled again, and another taken until `timeout`.
fn checkout_validated(pool: &PgPool, timeout: Duration) -> Result<PooledPg, String> {
    let deadline = Instant::now() + timeout;
    let mut failed_ping = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut conn = pool.get_timeout(left).map_err(|e| match &failed_ping {
            Some(ping) => format!("{e} (a pooled connection failed its ping: {ping})"),
            None => e.to_string(),
        })?;
        match ping(&mut conn) {
            Ok(()) => return Ok(conn),
            Err(e) => {
                failed_ping = Some(e.to_string());
                discard(conn);
            }
        }
    }
}

/// Closes a pooled connection instead of returning it to the pool: r2d2
/// closes one that Diesel reports broken (a dead one is, after a failed
/// [`ping`]), and one with an open transaction counts as broken.
fn discard(mut conn: PooledPg) {
    if !R2D2Connection::is_broken(&mut *conn) {
        let _ = AnsiTransactionManager::begin_transaction(&mut *conn);
    }
}

/// Pings every idle connection of the pool, closing those that fail (so the
/// reads after a replica's restart do not trip over them one by one).
fn close_dead_idle(pool: &PgPool) {
    let mut live = Vec::new();
    // Held, the live ones are not taken twice; the bound stops a pool that
    // keeps opening connections that fail at once.
    for _ in 0..pool.max_size().saturating_mul(2) {
        let Some(mut conn) = pool.try_get() else {
            break;
        };
        match ping(&mut conn) {
            Ok(()) => live.push(conn),
            Err(_) => discard(conn),
        }
    }
}
