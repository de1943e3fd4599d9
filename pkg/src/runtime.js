// Owns the wasm instance: lazy, idempotent, retryable initialisation, and recovery after a trap.
// Each entry point (index.js, entry-workerd.js, entry-edge-light.js, slim.js) only decides where
// the wasm comes from, by calling setSource().
//
// The module is built with wasm-bindgen but its exports take and return plain integers (see
// src/wasm/mod.rs), so instead of shipping wasm-bindgen's generic JS glue we provide the one import
// its runtime needs here. scripts/opt-wasm.sh checks that the import and export lists are exactly
// what this file expects, so a wasm-bindgen upgrade cannot silently break it.

import { error } from './errors.js';

let exportsRaw = null; // the instance's raw exports once ready
let compiled = null; // the compiled WebAssembly.Module, kept to re-instantiate after a trap
let pending = null; // in-flight init promise
let source = null; // () => BufferSource | WebAssembly.Module | Response | URL | string | Promise<…>

/** @internal */
export function setSource(fn) {
  source = fn;
}

// The module's one import is wasm-bindgen's string-throwing helper (`__wbg___wbindgen_throw_<hash>`),
// answered here whatever the hash; scripts/opt-wasm.sh checks at build time that there is no other.
const throwString = (ptr, len) => {
  throw new Error(new TextDecoder().decode(new Uint8Array(exportsRaw.memory.buffer, ptr, len)));
};
const NAMESPACE = new Proxy({}, { get: () => throwString });
const IMPORTS = new Proxy({}, { get: () => NAMESPACE });

function start(module, instance) {
  const e = instance.exports;
  compiled = module;
  exportsRaw = e;
  return e;
}

function instantiateSync(module) {
  return start(module, new WebAssembly.Instance(module, IMPORTS));
}

async function instantiate(src) {
  if (!(src instanceof WebAssembly.Module)) {
    // Bytes are checked before `Response`/`URL`: in Node the first touch of the global `Response`
    // loads undici (~20 ms of cold start), and the default entry always passes bytes.
    if (!ArrayBuffer.isView(src) && !(src instanceof ArrayBuffer)) {
      if (typeof src === 'string' || src instanceof URL) src = await fetch(src);
      if (typeof Response === 'function' && src instanceof Response) {
        if (!src.ok) throw new Error(`fetching the wasm failed: HTTP ${src.status} ${src.url}`);
        src = await src.arrayBuffer();
      }
    }
    src = await WebAssembly.compile(src);
  }
  return start(src, await WebAssembly.instantiate(src, IMPORTS));
}

function wrapInitError(e) {
  if (e && e.code === 'ERR_WASM_INIT') return e;
  const msg = e && e.message ? e.message : String(e);
  const hint = /disallowed|CompileError|Content Security Policy|unsafe-eval/i.test(msg)
    ? " In browsers allow it with the CSP source 'wasm-unsafe-eval'; in Workers/edge runtimes the package's workerd / edge-light export (which imports the .wasm file) is needed."
    : '';
  return error('ERR_WASM_INIT', `could not initialise the hwcloud-signer WebAssembly module: ${msg}.${hint}`, { cause: e });
}

function unwrap(src) {
  // `{ default: Module }` is what `import('x.wasm')` gives in some bundlers and Workers.
  return src && typeof src === 'object' && !ArrayBuffer.isView(src) && 'default' in src ? src.default : src;
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
      const src = unwrap(input !== undefined ? await input : source ? await source() : undefined);
      if (src === undefined || src === null) {
        throw error('ERR_WASM_INIT', "no WebAssembly module to load: with 'hwcloud-signer/slim', call init(moduleOrBytesOrUrl) first, e.g. init(fetch(wasmUrl))");
      }
      await instantiate(src);
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
    const m = unwrap(module);
    instantiateSync(m instanceof WebAssembly.Module ? m : new WebAssembly.Module(m));
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
    throw error('ERR_NOT_INITIALIZED', 'the WebAssembly module is not initialised: await init() once before calling the synchronous functions');
  }
  return exportsRaw;
}

/**
 * @internal Runs `fn(rawExports)`. A trap (which would be a bug) must not leave a broken module
 * behind: the instance is discarded and re-created from the compiled module, and an error with
 * code ERR_INTERNAL is thrown instead of a bare `RuntimeError: unreachable`.
 */
export function call(fn) {
  const w = wasmSync();
  try {
    return fn(w);
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError && /memory/i.test(e.message))) throw e;
    exportsRaw = null;
    pending = null;
    try {
      instantiateSync(compiled);
    } catch {
      // The next async call initialises again through init().
    }
    throw error('ERR_INTERNAL', `internal error in the WebAssembly module (${e.message}); it has been reset and the next call will work. Please report this input.`, { cause: e });
  }
}

let memView = null;
/** @internal A Uint8Array over the instance's memory, re-created only when the memory grows. */
export function memory(w) {
  const buffer = w.memory.buffer;
  if (memView === null || memView.buffer !== buffer) memView = new Uint8Array(buffer);
  return memView;
}

const decoder = new TextDecoder();

/**
 * @internal Reads the byte string `[ptr, len]` a raw export returned, frees it, and returns the
 * text, or throws the coded error when it is a failure answer (`!CODE\nmessage`).
 */
export function takeAnswer(w, ret) {
  const p = ret[0] >>> 0;
  const n = ret[1] >>> 0;
  const text = decoder.decode(memory(w).subarray(p, p + n));
  w.__wbindgen_free(p, n, 1);
  if (text.charCodeAt(0) !== 43 /* '+' */) {
    const nl = text.indexOf('\n');
    throw error(text.slice(1, nl), text.slice(nl + 1));
  }
  return text;
}
