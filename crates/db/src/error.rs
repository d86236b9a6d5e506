use std::path::PathBuf;

use crate::migrations::EditedMigration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Failures of the database tools. Each message names the problem and the fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no database URL: pass --database-url, or set DATABASE_URL in the environment or in a .env file")]
    MissingUrl,

    #[error(
        "invalid database URL ({reason}): use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    )]
    InvalidUrl { reason: String },

    #[error("cannot reach PostgreSQL for {target} ({detail}): start the server, or fix the host and port in the database URL")]
    Unreachable { target: String, detail: String },

    #[error("database \"{database}\" does not exist on {server}: create it with `biositing database create` (or run `biositing setup`)")]
    MissingDatabase { database: String, server: String },

    #[error("PostgreSQL refused the login for {target}: {detail}. Check the user name and password in the database URL")]
    LoginRefused { target: String, detail: String },

    #[error("cannot connect to {target}: {detail}")]
    Connection { target: String, detail: String },

    #[error("{0}")]
    InvalidInput(String),

    #[error("cannot read migrations from {}: {detail}", path.display())]
    MigrationsFolder { path: PathBuf, detail: String },

    #[error("migration {folder} failed and was rolled back: {message}; nothing after it ran")]
    MigrationFailed { folder: String, message: String },

    #[error("{}", describe_edited(.0))]
    EditedMigrations(Vec<EditedMigration>),

    #[error("the database has applied migrations that this build does not know: {}. Use the biositing build (or migrations folder) that applied them", .0.join(", "))]
    UnknownAppliedMigrations(Vec<String>),

    #[error("another `biositing migrate` holds the migration lock on this database and did not finish within {waited_secs} s: wait for it, or raise --lock-wait")]
    LockTimeout { waited_secs: u64 },

    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

impl Error {
    /// Whether the error comes from what the user gave (URL, arguments, an
    /// unreachable server) rather than from an operation that ran and failed.
    /// The CLI exits with 2 for these and 1 otherwise.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::MissingUrl
                | Error::InvalidUrl { .. }
                | Error::Unreachable { .. }
                | Error::MissingDatabase { .. }
                | Error::LoginRefused { .. }
                | Error::Connection { .. }
                | Error::InvalidInput(_)
                | Error::MigrationsFolder { .. }
        )
    }
}

fn describe_edited(edited: &[EditedMigration]) -> String {
    let list: Vec<String> = edited
        .iter()
        .map(|e| {
            format!(
                "{} (applied as sha256 {}, now {})",
                e.folder,
                short(&e.recorded),
                short(&e.current)
            )
        })
        .collect();
    format!(
        "refusing to migrate: applied migration(s) edited after they ran: {}. An applied migration is frozen: restore its up.sql (e.g. `git checkout -- migrations/<folder>/up.sql`) and put the change in a new migration",
        list.join("; ")
    )
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
