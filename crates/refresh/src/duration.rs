use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::PgConnection;

use crate::Error;

/// The longest duration PostgreSQL's `lock_timeout` and `statement_timeout`
/// take: `i32::MAX` milliseconds (about 596 hours).
pub const MAX_TIMEOUT: Duration = Duration::from_millis(i32::MAX as u64);

/// Parses `500ms`, `30s`, `5m`, `1h` (a bare number means seconds). Refuses a
/// duration PostgreSQL cannot take as a timeout (above [`MAX_TIMEOUT`]).
pub fn parse_duration(text: &str) -> Result<Duration, Error> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = match number.parse() {
        Ok(value) => value,
        // All digits, yet no u64: far above any timeout PostgreSQL takes.
        Err(_) if !number.is_empty() => return Err(Error::DurationTooLong(text.to_string())),
        Err(_) => return Err(Error::InvalidDuration(text.to_string())),
    };
    let per_unit: u64 = match unit.trim() {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err(Error::InvalidDuration(text.to_string())),
    };
    match value.checked_mul(per_unit) {
        Some(millis) if millis <= MAX_TIMEOUT.as_millis() as u64 => {
            Ok(Duration::from_millis(millis))
        }
        _ => Err(Error::DurationTooLong(text.to_string())),
    }
}

/// Bounds every later statement of the session: a wait for a lock fails after
/// `lock_timeout`, a statement after `statement_timeout` (`None`: the server's
/// default for the session). A `lock_timeout` of zero means "do not wait":
/// PostgreSQL's own 0 (wait forever) is never sent; the shortest wait, 1 ms, is.
/// The server is also asked to notice a vanished client within a second, so a
/// killed refresh stops instead of running on (PostgreSQL 14 and later).
pub fn set_session_timeouts(
    conn: &mut PgConnection,
    lock_timeout: Duration,
    statement_timeout: Option<Duration>,
) -> diesel::QueryResult<()> {
    let lock_ms = lock_timeout.as_millis().clamp(1, MAX_TIMEOUT.as_millis());
    let statement = match statement_timeout {
        Some(limit) => format!(
            "SET statement_timeout = {};",
            limit.as_millis().clamp(1, MAX_TIMEOUT.as_millis())
        ),
        None => "RESET statement_timeout;".to_string(),
    };
    conn.batch_execute(&format!(
        "SET lock_timeout = {lock_ms}; {statement}
         SELECT set_config('client_connection_check_interval', '1000', false)
          WHERE current_setting('server_version_num')::int >= 140000;"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("7").unwrap(), Duration::from_secs(7));
        assert_eq!(parse_duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 fortnights").is_err());
    }

    #[test]
    fn durations_postgres_cannot_take_are_refused() {
        assert_eq!(
            parse_duration("2147483647ms").unwrap(),
            Duration::from_millis(2_147_483_647)
        );
        assert_eq!(
            parse_duration("596h").unwrap(),
            Duration::from_secs(596 * 3600)
        );
        for too_long in [
            "2147483648ms",
            "597h",
            "99999999999999999999h",
            "18446744073709551615s",
        ] {
            let err = parse_duration(too_long).unwrap_err();
            assert!(
                matches!(err, Error::DurationTooLong(_)),
                "{too_long}: {err}"
            );
            assert!(err.is_input_error());
            assert!(err.to_string().contains("at most 596h"), "{err}");
        }
    }
}
