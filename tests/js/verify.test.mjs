// verifyRequest (the server side): round trips with signRequest, every kind of tampering, clock
// skew, malformed requests, the lookup contract, programmer errors, and a cross-check against
// requests signed by Huawei's official Node SDK (@huaweicloud/huaweicloud-sdk-core AKSKSigner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { signRequest, verifyRequest } from 'hwcloud-signer';
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
  const r = await verifyRequest(recv, lookup, { now: GUIDE_NOW });
  assert.equal(r.valid, true, JSON.stringify(r));
  assert.match(r.canonicalRequest, /\nx-security-token:tok\n/);
  assert.match(r.canonicalRequest, /\nUNSIGNED-PAYLOAD$/);
  // UNSIGNED-PAYLOAD: the body is not covered (documented), but everything else is.
  assert.equal((await verifyRequest({ ...recv, body: 'other' }, lookup, { now: GUIDE_NOW })).valid, true);
  assert.equal((await verifyRequest({ ...recv, headers: { ...recv.headers, 'X-Security-Token': 'tok2' } }, lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch');
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
    ['unsupported-algorithm', auth(`SDK-HMAC-SM3 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
    ['unsupported-algorithm', auth(`V11-HMAC-SHA256 Credential=${AK}/20191115/r/s, SignedHeaders=host;x-sdk-date, Signature=${sig}`)],
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

test('lookup: sync, async, Uint8Array keys, unknown keys; called once and only for fresh, well-formed requests', async () => {
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

  const boom = new Error('db down');
  await assert.rejects(verifyRequest(received(s), () => { throw boom; }, { now: GUIDE_NOW }), (e) => e.code === 'ERR_LOOKUP_FAILED' && e.cause === boom);
  await assert.rejects(verifyRequest(received(s), async () => { throw boom; }, { now: GUIDE_NOW }), (e) => e.code === 'ERR_LOOKUP_FAILED');
  for (const bad of ['', 42, {}, [SK]]) {
    await assert.rejects(verifyRequest(received(s), () => bad, { now: GUIDE_NOW }), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_CREDENTIALS', String(bad));
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

test('SignedHeaders this library would not sign the same way: unsupported-signed-header, never a false mismatch', async () => {
  const s = await signed({ url: 'https://h.example.com/p', headers: { 'Content-Type': 'application/json' } });
  const sig = s.signature;
  const cases = [
    ['content-type;host;user-agent;x-sdk-date', 'user-agent'], // browsers own User-Agent: never signed
    ['content-length;content-type;host;x-sdk-date', 'content-length'],
    ['content-type;host;x-sdk-date;x_a', 'x_a'], // names with "_" are never signed
    ['content-type;x-sdk-date', 'host'], // the Go SDK leaves host unsigned; this library always signs it
  ];
  for (const [list, culprit] of cases) {
    const headers = { ...s.headers, 'User-Agent': 'curl/8', 'Content-Length': '0', x_a: '1', Authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${list}, Signature=${sig}` };
    const r = await verifyRequest(received(s, { headers }), lookup, { now: GUIDE_NOW });
    assert.equal(r.reason, 'unsupported-signed-header', `${list}: ${JSON.stringify(r)}`);
    assert.equal(r.ak, AK);
    assert.ok(r.message.includes(list) && r.message.includes('content-type;host;x-sdk-date') && r.message.includes(culprit), r.message);
    assert.equal(r.canonicalRequest, undefined, 'no canonical request over headers the client did not sign');
  }
});

test('signature hex in either case; a client-supplied X-Sdk-Content-Sha256 (UNSIGNED-PAYLOAD or a hash) is honoured', async () => {
  const s = await signed({ url: 'https://h.example.com/p' });
  const upper = s.authorization.slice(0, -64) + s.signature.toUpperCase();
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, Authorization: upper } }), lookup, { now: GUIDE_NOW })).valid, true);

  const u = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'data' });
  assert.equal(u.headers['X-Sdk-Content-Sha256'], 'UNSIGNED-PAYLOAD');
  for (const body of ['data', 'other']) {
    const r = await verifyRequest(received(u, { body }), lookup, { now: GUIDE_NOW });
    assert.equal(r.valid, true, JSON.stringify(r));
    assert.match(r.canonicalRequest, /\nhost;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD$/);
  }
  // Without WebCrypto (a page over plain http) the body is hashed through the signer instead.
  const hash = createHash('sha256').update('payload').digest('hex');
  const h = await signed({ method: 'PUT', url: 'https://h.example.com/o', headers: { 'X-Sdk-Content-Sha256': hash }, body: 'payload' });
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    assert.equal(globalThis.crypto, undefined);
    assert.equal((await verifyRequest(received(h), lookup, { now: GUIDE_NOW })).valid, true);
    assert.equal((await verifyRequest(received(h, { body: 'PAYLOAD' }), lookup, { now: GUIDE_NOW })).reason, 'payload-hash-mismatch');
    const big = 'b'.repeat(100_000);
    const b = await signed({ method: 'PUT', url: 'https://h.example.com/o', body: big });
    assert.equal((await verifyRequest(received(b), lookup, { now: GUIDE_NOW })).valid, true);
    assert.equal((await verifyRequest(received(b, { body: big + '!' }), lookup, { now: GUIDE_NOW })).reason, 'signature-mismatch');
  } finally {
    Object.defineProperty(globalThis, 'crypto', desc);
  }
});

test('request data the signer refuses is invalid-request; a bad key from lookup is a programmer error', async () => {
  const s = await signed({ url: 'https://h.example.com/p', headers: { 'X-A': '1' } });
  // A Latin-1 value as Node may deliver it: fetch could not have sent it.
  const r = await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': 'caf\u00e9' } }), lookup, { now: GUIDE_NOW });
  assert.deepEqual([r.valid, r.reason, r.ak], [false, 'invalid-request', AK]);
  assert.match(r.message, /x-a/i);
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': 'caf\u00e9' } }), lookup, { now: GUIDE_NOW })).reason, 'invalid-request');
  await assert.rejects(verifyRequest(received(s), () => SK + '\n', { now: GUIDE_NOW }), (e) => e.code === 'ERR_INVALID_CREDENTIALS' && !e.message.includes(SK));
  await assert.rejects(verifyRequest(received(s), () => new Uint8Array([0xff, 0xfe]), { now: GUIDE_NOW }), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_CREDENTIALS');
  // Signed headers with surrounding whitespace verify (trimmed on both sides).
  assert.equal((await verifyRequest(received(s, { headers: { ...s.headers, 'X-A': ' \t1 ' } }), lookup, { now: GUIDE_NOW })).valid, true);
});
