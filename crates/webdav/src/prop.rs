//! WebDAV properties: a qualified name and a value kept as an exact XML fragment.
//!
//! A [`Property`] *is* the property element as it travels in `propertyupdate` and
//! `multistatus` bodies: its name is the property name, its attributes (Exchange's `dt`
//! type hint) and children (Exchange's `xml:`-namespaced `v` values) are kept exactly, in
//! order, so unknown and typed properties survive a read-modify-write.

use std::borrow::Cow;

use interop_xml::{Element, Fragment, Name};

/// A property's qualified name: namespace URI + local name.
pub type PropName = Name;

/// The `dt` type attribute namespace Exchange puts on typed properties.
pub const DT_NS: &str = "urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/";
/// The namespace of Exchange's multi-value `v` children (`xmlns:c="xml:"`).
pub const MV_NS: &str = "xml:";

/// One property with its value, kept as an [`Fragment`] (the element flattened into two
/// allocations): reading a multistatus of many typed properties stays cheap, and values
/// are read without copying ([`Property::value`], [`Property::values_iter`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Property {
    fragment: Fragment,
}

impl Property {
    /// Wraps a property element (its name is the property name).
    pub fn from_element(element: Element) -> Self {
        Property {
            fragment: Fragment::from(&element),
        }
    }

    /// Wraps a property element already in flat form.
    pub fn from_fragment(fragment: Fragment) -> Self {
        Property { fragment }
    }

    /// A property with a text value (possibly empty).
    pub fn text(name: PropName, text: impl AsRef<str>) -> Self {
        let mut fragment = Fragment::new(name);
        let text = text.as_ref();
        if !text.is_empty() {
            fragment.add_text(text);
        }
        Property { fragment }
    }

    /// An Exchange-typed property: `dt` attribute plus a text value, e.g. `int` `214016160`.
    pub fn typed(name: PropName, dt: &str, text: impl AsRef<str>) -> Self {
        let mut fragment = Fragment::new(name);
        fragment.set_attr(DT_NS, "dt", dt);
        let text = text.as_ref();
        if !text.is_empty() {
            fragment.add_text(text);
        }
        Property { fragment }
    }

    /// An Exchange multi-valued property: `dt` (`mv.int`, `mv.bin.base64`, `mv.string`) and
    /// one `xml:` `v` child per value; an empty value is an empty `<v/>`.
    pub fn multi_valued<I, S>(name: PropName, dt: &str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut fragment = Fragment::new(name);
        fragment.set_attr(DT_NS, "dt", dt);
        let v = Name::new(MV_NS, "v");
        for value in values {
            fragment.add_text_child(v.clone(), value.as_ref());
        }
        Property { fragment }
    }

    /// An empty property element (as a PROPFIND/`remove` name or an empty value).
    pub fn empty(name: PropName) -> Self {
        Property {
            fragment: Fragment::new(name),
        }
    }

    /// The property name.
    pub fn name(&self) -> &PropName {
        self.fragment.name()
    }

    /// The property element, exactly as read or built.
    pub fn fragment(&self) -> &Fragment {
        &self.fragment
    }

    /// Mutable access to the property element (its attributes and content).
    pub fn fragment_mut(&mut self) -> &mut Fragment {
        &mut self.fragment
    }

    /// The property element as a tree.
    pub fn to_element(&self) -> Element {
        self.fragment.to_element()
    }

    /// Unwraps the element, as a tree.
    pub fn into_element(self) -> Element {
        self.fragment.to_element()
    }

    /// The text value (the element's own text), borrowed when it is one piece.
    pub fn value(&self) -> Cow<'_, str> {
        self.fragment.text()
    }

    /// The Exchange type hint (`dt` attribute), when the server kept it.
    pub fn dt(&self) -> Option<&str> {
        self.fragment.attr(DT_NS, "dt")
    }

    /// The texts of the `xml:` `v` children, in order (empty strings for `<v/>`).
    pub fn values(&self) -> Vec<String> {
        self.values_iter().map(Cow::into_owned).collect()
    }

    /// The texts of the `xml:` `v` children, in order, borrowed where each is one piece.
    pub fn values_iter(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.fragment.child_texts(MV_NS, "v")
    }

    /// Equality as XML trees with the property element's own `dt` attribute set aside
    /// (Apache drops it; everything else must match, including `dt` on children).
    pub fn eq_ignoring_dt(&self, other: &Property) -> bool {
        self.fragment.eq_ignoring_attr(&other.fragment, DT_NS, "dt")
    }
}

impl From<Element> for Property {
    fn from(element: Element) -> Self {
        Property::from_element(element)
    }
}

impl From<Fragment> for Property {
    fn from(fragment: Fragment) -> Self {
        Property::from_fragment(fragment)
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
