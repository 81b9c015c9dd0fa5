//! Any bytes as a multistatus of free/busy messages: decoded or an error, never a panic;
//! a decoded message's timeline re-publishes to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    exchange_freebusy::fuzz_message(data);
});
