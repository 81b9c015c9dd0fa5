//! A blocking [`Transport`] over [`ureq`] 3 with rustls (feature `ureq`).
//!
//! ```no_run
//! use std::time::Duration;
//! use webdav::transport::{Transport, TransportConfig, UreqTransport};
//!
//! let transport = UreqTransport::new(TransportConfig {
//!     timeout: Duration::from_secs(30),
//!     user_agent: Some("freebusy-interop".into()),
//!     ..TransportConfig::default()
//! })?;
//! let request = http::Request::builder()
//!     .method("PROPFIND")
//!     .uri("https://exchange.example/public/")
//!     .header("Depth", "0")
//!     .body(Vec::new())?;
//! let response = transport.send(request)?;
//! println!("{}", response.status());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io;
use std::sync::Arc;

use ::ureq::Agent;
use ::ureq::config::AutoHeaderValue;
use ::ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};
use http::{Method, Request, Response};

use super::shared::{find_rustls, parse_roots, userinfo};
use super::{TlsOptions, Transport, TransportConfig, TransportError, redacted_url};

/// A blocking transport over a `ureq` [`Agent`] (connection pool, rustls).
///
/// It sends each request exactly as given (any method, including WebDAV's `PROPFIND`,
/// `PROPPATCH`, `MKCOL` and Exchange's `SEARCH`; all headers; the body), never follows
/// redirects, returns every status as a response, and reads the body up to
/// [`TransportConfig::max_body`], failing with [`TransportError::BodyTooLarge`] as soon as
/// the body goes past it.
///
/// No `Accept`, `Accept-Encoding` or `User-Agent` header is added, except the configured
/// [`TransportConfig::user_agent`] when the request has no `User-Agent`. An HTTP(S) proxy
/// named in the usual environment variables (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, …) is
/// used, as `ureq` does by default.
///
/// Cloning is cheap and clones share the connection pool.
#[derive(Clone)]
pub struct UreqTransport {
    agent: Agent,
    max_body: usize,
}

impl std::fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UreqTransport")
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

impl UreqTransport {
    /// Builds the transport from `config`.
    ///
    /// Fails with [`TransportError::Tls`] when one of
    /// [`TlsOptions::extra_roots`] is neither a PEM file holding at least one certificate nor
    /// a DER certificate.
    pub fn new(config: TransportConfig) -> Result<Self, TransportError> {
        let tls = tls_config(&config.tls)?;
        let user_agent = match &config.user_agent {
            Some(ua) => AutoHeaderValue::Provided(Arc::new(ua.clone())),
            None => AutoHeaderValue::None,
        };
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .allow_non_standard_methods(true)
            .user_agent(user_agent)
            .accept(AutoHeaderValue::None)
            .accept_encoding(AutoHeaderValue::None)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .tls_config(tls)
            .build()
            .new_agent();
        Ok(UreqTransport {
            agent,
            max_body: config.max_body,
        })
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        let url = redacted_url(&request);
        let secret = userinfo(&request);
        let fail = |e: ::ureq::Error| map_error(e, &url, secret.as_deref(), self.max_body);

        // An empty body is sent as no body (no `Content-Length: 0`), except for the methods
        // that always carry one, as other HTTP stacks do.
        let response = if request.body().is_empty() && !needs_body(request.method()) {
            let (parts, _) = request.into_parts();
            self.agent.run(Request::from_parts(parts, ()))
        } else {
            self.agent.run(request)
        }
        .map_err(&fail)?;

        let (parts, mut body) = response.into_parts();
        let limit = u64::try_from(self.max_body).unwrap_or(u64::MAX);
        let bytes = body
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(&fail)?;
        Ok(Response::from_parts(parts, bytes))
    }
}

/// Methods for which an empty body is still announced with `Content-Length: 0`.
fn needs_body(method: &Method) -> bool {
    method == Method::POST || method == Method::PUT || method == Method::PATCH
}

/// Builds ureq's TLS settings: the extra roots are added to Mozilla's root set (ureq can
/// only replace the set, so the set is rebuilt from `webpki-root-certs` plus the extras).
fn tls_config(options: &TlsOptions) -> Result<TlsConfig, TransportError> {
    let mut builder = TlsConfig::builder().provider(TlsProvider::Rustls);
    if options.danger_accept_invalid_certs {
        builder = builder.disable_verification(true);
    }
    if !options.extra_roots.is_empty() {
        let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|c| Certificate::from_der(c.as_ref()))
            .collect();
        for der in parse_roots(options)? {
            certs.push(Certificate::from_der(der.as_ref()).to_owned());
        }
        builder = builder.root_certs(RootCerts::new_with_certs(&certs));
    }
    Ok(builder.build())
}

/// `message` with the URL's user info (if any) masked.
fn scrub(message: String, secret: Option<&str>) -> String {
    match secret {
        Some(s) => message.replace(s, "***"),
        None => message,
    }
}

/// Whether an I/O error means the connection could not be made.
fn is_connect_kind(kind: io::ErrorKind) -> bool {
    use io::ErrorKind::*;
    matches!(
        kind,
        ConnectionRefused
            | AddrNotAvailable
            | NetworkUnreachable
            | HostUnreachable
            | NetworkDown
            | NotFound
    )
}

fn map_error(err: ::ureq::Error, url: &str, secret: Option<&str>, limit: usize) -> TransportError {
    use ::ureq::Error as E;
    let url = url.to_owned();
    let message = |e: &dyn std::fmt::Display| scrub(e.to_string(), secret);
    // ureq's errors name no source: look inside the I/O error itself.
    let tls = match &err {
        E::Io(e) => find_rustls(e),
        E::Rustls(e) => Some(e),
        other => find_rustls(other),
    };
    if let Some(tls) = tls {
        return TransportError::Tls {
            url,
            message: message(tls),
        };
    }
    match err {
        E::Timeout(_) => TransportError::Timeout { url },
        E::BodyExceedsLimit(_) => TransportError::BodyTooLarge { url, limit },
        E::Io(ref e)
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            TransportError::Timeout { url }
        }
        E::Io(ref e) if is_connect_kind(e.kind()) => TransportError::Connect {
            url,
            message: message(e),
        },
        E::HostNotFound | E::ConnectionFailed | E::ConnectProxyFailed(_) | E::InvalidProxyUrl => {
            TransportError::Connect {
                url,
                message: message(&err),
            }
        }
        E::Tls(_) | E::Pem(_) | E::Rustls(_) | E::TlsRequired => TransportError::Tls {
            url,
            message: message(&err),
        },
        E::Http(_) | E::BadUri(_) | E::RequireHttpsOnly(_) => TransportError::InvalidRequest {
            url,
            message: message(&err),
        },
        _ => TransportError::Io {
            url,
            message: message(&err),
        },
    }
}
