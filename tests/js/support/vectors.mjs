// Loads tests/vectors/sdk-hmac-sha256.json and turns a case into signRequest() arguments.
import { readFileSync } from 'node:fs';

const file = new URL('../../vectors/sdk-hmac-sha256.json', import.meta.url);

/** Every vector case, in file order. */
export const cases = JSON.parse(readFileSync(file, 'utf8')).cases;

/** The guide example (signature 7be66680…6ebe), used as a known-good call. */
export const guide = cases.find((c) => c.name === 'signing-guide-example');

/** The body as signRequest receives it: text as a string, bytes as a Uint8Array. */
export function bodyOf(c) {
  if (c.body === null) return null;
  return 'utf8' in c.body ? c.body.utf8 : new Uint8Array(Buffer.from(c.body.base64, 'base64'));
}

/** [request, credentials, options] for signRequest. */
export function signArgs(c) {
  const credentials = { ak: c.ak, sk: c.sk };
  for (const k of ['securityToken', 'projectId', 'domainId']) if (k in c) credentials[k] = c[k];
  const s = c.settings ?? {};
  const options = { signingDate: c.sdkDate };
  if (s.unsignedPayload) options.unsignedPayload = true;
  if (s.payloadHash) options.payloadHash = s.payloadHash;
  return [{ method: c.method, url: c.url, headers: c.headers.map(([n, v]) => [n, v]), body: bodyOf(c) }, credentials, options];
}
