//! An async [`AsyncTransport`] over [`reqwest`] 0.12 with rustls (feature
//! `reqwest`). Its futures are `Send` and must be polled inside a tokio runtime (current-thread
//! or multi-thread), as for any `reqwest` client.
//!
//! ```no_run
//! use std::time::Duration;
//! use webdav::transport::{AsyncTransport, ReqwestTransport, TransportConfig};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let transport = ReqwestTransport::new(TransportConfig {
//!     connect_timeout: Duration::from_secs(5),
//!     ..TransportConfig::default()
//! })?;
//! let request = http::Request::builder()
//!     .method("PROPFIND")
//!     .uri("https://exchange.example/public/")
//!     .header("Depth", "0")
//!     .body(Vec::new())?;
//! let response = transport.send(request).await?;
//! println!("{}", response.status());
//! # Ok(())
//! # }
//! ```

use std::error::Error as StdError;
use std::io;

use ::reqwest::{Certificate, Client, redirect};
use http::header::{CONTENT_LENGTH, HeaderValue, TRANSFER_ENCODING};
use http::{Method, Request, Response};

use super::shared::{find_rustls, parse_roots, userinfo};
use super::{AsyncTransport, TransportConfig, TransportError, redacted_url};

/// An async transport over a `reqwest` [`Client`] (connection pool, rustls, HTTP/1.1).
///
/// It sends each request exactly as given (any method, including WebDAV's `PROPFIND`,
/// `PROPPATCH`, `MKCOL` and Exchange's `SEARCH`; all headers; the body), never follows
/// redirects, returns every status as a response, and reads the body chunk by chunk up to
/// [`TransportConfig::max_body`], failing with [`TransportError::BodyTooLarge`] as soon as
/// the body goes past it (at once when `Content-Length` already says so).
///
/// `reqwest` adds `Accept: */*` when the request has no `Accept`; the configured
/// [`TransportConfig::user_agent`] is sent when the request has no `User-Agent`. Proxies
/// named in the usual environment variables are used, as `reqwest` does by default.
///
/// Cloning is cheap and clones share the connection pool.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: Client,
    max_body: usize,
}

impl ReqwestTransport {
    /// Builds the transport from `config`.
    ///
    /// Fails with [`TransportError::Tls`] when one of [`TlsOptions::extra_roots`](super::TlsOptions::extra_roots) is neither a
    /// PEM file holding at least one certificate nor a DER certificate, or when the TLS stack
    /// cannot be set up.
    pub fn new(config: TransportConfig) -> Result<Self, TransportError> {
        let mut builder = Client::builder()
            .use_rustls_tls()
            .redirect(redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .danger_accept_invalid_certs(config.tls.danger_accept_invalid_certs);
        for der in parse_roots(&config.tls)? {
            let cert = Certificate::from_der(der.as_ref()).map_err(config_error)?;
            builder = builder.add_root_certificate(cert);
        }
        if let Some(ua) = &config.user_agent {
            builder = builder.user_agent(ua.as_str());
        }
        let client = builder.build().map_err(config_error)?;
        Ok(ReqwestTransport {
            client,
            max_body: config.max_body,
        })
    }

    async fn exchange(
        &self,
        mut request: Request<Vec<u8>>,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let url = redacted_url(&request);
        // hyper announces no length for an empty body; servers such as IIS answer
        // `411 Length Required` to a `PUT`/`POST` without one.
        let method = request.method();
        if request.body().is_empty()
            && (method == Method::POST || method == Method::PUT || method == Method::PATCH)
            && !request.headers().contains_key(CONTENT_LENGTH)
            && !request.headers().contains_key(TRANSFER_ENCODING)
        {
            request
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        let secret = userinfo(&request);
        let secret = secret.as_deref();
        let limit = self.max_body;

        let request =
            ::reqwest::Request::try_from(request).map_err(|e| TransportError::InvalidRequest {
                url: url.clone(),
                message: describe(e, secret),
            })?;
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(|e| map_error(e, &url, secret))?;

        let too_large = || TransportError::BodyTooLarge {
            url: url.clone(),
            limit,
        };
        let announced = response.content_length().unwrap_or(0);
        if usize::try_from(announced).map_or(true, |n| n > limit) {
            return Err(too_large());
        }
        // Pre-allocate what the server announced (already checked against the cap).
        let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| map_error(e, &url, secret))?
        {
            if chunk.len() > limit.saturating_sub(body.len()) {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }

        let mut out = Response::new(body);
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        Ok(out)
    }
}

impl AsyncTransport for ReqwestTransport {
    fn send(
        &self,
        request: Request<Vec<u8>>,
    ) -> impl Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send {
        self.exchange(request)
    }
}

/// A configuration failure, reported as a TLS error (the only configurable part that can
/// fail).
fn config_error(err: ::reqwest::Error) -> TransportError {
    TransportError::Tls {
        url: "(transport configuration)".to_owned(),
        message: describe(err, None),
    }
}

/// The error and its causes, one after the other, without the URL and with the URL's user
/// info (if any) masked.
fn describe(err: ::reqwest::Error, secret: Option<&str>) -> String {
    // reqwest's own message names the URL, credentials included: leave it out.
    let err = err.without_url();
    let mut message = String::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(&err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !message.ends_with(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        current = e.source();
    }
    match secret {
        Some(s) => message.replace(s, "***"),
        None => message,
    }
}

/// Whether a timeout is somewhere in `err`'s chain.
fn has_timeout(err: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::TimedOut {
                return true;
            }
            if let Some(inner) = io.get_ref() {
                current = Some(inner);
                continue;
            }
        }
        current = e.source();
    }
    false
}

fn map_error(err: ::reqwest::Error, url: &str, secret: Option<&str>) -> TransportError {
    let url = url.to_owned();
    if let Some(tls) = find_rustls(&err) {
        let message = tls.to_string();
        return TransportError::Tls {
            url,
            message: match secret {
                Some(s) => message.replace(s, "***"),
                None => message,
            },
        };
    }
    if err.is_timeout() || has_timeout(&err) {
        return TransportError::Timeout { url };
    }
    if err.is_connect() {
        return TransportError::Connect {
            url,
            message: describe(err, secret),
        };
    }
    if err.is_builder() {
        return TransportError::InvalidRequest {
            url,
            message: describe(err, secret),
        };
    }
    TransportError::Io {
        url,
        message: describe(err, secret),
    }
}
