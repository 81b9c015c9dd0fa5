//! WebDAV properties: a qualified name and a value kept as an exact XML fragment.
//!
//! A [`Property`] *is* the property element as it travels in `propertyupdate` and
//! `multistatus` bodies: its name is the property name, its attributes (Exchange's `dt`
//! type hint) and children (Exchange's `xml:`-namespaced `v` values) are kept exactly, in
//! order, so unknown and typed properties survive a read-modify-write.

use interop_xml::{Element, Name, Node};

/// A property's qualified name: namespace URI + local name.
pub type PropName = Name;

/// The `dt` type attribute namespace Exchange puts on typed properties.
pub const DT_NS: &str = "urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/";
/// The namespace of Exchange's multi-value `v` children (`xmlns:c="xml:"`).
pub const MV_NS: &str = "xml:";

/// One property with its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Property {
    element: Element,
}

impl Property {
    /// Wraps a property element (its name is the property name).
    pub fn from_element(element: Element) -> Self {
        Property { element }
    }

    /// A property with a text value (possibly empty).
    pub fn text(name: PropName, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut element = Element::named(name);
        if !text.is_empty() {
            element.children.push(Node::Text(text));
        }
        Property { element }
    }

    /// An Exchange-typed property: `dt` attribute plus a text value, e.g. `int` `214016160`.
    pub fn typed(name: PropName, dt: &str, text: impl Into<String>) -> Self {
        let mut p = Property::text(name, text);
        p.element.set_attr(DT_NS, "dt", dt);
        p
    }

    /// An Exchange multi-valued property: `dt` (`mv.int`, `mv.bin.base64`, `mv.string`) and
    /// one `xml:` `v` child per value; an empty value is an empty `<v/>`.
    pub fn multi_valued<I, S>(name: PropName, dt: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut element = Element::named(name);
        element.set_attr(DT_NS, "dt", dt);
        for v in values {
            let v = v.into();
            let mut child = Element::new(MV_NS, "v");
            if !v.is_empty() {
                child.children.push(Node::Text(v));
            }
            element.children.push(Node::Element(child));
        }
        Property { element }
    }

    /// An empty property element (as a PROPFIND/`remove` name or an empty value).
    pub fn empty(name: PropName) -> Self {
        Property {
            element: Element::named(name),
        }
    }

    /// The property name.
    pub fn name(&self) -> &PropName {
        &self.element.name
    }

    /// The property element, exactly as read or built.
    pub fn element(&self) -> &Element {
        &self.element
    }

    /// Mutable access to the property element.
    pub fn element_mut(&mut self) -> &mut Element {
        &mut self.element
    }

    /// Unwraps the element.
    pub fn into_element(self) -> Element {
        self.element
    }

    /// The text value (the element's own text).
    pub fn value(&self) -> String {
        self.element.text()
    }

    /// The Exchange type hint (`dt` attribute), when the server kept it.
    pub fn dt(&self) -> Option<&str> {
        self.element.attr(DT_NS, "dt")
    }

    /// The texts of the `xml:` `v` children, in order (empty strings for `<v/>`).
    pub fn values(&self) -> Vec<String> {
        self.element
            .children_named(MV_NS, "v")
            .map(|v| v.text())
            .collect()
    }

    /// Equality as XML trees with the property element's own `dt` attribute set aside
    /// (Apache drops it; everything else must match, including `dt` on children).
    pub fn eq_ignoring_dt(&self, other: &Property) -> bool {
        let strip = |e: &Element| {
            let mut e = e.clone();
            e.remove_attr(DT_NS, "dt");
            e
        };
        strip(&self.element) == strip(&other.element)
    }
}

impl From<Element> for Property {
    fn from(element: Element) -> Self {
        Property::from_element(element)
    }
}

/// Conventional prefixes for namespaces the workspace writes, so bodies look like the ones
/// Exchange, Outlook and the specifications show. Unknown namespaces get generated ones.
pub const CONVENTIONAL_PREFIXES: &[(&str, &str)] = &[
    ("D", crate::DAV),
    ("b", DT_NS),
    ("c", MV_NS),
    ("d", "http://schemas.microsoft.com/mapi/"),
    ("e", "http://schemas.microsoft.com/mapi/proptag/"),
    ("f", "http://schemas.microsoft.com/exchange/"),
];
