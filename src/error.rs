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
    // Only the wasm boundary (malformed input from the JavaScript layer) builds this one.
    #[cfg_attr(not(any(all(target_arch = "wasm32", feature = "wasm"), feature = "algorithms")), allow(dead_code))]
    InvalidArgument,
    #[cfg_attr(not(feature = "token"), allow(dead_code))]
    InvalidTokenParams,
    #[cfg_attr(not(feature = "token"), allow(dead_code))]
    InvalidResponse,
    // The algorithm options (only with the `algorithms` feature).
    #[cfg_attr(not(feature = "algorithms"), allow(dead_code))]
    UnsupportedAlgorithm,
    #[cfg_attr(not(feature = "algorithms"), allow(dead_code))]
    MissingSignOption,
    #[cfg_attr(not(feature = "algorithms"), allow(dead_code))]
    InvalidSignOption,
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
            ErrorKind::UnsupportedAlgorithm => "ERR_UNSUPPORTED_ALGORITHM",
            ErrorKind::MissingSignOption => "ERR_MISSING_SIGN_OPTION",
            ErrorKind::InvalidSignOption => "ERR_INVALID_SIGN_OPTION",
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

#[cfg(feature = "algorithms")]
impl From<crate::algorithm::AlgorithmError> for Error {
    fn from(e: crate::algorithm::AlgorithmError) -> Self {
        let kind = match e.code() {
            "ERR_MISSING_SIGN_OPTION" => ErrorKind::MissingSignOption,
            "ERR_INVALID_SIGN_OPTION" => ErrorKind::InvalidSignOption,
            "ERR_INVALID_DATE" => ErrorKind::InvalidDate,
            "ERR_INVALID_CREDENTIALS" => ErrorKind::InvalidCredentials,
            "ERR_UNSUPPORTED_ALGORITHM" => ErrorKind::UnsupportedAlgorithm,
            _ => ErrorKind::InvalidArgument,
        };
        Error::new(kind, e.message())
    }
}

/// Builds an error from message pieces. Out of line and cold: error paths stay small in wasm.
#[cold]
#[inline(never)]
pub(crate) fn fail(kind: ErrorKind, parts: &[&str]) -> Error {
    Error { kind, detail: cat(parts) }
}

/// `fail(kind, &[before, subject, after])`, with the pieces passed as arguments: each call site
/// is then one plain call instead of a slice assembled on the stack.
#[cold]
#[inline(never)]
pub(crate) fn fail3(kind: ErrorKind, before: &str, subject: &str, after: &str) -> Error {
    fail(kind, &[before, subject, after])
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
pub(crate) fn dec(n: usize) -> String {
    let mut buf = [0u8; 20];
    dec_digits(n, &mut buf).iter().map(|&d| char::from(d)).collect()
}

/// The decimal digits of `n`, written at the end of `buf`.
pub(crate) fn dec_digits(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rendering() {
        for (n, s) in [(0, "0"), (7, "7"), (10, "10"), (12_582_913, "12582913"), (usize::MAX, "18446744073709551615")] {
            assert_eq!(dec(n), s);
        }
    }

    #[test]
    fn messages_are_assembled_from_their_pieces() {
        let e = fail3(ErrorKind::InvalidHeader, "header ", "x-a", " is bad");
        assert_eq!((e.code(), e.message()), ("ERR_INVALID_HEADER", "header x-a is bad"));
        assert_eq!(fail(ErrorKind::InvalidUrl, &["a", "", "b", "c"]).message(), "abc");
    }
}
