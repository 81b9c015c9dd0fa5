//! Authentication as a pluggable, sans-IO trait, with HTTP Basic and Exchange forms-based
//! authentication built in.
//!
//! An [`Auth`] never performs I/O. The driver ([`crate::client::Session`]) asks it, before
//! each request of an operation, whether it needs requests of its own sent first
//! ([`Auth::prepare`], e.g. a forms login or one leg of a handshake), lets it decorate the
//! operation's request ([`Auth::authorize`]), and shows it every response
//! ([`Auth::on_auth_response`], [`Auth::on_response`]); the auth then says whether the
//! answer stands or the operation must be sent again ([`Verdict::Retry`]). That is enough
//! for multi-leg schemes such as NTLM or Negotiate to be added later.
//!
//! Passwords are held in [`Secret`], whose `Debug` is redacted and which has no `Display`.
//!
//! ```
//! use webdav::auth::{Basic, FormsAuth, Secret, EXCHANGE_2007_LOGIN_PATH};
//!
//! let basic = Basic::preemptive("jdoe", Secret::new("s3cret"));
//! assert!(!format!("{basic:?}").contains("s3cret"));
//!
//! let forms = FormsAuth::new("EXAMPLE\\jdoe", Secret::new("s3cret")).login_path(EXCHANGE_2007_LOGIN_PATH);
//! assert!(!format!("{forms:?}").contains("s3cret"));
//! ```

use std::fmt;

use http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use http::{Request, Response, StatusCode};
use url::Url;

mod basic;
mod forms;

pub use basic::{Basic, BasicMode};
pub use forms::{EXCHANGE_2003_LOGIN_PATH, EXCHANGE_2007_LOGIN_PATH, FormsAuth, LOGON_PAGES};

/// A password or other secret: `Debug` prints `Secret(<redacted>)`, there is no `Display`,
/// and the bytes are overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret itself, for the code that must put it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        for b in bytes.iter_mut() {
            *b = 0;
        }
        std::hint::black_box(&bytes);
    }
}

/// What kind of expired forms-auth session a response showed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpiryShape {
    /// `440 Login Timeout`.
    LoginTimeout,
    /// A redirect whose `Location` is the logon page.
    RedirectToLogon,
    /// A `200` HTML logon page where XML was expected.
    HtmlLogonPage,
}

impl fmt::Display for ExpiryShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExpiryShape::LoginTimeout => "440 Login Timeout",
            ExpiryShape::RedirectToLogon => "redirect to the logon page",
            ExpiryShape::HtmlLogonPage => "HTML logon page where XML was expected",
        })
    }
}

/// Why authentication failed. Messages name the user and URL, never the password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The server refused the credentials sent.
    #[error("{scheme} authentication as {user:?} rejected by {url} ({status})")]
    Rejected {
        /// The scheme (`Basic`, …).
        scheme: &'static str,
        /// The user name.
        user: String,
        /// The request URL (without credentials).
        url: String,
        /// The status received.
        status: StatusCode,
    },
    /// The server asked for authentication in a scheme this auth does not speak.
    #[error(
        "{url} requires authentication ({offered:?}) that {scheme} auth as {user:?} cannot answer"
    )]
    UnsupportedChallenge {
        /// The scheme configured.
        scheme: &'static str,
        /// The user name.
        user: String,
        /// The request URL.
        url: String,
        /// The `WWW-Authenticate` values offered (empty when none).
        offered: String,
    },
    /// A forms-based login failed (wrong user name or password, or no session issued).
    #[error("forms login as {user:?} at {url} failed: {reason}")]
    LoginFailed {
        /// The user name.
        user: String,
        /// The login URL.
        url: String,
        /// What showed the failure.
        reason: String,
    },
    /// A forms-auth session expired again right after a fresh login.
    #[error(
        "forms-auth session of {user:?} expired at {url} ({shape}) again after logging in anew; giving up"
    )]
    SessionExpired {
        /// The user name.
        user: String,
        /// The request URL.
        url: String,
        /// How the expiry showed.
        shape: ExpiryShape,
    },
    /// The credentials cannot be sent (e.g. a `:` in a Basic user name).
    #[error("credentials of {user:?} cannot be sent: {reason}")]
    InvalidCredentials {
        /// The user name.
        user: String,
        /// Why.
        reason: String,
    },
    /// The authentication needed more exchanges than the driver allows for one operation.
    #[error("authentication at {url} did not settle after {legs} exchanges")]
    TooManyLegs {
        /// The request URL.
        url: String,
        /// Exchanges made for the operation.
        legs: u32,
    },
    /// An authentication request could not be built.
    #[error("cannot build authentication request: {0}")]
    Build(String),
}

/// What an [`Auth`] wants before the operation's request is sent.
#[derive(Debug)]
// Built once per exchange and moved straight to the transport: boxing buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum AuthStep {
    /// Send this request first (a login, a handshake leg); its response comes back through
    /// [`Auth::on_auth_response`], then [`Auth::prepare`] is asked again.
    Send(Request<Vec<u8>>),
    /// Send the operation's request now (after [`Auth::authorize`]).
    Ready,
}

/// What an [`Auth`] makes of the response to an operation's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The response is the server's answer: hand it to the operation.
    Accept,
    /// Authentication must be (re)done: ask [`Auth::prepare`] again, then send the
    /// operation's request anew.
    Retry,
}

/// The response to an operation's request, with what an [`Auth`] needs to judge it.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthContext<'a> {
    /// The base URL of the session.
    pub base: &'a Url,
    /// The request that was sent (head only), with the credentials the auth added.
    pub request: &'a Request<()>,
    /// The server's response.
    pub response: &'a Response<Vec<u8>>,
    /// How many times this operation was already sent again on a [`Verdict::Retry`].
    pub retries: u32,
    /// Whether the operation expects an XML body (PROPFIND, PROPPATCH, SEARCH, REPORT).
    pub expects_xml: bool,
}

impl<'a> AuthContext<'a> {
    /// Builds a context (for [`Auth`] implementations' own tests).
    pub fn new(
        base: &'a Url,
        request: &'a Request<()>,
        response: &'a Response<Vec<u8>>,
        retries: u32,
        expects_xml: bool,
    ) -> Self {
        AuthContext {
            base,
            request,
            response,
            retries,
            expects_xml,
        }
    }

    /// The request URL without user info, for messages.
    pub fn url(&self) -> String {
        crate::transport::redacted_url(self.request)
    }
}

/// An authentication scheme, as a sans-IO state machine driven by the client driver.
///
/// For each operation the driver calls [`prepare`](Auth::prepare) until it answers
/// [`AuthStep::Ready`] (sending each [`AuthStep::Send`] request and reporting its response
/// to [`on_auth_response`](Auth::on_auth_response)), then builds the operation's request,
/// passes it through [`authorize`](Auth::authorize), sends it, and reports the response to
/// [`on_response`](Auth::on_response). On [`Verdict::Retry`] it starts over at `prepare`.
/// The driver bounds the number of exchanges per operation; the auth decides how many
/// retries it allows ([`AuthContext::retries`]) and which error ends them.
pub trait Auth: Send {
    /// The scheme's name, for messages (`"Basic"`, `"forms"`, …).
    fn scheme(&self) -> &'static str;

    /// The user name, for messages (never the password).
    fn user(&self) -> Option<&str>;

    /// Before the operation's request: send something first, or go ahead.
    fn prepare(&mut self, base: &Url) -> Result<AuthStep, AuthError>;

    /// The response to a request returned by [`prepare`](Auth::prepare).
    fn on_auth_response(
        &mut self,
        base: &Url,
        request: &Request<()>,
        response: &Response<Vec<u8>>,
    ) -> Result<(), AuthError> {
        let _ = (base, request, response);
        Ok(())
    }

    /// Adds credentials (headers, cookies) to the operation's request.
    fn authorize(&mut self, request: &mut Request<Vec<u8>>) -> Result<(), AuthError>;

    /// Judges the response to the operation's request.
    fn on_response(&mut self, cx: &AuthContext<'_>) -> Result<Verdict, AuthError>;
}

impl<A: Auth + ?Sized> Auth for Box<A> {
    fn scheme(&self) -> &'static str {
        (**self).scheme()
    }
    fn user(&self) -> Option<&str> {
        (**self).user()
    }
    fn prepare(&mut self, base: &Url) -> Result<AuthStep, AuthError> {
        (**self).prepare(base)
    }
    fn on_auth_response(
        &mut self,
        base: &Url,
        request: &Request<()>,
        response: &Response<Vec<u8>>,
    ) -> Result<(), AuthError> {
        (**self).on_auth_response(base, request, response)
    }
    fn authorize(&mut self, request: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        (**self).authorize(request)
    }
    fn on_response(&mut self, cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        (**self).on_response(cx)
    }
}

/// No authentication: requests go out as built, every response stands.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

impl Auth for NoAuth {
    fn scheme(&self) -> &'static str {
        "none"
    }
    fn user(&self) -> Option<&str> {
        None
    }
    fn prepare(&mut self, _base: &Url) -> Result<AuthStep, AuthError> {
        Ok(AuthStep::Ready)
    }
    fn authorize(&mut self, _request: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        Ok(())
    }
    fn on_response(&mut self, _cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        Ok(Verdict::Accept)
    }
}

// ---- small helpers shared by the built-in schemes ----

/// The media type of a response, lower-cased, without parameters.
pub(crate) fn media_type<B>(response: &Response<B>) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

/// The `Location` of a redirect, resolved against `base`.
pub(crate) fn location<B>(response: &Response<B>, base: &Url) -> Option<String> {
    if !response.status().is_redirection() {
        return None;
    }
    let raw = response.headers().get(LOCATION)?;
    let raw = String::from_utf8_lossy(raw.as_bytes()).into_owned();
    match base.join(raw.trim()) {
        Ok(u) => Some(u.path().to_string()),
        Err(_) => Some(raw.split(['?', '#']).next().unwrap_or("").to_string()),
    }
}

/// The `(name, value)` of each `Set-Cookie` header (attributes dropped).
pub(crate) fn set_cookies<B>(response: &Response<B>) -> Vec<(String, String)> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            let pair = v.split(';').next().unwrap_or("");
            let (name, value) = pair.split_once('=')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            Some((name.to_string(), value.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s:#?}"), "Secret(<redacted>)");
        assert_eq!(s.expose(), "hunter2");
        assert_eq!(Secret::from("a"), Secret::from("a".to_string()));
    }

    #[test]
    fn set_cookie_parsing() -> TestResult {
        let r = Response::builder()
            .header(SET_COOKIE, "sessionid=abc; path=/")
            .header(SET_COOKIE, "cadata=\"x=y\"; HttpOnly")
            .header(SET_COOKIE, "=nameless")
            .header(SET_COOKIE, "novalue")
            .body(())?;
        assert_eq!(
            set_cookies(&r),
            [
                ("sessionid".to_string(), "abc".to_string()),
                ("cadata".to_string(), "\"x=y\"".to_string())
            ]
        );
        Ok(())
    }

    #[test]
    fn location_paths() -> TestResult {
        let base = Url::parse("https://ex.example/")?;
        let r = Response::builder()
            .status(302)
            .header(LOCATION, "/OWA/auth/logon.aspx?reason=2")
            .body(())?;
        assert_eq!(location(&r, &base).as_deref(), Some("/OWA/auth/logon.aspx"));
        let r = Response::builder()
            .status(200)
            .header(LOCATION, "/x")
            .body(())?;
        assert_eq!(location(&r, &base), None);
        Ok(())
    }
}
