//! The client driver with HTTP Basic, no auth, a plug-in multi-leg auth, and misuse.

mod client_support;

use client_support::*;
use http::{Request, StatusCode};
use url::Url;
use webdav::auth::{Auth, AuthContext, AuthError, AuthStep, Basic, NoAuth, Secret, Verdict};
use webdav::client::{Client, ClientError, Exchange, Session, Step};
use webdav::ops::{Delete, Depth, PropFind};
use webdav::path::ResourcePath;
use webdav::prop::PropName;
use webdav::transport::TransportError;

fn base() -> Url {
    Url::parse("http://ex.example/").unwrap()
}

fn propfind() -> PropFind {
    PropFind::props(
        ResourcePath::parse("/public/x.EML").unwrap(),
        Depth::Zero,
        [PropName::new("DAV:", "displayname")],
    )
}

fn basic_value() -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("jdoe:{PASSWORD}"))
    )
}

#[test]
fn basic_preemptive_sends_credentials_from_the_first_request() {
    let expected = basic_value();
    let script = Script::new()
        .then(move |r| {
            assert_eq!(r.headers()["authorization"], expected.as_str());
            multistatus()
        })
        .then(|r| {
            assert!(r.headers().contains_key("authorization"));
            response(204).body(Vec::new()).unwrap()
        });
    let session = Session::new(base()).with_auth(Basic::preemptive("jdoe", Secret::new(PASSWORD)));
    let client = Client::new(script, session);
    let ms = client.run(&propfind()).unwrap();
    assert_eq!(ms.responses.len(), 1);
    let del = Delete::new(ResourcePath::parse("/public/x.EML").unwrap());
    assert_eq!(client.run(&del).unwrap(), StatusCode::NO_CONTENT);
    assert_eq!(client.transport().seen().len(), 2);
}

#[test]
fn basic_challenge_retries_once_then_stays_preemptive() {
    let expected = basic_value();
    let e2 = expected.clone();
    let script = Script::new()
        .then(|r| {
            assert!(!r.headers().contains_key("authorization"));
            response(401)
                .header("WWW-Authenticate", "NTLM")
                .header("WWW-Authenticate", "Basic realm=\"Exchange\"")
                .body(b"denied".to_vec())
                .unwrap()
        })
        .then(move |r| {
            assert_eq!(r.headers()["authorization"], expected.as_str());
            multistatus()
        })
        .then(move |r| {
            // Once challenged, later operations send credentials up front.
            assert_eq!(r.headers()["authorization"], e2.as_str());
            multistatus()
        });
    let session =
        Session::new(base()).with_auth(Basic::on_challenge("jdoe", Secret::new(PASSWORD)));
    let client = Client::new(script, session);
    client.run(&propfind()).unwrap();
    client.run(&propfind()).unwrap();
    assert_eq!(client.transport().seen().len(), 3);
    assert_eq!(client.transport().remaining(), 0);
}

#[test]
fn basic_second_401_is_rejected_naming_the_user_only() {
    let unauthorized = || {
        response(401)
            .header("WWW-Authenticate", "Basic realm=\"x\"")
            .body(Vec::new())
            .unwrap()
    };
    let script = Script::new()
        .then(move |_| unauthorized())
        .then(move |_| unauthorized());
    let session =
        Session::new(base()).with_auth(Basic::on_challenge("jdoe", Secret::new(PASSWORD)));
    let client = Client::new(script, session);
    let err = client.run(&propfind()).unwrap_err();
    match &err {
        ClientError::Auth(AuthError::Rejected {
            user, url, status, ..
        }) => {
            assert_eq!(user, "jdoe");
            assert_eq!(url, "http://ex.example/public/x.EML");
            assert_eq!(*status, StatusCode::UNAUTHORIZED);
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("jdoe") && msg.contains("http://ex.example/public/x.EML"),
        "{msg}"
    );
    assert!(!msg.contains(PASSWORD) && !format!("{err:?}").contains(PASSWORD));
    assert_eq!(client.transport().seen().len(), 2);
}

#[test]
fn basic_preemptive_401_is_rejected_at_once() {
    let script = Script::new().then(|_| {
        response(401)
            .header("WWW-Authenticate", "Basic realm=\"x\"")
            .body(Vec::new())
            .unwrap()
    });
    let client = Client::new(
        script,
        Session::new(base()).with_auth(Basic::preemptive("jdoe", Secret::new(PASSWORD))),
    );
    let err = client.run(&propfind()).unwrap_err();
    assert!(
        matches!(err, ClientError::Auth(AuthError::Rejected { .. })),
        "{err:?}"
    );
    assert_eq!(client.transport().seen().len(), 1);
}

#[test]
fn basic_challenge_without_basic_scheme_is_unsupported() {
    let script = Script::new().then(|_| {
        response(401)
            .header("WWW-Authenticate", "Negotiate")
            .header("WWW-Authenticate", "NTLM")
            .body(Vec::new())
            .unwrap()
    });
    let client = Client::new(
        script,
        Session::new(base()).with_auth(Basic::on_challenge("jdoe", Secret::new(PASSWORD))),
    );
    let err = client.run(&propfind()).unwrap_err();
    match err {
        ClientError::Auth(AuthError::UnsupportedChallenge { offered, user, .. }) => {
            assert_eq!(offered, "Negotiate, NTLM");
            assert_eq!(user, "jdoe");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_auth_passes_responses_to_the_operation() {
    let script = Script::new().then(|r| {
        assert_eq!(r.method(), "PROPFIND");
        assert!(!r.headers().contains_key("authorization") && !r.headers().contains_key("cookie"));
        response(404).body(b"not found".to_vec()).unwrap()
    });
    let client = Client::new(script, Session::new(base()));
    let err = client.run(&propfind()).unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Protocol(webdav::Error::UnexpectedStatus { .. })
        ),
        "{err:?}"
    );
}

#[test]
fn transport_errors_end_the_operation() {
    let script = Script::new().then_fail(TransportError::Timeout {
        url: "http://ex.example/public/x.EML".into(),
    });
    let client = Client::new(
        script,
        Session::new(base()).with_auth(Basic::preemptive("jdoe", Secret::new(PASSWORD))),
    );
    let err = client.run(&propfind()).unwrap_err();
    assert!(
        matches!(err, ClientError::Transport(TransportError::Timeout { .. })),
        "{err:?}"
    );
}

#[test]
fn driving_out_of_order_is_an_error_not_a_panic() {
    let op = propfind();
    let mut session = Session::new(base());
    // A response before any request.
    let mut x = Exchange::new(&op);
    let err = x.step(&mut session, Some(Ok(multistatus()))).unwrap_err();
    assert!(matches!(err, ClientError::Misuse(_)), "{err:?}");
    // No response for a pending request.
    let mut x = session.start(&op);
    assert!(matches!(x.step(&mut session, None).unwrap(), Step::Send(_)));
    assert!(matches!(
        x.step(&mut session, None),
        Err(ClientError::Misuse(_))
    ));
    // A step after the end.
    let mut x = session.start(&op);
    assert!(matches!(x.step(&mut session, None).unwrap(), Step::Send(_)));
    assert!(matches!(
        x.step(&mut session, Some(Ok(multistatus()))).unwrap(),
        Step::Done(_)
    ));
    assert!(matches!(
        x.step(&mut session, None),
        Err(ClientError::Misuse(_))
    ));
}

/// An auth that always asks for a retry: the driver must stop it.
struct Stubborn;

impl Auth for Stubborn {
    fn scheme(&self) -> &'static str {
        "stubborn"
    }
    fn user(&self) -> Option<&str> {
        None
    }
    fn prepare(&mut self, _base: &Url) -> Result<AuthStep, AuthError> {
        Ok(AuthStep::Ready)
    }
    fn authorize(&mut self, _r: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        Ok(())
    }
    fn on_response(&mut self, _cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        Ok(Verdict::Retry)
    }
}

#[test]
fn a_misbehaving_auth_is_bounded() {
    let mut script = Script::new();
    for _ in 0..3 {
        script = script.then(|_| multistatus());
    }
    let client = Client::new(
        script,
        Session::new(base()).with_auth(Stubborn).with_max_legs(3),
    );
    let err = client.run(&propfind()).unwrap_err();
    assert!(
        matches!(
            err,
            ClientError::Auth(AuthError::TooManyLegs { legs: 3, .. })
        ),
        "{err:?}"
    );
    assert_eq!(client.transport().seen().len(), 3);
}

/// A two-leg handshake in the NTLM manner: an extra request of the auth's own carries a
/// "negotiate" token, the server's challenge comes back, then the operation carries the
/// "authenticate" token. Shows the trait fits such schemes.
#[derive(Default)]
struct Handshake {
    challenge: Option<String>,
}

impl Auth for Handshake {
    fn scheme(&self) -> &'static str {
        "Handshake"
    }
    fn user(&self) -> Option<&str> {
        Some("jdoe")
    }
    fn prepare(&mut self, base: &Url) -> Result<AuthStep, AuthError> {
        if self.challenge.is_some() {
            return Ok(AuthStep::Ready);
        }
        let req = Request::builder()
            .method("OPTIONS")
            .uri(base.as_str())
            .header("Authorization", "Handshake negotiate")
            .body(Vec::new())
            .map_err(|e| AuthError::Build(e.to_string()))?;
        Ok(AuthStep::Send(req))
    }
    fn on_auth_response(
        &mut self,
        _base: &Url,
        _request: &Request<()>,
        response: &http::Response<Vec<u8>>,
    ) -> Result<(), AuthError> {
        let c = response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_string();
        self.challenge = Some(c);
        Ok(())
    }
    fn authorize(&mut self, r: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        let v = format!("{} answered", self.challenge.as_deref().unwrap_or(""));
        r.headers_mut().insert("authorization", v.parse().unwrap());
        Ok(())
    }
    fn on_response(&mut self, _cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        Ok(Verdict::Accept)
    }
}

#[test]
fn a_multi_leg_auth_plugs_in() {
    let script = Script::new()
        .then(|r| {
            assert_eq!(r.method(), "OPTIONS");
            assert_eq!(r.headers()["authorization"], "Handshake negotiate");
            response(401)
                .header("WWW-Authenticate", "Handshake nonce42")
                .body(Vec::new())
                .unwrap()
        })
        .then(|r| {
            assert_eq!(r.method(), "PROPFIND");
            assert_eq!(r.headers()["authorization"], "Handshake nonce42 answered");
            multistatus()
        });
    let client = Client::new(script, Session::new(base()).with_auth(Handshake::default()));
    client.run(&propfind()).unwrap();
    let _ = NoAuth;
}
