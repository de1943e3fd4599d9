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
//! - `time`: an `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`) or decimal epoch milliseconds;
//! - `payload`: empty = hash the body bytes, `U` = `UNSIGNED-PAYLOAD`, else a precomputed hash.
//!
//! Result: `+` then `signature(64) crHash(64) sdkDate(16) canonicalRequest` on success, or
//! `!` then `CODE \n message` on failure. The whole input, which holds the secret key, is
//! zeroed before it is freed.
//!
//! The module is `no_std`: a panic aborts (`unreachable`) instead of formatting a message, and
//! allocation uses `lol_alloc`'s free-list allocator; both keep the binary small. The JavaScript
//! layer treats a trap as an internal error and re-instantiates the module.

use crate::error::{Error, ErrorKind};
use crate::signer::{Credentials, SignableBody, SignableRequest, SigningParams, SigningTime, check_body_size, sign};
use alloc::string::String;
use alloc::vec::Vec;
use lol_alloc::{FreeListAllocator, LockedAllocator};
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroize;

#[global_allocator]
static ALLOCATOR: LockedAllocator<FreeListAllocator> = LockedAllocator::new(FreeListAllocator::new());

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

fn ok(parts: &[&str]) -> String {
    let mut s = String::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    s.push('+');
    for p in parts {
        s.push_str(p);
    }
    s
}

fn fail(e: &Error) -> String {
    let mut s = String::with_capacity(2 + e.code().len() + e.message().len());
    s.push('!');
    s.push_str(e.code());
    s.push('\n');
    s.push_str(e.message());
    s
}

fn bad_input() -> Error {
    Error::new(ErrorKind::InvalidArgument, "malformed request passed to the wasm module (internal error in the JavaScript layer)")
}

fn parse_time(s: &str) -> Result<SigningTime<'_>, Error> {
    if s.contains('T') {
        return Ok(SigningTime::SdkDate(s));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::InvalidDate, "signingDate must be a Date, epoch milliseconds or \"YYYYMMDDTHHMMSSZ\""));
    }
    let v = digits.bytes().fold(0i64, |a, b| a * 10 + i64::from(b - b'0'));
    Ok(SigningTime::EpochMillis(if neg { -v } else { v }))
}

fn parse_count(s: &str) -> Result<usize, Error> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_input());
    }
    Ok(s.bytes().fold(0usize, |a, b| a * 10 + usize::from(b - b'0')))
}

/// Signs the request laid out in `input`: `body_len` body bytes, then the request text.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(mut input: Vec<u8>, body_len: u32) -> String {
    let result = match input.split_at_checked(body_len as usize) {
        Some((body, text)) => run_sign(body, text),
        None => Err(bad_input()),
    };
    input.zeroize();
    match result {
        Ok(s) => s,
        Err(e) => fail(&e),
    }
}

/// Checks a body length against the gateway's 12 MB limit without copying the body in.
#[wasm_bindgen(js_name = checkBodySize)]
pub fn check_body_size_export(len: f64) -> String {
    // Lengths beyond usize (or NaN) are certainly too large; `as` saturates.
    match check_body_size(len as usize) {
        Ok(()) => ok(&[]),
        Err(e) => fail(&e),
    }
}

fn run_sign(body: &[u8], text: &[u8]) -> Result<String, Error> {
    let text = core::str::from_utf8(text).map_err(|_| bad_input())?;
    let mut it = text.splitn(7, '\n');
    let mut next = || it.next().ok_or_else(bad_input);
    let (method, url, time, payload, ak, count, rest) = (next()?, next()?, next()?, next()?, next()?, next()?, next()?);
    let n = parse_count(count)?;
    let mut headers = Vec::with_capacity(n);
    let mut rest = rest;
    for _ in 0..n {
        let mut parts = rest.splitn(3, '\n');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(name), Some(value), Some(tail)) => {
                headers.push((name, value));
                rest = tail;
            }
            _ => return Err(bad_input()),
        }
    }
    let body = match payload {
        "" => SignableBody::Bytes(body),
        "U" => SignableBody::UnsignedPayload,
        h => SignableBody::Precomputed(h),
    };
    let request = SignableRequest::new(method, url, headers, body);
    let params = SigningParams::new(Credentials::new(ak, rest), parse_time(time)?);
    let out = sign(&request, &params)?;
    Ok(ok(&[&out.signature, &out.canonical_request_hash, &out.sdk_date, &out.canonical_request]))
}
