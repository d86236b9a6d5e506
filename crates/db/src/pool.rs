//! The recommended r2d2 pool configuration for readers: the typed view queries of
//! `biositing-views` and the read pool of `biositing-reader` build on it.
//!
//! r2d2's default `test_on_check_out(true)` sends `SELECT 1` on every checkout: one
//! more round trip per call, which on the benchmark's short queries costs more than a
//! tenth of the throughput (bench/RESULTS.md, "Read path"). The reader pool skips it
//! and finds dead connections another way:
//!
//! - after each call Diesel reads libpq's transaction status; a connection whose
//!   server went away reports it unknown, Diesel marks the connection broken, and
//!   r2d2 drops it when it is returned (`has_broken`) instead of pooling it again.
//!   Not always, though (Diesel 2.3): when the failing call was preparing a
//!   statement (a typed query's first run on that connection), the status is not
//!   read and the dead connection goes back to the pool; a failed
//!   `batch_execute` always marks it, so after a `ClosedConnection` error one
//!   `batch_execute("SELECT 1")` on the connection makes sure it is dropped;
//! - `idle_timeout` and `max_lifetime` retire connections that sat idle (past a
//!   firewall's idle cut, say) or lived long, so failover and DNS changes reach the
//!   pool within minutes;
//! - libpq's TCP keepalives (on by default) notice a silent peer on idle sockets.
//!
//! The cost: after a server restart, each pooled connection fails one call (with
//! `DatabaseErrorKind::ClosedConnection`) before it is replaced. A reader that
//! must not surface that error retries a call that failed with `ClosedConnection`
//! on another connection, as `biositing_reader::PortalReader::read` does.

use std::time::Duration;

use diesel::r2d2::{Builder, ConnectionManager, Pool};
use diesel::PgConnection;

/// The recommended r2d2 builder for a pool of readers: no checkout ping, idle
/// connections retired after 10 minutes, every connection after 30 minutes, and a
/// checkout waits at most 5 seconds. Set `max_size` to the number of concurrent
/// readers; the pool keeps that many connections open.
pub fn reader_pool_builder() -> Builder<ConnectionManager<PgConnection>> {
    Pool::builder()
        .test_on_check_out(false)
        .idle_timeout(Some(Duration::from_secs(10 * 60)))
        .max_lifetime(Some(Duration::from_secs(30 * 60)))
        .connection_timeout(Duration::from_secs(5))
}
