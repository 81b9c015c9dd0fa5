//! A sans-IO WebDAV client for the free/busy interop: request values that build
//! `http::Request<Vec<u8>>` and read `http::Response<Vec<u8>>`, a lenient multistatus
//! parser, properties kept as exact XML fragments, and resource paths that compare the way
//! servers mean them.
//!
//! Users bring their own HTTP stack; ready transports (blocking `ureq`, async `reqwest`),
//! authentication (Basic, Exchange forms-based) and an in-memory store live behind features
//! so that the protocol code stays pure.
//!
//! ```
//! use webdav::ops::{Operation, PropPatch};
//! use webdav::path::ResourcePath;
//! use webdav::prop::{PropName, Property};
//!
//! const PROPTAG: &str = "http://schemas.microsoft.com/mapi/proptag/";
//! let base = url::Url::parse("http://exchange.example/")?;
//! let path = ResourcePath::from_segments(["public", "SCHEDULE+ FREE BUSY", "x.EML"])?;
//! let op = PropPatch::new(path)
//!     .set(Property::typed(PropName::new(PROPTAG, "x68470003"), "int", "214016160"))
//!     .set(Property::multi_valued(PropName::new(PROPTAG, "x68521102"), "mv.bin.base64", ["", "ugnYCYwKQAs="]))
//!     .remove(PropName::new(PROPTAG, "x68561102"))
//!     .translate_f();
//! let req = op.request(&base)?;
//! assert_eq!(req.uri(), "http://exchange.example/public/SCHEDULE%2B%20FREE%20BUSY/x.EML");
//! let body = String::from_utf8(req.body().clone())?;
//! assert!(body.contains(r#"<e:x68470003 b:dt="int">214016160</e:x68470003>"#));
//! assert!(body.contains(r#"<c:v/><c:v>ugnYCYwKQAs=</c:v>"#));
//! assert!(body.contains(r#"<D:remove><D:prop><e:x68561102/></D:prop></D:remove>"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[cfg(feature = "client")]
pub mod auth;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
pub mod multistatus;
pub mod ops;
pub mod path;
pub mod prop;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "client")]
pub mod trace;
pub mod transport;

#[cfg(feature = "client")]
pub use client::{AsyncClient, Client, ClientError, Session};
pub use error::{Error, PropFailure};
pub use interop_xml::Limits;
pub use multistatus::{DavResponse, Multistatus, PropStat};
pub use ops::{Depth, Operation};
pub use path::ResourcePath;
pub use prop::{PropName, Property};

/// The WebDAV namespace.
pub const DAV: &str = "DAV:";

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
