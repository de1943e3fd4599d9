// verifyRequest (the server side): round trips with signRequest, every kind of tampering, clock
// skew, malformed requests, the lookup contract, programmer errors, and a cross-check against
// requests signed by Huawei's official Node SDK (@huaweicloud/huaweicloud-sdk-core AKSKSigner).
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { HwCloudSignerError, signRequest, verifyRequest } from 'hwcloud-signer';
import { wasmSync } from '../../pkg/src/runtime.js';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const GUIDE_DATE = '20191115T033655Z';
const GUIDE_NOW = Date.UTC(2019, 10, 15, 3, 36, 55);
const lookup = (ak) => (ak === AK ? SK : null);

/** The received form of a signed request: what a server sees. */
const received = (s, patch = {}) => ({ method: s.method, url: s.url, headers: { ...s.headers }, body: s.body, ...patch });

async function signed(request, options = {}) {
  return signRequest(request, { ak: AK, sk: SK }, { signingDate: GUIDE_DATE, ...options });
}

/**
 * On a mocked clock: the verification `start()` begins is still pending at `ms` - 1 and refused
 * with `reason` at `ms`.
 */
async function assertRefusedAt(start, ms, reason) {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let settled = null;
    const p = start().then((v) => (settled = v));
    const flush = async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)); };
    await flush();
    mock.timers.tick(ms - 1);
    await flush();
    assert.equal(settled, null, `still waiting at ${ms - 1} ms`);
    mock.timers.tick(1);
    await p;
    assert.equal(settled.reason, reason);
  } finally {
    mock.timers.reset();
  }
}

test('the signing guide example verifies, and the result carries the server-side canonical request', async () => {
  const auth = 'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
  const r = await verifyRequest({
    method: 'GET',
    url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': GUIDE_DATE, Authorization: auth },
  }, lookup, { now: GUIDE_NOW });
  assert.equal(r.valid, true, JSON.stringify(r));
  assert.equal(r.ak, AK);
  assert.equal(r.reason, undefined);
  assert.equal(r.stringToSign, 'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  assert.equal(createHash('sha256').update(r.canonicalRequest).digest('hex'), 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  // Independently: the signature in the header is the HMAC of that string to sign.
  assert.equal(createHmac('sha256', SK).update(r.stringToSign).digest('hex'), auth.slice(-64));
});

test('round trip with signRequest for several request shapes', async () => {
  const cases = [
    { method: 'GET', url: 'https://ecs.cn-north-4.myhuaweicloud.com/v1/p/servers?limit=2&marker=x&name=%E4%B8%80%20(%26)' },
    { method: 'POST', url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p/vpcs', headers: { 'Content-Type': 'application/json' }, body: '{"vpc":{"name":"é"}}' },
    { method: 'PUT', url: 'https://obs.example.com/bucket/a%2Fb/c d', body: new Uint8Array([0, 1, 2, 255]) },
    { method: 'DELETE', url: 'http://127.0.0.1:8080/v1/x?flag&b=1&a=2&a=1', headers: [['X-Extra', '  padded  '], ['Accept', 'a'], ['accept', 'b']] },
    { method: 'PATCH', url: 'https://h.example.com/x', body: 'z'.repeat(200_000) }, // hashed with WebCrypto on both sides
  ];
  for (const c of cases) {
    const s = await signed(c, {});
    const r = await verifyRequest(received(s), lookup, { now: GUIDE_NOW });
    assert.equal(r.valid, true, `${c.method} ${c.url}: ${JSON.stringify(r)}`);
    assert.equal(r.canonicalRequest, s.canonicalRequest);
    assert.equal(r.stringToSign, s.stringToSign);
  }
  // Temporary credentials, project and domain ids; unsigned payload; a Host header for a proxy.
  const s = await signRequest(
    { method: 'PUT', url: 'http://127.0.0.1:9000/v1/o', headers: { Host: 'obs.cn-north-4.myhuaweicloud.com' }, body: 'data' },
    { ak: AK, sk: SK, securityToken: 'tok', projectId: 'p1', domainId: 'd1' },
    { signingDate: GUIDE_DATE, unsignedPayload: true },
  );
  const recv = received(s);
  recv.headers.Host = 'obs.cn-north-4.myhuaweicloud.com';
  const allow = { now: GUIDE_NOW, allowUnsignedPayload: true };
  const r = await verifyRequest(recv, lookup, allow);
  assert.equal(r.valid, true, JSON.stringify(r));
  assert.equal(r.unsignedPayload, true);
  assert.match(r.canonicalRequest, /\nx-security-token:tok\n/);
  assert.match(r.canonicalRequest, /\nUNSIGNED-PAYLOAD$/);
  // UNSIGNED-PAYLOAD: the body is not covered (the result says so), but everything else is.
  assert.equal((await verifyRequest({ ...recv, body: 'other' }, lookup, allow)).valid, true);
  assert.equal((await verifyRequest({ ...recv, headers: { ...recv.headers, 'X-Security-Token': 'tok2' } }, lookup, allow)).reason, 'signature-mismatch');
  // Refused unless allowed.
  assert.equal((await verifyRequest(recv, lookup, { now: GUIDE_NOW })).reason, 'unsigned-payload');
});

test('every tampered part is detected', async () => {
  const s = await signed({
    method: 'POST',
    url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?b=2&a=1',
    headers: { 'Content-Type': 'application/json', 'X-Project-Id': 'p1' },
    body: '{"name":"vpc"}',
  });
  const base = received(s);
  assert.equal((await verifyRequest(base, lookup, { now: GUIDE_NOW })).valid, true);
  const u = new URL(s.url);
  const tampered = {
    method: { method: 'PUT' },
    path: { url: s.url.replace('/vpcs', '/vpcz') },
    'path segment split': { url: s.url.replace('/v1/p1/', '/v1/p/1/') },
    'query value': { url: s.url.replace('b=2', 'b=3') },
    'query added': { url: s.url + '&c=1' },
    'query removed': { url: u.origin + u.pathname + '?a=1' },
    host: { url: s.url.replace('vpc.cn-north-4', 'ecs.cn-north-4') },
    port: { url: s.url.replace('myhuaweicloud.com/', 'myhuaweicloud.com:8443/') },
    scheme: { url: s.url.replace('https:', 'http:').replace('.com/', '.com:443/') },
    'signed header': { headers: { ...base.headers, 'X-Project-Id': 'p2' } },
    'content type': { headers: { ...base.headers, 'Content-Type': 'text/plain' } },
    body: { body: '{"name":"vpd"}' },
    'body emptied': { body: '' },
    'signature bit': { headers: { ...base.headers, Authorization: s.authorization.slice(0, -1) + (s.authorization.endsWith('0') ? '1' : '0') } },
    'access key': { headers: { ...base.headers, Authorization: s.authorization.replace(AK, 'OTHERAK') } },
    date: { headers: { ...base.headers, 'X-Sdk-Date': '20191115T033656Z' } },
  };
  for (const [what, patch] of Object.entries(tampered)) {
    // (The access key id is not itself signed: changing it fails because the other key's secret differs.)
    const r = await verifyRequest({ ...base, ...patch }, (ak) => (ak === 'OTHERAK' ? 'the-other-secret' : lookup(ak)), { now: GUIDE_NOW });
    assert.equal(r.valid, false, what);
    assert.equal(r.reason, 'signature-mismatch', `${what}: ${JSON.stringify(r)}`);
    assert.ok(r.canonicalRequest && r.stringToSign, what);
    assert.ok(!JSON.stringify(r).includes(s.signature), `${what}: the expected signature must not be returned`);
  }
  // An unsigned header may be added or changed.
  assert.equal((await verifyRequest({ ...base, headers: { ...base.headers, 'User-Agent': 'curl/8', 'X-Trace': '1' } }, lookup, { now: GUIDE_NOW })).valid, true);
  // A signed X-Sdk-Content-Sha256 binds the body: a different body is reported as such.
  const hash = createHash('sha256').update('payload').digest('hex');
  const s2 = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': hash }, body: 'payload' });
  const recv2 = received(s2, { headers: { ...s2.headers, 'X-Sdk-Content-Sha256': hash } });
  assert.equal((await verifyRequest(recv2, lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest({ ...recv2, body: 'PAYLOAD' }, lookup, { now: GUIDE_NOW })).reason, 'payload-hash-mismatch');
});

test('X-Sdk-Date more than 15 minutes from now is refused, either way; now and the window are injectable', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const at = (now, extra) => verifyRequest(received(s), lookup, { now, ...extra });
  const min = 60_000;
  assert.equal((await at(GUIDE_NOW + 15 * min)).valid, true);
  assert.equal((await at(new Date(GUIDE_NOW - 15 * min))).valid, true);
  const late = await at(GUIDE_NOW + 15 * min + 1000);
  assert.equal(late.reason, 'date-skew');
  assert.match(late.message, /901 s behind/);
  assert.equal(late.ak, AK);
  const early = await at(GUIDE_NOW - 16 * min);
  assert.equal(early.reason, 'date-skew');
  assert.match(early.message, /960 s ahead/);
  assert.equal((await at(GUIDE_NOW + 60 * min, { maxSkewMs: 60 * min })).valid, true);
  assert.equal((await at(GUIDE_NOW + 1000, { maxSkewMs: 0 })).reason, 'date-skew');
  // Default now is the real clock: a 2019 signature is stale.
  assert.equal((await verifyRequest(received(s), lookup)).reason, 'date-skew');
  // A fresh signature with the real clock verifies with the default now.
  const fresh = await signRequest({ url: 'https://h.example.com/p' }, { ak: AK, sk: SK });
  assert.equal((await verifyRequest(received(fresh), lookup)).valid, true);
});

test('malformed requests get a stable reason, never an exception', async () => {
  const s = await signed({ url: 'https://h.example.com/p', headers: { 'X-A': '1' } });
  const h = (patch) => ({ ...received(s), headers: { ...s.headers, ...patch } });
  const auth = (a) => h({ Authorization: a });
  const sig = s.signature;
  const cases = [
    ['missing-authorization', { ...received(s), headers: { 'X-Sdk-Date': GUIDE_DATE } }],
    ['malformed-authorization', auth('')],
    ['malformed-authorization', auth('SDK-HMAC-SHA256')],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig.slice(1)}`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=Host;x-sdk-date, Signature=${sig}`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=x-sdk-date;host, Signature=${sig}`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host, Signature=${sig}`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['malformed-authorization', auth(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}, Extra=1`)],
    ['unsupported-algorithm', auth('Bearer abc.def')],
    ['malformed-authorization', auth('Bearer: abc')],
    ['unsupported-algorithm', auth(`SDK-HMAC-SHA1 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    // The other four algorithms are verified: a wrong signature is a mismatch, a wrong scope date its own reason.
    ['signature-mismatch', auth(`SDK-HMAC-SM3 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['scope-date-mismatch', auth(`V11-HMAC-SHA256 Credential=${AK}/20191114/r/s, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['malformed-authorization', auth(`V11-HMAC-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['malformed-authorization', auth(`SDK-ECDSA-P256-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['missing-date', { ...received(s), headers: { Authorization: s.authorization, 'X-A': '1' } }],
    ['invalid-date', h({ 'X-Sdk-Date': '2019-11-15T03:36:55Z' })],
    ['invalid-date', h({ 'X-Sdk-Date': '20190230T000000Z' })],
    ['invalid-date', h({ 'X-Sdk-Date': '99999999T000000Z' })], // rolls over past 9999: must be a refusal, not a throw
    ['invalid-date', h({ 'X-Sdk-Date': '99991299T000000Z' })],
    ['missing-signed-header', { ...received(s), headers: { Authorization: s.authorization, 'X-Sdk-Date': GUIDE_DATE } }],
    ['invalid-request', { ...received(s), url: '/p' }],
    ['invalid-request', { ...received(s), url: 'javascript:alert(1)' }],
    ['invalid-request', { ...received(s), url: 'ftp://h.example.com/p' }],
    ['invalid-request', { ...received(s), method: 'GE T' }],
    ['invalid-request', h({ 'X-A': 'a\r\nInjected: 1' })],
    ['invalid-request', { ...received(s), url: 'https://h.example.com/' + 'a'.repeat(40_000) }],
    ['unknown-ak', auth(s.authorization.replace(AK, 'NOSUCHAK'))],
  ];
  for (const [reason, req] of cases) {
    const r = await verifyRequest(req, lookup, { now: GUIDE_NOW });
    assert.equal(r.valid, false, reason);
    assert.equal(r.reason, reason, `${JSON.stringify(req.headers?.Authorization ?? req.url).slice(0, 120)}: ${JSON.stringify(r)}`);
    assert.equal(typeof r.message, 'string');
    assert.ok(r.message.length > 0 && !r.message.includes(SK));
  }
});

test('lookup: sync, async, Uint8Array keys, unknown keys; called once and only for fresh, well-formed requests; never throws', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const calls = [];
  const spy = (impl) => (ak) => {
    calls.push(ak);
    return impl(ak);
  };
  assert.equal((await verifyRequest(received(s), spy(async () => SK), { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest(received(s), spy(() => new TextEncoder().encode(SK)), { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest(received(s), spy(async () => null), { now: GUIDE_NOW })).reason, 'unknown-ak');
  assert.equal((await verifyRequest(received(s), spy(() => undefined), { now: GUIDE_NOW })).reason, 'unknown-ak');
  assert.equal((await verifyRequest(received(s), spy(() => 'wrong-key'), { now: GUIDE_NOW })).reason, 'signature-mismatch');
  assert.deepEqual(calls, [AK, AK, AK, AK, AK]);
  calls.length = 0;
  await verifyRequest(received(s), spy(() => SK), { now: GUIDE_NOW + 3_600_000 });
  await verifyRequest({ ...received(s), headers: { ...s.headers, Authorization: 'garbage' } }, spy(() => SK), { now: GUIDE_NOW });
  assert.deepEqual(calls, [], 'no lookup for stale or malformed requests');

  // A throwing or rejecting lookup is a refusal with the error as a non-enumerable cause.
  const boom = new Error('db down: postgres://user:hunter2@db');
  for (const bad of [() => { throw boom; }, async () => { throw boom; }, () => Promise.reject(boom)]) {
    const r = await verifyRequest(received(s), bad, { now: GUIDE_NOW });
    assert.deepEqual([r.valid, r.reason, r.ak], [false, 'lookup-failed', AK]);
    assert.equal(r.cause, boom);
    assert.ok(!JSON.stringify(r).includes('hunter2'), 'the cause is not serialised');
  }
  // Anything but a non-empty string or Uint8Array is an unknown key, never an exception.
  for (const bad of ['', 42, {}, [SK], new Uint8Array(0), new ArrayBuffer(4), () => SK, true, Symbol('sk'), 10n]) {
    assert.equal((await verifyRequest(received(s), () => bad, { now: GUIDE_NOW })).reason, 'unknown-ak', typeof bad);
  }
});

test('accepts a fetch Request (Workers), Headers, Node-style header records, and a precomputed body hash', async () => {
  const body = JSON.stringify({ big: 'x'.repeat(100_000) });
  const s = await signed({ method: 'POST', url: 'https://h.example.com/v1/a?x=1', headers: { 'Content-Type': 'application/json' }, body });
  const req = new Request(s.url, { method: s.method, headers: s.headers, body });
  assert.equal((await verifyRequest(req, lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal(await req.text(), body, 'the body is still readable afterwards');
  await assert.rejects(verifyRequest(req, lookup, { now: GUIDE_NOW }), (e) => e.code === 'ERR_INVALID_ARGUMENT', 'body already used');
  assert.equal((await verifyRequest({ ...received(s), headers: new Headers(s.headers) }, lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest({ ...received(s), url: new URL(s.url) }, lookup, { now: GUIDE_NOW })).valid, true);
  // Node's IncomingMessage.headers: lower-case names, host included, string[] for repeats.
  const nodeHeaders = { host: 'h.example.com', 'content-type': 'application/json', 'x-sdk-date': GUIDE_DATE, authorization: s.authorization, 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'], 'x-none': undefined };
  assert.equal((await verifyRequest({ method: 'POST', url: 'http://h.example.com/v1/a?x=1', headers: nodeHeaders, body: Buffer.from(body) }, lookup, { now: GUIDE_NOW })).valid, true);
  const payloadHash = createHash('sha256').update(body).digest('hex');
  assert.equal((await verifyRequest({ ...received(s), body: undefined }, lookup, { now: GUIDE_NOW, payloadHash })).valid, true);
  assert.equal((await verifyRequest({ ...received(s), body: undefined }, lookup, { now: GUIDE_NOW, payloadHash: 'f'.repeat(64) })).reason, 'signature-mismatch');
});

test('programmer errors reject with a coded TypeError; invalid requests never do', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const bad = [
    [[undefined, lookup], 'ERR_INVALID_ARGUMENT'],
    [['https://h/', lookup], 'ERR_INVALID_ARGUMENT'],
    [[received(s), undefined], 'ERR_INVALID_ARGUMENT'],
    [[received(s), 'sk'], 'ERR_INVALID_ARGUMENT'],
    [[received(s), lookup, 5], 'ERR_INVALID_ARGUMENT'],
    [[received(s), lookup, { now: 'yesterday' }], 'ERR_INVALID_DATE'],
    [[received(s), lookup, { now: new Date(NaN) }], 'ERR_INVALID_DATE'],
    [[received(s), lookup, { maxSkewMs: -1 }], 'ERR_INVALID_ARGUMENT'],
    [[received(s), lookup, { payloadHash: 'ABC' }], 'ERR_INVALID_PAYLOAD_HASH'],
    [[{ ...received(s), url: 42 }, lookup], 'ERR_INVALID_URL'],
    [[{ ...received(s), method: 1 }, lookup], 'ERR_INVALID_METHOD'],
    [[{ ...received(s), headers: 'x' }, lookup], 'ERR_INVALID_HEADER'],
    [[{ ...received(s), headers: { a: 1 } }, lookup], 'ERR_INVALID_HEADER'],
    [[{ ...received(s), body: {} }, lookup], 'ERR_UNSUPPORTED_BODY'],
    [[{ ...received(s), get headers() { throw new Error('getter'); } }, lookup], 'ERR_INVALID_ARGUMENT'],
    [[new Proxy({}, { get() { throw new Error('trap'); } }), lookup], 'ERR_INVALID_ARGUMENT'],
  ];
  for (const [args, code] of bad) {
    await assert.rejects(verifyRequest(...args), (e) => {
      assert.ok(e instanceof Error && e.code === code && e.message.length > 0, `${code}: ${e.code} ${e.message}`);
      return true;
    });
  }
});

test('the result never contains the secret key or the expected signature', async () => {
  const sk = 'Zq' + Math.random().toString(36).slice(2) + 'SecretKeyMaterial';
  const s = await signRequest({ url: 'https://h.example.com/p?q=1' }, { ak: AK, sk }, { signingDate: GUIDE_DATE });
  for (const patch of [{}, { url: s.url + '&x=1' }, { method: 'POST' }]) {
    const r = await verifyRequest(received(s, patch), () => sk, { now: GUIDE_NOW });
    const all = JSON.stringify(r);
    assert.ok(!all.includes(sk));
    if (!r.valid) assert.ok(!all.includes(s.signature), 'a mismatch must not reveal the signature the server expected');
  }
});

test("cross-check: requests signed by the official SDK's AKSKSigner verify, and tampering is caught", async () => {
  const credential = { getAk: () => AK, getSk: () => SK };
  const cases = [
    { endpoint: 'https://ecs.cn-north-4.myhuaweicloud.com/v1/0504201b1f/cloudservers/detail', method: 'GET', headers: { 'Content-Type': 'application/json' }, queryParams: { limit: '10', offset: '1' } },
    { endpoint: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/0504201b1f/vpcs', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Project-Id': '0504201b1f' }, data: { vpc: { name: 'vpc-1', cidr: '192.168.0.0/16' } } },
    { endpoint: 'https://iam.myhuaweicloud.com/v3/projects', method: 'GET', headers: {}, queryParams: { name: 'cn-north-4', enabled: 'true' } },
    { endpoint: 'https://obs.example.com:8443/v1/a/b', method: 'DELETE', headers: { 'X-Request-Tag': 'x1' }, queryParams: { ids: ['3', '1', '2'] } },
    { endpoint: 'https://dns.myhuaweicloud.com/v2/zones', method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Security-Token': 'temporary-token' }, data: { name: 'example.com.', email: 'a@example.com' } },
  ];
  for (const c of cases) {
    const sent = AKSKSigner.sign({ ...c, headers: { ...c.headers } }, credential);
    const pairs = [];
    for (const [k, v] of Object.entries(c.queryParams ?? {})) for (const x of [].concat(v)) pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(x)}`);
    const url = c.endpoint + (pairs.length ? '?' + pairs.join('&') : '');
    const body = c.data ? JSON.stringify(c.data) : '';
    const req = { method: c.method, url, headers: sent, body };
    const r = await verifyRequest(req, lookup);
    assert.equal(r.valid, true, `${c.method} ${url}: ${JSON.stringify(r)}`);
    assert.equal(createHmac('sha256', SK).update(r.stringToSign).digest('hex'), sent.Authorization.slice(-64));
    // Our signer produces the same signature for the same request (host signed, same date).
    const ours = await signRequest({ method: c.method, url, headers: Object.fromEntries(Object.entries(sent).filter(([k]) => !/^(authorization|host)$/i.test(k))), body }, { ak: AK, sk: SK });
    assert.equal(ours.authorization, sent.Authorization, `${c.method} ${url}`);
    const tampered = [
      { ...req, method: c.method === 'GET' ? 'HEAD' : 'GET' },
      { ...req, url: url.replace(new URL(url).pathname, new URL(url).pathname + 'x') },
      { ...req, url: url + (pairs.length ? '&' : '?') + 'extra=1' },
      { ...req, headers: { ...sent, host: 'evil.example.com' } },
      { ...req, body: body + ' ' },
    ];
    for (const t of tampered) assert.equal((await verifyRequest(t, lookup)).reason, 'signature-mismatch', `${c.method} ${url} tampered`);
  }
});

test('verification is JavaScript over the signer: the wasm module exports no verifier (browser size)', async () => {
  await verifyRequest({ url: 'https://h.example.com/' }, lookup);
  const w = wasmSync();
  assert.equal(typeof w.signRequest, 'function');
  assert.equal(w.verifyRequest, undefined);
});

/**
 * Signs by hand, independently of the package: the canonical request over exactly the `signed`
 * [name, value] pairs (lower-case names, sorted, values trimmed), the string to sign and the
 * Authorization, as the gateway defines them. `uri` and `query` are given in canonical form.
 */
function handSign({ method, uri, query = '', signed, payload, date = GUIDE_DATE, ak = AK, sk = SK }) {
  const lines = signed.map(([n, v]) => [n.toLowerCase(), v.trim()]).sort(([a], [b]) => (a < b ? -1 : 1));
  const list = lines.map(([n]) => n).join(';');
  const canonicalRequest = [method, uri, query, ...lines.map(([n, v]) => `${n}:${v}`), '', list, payload].join('\n');
  const stringToSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', sk).update(stringToSign).digest('hex');
  return { canonicalRequest, stringToSign, signature, authorization: `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${list}, Signature=${signature}` };
}
const sha = (s) => createHash('sha256').update(s).digest('hex');

test('any SignedHeaders list the client chose: the Go SDK shape (user-agent signed, host not), tampered copies rejected', async () => {
  // The Go SDK signs every header it holds except Content-Type, never adds host, and sends JSON
  // bodies from json.Encoder (with a trailing newline).
  const body = '{"vpc":{"name":"vpc-1"}}\n';
  const go = handSign({
    method: 'POST',
    uri: '/v1/p1/vpcs/',
    query: 'limit=10',
    signed: [['User-Agent', 'huaweicloud-usdk-go/3.0'], ['X-Project-Id', 'p1'], ['X-Sdk-Date', GUIDE_DATE]],
    payload: sha(body),
  });
  const headers = {
    Host: 'vpc.cn-north-4.myhuaweicloud.com',
    'User-Agent': 'huaweicloud-usdk-go/3.0',
    'Content-Type': 'application/json',
    'X-Project-Id': 'p1',
    'X-Sdk-Date': GUIDE_DATE,
    Authorization: go.authorization,
    'Accept-Encoding': 'gzip',
  };
  const req = { method: 'POST', url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?limit=10', headers, body };
  const r = await verifyRequest(req, lookup, { now: GUIDE_NOW });
  assert.equal(r.valid, true, JSON.stringify(r));
  assert.equal(r.canonicalRequest, go.canonicalRequest);
  assert.equal(r.stringToSign, go.stringToSign);
  assert.deepEqual(r.signedHeaders, ['user-agent', 'x-project-id', 'x-sdk-date']);
  assert.deepEqual([r.path, r.query, r.unsignedPayload], ['/v1/p1/vpcs', [['limit', '10']], false]);
  // Unsigned headers (host here) may change; signed ones may not.
  assert.equal((await verifyRequest({ ...req, headers: { ...headers, Host: 'evil.example.com', 'Content-Type': 'text/plain' } }, lookup, { now: GUIDE_NOW })).valid, true);
  const mismatch = {
    'user-agent': { headers: { ...headers, 'User-Agent': 'huaweicloud-usdk-go/3.1' } },
    'x-project-id': { headers: { ...headers, 'X-Project-Id': 'p2' } },
    body: { body: body.trim() },
    path: { url: req.url.replace('/vpcs', '/vpcs/x') },
    query: { url: req.url + '&marker=1' },
  };
  for (const [what, patch] of Object.entries(mismatch)) {
    assert.equal((await verifyRequest({ ...req, ...patch }, lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch', what);
  }
  // A listed header that is not in the request is its own refusal, before the key is looked up.
  const { 'User-Agent': _, ...noAgent } = headers;
  let looked = 0;
  const r2 = await verifyRequest({ ...req, headers: noAgent }, () => (looked++, SK), { now: GUIDE_NOW });
  assert.deepEqual([r2.reason, r2.ak, looked], ['missing-signed-header', AK, 0]);
  assert.match(r2.message, /user-agent/);
});

test('any SignedHeaders list: content-length, names with "_", and headers this library never signs itself', async () => {
  const body = 'abc';
  const signed = [['Content-Length', '3'], ['Host', 'h.example.com'], ['User-Agent', 'curl/8'], ['X-Sdk-Date', GUIDE_DATE], ['x_a', ' 1 '], ['Connection', 'keep-alive']];
  const h = handSign({ method: 'PUT', uri: '/o/', signed, payload: sha(body) });
  const headers = Object.fromEntries([...signed, ['Authorization', h.authorization]]);
  const req = { method: 'PUT', url: 'https://h.example.com/o', headers, body };
  const r = await verifyRequest(req, lookup, { now: GUIDE_NOW });
  assert.equal(r.valid, true, JSON.stringify(r));
  assert.equal(r.canonicalRequest, h.canonicalRequest);
  for (const [name, value] of [['Content-Length', '4'], ['x_a', '2'], ['Connection', 'close'], ['User-Agent', 'curl/9'], ['Host', 'other.example.com']]) {
    assert.equal((await verifyRequest({ ...req, headers: { ...headers, [name]: value } }, lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch', name);
  }
  for (const name of ['Content-Length', 'x_a', 'Connection', 'User-Agent']) {
    const { [name]: _, ...rest } = headers;
    assert.equal((await verifyRequest({ ...req, headers: rest }, lookup, { now: GUIDE_NOW })).reason, 'missing-signed-header', name);
  }
  // A signed host with no Host header is the URL's host (as a fetch Request carries it).
  const { Host: _, ...noHost } = headers;
  assert.equal((await verifyRequest({ ...req, headers: noHost }, lookup, { now: GUIDE_NOW })).valid, true);
  // Only x-sdk-date signed: the smallest list the gateway accepts.
  const min = handSign({ method: 'GET', uri: '/', signed: [['X-Sdk-Date', GUIDE_DATE]], payload: sha('') });
  const rm = await verifyRequest({ url: 'https://h.example.com', headers: { 'X-Sdk-Date': GUIDE_DATE, Authorization: min.authorization } }, lookup, { now: GUIDE_NOW });
  assert.deepEqual([rm.valid, rm.path, rm.query, rm.signedHeaders], [true, '/', [], ['x-sdk-date']]);
});

test("the official Node SDK's shape with user-agent signed verifies as sent; tampered copies are rejected", async () => {
  const credential = { getAk: () => AK, getSk: () => SK };
  const cases = [
    { endpoint: 'https://ecs.cn-north-4.myhuaweicloud.com/v1/p/servers', method: 'POST', headers: { 'User-Agent': 'huaweicloud-usdk-nodejs/3.0', 'Content-Type': 'application/json' }, queryParams: { limit: '1' }, data: { a: 1 } },
    { endpoint: 'https://iam.myhuaweicloud.com/v3/projects', method: 'GET', headers: { 'User-Agent': 'huaweicloud-usdk-nodejs/3.0', 'X-Domain-Id': 'd1' }, queryParams: { name: 'a b+c' } },
  ];
  for (const c of cases) {
    const sent = AKSKSigner.sign({ ...c, headers: { ...c.headers } }, credential);
    assert.match(sent.Authorization, /SignedHeaders=[^,]*user-agent/);
    const query = Object.entries(c.queryParams).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const req = { method: c.method, url: `${c.endpoint}?${query}`, headers: sent, body: c.data ? JSON.stringify(c.data) : '' };
    const r = await verifyRequest(req, lookup);
    assert.equal(r.valid, true, `${c.method} ${c.endpoint}: ${JSON.stringify(r)}`);
    assert.ok(r.signedHeaders.includes('user-agent') && r.signedHeaders.includes('host'));
    assert.deepEqual(r.query, Object.entries(c.queryParams));
    assert.equal((await verifyRequest({ ...req, headers: { ...sent, 'User-Agent': 'curl/8' } }, lookup)).reason, 'signature-mismatch');
    const { 'User-Agent': _, ...noAgent } = sent;
    assert.equal((await verifyRequest({ ...req, headers: noAgent }, lookup)).reason, 'missing-signed-header');
  }
});

/** Runs `fn` with node:crypto and/or WebCrypto out of reach, as in Workers or a page over plain http. */
async function without({ node = false, web = false }, fn) {
  const saved = [];
  if (node) saved.push([process, 'getBuiltinModule', Object.getOwnPropertyDescriptor(process, 'getBuiltinModule')]);
  if (web) saved.push([globalThis, 'crypto', Object.getOwnPropertyDescriptor(globalThis, 'crypto')]);
  for (const [o, k] of saved) Object.defineProperty(o, k, { value: undefined, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    for (const [o, k, d] of saved) Object.defineProperty(o, k, d);
  }
}

test('signature hex in either case; X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD refused unless allowed, then flagged; a signed hash binds the body', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const upper = s.authorization.slice(0, -64) + s.signature.toUpperCase();
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, Authorization: upper } }), lookup, { now: GUIDE_NOW })).valid, true);

  const u = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'data' });
  assert.equal(u.headers['X-Sdk-Content-Sha256'], 'UNSIGNED-PAYLOAD');
  let looked = 0;
  const refused = await verifyRequest(received(u), () => (looked++, SK), { now: GUIDE_NOW });
  assert.deepEqual([refused.valid, refused.reason, refused.ak, looked], [false, 'unsigned-payload', AK, 0]);
  assert.equal((await verifyRequest(received(u), lookup, { now: GUIDE_NOW, allowUnsignedPayload: false })).reason, 'unsigned-payload');
  for (const body of ['data', 'other', new ReadableStream({ pull() { throw new Error('an unsigned body is not read'); } })]) {
    const r = await verifyRequest(received(u, { body }), lookup, { now: GUIDE_NOW, allowUnsignedPayload: true });
    assert.equal(r.valid, true, JSON.stringify(r));
    assert.equal(r.unsignedPayload, true);
    assert.match(r.canonicalRequest, /\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD$/);
  }
  assert.equal((await verifyRequest(received(s), lookup, { now: GUIDE_NOW, allowUnsignedPayload: true })).unsignedPayload, false);
  // An unsigned X-Sdk-Content-Sha256 header changes nothing: the body is hashed.
  const extra = received(s, { headers: { ...s.headers, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
  assert.deepEqual(Object.entries(await verifyRequest(extra, lookup, { now: GUIDE_NOW })).filter(([k]) => k === 'valid' || k === 'unsignedPayload'), [['valid', true], ['unsignedPayload', false]]);

  const hash = createHash('sha256').update('payload').digest('hex');
  const h = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': hash }, body: 'payload' });
  assert.equal((await verifyRequest(received(h), lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest(received(h, { body: 'PAYLOAD' }), lookup, { now: GUIDE_NOW })).reason, 'payload-hash-mismatch');
});

test('node:crypto, WebCrypto alone (Workers: bodies collected up to the limit, then hashed once), or a coded error without either', async () => {
  const hash = createHash('sha256').update('payload').digest('hex');
  const h = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': hash }, body: 'payload' });
  const big = 'b'.repeat(100_000);
  const b = await signed({ method: 'PUT', url: 'https://h.example.com/o', body: big });
  const chunks = (text, size) => new ReadableStream({
    start(c) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
      c.close();
    },
  });
  const check = async (what) => {
    assert.equal((await verifyRequest(received(h), lookup, { now: GUIDE_NOW })).valid, true, what);
    assert.equal((await verifyRequest(received(h, { body: 'PAYLOAD' }), lookup, { now: GUIDE_NOW })).reason, 'payload-hash-mismatch', what);
    assert.equal((await verifyRequest(received(b), lookup, { now: GUIDE_NOW })).valid, true, what);
    assert.equal((await verifyRequest(received(b, { body: chunks(big, 7_000) }), lookup, { now: GUIDE_NOW })).valid, true, what);
    assert.equal((await verifyRequest(received(b, { body: big + '!' }), lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch', what);
    assert.equal((await verifyRequest(received(b, { body: chunks(big + '!', 7_000) }), lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch', what);
    const limited = await verifyRequest(received(b, { body: chunks(big, 7_000) }), lookup, { now: GUIDE_NOW, maxBodyBytes: 50_000 });
    assert.equal(limited.reason, 'body-too-large', what);
  };
  await check('node:crypto');
  await without({ web: true }, () => check('node:crypto without WebCrypto'));
  await without({ node: true }, async () => {
    assert.equal(globalThis.process.getBuiltinModule, undefined);
    await check('WebCrypto only');
  });
  await without({ node: true, web: true }, () => assert.rejects(verifyRequest(received(h), lookup, { now: GUIDE_NOW }), (e) => e instanceof HwCloudSignerError && e.code === 'ERR_NO_CRYPTO' && /https/.test(e.message)));
});

test('request data the signer refuses is invalid-request; any non-empty key from lookup is used as given', async () => {
  const s = await signed({ url: 'https://h.example.com/p', headers: { 'X-A': '1' } });
  // A Latin-1 value as Node may deliver it: fetch could not have sent it.
  const r = await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': 'caf\u00e9' } }), lookup, { now: GUIDE_NOW });
  assert.deepEqual([r.valid, r.reason, r.ak], [false, 'invalid-request', AK]);
  assert.match(r.message, /x-a/i);
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': 'caf\u00e9' } }), lookup, { now: GUIDE_NOW })).reason, 'invalid-request');
  // Any non-empty key is used as given (a string as UTF-8, bytes as they are): a different key is a mismatch.
  assert.equal((await verifyRequest(received(s), () => SK + '\n', { now: GUIDE_NOW })).reason, 'signature-mismatch');
  assert.equal((await verifyRequest(received(s), () => new Uint8Array([0xff, 0xfe]), { now: GUIDE_NOW })).reason, 'signature-mismatch');
  const raw = new Uint8Array([0xff, 0x00, 0xfe]);
  const sr = await signRequest({ url: 'https://h.example.com/p' }, { ak: AK, sk: 'x' }, { signingDate: GUIDE_DATE });
  const macRaw = createHmac('sha256', raw).update(sr.stringToSign).digest('hex');
  const recvRaw = received(sr, { headers: { ...sr.headers, Authorization: sr.authorization.slice(0, -64) + macRaw } });
  assert.equal((await verifyRequest(recvRaw, () => raw, { now: GUIDE_NOW })).valid, true, 'a binary key is used byte for byte');
  assert.deepEqual([...raw], [0xff, 0x00, 0xfe], "the caller's key bytes are not modified");
  // Signed headers with surrounding whitespace verify (trimmed on both sides).
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': ' \t1 ' } }), lookup, { now: GUIDE_NOW })).valid, true);
});

// --- issue 11: cheap checks first, a bounded body, hardened hooks, what was signed ------------

const MB = 1024 * 1024;
/**
 * A lazily generated body of `total` bytes ("a"), in chunks of `chunk` bytes, that counts what is
 * pulled from it. highWaterMark 0: nothing is pulled before a reader asks. As a guard against a
 * verifier that reads everything, it errors after 32 MB instead of producing 1 GB.
 */
function lazyBody(total, chunk = 64 * 1024) {
  const counter = { pulled: 0, cancelled: false };
  const piece = new Uint8Array(chunk).fill(97);
  const stream = new ReadableStream({
    pull(c) {
      if (counter.pulled >= total) return c.close();
      if (counter.pulled >= 32 * MB) return c.error(new Error('test guard: more than 32 MB pulled'));
      const n = Math.min(chunk, total - counter.pulled);
      counter.pulled += n;
      c.enqueue(piece.slice(0, n));
    },
    cancel() {
      counter.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}
/** The same as an async iterable (Node's IncomingMessage shape). */
function lazyIterable(total, chunk = 64 * 1024) {
  const counter = { pulled: 0, cancelled: false };
  const piece = new Uint8Array(chunk).fill(97);
  const iterable = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          if (counter.pulled >= total) return { done: true, value: undefined };
          if (counter.pulled >= 32 * MB) throw new Error('test guard: more than 32 MB pulled');
          const n = Math.min(chunk, total - counter.pulled);
          counter.pulled += n;
          return { done: false, value: piece.slice(0, n) };
        },
        async return() {
          counter.cancelled = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, counter };
}
const aHash = (n) => createHash('sha256').update(new Uint8Array(n).fill(97)).digest('hex');

test('a 1 GB streamed body is not read at all when a cheap check fails (no Authorization, stale, unknown AK, declared too large)', async () => {
  const GB = 1024 * MB;
  const url = 'https://h.example.com/upload';
  const s = await signRequest({ method: 'PUT', url, body: null }, { ak: AK, sk: SK }, { signingDate: GUIDE_DATE, payloadHash: '0'.repeat(64) });
  const cases = [
    ['missing-authorization', {}, {}],
    ['malformed-authorization', { Authorization: 'SDK-HMAC-SHA256 nonsense' }, {}],
    ['date-skew', s.headers, { now: GUIDE_NOW + 3_600_000 }],
    ['unknown-ak', { ...s.headers, Authorization: s.authorization.replace(AK, 'NOSUCHAK') }, {}],
    ['body-too-large', { ...s.headers, 'Content-Length': String(GB) }, {}],
    ['body-too-large', { ...s.headers, 'Content-Length': '101' }, { maxBodyBytes: 100 }],
  ];
  for (const [reason, headers, options] of cases) {
    let looked = 0;
    const lk = (ak) => (looked++, lookup(ak));
    for (const kind of ['stream', 'Request', 'iterable']) {
      const { stream, counter } = lazyBody(GB);
      const it = lazyIterable(GB);
      const req = kind === 'Request' ? new Request(url, { method: 'PUT', headers, body: stream, duplex: 'half' })
        : { method: 'PUT', url, headers, body: kind === 'stream' ? stream : it.iterable };
      const r = await verifyRequest(req, lk, { now: GUIDE_NOW, ...options });
      assert.equal(r.reason, reason, `${kind}: ${JSON.stringify(r)}`);
      assert.equal(counter.pulled + it.counter.pulled, 0, `${kind} ${reason}: bytes were pulled`);
    }
    // The key store is not asked for requests refused on their headers alone.
    assert.equal(looked, reason === 'unknown-ak' ? 3 : 0, reason);
  }
});

test('a signed 13 MB body is refused after reading at most 12 MB and one chunk (a Request: two), and the stream is cancelled; 12 MB exactly is accepted', async () => {
  const url = 'https://h.example.com/upload';
  const sign = async (n) => signRequest({ method: 'PUT', url, body: null }, { ak: AK, sk: SK }, { signingDate: GUIDE_DATE, payloadHash: aHash(n) });
  const chunk = 64 * 1024;
  const over = await sign(13 * MB);
  for (const kind of ['stream', 'Request', 'iterable']) {
    const { stream, counter } = lazyBody(13 * MB, chunk);
    const it = lazyIterable(13 * MB, chunk);
    const req = kind === 'Request' ? new Request(url, { method: 'PUT', headers: over.headers, body: stream, duplex: 'half' })
      : { method: 'PUT', url, headers: over.headers, body: kind === 'stream' ? stream : it.iterable };
    const r = await verifyRequest(req, lookup, { now: GUIDE_NOW });
    assert.deepEqual([r.valid, r.reason, r.ak], [false, 'body-too-large', AK], kind);
    const pulled = counter.pulled + it.counter.pulled;
    // A Request is read through a clone (a tee), whose branch reads one chunk ahead.
    assert.ok(pulled > 12 * MB && pulled <= 12 * MB + (kind === 'Request' ? 2 : 1) * chunk, `${kind}: pulled ${pulled}`);
    if (kind !== 'Request') assert.equal(counter.cancelled || it.counter.cancelled, true, `${kind}: not cancelled`); // (a Request's clone is one branch of a tee)
  }
  // A lower limit, in bytes.
  const small = await sign(1000);
  const { stream, counter } = lazyBody(1000, 100);
  const r = await verifyRequest({ method: 'PUT', url, headers: small.headers, body: stream }, lookup, { now: GUIDE_NOW, maxBodyBytes: 450 });
  assert.deepEqual([r.reason, counter.pulled], ['body-too-large', 500]);
  assert.equal((await verifyRequest({ method: 'PUT', url, headers: small.headers, body: lazyBody(1000, 100).stream }, lookup, { now: GUIDE_NOW, maxBodyBytes: 1000 })).valid, true);
  assert.equal((await verifyRequest({ method: 'PUT', url, headers: small.headers, body: 'a'.repeat(1000) }, lookup, { now: GUIDE_NOW, maxBodyBytes: 999 })).reason, 'body-too-large');
  // The gateway's limit itself is inclusive.
  const exact = await sign(12 * MB);
  for (const body of [lazyBody(12 * MB).stream, lazyIterable(12 * MB).iterable, new Uint8Array(12 * MB).fill(97)]) {
    assert.equal((await verifyRequest({ method: 'PUT', url, headers: exact.headers, body }, lookup, { now: GUIDE_NOW })).valid, true);
  }
  assert.equal((await verifyRequest({ method: 'PUT', url, headers: over.headers, body: new Uint8Array(13 * MB).fill(97) }, lookup, { now: GUIDE_NOW })).reason, 'body-too-large');
});

test('body streams: Node Readable and web streams verify; a failing stream is invalid-request; wrong chunk types and locked streams are programmer errors', async () => {
  const { Readable } = await import('node:stream');
  const body = 'x'.repeat(70_000);
  const s = await signed({ method: 'POST', url: 'https://h.example.com/p', body });
  const parts = [body.slice(0, 10), body.slice(10, 40_000), body.slice(40_000)].map((p) => Buffer.from(p));
  assert.equal((await verifyRequest(received(s, { body: Readable.from(parts) }), lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest(received(s, { body: Readable.from([...parts, Buffer.from('!')]) }), lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch');
  const boom = new Error('client went away');
  const failing = new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(10)); c.error(boom); } });
  const r = await verifyRequest(received(s, { body: failing }), lookup, { now: GUIDE_NOW });
  assert.deepEqual([r.reason, r.cause], ['invalid-request', boom]);
  await assert.rejects(verifyRequest(received(s, { body: Readable.from(['text chunks']) }), lookup, { now: GUIDE_NOW }), (e) => e.code === 'ERR_UNSUPPORTED_BODY');
  const locked = new ReadableStream();
  locked.getReader();
  await assert.rejects(verifyRequest(received(s, { body: locked }), lookup, { now: GUIDE_NOW }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && /locked/.test(e.message));
});

test('lookup hardening: (ak) => KEYS[ak] with inherited names is unknown-ak; a hung lookup times out (default 5 s, injectable)', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const KEYS = { [AK]: SK };
  for (const ak of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'toLocaleString']) {
    const r = await verifyRequest(received(s, { headers: { ...s.headers, Authorization: s.authorization.replace(AK, ak) } }), (k) => KEYS[k], { now: GUIDE_NOW });
    assert.deepEqual([r.valid, r.reason, r.ak], [false, 'unknown-ak', ak], ak);
  }
  assert.equal((await verifyRequest(received(s), (k) => KEYS[k], { now: GUIDE_NOW })).valid, true);
  // A lookup that never answers.
  const hang = () => new Promise(() => {});
  const r = await verifyRequest(received(s), hang, { now: GUIDE_NOW, lookupTimeoutMs: 10 });
  assert.deepEqual([r.valid, r.reason, r.ak], [false, 'lookup-timeout', AK]);
  assert.match(r.message, /10 ms/);
  // A slow one within the limit, and no limit at all.
  const slow = () => new Promise((resolve) => setTimeout(() => resolve(SK), 5));
  assert.equal((await verifyRequest(received(s), slow, { now: GUIDE_NOW, lookupTimeoutMs: Infinity })).valid, true);
  // The default, on a mocked clock: pending at 4999 ms, refused at 5000 ms.
  await verifyRequest(received(s), lookup, { now: GUIDE_NOW }); // warm: the module is initialised
  await assertRefusedAt(() => verifyRequest(received(s), hang, { now: GUIDE_NOW }), 5000, 'lookup-timeout');
});

test('options.replay(signature, date, ak): called once, last, with the normalised signature; false, a rejection or a timeout refuse with "replayed"', async () => {
  const s = await signed({ method: 'POST', url: 'https://h.example.com/p', body: 'b' });
  const seen = new Set();
  const calls = [];
  const replay = (sig, date, ak) => {
    calls.push([sig, date, ak]);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  };
  const first = await verifyRequest(received(s), lookup, { now: GUIDE_NOW, replay });
  assert.equal(first.valid, true, JSON.stringify(first));
  assert.deepEqual(calls, [[s.signature, GUIDE_DATE, AK]]);
  const again = await verifyRequest(received(s), lookup, { now: GUIDE_NOW, replay });
  assert.deepEqual([again.valid, again.reason, again.ak], [false, 'replayed', AK]);
  // The same signature in upper case is the same signature.
  const upper = received(s, { headers: { ...s.headers, Authorization: s.authorization.slice(0, -64) + s.signature.toUpperCase() } });
  assert.equal((await verifyRequest(upper, lookup, { now: GUIDE_NOW, replay })).reason, 'replayed');
  // Not called for requests refused for anything else.
  calls.length = 0;
  for (const req of [received(s, { body: 'c' }), received(s, { headers: { ...s.headers, Authorization: s.authorization.replace(AK, 'NOSUCHAK') } })]) {
    assert.equal((await verifyRequest(req, lookup, { now: GUIDE_NOW, replay })).valid, false);
  }
  assert.equal((await verifyRequest(received(s), lookup, { now: GUIDE_NOW + 3_600_000, replay })).reason, 'date-skew');
  assert.deepEqual(calls, []);
  // Other answers.
  const boom = new Error('redis down');
  const answers = [
    [async () => false, 'replayed'],
    [() => { throw boom; }, 'replayed'],
    [async () => { throw boom; }, 'replayed'],
    [() => new Promise(() => {}), 'replayed'],
    [() => undefined, true],
    [async () => true, true],
    [() => 0, true],
  ];
  for (const [hook, want] of answers) {
    const r = await verifyRequest(received(s), lookup, { now: GUIDE_NOW, replay: hook, lookupTimeoutMs: 10 });
    assert.equal(want === true ? r.valid : r.reason, want, String(hook));
  }
  const thrown = await verifyRequest(received(s), lookup, { now: GUIDE_NOW, replay: () => { throw boom; } });
  assert.equal(thrown.cause, boom);
  // A polluted Object.prototype.replay is not a hook.
  Object.prototype.replay = () => false; // eslint-disable-line no-extend-native
  try {
    assert.equal((await verifyRequest(received(s), lookup, { now: GUIDE_NOW })).valid, true);
  } finally {
    delete Object.prototype.replay;
  }
});

test('a valid result hands over what was signed: path and query pairs are the same for every received form of one signature', async () => {
  const s = await signed({ url: 'https://h.example.com/v1/a%2Bb/%E4%B8%80/c%20d/?q=a%2Bb&k=2&k=1&flag' });
  const forms = [
    s.url,
    'https://h.example.com/v1/a%2Bb/%E4%B8%80/c%20d/?q=a+b&k=2&k=1&flag', // "+" is a plus, as signed
    'https://h.example.com/v1/a%2Bb/%E4%B8%80/c%20d?k=1&k=2&flag=&q=a%2Bb', // no trailing slash, other order
    'https://h.example.com/v1/a+b/一/c d?flag&q=a%2Bb&k=1&k=2',
  ];
  const results = [];
  for (const url of forms) {
    const r = await verifyRequest({ ...received(s), url }, lookup, { now: GUIDE_NOW });
    assert.equal(r.valid, true, `${url}: ${JSON.stringify(r)}`);
    results.push({ path: r.path, query: r.query });
  }
  for (const r of results) assert.deepEqual(r, { path: '/v1/a+b/一/c d', query: [['flag', ''], ['k', '1'], ['k', '2'], ['q', 'a+b']] });
  // What request.url would have given instead: different values for the one signature.
  assert.deepEqual(forms.slice(0, 3).map((u) => new URL(u).searchParams.getAll('k').join() + new URL(u).searchParams.get('q')), ['1,2a+b', '2,1a b', '1,2a+b']);
  const root = await signed({ url: 'https://h.example.com' });
  const r = await verifyRequest(received(root), lookup, { now: GUIDE_NOW });
  assert.deepEqual([r.path, r.query, r.unsignedPayload, r.signedHeaders, r.algorithm], ['/', [], false, ['host', 'x-sdk-date'], 'SDK-HMAC-SHA256']);
});

test('new options are checked: maxBodyBytes, allowUnsignedPayload, lookupTimeoutMs, bodyTimeoutMs, replay', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const bad = [
    { maxBodyBytes: 12 * MB + 1 }, { maxBodyBytes: -1 }, { maxBodyBytes: 1.5 }, { maxBodyBytes: '100' }, { maxBodyBytes: NaN },
    { allowUnsignedPayload: 'yes' }, { allowUnsignedPayload: 1 },
    { lookupTimeoutMs: 0 }, { lookupTimeoutMs: -5 }, { lookupTimeoutMs: NaN }, { lookupTimeoutMs: '1000' }, { lookupTimeoutMs: 2 ** 31 },
    { replay: 'x' }, { replay: {} },
    { bodyTimeoutMs: 0 }, { bodyTimeoutMs: null }, { bodyTimeoutMs: 2 ** 31 },
  ];
  for (const o of bad) {
    await assert.rejects(verifyRequest(received(s), lookup, { now: GUIDE_NOW, ...o }), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARGUMENT' && e.message.includes(Object.keys(o)[0]), JSON.stringify(o));
  }
  for (const o of [{ maxBodyBytes: 0 }, { maxBodyBytes: 12 * MB }, { allowUnsignedPayload: false }, { lookupTimeoutMs: 1 }, { lookupTimeoutMs: Infinity }, { replay: undefined }, { bodyTimeoutMs: Infinity }]) {
    assert.equal((await verifyRequest(received(s), lookup, { now: GUIDE_NOW, ...o })).valid, true, JSON.stringify(o));
  }
});

test('a body stream that stalls is refused with body-timeout (an idle limit: default 30 s, injectable) and cancelled', async () => {
  const s = await signed({ method: 'POST', url: 'https://h.example.com/p', body: 'abc' });
  const stalled = (first) => {
    const state = { cancelled: false };
    const stream = new ReadableStream({
      start(c) { if (first) c.enqueue(new TextEncoder().encode(first)); }, // then nothing, never closed
      cancel() { state.cancelled = true; },
    });
    return { stream, state };
  };
  for (const first of ['', 'ab']) {
    const { stream, state } = stalled(first);
    const r = await verifyRequest(received(s, { body: stream }), lookup, { now: GUIDE_NOW, bodyTimeoutMs: 10 });
    assert.deepEqual([r.valid, r.reason, r.ak, state.cancelled], [false, 'body-timeout', AK, true], first);
    assert.match(r.message, new RegExp(`10 ms \\(after ${first.length} bytes\\)`));
  }
  // Slow but steady is fine: the limit is per chunk.
  const steady = new ReadableStream({
    async pull(c) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      c.enqueue(new TextEncoder().encode('abc'));
      c.close();
    },
  });
  assert.equal((await verifyRequest(received(s, { body: steady }), lookup, { now: GUIDE_NOW, bodyTimeoutMs: 1000 })).valid, true);
  // The default, on a mocked clock.
  await verifyRequest(received(s), lookup, { now: GUIDE_NOW });
  await assertRefusedAt(() => verifyRequest(received(s, { body: stalled('').stream }), lookup, { now: GUIDE_NOW }), 30_000, 'body-timeout');
});

test('all five algorithms: what signRequest signs, verifyRequest accepts; a changed body, header or signature is refused', async () => {
  const { signRequest, verifyRequest } = await import('../../pkg/src/index.js');
  const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
  const now = Date.UTC(2019, 10, 15, 3, 36, 55);
  const lookup = (ak) => (ak === 'QTWAOYTTINDUT2QVKYUC' ? sk : null);
  for (const algorithm of ['SDK-HMAC-SHA256', 'V11-HMAC-SHA256', 'SDK-HMAC-SM3', 'SDK-ECDSA-P256-SHA256', 'SDK-SM2-SM3']) {
    const s = await signRequest(
      { method: 'POST', url: 'https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/p/devices?b=1&a=%2B', headers: { 'Content-Type': 'application/json', 'X-A': ' v ' }, body: '{"name":"d"}' },
      { ak: 'QTWAOYTTINDUT2QVKYUC', sk },
      { algorithm, region: 'cn-north-4', service: 'iotdm', signingDate: now },
    );
    const received = (over = {}) => ({ method: s.method, url: s.url, headers: { ...s.headers, ...over.headers }, body: over.body ?? s.body });
    const ok = await verifyRequest(received(), lookup, { now });
    assert.equal(ok.valid, true, `${algorithm}: ${ok.reason} ${ok.message}`);
    assert.equal(ok.algorithm, algorithm);
    assert.equal(ok.stringToSign, s.stringToSign, `${algorithm}: the verifier rebuilds the same string to sign`);
    assert.deepEqual(ok.query, [['a', '+'], ['b', '1']]);
    const body = await verifyRequest(received({ body: '{"name":"e"}' }), lookup, { now });
    assert.equal(body.reason, 'signature-mismatch', `${algorithm}: changed body`);
    assert.equal(body.algorithm, algorithm);
    assert.equal((await verifyRequest(received({ headers: { 'X-A': 'w' } }), lookup, { now })).reason, 'signature-mismatch', `${algorithm}: changed header`);
    const other = s.signature.slice(0, -2) + (s.signature.endsWith('00') ? '11' : '00');
    const sig = await verifyRequest(received({ headers: { Authorization: s.authorization.replace(s.signature, other) } }), lookup, { now });
    assert.equal(sig.reason, 'signature-mismatch', `${algorithm}: changed signature`);
    const wrongKey = await verifyRequest(received(), () => sk.replace('M', 'N'), { now });
    assert.equal(wrongKey.reason, 'signature-mismatch', `${algorithm}: another SK`);
  }
});
