pub mod adopt;
pub mod database;
pub mod migrate;
pub mod migration;
pub mod refresh;
pub mod replicas;
pub mod rollback;
pub mod sample_data;
pub mod setup;
pub mod status;
pub mod verify;
pub mod views;
pub mod views_try;

use std::time::Duration;

use biositing_db::DatabaseUrl;
use diesel::PgConnection;

/// Bad input noticed by the CLI itself (the libraries report their own).
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// A connection for reading: primary or standby.
pub(crate) fn connect(url: &DatabaseUrl) -> anyhow::Result<PgConnection> {
    Ok(biositing_db::connect(url)?)
}

/// A connection for a command that writes (or builds something, even rolled
/// back): refuses a read-only standby, exit 2, before anything runs.
pub(crate) fn connect_primary(url: &DatabaseUrl) -> anyhow::Result<PgConnection> {
    Ok(biositing_db::connect_primary(url)?)
}

/// `--lock-wait` values are whole seconds.
pub(crate) fn seconds(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// Refuses (exit 2) a database whose migrations have not created `relation`
/// yet, telling the user to migrate first.
pub(crate) fn require_migrated(
    conn: &mut PgConnection,
    url: &DatabaseUrl,
    relation: &str,
) -> anyhow::Result<()> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Present {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        present: bool,
    }
    let row: Present = diesel::sql_query("SELECT to_regclass($1) IS NOT NULL AS present")
        .bind::<diesel::sql_types::Text, _>(relation)
        .get_result(conn)?;
    if row.present {
        Ok(())
    } else {
        Err(InputError(format!(
            "{url} is not migrated ({relation} does not exist yet): run `biositing migrate` first"
        ))
        .into())
    }
}
