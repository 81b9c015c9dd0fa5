//! Unit tests of `exchange-freebusy/src/time.rs`, run against the public API.

use chrono::{DateTime, Utc};
use chrono::{TimeDelta, TimeZone};
use exchange_freebusy::Error;
use exchange_freebusy::time::*;

const MINUTE: TimeDelta = TimeDelta::minutes(1);

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

#[test]
fn derived_systime_vectors() {
    assert_eq!(
        SysTime::floor(DateTime::UNIX_EPOCH).unwrap().minutes(),
        194_074_560
    );
    assert_eq!(
        SysTime::from_datetime(utc(2008, 1, 1, 0, 0))
            .unwrap()
            .minutes(),
        214_060_320
    );
    assert_eq!(
        SysTime::from_datetime(utc(2007, 12, 1, 0, 0))
            .unwrap()
            .minutes(),
        214_015_680
    );
    assert_eq!(
        SysTime::new(214_016_160).unwrap().to_datetime(),
        utc(2007, 12, 1, 8, 0)
    );
    assert_eq!(
        SysTime::new(214_147_200).unwrap().to_datetime(),
        utc(2008, 3, 1, 8, 0)
    );
    assert_eq!(SysTime::MIN.to_datetime(), utc(1601, 1, 1, 0, 0));
}

#[test]
fn systime_range_and_rounding() {
    assert!(matches!(
        SysTime::new(-1),
        Err(Error::SysTimeOutOfRange { minutes: -1 })
    ));
    assert!(matches!(
        SysTime::floor(utc(1600, 12, 31, 23, 59)),
        Err(Error::TimeOutOfRange { .. })
    ));
    let max = SysTime::MAX.to_datetime();
    assert_eq!(SysTime::from_datetime(max).unwrap(), SysTime::MAX);
    assert!(SysTime::from_datetime(max + MINUTE).is_err());
    let t = utc(2008, 1, 2, 17, 30) + TimeDelta::seconds(1);
    assert!(matches!(
        SysTime::from_datetime(t),
        Err(Error::NotWholeMinute { .. })
    ));
    assert_eq!(
        SysTime::floor(t).unwrap().to_datetime(),
        utc(2008, 1, 2, 17, 30)
    );
    assert_eq!(
        SysTime::ceil(t).unwrap().to_datetime(),
        utc(2008, 1, 2, 17, 31)
    );
    assert!(SysTime::ceil(max + TimeDelta::seconds(1)).is_err());
    assert_eq!(SysTime::MAX.checked_add(1), None);
    assert_eq!(SysTime::MIN.checked_add(-1), None);
}

#[test]
fn month_vectors() {
    assert_eq!(Month::new(2008, 1).unwrap().value(), 32129);
    assert_eq!(Month::new(2007, 12).unwrap().value(), 32124);
    assert_eq!(Month::new(2008, 2).unwrap().value(), 32130);
    assert_eq!(Month::new(1999, 10).unwrap().value(), 31994);
    assert_eq!(
        Month::from_value(32129).unwrap(),
        Month::new(2008, 1).unwrap()
    );
    for bad in [
        2008 * 16,
        2008 * 16 + 13,
        2008 * 16 + 14,
        2008 * 16 + 15,
        -5,
        0,
    ] {
        let e = Month::from_value(bad).unwrap_err();
        assert!(matches!(e, Error::InvalidMonthValue { .. }), "{bad}: {e}");
    }
    let e = Month::from_value(2007 * 16 + 13).unwrap_err();
    assert_eq!(
        e.to_string(),
        "month value 32125 (year 2007, month 13) is not year*16+month with month 1..=12 and year 1601..=5683"
    );
    assert!(Month::new(1600, 12).is_err());
    assert!(Month::new(5684, 1).is_err());
}

#[test]
fn month_lengths_and_starts() {
    let m = |y, mo| Month::new(y, mo).unwrap();
    assert_eq!(m(2007, 8).minutes(), 44640);
    assert_eq!(m(2007, 9).minutes(), 43200);
    assert_eq!(m(2008, 2).minutes(), 41760);
    assert_eq!(m(2007, 2).minutes(), 40320);
    assert_eq!(m(1900, 2).minutes(), 40320);
    assert_eq!(m(2000, 2).minutes(), 41760);
    assert_eq!(m(2008, 1).start().minutes(), 214_060_320);
    assert_eq!(m(2007, 12).end(), m(2008, 1).start());
    assert_eq!(m(2007, 12).next(), Some(m(2008, 1)));
    assert_eq!(m(Month::MAX_YEAR.into(), 12).next(), None);
    assert!(m(Month::MAX_YEAR.into(), 12).end() <= SysTime::MAX);
    assert_eq!(m(1601, 1).start(), SysTime::MIN);
    assert_eq!(Month::containing(m(2008, 3).start()).unwrap(), m(2008, 3));
    assert_eq!(
        Month::containing(SysTime::new(m(2008, 3).start().minutes() - 1).unwrap()).unwrap(),
        m(2008, 2)
    );
    assert!(Month::containing(SysTime::MAX).is_err());
    assert_eq!(m(2008, 1).to_string(), "2008-01 (32129)");
    // Every month start agrees with chrono.
    let mut cur = m(1601, 1);
    while let Some(n) = cur.next() {
        assert_eq!(cur.start().to_datetime(), cur.first_instant());
        assert_eq!(cur.end(), n.start());
        cur = n;
    }
}
