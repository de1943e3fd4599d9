// Generates random requests for the differential test and renders each one twice: as
// signRequest() arguments (a raw URL string, the way a user writes it) and as the official Node
// SDK's input (decoded query parameters, as the SDK's own clients pass them).
import { prng } from './prng.mjs';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const HOSTS = ['service.region.example.com', 'ecs.cn-north-4.myhuaweicloud.com', 'Example.HuaweiCloud.COM', '127.0.0.1:8443', 'localhost:8080', '[::1]:9000'];
const WORD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
// Code points chosen so that UTF-16 and UTF-8 orders disagree (U+E000–U+FFFF vs supplementary).
const UNICODE = ['é', 'ß', 'Ω', '一', '中文', '～', 'ｚ', '\uE000', '\uFFFD', '😀', '𝒜', '🇨🇳'];
const PATH_SAFE = "!$&()*+,;=:@[]";
const PATH_PERCENT = ['%20', '%2F', '%25', '%c3%A9', '%7E', '%3A', '%2a'];
const PATH_URLPARSE = [' ', "'", '"', '{', '}', '|', '^', '`', '<', '>'];
const QUERY_CHARS = " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}~";
const HEADER_NAMES = ['Content-Type', 'X-Custom', 'X-Request-Tag', 'X-Api-Version', 'Accept', 'X-Trace-Id', 'X-A', 'X-B', 'X-Long-Header-Name-9', 'If-Match', 'Accept-Language'];
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

const randomCase = (r, s) => Array.from(s, (ch) => (r.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join('');

/** %XX-encodes the UTF-8 bytes of `ch`, with random hex case. */
const escape = (r, ch) => Array.from(Buffer.from(ch, 'utf8'), (b) => {
  const hex = b.toString(16).padStart(2, '0');
  return '%' + (r.chance(0.5) ? hex.toUpperCase() : hex);
}).join('');

function rawQueryPart(r, s, isKey) {
  let out = '';
  const chars = Array.from(s);
  for (const [i, ch] of chars.entries()) {
    // WHATWG URL strips a raw trailing space from the whole URL, so never end a part with one.
    const must = ch === '&' || ch === '#' || ch === '%' || (isKey && ch === '=') || (ch === ' ' && i === chars.length - 1);
    out += must || r.chance(0.3) ? escape(r, ch) : ch;
  }
  return out;
}

function queryString(r) {
  const pool = [
    () => r.pick(['limit', 'marker', 'name', 'Page', 'a', 'B', 'z', '_x', 'k-1', 'offset', 'Z9']),
    () => r.string(WORD, 1, 6),
    () => r.string(QUERY_CHARS + 'ab', 1, 5),
    () => r.pick(['k', 'x', '']) + r.pick(UNICODE) + r.string('ab', 0, 1),
  ];
  return () => r.pick(pool)();
}

function makePath(r, quirks) {
  if (r.chance(0.08)) return '';
  const segs = [];
  for (let n = r.int(0, 5); n > 0; n--) {
    if (r.chance(0.06)) {
      segs.push('');
      continue;
    }
    let seg = '';
    for (let t = r.int(1, 4); t > 0; t--) {
      const kind = r.int(0, 9);
      seg += kind < 6 ? r.string(WORD, 1, 8) : kind < 8 ? r.string(PATH_SAFE, 1, 2) : r.pick(UNICODE);
    }
    if (/^\.{1,2}$/.test(seg)) seg += 'x'; // "." and ".." are removed by WHATWG URL
    segs.push(seg);
  }
  if (quirks.pathPercent) segs.push(r.string(WORD, 0, 3) + r.pick(PATH_PERCENT) + r.string(WORD, 0, 3));
  if (quirks.pathUrlParse) segs.push(r.string(WORD, 0, 3) + r.pick(PATH_URLPARSE) + r.string(WORD, 0, 3));
  const shuffled = quirks.pathPercent || quirks.pathUrlParse ? r.shuffle(segs) : segs;
  return '/' + shuffled.join('/') + (r.chance(0.3) ? '/' : '');
}

function makeQuery(r, quirks) {
  const params = []; // decoded { key, value, raw }
  const key = queryString(r);
  for (let n = r.int(0, 6); n > 0; n--) {
    const k = params.length && r.chance(0.25) ? r.pick(params).key : key();
    const valueless = k !== '' && r.chance(0.1);
    const v = valueless ? '' : r.chance(0.15) ? '' : r.chance(0.5) ? r.string(WORD + '+', 1, 10) : key();
    params.push({ key: k, value: v, raw: rawQueryPart(r, k, true) + (valueless ? '' : '=' + rawQueryPart(r, v, false)) });
  }
  if (quirks.utf16Order) {
    const prefix = r.pick(['k', 'q', '']);
    for (const ch of r.shuffle(['～', '😀', '\uFFFD', '𝒜'])) params.push({ key: prefix + ch, value: '1', raw: prefix + escape(r, ch) + '=1' });
  }
  const parts = r.shuffle(params).map((p) => p.raw);
  if (r.chance(0.1)) parts.splice(r.int(0, parts.length), 0, ''); // an empty pair: "&&"
  return { params, raw: parts.join('&') };
}

function makeHeaders(r, quirks) {
  const headers = [];
  const seen = new Set();
  for (let n = r.int(0, 5); n > 0; n--) {
    const name = r.pick(HEADER_NAMES);
    if (seen.has(name)) continue;
    seen.add(name);
    headers.push([r.chance(0.4) ? randomCase(r, name) : name, r.chance(0.1) ? '' : r.string(PRINTABLE, 1, 24).trim()]);
  }
  if (quirks.untrimmed) headers.push(['X-Padded', r.pick([' ', '\t', '  ']) + r.string(WORD, 1, 5) + r.pick([' ', '\t ', ''])]);
  if (quirks.underscore) headers.push([r.pick(['X_Under_Score', 'TEST_UNDERSCORE']), r.string(WORD, 1, 8)]);
  return headers;
}

function makeBody(r) {
  const kind = r.pick(['none', 'none', 'empty', 'json', 'json', 'json', 'text', 'binary', 'binary']);
  if (kind === 'none') return { kind, value: undefined, bytes: new Uint8Array(0) };
  if (kind === 'empty') return { kind, value: r.chance(0.5) ? '' : new Uint8Array(0), bytes: new Uint8Array(0) };
  if (kind === 'json') {
    const json = { id: r.int(0, 1e6), name: r.string(WORD + ' ', 0, 12) + r.pick(UNICODE), tags: [r.string(WORD, 1, 4), r.chance(0.5)], nested: { q: r.string(QUERY_CHARS, 0, 6) } };
    const text = JSON.stringify(json);
    const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
    return { kind, json, value: r.chance(0.7) ? text : bytes, bytes };
  }
  if (kind === 'text') {
    const text = r.string(PRINTABLE + '\n\té一😀', 1, 60);
    return { kind, value: text, bytes: new Uint8Array(Buffer.from(text, 'utf8')) };
  }
  const bytes = r.bytes(r.chance(0.1) ? r.int(20_000, 40_000) : r.int(1, 300)); // large ones take the WebCrypto path
  return { kind, value: r.chance(0.5) ? bytes : bytes.buffer, bytes };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const sdkDateOf = (d) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;

/** One random request, described once, with the quirks it was built to contain. */
export function randomRequest(seed, id) {
  const r = prng(seed * 1_000_003 + id);
  const quirks = {
    pathPercent: r.chance(0.1),
    pathUrlParse: r.chance(0.08),
    untrimmed: r.chance(0.08),
    underscore: r.chance(0.06),
    utf16Order: r.chance(0.05),
    defaultPort: r.chance(0.04),
  };
  const scheme = r.chance(0.8) ? 'https' : 'http';
  const host = quirks.defaultPort ? `h.example.com:${scheme === 'https' ? 443 : 80}` : r.pick(HOSTS);
  const path = makePath(r, quirks);
  const query = makeQuery(r, quirks);
  const epochMs = Date.UTC(2000, 0, 1) + Math.floor(r.next() * 100 * 365.25 * 86400) * 1000;
  return {
    id,
    quirks,
    method: r.pick(METHODS),
    scheme,
    host,
    path,
    query,
    url: `${scheme}://${host}${path}${query.raw || r.chance(0.05) ? '?' + query.raw : ''}${r.chance(0.05) ? '#frag' : ''}`,
    headers: makeHeaders(r, quirks),
    hostOverride: r.chance(0.08) ? 'upstream.example.com' : null,
    ak: r.string('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 20, 20),
    sk: r.string(WORD.slice(0, 62), 40, 40),
    securityToken: r.chance(0.15) ? r.string(WORD + '+/=', 20, 60) : undefined,
    projectId: r.chance(0.15) ? r.string('0123456789abcdef', 32, 32) : undefined,
    domainId: r.chance(0.1) ? r.string('0123456789abcdef', 32, 32) : undefined,
    body: makeBody(r),
    unsigned: r.chance(0.1),
    sdkDate: sdkDateOf(new Date(epochMs)),
    dateForm: r.pick(['string', 'date', 'header']),
    dateMs: epochMs + r.int(0, 999), // sub-second part must be truncated, not rounded
    headersForm: r.pick(['pairs', 'pairs', 'pairs', 'record', 'Headers']),
    methodCase: r.chance(0.3),
    seedForCase: r.int(0, 2 ** 31),
  };
}

/** [request, credentials, options] for hwcloud-signer's signRequest. */
export function ourArgs(c) {
  const r = prng(c.seedForCase);
  let headers = c.headers.slice();
  if (c.hostOverride) headers.push(['Host', c.hostOverride]);
  const options = {};
  if (c.dateForm === 'string') options.signingDate = c.sdkDate;
  else if (c.dateForm === 'date') options.signingDate = new Date(c.dateMs);
  else headers.push([randomCase(r, 'x-sdk-date'), c.sdkDate]);
  if (c.unsigned) options.unsignedPayload = true;
  if (c.headersForm === 'record') headers = Object.fromEntries(headers);
  else if (c.headersForm === 'Headers') headers = new Headers(headers);
  const credentials = { ak: c.ak, sk: c.sk, securityToken: c.securityToken, projectId: c.projectId, domainId: c.domainId };
  const method = c.methodCase ? randomCase(r, c.method) : c.method;
  return [{ method, url: c.url, headers, body: c.body.value }, credentials, options];
}

/** The official SDK's request object (see support/official-sdk.mjs). */
export function officialRequest(c) {
  const headers = Object.fromEntries(c.headers);
  headers['X-Sdk-Date'] = c.sdkDate;
  if (c.hostOverride) headers.host = c.hostOverride;
  if (c.securityToken) headers['X-Security-Token'] = c.securityToken;
  if (c.projectId) headers['X-Project-Id'] = c.projectId;
  if (c.domainId) headers['X-Domain-Id'] = c.domainId;
  if (c.unsigned) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  const queryParams = Object.create(null);
  for (const { key, value } of c.query.params) {
    if (!(key in queryParams)) queryParams[key] = value;
    else queryParams[key] = [].concat(queryParams[key], value);
  }
  const data = c.body.kind === 'json' ? c.body.json : undefined;
  return { method: c.method, endpoint: `${c.scheme}://${c.host}${c.path}`, headers, queryParams, data };
}
