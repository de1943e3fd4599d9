// signRequest: plain objects in, plain objects out. One trip: this file checks and normalises the
// JavaScript inputs, the wasm core computes everything (canonical request, string to sign,
// signature, Authorization, the URL and headers to send), and this file copies the fields out.
//
// This is the hot path measured by bench/run.mjs (`make bench`). Per signature: one `new URL`, the
// headers gathered into flat arrays, the request text written as UTF-8 with `encodeInto` into a
// scratch buffer and passed with wasm-bindgen's bindings (one copy), one wasm call, one answer string
// sliced into fields; the X-Sdk-Date string is cached per second; bodies are hashed natively where
// that is faster (node:crypto, WebCrypto) and passed in as a precomputed hash. signRequest resolves
// synchronously once the module is ready, through the same path as signRequestSync.

import { call, init, ready, wasmSync } from './runtime.js';
import { loadModule, moduleFor } from './modules.js';
import { BAD_VALUE, eachHeader, trimOws } from './headers.js';
import { HwCloudSignerError, HwCloudSignerTypeError, describe, error, typeError } from './errors.js';
import { formatSdkDate } from './sdk-date.js';

export { formatSdkDate };

/** Largest body Huawei's API gateway accepts on AK/SK-signed requests. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;
/**
 * Where node:crypto is not reachable (browsers, Workers), signRequest hashes bodies at least this
 * large with WebCrypto instead of in wasm: `subtle.digest` has a fixed cost (an async job: ~20 µs in
 * Chromium, ~100 µs in Node) but runs at native speed, the wasm SHA-256 at ~4 ns/byte. Measured by
 * bench/run.mjs (Chromium 148: equal at ~1-2 KB, WebCrypto 1.6x faster at 4 KB).
 */
export const SUBTLE_HASH_THRESHOLD = 4 * 1024;
/**
 * Where `node:crypto` is reachable without an import (`process.getBuiltinModule`: Node >= 20.16,
 * recent Deno and Bun), bodies at least this large are hashed with it, synchronously, in both
 * signRequest and signRequestSync (native SHA-256 costs ~1 µs plus ~0.7 ns/byte, the wasm one
 * ~4 ns/byte plus the copy into wasm memory).
 */
export const NATIVE_HASH_THRESHOLD = 512;

const enc = new TextEncoder();

// Headers are gathered into parallel arrays (names as given, values, lower-case names), with a Map
// from lower-case name to index for merging repeated names.
function headerList() {
  return { names: [], values: [], lowers: [], index: new Map() };
}

function findHeader(h, lower) {
  const i = h.index.get(lower);
  return i === undefined ? -1 : i;
}

function pushHeader(h, name, value, lower) {
  h.index.set(lower, h.names.length);
  h.names.push(name);
  h.values.push(value);
  h.lowers.push(lower);
}

function addHeader(h, name, value) {
  line(name, 'ERR_INVALID_HEADER', 'a header name'); // the wasm core checks that it is a token
  if (typeof value !== 'string') {
    throw typeError('ERR_INVALID_HEADER', `the value of header "${name.slice(0, 64)}" must be a string, got ${describe(value)}; convert numbers with String(value)`);
  }
  // What a value may contain (visible ASCII, space, tab) is the wasm core's check.
  const lower = name.toLowerCase();
  const i = findHeader(h, lower);
  const v = trimOws(value);
  if (i === -1) pushHeader(h, name, v, lower);
  else h.values[i] = h.values[i] + ', ' + v;
}

function gatherHeaders(input) {
  const h = headerList();
  eachHeader(input, (name, value) => addHeader(h, name, value));
  return h;
}

/** Normalises Headers / record / pairs into [[name, value]] with case-insensitive names merged ", " as fetch does. */
export function collectHeaders(input) {
  const h = gatherHeaders(input);
  return h.names.map((n, i) => [n, h.values[i]]);
}

function bodyBytes(body) {
  if (body == null) return null;
  if (typeof body === 'string') return enc.encode(body);
  if (body instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && body instanceof SharedArrayBuffer)) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw typeError(
    'ERR_UNSUPPORTED_BODY',
    `body must be a string, ArrayBuffer or ArrayBufferView, got ${describe(body)}; for streams pass options.payloadHash (hex SHA-256) or options.unsignedPayload`,
  );
}

/**
 * Returns the WHATWG-normalised `href` (what is signed and sent). The wasm core refuses schemes
 * other than http(s) and user info, with its own messages.
 */
function parseUrl(url) {
  let u;
  if (typeof url === 'string') {
    try {
      u = new URL(url);
    } catch {
      throw error('ERR_INVALID_URL', `request.url is not an absolute URL: ${JSON.stringify(url.slice(0, 200))}`);
    }
  } else if (typeof URL === 'function' && url instanceof URL) {
    u = url; // already parsed and normalised; read once below
  } else {
    throw typeError('ERR_INVALID_URL', `request.url must be a string or URL, got ${describe(url)}`);
  }
  return u.href;
}

/** The X-Sdk-Date to sign with. Strings (option or header) are checked by the wasm core: format and calendar. */
function signingTime(options, headerDate) {
  const d = field(options, 'signingDate');
  if (d === undefined || d === null) return headerDate !== undefined ? headerDate : formatSdkDate(Date.now());
  if (d instanceof Date) {
    const t = d.getTime();
    if (Number.isNaN(t)) throw error('ERR_INVALID_DATE', 'options.signingDate is an Invalid Date');
    return formatSdkDate(t);
  }
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw error('ERR_INVALID_DATE', `options.signingDate must be a finite number of epoch milliseconds, got ${d}`);
    return formatSdkDate(Math.floor(d));
  }
  if (typeof d === 'string') return line(d, 'ERR_INVALID_DATE', 'options.signingDate');
  throw typeError('ERR_INVALID_DATE', `options.signingDate must be a Date, epoch milliseconds or "YYYYMMDDTHHMMSSZ", got ${describe(d)}`);
}

/** A string argument; what it may contain is the wasm core's check (one place, one message). */
function line(v, code, what) {
  if (typeof v !== 'string') throw typeError(code, `${what} must be a string, got ${describe(v)}`);
  return v;
}

/** Secret keys are 40 characters; anything much longer is refused before it is copied into wasm memory. */
export const MAX_SK_LENGTH = 1024;

const NO_OPTIONS = Object.freeze({});
const OPTIONS = ['signingDate', 'unsignedPayload', 'payloadHash', 'algorithm', 'region', 'service'];

/** An optional string option (region, service); '' when absent. */
function optionalString(options, k) {
  const v = field(options, k);
  if (v === undefined || v === null) return '';
  return line(v, 'ERR_INVALID_SIGN_OPTION', `options.${k}`);
}

/** The wasm modules that have each algorithm; loaded states by name (the main one is always there). */
const loaded = { main: { call } };

/**
 * Reads an optional field, ignoring anything inherited from Object.prototype (so a polluted
 * prototype cannot add headers or change the payload hash). Getters on classes still work.
 */
function field(o, k) {
  for (let p = o; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, k)) return o[k];
  }
  return undefined;
}

function addCredentialHeader(h, name, value, what) {
  if (value === undefined || value === null) return;
  line(value, 'ERR_INVALID_CREDENTIALS', what);
  if (value === '' || BAD_VALUE.test(value)) throw error('ERR_INVALID_CREDENTIALS', `${what} must be non-empty printable ASCII`);
  const lower = name.toLowerCase();
  const i = findHeader(h, lower);
  if (i === -1) {
    pushHeader(h, name, value, lower);
  } else {
    h.names[i] = name;
    h.values[i] = value;
  }
}

/** Validates and normalises everything; returns the job for the wasm call. */
function prepare(request, credentials, options) {
  try {
    return prepareUnguarded(request, credentials, options);
  } catch (e) {
    if (e instanceof HwCloudSignerError) throw e;
    // A getter or Proxy trap in the caller's objects threw. Its message is not repeated: it is
    // caller data and could contain anything.
    throw new HwCloudSignerTypeError('ERR_INVALID_ARGUMENT', 'reading the arguments threw an exception (a getter or Proxy in them?); pass plain objects', { cause: e });
  }
}

function prepareUnguarded(request, credentials, options) {
  if (!request || typeof request !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `signRequest(request, credentials): request must be an object, got ${describe(request)}`);
  if (!credentials || typeof credentials !== 'object') {
    throw typeError('ERR_INVALID_CREDENTIALS', `signRequest(request, credentials): credentials must be an object { ak, sk }, got ${describe(credentials)}`);
  }
  if (options === undefined || options === null) options = NO_OPTIONS;
  else if (typeof options !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `options must be an object, got ${describe(options)}`);
  const ak = field(credentials, 'ak');
  const sk = field(credentials, 'sk');
  // Types here; emptiness and content (spaces, non-ASCII, whitespace at the ends) in the wasm core.
  line(ak, 'ERR_INVALID_CREDENTIALS', 'credentials.ak (access key id)');
  line(sk, 'ERR_INVALID_CREDENTIALS', 'credentials.sk (secret access key)');
  if (sk.length > MAX_SK_LENGTH) {
    throw error('ERR_INVALID_CREDENTIALS', `credentials.sk (secret access key) is ${sk.length} characters; secret access keys are 40 (at most ${MAX_SK_LENGTH} accepted)`);
  }

  const m = field(request, 'method');
  const method = m === undefined || m === null ? 'GET' : line(m, 'ERR_INVALID_METHOD', 'request.method');
  const href = parseUrl(field(request, 'url'));
  const headers = gatherHeaders(field(request, 'headers'));
  addCredentialHeader(headers, 'X-Security-Token', field(credentials, 'securityToken'), 'credentials.securityToken');
  addCredentialHeader(headers, 'X-Project-Id', field(credentials, 'projectId'), 'credentials.projectId');
  addCredentialHeader(headers, 'X-Domain-Id', field(credentials, 'domainId'), 'credentials.domainId');

  let headerDate;
  let userContentSha;
  const lowers = headers.lowers;
  for (let i = 0; i < lowers.length; i++) {
    if (lowers[i] === 'x-sdk-date') headerDate = headers.values[i];
    else if (lowers[i] === 'x-sdk-content-sha256') userContentSha = headers.values[i];
  }
  const time = signingTime(options, headerDate);

  for (const k of Object.keys(options)) {
    if (!OPTIONS.includes(k)) throw error('ERR_INVALID_ARGUMENT', `unknown option ${JSON.stringify(k.slice(0, 64))}; signRequest takes ${OPTIONS.join(', ')}`);
  }
  const a = field(options, 'algorithm');
  const algorithm = a === undefined || a === null ? 'SDK-HMAC-SHA256' : line(a, 'ERR_UNSUPPORTED_ALGORITHM', 'options.algorithm');
  const module = moduleFor(algorithm);
  if (module === undefined) {
    throw error('ERR_UNSUPPORTED_ALGORITHM', `unsupported algorithm ${JSON.stringify(algorithm.slice(0, 64))}; use SDK-HMAC-SHA256, V11-HMAC-SHA256, SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256 or SDK-SM2-SM3`);
  }
  const region = optionalString(options, 'region');
  const service = optionalString(options, 'service');

  // The payload field of the wasm request: B = hash the body bytes, U = UNSIGNED-PAYLOAD, H<hash>.
  let payload = 'B';
  const unsignedPayload = field(options, 'unsignedPayload');
  const payloadHash = field(options, 'payloadHash');
  if (unsignedPayload !== undefined && typeof unsignedPayload !== 'boolean') {
    throw typeError('ERR_INVALID_ARGUMENT', `options.unsignedPayload must be a boolean, got ${describe(unsignedPayload)}`);
  }
  if (payloadHash !== undefined && payloadHash !== null) {
    if (unsignedPayload) throw error('ERR_INVALID_ARGUMENT', 'use either options.payloadHash or options.unsignedPayload, not both');
    payload = 'H' + line(payloadHash, 'ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash'); // checked by the wasm core
  } else if (unsignedPayload) {
    payload = 'U';
  }

  const body = field(request, 'body');
  const bytes = bodyBytes(body);
  // The SM3 algorithms hash the body with SM3, in wasm (neither WebCrypto nor every node:crypto has it).
  const sm3 = algorithm === 'SDK-HMAC-SM3' || algorithm === 'SDK-SM2-SM3';
  return { algorithm, module, sm3, region, service, method, href, headers, time, payload, ak, sk, body, bytes, userContentSha };
}

/** Lowercase hex SHA-256 with WebCrypto. */
export async function subtleSha256Hex(bytes) {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
}

// How bodies are hashed: 'auto' (node:crypto where reachable, else WebCrypto for large bodies in
// signRequest, else wasm), or forced to 'wasm' / 'subtle' (bench/ uses this to measure each path).
let bodyHashing = 'auto';
/** @internal Not part of the public API (api.js does not re-export it). */
export function setBodyHashing(mode) {
  if (mode !== 'auto' && mode !== 'wasm' && mode !== 'subtle') throw new TypeError(`unknown body hashing mode ${mode}`);
  bodyHashing = mode;
}

let nodeHash; // undefined: not looked up yet; null: not available
function nativeSha256Hex() {
  if (nodeHash === undefined) {
    nodeHash = null;
    try {
      // globalThis.process, not `process`: bundlers must not see a free `process` and polyfill it.
      const p = globalThis.process;
      const c = p && typeof p.getBuiltinModule === 'function' ? p.getBuiltinModule('node:crypto') : null;
      if (c && typeof c.createHash === 'function') nodeHash = (bytes) => c.createHash('sha256').update(bytes).digest('hex');
    } catch {
      // not available: WebCrypto / wasm
    }
  }
  return nodeHash;
}

/** Whether the body still needs hashing and may be hashed outside wasm (not too large: wasm refuses it). */
function hashable(job, min) {
  const b = job.bytes;
  return !job.sm3 && job.payload === 'B' && b !== null && b.length >= min && b.length <= MAX_BODY_BYTES && job.userContentSha === undefined;
}

/** Hashes the body with node:crypto when that is reachable and worth it; the wasm call then gets the hash. */
function hashNatively(job) {
  if (bodyHashing === 'auto' && hashable(job, NATIVE_HASH_THRESHOLD)) {
    const h = nativeSha256Hex();
    if (h !== null) job.payload = 'H' + h(job.bytes);
  }
  return job;
}

/** Whether signRequest hashes this job's body with WebCrypto before the wasm call. */
function wantsSubtle(job) {
  if (bodyHashing === 'wasm' || !hashable(job, bodyHashing === 'subtle' ? 1 : SUBTLE_HASH_THRESHOLD)) return false;
  return !(typeof SharedArrayBuffer === 'function' && job.bytes.buffer instanceof SharedArrayBuffer) && !!globalThis.crypto?.subtle;
}

/** `<UTF-16 length>:<text>`, a field of the wasm request (src/wasm/mod.rs). */
function put(s) {
  return s.length + ':' + s;
}

const EMPTY = new Uint8Array(0);

/** The wasm request (version 1, see src/wasm/mod.rs) for a prepared job. */
function encode(job) {
  const { names, values } = job.headers;
  const n = names.length;
  const len = job.bytes !== null ? job.bytes.length : 0;
  let text = '1:1' + put(job.algorithm) + put(job.region) + put(job.service) + put(job.method) + put(job.href) + put(job.time) + put(job.payload) + put(String(len)) + put(job.ak) + put(job.sk) + put(String(n));
  for (let i = 0; i < n; i++) text += put(names[i]) + put(values[i]);
  return text;
}

// The request text goes to wasm as UTF-8 bytes, written by `TextEncoder.encodeInto` into a scratch
// buffer and copied into wasm memory by the bindings (one `set`): several times faster than the
// bindings' string passing, which copies character by character. The buffer holds the secret key,
// so `run` zeroes it after the call. Requests up to 16 KB reuse one buffer.
let scratch = new Uint8Array(4096);

/** @internal The reused scratch buffer (tests/js/hostile.test.mjs checks that it is zeroed after each call). */
export function requestScratch() {
  return scratch;
}

/** The wasm request as UTF-8 bytes: `[buffer, length]`. */
function requestBytes(text) {
  const need = text.length * 3;
  let buf = scratch;
  if (buf.length < need) {
    buf = new Uint8Array(need);
    if (need <= 16384) scratch = buf;
  }
  return [buf, enc.encodeInto(text, buf).written];
}

/** The answer's fields (`<length>:<text>` each after the `+1` marker), or its coded error thrown. */
function decode(out) {
  if (out.charCodeAt(0) !== 43 /* '+' */) {
    const nl = out.indexOf('\n');
    throw error(out.slice(1, nl), out.slice(nl + 1));
  }
  if (out.charCodeAt(1) !== 49 /* '1' */) throw error('ERR_INTERNAL', 'the wasm module answered in an unknown format version; reinstall the package');
  const fields = [];
  for (let i = 2, len = out.length; i < len; ) {
    let n = 0;
    for (let c; (c = out.charCodeAt(i++)) !== 58 /* ':' */; ) n = n * 10 + c - 48;
    fields.push(out.slice(i, (i += n)));
  }
  return fields;
}

/** The one sign path (signRequest and signRequestSync): one wasm call, then the fields copied out. */
function run(job) {
  const m = loaded[job.module];
  if (m === undefined) {
    throw error('ERR_NOT_INITIALIZED', `the ${job.algorithm} code is loaded on first use: await signRequest(...) once with this algorithm before signRequestSync`);
  }
  const body = job.payload === 'B' && job.bytes !== null ? job.bytes : EMPTY;
  const [buf, n] = requestBytes(encode(job));
  let out;
  try {
    out = m.call((b) => b.signRequest(buf.subarray(0, n), body));
  } finally {
    buf.fill(0, 0, n);
  }
  const f = decode(out);
  const headers = {};
  for (let i = 9, end = 9 + 2 * Number(f[8]); i < end; i += 2) headers[f[i]] = f[i + 1];
  return {
    method: f[0],
    url: f[1],
    headers,
    body: typeof job.body === 'string' ? job.body : job.bytes,
    authorization: f[3],
    signature: f[2],
    signedHeaders: f[4],
    canonicalRequest: f[6],
    stringToSign: f[5],
  };
}

async function hashThenRun(job) {
  job.payload = 'H' + (await subtleSha256Hex(job.bytes));
  return run(job);
}

/** The first signature (or the first with an algorithm): the wasm module it needs is loaded first. */
async function loadThenRun(job) {
  await init();
  if (loaded[job.module] === undefined) loaded[job.module] = await loadModule(job.module);
  return wantsSubtle(job) ? hashThenRun(job) : run(job);
}

/**
 * Signs a request with SDK-HMAC-SHA256. See the package README and index.d.ts.
 * Once the module is initialised a request without a large body is signed synchronously and
 * returned as a resolved promise (no extra microtask turns); errors are rejections, as always.
 * @returns {Promise<import('../index.js').SignedRequest>}
 */
export function signRequest(request, credentials, options) {
  try {
    const job = hashNatively(prepare(request, credentials, options));
    if (!ready() || loaded[job.module] === undefined) return loadThenRun(job);
    return wantsSubtle(job) ? hashThenRun(job) : Promise.resolve(run(job));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Synchronous signRequest; requires `await init()` (or the workerd/edge-light entry) first. */
export function signRequestSync(request, credentials, options) {
  wasmSync();
  return run(hashNatively(prepare(request, credentials, options)));
}
