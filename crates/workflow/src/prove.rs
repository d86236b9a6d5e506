//! Proving a generated migration before it is frozen. In one transaction on the
//! developer's database that is always rolled back: bring the database to the
//! head of the migrations, run the new `up.sql`, compare each changed view's
//! columns and types with its typed mapping, run the new `down.sql`, and check
//! that every view it touched is back exactly as before (definition, indexes,
//! columns, privileges). Nothing is left behind, whatever the outcome.
//!
//! The `DROP`s of the new migration take exclusive locks on the views they touch
//! until the rollback; the statements run under a short `lock_timeout`, so the
//! proof gives up rather than queue behind readers.

use std::time::Duration;

use biositing_db::migrations::{status, MigrationSet};
use biositing_db::sql::{split_statements, Position};
use biositing_views::{column_mismatches, ViewDefinition, PORTAL_SCHEMA};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::definition_check::{byte_offset, definition_path, locate_in_definition};
use crate::generate::GeneratedMigration;
use crate::{live, Error, Result};

/// Bounds for the statements of a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofOptions {
    /// Longest wait for a lock (e.g. on a view a reader is using).
    pub lock_timeout: Duration,
    /// Longest any one statement may run; `None`: no limit.
    pub statement_timeout: Option<Duration>,
}

impl Default for ProofOptions {
    fn default() -> Self {
        Self {
            lock_timeout: Duration::from_secs(5),
            statement_timeout: None,
        }
    }
}

/// What a successful proof did (all of it rolled back).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proof {
    /// Pending migrations run first to reach the head of the migrations.
    pub brought_to_head: Vec<String>,
    /// Views whose columns matched their mapping and that `down.sql` restored.
    pub checked: Vec<String>,
}

/// Proves `migration` (generated on top of `set` for `views`) on `conn`.
pub fn prove(
    conn: &mut PgConnection,
    set: &MigrationSet,
    migration: &GeneratedMigration,
    views: &[&ViewDefinition],
    options: &ProofOptions,
) -> Result<Proof> {
    let mut outcome = None;
    let transaction = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        outcome = Some(steps(conn, set, migration, views, options));
        Err(diesel::result::Error::RollbackTransaction)
    });
    match transaction {
        Ok(()) | Err(diesel::result::Error::RollbackTransaction) => {}
        Err(e) => return Err(e.into()),
    }
    outcome.unwrap_or_else(|| Err(Error::ProofFailed("the proof did not run".into())))
}

fn steps(
    conn: &mut PgConnection,
    set: &MigrationSet,
    migration: &GeneratedMigration,
    views: &[&ViewDefinition],
    options: &ProofOptions,
) -> Result<Proof> {
    let mut settings = format!(
        "SET LOCAL lock_timeout = '{}ms';",
        options.lock_timeout.as_millis()
    );
    if let Some(limit) = options.statement_timeout {
        settings.push_str(&format!(
            " SET LOCAL statement_timeout = '{}ms';",
            limit.as_millis()
        ));
    }
    conn.batch_execute(&settings)?;

    let state = status(conn, set)?;
    let problems = state.problems();
    if !problems.is_empty() {
        return Err(Error::ProofFailed(format!(
            "the database cannot be brought to the head of the migrations: {} (see `biositing status`)",
            problems.join("; ")
        )));
    }
    let mut proof = Proof::default();
    for script in set.scripts() {
        if state.pending.iter().any(|p| p == script.folder()) {
            run_script(
                conn,
                script.up_sql(),
                &|at, message| {
                    format!(
                    "bringing the database to the head of the migrations, migrations/{}/up.sql{}: {message}",
                    script.folder(),
                    at.map(|p| format!(" {p}")).unwrap_or_default()
                )
                },
                &|_| None,
            )?;
            proof.brought_to_head.push(script.folder().to_string());
        }
    }

    let mut touched: Vec<&str> = views.iter().map(|v| v.name).collect();
    touched.extend(migration.dependants.iter().map(String::as_str));
    let before = touched
        .iter()
        .map(|name| snapshot(conn, name))
        .collect::<QueryResult<Vec<_>>>()?;

    run_script(
        conn,
        &migration.up_sql,
        &|at, message| {
            format!(
                "the new up.sql{}: {message}",
                at.map(|p| format!(" {p}")).unwrap_or_default()
            )
        },
        &|offset| {
            views.iter().find_map(|view| {
                locate_in_definition(view, &migration.up_sql, offset)
                    .map(|at| format!("{} {at}", definition_path(view.name)))
            })
        },
    )?;

    for view in views {
        let live = biositing_views::live_columns(conn, view.name)?;
        let problems = column_mismatches(view.name, view.columns, &(view.row_columns)(), &live);
        if !problems.is_empty() {
            return Err(Error::ProofFailed(format!(
                "{} as the new up.sql creates it does not match its typed mapping: {}. Make the `portal_view!` column list and the row struct in crates/views/src/{}/mod.rs match {}, rebuild (`cargo build --release`), and generate again",
                view.qualified_name(),
                problems.join("; "),
                view.name,
                definition_path(view.name)
            )));
        }
    }

    run_script(
        conn,
        &migration.down_sql,
        &|at, message| {
            format!(
                "the new down.sql{}: {message}",
                at.map(|p| format!(" {p}")).unwrap_or_default()
            )
        },
        &|_| None,
    )?;
    for (name, was) in touched.iter().zip(&before) {
        let now = snapshot(conn, name)?;
        if let Some(what) = was.difference(&now) {
            return Err(Error::ProofFailed(format!(
                "the new down.sql does not restore {PORTAL_SCHEMA}.{name} as it was: its {what} differ"
            )));
        }
    }
    proof.checked = views.iter().map(|v| v.name.to_string()).collect();
    Ok(proof)
}

/// Runs `sql` statement by statement, each sent alone (extended protocol: the
/// server refuses more than one), so a failure names its statement and no
/// statement can end the proof's transaction; transaction control and
/// statements that cannot run in a transaction are refused before any runs. Errors
/// become [`Error::ProofFailed`] via `describe(position in sql, message)`, or
/// via `in_definition(byte offset)` when that places the error in a definition.
fn run_script(
    conn: &mut PgConnection,
    sql: &str,
    describe: &dyn Fn(Option<Position>, &str) -> String,
    in_definition: &dyn Fn(usize) -> Option<String>,
) -> Result<()> {
    let statements = split_statements(sql).map_err(|e| {
        Error::ProofFailed(describe(
            Some(e.at),
            &format!("cannot be read: {}", e.message),
        ))
    })?;
    if let Some((statement, (what, reason))) = statements.iter().find_map(|s| {
        biositing_db::migrations::transaction_refusal(&s.node).map(|refusal| (s, refusal))
    }) {
        return Err(Error::ProofFailed(describe(
            Some(statement.position),
            &format!("`{what}` {reason}"),
        )));
    }
    for statement in statements {
        let Err(error) = diesel::sql_query(statement.text).execute(conn) else {
            continue;
        };
        let diesel::result::Error::DatabaseError(_, info) = &error else {
            return Err(error.into());
        };
        let mut message = info.message().to_string();
        if let Some(hint) = info.hint() {
            message.push_str(&format!(" (hint: {hint})"));
        }
        let offset = info
            .statement_position()
            .map(|p| statement.offset + byte_offset(statement.text, p));
        let located = offset.and_then(in_definition).or_else(|| {
            // No position (an error while computing the rows): blame the
            // definition the failing statement holds, if any.
            in_definition(statement.offset + statement.text.len().saturating_sub(1))
                .and_then(|at| at.split_once(' ').map(|(path, _)| path.to_string()))
        });
        return Err(Error::ProofFailed(match located {
            Some(place) => format!("{place}: {message}"),
            None => describe(
                Some(Position::of(sql, offset.unwrap_or(statement.offset))),
                &message,
            ),
        }));
    }
    Ok(())
}

/// Everything `down.sql` must restore about a view.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    definition: Option<String>,
    privileges: Option<String>,
    indexes: Vec<String>,
    columns: Vec<(String, String)>,
}

impl Snapshot {
    fn difference(&self, now: &Snapshot) -> Option<&'static str> {
        if self.definition.is_some() != now.definition.is_some() {
            Some("existence does")
        } else if self.definition != now.definition {
            Some("definition does")
        } else if self.columns != now.columns {
            Some("columns")
        } else if self.indexes != now.indexes {
            Some("indexes")
        } else if self.privileges != now.privileges {
            Some("privileges")
        } else {
            None
        }
    }
}

#[derive(QueryableByName)]
struct ViewRow {
    #[diesel(sql_type = Text)]
    definition: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    privileges: Option<String>,
}

fn snapshot(conn: &mut PgConnection, name: &str) -> QueryResult<Snapshot> {
    let row: Option<ViewRow> = diesel::sql_query(
        "SELECT pg_get_viewdef(c.oid) AS definition, c.relacl::text AS privileges
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(name)
    .get_result(conn)
    .optional()?;
    Ok(Snapshot {
        definition: row.as_ref().map(|r| r.definition.clone()),
        privileges: row.and_then(|r| r.privileges),
        indexes: live::indexes(conn, name)?,
        columns: biositing_views::live_columns(conn, name)?,
    })
}

/// How [`candidate_mapping_mismatches`] starts the problem of a definition
/// that PostgreSQL refuses.
pub const DOES_NOT_RUN: &str = "the definition does not run";

/// The view's typed mapping against the columns PostgreSQL gives its current
/// definition, learned without building anything (the definition is prepared,
/// never run; see [`live::described_columns`]), so it works read-only and on
/// a hot standby. A definition that does not run is one problem naming its
/// place in `definition.sql`.
pub fn candidate_mapping_mismatches(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> Result<Vec<String>> {
    Ok(match live::described_columns(conn, view)? {
        Ok(columns) => column_mismatches(view.name, view.columns, &(view.row_columns)(), &columns),
        Err(problem) => vec![format!("{DOES_NOT_RUN}: {problem}")],
    })
}
