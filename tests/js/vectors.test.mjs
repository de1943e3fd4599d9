// The vectors of tests/vectors/sdk-hmac-sha256.json through the built package, as a user imports
// it, plus the error contract: bad input gives an Error with a `code` (never a wasm trap) and the
// next call still signs correctly. Build first: scripts/build-wasm.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest } from 'hwcloud-signer';
import { bodyOf, cases, guide, signArgs } from './support/vectors.mjs';

const GUIDE_SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
const header = (headers, name) => {
  const hits = Object.keys(headers).filter((k) => k.toLowerCase() === name.toLowerCase());
  assert.ok(hits.length <= 1, `header ${name} is returned ${hits.length} times`);
  return hits.length ? headers[hits[0]] : undefined;
};

test('the vector file has the published and edge-case vectors', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} vectors`);
  assert.equal(guide.expected.signature, GUIDE_SIGNATURE);
});

for (const c of cases) {
  // Go SDK vectors leave host unsigned; the JS API always signs it (browsers send Host themselves).
  const skip = c.settings?.signHost === false && 'host-unsigned Go SDK vector: the JS API always signs host (checked natively by tests/vectors.rs)';
  test(`vector ${c.name}`, { skip }, async () => {
    const out = await signRequest(...signArgs(c));
    const e = c.expected;
    assert.equal(out.canonicalRequest, e.canonicalRequest, 'canonical request');
    assert.equal(out.stringToSign, e.stringToSign, 'string to sign');
    assert.equal(out.signature, e.signature, 'signature');
    assert.equal(out.signedHeaders, e.signedHeaders, 'signed headers');
    assert.equal(out.authorization, e.authorization, 'authorization');
    assert.equal(out.method, c.method.toUpperCase());

    // The URL to send carries exactly the canonical query string.
    assert.equal(out.url, e.url, 'url to send');
    const sent = new URL(out.url);
    assert.equal(sent.search.replace(/^\?/, ''), e.canonicalQuery, 'sent query = canonical query');
    assert.equal(sent.hash, '');

    assert.equal(header(out.headers, 'X-Sdk-Date'), c.sdkDate);
    assert.equal(header(out.headers, 'Authorization'), e.authorization);
    assert.equal(header(out.headers, 'Host'), undefined, 'Host is never returned');
    assert.equal(header(out.headers, 'X-Security-Token'), c.securityToken);
    assert.equal(header(out.headers, 'X-Project-Id'), c.projectId);
    assert.equal(header(out.headers, 'X-Domain-Id'), c.domainId);
    if (c.settings?.unsignedPayload) assert.equal(header(out.headers, 'X-Sdk-Content-Sha256'), 'UNSIGNED-PAYLOAD');
    for (const name of e.signedHeaders.split(';')) {
      if (name !== 'host') assert.notEqual(header(out.headers, name), undefined, `signed header ${name} must be sent`);
    }
    const body = bodyOf(c);
    if (body !== null) assert.deepEqual(out.body, body, 'body is returned as given');
  });
}

test('a URL object and a Headers object sign like strings and pairs', async () => {
  const [req, creds, opts] = signArgs(guide);
  const out = await signRequest({ ...req, url: new URL(req.url), headers: new Headers(req.headers) }, creds, opts);
  assert.equal(out.signature, GUIDE_SIGNATURE);
  const fromRecord = await signRequest({ ...req, headers: Object.fromEntries(req.headers) }, creds, { signingDate: Date.UTC(2019, 10, 15, 3, 36, 55) });
  assert.equal(fromRecord.signature, GUIDE_SIGNATURE);
});

// Error contract. SK is a recognisable secret that must never show up in an error.
const SK = 'TopSecretKeyMaterial0123456789';
const ok = { method: 'GET', url: 'https://h.example.com/p' };
const creds = { ak: 'AccessKey', sk: SK };
const badInputs = [
  ['request is not an object', [null, creds], 'ERR_INVALID_ARGUMENT'],
  ['relative URL', [{ url: '/v1/x' }, creds], 'ERR_INVALID_URL'],
  ['ftp URL', [{ url: 'ftp://h.example.com/x' }, creds], 'ERR_INVALID_URL'],
  ['URL with user info', [{ url: 'https://u:p@h.example.com/' }, creds], 'ERR_INVALID_URL'],
  ['URL over 32 KB', [{ url: 'https://h.example.com/' + 'a'.repeat(33 * 1024) }, creds], 'ERR_URL_TOO_LONG'],
  ['method with a space (checked in wasm)', [{ ...ok, method: 'GE T' }, creds], 'ERR_INVALID_METHOD'],
  ['method not a string', [{ ...ok, method: 42 }, creds], 'ERR_INVALID_METHOD'],
  ['header name with a space', [{ ...ok, headers: [['X A', '1']] }, creds], 'ERR_INVALID_HEADER'],
  ['header value with CRLF', [{ ...ok, headers: [['X-A', 'a\r\nX-B: b']] }, creds], 'ERR_INVALID_HEADER'],
  ['empty Host header (checked in wasm)', [{ ...ok, headers: [['Host', '  ']] }, creds], 'ERR_INVALID_HEADER'],
  ['header over 32 KB', [{ ...ok, headers: [['X-A', 'v'.repeat(33 * 1024)]] }, creds], 'ERR_HEADERS_TOO_LARGE'],
  ['month 13 (checked in wasm)', [ok, creds, { signingDate: '20191315T033655Z' }], 'ERR_INVALID_DATE'],
  ['ISO date string', [ok, creds, { signingDate: '2019-11-15T03:36:55Z' }], 'ERR_INVALID_DATE'],
  ['NaN date', [ok, creds, { signingDate: NaN }], 'ERR_INVALID_DATE'],
  ['Invalid Date', [ok, creds, { signingDate: new Date('x') }], 'ERR_INVALID_DATE'],
  ['credentials missing', [ok, undefined], 'ERR_INVALID_CREDENTIALS'],
  ['empty sk', [ok, { ak: 'AccessKey', sk: '' }], 'ERR_INVALID_CREDENTIALS'],
  ['ak with a comma (checked in wasm)', [ok, { ak: 'Access,Key', sk: SK }], 'ERR_INVALID_CREDENTIALS'],
  ['sk with a trailing newline (checked in wasm)', [ok, { ak: 'AccessKey', sk: SK + '\n' }], 'ERR_INVALID_CREDENTIALS'],
  ['uppercase payloadHash (checked in wasm)', [ok, creds, { payloadHash: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' }], 'ERR_INVALID_PAYLOAD_HASH'],
  ['payloadHash and unsignedPayload', [ok, creds, { payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', unsignedPayload: true }], 'ERR_INVALID_ARGUMENT'],
  ['body is a plain object', [{ ...ok, method: 'POST', body: { a: 1 } }, creds], 'ERR_UNSUPPORTED_BODY'],
  ['body over 12 MB', [{ ...ok, method: 'PUT', body: new Uint8Array(12 * 1024 * 1024 + 1) }, creds], 'ERR_BODY_TOO_LARGE'],
];

for (const [what, args, code] of badInputs) {
  test(`bad input gives ${code}, not a trap: ${what}`, async () => {
    let err;
    try {
      await signRequest(...args);
    } catch (e) {
      err = e;
    }
    assert.ok(err, 'signRequest must reject');
    assert.ok(err instanceof Error, 'an Error');
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `a WebAssembly trap leaked: ${err.message}`);
    assert.equal(err.code, code, `code (message: ${err.message})`);
    assert.ok(err.message.length > 10, 'the message says what to fix');
    for (const text of [err.message, String(err.stack), JSON.stringify(err)]) assert.ok(!text.includes(SK), 'the secret key leaked into the error');
    if (code === 'ERR_BODY_TOO_LARGE') assert.match(err.message, /token/i, 'points to token authentication');

    const next = await signRequest(...signArgs(guide));
    assert.equal(next.signature, GUIDE_SIGNATURE, 'the next call still signs correctly');
  });
}
