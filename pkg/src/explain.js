// Why did the gateway answer "verify aksk signature fail"? Pure string logic, no wasm: it reads
// the gateway's 401 text (which echoes the canonical request it computed, "|" for newlines),
// lines it up with ours part by part, and explains the first difference in plain words.
// Shared by the devtools demo page (www/) and the CLI (bin/hwcloud-signer.js).

import { HwCloudSignerError, HwCloudSignerTypeError, describe, typeError } from './errors.js';
import { parseSdkDate } from './sdk-date.js';
import { splitCanonicalRequest } from './devtools.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const BRACES_SHA256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'; // SHA-256("{}")
const UNSIGNED = 'UNSIGNED-PAYLOAD';
const WINDOW_MS = 15 * 60 * 1000;
const HEADER_LINE = /^[!#$%&'*+.^_`~0-9a-z-]+:/;

/** The six parts of a canonical request, in order (ids used in `lines[].part`). */
export const CANONICAL_PARTS = ['method', 'canonical-uri', 'canonical-query', 'canonical-headers', 'signed-headers', 'payload-hash'];

/** 125000 → "2 min 5 s" (sign dropped). */
export function formatDuration(ms) {
  let s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const units = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];
  const out = [];
  for (const [n, u] of units) {
    if (s >= n) {
      out.push(`${Math.floor(s / n)} ${u}`);
      s %= n;
    }
  }
  return out.slice(0, 2).join(' ');
}

function findJson(text) {
  let i = text.indexOf('{');
  const j = text.lastIndexOf('}');
  for (let tries = 0; i !== -1 && i < j && tries < 8; tries++) {
    try {
      const v = JSON.parse(text.slice(i, j + 1));
      if (v && typeof v === 'object') return v;
    } catch { /* try the next brace */ }
    i = text.indexOf('{', i + 1);
  }
  return null;
}

function jsonField(text, name) {
  const m = new RegExp(`"${name}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"?|-?\\d+)`).exec(text);
  if (!m) return undefined;
  let raw = m[1];
  if (raw[0] !== '"') return raw;
  if (raw.length < 2 || raw[raw.length - 1] !== '"' || raw[raw.length - 2] === '\\') raw += '"'; // a cut-off paste
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(1, -1);
  }
}

function pick(...values) {
  for (const v of values) if (v !== undefined && v !== null && v !== '') return String(v);
  return undefined;
}

/** Splits a canonical request (real newlines) into its parts; null if it does not have the shape. */
function splitCanonical(text) {
  const parts = splitCanonicalRequest(text);
  if (parts === null) return null;
  parts.headers = parts.headers.map((line) => {
    const c = line.indexOf(':');
    return c === -1 ? [line.toLowerCase(), ''] : [line.slice(0, c).toLowerCase(), line.slice(c + 1)];
  });
  return parts;
}

/**
 * Rebuilds the gateway's canonical request from its echo: "GET|/v1/x/||host:a|x-sdk-date:…||host;x-sdk-date|e3b0…".
 * A "|" inside a header value is kept: header lines are matched to the names in the signed-headers part.
 */
function parseEcho(echo) {
  let s = echo.replace(/^\s+/, '');
  const pieces = s.indexOf('|') === -1 ? s.split(/\r?\n/) : s.split('|');
  if (pieces.length < 6) return null;
  let k = pieces.length - 1;
  // Trailing text after the payload hash (a closing quote, the rest of a log line) is not part of it.
  let hm = /^\s*([0-9a-fA-F]{64}|UNSIGNED-PAYLOAD)/.exec(pieces[k]);
  while (!hm && k > 5) {
    k--;
    hm = /^\s*([0-9a-fA-F]{64}|UNSIGNED-PAYLOAD)/.exec(pieces[k]);
  }
  const payloadHash = hm ? hm[1] : pieces[k].trim();
  const signedHeaders = pieces[k - 1].trim();
  const names = signedHeaders.split(';');
  const middle = pieces.slice(3, k - 1);
  if (middle.length && middle[middle.length - 1] === '') middle.pop();
  const lines = [];
  for (const piece of middle) {
    const expected = names[lines.length];
    const isNew = lines.length === 0 || (expected !== undefined && piece.startsWith(expected + ':'))
      || (HEADER_LINE.test(piece) && names.includes(piece.slice(0, piece.indexOf(':'))));
    if (isNew) lines.push(piece);
    else lines[lines.length - 1] += '|' + piece;
  }
  return [pieces[0].trim(), pieces[1], pieces[2], ...lines, '', signedHeaders, payloadHash].join('\n');
}

/**
 * Reads a gateway error (JSON body, raw error_msg, or a pasted HTTP response).
 * @returns {{ code?: string, message: string, requestId?: string, canonicalRequest: string|null,
 *   sdkDate?: string, signatureTime?: string, serverTime?: string }}
 */
function parseServerMessageUnguarded(text) {
  if (typeof text !== 'string') throw typeError('ERR_INVALID_ARGUMENT', `parseServerMessage(text): text must be a string, got ${describe(text)}`);
  const obj = findJson(text);
  const err = obj && obj.error && typeof obj.error === 'object' ? obj.error : {};
  let message = obj ? pick(obj.error_msg, obj.message, obj.errorMsg, err.message) : undefined;
  let code = obj ? pick(obj.error_code, obj.code, obj.errorCode, err.code) : undefined;
  let requestId = obj ? pick(obj.request_id, obj.requestId, err.request_id) : undefined;
  if (message === undefined) {
    message = pick(jsonField(text, 'error_msg'), jsonField(text, 'message'));
    code = code || pick(jsonField(text, 'error_code'), jsonField(text, 'code'));
    requestId = requestId || pick(jsonField(text, 'request_id'));
  }
  if (message === undefined) message = text.trim().replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  if (!requestId) {
    const r = /x-request-id\s*:\s*([0-9A-Za-z-]+)/i.exec(text);
    if (r) requestId = r[1];
  }
  if (!code) {
    const c = /\b(APIGW?\.\d{4})\b/.exec(text);
    if (c) code = c[1];
  }
  const out = { code, message, requestId, canonicalRequest: null };
  const cr = /canonical_?request\s*[:=]\s*/i.exec(message);
  if (cr) {
    out.canonicalRequest = parseEcho(message.slice(cr.index + cr[0].length));
    const parts = out.canonicalRequest && splitCanonical(out.canonicalRequest);
    const date = parts && parts.headers.find(([n]) => n === 'x-sdk-date');
    if (date) out.sdkDate = date[1].trim();
  }
  const ex = /signature time\s*:\s*(\d{8}T\d{6}Z)\s*,\s*server time\s*:\s*(\d{8}T\d{6}Z)/i.exec(message);
  if (ex) {
    out.signatureTime = ex[1];
    out.serverTime = ex[2];
  }
  return out;
}

/**
 * The local clock's offset from a server's `Date` response header (or an X-Sdk-Date style time).
 * offsetMs > 0: the server is ahead of this clock.
 */
function clockOffsetUnguarded(serverDate, now) {
  if (typeof serverDate !== 'string' && !(serverDate instanceof Date)) {
    throw typeError('ERR_INVALID_ARGUMENT', `clockOffset(serverDate): serverDate must be a Date header string, got ${describe(serverDate)}`);
  }
  if (now !== undefined && now !== null && !(now instanceof Date) && typeof now !== 'number') {
    throw typeError('ERR_INVALID_ARGUMENT', `clockOffset(serverDate, now): now must be a Date or epoch milliseconds, got ${describe(now)}`);
  }
  const local = now === undefined || now === null ? Date.now() : now instanceof Date ? now.getTime() : now;
  let t = serverDate instanceof Date ? serverDate.getTime() : parseSdkDate(serverDate);
  if (Number.isNaN(t)) t = Date.parse(String(serverDate).replace(/^\s*date\s*:\s*/i, '').trim());
  if (!Number.isFinite(t) || !Number.isFinite(local)) return null;
  const offsetMs = t - local;
  const abs = Math.abs(offsetMs);
  let explanation;
  if (abs < 2000) {
    explanation = 'Your clock agrees with the server (a Date header has 1-second resolution).';
  } else {
    explanation = `Your clock is ${formatDuration(abs)} ${offsetMs > 0 ? 'behind' : 'ahead of'} the server.`;
    explanation += abs > WINDOW_MS
      ? ` The gateway rejects an X-Sdk-Date more than 15 minutes from its own time, so requests signed now fail with "signature expired": sync the clock (NTP) or sign with signingDate: Date.now() ${offsetMs > 0 ? '+' : '-'} ${abs}.`
      : ' That is inside the gateway\'s ±15-minute window.';
  }
  return { offsetMs, serverTime: new Date(t), explanation };
}

function decodeLoose(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function queryPairs(q) {
  return q === '' ? [] : q.split('&').map((p) => {
    const e = p.indexOf('=');
    return e === -1 ? [p, ''] : [p.slice(0, e), p.slice(e + 1)];
  });
}

const code = (s) => '`' + s + '`';

function explainPath(ours, theirs) {
  if (/%25/i.test(theirs) && decodeLoose(theirs) === ours) {
    return { detail: 'double-encoded', explanation: `The path was percent-encoded twice: the gateway received ${code(theirs)} (each "%" sent as "%25"), while this path encodes to ${code(ours)}. Encode each path segment once; if your URL is already encoded, do not encode it again (the official Node SDK does this for paths that contain "%").` };
  }
  if (/%25/i.test(ours) && decodeLoose(ours) === theirs) {
    return { detail: 'double-encoded', explanation: `The path entered here is encoded once more than what the gateway received: ${code(ours)} here, ${code(theirs)} at the gateway. Enter the URL exactly as your client sends it (a "%25" here means a literal "%").` };
  }
  if (decodeLoose(ours) === decodeLoose(theirs)) {
    return { detail: 'encoding', explanation: `Same path, encoded differently: the gateway has ${code(theirs)}, this tool ${code(ours)}. Each segment is encoded with only A-Z a-z 0-9 - _ . ~ left as they are, every other UTF-8 byte as %XX (upper-case hex), a space as %20.` };
  }
  const a = ours.replace(/\/$/, '');
  const b = theirs.replace(/\/$/, '');
  if (b.endsWith(a) || a.endsWith(b)) {
    return { detail: 'prefix', explanation: `The gateway received path ${code(theirs)} but this request's path is ${code(ours)}: a proxy or base URL ${b.endsWith(a) ? 'added' : 'removed'} a prefix. Sign the path exactly as the gateway receives it (sign at the last hop, or sign the upstream URL).` };
  }
  return { detail: 'different', explanation: `The gateway received path ${code(theirs)} but this request's path is ${code(ours)}. Check that the URL you signed is the URL you sent (redirects, path parameters filled in after signing, dot segments that URL parsing removes).` };
}

function explainQuery(ours, theirs) {
  const a = queryPairs(ours);
  const b = queryPairs(theirs);
  const key = (p) => p.join('=');
  const sortedA = a.map(key).sort().join('&');
  const sortedB = b.map(key).sort().join('&');
  const rule = 'The canonical query lists name=value pairs sorted by name, then value, by character code (upper-case before lower-case: "B" < "a"), joined by "&".';
  if (sortedA === sortedB) {
    return { detail: 'order', explanation: `Same parameters, different order: the gateway has ${code(theirs)}, this tool ${code(ours)}. ${rule} A signer that keeps insertion order, sorts case-insensitively or sorts encoded names gets a different string.` };
  }
  const dec = (p) => decodeLoose(p[0]) + '=' + decodeLoose(p[1]);
  if (a.map(dec).sort().join('&') === b.map(dec).sort().join('&')) {
    const i = a.findIndex((p, j) => !b[j] || key(p) !== key(b[j]));
    const pa = a[i] ? key(a[i]) : '';
    const pb = b[i] ? key(b[i]) : '';
    return { detail: 'encoding', explanation: `Same parameters, encoded differently: the gateway has ${code(pb)} where this tool has ${code(pa)}. Names and values are encoded with only A-Z a-z 0-9 - _ . ~ left as they are: a space is %20 (never "+"), "+" is %2B, "*" is %2A, hex is upper-case. Send the query exactly as signed (use the signed URL).` };
  }
  const namesA = new Set(a.map((p) => decodeLoose(p[0])));
  const namesB = new Set(b.map((p) => decodeLoose(p[0])));
  const onlyA = [...namesA].filter((n) => !namesB.has(n));
  const onlyB = [...namesB].filter((n) => !namesA.has(n));
  if (onlyA.length) {
    return { detail: 'missing-on-server', explanation: `The gateway did not receive the query parameter ${code(onlyA[0])} that this request has (${code(theirs || '(empty)')} vs ${code(ours)}). Something dropped it between signing and sending: a client that builds the URL again, a redirect, a proxy, or a parameter with an empty or null value that the HTTP client leaves out.` };
  }
  if (onlyB.length) {
    return { detail: 'missing-locally', explanation: `The gateway received a query parameter ${code(onlyB[0])} that this request does not have (${code(theirs)} vs ${code(ours || '(empty)')}). Every parameter sent must be signed: add it before signing (clients that append parameters such as pagination markers after signing break the signature).` };
  }
  return { detail: 'value', explanation: `A query value differs: the gateway has ${code(theirs)}, this tool ${code(ours)}. Sign the same values you send, in the same form (true/false, no "null" or "undefined").` };
}

function explainHeader(kind, name, ours, theirs, theirSigned) {
  if (kind === 'header-missing-on-server') {
    let why = `This request signs ${code(name)} but the gateway's canonical request has no such line: the Authorization header that reached the gateway listed SignedHeaders=${theirSigned}.`;
    if (name === 'host') why += ' Many signers (the Go SDK among them) do not sign Host; that is allowed, but then the signature must have been computed without it.';
    else if (name === 'content-type') why += ' The Go, Java and .NET SDKs never sign Content-Type; that is allowed, but the signer and the Authorization header must agree.';
    else why += ' Either your client did not sign this header, or the header was added after signing. Sign exactly the headers you send.';
    return why;
  }
  if (kind === 'header-missing-locally') {
    return `The gateway's canonical request includes ${code(name + ':' + theirs)}, which this request does not have. Your client signed (and listed in SignedHeaders) a header that is missing here: add it to the headers above to reproduce the request${name === 'x-security-token' ? ' (temporary AK/SK: the security token must be sent and signed)' : ''}.`;
  }
  if (theirs.trim() === '' && ours.trim() !== '') {
    return `The gateway did not receive header ${code(name)} (its value is empty on the gateway's side) although it was signed. Something between your client and the gateway removed it: browsers refuse forbidden headers (Host, Content-Length …), a CORS preflight that does not allow it, or a proxy.`;
  }
  if (name === 'x-sdk-date') {
    return `The signing dates differ: the gateway's request is dated ${code(theirs)}, this one ${code(ours)}. To compare the other parts, pin the signing date to ${code(theirs.trim())}. If your client sends one X-Sdk-Date but signs another, that is the bug: the same string must go into the header and the string to sign.`;
  }
  if (name === 'host') {
    return `The gateway received Host ${code(theirs)} but the signed host is ${code(ours)}. The signed host must be the host[:port] the gateway receives (no default port): behind a proxy, a dev server or a Worker, sign the upstream Huawei host, not the proxy's.`;
  }
  if (name === 'content-type') {
    return `Content-Type changed after signing: the gateway received ${code(theirs)}, the signed value is ${code(ours)}. HTTP clients often rewrite it (adding "; charset=UTF-8", or a multipart boundary). Sign the exact value sent, or do not sign Content-Type.`;
  }
  return `Header ${code(name)} differs: the gateway received ${code(theirs)}, this request has ${code(ours)}. Signed header values must be sent unchanged (only leading and trailing spaces are trimmed).`;
}

function explainPayload(ours, theirs) {
  if (theirs === UNSIGNED || ours === UNSIGNED) {
    return theirs === UNSIGNED
      ? 'The gateway used UNSIGNED-PAYLOAD (your request sent X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD) but this request hashes the body. Either add that header here or stop sending it.'
      : 'This request signs UNSIGNED-PAYLOAD but the gateway hashed the body: the X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD header was not sent or not signed.';
  }
  if (theirs === EMPTY_SHA256) {
    return `The gateway hashed an empty body (${code(EMPTY_SHA256.slice(0, 8) + '…')}) but this request has one. The body was not sent: GET and HEAD requests drop bodies, and a client that sends a stream or form data may send nothing the gateway can hash. Sign an empty body or send the body you signed.`;
  }
  if (ours === EMPTY_SHA256) {
    const braces = theirs === BRACES_SHA256 ? ' Its hash is SHA-256 of "{}": your HTTP client sent an empty JSON object (some do on DELETE or GET).' : '';
    return `The gateway received a body (SHA-256 ${code(theirs.slice(0, 12) + '…')}) but this request has none.${braces} Sign the exact bytes your client sends.`;
  }
  return `The body bytes differ: the gateway's SHA-256 is ${code(theirs.slice(0, 12) + '…')}, this body's is ${code(ours.slice(0, 12) + '…')}. The hash covers the exact bytes sent: whitespace, key order, a trailing newline (Go's json.Encoder adds one) or a different character encoding all change it. Serialise once and sign and send that same string.`;
}

/** Lines up two canonical requests part by part. */
function alignLines(a, b) {
  const lines = [];
  const row = (part, ours, theirs, name) => {
    const status = ours === null ? 'only-theirs' : theirs === null ? 'only-ours' : ours === theirs ? 'same' : 'changed';
    const line = { part, ours, theirs, status };
    if (name !== undefined) line.name = name;
    lines.push(line);
  };
  row('method', a.method, b.method);
  row('canonical-uri', a.uri, b.uri);
  row('canonical-query', a.query, b.query);
  const ha = new Map(a.headers);
  const hb = new Map(b.headers);
  const names = [...new Set([...ha.keys(), ...hb.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const n of names) {
    row('canonical-headers', ha.has(n) ? `${n}:${ha.get(n)}` : null, hb.has(n) ? `${n}:${hb.get(n)}` : null, n);
  }
  row('signed-headers', a.signedHeaders, b.signedHeaders);
  row('payload-hash', a.payloadHash, b.payloadHash);
  return lines;
}

function firstDifference(lines, a, b) {
  const ha = new Map(a.headers);
  const hb = new Map(b.headers);
  // A different X-Sdk-Date is expected when the two requests were signed at different times; any
  // other difference is the more useful answer, so the date only counts when nothing else differs.
  let dateOnly = null;
  for (const l of lines) {
    if (l.status === 'same') continue;
    if (l.status === 'changed' && l.name === 'x-sdk-date' && !dateOnly) {
      dateOnly = l;
      continue;
    }
    const base = { part: l.part, ours: l.ours, theirs: l.theirs };
    switch (l.part) {
      case 'method':
        return { kind: 'method', ...base, explanation: `The gateway computed method ${code(l.theirs)}, this request uses ${code(l.ours)}. Sign the method actually sent, upper-case; a redirect (301/302 turns POST into GET) or a client that signs one method and sends another does this.` };
      case 'canonical-uri':
        return { kind: 'path', ...base, ...explainPath(l.ours, l.theirs) };
      case 'canonical-query':
        return { kind: 'query', ...base, ...explainQuery(l.ours, l.theirs) };
      case 'canonical-headers': {
        const kind = l.status === 'only-ours' ? 'header-missing-on-server' : l.status === 'only-theirs' ? 'header-missing-locally' : 'header-value';
        return { kind, ...base, header: l.name, explanation: explainHeader(kind, l.name, ha.get(l.name) ?? '', hb.get(l.name) ?? '', b.signedHeaders) };
      }
      case 'signed-headers':
        return { kind: 'signed-headers', ...base, explanation: `SignedHeaders differ: the gateway has ${code(l.theirs)}, this tool ${code(l.ours)}. They must be the lower-case header names, sorted by character code, joined by ";", and exactly those in the canonical headers.` };
      default:
        return { kind: 'payload-hash', ...base, explanation: explainPayload(l.ours, l.theirs) };
    }
  }
  if (dateOnly) {
    const l = dateOnly;
    return { kind: 'header-value', part: l.part, ours: l.ours, theirs: l.theirs, header: l.name, explanation: explainHeader('header-value', l.name, ha.get(l.name), hb.get(l.name)) };
  }
  return null;
}

function otherFailure(message) {
  if (/failed to reach the limit/i.test(message)) {
    return ['locked-out', 'This AK is locked: after 5 failed signatures in a row the gateway refuses it for 5 minutes. Wait, then compare the canonical requests before trying again.'];
  }
  if (/not exist|get secretkey fail/i.test(message)) {
    return ['ak-not-found', 'The gateway does not know this access key: check that the AK is a Huawei Cloud AK (not another cloud\'s), that it was not deleted, and that temporary AK/SK are sent with their X-Security-Token.'];
  }
  if (/token/i.test(message) && !/signature/i.test(message)) {
    return ['token', 'This is a token failure (X-Auth-Token), not an AK/SK signature failure: get a new token, or sign the request with AK/SK instead.'];
  }
  if (/signature/i.test(message)) {
    return ['no-echo', 'The gateway rejected the signature but its message does not include its canonical request, so there is nothing to compare. Paste the complete error_msg ("…canonicalRequest:GET|/…") if you have it.'];
  }
  return ['unrecognised', 'This does not look like a Huawei API Gateway signature error (expected e.g. {"error_msg":"Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:…","error_code":"APIGW.0301"}).'];
}

/**
 * Compares the gateway's echoed canonical request with ours and explains the first difference.
 * @param {{ serverMessage: string, canonicalRequest?: string, sdkDate?: string, now?: number|Date, responseDate?: string }} input
 */
function explainMismatchUnguarded(input) {
  if (!input || typeof input !== 'object') throw typeError('ERR_INVALID_ARGUMENT', `explainMismatch(input): input must be an object { serverMessage, canonicalRequest }, got ${describe(input)}`);
  const { serverMessage, canonicalRequest, sdkDate, now, responseDate } = input;
  if (typeof serverMessage !== 'string') throw typeError('ERR_INVALID_ARGUMENT', `explainMismatch: serverMessage must be the gateway's error text (a string), got ${describe(serverMessage)}`);
  if (canonicalRequest !== undefined && canonicalRequest !== null && typeof canonicalRequest !== 'string') {
    throw typeError('ERR_INVALID_ARGUMENT', `explainMismatch: canonicalRequest must be a string (SignedRequest.canonicalRequest), got ${describe(canonicalRequest)}`);
  }
  const server = parseServerMessage(serverMessage);
  if (now !== undefined && now !== null && !(now instanceof Date) && typeof now !== 'number') {
    throw typeError('ERR_INVALID_ARGUMENT', `explainMismatch: now must be a Date or epoch milliseconds, got ${describe(now)}`);
  }
  const nowMs = now === undefined || now === null ? Date.now() : now instanceof Date ? now.getTime() : now;
  const result = {
    server: { code: server.code, message: server.message, requestId: server.requestId },
    serverCanonicalRequest: server.canonicalRequest,
    canonicalRequest: canonicalRequest || null,
    lines: null,
    firstDifference: null,
    kind: 'none',
    summary: '',
    warnings: [],
  };
  if (responseDate) {
    const c = clockOffset(responseDate, nowMs);
    if (c) result.clockOffsetMs = c.offsetMs;
  }
  if (sdkDate) {
    const t = parseSdkDate(sdkDate);
    if (Number.isFinite(t) && Number.isFinite(nowMs) && Math.abs(nowMs - t) > WINDOW_MS && !server.canonicalRequest) {
      result.warnings.push(`The signing date ${sdkDate} is ${formatDuration(nowMs - t)} ${t < nowMs ? 'in the past' : 'in the future'}; the gateway only accepts dates within 15 minutes of its clock.`);
    }
  }

  if (server.signatureTime) {
    const sig = parseSdkDate(server.signatureTime);
    const srv = parseSdkDate(server.serverTime);
    const off = srv - sig;
    if (result.clockOffsetMs === undefined) result.clockOffsetMs = off;
    const explanation = `The gateway rejected the date, not the signature: X-Sdk-Date ${server.signatureTime} is ${formatDuration(off)} ${off > 0 ? 'behind' : 'ahead of'} the gateway's clock (${server.serverTime}), outside its ±15-minute window. `
      + (off > 0
        ? 'Either the request was signed long before it was sent (a cached, queued or retried request: sign every attempt again just before sending), or your clock is slow by about that much: sync it (NTP) or sign with the server\'s time (Date.now() + offset from a response Date header).'
        : 'Your clock is fast by about that much, or a pinned X-Sdk-Date lies in the future: sync the clock (NTP) or sign with the server\'s time (Date.now() + offset from a response Date header).');
    result.firstDifference = { kind: 'signature-expired', part: 'canonical-headers', header: 'x-sdk-date', ours: server.signatureTime, theirs: server.serverTime, offsetMs: off, explanation };
    result.kind = 'signature-expired';
    result.summary = explanation;
    return result;
  }

  if (!server.canonicalRequest) {
    const [kind, summary] = otherFailure(server.message);
    result.kind = kind;
    result.summary = summary;
    return result;
  }
  if (!canonicalRequest) {
    result.kind = 'no-local-request';
    result.summary = 'Found the gateway\'s canonical request; enter the request (method, URL, headers, body) to compare it with.';
    return result;
  }
  const a = splitCanonical(canonicalRequest.replace(/\r\n/g, '\n'));
  const b = splitCanonical(server.canonicalRequest);
  if (!a || !b) {
    result.kind = 'unrecognised';
    result.summary = `${a ? 'The gateway\'s' : 'The local'} canonical request does not have the six parts (method, URI, query, headers, signed headers, payload hash).`;
    return result;
  }
  result.lines = alignLines(a, b);
  const first = firstDifference(result.lines, a, b);
  const dateLine = result.lines.find((l) => l.name === 'x-sdk-date' && l.status === 'changed');
  if (first && dateLine && first.header !== 'x-sdk-date') {
    result.warnings.push(`The X-Sdk-Date values differ too (gateway ${dateLine.theirs.slice(11)}, here ${dateLine.ours.slice(11)}): pin the signing date to the gateway's to make the rest comparable.`);
  }
  if (first) {
    result.firstDifference = first;
    result.kind = first.kind;
    result.summary = first.explanation;
  } else {
    result.summary = 'The canonical requests are identical, so the gateway saw the request you describe here. The difference is in the key or the signing: a wrong SK for this AK (or AK and SK from different pairs), a string to sign built with another date than the X-Sdk-Date header, extra spaces or line breaks in the SK, or an Authorization header in the wrong format ("SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…"). Compare your signature with the one shown here for the same SK.';
  }
  return result;
}

// Public entry points: an exception from a getter or Proxy in the caller's arguments becomes a
// coded error instead of escaping raw.
function guarded(fn, name) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof HwCloudSignerError) throw e;
      throw new HwCloudSignerTypeError('ERR_INVALID_ARGUMENT', `${name}: reading the arguments threw an exception (a getter or Proxy); pass plain values`, { cause: e });
    }
  };
}

/** Offset of the local clock from a server's `Date` header (or X-Sdk-Date / Date), with an explanation. */
export const clockOffset = guarded(clockOffsetUnguarded, 'clockOffset');
/** Parses the gateway's error text (JSON body, error_msg, or a pasted HTTP response). */
export const parseServerMessage = guarded(parseServerMessageUnguarded, 'parseServerMessage');
/** Lines up the gateway's echoed canonical request with ours and explains the first difference. */
export const explainMismatch = guarded(explainMismatchUnguarded, 'explainMismatch');
