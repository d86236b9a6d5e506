//! `biositing verify`: one deploy/CI gate over a live database.

use biositing_db::migrations::{status, MigrationSet};
use biositing_views::ViewDefinition;
use diesel::PgConnection;
use serde::Serialize;

use crate::{diff, live, Result};

/// One named check and, when it failed, what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub problems: Vec<String>,
}

impl Check {
    fn new(name: &'static str, problems: Vec<String>) -> Self {
        Self {
            name,
            ok: problems.is_empty(),
            problems,
        }
    }
}

/// Runs every check; the database is only read.
pub fn verify(
    conn: &mut PgConnection,
    set: &MigrationSet,
    views: &[&ViewDefinition],
) -> Result<Vec<Check>> {
    let state = status(conn, set)?;
    let mut checks = vec![
        Check::new(
            "no pending migrations",
            state
                .pending
                .iter()
                .map(|p| format!("{p} is not applied: run `biositing migrate`"))
                .collect(),
        ),
        Check::new("applied migrations unedited and known", state.problems()),
    ];

    let mut existence = Vec::new();
    let mut indexes = Vec::new();
    let mut mappings = Vec::new();
    for view in views {
        match live::populated(conn, view.name)? {
            None => existence.push(format!("{} does not exist", view.qualified_name())),
            Some(false) => existence.push(format!(
                "{} is not populated: run `biositing refresh {}`",
                view.qualified_name(),
                view.name
            )),
            Some(true) => {}
        }
        indexes.extend(
            live::index_mismatches(conn, view)?
                .into_iter()
                .map(|p| format!("{}: {p}", view.name)),
        );
        mappings.extend(view.mapping_mismatches(conn)?);
    }
    checks.push(Check::new("every view exists and is populated", existence));
    checks.push(Check::new(
        "every declared index exists as declared",
        indexes,
    ));
    checks.push(Check::new(
        "every typed mapping matches the live columns",
        mappings,
    ));

    let deployed = diff::against_database(conn, views)?
        .into_iter()
        .flat_map(|d| {
            let view = d.view;
            d.differences
                .into_iter()
                .filter(|p| !p.starts_with("missing index") && !p.starts_with("undeclared index"))
                .map(move |p| format!("{view}: {p}"))
        })
        .collect();
    checks.push(Check::new(
        "every development definition is deployed",
        deployed,
    ));
    Ok(checks)
}
