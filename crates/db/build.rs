//! Embeds the workspace's `migrations/` folder into the library, as
//! `(folder, up.sql, down.sql)` triples, so the binary carries frozen SQL and no
//! migration file is read at run time. (Diesel's `embed_migrations!` hides the SQL
//! text, which the checksum safety net needs.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let migrations = manifest.join("../../migrations");
    println!("cargo:rerun-if-changed={}", migrations.display());

    let mut folders: Vec<PathBuf> = fs::read_dir(&migrations)
        .expect("the workspace has a migrations/ folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("up.sql").is_file())
        .collect();
    folders.sort();

    let mut out = String::from("&[\n");
    for folder in &folders {
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 folder name");
        writeln!(
            out,
            "    ({name:?}, include_str!({up:?}), include_str!({down:?})),",
            up = abs(&folder.join("up.sql")),
            down = abs(&folder.join("down.sql")),
        )
        .expect("write to string");
    }
    out.push(']');

    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_migrations.rs");
    fs::write(dest, out).expect("write embedded_migrations.rs");
}

fn abs(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .display()
        .to_string()
}
