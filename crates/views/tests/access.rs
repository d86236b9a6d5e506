//! The views are read-only: writing through Diesel fails with PostgreSQL's
//! "cannot change materialized view", and a login role granted `portal_readonly`
//! can read every view and the refresh log but no base table.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::atomic::{AtomicU32, Ordering};

use biositing_test_db::{server_url, TestDatabase};
use biositing_views::mv_biomass_availability::{
    for_resource as availability_for_resource, mv_biomass_availability, BiomassAvailability,
};
use biositing_views::mv_biomass_composition::{mv_biomass_composition, BiomassComposition};
use biositing_views::mv_biomass_county_production::{
    mv_biomass_county_production, BiomassCountyProduction,
};
use biositing_views::mv_biomass_end_uses::{mv_biomass_end_uses, BiomassEndUse};
use biositing_views::mv_biomass_fermentation::{mv_biomass_fermentation, BiomassFermentation};
use biositing_views::mv_biomass_gasification::{mv_biomass_gasification, BiomassGasification};
use biositing_views::mv_biomass_pricing::{mv_biomass_pricing, BiomassPricing};
use biositing_views::mv_biomass_sample_stats::{mv_biomass_sample_stats, BiomassSampleStats};
use biositing_views::mv_biomass_search::{mv_biomass_search, BiomassSearch};
use biositing_views::mv_usda_county_production::{mv_usda_county_production, UsdaCountyProduction};
use biositing_views::{READONLY_ROLE, VIEWS};
use common::{count_rows, database_error, fixture_db};
use diesel::prelude::*;
use diesel::sql_types::Text;

const CANNOT_CHANGE: &str = "cannot change materialized view \"mv_biomass_availability\"";

#[test]
fn writing_to_a_view_through_diesel_fails() {
    let db = TestDatabase::migrated();
    db.execute("INSERT INTO resource (id, name) VALUES (1, 'Almond hulls');");
    let mut conn = db.conn();

    let (message, _) = database_error(
        diesel::sql_query(
            "INSERT INTO data_portal.mv_biomass_availability (resource_id, resource_name) \
             VALUES (1, 'Almond hulls')",
        )
        .execute(&mut conn),
    );
    assert_eq!(message, CANNOT_CHANGE);

    let (message, _) =
        database_error(diesel::delete(mv_biomass_availability::table).execute(&mut conn));
    assert_eq!(message, CANNOT_CHANGE);

    // A single-column `eq` is a changeset and an insertable value for any
    // `table!`, so both compile against the read-only mapping; PostgreSQL refuses.
    let (message, _) = database_error(
        diesel::update(mv_biomass_availability::table)
            .set(mv_biomass_availability::resource_name.eq("renamed"))
            .execute(&mut conn),
    );
    assert_eq!(message, CANNOT_CHANGE);
    let (message, _) = database_error(
        diesel::insert_into(mv_biomass_availability::table)
            .values(mv_biomass_availability::resource_id.eq(1))
            .execute(&mut conn),
    );
    assert_eq!(message, CANNOT_CHANGE);

    // Every view refuses.
    for view in VIEWS {
        let (message, _) = database_error(
            diesel::sql_query(format!("DELETE FROM {}", view.qualified_name())).execute(&mut conn),
        );
        assert_eq!(
            message,
            format!("cannot change materialized view \"{}\"", view.name)
        );
    }
    assert!(
        availability_for_resource(&mut conn, 1).unwrap().is_none(),
        "nothing was written"
    );
}

/// A login role of the whole server, member of `portal_readonly`, dropped (with
/// anything it might own in the test database) when the guard goes.
struct ReadonlyLogin {
    name: String,
    database_url: String,
}

impl ReadonlyLogin {
    fn create(db: &TestDatabase) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "biositing_views_reader_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = PgConnection::establish(server_url().as_str()).unwrap();
        diesel::sql_query(format!("CREATE ROLE {name} LOGIN IN ROLE {READONLY_ROLE}"))
            .execute(&mut admin)
            .unwrap();
        Self {
            name,
            database_url: db.url().as_str().to_string(),
        }
    }

    /// The test database's URL, logging in as this role.
    fn url(&self) -> String {
        let separator = if self.database_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{separator}user={}", self.database_url, self.name)
    }

    fn connect(&self) -> PgConnection {
        PgConnection::establish(&self.url()).unwrap()
    }
}

impl Drop for ReadonlyLogin {
    fn drop(&mut self) {
        use diesel::connection::SimpleConnection;
        if let Ok(mut conn) = PgConnection::establish(&self.database_url) {
            let _ = conn.batch_execute(&format!("DROP OWNED BY {}", self.name));
        }
        if let Ok(mut admin) = PgConnection::establish(server_url().as_str()) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
        }
    }
}

#[test]
fn a_portal_readonly_login_reads_views_only() {
    let db = fixture_db();
    let role = ReadonlyLogin::create(&db);
    let mut reader = role.connect();

    #[derive(QueryableByName)]
    struct Who {
        #[diesel(sql_type = Text)]
        user_name: String,
    }
    let who: Who = diesel::sql_query("SELECT current_user::text AS user_name")
        .get_result(&mut reader)
        .unwrap();
    assert_eq!(who.user_name, role.name);

    // Every view, through its typed mapping, with the fixture's row counts.
    let counts = [
        mv_biomass_search::table
            .select(BiomassSearch::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_availability::table
            .select(BiomassAvailability::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_composition::table
            .select(BiomassComposition::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_county_production::table
            .select(BiomassCountyProduction::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_end_uses::table
            .select(BiomassEndUse::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_fermentation::table
            .select(BiomassFermentation::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_gasification::table
            .select(BiomassGasification::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_pricing::table
            .select(BiomassPricing::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_biomass_sample_stats::table
            .select(BiomassSampleStats::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
        mv_usda_county_production::table
            .select(UsdaCountyProduction::as_select())
            .load(&mut reader)
            .unwrap()
            .len(),
    ];
    // Composition has 24 rows since it keeps NULL-QC records and matches record
    // codes in any case (see the end of the fixture).
    assert_eq!(counts, [6, 2, 24, 3, 4, 3, 3, 3, 8, 3]);
    // Every registered view is readable, one added later too (whether it has
    // rows on this fixture is not what this test is about).
    for view in VIEWS {
        count_rows(&mut reader, &view.qualified_name())
            .unwrap_or_else(|e| panic!("{} cannot be read: {e}", view.name));
    }
    assert_eq!(
        count_rows(&mut reader, "data_portal.refresh_log").unwrap(),
        0
    );

    // No base table can be read or written.
    #[derive(QueryableByName)]
    struct Table {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let mut admin = db.conn();
    let base_tables: Vec<String> = diesel::sql_query(
        // Not an extension's own tables: PostGIS lets everyone read spatial_ref_sys.
        "SELECT c.relname::text AS name FROM pg_class c
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
            AND NOT EXISTS (SELECT 1 FROM pg_depend d
                             WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
          ORDER BY 1",
    )
    .load::<Table>(&mut admin)
    .unwrap()
    .into_iter()
    .map(|t| t.name)
    .collect();
    assert!(base_tables.len() >= 30, "{base_tables:?}");
    for table in &base_tables {
        let (message, _) = database_error(count_rows(&mut reader, &format!("public.{table}")));
        assert_eq!(message, format!("permission denied for table {table}"));
    }
    let (message, _) = database_error(
        diesel::sql_query("INSERT INTO resource (id, name) VALUES (100, 'intruder')")
            .execute(&mut reader),
    );
    assert_eq!(message, "permission denied for table resource");
    let (message, _) =
        database_error(diesel::sql_query("UPDATE observation SET value = 0").execute(&mut reader));
    assert_eq!(message, "permission denied for table observation");

    // Nor write the refresh log, change or refresh a view.
    let (message, _) = database_error(
        diesel::sql_query("DELETE FROM data_portal.refresh_log").execute(&mut reader),
    );
    assert_eq!(message, "permission denied for table refresh_log");
    let (message, _) =
        database_error(diesel::delete(mv_biomass_search::table).execute(&mut reader));
    assert_eq!(
        message,
        "permission denied for materialized view mv_biomass_search"
    );
    let (message, _) = database_error(
        diesel::sql_query("REFRESH MATERIALIZED VIEW data_portal.mv_biomass_search")
            .execute(&mut reader),
    );
    assert_eq!(
        message,
        "must be owner of materialized view mv_biomass_search"
    );
    drop(reader);
}
