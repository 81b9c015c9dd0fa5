//! `fbtool decode exchange`, `decode owa`, `url` and `encode exchange`, run as a binary.

mod common;

use common::*;

#[test]
fn decode_exchange_prints_the_worked_out_intervals() {
    let out = ok(&fbtool(
        &[
            "decode",
            "exchange",
            &capture("public-folder-propfind-207.xml"),
        ],
        None,
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let intervals = capture_busy();
    let expected = format!(
        concat!(
            r#"{{"href":"http://localhost/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=GooLab_xF8FF_ou=First%20Administrative%20Group/USER-_xF8FF_cn=Recipients_xF8FF_cn=phoney.EML","#,
            r#""dn":"/o=GooLab/ou=First Administrative Group/cn=Recipients/cn=phoney","#,
            r#""subject":"USER-/CN=RECIPIENTS/CN=PHONEY","#,
            r#""range":{{"start":"2007-12-01T08:00:00Z","end":"2008-03-01T08:00:00Z"}},"#,
            r#""last_modified":"2007-12-30T05:19:07.423Z","#,
            r#""intervals":[{}]}}"#
        ),
        intervals.join(",")
    );
    assert_eq!(lines[0], expected);
}

#[test]
fn decode_exchange_from_stdin_and_nulls() {
    let doc = r#"<a:multistatus xmlns:a="DAV:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:c="xml:"><a:response><a:href>/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>ugnYCQ==</c:v></e:x68541102></a:prop></a:propstat></a:response></a:multistatus>"#;
    let out = ok(&fbtool(&["decode", "exchange", "-"], Some(doc)));
    assert_eq!(
        out.trim_end(),
        format!(
            r#"{{"href":"/x.EML","dn":null,"subject":null,"range":null,"last_modified":null,"intervals":[{}]}}"#,
            busy("2008-01-02T17:30:00Z", "2008-01-02T18:00:00Z")
        )
    );
    // An empty SEARCH answer prints nothing.
    assert_eq!(
        ok(&fbtool(
            &["decode", "exchange", "-"],
            Some(r#"<D:multistatus xmlns:D="DAV:"/>"#)
        )),
        ""
    );
}

#[test]
fn decode_exchange_bad_input() {
    let err = bad_input(&fbtool(&["decode", "exchange", "/nonexistent/x.xml"], None));
    assert!(err.contains("/nonexistent/x.xml"), "{err}");
    let month13 = r#"<a:multistatus xmlns:a="DAV:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:c="xml:"><a:response><a:href>/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><e:x68531003><c:v>32125</c:v></e:x68531003></a:prop></a:propstat></a:response></a:multistatus>"#;
    let err = bad_input(&fbtool(&["decode", "exchange", "-"], Some(month13)));
    assert!(
        err.starts_with("fbtool: -: message /x.EML: x68531003: month value 32125"),
        "{err}"
    );
    let err = bad_input(&fbtool(&["decode", "exchange", "-"], Some("<html>")));
    assert!(err.contains("-: "), "{err}");
}

#[test]
fn decode_owa_prints_each_item() {
    let out = ok(&fbtool(
        &[
            "decode",
            "owa",
            &capture("owa-cmd-freebusy-200.xml"),
            "--start",
            "2008-05-01T00:00:00Z",
            "--interval",
            "15",
        ],
        None,
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    let first_busy = busy("2008-05-02T16:15:00Z", "2008-05-02T16:45:00Z");
    assert!(lines[0].starts_with(&format!(
        r#"{{"email":null,"display_name":"All Attendees","intervals":[{{"status":"free","start":"2008-05-01T00:00:00Z","end":"2008-05-02T16:15:00Z"}},{first_busy},"#
    )), "{}", lines[0]);
    assert!(
        lines[1]
            .starts_with(r#"{"email":"test@example.org","display_name":"Test User","intervals":["#),
        "{}",
        lines[1]
    );
    // 1344 slots of 15 minutes = 14 days.
    assert!(
        lines[1].ends_with(r#""end":"2008-05-15T00:00:00Z"}]}"#),
        "{}",
        lines[1]
    );
    assert_eq!(lines[1].matches(r#""status":"busy""#).count(), 6);

    // GCC's raster vector, from stdin; no data stays distinct.
    let answer = r#"<a:response xmlns:a="WM"><a:recipients><a:item><a:displayname>U</a:displayname><a:email type="SMTP">u@x.org</a:email><a:fbdata>40312</a:fbdata></a:item></a:recipients></a:response>"#;
    let out = ok(&fbtool(
        &[
            "decode",
            "owa",
            "-",
            "--start",
            "2008-05-01T12:00:00+02:00",
            "--interval",
            "15",
        ],
        Some(answer),
    ));
    assert_eq!(
        out.trim_end(),
        concat!(
            r#"{"email":"u@x.org","display_name":"U","intervals":["#,
            r#"{"status":"nodata","start":"2008-05-01T10:00:00Z","end":"2008-05-01T10:15:00Z"},"#,
            r#"{"status":"free","start":"2008-05-01T10:15:00Z","end":"2008-05-01T10:30:00Z"},"#,
            r#"{"status":"oof","start":"2008-05-01T10:30:00Z","end":"2008-05-01T10:45:00Z"},"#,
            r#"{"status":"tentative","start":"2008-05-01T10:45:00Z","end":"2008-05-01T11:00:00Z"},"#,
            r#"{"status":"busy","start":"2008-05-01T11:00:00Z","end":"2008-05-01T11:15:00Z"}]}"#
        )
    );
}

#[test]
fn decode_owa_bad_input() {
    let f = capture("owa-cmd-freebusy-200.xml");
    let err = bad_input(&fbtool(
        &[
            "decode",
            "owa",
            &f,
            "--start",
            "yesterday",
            "--interval",
            "15",
        ],
        None,
    ));
    assert!(err.contains("--start"), "{err}");
    let err = bad_input(&fbtool(
        &[
            "decode",
            "owa",
            &f,
            "--start",
            "2008-05-01T00:00:00Z",
            "--interval",
            "2",
        ],
        None,
    ));
    assert!(err.contains("--interval"), "{err}");
    let bad = r#"<a:response xmlns:a="WM"><a:recipients><a:item><a:email>u@x.org</a:email><a:fbdata>0x</a:fbdata></a:item></a:recipients></a:response>"#;
    let err = bad_input(&fbtool(
        &[
            "decode",
            "owa",
            "-",
            "--start",
            "2008-05-01T00:00:00Z",
            "--interval",
            "15",
        ],
        Some(bad),
    ));
    assert!(
        err.contains("u@x.org") && err.contains("position 1"),
        "{err}"
    );
    let err = bad_input(&fbtool(
        &[
            "decode",
            "owa",
            "-",
            "--start",
            "2008-05-01T00:00:00Z",
            "--interval",
            "15",
        ],
        Some("<html/>"),
    ));
    assert!(err.contains("WM"), "{err}");
}

#[test]
fn url_prints_the_gcc_vector() {
    let out = ok(&fbtool(
        &[
            "url",
            "--base",
            "http://example.org",
            "--dn",
            "/o=Microsoft/ou=APPS-ABC/cn=FOLDER/cn=ASAMPLE",
        ],
        None,
    ));
    assert_eq!(
        out,
        "http://example.org/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC/USER-_xF8FF_cn=FOLDER_xF8FF_cn=ASAMPLE.EML\n"
    );
    let err = bad_input(&fbtool(
        &[
            "url",
            "--base",
            "http://example.org",
            "--dn",
            "/o=Microsoft/ou=APPS-ABC",
        ],
        None,
    ));
    assert!(
        err.contains("--dn") && err.contains("no /cn= part"),
        "{err}"
    );
    let err = bad_input(&fbtool(
        &["url", "--base", "not a url", "--dn", "/o=M/cn=R/cn=x"],
        None,
    ));
    assert!(err.contains("--base"), "{err}");
    let err = bad_input(&fbtool(
        &[
            "url",
            "--base",
            "ftp://example.org/",
            "--dn",
            "/o=M/cn=R/cn=x",
        ],
        None,
    ));
    assert!(err.contains("--base"), "{err}");
}

#[test]
fn encode_exchange_prints_the_proppatch_and_round_trips() {
    let input = format!(
        r#"{{"intervals":[{},{{"status":"free","start":"2008-01-03T00:00:00Z","end":"2008-01-04T00:00:00Z"}},{{"status":"tentative","start":"2008-01-31T23:00:00Z","end":"2008-02-01T01:00:00Z"}}]}}"#,
        busy("2008-01-02T17:30:00Z", "2008-01-02T18:00:00Z")
    );
    let args = [
        "encode",
        "exchange",
        "--dn",
        "/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe",
        "--start",
        "2008-01-01T00:00:00Z",
        "--end",
        "2008-03-01T00:00:00Z",
        "--now",
        "2008-01-01T12:00:00Z",
    ];
    let body = ok(&fbtool(&args, Some(&input)));
    assert!(
        body.starts_with(
            r#"<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:""#
        ),
        "{body}"
    );
    for part in [
        "<d:subject>USER-/CN=RECIPIENTS/CN=JDOE</d:subject>",
        "<f:outlookmessageclass>IPM.Post</f:outlookmessageclass>",
        r#"<e:x68470003 b:dt="int">214060320</e:x68470003>"#,
        r#"<e:x68480003 b:dt="int">214146720</e:x68480003>"#,
        r#"<e:x6846000b b:dt="boolean">1</e:x6846000b>"#,
        r#"<e:x68511003 b:dt="mv.int"><c:v>32129</c:v><c:v>32130</c:v></e:x68511003>"#,
        r#"<e:x68531003 b:dt="mv.int"><c:v>32129</c:v></e:x68531003>"#,
        "<D:remove><D:prop><e:x68551003/><e:x68561102/></D:prop></D:remove>",
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
    // The body is what a store keeps; read back through decode exchange.
    let start = body.find("<D:prop>").unwrap() + "<D:prop>".len();
    let end = body.find("</D:prop></D:set>").unwrap();
    let stored = format!(
        r#"<a:multistatus xmlns:a="DAV:" xmlns:d="http://schemas.microsoft.com/mapi/" xmlns:f="http://schemas.microsoft.com/exchange/" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:"><a:response><a:href>/x.EML</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>{}</a:prop></a:propstat></a:response></a:multistatus>"#,
        &body[start..end]
    );
    let out = ok(&fbtool(&["decode", "exchange", "-"], Some(&stored)));
    assert!(out.contains(&format!(
        r#""intervals":[{},{{"status":"tentative","start":"2008-01-31T23:00:00Z","end":"2008-02-01T01:00:00Z"}}]"#,
        busy("2008-01-02T17:30:00Z", "2008-01-02T18:00:00Z")
    )), "{out}");
    assert!(
        out.contains(r#""dn":"/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe""#),
        "{out}"
    );
}

#[test]
fn encode_exchange_bad_input() {
    let base = [
        "encode",
        "exchange",
        "--dn",
        "/o=Org/cn=Recipients/cn=x",
        "--now",
        "2008-01-01T00:00:00Z",
    ];
    let run = |extra: &[&str], stdin: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        fbtool(&args, Some(stdin))
    };
    let err = bad_input(&run(
        &[
            "--start",
            "2008-02-01T00:00:00Z",
            "--end",
            "2008-01-01T00:00:00Z",
        ],
        r#"{"intervals":[]}"#,
    ));
    assert!(err.contains("before it starts"), "{err}");
    let err = bad_input(&run(
        &[
            "--start",
            "2008-01-01T00:00:00Z",
            "--end",
            "2008-02-01T00:00:00Z",
        ],
        r#"{"intervals":[{"status":"busy"}]}"#,
    ));
    assert!(
        err.starts_with("fbtool: -: ") && err.contains("start"),
        "{err}"
    );
    let err = bad_input(&run(
        &[
            "--start",
            "2008-01-01T00:00:00Z",
            "--end",
            "2008-02-01T00:00:00Z",
            "/nonexistent.json",
        ],
        "",
    ));
    assert!(err.contains("/nonexistent.json"), "{err}");
    let err = bad_input(&run(
        &[
            "--start",
            "1500-01-01T00:00:00Z",
            "--end",
            "2008-02-01T00:00:00Z",
        ],
        r#"{"intervals":[]}"#,
    ));
    assert!(err.contains("--start"), "{err}");
    let out = fbtool(
        &[
            "encode",
            "exchange",
            "--dn",
            "/o=Org",
            "--start",
            "2008-01-01T00:00:00Z",
            "--end",
            "2008-02-01T00:00:00Z",
            "--now",
            "2008-01-01T00:00:00Z",
        ],
        Some("{}"),
    );
    assert!(bad_input(&out).contains("--dn"));
}
