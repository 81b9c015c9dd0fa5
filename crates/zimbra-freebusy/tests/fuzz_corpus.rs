//! Replays the fuzz seed corpus through the same entry point the fuzz target calls, so the
//! invariants it checks hold on stable Rust in every test run.

use std::path::PathBuf;

#[test]
fn replay_fuzz_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/zimbra_decode");
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).unwrap();
        if let Err(broken) = zimbra_freebusy::fuzz_decode(&data) {
            panic!("{}: {broken}", path.display());
        }
        n += 1;
    }
    assert!(
        n >= 20,
        "expected the seed corpus, found {n} files in {}",
        dir.display()
    );
}

/// The golden files are part of the seed corpus: they must all decode.
#[test]
fn golden_files_are_seeds() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/zimbra_decode");
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xml" || e == "json") {
            let name = path.file_name().unwrap();
            assert!(
                corpus.join(name).is_file(),
                "{} is not in the fuzz corpus",
                name.to_string_lossy()
            );
        }
    }
}
