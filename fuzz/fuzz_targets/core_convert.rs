//! Fuzz freebusy-core's conversions: timelines read from the bytes go through every
//! conversion and the laws are checked; the bytes are also tried as raster digits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = freebusy_core::fuzz_convert(data) {
        panic!("{broken}");
    }
});
