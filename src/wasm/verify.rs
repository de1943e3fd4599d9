//! The `verifyRequest` export (`pkg/src/verify.js`): server-side verification with the same flat
//! protocol as `signRequest` (one byte buffer in, one byte string out, the input zeroed before it
//! is freed).
//!
//! `input` = `body_len` body bytes, `sk_len` secret-key bytes, then UTF-8 text of `\n`-terminated
//! lines: `method`, `url`, `payload` (empty = hash the body bytes, else the body's lowercase hex
//! SHA-256), then a `name`, `value` line pair per header. `now` and `max_skew` are milliseconds.
//! `mode` 0 checks everything that needs no key (the JavaScript layer then looks the key up for the
//! returned access key id); 1 verifies with the key.
//!
//! Output: `!CODE \n message` for a malformed input (a bug in the JavaScript layer), else
//! `?reason \n ak \n message`, followed, once the signature was computed, by
//! `\n stringToSign (3 lines) \n canonicalRequest`. `reason` is empty for a valid request (mode
//! 1) or a well-formed one (mode 0).

use crate::canonical::{find_byte, sub};
use crate::error::{Error, ErrorKind, cat};
use crate::verify::{ReceivedBody, ReceivedRequest, VerifyOptions, prepare};
use alloc::vec::Vec;
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroize;

fn run(input: &[u8], body_len: usize, sk_len: usize, now: f64, max_skew: f64, mode: u32) -> Result<Vec<u8>, Error> {
    let bad = || Error::new(ErrorKind::InvalidArgument, "malformed input passed to the wasm verifier (internal error in the JavaScript layer)");
    let (body, rest) = input.split_at_checked(body_len).ok_or_else(bad)?;
    let (sk, text) = rest.split_at_checked(sk_len).ok_or_else(bad)?;
    let text = core::str::from_utf8(text).map_err(|_| bad())?;
    let tb = text.as_bytes();
    let mut lines = Vec::new();
    let mut pos = 0;
    while pos < tb.len() {
        let end = find_byte(tb, b'\n', pos, tb.len());
        lines.push(sub(text, pos, end));
        pos = end + 1;
    }
    let [method, url, payload, pairs @ ..] = lines.as_slice() else {
        return Err(bad());
    };
    if pairs.len() % 2 != 0 {
        return Err(bad());
    }
    let body = if payload.is_empty() { ReceivedBody::Bytes(body) } else { ReceivedBody::Sha256Hex(payload) };
    let request = ReceivedRequest::new(method, url, pairs.chunks_exact(2).map(|p| (p[0], p[1])), body);
    let mut options = VerifyOptions::new(now as i64);
    options.max_skew_ms = max_skew as u64;
    let v = match prepare(&request, &options) {
        Err(v) => v,
        Ok(p) if mode == 0 => {
            let mut v = p.unknown_ak();
            v.reason = None;
            v
        }
        Ok(p) => p.finish(sk),
    };
    let (sts, cr) = (v.string_to_sign.unwrap_or_default(), v.canonical_request.unwrap_or_default());
    let sep = if sts.is_empty() { "" } else { "\n" };
    // Messages render untrusted text printable and hold no line breaks (the fuzz targets check).
    let out = cat(&["?", v.reason.map_or("", |r| r.code()), "\n", v.access_key_id.as_deref().unwrap_or(""), "\n", &v.message, sep, &sts, sep, &cr]);
    Ok(out.into_bytes())
}

/// Verifies the request laid out in `input` (see the module documentation).
#[wasm_bindgen(js_name = verifyRequest)]
pub fn verify_request(mut input: Vec<u8>, body_len: u32, sk_len: u32, now: f64, max_skew: f64, mode: u32) -> Vec<u8> {
    let result = run(&input, body_len as usize, sk_len as usize, now, max_skew, mode);
    input.zeroize();
    // The HMAC key blocks (SK ^ ipad/opad) are on the shadow stack: overwrite them too.
    super::scrub_stack();
    result.unwrap_or_else(|e| {
        let mut v = Vec::new();
        v.push(b'!');
        v.extend_from_slice(e.code().as_bytes());
        v.push(b'\n');
        v.extend_from_slice(e.message().as_bytes());
        v
    })
}
