//! `fbtool show`, run as a binary: golden pictures of the real captures and the Zimbra
//! fixture, colours, and bad flags.

mod common;

use common::*;

fn show(file: &str, extra: &[&str]) -> String {
    let mut args = vec!["show", file];
    args.extend_from_slice(extra);
    ok(&fbtool(&args, None))
}

/// Removes ANSI SGR sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\x1b' {
            for d in it.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

const PROPFIND: &str = "public-folder-propfind-207.xml";

#[test]
fn capture_one_day_per_column() {
    let out = show(&capture(PROPFIND), &["--color", "never", "--width", "120"]);
    assert_eq!(
        out,
        r"Exchange free/busy messages, 2007-12-01 08:00 .. 2008-03-01 08:00 UTC, 1 column = 1 day, 1 user

                         Dec 2007                       Jan 2008                       Feb 2008
                           03     10     17     24     31     07     14     21     28     04     11     18     25
/o=GooL~pients/cn=phoney ?.........###..#.##......#....#.#..........................................................?

. free   t tentative   # busy   O out of office   ? no data
"
    );
}

#[test]
fn capture_in_pacific_time_wraps_into_panels() {
    // The publish range starts at Pacific midnight: at -08:00 no column is partly unknown.
    let out = show(
        &capture(PROPFIND),
        &["--color", "never", "--width", "80", "--tz", "-08:00"],
    );
    assert_eq!(
        out,
        r"Exchange free/busy messages, 2007-12-01 00:00 .. 2008-03-01 00:00 UTC-08:00, 1 column = 1 day, 1 user

                         Dec 2007                       Jan 2008
                           03     10     17     24     31     07     14     21
/o=GooL~pients/cn=phoney ..........###..#.#.......#....#.#......................

                                Feb 2008
                            28     04     11     18     25
/o=GooL~pients/cn=phoney ....................................

. free   t tentative   # busy   O out of office   ? no data
"
    );
}

#[test]
fn capture_one_day_in_half_hours_and_hours() {
    let day = [
        "--color",
        "never",
        "--width",
        "80",
        "--start",
        "2008-01-02T00:00:00Z",
        "--end",
        "2008-01-03T00:00:00Z",
    ];
    // The fixtures README's January values: 17:30-18:00 and 21:00-24:00.
    assert_eq!(
        show(&capture(PROPFIND), &day),
        r"Exchange free/busy messages, 2008-01-02 00:00 .. 2008-01-03 00:00 UTC, 1 column = 30 min, 1 user

                         Wed 2008-01-02
                         00  02  04  06  08  10  12  14  16  18  20  22
/o=GooL~pients/cn=phoney ...................................#......######

. free   t tentative   # busy   O out of office   ? no data
"
    );
    // A chosen slot: each column the busiest status it touches (17:30-18:00 marks 17:00).
    let mut hourly = day.to_vec();
    hourly.extend_from_slice(&["--slot", "60"]);
    let out = show(&capture(PROPFIND), &hourly);
    assert!(
        out.contains("\n/o=GooL~pients/cn=phoney .................#...###\n"),
        "{out}"
    );
    assert!(
        out.contains("\n                         00 03 06 09 12 15 18 21\n"),
        "{out}"
    );
}

#[test]
fn zimbra_fixture_every_status() {
    let out = show(
        &zimbra("gfb_response.xml"),
        &["--color", "never", "--width", "80"],
    );
    assert_eq!(
        out,
        r"Zimbra GetFreeBusyResponse, 2008-01-02 00:00 .. 2008-01-03 00:00 UTC, 1 column = 30 min, 2 users

                   Wed 2008-01-02
                   00  02  04  06  08  10  12  14  16  18  20  22
user1@example.com  ..............................##tt....OOOOOOOOOO
nobody@example.com ????????????????????????????????????????????????

. free   t tentative   # busy   O out of office   ? no data
"
    );
}

#[test]
fn owa_capture_two_weeks() {
    let out = show(
        &capture("owa-cmd-freebusy-200.xml"),
        &[
            "--owa-start",
            "2008-05-01T00:00:00Z",
            "--owa-interval",
            "15",
            "--color",
            "never",
            "--width",
            "100",
        ],
    );
    assert_eq!(
        out,
        r"OWA free/busy rasters, 2008-05-01 00:00 .. 2008-05-15 00:00 UTC, 1 column = 6 h, 2 users

                 May 2008
                 01  02  03  04  05  06  07  08  09  10  11  12  13  14
All Attendees    ......##..................##......##....................
test@example.org ......##..................##......##....................

. free   t tentative   # busy   O out of office   ? no data
"
    );
    let err = bad_input(&fbtool(
        &["show", &capture("owa-cmd-freebusy-200.xml")],
        None,
    ));
    assert!(err.contains("--owa-start"), "{err}");
}

#[test]
fn color_always_is_ansi_and_otherwise_the_same_picture() {
    let file = zimbra("gfb_response.xml");
    let plain = show(&file, &["--color", "never", "--width", "80"]);
    assert!(!plain.contains('\x1b'));
    let color = show(&file, &["--color", "always", "--width", "80"]);
    for sgr in [
        "\x1b[32m.",
        "\x1b[30;43mt",
        "\x1b[97;41m#",
        "\x1b[97;45mO",
        "\x1b[37;100m?",
    ] {
        assert!(color.contains(sgr), "{sgr:?} missing from {color:?}");
    }
    assert!(color.ends_with("\x1b[0m no data\n"), "{color:?}");
    assert_eq!(strip_ansi(&color), plain);
    // auto: standard output is a pipe here, so no colour.
    assert_eq!(show(&file, &["--width", "80"]), plain);
}

#[test]
fn interval_json_ids_are_sanitized_and_fitted() {
    // An id with an escape sequence must not reach the terminal.
    let input = concat!(
        r#"{"id":"evil\u001b[2Jname","intervals":[{"status":"busy","start":"2008-01-02T10:00:00Z","end":"2008-01-02T11:00:00Z"}]}"#,
        "\n",
        r#"{"id":"a.very.long.address.indeed@subdomain.example.org","intervals":[{"status":"tentative","start":"2008-01-02T09:00:00Z","end":"2008-01-02T10:00:00Z"}]}"#,
        "\n"
    );
    let out = ok(&fbtool(
        &["show", "-", "--color", "never", "--width", "60"],
        Some(input),
    ));
    assert_eq!(
        out,
        r"free/busy intervals, 2008-01-02 09:00 .. 2008-01-02 11:00 UTC, 1 column = 5 min, 2 users

                     Wed 2008-01-02
                     09          10
evil?[2Jname         ............############
a.very~n.example.org tttttttttttt............

. free   t tentative   # busy   O out of office   ? no data
"
    );
}

#[test]
fn bad_flags_are_named() {
    let f = capture(PROPFIND);
    for (args, flag) in [
        (vec!["--width", "5"], "--width"),
        (vec!["--width", "x"], "--width"),
        (vec!["--slot", "3"], "--slot"),
        (vec!["--tz", "Europe/Berlin"], "--tz"),
        (vec!["--tz", "+25:00"], "--tz"),
        (vec!["--tz", "+1é1"], "--tz"),
        (vec!["--color", "sometimes"], "--color"),
        (vec!["--start", "2008-01-02"], "--start"),
        (
            vec![
                "--start",
                "2008-01-02T00:00:00Z",
                "--end",
                "2008-01-01T00:00:00Z",
            ],
            "--start/--end",
        ),
    ] {
        let mut all = vec!["show", f.as_str()];
        all.extend_from_slice(&args);
        let err = bad_input(&fbtool(&all, None));
        assert!(err.contains(flag), "{args:?}: {err}");
    }
    // Too many columns for a picture.
    let err = bad_input(&fbtool(
        &[
            "show",
            &f,
            "--slot",
            "5",
            "--start",
            "2000-01-01T00:00:00Z",
            "--end",
            "2010-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(err.contains("--slot"), "{err}");
    let err = bad_input(&fbtool(&["show", "-"], Some("nonsense")));
    assert!(
        err.starts_with("fbtool: -: cannot tell the format"),
        "{err}"
    );
    // No user: said plainly.
    assert_eq!(
        ok(&fbtool(
            &["show", "-"],
            Some(r#"<D:multistatus xmlns:D="DAV:"/>"#)
        )),
        "-: no users\n"
    );
}
