//! `Fragment`: the flat form of an element holds exactly the tree.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use interop_xml::{Element, Fragment, Limits, Reader, Writer, parse};

fn read(src: &str) -> Result<Fragment, interop_xml::Error> {
    let mut r = Reader::new(src.as_bytes(), &Limits::default())?;
    r.next_child()?;
    r.read_fragment()
}

fn hash(f: &Fragment) -> u64 {
    let mut h = DefaultHasher::new();
    f.hash(&mut h);
    h.finish()
}

const DOCS: &[&str] = &[
    "<a/>",
    "<a x='1'/>",
    "<a> </a>",
    "<a><![CDATA[]]></a>",
    "<a>t&amp;u<b/>v</a>",
    "<a>\n  <b>1</b>\n  <b/>\n</a>",
    "<p xmlns='urn:x' xmlns:c='xml:' xmlns:d='urn:d' d:dt='mv.int'><c:v>1</c:v><c:v/><c:v>a<c:x/>b</c:v></p>",
    "<a><b><c><d y='2'>deep</d></c></b> tail </a>",
];

#[test]
fn read_convert_and_write_agree_with_the_tree() {
    for doc in DOCS {
        let tree = parse(doc.as_bytes(), &Limits::default()).unwrap();
        let f = read(doc).unwrap();
        assert_eq!(f, Fragment::from(&tree), "{doc}");
        assert_eq!(hash(&f), hash(&Fragment::from(&tree)), "{doc}");
        assert_eq!(f.to_element(), tree, "{doc}");
        assert_eq!(f.text(), tree.text(), "{doc}");
        assert_eq!(f.has_element_children(), tree.has_element_children());
        let names: Vec<_> = f.child_names().cloned().collect();
        let want: Vec<_> = tree.elements().map(|e| e.name.clone()).collect();
        assert_eq!(names, want, "{doc}");
        let mut w = Writer::new();
        w.fragment(&f);
        assert_eq!(w.finish().unwrap(), tree.to_xml().unwrap(), "{doc}");
    }
}

#[test]
fn values_read_without_copying() {
    let f = read(DOCS[6]).unwrap();
    assert_eq!(f.attr("urn:d", "dt"), Some("mv.int"));
    assert_eq!(f.attrs().count(), 1);
    let v: Vec<_> = f.child_texts("xml:", "v").collect();
    assert_eq!(v, ["1", "", "ab"]);
    assert!(matches!(v[0], std::borrow::Cow::Borrowed(_)));
    assert_eq!(
        f.child_texts("xml:", "x").count(),
        0,
        "grandchildren are not children"
    );
    assert_eq!(f.text(), "");
    assert!(!f.is_empty());
    assert!(read("<a x='1'/>").unwrap().is_empty());
}

#[test]
fn attribute_edits_keep_equality_exact() {
    let mut f = read("<a xmlns:d='urn:d' d:dt='int' k='v'>5</a>").unwrap();
    let plain = read("<a k='v'>5</a>").unwrap();
    assert_ne!(f, plain);
    assert!(f.eq_ignoring_attr(&plain, "urn:d", "dt"));
    assert!(plain.eq_ignoring_attr(&f, "urn:d", "dt"));
    assert!(!f.eq_ignoring_attr(&read("<a k='w'>5</a>").unwrap(), "urn:d", "dt"));
    assert!(!f.eq_ignoring_attr(&read("<a k='v'>6</a>").unwrap(), "urn:d", "dt"));
    assert_eq!(f.remove_attr("urn:d", "dt").as_deref(), Some("int"));
    assert_eq!(f, plain, "a removed attribute's old text does not count");
    assert_eq!(hash(&f), hash(&plain));
    f.set_attr("", "k", "w");
    f.set_attr("urn:n", "new", "x");
    let want = Element::new("", "a")
        .with_attr("", "k", "w")
        .with_attr("urn:n", "new", "x")
        .with_text("5");
    assert_eq!(f.to_element(), want);
    assert_eq!(f, Fragment::from(want));
}

#[test]
fn reading_a_fragment_needs_a_start_tag_and_reports_errors() {
    let mut r = Reader::new(b"<a><b>1</b></a>", &Limits::default()).unwrap();
    assert!(r.read_fragment().is_err(), "nothing read yet");
    assert!(r.current_start().is_none());
    r.next_child().unwrap();
    assert!(r.current_start().is_some_and(|t| t.name().is("", "a")));
    let f = r.read_fragment().unwrap();
    assert_eq!(f.child_texts("", "b").collect::<Vec<_>>(), ["1"]);
    let e = read("<a><b>1</c></a>").unwrap_err();
    assert!(e.to_string().contains('b'), "{e}");
    // The reader goes on after a fragment: siblings read normally.
    let mut r = Reader::new(b"<r><a>1</a><a>2</a></r>", &Limits::default()).unwrap();
    r.next_child().unwrap();
    let mut got = Vec::new();
    while r.next_child().unwrap().is_some() {
        got.push(r.read_fragment().unwrap().text().into_owned());
    }
    assert_eq!(got, ["1", "2"]);
}

#[test]
fn a_batch_shares_one_buffer_and_edits_copy_out() {
    use interop_xml::FragmentBatch;
    let src = "<r><a k='1'> </a><b>\n <c>x</c>\n</b><d/><e>t</e></r>";
    let mut r = Reader::new(src.as_bytes(), &Limits::default()).unwrap();
    r.next_child().unwrap();
    let mut batch = FragmentBatch::new();
    while r.next_child().unwrap().is_some() {
        r.read_fragment_into(&mut batch).unwrap();
    }
    assert_eq!(batch.len(), 4);
    let frags = batch.finish();
    assert!(batch.is_empty());
    let tree = parse(src.as_bytes(), &Limits::default()).unwrap();
    let want: Vec<Fragment> = tree.elements().map(Fragment::from).collect();
    assert_eq!(frags, want);
    for (f, w) in frags.iter().zip(&want) {
        assert_eq!(hash(f), hash(w));
    }
    // Editing one fragment of the batch leaves the others (and its clones) alone.
    let mut a = frags[0].clone();
    a.set_attr("", "k", "2");
    a.add_text("more");
    assert_eq!(a.attr("", "k"), Some("2"));
    assert_eq!(a.text(), " more");
    assert_eq!(frags[0].attr("", "k"), Some("1"));
    assert_eq!(frags[1], want[1]);
    let mut e = frags[3].clone();
    e.add_text_child(interop_xml::Name::new("", "v"), "1");
    assert_eq!(
        e.to_element(),
        Element::new("", "e")
            .with_text("t")
            .with_child(Element::new("", "v").with_text("1"))
    );
    assert_eq!(frags[3].to_element(), Element::new("", "e").with_text("t"));

    // A fragment that fails to read leaves the batch as it was.
    let mut r = Reader::new(b"<r><a>1</a><b>2</c></r>", &Limits::default()).unwrap();
    r.next_child().unwrap();
    r.next_child().unwrap();
    r.read_fragment_into(&mut batch).unwrap();
    r.next_child().unwrap();
    assert!(r.read_fragment_into(&mut batch).is_err());
    let frags = batch.finish();
    assert_eq!(frags.len(), 1);
    assert_eq!(frags[0].to_element(), Element::new("", "a").with_text("1"));
}
