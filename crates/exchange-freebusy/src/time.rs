//! Exchange's time base (minutes since 1601-01-01T00:00Z, Int32) and month values
//! (`year * 16 + month`).

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use crate::Error;

/// Minutes from 1601-01-01T00:00Z to the Unix epoch (Evolution's `SYSTIME_OFFSET`).
pub const UNIX_EPOCH_MINUTES: i32 = 194_074_560;

/// An instant as Exchange stores it: whole minutes since 1601-01-01T00:00Z, as a
/// non-negative Int32 (`PidTagFreeBusyPublishStart`, `…End`, month starts).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use exchange_freebusy::time::SysTime;
///
/// let t = SysTime::new(214_060_320)?;
/// assert_eq!(t.to_datetime(), Utc.with_ymd_and_hms(2008, 1, 1, 0, 0, 0).single().ok_or("invalid date")?);
/// assert_eq!(SysTime::from_datetime(t.to_datetime())?, t);
/// assert!(SysTime::new(-1).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SysTime(i32);

impl SysTime {
    /// 1601-01-01T00:00Z.
    pub const MIN: SysTime = SysTime(0);
    /// `i32::MAX` minutes after 1601-01-01T00:00Z (in the year 5684).
    pub const MAX: SysTime = SysTime(i32::MAX);

    /// A systime from its minutes.
    ///
    /// # Errors
    ///
    /// [`Error::SysTimeOutOfRange`] for negative minutes.
    pub fn new(minutes: i32) -> Result<SysTime, Error> {
        SysTime::from_i64(i64::from(minutes))
    }

    /// A systime from any count of minutes.
    ///
    /// # Errors
    ///
    /// [`Error::SysTimeOutOfRange`] outside `0..=i32::MAX`.
    pub fn from_i64(minutes: i64) -> Result<SysTime, Error> {
        match i32::try_from(minutes) {
            Ok(m) if m >= 0 => Ok(SysTime(m)),
            _ => Err(Error::SysTimeOutOfRange { minutes }),
        }
    }

    /// The minutes since 1601-01-01T00:00Z.
    #[must_use]
    pub const fn minutes(self) -> i32 {
        self.0
    }

    /// The instant.
    #[must_use]
    pub fn to_datetime(self) -> DateTime<Utc> {
        let secs = (i64::from(self.0) - i64::from(UNIX_EPOCH_MINUTES)) * 60;
        // Every value in 0..=i32::MAX minutes is well inside chrono's range.
        DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }

    /// The systime of an instant on a whole minute.
    ///
    /// # Errors
    ///
    /// [`Error::NotWholeMinute`] when `t` has seconds or a fraction,
    /// [`Error::TimeOutOfRange`] outside [`SysTime::MIN`]..=[`SysTime::MAX`].
    pub fn from_datetime(t: DateTime<Utc>) -> Result<SysTime, Error> {
        if t.second() != 0 || t.nanosecond() != 0 {
            return Err(Error::NotWholeMinute { time: t });
        }
        SysTime::floor(t)
    }

    /// The last whole minute at or before `t`.
    ///
    /// # Errors
    ///
    /// [`Error::TimeOutOfRange`] outside [`SysTime::MIN`]..=[`SysTime::MAX`].
    pub fn floor(t: DateTime<Utc>) -> Result<SysTime, Error> {
        let minutes = t.timestamp().div_euclid(60) + i64::from(UNIX_EPOCH_MINUTES);
        SysTime::from_i64(minutes).map_err(|_| Error::TimeOutOfRange { time: t })
    }

    /// The first whole minute at or after `t`.
    ///
    /// # Errors
    ///
    /// [`Error::TimeOutOfRange`] outside [`SysTime::MIN`]..=[`SysTime::MAX`].
    pub fn ceil(t: DateTime<Utc>) -> Result<SysTime, Error> {
        let f = SysTime::floor(t)?;
        if f.to_datetime() == t {
            Ok(f)
        } else {
            SysTime::from_i64(i64::from(f.0) + 1).map_err(|_| Error::TimeOutOfRange { time: t })
        }
    }

    /// `self + minutes`, when still in range.
    #[must_use]
    pub fn checked_add(self, minutes: i64) -> Option<SysTime> {
        SysTime::from_i64(i64::from(self.0).checked_add(minutes)?).ok()
    }
}

impl fmt::Display for SysTime {
    /// The decimal minutes, as Exchange writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A calendar month in UTC, as free/busy messages number them: `year * 16 + month`.
///
/// ```
/// use exchange_freebusy::time::Month;
///
/// let jan = Month::new(2008, 1)?;
/// assert_eq!(jan.value(), 32129);
/// assert_eq!(Month::from_value(32124)?, Month::new(2007, 12)?);
/// assert_eq!(Month::new(2008, 2)?.minutes(), 41760); // leap February
/// assert_eq!(jan.minutes(), 44640);
/// assert!(Month::from_value(2008 * 16 + 13).is_err());
/// # Ok::<(), exchange_freebusy::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// The first year a systime can reach.
    pub const MIN_YEAR: u16 = 1601;
    /// The last year whose months all end inside the systime range.
    pub const MAX_YEAR: u16 = 5683;

    /// `month` (1..=12) of `year` ([`Month::MIN_YEAR`]..=[`Month::MAX_YEAR`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMonth`] otherwise.
    pub fn new(year: i64, month: i64) -> Result<Month, Error> {
        let bad = || Error::InvalidMonth { year, month };
        let y = u16::try_from(year).map_err(|_| bad())?;
        let m = u8::try_from(month).map_err(|_| bad())?;
        if !(Month::MIN_YEAR..=Month::MAX_YEAR).contains(&y) || !(1..=12).contains(&m) {
            return Err(bad());
        }
        Ok(Month { year: y, month: m })
    }

    /// Reads a month value `year * 16 + month`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMonthValue`] for month 0 or 13..=15 (Zimbra's writer emits those at
    /// a year boundary) and for years out of range.
    pub fn from_value(value: i32) -> Result<Month, Error> {
        let v = i64::from(value);
        Month::new(v.div_euclid(16), v.rem_euclid(16))
            .map_err(|_| Error::InvalidMonthValue { value: v })
    }

    /// `year * 16 + month`.
    #[must_use]
    pub fn value(self) -> i32 {
        i32::from(self.year) * 16 + i32::from(self.month)
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The month after this one, if in range.
    #[must_use]
    pub fn next(self) -> Option<Month> {
        if self.month == 12 {
            Month::new(i64::from(self.year) + 1, 1).ok()
        } else {
            Some(Month {
                year: self.year,
                month: self.month + 1,
            })
        }
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.year), u32::from(self.month), 1)
            .unwrap_or(NaiveDate::MIN)
    }

    /// 00:00 UTC on the first day of the month.
    #[must_use]
    pub fn first_instant(self) -> DateTime<Utc> {
        self.first_day().and_time(chrono::NaiveTime::MIN).and_utc()
    }

    /// The month's first minute as a systime.
    #[must_use]
    pub fn start(self) -> SysTime {
        // 1601-01-01 .. 5683-12-01 in minutes fits an i32.
        let days = (self.first_day() - epoch_date()).num_days();
        SysTime(i32::try_from(days * 1440).unwrap_or(i32::MAX))
    }

    /// The month's length `L` in minutes: 40320, 41760, 43200 or 44640. Also the largest
    /// block end in the month (an exclusive end at the month's end).
    #[must_use]
    pub fn minutes(self) -> u16 {
        let days = match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(self.year) => 29,
            2 => 28,
            _ => 31,
        };
        days * 1440
    }

    /// The first minute after the month (= the next month's start).
    #[must_use]
    pub fn end(self) -> SysTime {
        SysTime(self.start().0 + i32::from(self.minutes()))
    }

    /// The month containing `t`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidMonth`] when `t` lies in the last, partial year of the systime range.
    pub fn containing(t: SysTime) -> Result<Month, Error> {
        let d = t.to_datetime();
        Month::new(i64::from(d.year()), i64::from(d.month()))
    }
}

impl fmt::Display for Month {
    /// `2008-01 (32129)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02} ({})", self.year, self.month, self.value())
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn epoch_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1601, 1, 1).unwrap_or(NaiveDate::MIN)
}
