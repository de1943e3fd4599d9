//! Invariants of the IAM token helpers (`hwcloud_signer::token`), for the `token` fuzz target.

#![allow(clippy::unwrap_used, missing_docs)]

use hwcloud_signer::date::MAX_EPOCH_MS;
use hwcloud_signer::token::{TokenParams, build_token_request, parse_iam_error, parse_security_token_response, parse_token_response};

/// Reads the JSON string literal starting at `s[0] == '"'`; returns its value and the rest.
fn json_string(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.strip_prefix('"')?.char_indices();
    let rest = s.strip_prefix('"')?;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &rest[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    '"' | '\\' | '/' => out.push(e),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        let mut cp = u32::from_str_radix(&hex, 16).ok()?;
                        if (0xD800..0xDC00).contains(&cp) {
                            // A surrogate pair: \uD83D\uDE00.
                            let (_, a) = chars.next()?;
                            let (_, b) = chars.next()?;
                            if (a, b) != ('\\', 'u') {
                                return None;
                            }
                            let low: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                            let low = u32::from_str_radix(&low, 16).ok()?;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        }
                        out.push(char::from_u32(cp)?);
                    }
                    _ => return None,
                }
            }
            c if (c as u32) < 0x20 => return None, // raw control characters are not valid JSON
            c => out.push(c),
        }
    }
    None
}

/// The values of every `"key":"string"` member named `key` in a JSON text (no full parser: the
/// bodies are flat enough that each key's first string value is the field).
fn string_values(json: &str, key: &str) -> Vec<String> {
    let needle = format!("\"{key}\":");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = json[at..].find(&needle) {
        let start = at + i + needle.len();
        if let Some((v, _)) = json_string(&json[start..]) {
            out.push(v);
        }
        at = start;
    }
    out
}

/// Input lines: status, subject token (empty: none), domain name, user name, password, region,
/// endpoint, project name; an empty line; a response body.
pub fn token(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut f = head.split('\n');
    let mut next = |d: &'static str| f.next().map_or(d.to_string(), str::to_string);
    let status: u16 = next("201").parse().unwrap_or(201);
    let subject = next("MIIEXAMPLETOKEN");
    let (domain, user, password) = (next("account"), next("user"), next("fuzz-token-password-secret"));
    let (region, endpoint, project) = (next(""), next(""), next(""));

    // Responses: never a panic; a success carries the subject token and sane times.
    match parse_token_response(status, (!subject.is_empty()).then_some(subject.as_str()), body) {
        Ok(t) => {
            assert_eq!(t.token, subject);
            if t.token.len() >= 8 && !body.contains(t.token.as_str()) {
                assert!(!format!("{t:?}").contains(&t.token), "TokenInfo Debug shows the token");
            }
            assert!((0..=MAX_EPOCH_MS).contains(&t.expires_at));
            assert!(t.issued_at.is_none_or(|i| (0..=MAX_EPOCH_MS).contains(&i)));
        }
        // Display never panics, and an IAM refusal shows its status.
        Err(e) => assert!(!e.to_string().is_empty() && format!("{e:?}").len() > 2),
    }
    if let Ok(c) = parse_security_token_response(status, body) {
        assert!((0..=MAX_EPOCH_MS).contains(&c.expires_at));
        let shown = format!("{c:?}");
        for secret in [&c.secret, &c.security_token] {
            // (Only a secret that cannot match other shown text by accident.)
            if secret.len() >= 8 && !c.access.contains(secret.as_str()) {
                assert!(!shown.contains(secret.as_str()), "TemporaryCredentials Debug shows a secret");
            }
        }
    }
    assert!(parse_iam_error(status, body).to_string().starts_with(&format!("IAM answered HTTP {status}")));

    // Requests: the JSON body carries each name and the password exactly (escaping round trip);
    // an error never carries the password.
    let mut p = TokenParams::new(&domain, &user, &password);
    if !region.is_empty() {
        p.region = Some(&region);
    }
    if !endpoint.is_empty() {
        p.endpoint = Some(&endpoint);
    }
    if !project.is_empty() {
        p.project_name = Some(&project);
    }
    let distinct = password.len() >= 12 && ![&domain, &user, &region, &endpoint, &project].iter().any(|o| o.contains(password.as_str()));
    match build_token_request(&p) {
        Ok(req) => {
            assert!(req.url.starts_with("https://") || req.url.starts_with("http://"), "{}", req.url);
            assert!(string_values(&req.body, "password").contains(&password), "password not carried exactly: {:?}", req.body);
            assert!(string_values(&req.body, "name").contains(&user));
            assert!(string_values(&req.body, "name").contains(&domain));
            if distinct {
                assert!(!format!("{req:?}").contains(&password), "IamRequest Debug shows the password");
            }
        }
        Err(e) => {
            // A password that is a piece of the message's own wording (e.g. "t be a regio" in
            // "must be a region") is no leak: it also shows with any other password in its place.
            let marker = "\u{1}".repeat(password.chars().count());
            let mut q = TokenParams::new(&domain, &user, &marker);
            (q.region, q.endpoint, q.project_name) = (p.region, p.endpoint, p.project_name);
            let wording = build_token_request(&q).err().is_some_and(|w| w.message().contains(&password));
            if distinct && !wording {
                assert!(!e.message().contains(&password) && !format!("{e:?}").contains(&password), "the password leaked into an error");
            }
        }
    }
}
