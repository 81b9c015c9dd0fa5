//! Unit tests of `freebusy-types/src/interval.rs`, run against the public API.

use chrono::{DateTime, TimeDelta, Utc};
use freebusy_types::*;

fn iv(a: i64, b: i64) -> Interval {
    Interval::from_millis(a, b).unwrap()
}

fn t(ms: i64) -> DateTime<Utc> {
    time_from_millis(ms).unwrap()
}

#[test]
fn new_rejects_empty_and_reversed() {
    assert_eq!(
        Interval::new(t(5), t(5)),
        Err(IntervalError::Empty {
            start: t(5),
            end: t(5)
        })
    );
    assert_eq!(
        Interval::new(t(6), t(5)),
        Err(IntervalError::Reversed {
            start: t(6),
            end: t(5)
        })
    );
    let ok = Interval::new(t(5), t(6)).unwrap();
    assert_eq!((ok.start(), ok.end()), (t(5), t(6)));
}

#[test]
fn error_messages_name_the_instants() {
    let err = Interval::from_millis(1_199_295_000_000, 1_199_295_000_000).unwrap_err();
    assert_eq!(
        err.to_string(),
        "empty interval: start 2008-01-02T17:30:00Z equals end 2008-01-02T17:30:00Z (intervals must have start < end)"
    );
    let err = Interval::from_millis(1_199_296_800_000, 1_199_295_000_000).unwrap_err();
    assert_eq!(
        err.to_string(),
        "reversed interval: start 2008-01-02T18:00:00Z is after end 2008-01-02T17:30:00Z (intervals must have start < end)"
    );
}

#[test]
fn millis_round_trip_and_range() {
    let a = iv(-1_500, 1_199_295_000_123);
    assert_eq!(a.start_millis(), -1_500);
    assert_eq!(a.end_millis(), 1_199_295_000_123);
    assert_eq!(
        Interval::from_millis(i64::MIN, 0),
        Err(IntervalError::MillisOutOfRange { millis: i64::MIN })
    );
    let err = Interval::from_millis(0, i64::MAX).unwrap_err();
    assert_eq!(err, IntervalError::MillisOutOfRange { millis: i64::MAX });
    assert!(err.to_string().contains(&i64::MAX.to_string()));
}

#[test]
fn duration_and_contains() {
    let a = iv(10, 20);
    assert_eq!(a.duration(), TimeDelta::milliseconds(10));
    assert!(!a.contains(t(9)));
    assert!(a.contains(t(10)));
    assert!(a.contains(t(19)));
    assert!(!a.contains(t(20)));
}

#[test]
fn overlap_touch_intersection() {
    let a = iv(10, 20);
    // Disjoint.
    let far = iv(30, 40);
    assert!(!a.overlaps(&far) && !far.overlaps(&a));
    assert!(!a.touches_or_overlaps(&far));
    assert_eq!(a.intersection(&far), None);
    // Touching.
    let next = iv(20, 30);
    assert!(!a.overlaps(&next) && !next.overlaps(&a));
    assert!(a.touches_or_overlaps(&next) && next.touches_or_overlaps(&a));
    assert_eq!(a.intersection(&next), None);
    // Overlapping.
    let b = iv(15, 25);
    assert!(a.overlaps(&b) && b.overlaps(&a));
    assert_eq!(a.intersection(&b), Some(iv(15, 20)));
    assert_eq!(b.intersection(&a), Some(iv(15, 20)));
    // Nested.
    let inner = iv(12, 13);
    assert!(a.overlaps(&inner));
    assert_eq!(a.intersection(&inner), Some(inner));
    assert_eq!(a.intersection(&a), Some(a));
    assert_eq!(a.hull(&far), iv(10, 40));
}

#[test]
fn ordering_is_start_then_end() {
    let mut v = vec![iv(5, 9), iv(1, 9), iv(1, 3)];
    v.sort();
    assert_eq!(v, vec![iv(1, 3), iv(1, 9), iv(5, 9)]);
}

#[test]
fn time_text() {
    assert_eq!(format_time(t(1_199_295_000_000)), "2008-01-02T17:30:00Z");
    assert_eq!(
        format_time(t(1_199_295_000_250)),
        "2008-01-02T17:30:00.250Z"
    );
    assert_eq!(
        parse_time("2008-01-02T09:30:00-08:00").unwrap(),
        t(1_199_295_000_000)
    );
    assert_eq!(
        parse_time(" 2008-01-02T17:30:00.250Z ").unwrap(),
        t(1_199_295_000_250)
    );
    let err = parse_time("2008-13-02T17:30:00Z").unwrap_err();
    assert!(
        matches!(err, IntervalError::InvalidTime { ref value, .. } if value == "2008-13-02T17:30:00Z")
    );
    assert!(
        err.to_string().contains("\"2008-13-02T17:30:00Z\""),
        "{err}"
    );
}

#[test]
fn display() {
    assert_eq!(
        iv(1_199_295_000_000, 1_199_296_800_000).to_string(),
        "2008-01-02T17:30:00Z/2008-01-02T18:00:00Z"
    );
}
