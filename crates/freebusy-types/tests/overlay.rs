//! Worked cases of the overlay.
#![allow(clippy::unwrap_used)]

use freebusy_types::{Status, StatusInterval, overlay, overlay_non_free};

use Status::{Busy, Free, NoData, OutOfOffice, Tentative};

/// A status interval from minute `a` to minute `b` after 2008-01-01T00:00Z.
fn si(status: Status, a: i64, b: i64) -> StatusInterval {
    const BASE_MS: i64 = 1_199_145_600_000;
    StatusInterval::from_millis(status, BASE_MS + a * 60_000, BASE_MS + b * 60_000).unwrap()
}

#[test]
fn empty_input() {
    assert_eq!(overlay(Vec::new()), vec![]);
    assert_eq!(overlay_non_free(Vec::new()), vec![]);
}

#[test]
fn single_interval_unchanged() {
    for s in Status::ALL {
        assert_eq!(overlay([si(s, 10, 20)]), vec![si(s, 10, 20)]);
    }
}

#[test]
fn sorts_disjoint_and_keeps_gaps() {
    assert_eq!(
        overlay([si(Busy, 50, 60), si(Tentative, 0, 10), si(Busy, 20, 30)]),
        vec![si(Tentative, 0, 10), si(Busy, 20, 30), si(Busy, 50, 60)]
    );
}

#[test]
fn nested_busier_splits_outer() {
    assert_eq!(
        overlay([si(Tentative, 0, 60), si(Busy, 20, 30)]),
        vec![
            si(Tentative, 0, 20),
            si(Busy, 20, 30),
            si(Tentative, 30, 60)
        ]
    );
}

#[test]
fn nested_less_busy_disappears() {
    assert_eq!(
        overlay([si(Busy, 0, 60), si(Tentative, 20, 30)]),
        vec![si(Busy, 0, 60)]
    );
}

#[test]
fn partial_overlap() {
    assert_eq!(
        overlay([si(Busy, 0, 30), si(OutOfOffice, 20, 50)]),
        vec![si(Busy, 0, 20), si(OutOfOffice, 20, 50)]
    );
    assert_eq!(
        overlay([si(OutOfOffice, 0, 30), si(Busy, 20, 50)]),
        vec![si(OutOfOffice, 0, 30), si(Busy, 30, 50)]
    );
}

#[test]
fn touching_same_status_merges() {
    assert_eq!(
        overlay([si(Busy, 30, 60), si(Busy, 0, 30), si(Busy, 60, 61)]),
        vec![si(Busy, 0, 61)]
    );
}

#[test]
fn overlapping_same_status_merges() {
    assert_eq!(
        overlay([si(Busy, 0, 40), si(Busy, 20, 60), si(Busy, 10, 15)]),
        vec![si(Busy, 0, 60)]
    );
}

#[test]
fn duplicates_collapse() {
    assert_eq!(
        overlay([si(Busy, 0, 40), si(Busy, 0, 40), si(Busy, 0, 40)]),
        vec![si(Busy, 0, 40)]
    );
}

#[test]
fn touching_different_status_stays_apart() {
    assert_eq!(
        overlay([si(Tentative, 30, 60), si(Busy, 0, 30)]),
        vec![si(Busy, 0, 30), si(Tentative, 30, 60)]
    );
}

#[test]
fn same_status_rejoins_after_busier_piece_ends() {
    // Busy 0-60 with oof 20-30 inside, and another busy 60-90: busy pieces around the oof,
    // and the last one merged across the touch at 60.
    assert_eq!(
        overlay([si(Busy, 0, 60), si(OutOfOffice, 20, 30), si(Busy, 60, 90)]),
        vec![si(Busy, 0, 20), si(OutOfOffice, 20, 30), si(Busy, 30, 90)]
    );
}

#[test]
fn free_under_busy_disappears() {
    assert_eq!(
        overlay([si(Free, 0, 120), si(Busy, 30, 60)]),
        vec![si(Free, 0, 30), si(Busy, 30, 60), si(Free, 60, 120)]
    );
    assert_eq!(
        overlay([si(Free, 30, 60), si(Busy, 0, 120)]),
        vec![si(Busy, 0, 120)]
    );
    assert_eq!(
        overlay_non_free([si(Free, 0, 120), si(Busy, 30, 60)]),
        vec![si(Busy, 30, 60)]
    );
}

#[test]
fn no_data_beats_free_only() {
    assert_eq!(
        overlay([si(Free, 0, 30), si(NoData, 10, 20)]),
        vec![si(Free, 0, 10), si(NoData, 10, 20), si(Free, 20, 30)]
    );
    assert_eq!(
        overlay([si(Tentative, 0, 30), si(NoData, 10, 20)]),
        vec![si(Tentative, 0, 30)]
    );
    // No data is not free: overlay_non_free keeps it.
    assert_eq!(
        overlay_non_free([si(Free, 0, 30), si(NoData, 10, 20)]),
        vec![si(NoData, 10, 20)]
    );
}

#[test]
fn all_five_priorities_stacked() {
    // A staircase: each busier status covers a shorter, later-starting and earlier-ending span.
    let input = [
        si(Free, 0, 100),
        si(NoData, 10, 90),
        si(Tentative, 20, 80),
        si(Busy, 30, 70),
        si(OutOfOffice, 40, 60),
    ];
    let expected = vec![
        si(Free, 0, 10),
        si(NoData, 10, 20),
        si(Tentative, 20, 30),
        si(Busy, 30, 40),
        si(OutOfOffice, 40, 60),
        si(Busy, 60, 70),
        si(Tentative, 70, 80),
        si(NoData, 80, 90),
        si(Free, 90, 100),
    ];
    assert_eq!(overlay(input), expected);
    let mut reversed = input;
    reversed.reverse();
    assert_eq!(overlay(reversed), expected);
    assert_eq!(overlay_non_free(input), expected[1..8].to_vec());
}

#[test]
fn every_pair_of_statuses_busier_wins() {
    for a in Status::ALL {
        for b in Status::ALL {
            let out = overlay([si(a, 0, 20), si(b, 10, 30)]);
            let winner = a.busier(b);
            let mut expected = vec![si(a, 0, 10), si(winner, 10, 20), si(b, 20, 30)];
            // Merge neighbours of equal status, as the overlay must.
            expected.dedup_by(|next, prev| {
                if prev.status == next.status && prev.end() == next.start() {
                    *prev = StatusInterval::new(prev.status, prev.start(), next.end()).unwrap();
                    true
                } else {
                    false
                }
            });
            assert_eq!(out, expected, "{a} then {b}");
        }
    }
}

#[test]
fn many_identical_endpoints() {
    // Everything starts and ends on the same instants.
    let input: Vec<_> = Status::ALL
        .into_iter()
        .cycle()
        .take(50)
        .map(|s| si(s, 0, 10))
        .collect();
    assert_eq!(overlay(input), vec![si(OutOfOffice, 0, 10)]);
}

#[test]
fn sub_second_endpoints() {
    let a = StatusInterval::from_millis(Busy, 1_000, 1_500).unwrap();
    let b = StatusInterval::from_millis(Busy, 1_500, 2_001).unwrap();
    let c = StatusInterval::from_millis(Tentative, 1_999, 3_000).unwrap();
    assert_eq!(
        overlay([c, b, a]),
        vec![
            StatusInterval::from_millis(Busy, 1_000, 2_001).unwrap(),
            StatusInterval::from_millis(Tentative, 2_001, 3_000).unwrap(),
        ]
    );
}

#[test]
fn large_input_is_fast() {
    // 200 000 intervals: a per-minute grid or quadratic merge would be far too slow here.
    let input: Vec<_> = (0..200_000i64)
        .map(|i| {
            let status = Status::ALL[(i % 5) as usize];
            let start = (i * 7919) % 1_000_000;
            si(status, start, start + 1 + i % 90)
        })
        .collect();
    let out = overlay(input);
    assert!(!out.is_empty());
    assert!(out.windows(2).all(|w| w[0].end() <= w[1].start()));
}
