use std::fmt;

use url::Url;

use crate::{Error, Result};

/// A PostgreSQL connection URL that has been checked, and that never shows its
/// password when displayed.
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

    /// The URL with its password replaced, safe to print.
    pub fn redacted(&self) -> String {
        let mut url = self.url.clone();
        if url.password().is_some() {
            // Setting a password only fails for URLs without a host, which have none to hide.
            let _ = url.set_password(Some("****"));
        }
        url.to_string()
    }

    /// The URL as handed to libpq by [`crate::connect`]: with a connect timeout
    /// unless the URL sets one. For connection pools.
    pub fn connection_string(&self) -> String {
        self.with_default_param(
            "connect_timeout",
            &crate::DEFAULT_CONNECT_TIMEOUT_SECS.to_string(),
        )
        .as_str()
        .to_string()
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
