//! Publish windows and working hours: where local time matters.
//!
//! Everything else in this crate is UTC. The window an agent publishes and the working
//! hours a user keeps are cut at local midnight and local clock times, so these take a
//! [`chrono::TimeZone`] (a `chrono_tz::Tz`, `chrono::FixedOffset` or `Utc`) and do their
//! day arithmetic on the local calendar: a window that starts or ends on a DST change day
//! starts and ends at that day's local midnight, not an hour off.

use chrono::{
    DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday,
};
use freebusy_types::Interval;

use crate::error::ConversionError;

/// How the agent picks the range of time it publishes to Exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublishWindow {
    /// Zimbra's (`zimbraFreebusyExchangeCachedIntervalStart` and `...CachedInterval`,
    /// ExchangeFreeBusyProvider.java): from local midnight of the day `before` ago to local
    /// midnight `length` later.
    Zimbra {
        /// How far back the window starts (Zimbra's default 7 days).
        before: TimeDelta,
        /// The window's length (Zimbra's default 60 days).
        length: TimeDelta,
        /// Zimbra's clamp: a start that falls in the previous calendar year moves to 1 January
        /// of the current one ("Exchange accepts FB info for only one calendar year").
        clamp_to_current_year: bool,
    },
    /// The specification's (OXOPFFB 3.1.4.1.1): from midnight of the first day of the month
    /// or of the week, whichever is earlier, for `months` months.
    Spec {
        /// How many months to publish (Outlook's default 2).
        months: u32,
        /// The first day of the week (Outlook's default Sunday).
        week_start: Weekday,
    },
}

impl PublishWindow {
    /// Zimbra's defaults: 7 days back, 60 days long, no clamp.
    #[must_use]
    pub fn zimbra_default() -> PublishWindow {
        PublishWindow::Zimbra {
            before: TimeDelta::days(7),
            length: TimeDelta::days(60),
            clamp_to_current_year: false,
        }
    }

    /// Zimbra's window as an account's interop configuration sets it
    /// (`zimbraFreebusyExchangeCachedIntervalStart` and `...CachedInterval`), with or
    /// without the calendar-year clamp (Zimbra's EWS provider clamps, its WebDAV provider
    /// does not).
    #[must_use]
    pub fn from_zimbra_config(
        config: &zimbra_freebusy::config::ExchangeConfig,
        clamp_to_current_year: bool,
    ) -> PublishWindow {
        let ms = |d: zimbra_freebusy::config::ZimbraDuration| {
            i64::try_from(d.as_millis())
                .ok()
                .and_then(TimeDelta::try_milliseconds)
                .unwrap_or(TimeDelta::MAX)
        };
        PublishWindow::Zimbra {
            before: ms(config.cached_interval_start),
            length: ms(config.cached_interval),
            clamp_to_current_year,
        }
    }

    /// The specification's window for `months` months, weeks starting on Sunday.
    #[must_use]
    pub fn spec(months: u32) -> PublishWindow {
        PublishWindow::Spec {
            months,
            week_start: Weekday::Sun,
        }
    }

    /// The window at `now` in time zone `tz` (the spec's own form is `Utc`).
    ///
    /// Durations that are whole days are counted on the local calendar, so a 60-day window
    /// is 60 local days long even across a DST change (Zimbra adds milliseconds and then cuts
    /// at local midnight, which lands a day short when the span holds the 25-hour day DST
    /// ends on: not copied).
    /// Other durations are added as elapsed time, then cut at local midnight.
    ///
    /// # Errors
    ///
    /// [`ConversionError::Window`] when a duration is negative, the window would be empty,
    /// or a date falls outside chrono's range.
    pub fn window<Tz: TimeZone>(
        &self,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Interval, ConversionError> {
        let bad = |reason: &str| ConversionError::Window {
            reason: reason.to_string(),
        };
        let today = now.with_timezone(tz).date_naive();
        let (start_day, end_day) = match *self {
            PublishWindow::Zimbra {
                before,
                length,
                clamp_to_current_year,
            } => {
                if before < TimeDelta::zero() || length <= TimeDelta::zero() {
                    return Err(bad("the window's durations must be positive"));
                }
                let mut start =
                    shift_days(now, today, -before, tz).ok_or_else(|| bad("start out of range"))?;
                if clamp_to_current_year && start.year() < today.year() {
                    start = NaiveDate::from_ymd_opt(today.year(), 1, 1)
                        .ok_or_else(|| bad("start out of range"))?;
                }
                let start_instant =
                    local_midnight(start, tz).ok_or_else(|| bad("start out of range"))?;
                let end = shift_days(start_instant, start, length, tz)
                    .ok_or_else(|| bad("end out of range"))?;
                (start, end)
            }
            PublishWindow::Spec { months, week_start } => {
                if months == 0 {
                    return Err(bad("a window of 0 months is empty"));
                }
                let month_first = today.with_day(1).ok_or_else(|| bad("start out of range"))?;
                let back = u64::from(today.weekday().days_since(week_start));
                let week_first = today
                    .checked_sub_days(Days::new(back))
                    .ok_or_else(|| bad("start out of range"))?;
                let start = month_first.min(week_first);
                let end = start
                    .checked_add_months(Months::new(months))
                    .ok_or_else(|| bad("end out of range"))?;
                (start, end)
            }
        };
        let s = local_midnight(start_day, tz).ok_or_else(|| bad("start out of range"))?;
        let e = local_midnight(end_day, tz).ok_or_else(|| bad("end out of range"))?;
        Interval::new(s, e).map_err(|e| bad(&e.to_string()))
    }
}

/// The local date `delta` away from `from` (whose local date is `day`): whole days on the
/// local calendar, anything else as elapsed time.
fn shift_days<Tz: TimeZone>(
    from: DateTime<Utc>,
    day: NaiveDate,
    delta: TimeDelta,
    tz: &Tz,
) -> Option<NaiveDate> {
    if delta.subsec_nanos() == 0 && delta.num_seconds() % 86_400 == 0 {
        let days = delta.num_days();
        let n = Days::new(days.unsigned_abs());
        if days >= 0 {
            day.checked_add_days(n)
        } else {
            day.checked_sub_days(n)
        }
    } else {
        Some(
            from.checked_add_signed(delta)?
                .with_timezone(tz)
                .date_naive(),
        )
    }
}

/// The first instant of `day` in `tz`: its midnight, or where midnight falls in a DST gap
/// (some zones change at 00:00), the first local time that exists.
pub fn local_midnight<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> Option<DateTime<Utc>> {
    local_instant(day, NaiveTime::MIN, tz)
}

/// `day` at `time` in `tz`: the earlier of two when the clock repeats, the first existing
/// time after it when the clock skips it (a DST gap is at most a few hours).
fn local_instant<Tz: TimeZone>(day: NaiveDate, time: NaiveTime, tz: &Tz) -> Option<DateTime<Utc>> {
    let local = day.and_time(time);
    for step in 0..=16 {
        let probe = local.checked_add_signed(TimeDelta::minutes(15 * step))?;
        if let Some(t) = tz.from_local_datetime(&probe).earliest() {
            return Some(t.with_timezone(&Utc));
        }
    }
    None
}

/// A weekly pattern of working hours in a time zone: the same local hours on each of the
/// given weekdays.
///
/// ```
/// use chrono::{NaiveTime, TimeZone, Utc, Weekday};
/// use freebusy_core::WorkingHours;
/// use freebusy_types::Interval;
///
/// let nine_to_five = WorkingHours::new(
///     [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
///     NaiveTime::from_hms_opt(9, 0, 0).ok_or("invalid time")?,
///     NaiveTime::from_hms_opt(17, 0, 0).ok_or("invalid time")?,
/// );
/// // A week from Sunday 2008-01-06: five windows.
/// let week = Interval::new(
///     Utc.with_ymd_and_hms(2008, 1, 6, 0, 0, 0).single().ok_or("invalid date")?,
///     Utc.with_ymd_and_hms(2008, 1, 13, 0, 0, 0).single().ok_or("invalid date")?,
/// )?;
/// let w = nine_to_five.windows(week, &Utc);
/// assert_eq!(w.len(), 5);
/// assert_eq!(w[0].start(), Utc.with_ymd_and_hms(2008, 1, 7, 9, 0, 0).single().ok_or("invalid date")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingHours {
    days: Vec<Weekday>,
    start: NaiveTime,
    end: NaiveTime,
}

impl WorkingHours {
    /// Working hours from `start` to `end` local time on each of `days` (an `end` at or
    /// before `start` runs past midnight into the next day).
    pub fn new<I: IntoIterator<Item = Weekday>>(
        days: I,
        start: NaiveTime,
        end: NaiveTime,
    ) -> WorkingHours {
        WorkingHours {
            days: days.into_iter().collect(),
            start,
            end,
        }
    }

    /// The working windows inside `range`, in UTC, in order, cut to the range.
    #[must_use]
    pub fn windows<Tz: TimeZone>(&self, range: Interval, tz: &Tz) -> Vec<Interval> {
        let mut out = Vec::new();
        // Start a day early: a window that runs past midnight may begin the day before.
        let first = range.start().with_timezone(tz).date_naive().pred_opt();
        let last = range.end().with_timezone(tz).date_naive();
        let mut day = first.unwrap_or(last);
        while day <= last {
            if self.days.contains(&day.weekday()) {
                let end_day = if self.end <= self.start {
                    day.succ_opt()
                } else {
                    Some(day)
                };
                if let (Some(s), Some(e)) = (
                    local_instant(day, self.start, tz),
                    end_day.and_then(|d| local_instant(d, self.end, tz)),
                ) && let Ok(w) = Interval::new(s, e)
                    && let Some(w) = w.intersection(&range)
                {
                    out.push(w);
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        out
    }
}
