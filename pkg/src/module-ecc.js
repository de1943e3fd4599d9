// The `ecc` wasm module (all five algorithms, with the elliptic curves of SDK-ECDSA-P256-SHA256 and
// SDK-SM2-SM3): its bindings and its inlined wasm, loaded only through the dynamic import in
// modules.js, so bundlers split it off the sign-only code. Like module-ext.js it imports nothing the
// main bundle has.
import * as bindings from '../dist/hwcloud_signer_ecc_bg.js';
export { default as packed, length } from '../dist/hwcloud_signer_ecc-inline.js';
export { bindings };
