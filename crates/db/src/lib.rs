//! Everything the `biositing` tools do to a database before views come into play:
//! validated connection URLs, clear connection errors, database creation, and a
//! migration runner that adds what plain `diesel_migrations` lacks (a run-wide
//! advisory lock, checksums of applied migrations, precise failure reports).

mod admin;
mod connection;
pub mod database_url;
mod error;
pub mod migrations;
pub mod pool;
pub mod replica;
pub mod sessions;
pub mod sql;

pub use admin::{create_database, database_exists, drop_database, quote_ident};
pub use connection::{
    connect, connect_primary, is_in_recovery, refuse_standby, DEFAULT_CONNECT_TIMEOUT_SECS,
};
pub use database_url::DatabaseUrl;
pub use error::{Error, Result};
