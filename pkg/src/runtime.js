// The package's main wasm module (SDK-HMAC-SHA256 signing): its bindings and state. Each entry
// point (index.js, entry-workerd.js, entry-edge-light.js, slim.js) only decides where the wasm comes
// from, by calling setSource() or initSync().

import * as bindings from '../dist/hwcloud_signer_bg.js';
import { wasmModule } from './wasm-module.js';

const main = wasmModule(bindings, 'hwcloud_signer');

/** @internal */
export const setSource = main.setSource;

/**
 * Initialises the wasm module. Idempotent: concurrent and repeated calls share one initialisation;
 * after a failure the next call tries again. `input` (optional) is a WebAssembly.Module, bytes,
 * a Response or a URL (string or URL object), or a promise of one; by default the entry's own wasm
 * is used.
 */
export function init(input) {
  return main.init(input);
}

/**
 * Synchronous initialisation from a compiled `WebAssembly.Module` (or, outside browsers' main
 * threads, from bytes). Idempotent.
 */
export function initSync(module) {
  main.initSync(module);
}

/** @internal Whether the module is ready for the synchronous API. */
export const ready = main.ready;

/** @internal The raw exports (tests read the memory through it). */
export const wasmSync = main.exports;

/** @internal Runs `fn(bindings)` with trap recovery; see wasm-module.js. */
export const call = main.call;
