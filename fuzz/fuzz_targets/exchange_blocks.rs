//! Any bytes as a month and its event blob: a blob that decodes encodes back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    exchange_freebusy::fuzz_blocks(data);
});
