// signRequest: plain objects in, plain objects out. All canonicalisation and the HMAC happen in
// the wasm core in one call; this file normalises JS inputs and assembles the result.

import { call, takeString, wasm, wasmSync } from './runtime.js';
import { describe, error, typeError } from './errors.js';

const ALGORITHM = 'SDK-HMAC-SHA256';
/** Largest body Huawei's API gateway accepts on AK/SK-signed requests. */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;
/** Bodies at least this large are hashed with WebCrypto (where available) instead of in wasm. */
export const SUBTLE_HASH_THRESHOLD = 16 * 1024;

const enc = new TextEncoder();
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ASCII = /^[\x00-\x7f]*$/;
const BAD_VALUE = /[^\t\x20-\x7e]/;
const SDK_DATE = /^\d{8}T\d{6}Z$/;

/** Normalises Headers / record / pairs into [[name, value]] with case-insensitive names merged ", " as fetch does. */
export function collectHeaders(input) {
  const out = [];
  const seen = new Map();
  const add = (name, value) => {
    if (typeof name !== 'string') throw typeError('ERR_INVALID_HEADER', `header names must be strings, got ${describe(name)}`);
    if (typeof value !== 'string') {
      throw typeError('ERR_INVALID_HEADER', `the value of header "${name.slice(0, 64)}" must be a string, got ${describe(value)}; convert numbers with String(value)`);
    }
    if (!TOKEN.test(name)) {
      throw typeError('ERR_INVALID_HEADER', `invalid header name ${JSON.stringify(name.slice(0, 64))}: names must be non-empty tokens (letters, digits and !#$%&'*+-.^_\`|~)`);
    }
    if (BAD_VALUE.test(value)) {
      const why = /[\r\n\0]/.test(value) ? 'contains CR, LF or NUL, which HTTP does not allow'
        : /[\x00-\x1f\x7f]/.test(value) ? 'contains control characters'
        : "contains non-ASCII characters, which fetch cannot send as UTF-8; percent-encode or base64 them";
      throw typeError('ERR_INVALID_HEADER', `the value of header ${name} ${why}`);
    }
    const lower = name.toLowerCase();
    const i = seen.get(lower);
    if (i === undefined) {
      seen.set(lower, out.length);
      out.push([name, value.trim()]);
    } else {
      out[i][1] = out[i][1] + ', ' + value.trim();
    }
  };
  if (input == null) return out;
  if (typeof Headers === 'function' && input instanceof Headers) {
    input.forEach((v, k) => add(k, v));
  } else if (typeof input === 'object' && typeof input[Symbol.iterator] === 'function') {
    for (const pair of input) {
      if (!pair || typeof pair !== 'object' || pair.length !== 2) {
        throw typeError('ERR_INVALID_HEADER', `headers given as a list must be [name, value] pairs, got ${describe(pair)}`);
      }
      add(pair[0], pair[1]);
    }
  } else if (typeof input === 'object') {
    for (const k of Object.keys(input)) add(k, input[k]);
  } else {
    throw typeError('ERR_INVALID_HEADER', `headers must be a Headers object, a record of strings or [name, value] pairs, got ${describe(input)}`);
  }
  return out;
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

function parseUrl(url) {
  if (typeof url !== 'string' && !(typeof URL === 'function' && url instanceof URL)) {
    throw typeError('ERR_INVALID_URL', `request.url must be a string or URL, got ${describe(url)}`);
  }
  let u;
  try {
    u = new URL(String(url));
  } catch {
    throw error('ERR_INVALID_URL', `request.url is not an absolute URL: ${JSON.stringify(String(url).slice(0, 200))}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw error('ERR_INVALID_URL', `request.url must use http: or https:, got ${JSON.stringify(u.protocol)}`);
  }
  if (u.username || u.password) throw error('ERR_INVALID_URL', 'request.url must not contain user:password@');
  return u;
}

function noNewline(value, code, what) {
  if (value.indexOf('\n') !== -1 || value.indexOf('\r') !== -1) throw error(code, `${what} contains a line break`);
  return value;
}

const MAX_EPOCH_MS = 253402300799999; // 9999-12-31T23:59:59.999Z

/** Formats epoch milliseconds as an X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC). */
export function formatSdkDate(ms) {
  if (!(ms >= 0 && ms <= MAX_EPOCH_MS)) {
    throw error('ERR_INVALID_DATE', `signing date ${ms} is outside 1970-01-01..9999-12-31; pass a valid Date, epoch milliseconds or "YYYYMMDDTHHMMSSZ"`);
  }
  const s = new Date(ms).toISOString();
  return s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 13) + s.slice(14, 16) + s.slice(17, 19) + 'Z';
}

function signingTime(options, headerDate) {
  const d = options.signingDate;
  if (d === undefined || d === null) {
    if (headerDate !== undefined) {
      if (!SDK_DATE.test(headerDate)) throw error('ERR_INVALID_DATE', `the X-Sdk-Date header must be YYYYMMDDTHHMMSSZ (UTC), got ${JSON.stringify(headerDate.slice(0, 40))}`);
      return headerDate;
    }
    return formatSdkDate(Date.now());
  }
  if (d instanceof Date) {
    const t = d.getTime();
    if (Number.isNaN(t)) throw error('ERR_INVALID_DATE', 'options.signingDate is an Invalid Date');
    return formatSdkDate(t);
  }
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw error('ERR_INVALID_DATE', `options.signingDate must be a finite number of epoch milliseconds, got ${d}`);
    return formatSdkDate(Math.floor(d));
  }
  if (typeof d === 'string') {
    if (!SDK_DATE.test(d)) throw error('ERR_INVALID_DATE', `options.signingDate as a string must be YYYYMMDDTHHMMSSZ (UTC), e.g. 20191115T033655Z; got ${JSON.stringify(d.slice(0, 40))}`);
    return d;
  }
  throw typeError('ERR_INVALID_DATE', `options.signingDate must be a Date, epoch milliseconds or "YYYYMMDDTHHMMSSZ", got ${describe(d)}`);
}

function str(v, code, what) {
  if (typeof v !== 'string') throw typeError(code, `${what} must be a string, got ${describe(v)}`);
  return v;
}

/** Validates and normalises everything; returns the job for the wasm call. */
function prepare(request, credentials, options) {
  if (!request || typeof request !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `signRequest(request, credentials): request must be an object, got ${describe(request)}`);
  if (!credentials || typeof credentials !== 'object') {
    throw typeError('ERR_INVALID_CREDENTIALS', `signRequest(request, credentials): credentials must be an object { ak, sk }, got ${describe(credentials)}`);
  }
  if (options === undefined || options === null) options = {};
  else if (typeof options !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `options must be an object, got ${describe(options)}`);
  const { ak, sk } = credentials;
  if (typeof ak !== 'string' || ak === '') throw typeError('ERR_INVALID_CREDENTIALS', `credentials.ak (access key id) must be a non-empty string, got ${ak === '' ? 'an empty string' : describe(ak)}`);
  if (typeof sk !== 'string' || sk === '') throw typeError('ERR_INVALID_CREDENTIALS', `credentials.sk (secret access key) must be a non-empty string, got ${sk === '' ? 'an empty string' : describe(sk)}`);
  noNewline(ak, 'ERR_INVALID_CREDENTIALS', 'credentials.ak');

  const method = request.method === undefined || request.method === null ? 'GET' : str(request.method, 'ERR_INVALID_METHOD', 'request.method');
  noNewline(method, 'ERR_INVALID_METHOD', 'request.method');
  const url = parseUrl(request.url);
  const headers = collectHeaders(request.headers);
  const extra = [
    ['X-Security-Token', credentials.securityToken, 'credentials.securityToken'],
    ['X-Project-Id', credentials.projectId, 'credentials.projectId'],
    ['X-Domain-Id', credentials.domainId, 'credentials.domainId'],
  ];
  for (const [name, value, what] of extra) {
    if (value === undefined || value === null) continue;
    str(value, 'ERR_INVALID_CREDENTIALS', what);
    if (value === '' || BAD_VALUE.test(value)) throw error('ERR_INVALID_CREDENTIALS', `${what} must be non-empty printable ASCII`);
    const lower = name.toLowerCase();
    const i = headers.findIndex(([n]) => n.toLowerCase() === lower);
    if (i === -1) headers.push([name, value]);
    else headers[i] = [name, value];
  }

  let headerDate;
  let userContentSha;
  for (const [n, v] of headers) {
    const l = n.length === 10 || n.length === 20 ? n.toLowerCase() : '';
    if (l === 'x-sdk-date') headerDate = v;
    else if (l === 'x-sdk-content-sha256') userContentSha = v;
  }
  const time = signingTime(options, headerDate);

  let payload = '';
  if (options.unsignedPayload !== undefined && typeof options.unsignedPayload !== 'boolean') {
    throw typeError('ERR_INVALID_ARGUMENT', `options.unsignedPayload must be a boolean, got ${describe(options.unsignedPayload)}`);
  }
  if (options.payloadHash !== undefined && options.payloadHash !== null) {
    if (options.unsignedPayload) throw error('ERR_INVALID_ARGUMENT', 'use either options.payloadHash or options.unsignedPayload, not both');
    payload = noNewline(str(options.payloadHash, 'ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash'), 'ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash');
    if (payload === '' || payload === 'U') throw error('ERR_INVALID_PAYLOAD_HASH', 'options.payloadHash must be the lowercase hex SHA-256 of the body (64 characters 0-9a-f)');
  } else if (options.unsignedPayload) {
    payload = 'U';
  }

  const body = request.body === undefined ? undefined : request.body;
  const bytes = bodyBytes(body);
  return { method, url, headers, time, payload, ak, sk, body, bytes, userContentSha };
}

function checkSize(w, len) {
  if (len > MAX_BODY_BYTES) {
    const text = takeString(w, w.checkBodySize(len));
    const nl = text.indexOf('\n');
    throw error(text.slice(1, nl), text.slice(nl + 1));
  }
}

async function subtleSha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (let i = 0; i < digest.length; i++) hex += (digest[i] < 16 ? '0' : '') + digest[i].toString(16);
  return hex;
}

function run(job) {
  const { method, url, headers, time, ak, sk } = job;
  const hashInWasm = job.payload === '' && job.bytes !== null;
  const body = hashInWasm ? job.bytes : null;
  const bodyLen = body ? body.length : 0;
  let text = method + '\n' + url.href + '\n' + time + '\n' + job.payload + '\n' + ak + '\n' + headers.length + '\n';
  for (let i = 0; i < headers.length; i++) text += headers[i][0] + '\n' + headers[i][1] + '\n';
  text += sk;

  const out = call((w) => {
    checkSize(w, job.bytes ? job.bytes.length : 0);
    let encoded = null;
    let len = text.length;
    if (!ASCII.test(text)) {
      encoded = enc.encode(text);
      len = encoded.length;
    }
    const total = bodyLen + len;
    const ptr = w.__wbindgen_malloc(total, 1) >>> 0;
    const mem = new Uint8Array(w.memory.buffer, ptr, total);
    if (bodyLen) mem.set(body);
    if (encoded) {
      mem.set(encoded, bodyLen);
      encoded.fill(0);
    } else {
      enc.encodeInto(text, mem.subarray(bodyLen));
    }
    return takeString(w, w.signRequest(ptr, total, bodyLen));
  });
  if (out.charCodeAt(0) !== 43 /* '+' */) {
    const nl = out.indexOf('\n');
    throw error(out.slice(1, nl), out.slice(nl + 1));
  }
  const signature = out.slice(1, 65);
  const crHash = out.slice(65, 129);
  const sdkDate = out.slice(129, 145);
  const canonicalRequest = out.slice(145);
  const l1 = canonicalRequest.indexOf('\n');
  const l2 = canonicalRequest.indexOf('\n', l1 + 1);
  const l3 = canonicalRequest.indexOf('\n', l2 + 1);
  const query = canonicalRequest.slice(l2 + 1, l3);
  const last = canonicalRequest.lastIndexOf('\n');
  const signedHeaders = canonicalRequest.slice(canonicalRequest.lastIndexOf('\n', last - 1) + 1, last);
  const authorization = `${ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

  const sent = {};
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'authorization' || lower === 'x-sdk-date') continue;
    if (lower === 'x-sdk-content-sha256' && job.payload === 'U') continue;
    sent[name] = headers[i][1];
  }
  if (job.payload === 'U') sent['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  sent['X-Sdk-Date'] = sdkDate;
  sent['Authorization'] = authorization;

  let body2 = null;
  if (typeof job.body === 'string') body2 = job.body;
  else if (job.bytes) body2 = job.bytes;
  return {
    method: canonicalRequest.slice(0, l1),
    url: url.origin + url.pathname + (query ? '?' + query : ''),
    headers: sent,
    body: body2,
    authorization,
    signature,
    signedHeaders,
    canonicalRequest,
    stringToSign: `${ALGORITHM}\n${sdkDate}\n${crHash}`,
  };
}

/**
 * Signs a request with SDK-HMAC-SHA256. See the package README and index.d.ts.
 * @returns {Promise<import('../index.js').SignedRequest>}
 */
export async function signRequest(request, credentials, options) {
  await wasm();
  const job = prepare(request, credentials, options);
  if (job.payload === '' && job.bytes && job.bytes.length >= SUBTLE_HASH_THRESHOLD && job.bytes.length <= MAX_BODY_BYTES && job.userContentSha === undefined
      && typeof crypto === 'object' && crypto && crypto.subtle) {
    job.payload = await subtleSha256Hex(job.bytes);
  }
  return run(job);
}

/** Synchronous signRequest; requires `await init()` (or the workerd/edge-light entry) first. */
export function signRequestSync(request, credentials, options) {
  wasmSync();
  return run(prepare(request, credentials, options));
}
