//! The base schema is the real one: a database migrated by biositing and a
//! database built by the original team's Alembic chain (their schema dumps,
//! `shared/fixtures/alembic`) have the same `public` tables, columns (name,
//! order, type, nullability, default), constraints, sequences and extensions
//! at each of their known revisions, and every index of theirs exists in ours;
//! at head, later migrations of ours only add to it.
//! Required in CI; skipped with the reason elsewhere when the dumps, psql or
//! PostGIS are missing.

use biositing_test_db::alembic::{dumps_available, public_schema, PublicSchema};
use biositing_test_db::{migration_folder, TestDatabase};
use biositing_workflow::alembic::KNOWN_REVISIONS;

fn differences(ours: &PublicSchema, theirs: &PublicSchema) -> Vec<String> {
    let mut out: Vec<String> = theirs
        .structure
        .difference(&ours.structure)
        .map(|l| format!("only in their database: {l}"))
        .chain(
            ours.structure
                .difference(&theirs.structure)
                .map(|l| format!("only in ours: {l}")),
        )
        .chain(
            theirs
                .indexes
                .difference(&ours.indexes)
                .map(|l| format!("their index is missing: {l}")),
        )
        .collect();
    out.sort();
    out
}

/// At every known revision, our base migrations through the revision's build
/// the same `public` schema as their chain did.
#[test]
fn each_known_revision_has_the_public_schema_our_base_migrations_build() {
    if !dumps_available() {
        return;
    }
    for known in KNOWN_REVISIONS {
        let theirs = TestDatabase::from_alembic_dump(known.revision);
        let ours = TestDatabase::empty();
        ours.migrate_to(Some(&migration_folder(known.base_migration)));
        let diff = differences(
            &public_schema(&mut ours.conn()),
            &public_schema(&mut theirs.conn()),
        );
        assert!(
            diff.is_empty(),
            "{} ({}) and our migrations through {} differ:\n{}",
            known.revision,
            known.describes,
            known.base_migration,
            diff.join("\n")
        );
    }
}

/// At head, with every later migration applied, everything of their head's
/// `public` schema is still there unchanged: tables, columns (same logical
/// position), constraints, sequences, extensions and indexes. What later
/// migrations of ours add (a table, a column appended, an index) is allowed and
/// listed.
#[test]
fn a_fully_migrated_database_keeps_the_public_schema_of_their_head() {
    if !dumps_available() {
        return;
    }
    let head = KNOWN_REVISIONS.last().expect("known revisions");
    let theirs = public_schema(&mut TestDatabase::from_alembic_dump(head.revision).conn());
    let ours = public_schema(&mut TestDatabase::migrated().conn());
    let missing: Vec<String> = differences(&ours, &theirs)
        .into_iter()
        .filter(|d| !d.starts_with("only in ours: "))
        .collect();
    assert!(
        missing.is_empty(),
        "a migrated database lost or changed what {} has:\n{}",
        head.revision,
        missing.join("\n")
    );
    let added: Vec<&String> = ours
        .structure
        .difference(&theirs.structure)
        .chain(ours.indexes.difference(&theirs.indexes))
        .collect();
    println!("our additions to their head's public schema: {added:#?}");
}
