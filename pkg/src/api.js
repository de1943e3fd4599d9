// Everything the package exports, independent of how the wasm is loaded.
export { init, initSync } from './runtime.js';
export { signRequest, signRequestSync, MAX_BODY_BYTES } from './sign.js';
export { HwCloudSignerError, HwCloudSignerTypeError } from './errors.js';
