//! The shared verification vectors, `tests/vectors/verify.json`, through the Rust verifier
//! (`hwcloud_signer::verify`): the same verdict, reason, access key id and signed values as the npm
//! package's `verifyRequest` (`tests/js/verify-vectors.test.mjs` runs the same file).
//!
//! Every case also runs with the body given as its precomputed hash, where that cannot change the
//! verdict. Without the `ecc` feature a request signed with SDK-ECDSA-P256-SHA256 or SDK-SM2-SM3 is
//! `unsupported-algorithm` once its Authorization header parses; `cargo test --features ecc
//! --test verify_vectors` checks those cases as written.
#![allow(clippy::unwrap_used, clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

mod common;
use common::base64_decode;
use hwcloud_signer::algorithm::{Algorithm, HashFunction};
use hwcloud_signer::verify::{ReceivedBody, ReceivedRequest, Reason, Verification, VerifyOptions, verify};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const VECTORS: &str = include_str!("vectors/verify.json");

fn cases() -> Vec<Value> {
    let root: Value = serde_json::from_str(VECTORS).expect("tests/vectors/verify.json is valid JSON");
    assert!(root["_format"].as_str().is_some_and(|f| f.contains("cases[]")), "verify.json documents its format");
    root["cases"].as_array().expect("cases").clone()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("missing string {key} in {v}"))
}

fn body_of(case: &Value) -> Vec<u8> {
    match &case["body"] {
        Value::Null => Vec::new(),
        b if b.get("utf8").is_some() => text(b, "utf8").as_bytes().to_vec(),
        b => base64_decode(text(b, "base64")),
    }
}

fn options_of(case: &Value) -> VerifyOptions {
    let mut o = VerifyOptions::new(case["now"].as_i64().expect("now"));
    let given = case["options"].as_object().expect("options");
    for (k, v) in given {
        match k.as_str() {
            "maxSkewMs" => o.max_skew_ms = v.as_u64().expect("maxSkewMs"),
            "allowUnsignedPayload" => o.allow_unsigned_payload = v.as_bool().expect("allowUnsignedPayload"),
            "maxBodyBytes" => o.max_body_bytes = usize::try_from(v.as_u64().expect("maxBodyBytes")).unwrap(),
            other => panic!("[{}] unknown option {other}: teach this test about it", case["name"]),
        }
    }
    o
}

/// The algorithm named by the case's Authorization header (its first word), if any.
fn algorithm_named(headers: &[(&str, &str)]) -> Option<Algorithm> {
    let auth = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("authorization"))?.1;
    Algorithm::from_name(auth.trim_matches([' ', '\t']).split([' ', '\t']).next()?)
}

/// What this build must answer: the file's expectation, except that without the `ecc` feature an
/// elliptic-curve request whose Authorization parses is `unsupported-algorithm` (no access key id).
fn expected_here(case: &Value, headers: &[(&str, &str)]) -> Value {
    let e = case["expected"].clone();
    let before_algorithm = matches!(e["reason"].as_str(), Some("missing-authorization" | "malformed-authorization" | "unsupported-algorithm"))
        || (e["reason"] == "invalid-request" && e["ak"].is_null());
    let ecc = algorithm_named(headers).is_some_and(Algorithm::is_elliptic_curve);
    if ecc && !cfg!(feature = "ecc") && !before_algorithm {
        return serde_json::json!({ "valid": false, "reason": "unsupported-algorithm", "ak": null });
    }
    e
}

fn check(case: &Value, expected: &Value, v: &Verification, how: &str, secrets: &Map<String, Value>) {
    let at = format!("[{}] ({how}): {v:?}", text(case, "name"));
    assert_eq!(v.is_valid(), expected["valid"].as_bool().unwrap(), "{at}");
    assert_eq!(v.access_key_id.as_deref(), expected["ak"].as_str(), "{at}");
    if v.is_valid() {
        assert!(v.message.is_empty(), "{at}");
        assert_eq!(v.path.as_deref(), Some(text(expected, "path")), "{at}");
        let query: Vec<(String, String)> = expected["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| (String::from(kv[0].as_str().unwrap()), String::from(kv[1].as_str().unwrap())))
            .collect();
        assert_eq!(v.query.as_ref(), Some(&query), "{at}");
        assert_eq!(v.unsigned_payload, expected["unsignedPayload"].as_bool().unwrap(), "{at}");
        assert_eq!(v.canonical_request.as_deref(), Some(text(expected, "canonicalRequest")), "{at}");
        // The signed header names are the SignedHeaders line of the canonical request.
        let cr: Vec<&str> = text(expected, "canonicalRequest").split('\n').collect();
        assert_eq!(v.signed_headers.as_ref().map(|h| h.join(";")).as_deref(), Some(cr[cr.len() - 2]), "{at}");
    } else {
        assert_eq!(v.reason.map(Reason::code), expected["reason"].as_str(), "{at}");
        assert!(!v.message.is_empty() && !v.message.contains('\n'), "{at}");
        assert!(v.path.is_none() && v.query.is_none() && v.signed_headers.is_none() && !v.unsigned_payload, "{at}");
    }
    // No secret key of the case in the result, whatever the verdict.
    let shown = format!("{v:?}");
    for sk in secrets.values() {
        let sk = sk.as_str().unwrap();
        assert!(!shown.contains(sk), "{at}: the result shows a secret key");
    }
}

#[test]
fn every_case_gets_the_verdict_reason_and_signed_values_of_verify_json() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut per_reason: BTreeMap<String, usize> = BTreeMap::new();
    let mut hashed = 0;
    for case in &cases {
        let headers: Vec<(&str, &str)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap()))
            .collect();
        let secrets = case["secrets"].as_object().unwrap();
        // A JSON object has no inherited names: `constructor` or `__proto__` are unknown, as in JS.
        let lookup = |ak: &str| secrets.get(ak).and_then(Value::as_str).map(String::from);
        let options = options_of(case);
        let body = body_of(case);
        let (method, url) = (text(case, "method"), text(case, "url"));
        let expected = expected_here(case, &headers);

        let request = ReceivedRequest::new(method, url, headers.iter().copied(), ReceivedBody::Bytes(&body));
        let v = verify(&request, &options, lookup);
        check(case, &expected, &v, "bytes", secrets);
        let key = if v.is_valid() { String::from("valid") } else { String::from(v.reason.unwrap().code()) };
        *per_reason.entry(key).or_default() += 1;

        // The body as its precomputed hash (with the algorithm's hash function): the same verdict,
        // except that a body over the limit that only its bytes revealed is not seen.
        let length_only_from_bytes = expected["reason"] == "body-too-large" && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length"));
        if length_only_from_bytes {
            continue;
        }
        let hash_function = algorithm_named(&headers).map_or(HashFunction::Sha256, Algorithm::hash_function);
        let hex = String::from_utf8(hash_function.hex_digest(&body).to_vec()).unwrap();
        let received = match hash_function {
            HashFunction::Sha256 => ReceivedBody::Sha256Hex(&hex),
            HashFunction::Sm3 => ReceivedBody::Sm3Hex(&hex),
        };
        let request = ReceivedRequest::new(method, url, headers.iter().copied(), received);
        check(case, &expected, &verify(&request, &options, lookup), "precomputed hash", secrets);
        hashed += 1;
    }
    eprintln!("verify.json: {} cases ({hashed} also with a precomputed body hash): {per_reason:?}", cases.len());
    assert_eq!(per_reason.values().sum::<usize>(), cases.len());
}

#[test]
fn every_reason_code_is_kebab_case_and_has_a_vector() {
    let cases = cases();
    let in_vectors: Vec<&str> = cases.iter().filter_map(|c| c["expected"]["reason"].as_str()).collect();
    for r in Reason::ALL {
        let code = r.code();
        assert!(code.split('-').all(|w| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase())), "{code}");
        assert!(in_vectors.contains(&code), "no verify.json case for {code}");
    }
    for code in in_vectors {
        assert!(Reason::ALL.iter().any(|r| r.code() == code), "verify.json uses {code}, which the Rust verifier never gives");
    }
}
