// The IAM requests: login parameters, their checks, and the request bodies (built with
// JSON.stringify). Plain JavaScript, no wasm: the rules, messages and exact bodies are those of the
// Rust core's src/token.rs (tests/js/fixtures/token-*.json). Body building is kept apart from the
// checks (tokenTarget vs tokenBody) so that it can be replaced by another builder.

import { describe, error, typeError } from './errors.js';
import { guard } from './guard.js';

/** Content-Type of both IAM requests. */
export const IAM_CONTENT_TYPE = 'application/json;charset=utf8';
/** @internal */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** @internal */
export const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const P = 'ERR_INVALID_TOKEN_PARAMS';

/** @internal The names of the login parameters (TokenAuth copies exactly these). */
export const TOKEN_PARAM_NAMES = ['region', 'endpoint', 'domainName', 'userName', 'password', 'projectName', 'projectId', 'scope', 'mfa', 'nocatalog'];

function text(params, name, { required = false, nul = false } = {}) {
  const v = params[name];
  if (v === undefined || v === null) {
    if (required) throw typeError(P, `${name} is required (a string)`);
    return undefined;
  }
  const s = typeof URL === 'function' && v instanceof URL && name === 'endpoint' ? v.href : v;
  if (typeof s !== 'string') throw typeError(P, `${name} must be a string, got ${describe(v)}`);
  if (LONE_SURROGATE.test(s)) throw error(P, `${name} contains an unpaired UTF-16 surrogate, which cannot be sent as UTF-8`);
  if (!nul && s.includes('\0')) throw error(P, `${name} contains a NUL character`);
  return s;
}

/** @internal Reads and type-checks the login parameters (each field read once). */
export function tokenFields(params) {
  if (!params || typeof params !== 'object') throw typeError(P, `buildTokenRequest(params): params must be an object, got ${describe(params)}`);
  const scope = params.scope ?? 'auto';
  if (scope !== 'project' && scope !== 'domain' && scope !== 'auto') throw typeError(P, `scope must be 'project' or 'domain' (default: project when a region or project is given, else domain), got ${typeof scope === 'string' ? JSON.stringify(scope) : describe(scope)}`);
  const nocatalog = params.nocatalog ?? true;
  if (typeof nocatalog !== 'boolean') throw typeError(P, `nocatalog must be a boolean, got ${describe(nocatalog)}`);
  let mfa;
  if (params.mfa !== undefined && params.mfa !== null) {
    if (typeof params.mfa !== 'object') throw typeError(P, `mfa must be { userId, passcode }, got ${describe(params.mfa)}`);
    if (typeof params.mfa.passcode === 'number') throw typeError(P, 'mfa.passcode must be a string (a number would lose leading zeros)');
    mfa = { userId: text(params.mfa, 'userId', { required: true }), passcode: text(params.mfa, 'passcode', { required: true }) };
  }
  return {
    scope, nocatalog, mfa, region: text(params, 'region'), endpoint: text(params, 'endpoint'),
    domainName: text(params, 'domainName', { required: true }), userName: text(params, 'userName', { required: true }),
    projectName: text(params, 'projectName'), projectId: text(params, 'projectId'), password: text(params, 'password', { required: true, nul: true }),
  };
}

function required(value, what) {
  if (!value) throw error(P, `${what} is required and must not be empty`);
}

/** @internal The IAM base URL: `endpoint` without trailing `/`, else the region's, else the global one. */
export function iamBase(region, endpoint) {
  if (region !== undefined && !/^(?!-)[a-z0-9-]{1,64}$/.test(region)) throw error(P, 'region must be a region id such as cn-north-4');
  if (endpoint === undefined) return region === undefined ? 'https://iam.myhuaweicloud.com' : `https://iam.${region}.myhuaweicloud.com`;
  let n = endpoint.length;
  while (n > 0 && endpoint[n - 1] === '/') n--;
  const base = endpoint.slice(0, n);
  if (!/^https?:\/\/[^/]/i.test(base) || /[\0- \x7f-\uffff?#@]/.test(base)) {
    throw error(P, 'endpoint must be an http(s) base URL such as https://iam.cn-north-4.myhuaweicloud.com (no query, fragment or user info)');
  }
  return base;
}

/**
 * @internal Checks the fields of tokenFields() that need more than a type: empty values, region,
 * endpoint, scope and MFA. Returns the login URL and the token's scope object.
 */
export function tokenTarget({ scope, nocatalog, mfa, region, endpoint, domainName, userName, projectName, projectId, password }) {
  required(domainName, 'domainName (the account name)');
  required(userName, 'userName');
  required(password, 'password');
  const url = iamBase(region, endpoint) + '/v3/auth/tokens' + (nocatalog ? '?nocatalog=true' : '');
  let target;
  if (scope === 'domain' || (scope === 'auto' && projectId === undefined && projectName === undefined && region === undefined)) {
    target = { domain: { name: domainName } };
  } else {
    if (projectId !== undefined && projectName !== undefined) throw error(P, 'give either projectId or projectName, not both');
    const name = projectName ?? region;
    if (projectId === undefined && name === undefined) throw error(P, "a project-scoped token needs projectName, projectId or region (whose default project it is); or use scope: 'domain'");
    required(projectId ?? name, 'projectId / projectName');
    target = { project: projectId !== undefined ? { id: projectId } : { name } };
  }
  if (mfa) {
    required(mfa.userId, 'mfa.userId');
    required(mfa.passcode, 'mfa.passcode');
  }
  return { url, target };
}

/** @internal Checks login parameters completely (what buildTokenRequest would refuse), without building a body. */
export function checkTokenParams(params, what = 'buildTokenRequest(params)') {
  return tokenTarget(guard(P, what, () => tokenFields(params)));
}

/** JSON.stringify, but writing \b and \f as \u0008 and \u000c like the Rust builder. */
const json = (v) => JSON.stringify(v).replace(/\\[\\bf]/g, (m) => (m === '\\b' ? '\\u0008' : m === '\\f' ? '\\u000c' : m));

/** @internal The login body for checked fields and their target. */
function tokenBody({ mfa, domainName, userName, password }, target) {
  const identity = { methods: ['password'], password: { user: { name: userName, password, domain: { name: domainName } } } };
  if (mfa) {
    identity.methods.push('totp');
    identity.totp = { user: { id: mfa.userId, passcode: mfa.passcode } };
  }
  return json({ auth: { identity, scope: target } });
}

/**
 * Builds IAM's password login request (`POST /v3/auth/tokens`). Send it with `fetch(url, init)`;
 * the token comes back in the `X-Subject-Token` header (see parseTokenResponse).
 */
export async function buildTokenRequest(params) {
  const fields = guard(P, 'buildTokenRequest(params)', () => tokenFields(params));
  const { url, target } = tokenTarget(fields);
  return { method: 'POST', url, headers: { 'Content-Type': IAM_CONTENT_TYPE }, body: tokenBody(fields, target) };
}

/** @internal Checks a temporary key duration at once (900 to 86400 seconds), showing the bad value. */
export function checkDuration(d, what) {
  if (!Number.isInteger(d) || d < 900 || d > 86400) {
    const shown = typeof d === 'number' ? String(d) : describe(d);
    const make = typeof d === 'number' ? error : typeError;
    throw make(P, `${what}: durationSeconds must be an integer number of seconds from 900 (15 minutes) to 86400 (24 hours), got ${shown}`);
  }
  return d;
}

/**
 * Builds the temporary access key request (`POST /v3.0/OS-CREDENTIAL/securitytokens`) for an IAM
 * token: `{ token, region?, endpoint?, durationSeconds? = 900 }` (900 to 86400 seconds).
 */
export async function buildSecurityTokenRequest(params) {
  const [d, token, region, endpoint] = guard(P, 'buildSecurityTokenRequest(params)', () => {
    if (!params || typeof params !== 'object') throw typeError(P, `buildSecurityTokenRequest(params): params must be an object, got ${describe(params)}`);
    const d = params.durationSeconds ?? 900;
    if (!Number.isInteger(d)) throw typeError(P, `durationSeconds must be an integer number of seconds (900 to 86400), got ${typeof d === 'number' ? d : describe(d)}`);
    return [d, text(params, 'token', { required: true }), text(params, 'region'), text(params, 'endpoint')];
  });
  required(token, 'token');
  if (!VISIBLE_ASCII.test(token)) throw error(P, 'token must be printable ASCII (it is sent as X-Auth-Token)');
  if (!(d >= 900 && d <= 86400)) throw error(P, 'durationSeconds must be an integer from 900 (15 minutes) to 86400 (24 hours)');
  return {
    method: 'POST',
    url: iamBase(region, endpoint) + '/v3.0/OS-CREDENTIAL/securitytokens',
    headers: { 'Content-Type': IAM_CONTENT_TYPE, 'X-Auth-Token': token },
    body: `{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":${d}}}}}`,
  };
}
