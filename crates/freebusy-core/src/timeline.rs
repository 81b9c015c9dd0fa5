//! The canonical model: a normalized step function of the five statuses over a half-open
//! UTC range.

use chrono::{DateTime, TimeDelta, Utc};
use freebusy_types::{Interval, Status, StatusInterval};

/// Free/busy over `[start, end)`: a step function of the five statuses.
///
/// The invariant, kept by every constructor and operation:
///
/// - the segments are sorted, non-empty and gap-free: the first starts at the range's start,
///   each next one starts where the one before ends, the last ends at the range's end;
/// - no two adjacent segments have the same status (runs are merged).
///
/// So two timelines are equal exactly when they describe the same free/busy.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use freebusy_core::Timeline;
/// use freebusy_types::{Interval, Status, StatusInterval};
///
/// let t = |h| Utc.with_ymd_and_hms(2008, 1, 2, h, 0, 0).single().ok_or("invalid date");
/// let day = Interval::new(t(8)?, t(18)?)?;
/// let busy = StatusInterval::new(Status::Busy, t(9)?, t(10)?)?;
/// let late = StatusInterval::new(Status::Tentative, t(9)?, t(11)?)?;
/// // Unordered, overlapping, partly out of range: busiest status wins, the rest is free.
/// let tl = Timeline::from_intervals(day, Status::Free, [late, busy]);
/// assert_eq!(tl.status_at(t(9)?), Some(Status::Busy));
/// assert_eq!(tl.status_at(t(10)?), Some(Status::Tentative));
/// assert_eq!(tl.segments().len(), 4); // free, busy, tentative, free
/// assert_eq!(tl.non_free().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timeline {
    range: Interval,
    segments: Vec<StatusInterval>,
}

/// Appends `[start, end)` with `status` to normalized `out`, merging with the last segment
/// when it has the same status and touches. Empty pieces are ignored.
fn push(out: &mut Vec<StatusInterval>, status: Status, start: DateTime<Utc>, end: DateTime<Utc>) {
    if start >= end {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.status == status
        && last.end() == start
    {
        if let Ok(i) = Interval::new(last.start(), end) {
            last.interval = i;
        }
        return;
    }
    if let Ok(si) = StatusInterval::new(status, start, end) {
        out.push(si);
    }
}

/// Appends a piece to normalized `out` (merging a same-status neighbour it touches).
fn push_piece(out: &mut Vec<StatusInterval>, piece: StatusInterval) {
    if let Some(last) = out.last_mut()
        && last.status == piece.status
        && last.end() == piece.start()
    {
        if let Ok(i) = Interval::new(last.start(), piece.end()) {
            last.interval = i;
        }
        return;
    }
    out.push(piece);
}

impl Timeline {
    /// The whole range in one status.
    #[must_use]
    pub fn uniform(range: Interval, status: Status) -> Timeline {
        Timeline {
            range,
            segments: vec![StatusInterval {
                status,
                interval: range,
            }],
        }
    }

    /// Builds the timeline of `range` from any intervals: in any order, overlapping or
    /// not, partly or wholly outside the range. Where several cover an instant the busiest
    /// wins (out-of-office > busy > tentative > no-data > free); instants no interval covers
    /// get `gaps` (free for sources that list busy time only, no-data for sources that were
    /// meant to cover the range); what lies outside the range is cut off.
    #[must_use]
    pub fn from_intervals<I>(range: Interval, gaps: Status, intervals: I) -> Timeline
    where
        I: IntoIterator<Item = StatusInterval>,
    {
        let clipped: Vec<StatusInterval> = intervals
            .into_iter()
            .filter_map(|si| {
                si.interval
                    .intersection(&range)
                    .map(|interval| StatusInterval {
                        status: si.status,
                        interval,
                    })
            })
            .collect();
        // The common case (a server's own answer) is already sorted and disjoint: skip the
        // sweep.
        let disjoint = clipped.windows(2).all(|w| w[0].end() <= w[1].start());
        let pieces = if disjoint {
            clipped
        } else {
            freebusy_types::overlay(clipped)
        };
        Timeline::fill(range, gaps, pieces)
    }

    /// Normalizes sorted, disjoint pieces inside `range`: gaps filled with `gaps`, runs
    /// merged.
    pub(crate) fn fill(range: Interval, gaps: Status, pieces: Vec<StatusInterval>) -> Timeline {
        let mut segments = Vec::with_capacity(pieces.len() * 2 + 1);
        let mut at = range.start();
        for p in pieces {
            if at < p.start() {
                push(&mut segments, gaps, at, p.start());
            }
            at = p.end();
            push_piece(&mut segments, p);
        }
        push(&mut segments, gaps, at, range.end());
        Timeline { range, segments }
    }

    /// The range `[start, end)`.
    #[must_use]
    pub fn range(&self) -> Interval {
        self.range
    }

    /// The start of the range.
    #[must_use]
    pub fn start(&self) -> DateTime<Utc> {
        self.range.start()
    }

    /// The end of the range (exclusive).
    #[must_use]
    pub fn end(&self) -> DateTime<Utc> {
        self.range.end()
    }

    /// Every segment, free and no-data included, in order; together they cover the range.
    #[must_use]
    pub fn segments(&self) -> &[StatusInterval] {
        &self.segments
    }

    /// The segments, by value.
    #[must_use]
    pub fn into_segments(self) -> Vec<StatusInterval> {
        self.segments
    }

    /// The segments that are not free (no-data included), in order: the interval JSON form
    /// `fbtool` prints.
    pub fn non_free(&self) -> impl Iterator<Item = StatusInterval> + '_ {
        self.segments
            .iter()
            .filter(|s| !s.status.is_free())
            .copied()
    }

    /// The intervals in `status`, in order.
    pub fn intervals_of(&self, status: Status) -> impl Iterator<Item = Interval> + '_ {
        self.segments
            .iter()
            .filter(move |s| s.status == status)
            .map(|s| s.interval)
    }

    /// The total time in `status`.
    #[must_use]
    pub fn duration_of(&self, status: Status) -> TimeDelta {
        self.intervals_of(status)
            .fold(TimeDelta::zero(), |acc, i| acc + i.duration())
    }

    /// The total time at least as busy as `status` (for `Busy`: busy and out-of-office).
    #[must_use]
    pub fn duration_at_least(&self, status: Status) -> TimeDelta {
        self.segments
            .iter()
            .filter(|s| s.status >= status)
            .fold(TimeDelta::zero(), |acc, s| acc + s.duration())
    }

    /// The status at `t`, `None` outside the range.
    #[must_use]
    pub fn status_at(&self, t: DateTime<Utc>) -> Option<Status> {
        if !self.range.contains(t) {
            return None;
        }
        let i = self.segments.partition_point(|s| s.end() <= t);
        self.segments.get(i).map(|s| s.status)
    }

    /// The part inside `range`, `None` when the two do not overlap.
    #[must_use]
    pub fn clip(&self, range: Interval) -> Option<Timeline> {
        let range = self.range.intersection(&range)?;
        Some(self.reframe(range))
    }

    /// The timeline over exactly `range`: cut where `range` is inside, no-data where it
    /// reaches past this timeline (what was not asked is not known).
    #[must_use]
    pub fn reframe(&self, range: Interval) -> Timeline {
        if range == self.range {
            return self.clone();
        }
        let from = self.segments.partition_point(|s| s.end() <= range.start());
        let mut segments = Vec::with_capacity(self.segments.len() + 2);
        push(
            &mut segments,
            Status::NoData,
            range.start(),
            self.start().min(range.end()),
        );
        for s in self.segments.get(from..).unwrap_or_default() {
            if s.start() >= range.end() {
                break;
            }
            push(
                &mut segments,
                s.status,
                s.start().max(range.start()),
                s.end().min(range.end()),
            );
        }
        push(
            &mut segments,
            Status::NoData,
            self.end().max(range.start()),
            range.end(),
        );
        Timeline { range, segments }
    }

    /// The overlay of two timelines: over the hull of both ranges, at each instant the
    /// busier of the two statuses, where an instant outside a timeline's range counts as
    /// no-data. Commutative and associative; [`Timeline::uniform`] free over the same range
    /// is its identity.
    #[must_use]
    pub fn overlay(&self, other: &Timeline) -> Timeline {
        let hull = self.range.hull(&other.range);
        let a = self.reframe(hull);
        let b = other.reframe(hull);
        // Both cover the hull: a linear merge of the two step functions.
        let mut segments = Vec::with_capacity(a.segments.len() + b.segments.len());
        let (mut i, mut j) = (0, 0);
        let mut at = hull.start();
        while let (Some(x), Some(y)) = (a.segments.get(i), b.segments.get(j)) {
            let end = x.end().min(y.end());
            push(&mut segments, x.status.busier(y.status), at, end);
            at = end;
            if x.end() == end {
                i += 1;
            }
            if y.end() == end {
                j += 1;
            }
        }
        Timeline {
            range: hull,
            segments,
        }
    }

    /// The earliest interval of `length` that is free and lies inside one of `windows`
    /// (working hours, say: [`Timeline::intervals_of`] `Free` of a working-hours
    /// timeline, or [`crate::WorkingHours::windows`]), `None` when there is none. Windows
    /// may come in any order and overlap; time outside this timeline's range is not free.
    #[must_use]
    pub fn first_free_slot<I>(&self, length: TimeDelta, windows: I) -> Option<Interval>
    where
        I: IntoIterator<Item = Interval>,
    {
        if length <= TimeDelta::zero() {
            return None;
        }
        // Merge the windows so a slot may span two touching windows.
        let windows = freebusy_types::overlay(windows.into_iter().map(|interval| StatusInterval {
            status: Status::Free,
            interval,
        }));
        let mut best: Option<Interval> = None;
        for w in windows {
            for free in self.intervals_of(Status::Free) {
                let Some(both) = free.intersection(&w.interval) else {
                    continue;
                };
                if both.duration() >= length {
                    let slot = Interval::new(both.start(), both.start() + length).ok()?;
                    if best.is_none_or(|b| slot.start() < b.start()) {
                        best = Some(slot);
                    }
                    break;
                }
            }
            if best.is_some() {
                // Windows are sorted: the first one with a slot holds the earliest.
                break;
            }
        }
        best
    }

    /// Widens every status other than free and no-data to whole minutes (starts floored,
    /// ends ceiled; busiest status wins where widening makes two meet), so converting to a
    /// minute-granular format never shrinks busy time. The range is widened the same way;
    /// widened edges that were outside the range are no-data.
    #[must_use]
    pub fn widen_to_minutes(&self) -> Timeline {
        let floor = |t: DateTime<Utc>| minute_floor(t);
        let ceil = |t: DateTime<Utc>| {
            let f = minute_floor(t);
            if f == t { t } else { f + TimeDelta::minutes(1) }
        };
        let Ok(range) = Interval::new(floor(self.start()), ceil(self.end())) else {
            return self.clone();
        };
        let aligned = self
            .segments
            .iter()
            .all(|s| on_minute(s.start()) && on_minute(s.end()));
        if aligned {
            return self.clone();
        }
        let base = self.reframe(range);
        let widened = base.segments.iter().map(|s| {
            if matches!(s.status, Status::Free | Status::NoData) {
                *s
            } else {
                StatusInterval::new(s.status, floor(s.start()), ceil(s.end())).unwrap_or(*s)
            }
        });
        Timeline::from_intervals(range, Status::Free, widened.collect::<Vec<_>>())
    }
}

/// Whether `t` is on a whole minute (no calendar arithmetic: the time of day only).
pub(crate) fn on_minute(t: DateTime<Utc>) -> bool {
    use chrono::Timelike;
    t.second() == 0 && t.nanosecond() == 0
}

/// `t` with seconds and sub-seconds cut.
pub(crate) fn minute_floor(t: DateTime<Utc>) -> DateTime<Utc> {
    let secs = t.timestamp().div_euclid(60) * 60;
    DateTime::from_timestamp(secs, 0).unwrap_or(t)
}
