// The `ext` wasm module (V11-HMAC-SHA256, SDK-HMAC-SM3 and the IAM token request builder): its
// bindings and its inlined wasm, loaded only through the dynamic import in modules.js, so bundlers
// split it off the sign-only code. It imports nothing the main bundle has (modules.js builds its
// state), so no code is shared between the two and bundlers need no shared chunk.
import * as bindings from '../dist/hwcloud_signer_ext_bg.js';
export { default as packed, length } from '../dist/hwcloud_signer_ext-inline.js';
export { bindings };
