//! The crate's error type: one enum, each variant naming what was wrong and where.

use chrono::{DateTime, Utc};
use freebusy_types::format_time;

use crate::time::{Month, SysTime};

/// Why a month's event blob is not acceptable (see [`crate::blocks::MonthBlocks::decode`]).
///
/// `index` is the zero-based number of the 4-byte block in the blob.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BlockError {
    /// The blob's length is not a multiple of 4 bytes.
    #[error("blob length {len} is not a multiple of 4 bytes")]
    Length {
        /// The length in bytes.
        len: usize,
    },
    /// A block ends before it starts: what a writer that lets a `u16` wrap past 65535
    /// produces (Zimbra does, for events longer than the rest of the month).
    #[error(
        "block {index} ends at minute {end} before it starts at minute {start} (u16 wraparound?)"
    )]
    Reversed {
        /// Block number.
        index: usize,
        /// Its start minute.
        start: u16,
        /// Its end minute.
        end: u16,
    },
    /// A block ends after the month's last minute (its length `L` in minutes).
    #[error("block {index} ends at minute {end}, past the month's end at minute {limit}")]
    PastMonthEnd {
        /// Block number.
        index: usize,
        /// Its end minute.
        end: u16,
        /// The month's length in minutes (the largest allowed end).
        limit: u16,
    },
    /// A block starts before the previous one.
    #[error("block {index} starts at minute {start}, before block {prev} at minute {prev_start}", prev = .index - 1)]
    Unordered {
        /// Block number.
        index: usize,
        /// Its start minute.
        start: u16,
        /// The start of the block before it.
        prev_start: u16,
    },
    /// A block starts before the previous one ends.
    #[error("block {index} starts at minute {start}, inside block {prev} ending at minute {prev_end}", prev = .index - 1)]
    Overlap {
        /// Block number.
        index: usize,
        /// Its start minute.
        start: u16,
        /// The end of the block before it.
        prev_end: u16,
    },
}

/// What is wrong with a legacyExchangeDN (see [`crate::address::LegacyDn::parse`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DnProblem {
    /// The DN does not start with `/`.
    #[error("does not start with '/'")]
    NotAbsolute,
    /// A part between slashes is not `key=value`.
    #[error("part {part:?} is not key=value")]
    BadPart {
        /// The part.
        part: String,
    },
    /// No `/cn=` part: the DN names an organization, not a recipient.
    #[error("has no /cn= part")]
    MissingCn,
    /// Nothing before the first `/cn=`: there is no organization for the folder name.
    #[error("has no /o= or /ou= part before the first /cn=")]
    MissingOrganization,
}

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A count of minutes since 1601-01-01T00:00Z outside `0..=i32::MAX`.
    #[error(
        "{minutes} minutes since 1601-01-01T00:00Z is out of range (0..={})",
        i32::MAX
    )]
    SysTimeOutOfRange {
        /// The minutes.
        minutes: i64,
    },
    /// An instant outside what Exchange's Int32 minutes can carry.
    #[error("{} is outside the Exchange time range ({} .. {})", format_time(*.time), format_time(SysTime::MIN.to_datetime()), format_time(SysTime::MAX.to_datetime()))]
    TimeOutOfRange {
        /// The instant.
        time: DateTime<Utc>,
    },
    /// An instant that is not on a whole minute where an exact minute was required.
    #[error("{} is not on a whole minute", format_time(*.time))]
    NotWholeMinute {
        /// The instant.
        time: DateTime<Utc>,
    },
    /// A month value that is not `year * 16 + month` with month 1..=12 and a year in range.
    #[error("month value {value} (year {}, month {}) is not year*16+month with month 1..=12 and year {}..={}", .value.div_euclid(16), .value.rem_euclid(16), Month::MIN_YEAR, Month::MAX_YEAR)]
    InvalidMonthValue {
        /// The value.
        value: i64,
    },
    /// A (year, month) pair out of range.
    #[error(
        "month {month} of year {year} is not a month Exchange can carry (month 1..=12, year {}..={})",
        Month::MIN_YEAR,
        Month::MAX_YEAR
    )]
    InvalidMonth {
        /// The year.
        year: i64,
        /// The month.
        month: i64,
    },
    /// A month's event blob is malformed.
    #[error("events of {month}: {source}")]
    Blob {
        /// The month the blob belongs to.
        month: Month,
        /// What is wrong.
        #[source]
        source: BlockError,
    },
    /// A blob value is not base64.
    #[error("events of {month} (value {index}): invalid base64 {value:?}: {reason}")]
    Base64 {
        /// The month the blob belongs to.
        month: Month,
        /// Zero-based position among the property's values.
        index: usize,
        /// The text (at most 64 characters of it).
        value: String,
        /// The decoder's explanation.
        reason: String,
    },
    /// The months property and the events property of a pair have different lengths.
    #[error(
        "{months_property} has {months} month values but {events_property} has {events} event values"
    )]
    PairLengthMismatch {
        /// The months property (e.g. `x68531003`).
        months_property: String,
        /// Its value count.
        months: usize,
        /// The events property (e.g. `x68541102`).
        events_property: String,
        /// Its value count.
        events: usize,
    },
    /// An events property with events, but without its months property.
    #[error("{events_property} holds events but {months_property} is missing")]
    MissingMonths {
        /// The missing months property.
        months_property: String,
        /// The events property present.
        events_property: String,
    },
    /// An integer property whose text is not an Int32.
    #[error("{property}: {value:?} is not an Int32")]
    InvalidInt {
        /// The property.
        property: String,
        /// Its text.
        value: String,
    },
    /// A date-time property whose text does not parse.
    #[error("{property}: {value:?} is not a date-time")]
    InvalidTime {
        /// The property.
        property: String,
        /// Its text.
        value: String,
    },
    /// A publish range whose end is before its start.
    #[error("publish range ends at {} ({end}) before it starts at {} ({start})", format_time(.end.to_datetime()), format_time(.start.to_datetime()))]
    RangeReversed {
        /// Start.
        start: SysTime,
        /// End.
        end: SysTime,
    },
    /// The same free/busy property twice in one message.
    #[error("{property} appears more than once")]
    DuplicateProperty {
        /// The property.
        property: String,
    },
    /// An error inside one property of a message.
    #[error("{property}: {source}")]
    Property {
        /// The property.
        property: String,
        /// What is wrong with it.
        #[source]
        source: Box<Error>,
    },
    /// An error inside one message of a multistatus.
    #[error("message {href}: {source}")]
    Message {
        /// The message's href, as the server wrote it.
        href: String,
        /// What is wrong with it.
        #[source]
        source: Box<Error>,
    },
    /// A multistatus response for a message with a non-success status of its own.
    #[error("message {href}: the server answered {status}")]
    MessageStatus {
        /// The href, as the server wrote it.
        href: String,
        /// Its status.
        status: http::StatusCode,
    },
    /// A legacyExchangeDN that cannot address a free/busy message.
    #[error("legacyExchangeDN {dn:?} {problem}")]
    Dn {
        /// The DN.
        dn: String,
        /// What is wrong with it.
        problem: DnProblem,
    },
    /// A recipients container name that cannot be part of a DN.
    #[error("recipients container {container:?} must be non-empty and contain no '/'")]
    InvalidContainer {
        /// The name given.
        container: String,
    },
    /// An OWA raster interval outside 5..=1440 minutes.
    #[error("OWA interval {minutes} minutes is outside 5..=1440")]
    OwaInterval {
        /// The interval asked for.
        minutes: u32,
    },
    /// An OWA query whose end is not after its start.
    #[error("OWA query ends at {} before or at its start {}", format_time(*.end), format_time(*.start))]
    OwaRange {
        /// Start.
        start: DateTime<Utc>,
        /// End.
        end: DateTime<Utc>,
    },
    /// An OWA answer that is not XML (or too large, too deep, …).
    #[error("OWA answer: {0}")]
    OwaXml(#[source] interop_xml::Error),
    /// An OWA answer whose root is not `{WM}response`.
    #[error("OWA answer: root element is {found}, expected {{WM}}response")]
    NotOwaAnswer {
        /// The root found, in Clark notation.
        found: String,
    },
    /// An `fbdata` character that is not one of the digits 0..=4.
    #[error("OWA fbdata of {user}: {found:?} at position {position} is not a digit 0..4")]
    RasterDigit {
        /// The item's e-mail address (or display name, for All Attendees).
        user: String,
        /// Zero-based position in the raster.
        position: usize,
        /// The character found.
        found: char,
    },
    /// An interval that cannot be built.
    #[error(transparent)]
    Interval(#[from] freebusy_types::IntervalError),
    /// A path that cannot be built.
    #[error(transparent)]
    Path(#[from] webdav::path::PathError),
    /// A WebDAV request that cannot be built or a response that cannot be read.
    #[error(transparent)]
    Dav(#[from] webdav::Error),
}

impl Error {
    /// Wraps `self` as an error inside `property`.
    pub(crate) fn in_property(self, property: &str) -> Error {
        Error::Property {
            property: property.to_string(),
            source: Box::new(self),
        }
    }
}
