use std::path::PathBuf;

use crate::migrations::{DuplicateVersion, EditedMigration, TransactionProblem};
use crate::sessions::{describe_sessions, Session};

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

    #[error("{target}: this server is a read-only standby: point --database-url at the primary")]
    ReadOnlyStandby { target: String },

    #[error("{0}")]
    InvalidInput(String),

    #[error("this database was built by the Python/Alembic stack (revision {revision}) and biositing has not adopted it: run `biositing adopt --from-alembic --dry-run` to see the plan, then `biositing adopt --from-alembic` (docs/adopting.md)")]
    BuiltByAlembic { revision: String },

    #[error("refusing to run: a pending migration needs an extension this server or login cannot provide: {}. Nothing ran", join(.0))]
    MissingExtensions(Vec<crate::migrations::ExtensionProblem>),

    #[error("cannot read migrations from {}: {detail}", path.display())]
    MigrationsFolder { path: PathBuf, detail: String },

    #[error("migration {folder} failed and was rolled back: {message}; nothing after it ran")]
    MigrationFailed { folder: String, message: String },

    #[error("{}", describe_edited(.0))]
    EditedMigrations(Vec<EditedMigration>),

    #[error("the database has applied migrations that are not among the migrations read (the checkout's migrations/ folder, or those built into this binary outside a checkout): {}. Restore their folders, or use the checkout or build that applied them", .0.join(", "))]
    UnknownAppliedMigrations(Vec<String>),

    #[error("the migration lock on this database is held by {} and was not released within {waited_secs} s: wait for that session to finish (or end it), or raise --lock-wait", describe_sessions(.holders, "a session that ended just now"))]
    LockTimeout {
        waited_secs: u64,
        holders: Vec<Session>,
    },

    #[error("refusing to run: migration folders share a version: {}", join(.0))]
    DuplicateVersions(Vec<DuplicateVersion>),

    #[error("refusing to run: {}. Each migration runs in exactly one transaction: remove the statement, or do that work outside migrations", join(.0))]
    NotTransactional(Vec<TransactionProblem>),

    #[error("migration {folder} waited longer than the lock timeout ({lock_timeout_ms} ms) for a table lock in each of {attempts} attempt(s), and each was rolled back; nothing of it stays applied and nothing after it ran. Blocked by {}: let that session finish (or end it) and run again, or raise --lock-timeout", describe_sessions(.blockers, "sessions this run could not name"))]
    MigrationBlocked {
        folder: String,
        attempts: u32,
        lock_timeout_ms: u128,
        blockers: Vec<Session>,
    },

    #[error("migration {folder} ended its own transaction (COMMIT or ROLLBACK in its SQL): what ran before that may have stayed applied. Inspect the database, and remove the transaction control from the migration")]
    MigrationEscapedTransaction { folder: String },

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
                | Error::ReadOnlyStandby { .. }
                | Error::InvalidInput(_)
                | Error::MigrationsFolder { .. }
                | Error::DuplicateVersions(_)
                | Error::NotTransactional(_)
                | Error::MissingExtensions(_)
                | Error::BuiltByAlembic { .. }
        )
    }
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe_edited(edited: &[EditedMigration]) -> String {
    let list: Vec<String> = edited
        .iter()
        .map(|e| {
            format!(
                "{}/{} (applied as sha256 {}, now {})",
                e.folder,
                e.file,
                short(&e.recorded),
                short(&e.current)
            )
        })
        .collect();
    format!(
        "refusing to run: applied migration(s) edited after they ran: {}. An applied migration is frozen: restore the file (e.g. `git checkout -- migrations/<folder>/<file>`) and put the change in a new migration",
        list.join("; ")
    )
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
