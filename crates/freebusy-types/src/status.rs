//! The five free/busy statuses.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ParseStatusError;

/// A free/busy status.
///
/// The variants are declared in priority order, so the derived [`Ord`] is "busyness":
/// `Free < NoData < Tentative < Busy < OutOfOffice`. Where several statuses cover the same
/// instant the busiest one wins (Zimbra's `chooseBusier`).
///
/// In JSON a status is one of the strings `"free"`, `"nodata"`, `"tentative"`, `"busy"`, `"oof"`.
///
/// ```
/// use freebusy_types::Status;
///
/// assert!(Status::Busy > Status::Tentative);
/// assert_eq!(Status::Free.busier(Status::NoData), Status::NoData);
/// assert_eq!("oof".parse::<Status>(), Ok(Status::OutOfOffice));
/// assert_eq!(Status::NoData.to_string(), "nodata");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Free: nothing scheduled.
    Free,
    /// No data: the calendar could not be learned. Distinct from free; the caller decides.
    NoData,
    /// Tentatively busy.
    Tentative,
    /// Busy.
    Busy,
    /// Out of office (busy-unavailable).
    OutOfOffice,
}

impl Status {
    /// All five statuses, in priority (busyness) order, least busy first.
    pub const ALL: [Status; 5] = [
        Status::Free,
        Status::NoData,
        Status::Tentative,
        Status::Busy,
        Status::OutOfOffice,
    ];

    /// The busier of two statuses (the maximum).
    #[must_use]
    pub fn busier(self, other: Status) -> Status {
        self.max(other)
    }

    /// The JSON name: `"free"`, `"nodata"`, `"tentative"`, `"busy"` or `"oof"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Free => "free",
            Status::NoData => "nodata",
            Status::Tentative => "tentative",
            Status::Busy => "busy",
            Status::OutOfOffice => "oof",
        }
    }

    /// True only for [`Status::Free`] (no data is not free).
    #[must_use]
    pub fn is_free(self) -> bool {
        self == Status::Free
    }

    /// Position in [`Status::ALL`] (0 for free … 4 for out of office).
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for Status {
    type Err = ParseStatusError;

    /// Parses one of the exact lowercase JSON names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| ParseStatusError::new(s))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatusVisitor;

        impl Visitor<'_> for StatusVisitor {
            type Value = Status;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a status: one of \"free\", \"nodata\", \"tentative\", \"busy\", \"oof\"",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Status, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(StatusVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_matches_all() {
        for (i, s) in Status::ALL.into_iter().enumerate() {
            assert_eq!(s.index(), i);
        }
    }
}
