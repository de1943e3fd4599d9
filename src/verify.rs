//! Server-side verification of signed requests, all five algorithms of the official SDKs
//! (`SDK-HMAC-SHA256`, `V11-HMAC-SHA256`, `SDK-HMAC-SM3` and, with the `ecc` feature,
//! `SDK-ECDSA-P256-SHA256` and `SDK-SM2-SM3`): what Huawei's API gateway does with a signed
//! request, for services that accept Huawei-style AK/SK signatures.
//!
//! The canonical request is rebuilt with the functions the signer uses over exactly the headers the
//! client named in `SignedHeaders`, in that order: any list is accepted (`host` may be absent,
//! `user-agent` may be in it) as long as every listed header is in the request. The signature is
//! checked with [`crate::algorithm::verify_signature`] (constant-time for the HMAC algorithms) and
//! an `X-Sdk-Date` more than 15 minutes from `now` is refused. An invalid request is never an `Err`
//! and never a panic: it is a [`Verification`] with a [`Reason`]. The cheap checks come first and the
//! secret key is looked up only for a well-formed, fresh request ([`prepare`], then
//! [`Prepared::finish`]; [`verify`] does both). The result never contains the secret key or the
//! signature the server expected.
//!
//! The npm package's `verifyRequest` makes the same checks in the same order and gives the same
//! [`Reason`] codes; `tests/vectors/verify.json` holds the verdicts both must reach.
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
//! // What was signed: read these, not the raw URL.
//! assert_eq!(result.path.as_deref(), Some("/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"));
//! assert_eq!(result.query.as_ref().map(Vec::len), Some(2));
//! ```

use crate::algorithm::{self, Algorithm, HashFunction};
use crate::canonical::{canonical_query, canonical_uri, find_byte, is_tchar, parse_url, sub, trim_value};
use crate::date::parse_sdk_date;
use crate::encoding::decode_into;
use crate::error::{cat, dec};
use crate::signer::{MAX_BODY_BYTES, UNSIGNED_PAYLOAD, canonical_method, check_payload_hash};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// The gateway's clock-skew tolerance: 15 minutes.
pub const DEFAULT_MAX_SKEW_MS: u64 = 15 * 60 * 1000;

/// Most headers a `SignedHeaders` list may name (the gateway's 32 KB header limit allows a few
/// thousand; real requests sign fewer than 20).
pub const MAX_SIGNED_HEADERS: usize = 256;

/// The hex digits an elliptic-curve signature may have: a DER `SEQUENCE` (`30`…) of 5 to 143 bytes,
/// the bounds of the npm package's verifier (a real one is at most 72 bytes; a longer one parses
/// and then does not verify).
const ECC_SIGNATURE_HEX: core::ops::RangeInclusive<usize> = 10..=286;

/// Why a request is not valid. [`Reason::code`] is the stable string the npm package's
/// `verifyRequest` returns for the same request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// No `Authorization` header.
    MissingAuthorization,
    /// The `Authorization` header is not `<ALG> Access=…, SignedHeaders=…, Signature=…` (V11:
    /// `Credential=<AK>/<YYYYMMDD>/<region>/<service>` instead of `Access=`).
    MalformedAuthorization,
    /// An algorithm this verifier does not implement (`AWS4-HMAC-SHA256`, …), or an elliptic-curve
    /// one in a build without the `ecc` feature.
    UnsupportedAlgorithm,
    /// No `X-Sdk-Date` header.
    MissingDate,
    /// `X-Sdk-Date` is not `YYYYMMDDTHHMMSSZ`.
    InvalidDate,
    /// V11-HMAC-SHA256: the `Credential` scope's date is not the date of `X-Sdk-Date`.
    ScopeDateMismatch,
    /// `X-Sdk-Date` is further from `now` than the allowed skew (15 minutes).
    DateSkew,
    /// A header named in `SignedHeaders` is not in the request.
    MissingSignedHeader,
    /// The method or URL cannot be canonicalised, or the request itself is malformed.
    InvalidRequest,
    /// `X-Sdk-Content-Sha256` (`X-Sdk-Content-Sm3` for the SM3 algorithms) is the signed value
    /// `UNSIGNED-PAYLOAD` and [`VerifyOptions::allow_unsigned_payload`] is not set.
    UnsignedPayload,
    /// `Content-Length` or the body's length exceeds [`VerifyOptions::max_body_bytes`].
    BodyTooLarge,
    /// The lookup knows no secret key for the access key id.
    UnknownAk,
    /// A signed `X-Sdk-Content-Sha256` (`X-Sdk-Content-Sm3`) does not match the body.
    PayloadHashMismatch,
    /// The signature does not match.
    SignatureMismatch,
}

impl Reason {
    /// Every reason, in the order the checks run.
    pub const ALL: [Reason; 14] = [
        Reason::MissingAuthorization,
        Reason::MalformedAuthorization,
        Reason::UnsupportedAlgorithm,
        Reason::MissingDate,
        Reason::InvalidDate,
        Reason::ScopeDateMismatch,
        Reason::DateSkew,
        Reason::InvalidRequest,
        Reason::MissingSignedHeader,
        Reason::UnsignedPayload,
        Reason::BodyTooLarge,
        Reason::UnknownAk,
        Reason::PayloadHashMismatch,
        Reason::SignatureMismatch,
    ];

    /// Stable code, e.g. `"signature-mismatch"` (the npm package's `VerifyResult.reason`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingAuthorization => "missing-authorization",
            Reason::MalformedAuthorization => "malformed-authorization",
            Reason::UnsupportedAlgorithm => "unsupported-algorithm",
            Reason::MissingDate => "missing-date",
            Reason::InvalidDate => "invalid-date",
            Reason::ScopeDateMismatch => "scope-date-mismatch",
            Reason::DateSkew => "date-skew",
            Reason::MissingSignedHeader => "missing-signed-header",
            Reason::InvalidRequest => "invalid-request",
            Reason::UnsignedPayload => "unsigned-payload",
            Reason::BodyTooLarge => "body-too-large",
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
    /// The lowercase hex SHA-256 of the body, computed elsewhere (e.g. while streaming it): enough
    /// for every algorithm but the SM3 ones. Its length is then known only from `Content-Length`.
    Sha256Hex(&'a str),
    /// The lowercase hex SM3 of the body, for `SDK-HMAC-SM3` and `SDK-SM2-SM3`.
    Sm3Hex(&'a str),
}

impl core::fmt::Debug for ReceivedBody<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReceivedBody::Bytes(b) => write!(f, "Bytes(<{} bytes>)", b.len()),
            ReceivedBody::Sha256Hex(h) => f.debug_tuple("Sha256Hex").field(h).finish(),
            ReceivedBody::Sm3Hex(h) => f.debug_tuple("Sm3Hex").field(h).finish(),
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
    /// query). Headers are `(name, value)` pairs in any case; the values of a name given several
    /// times are joined with `", "`, as `fetch`'s `Headers` does. Without a `Host` header, the URL's
    /// `host[:port]` is used for a signed `host`.
    pub fn new(method: &'a str, url: &'a str, headers: impl IntoIterator<Item = (&'a str, &'a str)>, body: ReceivedBody<'a>) -> Self {
        ReceivedRequest { method, url, headers: headers.into_iter().collect(), body }
    }
}

/// The clock, tolerance and policies to verify with. Build it with [`VerifyOptions::new`] and set
/// the fields to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The server's time, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Largest accepted distance between `X-Sdk-Date` and `now_ms` ([`DEFAULT_MAX_SKEW_MS`]).
    pub max_skew_ms: u64,
    /// Accept a signed `UNSIGNED-PAYLOAD` (the body is then not covered by the signature; the
    /// result says so in [`Verification::unsigned_payload`]). Default `false`:
    /// [`Reason::UnsignedPayload`].
    pub allow_unsigned_payload: bool,
    /// Largest body accepted, in bytes, checked against `Content-Length` and the length of a
    /// [`ReceivedBody::Bytes`] before the key is looked up. Default and maximum: the gateway's
    /// 12 MB (12 582 912 bytes); larger values count as the maximum.
    pub max_body_bytes: usize,
}

impl VerifyOptions {
    /// The gateway's 15-minute tolerance around `now_ms`, unsigned payloads refused, bodies up to 12 MB.
    pub fn new(now_ms: i64) -> Self {
        VerifyOptions { now_ms, max_skew_ms: DEFAULT_MAX_SKEW_MS, allow_unsigned_payload: false, max_body_bytes: MAX_BODY_BYTES }
    }
}

/// The outcome of a verification. Contains no secret: never the secret key, never the expected
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verification {
    /// `None` when the request is valid.
    pub reason: Option<Reason>,
    /// What is wrong, for logs (empty when valid). One line, safe to show the client.
    pub message: String,
    /// The access key id, once the `Authorization` header could be parsed.
    pub access_key_id: Option<String>,
    /// The algorithm named in the `Authorization` header, once it could be parsed.
    pub algorithm: Option<Algorithm>,
    /// The canonical request the server computed (when the signature was checked), for diffing.
    pub canonical_request: Option<String>,
    /// The string to sign the server computed (when the signature was checked).
    pub string_to_sign: Option<String>,
    /// Valid results: the signed path, decoded segment by segment (UTF-8; invalid sequences become
    /// U+FFFD), without the trailing `/` the canonical form adds (`/` for the root). Read this,
    /// not the received URL, whose raw form the signature does not fix.
    pub path: Option<String>,
    /// Valid results: the signed query as decoded `(key, value)` pairs in canonical (sorted) order
    /// (a raw `+` is a plus; a key without `=` has the value `""`).
    pub query: Option<Vec<(String, String)>>,
    /// Valid results: the header names the signature covers (lower case); every other header is
    /// untrusted.
    pub signed_headers: Option<Vec<String>>,
    /// Valid results: `true` when the body is not covered by the signature (`UNSIGNED-PAYLOAD`,
    /// accepted with [`VerifyOptions::allow_unsigned_payload`]).
    pub unsigned_payload: bool,
}

impl Verification {
    /// `true` when the signature is valid and fresh.
    pub fn is_valid(&self) -> bool {
        self.reason.is_none()
    }
}

/// A refusal before any signature was computed. Out of line: error paths stay small.
#[cold]
#[inline(never)]
fn reject(reason: Reason, parts: &[&str], ak: Option<&str>, algorithm: Option<Algorithm>) -> Verification {
    Verification {
        reason: Some(reason),
        message: cat(parts),
        access_key_id: ak.map(String::from),
        algorithm,
        canonical_request: None,
        string_to_sign: None,
        path: None,
        query: None,
        signed_headers: None,
        unsigned_payload: false,
    }
}

/// A parsed `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Authorization<'a> {
    /// The algorithm (the header's first word).
    pub algorithm: Algorithm,
    /// The access key id (`Access=`, or V11's `Credential=` up to the first `/`).
    pub access_key_id: &'a str,
    /// V11-HMAC-SHA256: the credential scope `YYYYMMDD/region/service` (what follows the AK in
    /// `Credential=`); `None` for the other algorithms.
    pub scope: Option<&'a str>,
    /// The `SignedHeaders=` value: lower-case names, sorted, distinct, `;`-separated.
    pub signed_headers: &'a str,
    /// The `Signature=` value in lowercase hex: 64 digits for the HMAC algorithms, the DER
    /// signature for the elliptic-curve ones.
    pub signature: String,
}

impl core::fmt::Debug for Authorization<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Authorization")
            .field("algorithm", &self.algorithm)
            .field("access_key_id", &self.access_key_id)
            .field("scope", &self.scope)
            .field("signed_headers", &self.signed_headers)
            .finish_non_exhaustive()
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

/// `Some(())` when `ok`; otherwise records why and stops the parse.
fn ensure(ok: bool, why: &mut &'static str, because: &'static str) -> Option<()> {
    if !ok {
        *why = because;
    }
    ok.then_some(())
}

/// Printable ASCII without `,`: what an access key id may contain (as the signer requires).
fn is_access_key(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_graphic() && c != b',')
}

/// `YYYYMMDD/region/service`: an 8-digit date, then a region and a service of printable ASCII
/// without `/` or `,` (as [`algorithm::credential_scope`] writes it).
fn is_scope(scope: &str) -> bool {
    let part = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_graphic() && c != b'/' && c != b',');
    let mut parts = scope.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(date), Some(region), Some(service), None) => date.len() == 8 && date.bytes().all(|c| c.is_ascii_digit()) && part(region) && part(service),
        _ => false,
    }
}

fn parse_fields<'a>(algorithm: Algorithm, value: &'a str, mut pos: usize, why: &mut &'static str) -> Option<Authorization<'a>> {
    let v11 = algorithm.uses_credential_scope();
    let (key_field, once) = if v11 {
        ("Credential", "Credential, SignedHeaders and Signature must each appear once")
    } else {
        ("Access", "Access, SignedHeaders and Signature must each appear once")
    };
    let b = value.as_bytes();
    let (mut access, mut signed, mut sig) = (None, None, None);
    loop {
        let end = find_byte(b, b',', pos, b.len());
        let part = trim_value(sub(value, pos, end));
        let eq = find_byte(part.as_bytes(), b'=', 0, part.len());
        let key = sub(part, 0, eq);
        let slot = if key == key_field {
            &mut access
        } else if key == "SignedHeaders" {
            &mut signed
        } else if key == "Signature" {
            &mut sig
        } else {
            *why = "unknown field";
            return None;
        };
        ensure(eq < part.len() && slot.replace(sub(part, eq + 1, part.len())).is_none(), why, once)?;
        if end == b.len() {
            break;
        }
        pos = end + 1;
    }
    let (Some(access), Some(signed), Some(sig)) = (access, signed, sig) else {
        *why = once;
        return None;
    };
    let (access_key_id, scope) = if v11 {
        let slash = find_byte(access.as_bytes(), b'/', 0, access.len());
        let scope = sub(access, slash + 1, access.len());
        ensure(slash < access.len() && is_scope(scope), why, "Credential must be <AK>/<YYYYMMDD>/<region>/<service>")?;
        (sub(access, 0, slash), Some(scope))
    } else {
        (access, None)
    };
    ensure(is_access_key(access_key_id), why, "the access key id is empty or not printable ASCII")?;
    let hex_ok = sig.bytes().all(|c| c.is_ascii_hexdigit());
    if algorithm.is_elliptic_curve() {
        let n = sig.len();
        let der = hex_ok && sig.starts_with("30") && ECC_SIGNATURE_HEX.contains(&n) && n % 2 == 0;
        ensure(der, why, "Signature is not the hex of a DER-encoded signature")?;
    } else {
        ensure(hex_ok && sig.len() == 64, why, "Signature is not 64 hex digits")?;
    }
    let (mut pos, mut prev, mut has_date) = (0, "", false);
    while let Some(name) = next_name(signed, &mut pos) {
        ensure(!name.is_empty() && name.bytes().all(|c| is_tchar(c) && !c.is_ascii_uppercase()), why, "bad SignedHeaders")?;
        ensure(prev < name && name != "authorization", why, "SignedHeaders must be sorted and distinct")?;
        has_date |= name == "x-sdk-date";
        prev = name;
    }
    ensure(has_date, why, "SignedHeaders must include x-sdk-date")?;
    let mut signature = String::from(sig);
    signature.make_ascii_lowercase();
    Some(Authorization { algorithm, access_key_id, scope, signed_headers: signed, signature })
}

/// Parses `<ALG> Access=AK, SignedHeaders=a;b;c, Signature=hex` for the five algorithms (V11:
/// `V11-HMAC-SHA256 Credential=AK/YYYYMMDD/region/service, SignedHeaders=…, Signature=…`). The
/// three fields may come in any order, each exactly once; spaces and tabs around them are ignored.
/// `SignedHeaders` must be lower-case, sorted and distinct (every official SDK sorts them) and
/// include `x-sdk-date`. The signature is 64 hex digits (HMAC) or the hex of a DER signature
/// (ECDSA, SM2), in either case.
///
/// # Errors
/// [`Reason::UnsupportedAlgorithm`] for another algorithm (or an elliptic-curve one without the
/// `ecc` feature), [`Reason::MalformedAuthorization`] otherwise, each with a message.
#[allow(clippy::result_large_err)] // the refusal is the verdict, returned as it is
pub fn parse_authorization(value: &str) -> Result<Authorization<'_>, Verification> {
    let value = trim_value(value);
    let b = value.as_bytes();
    let mut pos = 0;
    while pos < b.len() && b[pos] != b' ' && b[pos] != b'\t' {
        pos += 1;
    }
    let alg = sub(value, 0, pos);
    let mut why = "it does not start with an algorithm such as SDK-HMAC-SHA256";
    match Algorithm::from_name(alg) {
        Some(algorithm) => {
            if let Some(a) = parse_fields(algorithm, value, pos, &mut why) {
                if algorithm.is_elliptic_curve() && !cfg!(feature = "ecc") {
                    let msg = "; this build verifies the HMAC algorithms only (the elliptic-curve ones need the `ecc` cargo feature)";
                    return Err(reject(Reason::UnsupportedAlgorithm, &["unsupported signing algorithm ", alg, msg], None, None));
                }
                return Ok(a);
            }
        }
        None if !alg.is_empty() && alg.len() <= 40 && alg.bytes().all(is_tchar) => {
            let known = "; SDK-HMAC-SHA256, V11-HMAC-SHA256, SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3 are verified";
            return Err(reject(Reason::UnsupportedAlgorithm, &["unsupported signing algorithm ", alg, known], None, None));
        }
        None => {}
    }
    Err(reject(Reason::MalformedAuthorization, &["malformed Authorization header: ", why], None, None))
}

/// The value of the received headers called `name` (lower-case): `None` when absent, the value
/// when it appears once, the values joined with `", "` when it appears several times (as `fetch`'s
/// `Headers` and the npm package's verifier see them). A linear scan: called a bounded number of
/// times (at most [`MAX_SIGNED_HEADERS`] + 3), so the work is `O(signed × received)`.
fn header<'r>(headers: &[(&'r str, &'r str)], name: &str) -> Option<Cow<'r, str>> {
    let mut found: Option<Cow<'r, str>> = None;
    for &(n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            found = Some(match found {
                None => Cow::Borrowed(v),
                Some(prev) => Cow::Owned(cat(&[&prev, ", ", v])),
            });
        }
    }
    found
}

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

/// `Content-Length` as a number when it is 1 to 16 digits (with optional spaces and tabs around).
fn content_length(v: &str) -> Option<u64> {
    let v = trim_value(v);
    (!v.is_empty() && v.len() <= 16 && v.bytes().all(|c| c.is_ascii_digit())).then(|| v.bytes().fold(0, |n, c| n * 10 + u64::from(c - b'0')))
}

/// `true` for what a header value may contain: space, tab and visible ASCII.
fn is_value_char(c: u8) -> bool {
    c == b'\t' || (b' '..=b'~').contains(&c)
}

/// Everything checked and canonicalised that needs no secret key: the `Authorization` header,
/// the date and its skew, the method, URL and signed headers, the unsigned-payload policy and the
/// declared body size. [`Prepared::finish`] then hashes the body and checks the signature with the
/// key looked up for [`Prepared::access_key_id`].
pub struct Prepared<'r> {
    algorithm: Algorithm,
    access_key_id: String,
    scope: Option<String>,
    signed_headers: String,
    /// The received signature in lowercase hex (left out of `Debug`, like [`Authorization`]'s).
    signature: String,
    sdk_date: String,
    /// The canonical request up to and including the `\n` before the payload hash.
    head: Vec<u8>,
    /// Where the canonical URI and query are in `head`.
    uri: (usize, usize),
    query: (usize, usize),
    /// The signed `X-Sdk-Content-Sha256` (`X-Sdk-Content-Sm3`) value, if any.
    content_hash: Option<String>,
    body: ReceivedBody<'r>,
}

impl core::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prepared")
            .field("algorithm", &self.algorithm)
            .field("access_key_id", &self.access_key_id)
            .field("scope", &self.scope)
            .field("signed_headers", &self.signed_headers)
            .field("sdk_date", &self.sdk_date)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

/// Checks everything that needs no secret key, in the order of the npm package's `verifyRequest`:
/// no CR, LF or NUL anywhere; `Authorization` present, parsed, a supported algorithm;
/// `X-Sdk-Date` present, valid, (V11) the date of the `Credential` scope, within the skew; the URL
/// http(s) and the method a token; every signed header present (`host` defaults to the URL's
/// host) with visible ASCII values; `UNSIGNED-PAYLOAD` allowed; `Content-Length` and a known body
/// length within [`VerifyOptions::max_body_bytes`]. `Err` is the final (invalid) verification.
///
/// # Errors
/// A [`Verification`] with the [`Reason`] the request is refused for.
#[allow(clippy::result_large_err)] // the refusal is the verdict, returned as it is
pub fn prepare<'r>(request: &ReceivedRequest<'r>, options: &VerifyOptions) -> Result<Prepared<'r>, Verification> {
    let headers = &request.headers[..];
    // A precomputed body hash that is not a hash is the caller's mistake: say so whatever the request.
    if let ReceivedBody::Sha256Hex(h) | ReceivedBody::Sm3Hex(h) = request.body {
        if check_payload_hash(h).is_err() {
            return Err(reject(Reason::InvalidRequest, &["the precomputed body hash (ReceivedBody) is not 64 lowercase hex digits"], None, None));
        }
    }
    // Such a request cannot have come over HTTP.
    let has_ctl = |s: &str| s.bytes().any(|c| matches!(c, b'\r' | b'\n' | 0));
    if has_ctl(request.method) || has_ctl(request.url) || headers.iter().any(|&(n, v)| has_ctl(n) || has_ctl(v)) {
        return Err(reject(Reason::InvalidRequest, &["the request contains CR, LF or NUL in its method, URL or a header"], None, None));
    }
    let auth = match header(headers, "authorization") {
        Some(v) => v,
        None => return Err(reject(Reason::MissingAuthorization, &["the request has no Authorization header"], None, None)),
    };
    let auth = parse_authorization(&auth)?;
    let (algorithm, ak) = (auth.algorithm, auth.access_key_id);
    let refuse = |reason: Reason, parts: &[&str]| reject(reason, parts, Some(ak), Some(algorithm));
    let Some(raw_date) = header(headers, "x-sdk-date") else {
        return Err(refuse(Reason::MissingDate, &["the request has no X-Sdk-Date header"]));
    };
    let sdk_date = trim_value(&raw_date);
    let Ok(date_ms) = parse_sdk_date(sdk_date) else {
        return Err(refuse(Reason::InvalidDate, &["X-Sdk-Date is not a UTC time of the form YYYYMMDDTHHMMSSZ"]));
    };
    if let Some(scope) = auth.scope {
        let (scope_date, date) = (sub(scope, 0, 8), sub(sdk_date, 0, 8));
        if scope_date != date {
            return Err(refuse(Reason::ScopeDateMismatch, &["the credential scope's date ", scope_date, " is not the date of X-Sdk-Date ", sdk_date]));
        }
    }
    let diff = date_ms.abs_diff(options.now_ms);
    if diff > options.max_skew_ms {
        return Err(refuse(Reason::DateSkew, &[&skew_message(sdk_date, diff, date_ms > options.now_ms, options.max_skew_ms)]));
    }
    let url = parse_url(request.url).map_err(|e| refuse(Reason::InvalidRequest, &[e.message()]))?;
    let method = canonical_method(request.method).map_err(|e| refuse(Reason::InvalidRequest, &[e.message()]))?;
    let mut pos = 0;
    let mut count = 0;
    while next_name(auth.signed_headers, &mut pos).is_some() {
        count += 1;
    }
    if count > MAX_SIGNED_HEADERS {
        return Err(refuse(Reason::InvalidRequest, &["SignedHeaders names too many headers"]));
    }
    let mut head: Vec<u8> = Vec::with_capacity(256 + request.url.len());
    head.extend_from_slice(method.as_bytes());
    head.push(b'\n');
    let uri_start = head.len();
    canonical_uri(url.path, &mut head);
    let uri = (uri_start, head.len());
    head.push(b'\n');
    let query_start = head.len();
    canonical_query(url.query, &mut head);
    let query = (query_start, head.len());
    head.push(b'\n');
    let content_header = match algorithm.hash_function() {
        HashFunction::Sha256 => "x-sdk-content-sha256",
        HashFunction::Sm3 => "x-sdk-content-sm3",
    };
    let mut content_hash = None;
    let mut pos = 0;
    while let Some(name) = next_name(auth.signed_headers, &mut pos) {
        let received = header(headers, name);
        let value = match (&received, name) {
            (Some(v), _) => &**v,
            (None, "host") => url.host.as_str(),
            (None, _) => return Err(refuse(Reason::MissingSignedHeader, &["signed header ", name, " is not in the request"])),
        };
        if !value.bytes().all(is_value_char) {
            return Err(refuse(
                Reason::InvalidRequest,
                &["the value of signed header ", name, " contains characters other than visible ASCII, space and tab"],
            ));
        }
        let value = trim_value(value);
        head.extend_from_slice(name.as_bytes());
        head.push(b':');
        if name == "host" {
            head.extend(value.bytes().map(|c| c.to_ascii_lowercase()));
        } else {
            head.extend_from_slice(value.as_bytes());
        }
        head.push(b'\n');
        if name == content_header {
            content_hash = Some(String::from(value));
        }
    }
    head.push(b'\n');
    head.extend_from_slice(auth.signed_headers.as_bytes());
    head.push(b'\n');
    if content_hash.as_deref() == Some(UNSIGNED_PAYLOAD) && !options.allow_unsigned_payload {
        let msg = if content_header == "x-sdk-content-sm3" {
            "the body is not signed (X-Sdk-Content-Sm3: UNSIGNED-PAYLOAD) and allow_unsigned_payload is not set"
        } else {
            "the body is not signed (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD) and allow_unsigned_payload is not set"
        };
        return Err(refuse(Reason::UnsignedPayload, &[msg]));
    }
    let max_body = u64::try_from(options.max_body_bytes.min(MAX_BODY_BYTES)).unwrap_or(u64::MAX);
    let declared = header(headers, "content-length").and_then(|v| content_length(&v));
    let known = match request.body {
        ReceivedBody::Bytes(b) => u64::try_from(b.len()).ok(),
        ReceivedBody::Sha256Hex(_) | ReceivedBody::Sm3Hex(_) => None,
    };
    if let Some(size) = declared.max(known).filter(|&n| n > max_body) {
        let (size, max) = (dec(usize::try_from(size).unwrap_or(usize::MAX)), dec(usize::try_from(max_body).unwrap_or(usize::MAX)));
        return Err(refuse(Reason::BodyTooLarge, &["the body is ", &size, " bytes; at most ", &max, " are accepted"]));
    }
    Ok(Prepared {
        algorithm,
        access_key_id: String::from(ak),
        scope: auth.scope.map(String::from),
        signed_headers: String::from(auth.signed_headers),
        signature: auth.signature,
        sdk_date: String::from(sdk_date),
        head,
        uri,
        query,
        content_hash,
        body: request.body,
    })
}

/// Percent-decodes canonical text to UTF-8 (invalid sequences become U+FFFD).
fn decode_component(s: &[u8]) -> String {
    let mut out = Vec::with_capacity(s.len());
    decode_into(&mut out, s);
    String::from_utf8_lossy(&out).into_owned()
}

/// The canonical URI decoded segment by segment, without the trailing `/` the canonical form adds.
fn signed_path(uri: &[u8]) -> String {
    let uri = match uri {
        [rest @ .., b'/'] if !rest.is_empty() => rest,
        _ => uri,
    };
    let mut out = String::with_capacity(uri.len());
    for (i, segment) in uri.split(|&c| c == b'/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&decode_component(segment));
    }
    out
}

/// The canonical query as decoded `(key, value)` pairs, in canonical order.
fn signed_query(query: &[u8]) -> Vec<(String, String)> {
    if query.is_empty() {
        return Vec::new();
    }
    query
        .split(|&c| c == b'&')
        .map(|kv| {
            let eq = kv.iter().position(|&c| c == b'=').unwrap_or(kv.len());
            (decode_component(&kv[..eq]), decode_component(kv.get(eq + 1..).unwrap_or_default()))
        })
        .collect()
}

impl Prepared<'_> {
    /// The access key id to look the secret key up for.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The algorithm the request is signed with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    fn refuse(&self, reason: Reason, parts: &[&str]) -> Verification {
        reject(reason, parts, Some(&self.access_key_id), Some(self.algorithm))
    }

    /// The verification for an access key id the server does not know.
    pub fn unknown_ak(self) -> Verification {
        self.refuse(Reason::UnknownAk, &["unknown access key id ", &self.access_key_id])
    }

    /// Hashes the body (unless it is not signed), recomputes the canonical request and the string
    /// to sign, and checks the signature with `sk` (an empty key is an unknown access key).
    pub fn finish(self, sk: &[u8]) -> Verification {
        if sk.is_empty() {
            return self.unknown_ak();
        }
        let hash = self.algorithm.hash_function();
        let unsigned = self.content_hash.as_deref() == Some(UNSIGNED_PAYLOAD);
        let payload = if unsigned {
            String::from(UNSIGNED_PAYLOAD)
        } else {
            let body_hash = match (self.body, hash) {
                (ReceivedBody::Bytes(b), _) => hash.hex_digest(b).iter().map(|&c| char::from(c)).collect(),
                (ReceivedBody::Sha256Hex(h), HashFunction::Sha256) | (ReceivedBody::Sm3Hex(h), HashFunction::Sm3) => String::from(h),
                (ReceivedBody::Sha256Hex(_), HashFunction::Sm3) => {
                    return self.refuse(Reason::InvalidRequest, &["the request is signed with ", self.algorithm.name(), ", whose body hash is SM3: pass the body or ReceivedBody::Sm3Hex"]);
                }
                (ReceivedBody::Sm3Hex(_), HashFunction::Sha256) => {
                    return self.refuse(Reason::InvalidRequest, &["the request is signed with ", self.algorithm.name(), ", whose body hash is SHA-256: pass the body or ReceivedBody::Sha256Hex"]);
                }
            };
            if let Some(signed) = &self.content_hash {
                if *signed != body_hash {
                    let header = if hash == HashFunction::Sm3 { "X-Sdk-Content-Sm3" } else { "X-Sdk-Content-Sha256" };
                    return self.refuse(Reason::PayloadHashMismatch, &["the signed ", header, " is not the hash of the body"]);
                }
            }
            body_hash
        };
        let mut cr = self.head;
        cr.extend_from_slice(payload.as_bytes());
        let ak = self.access_key_id.as_str();
        let Ok(string_to_sign) = algorithm::string_to_sign(self.algorithm, &self.sdk_date, self.scope.as_deref(), &cr) else {
            // Unreachable: the date and the scope were checked by `prepare`.
            return reject(Reason::InvalidRequest, &["the string to sign cannot be built"], Some(ak), Some(self.algorithm));
        };
        let valid = algorithm::verify_signature(self.algorithm, ak, sk, self.scope.as_deref(), string_to_sign.as_bytes(), &self.signature);
        let mut v = if valid {
            reject(Reason::SignatureMismatch, &[], Some(ak), Some(self.algorithm))
        } else {
            reject(Reason::SignatureMismatch, &["signature mismatch: compare the canonical request and string to sign with the client's"], Some(ak), Some(self.algorithm))
        };
        if valid {
            v.reason = None;
            v.path = Some(signed_path(cr.get(self.uri.0..self.uri.1).unwrap_or_default()));
            v.query = Some(signed_query(cr.get(self.query.0..self.query.1).unwrap_or_default()));
            v.signed_headers = Some(self.signed_headers.split(';').map(String::from).collect());
            v.unsigned_payload = unsigned;
        }
        // Only ASCII went in (the URL, names and values were checked), so this does not fail.
        v.canonical_request = String::from_utf8(cr).ok();
        v.string_to_sign = Some(string_to_sign);
        v
    }
}

/// Verifies a received request. `lookup` returns the secret key of an access key id, or `None`
/// when it is unknown (an empty key counts as unknown); it is called at most once, and only for a
/// well-formed, fresh request.
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
    use crate::signer::{Credentials, SignableBody, SignableRequest, SigningParams, SigningTime, sha256_hex, sign};
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
        let ok = check("POST", signed_url, &recv, body, NOW);
        assert!(ok.is_valid(), "{ok:?}");
        assert_eq!(ok.canonical_request.as_deref(), Some(out.canonical_request.to_string().as_str()));
        assert_eq!(ok.string_to_sign.as_deref(), Some(out.string_to_sign.to_string().as_str()));
        // The unsorted original URL verifies too: the server canonicalises the query.
        assert!(check("POST", url, &recv, body, NOW).is_valid());

        let mismatch = |v: Verification| {
            assert_eq!(v.reason, Some(Reason::SignatureMismatch), "{v:?}");
            assert!(v.string_to_sign.is_some() && v.canonical_request.is_some());
        };
        mismatch(check("PUT", signed_url, &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("/vpcs", "/vpcz"), &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("b=2", "b=3"), &recv, body, NOW));
        mismatch(check("POST", &cat(&[signed_url, "&c=1"]), &recv, body, NOW));
        mismatch(check("POST", &signed_url.replace("vpc.cn", "ecs.cn"), &recv, body, NOW));
        mismatch(check("POST", signed_url, &recv, br#"{"name":"vpd"}"#, NOW));
        let mut tampered = recv.clone();
        tampered[1] = ("X-Project-Id", "p2");
        mismatch(check("POST", signed_url, &tampered, body, NOW));
        // Whitespace around a value is not significant; inside it is.
        let mut tampered = recv.clone();
        tampered[2] = ("X-Extra", "spaced value");
        mismatch(check("POST", signed_url, &tampered, body, NOW));
        let mut trimmed = recv.clone();
        trimmed[2] = ("x-extra", "spaced  value");
        assert!(check("POST", signed_url, &trimmed, body, NOW).is_valid());
        // An unsigned header can be added or changed freely.
        let mut extra = recv.clone();
        extra.push(("User-Agent", "curl"));
        assert!(check("POST", signed_url, &extra, body, NOW).is_valid());
        // Every single-character change of the signature is detected.
        let auth = out.authorization.clone();
        for i in auth.len() - 64..auth.len() {
            let mut t = auth.clone().into_bytes();
            t[i] = if t[i] == b'0' { b'1' } else { b'0' };
            let t = String::from_utf8(t).unwrap();
            let mut h = recv.clone();
            let last = h.len() - 1;
            h[last] = ("Authorization", t.as_str());
            mismatch(check("POST", signed_url, &h, body, NOW));
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
        assert_eq!(r(&[("Authorization", "AWS4-HMAC-SHA256 Credential=A/20191115/r/s/aws4_request, SignedHeaders=x, Signature=y")]), Some(Reason::UnsupportedAlgorithm));
        // A known algorithm with bad fields is malformed, not unsupported.
        assert_eq!(r(&[("Authorization", "V11-HMAC-SHA256 Credential=A/20191115/r/s, SignedHeaders=x, Signature=y")]), Some(Reason::MalformedAuthorization));
        assert_eq!(r(&[("Authorization", GUIDE_AUTH)]), Some(Reason::MissingDate));
        assert_eq!(r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "2019-11-15T03:36:55Z")]), Some(Reason::InvalidDate));
        assert_eq!(
            r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z"), ("x-sdk-date", "20191115T033655Z")]),
            Some(Reason::InvalidDate)
        );
        assert_eq!(r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z")]), Some(Reason::MissingSignedHeader));
        // A repeated header is seen as its values joined with ", " (as fetch's Headers and the npm
        // package's verifier see it): here a content-type that was not signed.
        assert_eq!(
            r(&[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z"), ("content-type", "application/json"), ("Content-Type", "b")]),
            Some(Reason::SignatureMismatch)
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
        assert_eq!((a.algorithm, a.scope), (Algorithm::SdkHmacSha256, None));
        assert_eq!(a.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
        assert!(!alloc::format!("{a:?}").contains("7b"));
    }

    #[test]
    fn payload_hash_header_and_unsigned_payload() {
        let body = b"hello";
        for content_sha in [UNSIGNED_PAYLOAD, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"] {
            let req = SignableRequest::new("PUT", "https://h/o", [("X-Sdk-Content-Sha256", content_sha)], SignableBody::Bytes(body));
            let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW))).unwrap();
            let recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let mut allow = VerifyOptions::new(NOW);
            allow.allow_unsigned_payload = true;
            let at = |b: &[u8], o: &VerifyOptions| verify(&ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Bytes(b)), o, lookup);
            let ok = at(body, &allow);
            assert!(ok.is_valid(), "{ok:?}");
            assert_eq!(ok.unsigned_payload, content_sha == UNSIGNED_PAYLOAD);
            let tampered = at(b"HELLO", &allow);
            if content_sha == UNSIGNED_PAYLOAD {
                assert!(tampered.is_valid() && tampered.unsigned_payload, "UNSIGNED-PAYLOAD does not cover the body");
                // Refused unless allowed, before the key is looked up.
                let mut calls = 0;
                let req = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Bytes(body));
                let v = verify(&req, &VerifyOptions::new(NOW), |ak| {
                    calls += 1;
                    lookup(ak)
                });
                assert_eq!((v.reason, calls), (Some(Reason::UnsignedPayload), 0));
            } else {
                assert_eq!(tampered.reason, Some(Reason::PayloadHashMismatch));
                assert!(at(body, &VerifyOptions::new(NOW)).is_valid());
            }
        }
        // A precomputed body hash.
        let req = SignableRequest::new("PUT", "https://h/o", [], SignableBody::Bytes(body));
        let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW))).unwrap();
        let recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let hash = sha256_hex(body);
        let r = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Sha256Hex(&hash));
        assert!(verify(&r, &VerifyOptions::new(NOW), lookup).is_valid());
        // SDK-HMAC-SHA256 hashes the body with SHA-256: an SM3 hash is the caller's mistake.
        let r = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Sm3Hex(&hash));
        assert_eq!(verify(&r, &VerifyOptions::new(NOW), lookup).reason, Some(Reason::InvalidRequest));
        for bad in ["nothex", "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"] {
            let r = ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), ReceivedBody::Sha256Hex(bad));
            assert_eq!(verify(&r, &VerifyOptions::new(NOW), lookup).reason, Some(Reason::InvalidRequest));
        }
    }

    #[test]
    fn body_size_is_checked_before_the_lookup() {
        let req = SignableRequest::new("PUT", "https://h/o", [], SignableBody::Bytes(b"hello"));
        let out = sign(&req, &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(NOW))).unwrap();
        let mut recv: Vec<(&str, &str)> = out.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let hash = sha256_hex(b"hello");
        let run = |recv: &[(&str, &str)], body: ReceivedBody<'_>, max: usize| {
            let mut o = VerifyOptions::new(NOW);
            o.max_body_bytes = max;
            let mut calls = 0;
            let v = verify(&ReceivedRequest::new("PUT", "https://h/o", recv.iter().copied(), body), &o, |ak| {
                calls += 1;
                lookup(ak)
            });
            (v.reason, calls)
        };
        assert_eq!(run(&recv, ReceivedBody::Bytes(b"hello"), 5), (None, 1));
        assert_eq!(run(&recv, ReceivedBody::Bytes(b"hello"), 4), (Some(Reason::BodyTooLarge), 0));
        // A precomputed hash has no length: only Content-Length tells.
        assert_eq!(run(&recv, ReceivedBody::Sha256Hex(&hash), 4), (None, 1));
        recv.push(("Content-Length", " 1000 "));
        assert_eq!(run(&recv, ReceivedBody::Sha256Hex(&hash), 999), (Some(Reason::BodyTooLarge), 0));
        assert_eq!(run(&recv, ReceivedBody::Bytes(b"hello"), 1000), (None, 1));
        // More than the gateway's 12 MB counts as 12 MB; a Content-Length that is not a number is ignored.
        let last = recv.len() - 1;
        recv[last] = ("Content-Length", "12582913");
        assert_eq!(run(&recv, ReceivedBody::Bytes(b"hello"), usize::MAX), (Some(Reason::BodyTooLarge), 0));
        for cl in ["99999999999999999", "-1", "1e9", "", "5, 5"] {
            recv[last] = ("Content-Length", cl);
            assert_eq!(run(&recv, ReceivedBody::Bytes(b"hello"), 5), (None, 1), "{cl}");
        }
    }

    /// Signs with `algorithm` through the crate's signer; the headers to send and the signature.
    fn signed(algorithm: Algorithm, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8], time: i64) -> (Vec<(String, String)>, String) {
        let req = SignableRequest::new(method, url, headers.iter().copied(), SignableBody::Bytes(body));
        let mut params = SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(time));
        params.settings.algorithm = algorithm;
        params.region = Some("cn-north-4");
        params.service = Some("iotdm");
        let out = sign(&req, &params).unwrap();
        (out.headers, out.signature)
    }

    fn pairs(h: &[(String, String)]) -> Vec<(&str, &str)> {
        h.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
    }

    fn verifies_in_this_build(a: Algorithm) -> bool {
        !a.is_elliptic_curve() || cfg!(feature = "ecc")
    }

    #[test]
    fn every_algorithm_round_trips_and_tampering_is_detected() {
        let url = "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/p1/devices?limit=1&b=%E4%B8%80";
        let body = br#"{"device":"d1"}"#;
        for a in Algorithm::ALL {
            if !verifies_in_this_build(a) {
                // This build cannot sign it either: an SDK-HMAC-SHA256 request renamed, with a DER-shaped signature.
                let (headers, signature) = signed(Algorithm::SdkHmacSha256, "POST", url, &[], body, NOW);
                let der = cat(&["3044", &signature, &signature[..8]]);
                let auth = headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.replace("SDK-HMAC-SHA256", a.name()).replace(&signature, &der)).unwrap();
                let mut recv = pairs(&headers);
                let at = recv.iter().position(|(n, _)| *n == "Authorization").unwrap();
                recv[at] = ("Authorization", &auth);
                let v = check("POST", url, &recv, body, NOW);
                assert_eq!((v.reason, v.access_key_id.as_deref()), (Some(Reason::UnsupportedAlgorithm), None), "{a:?}");
                assert!(v.message.contains("ecc"), "{}", v.message);
                continue;
            }
            let (headers, signature) = signed(a, "POST", url, &[("Content-Type", "application/json"), ("X-Project-Id", "p1")], body, NOW + 1234);
            let recv = pairs(&headers);
            let v = check("POST", url, &recv, body, NOW);
            assert!(v.is_valid(), "{a:?}: {v:?}");
            assert_eq!((v.algorithm, v.access_key_id.as_deref()), (Some(a), Some(AK)));
            assert_eq!(v.path.as_deref(), Some("/v5/iot/p1/devices"));
            assert_eq!(v.query, Some(vec![(String::from("b"), String::from("\u{4e00}")), (String::from("limit"), String::from("1"))]));
            assert_eq!(v.signed_headers.as_deref().map(|h| h.join(";")), Some(String::from("content-type;host;x-project-id;x-sdk-date")));
            let sts = v.string_to_sign.as_deref().unwrap();
            assert!(sts.starts_with(a.name()), "{sts}");
            let cr = v.canonical_request.as_deref().unwrap();
            assert!(sts.ends_with(core::str::from_utf8(&a.hash_function().hex_digest(cr.as_bytes())).unwrap()), "{a:?}");
            assert!(cr.ends_with(core::str::from_utf8(&a.hash_function().hex_digest(body)).unwrap()), "{a:?}: the body hash is the algorithm's");
            // A precomputed hash of the algorithm's kind works, the other kind is refused.
            let h = String::from(core::str::from_utf8(&a.hash_function().hex_digest(body)).unwrap());
            let (right, wrong) = match a.hash_function() {
                HashFunction::Sha256 => (ReceivedBody::Sha256Hex(&h), ReceivedBody::Sm3Hex(&h)),
                HashFunction::Sm3 => (ReceivedBody::Sm3Hex(&h), ReceivedBody::Sha256Hex(&h)),
            };
            assert!(verify(&ReceivedRequest::new("POST", url, recv.iter().copied(), right), &VerifyOptions::new(NOW), lookup).is_valid());
            assert_eq!(verify(&ReceivedRequest::new("POST", url, recv.iter().copied(), wrong), &VerifyOptions::new(NOW), lookup).reason, Some(Reason::InvalidRequest));
            let mismatch = |v: Verification| assert_eq!(v.reason, Some(Reason::SignatureMismatch), "{a:?}: {v:?}");
            mismatch(check("PUT", url, &recv, body, NOW));
            mismatch(check("POST", &url.replace("limit=1", "limit=2"), &recv, body, NOW));
            mismatch(check("POST", url, &recv, br#"{"device":"d2"}"#, NOW));
            let mut t = recv.clone();
            t[1] = ("X-Project-Id", "p2");
            mismatch(check("POST", url, &t, body, NOW));
            mismatch(verify(&ReceivedRequest::new("POST", url, recv.iter().copied(), ReceivedBody::Bytes(body)), &VerifyOptions::new(NOW), |_| Some("another key")));
            // Every change of the last signature digit, and of an upper-case copy, is detected;
            // the upper-case signature itself is accepted.
            let auth = headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.clone()).unwrap();
            assert!(auth.ends_with(&signature));
            let upper = auth.replace(&signature, &signature.to_ascii_uppercase());
            let mut t = recv.clone();
            let at = t.iter().position(|(n, _)| *n == "Authorization").unwrap();
            t[at] = ("Authorization", &upper);
            assert!(check("POST", url, &t, body, NOW).is_valid(), "{a:?} upper-case signature");
            let last = signature.as_bytes()[signature.len() - 1];
            let flipped = cat(&[&auth[..auth.len() - 1], if last == b'0' { "1" } else { "0" }]);
            t[at] = ("Authorization", &flipped);
            mismatch(check("POST", url, &t, body, NOW));
        }
    }

    #[test]
    fn v11_credential_scope_is_checked() {
        let url = "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/p1/devices";
        let (headers, _) = signed(Algorithm::V11HmacSha256, "GET", url, &[], b"", NOW);
        let recv = pairs(&headers);
        let auth = String::from(recv.iter().find(|(n, _)| *n == "Authorization").unwrap().1);
        assert!(auth.starts_with("V11-HMAC-SHA256 Credential=QTWAOYTTINDUT2QVKYUC/20191115/cn-north-4/iotdm, "), "{auth}");
        assert!(check("GET", url, &recv, b"", NOW).is_valid());
        let with = |auth: &str, date: &str| {
            let h: Vec<(&str, &str)> = recv.iter().map(|&(n, v)| if n == "Authorization" { (n, auth) } else if n == "X-Sdk-Date" { (n, date) } else { (n, v) }).collect();
            check("GET", url, &h, b"", NOW)
        };
        // The scope's date is X-Sdk-Date's: another day is refused, before the skew and the lookup.
        let v = with(&auth.replace("/20191115/", "/20191114/"), "20191115T033655Z");
        assert_eq!((v.reason, v.access_key_id.as_deref(), v.algorithm), (Some(Reason::ScopeDateMismatch), Some(AK), Some(Algorithm::V11HmacSha256)));
        assert_eq!(with(&auth.replace("/20191115/", "/20191114/"), "20191114T000000Z").reason, Some(Reason::DateSkew));
        assert_eq!(with(&auth.replace("/20191115/", "/20191114/"), "2019111T000000Z").reason, Some(Reason::InvalidDate));
        assert!(v.message.contains("20191114"), "{}", v.message);
        let v = with(&auth.replace("/20191115/", "/20191116/"), "20191116T000000Z");
        assert_eq!(v.reason, Some(Reason::DateSkew));
        // Another region or service is another key: a signature mismatch.
        assert_eq!(with(&auth.replace("/cn-north-4/", "/cn-north-1/"), "20191115T033655Z").reason, Some(Reason::SignatureMismatch));
        assert_eq!(with(&auth.replace("/iotdm,", "/iotda,"), "20191115T033655Z").reason, Some(Reason::SignatureMismatch));
        for bad in [
            auth.replace("Credential=", "Access="),
            auth.replace("/20191115/cn-north-4/iotdm", ""),
            auth.replace("/20191115/cn-north-4/iotdm", "/20191115/cn-north-4"),
            auth.replace("/iotdm", "/iotdm/extra"),
            auth.replace("/cn-north-4/", "//"),
            auth.replace("/20191115/", "/2019111/"),
            auth.replace("/20191115/", "/2019111x/"),
            auth.replace("QTWAOYTTINDUT2QVKYUC/", "/"),
            // The other algorithms take Access=, not Credential=.
            auth.replace("V11-HMAC-SHA256", "SDK-HMAC-SHA256"),
        ] {
            assert_eq!(with(&bad, "20191115T033655Z").reason, Some(Reason::MalformedAuthorization), "{bad}");
        }
    }

    #[test]
    fn signature_shapes_per_algorithm() {
        let p = |alg: &str, sig: &str| parse_authorization(&cat(&[alg, " Access=A, SignedHeaders=x-sdk-date, Signature=", sig])).map(|a| a.signature).map_err(|v| v.reason);
        let hmac = "7BE6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
        assert_eq!(p("SDK-HMAC-SM3", hmac), Ok(hmac.to_ascii_lowercase()));
        assert_eq!(p("SDK-HMAC-SM3", "3045"), Err(Some(Reason::MalformedAuthorization)));
        let der = "3044022012345678901234567890123456789012345678901234567890123456789002201234567890123456789012345678901234567890123456789012345678AB";
        for alg in ["SDK-ECDSA-P256-SHA256", "SDK-SM2-SM3"] {
            let expect_ok = |r: Result<String, Option<Reason>>, want: &str| {
                if cfg!(feature = "ecc") {
                    assert_eq!(r, Ok(String::from(want)));
                } else {
                    assert_eq!(r, Err(Some(Reason::UnsupportedAlgorithm)));
                }
            };
            expect_ok(p(alg, der), &der.to_ascii_lowercase());
            // The npm package's bounds: "30" and 8 to 284 more hex digits, an even count.
            expect_ok(p(alg, "3000000000"), "3000000000");
            expect_ok(p(alg, &cat(&["30", &"ab".repeat(142)])), &cat(&["30", &"ab".repeat(142)]));
            // Malformed is malformed in every build.
            for bad in ["", "3", "30x4", "30000000", "300000000", hmac, &cat(&["30", &"ab".repeat(143)])] {
                assert_eq!(p(alg, bad), Err(Some(Reason::MalformedAuthorization)), "{alg} {bad}");
            }
        }
    }

    #[test]
    fn checks_run_in_the_documented_order() {
        let r = |method: &str, headers: &[(&str, &str)]| check(method, GUIDE_URL, headers, b"", NOW).reason;
        // CR, LF or NUL anywhere comes first, even before a missing Authorization.
        assert_eq!(r("GET", &[("X-Other", "a\nb")]), Some(Reason::InvalidRequest));
        assert_eq!(r("GET", &[("X-Other\0", "a")]), Some(Reason::InvalidRequest));
        assert_eq!(r("GET\r", &[]), Some(Reason::InvalidRequest));
        assert_eq!(r("GET", &[]), Some(Reason::MissingAuthorization));
        // The date before the URL and method; those before the signed headers.
        assert_eq!(r("GE T", &[("Authorization", GUIDE_AUTH)]), Some(Reason::MissingDate));
        assert_eq!(r("GE T", &[("Authorization", GUIDE_AUTH), ("X-Sdk-Date", "20191115T033655Z")]), Some(Reason::InvalidRequest));
        // Signed headers in order: a bad value before a missing header is invalid-request...
        let auth = GUIDE_AUTH.replace("content-type;host;x-sdk-date", "a;b;x-sdk-date");
        assert_eq!(r("GET", &[("Authorization", &auth), ("X-Sdk-Date", "20191115T033655Z"), ("A", "caf\u{e9}")]), Some(Reason::InvalidRequest));
        assert_eq!(r("GET", &[("Authorization", &auth), ("X-Sdk-Date", "20191115T033655Z"), ("A", "\x7f")]), Some(Reason::InvalidRequest));
        // ...and a missing header before a bad value.
        assert_eq!(r("GET", &[("Authorization", &auth), ("X-Sdk-Date", "20191115T033655Z"), ("B", "caf\u{e9}")]), Some(Reason::MissingSignedHeader));
        // An unsigned header may hold anything but CR, LF and NUL.
        assert_eq!(r("GET", &[("Authorization", &auth), ("X-Sdk-Date", "20191115T033655Z"), ("A", "a"), ("B", "b"), ("C", "caf\u{e9}")]), Some(Reason::SignatureMismatch));
    }

    #[test]
    fn repeated_headers_are_joined_as_fetch_joins_them() {
        // An Authorization value split over two headers is the joined value (as in the npm package).
        let (head, tail) = GUIDE_AUTH.split_at(GUIDE_AUTH.find(", ").unwrap());
        let h = [("Content-Type", "application/json"), ("X-Sdk-Date", "20191115T033655Z"), ("Authorization", head), ("authorization", &tail[2..])];
        assert!(check("GET", GUIDE_URL, &h, b"", NOW).is_valid());
        // A signed header given twice: the client signed "a, b".
        let (headers, _) = signed(Algorithm::SdkHmacSha256, "GET", "https://h/p", &[("X-A", "a, b")], b"", NOW);
        let mut recv: Vec<(&str, &str)> = pairs(&headers).into_iter().filter(|(n, _)| *n != "X-A").collect();
        recv.push(("x-a", "a"));
        recv.push(("X-A", "b"));
        assert!(check("GET", "https://h/p", &recv, b"", NOW).is_valid());
    }

    #[test]
    fn every_prefix_and_suffix_of_authorization_and_date_is_refused_without_panicking() {
        let url = "https://h.example.com/p?q=1";
        for a in Algorithm::ALL.into_iter().filter(|&a| verifies_in_this_build(a)) {
            let (headers, _) = signed(a, "GET", url, &[("X-Note", "n")], b"", NOW);
            let recv = pairs(&headers);
            for (name, value) in [("Authorization", recv.iter().find(|(n, _)| *n == "Authorization").unwrap().1), ("X-Sdk-Date", "20191115T033655Z")] {
                let cut = |v: &str| {
                    let h: Vec<(&str, &str)> = recv.iter().map(|&(n, old)| if n == name { (n, v) } else { (n, old) }).collect();
                    let r = check("GET", url, &h, b"", NOW);
                    assert_eq!(r.is_valid(), v == value, "{v}: {r:?}");
                    assert!(r.is_valid() || (!r.message.is_empty() && !r.message.contains(SK)), "{r:?}");
                };
                for i in (0..=value.len()).filter(|&i| value.is_char_boundary(i)) {
                    cut(&value[..i]);
                    cut(&value[i..]);
                    cut(&cat(&[&value[..i], "\u{e9}\u{1f600}", &value[i..]]));
                }
            }
        }
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
