pub mod adopt;
pub mod database;
pub mod migrate;
pub mod migration;
pub mod refresh;
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

pub(crate) fn connect(url: &DatabaseUrl) -> anyhow::Result<PgConnection> {
    Ok(biositing_db::connect(url)?)
}

/// `--lock-wait` values are whole seconds.
pub(crate) fn seconds(secs: u64) -> Duration {
    Duration::from_secs(secs)
}
