// `hwcloud-signer/slim`: no wasm included. Call init(input) first with a WebAssembly.Module, the
// bytes, a Response or a URL of `hwcloud-signer/hwcloud_signer.wasm` (served or bundled as you like).
export * from './api.js';
