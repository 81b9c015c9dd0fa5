//! Half-open UTC intervals and the text form of their instants.

use std::fmt;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};

use crate::IntervalError;

/// Formats an instant the way the JSON form writes it: RFC 3339 in UTC with `Z`, whole
/// seconds when there is no fraction (`2008-01-02T17:30:00Z`), otherwise 3, 6 or 9 fraction
/// digits as needed (`2008-01-02T17:30:00.250Z`).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use freebusy_types::format_time;
///
/// let t = Utc.with_ymd_and_hms(2008, 1, 2, 17, 30, 0).single().ok_or("invalid date")?;
/// assert_eq!(format_time(t), "2008-01-02T17:30:00Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parses an RFC 3339 date-time with any UTC offset (`Z`, `+02:00`, `-07:00`, …) and
/// converts it to UTC. Leading and trailing whitespace is ignored.
///
/// ```
/// use freebusy_types::{format_time, parse_time};
///
/// let t = parse_time("2008-09-25T00:00:00-07:00")?;
/// assert_eq!(format_time(t), "2008-09-25T07:00:00Z");
/// assert!(parse_time("2008-09-25").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`IntervalError::InvalidTime`] naming the text when it is not an RFC 3339 date-time.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, IntervalError> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|source| IntervalError::InvalidTime {
            value: s.to_owned(),
            source,
        })
}

/// Converts milliseconds since the Unix epoch to an instant.
///
/// # Errors
///
/// [`IntervalError::MillisOutOfRange`] when chrono cannot represent the instant.
pub fn time_from_millis(millis: i64) -> Result<DateTime<Utc>, IntervalError> {
    DateTime::from_timestamp_millis(millis).ok_or(IntervalError::MillisOutOfRange { millis })
}

/// A half-open UTC interval `[start, end)` with `start < end`: never empty.
///
/// The derived ordering sorts by start, then by end.
///
/// ```
/// use freebusy_types::Interval;
///
/// // 2008-01-02T17:30Z .. 18:00Z
/// let a = Interval::from_millis(1_199_295_000_000, 1_199_296_800_000)?;
/// assert_eq!(a.duration().num_minutes(), 30);
/// assert!(a.contains(a.start()));
/// assert!(!a.contains(a.end()));
/// assert!(Interval::new(a.end(), a.start()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Interval {
    /// Builds `[start, end)`.
    ///
    /// # Errors
    ///
    /// [`IntervalError::Empty`] when `start == end`, [`IntervalError::Reversed`] when
    /// `start > end`; both carry the two instants.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Interval, IntervalError> {
        match start.cmp(&end) {
            std::cmp::Ordering::Less => Ok(Interval { start, end }),
            std::cmp::Ordering::Equal => Err(IntervalError::Empty { start, end }),
            std::cmp::Ordering::Greater => Err(IntervalError::Reversed { start, end }),
        }
    }

    /// Builds an interval from milliseconds since the Unix epoch.
    ///
    /// # Errors
    ///
    /// [`IntervalError::MillisOutOfRange`] when either value is outside chrono's range,
    /// otherwise as [`Interval::new`].
    pub fn from_millis(start_ms: i64, end_ms: i64) -> Result<Interval, IntervalError> {
        Interval::new(time_from_millis(start_ms)?, time_from_millis(end_ms)?)
    }

    /// The first instant inside the interval.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The first instant after the interval (exclusive end).
    #[must_use]
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// The start in milliseconds since the Unix epoch (sub-millisecond parts truncated
    /// towards the past).
    #[must_use]
    pub fn start_millis(&self) -> i64 {
        self.start.timestamp_millis()
    }

    /// The end in milliseconds since the Unix epoch (sub-millisecond parts truncated
    /// towards the past).
    #[must_use]
    pub fn end_millis(&self) -> i64 {
        self.end.timestamp_millis()
    }

    /// `end - start`, always positive.
    #[must_use]
    pub fn duration(&self) -> TimeDelta {
        self.end - self.start
    }

    /// Whether `start <= t < end`.
    #[must_use]
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether the two intervals share at least one instant (touching is not overlapping).
    #[must_use]
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether the two intervals overlap or one ends exactly where the other starts.
    #[must_use]
    pub fn touches_or_overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The instants both intervals share, if any.
    #[must_use]
    pub fn intersection(&self, other: &Interval) -> Option<Interval> {
        Interval::new(self.start.max(other.start), self.end.min(other.end)).ok()
    }

    /// The smallest interval containing both (including any gap between them).
    #[must_use]
    pub fn hull(&self, other: &Interval) -> Interval {
        Interval {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Display for Interval {
    /// ISO 8601 interval notation: `2008-01-02T17:30:00Z/2008-01-02T18:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", format_time(self.start), format_time(self.end))
    }
}
