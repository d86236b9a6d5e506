use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{
    self, Migration, MigrationMetadata, MigrationName, MigrationSource, MigrationVersion,
};
use diesel::pg::Pg;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// One migration folder: `<version>_<name>/{up.sql,down.sql}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationScript {
    folder: String,
    version: String,
    up_sql: Cow<'static, str>,
    down_sql: Cow<'static, str>,
}

impl MigrationScript {
    pub fn new(
        folder: impl Into<String>,
        up_sql: impl Into<Cow<'static, str>>,
        down_sql: impl Into<Cow<'static, str>>,
    ) -> Result<Self> {
        let folder = folder.into();
        let version = version_of(&folder).ok_or_else(|| {
            Error::InvalidInput(format!(
                "migration folder `{folder}` is not named <version>_<name> (e.g. 2026-11-26-120000_add_view)"
            ))
        })?;
        Ok(Self {
            folder,
            version,
            up_sql: up_sql.into(),
            down_sql: down_sql.into(),
        })
    }

    /// Folder name, e.g. `2026-11-26-000001_create_base_tables`.
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// Version as Diesel records it: the folder's prefix without dashes.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn up_sql(&self) -> &str {
        &self.up_sql
    }

    pub fn down_sql(&self) -> &str {
        &self.down_sql
    }

    /// SHA-256 (hex) of `up.sql`: what is recorded when the migration is applied.
    pub fn checksum(&self) -> String {
        sha256_hex(self.up_sql.as_bytes())
    }

    /// SHA-256 (hex) of `down.sql`, kept in the committed lock file.
    pub fn down_checksum(&self) -> String {
        sha256_hex(self.down_sql.as_bytes())
    }

    /// Whether `reference` names this migration: its folder, its version, or the
    /// folder's dashed version prefix.
    pub fn is_named(&self, reference: &str) -> bool {
        let dashed_version = !reference.contains('_')
            && version_of(reference).as_deref() == Some(self.version.as_str());
        reference == self.folder || reference == self.version || dashed_version
    }

    /// The tables (and schemas) outside `data_portal` that reverting this
    /// migration drops, with their data: what its `down.sql` names after
    /// `DROP TABLE` or `DROP SCHEMA` (`--` comments left out). The portal's own
    /// tables (`data_portal.…`: refresh log, change tracking) are not listed:
    /// migrate and refresh rebuild what they hold.
    pub fn down_drops_data(&self) -> Vec<String> {
        let code: String = self
            .down_sql
            .lines()
            .map(|line| line.split("--").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
            .replace(',', " , ")
            .replace(';', " ; ");
        let words: Vec<&str> = code.split_whitespace().collect();
        let mut dropped = Vec::new();
        let mut i = 0;
        while i + 1 < words.len() {
            let kind = words[i + 1].to_ascii_uppercase();
            if !(words[i].eq_ignore_ascii_case("DROP") && (kind == "TABLE" || kind == "SCHEMA")) {
                i += 1;
                continue;
            }
            i += 2;
            if words.get(i).is_some_and(|w| w.eq_ignore_ascii_case("IF"))
                && words
                    .get(i + 1)
                    .is_some_and(|w| w.eq_ignore_ascii_case("EXISTS"))
            {
                i += 2;
            }
            // Names separated by commas, up to the end of the statement.
            while let Some(word) = words.get(i) {
                let upper = word.to_ascii_uppercase();
                if *word == ";" || upper == "CASCADE" || upper == "RESTRICT" {
                    break;
                }
                let name = word.replace('"', "");
                let portal = if kind == "SCHEMA" {
                    name == "data_portal"
                } else {
                    name.starts_with("data_portal.")
                };
                if *word != "," && !portal {
                    dropped.push(name);
                }
                i += 1;
            }
        }
        dropped
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Version of the migration `diesel setup` adds (`00000000000000_diesel_initial_setup`,
/// Diesel's `diesel_manage_updated_at` helpers). It is not part of the project:
/// a [`MigrationSet`] leaves its folder out and [`super::status`] ignores its row,
/// so running `diesel setup` in a checkout or on a database breaks nothing.
pub const DIESEL_INITIAL_SETUP_VERSION: &str = "00000000000000";

/// Whether `version` is the one of Diesel's initial-setup migration.
pub fn is_diesel_initial_setup(version: &str) -> bool {
    version == DIESEL_INITIAL_SETUP_VERSION
}

/// Diesel's rule: the part before the first `_`, without dashes, all digits.
fn version_of(folder: &str) -> Option<String> {
    let prefix = folder.split('_').next()?;
    let version: String = prefix.chars().filter(|c| *c != '-').collect();
    (!version.is_empty() && version.chars().all(|c| c.is_ascii_digit())).then_some(version)
}

/// Two or more migration folders with one version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateVersion {
    pub version: String,
    pub folders: Vec<String>,
}

impl fmt::Display for DuplicateVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} share version {}: rename all but one to a new <YYYY-MM-DD-HHMMSS>_ prefix",
            self.folders.join(" and "),
            self.version
        )
    }
}

/// The ordered migrations of a project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MigrationSet {
    scripts: Vec<MigrationScript>,
}

static EMBEDDED: &[(&str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_migrations.rs"));

impl MigrationSet {
    /// The workspace's `migrations/`, embedded at build time.
    pub fn embedded() -> Self {
        let scripts = EMBEDDED
            .iter()
            .filter_map(|(folder, up, down)| MigrationScript::new(*folder, *up, *down).ok())
            .collect();
        Self::sorted(scripts)
    }

    /// Reads a migrations folder at run time (development and tests).
    pub fn from_dir(path: &Path) -> Result<Self> {
        let unreadable = |detail: String| Error::MigrationsFolder {
            path: path.to_path_buf(),
            detail,
        };
        let entries = std::fs::read_dir(path).map_err(|e| unreadable(e.to_string()))?;
        let mut scripts = Vec::new();
        for entry in entries {
            let dir = entry.map_err(|e| unreadable(e.to_string()))?.path();
            if !dir.join("up.sql").is_file() {
                continue;
            }
            let folder = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let read = |file: &str| {
                std::fs::read_to_string(dir.join(file))
                    .map_err(|e| unreadable(format!("{folder}/{file}: {e}")))
            };
            let (up, down) = (read("up.sql")?, read("down.sql")?);
            scripts.push(MigrationScript::new(folder, up, down)?);
        }
        Ok(Self::sorted(scripts))
    }

    pub fn from_scripts(scripts: Vec<MigrationScript>) -> Self {
        Self::sorted(scripts)
    }

    fn sorted(mut scripts: Vec<MigrationScript>) -> Self {
        scripts.retain(|s| !is_diesel_initial_setup(&s.version));
        scripts.sort_by(|a, b| {
            a.version
                .cmp(&b.version)
                .then_with(|| a.folder.cmp(&b.folder))
        });
        Self { scripts }
    }

    pub fn scripts(&self) -> &[MigrationScript] {
        &self.scripts
    }

    /// Versions that more than one folder claims, with those folders. Diesel
    /// would record one version row for both, so the second would never run.
    pub fn duplicate_versions(&self) -> Vec<DuplicateVersion> {
        let mut duplicates: Vec<DuplicateVersion> = Vec::new();
        for pair in self.scripts.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.version != b.version {
                continue;
            }
            match duplicates.last_mut() {
                Some(last) if last.version == a.version => last.folders.push(b.folder.clone()),
                _ => duplicates.push(DuplicateVersion {
                    version: a.version.clone(),
                    folders: vec![a.folder.clone(), b.folder.clone()],
                }),
            }
        }
        duplicates
    }

    pub fn by_version(&self, version: &str) -> Option<&MigrationScript> {
        self.scripts.iter().find(|s| s.version == version)
    }

    /// Finds a migration by folder name or version; unknown names are input errors.
    pub fn resolve(&self, reference: &str) -> Result<&MigrationScript> {
        self.scripts
            .iter()
            .find(|s| s.is_named(reference))
            .ok_or_else(|| {
                let known: Vec<&str> = self.scripts.iter().map(|s| s.folder.as_str()).collect();
                Error::InvalidInput(format!(
                    "no migration named `{reference}`; give a folder name or version, one of: {}",
                    known.join(", ")
                ))
            })
    }

    /// A fingerprint of the whole set, e.g. to name a template database after it.
    pub fn fingerprint(&self) -> String {
        let joined: String = self
            .scripts
            .iter()
            .map(|s| format!("{}:{}:{}\n", s.folder, s.checksum(), s.down_checksum()))
            .collect();
        sha256_hex(joined.as_bytes())
    }
}

// Diesel integration: the scripts run through Diesel's `MigrationHarness`, which
// keeps `__diesel_schema_migrations` exactly as `diesel migration run` does.

struct InTransaction;

impl MigrationMetadata for InTransaction {
    fn run_in_transaction(&self) -> bool {
        true
    }
}

impl fmt::Display for MigrationScript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.folder)
    }
}

impl MigrationName for MigrationScript {
    fn version(&self) -> MigrationVersion<'_> {
        MigrationVersion::from(self.version.as_str())
    }
}

impl Migration<Pg> for MigrationScript {
    fn run(&self, conn: &mut dyn BoxableConnection<Pg>) -> migration::Result<()> {
        Ok(conn.batch_execute(&self.up_sql)?)
    }

    fn revert(&self, conn: &mut dyn BoxableConnection<Pg>) -> migration::Result<()> {
        Ok(conn.batch_execute(&self.down_sql)?)
    }

    fn metadata(&self) -> &dyn MigrationMetadata {
        &InTransaction
    }

    fn name(&self) -> &dyn MigrationName {
        self
    }
}

impl<DB: Backend> MigrationSource<DB> for MigrationSet
where
    MigrationScript: Migration<DB>,
{
    fn migrations(&self) -> migration::Result<Vec<Box<dyn Migration<DB>>>> {
        Ok(self
            .scripts
            .iter()
            .cloned()
            .map(|s| Box::new(s) as Box<dyn Migration<DB>>)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverting_names_the_tables_whose_data_it_drops() {
        let down = "-- DROP TABLE in_a_comment;\nDROP VIEW data_portal.v;\n\
                    DROP TABLE IF EXISTS reactor, \"Feed\" CASCADE;\n\
                    DROP TABLE data_portal.refresh_log;\nALTER TABLE x DROP COLUMN y;\n\
                    drop schema staging;";
        let script = MigrationScript::new("2026-12-05-000001_x", "", down).unwrap();
        assert_eq!(script.down_drops_data(), ["reactor", "Feed", "staging"]);
        let portal = MigrationScript::new("2026-12-05-000002_y", "", "DROP TABLE data_portal.t;");
        assert!(portal.unwrap().down_drops_data().is_empty());
    }

    #[test]
    fn versions_follow_diesel() {
        let script =
            MigrationScript::new("2026-11-26-000001_create_base_tables", "up", "down").unwrap();
        assert_eq!(script.version(), "20261126000001");
        assert!(script.is_named("20261126000001"));
        assert!(script.is_named("2026-11-26-000001"));
        assert!(script.is_named("2026-11-26-000001_create_base_tables"));
        assert!(!script.is_named("2026-11-26-000001_other"));
        assert!(MigrationScript::new("create_tables", "", "").is_err());
    }

    #[test]
    fn duplicate_versions_are_found() {
        let script = |folder: &str| MigrationScript::new(folder, "", "").unwrap();
        let set = MigrationSet::from_scripts(vec![
            script("2026-01-01-000000_a"),
            script("2026-01-01-000001_b"),
            script("2026-01-01-000000_c"),
            script("20260101000000_d"),
        ]);
        assert_eq!(
            set.duplicate_versions(),
            vec![DuplicateVersion {
                version: "20260101000000".into(),
                folders: vec![
                    "2026-01-01-000000_a".into(),
                    "2026-01-01-000000_c".into(),
                    "20260101000000_d".into()
                ],
            }]
        );
        assert!(MigrationSet::embedded().duplicate_versions().is_empty());
    }

    #[test]
    fn diesels_initial_setup_is_not_part_of_a_set() {
        let setup = MigrationScript::new(
            "00000000000000_diesel_initial_setup",
            "CREATE FUNCTION x() RETURNS int AS 'SELECT 1' LANGUAGE sql;",
            "DROP FUNCTION x();",
        )
        .unwrap();
        let ours = MigrationScript::new("2026-11-26-000001_a", "SELECT 1;", "").unwrap();
        let set = MigrationSet::from_scripts(vec![setup, ours.clone()]);
        assert_eq!(set.scripts(), &[ours]);
    }

    #[test]
    fn embedded_set_is_ordered_and_checksummed() {
        let set = MigrationSet::embedded();
        assert!(!set.scripts().is_empty());
        let versions: Vec<&str> = set.scripts().iter().map(|s| s.version()).collect();
        let mut sorted = versions.clone();
        sorted.sort();
        assert_eq!(versions, sorted);
        // `printf 'SELECT 1;' | sha256sum`
        assert_eq!(
            MigrationScript::new("1_x", "SELECT 1;", "")
                .unwrap()
                .checksum(),
            "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a"
        );
    }
}
