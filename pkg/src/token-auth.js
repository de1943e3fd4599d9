// TokenAuth: an IAM token obtained by password login and kept fresh (RefreshCache), fetch with
// X-Auth-Token, and temporary access keys obtained with the token. Plain JavaScript, no wasm.

import { HwCloudSignerError, describe, error, typeError } from './errors.js';
import { guard } from './guard.js';
import { DEFAULT_REFRESH_FRACTION, DEFAULT_SAFETY_MARGIN_MS, RefreshCache } from './refresh-cache.js';
import { TOKEN_PARAM_NAMES, buildSecurityTokenRequest, buildTokenRequest, checkDuration, checkTokenParams, tokenFields } from './token-params.js';
import { headerOf, mayContain, parseSecurityTokenResponse, readTokenResponse, sanitise } from './token-response.js';
import { discard, isStaleToken } from './gateway-errors.js';
import { BODY_HEADERS, nextHop, redirectMode } from './redirect.js';

const P = 'ERR_INVALID_TOKEN_PARAMS';
/** Default limit on one IAM login (or temporary key request), after which it is aborted. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;

function ms(v, d, name, what) {
  const x = v ?? d;
  if (typeof x !== 'number') throw typeError('ERR_INVALID_ARGUMENT', `${what}: ${name} must be a number of milliseconds, got ${describe(x)}`);
  if (!(x >= 0) || (name === 'loginTimeoutMs' && !(x > 0))) throw error('ERR_INVALID_ARGUMENT', `${what}: ${name} must be a ${name === 'loginTimeoutMs' ? 'positive' : 'non-negative'} number of milliseconds (or Infinity), got ${x}`);
  return x;
}

function options(opts, what) {
  const fetchFn = opts.fetch ?? ((...a) => globalThis.fetch(...a));
  if (typeof fetchFn !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: fetch must be a function, got ${describe(fetchFn)}`);
  const clock = opts.clock ?? Date.now;
  if (typeof clock !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: clock must be a function returning epoch milliseconds`);
  const fraction = opts.refreshFraction ?? DEFAULT_REFRESH_FRACTION;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction < 1)) throw typeError('ERR_INVALID_ARGUMENT', `${what}: refreshFraction must be a number in [0, 1), got ${typeof fraction === 'number' ? fraction : describe(fraction)}`);
  const onRefreshError = opts.onRefreshError;
  if (onRefreshError !== undefined && typeof onRefreshError !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `${what}: onRefreshError must be a function, got ${describe(onRefreshError)}`);
  return {
    fetchFn, clock, fraction, onRefreshError,
    timeoutMs: ms(opts.loginTimeoutMs, DEFAULT_LOGIN_TIMEOUT_MS, 'loginTimeoutMs', what),
    safetyMarginMs: ms(opts.safetyMarginMs, DEFAULT_SAFETY_MARGIN_MS, 'safetyMarginMs', what),
  };
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

const WITHHELD = '(the error message is not shown because it may contain the password)';

/** Whether an error, its stack or its causes may show part of `secret`. */
function leaks(e, secret, depth = 0) {
  if (!e || typeof e !== 'object' || depth > 3) return mayContain(String(e), secret);
  return mayContain(String(e.message ?? ''), secret) || mayContain(String(e.stack ?? ''), secret) || (e.cause !== undefined && leaks(e.cause, secret, depth + 1));
}

/** A copy of a network error that keeps its name and codes (err.cause.code) but not its text. */
function safeCopy(e, secret, depth = 0) {
  if (!e || typeof e !== 'object') return new Error(WITHHELD);
  const c = new Error(sanitise(String(e.message ?? ''), secret) ?? WITHHELD);
  c.name = typeof e.name === 'string' && /^\w{1,40}$/.test(e.name) ? e.name : 'Error';
  if (typeof e.code === 'string' && /^[A-Z_0-9]{1,40}$/.test(e.code)) c.code = e.code;
  if (e.cause !== undefined && depth < 3) c.cause = safeCopy(e.cause, secret, depth + 1);
  c.stack = `${c.name}: ${c.message}`;
  return c;
}

function networkError(e, url, what, secret) {
  if (e instanceof HwCloudSignerError || (e && e.name === 'AbortError')) return e;
  const raw = e && e.message ? String(e.message) : String(e);
  const shown = sanitise(raw, secret) ?? WITHHELD;
  const cause = leaks(e, secret) ? safeCopy(e, secret) : e;
  return error('ERR_NETWORK', `could not reach IAM (${what}) at ${url}: ${shown}. In a browser this is usually CORS: IAM does not answer cross-origin requests, so call it through a same-origin proxy (see the README)`, { cause });
}

/** The absolute URL of fetch's input, when it has one. */
function urlOf(input) {
  if (typeof Request === 'function' && input instanceof Request) return input.url;
  try {
    const base = typeof location === 'object' && location && location.href ? location.href : undefined;
    return new URL(String(input), base).href;
  } catch {
    return String(input);
  }
}

/**
 * An IAM token for `X-Auth-Token`, obtained by password login and kept fresh.
 *
 * `new TokenAuth({ ...TokenParams, fetch?, refreshFraction? = 0.2, safetyMarginMs? = 60000,
 * loginTimeoutMs? = 30000, onRefreshError?, clock? })`. Every parameter is checked here. The token
 * is cached and refreshed in the background when less than `refreshFraction` of its lifetime
 * remains; while it is valid (more than `safetyMarginMs` before expiry) callers get it at once even
 * if that refresh fails (`lastRefreshError`, `onRefreshError`). Without a valid token, callers wait
 * for one shared login, which a failure rejects for all, and the next call tries again. A login
 * taking more than `loginTimeoutMs` is aborted (ERR_TIMEOUT).
 */
export class TokenAuth {
  #params;
  #fetch;
  #opts;
  #cache;

  constructor(params) {
    const { opts, copy } = guard(P, 'new TokenAuth(params)', () => {
      if (!params || typeof params !== 'object') throw typeError(P, `new TokenAuth(params): params must be an object, got ${describe(params)}`);
      const o = options(params, 'new TokenAuth');
      const c = {};
      for (const k of TOKEN_PARAM_NAMES) {
        const v = params[k];
        if (v !== undefined) c[k] = k === 'mfa' && v && typeof v === 'object' ? { userId: v.userId, passcode: v.passcode } : v;
      }
      tokenFields(c);
      return { opts: o, copy: c };
    });
    checkTokenParams(copy, 'new TokenAuth(params)'); // empty fields, region, endpoint, scope: now, not on first use
    this.#params = copy;
    this.#fetch = opts.fetchFn;
    this.#opts = opts;
    this.#cache = this.#newCache((ctx) => this.#login(ctx), 'the IAM token login');
  }

  #newCache(load, what) {
    const { clock, fraction, safetyMarginMs, timeoutMs, onRefreshError } = this.#opts;
    return new RefreshCache(load, { clock, fraction, safetyMarginMs, timeoutMs, onRefreshError, what });
  }

  async #login({ signal }) {
    const req = await buildTokenRequest(this.#params);
    const started = this.#opts.clock();
    const password = this.#params.password;
    let res;
    try {
      res = await this.#fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
    } catch (e) {
      throw networkError(e, req.url, 'token login', password);
    }
    const info = await readTokenResponse(res, password);
    return { value: info, expiresAt: info.expiresAt.getTime(), issuedAt: info.issuedAt.getTime(), skew: skewOf(res.headers, started) };
  }

  /** The token (cached; refreshed before expiry). `signal` stops this caller's wait only. */
  async token(options) {
    return (await this.tokenInfo(options)).token;
  }

  /** The token with what IAM said about it: `{ token, expiresAt, issuedAt, projectId?, domainId?, userId? }`. */
  tokenInfo(options) {
    const signal = options && typeof options === 'object' ? options.signal : undefined;
    return this.#cache.get(signal ? { signal } : undefined);
  }

  /** The error of the last failed login (also a background one while the token stayed valid), or null after a success. */
  get lastRefreshError() {
    return this.#cache.lastRefreshError;
  }

  /** Forgets the cached token (or only `token`, if it is still the cached one); the next call logs in again. */
  invalidate(token) {
    const v = this.#cache.peek();
    if (token === undefined || (v && v.token === token)) this.#cache.invalidate();
  }

  /**
   * `fetch` with `X-Auth-Token`. On `401 APIGW.0307` ("The token must be updated") the token is
   * refreshed once and the request retried (unless its body is a stream, which cannot be resent).
   * Redirects are followed on the same origin only, with the token added again (see redirect.js).
   */
  async fetch(input, init) {
    const isReq = typeof Request === 'function' && input instanceof Request;
    const baseHeaders = init && init.headers !== undefined ? init.headers : isReq ? input.headers : undefined;
    const signal = init && init.signal !== undefined ? init.signal : isReq ? input.signal : undefined;
    const mode = redirectMode(init && init.redirect !== undefined ? init.redirect : isReq ? input.redirect : undefined);
    // A Request is cloned for every attempt; only a ReadableStream in init.body cannot be resent.
    const replayable = !(init && init.body && typeof init.body.getReader === 'function');
    let cur = { url: urlOf(input), method: String((init && init.method) ?? (isReq ? input.method : 'GET')).toUpperCase(), dropBody: false, hops: 0 };
    let staleRetried = false;
    for (;;) {
      const token = await this.token(signal ? { signal } : undefined);
      const headers = new Headers(baseHeaders);
      if (cur.dropBody) for (const n of BODY_HEADERS) headers.delete(n);
      headers.set('X-Auth-Token', token);
      let res;
      if (cur.hops === 0) {
        const opts = { ...init, headers, redirect: 'manual' };
        if (!replayable && opts.duplex === undefined) opts.duplex = 'half'; // required for stream bodies
        res = await this.#fetch(isReq ? input.clone() : input, opts);
      } else {
        const opts = { ...init, method: cur.method, headers, redirect: 'manual' };
        if (signal) opts.signal = signal;
        if (cur.dropBody || cur.method === 'GET' || cur.method === 'HEAD') delete opts.body;
        else if (isReq && (!init || init.body === undefined)) opts.body = await input.clone().arrayBuffer();
        res = await this.#fetch(cur.url, opts);
      }
      const hop = nextHop(res, { url: res.url || cur.url, method: cur.method, mode, hops: cur.hops, replayable: replayable || cur.dropBody });
      if (hop) {
        await discard(res);
        cur = { ...hop, dropBody: cur.dropBody || hop.dropBody, hops: cur.hops + 1 };
        continue;
      }
      if (!staleRetried && (replayable || cur.dropBody) && (await isStaleToken(res))) {
        staleRetried = true;
        this.invalidate(token);
        await discard(res);
        continue;
      }
      return res;
    }
  }

  /**
   * A credentials provider for HuaweiCloudClient: temporary AK/SK/security token obtained with this
   * token (`POST /v3.0/OS-CREDENTIAL/securitytokens`), cached and refreshed like the token (a valid
   * key is served while a refresh fails; `provider.lastRefreshError`). `durationSeconds`: 900
   * (default) to 86400, checked here.
   */
  temporaryCredentials(options) {
    if (options !== undefined && (options === null || typeof options !== 'object')) throw typeError('ERR_INVALID_ARGUMENT', `temporaryCredentials(options): options must be an object, got ${describe(options)}`);
    const durationSeconds = checkDuration(guard(P, 'temporaryCredentials(options)', () => (options && options.durationSeconds) ?? 900), 'temporaryCredentials');
    const { region, endpoint, password } = this.#params;
    const load = async ({ signal }) => {
      for (let attempt = 0; ; attempt++) {
        const token = await this.token({ signal });
        const req = await buildSecurityTokenRequest({ token, region, endpoint, durationSeconds });
        const started = this.#opts.clock();
        let res;
        try {
          res = await this.#fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
        } catch (e) {
          throw networkError(e, req.url, 'temporary access key', password);
        }
        if (attempt === 0 && res.status === 401) {
          // The token may have been revoked or expired early: log in again once.
          this.invalidate(token);
          await discard(res);
          continue;
        }
        const c = await parseSecurityTokenResponse(res);
        return { value: c, expiresAt: c.expiresAt.getTime(), skew: skewOf(res.headers, started) };
      }
    };
    const cache = this.#newCache(load, 'the temporary access key request');
    const provider = (opts) => cache.get(opts && typeof opts === 'object' && opts.signal ? { signal: opts.signal } : undefined);
    provider.invalidate = () => cache.invalidate();
    Object.defineProperty(provider, 'lastRefreshError', { get: () => cache.lastRefreshError, enumerable: true });
    return provider;
  }
}
