//! A deterministic, synthetic sample dataset for the 38 base tables that the
//! `data_portal` materialized views read, bulk-loaded with `COPY FROM STDIN`.
//!
//! The data is invented (crop-residue names, counties of California with their
//! real FIPS codes, plausible laboratory values) and exercises every path the
//! views take: all eleven analysis record types, QC `pass`/`fail`/NULL, record
//! codes whose case differs between record and observations, samples with and
//! without a location, statewide (`06000`) and county availability rows with
//! seasons that wrap the year, USDA census years 2012–2023, market prices in
//! two units, end uses with low/high shares and values and a trend note (the
//! original team's later parameter names) under use cases, and the
//! excluded `Sargassum`. It avoids the two duplications that break the original
//! views' unique indexes: each resource has exactly one morphology row and at
//! most one end-use record per use.
//!
//! Same `scale` and `seed` give identical data. The size grows linearly with
//! `scale`; scale 1 is about 100,000 observations. Everything is loaded in one
//! transaction, with explicit ids; the id sequences are advanced afterwards and
//! the tables analyzed, so that the first view refresh gets good plans.

mod copy;
mod rng;
mod tables;
mod vocab;
mod world;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

/// The largest scale: about 100 million observations. The generator keeps
/// O(scale) dimension rows in memory (measured: a few MiB at this bound) and
/// numbers rows with 32-bit ids, so much larger scales would exhaust memory
/// or ids long before a row is written.
pub const MAX_SCALE: u32 = 1000;

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 20_240_601;

/// The 38 base tables, in an order in which they can be loaded (parents first).
pub const BASE_TABLES: [&str; 38] = [
    "place",
    "unit",
    "resource_class",
    "resource_subclass",
    "primary_ag_product",
    "use_case",
    "decon_vessel",
    "strain",
    "method",
    "parameter",
    "provider",
    "usda_commodity",
    "resource",
    "resource_morphology",
    "location_address",
    "field_sample",
    "prepared_sample",
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
    "resource_availability",
    "resource_transport_record",
    "resource_storage_record",
    "resource_end_use_record",
    "billion_ton2023_record",
    "resource_usda_commodity_map",
    "usda_market_report",
    "usda_market_record",
    "usda_census_record",
    "observation",
];

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Size multiplier, 1 to [`MAX_SCALE`]: scale 1 is about 100,000 observations.
    pub scale: u32,
    /// Seed of the generator: the same scale and seed give the same data.
    pub seed: u64,
    /// Truncate the 38 base tables first (in the same transaction) instead of
    /// refusing a database that already holds data.
    pub replace: bool,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            scale: 1,
            seed: DEFAULT_SEED,
            replace: false,
        }
    }
}

/// Progress of a load, reported as it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadEvent<'a> {
    /// The base tables were truncated (`replace`).
    Truncated { tables: usize },
    /// A chunk of a large table was copied; `rows` is the running total.
    Chunk { table: &'a str, rows: u64 },
    /// A table is fully loaded with `rows` rows.
    Table { table: &'a str, rows: u64 },
    /// The id sequences were advanced past the loaded ids.
    SequencesReset { tables: usize },
    /// Planner statistics were gathered for the loaded tables.
    Analyzed { tables: usize },
}

/// Rows loaded, per table in load order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadSummary {
    pub rows_per_table: Vec<(&'static str, u64)>,
    pub total_rows: u64,
}

impl LoadSummary {
    /// Rows loaded into one table (0 if it is not a base table).
    pub fn rows(&self, table: &str) -> u64 {
        self.rows_per_table
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid scale {0}: use a scale from 1 to {MAX_SCALE} (scale 1 is about 100,000 observations)")]
    InvalidScale(u32),
    #[error(
        "the database already holds data ({}); pass --replace to truncate it first",
        describe_existing(*resources, *observations, other_tables)
    )]
    NotEmpty {
        resources: i64,
        observations: i64,
        /// Other non-empty base tables, listed when resource and observation are empty.
        other_tables: Vec<String>,
    },
    #[error("copying rows into {table} failed: {source}")]
    Copy {
        table: &'static str,
        #[source]
        source: diesel::result::Error,
    },
    #[error("copying into {table} stored {copied} rows instead of {expected}")]
    RowCount {
        table: &'static str,
        expected: u64,
        copied: u64,
    },
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

fn describe_existing(resources: i64, observations: i64, other_tables: &[String]) -> String {
    if resources == 0 && observations == 0 && !other_tables.is_empty() {
        return format!("rows in {}", other_tables.join(", "));
    }
    let plural = |n: i64, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if observations == 0 {
        plural(resources, "resource")
    } else {
        format!(
            "{}, {}",
            plural(resources, "resource"),
            plural(observations, "observation")
        )
    }
}

impl Error {
    /// A refusal or bad argument the user can fix, as opposed to a failure.
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::InvalidScale(_) | Error::NotEmpty { .. })
    }
}

#[derive(QueryableByName)]
struct Existing {
    #[diesel(sql_type = BigInt)]
    resources: i64,
    #[diesel(sql_type = BigInt)]
    observations: i64,
}

/// Loads the sample dataset in one transaction: nothing is left behind if any
/// step fails. Refuses ([`Error::NotEmpty`]) a database with any `resource` or
/// `observation` row, or any row in another base table (its explicit ids would
/// collide), unless `options.replace`, which first truncates the 38 base tables
/// (`RESTART IDENTITY CASCADE`) in the same transaction. `on_event` hears of
/// every table loaded and every chunk of a large one.
pub fn load(
    conn: &mut PgConnection,
    options: &SampleOptions,
    on_event: &mut dyn FnMut(LoadEvent<'_>),
) -> Result<LoadSummary, Error> {
    if !(1..=MAX_SCALE).contains(&options.scale) {
        return Err(Error::InvalidScale(options.scale));
    }
    conn.transaction(|conn| {
        let existing: Existing = diesel::sql_query(
            "SELECT (SELECT count(*) FROM resource) AS resources, \
                    (SELECT count(*) FROM observation) AS observations",
        )
        .get_result(conn)?;
        let occupied = if existing.resources > 0 || existing.observations > 0 {
            Vec::new()
        } else {
            occupied_tables(conn)?
        };
        let empty = existing.resources == 0 && existing.observations == 0 && occupied.is_empty();
        if !empty {
            if !options.replace {
                return Err(Error::NotEmpty {
                    resources: existing.resources,
                    observations: existing.observations,
                    other_tables: occupied,
                });
            }
            truncate(conn)?;
            on_event(LoadEvent::Truncated {
                tables: BASE_TABLES.len(),
            });
        }

        let world = world::World::new(options.scale, options.seed);
        let mut loader = copy::Loader {
            conn: &mut *conn,
            on_event: &mut *on_event,
            counts: Vec::with_capacity(BASE_TABLES.len()),
        };
        tables::load_all(&world, &mut loader)?;
        let counts = loader.counts;

        let with_id: Vec<&str> = BASE_TABLES
            .iter()
            .copied()
            .filter(|t| *t != "place")
            .collect();
        let sql: String = with_id
            .iter()
            .map(|t| {
                format!(
                    "SELECT setval(pg_get_serial_sequence('{t}', 'id'), \
                     coalesce(max(id), 1), max(id) IS NOT NULL) FROM {t};\n"
                )
            })
            .collect();
        conn.batch_execute(&sql)?;
        on_event(LoadEvent::SequencesReset {
            tables: with_id.len(),
        });
        // Fresh statistics: without them the planner picks nested loops over the
        // new rows and the first view refresh is many times slower.
        conn.batch_execute(&format!("ANALYZE {}", BASE_TABLES.join(", ")))?;
        on_event(LoadEvent::Analyzed {
            tables: BASE_TABLES.len(),
        });

        let total_rows = counts.iter().map(|(_, n)| n).sum();
        Ok(LoadSummary {
            rows_per_table: counts,
            total_rows,
        })
    })
}

#[derive(QueryableByName)]
struct Occupied {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Base tables holding at least one row.
fn occupied_tables(conn: &mut PgConnection) -> Result<Vec<String>, Error> {
    let sql = BASE_TABLES
        .iter()
        .map(|t| format!("SELECT '{t}'::text AS name WHERE EXISTS (SELECT 1 FROM {t})"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<Occupied> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

fn truncate(conn: &mut PgConnection) -> Result<(), Error> {
    let sql = format!(
        "TRUNCATE TABLE {} RESTART IDENTITY CASCADE",
        BASE_TABLES.join(", ")
    );
    conn.batch_execute(&sql)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_names_problem_and_fix() {
        let e = Error::NotEmpty {
            resources: 12,
            observations: 0,
            other_tables: Vec::new(),
        };
        assert_eq!(
            e.to_string(),
            "the database already holds data (12 resources); pass --replace to truncate it first"
        );
        let e = Error::NotEmpty {
            resources: 1,
            observations: 5,
            other_tables: Vec::new(),
        };
        assert!(e.to_string().contains("(1 resource, 5 observations)"));
        let e = Error::NotEmpty {
            resources: 0,
            observations: 0,
            other_tables: vec!["unit".into(), "place".into()],
        };
        assert!(e.to_string().contains("(rows in unit, place)"));
        assert!(e.is_input_error());
    }

    #[test]
    fn base_tables_are_unique() {
        let mut t = BASE_TABLES.to_vec();
        t.sort_unstable();
        t.dedup();
        assert_eq!(t.len(), 38);
    }
}
