//! The five AK/SK signing algorithms of Huawei Cloud's official SDKs, from the string to sign on.
//!
//! Every algorithm signs the same canonical request (method, URI, query, headers, signed headers,
//! payload hash); they differ in the hash function, the payload-hash header, the string to sign
//! and the signature:
//!
//! ```text
//! SDK-HMAC-SHA256        hash SHA-256  X-Sdk-Content-Sha256  HMAC-SHA256(key = SK)
//! V11-HMAC-SHA256        hash SHA-256  X-Sdk-Content-Sha256  HMAC-SHA256(key = hex(HKDF-SHA256(SK, salt = AK, info = scope)))
//! SDK-HMAC-SM3           hash SM3      X-Sdk-Content-Sm3     HMAC-SM3(key = SK)
//! SDK-ECDSA-P256-SHA256  hash SHA-256  X-Sdk-Content-Sha256  ECDSA P-256 over SHA-256, key derived from AK/SK  (feature `ecc`)
//! SDK-SM2-SM3            hash SM3      X-Sdk-Content-Sm3     SM2 with ZA(id 1234567812345678), key derived from AK/SK  (feature `ecc`)
//!
//! StringToSign = ALG \n X-Sdk-Date \n hex(hash(CanonicalRequest))
//! V11:           ALG \n X-Sdk-Date \n YYYYMMDD/region/service \n hex(SHA-256(CanonicalRequest))
//! ```
//!
//! The HMAC signatures are 64 lowercase hex digits; the ECDSA and SM2 signatures are the lowercase
//! hex of the ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`, signed with RFC 6979 deterministic
//! nonces (SM3-based for SM2). The elliptic-curve private key is derived from the AK/SK pair as the
//! official SDKs do it (counter-mode HMAC, NIST SP 800-108 style), so the AK/SK pair is the only
//! secret; a verifier that knows the SK derives the public key the same way.
//!
//! Secrets (the SK, the V11 derived key, the elliptic-curve private key) are zeroized after use, and
//! HMAC signatures are compared in constant time.
//!
//! Without the `ecc` cargo feature the two elliptic-curve algorithms are still named and described
//! here (headers, hashes, string to sign), but [`sign_string_to_sign`] refuses them with
//! [`AlgorithmError::EccUnavailable`] and [`verify_signature`] answers `false`.

use alloc::string::String;
use crate::signer::hmac_with;
use hmac::Hmac;
use sha2::{Digest, Sha256};
use sm3::Sm3;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// The header that carries the signing time, and the date in the string to sign.
const X_SDK_DATE_LEN: usize = 16;

/// A signing algorithm of the official SDKs, named as in the `Authorization` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `SDK-HMAC-SHA256`: HMAC-SHA256 keyed with the SK (the default).
    #[default]
    SdkHmacSha256,
    /// `V11-HMAC-SHA256`: HMAC-SHA256 keyed with a key derived from the SK for one day, region and service.
    V11HmacSha256,
    /// `SDK-HMAC-SM3`: HMAC-SM3 keyed with the SK; SM3 hashes.
    SdkHmacSm3,
    /// `SDK-ECDSA-P256-SHA256`: ECDSA on P-256 with a private key derived from the AK/SK.
    SdkEcdsaP256Sha256,
    /// `SDK-SM2-SM3`: SM2 signatures with a private key derived from the AK/SK; SM3 hashes.
    SdkSm2Sm3,
}

/// The hash function of an algorithm: of the body (payload hash), of the canonical request, and
/// inside its HMAC or signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashFunction {
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SM3 (GB/T 32905-2016).
    Sm3,
}

/// Why an algorithm step refused its input. No variant carries a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgorithmError {
    /// V11-HMAC-SHA256 without a region.
    MissingRegion,
    /// V11-HMAC-SHA256 without a derived auth service name.
    MissingService,
    /// A region that cannot go into the credential scope (it contains `/`, `,`, a space or a non-printable character).
    InvalidRegion,
    /// A service name that cannot go into the credential scope (same rule as the region).
    InvalidService,
    /// An `X-Sdk-Date` that is not `YYYYMMDDTHHMMSSZ`.
    InvalidSdkDate,
    /// A credential scope given to an algorithm other than V11-HMAC-SHA256, none given to V11, or
    /// one whose date is not the date of `X-Sdk-Date`.
    ScopeMismatch,
    /// A canonical request hash that is not 64 lowercase hex digits.
    InvalidCanonicalRequestHash,
    /// An empty access key id or secret access key.
    EmptyCredentials,
    /// An elliptic-curve algorithm in a build without the `ecc` feature.
    EccUnavailable,
    /// No private key in range after 256 counter values (probability about 2^-8000; an SDK fails too).
    KeyDerivationFailed,
}

impl AlgorithmError {
    /// Stable machine-readable code.
    pub fn code(self) -> &'static str {
        match self {
            AlgorithmError::MissingRegion | AlgorithmError::MissingService => "ERR_MISSING_SIGN_OPTION",
            AlgorithmError::InvalidRegion | AlgorithmError::InvalidService => "ERR_INVALID_SIGN_OPTION",
            AlgorithmError::InvalidSdkDate => "ERR_INVALID_DATE",
            AlgorithmError::ScopeMismatch | AlgorithmError::InvalidCanonicalRequestHash => "ERR_INVALID_ARGUMENT",
            AlgorithmError::EmptyCredentials | AlgorithmError::KeyDerivationFailed => "ERR_INVALID_CREDENTIALS",
            AlgorithmError::EccUnavailable => "ERR_UNSUPPORTED_ALGORITHM",
        }
    }

    /// What is wrong and what to do.
    pub fn message(self) -> &'static str {
        match self {
            AlgorithmError::MissingRegion => "V11-HMAC-SHA256 needs the region id (options.region), e.g. 'cn-north-4', or 'globe' for global services",
            AlgorithmError::MissingService => "V11-HMAC-SHA256 needs the derived auth service name (options.service), e.g. 'iotdm' for IoTDA",
            AlgorithmError::InvalidRegion => "the region must be printable ASCII without '/', ',' or spaces, e.g. 'cn-north-4'",
            AlgorithmError::InvalidService => "the service must be printable ASCII without '/', ',' or spaces, e.g. 'iotdm'",
            AlgorithmError::InvalidSdkDate => "X-Sdk-Date must be the UTC time as YYYYMMDDTHHMMSSZ, e.g. 20191115T033655Z",
            AlgorithmError::ScopeMismatch => "a credential scope (YYYYMMDD/region/service, with the date of X-Sdk-Date) goes with V11-HMAC-SHA256 and only with it",
            AlgorithmError::InvalidCanonicalRequestHash => "the canonical request hash must be 64 lowercase hex digits",
            AlgorithmError::EmptyCredentials => "the access key id (ak) and the secret access key (sk) must not be empty",
            AlgorithmError::EccUnavailable => "SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3 need the elliptic-curve module; this build has none (cargo feature `ecc`)",
            AlgorithmError::KeyDerivationFailed => "no elliptic-curve private key can be derived from this AK/SK pair; use another key pair",
        }
    }
}

impl core::fmt::Display for AlgorithmError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for AlgorithmError {}

impl Algorithm {
    /// All five, the default first.
    pub const ALL: [Algorithm; 5] =
        [Algorithm::SdkHmacSha256, Algorithm::V11HmacSha256, Algorithm::SdkHmacSm3, Algorithm::SdkEcdsaP256Sha256, Algorithm::SdkSm2Sm3];

    /// The name that starts the string to sign and the `Authorization` value.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::SdkHmacSha256 => "SDK-HMAC-SHA256",
            Algorithm::V11HmacSha256 => "V11-HMAC-SHA256",
            Algorithm::SdkHmacSm3 => "SDK-HMAC-SM3",
            Algorithm::SdkEcdsaP256Sha256 => "SDK-ECDSA-P256-SHA256",
            Algorithm::SdkSm2Sm3 => "SDK-SM2-SM3",
        }
    }

    /// The algorithm with exactly this name (case-sensitive, as the gateway compares it).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The hash of the body, of the canonical request and of the string to sign.
    pub const fn hash_function(self) -> HashFunction {
        match self {
            Algorithm::SdkHmacSm3 | Algorithm::SdkSm2Sm3 => HashFunction::Sm3,
            _ => HashFunction::Sha256,
        }
    }

    /// The header whose value, when present, replaces the body hash in the canonical request
    /// (`UNSIGNED-PAYLOAD` or a precomputed hash): `X-Sdk-Content-Sha256` or `X-Sdk-Content-Sm3`.
    pub const fn content_hash_header(self) -> &'static str {
        match self.hash_function() {
            HashFunction::Sha256 => "X-Sdk-Content-Sha256",
            HashFunction::Sm3 => "X-Sdk-Content-Sm3",
        }
    }

    /// Lowercase hex hash of the empty body.
    pub const fn empty_payload_hash(self) -> &'static str {
        self.hash_function().empty_hash_hex()
    }

    /// Whether the signature is an elliptic-curve one (needs the `ecc` feature).
    pub const fn is_elliptic_curve(self) -> bool {
        matches!(self, Algorithm::SdkEcdsaP256Sha256 | Algorithm::SdkSm2Sm3)
    }

    /// Whether the algorithm takes a credential scope (`YYYYMMDD/region/service`): V11 only.
    pub const fn uses_credential_scope(self) -> bool {
        matches!(self, Algorithm::V11HmacSha256)
    }
}

impl HashFunction {
    /// Lowercase hex hash of the empty string.
    pub const fn empty_hash_hex(self) -> &'static str {
        match self {
            HashFunction::Sha256 => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            HashFunction::Sm3 => "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
        }
    }

    /// A streaming hasher (for a body that arrives in parts).
    pub fn hasher(self) -> Hasher {
        match self {
            HashFunction::Sha256 => Hasher(HasherInner::Sha256(Sha256::new())),
            HashFunction::Sm3 => Hasher(HasherInner::Sm3(Sm3::new())),
        }
    }

    /// The hash of `data`.
    pub fn digest(self, data: &[u8]) -> [u8; 32] {
        let mut h = self.hasher();
        h.update(data);
        h.finalize()
    }

    /// The lowercase hex hash of `data`, as ASCII bytes.
    pub fn hex_digest(self, data: &[u8]) -> [u8; 64] {
        hex32(&self.digest(data))
    }

    /// HMAC (RFC 2104) over this hash.
    pub fn hmac(self, key: &[u8], msg: &[u8]) -> [u8; 32] {
        match self {
            HashFunction::Sha256 => hmac_with::<Hmac<Sha256>>(key, [msg]),
            HashFunction::Sm3 => hmac_with::<Hmac<Sm3>>(key, [msg]),
        }
    }
}

/// A streaming SHA-256 or SM3 hash; see [`HashFunction::hasher`].
#[derive(Clone, Debug)]
pub struct Hasher(HasherInner);

#[derive(Clone, Debug)]
enum HasherInner {
    Sha256(Sha256),
    Sm3(Sm3),
}

impl Hasher {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            HasherInner::Sha256(h) => h.update(data),
            HasherInner::Sm3(h) => h.update(data),
        }
    }

    /// The hash of everything added.
    pub fn finalize(self) -> [u8; 32] {
        match self.0 {
            HasherInner::Sha256(h) => h.finalize().into(),
            HasherInner::Sm3(h) => h.finalize().into(),
        }
    }
}

/// Lowercase hex of 32 bytes, as ASCII.
fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    // The output is exactly twice the input: never fails.
    let _ = hex::encode_to_slice(bytes, &mut out);
    out
}

fn ascii_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn is_lower_hex(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks `YYYYMMDDTHHMMSSZ` (the shape only; the signer's date module checks the calendar).
fn check_sdk_date(sdk_date: &str) -> Result<(), AlgorithmError> {
    let b = sdk_date.as_bytes();
    let shape_ok = b.len() == X_SDK_DATE_LEN
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 => c == b'T',
            15 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if shape_ok { Ok(()) } else { Err(AlgorithmError::InvalidSdkDate) }
}

fn is_scope_part(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_graphic() && b != b'/' && b != b',')
}

/// The V11 credential scope `YYYYMMDD/region/service` (the HKDF info, the third line of the string
/// to sign, and what follows `Credential=<AK>/` in `Authorization`).
///
/// # Errors
/// [`AlgorithmError::InvalidSdkDate`], [`AlgorithmError::MissingRegion`],
/// [`AlgorithmError::MissingService`], [`AlgorithmError::InvalidRegion`] or
/// [`AlgorithmError::InvalidService`].
pub fn credential_scope(sdk_date: &str, region: &str, service: &str) -> Result<String, AlgorithmError> {
    check_sdk_date(sdk_date)?;
    if region.is_empty() {
        return Err(AlgorithmError::MissingRegion);
    }
    if service.is_empty() {
        return Err(AlgorithmError::MissingService);
    }
    if !is_scope_part(region) {
        return Err(AlgorithmError::InvalidRegion);
    }
    if !is_scope_part(service) {
        return Err(AlgorithmError::InvalidService);
    }
    let mut s = String::with_capacity(10 + region.len() + service.len());
    s.push_str(sdk_date.get(..8).unwrap_or_default());
    s.push('/');
    s.push_str(region);
    s.push('/');
    s.push_str(service);
    Ok(s)
}

/// Checks that a scope is given exactly to V11, and that it is `<date of X-Sdk-Date>/region/service`.
fn check_scope(algorithm: Algorithm, sdk_date: &str, scope: Option<&str>) -> Result<(), AlgorithmError> {
    match (algorithm.uses_credential_scope(), scope) {
        (false, None) => Ok(()),
        (true, Some(scope)) => {
            let mut parts = scope.split('/');
            let (Some(date), Some(region), Some(service), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                return Err(AlgorithmError::ScopeMismatch);
            };
            if sdk_date.get(..8) != Some(date) {
                return Err(AlgorithmError::ScopeMismatch);
            }
            credential_scope(sdk_date, region, service).map(|_| ())
        }
        _ => Err(AlgorithmError::ScopeMismatch),
    }
}

/// The string to sign, from the lowercase hex hash of the canonical request (computed with
/// [`Algorithm::hash_function`]).
///
/// `scope` is the [`credential_scope`] for V11-HMAC-SHA256 and `None` for the others.
///
/// # Errors
/// [`AlgorithmError::InvalidSdkDate`], [`AlgorithmError::ScopeMismatch`] (or a scope part error),
/// [`AlgorithmError::InvalidCanonicalRequestHash`].
pub fn string_to_sign_from_hash(algorithm: Algorithm, sdk_date: &str, scope: Option<&str>, canonical_request_hash: &str) -> Result<String, AlgorithmError> {
    check_sdk_date(sdk_date)?;
    check_scope(algorithm, sdk_date, scope)?;
    if canonical_request_hash.len() != 64 || !is_lower_hex(canonical_request_hash.as_bytes()) {
        return Err(AlgorithmError::InvalidCanonicalRequestHash);
    }
    let scope = scope.unwrap_or_default();
    let mut s = String::with_capacity(algorithm.name().len() + X_SDK_DATE_LEN + scope.len() + 67);
    s.push_str(algorithm.name());
    s.push('\n');
    s.push_str(sdk_date);
    s.push('\n');
    if !scope.is_empty() {
        s.push_str(scope);
        s.push('\n');
    }
    s.push_str(canonical_request_hash);
    Ok(s)
}

/// The string to sign of a canonical request (hashed here with [`Algorithm::hash_function`]).
///
/// # Errors
/// As [`string_to_sign_from_hash`].
pub fn string_to_sign(algorithm: Algorithm, sdk_date: &str, scope: Option<&str>, canonical_request: &[u8]) -> Result<String, AlgorithmError> {
    let hash = algorithm.hash_function().hex_digest(canonical_request);
    string_to_sign_from_hash(algorithm, sdk_date, scope, &ascii_string(&hash))
}

/// The V11 HMAC key: the 64 lowercase hex ASCII characters of
/// HKDF-SHA256(IKM = SK, salt = AK, info = scope, L = 32) — the hex text, not the 32 bytes, is the key.
pub fn v11_signing_key(access_key_id: &str, secret_access_key: &[u8], scope: &str) -> Zeroizing<[u8; 64]> {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(access_key_id.as_bytes()), secret_access_key);
    let mut okm = Zeroizing::new([0u8; 32]);
    // 32 bytes is one HMAC block of output, far below HKDF's 255-block limit: never fails.
    let _ = hk.expand(scope.as_bytes(), &mut okm[..]);
    Zeroizing::new(hex32(&okm))
}

/// The `Authorization` header value:
/// `<ALG> Access=<AK>, SignedHeaders=<…>, Signature=<…>`, or for V11
/// `V11-HMAC-SHA256 Credential=<AK>/<scope>, SignedHeaders=<…>, Signature=<…>`.
///
/// # Errors
/// [`AlgorithmError::ScopeMismatch`] when a scope is given to another algorithm than V11 or none to V11.
pub fn authorization(algorithm: Algorithm, access_key_id: &str, scope: Option<&str>, signed_headers: &str, signature: &str) -> Result<String, AlgorithmError> {
    if algorithm.uses_credential_scope() != scope.is_some() {
        return Err(AlgorithmError::ScopeMismatch);
    }
    let mut s = String::with_capacity(64 + access_key_id.len() + signed_headers.len() + signature.len() + scope.map_or(0, str::len));
    s.push_str(algorithm.name());
    match scope {
        Some(scope) => {
            s.push_str(" Credential=");
            s.push_str(access_key_id);
            s.push('/');
            s.push_str(scope);
        }
        None => {
            s.push_str(" Access=");
            s.push_str(access_key_id);
        }
    }
    s.push_str(", SignedHeaders=");
    s.push_str(signed_headers);
    s.push_str(", Signature=");
    s.push_str(signature);
    Ok(s)
}

/// The HMAC tag of the HMAC algorithms as lowercase hex ASCII; `None` for the elliptic-curve ones.
fn hmac_signature(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8], scope: Option<&str>, string_to_sign: &[u8]) -> Option<[u8; 64]> {
    let mut tag = match algorithm {
        Algorithm::SdkHmacSha256 => HashFunction::Sha256.hmac(secret_access_key, string_to_sign),
        Algorithm::SdkHmacSm3 => HashFunction::Sm3.hmac(secret_access_key, string_to_sign),
        Algorithm::V11HmacSha256 => {
            let key = v11_signing_key(access_key_id, secret_access_key, scope.unwrap_or_default());
            HashFunction::Sha256.hmac(&key[..], string_to_sign)
        }
        Algorithm::SdkEcdsaP256Sha256 | Algorithm::SdkSm2Sm3 => return None,
    };
    let out = hex32(&tag);
    tag.zeroize();
    Some(out)
}

/// Signs a string to sign: lowercase hex of the HMAC tag, or of the DER-encoded ECDSA/SM2 signature
/// (RFC 6979 deterministic: the same inputs give the same signature).
///
/// `scope` is the V11 [`credential_scope`] (`None` for the other algorithms); for V11 it must be the
/// scope the string to sign contains.
///
/// # Errors
/// [`AlgorithmError::EmptyCredentials`], [`AlgorithmError::ScopeMismatch`] (V11 without a scope or
/// another algorithm with one), [`AlgorithmError::EccUnavailable`] (an elliptic-curve algorithm
/// without the `ecc` feature), [`AlgorithmError::KeyDerivationFailed`].
pub fn sign_string_to_sign(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8], scope: Option<&str>, string_to_sign: &[u8]) -> Result<String, AlgorithmError> {
    if access_key_id.is_empty() || secret_access_key.is_empty() {
        return Err(AlgorithmError::EmptyCredentials);
    }
    if algorithm.uses_credential_scope() != scope.is_some() {
        return Err(AlgorithmError::ScopeMismatch);
    }
    if let Some(hex) = hmac_signature(algorithm, access_key_id, secret_access_key, scope, string_to_sign) {
        return Ok(ascii_string(&hex));
    }
    #[cfg(feature = "ecc")]
    {
        let der = ecc::sign(algorithm, access_key_id, secret_access_key, string_to_sign)?;
        let mut hex = [0u8; 2 * ecc::MAX_DER_LEN];
        let n = 2 * der.len();
        let _ = hex::encode_to_slice(&der[..], &mut hex[..n]);
        Ok(ascii_string(&hex[..n]))
    }
    #[cfg(not(feature = "ecc"))]
    Err(AlgorithmError::EccUnavailable)
}

/// Checks a signature as the API gateway does, given the string to sign recomputed from the
/// received request and the SK looked up for the AK.
///
/// HMAC algorithms: recomputes the lowercase hex tag and compares it in constant time.
/// ECDSA/SM2: derives the public key from the AK/SK and verifies the hex DER signature (a strict
/// DER `SEQUENCE { INTEGER r, INTEGER s }`, lowercase hex; randomized signatures of the official
/// SDKs verify too). Without the `ecc` feature an elliptic-curve signature is never valid.
///
/// Never panics; `false` for any malformed input (empty AK/SK, scope mismatch, bad hex or DER).
pub fn verify_signature(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8], scope: Option<&str>, string_to_sign: &[u8], signature_hex: &str) -> bool {
    if access_key_id.is_empty() || secret_access_key.is_empty() || algorithm.uses_credential_scope() != scope.is_some() {
        return false;
    }
    if let Some(expected) = hmac_signature(algorithm, access_key_id, secret_access_key, scope, string_to_sign) {
        // The length is public (64 for every HMAC algorithm); the content is compared in constant time.
        return signature_hex.len() == expected.len() && bool::from(expected.ct_eq(signature_hex.as_bytes()));
    }
    #[cfg(feature = "ecc")]
    {
        ecc::verify(algorithm, access_key_id, secret_access_key, string_to_sign, signature_hex)
    }
    #[cfg(not(feature = "ecc"))]
    false
}

#[cfg(feature = "ecc")]
pub use ecc::{derive_private_key, public_key};

#[cfg(feature = "ecc")]
mod ecc {
    //! SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3: key derivation, DER signatures.

    use super::{Algorithm, AlgorithmError, HashFunction, is_lower_hex};
    use hmac::digest::array::Array;
    use p256::ecdsa::signature::{Signer as _, Verifier as _};
    use p256::elliptic_curve::point::AffineCoordinates;
    use subtle::{Choice, ConditionallySelectable};
    use zeroize::{Zeroize, Zeroizing};

    /// The distinguishing identifier of SM2's ZA that every official SDK uses (the GM/T default).
    const SM2_USER_ID: &str = "1234567812345678";

    /// n − 2 of P-256, big-endian: a candidate c is accepted when c ≤ n − 2, and the key is c + 1.
    const P256_N_MINUS_2: [u8; 32] = hex_literal(b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63254f");
    /// n − 2 of SM2 (sm2p256v1), big-endian.
    const SM2_N_MINUS_2: [u8; 32] = hex_literal(b"fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54121");

    /// Longest DER signature: SEQUENCE header (2) + two INTEGERs of up to 33 bytes with 2-byte headers.
    pub(super) const MAX_DER_LEN: usize = 2 + 2 * (2 + 33);

    const fn hex_literal(s: &[u8; 64]) -> [u8; 32] {
        const fn nibble(c: u8) -> u8 {
            match c {
                b'0'..=b'9' => c - b'0',
                _ => c - b'a' + 10,
            }
        }
        let mut out = [0u8; 32];
        let mut i = 0;
        while i < 32 {
            out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
            i += 1;
        }
        out
    }

    /// Constant-time `c ≤ bound` for 32-byte big-endian numbers.
    fn ct_le(c: &[u8; 32], bound: &[u8; 32]) -> Choice {
        // bound − c borrows iff c > bound.
        let mut borrow: u16 = 0;
        for i in (0..32).rev() {
            let d = u16::from(bound[i]).wrapping_sub(u16::from(c[i])).wrapping_sub(borrow);
            borrow = (d >> 8) & 1;
        }
        Choice::from((borrow ^ 1) as u8)
    }

    /// c + 1 for c < 2^256 − 1 (c ≤ n − 2 here), 32-byte big-endian, without branches.
    fn plus_one(c: &mut [u8; 32]) {
        let mut carry: u16 = 1;
        for b in c.iter_mut().rev() {
            let v = u16::from(*b) + carry;
            *b = v as u8;
            carry = v >> 8;
        }
    }

    /// The private key the official SDKs derive from an AK/SK pair for an elliptic-curve algorithm
    /// (GO `derivePrivateInt`, PY `_derive_key`): for counter = 0, 1, …:
    /// `c = HMAC(key = SK, 00000001 ‖ ALG ‖ 00 ‖ AK ‖ counter ‖ 00000100)` (HMAC-SHA256 for
    /// ECDSA, HMAC-SM3 for SM2); the first `c ≤ n − 2` gives the key `c + 1`.
    ///
    /// All 256 counter values are tried like the Go SDK (the Python SDK stops at 254); in
    /// practice the first one is in range (the chance that it is not is about 2^-32).
    ///
    /// # Errors
    /// [`AlgorithmError::EccUnavailable`] for an HMAC algorithm, [`AlgorithmError::EmptyCredentials`],
    /// [`AlgorithmError::KeyDerivationFailed`].
    pub fn derive_private_key(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8]) -> Result<Zeroizing<[u8; 32]>, AlgorithmError> {
        let (hash, bound) = match algorithm {
            Algorithm::SdkEcdsaP256Sha256 => (HashFunction::Sha256, &P256_N_MINUS_2),
            Algorithm::SdkSm2Sm3 => (HashFunction::Sm3, &SM2_N_MINUS_2),
            _ => return Err(AlgorithmError::EccUnavailable),
        };
        if access_key_id.is_empty() || secret_access_key.is_empty() {
            return Err(AlgorithmError::EmptyCredentials);
        }
        derive_below(hash, algorithm.name().as_bytes(), access_key_id, secret_access_key, bound)
    }

    /// The counter loop of [`derive_private_key`] for any bound (the unit tests use small ones).
    fn derive_below(hash: HashFunction, label: &[u8], access_key_id: &str, secret_access_key: &[u8], bound: &[u8; 32]) -> Result<Zeroizing<[u8; 32]>, AlgorithmError> {
        let mut data = alloc::vec::Vec::with_capacity(4 + label.len() + 1 + access_key_id.len() + 1 + 4);
        data.extend_from_slice(&[0, 0, 0, 1]);
        data.extend_from_slice(label);
        data.push(0);
        data.extend_from_slice(access_key_id.as_bytes());
        let counter_at = data.len();
        data.push(0);
        data.extend_from_slice(&[0, 0, 1, 0]);
        let mut key = Zeroizing::new([0u8; 32]);
        // The candidate is compared and copied without branching on its value. The loop stops at
        // the first in-range candidate, so its length tells whether counter 0 was out of range:
        // an event of probability about 2^-32 that says nothing usable about the key.
        for counter in 0..=255u8 {
            data[counter_at] = counter;
            let mut candidate = hash.hmac(secret_access_key, &data);
            let take = ct_le(&candidate, bound);
            for (k, c) in key.iter_mut().zip(candidate.iter()) {
                k.conditional_assign(c, take);
            }
            candidate.zeroize();
            if bool::from(take) {
                plus_one(&mut key);
                return Ok(key);
            }
        }
        Err(AlgorithmError::KeyDerivationFailed)
    }

    /// The public key of the derived private key: uncompressed SEC1 `04 ‖ x ‖ y` (32-byte coordinates).
    ///
    /// # Errors
    /// As [`derive_private_key`].
    pub fn public_key(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8]) -> Result<[u8; 65], AlgorithmError> {
        let d = derive_private_key(algorithm, access_key_id, secret_access_key)?;
        let (x, y) = match algorithm {
            Algorithm::SdkEcdsaP256Sha256 => {
                let sk = p256_key(&d)?;
                let p = sk.verifying_key().as_affine();
                (p.x(), p.y())
            }
            _ => {
                let sk = sm2_key(&d)?;
                let p = sk.verifying_key().as_affine();
                (p.x(), p.y())
            }
        };
        let mut out = [0u8; 65];
        out[0] = 4;
        out[1..33].copy_from_slice(&x);
        out[33..].copy_from_slice(&y);
        Ok(out)
    }

    /// `d` as the curve crates' field bytes, zeroized after `f` has used them.
    fn with_field_bytes<T>(d: &[u8; 32], f: impl FnOnce(&Array<u8, p256::U32>) -> T) -> T {
        let mut bytes = Array::<u8, p256::U32>::default();
        bytes.copy_from_slice(d);
        let out = f(&bytes);
        bytes.as_mut_slice().zeroize();
        out
    }

    /// The ECDSA key (zeroized on drop by `ecdsa`).
    fn p256_key(d: &[u8; 32]) -> Result<p256::ecdsa::SigningKey, AlgorithmError> {
        with_field_bytes(d, p256::ecdsa::SigningKey::from_bytes).map_err(|_| AlgorithmError::KeyDerivationFailed)
    }

    /// The SM2 key with ZA's user id. (`sm2` 0.14 does not zeroize its `SigningKey` on drop.)
    fn sm2_key(d: &[u8; 32]) -> Result<sm2::dsa::SigningKey, AlgorithmError> {
        with_field_bytes(d, |b| sm2::dsa::SigningKey::from_bytes(SM2_USER_ID, b)).map_err(|_| AlgorithmError::KeyDerivationFailed)
    }

    /// DER signature bytes and their length.
    pub(super) struct Der {
        bytes: [u8; MAX_DER_LEN],
        len: usize,
    }

    impl core::ops::Deref for Der {
        type Target = [u8];
        fn deref(&self) -> &[u8] {
            &self.bytes[..self.len]
        }
    }

    pub(super) fn sign(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8], msg: &[u8]) -> Result<Der, AlgorithmError> {
        let d = derive_private_key(algorithm, access_key_id, secret_access_key)?;
        let (r, s) = match algorithm {
            Algorithm::SdkEcdsaP256Sha256 => {
                let sig: p256::ecdsa::Signature = p256_key(&d)?.sign(msg);
                let (r, s) = sig.split_bytes();
                (r.into(), s.into())
            }
            _ => {
                let sig: sm2::dsa::Signature = sm2_key(&d)?.try_sign(msg).map_err(|_| AlgorithmError::KeyDerivationFailed)?;
                (sig.r_bytes().into(), sig.s_bytes().into())
            }
        };
        Ok(der_encode(&r, &s))
    }

    pub(super) fn verify(algorithm: Algorithm, access_key_id: &str, secret_access_key: &[u8], msg: &[u8], signature_hex: &str) -> bool {
        let h = signature_hex.as_bytes();
        if h.is_empty() || h.len() > 2 * MAX_DER_LEN || h.len() % 2 != 0 || !is_lower_hex(h) {
            return false;
        }
        let mut der = [0u8; MAX_DER_LEN];
        let der = &mut der[..h.len() / 2];
        if hex::decode_to_slice(h, der).is_err() {
            return false;
        }
        let Some((r, s)) = der_decode(der) else { return false };
        let Ok(d) = derive_private_key(algorithm, access_key_id, secret_access_key) else { return false };
        match algorithm {
            Algorithm::SdkEcdsaP256Sha256 => {
                let Ok(key) = p256_key(&d) else { return false };
                let Ok(sig) = p256::ecdsa::Signature::from_scalars(r, s) else { return false };
                key.verifying_key().verify(msg, &sig).is_ok()
            }
            _ => {
                let Ok(key) = sm2_key(&d) else { return false };
                let Ok(sig) = sm2::dsa::Signature::from_scalars(r, s) else { return false };
                sm2::dsa::signature::Verifier::verify(key.verifying_key(), msg, &sig).is_ok()
            }
        }
    }

    /// DER `SEQUENCE { INTEGER r, INTEGER s }` of two 32-byte big-endian non-negative integers.
    fn der_encode(r: &[u8; 32], s: &[u8; 32]) -> Der {
        let mut out = Der { bytes: [0; MAX_DER_LEN], len: 2 };
        out.bytes[0] = 0x30;
        for v in [r, s] {
            // Minimal: no leading zero bytes (keep one byte for zero), then a 0x00 if the top bit is set.
            let skip = v.iter().take(31).take_while(|&&b| b == 0).count();
            let digits = &v[skip..];
            let pad = usize::from(digits[0] >= 0x80);
            let n = pad + digits.len();
            out.bytes[out.len] = 0x02;
            out.bytes[out.len + 1] = n as u8;
            out.bytes[out.len + 2 + pad..out.len + 2 + n].copy_from_slice(digits);
            out.len += 2 + n;
        }
        out.bytes[1] = (out.len - 2) as u8;
        out
    }

    /// Strict DER parse of `SEQUENCE { INTEGER r, INTEGER s }` with short-form lengths (all that a
    /// 256-bit signature needs), minimal non-negative integers of at most 32 significant bytes,
    /// and nothing after the sequence. Range checks (0 < r, s < n) are left to the curve's
    /// `Signature::from_scalars`.
    fn der_decode(der: &[u8]) -> Option<([u8; 32], [u8; 32])> {
        let (&tag, rest) = der.split_first()?;
        let (&len, mut body) = rest.split_first()?;
        if tag != 0x30 || len >= 0x80 || usize::from(len) != body.len() {
            return None;
        }
        let mut ints = [[0u8; 32]; 2];
        for int in &mut ints {
            let (&tag, rest) = body.split_first()?;
            let (&len, rest) = rest.split_first()?;
            let len = usize::from(len);
            if tag != 0x02 || len == 0 || len >= 0x80 || len > rest.len() {
                return None;
            }
            let (value, after) = rest.split_at(len);
            body = after;
            // Negative, or a superfluous leading zero byte.
            if value[0] >= 0x80 || (value[0] == 0 && value.len() > 1 && value[1] < 0x80) {
                return None;
            }
            let digits = if value[0] == 0 && value.len() > 1 { &value[1..] } else { value };
            if digits.len() > 32 {
                return None;
            }
            int[32 - digits.len()..].copy_from_slice(digits);
        }
        if !body.is_empty() {
            return None;
        }
        Some((ints[0], ints[1]))
    }

    #[cfg(test)]
    #[allow(clippy::unwrap_used)]
    mod tests {
        use super::*;

        #[test]
        fn der_round_trip_and_minimal_forms() {
            let mut r = [0u8; 32];
            let mut s = [0xffu8; 32];
            r[31] = 1;
            let der = der_encode(&r, &s);
            assert_eq!(&der[..8], &[0x30, 3 + 35, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00]);
            assert_eq!(der_decode(&der), Some((r, s)));
            s[0] = 0x7f;
            let der = der_encode(&r, &s);
            assert_eq!(der[6], 0x20);
            assert_eq!(der_decode(&der), Some((r, s)));
        }

        /// The loop skips out-of-range candidates: with a bound that accepts about one candidate in
        /// 16, the key is the first in-range HMAC plus one, computed here step by step.
        #[test]
        fn derivation_skips_candidates_above_the_bound() {
            let mut bound = [0xffu8; 32];
            bound[0] = 0x0f;
            let mut skipped = 0;
            for (ak, hash) in [("AK1", HashFunction::Sha256), ("AK2", HashFunction::Sm3), ("AK3", HashFunction::Sha256), ("AK4", HashFunction::Sm3)] {
                let key = derive_below(hash, b"LABEL", ak, b"SK", &bound).unwrap();
                let mut expected = None;
                for counter in 0..=255u8 {
                    let mut data = alloc::vec::Vec::from(&b"\0\0\0\x01LABEL\0"[..]);
                    data.extend_from_slice(ak.as_bytes());
                    data.extend_from_slice(&[counter, 0, 0, 1, 0]);
                    let mut c = hash.hmac(b"SK", &data);
                    if c[0] <= 0x0f {
                        plus_one(&mut c);
                        expected = Some(c);
                        break;
                    }
                    skipped += 1;
                }
                assert_eq!(Some(*key), expected, "{ak}");
            }
            assert!(skipped > 0, "the inputs exercise at least one rejected candidate");
            assert_eq!(derive_below(HashFunction::Sha256, b"LABEL", "AK", b"SK", &[0; 32]).err(), Some(AlgorithmError::KeyDerivationFailed));
        }

        #[test]
        fn constant_time_bound_and_increment() {
            let n2 = P256_N_MINUS_2;
            assert!(bool::from(ct_le(&n2, &n2)));
            let mut above = n2;
            above[31] += 1;
            assert!(!bool::from(ct_le(&above, &n2)));
            assert!(bool::from(ct_le(&[0; 32], &n2)));
            assert!(!bool::from(ct_le(&[0xff; 32], &n2)));
            let mut c = [0u8; 32];
            c[31] = 0xff;
            c[30] = 0xff;
            plus_one(&mut c);
            assert_eq!(&c[29..], &[1, 0, 0]);
        }
    }
}
