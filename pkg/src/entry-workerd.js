// Cloudflare Workers (the `workerd` export condition): Workers refuse to compile wasm from bytes, so
// the .wasm is imported as a module (wrangler and esbuild bundle it) and instantiated synchronously.
import wasmModule from '../dist/hwcloud_signer.wasm';
import { initSync, setSource } from './runtime.js';

setSource(() => wasmModule);
initSync(wasmModule);

export * from './api.js';
