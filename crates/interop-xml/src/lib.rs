//! Hardened, namespace-aware XML reading and writing on [quick-xml], shared by every
//! free/busy codec of the workspace (WebDAV multistatus, Exchange messages, Zimbra SOAP).
//!
//! ```
//! use interop_xml::{parse, Limits, Writer};
//!
//! // Read: names are matched on namespace URI + local name, never on prefixes.
//! let doc = br#"<a:multistatus xmlns:a="DAV:"><a:response><a:href>/x?a=1&amp;b=&#50;</a:href></a:response></a:multistatus>"#;
//! let root = parse(doc, &Limits::default())?;
//! assert!(root.is("DAV:", "multistatus"));
//! let href = root.child("DAV:", "response").and_then(|r| r.child("DAV:", "href"));
//! assert_eq!(href.map(|h| h.text()).as_deref(), Some("/x?a=1&b=2"));
//!
//! // Write: prefixes declared once, all text escaped.
//! let mut w = Writer::new();
//! w.declare("D", "DAV:");
//! w.start("DAV:", "href").text("a<b & c").end();
//! assert_eq!(w.finish()?, r#"<D:href xmlns:D="DAV:">a&lt;b &amp; c</D:href>"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What the reader refuses
//!
//! * a document type declaration (`<!DOCTYPE`): no DTDs, so no entity expansion attacks;
//! * entities other than the five predefined ones, and character references to characters
//!   XML does not allow;
//! * bodies over [`Limits::max_bytes`], nesting deeper than [`Limits::max_depth`], elements
//!   with more than [`Limits::max_attributes`] attributes;
//! * bytes that are not UTF-8, and a declared encoding other than UTF-8 unless the body is
//!   plain ASCII;
//! * prefixes that are not declared, mismatched end tags, trailing elements after the root.
//!
//! Every [`Error`] carries the path of the element being read (local names, e.g.
//! `/multistatus/response[2]/propstat`) and the byte offset.
//!
//! # Text and whitespace
//!
//! Text is accumulated across quick-xml's `Text`, `CData` and `GeneralRef` events, so
//! `a &amp; b` and `a &#38; b` both read as `a & b`. Whitespace-only text that sits between
//! child elements is formatting and is dropped; text of an element without child elements is
//! kept exactly (so `<v> </v>` keeps its space).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod dom;
mod error;
mod fragment;
mod reader;
mod writer;

pub use dom::{Attribute, Element, Name, Node};
pub use error::{Error, ErrorKind, WriteError};
pub use fragment::{Fragment, FragmentBatch};
pub use reader::{Event, Limits, Reader, StartTag, parse};
pub use writer::Writer;

/// Namespace URIs bound by the XML specification itself.
pub mod ns {
    /// The namespace of the `xml:` prefix (`xml:lang`, `xml:space`).
    pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
    /// The namespace of `xmlns` declarations (never seen as an attribute by callers).
    pub const XMLNS: &str = "http://www.w3.org/2000/xmlns/";
}

/// Whether `name` is a valid XML local name (an NCName): what the writer accepts.
///
/// ```
/// assert!(interop_xml::is_valid_local_name("x68470003"));
/// assert!(!interop_xml::is_valid_local_name("0x68470003"));
/// assert!(!interop_xml::is_valid_local_name("a:b"));
/// ```
pub fn is_valid_local_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let start_ok = |c: char| {
        c.is_ascii_alphabetic() || c == '_' || (c as u32 >= 0xC0 && c != '\u{D7}' && c != '\u{F7}')
    };
    start_ok(first)
        && chars.all(|c| start_ok(c) || c.is_ascii_digit() || c == '-' || c == '.' || c == '\u{B7}')
}

/// Whether `uri` can be a namespace name here: XML characters only, and none of `&`, `<`,
/// `"` (the reader refuses those, since quick-xml does not unescape namespace names), and
/// not the reserved `xmlns` namespace (no element or attribute may be in it).
pub fn is_writable_namespace(uri: &str) -> bool {
    uri != ns::XMLNS
        && !uri
            .chars()
            .any(|c| matches!(c, '&' | '<' | '"') || !is_xml_char(c))
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The fuzzing law, shared by the `xml_roundtrip` fuzz target and the corpus replay test:
/// reading never panics, and a tree that reads and writes reads back equal.
///
/// Returns whether the input parsed. Panics (by assertion) only when the law is broken.
#[doc(hidden)]
#[allow(clippy::panic)]
pub fn fuzz_roundtrip(data: &[u8]) -> bool {
    let limits = Limits {
        max_bytes: 1 << 20,
        ..Limits::default()
    };
    let Ok(tree) = parse(data, &limits) else {
        return false;
    };
    // The flat form holds the same tree, read directly or converted.
    let flat = Fragment::from(&tree);
    if flat.to_element() != tree {
        panic!("fragment changed the tree:\n{tree:?}\n{flat:?}");
    }
    let read = Reader::new(data, &limits).and_then(|mut r| {
        r.next_child()?;
        r.read_fragment()
    });
    match read {
        Ok(f) if f == flat => {}
        other => panic!("read_fragment differs from the tree: {other:?}\n{tree:?}"),
    }
    // The root's children read into one batch are the children, each on its own.
    let mut batch = FragmentBatch::new();
    let batched = Reader::new(data, &limits).and_then(|mut r| {
        r.next_child()?;
        while r.next_child()?.is_some() {
            r.read_fragment_into(&mut batch)?;
        }
        Ok(batch.finish())
    });
    let children: Vec<Fragment> = tree.elements().map(Fragment::from).collect();
    match batched {
        Ok(b) if b == children => {}
        other => panic!("batched fragments differ from the children: {other:?}\n{tree:?}"),
    }
    let mut w = Writer::new();
    w.fragment(&flat);
    if w.finish() != tree.to_xml() {
        panic!("a fragment writes differently from its tree: {tree:?}");
    }
    if let Ok(text) = tree.to_xml() {
        match parse(text.as_bytes(), &limits) {
            Ok(again) => {
                if again != tree {
                    panic!("round trip changed the tree:\n{tree:?}\n{again:?}\nwritten: {text}");
                }
            }
            Err(e) => panic!("written document does not read back: {e}\nwritten: {text}"),
        }
    }
    true
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
