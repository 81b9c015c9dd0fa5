//! Zimbra `GetFreeBusyResponse` users ⇄ [`Timeline`]: exact, millisecond precision.

use chrono::{DateTime, Utc};
use freebusy_types::{Interval, Status, StatusInterval, time_from_millis};
use zimbra_freebusy::{GetFreeBusyResponse, UserFreeBusy, ZimbraInterval, status_element};

use crate::Timeline;
use crate::error::ConversionError;

/// A Zimbra user's intervals over `range` as a timeline.
///
/// Overlapping or unordered intervals are overlaid (busiest wins), intervals are clipped to
/// the range, and instants no interval covers get `gaps`: a Zimbra server covers the whole
/// range, free time included, so for a server's answer a gap means it said nothing
/// ([`Status::NoData`]); for a source that lists busy time only (the interval JSON form),
/// pass [`Status::Free`]. Interval details (subject, event id...) are not kept.
///
/// # Errors
///
/// [`ConversionError::ZimbraInterval`] naming the user and the interval whose end is not
/// after its start, or whose milliseconds are out of range.
pub fn to_timeline(
    user: &UserFreeBusy,
    range: Interval,
    gaps: Status,
) -> Result<Timeline, ConversionError> {
    let error = |index: usize, iv: &ZimbraInterval, source| ConversionError::ZimbraInterval {
        user: user.id.clone(),
        index: index + 1,
        element: status_element(iv.status),
        start_ms: iv.start,
        end_ms: iv.end,
        source,
    };
    let mut pieces: Vec<StatusInterval> = Vec::with_capacity(user.intervals.len());
    let mut sorted = true;
    // A Zimbra answer is contiguous: each start is the previous end, converted once.
    let mut prev: Option<(i64, DateTime<Utc>)> = None;
    for (i, iv) in user.intervals.iter().enumerate() {
        let start = match prev {
            Some((ms, t)) if ms == iv.start => t,
            _ => time_from_millis(iv.start).map_err(|e| error(i, iv, e))?,
        };
        let end = time_from_millis(iv.end).map_err(|e| error(i, iv, e))?;
        let interval = Interval::new(start, end).map_err(|e| error(i, iv, e))?;
        if prev.is_some_and(|(ms, _)| iv.start < ms) {
            sorted = false;
        }
        prev = Some((iv.end, end));
        pieces.push(StatusInterval {
            status: iv.status,
            interval,
        });
    }
    if !sorted {
        return Ok(Timeline::from_intervals(range, gaps, pieces));
    }
    // Sorted and disjoint: clip in place and fill, no second pass over a copy.
    pieces.retain_mut(|p| match p.interval.intersection(&range) {
        Some(i) => {
            p.interval = i;
            true
        }
        None => false,
    });
    Ok(Timeline::fill(range, gaps, pieces))
}

/// The timeline as a Zimbra user: one interval per segment, free and no-data included, so
/// the intervals cover the range exactly as Zimbra's own answers do.
#[must_use]
pub fn from_timeline(id: &str, timeline: &Timeline) -> UserFreeBusy {
    UserFreeBusy {
        id: id.to_string(),
        intervals: timeline
            .segments()
            .iter()
            .map(|s: &StatusInterval| {
                ZimbraInterval::new(s.status, s.start_millis(), s.end_millis())
            })
            .collect(),
    }
}

/// A whole `GetFreeBusyResponse` over `range` from per-user results, in the given order:
/// each timeline reframed to the range (no-data where it does not reach), and a user whose
/// lookup failed all no-data, as Zimbra answers for users it could not ask.
pub fn response<I, S, E>(range: Interval, users: I) -> GetFreeBusyResponse
where
    I: IntoIterator<Item = (S, Result<Timeline, E>)>,
    S: AsRef<str>,
{
    GetFreeBusyResponse {
        users: users
            .into_iter()
            .map(|(id, result)| {
                let tl = match result {
                    Ok(tl) => tl.reframe(range),
                    Err(_) => Timeline::uniform(range, Status::NoData),
                };
                from_timeline(id.as_ref(), &tl)
            })
            .collect(),
    }
}

/// The range a user's intervals span (from the first start to the last end), for answers
/// read without the request that asked for them; `None` for a user without intervals.
#[must_use]
pub fn span(user: &UserFreeBusy) -> Option<Interval> {
    let start = user.intervals.iter().map(|i| i.start).min()?;
    let end = user.intervals.iter().map(|i| i.end).max()?;
    Interval::from_millis(start, end).ok()
}
