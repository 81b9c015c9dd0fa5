//! HTTP Basic authentication (RFC 7617), pre-emptive or on a 401 challenge.

use base64::Engine as _;
use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{HeaderValue, Request, StatusCode};
use url::Url;

use super::{Auth, AuthContext, AuthError, AuthStep, Secret, Verdict};

/// When [`Basic`] sends its credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasicMode {
    /// From the first request on.
    Preemptive,
    /// Only after the server answered `401` with a `Basic` challenge (then on every later
    /// request too, so that each request is not challenged again).
    OnChallenge,
}

/// HTTP Basic authentication.
///
/// A `401` answered to a request that carried the credentials is
/// [`AuthError::Rejected`]; in [`BasicMode::OnChallenge`] the first `401` with
/// `WWW-Authenticate: Basic` leads to one retry with the credentials.
///
/// ```
/// use webdav::auth::{Auth, Basic, Secret};
///
/// let mut auth = Basic::preemptive("jdoe", Secret::new("s3cret"));
/// let mut req = http::Request::new(Vec::new());
/// auth.authorize(&mut req)?;
/// assert_eq!(req.headers()["authorization"], "Basic amRvZTpzM2NyZXQ=");
/// # Ok::<(), webdav::auth::AuthError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Basic {
    user: String,
    password: Secret,
    mode: BasicMode,
    challenged: bool,
}

impl Basic {
    /// Credentials sent from the first request on.
    pub fn preemptive(user: impl Into<String>, password: Secret) -> Self {
        Basic::new(user, password, BasicMode::Preemptive)
    }

    /// Credentials sent once the server asks for them.
    pub fn on_challenge(user: impl Into<String>, password: Secret) -> Self {
        Basic::new(user, password, BasicMode::OnChallenge)
    }

    /// Credentials with the given mode.
    pub fn new(user: impl Into<String>, password: Secret, mode: BasicMode) -> Self {
        Basic {
            user: user.into(),
            password,
            mode,
            challenged: false,
        }
    }

    /// The mode.
    pub fn mode(&self) -> BasicMode {
        self.mode
    }

    fn header(&self) -> Result<HeaderValue, AuthError> {
        if self.user.contains(':') {
            return Err(AuthError::InvalidCredentials {
                user: self.user.clone(),
                reason: "a Basic user name cannot contain ':'".into(),
            });
        }
        let plain = Secret::new(format!("{}:{}", self.user, self.password.expose()));
        let encoded = Secret::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(plain.expose())
        ));
        let mut value =
            HeaderValue::from_str(encoded.expose()).map_err(|_| AuthError::InvalidCredentials {
                user: self.user.clone(),
                reason: "not a valid header value".into(),
            })?;
        value.set_sensitive(true);
        Ok(value)
    }

    fn sends_credentials(&self) -> bool {
        self.mode == BasicMode::Preemptive || self.challenged
    }
}

/// Whether a `WWW-Authenticate` header offers the Basic scheme.
fn offers_basic(values: &[String]) -> bool {
    values.iter().any(|v| {
        v.split(',').any(|part| {
            part.trim_start()
                .split(' ')
                .next()
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic"))
        })
    })
}

impl Auth for Basic {
    fn scheme(&self) -> &'static str {
        "Basic"
    }

    fn user(&self) -> Option<&str> {
        Some(&self.user)
    }

    fn prepare(&mut self, _base: &Url) -> Result<AuthStep, AuthError> {
        Ok(AuthStep::Ready)
    }

    fn authorize(&mut self, request: &mut Request<Vec<u8>>) -> Result<(), AuthError> {
        if self.sends_credentials() {
            let value = self.header()?;
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    fn on_response(&mut self, cx: &AuthContext<'_>) -> Result<Verdict, AuthError> {
        if cx.response.status() != StatusCode::UNAUTHORIZED {
            return Ok(Verdict::Accept);
        }
        let sent = cx.request.headers().contains_key(AUTHORIZATION);
        if sent || cx.retries > 0 {
            return Err(AuthError::Rejected {
                scheme: "Basic",
                user: self.user.clone(),
                url: cx.url(),
                status: cx.response.status(),
            });
        }
        let offered: Vec<String> = cx
            .response
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if offers_basic(&offered) {
            self.challenged = true;
            Ok(Verdict::Retry)
        } else {
            Err(AuthError::UnsupportedChallenge {
                scheme: "Basic",
                user: self.user.clone(),
                url: cx.url(),
                offered: offered.join(", "),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn challenge_parsing() {
        assert!(offers_basic(&["Basic realm=\"x\"".into()]));
        assert!(offers_basic(&["NTLM, basic realm=\"x\"".into()]));
        assert!(offers_basic(&["Negotiate".into(), "BASIC".into()]));
        assert!(!offers_basic(&["Negotiate".into(), "NTLM".into()]));
        assert!(!offers_basic(&[]));
    }

    #[test]
    fn colon_in_user_is_an_error_naming_the_user_only() {
        let mut a = Basic::preemptive("a:b", Secret::new("pw-xyz"));
        let mut req = Request::new(Vec::new());
        let e = a.authorize(&mut req).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("a:b"), "{msg}");
        assert!(!msg.contains("pw-xyz"));
        assert!(!format!("{e:?}").contains("pw-xyz"));
    }

    #[test]
    fn header_is_sensitive() -> TestResult {
        let mut a = Basic::preemptive("u", Secret::new("p"));
        let mut req = Request::new(Vec::new());
        a.authorize(&mut req)?;
        assert!(req.headers()[AUTHORIZATION].is_sensitive());
        assert!(!format!("{:?}", req.headers()).contains("dTpw"));
        Ok(())
    }
}
