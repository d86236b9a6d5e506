//! `diesel print-schema` against a migrated database reproduces the committed
//! `crates/models/src/schema.rs` byte for byte, so the models never drift from
//! the migrations. Needs the Diesel CLI (`cargo install diesel_cli
//! --no-default-features --features postgres`); CI installs it.

use std::process::Command;

use biositing_test_db::{workspace_root, TestDatabase};

#[test]
fn print_schema_reproduces_the_committed_schema() {
    let available = Command::new("diesel")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "the Diesel CLI is required in CI: install it with `cargo install diesel_cli --no-default-features --features postgres`"
        );
        eprintln!("skipped: the Diesel CLI is not installed");
        return;
    }
    let db = TestDatabase::migrated();
    let root = workspace_root();
    let out = Command::new("diesel")
        .current_dir(&root)
        .env("DATABASE_URL", db.url().as_str())
        .args(["print-schema", "--config-file"])
        .arg(root.join("diesel.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::fs::read_to_string(root.join("crates/models/src/schema.rs")).unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed == committed,
        "crates/models/src/schema.rs differs from `diesel print-schema`; regenerate it with `diesel migration run` (see diesel.toml)"
    );
}
