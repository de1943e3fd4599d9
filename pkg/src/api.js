// Everything the package exports, independent of how the wasm is loaded.
export { init, initSync } from './runtime.js';
import { signRequest as sign } from './sign.js';
export { signRequestSync, MAX_BODY_BYTES } from './sign.js';
/** signRequest (sign.js); `credentials` may also be a provider: a function resolving to { ak, sk, … }. */
export const signRequest = (request, credentials, options) => (typeof credentials == 'function'
  ? Promise.resolve().then(credentials).then((c) => sign(request, c, options)) : sign(request, credentials, options));
export { HwCloudSignerError, HwCloudSignerTypeError, SignatureMismatchError } from './errors.js';
export { explainMismatch, parseServerMessage, clockOffset } from './explain.js';
export { verifyRequest } from './verify.js';
export { buildTokenRequest, buildSecurityTokenRequest } from './token-params.js';
export { parseTokenResponse, parseSecurityTokenResponse, IamError } from './token-response.js';
export { TokenAuth } from './token-auth.js';
export { HuaweiCloudClient } from './client.js';
export { fromEnv, fromProfile, fromInstanceMetadata, fromOidc, fromPodIdentity, defaultProvider } from './credentials.js';
export { discoverProjectId, discoverDomainId } from './discovery.js';
