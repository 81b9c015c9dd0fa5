//! Any bytes as an OWA `Cmd=freebusy` answer (or a bare raster): rasters cover their range
//! exactly, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    exchange_freebusy::fuzz_raster(data);
});
