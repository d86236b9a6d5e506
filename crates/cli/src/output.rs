//! Small printing helpers shared by the subcommands.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

use serde::Serialize;

/// Credentials of the database URL(s) this run was given, never to be printed.
static SECRETS: OnceLock<Vec<String>> = OnceLock::new();

/// Shortest secret scrubbed from all output: replacing a one- or two-letter
/// password everywhere would garble every line (and the URL itself is always
/// printed redacted).
const MIN_SCRUBBED_LEN: usize = 3;

/// Remembers the credentials in these texts (arguments, `DATABASE_URL`,
/// `DATABASE_REPLICA_URLS`), even ones that do not parse as a URL. A text is
/// also read as a comma-separated list of URLs (`--replica a,b`).
pub fn hide_secrets_of(texts: impl IntoIterator<Item = String>) {
    let mut secrets: Vec<String> = texts
        .into_iter()
        .flat_map(|t| {
            let mut found = biositing_db::database_url::secrets_in(&t);
            if t.contains(',') {
                found.extend(
                    t.split(',')
                        .flat_map(biositing_db::database_url::secrets_in),
                );
            }
            found
        })
        .filter(|s| s.chars().count() >= MIN_SCRUBBED_LEN)
        .collect();
    secrets.dedup();
    let _ = SECRETS.set(secrets);
}

fn scrubbed(args: std::fmt::Arguments<'_>) -> String {
    let text = args.to_string();
    match SECRETS.get() {
        Some(secrets) if !secrets.is_empty() => biositing_db::database_url::scrub(&text, secrets),
        _ => text,
    }
}

/// Writes to stdout; a reader that went away (EPIPE) only stops the printing.
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(scrubbed(args).as_bytes());
}

/// Writes to stderr, ignoring a closed stream.
pub fn write_stderr(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr()
        .lock()
        .write_all(scrubbed(args).as_bytes());
}

/// `anyhow`'s chain on one line, without a backtrace. A cause whose text its
/// parent already quotes (`query failed: X` caused by `X`) is left out, and
/// line breaks inside a message become spaces.
pub fn one_line(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() || parts.iter().any(|parent| parent.contains(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// Human duration: `850 ms`, `3.2 s`, `2 min 5 s`.
pub fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} min {} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

/// Human size: `512 B`, `12 kB`, `3.4 MB`, `1.2 GB`.
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / f64::from(1 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.0} kB", n as f64 / f64::from(1 << 10)),
        n => format!("{n} B"),
    }
}

pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_quoted_by_its_parent_is_not_repeated() {
        let root = std::io::Error::other("permission denied for table x");
        let error = anyhow::Error::new(root)
            .context("database query failed: permission denied for table x");
        assert_eq!(
            one_line(&error),
            "database query failed: permission denied for table x"
        );
        let error = anyhow::anyhow!("first line\n\tsecond line").context("outer");
        assert_eq!(one_line(&error), "outer: first line second line");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(Duration::from_millis(850)), "850 ms");
        assert_eq!(duration(Duration::from_millis(3_240)), "3.2 s");
        assert_eq!(duration(Duration::from_secs(125)), "2 min 5 s");
    }
}
