// Project and domain id discovery, as the official SDKs do it (huaweicloudsdkcore auth/credentials.py,
// BasicCredentials.process_auth_params and GlobalCredentials): with AK/SK and a region but no
// project id, ask IAM `GET /v3/projects?name=<region>` (signed with the AK/SK); for the account's
// domain id, `GET /v3/auth/domains`. Answers are cached per AK and region (per AK for the domain);
// concurrent lookups share one request; a failure is not cached.

import { signRequest } from './sign.js';
import { HwCloudSignerError, describe, error, typeError } from './errors.js';
import { guard } from './guard.js';
import { IamError } from './token-response.js';
import { iamEndpointOf } from './credentials.js';

const cache = new Map(); // key -> Promise<string>
const MAX_ENTRIES = 256; // temporary AKs rotate: keep the newest lookups only
const REGION = /^(?!-)[a-z0-9-]{1,64}$/;
const ID = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * `{ ak, sk, securityToken, iamEndpoint }` copied from `credentials` or what its provider resolves
 * to. A provider that throws an uncoded error, or a getter/Proxy that throws, is a coded error with
 * the original as `cause` (its message is not repeated).
 */
async function resolveCredentials(credentials, what) {
  let c = credentials;
  if (typeof credentials === 'function') {
    try {
      c = await credentials();
    } catch (e) {
      if (e instanceof HwCloudSignerError) throw e;
      throw error('ERR_INVALID_CREDENTIALS', `${what}: the credentials provider threw or rejected (see err.cause)`, { cause: e });
    }
  }
  const bad = () => typeError('ERR_INVALID_CREDENTIALS', `${what}: credentials must be { ak, sk, securityToken? } or a provider resolving to it, got ${describe(c)}`);
  if (!c || typeof c !== 'object') throw bad();
  const copy = guard('ERR_INVALID_CREDENTIALS', `${what}: credentials`, () => ({ ak: c.ak, sk: c.sk, securityToken: c.securityToken, iamEndpoint: c.iamEndpoint }));
  if (typeof copy.ak !== 'string' || typeof copy.sk !== 'string' || !copy.ak || !copy.sk) throw bad();
  return copy;
}

function settings(opts, what) {
  if (opts !== undefined && (opts === null || typeof opts !== 'object')) throw typeError('ERR_INVALID_ARGUMENT', `${what}: options must be an object, got ${describe(opts)}`);
  const o = opts === undefined ? {} : guard('ERR_INVALID_ARGUMENT', `${what}: options`, () => ({ fetch: opts.fetch, region: opts.region, iamEndpoint: opts.iamEndpoint }));
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: fetch must be a function, got ${describe(o.fetch)}`);
  if (o.region !== undefined && (typeof o.region !== 'string' || !REGION.test(o.region))) {
    throw typeError('ERR_INVALID_ARGUMENT', `${what}: region must be a region id such as cn-north-4, got ${typeof o.region === 'string' ? JSON.stringify(o.region.slice(0, 80)) : describe(o.region)}`);
  }
  return o;
}

/** IAM's error body (`error_code`/`error_msg`, or `error.code`/`error.message`) as an IamError. */
async function iamError(res, prefix) {
  let body = '';
  try {
    body = await res.text();
  } catch {
    // the status is enough
  }
  let j = null;
  try {
    j = JSON.parse(body);
  } catch {
    // not JSON: the excerpt below
  }
  const e = j && typeof j === 'object' ? (j.error && typeof j.error === 'object' ? j.error : j) : {};
  const iamCode = e.error_code ?? e.code;
  const iamMessage = e.error_msg ?? e.message ?? (body && !j ? body.replace(/\s+/g, ' ').trim().slice(0, 200) : undefined);
  const requestId = res.headers.get('x-iam-trace-id') ?? res.headers.get('x-request-id') ?? undefined;
  const hint = res.status === 403 ? ' The user needs IAM read permission (e.g. iam:projects:listProjects / iam:users:getUser), or pass the id yourself.' : '';
  return new IamError(
    { status: res.status, iamCode: iamCode === undefined ? undefined : String(iamCode), iamMessage: iamMessage === undefined ? undefined : String(iamMessage), requestId },
    `${prefix}: IAM answered HTTP ${res.status}${iamCode !== undefined ? ` ${iamCode}` : ''}${iamMessage ? `: ${String(iamMessage).replace(/\.+$/, '')}` : ''}.${hint}${requestId ? ` (X-IAM-Trace-Id ${requestId})` : ''}`,
  );
}

async function iamGet(creds, url, fetchFn, prefix) {
  const signed = await signRequest({ method: 'GET', url }, { ak: creds.ak, sk: creds.sk, securityToken: creds.securityToken ?? undefined });
  let res;
  try {
    res = await fetchFn(new Request(signed.url, { method: 'GET', headers: signed.headers }));
  } catch (e) {
    throw error('ERR_NETWORK', `${prefix}: could not reach IAM at ${url}: ${(e && e.message) || e}`, { cause: e });
  }
  let ok = false;
  try {
    ok = !!res && typeof res === 'object' && typeof res.status === 'number' && typeof res.text === 'function' && !!res.headers && typeof res.headers.get === 'function';
  } catch {
    // a Proxy or a throwing getter: not a Response
  }
  if (!ok) throw error('ERR_INVALID_RESPONSE', `${prefix}: the fetch function resolved to ${describe(res)}, not a Response`);
  if (res.status !== 200) throw await iamError(res, prefix);
  const traceId = res.headers.get('x-iam-trace-id');
  let text;
  try {
    text = await res.text();
  } catch (e) {
    throw error('ERR_NETWORK', `${prefix}: IAM's answer broke off: ${(e && e.message) || e}`, { cause: e });
  }
  try {
    return { json: JSON.parse(text), traceId };
  } catch {
    throw error('ERR_INVALID_RESPONSE', `${prefix}: IAM's answer is not JSON`);
  }
}

function once(key, lookup) {
  let p = cache.get(key);
  if (!p) {
    p = lookup();
    cache.set(key, p);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value);
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
  }
  return p;
}

/**
 * The id of the project named after `region` in the account of `credentials` (`{ ak, sk,
 * securityToken? }` or a provider): `GET /v3/projects?name=<region>` at IAM, signed with the keys.
 * `{ region, iamEndpoint?, fetch? }`. Cached per AK and region. ERR_PROJECT_NOT_FOUND when the
 * account has no such project (the region is not opened, or the id is misspelt),
 * ERR_MULTIPLE_PROJECTS when IAM lists several.
 */
export async function discoverProjectId(credentials, opts) {
  const what = 'discoverProjectId(credentials, { region })';
  const o = settings(opts, what);
  if (o.region === undefined) throw typeError('ERR_INVALID_ARGUMENT', `${what}: region is required (e.g. cn-north-4)`);
  const creds = await resolveCredentials(credentials, what);
  const base = iamEndpointOf(o.region, o.iamEndpoint ?? creds.iamEndpoint);
  const fetchFn = o.fetch ?? ((r) => globalThis.fetch(r));
  const region = o.region;
  return once(`p\n${creds.ak}\n${region}\n${base}`, async () => {
    const prefix = `could not look up the project id of region ${region}`;
    const { json, traceId } = await iamGet(creds, `${base}/v3/projects?name=${region}`, fetchFn, prefix);
    const projects = json && Array.isArray(json.projects) ? json.projects : null;
    if (!projects) throw error('ERR_INVALID_RESPONSE', `${prefix}: IAM's answer has no "projects" list`);
    const trace = traceId ? ` (X-IAM-Trace-Id ${traceId})` : '';
    if (projects.length === 0) {
      throw error('ERR_PROJECT_NOT_FOUND', `the account of access key ${creds.ak} has no project named ${region}${trace}: check the region id, open the region in the Huawei Cloud console, or pass projectId yourself`);
    }
    const ids = projects.map((p) => (p && typeof p.id === 'string' && ID.test(p.id) ? p.id : null));
    if (ids.includes(null)) throw error('ERR_INVALID_RESPONSE', `${prefix}: a project in IAM's answer has no usable id`);
    if (ids.length > 1) throw error('ERR_MULTIPLE_PROJECTS', `IAM lists ${ids.length} projects named ${region} (${ids.join(', ')})${trace}: pass the one you mean as projectId`);
    return ids[0];
  });
}

/**
 * The account (domain) id of `credentials`, for global services: `GET /v3/auth/domains` at IAM.
 * `{ region?, iamEndpoint?, fetch? }`. Cached per AK. ERR_DOMAIN_NOT_FOUND when IAM lists none.
 */
export async function discoverDomainId(credentials, opts) {
  const what = 'discoverDomainId(credentials)';
  const o = settings(opts, what);
  const creds = await resolveCredentials(credentials, what);
  const base = iamEndpointOf(o.region, o.iamEndpoint ?? creds.iamEndpoint);
  const fetchFn = o.fetch ?? ((r) => globalThis.fetch(r));
  return once(`d\n${creds.ak}\n${base}`, async () => {
    const prefix = 'could not look up the domain (account) id';
    const { json, traceId } = await iamGet(creds, `${base}/v3/auth/domains`, fetchFn, prefix);
    const domains = json && Array.isArray(json.domains) ? json.domains : null;
    if (!domains) throw error('ERR_INVALID_RESPONSE', `${prefix}: IAM's answer has no "domains" list`);
    const id = domains[0] && domains[0].id;
    if (id === undefined) throw error('ERR_DOMAIN_NOT_FOUND', `IAM lists no domain for access key ${creds.ak}${traceId ? ` (X-IAM-Trace-Id ${traceId})` : ''}: the user may lack the iam:users:getUser permission; pass domainId yourself`);
    if (typeof id !== 'string' || !ID.test(id)) throw error('ERR_INVALID_RESPONSE', `${prefix}: the domain in IAM's answer has no usable id`);
    return id;
  });
}

/** @internal Forgets every cached project and domain id (tests). */
export function clearDiscoveryCache() {
  cache.clear();
}
