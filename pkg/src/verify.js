// verifyRequest: the server side of the five signing algorithms. SDK-HMAC-SHA256 is verified in
// JavaScript with node:crypto or WebCrypto (the sign-only wasm exports no verifier: every browser
// user would pay for it); V11-HMAC-SHA256 and SDK-HMAC-SM3 by the lazily loaded `ext` wasm module,
// SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3 by the `ecc` one (its `verifySignature` derives the public
// key from the AK/SK), which also hash with SM3 for the SM3 algorithms. It verifies whatever SignedHeaders list the client chose,
// as Huawei's API gateway does, and checks the cheap things first:
//
//   1. the request line and headers: Authorization present and parsable, a known algorithm,
//      X-Sdk-Date present and within the window, the method and URL canonicalisable (the package's
//      own signer, called through the public signRequest on a header-less copy of the request,
//      gives the canonical method, URI and query), every signed header present, the unsigned-
//      payload policy, and a declared body size (Content-Length, or the length of a body given as
//      bytes) within the limit;
//   2. the access key: `lookup(ak)`, bounded by `lookupTimeoutMs`; anything but a non-empty string
//      or Uint8Array means an unknown key;
//   3. only then the body: streamed, at most `maxBodyBytes` (default the gateway's 12 MB), hashed
//      as it arrives with node:crypto where it is reachable without an import
//      (`process.getBuiltinModule`: Node >= 20.16, Deno, Bun); elsewhere (Workers, browsers) the
//      chunks are kept, never more than the limit, and hashed once with WebCrypto, which has no
//      incremental SHA-256. A body past the limit is refused before more than one further chunk
//      is read, and the stream is cancelled; a stream that sends nothing for `bodyTimeoutMs` is
//      refused too;
//   4. the canonical request over exactly the signed headers, HMAC-SHA256 with the key (node:crypto
//      or WebCrypto), a constant-time comparison, and finally the optional replay hook.
//
// A valid result carries what was signed (`path`, `query`, `unsignedPayload`, `signedHeaders`):
// applications read those, not `request.url`, whose raw form the signature does not fix.
// Rust users have a verifier natively in the crate (src/verify.rs); tests/vectors/verify.json holds
// the verdicts both must reach.

import { MAX_BODY_BYTES, signRequest, subtleSha256Hex } from './sign.js';
import { strictSdkDateMs } from './sdk-date.js';
import { HwCloudSignerTypeError, describe, error, typeError } from './errors.js';
import { loadModule, moduleFor } from './modules.js';
import { BAD_VALUE, eachHeader, trimOws } from './headers.js';

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const enc = new TextEncoder();
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const DEFAULT_LOOKUP_TIMEOUT_MS = 5000;
/** Longest wait for the next chunk of a streamed body (an idle limit, not a limit on the whole upload). */
const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Most headers a SignedHeaders list may name (as src/verify.rs MAX_SIGNED_HEADERS). */
const MAX_SIGNED_HEADERS = 256;
const HEX64 = /^[0-9a-f]{64}$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SIGNED_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** What the signer accepts in a header value (space, tab and visible ASCII). */
/** Signer errors that mean "this method or URL cannot be canonicalised" (the rest are rethrown). */
const REQUEST_ERRORS = /^ERR_(INVALID_(URL|METHOD)|URL_TOO_LONG)$/;
/** Inputs of the header-less signature whose canonical request gives the canonical method, URI and query. */
const PROBE_CREDENTIALS = { ak: 'probe', sk: 'probe' };
const PROBE_OPTIONS = { signingDate: '20000101T000000Z', payloadHash: '0'.repeat(64) };

/** An option read as an own property only: a polluted Object.prototype must not supply it. */
const own = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
// `algorithm` is set to the request's by verifyRequest (ctx) once the Authorization header is parsed.
const fail = (reason, message, ak) => (ak === undefined ? { valid: false, reason, message } : { valid: false, reason, message, ak, algorithm: ALGORITHM });
const SM3_ALGORITHMS = new Set(['SDK-HMAC-SM3', 'SDK-SM2-SM3']);
const EC_SIGNATURE = /^30[0-9a-f]{8,284}$/;
const invalid = (message, ak) => fail('invalid-request', message, ak);

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

/** Reads and checks the options (own properties only). Throws for programmer errors. */
function readOptions(options) {
  if (options === undefined || options === null) options = {};
  else if (typeof options !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `options must be an object, got ${describe(options)}`);
  let o;
  try {
    o = {
      now: timeOf(own(options, 'now')),
      maxSkew: own(options, 'maxSkewMs'),
      payload: own(options, 'payloadHash'),
      maxBody: own(options, 'maxBodyBytes'),
      allowUnsigned: own(options, 'allowUnsignedPayload'),
      lookupTimeout: own(options, 'lookupTimeoutMs'),
      bodyTimeout: own(options, 'bodyTimeoutMs'),
      replay: own(options, 'replay'),
    };
  } catch (e) {
    throw wrapUserError(e, 'options');
  }
  if (o.maxSkew === undefined) o.maxSkew = DEFAULT_MAX_SKEW_MS;
  if (typeof o.maxSkew !== 'number' || !(o.maxSkew >= 0) || !Number.isFinite(o.maxSkew)) {
    throw typeError('ERR_INVALID_ARGUMENT', `options.maxSkewMs must be a finite number of milliseconds >= 0, got ${describe(o.maxSkew)}`);
  }
  if (o.payload !== undefined && (typeof o.payload !== 'string' || !HEX64.test(o.payload))) {
    throw typeError('ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash must be the lowercase hex SHA-256 of the body (64 characters 0-9a-f)');
  }
  if (o.maxBody === undefined) o.maxBody = MAX_BODY_BYTES;
  if (!Number.isSafeInteger(o.maxBody) || o.maxBody < 0 || o.maxBody > MAX_BODY_BYTES) {
    throw typeError('ERR_INVALID_ARGUMENT', `options.maxBodyBytes must be a whole number of bytes from 0 to ${MAX_BODY_BYTES} (the gateway's 12 MB), got ${typeof o.maxBody === 'number' ? o.maxBody : describe(o.maxBody)}`);
  }
  if (o.allowUnsigned === undefined) o.allowUnsigned = false;
  if (typeof o.allowUnsigned !== 'boolean') throw typeError('ERR_INVALID_ARGUMENT', `options.allowUnsignedPayload must be a boolean, got ${describe(o.allowUnsigned)}`);
  o.lookupTimeout = timeoutOption('lookupTimeoutMs', o.lookupTimeout, DEFAULT_LOOKUP_TIMEOUT_MS);
  o.bodyTimeout = timeoutOption('bodyTimeoutMs', o.bodyTimeout, DEFAULT_BODY_TIMEOUT_MS);
  if (o.replay !== undefined && typeof o.replay !== 'function') {
    throw typeError('ERR_INVALID_ARGUMENT', `options.replay must be a function (signature, date, ak) => boolean | Promise<boolean>, got ${describe(o.replay)}`);
  }
  return o;
}

function timeoutOption(name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || (Number.isFinite(value) && value > 2 ** 31 - 1)) {
    throw typeError('ERR_INVALID_ARGUMENT', `options.${name} must be a number of milliseconds > 0 (at most ${2 ** 31 - 1}, or Infinity for no limit), got ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

/** Received headers by lower-case name, repeated names merged with ", " as fetch's Headers does. */
function collect(input) {
  const headers = new Map();
  const add = (name, value) => {
    if (typeof name !== 'string') throw typeError('ERR_INVALID_HEADER', `header names must be strings, got ${describe(name)}`);
    if (value === undefined) return;
    if (Array.isArray(value)) value = value.join(', '); // Node's IncomingMessage.headers
    if (typeof value !== 'string') throw typeError('ERR_INVALID_HEADER', `the value of header "${name.slice(0, 64)}" must be a string, got ${describe(value)}`);
    const lower = name.toLowerCase();
    const prev = headers.get(lower);
    headers.set(lower, prev === undefined ? value : prev + ', ' + value);
  };
  eachHeader(input, add);
  return headers;
}

const EMPTY = { bytes: new Uint8Array(0) };

/**
 * Where the body will come from, without reading any of it: `{ bytes }`, `{ stream }` (a
 * ReadableStream), `{ iterable }` (an async iterable such as Node's IncomingMessage) or
 * `{ request }` (a fetch Request, read through a clone so that the application can still read it).
 */
function bodySource(body) {
  if (body === undefined || body === null) return EMPTY;
  if (typeof body === 'string') return { bytes: enc.encode(body) };
  if (body instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && body instanceof SharedArrayBuffer)) return { bytes: new Uint8Array(body) };
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
  if (typeof body === 'object' && typeof body.getReader === 'function') {
    if (body.locked === true) throw typeError('ERR_INVALID_ARGUMENT', 'request.body is a locked ReadableStream (a reader holds it); pass the stream before reading it');
    return { stream: body };
  }
  if (typeof body === 'object' && typeof body[Symbol.asyncIterator] === 'function') return { iterable: body };
  throw typeError('ERR_UNSUPPORTED_BODY', `request.body must be a string, ArrayBuffer, ArrayBufferView, ReadableStream or async iterable of Uint8Array, got ${describe(body)}; or pass options.payloadHash (hex SHA-256 of the body)`);
}

/** Reads a fetch Request or a plain { method, url, headers, body } into plain values; reads no body bytes. */
function read(request) {
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
      body = request.body === null ? EMPTY : { request };
    } else {
      body = bodySource(request.body);
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

/**
 * Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex` (fields in any order, each
 * once; spaces and tabs around them ignored; SignedHeaders lower-case, sorted, distinct, with
 * x-sdk-date), or returns the refusal.
 */
function parseAuthorization(value) {
  value = trimOws(value);
  const sp = value.search(/[ \t]/);
  const alg = sp === -1 ? value : value.slice(0, sp);
  if (moduleFor(alg) === undefined) {
    if (alg.length <= 40 && TOKEN.test(alg)) {
      return fail('unsupported-algorithm', `unsupported signing algorithm ${alg}; SDK-HMAC-SHA256, V11-HMAC-SHA256, SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3 are verified`);
    }
    return fail('malformed-authorization', 'malformed Authorization header: it does not start with a signing algorithm such as SDK-HMAC-SHA256');
  }
  const why = fields(sp === -1 ? '' : value.slice(sp), alg);
  if (typeof why === 'string') return fail('malformed-authorization', 'malformed Authorization header: ' + why);
  why.algorithm = alg;
  return why;
}

/** V11-HMAC-SHA256's `Credential=AK/YYYYMMDD/region/service`: the AK and the credential scope. */
function credential(value) {
  const parts = value.split('/');
  if (parts.length !== 4 || !/^\d{8}$/.test(parts[1]) || parts.some((p) => !/^[\x21-\x2b\x2d-\x2e\x30-\x7e]+$/.test(p))) return null;
  return { ak: parts[0], scope: parts.slice(1).join('/') };
}

function fields(text, alg) {
  const v11 = alg === 'V11-HMAC-SHA256';
  const first = v11 ? 'Credential' : 'Access';
  const f = Object.create(null);
  for (const part of text.split(',')) {
    const p = trimOws(part);
    const eq = p.indexOf('=');
    const key = eq === -1 ? p : p.slice(0, eq);
    if (key !== first && key !== 'SignedHeaders' && key !== 'Signature') return 'unknown field';
    if (eq === -1 || key in f) return `${first}, SignedHeaders and Signature must each appear once`;
    f[key] = p.slice(eq + 1);
  }
  const { [first]: who, SignedHeaders: list, Signature: signature } = f;
  if (who === undefined || list === undefined || signature === undefined) return `${first}, SignedHeaders and Signature must each appear once`;
  let ak = who;
  let scope = '';
  if (v11) {
    const c = credential(who);
    if (c === null) return 'Credential is not AK/YYYYMMDD/region/service';
    ({ ak, scope } = c);
  }
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(ak)) return 'Access is empty or not printable ASCII';
  if (moduleFor(alg) === 'ecc') {
    if (!EC_SIGNATURE.test(signature.toLowerCase()) || signature.length % 2) return 'Signature is not the hex of a DER-encoded signature';
  } else if (!/^[0-9a-fA-F]{64}$/.test(signature)) return 'Signature is not 64 hex digits';
  const names = list.split(';');
  let prev = '';
  for (const n of names) {
    if (!SIGNED_NAME.test(n)) return 'bad SignedHeaders';
    if (!(prev < n) || n === 'authorization') return 'SignedHeaders must be sorted and distinct';
    prev = n;
  }
  if (!names.includes('x-sdk-date')) return 'SignedHeaders must include x-sdk-date';
  return { ak, scope, list, names, signature: signature.toLowerCase() };
}

// --- crypto: node:crypto where reachable without an import, else WebCrypto ---------------------

/** node:crypto, looked up per call (cheap) so that tests can take it away. */
function nodeCrypto() {
  try {
    return globalThis.process?.getBuiltinModule?.('node:crypto') ?? null;
  } catch {
    return null;
  }
}

function subtleCrypto() {
  return typeof crypto === 'object' && crypto !== null && crypto.subtle ? crypto.subtle : null;
}

/** A SHA-256 that takes chunks: node:crypto's incremental hash, or chunks kept for one WebCrypto digest. */
function sha256(node) {
  if (node) {
    const h = node.createHash('sha256');
    return { update: (c) => h.update(c), digest: async () => h.digest('hex') };
  }
  return collected(subtleSha256Hex);
}

/**
 * A hasher for a hash with no incremental API here (WebCrypto's SHA-256, the wasm's SM3): the chunks
 * are kept (never more than the body limit) and `hashAll` gets one contiguous, unshared copy
 * (WebCrypto refuses shared memory).
 */
function collected(hashAll) {
  const chunks = [];
  let length = 0;
  return {
    update(c) {
      chunks.push(c);
      length += c.length;
    },
    digest() {
      const all = new Uint8Array(length);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      return hashAll(all);
    },
  };
}

async function hmacSha256(node, key, message) {
  if (node) return new Uint8Array(node.createHmac('sha256', key).update(message).digest());
  const subtle = subtleCrypto();
  const copy = key.slice(); // WebCrypto refuses views of shared memory
  try {
    const k = await subtle.importKey('raw', copy, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', k, enc.encode(message)));
  } finally {
    copy.fill(0);
  }
}

/** Constant-time comparison of a MAC with the 64 lower-case hex digits of the received signature. */
function sameMac(mac, signatureHex) {
  let d = 0;
  for (let i = 0; i < 32; i++) d |= mac[i] ^ parseInt(signatureHex.substr(2 * i, 2), 16);
  return d === 0;
}

/** Hex SHA-256 of a string. */
async function sha256Hex(node, text) {
  const h = sha256(node);
  h.update(enc.encode(text));
  return h.digest();
}

/** The wasm module that verifies `algorithm` (and hashes with SM3), loaded on first use. */
function wasmFor(algorithm) {
  return loadModule(moduleFor(algorithm));
}

/** SM3 over chunks (kept, never more than the body limit, then hashed once in wasm). */
function sm3Hasher(w) {
  return collected(async (all) => w.call((b) => b.contentHash('SDK-HMAC-SM3', all)));
}

// --- hooks with a deadline ------------------------------------------------------------------

const TIMED_OUT = Symbol('timed out');
/** `promise`, or TIMED_OUT after `ms` (no timer for Infinity). */
async function withDeadline(promise, ms) {
  if (!Number.isFinite(ms)) return promise;
  let timer;
  try {
    return await Promise.race([promise, new Promise((resolve) => { timer = setTimeout(resolve, ms, TIMED_OUT); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls a user hook; `{ value }`, `{ threw }` or `{ timedOut: true }`. Never throws. */
async function callHook(fn, args, timeoutMs) {
  let answer;
  try {
    answer = fn(...args);
  } catch (e) {
    return { threw: e };
  }
  if (answer === null || (typeof answer !== 'object' && typeof answer !== 'function')) return { value: answer };
  const settled = Promise.resolve(answer).then((value) => ({ value }), (e) => ({ threw: e }));
  const r = await withDeadline(settled, timeoutMs);
  return r === TIMED_OUT ? { timedOut: true } : r;
}

/** With the hook's error as a non-enumerable `cause` (for logs; never serialised into a response). */
function withCause(result, cause) {
  Object.defineProperty(result, 'cause', { value: cause, configurable: true, writable: true, enumerable: false });
  return result;
}

// --- the body -------------------------------------------------------------------------------

/** The declared body size: Content-Length, or the length of a body given as bytes. */
function declaredSize(headers, body) {
  const cl = headers.get('content-length');
  const declared = cl !== undefined && /^[ \t]*\d{1,16}[ \t]*$/.test(cl) ? Number(cl) : -1;
  return body.bytes ? Math.max(declared, body.bytes.length) : declared;
}

/** A reader over a ReadableStream or an async iterable: next() → { done, value }, cancel(). */
function openBody(body) {
  if (body.iterable) {
    const it = body.iterable[Symbol.asyncIterator]();
    return {
      next: () => it.next(),
      cancel() {
        try {
          Promise.resolve(it.return?.()).catch(() => {});
        } catch {}
      },
      release() {},
    };
  }
  const r = (body.request ? body.request.clone().body : body.stream).getReader();
  return {
    next: () => r.read(),
    cancel: () => r.cancel().catch(() => {}),
    release: () => r.releaseLock(),
  };
}

const asBytes = (c) => (c instanceof Uint8Array ? c : ArrayBuffer.isView(c) ? new Uint8Array(c.buffer, c.byteOffset, c.byteLength) : c instanceof ArrayBuffer ? new Uint8Array(c) : null);

/**
 * Hashes the body, reading at most `limit` bytes plus the chunk that crosses it:
 * `{ hash }`, `{ tooLarge: bytesRead }` or `{ failed: error }`.
 */
async function hashBody(body, limit, h, idleMs) {
  if (body.bytes) {
    h.update(body.bytes);
    return { hash: await h.digest() };
  }
  let reader;
  try {
    reader = openBody(body);
  } catch (e) {
    throw wrapUserError(e, 'the request body');
  }
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await withDeadline(reader.next(), idleMs);
    } catch (e) {
      reader.cancel();
      return { failed: e };
    }
    if (step === TIMED_OUT) {
      reader.cancel();
      return { stalled: total };
    }
    if (step.done) break;
    const chunk = asBytes(step.value);
    if (chunk === null) {
      reader.cancel();
      throw typeError('ERR_UNSUPPORTED_BODY', `the request body stream must yield Uint8Array chunks, got ${describe(step.value)}`);
    }
    total += chunk.length;
    if (total > limit) {
      reader.cancel();
      return { tooLarge: total };
    }
    h.update(chunk);
  }
  reader.release();
  return { hash: await h.digest() };
}

// --- what was signed, for the application -----------------------------------------------------

const dec = new TextDecoder();
/** Percent-decodes canonical (well-formed) text to UTF-8; invalid UTF-8 becomes U+FFFD. */
function decodeComponent(s) {
  if (!s.includes('%')) return s;
  const out = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      out.push(parseInt(s.substr(i + 1, 2), 16));
      i += 2;
    } else out.push(s.charCodeAt(i));
  }
  return dec.decode(new Uint8Array(out));
}

/** The canonical URI decoded segment by segment, without the trailing "/" the canonical form always adds. */
function signedPath(uri) {
  const p = uri.length > 1 && uri.endsWith('/') ? uri.slice(0, -1) : uri;
  return p.split('/').map(decodeComponent).join('/');
}

/** The canonical query as decoded [key, value] pairs, in canonical (sorted) order. */
function signedQuery(query) {
  if (query === '') return [];
  return query.split('&').map((kv) => {
    const eq = kv.indexOf('=');
    return eq === -1 ? [decodeComponent(kv), ''] : [decodeComponent(kv.slice(0, eq)), decodeComponent(kv.slice(eq + 1))];
  });
}

/**
 * Verifies a received SDK-HMAC-SHA256 request (what Huawei's API gateway does). Never throws for an
 * invalid request, a failing lookup or a failing replay hook: the result says
 * `{ valid: false, reason, message }`. Throws (rejects) only for programmer errors: wrong argument
 * or option types, a body of an unsupported type, or a runtime without node:crypto and WebCrypto.
 * @returns {Promise<import('../index.js').VerifyResult>}
 */
export async function verifyRequest(request, lookup, options) {
  const ctx = { algorithm: ALGORITHM };
  const result = await verify(request, lookup, options, ctx);
  if (result.ak !== undefined) result.algorithm = ctx.algorithm;
  return result;
}

async function verify(request, lookup, options, ctx) {
  if (typeof lookup !== 'function') {
    throw typeError('ERR_INVALID_ARGUMENT', `verifyRequest(request, lookup): lookup must be a function (ak) => sk | null | Promise<sk | null>, got ${describe(lookup)}`);
  }
  const o = readOptions(options);
  const node = nodeCrypto();
  if (!node && !subtleCrypto()) {
    throw error('ERR_NO_CRYPTO', 'verifyRequest needs WebCrypto (crypto.subtle) or node:crypto; in a browser, serve the page over https or from localhost');
  }
  const { method, url, headers, body } = read(request);

  // 1. The request line and headers.
  for (const v of [method, url, ...headers.keys(), ...headers.values()]) {
    // Such a request cannot have come over HTTP.
    if (/[\r\n\0]/.test(v)) return invalid('the request contains CR, LF or NUL in its method, URL or a header');
  }
  const auth = headers.get('authorization');
  if (auth === undefined) return fail('missing-authorization', 'the request has no Authorization header');
  const a = parseAuthorization(auth);
  if (a.reason) return a;
  const ak = a.ak;
  const algorithm = a.algorithm;
  ctx.algorithm = algorithm;
  const sm3 = SM3_ALGORITHMS.has(algorithm);
  const contentHeader = sm3 ? 'x-sdk-content-sm3' : 'x-sdk-content-sha256';
  const rawDate = headers.get('x-sdk-date');
  if (rawDate === undefined) return fail('missing-date', 'the request has no X-Sdk-Date header', ak);
  const date = trimOws(rawDate);
  const dateMs = strictSdkDateMs(date);
  if (Number.isNaN(dateMs)) return fail('invalid-date', 'X-Sdk-Date is not a UTC time of the form YYYYMMDDTHHMMSSZ', ak);
  if (a.scope && a.scope.slice(0, 8) !== date.slice(0, 8)) {
    return fail('scope-date-mismatch', `the credential scope's date ${a.scope.slice(0, 8)} is not the date of X-Sdk-Date ${date}`, ak);
  }
  const diff = Math.abs(dateMs - o.now);
  if (diff > o.maxSkew) {
    const secs = (ms) => Math.floor(ms / 1000);
    return fail('date-skew', `X-Sdk-Date ${date} is ${secs(diff)} s ${dateMs > o.now ? 'ahead of' : 'behind'} the server clock; at most ${secs(o.maxSkew)} s are accepted`, ak);
  }
  let href;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return invalid(`request.url must be http(s), got ${JSON.stringify(u.protocol)}`, ak);
    href = u.href;
  } catch {
    return invalid("request.url must be absolute (for Node's http server: new URL(req.url, `https://${req.headers.host}`))", ak);
  }
  if (!TOKEN.test(method)) return invalid(`invalid HTTP method ${JSON.stringify(method.slice(0, 40))}`, ak);
  if (a.names.length > MAX_SIGNED_HEADERS) return invalid('SignedHeaders names too many headers', ak);
  // The canonical method, URI and query (and the URL's host) from the signer, on a copy without headers.
  let probe;
  try {
    probe = (await signRequest({ method, url: href, body: null }, PROBE_CREDENTIALS, PROBE_OPTIONS)).canonicalRequest.split('\n');
  } catch (e) {
    if (e && REQUEST_ERRORS.test(e.code)) return invalid(e.message, ak);
    throw e;
  }
  const [canonicalMethod, uri, query] = probe;
  const urlHost = probe.find((line, i) => i > 2 && line.startsWith('host:'))?.slice(5) ?? new URL(href).host;
  let canonicalHeaders = '';
  let contentSha;
  for (const n of a.names) {
    let v = headers.get(n);
    if (v === undefined) {
      if (n !== 'host') return fail('missing-signed-header', `signed header ${n} is not in the request`, ak);
      v = urlHost;
    }
    if (BAD_VALUE.test(v)) return invalid(`the value of signed header ${n} contains characters other than visible ASCII, space and tab`, ak);
    v = trimOws(v);
    if (n === 'host') v = v.toLowerCase();
    else if (n === contentHeader) contentSha = v;
    canonicalHeaders += n + ':' + v + '\n';
  }
  const unsignedPayload = contentSha === UNSIGNED_PAYLOAD;
  if (unsignedPayload && !o.allowUnsigned) {
    return fail('unsigned-payload', 'the body is not signed (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD) and options.allowUnsignedPayload is not set', ak);
  }
  const declared = declaredSize(headers, body);
  if (declared > o.maxBody) return fail('body-too-large', `the body is ${declared} bytes; at most ${o.maxBody} are accepted`, ak);

  // 2. The access key.
  const found = await callHook(lookup, [ak], o.lookupTimeout);
  if (found.timedOut) return fail('lookup-timeout', `lookup(ak) did not answer within ${o.lookupTimeout} ms`, ak);
  if ('threw' in found) return withCause(fail('lookup-failed', 'lookup(ak) threw or rejected (see result.cause)', ak), found.threw);
  const sk = found.value;
  let key;
  if (typeof sk === 'string' && sk !== '') key = enc.encode(sk);
  else if (sk instanceof Uint8Array && sk.length > 0) key = sk;
  else return fail('unknown-ak', `unknown access key id ${ak}`, ak);

  try {
    // 3. The body, unless its hash is given or it is not signed.
    let payloadLine = UNSIGNED_PAYLOAD;
    if (!unsignedPayload) {
      let bodyHash = o.payload;
      if (bodyHash === undefined) {
        const h = await hashBody(body, o.maxBody, sm3 ? sm3Hasher(await wasmFor(algorithm)) : sha256(node), o.bodyTimeout);
        if (h.stalled !== undefined) return fail('body-timeout', `the body stream sent nothing for ${o.bodyTimeout} ms (after ${h.stalled} bytes)`, ak);
        if (h.tooLarge !== undefined) return fail('body-too-large', `the body is more than ${o.maxBody} bytes (refused after reading ${h.tooLarge})`, ak);
        if (h.failed !== undefined) return withCause(invalid('reading the request body failed (see result.cause)', ak), h.failed);
        bodyHash = h.hash;
      }
      if (contentSha !== undefined && contentSha !== bodyHash) {
        return fail('payload-hash-mismatch', `the signed ${sm3 ? 'X-Sdk-Content-Sm3 is not the SM3' : 'X-Sdk-Content-Sha256 is not the SHA-256'} of the body`, ak);
      }
      payloadLine = bodyHash;
    }

    // 4. The signature.
    const canonicalRequest = `${canonicalMethod}\n${uri}\n${query}\n${canonicalHeaders}\n${a.list}\n${payloadLine}`;
    let valid;
    let stringToSign;
    if (algorithm === ALGORITHM) {
      stringToSign = `${ALGORITHM}\n${date}\n${await sha256Hex(node, canonicalRequest)}`;
      valid = sameMac(await hmacSha256(node, key, stringToSign), a.signature);
    } else {
      const w = await wasmFor(algorithm);
      const crHash = sm3 ? w.call((b) => b.contentHash(algorithm, enc.encode(canonicalRequest))) : await sha256Hex(node, canonicalRequest);
      stringToSign = `${algorithm}\n${date}\n${a.scope ? a.scope + '\n' : ''}${crHash}`;
      // The wasm takes the key as text: a Uint8Array key from lookup is its UTF-8.
      const text = typeof sk === 'string' ? sk : new TextDecoder().decode(key);
      valid = w.call((b) => b.verifySignature(algorithm, ak, text, a.scope, stringToSign, a.signature));
    }
    const result = valid
      ? { valid: true, ak, algorithm }
      : fail('signature-mismatch', "signature mismatch: compare the canonical request and string to sign with the client's", ak);
    result.canonicalRequest = canonicalRequest;
    result.stringToSign = stringToSign;
    if (!result.valid) return result;

    // 5. The replay hook, once everything else passed.
    if (o.replay !== undefined) {
      const r = await callHook(o.replay, [a.signature, date, ak], o.lookupTimeout);
      if (r.timedOut) return { ...fail('replayed', `options.replay did not answer within ${o.lookupTimeout} ms; refused`, ak), canonicalRequest, stringToSign };
      if ('threw' in r) return withCause({ ...fail('replayed', 'options.replay threw or rejected (see result.cause); refused', ak), canonicalRequest, stringToSign }, r.threw);
      if (r.value === false) return { ...fail('replayed', 'options.replay refused this signature (seen before)', ak), canonicalRequest, stringToSign };
    }
    result.path = signedPath(uri);
    result.query = signedQuery(query);
    result.unsignedPayload = unsignedPayload;
    result.signedHeaders = a.names;
    return result;
  } finally {
    if (key !== sk) key.fill(0); // the UTF-8 copy of a string key
  }
}
