//! A populated view without rows although every relation it reads has rows is
//! almost always a mistake (a filter or join that matches nothing, or data
//! loaded after the last refresh): `biositing verify` warns about it.

use biositing_db::quote_ident;
use biositing_views::{ViewDefinition, PORTAL_SCHEMA};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::{live, Result};

#[derive(QueryableByName)]
struct Source {
    #[diesel(sql_type = Text)]
    schema: String,
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    present: bool,
}

/// Relations (tables and materialized views) that `view`'s definition reads.
fn sources(conn: &mut PgConnection, view: &str) -> QueryResult<Vec<Source>> {
    diesel::sql_query(
        "SELECT DISTINCT sn.nspname::text AS schema, source.relname::text AS name
           FROM pg_class v
           JOIN pg_namespace vn ON vn.oid = v.relnamespace
           JOIN pg_rewrite r ON r.ev_class = v.oid
           JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                           AND d.refclassid = 'pg_class'::regclass
           JOIN pg_class source ON source.oid = d.refobjid
           JOIN pg_namespace sn ON sn.oid = source.relnamespace
          WHERE vn.nspname = $1 AND v.relname = $2 AND source.oid <> v.oid
            AND source.relkind IN ('r', 'p', 'm')
          ORDER BY 1, 2",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)
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
    for view in views {
        if live::populated(conn, view.name)? != Some(true)
            || has_rows(conn, PORTAL_SCHEMA, view.name)?
        {
            continue;
        }
        let sources = sources(conn, view.name)?;
        let mut all_have_rows = !sources.is_empty();
        for source in &sources {
            if !has_rows(conn, &source.schema, &source.name)? {
                all_have_rows = false;
                break;
            }
        }
        if all_have_rows {
            let names: Vec<String> = sources
                .iter()
                .map(|s| {
                    if s.schema == "public" {
                        s.name.clone()
                    } else {
                        format!("{}.{}", s.schema, s.name)
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
