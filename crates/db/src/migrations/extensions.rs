//! Extensions a migration creates, checked against the server before anything
//! runs. PostGIS in particular is a separate package on the server, and not a
//! trusted extension: without this check a migrate would fail half-way with
//! PostgreSQL's "could not open extension control file".

use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Integer, Text};
use serde::Serialize;

use super::MigrationScript;
use crate::sql::{split_statements, NodeEnum};
use crate::Error;

/// An extension a pending migration creates that this server or login cannot provide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtensionProblem {
    pub extension: String,
    /// The migration that creates it.
    pub folder: String,
    /// What to do, e.g. the package to install.
    pub fix: String,
}

impl std::fmt::Display for ExtensionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (created by {}): {}",
            self.extension, self.folder, self.fix
        )
    }
}

/// The extensions `CREATE EXTENSION` statements of `up_sql` name, in order
/// (read from PostgreSQL's parse tree).
pub fn created_extensions(up_sql: &str) -> Vec<String> {
    let Ok(statements) = split_statements(up_sql) else {
        return Vec::new(); // the transaction checks report a script they cannot read
    };
    statements
        .iter()
        .filter_map(|s| match &s.node {
            NodeEnum::CreateExtensionStmt(create) => Some(create.extname.clone()),
            _ => None,
        })
        .collect()
}

#[derive(QueryableByName)]
struct ExtensionState {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    available: bool,
    #[diesel(sql_type = Bool)]
    installed: bool,
    #[diesel(sql_type = Bool)]
    creatable: bool,
    #[diesel(sql_type = Integer)]
    server_major: i32,
}

/// Refuses ([`Error::MissingExtensions`], before anything runs) when a pending
/// migration creates an extension that the server does not have, or that this
/// login may not create (not trusted, and the login is no superuser) while the
/// database does not have it yet.
pub fn ensure_extensions_available<'a>(
    conn: &mut PgConnection,
    scripts: impl IntoIterator<Item = &'a MigrationScript>,
) -> Result<(), Error> {
    let wanted: Vec<(String, String)> = scripts
        .into_iter()
        .flat_map(|script| {
            created_extensions(script.up_sql())
                .into_iter()
                .map(|name| (name, script.folder().to_string()))
        })
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = wanted.iter().map(|(n, _)| n.as_str()).collect();
    let states: Vec<ExtensionState> = diesel::sql_query(
        "SELECT w.name,
                EXISTS (SELECT 1 FROM pg_available_extensions a WHERE a.name = w.name) AS available,
                EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = w.name) AS installed,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                  OR EXISTS (SELECT 1 FROM pg_available_extension_versions v
                              WHERE v.name = w.name AND v.trusted) AS creatable,
                current_setting('server_version_num')::int / 10000 AS server_major
           FROM unnest($1::text[]) AS w(name)",
    )
    .bind::<Array<Text>, _>(&names)
    .load(conn)?;
    let problems: Vec<ExtensionProblem> = wanted
        .iter()
        .filter_map(|(name, folder)| {
            let state = states.iter().find(|s| &s.name == name)?;
            let fix = if !state.available {
                format!(
                    "the server does not have it: install {} on the database server",
                    package_of(name, state.server_major)
                )
            } else if !state.installed && !state.creatable {
                format!(
                    "only a superuser may create it: have one run `CREATE EXTENSION {name};` in this database, then migrate again"
                )
            } else {
                return None;
            };
            Some(ExtensionProblem {
                extension: name.clone(),
                folder: folder.clone(),
                fix,
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::MissingExtensions(problems))
    }
}

/// The Debian/Ubuntu package that ships an extension for a server version.
pub fn package_of(extension: &str, server_major: i32) -> String {
    match extension {
        "postgis" | "postgis_topology" | "postgis_raster" => {
            format!("the package postgresql-{server_major}-postgis-3 (apt-get install postgresql-{server_major}-postgis-3)")
        }
        _ => format!(
            "the package postgresql-contrib (apt-get install postgresql-contrib), which ships {extension}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_extensions_a_script_creates() {
        let sql = "-- CREATE EXTENSION commented;\nCREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;\n\
                   create extension pg_trgm;\nCREATE EXTENSION \"Odd\"\"Name\";\nCREATE TABLE t (i int);\n\
                   SELECT 'CREATE EXTENSION nope';";
        assert_eq!(created_extensions(sql), ["postgis", "pg_trgm", "Odd\"Name"]);
    }

    #[test]
    fn names_the_package_of_the_server_version() {
        assert!(package_of("postgis", 15).contains("postgresql-15-postgis-3"));
        assert!(package_of("pg_trgm", 16).contains("postgresql-contrib"));
    }
}
