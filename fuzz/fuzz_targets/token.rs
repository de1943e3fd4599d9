#![no_main]
// Invariants: see fuzz/src/token_checks.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::token_checks::token(data));
