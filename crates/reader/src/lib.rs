//! A read pool for portal code: the typed view queries run on healthy
//! hot-standby replicas, the primary takes what replicas cannot.
//!
//! [`PortalReader`] holds an r2d2 pool on the primary and one per replica URL.
//! [`PortalReader::get`] hands out a connection on a healthy replica, taking
//! the replicas in turn (round robin), and falls back to the primary when none
//! is healthy, without an error. [`PortalReader::get_with`] with
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
//! that finds it due, so reads pay no extra round trip for it; the pool's usual
//! liveness ping on checkout stays (`SELECT 1`, r2d2's default), so a replica
//! that went away between two checks fails its checkout, is marked unhealthy
//! and the read goes to the next replica or the primary. Lag is measured as in
//! [`biositing_db::replica`].
//!
//! The connections deref to `PgConnection`, so the typed queries of
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
//! // A read: on a healthy replica, else on the primary.
//! let mut conn = reader.get()?;
//! let row = mv_biomass_availability::for_resource(&mut conn, 1)?;
//! println!("{row:?} (read on {})", conn.source());
//!
//! // Right after a refresh on the primary: read what it wrote.
//! let mut conn = reader.get_with(Consistency::ReadYourRefresh)?;
//! let row = mv_biomass_availability::for_resource(&mut conn, 1)?;
//!
//! // Or let any replica serve that has replayed up to the refresh.
//! let refreshed_at = reader.wal_position()?;
//! let mut conn = reader.get_with(Consistency::Replayed(refreshed_at))?;
//! let row = mv_biomass_availability::for_resource(&mut conn, 1)?;
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
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
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
            Pool::builder()
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
    /// ([`Consistency::Replica`]).
    pub fn get(&self) -> Result<ReadConnection> {
        self.get_with(Consistency::Replica)
    }

    /// A connection for reads with the given consistency. Fails only when the
    /// read has to go to the primary and the primary cannot be reached.
    pub fn get_with(&self, consistency: Consistency) -> Result<ReadConnection> {
        let wanted = match consistency {
            Consistency::ReadYourRefresh => None,
            Consistency::Replica => Some(None),
            Consistency::Replayed(position) => Some(Some(position)),
        };
        if let Some(position) = wanted {
            if let Some(conn) = self.replica_connection(position) {
                return Ok(conn);
            }
        }
        Ok(ReadConnection {
            conn: self.primary()?,
            source: ReadSource::Primary,
        })
    }

    /// A connection to the primary, for writes and refreshes (and reads that
    /// must see them).
    pub fn primary(&self) -> Result<PooledPg> {
        let timeout = self.primary.connection_timeout();
        self.primary.get().map_err(|e| Error::PrimaryUnavailable {
            target: self.primary_url.redacted(),
            timeout,
            detail: scrub(&e.to_string(), &self.primary_url.secrets()),
        })
    }

    /// The primary's current WAL position: after a write or a refresh, pass
    /// it as [`Consistency::Replayed`] to read on a replica that shows it.
    pub fn wal_position(&self) -> Result<WalPosition> {
        current_wal_position(&mut *self.primary()?).map_err(|source| Error::PrimaryQuery {
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

    /// A replica connection, trying the healthy replicas in turn from the
    /// next one; `None` when none can serve the read.
    fn replica_connection(&self, position: Option<WalPosition>) -> Option<ReadConnection> {
        let count = self.replicas.len();
        if count == 0 {
            return None;
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for offset in 0..count {
            let index = (start + offset) % count;
            let replica = &self.replicas[index];
            if !self.is_healthy(replica) {
                continue;
            }
            let mut conn = match replica.pool.get_timeout(self.replica_checkout_timeout) {
                Ok(conn) => conn,
                Err(e) => {
                    // Every connection busy is load, not ill health.
                    let state = replica.pool.state();
                    if state.connections < replica.pool.max_size() {
                        replica.mark_unreachable(&e.to_string());
                    }
                    continue;
                }
            };
            if let Some(position) = position {
                match has_replayed(&mut conn, position) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(e) => {
                        replica.mark_unreachable(&e.to_string());
                        continue;
                    }
                }
            }
            return Some(ReadConnection {
                conn,
                source: ReadSource::Replica {
                    index,
                    url: replica.url.redacted(),
                },
            });
        }
        None
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
        // The primary's position first, so a write in between never counts as
        // the replica being ahead.
        let primary_position = self
            .primary
            .get_timeout(self.replica_checkout_timeout)
            .ok()
            .and_then(|mut conn| {
                bounded(&mut conn, self.health_check_timeout, current_wal_position).ok()
            });
        let found = replica
            .pool
            .get_timeout(self.replica_checkout_timeout)
            .map_err(|e| e.to_string())
            .and_then(|mut conn| {
                bounded(&mut conn, self.health_check_timeout, replay_state)
                    .map_err(|e| e.to_string())
            });
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
