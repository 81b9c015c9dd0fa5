//! Fuzz every Zimbra decoding entry point (XML or JSON, dispatched on the first byte that
//! is not white space). Decode errors are fine; a panic or a broken round trip is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = zimbra_freebusy::fuzz_decode(data) {
        panic!("{broken}");
    }
});
