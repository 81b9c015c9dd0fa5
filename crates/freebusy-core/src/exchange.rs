//! Exchange public-folder free/busy messages ⇄ [`Timeline`].
//!
//! Exchange counts whole minutes and has no word for "no data": time outside the publish
//! range reads as no-data, and no-data cannot be written. See the crate documentation's
//! table of losses.

use chrono::{DateTime, Utc};
use exchange_freebusy::address::LegacyDn;
use exchange_freebusy::{FreeBusyMessage, PublishRange};
use freebusy_types::{Interval, Status, StatusInterval};

use crate::Timeline;
use crate::error::ConversionError;
use crate::timeline::on_minute;

/// A message's free/busy over `range`: inside the publish range, the published busy,
/// tentative and out-of-office events (busiest wins) and free elsewhere; outside it
/// no-data. A message without a publish range knows its events and nothing else.
#[must_use]
pub fn to_timeline(message: &FreeBusyMessage, range: Interval) -> Timeline {
    let published = message.range.and_then(|r| r.interval());
    let free = published.map(|interval| StatusInterval {
        status: Status::Free,
        interval,
    });
    let events = message.timeline();
    Timeline::from_intervals(range, Status::NoData, free.into_iter().chain(events))
}

/// What writing a timeline to Exchange could not say, for the caller's log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExchangeReport {
    /// Leading and trailing no-data cut off by shrinking the publish range (outside the
    /// range Exchange shows "no information", which is the same thing).
    pub trimmed: Vec<Interval>,
    /// Interior no-data that Exchange will show as free: it has no status for it.
    pub unpublished_no_data: Vec<Interval>,
    /// Whether some boundary was not on a whole minute and was widened outward (busy time
    /// grew by less than a minute at each such edge; it never shrinks).
    pub widened: bool,
}

impl ExchangeReport {
    /// Whether the message says exactly what the timeline says.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.unpublished_no_data.is_empty() && !self.widened
    }
}

/// The message that publishes `timeline` for `dn`, stamped `now`.
///
/// - The publish range is the timeline's range shrunk past leading and trailing no-data,
///   widened to whole minutes.
/// - Busy, tentative and out-of-office go to their pairs, widened to whole minutes; the
///   merged pair is busy ∪ out-of-office (the spec's); a status without events gets an empty
///   pair, which the PROPPATCH removes.
/// - Interior no-data is left out (Exchange shows it as free) and listed in the report.
///
/// # Errors
///
/// [`ConversionError::NothingToPublish`] when the whole timeline is no-data;
/// [`ConversionError::Exchange`] for time outside Exchange's minute range.
pub fn from_timeline(
    timeline: &Timeline,
    dn: &LegacyDn,
    now: DateTime<Utc>,
) -> Result<(FreeBusyMessage, ExchangeReport), ConversionError> {
    let user = || dn.as_str().to_string();
    let segments = timeline.segments();
    let known = |s: &&StatusInterval| s.status != Status::NoData;
    let (Some(first), Some(last)) = (
        segments.iter().position(|s| known(&s)),
        segments.iter().rposition(|s| known(&s)),
    ) else {
        return Err(ConversionError::NothingToPublish {
            user: user(),
            range: timeline.range(),
        });
    };
    let mut report = ExchangeReport::default();
    report
        .trimmed
        .extend(segments[..first].iter().map(|s| s.interval));
    report
        .trimmed
        .extend(segments[last + 1..].iter().map(|s| s.interval));
    let inner = &segments[first..=last];
    report.unpublished_no_data = inner
        .iter()
        .filter(|s| s.status == Status::NoData)
        .map(|s| s.interval)
        .collect();
    let (start, end) = (inner[0].start(), inner[inner.len() - 1].end());
    // Segments touch: checking each start, and the last end, checks every boundary.
    report.widened = inner.iter().any(|s| {
        matches!(
            s.status,
            Status::Tentative | Status::Busy | Status::OutOfOffice
        ) && !(on_minute(s.start()) && on_minute(s.end()))
    }) || !on_minute(start)
        || !on_minute(end);
    let whole = Interval::new(start, end).unwrap_or(timeline.range());
    let range = PublishRange::covering(start, end).map_err(|source| ConversionError::Exchange {
        user: user(),
        status: Status::Free,
        interval: whole,
        source: Box::new(source),
    })?;
    // `publish` leaves free and no-data out itself: the segments go in as they are.
    let message = FreeBusyMessage::publish(dn, range, now, inner).map_err(|source| {
        ConversionError::Exchange {
            user: user(),
            // Only the latest months can be past Exchange's years: name the last event.
            status: inner
                .iter()
                .rev()
                .find(|s| !matches!(s.status, Status::Free | Status::NoData))
                .map_or(Status::Busy, |e| e.status),
            interval: whole,
            source: Box::new(source),
        }
    })?;
    Ok((message, report))
}
