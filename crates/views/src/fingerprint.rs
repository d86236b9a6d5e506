//! The fingerprint of the compiled sources a command depends on: every file under
//! `crates/views/src` except the `definition.sql` files, which commands read from
//! the checkout at run time, and `crates/models/src/schema.rs` (what `verify`
//! compares the base tables with). The build script computes it for the binary; a
//! command run inside a checkout computes it again from the files and, when the
//! two differ, knows the binary was built from other sources. Rust files count by
//! their tokens, not their bytes: comments, layout and trailing commas (what
//! `cargo fmt` or a reworded comment changes) leave the build as it was. (This
//! file is also compiled into the build script, so it uses nothing but std and
//! sha2.)

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// File name of a view's development definition, read at run time.
pub const DEFINITION_FILE: &str = "definition.sql";

/// `crates/models/src/schema.rs`, relative to `crates/views/src`.
pub const SCHEMA_RS_FROM_VIEWS_SRC: &str = "../../models/src/schema.rs";

/// SHA-256 (hex) over the relative path and content (tokens, for Rust files) of
/// every compiled source file under `src_dir`, in path order.
pub fn source_fingerprint(src_dir: &Path) -> io::Result<String> {
    let mut files = Vec::new();
    collect(src_dir, src_dir, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for relative in files {
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hash_source(&mut hasher, &src_dir.join(&relative))?;
        hasher.update([0]);
    }
    Ok(hex(hasher))
}

/// SHA-256 (hex) over the tokens of the models' `schema.rs` next to `src_dir`
/// (`crates/views/src`), or `None` when there is none (a partial copy).
pub fn schema_fingerprint(src_dir: &Path) -> io::Result<Option<String>> {
    let schema = src_dir.join(SCHEMA_RS_FROM_VIEWS_SRC);
    if !schema.is_file() {
        return Ok(None);
    }
    let mut hasher = Sha256::new();
    hash_source(&mut hasher, &schema)?;
    Ok(Some(hex(hasher)))
}

fn hash_source(hasher: &mut Sha256, path: &Path) -> io::Result<()> {
    let content = std::fs::read(path)?;
    let rust = path.extension().is_some_and(|e| e == "rs");
    match (rust, String::from_utf8(content)) {
        (true, Ok(text)) => hasher.update(rust_tokens(&text).as_bytes()),
        (_, Ok(text)) => hasher.update(text.as_bytes()),
        (_, Err(bytes)) => hasher.update(bytes.as_bytes()),
    }
    Ok(())
}

fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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

/// Rust source as the compiler sees it, roughly: comments dropped, whitespace
/// kept only where it separates two words, string and character literals
/// verbatim, and a comma right before a closing bracket dropped.
pub fn rust_tokens(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            space = true;
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if space && out.chars().last().is_some_and(word) && word(c) {
            out.push(' ');
        }
        space = false;
        if matches!(c, ')' | ']' | '}') && out.ends_with(',') {
            out.pop();
        }
        let literal_end = literal_end(&chars, i);
        match literal_end {
            Some(end) => {
                out.extend(&chars[i..end]);
                i = end;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Where the string or character literal starting at `i` ends (exclusive), if
/// one starts there: `"…"`, `r"…"`, `r#"…"#`, `b"…"`, `'x'`, `'\n'`.
fn literal_end(chars: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).copied();
    let preceded_by_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut start = i;
    if at(start) == Some('b') && !preceded_by_word {
        start += 1;
    }
    if at(start) == Some('r') && (start == i || !preceded_by_word) {
        let mut hashes = 0;
        let mut k = start + 1;
        while at(k) == Some('#') {
            hashes += 1;
            k += 1;
        }
        if at(k) == Some('"') && !(start == i && preceded_by_word) {
            k += 1;
            while k < chars.len() {
                if chars[k] == '"' && (1..=hashes).all(|h| at(k + h) == Some('#')) {
                    return Some(k + 1 + hashes);
                }
                k += 1;
            }
            return Some(chars.len());
        }
        return None;
    }
    if at(start) == Some('"') && !(start == i && preceded_by_word) {
        let mut k = start + 1;
        while k < chars.len() {
            match chars[k] {
                '\\' => k += 2,
                '"' => return Some(k + 1),
                _ => k += 1,
            }
        }
        return Some(chars.len());
    }
    if at(i) == Some('\'') {
        // A character literal, not a lifetime: 'x' or an escape.
        if at(i + 1) == Some('\\') {
            let mut k = i + 2;
            while k < chars.len() && chars[k] != '\'' {
                k += 1;
            }
            return Some((k + 1).min(chars.len()));
        }
        if at(i + 2) == Some('\'') {
            return Some(i + 3);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::rust_tokens;

    #[test]
    fn layout_comments_and_trailing_commas_do_not_count() {
        let a =
            "use x::{A, B};\n// a comment\nfn f(a: i32,) -> &'static str {\n    \"a  // b\"\n}\n";
        let b = "use x::{A, B};\n/* other */ fn f(\n    a: i32\n) -> &'static str { \"a  // b\" }";
        assert_eq!(rust_tokens(a), rust_tokens(b));
        assert_ne!(rust_tokens(a), rust_tokens(&a.replace("i32", "i64")));
        assert_ne!(rust_tokens(a), rust_tokens(&a.replace("a  // b", "a // b")));
        assert_eq!(rust_tokens("let c = '\\'';"), "let c='\\'';");
        assert_eq!(rust_tokens("r#\"x  y\"#  ,]"), "r#\"x  y\"#]");
    }
}
