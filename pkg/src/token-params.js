// The IAM requests: login parameters and their type checks in JavaScript; the URL, headers and
// JSON body come from the Rust builder (src/token.rs) in the wasm module loaded on first use
// (`buildTokenRequest` / `buildSecurityTokenRequest` of hwcloud_signer_ext, src/wasm/token.rs).
// checkTokenParams() repeats the builder's value checks synchronously, for TokenAuth's constructor;
// tests/js/token-vectors.test.mjs holds it to the builder's verdict on every vector.

import { describe, error, typeError } from './errors.js';
import { guard } from './guard.js';
import { loadModule } from './modules.js';

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

/** @internal The builder's region and endpoint checks (an endpoint's trailing `/` are ignored). */
function checkBase(region, endpoint) {
  if (region !== undefined && !/^(?!-)[a-z0-9-]{1,64}$/.test(region)) throw error(P, 'region must be a region id such as cn-north-4');
  if (endpoint === undefined) return;
  const base = endpoint.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(base) || /[\0- \x7f-\uffff?#@]/.test(base)) {
    throw error(P, 'endpoint must be an http(s) base URL such as https://iam.cn-north-4.myhuaweicloud.com (no query, fragment or user info)');
  }
}

/**
 * @internal The builder's value checks on the fields of tokenFields(), in its order and with its
 * messages: empty values, region, endpoint, scope and MFA.
 */
function checkTokenValues({ scope, mfa, region, endpoint, domainName, userName, projectName, projectId, password }) {
  required(domainName, 'domainName (the account name)');
  required(userName, 'userName');
  required(password, 'password');
  checkBase(region, endpoint);
  if (!(scope === 'domain' || (scope === 'auto' && projectId === undefined && projectName === undefined && region === undefined))) {
    if (projectId !== undefined && projectName !== undefined) throw error(P, 'give either projectId or projectName, not both');
    const name = projectName ?? region;
    if (projectId === undefined && name === undefined) throw error(P, "a project-scoped token needs projectName, projectId or region (whose default project it is); or use scope: 'domain'");
    required(projectId ?? name, 'projectId / projectName');
  }
  if (mfa) {
    required(mfa.userId, 'mfa.userId');
    required(mfa.passcode, 'mfa.passcode');
  }
}

/** @internal Checks login parameters completely (what buildTokenRequest would refuse), without building a body. */
export function checkTokenParams(params, what = 'buildTokenRequest(params)') {
  checkTokenValues(guard(P, what, () => tokenFields(params)));
}

/** The ext module once loaded: later calls do not wait, as when the body was built in JavaScript. */
let ext;

/**
 * @internal Calls the wasm builder `name` with the checked parameters as JSON; returns its
 * `{ method, url, headers, body }` or throws its coded error (`!CODE\nmessage`). A trap becomes
 * ERR_INTERNAL and the module is replaced (wasm-module.js).
 */
function build(module, name, fields) {
  ext = module;
  const out = module.call((b) => b[name](JSON.stringify(fields)));
  if (out.charCodeAt(0) === 33 /* '!' */) {
    const nl = out.indexOf('\n');
    throw error(out.slice(1, nl), out.slice(nl + 1));
  }
  return JSON.parse(out);
}

/**
 * Builds IAM's password login request (`POST /v3/auth/tokens`). Send it with `fetch(url, init)`;
 * the token comes back in the `X-Subject-Token` header (see parseTokenResponse).
 */
export async function buildTokenRequest(params) {
  const fields = guard(P, 'buildTokenRequest(params)', () => tokenFields(params));
  return build(ext ?? (await loadModule('ext')), 'buildTokenRequest', fields);
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
  const fields = guard(P, 'buildSecurityTokenRequest(params)', () => {
    if (!params || typeof params !== 'object') throw typeError(P, `buildSecurityTokenRequest(params): params must be an object, got ${describe(params)}`);
    const d = params.durationSeconds ?? 900;
    if (!Number.isInteger(d)) throw typeError(P, `durationSeconds must be an integer number of seconds (900 to 86400), got ${typeof d === 'number' ? d : describe(d)}`);
    return { token: text(params, 'token', { required: true }), region: text(params, 'region'), endpoint: text(params, 'endpoint'), durationSeconds: d };
  });
  return build(ext ?? (await loadModule('ext')), 'buildSecurityTokenRequest', fields);
}
