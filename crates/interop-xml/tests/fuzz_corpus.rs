//! Replays the seed corpus of the `xml_roundtrip` fuzz target on stable.

use std::path::PathBuf;

#[test]
fn xml_roundtrip_corpus_replays() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/xml_roundtrip");
    let mut n = 0;
    let mut parsed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        if interop_xml::fuzz_roundtrip(&data) {
            parsed += 1;
        }
    }
    assert!(n >= 20, "seed corpus missing in {}", dir.display());
    assert!(parsed >= 10, "only {parsed} of {n} seeds parsed");
}
