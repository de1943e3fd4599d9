// RefreshCache and TokenAuth's refresh rules, login timeout, caller aborts, construction-time
// checks, and password-safe IAM errors. Injected clocks and fake fetches: no network, no sleeps
// beyond a few milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenAuth, IamError, HwCloudSignerError } from 'hwcloud-signer';
import { RefreshCache } from '../../pkg/src/refresh-cache.js';
import { mayContain } from '../../pkg/src/token-response.js';

const BASE = { domainName: 'acme', userName: 'alice', password: 'pw-Secret-123', region: 'cn-north-4' };
const H = 3600_000;
const T0 = Date.UTC(2030, 0, 1);

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

async function eventually(fn, what = 'condition') {
  for (let i = 0; i < 2000; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  assert.fail(`${what} never happened`);
}

const tokenBody = (now, lifetime) => JSON.stringify({ token: { expires_at: new Date(now + lifetime).toISOString(), issued_at: new Date(now).toISOString(), user: { id: 'u1' } } });

/** A fake IAM: answers 201 with tok-N unless `fail` says otherwise ('503' | '401' | 'network' | 'hang'). */
function fakeIam(clock, { lifetime = 24 * H } = {}) {
  const iam = { calls: 0, fail: null, n: 0, signals: [] };
  iam.fetch = async (url, init) => {
    iam.calls++;
    iam.signals.push(init.signal);
    await Promise.resolve();
    const f = iam.fail;
    if (f === '503') return new Response('{"error":{"code":503,"message":"Service Unavailable"}}', { status: 503 });
    if (f === '401') return new Response('{"error":{"code":401,"message":"The username or password is wrong."}}', { status: 401 });
    if (f === 'network') throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    if (f === 'hang') return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal.reason)));
    if (f === 'deaf') return new Promise(() => {}); // ignores the signal
    if (f && typeof f === 'object') return f.promise;
    if (String(url).includes('securitytokens')) {
      const exp = new Date(clock.now + 3600_000).toISOString();
      return new Response(JSON.stringify({ credential: { access: 'TMP' + ++iam.n, secret: 's', securitytoken: 'st', expires_at: exp } }), { status: 201 });
    }
    return new Response(tokenBody(clock.now, lifetime), { status: 201, headers: { 'X-Subject-Token': 'tok-' + ++iam.n } });
  };
  return iam;
}

test('RefreshCache: fresh, due-but-valid (background), inside the margin, expired', async () => {
  const clock = { now: 0 };
  let n = 0;
  let fail = false;
  const errors = [];
  const cache = new RefreshCache(async () => {
    n++;
    if (fail) throw new Error('down ' + n);
    return { value: 'v' + n, expiresAt: clock.now + 100_000, issuedAt: clock.now };
  }, { clock: () => clock.now, safetyMarginMs: 10_000, retryIntervalMs: 1000, onRefreshError: (e) => errors.push(e.message) });
  assert.equal(cache.peek(), null);
  assert.equal(await cache.get(), 'v1');
  clock.now = 79_000; // before the deadline (80% of 100 s): cached
  assert.equal(await cache.get(), 'v1');
  assert.equal(n, 1);
  fail = true;
  clock.now = 85_000; // due, valid: served at once, one background refresh fails quietly
  const [a, b] = await Promise.all([cache.get(), cache.get()]);
  assert.deepEqual([a, b], ['v1', 'v1']);
  await eventually(() => cache.lastRefreshError !== null, 'the background failure');
  assert.equal(n, 2);
  assert.equal(cache.lastRefreshError.message, 'down 2');
  assert.deepEqual(errors, ['down 2']);
  assert.equal(await cache.get(), 'v1'); // within retryIntervalMs: no new attempt
  assert.equal(n, 2);
  clock.now = 86_500; // after it: one new background attempt
  assert.equal(await cache.get(), 'v1');
  await eventually(() => cache.lastRefreshError.message === 'down 3', 'the retry');
  clock.now = 90_000; // inside the 10 s margin: callers wait, and the failure is theirs
  await assert.rejects(cache.get(), /down 4/);
  fail = false;
  assert.equal(await cache.get(), 'v5');
  assert.equal(cache.lastRefreshError, null);
  // invalidate(): never served again.
  cache.invalidate('other');
  assert.equal(await cache.get(), 'v5');
  cache.invalidate('v5');
  assert.equal(await cache.get(), 'v6');
});

test('RefreshCache: one refresh for all waiters, a failure rejects each of them, the next call retries', async () => {
  let n = 0;
  const gate = deferred();
  const cache = new RefreshCache(async () => {
    n++;
    if (n === 1) await gate.promise;
    return { value: 'v' + n };
  });
  const waiting = Array.from({ length: 20 }, () => cache.get());
  gate.reject(new Error('boom'));
  const results = await Promise.allSettled(waiting);
  assert.ok(results.every((r) => r.status === 'rejected' && r.reason.message === 'boom'));
  assert.equal(n, 1);
  assert.equal(await cache.get(), 'v2'); // expiresAt absent: never expires
  assert.equal(await cache.get(), 'v2');
  assert.throws(() => new RefreshCache(null), (e) => e.code === 'ERR_INVALID_ARGUMENT');
  assert.throws(() => new RefreshCache(async () => ({}), { timeoutMs: -1 }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && /-1/.test(e.message));
  await assert.rejects(new RefreshCache(async () => ({ nope: 1 })).get(), (e) => e.code === 'ERR_INVALID_ARGUMENT');
});

test('TokenAuth keeps a valid token when a refresh fails (503, 401, network) at every point of its life', async () => {
  for (const kind of ['503', '401', 'network']) {
    const clock = { now: T0 };
    const iam = fakeIam(clock);
    const seen = [];
    const auth = new TokenAuth({ ...BASE, fetch: iam.fetch, clock: () => clock.now, onRefreshError: (e) => seen.push(e.code) });
    assert.equal(await auth.token(), 'tok-1');
    iam.fail = kind;
    // 10% and 79%: fresh, IAM is not even asked.
    for (const at of [0.1, 0.79]) {
      clock.now = T0 + at * 24 * H;
      assert.equal(await auth.token(), 'tok-1', `${kind} at ${at}`);
    }
    assert.equal(iam.calls, 1);
    // 81%, 90%, 99% (well outside the 60 s margin): served at once; the background refresh fails quietly.
    for (const at of [0.81, 0.9, 0.99]) {
      clock.now = T0 + at * 24 * H;
      const failures = seen.length;
      assert.equal(await auth.token(), 'tok-1', `${kind} at ${at}`);
      await eventually(() => seen.length === failures + 1, `${kind}: the background refresh at ${at}`);
      assert.equal(auth.lastRefreshError.code, kind === 'network' ? 'ERR_NETWORK' : 'ERR_IAM');
      assert.equal(await auth.token(), 'tok-1');
    }
    assert.equal(seen.length, 3);
    assert.equal(iam.calls, 4);
    // 30 s before expiry (inside the margin) and after it: the failure reaches the caller.
    for (const at of [24 * H - 30_000, 24 * H + 1000]) {
      clock.now = T0 + at;
      await assert.rejects(auth.token(), (e) => e.code === (kind === 'network' ? 'ERR_NETWORK' : 'ERR_IAM'), `${kind} at ${at}`);
    }
    // IAM recovers: the next call logs in.
    iam.fail = null;
    assert.equal(await auth.token(), 'tok-2');
    assert.equal(auth.lastRefreshError, null);
  }
});

test('temporaryCredentials() keep valid keys when a refresh fails, and throw once they are inside the margin', async () => {
  for (const kind of ['503', 'network']) {
    const clock = { now: T0 };
    const iam = fakeIam(clock);
    const auth = new TokenAuth({ ...BASE, fetch: iam.fetch, clock: () => clock.now });
    const provider = auth.temporaryCredentials({ durationSeconds: 3600 });
    assert.equal((await provider()).ak, 'TMP2'); // tok-1, then TMP2
    iam.fail = kind;
    clock.now = T0 + 0.9 * H;
    assert.equal((await provider()).ak, 'TMP2');
    await eventually(() => provider.lastRefreshError !== null, 'the background failure');
    assert.equal((await provider()).ak, 'TMP2');
    clock.now = T0 + H - 30_000;
    await assert.rejects(provider(), (e) => e instanceof HwCloudSignerError);
    iam.fail = null;
    assert.match((await provider()).ak, /^TMP/);
    assert.equal(provider.lastRefreshError, null);
  }
});

test('login timeout: a hung IAM fails with ERR_TIMEOUT, is aborted, and the next caller starts afresh', async () => {
  for (const mode of ['hang', 'deaf']) {
    const clock = { now: T0 };
    const iam = fakeIam(clock);
    iam.fail = mode;
    const auth = new TokenAuth({ ...BASE, fetch: iam.fetch, clock: () => clock.now, loginTimeoutMs: 30 });
    const results = await Promise.allSettled([auth.token(), auth.token(), auth.fetch('http://127.0.0.1:1/never')]);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason.code === 'ERR_TIMEOUT'), mode);
    assert.match(results[0].reason.message, /more than 30 ms/);
    assert.equal(iam.calls, 1);
    assert.equal(iam.signals[0].aborted, true, 'the login request itself is aborted');
    iam.fail = null;
    assert.equal(await auth.token(), 'tok-1');
    assert.equal(iam.calls, 2);
  }
  assert.throws(() => new TokenAuth({ ...BASE, loginTimeoutMs: 0 }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && /got 0/.test(e.message));
});

test('a caller\'s AbortSignal rejects that caller at once; the shared login goes on for the others', async () => {
  const clock = { now: T0 };
  const iam = fakeIam(clock);
  const gate = deferred();
  iam.fail = gate;
  const auth = new TokenAuth({ ...BASE, fetch: iam.fetch, clock: () => clock.now });
  const ac = new AbortController();
  const aborted = auth.fetch('http://127.0.0.1:1/x', { signal: ac.signal });
  const tokenWithSignal = auth.token({ signal: ac.signal });
  const patient = auth.token();
  await eventually(() => iam.calls === 1, 'the login');
  ac.abort(new Error('caller gave up'));
  await assert.rejects(aborted, /caller gave up/);
  await assert.rejects(tokenWithSignal, /caller gave up/);
  iam.fail = null;
  gate.resolve(new Response(tokenBody(clock.now, H), { status: 201, headers: { 'X-Subject-Token': 'tok-shared' } }));
  assert.equal(await patient, 'tok-shared');
  assert.equal(iam.calls, 1);
  await assert.rejects(auth.token({ signal: AbortSignal.abort(new Error('already')) }), /already/);
});

test('options are checked at construction, with coded errors that show the bad value', () => {
  const bad = [
    [{ ...BASE, region: 'bad region/x' }, /region/],
    [{ ...BASE, endpoint: 'not a url' }, /endpoint/],
    [{ ...BASE, password: '' }, /password/],
    [{ ...BASE, scope: 'project', region: undefined }, /projectName, projectId or region/],
  ];
  for (const [params, re] of bad) {
    assert.throws(() => new TokenAuth(params), (e) => e.code === 'ERR_INVALID_TOKEN_PARAMS' && re.test(e.message) && !e.message.includes(BASE.password));
  }
  const auth = new TokenAuth({ ...BASE, fetch: async () => new Response('') });
  for (const d of [60, 899, 86401, 1000.5, -1]) {
    assert.throws(() => auth.temporaryCredentials({ durationSeconds: d }), (e) => e.code === 'ERR_INVALID_TOKEN_PARAMS' && e.message.includes(`got ${d}`), String(d));
  }
  assert.throws(() => auth.temporaryCredentials({ durationSeconds: '900' }), (e) => e.code === 'ERR_INVALID_TOKEN_PARAMS' && e instanceof TypeError);
  assert.equal(typeof auth.temporaryCredentials({ durationSeconds: 900 }), 'function');
});

// ---------------------------------------------------------------------------------------------
// IAM errors never show the password

/** Every way the password could appear: all its substrings' characters are from this alphabet, absent from our own messages. */
const ALPHABET = 'ЖЯфßΩЮ';
function passwords() {
  const out = [];
  for (let len = 1; len <= 12; len++) {
    let p = '';
    for (let i = 0; i < len; i++) p += ALPHABET[(i * 7 + len) % ALPHABET.length];
    out.push(p);
    if (len >= 3) out.push(p.slice(0, 1) + '\t' + p.slice(1), p.slice(0, 2) + '  ' + p.slice(2));
  }
  return out;
}
const leaked = (text, password) => [...password.replace(/\s/g, '')].some((c) => String(text).includes(c));

test('IAM error messages never show any part of the password: every position, length, TAB, double spaces, cut at 200', async () => {
  let cases = 0;
  for (const password of passwords()) {
    const iam = { body: '' };
    const auth = () => new TokenAuth({ ...BASE, password, fetch: async () => new Response(iam.body, { status: 401, headers: { 'X-Request-Id': 'rid-1' } }) });
    const filler = 'user alice could not log in because the given password was not accepted by IAM for domain acme ';
    for (let pos = 0; pos <= 240; pos += 7) {
      const text = (filler.repeat(3).slice(0, pos) + password + ' ' + filler).replace(/\t/g, '\t');
      for (const shape of ['json', 'json-msg', 'text', 'code', 'tab']) {
        const echo = shape === 'tab' ? text.replace(/ /g, '\t') : text;
        iam.body = shape === 'json' ? JSON.stringify({ error_code: 'IAM.0101', error_msg: echo })
          : shape === 'json-msg' ? JSON.stringify({ error: { code: 401, message: echo, title: echo } })
            : shape === 'code' ? JSON.stringify({ error_code: password, error_msg: 'x', request_id: password })
              : echo;
        const e = await auth().token().then(() => null, (err) => err);
        assert.ok(e instanceof IamError, shape);
        for (const t of [e.message, e.iamMessage, e.iamCode, e.requestId, e.stack, JSON.stringify(e)]) {
          assert.ok(!leaked(t ?? '', password), `${JSON.stringify(password)} at ${pos} (${shape}): ${t}`);
        }
        cases++;
      }
    }
  }
  assert.ok(cases > 3000, String(cases));
  // IAM's known messages and harmless text are still shown.
  const ok = new TokenAuth({ ...BASE, fetch: async () => new Response('{"error":{"code":401,"message":"The username or password is wrong."}}', { status: 401 }) });
  const e = await ok.token().then(() => null, (err) => err);
  assert.equal(e.iamMessage, 'The username or password is wrong.');
  const other = new TokenAuth({ ...BASE, fetch: async () => new Response('{"error_code":"IAM.0002","error_msg":"Quota exceeded for region"}', { status: 403 }) });
  const e2 = await other.token().then(() => null, (err) => err);
  assert.deepEqual([e2.iamCode, e2.iamMessage], ['IAM.0002', 'Quota exceeded for region']);
});

test('ERR_NETWORK never shows the password, in its message or its cause, and keeps the cause codes', async () => {
  for (const password of passwords()) {
    const fetch = async () => {
      throw new TypeError(`request failed: body {"password":"${password}"}`, { cause: Object.assign(new Error(`socket said ${password}`), { code: 'ECONNRESET' }) });
    };
    const e = await new TokenAuth({ ...BASE, password, fetch }).token().then(() => null, (err) => err);
    assert.equal(e.code, 'ERR_NETWORK');
    for (const t of [e.message, e.stack, e.cause.message, e.cause.stack, e.cause.cause.message, e.cause.cause.stack]) {
      assert.ok(!leaked(t, password), `${JSON.stringify(password)}: ${t}`);
    }
    assert.equal(e.cause.name, 'TypeError');
    assert.equal(e.cause.cause.code, 'ECONNRESET');
  }
  // A cause without the password is kept as it is.
  const plain = new TypeError('fetch failed');
  const e = await new TokenAuth({ ...BASE, fetch: async () => { throw plain; } }).token().then(() => null, (err) => err);
  assert.equal(e.cause, plain);
});

test('mayContain: windows, cut-off echoes, case, whitespace', () => {
  assert.ok(mayContain('xx Secr yy', 'mySecret1'));
  assert.ok(mayContain('... the password is my', 'mySecret1')); // cut off after 2 characters
  assert.ok(mayContain('M Y S E', 'mySecret1'));
  assert.ok(!mayContain('Service Unavailable', 'pw-Secret-123'.replace('Secret', 'Qz9x')));
  assert.ok(mayContain('a', 'a'));
  assert.ok(!mayContain('anything', ''));
});
