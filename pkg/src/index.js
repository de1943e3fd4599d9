// Default entry (browsers, bundlers, Node, Deno, Bun): the wasm is inlined, gzipped and written in
// base 85 (see scripts/gen-inline.mjs), unpacked with node:zlib or the platform's DecompressionStream
// and compiled asynchronously on first use. No file reads, no fetch, no import.meta.url, no top-level await.
//
// The inlined wasm is imported last so that bundlers place it at the end of the bundle, after the
// code (a deflate block that mixes the two compresses both a little worse).
export * from './api.js';
import { setSource } from './runtime.js';
import { unpack } from './unpack.js';
import packed, { length } from '../dist/wasm-inline.js';

setSource(() => unpack(packed, length));
