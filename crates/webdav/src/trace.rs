//! The wire-trace hook: every request the client driver sends (logins included) and the
//! response or transport error it got, with credentials and cookies scrubbed, for admins
//! debugging interop.
//!
//! Scrubbing: the values of `Authorization` and `Proxy-Authorization` become `<redacted>`
//! (the scheme name is kept: `Basic <redacted>`); `Cookie` and `Set-Cookie` keep the
//! cookie names (and `Set-Cookie` attributes) with each value `<redacted>`; a URL's user
//! info is dropped; in a form body (`application/x-www-form-urlencoded`), every field whose
//! name contains `pass` or is `pwd` is `<redacted>`.
//!
//! ```
//! use std::sync::Arc;
//! use webdav::trace::{MemoryTrace, TextTrace};
//!
//! let memory = Arc::new(MemoryTrace::new());
//! // session.with_trace(Arc::clone(&memory)) …, later: memory.entries()
//! let text = TextTrace::new(std::io::stderr()).max_body(2048);
//! # let _ = (memory, text);
//! ```

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard};

use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};

use crate::transport::{TransportError, redacted_url};

/// The text put in place of a secret.
pub const REDACTED: &str = "<redacted>";

/// Why a request was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TraceKind {
    /// The operation's own request.
    Operation,
    /// A request the authentication asked for (a login, a handshake leg).
    Auth,
}

/// A sent request, scrubbed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TracedRequest {
    /// The method.
    pub method: Method,
    /// The URL without user info.
    pub url: String,
    /// The headers, scrubbed.
    pub headers: HeaderMap,
    /// The body, scrubbed (form passwords).
    pub body: Vec<u8>,
}

impl TracedRequest {
    /// A scrubbed copy of `request`.
    pub fn from_request(request: &Request<Vec<u8>>) -> Self {
        TracedRequest {
            method: request.method().clone(),
            url: redacted_url(request),
            headers: scrub_headers(request.headers()),
            body: scrub_body(request.headers(), request.body()),
        }
    }
}

/// A received response, scrubbed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TracedResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers, scrubbed.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
}

impl TracedResponse {
    /// A scrubbed copy of `response`.
    pub fn from_response(response: &Response<Vec<u8>>) -> Self {
        TracedResponse {
            status: response.status(),
            headers: scrub_headers(response.headers()),
            body: response.body().clone(),
        }
    }
}

/// One request and what came back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TraceEntry {
    /// Why it was sent.
    pub kind: TraceKind,
    /// Its position among the requests of one operation, from 1.
    pub leg: u32,
    /// The request.
    pub request: TracedRequest,
    /// The response, or why there is none.
    pub response: Result<TracedResponse, TransportError>,
}

impl TraceEntry {
    /// An entry (for [`Trace`] implementations' own tests).
    pub fn new(
        kind: TraceKind,
        leg: u32,
        request: TracedRequest,
        response: Result<TracedResponse, TransportError>,
    ) -> Self {
        TraceEntry {
            kind,
            leg,
            request,
            response,
        }
    }

    /// The entry as text, bodies cut after `max_body` bytes (see [`TextTrace`]).
    pub fn to_text(&self, max_body: usize) -> String {
        let mut s = String::new();
        let kind = match self.kind {
            TraceKind::Operation => "operation",
            TraceKind::Auth => "auth",
        };
        let _ = writeln!(
            s,
            "> {} {} ({kind}, leg {})",
            self.request.method, self.request.url, self.leg
        );
        write_headers(&mut s, "> ", &self.request.headers);
        write_body(&mut s, "> ", &self.request.body, max_body);
        match &self.response {
            Ok(r) => {
                let _ = writeln!(s, "< {}", r.status);
                write_headers(&mut s, "< ", &r.headers);
                write_body(&mut s, "< ", &r.body, max_body);
            }
            Err(e) => {
                let _ = writeln!(s, "! {e}");
            }
        }
        s
    }
}

fn write_headers(s: &mut String, prefix: &str, headers: &HeaderMap) {
    for (name, value) in headers {
        let _ = writeln!(
            s,
            "{prefix}{name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        );
    }
}

fn write_body(s: &mut String, prefix: &str, body: &[u8], max: usize) {
    if body.is_empty() {
        return;
    }
    s.push_str(prefix);
    s.push('\n');
    let shown = &body[..body.len().min(max)];
    for line in String::from_utf8_lossy(shown).lines() {
        s.push_str(prefix);
        s.push_str(line);
        s.push('\n');
    }
    if body.len() > max {
        let _ = writeln!(s, "{prefix}[… {} more bytes]", body.len() - max);
    }
}

/// Receives each traced exchange. Called synchronously by the driver, so keep it quick;
/// it cannot fail the operation.
pub trait Trace: Send + Sync {
    /// One request and its outcome.
    fn exchange(&self, entry: &TraceEntry);
}

impl<T: Trace + ?Sized> Trace for Arc<T> {
    fn exchange(&self, entry: &TraceEntry) {
        (**self).exchange(entry)
    }
}

impl<T: Trace + ?Sized> Trace for Box<T> {
    fn exchange(&self, entry: &TraceEntry) {
        (**self).exchange(entry)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps every entry in memory (for tests and admin tools). Share it with
/// `Arc<MemoryTrace>`.
#[derive(Debug, Default)]
pub struct MemoryTrace {
    entries: Mutex<Vec<TraceEntry>>,
}

impl MemoryTrace {
    /// An empty trace.
    pub fn new() -> Self {
        MemoryTrace::default()
    }

    /// A copy of the entries so far.
    pub fn entries(&self) -> Vec<TraceEntry> {
        lock(&self.entries).clone()
    }

    /// Takes the entries so far, leaving none.
    pub fn take(&self) -> Vec<TraceEntry> {
        std::mem::take(&mut *lock(&self.entries))
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All entries as text (see [`TraceEntry::to_text`]).
    pub fn to_text(&self, max_body: usize) -> String {
        lock(&self.entries)
            .iter()
            .map(|e| e.to_text(max_body))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Trace for MemoryTrace {
    fn exchange(&self, entry: &TraceEntry) {
        lock(&self.entries).push(entry.clone());
    }
}

/// Writes each entry as text: request line, headers, body (UTF-8, lossily), then the
/// status, headers and body of the response; bodies cut after a configurable length
/// (default 4096 bytes). Write errors are ignored.
///
/// ```
/// use webdav::trace::{TextTrace, Trace, TraceEntry, TraceKind, TracedRequest};
///
/// let req = http::Request::builder()
///     .method("PROPFIND")
///     .uri("http://ex.example/public/")
///     .header("Authorization", "Basic dTpw")
///     .body(b"<propfind/>".to_vec())?;
/// let entry = TraceEntry::new(TraceKind::Operation, 1, TracedRequest::from_request(&req),
///     Err(webdav::transport::TransportError::Timeout { url: "http://ex.example/public/".into() }));
/// let trace = TextTrace::new(Vec::new()).max_body(5);
/// trace.exchange(&entry);
/// let text = String::from_utf8(trace.into_inner())?;
/// assert!(text.starts_with("> PROPFIND http://ex.example/public/ (operation, leg 1)\n"));
/// assert!(text.contains("> authorization: Basic <redacted>\n"));
/// assert!(text.contains("> <prop\n> [… 6 more bytes]\n"));
/// assert!(text.contains("! timed out"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct TextTrace<W> {
    out: Mutex<W>,
    max_body: usize,
}

impl<W: std::io::Write + Send> TextTrace<W> {
    /// Writes to `out`.
    pub fn new(out: W) -> Self {
        TextTrace {
            out: Mutex::new(out),
            max_body: 4096,
        }
    }

    /// Cuts bodies after `bytes` bytes.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<W: std::io::Write + Send> Trace for TextTrace<W> {
    fn exchange(&self, entry: &TraceEntry) {
        let text = entry.to_text(self.max_body);
        let mut out = lock(&self.out);
        let _ = out.write_all(text.as_bytes());
        let _ = out.write_all(b"\n");
        let _ = out.flush();
    }
}

/// A copy of `headers` with credentials and cookie values replaced by [`REDACTED`].
pub fn scrub_headers(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let v = if name == AUTHORIZATION || name == PROXY_AUTHORIZATION {
            let text = String::from_utf8_lossy(value.as_bytes());
            match text.trim().split_once(' ') {
                Some((scheme, _)) if !scheme.is_empty() => format!("{scheme} {REDACTED}"),
                _ => REDACTED.to_string(),
            }
        } else if name == COOKIE {
            let text = String::from_utf8_lossy(value.as_bytes());
            text.split(';')
                .map(|pair| redact_pair(pair.trim()))
                .collect::<Vec<_>>()
                .join("; ")
        } else if name == SET_COOKIE {
            let text = String::from_utf8_lossy(value.as_bytes());
            let mut parts = text.split(';');
            let first = redact_pair(parts.next().unwrap_or("").trim());
            std::iter::once(first)
                .chain(parts.map(|p| p.trim().to_string()))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            out.append(name.clone(), value.clone());
            continue;
        };
        let v = HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(REDACTED));
        out.append(name.clone(), v);
    }
    out
}

fn redact_pair(pair: &str) -> String {
    match pair.split_once('=') {
        Some((name, _)) => format!("{}={REDACTED}", name.trim()),
        None => REDACTED.to_string(),
    }
}

fn is_secret_field(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("pass") || n == "pwd"
}

/// A copy of a request body with form password fields replaced by [`REDACTED`].
pub fn scrub_body(headers: &HeaderMap, body: &[u8]) -> Vec<u8> {
    let form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("x-www-form-urlencoded"));
    if !form {
        return body.to_vec();
    }
    let mut out = Vec::with_capacity(body.len());
    for (i, field) in body.split(|b| *b == b'&').enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        let name_end = field.iter().position(|b| *b == b'=').unwrap_or(field.len());
        let raw_name = &field[..name_end];
        let name: String = url::form_urlencoded::parse(raw_name)
            .next()
            .map(|(k, _)| k.into_owned())
            .unwrap_or_default();
        if is_secret_field(&name) {
            out.extend_from_slice(raw_name);
            out.push(b'=');
            out.extend_from_slice(REDACTED.as_bytes());
        } else {
            out.extend_from_slice(field);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn headers_scrubbed() {
        let mut h = HeaderMap::new();
        h.append(AUTHORIZATION, HeaderValue::from_static("Basic dTpw"));
        h.append(PROXY_AUTHORIZATION, HeaderValue::from_static("opaque"));
        h.append(
            COOKIE,
            HeaderValue::from_static("sessionid=abc; cadata=\"x=y\""),
        );
        h.append(
            SET_COOKIE,
            HeaderValue::from_static("sessionid=abc; path=/; HttpOnly"),
        );
        h.append(SET_COOKIE, HeaderValue::from_static("cadata=zzz"));
        h.append("depth", HeaderValue::from_static("0"));
        let s = scrub_headers(&h);
        assert_eq!(s[AUTHORIZATION], "Basic <redacted>");
        assert_eq!(s[PROXY_AUTHORIZATION], "<redacted>");
        assert_eq!(s[COOKIE], "sessionid=<redacted>; cadata=<redacted>");
        let sc: Vec<_> = s.get_all(SET_COOKIE).iter().collect();
        assert_eq!(
            sc,
            [
                "sessionid=<redacted>; path=/; HttpOnly",
                "cadata=<redacted>"
            ]
        );
        assert_eq!(s["depth"], "0");
    }

    #[test]
    fn form_password_scrubbed() -> TestResult {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let body = b"destination=x&username=u&password=p%26w&flags=0&Passwd=2&pwd";
        let s = scrub_body(&h, body);
        assert_eq!(
            String::from_utf8(s)?,
            "destination=x&username=u&password=<redacted>&flags=0&Passwd=<redacted>&pwd=<redacted>"
        );
        assert_eq!(scrub_body(&HeaderMap::new(), body), body.to_vec());
        Ok(())
    }

    #[test]
    fn text_truncates_on_lossy_utf8() -> TestResult {
        let req = Request::builder()
            .uri("http://u:pw@h.example/a")
            .body("é".repeat(10).into_bytes())?;
        let e = TraceEntry::new(
            TraceKind::Auth,
            2,
            TracedRequest::from_request(&req),
            Ok(TracedResponse {
                status: StatusCode::OK,
                headers: HeaderMap::new(),
                body: Vec::new(),
            }),
        );
        let t = e.to_text(3);
        assert!(
            t.starts_with("> GET http://h.example/a (auth, leg 2)\n"),
            "{t}"
        );
        assert!(t.contains("[… 17 more bytes]"), "{t}");
        assert!(t.contains("< 200 OK\n"), "{t}");
        assert!(!t.contains("pw"));
        Ok(())
    }
}
