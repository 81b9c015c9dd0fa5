//! The pure conversion core between every free/busy format (issue 5: not built yet).
//!
//! This crate will hold the canonical timeline and the conversions between Zimbra, Exchange
//! and raster forms. Until then it is empty on purpose.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
