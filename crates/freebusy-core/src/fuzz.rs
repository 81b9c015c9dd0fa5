//! The one entry point the fuzz target and the corpus replay test share.

use chrono::{DateTime, TimeDelta};
use exchange_freebusy::address::LegacyDn;
use freebusy_types::{Interval, Status, StatusInterval};

use crate::{ConversionError, Raster, Timeline, exchange, zimbra};

/// A timeline read from bytes: 4 bytes of start (minutes from 1600-01-01, so Exchange's
/// range ends are reached), then 3 bytes per piece: a 16-bit length and a byte whose low
/// bits pick the status and whose high bit picks seconds or minutes as the unit.
fn timeline(data: &[u8]) -> Option<(Timeline, &[u8])> {
    let (head, mut rest) = data.split_at_checked(4)?;
    let origin = DateTime::parse_from_rfc3339("1600-01-01T00:00:00Z")
        .ok()?
        .to_utc();
    let offset = u32::from_le_bytes(head.try_into().ok()?) % (4_400 * 366 * 1440);
    let start = origin.checked_add_signed(TimeDelta::minutes(i64::from(offset)))?;
    let mut at = start;
    let mut pieces = Vec::new();
    while let Some((p, r)) = rest.split_first_chunk::<3>() {
        rest = r;
        if p == &[0xff, 0xff, 0xff] {
            break; // Separator: what follows is for a second timeline.
        }
        let len = i64::from(u16::from_le_bytes([p[0], p[1]])) + 1;
        let unit = if p[2] & 0x80 != 0 {
            TimeDelta::seconds(len)
        } else {
            TimeDelta::minutes(len)
        };
        let status = Status::ALL[usize::from(p[2] & 0x7f) % Status::ALL.len()];
        let end = at.checked_add_signed(unit)?;
        pieces.push(StatusInterval::new(status, at, end).ok()?);
        at = end;
        if pieces.len() > 500 {
            break;
        }
    }
    let range = Interval::new(start, at).ok()?;
    Some((Timeline::from_intervals(range, Status::Free, pieces), rest))
}

/// What a timeline reads back as from Exchange, by the documented losses: interior no-data
/// is free, and an event ending at a month's last minute runs to the month's end (the
/// `L − 1` reading rule), inside the published part (segments `first..=last`).
pub fn expected_from_exchange(a: &Timeline, first: usize, last: usize) -> Timeline {
    use chrono::{Datelike, Timelike};
    let segs = a.segments();
    let published_end = segs.get(last).map_or(a.end(), |s| s.end());
    let mut out: Vec<StatusInterval> = segs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.status == Status::NoData && i > first && i < last {
                StatusInterval {
                    status: Status::Free,
                    interval: s.interval,
                }
            } else {
                *s
            }
        })
        .collect();
    for s in segs.get(first..=last).unwrap_or_default() {
        if matches!(s.status, Status::Free | Status::NoData) {
            continue;
        }
        let Some(next) = s.end().checked_add_signed(TimeDelta::minutes(1)) else {
            continue;
        };
        if next.day() == 1
            && next.hour() == 0
            && next.minute() == 0
            && next.second() == 0
            && next <= published_end
            && let Ok(ext) = StatusInterval::new(s.status, s.end(), next)
        {
            out.push(ext);
        }
    }
    Timeline::from_intervals(a.range(), Status::Free, out)
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

fn normalized(tl: &Timeline) -> Result<(), String> {
    let segs = tl.segments();
    check(
        segs.first().map(|s| s.start()) == Some(tl.start())
            && segs.last().map(|s| s.end()) == Some(tl.end())
            && segs
                .windows(2)
                .all(|w| w[0].end() == w[1].start() && w[0].status != w[1].status),
        || format!("not normalized: {tl:?}"),
    )
}

/// Runs every conversion on the timelines `data` describes (and `data` as a raster's digits)
/// and checks the laws that must hold for any input: nothing panics; the result of every
/// operation is normalized; Zimbra round-trips exactly; overlay commutes; Exchange and
/// raster conversions never make any instant less busy than it was (inside the published
/// range), and minute-aligned timelines come back from Exchange unchanged but for interior
/// no-data.
///
/// # Errors
///
/// A description of the broken law (the fuzz target panics with it).
pub fn fuzz_convert(data: &[u8]) -> Result<(), String> {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(start) = DateTime::from_timestamp(1_200_000_000, 0)
        && let Ok(r) = Raster::parse(text, start, 15, "fuzz")
    {
        let again = Raster::parse(&r.digits(), start, 15, "fuzz").map_err(|e| e.to_string())?;
        check(again == r, || "raster digits do not round-trip".into())?;
        if let Some(tl) = r.to_timeline() {
            normalized(&tl)?;
            let back = Raster::from_timeline(&tl, 15).map_err(|e| e.to_string())?;
            check(back == r, || "raster → timeline → raster changed".into())?;
        }
    }
    let Some((a, rest)) = timeline(data) else {
        return Ok(());
    };
    normalized(&a)?;

    // Zimbra: exact.
    let user = zimbra::from_timeline("fuzz", &a);
    let back = zimbra::to_timeline(&user, a.range(), Status::NoData).map_err(|e| e.to_string())?;
    check(back == a, || {
        format!("Zimbra round trip changed {a:?} into {back:?}")
    })?;

    // Overlay and reframe.
    if let Some((b, _)) = timeline(rest) {
        let ab = a.overlay(&b);
        normalized(&ab)?;
        check(ab == b.overlay(&a), || "overlay does not commute".into())?;
        let r = a.reframe(b.range());
        normalized(&r)?;
    }

    // Exchange.
    let dn =
        LegacyDn::parse("/o=Fuzz/ou=Group/cn=Recipients/cn=fuzz").map_err(|e| e.to_string())?;
    match exchange::from_timeline(&a, &dn, a.start()) {
        Ok((message, report)) => {
            let back = exchange::to_timeline(&message, a.range());
            normalized(&back)?;
            let published = message.range.and_then(|r| r.interval());
            for s in a.segments() {
                for t in [s.start(), s.start() + (s.end() - s.start()) / 2] {
                    let inside = published.is_some_and(|p| p.contains(t));
                    let was = s.status;
                    let now = back.status_at(t);
                    check(
                        !inside || now.is_some_and(|n| n >= was || was == Status::NoData),
                        || format!("Exchange made {was} at {t} into {now:?}"),
                    )?;
                }
            }
            if !report.widened {
                let segs = a.segments();
                let first = segs.iter().position(|s| s.status != Status::NoData);
                let last = segs.iter().rposition(|s| s.status != Status::NoData);
                if let (Some(first), Some(last)) = (first, last) {
                    let expected = expected_from_exchange(&a, first, last);
                    check(back == expected, || {
                        "aligned Exchange round trip changed the timeline".into()
                    })?;
                }
            }
        }
        Err(ConversionError::NothingToPublish { .. }) => {
            check(
                a.segments().iter().all(|s| s.status == Status::NoData),
                || "nothing to publish, yet something is known".into(),
            )?;
        }
        // Outside Exchange's years: an error is the right answer.
        Err(ConversionError::Exchange { .. }) => {}
        Err(e) => return Err(format!("unexpected error: {e}")),
    }

    // Raster: every slot at least as busy as anything it touches.
    let interval = 5 + u32::from(data.get(4).copied().unwrap_or(0)) * 5;
    let raster = Raster::from_timeline(&a, interval).map_err(|e| e.to_string())?;
    if let Some(back) = raster.to_timeline() {
        normalized(&back)?;
        for s in a.segments() {
            let now = back.status_at(s.start());
            check(now.is_some_and(|n| n >= s.status), || {
                format!("raster made {} at {} into {now:?}", s.status, s.start())
            })?;
        }
    }
    Ok(())
}
