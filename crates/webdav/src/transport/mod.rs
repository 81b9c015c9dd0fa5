//! The small I/O boundary: something that sends one `http::Request<Vec<u8>>` and returns the
//! `http::Response<Vec<u8>>`, blocking ([`Transport`]) or async ([`AsyncTransport`]).
//!
//! A transport does no WebDAV and no authentication: it sends exactly the request it is
//! given (redirects are *not* followed: a 3xx is returned as the response, so the caller
//! sees a redirect to a logon page), reads the body with a cap, and enforces timeouts.

use std::future::Future;
use std::time::Duration;

use http::{Request, Response};

#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(any(feature = "ureq", feature = "reqwest"))]
mod shared;
#[cfg(feature = "ureq")]
pub mod ureq;

#[cfg(feature = "reqwest")]
pub use self::reqwest::ReqwestTransport;
#[cfg(feature = "ureq")]
pub use self::ureq::UreqTransport;

/// Why a request could not be exchanged with the server.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be made (DNS, refused, unreachable).
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL (without credentials).
        url: String,
        /// What the stack said.
        message: String,
    },
    /// A timeout elapsed.
    #[error("timed out talking to {url}")]
    Timeout {
        /// The URL (without credentials).
        url: String,
    },
    /// TLS failed (untrusted certificate, handshake error).
    #[error("TLS with {url}: {message}")]
    Tls {
        /// The URL (without credentials).
        url: String,
        /// What the stack said.
        message: String,
    },
    /// The response body is longer than the configured cap; reading stopped there.
    #[error("response body from {url} exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The URL (without credentials).
        url: String,
        /// The cap.
        limit: usize,
    },
    /// The request cannot be sent by this transport (bad URL, method, header).
    #[error("cannot send request to {url}: {message}")]
    InvalidRequest {
        /// The URL (without credentials).
        url: String,
        /// Why.
        message: String,
    },
    /// Any other I/O or protocol failure.
    #[error("I/O with {url}: {message}")]
    Io {
        /// The URL (without credentials).
        url: String,
        /// What the stack said.
        message: String,
    },
}

/// Trust options for servers with self-signed or private-CA certificates (common on
/// Exchange installations).
#[derive(Clone, Default)]
pub struct TlsOptions {
    /// Extra trusted root certificates, PEM or DER encoded.
    pub extra_roots: Vec<Vec<u8>>,
    /// Accept any certificate, including expired, self-signed and wrong-host ones.
    /// This removes all protection against interception: use only on a test bench.
    pub danger_accept_invalid_certs: bool,
}

impl std::fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsOptions")
            .field("extra_roots", &self.extra_roots.len())
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .finish()
    }
}

/// Settings shared by the ready transports.
#[derive(Clone, Debug)]
pub struct TransportConfig {
    /// Time allowed to establish a connection (default 10 s).
    pub connect_timeout: Duration,
    /// Time allowed for the whole exchange, body included (default 60 s).
    pub timeout: Duration,
    /// Largest response body read, in bytes (default 16 MiB). Reading stops past it.
    pub max_body: usize,
    /// TLS trust options.
    pub tls: TlsOptions,
    /// `User-Agent` sent when the request has none.
    pub user_agent: Option<String>,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_body: 16 * 1024 * 1024,
            tls: TlsOptions::default(),
            user_agent: None,
        }
    }
}

/// Sends one request and returns the response, blocking.
pub trait Transport {
    /// Sends `request` exactly as given; a 3xx is returned, not followed.
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError>;
}

/// Sends one request and returns the response, asynchronously (usable from tokio).
pub trait AsyncTransport {
    /// Sends `request` exactly as given; a 3xx is returned, not followed.
    fn send(
        &self,
        request: Request<Vec<u8>>,
    ) -> impl Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> {
        (**self).send(request)
    }
}

/// The request URL with any user info removed, for messages.
pub fn redacted_url<B>(request: &Request<B>) -> String {
    let uri = request.uri();
    let mut s = String::new();
    if let Some(scheme) = uri.scheme_str() {
        s.push_str(scheme);
        s.push_str("://");
    }
    if let Some(auth) = uri.authority() {
        let a = auth.as_str();
        s.push_str(a.rsplit('@').next().unwrap_or(a));
    }
    s.push_str(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
    s
}
