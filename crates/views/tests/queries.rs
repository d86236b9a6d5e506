//! The typed query functions of the ten view modules: their filters, paging and
//! ordering on the small fixture, and — on a few thousand generated rows — the
//! plan of the very SQL they send (captured from the connection), which must use
//! the view's index.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use biositing_test_db::TestDatabase;
use biositing_views::mv_biomass_availability::{self as availability, Month};
use biositing_views::mv_biomass_composition::{self as composition, CompositionFilter};
use biositing_views::mv_biomass_county_production as county_production;
use biositing_views::mv_biomass_end_uses as end_uses;
use biositing_views::mv_biomass_fermentation as fermentation;
use biositing_views::mv_biomass_gasification as gasification;
use biositing_views::mv_biomass_pricing as pricing;
use biositing_views::mv_biomass_sample_stats as sample_stats;
use biositing_views::mv_biomass_search::{self as search, SearchHit, SearchQuery};
use biositing_views::mv_usda_county_production as usda;
use biositing_views::{find_view, VIEWS};
use chrono::{NaiveDate, NaiveDateTime};
use common::{capture_query, fixture_db, parse_debug_list, refresh, refresh_all};
use diesel::prelude::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

fn month(n: u32) -> Month {
    Month::new(n).unwrap()
}

// ---------------------------------------------------------- availability

#[test]
fn availability_in_season_handles_wrapping_seasons() {
    let db = fixture_db();
    db.execute(
        "INSERT INTO resource (id, name) VALUES (100, 'Citrus peel'), (101, 'Spring prunings');
         INSERT INTO resource_availability (id, resource_id, geoid, from_month, to_month, year_round) VALUES
             (100, 100, '06019', 11, 1, false),
             (101, 101, '06019', 2, 4, NULL);",
    );
    let mut conn = db.conn();
    refresh(&mut conn, find_view("mv_biomass_availability").unwrap()).unwrap();
    let ids = |conn: &mut PgConnection, m: u32| -> Vec<i32> {
        availability::in_season(conn, month(m))
            .unwrap()
            .into_iter()
            .map(|r| r.resource_id)
            .collect()
    };
    // R1 7..11, R3 year-round (1..12), R100 11 -> 1 (wraps), R101 2..4.
    assert_eq!(ids(&mut conn, 11), vec![1, 3, 100]);
    assert_eq!(ids(&mut conn, 12), vec![3, 100]);
    assert_eq!(ids(&mut conn, 1), vec![3, 100]);
    assert_eq!(ids(&mut conn, 2), vec![3, 101]);
    assert_eq!(ids(&mut conn, 4), vec![3, 101]);
    assert_eq!(ids(&mut conn, 5), vec![3]);
    assert_eq!(ids(&mut conn, 7), vec![1, 3]);
    assert_eq!(ids(&mut conn, 10), vec![1, 3]);
    assert!(Month::new(0).is_none());
    assert!(Month::new(13).is_none());
    assert_eq!(month(12).number(), 12);
}

#[test]
fn availability_year_round_matches_every_month() {
    let db = TestDatabase::migrated();
    db.execute(
        "INSERT INTO resource (id, name) VALUES (1, 'Always');
         INSERT INTO resource_availability (id, resource_id, from_month, to_month, year_round)
             VALUES (1, 1, 6, 6, true);",
    );
    let mut conn = db.conn();
    refresh(&mut conn, find_view("mv_biomass_availability").unwrap()).unwrap();
    for m in 1..=12 {
        let rows = availability::in_season(&mut conn, month(m)).unwrap();
        assert_eq!(rows.len(), 1, "month {m}");
    }
}

#[test]
fn availability_for_resource() {
    let db = fixture_db();
    let mut conn = db.conn();
    let r1 = availability::for_resource(&mut conn, 1).unwrap().unwrap();
    assert_eq!((r1.from_month, r1.to_month), (Some(7), Some(11)));
    assert_eq!(availability::for_resource(&mut conn, 2).unwrap(), None);
    assert_eq!(availability::for_resource(&mut conn, 999).unwrap(), None);
}

// ----------------------------------------------------------- composition

#[test]
fn composition_for_resource_filters_and_orders() {
    let db = fixture_db();
    let mut conn = db.conn();
    let ids = |conn: &mut PgConnection, resource: i32, filter: CompositionFilter| -> Vec<i64> {
        composition::for_resource(conn, resource, &filter)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    // R1: compositional ash (the NULL-QC CMP-3), glucose, lignin, lignin+,
    // moisture, xylose (1..6), ultimate Carbon, hydrogen, nitrogen (7..9).
    assert_eq!(
        ids(&mut conn, 1, CompositionFilter::default()),
        vec![1, 2, 3, 4, 5, 6, 7, 8, 9]
    );
    let of_type = |t: &str| CompositionFilter {
        analysis_type: Some(t.to_string()),
        ..CompositionFilter::default()
    };
    assert_eq!(ids(&mut conn, 1, of_type("ultimate")), vec![7, 8, 9]);
    assert_eq!(ids(&mut conn, 3, of_type("proximate")), vec![14, 15]);
    assert_eq!(ids(&mut conn, 1, of_type("Ultimate")), Vec::<i64>::new()); // exact
    assert_eq!(
        ids(
            &mut conn,
            1,
            CompositionFilter {
                parameter_name: Some("Carbon".into()),
                ..CompositionFilter::default()
            }
        ),
        vec![7]
    );
    assert_eq!(
        ids(
            &mut conn,
            1,
            CompositionFilter {
                analysis_type: Some("compositional".into()),
                parameter_name: None,
                county: Some("Fresno".into()),
            }
        ),
        vec![1, 2, 3, 4, 5, 6]
    );
    let in_county = |c: &str| CompositionFilter {
        county: Some(c.to_string()),
        ..CompositionFilter::default()
    };
    assert_eq!(
        ids(&mut conn, 1, in_county("Stanislaus")),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(&mut conn, 3, in_county("Stanislaus")),
        vec![12, 13, 14, 15]
    );
    // R2's record 'cmp-r2' matches its observations 'CMP-R2' (any case):
    // 'Moisture' and 'moisture', in San Joaquin.
    assert_eq!(
        ids(&mut conn, 2, CompositionFilter::default()),
        vec![10, 11]
    );
    assert_eq!(ids(&mut conn, 2, in_county("San Joaquin")), vec![10, 11]);
}

// ----------------------------------------------------- county production

#[test]
fn county_production_for_resource_and_scenario() {
    let db = fixture_db();
    let mut conn = db.conn();
    let ids = |conn: &mut PgConnection, resource: i32, scenario: Option<&str>| -> Vec<i64> {
        county_production::for_resource(conn, resource, scenario)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&mut conn, 1, None), vec![1, 2, 3]);
    assert_eq!(ids(&mut conn, 1, Some("base")), vec![1, 3]);
    assert_eq!(ids(&mut conn, 1, Some("high")), vec![2]);
    assert_eq!(ids(&mut conn, 1, Some("Base")), Vec::<i64>::new());
    assert_eq!(ids(&mut conn, 6, None), Vec::<i64>::new()); // its only row has no place
}

// -------------------------------------------------------------- end uses

#[test]
fn end_uses_for_resource() {
    let db = fixture_db();
    let mut conn = db.conn();
    let r1: Vec<(String, Option<f64>)> = end_uses::for_resource(&mut conn, 1)
        .unwrap()
        .into_iter()
        .map(|r| (r.use_case, r.percentage_low))
        .collect();
    assert_eq!(
        r1,
        vec![
            ("animal feed".to_string(), Some(55.0)),
            ("unknown".to_string(), None)
        ]
    );
    let r3 = end_uses::for_resource(&mut conn, 3).unwrap();
    assert_eq!(r3.len(), 1);
    assert_eq!(r3[0].use_case, "biochar");
    assert_eq!(r3[0].trend.as_deref(), Some("steady"));
    assert_eq!(
        (r3[0].value_high_usd, r3[0].value_notes.as_deref()),
        (Some(80.0), Some("USD/ton"))
    );
    assert!(end_uses::for_resource(&mut conn, 5).unwrap().is_empty());
}

// ---------------------------------------------- fermentation, gasification

#[test]
fn fermentation_for_resource_and_strain() {
    let db = fixture_db();
    let mut conn = db.conn();
    let ids = |conn: &mut PgConnection, resource: i32, strain: Option<&str>| -> Vec<i64> {
        fermentation::for_resource(conn, resource, strain)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&mut conn, 2, None), vec![1]);
    assert_eq!(ids(&mut conn, 6, None), vec![2, 3]);
    assert_eq!(ids(&mut conn, 2, Some("S. cerevisiae")), vec![1]);
    assert_eq!(ids(&mut conn, 2, Some("s. cerevisiae")), Vec::<i64>::new());
    assert_eq!(ids(&mut conn, 6, Some("S. cerevisiae")), Vec::<i64>::new());
    assert_eq!(ids(&mut conn, 1, None), Vec::<i64>::new());
}

#[test]
fn gasification_for_resource_and_reactor() {
    let db = fixture_db();
    let mut conn = db.conn();
    let ids = |conn: &mut PgConnection, resource: i32, reactor: Option<&str>| -> Vec<i64> {
        gasification::for_resource(conn, resource, reactor)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&mut conn, 1, None), vec![1]);
    assert_eq!(ids(&mut conn, 2, None), vec![2, 3]);
    assert_eq!(ids(&mut conn, 2, Some("fluidized bed")), vec![2, 3]);
    assert_eq!(ids(&mut conn, 1, Some("fluidized bed")), Vec::<i64>::new());
    assert_eq!(ids(&mut conn, 7, None), Vec::<i64>::new());
}

// --------------------------------------------------------------- pricing

#[test]
fn pricing_for_commodity_uses_a_half_open_date_range() {
    let db = fixture_db();
    let mut conn = db.conn();
    let rows = |conn: &mut PgConnection,
                commodity: &str,
                county: Option<&str>,
                from: NaiveDateTime,
                to: NaiveDateTime|
     -> Vec<pricing::BiomassPricing> {
        pricing::for_commodity(conn, commodity, county, from..to).unwrap()
    };
    let jan5 = at(2024, 1, 5, 0, 0, 0);
    let feb1 = at(2024, 2, 1, 0, 0, 0);
    // Start inclusive, end exclusive: record 1 (Jan 5) only, in both units.
    let got = rows(&mut conn, "Almonds", None, jan5, feb1);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.report_date == Some(jan5)));
    assert_eq!(
        got.iter().map(|r| r.id).collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 2])
    );
    // One second more takes in record 2 (Feb 1), ordered by date then id.
    let got = rows(&mut conn, "Almonds", None, jan5, at(2024, 2, 1, 0, 0, 1));
    assert_eq!(got.iter().map(|r| r.id).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(got[2].report_date, Some(feb1));
    // One second later a start leaves record 1 out.
    let got = rows(
        &mut conn,
        "Almonds",
        None,
        at(2024, 1, 5, 0, 0, 1),
        at(2025, 1, 1, 0, 0, 0),
    );
    assert_eq!(got.iter().map(|r| r.id).collect::<Vec<_>>(), vec![3]);
    // County filter: record 2 has no place.
    let got = rows(
        &mut conn,
        "Almonds",
        Some("Fresno"),
        jan5,
        at(2025, 1, 1, 0, 0, 0),
    );
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.county.as_deref() == Some("Fresno")));
    // Exact commodity name; an empty range.
    assert!(rows(&mut conn, "almonds", None, jan5, at(2025, 1, 1, 0, 0, 0)).is_empty());
    assert!(rows(&mut conn, "Almonds", None, jan5, jan5).is_empty());
}

// ---------------------------------------------------------- sample stats

#[test]
fn sample_stats_for_resource() {
    let db = fixture_db();
    let mut conn = db.conn();
    let r6 = sample_stats::for_resource(&mut conn, 6).unwrap().unwrap();
    assert_eq!(
        (
            r6.sample_count,
            r6.supplier_count,
            r6.dataset_count,
            r6.total_record_count
        ),
        (Some(1), Some(0), Some(1), Some(3))
    );
    // R5 has no record at all: 0.
    let r5 = sample_stats::for_resource(&mut conn, 5).unwrap().unwrap();
    assert_eq!(r5.total_record_count, Some(0));
    assert_eq!(sample_stats::for_resource(&mut conn, 999).unwrap(), None);
}

// ---------------------------------------------------------------- search

fn search_query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        limit: 50,
        ..SearchQuery::default()
    }
}

fn hit_ids(hits: &[SearchHit]) -> Vec<i32> {
    hits.iter().map(|h| h.resource.id).collect()
}

fn assert_ranked(hits: &[SearchHit]) {
    for pair in hits.windows(2) {
        assert!(
            pair[0].rank > pair[1].rank
                || (pair[0].rank == pair[1].rank && pair[0].resource.id < pair[1].resource.id),
            "not ordered by rank desc, id: {:?}",
            hits.iter()
                .map(|h| (h.resource.id, h.rank))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn search_by_full_text() {
    let db = fixture_db();
    let mut conn = db.conn();
    let hits = search::search(&mut conn, &search_query("walnut")).unwrap();
    assert_eq!(hit_ids(&hits), vec![6]);
    assert!(hits[0].rank > 0.0);
    // Stemming: 'shell' matches 'shells'; the subclass and class are indexed.
    assert_eq!(
        hit_ids(&search::search(&mut conn, &search_query("shell")).unwrap()),
        vec![6]
    );
    let orchard = search::search(&mut conn, &search_query("orchard")).unwrap();
    assert_eq!(
        hit_ids(&orchard).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 6])
    );
    assert_ranked(&orchard);
    // The primary product is indexed: 'grapes' only in R3's product.
    assert_eq!(
        hit_ids(&search::search(&mut conn, &search_query("grapes")).unwrap()),
        vec![3]
    );
    // Web-search syntax: a phrase and a negation.
    assert_eq!(
        hit_ids(&search::search(&mut conn, &search_query("\"tomato processing\"")).unwrap()),
        vec![2]
    );
    let residue_not_orchard: BTreeSet<i32> =
        hit_ids(&search::search(&mut conn, &search_query("residue -orchard")).unwrap())
            .into_iter()
            .collect();
    assert_eq!(residue_not_orchard, BTreeSet::from([2, 3, 5, 7]));
    // Sargassum is not in the view.
    assert!(search::search(&mut conn, &search_query("seaweed"))
        .unwrap()
        .is_empty());
    assert!(search::search(&mut conn, &search_query("zzzz"))
        .unwrap()
        .is_empty());
}

#[test]
fn search_tolerates_a_typo_in_a_short_name() {
    let db = fixture_db();
    db.execute("INSERT INTO resource (id, name, resource_class_id) VALUES (100, 'Almond', 1);");
    let mut conn = db.conn();
    refresh(&mut conn, find_view("mv_biomass_search").unwrap()).unwrap();
    // similarity('Almond', 'almnd') = 4/9 reaches pg_trgm's default threshold 0.3;
    // similarity('Almond hulls', 'almnd') = 0.27 does not (a limitation: typos
    // only reach short names).
    let hits = search::search(&mut conn, &search_query("almnd")).unwrap();
    assert_eq!(hit_ids(&hits), vec![100]);
    assert!((hits[0].rank - 4.0 / 9.0).abs() < 1e-6, "{}", hits[0].rank);
    // Correctly spelt, both match (full text), ranked.
    let hits = search::search(&mut conn, &search_query("almond")).unwrap();
    assert_eq!(
        hit_ids(&hits).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 100])
    );
    assert_ranked(&hits);
}

#[test]
fn search_filters_blank_text_and_paging() {
    let db = fixture_db();
    let mut conn = db.conn();
    // Blank text lists everything by name, rank 0.
    let all = search::search(&mut conn, &search_query("   ")).unwrap();
    assert_eq!(hit_ids(&all), vec![1, 7, 3, 5, 2, 6]);
    assert!(all.iter().all(|h| h.rank == 0.0));
    // Paging.
    let page = search::search(
        &mut conn,
        &SearchQuery {
            limit: 2,
            offset: 1,
            ..search_query("")
        },
    )
    .unwrap();
    assert_eq!(hit_ids(&page), vec![7, 3]);
    let page = search::search(
        &mut conn,
        &SearchQuery {
            limit: 2,
            offset: 5,
            ..search_query("")
        },
    )
    .unwrap();
    assert_eq!(hit_ids(&page), vec![6]);
    // Exact filters, with and without text.
    let field_crops = search::search(
        &mut conn,
        &SearchQuery {
            resource_subclass: Some("field crop".into()),
            ..search_query("")
        },
    )
    .unwrap();
    assert_eq!(hit_ids(&field_crops), vec![7, 5, 2]);
    let orchard_almonds = search::search(
        &mut conn,
        &SearchQuery {
            primary_product: Some("almonds".into()),
            ..search_query("orchard")
        },
    )
    .unwrap();
    assert_eq!(hit_ids(&orchard_almonds), vec![1]);
    let none = search::search(
        &mut conn,
        &SearchQuery {
            resource_class: Some("Agricultural residue".into()),
            ..search_query("")
        },
    )
    .unwrap();
    assert!(none.is_empty());
    // Text paging: two orchard hits, the second page holds one.
    let second = search::search(
        &mut conn,
        &SearchQuery {
            limit: 1,
            offset: 1,
            ..search_query("orchard")
        },
    )
    .unwrap();
    let first = search::search(
        &mut conn,
        &SearchQuery {
            limit: 1,
            offset: 0,
            ..search_query("orchard")
        },
    )
    .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 1);
    assert_ne!(first[0].resource.id, second[0].resource.id);
}

// ------------------------------------------------ USDA county production

#[test]
fn usda_county_production_for_resource_years_and_county() {
    let db = fixture_db();
    let mut conn = db.conn();
    let ids = |conn: &mut PgConnection,
               resource: i32,
               county: Option<&str>,
               years: std::ops::RangeInclusive<i32>|
     -> Vec<i64> {
        usda::for_resource(conn, resource, county, years)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(ids(&mut conn, 1, None, 2017..=2022), vec![1, 2]);
    assert_eq!(ids(&mut conn, 1, None, 2017..=2017), vec![1]); // inclusive ends
    assert_eq!(ids(&mut conn, 1, None, 2022..=2022), vec![2]);
    assert_eq!(ids(&mut conn, 1, None, 2018..=2021), Vec::<i64>::new());
    assert_eq!(ids(&mut conn, 1, Some("San Joaquin"), 2000..=2030), vec![2]);
    assert_eq!(ids(&mut conn, 1, Some("Fresno"), 2000..=2030), vec![1]);
    assert_eq!(ids(&mut conn, 2, None, 2020..=2020), vec![3]);
    assert_eq!(ids(&mut conn, 2, None, 2000..=2016), Vec::<i64>::new());
}

// ------------------------------------------------ index use at realistic size

#[test]
fn captured_bind_lists_are_split_into_values() {
    assert_eq!(
        parse_debug_list(r#"[5, "a, \"b\"", 2024-01-01T00:00:00, 0.0]"#),
        vec!["5", "a, \"b\"", "2024-01-01T00:00:00", "0.0"]
    );
    assert!(parse_debug_list("[]").is_empty());
}

/// A database with a few thousand rows in the views used below.
fn realistic_db() -> TestDatabase {
    let db = TestDatabase::migrated();
    db.execute(
        "
        INSERT INTO place (geoid, state_name, county_name)
            SELECT '06' || lpad(g::text, 3, '0'), 'California', 'County ' || g
            FROM generate_series(1, 115, 2) AS g;
        INSERT INTO unit (id, name) VALUES (1, '%'), (2, 'tons'), (3, 'acres'), (4, 'USD/ton');
        INSERT INTO resource_class (id, name) SELECT g, 'class ' || g FROM generate_series(1, 20) g;
        INSERT INTO primary_ag_product (id, name) SELECT g, 'product ' || g FROM generate_series(1, 300) g;
        -- 3000 resources with varied names (md5 text), one called Almond.
        INSERT INTO resource (id, name, description, resource_class_id, primary_ag_product_id)
            SELECT g,
                   CASE WHEN g = 1234 THEN 'Almond' ELSE initcap(left(md5(g::text), 10)) || ' residue' END,
                   'lot ' || md5((g * 7)::text),
                   1 + g % 20,
                   1 + g % 300
            FROM generate_series(1, 3000) g;
        INSERT INTO parameter (id, name) VALUES
            (1, 'moisture'), (2, 'ash'), (3, 'lignin'), (4, 'glucose'),
            (5, 'price received'), (6, 'production'), (7, 'area harvested');
        -- composition: 2 compositional and 1 proximate record per resource.
        INSERT INTO compositional_record (id, record_id, resource_id, qc_pass)
            SELECT g, 'C-' || g, 1 + (g - 1) % 3000, 'pass' FROM generate_series(1, 6000) g;
        INSERT INTO proximate_record (id, record_id, resource_id, qc_pass)
            SELECT g, 'P-' || g, g, 'pass' FROM generate_series(1, 3000) g;
        INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id)
            SELECT 'C-' || g, 'compositional analysis', p, (g % 97) + p, 1
            FROM generate_series(1, 6000) g, generate_series(3, 4) p;
        INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id)
            SELECT 'P-' || g, 'proximate analysis', p, (g % 89) + p, 1
            FROM generate_series(1, 3000) g, generate_series(1, 2) p;
        -- pricing: 300 commodities, 6000 market records with prices.
        INSERT INTO usda_commodity (id, name) SELECT g, 'Commodity ' || g FROM generate_series(1, 300) g;
        INSERT INTO usda_market_report (id, slug_name) VALUES (1, 'report');
        INSERT INTO usda_market_record (id, report_id, report_date, commodity_id, market_type_category, sale_type)
            SELECT g, 1, timestamp '2020-01-01' + g * interval '6 hours', 1 + g % 300, 'Feed', 'FOB'
            FROM generate_series(1, 6000) g;
        INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id)
            SELECT g::text, 'usda_market_record', 5, 100 + g % 50, 4 FROM generate_series(1, 6000) g;
        -- census: commodity g maps to resource g; 6000 records, 2017..2022.
        INSERT INTO resource_usda_commodity_map (resource_id, usda_commodity_id)
            SELECT g, g FROM generate_series(1, 300) g;
        INSERT INTO usda_census_record (id, geoid, commodity_code, year)
            SELECT g, '06' || lpad((1 + 2 * (g % 58))::text, 3, '0'), 1 + g % 300, 2017 + g % 6
            FROM generate_series(1, 6000) g;
        INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id)
            SELECT g::text, 'usda_census_record', 6, g % 1000, 2 FROM generate_series(1, 6000) g;
        INSERT INTO observation (record_id, record_type, parameter_id, value, unit_id)
            SELECT g::text, 'usda_census_record', 7, g % 300, 3 FROM generate_series(1, 6000) g;
        ",
    );
    refresh_all(&db);
    let mut sql = String::new();
    for view in VIEWS {
        sql.push_str(&format!("ANALYZE {};\n", view.qualified_name()));
    }
    db.execute(&sql);
    db
}

fn assert_plan_uses(plan: &str, sql: &str, any_of: &[&str]) {
    assert!(
        any_of.iter().any(|index| plan.contains(index)),
        "expected one of {any_of:?} in the plan of\n{sql}\n--- plan:\n{plan}"
    );
    assert!(
        !plan.contains("Seq Scan on mv_"),
        "sequential scan:\n{plan}"
    );
}

#[test]
fn typed_queries_use_the_view_indexes_at_realistic_size() {
    let db = realistic_db();
    let mut conn = db.conn();
    let mut explain_conn = db.conn();
    let count = |conn: &mut PgConnection, view: &str| common::count_rows(conn, view).unwrap();
    assert!(count(&mut conn, "data_portal.mv_biomass_composition") >= 9000);
    assert_eq!(count(&mut conn, "data_portal.mv_biomass_search"), 3000);
    assert_eq!(count(&mut conn, "data_portal.mv_biomass_pricing"), 6000);
    assert!(count(&mut conn, "data_portal.mv_usda_county_production") >= 3000);

    // composition, by resource and by resource + type.
    let (rows, q) = capture_query(&mut conn, |c| {
        composition::for_resource(c, 1500, &CompositionFilter::default())
    });
    assert_eq!(rows.unwrap().len(), 4); // lignin, glucose, ash, moisture
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &[
            "idx_mv_biomass_composition_resource_id",
            "idx_mv_biomass_composition_resource_analysis",
            "idx_mv_biomass_composition_resource_geoid_analysis",
        ],
    );
    let (rows, q) = capture_query(&mut conn, |c| {
        composition::for_resource(
            c,
            1500,
            &CompositionFilter {
                analysis_type: Some("proximate".into()),
                ..CompositionFilter::default()
            },
        )
    });
    assert_eq!(rows.unwrap().len(), 2);
    assert_eq!(q.binds, vec!["1500", "proximate"]);
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &[
            "idx_mv_biomass_composition_resource_analysis",
            "idx_mv_biomass_composition_resource_geoid_analysis",
            "idx_mv_biomass_composition_resource_id",
        ],
    );

    // search: full text, and a typo through the trigram index.
    let (hits, q) = capture_query(&mut conn, |c| search::search(c, &search_query("almond")));
    assert_eq!(hit_ids(&hits.unwrap()), vec![1234]);
    let plan = q.explain(&mut explain_conn);
    assert_plan_uses(&plan, &q.sql, &["idx_mv_biomass_search_search_vector"]);
    assert_plan_uses(&plan, &q.sql, &["idx_mv_biomass_search_name_trgm"]);
    let (hits, q) = capture_query(&mut conn, |c| search::search(c, &search_query("almnd")));
    assert_eq!(hit_ids(&hits.unwrap()), vec![1234]);
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &["idx_mv_biomass_search_name_trgm"],
    );

    // pricing by commodity and date range.
    let (rows, q) = capture_query(&mut conn, |c| {
        pricing::for_commodity(
            c,
            "Commodity 17",
            None,
            at(2020, 1, 1, 0, 0, 0)..at(2030, 1, 1, 0, 0, 0),
        )
    });
    assert_eq!(rows.unwrap().len(), 20);
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &["idx_mv_biomass_pricing_commodity_name"],
    );

    // USDA census production of one resource.
    let (rows, q) = capture_query(&mut conn, |c| usda::for_resource(c, 17, None, 2017..=2022));
    assert!(!rows.unwrap().is_empty());
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &["idx_mv_usda_county_production_resource_id"],
    );

    // sample stats: one row per resource, by its unique index.
    let (row, q) = capture_query(&mut conn, |c| sample_stats::for_resource(c, 2999));
    assert_eq!(row.unwrap().unwrap().total_record_count, Some(3));
    assert_plan_uses(
        &q.explain(&mut explain_conn),
        &q.sql,
        &["idx_mv_biomass_sample_stats_resource_id"],
    );
}
