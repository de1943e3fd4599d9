// Vercel Edge / Next.js middleware (the `edge-light` export condition): like Workers, compiling wasm
// from bytes is forbidden; `?module` makes the bundler hand over a compiled WebAssembly.Module.
import wasmModule from '../dist/hwcloud_signer.wasm?module';
import extModule from '../dist/hwcloud_signer_ext.wasm?module';
import eccModule from '../dist/hwcloud_signer_ecc.wasm?module';
import { initSync, setSource } from './runtime.js';
import { setModuleSource } from './modules.js';

setSource(() => wasmModule);
initSync(wasmModule);
setModuleSource('ext', () => extModule);
setModuleSource('ecc', () => eccModule);

export * from './api.js';
