//! SDK-HMAC-SHA256 request signing (Huawei Cloud "API Request Signing Guide").
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(SK, StringToSign))
//! ```

use crate::canonical::{self, MAX_TOTAL_HEADER_BYTES, canonical_query, canonical_uri, check_header, is_signable, is_tchar, trim_value};
use crate::date;
use crate::error::{Error, ErrorKind, cat, dec, fail};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name that starts the string to sign and the `Authorization` value.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Largest body the API gateway accepts on an AK/SK-signed request (12 MB); larger uploads need
/// token authentication.
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;
/// Hex SHA-256 of the empty string: the payload hash of a request without a body.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The payload-hash literal that excludes the body from the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Header carrying the signing time.
pub const X_SDK_DATE: &str = "X-Sdk-Date";
/// Header that, when present, replaces the body hash in the canonical request.
pub const X_SDK_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
/// Header carrying the security token of temporary credentials.
pub const X_SECURITY_TOKEN: &str = "X-Security-Token";

/// The body of a request, or what stands in for it in the signature.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignableBody<'a> {
    /// The exact bytes that will be sent; hashed with SHA-256.
    Bytes(&'a [u8]),
    /// A lowercase hex SHA-256 of the body, computed elsewhere (e.g. WebCrypto, a stream).
    Precomputed(&'a str),
    /// Sign `UNSIGNED-PAYLOAD` and send `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`.
    UnsignedPayload,
}

impl fmt::Debug for SignableBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignableBody::Bytes(b) => write!(f, "Bytes(<{} bytes>)", b.len()),
            SignableBody::Precomputed(h) => f.debug_tuple("Precomputed").field(h).finish(),
            SignableBody::UnsignedPayload => f.write_str("UnsignedPayload"),
        }
    }
}

/// A request to sign: method, absolute URL (already percent-encoded, as it will be sent), headers
/// in order, and body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignableRequest<'a> {
    method: &'a str,
    url: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: SignableBody<'a>,
}

impl<'a> SignableRequest<'a> {
    /// Creates a request. `url` must be absolute and percent-encoded as it will be sent (WHATWG
    /// `URL.href` is); the fragment is ignored. Nothing is validated until [`sign`].
    pub fn new(method: &'a str, url: &'a str, headers: impl IntoIterator<Item = (&'a str, &'a str)>, body: SignableBody<'a>) -> Self {
        SignableRequest { method, url, headers: headers.into_iter().collect(), body }
    }
}

/// An access key pair, optionally temporary (with a security token).
#[derive(Clone)]
pub struct Credentials<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    security_token: Option<&'a str>,
}

impl<'a> Credentials<'a> {
    /// Permanent credentials: access key id (AK) and secret access key (SK).
    pub fn new(access_key_id: &'a str, secret_access_key: &'a str) -> Self {
        Credentials { access_key_id, secret_access_key, security_token: None }
    }

    /// Temporary credentials: the security token is sent and signed as `X-Security-Token`.
    pub fn with_security_token(mut self, token: &'a str) -> Self {
        self.security_token = Some(token);
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        self.access_key_id
    }
}

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("security_token", &self.security_token.map(|_| "** redacted **"))
            .finish()
    }
}

/// Whether the `host` header is part of the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum HostSigning {
    /// Sign `host` (the URL's `host[:port]`, or a `Host` header the caller supplies, e.g. the
    /// upstream host when sending through a proxy). What the Python, Java, Node and browser SDKs do.
    #[default]
    Sign,
    /// Leave `host` unsigned, as the Go SDK does.
    Omit,
}

/// Knobs that change the canonical request.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SigningSettings {
    /// See [`HostSigning`].
    pub host: HostSigning,
}

/// When the request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningTime<'a> {
    /// Milliseconds since the Unix epoch (UTC).
    EpochMillis(i64),
    /// An `X-Sdk-Date` value, `YYYYMMDDTHHMMSSZ`.
    SdkDate(&'a str),
}

/// Everything besides the request that determines the signature.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SigningParams<'a> {
    /// The key pair.
    pub credentials: Credentials<'a>,
    /// The signing time; the gateway accepts ±15 minutes around its clock.
    pub time: SigningTime<'a>,
    /// Canonicalisation settings.
    pub settings: SigningSettings,
}

impl<'a> SigningParams<'a> {
    /// Parameters with default settings.
    pub fn new(credentials: Credentials<'a>, time: SigningTime<'a>) -> Self {
        SigningParams { credentials, time, settings: SigningSettings::default() }
    }
}

/// The result of signing: headers to add to the request, plus every intermediate value for
/// debugging (none of them contains the secret key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningOutput {
    /// The headers to set on the request, in this order: `X-Sdk-Date`, then `X-Security-Token`
    /// and `X-Sdk-Content-Sha256` when they apply, then `Authorization`. A caller-supplied `Host`
    /// header must not be sent (browsers and `fetch` refuse it anyway).
    pub headers: Vec<(&'static str, String)>,
    /// The `X-Sdk-Date` value signed.
    pub sdk_date: String,
    /// The canonical query string; send exactly this as the URL's query.
    pub canonical_query: String,
    /// `;`-separated lower-case names of the signed headers.
    pub signed_headers: String,
    /// The canonical request (six parts, `\n`-separated).
    pub canonical_request: String,
    /// Lowercase hex SHA-256 of the canonical request.
    pub canonical_request_hash: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Lowercase hex HMAC-SHA256 signature.
    pub signature: String,
    /// The full `Authorization` header value.
    pub authorization: String,
}

fn err(kind: ErrorKind, msg: &str) -> Error {
    Error::new(kind, msg)
}

/// Checks the access key id: printable ASCII, no spaces or commas (it goes into `Authorization`).
fn check_access_key(ak: &str) -> Result<(), Error> {
    if ak.is_empty() {
        return Err(err(ErrorKind::InvalidCredentials, "the access key id (ak) is empty; pass your AK, e.g. from HUAWEICLOUD_SDK_AK"));
    }
    if !ak.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
        return Err(fail(
            ErrorKind::InvalidCredentials,
            &["the access key id (ak) \"", &canonical::printable(ak), "\" contains spaces, commas or non-ASCII characters; Huawei AKs are 20 letters and digits"],
        ));
    }
    Ok(())
}

fn check_secret_key(sk: &str) -> Result<(), Error> {
    if sk.is_empty() {
        return Err(err(ErrorKind::InvalidCredentials, "the secret access key (sk) is empty; pass your SK, e.g. from HUAWEICLOUD_SDK_SK"));
    }
    let b = sk.as_bytes();
    if b[0].is_ascii_whitespace() || b[b.len() - 1].is_ascii_whitespace() {
        return Err(err(
            ErrorKind::InvalidCredentials,
            "the secret access key (sk) starts or ends with whitespace (often a copy-paste or trailing newline); remove it",
        ));
    }
    Ok(())
}

/// Validates a method (an RFC 9110 token) and upper-cases it.
///
/// # Errors
/// `ERR_INVALID_METHOD` for an empty or non-token method.
pub fn canonical_method(method: &str) -> Result<String, Error> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(fail(ErrorKind::InvalidMethod, &["invalid HTTP method \"", &canonical::printable(method), "\"; use e.g. GET, POST, PUT, DELETE, PATCH"]));
    }
    let mut m = String::from(method);
    m.make_ascii_uppercase();
    Ok(m)
}

/// Validates a precomputed payload hash: 64 lowercase hex digits.
///
/// # Errors
/// `ERR_INVALID_PAYLOAD_HASH` otherwise.
pub fn check_payload_hash(h: &str) -> Result<(), Error> {
    if h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(err(ErrorKind::InvalidPayloadHash, "payloadHash must be the lowercase hex SHA-256 of the body (64 characters 0-9a-f)"))
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data).as_slice())
}

/// Refuses bodies over [`MAX_BODY_BYTES`] with the advice the user needs.
///
/// # Errors
/// `ERR_BODY_TOO_LARGE`.
pub fn check_body_size(len: usize) -> Result<(), Error> {
    if len > MAX_BODY_BYTES {
        return Err(fail(
            ErrorKind::BodyTooLarge,
            &[
                "the body is ",
                &dec(len),
                " bytes; Huawei's API gateway accepts at most 12 MB (12582912 bytes) on AK/SK-signed requests (APIG.0201, HTTP 413). Use token authentication (TokenAuth / X-Auth-Token) for larger uploads",
            ],
        ));
    }
    Ok(())
}

/// The essential results of signing, shared by [`sign`] and the wasm boundary.
pub(crate) struct Signed {
    /// The canonical request (ASCII and UTF-8 slices of `&str` inputs only).
    pub(crate) canonical_request: Vec<u8>,
    pub(crate) cr_hash: String,
    pub(crate) sdk_date: String,
    pub(crate) signature: String,
    pub(crate) query: (usize, usize),
    pub(crate) signed_headers: (usize, usize),
}

/// Signs a request.
///
/// # Errors
/// A validation [`Error`] naming the bad input; the secret key never appears in it.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Result<SigningOutput, Error> {
    let s = sign_core(request, params)?;
    let text = |r: (usize, usize)| String::from_utf8_lossy(&s.canonical_request[r.0..r.1]).into_owned();
    let signed_headers = text(s.signed_headers);
    let canonical_query = text(s.query);
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(4);
    headers.push((X_SDK_DATE, s.sdk_date.clone()));
    if let Some(tok) = params.credentials.security_token {
        headers.push((X_SECURITY_TOKEN, String::from(tok)));
    }
    if request.body == SignableBody::UnsignedPayload {
        headers.push((X_SDK_CONTENT_SHA256, String::from(UNSIGNED_PAYLOAD)));
    }
    let authorization = cat(&[ALGORITHM, " Access=", params.credentials.access_key_id, ", SignedHeaders=", &signed_headers, ", Signature=", &s.signature]);
    headers.push(("Authorization", authorization.clone()));
    Ok(SigningOutput {
        headers,
        string_to_sign: cat(&[ALGORITHM, "\n", &s.sdk_date, "\n", &s.cr_hash]),
        canonical_request: String::from_utf8_lossy(&s.canonical_request).into_owned(),
        canonical_query,
        signed_headers,
        sdk_date: s.sdk_date,
        canonical_request_hash: s.cr_hash,
        signature: s.signature,
        authorization,
    })
}

pub(crate) fn sign_core(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Result<Signed, Error> {
    let creds = &params.credentials;
    check_access_key(creds.access_key_id)?;
    check_secret_key(creds.secret_access_key)?;
    let method = canonical_method(request.method)?;
    let url = canonical::parse_url(request.url)?;
    let sdk_date = match params.time {
        SigningTime::EpochMillis(ms) => date::format_sdk_date(ms)?,
        SigningTime::SdkDate(s) => {
            date::parse_sdk_date(s)?;
            String::from(s)
        }
    };

    // Collect signed headers as (lower-case name, trimmed value).
    let mut lines: Vec<(String, &str)> = Vec::with_capacity(request.headers.len() + 3);
    let mut host_override: Option<&str> = None;
    let mut content_sha: Option<&str> = None;
    let mut total = 0usize;
    for &(name, value) in &request.headers {
        let lower = check_header(name, value)?;
        total += name.len() + value.len() + 4;
        let value = trim_value(value);
        if lines.iter().any(|(n, _)| *n == lower) || (lower == "host" && host_override.is_some()) {
            return Err(fail(
                ErrorKind::DuplicateHeader,
                &["header ", &lower, " is given twice (names are case-insensitive); combine the values into one, separated by \", \""],
            ));
        }
        match lower.as_str() {
            "host" => {
                if value.is_empty() {
                    return Err(err(ErrorKind::InvalidHeader, "the Host header is empty; omit it to sign the URL's host"));
                }
                host_override = Some(value);
                continue;
            }
            "x-sdk-date" => continue, // replaced by the signing time
            "x-security-token" if creds.security_token.is_some() => continue,
            "x-sdk-content-sha256" => {
                if request.body == SignableBody::UnsignedPayload {
                    continue;
                }
                content_sha = Some(value);
            }
            _ => {}
        }
        if is_signable(&lower) {
            lines.push((lower, value));
        }
    }
    if total > MAX_TOTAL_HEADER_BYTES {
        return Err(err(ErrorKind::HeadersTooLarge, "the headers total more than 128 KB; Huawei's API gateway rejects them (APIG.0201, HTTP 494)"));
    }

    lines.push((String::from("x-sdk-date"), sdk_date.as_str()));
    if let Some(tok) = creds.security_token {
        if tok.is_empty() || tok.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) || trim_value(tok) != tok {
            return Err(err(ErrorKind::InvalidCredentials, "the security token is empty or contains whitespace at its ends, CR, LF or NUL"));
        }
        lines.push((String::from("x-security-token"), tok));
    }
    let host_value: String = match host_override {
        Some(h) => {
            let mut h = String::from(h);
            h.make_ascii_lowercase();
            h
        }
        None => url.host.clone(),
    };
    if params.settings.host == HostSigning::Sign {
        lines.push((String::from("host"), host_value.as_str()));
    }
    let payload_hash: String = match request.body {
        SignableBody::UnsignedPayload => {
            lines.push((String::from("x-sdk-content-sha256"), UNSIGNED_PAYLOAD));
            String::from(UNSIGNED_PAYLOAD)
        }
        SignableBody::Bytes(b) => {
            check_body_size(b.len())?;
            match content_sha {
                Some(v) => String::from(v),
                None if b.is_empty() => String::from(EMPTY_PAYLOAD_SHA256),
                None => sha256_hex(b),
            }
        }
        SignableBody::Precomputed(h) => {
            check_payload_hash(h)?;
            String::from(content_sha.unwrap_or(h))
        }
    };
    canonical::sort_by(&mut lines, &|a, b| a.0 < b.0);

    // Assemble the canonical request.
    let mut cr: Vec<u8> = Vec::with_capacity(256 + request.url.len());
    cr.extend_from_slice(method.as_bytes());
    cr.push(b'\n');
    canonical_uri(url.path, &mut cr);
    cr.push(b'\n');
    let q_start = cr.len();
    canonical_query(url.query, &mut cr);
    let q_end = cr.len();
    cr.push(b'\n');
    for (n, v) in &lines {
        cr.extend_from_slice(n.as_bytes());
        cr.push(b':');
        cr.extend_from_slice(v.as_bytes());
        cr.push(b'\n');
    }
    cr.push(b'\n');
    let sh_start = cr.len();
    for (i, (n, _)) in lines.iter().enumerate() {
        if i > 0 {
            cr.push(b';');
        }
        cr.extend_from_slice(n.as_bytes());
    }
    let sh_end = cr.len();
    cr.push(b'\n');
    cr.extend_from_slice(payload_hash.as_bytes());

    let cr_hash = sha256_hex(&cr);
    let mut mac = new_hmac(creds.secret_access_key.as_bytes());
    for part in [ALGORITHM, "\n", &sdk_date, "\n", &cr_hash] {
        mac.update(part.as_bytes());
    }
    let signature = hex::encode(mac.finalize().into_bytes().as_slice());
    Ok(Signed { canonical_request: cr, cr_hash, sdk_date, signature, query: (q_start, q_end), signed_headers: (sh_start, sh_end) })
}

/// Lowercase hex HMAC-SHA256.
pub fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    hex::encode(hmac_sha256(key, msg))
}

/// Raw HMAC-SHA256.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = new_hmac(key);
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

fn new_hmac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of every length, so this never fails; the fallback avoids a panic path.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "QTWAOYTTINDUT2QVKYUC";
    const SK: &str = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";

    fn guide() -> SignableRequest<'static> {
        SignableRequest::new(
            "GET",
            "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            [("Content-Type", "application/json"), ("Host", "service.region.example.com"), ("X-Sdk-Date", "20191115T033655Z")],
            SignableBody::Bytes(b""),
        )
    }

    #[test]
    fn signing_guide_example() {
        let out = sign(&guide(), &SigningParams::new(Credentials::new(AK, SK), SigningTime::SdkDate("20191115T033655Z"))).unwrap();
        assert_eq!(
            out.canonical_request,
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\ncontent-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(out.canonical_request_hash, "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        assert_eq!(out.string_to_sign, "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        assert_eq!(
            out.authorization,
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        assert_eq!(out.headers[0], ("X-Sdk-Date", String::from("20191115T033655Z")));
        assert_eq!(out.headers.last().unwrap().0, "Authorization");
    }

    #[test]
    fn epoch_time_gives_the_same_signature() {
        let a = sign(&guide(), &SigningParams::new(Credentials::new(AK, SK), SigningTime::EpochMillis(1_573_789_015_000))).unwrap();
        assert!(a.signature.starts_with("7be66680") && a.signature.ends_with("6ebe"));
    }

    #[test]
    fn security_token_is_added_and_signed() {
        let req = SignableRequest::new("get", "https://h.example.com/p", [], SignableBody::Bytes(b""));
        let creds = Credentials::new("AccessKey", "SecretKey").with_security_token("tok");
        let out = sign(&req, &SigningParams::new(creds, SigningTime::SdkDate("20200608T023900Z"))).unwrap();
        assert_eq!(out.signed_headers, "host;x-sdk-date;x-security-token");
        assert!(out.canonical_request.starts_with("GET\n/p/\n\nhost:h.example.com\nx-sdk-date:20200608T023900Z\nx-security-token:tok\n"));
        assert!(out.headers.contains(&(X_SECURITY_TOKEN, String::from("tok"))));
    }

    #[test]
    fn unsigned_payload_adds_the_header() {
        let req = SignableRequest::new("PUT", "https://h/p", [("x-sdk-content-sha256", "abc")], SignableBody::UnsignedPayload);
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.ends_with("x-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:19700101T000000Z\n\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD"));
    }

    #[test]
    fn user_content_sha_header_replaces_the_body_hash() {
        let req = SignableRequest::new("POST", "https://h/p", [("X-SDK-Content-SHA256", "UNSIGNED-PAYLOAD")], SignableBody::Bytes(b"hello"));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    }

    #[test]
    fn body_is_hashed_and_size_limited() {
        let req = SignableRequest::new("POST", "https://h/p", [], SignableBody::Bytes(b"{\"key\":\"value\"}"));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.ends_with(&sha256_hex(b"{\"key\":\"value\"}")));
        let big = alloc::vec![0u8; MAX_BODY_BYTES + 1];
        let req = SignableRequest::new("POST", "https://h/p", [], SignableBody::Bytes(&big));
        let e = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap_err();
        assert_eq!(e.code(), "ERR_BODY_TOO_LARGE");
        assert!(e.message().contains("token"));
        let ok = alloc::vec![0u8; MAX_BODY_BYTES];
        let req = SignableRequest::new("POST", "https://h/p", [], SignableBody::Bytes(&ok));
        assert!(sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).is_ok());
    }

    #[test]
    fn headers_are_lowercased_trimmed_sorted_and_filtered() {
        let req = SignableRequest::new(
            "GET",
            "https://h/p",
            [("X-B", "  two  words \t"), ("x-a", "1"), ("TEST_UNDERSCORE", "x"), ("User-Agent", "ua"), ("Authorization", "old")],
            SignableBody::Bytes(b""),
        );
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert_eq!(out.signed_headers, "host;x-a;x-b;x-sdk-date");
        assert!(out.canonical_request.contains("\nx-a:1\nx-b:two  words\n"));
    }

    #[test]
    fn host_can_be_omitted_or_overridden() {
        let req = SignableRequest::new("GET", "http://127.0.0.1:8080/p", [("Host", "ECS.cn-north-4.myhuaweicloud.com")], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.contains("\nhost:ecs.cn-north-4.myhuaweicloud.com\n"));
        let mut p = SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0));
        p.settings.host = HostSigning::Omit;
        let out = sign(&req, &p).unwrap();
        assert_eq!(out.signed_headers, "x-sdk-date");
    }

    #[test]
    fn duplicate_headers_are_refused() {
        let req = SignableRequest::new("GET", "https://h/p", [("X-A", "1"), ("x-a", "2")], SignableBody::Bytes(b""));
        let e = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap_err();
        assert_eq!(e.code(), "ERR_DUPLICATE_HEADER");
    }

    #[test]
    fn bad_inputs_name_the_problem_and_never_the_secret() {
        let sk = "VerySecretKeyMaterial123";
        let cases: [(&str, &str, &str, &[(&str, &str)], SigningTime<'_>, &str); 8] = [
            ("", sk, "https://h/", &[], SigningTime::EpochMillis(0), "ERR_INVALID_CREDENTIALS"),
            ("A", "", "https://h/", &[], SigningTime::EpochMillis(0), "ERR_INVALID_CREDENTIALS"),
            ("A B", sk, "https://h/", &[], SigningTime::EpochMillis(0), "ERR_INVALID_CREDENTIALS"),
            ("A", "VerySecretKeyMaterial123\n", "https://h/", &[], SigningTime::EpochMillis(0), "ERR_INVALID_CREDENTIALS"),
            ("A", sk, "h/", &[], SigningTime::EpochMillis(0), "ERR_INVALID_URL"),
            ("A", sk, "https://h/", &[("x", "a\nb")], SigningTime::EpochMillis(0), "ERR_INVALID_HEADER"),
            ("A", sk, "https://h/", &[], SigningTime::SdkDate("2019-11-15"), "ERR_INVALID_DATE"),
            ("A", sk, "https://h/", &[], SigningTime::EpochMillis(-5), "ERR_INVALID_DATE"),
        ];
        for (ak, s, url, headers, time, code) in cases {
            let req = SignableRequest::new("GET", url, headers.iter().copied(), SignableBody::Bytes(b""));
            let e = sign(&req, &SigningParams::new(Credentials::new(ak, s), time)).unwrap_err();
            assert_eq!(e.code(), code, "{url} {headers:?}");
            assert!(!e.message().contains("VerySecret"));
            assert!(!alloc::format!("{e:?} {e}").contains("VerySecret"));
        }
        let req = SignableRequest::new("GE T", "https://h/", [], SignableBody::Bytes(b""));
        assert_eq!(sign(&req, &SigningParams::new(Credentials::new("A", sk), SigningTime::EpochMillis(0))).unwrap_err().code(), "ERR_INVALID_METHOD");
        let req = SignableRequest::new("GET", "https://h/", [], SignableBody::Precomputed("ABC"));
        assert_eq!(sign(&req, &SigningParams::new(Credentials::new("A", sk), SigningTime::EpochMillis(0))).unwrap_err().code(), "ERR_INVALID_PAYLOAD_HASH");
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let c = Credentials::new("AKID", "TopSecret").with_security_token("TokSecret");
        let s = alloc::format!("{c:?}");
        assert!(s.contains("AKID") && !s.contains("TopSecret") && !s.contains("TokSecret"));
        let p = SigningParams::new(c, SigningTime::EpochMillis(0));
        assert!(!alloc::format!("{p:?}").contains("TopSecret"));
    }
}
