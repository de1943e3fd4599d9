//! Server-side verification of `SDK-HMAC-SHA256` requests: what Huawei's API gateway does with a
//! signed request, for services (e.g. on Workers) that accept Huawei-style AK/SK signatures.
//!
//! The canonical request is rebuilt with the same functions the signer uses ([`crate::canonical`],
//! [`crate::signer`]) over exactly the headers named in `SignedHeaders`, in that order; the
//! signature is compared in constant time and an `X-Sdk-Date` more than 15 minutes from `now` is
//! refused. An invalid request is never an `Err`: it is a [`Verification`] with a [`Reason`].
//! The secret key is looked up only for a well-formed, fresh request ([`prepare`], then
//! [`Prepared::finish`]; [`verify`] does both), and the result never contains the signature the
//! server expected.
//!
//! ```
//! use hwcloud_signer::verify::{verify, ReceivedBody, ReceivedRequest, VerifyOptions};
//!
//! let auth = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, \
//!             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
//! let request = ReceivedRequest::new(
//!     "GET",
//!     "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
//!     [("Content-Type", "application/json"), ("X-Sdk-Date", "20191115T033655Z"), ("Authorization", auth)],
//!     ReceivedBody::Bytes(b""),
//! );
//! let now = 1_573_789_015_000; // 2019-11-15T03:36:55Z
//! let result = verify(&request, &VerifyOptions::new(now), |ak| {
//!     (ak == "QTWAOYTTINDUT2QVKYUC").then_some("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
//! });
//! assert!(result.is_valid());
//! ```

use crate::canonical::{canonical_query, canonical_uri, find_byte, is_tchar, parse_url, sub, trim_value};
use crate::date::parse_sdk_date;
use crate::error::{cat, dec};
use crate::signer::{ALGORITHM, UNSIGNED_PAYLOAD, canonical_method, check_payload_hash, hmac_sha256, sha256_hex};
use alloc::string::String;
use alloc::vec::Vec;

/// The gateway's clock-skew tolerance: 15 minutes.
pub const DEFAULT_MAX_SKEW_MS: u64 = 15 * 60 * 1000;

/// Why a request is not valid. [`Reason::code`] is the stable string the npm package returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// No `Authorization` header.
    MissingAuthorization,
    /// The `Authorization` header is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`.
    MalformedAuthorization,
    /// Another algorithm (`V11-HMAC-SHA256`, `SDK-HMAC-SM3`, …), which this verifier does not implement.
    UnsupportedAlgorithm,
    /// No `X-Sdk-Date` header.
    MissingDate,
    /// `X-Sdk-Date` is not `YYYYMMDDTHHMMSSZ`.
    InvalidDate,
    /// `X-Sdk-Date` is further from `now` than the allowed skew (15 minutes).
    DateSkew,
    /// A header named in `SignedHeaders` is not in the request.
    MissingSignedHeader,
    /// The method or URL cannot be canonicalised, or the request itself is malformed.
    InvalidRequest,
    /// The lookup knows no secret key for the access key id.
    UnknownAk,
    /// A signed `X-Sdk-Content-Sha256` does not match the body.
    PayloadHashMismatch,
    /// The signature does not match.
    SignatureMismatch,
}

impl Reason {
    /// Stable code, e.g. `"signature-mismatch"`.
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingAuthorization => "missing-authorization",
            Reason::MalformedAuthorization => "malformed-authorization",
            Reason::UnsupportedAlgorithm => "unsupported-algorithm",
            Reason::MissingDate => "missing-date",
            Reason::InvalidDate => "invalid-date",
            Reason::DateSkew => "date-skew",
            Reason::MissingSignedHeader => "missing-signed-header",
            Reason::InvalidRequest => "invalid-request",
            Reason::UnknownAk => "unknown-ak",
            Reason::PayloadHashMismatch => "payload-hash-mismatch",
            Reason::SignatureMismatch => "signature-mismatch",
        }
    }
}

/// The body of a received request.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceivedBody<'a> {
    /// The exact bytes received.
    Bytes(&'a [u8]),
    /// The lowercase hex SHA-256 of the body, computed elsewhere (e.g. while streaming it).
    Sha256Hex(&'a str),
}

impl core::fmt::Debug for ReceivedBody<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReceivedBody::Bytes(b) => write!(f, "Bytes(<{} bytes>)", b.len()),
            ReceivedBody::Sha256Hex(h) => f.debug_tuple("Sha256Hex").field(h).finish(),
        }
    }
}

/// A request as a server received it.
#[derive(Debug, Clone)]
pub struct ReceivedRequest<'a> {
    method: &'a str,
    url: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: ReceivedBody<'a>,
}

impl<'a> ReceivedRequest<'a> {
    /// `url` is the absolute URL as received (scheme, the host the client used, path and raw
    /// query). Headers are `(name, value)` pairs in any case. A signed header must appear once
    /// (join repeated values with `", "`, as `fetch`'s `Headers` does). Without a `Host` header,
    /// the URL's `host[:port]` is used for a signed `host`.
    pub fn new(method: &'a str, url: &'a str, headers: impl IntoIterator<Item = (&'a str, &'a str)>, body: ReceivedBody<'a>) -> Self {
        ReceivedRequest { method, url, headers: headers.into_iter().collect(), body }
    }
}

/// The clock and tolerance to check `X-Sdk-Date` against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The server's time, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Largest accepted distance between `X-Sdk-Date` and `now_ms` ([`DEFAULT_MAX_SKEW_MS`]).
    pub max_skew_ms: u64,
}

impl VerifyOptions {
    /// The gateway's 15-minute tolerance around `now_ms`.
    pub fn new(now_ms: i64) -> Self {
        VerifyOptions { now_ms, max_skew_ms: DEFAULT_MAX_SKEW_MS }
    }
}

/// The outcome of a verification. Contains no secret: never the expected signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verification {
    /// `None` when the request is valid.
    pub reason: Option<Reason>,
    /// What is wrong, for logs (empty when valid). Safe to show the client.
    pub message: String,
    /// The access key id, once the `Authorization` header could be parsed.
    pub access_key_id: Option<String>,
    /// The canonical request the server computed (when it got that far), for diffing.
    pub canonical_request: Option<String>,
    /// The string to sign the server computed (when it got that far).
    pub string_to_sign: Option<String>,
}

impl Verification {
    /// `true` when the signature is valid and fresh.
    pub fn is_valid(&self) -> bool {
        self.reason.is_none()
    }
}

/// A refusal before any signature was computed. Out of line: error paths stay small in wasm.
#[cold]
#[inline(never)]
fn reject(reason: Reason, parts: &[&str], ak: Option<&str>) -> Verification {
    Verification { reason: Some(reason), message: cat(parts), access_key_id: ak.map(String::from), canonical_request: None, string_to_sign: None }
}

/// A parsed `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Authorization<'a> {
    /// The access key id (`Access=`).
    pub access_key_id: &'a str,
    /// The `SignedHeaders=` value: lower-case names, sorted, distinct, `;`-separated.
    pub signed_headers: &'a str,
    /// The decoded `Signature=`.
    pub signature: [u8; 32],
}

impl core::fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Authorization").field("access_key_id", &self.access_key_id).field("signed_headers", &self.signed_headers).finish()
    }
}

/// The next `;`-separated name of a `SignedHeaders` value, from `*pos`.
fn next_name<'a>(list: &'a str, pos: &mut usize) -> Option<&'a str> {
    if *pos > list.len() {
        return None;
    }
    let end = find_byte(list.as_bytes(), b';', *pos, list.len());
    let name = sub(list, *pos, end);
    *pos = end + 1;
    Some(name)
}

fn hex_nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 16,
    }
}

/// `Some(())` when `ok`; otherwise records why and stops the parse.
fn ensure(ok: bool, why: &mut &'static str, because: &'static str) -> Option<()> {
    if !ok {
        *why = because;
    }
    ok.then_some(())
}

fn parse_fields<'a>(value: &'a str, mut pos: usize, why: &mut &'static str) -> Option<Authorization<'a>> {
    let b = value.as_bytes();
    let (mut access, mut signed, mut sig) = (None, None, None);
    loop {
        let end = find_byte(b, b',', pos, b.len());
        let part = trim_value(sub(value, pos, end));
        let eq = find_byte(part.as_bytes(), b'=', 0, part.len());
        let slot = match sub(part, 0, eq) {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut sig,
            _ => {
                *why = "unknown field";
                return None;
            }
        };
        ensure(eq < part.len() && slot.replace(sub(part, eq + 1, part.len())).is_none(), why, "Access, SignedHeaders and Signature must each appear once")?;
        if end == b.len() {
            break;
        }
        pos = end + 1;
    }
    let (access, signed, sig) = (access?, signed?, sig?);
    ensure(!access.is_empty() && access.bytes().all(|c| c.is_ascii_graphic() && c != b','), why, "Access is empty or not printable ASCII")?;
    let sb = sig.as_bytes();
    ensure(sb.len() == 64, why, "Signature is not 64 hex digits")?;
    let mut signature = [0u8; 32];
    for (i, out) in signature.iter_mut().enumerate() {
        let (h, l) = (hex_nibble(sb[2 * i]), hex_nibble(sb[2 * i + 1]));
        ensure(h < 16 && l < 16, why, "Signature is not 64 hex digits")?;
        *out = h << 4 | l;
    }
    let (mut pos, mut prev, mut has_date) = (0, "", false);
    while let Some(name) = next_name(signed, &mut pos) {
        ensure(!name.is_empty() && name.bytes().all(|c| is_tchar(c) && !c.is_ascii_uppercase()), why, "bad SignedHeaders")?;
        ensure(prev < name && name != "authorization", why, "SignedHeaders must be sorted and distinct")?;
        has_date |= name == "x-sdk-date";
        prev = name;
    }
    ensure(has_date, why, "SignedHeaders must include x-sdk-date")?;
    Some(Authorization { access_key_id: access, signed_headers: signed, signature })
}

/// Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=64-hex`. The three fields may
/// come in any order, each exactly once; spaces and tabs around them are ignored. `SignedHeaders`
/// must be lower-case, sorted and distinct (every official SDK sorts them) and include `x-sdk-date`.
///
/// # Errors
/// [`Reason::UnsupportedAlgorithm`] for another algorithm, [`Reason::MalformedAuthorization`]
/// otherwise, each with a message.
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Verification> {
    let value = trim_value(value);
    let b = value.as_bytes();
    let mut pos = 0;
    while pos < b.len() && b[pos] != b' ' && b[pos] != b'\t' {
        pos += 1;
    }
    let alg = sub(value, 0, pos);
    let mut why = "it does not start with SDK-HMAC-SHA256";
    if alg == ALGORITHM {
        if let Some(a) = parse_fields(value, pos, &mut why) {
            return Ok(a);
        }
    } else if !alg.is_empty() && alg.len() <= 40 && alg.bytes().all(is_tchar) {
        return Err(reject(Reason::UnsupportedAlgorithm, &["unsupported signing algorithm ", alg, "; only SDK-HMAC-SHA256 is verified"], None));
    }
    Err(reject(Reason::MalformedAuthorization, &["malformed Authorization header: ", why], None))
}

/// Everything checked and canonicalised that needs no secret key: the `Authorization` header,
/// the date and its skew, the method, URL and signed headers. [`Prepared::finish`] then hashes the
/// body and checks the signature with the key looked up for [`Prepared::access_key_id`].
#[derive(Debug)]
pub struct Prepared<'r> {
    auth: Authorization<'r>,
    sdk_date: &'r str,
    /// The canonical request up to and including the `\n` before the payload hash.
    head: Vec<u8>,
    /// The signed `X-Sdk-Content-Sha256` value, if any.
    content_sha: Option<String>,
    body: ReceivedBody<'r>,
}

/// The received headers called `name` (lower-case): the value when there is exactly one, `Err(n)`
/// with the count (0, or 2 for "several") otherwise. A linear scan: called once per signed header,
/// so the work is `O(signed × received)`, which [`MAX_SIGNED_HEADERS`] bounds.
fn header<'r>(headers: &[(&'r str, &'r str)], name: &str) -> Result<&'r str, usize> {
    let mut found = Err(0);
    for &(n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            found = match found {
                Err(0) => Ok(v),
                _ => Err(2),
            };
        }
    }
    found
}

/// Most headers a `SignedHeaders` list may name (the gateway's 32 KB header limit allows a few
/// thousand; real requests sign fewer than 20).
pub const MAX_SIGNED_HEADERS: usize = 256;

fn skew_message(date: &str, diff_ms: u64, ahead: bool, max_ms: u64) -> String {
    let secs = |ms: u64| dec(usize::try_from(ms / 1000).unwrap_or(usize::MAX));
    cat(&[
        "X-Sdk-Date ",
        date,
        " is ",
        &secs(diff_ms),
        if ahead { " s ahead of" } else { " s behind" },
        " the server clock; at most ",
        &secs(max_ms),
        " s are accepted",
    ])
}

/// Checks everything that needs no secret key. `Err` is the final (invalid) verification.
///
/// # Errors
/// A [`Verification`] with the [`Reason`] the request is refused for.
pub fn prepare<'r>(request: &'r ReceivedRequest<'r>, options: &VerifyOptions) -> Result<Prepared<'r>, Verification> {
    let headers = &request.headers;
    let auth = match header(headers, "authorization") {
        Ok(v) => parse_authorization(v)?,
        Err(0) => return Err(reject(Reason::MissingAuthorization, &["the request has no Authorization header"], None)),
        Err(_) => return Err(reject(Reason::MalformedAuthorization, &["the request has more than one Authorization header"], None)),
    };
    let ak = Some(auth.access_key_id);
    let sdk_date = match header(headers, "x-sdk-date") {
        Ok(d) => trim_value(d),
        Err(0) => return Err(reject(Reason::MissingDate, &["the request has no X-Sdk-Date header"], ak)),
        Err(_) => return Err(reject(Reason::InvalidDate, &["the request has more than one X-Sdk-Date header"], ak)),
    };
    let Ok(date_ms) = parse_sdk_date(sdk_date) else {
        return Err(reject(Reason::InvalidDate, &["X-Sdk-Date is not a UTC time of the form YYYYMMDDTHHMMSSZ"], ak));
    };
    let diff = date_ms.abs_diff(options.now_ms);
    if diff > options.max_skew_ms {
        return Err(reject(Reason::DateSkew, &[&skew_message(sdk_date, diff, date_ms > options.now_ms, options.max_skew_ms)], ak));
    }
    let (method, url) = match (canonical_method(request.method), parse_url(request.url)) {
        (Ok(m), Ok(u)) => (m, u),
        (Err(e), _) | (_, Err(e)) => return Err(reject(Reason::InvalidRequest, &[e.message()], ak)),
    };
    let mut head: Vec<u8> = Vec::with_capacity(256 + request.url.len());
    head.extend_from_slice(method.as_bytes());
    head.push(b'\n');
    canonical_uri(url.path, &mut head);
    head.push(b'\n');
    canonical_query(url.query, &mut head);
    head.push(b'\n');
    let mut content_sha = None;
    let (mut pos, mut count) = (0, 0);
    while let Some(name) = next_name(auth.signed_headers, &mut pos) {
        count += 1;
        if count > MAX_SIGNED_HEADERS {
            return Err(reject(Reason::InvalidRequest, &["SignedHeaders names too many headers"], ak));
        }
        let mut value = String::from(match (header(headers, name), name) {
            (Ok(v), _) => trim_value(v),
            (Err(0), "host") => &url.host,
            (Err(0), _) => return Err(reject(Reason::MissingSignedHeader, &["signed header ", name, " is not in the request"], ak)),
            (Err(_), _) => return Err(reject(Reason::InvalidRequest, &["signed header ", name, " appears more than once"], ak)),
        });
        if value.bytes().any(|c| c == b'\r' || c == b'\n') {
            return Err(reject(Reason::InvalidRequest, &["CR or LF in signed header ", name], ak));
        }
        if name == "host" {
            value.make_ascii_lowercase();
        }
        head.extend_from_slice(name.as_bytes());
        head.push(b':');
        head.extend_from_slice(value.as_bytes());
        head.push(b'\n');
        if name == "x-sdk-content-sha256" {
            content_sha = Some(value);
        }
    }
    head.push(b'\n');
    head.extend_from_slice(auth.signed_headers.as_bytes());
    head.push(b'\n');
    Ok(Prepared { auth, sdk_date, head, content_sha, body: request.body })
}

/// Constant-time equality of two MACs (`subtle`).
fn ct_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

impl Prepared<'_> {
    /// The access key id to look the secret key up for.
    pub fn access_key_id(&self) -> &str {
        self.auth.access_key_id
    }

    /// The verification for an access key id the server does not know.
    pub fn unknown_ak(self) -> Verification {
        let ak = self.auth.access_key_id;
        reject(Reason::UnknownAk, &["unknown access key id ", ak], Some(ak))
    }

    /// Hashes the body, recomputes the signature with `sk` and compares it in constant time.
    pub fn finish(self, sk: &[u8]) -> Verification {
        let ak = Some(self.auth.access_key_id);
        let body_hash = match self.body {
            ReceivedBody::Bytes(b) => sha256_hex(b),
            ReceivedBody::Sha256Hex(h) => String::from(h),
        };
        if check_payload_hash(&body_hash).is_err() {
            return reject(Reason::InvalidRequest, &["bad precomputed body hash"], ak);
        }
        let payload = match &self.content_sha {
            Some(v) if v == UNSIGNED_PAYLOAD => v,
            Some(v) if *v != body_hash => {
                return reject(Reason::PayloadHashMismatch, &["the signed X-Sdk-Content-Sha256 is not the SHA-256 of the body"], ak);
            }
            _ => &body_hash,
        };
        let mut cr = self.head;
        cr.extend_from_slice(payload.as_bytes());
        let string_to_sign = cat(&[ALGORITHM, "\n", self.sdk_date, "\n", &sha256_hex(&cr)]);
        let valid = ct_eq(&hmac_sha256(sk, &[&string_to_sign]), &self.auth.signature);
        let mut v = if valid {
            reject(Reason::SignatureMismatch, &[], ak)
        } else {
            reject(Reason::SignatureMismatch, &["signature mismatch: compare the canonical request and string to sign with the client's"], ak)
        };
        if valid {
            v.reason = None;
        }
        // Only ASCII and slices of `&str` inputs went in, so this does not fail.
        v.canonical_request = String::from_utf8(cr).ok();
        v.string_to_sign = Some(string_to_sign);
        v
    }
}

/// Verifies a received request. `lookup` returns the secret key of an access key id, or `None`
/// when it is unknown; it is called at most once, and only for a well-formed, fresh request.
pub fn verify<K: AsRef<[u8]>>(request: &ReceivedRequest<'_>, options: &VerifyOptions, lookup: impl FnOnce(&str) -> Option<K>) -> Verification {
    let prepared = match prepare(request, options) {
        Ok(p) => p,
        Err(v) => return v,
    };
    match lookup(prepared.access_key_id()) {
        Some(sk) => prepared.finish(sk.as_ref()),
        None => prepared.unknown_ak(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::signer::{Credentials, SignableBody, SignableRequest, SigningParams, SigningTime, sign};
    use alloc::vec;

    const AK: &str = "QTWAOYTTINDUT2QVKYUC";
    const SK: &str = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    const NOW: i64 = 1_573_789_015_000; // 20191115T033655Z
    const GUIDE_URL: &str = "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    const GUIDE_AUTH: &str = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";

    fn lookup(ak: &str) -> Option<&'static str> {
        (ak == AK).then_some(SK)
    }

    fn check(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8], now: i64) -> Verification {
        let req = ReceivedRequest::new(method, url, headers.iter().copied(), ReceivedBody::Bytes(body));
        verify(&req, &VerifyOptions::new(now), lookup)
    }

    fn guide_headers(auth: &str) -> Vec<(&str, &str)> {
        vec![("Content-Type", "application/json"), ("X-Sdk-Date", "20191115T033655Z"), ("Authorization", auth)]
    }

    #[test]
    fn signing_guide_example_is_valid() {
        let v = check("GET", GUIDE_URL, &guide_headers(GUIDE_AUTH), b"", NOW);
        assert!(v.is_valid(), "{v:?}");
        assert_eq!(v.access_key_id.as_deref(), Some(AK));
        assert_eq!(
            v.string_to_sign.as_deref(),
            Some("SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a")
        );
        // With an explicit Host header instead of the URL's host, and the header names in other cases.
        let mut h = guide_headers(GUIDE_AUTH);
        h.push(("HOST", "Service.Region.Example.com"));
        assert!(check("get", "http://127.0.0.1:8080/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2", &h, b"", NOW).is_valid());
    }

    #[test]
    fn round_trip_with_sign_and_every_tampering_is_detected() {
        let headers = [("Content-Type", "application/json"), ("X-Project-Id", "p1"), ("X-Extra", "  spaced  value ")];
        let body = br#"{"name":"vpc"}"#;
        let url = "https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?b=2&a=%E4%B8%80&a=0";
        let req = SignableRequest::new("post", url, headers, SignableBody::Bytes(body));
        let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW + 1234))).unwrap();
        let signed_url = out.url.as_str();
        assert_eq!(signed_url, cat(&["https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?", out.canonical_request.query()]));
        // The headers to send include the caller's.
        let recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let ok = check("POST", &signed_url, &recv, body, NOW);
        assert!(ok.is_valid(), "{ok:?}");
        assert_eq!(ok.canonical_request.as_deref(), Some(out.canonical_request.to_string().as_str()));
        assert_eq!(ok.string_to_sign.as_deref(), Some(out.string_to_sign.to_string().as_str()));
        // The unsorted original URL verifies too: the server canonicalises the query.
        assert!(check("POST", url, &recv, body, NOW).is_valid());

        let mismatch = |v: Verification| {
            assert_eq!(v.reason, Some(Reason::SignatureMismatch), "{v:?}");
            assert!(v.string_to_sign.is_some() && v.canonical_request.is_some());
        };
        mismatch(check("PUT", &signed_url, &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("/vpcs", "/vpcz"), &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("b=2", "b=3"), &recv, body, NOW));
        mismatch(check("POST", &cat(&[&signed_url, "&c=1"]), &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("vpc.cn", "ecs.cn"), &recv, body, NOW));
        mismatch(check("POST", &signed_url, &recv, br#"{"name":"vpd"}"#, NOW));
        let mut tampered = recv.clone();
        tampered[1] = ("X-Project-Id", "p2");
        mismatch(check("POST", &signed_url, &tampered, body, NOW));
        // Whitespace around a value is not significant; inside it is.
        let mut tampered = recv.clone();
        tampered[2] = ("X-Extra", "spaced value");
        mismatch(check("POST", &signed_url, &tampered, body, NOW));
        let mut trimmed = recv.clone();
        trimmed[2] = ("x-extra", "spaced  value");
        assert!(check("POST", &signed_url, &trimmed, body, NOW).is_valid());
        // An unsigned header can be added or changed freely.
        let mut extra = recv.clone();
        extra.push(("User-Agent", "curl"));
        assert!(check("POST", &signed_url, &extra, body, NOW).is_valid());
        // Every single-character change of the signature is detected.
        let auth = out.authorization.clone();
        for i in auth.len() - 64..auth.len() {
            let mut t = auth.clone().into_bytes();
            t[i] = if t[i] == b'0' { b'1' } else { b'0' };
            let t = String::from_utf8(t).unwrap();
            let mut h = recv.clone();
            let last = h.len() - 1;
            h[last] = ("Authorization", t.as_str());
            mismatch(check("POST", &signed_url, &h, body, NOW));
        }
    }

    #[test]
    fn skew_is_limited_to_15_minutes_either_way() {
        let at = |now: i64| check("GET", GUIDE_URL, &guide_headers(GUIDE_AUTH), b"", now);
        assert!(at(NOW + 15 * 60_000).is_valid());
        assert!(at(NOW - 15 * 60_000).is_valid());
        let late = at(NOW + 15 * 60_000 + 1);
        assert_eq!(late.reason, Some(Reason::DateSkew));
        assert!(late.message.contains("behind"), "{}", late.message);
        let early = at(NOW - 16 * 60_000);
        assert_eq!(early.reason, Some(Reason::DateSkew));
        assert!(early.message.contains("960 s ahead"), "{}", early.message);
        assert_eq!(at(i64::MIN).reason, Some(Reason::DateSkew));
        assert_eq!(at(i64::MAX).reason, Some(Reason::DateSkew));
        let req = ReceivedRequest::new("GET", GUIDE_URL, guide_headers(GUIDE_AUTH), ReceivedBody::Bytes(b""));
        let mut o = VerifyOptions::new(NOW + 3_600_000);
        o.max_skew_ms = 3_600_000;
        assert!(verify(&req, &o, lookup).is_valid());
    }

    #[test]
    fn reasons_for_bad_requests() {
        let r = |headers: &[(&str, &str)]| check("GET", GUIDE_URL, headers, b"", NOW).reason;
        assert_eq!(r(&[("X-Sdk-Date", "20191115T033655Z")]), Some(Reason::MissingAuthorization));
        let bad = [
            "",
            "SDK-HMAC-SHA256",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date, Signature=abc",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=X-Sdk-Date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=host;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, Access=B, SignedHeaders=x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date;, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=authorization;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebz",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6eb€",
            "SDK-HMAC-SHA256 Access=A, Foo=1, SignedHeaders=x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "SDK-HMAC-SHA256Access=A",
            "SDK-HMAC-SHA256 Access=A, SignedHeaders=x-sdk-date;host, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
            "\u{e9}\u{e9} Access=A",
        ];
        for a in bad {
            assert_eq!(r(&[("X-Sdk-Date", "20191115T033655Z"), ("Authorization", a)]), Some(Reason::MalformedAuthorization), "{a}");
        }
        assert_eq!(
            r(&[("Authorization", GUIDE_AUTH), ("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z")]),
            Some(Reason::MalformedAuthorization)
        );
        assert_eq!(r(&[("Authorization", "V11-HMAC-SHA256 Credential=A/20191115/r/s, SignedHeaders=x, Signature=y")]), Some(Reason::UnsupportedAlgorithm));
        assert_eq!(r(&[("Authorization", GUIDE_AUTH)]), Some(Reason::MissingDate));
        assert_eq!(r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "2019-11-15T03:36:55Z")]), Some(Reason::InvalidDate));
        assert_eq!(
            r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z"), ("x-sdk-date", "20191115T033655Z")]),
            Some(Reason::InvalidDate)
        );
        assert_eq!(r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z")]), Some(Reason::MissingSignedHeader));
        assert_eq!(
            r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z"), ("content-type", "a"), ("Content-Type", "b")]),
            Some(Reason::InvalidRequest)
        );
        let v = check("GET", "ftp://h/", &guide_headers(GUIDE_AUTH), b"", NOW);
        assert_eq!((v.reason, v.access_key_id.as_deref()), (Some(Reason::InvalidRequest), Some(AK)));
        assert_eq!(check("GE T", GUIDE_URL, &guide_headers(GUIDE_AUTH), b"", NOW).reason, Some(Reason::InvalidRequest));
        let other = GUIDE_AUTH.replace(AK, "SOMEOTHERAK");
        let v = check("GET", GUIDE_URL, &guide_headers(&other), b"", NOW);
        assert_eq!((v.reason, v.access_key_id.as_deref()), (Some(Reason::UnknownAk), Some("SOMEOTHERAK")));
        // Reason codes are stable strings.
        assert_eq!(Reason::SignatureMismatch.code(), "signature-mismatch");
        assert_eq!(Reason::DateSkew.code(), "date-skew");
    }

    #[test]
    fn authorization_parsing_is_tolerant_of_spacing_and_order() {
        let a = parse_authorization(
            " SDK-HMAC-SHA256  Signature=7BE6668032F70418FCC22ABC52071E57AFF61B84A1D2381BB430D6870F4F6EBE ,SignedHeaders=host;x-sdk-date,\tAccess=AK ",
        )
        .unwrap();
        assert_eq!((a.access_key_id, a.signed_headers), ("AK", "host;x-sdk-date"));
        assert_eq!(a.signature[0], 0x7b);
        assert!(!alloc::format!("{a:?}").contains("7b"));
    }

    #[test]
    fn payload_hash_header_and_unsigned_payload() {
        let body = b"hello";
        for content_sha in [UNSIGNED_PAYLOAD, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"] {
            let req = SignableRequest::new("PUT", "https://h/o", [("X-Sdk-Content-Sha256", content_sha)], SignableBody::Bytes(body));
            let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW))).unwrap();
            let recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            assert!(check("PUT", "https://h/o", &recv, body, NOW).is_valid());
            let tampered = check("PUT", "https://h/o", &recv, b"HELLO", NOW);
            if content_sha == UNSIGNED_PAYLOAD {
                assert!(tampered.is_valid(), "UNSIGNED-PAYLOAD does not cover the body");
            } else {
                assert_eq!(tampered.reason, Some(Reason::PayloadHashMismatch));
            }
        }
        // A precomputed body hash.
        let req = SignableRequest::new("PUT", "https://h/o", [], SignableBody::Bytes(body));
        let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW))).unwrap();
        let recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let hash = sha256_hex(body);
        let r = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Sha256Hex(&hash));
        assert!(verify(&r, &VerifyOptions::new(NOW), lookup).is_valid());
        let r = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Sha256Hex("nothex"));
        assert_eq!(verify(&r, &VerifyOptions::new(NOW), lookup).reason, Some(Reason::InvalidRequest));
    }

    #[test]
    fn lookup_is_called_once_and_only_when_needed() {
        let mut calls = 0;
        let req = ReceivedRequest::new("GET", GUIDE_URL, guide_headers(GUIDE_AUTH), ReceivedBody::Bytes(b""));
        let v = verify(&req, &VerifyOptions::new(NOW + 3_600_000), |_| {
            calls += 1;
            Some(SK)
        });
        assert_eq!((v.reason, calls), (Some(Reason::DateSkew), 0));
        let v = verify(&req, &VerifyOptions::new(NOW), |ak| {
            calls += 1;
            lookup(ak)
        });
        assert!(v.is_valid() && calls == 1);
    }

    #[test]
    fn huge_header_lists_stay_bounded() {
        // MAX_SIGNED_HEADERS signed names against 50 000 received headers: bounded work.
        let received: Vec<String> = (0..50_000).map(|i| alloc::format!("h{i:05}")).collect();
        for (n, reason) in [(MAX_SIGNED_HEADERS - 1, Reason::SignatureMismatch), (MAX_SIGNED_HEADERS, Reason::InvalidRequest)] {
            let names: Vec<&str> = received[..n].iter().map(String::as_str).collect();
            let signed = cat(&[&names.join(";"), ";x-sdk-date"]);
            let auth = cat(&["SDK-HMAC-SHA256 Access=A, SignedHeaders=", &signed, ", Signature=", &"0".repeat(64)]);
            let mut headers: Vec<(&str, &str)> = received.iter().map(|n| (n.as_str(), "v")).collect();
            headers.push(("Authorization", &auth));
            headers.push(("X-Sdk-Date", "20191115T033655Z"));
            let req = ReceivedRequest::new("GET", "https://h/", headers, ReceivedBody::Bytes(b""));
            let v = verify(&req, &VerifyOptions::new(NOW), |_| Some("k"));
            assert_eq!(v.reason, Some(reason), "{n}");
        }
    }

    #[test]
    fn results_never_contain_the_secret_or_the_expected_signature() {
        let sk = "DistinctiveSecretKey0123456789";
        let req = SignableRequest::new("GET", "https://h/p", [], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new(AK, sk), SigningTime::EpochMillis(NOW))).unwrap();
        let mut recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let bad = out.authorization.replace(&out.signature, &"0".repeat(64));
        let last = recv.len() - 1;
        recv[last] = ("Authorization", &bad);
        let r = ReceivedRequest::new("GET", "https://h/p", recv, ReceivedBody::Bytes(b""));
        let v = verify(&r, &VerifyOptions::new(NOW), |_| Some(sk));
        assert_eq!(v.reason, Some(Reason::SignatureMismatch));
        let all = alloc::format!("{v:?}");
        assert!(!all.contains(sk) && !all.contains(&out.signature), "{all}");
    }
}
