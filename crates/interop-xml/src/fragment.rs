//! A compact owned element: the same content as an [`Element`] tree, flattened into one
//! list of items and one text buffer.
//!
//! A WebDAV property value or an Exchange typed value is a small element with a few
//! attributes and text children. As an [`Element`] tree each attribute value, text and child
//! list is an allocation of its own; a [`Fragment`] holds the whole element in one shared
//! buffer of items and text (shared further by all fragments read into one
//! [`FragmentBatch`]), reads its values without copying, and converts to and from the tree
//! exactly. Editing a fragment copies its part of a shared buffer out first.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use crate::dom::{Attribute, Element, Name, Node};
use crate::reader::is_blank;

/// One item of a flattened element, in document order. Attributes follow the start of
/// their element (or come first, for the fragment's own element); text and attribute
/// values are spans of the fragment's text buffer.
#[derive(Clone, Debug)]
enum Item {
    Attr(Name, usize, usize),
    Start(Name),
    Text(usize, usize),
    End,
}

/// An element kept as a flat sequence: the element's name, then its attributes, text and
/// child elements in document order, with every string in one shared buffer.
///
/// It holds exactly what an [`Element`] holds (names with namespaces, attributes in order,
/// text, child order, empty elements) except byte offsets, and
/// `Fragment::from(element).to_element() == element`. Equality and hashing are those of the
/// tree.
///
/// ```
/// use interop_xml::{Fragment, Limits, Reader};
///
/// let doc = br#"<p xmlns="urn:x" xmlns:c="xml:" t="mv"><c:v>1</c:v><c:v/><c:v>a&amp;b</c:v></p>"#;
/// let mut r = Reader::new(doc, &Limits::default())?;
/// r.next_child()?;
/// let f = r.read_fragment()?;
/// assert!(f.name().is("urn:x", "p"));
/// assert_eq!(f.attr("", "t"), Some("mv"));
/// let values: Vec<_> = f.child_texts("xml:", "v").collect();
/// assert_eq!(values, ["1", "", "a&b"]);
/// assert_eq!(f.to_element(), interop_xml::parse(doc, &Limits::default())?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Fragment {
    name: Name,
    /// The buffer this fragment's items and text live in, possibly shared with other
    /// fragments read together (see [`FragmentBatch`]).
    store: Arc<Store>,
    /// This fragment's items in the store.
    first: usize,
    end: usize,
}

/// Items and text of one or more fragments.
#[derive(Clone, Default)]
struct Store {
    items: Vec<Item>,
    text: String,
}

/// The store of fragments without content: shared, so a new fragment allocates nothing.
fn empty_store() -> Arc<Store> {
    static EMPTY: OnceLock<Arc<Store>> = OnceLock::new();
    EMPTY.get_or_init(|| Arc::new(Store::default())).clone()
}

impl Fragment {
    /// An empty element with the given name.
    pub fn new(name: Name) -> Self {
        Fragment {
            name,
            store: empty_store(),
            first: 0,
            end: 0,
        }
    }

    /// The element's name.
    pub fn name(&self) -> &Name {
        &self.name
    }

    fn span(&self, a: usize, b: usize) -> &str {
        self.store.text.get(a..b).unwrap_or("")
    }

    /// This fragment's items.
    fn items(&self) -> &[Item] {
        self.store
            .items
            .get(self.first..self.end)
            .unwrap_or_default()
    }

    /// The store, made this fragment's own (its items and text copied out of a shared
    /// one first), for editing.
    fn own(&mut self) -> &mut Store {
        if self.first != 0 || self.end != self.store.items.len() {
            let mut store = Store::default();
            for item in self.items() {
                store.items.push(match item {
                    Item::Attr(n, a, b) => {
                        let (a, b) = push_str(&mut store.text, self.span(*a, *b));
                        Item::Attr(n.clone(), a, b)
                    }
                    Item::Text(a, b) => {
                        let (a, b) = push_str(&mut store.text, self.span(*a, *b));
                        Item::Text(a, b)
                    }
                    other => other.clone(),
                });
            }
            self.store = Arc::new(store);
            self.first = 0;
        }
        let store = Arc::make_mut(&mut self.store);
        self.end = store.items.len();
        store
    }

    fn push_item(&mut self, item: impl FnOnce(&mut String) -> Item) {
        let store = self.own();
        let item = item(&mut store.text);
        store.items.push(item);
        self.end = store.items.len();
    }

    fn push_attr(&mut self, name: Name, value: &str) {
        self.push_item(|text| {
            let (a, b) = push_str(text, value);
            Item::Attr(name, a, b)
        });
    }

    fn push_start(&mut self, name: Name) {
        self.push_item(|_| Item::Start(name));
    }

    fn push_text(&mut self, value: &str) {
        self.push_item(|text| {
            let (a, b) = push_str(text, value);
            Item::Text(a, b)
        });
    }

    fn push_end(&mut self) {
        self.push_item(|_| Item::End);
    }

    /// Appends text to the element's own content (after any child elements added so far).
    pub fn add_text(&mut self, text: &str) {
        self.push_text(text);
    }

    /// Appends a child element `name` holding `text` (an empty element when `text` is
    /// empty), e.g. an Exchange multi-value `v`.
    pub fn add_text_child(&mut self, name: Name, text: &str) {
        self.push_start(name);
        if !text.is_empty() {
            self.push_text(text);
        }
        self.push_end();
    }

    /// Appends a copy of `child` as a child element.
    pub fn add_child(&mut self, child: &Fragment) {
        self.push_start(child.name.clone());
        for i in child.items() {
            match i {
                Item::Attr(n, a, b) => self.push_attr(n.clone(), child.span(*a, *b)),
                Item::Start(n) => self.push_start(n.clone()),
                Item::Text(a, b) => self.push_text(child.span(*a, *b)),
                Item::End => self.push_end(),
            }
        }
        self.push_end();
    }

    /// The element's own attributes in order.
    pub fn attrs(&self) -> impl Iterator<Item = (&Name, &str)> {
        self.items().iter().map_while(move |i| match i {
            Item::Attr(n, a, b) => Some((n, self.span(*a, *b))),
            _ => None,
        })
    }

    /// The value of the element's own attribute `{ns}local`.
    pub fn attr(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs().find(|(n, _)| n.is(ns, local)).map(|(_, v)| v)
    }

    /// Sets (replaces or adds) an attribute of the element itself.
    pub fn set_attr(&mut self, ns: &str, local: &str, value: &str) {
        let found = self.attrs().position(|(n, _)| n.is(ns, local));
        let count = self.attrs().count();
        // Owned, the fragment's items start at 0: positions stay valid.
        let store = self.own();
        let (a, b) = push_str(&mut store.text, value);
        match found {
            Some(pos) => {
                if let Some(Item::Attr(_, x, y)) = store.items.get_mut(pos) {
                    (*x, *y) = (a, b);
                }
            }
            None => store
                .items
                .insert(count, Item::Attr(Name::new(ns, local), a, b)),
        }
        self.end = store.items.len();
    }

    /// Removes an attribute of the element itself, returning its value.
    pub fn remove_attr(&mut self, ns: &str, local: &str) -> Option<String> {
        let pos = self.attrs().position(|(n, _)| n.is(ns, local))?;
        let store = self.own();
        let removed = store.items.remove(pos);
        self.end = store.items.len();
        match removed {
            Item::Attr(_, a, b) => Some(self.span(a, b).to_string()),
            _ => None,
        }
    }

    /// Items of the element's content (after its own attributes) with their depth: 0 for
    /// the element's own children.
    fn content(&self) -> impl Iterator<Item = (usize, &Item)> {
        let mut depth = 0usize;
        self.items()
            .iter()
            .skip_while(|i| matches!(i, Item::Attr(..)))
            .map(move |i| {
                let d = depth;
                match i {
                    Item::Start(_) => depth += 1,
                    Item::End => depth = depth.saturating_sub(1),
                    _ => {}
                }
                match i {
                    Item::End => (depth, i),
                    _ => (d, i),
                }
            })
    }

    /// Concatenates the pieces of text, borrowing when there is at most one.
    fn join<'a>(pieces: impl Iterator<Item = &'a str>) -> Cow<'a, str> {
        let mut out: Cow<'a, str> = Cow::Borrowed("");
        for (i, p) in pieces.enumerate() {
            if i == 0 {
                out = Cow::Borrowed(p);
            } else {
                out.to_mut().push_str(p);
            }
        }
        out
    }

    /// The element's own text (its text children concatenated, not descendants'),
    /// borrowed when it is one piece, as [`Element::text`] gives it.
    pub fn text(&self) -> Cow<'_, str> {
        Self::join(self.content().filter_map(|(d, i)| match i {
            Item::Text(a, b) if d == 0 => Some(self.span(*a, *b)),
            _ => None,
        }))
    }

    /// Whether the element has any child element.
    pub fn has_element_children(&self) -> bool {
        self.items().iter().any(|i| matches!(i, Item::Start(_)))
    }

    /// Whether the element has no content (no text, no child element); attributes aside.
    pub fn is_empty(&self) -> bool {
        self.items().iter().all(|i| matches!(i, Item::Attr(..)))
    }

    /// The names of the child elements, in order.
    pub fn child_names(&self) -> impl Iterator<Item = &Name> {
        self.content().filter_map(|(d, i)| match i {
            Item::Start(n) if d == 0 => Some(n),
            _ => None,
        })
    }

    /// The own text of each child element named `{ns}local`, in order (empty for an empty
    /// child), borrowed where it is one piece: Exchange's multi-valued `v` children.
    pub fn child_texts<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        ChildTexts {
            fragment: self,
            pos: self
                .items()
                .iter()
                .position(|i| !matches!(i, Item::Attr(..)))
                .unwrap_or(self.end - self.first),
            ns,
            local,
        }
    }

    /// All names used (the element's, its attributes', its descendants' and theirs).
    pub fn names(&self) -> impl Iterator<Item = (&Name, bool)> {
        std::iter::once((&self.name, false)).chain(self.items().iter().filter_map(|i| match i {
            Item::Attr(n, ..) => Some((n, true)),
            Item::Start(n) => Some((n, false)),
            _ => None,
        }))
    }

    /// Writes the fragment through `w` as start/attr/text/end calls.
    pub(crate) fn write_into(&self, w: &mut crate::Writer) {
        w.start(self.name.ns(), self.name.local());
        for i in self.items() {
            match i {
                Item::Attr(n, a, b) => {
                    w.attr(n.ns(), n.local(), self.span(*a, *b));
                }
                Item::Start(n) => {
                    w.start(n.ns(), n.local());
                }
                Item::Text(a, b) => {
                    w.text(self.span(*a, *b));
                }
                Item::End => {
                    w.end();
                }
            }
        }
        w.end();
    }

    /// The same content as an [`Element`] tree (offsets 0).
    pub fn to_element(&self) -> Element {
        let mut stack: Vec<Element> = vec![Element::named(self.name.clone())];
        for i in self.items() {
            match i {
                Item::Attr(n, a, b) => {
                    if let Some(top) = stack.last_mut() {
                        top.attrs.push(Attribute {
                            name: n.clone(),
                            value: self.span(*a, *b).to_string(),
                        });
                    }
                }
                Item::Start(n) => stack.push(Element::named(n.clone())),
                Item::Text(a, b) => {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Text(self.span(*a, *b).to_string()));
                    }
                }
                Item::End => {
                    if stack.len() > 1
                        && let Some(done) = stack.pop()
                        && let Some(top) = stack.last_mut()
                    {
                        top.children.push(Node::Element(done));
                    }
                }
            }
        }
        // Items are balanced by construction; close anything left open all the same.
        while stack.len() > 1 {
            if let Some(done) = stack.pop()
                && let Some(top) = stack.last_mut()
            {
                top.children.push(Node::Element(done));
            }
        }
        stack
            .pop()
            .unwrap_or_else(|| Element::named(self.name.clone()))
    }

    /// Equality with `other` with the element's own attribute `{ns}local` set aside on both
    /// sides.
    pub fn eq_ignoring_attr(&self, other: &Fragment, ns: &str, local: &str) -> bool {
        let keep = |i: &&Item| !matches!(i, Item::Attr(n, ..) if n.is(ns, local));
        let (a_own, a_rest) = self.items().split_at(self.attrs().count());
        let (b_own, b_rest) = other.items().split_at(other.attrs().count());
        self.name == other.name
            && items_eq(
                self,
                a_own.iter().filter(keep).chain(a_rest),
                other,
                b_own.iter().filter(keep).chain(b_rest),
            )
    }
}

fn push_str(text: &mut String, s: &str) -> (usize, usize) {
    let a = text.len();
    text.push_str(s);
    (a, text.len())
}

fn items_eq<'a>(
    fa: &'a Fragment,
    a: impl Iterator<Item = &'a Item>,
    fb: &'a Fragment,
    b: impl Iterator<Item = &'a Item>,
) -> bool {
    let mut a = a;
    let mut b = b;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                let same = match (x, y) {
                    (Item::Attr(n, p, q), Item::Attr(m, r, s)) => {
                        n == m && fa.span(*p, *q) == fb.span(*r, *s)
                    }
                    (Item::Start(n), Item::Start(m)) => n == m,
                    (Item::Text(p, q), Item::Text(r, s)) => fa.span(*p, *q) == fb.span(*r, *s),
                    (Item::End, Item::End) => true,
                    _ => false,
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Iterator behind [`Fragment::child_texts`].
struct ChildTexts<'a> {
    fragment: &'a Fragment,
    pos: usize,
    ns: &'a str,
    local: &'a str,
}

impl<'a> Iterator for ChildTexts<'a> {
    type Item = Cow<'a, str>;

    fn next(&mut self) -> Option<Cow<'a, str>> {
        let f = self.fragment;
        let items = f.items();
        while let Some(item) = items.get(self.pos) {
            self.pos += 1;
            let Item::Start(name) = item else {
                continue;
            };
            // A child element: gather its own text, skip its descendants, step past its end.
            let wanted = name.is(self.ns, self.local);
            let mut depth = 1usize;
            let mut out: Option<Cow<'a, str>> = None;
            while let Some(inner) = items.get(self.pos) {
                self.pos += 1;
                match inner {
                    Item::Start(_) => depth += 1,
                    Item::End => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Item::Text(a, b) if depth == 1 && wanted => {
                        let t = f.span(*a, *b);
                        match out.as_mut() {
                            None => out = Some(Cow::Borrowed(t)),
                            Some(o) => o.to_mut().push_str(t),
                        }
                    }
                    _ => {}
                }
            }
            if wanted {
                return Some(out.unwrap_or(Cow::Borrowed("")));
            }
        }
        None
    }
}

impl From<&Element> for Fragment {
    fn from(el: &Element) -> Self {
        fn walk(f: &mut Fragment, el: &Element) {
            for a in &el.attrs {
                f.push_attr(a.name.clone(), &a.value);
            }
            for c in &el.children {
                match c {
                    Node::Text(t) => f.push_text(t),
                    Node::Element(e) => {
                        f.push_start(e.name.clone());
                        walk(f, e);
                        f.push_end();
                    }
                }
            }
        }
        let mut f = Fragment::new(el.name.clone());
        walk(&mut f, el);
        f
    }
}

impl From<Element> for Fragment {
    fn from(el: Element) -> Self {
        Fragment::from(&el)
    }
}

impl From<&Fragment> for Element {
    fn from(f: &Fragment) -> Self {
        f.to_element()
    }
}

/// Tree equality: names, attributes in order, text and children.
impl PartialEq for Fragment {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.items().len() == other.items().len()
            && items_eq(self, self.items().iter(), other, other.items().iter())
    }
}
impl Eq for Fragment {}

impl Hash for Fragment {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        for i in self.items() {
            match i {
                Item::Attr(n, a, b) => {
                    0u8.hash(state);
                    n.hash(state);
                    self.span(*a, *b).hash(state);
                }
                Item::Start(n) => {
                    1u8.hash(state);
                    n.hash(state);
                }
                Item::Text(a, b) => {
                    2u8.hash(state);
                    self.span(*a, *b).hash(state);
                }
                Item::End => 3u8.hash(state),
            }
        }
    }
}

/// Shown as the tree it stands for.
impl fmt::Debug for Fragment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_element(), f)
    }
}

/// Fragments read one after another into one buffer: [`FragmentBatch::finish`] hands them
/// out sharing a single allocation of items and one of text (the WebDAV multistatus reader
/// keeps all properties of a `propstat` this way). A fragment of a batch keeps the whole
/// buffer alive; editing one copies it out first.
#[derive(Default)]
pub struct FragmentBatch {
    items: Vec<Item>,
    text: String,
    /// Per fragment: its name and the end of its items.
    marks: Vec<(Name, usize)>,
    /// Per open element of the fragment being read: whether it has a child element yet.
    open: Vec<bool>,
}

impl FragmentBatch {
    /// An empty batch.
    pub fn new() -> Self {
        FragmentBatch::default()
    }

    /// An empty batch with room for `items` items (elements, attributes, texts) and
    /// `text` bytes of text before it grows.
    pub fn with_capacity(items: usize, text: usize) -> Self {
        FragmentBatch {
            items: Vec::with_capacity(items),
            text: String::with_capacity(text),
            ..FragmentBatch::default()
        }
    }

    /// Number of fragments read since the last [`FragmentBatch::finish`].
    pub fn len(&self) -> usize {
        self.marks.len()
    }

    /// Whether no fragment was read since the last [`FragmentBatch::finish`].
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// The fragments read, in order, sharing one exactly sized buffer; the batch is left
    /// empty for reuse.
    pub fn finish(&mut self) -> Vec<Fragment> {
        // The text buffer is handed over whole when it is mostly full (one large value, as
        // in an Exchange free/busy message); else copied exactly, the buffer kept for reuse.
        let text = if self.text.len() >= self.text.capacity() / 2 {
            std::mem::take(&mut self.text)
        } else {
            let exact = self.text.as_str().to_owned();
            self.text.clear();
            exact
        };
        let store = Arc::new(Store {
            items: self.items.drain(..).collect(),
            text,
        });
        let mut first = 0;
        let out = self
            .marks
            .drain(..)
            .map(|(name, end)| {
                let f = Fragment {
                    name,
                    store: store.clone(),
                    first,
                    end,
                };
                first = end;
                f
            })
            .collect();
        self.open.clear();
        out
    }

    // Building, for the reader. A fragment is begun, filled, then ended or abandoned.

    pub(crate) fn begin(&mut self, name: Name) -> usize {
        self.open.clear();
        self.open.push(false);
        self.marks.push((name, self.items.len()));
        self.text.len()
    }

    pub(crate) fn end(&mut self) {
        if let Some(m) = self.marks.last_mut() {
            m.1 = self.items.len();
        }
    }

    /// Drops the fragment being read (after an error), leaving the batch as before it.
    pub(crate) fn abandon(&mut self, text_len: usize) {
        if let Some((_, start)) = self.marks.pop() {
            // While a fragment is read its mark holds where its items start.
            self.items.truncate(start);
        }
        self.text.truncate(text_len);
    }

    /// Where the fragment being read starts its items (its mark until `end`).
    fn start_of_current(&self) -> usize {
        self.marks.last().map_or(0, |m| m.1)
    }

    pub(crate) fn attr(&mut self, name: Name, value: &str) {
        let (a, b) = push_str(&mut self.text, value);
        self.items.push(Item::Attr(name, a, b));
    }

    pub(crate) fn start(&mut self, name: Name) {
        if let Some(top) = self.open.last_mut()
            && !*top
        {
            // White space before an element's first child element is formatting (at most one
            // text item precedes it: the reader joins text up to the next tag).
            *top = true;
            if self.items.len() > self.start_of_current()
                && let Some(&Item::Text(a, b)) = self.items.last()
                && self.text.get(a..b).is_some_and(is_blank)
            {
                self.items.pop();
                self.text.truncate(a);
            }
        }
        self.items.push(Item::Start(name));
        self.open.push(false);
    }

    pub(crate) fn text(&mut self, value: &str) {
        // White space after an element's first child element is formatting.
        if self.open.last().copied().unwrap_or(false) && is_blank(value) {
            return;
        }
        let (a, b) = push_str(&mut self.text, value);
        self.items.push(Item::Text(a, b));
    }

    /// Closes an element; whether it was the fragment's own (the fragment is complete).
    pub(crate) fn close(&mut self) -> bool {
        self.open.pop();
        if self.open.is_empty() {
            self.end();
            return true;
        }
        self.items.push(Item::End);
        false
    }
}
