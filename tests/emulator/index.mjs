// A local Huawei Cloud emulator for end-to-end tests: an IAM endpoint (password login, temporary
// access keys) and an API gateway that checks AK/SK signatures and X-Auth-Token, on 127.0.0.1 with
// an ephemeral port. It answers with Huawei's real error shapes (APIGW.0301 echoing the canonical
// request with "|" for newlines, APIGW.0307, APIGW.0308 on 429, "signature expired").
//
// Signature verification uses the official Node SDK's signing code (@huaweicloud/huaweicloud-sdk-core
// AKSKSigner, a dev dependency) over the request exactly as it arrived on the wire:
//   - percent-encoding of path segments and query names/values: AKSKSigner.urlEncode;
//   - canonical header lines: AKSKSigner.buildCanonicalHeaders;
//   - assembly, hashing and HMAC: AKSKSigner.buildCanonicalRequest, .Hex, .getStringToSign, .hmacSHA256.
// Where the SDK is known to be wrong (signing-spec §1.3, §1.4, §7) the gateway's documented rules
// are used instead, and only there:
//   - path: each segment is percent-decoded before AKSKSigner.urlEncode (AKSKSigner.CanonicalURI
//     encodes the raw path, so any "%" in it is encoded twice; the real gateway decodes first);
//   - query: pairs are read from the raw query, decoded ("+" stays a plus) and sorted by the UTF-8
//     bytes of name then value (AKSKSigner.CanonicalQueryString takes an object, so it cannot see
//     repeated keys in wire order, and sorts UTF-16 code units);
//   - payload hash: AKSKSigner.Hex over the raw body bytes (AKSKSigner.buildPayloadHash hashes
//     JSON.stringify(data)), or the signed X-Sdk-Content-Sha256 value (UNSIGNED-PAYLOAD);
//   - header values are trimmed (the SDK does not trim; the gateway and the Go/Python SDKs do).
// The other four algorithms are verified over that same canonical request:
//   - V11-HMAC-SHA256 with the Node SDK's DerivedAKSKSigner.getStringToSignByInfo, HKDF.getDerKeySHA256
//     and AKSKSigner.hmacSHA256; the Credential scope's date must be X-Sdk-Date's date;
//   - SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256 and SDK-SM2-SM3, which the Node SDK does not have, with the
//     official Python SDK core's SM3Signer, P256SHA256Signer and SM2SM3Signer (payload hash of the
//     body or the signed X-Sdk-Content-Sm3 / X-Sdk-Content-Sha256 value, string to sign, HMAC-SM3 or
//     get_signing_key().verify()), run in a python3 child process by tests/reference/python_request_sign.py
//     (op "verify"; the SDK is installed into tests/.pydeps on first use, see tests/js/support/python-sdk.mjs).
// Each gateway log entry says which algorithm was used and which SDK verified it (`verifiedBy`).
import http from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { attachCredentials } from './credentials.mjs';
import { runPythonSdk } from '../js/support/python-sdk.mjs';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');
const { DerivedAKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner.js');
const { HKDF } = require('@huaweicloud/huaweicloud-sdk-core/auth/HKDF.js');

const WINDOW_MS = 15 * 60 * 1000;
const LOCK_AFTER = 5;
const LOCK_MS = 5 * 60 * 1000;
const AUTH = /^(SDK-HMAC-SHA256|SDK-HMAC-SM3) Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/;
const AUTH_ECC = /^(SDK-ECDSA-P256-SHA256|SDK-SM2-SM3) Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=((?:[0-9a-f]{2}){8,80})$/;
const AUTH_V11 = /^(V11-HMAC-SHA256) Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/;
/** Algorithms verified by the Python SDK (the Node SDK has no signer for them), and their content header. */
const PYTHON_VERIFIED = { 'SDK-HMAC-SM3': 'x-sdk-content-sm3', 'SDK-ECDSA-P256-SHA256': 'x-sdk-content-sha256', 'SDK-SM2-SM3': 'x-sdk-content-sm3' };

/** Authorization → { algorithm, ak, signedHeaders, signature, scope? } (scope: V11's date/region/service), or null. */
function parseAuthorization(value) {
  let m = AUTH.exec(value) ?? AUTH_ECC.exec(value);
  if (m) return { algorithm: m[1], ak: m[2], signedHeaders: m[3], signature: m[4] };
  m = AUTH_V11.exec(value);
  if (m) return { algorithm: m[1], ak: m[2], scope: { date: m[3], region: m[4], service: m[5] }, signedHeaders: m[6], signature: m[7] };
  return null;
}

const hex = (n) => randomBytes(n).toString('hex');
const isoMicro = (ms) => new Date(ms).toISOString().replace('Z', '000Z');
const sdkDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const parseSdkDate = (s) => {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(s || '');
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
};

/** Percent-decodes to bytes; a "%" not followed by two hex digits stays literal. */
function decodeBytes(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(out);
}

/** AKSKSigner.urlEncode over decoded bytes (byte-wise with the SDK's own tables if not UTF-8). */
function encodeBytes(buf) {
  const str = buf.toString('utf8');
  if (Buffer.from(str, 'utf8').equals(buf)) return AKSKSigner.urlEncode(str);
  const table = AKSKSigner.hexTable();
  let out = '';
  for (const b of buf) out += b < 0x80 && AKSKSigner.noEscape[b] === 1 ? String.fromCharCode(b) : table[b];
  return out;
}

/** The gateway's canonical request for a request as received (SHA-256 payload hash). */
export function canonicalRequestOf({ method, rawUrl, headers, body, signedHeaders }) {
  const { parts, contentHash } = canonicalPartsOf({ method, rawUrl, headers, signedHeaders, contentHeader: 'x-sdk-content-sha256' });
  return AKSKSigner.buildCanonicalRequest(...parts, contentHash ?? AKSKSigner.Hex(body));
}

/**
 * The first five parts of the canonical request (method, URI, query, header lines, SignedHeaders) and
 * the signed `contentHeader` value that replaces the payload hash (undefined: hash the body).
 */
function canonicalPartsOf({ method, rawUrl, headers, signedHeaders, contentHeader }) {
  const q = rawUrl.indexOf('?');
  const path = (q === -1 ? rawUrl : rawUrl.slice(0, q)) || '/';
  const query = q === -1 ? '' : rawUrl.slice(q + 1).replace(/#.*$/, '');
  let uri = path.split('/').map((seg) => encodeBytes(decodeBytes(seg))).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const pairs = query.split('&').filter(Boolean).map((p) => {
    const e = p.indexOf('=');
    return e === -1 ? [decodeBytes(p), Buffer.alloc(0)] : [decodeBytes(p.slice(0, e)), decodeBytes(p.slice(e + 1))];
  });
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]));
  const canonicalQuery = pairs.map(([k, v]) => `${encodeBytes(k)}=${encodeBytes(v)}`).join('&');
  const names = signedHeaders.split(';');
  const values = {};
  for (const n of names) {
    const v = headers[n];
    values[n] = (Array.isArray(v) ? v.join(', ') : v ?? '').trim();
  }
  const canonicalHeaders = AKSKSigner.buildCanonicalHeaders(values);
  const content = values[contentHeader];
  const contentHash = content !== undefined && content !== '' ? content : undefined;
  return { parts: [method, uri, canonicalQuery, canonicalHeaders, signedHeaders], contentHash };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the emulator. Options (all optional):
 * - users: [{ domainName, userName, password, userId?, domainId?, mfaPasscode? }]
 *   (default one user: acme / alice / "correct horse")
 * - keys: { [ak]: sk } permanent access keys
 * - tokenLifetimeMs (24 h), credentialLifetimeMs (default: the requested duration_seconds)
 * - clockOffsetMs: server clock = Date.now() + offset (see setClockOffset)
 * - iamDelayMs: delay before IAM answers (to make concurrent callers overlap)
 * @returns {Promise<Emulator>}
 */
export async function startEmulator(options = {}) {
  const users = options.users ?? [{ domainName: 'acme', userName: 'alice', password: 'correct horse' }];
  for (const u of users) {
    u.userId ??= 'u' + createHash('sha256').update(u.domainName + '/' + u.userName).digest('hex').slice(0, 31);
    u.domainId ??= 'd' + createHash('sha256').update(u.domainName).digest('hex').slice(0, 31);
  }
  const keys = new Map(Object.entries(options.keys ?? {}));
  const tempKeys = new Map(); // ak -> { sk, securityToken, expiresAt }
  const tokens = new Map(); // token -> { expiresAt, userId, projectId, revoked }
  const failures = new Map(); // ak -> { count, lockedUntil }
  let clockOffsetMs = options.clockOffsetMs ?? 0;
  const now = () => Date.now() + clockOffsetMs;
  const iamFailures = [];
  const gatewayFailures = [];
  const stats = {
    iamTokenRequests: 0,
    securityTokenRequests: 0,
    gatewayRequests: 0,
    gatewayAccepted: 0,
    signatureFailures: 0,
    /** Every gateway request: { method, url, status, auth, ak?, algorithm?, verifiedBy? ('node-sdk' | 'python-sdk'), sdkDate?, securityToken? } */
    gatewayLog: [],
  };
  const emu = {
    url: '',
    stats,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 24 * 3600 * 1000,
    credentialLifetimeMs: options.credentialLifetimeMs,
    iamDelayMs: options.iamDelayMs ?? 0,
    now,
    /** Moves the server clock: server time = Date.now() + ms. */
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    addKey(ak, sk) {
      keys.set(ak, sk);
    },
    /** The next `n` IAM requests fail with `status` and `body` (default 500, an IAM.0001-style body). */
    failIam(n = 1, { status = 500, body, headers } = {}) {
      for (let i = 0; i < n; i++) iamFailures.push({ status, body: body ?? { error_code: 'IAM.0001', error_msg: 'The system is busy.' }, headers });
    },
    /** The next `n` gateway requests (after authentication) get HTTP `status` (429 = APIGW.0308), or 'network' (connection reset). */
    failGateway(n = 1, status = 503) {
      for (let i = 0; i < n; i++) gatewayFailures.push(status);
    },
    /** The next `n` gateway requests (after authentication) get a redirect: HTTP `status` with `Location: location`. */
    redirectGateway(n, status, location) {
      for (let i = 0; i < n; i++) gatewayFailures.push({ status, location });
    },
    /** Drops every injected failure not consumed yet. */
    clearFailures() {
      iamFailures.length = 0;
      gatewayFailures.length = 0;
    },
    /** Every token issued so far must be updated (APIGW.0307). */
    revokeTokens() {
      for (const t of tokens.values()) t.revoked = true;
    },
    tokens,
    tempKeys,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
  const credentialRoutes = attachCredentials(emu, options); // emu.credentials: metadata, OIDC, pod identity, /v3/projects

  function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Date': new Date(now()).toUTCString(),
      'X-Request-Id': hex(16),
      ...headers,
    });
    res.end(text);
  }

  // ----------------------------------------------------------------------------- IAM
  function project(scope) {
    const p = scope && scope.project;
    if (!p) return null;
    const id = p.id ?? createHash('sha256').update('project/' + p.name).digest('hex').slice(0, 32);
    return { id, name: p.name ?? 'project-' + id.slice(0, 6) };
  }

  async function iamTokens(req, res, body, url) {
    stats.iamTokenRequests++;
    if (emu.iamDelayMs) await new Promise((r) => setTimeout(r, emu.iamDelayMs));
    const f = iamFailures.shift();
    if (f) return send(res, f.status, f.body, f.headers);
    let j;
    try {
      if (!/application\/json/i.test(req.headers['content-type'] ?? '')) throw new Error('content type');
      j = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error_msg: 'The request body is invalid.', error_code: 'IAM.0011' });
    }
    const id = j?.auth?.identity;
    const pw = id?.password?.user;
    if (!Array.isArray(id?.methods) || !id.methods.includes('password') || !pw) {
      return send(res, 400, { error: { code: 400, message: 'Expecting to find identity in auth.', title: 'Bad Request' } });
    }
    const user = users.find((u) => u.domainName === pw.domain?.name && u.userName === pw.name);
    if (!user || user.password !== pw.password) {
      return send(res, 401, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    }
    if (user.mfaPasscode !== undefined) {
      const totp = id.totp?.user;
      if (!id.methods.includes('totp') || !totp || totp.id !== user.userId || totp.passcode !== user.mfaPasscode) {
        return send(res, 401, { code: 'IAM.0103', message: 'The verification code is incorrect.' });
      }
    }
    const scope = j.auth.scope ?? {};
    const proj = project(scope);
    if (!proj && !scope.domain) return send(res, 400, { error_msg: 'The scope is missing.', error_code: 'IAM.0011' });
    const issued = now();
    const expires = issued + emu.tokenLifetimeMs;
    const token = 'MII' + randomBytes(96).toString('base64url');
    tokens.set(token, { expiresAt: expires, userId: user.userId, projectId: proj?.id, revoked: false });
    const domain = { id: user.domainId, name: user.domainName };
    const out = {
      token: {
        expires_at: isoMicro(expires),
        issued_at: isoMicro(issued),
        methods: id.methods,
        ...(proj ? { project: { id: proj.id, name: proj.name, domain } } : { domain }),
        roles: [{ id: '0', name: 'op_service' }],
        user: { id: user.userId, name: user.userName, domain, password_expires_at: '' },
      },
    };
    if (!url.searchParams.has('nocatalog')) out.token.catalog = [{ type: 'ecs', id: 'e1', name: 'ecs', endpoints: [{ id: 'x', interface: 'public', region: 'cn-north-4', url: 'https://ecs.cn-north-4.myhuaweicloud.com/v2.1/' + (proj?.id ?? '') }] }];
    send(res, 201, out, { 'X-Subject-Token': token });
  }

  async function iamSecurityTokens(req, res, body) {
    stats.securityTokenRequests++;
    const f = iamFailures.shift();
    if (f) return send(res, f.status, f.body, f.headers);
    const t = tokens.get(req.headers['x-auth-token'] ?? '');
    if (!t || t.revoked || t.expiresAt <= now()) {
      return send(res, 401, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
    }
    let j;
    try {
      j = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error_msg: 'The request body is invalid.', error_code: 'IAM.0011' });
    }
    const id = j?.auth?.identity;
    const d = id?.token?.duration_seconds ?? 900;
    if (!id?.methods?.includes('token') || !Number.isInteger(d) || d < 900 || d > 86400) {
      return send(res, 400, { error: { code: 400, message: 'Invalid input for field identity/token/duration_seconds.', title: 'Bad Request' } });
    }
    const ak = 'T' + randomBytes(15).toString('hex').toUpperCase().slice(0, 19);
    const sk = randomBytes(30).toString('base64');
    const securityToken = 'gQ' + randomBytes(120).toString('base64');
    const expiresAt = now() + (emu.credentialLifetimeMs ?? d * 1000);
    tempKeys.set(ak, { sk, securityToken, expiresAt });
    send(res, 201, { credential: { access: ak, secret: sk, securitytoken: securityToken, expires_at: isoMicro(expiresAt) } });
  }

  // ----------------------------------------------------------------------------- gateway
  const deny = (res, msg, code = 'APIGW.0301', status = 401) => {
    const reqId = hex(16);
    send(res, status, { error_msg: msg, error_code: code, request_id: reqId }, { 'X-Request-Id': reqId, Server: 'api-gateway' });
    return status;
  };
  const IAM_AUTH = 'Incorrect IAM authentication information: ';

  /**
   * Checks the signature with the official SDKs' code (see the top of this file); resolves to
   * { valid, canonicalRequest } (the canonical request echoed by APIGW.0301).
   */
  async function checkSignature(auth, sk, date, req, body) {
    const { algorithm, ak, signedHeaders, signature, scope } = auth;
    const received = { method: req.method, rawUrl: req.url, headers: req.headers, body, signedHeaders };
    if (algorithm === 'SDK-HMAC-SHA256' || algorithm === 'V11-HMAC-SHA256') {
      const cr = canonicalRequestOf(received);
      let expected;
      if (algorithm === 'SDK-HMAC-SHA256') {
        expected = AKSKSigner.hmacSHA256(sk, AKSKSigner.getStringToSign(algorithm, date, AKSKSigner.Hex(cr)));
      } else {
        const info = `${scope.date}/${scope.region}/${scope.service}`;
        const sts = DerivedAKSKSigner.getStringToSignByInfo(algorithm, date, info, AKSKSigner.Hex(cr));
        expected = AKSKSigner.hmacSHA256(HKDF.getDerKeySHA256(ak, sk, info), sts);
      }
      return { valid: timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex')), canonicalRequest: cr, verifiedBy: 'node-sdk' };
    }
    const { parts, contentHash } = canonicalPartsOf({ ...received, contentHeader: PYTHON_VERIFIED[algorithm] });
    const head = AKSKSigner.buildCanonicalRequest(...parts, '').slice(0, -1);
    const [r] = await runPythonSdk([{ op: 'verify', algorithm, ak, sk, sdk_date: date, canonical_head: head, content_hash: contentHash ?? null, body_b64: body.toString('base64'), signature }]);
    return { valid: r.valid === true, canonicalRequest: r.canonical_request, verifiedBy: 'python-sdk' };
  }

  async function authenticate(req, res, body, log) {
    const h = req.headers;
    if (!h.authorization) {
      const token = h['x-auth-token'];
      if (!token) return deny(res, IAM_AUTH + 'x-auth-token not found');
      log.auth = 'token';
      const t = tokens.get(token);
      if (!t) return deny(res, IAM_AUTH + 'decrypt token fail');
      if (t.revoked || t.expiresAt <= now()) return deny(res, 'The token must be updated.', 'APIGW.0307');
      return 0;
    }
    log.auth = 'aksk';
    const auth = parseAuthorization(h.authorization);
    if (!auth) return deny(res, IAM_AUTH + 'Authorization format incorrect');
    const { ak, signedHeaders } = auth;
    log.ak = ak;
    log.algorithm = auth.algorithm;
    const fail = failures.get(ak) ?? { count: 0, lockedUntil: 0 };
    failures.set(ak, fail);
    if (fail.lockedUntil > now()) return deny(res, IAM_AUTH + 'AK access failed to reach the limit,forbidden');
    let sk = keys.get(ak);
    const temp = tempKeys.get(ak);
    if (sk === undefined && temp) {
      if (temp.expiresAt <= now()) return deny(res, IAM_AUTH + 'the security token has expired');
      if (h['x-security-token'] !== temp.securityToken || !signedHeaders.split(';').includes('x-security-token')) {
        return deny(res, IAM_AUTH + 'x-security-token is missing, wrong or not signed');
      }
      sk = temp.sk;
      log.securityToken = true;
    }
    if (sk === undefined) return deny(res, IAM_AUTH + `Get secretKey failed,ak:${ak},err:ak not exist`);
    const date = h['x-sdk-date'];
    log.sdkDate = date;
    const t = parseSdkDate(date);
    if (!signedHeaders.split(';').includes('x-sdk-date') || Number.isNaN(t)) return deny(res, IAM_AUTH + 'x-sdk-date is missing or not signed');
    if (Math.abs(now() - t) > WINDOW_MS) {
      return deny(res, IAM_AUTH + `calc aksk signature fail:signature expired, signature time:${date},server time:${sdkDate(now())}`);
    }
    if (auth.scope && auth.scope.date !== date.slice(0, 8)) {
      return deny(res, IAM_AUTH + `the credential scope date ${auth.scope.date} is not the date of x-sdk-date ${date}`);
    }
    const { valid, canonicalRequest: cr, verifiedBy } = await checkSignature(auth, sk, date, req, body);
    log.verifiedBy = verifiedBy;
    if (!valid) {
      stats.signatureFailures++;
      if (++fail.count >= LOCK_AFTER) {
        fail.count = 0;
        fail.lockedUntil = now() + LOCK_MS;
      }
      return deny(res, IAM_AUTH + 'verify aksk signature fail, canonicalRequest:' + cr.replace(/\n/g, '|'));
    }
    fail.count = 0;
    return 0;
  }

  async function gateway(req, res, body) {
    stats.gatewayRequests++;
    const log = { method: req.method, url: req.url, status: 0, auth: 'none' };
    stats.gatewayLog.push(log);
    const denied = await authenticate(req, res, body, log);
    if (denied) {
      log.status = denied;
      return;
    }
    const f = gatewayFailures.shift();
    if (f && typeof f === 'object') {
      log.status = f.status;
      res.writeHead(f.status, { Location: f.location, 'Content-Length': '0', 'X-Request-Id': hex(16) });
      return res.end();
    }
    if (f === 'network') {
      log.status = 'network';
      req.socket.destroy();
      return;
    }
    if (f === 429) {
      log.status = 429;
      return deny(res, 'The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute', 'APIGW.0308', 429);
    }
    if (f) {
      log.status = f;
      return deny(res, f === 504 ? 'Backend timeout' : f === 502 ? 'Backend unavailable' : 'An unexpected error occurred', 'APIGW.0201', f);
    }
    if (await credentialRoutes.afterAuth(req, res, new URL(req.url, 'http://127.0.0.1'))) {
      log.status = res.statusCode;
      return;
    }
    stats.gatewayAccepted++;
    log.status = 200;
    const q = req.url.indexOf('?');
    send(res, 200, {
      method: req.method,
      path: q === -1 ? req.url : req.url.slice(0, q),
      query: q === -1 ? '' : req.url.slice(q + 1),
      headers: req.headers,
      auth: log.auth,
      ak: log.ak,
      algorithm: log.algorithm,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      bodyLength: body.length,
      body: body.toString('utf8'),
    });
  }

  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url, 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/v3/auth/tokens') return await iamTokens(req, res, body, url);
      if (req.method === 'POST' && url.pathname === '/v3.0/OS-CREDENTIAL/securitytokens') return await iamSecurityTokens(req, res, body);
      if (await credentialRoutes.handle(req, res, body, url)) return;
      return await gateway(req, res, body);
    } catch (e) {
      if (!res.headersSent) send(res, 500, { error_code: 'APIGW.0201', error_msg: 'An unexpected error occurred: ' + e.message });
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  emu.url = `http://127.0.0.1:${server.address().port}`;
  return emu;
}
