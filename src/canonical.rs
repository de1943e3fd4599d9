//! Canonical forms of the URL, query string and headers (signing guide steps 1–5).

use crate::encoding::{canonicalize_path, decode_at, encode_into};
use crate::error::{Error, ErrorKind, dec, fail3};
use alloc::string::String;
use alloc::vec::Vec;

/// The gateway answers `APIG.0201 Request URI too large` (414) above this many bytes.
pub const MAX_URI_BYTES: usize = 32 * 1024;
/// The gateway answers `Request headers too large` (494) when one header exceeds this size.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The gateway answers `Request headers too large` (494) when all headers exceed this size.
pub const MAX_TOTAL_HEADER_BYTES: usize = 128 * 1024;

/// The pieces of an absolute `http(s)` URL that signing needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `"http"` or `"https"`, lower-case.
    pub scheme: &'static str,
    /// `host[:port]`, lower-cased, with the scheme's default port removed (WHATWG `URL.host`).
    pub host: String,
    /// The path as sent, still percent-encoded; `"/"` when the URL has none.
    pub path: &'a str,
    /// The raw query without `?` (empty when absent). The fragment is dropped.
    pub query: &'a str,
}

#[cold]
#[inline(never)]
fn invalid_url(why: &str) -> Error {
    fail3(ErrorKind::InvalidUrl, "invalid URL: ", why, "")
}

/// `s[a..b]`, or `""` when that is not a valid range (never panics; callers pass ASCII offsets).
#[inline]
pub(crate) fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// Position of the first byte `c` in `b[from..to]`, else `to`.
#[inline]
pub(crate) fn find_byte(b: &[u8], c: u8, from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to && b[i] != c {
        i += 1;
    }
    i
}

/// Splits an absolute, already percent-encoded `http(s)` URL (such as WHATWG `URL.href`).
///
/// # Errors
/// `ERR_INVALID_URL` for a relative URL, another scheme, user info, an empty host, or raw
/// spaces, control or non-ASCII characters (percent-encode them, or let `new URL()` do it);
/// `ERR_URL_TOO_LONG` above [`MAX_URI_BYTES`].
pub fn parse_url(url: &str) -> Result<UrlParts<'_>, Error> {
    let u = split_url(url)?;
    let mut host = String::from(u.host);
    host.make_ascii_lowercase();
    Ok(UrlParts { scheme: u.scheme, host, path: u.path, query: u.query })
}

/// [`UrlParts`] with the host borrowed from the URL, not yet lower-cased.
pub(crate) struct RawUrlParts<'a> {
    pub(crate) scheme: &'static str,
    pub(crate) host: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
}

/// [`parse_url`] without the lower-cased copy of the host.
pub(crate) fn split_url(url: &str) -> Result<RawUrlParts<'_>, Error> {
    let b = url.as_bytes();
    let n = b.len();
    let has_prefix = |p: &[u8]| b.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    let (scheme, start) = if has_prefix(b"https://") {
        ("https", 8)
    } else if has_prefix(b"http://") {
        ("http", 7)
    } else {
        return Err(invalid_url("expected an absolute http:// or https:// URL"));
    };
    if let Some(&c) = b.iter().find(|&&c| c <= b' ' || c >= 0x7f) {
        return Err(invalid_url(if c >= 0x80 {
            "it contains non-ASCII characters; percent-encode them (new URL(...).href does)"
        } else {
            "it contains spaces or control characters; percent-encode them (new URL(...).href does)"
        }));
    }
    let mut auth_end = start;
    while auth_end < n && !matches!(b[auth_end], b'/' | b'?' | b'#') {
        auth_end += 1;
    }
    if find_byte(b, b'@', start, auth_end) != auth_end {
        return Err(invalid_url("user info (user:password@) is not allowed in the URL"));
    }
    let frag = find_byte(b, b'#', auth_end, n);
    let q = find_byte(b, b'?', auth_end, frag);
    let path = sub(url, auth_end, q);
    let query = if q < frag { sub(url, q + 1, frag) } else { "" };
    if path.len() + query.len() > MAX_URI_BYTES {
        return Err(fail3(
            ErrorKind::UrlTooLong,
            "the request URI is ",
            &dec(path.len() + query.len() + 1),
            " bytes, over the API gateway's 32 KB limit (APIG.0201, HTTP 414)",
        ));
    }
    // Drop an empty or default port, as WHATWG `URL.host` does. `[::1]:8443` has its port after `]`.
    let mut host_end = auth_end;
    let mut colon = auth_end;
    while colon > start && b[colon - 1] != b':' && b[colon - 1] != b']' {
        colon -= 1;
    }
    if colon > start && b[colon - 1] == b':' {
        let port = &b[colon..auth_end];
        if !port.iter().all(u8::is_ascii_digit) {
            return Err(invalid_url("the port is not a number"));
        }
        let default: &[u8] = if start == 8 { b"443" } else { b"80" };
        if port.is_empty() || port == default {
            host_end = colon - 1;
        }
    }
    let host = sub(url, start, host_end);
    if host.is_empty() || host.starts_with(':') {
        return Err(invalid_url("the host is empty"));
    }
    Ok(RawUrlParts { scheme, host, path: if path.is_empty() { "/" } else { path }, query })
}

/// Canonical URI: each `/`-separated segment decoded and re-encoded with the unreserved set;
/// always ends with `/`.
pub fn canonical_uri(path: &str, out: &mut Vec<u8>) {
    let start = out.len();
    canonicalize_path(out, path.as_bytes());
    if out.len() == start || out.last() != Some(&b'/') {
        out.push(b'/');
    }
}

/// Canonical query string: parameters split on `&` (empty ones dropped) and the first `=`,
/// percent-decoded (`+` is a plus), sorted by key bytes then value bytes, re-encoded, joined.
/// A parameter without `=` signs as `name=`.
pub fn canonical_query(query: &str, out: &mut Vec<u8>) {
    // One pass over the raw query: a raw `&` ends a parameter, its first raw `=` ends the key
    // (an escaped `%26` or `%3D` is data). Decoded keys and values go back to back into one
    // buffer; `params` holds (key start, key end = value start, value end) for each parameter.
    let q = query.as_bytes();
    let mut decoded = Vec::new();
    let mut params: Vec<(usize, usize, usize)> = Vec::new();
    let (mut start, mut mid) = (0, None);
    let mut i = 0;
    while i <= q.len() {
        let (b, n) = if i < q.len() { decode_at(q, i) } else { (b'&', 1) };
        i += n;
        let end = decoded.len();
        if n == 1 && b == b'&' {
            // Empty parameters (`a=1&&b=2`, a trailing `&`) are dropped; `name` alone signs as `name=`.
            if mid.is_some() || end > start {
                params.push((start, mid.unwrap_or(end), end));
            }
            (start, mid) = (end, None);
        } else if n == 1 && b == b'=' && mid.is_none() {
            mid = Some(end);
        } else {
            decoded.push(b);
        }
    }
    sort_ranges(&mut params, &decoded);
    let part = |a: usize, b: usize| decoded.get(a..b).unwrap_or_default();
    for (i, &(start, mid, end)) in params.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        encode_into(out, part(start, mid));
        out.push(b'=');
        encode_into(out, part(mid, end));
    }
}

/// Sorts `(start, mid, end)` ranges of `buf` by the bytes `buf[start..mid]`, then
/// `buf[mid..end]`: a query parameter's decoded key and value, or a header line's name and the
/// rest of the line.
pub(crate) fn sort_ranges(v: &mut [(usize, usize, usize)], buf: &[u8]) {
    let part = |a: usize, b: usize| buf.get(a..b).unwrap_or_default();
    sort_by(v, &|x, y| (part(x.0, x.1), part(x.1, x.2)) < (part(y.0, y.1), part(y.1, y.2)));
}

/// In-place heapsort: O(n log n) with no recursion and a fraction of the code size of
/// `slice::sort_unstable` (which matters for the wasm build). `less` is a strict ordering.
pub(crate) fn sort_by<T>(v: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    fn sift_down<T>(v: &mut [T], mut node: usize, end: usize, less: &dyn Fn(&T, &T) -> bool) {
        loop {
            let mut child = 2 * node + 1;
            if child >= end {
                break;
            }
            if child + 1 < end && less(&v[child], &v[child + 1]) {
                child += 1;
            }
            if !less(&v[node], &v[child]) {
                break;
            }
            v.swap(node, child);
            node = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n, less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, less);
    }
}

/// `true` for RFC 9110 token characters, the only ones allowed in methods and header names.
pub fn is_tchar(b: u8) -> bool {
    // Bit `b % 64` of the mask for `b / 64` is set for letters, digits and !#$%&'*+-.^_`|~.
    let mask: u64 = if b < 64 { 0x03ff_6cfa_0000_0000 } else { 0x57ff_ffff_c7ff_fffe };
    b < 128 && mask >> (b % 64) & 1 == 1
}

/// Headers that are never signed: the `Authorization` header itself, hop-by-hop and framing
/// headers that clients and proxies rewrite, and `User-Agent`, which browsers do not let a page
/// control. Names containing `_` are never signed either (Go, Java and Python SDKs).
pub const UNSIGNABLE_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

/// [`UNSIGNABLE_HEADERS`], each between spaces: membership is a substring test, which takes less
/// code and data in the wasm module than a table of slices.
const UNSIGNABLE_LIST: &[u8] =
    b" authorization connection content-length expect keep-alive proxy-authorization te trailer transfer-encoding upgrade user-agent ";

/// Whether a header name (in any case) takes part in the signature.
pub fn is_signable(name: &str) -> bool {
    let n = name.as_bytes();
    !n.iter().any(|&c| c == b'_' || c == b' ')
        && !UNSIGNABLE_LIST.windows(n.len() + 2).any(|w| {
            w.first() == Some(&b' ') && w.last() == Some(&b' ') && w.get(1..=n.len()).is_some_and(|m| m.eq_ignore_ascii_case(n))
        })
}

/// Bounds of `v` without its leading and trailing HTTP whitespace (space and tab).
fn ows_bounds(v: &[u8]) -> (usize, usize) {
    let (mut a, mut z) = (0, v.len());
    while a < z && (v[a] == b' ' || v[a] == b'\t') {
        a += 1;
    }
    while z > a && (v[z - 1] == b' ' || v[z - 1] == b'\t') {
        z -= 1;
    }
    (a, z)
}

/// Trims HTTP whitespace (space and tab) from both ends of a header value.
pub fn trim_value(v: &str) -> &str {
    let (a, z) = ows_bounds(v.as_bytes());
    sub(v, a, z)
}

/// [`trim_value`] on bytes: without a `&str` result there are no character boundaries to check.
pub(crate) fn trim_ows(v: &[u8]) -> &[u8] {
    let (a, z) = ows_bounds(v);
    v.get(a..z).unwrap_or_default()
}

/// Checks one header name/value pair and returns the lower-cased name.
///
/// # Errors
/// `ERR_INVALID_HEADER` for an empty or non-token name, or a value containing CR, LF or NUL
/// (which `fetch` rejects and which would let one header smuggle another);
/// `ERR_HEADERS_TOO_LARGE` above [`MAX_HEADER_BYTES`].
pub fn check_header(name: &str, value: &str) -> Result<String, Error> {
    check_header_pair(name, value)?;
    let mut lower = String::from(name);
    lower.make_ascii_lowercase();
    Ok(lower)
}

/// [`check_header`] without the lower-cased copy.
pub(crate) fn check_header_pair(name: &str, value: &str) -> Result<(), Error> {
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(fail_printable(
            ErrorKind::InvalidHeader,
            "invalid header name \"",
            name,
            "\": names must be non-empty RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~)",
        ));
    }
    if !value.bytes().all(is_value_byte) {
        return Err(fail3(
            ErrorKind::InvalidHeader,
            "the value of header ",
            name,
            " contains characters other than visible ASCII, space and tab (CR, LF and control characters are not HTTP; fetch cannot send non-ASCII: percent-encode or base64 it)",
        ));
    }
    if name.len() + value.len() > MAX_HEADER_BYTES {
        return Err(fail3(ErrorKind::HeadersTooLarge, "header ", name, " is over 32 KB, which the API gateway rejects (APIG.0201, HTTP 494)"));
    }
    Ok(())
}

/// What a header value may hold: visible ASCII, space and tab (what `fetch` sends and the gateway
/// and the verifier accept).
pub(crate) fn is_value_byte(b: u8) -> bool {
    b == b'\t' || (b' '..=b'~').contains(&b)
}

/// [`fail3`] with `subject` (untrusted text) shown through [`printable`].
#[cold]
#[inline(never)]
pub(crate) fn fail_printable(kind: ErrorKind, before: &str, subject: &str, after: &str) -> Error {
    fail3(kind, before, &printable(subject), after)
}

/// A short, safe rendering of untrusted text for an error message: printable ASCII kept, anything
/// else shown as `?`, cut after 40 bytes.
pub(crate) fn printable(s: &str) -> String {
    let mut out = String::new();
    for (i, &c) in s.as_bytes().iter().enumerate() {
        if i == 40 {
            out.push_str("...");
            break;
        }
        out.push(if (b' '..=b'~').contains(&c) { c as char } else { '?' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(p: &str) -> String {
        let mut v = Vec::new();
        canonical_uri(p, &mut v);
        String::from_utf8(v).unwrap()
    }
    fn query(q: &str) -> String {
        let mut v = Vec::new();
        canonical_query(q, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn uri_always_ends_with_slash() {
        assert_eq!(uri("/"), "/");
        assert_eq!(uri(""), "/");
        assert_eq!(uri("/v1/x"), "/v1/x/");
        assert_eq!(uri("/v1/x/"), "/v1/x/");
        assert_eq!(uri("/app1"), "/app1/");
    }

    #[test]
    fn uri_decodes_then_encodes_each_segment() {
        assert_eq!(uri("/v1/a%20b/c"), "/v1/a%20b/c/");
        assert_eq!(uri("/v1/%C3%A9"), "/v1/%C3%A9/");
        assert_eq!(uri("/v1/a+b"), "/v1/a%2Bb/");
        assert_eq!(uri("/v1/urn:fss:cn-north-4"), "/v1/urn%3Afss%3Acn-north-4/");
        assert_eq!(uri("/v1/%7Euser/%2a"), "/v1/~user/%2A/");
        assert_eq!(uri("/v1/100%"), "/v1/100%25/");
    }

    #[test]
    fn uri_keeps_encoded_slash_and_double_slash() {
        assert_eq!(uri("/v1/a%2Fb/c"), "/v1/a%2Fb/c/");
        assert_eq!(uri("/v1//x"), "/v1//x/");
    }

    #[test]
    fn query_sorts_by_decoded_key_then_value() {
        assert_eq!(query("limit=2&marker=13551d6b"), "limit=2&marker=13551d6b");
        assert_eq!(query("b=z&b=A&a=&b=a"), "a=&b=A&b=a&b=z");
        // Uppercase before lowercase (character-code order), as the signing guide says.
        assert_eq!(query("b=1&F=2"), "F=2&b=1");
        // Raw-key order: "za" < "z{" < "é" (0x61 < 0x7B < 0xC3).
        assert_eq!(query("%C3%A9=x&z%7B=1&za=2"), "za=2&z%7B=1&%C3%A9=x");
    }

    #[test]
    fn query_encodes_reserved_characters() {
        assert_eq!(
            query("test=%E4%B8%80%20(%26%3D%3F!%23%25.*)&path=/tmp/123&multi=3&multi=1&multi=2&limit=1&enable=true"),
            "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        );
        assert_eq!(query("plus=a+b%20c~*"), "plus=a%2Bb%20c~%2A");
    }

    #[test]
    fn query_valueless_and_empty_parameters() {
        assert_eq!(query("flag&x=1"), "flag=&x=1");
        assert_eq!(query("a=1&&b=2&"), "a=1&b=2");
        assert_eq!(query("a==b"), "a=%3Db");
        assert_eq!(query(""), "");
        assert_eq!(query("="), "=");
        assert_eq!(query("&=&"), "=");
        assert_eq!(query("&&"), "");
        // Escaped separators are data; only raw `&` and the first raw `=` split.
        assert_eq!(query("a%26b=c%3Dd&a=x=y"), "a=x%3Dy&a%26b=c%3Dd");
        assert_eq!(query("k%3D=v"), "k%3D=v");
    }

    #[test]
    fn query_supplementary_plane_sorts_by_utf8_bytes() {
        // U+FF5E (EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16.
        assert_eq!(query("%F0%9F%98%80=1&%EF%BD%9E=2"), "%EF%BD%9E=2&%F0%9F%98%80=1");
    }

    #[test]
    fn url_parts_follow_whatwg_host_rules() {
        let p = parse_url("https://Service.Example.com:443/v1/x?a=1#frag").unwrap();
        assert_eq!((p.scheme, p.host.as_str(), p.path, p.query), ("https", "service.example.com", "/v1/x", "a=1"));
        let p = parse_url("http://h:8080").unwrap();
        assert_eq!((p.host.as_str(), p.path, p.query), ("h:8080", "/", ""));
        assert_eq!(parse_url("http://h:80/").unwrap().host, "h");
        assert_eq!(parse_url("https://h:80/").unwrap().host, "h:80");
        assert_eq!(parse_url("https://[::1]:8443/x").unwrap().host, "[::1]:8443");
        assert_eq!(parse_url("https://[::1]/x").unwrap().host, "[::1]");
        assert_eq!(parse_url("https://h?q").unwrap().path, "/");
    }

    #[test]
    fn bad_urls_are_refused_with_a_reason() {
        for bad in ["/relative", "ftp://h/", "javascript:alert(1)", "https://u:p@h/", "https:///x", "https://h/a b", "https://h/é", "https://h:x/"] {
            assert_eq!(parse_url(bad).unwrap_err().code(), "ERR_INVALID_URL", "{bad}");
        }
        let long = alloc::format!("https://h/{}", "a".repeat(MAX_URI_BYTES));
        assert_eq!(parse_url(&long).unwrap_err().code(), "ERR_URL_TOO_LONG");
    }

    #[test]
    fn heapsort_sorts() {
        let mut seed = 12345u32;
        for n in 0..200 {
            let mut v: Vec<u32> = (0..n).map(|_| { seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345); seed % 50 }).collect();
            let mut expected = v.clone();
            expected.sort();
            sort_by(&mut v, &|a, b| a < b);
            assert_eq!(v, expected);
        }
    }

    #[test]
    fn header_checks() {
        assert_eq!(check_header("X-Sdk-Date", "v").unwrap(), "x-sdk-date");
        assert!(check_header("", "v").is_err());
        assert!(check_header("a b", "v").is_err());
        assert!(check_header("a:b", "v").is_err());
        assert!(check_header("x", "a\r\nb: c").is_err());
        assert!(check_header("x", "a\0").is_err());
        assert!(!is_signable("test_underscore"));
        assert!(!is_signable("authorization"));
        assert!(is_signable("content-type"));
        assert_eq!(trim_value(" \t a  b \t"), "a  b");
        assert_eq!(trim_ows(b" \t a  b \t"), b"a  b");
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b"a\x0c"), b"a\x0c");
    }

    #[test]
    fn unsignable_list_is_the_documented_table() {
        let mut joined = String::from(" ");
        for name in UNSIGNABLE_HEADERS {
            joined.push_str(name);
            joined.push(' ');
            assert!(!is_signable(name), "{name}");
            assert!(!is_signable(&name.to_ascii_uppercase()), "{name}");
        }
        assert_eq!(UNSIGNABLE_LIST, joined.as_bytes());
        // Neither a part nor an extension of a listed name matches.
        for name in ["t", "e", "tes", "te-x", "xte", "authorizatio", "user-agent2", "agent", "expect-ct", "upgrade-insecure-requests"] {
            assert!(is_signable(name), "{name}");
        }
    }

    #[test]
    fn tchar_mask_is_the_rfc_9110_token_set() {
        for b in 0..=255u8 {
            assert_eq!(is_tchar(b), b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b), "{b}");
        }
    }

    #[test]
    fn host_is_lowercased_only_in_the_owned_parts() {
        let raw = split_url("HTTPS://Svc.Example.COM:443/A?B").unwrap();
        assert_eq!((raw.scheme, raw.host, raw.path, raw.query), ("https", "Svc.Example.COM", "/A", "B"));
        assert_eq!(parse_url("HTTPS://Svc.Example.COM:443/A?B").unwrap().host, "svc.example.com");
        assert_eq!(split_url("http://H:8080").unwrap().host, "H:8080");
        assert_eq!(split_url("http://H:/").unwrap().host, "H");
        assert_eq!(parse_url("http://[::1]:80/").unwrap().host, "[::1]");
        for bad in ["http://:80/", "http://:/", "http://", "http:/", "https://h:44x3/", "https://u@h/"] {
            assert_eq!(split_url(bad).err().map(|e| e.code()), Some("ERR_INVALID_URL"), "{bad}");
        }
    }
}
