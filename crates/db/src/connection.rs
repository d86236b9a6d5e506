use diesel::{Connection, ConnectionError, PgConnection};

use crate::database_url::scrub;
use crate::{DatabaseUrl, Error, Result};

/// Seconds libpq waits for a server before giving up, unless the URL says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: u32 = 10;

/// Opens a connection, turning libpq's failures into errors that say what to do.
pub fn connect(url: &DatabaseUrl) -> Result<PgConnection> {
    PgConnection::establish(&url.connection_string()).map_err(|e| classify(url, e))
}

/// Opens a connection for a command that writes, refusing a read-only standby
/// before anything is written: every write command connects through here.
pub fn connect_primary(url: &DatabaseUrl) -> Result<PgConnection> {
    let mut conn = connect(url)?;
    refuse_standby(&mut conn, url)?;
    Ok(conn)
}

/// Refuses (an input error) a connection that reached a read-only standby.
pub fn refuse_standby(conn: &mut PgConnection, url: &DatabaseUrl) -> Result<()> {
    if is_in_recovery(conn)? {
        return Err(Error::ReadOnlyStandby {
            target: url.redacted(),
        });
    }
    Ok(())
}

/// Whether the server is a standby replaying WAL (`pg_is_in_recovery()`).
pub fn is_in_recovery(conn: &mut PgConnection) -> diesel::QueryResult<bool> {
    use diesel::RunQueryDsl;
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
        "pg_is_in_recovery()",
    ))
    .get_result(conn)
}

fn classify(url: &DatabaseUrl, error: ConnectionError) -> Error {
    // libpq may quote parts of the connection string (a malformed parameter,
    // say): whatever it says passes through the scrubber first.
    let secrets = url.secrets();
    let detail = match error {
        ConnectionError::InvalidConnectionUrl(reason) => {
            return Error::InvalidUrl {
                reason: scrub(&one_line(&reason), &secrets),
            }
        }
        ConnectionError::BadConnection(message) => scrub(&one_line(&message), &secrets),
        other => scrub(&one_line(&other.to_string()), &secrets),
    };
    let target = url.redacted();
    let lower = detail.to_lowercase();
    if lower.contains("database") && lower.contains("does not exist") {
        Error::MissingDatabase {
            database: url.database().unwrap_or_default(),
            server: url.server(),
        }
    } else if lower.contains("password authentication failed")
        || lower.contains("no password supplied")
        || (lower.contains("role") && lower.contains("does not exist"))
    {
        Error::LoginRefused { target, detail }
    } else if [
        "connection refused",
        "could not connect",
        "timeout expired",
        "could not translate host name",
        "no such file or directory",
        "network is unreachable",
        "no route to host",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
    {
        Error::Unreachable { target, detail }
    } else {
        Error::Connection { target, detail }
    }
}

/// libpq's messages span several tab-indented lines and end with a question the
/// caller answers better; keep the first line.
fn one_line(message: &str) -> String {
    let first = message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(message);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}
