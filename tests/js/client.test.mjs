// HuaweiCloudClient with an injected fetch (no network): request shapes, every body kind, retries,
// signature mismatch, clock-skew correction. The end-to-end suite (e2e.test.mjs) repeats the
// important cases against the emulator, whose gateway verifies with the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { HuaweiCloudClient, signRequest, HwCloudSignerError } from 'hwcloud-signer';

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const T0 = Date.UTC(2024, 4, 6, 7, 8, 9);
const URL0 = 'https://ecs.cn-north-4.myhuaweicloud.com/v1/proj/servers?limit=2';

const sha = (b) => createHash('sha256').update(b).digest('hex');
const headersOf = (req) => Object.fromEntries([...req.headers]);

/**
 * Re-signs what a Request will send (its exact body bytes and the headers its Authorization lists)
 * with signRequest, for comparison.
 */
async function expectedAuthorization(req, creds = { ak: AK, sk: SK }) {
  const signed = /SignedHeaders=([^,]+)/.exec(req.headers.get('authorization'))[1].split(';');
  const h = {};
  for (const [k, v] of req.headers) if (signed.includes(k) && k !== 'x-sdk-date' && (k !== 'x-security-token' || !creds.securityToken)) h[k] = v;
  const body = req.body ? new Uint8Array(await req.clone().arrayBuffer()) : null;
  const date = req.headers.get('x-sdk-date');
  return (await signRequest({ method: req.method, url: req.url, headers: h, body }, creds, { signingDate: date })).authorization;
}

test('sign(): a Request with X-Sdk-Date and Authorization, never Host', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, projectId: 'proj', clock: () => T0 });
  const req = await c.sign(URL0, { headers: { 'Content-Type': 'application/json', 'X-Custom': ' v ' } });
  assert.ok(req instanceof Request);
  assert.equal(req.method, 'GET');
  assert.equal(req.url, URL0);
  const h = headersOf(req);
  assert.equal(h['x-sdk-date'], '20240506T070809Z');
  assert.equal(h['x-project-id'], 'proj');
  assert.equal(h.host, undefined);
  const s = await signRequest({ url: URL0, headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' } }, { ak: AK, sk: SK, projectId: 'proj' }, { signingDate: T0 });
  assert.equal(h.authorization, s.authorization);
  assert.match(h.authorization, /SignedHeaders=content-type;host;x-custom;x-project-id;x-sdk-date,/);
});

test('sign(): a Host header is signed (the upstream host behind a proxy) but not sent', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, clock: () => T0 });
  const req = await c.sign('http://localhost:5173/api/v1/x', { headers: { Host: 'ecs.cn-north-4.myhuaweicloud.com' } });
  assert.equal(req.headers.get('host'), null);
  const s = await signRequest({ url: 'https://ecs.cn-north-4.myhuaweicloud.com/api/v1/x' }, { ak: AK, sk: SK }, { signingDate: T0 });
  assert.equal(req.headers.get('authorization'), s.authorization);
});

test('sign(): every body kind is hashed as the exact bytes sent', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, clock: () => T0 });
  const fd = new FormData();
  fd.append('name', 'value é');
  fd.append('file', new Blob(['\u0000binary'], { type: 'application/octet-stream' }), 'a.bin');
  const cases = [
    ['string', '{"a":"é"}', undefined],
    ['ArrayBuffer', new Uint8Array([0, 1, 2, 255]).buffer, undefined],
    ['Uint8Array view', new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4), undefined],
    ['DataView', new DataView(new Uint8Array([1, 2, 3]).buffer), undefined],
    ['Blob', new Blob(['blob body'], { type: 'text/markdown' }), 'text/markdown'],
    ['URLSearchParams', new URLSearchParams({ a: '1 2', b: 'é&' }), 'application/x-www-form-urlencoded;charset=UTF-8'],
    ['FormData', fd, /^multipart\/form-data; ?boundary=/],
  ];
  for (const [name, body, type] of cases) {
    const req = await c.sign(URL0, { method: 'POST', body });
    const sent = new Uint8Array(await req.clone().arrayBuffer());
    assert.ok(sent.length > 0, name);
    if (type instanceof RegExp) assert.match(req.headers.get('content-type'), type, name);
    else if (type) assert.equal(req.headers.get('content-type'), type, name);
    assert.equal(req.headers.get('authorization'), await expectedAuthorization(req), name);
    if (type) assert.match(req.headers.get('authorization'), /SignedHeaders=content-type;/, name);
  }
  // FormData: the signed bytes are the multipart body, boundary included.
  const req = await c.sign(URL0, { method: 'POST', body: fd });
  const text = new TextDecoder().decode(await req.arrayBuffer());
  assert.ok(text.includes(req.headers.get('content-type').split('boundary=')[1]));
  assert.ok(text.includes('value é'));
});

test('sign(): Request input, init overrides, and unsupported bodies', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, clock: () => T0 });
  const original = new Request(URL0, { method: 'PUT', body: 'from request', headers: { 'X-A': '1' } });
  const req = await c.sign(original);
  assert.equal(req.method, 'PUT');
  assert.equal(await req.clone().text(), 'from request');
  assert.equal(req.headers.get('x-a'), '1');
  assert.equal(req.headers.get('authorization'), await expectedAuthorization(req));
  assert.match(req.headers.get('authorization'), /SignedHeaders=content-type;host;x-a;x-sdk-date,/, 'the Request\'s own Content-Type is sent and signed');
  assert.equal(await original.text(), 'from request', 'the caller\'s Request is not consumed');
  const patched = await c.sign(new Request(URL0, { method: 'POST', body: 'x' }), { method: 'patch', body: 'y', headers: { 'X-B': '2' } });
  assert.equal(patched.method, 'PATCH');
  assert.equal(await patched.clone().text(), 'y');
  assert.equal(patched.headers.get('x-b'), '2');

  for (const body of [42, {}, Symbol.for('x')]) {
    await assert.rejects(c.sign(URL0, { method: 'POST', body }), (e) => e.code === 'ERR_UNSUPPORTED_BODY');
  }
  const stream = () => new ReadableStream({ start(ctl) { ctl.enqueue(new TextEncoder().encode('streamed')); ctl.close(); } });
  await assert.rejects(c.sign(URL0, { method: 'POST', body: stream() }), (e) => e.code === 'ERR_UNSUPPORTED_BODY' && /payloadHash|unsignedPayload/.test(e.message));
  const unsigned = await c.sign(URL0, { method: 'POST', body: stream(), hwcloud: { unsignedPayload: true } });
  assert.equal(unsigned.headers.get('x-sdk-content-sha256'), 'UNSIGNED-PAYLOAD');
  assert.equal(await unsigned.text(), 'streamed');
  const hashed = await c.sign(URL0, { method: 'POST', body: stream(), hwcloud: { payloadHash: sha('streamed') } });
  assert.equal(await hashed.clone().text(), 'streamed');
  const same = await c.sign(URL0, { method: 'POST', body: new TextEncoder().encode('streamed') });
  assert.equal(hashed.headers.get('authorization'), same.headers.get('authorization'));
  await assert.rejects(c.sign(42), (e) => e.code === 'ERR_INVALID_URL');
});

test('credentials: static, a provider function, and validation', async () => {
  let calls = 0;
  const c = new HuaweiCloudClient({
    credentials: async () => {
      calls++;
      return { ak: 'TMPAK' + calls, sk: 'tmp-sk', securityToken: 'sec-' + calls };
    },
    projectId: 'proj',
    clock: () => T0,
  });
  const a = await c.sign(URL0);
  const b = await c.sign(URL0);
  assert.equal(calls, 2);
  assert.match(a.headers.get('authorization'), /Access=TMPAK1,/);
  assert.match(b.headers.get('authorization'), /Access=TMPAK2,/);
  assert.equal(b.headers.get('x-security-token'), 'sec-2');
  assert.equal(b.headers.get('x-project-id'), 'proj');
  assert.equal(b.headers.get('authorization'), await expectedAuthorization(b, { ak: 'TMPAK2', sk: 'tmp-sk', securityToken: 'sec-2' }));
  for (const bad of [undefined, {}, { ak: AK }, { ak: '', sk: SK }, { ak: AK, sk: 5 }]) {
    assert.throws(() => new HuaweiCloudClient(bad), (e) => e.code === 'ERR_INVALID_CREDENTIALS' && e instanceof TypeError);
  }
  assert.throws(() => new HuaweiCloudClient({ ak: AK, sk: SK, retries: -1 }), (e) => e.code === 'ERR_INVALID_ARGUMENT');
  const broken = new HuaweiCloudClient({ credentials: async () => null });
  await assert.rejects(broken.sign(URL0), (e) => e.code === 'ERR_INVALID_CREDENTIALS');
});

/** A scripted fetch: each step returns a Response or throws; every call advances the clock 1 s. */
function scripted(steps, clock) {
  const seen = [];
  const fetch = async (req) => {
    assert.ok(req instanceof Request);
    seen.push({ date: req.headers.get('x-sdk-date'), auth: req.headers.get('authorization'), body: req.body ? await req.clone().text() : null });
    clock.now += 1000;
    let step = steps.shift();
    if (typeof step === 'function') step = step();
    if (step instanceof Error) throw step;
    return step ?? new Response('{"ok":true}', { status: 200 });
  };
  return { fetch, seen };
}

const gw = (status, code, msg, headers = {}) => new Response(JSON.stringify({ error_msg: msg, error_code: code, request_id: 'rid-' + status }), { status, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'rid-' + status, ...headers } });

test('fetch(): retries 429/5xx/network errors with a fresh signature each time, bounded', async () => {
  const clock = { now: T0 };
  const s = scripted([gw(429, 'APIGW.0308', 'The throttling threshold has been reached'), gw(503, 'APIGW.0201', 'Backend unavailable'), new TypeError('fetch failed')], clock);
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s.fetch, retries: 3, retryDelayMs: 1, clock: () => clock.now });
  const res = await c.fetch(URL0, { method: 'PUT', body: 'payload' });
  assert.equal(res.status, 200);
  assert.equal(s.seen.length, 4);
  assert.equal(new Set(s.seen.map((x) => x.date)).size, 4, 'every attempt has its own X-Sdk-Date');
  assert.equal(new Set(s.seen.map((x) => x.auth)).size, 4);
  assert.ok(s.seen.every((x) => x.body === 'payload'));

  const always = scripted(Array.from({ length: 10 }, () => gw(500, 'APIGW.0201', 'An unexpected error occurred')), clock);
  const c2 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: always.fetch, retries: 2, retryDelayMs: 1, clock: () => clock.now });
  const r2 = await c2.fetch(URL0);
  assert.equal(r2.status, 500);
  assert.equal(always.seen.length, 3);
  assert.equal((await r2.json()).error_code, 'APIGW.0201');

  const net = scripted([new TypeError('a'), new TypeError('b')], clock);
  const c3 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: net.fetch, retries: 1, retryDelayMs: 1, clock: () => clock.now });
  await assert.rejects(c3.fetch(URL0), (e) => e.code === 'ERR_NETWORK' && e.cause instanceof TypeError && e.cause.message === 'b');
  assert.equal(net.seen.length, 2);

  const none = scripted([gw(503, 'APIGW.0201', 'x')], clock);
  const c4 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: none.fetch, retries: 0, clock: () => clock.now });
  assert.equal((await c4.fetch(URL0)).status, 503);
  assert.equal(none.seen.length, 1);

  // A stream body cannot be sent twice: no retry.
  const st = scripted([gw(503, 'APIGW.0201', 'x')], clock);
  const c5 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: st.fetch, retries: 3, retryDelayMs: 1, clock: () => clock.now });
  const body = new ReadableStream({ start(ctl) { ctl.enqueue(new Uint8Array([1])); ctl.close(); } });
  assert.equal((await c5.fetch(URL0, { method: 'POST', body, hwcloud: { unsignedPayload: true } })).status, 503);
  assert.equal(st.seen.length, 1);
});

test('fetch(): an abort during the backoff stops the retries', async () => {
  const clock = { now: T0 };
  const ac = new AbortController();
  const s = scripted([gw(503, 'APIGW.0201', 'x'), gw(503, 'APIGW.0201', 'x')], clock);
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: async (r) => { const res = await s.fetch(r); ac.abort(); return res; }, retries: 5, retryDelayMs: 60_000, maxRetryDelayMs: 60_000, clock: () => clock.now });
  await assert.rejects(c.fetch(URL0, { signal: ac.signal }), (e) => e.name === 'AbortError');
  assert.equal(s.seen.length, 1);
});

test('fetch(): APIGW.0301 signature mismatch is never retried and surfaces both canonical requests', async () => {
  const clock = { now: T0 };
  const server = 'GET|/v1/proj/servers/|limit=3|host:ecs.cn-north-4.myhuaweicloud.com|x-sdk-date:20240506T070809Z||host;x-sdk-date|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const s = scripted([gw(401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:' + server)], clock);
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s.fetch, retries: 5, retryDelayMs: 1, clock: () => clock.now });
  const err = await c.fetch(URL0).then(() => null, (e) => e);
  assert.ok(err instanceof HwCloudSignerError);
  assert.equal(err.code, 'ERR_SIGNATURE_MISMATCH');
  assert.equal(s.seen.length, 1);
  assert.equal(err.status, 401);
  assert.equal(err.gatewayCode, 'APIGW.0301');
  assert.equal(err.requestId, 'rid-401');
  assert.equal(err.serverCanonicalRequest, server.replace(/\|/g, '\n'));
  assert.equal(err.clientCanonicalRequest.split('\n')[2], 'limit=2');
  assert.equal(err.serverCanonicalRequest.split('\n')[2], 'limit=3');
  assert.match(err.message, /query/i);
  assert.ok(!err.message.includes(SK));
  assert.equal(err.response.status, 401);
  // Other 401s (an unknown AK, a lockout) are returned as they are, without a retry either.
  const other = scripted([gw(401, 'APIGW.0301', 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden')], clock);
  const c2 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: other.fetch, retries: 5, clock: () => clock.now });
  assert.equal((await c2.fetch(URL0)).status, 401);
  assert.equal(other.seen.length, 1);
});

test('fetch(): "signature expired" measures the offset from Date, retries once and keeps it', async () => {
  const skew = 20 * 60_000 + 500; // the server is 20 min ahead
  const clock = { now: T0 };
  const server = () => new Date(clock.now + skew).toUTCString();
  const expired = () => gw(401, 'APIGW.0301', 'Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20240506T070809Z,server time:20240506T072809Z', { Date: server() });
  const s = scripted([expired], clock);
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s.fetch, retries: 0, clock: () => clock.now });
  const res = await c.fetch(URL0);
  assert.equal(res.status, 200);
  assert.equal(s.seen.length, 2);
  // Date has 1-second resolution: the measured offset is the skew rounded down to the second.
  assert.ok(Math.abs(c.clockOffset - skew) <= 1000, String(c.clockOffset));
  const second = Date.UTC(+s.seen[1].date.slice(0, 4), s.seen[1].date.slice(4, 6) - 1, +s.seen[1].date.slice(6, 8), +s.seen[1].date.slice(9, 11), +s.seen[1].date.slice(11, 13), +s.seen[1].date.slice(13, 15));
  assert.ok(Math.abs(second - (T0 + 1000 + skew)) <= 2000, s.seen[1].date);
  // Later requests are signed with the offset straight away.
  await c.fetch(URL0);
  assert.equal(s.seen.length, 3);
  // Without a readable Date header (cross-origin in browsers) the message's server time is used.
  const s2 = scripted([gw(401, 'APIGW.0301', 'Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20240506T070809Z,server time:20240506T072809Z')], { now: T0 });
  const c2 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s2.fetch, clock: () => T0 });
  assert.equal((await c2.fetch(URL0)).status, 200);
  assert.equal(c2.clockOffset, 20 * 60_000);
  // It retries only once: a second "expired" answer is returned.
  const s3 = scripted([expired, expired], clock);
  const c3 = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s3.fetch, clock: () => clock.now });
  assert.equal((await c3.fetch(URL0)).status, 401);
  assert.equal(s3.seen.length, 2);
});

test('a string body is sent and signed with the Content-Type fetch would send (application/json for JSON)', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, clock: () => T0 });
  for (const [body, headers, type] of [
    ['{"vpc":{"name":"v1"}}', undefined, 'application/json'],
    [' [1,2]', undefined, 'application/json'],
    ['plain text', undefined, 'text/plain;charset=UTF-8'],
    ['{not json', undefined, 'text/plain;charset=UTF-8'],
    ['"a string"', undefined, 'text/plain;charset=UTF-8'],
    ['', undefined, 'text/plain;charset=UTF-8'],
    ['{"a":1}', { 'content-type': 'application/merge-patch+json' }, 'application/merge-patch+json'],
  ]) {
    const req = await c.sign(URL0, { method: 'POST', body, headers });
    assert.equal(req.headers.get('content-type'), type, body);
    assert.match(req.headers.get('authorization'), /SignedHeaders=content-type;host;x-sdk-date,/, body);
    assert.equal(req.headers.get('authorization'), await expectedAuthorization(req), body);
    // What fetch sends is what was signed: the Request already carries the type, so fetch adds nothing.
    assert.equal(new Request(req).headers.get('content-type'), type);
  }
});

test('every error has a code: GET with a body, network failures, bad options (showing the value)', async () => {
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, clock: () => T0, fetch: async () => { throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }); }, retries: 0 });
  for (const method of ['GET', 'HEAD']) {
    await assert.rejects(c.fetch(URL0, { method, body: 'x' }), (e) => e.code === 'ERR_UNSUPPORTED_BODY' && e.message.includes(method));
    await assert.rejects(c.sign(URL0, { method, body: new Uint8Array([1]) }), (e) => e.code === 'ERR_UNSUPPORTED_BODY');
  }
  assert.equal((await c.sign(URL0, { body: '' })).method, 'GET'); // an empty body is dropped
  await assert.rejects(c.fetch(URL0), (e) => e.code === 'ERR_NETWORK' && e.cause instanceof TypeError && e.cause.cause.code === 'ECONNREFUSED' && /ECONNREFUSED/.test(e.message) && !e.message.includes(SK));
  for (const [opts, shown] of [[{ retries: -1 }, 'got -1'], [{ retries: 11 }, 'got 11'], [{ retries: 2.5 }, 'got 2.5'], [{ retries: Number.MAX_SAFE_INTEGER }, `got ${Number.MAX_SAFE_INTEGER}`],
    [{ timeoutMs: 0 }, 'got 0'], [{ retryDelayMs: -5 }, 'got -5'], [{ retryNonIdempotent: 'yes' }, 'a string']]) {
    assert.throws(() => new HuaweiCloudClient({ ak: AK, sk: SK, ...opts }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.message.includes(shown), JSON.stringify(opts));
  }
  assert.throws(() => new HuaweiCloudClient({ ak: AK, sk: SK, retries: '3' }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e instanceof TypeError);
  new HuaweiCloudClient({ ak: AK, sk: SK, retries: 10, timeoutMs: Infinity });
});

const refused = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
const reset = () => new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

test('fetch(): POST and PATCH are retried only when the request provably never left, or on opt-in', async () => {
  const clock = { now: T0 };
  const run = async (method, steps, opts = {}, init = {}) => {
    const s = scripted(steps, clock);
    const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s.fetch, retries: 3, retryDelayMs: 1, clock: () => clock.now, ...opts });
    const out = await c.fetch(URL0, { method, body: method === 'GET' ? undefined : 'b', ...init }).then((r) => r.status, (e) => e.code);
    return [out, s.seen.length];
  };
  for (const method of ['POST', 'PATCH']) {
    assert.deepEqual(await run(method, [refused(), refused()]), [200, 3], method); // connection refused: never sent
    assert.deepEqual(await run(method, [reset()]), ['ERR_NETWORK', 1], method); // the server may have it
    assert.deepEqual(await run(method, [gw(503, 'APIGW.0201', 'x')]), [503, 1], method);
    assert.deepEqual(await run(method, [gw(429, 'APIGW.0308', 'x')]), [429, 1], method);
    assert.deepEqual(await run(method, [reset(), gw(503, 'APIGW.0201', 'x')], { retryNonIdempotent: true }), [200, 3], method);
    assert.deepEqual(await run(method, [reset()], {}, { hwcloud: { retryNonIdempotent: true } }), [200, 2], method);
  }
  for (const method of ['GET', 'PUT', 'DELETE']) {
    assert.deepEqual(await run(method, [reset(), gw(503, 'APIGW.0201', 'x'), gw(429, 'APIGW.0308', 'x')]), [200, 4], method);
  }
});

test('fetch(): each attempt times out (timeoutMs) with ERR_TIMEOUT; idempotent requests are retried', async () => {
  const calls = [];
  const hang = async (req) => {
    calls.push(req.method);
    if (req.signal.aborted) throw req.signal.reason;
    return new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
  };
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: hang, retries: 1, retryDelayMs: 1, timeoutMs: 20 });
  await assert.rejects(c.fetch(URL0), (e) => e.code === 'ERR_TIMEOUT' && /20 ms/.test(e.message));
  assert.deepEqual(calls, ['GET', 'GET']);
  calls.length = 0;
  await assert.rejects(c.fetch(URL0, { method: 'POST', body: 'x' }), (e) => e.code === 'ERR_TIMEOUT');
  assert.deepEqual(calls, ['POST']);
  // The caller's own abort wins, with the caller's reason.
  const ac = new AbortController();
  const slow = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: hang, timeoutMs: 60_000 });
  const before = calls.length;
  const p = slow.fetch(URL0, { signal: ac.signal });
  for (let i = 0; i < 2000 && calls.length === before; i++) await new Promise((r) => setTimeout(r, 1));
  assert.equal(calls.length, before + 1);
  ac.abort(new Error('mine'));
  await assert.rejects(p, /mine/);
});

test('fetch(): a clock correction beyond 6 hours or before 2000 is refused; the 401 is returned', async () => {
  for (const date of ['Thu, 01 Jan 1970 00:00:00 GMT', new Date(T0 + 24 * 3600_000).toUTCString(), new Date(T0 - 7 * 3600_000).toUTCString()]) {
    const clock = { now: T0 };
    const s = scripted([gw(401, 'APIGW.0301', 'Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:x', { Date: date })], clock);
    const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: s.fetch, clock: () => clock.now });
    assert.equal((await c.fetch(URL0)).status, 401, date);
    assert.equal(c.clockOffset, 0, date);
    assert.equal(s.seen.length, 1);
  }
});

test('fetch(): at most 16 KB of an error body is read; the caller still gets the whole response', async () => {
  let pulled = 0;
  const huge = () => new ReadableStream({
    pull(ctl) {
      if (pulled >= 300 * 1024 * 1024) return ctl.close();
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      if (pulled === 0) chunk.set(new TextEncoder().encode('{"error_code":"APIGW.0301","error_msg":"'));
      pulled += chunk.length;
      ctl.enqueue(chunk);
    },
  });
  const c = new HuaweiCloudClient({ ak: AK, sk: SK, fetch: async () => new Response(huge(), { status: 401 }) });
  const res = await c.fetch(URL0);
  assert.equal(res.status, 401);
  assert.ok(pulled <= 256 * 1024, `${pulled} bytes pulled`);
  const reader = res.body.getReader();
  const first = await reader.read();
  assert.ok(new TextDecoder().decode(first.value).startsWith('{"error_code"'));
  await reader.cancel();
});
