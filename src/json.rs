//! The little JSON the IAM requests and responses need, without a JSON library.
//!
//! [`push_str`] writes a string literal with correct escaping. [`extract`] is a validating
//! scanner, not a parser: it walks a whole document, rejects anything that is not JSON (RFC 8259),
//! and keeps only the scalars found at a few wanted object paths. It never panics, decodes only
//! keys and the values it keeps, and refuses nesting deeper than [`MAX_DEPTH`] so that hostile
//! input cannot exhaust the stack.

use alloc::string::String;
use alloc::vec::Vec;

/// Deepest nesting accepted (IAM bodies are at most about six levels deep).
pub(crate) const MAX_DEPTH: usize = 64;

/// Appends `s` as a JSON string literal (with the quotes): `"` `\` and control characters are
/// escaped; everything else, including non-ASCII, is written as UTF-8.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.push_str(s.get(start..i).unwrap_or_default());
        start = i + 1;
        out.push('\\');
        match b {
            b'"' | b'\\' => out.push(char::from(b)),
            b'\n' => out.push('n'),
            b'\r' => out.push('r'),
            b'\t' => out.push('t'),
            _ => {
                out.push_str("u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
            }
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// A malformed document (the caller words the error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed;

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    /// Keys from the root to the current value, joined by `.`; `\x02` stands for an array element
    /// or a key that contains `.` or control characters (neither can match a wanted path).
    path: Vec<u8>,
    paths: &'a [&'a str],
    out: Vec<Option<String>>,
}

/// Scans the JSON document `text` and returns, for each of `paths` (object keys from the root
/// joined by `.`, e.g. `"token.expires_at"`), the scalar found there: a string decoded, a number
/// or `true`/`false` as written. `None` when the path is absent, `null`, an object or an array,
/// or runs through an array. A key given twice keeps the last value. A leading `@` of a wanted path
/// is ignored (callers use it to mark values they post-process).
///
/// # Errors
/// [`Malformed`] unless `text` is exactly one JSON value (surrounding whitespace allowed) nested
/// at most [`MAX_DEPTH`] deep.
pub(crate) fn extract(text: &str, paths: &[&str]) -> Result<Vec<Option<String>>, Malformed> {
    let mut s = Scanner { b: text.as_bytes(), i: 0, path: Vec::new(), paths, out: paths.iter().map(|_| None).collect() };
    s.value(0)?;
    s.ws();
    if s.i != s.b.len() {
        return Err(Malformed);
    }
    Ok(s.out)
}

impl Scanner<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    /// The next byte (0 at the end, which no caller accepts).
    fn bump(&mut self) -> u8 {
        let c = self.peek();
        self.i += usize::from(self.i < self.b.len());
        c
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), Malformed> {
        self.ws();
        let hit = self.paths.iter().position(|p| p.strip_prefix('@').unwrap_or(p).as_bytes() == self.path.as_slice());
        let start = self.i;
        let c = self.bump();
        let mut decoded = Vec::new();
        match c {
            b'{' | b'[' => {
                if depth >= MAX_DEPTH {
                    return Err(Malformed);
                }
                let base = self.path.len();
                self.ws();
                if self.peek() == c + 2 {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.path.truncate(base);
                    if base > 0 {
                        self.path.push(b'.');
                    }
                    if c == b'{' {
                        self.ws();
                        if self.bump() != b'"' {
                            return Err(Malformed);
                        }
                        let mut path = core::mem::take(&mut self.path);
                        let at = path.len();
                        let r = self.string(Some(&mut path));
                        if path[at..].iter().any(|&k| k == b'.' || k < 0x20) {
                            path.truncate(at);
                            path.push(2);
                        }
                        self.path = path;
                        r?;
                        self.ws();
                        if self.bump() != b':' {
                            return Err(Malformed);
                        }
                    } else {
                        self.path.push(2);
                    }
                    self.value(depth + 1)?;
                    self.ws();
                    match self.bump() {
                        b',' => {}
                        e if e == c + 2 => break,
                        _ => return Err(Malformed),
                    }
                }
                self.path.truncate(base);
                return Ok(());
            }
            b'"' => {
                if hit.is_some() {
                    // Sized up front: growing would leave partial copies (of a secret key, say) in
                    // freed memory. Decoding never makes a string longer.
                    let mut j = self.i;
                    while j < self.b.len() && self.b[j] != b'"' {
                        j += if self.b[j] == b'\\' { 2 } else { 1 };
                    }
                    decoded.reserve_exact(j - self.i);
                }
                self.string(hit.map(|_| &mut decoded))?;
            }
            b't' => self.literal(b"rue")?,
            b'f' => self.literal(b"alse")?,
            b'n' => {
                self.literal(b"ull")?;
                if let Some(k) = hit {
                    self.out[k] = None;
                }
                return Ok(());
            }
            _ => {
                self.i = start;
                self.number()?;
            }
        }
        if let Some(k) = hit {
            if c != b'"' {
                decoded.extend_from_slice(self.b.get(start..self.i).unwrap_or_default());
            }
            self.out[k] = String::from_utf8(decoded).ok();
        }
        Ok(())
    }

    fn literal(&mut self, rest: &[u8]) -> Result<(), Malformed> {
        if !self.b.get(self.i..).is_some_and(|s| s.starts_with(rest)) {
            return Err(Malformed);
        }
        self.i += rest.len();
        Ok(())
    }

    fn digits(&mut self) -> Result<(), Malformed> {
        let start = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        if self.i == start { Err(Malformed) } else { Ok(()) }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<(), Malformed> {
        if self.peek() == b'-' {
            self.i += 1;
        }
        if self.peek() == b'0' {
            self.i += 1;
        } else {
            self.digits()?;
        }
        if self.peek() == b'.' {
            self.i += 1;
            self.digits()?;
        }
        if self.peek() | 0x20 == b'e' {
            self.i += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.i += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Malformed> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + char::from(self.bump()).to_digit(16).ok_or(Malformed)?;
        }
        Ok(v)
    }

    /// Checks (and with `out`, decodes into it) a string whose opening quote has been consumed,
    /// through its closing quote.
    fn string(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), Malformed> {
        loop {
            let c = self.bump();
            if c < 0x20 {
                return Err(Malformed); // raw control character, or the end of the input
            }
            let ch = match c {
                b'"' => return Ok(()),
                b'\\' => match self.bump() {
                    e @ (b'"' | b'\\' | b'/') => u32::from(e),
                    b'b' => 8,
                    b'f' => 12,
                    b'n' => 10,
                    b'r' => 13,
                    b't' => 9,
                    b'u' => {
                        let mut cp = self.hex4()?;
                        if (0xD800..0xDC00).contains(&cp) && self.b.get(self.i..self.i + 2) == Some(b"\\u") {
                            let save = self.i;
                            self.i += 2;
                            let lo = self.hex4()?;
                            if (0xDC00..0xE000).contains(&lo) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            } else {
                                self.i = save;
                            }
                        }
                        cp
                    }
                    _ => return Err(Malformed),
                },
                _ => {
                    if let Some(o) = out.as_deref_mut() {
                        o.push(c);
                    }
                    continue;
                }
            };
            if let Some(o) = out.as_deref_mut() {
                // A lone surrogate cannot be UTF-8 (JavaScript would keep it): U+FFFD instead.
                let mut buf = [0u8; 4];
                o.extend_from_slice(char::from_u32(ch).unwrap_or('\u{FFFD}').encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn lit(s: &str) -> String {
        let mut o = String::new();
        push_str(&mut o, s);
        o
    }

    #[test]
    fn escapes_what_json_requires() {
        assert_eq!(lit(""), "\"\"");
        assert_eq!(lit("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(lit("\n\r\t\u{0}\u{8}\u{1f}\u{7f}é"), "\"\\n\\r\\t\\u0000\\u0008\\u001f\u{7f}é\"");
    }

    #[test]
    fn escaped_strings_round_trip_through_the_scanner() {
        for s in ["", "plain", "quote\" backslash\\ slash/", "ctl\u{1}\u{8}\u{c}\n", "é中😀", "\u{2028}\u{2029}", "\\u0041"] {
            let doc = ["{\"k\":", &lit(s), "}"].concat();
            assert_eq!(extract(&doc, &["k"]).unwrap(), [Some(s.to_string())], "{doc}");
        }
    }

    #[test]
    fn finds_nested_scalars_and_ignores_the_rest() {
        let doc = r#" {"token": {"expires_at": "2020-01-04T09:05:22.701000Z", "methods": ["password"],
            "catalog": [{"endpoints": [{"id": "x", "url": "https://a"}]}], "project": {"id": "p1", "domain": {"id": "d1"}},
            "user": {"id": "u1", "name": "n", "extra": {"deep": [1, 2.5e-3, -0, true, false, null, {}]}}, "n": 12, "b": true, "z": null} } "#;
        let got = extract(doc, &["token.expires_at", "token.project.id", "token.project.domain.id",
            "token.user.id", "token.n", "token.b", "token.z", "token.missing", "token.catalog",
            "token.methods", "token"]).unwrap();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(got, [s("2020-01-04T09:05:22.701000Z"), s("p1"), s("d1"), s("u1"), s("12"), s("true"), None, None, None, None, None]);
    }

    #[test]
    fn values_inside_arrays_do_not_match_object_paths() {
        assert_eq!(extract(r#"[{"id":"x"}]"#, &["id"]).unwrap(), [None]);
        assert_eq!(extract(r#"{"a":[{"id":"x"}]}"#, &["a.id"]).unwrap(), [None]);
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_and_escaped_keys_match() {
        assert_eq!(extract(r#"{"a":"1","a":"2","\u0062":"3"}"#, &["a", "b"]).unwrap(), [Some("2".into()), Some("3".into())]);
    }

    #[test]
    fn keys_with_dots_or_controls_never_match_and_null_clears() {
        assert_eq!(extract(r#"{"token.expires_at":"x","token":{"expires_at":null}}"#, &["token.expires_at"]).unwrap(), [None]);
        assert_eq!(extract(r#"{"a\u0000":"x","a":{"b":"y"}}"#, &["a", "a.b"]).unwrap(), [None, Some("y".into())]);
        assert_eq!(extract(r#"{"a":"x","a":null}"#, &["a"]).unwrap(), [None]);
    }

    #[test]
    fn surrogates() {
        assert_eq!(extract(r#"{"k":"\ud83d\ude00"}"#, &["k"]).unwrap(), [Some("😀".into())]);
        assert_eq!(extract(r#"{"k":"\ud83dx"}"#, &["k"]).unwrap(), [Some("\u{FFFD}x".into())]);
        assert_eq!(extract(r#"{"k":"\ud83d\u0041"}"#, &["k"]).unwrap(), [Some("\u{FFFD}A".into())]);
        assert_eq!(extract(r#"{"k":"\ude00"}"#, &["k"]).unwrap(), [Some("\u{FFFD}".into())]);
    }

    #[test]
    fn rejects_malformed_documents() {
        let deep_ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(extract(&deep_ok, &[]).is_ok());
        let too_deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        let very_deep = "[".repeat(100_000);
        for bad in ["", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\":1 \"b\":2}", "{a:1}",
            "'x'", "\"abc", "\"a\u{1}\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "01", "1.", ".5", "-", "1e", "1e+", "+1", "tru",
            "nul", "True", "NaN", "{} {}", "{}x", "[1 2]", "\"\\", "{\"a\":1}}", too_deep.as_str(), very_deep.as_str(), "\u{feff}{}"] {
            assert_eq!(extract(bad, &["a"]), Err(Malformed), "{bad:?}");
        }
    }

    #[test]
    fn accepts_scalars_and_whitespace() {
        for ok in ["0", "-0.5E+10", "\"\"", "true", "null", " \t\r\n[ ] ", "{ \"a\" : [ ] }", "1e5", "123456789012345678901234567890"] {
            assert!(extract(ok, &[]).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn never_panics_on_truncations_and_byte_flips() {
        let doc = r#"{"token":{"expires_at":"2020-01-04T09:05:22.701000Z","issued_at":"x\u00e9\ud83d\ude00","project":{"id":"p","n":[-1.5e3,true,null]}}}"#;
        assert!(extract(doc, &["token.expires_at"]).is_ok());
        for cut in 0..doc.len() {
            if let Some(prefix) = doc.get(..cut) {
                assert_eq!(extract(prefix, &["token.expires_at"]), Err(Malformed), "{prefix}");
            }
        }
        let mut seed = 0x2545_f491_u32;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let mut bytes = doc.as_bytes().to_vec();
            let at = seed as usize % bytes.len();
            let alphabet = b"{}[]\",:\\u0e-+.tfn \x01";
            bytes[at] = alphabet[(seed >> 20) as usize % alphabet.len()];
            if let Ok(s) = core::str::from_utf8(&bytes) {
                let _ = extract(s, &["token.expires_at", "token.project.id"]);
            }
        }
    }
}
