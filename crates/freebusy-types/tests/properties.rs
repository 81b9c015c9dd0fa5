//! Property tests: the overlay's invariants and the JSON round trip.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use freebusy_types::{IntervalList, Status, StatusInterval, overlay, overlay_non_free};
use proptest::prelude::*;

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// Intervals on a small minute grid (so that they overlap and touch a lot), with the
/// occasional odd millisecond.
fn dense_interval() -> impl Strategy<Value = StatusInterval> {
    (
        status(),
        0i64..240,
        1i64..90,
        prop::bool::weighted(0.1),
        0i64..1000,
    )
        .prop_map(|(s, a, len, odd, ms)| {
            let start = a * 60_000 + if odd { ms } else { 0 };
            StatusInterval::from_millis(s, start, (a + len) * 60_000).unwrap()
        })
}

fn inputs() -> impl Strategy<Value = Vec<StatusInterval>> {
    prop::collection::vec(dense_interval(), 0..40)
}

/// Any instant with millisecond precision between year 1 and year 9999.
fn wide_interval() -> impl Strategy<Value = StatusInterval> {
    const MIN_MS: i64 = -62_135_596_800_000; // 0001-01-01T00:00:00Z
    const MAX_MS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
    (
        status(),
        MIN_MS..MAX_MS,
        prop_oneof![1i64..1_000, 1i64..100_000_000_000],
        any::<bool>(),
    )
        .prop_map(|(s, start, len, whole)| {
            let start = if whole {
                start - start.rem_euclid(1000)
            } else {
                start
            };
            let end = (start + len).min(MAX_MS);
            StatusInterval::from_millis(s, start, end).unwrap()
        })
}

fn midpoint(a: DateTime<Utc>, b: DateTime<Utc>) -> DateTime<Utc> {
    a + (b - a) / 2
}

/// The busiest status among the inputs covering `t`, if any covers it.
fn expected_at(inputs: &[StatusInterval], t: DateTime<Utc>) -> Option<Status> {
    inputs
        .iter()
        .filter(|si| si.interval.contains(t))
        .map(|si| si.status)
        .max()
}

/// The status the output gives `t`; fails if two output intervals cover it.
fn actual_at(output: &[StatusInterval], t: DateTime<Utc>) -> Result<Option<Status>, TestCaseError> {
    let mut covering = output.iter().filter(|si| si.interval.contains(t));
    let first = covering.next().map(|si| si.status);
    prop_assert!(covering.next().is_none(), "two output intervals cover {t}");
    Ok(first)
}

proptest! {
    #[test]
    fn output_is_sorted_and_non_overlapping(input in inputs()) {
        let out = overlay(input);
        for w in out.windows(2) {
            prop_assert!(w[0].start() < w[1].start(), "not sorted: {} then {}", w[0], w[1]);
            prop_assert!(w[0].end() <= w[1].start(), "overlap: {} and {}", w[0], w[1]);
        }
    }

    #[test]
    fn no_touching_neighbours_share_a_status(input in inputs()) {
        let out = overlay(input);
        for w in out.windows(2) {
            prop_assert!(
                !(w[0].status == w[1].status && w[0].interval.touches_or_overlaps(&w[1].interval)),
                "unmerged: {} and {}", w[0], w[1]
            );
        }
    }

    #[test]
    fn idempotent(input in inputs()) {
        let once = overlay(input);
        let twice = overlay(once.clone());
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn input_order_does_not_matter(
        (input, shuffled) in inputs().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        prop_assert_eq!(overlay(shuffled), overlay(input));
    }

    #[test]
    fn busiest_covering_status_wins_everywhere(input in inputs()) {
        let out = overlay(input.clone());
        let mut points: Vec<DateTime<Utc>> = input
            .iter()
            .chain(&out)
            .flat_map(|si| [si.start(), si.end(), midpoint(si.start(), si.end())])
            .collect();
        points.sort();
        points.dedup();
        // Also every midpoint between neighbouring points: the statuses are constant on
        // each elementary piece, so this checks every piece.
        let mids: Vec<_> = points.windows(2).map(|w| midpoint(w[0], w[1])).collect();
        for t in points.into_iter().chain(mids) {
            prop_assert_eq!(actual_at(&out, t)?, expected_at(&input, t), "at {}", t);
        }
    }

    /// Sorted, disjoint input takes a one-pass path; it must agree with the sweep that
    /// the same pieces in reverse order go through.
    #[test]
    fn sorted_fast_path_agrees_with_sweep(input in inputs()) {
        let split: Vec<StatusInterval> = overlay(input)
            .into_iter()
            .flat_map(|si| {
                let mid = midpoint(si.start(), si.end());
                if mid > si.start() && mid < si.end() {
                    vec![
                        StatusInterval::new(si.status, si.start(), mid).unwrap(),
                        StatusInterval::new(si.status, mid, si.end()).unwrap(),
                    ]
                } else {
                    vec![si]
                }
            })
            .collect();
        let mut reversed = split.clone();
        reversed.reverse();
        prop_assert_eq!(overlay(split), overlay(reversed));
    }

    #[test]
    fn non_free_is_overlay_without_free(input in inputs()) {
        let all = overlay(input.clone());
        let non_free = overlay_non_free(input);
        prop_assert!(non_free.iter().all(|si| !si.status.is_free()));
        let filtered: Vec<_> = all.into_iter().filter(|si| si.status != Status::Free).collect();
        prop_assert_eq!(non_free, filtered);
    }

    #[test]
    fn json_round_trip(si in wide_interval()) {
        let json = serde_json::to_string(&si).unwrap();
        let back: StatusInterval = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, si);
        // The text form: three keys in order, `Z`, a fraction only when present.
        let prefix = format!("{{\"status\":\"{}\",\"start\":\"", si.status);
        prop_assert!(json.starts_with(&prefix), "{}", json);
        prop_assert!(json.ends_with("Z\"}"), "{}", json);
        let start_text = format!("\"start\":\"{}\"", si.start().to_rfc3339_opts(SecondsFormat::AutoSi, true));
        prop_assert!(json.contains(&start_text), "{}", json);
        let whole = si.start_millis().rem_euclid(1000) == 0;
        let start_has_fraction = json
            .split("\"start\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .is_some_and(|text| text.contains('.'));
        prop_assert_eq!(start_has_fraction, !whole, "{}", json);
    }

    #[test]
    fn json_reads_any_offset(si in wide_interval(), offset_min in -1439i32..=1439) {
        let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
        let text = |t: DateTime<Utc>| t.with_timezone(&offset).to_rfc3339_opts(SecondsFormat::Millis, false);
        let json = format!(
            r#"{{"status":"{}","start":"{}","end":"{}"}}"#,
            si.status,
            text(si.start()),
            text(si.end())
        );
        match serde_json::from_str::<StatusInterval>(&json) {
            Ok(back) => prop_assert_eq!(back, si),
            Err(e) => {
                // Only acceptable when the local rendering left RFC 3339's four-digit years.
                let y_start = si.start().with_timezone(&offset).format("%Y").to_string();
                let y_end = si.end().with_timezone(&offset).format("%Y").to_string();
                prop_assert!(y_start.len() != 4 || y_end.len() != 4, "{}: {}", json, e);
            }
        }
    }

    #[test]
    fn interval_list_round_trip(list in prop::collection::vec(wide_interval(), 0..10)) {
        let list = IntervalList::new(list);
        let json = serde_json::to_string(&list).unwrap();
        prop_assert_eq!(serde_json::from_str::<IntervalList>(&json).unwrap(), list);
    }
}
