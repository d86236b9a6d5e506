//! Loading the sample dataset into real, private PostgreSQL databases.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::time::Instant;

use biositing_sample::{
    base_tables, generated_tables, load, Error, LoadEvent, LoadSummary, SampleOptions,
};
use biositing_test_db::TestDatabase;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

/// Every registered view, by name: a view added later is refreshed and checked too.
fn views() -> Vec<&'static str> {
    biositing_views::VIEWS.iter().map(|v| v.name).collect()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    ok: bool,
}

#[derive(QueryableByName)]
struct Hash {
    #[diesel(sql_type = Text)]
    h: String,
}

fn count(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{e}\nin: {sql}"))
        .n
}

fn flag(conn: &mut PgConnection, sql: &str) -> bool {
    diesel::sql_query(sql)
        .get_result::<Flag>(conn)
        .unwrap_or_else(|e| panic!("{e}\nin: {sql}"))
        .ok
}

fn hash(conn: &mut PgConnection, table: &str) -> String {
    diesel::sql_query(format!(
        "SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS h FROM {table} t"
    ))
    .get_result::<Hash>(conn)
    .unwrap()
    .h
}

fn options(seed: u64) -> SampleOptions {
    SampleOptions {
        scale: 1,
        seed,
        replace: false,
    }
}

fn load_quiet(conn: &mut PgConnection, options: &SampleOptions) -> Result<LoadSummary, Error> {
    load(conn, options, &mut |_| {})
}

fn assert_counts(conn: &mut PgConnection, summary: &LoadSummary) {
    let loaded: Vec<&str> = summary.rows_per_table.iter().map(|(t, _)| *t).collect();
    assert_eq!(loaded, generated_tables());
    for (table, rows) in &summary.rows_per_table {
        let n = count(conn, &format!("SELECT count(*) AS n FROM {table}"));
        assert_eq!(n as u64, *rows, "rows in {table}");
        assert!(n > 0, "{table} is empty");
    }
    let total: u64 = summary.rows_per_table.iter().map(|(_, n)| n).sum();
    assert_eq!(summary.total_rows, total);
}

/// The generator fills every table a portal view reads (read from the catalog
/// of the migrated database), so every view can have rows.
#[test]
fn the_generator_fills_every_table_a_view_reads() {
    let db = TestDatabase::migrated();
    let generated = biositing_sample::generated_tables();
    for table in db.tables_read_by_portal_views() {
        assert!(
            generated.contains(&table.as_str()),
            "a portal view reads {table}, which the sample generator does not fill: add a writer for it to crates/sample/src/tables.rs (docs/view-workflow.md lists what a new table needs)"
        );
    }
}

#[test]
fn scale_one_loads_counts_match_and_every_view_has_rows() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let mut tables_seen = Vec::new();
    let mut chunks = 0;
    let started = Instant::now();
    let summary = load(&mut conn, &options(7), &mut |e| match e {
        LoadEvent::Table { table, rows } => tables_seen.push((table.to_string(), rows)),
        LoadEvent::Chunk { .. } => chunks += 1,
        _ => {}
    })
    .unwrap();
    eprintln!("scale 1 loaded in {:?}", started.elapsed());
    for (table, rows) in &summary.rows_per_table {
        eprintln!("{table:32} {rows:>8}");
    }
    eprintln!("{:32} {:>8}", "total", summary.total_rows);

    assert_counts(&mut conn, &summary);
    let observations = summary.rows("observation");
    assert!(
        (85_000..=120_000).contains(&observations),
        "scale 1 should be about 100,000 observations, got {observations}"
    );
    assert!(chunks >= 1, "observation should be copied in chunks");
    let seen: Vec<&str> = tables_seen.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(seen, generated_tables(), "load order");

    // Every view refreshes (its unique index holds) and has rows.
    for view in views() {
        conn.batch_execute(&format!("REFRESH MATERIALIZED VIEW data_portal.{view}"))
            .unwrap_or_else(|e| panic!("refresh {view}: {e}"));
        let n = count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM data_portal.{view}"),
        );
        assert!(
            n > 0,
            "{view} has no rows on the sample data: the generator (crates/sample/src/tables.rs) must write rows into what it reads (docs/view-workflow.md, \"What a change touches\")"
        );
    }

    // Paths the views take.
    let facts = [
        // QC in all three states, in every record table.
        "SELECT bool_and(n = 3) AS ok FROM (
            SELECT count(DISTINCT coalesce(qc_pass, 'null')) AS n FROM compositional_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM proximate_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM ultimate_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM xrf_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM icp_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM calorimetry_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM xrd_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM ftnir_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM fermentation_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM gasification_record
            UNION ALL SELECT count(DISTINCT coalesce(qc_pass, 'null')) FROM pretreatment_record) q",
        // All fourteen record_type labels the views rely on.
        "SELECT count(DISTINCT record_type) = 14 AS ok FROM observation WHERE record_type IN (
            'compositional analysis', 'proximate analysis', 'ultimate analysis', 'xrf analysis',
            'icp analysis', 'calorimetry analysis', 'xrd analysis', 'ftnir analysis',
            'fermentation', 'gasification', 'pretreatment', 'usda_census_record',
            'usda_market_record', 'resource_end_use_record')",
        // Both price units.
        "SELECT count(DISTINCT price_unit) = 2 AS ok FROM data_portal.mv_biomass_pricing
            WHERE price_unit IN ('USD/ton', 'USD/cwt')",
        // Census years 2012..2023, all of them.
        "SELECT min(year) = 2012 AND max(year) = 2023 AND count(DISTINCT year) = 12 AS ok
            FROM usda_census_record",
        // Statewide availability with residue factors, and seasons that wrap the year.
        "SELECT EXISTS (SELECT 1 FROM resource_availability
            WHERE geoid = '06000' AND residue_factor_dry_tons_acre > 0) AS ok",
        "SELECT EXISTS (SELECT 1 FROM resource_availability WHERE from_month > to_month) AS ok",
        // Observation codes whose case differs from their record's.
        "SELECT count(*) > 0 AS ok FROM observation o JOIN compositional_record r
            ON lower(o.record_id) = lower(r.record_id) WHERE o.record_id <> r.record_id",
        "SELECT count(*) > 0 AS ok FROM observation o JOIN fermentation_record r
            ON lower(o.record_id) = lower(r.record_id) WHERE o.record_id <> r.record_id",
        // Samples with and without a location, and records without a sample.
        "SELECT EXISTS (SELECT 1 FROM field_sample WHERE sampling_location_id IS NULL)
            AND EXISTS (SELECT 1 FROM field_sample fs JOIN location_address la
                ON la.id = fs.sampling_location_id WHERE la.geography_id IS NOT NULL)
            AND EXISTS (SELECT 1 FROM proximate_record WHERE prepared_sample_id IS NULL) AS ok",
        "SELECT count(*) >= 6 AS ok FROM place WHERE geoid IN
            ('06019', '06077', '06099', '06047', '06107', '06000')",
        // Sargassum exists and the search view leaves it out.
        "SELECT EXISTS (SELECT 1 FROM resource WHERE name = 'Sargassum')
            AND NOT EXISTS (SELECT 1 FROM data_portal.mv_biomass_search
                WHERE lower(name) = 'sargassum') AS ok",
        // One morphology row per resource; one end-use record per (resource, method).
        "SELECT (SELECT count(*) FROM resource_morphology) = (SELECT count(*) FROM resource)
            AND (SELECT count(DISTINCT resource_id) FROM resource_morphology)
                = (SELECT count(*) FROM resource) AS ok",
        "SELECT NOT EXISTS (SELECT 1 FROM resource_end_use_record
            GROUP BY resource_id, method_id HAVING count(*) > 1) AS ok",
        // The end-use parameters of the original's later revision, the trend in a note.
        "SELECT array_agg(DISTINCT p.name ORDER BY p.name) = ARRAY['resource_use_perc_high',
                'resource_use_perc_low', 'resource_use_trend', 'resource_value_high',
                'resource_value_low']::varchar[] AS ok
            FROM observation o JOIN parameter p ON p.id = o.parameter_id
            WHERE lower(o.record_type) = 'resource_end_use_record'",
        "SELECT EXISTS (SELECT 1 FROM data_portal.mv_biomass_end_uses
            WHERE percentage_low < percentage_high AND value_low_usd < value_high_usd
              AND value_notes = 'USD/ton' AND trend IN ('growing', 'steady', 'shrinking')
              AND use_case <> 'unknown')
            AND EXISTS (SELECT 1 FROM data_portal.mv_biomass_end_uses
                WHERE use_case = 'unknown') AS ok",
        // The search profile is filled in, with tags and flags both ways.
        "SELECT EXISTS (SELECT 1 FROM data_portal.mv_biomass_search
            WHERE moisture_percent IS NOT NULL AND lignin_percent IS NOT NULL
              AND sugar_content_percent IS NOT NULL AND cn_ratio IS NOT NULL
              AND cardinality(tags) > 0 AND has_volume_data AND has_image)
            AND EXISTS (SELECT 1 FROM data_portal.mv_biomass_search
                WHERE NOT has_proximate AND NOT has_image) AS ok",
        // Census production with a residue estimate from the statewide factor.
        "SELECT EXISTS (SELECT 1 FROM data_portal.mv_usda_county_production
            WHERE calculated_estimate_volume IS NOT NULL AND dataset_year >= 2017) AS ok",
        // Fermentation: strains, pretreatment and enzyme methods, and their absence.
        "SELECT EXISTS (SELECT 1 FROM data_portal.mv_biomass_fermentation
                WHERE strain_name IS NOT NULL AND pretreatment_method IS NOT NULL
                  AND enzyme_name IS NOT NULL AND county IS NOT NULL)
            AND EXISTS (SELECT 1 FROM data_portal.mv_biomass_fermentation
                WHERE enzyme_name IS NULL) AS ok",
        "SELECT count(DISTINCT reactor_type) >= 3 AS ok FROM data_portal.mv_biomass_gasification",
        "SELECT count(DISTINCT analysis_type) = 9 AS ok FROM data_portal.mv_biomass_composition",
        "SELECT EXISTS (SELECT 1 FROM data_portal.mv_biomass_pricing WHERE county IS NOT NULL)
            AND EXISTS (SELECT 1 FROM data_portal.mv_biomass_pricing WHERE county IS NULL) AS ok",
    ];
    for sql in facts {
        assert!(flag(&mut conn, sql), "not true: {sql}");
    }

    // Sequences were advanced: a plain insert gets the next id.
    let next = count(
        &mut conn,
        "INSERT INTO resource (name) VALUES ('added later') RETURNING id::bigint AS n",
    );
    assert_eq!(next as u64, summary.rows("resource") + 1);
    let next = count(
        &mut conn,
        "INSERT INTO observation (record_id) VALUES ('x') RETURNING id::bigint AS n",
    );
    assert_eq!(next as u64, observations + 1);
}

#[test]
fn same_seed_gives_identical_data_and_another_seed_differs() {
    let tables = [
        "observation",
        "resource",
        "compositional_record",
        "field_sample",
    ];
    let a = TestDatabase::migrated();
    let b = TestDatabase::migrated();
    let c = TestDatabase::migrated();
    let (mut ca, mut cb, mut cc) = (a.conn(), b.conn(), c.conn());
    let sa = load_quiet(&mut ca, &options(42)).unwrap();
    let sb = load_quiet(&mut cb, &options(42)).unwrap();
    let sc = load_quiet(&mut cc, &options(43)).unwrap();
    assert_eq!(sa, sb);
    for table in tables {
        assert_eq!(hash(&mut ca, table), hash(&mut cb, table), "{table}");
    }
    assert_ne!(hash(&mut ca, "observation"), hash(&mut cc, "observation"));
    assert_ne!(hash(&mut ca, "resource"), hash(&mut cc, "resource"));
    assert_ne!(sa.rows("observation"), sc.rows("observation"));
}

#[test]
fn refuses_a_database_with_data_unless_replace() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let fresh = load_quiet(&mut conn, &options(5)).unwrap();

    let err = load_quiet(&mut conn, &options(5)).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::NotEmpty { .. }), "{err:?}");
    assert!(err.is_input_error());
    assert!(
        message.contains(&format!(
            "already holds data ({} resources",
            fresh.rows("resource")
        )) && message.contains("pass --replace to truncate it first"),
        "{message}"
    );
    // The refusal changed nothing.
    assert_counts(&mut conn, &fresh);

    let mut truncated = false;
    let replaced = load(
        &mut conn,
        &SampleOptions {
            replace: true,
            ..options(5)
        },
        &mut |e| truncated |= matches!(e, LoadEvent::Truncated { .. }),
    )
    .unwrap();
    assert!(truncated);
    assert_eq!(replaced, fresh);
    assert_counts(&mut conn, &replaced);
    // RESTART IDENTITY and explicit ids: the same ids as the fresh load.
    assert_eq!(
        count(&mut conn, "SELECT max(id)::bigint AS n FROM observation") as u64,
        fresh.rows("observation")
    );
}

#[test]
fn lookup_rows_alone_also_count_as_data() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    conn.batch_execute("INSERT INTO unit (name) VALUES ('furlong')")
        .unwrap();
    let err = load_quiet(&mut conn, &options(1)).unwrap_err();
    assert!(err.to_string().contains("(rows in unit)"), "{err}");
    let replaced = load_quiet(
        &mut conn,
        &SampleOptions {
            replace: true,
            ..options(1)
        },
    )
    .unwrap();
    assert_counts(&mut conn, &replaced);
}

#[test]
fn a_failure_leaves_nothing_behind() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    // Observations are copied last: make one of them fail.
    conn.batch_execute(
        "ALTER TABLE observation ADD CONSTRAINT no_trends
            CHECK (record_type IS DISTINCT FROM 'resource_end_use_record' OR parameter_id <> 62)",
    )
    .unwrap();
    let err = load_quiet(&mut conn, &options(3)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Copy {
                table: "observation",
                ..
            }
        ),
        "{err:?}"
    );
    for table in base_tables() {
        let n = count(&mut conn, &format!("SELECT count(*) AS n FROM {table}"));
        assert_eq!(n, 0, "{table} kept rows after a failed load");
    }
}

#[test]
fn scale_is_validated() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let err = load_quiet(
        &mut conn,
        &SampleOptions {
            scale: 0,
            ..options(1)
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidScale(0)), "{err:?}");
    // Above the bound: refused before anything is generated (quickly, with
    // no memory to speak of), the database untouched.
    let started = Instant::now();
    let err = load_quiet(
        &mut conn,
        &SampleOptions {
            scale: biositing_sample::MAX_SCALE + 1,
            ..options(1)
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidScale(_)), "{err:?}");
    assert!(err.is_input_error());
    assert!(started.elapsed().as_secs() < 5);
    assert!(flag(
        &mut conn,
        "SELECT NOT EXISTS (SELECT 1 FROM resource) AS ok"
    ));
}

#[test]
fn the_cli_refuses_a_scale_above_the_bound_at_parse_time() {
    let db = TestDatabase::migrated();
    let too_big = (biositing_sample::MAX_SCALE + 1).to_string();
    for args in [
        vec!["sample-data", "--scale", too_big.as_str()],
        vec!["sample-data", "--scale", "4294967295"],
        vec!["setup", "--sample", "--scale", "100000"],
    ] {
        let mut child = biositing_test_db::biositing(db.url())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Today's failure mode is gigabytes of memory and minutes: never wait for it.
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed().as_secs() > 20 {
                child.kill().unwrap();
                panic!("{args:?} was still running after 20 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("--scale"), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("1..={}", biositing_sample::MAX_SCALE)),
            "{args:?}: {stderr}"
        );
    }
    let mut conn = db.conn();
    assert!(flag(
        &mut conn,
        "SELECT NOT EXISTS (SELECT 1 FROM resource) AS ok"
    ));
}

#[test]
fn scale_two_is_about_twice_scale_one_and_views_still_refresh() {
    // Scale 1 is checked to be 85,000..=120,000 observations with 28 resources.
    let two = TestDatabase::migrated();
    let mut conn = two.conn();
    let s2 = load_quiet(
        &mut conn,
        &SampleOptions {
            scale: 2,
            ..options(11)
        },
    )
    .unwrap();
    let observations = s2.rows("observation");
    assert!(
        (170_000..=240_000).contains(&observations),
        "scale 2 should be about 200,000 observations, got {observations}"
    );
    assert_eq!(s2.rows("resource"), 56);
    assert_counts(&mut conn, &s2);
    for view in views() {
        conn.batch_execute(&format!("REFRESH MATERIALIZED VIEW data_portal.{view}"))
            .unwrap_or_else(|e| panic!("refresh {view} at scale 2: {e}"));
    }
    // The extra resources are named after their residue, and searchable.
    assert!(flag(
        &mut conn,
        "SELECT count(*) = 55 AS ok FROM data_portal.mv_biomass_search"
    ));
    assert!(flag(
        &mut conn,
        "SELECT EXISTS (SELECT 1 FROM resource WHERE name = 'almond hulls, early season') AS ok"
    ));
}

/// A migration adds columns the generator does not know: nullable ones, and a
/// NOT NULL one with a default. `COPY` names the generator's columns only, so the
/// load goes through and the new columns hold NULL and the default. The same
/// columns in schema.rs would not change this: the generator's column list, not
/// the schema's, is what `COPY` sends.
#[test]
fn columns_added_by_a_later_migration_take_their_defaults() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    conn.batch_execute(
        "ALTER TABLE fermentation_record ADD COLUMN duration interval;
         ALTER TABLE resource ADD COLUMN portal_hidden boolean NOT NULL DEFAULT false;
         ALTER TABLE place ADD COLUMN population integer;",
    )
    .unwrap();
    let summary = load_quiet(&mut conn, &options(9)).unwrap();
    assert_counts(&mut conn, &summary);
    assert!(summary.rows("fermentation_record") > 0);
    assert!(flag(
        &mut conn,
        "SELECT bool_and(duration IS NULL) AS ok FROM fermentation_record"
    ));
    assert!(flag(
        &mut conn,
        "SELECT bool_and(NOT portal_hidden) AS ok FROM resource"
    ));
    assert!(flag(
        &mut conn,
        "SELECT bool_and(population IS NULL) AS ok FROM place"
    ));
    assert_eq!(
        biositing_sample::generated_columns("fermentation_record")
            .unwrap()
            .iter()
            .filter(|c| **c == "duration")
            .count(),
        0,
        "the generator does not know the new column"
    );
}

/// A NOT NULL column without a default cannot be left out: the load refuses
/// before copying, names the table, the column and the fix, and leaves nothing.
#[test]
fn a_required_column_the_generator_does_not_fill_is_named() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    conn.batch_execute("ALTER TABLE strain ADD COLUMN lineage varchar NOT NULL")
        .unwrap();
    let err = load_quiet(&mut conn, &options(2)).unwrap_err();
    assert!(
        matches!(&err, Error::UnfilledColumn { table: "strain", column } if column == "lineage"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the sample generator does not fill strain.lineage, which is NOT NULL without a default: \
         give the column a DEFAULT in its migration, or add it to the strain writer in \
         crates/sample/src/tables.rs (its copy_target! column list and its rows)"
    );
    for table in base_tables() {
        let n = count(&mut conn, &format!("SELECT count(*) AS n FROM {table}"));
        assert_eq!(n, 0, "{table} kept rows after the refusal");
    }
}

/// A database at a revision before `use_case` (the original chain's seed state
/// has none) is told what it lacks, and nothing is loaded.
#[test]
fn a_database_without_a_table_the_generator_fills_is_named_and_left_alone() {
    let db = TestDatabase::migrated_to(&biositing_test_db::migration_folder(
        "resource_images_county_ag_reports_fermentation_method_keys",
    ));
    let mut conn = db.conn();
    let error = load_quiet(&mut conn, &options(1)).expect_err("no use_case table");
    let message = error.to_string();
    assert!(
        message.contains("no table use_case") && message.contains("biositing migrate"),
        "{message}"
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM resource"), 0);
}
