//! Conversion errors: each names the user and the interval that could not be converted.

use freebusy_types::{Interval, IntervalError, Status};

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConversionError {
    /// A Zimbra interval that is not an interval (end not after start, or milliseconds
    /// outside the representable range).
    #[error(
        "user {user:?}: interval {index} (<{element} s=\"{start_ms}\" e=\"{end_ms}\"/>) cannot be converted: {source}"
    )]
    ZimbraInterval {
        /// The `usr` id.
        user: String,
        /// One-based position among the user's intervals.
        index: usize,
        /// The interval's element name (`f`, `b`, `t`, `u`, `n`).
        element: &'static str,
        /// Its start, ms since the epoch.
        start_ms: i64,
        /// Its end, ms since the epoch.
        end_ms: i64,
        /// What is wrong with it.
        source: IntervalError,
    },
    /// Nothing in the range is known: Exchange has no way to publish "no data".
    #[error("user {user:?}: nothing to publish: all of {range} is no-data")]
    NothingToPublish {
        /// The user.
        user: String,
        /// The range that was all no-data.
        range: Interval,
    },
    /// An interval outside what Exchange's minute counts can hold (1601..5683).
    #[error("user {user:?}: {status} interval {interval} cannot be published: {source}")]
    Exchange {
        /// The user.
        user: String,
        /// The status of the interval that failed (the whole range for the publish range).
        status: Status,
        /// The interval that failed.
        interval: Interval,
        /// The Exchange codec's error.
        source: Box<exchange_freebusy::Error>,
    },
    /// A raster that cannot be read or written.
    #[error("{}: {reason}", raster_of(.user.as_deref()))]
    Raster {
        /// The user (or `All Attendees`), when the raster belongs to one.
        user: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A publish window that cannot be computed.
    #[error("publish window: {reason}")]
    Window {
        /// What is wrong.
        reason: String,
    },
}

fn raster_of(user: Option<&str>) -> String {
    match user {
        Some(u) => format!("raster of {u:?}"),
        None => "raster".to_string(),
    }
}
