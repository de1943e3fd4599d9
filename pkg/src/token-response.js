// IAM's answers: the token and temporary keys (read with JSON.parse and a strict ISO 8601 parser)
// and IamError for everything else. Plain JavaScript, no wasm. With a secret (TokenAuth passes the
// password), IAM's free text is shown only when it cannot carry that secret (see sanitise()).

import { eachHeader } from './headers.js';
import { HwCloudSignerError, describe, error, typeError } from './errors.js';
import { guardAsync } from './guard.js';
import { LONE_SURROGATE, VISIBLE_ASCII } from './token-params.js';

const dec = new TextDecoder();

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

function iamErrorMessage(status, code, msg, requestId, withheld = false) {
  let hint = '';
  if (status === 401) hint = ' Check domainName (the account name), userName and password; accounts upgraded to HUAWEI ID cannot log in with a password (use an IAM user).';
  else if (status === 403) hint = ' The user may be disabled, lack the permission, or need MFA (mfa: { userId, passcode }).';
  else if (status === 404 || status === 405) hint = ' Check the IAM endpoint URL.';
  const text = msg ? msg.replace(/\.+$/, '') : withheld ? "IAM's message is not shown because it may contain the password" : 'no error message';
  return `IAM answered HTTP ${status}${code && code !== String(status) ? ` ${code}` : ''}: ${text}.${hint}${requestId ? ` (request id ${requestId})` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Secret-safe text

/** IAM's own messages, shown as they are (they are fixed texts, whatever the password). */
const KNOWN_IAM_MESSAGES = new Set([
  'The username or password is wrong.', 'The verification code is incorrect.', 'The request body is invalid.',
  'The system is busy.', 'Service Unavailable', 'Unauthorized', 'Unauthorized.', 'Forbidden', 'Forbidden.', 'Bad Request',
  'Not Found', 'The request you have made requires authentication.', 'Expecting to find identity in auth.',
  'The user is disabled.', 'The account is locked.', 'The account has been locked.', 'You are not authorized to perform the requested action.',
  'Invalid input for field identity/token/duration_seconds.', 'The scope is missing.', 'Token expired', 'Token expired.',
]);
/** Shortest run of the secret's characters that is treated as a leak (shorter secrets: all of it). */
const LEAK_WINDOW = 4;
/** Longest IAM text shown (characters). */
export const MAX_SHOWN_TEXT = 200;

/** Lower case, without whitespace or control characters: what survives any reformatting of a text. */
const squash = (s) => s.toLowerCase().replace(/[\s\0-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]+/g, '');

/**
 * @internal Whether `text` may show part of `secret`: any LEAK_WINDOW consecutive characters of it
 * (all of a shorter secret), or a shorter start of it at the end of the text (a cut-off echo), or a
 * shorter end of it at the start, compared without case, whitespace or control characters.
 */
export function mayContain(text, secret) {
  if (typeof text !== 'string' || typeof secret !== 'string' || secret === '') return false;
  const t = squash(text);
  const s = squash(secret);
  if (s === '') return false;
  const k = Math.min(LEAK_WINDOW, s.length);
  for (let i = 0; i + k <= s.length; i++) if (t.includes(s.slice(i, i + k))) return true;
  for (let j = 1; j < k; j++) if (t.endsWith(s.slice(0, j)) || t.startsWith(s.slice(-j))) return true;
  return false;
}

/**
 * @internal IAM's free text made safe to show: control characters and runs of whitespace become
 * one space, at most MAX_SHOWN_TEXT characters; undefined when it may contain the secret (unless
 * it is one of IAM's known fixed messages).
 */
export function sanitise(text, secret) {
  if (typeof text !== 'string') return undefined;
  const clean = text.slice(0, 4 * MAX_SHOWN_TEXT).replace(/[\0-\x1f\x7f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (clean === '') return undefined;
  if (KNOWN_IAM_MESSAGES.has(clean)) return clean;
  const shown = clean.length > MAX_SHOWN_TEXT ? clean.slice(0, MAX_SHOWN_TEXT) : clean;
  if (mayContain(shown, secret)) return undefined;
  return shown.length < clean.length ? shown + '…' : shown;
}

// ---------------------------------------------------------------------------------------------
// Reading responses

/** @internal A lower-cased snapshot of Headers, a record or [name, value] pairs. */
export function headerMap(headers) {
  const m = new Map();
  if (!headers || typeof headers !== 'object') return m;
  eachHeader(headers, (k, v) => {
    if (v !== undefined && v !== null) m.set(String(k).toLowerCase(), String(v));
  });
  return m;
}

/** @internal */
export function headerOf(headers, name) {
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
const CODE_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;
const ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * @internal An IamError from a non-201 IAM answer (any of IAM's three error body shapes). With a
 * `secret`, the message is built from IAM's code (when it is code-shaped), a sanitised text and the
 * request id, each left out when it may contain the secret.
 */
export function iamErrorFrom(status, headers, body, secret) {
  const v = fields(body, ERROR_PATHS, false);
  const first = (a, b) => v.slice(a, b).find((x) => x);
  let iamCode = first(0, 3);
  let iamMessage = first(3, 8);
  const raw = !iamMessage && body && !/^\s*[{[]/.test(body);
  let requestId = headerOf(headers, 'x-request-id') || v[8] || headerOf(headers, 'x-iam-trace-id');
  if (secret === undefined) {
    if (raw) iamMessage = body.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
    return new IamError({ status, iamCode, iamMessage, requestId });
  }
  const safeId = (s) => (s !== undefined && CODE_SHAPE.test(s) && !mayContain(s, secret) ? s : undefined);
  iamCode = safeId(iamCode);
  requestId = requestId !== undefined && ID_SHAPE.test(requestId) && !mayContain(requestId, secret) ? requestId : undefined;
  const text = raw ? body : iamMessage;
  iamMessage = sanitise(text, secret);
  const withheld = !!text && iamMessage === undefined;
  return new IamError({ status, iamCode, iamMessage, requestId }, iamErrorMessage(status, iamCode, iamMessage, requestId, withheld));
}

/** @internal parseTokenResponse, whose IamError never shows `secret` (TokenAuth passes the password). */
export async function readTokenResponse(response, secret) {
  const { status, headers, body } = await readResponse(response, 'parseTokenResponse');
  if (status !== 201) throw iamErrorFrom(status, headers, body, secret);
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
 * Reads IAM's answer to buildTokenRequest: the token from `X-Subject-Token` (status 201), times
 * and ids from the body. Any other status throws an IamError.
 */
export async function parseTokenResponse(response) {
  return readTokenResponse(response, undefined);
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
