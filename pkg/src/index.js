// Default entry (browsers, bundlers, Node, Deno, Bun): the wasm is inlined as a string (one
// character per byte, see scripts/gen-inline.mjs) and compiled asynchronously on first use.
// No file reads, no fetch, no import.meta.url, no top-level await.
import wasmText from '../dist/wasm-inline.js';
import { setSource } from './runtime.js';

setSource(() => {
  const bytes = new Uint8Array(wasmText.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = wasmText.charCodeAt(i);
  return bytes;
});

export * from './api.js';
