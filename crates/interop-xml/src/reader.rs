//! The pull reader and the tree builder on top of it.

use std::sync::Arc;

use quick_xml::XmlVersion;
use quick_xml::events::Event as QEvent;
use quick_xml::name::ResolveResult;

use crate::dom::{Attribute, Element, Name, Node};
use crate::error::{Error, ErrorKind};

/// Bounds on what the reader accepts. Every bound is checked before work proportional to
/// it is done, so a hostile document costs time linear in its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted body, in bytes (default 16 MiB).
    pub max_bytes: usize,
    /// Deepest accepted element nesting (default 64; WebDAV and SOAP need under 12).
    pub max_depth: usize,
    /// Most attributes on one element (default 64).
    pub max_attributes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_attributes: 64,
        }
    }
}

/// One event of the pull reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A start tag (an empty element gives `Start` then `End`).
    Start {
        /// The element's expanded name.
        name: Name,
        /// Its attributes, namespace declarations excluded.
        attrs: Vec<Attribute>,
        /// Byte offset of the tag.
        offset: u64,
    },
    /// Text, accumulated across text, CDATA and references; never empty.
    Text(String),
    /// The end of the innermost open element.
    End,
}

/// A hardened pull reader over a complete UTF-8 body.
///
/// It yields [`Event`]s for the root element and its content, then `None`. Comments,
/// processing instructions and the XML declaration are consumed silently; a `DOCTYPE`
/// is an error.
pub struct Reader<'i> {
    inner: quick_xml::NsReader<&'i [u8]>,
    limits: Limits,
    /// Local names of the open elements plus their index among same-named siblings.
    path: Vec<(NameRef, usize)>,
    /// For each open element, counts of child local names seen so far (for `[n]` in paths).
    sibling_counts: Vec<Vec<(NameRef, usize)>>,
    /// Emptied sibling-count lists kept for reuse: no allocation per element.
    spare: Vec<Vec<(NameRef, usize)>>,
    /// The input (BOM stripped), for names recorded as spans.
    text: &'i str,
    namespaces: Vec<Arc<str>>,
    no_ns: Arc<str>,
    pending_end: bool,
    pending: Option<Event>,
    root_seen: bool,
    done: bool,
    ascii: bool,
}

impl<'i> Reader<'i> {
    /// Prepares to read `input`, checking the size limit and the encoding up front.
    pub fn new(input: &'i [u8], limits: &Limits) -> Result<Self, Error> {
        let at = |kind| Error {
            kind,
            path: "/".into(),
            offset: 0,
        };
        if input.len() > limits.max_bytes {
            return Err(at(ErrorKind::TooLarge {
                size: input.len(),
                limit: limits.max_bytes,
            }));
        }
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let text = match std::str::from_utf8(input) {
            Ok(t) => t,
            Err(e) => {
                return Err(Error {
                    kind: ErrorKind::NotUtf8 {
                        valid_up_to: e.valid_up_to(),
                    },
                    path: "/".into(),
                    offset: e.valid_up_to() as u64,
                });
            }
        };
        let mut inner = quick_xml::NsReader::from_reader(input);
        let config = inner.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        config.trim_text(false);
        Ok(Reader {
            inner,
            limits: *limits,
            path: Vec::new(),
            sibling_counts: vec![Vec::new()],
            spare: Vec::new(),
            text,
            namespaces: Vec::new(),
            no_ns: Arc::from(""),
            pending_end: false,
            pending: None,
            root_seen: false,
            done: false,
            ascii: input.is_ascii(),
        })
    }

    /// Current depth (number of open elements).
    pub fn depth(&self) -> usize {
        self.path.len()
    }

    /// Byte offset the reader has reached.
    pub fn offset(&self) -> u64 {
        self.inner.buffer_position()
    }

    /// The path of open elements, e.g. `/multistatus/response[2]/href`.
    pub fn path(&self) -> String {
        if self.path.is_empty() {
            return "/".into();
        }
        let mut s = String::new();
        for (name, index) in &self.path {
            s.push('/');
            s.push_str(name.as_str(self.text));
            if *index > 1 {
                s.push('[');
                s.push_str(&index.to_string());
                s.push(']');
            }
        }
        s
    }

    fn error(&self, kind: ErrorKind, offset: u64) -> Error {
        Error {
            kind,
            path: self.path(),
            offset,
        }
    }

    fn push_path(&mut self, local: &str) {
        let name = NameRef::new(self.text, local);
        let text = self.text;
        let index = match self.sibling_counts.last_mut() {
            Some(counts) => match counts.iter_mut().find(|(n, _)| n.as_str(text) == local) {
                Some((_, c)) => {
                    *c += 1;
                    *c
                }
                None => {
                    counts.push((name.clone(), 1));
                    1
                }
            },
            None => 1,
        };
        self.path.push((name, index));
        let fresh = self.spare.pop().unwrap_or_default();
        self.sibling_counts.push(fresh);
    }

    fn pop_path(&mut self) {
        self.path.pop();
        if let Some(mut v) = self.sibling_counts.pop() {
            v.clear();
            self.spare.push(v);
        }
    }

    fn map_qx(&self, e: quick_xml::Error) -> Error {
        let offset = self.inner.error_position();
        let kind = match e {
            quick_xml::Error::Namespace(n) => ErrorKind::Syntax(n.to_string()),
            quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(name)) => {
                ErrorKind::UnexpectedEof(name)
            }
            quick_xml::Error::Syntax(s) => match self.path.last() {
                Some((name, _))
                    if s.to_string().contains("end of") || s.to_string().contains("EOF") =>
                {
                    let _ = s;
                    ErrorKind::UnexpectedEof(name.as_str(self.text).to_string())
                }
                _ => ErrorKind::Syntax(s.to_string()),
            },
            other => ErrorKind::Syntax(other.to_string()),
        };
        self.error(kind, offset)
    }

    /// The next event, or `None` after the root element has ended and only
    /// comments, processing instructions or whitespace follow.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<Event, Error>> {
        if self.pending_end {
            self.pending_end = false;
            self.pop_path();
        }
        let r = match self.pending.take() {
            Some(ev) => Ok(Some(ev)),
            None if self.done => return None,
            None => self.next_inner(),
        };
        match r {
            Ok(Some(ev)) => {
                if ev == Event::End {
                    self.pending_end = true;
                }
                Some(Ok(ev))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                self.pending = None;
                Some(Err(e))
            }
        }
    }

    fn next_inner(&mut self) -> Result<Option<Event>, Error> {
        let mut text: Option<String> = None;
        loop {
            let offset = self.inner.buffer_position();
            let event = match self.inner.read_event() {
                Ok(x) => x,
                Err(e) => return Err(self.map_qx(e)),
            };
            // Outside the root element only markup without content is allowed.
            let in_root = !self.path.is_empty();
            match event {
                QEvent::Text(t) => {
                    let s = t.xml10_content();
                    if !in_root {
                        if s.trim_matches(|c: char| c.is_ascii_whitespace()).is_empty() {
                            continue;
                        }
                        let kind = if self.root_seen {
                            ErrorKind::TrailingContent
                        } else {
                            ErrorKind::Syntax("text before the root element".into())
                        };
                        return Err(self.error(kind, offset));
                    }
                    if let Some(code) = first_non_xml_char(&s) {
                        return Err(self.error(
                            ErrorKind::Syntax(format!("character U+{code:04X} not allowed in XML")),
                            offset,
                        ));
                    }
                    if !s.is_empty() {
                        text.get_or_insert_with(String::new).push_str(&s);
                    }
                }
                QEvent::CData(c) => {
                    if !in_root {
                        return Err(self.error(
                            ErrorKind::Syntax("CDATA outside the root element".into()),
                            offset,
                        ));
                    }
                    let s = c.xml10_content();
                    if let Some(bad) = s.chars().find(|c| !crate::is_xml_char(*c)) {
                        return Err(self.error(
                            ErrorKind::Syntax(format!(
                                "character U+{:04X} not allowed in XML",
                                bad as u32
                            )),
                            offset,
                        ));
                    }
                    text.get_or_insert_with(String::new).push_str(&s);
                }
                QEvent::GeneralRef(r) => {
                    if !in_root {
                        return Err(self.error(
                            ErrorKind::Syntax("reference outside the root element".into()),
                            offset,
                        ));
                    }
                    let name: &str = &r;
                    let buf = text.get_or_insert_with(String::new);
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) if crate::is_xml_char(c) => buf.push(c),
                            _ => {
                                return Err(
                                    self.error(ErrorKind::InvalidCharRef(name.to_string()), offset)
                                );
                            }
                        }
                    } else {
                        match name {
                            "lt" => buf.push('<'),
                            "gt" => buf.push('>'),
                            "amp" => buf.push('&'),
                            "apos" => buf.push('\''),
                            "quot" => buf.push('"'),
                            _ => {
                                return Err(
                                    self.error(ErrorKind::UnknownEntity(name.to_string()), offset)
                                );
                            }
                        }
                    }
                }
                QEvent::Start(start) => {
                    if let Some(t) = text.take() {
                        // Deliver the text first; re-reading the start tag is not possible,
                        // so build the event now and keep it pending.
                        let ev = self.start_event(&start, offset)?;
                        self.pending = Some(ev);
                        return Ok(Some(Event::Text(t)));
                    }
                    let ev = self.start_event(&start, offset)?;
                    return Ok(Some(ev));
                }
                QEvent::End(_) => {
                    if let Some(t) = text.take() {
                        self.pending = Some(Event::End);
                        return Ok(Some(Event::Text(t)));
                    }
                    return Ok(Some(Event::End));
                }
                QEvent::Empty(_) => {
                    // expand_empty_elements is on: never produced.
                    return Err(self.error(
                        ErrorKind::Syntax("unexpected empty-element event".into()),
                        offset,
                    ));
                }
                QEvent::DocType(_) => return Err(self.error(ErrorKind::Doctype, offset)),
                QEvent::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.to_ascii_lowercase();
                        let ok = matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
                        if !ok && !self.ascii {
                            return Err(self.error(ErrorKind::UnsupportedEncoding(enc), offset));
                        }
                    }
                }
                QEvent::PI(_) | QEvent::Comment(_) => {}
                QEvent::Eof => {
                    if let Some((name, _)) = self.path.last() {
                        let name = name.as_str(self.text).to_string();
                        return Err(self.error(ErrorKind::UnexpectedEof(name), offset));
                    }
                    if !self.root_seen {
                        return Err(self.error(ErrorKind::NoRootElement, offset));
                    }
                    return Ok(None);
                }
            }
        }
    }
}

impl Reader<'_> {
    fn start_event(
        &mut self,
        start: &quick_xml::events::BytesStart<'_>,
        offset: u64,
    ) -> Result<Event, Error> {
        if self.path.is_empty() && self.root_seen {
            return Err(self.error(ErrorKind::TrailingContent, offset));
        }
        if self.path.len() >= self.limits.max_depth {
            return Err(self.error(
                ErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
                offset,
            ));
        }
        self.root_seen = true;
        let ns = {
            let (r, _) = self.inner.resolver().resolve_element(start.name());
            intern(&mut self.namespaces, &self.no_ns, r)
        };
        let ns = match ns {
            Ok(ns) => ns,
            Err(kind) => return Err(self.error(kind, offset)),
        };
        let local_name = start.local_name();
        let local: &str = local_name.as_ref();
        let name = Name::with_shared_ns(ns, local);
        self.push_path(local);
        let mut attrs = Vec::new();
        for a in start.attributes().with_checks(true) {
            let a = match a {
                Ok(a) => a,
                Err(e) => return Err(self.error(ErrorKind::Syntax(e.to_string()), offset)),
            };
            let key: &str = a.key.as_ref();
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            if attrs.len() >= self.limits.max_attributes {
                return Err(self.error(
                    ErrorKind::TooManyAttributes {
                        limit: self.limits.max_attributes,
                    },
                    offset,
                ));
            }
            let (r, local) = self.inner.resolver().resolve_attribute(a.key);
            let ns = match intern(&mut self.namespaces, &self.no_ns, r) {
                Ok(ns) => ns,
                Err(kind) => return Err(self.error(kind, offset)),
            };
            let local: &str = local.as_ref();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(e) => {
                    let kind = match e {
                        quick_xml::Error::Escape(
                            quick_xml::escape::EscapeError::UnrecognizedEntity(_, name),
                        ) => ErrorKind::UnknownEntity(name),
                        other => ErrorKind::Syntax(format!("attribute {key}: {other}")),
                    };
                    return Err(self.error(kind, offset));
                }
            };
            if let Some(bad) = value.chars().find(|c| !crate::is_xml_char(*c)) {
                return Err(self.error(
                    ErrorKind::InvalidCharRef(format!("#x{:X}", bad as u32)),
                    offset,
                ));
            }
            attrs.push(Attribute {
                name: Name::with_shared_ns(ns, local),
                value,
            });
        }
        Ok(Event::Start {
            name,
            attrs,
            offset,
        })
    }
}

/// Parses a whole document into its root [`Element`].
///
/// Whitespace-only text between child elements is dropped; see the crate docs.
pub fn parse(input: &[u8], limits: &Limits) -> Result<Element, Error> {
    let mut reader = Reader::new(input, limits)?;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    while let Some(ev) = reader.next() {
        match ev? {
            Event::Start {
                name,
                attrs,
                offset,
            } => stack.push(Element {
                name,
                attrs,
                children: Vec::new(),
                offset,
            }),
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(t));
                }
            }
            Event::End => {
                let Some(mut el) = stack.pop() else {
                    continue;
                };
                if el.children.len() > 1 && el.has_element_children() {
                    el.children.retain(|n| match n {
                        Node::Text(t) => !t.chars().all(|c| c.is_ascii_whitespace()),
                        Node::Element(_) => true,
                    });
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
        }
    }
    root.ok_or(Error {
        kind: ErrorKind::NoRootElement,
        path: "/".into(),
        offset: input.len() as u64,
    })
}

/// Maps a resolved namespace onto a shared string, reusing the ones already seen.
fn intern(
    namespaces: &mut Vec<Arc<str>>,
    no_ns: &Arc<str>,
    r: ResolveResult<'_>,
) -> Result<Arc<str>, ErrorKind> {
    let ns = match r {
        ResolveResult::Unbound => return Ok(no_ns.clone()),
        ResolveResult::Bound(ns) => ns.0,
        ResolveResult::Unknown(p) => return Err(ErrorKind::UnboundPrefix(p)),
    };
    if ns.is_empty() {
        return Ok(no_ns.clone());
    }
    if let Some(a) = namespaces.iter().rev().find(|a| &***a == ns) {
        return Ok(a.clone());
    }
    if !crate::is_writable_namespace(ns) {
        // quick-xml hands namespace names over unescaped; a reference (or a quote or a
        // control character) in one would make the name differ between readers. No real
        // WebDAV or SOAP peer writes one.
        return Err(ErrorKind::Syntax(format!(
            "unsupported namespace name {ns:?}"
        )));
    }
    let a: Arc<str> = Arc::from(ns);
    namespaces.push(a.clone());
    Ok(a)
}

/// The first character XML 1.0 does not allow, found with a byte scan (the text is UTF-8).
fn first_non_xml_char(s: &str) -> Option<u32> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' {
            return Some(u32::from(b));
        }
        if b == 0xEF
            && bytes.get(i + 1) == Some(&0xBF)
            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        {
            return s[i..].chars().next().map(|c| c as u32);
        }
    }
    None
}

/// A local name on the element path: a span of the input when the name borrows from it
/// (the usual case, no allocation), else an owned copy.
#[derive(Clone)]
enum NameRef {
    Span(usize, usize),
    Owned(Box<str>),
}

impl NameRef {
    fn new(input: &str, name: &str) -> Self {
        let start = (name.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
        match start.checked_add(name.len()) {
            Some(end) if end <= input.len() && input.get(start..end) == Some(name) => {
                NameRef::Span(start, end)
            }
            _ => NameRef::Owned(Box::from(name)),
        }
    }

    fn as_str<'a>(&'a self, input: &'a str) -> &'a str {
        match self {
            NameRef::Span(a, b) => input.get(*a..*b).unwrap_or(""),
            NameRef::Owned(s) => s,
        }
    }
}
