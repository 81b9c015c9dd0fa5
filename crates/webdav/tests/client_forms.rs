//! Exchange forms-based auth through the blocking client against a fake Exchange.

mod client_support;

use std::sync::Arc;

use client_support::*;
use url::Url;
use webdav::auth::{AuthError, EXCHANGE_2007_LOGIN_PATH, ExpiryShape, FormsAuth, Secret};
use webdav::client::{Client, ClientError, Session};
use webdav::ops::{Depth, Get, PropFind, Put};
use webdav::path::ResourcePath;
use webdav::prop::PropName;
use webdav::trace::MemoryTrace;

fn base() -> Url {
    Url::parse("https://ex.example/").unwrap()
}

fn propfind() -> PropFind {
    PropFind::props(
        ResourcePath::parse("/public/x.EML").unwrap(),
        Depth::Zero,
        [PropName::new("DAV:", "displayname")],
    )
}

fn client(server: FakeExchange, password: &str) -> Client<FakeExchange> {
    let session = Session::new(base()).with_auth(FormsAuth::new(USER, Secret::new(password)));
    Client::new(server, session)
}

#[test]
fn one_login_serves_many_requests() {
    let c = client(FakeExchange::new(Shape::Timeout440), PASSWORD);
    for _ in 0..5 {
        let ms = c.run(&propfind()).unwrap();
        assert_eq!(ms.responses.len(), 1);
    }
    let put = Put::new(
        ResourcePath::parse("/public/y.EML").unwrap(),
        b"x".to_vec(),
        "message/rfc822",
    );
    assert_eq!(c.run(&put).unwrap(), http::StatusCode::CREATED);
    let server = c.transport();
    assert_eq!(server.logins(), 1);
    let seen = server.seen();
    assert_eq!(seen.len(), 7);
    let login = &seen[0];
    assert_eq!(login.method, "POST");
    assert_eq!(login.uri, "https://ex.example/exchweb/bin/auth/owaauth.dll");
    assert_eq!(
        login.body_str(),
        "destination=https%3A%2F%2Fex.example%2F&username=EXAMPLE%5Cjdoe\
         &password=Pa%24%24+w0rd%26%3D%25%C3%A9&flags=0&SubmitCreds=Log+On&trusted=0"
    );
    for s in &seen[1..] {
        assert_eq!(
            s.header("cookie").as_deref(),
            Some("sessionid=SID1; cadata=\"CAD1secret\"")
        );
    }
}

fn expiry_leads_to_one_new_login(shape: Shape) {
    let c = client(FakeExchange::new(shape), PASSWORD);
    c.run(&propfind()).unwrap();
    c.transport().expire();
    let ms = c.run(&propfind()).unwrap();
    assert_eq!(ms.responses.len(), 1);
    assert_eq!(c.transport().logins(), 2, "{shape:?}");
    // login, propfind, propfind (expired), login, propfind
    let methods: Vec<String> = c
        .transport()
        .seen()
        .iter()
        .map(|s| s.method.clone())
        .collect();
    assert_eq!(
        methods,
        ["POST", "PROPFIND", "PROPFIND", "POST", "PROPFIND"]
    );
    let last = c.transport().seen().pop().unwrap();
    assert_eq!(
        last.header("cookie").as_deref(),
        Some("sessionid=SID2; cadata=\"CAD2secret\"")
    );
    // The new session serves later requests without another login.
    c.run(&propfind()).unwrap();
    assert_eq!(c.transport().logins(), 2);
}

#[test]
fn expiry_440_login_timeout() {
    expiry_leads_to_one_new_login(Shape::Timeout440);
}

#[test]
fn expiry_302_to_the_logon_page() {
    expiry_leads_to_one_new_login(Shape::Redirect302);
}

#[test]
fn expiry_200_html_logon_page_where_xml_was_expected() {
    expiry_leads_to_one_new_login(Shape::Html200);
}

#[test]
fn expiry_shown_on_a_get_by_the_logon_form_itself() {
    let c = client(FakeExchange::new(Shape::Html200), PASSWORD);
    let get = Get::new(ResourcePath::parse("/public/x.EML").unwrap());
    let first = c.run(&get).unwrap();
    assert_eq!(first.body, b"<html>an item rendered</html>");
    c.transport().expire();
    let again = c.run(&get).unwrap();
    assert_eq!(again.body, b"<html>an item rendered</html>");
    assert_eq!(c.transport().logins(), 2);
}

#[test]
fn repeated_expiry_is_a_clear_error() {
    for (shape, want) in [
        (Shape::Timeout440, ExpiryShape::LoginTimeout),
        (Shape::Redirect302, ExpiryShape::RedirectToLogon),
        (Shape::Html200, ExpiryShape::HtmlLogonPage),
    ] {
        let c = client(FakeExchange::new(shape), PASSWORD);
        c.transport().always_expired();
        let err = c.run(&propfind()).unwrap_err();
        match &err {
            ClientError::Auth(AuthError::SessionExpired { user, url, shape }) => {
                assert_eq!(user, USER);
                assert_eq!(url, "https://ex.example/public/x.EML");
                assert_eq!(*shape, want);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            c.transport().logins(),
            2,
            "{shape:?}: exactly one new login"
        );
        assert_eq!(c.transport().seen().len(), 4);
        let msg = err.to_string();
        assert!(msg.contains("jdoe") && msg.contains("expired"), "{msg}");
        assert!(!msg.contains(PASSWORD) && !format!("{err:?}").contains(PASSWORD));
    }
}

#[test]
fn wrong_password_redirected_to_the_logon_page() {
    let c = client(FakeExchange::new(Shape::Timeout440), "wrong-pass-123");
    let err = c.run(&propfind()).unwrap_err();
    match &err {
        ClientError::Auth(AuthError::LoginFailed { user, url, reason }) => {
            assert_eq!(user, USER);
            assert_eq!(url, "https://ex.example/exchweb/bin/auth/owaauth.dll");
            assert!(reason.contains("logon page"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("jdoe") && !msg.contains("wrong-pass-123"),
        "{msg}"
    );
    assert!(!format!("{err:?}").contains("wrong-pass-123"));
    // Only the login went out; the operation was never sent.
    assert_eq!(c.transport().seen().len(), 1);
    // The next operation tries again (one login per operation, no loop).
    assert!(c.run(&propfind()).is_err());
    assert_eq!(c.transport().seen().len(), 2);
}

#[test]
fn wrong_password_without_cadata() {
    let mut server = FakeExchange::new(Shape::Timeout440);
    server.refusal = Refusal::NoCadata;
    let c = client(server, "nope");
    let err = c.run(&propfind()).unwrap_err();
    match &err {
        ClientError::Auth(AuthError::LoginFailed { reason, .. }) => {
            assert!(reason.contains("cadata"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stale_cadata_does_not_pass_for_a_new_login() {
    // Log in, then the password changes on the server side: the re-login after expiry
    // must fail even though the old session's cadata is still in the jar.
    let session = Session::new(base()).with_auth(FormsAuth::new(USER, Secret::new(PASSWORD)));
    let c = Client::new(FakeExchange::new(Shape::Timeout440), session);
    c.run(&propfind()).unwrap();
    let (mut server, session) = c.into_parts();
    server.refusal = Refusal::NoCadata;
    server.expire();
    // A new client with the same session state but a server that refuses the password.
    let server = RefuseAll(server);
    let c = Client::new(server, session);
    let err = c.run(&propfind()).unwrap_err();
    assert!(
        matches!(err, ClientError::Auth(AuthError::LoginFailed { .. })),
        "{err:?}"
    );
}

/// Refuses every login (as if the password had changed).
struct RefuseAll(FakeExchange);

impl webdav::transport::Transport for RefuseAll {
    fn send(
        &self,
        r: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, webdav::transport::TransportError> {
        if r.method() == "POST" {
            return Ok(response(302)
                .header("Location", "/")
                .body(Vec::new())
                .unwrap());
        }
        self.0.send(r)
    }
}

#[test]
fn exchange_2007_login_path_and_logon_page() {
    let session = Session::new(base()).with_auth(
        FormsAuth::new(USER, Secret::new(PASSWORD)).login_path(EXCHANGE_2007_LOGIN_PATH),
    );
    let c = Client::new(
        FakeExchange::new(Shape::Redirect302).exchange_2007(),
        session,
    );
    c.run(&propfind()).unwrap();
    c.transport().expire();
    c.run(&propfind()).unwrap();
    assert_eq!(c.transport().logins(), 2);
    assert_eq!(
        c.transport().seen()[0].uri,
        "https://ex.example/owa/auth/owaauth.dll"
    );
}

#[test]
fn password_never_in_debug_errors_or_traces() {
    let trace = Arc::new(MemoryTrace::new());
    let auth = FormsAuth::new(USER, Secret::new(PASSWORD));
    assert!(!format!("{auth:?}").contains(PASSWORD));
    let session = Session::new(base())
        .with_auth(auth)
        .with_trace(Arc::clone(&trace));
    let c = Client::new(FakeExchange::new(Shape::Html200), session);
    c.run(&propfind()).unwrap();
    c.transport().expire();
    c.run(&propfind()).unwrap();
    c.transport().always_expired();
    let err = c.run(&propfind()).unwrap_err();
    let encoded: String = url::form_urlencoded::byte_serialize(PASSWORD.as_bytes()).collect();
    let texts = [
        format!("{c:?}"),
        format!("{:?}", c.with_session(|s| format!("{s:?}"))),
        format!("{err}"),
        format!("{err:?}"),
        format!("{:?}", trace.entries()),
        trace.to_text(usize::MAX),
    ];
    for t in &texts {
        assert!(!t.contains(PASSWORD), "{t}");
        assert!(!t.contains(&encoded), "{t}");
        // Cookie values are scrubbed too (they are as good as the password).
        assert!(!t.contains("CAD1secret") && !t.contains("SID1"), "{t}");
    }
    let text = trace.to_text(usize::MAX);
    assert!(text.contains("password=<redacted>"), "{text}");
    assert!(
        text.contains("cookie: sessionid=<redacted>; cadata=<redacted>"),
        "{text}"
    );
    assert!(
        text.contains("set-cookie: cadata=<redacted>; HttpOnly; secure; path=/"),
        "{text}"
    );
}
