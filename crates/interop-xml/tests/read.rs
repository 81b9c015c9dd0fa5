use interop_xml::{Element, ErrorKind, Event, Limits, Node, Reader, Writer, parse};

fn p(s: &str) -> Result<Element, interop_xml::Error> {
    parse(s.as_bytes(), &Limits::default())
}

#[test]
fn real_exchange_capture_parses() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/exchange/public-folder-propfind-207.xml"
    ))
    .unwrap();
    let root = parse(&bytes, &Limits::default()).unwrap();
    assert!(root.is("DAV:", "multistatus"));
    let prop = root
        .child("DAV:", "response")
        .unwrap()
        .child("DAV:", "propstat")
        .unwrap()
        .child("DAV:", "prop")
        .unwrap();
    let busy = prop
        .child("http://schemas.microsoft.com/mapi/proptag/", "x68541102")
        .unwrap();
    assert_eq!(
        busy.attr("urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/", "dt"),
        Some("mv.bin.base64")
    );
    let vs: Vec<String> = busy.children_named("xml:", "v").map(|v| v.text()).collect();
    assert_eq!(vs.len(), 3);
    assert!(vs[0].starts_with("Dj0sPYY9"));
    assert_eq!(vs[1..], ["ugnYCYwKQAs=", ""]);
}

#[test]
fn entities_and_char_refs_decode_across_events() {
    let r = p("<a>x &amp; y &#38; z &#x26;&lt;&gt;&apos;&quot;<![CDATA[<c>]]>!</a>").unwrap();
    assert_eq!(r.children, vec![Node::Text("x & y & z &<>'\"<c>!".into())]);
    let r = p(r#"<a b="1 &amp; &#50;&#x33;"/>"#).unwrap();
    assert_eq!(r.attr("", "b"), Some("1 & 23"));
}

#[test]
fn matching_is_on_namespace_uri_not_prefix() {
    let a = p(r#"<x:a xmlns:x="DAV:"><x:b/></x:a>"#).unwrap();
    let b = p(r#"<a xmlns="DAV:"><y:b xmlns:y="DAV:"/></a>"#).unwrap();
    assert_eq!(a, b);
    assert!(a.child("DAV:", "b").is_some());
    let c = p(r#"<a xmlns="DAV:"><b xmlns=""/></a>"#).unwrap();
    assert!(c.child("", "b").is_some());
}

#[test]
fn refusals() {
    type Check = fn(&ErrorKind) -> bool;
    let cases: &[(&str, Check)] = &[
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", |k| {
            *k == ErrorKind::Doctype
        }),
        (
            "<a>&x;</a>",
            |k| matches!(k, ErrorKind::UnknownEntity(n) if n == "x"),
        ),
        ("<a>&#0;</a>", |k| matches!(k, ErrorKind::InvalidCharRef(_))),
        ("<a>&#xD800;</a>", |k| {
            matches!(k, ErrorKind::InvalidCharRef(_))
        }),
        ("<a>&#x1;</a>", |k| {
            matches!(k, ErrorKind::InvalidCharRef(_))
        }),
        ("<p:a/>", |k| matches!(k, ErrorKind::UnboundPrefix(_))),
        ("<a><b></a>", |k| {
            matches!(k, ErrorKind::Syntax(_) | ErrorKind::UnexpectedEof(_))
        }),
        ("<a>", |k| matches!(k, ErrorKind::UnexpectedEof(_))),
        ("", |k| *k == ErrorKind::NoRootElement),
        ("<a/><b/>", |k| *k == ErrorKind::TrailingContent),
        ("<a/>text", |k| *k == ErrorKind::TrailingContent),
        ("<a x='1' x='2'/>", |k| matches!(k, ErrorKind::Syntax(_))),
    ];
    for (doc, ok) in cases {
        let e = p(doc).expect_err(doc);
        assert!(ok(&e.kind), "{doc}: {e}");
    }
}

#[test]
fn limits() {
    let deep = "<a>".repeat(100) + &"</a>".repeat(100);
    let e = p(&deep).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep { limit: 64 });
    assert!(e.path.starts_with("/a/a/a"));
    let e = parse(
        b"<a/>",
        &Limits {
            max_bytes: 3,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge { size: 4, limit: 3 });
    let many: String = (0..100).map(|i| format!(" a{i}='x'")).collect();
    let e = p(&format!("<a{many}/>")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooManyAttributes { limit: 64 });
    let e = parse(b"<a>\xff</a>", &Limits::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotUtf8 { valid_up_to: 3 });
    let e = p("<?xml version='1.0' encoding='ISO-8859-1'?><a>é</a>").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::UnsupportedEncoding(_)));
    assert!(p("<?xml version='1.0' encoding='ISO-8859-1'?><a>e</a>").is_ok());
    assert!(parse(b"\xEF\xBB\xBF<a/>", &Limits::default()).is_ok());
}

#[test]
fn error_path_names_siblings() {
    let e = p("<r><s/><s><t>&bad;</t></s></r>").unwrap_err();
    assert_eq!(e.path, "/r/s[2]/t");
    assert!(e.offset > 0);
    assert!(e.to_string().contains("/r/s[2]/t"));
}

#[test]
fn whitespace_between_elements_dropped_text_kept() {
    let r = p("<a>\n  <b> </b>\n  <c/>\n</a>").unwrap();
    assert_eq!(r.children.len(), 2);
    assert_eq!(r.child("", "b").unwrap().text(), " ");
    let r = p("<a>  </a>").unwrap();
    assert_eq!(r.text(), "  ");
}

#[test]
fn pull_reader_events() {
    let mut r = Reader::new(b"<a><b x='1'>t&amp;u</b></a>", &Limits::default()).unwrap();
    let mut evs = Vec::new();
    while let Some(e) = r.next() {
        let e = e.unwrap();
        evs.push(match e {
            Event::Start(tag) => format!(
                "start {} {:?} @{}",
                tag.name(),
                tag.attrs()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect::<Vec<_>>(),
                tag.offset()
            ),
            Event::Text(t) => format!("text {t}"),
            Event::End => "end".to_string(),
        });
        if let Event::Text(t) = e {
            assert_eq!(t, "t&u");
        }
    }
    assert_eq!(evs.len(), 5);
    assert_eq!(
        evs,
        [
            "start a [] @0",
            "start b [\"x=1\"] @3",
            "text t&u",
            "end",
            "end"
        ]
    );
    assert_eq!(r.depth(), 0);
}

#[test]
fn pull_reader_borrows_text_and_attribute_values() {
    let src = "<a v='plain' w='a&amp;b'>plain text<b>one</b> <c>x&#38;y</c></a>";
    let mut r = Reader::new(src.as_bytes(), &Limits::default()).unwrap();
    let Some(Ok(Event::Start(tag))) = r.next() else {
        panic!("no start")
    };
    let v = tag.attr("", "v").unwrap();
    // Borrowed from the input: the same bytes.
    assert!(src.as_bytes().as_ptr_range().contains(&v.as_ptr()));
    assert_eq!(tag.attr("", "w"), Some("a&b"));
    assert_eq!(tag.attr_count(), 2);
    let Some(Ok(Event::Text(t))) = r.next() else {
        panic!("no text")
    };
    assert!(src.as_bytes().as_ptr_range().contains(&t.as_ptr()));
    assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
    let one = r.read_text().unwrap();
    assert!(matches!(one, std::borrow::Cow::Borrowed("one")));
    assert!(matches!(r.next(), Some(Ok(Event::Text(" ")))));
    assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
    assert_eq!(r.read_text().unwrap(), "x&y");
    assert!(matches!(r.next(), Some(Ok(Event::End))));
    assert!(r.next().is_none());
}

#[test]
fn read_text_and_read_element_agree_with_the_tree() {
    let docs = [
        "<r><a>\n <b>x</b>\n y <c/> z&amp; </a></r>",
        "<r><a>  </a></r>",
        "<r><a><![CDATA[]]></a></r>",
        "<r><a>\r\nx\ry</a></r>",
        "<r><a>p<b/>q<c>n</c>r</a></r>",
        "<r><a> <b/> </a></r>",
    ];
    for doc in docs {
        let tree = p(doc).unwrap();
        let a = tree.child("", "a").unwrap();
        let mut r = Reader::new(doc.as_bytes(), &Limits::default()).unwrap();
        assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
        assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
        assert_eq!(r.read_text().unwrap(), a.text(), "{doc}");
        let mut r = Reader::new(doc.as_bytes(), &Limits::default()).unwrap();
        assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
        assert!(matches!(r.next(), Some(Ok(Event::Start(_)))));
        assert_eq!(&r.read_element().unwrap(), a, "{doc}");
        assert!(matches!(r.next(), Some(Ok(Event::End))));
        assert!(r.next().is_none());
    }
    // Asked for at the wrong place: an error, not a panic.
    let mut r = Reader::new(b"<a>t</a>", &Limits::default()).unwrap();
    assert!(r.read_element().is_err());
    assert!(r.read_text().is_err());
    assert!(r.skip_element().is_err());
}

#[test]
fn writer_round_trips_trees_and_escapes() {
    let src = r#"<a:prop xmlns:a="DAV:" xmlns:b="urn:uuid:c2f41010-65b3-11d1-a29f-00aa00c14882/" xmlns:c="xml:"><e:x xmlns:e="http://schemas.microsoft.com/mapi/proptag/" b:dt="mv.bin.base64"><c:v/><c:v>ugnYCYwKQAs=</c:v><c:v></c:v></e:x><s x="&lt;&amp;&quot;&#10;">a &lt; b &amp; c &#13; ]]&gt;</s></a:prop>"#;
    let tree = p(src).unwrap();
    let out = tree.to_xml().unwrap();
    let again = p(&out).unwrap();
    assert_eq!(tree, again);
    assert_eq!(again.child("", "s").unwrap().attr("", "x"), Some("<&\"\n"));
    assert_eq!(again.child("", "s").unwrap().text(), "a < b & c \r ]]>");
}

#[test]
fn writer_strictness() {
    let mut w = Writer::new();
    w.start("urn:x", "0x68470003").end();
    assert!(w.finish().is_err());
    let mut w = Writer::new();
    w.start("", "a").text("\u{1}").end();
    assert!(w.finish().is_err());
    let mut w = Writer::new();
    w.start("", "a");
    assert!(w.finish().is_err());
    let mut w = Writer::new();
    w.start("", "a").end().end();
    assert!(w.finish().is_err());
    let mut w = Writer::new();
    w.start("", "a").text("x").attr("", "b", "c").end();
    assert!(w.finish().is_err());
}

#[test]
fn writer_default_namespace_and_no_namespace_child() {
    let mut w = Writer::new();
    w.declare("", "urn:zimbraMail");
    w.start("urn:zimbraMail", "GetFreeBusyRequest")
        .attr("", "s", "1");
    w.start("", "raw").end();
    w.start("urn:zimbraMail", "usr")
        .attr("", "name", "a@b")
        .end();
    w.end();
    let s = w.finish().unwrap();
    assert_eq!(
        s,
        r#"<GetFreeBusyRequest xmlns="urn:zimbraMail" s="1"><raw xmlns=""/><usr name="a@b"/></GetFreeBusyRequest>"#
    );
    let t = p(&s).unwrap();
    assert!(t.child("", "raw").is_some());
    assert!(t.child("urn:zimbraMail", "usr").is_some());
}

#[test]
fn control_characters_and_referenced_namespace_names_refused() {
    assert!(matches!(
        p("<a>x\u{0}y</a>").unwrap_err().kind,
        ErrorKind::Syntax(_)
    ));
    assert!(matches!(
        p("<a>x\u{1}y</a>").unwrap_err().kind,
        ErrorKind::Syntax(_)
    ));
    assert!(matches!(
        p("<a>\u{FFFF}</a>").unwrap_err().kind,
        ErrorKind::Syntax(_)
    ));
    assert!(p("<a>\t\r\n é \u{FFFD}</a>").is_ok());
    assert!(matches!(
        p(r#"<a xmlns="urn:a&amp;b"/>"#).unwrap_err().kind,
        ErrorKind::Syntax(_)
    ));
}

#[test]
fn names_in_the_reserved_xmlns_namespace_refused() {
    assert!(p(r#"<xmlns:a/>"#).is_err());
    let mut w = Writer::new();
    w.start(interop_xml::ns::XMLNS, "a").end();
    assert!(w.finish().is_err());
}

/// Empty elements are a start and an end: after text, with namespace declarations that go
/// out of scope at once, as the root, and in error paths.
#[test]
fn empty_elements_are_start_then_end() {
    let events = |src: &str| -> Result<Vec<String>, interop_xml::Error> {
        let mut r = Reader::new(src.as_bytes(), &Limits::default())?;
        let mut evs = Vec::new();
        while let Some(e) = r.next() {
            let ev = match e? {
                Event::Start(tag) => format!("start {}", tag.name()),
                Event::Text(t) => format!("text {t}"),
                Event::End => "end".to_string(),
            };
            if ev.starts_with("text") {
                evs.push(ev);
            } else {
                evs.push(format!("{ev} d{}", r.depth()));
            }
        }
        Ok(evs)
    };
    assert_eq!(
        events("<a>t<p:b xmlns:p='u' p:x='1'/>u<c/></a>").unwrap(),
        [
            "start a d1",
            "text t",
            "start {u}b d2",
            "end d2",
            "text u",
            "start c d2",
            "end d2",
            "end d1"
        ]
    );
    assert_eq!(events("<a/>").unwrap(), ["start a d1", "end d1"]);
    // The declaration on the empty element is gone for its sibling.
    let e = events("<a><p:b xmlns:p='u'/><p:c/></a>").unwrap_err();
    assert!(e.to_string().contains("p"), "{e}");
    // The same document through the tree: the empty element kept, attributes resolved.
    let t = p("<a>t<p:b xmlns:p='u' p:x='1'/>u</a>").unwrap();
    let b = t.child("u", "b").unwrap();
    assert_eq!(b.attr("u", "x"), Some("1"));
    assert!(b.children.is_empty());
    assert_eq!(t.text(), "tu");
    // Paths count empty siblings.
    let e = p("<a><b/><b/><b><c x='1' x='2'/></b></a>").unwrap_err();
    assert!(e.to_string().contains("/a/b[3]/c"), "{e}");
    // A second root after an empty root is still trailing content.
    assert!(p("<a/><b/>").is_err());
}
