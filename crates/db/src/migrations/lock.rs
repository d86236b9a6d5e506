use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::sessions::{advisory_lock_holders, Session};
use crate::{Error, Result};

/// Advisory-lock key that serialises `biositing migrate`/`rollback` runs on one
/// database ("biositin" in ASCII). Advisory locks are per database, so runs on
/// different databases of one server never wait for each other.
pub const MIGRATION_LOCK_KEY: i64 = 0x6269_6f73_6974_696e;

const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// A session-level PostgreSQL advisory lock held for a whole migration run.
/// PostgreSQL releases it when the session ends, even if the process dies.
#[derive(Debug)]
#[must_use = "the lock is held until `release` is called or the connection closes"]
pub struct MigrationLock {
    acquired_after: Duration,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

impl MigrationLock {
    /// Takes the lock, polling until `wait` has passed. `on_wait` is called once
    /// if the lock is busy, with the sessions holding it, so a user sees why
    /// nothing happens (any login can take an advisory lock: the holder need
    /// not be a `biositing` run).
    pub fn acquire(
        conn: &mut PgConnection,
        wait: Duration,
        on_wait: &mut dyn FnMut(&[Session]),
    ) -> Result<Self> {
        let started = Instant::now();
        let mut told = false;
        loop {
            let row: Locked = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
                .bind::<BigInt, _>(MIGRATION_LOCK_KEY)
                .get_result(conn)?;
            if row.locked {
                return Ok(Self {
                    acquired_after: started.elapsed(),
                });
            }
            if started.elapsed() >= wait {
                return Err(Error::LockTimeout {
                    waited_secs: wait.as_secs(),
                    holders: advisory_lock_holders(conn, MIGRATION_LOCK_KEY)?,
                });
            }
            if !told {
                on_wait(&advisory_lock_holders(conn, MIGRATION_LOCK_KEY)?);
                told = true;
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// How long the run waited for another one to finish.
    pub fn waited(&self) -> Duration {
        self.acquired_after
    }

    pub fn release(self, conn: &mut PgConnection) -> Result<()> {
        diesel::sql_query("SELECT pg_advisory_unlock($1)")
            .bind::<BigInt, _>(MIGRATION_LOCK_KEY)
            .execute(conn)?;
        Ok(())
    }
}
