//! Tests of `webdav::path`: decoded resource paths, canonical encoding, href resolution and
//! Exchange's `_xHHHH_` escapes.

use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;
use url::Url;
use webdav::path::{
    PathError, ResourcePath, decode_segment, encode_segment, escape_chars, unescape_chars,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Evolution's table (wire-formats 2.4).
const EVOLUTION: [(char, u16); 4] = [('/', 0xF8FF), ('?', 0x003F), ('\\', 0xF8FE), ('~', 0x007E)];
const SLASH_ONLY: [(char, u16); 1] = [('/', 0xF8FF)];

const APACHE_HREF: &str = "/public/NON_IPM_SUBTREE/SCHEDULE+%20FREE%20BUSY/EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC/USER-_xF8FF_cn=FOLDER_xF8FF_cn=ASAMPLE.EML";
const WSGIDAV_HREF: &str = "/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX%3A_xF8FF_o%3DMicrosoft_xF8FF_ou%3DAPPS-ABC/USER-_xF8FF_cn%3DFOLDER_xF8FF_cn%3DASAMPLE.EML";
const GCC_URL: &str = "http://example.org/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC/USER-_xF8FF_cn=FOLDER_xF8FF_cn=ASAMPLE.EML";

/// The GCC free/busy message path, built the way the Exchange crate builds it.
fn gcc_path() -> Result<ResourcePath, PathError> {
    let dn = "/o=Microsoft/ou=APPS-ABC/cn=FOLDER/cn=ASAMPLE";
    let Some(cn_at) = dn.find("/cn") else {
        return Err(PathError::EmptySegment {
            path: dn.into(),
            index: 0,
        });
    };
    let (org, cn) = dn.split_at(cn_at);
    ResourcePath::from_segments([
        "public".to_owned(),
        "NON_IPM_SUBTREE".to_owned(),
        "SCHEDULE+ FREE BUSY".to_owned(),
        escape_chars(&format!("EX:{org}"), &SLASH_ONLY),
        format!("USER-{}.EML", escape_chars(cn, &SLASH_ONLY)),
    ])
}

// ---------------------------------------------------------------------------------------------
// Encoding and round trips
// ---------------------------------------------------------------------------------------------

#[test]
fn tricky_segments_round_trip() -> TestResult {
    let segments = [
        "a b",
        "a+b",
        "EX:_o=x",
        "k=v",
        "what?",
        "~user",
        "back\\slash",
        "#hash",
        "100%",
        "%20",
        "%zz",
        "café",
        "日本",
        "😀 ok",
        "...",
        ".hidden",
        "a.",
        "SCHEDULE+ FREE BUSY",
        "tab\there",
        "new\nline",
        "quote\"<>",
        "_xF8FF_",
    ];
    for segment in segments {
        let item = ResourcePath::from_segments(["root", segment])?;
        let collection = item.as_collection();
        for p in [&item, &collection] {
            let encoded = p.encoded();
            assert_eq!(&ResourcePath::parse(&encoded)?, p, "{encoded}");
            assert_eq!(&encoded.parse::<ResourcePath>()?, p, "{encoded}");
            assert_eq!(p.to_string(), encoded);
            assert_eq!(p.segments().get(1).copied(), Some(segment));
        }
        assert!(!item.is_collection());
        assert!(collection.is_collection());
        assert!(collection.encoded().ends_with('/'));
        assert_eq!(decode_segment(&encode_segment(segment))?, segment);
    }
    Ok(())
}

#[test]
fn canonical_encoding_of_special_characters() -> TestResult {
    let cases = [
        ("a b", "a%20b"),
        ("a+b", "a%2Bb"),
        ("a:b", "a:b"),
        ("a=b", "a=b"),
        ("a?b", "a%3Fb"),
        ("a~b", "a~b"),
        ("a\\b", "a%5Cb"),
        ("a#b", "a%23b"),
        ("a%b", "a%25b"),
        ("a/b", "a%2Fb"),
        ("é", "%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("😀", "%F0%9F%98%80"),
        ("!$&'()*,;=:@-._~", "!$&'()*,;=:@-._~"),
    ];
    for (decoded, encoded) in cases {
        assert_eq!(encode_segment(decoded), encoded, "{decoded}");
        assert_eq!(decode_segment(encoded)?, decoded, "{encoded}");
    }
    let p = ResourcePath::from_segments(["a b", "c+d"])?.as_collection();
    assert_eq!(p.encoded(), "/a%20b/c%2Bd/");
    Ok(())
}

#[test]
fn encodings_that_differ_compare_equal() -> TestResult {
    let canonical = ResourcePath::parse("/a%20b/c%2Bd/%C3%A9")?;
    for variant in [
        "/a b/c+d/é",
        "/a%20b/c+d/%c3%a9",
        "/%61%20%62/%63%2b%64/%C3%a9",
    ] {
        assert_eq!(ResourcePath::parse(variant)?, canonical, "{variant}");
    }
    Ok(())
}

#[test]
fn the_two_server_hrefs_are_the_same_path() -> TestResult {
    let apache = ResourcePath::parse(APACHE_HREF)?;
    let wsgidav = ResourcePath::parse(WSGIDAV_HREF)?;
    assert_eq!(apache, wsgidav);
    assert_eq!(
        apache.segments().get(2..4),
        Some(
            &[
                "SCHEDULE+ FREE BUSY",
                "EX:_xF8FF_o=Microsoft_xF8FF_ou=APPS-ABC"
            ][..]
        )
    );

    let set: HashSet<_> = [apache.clone(), wsgidav].into_iter().collect();
    assert_eq!(set.len(), 1);

    let base = Url::parse("http://example.org/public/NON_IPM_SUBTREE/")?;
    assert_eq!(ResourcePath::from_href(APACHE_HREF, &base)?, apache);
    assert_eq!(ResourcePath::from_href(WSGIDAV_HREF, &base)?, apache);
    assert_eq!(apache, gcc_path()?);
    Ok(())
}

#[test]
fn gcc_vector() -> TestResult {
    let path = gcc_path()?;
    let base = Url::parse("http://example.org")?;
    assert_eq!(path.to_url(&base).as_str(), GCC_URL);
    let with_slash = Url::parse("http://example.org/")?;
    assert_eq!(path.to_url(&with_slash).as_str(), GCC_URL);
    // And back.
    assert_eq!(ResourcePath::from_href(GCC_URL, &base)?, path);
    let last = path.last().ok_or("no last segment")?;
    assert_eq!(
        unescape_chars(last, &SLASH_ONLY),
        "USER-/cn=FOLDER/cn=ASAMPLE.EML"
    );
    Ok(())
}

#[test]
fn to_url_replaces_a_base_path_prefix() -> TestResult {
    let path = gcc_path()?;
    let tail = GCC_URL.trim_start_matches("http://example.org");
    for base in [
        "http://example.org/exchange/",
        "http://example.org/exchange",
        "http://example.org/exchange/sub/?x=1#frag",
    ] {
        let base = Url::parse(base)?;
        assert_eq!(path.to_url(&base).as_str(), GCC_URL, "{base}");
    }

    // To keep the prefix, concatenate it first.
    let base = Url::parse("http://example.org/exchange/")?;
    let full = ResourcePath::from_url(&base)?.concat(&path);
    assert_eq!(
        full.to_url(&base).as_str(),
        format!("http://example.org/exchange{tail}")
    );
    // The root of a base without a path is the empty prefix.
    let bare = Url::parse("http://example.org")?;
    assert_eq!(ResourcePath::from_url(&bare)?, ResourcePath::root());
    assert_eq!(
        ResourcePath::from_url(&bare)?
            .concat(&path)
            .to_url(&bare)
            .as_str(),
        GCC_URL
    );
    Ok(())
}

#[test]
fn to_url_keeps_authority_and_drops_query_and_fragment() -> TestResult {
    let base = Url::parse("https://user:pw@mail.example.com:8443/owa/?cmd=x#top")?;
    let p = ResourcePath::from_segments(["public", "a b"])?.as_collection();
    let url = p.to_url(&base);
    assert_eq!(
        url.as_str(),
        "https://user:pw@mail.example.com:8443/public/a%20b/"
    );
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), None);
    assert_eq!(
        ResourcePath::root().to_url(&base).as_str(),
        "https://user:pw@mail.example.com:8443/"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Hrefs
// ---------------------------------------------------------------------------------------------

#[test]
fn absolute_url_and_path_hrefs_are_equal() -> TestResult {
    let base = Url::parse("http://example.org/public/")?;
    let by_path = ResourcePath::from_href("/public/a%20b/x.EML", &base)?;
    for href in [
        "http://example.org/public/a%20b/x.EML",
        "https://example.org/public/a%20b/x.EML",
        "http://other.example:8080/public/a%20b/x.EML",
        "HTTP://EXAMPLE.ORG/public/a+b/../a%20b/x.EML",
        "/public/a b/x.EML",
        "a%20b/x.EML",
        "./a%20b/x.EML",
        "  /public/a%20b/x.EML\n",
        "/public/a%20b/x.EML#fragment",
    ] {
        assert_eq!(ResourcePath::from_href(href, &base)?, by_path, "{href}");
    }
    assert!(!by_path.is_collection());
    Ok(())
}

#[test]
fn relative_hrefs_resolve_against_the_base() -> TestResult {
    let collection = Url::parse("http://example.org/public/folder/")?;
    let item = Url::parse("http://example.org/public/folder")?;
    let cases = [
        (&collection, "x.EML", "/public/folder/x.EML"),
        (&collection, "sub/", "/public/folder/sub/"),
        (&collection, "../other/", "/public/other/"),
        (&collection, "..", "/public/"),
        (&collection, "", "/public/folder/"),
        (
            &collection,
            "./EX:_xF8FF_o=Org",
            "/public/folder/EX:_xF8FF_o=Org",
        ),
        (&item, "x.EML", "/public/x.EML"),
        (&collection, "//other.example/z", "/z"),
        (&collection, "/", "/"),
    ];
    for (base, href, expected) in cases {
        assert_eq!(
            ResourcePath::from_href(href, base)?,
            ResourcePath::parse(expected)?,
            "{base} + {href}"
        );
    }
    Ok(())
}

#[test]
fn href_characters_that_url_parsers_mangle_are_kept() -> TestResult {
    let base = Url::parse("http://example.org/")?;
    let p = ResourcePath::from_href("/a\\b/c\td", &base)?;
    assert_eq!(p.segments(), ["a\\b", "c\td"]);
    assert_eq!(p.encoded(), "/a%5Cb/c%09d");
    Ok(())
}

#[test]
fn href_errors() -> TestResult {
    let base = Url::parse("http://example.org/public/")?;
    assert_eq!(
        ResourcePath::from_href("/a?b=c", &base),
        Err(PathError::Query {
            input: "/a?b=c".into()
        })
    );
    assert!(matches!(
        ResourcePath::from_href("http://example.org/a?", &base),
        Err(PathError::Query { .. })
    ));
    assert_eq!(
        ResourcePath::from_href("mailto:jdoe@example.org", &base),
        Err(PathError::UnsupportedScheme {
            href: "mailto:jdoe@example.org".into(),
            scheme: "mailto".into()
        })
    );
    // A relative href with ':' in its first segment reads as a scheme (RFC 3986 4.2).
    assert!(matches!(
        ResourcePath::from_href("EX:_xF8FF_o=Org", &base),
        Err(PathError::UnsupportedScheme { scheme, .. }) if scheme == "ex"
    ));
    assert!(matches!(
        ResourcePath::from_href("http://[::1/a", &base),
        Err(PathError::BadUrl { href, .. }) if href == "http://[::1/a"
    ));
    assert!(matches!(
        ResourcePath::from_href("/a//b", &base),
        Err(PathError::EmptySegment { .. })
    ));
    assert!(matches!(
        ResourcePath::from_href("/a/%zz", &base),
        Err(PathError::BadPercentEscape { .. })
    ));
    assert!(matches!(
        ResourcePath::from_href("/a/%FF", &base),
        Err(PathError::NotUtf8 { .. })
    ));
    assert!(matches!(
        ResourcePath::from_href("/a%2Fb", &base),
        Err(PathError::SlashInSegment { .. })
    ));
    let ftp = Url::parse("ftp://example.org/")?;
    assert!(matches!(
        ResourcePath::from_href("/a", &ftp),
        Err(PathError::UnsupportedScheme { .. })
    ));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Parse errors
// ---------------------------------------------------------------------------------------------

#[test]
fn parse_errors() {
    let cases: [(&str, PathError); 14] = [
        (
            "a/b",
            PathError::NotAbsolute {
                input: "a/b".into(),
            },
        ),
        (
            "",
            PathError::NotAbsolute {
                input: String::new(),
            },
        ),
        (
            "/a/%zz/b",
            PathError::BadPercentEscape {
                segment: "%zz".into(),
                position: 0,
            },
        ),
        (
            "/a/b%4",
            PathError::BadPercentEscape {
                segment: "b%4".into(),
                position: 1,
            },
        ),
        (
            "/a/%FF",
            PathError::NotUtf8 {
                segment: "%FF".into(),
            },
        ),
        (
            "/a/%C3%28",
            PathError::NotUtf8 {
                segment: "%C3%28".into(),
            },
        ),
        (
            "/a/./b",
            PathError::DotSegment {
                segment: ".".into(),
            },
        ),
        (
            "/a/../b",
            PathError::DotSegment {
                segment: "..".into(),
            },
        ),
        (
            "/a/%2E/",
            PathError::DotSegment {
                segment: "%2E".into(),
            },
        ),
        (
            "/a//b",
            PathError::EmptySegment {
                path: "/a//b".into(),
                index: 1,
            },
        ),
        (
            "//a",
            PathError::EmptySegment {
                path: "//a".into(),
                index: 0,
            },
        ),
        (
            "/a/b//",
            PathError::EmptySegment {
                path: "/a/b//".into(),
                index: 2,
            },
        ),
        (
            "/a?x",
            PathError::Query {
                input: "/a?x".into(),
            },
        ),
        (
            "/a#x",
            PathError::Fragment {
                input: "/a#x".into(),
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(ResourcePath::parse(input), Err(expected), "{input}");
    }
}

#[test]
fn from_segments_errors() {
    assert_eq!(
        ResourcePath::from_segments(["a", ""]),
        Err(PathError::EmptySegment {
            path: "/a".into(),
            index: 1
        })
    );
    assert_eq!(
        ResourcePath::from_segments([".."]),
        Err(PathError::DotSegment {
            segment: "..".into()
        })
    );
    assert_eq!(
        ResourcePath::from_segments(["EX:/o=Org"]),
        Err(PathError::SlashInSegment {
            segment: "EX:/o=Org".into()
        })
    );
    assert_eq!(
        ResourcePath::from_segments(["a\0b"]),
        Err(PathError::NulInSegment {
            segment: "a\0b".into()
        })
    );
    // Other control characters are allowed.
    assert!(ResourcePath::from_segments(["a\u{1}\u{7f}"]).is_ok());
}

#[test]
fn errors_display_the_input() {
    let e = PathError::BadPercentEscape {
        segment: "b%4".into(),
        position: 1,
    };
    assert_eq!(
        e.to_string(),
        "invalid percent escape at byte 1 of segment \"b%4\""
    );
    let e = ResourcePath::parse("a").err();
    assert!(e.is_some_and(|e| e.to_string().contains("\"a\"")));
}

// ---------------------------------------------------------------------------------------------
// Navigation and comparison
// ---------------------------------------------------------------------------------------------

#[test]
fn navigation() -> TestResult {
    let folder = ResourcePath::parse("/public/NON_IPM_SUBTREE/")?;
    let item = folder.join("SCHEDULE+ FREE BUSY")?.join("x.EML")?;
    assert_eq!(
        item.encoded(),
        "/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/x.EML"
    );
    assert_eq!(item.last(), Some("x.EML"));
    let parent = item.parent().ok_or("no parent")?;
    assert_eq!(
        parent.encoded(),
        "/public/NON_IPM_SUBTREE/SCHEDULE%2B%20FREE%20BUSY/"
    );
    assert!(parent.is_collection());
    assert_eq!(
        ResourcePath::parse("/a")?.parent(),
        Some(ResourcePath::root())
    );
    assert_eq!(ResourcePath::root().parent(), None);

    assert!(item.starts_with(&folder));
    assert!(item.starts_with(&folder.as_item()));
    assert!(item.starts_with(&ResourcePath::root()));
    assert!(item.starts_with(&item));
    assert!(!folder.starts_with(&item));
    assert!(!ResourcePath::parse("/publicity/x")?.starts_with(&ResourcePath::parse("/public/")?));
    assert_eq!(
        item.strip_prefix(&folder),
        Some(vec!["SCHEDULE+ FREE BUSY", "x.EML"])
    );
    assert_eq!(item.strip_prefix(&item), Some(Vec::new()));
    assert_eq!(folder.strip_prefix(&item), None);

    // join works segment by segment, whatever the collection flag.
    assert_eq!(
        ResourcePath::parse("/a")?.join("b")?,
        ResourcePath::parse("/a/b")?
    );
    assert_eq!(
        ResourcePath::parse("/a/")?.join("b")?,
        ResourcePath::parse("/a/b")?
    );
    assert!(matches!(
        folder.join("a/b"),
        Err(PathError::SlashInSegment { .. })
    ));
    assert!(matches!(
        folder.join(""),
        Err(PathError::EmptySegment { index: 2, .. })
    ));
    assert!(matches!(
        folder.join(".."),
        Err(PathError::DotSegment { .. })
    ));
    // A '%' in a decoded segment is literal.
    assert_eq!(folder.join("a%20b")?.last(), Some("a%20b"));
    Ok(())
}

#[test]
fn collection_flag_and_comparisons() -> TestResult {
    let item = ResourcePath::parse("/a/b")?;
    let collection = ResourcePath::parse("/a/b/")?;
    assert_ne!(item, collection);
    assert!(item.same_resource(&collection));
    assert_eq!(item.as_collection(), collection);
    assert_eq!(collection.as_item(), item);
    assert_eq!(item.as_item(), item);
    assert!(!item.same_resource(&ResourcePath::parse("/a/c")?));

    let lower = ResourcePath::parse("/public/user-_xf8ff_cn=jdoe.eml")?;
    let upper = ResourcePath::parse("/PUBLIC/USER-_xF8FF_cn=JDOE.EML")?;
    assert_ne!(lower, upper);
    assert!(lower.eq_ignore_ascii_case(&upper));
    assert!(!lower.eq_ignore_ascii_case(&upper.as_collection()));
    assert!(lower.same_resource_ignore_ascii_case(&upper.as_collection()));
    assert!(!lower.eq_ignore_ascii_case(&ResourcePath::parse("/public")?));
    assert_eq!(upper.to_ascii_lowercase(), lower);
    // Only ASCII case is ignored.
    assert!(!ResourcePath::parse("/É")?.eq_ignore_ascii_case(&ResourcePath::parse("/é")?));

    // A collection sorts right before its members.
    let set: BTreeSet<ResourcePath> = ["/a/b/c", "/b", "/a/", "/a/b/", "/", "/a/b"]
        .iter()
        .map(|s| ResourcePath::parse(s))
        .collect::<Result<_, _>>()?;
    let order: Vec<String> = set.iter().map(ResourcePath::encoded).collect();
    assert_eq!(order, ["/", "/a/", "/a/b", "/a/b/", "/a/b/c", "/b"]);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// `_xHHHH_` escapes
// ---------------------------------------------------------------------------------------------

#[test]
fn evolution_escapes() {
    let escaped = escape_chars("a/b?c\\d~e", &EVOLUTION);
    assert_eq!(escaped, "a_xF8FF_b_x003F_c_xF8FE_d_x007E_e");
    assert_eq!(unescape_chars(&escaped, &EVOLUTION), "a/b?c\\d~e");
    // Lower-case hex is accepted; codes outside the table are left alone.
    assert_eq!(unescape_chars("_xf8fe__x0041_", &EVOLUTION), "\\_x0041_");
    // The documented ambiguity: a literal escape in the input turns into the character.
    assert_eq!(
        unescape_chars(&escape_chars("_xF8FF_", &EVOLUTION), &EVOLUTION),
        "/"
    );
    assert_eq!(escape_chars("日本/😀", &SLASH_ONLY), "日本_xF8FF_😀");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Any valid segment: any characters except '/' and NUL, not empty, not "." or "..".
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^/\u{0}]{1,12}",
        "[a-zA-Z0-9 +:=?#~\\\\%._éü日本😀\t-]{1,10}",
    ]
    .prop_filter("dot segment", |s| s != "." && s != "..")
}

fn path() -> impl Strategy<Value = (Vec<String>, bool)> {
    (prop::collection::vec(segment(), 0..6), any::<bool>())
}

fn build(segments: &[String], collection: bool) -> Result<ResourcePath, PathError> {
    let p = ResourcePath::from_segments(segments.iter().cloned())?;
    Ok(if collection { p.as_collection() } else { p })
}

proptest! {
    #[test]
    fn from_segments_encoded_parse_is_identity((segments, collection) in path()) {
        let p = build(&segments, collection)?;
        prop_assert_eq!(p.segments(), segments.as_slice());
        let encoded = p.encoded();
        prop_assert!(
            encoded.chars().all(|c| c.is_ascii_alphanumeric() || "/-._~!$&'()*,;=:@%".contains(c)),
            "non-canonical character in {}", encoded
        );
        prop_assert_eq!(ResourcePath::parse(&encoded)?, p);
    }

    #[test]
    fn to_url_from_href_is_identity((segments, collection) in path()) {
        let p = build(&segments, collection)?;
        let base = Url::parse("https://example.org/prefix/?q#f")?;
        let url = p.to_url(&base);
        prop_assert_eq!(ResourcePath::from_href(url.as_str(), &base)?, p.clone());
        prop_assert_eq!(ResourcePath::from_href(&p.encoded(), &base)?, p);
    }

    #[test]
    fn parse_never_panics_and_its_output_is_stable(input in "/[ -~éü日/%]{0,20}") {
        if let Ok(p) = ResourcePath::parse(&input) {
            prop_assert_eq!(ResourcePath::parse(&p.encoded())?, p);
        }
    }

    #[test]
    fn decode_inverts_encode(s in "\\PC*") {
        prop_assert_eq!(decode_segment(&encode_segment(&s))?, s);
    }

    #[test]
    fn escape_unescape_round_trip(
        s in "[^\u{0}]{0,16}|[a-z_x/?\\\\~0-9A-F]{0,16}",
        extra in prop::collection::btree_set(any::<char>(), 0..4),
    ) {
        prop_assume!(!s.contains("_x"));
        prop_assert_eq!(unescape_chars(&escape_chars(&s, &EVOLUTION), &EVOLUTION), s.clone());
        prop_assert_eq!(unescape_chars(&escape_chars(&s, &SLASH_ONLY), &SLASH_ONLY), s.clone());
        // A generated table with distinct codes.
        let table: Vec<(char, u16)> = extra.into_iter().zip(0xE000u16..).collect();
        prop_assert_eq!(unescape_chars(&escape_chars(&s, &table), &table), s.clone());
        // Escaping every '/' makes a valid segment.
        if !s.is_empty() && s != "." && s != ".." && !s.contains('\0') {
            let escaped = escape_chars(&s, &SLASH_ONLY);
            let p = ResourcePath::from_segments([escaped])?;
            prop_assert_eq!(ResourcePath::parse(&p.encoded())?, p);
        }
    }
}

mod href_shortcut {
    //! `from_href` skips the URL parser for plain hrefs; whatever the href, the answer must
    //! be the one `Url::join` gives.
    use proptest::prelude::*;
    use url::Url;
    use webdav::path::ResourcePath;

    fn both(href: &str, base: &Url) -> (String, String) {
        let fast = ResourcePath::from_href(href, base);
        let trimmed = href.trim_matches(|c: char| c.is_ascii_whitespace());
        let slow = if trimmed.bytes().any(|b| b == b'\\' || b.is_ascii_control()) {
            // Escaped the same way by both; compare on hrefs that need no escaping.
            return (String::new(), String::new());
        } else {
            ResourcePath::from_href_via_url(trimmed, href, base)
        };
        (format!("{fast:?}"), format!("{slow:?}"))
    }

    #[test]
    fn edge_cases_agree_with_the_url_parser() {
        let base = Url::parse("http://ex.example/exchange/").unwrap();
        for href in [
            "/a/b",
            "/a/./b",
            "/a/%2e%2E/b",
            "/a/.%2e/b",
            "/a/..",
            "/a/.hidden/b.EML",
            "//other/x",
            "http://h/a",
            "https://h:443/a/",
            "http://h:/a",
            "http://h:99999/a",
            "http://1.2.3.4/a",
            "http://1.2.3.999/a",
            "http://h.0x1/a",
            "http://xn--zz/a",
            "http://XN--zz.example/a",
            "http://Host.Example/a",
            "HTTP://h/a",
            "http://h",
            "http://h?x",
            "http://h/a?x",
            "http://h/a#f",
            "http://u@h/a",
            "http://-h-/a",
            "http://h..x/a",
            "/a b",
            "/a%zz",
            "/a//b",
            "/a/b%2Fc",
            "/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/USER-_xF8FF_cn=a.EML",
            "/a'(b)*c,d;e=f:g@h!$&~_-+",
            "/a^b",
            "/a|b",
            "/a`b",
            "/a{b}",
            "/é",
        ] {
            let (fast, slow) = both(href, &base);
            assert_eq!(fast, slow, "{href}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_href_agrees_with_the_url_parser(
            prefix in prop::sample::select(vec!["", "/", "//", "http://", "https://", "http://h", "http://h.example", "http://h:8080", "https://1.2.3.4", "mailto:"]),
            rest in "[a-zA-Z0-9/.%2eE:@!$&'()*+,;=~_ ?#^|{}-]{0,24}",
        ) {
            let base = Url::parse("https://ex.example/base/").unwrap();
            let href = format!("{prefix}{rest}");
            let (fast, slow) = both(&href, &base);
            prop_assert_eq!(fast, slow, "{}", href);
        }
    }
}

mod href_reader {
    //! `HrefReader` reuses the decoded parent of the last href: every sequence of hrefs must
    //! read exactly as `from_href` reads each one.
    use proptest::prelude::*;
    use url::Url;
    use webdav::path::{HrefReader, ResourcePath};

    fn check(base: &Url, hrefs: &[String]) {
        let mut reader = HrefReader::new(base);
        for h in hrefs {
            let got = format!("{:?}", reader.read(h));
            let want = format!("{:?}", ResourcePath::from_href(h, base));
            assert_eq!(got, want, "{h} after {hrefs:?}");
        }
    }

    #[test]
    fn members_of_one_collection() {
        let base = Url::parse("http://ex.example/public/").unwrap();
        let list: Vec<String> = [
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/USER-a.EML",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/USER-b%20c.EML",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/sub/",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/..",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/%2e",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/a%2Fb",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/a%00b",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/a%zzb",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/%C3%A9",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/%C3",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/a b",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/a?b",
            "http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org//",
            "  http://ex.example/public/SCHEDULE%2B%20FREE%20BUSY/EX:_xF8FF_o=Org/z  ",
            "/public/x",
            "/public/y/",
            "/public/y/z",
            "/",
            "/q",
            "rel",
            "http://ex.example/",
            "http://ex.example/r",
        ]
        .map(String::from)
        .to_vec();
        check(&base, &list);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn any_sequence_reads_as_from_href(
            parts in prop::collection::vec(
                (
                    prop::sample::select(vec!["", "/", "/a/", "/a/b/", "http://h/a/", "https://h/", "//h/", "x/"]),
                    "[a-z.%2eE/ ?:]{0,6}",
                ),
                1..12,
            ),
        ) {
            let base = Url::parse("http://ex.example/base/").unwrap();
            let hrefs: Vec<String> = parts.into_iter().map(|(p, r)| format!("{p}{r}")).collect();
            check(&base, &hrefs);
        }
    }
}
