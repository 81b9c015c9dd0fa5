//! The pull reader and the tree builder on top of it.
//!
//! The reader borrows: element names are shared [`Name`]s interned once per document,
//! attribute values and text are slices of the input unless references had to be decoded
//! (or text spans several quick-xml events), and nothing is allocated per event in the
//! common case. The tree builder copies only what the tree keeps.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;
use quick_xml::events::Event as QEvent;
use quick_xml::events::attributes::{AttrError, Attribute as QAttribute};
use quick_xml::name::{Namespace, NamespaceError, NamespaceResolver, QName, ResolveResult};

use crate::dom::{Attribute, Element, Name, Node, str_eq};
use crate::error::{Error, ErrorKind};
use crate::fragment::{Fragment, FragmentBatch};

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

/// One event of the pull reader. It borrows from the reader and lives until the next call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'r> {
    /// A start tag (an empty element gives `Start` then `End`).
    Start(StartTag<'r>),
    /// Text, accumulated across text, CDATA and references, with references decoded and
    /// line ends normalized. Never empty, except for an empty CDATA section.
    Text(&'r str),
    /// The end of the innermost open element.
    End,
}

/// One attribute of a start tag as the reader keeps it: the interned name and the value,
/// borrowed from the input unless it had to be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RawAttr<'i> {
    name: u32,
    value: Cow<'i, str>,
}

/// A start tag: the element's name, its attributes (namespace declarations excluded) and
/// its byte offset. Borrowed from the [`Reader`]; copy out what you keep.
#[derive(Clone, Copy)]
pub struct StartTag<'r> {
    name: &'r Name,
    attrs: &'r [RawAttr<'r>],
    names: &'r [Name],
    offset: u64,
}

impl<'r> StartTag<'r> {
    /// The element's expanded name.
    pub fn name(&self) -> &'r Name {
        self.name
    }

    /// Byte offset of the tag.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Number of attributes (namespace declarations excluded).
    pub fn attr_count(&self) -> usize {
        self.attrs.len()
    }

    /// The attributes in document order, values decoded.
    pub fn attrs(&self) -> impl ExactSizeIterator<Item = (&'r Name, &'r str)> + 'r {
        let names = self.names;
        self.attrs
            .iter()
            .map(move |a| (&names[a.name as usize], &*a.value))
    }

    /// The value of attribute `{ns}local` (use `""` for an unprefixed attribute).
    pub fn attr(&self, ns: &str, local: &str) -> Option<&'r str> {
        self.attrs().find(|(n, _)| n.is(ns, local)).map(|(_, v)| v)
    }

    /// The attributes as owned values (no allocation when there is none).
    pub fn to_attributes(&self) -> Vec<Attribute> {
        self.attrs()
            .map(|(name, value)| Attribute {
                name: name.clone(),
                value: value.to_owned(),
            })
            .collect()
    }
}

impl fmt::Debug for StartTag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartTag")
            .field("name", self.name)
            .field("attrs", &self.attrs().collect::<Vec<_>>())
            .field("offset", &self.offset)
            .finish()
    }
}

/// Equal when names, attributes (in order) and offsets are equal.
impl PartialEq for StartTag<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.offset == other.offset && self.attrs().eq(other.attrs())
    }
}
impl Eq for StartTag<'_> {}

/// What the reader is positioned on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Start,
    Text,
    End,
}

/// Text being accumulated across quick-xml events.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Acc {
    None,
    /// One piece, a span of the input.
    Span(usize, usize),
    /// In `Reader::text_buf`.
    Buf,
}

/// An open element on the path: its local name, its index among same-named siblings, and
/// whether it declared namespaces.
#[derive(Clone, Copy)]
struct Open {
    local: u32,
    index: u32,
    declares: bool,
}

/// One entry of a [`NameCache`]: a raw qualified name resolved to local and name ids while
/// the namespace bindings were those of `epoch`.
#[derive(Clone, Copy, Default)]
struct CacheSlot<'i> {
    qname: &'i str,
    epoch: u64,
    local: u32,
    name: u32,
}

/// A direct-mapped cache from raw qualified names to interned names, so a name seen before
/// under the same bindings costs a short comparison (no prefix lookup, no hashing of the
/// namespace). A collision just replaces the entry: the work per name stays bounded
/// whatever the document.
struct NameCache<'i> {
    slots: Vec<CacheSlot<'i>>,
}

/// Slots for a document of `len` bytes: 64 for small ones, up to 256 for large ones (more
/// distinct names, and the table's cost spread over more work).
fn cache_slots(len: usize) -> usize {
    (len / 4096).clamp(64, 256).next_power_of_two()
}

impl<'i> NameCache<'i> {
    fn new(slots: usize) -> Self {
        NameCache {
            slots: vec![CacheSlot::default(); slots.max(1)],
        }
    }

    fn index(&self, qname: &str) -> usize {
        // Names of eight bytes or more hash their first and last eight bytes (two loads, no
        // loop); shorter ones byte by byte. Only speed depends on the spread: a slot is
        // always checked against the name itself.
        let b = qname.as_bytes();
        let word = |i: usize| {
            b.get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                .map_or(0, u64::from_le_bytes)
        };
        let h = if b.len() >= 8 {
            word(0) ^ word(b.len() - 8).rotate_left(23) ^ (b.len() as u64)
        } else {
            b.iter()
                .fold(b.len() as u64, |h, &c| (h << 8) | u64::from(c))
        };
        let h = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 40) as usize % self.slots.len().max(1)
    }

    fn get(&self, qname: &str, epoch: u64) -> Option<(u32, u32)> {
        let slot = self.slots.get(self.index(qname))?;
        (slot.epoch == epoch && str_eq(slot.qname, qname)).then_some((slot.local, slot.name))
    }

    fn put(&mut self, qname: &'i str, epoch: u64, ids: (u32, u32)) {
        let i = self.index(qname);
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = CacheSlot {
                qname,
                epoch,
                local: ids.0,
                name: ids.1,
            };
        }
    }
}

/// The attribute names last seen on elements of one name, by position: most documents
/// repeat an element's attributes in the same order, so this hits with one comparison.
#[derive(Clone, Copy)]
struct AttrSlot<'i> {
    key: &'i str,
    /// Epoch of the resolution; `None` for an unprefixed key, valid under any bindings.
    epoch: Option<u64>,
    name: u32,
}

/// Positions remembered per element name.
const ATTR_SLOTS: usize = 8;

/// A local name and the (namespace id, name id) pairs it occurs in (the first inline: a
/// local name rarely occurs in two namespaces).
struct LocalEntry<'i> {
    local: Cow<'i, str>,
    first: (u32, u32),
    more: Vec<(u32, u32)>,
}

/// Namespaces, local names and expanded names seen in one document, each stored once.
/// Local names are borrowed from the input.
struct Interner<'i> {
    /// Namespace names; index 0 is "no namespace".
    namespaces: Vec<Arc<str>>,
    last_ns: u32,
    /// Local name → local id.
    locals: HashMap<Cow<'i, str>, u32>,
    /// Per local id.
    by_local: Vec<LocalEntry<'i>>,
    /// Name id → name.
    names: Vec<Name>,
}

impl<'i> Interner<'i> {
    fn new() -> Self {
        Interner {
            namespaces: vec![Arc::from("")],
            last_ns: 0,
            // Sized for the names of a typical WebDAV or SOAP document: no regrowth.
            locals: HashMap::with_capacity(32),
            by_local: Vec::with_capacity(32),
            names: Vec::with_capacity(32),
        }
    }

    /// Maps a resolved namespace onto its id, checking a namespace name once, when first seen.
    fn ns(&mut self, r: ResolveResult<'_>) -> Result<u32, ErrorKind> {
        let ns = match r {
            ResolveResult::Unbound => return Ok(0),
            ResolveResult::Bound(ns) => ns.0,
            ResolveResult::Unknown(p) => return Err(ErrorKind::UnboundPrefix(p)),
        };
        if ns.is_empty() {
            return Ok(0);
        }
        if self
            .namespaces
            .get(self.last_ns as usize)
            .is_some_and(|a| **a == *ns)
        {
            return Ok(self.last_ns);
        }
        if let Some(i) = self.namespaces.iter().rposition(|a| **a == *ns) {
            self.last_ns = i as u32;
            return Ok(self.last_ns);
        }
        if !crate::is_writable_namespace(ns) {
            // quick-xml hands namespace names over unescaped; a reference (or a quote or a
            // control character) in one would make the name differ between readers. No real
            // WebDAV or SOAP peer writes one.
            return Err(ErrorKind::Syntax(format!(
                "unsupported namespace name {ns:?}"
            )));
        }
        self.namespaces.push(Arc::from(ns));
        self.last_ns = (self.namespaces.len() - 1) as u32;
        Ok(self.last_ns)
    }

    /// The local id of `local` (a slice of the input when `from_input` is) and the name
    /// id of `{ns}local`.
    fn name(&mut self, ns: u32, local: &str, from_input: Option<&'i str>) -> (u32, u32) {
        if let Some(&local_id) = self.locals.get(local) {
            let entry = &self.by_local[local_id as usize];
            if let Some(&(_, name)) = std::iter::once(&entry.first)
                .chain(&entry.more)
                .find(|(n, _)| *n == ns)
            {
                return (local_id, name);
            }
            let name_id = self.new_name(ns, local);
            self.by_local[local_id as usize].more.push((ns, name_id));
            return (local_id, name_id);
        }
        let local_id = self.by_local.len() as u32;
        let key: Cow<'i, str> = match from_input {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(local.to_owned()),
        };
        self.locals.insert(key.clone(), local_id);
        let name_id = self.new_name(ns, local);
        self.by_local.push(LocalEntry {
            local: key,
            first: (ns, name_id),
            more: Vec::new(),
        });
        (local_id, name_id)
    }

    fn new_name(&mut self, ns: u32, local: &str) -> u32 {
        let name_id = self.names.len() as u32;
        let shared = self.namespaces[ns as usize].clone();
        self.names.push(Name::with_shared_ns(shared, local));
        name_id
    }

    fn local(&self, local_id: u32) -> &str {
        self.by_local
            .get(local_id as usize)
            .map_or("", |e| &e.local)
    }
}

/// Builds owned elements from events: children of all open elements share one stack, and
/// each element's children are moved into an exactly sized vector when it ends.
#[derive(Default)]
struct TreeBuilder {
    nodes: Vec<Node>,
    open: Vec<OpenElement>,
}

struct OpenElement {
    name: Name,
    attrs: Vec<Attribute>,
    offset: u64,
    first_child: usize,
    has_element_child: bool,
}

/// Whether text is only white space (formatting between child elements, dropped by the
/// tree builder and by fragments alike).
pub(crate) fn is_blank(t: &str) -> bool {
    t.bytes().all(|b| b.is_ascii_whitespace())
}

impl TreeBuilder {
    fn open(&mut self, tag: &StartTag<'_>) {
        if let Some(parent) = self.open.last_mut() {
            parent.has_element_child = true;
        }
        self.open.push(OpenElement {
            name: tag.name().clone(),
            attrs: tag.to_attributes(),
            offset: tag.offset(),
            first_child: self.nodes.len(),
            has_element_child: false,
        });
    }

    fn text(&mut self, t: &str) {
        let Some(top) = self.open.last() else {
            return;
        };
        // Whitespace between child elements is formatting: dropped.
        if top.has_element_child && is_blank(t) {
            return;
        }
        self.nodes.push(Node::Text(t.to_owned()));
    }

    /// Closes the innermost element; returns it when it was the outermost.
    fn close(&mut self) -> Option<Element> {
        let el = self.open.pop()?;
        let start = el.first_child.min(self.nodes.len());
        let children: Vec<Node> = if el.has_element_child {
            let kept = self.nodes[start..]
                .iter()
                .filter(|n| !matches!(n, Node::Text(t) if is_blank(t)))
                .count();
            let mut v = Vec::with_capacity(kept);
            v.extend(
                self.nodes
                    .drain(start..)
                    .filter(|n| !matches!(n, Node::Text(t) if is_blank(t))),
            );
            v
        } else {
            self.nodes.drain(start..).collect()
        };
        let element = Element {
            name: el.name,
            attrs: el.attrs,
            children,
            offset: el.offset,
        };
        if self.open.is_empty() {
            Some(element)
        } else {
            self.nodes.push(Node::Element(element));
            None
        }
    }

    fn clear(&mut self) {
        self.nodes.clear();
        self.open.clear();
    }
}

/// A hardened pull reader over a complete UTF-8 body.
///
/// It yields [`Event`]s for the root element and its content, then `None`. Comments,
/// processing instructions and the XML declaration are consumed silently; a `DOCTYPE`
/// is an error. Events borrow from the reader (a "lending" iterator): names are shared
/// [`Name`]s, attribute values and text are slices of the input where no decoding was
/// needed. [`Reader::read_element`], [`Reader::read_text`] and [`Reader::skip_element`]
/// consume a whole element after its start tag.
///
/// ```
/// use interop_xml::{Event, Limits, Reader};
///
/// let mut r = Reader::new(br#"<a xmlns="DAV:"><b x="1">t&amp;u</b></a>"#, &Limits::default())?;
/// let mut texts = Vec::new();
/// while let Some(ev) = r.next() {
///     match ev? {
///         Event::Start(tag) if tag.name().is("DAV:", "b") => {
///             assert_eq!(tag.attr("", "x"), Some("1"));
///             texts.push(r.read_text()?.into_owned());
///         }
///         _ => {}
///     }
/// }
/// assert_eq!(texts, ["t&u"]);
/// # Ok::<(), interop_xml::Error>(())
/// ```
pub struct Reader<'i> {
    inner: quick_xml::Reader<&'i [u8]>,
    /// Namespace bindings in scope (quick-xml's own resolver, fed while the attributes
    /// are read once).
    ns: NamespaceResolver,
    /// Bumped whenever the bindings in scope change; cached resolutions are per epoch.
    epoch: u64,
    element_names: NameCache<'i>,
    /// Per element name id, the attribute names by position.
    attribute_names: Vec<Vec<AttrSlot<'i>>>,
    /// Raw attributes (key, value) of the tag being read.
    raw_attrs: Vec<(&'i str, &'i str)>,
    /// Keys of the tag being read, namespace declarations included (duplicate check).
    keys: Vec<&'i str>,
    /// All attributes of the tag being read as written, namespace declarations included.
    pairs: Vec<(&'i str, &'i str)>,
    limits: Limits,
    /// The input (BOM stripped), for spans.
    text: &'i str,
    interner: Interner<'i>,
    /// The open elements.
    path: Vec<Open>,
    /// For each open element, counts of child local names seen so far (for `[n]` in paths).
    sibling_counts: Vec<Vec<(u32, u32)>>,
    /// Emptied sibling-count lists kept for reuse: no allocation per element.
    spare: Vec<Vec<(u32, u32)>>,
    /// The current (or pending) start tag.
    cur_name: u32,
    cur_offset: u64,
    attrs: Vec<RawAttr<'i>>,
    /// The current text: a span of the input, or `text_buf`.
    text_span: (usize, usize),
    text_owned: bool,
    text_buf: String,
    tree: TreeBuilder,
    /// Scratch for [`Reader::read_fragment`].
    fragment: Option<FragmentBatch>,
    last: Option<Kind>,
    /// Events already read from quick-xml and not yet delivered, in order (a text, then
    /// the start tag that ended it, then the end of that element when it was empty).
    pending: Option<Kind>,
    pending_end: bool,
    pending_pop: bool,
    root_seen: bool,
    done: bool,
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
        let mut inner = quick_xml::Reader::from_reader(input);
        let config = inner.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Ok(Reader {
            inner,
            ns: NamespaceResolver::default(),
            epoch: 1,
            element_names: NameCache::new(cache_slots(text.len())),
            attribute_names: Vec::new(),
            raw_attrs: Vec::new(),
            keys: Vec::new(),
            pairs: Vec::new(),
            limits: *limits,
            text,
            interner: Interner::new(),
            path: Vec::new(),
            sibling_counts: vec![Vec::new()],
            spare: Vec::new(),
            cur_name: 0,
            cur_offset: 0,
            attrs: Vec::new(),
            text_span: (0, 0),
            text_owned: false,
            text_buf: String::new(),
            tree: TreeBuilder::default(),
            fragment: None,
            last: None,
            pending: None,
            pending_end: false,
            pending_pop: false,
            root_seen: false,
            done: false,
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
        for open in &self.path {
            s.push('/');
            s.push_str(self.interner.local(open.local));
            if open.index > 1 {
                s.push('[');
                s.push_str(&open.index.to_string());
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

    fn push_path(&mut self, local: u32, declares: bool) {
        let index = match self.sibling_counts.last_mut() {
            Some(counts) => match counts.iter_mut().find(|(n, _)| *n == local) {
                Some((_, c)) => {
                    *c = c.saturating_add(1);
                    *c
                }
                None => {
                    counts.push((local, 1));
                    1
                }
            },
            None => 1,
        };
        self.path.push(Open {
            local,
            index,
            declares,
        });
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

    /// The input slice `s` is, when it is one (quick-xml borrows from the input).
    fn span(&self, s: &str) -> Option<(usize, usize)> {
        let start = (s.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        let end = start.checked_add(s.len())?;
        self.text.get(start..end).map(|_| (start, end))
    }

    /// `s` as the slice of the input it is (quick-xml borrows from the input).
    fn input_str(&self, s: &str) -> Option<&'i str> {
        let text: &'i str = self.text;
        let start = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        text.get(start..start.checked_add(s.len())?)
    }

    fn map_qx(&self, e: quick_xml::Error) -> Error {
        let offset = self.inner.error_position();
        let kind = match e {
            quick_xml::Error::Namespace(n) => ErrorKind::Syntax(n.to_string()),
            quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(name)) => {
                ErrorKind::UnexpectedEof(name)
            }
            quick_xml::Error::Syntax(s) => match self.path.last() {
                Some(open) if s.to_string().contains("end of") || s.to_string().contains("EOF") => {
                    ErrorKind::UnexpectedEof(self.interner.local(open.local).to_string())
                }
                _ => ErrorKind::Syntax(s.to_string()),
            },
            other => ErrorKind::Syntax(other.to_string()),
        };
        self.error(kind, offset)
    }

    /// The next event, or `None` after the root element has ended and only
    /// comments, processing instructions or whitespace follow (or after an error).
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<Event<'_>, Error>> {
        match self.advance() {
            Ok(Some(kind)) => Some(Ok(self.event(kind))),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn event(&self, kind: Kind) -> Event<'_> {
        match kind {
            Kind::Start => Event::Start(self.start_tag()),
            Kind::Text => Event::Text(self.current_text()),
            Kind::End => Event::End,
        }
    }

    fn start_tag(&self) -> StartTag<'_> {
        let names = &self.interner.names;
        StartTag {
            name: &names[self.cur_name as usize],
            attrs: &self.attrs,
            names,
            offset: self.cur_offset,
        }
    }

    fn current_text(&self) -> &str {
        if self.text_owned {
            &self.text_buf
        } else {
            self.text
                .get(self.text_span.0..self.text_span.1)
                .unwrap_or("")
        }
    }

    /// The current text, borrowed from the input when it is a span of it.
    fn current_text_cow(&self) -> Cow<'i, str> {
        if self.text_owned {
            Cow::Owned(self.text_buf.clone())
        } else {
            let text: &'i str = self.text;
            Cow::Borrowed(text.get(self.text_span.0..self.text_span.1).unwrap_or(""))
        }
    }

    fn advance(&mut self) -> Result<Option<Kind>, Error> {
        if self.pending_pop {
            self.pending_pop = false;
            self.pop_path();
        }
        let r = match self.pending.take() {
            Some(kind) => {
                if self.pending_end {
                    self.pending_end = false;
                    self.pending = Some(Kind::End);
                }
                Ok(Some(kind))
            }
            None if self.done => Ok(None),
            None => self.read_inner(),
        };
        match r {
            Ok(Some(kind)) => {
                if kind == Kind::End {
                    self.pending_pop = true;
                }
                self.last = Some(kind);
                Ok(Some(kind))
            }
            Ok(None) => {
                self.done = true;
                self.last = None;
                Ok(None)
            }
            Err(e) => {
                self.done = true;
                self.pending = None;
                self.pending_end = false;
                self.last = None;
                Err(e)
            }
        }
    }

    /// Appends `s` to the text being accumulated, in the buffer.
    fn acc_push(&mut self, acc: &mut Acc, s: &str) {
        match *acc {
            Acc::None => {
                self.text_buf.clear();
            }
            Acc::Span(a, b) => {
                self.text_buf.clear();
                self.text_buf.push_str(self.text.get(a..b).unwrap_or(""));
            }
            Acc::Buf => {}
        }
        *acc = Acc::Buf;
        self.text_buf.push_str(s);
    }

    /// Appends a piece of the input to the text being accumulated (kept as a span when it
    /// is the first piece).
    fn acc_push_input(&mut self, acc: &mut Acc, s: &str) {
        if *acc == Acc::None
            && let Some((a, b)) = self.span(s)
        {
            *acc = Acc::Span(a, b);
            return;
        }
        self.acc_push(acc, s);
    }

    /// Makes the accumulated text the current text; whether there was any.
    fn take_text(&mut self, acc: Acc) -> bool {
        match acc {
            Acc::None => false,
            Acc::Span(a, b) => {
                self.text_span = (a, b);
                self.text_owned = false;
                true
            }
            Acc::Buf => {
                self.text_owned = true;
                true
            }
        }
    }

    fn read_inner(&mut self) -> Result<Option<Kind>, Error> {
        let mut acc = Acc::None;
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
                    let raw: &str = &t;
                    if !in_root {
                        if raw
                            .trim_matches(|c: char| c.is_ascii_whitespace())
                            .is_empty()
                        {
                            continue;
                        }
                        let kind = if self.root_seen {
                            ErrorKind::TrailingContent
                        } else {
                            ErrorKind::Syntax("text before the root element".into())
                        };
                        return Err(self.error(kind, offset));
                    }
                    if has_special_byte(raw.as_bytes()) {
                        // Line-end normalization maps `\r` to `\n` only, so the raw text
                        // holds a character XML does not allow exactly when the
                        // normalized text does.
                        if let Some(code) = first_non_xml_char(raw) {
                            return Err(self.error(
                                ErrorKind::Syntax(format!(
                                    "character U+{code:04X} not allowed in XML"
                                )),
                                offset,
                            ));
                        }
                        if raw.contains('\r') {
                            let normalized = t.xml10_content();
                            self.acc_push(&mut acc, &normalized);
                            continue;
                        }
                    }
                    if !raw.is_empty() {
                        self.acc_push_input(&mut acc, raw);
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
                    self.acc_push(&mut acc, &s);
                }
                QEvent::GeneralRef(r) => {
                    if !in_root {
                        return Err(self.error(
                            ErrorKind::Syntax("reference outside the root element".into()),
                            offset,
                        ));
                    }
                    let name: &str = &r;
                    let c = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) if crate::is_xml_char(c) => c,
                            _ => {
                                return Err(
                                    self.error(ErrorKind::InvalidCharRef(name.to_string()), offset)
                                );
                            }
                        }
                    } else {
                        match name {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            _ => {
                                return Err(
                                    self.error(ErrorKind::UnknownEntity(name.to_string()), offset)
                                );
                            }
                        }
                    };
                    let mut utf8 = [0u8; 4];
                    self.acc_push(&mut acc, c.encode_utf8(&mut utf8));
                }
                QEvent::Start(start) => {
                    // The start tag is processed before pending text is delivered (it cannot
                    // be re-read); its event is then kept pending.
                    self.start(&start, offset)?;
                    if self.take_text(acc) {
                        self.pending = Some(Kind::Start);
                        return Ok(Some(Kind::Text));
                    }
                    return Ok(Some(Kind::Start));
                }
                QEvent::End(_) => {
                    // The element's bindings go out of scope (its end tag was checked
                    // against its start tag by quick-xml).
                    self.ns.pop();
                    if self.path.last().is_some_and(|o| o.declares) {
                        self.epoch += 1;
                    }
                    if self.take_text(acc) {
                        self.pending = Some(Kind::End);
                        return Ok(Some(Kind::Text));
                    }
                    return Ok(Some(Kind::End));
                }
                QEvent::Empty(start) => {
                    // Delivered as a start tag and an end. quick-xml's own expansion would
                    // copy the name for the end tag; here the bindings go out of scope at
                    // once (the start tag's names are resolved already).
                    self.start(&start, offset)?;
                    self.ns.pop();
                    if self.path.last().is_some_and(|o| o.declares) {
                        self.epoch += 1;
                    }
                    if self.take_text(acc) {
                        self.pending = Some(Kind::Start);
                        self.pending_end = true;
                        return Ok(Some(Kind::Text));
                    }
                    self.pending = Some(Kind::End);
                    return Ok(Some(Kind::Start));
                }
                QEvent::DocType(_) => return Err(self.error(ErrorKind::Doctype, offset)),
                QEvent::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.to_ascii_lowercase();
                        let ok = matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
                        if !ok && !self.text.is_ascii() {
                            return Err(self.error(ErrorKind::UnsupportedEncoding(enc), offset));
                        }
                    }
                }
                QEvent::PI(_) | QEvent::Comment(_) => {}
                QEvent::Eof => {
                    if let Some(open) = self.path.last() {
                        let name = self.interner.local(open.local).to_string();
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

    /// Processes a start tag into the reader's current-tag state.
    ///
    /// The attributes are read once: namespace declarations go into the resolver as they
    /// come (a namespace error wins over every other error of the tag, as it would with
    /// quick-xml's `NsReader`), the others are kept as spans and resolved once all of the
    /// tag's declarations are in scope; a malformed or duplicated attribute is reported
    /// after the attributes before it.
    fn start(&mut self, start: &BytesStart<'_>, offset: u64) -> Result<(), Error> {
        let Some(level) = self.ns.level().checked_add(1) else {
            let e = NamespaceError::TooDeeplyNested(u16::MAX as usize);
            return Err(self.error(
                ErrorKind::Syntax(e.to_string()),
                self.inner.error_position(),
            ));
        };
        self.ns.set_level(level);
        let tag: &str = start;
        let tag_at = tag.as_ptr() as usize;
        self.raw_attrs.clear();
        self.keys.clear();
        let mut seen: Option<std::collections::HashSet<&'i str>> = None;
        let mut deferred: Option<String> = None;
        let mut declares = false;
        // The attributes as written: split here when the tag is well formed (the common
        // case, and quick-xml's rules exactly), else by quick-xml's iterator, which also
        // finds the first malformed one.
        let mut pairs = std::mem::take(&mut self.pairs);
        pairs.clear();
        let name_len = start.name().as_ref().len();
        let split = self
            .input_str(tag)
            .is_some_and(|t| split_attributes(t, name_len, &mut pairs));
        let mut malformed: Option<String> = None;
        if !split {
            pairs.clear();
            for a in start.attributes().with_checks(false) {
                let a = match a {
                    Ok(a) => a,
                    Err(e) => {
                        malformed = Some(e.to_string());
                        break;
                    }
                };
                let (Some(key), Some(value)) =
                    (self.input_str(a.key.as_ref()), self.input_str(&a.value))
                else {
                    // quick-xml borrows everything from the input; this is not reached.
                    malformed = Some("attribute not read from the input".into());
                    break;
                };
                pairs.push((key, value));
            }
        }
        for &(key, value) in &pairs {
            // Duplicate keys (compared as written, like quick-xml's own check).
            let dup = if self.keys.len() < 16 {
                self.keys.iter().find(|k| str_eq(k, key))
            } else {
                let set = seen.get_or_insert_with(|| self.keys.iter().copied().collect());
                if set.insert(key) {
                    None
                } else {
                    self.keys.iter().find(|k| **k == key)
                }
            };
            if let Some(prev) = dup
                && deferred.is_none()
            {
                let pos = |s: &str| (s.as_ptr() as usize).wrapping_sub(tag_at);
                deferred = Some(AttrError::Duplicated(pos(key), pos(prev)).to_string());
            }
            self.keys.push(key);
            if let Some(decl) = QName(key).as_namespace_binding() {
                if let Err(e) = self.ns.add(decl, Namespace(value)) {
                    return Err(self.error(
                        ErrorKind::Syntax(e.to_string()),
                        self.inner.error_position(),
                    ));
                }
                declares = true;
                continue;
            }
            if deferred.is_none() {
                self.raw_attrs.push((key, value));
            }
        }
        self.pairs = pairs;
        if let Some(e) = malformed {
            deferred.get_or_insert(e);
        }
        if declares {
            self.epoch += 1;
        }

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
        let qname: &str = start.name().into_inner();
        let (local_id, name_id) = match self.element_names.get(qname, self.epoch) {
            Some(ids) => ids,
            None => {
                let (r, local) = self.ns.resolve_element(QName(qname));
                let ns = match self.interner.ns(r) {
                    Ok(ns) => ns,
                    Err(kind) => return Err(self.error(kind, offset)),
                };
                let local = local.into_inner();
                let ids = self.interner.name(ns, local, self.input_str(local));
                if let Some(q) = self.input_str(qname) {
                    self.element_names.put(q, self.epoch, ids);
                }
                ids
            }
        };
        self.cur_name = name_id;
        self.cur_offset = offset;
        self.push_path(local_id, declares);
        self.attrs.clear();
        if self.attribute_names.len() <= name_id as usize {
            self.attribute_names
                .resize_with(name_id as usize + 1, Vec::new);
        }
        for i in 0..self.raw_attrs.len() {
            let (key, raw) = self.raw_attrs[i];
            if self.attrs.len() >= self.limits.max_attributes {
                return Err(self.error(
                    ErrorKind::TooManyAttributes {
                        limit: self.limits.max_attributes,
                    },
                    offset,
                ));
            }
            let cached = self.attribute_names[name_id as usize]
                .get(i)
                .filter(|s| str_eq(s.key, key) && s.epoch.is_none_or(|e| e == self.epoch))
                .map(|s| s.name);
            let name = match cached {
                Some(name) => name,
                None => {
                    let (r, local) = self.ns.resolve_attribute(QName(key));
                    let prefixed = !matches!(r, ResolveResult::Unbound);
                    let ns = match self.interner.ns(r) {
                        Ok(ns) => ns,
                        Err(kind) => return Err(self.error(kind, offset)),
                    };
                    let local = local.into_inner();
                    let (_, name) = self.interner.name(ns, local, self.input_str(local));
                    let slot = AttrSlot {
                        key,
                        epoch: prefixed.then_some(self.epoch),
                        name,
                    };
                    let slots = &mut self.attribute_names[name_id as usize];
                    if let Some(s) = slots.get_mut(i) {
                        *s = slot;
                    } else if slots.len() == i && i < ATTR_SLOTS {
                        slots.push(slot);
                    }
                    name
                }
            };
            let value: Cow<'i, str> = if has_special_attr_byte(raw.as_bytes()) {
                // References, characters that normalize to spaces, or characters to check.
                let a = QAttribute {
                    key: QName(key),
                    value: Cow::Borrowed(raw),
                };
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
                Cow::Owned(value)
            } else {
                // Nothing to decode or check: the value is the input as written.
                Cow::Borrowed(raw)
            };
            self.attrs.push(RawAttr { name, value });
        }
        if let Some(e) = deferred {
            // Report it as quick-xml's checked iteration words it (which, for an attribute
            // both duplicated and malformed, is the duplicate).
            let e = start
                .attributes()
                .with_checks(true)
                .find_map(Result::err)
                .map_or(e, |first| first.to_string());
            return Err(self.error(ErrorKind::Syntax(e), offset));
        }
        Ok(())
    }

    /// Reads on to the next child element of the current element, skipping text: its
    /// start tag, or `None` when the current element ends instead (its end tag is
    /// consumed) or the document ends.
    pub fn next_child(&mut self) -> Result<Option<StartTag<'_>>, Error> {
        loop {
            match self.advance()? {
                Some(Kind::Start) => return Ok(Some(self.start_tag())),
                Some(Kind::Text) => {}
                Some(Kind::End) | None => return Ok(None),
            }
        }
    }

    fn not_at_start(&self) -> Error {
        self.error(
            ErrorKind::Syntax("a whole element was asked for where no start tag was read".into()),
            self.offset(),
        )
    }

    /// Reads the element whose start tag was just returned, through its end tag, as an
    /// owned [`Element`] (whitespace-only text between child elements dropped, as
    /// [`parse`] does).
    ///
    /// Fails when the last event was not a start tag, or on any reading error.
    pub fn read_element(&mut self) -> Result<Element, Error> {
        if self.last != Some(Kind::Start) {
            return Err(self.not_at_start());
        }
        let mut tree = std::mem::take(&mut self.tree);
        tree.clear();
        let r = self.build(&mut tree);
        self.tree = tree;
        r
    }

    fn build(&mut self, tree: &mut TreeBuilder) -> Result<Element, Error> {
        tree.open(&self.start_tag());
        loop {
            match self.advance()? {
                Some(Kind::Start) => tree.open(&self.start_tag()),
                Some(Kind::Text) => tree.text(self.current_text()),
                Some(Kind::End) => {
                    if let Some(el) = tree.close() {
                        return Ok(el);
                    }
                }
                None => return Err(self.not_at_start()),
            }
        }
    }

    /// Reads the element whose start tag was just returned, through its end tag, as a
    /// [`Fragment`]: the content [`Reader::read_element`] gives (white space between child
    /// elements dropped alike), in a few exactly sized allocations instead of a tree.
    ///
    /// Fails when the last event was not a start tag, or on any reading error.
    pub fn read_fragment(&mut self) -> Result<Fragment, Error> {
        let mut batch = self.fragment.take().unwrap_or_default();
        let r = self.read_fragment_into(&mut batch);
        let out = r.map(|()| batch.finish().pop());
        self.fragment = Some(batch);
        match out? {
            Some(f) => Ok(f),
            None => Err(self.not_at_start()),
        }
    }

    /// Like [`Reader::read_fragment`], adding the fragment to `batch`: fragments read into
    /// one batch share one buffer when [`FragmentBatch::finish`] hands them out. On an
    /// error the batch is left as it was.
    pub fn read_fragment_into(&mut self, batch: &mut FragmentBatch) -> Result<(), Error> {
        if self.last != Some(Kind::Start) {
            return Err(self.not_at_start());
        }
        let tag = self.start_tag();
        let text_len = batch.begin(tag.name().clone());
        for (n, v) in tag.attrs() {
            batch.attr(n.clone(), v);
        }
        let r = self.fill_fragment(batch);
        if r.is_err() {
            batch.abandon(text_len);
        }
        r
    }

    fn fill_fragment(&mut self, batch: &mut FragmentBatch) -> Result<(), Error> {
        loop {
            match self.advance()? {
                Some(Kind::Start) => {
                    let tag = self.start_tag();
                    batch.start(tag.name().clone());
                    for (n, v) in tag.attrs() {
                        batch.attr(n.clone(), v);
                    }
                }
                Some(Kind::Text) => batch.text(self.current_text()),
                Some(Kind::End) => {
                    if batch.close() {
                        return Ok(());
                    }
                }
                None => return Err(self.not_at_start()),
            }
        }
    }

    /// The start tag just returned, while the reader is on it.
    pub fn current_start(&self) -> Option<StartTag<'_>> {
        (self.last == Some(Kind::Start)).then(|| self.start_tag())
    }

    /// Reads the content of the element whose start tag was just returned, through its end
    /// tag, and returns its own text as [`Element::text`] would give it after [`parse`]: the
    /// concatenation of its direct text, whitespace-only pieces between child elements
    /// left out; child elements are read (and checked) but their text is not part of it.
    /// Borrowed from the input when it is one piece without references.
    pub fn read_text(&mut self) -> Result<Cow<'i, str>, Error> {
        if self.last != Some(Kind::Start) {
            return Err(self.not_at_start());
        }
        let mut depth = 1usize;
        let mut has_child = false;
        let mut first: Option<Cow<'i, str>> = None;
        let mut more: Vec<Cow<'i, str>> = Vec::new();
        while depth > 0 {
            match self.advance()? {
                Some(Kind::Start) => {
                    if depth == 1 {
                        has_child = true;
                    }
                    depth += 1;
                }
                Some(Kind::Text) => {
                    if depth == 1 {
                        if has_child && is_blank(self.current_text()) {
                            continue;
                        }
                        let t = self.current_text_cow();
                        if first.is_none() {
                            first = Some(t);
                        } else {
                            more.push(t);
                        }
                    }
                }
                Some(Kind::End) => depth -= 1,
                None => return Err(self.not_at_start()),
            }
        }
        let Some(first) = first else {
            return Ok(Cow::Borrowed(""));
        };
        if !has_child {
            return Ok(first);
        }
        // Pieces before the first child were kept before it was known there is one.
        let mut pieces = std::iter::once(first).chain(more).filter(|t| !is_blank(t));
        let Some(one) = pieces.next() else {
            return Ok(Cow::Borrowed(""));
        };
        let mut out: Cow<'i, str> = one;
        for p in pieces {
            out.to_mut().push_str(&p);
        }
        Ok(out)
    }

    /// Reads (and checks) the rest of the element whose start tag was just returned,
    /// through its end tag, keeping nothing.
    pub fn skip_element(&mut self) -> Result<(), Error> {
        if self.last != Some(Kind::Start) {
            return Err(self.not_at_start());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.advance()? {
                Some(Kind::Start) => depth += 1,
                Some(Kind::Text) => {}
                Some(Kind::End) => depth -= 1,
                None => return Err(self.not_at_start()),
            }
        }
        Ok(())
    }
}

/// Parses a whole document into its root [`Element`].
///
/// Whitespace-only text between child elements is dropped; see the crate docs.
pub fn parse(input: &[u8], limits: &Limits) -> Result<Element, Error> {
    let mut reader = Reader::new(input, limits)?;
    let root = match reader.next() {
        Some(Ok(Event::Start(_))) => reader.read_element()?,
        Some(Err(e)) => return Err(e),
        // The reader yields nothing but a start tag (or an error) before the root.
        Some(Ok(_)) | None => {
            return Err(Error {
                kind: ErrorKind::NoRootElement,
                path: "/".into(),
                offset: input.len() as u64,
            });
        }
    };
    match reader.next() {
        None => Ok(root),
        Some(Err(e)) => Err(e),
        // The reader refuses a second root itself.
        Some(Ok(_)) => Err(reader.error(ErrorKind::TrailingContent, reader.offset())),
    }
}

/// Splits the attributes of a start tag (`tag` is its content, the name its first
/// `name_len` bytes) into key/value pairs as quick-xml's attribute iterator does (XML
/// mode): white space is ` `, `\t`, `\r`, `\n`; a key is its first byte and the bytes up
/// to `=` or white space; white
/// space may surround `=`; the value is quoted with `"` or `'`. Returns `false`, leaving
/// `out` partly filled, for anything the iterator would report as an error.
fn split_attributes<'a>(tag: &'a str, name_len: usize, out: &mut Vec<(&'a str, &'a str)>) -> bool {
    let b = tag.as_bytes();
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let mut i = name_len;
    loop {
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return true;
        }
        // The first byte is the key's whatever it is (even `=`), as in quick-xml.
        let key_start = i;
        i += 1;
        while i < b.len() && b[i] != b'=' && !ws(b[i]) {
            i += 1;
        }
        let key_end = i;
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return false;
        }
        i += 1;
        while i < b.len() && ws(b[i]) {
            i += 1;
        }
        let Some(&quote) = b.get(i) else {
            return false;
        };
        if quote != b'"' && quote != b'\'' {
            return false;
        }
        let value_start = i + 1;
        let Some(len) = b
            .get(value_start..)
            .and_then(|r| r.iter().position(|&c| c == quote))
        else {
            return false;
        };
        let value_end = value_start + len;
        let (Some(key), Some(value)) =
            (tag.get(key_start..key_end), tag.get(value_start..value_end))
        else {
            return false;
        };
        out.push((key, value));
        i = value_end + 1;
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether a byte of `w` is below `n` (`n <= 128`; exact, not just a hint).
#[inline]
fn has_byte_below(w: u64, n: u8) -> bool {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS != 0
}

/// Whether a byte of `w` equals `b`.
#[inline]
fn has_byte(w: u64, b: u8) -> bool {
    let x = w ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// Whether any byte of `bytes` is special: long runs in 32-byte chunks the compiler
/// vectorizes, then eight bytes at a time, then the last few bytes one by one (short
/// values, the common case, never copy).
#[inline]
fn any_special(bytes: &[u8], per_byte: impl Fn(u8) -> u8, per_word: impl Fn(u64) -> bool) -> bool {
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(0u8, |acc, &b| acc | per_byte(b)) != 0 {
            return true;
        }
    }
    let mut words = chunks.remainder().chunks_exact(8);
    for w in &mut words {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(w);
        if per_word(u64::from_le_bytes(buf)) {
            return true;
        }
    }
    words.remainder().iter().any(|&b| per_byte(b) != 0)
}

/// Whether text needs a closer look: a control character (including `\r`, which line-end
/// normalization rewrites) or the lead byte of U+FFFE/U+FFFF.
fn has_special_byte(bytes: &[u8]) -> bool {
    any_special(
        bytes,
        |b| u8::from(b < 0x20) | u8::from(b == 0xEF),
        |w| has_byte_below(w, 0x20) | has_byte(w, 0xEF),
    )
}

/// Like [`has_special_byte`] for attribute values, where `&` (a reference) also needs work.
fn has_special_attr_byte(bytes: &[u8]) -> bool {
    any_special(
        bytes,
        |b| u8::from(b < 0x20) | u8::from(b == 0xEF) | u8::from(b == b'&'),
        |w| has_byte_below(w, 0x20) | has_byte(w, 0xEF) | has_byte(w, b'&'),
    )
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

#[cfg(test)]
mod scan_tests {
    #[test]
    fn special_byte_scans_are_exact() {
        for b in 0..=255u8 {
            for len in [1usize, 7, 8, 9, 31, 32, 33, 45, 64, 70] {
                for at in [0, len / 2, len - 1] {
                    let mut v = vec![b'x'; len];
                    v[at] = b;
                    let text = b < 0x20 || b == 0xEF;
                    assert_eq!(super::has_special_byte(&v), text, "{b} {len} {at}");
                    let attr = text || b == b'&';
                    assert_eq!(super::has_special_attr_byte(&v), attr, "{b} {len} {at}");
                }
            }
        }
        // Neighbouring bytes must not make a borrow ripple into a false answer.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let v = [a, b, a, b, b, a, 0x20, 0x7F];
                let text = v.iter().any(|&c| c < 0x20 || c == 0xEF);
                assert_eq!(super::has_special_byte(&v), text, "{v:?}");
            }
        }
    }
}
