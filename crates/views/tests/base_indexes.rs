//! Indexes on base tables change how the views are computed, never what they
//! contain: every registered view holds the same rows, refreshed on the sample
//! data without and with the indexes of the migration that adds the observation
//! indexes. (Whether every view has rows on the sample data is
//! `crates/sample/tests/load.rs`'s to say.)

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

mod common;

use biositing_db::migrations::MigrationSet;
use biositing_db::quote_ident;
use biositing_test_db::{biositing, run_ok, workspace_root, TestDatabase};
use biositing_views::VIEWS;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// The migration that indexes `observation`, found by what its up.sql does.
fn observation_index_migration(set: &MigrationSet) -> usize {
    let found: Vec<usize> = set
        .scripts()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let up = std::fs::read_to_string(
                workspace_root()
                    .join("migrations")
                    .join(s.folder())
                    .join("up.sql"),
            )
            .unwrap()
            .to_lowercase();
            up.contains("create index") && up.contains("on observation")
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(found.len(), 1, "one migration indexes observation");
    found[0]
}

fn snapshot_table(view: &str) -> String {
    quote_ident(&format!("before_{view}"))
}

/// Runs a migration's SQL file outside the runner, in one transaction (the
/// index migration's `SET LOCAL` needs one).
fn run_sql(conn: &mut PgConnection, sql: &str) {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(&format!("BEGIN;\n{sql}\nCOMMIT;"))
        .unwrap_or_else(|e| panic!("{e}\nin: {sql}"));
}

#[test]
fn every_view_has_the_same_rows_before_and_after_the_observation_indexes() {
    // At the head state, with the head sample generator (a table or column
    // added later is loaded too), the index migration's down.sql and up.sql
    // run by hand: the views compare without the indexes and with them.
    let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
    let script = &set.scripts()[observation_index_migration(&set)];
    let db = TestDatabase::migrated();
    run_ok(biositing(db.url()).args(["sample-data", "--scale", "1"]));

    let mut conn = db.conn();
    let observation_indexes =
        "SELECT count(*) AS n FROM pg_index WHERE indrelid = 'public.observation'::regclass";
    run_sql(&mut conn, script.down_sql());
    common::refresh_all(&db);
    let indexes_before = count(&mut conn, observation_indexes);
    let views: Vec<_> = VIEWS.iter().collect();
    for view in &views {
        diesel::sql_query(format!(
            "CREATE TABLE public.{} AS TABLE {}",
            snapshot_table(view.name),
            view.qualified_name()
        ))
        .execute(&mut conn)
        .unwrap();
    }
    let compared_rows: i64 = views
        .iter()
        .map(|v| {
            let sql = format!(
                "SELECT count(*) AS n FROM public.{}",
                snapshot_table(v.name)
            );
            count(&mut conn, &sql)
        })
        .sum();
    assert!(compared_rows > 0, "the sample data fills no view");

    run_sql(&mut conn, script.up_sql());
    assert!(
        count(&mut conn, observation_indexes) > indexes_before,
        "the migration adds indexes on observation"
    );
    common::refresh_all(&db);

    for view in &views {
        let snapshot = format!("public.{}", snapshot_table(view.name));
        let current = view.qualified_name();
        // Every column but a row_number() `id`: the spec orders some of them by
        // a key that ties (a market record priced in two units), so which row
        // gets which number is up to the plan, and this migration changes plans.
        let columns: Vec<String> = biositing_views::live_columns(&mut conn, view.name)
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| name != "id")
            .map(|name| quote_ident(&name))
            .collect();
        let columns = columns.join(", ");
        for (left, right) in [(&snapshot, &current), (&current, &snapshot)] {
            let differing = count(
                &mut conn,
                &format!("SELECT count(*) AS n FROM (SELECT {columns} FROM {left} EXCEPT ALL SELECT {columns} FROM {right}) AS d"),
            );
            assert_eq!(
                differing, 0,
                "{}: rows of {left} missing from {right}",
                view.name
            );
        }
    }
}
