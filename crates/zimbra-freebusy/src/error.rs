//! Errors: decoding, validation and encoding.

use std::fmt;

use crate::soap::Fault;

/// Where a problem was found: the element path (local names, `usr` elements named by
/// their id), the byte offset of the element's start tag for XML, and the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// Path of the element, e.g. `/Envelope/Body/GetFreeBusyResponse/usr[2][id=a@x]/b[3]`.
    pub path: String,
    /// Byte offset of the element's start tag (XML only).
    pub offset: Option<u64>,
    /// The `usr` the element belongs to, when it has an id or name.
    pub user: Option<String>,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(o) = self.offset {
            write!(f, " (byte {o})")?;
        }
        Ok(())
    }
}

/// Why a document could not be decoded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes start with neither `<` (XML) nor `{` (JSON).
    #[error("neither XML nor JSON: the document must start with '<' or '{{'")]
    UnknownFormat,
    /// The XML reader refused the document (malformed, DOCTYPE, too large, too deep, ...).
    #[error("XML: {0}")]
    Xml(#[from] interop_xml::Error),
    /// The JSON is malformed, too large or nested too deep.
    #[error("JSON: {message} (line {line}, column {column})")]
    Json {
        /// What serde_json reported.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON document is larger than the limit.
    #[error("JSON document of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Size of the body.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// An element is in the wrong namespace (XML namespace URI, JSON `_jsns`).
    #[error("{at}: element {element} is in namespace {found:?}, expected {expected:?}")]
    WrongNamespace {
        /// Where.
        at: Box<At>,
        /// Local name of the element.
        element: String,
        /// The namespace required.
        expected: &'static str,
        /// The namespace found.
        found: String,
    },
    /// A different element (or message) was expected here.
    #[error("{at}: expected {expected}, found {found}")]
    UnexpectedElement {
        /// Where.
        at: Box<At>,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A child element that this decoder does not know and may not ignore.
    #[error("{at}: unknown element {name:?}")]
    UnknownElement {
        /// The parent element.
        at: Box<At>,
        /// The unknown element's name.
        name: String,
    },
    /// A required child element is missing.
    #[error("{at}: missing element {name}")]
    MissingElement {
        /// The parent element.
        at: Box<At>,
        /// The missing element's name.
        name: &'static str,
    },
    /// A required attribute is missing.
    #[error("{at}: missing attribute {attribute}")]
    MissingAttribute {
        /// The element.
        at: Box<At>,
        /// The attribute's name.
        attribute: &'static str,
    },
    /// An attribute (or element text) has a value that does not parse.
    #[error("{at}: attribute {attribute} = {value:?}: {reason}")]
    InvalidAttribute {
        /// The element.
        at: Box<At>,
        /// The attribute's name (`#text` for element content).
        attribute: String,
        /// The value as found.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The message is well-formed but breaks a rule (see [`ValidationError`]).
    #[error("{at}: {error}")]
    Invalid {
        /// The message element.
        at: Box<At>,
        /// The rule broken.
        error: ValidationError,
    },
    /// The document is a SOAP fault: the server refused the request.
    #[error("SOAP fault: {0}")]
    Fault(Box<Fault>),
}

impl DecodeError {
    /// The fault, when the document was a SOAP fault.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            DecodeError::Fault(f) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn json(e: &serde_json::Error) -> Self {
        DecodeError::Json {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        }
    }
}

/// A message that decodes but breaks one of Zimbra's rules (request ranges and users) or,
/// in strict mode, the shape a correct response has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// `e` is not after `s`.
    #[error("range end e={end} is not after start s={start}")]
    EmptyRange {
        /// Range start, ms since the epoch.
        start: i64,
        /// Range end, ms since the epoch.
        end: i64,
    },
    /// The range is longer than Zimbra accepts (200 whole days).
    #[error("range s={start} e={end} spans {days} days, more than the maximum of {max} days")]
    RangeTooLong {
        /// Range start.
        start: i64,
        /// Range end.
        end: i64,
        /// Whole days spanned.
        days: i64,
        /// The maximum (200).
        max: i64,
    },
    /// A request names no user at all (no `uid`, `id`, `name` and no `usr`).
    #[error("no user: give at least one of uid, id, name or a usr element")]
    NoUsers,
    /// A `usr` of a request has neither `id` nor `name`.
    #[error("usr #{index} has neither id nor name")]
    UserWithoutIdOrName {
        /// 1-based position among the `usr` elements.
        index: usize,
    },
    /// An interval of a response lies (partly) outside the requested range.
    #[error(
        "user {user:?}: interval #{index} <{element} s={start} e={end}> is outside the range s={range_start} e={range_end}"
    )]
    OutOfRange {
        /// The user.
        user: String,
        /// 1-based position of the interval.
        index: usize,
        /// Element name of the interval (`f`, `b`, `t`, `u`, `n`).
        element: &'static str,
        /// Interval start.
        start: i64,
        /// Interval end.
        end: i64,
        /// Range start.
        range_start: i64,
        /// Range end.
        range_end: i64,
    },
    /// An interval of a response starts before the one preceding it.
    #[error(
        "user {user:?}: interval #{index} <{element} s={start}> starts before interval #{prev_index} (s={prev_start})"
    )]
    Unordered {
        /// The user.
        user: String,
        /// 1-based position of the interval.
        index: usize,
        /// Element name.
        element: &'static str,
        /// Its start.
        start: i64,
        /// 1-based position of the previous interval.
        prev_index: usize,
        /// The previous interval's start.
        prev_start: i64,
    },
    /// Two intervals of a response overlap.
    #[error(
        "user {user:?}: interval #{index} <{element} s={start}> overlaps interval #{prev_index} (e={prev_end})"
    )]
    Overlap {
        /// The user.
        user: String,
        /// 1-based position of the interval.
        index: usize,
        /// Element name.
        element: &'static str,
        /// Its start.
        start: i64,
        /// 1-based position of the previous interval.
        prev_index: usize,
        /// The previous interval's end.
        prev_end: i64,
    },
}

/// Why a value could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The XML writer refused a name or a character.
    #[error("XML: {0}")]
    Xml(#[from] interop_xml::WriteError),
    /// A value cannot be written in this form.
    #[error("{element}/@{attribute}: {value:?}: {reason}")]
    InvalidValue {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
        /// The value.
        value: String,
        /// Why it cannot be written.
        reason: &'static str,
    },
}
