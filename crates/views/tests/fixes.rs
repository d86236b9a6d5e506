//! The view changes shipped through the workflow after the original views were
//! reproduced. Each test shows the original behaviour on a database migrated to
//! just before the change, applies the change's migration, and shows the new one.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use biositing_db::migrations::MigrationSet;
use biositing_test_db::{biositing, workspace_root, TestDatabase};
use biositing_views::{
    mv_biomass_composition, mv_biomass_end_uses, mv_biomass_fermentation, mv_biomass_gasification,
    mv_biomass_sample_stats, mv_biomass_search,
};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

const COMPOSITION_QC: &str =
    "2026-11-26-030702_composition_keeps_null_qc_pass_matches_record_codes_case";
const FERMENTATION_QC: &str = "2026-11-26-030732_fermentation_keeps_records_with_a_null_qc_pass";
const GASIFICATION_QC: &str = "2026-11-26-030735_gasification_keeps_records_with_a_null_qc_pass";
const SAMPLE_STATS_QC: &str = "2026-11-26-030738_sample_stats_keep_records_with_a_null_qc_pass";
const SEARCH_ONE_ROW: &str = "2026-11-26-030753_search_has_exactly_one_row_per_resource";
const SAMPLE_STATS_ZERO: &str =
    "2026-11-26-030759_sample_stats_count_zero_records_for_a_resource_without_any";
const END_USES_ONE_ROW: &str = "2026-11-26-030806_end_uses_have_one_row_per_resource_and_use_case";
const GASIFICATION_COUNTY: &str = "2026-11-26-030834_gasification_gains_county_like_its_siblings";

/// A database migrated to just before `change`, holding `fixture`.
fn before(change: &str, fixture: &str) -> TestDatabase {
    let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
    let index = set
        .scripts()
        .iter()
        .position(|s| s.folder() == change)
        .unwrap();
    let db = TestDatabase::migrated_to(set.scripts()[index - 1].folder());
    db.execute(fixture);
    db
}

fn refresh(db: &TestDatabase, view: &str) -> Result<(), String> {
    diesel::sql_query(format!("REFRESH MATERIALIZED VIEW data_portal.{view}"))
        .execute(&mut db.conn())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `(row count, sum of observation_count)` of a view's rows for resource 1.
fn rows_and_observations(db: &TestDatabase, view: &str) -> (i64, Option<i64>) {
    #[derive(QueryableByName)]
    struct Totals {
        #[diesel(sql_type = BigInt)]
        rows: i64,
        #[diesel(sql_type = Nullable<BigInt>)]
        observations: Option<i64>,
    }
    let t: Totals = diesel::sql_query(format!(
        "SELECT count(*) AS rows, sum(observation_count)::bigint AS observations FROM data_portal.{view} WHERE resource_id = 1"
    ))
    .get_result(&mut db.conn())
    .unwrap();
    (t.rows, t.observations)
}

const RESOURCE: &str = "
    INSERT INTO place (geoid, county_name, state_name) VALUES ('06019', 'Fresno', 'California');
    INSERT INTO location_address (id, geography_id) VALUES (1, '06019');
    INSERT INTO provider (id, codename) VALUES (1, 'orchard co-op');
    INSERT INTO resource (id, name) VALUES (1, 'Almond hulls');
    INSERT INTO field_sample (id, resource_id, provider_id, sampling_location_id) VALUES (1, 1, 1, 1);
    INSERT INTO prepared_sample (id, field_sample_id) VALUES (1, 1);
    INSERT INTO parameter (id, name) VALUES (1, 'ash'), (2, 'ethanol'), (3, 'syngas yield');
";

#[test]
fn composition_keeps_null_qc_records_and_ignores_record_code_case() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO compositional_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES
            ('CMP-A', 1, 1, NULL), ('CMP-B', 1, 1, 'pass'), ('CMP-C', 1, 1, 'fail');
        INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
            ('CMP-A', 'compositional analysis', 1, 1.0),
            ('cmp-b', 'compositional analysis', 1, 3.0),
            ('CMP-C', 'compositional analysis', 1, 100.0);"
    );
    let db = before(COMPOSITION_QC, &fixture);
    refresh(&db, "mv_biomass_composition").unwrap();
    // Originally: the NULL-QC record is dropped and `cmp-b` does not match `CMP-B`.
    assert_eq!(
        rows_and_observations(&db, "mv_biomass_composition"),
        (0, None)
    );

    db.migrate_to(Some(COMPOSITION_QC));
    refresh(&db, "mv_biomass_composition").unwrap();
    let rows =
        mv_biomass_composition::for_resource(&mut db.conn(), 1, &Default::default()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].observation_count,
        Some(2),
        "the failed record stays out"
    );
    assert_eq!(rows[0].avg_value, Some("2".parse().unwrap()));
    assert_eq!(rows[0].county.as_deref(), Some("Fresno"));
}

#[test]
fn fermentation_keeps_null_qc_records() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO fermentation_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES
            ('FER-1', 1, 1, NULL), ('FER-2', 1, 1, 'fail');
        INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
            ('FER-1', 'fermentation', 2, 12.5), ('FER-2', 'fermentation', 2, 99.0);"
    );
    let db = before(FERMENTATION_QC, &fixture);
    refresh(&db, "mv_biomass_fermentation").unwrap();
    assert_eq!(
        rows_and_observations(&db, "mv_biomass_fermentation"),
        (0, None)
    );

    db.migrate_to(Some(FERMENTATION_QC));
    refresh(&db, "mv_biomass_fermentation").unwrap();
    let rows = mv_biomass_fermentation::for_resource(&mut db.conn(), 1, None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].observation_count, rows[0].avg_value.clone()),
        (Some(1), Some("12.5".parse().unwrap()))
    );
}

#[test]
fn gasification_keeps_null_qc_records() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO gasification_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES
            ('GAS-1', 1, 1, NULL), ('GAS-2', 1, 1, 'fail');
        INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
            ('gas-1', 'gasification', 3, 0.4), ('GAS-2', 'gasification', 3, 9.0);"
    );
    let db = before(GASIFICATION_QC, &fixture);
    refresh(&db, "mv_biomass_gasification").unwrap();
    assert_eq!(
        rows_and_observations(&db, "mv_biomass_gasification"),
        (0, None)
    );

    db.migrate_to(Some(GASIFICATION_QC));
    refresh(&db, "mv_biomass_gasification").unwrap();
    assert_eq!(
        rows_and_observations(&db, "mv_biomass_gasification"),
        (1, Some(1))
    );
}

fn sample_stats(db: &TestDatabase, resource: i32) -> (Option<i64>, Option<i64>) {
    #[derive(QueryableByName)]
    struct Stats {
        #[diesel(sql_type = Nullable<BigInt>)]
        sample_count: Option<i64>,
        #[diesel(sql_type = Nullable<BigInt>)]
        total_record_count: Option<i64>,
    }
    let s: Stats = diesel::sql_query(
        "SELECT sample_count, total_record_count FROM data_portal.mv_biomass_sample_stats WHERE resource_id = $1",
    )
    .bind::<diesel::sql_types::Integer, _>(resource)
    .get_result(&mut db.conn())
    .unwrap();
    (s.sample_count, s.total_record_count)
}

#[test]
fn sample_stats_keep_null_qc_records() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO compositional_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES ('CMP-A', 1, 1, NULL);"
    );
    let db = before(SAMPLE_STATS_QC, &fixture);
    refresh(&db, "mv_biomass_sample_stats").unwrap();
    assert_eq!(sample_stats(&db, 1), (Some(0), Some(1)));

    db.migrate_to(Some(SAMPLE_STATS_QC));
    refresh(&db, "mv_biomass_sample_stats").unwrap();
    assert_eq!(sample_stats(&db, 1), (Some(1), Some(1)));
}

#[test]
fn sample_stats_count_zero_records_for_a_resource_without_any() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO resource (id, name) VALUES (2, 'Walnut shells');
        INSERT INTO compositional_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES ('CMP-A', 1, 1, 'pass');"
    );
    let db = before(SAMPLE_STATS_ZERO, &fixture);
    refresh(&db, "mv_biomass_sample_stats").unwrap();
    assert_eq!(sample_stats(&db, 2), (Some(0), Some(1)));

    db.migrate_to(Some(SAMPLE_STATS_ZERO));
    refresh(&db, "mv_biomass_sample_stats").unwrap();
    let walnut = mv_biomass_sample_stats::for_resource(&mut db.conn(), 2)
        .unwrap()
        .unwrap();
    assert_eq!(
        (walnut.sample_count, walnut.total_record_count),
        (Some(0), Some(0))
    );
    let almond = mv_biomass_sample_stats::for_resource(&mut db.conn(), 1)
        .unwrap()
        .unwrap();
    assert_eq!(almond.total_record_count, Some(1));
}

const TWO_MORPHOLOGY_ROWS: &str = "
    INSERT INTO resource (id, name) VALUES (1, 'Almond hulls'), (2, 'Rice straw');
    INSERT INTO resource_morphology (id, resource_id, morphology_uri) VALUES
        (7, 1, 'https://img.example/hulls-second.png'), (3, 1, 'https://img.example/hulls-first.png');
";

#[test]
fn search_has_exactly_one_row_per_resource() {
    let db = before(SEARCH_ONE_ROW, TWO_MORPHOLOGY_ROWS);
    let error = refresh(&db, "mv_biomass_search").unwrap_err();
    assert_eq!(
        error,
        "could not create unique index \"idx_mv_biomass_search_id\""
    );

    db.migrate_to(Some(SEARCH_ONE_ROW));
    refresh(&db, "mv_biomass_search").unwrap();
    let rows: Vec<mv_biomass_search::BiomassSearch> = mv_biomass_search::mv_biomass_search::table
        .select(mv_biomass_search::BiomassSearch::as_select())
        .order(mv_biomass_search::mv_biomass_search::id)
        .load(&mut db.conn())
        .unwrap();
    let summary: Vec<(i32, Option<&str>, Option<bool>)> = rows
        .iter()
        .map(|r| (r.id, r.image_url.as_deref(), r.has_image))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, Some("https://img.example/hulls-first.png"), Some(true)),
            (2, None, Some(false))
        ]
    );
}

/// Moisture 10, 20, 30 for three resources, and 100 from a record without a resource.
const PROFILES_AND_A_RESOURCELESS_RECORD: &str = "
    INSERT INTO resource (id, name) VALUES (1, 'Almond hulls'), (2, 'Rice straw'), (3, 'Walnut shells');
    INSERT INTO parameter (id, name) VALUES (1, 'moisture');
    INSERT INTO proximate_record (id, record_id, resource_id, qc_pass) VALUES
        (1, 'P1', 1, 'pass'), (2, 'P2', 2, 'pass'), (3, 'P3', 3, 'pass'), (4, 'P-NONE', NULL, 'pass');
    INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
        ('P1', 'proximate analysis', 1, 10), ('P2', 'proximate analysis', 1, 20),
        ('P3', 'proximate analysis', 1, 30), ('P-NONE', 'proximate analysis', 1, 100);
";

/// `(id, tags)` of every search row.
fn search_tags(db: &TestDatabase) -> Vec<(i32, Vec<String>)> {
    #[derive(QueryableByName)]
    struct Tags {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
        tags: Vec<String>,
    }
    diesel::sql_query("SELECT id, tags FROM data_portal.mv_biomass_search ORDER BY id")
        .load::<Tags>(&mut db.conn())
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.tags))
        .collect()
}

/// The same migration (030753) also left the records without a resource out of
/// the tag percentiles: its definition filters them before grouping, where the
/// seed state (2026-11-26-000002) keeps them as a group of their own.
#[test]
fn search_tag_thresholds_leave_out_records_without_a_resource() {
    let db = before(SEARCH_ONE_ROW, PROFILES_AND_A_RESOURCELESS_RECORD);
    refresh(&db, "mv_biomass_search").unwrap();
    // Seed: population [10, 20, 30, 100], p10 13, p90 79.
    let high = || vec!["high moisture".to_string()];
    let low = || vec!["low moisture".to_string()];
    assert_eq!(search_tags(&db), vec![(1, low()), (2, vec![]), (3, vec![])]);

    db.migrate_to(Some(SEARCH_ONE_ROW));
    refresh(&db, "mv_biomass_search").unwrap();
    // Resources only: [10, 20, 30], p10 12, p90 28.
    assert_eq!(search_tags(&db), vec![(1, low()), (2, vec![]), (3, high())]);
}

const TWO_END_USE_RECORDS: &str = "
    INSERT INTO resource (id, name) VALUES (1, 'Almond hulls');
    INSERT INTO method (id, name) VALUES (1, 'animal feed');
    INSERT INTO parameter (id, name) VALUES (1, 'percent of volume'), (2, 'trending');
    INSERT INTO resource_end_use_record (id, created_at, dataset_id, method_id, resource_id) VALUES
        (1, '2024-01-01', 1, 1, 1), (2, '2025-06-01', 1, 1, 1);
    INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
        ('1', 'resource_end_use_record', 1, 10), ('1', 'resource_end_use_record', 2, 1),
        ('2', 'resource_end_use_record', 1, 30), ('2', 'resource_end_use_record', 2, -1);
";

#[test]
fn end_uses_have_one_row_per_resource_and_use_case() {
    let db = before(END_USES_ONE_ROW, TWO_END_USE_RECORDS);
    let error = refresh(&db, "mv_biomass_end_uses").unwrap_err();
    assert_eq!(
        error,
        "could not create unique index \"idx_mv_biomass_end_uses_resource_use_case\""
    );

    db.migrate_to(Some(END_USES_ONE_ROW));
    refresh(&db, "mv_biomass_end_uses").unwrap();
    let rows = mv_biomass_end_uses::for_resource(&mut db.conn(), 1).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.use_case, "animal feed");
    assert_eq!(
        (row.percentage_low, row.percentage_high),
        (Some(10.0), Some(30.0))
    );
    // The newer record (2025) says -1; the older one's 1 would win a max().
    assert_eq!(row.trend.as_deref(), Some("-1"));
}

#[test]
fn gasification_gains_county() {
    let fixture = format!(
        "{RESOURCE}
        INSERT INTO gasification_record (record_id, resource_id, prepared_sample_id, qc_pass) VALUES ('GAS-1', 1, 1, 'pass');
        INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES ('GAS-1', 'gasification', 3, 0.4);"
    );
    let db = before(GASIFICATION_COUNTY, &fixture);
    refresh(&db, "mv_biomass_gasification").unwrap();
    let missing = diesel::sql_query("SELECT county FROM data_portal.mv_biomass_gasification")
        .execute(&mut db.conn());
    assert!(missing
        .unwrap_err()
        .to_string()
        .contains("column \"county\" does not exist"));

    db.migrate_to(Some(GASIFICATION_COUNTY));
    refresh(&db, "mv_biomass_gasification").unwrap();
    let rows = mv_biomass_gasification::for_resource(&mut db.conn(), 1, None).unwrap();
    let places: Vec<(Option<&str>, Option<&str>)> = rows
        .iter()
        .map(|r| (r.geoid.as_deref(), r.county.as_deref()))
        .collect();
    assert_eq!(places, vec![(Some("06019"), Some("Fresno"))]);
}

#[test]
fn every_view_refreshes_on_data_that_broke_the_original() {
    let db = TestDatabase::migrated();
    db.execute(TWO_END_USE_RECORDS);
    db.execute(
        "INSERT INTO resource (id, name) VALUES (2, 'Rice straw');
         INSERT INTO resource_morphology (resource_id, morphology_uri) VALUES (2, 'a.png'), (2, 'b.png');",
    );
    let out = biositing(db.url())
        .args(["refresh", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), biositing_views::VIEWS.len());
    assert!(
        results.iter().all(|r| r["outcome"] == "succeeded"),
        "{report:#}"
    );
    let rows = |view: &str| results.iter().find(|r| r["view"] == view).unwrap()["rows"].clone();
    assert_eq!(rows("mv_biomass_search"), 2);
    assert_eq!(rows("mv_biomass_end_uses"), 1);
}
