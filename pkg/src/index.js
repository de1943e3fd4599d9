// Default entry (browsers, bundlers, Node, Deno, Bun): the wasm is inlined as base64 and compiled
// asynchronously on first use. No file reads, no fetch, no import.meta.url, no top-level await.
import wasmBase64 from '../dist/wasm-inline.js';
import { setSource } from './runtime.js';

function decode(b64) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

setSource(() => decode(wasmBase64));

export * from './api.js';
