//! `biositing views try`: what a view's development definition would do to the
//! portal's rows, before a migration freezes it.
//!
//! The definition is built as a materialized view in a scratch schema, with the
//! view's declared indexes, inside one `REPEATABLE READ` transaction that is
//! always rolled back. The deployed view is only read, on the same snapshot as
//! the base tables the new definition reads, so both are compared on the same
//! data. Nothing takes a lock stronger than a reader's (`ACCESS SHARE`) on any
//! relation outside the scratch schema, and the scratch schema is named after
//! the backend, so neither readers, writers, refreshes nor other tries wait.
//!
//! Every SQL text is built from the registry's names and the catalog's column
//! names, quoted; the limit is bound.

use std::time::{Duration, Instant};

use biositing_db::quote_ident;
use biositing_views::{IndexDefinition, ViewDefinition, PORTAL_SCHEMA};
use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz};
use serde::Serialize;

use crate::{live, Error, Result};

/// How to try a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TryOptions {
    /// Examples shown of each kind of difference.
    pub limit: u32,
    /// Longest any one statement may run (`None`: no limit).
    pub statement_timeout: Option<Duration>,
    /// Longest to wait for a lock, e.g. behind a migration dropping a base table.
    pub lock_timeout: Duration,
}

impl Default for TryOptions {
    fn default() -> Self {
        Self {
            limit: 5,
            statement_timeout: None,
            lock_timeout: Duration::from_secs(10),
        }
    }
}

/// What happened to the development definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TryOutcome {
    /// It built; the report compares it with the deployed view.
    Built(Box<TryReport>),
    /// PostgreSQL refused or failed to populate it.
    Failed(DefinitionFailure),
}

/// PostgreSQL's error for the definition, placed in `definition.sql`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefinitionFailure {
    pub view: String,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// Where in the definition PostgreSQL points, when it does.
    pub position: Option<SourcePosition>,
}

/// A 1-based line and column of the definition, and that line's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcePosition {
    pub line: usize,
    pub column: usize,
    pub text: String,
}

/// The new definition against the deployed view, on one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TryReport {
    pub view: String,
    /// False for a view this database does not have yet (a new view before
    /// its migration): every row and column of the definition is new.
    pub deployed: bool,
    /// Columns the definition has that the typed mapping (`table!` in the
    /// view's mod.rs) lacks: `migration generate` and `verify` refuse them.
    pub unmapped_columns: Vec<String>,
    /// Columns gained, lost or retyped plus rows only in one relation or
    /// changed; 0 when the new definition gives the portal exactly what it has.
    pub differences: u64,
    pub columns: ColumnChanges,
    pub deployed_rows: i64,
    pub new_rows: i64,
    pub comparison: Comparison,
    /// Rows of the deployed view the new definition no longer produces.
    pub only_deployed: RowSample,
    /// Rows only the new definition produces.
    pub only_new: RowSample,
    /// Rows whose unique key is in both but whose other columns differ
    /// (always empty when compared as multisets).
    pub changed: ChangedRows,
    /// Milliseconds the new definition took to populate.
    pub populate_ms: u64,
    /// Milliseconds its declared indexes took to build.
    pub indexes_ms: u64,
    /// The deployed view's last successful refresh, from the refresh log.
    pub last_refresh: Option<LastRefresh>,
    /// The view's declared indexes, each built on the new rows.
    pub indexes: Vec<IndexBuild>,
}

impl TryReport {
    /// Declared indexes that cannot be built on the new rows: a migration
    /// freezing this definition would fail.
    pub fn failed_indexes(&self) -> impl Iterator<Item = &IndexBuild> {
        self.indexes.iter().filter(|i| i.error.is_some())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetypedColumn {
    pub name: String,
    pub deployed: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ColumnChanges {
    pub gained: Vec<Column>,
    pub lost: Vec<Column>,
    pub retyped: Vec<RetypedColumn>,
}

/// How rows were matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// `unique_key`: rows matched by the view's unique key; `multiset`: whole
    /// rows compared with `EXCEPT ALL` both ways, because the key changed meaning.
    pub by: CompareBy,
    /// The view's declared unique key.
    pub key: Vec<String>,
    /// Why the key cannot match rows (empty when compared by key).
    pub key_changes: Vec<String>,
    /// Columns whose values are compared (the ones both relations have).
    pub compared_columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareBy {
    UniqueKey,
    Multiset,
}

/// How many rows, and the first few, values as PostgreSQL prints them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RowSample {
    pub count: i64,
    pub columns: Vec<String>,
    pub examples: Vec<Vec<Option<String>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ChangedRows {
    pub count: i64,
    /// Per compared non-key column, the rows in which it changed.
    pub by_column: Vec<ColumnCount>,
    pub examples: Vec<ChangedRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnCount {
    pub column: String,
    pub rows: i64,
}

/// One row present in both under the same key, its changed columns side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedRow {
    pub key: Vec<Option<String>>,
    pub changes: Vec<ChangedValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedValue {
    pub column: String,
    pub deployed: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastRefresh {
    pub duration_ms: i64,
    pub finished_at: DateTime<Utc>,
    pub mode: String,
}

/// One declared index, built on the new definition's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexBuild {
    pub name: String,
    pub unique: bool,
    /// As a migration would create it on the deployed view.
    pub definition: String,
    pub build_ms: u64,
    pub error: Option<String>,
}

/// Builds `view`'s development definition next to the deployed view, compares
/// the two, and rolls everything back. Bad input (the deployed view missing or
/// never populated) is an [`Error::InvalidInput`]; a definition PostgreSQL
/// rejects is a [`TryOutcome::Failed`].
pub fn try_view(
    conn: &mut PgConnection,
    view: &ViewDefinition,
    options: &TryOptions,
) -> Result<TryOutcome> {
    match live::populated(conn, view.name)? {
        None if !portal_schema_exists(conn)? => {
            return Err(Error::InvalidInput(format!(
                "{} does not exist in this database: run `biositing migrate` first",
                view.qualified_name()
            )))
        }
        // A new view, before its migration: preview its rows.
        None => {}
        Some(false) => {
            return Err(Error::InvalidInput(format!(
                "{} was never populated: run `biositing refresh {}` first",
                view.qualified_name(),
                view.name
            )))
        }
        Some(true) => {}
    }
    in_rolled_back_transaction(conn, |conn| build_and_compare(conn, view, options))
}

/// [`try_view`]'s build and comparison in the caller's open transaction,
/// which the caller must roll back: `adopt` plans with it after applying, in
/// that same transaction, the base migrations the database still lacks.
pub fn try_view_in_open_transaction(
    conn: &mut PgConnection,
    view: &ViewDefinition,
    options: &TryOptions,
) -> Result<TryOutcome> {
    build_and_compare(conn, view, options)
}

/// Whether the database has the portal schema (was migrated at all).
fn portal_schema_exists(conn: &mut PgConnection) -> Result<bool> {
    Ok(count(
        conn,
        &format!(
            "SELECT count(*) AS n FROM pg_namespace WHERE nspname = '{}'",
            PORTAL_SCHEMA.replace('\'', "''")
        ),
    )? > 0)
}

/// Runs `work` in a `REPEATABLE READ` transaction (one snapshot for every
/// statement) that is rolled back whatever happens.
fn in_rolled_back_transaction<T>(
    conn: &mut PgConnection,
    work: impl FnOnce(&mut PgConnection) -> Result<T>,
) -> Result<T> {
    enum Abort<T> {
        Finished(T),
        Failed(Error),
    }
    impl<T> From<DieselError> for Abort<T> {
        fn from(e: DieselError) -> Self {
            Abort::Failed(Error::Query(e))
        }
    }
    let outcome = conn.build_transaction().repeatable_read().run(
        |conn| -> Result<std::convert::Infallible, Abort<T>> {
            // Returning an error is what makes diesel roll back.
            match work(conn) {
                Ok(value) => Err(Abort::Finished(value)),
                Err(e) => Err(Abort::Failed(e)),
            }
        },
    );
    match outcome {
        Err(Abort::Finished(value)) => Ok(value),
        Err(Abort::Failed(e)) => Err(e),
        Ok(never) => match never {},
    }
}

/// A relation compared: its quoted, qualified name and its columns.
struct Relation {
    qualified: String,
    columns: Vec<Column>,
}

impl Relation {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

fn build_and_compare(
    conn: &mut PgConnection,
    view: &ViewDefinition,
    options: &TryOptions,
) -> Result<TryOutcome> {
    conn.batch_execute(&format!(
        "SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {};",
        options.statement_timeout.map_or(0, millis),
        millis(options.lock_timeout).max(1)
    ))?;
    // Reading the deployed view first takes the snapshot and its reader's lock
    // together: a blocking refresh cannot swap its rows under this snapshot.
    let is_deployed = live::populated(conn, view.name)?.is_some();
    let mut deployed_qualified =
        format!("{}.{}", quote_ident(PORTAL_SCHEMA), quote_ident(view.name));
    let deployed_rows = if is_deployed {
        count(
            conn,
            &format!("SELECT count(*) AS n FROM {deployed_qualified}"),
        )?
    } else {
        0
    };

    let scratch = crate::scratch::scratch_schema(conn, "try")?;
    conn.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(&scratch)))?;
    let new_qualified = format!("{}.{}", quote_ident(&scratch), quote_ident(view.name));

    let prefix = format!("CREATE MATERIALIZED VIEW {new_qualified} AS\n");
    let definition = view.definition.trim_end();
    let started = Instant::now();
    // Its own savepoint, so a rejected definition leaves the transaction usable.
    let created =
        conn.transaction(|conn| diesel::sql_query(format!("{prefix}{definition}")).execute(conn));
    let populate_ms = elapsed_ms(started);
    if let Err(e) = created {
        return Ok(TryOutcome::Failed(definition_failure(
            view,
            definition,
            prefix.chars().count(),
            e,
        )?));
    }

    let indexes: Vec<IndexBuild> = view
        .indexes
        .iter()
        .map(|index| build_index(conn, view, index, &scratch))
        .collect::<Result<_>>()?;
    let indexes_ms = indexes.iter().map(|i| i.build_ms).sum();

    let new = Relation {
        columns: columns(conn, &scratch, view.name)?,
        qualified: new_qualified,
    };
    let preview_columns = if is_deployed {
        None
    } else {
        // Not deployed: compared with an empty relation of the same columns,
        // so every row is new; every column is gained.
        let nothing = "not_deployed";
        deployed_qualified = format!("{}.{}", quote_ident(&scratch), quote_ident(nothing));
        conn.batch_execute(&format!(
            "CREATE TABLE {deployed_qualified} AS SELECT * FROM {} WITH NO DATA",
            new.qualified
        ))?;
        let no_columns = Relation {
            columns: Vec::new(),
            qualified: deployed_qualified.clone(),
        };
        Some(column_changes(&no_columns, &new))
    };
    let deployed = Relation {
        columns: if is_deployed {
            columns(conn, PORTAL_SCHEMA, view.name)?
        } else {
            new.columns.clone()
        },
        qualified: deployed_qualified,
    };
    let new_rows = count(
        conn,
        &format!("SELECT count(*) AS n FROM {}", new.qualified),
    )?;
    let column_changes = preview_columns.unwrap_or_else(|| column_changes(&deployed, &new));
    let unmapped_columns: Vec<String> = new
        .columns
        .iter()
        .filter(|c| !view.columns.iter().any(|m| m.name == c.name))
        .map(|c| c.name.clone())
        .collect();
    let compared: Vec<String> = deployed
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_some())
        .map(|c| c.name.clone())
        .collect();
    let key_changes = key_changes(conn, view, &deployed, &new)?;
    let limit = i64::from(options.limit);

    let (by, only_deployed, only_new, changed) = if key_changes.is_empty() {
        let key: Vec<&str> = view.unique_key.to_vec();
        (
            CompareBy::UniqueKey,
            rows_without_match(conn, &deployed, &new, &key, limit)?,
            rows_without_match(conn, &new, &deployed, &key, limit)?,
            changed_rows(conn, &deployed, &new, &key, &compared, limit)?,
        )
    } else {
        (
            CompareBy::Multiset,
            multiset_difference(conn, &deployed, &new, &compared, limit)?,
            multiset_difference(conn, &new, &deployed, &compared, limit)?,
            ChangedRows::default(),
        )
    };

    let column_count =
        column_changes.gained.len() + column_changes.lost.len() + column_changes.retyped.len();
    let row_count = only_deployed.count + only_new.count + changed.count;
    Ok(TryOutcome::Built(Box::new(TryReport {
        view: view.name.to_string(),
        deployed: is_deployed,
        unmapped_columns,
        differences: u64::try_from(column_count).unwrap_or(u64::MAX)
            + u64::try_from(row_count).unwrap_or(0),
        columns: column_changes,
        deployed_rows,
        new_rows,
        comparison: Comparison {
            by,
            key: view.unique_key.iter().map(|k| (*k).to_string()).collect(),
            key_changes,
            compared_columns: compared,
        },
        only_deployed,
        only_new,
        changed,
        populate_ms,
        indexes_ms,
        last_refresh: if is_deployed {
            last_refresh(conn, view.name)?
        } else {
            None
        },
        indexes,
    })))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn elapsed_ms(started: Instant) -> u64 {
    millis(started.elapsed())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> Result<i64> {
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
}

/// PostgreSQL's error, with its position (a character offset into the
/// statement sent) moved back into the definition.
fn definition_failure(
    view: &ViewDefinition,
    definition: &str,
    prefix_chars: usize,
    error: DieselError,
) -> Result<DefinitionFailure> {
    let DieselError::DatabaseError(_, info) = error else {
        return Err(Error::Query(error));
    };
    let position = info
        .statement_position()
        .and_then(|p| usize::try_from(p).ok())
        .and_then(|p| p.checked_sub(1 + prefix_chars))
        .map(|chars| source_position(definition, chars));
    Ok(DefinitionFailure {
        view: view.name.to_string(),
        message: info.message().to_string(),
        detail: info.details().map(str::to_string),
        hint: info.hint().map(str::to_string),
        position,
    })
}

/// Line and column of the character at `chars` (0-based) of `text`.
fn source_position(text: &str, chars: usize) -> SourcePosition {
    let byte = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let at = biositing_db::sql::Position::of(text, byte);
    SourcePosition {
        line: at.line,
        column: at.column,
        text: text
            .lines()
            .nth(at.line - 1)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    }
}

fn build_index(
    conn: &mut PgConnection,
    view: &ViewDefinition,
    index: &IndexDefinition,
    scratch: &str,
) -> Result<IndexBuild> {
    let started = Instant::now();
    let sql = index_sql(index, scratch, view.name);
    let built = conn.transaction(|conn| diesel::sql_query(sql).execute(conn));
    let build_ms = elapsed_ms(started);
    let error = match built {
        Ok(_) => None,
        Err(DieselError::DatabaseError(_, info)) => Some(match info.details() {
            Some(detail) => format!("{} ({detail})", info.message()),
            None => info.message().to_string(),
        }),
        Err(other) => return Err(Error::Query(other)),
    };
    Ok(IndexBuild {
        name: index.name.to_string(),
        unique: index.unique,
        definition: index.create_sql(view),
        build_ms,
        error,
    })
}

/// The declared index on the scratch relation, every name quoted.
fn index_sql(index: &IndexDefinition, scratch: &str, view: &str) -> String {
    let keys: Vec<String> = index
        .keys
        .iter()
        .map(|k| match k {
            biositing_views::IndexKey::Column(c) => quote_ident(c),
            biositing_views::IndexKey::WithOpClass(c, op) => {
                format!("{} {}", quote_ident(c), quote_ident(op))
            }
        })
        .collect();
    format!(
        "CREATE {}INDEX {} ON {}.{} USING {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote_ident(index.name),
        quote_ident(scratch),
        quote_ident(view),
        match index.method {
            biositing_views::IndexMethod::BTree => "btree",
            biositing_views::IndexMethod::Gin => "gin",
        },
        keys.join(", ")
    )
}

fn columns(conn: &mut PgConnection, schema: &str, relation: &str) -> Result<Vec<Column>> {
    Ok(biositing_views::relation_columns(conn, schema, relation)?
        .into_iter()
        .map(|(name, type_name)| Column { name, type_name })
        .collect())
}

fn column_changes(deployed: &Relation, new: &Relation) -> ColumnChanges {
    ColumnChanges {
        gained: new
            .columns
            .iter()
            .filter(|c| deployed.column(&c.name).is_none())
            .cloned()
            .collect(),
        lost: deployed
            .columns
            .iter()
            .filter(|c| new.column(&c.name).is_none())
            .cloned()
            .collect(),
        retyped: deployed
            .columns
            .iter()
            .filter_map(|d| {
                let n = new.column(&d.name)?;
                (n.type_name != d.type_name).then(|| RetypedColumn {
                    name: d.name.clone(),
                    deployed: d.type_name.clone(),
                    new: n.type_name.clone(),
                })
            })
            .collect(),
    }
}

/// Why the unique key cannot pair rows: a key column missing on one side, or
/// NULL or duplicate key values on either. Empty when rows pair by key.
fn key_changes(
    conn: &mut PgConnection,
    view: &ViewDefinition,
    deployed: &Relation,
    new: &Relation,
) -> Result<Vec<String>> {
    if view.unique_key.is_empty() {
        return Ok(vec!["the view declares no unique key".to_string()]);
    }
    let mut changes = Vec::new();
    for key in view.unique_key {
        match (deployed.column(key), new.column(key)) {
            (Some(_), None) => changes.push(format!("key column {key} is lost")),
            (None, Some(_)) => changes.push(format!("key column {key} is new")),
            (None, None) => changes.push(format!("key column {key} is in neither relation")),
            (Some(_), Some(_)) => {}
        }
    }
    if !changes.is_empty() {
        return Ok(changes);
    }
    let keys: Vec<String> = view.unique_key.iter().map(|k| quote_ident(k)).collect();
    let any_null = keys
        .iter()
        .map(|k| format!("{k} IS NULL"))
        .collect::<Vec<_>>()
        .join(" OR ");
    for (side, relation) in [("deployed", deployed), ("new", new)] {
        #[derive(QueryableByName)]
        struct KeyHealth {
            #[diesel(sql_type = BigInt)]
            null_keys: i64,
            #[diesel(sql_type = BigInt)]
            duplicate_keys: i64,
        }
        let health: KeyHealth = diesel::sql_query(format!(
            "SELECT (SELECT count(*) FROM {rel} WHERE {any_null}) AS null_keys,
                    (SELECT count(*) FROM (SELECT 1 FROM {rel} GROUP BY {keys} HAVING count(*) > 1) AS d) AS duplicate_keys",
            rel = relation.qualified,
            keys = keys.join(", "),
        ))
        .get_result(conn)?;
        if health.duplicate_keys > 0 {
            changes.push(format!(
                "the {side} rows repeat {} key value(s)",
                health.duplicate_keys
            ));
        }
        if health.null_keys > 0 {
            changes.push(format!(
                "{} {side} row(s) have a NULL in the key",
                health.null_keys
            ));
        }
    }
    Ok(changes)
}

/// `a.k = b.k AND …`; compared as text where the key column changed type.
fn key_match(key: &[&str], a: &Relation, b: &Relation) -> String {
    key.iter()
        .map(|k| {
            let q = quote_ident(k);
            let same_type = a.column(k).map(|c| &c.type_name) == b.column(k).map(|c| &c.type_name);
            if same_type {
                format!("a.{q} = b.{q}")
            } else {
                format!("a.{q}::text = b.{q}::text")
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// `ARRAY[alias.c::text, …]::text[]` (`ARRAY[]` needs at least one element).
fn text_array(alias: &str, columns: &[String]) -> String {
    if columns.is_empty() {
        return "'{}'::text[]".to_string();
    }
    let items: Vec<String> = columns
        .iter()
        .map(|c| format!("{alias}.{}::text", quote_ident(c)))
        .collect();
    format!("ARRAY[{}]::text[]", items.join(", "))
}

#[derive(QueryableByName)]
struct Values {
    #[diesel(sql_type = Array<Nullable<Text>>)]
    vals: Vec<Option<String>>,
}

/// Rows of `a` whose key `b` lacks.
fn rows_without_match(
    conn: &mut PgConnection,
    a: &Relation,
    b: &Relation,
    key: &[&str],
    limit: i64,
) -> Result<RowSample> {
    let from = format!(
        "FROM {} AS a WHERE NOT EXISTS (SELECT 1 FROM {} AS b WHERE {})",
        a.qualified,
        b.qualified,
        key_match(key, a, b)
    );
    let columns: Vec<String> = a.columns.iter().map(|c| c.name.clone()).collect();
    let order: Vec<String> = key
        .iter()
        .map(|k| format!("a.{}", quote_ident(k)))
        .collect();
    let count = count(conn, &format!("SELECT count(*) AS n {from}"))?;
    let examples = if count > 0 && limit > 0 {
        diesel::sql_query(format!(
            "SELECT {} AS vals {from} ORDER BY {} LIMIT $1",
            text_array("a", &columns),
            order.join(", ")
        ))
        .bind::<BigInt, _>(limit)
        .load::<Values>(conn)?
        .into_iter()
        .map(|v| v.vals)
        .collect()
    } else {
        Vec::new()
    };
    Ok(RowSample {
        count,
        columns,
        examples,
    })
}

/// Rows paired by key whose compared columns differ, as PostgreSQL prints them
/// (so a column whose type changed compares its printed values).
fn changed_rows(
    conn: &mut PgConnection,
    deployed: &Relation,
    new: &Relation,
    key: &[&str],
    compared: &[String],
    limit: i64,
) -> Result<ChangedRows> {
    let others: Vec<String> = compared
        .iter()
        .filter(|c| !key.contains(&c.as_str()))
        .cloned()
        .collect();
    if others.is_empty() {
        return Ok(ChangedRows::default());
    }
    let differs: Vec<String> = others
        .iter()
        .map(|c| {
            let q = quote_ident(c);
            format!("a.{q}::text IS DISTINCT FROM b.{q}::text")
        })
        .collect();
    let from = format!(
        "FROM {} AS a JOIN {} AS b ON {} WHERE {}",
        deployed.qualified,
        new.qualified,
        key_match(key, deployed, new),
        differs.join(" OR ")
    );
    #[derive(QueryableByName)]
    struct Counts {
        #[diesel(sql_type = BigInt)]
        total: i64,
        #[diesel(sql_type = Array<BigInt>)]
        per_column: Vec<i64>,
    }
    let per_column: Vec<String> = differs
        .iter()
        .map(|d| format!("count(*) FILTER (WHERE {d})"))
        .collect();
    let counts: Counts = diesel::sql_query(format!(
        "SELECT count(*) AS total, ARRAY[{}]::bigint[] AS per_column {from}",
        per_column.join(", ")
    ))
    .get_result(conn)?;
    let by_column = others
        .iter()
        .zip(&counts.per_column)
        .filter(|(_, n)| **n > 0)
        .map(|(c, n)| ColumnCount {
            column: c.clone(),
            rows: *n,
        })
        .collect();
    let mut examples = Vec::new();
    if counts.total > 0 && limit > 0 {
        #[derive(QueryableByName)]
        struct Example {
            #[diesel(sql_type = Array<Nullable<Text>>)]
            key: Vec<Option<String>>,
            #[diesel(sql_type = Array<Nullable<Text>>)]
            deployed: Vec<Option<String>>,
            #[diesel(sql_type = Array<Nullable<Text>>)]
            new: Vec<Option<String>>,
            #[diesel(sql_type = Array<Bool>)]
            differs: Vec<bool>,
        }
        let key_columns: Vec<String> = key.iter().map(|k| (*k).to_string()).collect();
        let order: Vec<String> = key
            .iter()
            .map(|k| format!("a.{}", quote_ident(k)))
            .collect();
        let rows: Vec<Example> = diesel::sql_query(format!(
            "SELECT {} AS key, {} AS deployed, {} AS new, ARRAY[{}]::boolean[] AS differs {from} ORDER BY {} LIMIT $1",
            text_array("a", &key_columns),
            text_array("a", &others),
            text_array("b", &others),
            differs.join(", "),
            order.join(", ")
        ))
        .bind::<BigInt, _>(limit)
        .load(conn)?;
        examples = rows
            .into_iter()
            .map(|row| ChangedRow {
                key: row.key,
                changes: others
                    .iter()
                    .zip(row.deployed.into_iter().zip(row.new))
                    .zip(row.differs)
                    .filter(|(_, differs)| *differs)
                    .map(|((column, (deployed, new)), _)| ChangedValue {
                        column: column.clone(),
                        deployed,
                        new,
                    })
                    .collect(),
            })
            .collect();
    }
    Ok(ChangedRows {
        count: counts.total,
        by_column,
        examples,
    })
}

/// Rows of `a` (over the compared columns, as printed) that `b` lacks,
/// counting repeats: `EXCEPT ALL`.
fn multiset_difference(
    conn: &mut PgConnection,
    a: &Relation,
    b: &Relation,
    compared: &[String],
    limit: i64,
) -> Result<RowSample> {
    if compared.is_empty() {
        // Nothing in common: every row differs.
        return Ok(RowSample {
            count: count(conn, &format!("SELECT count(*) AS n FROM {}", a.qualified))?,
            columns: Vec::new(),
            examples: Vec::new(),
        });
    }
    let projection = |alias: &str| -> String {
        compared
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{alias}.{}::text AS v{i}", quote_ident(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let difference = format!(
        "(SELECT {} FROM {} AS a EXCEPT ALL SELECT {} FROM {} AS b) AS x",
        projection("a"),
        a.qualified,
        projection("b"),
        b.qualified
    );
    let count = count(conn, &format!("SELECT count(*) AS n FROM {difference}"))?;
    let examples = if count > 0 && limit > 0 {
        let aliases: Vec<String> = (0..compared.len()).map(|i| format!("x.v{i}")).collect();
        diesel::sql_query(format!(
            "SELECT ARRAY[{list}]::text[] AS vals FROM {difference} ORDER BY {list} LIMIT $1",
            list = aliases.join(", ")
        ))
        .bind::<BigInt, _>(limit)
        .load::<Values>(conn)?
        .into_iter()
        .map(|v| v.vals)
        .collect()
    } else {
        Vec::new()
    };
    Ok(RowSample {
        count,
        columns: compared.to_vec(),
        examples,
    })
}

fn last_refresh(conn: &mut PgConnection, view: &str) -> Result<Option<LastRefresh>> {
    #[derive(QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        present: bool,
    }
    let log: Exists = diesel::sql_query(
        "SELECT to_regclass(format('%I.refresh_log', $1::text)) IS NOT NULL AS present",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .get_result(conn)?;
    if !log.present {
        return Ok(None);
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        duration_ms: i64,
        #[diesel(sql_type = Timestamptz)]
        finished_at: DateTime<Utc>,
        #[diesel(sql_type = Text)]
        mode: String,
    }
    let row: Option<Row> = diesel::sql_query(format!(
        "SELECT duration_ms, finished_at, mode::text AS mode
           FROM {}.refresh_log
          WHERE view_name = $1 AND outcome = 'succeeded'
          ORDER BY finished_at DESC
          LIMIT 1",
        quote_ident(PORTAL_SCHEMA)
    ))
    .bind::<Text, _>(view)
    .get_result(conn)
    .optional()?;
    Ok(row.map(|r| LastRefresh {
        duration_ms: r.duration_ms,
        finished_at: r.finished_at,
        mode: r.mode,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_land_in_the_definition() {
        let definition = "-- note\nSELECT a,\n       nosuch\nFROM t";
        // Character 25 (0-based) is the `n` of `nosuch`.
        let at = source_position(definition, 25);
        assert_eq!((at.line, at.column), (3, 8));
        assert_eq!(at.text, "       nosuch");
        // Multi-byte characters count as one.
        let at = source_position("SELECT 'é', x", 12);
        assert_eq!(
            (at.line, at.column, at.text.as_str()),
            (1, 13, "SELECT 'é', x")
        );
    }

    #[test]
    fn index_statements_quote_every_name() {
        let index = IndexDefinition::gin(
            "idx_x",
            &[biositing_views::IndexKey::WithOpClass(
                "name",
                "gin_trgm_ops",
            )],
        );
        assert_eq!(
            index_sql(&index, "biositing_try_7", "mv_x"),
            r#"CREATE INDEX "idx_x" ON "biositing_try_7"."mv_x" USING gin ("name" "gin_trgm_ops")"#
        );
    }
}
