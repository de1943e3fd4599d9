// End to end: HuaweiCloudClient and TokenAuth against the local emulator (tests/emulator), whose
// gateway verifies AK/SK signatures with the official Node SDK's signing code over the request as
// it arrives on the wire, and whose IAM issues tokens and temporary keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { HuaweiCloudClient, TokenAuth, IamError, buildTokenRequest, parseTokenResponse } from 'hwcloud-signer';
import { startEmulator } from '../emulator/index.mjs';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const AK = 'E2EAKE2EAKE2EAKE2EAK';
const SK = 'e2e-secret-key/with+symbols=';
const USER = { domainName: 'acme', userName: 'alice', password: 'p@ss "w\\rd" é😀' };
let emu;

before(async () => {
  emu = await startEmulator({ keys: { [AK]: SK }, users: [{ ...USER }, { domainName: 'acme', userName: 'mfa-user', password: 'pw2', mfaPasscode: '012345' }] });
});
after(() => emu.close());

const client = (opts = {}) => new HuaweiCloudClient({ ak: AK, sk: SK, retryDelayMs: 1, ...opts });
const sha = (b) => createHash('sha256').update(b).digest('hex');
const delta = (fn) => {
  const start = { ...emu.stats, logLength: emu.stats.gatewayLog.length };
  return () => ({
    iam: emu.stats.iamTokenRequests - start.iamTokenRequests,
    sts: emu.stats.securityTokenRequests - start.securityTokenRequests,
    gateway: emu.stats.gatewayRequests - start.gatewayRequests,
    accepted: emu.stats.gatewayAccepted - start.gatewayAccepted,
    log: emu.stats.gatewayLog.slice(start.logLength),
  });
};

test('the emulator accepts a request signed by the official SDK and rejects a tampered one', async () => {
  const signed = AKSKSigner.sign({ method: 'GET', endpoint: emu.url + '/v1/sdk/check', headers: {}, queryParams: { b: ['2', '1'], a: 'x' } }, { getAk: () => AK, getSk: () => SK });
  const send = (path, headers) => new Promise((resolve, reject) => {
    const r = http.request(emu.url + path, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    r.on('error', reject);
    r.end();
  });
  assert.match(signed.Authorization, /SignedHeaders=host;x-sdk-date,/);
  const headers = { 'X-Sdk-Date': signed['X-Sdk-Date'], Authorization: signed.Authorization };
  assert.equal(await send('/v1/sdk/check?b=2&a=x&b=1', headers), 200);
  assert.equal(await send('/v1/sdk/check?b=2&a=y&b=1', headers), 401);
});

test('signed GET, POST and PUT with bodies reach the gateway intact', async () => {
  const c = client({ projectId: 'proj-1' });
  const d = delta();
  const fd = new FormData();
  fd.append('field', 'välue');
  fd.append('file', new Blob([new Uint8Array([0, 1, 2, 250])]), 'f.bin');
  const cases = [
    ['GET', undefined],
    ['POST', JSON.stringify({ name: 'vm "1"', tags: ['é', '中'] }), { 'Content-Type': 'application/json' }],
    ['PUT', new Uint8Array([0, 255, 10, 13, 128])],
    ['POST', new Blob(['blob content'], { type: 'text/plain' })],
    ['PUT', new URLSearchParams({ a: '1 2', b: '&=é' })],
    ['POST', fd],
    ['DELETE', ''],
  ];
  for (const [method, body, headers] of cases) {
    const res = await c.fetch(emu.url + '/v1/proj-1/servers/x', { method, body, headers });
    assert.equal(res.status, 200, `${method} ${body?.constructor?.name}: ${await res.clone().text()}`);
    const echo = await res.json();
    assert.equal(echo.method, method);
    assert.equal(echo.headers['x-project-id'], 'proj-1');
    assert.equal(echo.headers.host, new URL(emu.url).host);
    const sent = body === undefined || body === '' ? new Uint8Array() : new Uint8Array(await new Response(body instanceof FormData ? undefined : body).arrayBuffer());
    if (!(body instanceof FormData)) assert.equal(echo.bodySha256, sha(sent), method);
    else assert.ok(echo.body.includes('välue') && /^multipart\/form-data; ?boundary=/.test(echo.headers['content-type']));
  }
  const x = d();
  assert.deepEqual([x.iam, x.sts, x.gateway, x.accepted], [0, 0, cases.length, cases.length]);
});

test('query strings with unicode, repeated keys, reserved characters and empty values', async () => {
  const c = client();
  const queries = [
    '?name=é中文😀&name=a&name=Z&limit=10',
    '?b=2&a=1&b=1&a=2&A=0',
    '?q=a%2Bb%20c~*!\'()&empty=&flag',
    '?%E4%B8%AD=%F0%9F%98%80&za=1&z%7B=2',
    '?x=1&&y=2&',
  ];
  const d = delta();
  for (const q of queries) {
    const res = await c.fetch(emu.url + '/v1/search/é space/%41' + q);
    assert.equal(res.status, 200, `${q}: ${await res.clone().text()}`);
  }
  const u = new URL(emu.url);
  u.searchParams.append('k', 'v w');
  u.searchParams.append('k', 'ü');
  assert.equal((await c.fetch(u)).status, 200);
  assert.equal(d().accepted, queries.length + 1);
});

test('token login: TokenAuth gets a token from IAM and the gateway accepts X-Auth-Token', async () => {
  const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
  const d = delta();
  const info = await auth.tokenInfo();
  assert.match(info.token, /^MII/);
  assert.ok(info.expiresAt > info.issuedAt);
  assert.equal(info.expiresAt - info.issuedAt, 24 * 3600 * 1000);
  assert.ok(info.projectId && info.domainId && info.userId);
  const res = await auth.fetch(emu.url + '/v3/auth/projects', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const echo = await res.json();
  assert.equal(echo.auth, 'token');
  assert.equal(echo.headers['x-auth-token'], info.token);
  assert.equal(echo.headers.accept, 'application/json');
  assert.deepEqual([d().iam, d().accepted], [1, 1]);

  // The building blocks on their own, with the emulator's real answers.
  const req = await buildTokenRequest({ ...USER, endpoint: emu.url, scope: 'domain' });
  const t = await parseTokenResponse(await fetch(req.url, req));
  assert.ok(t.domainId && !t.projectId);
  const wrong = await buildTokenRequest({ ...USER, password: 'nope', endpoint: emu.url, region: 'cn-north-4' });
  await assert.rejects(parseTokenResponse(await fetch(wrong.url, wrong)), (e) => e instanceof IamError && e.status === 401 && e.iamMessage === 'The username or password is wrong.' && /^[0-9a-f]{32}$/.test(e.requestId));
  const mfa = { domainName: 'acme', userName: 'mfa-user', password: 'pw2', endpoint: emu.url, region: 'cn-north-4' };
  await assert.rejects(new TokenAuth(mfa).token(), (e) => e.code === 'ERR_IAM' && e.iamCode === 'IAM.0103');
  const mfaUserId = 'u' + createHash('sha256').update('acme/mfa-user').digest('hex').slice(0, 31);
  assert.match(await new TokenAuth({ ...mfa, mfa: { userId: mfaUserId, passcode: '012345' } }).token(), /^MII/);
});

test('temporary credentials: TokenAuth → securitytokens → client with a rotating provider', async () => {
  const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
  const provider = auth.temporaryCredentials({ durationSeconds: 900 });
  const c = new HuaweiCloudClient({ credentials: provider, projectId: 'p' });
  const d = delta();
  for (let i = 0; i < 3; i++) {
    const res = await c.fetch(emu.url + '/v2/p/servers', { method: 'POST', body: '{"i":' + i + '}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 200, await res.clone().text());
  }
  const after1 = d();
  assert.deepEqual([after1.iam, after1.sts, after1.accepted], [1, 1, 3]);
  assert.ok(after1.log.every((l) => l.securityToken === true && l.ak.startsWith('T')));
  const creds = await provider();
  assert.equal(creds.expiresAt - Date.now() > 14 * 60_000, true);
  assert.ok(emu.tempKeys.get(creds.ak));
  // A temporary key without its security token is refused by the gateway.
  const noToken = new HuaweiCloudClient({ ak: creds.ak, sk: creds.sk });
  assert.equal((await noToken.fetch(emu.url + '/v2/p/servers')).status, 401);
});

test('refresh near expiry: a short-lived token is reused, then refreshed before it runs out', async () => {
  emu.tokenLifetimeMs = 10 * 60_000;
  try {
    let now = Date.now();
    const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url, clock: () => now });
    const d = delta();
    const t1 = await auth.token();
    now += 7 * 60_000; // 70% of the lifetime: reused
    assert.equal(await auth.token(), t1);
    assert.equal((await auth.fetch(emu.url + '/v1/x')).status, 200);
    now += 90_000; // 85%: served at once, refreshed in the background
    assert.equal(await auth.token(), t1);
    let t2 = t1;
    for (let i = 0; i < 2000 && t2 === t1; i++) {
      await new Promise((r) => setTimeout(r, 2));
      t2 = await auth.token();
    }
    assert.notEqual(t2, t1);
    assert.equal(d().iam, 2);
  } finally {
    emu.tokenLifetimeMs = 24 * 3600 * 1000;
  }
});

test('50 concurrent callers → exactly one IAM request', async () => {
  emu.iamDelayMs = 50;
  try {
    const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
    const d = delta();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? auth.token() : auth.fetch(emu.url + '/v1/c/' + i).then((r) => r.status))));
    assert.equal(d().iam, 1);
    assert.equal(new Set(results.filter((r) => typeof r === 'string')).size, 1);
    assert.ok(results.filter((r) => typeof r === 'number').every((s) => s === 200));
  } finally {
    emu.iamDelayMs = 0;
  }
});

test('a failed refresh is reported to every waiter, and the next call recovers', async () => {
  emu.iamDelayMs = 20;
  try {
    const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
    emu.failIam(1, { status: 503, body: { error: { code: 503, message: 'Service Unavailable', title: 'Service Unavailable' } } });
    const d = delta();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => auth.token()));
    assert.equal(d().iam, 1);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof IamError && r.reason.status === 503 && r.reason.iamMessage === 'Service Unavailable'));
    assert.equal(new Set(results.map((r) => r.reason)).size, 1);
    assert.match(await auth.token(), /^MII/);
    assert.equal(d().iam, 2);
  } finally {
    emu.iamDelayMs = 0;
  }
});

test('401 APIGW.0307: TokenAuth refreshes once and retries', async () => {
  const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
  const t1 = await auth.token();
  emu.revokeTokens();
  const d = delta();
  const res = await auth.fetch(emu.url + '/v1/after-revoke', { method: 'POST', body: 'again' });
  assert.equal(res.status, 200);
  const echo = await res.json();
  assert.equal(echo.body, 'again');
  assert.notEqual(echo.headers['x-auth-token'], t1);
  const x = d();
  assert.deepEqual([x.iam, x.gateway, x.accepted], [1, 2, 1]);
  // Only once: if IAM hands out a token the gateway also refuses, the 401 is returned.
  emu.revokeTokens();
  emu.tokenLifetimeMs = -1000;
  try {
    const d2 = delta();
    const r2 = await auth.fetch(emu.url + '/v1/after-revoke');
    assert.equal(r2.status, 401);
    assert.equal((await r2.json()).error_code, 'APIGW.0307');
    assert.deepEqual([d2().iam, d2().gateway], [1, 2]);
  } finally {
    emu.tokenLifetimeMs = 24 * 3600 * 1000;
  }
});

test('retries on 429 and 5xx are bounded, and every attempt is signed afresh', async () => {
  const c = client({ retries: 3 });
  let d = delta();
  emu.failGateway(1, 429);
  emu.failGateway(1, 503);
  emu.failGateway(1, 'network');
  const res = await c.fetch(emu.url + '/v1/retry', { method: 'PUT', body: 'same body' });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).body, 'same body');
  let x = d();
  assert.deepEqual(x.log.map((l) => l.status), [429, 503, 'network', 200]);
  // Each attempt passed the SDK's signature check, so each was signed over the same bytes.
  d = delta();
  emu.failGateway(10, 502);
  const r2 = await client({ retries: 2 }).fetch(emu.url + '/v1/retry');
  assert.equal(r2.status, 502);
  assert.equal((await r2.json()).error_code, 'APIGW.0201');
  x = d();
  assert.equal(x.gateway, 3);
  assert.deepEqual(x.log.map((l) => l.status), [502, 502, 502]);
  emu.clearFailures();
});

test('APIGW.0301: never retried; the gateway\'s echoed canonical request is surfaced', async () => {
  const d = delta();
  // A proxy that rewrites the query after signing: the gateway computes another canonical request.
  const tamper = (req) => fetch(new Request(req.url.replace('limit=2', 'limit=3'), req));
  const c = client({ retries: 5, fetch: tamper });
  const err = await c.fetch(emu.url + '/v1/proj/servers?limit=2').then(() => null, (e) => e);
  assert.equal(err?.code, 'ERR_SIGNATURE_MISMATCH');
  assert.equal(d().gateway, 1);
  assert.equal(err.gatewayCode, 'APIGW.0301');
  assert.match(err.requestId, /^[0-9a-f]{32}$/);
  const server = err.serverCanonicalRequest.split('\n');
  const ours = err.clientCanonicalRequest.split('\n');
  assert.equal(server.length, ours.length);
  assert.deepEqual([server[2], ours[2]], ['limit=3', 'limit=2']);
  assert.deepEqual(server.filter((l, i) => i !== 2), ours.filter((l, i) => i !== 2));
  // A wrong secret key: identical canonical requests, still one attempt only.
  const e2 = await client({ sk: 'Wr0ng-Secret-Qz', retries: 5 }).fetch(emu.url + '/v1/x').then(() => null, (e) => e);
  assert.equal(e2.code, 'ERR_SIGNATURE_MISMATCH');
  assert.equal(e2.serverCanonicalRequest, e2.clientCanonicalRequest);
  assert.ok(!e2.message.includes('Wr0ng-Secret-Qz') && !JSON.stringify(e2).includes('Wr0ng-Secret-Qz'));
  assert.equal(d().gateway, 2);
});

test('clock skew: "signature expired" → offset from the Date header → retry → later requests signed right', async () => {
  emu.setClockOffset(40 * 60_000);
  try {
    const c = client();
    const d = delta();
    const res = await c.fetch(emu.url + '/v1/skew', { method: 'POST', body: 'x' });
    assert.equal(res.status, 200);
    assert.deepEqual(d().log.map((l) => l.status), [401, 200]);
    assert.ok(Math.abs(c.clockOffset - 40 * 60_000) < 5000, String(c.clockOffset));
    assert.equal((await c.fetch(emu.url + '/v1/skew')).status, 200);
    assert.equal(d().gateway, 3);
  } finally {
    emu.setClockOffset(0);
  }
});

test('POST: a reset after the server read it is not retried; a refused connection is', async () => {
  const d = delta();
  emu.failGateway(1, 'network');
  const err = await client({ retries: 3 }).fetch(emu.url + '/v1/once', { method: 'POST', body: 'charge-once' }).then(() => null, (e) => e);
  assert.equal(err?.code, 'ERR_NETWORK');
  assert.ok(err.cause, 'the cause is kept');
  assert.deepEqual(d().log.map((l) => l.status), ['network']);
  emu.clearFailures();
  // A port nobody listens on: the request never left, so it is retried (and then reported with its code).
  const closed = http.createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const port = closed.address().port;
  await new Promise((r) => closed.close(r));
  let calls = 0;
  const counting = (req) => {
    calls++;
    return fetch(req);
  };
  const e2 = await client({ retries: 2, fetch: counting }).fetch(`http://127.0.0.1:${port}/v1/x`, { method: 'POST', body: 'x' }).then(() => null, (e) => e);
  assert.equal(e2?.code, 'ERR_NETWORK');
  assert.match(e2.message, /ECONNREFUSED/);
  assert.equal(calls, 3);
});
