//! Replays the seed corpus of the `multistatus` fuzz target (and anything the fuzzer added
//! there) on stable, so every input the fuzzer keeps is checked on every test run.

use std::path::PathBuf;

#[test]
fn multistatus_corpus_replays_without_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/multistatus");
    let mut n = 0;
    let mut parsed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        n += 1;
        if webdav::multistatus::fuzz_entry(&data) {
            parsed += 1;
        }
    }
    assert!(
        n >= 20,
        "seed corpus missing: {} files in {}",
        n,
        dir.display()
    );
    assert!(
        parsed >= 10,
        "most seeds are real multistatus answers; only {parsed} parsed"
    );
}
