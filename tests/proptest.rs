//! The fuzz targets' invariants (fuzz/src/checks.rs) under proptest: part of `cargo test` with a
//! fixed seed, and the fallback of `scripts/fuzz.sh` where cargo-fuzz cannot be installed
//! (`PROPTEST_CASES` sets the number of cases per property, `HWCLOUD_PROPTEST_SEED` the seed).
//!
//! Inputs are generated from token alphabets close to what each parser splits on, so random
//! combinations reach the interesting paths (escapes, separators, dates, header syntax).

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../fuzz/src/checks.rs"]
mod checks;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    let seed: u64 = std::env::var("HWCLOUD_PROPTEST_SEED").ok().and_then(|c| c.parse().ok()).unwrap_or(0x5eed_7077);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

fn run<S: Strategy>(strategy: S, check: impl Fn(&S::Value)) {
    let mut r = runner();
    let result = r.run(&strategy, |v| {
        check(&v);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Concatenations of `tokens`.
fn text(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens), 0..max).prop_map(|v| v.concat())
}

const URL_TOKENS: &[&str] = &[
    "https://", "http://", "HTTPS://", "ftp://", "h.example.com", "H.Example.COM", "[::1]", ":443", ":80", ":8080", ":", "@", "/", "//", "?", "&", "=", "#",
    "%", "%2F", "%2f", "%20", "%E4%B8%80", "%F0%9F%98%80", "%EF%BD%9E", "%zz", "%4", "+", "~", "*", "a", "b", "Z", "0", "9", "-", "_", ".", "..", "é", " ",
    "\t", "\n", "\0", "\u{7f}", "v1", "limit=2", "marker=x",
];
const DATE_TOKENS: &[&str] = &["2019", "1115", "T", "033655", "Z", "z", "-", ":", ".", "701000", "+00:00", "-00:00", "+0000", "0229", "1231", "9999", "1969", "235959", "240000", "0", "9", " "];
const NAME_TOKENS: &[&str] = &["X-", "x-", "a", "B", "Content-Type", "Host", "host", "X-Sdk-Date", "x-sdk-content-sha256", "X-Security-Token", "Authorization", "User-Agent", "_", " ", "é", ":", "(", "\r", "\0", "!#$%&'*+-.^`|~"];
const VALUE_TOKENS: &[&str] = &["v", " ", "\t", "UNSIGNED-PAYLOAD", "20191115T033655Z", "application/json", "é", "\u{1}", "\r", "\0", ":", ",", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"];
const AUTH_TOKENS: &[&str] = &[
    "SDK-HMAC-SHA256", " ", ", ", ",", "\t", "Access=", "AK", "SignedHeaders=", "host", ";", "x-sdk-date", "content-type", "Signature=",
    "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe", "=", "V11-HMAC-SHA256", "Credential=", "é",
];

fn header_lines(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((text(NAME_TOKENS, 4), text(VALUE_TOKENS, 4)), 0..max)
        .prop_map(|v| v.iter().map(|(n, val)| format!("{}:{}\n", n.replace('\n', ""), val.replace('\n', ""))).collect())
}

#[test]
fn canonical_url_invariants() {
    run(prop_oneof![text(URL_TOKENS, 24).prop_map(String::into_bytes), prop::collection::vec(any::<u8>(), 0..64)], |b| checks::canonical_url(b));
}

#[test]
fn date_invariants() {
    run(prop_oneof![text(DATE_TOKENS, 10).prop_map(String::into_bytes), prop::collection::vec(any::<u8>(), 0..24)], |b| checks::date(b));
}

#[test]
fn header_invariants() {
    run(header_lines(8), |s| checks::headers(s.as_bytes()));
}

#[test]
fn sign_invariants() {
    let method = prop::sample::select(&["GET", "post", "PUT", "DELETE", "", "G ET", "PATCH"][..]);
    let url = prop_oneof![
        3 => text(&["/", "v1", "a%2Fb", "%E4%B8%80", "x y", "~", "*", "..", "é", "%", "?", "&", "=", "b=2", "a=1", "#f", "+"], 10)
            .prop_map(|p| format!("https://h.example.com/{}", p.replace('\n', ""))),
        1 => text(URL_TOKENS, 16).prop_map(|u| u.replace('\n', "")),
    ];
    let time = prop::sample::select(&["20191115T033655Z", "1573789015000", "0", "253402300799999", "-1", "20190229T000000Z", "x"][..]);
    let mode = prop::sample::select(&["", "", "U", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "ABC"][..]);
    let sk = prop::sample::select(&["proptest-secret-key-1", "k", " padded ", "秘密のキー-0123456789", ""][..]);
    let token = prop::sample::select(&["", "", "temporary-token", "bad\rtoken"][..]);
    let flags = prop::sample::select(&["", "o"][..]);
    let body = prop::collection::vec(any::<u8>(), 0..64);
    run((method, url, time, mode, sk, token, flags, header_lines(6), body), |(m, u, t, md, sk, tok, fl, h, b)| {
        let mut input = format!("{m}\n{u}\n{t}\n{md}\nAK\n{sk}\n{tok}\n{fl}\n{h}").into_bytes();
        input.push(b'\n');
        input.extend_from_slice(b);
        checks::sign_request(&input);
    });
}

#[test]
fn verify_invariants() {
    let auth = text(AUTH_TOKENS, 12);
    let date = prop::sample::select(&["20191115T033655Z", "2019-11-15", "", "20191115T033656Z"][..]);
    run((auth, date, header_lines(4), prop::collection::vec(any::<u8>(), 0..32)), |(a, d, h, b)| {
        let mut input = format!("GET\nhttps://h.example.com/p?q=1\n1573789015000\nproptest-verify-key\nAuthorization:{a}\nX-Sdk-Date:{d}\n{h}").into_bytes();
        input.push(b'\n');
        input.extend_from_slice(b);
        checks::verify_request(&input);
    });
    // The signing guide's request verifies (and every invariant of a valid result holds).
    checks::verify_request(include_bytes!("../fuzz/corpus/verify/guide-valid"));
}
