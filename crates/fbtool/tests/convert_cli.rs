//! `fbtool convert`, run as a binary: every input format to every output format on the real
//! captures and the Zimbra fixtures, round trips, and bad input.

mod common;

use common::*;
use std::process::Output;

const PROPFIND: &str = "public-folder-propfind-207.xml";
const OWA: &str = "owa-cmd-freebusy-200.xml";
const PHONEY: &str = "/o=GooLab/ou=First Administrative Group/cn=Recipients/cn=phoney";
const OWA_FLAGS: [&str; 4] = [
    "--owa-start",
    "2008-05-01T00:00:00Z",
    "--owa-interval",
    "15",
];

fn run_ok(args: &[&str]) -> String {
    ok(&fbtool(args, None))
}

fn capture_json_line() -> String {
    let intervals = capture_busy();
    format!(
        r#"{{"id":"{PHONEY}","range":{{"start":"2007-12-01T08:00:00Z","end":"2008-03-01T08:00:00Z"}},"intervals":[{}]}}"#,
        intervals.join(",")
    )
}

/// `fbtool decode zimbra` of a document, to compare Zimbra outputs by meaning.
fn decode_zimbra(doc: &str) -> String {
    ok(&fbtool(&["decode", "zimbra", "-"], Some(doc)))
}

fn to_exchange(file: &str, stdin: Option<&str>, extra: &[&str]) -> Output {
    let mut args = vec![
        "convert",
        file,
        "--to",
        "exchange",
        "--dn",
        PHONEY,
        "--now",
        "2008-01-01T00:00:00Z",
    ];
    args.extend_from_slice(extra);
    fbtool(&args, stdin)
}

// ---------------------------------------------------------------------------------------
// The Exchange capture (207 multistatus) to every format.

#[test]
fn multistatus_to_json_keeps_the_worked_out_busy_time_and_the_publish_range() {
    let out = run_ok(&["convert", &capture(PROPFIND), "--to", "json"]);
    assert_eq!(out, capture_json_line() + "\n");
}

#[test]
fn multistatus_to_zimbra_xml_and_json() {
    let xml = run_ok(&["convert", &capture(PROPFIND), "--to", "zimbra-xml"]);
    assert!(
        xml.starts_with(r#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="/o=GooLab/ou=First Administrative Group/cn=Recipients/cn=phoney"><f s="1196496000000" e="1197405000000"/><b s="1197405000000" e="1197406800000"/>"#),
        "{xml}"
    );
    // A complete Zimbra answer: free in between, up to the publish range's end.
    assert!(
        xml.ends_with(
            "<f s=\"1199318400000\" e=\"1204358400000\"/></usr></GetFreeBusyResponse></soap:Body></soap:Envelope>\n"
        ),
        "{xml}"
    );
    let json = run_ok(&["convert", &capture(PROPFIND), "--to", "zimbra-json"]);
    assert!(
        json.starts_with(r#"{"Body":{"GetFreeBusyResponse":{"_jsns":"urn:zimbraMail","usr":[{"b":[{"e":1197406800000,"s":1197405000000},"#),
        "{json}"
    );
    assert!(json.ends_with("\"_jsns\":\"urn:zimbraSoap\"}\n"), "{json}");
    // Both say the same, and what decode says of the capture.
    let intervals = capture_busy();
    let expected = format!(
        r#"{{"id":"{PHONEY}","intervals":[{}]}}"#,
        intervals.join(",")
    ) + "\n";
    assert_eq!(decode_zimbra(&xml), expected);
    assert_eq!(decode_zimbra(&json), expected);
}

#[test]
fn multistatus_to_raster() {
    let out = run_ok(&[
        "convert",
        &capture(PROPFIND),
        "--to",
        "raster",
        "--interval",
        "1440",
    ]);
    // One slot per day from the publish range's start (08:00Z, Pacific midnight).
    assert_eq!(
        out,
        format!(
            "{PHONEY}\t2007-12-01T08:00:00Z\t1440\t{}\n",
            "0000000000222002020000000200002020000000000000000000000000000000000000000000000000000000000"
        )
    );
    // Half-hour slots over one chosen day: the fixtures README's worked January values.
    let out = run_ok(&[
        "convert",
        &capture(PROPFIND),
        "--to",
        "raster",
        "--interval",
        "30",
        "--start",
        "2008-01-02T12:00:00Z",
        "--end",
        "2008-01-03T12:00:00Z",
    ]);
    assert_eq!(
        out,
        format!(
            "{PHONEY}\t2008-01-02T12:00:00Z\t30\t{}\n",
            "000000000000000000000000000000000000000000000000"
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 11 || (18..24).contains(&i) {
                    '2'
                } else {
                    c
                })
                .collect::<String>()
        )
    );
}

#[test]
fn multistatus_to_exchange_writes_the_capture_back() {
    let out = to_exchange(&capture(PROPFIND), None, &[]);
    let body = ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "an exact conversion warns nothing"
    );
    for part in [
        r#"<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:""#,
        "<d:subject>USER-/CN=RECIPIENTS/CN=PHONEY</d:subject>",
        r#"<e:x68470003 b:dt="int">214016160</e:x68470003>"#,
        r#"<e:x68480003 b:dt="int">214147200</e:x68480003>"#,
        r#"<e:x68531003 b:dt="mv.int"><c:v>32124</c:v><c:v>32129</c:v></e:x68531003>"#,
        // The capture's own busy blobs, byte for byte.
        r#"<e:x68541102 b:dt="mv.bin.base64"><c:v>Dj0sPYY9pD36QRhCEkgwSNRY8lgyZFBk5mReZdiQ9pBukYyR2qz4rKytyq0=</c:v><c:v>ugnYCYwKQAs=</c:v></e:x68541102>"#,
        "<D:remove><D:prop><e:x68511003/><e:x68521102/><e:x68551003/><e:x68561102/></D:prop></D:remove>",
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
}

// ---------------------------------------------------------------------------------------
// The OWA capture to every format.

fn owa_fbdata(n: usize) -> String {
    let doc = std::fs::read_to_string(capture(OWA)).unwrap();
    let start = doc.match_indices("<a:fbdata>").nth(n).unwrap().0 + "<a:fbdata>".len();
    let end = start + doc[start..].find("</a:fbdata>").unwrap();
    doc[start..end].trim().to_string()
}

fn owa(to: &str, extra: &[&str]) -> Output {
    let file = capture(OWA);
    let mut args = vec!["convert", &file, "--to", to];
    args.extend_from_slice(&OWA_FLAGS);
    args.extend_from_slice(extra);
    fbtool(&args, None)
}

#[test]
fn owa_answer_to_raster_gives_the_answer_back() {
    let out = ok(&owa("raster", &["--interval", "15"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        format!("All Attendees\t2008-05-01T00:00:00Z\t15\t{}", owa_fbdata(0))
    );
    assert_eq!(
        lines[1],
        format!(
            "test@example.org\t2008-05-01T00:00:00Z\t15\t{}",
            owa_fbdata(1)
        )
    );
    assert_eq!(owa_fbdata(1).len(), 1344);
    // Coarser: each hour the busiest of its four quarters.
    let out = ok(&owa(
        "raster",
        &["--interval", "60", "--user", "TEST@example.org"],
    ));
    let digits = out.trim_end().rsplit('\t').next().unwrap().to_string();
    assert_eq!(digits.len(), 336);
    let quarters: Vec<char> = owa_fbdata(1).chars().collect();
    let expected: String = quarters
        .chunks(4)
        .map(|q| *q.iter().max().unwrap())
        .collect();
    assert_eq!(digits, expected);
}

#[test]
fn owa_answer_to_json_zimbra_and_exchange() {
    let out = ok(&owa("json", &[]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with(r#"{"id":"All Attendees","range":{"start":"2008-05-01T00:00:00Z","end":"2008-05-15T00:00:00Z"},"intervals":[{"status":"busy","start":"2008-05-02T16:15:00Z","end":"2008-05-02T16:45:00Z"},"#),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(r#"{"id":"test@example.org","range":"#),
        "{}",
        lines[1]
    );
    // As decode owa counts it.
    assert_eq!(lines[1].matches(r#""status":"busy""#).count(), 6);
    assert_eq!(lines[1].matches(r#""status":"#).count(), 6);

    let xml = ok(&owa("zimbra-xml", &[]));
    let decoded = decode_zimbra(&xml);
    // decode prints the same intervals without the range.
    let strip = |l: &str| {
        l.replace(
            r#""range":{"start":"2008-05-01T00:00:00Z","end":"2008-05-15T00:00:00Z"},"#,
            "",
        )
    };
    assert_eq!(
        decoded,
        out.lines().map(|l| strip(l) + "\n").collect::<String>()
    );
    assert!(
        xml.contains(r#"<usr id="test@example.org"><f s="1209600000000" e="1209744900000"/><b s="1209744900000" e="1209746700000"/>"#),
        "{xml}"
    );

    let json = ok(&owa("zimbra-json", &[]));
    assert_eq!(decode_zimbra(&json), decoded);

    let body = ok(&owa(
        "exchange",
        &[
            "--user",
            "test@example.org",
            "--dn",
            "/o=Example/ou=First Administrative Group/cn=Recipients/cn=test",
            "--now",
            "2008-05-01T00:00:00Z",
        ],
    ));
    assert!(
        body.contains("<d:subject>USER-/CN=RECIPIENTS/CN=TEST</d:subject>"),
        "{body}"
    );
    // May 2008 = 2008 * 16 + 5.
    assert!(
        body.contains(r#"<e:x68531003 b:dt="mv.int"><c:v>32133</c:v></e:x68531003>"#),
        "{body}"
    );
}

#[test]
fn owa_answer_needs_the_request_start_and_interval() {
    let file = capture(OWA);
    let err = bad_input(&fbtool(&["convert", &file, "--to", "json"], None));
    assert!(
        err.contains(&file) && err.contains("--owa-start") && err.contains("--owa-interval"),
        "{err}"
    );
    // Each bad flag value is named by its flag.
    for (start, interval, flag) in [
        ("May 1st", "15", "--owa-start"),
        ("2008-05-01T00:00:00Z", "1441", "--owa-interval"),
    ] {
        let args = ["convert", &file, "--to", "json", "--owa-start", start];
        let args = [&args[..], &["--owa-interval", interval]].concat();
        let err = bad_input(&fbtool(&args, None));
        assert!(err.starts_with(&format!("fbtool: {flag}: ")), "{err}");
    }
    // Two users cannot become one Exchange message.
    let err = bad_input(&owa(
        "exchange",
        &[
            "--dn",
            "/o=X/cn=Recipients/cn=t",
            "--now",
            "2008-05-01T00:00:00Z",
        ],
    ));
    assert!(
        err.contains("--user") && err.contains("\"test@example.org\""),
        "{err}"
    );
    let err = bad_input(&owa("json", &["--user", "nobody@example.org"]));
    assert!(
        err.starts_with("fbtool: --user: ") && err.contains("nobody@example.org"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// The Zimbra fixtures to every format.

const ZIMBRA_JSON: &str = concat!(
    r#"{"id":"user1@example.com","range":{"start":"2008-01-02T00:00:00Z","end":"2008-01-03T00:00:00Z"},"intervals":["#,
    r#"{"status":"busy","start":"2008-01-02T15:00:00Z","end":"2008-01-02T16:00:00Z"},"#,
    r#"{"status":"tentative","start":"2008-01-02T16:00:00Z","end":"2008-01-02T17:00:00Z"},"#,
    r#"{"status":"oof","start":"2008-01-02T19:00:00Z","end":"2008-01-03T00:00:00Z"}]}"#,
    "\n",
    r#"{"id":"nobody@example.com","range":{"start":"2008-01-02T00:00:00Z","end":"2008-01-03T00:00:00Z"},"intervals":[{"status":"nodata","start":"2008-01-02T00:00:00Z","end":"2008-01-03T00:00:00Z"}]}"#,
    "\n"
);

#[test]
fn zimbra_fixtures_to_every_format() {
    let envelope_xml = std::fs::read_to_string(zimbra("gfb_response_envelope.xml")).unwrap();
    let envelope_json = std::fs::read_to_string(zimbra("gfb_response_envelope.json")).unwrap();
    for name in ZIMBRA_FILES {
        let f = zimbra(name);
        assert_eq!(
            run_ok(&["convert", &f, "--to", "json"]),
            ZIMBRA_JSON,
            "{name}"
        );
        // What Zimbra itself sends (interval details are not kept).
        assert_eq!(
            run_ok(&["convert", &f, "--to", "zimbra-xml"]),
            envelope_xml.trim_end().to_string() + "\n",
            "{name}"
        );
        assert_eq!(
            run_ok(&["convert", &f, "--to", "zimbra-json"]),
            envelope_json.trim_end().to_string() + "\n",
            "{name}"
        );
        assert_eq!(
            run_ok(&["convert", &f, "--to", "raster", "--interval", "60"]),
            concat!(
                "user1@example.com\t2008-01-02T00:00:00Z\t60\t000000000000000210033333\n",
                "nobody@example.com\t2008-01-02T00:00:00Z\t60\t444444444444444444444444\n"
            ),
            "{name}"
        );
    }
}

#[test]
fn zimbra_user_to_exchange() {
    let f = zimbra("gfb_response.xml");
    let out = to_exchange(&f, None, &["--user", "user1@example.com"]);
    let body = ok(&out);
    for part in [
        // 2008-01-02T00:00Z .. 2008-01-03T00:00Z.
        r#"<e:x68470003 b:dt="int">214061760</e:x68470003>"#,
        r#"<e:x68480003 b:dt="int">214063200</e:x68480003>"#,
        // Tentative 16:00-17:00 = minutes 2400..2460 of January: 60 09 9C 09.
        r#"<e:x68521102 b:dt="mv.bin.base64"><c:v>YAmcCQ==</c:v></e:x68521102>"#,
        "<e:x68551003",
        "<e:x68561102",
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
    // All no data: nothing Exchange can say.
    let err = bad_input(&to_exchange(&f, None, &["--user", "nobody@example.com"]));
    assert!(
        err.contains("nobody@example.com") && err.contains("nothing to publish"),
        "{err}"
    );
}

#[test]
fn interior_no_data_is_a_warning_when_publishing() {
    let doc = r#"<GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="a@x"><f s="1199232000000" e="1199250000000"/><n s="1199250000000" e="1199253600000"/><b s="1199253600000" e="1199257200000"/></usr></GetFreeBusyResponse>"#;
    let out = to_exchange("-", Some(doc), &[]);
    ok(&out);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "fbtool: warning: -: no data 2008-01-02T05:00:00Z/2008-01-02T06:00:00Z cannot be published: Exchange will show it as free\n"
    );
}

// ---------------------------------------------------------------------------------------
// The interval JSON form in.

#[test]
fn interval_json_in_gaps_are_free() {
    let input = format!(
        r#"{{"intervals":[{}]}}"#,
        busy("2008-01-02T17:30:00Z", "2008-01-02T18:00:00Z")
    );
    let out = ok(&fbtool(
        &[
            "convert",
            "-",
            "--to",
            "zimbra-xml",
            "--start",
            "2008-01-02T17:00:00Z",
            "--end",
            "2008-01-02T19:00:00Z",
        ],
        Some(&input),
    ));
    assert_eq!(
        out,
        concat!(
            r#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="user 1">"#,
            r#"<f s="1199293200000" e="1199295000000"/><b s="1199295000000" e="1199296800000"/><f s="1199296800000" e="1199300400000"/>"#,
            "</usr></GetFreeBusyResponse></soap:Body></soap:Envelope>\n"
        )
    );
    // Without --start/--end the range is the intervals' hull.
    let out = ok(&fbtool(
        &["convert", "-", "--to", "raster", "--interval", "15"],
        Some(&input),
    ));
    assert_eq!(out, "user 1\t2008-01-02T17:30:00Z\t15\t22\n");
}

#[test]
fn decode_output_is_convert_input() {
    // decode exchange's lines carry the publish range: outside it is no data.
    let lines = run_ok(&["decode", "exchange", &capture(PROPFIND)]);
    let out = ok(&fbtool(&["convert", "-", "--to", "json"], Some(&lines)));
    assert_eq!(out, capture_json_line() + "\n");
    let out = ok(&fbtool(
        &[
            "convert",
            "-",
            "--to",
            "json",
            "--start",
            "2008-02-29T00:00:00Z",
            "--end",
            "2008-03-02T00:00:00Z",
        ],
        Some(&lines),
    ));
    assert!(
        out.ends_with(r#""intervals":[{"status":"nodata","start":"2008-03-01T08:00:00Z","end":"2008-03-02T00:00:00Z"}]}
"#),
        "{out}"
    );
    // decode owa's lines (free and no data spelled out) and decode zimbra's.
    let mut args = vec!["decode", "owa"];
    let file = capture(OWA);
    args.push(&file);
    args.extend_from_slice(&["--start", "2008-05-01T00:00:00Z", "--interval", "15"]);
    let lines = run_ok(&args);
    let via_decode = ok(&fbtool(
        &["convert", "-", "--to", "raster", "--interval", "15"],
        Some(&lines),
    ));
    assert_eq!(via_decode, ok(&owa("raster", &["--interval", "15"])));
    let lines = run_ok(&["decode", "zimbra", &zimbra("gfb_response.xml")]);
    let out = ok(&fbtool(&["convert", "-", "--to", "json"], Some(&lines)));
    // Without a range, each line's hull; the common range is the hull of all of them.
    assert_eq!(out, ZIMBRA_JSON);
}

// ---------------------------------------------------------------------------------------
// Round trips.

#[test]
fn zimbra_xml_to_json_to_zimbra_xml_keeps_the_intervals() {
    let first = run_ok(&["convert", &zimbra("gfb_response.xml"), "--to", "zimbra-xml"]);
    let json = ok(&fbtool(&["convert", "-", "--to", "json"], Some(&first)));
    let back = ok(&fbtool(
        &["convert", "-", "--to", "zimbra-xml"],
        Some(&json),
    ));
    assert_eq!(back, first);
    // A single user with leading free time keeps its range through the JSON form.
    let one = r#"<GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="a@x"><f s="1199232000000" e="1199295000000"/><b s="1199295000000" e="1199296800000"/><f s="1199296800000" e="1199318400000"/></usr></GetFreeBusyResponse>"#;
    let xml = ok(&fbtool(&["convert", "-", "--to", "zimbra-xml"], Some(one)));
    let json = ok(&fbtool(&["convert", "-", "--to", "json"], Some(&xml)));
    let back = ok(&fbtool(
        &["convert", "-", "--to", "zimbra-xml"],
        Some(&json),
    ));
    assert_eq!(back, xml);
    assert!(
        back.contains(r#"<f s="1199232000000" e="1199295000000"/>"#),
        "{back}"
    );
}

#[test]
fn exchange_to_zimbra_to_exchange_keeps_busy_time() {
    let direct = ok(&to_exchange(&capture(PROPFIND), None, &[]));
    for via in ["zimbra-xml", "zimbra-json", "json"] {
        let middle = run_ok(&["convert", &capture(PROPFIND), "--to", via]);
        let back = to_exchange("-", Some(&middle), &[]);
        assert_eq!(ok(&back), direct, "via {via}");
        assert_eq!(back.stderr, b"", "via {via}");
    }
    // And read back, the busy time is the capture's.
    let stored = direct
        .split_once("<D:set><D:prop>")
        .and_then(|(_, rest)| rest.split_once("</D:prop></D:set>"))
        .map(|(props, _)| props)
        .unwrap();
    let ms = format!(
        r#"<a:multistatus xmlns:a="DAV:" xmlns:d="http://schemas.microsoft.com/mapi/" xmlns:f="http://schemas.microsoft.com/exchange/" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:"><a:response><a:href>/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>{stored}</a:prop></a:propstat></a:response></a:multistatus>"#
    );
    assert_eq!(
        ok(&fbtool(&["convert", "-", "--to", "json"], Some(&ms))),
        capture_json_line() + "\n"
    );
}

// ---------------------------------------------------------------------------------------
// Bad input: exit 2, the flag or file named, nothing on stdout.

#[test]
fn missing_or_bad_flags_are_named() {
    let f = capture(PROPFIND);
    let err = bad_input(&fbtool(
        &[
            "convert",
            &f,
            "--to",
            "exchange",
            "--now",
            "2008-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(err.starts_with("fbtool: --dn: required"), "{err}");
    let err = bad_input(&fbtool(
        &["convert", &f, "--to", "exchange", "--dn", PHONEY],
        None,
    ));
    assert!(err.starts_with("fbtool: --now: required"), "{err}");
    let err = bad_input(&fbtool(
        &[
            "convert",
            &f,
            "--to",
            "exchange",
            "--dn",
            "/o=Org",
            "--now",
            "2008-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(err.starts_with("fbtool: --dn: "), "{err}");
    let err = bad_input(&fbtool(&["convert", &f, "--to", "raster"], None));
    assert!(err.starts_with("fbtool: --interval: required"), "{err}");
    for bad in ["2", "1441", "0"] {
        let err = bad_input(&fbtool(
            &["convert", &f, "--to", "raster", "--interval", bad],
            None,
        ));
        assert!(err.starts_with("fbtool: --interval: "), "{err}");
    }
    // clap's own errors also exit 2 and name the flag.
    let err = bad_input(&fbtool(
        &["convert", &f, "--to", "raster", "--interval", "x"],
        None,
    ));
    assert!(err.contains("--interval"), "{err}");
    // A raster too long to print.
    let err = bad_input(&fbtool(
        &[
            "convert",
            &f,
            "--to",
            "raster",
            "--interval",
            "5",
            "--start",
            "1900-01-01T00:00:00Z",
            "--end",
            "2100-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(err.starts_with("fbtool: --interval: "), "{err}");
    let err = bad_input(&fbtool(&["convert", &f, "--to", "pdf"], None));
    assert!(err.contains("--to"), "{err}");
    let err = bad_input(&fbtool(&["convert", &f], None));
    assert!(err.contains("--to"), "{err}");
    let err = bad_input(&fbtool(
        &[
            "convert",
            &f,
            "--to",
            "json",
            "--start",
            "2008-02-01T00:00:00Z",
            "--end",
            "2008-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(
        err.starts_with("fbtool: --start/--end: ") && err.contains("before it starts"),
        "{err}"
    );
    let err = bad_input(&fbtool(
        &["convert", &f, "--to", "json", "--end", "tomorrow"],
        None,
    ));
    assert!(err.starts_with("fbtool: --end: "), "{err}");
    // --start alone after the data's natural end: an empty range.
    let err = bad_input(&fbtool(
        &[
            "convert",
            &f,
            "--to",
            "json",
            "--start",
            "2009-01-01T00:00:00Z",
        ],
        None,
    ));
    assert!(err.starts_with("fbtool: --start/--end: "), "{err}");
}

#[test]
fn undetectable_input_names_the_file() {
    for (input, what) in [
        ("hello", "cannot tell the format"),
        ("", "empty"),
        ("   \n", "empty"),
        ("[1,2]", "cannot tell the format"),
        (r#"<x xmlns="urn:y"/>"#, "{urn:y}x"),
        (
            r#"<html><body>Login</body></html>"#,
            "root element is {}html",
        ),
        ("<a:multistatus", "not well-formed XML"),
        (r#"{"a":1} {"b":2}"#, "several JSON values"),
        (
            r#"{"Body":{"SearchGalResponse":{}}}"#,
            "GetFreeBusyResponse",
        ),
        (r#"{"intervals":[{"status":"busy"}]}"#, "object 1"),
        (r#"{"intervals":[]}"#, "pass --start and --end"),
        (r#"{"intervals":[]"#, "not JSON"),
    ] {
        let err = bad_input(&fbtool(&["convert", "-", "--to", "json"], Some(input)));
        assert!(
            err.starts_with("fbtool: -: ") && err.contains(what),
            "{input}: {err}"
        );
    }
    let err = bad_input(&fbtool(
        &["convert", "/nonexistent/fb.xml", "--to", "json"],
        None,
    ));
    assert!(err.contains("/nonexistent/fb.xml"), "{err}");
    // An empty multistatus has no user: nothing to print, nothing to publish.
    let empty = r#"<D:multistatus xmlns:D="DAV:"/>"#;
    assert_eq!(
        ok(&fbtool(&["convert", "-", "--to", "json"], Some(empty))),
        ""
    );
    assert_eq!(
        ok(&fbtool(
            &["convert", "-", "--to", "zimbra-xml"],
            Some(empty)
        )),
        "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\"><soap:Body><GetFreeBusyResponse xmlns=\"urn:zimbraMail\"/></soap:Body></soap:Envelope>\n"
    );
    let err = bad_input(&to_exchange("-", Some(empty), &[]));
    assert!(err.contains("no user"), "{err}");
}

#[test]
fn soap_fault_exits_2_with_code_and_reason() {
    for (name, code, reason) in ZIMBRA_FAULTS {
        let f = zimbra(name);
        for to in ["json", "zimbra-xml"] {
            let err = bad_input(&fbtool(&["convert", &f, "--to", to], None));
            assert!(
                err.starts_with(&format!("fbtool: {f}: SOAP fault {code}")) && err.contains(reason),
                "{name}: {err}"
            );
        }
    }
}

/// `--user` matches OWA addresses as the answer is matched: case-insensitively, with or
/// without `SMTP:`.
#[test]
fn user_selection_ignores_smtp_prefix_and_case() {
    let owa = capture("owa-cmd-freebusy-200.xml");
    let out = run_ok(&[
        "convert",
        &owa,
        "--owa-start",
        "2008-05-01T00:00:00Z",
        "--owa-interval",
        "15",
        "--to",
        "json",
        "--user",
        "SMTP:TEST@example.org",
    ]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("{\"id\":\"test@example.org\""), "{out}");
}
