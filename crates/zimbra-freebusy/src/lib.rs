//! Zimbra SOAP free/busy, working hours, faults and GAL, in XML and JSON.
//!
//! Typed messages (`GetFreeBusyRequest`, `GetFreeBusyResponse`, working hours, GAL, SOAP
//! faults and envelopes with the `urn:zimbra` context header) and two encodings of each,
//! XML ([`XmlCodec`]) and Zimbra's JSON ([`JsonCodec`]), both round-tripping:
//! `decode(encode(x)) == x`.
//!
//! ```
//! use zimbra_freebusy::{decode, GetFreeBusyResponse, JsonCodec, XmlCodec};
//! use freebusy_types::Status;
//!
//! // A response as Zimbra sends it (any prefixes; names are matched on namespace URI).
//! let xml = br#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">
//!   <soap:Body>
//!     <GetFreeBusyResponse xmlns="urn:zimbraMail">
//!       <usr id="user1@example.com">
//!         <f s="1199264400000" e="1199295000000"/>
//!         <b s="1199295000000" e="1199296800000"/>
//!         <f s="1199296800000" e="1199350800000"/>
//!       </usr>
//!     </GetFreeBusyResponse>
//!   </soap:Body>
//! </soap:Envelope>"#;
//! let response: GetFreeBusyResponse = decode(xml)?;
//! let user = &response.users[0];
//! assert_eq!(user.intervals[1].status, Status::Busy);
//!
//! // Non-free time in the shared interval vocabulary.
//! let busy = user.non_free()?;
//! assert_eq!(serde_json::to_string(&busy)?,
//!     r#"[{"status":"busy","start":"2008-01-02T17:30:00Z","end":"2008-01-02T18:00:00Z"}]"#);
//!
//! // The same message in Zimbra's JSON form, and back.
//! let json = response.to_json_string()?;
//! assert!(json.starts_with(r#"{"_jsns":"urn:zimbraMail","usr":[{"#));
//! assert_eq!(GetFreeBusyResponse::from_json_bytes(json.as_bytes())?, response);
//! assert_eq!(GetFreeBusyResponse::from_xml_bytes(response.to_xml()?.as_bytes())?, response);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Faults
//!
//! A SOAP fault (1.2 `Code/Value`, `Reason/Text`, `Detail/Error/Code`; 1.1 `faultcode`,
//! `faultstring`, `detail`; or the JSON shape) decodes to [`Fault`]; [`decode`] returns it
//! as [`DecodeError::Fault`] so callers can match on [`ErrorCode`]:
//!
//! ```
//! use zimbra_freebusy::{decode, DecodeError, ErrorCode, GetFreeBusyResponse};
//!
//! let json = br#"{"Body":{"Fault":{"Code":{"Value":"soap:Sender"},
//!   "Reason":{"Text":"no such account: x@example.com"},
//!   "Detail":{"Error":{"_jsns":"urn:zimbra","Code":"account.NO_SUCH_ACCOUNT"}}}}}"#;
//! match decode::<GetFreeBusyResponse>(json) {
//!     Err(DecodeError::Fault(f)) => assert_eq!(f.error_code(), Some(&ErrorCode::NoSuchAccount)),
//!     other => panic!("expected a fault, got {other:?}"),
//! }
//! ```
//!
//! # Validation
//!
//! Requests are validated as Zimbra does when decoded (`e > s`, at most 200 days, at least
//! one user, every `usr` with `id` or `name`). Responses are decoded structurally (times are
//! non-negative integers, `e > s`, interval elements are `f`, `b`, `t`, `u` (`o` read as
//! `u`) or `n`); [`GetFreeBusyResponse::validated`] then checks them against the requested
//! range in [`Validation::Strict`] mode, or normalizes them in [`Validation::Lenient`] mode.
//!
//! # Configuration
//!
//! [`config`] models the Exchange interop attributes Zimbra keeps (`zimbraFreebusyExchange*`),
//! parsed from `zmprov` output and resolved account → domain → global config.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod codec;
pub mod config;
mod error;
mod fast;
mod freebusy;
mod fuzz;
mod gal;
mod loc;
mod soap;

pub use codec::{JsonCodec, XmlCodec, limits};
pub use error::{At, DecodeError, EncodeError, ValidationError};
pub use freebusy::{
    GetFreeBusyRequest, GetFreeBusyResponse, GetWorkingHoursRequest, GetWorkingHoursResponse,
    IntervalDetails, MAX_RANGE_DAYS, MS_PER_DAY, TimeRange, UserFreeBusy, UserSpec, Validation,
    ZimbraInterval, status_element, status_from_element,
};
pub use fuzz::fuzz_decode;
pub use gal::{
    AutoCompleteGalRequest, AutoCompleteGalResponse, GalAttrs, GalContact, GalSearchType,
    SearchGalRequest, SearchGalResponse,
};
pub use soap::{
    AccountBy, AccountSelector, Context, Envelope, ErrorCode, Fault, FaultArg, FaultCode,
    FaultDetail, Format, Message, Session, SoapVersion, UserAgent, ZimbraMessage, decode,
    decode_envelope, detect_format,
};

/// Namespace URIs.
pub mod ns {
    /// SOAP 1.2 envelope.
    pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
    /// SOAP 1.1 envelope.
    pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    /// Zimbra's global namespace: the context header and `Detail/Error`.
    pub const ZIMBRA: &str = "urn:zimbra";
    /// Mail and calendar: free/busy and working hours.
    pub const MAIL: &str = "urn:zimbraMail";
    /// Account: GAL.
    pub const ACCOUNT: &str = "urn:zimbraAccount";
    /// The `_jsns` of a JSON envelope.
    pub const SOAP_JSON: &str = "urn:zimbraSoap";
}

/// The crate's README, compiled as doctests so its examples stay correct.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
