// Default entry (browsers, bundlers, Node, Deno, Bun): the wasm is inlined, gzipped and base64-encoded
// (see scripts/gen-inline.mjs), unpacked with the platform's DecompressionStream and compiled
// asynchronously on first use. No file reads, no fetch, no import.meta.url, no top-level await.
//
// The inlined wasm is imported last so that bundlers place it at the end of the bundle: a gzip block
// that mixes base64 with JS code compresses both worse (measured: ~0.6 KB more for this bundle).
export * from './api.js';
import { setSource } from './runtime.js';
import packed, { size } from '../dist/wasm-inline.js';

setSource(async () => {
  if (typeof DecompressionStream !== 'function') {
    throw new Error("this runtime has no DecompressionStream, which unpacks the inlined wasm: use 'hwcloud-signer/slim' and init() with the .wasm file");
  }
  const bin = atob(packed);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < gz.length; i++) gz[i] = bin.charCodeAt(i);
  const reader = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const bytes = new Uint8Array(size);
  let n = 0;
  for (let r; !(r = await reader.read()).done; n += r.value.length) bytes.set(r.value, n);
  return bytes;
});
