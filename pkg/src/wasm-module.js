// One wasm module of the package and its wasm-bindgen bindings: lazy, idempotent, retryable
// initialisation, recovery after a trap, and a fresh instance after a call that grew the memory far
// beyond its usual size (a large body hashed in wasm), so that memory is returned.
//
// `bindings` is the module wasm-bindgen generated with `--target bundler` (`dist/NAME_bg.js`): it
// exports the bound functions, the functions the wasm imports, and `__wbg_set_wasm`. Like
// wasm-bindgen's own bundler entry, we instantiate the wasm with those imports, hand the exports to
// `__wbg_set_wasm` and run `__wbindgen_start`; the wasm itself comes from wherever the entry point
// says (inlined bytes, a Module imported by Workers, a URL given to init()).

import { error } from './errors.js';

/** Memory above this after a call (the usual is ~1-2 MiB) makes the next call use a fresh instance. */
const MEMORY_RESET_BYTES = 8 * 1024 * 1024;

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

async function compile(src) {
  if (src instanceof WebAssembly.Module) return src;
  // Bytes are checked before `Response`/`URL`: in Node the first touch of the global `Response`
  // loads undici (~20 ms of cold start), and the default entry always passes bytes.
  if (!ArrayBuffer.isView(src) && !(src instanceof ArrayBuffer)) {
    if (typeof src === 'string' || src instanceof URL) src = await fetch(src);
    if (typeof Response === 'function' && src instanceof Response) {
      if (!src.ok) throw new Error(`fetching the wasm failed: HTTP ${src.status} ${src.url}`);
      src = await src.arrayBuffer();
    }
  }
  return WebAssembly.compile(src);
}

/**
 * @internal The state of one wasm module. `name` is the bindings' module specifier the wasm imports
 * from (`./NAME_bg.js`).
 */
export function wasmModule(bindings, name) {
  const imports = { [`./${name}_bg.js`]: bindings };
  let exportsRaw = null; // the instance's exports once ready
  let compiled = null; // the compiled WebAssembly.Module, kept to re-instantiate
  let pending = null; // in-flight init promise
  let source = null; // () => BufferSource | WebAssembly.Module | Response | URL | string | Promise<…>

  let attached = null; // the exports the bindings were last given (kept even while exportsRaw is null)

  function start(module, instance) {
    compiled = module;
    exportsRaw = instance.exports;
    // The bindings cache a view of the memory and refresh it only when its buffer is detached:
    // growing the previous instance's memory by 0 pages detaches that buffer, so the view follows
    // the new instance (also when the previous one was dropped after a failed re-instantiation).
    if (attached) attached.memory.grow(0);
    attached = exportsRaw;
    bindings.__wbg_set_wasm(exportsRaw);
    if (typeof exportsRaw.__wbindgen_start === 'function') exportsRaw.__wbindgen_start();
    return exportsRaw;
  }

  function instantiateSync(module) {
    return start(module, new WebAssembly.Instance(module, imports));
  }

  const state = {
    /** @internal Where the wasm comes from when init() is called without an argument. */
    setSource(fn) {
      source = fn;
    },

    /** Initialises the module; idempotent, concurrent calls share one initialisation, retryable. */
    init(input) {
      if (exportsRaw) return Promise.resolve();
      if (!pending) {
        pending = (async () => {
          const src = unwrap(input !== undefined ? await input : source ? await source() : undefined);
          if (src === undefined || src === null) {
            throw error('ERR_WASM_INIT', "no WebAssembly module to load: with 'hwcloud-signer/slim', call init(moduleOrBytesOrUrl) first, e.g. init(fetch(wasmUrl))");
          }
          const module = await compile(src);
          start(module, await WebAssembly.instantiate(module, imports));
        })().catch((e) => {
          pending = null;
          throw wrapInitError(e);
        });
      }
      return pending;
    },

    /** Synchronous initialisation from a compiled Module (or, outside browsers' main threads, bytes). */
    initSync(module) {
      if (exportsRaw) return;
      try {
        const m = unwrap(module);
        instantiateSync(m instanceof WebAssembly.Module ? m : new WebAssembly.Module(m));
      } catch (e) {
        throw wrapInitError(e);
      }
    },

    ready() {
      return exportsRaw !== null;
    },

    /** @internal The raw exports, or the coded error for the synchronous API. */
    exports() {
      if (!exportsRaw) {
        throw error('ERR_NOT_INITIALIZED', 'the WebAssembly module is not initialised: await init() once before calling the synchronous functions');
      }
      return exportsRaw;
    },

    /**
     * @internal Runs `fn(bindings)`. A trap (which would be a bug) must not leave a broken module
     * behind: the instance is replaced from the compiled module, and an error with code
     * ERR_INTERNAL is thrown instead of a bare `RuntimeError: unreachable`. After a call that grew
     * the memory beyond MEMORY_RESET_BYTES the instance is replaced too, returning that memory.
     */
    call(fn) {
      const w = state.exports();
      let out;
      try {
        out = fn(bindings);
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError && /memory/i.test(e.message))) throw e;
        renew();
        throw error('ERR_INTERNAL', `internal error in the WebAssembly module (${e.message}); it has been reset and the next call will work. Please report this input.`, { cause: e });
      }
      if (w.memory.buffer.byteLength > MEMORY_RESET_BYTES) renew();
      return out;
    },
  };

  function renew() {
    try {
      instantiateSync(compiled);
    } catch {
      // Instantiating synchronously is refused on some browsers' main threads for large modules:
      // the next async call initialises again through init().
      exportsRaw = null;
      pending = null;
    }
  }

  return state;
}
