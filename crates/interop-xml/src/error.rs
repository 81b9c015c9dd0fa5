use std::fmt;

/// What went wrong while reading a document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The body is larger than [`crate::Limits::max_bytes`].
    #[error("document of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Size of the body.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Elements nest deeper than [`crate::Limits::max_depth`].
    #[error("elements nest deeper than the limit of {limit}")]
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// An element has more attributes than [`crate::Limits::max_attributes`].
    #[error("element has more than {limit} attributes")]
    TooManyAttributes {
        /// The configured limit.
        limit: usize,
    },
    /// The document has a document type declaration.
    #[error("document type declarations (DOCTYPE) are not accepted")]
    Doctype,
    /// An entity other than `lt`, `gt`, `amp`, `apos`, `quot`.
    #[error("unknown entity &{0};")]
    UnknownEntity(String),
    /// A character reference that is malformed or names a character XML does not allow.
    #[error("invalid character reference &{0};")]
    InvalidCharRef(String),
    /// The body is not UTF-8.
    #[error("body is not UTF-8 (invalid byte at offset {valid_up_to})")]
    NotUtf8 {
        /// Length of the valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The XML declaration names an encoding other than UTF-8 and the body is not ASCII.
    #[error("unsupported document encoding {0:?} (only UTF-8 is accepted)")]
    UnsupportedEncoding(String),
    /// A prefix is used without a declaration in scope.
    #[error("namespace prefix {0:?} is not declared")]
    UnboundPrefix(String),
    /// The body holds no root element.
    #[error("no root element")]
    NoRootElement,
    /// Content follows the root element.
    #[error("content after the root element")]
    TrailingContent,
    /// The document ends inside an element.
    #[error("unexpected end of document inside <{0}>")]
    UnexpectedEof(String),
    /// Any other well-formedness error, as quick-xml reports it.
    #[error("malformed XML: {0}")]
    Syntax(String),
}

/// A reading error: what, where in the element tree, and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Path of local names to the element being read, e.g. `/multistatus/response[2]/href`
    /// (`/` when the error is outside the root element).
    pub path: String,
    /// Byte offset in the input where the problem was found.
    pub offset: u64,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {} (byte {})", self.kind, self.path, self.offset)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
}

/// A writing error: the writer was asked to produce something that is not XML.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// An element or attribute name is not a valid XML name.
    #[error("{0:?} is not a valid XML name")]
    InvalidName(String),
    /// A namespace name holds `&`, `<`, `"` or a character XML cannot carry.
    #[error("{0:?} cannot be written as a namespace name")]
    InvalidNamespace(String),
    /// A namespace prefix is not a valid XML name.
    #[error("{0:?} is not a valid namespace prefix")]
    InvalidPrefix(String),
    /// Text or an attribute value contains a character XML 1.0 cannot carry.
    #[error("character U+{code:04X} cannot be written in XML (in {context})")]
    InvalidChar {
        /// The code point.
        code: u32,
        /// Which element or attribute held it.
        context: String,
    },
    /// An attribute was added after the element's content had started.
    #[error("attribute {0} written after the content of its element")]
    AttributeAfterContent(String),
    /// `end()` without an open element, or content after the root element.
    #[error("unbalanced writer calls: {0}")]
    Unbalanced(&'static str),
    /// `finish()` while elements are still open.
    #[error("{0} element(s) still open at finish")]
    Unclosed(usize),
}
