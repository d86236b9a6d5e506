//! The revisions of the original team's Alembic chain that biositing knows, and
//! which of its own base migrations build the same `public` schema.
//!
//! A test loads the schema dumps their chain built at each revision (the
//! fixtures under `shared/fixtures/alembic`) and compares them with a database
//! migrated through [`AlembicRevision::base_migration`], so this table cannot
//! drift from what the migrations build.

/// One revision of the original chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlembicRevision {
    /// `alembic_version.version_num`.
    pub revision: &'static str,
    /// What the revision brought, for messages.
    pub describes: &'static str,
    /// The newest base-table migration whose `public` schema equals the
    /// revision's, named by what it does (the folder name after its version).
    pub base_migration: &'static str,
}

/// Their revisions, oldest first.
pub const KNOWN_REVISIONS: &[AlembicRevision] = &[
    AlembicRevision {
        revision: "9e8f7a6b5c52",
        describes: "the seed state: the ten portal views",
        base_migration: "create_base_tables",
    },
    AlembicRevision {
        revision: "bd227e99e006",
        describes: "resource images, county ag report records, fermentation method keys, unique strain names",
        base_migration: "resource_images_county_ag_reports_fermentation_method_keys",
    },
    AlembicRevision {
        revision: "1bed1a9104a7",
        describes: "use cases of end-use records",
        base_migration: "use_cases_for_end_use_records",
    },
    AlembicRevision {
        revision: "d2b6b2a7c9d1",
        describes: "the later end-uses and search view contract (their head)",
        base_migration: "use_cases_for_end_use_records",
    },
];

/// The base-table migrations that carry the original chain's schema, oldest
/// first, named by what they do: a revision has those up to and including its
/// [`AlembicRevision::base_migration`], and lacks the rest.
pub const BASE_MIGRATIONS: &[&str] = &[
    "create_base_tables",
    "resource_images_county_ag_reports_fermentation_method_keys",
    "use_cases_for_end_use_records",
];

/// The known revisions, for messages: `9e8f7a6b5c52 (the seed state…), …`.
pub fn describe_known_revisions() -> String {
    KNOWN_REVISIONS
        .iter()
        .map(|r| format!("{} ({})", r.revision, r.describes))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The known revision `revision`, if it is one.
pub fn known_revision(revision: &str) -> Option<&'static AlembicRevision> {
    KNOWN_REVISIONS.iter().find(|r| r.revision == revision)
}

/// The folder of the migration `name` (the part after the version) in `folders`.
pub fn migration_named<'a>(folders: &[&'a str], name: &str) -> Option<&'a str> {
    folders
        .iter()
        .copied()
        .find(|f| f.split_once('_').is_some_and(|(_, rest)| rest == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_base_migration_named_exists() {
        let set = biositing_db::migrations::MigrationSet::embedded();
        let folders: Vec<&str> = set.scripts().iter().map(|s| s.folder()).collect();
        for known in KNOWN_REVISIONS {
            assert!(
                migration_named(&folders, known.base_migration).is_some(),
                "{}: no migration named {}",
                known.revision,
                known.base_migration
            );
        }
        assert_eq!(
            known_revision("1bed1a9104a7").map(|r| r.base_migration),
            Some("use_cases_for_end_use_records")
        );
        assert!(known_revision("0000").is_none());
        for known in KNOWN_REVISIONS {
            assert!(BASE_MIGRATIONS.contains(&known.base_migration));
        }
    }
}
