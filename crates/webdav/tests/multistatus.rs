//! The multistatus parser and operations against real server answers.

mod common;

use common::{capture, shared_fixture};
use http::StatusCode;
use webdav::ops::{Depth, Operation, PropFind, PropPatch};
use webdav::prop::{DT_NS, PropName, Property};
use webdav::{Error, Limits, Multistatus, ResourcePath};

const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
const MAPI: &str = "http://schemas.microsoft.com/mapi/";

fn base(server: &str) -> url::Url {
    match server {
        "wsgidav" => url::Url::parse("http://127.0.0.1:18086/exchange/").unwrap(),
        _ => url::Url::parse("http://127.0.0.1:18087/exchange/").unwrap(),
    }
}

fn item() -> ResourcePath {
    ResourcePath::from_segments([
        "exchange",
        "SCHEDULE+ FREE BUSY",
        "EX:_xF8FF_o=Org",
        "USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML",
    ])
    .unwrap()
}

fn tag(local: &str) -> PropName {
    PropName::new(PROPTAG, local)
}

fn named_propfind() -> PropFind {
    PropFind::props(
        item(),
        Depth::Zero,
        [
            tag("x68470003"),
            tag("x684f1003"),
            tag("x68501102"),
            tag("x68680040"),
            PropName::new(MAPI, "subject"),
        ],
    )
}

#[test]
fn both_servers_named_propfind_reads_the_same_values() {
    let mut seen = Vec::new();
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/05-propfind-depth0-named.http"));
        let ms = named_propfind().response(&base(server), resp).unwrap();
        assert_eq!(ms.responses.len(), 1);
        let r = &ms.responses[0];
        assert_eq!(r.href, item(), "{server}: hrefs decode to the same path");
        assert_eq!(r.prop(&tag("x68470003")).unwrap().value(), "214016160");
        assert_eq!(
            r.prop(&tag("x684f1003")).unwrap().values(),
            ["32124", "32129", "32130"]
        );
        assert_eq!(
            r.prop(&tag("x68501102")).unwrap().values(),
            ["", "ugnYCYwKQAs=", ""]
        );
        assert_eq!(
            r.prop(&PropName::new(MAPI, "subject")).unwrap().value(),
            "USER-/CN=RECIPIENTS/CN=JDOE & Co <free/busy>"
        );
        seen.push(r.clone());
    }
    // WsgiDAV keeps the property's dt, Apache drops it: equal as trees with dt aside.
    let (w, a) = (&seen[0], &seen[1]);
    assert_eq!(w.prop(&tag("x684f1003")).unwrap().dt(), Some("mv.int"));
    assert_eq!(a.prop(&tag("x684f1003")).unwrap().dt(), None);
    for name in [
        tag("x68470003"),
        tag("x684f1003"),
        tag("x68501102"),
        tag("x68680040"),
    ] {
        assert!(
            w.prop(&name)
                .unwrap()
                .eq_ignoring_dt(a.prop(&name).unwrap()),
            "{name}"
        );
    }
}

#[test]
fn typed_values_with_dt_on_children_survive() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/23-propfind-typed-values.http"));
        let op = PropFind::props(item(), Depth::Zero, [tag("x6853101e"), tag("x6854000b")]);
        let ms = op.response(&base(server), resp).unwrap();
        let p = ms.responses[0].prop(&tag("x6853101e")).unwrap();
        assert_eq!(
            p.values(),
            ["Zoë € 日本", "", "  two  spaces  "],
            "{server}"
        );
        let element = p.to_element();
        let first_v = element.elements().next().unwrap();
        assert_eq!(
            first_v.attr(DT_NS, "dt"),
            Some("string"),
            "{server}: dt on v kept"
        );
    }
}

#[test]
fn missing_property_is_a_404_propstat_not_an_error() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!(
            "servers/{server}/10-propfind-existing-and-missing-prop.http"
        ));
        let op = PropFind::props(item(), Depth::Zero, [tag("x68470003"), tag("x6848001e")]);
        let ms = op.response(&base(server), resp).unwrap();
        let r = &ms.responses[0];
        assert_eq!(r.status_of(&tag("x68470003")), Some(StatusCode::OK));
        assert_eq!(r.status_of(&tag("x6848001e")), Some(StatusCode::NOT_FOUND));
        assert!(r.prop(&tag("x6848001e")).is_none());
    }
}

#[test]
fn depth1_allprop_lists_folder_and_item() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/06-propfind-depth1-allprop.http"));
        let folder = item().parent().unwrap().as_collection();
        let ms = PropFind::allprop(folder.clone(), Depth::One)
            .response(&base(server), resp)
            .unwrap();
        assert_eq!(ms.responses.len(), 2, "{server}");
        assert!(ms.response_for(&folder).is_some());
        let it = ms.response_for(&item()).unwrap();
        assert_eq!(
            it.prop(&tag("x684f1003")).unwrap().values(),
            ["32124", "32129", "32130"]
        );
    }
}

#[test]
fn propname_answers_parse_including_wsgidav_empty_response() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!(
            "servers/{server}/07-propfind-depth0-propname.http"
        ));
        let ms = PropFind::propname(item(), Depth::Zero)
            .response(&base(server), resp)
            .unwrap();
        assert_eq!(ms.responses.len(), 1);
        assert_eq!(ms.responses[0].href, item());
    }
}

#[test]
fn proppatch_with_a_refused_property_is_a_partial_failure_naming_each() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/19-proppatch-live-property.http"));
        let op = PropPatch::new(item())
            .set(Property::text(PropName::new("DAV:", "getetag"), "x"))
            .set(Property::typed(tag("x68470003"), "int", "1"));
        match op.response(&base(server), resp) {
            Err(Error::PartialFailure { failures, .. }) => {
                assert_eq!(failures.len(), 2, "{server}");
                assert!(failures[0].name.is("DAV:", "getetag"));
                assert!(matches!(failures[0].status.as_u16(), 403 | 409), "{server}");
                assert_eq!(failures[1].status.as_u16(), 424);
                let msg = Error::PartialFailure {
                    method: http::Method::GET,
                    url: String::new(),
                    failures,
                }
                .to_string();
                assert!(
                    msg.contains("getetag") && msg.contains("x68470003"),
                    "{msg}"
                );
            }
            other => panic!("{server}: expected a partial failure, got {other:?}"),
        }
    }
}

#[test]
fn proppatch_success_lists_statuses() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/04-proppatch-item.http"));
        let op = PropPatch::new(item()).set(Property::typed(tag("x68470003"), "int", "214016160"));
        let out = op.response(&base(server), resp).unwrap();
        assert_eq!(out.statuses.len(), 6, "{server}");
        assert!(out.statuses.iter().all(|(_, s)| *s == StatusCode::OK));
    }
}

#[test]
fn proppatch_on_missing_item_is_unexpected_status_404() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!("servers/{server}/08-proppatch-missing-item.http"));
        let op = PropPatch::new(item()).set(Property::typed(tag("x68470003"), "int", "1"));
        match op.response(&base(server), resp) {
            Err(Error::UnexpectedStatus { status, .. }) => {
                assert_eq!(status, StatusCode::NOT_FOUND)
            }
            other => panic!("{server}: {other:?}"),
        }
    }
}

#[test]
fn unauthenticated_is_unexpected_status_401() {
    for server in ["wsgidav", "apache"] {
        let resp = capture(&format!(
            "servers/{server}/17-propfind-unauthenticated.http"
        ));
        match named_propfind().response(&base(server), resp) {
            Err(Error::UnexpectedStatus { status, .. }) => {
                assert_eq!(status, StatusCode::UNAUTHORIZED)
            }
            other => panic!("{server}: {other:?}"),
        }
    }
}

#[test]
fn real_exchange_capture() {
    let body = shared_fixture("public-folder-propfind-207.xml");
    let base = url::Url::parse("http://localhost/").unwrap();
    let ms = Multistatus::parse(&body, &base, &Limits::default(), "capture").unwrap();
    let r = &ms.responses[0];
    assert_eq!(r.href.segments()[2], "SCHEDULE+ FREE BUSY");
    assert_eq!(r.prop(&tag("x68470003")).unwrap().dt(), Some("int"));
    assert_eq!(
        r.prop(&tag("x68541102")).unwrap().values()[1],
        "ugnYCYwKQAs="
    );
}

#[test]
fn html_logon_page_where_xml_expected() {
    let resp = http::Response::builder()
        .status(200)
        .header("Content-Type", "text/html")
        .body(b"<html><body>Log On</body></html>".to_vec())
        .unwrap();
    assert!(matches!(
        named_propfind().response(&base("wsgidav"), resp),
        Err(Error::UnexpectedContent { .. })
    ));
}

#[test]
fn bad_bodies_give_specific_errors() {
    let b = base("wsgidav");
    let ms = |body: &str| {
        let resp = http::Response::builder()
            .status(207)
            .header("Content-Type", "text/xml")
            .body(body.as_bytes().to_vec())
            .unwrap();
        named_propfind().response(&b, resp)
    };
    assert!(matches!(
        ms("<multistatus xmlns='DAV:'/>"),
        Err(Error::EmptyMultistatus { .. })
    ));
    assert!(matches!(
        ms("<multistatus xmlns='DAV:'><response>"),
        Err(Error::Xml { .. })
    ));
    assert!(matches!(
        ms("<!DOCTYPE x><multistatus xmlns='DAV:'/>"),
        Err(Error::Xml { .. })
    ));
    assert!(matches!(
        ms("<foo xmlns='DAV:'/>"),
        Err(Error::Malformed { .. })
    ));
    assert!(matches!(
        ms(
            "<multistatus xmlns='DAV:'><response><propstat><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"
        ),
        Err(Error::Malformed { .. })
    ));
    match ms(
        "<multistatus xmlns='DAV:'><response><href>/a</href><propstat><prop/><status>200 OK</status></propstat></response></multistatus>",
    ) {
        Err(Error::BadStatusLine { line, path, .. }) => {
            assert_eq!(line, "200 OK");
            assert_eq!(path, "/multistatus/response[1]/propstat[1]/status");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        ms(
            "<multistatus xmlns='DAV:'><response><href>/a%zz</href><status>HTTP/1.1 200 OK</status></response></multistatus>"
        ),
        Err(Error::Href { .. })
    ));
    let resp = http::Response::builder()
        .status(207)
        .body(b"<a>\xff</a>".to_vec())
        .unwrap();
    assert!(matches!(
        named_propfind().response(&b, resp),
        Err(Error::Xml { .. })
    ));
    let big = format!(
        "<multistatus xmlns='DAV:'>{}</multistatus>",
        "<x/>".repeat(100)
    );
    let resp = http::Response::builder()
        .status(207)
        .body(big.into_bytes())
        .unwrap();
    let op = named_propfind().limits(Limits {
        max_bytes: 100,
        ..Limits::default()
    });
    assert!(matches!(op.response(&b, resp), Err(Error::Xml { .. })));
}

#[test]
fn response_level_status_and_redeclared_prefixes() {
    let body = r#"<a:multistatus xmlns:a="DAV:"><b:response xmlns:b="DAV:"><b:href>http://h/x%20y</b:href><b:status>HTTP/1.1 404 Not Found</b:status></b:response><response xmlns="DAV:"><href>/z</href><propstat><prop><q xmlns="urn:q" n="1">v</q></prop><status>HTTP/1.0 200</status></propstat></response></a:multistatus>"#;
    let ms =
        Multistatus::parse(body.as_bytes(), &base("wsgidav"), &Limits::default(), "t").unwrap();
    assert_eq!(ms.responses[0].status, Some(StatusCode::NOT_FOUND));
    assert_eq!(ms.responses[0].href.segments(), ["x y"]);
    assert_eq!(
        ms.responses[1]
            .prop(&PropName::new("urn:q", "q"))
            .unwrap()
            .to_element()
            .attr("", "n"),
        Some("1")
    );
}
