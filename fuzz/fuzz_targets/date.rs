#![no_main]
// Invariants: see fuzz/src/checks.rs (date).
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::checks::date(data));
