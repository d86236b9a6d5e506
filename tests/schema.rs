//! `diesel print-schema` against a migrated database reproduces the committed
//! `crates/models/src/schema.rs` byte for byte, so the models never drift from
//! the migrations. Needs the Diesel CLI (`cargo install diesel_cli
//! --no-default-features --features postgres`); CI installs it.

use biositing_test_db::{
    diesel_print_schema, tool_available, workspace_root, TestDatabase, DIESEL_CLI,
};

#[test]
fn print_schema_reproduces_the_committed_schema() {
    if !tool_available(DIESEL_CLI) {
        return;
    }
    let db = TestDatabase::migrated();
    let committed =
        std::fs::read_to_string(workspace_root().join("crates/models/src/schema.rs")).unwrap();
    let printed = diesel_print_schema(db.url());
    assert!(
        printed == committed,
        "crates/models/src/schema.rs differs from `diesel print-schema`; regenerate it with `diesel migration run` (see diesel.toml)"
    );
}
