// HuaweiCloudClient: aws4fetch-shaped AK/SK client. `.sign(input, init)` gives a Request ready for
// fetch; `.fetch(input, init)` signs and sends it, re-signing every attempt. Signing itself is
// signRequest (the wasm core); this file turns fetch's inputs into its plain objects and back.

import { signRequest, collectHeaders } from './sign.js';
import { parseSdkDate } from './sdk-date.js';
import { HwCloudSignerError, SignatureMismatchError, describe, error, typeError } from './errors.js';
import { explainMismatch, parseServerMessage } from './explain.js';
import { guard, guardAsync } from './guard.js';
import { discard, gatewayError } from './gateway-errors.js';
import { BODY_HEADERS, nextHop, redirectMode } from './redirect.js';
import { discoverDomainId, discoverProjectId } from './discovery.js';

/** Most retries a client accepts (each one waits up to maxRetryDelayMs). */
export const MAX_RETRIES = 10;
/** Default limit on the wait for each attempt's response headers. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Largest clock correction taken from a "signature expired" answer (beyond it a broken Date header is likelier). */
export const MAX_CLOCK_OFFSET_MS = 6 * 3600_000;
const YEAR_2000 = Date.UTC(2000, 0, 1);
/** Methods that may be sent twice (RFC 9110 §9.2.2): retried after any failure. */
/** signRequest's algorithms (options.algorithm). */
const ALGORITHMS = ['SDK-HMAC-SHA256', 'V11-HMAC-SHA256', 'SDK-HMAC-SM3', 'SDK-ECDSA-P256-SHA256', 'SDK-SM2-SM3'];
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
/** Network error codes that mean the request never left: no connection, no DNS answer. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'UND_ERR_CONNECT_TIMEOUT']);

const REQUEST_PROPS = ['cache', 'credentials', 'integrity', 'keepalive', 'mode', 'priority', 'redirect', 'referrer', 'referrerPolicy', 'signal'];

function isStream(b) {
  return !!b && typeof b === 'object' && typeof b.getReader === 'function';
}

function hasHeader(headers, lower) {
  return headers.some(([n]) => n.toLowerCase() === lower);
}

/**
 * @internal Normalises fetch's (input, init) into { method, url, headers, body, stream, signing, props }.
 * Bodies are read once here: strings and buffers as they are; Blob, URLSearchParams and FormData
 * are serialised exactly as fetch would send them (FormData with its multipart boundary in the
 * Content-Type); a Request's body is read from a clone. ReadableStreams are sent unread and need
 * `init.hwcloud.payloadHash` or `init.hwcloud.unsignedPayload`.
 */
async function prepare(input, init) {
  if (init !== undefined && init !== null && typeof init !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `init must be an object, got ${describe(init)}`);
  init = init || {};
  const isReq = typeof Request === 'function' && input instanceof Request;
  let url;
  if (isReq) url = input.url;
  else if (typeof input === 'string' || (typeof URL === 'function' && input instanceof URL)) {
    const base = typeof location === 'object' && location && location.href ? location.href : undefined;
    try {
      url = new URL(String(input), base).href;
    } catch {
      throw error('ERR_INVALID_URL', `not an absolute URL: ${JSON.stringify(String(input).slice(0, 200))}`);
    }
  } else {
    throw typeError('ERR_INVALID_URL', `input must be a Request, URL or string, got ${describe(input)}`);
  }
  const signing = init.hwcloud || {};
  if (typeof signing !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `init.hwcloud must be an object, got ${describe(signing)}`);
  const method = String(init.method ?? (isReq ? input.method : 'GET')).toUpperCase();
  const headers = collectHeaders(init.headers !== undefined ? init.headers : isReq ? input.headers : undefined);
  const props = {};
  for (const k of REQUEST_PROPS) {
    if (init[k] !== undefined) props[k] = init[k];
    else if (isReq && k === 'signal') props.signal = input.signal;
    else if (isReq && (k === 'redirect' || k === 'credentials' || k === 'cache' || k === 'integrity' || k === 'keepalive')) props[k] = input[k];
  }
  const streamOk = signing.payloadHash !== undefined || signing.unsignedPayload === true;
  let body = init.body !== undefined ? init.body : isReq ? input.body : null;
  let stream = null;
  if (body === undefined) body = null;
  if (body !== null && (method === 'GET' || method === 'HEAD')) {
    // fetch refuses any body on GET and HEAD; an empty one is simply dropped.
    if (body === '' || ((body instanceof ArrayBuffer || ArrayBuffer.isView(body)) && body.byteLength === 0)) body = null;
    else throw typeError('ERR_UNSUPPORTED_BODY', `a ${method} request cannot have a body (fetch refuses it), got ${describe(body)}: drop the body or use another method such as POST`);
  }
  if (typeof body === 'string') {
    // fetch would add text/plain;charset=UTF-8 after signing, unsigned: sign the type that is sent.
    if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', isJsonText(body) ? 'application/json' : 'text/plain;charset=UTF-8']);
  } else if (body === null || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    // as is
  } else if (isStream(body)) {
    if (isReq && init.body === undefined && !streamOk) {
      body = new Uint8Array(await input.clone().arrayBuffer());
    } else if (!streamOk) {
      throw typeError('ERR_UNSUPPORTED_BODY', 'a ReadableStream body cannot be hashed before it is sent: pass init.hwcloud.payloadHash (hex SHA-256 of the bytes) or init.hwcloud.unsignedPayload: true (the gateway still limits bodies to 12 MB), or pass the bytes');
    } else {
      stream = isReq && init.body === undefined ? input.clone().body : body;
      body = null;
    }
  } else if ((typeof Blob === 'function' && body instanceof Blob) || (typeof URLSearchParams === 'function' && body instanceof URLSearchParams)
      || (typeof FormData === 'function' && body instanceof FormData)) {
    // Serialise exactly as fetch would, and send those bytes with the Content-Type fetch would set
    // (for FormData it carries the multipart boundary, so it is known only after serialising).
    const r = new Response(body);
    const type = r.headers.get('content-type');
    body = new Uint8Array(await r.arrayBuffer());
    if (type && !hasHeader(headers, 'content-type')) headers.push(['Content-Type', type]);
  } else {
    throw typeError('ERR_UNSUPPORTED_BODY', `unsupported body ${describe(body)}: use a string, ArrayBuffer, typed array, Blob, URLSearchParams, FormData or ReadableStream`);
  }
  return { method, url, headers, body, stream, signing, props };
}

/** A JSON object or array (what JSON APIs take), as opposed to any other text. */
function isJsonText(s) {
  if (!/^\s*[{[]/.test(s)) return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

function makeRequest(url, init) {
  try {
    return new Request(url, init);
  } catch (e) {
    // Chromium and Node need { duplex: 'half' } for stream bodies (aws4fetch does the same).
    if (!(e instanceof TypeError) || init.body === null || init.body === undefined) throw e;
    return new Request(url, { ...init, duplex: 'half' });
  }
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(t);
      reject(signal.reason);
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether a network error proves that the request never reached the server (no connection, no DNS). */
function neverSent(e) {
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 4; c = c.cause, depth++) {
    if (NEVER_SENT.has(c.code)) return true;
    if (Array.isArray(c.errors) && c.errors.length > 0 && c.errors.every((x) => x && NEVER_SENT.has(x.code))) return true;
  }
  return false;
}

/** The signal for one attempt: the caller's, plus a timeout on the response headers. */
function attemptSignal(callerSignal, timeoutMs, url) {
  if (timeoutMs === Infinity) return { signal: callerSignal, done() {}, timedOut: () => false };
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort(error('ERR_TIMEOUT', `no response from ${new URL(url).origin} within ${timeoutMs} ms (the timeoutMs option)`));
  }, timeoutMs);
  let signal = ctl.signal;
  if (callerSignal) {
    if (typeof AbortSignal.any === 'function') signal = AbortSignal.any([callerSignal, ctl.signal]);
    else if (callerSignal.aborted) ctl.abort(callerSignal.reason);
    else callerSignal.addEventListener('abort', () => ctl.abort(callerSignal.reason), { once: true });
  }
  return { signal, done: () => clearTimeout(timer), timedOut: () => timedOut, reason: () => ctl.signal.reason };
}

/** " (ECONNREFUSED)" for an error whose cause has a code. */
function codeOf(e) {
  for (let c = e && e.cause, depth = 0; c && typeof c === 'object' && depth < 3; c = c.cause, depth++) {
    if (typeof c.code === 'string' && /^[A-Z_0-9]{2,40}$/.test(c.code)) return ` (${c.code})`;
  }
  return '';
}

/** The request `p` sent to a redirect's target (see redirect.js). */
function redirected(p, hop) {
  if (!hop.dropBody) return { ...p, url: hop.url, method: hop.method };
  const { unsignedPayload, payloadHash, ...signing } = p.signing;
  const headers = p.headers.filter(([n]) => !BODY_HEADERS.has(n.toLowerCase()));
  return { ...p, url: hop.url, method: hop.method, headers, body: null, stream: null, signing };
}

/**
 * AK/SK client shaped like aws4fetch's AwsClient:
 * `new HuaweiCloudClient({ ak, sk, securityToken?, projectId?, domainId?, fetch?, retries?, algorithm?, region?, service? })`, or
 * `{ credentials: async () => ({ ak, sk, securityToken? }), ... }` for rotating temporary keys
 * (e.g. `tokenAuth.temporaryCredentials()`).
 *
 * Other options: `retries` (3, at most 10), `retryDelayMs` (100), `maxRetryDelayMs` (10000) for
 * the full-jitter backoff, `retryNonIdempotent` (false: POST and PATCH are retried only when they
 * provably never left), `timeoutMs` (30000, per attempt, until the response headers),
 * `clock` (() => epoch ms, default Date.now).
 */
export class HuaweiCloudClient {
  #static = null;
  #provider = null;
  #projectId;
  #domainId;
  #discover = null;
  #fetch;
  #retries;
  #retryDelay;
  #maxDelay;
  #clock;
  #timeout;
  #retryNonIdempotent;
  #offset = 0;
  /** Signing options for signRequest: { algorithm?, region?, service? } (region/service: V11 only). */
  #signing = {};

  constructor(options) {
    guard('ERR_INVALID_ARGUMENT', 'new HuaweiCloudClient(options)', () => this.#init(options));
  }

  #init(options) {
    if (!options || typeof options !== 'object') throw typeError('ERR_INVALID_CREDENTIALS', `new HuaweiCloudClient(options): options must be an object { ak, sk } or { credentials }, got ${describe(options)}`);
    const provider = typeof options.credentials === 'function' ? options.credentials : null;
    if (provider) this.#provider = provider;
    else {
      const c = options.credentials && typeof options.credentials === 'object' ? options.credentials : options;
      if (typeof c.ak !== 'string' || c.ak === '') throw typeError('ERR_INVALID_CREDENTIALS', `ak (access key id) must be a non-empty string, got ${c.ak === '' ? 'an empty string' : describe(c.ak)}; or pass credentials: async () => ({ ak, sk, securityToken })`);
      if (typeof c.sk !== 'string' || c.sk === '') throw typeError('ERR_INVALID_CREDENTIALS', `sk (secret access key) must be a non-empty string, got ${c.sk === '' ? 'an empty string' : describe(c.sk)}`);
      this.#static = { ak: c.ak, sk: c.sk, securityToken: c.securityToken };
    }
    this.#projectId = options.projectId;
    this.#domainId = options.domainId;
    // Project / domain id discovery (discovery.js): { region } without projectId, { discoverDomainId: true } without domainId.
    if (options.region !== undefined && (typeof options.region !== 'string' || !/^(?!-)[a-z0-9-]{1,64}$/.test(options.region))) throw typeError('ERR_INVALID_ARGUMENT', `region must be a region id such as cn-north-4, got ${describe(options.region)}`);
    if (options.region !== undefined || options.discoverDomainId === true) this.#discover = { region: options.region, iamEndpoint: options.iamEndpoint, domain: options.discoverDomainId === true };
    // Signing algorithm (signRequest's options.algorithm); V11-HMAC-SHA256 also signs with region and service.
    const alg = options.algorithm;
    if (alg !== undefined && !ALGORITHMS.includes(alg)) throw error('ERR_UNSUPPORTED_ALGORITHM', `algorithm must be one of ${ALGORITHMS.join(', ')}, got ${typeof alg === 'string' ? JSON.stringify(alg.slice(0, 64)) : describe(alg)}`);
    if (options.service !== undefined && typeof options.service !== 'string') throw typeError('ERR_INVALID_ARGUMENT', `service must be a string such as iotdm, got ${describe(options.service)}`);
    if (alg !== undefined) this.#signing.algorithm = alg;
    if (alg === 'V11-HMAC-SHA256') Object.assign(this.#signing, { region: options.region, service: options.service });
    const f = options.fetch ?? ((...a) => globalThis.fetch(...a));
    if (typeof f !== 'function') throw typeError('ERR_INVALID_ARGUMENT', `fetch must be a function, got ${describe(f)}`);
    this.#fetch = f;
    const n = (v, d, name, { min = 0, infinite = false } = {}) => {
      const x = v ?? d;
      if (typeof x !== 'number') throw typeError('ERR_INVALID_ARGUMENT', `${name} must be a number, got ${describe(v)}`);
      if (!(x >= min) || (!infinite && !Number.isFinite(x)) || (min > 0 && x === 0)) throw error('ERR_INVALID_ARGUMENT', `${name} must be a ${min > 0 ? 'positive' : 'non-negative'} number${infinite ? ' (or Infinity)' : ''}, got ${x}`);
      return x;
    };
    const retries = options.retries ?? 3;
    if (typeof retries !== 'number') throw typeError('ERR_INVALID_ARGUMENT', `retries must be an integer from 0 to ${MAX_RETRIES}, got ${describe(retries)}`);
    if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) throw error('ERR_INVALID_ARGUMENT', `retries must be an integer from 0 to ${MAX_RETRIES}, got ${retries}`);
    this.#retries = retries;
    this.#retryDelay = n(options.retryDelayMs, 100, 'retryDelayMs');
    this.#maxDelay = n(options.maxRetryDelayMs, 10_000, 'maxRetryDelayMs');
    this.#timeout = n(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', { min: 1, infinite: true });
    const rni = options.retryNonIdempotent ?? false;
    if (typeof rni !== 'boolean') throw typeError('ERR_INVALID_ARGUMENT', `retryNonIdempotent must be a boolean, got ${describe(rni)}`);
    this.#retryNonIdempotent = rni;
    this.#clock = options.clock ?? Date.now;
    if (typeof this.#clock !== 'function') throw typeError('ERR_INVALID_ARGUMENT', 'clock must be a function returning epoch milliseconds');
  }

  /** Milliseconds added to the local clock when signing (measured from the gateway after a "signature expired"). */
  get clockOffset() {
    return this.#offset;
  }

  async #credentials() {
    const c = this.#provider ? await this.#provider() : this.#static;
    if (!c || typeof c !== 'object') throw typeError('ERR_INVALID_CREDENTIALS', `the credentials provider must resolve to { ak, sk, securityToken? }, got ${describe(c)}`);
    const out = {
      ak: c.ak,
      sk: c.sk,
      securityToken: c.securityToken ?? undefined,
      projectId: c.projectId ?? this.#projectId,
      domainId: c.domainId ?? this.#domainId,
    };
    const d = this.#discover;
    if (d) {
      const o = { region: d.region, iamEndpoint: d.iamEndpoint ?? c.iamEndpoint, fetch: this.#fetch };
      if (out.projectId === undefined && d.region !== undefined) out.projectId = await discoverProjectId(out, o);
      if (out.domainId === undefined && d.domain) out.domainId = await discoverDomainId(out, o);
    }
    return out;
  }

  async #sign(p, date, extra) {
    const creds = await this.#credentials();
    const options = { signingDate: date ?? this.#clock() + this.#offset, ...this.#signing };
    if (p.signing.unsignedPayload !== undefined) options.unsignedPayload = p.signing.unsignedPayload;
    if (p.signing.payloadHash !== undefined) options.payloadHash = p.signing.payloadHash;
    const signed = await signRequest({ method: p.method, url: p.url, headers: p.headers, body: p.body }, creds, options);
    const body = p.stream ?? signed.body;
    return { signed, request: makeRequest(signed.url, { ...p.props, ...extra, method: signed.method, headers: signed.headers, body }) };
  }

  /**
   * Signs a request (Request, URL or string plus fetch's init) and returns a `Request` ready for
   * fetch. `init.hwcloud` may hold `{ signingDate, unsignedPayload, payloadHash }`. Never sets Host:
   * a `Host` header given here is signed (the upstream host behind a proxy) but not sent.
   */
  async sign(input, init) {
    const p = await guardAsync('ERR_INVALID_ARGUMENT', 'sign(input, init)', () => prepare(input, init));
    return (await this.#sign(p, p.signing.signingDate)).request;
  }

  /**
   * Signs and sends. Every attempt is signed again with a fresh X-Sdk-Date and waits at most
   * `timeoutMs` for the response headers. Retries (at most `retries`, full-jitter exponential
   * backoff) on 429, 5xx, network errors and timeouts; POST, PATCH and other non-idempotent methods
   * only after errors that prove the request never left (connection refused, DNS), unless
   * `retryNonIdempotent`. Never retries a signature mismatch (APIGW.0301 "verify aksk signature
   * fail", which throws ERR_SIGNATURE_MISMATCH carrying both canonical requests). On "signature
   * expired" it measures the clock offset from the response (at most 6 h) and retries once.
   * Redirects are followed on the same origin only, re-signed (see redirect.js).
   */
  async fetch(input, init) {
    let p = await guardAsync('ERR_INVALID_ARGUMENT', 'fetch(input, init)', () => prepare(input, init));
    const mode = redirectMode(p.props.redirect);
    const signal = p.props.signal;
    const replayable = !p.stream;
    const h = p.signing.retryNonIdempotent;
    if (h !== undefined && typeof h !== 'boolean') throw typeError('ERR_INVALID_ARGUMENT', `init.hwcloud.retryNonIdempotent must be a boolean, got ${describe(h)}`);
    const anyRetry = h ?? this.#retryNonIdempotent;
    let retries = 0;
    let hops = 0;
    let skewFixed = false;
    for (;;) {
      if (signal && signal.aborted) throw signal.reason;
      const mayRepeat = anyRetry || IDEMPOTENT.has(p.method);
      const attempt = attemptSignal(signal, this.#timeout, p.url);
      let signed;
      let request;
      try {
        ({ signed, request } = await this.#sign(p, undefined, { redirect: 'manual', signal: attempt.signal }));
      } catch (e) {
        attempt.done();
        throw e;
      }
      let res;
      try {
        res = await this.#fetch(request);
      } catch (e) {
        attempt.done();
        if (signal && signal.aborted) throw signal.reason ?? e;
        let err;
        if (attempt.timedOut()) err = attempt.reason();
        else if (e instanceof HwCloudSignerError || (e && e.name === 'AbortError')) throw e;
        else err = error('ERR_NETWORK', `could not reach ${new URL(p.url).origin}: ${e && e.message ? e.message : String(e)}${codeOf(e)}`, { cause: e });
        const retryable = replayable && (mayRepeat || (!attempt.timedOut() && neverSent(e)));
        if (!retryable || retries >= this.#retries) throw err;
        await sleep(this.#backoff(retries++, null), signal);
        continue;
      }
      attempt.done();
      const hop = nextHop(res, { url: p.url, method: p.method, mode, hops, replayable });
      if (hop) {
        await discard(res);
        p = redirected(p, hop);
        hops++;
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        const g = await gatewayError(res);
        if (g && (g.code === 'APIGW.0301' || g.code === 'APIGW.0303')) {
          if (/verify (?:aksk|app) signature fail/i.test(g.message)) throw this.#mismatch(res, g, signed);
          if (/signature expired/i.test(g.message) && !skewFixed && replayable) {
            const offset = this.#measureOffset(res, g.message);
            if (offset !== null) {
              this.#offset = offset;
              skewFixed = true;
              await discard(res);
              continue;
            }
          }
        }
        return res;
      }
      if ((res.status === 429 || res.status >= 500) && replayable && mayRepeat && retries < this.#retries) {
        const delay = this.#backoff(retries++, res);
        await discard(res);
        await sleep(delay, signal);
        continue;
      }
      return res;
    }
  }

  /** Full jitter: uniform in [0, min(max, base·2^n)); a Retry-After header (capped at max) wins. */
  #backoff(n, res) {
    const ra = res && res.headers.get('retry-after');
    if (ra) {
      const s = Number(ra);
      const ms = Number.isFinite(s) ? s * 1000 : Date.parse(ra) - Date.now();
      if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, this.#maxDelay);
    }
    return Math.random() * Math.min(this.#maxDelay, this.#retryDelay * 2 ** n);
  }

  /**
   * Server time minus local time, from the Date header or the message's "server time:…"; null when
   * neither is readable, the server's date is before 2000, or the offset exceeds MAX_CLOCK_OFFSET_MS.
   */
  #measureOffset(res, message) {
    const now = this.#clock();
    let server = Date.parse(res.headers.get('date') ?? '');
    if (Number.isNaN(server)) server = parseSdkDate((/server time\s*:\s*(\d{8}T\d{6}Z)/i.exec(message) || [])[1]);
    if (Number.isNaN(server) || server < YEAR_2000) return null;
    const offset = server - now;
    return Math.abs(offset) <= MAX_CLOCK_OFFSET_MS ? offset : null;
  }

  #mismatch(res, g, signed) {
    const serverMessage = g.message;
    const parsed = parseServerMessage(serverMessage);
    let summary = '';
    try {
      const x = explainMismatch({ serverMessage, canonicalRequest: signed.canonicalRequest });
      summary = x.firstDifference ? ' ' + x.firstDifference.explanation : x.summary ? ' ' + x.summary : '';
    } catch {
      // the explanation is a bonus; the canonical requests are on the error either way
    }
    const e = new SignatureMismatchError(
      `the API gateway rejected the signature (${g.code} ${serverMessage.replace(/,?\s*canonical_?request\s*[:=][\s\S]*$/i, '')}${g.requestId ? `, request id ${g.requestId}` : ''}). Not retried: repeated failures lock the access key for 5 minutes.${summary} Compare err.serverCanonicalRequest with err.clientCanonicalRequest.`,
    );
    e.status = res.status;
    e.gatewayCode = g.code;
    e.gatewayMessage = serverMessage;
    e.requestId = g.requestId;
    e.serverCanonicalRequest = parsed.canonicalRequest ?? undefined;
    e.clientCanonicalRequest = signed.canonicalRequest;
    Object.defineProperty(e, 'response', { value: res, enumerable: false });
    return e;
  }
}

