//! The view-change workflow, automated. A view's development definition lives in
//! `crates/views`; migrations freeze it as SQL. This crate knows what the
//! migrations have frozen ([`FrozenViews`], replayed from the history), writes the
//! migration that freezes a changed definition ([`generate`]) with a `down.sql`
//! that restores the previous one, and finds drift between definitions,
//! migrations and a live database ([`diff`], [`verify`]).

pub mod adopt;
pub mod alembic;
pub mod definition_check;
pub mod diff;
pub mod emptiness;
pub mod generate;
pub mod hand_written;
pub mod history;
pub mod live;
pub mod project;
pub mod prove;
pub mod render;
pub mod scaffold;
pub mod scratch;
pub mod try_view;
pub mod verify;

pub use history::{FrozenView, FrozenViews};
pub use project::Project;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidInput(String),
    #[error("nothing changed in {}: the development definition and indexes equal what the newest migration froze; edit the view first", .0.join(", "))]
    NothingChanged(Vec<String>),
    #[error("{path}: {detail}")]
    Io {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("this biositing was built from other sources than {}: rebuild with `cargo build --release` (or run it through `cargo run -p biositing-cli --`)", checkout.display())]
    StaleBuild { checkout: std::path::PathBuf },
    #[error("adoption refused, the base tables differ from what biositing needs (fix them or restore the right revision): {}", .0.join("; "))]
    AdoptRefused(Vec<String>),
    #[error("adoption refused: portal readers would lose columns or rows, or see columns retyped or values changed, in {}; read the plan (`--dry-run`), then rerun with --accept-view-changes once the portal is ready for them", .0.join(", "))]
    ViewChangesNotAccepted(Vec<String>),
    #[error("adoption gave up, nothing was changed: a table or view it changes stayed locked by other sessions for longer than --lock-timeout ({} ms) in each of {attempts} attempt(s); rerun once their long transactions end (pg_stat_activity shows them), or raise --lock-timeout", .lock_timeout.as_millis())]
    AdoptLockTimeout {
        lock_timeout: std::time::Duration,
        attempts: u32,
    },
    #[error("{} locked in {} but missing from {}: restore the folder (`git checkout -- migrations/`), or, if no database applied it, drop it with `biositing migration discard`", .folders.join(", "), biositing_db::migrations::LOCK_FILE_NAME, .migrations_dir.display())]
    MissingMigrations {
        folders: Vec<String>,
        migrations_dir: std::path::PathBuf,
    },
    #[error("{0}; nothing was written")]
    ProofFailed(String),
    #[error(transparent)]
    Db(#[from] biositing_db::Error),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

impl Error {
    pub fn is_input_error(&self) -> bool {
        match self {
            Error::InvalidInput(_)
            | Error::NothingChanged(_)
            | Error::StaleBuild { .. }
            | Error::MissingMigrations { .. }
            | Error::ProofFailed(_) => true,
            Error::Db(e) => e.is_input_error(),
            _ => false,
        }
    }

    pub(crate) fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            detail: error.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
