//! Runs every vector of `tests/vectors/sdk-hmac-sha256.json` through the public Rust API and
//! checks canonical request, string to sign, signature and Authorization, in that order.
//! The JSON is read with the small parser at the bottom (no dev-dependencies).

mod common;
use common::base64_decode;
use hwcloud_signer::{Credentials, HostSigning, SignableBody, SignableRequest, SigningParams, SigningTime, sign};
use std::collections::BTreeMap;

const VECTORS: &str = include_str!("vectors/sdk-hmac-sha256.json");

#[test]
fn sdk_hmac_sha256_vectors() {
    let root = Json::parse(VECTORS);
    let cases = root.get("cases").array();
    assert!(cases.len() >= 30, "expected the full vector set, found {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.get("name").str();
        if let Err(why) = check_case(case) {
            failures.push(format!("[{name}] {why}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

fn check_case(case: &Json) -> Result<(), String> {
    let settings = case.opt("settings");
    let setting = |k: &str| settings.and_then(|s| s.opt(k));
    let body_bytes = match case.get("body") {
        Json::Null => Vec::new(),
        b => match (b.opt("utf8"), b.opt("base64")) {
            (Some(t), _) => t.str().as_bytes().to_vec(),
            (_, Some(t)) => base64_decode(t.str()),
            _ => return Err("body must be null, {utf8} or {base64}".into()),
        },
    };
    let body = if setting("unsignedPayload").is_some_and(|v| v.bool()) {
        SignableBody::UnsignedPayload
    } else if let Some(h) = setting("payloadHash") {
        SignableBody::Precomputed(h.str())
    } else {
        SignableBody::Bytes(&body_bytes)
    };
    let mut headers: Vec<(&str, &str)> = case.get("headers").array().iter().map(|p| (p.array()[0].str(), p.array()[1].str())).collect();
    // The Rust Credentials carry only AK/SK/token: project and domain ids are ordinary headers here.
    for (field, header) in [("projectId", "X-Project-Id"), ("domainId", "X-Domain-Id")] {
        if let Some(v) = case.opt(field) {
            headers.push((header, v.str()));
        }
    }
    let request = SignableRequest::new(case.get("method").str(), case.get("url").str(), headers.clone(), body);
    let mut credentials = Credentials::new(case.get("ak").str(), case.get("sk").str());
    if let Some(t) = case.opt("securityToken") {
        credentials = credentials.with_security_token(t.str());
    }
    let mut params = SigningParams::new(credentials, SigningTime::SdkDate(case.get("sdkDate").str()));
    if setting("signHost").is_some_and(|v| !v.bool()) {
        params.settings.host = HostSigning::Omit;
    }
    let out = sign(&request, &params).map_err(|e| format!("sign() failed: {} {}", e.code(), e.message()))?;

    let exp = case.get("expected");
    let checks: [(&str, &str); 8] = [
        ("canonicalRequest", &out.canonical_request.to_string()),
        ("canonicalQuery", &out.canonical_request.query()),
        ("canonicalRequestHash", &out.string_to_sign.hashed_canonical_request()),
        ("stringToSign", &out.string_to_sign.to_string()),
        ("signature", &out.signature),
        ("signedHeaders", &out.signed_headers()),
        ("authorization", &out.authorization),
        ("sdkDate", &out.sdk_date),
    ];
    for (field, actual) in checks {
        let expected = if field == "sdkDate" { case.get("sdkDate").str() } else { exp.get(field).str() };
        if actual != expected {
            return Err(format!("{field} differs\n  expected: {expected:?}\n  actual:   {actual:?}"));
        }
    }
    let header = |n: &str| out.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.as_str());
    if header("X-Sdk-Date") != Some(out.sdk_date.as_str()) || header("Authorization") != Some(out.authorization.as_str()) {
        return Err(format!("output headers lack X-Sdk-Date or Authorization: {:?}", out.headers.iter().map(|h| h.0.clone()).collect::<Vec<_>>()));
    }
    if header("X-Security-Token") != case.opt("securityToken").map(Json::str) {
        return Err("X-Security-Token missing from (or wrongly in) the output headers".into());
    }
    let unsigned = setting("unsignedPayload").is_some_and(|v| v.bool());
    // The headers to send carry the caller's X-Sdk-Content-Sha256, or UNSIGNED-PAYLOAD when set.
    let given = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("X-Sdk-Content-Sha256")).map(|(_, v)| *v);
    if header("X-Sdk-Content-Sha256") != if unsigned { Some("UNSIGNED-PAYLOAD") } else { given } {
        return Err("X-Sdk-Content-Sha256 must be sent as given, or as UNSIGNED-PAYLOAD when unsignedPayload is set".into());
    }
    if header("Host").is_some() {
        return Err("the output headers must never contain Host".into());
    }
    Ok(())
}


/// A minimal JSON value and parser: enough for the vector file (objects, arrays, strings with
/// escapes, booleans, null, integers). Panics with the byte offset on malformed input.
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    fn parse(text: &str) -> Json {
        let mut p = Parser { s: text.as_bytes(), i: 0 };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.s.len(), "trailing data after JSON at byte {}", p.i);
        v
    }
    fn opt(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => panic!("expected an object when looking up {key:?}"),
        }
    }
    fn get(&self, key: &str) -> &Json {
        self.opt(key).unwrap_or_else(|| panic!("missing field {key:?}"))
    }
    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("expected a string, got {other:?}"),
        }
    }
    fn bool(&self) -> bool {
        match self {
            Json::Bool(b) => *b,
            other => panic!("expected a boolean, got {other:?}"),
        }
    }
    fn array(&self) -> &[Json] {
        match self {
            Json::Arr(a) => a,
            other => panic!("expected an array, got {other:?}"),
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn eat(&mut self, lit: &str) -> bool {
        let hit = self.s[self.i..].starts_with(lit.as_bytes());
        if hit {
            self.i += lit.len();
        }
        hit
    }
    fn expect(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.s.get(self.i), Some(&c), "expected {:?} at byte {}", c as char, self.i);
        self.i += 1;
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if !self.eat("}") {
                    loop {
                        self.ws();
                        let Json::Str(k) = self.value() else { panic!("object key must be a string at byte {}", self.i) };
                        self.expect(b':');
                        m.insert(k, self.value());
                        self.ws();
                        if self.eat("}") {
                            break;
                        }
                        self.expect(b',');
                    }
                }
                Json::Obj(m)
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if !self.eat("]") {
                    loop {
                        a.push(self.value());
                        self.ws();
                        if self.eat("]") {
                            break;
                        }
                        self.expect(b',');
                    }
                }
                Json::Arr(a)
            }
            Some(b'"') => Json::Str(self.string()),
            _ if self.eat("true") => Json::Bool(true),
            _ if self.eat("false") => Json::Bool(false),
            _ if self.eat("null") => Json::Null,
            _ => {
                let start = self.i;
                while self.i < self.s.len() && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                Json::Num(t.parse().unwrap_or_else(|_| panic!("bad JSON value at byte {start}")))
            }
        }
    }
    fn hex4(&mut self) -> u32 {
        let t = std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("\\u escape");
        self.i += 4;
        u32::from_str_radix(t, 16).unwrap_or_else(|_| panic!("bad \\u escape at byte {}", self.i))
    }
    fn string(&mut self) -> String {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i).unwrap_or_else(|| panic!("unterminated string"));
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).expect("strings are UTF-8"),
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let mut cp = self.hex4();
                            if (0xD800..0xDC00).contains(&cp) && self.eat("\\u") {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (self.hex4() - 0xDC00);
                            }
                            char::from_u32(cp).unwrap_or_else(|| panic!("lone surrogate at byte {}", self.i))
                        }
                        _ => panic!("bad escape at byte {}", self.i),
                    };
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }
}

#[test]
fn json_reader_handles_escapes() {
    let v = Json::parse(r#"{"a": ["x\n\"\u00e9\ud83d\ude00", true, null, 12], "b": {}}"#);
    assert_eq!(v.get("a").array()[0].str(), "x\n\"é😀");
    assert!(v.get("a").array()[1].bool());
    assert!(matches!(v.get("a").array()[2], Json::Null));
    assert!(matches!(v.get("a").array()[3], Json::Num(n) if n == 12.0));
    assert_eq!(base64_decode("AAEC/w=="), [0, 1, 2, 255]);
}
