//! SDK-HMAC-SHA256 request signing (Huawei Cloud "API Request Signing Guide").
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(SK, StringToSign))
//! ```

use crate::canonical::{self, MAX_TOTAL_HEADER_BYTES, canonical_query, canonical_uri, is_signable, is_tchar, trim_value};
use crate::date;
use crate::error::{Error, ErrorKind, cat, dec, fail3};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use sha2::block_api::compress256;

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
    Ok(())
}

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

/// Lowercase hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&sha256(&[data]))
}

/// Lowercase hex of a 32-byte digest.
fn hex64(digest: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, c) in out.iter_mut().enumerate() {
        *c = DIGITS[usize::from(digest[i / 2] >> (4 - 4 * (i % 2)) & 15)];
    }
    out
}

fn hex(digest: &[u8; 32]) -> String {
    hex64(digest).iter().map(|&c| char::from(c)).collect()
}

/// Refuses bodies over [`MAX_BODY_BYTES`] with the advice the user needs.
///
/// # Errors
/// `ERR_BODY_TOO_LARGE`.
pub fn check_body_size(len: usize) -> Result<(), Error> {
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

/// Offsets in [`Signed::out`]: signature, canonical request hash, `X-Sdk-Date`, canonical request.
const SIG: usize = 1;
const CR_HASH: usize = SIG + 64;
const DATE: usize = CR_HASH + 64;
const CR: usize = DATE + 16;

/// The essential results of signing, shared by [`sign`] and the wasm boundary.
pub(crate) struct Signed {
    /// Laid out as the wasm boundary answers: `+`, signature (64 hex), canonical request hash
    /// (64 hex), `X-Sdk-Date` (16), canonical request (ASCII and UTF-8 slices of `&str` inputs).
    pub(crate) out: Vec<u8>,
    query: (usize, usize),
    signed_headers: (usize, usize),
}

impl Signed {
    fn text(&self, (a, b): (usize, usize)) -> String {
        String::from_utf8_lossy(self.out.get(a..b).unwrap_or_default()).into_owned()
    }
}

/// Signs a request.
///
/// # Errors
/// A validation [`Error`] naming the bad input; the secret key never appears in it.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Result<SigningOutput, Error> {
    let s = sign_core(request, params)?;
    let signed_headers = s.text(s.signed_headers);
    let sdk_date = s.text((DATE, CR));
    let signature = s.text((SIG, CR_HASH));
    let canonical_request_hash = s.text((CR_HASH, DATE));
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(4);
    headers.push((X_SDK_DATE, sdk_date.clone()));
    if let Some(tok) = params.credentials.security_token {
        headers.push((X_SECURITY_TOKEN, String::from(tok)));
    }
    if request.body == SignableBody::UnsignedPayload {
        headers.push((X_SDK_CONTENT_SHA256, String::from(UNSIGNED_PAYLOAD)));
    }
    let authorization = cat(&[ALGORITHM, " Access=", params.credentials.access_key_id, ", SignedHeaders=", &signed_headers, ", Signature=", &signature]);
    headers.push(("Authorization", authorization.clone()));
    Ok(SigningOutput {
        headers,
        string_to_sign: cat(&[ALGORITHM, "\n", &sdk_date, "\n", &canonical_request_hash]),
        canonical_request: s.text((CR, s.out.len())),
        canonical_query: s.text(s.query),
        signed_headers,
        sdk_date,
        canonical_request_hash,
        signature,
        authorization,
    })
}

/// Copies `bytes` into `buf` at `at` (never past its end).
fn put(buf: &mut [u8], at: usize, bytes: &[u8]) {
    for (d, s) in buf.iter_mut().skip(at).zip(bytes) {
        *d = *s;
    }
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

pub(crate) fn sign_core(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Result<Signed, Error> {
    let creds = &params.credentials;
    check_access_key(creds.access_key_id)?;
    check_secret_key(creds.secret_access_key)?;
    check_method(request.method)?;
    let url = canonical::split_url(request.url)?;
    let formatted;
    let sdk_date = match params.time {
        SigningTime::EpochMillis(ms) => {
            formatted = date::format_sdk_date(ms)?;
            &formatted
        }
        SigningTime::SdkDate(s) => {
            date::parse_sdk_date(s)?;
            s
        }
    };

    // The signed headers as canonical lines `name:value` (lower-case name, trimmed value), all in
    // one buffer; `lines` holds each line's (start, end of name, end).
    let mut buf: Vec<u8> = Vec::new();
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut host_override: Option<&[u8]> = None;
    let mut content_sha: Option<&[u8]> = None;
    let mut total = 0usize;
    for &(name, value) in &request.headers {
        canonical::check_header_pair(name, value)?;
        total += name.len() + value.len() + 4;
        if total > MAX_TOTAL_HEADER_BYTES {
            return Err(err(ErrorKind::HeadersTooLarge, "the headers total over 128 KB, which the API gateway rejects (APIG.0201, HTTP 494)"));
        }
        let value = canonical::trim_ows(value.as_bytes());
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("host") {
            if host_override.is_some() {
                return Err(duplicate_header(name.as_bytes()));
            }
            if value.is_empty() {
                return Err(err(ErrorKind::InvalidHeader, "the Host header is empty; omit it to sign the URL's host"));
            }
            host_override = Some(value);
            continue;
        }
        if is("x-sdk-date") || (is("x-security-token") && creds.security_token.is_some()) {
            continue; // replaced by the signing time / the credentials' token
        }
        if is("x-sdk-content-sha256") {
            if request.body == SignableBody::UnsignedPayload {
                continue;
            }
            content_sha = Some(value);
        }
        if is_signable(name) {
            add_line(&mut buf, &mut lines, name, value);
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
        if tok.is_empty() || tok.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) || trim_value(tok) != tok {
            return Err(err(ErrorKind::InvalidCredentials, "the security token is empty or contains whitespace at its ends, CR, LF or NUL"));
        }
        add_line(&mut buf, &mut lines, "x-security-token", tok.as_bytes());
    }
    if params.settings.host == HostSigning::Sign {
        let start = buf.len();
        // The URL's host or the Host header, lower-cased with the rest of the line.
        add_line(&mut buf, &mut lines, "host", host_override.unwrap_or(url.host.as_bytes()));
        if let Some(line) = buf.get_mut(start..) {
            line.make_ascii_lowercase();
        }
    }
    let computed;
    let payload_hash: &[u8] = match request.body {
        SignableBody::UnsignedPayload => {
            add_line(&mut buf, &mut lines, "x-sdk-content-sha256", UNSIGNED_PAYLOAD.as_bytes());
            UNSIGNED_PAYLOAD.as_bytes()
        }
        SignableBody::Bytes(b) => {
            check_body_size(b.len())?;
            match content_sha {
                Some(v) => v,
                None if b.is_empty() => EMPTY_PAYLOAD_SHA256.as_bytes(),
                None => {
                    computed = hex64(&sha256(&[b]));
                    &computed
                }
            }
        }
        SignableBody::Precomputed(h) => {
            check_payload_hash(h)?;
            content_sha.unwrap_or(h.as_bytes())
        }
    };
    // With the lines added above (none repeats a caller's name): names are distinct, so this
    // orders the lines by name.
    let name = |&(s, c, _): &(usize, usize, usize)| buf.get(s..c).unwrap_or_default();
    canonical::sort_ranges(&mut lines, &buf);

    // The date, then the canonical request, after room for the signature and the request's hash.
    let mut out: Vec<u8> = Vec::with_capacity(CR + 256 + 2 * request.url.len() + buf.len());
    out.extend_from_slice(&[b'+'; DATE]);
    out.extend_from_slice(sdk_date.as_bytes());
    out.extend_from_slice(request.method.as_bytes());
    if let Some(method) = out.get_mut(CR..) {
        method.make_ascii_uppercase();
    }
    out.push(b'\n');
    canonical_uri(url.path, &mut out);
    out.push(b'\n');
    let q_start = out.len();
    canonical_query(url.query, &mut out);
    let q_end = out.len();
    out.push(b'\n');
    for &(s, _, e) in &lines {
        out.extend_from_slice(buf.get(s..e).unwrap_or_default());
        out.push(b'\n');
    }
    out.push(b'\n');
    let sh_start = out.len();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(name(line));
    }
    let sh_end = out.len();
    out.push(b'\n');
    out.extend_from_slice(payload_hash);

    let cr_hash = hex64(&sha256(&[out.get(CR..).unwrap_or_default()]));
    // "SDK-HMAC-SHA256" \n X-Sdk-Date \n hash
    let mut string_to_sign = [b'\n'; 97];
    put(&mut string_to_sign, 0, ALGORITHM.as_bytes());
    put(&mut string_to_sign, 16, sdk_date.as_bytes());
    put(&mut string_to_sign, 33, &cr_hash);
    put(&mut out, SIG, &hex64(&hmac_sha256(creds.secret_access_key.as_bytes(), &string_to_sign)));
    put(&mut out, CR_HASH, &cr_hash);
    Ok(Signed { out, query: (q_start, q_end), signed_headers: (sh_start, sh_end) })
}

/// Lowercase hex HMAC-SHA256.
pub fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    hex(&hmac_sha256(key, msg))
}

/// Raw HMAC-SHA256 (RFC 2104): `SHA256((K ^ opad) || SHA256((K ^ ipad) || msg))`, where `K` is the
/// key zero-padded to the 64-byte block (first hashed if it is longer).
///
/// Written out on top of `sha2` instead of using the `hmac` crate: it is these few lines, and a
/// fraction of the generic code in the wasm module.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let hashed;
    let key = if key.len() > 64 {
        hashed = sha256(&[key]);
        &hashed[..]
    } else {
        key
    };
    let mut ipad = [0x36u8; 64];
    let mut opad = [0x5cu8; 64];
    for ((i, o), k) in ipad.iter_mut().zip(opad.iter_mut()).zip(key) {
        *i ^= k;
        *o ^= k;
    }
    sha256(&[&opad, &sha256(&[&ipad, msg])])
}

/// SHA-256 (FIPS 180-4) of the concatenation of `parts`: the message padding written out around
/// `sha2`'s compression function, which is all of SHA-256 this crate needs (the generic `Digest`
/// buffering costs more code in the wasm module than this).
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    // Padding: 0x80, zeros up to 56 mod 64, then the length in bits as a big-endian u64.
    let len: u64 = parts.iter().map(|p| p.len() as u64).sum();
    let pad = 9 + ((119 - len % 64) % 64) as usize;
    let mut tail = [0u8; 72];
    tail[0] = 0x80;
    for i in 0..8 {
        if let Some(t) = tail.get_mut(pad - 1 - i) {
            *t = ((len * 8) >> (8 * i)) as u8;
        }
    }
    let mut state: [u32; 8] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ];
    let mut block = [0u8; 64];
    let mut n = 0usize;
    for part in parts.iter().copied().chain([tail.get(..pad).unwrap_or_default()]) {
        for &byte in part {
            block[n % 64] = byte;
            n += 1;
            if n % 64 == 0 {
                compress256(&mut state, core::slice::from_ref(&block));
            }
        }
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (state[i / 4] >> (24 - 8 * (i % 4))) as u8;
    }
    out
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
    fn sha256_matches_the_sha2_crate_at_every_padding_boundary() {
        use sha2::Digest;
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let d = &data[..len];
            let expected: [u8; 32] = sha2::Sha256::digest(d).into();
            assert_eq!(sha256(&[d]), expected, "{len}");
            let (a, b) = d.split_at(len / 3);
            assert_eq!(sha256(&[a, &[], b]), expected, "{len} in parts");
        }
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // Test cases 1, 2, 6 (a key longer than the block is hashed first) and 7.
        assert_eq!(hmac_sha256_hex(&[0x0b; 20], b"Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assert_eq!(hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_eq!(
            hmac_sha256_hex(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            hmac_sha256_hex(
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
            ),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        );
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
        let params = SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0));
        let check = |headers: &[(&'static str, &'static str)]| {
            sign(&SignableRequest::new("GET", "https://h/p", headers.iter().copied(), SignableBody::Bytes(b"")), &params)
                .map(|o| o.signed_headers)
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
        assert_eq!(out.signed_headers.split(';').count(), 8_002);
        assert!(out.signed_headers.starts_with("host;x-h0;x-h1;x-h10;x-h100;x-h1000;x-h1001;"));
        assert!(out.signed_headers.ends_with(";x-h999;x-sdk-date"));
        let names: Vec<String> = (0..12_000).map(|i| alloc::format!("x-h{i}")).collect();
        let req = SignableRequest::new("GET", "https://h/p", names.iter().map(|n| (n.as_str(), "v")), SignableBody::Bytes(b""));
        let e = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap_err();
        assert_eq!(e.code(), "ERR_HEADERS_TOO_LARGE");
    }

    #[test]
    fn url_host_is_signed_in_lower_case_without_its_default_port() {
        let req = SignableRequest::new("get", "HTTPS://Service.Region.Example.COM:443/V1/X", [], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.starts_with("GET\n/V1/X/\n\nhost:service.region.example.com\n"), "{}", out.canonical_request);
        let req = SignableRequest::new("GET", "http://H.example.com:8080/", [], SignableBody::Bytes(b""));
        let out = sign(&req, &SigningParams::new(Credentials::new("A", "S"), SigningTime::EpochMillis(0))).unwrap();
        assert!(out.canonical_request.contains("\nhost:h.example.com:8080\n"));
    }

    #[test]
    fn the_core_result_is_the_wasm_answer_layout() {
        let params = SigningParams::new(Credentials::new(AK, SK), SigningTime::SdkDate("20191115T033655Z"));
        let core = sign_core(&guide(), &params).unwrap();
        let out = sign(&guide(), &params).unwrap();
        let expected = [
            "+",
            out.signature.as_str(),
            out.canonical_request_hash.as_str(),
            out.sdk_date.as_str(),
            out.canonical_request.as_str(),
        ]
        .concat();
        assert_eq!(core.out, expected.as_bytes());
        assert_eq!(out.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
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
