//! Where view definitions and migrations come from. Inside a project checkout
//! (a folder with `diesel.toml` and `crates/views/src`, here or above) they are
//! read from the checkout's files, as Diesel's own CLI reads `migrations/`, so a
//! command never answers from stale copies built into the binary. What cannot be
//! read from files (the compiled typed mappings, index lists and the registry) is
//! checked instead: a binary built from other sources than the checkout refuses
//! to run. Outside a checkout (a deployment) the built-in copies serve.

use std::path::{Path, PathBuf};

use biositing_db::migrations::{ChecksumLock, LockMismatch, MigrationSet, LOCK_FILE_NAME};
use biositing_views::{
    schema_fingerprint, source_fingerprint, ViewDefinition, BUILD_FINGERPRINT,
    BUILD_SCHEMA_FINGERPRINT, DEFINITION_FILE,
};

use crate::{Error, Result};

/// Path of the views crate's sources inside a checkout.
pub const VIEWS_SRC: &str = "crates/views/src";
/// Path of the migrations folder inside a checkout.
pub const MIGRATIONS_DIR: &str = "migrations";

/// The definitions and migrations a command works with.
#[derive(Debug, Clone)]
pub struct Project {
    root: Option<PathBuf>,
    migrations_dir: Option<PathBuf>,
    migrations: MigrationSet,
    views: Vec<&'static ViewDefinition>,
}

impl Project {
    /// The copies built into the binary.
    pub fn embedded() -> Self {
        Self {
            root: None,
            migrations_dir: None,
            migrations: MigrationSet::embedded(),
            views: biositing_views::VIEWS.to_vec(),
        }
    }

    /// The checkout containing `start` (or `start`'s ancestors), else the
    /// built-in copies.
    pub fn discover(start: &Path) -> Result<Self> {
        match find_checkout(start) {
            Some(root) => Self::from_checkout(&root),
            None => Ok(Self::embedded()),
        }
    }

    /// The checkout at `root`: refuses when this binary was built from other
    /// sources, then reads every registered view's `definition.sql` and the
    /// `migrations/` folder.
    pub fn from_checkout(root: &Path) -> Result<Self> {
        let src = root.join(VIEWS_SRC);
        let fingerprint = source_fingerprint(&src).map_err(|e| Error::io(&src, e))?;
        // schema.rs counts when the checkout has it (a partial copy may not).
        let schema = schema_fingerprint(&src).map_err(|e| Error::io(&src, e))?;
        let schema_stale = schema.is_some_and(|s| s != BUILD_SCHEMA_FINGERPRINT);
        if fingerprint != BUILD_FINGERPRINT || schema_stale {
            return Err(Error::StaleBuild {
                checkout: root.to_path_buf(),
            });
        }
        let views = biositing_views::VIEWS
            .iter()
            .map(|view| {
                let path = src.join(view.name).join(DEFINITION_FILE);
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Ok(with_definition(view, text))
            })
            .collect::<Result<Vec<_>>>()?;
        let migrations_dir = root.join(MIGRATIONS_DIR);
        let migrations = MigrationSet::from_dir(&migrations_dir)?;
        refuse_missing_migrations(root, &migrations)?;
        Ok(Self {
            root: Some(root.to_path_buf()),
            migrations,
            migrations_dir: Some(migrations_dir),
            views,
        })
    }

    /// The same project with its migrations read from `dir` instead.
    pub fn with_migrations_dir(mut self, dir: &Path) -> Result<Self> {
        self.migrations = MigrationSet::from_dir(dir)?;
        self.migrations_dir = Some(dir.to_path_buf());
        Ok(self)
    }

    /// The checkout's root, when the project comes from one.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The migrations folder the migrations were read from, if any.
    pub fn migrations_dir(&self) -> Option<&Path> {
        self.migrations_dir.as_deref()
    }

    pub fn migrations(&self) -> &MigrationSet {
        &self.migrations
    }

    /// Every registered view, with its definition from the checkout when there is one.
    pub fn views(&self) -> &[&'static ViewDefinition] {
        &self.views
    }

    /// Looks a view up by name.
    pub fn view(&self, name: &str) -> Option<&'static ViewDefinition> {
        self.views.iter().copied().find(|v| v.name == name)
    }

    /// Resolves view names, refusing unknown ones with the list of valid names;
    /// no names means every view.
    pub fn resolve_views<S: AsRef<str>>(
        &self,
        names: &[S],
    ) -> Result<Vec<&'static ViewDefinition>> {
        if names.is_empty() {
            return Ok(self.views.clone());
        }
        names
            .iter()
            .map(|name| {
                self.view(name.as_ref()).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "unknown view `{}`: valid names are {}",
                        name.as_ref(),
                        self.views
                            .iter()
                            .map(|v| v.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            })
            .collect()
    }
}

/// A migration locked in the checkout's `migrations.lock` whose folder is gone
/// would silently drop out of every answer (a database that applied it would
/// only show an unknown version); refuse instead.
fn refuse_missing_migrations(root: &Path, migrations: &MigrationSet) -> Result<()> {
    let lock_path = root.join(LOCK_FILE_NAME);
    let text = match std::fs::read_to_string(&lock_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&lock_path, e)),
    };
    let missing: Vec<String> = ChecksumLock::parse(&text)?
        .compare(migrations)
        .into_iter()
        .filter_map(|m| match m {
            LockMismatch::Removed { folder } => Some(folder),
            _ => None,
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::MissingMigrations {
            folders: missing,
            migrations_dir: root.join(MIGRATIONS_DIR),
        })
    }
}

/// The nearest folder at or above `start` that is a project checkout.
pub fn find_checkout(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("diesel.toml").is_file() && d.join(VIEWS_SRC).is_dir())
        .map(Path::to_path_buf)
}

/// `view` with another development definition. The compiled registry holds
/// `&'static` views; a command builds at most one project, so the few copies
/// made here live as long as the process.
pub fn with_definition(view: &ViewDefinition, definition: String) -> &'static ViewDefinition {
    if view.definition == definition {
        if let Some(registered) = biositing_views::find_view(view.name) {
            if std::ptr::eq(registered, view) {
                return registered;
            }
        }
    }
    Box::leak(Box::new(ViewDefinition {
        definition: Box::leak(definition.into_boxed_str()),
        ..*view
    }))
}
