//! OWA `Cmd=freebusy`: the real answer, GCC's raster vectors, no-data semantics, the URL.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use exchange_freebusy::Error;
use exchange_freebusy::owa::{IE_USER_AGENT, OwaAnswer, OwaQuery, raster_intervals};
use freebusy_types::{Status, StatusInterval, overlay_non_free};
use http::StatusCode;
use url::Url;
use webdav::Operation;

fn capture() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/exchange/owa-cmd-freebusy-200.xml"
    );
    std::fs::read(path).unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn si(status: Status, a: DateTime<Utc>, b: DateTime<Utc>) -> StatusInterval {
    StatusInterval::new(status, a, b).unwrap()
}

#[test]
fn gcc_raster_vectors() {
    let start = utc(2008, 5, 1, 10, 0);
    let at = |m: u32| utc(2008, 5, 1, 10 + m / 60, m % 60);
    let r = raster_intervals("40312", start, 15, None, "u").unwrap();
    assert_eq!(
        overlay_non_free(r.iter().copied()),
        [
            si(Status::NoData, at(0), at(15)),
            si(Status::OutOfOffice, at(30), at(45)),
            si(Status::Tentative, at(45), at(60)),
            si(Status::Busy, at(60), at(75)),
        ]
    );
    let r = raster_intervals("0114", start, 15, None, "u").unwrap();
    assert_eq!(
        r,
        [
            si(Status::Free, at(0), at(15)),
            si(Status::Tentative, at(15), at(45)),
            si(Status::NoData, at(45), at(60)),
        ]
    );
    let r = raster_intervals("0224", start, 15, None, "u").unwrap();
    assert_eq!(
        overlay_non_free(r.iter().copied())[0],
        si(Status::Busy, at(15), at(45))
    );
}

#[test]
fn raster_shorter_or_longer_than_the_range() {
    let start = utc(2008, 5, 1, 10, 0);
    // Shorter: the rest is no data, never free.
    let r = raster_intervals("02", start, 30, Some(utc(2008, 5, 1, 12, 0)), "u").unwrap();
    assert_eq!(
        r,
        [
            si(Status::Free, start, utc(2008, 5, 1, 10, 30)),
            si(
                Status::Busy,
                utc(2008, 5, 1, 10, 30),
                utc(2008, 5, 1, 11, 0)
            ),
            si(
                Status::NoData,
                utc(2008, 5, 1, 11, 0),
                utc(2008, 5, 1, 12, 0)
            ),
        ]
    );
    // Longer, and a last slot cut by the end.
    let r = raster_intervals("2220", start, 30, Some(utc(2008, 5, 1, 11, 10)), "u").unwrap();
    assert_eq!(r, [si(Status::Busy, start, utc(2008, 5, 1, 11, 10))]);
    // A bad digit names the user and the position, even past the end.
    let e = raster_intervals("0025x", start, 30, Some(utc(2008, 5, 1, 10, 30)), "a@x").unwrap_err();
    assert!(
        matches!(&e, Error::RasterDigit { user, position: 3, found: '5' } if user == "a@x"),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "OWA fbdata of a@x: '5' at position 3 is not a digit 0..4"
    );
}

#[test]
fn real_answer() {
    let answer = OwaAnswer::parse(&capture()).unwrap();
    assert_eq!(answer.items.len(), 2);
    let all = answer.all_attendees().unwrap();
    assert_eq!(all.display_name.as_deref(), Some("All Attendees"));
    assert_eq!(all.email, None);
    let user = answer.item_for("SMTP:Test@Example.org ").unwrap();
    assert_eq!(user.display_name.as_deref(), Some("Test User"));
    assert_eq!(user.kind.as_deref(), Some("1"));
    assert_eq!(user.fbdata.len(), 1344); // 14 days of 15-minute slots

    // Sent from 2008-05-01T00:00Z, 15 minutes.
    let start = utc(2008, 5, 1, 0, 0);
    let slot = |n: i64| start + TimeDelta::minutes(15 * n);
    let busy: Vec<StatusInterval> = overlay_non_free(user.raster(start, 15).unwrap());
    let expected: Vec<StatusInterval> = [
        (161, 163),
        (171, 173),
        (639, 641),
        (653, 655),
        (831, 833),
        (845, 858),
    ]
    .into_iter()
    .map(|(a, b)| si(Status::Busy, slot(a), slot(b)))
    .collect();
    assert_eq!(busy, expected);
    assert_eq!(overlay_non_free(all.raster(start, 15).unwrap()), expected);

    // Through a query: one user found, one missing (no data, not free).
    let end = slot(1344);
    let q = OwaQuery::new(
        start,
        end,
        15,
        ["test@example.org", "SMTP:gone@example.org"],
    )
    .unwrap();
    let fb = q.read(&capture()).unwrap();
    assert_eq!(fb.users.len(), 2);
    assert!(fb.users[0].found);
    assert_eq!(fb.users[0].display_name.as_deref(), Some("Test User"));
    assert_eq!(
        overlay_non_free(fb.users[0].intervals.iter().copied()),
        expected
    );
    assert_eq!(fb.users[0].intervals.first().unwrap().start(), start);
    assert_eq!(fb.users[0].intervals.last().unwrap().end(), end);
    assert!(!fb.users[1].found);
    assert_eq!(fb.users[1].intervals, [si(Status::NoData, start, end)]);
    assert_eq!(overlay_non_free(fb.all_attendees.unwrap()), expected);

    // A longer range than the raster: the tail is no data.
    let q = OwaQuery::new(start, slot(1400), 15, ["test@example.org"]).unwrap();
    let fb = q.read(&capture()).unwrap();
    assert_eq!(
        *fb.users[0].intervals.last().unwrap(),
        si(Status::NoData, slot(1344), slot(1400))
    );
}

#[test]
fn query_url_alignment_and_checks() {
    let base = Url::parse("https://mail.example/exchange/").unwrap();
    // A +02:00 start is sent in UTC, aligned to the half hour from 00:00 UTC.
    let start = DateTime::parse_from_rfc3339("2008-09-25T09:47:13+02:00")
        .unwrap()
        .with_timezone(&Utc);
    let q = OwaQuery::new(
        start,
        utc(2008, 9, 26, 0, 0),
        30,
        ["a+b@example.org", "SMTP:c@example.org"],
    )
    .unwrap();
    assert_eq!(q.start(), utc(2008, 9, 25, 7, 30));
    assert_eq!(
        q.url(&base).unwrap().as_str(),
        "https://mail.example/exchange/public/?cmd=freebusy&start=2008-09-25T07%3A30%3A00Z&end=2008-09-26T00%3A00%3A00Z&interval=30&u=SMTP%3Aa%2Bb%40example.org&u=SMTP%3Ac%40example.org"
    );
    // An interval that does not divide a day: only the minute is floored.
    let q = OwaQuery::new(start, utc(2008, 9, 26, 0, 0), 7, ["a@x"]).unwrap();
    assert_eq!(q.start(), utc(2008, 9, 25, 7, 47));
    let req = q.request(&base).unwrap();
    assert_eq!(req.method(), http::Method::GET);
    assert_eq!(req.headers()[http::header::USER_AGENT], IE_USER_AGENT);
    for bad in [0, 4, 1441, 2000] {
        assert!(matches!(
            OwaQuery::new(start, utc(2008, 9, 26, 0, 0), bad, ["a@x"]),
            Err(Error::OwaInterval { minutes }) if minutes == bad
        ));
    }
    assert!(OwaQuery::new(start, start, 5, ["a@x"]).is_err());
    assert!(matches!(
        OwaQuery::new(utc(2008, 1, 2, 0, 0), utc(2008, 1, 1, 0, 0), 15, ["a@x"]),
        Err(Error::OwaRange { .. })
    ));
}

#[test]
fn operation_statuses_and_bad_answers() {
    let base = Url::parse("http://mail.example/").unwrap();
    let q = OwaQuery::new(
        utc(2008, 5, 1, 0, 0),
        utc(2008, 5, 15, 0, 0),
        15,
        ["test@example.org"],
    )
    .unwrap();
    let ok = http::Response::builder()
        .status(200)
        .body(capture())
        .unwrap();
    let fb = q.response(&base, ok).unwrap().unwrap();
    assert!(fb.users[0].found);
    // Non-200: an error; the caller reports no data for everyone.
    let login = http::Response::builder()
        .status(440)
        .body(b"Login Timeout".to_vec())
        .unwrap();
    match q.response(&base, login) {
        Err(webdav::Error::UnexpectedStatus { status, .. }) => {
            assert_eq!(status, StatusCode::from_u16(440).unwrap())
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(q.no_data().users[0].intervals[0].status, Status::NoData);
    // An HTML logon page with 200, and another XML document.
    let html = http::Response::builder()
        .status(200)
        .body(b"<html><body>Log on".to_vec())
        .unwrap();
    assert!(matches!(
        q.response(&base, html).unwrap(),
        Err(Error::OwaXml(_))
    ));
    let other = http::Response::builder()
        .status(200)
        .body(b"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>".to_vec())
        .unwrap();
    assert!(matches!(
        q.response(&base, other).unwrap(),
        Err(Error::NotOwaAnswer { .. })
    ));
    // An answer without recipients: everyone is no data.
    let fb = q.read(br#"<a:response xmlns:a="WM"/>"#).unwrap();
    assert!(!fb.users[0].found);
    assert_eq!(fb.all_attendees, None);
}
