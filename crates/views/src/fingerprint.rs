//! The fingerprint of the views crate's compiled sources: every file under
//! `crates/views/src` except the `definition.sql` files, which commands read from
//! the checkout at run time. The build script computes it for the binary; a
//! command run inside a checkout computes it again from the files and, when the
//! two differ, knows the binary was built from other sources. (This file is also
//! compiled into the build script, so it uses nothing but std and sha2.)

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// File name of a view's development definition, read at run time.
pub const DEFINITION_FILE: &str = "definition.sql";

/// SHA-256 (hex) over the relative path and content of every compiled source file
/// under `src_dir`, in path order.
pub fn source_fingerprint(src_dir: &Path) -> io::Result<String> {
    let mut files = Vec::new();
    collect(src_dir, src_dir, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for relative in files {
        let content = std::fs::read(src_dir.join(&relative))?;
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update(&content);
        hasher.update([0]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path: PathBuf = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.file_name().and_then(|n| n.to_str()) != Some(DEFINITION_FILE) {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(relative);
        }
    }
    Ok(())
}
