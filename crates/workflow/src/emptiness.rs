//! A populated view without rows although every relation it reads has rows is
//! almost always a mistake (a filter or join that matches nothing, or data
//! loaded after the last refresh): `biositing verify` warns about it.

use biositing_db::quote_ident;
use biositing_refresh::{view_sources, ViewSource};
use biositing_views::{ViewDefinition, PORTAL_SCHEMA};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::{live, Result};

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    present: bool,
}

/// Relations (tables and materialized views) that `view`'s own definition
/// reads, by schema and name, from the sources of every portal view.
fn direct_sources<'a>(sources: &'a [ViewSource], view: &str) -> Vec<&'a ViewSource> {
    let mut direct: Vec<&ViewSource> = sources
        .iter()
        .filter(|s| s.view == view && s.direct && s.kind != "f")
        .collect();
    direct.sort_by(|a, b| {
        (&a.source_schema, &a.source_name).cmp(&(&b.source_schema, &b.source_name))
    });
    direct
}

fn has_rows(conn: &mut PgConnection, schema: &str, name: &str) -> QueryResult<bool> {
    let row: Exists = diesel::sql_query(format!(
        "SELECT EXISTS (SELECT 1 FROM {}.{}) AS present",
        quote_ident(schema),
        quote_ident(name)
    ))
    .get_result(conn)?;
    Ok(row.present)
}

/// One message per populated view that has no rows while every relation it
/// reads has some. Views that do not exist or are not populated are left to
/// the other checks.
pub fn empty_views_with_rows_in_sources(
    conn: &mut PgConnection,
    views: &[&ViewDefinition],
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    // Read from the catalog once, when a view needs them.
    let mut all_sources: Option<Vec<ViewSource>> = None;
    for view in views {
        if live::populated(conn, view.name)? != Some(true)
            || has_rows(conn, PORTAL_SCHEMA, view.name)?
        {
            continue;
        }
        if all_sources.is_none() {
            all_sources = Some(view_sources(conn)?);
        }
        let sources = direct_sources(all_sources.as_deref().unwrap_or_default(), view.name);
        let mut all_have_rows = !sources.is_empty();
        for source in &sources {
            if !has_rows(conn, &source.source_schema, &source.source_name)? {
                all_have_rows = false;
                break;
            }
        }
        if all_have_rows {
            let names: Vec<String> = sources
                .iter()
                .map(|s| {
                    if s.source_schema == "public" {
                        s.source_name.clone()
                    } else {
                        format!("{}.{}", s.source_schema, s.source_name)
                    }
                })
                .collect();
            problems.push(format!(
                "{} is populated but has 0 rows while every relation it reads has rows ({}): refresh it (`biositing refresh {}`) if data was loaded since, else check its filters and joins",
                view.qualified_name(),
                names.join(", "),
                view.name
            ));
        }
    }
    Ok(problems)
}
