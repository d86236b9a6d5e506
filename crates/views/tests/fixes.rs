//! The view changes shipped through the workflow after the original views were
//! reproduced (docs/view-changes.md). Each test shows the previous behaviour on a
//! database migrated to just before the change, applies the change's migration,
//! and shows the new one.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use biositing_db::migrations::MigrationSet;
use biositing_test_db::{biositing, migration_folder, run_ok, workspace_root, TestDatabase};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use serde_json::Value;

// The changes, by migration name (the folder without its version): looked up in
// migrations/ so that no test pins a timestamp.
const COMPOSITION_QC: &str = "composition_keeps_null_qc_pass_matches_record_codes_case";
const FERMENTATION_QC: &str = "fermentation_keeps_records_with_a_null_qc_pass";
const GASIFICATION_QC: &str = "gasification_keeps_records_with_a_null_qc_pass";
const SAMPLE_STATS_QC: &str = "sample_stats_keep_records_with_a_null_qc_pass";
const SEARCH_ONE_ROW: &str = "search_has_exactly_one_row_per_resource";
const SAMPLE_STATS_ZERO: &str = "sample_stats_count_zero_records_for_a_resource_without_any";
const END_USES_ONE_ROW: &str = "end_uses_have_one_row_per_resource_and_use_case";
const GASIFICATION_COUNTY: &str = "gasification_gains_county_like_its_siblings";
const END_USES_CURRENT: &str = "end_uses_follow_the_use_case_and_the_qualitative_end_use";
const SEARCH_CURRENT: &str = "search_leaves_out_failed_qc_records_falls_back_to_mapped";

/// Applies the migrations up to and including the change named `change`.
fn apply(db: &TestDatabase, change: &str) {
    db.migrate_to(Some(&migration_folder(change)));
}

/// A database migrated to just before `change`, holding `fixture`.
fn before(change: &str, fixture: &str) -> TestDatabase {
    let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
    let index = set
        .scripts()
        .iter()
        .position(|s| s.folder() == migration_folder(change))
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

/// The rows of a view as JSON objects, `WHERE filter ORDER BY order`: whatever
/// columns the view has in the database's migration state. The row structs of
/// `biositing-views` follow the head definitions, so a column added later must
/// not break a test of an earlier state; read columns by name from these.
fn view_rows(db: &TestDatabase, view: &str, filter: &str, order: &str) -> Vec<Value> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        row: String,
    }
    diesel::sql_query(format!(
        "SELECT to_jsonb(v)::text AS row FROM data_portal.{view} v WHERE {filter} ORDER BY {order}"
    ))
    .load::<Row>(&mut db.conn())
    .unwrap()
    .into_iter()
    .map(|r| serde_json::from_str(&r.row).unwrap())
    .collect()
}

/// A text column of a [`view_rows`] row (`None` for NULL).
fn text_of(row: &Value, column: &str) -> Option<String> {
    match &row[column] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!("{column} is not text: {other}"),
    }
}

/// A numeric column of a [`view_rows`] row (`None` for NULL).
fn number_of(row: &Value, column: &str) -> Option<f64> {
    match &row[column] {
        Value::Null => None,
        Value::Number(n) => n.as_f64(),
        other => panic!("{column} is not a number: {other}"),
    }
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

    apply(&db, COMPOSITION_QC);
    refresh(&db, "mv_biomass_composition").unwrap();
    let rows = view_rows(&db, "mv_biomass_composition", "resource_id = 1", "id");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        number_of(&rows[0], "observation_count"),
        Some(2.0),
        "the failed record stays out"
    );
    assert_eq!(number_of(&rows[0], "avg_value"), Some(2.0));
    assert_eq!(text_of(&rows[0], "county").as_deref(), Some("Fresno"));
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

    apply(&db, FERMENTATION_QC);
    refresh(&db, "mv_biomass_fermentation").unwrap();
    let rows = view_rows(&db, "mv_biomass_fermentation", "resource_id = 1", "id");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            number_of(&rows[0], "observation_count"),
            number_of(&rows[0], "avg_value")
        ),
        (Some(1.0), Some(12.5))
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

    apply(&db, GASIFICATION_QC);
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

    apply(&db, SAMPLE_STATS_QC);
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

    apply(&db, SAMPLE_STATS_ZERO);
    refresh(&db, "mv_biomass_sample_stats").unwrap();
    assert_eq!(sample_stats(&db, 2), (Some(0), Some(0)));
    assert_eq!(sample_stats(&db, 1).1, Some(1));
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

    apply(&db, SEARCH_ONE_ROW);
    refresh(&db, "mv_biomass_search").unwrap();
    // Raw SQL: the row struct follows the head definition, which has more columns.
    #[derive(QueryableByName)]
    struct Image {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = Nullable<diesel::sql_types::Text>)]
        image_url: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        has_image: bool,
    }
    let rows: Vec<Image> = diesel::sql_query(
        "SELECT id, image_url::text, has_image FROM data_portal.mv_biomass_search ORDER BY id",
    )
    .load(&mut db.conn())
    .unwrap();
    let summary: Vec<(i32, Option<&str>, bool)> = rows
        .iter()
        .map(|r| (r.id, r.image_url.as_deref(), r.has_image))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, Some("https://img.example/hulls-first.png"), true),
            (2, None, false)
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

    apply(&db, SEARCH_ONE_ROW);
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

    apply(&db, END_USES_ONE_ROW);
    refresh(&db, "mv_biomass_end_uses").unwrap();
    let rows = view_rows(&db, "mv_biomass_end_uses", "resource_id = 1", "use_case");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(text_of(row, "use_case").as_deref(), Some("animal feed"));
    assert_eq!(
        (
            number_of(row, "percentage_low"),
            number_of(row, "percentage_high")
        ),
        (Some(10.0), Some(30.0))
    );
    // The newer record (2025) says -1; the older one's 1 would win a max().
    assert_eq!(text_of(row, "trend").as_deref(), Some("-1"));
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

    apply(&db, GASIFICATION_COUNTY);
    refresh(&db, "mv_biomass_gasification").unwrap();
    let places: Vec<(Option<String>, Option<String>)> =
        view_rows(&db, "mv_biomass_gasification", "resource_id = 1", "id")
            .iter()
            .map(|r| (text_of(r, "geoid"), text_of(r, "county")))
            .collect();
    let fresno = (Some("06019".to_string()), Some("Fresno".to_string()));
    assert_eq!(places, vec![fresno]);
}

/// Rolls back the newest migration.
fn rollback_one(db: &TestDatabase) {
    let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
    biositing_db::migrations::rollback(
        &mut db.conn(),
        &set,
        &biositing_db::migrations::RollbackTarget::Steps(1),
        std::time::Duration::from_secs(5),
        &mut |_| {},
    )
    .unwrap();
}

/// End-use records under the original team's later parameter names: R1 has two
/// 'animal feed' records (the newer one trending 'growing', the older 'steady')
/// and one without a use case or observations; R2's only record uses the seed's
/// parameter names; record 4 has no resource.
const CURRENT_END_USES: &str = "
    INSERT INTO resource (id, name) VALUES (1, 'Almond hulls'), (2, 'Rice straw');
    INSERT INTO use_case (id, name) VALUES (1, 'animal feed'), (2, 'bioenergy');
    INSERT INTO method (id, name) VALUES (3, 'grower interview');
    INSERT INTO unit (id, name) VALUES (1, 'USD/ton'), (2, '%');
    INSERT INTO parameter (id, name) VALUES
        (10, 'resource_use_perc_low'), (11, 'Resource_Use_Perc_High'), (12, 'resource_value_low'),
        (13, 'resource_value_high'), (14, 'resource_use_trend'), (15, 'percent of volume'), (16, 'trending');
    INSERT INTO resource_end_use_record (id, created_at, dataset_id, method_id, resource_id, use_case_id) VALUES
        (1, '2024-01-01', 1, 3, 1, 1), (2, '2025-01-01', 1, 3, 1, 1), (3, '2024-01-01', 1, 3, 1, NULL),
        (4, '2024-01-01', 1, 3, NULL, 2), (5, '2024-01-01', 1, 3, 2, 2);
    INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id, note) VALUES
        ('1', 'resource_end_use_record', 10, 20, 2, NULL), ('1', 'resource_end_use_record', 11, 40, 2, NULL),
        ('1', 'resource_end_use_record', 12, 100, 1, NULL), ('1', 'resource_end_use_record', 13, 150, 1, NULL),
        ('1', 'resource_end_use_record', 14, NULL, NULL, 'steady'),
        ('2', 'Resource_End_Use_Record', 10, 30, 2, NULL), ('2', 'resource_end_use_record', 11, 50, 2, NULL),
        ('2', 'resource_end_use_record', 12, 120, 1, NULL),
        ('2', 'resource_end_use_record', 14, 1, NULL, 'growing'),
        ('4', 'resource_end_use_record', 10, 99, 2, NULL),
        ('5', 'resource_end_use_record', 15, 60, 2, NULL), ('5', 'resource_end_use_record', 16, 1, NULL, NULL);
";

type EndUseSummary = (
    i32,
    String,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

fn end_use_summary(db: &TestDatabase) -> Vec<EndUseSummary> {
    let order = "resource_id, use_case, percentage_low, trend";
    view_rows(db, "mv_biomass_end_uses", "resource_id IN (1, 2)", order)
        .iter()
        .map(|r| {
            (
                i32::try_from(r["resource_id"].as_i64().unwrap()).unwrap(),
                text_of(r, "use_case").unwrap(),
                number_of(r, "percentage_low"),
                number_of(r, "percentage_high"),
                text_of(r, "trend"),
                number_of(r, "value_low_usd"),
                number_of(r, "value_high_usd"),
                text_of(r, "value_notes"),
            )
        })
        .collect()
}

#[test]
fn end_uses_follow_the_use_case_and_the_qualitative_parameters() {
    let db = before(END_USES_CURRENT, CURRENT_END_USES);
    refresh(&db, "mv_biomass_end_uses").unwrap();
    let seed_rules = vec![
        // The method's name is the use case; the new parameter names are not read.
        (
            1,
            "grower interview".to_string(),
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            2,
            "grower interview".to_string(),
            Some(60.0),
            Some(60.0),
            Some("1".to_string()),
            None,
            None,
            None,
        ),
    ];
    assert_eq!(end_use_summary(&db), seed_rules);

    apply(&db, END_USES_CURRENT);
    refresh(&db, "mv_biomass_end_uses").unwrap();
    let current_rules = vec![
        // Averages over records 1 and 2: low (20, 30), high (40, 50), value low
        // (100, 120), value high 150 (record 2 has none); the newer record's
        // trend note ('growing'; the original's max() would say 'steady').
        (
            1,
            "animal feed".to_string(),
            Some(25.0),
            Some(45.0),
            Some("growing".to_string()),
            Some(110.0),
            Some(150.0),
            Some("USD/ton".to_string()),
        ),
        // Record 3: no use case, no observations.
        (1, "unknown".to_string(), None, None, None, None, None, None),
        // Record 5: the seed's parameter names are no longer read.
        (
            2,
            "bioenergy".to_string(),
            None,
            None,
            None,
            None,
            None,
            None,
        ),
    ];
    assert_eq!(end_use_summary(&db), current_rules);

    rollback_one(&db);
    refresh(&db, "mv_biomass_end_uses").unwrap();
    assert_eq!(end_use_summary(&db), seed_rules);
    apply(&db, END_USES_CURRENT);
    refresh(&db, "mv_biomass_end_uses").unwrap();
    assert_eq!(end_use_summary(&db), current_rules);
}

/// R1: proximate moisture 10 (pass), 20 (NULL QC), 90 (failed); transport and
/// storage notes. R2: no primary product, commodity-map rows to rice and wheat
/// (and one without a product). R3: only a failed ICP record. A map row of R1
/// (which has its own product) and one without a resource are not read.
const CURRENT_SEARCH: &str = "
    INSERT INTO primary_ag_product (id, name) VALUES (1, 'almonds'), (2, 'rice'), (3, 'wheat');
    INSERT INTO resource (id, name, primary_ag_product_id) VALUES
        (1, 'Almond hulls', 1), (2, 'Rice straw', NULL), (3, 'Corn stover', NULL);
    INSERT INTO usda_commodity (id, name) VALUES (1, 'RICE'), (2, 'WHEAT');
    INSERT INTO resource_usda_commodity_map (id, resource_id, primary_ag_product_id, usda_commodity_id) VALUES
        (1, 2, 2, 1), (2, 2, 3, 2), (3, 2, NULL, 1), (4, 1, 3, 2), (5, NULL, 1, 1);
    INSERT INTO method (id, name) VALUES (1, 'hauling');
    INSERT INTO resource_transport_record (id, dataset_id, method_id, transport_description, resource_id) VALUES
        (1, 1, 1, 'baled, by truck', 1);
    INSERT INTO resource_storage_record (id, dataset_id, method_id, storage_description, resource_id) VALUES
        (1, 1, 1, 'tarped pile', 1);
    INSERT INTO parameter (id, name) VALUES (1, 'moisture');
    INSERT INTO proximate_record (id, record_id, resource_id, qc_pass) VALUES
        (1, 'P-PASS', 1, 'pass'), (2, 'P-NULL', 1, NULL), (3, 'P-FAIL', 1, 'fail');
    INSERT INTO icp_record (id, record_id, resource_id, qc_pass) VALUES (1, 'ICP-FAIL', 3, 'fail');
    INSERT INTO observation (record_id, record_type, parameter_id, value) VALUES
        ('P-PASS', 'proximate analysis', 1, 10), ('P-NULL', 'proximate analysis', 1, 20),
        ('P-FAIL', 'proximate analysis', 1, 90);
";

/// `(id, primary_product, moisture, has_proximate, has_icp, lexemes)` per row.
type SearchSummary = (i32, Option<String>, Option<String>, bool, bool, Vec<String>);

fn search_summary(db: &TestDatabase) -> Vec<SearchSummary> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = Nullable<diesel::sql_types::Text>)]
        primary_product: Option<String>,
        #[diesel(sql_type = Nullable<diesel::sql_types::Text>)]
        moisture: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        has_proximate: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        has_icp: bool,
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
        lexemes: Vec<String>,
    }
    // Raw SQL: the columns read here exist before and after the change.
    diesel::sql_query(
        "SELECT id, primary_product::text, round(moisture_percent, 2)::text AS moisture,
                has_proximate, has_icp, tsvector_to_array(search_vector) AS lexemes
           FROM data_portal.mv_biomass_search ORDER BY id",
    )
    .load::<Row>(&mut db.conn())
    .unwrap()
    .into_iter()
    .map(|r| {
        (
            r.id,
            r.primary_product,
            r.moisture,
            r.has_proximate,
            r.has_icp,
            r.lexemes,
        )
    })
    .collect()
}

#[test]
fn search_leaves_out_failed_records_falls_back_to_mapped_products_and_names_the_notes() {
    let db = before(SEARCH_CURRENT, CURRENT_SEARCH);
    refresh(&db, "mv_biomass_search").unwrap();
    let lexemes = |words: &[&str]| words.iter().map(|w| (*w).to_string()).collect::<Vec<_>>();
    let seed_rules = vec![
        // avg(10, 20, 90): the failed record counts.
        (
            1,
            Some("almonds".to_string()),
            Some("40.00".to_string()),
            true,
            false,
            lexemes(&["almond", "hull"]),
        ),
        (2, None, None, false, false, lexemes(&["rice", "straw"])),
        (3, None, None, false, true, lexemes(&["corn", "stover"])),
    ];
    assert_eq!(search_summary(&db), seed_rules);
    let missing =
        diesel::sql_query("SELECT transport_description FROM data_portal.mv_biomass_search")
            .execute(&mut db.conn());
    assert!(missing
        .unwrap_err()
        .to_string()
        .contains("column \"transport_description\" does not exist"));

    apply(&db, SEARCH_CURRENT);
    refresh(&db, "mv_biomass_search").unwrap();
    let current_rules = vec![
        // avg(10, 20): the NULL-QC record stays (the original drops it: 10).
        (
            1,
            Some("almonds".to_string()),
            Some("15.00".to_string()),
            true,
            false,
            lexemes(&["almond", "hull"]),
        ),
        // The greatest mapped product name, in the search vector too.
        (
            2,
            Some("wheat".to_string()),
            None,
            false,
            false,
            lexemes(&["rice", "straw", "wheat"]),
        ),
        // Its only record failed QC: no ICP analysis.
        (3, None, None, false, false, lexemes(&["corn", "stover"])),
    ];
    assert_eq!(search_summary(&db), current_rules);
    let notes: Vec<_> = view_rows(&db, "mv_biomass_search", "true", "id")
        .iter()
        .map(|r| {
            [
                "transport_description",
                "storage_description",
                "transport_notes",
                "storage_notes",
            ]
            .map(|column| text_of(r, column))
        })
        .collect();
    let almond = [
        "baled, by truck",
        "tarped pile",
        "baled, by truck",
        "tarped pile",
    ]
    .map(|note| Some(note.to_string()));
    assert_eq!(
        notes,
        vec![almond, [None, None, None, None], [None, None, None, None]]
    );

    rollback_one(&db);
    refresh(&db, "mv_biomass_search").unwrap();
    assert_eq!(search_summary(&db), seed_rules);
    apply(&db, SEARCH_CURRENT);
    refresh(&db, "mv_biomass_search").unwrap();
    assert_eq!(search_summary(&db), current_rules);
}

#[test]
fn every_view_refreshes_on_data_that_broke_the_original() {
    let db = TestDatabase::migrated();
    db.execute(TWO_END_USE_RECORDS);
    db.execute(
        "INSERT INTO resource (id, name) VALUES (2, 'Rice straw');
         INSERT INTO resource_morphology (resource_id, morphology_uri) VALUES (2, 'a.png'), (2, 'b.png');",
    );
    let out = run_ok(biositing(db.url()).args(["refresh", "--json"]));
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
