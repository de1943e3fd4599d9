//! Fuzz targets' shared invariant checks (see `checks.rs`; `tests/proptest.rs` reuses them).
pub mod checks;
pub mod token_checks;
