// Unpacks an inlined wasm module (scripts/gen-inline.mjs): base 85 text of its gzip, unpacked with
// node:zlib or the platform's DecompressionStream. Shared by the default entry and the lazily
// loaded modules (module-ext.js, module-ecc.js).

/** The wasm bytes (or a promise of them) of an inlined module: its text and its gzip length. */
export function unpack(packed, length) {
  // Base 85: 5 characters (code 40 + digit, skipping the backslash) per 4 bytes, big-endian.
  const gz = new Uint8Array((packed.length / 5) * 4);
  for (let i = 0, o = 0; i < packed.length; o += 4) {
    let v = 0;
    for (let k = 0; k < 5; k++) {
      const c = packed.charCodeAt(i++);
      v = v * 85 + c - 40 - (c > 92);
    }
    gz[o] = v >>> 24;
    gz[o + 1] = v >>> 16;
    gz[o + 2] = v >>> 8;
    gz[o + 3] = v;
  }
  // node:zlib where it is reachable without an import (Node >= 20.16, Deno, Bun): Node's
  // DecompressionStream costs ~9 ms of cold start the first time (it loads web streams).
  const data = gz.subarray(0, length);
  const zlib = globalThis.process?.getBuiltinModule?.('node:zlib');
  if (zlib) return zlib.gunzipSync(data);
  if (typeof DecompressionStream !== 'function') {
    throw new Error("no DecompressionStream to unpack the inlined wasm: use 'hwcloud-signer/slim' with the .wasm file");
  }
  return new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}
