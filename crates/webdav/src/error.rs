//! Errors of the sans-IO WebDAV layer.

use std::fmt;

use http::{Method, StatusCode};

use crate::path::PathError;
use crate::prop::PropName;

/// One property a server refused, with the status it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropFailure {
    /// The resource the property belongs to (decoded path).
    pub href: String,
    /// The property.
    pub name: PropName,
    /// The status of its propstat (403, 404, 409, 424, …).
    pub status: StatusCode,
    /// The server's `responsedescription`, if any.
    pub description: Option<String>,
}

impl fmt::Display for PropFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {} ({})", self.name, self.href, self.status)?;
        if let Some(d) = &self.description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong building a request or reading a response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The body is not acceptable XML (malformed, DOCTYPE, too large, too deep, not UTF-8).
    #[error("{context}: {source}")]
    Xml {
        /// Which body (e.g. "multistatus of PROPFIND /x").
        context: String,
        /// The reader's error, with element path and byte offset.
        #[source]
        source: interop_xml::Error,
    },
    /// The body is XML but not the expected WebDAV structure.
    #[error("{context}: {what} (at {path})")]
    Malformed {
        /// Which body.
        context: String,
        /// What is wrong.
        what: String,
        /// Element path, e.g. `/multistatus/response[2]/propstat`.
        path: String,
    },
    /// A `status` element whose text is not an HTTP status line.
    #[error("{context}: status line {line:?} does not parse (at {path})")]
    BadStatusLine {
        /// Which body.
        context: String,
        /// The text found.
        line: String,
        /// Element path.
        path: String,
    },
    /// An href that is not a usable path.
    #[error("{context}: href {href:?}: {source}")]
    Href {
        /// Which body.
        context: String,
        /// The href text.
        href: String,
        /// Why it is unusable.
        #[source]
        source: PathError,
    },
    /// A 207 multistatus without any `response` element.
    #[error("{context}: multistatus holds no response")]
    EmptyMultistatus {
        /// Which body.
        context: String,
    },
    /// The server answered with a status this operation does not accept.
    #[error("{method} {url}: unexpected status {status}{}", snippet_suffix(.body))]
    UnexpectedStatus {
        /// Method of the request.
        method: Method,
        /// Request URL (without credentials).
        url: String,
        /// Status received.
        status: StatusCode,
        /// The start of the body (at most 512 characters, lossily decoded).
        body: String,
    },
    /// XML was expected but something else came (typically an HTML logon page).
    #[error("{method} {url}: expected XML, got {content_type:?}")]
    UnexpectedContent {
        /// Method of the request.
        method: Method,
        /// Request URL.
        url: String,
        /// The Content-Type received (empty when absent).
        content_type: String,
    },
    /// A 207 whose propstats or responses report failures: never a success.
    #[error("{method} {url}: {} failed: {}", plural(.failures.len()), list(.failures))]
    PartialFailure {
        /// Method of the request.
        method: Method,
        /// Request URL.
        url: String,
        /// Each failed property with its status.
        failures: Vec<PropFailure>,
    },
    /// A resource in a multistatus reported a non-success status of its own.
    #[error("{method} {url}: {href} answered {status}")]
    ResourceFailed {
        /// Method of the request.
        method: Method,
        /// Request URL.
        url: String,
        /// The failing resource.
        href: String,
        /// Its status.
        status: StatusCode,
    },
    /// A value cannot be put in a request (invalid header value, name or character).
    #[error("cannot build request: {0}")]
    Build(String),
    /// A property value cannot be written as XML.
    #[error("cannot write request body: {0}")]
    Write(#[from] interop_xml::WriteError),
}

fn snippet_suffix(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 property".into()
    } else {
        format!("{n} properties")
    }
}

fn list(failures: &[PropFailure]) -> String {
    failures
        .iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The start of a body for error messages: at most 512 characters, lossily decoded.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(2048)]);
    let mut s: String = text.chars().take(512).collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s
}
