//! The in-memory store driven through the sans-IO operations: round trips of Exchange-typed
//! properties, atomic PROPPATCH, status codes, Basic auth, request log and faults.

use http::header::{AUTHORIZATION, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use url::Url;
use webdav::ops::{Delete, Depth, Get, MkCol, Operation, Options, PropFind, PropPatch, Put};
use webdav::path::ResourcePath;
use webdav::prop::{DT_NS, MV_NS, PropName, Property};
use webdav::store::{Fault, MemoryStore};
use webdav::transport::{AsyncTransport, Transport};
use webdav::{DAV, Error};

const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
const MAPI: &str = "http://schemas.microsoft.com/mapi/";

fn base() -> Url {
    Url::parse("http://store.invalid/").unwrap()
}

fn p(s: &str) -> ResourcePath {
    ResourcePath::parse(s).unwrap()
}

fn tag(local: &str) -> PropName {
    PropName::new(PROPTAG, local)
}

fn run<O: Operation>(store: &MemoryStore, op: &O) -> Result<O::Output, Error> {
    let req = op.request(&base())?;
    let resp = Transport::send(store, req).unwrap();
    op.response(&base(), resp)
}

fn send(store: &MemoryStore, method: &str, path: &str, body: &[u8]) -> Response<Vec<u8>> {
    let req = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(format!("http://store.invalid{path}"))
        .header("depth", "0")
        .body(body.to_vec())
        .unwrap();
    Transport::send(store, req).unwrap()
}

fn status_of<O: Operation>(store: &MemoryStore, op: &O) -> StatusCode {
    Transport::send(store, op.request(&base()).unwrap())
        .unwrap()
        .status()
}

fn folder() -> ResourcePath {
    ResourcePath::from_segments(["exchange", "SCHEDULE+ FREE BUSY"])
        .unwrap()
        .as_collection()
}

fn org() -> ResourcePath {
    folder().join("EX:_xF8FF_o=Org").unwrap().as_collection()
}

fn item() -> ResourcePath {
    org()
        .join("USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")
        .unwrap()
}

/// A store mounted at `/exchange/` holding the folder, the org folder and an empty item.
fn populated() -> MemoryStore {
    let store = MemoryStore::builder().mount(p("/exchange/")).build();
    assert_eq!(
        run(&store, &MkCol::new(folder())).unwrap(),
        StatusCode::CREATED
    );
    assert_eq!(
        run(&store, &MkCol::new(org())).unwrap(),
        StatusCode::CREATED
    );
    assert_eq!(
        run(&store, &Put::new(item(), Vec::new(), "message/rfc822")).unwrap(),
        StatusCode::CREATED
    );
    store
}

fn typed_props() -> Vec<Property> {
    let with_typed_v =
        Property::multi_valued(tag("x6853101e"), "mv.string", ["", "  two  spaces  "]);
    // A `dt` on a child, as Exchange sometimes writes, must survive too.
    let mut v = interop_xml::Element::new(MV_NS, "v").with_text("Zoë € 日本");
    v.set_attr(DT_NS, "dt", "string");
    let mut element = with_typed_v.into_element();
    element.children.insert(0, interop_xml::Node::Element(v));
    let with_typed_v = Property::from_element(element);
    vec![
        Property::typed(tag("x68470003"), "int", "214016160"),
        Property::multi_valued(tag("x684f1003"), "mv.int", ["32124", "32129", "32130"]),
        Property::multi_valued(tag("x68501102"), "mv.bin.base64", ["", "ugnYCYwKQAs=", ""]),
        Property::typed(tag("x68680040"), "dateTime.tz", "2008-01-30T19:42:47.000Z"),
        Property::text(
            PropName::new(MAPI, "subject"),
            "USER-/CN=RECIPIENTS/CN=JDOE & Co <free/busy>",
        ),
        with_typed_v,
        Property::empty(tag("x6854000b")),
    ]
}

#[test]
fn typed_multi_valued_properties_round_trip_as_equal_xml_trees() {
    let store = populated();
    let props = typed_props();
    let mut op = PropPatch::new(item()).translate_f();
    for prop in &props {
        op = op.set(prop.clone());
    }
    let outcome = run(&store, &op.remove(tag("x6849001e"))).unwrap();
    assert_eq!(outcome.statuses.len(), props.len() + 1);
    assert!(outcome.statuses.iter().all(|(_, s)| *s == StatusCode::OK));

    let names: Vec<PropName> = props.iter().map(|p| p.name().clone()).collect();
    let ms = run(&store, &PropFind::props(item(), Depth::Zero, names)).unwrap();
    assert_eq!(ms.responses.len(), 1);
    let r = &ms.responses[0];
    assert!(r.href.same_resource(&item()));
    for prop in &props {
        assert_eq!(r.prop(prop.name()), Some(prop), "{}", prop.name());
        assert_eq!(r.status_of(prop.name()), Some(StatusCode::OK));
    }
    assert_eq!(store.get_props(&item()), Some(props.clone()));

    // allprop returns them too, after the live properties, in the order set.
    let ms = run(&store, &PropFind::allprop(item(), Depth::Zero)).unwrap();
    let dead: Vec<Property> = ms.responses[0]
        .props()
        .filter(|p| p.name().ns() != DAV)
        .cloned()
        .collect();
    assert_eq!(dead, props);
}

#[test]
fn the_wire_body_keeps_escapes_and_empty_values() {
    let store = populated();
    let subject = Property::text(PropName::new(MAPI, "subject"), "a & b < c > d");
    let bin = Property::multi_valued(tag("x68501102"), "mv.bin.base64", ["", ""]);
    run(
        &store,
        &PropPatch::new(item()).set(subject.clone()).set(bin.clone()),
    )
    .unwrap();
    let op = PropFind::props(
        item(),
        Depth::Zero,
        [subject.name().clone(), bin.name().clone()],
    );
    let resp = Transport::send(&store, op.request(&base()).unwrap()).unwrap();
    assert_eq!(resp.status(), StatusCode::MULTI_STATUS);
    let text = String::from_utf8(resp.body().clone()).unwrap();
    assert!(text.contains("a &amp; b &lt; c &gt; d"), "{text}");
    assert!(
        text.contains("<D:status>HTTP/1.1 200 OK</D:status>"),
        "{text}"
    );
    assert!(
        text.contains("/exchange/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML</D:href>"),
        "{text}"
    );
    let ms = op.response(&base(), resp).unwrap();
    assert_eq!(ms.responses[0].prop(bin.name()).unwrap().values(), ["", ""]);
}

#[test]
fn remove_then_propfind_reports_404_for_the_removed_property() {
    let store = populated();
    let props = typed_props();
    run(
        &store,
        &PropPatch::new(item())
            .set(props[0].clone())
            .set(props[3].clone()),
    )
    .unwrap();
    run(
        &store,
        &PropPatch::new(item()).remove(props[3].name().clone()),
    )
    .unwrap();
    let ms = run(
        &store,
        &PropFind::props(
            item(),
            Depth::Zero,
            [props[0].name().clone(), props[3].name().clone()],
        ),
    )
    .unwrap();
    let r = &ms.responses[0];
    assert_eq!(r.status_of(props[0].name()), Some(StatusCode::OK));
    assert_eq!(r.status_of(props[3].name()), Some(StatusCode::NOT_FOUND));
    assert_eq!(store.get_props(&item()), Some(vec![props[0].clone()]));
}

#[test]
fn set_and_remove_apply_in_document_order() {
    let store = populated();
    let a1 = Property::typed(tag("x68470003"), "int", "1");
    let a2 = Property::typed(tag("x68470003"), "int", "2");
    let op = PropPatch::new(item())
        .set(a1.clone())
        .remove(a1.name().clone())
        .set(a2.clone());
    run(&store, &op).unwrap();
    assert_eq!(store.get_props(&item()), Some(vec![a2.clone()]));
    let op = PropPatch::new(item())
        .set(a1.clone())
        .remove(a1.name().clone());
    run(&store, &op).unwrap();
    assert_eq!(store.get_props(&item()), Some(vec![]));
}

#[test]
fn a_protected_property_fails_the_whole_proppatch_with_424s() {
    let store = populated();
    let before = Property::typed(tag("x68470003"), "int", "214016160");
    run(&store, &PropPatch::new(item()).set(before.clone())).unwrap();
    let op = PropPatch::new(item())
        .set(Property::text(PropName::new(DAV, "getetag"), "x"))
        .set(Property::typed(tag("x68470003"), "int", "1"))
        .remove(tag("x68470003"));
    let resp = Transport::send(&store, op.request(&base()).unwrap()).unwrap();
    assert_eq!(resp.status(), StatusCode::MULTI_STATUS);
    let text = String::from_utf8(resp.body().clone()).unwrap();
    assert!(text.contains("HTTP/1.1 403 Forbidden"), "{text}");
    assert!(text.contains("HTTP/1.1 424 Failed Dependency"), "{text}");
    match op.response(&base(), resp) {
        Err(Error::PartialFailure { failures, .. }) => {
            let got: Vec<(String, u16)> = failures
                .iter()
                .map(|f| (f.name.local().to_string(), f.status.as_u16()))
                .collect();
            assert_eq!(
                got,
                [
                    ("getetag".to_string(), 403),
                    ("x68470003".to_string(), 424),
                    ("x68470003".to_string(), 424)
                ]
            );
        }
        other => panic!("expected a partial failure, got {other:?}"),
    }
    // Atomic: nothing was applied.
    assert_eq!(store.get_props(&item()), Some(vec![before]));
}

#[test]
fn injected_proppatch_faults_fail_once_atomically() {
    let store = populated();
    let a = Property::typed(tag("x68470003"), "int", "1");
    let b = Property::multi_valued(tag("x684f1003"), "mv.int", ["1"]);
    store.inject(Fault::PropPatch {
        name: b.name().clone(),
        status: StatusCode::CONFLICT,
    });
    let op = PropPatch::new(item()).set(a.clone()).set(b.clone());
    match run(&store, &op) {
        Err(Error::PartialFailure { failures, .. }) => {
            assert_eq!(failures.len(), 2);
            assert_eq!(failures[0].status, StatusCode::FAILED_DEPENDENCY);
            assert_eq!(failures[1].name, *b.name());
            assert_eq!(failures[1].status, StatusCode::CONFLICT);
        }
        other => panic!("expected a partial failure, got {other:?}"),
    }
    assert_eq!(store.get_props(&item()), Some(vec![]));
    run(&store, &op).unwrap();
    assert_eq!(store.get_props(&item()), Some(vec![a, b]));
}

#[test]
fn injected_status_answers_the_next_request_of_that_method() {
    let store = populated();
    store.inject(Fault::Status {
        method: Method::GET,
        status: StatusCode::SERVICE_UNAVAILABLE,
    });
    assert_eq!(
        status_of(&store, &Get::new(item())),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(status_of(&store, &Get::new(item())), StatusCode::OK);
}

#[test]
fn status_codes_match_the_real_servers() {
    let store = populated();
    let missing_parent = folder().join("EX:_xF8FF_o=Nowhere").unwrap();
    // MKCOL
    assert_eq!(
        status_of(&store, &MkCol::new(folder())),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        status_of(&store, &MkCol::new(item())),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        status_of(
            &store,
            &MkCol::new(missing_parent.join("sub").unwrap().as_collection())
        ),
        StatusCode::CONFLICT
    );
    assert_eq!(
        status_of(&store, &MkCol::new(item().join("sub").unwrap())),
        StatusCode::CONFLICT,
        "an item is not a parent"
    );
    let with_body = send(&store, "MKCOL", "/exchange/new/", b"<x/>");
    assert_eq!(with_body.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // PUT
    let put = |path: ResourcePath| Put::new(path, b"body".to_vec(), "text/plain");
    assert_eq!(status_of(&store, &put(item())), StatusCode::NO_CONTENT);
    assert_eq!(
        status_of(&store, &put(org())),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        status_of(&store, &put(missing_parent.join("x.EML").unwrap())),
        StatusCode::CONFLICT
    );
    // GET
    let got = run(&store, &Get::new(item())).unwrap();
    assert_eq!(got.body, b"body");
    assert_eq!(got.content_type.as_deref(), Some("text/plain"));
    assert!(got.etag.as_deref().is_some_and(|e| e.starts_with('"')));
    assert_eq!(
        status_of(&store, &Get::new(org().join("nothing.EML").unwrap())),
        StatusCode::NOT_FOUND
    );
    // PROPFIND / PROPPATCH on a missing item
    let missing = org().join("NOBODY.EML").unwrap();
    assert_eq!(
        status_of(&store, &PropFind::allprop(missing.clone(), Depth::Zero)),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_of(
            &store,
            &PropPatch::new(missing.clone()).set(Property::text(tag("x68470003"), "1"))
        ),
        StatusCode::NOT_FOUND
    );
    assert!(
        !store.exists(&missing),
        "plain WebDAV does not create on PROPPATCH"
    );
    // Outside the mount
    assert_eq!(
        status_of(&store, &Get::new(p("/elsewhere/x"))),
        StatusCode::NOT_FOUND
    );
    // Unknown method
    let r = send(&store, "BREW", &org().encoded(), b"");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.headers().contains_key("allow"));
    let r = send(&store, "SEARCH", &org().encoded(), b"");
    assert_eq!(
        r.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "SEARCH is Exchange mode only"
    );
    // DELETE (recursive)
    assert_eq!(
        run(&store, &Delete::new(folder())).unwrap(),
        StatusCode::NO_CONTENT
    );
    assert!(!store.exists(&item()));
    assert!(!store.exists(&org()));
    assert_eq!(
        status_of(&store, &Delete::new(folder())),
        StatusCode::NOT_FOUND
    );
    assert_eq!(store.snapshot().len(), 1, "only the mount is left");
    assert_eq!(
        status_of(&store, &Delete::new(p("/exchange/"))),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn options_advertises_dav_1_2_and_allow() {
    let store = populated();
    let caps = run(&store, &Options::new(org())).unwrap();
    assert_eq!(caps.dav, ["1", "2"]);
    assert!(caps.allows("PROPFIND") && caps.allows("PROPPATCH") && !caps.allows("MKCOL"));
    assert_eq!(caps.ms_author_via.as_deref(), Some("DAV"));
    let caps = run(&store, &Options::new(org().join("new").unwrap())).unwrap();
    assert!(caps.allows("MKCOL") && caps.allows("PUT"));
}

#[test]
fn propfind_depths_and_propname() {
    let store = populated();
    let name = tag("x68470003");
    run(
        &store,
        &PropPatch::new(item()).set(Property::typed(name.clone(), "int", "5")),
    )
    .unwrap();

    let ms = run(&store, &PropFind::props(org(), Depth::One, [name.clone()])).unwrap();
    assert_eq!(ms.responses.len(), 2);
    assert!(ms.responses[0].href.same_resource(&org()));
    assert!(ms.responses[0].href.is_collection());
    assert_eq!(
        ms.responses[0].status_of(&name),
        Some(StatusCode::NOT_FOUND)
    );
    assert_eq!(ms.responses[1].status_of(&name), Some(StatusCode::OK));

    let ms = run(
        &store,
        &PropFind::props(folder(), Depth::Zero, [name.clone()]),
    )
    .unwrap();
    assert_eq!(ms.responses.len(), 1);

    // No Depth header: infinity, like WsgiDAV.
    let mut req = PropFind::props(folder(), Depth::Zero, [name.clone()])
        .request(&base())
        .unwrap();
    req.headers_mut().remove("depth");
    let resp = Transport::send(&store, req).unwrap();
    let ms = webdav::Multistatus::parse(resp.body(), &base(), &Default::default(), "t").unwrap();
    assert_eq!(ms.responses.len(), 3);

    let ms = run(&store, &PropFind::propname(item(), Depth::Zero)).unwrap();
    let names: Vec<String> = ms.responses[0]
        .props()
        .map(|p| p.name().to_string())
        .collect();
    assert!(names.contains(&"{DAV:}getetag".to_string()));
    assert!(names.contains(&name.to_string()));
    assert!(
        ms.responses[0]
            .props()
            .all(|p| p.to_element().children.is_empty())
    );

    let ms = run(&store, &PropFind::allprop(item(), Depth::Zero)).unwrap();
    let r = &ms.responses[0];
    let live = |l: &str| r.prop(&PropName::new(DAV, l)).map(|p| p.value());
    assert_eq!(live("getcontentlength").as_deref(), Some("0"));
    assert_eq!(live("getcontenttype").as_deref(), Some("message/rfc822"));
    assert_eq!(
        live("displayname").as_deref(),
        Some("USER-_xF8FF_cn=RECIPIENTS_xF8FF_cn=JDOE.EML")
    );
    assert!(live("getlastmodified").is_some_and(|d| d.ends_with(" GMT")));
    assert!(live("getetag").is_some());
    let rt = r.prop(&PropName::new(DAV, "resourcetype")).unwrap();
    assert!(rt.to_element().children.is_empty());

    // Live props are deterministic: the same requests on a fresh store give the same bytes.
    let again = populated();
    run(
        &again,
        &PropPatch::new(item()).set(Property::typed(name.clone(), "int", "5")),
    )
    .unwrap();
    let a = Transport::send(
        &store,
        PropFind::allprop(org(), Depth::One)
            .request(&base())
            .unwrap(),
    )
    .unwrap();
    let b = Transport::send(
        &again,
        PropFind::allprop(org(), Depth::One)
            .request(&base())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(a.body(), b.body());
}

#[test]
fn bad_bodies_are_400() {
    let store = populated();
    for body in [
        &b"<D:propfind xmlns:D=\"DAV:\"><D:prop>"[..],
        b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
        b"\xff\xfe<x/>",
        b"<x xmlns=\"urn:other\"/>",
        b"not xml at all",
    ] {
        for method in ["PROPFIND", "PROPPATCH"] {
            let r = send(&store, method, &item().encoded(), body);
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{method} {body:?}");
        }
    }
}

#[test]
fn bodies_over_the_limit_are_413() {
    let store = MemoryStore::builder().max_body(100).build();
    let r = send(&store, "PUT", "/x", &[b'a'; 101]);
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = send(&store, "PUT", "/x", &[b'a'; 100]);
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[test]
fn basic_auth_401_and_success() {
    let store = MemoryStore::builder()
        .mount(p("/exchange/"))
        .user("tester", "s3cret")
        .build();
    let op = PropFind::allprop(p("/exchange/"), Depth::Zero);
    let resp = Transport::send(&store, op.request(&base()).unwrap()).unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        resp.headers()["www-authenticate"],
        "Basic realm=\"/exchange\""
    );
    let wrong = op.clone().header(
        AUTHORIZATION,
        HeaderValue::from_static("Basic dGVzdGVyOndyb25n"),
    );
    assert_eq!(status_of(&store, &wrong), StatusCode::UNAUTHORIZED);
    let garbage = op
        .clone()
        .header(AUTHORIZATION, HeaderValue::from_static("Basic %%%"));
    assert_eq!(status_of(&store, &garbage), StatusCode::UNAUTHORIZED);
    let right = op.header(
        AUTHORIZATION,
        HeaderValue::from_static("Basic dGVzdGVyOnMzY3JldA=="),
    );
    assert_eq!(status_of(&store, &right), StatusCode::MULTI_STATUS);
    assert!(!format!("{store:?}").contains("s3cret"));
    assert!(!format!("{:?}", MemoryStore::builder().user("u", "s3cret")).contains("s3cret"));

    let realm = MemoryStore::builder()
        .user("a", "b")
        .basic_auth(Some("Exchange"))
        .build();
    let r = send(&realm, "OPTIONS", "/", b"");
    assert_eq!(r.headers()["www-authenticate"], "Basic realm=\"Exchange\"");
}

#[test]
fn the_request_log_shows_what_was_sent() {
    let store = populated();
    store.clear_request_log();
    run(
        &store,
        &PropPatch::new(item()).set(Property::text(tag("x68470003"), "1")),
    )
    .unwrap();
    let log = store.request_log();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].method.as_str(), "PROPPATCH");
    assert_eq!(log[0].status, StatusCode::MULTI_STATUS);
    assert_eq!(log[0].path, item().encoded());
    assert!(!log.iter().any(|r| r.method.as_str() == "MKCOL"));
}

#[test]
fn direct_set_up_and_snapshot() {
    let store = MemoryStore::builder().mount(p("/exchange/")).build();
    let deep = p("/exchange/a/b/c.EML");
    store
        .put_item(&deep, b"x".to_vec(), "message/rfc822")
        .unwrap();
    store
        .set_prop(&deep, Property::typed(tag("x68470003"), "int", "1"))
        .unwrap();
    assert!(store.exists(&p("/exchange/a/b/")));
    assert_eq!(store.get_body(&deep), Some(b"x".to_vec()));
    assert!(store.put_item(&p("/other/x"), Vec::new(), "a/b").is_err());
    assert!(
        store
            .put_item(&p("/exchange/a/b/c.EML/d"), Vec::new(), "a/b")
            .is_err()
    );
    let snap = store.snapshot();
    let paths: Vec<String> = snap.iter().map(|e| e.path.encoded()).collect();
    assert_eq!(
        paths,
        [
            "/exchange/",
            "/exchange/a/",
            "/exchange/a/b/",
            "/exchange/a/b/c.EML"
        ]
    );
    assert_eq!(snap[3].props.len(), 1);
    assert!(snap[3].etag.is_some() && !snap[3].is_collection);
}

#[test]
fn async_transport_serves_the_same_way() {
    let store = populated();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let op = Get::new(item());
    let resp = rt
        .block_on(AsyncTransport::send(&store, op.request(&base()).unwrap()))
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Clones share the store.
    let clone = store.clone();
    run(&clone, &Delete::new(item())).unwrap();
    assert!(!store.exists(&item()));
}
