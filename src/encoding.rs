//! Percent-encoding with the RFC 3986 unreserved set, as every Huawei signer uses it.

use alloc::vec::Vec;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `true` for the bytes the signing algorithm leaves as they are: `A-Z a-z 0-9 - _ . ~`.
#[inline]
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `input` to `out`, escaping every byte outside the unreserved set as `%XX`
/// (uppercase hex). Non-ASCII text is escaped byte by byte from its UTF-8 encoding.
pub fn encode_into(out: &mut Vec<u8>, input: &[u8]) {
    for &b in input {
        if is_unreserved(b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX_UPPER[(b >> 4) as usize], HEX_UPPER[(b & 15) as usize]]);
        }
    }
}

#[inline]
fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Appends the percent-decoded bytes of `input` to `out`.
///
/// Only a `%` followed by two hex digits is an escape; any other `%` is kept as a literal
/// (which then re-encodes as `%25`), like Python's `unquote` and the gateway. A `+` stays a `+`.
pub fn decode_into(out: &mut Vec<u8>, input: &[u8]) {
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == b'%' && i + 2 < input.len() {
            if let (Some(h), Some(l)) = (hex_val(input[i + 1]), hex_val(input[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
}

/// Re-encodes an already percent-encoded component into its canonical form:
/// decode, then encode with the unreserved set. Never double-encodes an existing `%XX`.
pub fn canonicalize_component(out: &mut Vec<u8>, input: &[u8], scratch: &mut Vec<u8>) {
    if input.iter().all(|&b| is_unreserved(b)) {
        out.extend_from_slice(input);
        return;
    }
    scratch.clear();
    decode_into(scratch, input);
    encode_into(out, scratch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn enc(s: &str) -> String {
        let mut v = Vec::new();
        encode_into(&mut v, s.as_bytes());
        String::from_utf8(v).unwrap()
    }
    fn dec(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        decode_into(&mut v, s.as_bytes());
        v
    }

    #[test]
    fn unreserved_set_is_left_alone() {
        assert_eq!(enc("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn reserved_and_space_are_escaped_uppercase() {
        assert_eq!(enc(" !*'();:@&=+$,/?#[]%"), "%20%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25");
    }

    #[test]
    fn utf8_is_escaped_bytewise() {
        assert_eq!(enc("é一😀"), "%C3%A9%E4%B8%80%F0%9F%98%80");
    }

    #[test]
    fn decoding_accepts_both_hex_cases_and_keeps_plus() {
        assert_eq!(dec("a%2fb%2Fc+d"), b"a/b/c+d");
    }

    #[test]
    fn invalid_escapes_stay_literal() {
        assert_eq!(dec("%"), b"%");
        assert_eq!(dec("%4"), b"%4");
        assert_eq!(dec("%zz"), b"%zz");
        assert_eq!(dec("a%"), b"a%");
        assert_eq!(dec("%%41"), b"%A");
    }

    #[test]
    fn canonicalize_never_double_encodes() {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        canonicalize_component(&mut out, b"a%20b%2a%7E%", &mut scratch);
        assert_eq!(out, b"a%20b%2A~%25");
    }
}
