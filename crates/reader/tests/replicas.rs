//! The read pool on a real primary and hot standby (`ReplicaPair`): reads land
//! on the replica, a replica that lags or stops is skipped without an error,
//! read-your-refresh and writes go to the primary, lag is reported; `read`
//! (no checkout ping) retries a dead pooled connection elsewhere and never a
//! query error.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use biositing_reader::{Consistency, Error, PortalReader, ReadSource};
use biositing_test_db::ReplicaPair;
use biositing_views::mv_biomass_availability as availability;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text};

fn in_recovery(conn: &mut PgConnection) -> bool {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Bool)]
        in_recovery: bool,
    }
    diesel::sql_query("SELECT pg_is_in_recovery() AS in_recovery")
        .get_result::<Row>(conn)
        .unwrap()
        .in_recovery
}

fn backend_pid(conn: &mut PgConnection) -> QueryResult<i32> {
    diesel::select(diesel::dsl::sql::<Integer>("pg_backend_pid()")).get_result(conn)
}

fn statement_timeout(conn: &mut PgConnection) -> QueryResult<String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        statement_timeout: String,
    }
    diesel::sql_query("SHOW statement_timeout")
        .get_result::<Row>(conn)
        .map(|row| row.statement_timeout)
}

/// Ends a backend from another session, and waits until it is gone.
fn terminate(pair: &ReplicaPair, pid: i32) {
    let mut admin = pair.primary_conn();
    admin
        .batch_execute(&format!("SELECT pg_terminate_backend({pid})"))
        .unwrap();
    for _ in 0..100 {
        let alive: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM pg_stat_activity WHERE pid = {pid})"
        )))
        .get_result(&mut admin)
        .unwrap();
        if alive == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("backend {pid} still there");
}

/// A resource id of this test alone (tests share the pair's database).
fn fresh_resource_id() -> i32 {
    static NEXT: AtomicI32 = AtomicI32::new(7000);
    NEXT.fetch_add(1, Ordering::SeqCst)
}

/// Writes a resource with an availability row and refreshes the view, on the
/// primary, through the reader's write connection. One test at a time: a
/// refresh that waited for another's lock runs on a snapshot taken before that
/// one committed, and would drop its row from the view.
fn write_and_refresh(reader: &PortalReader, id: i32) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    reader
        .primary()
        .unwrap()
        .batch_execute(&format!(
            "INSERT INTO resource (id, name) VALUES ({id}, 'Replica test {id}');
             INSERT INTO resource_availability (id, resource_id, from_month, to_month, year_round)
                 VALUES ({id}, {id}, 3, 9, false);
             REFRESH MATERIALIZED VIEW data_portal.mv_biomass_availability;"
        ))
        .unwrap();
}

fn reader_on(pair: &ReplicaPair) -> biositing_reader::PortalReaderBuilder {
    PortalReader::builder(pair.primary_url())
        .replica(pair.standby_url())
        .max_size(3)
        .replica_checkout_timeout(Duration::from_millis(500))
}

/// A health-check interval no test reaches: only a failed use of a connection
/// can route reads around the replica.
const RARE_CHECKS: Duration = Duration::from_secs(3600);

/// A resource of this test alone, written and refreshed on the primary
/// through `reader` and replayed on the standby; returns its id.
fn replayed_row(pair: &ReplicaPair, reader: &PortalReader) -> i32 {
    let id = fresh_resource_id();
    write_and_refresh(reader, id);
    pair.wait_for_replay();
    id
}

/// A pair of the test's own (it stops the standby), a reader with
/// [`RARE_CHECKS`], a replayed row (its id), and an idle pooled connection to
/// the replica that reads use.
fn own_pair_with_a_pooled_replica_connection() -> (ReplicaPair, PortalReader, i32) {
    let pair = ReplicaPair::start();
    let reader = reader_on(&pair)
        .health_check_interval(RARE_CHECKS)
        .build()
        .unwrap();
    let id = replayed_row(&pair, &reader);
    drop(reader.get().unwrap()); // a pooled connection to the replica, then idle
    assert!(reader.get().unwrap().is_replica());
    (pair, reader, id)
}

#[test]
fn reads_land_on_the_replica_and_typed_queries_see_what_the_primary_refreshed() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    let id = replayed_row(pair, &reader);

    for _ in 0..3 {
        let mut conn = reader.get().unwrap();
        assert!(conn.is_replica(), "read went to {}", conn.source());
        assert!(matches!(
            conn.source(),
            ReadSource::Replica { index: 0, .. }
        ));
        assert!(in_recovery(&mut conn));
        // The typed query takes the pooled connection as it is.
        let row = availability::for_resource(&mut conn, id).unwrap().unwrap();
        assert_eq!((row.from_month, row.to_month), (Some(3), Some(9)));
    }
}

#[test]
fn read_your_refresh_goes_to_the_primary_and_replayed_waits_for_the_position() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    let id = fresh_resource_id();
    write_and_refresh(&reader, id);

    // Right after the refresh, without waiting for the replica.
    let mut conn = reader.get_with(Consistency::ReadYourRefresh).unwrap();
    assert_eq!(conn.source(), &ReadSource::Primary);
    assert!(!in_recovery(&mut conn));
    assert!(availability::for_resource(&mut conn, id).unwrap().is_some());
    drop(conn);

    // A replica serves a position-bound read once it has replayed that far.
    let refreshed_at = reader.wal_position().unwrap();
    pair.wait_for_replay();
    let mut conn = reader
        .get_with(Consistency::Replayed(refreshed_at))
        .unwrap();
    assert!(conn.is_replica(), "read went to {}", conn.source());
    assert!(availability::for_resource(&mut conn, id).unwrap().is_some());
}

#[test]
fn writes_never_go_to_a_replica() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    let mut read = reader.get().unwrap();
    assert!(read.is_replica());
    let refused = read.batch_execute("CREATE TABLE public.written_on_a_replica (id int)");
    assert!(refused.is_err(), "a replica took a write");
    drop(read);
    let mut write = reader.primary().unwrap();
    assert!(!in_recovery(&mut write));
    write
        .batch_execute("CREATE TEMPORARY TABLE written_on_the_primary (id int)")
        .unwrap();
}

#[test]
fn lag_is_reported_for_a_healthy_replica() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    assert_eq!(
        reader.replica_health()[0].age_ms,
        None,
        "nothing is checked before the first read"
    );
    pair.wait_for_replay();
    let health = reader.check_replicas().remove(0);
    assert!(health.healthy, "{health:?}");
    assert!(health.reachable);
    assert_eq!(health.in_recovery, Some(true));
    let lag = health.lag.unwrap();
    assert!(lag.bytes.is_some(), "{lag:?}");
    assert!(lag.time.unwrap() <= Duration::from_secs(10), "{lag:?}");
    assert!(health.replica.contains("127.0.0.1"), "{}", health.replica);
}

#[test]
fn a_lagging_replica_is_skipped_and_its_lag_reported() {
    let pair = ReplicaPair::start();
    let reader = reader_on(&pair)
        .max_replay_lag(Duration::from_millis(200))
        .health_check_interval(Duration::ZERO)
        .build()
        .unwrap();
    replayed_row(&pair, &reader);
    assert!(reader.get().unwrap().is_replica());

    // Hold the standby's replay: what the primary writes now piles up.
    pair.standby_conn()
        .batch_execute("SELECT pg_wal_replay_pause()")
        .unwrap();
    let id = fresh_resource_id();
    write_and_refresh(&reader, id);
    std::thread::sleep(Duration::from_millis(400));

    let mut conn = reader.get().unwrap();
    assert_eq!(
        conn.source(),
        &ReadSource::Primary,
        "read a lagging replica"
    );
    assert!(availability::for_resource(&mut conn, id).unwrap().is_some());
    drop(conn);
    let health = reader.replica_health().remove(0);
    assert!(!health.healthy && health.reachable, "{health:?}");
    let lag = health.lag.unwrap();
    assert!(lag.bytes.unwrap() > 0, "{lag:?}");
    assert!(lag.time.unwrap() >= Duration::from_millis(400), "{lag:?}");
    assert!(health.problem.unwrap().contains("replay lag"));

    pair.standby_conn()
        .batch_execute("SELECT pg_wal_replay_resume()")
        .unwrap();
    pair.wait_for_replay();
    let mut conn = reader.get().unwrap();
    assert!(conn.is_replica(), "read went to {}", conn.source());
    assert!(availability::for_resource(&mut conn, id).unwrap().is_some());
}

#[test]
fn a_stopped_replica_is_skipped_and_reads_continue_on_the_primary_without_error() {
    // Checks are far apart: the failed checkout alone must route around it.
    let (pair, reader, id) = own_pair_with_a_pooled_replica_connection();

    pair.stop_standby();
    for _ in 0..3 {
        let mut conn = reader.get().unwrap();
        assert_eq!(conn.source(), &ReadSource::Primary);
        assert!(availability::for_resource(&mut conn, id).unwrap().is_some());
    }
    let health = reader.replica_health().remove(0);
    assert!(!health.healthy && !health.reachable, "{health:?}");
    assert!(health.problem.unwrap().starts_with("unreachable"));

    // Back up: the next check finds it healthy, and reads return to it.
    pair.start_standby();
    pair.wait_for_replay();
    assert!(reader.check_replicas()[0].healthy);
    assert!(reader.get().unwrap().is_replica());
}

#[test]
fn read_runs_the_closure_on_the_replica_and_typed_queries_work_through_it() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair)
        .statement_timeout(Duration::from_millis(4321))
        .build()
        .unwrap();
    let id = replayed_row(pair, &reader);

    for _ in 0..3 {
        let (row, source) = reader
            .read_on(Consistency::Replica, |conn| {
                assert!(in_recovery(conn));
                availability::for_resource(conn, id)
            })
            .unwrap();
        assert!(
            matches!(source, ReadSource::Replica { index: 0, .. }),
            "read went to {source}"
        );
        let row = row.unwrap();
        assert_eq!((row.from_month, row.to_month), (Some(3), Some(9)));
    }
    let row = reader
        .read(|conn| availability::for_resource(conn, id))
        .unwrap()
        .unwrap();
    assert_eq!((row.from_month, row.to_month), (Some(3), Some(9)));
    assert!(reader.read(|conn| Ok(in_recovery(conn))).unwrap());

    // The session settings apply on every pool.
    assert_eq!(reader.read(statement_timeout).unwrap(), "4321ms");
    assert_eq!(
        reader
            .read_with(Consistency::ReadYourRefresh, statement_timeout)
            .unwrap(),
        "4321ms"
    );
    assert_eq!(
        statement_timeout(&mut reader.get().unwrap()).unwrap(),
        "4321ms"
    );
    assert_eq!(
        statement_timeout(&mut reader.primary().unwrap()).unwrap(),
        "4321ms"
    );
}

#[test]
fn read_after_the_replica_stopped_with_pooled_connections_succeeds_on_the_primary() {
    // Checks are far apart: the dead connection alone must route around it.
    let (pair, reader, id) = own_pair_with_a_pooled_replica_connection();
    // `read` uses the replica's pooled connections too, idle once the reads are done.
    for _ in 0..3 {
        let (row, source) = reader
            .read_on(Consistency::Replica, |conn| {
                availability::for_resource(conn, id)
            })
            .unwrap();
        assert!(matches!(source, ReadSource::Replica { .. }), "{source}");
        assert!(row.is_some());
    }

    pair.stop_standby();
    let mut errors = Vec::new();
    let mut calls = 0;
    let (row, source) = reader
        .read_on(Consistency::Replica, |conn| {
            calls += 1;
            let found = availability::for_resource(conn, id);
            if let Err(e) = &found {
                errors.push(format!("{e:?}"));
            }
            found
        })
        .unwrap();
    assert_eq!(source, ReadSource::Primary);
    assert!(row.is_some());
    // A stale connection to the stopped replica failed once, then the primary.
    assert_eq!(calls, 2, "{errors:?}");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("DatabaseError(ClosedConnection"),
        "{errors:?}"
    );
    for _ in 0..5 {
        let (row, source) = reader
            .read_on(Consistency::Replica, |conn| {
                availability::for_resource(conn, id)
            })
            .unwrap();
        assert_eq!(source, ReadSource::Primary);
        assert!(row.is_some());
        let row = reader
            .read(|conn| availability::for_resource(conn, id))
            .unwrap();
        assert_eq!(row.map(|r| r.resource_id), Some(id));
    }
    let health = reader.replica_health().remove(0);
    assert!(!health.healthy && !health.reachable, "{health:?}");
    assert!(health.problem.unwrap().starts_with("unreachable"));

    // Back up: the next check finds it healthy (closing the pool's dead idle
    // connections), and reads return to it.
    pair.start_standby();
    pair.wait_for_replay();
    assert!(reader.check_replicas()[0].healthy);
    for _ in 0..3 {
        let (row, source) = reader
            .read_on(Consistency::Replica, |conn| {
                availability::for_resource(conn, id)
            })
            .unwrap();
        assert!(matches!(source, ReadSource::Replica { .. }), "{source}");
        assert!(row.is_some());
    }
}

#[test]
fn read_your_refresh_survives_a_terminated_primary_backend_and_get_pings_past_one() {
    let pair = ReplicaPair::shared();
    // One connection per pool: the one terminated is the one the next read takes.
    let reader = reader_on(pair).max_size(1).build().unwrap();
    let before = reader
        .read_with(Consistency::ReadYourRefresh, backend_pid)
        .unwrap();
    terminate(pair, before);

    let mut errors = Vec::new();
    let mut calls = 0;
    let (after, source) = reader
        .read_on(Consistency::ReadYourRefresh, |conn| {
            calls += 1;
            let pid = backend_pid(conn);
            if let Err(e) = &pid {
                errors.push(format!("{e:?}"));
            }
            pid
        })
        .unwrap();
    assert_eq!(source, ReadSource::Primary);
    assert_ne!(after, before);
    assert_eq!(calls, 2, "{errors:?}");
    assert!(
        errors[0].starts_with("DatabaseError(ClosedConnection"),
        "{errors:?}"
    );

    // `get_with` pings the pooled connection, finds it dead, takes a new one.
    terminate(pair, after);
    let mut conn = reader.get_with(Consistency::ReadYourRefresh).unwrap();
    assert_eq!(conn.source(), &ReadSource::Primary);
    let fresh = backend_pid(&mut conn).unwrap();
    assert_ne!(fresh, after);
    assert!(!in_recovery(&mut conn));
    drop(conn);

    // And `primary()` for writes likewise.
    terminate(pair, fresh);
    let mut write = reader.primary().unwrap();
    assert_ne!(backend_pid(&mut write).unwrap(), fresh);
    write
        .batch_execute("CREATE TEMPORARY TABLE written_after_a_terminated_backend (id int)")
        .unwrap();
    let written_by = backend_pid(&mut write).unwrap();
    drop(write);

    // A typed query's first run on a connection prepares its statement; when
    // that fails on a dead connection, Diesel does not mark it broken. The
    // read still retries, and the dead connection leaves the pool.
    terminate(pair, written_by);
    let mut calls = 0;
    let (row, source) = reader
        .read_on(Consistency::ReadYourRefresh, |conn| {
            calls += 1;
            availability::for_resource(conn, -1)
        })
        .unwrap();
    assert_eq!((row, source, calls), (None, ReadSource::Primary, 2));
    let mut calls = 0;
    let now = reader
        .read_with(Consistency::ReadYourRefresh, |conn| {
            calls += 1;
            backend_pid(conn)
        })
        .unwrap();
    assert_eq!(calls, 1, "the dead connection went back to the pool");
    assert_ne!(now, written_by);
}

#[test]
fn a_terminated_replica_backend_moves_the_read_on_without_error() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair)
        .max_size(1)
        .health_check_interval(RARE_CHECKS)
        .build()
        .unwrap();
    pair.wait_for_replay();
    let (pid, source) = reader.read_on(Consistency::Replica, backend_pid).unwrap();
    assert!(matches!(source, ReadSource::Replica { .. }), "{source}");
    let mut standby = pair.standby_conn();
    standby
        .batch_execute(&format!("SELECT pg_terminate_backend({pid})"))
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let mut calls = 0;
    let (in_recovery_there, source) = reader
        .read_on(Consistency::Replica, |conn| {
            calls += 1;
            is_in_recovery_query(conn)
        })
        .unwrap();
    assert_eq!(calls, 2);
    assert_eq!(source, ReadSource::Primary);
    assert!(!in_recovery_there);
    let health = reader.replica_health().remove(0);
    assert!(!health.healthy && !health.reachable, "{health:?}");

    // The next check finds it healthy again and reads return to it.
    assert!(reader.check_replicas()[0].healthy);
    let (pid_now, source) = reader.read_on(Consistency::Replica, backend_pid).unwrap();
    assert!(matches!(source, ReadSource::Replica { .. }), "{source}");
    assert_ne!(pid_now, pid);
}

fn is_in_recovery_query(conn: &mut PgConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::sql::<Bool>("pg_is_in_recovery()")).get_result(conn)
}

#[test]
fn a_query_error_is_the_callers_and_never_retried() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    pair.wait_for_replay();

    let mut calls = 0;
    let error = reader
        .read(|conn| {
            calls += 1;
            conn.batch_execute("SELECT 1/0")
        })
        .unwrap_err();
    assert_eq!(calls, 1);
    match &error {
        Error::Read { on, source, .. } => {
            assert!(matches!(on, ReadSource::Replica { index: 0, .. }), "{on}");
            assert!(source.to_string().contains("division by zero"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        error.to_string().starts_with("read on replica postgres://"),
        "{error}"
    );
    // The replica stays healthy: a query error says nothing about it.
    assert!(reader.replica_health()[0].healthy);

    let mut calls = 0;
    let error = reader
        .read_with(Consistency::ReadYourRefresh, |conn| {
            calls += 1;
            conn.batch_execute("SELECT * FROM no_such_table_here")
        })
        .unwrap_err();
    assert_eq!(calls, 1);
    match &error {
        Error::Read { on, source, .. } => {
            assert_eq!(on, &ReadSource::Primary);
            assert!(source.to_string().contains("does not exist"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("read on the primary postgres://"),
        "{error}"
    );
    // The connections were fine and are used again.
    assert!(reader.read(|conn| Ok(in_recovery(conn))).unwrap());
}
