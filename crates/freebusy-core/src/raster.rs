//! OWA / EWS rasters ⇄ [`Timeline`]: one status per fixed slot.

use chrono::{DateTime, TimeDelta, Utc};
use exchange_freebusy::owa::{INTERVAL_RANGE, digit_status, status_digit};
use freebusy_types::{Interval, Status, StatusInterval};

use crate::Timeline;
use crate::error::ConversionError;

/// A raster: from `start`, one status per `interval` minutes (OWA's `fbdata`, EWS's
/// `MergedFreeBusy`).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use freebusy_core::Raster;
/// use freebusy_types::Status;
///
/// // GCC's test vector: start 2008-05-01T10:00Z, 15 minutes, "40312".
/// let start = Utc.with_ymd_and_hms(2008, 5, 1, 10, 0, 0).single().ok_or("invalid date")?;
/// let r = Raster::parse("40312", start, 15, "a@example.org")?;
/// let tl = r.to_timeline().ok_or("no slots")?;
/// assert_eq!(tl.status_at(start), Some(Status::NoData));
/// assert_eq!(tl.status_at(Utc.with_ymd_and_hms(2008, 5, 1, 10, 30, 0).single().ok_or("invalid date")?), Some(Status::OutOfOffice));
/// // Back to a raster: each slot the busiest status it touches.
/// assert_eq!(Raster::from_timeline(&tl, 30)?.digits(), "432");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Raster {
    start: DateTime<Utc>,
    interval: u32,
    slots: Vec<Status>,
}

/// The most slots a raster built from a timeline may have (ten million: 95 years of
/// 5-minute slots). Bigger asks are refused rather than allocated.
pub const MAX_SLOTS: usize = 10_000_000;

fn check_interval(user: Option<&str>, minutes: u32) -> Result<TimeDelta, ConversionError> {
    if INTERVAL_RANGE.contains(&minutes) {
        Ok(TimeDelta::minutes(i64::from(minutes)))
    } else {
        Err(ConversionError::Raster {
            user: user.map(str::to_string),
            reason: format!("an interval of {minutes} minutes is outside 5..=1440"),
        })
    }
}

impl Raster {
    /// A raster of `slots` from `start`, `interval_minutes` (5..=1440) each.
    ///
    /// # Errors
    ///
    /// [`ConversionError::Raster`] for an interval outside 5..=1440.
    pub fn new(
        start: DateTime<Utc>,
        interval_minutes: u32,
        slots: Vec<Status>,
    ) -> Result<Raster, ConversionError> {
        check_interval(None, interval_minutes)?;
        Raster {
            start,
            interval: interval_minutes,
            slots,
        }
        .checked(None)
    }

    /// Reads OWA/EWS digits (`0`..`4`, surrounding white space ignored). `user` names the
    /// raster in errors.
    ///
    /// # Errors
    ///
    /// [`ConversionError::Raster`] naming the user and the position of a character other
    /// than `0`..`4`, or a bad interval.
    pub fn parse(
        digits: &str,
        start: DateTime<Utc>,
        interval_minutes: u32,
        user: &str,
    ) -> Result<Raster, ConversionError> {
        check_interval(Some(user), interval_minutes)?;
        let slots = digits
            .trim()
            .chars()
            .enumerate()
            .map(|(i, c)| {
                digit_status(c).ok_or_else(|| ConversionError::Raster {
                    user: Some(user.to_string()),
                    reason: format!("character {c:?} at position {i} is not a digit 0..4"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Raster {
            start,
            interval: interval_minutes,
            slots,
        }
        .checked(Some(user))
    }

    /// The raster, when its end is representable.
    fn checked(self, user: Option<&str>) -> Result<Raster, ConversionError> {
        if self.slots.is_empty() || self.span().is_some() {
            Ok(self)
        } else {
            Err(ConversionError::Raster {
                user: user.map(str::to_string),
                reason: format!(
                    "{} slots from {} run past the year 262143",
                    self.slots.len(),
                    self.start
                ),
            })
        }
    }

    /// The slot statuses as digits.
    #[must_use]
    pub fn digits(&self) -> String {
        self.slots.iter().copied().map(status_digit).collect()
    }

    /// The first slot's start.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The slot length in minutes.
    #[must_use]
    pub fn interval_minutes(&self) -> u32 {
        self.interval
    }

    /// The slots.
    #[must_use]
    pub fn slots(&self) -> &[Status] {
        &self.slots
    }

    fn step(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.interval))
    }

    /// What the raster covers, `None` when it has no slot.
    #[must_use]
    pub fn span(&self) -> Option<Interval> {
        let n = i32::try_from(self.slots.len()).ok()?;
        let end = self.start.checked_add_signed(self.step().checked_mul(n)?)?;
        Interval::new(self.start, end).ok()
    }

    /// The raster as a timeline over its own span, `None` for a raster without slots.
    #[must_use]
    pub fn to_timeline(&self) -> Option<Timeline> {
        let span = self.span()?;
        let mut t = self.start;
        let mut pieces = Vec::with_capacity(self.slots.len());
        for &status in &self.slots {
            let s = t;
            t = t.checked_add_signed(self.step())?;
            pieces.push(StatusInterval::new(status, s, t).ok()?);
        }
        Some(Timeline::from_intervals(span, Status::NoData, pieces))
    }

    /// The raster as a timeline over exactly `range`: no-data where the raster does not
    /// reach (a raster shorter than the range asked for is no-data for the rest, never free).
    #[must_use]
    pub fn to_timeline_over(&self, range: Interval) -> Timeline {
        match self.to_timeline() {
            Some(tl) => tl.reframe(range),
            None => Timeline::uniform(range, Status::NoData),
        }
    }

    /// The raster of `timeline` from its start, `interval_minutes` per slot, as many slots
    /// as it takes to cover it; each slot takes the busiest status it touches (time past the
    /// timeline's end counts as no-data).
    ///
    /// # Errors
    ///
    /// [`ConversionError::Raster`] for an interval outside 5..=1440 or more than
    /// [`MAX_SLOTS`] slots.
    pub fn from_timeline(
        timeline: &Timeline,
        interval_minutes: u32,
    ) -> Result<Raster, ConversionError> {
        Raster::from_timeline_at(timeline, timeline.start(), interval_minutes)
    }

    /// The raster of `timeline` from `start` (an aligned start a query sent, say) to the
    /// timeline's end; slots reaching outside the timeline count no-data there.
    ///
    /// # Errors
    ///
    /// [`ConversionError::Raster`] for an interval outside 5..=1440, a `start` at or
    /// after the timeline's end, or more than [`MAX_SLOTS`] slots.
    pub fn from_timeline_at(
        timeline: &Timeline,
        start: DateTime<Utc>,
        interval_minutes: u32,
    ) -> Result<Raster, ConversionError> {
        let step = check_interval(None, interval_minutes)?;
        let Ok(span) = Interval::new(start, timeline.end()) else {
            return Err(ConversionError::Raster {
                user: None,
                reason: format!(
                    "start {start} is not before the timeline's end {}",
                    timeline.end()
                ),
            });
        };
        let step_ms = step.num_milliseconds();
        let count = (span.duration().num_milliseconds() + step_ms - 1) / step_ms;
        if usize::try_from(count).map_or(true, |n| n > MAX_SLOTS) {
            return Err(ConversionError::Raster {
                user: None,
                reason: format!(
                    "{span} in slots of {interval_minutes} minutes is {count} slots, more than {MAX_SLOTS}"
                ),
            });
        }
        let mut slots = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let segments = timeline.segments();
        let mut i = 0;
        let mut s = start;
        for _ in 0..count {
            let Some(e) = s.checked_add_signed(step) else {
                break;
            };
            // Outside the timeline: no-data.
            let mut status = if s < timeline.start() || e > timeline.end() {
                Status::NoData
            } else {
                Status::Free
            };
            while segments.get(i).is_some_and(|seg| seg.end() <= s) {
                i += 1;
            }
            let mut j = i;
            while let Some(seg) = segments.get(j) {
                if seg.start() >= e {
                    break;
                }
                status = status.busier(seg.status);
                j += 1;
            }
            slots.push(status);
            s = e;
        }
        Ok(Raster {
            start,
            interval: interval_minutes,
            slots,
        })
    }
}
