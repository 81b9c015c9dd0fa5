//! Pieces both ready transports share: extra trust roots, user-info scrubbing, and finding
//! the rustls error behind a failure.

use std::error::Error as StdError;
use std::io;

use http::Request;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::{TlsOptions, TransportError};

/// Decodes [`TlsOptions::extra_roots`] (each PEM with one or more certificates, or DER) and
/// checks that each certificate can serve as a trust anchor.
pub(super) fn parse_roots(
    options: &TlsOptions,
) -> Result<Vec<CertificateDer<'static>>, TransportError> {
    let bad = |index: usize, message: String| TransportError::Tls {
        url: "(transport configuration)".to_owned(),
        message: format!("extra root certificate #{index}: {message}"),
    };
    let mut out = Vec::new();
    for (index, bytes) in options.extra_roots.iter().enumerate() {
        let found = if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
            let certs = CertificateDer::pem_slice_iter(bytes)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(index, format!("bad PEM: {e}")))?;
            if certs.is_empty() {
                return Err(bad(index, "no CERTIFICATE in the PEM data".to_owned()));
            }
            certs
        } else {
            vec![CertificateDer::from(bytes.clone())]
        };
        for cert in found {
            rustls::RootCertStore::empty()
                .add(cert.clone())
                .map_err(|e| bad(index, format!("not a usable certificate: {e}")))?;
            out.push(cert);
        }
    }
    Ok(out)
}

/// The `user:password` part of the request URL, to scrub from messages.
pub(super) fn userinfo<B>(request: &Request<B>) -> Option<String> {
    let authority = request.uri().authority()?.as_str();
    let (info, _) = authority.rsplit_once('@')?;
    (!info.is_empty()).then(|| info.to_owned())
}

/// The rustls error somewhere in `err`'s chain (looking inside `io::Error`s too).
pub(super) fn find_rustls<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(inner) = e.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            current = Some(inner);
            continue;
        }
        current = e.source();
    }
    None
}
