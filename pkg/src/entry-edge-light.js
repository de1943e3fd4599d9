// Vercel Edge / Next.js middleware (the `edge-light` export condition): like Workers, compiling wasm
// from bytes is forbidden; `?module` makes the bundler hand over a compiled WebAssembly.Module.
import wasmModule from '../dist/hwcloud_signer.wasm?module';
import { initSync, setSource } from './runtime.js';

setSource(() => wasmModule);
initSync(wasmModule);

export * from './api.js';
