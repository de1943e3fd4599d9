//! Percent-encoding with the RFC 3986 unreserved set, as every Huawei signer uses it.

use alloc::vec::Vec;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `true` for the bytes the signing algorithm leaves as they are: `A-Z a-z 0-9 - _ . ~`.
#[inline]
pub fn is_unreserved(b: u8) -> bool {
    // Bit `b % 64` of the mask for `b / 64` is set for letters, digits and -_.~.
    let mask: u64 = if b < 64 { 0x03ff_6000_0000_0000 } else { 0x47ff_fffe_87ff_fffe };
    b < 128 && mask >> (b % 64) & 1 == 1
}

/// Appends `input` to `out`, escaping every byte outside the unreserved set as `%XX`
/// (uppercase hex). Non-ASCII text is escaped byte by byte from its UTF-8 encoding.
pub fn encode_into(out: &mut Vec<u8>, input: &[u8]) {
    for &b in input {
        encode_byte(out, b);
    }
}

/// How many bytes from `input[i]` on are unreserved (or `/`, with `slash`): bytes that
/// canonicalisation leaves as they are.
fn unreserved_run(input: &[u8], i: usize, slash: bool) -> usize {
    input.get(i..).unwrap_or_default().iter().take_while(|&&b| is_unreserved(b) || (slash && b == b'/')).count()
}

fn encode_byte(out: &mut Vec<u8>, b: u8) {
    if is_unreserved(b) {
        out.push(b);
    } else {
        out.extend_from_slice(&[b'%', HEX_UPPER[usize::from(b >> 4)], HEX_UPPER[usize::from(b & 15)]]);
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The byte that `input[i..]` starts with, percent-decoded, and how many input bytes it took.
///
/// Only a `%` followed by two hex digits is an escape; any other `%` is kept as a literal
/// (which then re-encodes as `%25`), like Python's `unquote` and the gateway. A `+` stays a `+`.
pub(crate) fn decode_at(input: &[u8], i: usize) -> (u8, usize) {
    let rest = input.get(i..).unwrap_or_default();
    if let [b'%', h, l, ..] = rest {
        if let (Some(h), Some(l)) = (hex_val(*h), hex_val(*l)) {
            return (h << 4 | l, 3);
        }
    }
    (rest.first().copied().unwrap_or(0), 1)
}

/// Appends the percent-decoded bytes of `input` to `out` (see [`decode_at`] for what is an
/// escape).
pub fn decode_into(out: &mut Vec<u8>, input: &[u8]) {
    let mut i = 0;
    while i < input.len() {
        let (b, n) = decode_at(input, i);
        out.push(b);
        i += n;
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

/// [`canonicalize_component`] for each `/`-separated segment of a path, in one pass: a `/`
/// stays a `/`, an encoded `%2F` stays encoded.
pub(crate) fn canonicalize_path(out: &mut Vec<u8>, path: &[u8]) {
    let mut i = 0;
    while i < path.len() {
        // A run of bytes that stay as they are, copied at once (most paths are one run).
        let run = unreserved_run(path, i, true);
        if run > 0 {
            out.extend_from_slice(path.get(i..i + run).unwrap_or_default());
            i += run;
            continue;
        }
        let (b, n) = decode_at(path, i);
        if n == 1 && b == b'/' {
            out.push(b'/');
        } else {
            encode_byte(out, b);
        }
        i += n;
    }
}

/// The length of the UTF-8 encoded character at `b[i]`, or `None` where there is none or it is
/// not valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). The
/// request comes in as bytes (JavaScript's `TextEncoder.encodeInto` output), and this check is what
/// makes its fields `&str` (src/wasm); `core::str::from_utf8` would cost 0.5 KB of code there.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "wasm")), allow(dead_code))] // used by the wasm layer and the tests
pub(crate) fn utf8_char_len(b: &[u8], i: usize) -> Option<usize> {
    let c0 = *b.get(i)?;
    let (len, min) = match c0 {
        0x00..=0x7f => return Some(1),
        0xc2..=0xdf => (2, 0x80),
        0xe0..=0xef => (3, 0x800),
        0xf0..=0xf4 => (4, 0x1_0000),
        _ => return None,
    };
    let mut cp = u32::from(c0) & (0x7f >> len);
    for k in 1..len {
        let c = *b.get(i + k)?;
        if c & 0xc0 != 0x80 {
            return None;
        }
        cp = (cp << 6) | u32::from(c & 0x3f);
    }
    (cp >= min && !(0xd800..=0xdfff).contains(&cp) && cp <= 0x10_ffff).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    #[test]
    fn utf8_char_len_agrees_with_core() {
        // Every lead byte with every second byte, and the third and fourth bytes from the values
        // around each boundary of the continuation range.
        let edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
        for c0 in 0..=255u8 {
            for c1 in 0..=255u8 {
                for &c2 in &edges {
                    for &c3 in &edges {
                        let b = [c0, c1, c2, c3];
                        let core_len = (1..=4).find(|&n| core::str::from_utf8(&b[..n]).map(|s| s.chars().count() == 1).unwrap_or(false));
                        assert_eq!(utf8_char_len(&b, 0), core_len, "{b:02x?}");
                    }
                }
            }
        }
        assert_eq!(utf8_char_len(&[0xe2, 0x82], 0), None, "cut short");
        assert_eq!(utf8_char_len(&[], 0), None);
    }

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
    fn unreserved_mask_is_the_rfc_3986_set() {
        for b in 0..=255u8 {
            assert_eq!(is_unreserved(b), b.is_ascii_alphanumeric() || b"-_.~".contains(&b), "{b}");
        }
    }

    #[test]
    fn every_escape_decodes_like_a_reference_decoder() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        for a in 0..=255u8 {
            for b in [b'0', b'9', b'a', b'f', b'g', b'A', b'F', b'G', b'@', b'`', b'/', b':', 0, 0xff] {
                let input = [b'%', a, b];
                let expected = match (hex(a), hex(b)) {
                    (Some(h), Some(l)) => (h << 4 | l, 3),
                    _ => (b'%', 1),
                };
                assert_eq!(decode_at(&input, 0), expected, "{input:?}");
            }
        }
        assert_eq!(decode_at(b"%4", 0), (b'%', 1));
        assert_eq!(decode_at(b"x%41", 1), (b'A', 3));
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
        out.clear();
        canonicalize_path(&mut out, b"/a/%2F%2f/%/b+c%/%7e%");
        assert_eq!(out, b"/a/%2F%2F/%25/b%2Bc%25/~%25");
    }
}
