//! The WebAssembly boundary used by the npm package (`pkg/src/`): wasm-bindgen exports, called
//! through wasm-bindgen's own generated bindings (`pkg/dist/hwcloud_signer_bg.js`).
//!
//! One call per signature. The request goes in as one UTF-8 text and the [`SigningOutput`] comes
//! back as one string, both in a small versioned, length-prefixed format: each field is written as
//! `<length>:<text>`, the length counted in UTF-16 code units (JavaScript's `String.length`), so the
//! JavaScript side slices fields without decoding anything again.
//!
//! The request is passed as bytes (`Vec<u8>`): JavaScript writes it with `TextEncoder.encodeInto`
//! and the bindings copy it in with one `set`, several times faster than wasm-bindgen's string
//! passing (a copy loop character by character, ~1 µs for a small request). Each field is checked
//! to be UTF-8 as it is read (`encoding::utf8_char_len`). The answer is a `String`, read with one
//! `TextDecoder.decode`. The parameters are owned: the export frees them. (Borrowed `&[u8]`
//! parameters would spare a copy, but with wasm-bindgen 0.2.130 their buffers are never freed and
//! the arena would never rewind.)
//!
//! Request (version 1), fields in order:
//! `1`, algorithm, region, service (both empty unless V11-HMAC-SHA256), method, URL, X-Sdk-Date, payload (`B` hash the body bytes passed alongside, `U`
//! UNSIGNED-PAYLOAD, or `H` followed by a precomputed hash), the body's length in bytes (decimal;
//! checked against the 12 MB limit even when the body was hashed elsewhere), AK, SK, the number of
//! headers, then each header's name and value.
//!
//! Answer: `+1` and the fields method, URL, signature, Authorization, signed headers, string to
//! sign, canonical request, X-Sdk-Date, the number of headers to send, then each header's name and
//! value; or `!CODE\nmessage` on failure. The request bytes, which hold the secret key, are zeroed
//! before they are freed (and the JavaScript side zeroes its copy).
//!
//! The module is `no_std`: a panic aborts (`unreachable`) instead of formatting a message, and
//! allocation uses a bump arena that rewinds (and wipes) after each call (`arena.rs`); both keep
//! the binary small. The JavaScript layer treats a trap as an internal error and re-instantiates
//! the module.

#![allow(unreachable_pub)] // #[wasm_bindgen] exports must be `pub`; the module is private

use crate::error::{Error, ErrorKind};
use crate::signer::{Credentials, SignableBody, SignableRequest, SigningOutput, SigningParams, SigningTime, check_body_size, sign};
use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroize;

mod arena;
#[cfg(feature = "token")]
mod token;

#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// The protocol version, first field of a request and second character of an answer.
const VERSION: &str = "1";

fn fail(e: &Error) -> String {
    crate::error::cat(&["!", e.code(), "\n", e.message()])
}

fn bad_input() -> Error {
    Error::new(ErrorKind::InvalidArgument, "malformed request from the JavaScript layer (an internal error)")
}

/// UTF-16 code units of UTF-8 text: one per character, two for a 4-byte sequence. Counted on the
/// bytes (every byte but a continuation byte starts a character), without decoding characters.
fn utf16_len(b: &[u8]) -> usize {
    // ASCII (nearly every field) is one unit per byte; `is_ascii` checks a word at a time.
    if b.is_ascii() {
        return b.len();
    }
    b.iter().map(|&c| usize::from(c & 0xc0 != 0x80) + usize::from(c >= 0xf0)).sum()
}

/// Reads length-prefixed fields (`<UTF-16 length>:<text>`).
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    fn next(&mut self) -> Result<&'a str, Error> {
        let b = self.rest;
        let mut i = 0;
        let mut units = 0usize;
        while let Some(&d @ b'0'..=b'9') = b.get(i) {
            units = units.checked_mul(10).and_then(|u| u.checked_add(usize::from(d - b'0'))).ok_or_else(bad_input)?;
            i += 1;
        }
        if i == 0 || b.get(i) != Some(&b':') {
            return Err(bad_input());
        }
        let start = i + 1;
        let mut end = start;
        // ASCII fast path: `units` bytes, all ASCII (then `end` is a character boundary).
        if let Some(field) = start.checked_add(units).and_then(|e| b.get(start..e)).filter(|f| f.is_ascii()) {
            end += field.len();
            units = 0;
        }
        // Otherwise character by character, each one checked to be valid UTF-8.
        while units > 0 {
            let n = crate::encoding::utf8_char_len(b, end).ok_or_else(bad_input)?;
            units = units.checked_sub(if n == 4 { 2 } else { 1 }).ok_or_else(bad_input)?;
            end += n;
        }
        self.rest = b.get(end..).unwrap_or_default();
        // SAFETY: `b[start..end]` is ASCII (the fast path) or a sequence of characters that
        // `encoding::utf8_char_len` found valid: valid UTF-8 either way.
        Ok(unsafe { core::str::from_utf8_unchecked(b.get(start..end).unwrap_or_default()) })
    }

    fn number(&mut self) -> Result<usize, Error> {
        let f = self.next()?;
        if f.is_empty() || f.len() > 15 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad_input());
        }
        Ok(f.bytes().fold(0usize, |a, b| a * 10 + usize::from(b - b'0')))
    }
}

/// Appends `<UTF-16 length>:<text>`.
fn put(out: &mut Vec<u8>, s: &str) {
    let mut buf = [0u8; 20];
    out.extend_from_slice(crate::error::dec_digits(utf16_len(s.as_bytes()), &mut buf));
    out.push(b':');
    out.extend_from_slice(s.as_bytes());
}

fn answer(o: &SigningOutput) -> String {
    let cr = o.canonical_request.as_str();
    let sts = o.string_to_sign.as_str();
    let fields = [&o.method, &o.url, &o.signature, &o.authorization, &o.sdk_date].iter().map(|f| f.len()).sum::<usize>();
    let mut out = Vec::with_capacity(
        128 + fields + cr.len() + sts.len() + o.signed_headers().len() + o.headers.iter().map(|(n, v)| n.len() + v.len() + 16).sum::<usize>(),
    );
    out.push(b'+');
    out.extend_from_slice(VERSION.as_bytes());
    for f in [&o.method, &o.url, &o.signature, &o.authorization] {
        put(&mut out, f);
    }
    put(&mut out, o.signed_headers());
    put(&mut out, sts);
    put(&mut out, cr);
    put(&mut out, &o.sdk_date);
    put(&mut out, &crate::error::dec(o.headers.len()));
    for (n, v) in &o.headers {
        put(&mut out, n);
        put(&mut out, v);
    }
    // SAFETY: `out` holds `&str`s and ASCII (the marker, version and decimal lengths): UTF-8.
    #[allow(unsafe_code)]
    unsafe {
        String::from_utf8_unchecked(out)
    }
}

/// Signs the request described by `request` (see the module documentation); `body` holds the body
/// bytes when the payload field is `B`, and is empty otherwise.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(mut request: Vec<u8>, body: Vec<u8>) -> String {
    let result = run_sign(&request, &body);
    request.zeroize();
    scrub_stack();
    match result {
        Ok(s) => s,
        Err(e) => fail(&e),
    }
}

/// Overwrites the shadow-stack area the signature just used: the HMAC key blocks (SK ^ ipad/opad)
/// and SHA-256 message schedules derived from them stay in linear memory until overwritten
/// (tests/js/hostile.test.mjs scans for them). `fill` compiles to one `memory.fill`, which costs
/// nothing measurable; `zeroize` on the same 16 KB (volatile byte stores) measured +4.6 µs, +50%,
/// per signature.
#[inline(never)]
fn scrub_stack() {
    let mut area = [0u8; 16 * 1024];
    area.fill(0);
    core::hint::black_box(&mut area);
}

// Never inlined: its frame (where the HMAC key blocks can end up) must lie below `sign_request`'s,
// in the area `scrub_stack` overwrites.
#[inline(never)]
fn run_sign(text: &[u8], body: &[u8]) -> Result<String, Error> {
    let mut f = Fields { rest: text };
    if f.next()? != VERSION {
        return Err(bad_input());
    }
    let algorithm = f.next()?;
    let region = f.next()?;
    let service = f.next()?;
    let method = f.next()?;
    let url = f.next()?;
    let time = f.next()?;
    let payload = f.next()?;
    check_body_size(f.number()?)?;
    let ak = f.next()?;
    let sk = f.next()?;
    let n = f.number()?;
    let mut headers = Vec::with_capacity(n.min(4096));
    for _ in 0..n {
        headers.push((f.next()?, f.next()?));
    }
    let body = match payload.as_bytes().first() {
        Some(b'B') => SignableBody::Bytes(body),
        Some(b'U') => SignableBody::UnsignedPayload,
        Some(b'H') => SignableBody::Precomputed(crate::canonical::sub(payload, 1, payload.len())),
        _ => return Err(bad_input()),
    };
    let request = SignableRequest::new(method, url, headers, body);
    #[allow(unused_mut)]
    let mut params = SigningParams::new(Credentials::new(ak, sk), SigningTime::SdkDate(time));
    #[cfg(feature = "algorithms")]
    {
        params.settings.algorithm = algorithm_named(algorithm)?;
        params.region = Some(region).filter(|r| !r.is_empty());
        params.service = Some(service).filter(|s| !s.is_empty());
    }
    #[cfg(not(feature = "algorithms"))]
    {
        // The JavaScript layer sends the other algorithms to the modules that have them; region and
        // service matter to V11-HMAC-SHA256 only.
        let _ = (region, service);
        if algorithm != "SDK-HMAC-SHA256" {
            return Err(bad_input());
        }
    }
    Ok(answer(&sign(&request, &params)?))
}

#[cfg(feature = "algorithms")]
fn algorithm_named(name: &str) -> Result<crate::algorithm::Algorithm, Error> {
    crate::algorithm::Algorithm::from_name(name).ok_or_else(|| {
        crate::error::fail3(
            ErrorKind::UnsupportedAlgorithm,
            "unsupported algorithm \"",
            &crate::canonical::printable(name),
            "\"; use SDK-HMAC-SHA256, V11-HMAC-SHA256, SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256 or SDK-SM2-SM3",
        )
    })
}

/// Checks a signature (the verifier's last step; `verifyRequest` builds the string to sign): HMAC
/// algorithms in constant time, ECDSA/SM2 against the public key derived from the AK/SK. `scope` is
/// the V11 credential scope, empty otherwise. False for anything malformed. The secret key is zeroed.
#[cfg(feature = "algorithms")]
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature(algorithm: &str, ak: &str, mut sk: String, scope: &str, string_to_sign: &str, signature: &str) -> bool {
    let ok = match crate::algorithm::Algorithm::from_name(algorithm) {
        Some(a) => crate::algorithm::verify_signature(a, ak, sk.as_bytes(), Some(scope).filter(|s| !s.is_empty()), string_to_sign.as_bytes(), signature),
        None => false,
    };
    sk.zeroize();
    scrub_stack();
    ok
}

/// Lowercase hex hash of a body with the algorithm's hash function (SHA-256, or SM3 for the SM3
/// algorithms); empty for an unknown algorithm.
#[cfg(feature = "algorithms")]
#[wasm_bindgen(js_name = contentHash)]
pub fn content_hash(algorithm: &str, body: &[u8]) -> String {
    match crate::algorithm::Algorithm::from_name(algorithm) {
        Some(a) => String::from_utf8(a.hash_function().hex_digest(body).to_vec()).unwrap_or_default(),
        None => String::new(),
    }
}
