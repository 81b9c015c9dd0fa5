//! An interval with its status: the one JSON form, and the list wrapper.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Interval, IntervalError, Status, format_time, parse_time};

/// One interval with its status.
///
/// This is *the* JSON form of an interval, exactly three keys in this order:
///
/// ```json
/// {"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}
/// ```
///
/// Times are written as RFC 3339 in UTC with `Z`, with whole seconds unless the instant has a
/// fraction (then 3, 6 or 9 digits). Reading accepts any UTC offset and converts to UTC,
/// ignores unknown keys, and rejects an unknown status, an invalid date-time or
/// `start >= end` with a message naming the bad value.
///
/// ```
/// use freebusy_types::{Status, StatusInterval};
///
/// let json = r#"{"status":"tentative","start":"2008-01-02T09:30:00-08:00","end":"2008-01-02T18:00:00Z"}"#;
/// let si: StatusInterval = serde_json::from_str(json)?;
/// assert_eq!(si.status, Status::Tentative);
/// assert_eq!(
///     serde_json::to_string(&si)?,
///     r#"{"status":"tentative","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusInterval {
    /// The status during the interval.
    pub status: Status,
    /// When.
    pub interval: Interval,
}

impl StatusInterval {
    /// Builds a status interval over `[start, end)`.
    ///
    /// # Errors
    ///
    /// As [`Interval::new`]: [`IntervalError::Empty`] or [`IntervalError::Reversed`]
    /// unless `start < end`.
    pub fn new(
        status: Status,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, IntervalError> {
        Ok(StatusInterval {
            status,
            interval: Interval::new(start, end)?,
        })
    }

    /// Builds a status interval from milliseconds since the Unix epoch.
    ///
    /// # Errors
    ///
    /// As [`Interval::from_millis`].
    pub fn from_millis(status: Status, start_ms: i64, end_ms: i64) -> Result<Self, IntervalError> {
        Ok(StatusInterval {
            status,
            interval: Interval::from_millis(start_ms, end_ms)?,
        })
    }

    /// The start of the interval.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.interval.start()
    }

    /// The (exclusive) end of the interval.
    #[must_use]
    pub fn end(&self) -> DateTime<Utc> {
        self.interval.end()
    }

    /// The start in milliseconds since the Unix epoch, as [`Interval::start_millis`].
    #[must_use]
    pub fn start_millis(&self) -> i64 {
        self.interval.start_millis()
    }

    /// The end in milliseconds since the Unix epoch, as [`Interval::end_millis`].
    #[must_use]
    pub fn end_millis(&self) -> i64 {
        self.interval.end_millis()
    }

    /// The length of the interval.
    #[must_use]
    pub fn duration(&self) -> TimeDelta {
        self.interval.duration()
    }
}

impl fmt::Display for StatusInterval {
    /// `busy 2008-01-02T17:30:00Z/2008-01-02T18:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.interval)
    }
}

impl Serialize for StatusInterval {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("StatusInterval", 3)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("start", &format_time(self.start()))?;
        s.serialize_field("end", &format_time(self.end()))?;
        s.end()
    }
}

const FIELDS: &[&str] = &["status", "start", "end"];

impl<'de> Deserialize<'de> for StatusInterval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("StatusInterval", FIELDS, StatusIntervalVisitor)
    }
}

struct StatusIntervalVisitor;

fn time_value<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &'static str,
) -> Result<DateTime<Utc>, A::Error> {
    let text: String = map.next_value()?;
    parse_time(&text).map_err(|e| de::Error::custom(format_args!("`{key}`: {e}")))
}

impl<'de> Visitor<'de> for StatusIntervalVisitor {
    type Value = StatusInterval;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with \"status\", \"start\" and \"end\"")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StatusInterval, A::Error> {
        let mut status: Option<Status> = None;
        let mut start: Option<DateTime<Utc>> = None;
        let mut end: Option<DateTime<Utc>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "status" => {
                    if status.is_some() {
                        return Err(de::Error::duplicate_field("status"));
                    }
                    status = Some(map.next_value()?);
                }
                "start" => {
                    if start.is_some() {
                        return Err(de::Error::duplicate_field("start"));
                    }
                    start = Some(time_value(&mut map, "start")?);
                }
                "end" => {
                    if end.is_some() {
                        return Err(de::Error::duplicate_field("end"));
                    }
                    end = Some(time_value(&mut map, "end")?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let status = status.ok_or_else(|| de::Error::missing_field("status"))?;
        let start = start.ok_or_else(|| de::Error::missing_field("start"))?;
        let end = end.ok_or_else(|| de::Error::missing_field("end"))?;
        StatusInterval::new(status, start, end).map_err(de::Error::custom)
    }
}

/// The `{"intervals":[...]}` wrapper read and written by the command-line tool.
///
/// ```
/// use freebusy_types::{IntervalList, Status, StatusInterval};
///
/// let list: IntervalList = serde_json::from_str(
///     r#"{"intervals":[{"status":"oof","start":"2008-01-02T00:00:00Z","end":"2008-01-03T00:00:00Z"}]}"#,
/// )?;
/// assert_eq!(list.intervals.len(), 1);
/// assert_eq!(list.intervals[0].status, Status::OutOfOffice);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntervalList {
    /// The intervals, in whatever order they were given.
    pub intervals: Vec<StatusInterval>,
}

impl IntervalList {
    /// Wraps a vector of intervals.
    #[must_use]
    pub fn new(intervals: Vec<StatusInterval>) -> Self {
        IntervalList { intervals }
    }

    /// The same list after [`overlay`](crate::overlay): sorted, non-overlapping, merged.
    #[must_use]
    pub fn overlaid(&self) -> IntervalList {
        IntervalList {
            intervals: crate::overlay(self.intervals.iter().copied()),
        }
    }
}

impl From<Vec<StatusInterval>> for IntervalList {
    fn from(intervals: Vec<StatusInterval>) -> Self {
        IntervalList { intervals }
    }
}

impl From<IntervalList> for Vec<StatusInterval> {
    fn from(list: IntervalList) -> Self {
        list.intervals
    }
}

impl FromIterator<StatusInterval> for IntervalList {
    fn from_iter<I: IntoIterator<Item = StatusInterval>>(iter: I) -> Self {
        IntervalList {
            intervals: iter.into_iter().collect(),
        }
    }
}

impl IntoIterator for IntervalList {
    type Item = StatusInterval;
    type IntoIter = std::vec::IntoIter<StatusInterval>;

    fn into_iter(self) -> Self::IntoIter {
        self.intervals.into_iter()
    }
}

impl<'a> IntoIterator for &'a IntervalList {
    type Item = &'a StatusInterval;
    type IntoIter = std::slice::Iter<'a, StatusInterval>;

    fn into_iter(self) -> Self::IntoIter {
        self.intervals.iter()
    }
}
