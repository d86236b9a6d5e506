use std::fmt;

use url::Url;

use crate::{Error, Result};

/// Query parameters (and conninfo keywords) whose values are, or lead to, a
/// credential. Their values are never printed.
pub const SECRET_PARAMETERS: &[&str] = &["password", "passfile", "sslpassword", "sslkey"];

const REDACTED: &str = "****";

/// A PostgreSQL connection URL that has been checked, and that never shows its
/// password (nor any other credential-bearing parameter) when displayed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: Url,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Error::MissingUrl);
        }
        // libpq decodes escapes itself and quotes the offending text (the
        // password, say) when one is malformed: refuse those here, without echo.
        check_percent_escapes(raw)?;
        // The url crate's messages name the problem, never the input.
        let url = Url::parse(raw).map_err(|e| Error::InvalidUrl {
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(Error::InvalidUrl {
                reason: format!(
                    "scheme `{}` is not postgres:// or postgresql://",
                    url.scheme()
                ),
            });
        }
        let parsed = Self { url };
        if parsed.database().is_none() {
            return Err(Error::InvalidUrl {
                reason: "it names no database".into(),
            });
        }
        Ok(parsed)
    }

    /// The URL to hand to libpq.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The database name the URL points at.
    pub fn database(&self) -> Option<String> {
        let path = self.url.path().trim_start_matches('/');
        if path.is_empty() {
            return None;
        }
        Some(percent_decode(path))
    }

    /// The same server and credentials, another database.
    pub fn with_database(&self, database: &str) -> Self {
        let mut url = self.url.clone();
        // `set_path` percent-encodes what a path cannot hold.
        url.set_path(&format!("/{database}"));
        Self { url }
    }

    /// `host:port` as far as the URL tells it, for messages.
    pub fn server(&self) -> String {
        let host = self
            .url
            .host_str()
            .filter(|h| !h.is_empty())
            .unwrap_or("local socket");
        match self.url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        }
    }

    /// The URL with its password and credential-bearing parameters replaced,
    /// safe to print.
    pub fn redacted(&self) -> String {
        let mut url = self.url.clone();
        if url.password().is_some() && url.set_password(Some(REDACTED)).is_err() {
            // Only URLs without a host refuse a password; drop the userinfo whole.
            let _ = url.set_username("");
        }
        if url.query().is_some() {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(key, value)| {
                    let value = if is_secret_parameter(&key) {
                        REDACTED.to_string()
                    } else {
                        value.into_owned()
                    };
                    (key.into_owned(), value)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }

    /// Every credential in the URL, as written and decoded: what
    /// [`scrub`] must remove from a message that may quote the URL.
    pub fn secrets(&self) -> Vec<String> {
        secrets_in(self.url.as_str())
    }

    /// The URL as handed to libpq by [`crate::connect`]: with a connect timeout
    /// and an application name (so other sessions' messages can name these
    /// connections) unless the URL sets them. For connection pools.
    pub fn connection_string(&self) -> String {
        self.with_default_param(
            "connect_timeout",
            &crate::DEFAULT_CONNECT_TIMEOUT_SECS.to_string(),
        )
        .with_default_param("application_name", "biositing")
        .as_str()
        .to_string()
    }

    /// The URL with libpq's `connect_timeout` (whole seconds; libpq takes at
    /// least 2) unless it sets one: to bound a connection by the user's own
    /// limit rather than the default.
    pub fn with_default_connect_timeout(&self, timeout: std::time::Duration) -> Self {
        let secs = timeout.as_secs_f64().ceil().max(2.0);
        self.with_default_param("connect_timeout", &format!("{secs:.0}"))
    }

    /// Adds a query parameter unless the URL already sets it.
    pub(crate) fn with_default_param(&self, key: &str, value: &str) -> Self {
        if self.url.query_pairs().any(|(k, _)| k == key) {
            return self.clone();
        }
        let mut url = self.url.clone();
        url.query_pairs_mut().append_pair(key, value);
        Self { url }
    }
}

fn is_secret_parameter(key: &str) -> bool {
    SECRET_PARAMETERS
        .iter()
        .any(|secret| key.trim().eq_ignore_ascii_case(secret))
}

/// Every `%` must start an escape of two hex digits, and none may decode to NUL.
fn check_percent_escapes(raw: &str) -> Result<()> {
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('%') {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.map(|h| u8::from_str_radix(h, 16)) {
            Some(Ok(0)) => {
                return Err(Error::InvalidUrl {
                    reason: "it holds the escape %00 (a NUL byte), which PostgreSQL cannot take".into(),
                })
            }
            Some(Ok(_)) => {}
            _ => {
                return Err(Error::InvalidUrl {
                    reason: "a `%` in it does not start a two-digit hex escape (write a literal % as %25, e.g. in a password)".into(),
                })
            }
        }
    }
    Ok(())
}

/// The credentials in a connection string that may not even parse: the
/// password of a `scheme://user:password@host` URL, the values of
/// [`SECRET_PARAMETERS`] in its query, and of `password=…` (etc.) in a
/// `key=value` conninfo string; each as written and percent-decoded. Lenient
/// on purpose: it serves to scrub messages, never to connect.
pub fn secrets_in(raw: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut add = |value: &str| {
        for candidate in [value.to_string(), percent_decode(value)] {
            if !candidate.is_empty() && candidate != REDACTED && !found.contains(&candidate) {
                found.push(candidate);
            }
        }
    };
    if let Some((_, rest)) = raw.split_once("://") {
        let (head, query) = match rest.split_once('?') {
            Some((head, query)) => (head, Some(query)),
            None => (rest, None),
        };
        // The last `@` ends the userinfo: an unescaped `@` in a password is a typo
        // whose text must still not show.
        if let Some((userinfo, _)) = head.rsplit_once('@') {
            if let Some((_, password)) = userinfo.split_once(':') {
                add(password);
            }
        }
        for pair in query.unwrap_or("").split('&') {
            if let Some((key, value)) = pair.split_once('=') {
                if is_secret_parameter(&percent_decode(key)) {
                    add(value.split('#').next().unwrap_or(value));
                }
            }
        }
    } else {
        for (key, value) in conninfo_pairs(raw) {
            if is_secret_parameter(&key) {
                add(&value);
            }
        }
    }
    // Longest first, so that scrubbing never leaves the tail of a longer secret.
    found.sort_by_key(|s| std::cmp::Reverse(s.len()));
    found
}

/// Replaces every occurrence of each secret in `text`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    sorted.into_iter().fold(text.to_string(), |text, secret| {
        text.replace(secret.as_str(), REDACTED)
    })
}

/// `key = value` pairs of a libpq conninfo string (values bare or in single
/// quotes with backslash escapes).
fn conninfo_pairs(raw: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = raw.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let key: String =
            std::iter::from_fn(|| chars.next_if(|c| *c != '=' && !c.is_whitespace())).collect();
        if key.is_empty() && chars.peek().is_none() {
            break;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_none() {
            if chars.peek().is_none() {
                break;
            }
            continue;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '\'' => break,
                    other => value.push(other),
                }
            }
        } else {
            value.extend(std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())));
        }
        pairs.push((key, value));
    }
    pairs
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_never_shows() {
        let url = DatabaseUrl::parse("postgres://alice:s3cret@db.example:5433/portal").unwrap();
        assert_eq!(
            url.to_string(),
            "postgres://alice:****@db.example:5433/portal"
        );
        assert_eq!(
            format!("{url:?}"),
            "DatabaseUrl(postgres://alice:****@db.example:5433/portal)"
        );
        assert_eq!(url.server(), "db.example:5433");
        assert_eq!(url.database().as_deref(), Some("portal"));
    }

    #[test]
    fn credential_parameters_never_show() {
        let url = DatabaseUrl::parse(
            "postgres://alice@db/portal?sslmode=require&password=MARK1&sslpassword=MARK2&passfile=/home/MARK3&sslkey=/k/MARK4",
        )
        .unwrap();
        let shown = url.redacted();
        assert!(!shown.contains("MARK"), "{shown}");
        assert!(shown.contains("sslmode=require"), "{shown}");
        assert!(shown.contains("password=****"), "{shown}");
        let secrets = url.secrets();
        for mark in ["MARK1", "MARK2", "/home/MARK3", "/k/MARK4"] {
            assert!(secrets.iter().any(|s| s == mark), "{mark} in {secrets:?}");
        }
        assert_eq!(
            scrub("libpq said: bad password MARK1 and key /k/MARK4", &secrets),
            "libpq said: bad password **** and key ****"
        );
    }

    #[test]
    fn malformed_escapes_are_refused_without_echo() {
        for raw in [
            "postgres://u:S3cr3t%zzPW@h/db",
            "postgres://u:S3cr3t%00PW@h/db",
            "postgres://u:S3cr3t%2@h/db",
            "postgres://u@h/db?password=S3cr3t%zz",
        ] {
            let err = DatabaseUrl::parse(raw).unwrap_err().to_string();
            assert!(!err.contains("S3cr3t"), "{raw}: {err}");
            assert!(err.starts_with("invalid database URL"), "{raw}: {err}");
        }
        assert!(DatabaseUrl::parse("postgres://u:a%40b@h/db").is_ok());
    }

    #[test]
    fn secrets_are_found_in_text_that_does_not_parse() {
        assert_eq!(
            secrets_in("postgres://u:S3cr3t%zzPW@h:x/db"),
            vec!["S3cr3t%zzPW"]
        );
        assert_eq!(secrets_in("postgres://u:p@ss@h/db"), vec!["p@ss"]);
        assert_eq!(
            secrets_in("postgres://u:a%41b@h/db"),
            vec!["a%41b".to_string(), "aAb".to_string()]
        );
        let conninfo = secrets_in("host=h password = 'a b\\'c' dbname=x sslpassword=two");
        assert_eq!(conninfo, vec!["a b'c".to_string(), "two".to_string()]);
        assert!(secrets_in("postgres://u@h/db").is_empty());
    }

    #[test]
    fn rejects_what_is_not_a_postgres_url() {
        assert!(matches!(DatabaseUrl::parse(""), Err(Error::MissingUrl)));
        let err = DatabaseUrl::parse("mysql://root@localhost/db").unwrap_err();
        assert!(err.to_string().contains("scheme `mysql`"), "{err}");
        let err = DatabaseUrl::parse("postgres://localhost").unwrap_err();
        assert!(err.to_string().contains("names no database"), "{err}");
        assert!(matches!(
            DatabaseUrl::parse("not a url"),
            Err(Error::InvalidUrl { .. })
        ));
    }

    #[test]
    fn swaps_database_and_adds_default_params_once() {
        let url = DatabaseUrl::parse("postgresql://u@h/one?sslmode=disable").unwrap();
        assert_eq!(
            url.with_database("two").as_str(),
            "postgresql://u@h/two?sslmode=disable"
        );
        let spaced = url.with_database("my db");
        assert_eq!(spaced.as_str(), "postgresql://u@h/my%20db?sslmode=disable");
        assert_eq!(spaced.database().as_deref(), Some("my db"));
        let timed = url.with_default_param("connect_timeout", "10");
        assert_eq!(
            timed.as_str(),
            "postgresql://u@h/one?sslmode=disable&connect_timeout=10"
        );
        assert_eq!(timed.with_default_param("connect_timeout", "3"), timed);
    }
}
