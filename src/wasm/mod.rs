//! The WebAssembly boundary used by the npm package (`pkg/src/`).
//!
//! One call per signature and no per-character copying: JavaScript allocates the input with the
//! module's `__wbindgen_malloc`, writes the body bytes and then the request text into it
//! (`Uint8Array.set`, `TextEncoder.encodeInto`) and calls the raw `signRequest` export, which
//! takes ownership of that buffer. Only a byte buffer goes in and one string comes out, so the
//! generated glue stays tiny and there are no objects to `.free()`.
//!
//! Request text (UTF-8, fields separated by `\n`; the secret key comes last and may contain
//! anything):
//! `method \n url \n time \n payload \n ak \n n \n (name \n value \n){n} sk`
//! - `time`: the `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`; JavaScript formats dates);
//! - `payload`: empty = hash the body bytes, `U` = `UNSIGNED-PAYLOAD`, else `=` and a precomputed
//!   hash (the `=` keeps any value the caller gives apart from the two markers; the core checks it).
//!
//! Result (UTF-8 bytes): `+` then `signature(64) crHash(64) sdkDate(16) canonicalRequest` on
//! success, or `!` then `CODE \n message` on failure. The whole input, which holds the secret key, is
//! zeroed before it is freed.
//!
//! The module is `no_std`: a panic aborts (`unreachable`) instead of formatting a message, and
//! allocation uses a bump arena that rewinds after each call (`arena.rs`); both keep the binary
//! small. The JavaScript layer treats a trap as an internal error and re-instantiates the module.

#![allow(unreachable_pub)] // #[wasm_bindgen] exports must be `pub`; the module is private

use crate::error::{Error, ErrorKind};
use crate::signer::{Credentials, SignableBody, SignableRequest, SigningParams, SigningTime, check_body_size, sign_core};
use alloc::vec::Vec;
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroize;

mod arena;

#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

fn fail(e: &Error) -> Vec<u8> {
    let mut v = Vec::with_capacity(2 + e.code().len() + e.message().len());
    v.push(b'!');
    v.extend_from_slice(e.code().as_bytes());
    v.push(b'\n');
    v.extend_from_slice(e.message().as_bytes());
    v
}

fn bad_input() -> Error {
    Error::new(ErrorKind::InvalidArgument, "malformed request from the JavaScript layer (an internal error)")
}

/// Splits off the next `\n`-terminated field of `text` starting at `*pos`.
fn field<'a>(text: &'a str, pos: &mut usize) -> Result<&'a str, Error> {
    let b = text.as_bytes();
    let end = crate::canonical::find_byte(b, b'\n', *pos, b.len());
    if end == b.len() {
        return Err(bad_input());
    }
    let f = crate::canonical::sub(text, *pos, end);
    *pos = end + 1;
    Ok(f)
}

/// Signs the request laid out in `input`: `body_len` body bytes, then the request text.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(mut input: Vec<u8>, body_len: u32) -> Vec<u8> {
    let result = match input.split_at_checked(body_len as usize) {
        Some((body, text)) => run_sign(body, text),
        None => Err(bad_input()),
    };
    input.zeroize();
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

/// Checks a body length against the gateway's 12 MB limit without copying the body in.
#[wasm_bindgen(js_name = checkBodySize)]
pub fn check_body_size_export(len: f64) -> Vec<u8> {
    // Lengths beyond usize (or NaN) are certainly too large; `as` saturates.
    match check_body_size(len as usize) {
        Ok(()) => alloc::vec![b'+'],
        Err(e) => fail(&e),
    }
}

// Never inlined: its frame (where the HMAC key blocks can end up) must lie below `sign_request`'s,
// in the area `scrub_stack` overwrites.
#[inline(never)]
fn run_sign(body: &[u8], text: &[u8]) -> Result<Vec<u8>, Error> {
    let text = core::str::from_utf8(text).map_err(|_| bad_input())?;
    let mut pos = 0;
    let mut fields = [""; 6];
    for f in &mut fields {
        *f = field(text, &mut pos)?;
    }
    let [method, url, time, payload, ak, count] = fields;
    if count.is_empty() || count.len() > 6 || !count.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_input());
    }
    let n = count.bytes().fold(0usize, |a, b| a * 10 + usize::from(b - b'0'));
    let mut headers = Vec::with_capacity(n);
    for _ in 0..n {
        headers.push((field(text, &mut pos)?, field(text, &mut pos)?));
    }
    let sk = crate::canonical::sub(text, pos, text.len());
    let body = match payload.as_bytes() {
        [] => SignableBody::Bytes(body),
        [b'U'] => SignableBody::UnsignedPayload,
        _ => SignableBody::Precomputed(crate::canonical::sub(payload, 1, payload.len())),
    };
    let request = SignableRequest::new(method, url, headers, body);
    let params = SigningParams::new(Credentials::new(ak, sk), SigningTime::SdkDate(time));
    // `out` is already laid out as the answer: `+`, signature, hash, date, canonical request.
    Ok(sign_core(&request, &params)?.out)
}
