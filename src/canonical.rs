//! Canonical forms of the URL, query string and headers (signing guide steps 1–5).

use crate::encoding::{canonicalize_component, decode_into, encode_into};
use crate::error::{Error, ErrorKind, dec, fail};
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

fn invalid_url(why: &str) -> Error {
    fail(ErrorKind::InvalidUrl, &["invalid URL: ", why])
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
    let b = url.as_bytes();
    let n = b.len();
    let mut sep = 0;
    while sep + 3 <= n && &b[sep..sep + 3] != b"://" {
        sep += 1;
    }
    let scheme = if b[..sep.min(n)].eq_ignore_ascii_case(b"https") {
        "https"
    } else if b[..sep.min(n)].eq_ignore_ascii_case(b"http") {
        "http"
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
    let start = sep + 3;
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
        return Err(fail(
            ErrorKind::UrlTooLong,
            &["the request URI is ", &dec(path.len() + query.len() + 1), " bytes; Huawei's API gateway rejects URIs over 32 KB (APIG.0201, HTTP 414)"],
        ));
    }
    let mut host = String::from(sub(url, start, auth_end));
    host.make_ascii_lowercase();
    // Drop an empty or default port, as WHATWG `URL.host` does. `[::1]:8443` has its port after `]`.
    let hb = host.as_bytes();
    let mut colon = hb.len();
    while colon > 0 && hb[colon - 1] != b':' && hb[colon - 1] != b']' {
        colon -= 1;
    }
    if colon > 0 && hb[colon - 1] == b':' {
        let port = &hb[colon..];
        if !port.iter().all(u8::is_ascii_digit) {
            return Err(invalid_url("the port is not a number"));
        }
        let default: &[u8] = if scheme == "https" { b"443" } else { b"80" };
        if port.is_empty() || port == default {
            host.truncate(colon - 1);
        }
    }
    if host.is_empty() || host.as_bytes()[0] == b':' {
        return Err(invalid_url("the host is empty"));
    }
    Ok(UrlParts { scheme, host, path: if path.is_empty() { "/" } else { path }, query })
}

/// Canonical URI: each `/`-separated segment decoded and re-encoded with the unreserved set;
/// always ends with `/`.
pub fn canonical_uri(path: &str, out: &mut Vec<u8>) {
    let mut scratch = Vec::new();
    let start = out.len();
    for (i, seg) in path.as_bytes().split(|&c| c == b'/').enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        canonicalize_component(out, seg, &mut scratch);
    }
    if out.len() == start || out.last() != Some(&b'/') {
        out.push(b'/');
    }
}

/// Canonical query string: parameters split on `&` (empty ones dropped) and the first `=`,
/// percent-decoded (`+` is a plus), sorted by key bytes then value bytes, re-encoded, joined.
/// A parameter without `=` signs as `name=`.
pub fn canonical_query(query: &str, out: &mut Vec<u8>) {
    if query.is_empty() {
        return;
    }
    let mut params: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for pair in query.as_bytes().split(|&c| c == b'&') {
        if pair.is_empty() {
            continue;
        }
        let eq = find_byte(pair, b'=', 0, pair.len());
        let mut dk = Vec::with_capacity(eq);
        decode_into(&mut dk, &pair[..eq]);
        let mut dv = Vec::new();
        if eq < pair.len() {
            decode_into(&mut dv, &pair[eq + 1..]);
        }
        params.push((dk, dv));
    }
    sort_by(&mut params, &|a, b| a < b);
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        encode_into(out, k);
        out.push(b'=');
        encode_into(out, v);
    }
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
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
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

/// Whether a lower-case header name takes part in the signature.
pub fn is_signable(lower_name: &str) -> bool {
    !lower_name.bytes().any(|c| c == b'_') && !UNSIGNABLE_HEADERS.contains(&lower_name)
}

/// Trims HTTP whitespace (space and tab) from both ends of a header value.
pub fn trim_value(v: &str) -> &str {
    let b = v.as_bytes();
    let (mut a, mut z) = (0, b.len());
    while a < z && (b[a] == b' ' || b[a] == b'\t') {
        a += 1;
    }
    while z > a && (b[z - 1] == b' ' || b[z - 1] == b'\t') {
        z -= 1;
    }
    sub(v, a, z)
}

/// Checks one header name/value pair and returns the lower-cased name.
///
/// # Errors
/// `ERR_INVALID_HEADER` for an empty or non-token name, or a value containing CR, LF or NUL
/// (which `fetch` rejects and which would let one header smuggle another);
/// `ERR_HEADERS_TOO_LARGE` above [`MAX_HEADER_BYTES`].
pub fn check_header(name: &str, value: &str) -> Result<String, Error> {
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(fail(
            ErrorKind::InvalidHeader,
            &["invalid header name \"", &printable(name), "\": names must be non-empty RFC 9110 tokens (letters, digits and !#$%&'*+-.^_`|~)"],
        ));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(fail(ErrorKind::InvalidHeader, &["the value of header ", name, " contains CR, LF or NUL, which HTTP does not allow"]));
    }
    if name.len() + value.len() > MAX_HEADER_BYTES {
        return Err(fail(ErrorKind::HeadersTooLarge, &["header ", name, " is larger than 32 KB; Huawei's API gateway rejects it (APIG.0201, HTTP 494)"]));
    }
    let mut lower = String::from(name);
    lower.make_ascii_lowercase();
    Ok(lower)
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
    }
}
