//! The overlay: normalizing any set of status intervals.

use chrono::{DateTime, Utc};

use crate::{Interval, Status, StatusInterval};

/// Overlays any status intervals (in any order, overlapping or not) into the normalized
/// sequence:
///
/// - sorted by start, with no two intervals overlapping;
/// - where several statuses cover an instant, the busiest ([`Status`]'s order) wins;
/// - touching intervals of the same status are merged into one;
/// - instants no input covers stay uncovered (they are not turned into free time).
///
/// Free intervals take part like any other status, so free time under busy time
/// disappears. Runs in *O(n log n)*: a sweep over the sorted endpoints with one counter per
/// status.
///
/// ```
/// use freebusy_types::{overlay, Status, StatusInterval};
///
/// let si = |status, a: i64, b: i64| StatusInterval::from_millis(status, a * 60_000, b * 60_000);
/// let out = overlay([
///     si(Status::Free, 0, 60)?,
///     si(Status::Busy, 10, 20)?,
///     si(Status::Busy, 20, 30)?,
/// ]);
/// assert_eq!(out, [si(Status::Free, 0, 10)?, si(Status::Busy, 10, 30)?, si(Status::Free, 30, 60)?]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn overlay<I: IntoIterator<Item = StatusInterval>>(intervals: I) -> Vec<StatusInterval> {
    let input: Vec<StatusInterval> = intervals.into_iter().collect();
    // The common case (a server's own answer, a timeline's segments) is already sorted and
    // disjoint: then the overlay only merges touching same-status neighbours, in one pass.
    if input.windows(2).all(|w| w[0].end() <= w[1].start()) {
        let mut out: Vec<StatusInterval> = Vec::with_capacity(input.len());
        for si in input {
            if let Some(last) = out.last_mut()
                && last.status == si.status
                && last.end() == si.start()
                && let Ok(joined) = Interval::new(last.start(), si.end())
            {
                last.interval = joined;
                continue;
            }
            out.push(si);
        }
        return out;
    }
    // Each interval contributes +1 for its status at its start and -1 at its end.
    let mut events: Vec<(DateTime<Utc>, Status, bool)> = Vec::with_capacity(input.len() * 2);
    for si in input {
        events.push((si.start(), si.status, true));
        events.push((si.end(), si.status, false));
    }
    events.sort_unstable_by_key(|&(t, _, _)| t);

    let mut counts = [0usize; Status::ALL.len()];
    let mut out: Vec<StatusInterval> = Vec::new();
    // The status in force since the given instant, if any status is.
    let mut current: Option<(Status, DateTime<Utc>)> = None;

    let mut events = events.into_iter().peekable();
    while let Some((t, status, opens)) = events.next() {
        // Apply every event at instant `t` before looking at the result, so that
        // touching intervals never produce an empty piece.
        apply(&mut counts, status, opens);
        while let Some((_, status, opens)) = events.next_if(|&(et, _, _)| et == t) {
            apply(&mut counts, status, opens);
        }
        let top = Status::ALL
            .into_iter()
            .rev()
            .find(|s| counts[s.index()] > 0);
        if top == current.map(|(s, _)| s) {
            continue;
        }
        if let Some((status, since)) = current
            && let Ok(interval) = Interval::new(since, t)
        {
            out.push(StatusInterval { status, interval });
        }
        current = top.map(|s| (s, t));
    }
    out
}

/// Counts one interval opening or closing for `status`.
fn apply(counts: &mut [usize; Status::ALL.len()], status: Status, opens: bool) {
    let count = &mut counts[status.index()];
    *count = if opens {
        count.saturating_add(1)
    } else {
        count.saturating_sub(1)
    };
}

/// [`overlay`], then drop the free intervals: what is left is every instant some non-free
/// status covers, with the busiest status at each.
///
/// ```
/// use freebusy_types::{overlay_non_free, Status, StatusInterval};
///
/// let si = |status, a: i64, b: i64| StatusInterval::from_millis(status, a * 60_000, b * 60_000);
/// let out = overlay_non_free([si(Status::Free, 0, 60)?, si(Status::Tentative, 10, 20)?]);
/// assert_eq!(out, [si(Status::Tentative, 10, 20)?]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn overlay_non_free<I: IntoIterator<Item = StatusInterval>>(
    intervals: I,
) -> Vec<StatusInterval> {
    let mut out = overlay(intervals);
    out.retain(|si| !si.status.is_free());
    out
}
