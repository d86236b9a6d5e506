//! The view-change workflow, automated. A view's development definition lives in
//! `crates/views`; migrations freeze it as SQL. This crate knows what the
//! migrations have frozen ([`FrozenViews`], replayed from the history), writes the
//! migration that freezes a changed definition ([`generate`]) with a `down.sql`
//! that restores the previous one, and finds drift between definitions,
//! migrations and a live database ([`diff`], [`verify`]).

pub mod diff;
pub mod generate;
pub mod history;
pub mod live;
pub mod render;
pub mod scaffold;
pub mod verify;

pub use history::{FrozenView, FrozenViews};

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
    #[error(transparent)]
    Db(#[from] biositing_db::Error),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

impl Error {
    pub fn is_input_error(&self) -> bool {
        match self {
            Error::InvalidInput(_) | Error::NothingChanged(_) => true,
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

/// Resolves view names against the registry, refusing unknown ones with the list.
pub fn resolve_views<S: AsRef<str>>(
    names: &[S],
) -> Result<Vec<&'static biositing_views::ViewDefinition>> {
    if names.is_empty() {
        return Ok(biositing_views::VIEWS.to_vec());
    }
    names
        .iter()
        .map(|name| {
            biositing_views::find_view(name.as_ref()).ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown view `{}`: valid names are {}",
                    name.as_ref(),
                    biositing_views::view_names().join(", ")
                ))
            })
        })
        .collect()
}
