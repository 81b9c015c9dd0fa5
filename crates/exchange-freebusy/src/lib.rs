//! Exchange 2000/2003/2007 free/busy: the public-folder free/busy message (its month and
//! event-block codec, decoding from PROPFIND/SEARCH multistatus answers, encoding as the
//! publishing PROPPATCH), where a user's message lives, and OWA's `Cmd=freebusy` raster.
//! Follows `wire-formats.md` sections 2, 3 and 6.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use exchange_freebusy::address::{LegacyDn, MessageAddress};
//! use exchange_freebusy::{FreeBusyMessage, PublishRange};
//! use freebusy_types::{Status, StatusInterval};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let at = |d, h, m| Utc.with_ymd_and_hms(2008, 1, d, h, m, 0).single().ok_or("time");
//! let dn = LegacyDn::parse("/o=Org/ou=First Administrative Group/cn=Recipients/cn=jdoe")?;
//! let range = PublishRange::covering(at(1, 0, 0)?, at(31, 0, 0)?)?;
//! let busy = StatusInterval::new(Status::Busy, at(2, 17, 30)?, at(2, 18, 0)?)?;
//!
//! // Encode: the PROPPATCH body Exchange stores.
//! let message = FreeBusyMessage::publish(&dn, range, at(1, 12, 0)?, &[busy])?;
//! let base = url::Url::parse("http://exchange.example/")?;
//! let address = MessageAddress::new(&base, &dn)?;
//! let body = message.proppatch(address.item().clone()).body()?;
//! assert!(body.contains(r#"<e:x68531003 b:dt="mv.int"><c:v>32129</c:v></e:x68531003>"#));
//! assert!(body.contains(r#"<D:remove><D:prop><e:x68511003/><e:x68521102/>"#)); // no tentative
//!
//! // Decode: what a PROPFIND of that message answers.
//! let answer = format!(
//!     r#"<a:multistatus xmlns:a="DAV:" xmlns:e="http://schemas.microsoft.com/mapi/proptag/" xmlns:c="xml:">
//!        <a:response><a:href>{}</a:href><a:propstat><a:status>HTTP/1.1 200 OK</a:status><a:prop>
//!        <e:x68470003>214060320</e:x68470003><e:x68480003>214103520</e:x68480003>
//!        <e:x68531003><c:v>32129</c:v></e:x68531003><e:x68541102><c:v>ugnYCQ==</c:v></e:x68541102>
//!        </a:prop></a:propstat></a:response></a:multistatus>"#,
//!     address.url(&base)
//! );
//! let found = FreeBusyMessage::decode_multistatus(answer.as_bytes(), &base)?;
//! assert_eq!(found[0].message.timeline(), [busy]);
//! assert_eq!(found[0].dn(), Some(dn));
//! # Ok(())
//! # }
//! ```
//!
//! # Modules
//!
//! - [`time`]: systime minutes since 1601 and `year * 16 + month` values.
//! - [`blocks`]: per-month event blobs, validation, merging, month splitting and joining.
//! - [`message`]: the typed message ([`FreeBusyMessage`]), decoding and encoding.
//! - [`address`]: legacyExchangeDN, folder, subject and message URL.
//! - [`ops`]: PROPFIND, SEARCH and PROPPATCH request values ([`webdav::Operation`]s).
//! - [`owa`]: the OWA `Cmd=freebusy` URL and answer.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod address;
pub mod blocks;
mod error;
#[doc(hidden)]
pub mod fuzz;
pub mod message;
pub mod ops;
pub mod owa;
pub mod time;

pub use error::{BlockError, DnProblem, Error};
pub use fuzz::{fuzz_blocks, fuzz_message, fuzz_raster};
pub use message::{FoundMessage, FreeBusyMessage, Pair, PublishRange};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
