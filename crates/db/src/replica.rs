//! How far a streaming replica is behind its primary: the queries both the
//! read pool (`biositing-reader`) and the CLI use, so they measure lag alike.
//!
//! Two measures, because neither alone is right:
//! - **bytes**: the primary's current WAL position minus the replica's replay
//!   position. Exact, but needs the primary.
//! - **time**: `now() - pg_last_xact_replay_timestamp()` on the replica, but
//!   only while it has WAL left to replay. On an idle primary that timestamp
//!   grows old although the replica has replayed everything, so a replica that
//!   is caught up has a lag of zero: it replayed all the primary wrote, or all
//!   it received while streaming (the rest is in flight), or, when the primary
//!   cannot be asked, all it received. Whether it streams is visible only to
//!   superusers and members of `pg_read_all_stats`; for other logins a few
//!   bytes in flight on an idle primary show as the age of the last replay.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Nullable, Text};
use serde::Serialize;

/// A position in the write-ahead log (PostgreSQL's `pg_lsn`, written `X/Y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WalPosition(pub u64);

impl FromStr for WalPosition {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a WAL position (X/Y in hexadecimal)");
        let (high, low) = text.trim().split_once('/').ok_or_else(bad)?;
        let high = u32::from_str_radix(high, 16).map_err(|_| bad())?;
        let low = u32::from_str_radix(low, 16).map_err(|_| bad())?;
        Ok(WalPosition((u64::from(high) << 32) | u64::from(low)))
    }
}

impl fmt::Display for WalPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xffff_ffff)
    }
}

impl Serialize for WalPosition {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The primary's current WAL position (`pg_current_wal_lsn()`): everything a
/// replica must replay to show what was committed so far, a refresh included.
pub fn current_wal_position(primary: &mut PgConnection) -> QueryResult<WalPosition> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        lsn: String,
    }
    let row: Row =
        diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn").get_result(primary)?;
    parse_lsn(&row.lsn)
}

/// Whether the server has replayed the WAL up to `position` (false on a
/// primary, which replays nothing: ask a primary for its own position instead).
pub fn has_replayed(replica: &mut PgConnection, position: WalPosition) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Bool)]
        replayed: bool,
    }
    let row: Row = diesel::sql_query(
        "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed",
    )
    .bind::<Text, _>(position.to_string())
    .get_result(replica)?;
    Ok(row.replayed)
}

/// Which cluster a server belongs to and which history of it it is on: WAL
/// positions compare only between servers that agree on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServerIdentity {
    /// `pg_control_system().system_identifier`: set by `initdb`, kept by
    /// every physical copy (base backups, standbys), new for a restored dump.
    pub system_identifier: i64,
    /// The timeline: a primary's current one; a standby's, the one it
    /// receives (the last restartpoint's for logins that may not see its WAL
    /// receiver). A promotion starts a new one.
    pub timeline: i32,
}

/// Reads [`ServerIdentity`] from a primary or a standby.
pub fn server_identity(server: &mut PgConnection) -> QueryResult<ServerIdentity> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        system_identifier: i64,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        timeline: i32,
    }
    let row: Row = diesel::sql_query(
        "SELECT (SELECT system_identifier FROM pg_control_system()) AS system_identifier,
                CASE WHEN pg_is_in_recovery()
                     THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver),
                                   (SELECT timeline_id FROM pg_control_checkpoint()))
                     ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int
                END AS timeline",
    )
    .get_result(server)?;
    Ok(ServerIdentity {
        system_identifier: row.system_identifier,
        timeline: row.timeline,
    })
}

impl ServerIdentity {
    /// Why `standby` cannot show what this primary wrote, or `None` when it
    /// replays this cluster's current timeline.
    pub fn mismatch(&self, standby: &ServerIdentity) -> Option<String> {
        if standby.system_identifier != self.system_identifier {
            return Some(format!(
                "it is a standby of another cluster (system identifier {}; the primary's is {}): its WAL positions say nothing about this primary",
                standby.system_identifier, self.system_identifier
            ));
        }
        if standby.timeline != self.timeline {
            return Some(format!(
                "it replays timeline {} while the primary is on timeline {}: it does not follow the primary's current history (a promotion it did not follow?)",
                standby.timeline, self.timeline
            ));
        }
        None
    }
}

/// What a server says about its own recovery, in one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayState {
    /// `pg_is_in_recovery()`: true on a standby, false on a primary.
    pub in_recovery: bool,
    /// WAL received from the primary so far (none on a primary).
    pub received: Option<WalPosition>,
    /// WAL replayed so far: what queries on the standby see.
    pub replayed: Option<WalPosition>,
    /// Seconds since the last replayed transaction committed on the primary.
    pub seconds_since_last_replay: Option<f64>,
    /// Its WAL receiver is streaming from the primary (false when it is not,
    /// or the login may not see it).
    pub streaming: bool,
}

/// Reads [`ReplayState`] from a server (any server: a primary answers too).
pub fn replay_state(server: &mut PgConnection) -> QueryResult<ReplayState> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Bool)]
        in_recovery: bool,
        #[diesel(sql_type = Nullable<Text>)]
        received: Option<String>,
        #[diesel(sql_type = Nullable<Text>)]
        replayed: Option<String>,
        #[diesel(sql_type = Nullable<Double>)]
        seconds_since_last_replay: Option<f64>,
        #[diesel(sql_type = Bool)]
        streaming: bool,
    }
    let row: Row = diesel::sql_query(
        "SELECT pg_is_in_recovery() AS in_recovery,
                pg_last_wal_receive_lsn()::text AS received,
                pg_last_wal_replay_lsn()::text AS replayed,
                extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                    AS seconds_since_last_replay,
                coalesce((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false)
                    AS streaming",
    )
    .get_result(server)?;
    Ok(ReplayState {
        in_recovery: row.in_recovery,
        received: row.received.as_deref().map(parse_lsn).transpose()?,
        replayed: row.replayed.as_deref().map(parse_lsn).transpose()?,
        seconds_since_last_replay: row.seconds_since_last_replay,
        streaming: row.streaming,
    })
}

/// How far a replica is behind: `None` where it cannot be told.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReplicaLag {
    /// WAL bytes the primary wrote that the replica has not replayed (needs
    /// the primary's position).
    pub bytes: Option<u64>,
    /// Time behind: zero when caught up, else the age of the last replayed
    /// transaction (unknown when none was replayed since the replica started).
    #[serde(serialize_with = "seconds")]
    pub time: Option<Duration>,
}

fn seconds<S: serde::Serializer>(time: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => s.serialize_some(&t.as_secs_f64()),
        None => s.serialize_none(),
    }
}

impl ReplayState {
    /// The lag of this replica, given the primary's current WAL position when
    /// the primary could be asked (read it *before* the replica's state, so a
    /// write in between never shows as negative lag).
    pub fn lag(&self, primary: Option<WalPosition>) -> ReplicaLag {
        let bytes = match (primary, self.replayed) {
            (Some(primary), Some(replayed)) => Some(primary.0.saturating_sub(replayed.0)),
            _ => None,
        };
        let replayed_all_received = match (self.received, self.replayed) {
            (Some(received), Some(replayed)) => replayed >= received,
            _ => false,
        };
        let caught_up = match bytes {
            Some(0) => true,
            // Behind the primary by what is still on its way.
            Some(_) => self.streaming && replayed_all_received,
            // Without the primary: all that arrived is replayed.
            None => replayed_all_received,
        };
        let time = if caught_up {
            Some(Duration::ZERO)
        } else {
            self.seconds_since_last_replay
                .map(|s| Duration::from_secs_f64(s.max(0.0)))
        };
        ReplicaLag { bytes, time }
    }
}

fn parse_lsn(text: &str) -> QueryResult<WalPosition> {
    text.parse()
        .map_err(|e: String| diesel::result::Error::DeserializationError(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wal_positions_parse_print_and_order() {
        let p: WalPosition = "16/B374D848".parse().unwrap();
        assert_eq!(p.0, 0x16_B374_D848);
        assert_eq!(p.to_string(), "16/B374D848");
        assert!("0/0".parse::<WalPosition>().unwrap() < p);
        assert!("16".parse::<WalPosition>().is_err());
        assert!("x/1".parse::<WalPosition>().is_err());
    }

    fn state(received: u64, replayed: u64, seconds: Option<f64>) -> ReplayState {
        ReplayState {
            in_recovery: true,
            received: Some(WalPosition(received)),
            replayed: Some(WalPosition(replayed)),
            seconds_since_last_replay: seconds,
            streaming: false,
        }
    }

    #[test]
    fn an_idle_caught_up_replica_has_no_lag_whatever_its_last_replay_age() {
        let lag = state(100, 100, Some(3600.0)).lag(Some(WalPosition(100)));
        assert_eq!(lag.bytes, Some(0));
        assert_eq!(lag.time, Some(Duration::ZERO));
        // Without the primary, "replayed all it received" is the best guess.
        assert_eq!(
            state(100, 100, Some(3600.0)).lag(None).time,
            Some(Duration::ZERO)
        );
        // Streaming, with a few bytes still on their way.
        let streaming = ReplayState {
            streaming: true,
            ..state(100, 100, Some(3600.0))
        };
        let lag = streaming.lag(Some(WalPosition(120)));
        assert_eq!((lag.bytes, lag.time), (Some(20), Some(Duration::ZERO)));
        // Not streaming (cut off from the primary): the age of its last replay.
        let lag = state(100, 100, Some(3600.0)).lag(Some(WalPosition(120)));
        assert_eq!(lag.time, Some(Duration::from_secs(3600)));
    }

    #[test]
    fn a_standby_of_another_cluster_or_timeline_is_named() {
        let primary = ServerIdentity {
            system_identifier: 7,
            timeline: 2,
        };
        assert_eq!(primary.mismatch(&primary), None);
        let other = ServerIdentity {
            system_identifier: 8,
            ..primary
        };
        assert!(primary
            .mismatch(&other)
            .is_some_and(|m| m.contains("another cluster")));
        let old_timeline = ServerIdentity {
            timeline: 1,
            ..primary
        };
        assert!(primary
            .mismatch(&old_timeline)
            .is_some_and(|m| m.contains("timeline 1 while the primary is on timeline 2")));
    }

    #[test]
    fn a_replica_behind_reports_bytes_and_the_age_of_its_last_replay() {
        let lag = state(100, 90, Some(2.5)).lag(Some(WalPosition(150)));
        assert_eq!(lag.bytes, Some(60));
        assert_eq!(lag.time, Some(Duration::from_millis(2500)));
        // Nothing replayed since start: the time is unknown.
        assert_eq!(state(100, 90, None).lag(Some(WalPosition(150))).time, None);
    }
}
