//! Exchange forms-based authentication (OWA `owaauth.dll`), with session cookies and
//! expired-session detection.

use std::fmt;

use http::header::{CONTENT_TYPE, COOKIE};
use http::{HeaderValue, Method, Request, Response, StatusCode};
use url::Url;
use url::form_urlencoded::byte_serialize;

use super::{
    Auth, AuthContext, AuthError, AuthStep, ExpiryShape, Secret, Verdict, location, media_type,
    set_cookies,
};

/// The login path of Exchange 2003 (the default).
pub const EXCHANGE_2003_LOGIN_PATH: &str = "/exchweb/bin/auth/owaauth.dll";
/// The login path of Exchange 2007.
pub const EXCHANGE_2007_LOGIN_PATH: &str = "/owa/auth/owaauth.dll";
/// The logon pages Exchange redirects to when a login failed or a session expired
/// (2003, 2007), matched case-insensitively at the end of the path.
pub const LOGON_PAGES: [&str; 2] = ["/exchweb/bin/auth/owalogon.asp", "/owa/auth/logon.aspx"];

/// How much of an HTML body is searched for a logon form.
const SNIFF_LIMIT: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    LoggedOut,
    LoginSent,
    LoggedIn,
}

/// The session cookies (names and values, in arrival order). `Debug` hides the values.
#[derive(Clone, Default)]
struct Jar(Vec<(String, Secret)>);

impl Jar {
    fn set(&mut self, name: String, value: String) {
        // An empty value is how servers clear a cookie.
        self.0.retain(|(n, _)| *n != name);
        if !value.is_empty() {
            self.0.push((name, Secret::new(value)));
        }
    }

    fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    fn header(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(n, v)| format!("{n}={}", v.expose()))
            .collect();
        Some(parts.join("; "))
    }
}

impl fmt::Debug for Jar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(n, _)| format!("{n}=<redacted>")))
            .finish()
    }
}

/// Exchange forms-based authentication.
///
/// Logs in once by POSTing the OWA login form to the login path (default
/// [`EXCHANGE_2003_LOGIN_PATH`], appended to the base URL's path), keeps every cookie the
/// server sets and sends them back on each request. A login shows as failed when the answer
/// sets no `cadata` cookie or redirects back to the logon page. A session shows as expired
/// by a `440 Login Timeout`, a redirect to the logon page, or a `200` HTML logon page where
/// XML was expected; then it logs in again once and the operation is sent again once; a
/// second expiry is [`AuthError::SessionExpired`].
///
/// Cookies are not scoped by domain or path: a session talks to one server.
///
/// ```
/// use webdav::auth::{FormsAuth, Secret};
///
/// let auth = FormsAuth::new("jdoe", Secret::new("pa ss&word"));
/// let base = url::Url::parse("https://exchange.example/")?;
/// let login = auth.login_request(&base)?;
/// assert_eq!(login.uri(), "https://exchange.example/exchweb/bin/auth/owaauth.dll");
/// assert_eq!(
///     String::from_utf8(login.body().clone())?,
///     "destination=https%3A%2F%2Fexchange.example%2F&username=jdoe&password=pa+ss%26word\
///      &flags=0&SubmitCreds=Log+On&trusted=0"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct FormsAuth {
    user: String,
    password: Secret,
    login_path: String,
    destination: Option<String>,
    logon_pages: Vec<String>,
    jar: Jar,
    state: State,
    logins: u64,
}

impl FormsAuth {
    /// Forms auth as `user` (as typed at the OWA logon page, e.g. `DOMAIN\user`).
    pub fn new(user: impl Into<String>, password: Secret) -> Self {
        FormsAuth {
            user: user.into(),
            password,
            login_path: EXCHANGE_2003_LOGIN_PATH.to_string(),
            destination: None,
            logon_pages: LOGON_PAGES.iter().map(|p| p.to_string()).collect(),
            jar: Jar::default(),
            state: State::LoggedOut,
            logins: 0,
        }
    }

    /// Replaces the login path (appended to the base URL's path), e.g.
    /// [`super::EXCHANGE_2007_LOGIN_PATH`]. An absolute `http(s)://` URL is used as is.
    pub fn login_path(mut self, path: impl Into<String>) -> Self {
        self.login_path = path.into();
        self
    }

    /// Replaces the `destination` field of the form (default: the base URL).
    pub fn destination(mut self, url: impl Into<String>) -> Self {
        self.destination = Some(url.into());
        self
    }

    /// Adds a logon page path (matched case-insensitively at the end of a redirect's path).
    pub fn logon_page(mut self, path: impl Into<String>) -> Self {
        self.logon_pages.push(path.into());
        self
    }

    /// How many successful logins this auth has made.
    pub fn logins(&self) -> u64 {
        self.logins
    }

    /// Whether a session is established.
    pub fn is_logged_in(&self) -> bool {
        self.state == State::LoggedIn
    }

    /// The login URL for `base`.
    pub fn login_url(&self, base: &Url) -> Result<Url, AuthError> {
        let lower = self.login_path.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Url::parse(&self.login_path)
                .map_err(|e| AuthError::Build(format!("login URL {:?}: {e}", self.login_path)));
        }
        let mut url = base.clone();
        let _ = url.set_username("");
        let _ = url.set_password(None);
        let prefix = base.path().trim_end_matches('/');
        let path = self.login_path.trim_start_matches('/');
        url.set_path(&format!("{prefix}/{path}"));
        url.set_query(None);
        url.set_fragment(None);
        Ok(url)
    }

    /// The login request for `base`: a form POST, every value form-encoded.
    pub fn login_request(&self, base: &Url) -> Result<Request<Vec<u8>>, AuthError> {
        let url = self.login_url(base)?;
        let destination = match &self.destination {
            Some(d) => d.clone(),
            None => {
                let mut d = base.clone();
                let _ = d.set_username("");
                let _ = d.set_password(None);
                d.to_string()
            }
        };
        let enc = |s: &str| byte_serialize(s.as_bytes()).collect::<String>();
        let body = format!(
            "destination={}&username={}&password={}&flags=0&SubmitCreds=Log+On&trusted=0",
            enc(&destination),
            enc(&self.user),
            enc(self.password.expose()),
        );
        Request::builder()
            .method(Method::POST)
            .uri(url.as_str())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.into_bytes())
            .map_err(|e| AuthError::Build(format!("login request to {url}: {e}")))
    }

    fn is_logon_page(&self, path: &str) -> bool {
        let path = path.to_ascii_lowercase();
        self.logon_pages
            .iter()
            .any(|p| path.ends_with(&p.to_ascii_lowercase()))
    }

    fn looks_like_logon_form(&self, body: &[u8]) -> bool {
        let head =
            String::from_utf8_lossy(&body[..body.len().min(SNIFF_LIMIT)]).to_ascii_lowercase();
        let login = self.login_path.to_ascii_lowercase();
        let login_file = login.rsplit('/').next().unwrap_or(&login);
        head.contains("owaauth.dll")
            || (!login_file.is_empty() && head.contains(login_file))
            || self.logon_pages.iter().any(|p| {
                let p = p.to_ascii_lowercase();
                head.contains(p.rsplit('/').next().unwrap_or(&p))
            })
    }

    fn expiry(&self, cx: &AuthContext<'_>) -> Option<ExpiryShape> {
        let r = cx.response;
        if r.status().as_u16() == 440 {
            return Some(ExpiryShape::LoginTimeout);
        }
        if let Some(path) = location(r, cx.base)
            && self.is_logon_page(&path)
        {
            return Some(ExpiryShape::RedirectToLogon);
        }
        if r.status() == StatusCode::OK
            && media_type(r) == "text/html"
            && (cx.expects_xml || self.looks_like_logon_form(r.body()))
        {
            return Some(ExpiryShape::HtmlLogonPage);
        }
        None
    }

    fn absorb_cookies<B>(&mut self, response: &Response<B>) {
        for (name, value) in set_cookies(response) {
            self.jar.set(name, value);
        }
    }
}

impl Auth for FormsAuth {
    fn scheme(&self) -> &'static str {
        "forms"
    }

    fn user(&self) -> Option<&str> {
        Some(&self.user)
    }

    fn prepare(&mut self, base: &Url) -> Result<AuthStep, AuthError> {
        if self.state == State::LoggedIn {
            return Ok(AuthStep::Ready);
        }
        let req = self.login_request(base)?;
        self.state = State::LoginSent;
        Ok(AuthStep::Send(req))
    }

    fn on_auth_response(
        &mut self,
        base: &Url,
        request: &Request<()>,
        response: &Response<Vec<u8>>,
    ) -> Result<(), AuthError> {
        // A stale `cadata` of an earlier session must not pass for a fresh one.
        self.jar.remove("cadata");
        self.absorb_cookies(response);
        let url = crate::transport::redacted_url(request);
        let fail = |this: &mut Self, reason: String| {
            this.state = State::LoggedOut;
            this.jar = Jar::default();
            Err(AuthError::LoginFailed {
                user: this.user.clone(),
                url: url.clone(),
                reason,
            })
        };
        if let Some(path) = location(response, base)
            && self.is_logon_page(&path)
        {
            return fail(self, format!("redirected back to the logon page {path}"));
        }
        if !self.jar.has("cadata") {
            return fail(
                self,
                format!(
                    "the answer ({}) set no cadata session cookie",
                    response.status()
                ),
            );
        }
        self.state = State::LoggedIn;
        self.logins += 1;
        Ok(())
    }

    fn authorize(&mut self, request: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        if let Some(cookies) = self.jar.header() {
            let mut value = HeaderValue::from_str(&cookies).map_err(|_| {
                AuthError::Build("session cookies are not a valid header value".into())
            })?;
            value.set_sensitive(true);
            request.headers_mut().insert(COOKIE, value);
        }
        Ok(())
    }

    fn on_response(&mut self, cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        let current = self.jar.header();
        let shape = self.expiry(cx);
        self.absorb_cookies(cx.response);
        let Some(shape) = shape else {
            return Ok(Verdict::Accept);
        };
        if cx.retries > 0 {
            self.state = State::LoggedOut;
            return Err(AuthError::SessionExpired {
                user: self.user.clone(),
                url: cx.url(),
                shape,
            });
        }
        // Another task may have logged in anew since this request went out: then its
        // cookies are already fresh and a retry suffices.
        let sent = cx
            .request
            .headers()
            .get(COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if sent == current || self.state != State::LoggedIn {
            self.state = State::LoggedOut;
        }
        Ok(Verdict::Retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn base() -> Result<Url, url::ParseError> {
        Url::parse("https://ex.example/")
    }

    #[test]
    fn login_url_variants() -> TestResult {
        let a = FormsAuth::new("u", Secret::new("p"));
        assert_eq!(
            a.login_url(&base()?)?.as_str(),
            "https://ex.example/exchweb/bin/auth/owaauth.dll"
        );
        let b = Url::parse("https://u:pw@proxy.example/exchange/")?;
        assert_eq!(
            a.clone()
                .login_path(EXCHANGE_2007_LOGIN_PATH)
                .login_url(&b)?
                .as_str(),
            "https://proxy.example/exchange/owa/auth/owaauth.dll"
        );
        let c = a.login_path("https://other.example/x.dll");
        assert_eq!(
            c.login_url(&base()?)?.as_str(),
            "https://other.example/x.dll"
        );
        Ok(())
    }

    #[test]
    fn every_value_is_form_encoded() -> TestResult {
        let a = FormsAuth::new("DOM\\j doe+x", Secret::new("p&w=d%é"))
            .destination("https://ex.example/public/?a=b");
        let r = a.login_request(&base()?)?;
        assert_eq!(
            r.headers()[CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
        let body = String::from_utf8(r.body().clone())?;
        assert_eq!(
            body,
            "destination=https%3A%2F%2Fex.example%2Fpublic%2F%3Fa%3Db&username=DOM%5Cj+doe%2Bx\
             &password=p%26w%3Dd%25%C3%A9&flags=0&SubmitCreds=Log+On&trusted=0"
        );
        Ok(())
    }

    #[test]
    fn jar_replaces_and_clears() {
        let mut j = Jar::default();
        j.set("sessionid".into(), "1".into());
        j.set("cadata".into(), "2".into());
        j.set("sessionid".into(), "3".into());
        assert_eq!(j.header().as_deref(), Some("cadata=2; sessionid=3"));
        j.set("cadata".into(), String::new());
        assert_eq!(j.header().as_deref(), Some("sessionid=3"));
        assert_eq!(format!("{j:?}"), "[\"sessionid=<redacted>\"]");
    }

    #[test]
    fn logon_page_match_is_case_insensitive() {
        let a = FormsAuth::new("u", Secret::new("p"));
        assert!(a.is_logon_page("/OWA/Auth/Logon.ASPX"));
        assert!(a.is_logon_page("/exchweb/bin/auth/OWALOGON.asp"));
        assert!(!a.is_logon_page("/public/"));
    }
}
