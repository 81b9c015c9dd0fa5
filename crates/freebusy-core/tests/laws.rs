//! The laws of the canonical model and its conversions, as property tests.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use exchange_freebusy::address::LegacyDn;
use freebusy_core::{Raster, Timeline, exchange, zimbra};
use freebusy_types::{Interval, Status, StatusInterval};
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2007, 11, 20, 0, 0, 0).unwrap()
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn known_status() -> impl Strategy<Value = Status> {
    prop::sample::select(vec![
        Status::Free,
        Status::Tentative,
        Status::Busy,
        Status::OutOfOffice,
    ])
}

/// A timeline of contiguous pieces, each `unit` × 1..=max_len long, from a start within
/// about a year of 2007-11-20 (so month and year ends are crossed often).
fn timeline_of(
    unit: TimeDelta,
    statuses: impl Strategy<Value = Status>,
    max_len: i64,
) -> impl Strategy<Value = Timeline> {
    (
        0i64..(365 * 24 * 60),
        prop::collection::vec((1..=max_len, statuses), 1..25),
    )
        .prop_map(move |(offset, pieces)| {
            let start = base() + TimeDelta::minutes(offset);
            let mut at = start;
            let mut list = Vec::new();
            for (len, s) in pieces {
                let end = at + unit * i32::try_from(len).unwrap();
                list.push(StatusInterval::new(s, at, end).unwrap());
                at = end;
            }
            Timeline::from_intervals(Interval::new(start, at).unwrap(), Status::Free, list)
        })
}

fn minute_timeline() -> impl Strategy<Value = Timeline> {
    timeline_of(TimeDelta::minutes(1), status(), 6000)
}

/// Arbitrary intervals (any order, overlapping) around a range.
fn loose_intervals() -> impl Strategy<Value = (Interval, Vec<StatusInterval>, Status)> {
    (
        prop::collection::vec((-100i64..2000, 1i64..500, status()), 0..30),
        0i64..100,
        100i64..1900,
        prop::sample::select(vec![Status::Free, Status::NoData]),
    )
        .prop_map(|(raw, a, len, gaps)| {
            let t = |m: i64| base() + TimeDelta::minutes(m);
            let range = Interval::new(t(a), t(a + len)).unwrap();
            let list = raw
                .into_iter()
                .map(|(s, l, st)| StatusInterval::new(st, t(s), t(s + l)).unwrap())
                .collect();
            (range, list, gaps)
        })
}

/// The invariant: gap-free cover of the range, no two neighbours with the same status.
fn assert_normalized(tl: &Timeline) {
    let segs = tl.segments();
    assert_eq!(segs.first().unwrap().start(), tl.start());
    assert_eq!(segs.last().unwrap().end(), tl.end());
    for w in segs.windows(2) {
        assert_eq!(w[0].end(), w[1].start());
        assert_ne!(w[0].status, w[1].status);
    }
}

/// The status at `t` by brute force: the busiest input covering it, else `gaps`.
fn brute_status(list: &[StatusInterval], gaps: Status, t: DateTime<Utc>) -> Status {
    list.iter()
        .filter(|si| si.interval.contains(t))
        .map(|si| si.status)
        .max()
        .unwrap_or(gaps)
}

/// Every boundary of the timelines (where the answer can change), plus a point inside each
/// segment.
fn probes(tls: &[&Timeline]) -> Vec<DateTime<Utc>> {
    let mut v = Vec::new();
    for tl in tls {
        for s in tl.segments() {
            v.push(s.start());
            v.push(s.start() + (s.end() - s.start()) / 2);
        }
        v.push(tl.end() - TimeDelta::nanoseconds(1));
    }
    v
}

fn dn() -> LegacyDn {
    LegacyDn::parse("/o=Example/ou=First Administrative Group/cn=Recipients/cn=phoney").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Building from arbitrary intervals is the pointwise busiest status, normalized.
    #[test]
    fn builder_is_pointwise_busiest((range, list, gaps) in loose_intervals()) {
        let tl = Timeline::from_intervals(range, gaps, list.clone());
        assert_normalized(&tl);
        prop_assert_eq!(tl.range(), range);
        for t in probes(&[&tl]).into_iter().chain(list.iter().flat_map(|s| [s.start(), s.end()])) {
            if range.contains(t) {
                prop_assert_eq!(tl.status_at(t), Some(brute_status(&list, gaps, t)), "at {}", t);
            }
        }
    }

    /// Normalization is idempotent.
    #[test]
    fn normalization_is_idempotent((range, list, gaps) in loose_intervals()) {
        let once = Timeline::from_intervals(range, gaps, list);
        let twice = Timeline::from_intervals(range, gaps, once.segments().to_vec());
        prop_assert_eq!(&twice, &once);
        let other_gaps = Timeline::from_intervals(range, Status::OutOfOffice, once.segments().to_vec());
        prop_assert_eq!(other_gaps, once);
    }

    /// Overlay is commutative and associative, and is the pointwise busiest status (no-data
    /// outside a timeline's range).
    #[test]
    fn overlay_laws(a in minute_timeline(), b in minute_timeline(), c in minute_timeline()) {
        let ab = a.overlay(&b);
        prop_assert_eq!(&ab, &b.overlay(&a));
        prop_assert_eq!(ab.overlay(&c), a.overlay(&b.overlay(&c)));
        assert_normalized(&ab);
        for t in probes(&[&a, &b]) {
            let at = |tl: &Timeline| tl.status_at(t).unwrap_or(Status::NoData);
            prop_assert_eq!(ab.status_at(t), Some(at(&a).busier(at(&b))));
        }
        prop_assert_eq!(a.overlay(&Timeline::uniform(a.range(), Status::Free)), a);
    }

    /// Reframing keeps what is inside and is no-data outside; clipping is reframing to the
    /// intersection.
    #[test]
    fn reframe_and_clip(a in minute_timeline(), s in -3000i64..3000, len in 1i64..20000) {
        let start = a.start() + TimeDelta::minutes(s);
        let range = Interval::new(start, start + TimeDelta::minutes(len)).unwrap();
        let r = a.reframe(range);
        assert_normalized(&r);
        for t in probes(&[&a, &r]) {
            if range.contains(t) {
                prop_assert_eq!(r.status_at(t), Some(a.status_at(t).unwrap_or(Status::NoData)));
            }
        }
        match a.clip(range) {
            Some(c) => prop_assert_eq!(Some(c.range()), a.range().intersection(&range)),
            None => prop_assert!(a.range().intersection(&range).is_none()),
        }
    }

    /// Zimbra → timeline → Zimbra is the identity on normalized input.
    #[test]
    fn zimbra_roundtrip(tl in minute_timeline()) {
        let user = zimbra::from_timeline("a@example.org", &tl);
        let back = zimbra::to_timeline(&user, tl.range(), Status::NoData).unwrap();
        prop_assert_eq!(&back, &tl);
        prop_assert_eq!(zimbra::from_timeline("a@example.org", &back), user);
    }

    /// Any Zimbra user (unordered, overlapping, partly outside) reads as the timeline of
    /// its intervals.
    #[test]
    fn zimbra_reads_any_user((range, list, gaps) in loose_intervals()) {
        let user = zimbra_freebusy::UserFreeBusy {
            id: "a@example.org".into(),
            intervals: list
                .iter()
                .map(|s| zimbra_freebusy::ZimbraInterval::new(s.status, s.start_millis(), s.end_millis()))
                .collect(),
        };
        let got = zimbra::to_timeline(&user, range, gaps).unwrap();
        prop_assert_eq!(got, Timeline::from_intervals(range, gaps, list));
    }

    /// Timeline → Exchange → timeline is the identity on minute-aligned input inside the
    /// publish range, except no-data: interior no-data reads back free (and is reported),
    /// leading and trailing no-data stay no-data (outside the shrunk publish range).
    #[test]
    fn exchange_roundtrip(tl in minute_timeline()) {
        let now = Utc.with_ymd_and_hms(2009, 1, 1, 0, 0, 0).unwrap();
        match exchange::from_timeline(&tl, &dn(), now) {
            Err(freebusy_core::ConversionError::NothingToPublish { .. }) => {
                prop_assert!(tl.segments().iter().all(|s| s.status == Status::NoData));
            }
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
            Ok((message, report)) => {
                prop_assert!(!report.widened);
                let back = exchange::to_timeline(&message, tl.range());
                let segs = tl.segments();
                let first = segs.iter().position(|s| s.status != Status::NoData).unwrap();
                let last = segs.iter().rposition(|s| s.status != Status::NoData).unwrap();
                // Interior no-data reads back free; an event ending at a month's last
                // minute reads back to the month's end (the L − 1 rule).
                let expected = freebusy_core::fuzz::expected_from_exchange(&tl, first, last);
                prop_assert_eq!(&back, &expected);
                let interior: Vec<Interval> = segs[first..=last]
                    .iter()
                    .filter(|s| s.status == Status::NoData)
                    .map(|s| s.interval)
                    .collect();
                prop_assert_eq!(report.unpublished_no_data, interior);
                prop_assert_eq!(report.trimmed.len(), first + (segs.len() - 1 - last));
            }
        }
    }

    /// Timeline → raster → timeline equals the slot-wise busiest quantization.
    #[test]
    fn raster_is_slotwise_busiest(tl in minute_timeline(), interval in prop::sample::select(vec![5u32, 15, 30, 60, 7, 1440])) {
        let raster = Raster::from_timeline(&tl, interval).unwrap();
        let step = TimeDelta::minutes(i64::from(interval));
        let back = raster.to_timeline().unwrap();
        prop_assert_eq!(back.start(), tl.start());
        prop_assert!(back.end() >= tl.end() && back.end() - tl.end() < step);
        for (k, &slot) in raster.slots().iter().enumerate() {
            let s = tl.start() + step * i32::try_from(k).unwrap();
            let e = s + step;
            // Brute force: the busiest segment touching the slot, no-data past the end.
            let mut want = tl
                .segments()
                .iter()
                .filter(|seg| seg.start() < e && seg.end() > s)
                .map(|seg| seg.status)
                .max()
                .unwrap();
            if e > tl.end() {
                want = want.busier(Status::NoData);
            }
            prop_assert_eq!(slot, want, "slot {}", k);
            prop_assert_eq!(back.status_at(s), Some(want));
        }
        // And digits round-trip.
        let again = Raster::parse(&raster.digits(), raster.start(), interval, "x").unwrap();
        prop_assert_eq!(again, raster);
    }

    /// No conversion shrinks busy time: at every instant, what comes back is at least as
    /// busy as what went in (timelines at second precision, so widening is exercised).
    #[test]
    fn busy_time_never_shrinks(tl in timeline_of(TimeDelta::seconds(1), known_status(), 400_000)) {
        let now = Utc.with_ymd_and_hms(2009, 1, 1, 0, 0, 0).unwrap();
        let (message, report) = exchange::from_timeline(&tl, &dn(), now).unwrap();
        let via_exchange = exchange::to_timeline(&message, tl.range());
        let via_raster = Raster::from_timeline(&tl, 15).unwrap().to_timeline().unwrap();
        let via_zimbra = zimbra::to_timeline(&zimbra::from_timeline("x", &tl), tl.range(), Status::NoData).unwrap();
        prop_assert_eq!(&via_zimbra, &tl);
        for t in probes(&[&tl, &via_exchange]) {
            let Some(orig) = tl.status_at(t) else { continue };
            let ex = via_exchange.status_at(t).unwrap();
            prop_assert!(ex >= orig || (orig == Status::Free && ex == Status::NoData && !tl.range().contains(t)),
                "exchange: {} became {} at {}", orig, ex, t);
            prop_assert!(via_raster.status_at(t).unwrap() >= orig);
        }
        for s in [Status::Tentative, Status::Busy, Status::OutOfOffice] {
            prop_assert!(via_exchange.duration_at_least(s) >= tl.duration_at_least(s));
        }
        let on_minute = |t: DateTime<Utc>| t.timestamp_subsec_nanos() == 0 && t.timestamp() % 60 == 0;
        let widened = !on_minute(tl.start()) || !on_minute(tl.end())
            || tl.non_free().any(|s| !on_minute(s.start()) || !on_minute(s.end()));
        prop_assert_eq!(report.widened, widened);
    }
}
