// signRequest: plain objects in, plain objects out. All canonicalisation and the HMAC happen in
// the wasm core in one call; this file normalises JS inputs and assembles the result.
//
// This is the hot path measured by bench/run.mjs (`make bench`). Per signature: one `new URL`, the
// headers gathered into flat arrays, one string written straight into wasm memory with
// `encodeInto`, one wasm call, one `TextDecoder.decode` of the result; the X-Sdk-Date string is
// cached per second; bodies are hashed natively where that is faster (node:crypto, WebCrypto) and
// passed in as a precomputed hash. signRequest resolves synchronously once the module is ready.

import { call, memory, takeAnswer, wasm, wasmSync } from './runtime.js';
import { HwCloudSignerError, HwCloudSignerTypeError, describe, error, typeError } from './errors.js';
import { formatSdkDate } from './sdk-date.js';

export { formatSdkDate };

const ALGORITHM = 'SDK-HMAC-SHA256';
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
const BAD_VALUE = /[^\t\x20-\x7e]/;

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
  if (BAD_VALUE.test(value)) {
    throw typeError('ERR_INVALID_HEADER', `the value of header ${name} contains ${/[^\0-\x7f]/.test(value)
      ? 'non-ASCII characters, which fetch cannot send; percent-encode or base64 them'
      : 'control characters (CR, LF, NUL, ...), which HTTP does not allow'}`);
  }
  const lower = name.toLowerCase();
  const i = findHeader(h, lower);
  if (i === -1) pushHeader(h, name, value.trim(), lower);
  else h.values[i] = h.values[i] + ', ' + value.trim();
}

function gatherHeaders(input) {
  const h = headerList();
  if (input == null) return h;
  // A fetch `Headers` object is iterable and yields the same [name, value] pairs as its forEach.
  // (No `instanceof Headers`: in Node, the first access to the global `Headers` loads undici,
  // ~20-40 ms of cold start.)
  if (typeof input === 'object' && typeof input[Symbol.iterator] === 'function') {
    for (const pair of input) {
      if (!pair || typeof pair !== 'object' || pair.length !== 2) {
        throw typeError('ERR_INVALID_HEADER', `headers given as a list must be [name, value] pairs, got ${describe(pair)}`);
      }
      addHeader(h, pair[0], pair[1]);
    }
  } else if (typeof input === 'object') {
    const keys = Object.keys(input);
    for (let i = 0; i < keys.length; i++) addHeader(h, keys[i], input[keys[i]]);
  } else {
    throw typeError('ERR_INVALID_HEADER', `headers must be a Headers object, a record of strings or [name, value] pairs, got ${describe(input)}`);
  }
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

/** A string field of the request text passed to wasm, one line each (src/wasm/mod.rs). */
function line(v, code, what) {
  if (typeof v !== 'string') throw typeError(code, `${what} must be a string, got ${describe(v)}`);
  if (v.includes('\n')) throw error(code, `${what} contains a line break`);
  return v;
}

const NO_OPTIONS = Object.freeze({});

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
  // The SK is the last field, so it may hold line breaks; the wasm core refuses them with a better message.
  if (typeof sk !== 'string') line(sk, 'ERR_INVALID_CREDENTIALS', 'credentials.sk (secret access key)');

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

  let payload = '';
  const unsignedPayload = field(options, 'unsignedPayload');
  const payloadHash = field(options, 'payloadHash');
  if (unsignedPayload !== undefined && typeof unsignedPayload !== 'boolean') {
    throw typeError('ERR_INVALID_ARGUMENT', `options.unsignedPayload must be a boolean, got ${describe(unsignedPayload)}`);
  }
  if (payloadHash !== undefined && payloadHash !== null) {
    if (unsignedPayload) throw error('ERR_INVALID_ARGUMENT', 'use either options.payloadHash or options.unsignedPayload, not both');
    payload = '=' + line(payloadHash, 'ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash'); // checked by the wasm core
  } else if (unsignedPayload) {
    payload = 'U';
  }

  const body = field(request, 'body');
  const bytes = bodyBytes(body);
  return { method, href, headers, time, payload, ak, sk, body, bytes, userContentSha };
}

function checkSize(w, len) {
  if (len > MAX_BODY_BYTES) {
    takeAnswer(w, w.checkBodySize(len)); // throws ERR_BODY_TOO_LARGE
  }
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
  return job.payload === '' && b !== null && b.length >= min && b.length <= MAX_BODY_BYTES && job.userContentSha === undefined;
}

/** Hashes the body with node:crypto when that is reachable and worth it; the wasm call then gets the hash. */
function hashNatively(job) {
  if (bodyHashing === 'auto' && hashable(job, NATIVE_HASH_THRESHOLD)) {
    const h = nativeSha256Hex();
    if (h !== null) job.payload = '=' + h(job.bytes);
  }
  return job;
}

/** Whether signRequest hashes this job's body with WebCrypto before the wasm call. */
function wantsSubtle(job) {
  if (bodyHashing === 'wasm' || !hashable(job, bodyHashing === 'subtle' ? 1 : SUBTLE_HASH_THRESHOLD)) return false;
  return !(typeof SharedArrayBuffer === 'function' && job.bytes.buffer instanceof SharedArrayBuffer) && !!globalThis.crypto?.subtle;
}

// A Uint8Array over the whole wasm memory, re-created only when the memory grows (which detaches
// the old buffer) or the instance is replaced after a trap.
/**
 * The one wasm call: the body (when hashed in wasm) then the request text go into one buffer that
 * `signRequest` takes over (and zeroes: it holds the secret key); the result string comes back.
 * The text is written with `encodeInto` straight into wasm memory, sized for ASCII; if it does not
 * fit (non-ASCII method, ak, sk or payload hash) the buffer is wiped and the text is encoded first.
 */
function invoke(w, text, body, bodyLen, fullLen) {
  checkSize(w, fullLen);
  const len = text.length;
  let total = bodyLen + len;
  let ptr = w.__wbindgen_malloc(total, 1) >>> 0;
  let mem = memory(w);
  if (bodyLen) mem.set(body, ptr);
  if (enc.encodeInto(text, mem.subarray(ptr + bodyLen, ptr + total)).read !== len) {
    mem.fill(0, ptr + bodyLen, ptr + total);
    w.__wbindgen_free(ptr, total, 1);
    const encoded = enc.encode(text);
    total = bodyLen + encoded.length;
    ptr = w.__wbindgen_malloc(total, 1) >>> 0;
    mem = memory(w);
    if (bodyLen) mem.set(body, ptr);
    mem.set(encoded, ptr + bodyLen);
    encoded.fill(0);
  }
  return takeAnswer(w, w.signRequest(ptr, total, bodyLen));
}

function run(job) {
  const { names, values, lowers } = job.headers;
  const count = names.length;
  const unsigned = job.payload === 'U';
  const body = job.payload === '' ? job.bytes : null;
  const bodyLen = body !== null ? body.length : 0;
  const fullLen = job.bytes !== null ? job.bytes.length : 0;
  let text = job.method + '\n' + job.href + '\n' + job.time + '\n' + job.payload + '\n' + job.ak + '\n' + count + '\n';
  for (let i = 0; i < count; i++) text += names[i] + '\n' + values[i] + '\n';
  text += job.sk;

  const out = call((w) => invoke(w, text, body, bodyLen, fullLen));
  const signature = out.slice(1, 65);
  const crHash = out.slice(65, 129);
  const sdkDate = out.slice(129, 145);
  const canonicalRequest = out.slice(145);
  const l1 = canonicalRequest.indexOf('\n');
  const l2 = canonicalRequest.indexOf('\n', l1 + 1);
  const l3 = canonicalRequest.indexOf('\n', l2 + 1);
  const last = canonicalRequest.lastIndexOf('\n');
  const signedHeaders = canonicalRequest.slice(canonicalRequest.lastIndexOf('\n', last - 1) + 1, last);
  const authorization = ALGORITHM + ' Access=' + job.ak + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;

  const sent = {};
  for (let i = 0; i < count; i++) {
    const l = lowers[i];
    if (l === 'host' || l === 'authorization' || l === 'x-sdk-date' || (unsigned && l === 'x-sdk-content-sha256')) continue;
    sent[names[i]] = values[i];
  }
  if (unsigned) sent['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  sent['X-Sdk-Date'] = sdkDate;
  sent['Authorization'] = authorization;

  // The URL to send: origin + path of the normalised href (http(s) hrefs without user info are
  // exactly origin + pathname + search + hash), then the canonical query.
  const href = job.href;
  const end = href.search(/[?#]/);
  const base = end === -1 ? href : href.slice(0, end);
  return {
    method: canonicalRequest.slice(0, l1),
    url: l3 > l2 + 1 ? base + '?' + canonicalRequest.slice(l2 + 1, l3) : base,
    headers: sent,
    body: typeof job.body === 'string' ? job.body : job.bytes,
    authorization,
    signature,
    signedHeaders,
    canonicalRequest,
    stringToSign: ALGORITHM + '\n' + sdkDate + '\n' + crHash,
  };
}

async function hashThenRun(job) {
  job.payload = '=' + (await subtleSha256Hex(job.bytes));
  return run(job);
}

async function initThenSign(request, credentials, options) {
  await wasm();
  const job = hashNatively(prepare(request, credentials, options));
  if (wantsSubtle(job)) job.payload = '=' + (await subtleSha256Hex(job.bytes));
  return run(job);
}

/**
 * Signs a request with SDK-HMAC-SHA256. See the package README and index.d.ts.
 * Once the module is initialised a request without a large body is signed synchronously and
 * returned as a resolved promise (no extra microtask turns); errors are rejections, as always.
 * @returns {Promise<import('../index.js').SignedRequest>}
 */
export function signRequest(request, credentials, options) {
  try {
    wasmSync();
  } catch {
    return initThenSign(request, credentials, options);
  }
  try {
    const job = hashNatively(prepare(request, credentials, options));
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
