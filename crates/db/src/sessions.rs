//! Other sessions of the server, as `pg_stat_activity` shows them: so that a
//! message can name who holds a lock instead of guessing.

use std::fmt;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use serde::Serialize;

/// One backend of the server. A login without `pg_read_all_stats` sees the
/// state and query start of its own sessions only; the others' stay `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, QueryableByName)]
pub struct Session {
    #[diesel(sql_type = Integer)]
    pub pid: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub usename: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub application_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub state: Option<String>,
    /// When its current (or last) query started, `YYYY-MM-DD HH:MM:SS±TZ`.
    #[diesel(sql_type = Nullable<Text>)]
    pub query_start: Option<String>,
    /// Seconds since then.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub query_age_secs: Option<i64>,
}

impl fmt::Display for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
        let application = match self.application_name.as_deref() {
            Some("") | None => "none".to_string(),
            Some(name) => name.to_string(),
        };
        write!(
            f,
            "pid {} (user {}, application {application}, state {}",
            self.pid,
            or_unknown(&self.usename),
            or_unknown(&self.state)
        )?;
        if let Some(start) = &self.query_start {
            write!(f, ", query started {start}")?;
            if let Some(age) = self.query_age_secs {
                write!(f, ", {age} s ago")?;
            }
        }
        f.write_str(")")
    }
}

/// `a; b; c`, or `fallback` when there is none.
pub fn describe_sessions(sessions: &[Session], fallback: &str) -> String {
    if sessions.is_empty() {
        return fallback.to_string();
    }
    sessions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

const SESSION_COLUMNS: &str =
    "a.pid, a.usename::text AS usename, a.application_name::text AS application_name, \
     a.state::text AS state, to_char(a.query_start, 'YYYY-MM-DD HH24:MI:SSOF') AS query_start, \
     floor(extract(epoch FROM now() - a.query_start))::int8 AS query_age_secs";

/// The sessions that backend `pid` is waiting for (`pg_blocking_pids`).
pub fn blocking_sessions(conn: &mut PgConnection, pid: i32) -> QueryResult<Vec<Session>> {
    diesel::sql_query(format!(
        "SELECT {SESSION_COLUMNS} FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids($1)) ORDER BY a.pid"
    ))
    .bind::<Integer, _>(pid)
    .load(conn)
}

/// The other sessions holding the session- or transaction-level advisory lock
/// `pg_advisory_lock(key)` in the current database.
pub fn advisory_lock_holders(conn: &mut PgConnection, key: i64) -> QueryResult<Vec<Session>> {
    // A bigint key is stored as classid (high half), objid (low half), objsubid 1.
    diesel::sql_query(format!(
        "SELECT {SESSION_COLUMNS}
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::int8 = (($1 >> 32) & 4294967295) AND l.objid::int8 = ($1 & 4294967295)
            AND l.objsubid = 1
          ORDER BY a.pid"
    ))
    .bind::<BigInt, _>(key)
    .load(conn)
}

/// Same for a two-key lock `pg_advisory_lock(class, key)` (objsubid 2).
pub fn advisory_lock_holders2(
    conn: &mut PgConnection,
    class: i32,
    key: i32,
) -> QueryResult<Vec<Session>> {
    diesel::sql_query(format!(
        "SELECT {SESSION_COLUMNS}
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::int8 = ($1::int8 & 4294967295) AND l.objid::int8 = ($2::int8 & 4294967295)
            AND l.objsubid = 2
          ORDER BY a.pid"
    ))
    .bind::<Integer, _>(class)
    .bind::<Integer, _>(key)
    .load(conn)
}
