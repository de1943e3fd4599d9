// verifyRequest: the server side of SDK-HMAC-SHA256, in JavaScript over the package's own signer
// (the wasm exports no verifier: every browser user would pay for it). The Authorization header is
// parsed as strictly as Huawei's gateway does and X-Sdk-Date is checked against `now` before the
// secret key is looked up; then signRequestSync (one wasm call, the canonicalisation used for
// signing) recomputes the signature over exactly the signed headers, and the two are compared in
// constant time. Rust users have the same verifier natively in the crate (src/verify.rs).

import { wasm } from './runtime.js';
import { signRequestSync, subtleSha256Hex } from './sign.js';
import { strictSdkDateMs } from './sdk-date.js';
import { HwCloudSignerTypeError, describe, error, typeError } from './errors.js';

const enc = new TextEncoder();
const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
/** Bodies at least this large are hashed with WebCrypto instead of being copied into wasm. */
const SUBTLE_THRESHOLD = 64 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SIGNED_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** Signer errors that mean "this request cannot be signed as received" (the rest are rethrown). */
const REQUEST_ERRORS = /^ERR_(INVALID_(URL|METHOD|HEADER|DATE|PAYLOAD_HASH)|URL_TOO_LONG|DUPLICATE_HEADER|HEADERS_TOO_LARGE|BODY_TOO_LARGE)$/;

/** An option read as an own property only: a polluted Object.prototype must not supply it. */
const own = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const trim = (s) => s.replace(/^[ \t]+|[ \t]+$/g, '');
const fail = (reason, message, ak) => (ak === undefined ? { valid: false, reason, message } : { valid: false, reason, message, ak });
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
  if (input === undefined || input === null) return headers;
  if (typeof input !== 'object') throw typeError('ERR_INVALID_HEADER', `request.headers must be a Headers object, a record or [name, value] pairs, got ${describe(input)}`);
  if (typeof input[Symbol.iterator] === 'function') {
    for (const pair of input) {
      if (!pair || typeof pair !== 'object' || pair.length !== 2) throw typeError('ERR_INVALID_HEADER', `headers given as a list must be [name, value] pairs, got ${describe(pair)}`);
      add(pair[0], pair[1]);
    }
  } else {
    for (const k of Object.keys(input)) add(k, input[k]);
  }
  return headers;
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

/**
 * Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex` (fields in any order, each
 * once; spaces and tabs around them ignored; SignedHeaders lower-case, sorted, distinct, with
 * x-sdk-date), or returns the refusal.
 */
function parseAuthorization(value) {
  value = trim(value);
  const sp = value.search(/[ \t]/);
  const alg = sp === -1 ? value : value.slice(0, sp);
  if (alg !== 'SDK-HMAC-SHA256') {
    if (alg.length <= 40 && TOKEN.test(alg)) return fail('unsupported-algorithm', `unsupported signing algorithm ${alg}; only SDK-HMAC-SHA256 is verified`);
    return fail('malformed-authorization', 'malformed Authorization header: it does not start with SDK-HMAC-SHA256');
  }
  const why = fields(sp === -1 ? '' : value.slice(sp));
  return typeof why === 'string' ? fail('malformed-authorization', 'malformed Authorization header: ' + why) : why;
}

function fields(text) {
  const f = Object.create(null);
  for (const part of text.split(',')) {
    const p = trim(part);
    const eq = p.indexOf('=');
    const key = eq === -1 ? p : p.slice(0, eq);
    if (key !== 'Access' && key !== 'SignedHeaders' && key !== 'Signature') return 'unknown field';
    if (eq === -1 || key in f) return 'Access, SignedHeaders and Signature must each appear once';
    f[key] = p.slice(eq + 1);
  }
  const { Access: ak, SignedHeaders: list, Signature: signature } = f;
  if (ak === undefined || list === undefined || signature === undefined) return 'Access, SignedHeaders and Signature must each appear once';
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(ak)) return 'Access is empty or not printable ASCII';
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return 'Signature is not 64 hex digits';
  const names = list.split(';');
  let prev = '';
  for (const n of names) {
    if (!SIGNED_NAME.test(n)) return 'bad SignedHeaders';
    if (!(prev < n) || n === 'authorization') return 'SignedHeaders must be sorted and distinct';
    prev = n;
  }
  if (!names.includes('x-sdk-date')) return 'SignedHeaders must include x-sdk-date';
  return { ak, list, names, signature: signature.toLowerCase() };
}

/** Whether WebCrypto can hash these bytes (not in a page served over plain http; not shared memory). */
const subtle = (bytes) => typeof crypto === 'object' && crypto !== null && !!crypto.subtle && bytes.buffer instanceof ArrayBuffer;

async function sha256Hex(bytes) {
  // Without WebCrypto: the canonical request the signer builds for the body ends with its hash.
  if (!subtle(bytes)) return signRequestSync({ url: 'http://h/', body: bytes }, { ak: 'a', sk: 'k' }).canonicalRequest.slice(-64);
  return subtleSha256Hex(bytes);
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
  const { method, url, headers, body } = await read(request);
  for (const v of [method, url, ...headers.keys(), ...headers.values()]) {
    // Such a request cannot have come over HTTP.
    if (/[\r\n\0]/.test(v)) return invalid('the request contains CR, LF or NUL in its method, URL or a header');
  }
  let href;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return invalid(`request.url must be http(s), got ${JSON.stringify(u.protocol)}`);
    href = u.href;
  } catch {
    return invalid("request.url must be absolute (for Node's http server: new URL(req.url, `https://${req.headers.host}`))");
  }

  const auth = headers.get('authorization');
  if (auth === undefined) return fail('missing-authorization', 'the request has no Authorization header');
  const a = parseAuthorization(auth);
  if (a.reason) return a;
  const ak = a.ak;
  const rawDate = headers.get('x-sdk-date');
  if (rawDate === undefined) return fail('missing-date', 'the request has no X-Sdk-Date header', ak);
  const date = trim(rawDate);
  const dateMs = strictSdkDateMs(date);
  if (Number.isNaN(dateMs)) return fail('invalid-date', 'X-Sdk-Date is not a UTC time of the form YYYYMMDDTHHMMSSZ', ak);
  const diff = Math.abs(dateMs - now);
  if (diff > maxSkew) {
    const secs = (ms) => Math.floor(ms / 1000);
    return fail('date-skew', `X-Sdk-Date ${date} is ${secs(diff)} s ${dateMs > now ? 'ahead of' : 'behind'} the server clock; at most ${secs(maxSkew)} s are accepted`, ak);
  }
  if (!TOKEN.test(method)) return invalid(`invalid HTTP method ${JSON.stringify(method.slice(0, 40))}`, ak);
  if (a.names.length > 256) return invalid('SignedHeaders names too many headers', ak);
  // Exactly the signed headers go to the signer; a received Host is signed as received, else the URL's host.
  const signed = [];
  let contentSha;
  for (const n of a.names) {
    const v = headers.get(n);
    if (v === undefined && n !== 'host') return fail('missing-signed-header', `signed header ${n} is not in the request`, ak);
    if (v !== undefined) signed.push([n === 'host' ? 'Host' : n, v]);
    if (n === 'x-sdk-content-sha256') contentSha = trim(v);
  }

  let sk;
  try {
    sk = await lookup(ak);
  } catch (e) {
    throw error('ERR_LOOKUP_FAILED', 'the lookup function threw or rejected (see error.cause)', { cause: e });
  }
  if (sk === undefined || sk === null || sk === false) return fail('unknown-ak', `unknown access key id ${ak}`, ak);
  if (sk instanceof Uint8Array && sk.length > 0) {
    try {
      sk = new TextDecoder('utf-8', { fatal: true }).decode(sk);
    } catch {
      throw typeError('ERR_INVALID_CREDENTIALS', 'lookup(ak) returned a Uint8Array secret key that is not UTF-8 text');
    }
  } else if (typeof sk !== 'string' || sk === '') {
    throw typeError('ERR_INVALID_CREDENTIALS', `lookup(ak) must return the secret key as a non-empty string or Uint8Array, or null when unknown; got ${sk === '' ? 'an empty string' : describe(sk)}`);
  }

  let s;
  try {
    // The body's hash: given, needed to check a signed X-Sdk-Content-Sha256, or (large bodies) from WebCrypto.
    const binds = contentSha !== undefined && contentSha !== 'UNSIGNED-PAYLOAD';
    if (payload === undefined && (binds || (body.length >= SUBTLE_THRESHOLD && subtle(body)))) payload = await sha256Hex(body);
    if (binds && contentSha !== payload) return fail('payload-hash-mismatch', 'the signed X-Sdk-Content-Sha256 is not the SHA-256 of the body', ak);
    s = signRequestSync({ method, url: href, headers: signed, body: payload === undefined ? body : null }, { ak, sk }, { signingDate: date, payloadHash: payload });
  } catch (e) {
    if (e && REQUEST_ERRORS.test(e.code)) return invalid(e.message, ak);
    throw e;
  }
  if (s.signedHeaders !== a.list) {
    return fail('unsupported-signed-header', `SignedHeaders ${a.list} cannot be verified: for this request this library signs ${s.signedHeaders} (host always; never user-agent, content-length, hop-by-hop headers or names with "_")`, ak);
  }
  let d = 0;
  for (let i = 0; i < 64; i++) d |= a.signature.charCodeAt(i) ^ s.signature.charCodeAt(i);
  const result = d === 0 ? { valid: true, ak } : fail('signature-mismatch', "signature mismatch: compare the canonical request and string to sign with the client's", ak);
  result.canonicalRequest = s.canonicalRequest;
  result.stringToSign = s.stringToSign;
  return result;
}
