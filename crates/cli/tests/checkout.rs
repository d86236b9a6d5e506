//! The `biositing` binary run inside a project checkout, as a developer runs it:
//! definitions and migrations come from the checkout's files, a stale build is
//! refused, `migration generate` proves what it freezes, and the commands tell a
//! newcomer what to run next. Each test works in a temporary copy of the
//! checkout (diesel.toml, migrations/, migrations.lock, crates/views/src), so the
//! binary built for this test run serves unchanged.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::{Path, PathBuf};
use std::process::Command;

use biositing_db::migrations::{MigrationSet, LOCK_FILE_NAME};
use biositing_db::DatabaseUrl;
use biositing_test_db::{workspace_root, TestDatabase};
use biositing_views::ViewDefinition;

const STALE: &str = "this biositing was built from other sources than";

struct Checkout {
    dir: tempfile::TempDir,
}

impl Checkout {
    fn copy() -> Self {
        let root = workspace_root();
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(root.join("diesel.toml"), dir.path().join("diesel.toml")).unwrap();
        std::fs::copy(root.join(LOCK_FILE_NAME), dir.path().join(LOCK_FILE_NAME)).unwrap();
        copy_tree(&root.join("migrations"), &dir.path().join("migrations"));
        copy_tree(
            &root.join("crates/views/src"),
            &dir.path().join("crates/views/src"),
        );
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    fn migrations(&self) -> MigrationSet {
        MigrationSet::from_dir(&self.path().join("migrations")).unwrap()
    }

    fn folders(&self) -> Vec<String> {
        self.migrations()
            .scripts()
            .iter()
            .map(|s| s.folder().to_string())
            .collect()
    }

    fn lock(&self) -> String {
        std::fs::read_to_string(self.path().join(LOCK_FILE_NAME)).unwrap()
    }

    fn definition_path(&self, view: &str) -> PathBuf {
        self.path()
            .join("crates/views/src")
            .join(view)
            .join("definition.sql")
    }

    fn write_definition(&self, view: &str, text: &str) {
        std::fs::write(self.definition_path(view), text).unwrap();
    }

    /// Runs the binary in the checkout, against `db` if given (never the
    /// environment's DATABASE_URL).
    fn run(&self, db: Option<&DatabaseUrl>, args: &[&str]) -> Outcome {
        run_in(&self.path(), db, args)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn run_in(dir: &Path, db: Option<&DatabaseUrl>, args: &[&str]) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_biositing"));
    cmd.current_dir(dir).env_remove("DATABASE_URL");
    if let Some(url) = db {
        cmd.arg("--database-url").arg(url.as_str());
    }
    let out = cmd.args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[track_caller]
fn expect(outcome: &Outcome, code: i32) {
    assert_eq!(outcome.code, code, "{}", outcome.all());
}

/// The view the edits below change, with the shape they rely on.
fn availability() -> &'static ViewDefinition {
    let view = biositing_views::find_view("mv_biomass_availability").unwrap();
    assert!(
        view.definition.trim_end().contains("\nGROUP BY")
            && view.definition.contains("\nSELECT\n")
            && view.definition.contains("r.id AS resource_id"),
        "the edits below assume a SELECT list on its own lines, r.id AS resource_id and a final GROUP BY"
    );
    view
}

#[test]
fn an_edited_definition_is_generated_migrated_rolled_back_and_discarded() {
    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    let view = availability();
    let before = checkout.folders();
    let lock_before = checkout.lock();

    // A comment holding `;` at the very end: the frozen `;` must survive it.
    let edited = format!(
        "{}\nHAVING count(*) > 0 -- reviewed; rows unchanged\n",
        view.definition.trim_end()
    );
    checkout.write_definition(view.name, &edited);
    let shown = checkout.run(None, &["views", "show", view.name]);
    expect(&shown, 0);
    assert!(
        shown.stdout.contains("-- reviewed; rows unchanged\n;"),
        "{}",
        shown.stdout
    );
    let diff = checkout.run(None, &["views", "diff", view.name]);
    expect(&diff, 1);
    assert!(
        diff.stdout.contains("definition differs"),
        "{}",
        diff.stdout
    );

    let generated = checkout.run(
        url,
        &[
            "migration",
            "generate",
            "--view",
            view.name,
            "-m",
            "Reviewed note",
        ],
    );
    expect(&generated, 0);
    assert!(
        generated.stdout.contains("proved on"),
        "{}",
        generated.stdout
    );
    let after = checkout.folders();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let new = after.last().unwrap().clone();
    assert!(new.ends_with("_reviewed_note"), "{new}");
    assert!(checkout.lock().contains(&format!("{new} up=")));

    // The two commands agree: nothing left to freeze.
    expect(&checkout.run(None, &["views", "diff", view.name]), 0);
    let again = checkout.run(
        None,
        &[
            "migration",
            "generate",
            "--view",
            view.name,
            "-m",
            "again",
            "--no-check",
        ],
    );
    expect(&again, 2);
    assert!(again.stderr.contains("nothing changed"), "{}", again.stderr);

    // `migrate` applies exactly the migration just written.
    let migrated = checkout.run(url, &["migrate"]);
    expect(&migrated, 0);
    assert!(
        migrated.stdout.contains(&format!("applied  {new}")),
        "{}",
        migrated.stdout
    );
    assert!(
        migrated.stdout.contains("Applied 1 migration(s)"),
        "{}",
        migrated.stdout
    );
    expect(
        &checkout.run(url, &["views", "diff", view.name, "--database"]),
        0,
    );

    // Applied: discard refuses and names the database.
    let refused = checkout.run(url, &["migration", "discard"]);
    expect(&refused, 2);
    assert!(
        refused
            .stderr
            .contains(&format!("{new} is applied on {}", db.url())),
        "{}",
        refused.stderr
    );
    assert!(checkout.path().join("migrations").join(&new).is_dir());

    // After a rollback, diff advises migrate, not generate.
    expect(&checkout.run(url, &["rollback"]), 0);
    let behind = checkout.run(url, &["views", "diff", view.name, "--database"]);
    expect(&behind, 1);
    assert!(
        behind
            .stdout
            .contains(&format!("({new}): run `biositing migrate`")),
        "{}",
        behind.stdout
    );
    assert!(
        !behind.stdout.contains("migration generate"),
        "{}",
        behind.stdout
    );

    // Not applied any more: discard removes the folder and the lock line.
    let discarded = checkout.run(url, &["migration", "discard"]);
    expect(&discarded, 0);
    assert_eq!(checkout.folders(), before);
    assert_eq!(checkout.lock(), lock_before);
    expect(&checkout.run(None, &["migration", "lock", "--check"]), 0);
}

#[test]
fn generate_proves_the_pair_and_writes_nothing_when_it_fails() {
    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    let view = availability();
    let before = checkout.folders();
    let lock_before = checkout.lock();
    let original = view.definition.trim_end();
    let generate = ["migration", "generate", "--view", view.name, "-m", "change"];
    let place = format!("crates/views/src/{}/definition.sql", view.name);
    let assert_nothing_written = || {
        assert_eq!(checkout.folders(), before);
        assert_eq!(checkout.lock(), lock_before);
    };

    // An error inside the definition is reported at its line and column there.
    checkout.write_definition(
        view.name,
        &format!("{original}\nHAVING no_such_column > 0\n"),
    );
    let failed = checkout.run(url, &generate);
    expect(&failed, 2);
    let line = original.lines().count() + 1;
    assert!(
        failed.stderr.contains(&format!(
            "{place} line {line}, column 8: column \"no_such_column\" does not exist"
        )),
        "{}",
        failed.stderr
    );
    assert_nothing_written();
    let diff = checkout.run(url, &["views", "diff", view.name, "--database"]);
    expect(&diff, 1);
    assert!(
        diff.stdout.contains(&format!(
            "the definition does not run: {place} line {line}, column 8: column \"no_such_column\" does not exist"
        )),
        "{}",
        diff.stdout
    );
    // The proof was rolled back: the database still has the frozen views
    // (verified with the built-in definitions, outside the checkout).
    let elsewhere = tempfile::tempdir().unwrap();
    expect(&run_in(elsewhere.path(), url, &["verify"]), 0);

    // One more column than the mapping: found without a database by `views
    // diff`, with one by `views diff --database` and by the proof.
    let mapped = view.columns.len();
    checkout.write_definition(
        view.name,
        &original.replacen("\nSELECT\n", "\nSELECT\n    1 AS extra_column,\n", 1),
    );
    let offline = checkout.run(None, &["views", "diff", view.name]);
    expect(&offline, 1);
    assert!(
        offline.stdout.contains(&format!(
            "{place} selects {} columns, the mapping in crates/views/src/{}/mod.rs declares {mapped}",
            mapped + 1,
            view.name
        )),
        "{}",
        offline.stdout
    );
    let online = checkout.run(url, &["views", "diff", view.name, "--database"]);
    expect(&online, 1);
    let count = format!("mapping has {mapped} columns, the view {}", mapped + 1);
    assert!(online.stdout.contains(&count), "{}", online.stdout);
    let failed = checkout.run(url, &generate);
    expect(&failed, 2);
    assert!(
        failed.stderr.contains("does not match its typed mapping")
            && failed.stderr.contains(&count),
        "{}",
        failed.stderr
    );
    assert_nothing_written();

    // Same columns, another type.
    let resource_id = view
        .columns
        .iter()
        .find(|c| c.name == "resource_id")
        .unwrap();
    assert_eq!(resource_id.sql_type, "integer");
    checkout.write_definition(
        view.name,
        &original.replacen("r.id AS resource_id", "r.id::bigint AS resource_id", 1),
    );
    expect(&checkout.run(None, &["views", "diff", view.name]), 1);
    let failed = checkout.run(url, &generate);
    expect(&failed, 2);
    assert!(
        failed.stderr.contains(
            "mv_biomass_availability.resource_id: mapped type `integer`, live type `bigint`"
        ),
        "{}",
        failed.stderr
    );
    assert_nothing_written();

    // A second statement is refused before anything runs; a `;` in a string is fine.
    checkout.write_definition(view.name, &format!("{original};\nSELECT 1\n"));
    let failed = checkout.run(url, &generate);
    expect(&failed, 2);
    assert!(
        failed.stderr.contains(&format!(
            "{place} line {}, column",
            original.lines().count()
        )) && failed.stderr.contains("ends the statement early"),
        "{}",
        failed.stderr
    );
    assert_nothing_written();

    // Without a database: a clear refusal, or an explicit --no-check.
    checkout.write_definition(
        view.name,
        &format!("{original}\nHAVING string_agg(r.name, ';') <> 'x;y'\n"),
    );
    let failed = checkout.run(None, &generate);
    expect(&failed, 2);
    assert!(
        failed.stderr.contains("set DATABASE_URL") && failed.stderr.contains("--no-check"),
        "{}",
        failed.stderr
    );
    assert_nothing_written();
    let unproven = checkout.run(
        None,
        &[
            "migration",
            "generate",
            "--view",
            view.name,
            "-m",
            "change",
            "--no-check",
        ],
    );
    expect(&unproven, 0);
    assert_eq!(checkout.folders().len(), before.len() + 1);
    // … and the proven path writes the same change once the database is there.
    expect(&checkout.run(None, &["migration", "discard"]), 0);
    let proven = checkout.run(url, &generate);
    expect(&proven, 0);
    expect(&checkout.run(url, &["migrate"]), 0);
    expect(
        &checkout.run(url, &["views", "diff", view.name, "--database"]),
        0,
    );
}

#[test]
fn a_deleted_migration_is_noticed() {
    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    let newest = checkout.folders().last().unwrap().clone();
    std::fs::remove_dir_all(checkout.path().join("migrations").join(&newest)).unwrap();

    // Still locked: every command that reads the migrations refuses.
    for args in [
        &["views", "diff"][..],
        &["migrate", "--dry-run"][..],
        &["status"][..],
        &["verify"][..],
    ] {
        let refused = checkout.run(url, args);
        expect(&refused, 2);
        assert!(
            refused
                .stderr
                .contains(&format!("{newest} locked in {LOCK_FILE_NAME} but missing")),
            "{args:?}: {}",
            refused.stderr
        );
    }

    // Discarded properly (its lock line too), the checkout no longer has it:
    // a database that applied it shows an unknown migration.
    let discarded = checkout.run(None, &["migration", "discard"]);
    expect(&discarded, 0);
    assert!(!checkout.lock().contains(&newest));
    let status = checkout.run(url, &["status"]);
    expect(&status, 1);
    let version: String = newest.split('_').next().unwrap().replace('-', "");
    assert!(
        status.stdout.contains(&format!(
            "{version}: applied, but not among the migrations read"
        )),
        "{}",
        status.stdout
    );
    let migrate = checkout.run(url, &["migrate"]);
    expect(&migrate, 1);
    assert!(
        migrate.stderr.contains("not among the migrations read"),
        "{}",
        migrate.stderr
    );

    // A fresh database migrated from the checkout does not get it.
    let fresh = TestDatabase::empty();
    let migrated = checkout.run(Some(fresh.url()), &["migrate"]);
    expect(&migrated, 0);
    assert!(!migrated.stdout.contains(&newest), "{}", migrated.stdout);
    assert!(
        migrated.stdout.contains(&format!(
            "Applied {} migration(s)",
            checkout.folders().len()
        )),
        "{}",
        migrated.stdout
    );
}

#[test]
fn a_build_from_other_sources_is_refused() {
    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    let module = checkout
        .path()
        .join("crates/views/src")
        .join(biositing_views::VIEWS[0].name)
        .join("mod.rs");
    let text = std::fs::read_to_string(&module).unwrap();
    // Comments and layout (`cargo fmt`) are not what the build depends on.
    std::fs::write(&module, format!("{text}\n// a comment, reflowed\n\n")).unwrap();
    expect(&checkout.run(url, &["views", "list"]), 0);
    // A token is.
    std::fs::write(&module, format!("{text}\nconst EDITED: () = ();\n")).unwrap();
    let expected = format!(
        "{STALE} {}: rebuild with `cargo build --release`",
        checkout.path().display()
    );
    for args in [
        &["views", "list"][..],
        &["views", "diff"][..],
        &["views", "status"][..],
        &[
            "migration",
            "generate",
            "--view",
            biositing_views::VIEWS[0].name,
            "-m",
            "x",
        ][..],
        &["migrate"][..],
        &["rollback"][..],
        &["status"][..],
        &["verify"][..],
        &["refresh"][..],
        &["setup"][..],
    ] {
        let refused = checkout.run(url, args);
        expect(&refused, 2);
        assert!(
            refused.stderr.contains(&expected),
            "{args:?}: {}",
            refused.stderr
        );
    }
    // Outside a checkout the built-in copies serve.
    let elsewhere = tempfile::tempdir().unwrap();
    expect(&run_in(elsewhere.path(), url, &["status"]), 0);
}

#[test]
fn a_hand_written_migration_is_created_locked_and_applied_as_written() {
    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    let before = checkout.folders();
    let created = checkout.run(None, &["migration", "new", "-m", "Add a note to resources"]);
    expect(&created, 0);
    let folders = checkout.folders();
    assert_eq!(folders.len(), before.len() + 1);
    let new = folders.last().unwrap().clone();
    let (version, slug) = new.split_once('_').unwrap();
    assert_eq!(slug, "add_a_note_to_resources");
    // The same folder format as generated ones: YYYY-MM-DD-HHMMSS.
    assert_eq!(version.len(), "2026-11-26-000001".len(), "{new}");
    assert!(
        version.chars().all(|c| c.is_ascii_digit() || c == '-'),
        "{new}"
    );
    expect(&checkout.run(None, &["migration", "lock", "--check"]), 0);

    let dir = checkout.path().join("migrations").join(&new);
    let up = std::fs::read_to_string(dir.join("up.sql")).unwrap();
    assert!(up.contains("base-table SQL"), "{up}");

    // Nothing is applied silently while the pair is still empty.
    let refused = checkout.run(url, &["migrate"]);
    expect(&refused, 2);
    assert!(
        refused
            .stderr
            .contains(&format!("{new}/up.sql holds no statement yet")),
        "{}",
        refused.stderr
    );

    std::fs::write(
        dir.join("up.sql"),
        format!("{up}ALTER TABLE resource ADD COLUMN note text;\n"),
    )
    .unwrap();
    let down = std::fs::read_to_string(dir.join("down.sql")).unwrap();
    std::fs::write(
        dir.join("down.sql"),
        format!("{down}ALTER TABLE resource DROP COLUMN note;\n"),
    )
    .unwrap();
    // Written but not locked: refused too.
    let refused = checkout.run(url, &["migrate"]);
    expect(&refused, 2);
    assert!(
        refused
            .stderr
            .contains(&format!("{new} differs from {LOCK_FILE_NAME}")),
        "{}",
        refused.stderr
    );

    let locked = checkout.run(url, &["migration", "lock"]);
    expect(&locked, 0);
    assert!(
        locked.stdout.contains(&format!("locked {new} again")),
        "{}",
        locked.stdout
    );
    expect(&checkout.run(None, &["migration", "lock", "--check"]), 0);

    let migrated = checkout.run(url, &["migrate"]);
    expect(&migrated, 0);
    assert!(
        migrated.stdout.contains(&format!("applied  {new}")),
        "{}",
        migrated.stdout
    );
    assert!(
        migrated.stdout.contains("is hand-written"),
        "{}",
        migrated.stdout
    );

    // Applied: its lock line is frozen now.
    std::fs::write(
        dir.join("up.sql"),
        format!("{up}ALTER TABLE resource ADD COLUMN note varchar;\n"),
    )
    .unwrap();
    let refused = checkout.run(url, &["migration", "lock"]);
    expect(&refused, 2);
    assert!(
        refused.stderr.contains("was edited after"),
        "{}",
        refused.stderr
    );
}

#[test]
fn diesel_setup_breaks_nothing() {
    let db = TestDatabase::empty();
    let url = Some(db.url());
    let checkout = Checkout::copy();
    // `diesel setup` also prints the schema to the file diesel.toml names.
    std::fs::create_dir_all(checkout.path().join("crates/models/src")).unwrap();
    let diesel = Command::new("diesel")
        .current_dir(checkout.path())
        .env_remove("DATABASE_URL")
        .args(["setup", "--database-url", db.url().as_str()])
        .output()
        .expect("the Diesel CLI (scripts/test.sh installs it)");
    assert!(
        diesel.status.success(),
        "{}",
        String::from_utf8_lossy(&diesel.stderr)
    );
    assert!(checkout
        .path()
        .join("migrations/00000000000000_diesel_initial_setup")
        .is_dir());

    let elsewhere = tempfile::tempdir().unwrap();
    for dir in [checkout.path(), elsewhere.path().to_path_buf()] {
        for args in [&["status"][..], &["migrate"][..], &["verify"][..]] {
            let outcome = run_in(&dir, url, args);
            expect(&outcome, 0);
            assert!(
                !outcome.stdout.contains("00000000000000"),
                "{args:?}: {}",
                outcome.stdout
            );
        }
    }
    expect(&checkout.run(None, &["migration", "lock", "--check"]), 0);
}

#[test]
fn commands_before_migrate_say_to_migrate_and_sample_data_says_to_refresh() {
    let empty = TestDatabase::empty();
    let url = Some(empty.url());
    let checkout = Checkout::copy();
    for args in [
        &["views", "status"][..],
        &["sample-data"][..],
        &["refresh"][..],
    ] {
        let refused = checkout.run(url, args);
        expect(&refused, 2);
        assert_eq!(
            refused.stderr.lines().count(),
            1,
            "{args:?}: {}",
            refused.stderr
        );
        assert!(
            refused.stderr.contains("run `biositing migrate` first"),
            "{args:?}: {}",
            refused.stderr
        );
        assert!(
            !refused.stdout.contains("Loading sample data"),
            "{}",
            refused.stdout
        );
    }

    let db = TestDatabase::migrated();
    let url = Some(db.url());
    let loaded = checkout.run(url, &["sample-data"]);
    expect(&loaded, 0);
    assert!(
        loaded.stdout.contains("Next: `biositing refresh`"),
        "{}",
        loaded.stdout
    );
    let again = checkout.run(url, &["sample-data"]);
    expect(&again, 2);
    assert!(
        !again.stdout.contains("Loading sample data"),
        "{}",
        again.stdout
    );

    // The views were populated by the migrations, before the data came:
    // verify warns, and --strict fails.
    let verify = checkout.run(url, &["verify"]);
    expect(&verify, 0);
    assert!(
        verify.stdout.contains("warn no populated view is empty"),
        "{}",
        verify.stdout
    );
    assert!(
        verify.stdout.contains("is populated but has 0 rows"),
        "{}",
        verify.stdout
    );
    expect(&checkout.run(url, &["verify", "--strict"]), 1);
    expect(&checkout.run(url, &["refresh"]), 0);
    let strict = checkout.run(url, &["verify", "--strict"]);
    expect(&strict, 0);
}

#[test]
fn hand_written_migrations_pending_together_are_locked_and_a_lost_header_is_named() {
    let checkout = Checkout::copy();
    let before = checkout.folders();
    // Twice within a second: the versions still differ.
    expect(
        &checkout.run(None, &["migration", "new", "-m", "first table"]),
        0,
    );
    expect(
        &checkout.run(None, &["migration", "new", "-m", "second table"]),
        0,
    );
    let folders = checkout.folders();
    assert_eq!(folders.len(), before.len() + 2, "{folders:?}");
    let new: Vec<String> = folders[before.len()..].to_vec();
    for (folder, table) in new.iter().zip(["first_t", "second_t"]) {
        let dir = checkout.path().join("migrations").join(folder);
        let up = std::fs::read_to_string(dir.join("up.sql")).unwrap();
        std::fs::write(
            dir.join("up.sql"),
            format!("{up}CREATE TABLE {table} (id int);\n"),
        )
        .unwrap();
        let down = std::fs::read_to_string(dir.join("down.sql")).unwrap();
        std::fs::write(dir.join("down.sql"), format!("{down}DROP TABLE {table};\n")).unwrap();
    }
    let locked = checkout.run(None, &["migration", "lock"]);
    expect(&locked, 0);
    for folder in &new {
        assert!(
            locked.stdout.contains(&format!("locked {folder} again")),
            "{}",
            locked.all()
        );
    }
    expect(&checkout.run(None, &["migration", "lock", "--check"]), 0);

    // The header line of the newest one overwritten: named, with the fix.
    let up_path = checkout
        .path()
        .join("migrations")
        .join(&new[1])
        .join("up.sql");
    let up = std::fs::read_to_string(&up_path).unwrap();
    let rest = up.split_once('\n').unwrap().1;
    std::fs::write(&up_path, format!("-- creates second_t\n{rest}")).unwrap();
    let named = format!(
        "{}/up.sql no longer starts with the line biositing wrote",
        new[1]
    );
    for args in [&["migration", "lock"][..], &["migration", "discard"][..]] {
        let refused = checkout.run(None, args);
        expect(&refused, 2);
        assert!(
            refused.stderr.contains(&named),
            "{args:?}: {}",
            refused.all()
        );
        assert!(
            refused.stderr.contains("it reads `-- creates second_t`"),
            "{}",
            refused.all()
        );
    }
}
