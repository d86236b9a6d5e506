//! Materialized views the registry does not define (an adopted database's
//! `ca_biositing` views, any made by hand): `biositing refresh` refreshes them
//! with the registry's, in dependency order, change-tracked and logged,
//! `CONCURRENTLY` only where a unique index allows; `views status` lists them
//! as not managed; `verify` does not fail because of them.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use biositing_db::DatabaseUrl;
use biositing_refresh::{freshness, unmanaged_views, view_sources};
use biositing_test_db::alembic::dumps_available;
use biositing_test_db::{biositing, count, differences, run_ok, TestDatabase};
use diesel::prelude::*;
use serde_json::Value;

/// The original chain's head revision (`shared/fixtures/alembic`).
const HEAD_REVISION: &str = "d2b6b2a7c9d1";

/// A base table of the data model that views read.
const TABLE: &str = "resource_availability";

fn json(url: &DatabaseUrl, args: &[&str]) -> Value {
    let out = run_ok(biositing(url).args(args));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `refresh --json` with `args`: each view's result, and the order they finished in.
fn refresh(url: &DatabaseUrl, args: &[&str]) -> (BTreeMap<String, Value>, Vec<String>) {
    let mut all = vec!["refresh", "--json"];
    all.extend(args);
    let report = json(url, &all);
    let results = report["results"].as_array().unwrap();
    let order = results
        .iter()
        .map(|r| r["view"].as_str().unwrap().to_string())
        .collect();
    let by_view = results
        .iter()
        .map(|r| (r["view"].as_str().unwrap().to_string(), r.clone()))
        .collect();
    (by_view, order)
}

fn outcome(results: &BTreeMap<String, Value>, view: &str) -> String {
    results[view]["outcome"].as_str().unwrap().to_string()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `views status --json`, by view.
fn status(url: &DatabaseUrl) -> BTreeMap<String, Value> {
    json(url, &["views", "status", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap().to_string(), v.clone()))
        .collect()
}

fn registered() -> BTreeSet<String> {
    biositing_views::VIEWS
        .iter()
        .map(|v| v.name.to_string())
        .collect()
}

#[test]
fn views_outside_the_registry_are_refreshed_in_order_tracked_logged_and_not_managed() {
    let db = TestDatabase::migrated();
    let url = db.url();
    db.execute(&format!(
        "INSERT INTO resource (id, name) SELECT g, 'resource ' || g FROM generate_series(1, 30) g;
         INSERT INTO {TABLE} (resource_id, from_month, to_month, year_round)
              SELECT g, 1 + g % 12, 1 + (g + 3) % 12, g % 7 = 0 FROM generate_series(1, 30) g;
         CREATE SCHEMA other;
         CREATE MATERIALIZED VIEW other.per_resource AS
             SELECT resource_id, count(*) AS n FROM {TABLE} GROUP BY resource_id WITH NO DATA;
         CREATE UNIQUE INDEX ON other.per_resource (resource_id);
         -- Reads the view above (through a plain view): refreshed after it.
         -- Its only unique index has an expression: never CONCURRENTLY.
         CREATE VIEW other.per_resource_plain AS SELECT * FROM other.per_resource;
         CREATE MATERIALIZED VIEW other.total AS
             SELECT 1 AS id, sum(n) AS n FROM other.per_resource_plain WITH NO DATA;
         CREATE UNIQUE INDEX ON other.total ((id + 0));"
    ));
    let mut conn = db.conn();
    assert_eq!(
        unmanaged_views(&mut conn).unwrap(),
        vec!["other.per_resource".to_string(), "other.total".to_string()]
    );

    // A plain refresh covers every materialized view, theirs after what they read.
    let (results, order) = refresh(url, &[]);
    let mut expected = registered();
    expected.extend(["other.per_resource".into(), "other.total".into()]);
    assert_eq!(results.keys().cloned().collect::<BTreeSet<_>>(), expected);
    for view in &expected {
        assert_eq!(outcome(&results, view), "succeeded", "{view}");
    }
    let position = |view: &str| order.iter().position(|v| v == view).unwrap();
    assert!(position("other.per_resource") < position("other.total"));
    for view in ["per_resource", "total"] {
        assert_eq!(differences(&mut conn, "other", view), 0, "other.{view}");
    }
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM data_portal.refresh_log
              WHERE view_name IN ('other.per_resource', 'other.total')
                AND outcome = 'succeeded' AND source_snapshot IS NOT NULL"
        ),
        2
    );

    // Fresh: nothing to do.
    let (results, _) = refresh(url, &[]);
    assert_eq!(outcome(&results, "other.per_resource"), "unchanged");
    assert_eq!(outcome(&results, "other.total"), "unchanged");

    // A write to the table they read makes both stale; the next plain refresh
    // refreshes them, the populated one with a usable unique index CONCURRENTLY.
    db.execute(&format!(
        "INSERT INTO {TABLE} (resource_id, from_month, to_month, year_round) VALUES (1, 2, 3, false)"
    ));
    let stale = freshness(&mut conn, &["other.per_resource", "other.total"]).unwrap();
    assert!(stale.iter().all(|f| f.is_stale()), "{stale:#?}");
    assert_eq!(stale[0].changed_sources, vec![TABLE.to_string()]);
    assert_ne!(differences(&mut conn, "other", "per_resource"), 0);
    let (results, _) = refresh(url, &[]);
    assert_eq!(outcome(&results, "other.per_resource"), "succeeded");
    assert_eq!(outcome(&results, "other.total"), "succeeded");
    assert_eq!(results["other.per_resource"]["mode"], "concurrent");
    assert_eq!(results["other.total"]["mode"], "blocking");
    assert!(
        results["other.total"]["blocking_reason"]
            .as_str()
            .unwrap()
            .contains("no unique index REFRESH CONCURRENTLY can use"),
        "{:#}",
        results["other.total"]
    );
    assert!(results["other.per_resource"]["blocking_reason"].is_null());
    for view in ["per_resource", "total"] {
        assert_eq!(differences(&mut conn, "other", view), 0, "other.{view}");
    }

    // views status lists them, not managed; the registry's are managed.
    let statuses = status(url);
    assert_eq!(statuses.keys().cloned().collect::<BTreeSet<_>>(), expected);
    for (view, s) in &statuses {
        assert_eq!(s["managed"], registered().contains(view), "{view}");
        assert_eq!(s["freshness"]["state"], "fresh", "{view}");
    }
    let shown = text(&run_ok(biositing(url).args(["views", "status"])));
    assert!(
        shown.contains("other.total")
            && shown.contains("not managed (no definition in the registry)"),
        "{shown}"
    );

    // Named: by schema.name, or by bare name while only one view has it.
    let (results, _) = refresh(url, &["total"]);
    assert_eq!(results.keys().collect::<Vec<_>>(), vec!["other.total"]);
    assert_eq!(outcome(&results, "other.total"), "succeeded");
    let (results, _) = refresh(url, &["other.per_resource"]);
    assert_eq!(outcome(&results, "other.per_resource"), "succeeded");
    db.execute(
        "CREATE SCHEMA third; CREATE MATERIALIZED VIEW third.total AS SELECT 1 AS id WITH NO DATA;",
    );
    let ambiguous = biositing(url).args(["refresh", "total"]).output().unwrap();
    assert_eq!(ambiguous.status.code(), Some(2), "{}", text(&ambiguous));
    assert!(
        text(&ambiguous).contains("`total` is ambiguous: it names other.total and third.total"),
        "{}",
        text(&ambiguous)
    );
    let unknown = biositing(url)
        .args(["refresh", "other.nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(
        text(&unknown).contains("unknown view `other.nope`: valid names are mv_")
            && text(&unknown).contains("other.total, third.total"),
        "{}",
        text(&unknown)
    );
    db.execute("DROP SCHEMA third CASCADE");

    // A table only they read, without change tracking: they are stale on
    // every run (refreshed each time); verify warns and does not fail.
    db.execute(
        "CREATE TABLE other.untracked_source (id int PRIMARY KEY);
         INSERT INTO other.untracked_source VALUES (1), (2);
         CREATE MATERIALIZED VIEW other.over_untracked AS SELECT count(*) AS n FROM other.untracked_source;",
    );
    for _ in 0..2 {
        let (results, _) = refresh(url, &[]);
        assert_eq!(outcome(&results, "other.over_untracked"), "succeeded");
        assert!(
            results["other.over_untracked"]["stale_reason"]
                .as_str()
                .unwrap()
                .contains("other.untracked_source, whose changes are not recorded"),
            "{:#}",
            results["other.over_untracked"]
        );
    }
    let verified = biositing(url).args(["verify"]).output().unwrap();
    let said = text(&verified);
    assert_eq!(verified.status.code(), Some(0), "{said}");
    assert!(
        said.contains("warn every table the views outside the registry read is change-tracked")
            && said
                .contains("other.untracked_source is read by other.over_untracked (not managed)"),
        "{said}"
    );
    let strict = biositing(url)
        .args(["verify", "--strict"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
}

/// A base table of the original data model that both the portal views and
/// the `ca_biositing` views read.
const THEIR_TABLE: &str = "resource";

#[test]
fn an_adopted_database_refreshes_every_view_the_original_etl_refreshed() {
    if !dumps_available() {
        return;
    }
    // As their ETL leaves it: their schema, data loaded. Their database has
    // no table this project added later; the generator leaves those out.
    let db = TestDatabase::from_alembic_dump(HEAD_REVISION);
    let url = db.url();
    biositing_sample::load_into_existing_tables(
        &mut db.conn(),
        &biositing_sample::SampleOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    run_ok(biositing(url).args(["adopt", "--from-alembic", "--accept-view-changes"]));
    let mut conn = db.conn();

    // Theirs, from the catalog: every materialized view outside the portal
    // schema and the adoption's backup of the old portal views.
    #[derive(QueryableByName)]
    struct View {
        #[diesel(sql_type = diesel::sql_types::Text)]
        schema: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let theirs: Vec<View> = diesel::sql_query(
        "SELECT schemaname::text AS schema, matviewname::text AS name FROM pg_matviews
          WHERE schemaname NOT IN ('data_portal', $1) ORDER BY 1, 2",
    )
    .bind::<diesel::sql_types::Text, _>(biositing_refresh::ADOPTION_BACKUP_SCHEMA)
    .load(&mut conn)
    .unwrap();
    assert!(
        theirs.iter().any(|v| v.schema == "ca_biositing"),
        "the head dump has ca_biositing views"
    );
    let keys: BTreeSet<String> = theirs
        .iter()
        .map(|v| format!("{}.{}", v.schema, v.name))
        .collect();
    assert_eq!(
        unmanaged_views(&mut conn)
            .unwrap()
            .into_iter()
            .collect::<BTreeSet<_>>(),
        keys
    );

    // Their ETL's final step, `biositing refresh`: every view, all succeeded,
    // theirs equal to their definitions.
    let (results, order) = refresh(url, &[]);
    let mut every = registered();
    every.extend(keys.iter().cloned());
    assert_eq!(results.keys().cloned().collect::<BTreeSet<_>>(), every);
    for view in &every {
        assert_eq!(
            outcome(&results, view),
            "succeeded",
            "{view}: {:#}",
            results[view]
        );
    }
    for v in &theirs {
        assert_eq!(
            differences(&mut conn, &v.schema, &v.name),
            0,
            "{}.{}",
            v.schema,
            v.name
        );
    }
    // Dependency order among theirs, from the catalog.
    let sources = view_sources(&mut conn).unwrap();
    let position = |view: &str| order.iter().position(|v| v == view).unwrap();
    for s in sources.iter().filter(|s| keys.contains(&s.view)) {
        if let Some(source) = s.source_view.as_deref().filter(|v| every.contains(*v)) {
            assert!(
                position(source) < position(&s.view),
                "{source} before {}",
                s.view
            );
        }
    }

    // Shown as not managed.
    let statuses = status(url);
    for view in &every {
        assert_eq!(statuses[view]["managed"], !keys.contains(view), "{view}");
        assert_eq!(statuses[view]["freshness"]["state"], "fresh", "{view}");
    }

    // A data change to a table theirs read makes them stale; the next plain
    // refresh refreshes them and they equal their definitions again.
    let readers: BTreeSet<String> = sources
        .iter()
        .filter(|s| keys.contains(&s.view) && s.is_table() && s.source_schema == "public")
        .filter(|s| s.source_name == THEIR_TABLE)
        .map(|s| s.view.clone())
        .collect();
    assert!(
        !readers.is_empty(),
        "some ca_biositing view reads {THEIR_TABLE}"
    );
    db.execute(&format!(
        "UPDATE {THEIR_TABLE} SET name = name || ' (renamed)'"
    ));
    let names: Vec<&str> = readers.iter().map(String::as_str).collect();
    for f in freshness(&mut conn, &names).unwrap() {
        assert!(f.is_stale(), "{f:#?}");
        assert!(f.changed_sources.iter().any(|s| s == THEIR_TABLE), "{f:#?}");
    }
    let changed: Vec<&View> = theirs
        .iter()
        .filter(|v| differences(&mut conn, &v.schema, &v.name) > 0)
        .collect();
    assert!(
        !changed.is_empty(),
        "renaming changed what some view of theirs shows"
    );
    let (results, _) = refresh(url, &[]);
    for view in &readers {
        assert_eq!(outcome(&results, view), "succeeded", "{view}");
    }
    for v in &theirs {
        assert_eq!(
            differences(&mut conn, &v.schema, &v.name),
            0,
            "{}.{}",
            v.schema,
            v.name
        );
    }
    let verified = biositing(url).args(["verify"]).output().unwrap();
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
}
