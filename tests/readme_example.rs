//! The README's Rust example, compiled and run; the test fails when the README's ```rust block and
//! the example below (between the markers) differ.
#![allow(clippy::unwrap_used, clippy::std_instead_of_core, missing_docs)]

// README example start
use hwcloud_signer::{sign, Credentials, SignableBody, SignableRequest, SigningParams, SigningTime};
use std::time::{SystemTime, UNIX_EPOCH};

/// The headers to send with `GET https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs`.
fn signed_headers(ak: &str, sk: &str) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    // The crate has no clock: the signing time is an input, milliseconds since 1970 as an i64.
    let now_ms = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let url = "https://vpc.cn-north-4.myhuaweicloud.com/v1/vpcs";
    let request = SignableRequest::new("GET", url, [("Content-Type", "application/json")], SignableBody::Bytes(b""));
    let out = sign(&request, &SigningParams::new(Credentials::new(ak, sk), SigningTime::EpochMillis(now_ms)))?;
    Ok(out.headers) // Content-Type, X-Sdk-Date, Authorization, …
}
// README example end

#[test]
fn the_readme_example_signs() {
    let headers = signed_headers("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc").unwrap();
    let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().any(|n| n.eq_ignore_ascii_case("x-sdk-date")), "{names:?}");
    let auth = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("authorization")).unwrap();
    assert!(auth.1.starts_with("SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature="), "{}", auth.1);
    // An error comes back through `?`, with its message.
    let e = signed_headers("", "sk").unwrap_err();
    assert!(!e.to_string().is_empty());
}

#[test]
fn the_readme_shows_exactly_this_example() {
    let readme = include_str!("../README.md");
    let block = readme.split("```rust\n").nth(1).and_then(|b| b.split("```\n").next()).expect("README.md has a ```rust block");
    let me = include_str!("readme_example.rs");
    let example = me.split("// README example start\n").nth(1).and_then(|s| s.split("// README example end\n").next()).unwrap();
    assert_eq!(block, example, "README.md's Rust example and tests/readme_example.rs differ: update both");
    assert_eq!(readme.matches("```rust").count(), 1, "one Rust example in README.md");
}
