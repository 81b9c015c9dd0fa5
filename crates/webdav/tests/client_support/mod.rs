//! Fakes shared by the `client_*` tests: a scripted transport (checks each request, returns
//! canned responses) and a small stateful Exchange with forms-based auth.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use http::{Request, Response};
use webdav::transport::{AsyncTransport, Transport, TransportError};

pub const PASSWORD: &str = "Pa$$ w0rd&=%é";
pub const USER: &str = "EXAMPLE\\jdoe";

/// A recorded request.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

impl Seen {
    fn of(r: &Request<Vec<u8>>) -> Self {
        Seen {
            method: r.method().to_string(),
            uri: r.uri().to_string(),
            headers: r.headers().clone(),
            body: r.body().clone(),
        }
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    pub fn body_str(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

type Handler =
    Box<dyn Fn(&Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> + Send + Sync>;

/// Answers requests in order with the scripted handlers; each handler asserts what it
/// expects of its request. Panics on an unexpected extra request.
#[derive(Default)]
pub struct Script {
    steps: Mutex<VecDeque<Handler>>,
    seen: Mutex<Vec<Seen>>,
}

impl Script {
    pub fn new() -> Self {
        Script::default()
    }

    pub fn then(
        self,
        f: impl Fn(&Request<Vec<u8>>) -> Response<Vec<u8>> + Send + Sync + 'static,
    ) -> Self {
        self.steps
            .lock()
            .unwrap()
            .push_back(Box::new(move |r| Ok(f(r))));
        self
    }

    pub fn then_fail(self, e: TransportError) -> Self {
        self.steps
            .lock()
            .unwrap()
            .push_back(Box::new(move |_| Err(e.clone())));
        self
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn remaining(&self) -> usize {
        self.steps.lock().unwrap().len()
    }
}

impl Transport for Script {
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        self.seen.lock().unwrap().push(Seen::of(&request));
        let step =
            self.steps.lock().unwrap().pop_front().unwrap_or_else(|| {
                panic!("unexpected request {} {}", request.method(), request.uri())
            });
        step(&request)
    }
}

/// Adapts any blocking test transport to [`AsyncTransport`] (yielding once, so that
/// tasks interleave).
pub struct Async<T>(pub T);

impl<T: Transport + Send + Sync> AsyncTransport for Async<T> {
    async fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        tokio::task::yield_now().await;
        self.0.send(request)
    }
}

pub fn response(status: u16) -> http::response::Builder {
    Response::builder().status(status)
}

pub const MULTISTATUS: &str = r#"<?xml version="1.0"?>
<a:multistatus xmlns:a="DAV:"><a:response><a:href>http://ex.example/public/x.EML</a:href>
<a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop><a:displayname>X</a:displayname></a:prop></a:propstat>
</a:response></a:multistatus>"#;

pub fn multistatus() -> Response<Vec<u8>> {
    response(207)
        .header("Content-Type", "text/xml")
        .body(MULTISTATUS.as_bytes().to_vec())
        .unwrap()
}

pub const LOGON_HTML: &str = r#"<html><body><form action="/exchweb/bin/auth/owaauth.dll" method="POST">
<input name="destination"><input name="username"><input name="password" type="password"></form></body></html>"#;

/// How the fake Exchange shows an expired session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Timeout440,
    Redirect302,
    Html200,
}

/// How the fake Exchange refuses a login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 302 back to the logon page (`?reason=2`).
    RedirectToLogon,
    /// 302 to the destination, but no `cadata` cookie.
    NoCadata,
}

#[derive(Debug)]
struct ExState {
    /// Sessions numbered from this one on are valid (like Exchange, several sessions of
    /// one user may be live at once); `expire` moves it past every session issued.
    valid_from: usize,
    /// Sessions issued.
    issued: usize,
    /// Expire every session right away (a broken server).
    always_expired: bool,
}

#[derive(Debug)]
/// A tiny Exchange: forms login at `login_path`, then PROPFIND/GET/PUT with the cookies.
pub struct FakeExchange {
    pub login_path: &'static str,
    pub logon_page: &'static str,
    pub shape: Shape,
    pub refusal: Refusal,
    state: Mutex<ExState>,
    pub logins: AtomicUsize,
    pub requests: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
}

impl FakeExchange {
    pub fn new(shape: Shape) -> Self {
        FakeExchange {
            login_path: "/exchweb/bin/auth/owaauth.dll",
            logon_page: "/exchweb/bin/auth/owalogon.asp",
            shape,
            refusal: Refusal::RedirectToLogon,
            state: Mutex::new(ExState {
                valid_from: 1,
                issued: 0,
                always_expired: false,
            }),
            logins: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
        }
    }

    pub fn exchange_2007(mut self) -> Self {
        self.login_path = "/owa/auth/owaauth.dll";
        self.logon_page = "/OWA/auth/logon.aspx";
        self
    }

    /// Ends the current session (the next request shows the expiry shape).
    pub fn expire(&self) {
        let mut st = self.state.lock().unwrap();
        st.valid_from = st.issued + 1;
    }

    pub fn always_expired(&self) {
        self.state.lock().unwrap().always_expired = true;
    }

    pub fn logins(&self) -> usize {
        self.logins.load(Ordering::SeqCst)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn login(&self, r: &Request<Vec<u8>>) -> Response<Vec<u8>> {
        self.logins.fetch_add(1, Ordering::SeqCst);
        assert_eq!(r.method(), "POST");
        assert_eq!(
            r.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert!(
            r.headers().get("cookie").is_none(),
            "login sent with cookies"
        );
        let fields: Vec<(String, String)> =
            url::form_urlencoded::parse(r.body()).into_owned().collect();
        let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "destination",
                "username",
                "password",
                "flags",
                "SubmitCreds",
                "trusted"
            ]
        );
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get("username"), USER);
        assert_eq!(get("SubmitCreds"), "Log On");
        let destination = get("destination");
        if get("password") != PASSWORD {
            return match self.refusal {
                Refusal::RedirectToLogon => response(302)
                    .header(
                        "Location",
                        format!("https://ex.example{}?url=x&reason=2", self.logon_page),
                    )
                    .header("Set-Cookie", "sessionid=ignored; path=/")
                    .body(Vec::new())
                    .unwrap(),
                Refusal::NoCadata => response(302)
                    .header("Location", destination)
                    .body(Vec::new())
                    .unwrap(),
            };
        }
        let mut st = self.state.lock().unwrap();
        st.issued += 1;
        let n = st.issued;
        response(302)
            .header("Location", destination)
            .header("Set-Cookie", format!("sessionid=SID{n}; path=/"))
            .header(
                "Set-Cookie",
                format!("cadata=\"CAD{n}secret\"; HttpOnly; secure; path=/"),
            )
            .body(Vec::new())
            .unwrap()
    }

    fn expired(&self) -> Response<Vec<u8>> {
        match self.shape {
            Shape::Timeout440 => response(440).body(b"Login Timeout".to_vec()).unwrap(),
            Shape::Redirect302 => response(302)
                .header(
                    "Location",
                    format!(
                        "{}?url=https://ex.example/public/&reason=0",
                        self.logon_page
                    ),
                )
                .body(Vec::new())
                .unwrap(),
            Shape::Html200 => response(200)
                .header("Content-Type", "text/html; charset=utf-8")
                .body(LOGON_HTML.as_bytes().to_vec())
                .unwrap(),
        }
    }
}

impl Transport for FakeExchange {
    fn send(&self, r: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        self.seen.lock().unwrap().push(Seen::of(&r));
        if r.uri().path().eq_ignore_ascii_case(self.login_path) {
            return Ok(self.login(&r));
        }
        self.requests.fetch_add(1, Ordering::SeqCst);
        let cookie = r
            .headers()
            .get("cookie")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let st = self.state.lock().unwrap();
        let ok = !st.always_expired
            && (st.valid_from..=st.issued).any(|n| {
                cookie.contains(&format!("sessionid=SID{n};"))
                    && cookie.contains(&format!("cadata=\"CAD{n}secret\""))
            });
        drop(st);
        if !ok {
            return Ok(self.expired());
        }
        Ok(match r.method().as_str() {
            "PROPFIND" | "SEARCH" => multistatus(),
            "GET" => response(200)
                .header("Content-Type", "text/html")
                .body(b"<html>an item rendered</html>".to_vec())
                .unwrap(),
            "PUT" => response(201).body(Vec::new()).unwrap(),
            m => response(405)
                .body(format!("{m} not here").into_bytes())
                .unwrap(),
        })
    }
}
