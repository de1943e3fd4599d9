// IAM token authentication: the IAM requests (built with JSON.stringify) and their answers (read
// with JSON.parse and a strict ISO 8601 parser), TokenAuth (a cached, self-refreshing token) and
// the temporary access key provider built on it. Plain JavaScript, no wasm: the rules, messages and
// exact bodies are those of the Rust core's src/token.rs (tests/js/fixtures/token-*.json).

import { HwCloudSignerError, HwCloudSignerTypeError, describe, error, typeError } from './errors.js';

/** Content-Type of both IAM requests. */
export const IAM_CONTENT_TYPE = 'application/json;charset=utf8';
/** Default share of a token's lifetime left when TokenAuth refreshes it (see README). */
export const DEFAULT_REFRESH_FRACTION = 0.2;

const dec = new TextDecoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const P = 'ERR_INVALID_TOKEN_PARAMS';

/**
 * @internal Runs `fn()` (which reads caller-supplied objects). An exception from a user getter or
 * a Proxy trap becomes a coded HwCloudSignerTypeError with the original as `cause`.
 */
export function guard(code, what, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    throw new HwCloudSignerTypeError(code, `${what}: reading the argument threw an exception (see err.cause)`, { cause: e });
  }
}

/** @internal The async counterpart of guard(). */
export async function guardAsync(code, what, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    throw new HwCloudSignerTypeError(code, `${what}: reading the argument threw an exception (see err.cause)`, { cause: e });
  }
}

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

/** Reads and type-checks the login parameters (each field read once). */
function tokenFields(params) {
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

/** The IAM base URL: `endpoint` without trailing `/`, else the region's, else the global one. */
function iamBase(region, endpoint) {
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

/** JSON.stringify, but writing \b and \f as \u0008 and \u000c like the Rust builder. */
const json = (v) => JSON.stringify(v).replace(/\\[\\bf]/g, (m) => (m === '\\b' ? '\\u0008' : m === '\\f' ? '\\u000c' : m));

function tokenRequest({ scope, nocatalog, mfa, region, endpoint, domainName, userName, projectName, projectId, password }) {
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
  const identity = { methods: ['password'], password: { user: { name: userName, password, domain: { name: domainName } } } };
  if (mfa) {
    required(mfa.userId, 'mfa.userId');
    required(mfa.passcode, 'mfa.passcode');
    identity.methods.push('totp');
    identity.totp = { user: { id: mfa.userId, passcode: mfa.passcode } };
  }
  return { method: 'POST', url, headers: { 'Content-Type': IAM_CONTENT_TYPE }, body: json({ auth: { identity, scope: target } }) };
}

/**
 * Builds IAM's password login request (`POST /v3/auth/tokens`). Send it with `fetch(url, init)`;
 * the token comes back in the `X-Subject-Token` header (see parseTokenResponse).
 */
export async function buildTokenRequest(params) {
  return tokenRequest(guard(P, 'buildTokenRequest(params)', () => tokenFields(params)));
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

// ---------------------------------------------------------------------------------------------
// Responses

/** IAM refused a request (any status but 201). `status`, `iamCode`, `iamMessage`, `requestId`. */
export class IamError extends HwCloudSignerError {
  constructor({ status, iamCode, iamMessage, requestId } = {}, message) {
    super('ERR_IAM', message ?? iamErrorMessage(status, iamCode, iamMessage, requestId));
    this.status = status;
    this.iamCode = iamCode;
    this.iamMessage = iamMessage;
    this.requestId = requestId;
  }
}

function iamErrorMessage(status, code, msg, requestId) {
  let hint = '';
  if (status === 401) hint = ' Check domainName (the account name), userName and password; accounts upgraded to HUAWEI ID cannot log in with a password (use an IAM user).';
  else if (status === 403) hint = ' The user may be disabled, lack the permission, or need MFA (mfa: { userId, passcode }).';
  else if (status === 404 || status === 405) hint = ' Check the IAM endpoint URL.';
  return `IAM answered HTTP ${status}${code && code !== String(status) ? ` ${code}` : ''}: ${msg ? msg.replace(/\.+$/, '') : 'no error message'}.${hint}${requestId ? ` (request id ${requestId})` : ''}`;
}

/** A lower-cased snapshot of Headers, a record or [name, value] pairs. */
function headerMap(headers) {
  const m = new Map();
  if (!headers || typeof headers !== 'object') return m;
  const pairs = typeof headers.forEach === 'function' && typeof headers.get === 'function' ? [...headers.entries()]
    : typeof headers[Symbol.iterator] === 'function' ? headers : Object.entries(headers);
  for (const pair of pairs) {
    if (!pair || typeof pair !== 'object' || pair.length !== 2) continue;
    const [k, v] = pair;
    if (v !== undefined && v !== null) m.set(String(k).toLowerCase(), String(v));
  }
  return m;
}

function headerOf(headers, name) {
  return headers instanceof Map ? headers.get(name) : headerMap(headers).get(name);
}

async function readResponse(response, fn) {
  return guardAsync('ERR_INVALID_ARGUMENT', `${fn}(response)`, async () => {
    if (!response || typeof response !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `${fn}(response): expected a Response or { status, headers, body }, got ${describe(response)}`);
    const { status } = response;
    if (!Number.isInteger(status) || status < 100 || status > 999) throw typeError('ERR_INVALID_ARGUMENT', `${fn}(response): status must be an HTTP status code, got ${describe(status)}`);
    let body;
    if (typeof Response === 'function' && response instanceof Response) {
      if (response.bodyUsed) throw error('ERR_INVALID_ARGUMENT', `${fn}(response): the response body was already read; pass a fresh Response (or response.clone())`);
      body = await response.text();
    } else {
      body = response.body;
      if (body === undefined || body === null) body = '';
      else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) body = dec.decode(body);
      else if (typeof body !== 'string') throw typeError('ERR_INVALID_ARGUMENT', `${fn}(response): body must be a string, got ${describe(body)}`);
    }
    return { status, headers: headerMap(response.headers), body };
  });
}

const bad = (what) => error('ERR_INVALID_RESPONSE', `unusable IAM response: ${what}`);

/** Epoch milliseconds of an ISO 8601 UTC time as IAM writes it (`2020-01-04T09:05:22.701000Z`). */
function isoTime(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|[+-]00:00|\+0000)$/.exec(s);
  if (m) {
    const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
    const t = Date.UTC(y, mo - 1, d, h, mi, sec, +((m[7] ?? '') + '00').slice(0, 3));
    if (y >= 1970 && mo >= 1 && mo <= 12 && d === new Date(t).getUTCDate() && h < 24 && mi < 60 && sec < 60) return t;
  }
  throw error('ERR_INVALID_RESPONSE', 'IAM returned a timestamp that is not ISO 8601 UTC (expected e.g. 2020-01-04T09:05:22.701000Z)');
}

/**
 * @internal The scalars at dotted object paths (`token.user.id`) of a JSON body, as strings (a
 * leading `@`: an ISO time, as epoch ms); undefined when absent, null, an object or an array.
 * `strict` (a 201 body): malformed JSON, a bad time or a control character throws
 * ERR_INVALID_RESPONSE; otherwise (an error body) nothing throws and control characters become spaces.
 */
function fields(body, paths, strict) {
  let doc;
  try {
    doc = JSON.parse(body);
  } catch {
    if (strict) throw bad('the body is not valid JSON');
  }
  return paths.map((path) => {
    let v = doc;
    for (const k of path.replace('@', '').split('.')) {
      v = v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
    }
    if (v === undefined || v === null || typeof v === 'object') return undefined;
    v = String(v).replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');
    if (path[0] === '@') {
      try {
        return isoTime(v);
      } catch (e) {
        if (strict) throw e;
        return undefined;
      }
    }
    if (strict && /[\0-\x1f\x7f]/.test(v)) throw bad('a value contains control characters');
    return strict ? v : v.replace(/[\0-\x1f]/g, ' ');
  });
}

const ERROR_PATHS = ['error_code', 'code', 'error.code', 'error_msg', 'message', 'error.message', 'error.title', 'error', 'request_id'];

/** @internal An IamError from a non-201 IAM answer (any of IAM's three error body shapes). */
export function iamErrorFrom(status, headers, body) {
  const v = fields(body, ERROR_PATHS, false);
  const first = (a, b) => v.slice(a, b).find((x) => x);
  const iamCode = first(0, 3);
  let iamMessage = first(3, 8);
  if (!iamMessage && body && !/^\s*[{[]/.test(body)) iamMessage = body.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
  const requestId = headerOf(headers, 'x-request-id') || v[8] || headerOf(headers, 'x-iam-trace-id');
  return new IamError({ status, iamCode, iamMessage, requestId });
}

/**
 * Reads IAM's answer to buildTokenRequest: the token from `X-Subject-Token` (status 201), times
 * and ids from the body. Any other status throws an IamError.
 */
export async function parseTokenResponse(response) {
  const { status, headers, body } = await readResponse(response, 'parseTokenResponse');
  if (status !== 201) throw iamErrorFrom(status, headers, body);
  const [expires, issued, projectId, domainId, projectDomainId, userDomainId, userId] = fields(body, [
    '@token.expires_at', '@token.issued_at', 'token.project.id', 'token.domain.id', 'token.project.domain.id', 'token.user.domain.id', 'token.user.id',
  ], true);
  const token = headerOf(headers, 'x-subject-token');
  if (!token) {
    throw bad('no X-Subject-Token header. Browsers hide it on cross-origin responses unless IAM lists it in Access-Control-Expose-Headers (it does not): call IAM through a proxy that exposes it');
  }
  if (!VISIBLE_ASCII.test(token)) throw bad('the X-Subject-Token header is not printable ASCII');
  if (expires === undefined) throw bad('no token.expires_at in the body');
  const date = Date.parse(headerOf(headers, 'date') ?? '');
  const out = { token, expiresAt: new Date(expires), issuedAt: new Date(issued ?? (Number.isNaN(date) ? Date.now() : date)) };
  const dom = domainId || projectDomainId || userDomainId;
  if (projectId) out.projectId = projectId;
  if (dom) out.domainId = dom;
  if (userId) out.userId = userId;
  return out;
}

/**
 * Reads the temporary access key answer: `{ ak, sk, securityToken, expiresAt }`, ready to pass to
 * signRequest or HuaweiCloudClient as credentials. Any status but 201 throws an IamError.
 */
export async function parseSecurityTokenResponse(response) {
  const { status, headers, body } = await readResponse(response, 'parseSecurityTokenResponse');
  if (status !== 201) throw iamErrorFrom(status, headers, body);
  const [expires, ak, securityToken, sk] = fields(body, ['@credential.expires_at', 'credential.access', 'credential.securitytoken', 'credential.secret'], true);
  if (expires === undefined || !ak || !sk || !securityToken || ![ak, sk, securityToken].every((s) => VISIBLE_ASCII.test(s))) {
    throw bad('credential.access, .secret, .securitytoken and .expires_at must all be present, without spaces');
  }
  return { ak, sk, securityToken, expiresAt: new Date(expires) };
}

// ---------------------------------------------------------------------------------------------
// Caching

/**
 * @internal When to refresh a credential obtained at local time `started`:
 * - its lifetime L is IAM's `expires_at - issued_at` (both IAM clock, so client clock skew cancels);
 * - it is usable locally until `started + min(L, expiresAt - skew - started)`;
 * - it is refreshed once less than `fraction × L` of that remains (20% by default: a 24 h token
 *   after ~19 h, a 15 min key after 12 min), so short credentials are not refreshed on every call
 *   as a fixed 40-minute margin would do.
 */
export function refreshDeadline({ started, expiresAt, issuedAt, skew = 0, fraction = DEFAULT_REFRESH_FRACTION }) {
  const exp = expiresAt - skew;
  const lifetime = issuedAt !== undefined && expiresAt > issuedAt ? expiresAt - issuedAt : exp - started;
  return started + Math.min(lifetime, exp - started) - fraction * Math.max(lifetime, 0);
}

/** @internal A cached value with one shared in-flight refresh. */
export class Refresher {
  #load;
  #clock;
  #fraction;
  #value = null;
  #refreshAt = -Infinity;
  #pending = null;

  constructor(load, { clock, fraction }) {
    this.#load = load;
    this.#clock = clock;
    this.#fraction = fraction;
  }

  /** The cached value, or the result of the one refresh in flight (started if needed). */
  get() {
    if (this.#value !== null && this.#clock() < this.#refreshAt) return Promise.resolve(this.#value);
    if (!this.#pending) {
      const started = this.#clock();
      const p = Promise.resolve().then(() => this.#load());
      this.#pending = p.then(
        ({ value, expiresAt, issuedAt, skew }) => {
          this.#pending = null;
          this.#value = value;
          this.#refreshAt = refreshDeadline({ started, expiresAt, issuedAt, skew, fraction: this.#fraction });
          return value;
        },
        (e) => {
          this.#pending = null;
          throw e;
        },
      );
    }
    return this.#pending;
  }

  /** Marks `value` (or whatever is cached) stale, unless a newer value has replaced it. */
  invalidate(value) {
    if (value === undefined || this.#value === value) this.#refreshAt = -Infinity;
  }

  /** @internal */
  get cached() {
    return this.#value;
  }
}

function options(opts, what) {
  const fetchFn = opts.fetch ?? ((...a) => globalThis.fetch(...a));
  if (typeof fetchFn !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: fetch must be a function, got ${describe(fetchFn)}`);
  const clock = opts.clock ?? Date.now;
  if (typeof clock !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: clock must be a function returning epoch milliseconds`);
  const fraction = opts.refreshFraction ?? DEFAULT_REFRESH_FRACTION;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction < 1)) throw typeError('ERR_INVALID_ARGUMENT', `${what}: refreshFraction must be a number in [0, 1), got ${describe(fraction)}`);
  return { fetchFn, clock, fraction };
}

/**
 * @internal Clock skew (server − local, ms) from a response's Date header, when it is between 30 s
 * (below that: Date's 1 s resolution and network time) and 6 h (beyond that a fixed or broken Date
 * header is likelier than a clock that far off).
 */
function skewOf(headers, localNow) {
  const server = Date.parse(headerOf(headers, 'date') ?? '');
  const skew = Number.isNaN(server) ? 0 : server - localNow;
  return Math.abs(skew) > 30_000 && Math.abs(skew) < 6 * 3600_000 ? skew : 0;
}

function networkError(e, url, what) {
  if (e && e.name === 'AbortError') return e;
  return error('ERR_NETWORK', `could not reach IAM (${what}) at ${url}: ${e && e.message ? e.message : e}. In a browser this is usually CORS: IAM does not answer cross-origin requests, so call it through a same-origin proxy (see the README)`, { cause: e });
}

function scrub(e, secrets) {
  if (!(e instanceof Error)) return e;
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    for (const k of ['message', 'iamMessage', 'stack']) {
      if (typeof e[k] === 'string' && e[k].includes(s)) e[k] = e[k].split(s).join('***');
    }
  }
  return e;
}

/** @internal Reads a gateway error body `{error_code, error_msg, request_id}` (or null). */
export async function gatewayError(res) {
  let body;
  try {
    body = await res.clone().text();
  } catch {
    return null;
  }
  let j;
  try {
    j = JSON.parse(body);
  } catch {
    return null;
  }
  if (!j || typeof j !== 'object') return null;
  const e = j.error && typeof j.error === 'object' ? j.error : j;
  const code = e.error_code ?? e.code;
  const message = e.error_msg ?? e.message;
  return {
    code: code === undefined ? undefined : String(code),
    message: message === undefined ? '' : String(message),
    requestId: res.headers.get('x-request-id') ?? (typeof j.request_id === 'string' ? j.request_id : undefined),
  };
}

/** @internal Whether a gateway 401 says the token is stale (APIGW.0307, or 0301 "token expires"). */
export async function isStaleToken(res) {
  if (res.status !== 401) return false;
  const g = await gatewayError(res);
  return !!g && (g.code === 'APIGW.0307' || (g.code === 'APIGW.0301' && /token (?:expire|must be updated)/i.test(g.message)));
}

const TOKEN_PARAM_NAMES = ['region', 'endpoint', 'domainName', 'userName', 'password', 'projectName', 'projectId', 'scope', 'mfa', 'nocatalog'];

/**
 * An IAM token for `X-Auth-Token`, obtained by password login and kept fresh.
 *
 * `new TokenAuth({ ...TokenParams, fetch?, refreshFraction? = 0.2, clock? })`. The token is cached
 * and refreshed when less than `refreshFraction` of its lifetime remains; concurrent callers share
 * one IAM request; a failed login rejects every waiter and the next call tries again.
 */
export class TokenAuth {
  #params;
  #fetch;
  #clock;
  #fraction;
  #cache;

  constructor(params) {
    const { fetchFn, clock, fraction, copy } = guard(P, 'new TokenAuth(params)', () => {
      if (!params || typeof params !== 'object') throw typeError(P, `new TokenAuth(params): params must be an object, got ${describe(params)}`);
      const o = options(params, 'new TokenAuth');
      const c = {};
      for (const k of TOKEN_PARAM_NAMES) {
        const v = params[k];
        if (v !== undefined) c[k] = k === 'mfa' && v && typeof v === 'object' ? { userId: v.userId, passcode: v.passcode } : v;
      }
      tokenFields(c); // type checks now; the rest (empty fields, region, endpoint) on first use
      return { ...o, copy: c };
    });
    this.#params = copy;
    this.#fetch = fetchFn;
    this.#clock = clock;
    this.#fraction = fraction;
    this.#cache = new Refresher(() => this.#login(), { clock, fraction });
  }

  async #login() {
    const req = await buildTokenRequest(this.#params);
    const started = this.#clock();
    let res;
    try {
      res = await this.#fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    } catch (e) {
      throw networkError(e, req.url, 'token login');
    }
    let info;
    try {
      info = await parseTokenResponse(res);
    } catch (e) {
      throw scrub(e, [this.#params.password]);
    }
    return { value: info, expiresAt: info.expiresAt.getTime(), issuedAt: info.issuedAt.getTime(), skew: skewOf(res.headers, started) };
  }

  /** The token (cached; refreshed before expiry). */
  async token() {
    return (await this.#cache.get()).token;
  }

  /** The token with what IAM said about it: `{ token, expiresAt, issuedAt, projectId?, domainId?, userId? }`. */
  tokenInfo() {
    return this.#cache.get();
  }

  /** Forgets the cached token (or only `token`, if it is still the cached one); the next call logs in again. */
  invalidate(token) {
    const v = this.#cache.cached;
    if (token === undefined || (v && v.token === token)) this.#cache.invalidate();
  }

  /**
   * `fetch` with `X-Auth-Token`. On `401 APIGW.0307` ("The token must be updated") the token is
   * refreshed once and the request retried (unless its body is a stream, which cannot be resent).
   */
  async fetch(input, init) {
    const isReq = typeof Request === 'function' && input instanceof Request;
    const baseHeaders = init && init.headers !== undefined ? init.headers : isReq ? input.headers : undefined;
    // A Request is cloned for every attempt; only a ReadableStream in init.body cannot be resent.
    const replayable = !(init && init.body && typeof init.body.getReader === 'function');
    for (let attempt = 0; ; attempt++) {
      const token = await this.token();
      const headers = new Headers(baseHeaders);
      headers.set('X-Auth-Token', token);
      const opts = { ...init, headers };
      if (!replayable && opts.duplex === undefined) opts.duplex = 'half'; // required for stream bodies
      const res = await this.#fetch(isReq ? input.clone() : input, opts);
      if (attempt === 0 && replayable && (await isStaleToken(res))) {
        this.invalidate(token);
        if (res.body) await res.body.cancel().catch(() => {});
        continue;
      }
      return res;
    }
  }

  /**
   * A credentials provider for HuaweiCloudClient: temporary AK/SK/security token obtained with this
   * token (`POST /v3.0/OS-CREDENTIAL/securitytokens`), cached and refreshed like the token.
   * `durationSeconds`: 900 (default) to 86400.
   */
  temporaryCredentials({ durationSeconds = 900 } = {}) {
    const { region, endpoint } = this.#params;
    const load = async () => {
      for (let attempt = 0; ; attempt++) {
        const token = await this.token();
        const req = await buildSecurityTokenRequest({ token, region, endpoint, durationSeconds });
        const started = this.#clock();
        let res;
        try {
          res = await this.#fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
        } catch (e) {
          throw networkError(e, req.url, 'temporary access key');
        }
        if (attempt === 0 && res.status === 401) {
          // The token may have been revoked or expired early: log in again once.
          this.invalidate(token);
          if (res.body) await res.body.cancel().catch(() => {});
          continue;
        }
        const c = await parseSecurityTokenResponse(res);
        return { value: c, expiresAt: c.expiresAt.getTime(), skew: skewOf(res.headers, started) };
      }
    };
    const cache = new Refresher(load, { clock: this.#clock, fraction: this.#fraction });
    const provider = () => cache.get();
    provider.invalidate = () => cache.invalidate();
    return provider;
  }
}
