//! Insert and read back a row of every base table through the models of
//! `biositing_models`, each domain on a database of its own.
//!
//! Every row is inserted through its `New*` type with every column given a
//! concrete, non-default value, then read back three ways (the `RETURNING` row,
//! `find(id)` with `as_select()`, and `find(id)` with the positional `Queryable`
//! of the table's full column list) and compared as a whole with the expected
//! row. The values within a row are pairwise distinct, and sequences of
//! different tables start at different offsets, so a column mapped to the wrong
//! place, or a foreign key pointing at the wrong parent, shows as a mismatch.
//! A raw `row_to_json` of each row also checks, behind the models' back, that
//! no column of the table was left NULL and that no two columns hold the same
//! value.

use std::collections::HashMap;
use std::fmt::Debug;
use std::str::FromStr;

use biositing_models::schema;
use biositing_models::*;
use biositing_test_db::TestDatabase;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::Text;

/// A connection for the round trips. They check the mappings, not the
/// foreign keys (`foreign_keys_are_enforced` does): with
/// `session_replication_role = replica` PostgreSQL does not check them, so a
/// row may name an `etl_run`, `dataset`, `contact`… that no test creates.
fn mapping_conn(db: &TestDatabase) -> PgConnection {
    let mut conn = db.conn();
    conn.batch_execute("SET session_replication_role = replica")
        .expect("session_replication_role (the tests run as a superuser)");
    conn
}

// --- values -----------------------------------------------------------------

/// `Some` of an owned string.
fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

/// `Some` of `value` parsed into the field's type. The root package does not
/// depend on `bigdecimal` or `chrono` itself, so decimals, timestamps and dates
/// are written as text and parsed into whatever type the model field has.
fn parsed<T: FromStr>(value: &str) -> Option<T>
where
    T::Err: Debug,
{
    Some(
        value
            .parse()
            .unwrap_or_else(|e| panic!("cannot parse {value:?}: {e:?}")),
    )
}

/// A `numeric` value, e.g. `dec("12.5")`.
fn dec<T: FromStr>(value: &str) -> Option<T>
where
    T::Err: Debug,
{
    parsed(value)
}

/// A `timestamp` value, e.g. `ts("2024-03-05T10:20:30.123456")`.
fn ts<T: FromStr>(value: &str) -> Option<T>
where
    T::Err: Debug,
{
    parsed(value)
}

/// A `date` value, e.g. `date("2024-08-15")`.
fn date<T: FromStr>(value: &str) -> Option<T>
where
    T::Err: Debug,
{
    parsed(value)
}

// --- checks -----------------------------------------------------------------

/// Moves every table's `id` sequence to its own range (100000, 200000, ...), so
/// that ids of different tables never coincide and a foreign key holding the id
/// of the wrong table cannot pass by accident.
fn stagger_sequences(db: &TestDatabase) {
    db.execute(
        "DO $$
         DECLARE
             t record;
             n integer := 0;
         BEGIN
             FOR t IN
                 SELECT c.table_name
                   FROM information_schema.columns c
                  WHERE c.table_schema = 'public' AND c.column_name = 'id'
                    AND c.column_default LIKE 'nextval(%'
                  ORDER BY c.table_name
             LOOP
                 n := n + 1;
                 PERFORM setval(pg_get_serial_sequence(quote_ident(t.table_name), 'id'), n * 100000);
             END LOOP;
         END
         $$;",
    );
}

/// Fails if the insert value leaves any field to the database default.
fn assert_every_field_set(table: &str, new: &impl Debug) {
    let shown = format!("{new:?}");
    assert!(
        !shown.contains("None"),
        "the {table} insert leaves a column to its default: {shown}"
    );
}

/// Reads the row of `table` whose `key_column` is `key` as JSON, bypassing the
/// models, and checks that every column the model maps (`mapped`) holds a
/// value and that no two columns hold the same one. A column the model does
/// not map (a nullable column a later migration added) is left to its default.
fn assert_columns_set_and_distinct(
    conn: &mut PgConnection,
    table: &str,
    key_column: &str,
    key: &str,
    mapped: &[String],
) {
    #[derive(QueryableByName)]
    struct Json {
        #[diesel(sql_type = Text)]
        json: String,
    }
    let sql = format!(
        "SELECT row_to_json(t)::text AS json FROM {table} t WHERE t.{key_column}::text = $1"
    );
    let row: Json = diesel::sql_query(sql)
        .bind::<Text, _>(key)
        .get_result(conn)
        .unwrap_or_else(|e| panic!("{table} row {key} as JSON: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&row.json).expect("row_to_json returns JSON");
    let columns = value.as_object().expect("row_to_json returns an object");
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (column, value) in columns.iter().filter(|(c, _)| mapped.contains(c)) {
        assert!(
            !value.is_null(),
            "{table}.{column} is NULL after the insert: the model does not write it"
        );
        if let Some(other) = seen.insert(value.to_string(), column) {
            panic!("{table}.{other} and {table}.{column} both hold {value}: use distinct values per column");
        }
    }
}

/// The columns a select statement names, in order, from the SQL Diesel renders
/// (`SELECT "t"."a", "t"."b" FROM "t"`).
fn selected_columns<Q>(query: Q) -> Vec<String>
where
    Q: diesel::query_builder::QueryFragment<diesel::pg::Pg>,
{
    let sql = diesel::debug_query::<diesel::pg::Pg, _>(&query).to_string();
    let list = sql
        .strip_prefix("SELECT ")
        .and_then(|rest| rest.split(" FROM ").next())
        .unwrap_or_default();
    list.split(", ")
        .filter_map(|c| c.rsplit('.').next())
        .map(|c| c.trim_matches('"').to_string())
        .collect()
}

/// Fails unless `mapped` follows the order of `table`'s columns in schema.rs.
fn assert_in_column_order(table: &str, mapped: &[String]) {
    let schema = biositing_models::tables::base_table(table)
        .unwrap_or_else(|| panic!("{table} is not in schema.rs"));
    let in_schema: Vec<&str> = schema
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| mapped.iter().any(|m| m == c))
        .collect();
    assert_eq!(
        in_schema, mapped,
        "{table}: the row struct's fields are not in the table's column order"
    );
}

/// Inserts one row through `$new_ty` (every field must be given; there is no
/// `..Default::default()`), reads it back two ways and compares each with the
/// expected `$row` built field by field from the inserted values, checks that
/// the row struct's fields follow the column order, records the table in
/// `$done`, and returns the row.
macro_rules! round_trip {
    ($conn:expr, $done:expr, $table:ident, $row:ident, $new_ty:ident { $($field:ident : $value:expr),+ $(,)? }) => {{
        let conn: &mut PgConnection = $conn;
        let table = stringify!($table);
        let new = $new_ty { $($field: $value),+ };
        assert_every_field_set(table, &new);

        let inserted: $row = diesel::insert_into(schema::$table::table)
            .values(&new)
            .returning($row::as_returning())
            .get_result(conn)
            .unwrap_or_else(|e| panic!("insert into {table}: {e}"));
        let expected = $row {
            id: inserted.id,
            $($field: new.$field.clone()),+
        };
        assert_eq!(inserted, expected, "{table}: the RETURNING row differs from the inserted values");

        let selected: $row = schema::$table::table
            .find(expected.id)
            .select($row::as_select())
            .first(conn)
            .unwrap_or_else(|e| panic!("select {table} by id: {e}"));
        assert_eq!(selected, expected, "{table}: the row read with as_select() differs");

        // The fields are in column order (the mapping may leave out a column
        // a later migration added), which a positional `Queryable` needs.
        let mapped = selected_columns(schema::$table::table.select($row::as_select()));
        assert_in_column_order(table, &mapped);

        assert_columns_set_and_distinct(conn, table, "id", &expected.id.to_string(), &mapped);
        $done.push(table);
        expected
    }};
}

/// [`round_trip!`] for an analysis record table: fills the shared record columns
/// from the table's number `$k` (1..=11) and appends the table's own `extra`
/// columns.
macro_rules! analysis_round_trip {
    (
        $conn:expr, $done:expr, $k:expr, $fx:expr,
        $table:ident, $row:ident, $new_ty:ident
        $(, extra { $($field:ident : $value:expr),+ $(,)? })?
    ) => {{
        let k: i32 = $k;
        let fx: &AnalysisFixtures = $fx;
        round_trip!($conn, $done, $table, $row, $new_ty {
            created_at: ts(&format!("2024-05-{k:02}T08:30:00.000{k:03}")),
            updated_at: ts(&format!("2024-06-{k:02}T17:45:30.5")),
            etl_run_id: Some(1000 * k + 1),
            lineage_group_id: Some(1000 * k + 2),
            record_id: format!("{}-{k:03}", stringify!($table).to_uppercase()),
            dataset_id: Some(1000 * k + 3),
            experiment_id: Some(1000 * k + 4),
            resource_id: Some(fx.resource),
            prepared_sample_id: Some(fx.prepared_sample),
            technical_replicate_no: Some(2),
            technical_replicate_total: Some(3),
            method_id: Some(fx.method),
            analyst_id: Some(1000 * k + 5),
            raw_data_id: Some(1000 * k + 6),
            qc_pass: text("pass"),
            note: text(&format!("{} row {k}", stringify!($table))),
            $($($field: $value,)+)?
        })
    }};
}

/// Asserts that a test round-tripped exactly the tables it claims to cover.
fn assert_covered(mut done: Vec<&'static str>, expected: &[&str]) {
    done.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(done, expected, "tables round-tripped by this test");
}

// --- parents ------------------------------------------------------------------

// Parent rows a test needs but does not itself check; only a name is set, the
// rest is left to the column defaults.

fn place(conn: &mut PgConnection, geoid: &str, county: &str) -> String {
    diesel::insert_into(schema::place::table)
        .values(&NewPlace {
            geoid: geoid.to_owned(),
            county_name: text(county),
            ..Default::default()
        })
        .returning(schema::place::geoid)
        .get_result(conn)
        .expect("insert place")
}

fn unit(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::unit::table)
        .values(&NewUnit {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::unit::id)
        .get_result(conn)
        .expect("insert unit")
}

fn resource_class(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::resource_class::table)
        .values(&NewResourceClass {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::resource_class::id)
        .get_result(conn)
        .expect("insert resource_class")
}

fn resource_subclass(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::resource_subclass::table)
        .values(&NewResourceSubclass {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::resource_subclass::id)
        .get_result(conn)
        .expect("insert resource_subclass")
}

fn primary_ag_product(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::primary_ag_product::table)
        .values(&NewPrimaryAgProduct {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::primary_ag_product::id)
        .get_result(conn)
        .expect("insert primary_ag_product")
}

fn use_case(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::use_case::table)
        .values(&NewUseCase {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::use_case::id)
        .get_result(conn)
        .expect("insert use_case")
}

fn decon_vessel(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::decon_vessel::table)
        .values(&NewDeconVessel {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::decon_vessel::id)
        .get_result(conn)
        .expect("insert decon_vessel")
}

fn strain(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::strain::table)
        .values(&NewStrain {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::strain::id)
        .get_result(conn)
        .expect("insert strain")
}

fn provider(conn: &mut PgConnection, codename: &str) -> i32 {
    diesel::insert_into(schema::provider::table)
        .values(&NewProvider {
            codename: text(codename),
            ..Default::default()
        })
        .returning(schema::provider::id)
        .get_result(conn)
        .expect("insert provider")
}

fn method(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::method::table)
        .values(&NewMethod {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::method::id)
        .get_result(conn)
        .expect("insert method")
}

fn parameter(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::parameter::table)
        .values(&NewParameter {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::parameter::id)
        .get_result(conn)
        .expect("insert parameter")
}

fn location_address(conn: &mut PgConnection, geoid: &str, line1: &str) -> i32 {
    diesel::insert_into(schema::location_address::table)
        .values(&NewLocationAddress {
            geography_id: text(geoid),
            address_line1: text(line1),
            ..Default::default()
        })
        .returning(schema::location_address::id)
        .get_result(conn)
        .expect("insert location_address")
}

fn resource(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::resource::table)
        .values(&NewResource {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::resource::id)
        .get_result(conn)
        .expect("insert resource")
}

fn usda_commodity(conn: &mut PgConnection, name: &str) -> i32 {
    diesel::insert_into(schema::usda_commodity::table)
        .values(&NewUsdaCommodity {
            name: text(name),
            ..Default::default()
        })
        .returning(schema::usda_commodity::id)
        .get_result(conn)
        .expect("insert usda_commodity")
}

fn field_sample(conn: &mut PgConnection, name: &str, resource_id: i32) -> i32 {
    diesel::insert_into(schema::field_sample::table)
        .values(&NewFieldSample {
            name: text(name),
            resource_id: Some(resource_id),
            ..Default::default()
        })
        .returning(schema::field_sample::id)
        .get_result(conn)
        .expect("insert field_sample")
}

fn prepared_sample(conn: &mut PgConnection, name: &str, field_sample_id: i32) -> i32 {
    diesel::insert_into(schema::prepared_sample::table)
        .values(&NewPreparedSample {
            name: text(name),
            field_sample_id: Some(field_sample_id),
            ..Default::default()
        })
        .returning(schema::prepared_sample::id)
        .get_result(conn)
        .expect("insert prepared_sample")
}

// --- tables -------------------------------------------------------------------

const LOOKUP_AND_GEOGRAPHY_TABLES: [&str; 12] = [
    "place",
    "unit",
    "resource_class",
    "resource_subclass",
    "primary_ag_product",
    "use_case",
    "decon_vessel",
    "strain",
    "provider",
    "method",
    "parameter",
    "location_address",
];

const RESOURCE_TABLES: [&str; 7] = [
    "resource",
    "resource_morphology",
    "resource_availability",
    "resource_transport_record",
    "resource_storage_record",
    "resource_end_use_record",
    "resource_usda_commodity_map",
];

const SAMPLE_TABLES: [&str; 3] = ["field_sample", "prepared_sample", "observation"];

const USDA_TABLES: [&str; 5] = [
    "usda_commodity",
    "usda_market_report",
    "usda_market_record",
    "usda_census_record",
    "billion_ton2023_record",
];

const ANALYSIS_TABLES: [&str; 11] = [
    "compositional_record",
    "proximate_record",
    "ultimate_record",
    "xrf_record",
    "icp_record",
    "calorimetry_record",
    "xrd_record",
    "ftnir_record",
    "fermentation_record",
    "gasification_record",
    "pretreatment_record",
];

#[test]
fn lookup_and_geography_tables_round_trip() {
    let db = TestDatabase::migrated();
    stagger_sequences(&db);
    let conn = &mut mapping_conn(&db);
    let mut done = Vec::new();

    // `place` is keyed by its natural `geoid`, so it is checked by hand.
    let new_place = NewPlace {
        geoid: "06019".to_owned(),
        state_name: text("California"),
        state_fips: text("06"),
        county_name: text("Fresno"),
        county_fips: text("019"),
        region_name: text("San Joaquin Valley"),
        agg_level_desc: text("COUNTY"),
    };
    assert_every_field_set("place", &new_place);
    let expected_place = Place {
        geoid: "06019".to_owned(),
        state_name: text("California"),
        state_fips: text("06"),
        county_name: text("Fresno"),
        county_fips: text("019"),
        region_name: text("San Joaquin Valley"),
        agg_level_desc: text("COUNTY"),
    };
    let inserted: Place = diesel::insert_into(schema::place::table)
        .values(&new_place)
        .returning(Place::as_returning())
        .get_result(conn)
        .expect("insert place");
    assert_eq!(inserted, expected_place);
    let selected: Place = schema::place::table
        .find("06019")
        .select(Place::as_select())
        .first(conn)
        .expect("select place");
    assert_eq!(selected, expected_place);
    let positional: Place = schema::place::table
        .find("06019")
        .first(conn)
        .expect("load place");
    assert_eq!(positional, expected_place);
    let mapped = selected_columns(schema::place::table.select(Place::as_select()));
    assert_in_column_order("place", &mapped);
    assert_columns_set_and_distinct(conn, "place", "geoid", "06019", &mapped);
    done.push("place");

    let unit = round_trip!(
        conn,
        done,
        unit,
        Unit,
        NewUnit {
            name: text("dry short ton"),
            description: text("2000 lb of dry matter"),
            uri: text("http://qudt.org/vocab/unit/TON_SHORT"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_class,
        ResourceClass,
        NewResourceClass {
            name: text("agricultural residue"),
            description: text("Residue left after harvest or processing"),
            uri: text("https://example.org/class/ag-residue"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_subclass,
        ResourceSubclass,
        NewResourceSubclass {
            name: text("orchard and vineyard residue"),
            description: text("Prunings, hulls and shells"),
            uri: text("https://example.org/subclass/orchard"),
        }
    );
    round_trip!(
        conn,
        done,
        primary_ag_product,
        PrimaryAgProduct,
        NewPrimaryAgProduct {
            name: text("almonds"),
            description: text("Prunus dulcis kernels"),
            uri: text("https://example.org/product/almond"),
        }
    );
    round_trip!(
        conn,
        done,
        use_case,
        UseCase,
        NewUseCase {
            name: text("dairy feed"),
            description: text("Fed to dairy cattle as roughage"),
            uri: text("https://example.org/use/dairy-feed"),
        }
    );
    round_trip!(
        conn,
        done,
        decon_vessel,
        DeconVessel,
        NewDeconVessel {
            name: text("96-well deep plate"),
            description: text("Polypropylene plate for enzymatic hydrolysis"),
            uri: text("https://example.org/vessel/dwp96"),
            vessel_uuid: text("3f2b9c4e-1d7a-4e8b-9a61-5c0d2e7f8a13"),
            serial_number: text("SN-4471"),
            volume_numeric_per_well: dec("1.75"),
            volume_unit: text("mL"),
        }
    );
    let parent_strain = strain(conn, "Saccharomyces cerevisiae");
    round_trip!(
        conn,
        done,
        strain,
        Strain,
        NewStrain {
            name: text("S. cerevisiae D5A"),
            description: text("Industrial ethanol strain"),
            uri: text("https://example.org/strain/d5a"),
            parent_strain_id: Some(parent_strain),
        }
    );
    round_trip!(
        conn,
        done,
        provider,
        Provider,
        NewProvider {
            created_at: ts("2024-01-02T03:04:05.000006"),
            updated_at: ts("2024-01-03T04:05:06.7"),
            etl_run_id: Some(21),
            lineage_group_id: Some(22),
            codename: text("kestrel"),
        }
    );
    round_trip!(
        conn,
        done,
        method,
        Method,
        NewMethod {
            created_at: ts("2024-02-01T09:00:00.25"),
            updated_at: ts("2024-02-02T10:30:00.125"),
            etl_run_id: Some(31),
            lineage_group_id: Some(32),
            name: text("NREL LAP structural carbohydrates"),
            method_abbrev_id: Some(33),
            method_category_id: Some(34),
            method_standard_id: Some(35),
            description: text("Two-stage acid hydrolysis, HPLC"),
            detection_limits: text("0.1 wt%"),
            source_id: Some(36),
        }
    );
    round_trip!(
        conn,
        done,
        parameter,
        Parameter,
        NewParameter {
            created_at: ts("2024-02-10T11:12:13.141516"),
            updated_at: ts("2024-02-11T12:13:14"),
            etl_run_id: Some(41),
            lineage_group_id: Some(42),
            name: text("glucan"),
            standard_unit_id: Some(unit.id),
            calculated: Some(true),
            description: text("Glucose polymers as anhydroglucose"),
        }
    );
    round_trip!(
        conn,
        done,
        location_address,
        LocationAddress,
        NewLocationAddress {
            created_at: ts("2024-03-05T10:20:30.123456"),
            updated_at: ts("2024-03-06T11:21:31.654321"),
            etl_run_id: Some(51),
            lineage_group_id: Some(52),
            geography_id: Some(expected_place.geoid.clone()),
            address_line1: text("1234 E Shaw Ave"),
            address_line2: text("Building B"),
            city: text("Fresno"),
            zip: text("93710"),
            lat: Some(36.7378),
            lon: Some(-119.7871),
            is_anonymous: Some(true),
        }
    );

    assert_covered(done, &LOOKUP_AND_GEOGRAPHY_TABLES);
}

#[test]
fn resource_tables_round_trip() {
    let db = TestDatabase::migrated();
    stagger_sequences(&db);
    let conn = &mut mapping_conn(&db);
    let mut done = Vec::new();

    let geoid = place(conn, "06077", "San Joaquin");
    let product = primary_ag_product(conn, "walnuts");
    let class = resource_class(conn, "agricultural residue");
    let subclass = resource_subclass(conn, "orchard residue");
    let method = method(conn, "grower survey");
    let use_case = use_case(conn, "bedding");
    let commodity = usda_commodity(conn, "WALNUTS");

    let resource = round_trip!(
        conn,
        done,
        resource,
        Resource,
        NewResource {
            created_at: ts("2024-04-01T06:07:08.090807"),
            updated_at: ts("2024-04-02T07:08:09.1"),
            etl_run_id: Some(61),
            lineage_group_id: Some(62),
            name: text("walnut shells"),
            primary_ag_product_id: Some(product),
            resource_class_id: Some(class),
            resource_subclass_id: Some(subclass),
            resource_code: text("WAL-SHL"),
            description: text("Shells separated at the huller"),
            uri: text("https://example.org/resource/walnut-shells"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_morphology,
        ResourceMorphology,
        NewResourceMorphology {
            resource_id: Some(resource.id),
            morphology_uri: text("https://example.org/img/walnut-shells.jpg"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_availability,
        ResourceAvailability,
        NewResourceAvailability {
            created_at: ts("2024-04-03T08:00:00.5"),
            updated_at: ts("2024-04-04T09:00:00.25"),
            etl_run_id: Some(71),
            lineage_group_id: Some(72),
            resource_id: Some(resource.id),
            geoid: Some(geoid.clone()),
            from_month: Some(9),
            to_month: Some(11),
            year_round: Some(true),
            residue_factor_dry_tons_acre: Some(0.625),
            residue_factor_wet_tons_acre: Some(0.875),
            note: text("hulling season"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_transport_record,
        ResourceTransportRecord,
        NewResourceTransportRecord {
            created_at: ts("2024-04-05T10:11:12.131415"),
            updated_at: ts("2024-04-06T11:12:13.141516"),
            etl_run_id: Some(81),
            lineage_group_id: Some(82),
            dataset_id: 83,
            method_id: method,
            geoid: Some(geoid.clone()),
            transport_description: "bulk, walking-floor trailer".to_owned(),
            resource_id: Some(resource.id),
            note: text("under 50 miles"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_storage_record,
        ResourceStorageRecord,
        NewResourceStorageRecord {
            created_at: ts("2024-04-07T12:00:00.000001"),
            updated_at: ts("2024-04-08T13:00:00.000002"),
            etl_run_id: Some(91),
            lineage_group_id: Some(92),
            dataset_id: 93,
            method_id: method,
            geoid: Some(geoid.clone()),
            storage_description: "covered pile on concrete pad".to_owned(),
            resource_id: Some(resource.id),
            note: text("kept dry"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_end_use_record,
        ResourceEndUseRecord,
        NewResourceEndUseRecord {
            created_at: ts("2024-04-09T14:15:16.171819"),
            updated_at: ts("2024-04-10T15:16:17.181920"),
            etl_run_id: Some(101),
            lineage_group_id: Some(102),
            dataset_id: 103,
            method_id: method,
            geoid: Some(geoid.clone()),
            resource_id: Some(resource.id),
            use_case_id: Some(use_case),
            note: text("sold to dairies"),
        }
    );
    round_trip!(
        conn,
        done,
        resource_usda_commodity_map,
        ResourceUsdaCommodityMap,
        NewResourceUsdaCommodityMap {
            created_at: ts("2024-04-11T16:17:18.192021"),
            updated_at: ts("2024-04-12T17:18:19.202122"),
            etl_run_id: Some(104),
            lineage_group_id: Some(105),
            resource_id: Some(resource.id),
            primary_ag_product_id: Some(product),
            usda_commodity_id: Some(commodity),
            match_tier: text("direct"),
            note: text("mapped by name"),
        }
    );

    assert_covered(done, &RESOURCE_TABLES);
}

#[test]
fn sample_and_observation_tables_round_trip() {
    let db = TestDatabase::migrated();
    stagger_sequences(&db);
    let conn = &mut mapping_conn(&db);
    let mut done = Vec::new();

    let geoid = place(conn, "06047", "Merced");
    let sampling_site = location_address(conn, &geoid, "Orchard block 7");
    let field_store = location_address(conn, &geoid, "Farm shed");
    let lab_store = location_address(conn, &geoid, "Lab freezer 2");
    let resource = resource(conn, "almond hulls");
    let provider = provider(conn, "heron");
    let kilogram = unit(conn, "kg");
    let day = unit(conn, "day");
    let percent = unit(conn, "% dry weight");
    let celsius = unit(conn, "degC");
    let glucan = parameter(conn, "glucan");

    let field_sample = round_trip!(
        conn,
        done,
        field_sample,
        FieldSample,
        NewFieldSample {
            created_at: ts("2024-08-16T07:00:00.111111"),
            updated_at: ts("2024-08-17T08:00:00.222222"),
            etl_run_id: Some(111),
            lineage_group_id: Some(112),
            name: text("FS-ALM-001"),
            resource_id: Some(resource),
            provider_id: Some(provider),
            collector_id: Some(113),
            sample_collection_source: text("windrow"),
            amount_collected: dec("12.5"),
            amount_collected_unit_id: Some(kilogram),
            sampling_location_id: Some(sampling_site),
            field_storage_method_id: Some(114),
            field_storage_duration_value: dec("3.25"),
            field_storage_duration_unit_id: Some(day),
            field_storage_location_id: Some(field_store),
            collection_timestamp: ts("2024-08-15T09:45:12.345678"),
            collection_method_id: Some(115),
            harvest_method_id: Some(116),
            harvest_date: date("2024-08-14"),
            field_sample_storage_location_id: Some(lab_store),
            note: text("hulls after shaking"),
        }
    );
    round_trip!(
        conn,
        done,
        prepared_sample,
        PreparedSample,
        NewPreparedSample {
            created_at: ts("2024-09-01T10:00:00.333333"),
            updated_at: ts("2024-09-02T11:00:00.444444"),
            etl_run_id: Some(121),
            lineage_group_id: Some(122),
            name: text("PS-ALM-001-2mm"),
            field_sample_id: Some(field_sample.id),
            prep_method_id: Some(123),
            prep_date: date("2024-08-30"),
            preparer_id: Some(124),
            note: text("knife-milled to 2 mm"),
        }
    );
    round_trip!(
        conn,
        done,
        observation,
        Observation,
        NewObservation {
            created_at: ts("2024-09-10T12:00:00.555555"),
            updated_at: ts("2024-09-11T13:00:00.666666"),
            etl_run_id: Some(131),
            lineage_group_id: Some(132),
            record_id: "cmp-alm-001".to_owned(),
            dataset_id: Some(133),
            record_type: text("compositional analysis"),
            parameter_id: Some(glucan),
            value: dec("36.7"),
            unit_id: Some(percent),
            dimension_type_id: Some(134),
            dimension_value: dec("105.5"),
            dimension_unit_id: Some(celsius),
            note: text("oven-dry basis"),
        }
    );

    assert_covered(done, &SAMPLE_TABLES);
}

#[test]
fn usda_and_billion_ton_tables_round_trip() {
    let db = TestDatabase::migrated();
    stagger_sequences(&db);
    let conn = &mut mapping_conn(&db);
    let mut done = Vec::new();

    let geoid = place(conn, "06107", "Tulare");
    let office = location_address(conn, &geoid, "2202 Monterey St");
    let usd_per_cwt = unit(conn, "USD/cwt");
    let dry_ton = unit(conn, "dry ton");
    let mmbtu = unit(conn, "MMBtu");
    let subclass = resource_subclass(conn, "field crop residue");
    let resource = resource(conn, "corn stover");
    let field_crops = usda_commodity(conn, "FIELD CROPS");

    let commodity = round_trip!(
        conn,
        done,
        usda_commodity,
        UsdaCommodity,
        NewUsdaCommodity {
            name: text("CORN"),
            description: text("Corn for grain and silage"),
            uri: text("https://example.org/usda/corn"),
            usda_source: text("NASS"),
            usda_code: text("CORN-GRAIN"),
            parent_commodity_id: Some(field_crops),
            api_name: text("CORN, GRAIN"),
            created_at: ts("2024-03-01T09:10:11.121314"),
            updated_at: ts("2024-03-02T10:11:12.131415"),
        }
    );
    let report = round_trip!(
        conn,
        done,
        usda_market_report,
        UsdaMarketReport,
        NewUsdaMarketReport {
            created_at: ts("2024-10-01T06:00:00.010203"),
            updated_at: ts("2024-10-02T07:00:00.040506"),
            etl_run_id: Some(141),
            lineage_group_id: Some(142),
            slug_id: Some(3045),
            slug_name: text("AMS_3045"),
            report_series_title: text("California Hay Report"),
            frequency: text("Weekly"),
            office_name: text("Moses Lake"),
            office_city_id: Some(office),
            office_state_fips: text("53"),
            source_id: Some(143),
        }
    );
    round_trip!(
        conn,
        done,
        usda_market_record,
        UsdaMarketRecord,
        NewUsdaMarketRecord {
            created_at: ts("2024-10-03T08:00:00.070809"),
            updated_at: ts("2024-10-04T09:00:00.101112"),
            etl_run_id: Some(151),
            lineage_group_id: Some(152),
            report_id: Some(report.id),
            dataset_id: Some(153),
            report_begin_date: ts("2024-09-23T00:00:00"),
            report_end_date: ts("2024-09-27T23:59:59.999999"),
            report_date: ts("2024-09-30T12:00:00"),
            commodity_id: Some(commodity.id),
            market_type_id: Some(154),
            market_type_category: text("Shipping Point"),
            grp: text("Feedstuffs"),
            market_category_id: Some(155),
            class_: text("Yellow"),
            grade: text("US No. 2"),
            variety: text("Dent"),
            protein_pct: dec("8.25"),
            application: text("Livestock feed"),
            pkg: text("Bulk"),
            sale_type: text("FOB"),
            price_unit_id: Some(usd_per_cwt),
            freight: text("Delivered"),
            trans_mode: text("Truck"),
        }
    );
    round_trip!(
        conn,
        done,
        usda_census_record,
        UsdaCensusRecord,
        NewUsdaCensusRecord {
            created_at: ts("2024-10-05T10:00:00.131415"),
            updated_at: ts("2024-10-06T11:00:00.161718"),
            etl_run_id: Some(161),
            lineage_group_id: Some(162),
            dataset_id: Some(163),
            geoid: Some(geoid.clone()),
            commodity_code: Some(commodity.id),
            year: Some(2022),
            source_reference: text("2022 Census of Agriculture"),
            note: text("county level"),
        }
    );
    round_trip!(
        conn,
        done,
        billion_ton2023_record,
        BillionTon2023Record,
        NewBillionTon2023Record {
            created_at: ts("2024-10-07T12:00:00.192021"),
            updated_at: ts("2024-10-08T13:00:00.222324"),
            etl_run_id: Some(171),
            lineage_group_id: Some(172),
            subclass_id: Some(subclass),
            resource_id: Some(resource),
            geoid: Some(geoid.clone()),
            county_square_miles: Some(4839.5),
            model_name: text("POLYSYS"),
            scenario_name: text("mature market, medium"),
            price_offered_usd: dec("60.5"),
            production: Some(123_456),
            production_unit_id: Some(dry_ton),
            btu_ton: Some(15_500_000),
            production_energy_content: Some(19_135),
            energy_content_unit_id: Some(mmbtu),
            product_density_dtpersqmi: dec("25.51"),
            land_source: text("agricultural land"),
            dataset_id: Some(9_876),
        }
    );

    assert_covered(done, &USDA_TABLES);
}

/// Parent rows the analysis records point at.
struct AnalysisFixtures {
    resource: i32,
    prepared_sample: i32,
    method: i32,
    pretreatment_method: i32,
    eh_method: i32,
    strain: i32,
    vessel: i32,
    detector: i32,
    reactor: i32,
    reaction_block: i32,
}

#[test]
fn analysis_record_tables_round_trip() {
    let db = TestDatabase::migrated();
    stagger_sequences(&db);
    let conn = &mut mapping_conn(&db);
    let mut done = Vec::new();

    let resource = resource(conn, "rice straw");
    let field_sample = field_sample(conn, "FS-RS-01", resource);
    let fx = &AnalysisFixtures {
        resource,
        prepared_sample: prepared_sample(conn, "PS-RS-01", field_sample),
        method: method(conn, "analysis method"),
        pretreatment_method: method(conn, "dilute acid pretreatment"),
        eh_method: method(conn, "enzymatic hydrolysis"),
        strain: strain(conn, "E. coli LY180"),
        vessel: decon_vessel(conn, "shake flask"),
        detector: decon_vessel(conn, "HPLC"),
        reactor: decon_vessel(conn, "bubbling fluidized bed"),
        reaction_block: decon_vessel(conn, "Parr reactor block"),
    };

    analysis_round_trip!(
        conn,
        done,
        1,
        fx,
        compositional_record,
        CompositionalRecord,
        NewCompositionalRecord
    );
    analysis_round_trip!(
        conn,
        done,
        2,
        fx,
        proximate_record,
        ProximateRecord,
        NewProximateRecord
    );
    analysis_round_trip!(
        conn,
        done,
        3,
        fx,
        ultimate_record,
        UltimateRecord,
        NewUltimateRecord
    );
    analysis_round_trip!(
        conn,
        done,
        4,
        fx,
        xrf_record,
        XrfRecord,
        NewXrfRecord,
        extra {
            wavelength_nm: dec("0.154"),
            intensity: dec("1523.75"),
            energy_slope: dec("0.0102"),
            energy_offset: dec("-0.035"),
        }
    );
    analysis_round_trip!(conn, done, 5, fx, icp_record, IcpRecord, NewIcpRecord);
    analysis_round_trip!(
        conn,
        done,
        6,
        fx,
        calorimetry_record,
        CalorimetryRecord,
        NewCalorimetryRecord
    );
    analysis_round_trip!(
        conn,
        done,
        7,
        fx,
        xrd_record,
        XrdRecord,
        NewXrdRecord,
        extra {
            scan_low_nm: Some(250),
            scan_high_nm: Some(900),
        }
    );
    analysis_round_trip!(conn, done, 8, fx, ftnir_record, FtnirRecord, NewFtnirRecord);
    analysis_round_trip!(
        conn,
        done,
        9,
        fx,
        fermentation_record,
        FermentationRecord,
        NewFermentationRecord,
        extra {
            strain_id: Some(fx.strain),
            pretreatment_method_id: Some(fx.pretreatment_method),
            eh_method_id: Some(fx.eh_method),
            well_position: text("B7"),
            vessel_id: Some(fx.vessel),
            analyte_detection_equipment_id: Some(fx.detector),
        }
    );
    analysis_round_trip!(
        conn,
        done,
        10,
        fx,
        gasification_record,
        GasificationRecord,
        NewGasificationRecord,
        extra {
            reactor_type_id: Some(fx.reactor),
        }
    );
    analysis_round_trip!(
        conn,
        done,
        11,
        fx,
        pretreatment_record,
        PretreatmentRecord,
        NewPretreatmentRecord,
        extra {
            pretreatment_method_id: Some(fx.pretreatment_method),
            eh_method_id: Some(fx.eh_method),
            reaction_block_id: Some(fx.reaction_block),
            block_position: text("A3"),
            temperature: dec("160.5"),
            replicate_no: Some(4),
            vessel_id: Some(5_432),
        }
    );

    assert_covered(done, &ANALYSIS_TABLES);
    let kinds: Vec<&str> = AnalysisRecordKind::ALL
        .iter()
        .map(|k| k.table_name())
        .collect();
    assert_eq!(
        kinds, ANALYSIS_TABLES,
        "AnalysisRecordKind::ALL names the eleven record tables"
    );
}

/// Every table of the real schema that a view reads or the sample generator
/// fills has row structs and a round trip here (the other tables are `table!`
/// only), so such a table cannot go untested. (A new column cannot either: `round_trip!`
/// names every field of the insert struct, and checks that no live column is
/// left NULL.) The schema itself lists exactly the migrated tables.
#[test]
fn round_trips_cover_every_table_the_views_and_the_generator_use() {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        table_name: String,
    }
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let names = |conn: &mut PgConnection, sql: &str| -> Vec<String> {
        diesel::sql_query(sql)
            .load::<Name>(conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .into_iter()
            .map(|n| n.table_name)
            .collect()
    };
    let in_database = names(
        &mut conn,
        "SELECT table_name::text AS table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            AND table_name <> '__diesel_schema_migrations' AND table_name NOT LIKE 'biositing\\_%'
            AND table_name <> 'spatial_ref_sys'
          ORDER BY table_name",
    );
    // The tables of the original chain's schema (through the last base
    // migration that carries it): a table added by a later migration gets row
    // structs when portal code needs them, not because a view reads it.
    let last_base = biositing_workflow::alembic::BASE_MIGRATIONS
        .last()
        .expect("base migrations");
    let at_base = TestDatabase::migrated_to(&biositing_test_db::migration_folder(last_base));
    let original = names(
        &mut at_base.conn(),
        "SELECT table_name::text AS table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    let read_by_views = db.tables_read_by_portal_views();
    let mut used: Vec<String> = read_by_views
        .into_iter()
        .chain(
            biositing_sample::generated_tables()
                .into_iter()
                .map(str::to_string),
        )
        .filter(|t| original.contains(t))
        .collect();
    used.sort_unstable();
    used.dedup();

    let mut covered: Vec<&str> = LOOKUP_AND_GEOGRAPHY_TABLES
        .iter()
        .chain(&RESOURCE_TABLES)
        .chain(&SAMPLE_TABLES)
        .chain(&USDA_TABLES)
        .chain(&ANALYSIS_TABLES)
        .copied()
        .collect();
    covered.sort_unstable();
    let mut compiled: Vec<&str> = biositing_models::tables::base_tables()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    compiled.sort_unstable();
    for table in &used {
        assert!(
            covered.contains(&table.as_str()),
            "{table} is read by a view or filled by the sample generator but has no round-trip test: add its row and insert structs to crates/models and a round_trip! of it to tests/models.rs"
        );
    }
    for table in &covered {
        assert!(
            compiled.contains(table),
            "{table} is round-tripped but not in crates/models/src/schema.rs"
        );
    }
    assert_eq!(
        compiled, in_database,
        "crates/models/src/schema.rs and the migrated database list other tables: run `diesel print-schema > crates/models/src/schema.rs`"
    );
}

#[test]
fn foreign_keys_are_enforced() {
    let db = TestDatabase::migrated();
    let mut conn = db.conn();
    let class = resource_class(&mut conn, "forest residue");
    let missing = class + 1000;

    let orphan = NewResource {
        name: text("orphan"),
        resource_class_id: Some(missing),
        ..Default::default()
    };
    let err = diesel::insert_into(schema::resource::table)
        .values(&orphan)
        .execute(&mut conn)
        .expect_err("a resource with a missing resource_class_id is refused");
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
            assert_eq!(info.table_name(), Some("resource"));
            assert_eq!(
                info.constraint_name(),
                Some("resource_resource_class_id_fkey")
            );
        }
        other => panic!("expected a foreign key violation, got {other:?}"),
    }
    let count: i64 = schema::resource::table
        .count()
        .get_result(&mut conn)
        .expect("count resources");
    assert_eq!(count, 0, "the refused row was not stored");

    // The same insert pointing at an existing class goes through.
    let adopted = NewResource {
        resource_class_id: Some(class),
        ..orphan
    };
    let stored: Resource = diesel::insert_into(schema::resource::table)
        .values(&adopted)
        .returning(Resource::as_returning())
        .get_result(&mut conn)
        .expect("insert a resource with an existing class");
    assert_eq!(stored.resource_class_id, Some(class));
}
