//! The wire-trace hook: every exchange reported, credentials and cookies scrubbed.

mod client_support;

use std::sync::{Arc, Mutex};

use client_support::*;
use url::Url;
use webdav::auth::{Basic, FormsAuth, Secret};
use webdav::client::{Client, Session};
use webdav::ops::{Depth, PropFind};
use webdav::path::ResourcePath;
use webdav::prop::PropName;
use webdav::trace::{MemoryTrace, TextTrace, TraceKind};
use webdav::transport::TransportError;

fn propfind() -> PropFind {
    PropFind::props(
        ResourcePath::parse("/public/x.EML").unwrap(),
        Depth::Zero,
        [PropName::new("DAV:", "displayname")],
    )
}

#[test]
fn forms_session_traced_and_scrubbed() {
    let trace = Arc::new(MemoryTrace::new());
    let session = Session::new(Url::parse("https://ex.example/").unwrap())
        .with_auth(FormsAuth::new(USER, Secret::new(PASSWORD)))
        .with_trace(Arc::clone(&trace));
    let c = Client::new(FakeExchange::new(Shape::Timeout440), session);
    c.run(&propfind()).unwrap();
    c.transport().expire();
    c.run(&propfind()).unwrap();
    let entries = trace.entries();
    let kinds: Vec<(TraceKind, u32)> = entries.iter().map(|e| (e.kind, e.leg)).collect();
    assert_eq!(
        kinds,
        [
            (TraceKind::Auth, 1),
            (TraceKind::Operation, 2),
            (TraceKind::Operation, 1),
            (TraceKind::Auth, 2),
            (TraceKind::Operation, 3),
        ]
    );
    let login = &entries[0];
    assert_eq!(
        login.request.url,
        "https://ex.example/exchweb/bin/auth/owaauth.dll"
    );
    assert_eq!(
        String::from_utf8(login.request.body.clone()).unwrap(),
        "destination=https%3A%2F%2Fex.example%2F&username=EXAMPLE%5Cjdoe&password=<redacted>\
         &flags=0&SubmitCreds=Log+On&trusted=0"
    );
    let resp = login.response.as_ref().unwrap();
    assert_eq!(resp.status, 302);
    let set: Vec<_> = resp.headers.get_all("set-cookie").iter().collect();
    assert_eq!(
        set,
        [
            "sessionid=<redacted>; path=/",
            "cadata=<redacted>; HttpOnly; secure; path=/"
        ]
    );
    assert_eq!(
        entries[1].request.headers["cookie"],
        "sessionid=<redacted>; cadata=<redacted>"
    );
    assert_eq!(entries[2].response.as_ref().unwrap().status.as_u16(), 440);
    assert_eq!(trace.take().len(), 5);
    assert!(trace.is_empty());
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn text_trace_of_basic_and_transport_error() {
    let out = Shared::default();
    let script = Script::new()
        .then(|_| multistatus())
        .then_fail(TransportError::Connect {
            url: "http://ex.example/public/x.EML".into(),
            message: "refused".into(),
        });
    let session = Session::new(Url::parse("http://ex.example/").unwrap())
        .with_auth(Basic::preemptive("jdoe", Secret::new(PASSWORD)))
        .with_trace(TextTrace::new(out.clone()).max_body(40));
    let c = Client::new(script, session);
    c.run(&propfind()).unwrap();
    assert!(c.run(&propfind()).is_err());
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("> PROPFIND http://ex.example/public/x.EML (operation, leg 1)\n"),
        "{text}"
    );
    assert!(
        text.contains("> authorization: Basic <redacted>\n"),
        "{text}"
    );
    assert!(text.contains("> depth: 0\n"), "{text}");
    assert!(text.contains("< 207 Multi-Status\n"), "{text}");
    assert!(text.contains("more bytes]"), "{text}");
    assert!(
        text.contains("! cannot connect to http://ex.example/public/x.EML: refused"),
        "{text}"
    );
    assert!(!text.contains(PASSWORD));
    // The base64 of the credentials must not leak either.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("jdoe:{PASSWORD}"));
    assert!(!text.contains(&b64));
}
