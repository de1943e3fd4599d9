// Everything the package exports, independent of how the wasm is loaded.
export { init, initSync } from './runtime.js';
export { signRequest, signRequestSync, MAX_BODY_BYTES } from './sign.js';
export { HwCloudSignerError, HwCloudSignerTypeError } from './errors.js';
export { explainMismatch, parseServerMessage, clockOffset } from './explain.js';
export { verifyRequest } from './verify.js';
export { buildTokenRequest, parseTokenResponse, buildSecurityTokenRequest, parseSecurityTokenResponse, TokenAuth, IamError } from './token.js';
export { HuaweiCloudClient } from './client.js';
