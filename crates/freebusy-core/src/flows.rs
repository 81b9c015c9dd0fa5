//! The two flows as single calls.

use chrono::{DateTime, Utc};
use exchange_freebusy::FreeBusyMessage;
use exchange_freebusy::address::LegacyDn;
use freebusy_types::{Interval, Status, StatusInterval};
use zimbra_freebusy::UserFreeBusy;

use crate::error::ConversionError;
use crate::exchange::ExchangeReport;
use crate::{Raster, Timeline};

/// What the proxy learned of an Exchange user.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum ExchangeAnswer<'a> {
    /// The user's public-folder free/busy message.
    Message(&'a FreeBusyMessage),
    /// An OWA `fbdata` or EWS `MergedFreeBusy` raster.
    Raster(&'a Raster),
    /// Intervals already resolved (an [`exchange_freebusy::owa::OwaUser`]'s, say): what
    /// they do not cover is no-data.
    Intervals(&'a [StatusInterval]),
    /// Nothing: no message, the user missing from the answer, or the lookup failed.
    Missing,
}

/// Lookup flow: an Exchange user's free/busy as Zimbra shows it, for the `range` Zimbra
/// asked: a complete `usr` covering the range with free intervals, and no-data wherever
/// Exchange published nothing (outside the publish range, past the raster's end, or all of
/// it when the answer is missing).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use freebusy_core::{exchange_user_as_zimbra, ExchangeAnswer, Raster};
/// use freebusy_types::{Interval, Status};
///
/// let start = Utc.with_ymd_and_hms(2008, 5, 1, 10, 0, 0).single().ok_or("invalid date")?;
/// let range = Interval::new(start, Utc.with_ymd_and_hms(2008, 5, 1, 11, 30, 0).single().ok_or("invalid date")?)?;
/// let raster = Raster::parse("0224", start, 15, "a@example.org")?;
/// let usr = exchange_user_as_zimbra("a@example.org", ExchangeAnswer::Raster(&raster), range);
/// let kinds: Vec<Status> = usr.intervals.iter().map(|i| i.status).collect();
/// // The raster stops at 11:00: the last half hour is no-data, not free.
/// assert_eq!(kinds, [Status::Free, Status::Busy, Status::NoData]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn exchange_user_as_zimbra(
    id: &str,
    answer: ExchangeAnswer<'_>,
    range: Interval,
) -> UserFreeBusy {
    let timeline = match answer {
        ExchangeAnswer::Message(m) => crate::exchange::to_timeline(m, range),
        ExchangeAnswer::Raster(r) => r.to_timeline_over(range),
        ExchangeAnswer::Intervals(list) => {
            Timeline::from_intervals(range, Status::NoData, list.iter().copied())
        }
        ExchangeAnswer::Missing => Timeline::uniform(range, Status::NoData),
    };
    crate::zimbra::from_timeline(id, &timeline)
}

/// Replication flow: a Zimbra user's free/busy as Exchange stores it. `user` is Zimbra's
/// answer for (at least) the publish `window` (see [`crate::PublishWindow`]); the result is
/// the message to PROPPATCH for `dn`, stamped `now`, and the report of what Exchange cannot
/// say.
///
/// # Errors
///
/// [`ConversionError::ZimbraInterval`] for an interval that is not one,
/// [`ConversionError::NothingToPublish`] when Zimbra said nothing about the window,
/// [`ConversionError::Exchange`] for time Exchange cannot count.
pub fn zimbra_user_as_exchange(
    user: &UserFreeBusy,
    window: Interval,
    dn: &LegacyDn,
    now: DateTime<Utc>,
) -> Result<(FreeBusyMessage, ExchangeReport), ConversionError> {
    let timeline = crate::zimbra::to_timeline(user, window, Status::NoData)?;
    crate::exchange::from_timeline(&timeline, dn, now).map_err(|e| match e {
        ConversionError::NothingToPublish { range, .. } => ConversionError::NothingToPublish {
            user: user.id.clone(),
            range,
        },
        ConversionError::Exchange {
            status,
            interval,
            source,
            ..
        } => ConversionError::Exchange {
            user: user.id.clone(),
            status,
            interval,
            source,
        },
        other => other,
    })
}
