//! The replica pair is a real primary with a hot standby streaming from it,
//! and it is gone when its owner is.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use biositing_test_db::ReplicaPair;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

#[derive(QueryableByName)]
struct Recovery {
    #[diesel(sql_type = Bool)]
    in_recovery: bool,
}

fn in_recovery(conn: &mut PgConnection) -> bool {
    diesel::sql_query("SELECT pg_is_in_recovery() AS in_recovery")
        .get_result::<Recovery>(conn)
        .unwrap()
        .in_recovery
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[test]
fn the_standby_replays_what_the_primary_writes() {
    let pair = ReplicaPair::shared();
    assert!(!in_recovery(&mut pair.primary_conn()));
    assert!(in_recovery(&mut pair.standby_conn()));
    // The workspace's migrations came over with the base backup.
    let views =
        diesel::sql_query("SELECT count(*) AS n FROM pg_matviews WHERE schemaname = 'data_portal'")
            .get_result::<Count>(&mut pair.standby_conn())
            .unwrap()
            .n;
    assert!(views > 0, "the standby has no data_portal views");

    pair.execute_on_primary(
        "CREATE TABLE public.pair_marker (id int); INSERT INTO public.pair_marker VALUES (1), (2);",
    );
    pair.wait_for_replay();
    let rows = diesel::sql_query("SELECT count(*) AS n FROM public.pair_marker")
        .get_result::<Count>(&mut pair.standby_conn())
        .unwrap()
        .n;
    assert_eq!(rows, 2);
    // A hot standby takes no writes.
    assert!(
        diesel::sql_query("INSERT INTO public.pair_marker VALUES (3)")
            .execute(&mut pair.standby_conn())
            .is_err()
    );
}

#[test]
fn a_pair_of_its_own_stops_and_restarts_its_standby_and_is_removed_on_drop() {
    let pair = ReplicaPair::start();
    let root = pair.root().to_path_buf();
    pair.stop_standby();
    assert!(biositing_db::connect(&pair.standby_url()).is_err());
    pair.execute_on_primary("CREATE TABLE public.while_down (id int)");
    pair.start_standby();
    pair.wait_for_replay();
    diesel::sql_query("SELECT count(*) AS n FROM public.while_down")
        .get_result::<Count>(&mut pair.standby_conn())
        .unwrap();
    let primary = pair.primary_url();
    drop(pair);
    assert!(!root.exists(), "{} was not removed", root.display());
    assert!(
        biositing_db::connect(&primary).is_err(),
        "the primary still runs"
    );
}
