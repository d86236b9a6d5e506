//! The read pool on a real primary and hot standby (`ReplicaPair`): reads land
//! on the replica, a replica that lags or stops is skipped without an error,
//! read-your-refresh and writes go to the primary, lag is reported.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use biositing_reader::{Consistency, PortalReader, ReadSource};
use biositing_test_db::ReplicaPair;
use biositing_views::mv_biomass_availability as availability;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Bool;

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

#[test]
fn reads_land_on_the_replica_and_typed_queries_see_what_the_primary_refreshed() {
    let pair = ReplicaPair::shared();
    let reader = reader_on(pair).build().unwrap();
    let id = fresh_resource_id();
    write_and_refresh(&reader, id);
    pair.wait_for_replay();

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
    let id = fresh_resource_id();
    write_and_refresh(&reader, id);
    pair.wait_for_replay();
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
    let pair = ReplicaPair::start();
    // Checks are far apart: the failed checkout alone must route around it.
    let reader = reader_on(&pair)
        .health_check_interval(Duration::from_secs(3600))
        .build()
        .unwrap();
    let id = fresh_resource_id();
    write_and_refresh(&reader, id);
    pair.wait_for_replay();
    drop(reader.get().unwrap()); // a pooled connection to the replica, then idle
    assert!(reader.get().unwrap().is_replica());

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
