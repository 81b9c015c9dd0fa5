//! Free/busy interoperability between Zimbra and Microsoft Exchange.
//!
//! This facade re-exports the workspace's protocol crates under one name, so an integrator
//! depends on one package and enables the transports they need (`ureq`, `reqwest`) and the
//! in-memory store (`store`, on by default for the examples).
//!
//! | module | crate | what |
//! |---|---|---|
//! | [`types`] | `freebusy-types` | the five statuses, UTC intervals, their JSON form |
//! | [`xml`] | `interop-xml` | the hardened namespace-aware XML reader and writer |
//! | [`webdav`] | `webdav` | the sans-IO WebDAV client, transports, in-memory store |
//! | [`exchange`] | `exchange-freebusy` | Exchange public-folder free/busy messages, OWA rasters |
//! | [`zimbra`] | `zimbra-freebusy` | Zimbra SOAP free/busy, working hours, faults, GAL |
//! | [`core`] | `freebusy-core` | the canonical timeline and every conversion, the two flows |
//!
//! ```
//! use freebusy_interop::types::Status;
//! assert!(Status::OutOfOffice > Status::Busy);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use exchange_freebusy as exchange;
pub use freebusy_core as core;
pub use freebusy_types as types;
pub use interop_xml as xml;
pub use webdav;
pub use zimbra_freebusy as zimbra;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
