#![no_main]
// Invariants: see fuzz/src/checks.rs (headers).
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::checks::headers(data));
