//! The error type shared by every fallible function of the crate.

use alloc::string::String;
use core::fmt;

/// Why an operation failed.
///
/// The kind is private so that variants can be added without a breaking change; callers match on
/// [`Error::code`], a stable string that the JavaScript package also exposes as `error.code`.
/// Messages never contain a secret key or a password.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    InvalidMethod,
    InvalidUrl,
    UrlTooLong,
    InvalidHeader,
    DuplicateHeader,
    HeadersTooLarge,
    InvalidDate,
    InvalidCredentials,
    BodyTooLarge,
    InvalidPayloadHash,
    InvalidArgument,
    InvalidTokenParams,
    InvalidResponse,
}

impl Error {
    #[cold]
    #[inline(never)]
    pub(crate) fn new(kind: ErrorKind, detail: &str) -> Self {
        Error { kind, detail: String::from(detail) }
    }

    /// Stable machine-readable code, e.g. `"ERR_INVALID_URL"`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::InvalidMethod => "ERR_INVALID_METHOD",
            ErrorKind::InvalidUrl => "ERR_INVALID_URL",
            ErrorKind::UrlTooLong => "ERR_URL_TOO_LONG",
            ErrorKind::InvalidHeader => "ERR_INVALID_HEADER",
            ErrorKind::DuplicateHeader => "ERR_DUPLICATE_HEADER",
            ErrorKind::HeadersTooLarge => "ERR_HEADERS_TOO_LARGE",
            ErrorKind::InvalidDate => "ERR_INVALID_DATE",
            ErrorKind::InvalidCredentials => "ERR_INVALID_CREDENTIALS",
            ErrorKind::BodyTooLarge => "ERR_BODY_TOO_LARGE",
            ErrorKind::InvalidPayloadHash => "ERR_INVALID_PAYLOAD_HASH",
            ErrorKind::InvalidArgument => "ERR_INVALID_ARGUMENT",
            ErrorKind::InvalidTokenParams => "ERR_INVALID_TOKEN_PARAMS",
            ErrorKind::InvalidResponse => "ERR_INVALID_RESPONSE",
        }
    }

    /// Human-readable explanation of what is wrong and how to fix it.
    pub fn message(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error").field("code", &self.code()).field("message", &self.detail).finish()
    }
}

impl core::error::Error for Error {}

/// Builds an error from message pieces. Out of line and cold: error paths stay small in wasm.
#[cold]
#[inline(never)]
pub(crate) fn fail(kind: ErrorKind, parts: &[&str]) -> Error {
    Error { kind, detail: cat(parts) }
}

/// Concatenates string pieces without pulling `core::fmt` into the wasm build.
pub(crate) fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal rendering of a `usize` without `core::fmt`.
pub(crate) fn dec(mut n: usize) -> String {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| b as char).collect()
}
