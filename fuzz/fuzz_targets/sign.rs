#![no_main]
// Invariants: see fuzz/src/checks.rs (sign_request).
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::checks::sign_request(data));
