//! Worked cases: the real captures through both flows, and the places where calendars and
//! time zones bite (DST change days, month and year ends, leap days, a 200-day range).

use chrono::{DateTime, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::America::Los_Angeles;
use chrono_tz::Europe::Berlin;
use exchange_freebusy::address::LegacyDn;
use exchange_freebusy::owa::{OwaAnswer, OwaQuery};
use exchange_freebusy::time::Month;
use exchange_freebusy::{FreeBusyMessage, Pair};
use freebusy_core::{
    ExchangeAnswer, PublishWindow, Raster, Timeline, WorkingHours, exchange,
    exchange_user_as_zimbra, zimbra, zimbra_user_as_exchange,
};
use freebusy_types::{Interval, Status, StatusInterval};
use zimbra_freebusy::{GetFreeBusyResponse, UserFreeBusy, XmlCodec, ZimbraInterval};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/fixtures/exchange/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn iv(a: DateTime<Utc>, b: DateTime<Utc>) -> Interval {
    Interval::new(a, b).unwrap()
}

fn si(s: Status, a: DateTime<Utc>, b: DateTime<Utc>) -> StatusInterval {
    StatusInterval::new(s, a, b).unwrap()
}

fn dn() -> LegacyDn {
    LegacyDn::parse("/o=Example/ou=First Administrative Group/cn=Recipients/cn=phoney").unwrap()
}

fn capture() -> FreeBusyMessage {
    let base = url::Url::parse("http://exchange.example/").unwrap();
    let mut found =
        FreeBusyMessage::decode_multistatus(&fixture("public-folder-propfind-207.xml"), &base)
            .unwrap();
    assert_eq!(found.len(), 1);
    found.remove(0).message
}

/// Lookup flow on the real Exchange 2003 capture (values worked by hand in
/// shared/fixtures/README.md): published 2007-12-01T08:00Z .. 2008-03-01T08:00Z, busy
/// 2008-01-02 17:30-18:00Z and 21:00 - 2008-01-03 00:00Z.
#[test]
fn capture_as_zimbra_shows_it() {
    let m = capture();
    let range = iv(utc(2007, 11, 25, 0, 0), utc(2008, 3, 5, 0, 0));
    let usr = exchange_user_as_zimbra("phoney@example.org", ExchangeAnswer::Message(&m), range);
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    let first = usr.intervals.first().unwrap();
    let last = usr.intervals.last().unwrap();
    // Outside the publish range: no-data, never free.
    assert_eq!(
        (first.status, first.start, first.end),
        (
            Status::NoData,
            ms(range.start()),
            ms(utc(2007, 12, 1, 8, 0))
        )
    );
    assert_eq!(
        (last.status, last.start, last.end),
        (Status::NoData, ms(utc(2008, 3, 1, 8, 0)), ms(range.end()))
    );
    // January 2008 as worked by hand.
    let tl = zimbra::to_timeline(&usr, range, Status::NoData).unwrap();
    let jan = iv(utc(2008, 1, 1, 0, 0), utc(2008, 2, 1, 0, 0));
    let jan_busy: Vec<Interval> = tl.clip(jan).unwrap().intervals_of(Status::Busy).collect();
    assert_eq!(
        jan_busy,
        [
            iv(utc(2008, 1, 1, 16, 30), utc(2008, 1, 1, 17, 0)),
            iv(utc(2008, 1, 1, 19, 30), utc(2008, 1, 1, 20, 0)),
            iv(utc(2008, 1, 2, 17, 30), utc(2008, 1, 2, 18, 0)),
            iv(utc(2008, 1, 2, 21, 0), utc(2008, 1, 3, 0, 0)),
        ]
        .into_iter()
        .filter(|i| m.pair_intervals(Pair::Busy).contains(i))
        .collect::<Vec<_>>()
    );
    assert!(jan_busy.contains(&iv(utc(2008, 1, 2, 17, 30), utc(2008, 1, 2, 18, 0))));
    assert!(jan_busy.contains(&iv(utc(2008, 1, 2, 21, 0), utc(2008, 1, 3, 0, 0))));
    // Every busy interval of the message, and nothing else, is busy; the rest of the
    // published range is free.
    assert_eq!(
        tl.intervals_of(Status::Busy).collect::<Vec<_>>(),
        m.pair_intervals(Pair::Busy)
    );
    assert_eq!(tl.duration_of(Status::Tentative), TimeDelta::zero());
    assert_eq!(
        tl.duration_of(Status::Free) + tl.duration_of(Status::Busy),
        utc(2008, 3, 1, 8, 0) - utc(2007, 12, 1, 8, 0)
    );
    // And Zimbra's wire form of it decodes back to the same user.
    let resp = GetFreeBusyResponse {
        users: vec![usr.clone()],
    };
    let xml = resp.to_xml().unwrap();
    assert_eq!(
        GetFreeBusyResponse::from_xml_bytes(xml.as_bytes())
            .unwrap()
            .users[0],
        usr
    );
}

/// Replication flow on the same data: the Zimbra user the lookup produced, published back
/// over the capture's own range, gives the capture's busy blocks (`ugnYCYwKQAs=` for
/// January 2008) and merged = busy.
#[test]
fn capture_back_to_exchange() {
    let m = capture();
    let window = m.range.unwrap().interval().unwrap();
    let usr = exchange_user_as_zimbra("phoney@example.org", ExchangeAnswer::Message(&m), window);
    let now = utc(2008, 1, 2, 12, 0);
    let (out, report) = zimbra_user_as_exchange(&usr, window, &dn(), now).unwrap();
    assert!(report.is_exact(), "{report:?}");
    assert_eq!(out.range, m.range);
    let jan = Month::new(2008, 1).unwrap();
    let busy = out.pair(Pair::Busy).unwrap();
    let jan_blocks = busy.iter().find(|mb| mb.month() == jan).unwrap();
    assert_eq!(jan_blocks.to_base64(), "ugnYCYwKQAs=");
    assert_eq!(
        out.pair_intervals(Pair::Merged),
        out.pair_intervals(Pair::Busy)
    );
    assert_eq!(out.pair_intervals(Pair::Busy), m.pair_intervals(Pair::Busy));
    assert!(
        out.pair(Pair::Tentative)
            .unwrap()
            .iter()
            .all(|mb| mb.is_empty())
    );
    // The capture's timeline and ours are the same.
    assert_eq!(
        exchange::to_timeline(&out, window),
        exchange::to_timeline(&m, window)
    );
}

/// The OWA capture: two rasters (All Attendees and one user) through the lookup flow.
#[test]
fn owa_capture_as_zimbra_shows_it() {
    let body = fixture("owa-cmd-freebusy-200.xml");
    let answer = OwaAnswer::parse(&body).unwrap();
    let start = utc(2008, 5, 1, 0, 0);
    let item = answer.item_for("SMTP:Test@Example.org").unwrap();
    let raster = Raster::parse(&item.fbdata, start, 15, "test@example.org").unwrap();
    let digits = raster.digits();
    let first_busy = digits.find('2').unwrap();
    // Ask for a day more than the raster covers: the rest is no-data, never free.
    let span = raster.span().unwrap();
    let range = iv(start, span.end() + TimeDelta::days(1));
    let usr = exchange_user_as_zimbra("test@example.org", ExchangeAnswer::Raster(&raster), range);
    let tl = zimbra::to_timeline(&usr, range, Status::NoData).unwrap();
    let busy_at = start + TimeDelta::minutes(15 * i64::try_from(first_busy).unwrap());
    assert_eq!(tl.status_at(busy_at), Some(Status::Busy));
    assert_eq!(
        tl.status_at(busy_at - TimeDelta::minutes(1)),
        Some(Status::Free)
    );
    assert_eq!(tl.status_at(span.end()), Some(Status::NoData));
    assert_eq!(
        tl.intervals_of(Status::NoData).last().unwrap().end(),
        range.end()
    );
    // The same through the exchange crate's own resolution of a query.
    let query = OwaQuery::new(
        start,
        range.end(),
        15,
        ["test@example.org", "gone@example.org"],
    )
    .unwrap();
    let fb = query.read(&body).unwrap();
    let via_owa = exchange_user_as_zimbra(
        "test@example.org",
        ExchangeAnswer::Intervals(&fb.users[0].intervals),
        range,
    );
    assert_eq!(via_owa, usr);
    let gone = exchange_user_as_zimbra(
        "gone@example.org",
        ExchangeAnswer::Intervals(&fb.users[1].intervals),
        range,
    );
    assert_eq!(gone.intervals.len(), 1);
    assert_eq!(gone.intervals[0].status, Status::NoData);
    // Back to a raster at the same slots: the same digits.
    let again = Raster::from_timeline(&raster.to_timeline().unwrap(), 15).unwrap();
    assert_eq!(again.digits(), digits);
}

/// A missing answer is no-data for the whole range.
#[test]
fn missing_is_no_data() {
    let range = iv(utc(2008, 1, 1, 0, 0), utc(2008, 1, 2, 0, 0));
    let usr = exchange_user_as_zimbra("x@example.org", ExchangeAnswer::Missing, range);
    assert_eq!(
        usr.intervals,
        [ZimbraInterval::new(
            Status::NoData,
            range.start_millis(),
            range.end_millis()
        )]
    );
    // A whole response with one failed lookup.
    let ok = Timeline::uniform(range, Status::Free);
    let resp = zimbra::response(range, [("a@x", Ok(ok)), ("b@x", Err("timed out"))]);
    assert_eq!(resp.users[0].intervals[0].status, Status::Free);
    assert_eq!(resp.users[1].intervals[0].status, Status::NoData);
}

/// Zimbra's default window in Los Angeles when the start falls on the day DST begins
/// (2008-03-09, clocks 02:00 → 03:00): the window runs from that day's local midnight
/// (08:00Z, still PST) to local midnight 60 days later (2008-05-08, PDT: 07:00Z).
#[test]
fn zimbra_window_on_dst_start_day_los_angeles() {
    let now = utc(2008, 3, 16, 19, 0); // 12:00 PDT
    let w = PublishWindow::zimbra_default()
        .window(now, &Los_Angeles)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 3, 9, 8, 0));
    assert_eq!(w.end(), utc(2008, 5, 8, 7, 0));
    // 60 local days, one of them 23 hours long.
    assert_eq!(w.duration(), TimeDelta::days(60) - TimeDelta::hours(1));
}

/// A window over the day DST ends in Los Angeles (2008-11-02, a 25-hour day): 60 local days
/// from 2008-10-01 end at 2008-11-30 00:00 PST (08:00Z). Zimbra's arithmetic (start +
/// 60 × 86 400 000 ms, then cut at local midnight) lands on 2008-11-29 23:00 PST and cuts
/// to 2008-11-29: a day short. Not copied.
#[test]
fn zimbra_window_over_dst_end_los_angeles() {
    let now = utc(2008, 10, 8, 19, 0);
    let w = PublishWindow::zimbra_default()
        .window(now, &Los_Angeles)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 10, 1, 7, 0));
    assert_eq!(w.end(), utc(2008, 11, 30, 8, 0));
    assert_eq!(w.duration(), TimeDelta::days(60) + TimeDelta::hours(1));
    let zimbra_end_local = (w.start() + TimeDelta::days(60)).with_timezone(&Los_Angeles);
    assert_eq!(zimbra_end_local.date_naive().to_string(), "2008-11-29");
}

/// Berlin: a window starting on the day DST begins (2008-03-30, 02:00 → 03:00 local, local
/// midnight is still CET: 2008-03-29T23:00Z), and one ending on the day it ends
/// (2008-10-26, local midnight still CEST: 2008-10-25T22:00Z).
#[test]
fn zimbra_window_on_dst_days_berlin() {
    let starts_on_change = utc(2008, 4, 6, 10, 0);
    let w = PublishWindow::zimbra_default()
        .window(starts_on_change, &Berlin)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 3, 29, 23, 0));
    assert_eq!(w.end(), utc(2008, 5, 28, 22, 0));

    let ends_on_change = utc(2008, 9, 3, 10, 0); // start 2008-08-27, end 2008-10-26
    let w = PublishWindow::zimbra_default()
        .window(ends_on_change, &Berlin)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 8, 26, 22, 0));
    assert_eq!(w.end(), utc(2008, 10, 25, 22, 0));

    // Just after local midnight, UTC is still on the previous day: the local date counts.
    let just_after_midnight = utc(2008, 9, 2, 22, 30); // 2008-09-03 00:30 CEST
    let w = PublishWindow::zimbra_default()
        .window(just_after_midnight, &Berlin)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 8, 26, 22, 0));
}

/// The window the agent computes around a DST day goes through replication intact: an
/// event on the change day itself lands at the right UTC minutes in the right month.
#[test]
fn replication_over_a_dst_window() {
    let now = utc(2008, 3, 16, 19, 0);
    let window = PublishWindow::zimbra_default()
        .window(now, &Los_Angeles)
        .unwrap();
    // 09:00-10:00 PDT on 2008-03-10, the first full day of DST = 16:00-17:00Z.
    let b0 = Los_Angeles
        .with_ymd_and_hms(2008, 3, 10, 9, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let b1 = b0 + TimeDelta::hours(1);
    assert_eq!(b0, utc(2008, 3, 10, 16, 0));
    let tl = Timeline::from_intervals(window, Status::Free, [si(Status::Busy, b0, b1)]);
    let user = zimbra::from_timeline("a@example.org", &tl);
    let (m, report) = zimbra_user_as_exchange(&user, window, &dn(), now).unwrap();
    assert!(report.is_exact());
    assert_eq!(m.range.unwrap().interval(), Some(window));
    let march = m.pair(Pair::Busy).unwrap();
    assert_eq!(march.len(), 1);
    assert_eq!(march[0].month(), Month::new(2008, 3).unwrap());
    // 9 days and 16 hours into March.
    let b = march[0].blocks()[0];
    assert_eq!(
        (b.start(), b.end()),
        (9 * 1440 + 16 * 60, 9 * 1440 + 17 * 60)
    );
}

/// Zimbra's calendar-year clamp, and the spec's window (first of the month or of the week,
/// whichever is earlier), in UTC and in a local zone.
#[test]
fn other_windows() {
    let now = utc(2008, 1, 3, 12, 0);
    let clamped = PublishWindow::Zimbra {
        before: TimeDelta::days(7),
        length: TimeDelta::days(60),
        clamp_to_current_year: true,
    };
    let w = clamped.window(now, &Utc).unwrap();
    assert_eq!(w.start(), utc(2008, 1, 1, 0, 0));
    assert_eq!(w.end(), utc(2008, 3, 1, 0, 0)); // 60 days on from the clamped start
    let w = PublishWindow::zimbra_default().window(now, &Utc).unwrap();
    assert_eq!(w.start(), utc(2007, 12, 27, 0, 0));

    // Wednesday 2008-01-02: the week began Sunday 2007-12-30, before the month's first.
    let w = PublishWindow::spec(2)
        .window(utc(2008, 1, 2, 9, 0), &Utc)
        .unwrap();
    assert_eq!(w.start(), utc(2007, 12, 30, 0, 0));
    assert_eq!(w.end(), utc(2008, 2, 29, 0, 0)); // Dec 30 + 2 months, leap February
    // Friday 2008-02-15: the month's first is earlier.
    let w = PublishWindow::spec(2)
        .window(utc(2008, 2, 15, 9, 0), &Utc)
        .unwrap();
    assert_eq!(w.start(), utc(2008, 2, 1, 0, 0));
    assert_eq!(w.end(), utc(2008, 4, 1, 0, 0));
    // Outlook writes local midnight (the capture starts at 2007-12-01T08:00Z, Pacific).
    let w = PublishWindow::spec(3)
        .window(utc(2007, 12, 14, 20, 0), &Los_Angeles)
        .unwrap();
    assert_eq!(w.start(), utc(2007, 12, 1, 8, 0));
    assert_eq!(w.end(), utc(2008, 3, 1, 8, 0));
    assert_eq!(Some(w), capture().range.unwrap().interval());

    assert!(PublishWindow::spec(0).window(now, &Utc).is_err());
    let negative = PublishWindow::Zimbra {
        before: TimeDelta::days(-1),
        length: TimeDelta::days(60),
        clamp_to_current_year: false,
    };
    assert!(negative.window(now, &Utc).is_err());
}

/// OWA requests built from local offsets name the right UTC instants.
#[test]
fn owa_request_from_local_offsets() {
    // Zimbra's form: 2008-09-25T00:00:00-07:00 (and a '+' offset it would not encode).
    let start = DateTime::parse_from_rfc3339("2008-09-25T00:00:00-07:00").unwrap();
    let end = DateTime::parse_from_rfc3339("2008-09-26T09:00:00+02:00").unwrap();
    let q = OwaQuery::new(
        start.with_timezone(&Utc),
        end.with_timezone(&Utc),
        30,
        ["a@example.org"],
    )
    .unwrap();
    let base = url::Url::parse("https://mail.example/").unwrap();
    let url = q.url(&base).unwrap();
    let query = url.query().unwrap();
    assert!(query.contains("start=2008-09-25T07%3A00%3A00Z"), "{query}");
    assert!(query.contains("end=2008-09-26T07%3A00%3A00Z"), "{query}");
    // From a zone on a DST day: local midnight of 2008-11-02 in Los Angeles is PDT.
    let midnight = freebusy_core::local_midnight(
        chrono::NaiveDate::from_ymd_opt(2008, 11, 2).unwrap(),
        &Los_Angeles,
    )
    .unwrap();
    let q = OwaQuery::new(
        midnight,
        midnight + TimeDelta::days(1),
        60,
        ["a@example.org"],
    )
    .unwrap();
    assert_eq!(q.start(), utc(2008, 11, 2, 7, 0));
}

/// Working hours follow the local clock across a DST change.
#[test]
fn working_hours_across_dst() {
    let wh = WorkingHours::new(
        [Weekday::Fri, Weekday::Mon],
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
    );
    let range = iv(utc(2008, 3, 7, 0, 0), utc(2008, 3, 11, 0, 0));
    let w = wh.windows(range, &Los_Angeles);
    assert_eq!(
        w,
        [
            iv(utc(2008, 3, 7, 17, 0), utc(2008, 3, 8, 1, 0)), // Friday, PST
            iv(utc(2008, 3, 10, 16, 0), utc(2008, 3, 11, 0, 0)), // Monday, PDT
        ]
    );
    // First free hour in working hours, with Monday morning busy.
    let tl = Timeline::from_intervals(
        range,
        Status::Free,
        [
            si(Status::Busy, utc(2008, 3, 7, 0, 0), utc(2008, 3, 8, 12, 0)),
            si(
                Status::Busy,
                utc(2008, 3, 10, 16, 0),
                utc(2008, 3, 10, 18, 30),
            ),
        ],
    );
    assert_eq!(
        tl.first_free_slot(TimeDelta::hours(1), w),
        Some(iv(utc(2008, 3, 10, 18, 30), utc(2008, 3, 10, 19, 30)))
    );
    // A night shift runs past midnight.
    let night = WorkingHours::new(
        [Weekday::Sat],
        NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
    );
    let w = night.windows(range, &Utc);
    assert_eq!(w, [iv(utc(2008, 3, 8, 22, 0), utc(2008, 3, 9, 6, 0))]);
}

/// Events across month and year ends and on leap days are split at UTC month boundaries
/// with exclusive ends and come back whole.
#[test]
fn month_year_and_leap_day_ends() {
    let window = iv(utc(2007, 12, 1, 0, 0), utc(2008, 4, 1, 0, 0));
    let events = [
        si(
            Status::Busy,
            utc(2007, 12, 31, 22, 0),
            utc(2008, 1, 1, 2, 0),
        ), // year end
        si(
            Status::OutOfOffice,
            utc(2008, 2, 28, 23, 0),
            utc(2008, 3, 1, 1, 0),
        ), // over the leap day
        si(
            Status::Tentative,
            utc(2008, 2, 29, 10, 0),
            utc(2008, 2, 29, 11, 0),
        ), // under it
    ];
    let tl = Timeline::from_intervals(window, Status::Free, events);
    let (m, report) = exchange::from_timeline(&tl, &dn(), utc(2008, 1, 1, 0, 0)).unwrap();
    assert!(report.is_exact());
    let blocks = |pair: Pair| -> Vec<(i32, u16, u16)> {
        m.pair(pair)
            .unwrap()
            .iter()
            .flat_map(|mb| {
                mb.blocks()
                    .iter()
                    .map(|b| (mb.month().value(), b.start(), b.end()))
            })
            .collect()
    };
    assert_eq!(
        blocks(Pair::Busy),
        [(2007 * 16 + 12, 44520, 44640), (2008 * 16 + 1, 0, 120)]
    );
    // February 2008 has 41760 minutes; OOF wins over the tentative hour it covers.
    assert_eq!(
        blocks(Pair::OutOfOffice),
        [
            (2008 * 16 + 2, 27 * 1440 + 23 * 60, 41760),
            (2008 * 16 + 3, 0, 60)
        ]
    );
    assert!(blocks(Pair::Tentative).is_empty());
    assert_eq!(
        blocks(Pair::Merged),
        [
            (2007 * 16 + 12, 44520, 44640),
            (2008 * 16 + 1, 0, 120),
            (2008 * 16 + 2, 40260, 41760),
            (2008 * 16 + 3, 0, 60),
        ]
    );
    assert_eq!(exchange::to_timeline(&m, window), tl);
    // A tentative event on the leap day alone.
    let leap = Timeline::from_intervals(
        window,
        Status::Free,
        [si(
            Status::Tentative,
            utc(2008, 2, 29, 10, 0),
            utc(2008, 2, 29, 11, 0),
        )],
    );
    let (m, _) = exchange::from_timeline(&leap, &dn(), utc(2008, 1, 1, 0, 0)).unwrap();
    let t = m.pair(Pair::Tentative).unwrap();
    assert_eq!(
        (t[0].blocks()[0].start(), t[0].blocks()[0].end()),
        (28 * 1440 + 600, 28 * 1440 + 660)
    );
    assert_eq!(exchange::to_timeline(&m, window), leap);
}

/// A 200-day Zimbra range (the most Zimbra allows), with events every day, through the
/// Zimbra wire form and both conversions.
#[test]
fn two_hundred_day_range() {
    let start = utc(2007, 11, 15, 0, 0);
    let range = iv(start, start + TimeDelta::days(200));
    let mut events = Vec::new();
    for d in 0..200 {
        let day = start + TimeDelta::days(d);
        let status =
            [Status::Busy, Status::Tentative, Status::OutOfOffice][usize::try_from(d % 3).unwrap()];
        events.push(si(
            status,
            day + TimeDelta::hours(9),
            day + TimeDelta::hours(10),
        ));
        // One event every week runs over midnight (and so over month ends on some weeks).
        if d % 7 == 0 {
            events.push(si(
                Status::Busy,
                day + TimeDelta::hours(23),
                day + TimeDelta::hours(25),
            ));
        }
    }
    let tl = Timeline::from_intervals(range, Status::Free, events);
    let user = zimbra::from_timeline("a@example.org", &tl);
    let resp = GetFreeBusyResponse { users: vec![user] };
    let xml = resp.to_xml().unwrap();
    let back = GetFreeBusyResponse::from_xml_bytes(xml.as_bytes()).unwrap();
    back.check(Some(
        zimbra_freebusy::TimeRange::zimbra(range.start_millis(), range.end_millis()).unwrap(),
    ))
    .unwrap();
    let user: &UserFreeBusy = &back.users[0];
    assert_eq!(
        zimbra::to_timeline(user, range, Status::NoData).unwrap(),
        tl
    );
    let (m, report) = zimbra_user_as_exchange(user, range, &dn(), utc(2008, 1, 1, 0, 0)).unwrap();
    assert!(report.is_exact());
    // The range ends 2008-06-02; June's only event is tentative: busy has Nov 2007 .. May
    // 2008, seven months, tentative eight.
    assert_eq!(m.pair(Pair::Busy).unwrap().len(), 7);
    assert_eq!(m.pair(Pair::Tentative).unwrap().len(), 8);
    assert_eq!(exchange::to_timeline(&m, range), tl);
}

/// Interior no-data cannot be written to Exchange: it is reported, and leading and trailing
/// no-data shrink the publish range instead.
#[test]
fn no_data_toward_exchange() {
    let window = iv(utc(2008, 1, 1, 0, 0), utc(2008, 1, 10, 0, 0));
    let tl = Timeline::from_intervals(
        window,
        Status::Free,
        [
            si(Status::NoData, utc(2008, 1, 1, 0, 0), utc(2008, 1, 2, 0, 0)),
            si(
                Status::NoData,
                utc(2008, 1, 5, 0, 0),
                utc(2008, 1, 5, 12, 0),
            ),
            si(Status::Busy, utc(2008, 1, 6, 9, 0), utc(2008, 1, 6, 10, 0)),
            si(
                Status::NoData,
                utc(2008, 1, 9, 0, 0),
                utc(2008, 1, 10, 0, 0),
            ),
        ],
    );
    let (m, report) = exchange::from_timeline(&tl, &dn(), utc(2008, 1, 1, 0, 0)).unwrap();
    assert_eq!(
        m.range.unwrap().interval(),
        Some(iv(utc(2008, 1, 2, 0, 0), utc(2008, 1, 9, 0, 0)))
    );
    assert_eq!(
        report.unpublished_no_data,
        [iv(utc(2008, 1, 5, 0, 0), utc(2008, 1, 5, 12, 0))]
    );
    assert_eq!(report.trimmed.len(), 2);
    assert!(!report.is_exact());
    let back = exchange::to_timeline(&m, window);
    assert_eq!(back.status_at(utc(2008, 1, 1, 12, 0)), Some(Status::NoData));
    assert_eq!(back.status_at(utc(2008, 1, 5, 6, 0)), Some(Status::Free));
    assert_eq!(back.status_at(utc(2008, 1, 9, 6, 0)), Some(Status::NoData));

    let nothing = Timeline::uniform(window, Status::NoData);
    let err = exchange::from_timeline(&nothing, &dn(), utc(2008, 1, 1, 0, 0)).unwrap_err();
    assert!(err.to_string().contains("nothing to publish"), "{err}");
}

/// Errors name the user and the interval.
#[test]
fn errors_name_user_and_interval() {
    let range = iv(utc(2008, 1, 1, 0, 0), utc(2008, 1, 2, 0, 0));
    let user = UserFreeBusy {
        id: "bob@example.org".into(),
        intervals: vec![
            ZimbraInterval::new(
                Status::Free,
                range.start_millis(),
                range.start_millis() + 60_000,
            ),
            ZimbraInterval::new(
                Status::Busy,
                range.start_millis() + 120_000,
                range.start_millis() + 60_000,
            ),
        ],
    };
    let err = zimbra::to_timeline(&user, range, Status::NoData).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("bob@example.org") && text.contains("interval 2") && text.contains("<b "),
        "{text}"
    );
    let err = zimbra_user_as_exchange(&user, range, &dn(), range.start()).unwrap_err();
    assert!(err.to_string().contains("bob@example.org"));
    let err = Raster::parse("0012x", range.start(), 15, "carol@example.org").unwrap_err();
    assert!(
        err.to_string().contains("carol@example.org") && err.to_string().contains("position 4"),
        "{err}"
    );
    assert!(Raster::parse("0", range.start(), 4, "c").is_err());
    // A raster too big to allocate is refused, not attempted.
    let huge = Timeline::uniform(
        iv(utc(1700, 1, 1, 0, 0), utc(2400, 1, 1, 0, 0)),
        Status::Free,
    );
    let err = Raster::from_timeline(&huge, 5).unwrap_err();
    assert!(err.to_string().starts_with("raster: "), "{err}");
    assert!(err.to_string().contains("more than 10000000"), "{err}");
}

/// The window an account's zmprov configuration sets: defaults, then a 14-day/30-day one.
#[test]
fn window_from_zimbra_config() {
    use zimbra_freebusy::config::{AttrSet, LocalConfig, Resolved, resolve};
    let global = AttrSet::parse_zmprov(
        "zimbraFreebusyExchangeURL: https://exchange.example.com\n\
         zimbraFreebusyExchangeAuthUsername: zimbra\n\
         zimbraFreebusyExchangeAuthPassword: s3cret\n\
         zimbraFreebusyExchangeAuthScheme: basic\n\
         zimbraFreebusyExchangeServerType: webdav\n",
    )
    .unwrap();
    let none = AttrSet::new();
    let Resolved::Configured(cfg) =
        resolve(&none, &none, &global, &LocalConfig::default()).unwrap()
    else {
        panic!("configured");
    };
    let now = utc(2008, 3, 16, 19, 0);
    assert_eq!(
        PublishWindow::from_zimbra_config(&cfg, false)
            .window(now, &Los_Angeles)
            .unwrap(),
        PublishWindow::zimbra_default()
            .window(now, &Los_Angeles)
            .unwrap()
    );
    let account = AttrSet::parse_zmprov(
        "zimbraFreebusyExchangeCachedIntervalStart: 14d\nzimbraFreebusyExchangeCachedInterval: 30d\n",
    )
    .unwrap();
    let Resolved::Configured(cfg) =
        resolve(&account, &none, &global, &LocalConfig::default()).unwrap()
    else {
        panic!("configured");
    };
    let w = PublishWindow::from_zimbra_config(&cfg, false)
        .window(now, &Utc)
        .unwrap();
    assert_eq!(w, iv(utc(2008, 3, 2, 0, 0), utc(2008, 4, 1, 0, 0)));
}

/// The one place a minute-aligned round trip through Exchange is not exact (found by the
/// property tests): an event ending at 23:59 UTC on a month's last day is written as a block
/// ending at `L − 1`, and `L − 1` reads as the month's end (GCC writes month ends that way,
/// wire-formats 2.2): it comes back one minute longer, never shorter.
#[test]
fn month_last_minute_reads_to_month_end() {
    let window = iv(utc(2008, 10, 20, 0, 0), utc(2008, 11, 2, 0, 0));
    let tl = Timeline::from_intervals(
        window,
        Status::Free,
        [
            si(
                Status::OutOfOffice,
                utc(2008, 10, 28, 19, 7),
                utc(2008, 10, 31, 23, 59),
            ),
            si(
                Status::Tentative,
                utc(2008, 10, 31, 23, 59),
                utc(2008, 11, 1, 0, 0),
            ),
        ],
    );
    let (m, report) = exchange::from_timeline(&tl, &dn(), utc(2008, 10, 1, 0, 0)).unwrap();
    assert!(report.is_exact());
    let back = exchange::to_timeline(&m, window);
    assert_eq!(
        back.status_at(utc(2008, 10, 31, 23, 59)),
        Some(Status::OutOfOffice)
    );
    assert_eq!(
        back.intervals_of(Status::OutOfOffice).next().unwrap().end(),
        utc(2008, 11, 1, 0, 0)
    );
    assert_eq!(back.duration_of(Status::Tentative), TimeDelta::zero());
}
