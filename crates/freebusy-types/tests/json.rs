//! The JSON form of statuses, status intervals and interval lists.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use freebusy_types::{IntervalList, Status, StatusInterval};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2008, 1, 2, h, m, 0).single().unwrap()
}

fn parse(json: &str) -> Result<StatusInterval, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn serializes_exact_form() {
    let si = StatusInterval::new(Status::Busy, at(17, 30), at(18, 0)).unwrap();
    assert_eq!(
        serde_json::to_string(&si).unwrap(),
        r#"{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#
    );
}

#[test]
fn serializes_every_status_name() {
    let names = ["free", "nodata", "tentative", "busy", "oof"];
    for (status, name) in Status::ALL.into_iter().zip(names) {
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            format!("\"{name}\"")
        );
        let si = StatusInterval::new(status, at(9, 0), at(10, 0)).unwrap();
        assert_eq!(
            serde_json::to_string(&si).unwrap(),
            format!(
                r#"{{"status":"{name}","start":"2008-01-02T09:00:00Z","end":"2008-01-02T10:00:00Z"}}"#
            )
        );
        assert_eq!(
            serde_json::from_str::<Status>(&format!("\"{name}\"")).unwrap(),
            status
        );
    }
}

#[test]
fn serializes_millisecond_precision_only_when_present() {
    let si = StatusInterval::from_millis(Status::Tentative, 1_199_295_000_250, 1_199_296_800_000)
        .unwrap();
    assert_eq!(
        serde_json::to_string(&si).unwrap(),
        r#"{"status":"tentative","start":"2008-01-02T17:30:00.250Z","end":"2008-01-02T18:00:00Z"}"#
    );
    let si =
        StatusInterval::from_millis(Status::Free, 1_199_295_000_001, 1_199_295_000_999).unwrap();
    assert_eq!(
        serde_json::to_string(&si).unwrap(),
        r#"{"status":"free","start":"2008-01-02T17:30:00.001Z","end":"2008-01-02T17:30:00.999Z"}"#
    );
}

#[test]
fn serializes_microseconds_with_six_digits() {
    let start = at(17, 30) + chrono::TimeDelta::microseconds(5);
    let si = StatusInterval::new(Status::Busy, start, at(18, 0)).unwrap();
    assert_eq!(
        serde_json::to_string(&si).unwrap(),
        r#"{"status":"busy","start":"2008-01-02T17:30:00.000005Z","end":"2008-01-02T18:00:00Z"}"#
    );
}

#[test]
fn serializes_pretty_in_key_order() {
    let si = StatusInterval::new(Status::OutOfOffice, at(0, 0), at(23, 59)).unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&si).unwrap(),
        "{\n  \"status\": \"oof\",\n  \"start\": \"2008-01-02T00:00:00Z\",\n  \"end\": \"2008-01-02T23:59:00Z\"\n}"
    );
}

#[test]
fn deserializes_utc() {
    let si =
        parse(r#"{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#)
            .unwrap();
    assert_eq!(
        si,
        StatusInterval::new(Status::Busy, at(17, 30), at(18, 0)).unwrap()
    );
}

#[test]
fn deserializes_offsets_to_utc() {
    let si = parse(
        r#"{"status":"nodata","start":"2008-01-02T09:30:00-08:00","end":"2008-01-02T19:00:00+01:00"}"#,
    )
    .unwrap();
    assert_eq!(si.status, Status::NoData);
    assert_eq!(si.start(), at(17, 30));
    assert_eq!(si.end(), at(18, 0));
    // Offsets with a fraction, a lowercase `z`, and `+00:00`.
    let si = parse(
        r#"{"status":"free","start":"2008-01-02T23:00:00.5+05:30","end":"2008-01-02T18:00:00+00:00"}"#,
    )
    .unwrap();
    assert_eq!(
        si.start(),
        at(17, 30) + chrono::TimeDelta::milliseconds(500)
    );
    assert_eq!(si.end(), at(18, 0));
    let si =
        parse(r#"{"status":"free","start":"2008-01-02t17:30:00z","end":"2008-01-02T18:00:00Z"}"#)
            .unwrap();
    assert_eq!(si.start(), at(17, 30));
    // The serialized form is always UTC with `Z`.
    let si = parse(
        r#"{"status":"busy","start":"2008-01-02T09:30:00-08:00","end":"2008-01-02T10:00:00-08:00"}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&si).unwrap(),
        r#"{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#
    );
}

#[test]
fn deserializes_any_key_order_and_ignores_unknown_keys() {
    let si = parse(
        r#"{"end":"2008-01-02T18:00:00Z","note":{"x":[1,2]},"start":"2008-01-02T17:30:00Z","status":"oof","extra":null}"#,
    )
    .unwrap();
    assert_eq!(
        si,
        StatusInterval::new(Status::OutOfOffice, at(17, 30), at(18, 0)).unwrap()
    );
}

#[test]
fn rejects_unknown_status_listing_the_names() {
    let err =
        parse(r#"{"status":"away","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#)
            .unwrap_err();
    assert!(err.contains("\"away\""), "{err}");
    for name in ["free", "nodata", "tentative", "busy", "oof"] {
        assert!(err.contains(name), "{err}");
    }
    // Case matters.
    assert!(
        parse(r#"{"status":"Busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#)
            .is_err()
    );
    // Not a string.
    assert!(
        parse(r#"{"status":2,"start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#)
            .is_err()
    );
}

#[test]
fn rejects_reversed_and_empty_intervals() {
    let err =
        parse(r#"{"status":"busy","start":"2008-01-02T18:00:00Z","end":"2008-01-02T17:30:00Z"}"#)
            .unwrap_err();
    assert!(err.contains("reversed"), "{err}");
    assert!(err.contains("2008-01-02T18:00:00Z"), "{err}");
    assert!(err.contains("2008-01-02T17:30:00Z"), "{err}");
    let err = parse(
        r#"{"status":"busy","start":"2008-01-02T18:00:00Z","end":"2008-01-02T19:00:00+01:00"}"#,
    )
    .unwrap_err();
    assert!(err.contains("empty"), "{err}");
    assert!(err.contains("2008-01-02T18:00:00Z"), "{err}");
}

#[test]
fn rejects_bad_dates_naming_the_field_and_value() {
    for (bad, field) in [
        (
            r#"{"status":"busy","start":"2008-02-30T17:30:00Z","end":"2008-03-02T18:00:00Z"}"#,
            "start",
        ),
        (
            r#"{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02 18:00"}"#,
            "end",
        ),
        (
            r#"{"status":"busy","start":"2008-01-02T17:30:00","end":"2008-01-02T18:00:00Z"}"#,
            "start",
        ),
        (
            r#"{"status":"busy","start":"2008-01-02","end":"2008-01-03T18:00:00Z"}"#,
            "start",
        ),
        (
            r#"{"status":"busy","start":"2008-01-02T17:30:00Z","end":"yesterday"}"#,
            "end",
        ),
    ] {
        let err = parse(bad).unwrap_err();
        assert!(err.contains(&format!("`{field}`")), "{bad}: {err}");
        assert!(err.contains("RFC 3339"), "{bad}: {err}");
    }
    // Not a string at all.
    assert!(parse(r#"{"status":"busy","start":1199295000,"end":"2008-01-02T18:00:00Z"}"#).is_err());
}

#[test]
fn rejects_missing_and_duplicate_keys() {
    let err = parse(r#"{"status":"busy","start":"2008-01-02T17:30:00Z"}"#).unwrap_err();
    assert!(err.contains("missing field `end`"), "{err}");
    let err =
        parse(r#"{"start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#).unwrap_err();
    assert!(err.contains("missing field `status`"), "{err}");
    let err = parse(
        r#"{"status":"busy","status":"free","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}"#,
    )
    .unwrap_err();
    assert!(err.contains("duplicate field `status`"), "{err}");
    assert!(parse("[]").is_err());
    assert!(parse("\"busy\"").is_err());
}

#[test]
fn interval_list_round_trip() {
    let list = IntervalList::new(vec![
        StatusInterval::new(Status::Busy, at(17, 30), at(18, 0)).unwrap(),
        StatusInterval::new(Status::Free, at(9, 0), at(10, 0)).unwrap(),
    ]);
    let json = serde_json::to_string(&list).unwrap();
    assert_eq!(
        json,
        r#"{"intervals":[{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"},{"status":"free","start":"2008-01-02T09:00:00Z","end":"2008-01-02T10:00:00Z"}]}"#
    );
    assert_eq!(serde_json::from_str::<IntervalList>(&json).unwrap(), list);
    assert_eq!(
        serde_json::to_string(&IntervalList::default()).unwrap(),
        r#"{"intervals":[]}"#
    );
    // Unknown keys are ignored; a bad element fails the whole list.
    let list: IntervalList = serde_json::from_str(r#"{"version":1,"intervals":[]}"#).unwrap();
    assert!(list.intervals.is_empty());
    let err = serde_json::from_str::<IntervalList>(
        r#"{"intervals":[{"status":"bsy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("\"bsy\""), "{err}");
}

#[test]
fn interval_list_conversions() {
    let a = StatusInterval::new(Status::Busy, at(17, 30), at(18, 0)).unwrap();
    let b = StatusInterval::new(Status::Busy, at(18, 0), at(19, 0)).unwrap();
    let list: IntervalList = [b, a].into_iter().collect();
    assert_eq!((&list).into_iter().count(), 2);
    assert_eq!(
        list.overlaid().intervals,
        vec![StatusInterval::new(Status::Busy, at(17, 30), at(19, 0)).unwrap()]
    );
    let v: Vec<StatusInterval> = list.clone().into();
    assert_eq!(IntervalList::from(v), list);
}

#[test]
fn display_forms() {
    let si = StatusInterval::new(Status::Busy, at(17, 30), at(18, 0)).unwrap();
    assert_eq!(
        si.to_string(),
        "busy 2008-01-02T17:30:00Z/2008-01-02T18:00:00Z"
    );
    assert_eq!(si.duration(), chrono::TimeDelta::minutes(30));
}
