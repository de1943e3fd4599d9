// Helpers shared by the devtools demo page (www/app.js) and the command line (bin/hwcloud-signer.js),
// written once: shell and JavaScript quoting, the curl and fetch() snippet builders, signing-date
// input, "Name: value" header lines, the canonical-request splitter (also used by explain.js) and
// the share-link redaction. Not part of the package's public API. Plain JavaScript: no wasm, no DOM,
// no Node built-ins, no side effects.
//
// The snippets are meant to be pasted into a shell or a console, so every interpolated part is data,
// never code: a method such as `GET$IFS-A$HUAWEICLOUD_SDK_SK`, a URL with `$(…)`, a header value
// with a backtick or a body with `'` is sent exactly as signed and runs nothing.

import { error } from './errors.js';

const enc = new TextEncoder();
const SDK_DATE = /^\d{8}T\d{6}Z$/;
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;

/**
 * Bodies up to this many bytes are written as one curl argument (`--data-raw '…'`). Linux limits
 * one argument of a program to 128 KiB (MAX_ARG_STRLEN); longer bodies are piped in from the
 * shell's builtin `printf`, which has no such limit.
 */
export const INLINE_BODY_LIMIT = 64 * 1024;

// Characters a reader cannot see or that reorder text on screen: C0/C1 controls (but tab and
// newline), DEL, line/paragraph separators, bidirectional controls, BOM. A body with any of them
// is written byte by byte as octal escapes, so what is shown is what is sent.
const HIDDEN = /[\0-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const HIDDEN_G = new RegExp(HIDDEN.source, 'g');

/**
 * POSIX shell single-quoting: `'…'`, each `'` written as `'\''`. Inside single quotes the shell
 * expands nothing (`$`, backticks, `\`, `!` in an interactive bash too when quoted). A NUL byte
 * cannot be passed to a program at all, so it is refused.
 */
export function shellQuote(value) {
  const s = String(value);
  if (s.includes('\0')) throw error('ERR_INVALID_ARGUMENT', 'a shell argument cannot contain a NUL character');
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** A single-quoted `printf` format that prints exactly `bytes`: printable ASCII as is, `%` and `\` doubled, every other byte as `\ooo`. */
export function printfBytes(bytes) {
  const chunks = [];
  let run = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25) run += '%%';
    else if (b === 0x5c) run += '\\\\';
    else if (b === 0x27) run += "'\\''";
    else if (b >= 0x20 && b < 0x7f) run += String.fromCharCode(b);
    else run += '\\' + b.toString(8).padStart(3, '0');
    if (run.length > 8192) {
      chunks.push(run);
      run = '';
    }
  }
  chunks.push(run);
  return "'" + chunks.join('') + "'";
}

/**
 * A JavaScript string literal for `value` that is safe inside a `<script>` element and in any
 * engine: JSON.stringify's escaping (lone surrogates as `\udXXX`), plus U+2028/U+2029, invisible
 * and bidirectional control characters as `\uXXXX`, `</script` as `<\/script` and `<!--` as `<\!--`.
 */
export function jsString(value) {
  return JSON.stringify(String(value))
    .replace(HIDDEN_G, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

/** Body (string, bytes or null) → Uint8Array or null; strings as UTF-8, as signRequest hashes them. */
function toBytes(body) {
  if (body == null) return null;
  if (typeof body === 'string') return enc.encode(body);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw error('ERR_UNSUPPORTED_BODY', 'a snippet body must be a string or bytes');
}

/** The body as text when it is valid UTF-8 with nothing hidden in it, else null. */
function visibleText(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
  return HIDDEN.test(text) ? null : text;
}

/**
 * A curl command that sends exactly the signed request: `signed.method`, `signed.url`,
 * `signed.headers` and `body` (the bytes that were signed; a string is sent as UTF-8).
 * `host`: a Host header the request was signed for (signRequest never sends one; curl must).
 *
 * - Every interpolated part is single-quoted, the method included.
 * - `--globoff`: `[]` and `{}` in the URL are sent, not expanded into several requests.
 * - Bodies: `--data-raw` (never reads a file for a leading `@`); a body with bytes that are not
 *   visible text, or longer than INLINE_BODY_LIMIT, is piped from `printf` (`--data-binary @-`).
 * - curl's default `Content-Type: application/x-www-form-urlencoded` is removed when no
 *   Content-Type was signed, so nothing but what was described is added.
 */
export function curlCommand(signed, { body = null, host } = {}) {
  const bytes = toBytes(body);
  const hasBody = bytes !== null && bytes.length > 0;
  const first = ['curl', '--globoff'];
  if (signed.method === 'HEAD' && !hasBody) first.push('--head');
  else if (signed.method !== 'GET' || hasBody) first.push('-X', shellQuote(signed.method));
  first.push(shellQuote(signed.url));
  const lines = [first.join(' ')];
  if (host) lines.push(`-H ${shellQuote('Host: ' + host)}`);
  let contentType = false;
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() === 'content-type') contentType = true;
    // curl drops a header written "Name:" with nothing after it; "Name;" sends it empty.
    lines.push(`-H ${shellQuote(value === '' ? name + ';' : name + ': ' + value)}`);
  }
  let pipe = '';
  if (hasBody) {
    if (!contentType) lines.push(`-H ${shellQuote('Content-Type:')}`);
    const text = bytes.length <= INLINE_BODY_LIMIT ? visibleText(bytes) : null;
    if (text !== null) {
      lines.push(`--data-raw ${shellQuote(text)}`);
    } else {
      pipe = `printf ${printfBytes(bytes)} |\n`;
      lines.push('--data-binary @-');
    }
  }
  return pipe + lines.join(' \\\n  ');
}

/**
 * A `fetch()` call that sends the signed request. Every string is a `jsString` literal; a body that
 * is not visible UTF-8 text is written as a Uint8Array. `host`: a Host header the request was
 * signed for, which fetch cannot send (named in a comment).
 */
export function fetchSnippet(signed, { body = null, host } = {}) {
  const sdkDate = signed.headers['X-Sdk-Date'];
  const lines = [];
  if (typeof sdkDate === 'string' && SDK_DATE.test(sdkDate)) {
    lines.push(`// Signed for X-Sdk-Date ${sdkDate}: valid for 15 minutes around that time.`);
  }
  if (host && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) {
    lines.push(`// Signed for Host ${host}, which fetch cannot set: send it through a proxy that forwards to that host.`);
  }
  lines.push(`const response = await fetch(${jsString(signed.url)}, {`);
  lines.push(`  method: ${jsString(signed.method)},`);
  lines.push('  headers: {');
  for (const [name, value] of Object.entries(signed.headers)) lines.push(`    ${jsString(name)}: ${jsString(value)},`);
  lines.push('  },');
  const bytes = toBytes(body);
  if (bytes !== null && bytes.length > 0) {
    const text = typeof body === 'string' ? body : visibleText(bytes);
    lines.push(text !== null ? `  body: ${jsString(text)},` : `  body: new Uint8Array([${bytes.join(',')}]),`);
  }
  lines.push('});');
  return lines.join('\n');
}

/**
 * A signing date typed by a person: YYYYMMDDTHHMMSSZ (returned as is), ISO 8601 with a time zone
 * or epoch milliseconds (returned as a number); empty → undefined. `label` names the input in the
 * ERR_INVALID_DATE message.
 */
export function parseSigningDate(text, label = 'signing date') {
  const s = String(text).trim();
  if (s === '') return undefined;
  if (SDK_DATE.test(s)) return s;
  if (/^\d{9,15}$/.test(s)) return Number(s);
  const t = ISO_DATE.test(s) ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) {
    throw error('ERR_INVALID_DATE', `${label} ${JSON.stringify(s.slice(0, 40))}: expected YYYYMMDDTHHMMSSZ (e.g. 20191115T033655Z), ISO 8601 with a time zone (2019-11-15T03:36:55Z) or epoch milliseconds`);
  }
  return t;
}

/** "Name: value" → [name, value] (both trimmed); null when there is no name before a colon. */
export function parseHeaderLine(line) {
  const c = line.indexOf(':');
  if (c <= 0) return null;
  const name = line.slice(0, c).trim();
  return name === '' ? null : [name, line.slice(c + 1).trim()];
}

/**
 * Splits a canonical request (newline-separated) into its six parts; null when it has fewer than
 * six lines. `headers` are the canonical header lines ("name:value"), as written.
 */
export function splitCanonicalRequest(text) {
  const l = String(text).split('\n');
  const n = l.length;
  if (n < 6) return null;
  return { method: l[0], uri: l[1], query: l[2], headers: l.slice(3, n - 3), signedHeaders: l[n - 2], payloadHash: l[n - 1] };
}

// ---------- share links ----------

/** Header, query-parameter and JSON-key names whose values are credentials. */
export const CREDENTIAL_NAME = /passw(or)?d|passphrase|^pwd$|^pass$|secret|token|signature|^sig$|credential|api[-_]?key|^key$|access[-_]?key|private[-_]?key|^sk$|authori[sz]ation|cookie|session/i;
const CREDENTIAL_TEXT = /(passw(or)?d|passphrase|secret|token|credential|api[-_]?key|access[-_]?key|private[-_]?key|authori[sz]ation)["']?\s*[:=]/i;
/** Longest share state (JSON characters) kept with its body. */
export const SHARE_LIMIT = 6000;

function jsonHasCredentialKey(value, depth = 0) {
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  for (const [k, v] of Object.entries(value)) {
    if (CREDENTIAL_NAME.test(k)) return true;
    if (jsonHasCredentialKey(v, depth + 1)) return true;
  }
  return false;
}

function bodyHasCredential(body) {
  if (CREDENTIAL_TEXT.test(body)) return true;
  try {
    return jsonHasCredentialKey(JSON.parse(body));
  } catch {
    return false;
  }
}

function decodeName(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function redactUrl(url, omitted) {
  let u = url;
  const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)/i.exec(u);
  if (userinfo) {
    u = userinfo[1] + u.slice(userinfo[0].length);
    omitted.push('the user name and password in the URL');
  }
  const q = u.indexOf('?');
  if (q === -1) return u;
  const h = u.indexOf('#', q);
  const query = u.slice(q + 1, h === -1 ? undefined : h);
  const kept = [];
  for (const pair of query.split('&')) {
    const name = decodeName(pair.split('=')[0]);
    if (CREDENTIAL_NAME.test(name)) omitted.push(`query parameter ${name}`);
    else kept.push(pair);
  }
  return u.slice(0, q) + (kept.length ? '?' + kept.join('&') : '') + (h === -1 ? '' : u.slice(h));
}

/**
 * What a share link may carry of a request typed into the demo page. Keys are never part of it.
 * Unless `includeCredentials`, it leaves out header lines whose name looks like a credential
 * (Authorization, Cookie, X-Auth-Token, X-Subject-Token, X-Security-Token, …), query parameters
 * named token/password/secret/signature/…, user info in the URL, and a body that holds a password,
 * secret or token (JSON keys or `name=value`/`name: value` text). A body that would make the link
 * longer than SHARE_LIMIT is left out too.
 * @param {{ method: string, url: string, headers: string, body: string, date: string }} input
 * @returns {{ state: { m: string, u: string, h: string, b: string, d: string }, omitted: string[] }}
 */
export function shareableRequest(input, { includeCredentials = false } = {}) {
  const omitted = [];
  let { method = 'GET', url = '', headers = '', body = '', date = '' } = input;
  if (!includeCredentials) {
    url = redactUrl(url, omitted);
    headers = headers.split(/\r?\n/).filter((line) => {
      const name = line.split(/[:\s]/)[0];
      if (name && CREDENTIAL_NAME.test(name)) {
        omitted.push(`header ${name}`);
        return false;
      }
      return true;
    }).join('\n');
    if (body && bodyHasCredential(body)) {
      body = '';
      omitted.push('the body (it holds a password, secret or token)');
    }
  }
  const state = { m: method, u: url, h: headers, b: body, d: date };
  if (JSON.stringify(state).length > SHARE_LIMIT && state.b) {
    state.b = '';
    omitted.push('the body (too long for a link)');
  }
  return { state, omitted };
}
