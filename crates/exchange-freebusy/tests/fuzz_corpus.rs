//! Replays the seed corpora of the `exchange_*` fuzz targets (and anything the fuzzer added)
//! on stable, through the same entry points.

use std::path::PathBuf;

fn replay(target: &str, entry: fn(&[u8]) -> bool) -> (usize, usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let (mut n, mut accepted) = (0, 0);
    for entry_ in std::fs::read_dir(&dir).unwrap() {
        let path = entry_.unwrap().path();
        if path
            .file_name()
            .is_some_and(|f| f.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        n += 1;
        if entry(&data) {
            accepted += 1;
        }
    }
    (n, accepted)
}

#[test]
fn exchange_message_corpus() {
    let (n, ok) = replay("exchange_message", exchange_freebusy::fuzz_message);
    assert!(n >= 15, "seed corpus missing: {n} files");
    assert!(ok >= 8, "only {ok} of {n} seeds decoded");
    assert!(ok < n, "the bad-input seeds must be rejected");
}

#[test]
fn exchange_raster_corpus() {
    let (n, ok) = replay("exchange_raster", exchange_freebusy::fuzz_raster);
    assert!(n >= 10, "seed corpus missing: {n} files");
    assert!(ok >= 8, "only {ok} of {n} seeds read");
}

#[test]
fn exchange_blocks_corpus() {
    let (n, ok) = replay("exchange_blocks", exchange_freebusy::fuzz_blocks);
    assert!(n >= 12, "seed corpus missing: {n} files");
    assert!(ok >= 10, "only {ok} of {n} seeds decoded");
    assert!(ok < n, "the bad-input seeds must be rejected");
}

/// A small deterministic mutation loop over the seeds on stable (byte flips, insertions,
/// deletions, splices), so the laws get exercised beyond the seeds on every test run.
fn mutate_and_replay(target: &str, entry: fn(&[u8]) -> bool, rounds: usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let interesting: &[&[u8]] = &[
        b"0",
        b"4",
        b"<",
        b"/>",
        b"=",
        b"\xff\xff",
        b"32125",
        b"44640",
        b"44639",
        b"-1",
    ];
    for _ in 0..rounds {
        let mut data = seeds[(next() as usize) % seeds.len()].clone();
        for _ in 0..=(next() % 4) {
            let pos = if data.is_empty() {
                0
            } else {
                (next() as usize) % data.len()
            };
            match next() % 4 {
                0 if !data.is_empty() => data[pos] = next() as u8,
                1 => {
                    let ins = interesting[(next() as usize) % interesting.len()];
                    data.splice(pos..pos, ins.iter().copied());
                }
                2 if !data.is_empty() => {
                    let end = (pos + 1 + (next() as usize) % 8).min(data.len());
                    data.drain(pos..end);
                }
                _ => {
                    let other = &seeds[(next() as usize) % seeds.len()];
                    if !other.is_empty() {
                        let from = (next() as usize) % other.len();
                        let to = (from + (next() as usize) % 64).min(other.len());
                        data.splice(pos..pos, other[from..to].iter().copied());
                    }
                }
            }
        }
        entry(&data);
    }
}

#[test]
fn mutated_seeds_keep_the_laws() {
    mutate_and_replay("exchange_message", exchange_freebusy::fuzz_message, 3000);
    mutate_and_replay("exchange_raster", exchange_freebusy::fuzz_raster, 3000);
    mutate_and_replay("exchange_blocks", exchange_freebusy::fuzz_blocks, 5000);
}
