//! Error types.

use chrono::{DateTime, Utc};
use thiserror::Error;

/// Why an [`Interval`](crate::Interval) (or a time inside one) could not be built.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IntervalError {
    /// The start equals the end: intervals are never empty.
    #[error("empty interval: start {start} equals end {end} (intervals must have start < end)", start = crate::format_time(*.start), end = crate::format_time(*.end))]
    Empty {
        /// The requested start.
        start: DateTime<Utc>,
        /// The requested end (equal to `start`).
        end: DateTime<Utc>,
    },
    /// The start lies after the end.
    #[error("reversed interval: start {start} is after end {end} (intervals must have start < end)", start = crate::format_time(*.start), end = crate::format_time(*.end))]
    Reversed {
        /// The requested start.
        start: DateTime<Utc>,
        /// The requested end (before `start`).
        end: DateTime<Utc>,
    },
    /// A count of milliseconds since the Unix epoch lies outside the range chrono can represent.
    #[error("timestamp {millis} ms since the Unix epoch is out of range")]
    MillisOutOfRange {
        /// The offending number of milliseconds.
        millis: i64,
    },
    /// A text time is not a valid RFC 3339 date-time.
    #[error("invalid RFC 3339 date-time {value:?}: {source}")]
    InvalidTime {
        /// The text that failed to parse.
        value: String,
        /// What chrono reported.
        source: chrono::ParseError,
    },
}

/// A status name that is not one of the five JSON names
/// (`free`, `nodata`, `tentative`, `busy`, `oof`).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error(
    "unknown status {value:?}: expected one of \"free\", \"nodata\", \"tentative\", \"busy\", \"oof\""
)]
pub struct ParseStatusError {
    value: String,
}

impl ParseStatusError {
    pub(crate) fn new(value: &str) -> Self {
        Self {
            value: value.to_owned(),
        }
    }

    /// The text that was not a status name.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }
}
