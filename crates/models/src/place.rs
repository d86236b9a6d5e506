//! Geography: counties/states keyed by FIPS code, and street addresses within them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A county or state, keyed by its FIPS `geoid` (e.g. `06019` = Fresno County, CA).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::place)]
#[diesel(primary_key(geoid))]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Place {
    pub geoid: String,
    pub state_name: Option<String>,
    pub state_fips: Option<String>,
    pub county_name: Option<String>,
    pub county_fips: Option<String>,
    pub region_name: Option<String>,
    pub agg_level_desc: Option<String>,
}

/// Insertable [`Place`]; includes `geoid` because it is a natural key, not a serial.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::place)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewPlace {
    pub geoid: String,
    pub state_name: Option<String>,
    pub state_fips: Option<String>,
    pub county_name: Option<String>,
    pub county_fips: Option<String>,
    pub region_name: Option<String>,
    pub agg_level_desc: Option<String>,
}

/// A street address, optionally anonymised, inside a [`Place`].
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::location_address)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct LocationAddress {
    pub id: i32,
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    /// The `place.geoid` the address lies in.
    pub geography_id: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub is_anonymous: Option<bool>,
}

/// Insertable [`LocationAddress`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::location_address)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewLocationAddress {
    pub created_at: Option<NaiveDateTime>,
    pub updated_at: Option<NaiveDateTime>,
    pub etl_run_id: Option<i32>,
    pub lineage_group_id: Option<i32>,
    pub geography_id: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub is_anonymous: Option<bool>,
}
