//! The pure conversion core between every free/busy format.
//!
//! One canonical model, [`Timeline`]: free/busy over a half-open UTC range as a normalized
//! step function of the five statuses. Every format converts to and from it, and the two
//! flows of a Zimbra/Exchange mixed deployment are single calls on top:
//!
//! - **lookup** ([`exchange_user_as_zimbra`]): an Exchange user's message or raster as the
//!   complete `usr` Zimbra's `GetFreeBusyResponse` carries;
//! - **replication** ([`zimbra_user_as_exchange`]): a Zimbra user's answer as the Exchange
//!   message to publish for a [`PublishWindow`] and `now`.
//!
//! No I/O, no clock, no global state: time is always a parameter.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use exchange_freebusy::address::LegacyDn;
//! use freebusy_core::{PublishWindow, exchange, zimbra_user_as_exchange};
//! use freebusy_types::Status;
//! use zimbra_freebusy::{UserFreeBusy, ZimbraInterval};
//!
//! let now = Utc.with_ymd_and_hms(2008, 1, 2, 12, 0, 0).single().ok_or("invalid date")?;
//! let window = PublishWindow::zimbra_default().window(now, &Utc)?;
//! // Zimbra's answer: free, then busy 2008-01-02 17:30-18:00Z, then free.
//! let (s, e) = (window.start_millis(), window.end_millis());
//! let (b0, b1) = (1_199_295_000_000, 1_199_296_800_000);
//! let user = UserFreeBusy {
//!     id: "phoney@example.org".into(),
//!     intervals: vec![
//!         ZimbraInterval::new(Status::Free, s, b0),
//!         ZimbraInterval::new(Status::Busy, b0, b1),
//!         ZimbraInterval::new(Status::Free, b1, e),
//!     ],
//! };
//! let dn = LegacyDn::parse("/o=Example/ou=First Administrative Group/cn=Recipients/cn=phoney")?;
//! let (message, report) = zimbra_user_as_exchange(&user, window, &dn, now)?;
//! assert!(report.is_exact());
//! // Read back, the message says the same thing.
//! let back = exchange::to_timeline(&message, window);
//! assert_eq!(back.intervals_of(Status::Busy).count(), 1);
//! assert_eq!(freebusy_core::zimbra::from_timeline(&user.id, &back), user);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What each conversion loses
//!
//! This table is the one place the losses are written down; each function's documentation
//! points here.
//!
//! | conversion | exact? | what is lost or changed |
//! |---|---|---|
//! | Zimbra `usr` → timeline ([`zimbra::to_timeline`]) | yes, ms | interval details (subject, event id, ...); overlaps resolved busiest-first; gaps become the status the caller names |
//! | timeline → Zimbra `usr` ([`zimbra::from_timeline`]) | yes | nothing: one interval per segment, free and no-data (`n`) included |
//! | Exchange message → timeline ([`exchange::to_timeline`]) | minutes | outside the publish range: no-data; the merged pair is read only when no per-status pair is present (as busy); a block ending at a month's last minute (`L − 1`) reads as running to the month's end (GCC writes month ends that way, wire-formats 2.2), so an event that really ends at 23:59 UTC on a month's last day comes back one minute longer |
//! | timeline → Exchange message ([`exchange::from_timeline`]) | minutes | boundaries widened outward to whole minutes (busy time never shrinks); leading/trailing no-data shrink the publish range; interior no-data cannot be written and shows as free in Exchange: listed in [`ExchangeReport`] |
//! | raster → timeline ([`Raster::to_timeline`]) | yes, slots | past the raster's end: no-data |
//! | timeline → raster ([`Raster::from_timeline`]) | slots | each slot the busiest status it touches (EWS's "highest number"); a slot past the timeline is no-data |
//!
//! Where local time matters (the publish window cut at local midnight, working hours),
//! [`PublishWindow::window`] and [`WorkingHours::windows`] take a [`chrono::TimeZone`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod error;
pub mod exchange;
mod flows;
#[doc(hidden)]
pub mod fuzz;
pub mod raster;
mod timeline;
mod window;
pub mod zimbra;

pub use error::ConversionError;
pub use exchange::ExchangeReport;
pub use flows::{ExchangeAnswer, exchange_user_as_zimbra, zimbra_user_as_exchange};
pub use fuzz::fuzz_convert;
pub use raster::Raster;
pub use timeline::Timeline;
pub use window::{PublishWindow, WorkingHours, local_midnight};

/// The crate's README, compiled as doctests so its examples stay correct.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
