//! Free/busy interoperability between Zimbra and Microsoft Exchange.
//!
//! This facade re-exports the workspace's protocol crates under one name, so an integrator
//! depends on one package and enables the transports they need (`ureq`, `reqwest`) and the
//! in-memory store (`store`, on by default for the examples).
//!
//! ```
//! use freebusy_interop::types::Status;
//! assert!(Status::OutOfOffice > Status::Busy);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use freebusy_types as types;
pub use interop_xml as xml;
pub use webdav;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
