// The wasm modules beyond the sign-only one, loaded on first use: `ext` (V11-HMAC-SHA256,
// SDK-HMAC-SM3, the IAM token request builder) and `ecc` (all five algorithms, with the elliptic
// curves of SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3: ~40 KB gzip that a SDK-HMAC-SHA256 user never
// downloads). Each is a dynamic import, which bundlers split into its own chunk.
//
// Workers and Vercel Edge forbid compiling wasm from bytes: their entries import the .wasm files and
// hand the compiled modules over with setModuleSource() before first use.

import { wasmModule } from './wasm-module.js';
import { unpack } from './unpack.js';

// The specifiers are parenthesised: a plain string literal makes Vite wrap the import in its
// `__vitePreload` helper (~0.5 KB gzip in the page's bundle), which preloads a dynamic chunk's CSS
// and shared chunks; these chunks have neither (they import nothing the main bundle has). Every
// bundler still resolves and splits them, a parenthesised literal being a literal.
const imports = {
  ext: () => import(('./module-ext.js')),
  ecc: () => import(('./module-ecc.js')),
};
const sources = {};
const states = {};

/** @internal Where module `name`'s wasm comes from (a function returning a Module or bytes). */
export function setModuleSource(name, fn) {
  sources[name] = fn;
}

/** @internal The initialised state (wasm-module.js) of module `name`. */
export async function loadModule(name) {
  if (states[name]?.ready()) return states[name];
  const m = await imports[name]();
  const state = (states[name] ||= wasmModule(m.bindings, `hwcloud_signer_${name}`));
  state.setSource(sources[name] || (() => unpack(m.packed, m.length)));
  await state.init();
  return state;
}

/** Which module signs with `algorithm`: 'main', 'ext', 'ecc', or undefined for an unknown name. */
export function moduleFor(algorithm) {
  switch (algorithm) {
    case 'SDK-HMAC-SHA256':
      return 'main';
    case 'V11-HMAC-SHA256':
    case 'SDK-HMAC-SM3':
      return 'ext';
    case 'SDK-ECDSA-P256-SHA256':
    case 'SDK-SM2-SM3':
      return 'ecc';
    default:
      return undefined;
  }
}
