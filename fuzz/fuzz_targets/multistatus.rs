//! Any bytes through the multistatus parser: an answer or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    webdav::multistatus::fuzz_entry(data);
});
