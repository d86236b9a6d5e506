//! `biositing views diff`: development definitions against the migrations (and,
//! optionally, the live database).

use biositing_db::migrations::MigrationSet;
use biositing_views::{ViewDefinition, PORTAL_SCHEMA};
use diesel::PgConnection;
use serde::Serialize;

use crate::generate::is_changed;
use crate::history::FrozenViews;
use crate::live::DeployedComparison;
use crate::{live, render, Result};

/// The differences found for one view; empty when it is in sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewDiff {
    pub view: String,
    pub differences: Vec<String>,
    /// Comparisons this session could not make, each with why (e.g. a hot
    /// standby cannot build the candidate view); not differences.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// Development definition and indexes against the newest migration that froze them.
pub fn against_migrations(set: &MigrationSet, views: &[&ViewDefinition]) -> Vec<ViewDiff> {
    let frozen = FrozenViews::replay(set);
    views
        .iter()
        .map(|view| {
            let mut differences = Vec::new();
            match frozen.get(view.name) {
                None => differences.push(format!(
                    "no migration creates it: run `biositing migration generate --view {} -m \"add {}\"`",
                    view.name, view.name
                )),
                Some(f) if is_changed(view, Some(f)) => {
                    if f.definition != view.definition.trim_end() {
                        differences.push(format!(
                            "definition differs from the one frozen in {}{}",
                            f.created_in,
                            first_difference(&f.definition, view.definition.trim_end())
                        ));
                    }
                    let declared = render::create_indexes(view);
                    differences.extend(
                        declared
                            .iter()
                            .filter(|i| !f.indexes.contains(i))
                            .map(|i| format!("index not in the migrations: {i}")),
                    );
                    differences.extend(
                        f.indexes
                            .iter()
                            .filter(|i| !declared.contains(i))
                            .map(|i| format!("index frozen but no longer declared: {i}")),
                    );
                    if differences.is_empty() {
                        differences.push(format!("index order differs from the one frozen in {}", f.created_in));
                    }
                }
                Some(_) => {}
            }
            ViewDiff {
                view: view.name.to_string(),
                differences,
                skipped: Vec::new(),
            }
        })
        .collect()
}

/// Development definition and indexes against the live database. The
/// deployed definition is compared by building the candidate (rolled back)
/// where the session can; where it cannot (a hot standby, a read-only login),
/// that comparison is skipped with the reason, and the columns and types
/// PostgreSQL gives the definition (prepared, never run, read-only) are
/// compared with the deployed view's instead. Indexes are read from the catalog.
pub fn against_database(
    conn: &mut PgConnection,
    views: &[&ViewDefinition],
) -> Result<Vec<ViewDiff>> {
    views
        .iter()
        .map(|view| {
            let mut differences = Vec::new();
            let mut skipped = Vec::new();
            match live::definition_matches(conn, view)? {
                DeployedComparison::Missing => differences.push(format!(
                    "{PORTAL_SCHEMA}.{} does not exist in the database",
                    view.name
                )),
                DeployedComparison::Differs => differences.push(
                    "the deployed definition differs (compared after PostgreSQL normalised both)"
                        .to_string(),
                ),
                DeployedComparison::Same => {}
                DeployedComparison::Skipped(reason) => {
                    skipped.push(format!(
                        "the deployed definition was not compared: {reason}; its columns and types were compared instead"
                    ));
                    differences.extend(live::read_only(conn, |conn| {
                        live::described_against_deployed(conn, view)
                    })?);
                }
            }
            if differences.is_empty() || !skipped.is_empty() {
                differences.extend(live::read_only(conn, |conn| {
                    Ok(live::index_mismatches(conn, view)?)
                })?);
            }
            Ok(ViewDiff {
                view: view.name.to_string(),
                differences,
                skipped,
            })
        })
        .collect()
}

/// ` (first difference at line N: `frozen` vs `current`)`.
fn first_difference(frozen: &str, current: &str) -> String {
    let mut frozen_lines = frozen.lines();
    let mut current_lines = current.lines();
    for line in 1.. {
        match (frozen_lines.next(), current_lines.next()) {
            (None, None) => return String::new(),
            (a, b) if a == b => continue,
            (a, b) => {
                return format!(
                    " (first difference at line {line}: frozen `{}`, now `{}`)",
                    a.unwrap_or("<end>").trim(),
                    b.unwrap_or("<end>").trim()
                )
            }
        }
    }
    String::new()
}
