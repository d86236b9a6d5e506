//! Streaming `COPY ... FROM STDIN` in PostgreSQL's text format.
//!
//! Rows are written straight into a byte buffer as they are generated; when the
//! buffer holds [`CHUNK_ROWS`] rows (or [`CHUNK_BYTES`] bytes) it is sent as one
//! `COPY` statement and cleared, so memory stays flat however large the table.

use std::fmt;
use std::io::Write as _;

use diesel::prelude::*;
use diesel::QueryResult;

use crate::{Error, LoadEvent};

/// Rows per `COPY` statement of a large table.
pub const CHUNK_ROWS: u64 = 50_000;
/// Upper bound of one chunk's size.
const CHUNK_BYTES: usize = 16 << 20;

/// Sends one chunk of text-format rows (the target's columns, in its order) to a table.
pub type CopyFn = fn(&mut PgConnection, &[u8]) -> QueryResult<usize>;

/// A table and the columns the generator writes into it. `COPY` names exactly
/// these columns, so a column the generator does not know (a nullable column a
/// later migration added) takes its default, NULL unless the migration says
/// otherwise.
#[derive(Clone, Copy)]
pub struct Target {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub copy: CopyFn,
}

/// The [`Target`] of a table of `biositing_models::schema` and the columns the
/// generator fills, in the order its rows write them:
/// `copy_target!(unit(id, name, description, uri))`. Each column is checked
/// against the compiled schema when the generator is built.
macro_rules! copy_target {
    ($table:ident ( $($column:ident),+ $(,)? )) => {{
        fn copy(conn: &mut ::diesel::PgConnection, data: &[u8]) -> ::diesel::QueryResult<usize> {
            use ::biositing_models::schema::$table as t;
            use ::diesel::prelude::*;
            ::diesel::copy_from(t::table)
                .from_raw_data(
                    ($(t::$column,)+),
                    |out: &mut dyn ::std::io::Write| -> ::diesel::QueryResult<()> {
                        out.write_all(data)
                            .map_err(|e| ::diesel::result::Error::SerializationError(Box::new(e)))
                    },
                )
                .execute(conn)
        }
        $crate::copy::Target {
            table: stringify!($table),
            columns: &[$(stringify!($column)),+],
            copy,
        }
    }};
}
pub(crate) use copy_target;

/// One row being written: fields are appended in column order.
pub struct Row<'a> {
    buf: &'a mut Vec<u8>,
    fields: usize,
    /// Bit `i` set: field `i` is written as NULL whatever its value (a foreign
    /// key to a table the generator does not fill; see [`Loader::table`]).
    nulled: u64,
}

impl Row<'_> {
    /// Starts the next field; true when it is to be written as it is, false
    /// when it was written as NULL instead (a nulled column).
    fn sep(&mut self) -> bool {
        if self.fields > 0 {
            self.buf.push(b'\t');
        }
        let nulled = self.fields < 64 && self.nulled & (1 << self.fields) != 0;
        self.fields += 1;
        if nulled {
            self.buf.extend_from_slice(b"\\N");
        }
        !nulled
    }

    fn put(&mut self, args: fmt::Arguments<'_>) {
        // Writing into a Vec<u8> cannot fail.
        let _ = self.buf.write_fmt(args);
    }

    pub fn null(&mut self) -> &mut Self {
        if self.sep() {
            self.buf.extend_from_slice(b"\\N");
        }
        self
    }

    pub fn int(&mut self, v: impl Into<i64>) -> &mut Self {
        if self.sep() {
            self.put(format_args!("{}", v.into()));
        }
        self
    }

    pub fn opt_int<T: Into<i64>>(&mut self, v: Option<T>) -> &mut Self {
        match v {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    pub fn text(&mut self, s: &str) -> &mut Self {
        if !self.sep() {
            return self;
        }
        for &b in s.as_bytes() {
            match b {
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                _ => self.buf.push(b),
            }
        }
        self
    }

    pub fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    /// A `numeric` with a fixed number of decimals.
    pub fn num(&mut self, v: f64, decimals: usize) -> &mut Self {
        if self.sep() {
            self.put(format_args!("{v:.decimals$}"));
        }
        self
    }

    pub fn opt_num(&mut self, v: Option<f64>, decimals: usize) -> &mut Self {
        match v {
            Some(v) => self.num(v, decimals),
            None => self.null(),
        }
    }

    /// A `double precision`, rounded to `decimals` so that it prints exactly.
    pub fn float(&mut self, v: f64, decimals: usize) -> &mut Self {
        self.num(v, decimals)
    }

    pub fn boolean(&mut self, v: bool) -> &mut Self {
        if self.sep() {
            self.buf.push(if v { b't' } else { b'f' });
        }
        self
    }

    /// A `timestamp` given as seconds since 1970-01-01 00:00:00.
    pub fn ts(&mut self, secs: i64) -> &mut Self {
        if !self.sep() {
            return self;
        }
        let days = secs.div_euclid(86_400);
        let s = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        self.put(format_args!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            s / 3600,
            s / 60 % 60,
            s % 60
        ));
        self
    }

    /// A `date` given as days since 1970-01-01.
    pub fn date(&mut self, days: i64) -> &mut Self {
        if !self.sep() {
            return self;
        }
        let (y, m, d) = civil_from_days(days);
        self.put(format_args!("{y:04}-{m:02}-{d:02}"));
        self
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Seconds since 1970-01-01 00:00:00 of a date at midnight.
pub fn epoch_secs(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) * 86_400
}

/// Writes the rows of one table, in chunks.
pub struct Sink<'a> {
    conn: &'a mut PgConnection,
    on_event: &'a mut dyn FnMut(LoadEvent<'_>),
    target: Target,
    nulled: u64,
    buf: Vec<u8>,
    pending: u64,
    written: u64,
}

impl Sink<'_> {
    /// Appends one row; `fill` writes its fields in column order.
    pub fn push(&mut self, fill: impl FnOnce(&mut Row<'_>)) -> Result<(), Error> {
        let mut row = Row {
            buf: &mut self.buf,
            fields: 0,
            nulled: self.nulled,
        };
        fill(&mut row);
        let fields = row.fields;
        if fields != self.target.columns.len() {
            return Err(Error::RowShape {
                table: self.target.table,
                columns: self.target.columns.len(),
                fields,
            });
        }
        self.buf.push(b'\n');
        self.pending += 1;
        if self.pending >= CHUNK_ROWS || self.buf.len() >= CHUNK_BYTES {
            self.flush()?;
            (self.on_event)(LoadEvent::Chunk {
                table: self.target.table,
                rows: self.written,
            });
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.pending == 0 {
            return Ok(());
        }
        let copied = (self.target.copy)(self.conn, &self.buf).map_err(|source| Error::Copy {
            table: self.target.table,
            source,
        })?;
        if copied as u64 != self.pending {
            return Err(Error::RowCount {
                table: self.target.table,
                expected: self.pending,
                copied: copied as u64,
            });
        }
        self.written += self.pending;
        self.pending = 0;
        self.buf.clear();
        Ok(())
    }
}

/// The connection, the progress callback and the running summary of one load.
pub struct Loader<'c, 'e> {
    pub conn: &'c mut PgConnection,
    pub on_event: &'e mut dyn FnMut(LoadEvent<'_>),
    pub counts: Vec<(&'static str, u64)>,
    /// Every table the generator fills: the parents a foreign key may point at.
    pub filled: Vec<&'static str>,
    /// Tables the database lacks, left out ([`crate::load_into_existing_tables`]).
    pub skipped: Vec<&'static str>,
}

impl Loader<'_, '_> {
    /// Loads one table: `fill` pushes its rows into the sink. Refuses first
    /// when the live table has a column the generator cannot leave out.
    pub fn table(
        &mut self,
        target: Target,
        fill: impl FnOnce(&mut Sink<'_>) -> Result<(), Error>,
    ) -> Result<u64, Error> {
        if self.skipped.contains(&target.table) {
            return Ok(0);
        }
        check_required_columns(self.conn, &target)?;
        let nulled = nulled_columns(self.conn, &target, &self.filled)?;
        let table = target.table;
        let mut sink = Sink {
            conn: &mut *self.conn,
            on_event: &mut *self.on_event,
            target,
            nulled,
            buf: Vec::with_capacity(1 << 16),
            pending: 0,
            written: 0,
        };
        fill(&mut sink)?;
        sink.flush()?;
        let rows = sink.written;
        (self.on_event)(LoadEvent::Table { table, rows });
        self.counts.push((table, rows));
        Ok(rows)
    }
}

/// The columns of `target` (as a bit mask of its column positions) that hold a
/// foreign key to a table the generator does not fill (`etl_run`, `dataset`,
/// `contact`, … in the real schema): written as NULL, so the rows hold
/// whatever the database's foreign keys are, and the generated values of the
/// other columns stay the same. Read from the live catalog.
fn nulled_columns(
    conn: &mut PgConnection,
    target: &Target,
    filled: &[&'static str],
) -> Result<u64, Error> {
    let orphans: Vec<RequiredColumn> = diesel::sql_query(
        "SELECT DISTINCT a.attname::text AS name
           FROM pg_constraint c
           JOIN pg_class parent ON parent.oid = c.confrelid
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
          WHERE c.conrelid = to_regclass(quote_ident($1))
            AND c.contype = 'f'
            AND parent.relname::text <> ALL ($2)",
    )
    .bind::<diesel::sql_types::Text, _>(target.table)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(filled)
    .load(conn)?;
    Ok(target
        .columns
        .iter()
        .enumerate()
        .filter(|(i, column)| *i < 64 && orphans.iter().any(|o| o.name == **column))
        .fold(0, |mask, (i, _)| mask | 1 << i))
}

#[derive(QueryableByName)]
struct Present {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    present: bool,
}

/// Fails, naming it, when the database lacks the table or one of the columns
/// the generator writes (a database at an older revision of the original
/// chain, such as their seed state without `use_case`).
pub(crate) fn check_table_exists(conn: &mut PgConnection, target: &Target) -> Result<(), Error> {
    let missing: Vec<RequiredColumn> = diesel::sql_query(
        "SELECT c AS name FROM unnest($2::text[]) AS c
          WHERE to_regclass(quote_ident($1)) IS NULL
             OR NOT EXISTS (SELECT 1 FROM pg_attribute a
                             WHERE a.attrelid = to_regclass(quote_ident($1))
                               AND a.attname = c AND a.attnum > 0 AND NOT a.attisdropped)",
    )
    .bind::<diesel::sql_types::Text, _>(target.table)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(target.columns)
    .load(conn)?;
    let table: Present =
        diesel::sql_query("SELECT to_regclass(quote_ident($1)) IS NOT NULL AS present")
            .bind::<diesel::sql_types::Text, _>(target.table)
            .get_result(conn)?;
    match (table.present, missing.first()) {
        (false, _) => Err(Error::MissingSchema {
            what: format!("table {}", target.table),
        }),
        (true, Some(column)) => Err(Error::MissingSchema {
            what: format!("column {}.{}", target.table, column.name),
        }),
        (true, None) => Ok(()),
    }
}

#[derive(QueryableByName)]
struct RequiredColumn {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// Fails, naming the first one, when the live table has a column that is
/// `NOT NULL` without a default and that the generator does not write: `COPY`
/// would fail on it with a less helpful message.
fn check_required_columns(conn: &mut PgConnection, target: &Target) -> Result<(), Error> {
    let required: Vec<RequiredColumn> = diesel::sql_query(
        "SELECT a.attname::text AS name
           FROM pg_attribute a
          WHERE a.attrelid = to_regclass(quote_ident($1))
            AND a.attnum > 0 AND NOT a.attisdropped
            AND a.attnotnull AND NOT a.atthasdef
            AND a.attidentity = '' AND a.attgenerated = ''
          ORDER BY a.attnum",
    )
    .bind::<diesel::sql_types::Text, _>(target.table)
    .load(conn)?;
    match required
        .into_iter()
        .find(|c| !target.columns.contains(&c.name.as_str()))
    {
        Some(column) => Err(Error::UnfilledColumn {
            table: target.table,
            column: column.name,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        for d in -1000..40_000 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn rows_are_text_format() {
        let mut buf = Vec::new();
        let mut row = Row {
            buf: &mut buf,
            fields: 0,
            nulled: 0,
        };
        row.int(5)
            .text("a\tb\\c\nd")
            .null()
            .num(1.23456, 2)
            .boolean(true)
            .ts(epoch_secs(2024, 1, 2) + 3661)
            .date(days_from_civil(2023, 12, 31));
        assert_eq!(row.fields, 7);
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("5\ta\\tb\\\\c\\nd\t\\N\t1.23\tt\t2024-01-02 01:01:01\t2023-12-31")
        );
    }

    #[test]
    fn nulled_fields_are_written_as_null_whatever_their_value() {
        let mut buf = Vec::new();
        let mut row = Row {
            buf: &mut buf,
            fields: 0,
            nulled: 0b1010,
        };
        row.int(1).int(2).text("kept").text("dropped").ts(0);
        assert_eq!(row.fields, 5);
        assert_eq!(
            String::from_utf8(buf).ok().as_deref(),
            Some("1\t\\N\tkept\t\\N\t1970-01-01 00:00:00")
        );
    }
}
