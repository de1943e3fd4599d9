//! The IAM request builders for the npm package's `buildTokenRequest` and
//! `buildSecurityTokenRequest` (in the module that is loaded on first use, `hwcloud_signer_ext`).
//!
//! In: the parameter object as JSON text (see [`crate::token::js`]). Out: the request as JSON,
//! `{"method":"POST","url":…,"headers":{…},"body":…}`, or `!CODE\nmessage` on failure, as
//! `signRequest` answers. The input holds the password (or the IAM token) and is zeroed before it
//! is freed; the arena wipes every other buffer of the call when it rewinds.

use alloc::string::String;
use wasm_bindgen::prelude::wasm_bindgen;
use zeroize::Zeroize;

/// `POST /v3/auth/tokens` for the login parameters in `params_json`.
#[wasm_bindgen(js_name = buildTokenRequest)]
pub fn build_token_request(mut params_json: String) -> String {
    let result = crate::token::js::build_token_request(&params_json);
    params_json.zeroize();
    result.unwrap_or_else(|e| super::fail(&e))
}

/// `POST /v3.0/OS-CREDENTIAL/securitytokens` for `{token, region?, endpoint?, durationSeconds?}`.
#[wasm_bindgen(js_name = buildSecurityTokenRequest)]
pub fn build_security_token_request(mut params_json: String) -> String {
    let result = crate::token::js::build_security_token_request(&params_json);
    params_json.zeroize();
    result.unwrap_or_else(|e| super::fail(&e))
}
