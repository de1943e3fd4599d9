// verifyRequest: the server side of SDK-HMAC-SHA256. The wasm core (src/verify.rs) parses the
// Authorization header, rebuilds the canonical request over exactly the signed headers, checks the
// X-Sdk-Date skew and compares signatures in constant time; this file reads the received request,
// looks the secret key up and shapes the result. Two wasm calls: one without the key (to learn the
// access key id and refuse malformed or stale requests before any lookup), one with it.

import { call, takeString, wasm } from './runtime.js';
import { HwCloudSignerTypeError, describe as describeValue, error, typeError } from './errors.js';

const enc = new TextEncoder();
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
/** Bodies at least this large are hashed with WebCrypto instead of being copied into wasm. */
const SUBTLE_THRESHOLD = 64 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
const HEX = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** describe() for values that may be hostile (a Proxy whose traps throw). */
function describe(v) {
  try {
    return describeValue(v);
  } catch {
    return 'an exotic object';
  }
}

/** An option read as an own property only: a polluted Object.prototype must not supply it. */
const own = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

function invalid(message) {
  return { valid: false, reason: 'invalid-request', message };
}

/** A user-supplied object whose getters or Proxy traps throw: a programmer error with a code. */
function wrapUserError(e, what) {
  if (e && typeof e.code === 'string' && e instanceof Error) return e;
  return new HwCloudSignerTypeError('ERR_INVALID_ARGUMENT', `reading ${what} threw (see error.cause)`, { cause: e });
}

function timeOf(now) {
  if (now === undefined || now === null) return Date.now();
  const t = now instanceof Date ? now.getTime() : now;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw typeError('ERR_INVALID_DATE', `options.now must be a valid Date or finite epoch milliseconds, got ${now instanceof Date ? 'an Invalid Date' : describe(now)}`);
  }
  return Math.floor(t);
}

/** Received headers as [name, value] pairs, repeated names merged with ", " as fetch's Headers does. */
function collect(input) {
  const names = [];
  const values = [];
  const index = new Map();
  const add = (name, value) => {
    if (typeof name !== 'string') throw typeError('ERR_INVALID_HEADER', `header names must be strings, got ${describe(name)}`);
    if (value === undefined) return;
    if (Array.isArray(value)) value = value.join(', '); // Node's IncomingMessage.headers
    if (typeof value !== 'string') throw typeError('ERR_INVALID_HEADER', `the value of header "${name.slice(0, 64)}" must be a string, got ${describe(value)}`);
    const lower = name.toLowerCase();
    const i = index.get(lower);
    if (i === undefined) {
      index.set(lower, names.length);
      names.push(name);
      values.push(value);
    } else {
      values[i] += ', ' + value;
    }
  };
  if (input === undefined || input === null) return { names, values };
  if (typeof input !== 'object') throw typeError('ERR_INVALID_HEADER', `request.headers must be a Headers object, a record or [name, value] pairs, got ${describe(input)}`);
  if (typeof input[Symbol.iterator] === 'function') {
    for (const pair of input) {
      if (!pair || typeof pair !== 'object' || pair.length !== 2) throw typeError('ERR_INVALID_HEADER', `headers given as a list must be [name, value] pairs, got ${describe(pair)}`);
      add(pair[0], pair[1]);
    }
  } else {
    for (const k of Object.keys(input)) add(k, input[k]);
  }
  return { names, values };
}

function bytesOf(body) {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return enc.encode(body);
  if (body instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && body instanceof SharedArrayBuffer)) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw typeError('ERR_UNSUPPORTED_BODY', `request.body must be a string, ArrayBuffer or ArrayBufferView, got ${describe(body)}; for a stream pass options.payloadHash (hex SHA-256 of the body)`);
}

/** Reads a fetch Request or a plain { method, url, headers, body } into plain values. */
async function read(request) {
  if (!request || typeof request !== 'object') {
    throw typeError('ERR_INVALID_ARGUMENT', `verifyRequest(request, lookup): request must be a Request or { method, url, headers, body }, got ${describe(request)}`);
  }
  let method;
  let url;
  let headers;
  let body;
  try {
    const isRequest = typeof request.clone === 'function' && typeof request.arrayBuffer === 'function' && typeof request.url === 'string';
    method = request.method;
    url = request.url;
    headers = collect(request.headers);
    if (isRequest) {
      if (request.bodyUsed) throw typeError('ERR_INVALID_ARGUMENT', 'the Request body has already been read; pass the request before reading it (verifyRequest reads a clone)');
      body = request.body === null ? new Uint8Array(0) : new Uint8Array(await request.clone().arrayBuffer());
    } else {
      body = bytesOf(request.body);
    }
  } catch (e) {
    throw wrapUserError(e, 'the request');
  }
  if (method === undefined || method === null) method = 'GET';
  if (typeof method !== 'string') throw typeError('ERR_INVALID_METHOD', `request.method must be a string, got ${describe(method)}`);
  if (typeof URL === 'function' && url instanceof URL) url = url.href;
  if (typeof url !== 'string') throw typeError('ERR_INVALID_URL', `request.url must be a string or URL, got ${describe(url)}`);
  return { method, url, headers, body };
}

/** One call of the raw `verifyRequest` export; the buffer holding the key is zeroed by the wasm. */
function invoke(w, body, sk, text, now, maxSkew, mode) {
  const t = enc.encode(text);
  const total = body.length + sk.length + t.length;
  const ptr = w.__wbindgen_malloc(total, 1) >>> 0;
  const mem = new Uint8Array(w.memory.buffer);
  mem.set(body, ptr);
  mem.set(sk, ptr + body.length);
  mem.set(t, ptr + body.length + sk.length);
  return takeString(w, w.verifyRequest(ptr, total, body.length, sk.length, now, maxSkew, mode));
}

function parse(out) {
  if (out.charCodeAt(0) !== 63 /* '?' */) {
    const nl = out.indexOf('\n');
    throw error(out.slice(1, nl), out.slice(nl + 1));
  }
  const a = out.indexOf('\n');
  const b = out.indexOf('\n', a + 1);
  let c = out.indexOf('\n', b + 1);
  if (c === -1) c = out.length;
  const r = { valid: a === 1, reason: out.slice(1, a), message: out.slice(b + 1, c), ak: out.slice(a + 1, b) };
  if (c < out.length) {
    // The string to sign is three lines: algorithm, X-Sdk-Date, hash of the canonical request.
    const d = out.indexOf('\n', out.indexOf('\n', out.indexOf('\n', c + 1) + 1) + 1);
    r.stringToSign = out.slice(c + 1, d);
    r.canonicalRequest = out.slice(d + 1);
  }
  return r;
}

function shape(r, mode) {
  const result = { valid: mode === 1 && r.valid };
  if (!result.valid) {
    result.reason = r.reason;
    result.message = r.message;
  }
  if (r.ak) result.ak = r.ak;
  if (r.canonicalRequest !== undefined) {
    result.canonicalRequest = r.canonicalRequest;
    result.stringToSign = r.stringToSign;
  }
  return result;
}

async function sha256Hex(bytes) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (let i = 0; i < d.length; i++) hex += HEX[d[i]];
  return hex;
}

/**
 * Verifies a received SDK-HMAC-SHA256 request (what Huawei's API gateway does). Never throws for an
 * invalid request: the result says `{ valid: false, reason, message }`. Throws (rejects) only for
 * programmer errors: wrong argument types, or a `lookup` that throws.
 * @returns {Promise<import('../index.js').VerifyResult>}
 */
export async function verifyRequest(request, lookup, options) {
  if (typeof lookup !== 'function') {
    throw typeError('ERR_INVALID_ARGUMENT', `verifyRequest(request, lookup): lookup must be a function (ak) => sk | null | Promise<sk | null>, got ${describe(lookup)}`);
  }
  if (options === undefined || options === null) options = {};
  else if (typeof options !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `options must be an object, got ${describe(options)}`);
  let now;
  let maxSkew;
  let payload;
  try {
    now = timeOf(own(options, 'now'));
    maxSkew = own(options, 'maxSkewMs');
    if (maxSkew === undefined) maxSkew = DEFAULT_MAX_SKEW_MS;
    payload = own(options, 'payloadHash');
  } catch (e) {
    throw wrapUserError(e, 'options');
  }
  if (typeof maxSkew !== 'number' || !(maxSkew >= 0) || !Number.isFinite(maxSkew)) {
    throw typeError('ERR_INVALID_ARGUMENT', `options.maxSkewMs must be a finite number of milliseconds >= 0, got ${describe(maxSkew)}`);
  }
  if (payload !== undefined && (typeof payload !== 'string' || !HEX64.test(payload))) {
    throw typeError('ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash must be the lowercase hex SHA-256 of the body (64 characters 0-9a-f)');
  }
  await wasm();
  const req = await read(request);
  for (const v of [req.method, req.url, ...req.headers.names, ...req.headers.values]) {
    // Such a request cannot have come over HTTP (and the lines below are \n-separated).
    if (/[\r\n\0]/.test(v)) return invalid('the request contains CR, LF or NUL in its method, URL or a header');
  }
  let href;
  try {
    const u = new URL(req.url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return invalid(`request.url must be http(s), got ${JSON.stringify(u.protocol)}`);
    href = u.href;
  } catch {
    return invalid("request.url must be absolute (for Node's http server: new URL(req.url, `https://${req.headers.host}`))");
  }
  const text = req.method + '\n' + href + '\n';
  const { names, values } = req.headers;
  let tail = '';
  for (let i = 0; i < names.length; i++) tail += names[i] + '\n' + values[i] + '\n';

  const none = new Uint8Array(0);
  const first = parse(call((w) => invoke(w, none, none, text + '\n' + tail, now, maxSkew, 0)));
  if (first.reason) return shape(first, 0);

  let sk;
  try {
    sk = await lookup(first.ak);
  } catch (e) {
    throw error('ERR_LOOKUP_FAILED', 'the lookup function threw or rejected (see error.cause)', { cause: e });
  }
  if (sk === undefined || sk === null || sk === false) {
    return { valid: false, reason: 'unknown-ak', message: `unknown access key id ${first.ak}`, ak: first.ak };
  }
  let key;
  if (typeof sk === 'string' && sk !== '') key = enc.encode(sk);
  else if (sk instanceof Uint8Array && sk.length > 0) key = sk.slice();
  else throw typeError('ERR_INVALID_CREDENTIALS', `lookup(ak) must return the secret key as a non-empty string or Uint8Array, or null when unknown; got ${sk === '' ? 'an empty string' : describe(sk)}`);

  let body = req.body;
  if (payload === undefined && body.length >= SUBTLE_THRESHOLD && typeof crypto === 'object' && crypto && crypto.subtle) {
    payload = await sha256Hex(body);
  }
  if (payload !== undefined) body = none;
  try {
    return shape(parse(call((w) => invoke(w, body, key, text + (payload || '') + '\n' + tail, now, maxSkew, 1))), 1);
  } finally {
    key.fill(0);
  }
}
