// The `ext` wasm module (V11-HMAC-SHA256, SDK-HMAC-SM3 and the IAM token request builder), inlined and loaded only
// through a dynamic import from modules.js, so bundlers split it off the sign-only code.
import * as bindings from '../dist/hwcloud_signer_ext_bg.js';
import { wasmModule } from './wasm-module.js';
import { unpack } from './unpack.js';
import packed, { length } from '../dist/hwcloud_signer_ext-inline.js';

export const state = wasmModule(bindings, 'hwcloud_signer_ext');
state.setSource(() => unpack(packed, length));
export { bindings };
