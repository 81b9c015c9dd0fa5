//! Unit tests of `freebusy-core/src/timeline.rs`, run against the public API.

use chrono::TimeZone;
use chrono::{DateTime, TimeDelta, Utc};
use freebusy_core::Timeline;
use freebusy_types::{Interval, Status, StatusInterval};

fn t(m: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2008, 1, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(m)
}
fn si(s: Status, a: i64, b: i64) -> StatusInterval {
    StatusInterval::new(s, t(a), t(b)).unwrap()
}
fn range(a: i64, b: i64) -> Interval {
    Interval::new(t(a), t(b)).unwrap()
}

#[test]
fn gaps_fill_and_runs_merge() {
    let tl = Timeline::from_intervals(
        range(0, 100),
        Status::NoData,
        [
            si(Status::Busy, 10, 20),
            si(Status::Busy, 20, 30),
            si(Status::Free, 50, 200),
        ],
    );
    assert_eq!(
        tl.segments(),
        [
            si(Status::NoData, 0, 10),
            si(Status::Busy, 10, 30),
            si(Status::NoData, 30, 50),
            si(Status::Free, 50, 100)
        ]
    );
}

#[test]
fn overlay_hull_and_priority() {
    let a = Timeline::from_intervals(range(0, 10), Status::Free, [si(Status::Busy, 2, 4)]);
    let b = Timeline::from_intervals(range(20, 30), Status::Free, []);
    let o = a.overlay(&b);
    assert_eq!(o.range(), range(0, 30));
    // Outside a timeline's range is no-data, and no-data is busier than free.
    assert_eq!(
        o.segments(),
        [
            si(Status::NoData, 0, 2),
            si(Status::Busy, 2, 4),
            si(Status::NoData, 4, 30)
        ]
    );
    // Over the same range, free is the identity.
    assert_eq!(a.overlay(&Timeline::uniform(range(0, 10), Status::Free)), a);
    assert_eq!(o, b.overlay(&a));
}

#[test]
fn reframe_and_clip() {
    let a = Timeline::from_intervals(range(0, 10), Status::Free, [si(Status::Busy, 2, 4)]);
    assert_eq!(
        a.reframe(range(3, 12)).segments(),
        [
            si(Status::Busy, 3, 4),
            si(Status::Free, 4, 10),
            si(Status::NoData, 10, 12)
        ]
    );
    assert_eq!(a.clip(range(3, 12)).unwrap().range(), range(3, 10));
    assert!(a.clip(range(10, 12)).is_none());
    assert_eq!(
        a.reframe(range(20, 30)).segments(),
        [si(Status::NoData, 20, 30)]
    );
}

#[test]
fn status_at() {
    let a = Timeline::from_intervals(range(0, 10), Status::Free, [si(Status::Busy, 2, 4)]);
    assert_eq!(a.status_at(t(0)), Some(Status::Free));
    assert_eq!(a.status_at(t(2)), Some(Status::Busy));
    assert_eq!(a.status_at(t(4)), Some(Status::Free));
    assert_eq!(a.status_at(t(10)), None);
    assert_eq!(a.status_at(t(-1)), None);
}

#[test]
fn first_free_slot_in_windows() {
    let a = Timeline::from_intervals(
        range(0, 600),
        Status::Free,
        [si(Status::Busy, 60, 120), si(Status::Tentative, 150, 200)],
    );
    let len = TimeDelta::minutes(45);
    // Window 100..300: 120..150 is too short, 200..245 fits.
    assert_eq!(
        a.first_free_slot(len, [range(100, 300)]),
        Some(range(200, 245))
    );
    // Touching windows join; unordered windows are fine.
    assert_eq!(
        a.first_free_slot(len, [range(400, 420), range(380, 400)]),
        None
    );
    assert_eq!(
        a.first_free_slot(len, [range(400, 430), range(380, 400)]),
        Some(range(380, 425))
    );
    assert_eq!(
        a.first_free_slot(len, [range(550, 700)]),
        Some(range(550, 595))
    );
    // Time past the range is not free.
    assert_eq!(a.first_free_slot(len, [range(580, 700)]), None);
    assert_eq!(a.first_free_slot(TimeDelta::zero(), [range(0, 10)]), None);
}

#[test]
fn widen_never_shrinks_busy() {
    let s = |secs: i64| t(0) + TimeDelta::seconds(secs);
    let tl = Timeline::from_intervals(
        Interval::new(s(0), s(600)).unwrap(),
        Status::Free,
        [StatusInterval::new(Status::Busy, s(90), s(150)).unwrap()],
    );
    let w = tl.widen_to_minutes();
    assert_eq!(w.segments()[1], si(Status::Busy, 1, 3));
    assert!(w.duration_at_least(Status::Busy) >= tl.duration_at_least(Status::Busy));
}
