//! SDK-HMAC-SHA256 request signing (Huawei Cloud "API Request Signing Guide").
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(SK, StringToSign))
//! ```
//!
//! [`sign`] returns a [`SigningOutput`] that carries every derived value as its own field, modelled
//! on aws-sigv4: the [`CanonicalRequest`] with its six parts, the [`StringToSign`], the signature,
//! the `Authorization` value, and the method, URL and headers to send. Transports (the wasm layer,
//! a Rust HTTP client) copy fields out; nothing is re-derived from text.

use crate::canonical::{self, MAX_TOTAL_HEADER_BYTES, canonical_query, canonical_uri, is_signable, is_tchar, trim_value};
use crate::date;
use crate::error::{Error, ErrorKind, cat, dec, fail3};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use hmac::{KeyInit, Mac};
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
    /// The signing algorithm (default `SDK-HMAC-SHA256`). V11-HMAC-SHA256 also needs
    /// [`SigningParams::region`] and [`SigningParams::service`].
    #[cfg(feature = "algorithms")]
    pub algorithm: crate::algorithm::Algorithm,
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
    /// Canonicalisation settings and the algorithm.
    pub settings: SigningSettings,
    /// V11-HMAC-SHA256: the region id of the credential scope, e.g. `cn-north-4` (`globe` for global
    /// services). Ignored by the other algorithms.
    #[cfg(feature = "algorithms")]
    pub region: Option<&'a str>,
    /// V11-HMAC-SHA256: the derived auth service name of the credential scope, e.g. `iotdm`.
    /// Ignored by the other algorithms.
    #[cfg(feature = "algorithms")]
    pub service: Option<&'a str>,
}

impl<'a> SigningParams<'a> {
    /// Parameters with default settings.
    pub fn new(credentials: Credentials<'a>, time: SigningTime<'a>) -> Self {
        SigningParams {
            credentials,
            time,
            settings: SigningSettings::default(),
            #[cfg(feature = "algorithms")]
            region: None,
            #[cfg(feature = "algorithms")]
            service: None,
        }
    }
}

fn err(kind: ErrorKind, msg: &str) -> Error {
    Error::new(kind, msg)
}

/// Checks the access key id: printable ASCII, no spaces or commas (it goes into `Authorization`).
fn check_access_key(ak: &str) -> Result<(), Error> {
    if ak.is_empty() {
        return Err(err(ErrorKind::InvalidCredentials, "the access key id (ak) is empty; pass your AK (e.g. HUAWEICLOUD_SDK_AK)"));
    }
    if !ak.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
        return Err(canonical::fail_printable(
            ErrorKind::InvalidCredentials,
            "the access key id (ak) \"",
            ak,
            "\" has spaces, commas or non-ASCII characters; AKs are 20 letters and digits",
        ));
    }
    Ok(())
}

fn check_secret_key(sk: &str) -> Result<(), Error> {
    if sk.is_empty() {
        return Err(err(ErrorKind::InvalidCredentials, "the secret access key (sk) is empty; pass your SK (e.g. HUAWEICLOUD_SDK_SK)"));
    }
    let b = sk.as_bytes();
    if b[0].is_ascii_whitespace() || b[b.len() - 1].is_ascii_whitespace() {
        return Err(err(
            ErrorKind::InvalidCredentials,
            "the secret access key (sk) starts or ends with whitespace (a trailing newline?); remove it",
        ));
    }
    if b.len() > MAX_SECRET_KEY_BYTES {
        return Err(err(ErrorKind::InvalidCredentials, "the secret access key (sk) is over 1 KB; secret access keys are 40 characters"));
    }
    Ok(())
}

/// Longest secret key accepted (SKs are 40 characters); the npm package checks it before copying a
/// key into wasm memory.
pub const MAX_SECRET_KEY_BYTES: usize = 1024;

/// Validates a method (an RFC 9110 token) and upper-cases it.
///
/// # Errors
/// `ERR_INVALID_METHOD` for an empty or non-token method.
pub fn canonical_method(method: &str) -> Result<String, Error> {
    check_method(method)?;
    let mut m = String::from(method);
    m.make_ascii_uppercase();
    Ok(m)
}

fn check_method(method: &str) -> Result<(), Error> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(canonical::fail_printable(ErrorKind::InvalidMethod, "invalid HTTP method \"", method, "\"; use e.g. GET, POST, PUT, DELETE, PATCH"));
    }
    Ok(())
}

/// Validates a precomputed payload hash: 64 lowercase hex digits.
///
/// # Errors
/// `ERR_INVALID_PAYLOAD_HASH` otherwise.
pub fn check_payload_hash(h: &str) -> Result<(), Error> {
    if h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(err(ErrorKind::InvalidPayloadHash, "payloadHash must be the body's SHA-256 as 64 lowercase hex digits"))
    }
}

/// The canonical request, part by part (`Display` writes the six parts `\n`-separated, exactly the
/// text that is hashed). Held as that one text and the positions of its parts: it is built in one
/// buffer and hashed in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
    /// Byte offsets of the `\n` that ends each of the first five parts.
    ends: [usize; 5],
}

impl CanonicalRequest {
    /// Part `i` (0..=5): from after the previous part's `\n` to its own (or to the end).
    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        let end = if i == 5 { self.text.len() } else { self.ends[i] };
        canonical::sub(&self.text, start, end)
    }
    /// The upper-cased method.
    pub fn method(&self) -> &str {
        self.part(0)
    }
    /// The canonical URI: each segment decoded and re-encoded, always ending with `/`.
    pub fn uri(&self) -> &str {
        self.part(1)
    }
    /// The canonical query string (also the query of [`SigningOutput::url`]).
    pub fn query(&self) -> &str {
        self.part(2)
    }
    /// The canonical header lines, `name:value\n` each, sorted by name.
    pub fn headers(&self) -> &str {
        self.part(3)
    }
    /// `;`-separated lower-case names of the signed headers.
    pub fn signed_headers(&self) -> &str {
        self.part(4)
    }
    /// The payload hash: lowercase hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    pub fn payload_hash(&self) -> &str {
        self.part(5)
    }
    /// The whole text (what [`Display`](fmt::Display) writes), without `core::fmt`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// Lowercase hex SHA-256 of the canonical request text (what every algorithm but the SM3 ones
    /// signs; [`StringToSign::hashed_canonical_request`] has the algorithm's hash).
    pub fn hash(&self) -> String {
        sha256_hex(self.text.as_bytes())
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `algorithm \n X-Sdk-Date \n hex(hash(canonical request))`; V11-HMAC-SHA256 has the credential
/// scope `YYYYMMDD/region/service` as a third line before the hash. Held as that text, like
/// [`CanonicalRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringToSign {
    text: String,
    algorithm: &'static str,
    /// Length of the scope line (0 without a scope).
    scope_len: usize,
}

impl StringToSign {
    fn new(algorithm: &'static str, sdk_date: &str, scope: &str, hashed_canonical_request: &str) -> Self {
        let nl = if scope.is_empty() { "" } else { "\n" };
        StringToSign { text: cat(&[algorithm, "\n", sdk_date, "\n", scope, nl, hashed_canonical_request]), algorithm, scope_len: scope.len() }
    }
    /// The algorithm name, e.g. `SDK-HMAC-SHA256`.
    pub fn algorithm(&self) -> &'static str {
        self.algorithm
    }
    /// The signing time as `YYYYMMDDTHHMMSSZ`.
    pub fn sdk_date(&self) -> &str {
        let start = self.algorithm.len() + 1;
        canonical::sub(&self.text, start, start + 16)
    }
    /// The V11-HMAC-SHA256 credential scope `YYYYMMDD/region/service`; empty for the other algorithms.
    pub fn scope(&self) -> &str {
        let start = self.algorithm.len() + 18;
        canonical::sub(&self.text, start, start + self.scope_len)
    }
    /// Lowercase hex hash of the canonical request.
    pub fn hashed_canonical_request(&self) -> &str {
        let start = self.text.len().saturating_sub(64);
        canonical::sub(&self.text, start, self.text.len())
    }
    /// The whole text (what [`Display`](fmt::Display) writes), without `core::fmt`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The result of signing: what to send, and every intermediate value for debugging (none of them
/// contains the secret key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningOutput {
    /// The method to send (upper-cased).
    pub method: String,
    /// The URL to send: the request's URL with its query replaced by the canonical query string
    /// and without a fragment.
    pub url: String,
    /// Every header to send, in order: the caller's headers (names and values as given) except
    /// `Host` (signed but never sent: `fetch` refuses it), `Authorization` and `X-Sdk-Date`, then
    /// `X-Security-Token` and `X-Sdk-Content-Sha256` where they apply, `X-Sdk-Date`, and last
    /// `Authorization`.
    pub headers: Vec<(String, String)>,
    /// The signing time as `YYYYMMDDTHHMMSSZ` (the `X-Sdk-Date` value).
    pub sdk_date: String,
    /// The canonical request.
    pub canonical_request: CanonicalRequest,
    /// The string to sign.
    pub string_to_sign: StringToSign,
    /// The lowercase hex signature.
    pub signature: String,
    /// The full `Authorization` header value.
    pub authorization: String,
}

impl SigningOutput {
    /// `;`-separated lower-case names of the signed headers.
    pub fn signed_headers(&self) -> &str {
        self.canonical_request.signed_headers()
    }
}

/// Lowercase hex of a digest (`hex::encode_to_slice`, then no UTF-8 validation of the digits).
fn hex_string(bytes: &[u8]) -> String {
    let mut buf = alloc::vec![0u8; 2 * bytes.len()];
    match hex::encode_to_slice(bytes, &mut buf) {
        Ok(()) => text(buf),
        Err(_) => String::new(), // the buffer is exactly twice the input: cannot happen
    }
}

/// Lowercase hex SHA-256. Out of line: one copy of the `Digest` code in the wasm module.
#[inline(never)]
pub fn sha256_hex(data: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(data);
    hex_string(&h.finalize())
}

/// Lowercase hex HMAC-SHA256 (for the fuzz invariants, through the `internals` feature).
pub fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    hex_string(&hmac_with::<HmacSha256>(key, [msg]))
}

/// The `hmac` crate's HMAC-SHA256 for signing: `Hmac`, which zeroizes its key-derived state when
/// dropped, with `zeroize-state`; otherwise `SimpleHmac` (the same result over the `Digest` code the
/// module already has: 0.1 KB gzip less in the sign-only wasm module, which wipes its stack after
/// every call instead).
#[cfg(feature = "zeroize-state")]
type HmacSha256 = hmac::Hmac<Sha256>;
#[cfg(not(feature = "zeroize-state"))]
type HmacSha256 = hmac::SimpleHmac<Sha256>;

/// Raw HMAC-SHA256 (RFC 2104) of the concatenated `msg` parts.
pub(crate) fn hmac_sha256(key: &[u8], msg: &[&str]) -> [u8; 32] {
    hmac_with::<HmacSha256>(key, msg.iter().map(|m| m.as_bytes()))
}

/// The 32-byte tag of an HMAC (the `hmac` crate, over SHA-256 or SM3) of the concatenated parts.
/// Wherever the other algorithms are built (a tag can be key material: the elliptic-curve key
/// derivation in `algorithm.rs`) or `zeroize-state` is on, the crate's own copy of the tag is wiped;
/// the sign-only wasm module, which has neither, wipes its whole stack after each call instead.
pub(crate) fn hmac_with<'a, M: Mac + KeyInit>(key: &[u8], parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    // HMAC accepts keys of any length (longer ones are hashed first): `new_from_slice` cannot fail.
    let Ok(mut mac) = <M as KeyInit>::new_from_slice(key) else { return [0; 32] };
    for p in parts {
        mac.update(p);
    }
    let mut tag = mac.finalize().into_bytes();
    let mut out = [0u8; 32];
    for (o, t) in out.iter_mut().zip(tag.iter()) {
        *o = *t;
    }
    #[cfg(any(feature = "zeroize-state", feature = "algorithms"))]
    zeroize::Zeroize::zeroize(tag.as_mut_slice());
    #[cfg(not(any(feature = "zeroize-state", feature = "algorithms")))]
    let _ = &mut tag;
    out
}

/// Refuses bodies over [`MAX_BODY_BYTES`] with the advice the user needs.
///
/// # Errors
/// `ERR_BODY_TOO_LARGE`.
pub(crate) fn check_body_size(len: usize) -> Result<(), Error> {
    if len > MAX_BODY_BYTES {
        return Err(fail3(
            ErrorKind::BodyTooLarge,
            "the body is ",
            &dec(len),
            " bytes, over the API gateway's 12 MB (12582912 bytes) limit for AK/SK signing (APIG.0201, HTTP 413); use token authentication (TokenAuth, X-Auth-Token)",
        ));
    }
    Ok(())
}

/// Appends the canonical line `lowercase(name):value` to `buf` and its bounds to `lines`.
fn add_line(buf: &mut Vec<u8>, lines: &mut Vec<(usize, usize, usize)>, name: &str, value: &[u8]) {
    let start = buf.len();
    buf.extend_from_slice(name.as_bytes());
    if let Some(n) = buf.get_mut(start..) {
        n.make_ascii_lowercase();
    }
    let colon = buf.len();
    buf.push(b':');
    buf.extend_from_slice(value);
    lines.push((start, colon, buf.len()));
}

#[cold]
#[inline(never)]
fn duplicate_header(name: &[u8]) -> Error {
    let mut lower = String::new();
    for &c in name {
        lower.push(char::from(c.to_ascii_lowercase()));
    }
    fail3(ErrorKind::DuplicateHeader, "header ", &lower, " is given twice (names are case-insensitive); join the values with \", \"")
}

/// Text assembled from ASCII and from `&str` slices cut at ASCII bytes, so always valid UTF-8:
/// percent-encoded URI and query (ASCII), header lines (token names, `:`, values trimmed of ASCII
/// spaces and tabs), and the URL host (ASCII). Unchecked because UTF-8 validation is 1 KB of code
/// in the wasm module; debug builds and the tests check it.
#[allow(unsafe_code)]
fn text(bytes: Vec<u8>) -> String {
    debug_assert!(core::str::from_utf8(&bytes).is_ok());
    // SAFETY: see above; every caller passes bytes built only from those pieces.
    unsafe { String::from_utf8_unchecked(bytes) }
}

/// What the algorithm decides in a signature: its name, the payload-hash header, the hash function,
/// the credential scope (V11), the signature and the `Authorization` value. Without the
/// `algorithms` feature only SDK-HMAC-SHA256 exists, and this compiles to the SHA-256 code alone.
struct Scheme<'p> {
    #[cfg(feature = "algorithms")]
    algorithm: crate::algorithm::Algorithm,
    name: &'static str,
    content_header: &'static str,
    scope: Option<String>,
    ak: &'p str,
}

impl<'p> Scheme<'p> {
    fn new(params: &SigningParams<'p>, sdk_date: &str) -> Result<Self, Error> {
        #[cfg(feature = "algorithms")]
        {
            let algorithm = params.settings.algorithm;
            let scope = if algorithm.uses_credential_scope() {
                Some(crate::algorithm::credential_scope(sdk_date, params.region.unwrap_or_default(), params.service.unwrap_or_default())?)
            } else {
                None
            };
            Ok(Scheme { algorithm, name: algorithm.name(), content_header: algorithm.content_hash_header(), scope, ak: params.credentials.access_key_id })
        }
        #[cfg(not(feature = "algorithms"))]
        {
            let _ = sdk_date;
            Ok(Scheme { name: ALGORITHM, content_header: X_SDK_CONTENT_SHA256, scope: None, ak: params.credentials.access_key_id })
        }
    }

    /// Lowercase hex hash with the algorithm's hash function (the canonical request, the body).
    fn hash_hex(&self, data: &[u8]) -> String {
        #[cfg(feature = "algorithms")]
        if self.algorithm.hash_function() == crate::algorithm::HashFunction::Sm3 {
            return hex_string(&crate::algorithm::HashFunction::Sm3.digest(data));
        }
        if data.is_empty() {
            return owned(EMPTY_PAYLOAD_SHA256); // most bodies: no hashing
        }
        sha256_hex(data)
    }

    fn sign(&self, sk: &str, string_to_sign: &StringToSign) -> Result<String, Error> {
        #[cfg(feature = "algorithms")]
        if self.algorithm != crate::algorithm::Algorithm::SdkHmacSha256 {
            return Ok(crate::algorithm::sign_string_to_sign(self.algorithm, self.ak, sk.as_bytes(), self.scope.as_deref(), string_to_sign.text.as_bytes())?);
        }
        Ok(hex_string(&hmac_sha256(sk.as_bytes(), &[&string_to_sign.text])))
    }

    fn authorization(&self, signed_headers: &str, signature: &str) -> String {
        match &self.scope {
            Some(scope) => cat(&[self.name, " Credential=", self.ak, "/", scope, ", SignedHeaders=", signed_headers, ", Signature=", signature]),
            None => cat(&[self.name, " Access=", self.ak, ", SignedHeaders=", signed_headers, ", Signature=", signature]),
        }
    }
}

/// `String::from`, out of line: called a dozen times in [`sign`], one copy of the allocation code
/// in the wasm module instead of one per call.
#[inline(never)]
fn owned(s: &str) -> String {
    String::from(s)
}

/// Signs a request.
///
/// # Errors
/// A validation [`Error`] naming the bad input; the secret key never appears in it.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Result<SigningOutput, Error> {
    let creds = &params.credentials;
    check_access_key(creds.access_key_id)?;
    check_secret_key(creds.secret_access_key)?;
    check_method(request.method)?;
    let url = canonical::split_url(request.url)?;
    let sdk_date = match params.time {
        SigningTime::EpochMillis(ms) => date::format_sdk_date(ms)?,
        SigningTime::SdkDate(s) => {
            date::parse_sdk_date(s)?;
            owned(s)
        }
    };
    let unsigned = request.body == SignableBody::UnsignedPayload;
    let scheme = Scheme::new(params, &sdk_date)?;

    // The signed headers as canonical lines `name:value` (lower-case name, trimmed value), all in
    // one buffer; `lines` holds each line's (start, end of name, end).
    let mut buf: Vec<u8> = Vec::new();
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut send: Vec<(String, String)> = Vec::with_capacity(request.headers.len() + 4);
    let mut host_override: Option<&[u8]> = None;
    let mut content_sha: Option<&[u8]> = None;
    let mut total = 0usize;
    for &(name, value) in &request.headers {
        canonical::check_header_pair(name, value)?;
        total += name.len() + value.len() + 4;
        if total > MAX_TOTAL_HEADER_BYTES {
            return Err(err(ErrorKind::HeadersTooLarge, "the headers total over 128 KB, which the API gateway rejects (APIG.0201, HTTP 494)"));
        }
        let trimmed = canonical::trim_ows(value.as_bytes());
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("host") {
            if host_override.is_some() {
                return Err(duplicate_header(name.as_bytes()));
            }
            if trimmed.is_empty() {
                return Err(err(ErrorKind::InvalidHeader, "the Host header is empty; omit it to sign the URL's host"));
            }
            host_override = Some(trimmed);
            continue;
        }
        if is("x-sdk-date") || (is("x-security-token") && creds.security_token.is_some()) || is("authorization") {
            continue; // replaced by the signing time / the credentials' token / the signature
        }
        if is(scheme.content_header) {
            if unsigned {
                continue;
            }
            content_sha = Some(trimmed);
        }
        send.push((owned(name), owned(value)));
        if is_signable(name) {
            add_line(&mut buf, &mut lines, name, trimmed);
        }
    }
    // The caller's lines, sorted by name: a repeated name is in adjacent lines. (A scan per header
    // would be quadratic; the 128 KB limit above still allows some 26 000 headers.)
    let name = |&(s, c, _): &(usize, usize, usize)| buf.get(s..c).unwrap_or_default();
    canonical::sort_ranges(&mut lines, &buf);
    if let Some(pair) = lines.windows(2).find(|pair| name(&pair[0]) == name(&pair[1])) {
        return Err(duplicate_header(name(&pair[0])));
    }

    add_line(&mut buf, &mut lines, "x-sdk-date", sdk_date.as_bytes());
    if let Some(tok) = creds.security_token {
        if tok.is_empty() || !tok.bytes().all(canonical::is_value_byte) || trim_value(tok) != tok {
            return Err(err(ErrorKind::InvalidCredentials, "the security token is empty, has whitespace at its ends, or contains characters other than visible ASCII"));
        }
        add_line(&mut buf, &mut lines, "x-security-token", tok.as_bytes());
        send.push((owned(X_SECURITY_TOKEN), owned(tok)));
    }
    if params.settings.host == HostSigning::Sign {
        let start = buf.len();
        // The URL's host or the Host header, lower-cased with the rest of the line.
        add_line(&mut buf, &mut lines, "host", host_override.unwrap_or(url.host.as_bytes()));
        if let Some(line) = buf.get_mut(start..) {
            line.make_ascii_lowercase();
        }
    }
    let payload_hash: String = match request.body {
        SignableBody::UnsignedPayload => {
            add_line(&mut buf, &mut lines, scheme.content_header, UNSIGNED_PAYLOAD.as_bytes());
            send.push((owned(scheme.content_header), owned(UNSIGNED_PAYLOAD)));
            owned(UNSIGNED_PAYLOAD)
        }
        SignableBody::Bytes(b) => {
            check_body_size(b.len())?;
            match content_sha {
                Some(v) => text(v.to_vec()),
                None => scheme.hash_hex(b),
            }
        }
        SignableBody::Precomputed(h) => {
            check_payload_hash(h)?;
            match content_sha {
                Some(v) => text(v.to_vec()),
                None => owned(h),
            }
        }
    };
    // With the lines added above (none repeats a caller's name): names are distinct, so this
    // orders the lines by name.
    canonical::sort_ranges(&mut lines, &buf);
    // The canonical request, written part by part into one buffer.
    let mut cr = Vec::with_capacity(request.method.len() + url.path.len() + url.query.len() + 2 * buf.len() + payload_hash.len() + 8);
    let mut ends = [0usize; 5];
    cr.extend_from_slice(request.method.as_bytes());
    cr.make_ascii_uppercase();
    ends[0] = cr.len();
    cr.push(b'\n');
    canonical_uri(url.path, &mut cr);
    ends[1] = cr.len();
    cr.push(b'\n');
    canonical_query(url.query, &mut cr);
    ends[2] = cr.len();
    cr.push(b'\n');
    for &(s, _, e) in &lines {
        cr.extend_from_slice(buf.get(s..e).unwrap_or_default());
        cr.push(b'\n');
    }
    ends[3] = cr.len();
    cr.push(b'\n');
    for (i, &(s, c, _)) in lines.iter().enumerate() {
        if i > 0 {
            cr.push(b';');
        }
        cr.extend_from_slice(buf.get(s..c).unwrap_or_default());
    }
    ends[4] = cr.len();
    cr.push(b'\n');
    cr.extend_from_slice(payload_hash.as_bytes());
    let canonical_request = CanonicalRequest { text: text(cr), ends };
    let string_to_sign =
        StringToSign::new(scheme.name, &sdk_date, scheme.scope.as_deref().unwrap_or_default(), &scheme.hash_hex(canonical_request.text.as_bytes()));
    let signature = scheme.sign(creds.secret_access_key, &string_to_sign)?;
    let authorization = scheme.authorization(canonical_request.signed_headers(), &signature);
    send.push((owned(X_SDK_DATE), owned(&sdk_date)));
    send.push((owned("Authorization"), owned(&authorization)));
    // The URL to send: everything before the query or fragment, then the canonical query.
    let b = request.url.as_bytes();
    let base = canonical::sub(request.url, 0, b.iter().position(|&c| c == b'?' || c == b'#').unwrap_or(b.len()));
    let query = canonical_request.query();
    let url = if query.is_empty() { owned(base) } else { cat(&[base, "?", query]) };
    Ok(SigningOutput {
        method: owned(canonical_request.method()),
        url,
        headers: send,
        sdk_date,
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    })
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
    fn hmac_sha256_matches_rfc_4231() {
        let hx = |k: &[u8], m: &str| hex::encode(hmac_sha256(k, &[m]));
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
        // Test cases 1, 2, 6 (a key longer than the block is hashed first) and 7.
        assert_eq!(hx(&[0x0b; 20], "Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assert_eq!(hx(b"Jefe", "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_eq!(
            hx(&[0xaa; 131], "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            hx(
                &[0xaa; 131],
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
            ),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        );
    }

    #[test]
    fn signing_guide_example() {
        let out = sign(&guide(), &SigningParams::new(Credentials::new(AK, SK), SigningTime::SdkDate("20191115T033655Z"))).unwrap();
        assert_eq!(
            out.canonical_request.to_string(),
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\ncontent-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(out.string_to_sign.hashed_canonical_request(), "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        assert_eq!(out.string_to_sign.to_string(), "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        assert_eq!(
            out.authorization,
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        assert_eq!(out.headers[0], (String::from("Content-Type"), String::from("application/json")));
        assert_eq!(out.headers[1], (String::from("X-Sdk-Date"), String::from("20191115T033655Z")));
        assert_eq!(out.headers.len(), 3, "Host is signed, never sent");
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
        assert_eq!(out.signed_headers(), "host;x-sdk-date;x-security-token");
        assert!(out.canonical_request.to_string().starts_with("GET\n/p/\n\nhost:h.example.com\nx-sdk-date:20200608T023900Z\nx-security-token:tok\n"));
        assert!(out.headers.contains(&(String::from(X_SECURITY_TOKEN), String::from("tok"))));
    }

    #[test]
    fn unsigned_payload_adds_the_header() {
        let req = SignableRequest::new("PUT", "https://h/p", [("x-sdk-content-sha256", "abc")], SignableBody::UnsignedPayload);
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().ends_with("x-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:19700101T000000Z\n\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD"));
    }

    #[test]
    fn user_content_sha_header_replaces_the_body_hash() {
        let req = SignableRequest::new("POST", "https://h/p", [("X-SDK-Content-SHA256", "UNSIGNED-PAYLOAD")], SignableBody::Bytes(b"hello"));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().ends_with("\nUNSIGNED-PAYLOAD"));
    }

    #[test]
    fn body_is_hashed_and_size_limited() {
        let req = SignableRequest::new("POST", "https://h/p", [], SignableBody::Bytes(b"{\"key\":\"value\"}"));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().ends_with(&sha256_hex(b"{\"key\":\"value\"}")));
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
        assert_eq!(out.signed_headers(), "host;x-a;x-b;x-sdk-date");
        assert!(out.canonical_request.to_string().contains("\nx-a:1\nx-b:two  words\n"));
    }

    #[test]
    fn host_can_be_omitted_or_overridden() {
        let req = SignableRequest::new("GET", "http://127.0.0.1:8080/p", [("Host", "ECS.cn-north-4.myhuaweicloud.com")], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().contains("\nhost:ecs.cn-north-4.myhuaweicloud.com\n"));
        let mut p = SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0));
        p.settings.host = HostSigning::Omit;
        let out = sign(&req, &p).unwrap();
        assert_eq!(out.signed_headers(), "x-sdk-date");
    }

    #[test]
    fn duplicate_headers_are_refused() {
        let req = SignableRequest::new("GET", "https://h/p", [("X-A", "1"), ("x-a", "2")], SignableBody::Bytes(b""));
        let e = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap_err();
        assert_eq!(e.code(), "ERR_DUPLICATE_HEADER");
        let params = SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0));
        let check = |headers: &[(&'static str, &'static str)]| {
            sign(&SignableRequest::new("GET", "https://h/p", headers.iter().copied(), SignableBody::Bytes(b"")), &params)
                .map(|o| String::from(o.signed_headers()))
                .map_err(|e| (e.code(), String::from(e.message())))
        };
        // Far apart, and in other cases: the message names the header in lower case.
        let e = check(&[("X-Dup", "1"), ("b", "2"), ("c", "3"), ("x-a", "4"), ("x-DUP", "5")]).unwrap_err();
        assert_eq!(e.0, "ERR_DUPLICATE_HEADER");
        assert!(e.1.starts_with("header x-dup is given twice"), "{}", e.1);
        let e = check(&[("Host", "a.example.com"), ("x", "1"), ("HOST", "b.example.com")]).unwrap_err();
        assert_eq!(e.0, "ERR_DUPLICATE_HEADER");
        assert!(e.1.starts_with("header host is given twice"), "{}", e.1);
        // Headers that are not signed, or that signing replaces, may repeat (as before).
        assert_eq!(check(&[("User-Agent", "a"), ("user-agent", "b"), ("X-Sdk-Date", "1"), ("x-sdk-date", "2")]).unwrap(), "host;x-sdk-date");
        assert_eq!(check(&[("a_b", "1"), ("A_B", "2"), ("x-b", "1"), ("x-a", "2")]).unwrap(), "host;x-a;x-b;x-sdk-date");
        // A duplicate after an invalid header: the invalid header is reported first.
        assert_eq!(check(&[("x", "1"), ("bad name", "2"), ("x", "3")]).unwrap_err().0, "ERR_INVALID_HEADER");
    }

    #[test]
    fn many_headers_sign_and_the_total_is_limited() {
        // Each header counts name + value + 4 bytes: 8 000 of these are ~95 KB, 12 000 ~ 144 KB.
        let names: Vec<String> = (0..8_000).map(|i| alloc::format!("x-h{i}")).collect();
        let req = SignableRequest::new("GET", "https://h/p", names.iter().map(|n| (n.as_str(), "v")), SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert_eq!(out.signed_headers().split(';').count(), 8_002);
        assert!(out.signed_headers().starts_with("host;x-h0;x-h1;x-h10;x-h100;x-h1000;x-h1001;"));
        assert!(out.signed_headers().ends_with(";x-h999;x-sdk-date"));
        let names: Vec<String> = (0..12_000).map(|i| alloc::format!("x-h{i}")).collect();
        let req = SignableRequest::new("GET", "https://h/p", names.iter().map(|n| (n.as_str(), "v")), SignableBody::Bytes(b""));
        let e = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap_err();
        assert_eq!(e.code(), "ERR_HEADERS_TOO_LARGE");
    }

    #[test]
    fn url_host_is_signed_in_lower_case_without_its_default_port() {
        let req = SignableRequest::new("get", "HTTPS://Service.Region.Example.COM:443/V1/X", [], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().starts_with("GET\n/V1/X/\n\nhost:service.region.example.com\n"), "{}", out.canonical_request);
        let req = SignableRequest::new("GET", "http://H.example.com:8080/", [], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.to_string().contains("\nhost:h.example.com:8080\n"));
    }

    #[test]
    fn the_output_carries_every_derived_value() {
        let params = SigningParams::new(Credentials::new(AK, SK), SigningTime::SdkDate("20191115T033655Z"));
        let req = SignableRequest::new(
            "post",
            "https://h.example.com:443/a%2fb/../c?z=1&a=%7e&a=0#frag",
            [("X-Sdk-Date", "x"), ("Host", "up.example.com"), ("Authorization", "old"), ("User-Agent", "ua"), ("x-a", " v ")],
            SignableBody::UnsignedPayload,
        );
        let out = sign(&req, &params).unwrap();
        let cr = &out.canonical_request;
        assert_eq!((cr.method(), cr.query(), cr.signed_headers(), cr.payload_hash()), ("POST", "a=0&a=~&z=1", "host;x-a;x-sdk-content-sha256;x-sdk-date", UNSIGNED_PAYLOAD));
        assert_eq!(cr.headers(), "host:up.example.com\nx-a:v\nx-sdk-content-sha256:UNSIGNED-PAYLOAD\nx-sdk-date:20191115T033655Z\n");
        assert_eq!(cr.to_string(), [cr.method(), cr.uri(), cr.query(), cr.headers(), cr.signed_headers(), cr.payload_hash()].join("\n"));
        assert_eq!(cr.hash(), sha256_hex(cr.to_string().as_bytes()));
        assert_eq!(out.string_to_sign.to_string(), alloc::format!("SDK-HMAC-SHA256\n20191115T033655Z\n{}", cr.hash()));
        assert_eq!(out.signature, hex::encode(hmac_sha256(SK.as_bytes(), &[&out.string_to_sign.to_string()])));
        assert_eq!(out.url, "https://h.example.com:443/a%2fb/../c?a=0&a=~&z=1");
        assert_eq!(out.method, "POST");
        let names: Vec<&str> = out.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["User-Agent", "x-a", "X-Sdk-Content-Sha256", "X-Sdk-Date", "Authorization"]);
        assert_eq!(out.headers[1].1, " v ", "values are sent as given");
        assert_eq!(out.headers[4].1, out.authorization);
        assert_eq!(out.authorization, alloc::format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders={}, Signature={}", out.signed_headers(), out.signature));
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
