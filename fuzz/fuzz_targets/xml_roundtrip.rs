//! Any bytes through the hardened reader; whatever parses must write and read back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    interop_xml::fuzz_roundtrip(data);
});
