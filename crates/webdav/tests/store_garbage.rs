//! Random bytes, and random damage to valid bodies, thrown at every method of the store in
//! both modes: every answer is a well-formed HTTP response, never a panic. The random
//! generator is seeded, so the run is deterministic.

use http::{Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use webdav::store::MemoryStore;
use webdav::transport::Transport;

const METHODS: &[&str] = &[
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "PUT",
    "GET",
    "HEAD",
    "DELETE",
    "OPTIONS",
    "SEARCH",
    "POST",
    "BREW",
];

const TEMPLATES: &[&str] = &[
    r#"<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/"><D:set><D:prop><e:x68501102 b:dt="mv.bin.base64"><c:v/><c:v>AAA=</c:v></e:x68501102></D:prop></D:set><D:remove><D:prop><e:x68470003/></D:prop></D:remove></D:propertyupdate>"#,
    r#"<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><x xmlns="urn:x"/></D:prop></D:propfind>"#,
    r#"<D:propfind xmlns:D="DAV:"><D:allprop/><D:include><D:displayname/></D:include></D:propfind>"#,
    r#"<D:searchrequest xmlns:D="DAV:"><D:sql>SELECT "DAV:href", "http://schemas.microsoft.com/mapi/subject" FROM SCOPE('SHALLOW TRAVERSAL OF "/a/"') WHERE "http://schemas.microsoft.com/mapi/subject" = 'x''y'</D:sql></D:searchrequest>"#,
    "destination=%2Fa%2F&username=u&password=p&flags=0",
];

const PATHS: &[&str] = &[
    "/",
    "/a/",
    "/a/b.EML",
    "/a/b.EML/c",
    "/missing/x",
    "/a/%zz",
    "/a//b",
    "/a/%2e%2e/",
    "/a/%00",
    "/exchweb/bin/auth/owaauth.dll",
    "/exchweb/bin/auth/owalogon.asp",
];

fn stores() -> Vec<MemoryStore> {
    let plain = MemoryStore::new();
    let exchange = MemoryStore::exchange();
    let forms = MemoryStore::builder().forms_auth().user("u", "p").build();
    let basic = MemoryStore::builder().user("u", "p").build();
    for s in [&plain, &exchange, &forms, &basic] {
        s.put_item(
            &webdav::ResourcePath::parse("/a/b.EML").unwrap(),
            b"x".to_vec(),
            "message/rfc822",
        )
        .unwrap();
    }
    vec![plain, exchange, forms, basic]
}

#[derive(Debug, Clone)]
struct Case {
    method: usize,
    path: usize,
    depth: Option<String>,
    body: Vec<u8>,
}

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        // A valid body, truncated and with a few bytes overwritten.
        (
            0..TEMPLATES.len(),
            any::<usize>(),
            proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4)
        )
            .prop_map(|(t, cut, edits)| {
                let mut b = TEMPLATES[t].as_bytes().to_vec();
                b.truncate(cut % (b.len() + 1));
                for (i, v) in edits {
                    if !b.is_empty() {
                        let n = b.len();
                        b[i % n] = v;
                    }
                }
                b
            }),
        (0..TEMPLATES.len()).prop_map(|t| TEMPLATES[t].as_bytes().to_vec()),
    ]
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        0..METHODS.len(),
        0..PATHS.len(),
        proptest::option::of(prop_oneof![
            Just("0".to_string()),
            Just("1".to_string()),
            Just("infinity".to_string()),
            "[ -~]{0,8}",
        ]),
        body_strategy(),
    )
        .prop_map(|(method, path, depth, body)| Case {
            method,
            path,
            depth,
            body,
        })
}

#[test]
fn garbage_never_panics() {
    let stores = stores();
    let config = Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    runner
        .run(&case_strategy(), |case| {
            for store in &stores {
                let mut req = Request::builder()
                    .method(Method::from_bytes(METHODS[case.method].as_bytes()).unwrap())
                    .uri(format!("http://h{}", PATHS[case.path]))
                    .header("authorization", "Basic dTpw")
                    .header("cookie", "sessionid=1; cadata=2");
                if let Some(d) = &case.depth
                    && let Ok(v) = http::HeaderValue::from_str(d)
                {
                    req = req.header("depth", v);
                }
                let resp = Transport::send(store, req.body(case.body.clone()).unwrap()).unwrap();
                let s = resp.status();
                prop_assert!(s.as_u16() >= 200 && s.as_u16() < 600);
                if s == StatusCode::MULTI_STATUS {
                    let ms = webdav::Multistatus::parse(
                        resp.body(),
                        &url::Url::parse("http://h/").unwrap(),
                        &Default::default(),
                        "garbage",
                    );
                    prop_assert!(ms.is_ok(), "{:?}", ms.err());
                }
            }
            Ok(())
        })
        .unwrap();
}
