//! Invariants of the signing core, checked on arbitrary input. Shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and the proptest fallback (`tests/proptest.rs`). Every function
//! panics (with a message) when an invariant is broken; a plain `Err` from the library is fine.
//!
//! Inputs are text, one field per line, so that the committed seed corpus is readable:
//! see each function for its layout. Missing lines take valid defaults, so that the fuzzer spends
//! its time on the success paths too.

#![allow(clippy::unwrap_used, missing_docs, unreachable_pub, dead_code)]

use hwcloud_signer::canonical::{self, canonical_query, canonical_uri, check_header, parse_url, trim_value};
use hwcloud_signer::date::{MAX_EPOCH_MS, format_sdk_date, parse_iso8601, parse_sdk_date};
use hwcloud_signer::encoding::{canonicalize_component, decode_into, encode_into, is_unreserved};
use hwcloud_signer::signer::{hmac_sha256_hex, sha256_hex};
use hwcloud_signer::algorithm;
use hwcloud_signer::verify::{self, ReceivedBody, ReceivedRequest, Reason, VerifyOptions};
use hwcloud_signer::{Credentials, HostSigning, SignableBody, SignableRequest, SigningOutput, SigningParams, SigningTime, sign};

/// Only `A-Z a-z 0-9 - _ . ~` and `%XX` (uppercase hex), plus the bytes in `extra`.
fn assert_encoded(s: &[u8], extra: &[u8], what: &str) {
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b == b'%' {
            assert!(
                s.len() >= i + 3 && s[i + 1..i + 3].iter().all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c)),
                "{what}: bad escape at {i} in {:?}",
                String::from_utf8_lossy(s)
            );
            i += 3;
        } else {
            assert!(is_unreserved(b) || extra.contains(&b), "{what}: byte {b:#04x} not allowed in {:?}", String::from_utf8_lossy(s));
            i += 1;
        }
    }
}

fn decode(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    decode_into(&mut v, s);
    v
}

fn encode(s: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    encode_into(&mut v, s);
    v
}

fn cquery(q: &str) -> String {
    let mut v = Vec::new();
    canonical_query(q, &mut v);
    String::from_utf8(v).expect("the canonical query is ASCII")
}

fn curi(p: &str) -> String {
    let mut v = Vec::new();
    canonical_uri(p, &mut v);
    String::from_utf8(v).expect("the canonical URI is ASCII")
}

/// The canonical query: only unreserved bytes and `%XX`, `k=v` pairs joined by `&`, sorted by
/// (decoded key, decoded value), and a fixed point of canonicalisation.
pub fn check_canonical_query(q: &str) {
    let c = cquery(q);
    assert_encoded(c.as_bytes(), b"=&", "canonical query");
    let mut prev: Option<(Vec<u8>, Vec<u8>)> = None;
    if !c.is_empty() {
        for pair in c.split('&') {
            let mut kv = pair.splitn(2, '=');
            let (k, v) = (kv.next().unwrap(), kv.next().expect("every pair has '='"));
            assert!(!v.contains('='), "an '=' inside a value is escaped: {c:?}");
            let cur = (decode(k.as_bytes()), decode(v.as_bytes()));
            if let Some(p) = &prev {
                assert!(*p <= cur, "canonical query not sorted: {c:?} (from {q:?})");
            }
            prev = Some(cur);
        }
    }
    assert_eq!(cquery(&c), c, "canonical query is not a fixed point (from {q:?})");
}

/// The canonical URI: unreserved bytes, `%XX` and `/`; ends with `/`; a fixed point; and each
/// segment decodes to what the original segment decodes to.
pub fn check_canonical_uri(p: &str) {
    let c = curi(p);
    assert_encoded(c.as_bytes(), b"/", "canonical URI");
    assert!(c.ends_with('/'), "canonical URI must end with '/': {c:?}");
    assert_eq!(curi(&c), c, "canonical URI is not a fixed point (from {p:?})");
    let segs: Vec<&str> = p.split('/').collect();
    let csegs: Vec<&str> = c.split('/').collect();
    for (i, s) in segs.iter().enumerate() {
        assert_eq!(decode(csegs[i].as_bytes()), decode(s.as_bytes()), "segment {i} of {p:?} changed meaning");
    }
}

/// URL splitting, path and query canonicalisation, percent-encoding.
/// Input: any bytes (as a URL, as a path, as a query, and as raw bytes to encode).
pub fn canonical_url(data: &[u8]) {
    // Encoding: only unreserved + %XX, and decoding gives back the original bytes.
    let e = encode(data);
    assert_encoded(&e, b"", "encoded bytes");
    assert_eq!(decode(&e), data, "decode(encode(x)) != x");
    let mut c = Vec::new();
    let mut scratch = Vec::new();
    canonicalize_component(&mut c, data, &mut scratch);
    assert_encoded(&c, b"", "canonical component");
    assert_eq!(decode(&c), decode(data), "canonicalisation changed the decoded bytes");

    let s = String::from_utf8_lossy(data);
    check_canonical_query(&s);
    check_canonical_uri(&s);
    match parse_url(&s) {
        Ok(u) => {
            assert!(u.scheme == "http" || u.scheme == "https");
            assert!(!u.host.is_empty() && !u.host.contains('@') && u.host.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase()), "host {:?}", u.host);
            assert!(u.path.starts_with('/'), "path {:?} of {s:?}", u.path);
            assert!(!u.path.contains(['?', '#']) && !u.query.contains('#'), "{u:?}");
            assert!(u.path.len() + u.query.len() <= canonical::MAX_URI_BYTES);
            assert!(s.bytes().all(|b| b > b' ' && b < 0x7f), "accepted a space, control or non-ASCII byte: {s:?}");
            check_canonical_uri(u.path);
            check_canonical_query(u.query);
        }
        Err(e) => assert!(["ERR_INVALID_URL", "ERR_URL_TOO_LONG"].contains(&e.code()), "{}", e.code()),
    }
}

/// Dates. Input: text (parsed as both formats) and its first 8 bytes as an i64 of milliseconds.
pub fn date(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Ok(ms) = parse_sdk_date(&s) {
        assert!((0..=MAX_EPOCH_MS).contains(&ms) && ms % 1000 == 0);
        assert_eq!(format_sdk_date(ms).unwrap(), s, "parse then format differs");
    }
    if let Ok(ms) = parse_iso8601(&s) {
        assert!((0..=MAX_EPOCH_MS).contains(&ms), "{s:?} -> {ms}");
        // The same instant, whole seconds, formatted as X-Sdk-Date and parsed back.
        let sdk = format_sdk_date(ms).unwrap();
        assert_eq!(parse_sdk_date(&sdk).unwrap(), ms - ms % 1000);
        let b = sdk.as_bytes();
        let iso = format!("{}-{}-{}T{}:{}:{}Z", &sdk[0..4], &sdk[4..6], &sdk[6..8], &sdk[9..11], &sdk[11..13], &sdk[13..15]);
        assert_eq!(parse_iso8601(&iso).unwrap(), ms - ms % 1000, "{iso} {b:?}");
    }
    let mut raw = [0u8; 8];
    for (i, b) in data.iter().take(8).enumerate() {
        raw[i] = *b;
    }
    for ms in [i64::from_le_bytes(raw), i64::from_le_bytes(raw).rem_euclid(MAX_EPOCH_MS + 1)] {
        match format_sdk_date(ms) {
            Ok(d) => {
                assert!((0..=MAX_EPOCH_MS).contains(&ms));
                assert_eq!(d.len(), 16);
                assert_eq!(parse_sdk_date(&d).unwrap(), ms - ms % 1000, "{ms} -> {d}");
            }
            Err(e) => {
                assert!(!(0..=MAX_EPOCH_MS).contains(&ms), "{ms} refused");
                assert_eq!(e.code(), "ERR_INVALID_DATE");
            }
        }
    }
}

fn lines(data: &[u8]) -> (Vec<String>, Vec<u8>) {
    // Fields are lines up to the first empty line; the rest is the body.
    let mut fields = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let end = data[pos..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| pos + i);
        if end == pos {
            return (fields, data[pos + 1..].to_vec());
        }
        fields.push(String::from_utf8_lossy(&data[pos..end]).into_owned());
        pos = end + 1;
    }
    (fields, Vec::new())
}

fn header_pairs(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| match l.find(':') {
            Some(i) => (l[..i].to_string(), l[i + 1..].to_string()),
            None => (l.clone(), String::new()),
        })
        .collect()
}

/// A key that cannot appear in the output by accident (so finding it there is a leak).
fn distinctive(sk: &str, others: &[&str]) -> bool {
    sk.len() >= 12 && !others.iter().any(|o| o.contains(sk))
}

fn no_leak(sk: &str, distinct: bool, texts: &[&str], what: &str) {
    if distinct {
        for t in texts {
            assert!(!t.contains(sk), "the secret key leaked into {what}");
        }
    }
}

/// Header names and values, alone and in a signature.
/// Input: `name:value` lines, then an empty line (ignored rest).
pub fn headers(data: &[u8]) {
    let (fields, _) = lines(data);
    let pairs = header_pairs(&fields);
    for (n, v) in &pairs {
        match check_header(n, v) {
            Ok(lower) => {
                assert!(!n.is_empty() && n.bytes().all(canonical::is_tchar), "accepted name {n:?}");
                assert_eq!(lower, n.to_ascii_lowercase());
                assert!(!v.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0), "accepted value {v:?}");
            }
            Err(e) => assert!(["ERR_INVALID_HEADER", "ERR_HEADERS_TOO_LARGE"].contains(&e.code()), "{}", e.code()),
        }
        let t = trim_value(v);
        assert!(!t.starts_with([' ', '\t']) && !t.ends_with([' ', '\t']) && v.contains(t));
    }
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let sk = "fuzz-headers-secret-key";
    let req = SignableRequest::new("GET", "https://h.example.com/p?q=1", refs.iter().copied(), SignableBody::Bytes(b""));
    let params = SigningParams::new(Credentials::new("AK", sk), SigningTime::SdkDate("20191115T033655Z"));
    match sign(&req, &params) {
        Ok(out) => {
            let cr_text = out.canonical_request.to_string();
            let block: Vec<&str> = cr_text.split('\n').collect();
            // method, uri, query, header lines..., "", signed headers, payload hash
            let n = block.len();
            let header_lines = &block[3..n - 3];
            assert_eq!(block[n - 3], "");
            let names: Vec<&str> = header_lines.iter().map(|l| &l[..l.find(':').expect("name:value")]).collect();
            assert_eq!(names.join(";"), out.signed_headers());
            assert!(names.windows(2).all(|w| w[0] < w[1]), "signed headers not sorted and distinct: {names:?}");
            assert!(names.contains(&"x-sdk-date"));
            for name in &names {
                assert!(name.bytes().all(|b| canonical::is_tchar(b) && !b.is_ascii_uppercase()) && canonical::is_signable(name), "{name}");
            }
            for l in header_lines {
                let v = &l[l.find(':').unwrap() + 1..];
                assert_eq!(trim_value(v), v, "header value not trimmed: {l:?}");
            }
            check_signed_form(&req_parts("GET", "https://h.example.com/p?q=1", &refs, Body::Bytes(b"")), &params, &out, sk);
        }
        Err(e) => {
            assert!(["ERR_INVALID_HEADER", "ERR_HEADERS_TOO_LARGE", "ERR_DUPLICATE_HEADER"].contains(&e.code()), "{}: {}", e.code(), e.message());
            assert!(!e.message().contains(sk));
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Body<'a> {
    Bytes(&'a [u8]),
    Precomputed(&'a str),
    Unsigned,
}

struct Parts<'a> {
    method: &'a str,
    url: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: Body<'a>,
}

fn req_parts<'a>(method: &'a str, url: &'a str, headers: &[(&'a str, &'a str)], body: Body<'a>) -> Parts<'a> {
    Parts { method, url, headers: headers.to_vec(), body }
}

fn signable<'a>(p: &Parts<'a>) -> SignableRequest<'a> {
    let body = match p.body {
        Body::Bytes(b) => SignableBody::Bytes(b),
        Body::Precomputed(h) => SignableBody::Precomputed(h),
        Body::Unsigned => SignableBody::UnsignedPayload,
    };
    SignableRequest::new(p.method, p.url, p.headers.iter().copied(), body)
}

/// The URL to send: the request's URL without query and fragment, then the canonical query.
fn signed_url(url: &str, canonical_query: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find(['?', '#']).map_or(url.len(), |i| start + i);
    if canonical_query.is_empty() { url[..end].to_string() } else { format!("{}?{}", &url[..end], canonical_query) }
}

/// Determinism, the signed form re-canonicalising to the same canonical request, and
/// verify(sign(x)) with every tampering detected.
fn check_signed_form(p: &Parts<'_>, params: &SigningParams<'_>, out: &SigningOutput, sk: &str) {
    let again = sign(&signable(p), params).expect("signing is deterministic (second call failed)");
    assert_eq!(&again, out, "signing is not deterministic");
    check_canonical_query(&out.canonical_request.query());
    assert_eq!(out.string_to_sign.to_string(), format!("SDK-HMAC-SHA256\n{}\n{}", out.sdk_date, sha256_hex(out.canonical_request.to_string().as_bytes())));
    assert_eq!(out.signature, hmac_sha256_hex(sk.as_bytes(), out.string_to_sign.to_string().as_bytes()));
    assert!(out.authorization.ends_with(&out.signature));

    // The signed form: the URL with the canonical query, the headers plus those signing added.
    let url2 = signed_url(p.url, &out.canonical_request.query());
    // "Set" the signing headers: they replace a caller's header of the same name.
    let mut headers2: Vec<(&str, &str)> = p.headers.iter().copied().filter(|(n, _)| !out.headers.iter().any(|(o, _)| o.eq_ignore_ascii_case(n))).collect();
    for (n, v) in &out.headers {
        headers2.push((n, v.as_str()));
    }
    let p2 = Parts { method: p.method, url: &url2, headers: headers2.clone(), body: p.body };
    let out2 = sign(&signable(&p2), params).expect("the signed form must sign");
    assert_eq!(out2.canonical_request, out.canonical_request, "signed form re-canonicalises differently ({url2})");
    assert_eq!(out2.signature, out.signature);

    // verify(sign(x)): a server receiving the signed form accepts it...
    let now = parse_sdk_date(&out.sdk_date).unwrap();
    let body = match p.body {
        Body::Bytes(b) => ReceivedBody::Bytes(b),
        Body::Precomputed(h) => ReceivedBody::Sha256Hex(h),
        Body::Unsigned => ReceivedBody::Bytes(b"anything: the body is not signed"),
    };
    let body_hash = match p.body {
        Body::Bytes(b) => Some(sha256_hex(b)),
        Body::Precomputed(h) => Some(h.to_string()),
        Body::Unsigned => None,
    };
    // A caller's X-Sdk-Content-Sha256 that is not the body's hash is a payload mismatch to the server.
    let content_sha = out.canonical_request.payload_hash();
    let expect_payload_mismatch = content_sha != "UNSIGNED-PAYLOAD" && body_hash.as_deref().is_some_and(|h| h != content_sha);
    let received = ReceivedRequest::new(p.method, &url2, headers2.iter().copied(), body);
    // UNSIGNED-PAYLOAD is refused unless the server allows it; these checks allow it.
    let opts = |t: i64| {
        let mut o = VerifyOptions::new(t);
        o.allow_unsigned_payload = true;
        o
    };
    if content_sha == "UNSIGNED-PAYLOAD" {
        assert_eq!(verify::verify(&received, &VerifyOptions::new(now), |_| Some(sk)).reason, Some(Reason::UnsignedPayload));
    }
    let v = verify::verify(&received, &opts(now), |_| Some(sk));
    if expect_payload_mismatch {
        assert_eq!(v.reason, Some(Reason::PayloadHashMismatch), "{v:?}");
        return;
    }
    assert!(v.is_valid(), "verify(sign(x)) is not valid: {v:?}\nsigned: {out:?}");
    assert_eq!(v.canonical_request.as_deref(), Some(out.canonical_request.to_string().as_str()));
    // ...and refuses a wrong key, a changed method, and a stale date.
    assert_eq!(verify::verify(&received, &opts(now), |_| Some(format!("{sk}x"))).reason, Some(Reason::SignatureMismatch));
    let m2 = format!("{}X", p.method);
    let changed = ReceivedRequest::new(&m2, &url2, headers2.iter().copied(), body);
    assert_eq!(verify::verify(&changed, &opts(now), |_| Some(sk)).reason, Some(Reason::SignatureMismatch));
    assert_eq!(verify::verify(&received, &opts(now + 15 * 60_000 + 1000), |_| Some(sk)).reason, Some(Reason::DateSkew));
    if let Body::Bytes(b) = p.body {
        if content_sha != "UNSIGNED-PAYLOAD" {
            let mut other = b.to_vec();
            other.push(b'!');
            let tampered = ReceivedRequest::new(p.method, &url2, headers2.iter().copied(), ReceivedBody::Bytes(&other));
            let r = verify::verify(&tampered, &opts(now), |_| Some(sk)).reason;
            assert!(matches!(r, Some(Reason::SignatureMismatch | Reason::PayloadHashMismatch)), "body change not detected: {r:?}");
        }
    }
}

/// Signing: any request. Input lines: method, url, time (epoch ms when numeric, else X-Sdk-Date),
/// body mode (empty: bytes, `U`: UNSIGNED-PAYLOAD, else a precomputed hash), ak, sk, security
/// token (empty: none), flags (`o`: leave host unsigned), then `name:value` header lines; an empty
/// line; the body.
pub fn sign_request(data: &[u8]) {
    let (fields, body) = lines(data);
    let get = |i: usize, d: &'static str| fields.get(i).map_or(d, String::as_str);
    let method = get(0, "GET");
    let url = get(1, "https://h.example.com/p?q=1");
    let time = get(2, "20191115T033655Z");
    let mode = get(3, "");
    let ak = get(4, "AK");
    let sk = get(5, "fuzz-sign-secret-key");
    let token = get(6, "");
    let flags = get(7, "");
    let pairs = header_pairs(fields.get(8..).unwrap_or(&[]));
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let b = match mode {
        "" => Body::Bytes(&body),
        "U" => Body::Unsigned,
        h => Body::Precomputed(h),
    };
    let parts = req_parts(method, url, &refs, b);
    let t = match time.parse::<i64>() {
        Ok(ms) if !time.starts_with('+') => SigningTime::EpochMillis(ms),
        _ => SigningTime::SdkDate(time),
    };
    let mut creds = Credentials::new(ak, sk);
    if !token.is_empty() {
        creds = creds.with_security_token(token);
    }
    let mut params = SigningParams::new(creds, t);
    if flags.contains('o') {
        params.settings.host = HostSigning::Omit;
    }
    let mut others: Vec<&str> = vec![method, url, time, mode, ak, token];
    for (n, v) in &refs {
        others.push(n);
        others.push(v);
    }
    let body_text = String::from_utf8_lossy(&body);
    others.push(&body_text);
    let distinct = distinctive(sk, &others);
    match sign(&signable(&parts), &params) {
        Ok(out) => {
            // The key influences the signature and nothing else (so nothing else can show it).
            let creds2 = Credentials::new(ak, "Zz-another-secret-Zz");
            let creds2 = if token.is_empty() { creds2 } else { creds2.with_security_token(token) };
            let mut params2 = SigningParams::new(creds2, t);
            params2.settings.host = params.settings.host;
            let out2 = sign(&signable(&parts), &params2).expect("another valid key signs too");
            assert_eq!((&out2.canonical_request, &out2.string_to_sign, &out2.signed_headers()), (&out.canonical_request, &out.string_to_sign, &out.signed_headers()));
            assert_eq!(out2.headers[..out2.headers.len() - 1], out.headers[..out.headers.len() - 1]);
            assert_eq!(out2.authorization[..out2.authorization.len() - 64], out.authorization[..out.authorization.len() - 64]);
            check_signed_form(&parts, &params, &out, sk);
        }
        Err(e) => {
            assert!(e.code().starts_with("ERR_") && !e.message().is_empty());
            // A key that happens to equal text of the message (an example date, say) is not a leak:
            // compare with the message the same request gets with another key.
            let creds2 = Credentials::new(ak, "Zz-another-secret-Zz");
            let creds2 = if token.is_empty() { creds2 } else { creds2.with_security_token(token) };
            let mut params2 = SigningParams::new(creds2, t);
            params2.settings.host = params.settings.host;
            let other = sign(&signable(&parts), &params2).err().map(|e2| format!("{e2:?}")).unwrap_or_default();
            if !other.contains(sk) {
                no_leak(sk, distinct, &[e.message(), &format!("{e:?}"), &e.to_string()], "an error");
            }
        }
    }
}

/// Verification of arbitrary received requests. Input lines: method, url, now (epoch ms), sk,
/// then `name:value` header lines (with `Authorization`, `X-Sdk-Date`, ...); an empty line; the body.
pub fn verify_request(data: &[u8]) {
    let (fields, body) = lines(data);
    let get = |i: usize, d: &'static str| fields.get(i).map_or(d, String::as_str);
    let method = get(0, "GET");
    let url = get(1, "https://h.example.com/p");
    let now: i64 = get(2, "1573789015000").parse().unwrap_or(1_573_789_015_000);
    let sk = get(3, "fuzz-verify-secret-key");
    let pairs = header_pairs(fields.get(4..).unwrap_or(&[]));
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    for (_, v) in &refs {
        if let Ok(a) = verify::parse_authorization(v) {
            // Rendered again (the signer's own renderer, every algorithm), it parses to the same fields.
            let again = algorithm::authorization(a.algorithm, a.access_key_id, a.scope, a.signed_headers, &a.signature)
                .expect("a parsed Authorization has a scope exactly when its algorithm uses one");
            assert_eq!(verify::parse_authorization(&again).ok().as_ref(), Some(&a), "re-rendered Authorization parses differently");
        }
    }
    let received = ReceivedRequest::new(method, url, refs.iter().copied(), ReceivedBody::Bytes(&body));
    let mut calls = 0;
    let v = verify::verify(&received, &VerifyOptions::new(now), |_| {
        calls += 1;
        Some(sk)
    });
    assert!(calls <= 1);
    assert!(!v.message.contains('\n'), "messages are one line (the wasm framing relies on it): {:?}", v.message);
    assert_eq!(v.is_valid(), v.message.is_empty());
    let mut others: Vec<&str> = vec![method, url];
    for (n, val) in &refs {
        others.push(n);
        others.push(val);
    }
    let shown = format!("{v:?}");
    if shown.contains(sk) {
        // Not a leak if the same text appears with another key (the key equals some input text).
        let w = verify::verify(&received, &VerifyOptions::new(now), |_| Some("Zz-another-secret-Zz"));
        no_leak(sk, distinctive(sk, &others) && !format!("{w:?}").contains(sk), &[&shown], "the verification result");
    }
    if v.is_valid() {
        let cr = v.canonical_request.as_deref().expect("a valid result has the canonical request");
        let sts = v.string_to_sign.as_deref().expect("and the string to sign");
        assert!(sts.ends_with(&sha256_hex(cr.as_bytes())));
        assert!(v.reason.is_none() && calls == 1);
        // The same request with another key is refused.
        let w = verify::verify(&received, &VerifyOptions::new(now), |_| Some(format!("{sk}x")));
        assert_eq!(w.reason, Some(Reason::SignatureMismatch));
    } else {
        assert!(!v.message.is_empty());
        if v.reason == Some(Reason::SignatureMismatch) {
            assert!(v.canonical_request.is_some() && v.string_to_sign.is_some());
        }
    }
}
