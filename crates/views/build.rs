//! Records the fingerprint of this crate's compiled sources, so that a command run
//! inside a checkout can tell whether the binary was built from that checkout.

#[allow(dead_code)]
#[path = "src/fingerprint.rs"]
mod fingerprint;

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let src = manifest.join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let schema = src.join(fingerprint::SCHEMA_RS_FROM_VIEWS_SRC);
    if schema.is_file() {
        println!("cargo:rerun-if-changed={}", schema.display());
    }
    let fingerprint = fingerprint::source_fingerprint(&src).expect("read crates/views/src");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("fingerprint.txt"), fingerprint).expect("write fingerprint.txt");
    let schema = fingerprint::schema_fingerprint(&src).expect("read schema.rs");
    fs::write(
        out.join("schema_fingerprint.txt"),
        schema.unwrap_or_default(),
    )
    .expect("write schema_fingerprint.txt");
}
