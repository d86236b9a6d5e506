//! The committed lock file of migration checksums. `status` and `migrate` catch an
//! edited migration once it reaches a database; the lock file catches it in CI,
//! before any database sees it.

use std::fmt;

use super::MigrationSet;
use crate::{Error, Result};

pub const LOCK_FILE_NAME: &str = "migrations.lock";

const HEADER: &str = "\
# SHA-256 of every migration's up.sql and down.sql. A test compares this file with
# migrations/, so editing a committed migration fails CI. `biositing migration lock`
# appends new migrations and never rewrites an existing line.
";

#[derive(Debug, Clone, PartialEq, Eq)]
struct LockEntry {
    folder: String,
    up: String,
    down: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChecksumLock {
    entries: Vec<LockEntry>,
}

/// A difference between the lock file and the migrations folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockMismatch {
    /// A locked migration's file no longer has its locked checksum.
    Edited { folder: String, file: &'static str },
    /// A locked migration is gone from the folder.
    Removed { folder: String },
    /// A migration is not in the lock file yet.
    Unlocked { folder: String },
}

impl fmt::Display for LockMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockMismatch::Edited { folder, file } => write!(
                f,
                "{folder}/{file} differs from its locked checksum: committed migrations are frozen; restore it and write a new migration"
            ),
            LockMismatch::Removed { folder } => {
                write!(f, "{folder} is locked but missing from migrations/: restore it")
            }
            LockMismatch::Unlocked { folder } => {
                write!(f, "{folder} is not in {LOCK_FILE_NAME}: run `biositing migration lock`")
            }
        }
    }
}

impl ChecksumLock {
    pub fn for_set(set: &MigrationSet) -> Self {
        Self {
            entries: set
                .scripts()
                .iter()
                .map(|s| LockEntry {
                    folder: s.folder().to_string(),
                    up: s.checksum(),
                    down: s.down_checksum(),
                })
                .collect(),
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        let mut entries = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let invalid = || {
                Error::InvalidInput(format!(
                    "{LOCK_FILE_NAME} line {}: expected `<folder> up=<sha256> down=<sha256>`, found `{line}`",
                    number + 1
                ))
            };
            let mut parts = line.split_whitespace();
            let folder = parts.next().ok_or_else(invalid)?;
            let up = parts
                .next()
                .and_then(|p| p.strip_prefix("up="))
                .ok_or_else(invalid)?;
            let down = parts
                .next()
                .and_then(|p| p.strip_prefix("down="))
                .ok_or_else(invalid)?;
            if parts.next().is_some() {
                return Err(invalid());
            }
            entries.push(LockEntry {
                folder: folder.to_string(),
                up: up.to_string(),
                down: down.to_string(),
            });
        }
        Ok(Self { entries })
    }

    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for e in &self.entries {
            out.push_str(&format!("{} up={} down={}\n", e.folder, e.up, e.down));
        }
        out
    }

    /// Every difference between this lock and `set`.
    pub fn compare(&self, set: &MigrationSet) -> Vec<LockMismatch> {
        let current = Self::for_set(set);
        let mut mismatches = Vec::new();
        for locked in &self.entries {
            match current.entries.iter().find(|c| c.folder == locked.folder) {
                None => mismatches.push(LockMismatch::Removed {
                    folder: locked.folder.clone(),
                }),
                Some(now) => {
                    for (file, was, is) in [
                        ("up.sql", &locked.up, &now.up),
                        ("down.sql", &locked.down, &now.down),
                    ] {
                        if was != is {
                            mismatches.push(LockMismatch::Edited {
                                folder: locked.folder.clone(),
                                file,
                            });
                        }
                    }
                }
            }
        }
        for now in &current.entries {
            if !self.entries.iter().any(|l| l.folder == now.folder) {
                mismatches.push(LockMismatch::Unlocked {
                    folder: now.folder.clone(),
                });
            }
        }
        mismatches
    }

    /// The lock with the set's new migrations appended. Refuses when a locked
    /// migration was edited or removed: the lock never absorbs such a change.
    /// The folders locked, in file order.
    pub fn folders(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.folder.as_str())
    }

    /// The lock without `folder`'s line (discarding a migration no database applied).
    pub fn without(&self, folder: &str) -> Self {
        Self {
            entries: self
                .entries
                .iter()
                .filter(|e| e.folder != folder)
                .cloned()
                .collect(),
        }
    }

    /// The lock with `folder`'s line recomputed from `set` (re-locking a
    /// hand-written migration that no database applied yet); unchanged when
    /// `folder` is not locked or not in `set`.
    pub fn relocked(&self, set: &MigrationSet, folder: &str) -> Self {
        let current = Self::for_set(set);
        let mut relocked = self.clone();
        if let (Some(entry), Some(now)) = (
            relocked.entries.iter_mut().find(|e| e.folder == folder),
            current.entries.iter().find(|e| e.folder == folder),
        ) {
            *entry = now.clone();
        }
        relocked
    }

    pub fn extended_with(
        &self,
        set: &MigrationSet,
    ) -> std::result::Result<(Self, Vec<String>), Vec<LockMismatch>> {
        let (added, refused): (Vec<LockMismatch>, Vec<LockMismatch>) = self
            .compare(set)
            .into_iter()
            .partition(|m| matches!(m, LockMismatch::Unlocked { .. }));
        if !refused.is_empty() {
            return Err(refused);
        }
        let mut extended = self.clone();
        let current = Self::for_set(set);
        let mut names = Vec::new();
        for mismatch in added {
            if let LockMismatch::Unlocked { folder } = mismatch {
                if let Some(entry) = current.entries.iter().find(|e| e.folder == folder) {
                    extended.entries.push(entry.clone());
                    names.push(folder);
                }
            }
        }
        Ok((extended, names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::MigrationScript;

    fn set(scripts: &[(&str, &str)]) -> MigrationSet {
        MigrationSet::from_scripts(
            scripts
                .iter()
                .map(|(folder, up)| {
                    MigrationScript::new(folder.to_string(), up.to_string(), "DROP;".to_string())
                        .unwrap()
                })
                .collect(),
        )
    }

    #[test]
    fn round_trips_and_detects_every_kind_of_change() {
        let original = set(&[("1_a", "CREATE a;"), ("2_b", "CREATE b;")]);
        let lock = ChecksumLock::parse(&ChecksumLock::for_set(&original).render()).unwrap();
        assert_eq!(lock.compare(&original), vec![]);

        let edited = set(&[("1_a", "CREATE a2;"), ("3_c", "CREATE c;")]);
        assert_eq!(
            lock.compare(&edited),
            vec![
                LockMismatch::Edited {
                    folder: "1_a".into(),
                    file: "up.sql"
                },
                LockMismatch::Removed {
                    folder: "2_b".into()
                },
                LockMismatch::Unlocked {
                    folder: "3_c".into()
                },
            ]
        );
        assert!(lock.extended_with(&edited).is_err());

        let grown = set(&[
            ("1_a", "CREATE a;"),
            ("2_b", "CREATE b;"),
            ("3_c", "CREATE c;"),
        ]);
        let (extended, added) = lock.extended_with(&grown).unwrap();
        assert_eq!(added, vec!["3_c".to_string()]);
        assert_eq!(extended.compare(&grown), vec![]);
    }

    #[test]
    fn malformed_lines_are_named() {
        let err = ChecksumLock::parse("# header\n1_a up=abc\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
