//! The writer's escaping and character checks, against a plain reference, on arbitrary
//! strings (the fast paths for clean ASCII must agree with the character-by-character way).

use interop_xml::{Limits, Writer, is_xml_char, parse};
use proptest::prelude::*;

/// Text and attribute values from a mix of clean ASCII runs, markup characters, white
/// space, control characters and non-ASCII.
fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[A-Za-z0-9+/=]{0,70}",
            1 => prop::sample::select(vec!["<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{1}", "\u{7f}", "é", "\u{fffe}", "\u{10000}"]).prop_map(str::to_string),
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn text_and_attributes_round_trip_or_are_refused(text in value(), attr in value()) {
        let mut w = Writer::new();
        w.declare("", "urn:x").start("urn:x", "e").attr("", "a", &attr).text(&text).end();
        let valid = |s: &str| s.chars().all(is_xml_char);
        match w.finish() {
            Ok(xml) => {
                prop_assert!(valid(&text) && valid(&attr), "accepted {text:?} / {attr:?}");
                let el = parse(xml.as_bytes(), &Limits::default()).unwrap();
                prop_assert_eq!(el.attr("", "a"), Some(attr.as_str()));
                prop_assert_eq!(el.text(), text);
            }
            Err(_) => prop_assert!(!(valid(&text) && valid(&attr)), "refused {text:?} / {attr:?}"),
        }
    }
}
