//! Creating and dropping the database a URL names, through the server's
//! `postgres` maintenance database.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::{connect_primary, DatabaseUrl, Error, Result};

const MAINTENANCE_DATABASE: &str = "postgres";

/// Quotes an SQL identifier, so that no name is ever pasted into SQL as it came.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn target_database(url: &DatabaseUrl) -> Result<String> {
    let name = url.database().ok_or_else(|| Error::InvalidUrl {
        reason: "it names no database".into(),
    })?;
    if name.len() > 63 || name.contains('\0') {
        return Err(Error::InvalidInput(format!(
            "database name {name:?} is not valid: PostgreSQL names are at most 63 bytes with no NUL character"
        )));
    }
    if name == MAINTENANCE_DATABASE {
        return Err(Error::InvalidInput(
            "refusing to create or drop the `postgres` maintenance database: point the URL at the application database".into(),
        ));
    }
    Ok(name)
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

pub fn database_exists(conn: &mut PgConnection, name: &str) -> Result<bool> {
    let row: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<Text, _>(name)
            .get_result(conn)?;
    Ok(row.exists)
}

/// Creates the URL's database if it is missing. Returns whether it was created.
pub fn create_database(url: &DatabaseUrl) -> Result<bool> {
    let name = target_database(url)?;
    let mut admin = connect_primary(&url.with_database(MAINTENANCE_DATABASE))?;
    if database_exists(&mut admin, &name)? {
        return Ok(false);
    }
    match diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(&name))).execute(&mut admin) {
        Ok(_) => Ok(true),
        // Another session created it between our check and our CREATE (42P04,
        // or a unique violation on pg_database when both ran at once): it
        // exists, which is all that was asked.
        Err(_) if database_exists(&mut admin, &name).unwrap_or(false) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Drops the URL's database if it exists. Returns whether it was dropped.
pub fn drop_database(url: &DatabaseUrl) -> Result<bool> {
    let name = target_database(url)?;
    let mut admin = connect_primary(&url.with_database(MAINTENANCE_DATABASE))?;
    if !database_exists(&mut admin, &name)? {
        return Ok(false);
    }
    diesel::sql_query(format!("DROP DATABASE {}", quote_ident(&name))).execute(&mut admin)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("portal"), "\"portal\"");
        assert_eq!(
            quote_ident("a\"; DROP TABLE x; --"),
            "\"a\"\"; DROP TABLE x; --\""
        );
    }
}
