//! IAM token authentication: the `POST /v3/auth/tokens` and
//! `POST /v3.0/OS-CREDENTIAL/securitytokens` requests, and parsing of their answers.
//!
//! Like the signer, nothing here performs I/O: [`build_token_request`] returns the URL, headers and
//! JSON body for the host's HTTP client, and [`parse_token_response`] reads back what came in
//! (the token travels in the `X-Subject-Token` response header, the times and ids in the body).
//! Bodies are written and read with `serde_json` (`alloc` only). The npm package's
//! `buildTokenRequest` is this builder, compiled to WebAssembly; `tests/vectors/token.json` holds
//! the requests and answers that the Rust and JavaScript tests both check.
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
//! let token = parse_token_response(201, Some("MIIEXAMPLE"), body)?;
//! assert_eq!(token.expires_at, 1_578_128_722_701);
//! assert_eq!(token.user_id.as_deref(), Some("u1"));
//!
//! // IAM's refusals are errors too (`ResponseError` implements `core::error::Error`).
//! let refused = parse_token_response(401, None, r#"{"error_code":"IAM.0101","error_msg":"The username or password is wrong."}"#);
//! assert_eq!(refused.unwrap_err().to_string(), "IAM answered HTTP 401 IAM.0101: The username or password is wrong.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::date::parse_iso8601;
use crate::error::{Error, ErrorKind, cat, fail};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

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

// The request bodies, in IAM's key order.

#[derive(Serialize)]
struct LoginBody<'a> {
    auth: LoginAuth<'a>,
}

#[derive(Serialize)]
struct LoginAuth<'a> {
    identity: LoginIdentity<'a>,
    scope: Scope<'a>,
}

#[derive(Serialize)]
struct LoginIdentity<'a> {
    methods: &'a [&'a str],
    password: PasswordMethod<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp: Option<TotpMethod<'a>>,
}

#[derive(Serialize)]
struct PasswordMethod<'a> {
    user: PasswordUser<'a>,
}

#[derive(Serialize)]
struct PasswordUser<'a> {
    name: &'a str,
    password: &'a str,
    domain: Named<'a>,
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct TotpMethod<'a> {
    user: TotpUser<'a>,
}

#[derive(Serialize)]
struct TotpUser<'a> {
    id: &'a str,
    passcode: &'a str,
}

/// `{"domain":{"name":…}}`, `{"project":{"id":…}}` or `{"project":{"name":…}}`.
#[derive(Serialize)]
enum Scope<'a> {
    #[serde(rename = "domain")]
    Domain(Named<'a>),
    #[serde(rename = "project")]
    Project(ProjectRef<'a>),
}

#[derive(Serialize)]
enum ProjectRef<'a> {
    #[serde(rename = "id")]
    Id(&'a str),
    #[serde(rename = "name")]
    Name(&'a str),
}

#[derive(Serialize)]
struct SecurityTokenBody {
    auth: SecurityTokenAuth,
}

#[derive(Serialize)]
struct SecurityTokenAuth {
    identity: SecurityTokenIdentity,
}

#[derive(Serialize)]
struct SecurityTokenIdentity {
    methods: [&'static str; 1],
    token: Duration,
}

#[derive(Serialize)]
struct Duration {
    duration_seconds: u32,
}

/// `value` as JSON text. (serde_json cannot fail on these types: plain strings and integers.)
///
/// The buffer grows while it is written, so freed copies of a part of the body (with the password)
/// can remain in the heap; the returned body holds the password anyway. The npm package's wasm
/// module wipes every buffer of a call when it returns (`src/wasm/arena.rs`).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
    let scope = match domain {
        true => Scope::Domain(Named { name: p.domain_name }),
        false => match (p.project_id, p.project_name.or(p.region)) {
            (Some(_), Some(_)) if p.project_name.is_some() => return Err(invalid(&["give either projectId or projectName, not both"])),
            (Some(id), _) => Scope::Project(ProjectRef::Id(id)),
            (None, Some(name)) => Scope::Project(ProjectRef::Name(name)),
            (None, None) => {
                return Err(invalid(&["a project-scoped token needs projectName, projectId or region (whose default project it is); or use scope: 'domain'"]));
            }
        },
    };
    let value = match &scope {
        Scope::Domain(n) => n.name,
        Scope::Project(ProjectRef::Id(v) | ProjectRef::Name(v)) => v,
    };
    required(value, "projectId / projectName")?;
    if let Some(m) = p.mfa {
        required(m.user_id, "mfa.userId")?;
        required(m.passcode, "mfa.passcode")?;
    }
    let body = LoginBody {
        auth: LoginAuth {
            identity: LoginIdentity {
                methods: if p.mfa.is_some() { &["password", "totp"] } else { &["password"] },
                password: PasswordMethod { user: PasswordUser { name: p.user_name, password: p.password, domain: Named { name: p.domain_name } } },
                totp: p.mfa.map(|m| TotpMethod { user: TotpUser { id: m.user_id, passcode: m.passcode } }),
            },
            scope,
        },
    };
    let url = iam_url(p.region, endpoint, TOKENS_PATH, if p.nocatalog { "?nocatalog=true" } else { "" });
    Ok(IamRequest { url, body: to_json(&body), auth_token: None })
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
    let body = SecurityTokenBody {
        auth: SecurityTokenAuth { identity: SecurityTokenIdentity { methods: ["token"], token: Duration { duration_seconds: p.duration_seconds } } },
    };
    Ok(IamRequest { url: iam_url(p.region, endpoint, SECURITY_TOKENS_PATH, ""), body: to_json(&body), auth_token: Some(String::from(p.token)) })
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
    /// IAM's message (or the keystone `title` when there is no message; or, for a body that is not
    /// a JSON object or array, such as a proxy's error page, its first 200 characters).
    pub message: Option<String>,
    /// `request_id` from the body, when present (the `X-Request-Id` header is the caller's).
    pub request_id: Option<String>,
}

/// `IAM answered HTTP 401 IAM.0101: The username or password is wrong. (request id …)`, the
/// wording of the npm package's `IamError`.
impl fmt::Display for IamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IAM answered HTTP {}", self.status)?;
        if let Some(code) = self.code.as_deref().filter(|&c| c != crate::error::dec(usize::from(self.status))) {
            write!(f, " {code}")?;
        }
        let text = self.message.as_deref().map_or("no error message", |m| m.trim_end_matches('.'));
        write!(f, ": {text}.")?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl core::error::Error for IamError {}

/// Why a response could not be turned into a token or credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError {
    /// IAM refused (any status other than 201).
    Iam(IamError),
    /// A 201 whose content is unusable (`ERR_INVALID_RESPONSE`).
    Invalid(Error),
}

impl ResponseError {
    /// `"ERR_IAM"` for a refusal, else the [`Error::code`] (`"ERR_INVALID_RESPONSE"`): the codes
    /// of the npm package's errors.
    pub fn code(&self) -> &'static str {
        match self {
            ResponseError::Iam(_) => "ERR_IAM",
            ResponseError::Invalid(e) => e.code(),
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Iam(e) => fmt::Display::fmt(e, f),
            ResponseError::Invalid(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl core::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            ResponseError::Iam(e) => Some(e),
            ResponseError::Invalid(e) => Some(e),
        }
    }
}

impl From<Error> for ResponseError {
    fn from(e: Error) -> Self {
        ResponseError::Invalid(e)
    }
}

impl From<IamError> for ResponseError {
    fn from(e: IamError) -> Self {
        ResponseError::Iam(e)
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

// The answers. Every member is read as a raw JSON value first and interpreted afterwards, as the
// JavaScript side reads `JSON.parse`'s result: a member that is not an object where an object is
// expected counts as absent, a scalar is kept as text (a number or `true`/`false` as written), and
// an unpaired UTF-16 surrogate in a string becomes U+FFFD.

/// A member as raw JSON text (absent or `null`: `None`).
type Raw<'a> = Option<&'a RawValue>;

#[derive(Deserialize, Default)]
struct TokenDoc<'a> {
    #[serde(borrow)]
    token: Raw<'a>,
}

#[derive(Deserialize, Default)]
struct TokenBody<'a> {
    #[serde(borrow)]
    expires_at: Raw<'a>,
    #[serde(borrow)]
    issued_at: Raw<'a>,
    #[serde(borrow)]
    project: Raw<'a>,
    #[serde(borrow)]
    domain: Raw<'a>,
    #[serde(borrow)]
    user: Raw<'a>,
}

/// `token.project`, `token.domain`, `token.user` and their `domain`.
#[derive(Deserialize, Default)]
struct Entity<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow)]
    domain: Raw<'a>,
}

#[derive(Deserialize, Default)]
struct CredentialDoc<'a> {
    #[serde(borrow)]
    credential: Raw<'a>,
}

#[derive(Deserialize, Default)]
struct Credential<'a> {
    #[serde(borrow)]
    expires_at: Raw<'a>,
    #[serde(borrow)]
    access: Raw<'a>,
    #[serde(borrow)]
    securitytoken: Raw<'a>,
    #[serde(borrow)]
    secret: Raw<'a>,
}

#[derive(Deserialize, Default)]
struct ErrorDoc<'a> {
    #[serde(borrow)]
    error_code: Raw<'a>,
    #[serde(borrow)]
    code: Raw<'a>,
    #[serde(borrow)]
    error_msg: Raw<'a>,
    #[serde(borrow)]
    message: Raw<'a>,
    #[serde(borrow)]
    error: Raw<'a>,
    #[serde(borrow)]
    request_id: Raw<'a>,
}

/// The keystone shape, `{"error": {code, message, title}}`.
#[derive(Deserialize, Default)]
struct ErrorObject<'a> {
    #[serde(borrow)]
    code: Raw<'a>,
    #[serde(borrow)]
    message: Raw<'a>,
    #[serde(borrow)]
    title: Raw<'a>,
}

const NOT_JSON: &str = "the body is not valid JSON";
const CONTROL: &str = "a value contains control characters";

/// Whether `s` contains an ASCII control character.
fn has_control(s: &str) -> bool {
    s.bytes().any(|c| c < 0x20 || c == 0x7f)
}

/// `ERR_INVALID_RESPONSE` with a reason.
fn bad(what: &str) -> Error {
    fail(ErrorKind::InvalidResponse, &["unusable IAM response: ", what])
}

/// The whole body as one JSON value (whitespace around it allowed), read as `T` when it is an object.
fn document<'a, T: Deserialize<'a> + Default>(body: &'a str) -> Result<T, Error> {
    let raw: &RawValue = serde_json::from_str(body).map_err(|_| bad(NOT_JSON))?;
    object(Some(raw))
}

/// `v` read as `T` when it is a JSON object; `T::default()` (every member absent) otherwise.
/// (Fails only for an object that repeats a member `T` reads: serde refuses duplicate fields.)
fn object<'a, T: Deserialize<'a> + Default>(v: Raw<'a>) -> Result<T, Error> {
    match v {
        Some(r) if r.get().starts_with('{') => serde_json::from_str(r.get()).map_err(|_| bad(NOT_JSON)),
        _ => Ok(T::default()),
    }
}

/// A string's bytes as serde_json decodes them for a byte buffer: UTF-8, except that an unpaired
/// surrogate is encoded on its own (WTF-8).
struct Wtf8;

impl serde::de::Visitor<'_> for Wtf8 {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<String, E> {
        // Each encoded surrogate (ED A0..BF xx) becomes U+FFFD, as JavaScript's
        // `toWellFormed()`; everything else is valid UTF-8.
        let mut out = String::with_capacity(b.len());
        let (mut start, mut i) = (0, 0);
        while i < b.len() {
            if b[i] == 0xed && b.get(i + 1).is_some_and(|&c| c >= 0xa0) {
                out.push_str(&String::from_utf8_lossy(&b[start..i]));
                out.push('\u{fffd}');
                i += 3;
                start = i.min(b.len());
            } else {
                i += 1;
            }
        }
        out.push_str(&String::from_utf8_lossy(&b[start..]));
        Ok(out)
    }
}

/// A scalar member as text: a string decoded, a number or `true`/`false` as written; `None` when
/// absent, `null`, an object or an array.
fn scalar(v: Raw<'_>) -> Option<String> {
    let t = v?.get();
    match t.as_bytes().first() {
        Some(b'"') => serde::Deserializer::deserialize_bytes(&mut serde_json::Deserializer::from_str(t), Wtf8).ok(),
        Some(b'{' | b'[' | b'n') | None => None,
        Some(_) => Some(String::from(t)),
    }
}

/// A scalar that goes into a header or is handed on: control characters are refused.
fn text(v: Raw<'_>) -> Result<Option<String>, Error> {
    match scalar(v) {
        Some(s) if has_control(&s) => Err(bad(CONTROL)),
        s => Ok(s),
    }
}

/// An ISO 8601 time member, as epoch milliseconds.
fn time(v: Raw<'_>) -> Result<Option<i64>, Error> {
    scalar(v).map(|s| parse_iso8601(&s)).transpose()
}

/// The first present, non-empty value.
fn first<const N: usize>(values: [Option<String>; N]) -> Option<String> {
    values.into_iter().flatten().find(|s| !s.is_empty())
}

/// Whitespace as JavaScript's `\s` has it (Unicode White_Space without U+0085, plus U+FEFF).
fn js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// Reads IAM's code, message and request id from an error body in any of the three shapes.
/// Never fails: a body that is not JSON gives `None`s, except that a body that does not even
/// start like a JSON object or array (a proxy's HTML error page, say) becomes the message, its
/// whitespace collapsed, cut at 200 UTF-16 code units. Control characters in the values read
/// from JSON become spaces.
pub fn parse_iam_error(status: u16, body: &str) -> IamError {
    let doc: ErrorDoc<'_> = document(body).unwrap_or_default();
    let keystone: ErrorObject<'_> = object(doc.error).unwrap_or_default();
    let shown = |v: Raw<'_>| scalar(v).map(|s| s.chars().map(|c| if c < ' ' { ' ' } else { c }).collect::<String>());
    let code = first([shown(doc.error_code), shown(doc.code), shown(keystone.code)]);
    let mut message = first([shown(doc.error_msg), shown(doc.message), shown(keystone.message), shown(keystone.title), shown(doc.error)]);
    let request_id = first([shown(doc.request_id)]);
    if message.is_none() && !body.trim_start_matches(js_space).starts_with(['{', '[']) {
        let mut raw = String::new();
        let mut units = 0;
        for word in body.split(js_space).filter(|w| !w.is_empty()) {
            for c in (!raw.is_empty()).then_some(' ').into_iter().chain(word.chars()) {
                units += c.len_utf16();
                if units > 200 {
                    break;
                }
                raw.push(c);
            }
        }
        message = Some(raw).filter(|m| !m.is_empty());
    }
    IamError { status, code, message, request_id }
}

/// Reads a login answer: the token from the `X-Subject-Token` header (`subject_token`), times and
/// ids from the body.
///
/// # Errors
/// [`ResponseError::Iam`] for any status but 201; [`ResponseError::Invalid`] (`ERR_INVALID_RESPONSE`)
/// for a missing `X-Subject-Token`, a body that is not JSON, or a missing or malformed `expires_at`.
pub fn parse_token_response(status: u16, subject_token: Option<&str>, body: &str) -> Result<TokenInfo, ResponseError> {
    if status != 201 {
        return Err(ResponseError::Iam(parse_iam_error(status, body)));
    }
    let doc: TokenDoc<'_> = document(body)?;
    let t: TokenBody<'_> = object(doc.token)?;
    let (project, domain, user): (Entity<'_>, Entity<'_>, Entity<'_>) = (object(t.project)?, object(t.domain)?, object(t.user)?);
    let (project_domain, user_domain): (Entity<'_>, Entity<'_>) = (object(project.domain)?, object(user.domain)?);
    // In the JavaScript side's order: the first unusable value decides the error.
    let expires_at = time(t.expires_at)?;
    let issued_at = time(t.issued_at)?;
    let project_id = text(project.id)?;
    let domain_id = first([text(domain.id)?, text(project_domain.id)?, text(user_domain.id)?]);
    let user_id = text(user.id)?;
    let token = subject_token.unwrap_or_default();
    if token.is_empty() {
        return Err(bad(
            "no X-Subject-Token header. Browsers hide it on cross-origin responses unless IAM lists it in Access-Control-Expose-Headers (it does not): call IAM through a proxy that exposes it",
        )
        .into());
    }
    if !token.bytes().all(|c| c.is_ascii_graphic()) {
        return Err(bad("the X-Subject-Token header is not printable ASCII").into());
    }
    let expires_at = expires_at.ok_or_else(|| bad("no token.expires_at in the body"))?;
    Ok(TokenInfo { token: String::from(token), expires_at, issued_at, project_id: first([project_id]), domain_id, user_id: first([user_id]) })
}

/// Reads the temporary access key answer (`{"credential": {access, secret, securitytoken, expires_at}}`).
///
/// # Errors
/// [`ResponseError::Iam`] for any status but 201; [`ResponseError::Invalid`] for a body that is not
/// JSON or lacks one of the four fields, or keys that cannot be used in headers.
pub fn parse_security_token_response(status: u16, body: &str) -> Result<TemporaryCredentials, ResponseError> {
    if status != 201 {
        return Err(ResponseError::Iam(parse_iam_error(status, body)));
    }
    let doc: CredentialDoc<'_> = document(body)?;
    let c: Credential<'_> = object(doc.credential)?;
    let expires_at = time(c.expires_at)?;
    let usable = |s: Option<String>| s.filter(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_graphic()));
    let (access, security_token, secret) = (usable(text(c.access)?), usable(text(c.securitytoken)?), usable(text(c.secret)?));
    match (expires_at, access, security_token, secret) {
        (Some(expires_at), Some(access), Some(security_token), Some(secret)) => Ok(TemporaryCredentials { access, secret, security_token, expires_at }),
        _ => Err(bad("credential.access, .secret, .securitytoken and .expires_at must all be present, without spaces").into()),
    }
}

/// The builders with JSON in and out, as the npm package's `buildTokenRequest` and
/// `buildSecurityTokenRequest` call them through the wasm module (`src/wasm/token.rs`). Not a
/// public API (compiled for the `wasm` build and, hidden, for the tests with `internals`).
///
/// In: the JavaScript parameter object after its type checks, `JSON.stringify`d (camelCase names,
/// absent fields left out). Out: `{"method":"POST","url":…,"headers":{…},"body":…}`.
#[cfg(any(feature = "internals", feature = "wasm"))]
#[doc(hidden)]
pub mod js {
    use super::{IamRequest, Mfa, SecurityTokenParams, TokenParams, TokenScope, to_json};
    use crate::error::{Error, ErrorKind};
    use alloc::string::String;
    use serde::{Deserialize, Serialize};
    use zeroize::Zeroize;

    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Scope {
        Auto,
        Project,
        Domain,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct MfaParams {
        user_id: String,
        passcode: String,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct LoginParams {
        region: Option<String>,
        endpoint: Option<String>,
        domain_name: String,
        user_name: String,
        password: String,
        project_name: Option<String>,
        project_id: Option<String>,
        scope: Option<Scope>,
        mfa: Option<MfaParams>,
        nocatalog: Option<bool>,
    }

    impl Drop for LoginParams {
        fn drop(&mut self) {
            self.password.zeroize();
            if let Some(m) = &mut self.mfa {
                m.passcode.zeroize();
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct SecurityParams {
        region: Option<String>,
        endpoint: Option<String>,
        token: String,
        /// A JavaScript integer (any size: the range is checked by the builder).
        duration_seconds: Option<f64>,
    }

    impl Drop for SecurityParams {
        fn drop(&mut self) {
            self.token.zeroize();
        }
    }

    #[derive(Serialize)]
    struct Answer<'a> {
        method: &'static str,
        url: &'a str,
        headers: Headers<'a>,
        body: &'a str,
    }

    #[derive(Serialize)]
    struct Headers<'a> {
        #[serde(rename = "Content-Type")]
        content_type: &'static str,
        #[serde(rename = "X-Auth-Token", skip_serializing_if = "Option::is_none")]
        auth_token: Option<&'a str>,
    }

    fn malformed() -> Error {
        Error::new(ErrorKind::InvalidArgument, "malformed token parameters from the JavaScript layer (an internal error)")
    }

    /// The answer for `r`, whose body is then wiped (it holds the password).
    fn answer(mut r: IamRequest) -> String {
        let out = to_json(&Answer {
            method: "POST",
            url: &r.url,
            headers: Headers { content_type: super::CONTENT_TYPE, auth_token: r.auth_token.as_deref() },
            body: &r.body,
        });
        r.body.zeroize();
        if let Some(t) = &mut r.auth_token {
            t.zeroize();
        }
        out
    }

    /// `buildTokenRequest`: login parameters in, the request (or the builder's error) out.
    ///
    /// # Errors
    /// Those of [`super::build_token_request`]; `ERR_INVALID_ARGUMENT` for JSON that is not a
    /// parameter object.
    pub fn build_token_request(params_json: &str) -> Result<String, Error> {
        let p: LoginParams = serde_json::from_str(params_json).map_err(|_| malformed())?;
        let mut t = TokenParams::new(&p.domain_name, &p.user_name, &p.password);
        t.region = p.region.as_deref();
        t.endpoint = p.endpoint.as_deref();
        t.project_name = p.project_name.as_deref();
        t.project_id = p.project_id.as_deref();
        t.scope = match p.scope {
            None | Some(Scope::Auto) => TokenScope::Auto,
            Some(Scope::Project) => TokenScope::Project,
            Some(Scope::Domain) => TokenScope::Domain,
        };
        t.mfa = p.mfa.as_ref().map(|m| Mfa { user_id: &m.user_id, passcode: &m.passcode });
        t.nocatalog = p.nocatalog.unwrap_or(true);
        super::build_token_request(&t).map(answer)
    }

    /// `buildSecurityTokenRequest`: `{token, region?, endpoint?, durationSeconds?}` in, the request
    /// (or the builder's error) out.
    ///
    /// # Errors
    /// Those of [`super::build_security_token_request`]; `ERR_INVALID_ARGUMENT` for JSON that is
    /// not a parameter object.
    pub fn build_security_token_request(params_json: &str) -> Result<String, Error> {
        let p: SecurityParams = serde_json::from_str(params_json).map_err(|_| malformed())?;
        let mut s = SecurityTokenParams::new(&p.token);
        s.region = p.region.as_deref();
        s.endpoint = p.endpoint.as_deref();
        if let Some(d) = p.duration_seconds {
            // Out of range (or not an integer): 0, which the builder refuses with its message.
            // (`as` saturates: what does not convert back exactly was not a u32.)
            let n = d as u32;
            s.duration_seconds = if f64::from(n) == d { n } else { 0 };
        }
        super::build_security_token_request(&s).map(answer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
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
        let pw = "p\"w\\d\n\t\u{1}\u{8}\u{c}\u{7f}é中😀/";
        let mut p = TokenParams::new("a\"cct", "us\\er", pw);
        p.project_name = Some("pro\"j");
        p.mfa = Some(Mfa { user_id: "i\"d", passcode: "1\"2" });
        let r = build_token_request(&p).unwrap();
        // serde_json's escapes: the short forms where JSON has them, \u00XX for other controls.
        assert!(r.body.contains("\"password\":\"p\\\"w\\\\d\\n\\t\\u0001\\b\\f\u{7f}é中😀/\""), "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let at = |path: &str| path.split('.').fold(&v, |v, k| &v[k]).as_str().map(str::to_string);
        let got = [
            "auth.identity.password.user.password",
            "auth.identity.password.user.name",
            "auth.identity.password.user.domain.name",
            "auth.scope.project.name",
            "auth.identity.totp.user.id",
            "auth.identity.totp.user.passcode",
        ]
        .map(at);
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
        // A proxy's page: its text, whitespace collapsed (a JSON-looking body that does not parse: nothing).
        let e = iam(502, "  <html>Bad\n\t gateway</html> ");
        assert_eq!((e.status, e.code, e.message.as_deref()), (502, None, Some("<html>Bad gateway</html>")));
        assert_eq!(iam(502, "{<html>").message, None);
        let long = "x".repeat(300);
        assert_eq!(iam(502, &long).message.map(|m| m.len()), Some(200));
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

    #[test]
    fn errors_display_and_work_with_the_question_mark() {
        fn login(status: u16, body: &str) -> Result<TokenInfo, Box<dyn core::error::Error>> {
            Ok(parse_token_response(status, Some("tok"), body)?)
        }
        let e = login(401, r#"{"error_code":"IAM.0101","error_msg":"The username or password is wrong.","request_id":"r1"}"#).unwrap_err();
        assert_eq!(e.to_string(), "IAM answered HTTP 401 IAM.0101: The username or password is wrong. (request id r1)");
        let iam = e.downcast_ref::<ResponseError>().unwrap();
        assert_eq!(iam.code(), "ERR_IAM");
        assert!(core::error::Error::source(iam).unwrap().downcast_ref::<IamError>().is_some());
        assert_eq!(login(401, r#"{"error":{"code":401,"title":"Unauthorized"}}"#).unwrap_err().to_string(), "IAM answered HTTP 401: Unauthorized.");
        assert_eq!(login(503, "").unwrap_err().to_string(), "IAM answered HTTP 503: no error message.");
        let e = login(201, "{").unwrap_err();
        assert_eq!(e.to_string(), "unusable IAM response: the body is not valid JSON");
        assert_eq!(e.downcast_ref::<ResponseError>().unwrap().code(), "ERR_INVALID_RESPONSE");
        let r = parse_security_token_response(403, r#"{"code":"IAM.0002","message":"Forbidden."}"#).unwrap_err();
        assert_eq!(r.to_string(), "IAM answered HTTP 403 IAM.0002: Forbidden.");
    }

    #[test]
    fn the_json_form_the_wasm_export_uses() {
        let out = js::build_token_request(
            r#"{"domainName":"acct","userName":"alice","password":"p\"w","region":"cn-north-4","mfa":{"userId":"u","passcode":"012345"},"nocatalog":false}"#,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["method"], "POST");
        assert_eq!(v["url"], "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens");
        assert_eq!(v["headers"], serde_json::json!({ "Content-Type": CONTENT_TYPE }));
        let mut p = params();
        p.password = "p\"w";
        p.mfa = Some(Mfa { user_id: "u", passcode: "012345" });
        p.nocatalog = false;
        assert_eq!(v["body"], build_token_request(&p).unwrap().body.as_str());
        let e = js::build_token_request(r#"{"domainName":"acct","userName":"alice","password":"pw","region":"CN 4"}"#).unwrap_err();
        assert_eq!(e.code(), "ERR_INVALID_TOKEN_PARAMS");
        for malformed in [
            "",
            "[]",
            r#"{"userName":"a","password":"p"}"#,
            r#"{"domainName":"a","userName":"b","password":"p","scope":"world"}"#,
            r#"{"domainName":"a","userName":"b","password":"p","extra":1}"#,
        ] {
            assert_eq!(js::build_token_request(malformed).unwrap_err().code(), "ERR_INVALID_ARGUMENT", "{malformed}");
        }
        let out = js::build_security_token_request(r#"{"token":"MIItok","durationSeconds":3600}"#).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["headers"]["X-Auth-Token"], "MIItok");
        assert_eq!(v["body"], r#"{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":3600}}}}"#);
        for d in ["899", "86401", "1e300", "-900", "900.5"] {
            let e = js::build_security_token_request(&alloc::format!(r#"{{"token":"t","durationSeconds":{d}}}"#)).unwrap_err();
            assert!(e.message().starts_with("durationSeconds must be an integer from 900"), "{d}: {e:?}");
        }
    }
}
