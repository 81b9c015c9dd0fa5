//! Replays the `core_convert` fuzz seed corpus through the same entry point the fuzz target
//! calls, so the laws it checks hold on stable Rust in every test run.

use std::path::PathBuf;

#[test]
fn replay_fuzz_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/core_convert");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in &entries {
        let data = std::fs::read(path).unwrap();
        if let Err(broken) = freebusy_core::fuzz_convert(&data) {
            panic!("{}: {broken}", path.display());
        }
    }
    assert!(
        entries.len() >= 10,
        "expected the seed corpus in {}",
        dir.display()
    );
}
