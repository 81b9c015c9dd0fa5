//! The shared free/busy vocabulary: five statuses, UTC intervals and their one JSON form.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use freebusy_types::{overlay, IntervalList, Status, StatusInterval};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2008, 1, 2, h, m, 0).single().ok_or("bad time");
//!
//! // A working day marked free, a tentative meeting, and a busy meeting overlapping it.
//! let inputs = vec![
//!     StatusInterval::new(Status::Free, at(9, 0)?, at(17, 0)?)?,
//!     StatusInterval::new(Status::Tentative, at(10, 0)?, at(11, 0)?)?,
//!     StatusInterval::new(Status::Busy, at(10, 30)?, at(12, 0)?)?,
//! ];
//!
//! // The busiest status wins wherever they overlap.
//! let merged = IntervalList::new(overlay(inputs));
//! assert_eq!(merged.intervals.len(), 4);
//!
//! let json = serde_json::to_string(&merged)?;
//! println!("{json}");
//! assert_eq!(
//!     json,
//!     concat!(
//!         r#"{"intervals":["#,
//!         r#"{"status":"free","start":"2008-01-02T09:00:00Z","end":"2008-01-02T10:00:00Z"},"#,
//!         r#"{"status":"tentative","start":"2008-01-02T10:00:00Z","end":"2008-01-02T10:30:00Z"},"#,
//!         r#"{"status":"busy","start":"2008-01-02T10:30:00Z","end":"2008-01-02T12:00:00Z"},"#,
//!         r#"{"status":"free","start":"2008-01-02T12:00:00Z","end":"2008-01-02T17:00:00Z"}"#,
//!         r#"]}"#,
//!     )
//! );
//! # Ok(())
//! # }
//! ```
//!
//! # Contents
//!
//! - [`Status`]: free, no data, tentative, busy, out of office, ordered by busyness.
//! - [`Interval`]: a non-empty half-open UTC interval `[start, end)`.
//! - [`StatusInterval`]: an interval with its status; its serde form is the one JSON form
//!   `{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}`.
//! - [`IntervalList`]: the `{"intervals":[...]}` wrapper.
//! - [`overlay`] / [`overlay_non_free`]: the one normalization (busiest status wins,
//!   same-status neighbours merge).
//! - [`format_time`] / [`parse_time`]: the text form of instants used in the JSON.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod error;
mod interval;
mod overlay;
mod status;
mod status_interval;

pub use error::{IntervalError, ParseStatusError};
pub use interval::{Interval, format_time, parse_time, time_from_millis};
pub use overlay::{overlay, overlay_non_free};
pub use status::Status;
pub use status_interval::{IntervalList, StatusInterval};

/// The crate's README, compiled as a doctest so its example stays correct.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
