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

/// The base tables of the compiled schema (`biositing_models::schema`): what
/// `replace` truncates and what is analyzed after a load. The generator loads
/// them parents first; [`LoadSummary::rows_per_table`] lists them in that order.
pub fn base_tables() -> Vec<&'static str> {
    biositing_models::tables::base_tables()
        .iter()
        .map(|t| t.name.as_str())
        .collect()
}

/// The columns the generator writes into `table`, in its order, or `None` when
/// it does not load that table. Columns of the schema it leaves out are loaded
/// as their default (NULL for a new nullable column).
pub fn generated_columns(table: &str) -> Option<&'static [&'static str]> {
    tables::targets()
        .into_iter()
        .find(|t| t.table == table)
        .map(|t| t.columns)
}

/// The tables the generator loads, in load order (parents first).
pub fn generated_tables() -> Vec<&'static str> {
    tables::targets().into_iter().map(|t| t.table).collect()
}

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Size multiplier, 1 to [`MAX_SCALE`]: scale 1 is about 100,000 observations.
    pub scale: u32,
    /// Seed of the generator: the same scale and seed give the same data.
    pub seed: u64,
    /// Truncate the base tables first (in the same transaction) instead of
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
    #[error(
        "the sample generator does not fill {table}.{column}, which is NOT NULL without a default: \
         give the column a DEFAULT in its migration, or add it to the {table} writer in \
         crates/sample/src/tables.rs (its copy_target! column list and its rows)"
    )]
    UnfilledColumn { table: &'static str, column: String },
    #[error("the sample generator wrote {fields} fields into a row of {table}, whose copy_target! names {columns} columns: keep the column list and the row writer of {table} in crates/sample/src/tables.rs in step")]
    RowShape {
        table: &'static str,
        columns: usize,
        fields: usize,
    },
    #[error("the database has no {what}, which the sample data fills: migrate it (`biositing migrate`), or adopt a database the Python stack built (`biositing adopt --from-alembic`, which also brings an older revision's base tables up to date); nothing was loaded")]
    MissingSchema { what: String },
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
/// collide), unless `options.replace`, which first truncates the base tables
/// (`RESTART IDENTITY CASCADE`) in the same transaction. `on_event` hears of
/// every table loaded and every chunk of a large one.
pub fn load(
    conn: &mut PgConnection,
    options: &SampleOptions,
    on_event: &mut dyn FnMut(LoadEvent<'_>),
) -> Result<LoadSummary, Error> {
    load_with(conn, options, false, on_event)
}

/// [`load`] into a database that lacks some of the tables the generator fills
/// (one the original chain built, before a table this project added later):
/// those tables are left out, and so are the foreign keys pointing at them.
/// A missing column of a table it fills is still an error.
pub fn load_into_existing_tables(
    conn: &mut PgConnection,
    options: &SampleOptions,
    on_event: &mut dyn FnMut(LoadEvent<'_>),
) -> Result<LoadSummary, Error> {
    load_with(conn, options, true, on_event)
}

fn load_with(
    conn: &mut PgConnection,
    options: &SampleOptions,
    skip_missing_tables: bool,
    on_event: &mut dyn FnMut(LoadEvent<'_>),
) -> Result<LoadSummary, Error> {
    if !(1..=MAX_SCALE).contains(&options.scale) {
        return Err(Error::InvalidScale(options.scale));
    }
    conn.transaction(|conn| {
        // Every table and column the generator writes, before anything else
        // reads them: a database at an older revision is told what it lacks.
        let mut skipped = Vec::new();
        for target in tables::targets() {
            match copy::check_table_exists(conn, &target) {
                Err(Error::MissingSchema { what })
                    if skip_missing_tables && what.starts_with("table ") =>
                {
                    skipped.push(target.table);
                }
                other => other?,
            }
        }
        // The compiled schema's tables this database has (all of them, but
        // for tables a later migration added, in one the original chain built).
        let present = present_tables(conn)?;
        let existing: Existing = diesel::sql_query(
            "SELECT (SELECT count(*) FROM resource) AS resources, \
                    (SELECT count(*) FROM observation) AS observations",
        )
        .get_result(conn)?;
        let occupied = if existing.resources > 0 || existing.observations > 0 {
            Vec::new()
        } else {
            occupied_tables(conn, &present)?
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
            truncate(conn, &present)?;
            on_event(LoadEvent::Truncated {
                tables: present.len(),
            });
        }

        let world = world::World::new(options.scale, options.seed);
        let mut loader = copy::Loader {
            conn: &mut *conn,
            on_event: &mut *on_event,
            counts: Vec::new(),
            filled: generated_tables()
                .into_iter()
                .filter(|t| !skipped.contains(t))
                .collect(),
            skipped,
        };
        tables::load_all(&world, &mut loader)?;
        let counts = loader.counts;

        // Tables keyed by `id`; a table whose `id` has no sequence gets NULL from
        // pg_get_serial_sequence, and setval(NULL, …) does nothing.
        let with_id: Vec<&str> = biositing_models::tables::base_tables()
            .iter()
            .filter(|t| t.primary_key == ["id"])
            .map(|t| t.name.as_str())
            .filter(|t| present.contains(t))
            .collect();
        let sql: String = with_id
            .iter()
            .map(|t| {
                format!(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), \
                     coalesce(max(id), 1), max(id) IS NOT NULL) FROM {};\n",
                    literal(&ident(t)),
                    ident(t)
                )
            })
            .collect();
        conn.batch_execute(&sql)?;
        on_event(LoadEvent::SequencesReset {
            tables: with_id.len(),
        });
        // Fresh statistics: without them the planner picks nested loops over the
        // new rows and the first view refresh is many times slower.
        conn.batch_execute(&format!("ANALYZE {}", idents(&present)))?;
        on_event(LoadEvent::Analyzed {
            tables: present.len(),
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

/// The tables of the compiled schema that the database has.
fn present_tables(conn: &mut PgConnection) -> Result<Vec<&'static str>, Error> {
    let present: Vec<Occupied> = diesel::sql_query(
        "SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(quote_ident(t)) IS NOT NULL",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(base_tables())
    .load(conn)?;
    Ok(base_tables()
        .into_iter()
        .filter(|t| present.iter().any(|p| p.name == *t))
        .collect())
}

/// Base tables holding at least one row.
fn occupied_tables(conn: &mut PgConnection, present: &[&str]) -> Result<Vec<String>, Error> {
    let sql = present
        .iter()
        .map(|t| {
            format!(
                "SELECT {}::text AS name WHERE EXISTS (SELECT 1 FROM {})",
                literal(t),
                ident(t)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<Occupied> = diesel::sql_query(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

fn truncate(conn: &mut PgConnection, present: &[&str]) -> Result<(), Error> {
    let sql = format!(
        "TRUNCATE TABLE {} RESTART IDENTITY CASCADE",
        idents(present)
    );
    conn.batch_execute(&sql)?;
    Ok(())
}

/// A quoted identifier (the names come from the compiled schema).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn idents(names: &[&str]) -> String {
    names
        .iter()
        .map(|t| ident(t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
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

    /// Every table the generator loads is a table of the compiled schema, once,
    /// and every column it writes is a column of that table (the macro already
    /// checks this at compile time; this names the table in a readable failure).
    #[test]
    fn generated_tables_are_schema_tables() {
        let schema = base_tables();
        let mut seen = Vec::new();
        for t in tables::targets() {
            assert!(schema.contains(&t.table), "{} is not in schema.rs", t.table);
            assert!(!seen.contains(&t.table), "{} is loaded twice", t.table);
            seen.push(t.table);
            let table = biositing_models::tables::base_table(t.table).unwrap();
            for c in t.columns {
                assert!(
                    table.column(c).is_some(),
                    "{}.{c} is not in schema.rs",
                    t.table
                );
            }
        }
    }

    /// Schema columns the generator leaves to their default must be nullable;
    /// a NOT NULL one needs a DEFAULT, which the load checks against the live
    /// table (`Error::UnfilledColumn`). The keys are always written.
    #[test]
    fn columns_left_out_are_nullable_or_keys() {
        for t in tables::targets() {
            let table = biositing_models::tables::base_table(t.table).unwrap();
            for column in &table.columns {
                if t.columns.contains(&column.name.as_str()) {
                    continue;
                }
                assert!(
                    column.nullable,
                    "the sample generator does not fill {}.{}, which is NOT NULL in schema.rs: add it to the {} writer in crates/sample/src/tables.rs",
                    t.table, column.name, t.table
                );
            }
            for key in &table.primary_key {
                assert!(t.columns.contains(&key.as_str()), "{}.{key}", t.table);
            }
        }
    }
}
