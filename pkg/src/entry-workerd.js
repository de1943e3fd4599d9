// Cloudflare Workers (the `workerd` export condition): Workers refuse to compile wasm from bytes, so
// the .wasm files are imported as modules (wrangler and esbuild bundle them) and the sign-only one is
// instantiated synchronously. The other two are instantiated on first use (modules.js).
import wasmModule from '../dist/hwcloud_signer.wasm';
import extModule from '../dist/hwcloud_signer_ext.wasm';
import eccModule from '../dist/hwcloud_signer_ecc.wasm';
import { initSync, setSource } from './runtime.js';
import { setModuleSource } from './modules.js';

setSource(() => wasmModule);
initSync(wasmModule);
setModuleSource('ext', () => extModule);
setModuleSource('ecc', () => eccModule);

export * from './api.js';
