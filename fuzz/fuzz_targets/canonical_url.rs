#![no_main]
// Invariants: see fuzz/src/checks.rs (canonical_url).
libfuzzer_sys::fuzz_target!(|data: &[u8]| hwcloud_signer_fuzz::checks::canonical_url(data));
