//! IAM token authentication: the `POST /v3/auth/tokens` and
//! `POST /v3.0/OS-CREDENTIAL/securitytokens` requests, and parsing of their answers.
//!
//! Like the signer, nothing here performs I/O: [`build_token_request`] returns the URL, headers and
//! JSON body for the host's HTTP client, and [`parse_token_response`] reads back what came in
//! (the token travels in the `X-Subject-Token` response header, the times and ids in the body).
//!
//! ```
//! use hwcloud_signer::token::{build_token_request, parse_token_response, TokenParams};
//!
//! let mut params = TokenParams::new("my-account", "my-iam-user", "pa\"ss");
//! params.region = Some("cn-north-4");
//! let req = build_token_request(&params)?;
//! assert_eq!(req.url, "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens?nocatalog=true");
//! assert!(req.body.contains(r#""password":"pa\"ss""#));
//!
//! let body = r#"{"token":{"expires_at":"2020-01-04T09:05:22.701000Z","issued_at":"2020-01-03T09:05:22.701000Z","user":{"id":"u1"}}}"#;
//! let token = parse_token_response(201, Some("MIIEXAMPLE"), body).map_err(|_| ()).unwrap();
//! assert_eq!(token.expires_at, 1_578_128_722_701);
//! assert_eq!(token.user_id.as_deref(), Some("u1"));
//! # Ok::<(), hwcloud_signer::Error>(())
//! ```

use crate::date::parse_iso8601;
use crate::error::{Error, ErrorKind, cat, dec, fail};
use crate::json;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// `Content-Type` of both IAM requests (as IAM's API reference writes it).
pub const CONTENT_TYPE: &str = "application/json;charset=utf8";
/// The global IAM endpoint, used when neither a region nor an endpoint is given.
pub const GLOBAL_IAM_ENDPOINT: &str = "https://iam.myhuaweicloud.com";
/// Path of the token API.
pub const TOKENS_PATH: &str = "/v3/auth/tokens";
/// Path of the temporary access key API.
pub const SECURITY_TOKENS_PATH: &str = "/v3.0/OS-CREDENTIAL/securitytokens";
/// Shortest temporary credential lifetime IAM grants, in seconds (also its default).
pub const MIN_DURATION_SECONDS: u32 = 900;
/// Longest temporary credential lifetime IAM grants, in seconds.
pub const MAX_DURATION_SECONDS: u32 = 86_400;

/// What a token is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenScope {
    /// [`TokenScope::Project`] when a project or a region is given, else [`TokenScope::Domain`].
    #[default]
    Auto,
    /// A project (by id or name; by default the project named after the region). Needed for
    /// regional services.
    Project,
    /// The whole account (`domain`), for global services such as IAM itself.
    Domain,
}

/// Virtual MFA for password login (methods `password` + `totp`).
#[derive(Clone, Copy)]
pub struct Mfa<'a> {
    /// The IAM user's id (not its name).
    pub user_id: &'a str,
    /// The current 6-digit code of the virtual MFA device.
    pub passcode: &'a str,
}

impl fmt::Debug for Mfa<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mfa").field("user_id", &self.user_id).field("passcode", &"** redacted **").finish()
    }
}

/// Password login parameters for [`build_token_request`].
#[derive(Clone)]
#[non_exhaustive]
pub struct TokenParams<'a> {
    /// Region id such as `cn-north-4`: selects `https://iam.{region}.myhuaweicloud.com` and names
    /// the default project.
    pub region: Option<&'a str>,
    /// IAM base URL overriding the region's (a proxy, a test server); trailing `/` are ignored.
    pub endpoint: Option<&'a str>,
    /// The account name (IAM calls it the domain name).
    pub domain_name: &'a str,
    /// The IAM user name.
    pub user_name: &'a str,
    /// The IAM user's password. Never copied into an error.
    pub password: &'a str,
    /// Project scope by name.
    pub project_name: Option<&'a str>,
    /// Project scope by id.
    pub project_id: Option<&'a str>,
    /// Project or domain scope (default: project if a project or region is given, else domain).
    pub scope: TokenScope,
    /// Virtual MFA code, when the user must give one.
    pub mfa: Option<Mfa<'a>>,
    /// Append `?nocatalog=true` (default), which drops the service catalog from the answer.
    pub nocatalog: bool,
}

impl<'a> TokenParams<'a> {
    /// Global endpoint, `nocatalog`, scope [`TokenScope::Auto`] (domain until a region or project is set).
    pub fn new(domain_name: &'a str, user_name: &'a str, password: &'a str) -> Self {
        TokenParams {
            region: None,
            endpoint: None,
            domain_name,
            user_name,
            password,
            project_name: None,
            project_id: None,
            scope: TokenScope::Auto,
            mfa: None,
            nocatalog: true,
        }
    }
}

impl fmt::Debug for TokenParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenParams")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("domain_name", &self.domain_name)
            .field("user_name", &self.user_name)
            .field("password", &"** redacted **")
            .field("project_name", &self.project_name)
            .field("project_id", &self.project_id)
            .field("scope", &self.scope)
            .field("mfa", &self.mfa)
            .field("nocatalog", &self.nocatalog)
            .finish()
    }
}

/// Parameters of the temporary access key request ([`build_security_token_request`]).
#[derive(Clone)]
#[non_exhaustive]
pub struct SecurityTokenParams<'a> {
    /// Region id selecting the IAM endpoint (global when absent).
    pub region: Option<&'a str>,
    /// IAM base URL overriding the region's.
    pub endpoint: Option<&'a str>,
    /// An IAM token (`X-Subject-Token` of a login), sent as `X-Auth-Token`.
    pub token: &'a str,
    /// Lifetime of the keys, 900 (the default) to 86400 seconds.
    pub duration_seconds: u32,
}

impl<'a> SecurityTokenParams<'a> {
    /// Global endpoint, 900 seconds.
    pub fn new(token: &'a str) -> Self {
        SecurityTokenParams { region: None, endpoint: None, token, duration_seconds: MIN_DURATION_SECONDS }
    }
}

impl fmt::Debug for SecurityTokenParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecurityTokenParams")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("token", &"** redacted **")
            .field("duration_seconds", &self.duration_seconds)
            .finish()
    }
}

/// A `POST` request for the host's HTTP client.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IamRequest {
    /// Absolute URL, with its query.
    pub url: String,
    /// The JSON body. For a login it contains the password: do not log it.
    pub body: String,
    /// The `X-Auth-Token` to send (temporary access key requests).
    pub auth_token: Option<String>,
}

impl IamRequest {
    /// Every header to send: `Content-Type`, plus `X-Auth-Token` when there is one.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = alloc::vec![("Content-Type", String::from(CONTENT_TYPE))];
        if let Some(t) = &self.auth_token {
            h.push(("X-Auth-Token", t.clone()));
        }
        h
    }
}

impl fmt::Debug for IamRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamRequest").field("url", &self.url).field("body", &"** redacted **").finish()
    }
}

fn invalid(parts: &[&str]) -> Error {
    fail(ErrorKind::InvalidTokenParams, parts)
}

fn required(value: &str, what: &str) -> Result<(), Error> {
    if value.is_empty() { Err(invalid(&[what, " is required and must not be empty"])) } else { Ok(()) }
}

/// Checks the region and endpoint; returns the endpoint without trailing `/`.
fn check_base<'a>(region: Option<&str>, endpoint: Option<&'a str>) -> Result<Option<&'a str>, Error> {
    if let Some(r) = region {
        let b = r.as_bytes();
        if b.is_empty() || b.len() > 64 || b[0] == b'-' || !b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') {
            return Err(invalid(&["region must be a region id such as cn-north-4"]));
        }
    }
    let Some(e) = endpoint else { return Ok(None) };
    let b = e.as_bytes();
    let mut n = b.len();
    while n > 0 && b[n - 1] == b'/' {
        n -= 1;
    }
    let t = &b[..n];
    let host = if t.len() > 8 && t[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else if t.len() > 7 && t[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else {
        0
    };
    if host == 0 || t[host] == b'/' || t.iter().any(|&c| c <= b' ' || c >= 0x7f || c == b'?' || c == b'#' || c == b'@') {
        return Err(invalid(&["endpoint must be an http(s) base URL such as https://iam.cn-north-4.myhuaweicloud.com (no query, fragment or user info)"]));
    }
    Ok(e.get(..n))
}

/// `endpoint`, else the regional, else the global IAM URL, followed by `path` and `query`.
fn iam_url(region: Option<&str>, endpoint: Option<&str>, path: &str, query: &str) -> String {
    let (a, b, c) = match (endpoint, region) {
        (Some(e), _) => (e, "", ""),
        (None, Some(r)) => ("https://iam.", r, ".myhuaweicloud.com"),
        (None, None) => (GLOBAL_IAM_ENDPOINT, "", ""),
    };
    cat(&[a, b, c, path, query])
}

#[inline(never)]
fn lit(out: &mut String, s: &str) {
    out.push_str(s);
}

/// Builds the password login request (`POST /v3/auth/tokens`).
///
/// # Errors
/// `ERR_INVALID_TOKEN_PARAMS` naming the missing or invalid field (never echoing the password).
pub fn build_token_request(p: &TokenParams<'_>) -> Result<IamRequest, Error> {
    required(p.domain_name, "domainName (the account name)")?;
    required(p.user_name, "userName")?;
    required(p.password, "password")?;
    let endpoint = check_base(p.region, p.endpoint)?;
    let domain = p.scope == TokenScope::Domain
        || (p.scope == TokenScope::Auto && p.project_id.is_none() && p.project_name.is_none() && p.region.is_none());
    let (scope, value) = match domain {
        true => (r#"{"domain":{"name":"#, p.domain_name),
        false => match (p.project_id, p.project_name.or(p.region)) {
            (Some(_), Some(_)) if p.project_name.is_some() => return Err(invalid(&["give either projectId or projectName, not both"])),
            (Some(id), _) => (r#"{"project":{"id":"#, id),
            (None, Some(name)) => (r#"{"project":{"name":"#, name),
            (None, None) => {
                return Err(invalid(&["a project-scoped token needs projectName, projectId or region (whose default project it is); or use scope: 'domain'"]));
            }
        },
    };
    required(value, "projectId / projectName")?;
    let mfa = p.mfa.unwrap_or(Mfa { user_id: "", passcode: "" });
    if p.mfa.is_some() {
        required(mfa.user_id, "mfa.userId")?;
        required(mfa.passcode, "mfa.passcode")?;
    }
    // Sized for the worst case (every character escaped as \u00XX) so that the buffer holding the
    // password is never reallocated, which would leave copies behind in freed memory.
    let len: usize = [p.domain_name, p.user_name, p.password, value, mfa.user_id, mfa.passcode].iter().map(|f| f.len()).sum();
    let mut body = String::with_capacity(200 + 6 * len);
    lit(&mut body, r#"{"auth":{"identity":{"methods":["password""#);
    lit(&mut body, if p.mfa.is_some() { r#","totp"],"password":{"user":{"name":"# } else { r#"],"password":{"user":{"name":"# });
    json::push_str(&mut body, p.user_name);
    lit(&mut body, r#","password":"#);
    json::push_str(&mut body, p.password);
    lit(&mut body, r#","domain":{"name":"#);
    json::push_str(&mut body, p.domain_name);
    lit(&mut body, "}}}");
    if p.mfa.is_some() {
        lit(&mut body, r#","totp":{"user":{"id":"#);
        json::push_str(&mut body, mfa.user_id);
        lit(&mut body, r#","passcode":"#);
        json::push_str(&mut body, mfa.passcode);
        lit(&mut body, "}}");
    }
    lit(&mut body, r#"},"scope":"#);
    lit(&mut body, scope);
    json::push_str(&mut body, value);
    lit(&mut body, "}}}}");
    let url = iam_url(p.region, endpoint, TOKENS_PATH, if p.nocatalog { "?nocatalog=true" } else { "" });
    Ok(IamRequest { url, body, auth_token: None })
}

/// Builds the temporary access key request (`POST /v3.0/OS-CREDENTIAL/securitytokens`, method
/// `token`, authenticated by `X-Auth-Token`).
///
/// # Errors
/// `ERR_INVALID_TOKEN_PARAMS` for a missing token, a token that cannot be a header value, a
/// duration outside 900..=86400 seconds, or a bad region or endpoint.
pub fn build_security_token_request(p: &SecurityTokenParams<'_>) -> Result<IamRequest, Error> {
    required(p.token, "token")?;
    if !p.token.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(invalid(&["token must be printable ASCII (it is sent as X-Auth-Token)"]));
    }
    if !(MIN_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&p.duration_seconds) {
        return Err(invalid(&["durationSeconds must be an integer from 900 (15 minutes) to 86400 (24 hours)"]));
    }
    let endpoint = check_base(p.region, p.endpoint)?;
    Ok(IamRequest {
        url: iam_url(p.region, endpoint, SECURITY_TOKENS_PATH, ""),
        body: cat(&[r#"{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":"#, &dec(p.duration_seconds as usize), "}}}}"]),
        auth_token: Some(String::from(p.token)),
    })
}

/// An IAM error answer: HTTP status plus whatever IAM said, from any of its three body shapes
/// (`{error_code, error_msg}`, `{code, message}`, `{"error": {code, message, title}}`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IamError {
    /// HTTP status.
    pub status: u16,
    /// IAM's or the gateway's code (`IAM.0011`, `APIGW.0301`, `1103`, `401`, ...).
    pub code: Option<String>,
    /// IAM's message (or the keystone `title` when there is no message).
    pub message: Option<String>,
    /// `request_id` from the body, when present (the `X-Request-Id` header is the caller's).
    pub request_id: Option<String>,
}

/// Why a response could not be turned into a token or credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError {
    /// IAM refused (any status other than 201).
    Iam(IamError),
    /// A 201 whose content is unusable (`ERR_INVALID_RESPONSE`).
    Invalid(Error),
}

impl From<Error> for ResponseError {
    fn from(e: Error) -> Self {
        ResponseError::Invalid(e)
    }
}

/// A token and what the login answer says about it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenInfo {
    /// The token (from `X-Subject-Token`), for the `X-Auth-Token` header.
    pub token: String,
    /// `token.expires_at`, epoch milliseconds.
    pub expires_at: i64,
    /// `token.issued_at`, epoch milliseconds, when IAM sent it.
    pub issued_at: Option<i64>,
    /// `token.project.id` (project-scoped tokens).
    pub project_id: Option<String>,
    /// `token.domain.id`, else `token.project.domain.id`, else `token.user.domain.id`.
    pub domain_id: Option<String>,
    /// `token.user.id`.
    pub user_id: Option<String>,
}

impl fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenInfo")
            .field("token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .field("issued_at", &self.issued_at)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// Temporary AK/SK: sign with `access`/`secret` and send `security_token` as `X-Security-Token`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemporaryCredentials {
    /// Access key id.
    pub access: String,
    /// Secret access key.
    pub secret: String,
    /// Security token.
    pub security_token: String,
    /// `credential.expires_at`, epoch milliseconds.
    pub expires_at: i64,
}

impl fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("access", &self.access)
            .field("secret", &"** redacted **")
            .field("security_token", &"** redacted **")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

pub(crate) const NOT_JSON: &str = "the body is not valid JSON";
pub(crate) const CONTROL: &str = "a value contains control characters";

/// Whether `s` contains an ASCII control character.
pub(crate) fn has_control(s: &str) -> bool {
    s.bytes().any(|c| c < 0x20 || c == 0x7f)
}

/// `ERR_INVALID_RESPONSE` with a reason.
pub(crate) fn bad(what: &str) -> Error {
    fail(ErrorKind::InvalidResponse, &["unusable IAM response: ", what])
}

/// The first non-empty value among `v[from..to]`, taken out.
fn first(v: &mut [Option<String>], from: usize, to: usize) -> Option<String> {
    v.get_mut(from..to)?.iter_mut().filter_map(Option::take).find(|s| !s.is_empty())
}

/// Reads IAM's code, message and request id from an error body in any of the three shapes.
/// Never fails: a body that is not JSON (an HTML error page of a proxy, say) gives `None`s.
pub fn parse_iam_error(status: u16, body: &str) -> IamError {
    let mut v = json::extract(body, &["error_code", "code", "error.code", "error_msg", "message", "error.message", "error.title", "error", "request_id"])
        .unwrap_or_default();
    IamError { status, code: first(&mut v, 0, 3), message: first(&mut v, 3, 8), request_id: first(&mut v, 8, 9) }
}

/// Extracts `paths` from a 201 answer (values free of control characters), or says why it is unusable.
fn body_fields(status: u16, body: &str, paths: &[&str]) -> Result<Vec<Option<String>>, ResponseError> {
    if status != 201 {
        return Err(ResponseError::Iam(parse_iam_error(status, body)));
    }
    let v = json::extract(body, paths).map_err(|_| bad(NOT_JSON))?;
    // Values go into headers or are handed on line by line: refuse control characters.
    if v.iter().flatten().any(|s| has_control(s)) {
        return Err(bad(CONTROL).into());
    }
    Ok(v)
}

fn time(v: &mut [Option<String>], i: usize) -> Result<Option<i64>, Error> {
    match v.get_mut(i).and_then(Option::take) {
        Some(s) => parse_iso8601(&s).map(Some),
        None => Ok(None),
    }
}

/// Reads a login answer: the token from the `X-Subject-Token` header (`subject_token`), times and
/// ids from the body.
///
/// # Errors
/// [`ResponseError::Iam`] for any status but 201; [`ResponseError::Invalid`] (`ERR_INVALID_RESPONSE`)
/// for a missing `X-Subject-Token`, a body that is not JSON, or a missing or malformed `expires_at`.
pub fn parse_token_response(status: u16, subject_token: Option<&str>, body: &str) -> Result<TokenInfo, ResponseError> {
    let mut v = body_fields(status, body, &[
        "token.expires_at",
        "token.issued_at",
        "token.project.id",
        "token.domain.id",
        "token.project.domain.id",
        "token.user.domain.id",
        "token.user.id",
    ])?;
    let token = subject_token.unwrap_or_default();
    if token.is_empty() {
        return Err(bad(
            "no X-Subject-Token header. Browsers hide it on cross-origin responses unless IAM lists it in Access-Control-Expose-Headers: call IAM through a proxy that exposes it",
        )
        .into());
    }
    if !token.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(bad("the X-Subject-Token header is not printable ASCII").into());
    }
    let expires_at = time(&mut v, 0)?.ok_or_else(|| bad("no token.expires_at"))?;
    let issued_at = time(&mut v, 1)?;
    let domain_id = first(&mut v, 3, 6);
    Ok(TokenInfo { token: String::from(token), expires_at, issued_at, project_id: first(&mut v, 2, 3), domain_id, user_id: first(&mut v, 6, 7) })
}

/// Reads the temporary access key answer (`{"credential": {access, secret, securitytoken, expires_at}}`).
///
/// # Errors
/// [`ResponseError::Iam`] for any status but 201; [`ResponseError::Invalid`] for a body that is not
/// JSON or lacks one of the four fields, or keys that cannot be used in headers.
pub fn parse_security_token_response(status: u16, body: &str) -> Result<TemporaryCredentials, ResponseError> {
    let mut v = body_fields(status, body, &["credential.expires_at", "credential.access", "credential.securitytoken", "credential.secret"])?;
    let expires_at = time(&mut v, 0)?;
    let mut take = |i| first(&mut v, i, i + 1).filter(|s| s.bytes().all(|c| c.is_ascii_graphic()));
    match (expires_at, take(1), take(2), take(3)) {
        (Some(expires_at), Some(access), Some(security_token), Some(secret)) => Ok(TemporaryCredentials { access, secret, security_token, expires_at }),
        _ => Err(bad("credential.access, .secret, .securitytoken and .expires_at must all be present, without spaces").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn params() -> TokenParams<'static> {
        let mut p = TokenParams::new("acct", "alice", "s3cret");
        p.region = Some("cn-north-4");
        p
    }

    fn code(e: Error) -> &'static str {
        e.code()
    }

    #[test]
    fn project_scope_defaults_to_the_region() {
        let r = build_token_request(&params()).unwrap();
        assert_eq!(r.url, "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens?nocatalog=true");
        assert_eq!(r.headers(), [("Content-Type", "application/json;charset=utf8".to_string())]);
        assert_eq!(
            r.body,
            r#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"s3cret","domain":{"name":"acct"}}}},"scope":{"project":{"name":"cn-north-4"}}}}"#
        );
    }

    #[test]
    fn project_by_id_or_name_domain_scope_and_mfa() {
        let mut p = params();
        p.project_id = Some("0123abc");
        assert!(build_token_request(&p).unwrap().body.ends_with(r#""scope":{"project":{"id":"0123abc"}}}}"#));
        p.project_id = None;
        p.project_name = Some("cn-north-4_sub");
        assert!(build_token_request(&p).unwrap().body.ends_with(r#""scope":{"project":{"name":"cn-north-4_sub"}}}}"#));
        p.scope = TokenScope::Domain;
        p.mfa = Some(Mfa { user_id: "uid1", passcode: "012345" });
        p.nocatalog = false;
        let r = build_token_request(&p).unwrap();
        assert_eq!(r.url, "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens");
        assert_eq!(
            r.body,
            r#"{"auth":{"identity":{"methods":["password","totp"],"password":{"user":{"name":"alice","password":"s3cret","domain":{"name":"acct"}}},"totp":{"user":{"id":"uid1","passcode":"012345"}}},"scope":{"domain":{"name":"acct"}}}}"#
        );
        let mut g = TokenParams::new("acct", "alice", "pw");
        let auto = build_token_request(&g).unwrap();
        assert_eq!(auto.url, "https://iam.myhuaweicloud.com/v3/auth/tokens?nocatalog=true");
        assert!(auto.body.ends_with(r#""scope":{"domain":{"name":"acct"}}}}"#), "no region or project: domain scope");
        g.scope = TokenScope::Domain;
        g.region = Some("cn-north-4");
        assert!(build_token_request(&g).unwrap().body.ends_with(r#""scope":{"domain":{"name":"acct"}}}}"#));
    }

    #[test]
    fn endpoint_overrides_the_url_but_not_the_default_project() {
        let mut p = params();
        p.endpoint = Some("http://127.0.0.1:8080/iam///");
        let r = build_token_request(&p).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:8080/iam/v3/auth/tokens?nocatalog=true");
        assert!(r.body.ends_with(r#"{"project":{"name":"cn-north-4"}}}}"#));
        for bad in ["", "iam.example.com", "ftp://x", "https://", "https:///path", "https://a b", "https://x?q=1", "https://x#f", "https://u:p@x", "https://é.com"] {
            p.endpoint = Some(bad);
            assert_eq!(code(build_token_request(&p).unwrap_err()), "ERR_INVALID_TOKEN_PARAMS", "{bad}");
        }
    }

    #[test]
    fn escapes_every_string_field() {
        let pw = "p\"w\\d\n\t\u{1}é中😀/";
        let mut p = TokenParams::new("a\"cct", "us\\er", pw);
        p.project_name = Some("pro\"j");
        p.mfa = Some(Mfa { user_id: "i\"d", passcode: "1\"2" });
        let r = build_token_request(&p).unwrap();
        assert!(r.body.contains(r#""password":"p\"w\\d\n\t\u0001é中😀/""#), "{}", r.body);
        let got = json::extract(&r.body, &[
            "auth.identity.password.user.password",
            "auth.identity.password.user.name",
            "auth.identity.password.user.domain.name",
            "auth.scope.project.name",
            "auth.identity.totp.user.id",
            "auth.identity.totp.user.passcode",
        ])
        .unwrap();
        let want = [pw, "us\\er", "a\"cct", "pro\"j", "i\"d", "1\"2"].map(|s| Some(s.to_string()));
        assert_eq!(got, want);
    }

    #[test]
    fn missing_or_invalid_fields_name_the_field_but_never_the_password() {
        let pw = "Secret-Pw-123";
        let cases: [(fn(&mut TokenParams<'static>), &str); 11] = [
            (|p| p.domain_name = "", "domainName"),
            (|p| p.user_name = "", "userName"),
            (|p| p.password = "", "password"),
            (|p| { p.region = None; p.scope = TokenScope::Project; }, "projectName, projectId or region"),
            (|p| p.region = Some("CN North"), "region"),
            (|p| p.region = Some("-x"), "region"),
            (|p| { p.project_id = Some("a"); p.project_name = Some("b"); }, "not both"),
            (|p| p.project_id = Some(""), "projectId"),
            (|p| p.project_name = Some(""), "projectName"),
            (|p| p.mfa = Some(Mfa { user_id: "", passcode: "1" }), "mfa.userId"),
            (|p| p.mfa = Some(Mfa { user_id: "u", passcode: "" }), "mfa.passcode"),
        ];
        for (edit, needle) in cases {
            let mut p = TokenParams::new("acct", "alice", pw);
            p.region = Some("cn-north-4");
            edit(&mut p);
            let e = build_token_request(&p).unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_TOKEN_PARAMS");
            assert!(e.message().contains(needle), "{e:?}");
            assert!(!e.message().contains(pw) && !alloc::format!("{e:?}").contains(pw));
        }
        assert!(!alloc::format!("{:?}", params()).contains("s3cret"));
        assert!(!alloc::format!("{:?}", build_token_request(&params()).unwrap()).contains("s3cret"));
    }

    #[test]
    fn security_token_request() {
        let mut p = SecurityTokenParams::new("MIItoken");
        p.region = Some("ap-southeast-1");
        let r = build_security_token_request(&p).unwrap();
        assert_eq!(r.url, "https://iam.ap-southeast-1.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens");
        assert_eq!(r.body, r#"{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":900}}}}"#);
        assert_eq!(r.headers()[1], ("X-Auth-Token", "MIItoken".to_string()));
        p.duration_seconds = 86_400;
        assert!(build_security_token_request(&p).unwrap().body.contains(":86400}"));
        for (d, t) in [(899, "MIItoken"), (86_401, "MIItoken"), (0, "MIItoken"), (900, ""), (900, "a b"), (900, "a\nb")] {
            p.duration_seconds = d;
            p.token = t;
            assert_eq!(build_security_token_request(&p).unwrap_err().code(), "ERR_INVALID_TOKEN_PARAMS");
        }
    }

    const TOKEN_BODY: &str = r#"{"token":{"expires_at":"2020-01-04T09:05:22.701000Z","methods":["password"],"catalog":[],
        "project":{"domain":{"id":"d-proj","name":"acct"},"id":"p-1","name":"cn-north-4"},"roles":[{"id":"r","name":"op"}],
        "user":{"domain":{"id":"d-user","name":"acct"},"id":"u-1","name":"alice","password_expires_at":""},
        "issued_at":"2020-01-03T09:05:22.701000Z"}}"#;

    #[test]
    fn parses_a_token_answer() {
        let t = parse_token_response(201, Some("MIIabc"), TOKEN_BODY).unwrap();
        assert_eq!(t.token, "MIIabc");
        assert_eq!(t.expires_at, 1_578_128_722_701);
        assert_eq!(t.issued_at, Some(1_578_128_722_701 - 86_400_000));
        assert_eq!(t.project_id.as_deref(), Some("p-1"));
        assert_eq!(t.domain_id.as_deref(), Some("d-proj"));
        assert_eq!(t.user_id.as_deref(), Some("u-1"));
        let d = parse_token_response(201, Some("x"), r#"{"token":{"expires_at":"2020-01-04T09:05:22Z","domain":{"id":"dd"},"user":{"domain":{"id":"du"}}}}"#).unwrap();
        assert_eq!((d.domain_id.as_deref(), d.project_id, d.issued_at), (Some("dd"), None, None));
        assert!(!alloc::format!("{t:?}").contains("MIIabc"));
    }

    #[test]
    fn unusable_token_answers_are_invalid_responses() {
        let invalid = |r: Result<TokenInfo, ResponseError>| match r {
            Err(ResponseError::Invalid(e)) => e,
            other => panic!("{other:?}"),
        };
        assert!(invalid(parse_token_response(201, None, TOKEN_BODY)).message().contains("X-Subject-Token"));
        assert!(invalid(parse_token_response(201, Some(""), TOKEN_BODY)).message().contains("X-Subject-Token"));
        assert_eq!(invalid(parse_token_response(201, Some("a b"), TOKEN_BODY)).code(), "ERR_INVALID_RESPONSE");
        for body in ["", "<html>", "{\"token\":{}}", "{\"token\":{\"expires_at\":\"tomorrow\"}}", "{\"token\":{\"expires_at\":\"2020-01-04T09:05:22Z\",\"issued_at\":5}}",
            "{\"token\":{\"expires_at\":\"2020-01-04T09:05:22Z\",\"user\":{\"id\":\"a\\nb\"}}}", &TOKEN_BODY[..TOKEN_BODY.len() - 1]] {
            assert_eq!(invalid(parse_token_response(201, Some("t"), body)).code(), "ERR_INVALID_RESPONSE", "{body}");
        }
    }

    #[test]
    fn reads_all_three_iam_error_shapes() {
        let iam = |status, body| match parse_token_response(status, Some("t"), body) {
            Err(ResponseError::Iam(e)) => e,
            other => panic!("{other:?}"),
        };
        let e = iam(400, r#"{"error_msg":"The request body is invalid.","error_code":"IAM.0011","request_id":"r1"}"#);
        assert_eq!((e.status, e.code.as_deref(), e.message.as_deref(), e.request_id.as_deref()), (400, Some("IAM.0011"), Some("The request body is invalid."), Some("r1")));
        let e = iam(401, r#"{"code":"IAM.0101","message":"The username or password is wrong."}"#);
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("IAM.0101"), Some("The username or password is wrong.")));
        let e = iam(401, r#"{"error":{"message":"Unauthorized.","code":401,"title":"Unauthorized"}}"#);
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("401"), Some("Unauthorized.")));
        let e = iam(403, r#"{"error":{"code":403,"title":"Forbidden"}}"#);
        assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("403"), Some("Forbidden")));
        let e = iam(502, "<html>Bad gateway</html>");
        assert_eq!((e.status, e.code, e.message), (502, None, None));
        // Even a 200 with a valid token body is not a login (IAM answers 201).
        assert_eq!(iam(200, TOKEN_BODY).code, None);
    }

    #[test]
    fn parses_temporary_credentials() {
        let body = r#"{"credential":{"access":"AKTMP","expires_at":"2020-01-08T03:50:07.574000Z","secret":"SKTMP/+=","securitytoken":"gQ9zdGF0aWM="}}"#;
        let c = parse_security_token_response(201, body).unwrap();
        assert_eq!((c.access.as_str(), c.secret.as_str(), c.security_token.as_str()), ("AKTMP", "SKTMP/+=", "gQ9zdGF0aWM="));
        assert_eq!(c.expires_at, 1_578_455_407_574);
        let dbg = alloc::format!("{c:?}");
        assert!(!dbg.contains("SKTMP") && !dbg.contains("gQ9z"));
        for bad in ["{}", r#"{"credential":{"access":"a","secret":"s","securitytoken":"t"}}"#, r#"{"credential":{"access":"a b","secret":"s","securitytoken":"t","expires_at":"2020-01-08T03:50:07Z"}}"#, "["] {
            assert!(matches!(parse_security_token_response(201, bad), Err(ResponseError::Invalid(e)) if e.code() == "ERR_INVALID_RESPONSE"), "{bad}");
        }
        assert!(matches!(parse_security_token_response(401, r#"{"error_code":"IAM.0301","error_msg":"x"}"#), Err(ResponseError::Iam(e)) if e.code.as_deref() == Some("IAM.0301")));
    }
}
