//! # hwcloud-signer
//!
//! Authenticates requests to Huawei Cloud APIs: `SDK-HMAC-SHA256` AK/SK signing as Huawei's API
//! gateway computes it, and the IAM token requests for token authentication.
//!
//! The core is `no_std` + `alloc` and knows nothing about JavaScript or clocks: the signing time is
//! an input. The `wasm` module (only on `wasm32`) is the thin layer the npm package calls.
//!
//! ```
//! use hwcloud_signer::{sign, Credentials, SignableBody, SignableRequest, SigningParams, SigningTime};
//!
//! let request = SignableRequest::new(
//!     "GET",
//!     "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
//!     [("Content-Type", "application/json")],
//!     SignableBody::Bytes(b""),
//! );
//! let credentials = Credentials::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
//! let out = sign(&request, &SigningParams::new(credentials, SigningTime::SdkDate("20191115T033655Z")))?;
//! assert_eq!(out.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
//! assert_eq!(out.url, "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0");
//! for (name, value) in &out.headers {
//!     // send `name: value` (Content-Type, X-Sdk-Date, Authorization, ...)
//!     # let _ = (name, value);
//! }
//! # Ok::<(), hwcloud_signer::Error>(())
//! ```
#![cfg_attr(not(test), no_std)]

extern crate alloc;

/// Declares a module that is private, or `#[doc(hidden)] pub` with the `internals` feature (for
/// the fuzz targets and property tests; not part of the semver-stable API).
macro_rules! internal_mod {
    ($($name:ident),*) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        #[allow(missing_docs)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(unreachable_pub, dead_code)]
        mod $name;
    )*};
}
internal_mod!(canonical, date, encoding, signer);
#[cfg(feature = "algorithms")]
pub mod algorithm;
mod error;
#[cfg(feature = "token")]
pub mod token;
#[cfg(feature = "verify")]
pub mod verify;

#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
// wasm-bindgen's generated exports need `unsafe`, and so does the module's allocator (wasm/arena.rs).
#[allow(unsafe_code)]
mod wasm;

pub use error::Error;
pub use signer::{
    CanonicalRequest, Credentials, HostSigning, SignableBody, SignableRequest, SigningOutput, SigningParams, SigningSettings, SigningTime,
    StringToSign, sign,
};
