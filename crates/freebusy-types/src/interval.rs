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
/// let t = Utc.with_ymd_and_hms(2008, 1, 2, 17, 30, 0).single().unwrap();
/// assert_eq!(format_time(t), "2008-01-02T17:30:00Z");
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
/// let t = parse_time("2008-09-25T00:00:00-07:00").unwrap();
/// assert_eq!(format_time(t), "2008-09-25T07:00:00Z");
/// assert!(parse_time("2008-09-25").is_err());
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
/// let a = Interval::from_millis(1_199_295_000_000, 1_199_296_800_000).unwrap();
/// assert_eq!(a.duration().num_minutes(), 30);
/// assert!(a.contains(a.start()));
/// assert!(!a.contains(a.end()));
/// assert!(Interval::new(a.end(), a.start()).is_err());
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn iv(a: i64, b: i64) -> Interval {
        Interval::from_millis(a, b).unwrap()
    }

    fn t(ms: i64) -> DateTime<Utc> {
        time_from_millis(ms).unwrap()
    }

    #[test]
    fn new_rejects_empty_and_reversed() {
        assert_eq!(
            Interval::new(t(5), t(5)),
            Err(IntervalError::Empty {
                start: t(5),
                end: t(5)
            })
        );
        assert_eq!(
            Interval::new(t(6), t(5)),
            Err(IntervalError::Reversed {
                start: t(6),
                end: t(5)
            })
        );
        let ok = Interval::new(t(5), t(6)).unwrap();
        assert_eq!((ok.start(), ok.end()), (t(5), t(6)));
    }

    #[test]
    fn error_messages_name_the_instants() {
        let err = Interval::from_millis(1_199_295_000_000, 1_199_295_000_000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "empty interval: start 2008-01-02T17:30:00Z equals end 2008-01-02T17:30:00Z (intervals must have start < end)"
        );
        let err = Interval::from_millis(1_199_296_800_000, 1_199_295_000_000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "reversed interval: start 2008-01-02T18:00:00Z is after end 2008-01-02T17:30:00Z (intervals must have start < end)"
        );
    }

    #[test]
    fn millis_round_trip_and_range() {
        let a = iv(-1_500, 1_199_295_000_123);
        assert_eq!(a.start_millis(), -1_500);
        assert_eq!(a.end_millis(), 1_199_295_000_123);
        assert_eq!(
            Interval::from_millis(i64::MIN, 0),
            Err(IntervalError::MillisOutOfRange { millis: i64::MIN })
        );
        let err = Interval::from_millis(0, i64::MAX).unwrap_err();
        assert_eq!(err, IntervalError::MillisOutOfRange { millis: i64::MAX });
        assert!(err.to_string().contains(&i64::MAX.to_string()));
    }

    #[test]
    fn duration_and_contains() {
        let a = iv(10, 20);
        assert_eq!(a.duration(), TimeDelta::milliseconds(10));
        assert!(!a.contains(t(9)));
        assert!(a.contains(t(10)));
        assert!(a.contains(t(19)));
        assert!(!a.contains(t(20)));
    }

    #[test]
    fn overlap_touch_intersection() {
        let a = iv(10, 20);
        // Disjoint.
        let far = iv(30, 40);
        assert!(!a.overlaps(&far) && !far.overlaps(&a));
        assert!(!a.touches_or_overlaps(&far));
        assert_eq!(a.intersection(&far), None);
        // Touching.
        let next = iv(20, 30);
        assert!(!a.overlaps(&next) && !next.overlaps(&a));
        assert!(a.touches_or_overlaps(&next) && next.touches_or_overlaps(&a));
        assert_eq!(a.intersection(&next), None);
        // Overlapping.
        let b = iv(15, 25);
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert_eq!(a.intersection(&b), Some(iv(15, 20)));
        assert_eq!(b.intersection(&a), Some(iv(15, 20)));
        // Nested.
        let inner = iv(12, 13);
        assert!(a.overlaps(&inner));
        assert_eq!(a.intersection(&inner), Some(inner));
        assert_eq!(a.intersection(&a), Some(a));
        assert_eq!(a.hull(&far), iv(10, 40));
    }

    #[test]
    fn ordering_is_start_then_end() {
        let mut v = vec![iv(5, 9), iv(1, 9), iv(1, 3)];
        v.sort();
        assert_eq!(v, vec![iv(1, 3), iv(1, 9), iv(5, 9)]);
    }

    #[test]
    fn time_text() {
        assert_eq!(format_time(t(1_199_295_000_000)), "2008-01-02T17:30:00Z");
        assert_eq!(
            format_time(t(1_199_295_000_250)),
            "2008-01-02T17:30:00.250Z"
        );
        assert_eq!(
            parse_time("2008-01-02T09:30:00-08:00").unwrap(),
            t(1_199_295_000_000)
        );
        assert_eq!(
            parse_time(" 2008-01-02T17:30:00.250Z ").unwrap(),
            t(1_199_295_000_250)
        );
        let err = parse_time("2008-13-02T17:30:00Z").unwrap_err();
        assert!(
            matches!(err, IntervalError::InvalidTime { ref value, .. } if value == "2008-13-02T17:30:00Z")
        );
        assert!(
            err.to_string().contains("\"2008-13-02T17:30:00Z\""),
            "{err}"
        );
    }

    #[test]
    fn display() {
        assert_eq!(
            iv(1_199_295_000_000, 1_199_296_800_000).to_string(),
            "2008-01-02T17:30:00Z/2008-01-02T18:00:00Z"
        );
    }
}
