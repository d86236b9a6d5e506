//! The link between a view's Diesel mapping and the live catalog: each mapped
//! column carries the PostgreSQL type name that `format_type` reports, so a test
//! (or `biositing verify`) can compare the mapping with `pg_attribute`.

use diesel::sql_types::{Array, Bool, Float8, Int4, Int8, Nullable, Numeric, Text, Timestamp};
use diesel_full_text_search::TsVector;

/// A mapped column: name and PostgreSQL type as `format_type` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub sql_type: &'static str,
}

impl ColumnSpec {
    /// The spec of a `portal_view!` column: `type_tokens` is the column type as
    /// written (`stringify!`-ed), `type_name` its [`PgTypeName::NAME`]. A column
    /// written `Varchar` or `Nullable<Varchar>` is `character varying`, which the
    /// type alone cannot tell from `text`.
    #[doc(hidden)]
    pub const fn mapped(name: &'static str, type_tokens: &str, type_name: &'static str) -> Self {
        const VARCHAR_FORMS: [&str; 4] = [
            "Varchar",
            "VarChar",
            "Nullable<Varchar>",
            "Nullable<VarChar>",
        ];
        let mut sql_type = type_name;
        let mut i = 0;
        while i < VARCHAR_FORMS.len() {
            if eq_ignoring_whitespace(type_tokens.as_bytes(), VARCHAR_FORMS[i].as_bytes()) {
                sql_type = "character varying";
            }
            i += 1;
        }
        Self { name, sql_type }
    }
}

const fn eq_ignoring_whitespace(a: &[u8], b: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && a[i].is_ascii_whitespace() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if i == a.len() || j == b.len() {
            return i == a.len() && j == b.len();
        }
        if a[i] != b[j] {
            return false;
        }
        i += 1;
        j += 1;
    }
}

/// PostgreSQL's name for a Diesel SQL type.
pub trait PgTypeName {
    const NAME: &'static str;
}

macro_rules! pg_type_names {
    ($($ty:ty => $name:literal,)*) => {
        $(impl PgTypeName for $ty { const NAME: &'static str = $name; })*
    };
}

// Diesel's `Varchar` is a type alias of `Text`, so it cannot have a name of its
// own here: `portal_view!` recognises it from the column's tokens instead
// (see [`ColumnSpec::mapped`]).
pg_type_names! {
    Int4 => "integer",
    Int8 => "bigint",
    Text => "text",
    Numeric => "numeric",
    Float8 => "double precision",
    Bool => "boolean",
    Timestamp => "timestamp without time zone",
    Array<Text> => "text[]",
    TsVector => "tsvector",
}

impl<T: PgTypeName + diesel::sql_types::SqlType> PgTypeName for Nullable<T> {
    const NAME: &'static str = T::NAME;
}

/// Declares a read-only mapping of a `data_portal` view: the Diesel `table!` and,
/// from the same column list, the [`ColumnSpec`]s checked against the catalog.
#[macro_export]
macro_rules! portal_view {
    ($name:ident ($($key:ident),+) { $($column:ident -> $ty:ty,)+ }) => {
        diesel::table! {
            use diesel::sql_types::*;
            use diesel_full_text_search::TsVector;

            data_portal.$name ($($key),+) {
                $($column -> $ty,)+
            }
        }

        /// The mapped columns with their PostgreSQL types, in order.
        pub const COLUMNS: &[$crate::ColumnSpec] = {
            #[allow(unused_imports)]
            use diesel::sql_types::*;
            #[allow(unused_imports)]
            use diesel_full_text_search::TsVector;
            &[$($crate::ColumnSpec::mapped(
                stringify!($column),
                stringify!($ty),
                <$ty as $crate::PgTypeName>::NAME,
            ),)+]
        };
    };
}

/// Column names a row struct selects, in field order, read from the SQL Diesel
/// generates for `table.select(Row::as_select())`.
pub fn selected_columns<Q>(query: &Q) -> Vec<String>
where
    Q: diesel::query_builder::QueryFragment<diesel::pg::Pg>,
{
    let sql = diesel::debug_query::<diesel::pg::Pg, _>(query).to_string();
    let list = sql
        .strip_prefix("SELECT ")
        .and_then(|rest| rest.split(" FROM ").next())
        .unwrap_or_default();
    list.split(", ")
        .map(|qualified| {
            qualified
                .rsplit('.')
                .next()
                .unwrap_or(qualified)
                .trim_matches('"')
                .to_string()
        })
        .collect()
}

/// A view's columns as `pg_attribute` lists them, in order: `(name, type)` with
/// the type as `format_type` prints it. (`information_schema.columns` does not
/// list a materialized view's columns.) Empty when the view does not exist.
pub fn live_columns(
    conn: &mut diesel::PgConnection,
    view: &str,
) -> diesel::QueryResult<Vec<(String, String)>> {
    relation_columns(conn, crate::PORTAL_SCHEMA, view)
}

/// The columns of any relation `schema.relation`, as [`live_columns`] gives them.
pub fn relation_columns(
    conn: &mut diesel::PgConnection,
    schema: &str,
    relation: &str,
) -> diesel::QueryResult<Vec<(String, String)>> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        sql_type: String,
    }
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS sql_type
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum",
    )
    .bind::<Text, _>(schema)
    .bind::<Text, _>(relation)
    .load(conn)?;
    Ok(rows.into_iter().map(|c| (c.name, c.sql_type)).collect())
}

/// Every difference between a view's mapping (`mapped` columns and the row
/// struct's `row_columns`) and its `live` columns, one message each; empty when
/// they agree in names, order and types.
pub fn column_mismatches(
    view: &str,
    mapped: &[ColumnSpec],
    row_columns: &[String],
    live: &[(String, String)],
) -> Vec<String> {
    let mut problems = Vec::new();
    if live.is_empty() {
        problems.push(format!("{view}: no live columns (does the view exist?)"));
    }
    if mapped.len() != live.len() {
        problems.push(format!(
            "{view}: mapping has {} columns, the view {}",
            mapped.len(),
            live.len()
        ));
    }
    for (position, (m, (name, sql_type))) in mapped.iter().zip(live).enumerate() {
        if m.name != name {
            problems.push(format!(
                "{view} column #{}: mapped name `{}`, live name `{name}`",
                position + 1,
                m.name
            ));
        } else if m.sql_type != sql_type {
            problems.push(format!(
                "{view}.{}: mapped type `{}`, live type `{sql_type}`",
                m.name, m.sql_type
            ));
        }
    }
    let live_names: Vec<&str> = live.iter().map(|(name, _)| name.as_str()).collect();
    let row_names: Vec<&str> = row_columns.iter().map(String::as_str).collect();
    if row_names != live_names {
        problems.push(format!(
            "{view}: row struct selects {row_names:?}, the view has {live_names:?}"
        ));
    }
    problems
}
