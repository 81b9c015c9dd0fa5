//! `fbtool decode zimbra`, run as a process.

mod common;

use std::process::Output;

use common::{ZIMBRA_FAULTS, ZIMBRA_FILES, fbtool as run, zimbra as fixture};

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const EXPECTED: &str = concat!(
    r#"{"id":"user1@example.com","intervals":["#,
    r#"{"status":"busy","start":"2008-01-02T15:00:00Z","end":"2008-01-02T16:00:00Z"},"#,
    r#"{"status":"tentative","start":"2008-01-02T16:00:00Z","end":"2008-01-02T17:00:00Z"},"#,
    r#"{"status":"oof","start":"2008-01-02T19:00:00Z","end":"2008-01-03T00:00:00Z"}]}"#,
    "\n",
    r#"{"id":"nobody@example.com","intervals":[{"status":"nodata","start":"2008-01-02T00:00:00Z","end":"2008-01-03T00:00:00Z"}]}"#,
    "\n"
);

#[test]
fn xml_with_and_without_envelope_and_json() {
    for name in ZIMBRA_FILES {
        let o = run(&["decode", "zimbra", &fixture(name)], None);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), EXPECTED, "{name}");
    }
}

#[test]
fn standard_input_and_the_bare_json_object() {
    let o = run(
        &["decode", "zimbra", "-"],
        Some(
            r#"  {"_jsns":"urn:zimbraMail","usr":[{"id":"a@x","b":[{"s":1199295000000,"e":"1199296800000"}],"f":[{"s":0,"e":1199295000000}]}]}"#,
        ),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"id\":\"a@x\",\"intervals\":[{\"status\":\"busy\",\"start\":\"2008-01-02T17:30:00Z\",\"end\":\"2008-01-02T18:00:00Z\"}]}\n"
    );
    // The issue's example shape; an empty response prints nothing.
    let o = run(
        &["decode", "zimbra", "-"],
        Some(r#"{"Body":{"GetFreeBusyResponse":{"_jsns":"urn:zimbraMail"}}}"#),
    );
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
}

#[test]
fn soap_fault_exits_2_with_code_and_reason() {
    for (name, code, reason) in ZIMBRA_FAULTS {
        let o = run(&["decode", "zimbra", &fixture(name)], None);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(err.contains(code) && err.contains(reason), "{name}: {err}");
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn bad_input_exits_2() {
    let cases: [(&str, &str); 5] = [
        ("not xml", "neither XML nor JSON"),
        (
            r#"<GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="a@x"><b s="x" e="2"/></usr></GetFreeBusyResponse>"#,
            "usr[1][id=a@x]/b[1]",
        ),
        (r#"<!DOCTYPE x><x/>"#, "DOCTYPE"),
        (
            r#"<AutoCompleteGalResponse xmlns="urn:zimbraAccount"/>"#,
            "expected GetFreeBusyResponse",
        ),
        (
            r#"<GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="a@x"><b s="5" e="20"/><t s="10" e="30"/></usr></GetFreeBusyResponse>"#,
            "overlaps",
        ),
    ];
    for (input, what) in cases {
        let o = run(&["decode", "zimbra", "-"], Some(input));
        assert_eq!(o.status.code(), Some(2), "{what}");
        assert!(stderr(&o).contains(what), "{what}: {}", stderr(&o));
    }
    let o = run(&["decode", "zimbra", "/nonexistent/file.xml"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn lenient_normalizes_overlaps() {
    let input = r#"<GetFreeBusyResponse xmlns="urn:zimbraMail"><usr id="a@x"><t s="10000" e="30000"/><b s="5000" e="20000"/></usr></GetFreeBusyResponse>"#;
    let o = run(&["decode", "zimbra", "--lenient", "-"], Some(input));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        concat!(
            r#"{"id":"a@x","intervals":[{"status":"busy","start":"1970-01-01T00:00:05Z","end":"1970-01-01T00:00:20Z"},"#,
            r#"{"status":"tentative","start":"1970-01-01T00:00:20Z","end":"1970-01-01T00:00:30Z"}]}"#,
            "\n"
        )
    );
}
