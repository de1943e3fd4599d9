// buildTokenRequest / parseTokenResponse / temporary access keys / TokenAuth, without a network:
// a fake fetch and an injected clock make every case deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildTokenRequest, parseTokenResponse, buildSecurityTokenRequest, parseSecurityTokenResponse, TokenAuth, IamError,
  HwCloudSignerError, HwCloudSignerTypeError,
} from 'hwcloud-signer';
import { refreshDeadline } from '../../pkg/src/refresh-cache.js';

const BASE = { domainName: 'acme', userName: 'alice', password: 'pw-Secret-123' };
const PW_BODY = (scope, extra = {}) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name: 'alice', password: 'pw-Secret-123', domain: { name: 'acme' } } }, ...extra },
    scope,
  },
});

async function rejects(promise, code, check) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a rejection with ${code}`);
  assert.equal(err.code, code, err.message);
  assert.ok(err instanceof HwCloudSignerError);
  if (check) check(err);
  return err;
}

test('buildTokenRequest: regional endpoint, default project named after the region, nocatalog', async () => {
  const r = await buildTokenRequest({ ...BASE, region: 'cn-north-4' });
  assert.deepEqual(Object.keys(r).sort(), ['body', 'headers', 'method', 'url']);
  assert.equal(r.method, 'POST');
  assert.equal(r.url, 'https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens?nocatalog=true');
  assert.deepEqual(r.headers, { 'Content-Type': 'application/json;charset=utf8' });
  assert.equal(typeof r.body, 'string');
  assert.deepEqual(JSON.parse(r.body), PW_BODY({ project: { name: 'cn-north-4' } }));
});

test('buildTokenRequest: project by name or id, domain scope, global and custom endpoints, catalog', async () => {
  let r = await buildTokenRequest({ ...BASE, region: 'cn-north-4', projectName: 'cn-north-4_dev' });
  assert.deepEqual(JSON.parse(r.body), PW_BODY({ project: { name: 'cn-north-4_dev' } }));
  r = await buildTokenRequest({ ...BASE, projectId: '0a1b2c' });
  assert.equal(r.url, 'https://iam.myhuaweicloud.com/v3/auth/tokens?nocatalog=true');
  assert.deepEqual(JSON.parse(r.body), PW_BODY({ project: { id: '0a1b2c' } }));
  r = await buildTokenRequest({ ...BASE, scope: 'domain', region: 'cn-north-4', nocatalog: false });
  assert.equal(r.url, 'https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens');
  assert.deepEqual(JSON.parse(r.body), PW_BODY({ domain: { name: 'acme' } }));
  // Neither a region nor a project: a domain-scoped token from the global endpoint.
  r = await buildTokenRequest({ ...BASE });
  assert.equal(r.url, 'https://iam.myhuaweicloud.com/v3/auth/tokens?nocatalog=true');
  assert.deepEqual(JSON.parse(r.body), PW_BODY({ domain: { name: 'acme' } }));
  r = await buildTokenRequest({ ...BASE, region: 'ap-southeast-1', endpoint: 'http://127.0.0.1:8080/iam-proxy//' });
  assert.equal(r.url, 'http://127.0.0.1:8080/iam-proxy/v3/auth/tokens?nocatalog=true');
  assert.deepEqual(JSON.parse(r.body).auth.scope, { project: { name: 'ap-southeast-1' } });
  r = await buildTokenRequest({ ...BASE, region: 'cn-north-4', endpoint: new URL('https://proxy.example.com/') });
  assert.equal(r.url, 'https://proxy.example.com/v3/auth/tokens?nocatalog=true');
});

test('buildTokenRequest: password + virtual MFA', async () => {
  const r = await buildTokenRequest({ ...BASE, region: 'cn-north-4', mfa: { userId: 'uid-1', passcode: '012345' } });
  const body = JSON.parse(r.body);
  assert.deepEqual(body.auth.identity.methods, ['password', 'totp']);
  assert.deepEqual(body.auth.identity.totp, { user: { id: 'uid-1', passcode: '012345' } });
  assert.deepEqual(body.auth.identity.password, PW_BODY({}).auth.identity.password);
});

test('buildTokenRequest: quotes, backslashes, control characters and unicode round-trip through JSON', async () => {
  const nasty = ['"', '\\', '\\"', '\n\r\t\b\f', '\u0000\u0001\u001f\u007f', 'é中文😀', '\u2028\u2029', '</script>', '{"a":1}', '\\u0041'];
  for (const s of nasty) {
    const params = { domainName: 'acme' + s, userName: 'al' + s + 'ice', password: 'p' + s + 'w', region: 'cn-north-4', projectName: 'p' + s, mfa: { userId: 'u' + s, passcode: s + '1' } };
    if (s.includes('\0')) {
      // NUL is only allowed in the password (the other fields are passed NUL-separated).
      await rejects(buildTokenRequest(params), 'ERR_INVALID_TOKEN_PARAMS');
      params.domainName = params.userName = params.projectName = params.mfa.userId = params.mfa.passcode = 'x';
    }
    const body = JSON.parse((await buildTokenRequest(params)).body);
    const u = body.auth.identity.password.user;
    assert.equal(u.password, params.password, JSON.stringify(s));
    assert.equal(u.name, params.userName);
    assert.equal(u.domain.name, params.domainName);
    assert.equal(body.auth.scope.project.name, params.projectName);
    assert.deepEqual(body.auth.identity.totp.user, { id: params.mfa.userId, passcode: params.mfa.passcode });
  }
  await rejects(buildTokenRequest({ ...BASE, region: 'cn-north-4', password: 'a\uD800b' }), 'ERR_INVALID_TOKEN_PARAMS');
});

test('buildTokenRequest: missing or invalid fields throw ERR_INVALID_TOKEN_PARAMS without the password', async () => {
  const cases = [
    [{ ...BASE, scope: 'project' }, /projectName, projectId or region/],
    [{ ...BASE, region: 'cn-north-4', domainName: undefined }, /domainName/],
    [{ ...BASE, region: 'cn-north-4', domainName: '' }, /domainName/],
    [{ ...BASE, region: 'cn-north-4', userName: '' }, /userName/],
    [{ ...BASE, region: 'cn-north-4', password: '' }, /password/],
    [{ ...BASE, region: 'cn-north-4', password: undefined }, /password/],
    [{ ...BASE, region: 'CN North' }, /region/],
    [{ ...BASE, region: 'cn-north-4', projectId: 'a', projectName: 'b' }, /not both/],
    [{ ...BASE, region: 'cn-north-4', projectId: '' }, /projectId/],
    [{ ...BASE, region: 'cn-north-4', endpoint: 'iam.example.com' }, /endpoint/],
    [{ ...BASE, region: 'cn-north-4', endpoint: 'https://iam.example.com?x=1' }, /endpoint/],
    [{ ...BASE, region: 'cn-north-4', scope: 'global' }, /scope/],
    [{ ...BASE, region: 'cn-north-4', nocatalog: 'yes' }, /nocatalog/],
    [{ ...BASE, region: 'cn-north-4', mfa: { userId: 'u' } }, /passcode/],
    [{ ...BASE, region: 'cn-north-4', mfa: { userId: 'u', passcode: 12345 } }, /passcode/],
    [{ ...BASE, region: 'cn-north-4', mfa: { userId: '', passcode: '1' } }, /userId/],
    [{ ...BASE, region: 42 }, /region/],
  ];
  for (const [params, re] of cases) {
    await rejects(buildTokenRequest(params), 'ERR_INVALID_TOKEN_PARAMS', (e) => {
      assert.match(e.message, re);
      assert.ok(!e.message.includes(BASE.password) && !String(e.stack).includes(BASE.password));
    });
  }
  await rejects(buildTokenRequest(null), 'ERR_INVALID_TOKEN_PARAMS', (e) => assert.ok(e instanceof HwCloudSignerTypeError));
});

const TOKEN_BODY = JSON.stringify({
  token: {
    expires_at: '2030-01-04T09:05:22.701000Z', issued_at: '2030-01-03T09:05:22.701000Z', methods: ['password'], catalog: [],
    project: { id: 'proj-1', name: 'cn-north-4', domain: { id: 'dom-1', name: 'acme' } },
    user: { id: 'user-1', name: 'alice', domain: { id: 'dom-1', name: 'acme' } }, roles: [{ id: '0', name: 'op_service' }],
  },
});

test('parseTokenResponse: token from X-Subject-Token, times and ids from the body', async () => {
  const want = {
    token: 'MIItoken-1', expiresAt: new Date(Date.UTC(2030, 0, 4, 9, 5, 22, 701)), issuedAt: new Date(Date.UTC(2030, 0, 3, 9, 5, 22, 701)),
    projectId: 'proj-1', domainId: 'dom-1', userId: 'user-1',
  };
  assert.deepEqual(await parseTokenResponse(new Response(TOKEN_BODY, { status: 201, headers: { 'X-Subject-Token': 'MIItoken-1' } })), want);
  assert.deepEqual(await parseTokenResponse({ status: 201, headers: { 'x-subject-token': 'MIItoken-1' }, body: TOKEN_BODY }), want);
  assert.deepEqual(await parseTokenResponse({ status: 201, headers: new Headers({ 'X-Subject-Token': 'MIItoken-1' }), body: new TextEncoder().encode(TOKEN_BODY) }), want);
  const domain = await parseTokenResponse({
    status: 201, headers: [['X-Subject-Token', 't']],
    body: '{"token":{"expires_at":"2030-01-04T09:05:22Z","issued_at":"2030-01-03T09:05:22Z","domain":{"id":"d9","name":"acme"},"user":{"id":"u9"}}}',
  });
  assert.deepEqual(domain, { token: 't', expiresAt: new Date(Date.UTC(2030, 0, 4, 9, 5, 22)), issuedAt: new Date(Date.UTC(2030, 0, 3, 9, 5, 22)), domainId: 'd9', userId: 'u9' });
});

test('parseTokenResponse: unusable 201 answers are ERR_INVALID_RESPONSE', async () => {
  await rejects(parseTokenResponse({ status: 201, headers: {}, body: TOKEN_BODY }), 'ERR_INVALID_RESPONSE', (e) => assert.match(e.message, /X-Subject-Token/));
  for (const body of ['', '<html>', '{"token":{}}', '{"token":{"expires_at":"soon"}}', TOKEN_BODY.slice(0, -1), '{"token":{"expires_at":"2030-01-04T09:05:22Z","user":{"id":"a\\nb"}}}']) {
    await rejects(parseTokenResponse({ status: 201, headers: { 'X-Subject-Token': 't' }, body }), 'ERR_INVALID_RESPONSE');
  }
  const used = new Response(TOKEN_BODY, { status: 201, headers: { 'X-Subject-Token': 't' } });
  await used.text();
  await rejects(parseTokenResponse(used), 'ERR_INVALID_ARGUMENT');
});

test('parseTokenResponse: the three IAM error shapes become one IamError', async () => {
  const cases = [
    [400, '{"error_msg":"The request body is invalid.","error_code":"IAM.0011","request_id":"body-rid"}', 'IAM.0011', 'The request body is invalid.', 'hdr-rid'],
    [401, '{"code":"IAM.0101","message":"The username or password is wrong."}', 'IAM.0101', 'The username or password is wrong.', 'hdr-rid'],
    [401, '{"error":{"message":"Unauthorized.","code":401,"title":"Unauthorized"}}', '401', 'Unauthorized.', 'hdr-rid'],
    [403, '{"error":{"code":403,"title":"Forbidden"}}', '403', 'Forbidden', 'hdr-rid'],
    [502, '<html><body>Bad Gateway</body></html>', undefined, '<html><body>Bad Gateway</body></html>', 'hdr-rid'],
    [500, '{"error_code":"IAM.0001"}', 'IAM.0001', undefined, undefined],
    [200, TOKEN_BODY, undefined, undefined, undefined],
  ];
  for (const [status, body, iamCode, iamMessage, requestId] of cases) {
    const headers = requestId ? { 'X-Request-Id': requestId, 'X-Subject-Token': 't' } : { 'X-Subject-Token': 't' };
    await rejects(parseTokenResponse({ status, headers, body }), 'ERR_IAM', (e) => {
      assert.ok(e instanceof IamError);
      assert.equal(e.name, 'IamError');
      assert.deepEqual([e.status, e.iamCode, e.iamMessage, e.requestId], [status, iamCode, iamMessage, requestId], body);
      assert.match(e.message, new RegExp(`HTTP ${status}`));
      if (iamCode && iamCode !== String(status)) assert.ok(e.message.includes(iamCode));
    });
  }
  // Without X-Request-Id the body's request_id is used.
  await rejects(parseTokenResponse({ status: 400, headers: {}, body: cases[0][1] }), 'ERR_IAM', (e) => assert.equal(e.requestId, 'body-rid'));
});

test('temporary access keys: request shape and parsing', async () => {
  const r = await buildSecurityTokenRequest({ token: 'MIItok', region: 'cn-north-4', durationSeconds: 3600 });
  assert.deepEqual(r, {
    method: 'POST',
    url: 'https://iam.cn-north-4.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens',
    headers: { 'Content-Type': 'application/json;charset=utf8', 'X-Auth-Token': 'MIItok' },
    body: '{"auth":{"identity":{"methods":["token"],"token":{"duration_seconds":3600}}}}',
  });
  const d = await buildSecurityTokenRequest({ token: 'MIItok' });
  assert.equal(JSON.parse(d.body).auth.identity.token.duration_seconds, 900);
  assert.equal(d.url, 'https://iam.myhuaweicloud.com/v3.0/OS-CREDENTIAL/securitytokens');
  for (const bad of [{ token: 'MIItok', durationSeconds: 899 }, { token: 'MIItok', durationSeconds: 86401 }, { token: 'MIItok', durationSeconds: -5 },
    { token: 'MIItok', durationSeconds: 1000.5 }, { token: '' }, { token: 'a b' }, {}]) {
    await rejects(buildSecurityTokenRequest(bad), 'ERR_INVALID_TOKEN_PARAMS');
  }
  const c = await parseSecurityTokenResponse({
    status: 201, headers: {},
    body: '{"credential":{"access":"TMPAK","expires_at":"2030-01-08T03:50:07.574000Z","secret":"TMP/SK+=","securitytoken":"gQ9zdGF0aWM="}}',
  });
  assert.deepEqual(c, { ak: 'TMPAK', sk: 'TMP/SK+=', securityToken: 'gQ9zdGF0aWM=', expiresAt: new Date(Date.UTC(2030, 0, 8, 3, 50, 7, 574)) });
  await rejects(parseSecurityTokenResponse({ status: 201, headers: {}, body: '{"credential":{"access":"a","secret":"s"}}' }), 'ERR_INVALID_RESPONSE');
  await rejects(parseSecurityTokenResponse({ status: 401, headers: {}, body: '{"error":{"code":401,"message":"Token expired"}}' }), 'ERR_IAM', (e) => {
    assert.equal(e.iamMessage, 'Token expired');
  });
});

test('refresh deadline: proportional to the lifetime, safe under client clock skew', () => {
  const H = 3600_000;
  // 24 h token: refreshed after 80% of its life, not 40 minutes before the end.
  assert.equal(refreshDeadline({ started: 0, issuedAt: 1000, expiresAt: 1000 + 24 * H }), 24 * H * 0.8);
  // 15-minute credentials: after 12 minutes (a fixed 40-minute margin would refresh on every call).
  assert.equal(refreshDeadline({ started: 0, expiresAt: 15 * 60_000 }), 12 * 60_000);
  // Client clock 10 minutes ahead of IAM: the margin still comes from IAM's own lifetime, and the
  // token is never considered valid past its expires_at as read by this clock.
  assert.equal(refreshDeadline({ started: 10 * 60_000, issuedAt: 0, expiresAt: H }), 0.8 * H);
  // Client clock 10 minutes behind: the lifetime caps the validity (no use past the real expiry).
  assert.equal(refreshDeadline({ started: -10 * 60_000, issuedAt: 0, expiresAt: H }), -10 * 60_000 + 0.8 * H);
  // Already expired on arrival: due immediately.
  assert.ok(refreshDeadline({ started: 5 * H, issuedAt: 0, expiresAt: H }) <= 5 * H);
  // A measured skew moves the expiry into local time.
  assert.equal(refreshDeadline({ started: 0, expiresAt: H, skew: 60_000, fraction: 0 }), H - 60_000);
});

// The request and answer vectors shared with the Rust tests: tests/js/token-vectors.test.mjs.

/** Waits (bounded) until `fn()` is truthy: for a background refresh to land. */
async function eventually(fn, what = 'condition') {
  for (let i = 0; i < 2000; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.fail(`${what} never happened`);
}

/** A fake IAM behind an injected fetch; `clock` is shared with TokenAuth. */
function fakeIam({ lifetimeMs = 3600_000, clock }) {
  const calls = [];
  const plan = [];
  let n = 0;
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    await new Promise((r) => setTimeout(r, 5));
    const step = plan.shift();
    if (step) return step();
    const now = clock.now;
    n++;
    const body = JSON.stringify({ token: { expires_at: new Date(now + lifetimeMs).toISOString(), issued_at: new Date(now).toISOString(), user: { id: 'u1' }, project: { id: 'p1' } } });
    return new Response(body, { status: 201, headers: { 'X-Subject-Token': 'tok-' + n } });
  };
  return { fetch, calls, plan };
}

test('TokenAuth: caches, refreshes only near expiry, sends the exact login request', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const iam = fakeIam({ lifetimeMs: 3600_000, clock });
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: iam.fetch, clock: () => clock.now });
  assert.equal(await auth.token(), 'tok-1');
  assert.equal(iam.calls.length, 1);
  const expected = await buildTokenRequest({ ...BASE, region: 'cn-north-4' });
  assert.equal(iam.calls[0].url, expected.url);
  assert.equal(iam.calls[0].init.method, 'POST');
  assert.deepEqual(iam.calls[0].init.headers, expected.headers);
  assert.equal(iam.calls[0].init.body, expected.body);
  clock.now += 47 * 60_000; // 78% of the hour: still cached
  assert.equal(await auth.token(), 'tok-1');
  assert.equal(iam.calls.length, 1);
  clock.now += 2 * 60_000; // 82%: less than 20% left: still served, refreshed in the background
  assert.equal(await auth.token(), 'tok-1');
  assert.equal(iam.calls.length, 2);
  await eventually(async () => (await auth.token()) === 'tok-2', 'the background refresh');
  assert.equal(iam.calls.length, 2);
  const info = await auth.tokenInfo();
  assert.deepEqual([info.token, info.projectId, info.userId], ['tok-2', 'p1', 'u1']);
  auth.invalidate('tok-1'); // not the cached one: ignored
  assert.equal(await auth.token(), 'tok-2');
  auth.invalidate();
  assert.equal(await auth.token(), 'tok-3');
  assert.equal(iam.calls.length, 3);
});

test('TokenAuth: a 15-minute token is not refreshed on every call', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const iam = fakeIam({ lifetimeMs: 15 * 60_000, clock });
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: iam.fetch, clock: () => clock.now });
  for (let i = 0; i < 5; i++) {
    assert.equal(await auth.token(), 'tok-1');
    clock.now += 2 * 60_000;
  }
  assert.equal(iam.calls.length, 1);
  clock.now += 3 * 60_000; // 13 min in: refreshed (in the background: the token is good for 2 more minutes)
  assert.equal(await auth.token(), 'tok-1');
  await eventually(async () => (await auth.token()) === 'tok-2', 'the background refresh');
  assert.equal(iam.calls.length, 2);
});

test('TokenAuth: 50 concurrent callers share one IAM request', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const iam = fakeIam({ clock });
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: iam.fetch, clock: () => clock.now });
  const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.token()));
  assert.equal(iam.calls.length, 1);
  assert.deepEqual(new Set(tokens), new Set(['tok-1']));
});

test('TokenAuth: a failed login rejects every waiter, the next call retries; the password never leaks', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const iam = fakeIam({ clock });
  // A hostile IAM that echoes the password in its error message.
  iam.plan.push(() => new Response(JSON.stringify({ error_code: 'IAM.0101', error_msg: `user alice password ${BASE.password} is wrong` }), { status: 401, headers: { 'X-Request-Id': 'r-1' } }));
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: iam.fetch, clock: () => clock.now });
  const results = await Promise.allSettled(Array.from({ length: 50 }, () => auth.token()));
  assert.equal(iam.calls.length, 1);
  const errors = new Set(results.map((r) => r.reason));
  assert.equal(errors.size, 1);
  const [e] = errors;
  assert.ok(results.every((r) => r.status === 'rejected'));
  assert.ok(e instanceof IamError);
  assert.deepEqual([e.code, e.status, e.iamCode, e.requestId], ['ERR_IAM', 401, 'IAM.0101', 'r-1']);
  // IAM's text echoed the password: it is withheld, not shown with the password cut out.
  assert.equal(e.iamMessage, undefined);
  assert.match(e.message, /^IAM answered HTTP 401 IAM\.0101: IAM's message is not shown because it may contain the password\./);
  for (const text of [e.message, e.stack, JSON.stringify(e)]) assert.ok(!text.includes(BASE.password) && !text.includes('is wrong'), text);
  assert.equal(await auth.token(), 'tok-1');
  assert.equal(iam.calls.length, 2);
  // A network failure is reported too (with a CORS hint), and again the next call recovers.
  auth.invalidate();
  iam.plan.push(() => Promise.reject(new TypeError('fetch failed')));
  await rejects(auth.token(), 'ERR_NETWORK', (err) => assert.match(err.message, /CORS/));
  assert.equal(await auth.token(), 'tok-2');
});

test('TokenAuth: a client clock 10 minutes behind IAM is corrected from the Date header', async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const ahead = 10 * 60_000;
  let n = 0;
  // IAM's clock is 10 minutes ahead; its answer has no issued_at, so only Date reveals the skew.
  const fetch = async () => {
    const server = clock.now + ahead;
    const body = JSON.stringify({ token: { expires_at: new Date(server + 15 * 60_000).toISOString() } });
    return new Response(body, { status: 201, headers: { 'X-Subject-Token': 'tok-' + ++n, Date: new Date(server).toUTCString() } });
  };
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch, clock: () => clock.now });
  assert.equal(await auth.token(), 'tok-1');
  clock.now += 11 * 60_000;
  assert.equal(await auth.token(), 'tok-1');
  // 13 of the token's real 15 minutes: refreshed (without the correction it would look like 13 of 25).
  clock.now += 2 * 60_000;
  assert.equal(await auth.token(), 'tok-1');
  await eventually(async () => (await auth.token()) === 'tok-2', 'the background refresh');
  assert.equal(n, 2);
});

test('TokenAuth: constructor validates eagerly and never exposes the password', () => {
  assert.throws(() => new TokenAuth({ ...BASE, region: 'cn-north-4', password: 5 }), (e) => e.code === 'ERR_INVALID_TOKEN_PARAMS' && e instanceof TypeError);
  assert.throws(() => new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: 'no' }), (e) => e.code === 'ERR_INVALID_ARGUMENT');
  assert.throws(() => new TokenAuth({ ...BASE, region: 'cn-north-4', refreshFraction: 1 }), (e) => e.code === 'ERR_INVALID_ARGUMENT');
  const auth = new TokenAuth({ ...BASE, region: 'cn-north-4', fetch: async () => new Response('') });
  assert.ok(!JSON.stringify(auth).includes(BASE.password));
  assert.deepEqual(Object.keys(auth), []);
});

test('no copy of the password or the temporary secret key is left in wasm memory', async () => {
  // The token functions no longer use the wasm at all; this guards against that changing.
  const { wasmSync, init } = await import('../../pkg/src/runtime.js');
  await init();
  const scan = (secret) => {
    const mem = new Uint8Array(wasmSync().memory.buffer);
    const found = [];
    for (const pat of [secret, JSON.stringify(secret).slice(1, -1)].map((s) => new TextEncoder().encode(s))) {
      outer: for (let i = 0; i + pat.length <= mem.length; i++) {
        for (let j = 0; j < pat.length; j++) if (mem[i + j] !== pat[j]) continue outer;
        found.push(i);
        break;
      }
    }
    return found;
  };
  for (const len of [8, 31, 64, 200, 1000]) {
    const password = ('Pw"\\é-' + 'Zq7'.repeat(400)).slice(0, len);
    await buildTokenRequest({ ...BASE, region: 'cn-north-4', password });
    assert.deepEqual(scan(password), [], `password of ${len} characters`);
    await buildTokenRequest({ ...BASE, region: 'NOT VALID', password }).catch(() => {});
    assert.deepEqual(scan(password), [], `password of ${len} characters (refused request)`);
    const secret = ('SkTmp/' + 'Yx9+'.repeat(300)).slice(0, len);
    const body = JSON.stringify({ credential: { access: 'TMPAK', secret, securitytoken: 'st', expires_at: '2030-01-08T03:50:07.574000Z' } });
    assert.equal((await parseSecurityTokenResponse({ status: 201, body })).sk, secret);
    assert.deepEqual(scan(secret), [], `secret of ${len} characters`);
    await parseSecurityTokenResponse({ status: 201, body: body.replace('"st"', '"s t"') }).catch(() => {});
    assert.deepEqual(scan(secret), [], `secret of ${len} characters (refused response)`);
  }
});
