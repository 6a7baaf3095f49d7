//! Time on the wire and in storage.
//!
//! All instants are UTC `jiff::Timestamp`s. The wire uses RFC 3339; storage uses whole
//! microseconds since the Unix epoch in a 64-bit integer column, which sorts and compares
//! the same way on SQLite and PostgreSQL.

use jiff::{SignedDuration, Timestamp};

/// The storage form of an instant.
pub fn to_micros(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

/// Reads the storage form back; out-of-range values (only possible by hand-editing the
/// database) clamp to the nearest representable instant rather than panicking.
pub fn from_micros(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(if us < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// `at + d`, or `at` itself where that is out of range.
pub(crate) fn plus(at: Timestamp, d: SignedDuration) -> Timestamp {
    at.saturating_add(d).unwrap_or(at)
}

/// `at - d`, or `at` itself where that is out of range.
pub(crate) fn minus(at: Timestamp, d: SignedDuration) -> Timestamp {
    at.saturating_sub(d).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micros_round_trip() {
        let ts: Timestamp = "2026-11-25T12:34:56.789012Z".parse().unwrap();
        assert_eq!(from_micros(to_micros(ts)), ts);
        assert_eq!(from_micros(i64::MAX), Timestamp::MAX);
    }
}
