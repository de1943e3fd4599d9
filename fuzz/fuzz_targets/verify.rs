#![no_main]
// Invariants: see fuzz/src/checks.rs (verify_request).
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::checks::verify_request(data));
