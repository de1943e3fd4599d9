// Owns the wasm instance: lazy, idempotent, retryable initialisation, and recovery after a trap.
// Each entry point (index.js, entry-workerd.js, entry-edge-light.js, slim.js) only decides where
// the wasm comes from, by calling setSource().

import glueInit, { initSync as glueInitSync, __hwModule, __hwReset } from '../dist/wasm/hwcloud_signer.js';
import { error } from './errors.js';

let exportsRaw = null; // the instance's raw exports once ready
let pending = null; // in-flight init promise
let source = null; // () => BufferSource | WebAssembly.Module | Response | URL | string | Promise<…>

/** @internal */
export function setSource(fn) {
  source = fn;
}

function wrapInitError(e) {
  if (e && e.code === 'ERR_WASM_INIT') return e;
  const msg = e && e.message ? e.message : String(e);
  const hint = /disallowed|CompileError|Content Security Policy|unsafe-eval/i.test(msg)
    ? " In browsers allow it with the CSP source 'wasm-unsafe-eval'; in Workers/edge runtimes the package's workerd / edge-light export (which imports the .wasm file) is needed."
    : '';
  return error('ERR_WASM_INIT', `could not initialise the hwcloud-signer WebAssembly module: ${msg}.${hint}`, { cause: e });
}

function noSource() {
  return error('ERR_WASM_INIT', "no WebAssembly module to load: with 'hwcloud-signer/slim', call init(moduleOrBytesOrUrl) first (e.g. init(new URL('hwcloud-signer/hwcloud_signer.wasm', import.meta.url)))");
}

/**
 * Initialises the wasm module. Idempotent: concurrent and repeated calls share one initialisation;
 * after a failure the next call tries again. `input` (optional) is a WebAssembly.Module, bytes,
 * a Response, a URL or a URL string, or a promise of one; by default the entry's own wasm is used.
 */
export function init(input) {
  if (exportsRaw) return Promise.resolve();
  if (!pending) {
    pending = (async () => {
      const src = input !== undefined ? await input : source ? await source() : undefined;
      if (src === undefined || src === null) throw noSource();
      // `{ default: Module }` is what `import('x.wasm')` gives in some bundlers and Workers.
      const mod = src && typeof src === 'object' && 'default' in src && !(src instanceof Uint8Array) ? src.default : src;
      exportsRaw = typeof WebAssembly.Module === 'function' && mod instanceof WebAssembly.Module
        ? glueInitSync({ module: mod })
        : await glueInit({ module_or_path: mod });
    })().catch((e) => {
      pending = null;
      throw wrapInitError(e);
    });
  }
  return pending;
}

/**
 * Synchronous initialisation from a compiled `WebAssembly.Module` (or, outside browsers' main
 * threads, from bytes). Idempotent.
 */
export function initSync(module) {
  if (exportsRaw) return;
  try {
    exportsRaw = glueInitSync({ module: module && module.default instanceof WebAssembly.Module ? module.default : module });
  } catch (e) {
    throw wrapInitError(e);
  }
}

/** @internal The raw exports, initialising first if needed. */
export async function wasm() {
  if (!exportsRaw) await init();
  return exportsRaw;
}

/** @internal The raw exports for the synchronous API. */
export function wasmSync() {
  if (!exportsRaw) {
    throw error('ERR_NOT_INITIALIZED', 'the WebAssembly module is not initialised yet: await init() once before calling the synchronous functions (or use the async ones)');
  }
  return exportsRaw;
}

/**
 * @internal Runs `fn(rawExports)`. A trap (which would be a bug) must not leave a broken module
 * behind: the instance is discarded, re-created from the compiled module, and an error with code
 * ERR_INTERNAL is thrown instead of a bare `RuntimeError: unreachable`.
 */
export function call(fn) {
  const w = wasmSync();
  try {
    return fn(w);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError && /memory/i.test(e.message))) throw e;
    const module = __hwModule();
    __hwReset();
    exportsRaw = null;
    pending = null;
    try {
      exportsRaw = glueInitSync({ module });
    } catch {
      // The next call initialises again through init().
    }
    throw error('ERR_INTERNAL', `internal error in the WebAssembly module (${e.message}); it has been reset and the next call will work. Please report this input.`, { cause: e });
  }
}
