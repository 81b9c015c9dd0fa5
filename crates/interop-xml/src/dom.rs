//! A small owned XML tree, exact enough to carry WebDAV property values through a
//! read-modify-write: element and attribute names with their namespaces, attribute order,
//! text, child order and empty elements are all kept.

use std::fmt;
use std::sync::Arc;

/// An expanded name: namespace URI (empty for "no namespace") and local name.
///
/// Two names are equal when URI and local name are equal; prefixes are never part of a name.
/// A name is one shared allocation: cloning it is a reference-count increment, and the
/// reader hands out one shared name per distinct name in a document.
#[derive(Clone)]
pub struct Name {
    inner: Arc<NameInner>,
}

#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
struct NameInner {
    ns: Arc<str>,
    local: Box<str>,
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner == other.inner
    }
}
impl Eq for Name {}

/// Hashes namespace and local name (consistent with equality).
impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.hash(state);
    }
}

/// Orders by namespace, then local name.
impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.inner.cmp(&other.inner)
    }
}

impl Name {
    /// A name in namespace `ns` (use `""` for no namespace).
    pub fn new(ns: &str, local: &str) -> Self {
        Name::with_shared_ns(Arc::from(ns), local)
    }

    /// A name sharing an already allocated namespace string.
    pub fn with_shared_ns(ns: Arc<str>, local: &str) -> Self {
        Name {
            inner: Arc::new(NameInner {
                ns,
                local: Box::from(local),
            }),
        }
    }

    /// The namespace URI, empty when the name has no namespace.
    pub fn ns(&self) -> &str {
        &self.inner.ns
    }

    /// The shared namespace string (cheap to clone).
    pub fn shared_ns(&self) -> &Arc<str> {
        &self.inner.ns
    }

    /// The local name.
    pub fn local(&self) -> &str {
        &self.inner.local
    }

    /// Whether this name is `{ns}local`.
    #[inline]
    pub fn is(&self, ns: &str, local: &str) -> bool {
        str_eq(&self.inner.local, local) && str_eq(&self.inner.ns, ns)
    }

    /// Whether the namespace URI is `ns` (`""` for no namespace).
    #[inline]
    pub fn has_ns(&self, ns: &str) -> bool {
        str_eq(&self.inner.ns, ns)
    }

    /// Whether the local name is `local`.
    #[inline]
    pub fn has_local(&self, local: &str) -> bool {
        str_eq(&self.inner.local, local)
    }

    /// Whether this name is `{ns}local`, comparing the local name ASCII-case-insensitively
    /// (Exchange answers proptag names in lower case, others write upper case).
    pub fn is_ignore_case(&self, ns: &str, local: &str) -> bool {
        &*self.inner.ns == ns && self.inner.local.eq_ignore_ascii_case(local)
    }
}

/// String equality without a call into `memcmp` for the short strings names are: most
/// comparisons differ in length or in the first bytes, and the call costs more than that.
#[inline]
pub(crate) fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() <= 16 {
        a.iter().zip(b).all(|(x, y)| x == y)
    } else {
        a == b
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Clark notation: `{DAV:}href`, or just `local` without a namespace.
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns().is_empty() {
            f.write_str(self.local())
        } else {
            write!(f, "{{{}}}{}", self.ns(), self.local())
        }
    }
}

/// One attribute (namespace declarations are not attributes here).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attribute {
    /// The attribute's expanded name; unprefixed attributes have no namespace.
    pub name: Name,
    /// The value, with entities and character references decoded.
    pub value: String,
}

/// A child of an element.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Decoded text (adjacent text, CDATA and references are one node).
    Text(String),
}

/// An element with its attributes (in document order) and children.
///
/// Equality compares names, attributes in order and children; [`Element::offset`] is not
/// part of it.
#[derive(Clone, Debug)]
pub struct Element {
    /// The element's expanded name.
    pub name: Name,
    /// Attributes in document order.
    pub attrs: Vec<Attribute>,
    /// Children in document order.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the parsed input (0 for built elements).
    pub offset: u64,
}

impl PartialEq for Element {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.attrs == other.attrs && self.children == other.children
    }
}
impl Eq for Element {}

impl std::hash::Hash for Element {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.attrs.hash(state);
        self.children.hash(state);
    }
}

impl Element {
    /// An empty element named `{ns}local`.
    pub fn new(ns: &str, local: &str) -> Self {
        Element::named(Name::new(ns, local))
    }

    /// An empty element with the given name.
    pub fn named(name: Name) -> Self {
        Element {
            name,
            attrs: Vec::new(),
            children: Vec::new(),
            offset: 0,
        }
    }

    /// Builder: adds an attribute.
    pub fn with_attr(mut self, ns: &str, local: &str, value: impl Into<String>) -> Self {
        self.set_attr(ns, local, value);
        self
    }

    /// Builder: appends a text child.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Builder: appends a child element.
    pub fn with_child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Whether this element is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.name.is(ns, local)
    }

    /// Sets (replaces or appends) an attribute.
    pub fn set_attr(&mut self, ns: &str, local: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|a| a.name.is(ns, local)) {
            Some(a) => a.value = value,
            None => self.attrs.push(Attribute {
                name: Name::new(ns, local),
                value,
            }),
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove_attr(&mut self, ns: &str, local: &str) -> Option<String> {
        let i = self.attrs.iter().position(|a| a.name.is(ns, local))?;
        Some(self.attrs.remove(i).value)
    }

    /// The value of attribute `{ns}local` (use `""` for an unprefixed attribute).
    pub fn attr(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.is(ns, local))
            .map(|a| a.value.as_str())
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Child elements named `{ns}local`.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.is(ns, local))
    }

    /// The first child element named `{ns}local`.
    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, local))
    }

    /// Whether the element has any child element.
    pub fn has_element_children(&self) -> bool {
        self.children.iter().any(|n| matches!(n, Node::Element(_)))
    }

    /// The concatenation of the element's own text children (not descendants').
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        }
        out
    }

    /// The element's text, borrowed when it is a single text node (the common case).
    pub fn text_ref(&self) -> std::borrow::Cow<'_, str> {
        match self.children.as_slice() {
            [] => std::borrow::Cow::Borrowed(""),
            [Node::Text(t)] => std::borrow::Cow::Borrowed(t),
            _ => std::borrow::Cow::Owned(self.text()),
        }
    }

    /// Serializes this element as a standalone document fragment: every namespace the
    /// subtree uses is declared once, on this element.
    ///
    /// Fails when a name is not a valid XML name or text holds characters XML cannot carry.
    pub fn to_xml(&self) -> Result<String, crate::WriteError> {
        let mut w = crate::Writer::new();
        w.element(self);
        w.finish()
    }
}
