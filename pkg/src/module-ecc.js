// The `ecc` wasm module (all five algorithms, with SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3 (elliptic curves)), inlined and loaded only
// through a dynamic import from modules.js, so bundlers split it off the sign-only code.
import * as bindings from '../dist/hwcloud_signer_ecc_bg.js';
import { wasmModule } from './wasm-module.js';
import { unpack } from './unpack.js';
import packed, { length } from '../dist/hwcloud_signer_ecc-inline.js';

export const state = wasmModule(bindings, 'hwcloud_signer_ecc');
state.setSource(() => unpack(packed, length));
export { bindings };
