//! A strict, namespace-aware XML writer.

use crate::dom::{Element, Node};
use crate::error::WriteError;
use crate::fragment::Fragment;

struct Open {
    qname: String,
    scope: usize,
}

/// Writes XML with namespaces declared once and all text and attribute values escaped.
///
/// Prefixes come from [`Writer::declare`] (declared on the next start tag, normally the
/// root) or are generated (`ns0`, `ns1`, …) where a namespace is not in scope. Misuse (a
/// name that is not an XML name, a character XML cannot carry, unbalanced calls) is
/// recorded and reported by [`Writer::finish`]; the calls themselves never panic.
///
/// ```
/// let mut w = interop_xml::Writer::with_declaration();
/// w.declare("D", "DAV:");
/// w.start("DAV:", "propfind").start("DAV:", "prop");
/// w.start("urn:example", "x").attr("", "kind", "a\"b").end();
/// w.end().end();
/// assert_eq!(
///     w.finish()?,
///     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
///      <D:propfind xmlns:D=\"DAV:\"><D:prop><ns0:x xmlns:ns0=\"urn:example\" kind=\"a&quot;b\"/></D:prop></D:propfind>"
/// );
/// # Ok::<(), interop_xml::WriteError>(())
/// ```
pub struct Writer {
    out: String,
    bindings: Vec<(String, String)>,
    open: Vec<Open>,
    pending: Vec<(String, String)>,
    in_start_tag: bool,
    root_done: bool,
    generated: usize,
    error: Option<WriteError>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    /// A writer without an XML declaration.
    pub fn new() -> Self {
        Writer {
            out: String::new(),
            bindings: Vec::new(),
            open: Vec::new(),
            pending: Vec::new(),
            in_start_tag: false,
            root_done: false,
            generated: 0,
            error: None,
        }
    }

    /// A writer that starts with `<?xml version="1.0" encoding="utf-8"?>`.
    pub fn with_declaration() -> Self {
        let mut w = Writer::new();
        w.out.push_str(r#"<?xml version="1.0" encoding="utf-8"?>"#);
        w
    }

    fn fail(&mut self, e: WriteError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Declares `prefix` (empty for the default namespace) for `uri` on the next start tag.
    pub fn declare(&mut self, prefix: &str, uri: &str) -> &mut Self {
        if !prefix.is_empty()
            && (!crate::is_valid_local_name(prefix)
                || prefix.to_ascii_lowercase().starts_with("xml"))
        {
            self.fail(WriteError::InvalidPrefix(prefix.to_string()));
            return self;
        }
        if !crate::is_writable_namespace(uri) {
            self.fail(WriteError::InvalidNamespace(uri.to_string()));
            return self;
        }
        self.pending.push((prefix.to_string(), uri.to_string()));
        self
    }

    fn close_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }

    /// The prefix bound to `uri` in scope, if any; `attr` excludes the default namespace.
    fn lookup(&self, uri: &str, attr: bool) -> Option<&str> {
        for (i, (p, u)) in self.bindings.iter().enumerate().rev() {
            if u == uri && !(attr && p.is_empty()) {
                // Not shadowed by a later binding of the same prefix.
                if !self.bindings[i + 1..].iter().any(|(q, _)| q == p) {
                    return Some(p);
                }
            }
        }
        None
    }

    fn default_ns(&self) -> &str {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p.is_empty())
            .map(|(_, u)| u.as_str())
            .unwrap_or("")
    }

    fn fresh_prefix(&mut self) -> String {
        loop {
            let p = format!("ns{}", self.generated);
            self.generated += 1;
            if !self.bindings.iter().any(|(q, _)| *q == p)
                && !self.pending.iter().any(|(q, _)| *q == p)
            {
                return p;
            }
        }
    }

    fn write_decl(&mut self, prefix: &str, uri: &str) {
        if !crate::is_writable_namespace(uri) {
            self.fail(WriteError::InvalidNamespace(uri.to_string()));
        }
        if prefix.is_empty() {
            self.out.push_str(" xmlns=\"");
        } else {
            self.out.push_str(" xmlns:");
            self.out.push_str(prefix);
            self.out.push_str("=\"");
        }
        // Checked above: no `&`, `<` or `"`; written as is, so it reads back unchanged.
        self.out.push_str(uri);
        self.out.push('"');
    }

    /// Opens element `{ns}local` (use `""` for no namespace).
    pub fn start(&mut self, ns: &str, local: &str) -> &mut Self {
        self.close_start_tag();
        if self.root_done && self.open.is_empty() {
            self.fail(WriteError::Unbalanced("a second root element"));
        }
        if !crate::is_valid_local_name(local) {
            self.fail(WriteError::InvalidName(local.to_string()));
        }
        let scope = self.bindings.len();
        let pending = std::mem::take(&mut self.pending);
        self.bindings.extend(pending);
        let prefix = if ns.is_empty() {
            if !self.default_ns().is_empty() {
                self.bindings.push((String::new(), String::new()));
            }
            String::new()
        } else if ns == crate::ns::XML {
            "xml".to_string()
        } else {
            match self.lookup(ns, false) {
                Some(p) => p.to_string(),
                None => {
                    let p = self.fresh_prefix();
                    self.bindings.push((p.clone(), ns.to_string()));
                    p
                }
            }
        };
        let qname = if prefix.is_empty() {
            local.to_string()
        } else {
            format!("{prefix}:{local}")
        };
        self.out.push('<');
        self.out.push_str(&qname);
        for i in scope..self.bindings.len() {
            let (p, u) = self.bindings[i].clone();
            self.write_decl(&p, &u);
        }
        self.open.push(Open { qname, scope });
        self.in_start_tag = true;
        self
    }

    /// Adds attribute `{ns}local` to the element just opened.
    pub fn attr(&mut self, ns: &str, local: &str, value: &str) -> &mut Self {
        if !self.in_start_tag {
            self.fail(WriteError::AttributeAfterContent(local.to_string()));
            return self;
        }
        if !crate::is_valid_local_name(local) {
            self.fail(WriteError::InvalidName(local.to_string()));
        }
        if let Err(e) = check_chars(value, local) {
            self.fail(e);
        }
        let prefix = if ns.is_empty() {
            String::new()
        } else if ns == crate::ns::XML {
            "xml".to_string()
        } else {
            match self.lookup(ns, true) {
                Some(p) => p.to_string(),
                None => {
                    let p = self.fresh_prefix();
                    self.write_decl(&p, ns);
                    self.bindings.push((p.clone(), ns.to_string()));
                    p
                }
            }
        };
        self.out.push(' ');
        if !prefix.is_empty() {
            self.out.push_str(&prefix);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push_str("=\"");
        escape_attr_into(&mut self.out, value);
        self.out.push('"');
        self
    }

    /// Writes escaped text into the current element.
    pub fn text(&mut self, text: &str) -> &mut Self {
        if self.open.is_empty() {
            self.fail(WriteError::Unbalanced("text outside the root element"));
            return self;
        }
        if let Err(e) = check_chars(
            text,
            self.open.last().map(|o| o.qname.as_str()).unwrap_or(""),
        ) {
            self.fail(e);
            return self;
        }
        if text.is_empty() {
            return self;
        }
        self.close_start_tag();
        escape_text_into(&mut self.out, text);
        self
    }

    /// Closes the current element (as `<x/>` when it has no content).
    pub fn end(&mut self) -> &mut Self {
        let Some(open) = self.open.pop() else {
            self.fail(WriteError::Unbalanced("end() without an open element"));
            return self;
        };
        if self.in_start_tag {
            self.out.push_str("/>");
            self.in_start_tag = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(&open.qname);
            self.out.push('>');
        }
        self.bindings.truncate(open.scope);
        if self.open.is_empty() {
            self.root_done = true;
        }
        self
    }

    /// Writes a whole tree. Namespaces the subtree uses that are not in scope are declared
    /// once, on the subtree's root.
    pub fn element(&mut self, el: &Element) -> &mut Self {
        let mut names: Vec<(&str, bool)> = Vec::new();
        collect_namespaces(el, &mut |ns, attr| names.push((ns, attr)));
        self.declare_missing(names);
        self.write_tree(el);
        self
    }

    /// Writes a [`Fragment`], declaring namespaces as [`Writer::element`] does.
    pub fn fragment(&mut self, f: &Fragment) -> &mut Self {
        self.declare_missing(f.names().map(|(n, attr)| (n.ns(), attr)));
        f.write_into(self);
        self
    }

    /// Makes the next start tag declare each namespace of `names` (namespace, whether it is
    /// an attribute's) that is not in scope, with generated prefixes.
    fn declare_missing<'a>(&mut self, names: impl IntoIterator<Item = (&'a str, bool)>) {
        let mut missing: Vec<&str> = Vec::new();
        for (ns, attr) in names {
            if ns.is_empty() || ns == crate::ns::XML || missing.contains(&ns) {
                continue;
            }
            let bound = self.lookup(ns, attr).is_some()
                || self
                    .pending
                    .iter()
                    .any(|(p, u)| u == ns && !(attr && p.is_empty()));
            if !bound {
                missing.push(ns);
            }
        }
        for ns in missing {
            let p = self.fresh_prefix();
            self.pending.push((p, ns.to_string()));
        }
    }

    fn write_tree(&mut self, el: &Element) {
        self.start(el.name.ns(), el.name.local());
        for a in &el.attrs {
            self.attr(a.name.ns(), a.name.local(), &a.value);
        }
        for child in &el.children {
            match child {
                Node::Element(e) => self.write_tree(e),
                Node::Text(t) => {
                    self.text(t);
                }
            }
        }
        self.end();
    }

    /// The document written so far, or the first misuse.
    pub fn finish(mut self) -> Result<String, WriteError> {
        self.close_start_tag();
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.open.is_empty() {
            return Err(WriteError::Unclosed(self.open.len()));
        }
        Ok(self.out)
    }
}

fn collect_namespaces<'a>(el: &'a Element, f: &mut impl FnMut(&'a str, bool)) {
    f(el.name.ns(), false);
    for a in &el.attrs {
        f(a.name.ns(), true);
    }
    for c in el.elements() {
        collect_namespaces(c, f);
    }
}

/// Whether any byte of `bytes` satisfies `flag`, scanned in 32-byte chunks the compiler
/// vectorizes (values such as base64 blobs run to kilobytes).
fn any_byte(bytes: &[u8], flag: impl Fn(u8) -> bool) -> bool {
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |acc, &b| acc | flag(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| flag(b))
}

fn check_chars(s: &str, context: &str) -> Result<(), WriteError> {
    // Printable ASCII, tab, line feed and carriage return are XML characters: only other
    // bytes need the character-by-character check.
    let suspect = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b >= 0x7f;
    if !any_byte(s.as_bytes(), suspect) {
        return Ok(());
    }
    match s.chars().find(|c| !crate::is_xml_char(*c)) {
        Some(c) => Err(WriteError::InvalidChar {
            code: c as u32,
            context: context.to_string(),
        }),
        None => Ok(()),
    }
}

fn escape_text_into(out: &mut String, s: &str) {
    if !any_byte(s.as_bytes(), |b| matches!(b, b'<' | b'>' | b'&' | b'\r')) {
        out.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn escape_attr_into(out: &mut String, s: &str) {
    if !any_byte(s.as_bytes(), |b| {
        matches!(b, b'<' | b'>' | b'&' | b'"' | b'\t' | b'\n' | b'\r')
    }) {
        out.push_str(s);
        return;
    }
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}
