//! The shared IAM vectors (`tests/vectors/token.json`), which `tests/js/token-vectors.test.mjs`
//! replays through the npm package: request URLs, headers and exact body bytes (through the public
//! builders and through the JSON form the wasm export uses), validation errors, and answers parsed
//! into tokens, temporary keys or errors.
#![cfg(feature = "token")]
#![allow(clippy::unwrap_used, missing_docs)]

use hwcloud_signer::token::{
    self, Mfa, ResponseError, SecurityTokenParams, TokenParams, TokenScope, build_security_token_request, build_token_request, parse_security_token_response,
    parse_token_response,
};
use serde_json::{Value, json};

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/token.json")).unwrap()
}

fn opt<'a>(p: &'a Value, k: &str) -> Option<&'a str> {
    p.get(k).and_then(Value::as_str)
}

/// The request as the public API builds it from the JavaScript-shaped parameters.
fn public(f: &str, p: &Value) -> Result<Value, hwcloud_signer::Error> {
    let r = if f == "buildTokenRequest" {
        let mut t = TokenParams::new(opt(p, "domainName").unwrap(), opt(p, "userName").unwrap(), opt(p, "password").unwrap());
        t.region = opt(p, "region");
        t.endpoint = opt(p, "endpoint");
        t.project_name = opt(p, "projectName");
        t.project_id = opt(p, "projectId");
        t.scope = match opt(p, "scope") {
            None | Some("auto") => TokenScope::Auto,
            Some("project") => TokenScope::Project,
            Some("domain") => TokenScope::Domain,
            Some(other) => panic!("scope {other}"),
        };
        t.mfa = p.get("mfa").filter(|m| !m.is_null()).map(|m| Mfa { user_id: opt(m, "userId").unwrap(), passcode: opt(m, "passcode").unwrap() });
        t.nocatalog = p.get("nocatalog").and_then(Value::as_bool).unwrap_or(true);
        build_token_request(&t)?
    } else {
        let mut s = SecurityTokenParams::new(opt(p, "token").unwrap());
        s.region = opt(p, "region");
        s.endpoint = opt(p, "endpoint");
        if let Some(d) = p.get("durationSeconds").and_then(Value::as_i64) {
            s.duration_seconds = u32::try_from(d).unwrap_or(0);
        }
        build_security_token_request(&s)?
    };
    let headers: serde_json::Map<String, Value> = r.headers().into_iter().map(|(n, v)| (n.to_string(), Value::String(v))).collect();
    Ok(json!({ "method": "POST", "url": r.url, "headers": headers, "body": r.body }))
}

/// The request as the wasm export answers (`src/wasm/token.rs`): the same builder behind JSON.
fn exported(f: &str, p: &Value) -> Result<Value, hwcloud_signer::Error> {
    let text = p.to_string();
    let answer = if f == "buildTokenRequest" { token::js::build_token_request(&text)? } else { token::js::build_security_token_request(&text)? };
    Ok(serde_json::from_str(&answer).unwrap())
}

#[test]
fn requests_match_the_vectors_byte_for_byte() {
    let v = vectors();
    let cases = v["requests"].as_array().unwrap();
    assert!(cases.len() >= 60, "{} request vectors", cases.len());
    let mut built = 0;
    for c in cases {
        let (f, p) = (c["fn"].as_str().unwrap(), &c["params"]);
        for (how, got) in [("public API", public(f, p)), ("JSON form", exported(f, p))] {
            match (&c.get("error"), got) {
                (Some(want), Err(e)) => {
                    assert_eq!((e.code(), e.message()), (want["code"].as_str().unwrap(), want["message"].as_str().unwrap()), "{how}: {f}({p})")
                }
                (None, Ok(r)) => {
                    built += 1;
                    assert_eq!(r, json!({ "method": "POST", "url": c["url"], "headers": c["headers"], "body": c["body"] }), "{how}: {f}({p})");
                    // Exact bytes, not only equal JSON.
                    assert_eq!(r["body"].as_str(), c["body"].as_str());
                }
                (want, got) => panic!("{how}: {f}({p}): wanted {want:?}, got {got:?}"),
            }
        }
    }
    assert!(built >= 60, "{built} requests built");
}

fn header<'a>(headers: &'a Value, name: &str) -> Option<&'a str> {
    headers.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.as_str())
}

fn error_json(e: ResponseError) -> Value {
    match e {
        ResponseError::Iam(e) => json!({ "code": "ERR_IAM", "status": e.status, "iamCode": e.code, "iamMessage": e.message, "requestId": e.request_id }),
        ResponseError::Invalid(e) => json!({ "code": e.code(), "message": e.message() }),
        other => panic!("{other:?}"),
    }
}

#[test]
fn responses_parse_as_the_vectors_say() {
    let v = vectors();
    let cases = v["responses"].as_array().unwrap();
    assert!(cases.len() >= 80, "{} response vectors", cases.len());
    let mut bad = Vec::new();
    for c in cases {
        let (f, status, body) = (c["fn"].as_str().unwrap(), u16::try_from(c["status"].as_u64().unwrap()).unwrap(), c["body"].as_str().unwrap());
        let got = if f == "parseTokenResponse" {
            parse_token_response(status, header(&c["headers"], "x-subject-token"), body).map(|t| {
                let mut o = json!({ "token": t.token, "expiresAt": t.expires_at, "issuedAt": t.issued_at });
                for (k, v) in [("projectId", t.project_id), ("domainId", t.domain_id), ("userId", t.user_id)] {
                    if let Some(v) = v {
                        o[k] = Value::String(v);
                    }
                }
                o
            })
        } else {
            parse_security_token_response(status, body).map(|c| json!({ "ak": c.access, "sk": c.secret, "securityToken": c.security_token, "expiresAt": c.expires_at }))
        };
        let got = match got {
            Ok(ok) => json!({ "ok": ok }),
            Err(e) => json!({ "error": error_json(e) }),
        };
        let want = match c.get("ok") {
            Some(ok) => json!({ "ok": ok }),
            None => json!({ "error": c["error"] }),
        };
        if got != want {
            bad.push(format!("{f} {status} {body:?}\n  want {want}\n  got  {got}"));
        }
    }
    assert!(bad.is_empty(), "{} of {} disagree:\n{}", bad.len(), cases.len(), bad.join("\n"));
}
