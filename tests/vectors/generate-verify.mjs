// Writes tests/vectors/verify.json: received requests with the verdict a verifier must reach.
// Every signature is computed here, with node:crypto only, from a canonical request written out by
// hand for each case (never by the project's code); the signing guide's published signature is
// reproduced before anything is written. Format: see "_format" below and tests/vectors/README.md.
//
//   node tests/vectors/generate-verify.mjs          # rewrite verify.json
//   node tests/vectors/generate-verify.mjs --check  # exit 1 if verify.json is stale

import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const OUT = new URL('./verify.json', import.meta.url);
const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const DATE = '20191115T033655Z';
const NOW = Date.UTC(2019, 10, 15, 3, 36, 55);
const MIN = 60_000;
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha = (s) => createHash('sha256').update(s).digest('hex');

/**
 * The canonical request, signature and Authorization for hand-written canonical parts, with
 * node:crypto only: SHA-256 or (SDK-HMAC-SM3) OpenSSL's SM3; for V11-HMAC-SHA256 the HMAC key is the
 * 64 hex characters of HKDF-SHA256(IKM = SK, salt = AK, info = scope).
 */
function sign({ alg = 'SDK-HMAC-SHA256', method, uri, query = '', headers, payload, scope = '' }) {
  const names = headers.map(([n]) => n);
  const canonicalRequest = [method, uri, query, ...headers.map(([n, v]) => `${n}:${v}`), '', names.join(';'), payload].join('\n');
  const h = alg === 'SDK-HMAC-SM3' ? 'sm3' : 'sha256';
  const stringToSign = `${alg}\n${DATE}\n${scope ? scope + '\n' : ''}${createHash(h).update(canonicalRequest).digest('hex')}`;
  const key = alg === 'V11-HMAC-SHA256' ? Buffer.from(hkdfSync('sha256', SK, AK, scope, 32)).toString('hex') : SK;
  const signature = createHmac(h, key).update(stringToSign).digest('hex');
  return { canonicalRequest, signature, authorization: `${alg} ${scope ? `Credential=${AK}/${scope}` : `Access=${AK}`}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

const GUIDE_URL = 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
const guide = sign({
  method: 'GET',
  uri: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
  query: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  headers: [['content-type', 'application/json'], ['host', 'service.region.example.com'], ['x-sdk-date', DATE]],
  payload: EMPTY_SHA,
});
// Published in Huawei's API Request Signing Guide.
if (guide.signature !== '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe') throw new Error('the signing guide example is not reproduced');
const GUIDE_PATH = '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs';
const GUIDE_QUERY = [['limit', '2'], ['marker', '13551d6b-755d-4757-b956-536f674975c0']];
const guideHeaders = (auth = guide.authorization, extra = []) => [['Content-Type', 'application/json'], ['X-Sdk-Date', DATE], ['Authorization', auth], ...extra];
const guideAuth = (fields) => `SDK-HMAC-SHA256 ${fields}`;
const SIG = guide.signature;

const cases = [];
const valid = (name, notes, request, canonicalRequest, extra) => cases.push({
  name, notes, method: 'GET', body: null, now: NOW, secrets: { [AK]: SK }, options: {}, ...request,
  expected: { valid: true, ak: AK, path: GUIDE_PATH, query: GUIDE_QUERY, unsignedPayload: false, canonicalRequest, ...extra },
});
const refused = (name, notes, reason, request, ak = AK) => cases.push({
  name, notes, method: 'GET', url: GUIDE_URL, headers: guideHeaders(), body: null, now: NOW, secrets: { [AK]: SK }, options: {}, ...request,
  expected: { valid: false, reason, ak },
});

// --- valid requests ---------------------------------------------------------------------------
valid('guide-example', "Huawei's signing guide example as received (no Host header: the URL's host is signed)", { url: GUIDE_URL, headers: guideHeaders() }, guide.canonicalRequest);
valid('guide-example-host-header', 'an explicit Host header (any case) is what was signed, not the URL the server saw; the header names in other cases', {
  method: 'get',
  url: 'http://127.0.0.1:8080/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2',
  headers: [['content-type', 'application/json'], ['x-sdk-date', DATE], ['AUTHORIZATION', guide.authorization], ['HOST', 'Service.Region.Example.com']],
}, guide.canonicalRequest);
valid('signature-upper-case-hex', 'Signature in upper-case hex, fields in another order, extra spaces and tabs', {
  url: GUIDE_URL,
  headers: guideHeaders(` SDK-HMAC-SHA256  Signature=${SIG.toUpperCase()} ,SignedHeaders=content-type;host;x-sdk-date,\tAccess=${AK} `),
}, guide.canonicalRequest);
valid('date-window-edge-behind', 'X-Sdk-Date exactly 15 minutes behind the server clock', { url: GUIDE_URL, headers: guideHeaders(), now: NOW + 15 * MIN }, guide.canonicalRequest);
valid('date-window-edge-ahead', 'X-Sdk-Date exactly 15 minutes ahead of the server clock', { url: GUIDE_URL, headers: guideHeaders(), now: NOW - 15 * MIN }, guide.canonicalRequest);
valid('date-window-option', 'options.maxSkewMs widens the window', { url: GUIDE_URL, headers: guideHeaders(), now: NOW + 60 * MIN, options: { maxSkewMs: 60 * MIN } }, guide.canonicalRequest);

{
  // The Go SDK: signs every header it holds but Content-Type (user-agent included), never host;
  // JSON bodies come from json.Encoder, with a trailing newline.
  const body = '{"vpc":{"name":"vpc-1"}}\n';
  const go = sign({ method: 'POST', uri: '/v1/p1/vpcs/', query: 'limit=10', headers: [['user-agent', 'huaweicloud-usdk-go/3.0'], ['x-project-id', 'p1'], ['x-sdk-date', DATE]], payload: sha(body) });
  valid('go-sdk-shape', 'the Go SDK shape: user-agent signed, host not signed (so the Host header may be anything), Content-Type not signed', {
    method: 'POST',
    url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?limit=10',
    headers: [['Host', 'vpc.cn-north-4.myhuaweicloud.com'], ['User-Agent', 'huaweicloud-usdk-go/3.0'], ['Content-Type', 'application/json'], ['X-Project-Id', 'p1'], ['X-Sdk-Date', DATE], ['Authorization', go.authorization], ['Accept-Encoding', 'gzip']],
    body: { utf8: body },
  }, go.canonicalRequest, { path: '/v1/p1/vpcs', query: [['limit', '10']] });
  refused('go-sdk-shape-user-agent-tampered', 'the Go SDK shape with the signed User-Agent changed', 'signature-mismatch', {
    method: 'POST',
    url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?limit=10',
    headers: [['User-Agent', 'huaweicloud-usdk-go/3.1'], ['Content-Type', 'application/json'], ['X-Project-Id', 'p1'], ['X-Sdk-Date', DATE], ['Authorization', go.authorization]],
    body: { utf8: body },
  });
  refused('go-sdk-shape-user-agent-missing', 'the Go SDK shape without the signed User-Agent header', 'missing-signed-header', {
    method: 'POST',
    url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/p1/vpcs?limit=10',
    headers: [['Content-Type', 'application/json'], ['X-Project-Id', 'p1'], ['X-Sdk-Date', DATE], ['Authorization', go.authorization]],
    body: { utf8: body },
  });
}
{
  // The Node SDK given a User-Agent: every header lower-cased and signed, host added.
  const body = '{"a":1}';
  const ua = sign({ method: 'POST', uri: '/v1/p/servers/', query: 'limit=1', headers: [['content-type', 'application/json'], ['host', 'ecs.cn-north-4.myhuaweicloud.com'], ['user-agent', 'huaweicloud-usdk-nodejs/3.0'], ['x-sdk-date', DATE]], payload: sha(body) });
  valid('user-agent-signed', 'the Node and Python SDK shape when a User-Agent is set: user-agent signed next to host', {
    method: 'POST',
    url: 'https://ecs.cn-north-4.myhuaweicloud.com/v1/p/servers?limit=1',
    headers: [['User-Agent', 'huaweicloud-usdk-nodejs/3.0'], ['Content-Type', 'application/json'], ['X-Sdk-Date', DATE], ['host', 'ecs.cn-north-4.myhuaweicloud.com'], ['Authorization', ua.authorization]],
    body: { utf8: body },
  }, ua.canonicalRequest, { path: '/v1/p/servers', query: [['limit', '1']] });
}
{
  const s = sign({ method: 'GET', uri: '/', headers: [['x-sdk-date', DATE]], payload: EMPTY_SHA });
  valid('only-x-sdk-date-signed', 'the smallest SignedHeaders list: x-sdk-date alone; the root path', {
    url: 'https://h.example.com',
    headers: [['X-Sdk-Date', DATE], ['Authorization', s.authorization]],
  }, s.canonicalRequest, { path: '/', query: [] });
}
{
  // One signature, a received URL in another form than the signed one: the values handed over are the signed ones.
  const s = sign({ method: 'GET', uri: '/v1/a%2Bb/%E4%B8%80/c%20d/', query: 'flag=&k=1&k=2&q=a%2Bb', headers: [['host', 'h.example.com'], ['x-sdk-date', DATE]], payload: EMPTY_SHA });
  valid('signed-path-and-query', 'a raw "+" is a plus; repeated keys in any order; no trailing slash; a key without "="; the result has the decoded, canonical values', {
    url: 'https://h.example.com/v1/a+b/%E4%B8%80/c%20d?q=a+b&k=2&k=1&flag',
    headers: [['X-Sdk-Date', DATE], ['Authorization', s.authorization]],
  }, s.canonicalRequest, { path: '/v1/a+b/一/c d', query: [['flag', ''], ['k', '1'], ['k', '2'], ['q', 'a+b']] });
}
{
  const s = sign({ method: 'PUT', uri: '/o/', headers: [['content-length', '3'], ['host', 'h.example.com:8443'], ['x-a', 'spaced  value'], ['x-sdk-date', DATE], ['x_b', '1']], payload: sha('abc') });
  valid('headers-this-library-never-signs', 'content-length, a name with "_", a non-default port in host, a value trimmed at both ends (not inside)', {
    method: 'PUT',
    url: 'https://h.example.com:8443/o',
    headers: [['Content-Length', '3'], ['X-A', ' \tspaced  value '], ['x_b', '1'], ['X-Sdk-Date', DATE], ['Authorization', s.authorization]],
    body: { utf8: 'abc' },
  }, s.canonicalRequest, { path: '/o', query: [] });
}
{
  const hash = sha('payload');
  const s = sign({ method: 'PUT', uri: '/o/', headers: [['host', 'h.example.com'], ['x-sdk-content-sha256', hash], ['x-sdk-date', DATE]], payload: hash });
  const request = { method: 'PUT', url: 'https://h.example.com/o', headers: [['X-Sdk-Content-Sha256', hash], ['X-Sdk-Date', DATE], ['Authorization', s.authorization]] };
  valid('content-sha256-signed', 'a signed X-Sdk-Content-Sha256 that is the hash of the body (given as base64)', { ...request, body: { base64: Buffer.from('payload').toString('base64') } }, s.canonicalRequest, { path: '/o', query: [] });
  refused('payload-hash-mismatch', 'a signed X-Sdk-Content-Sha256 that is not the hash of the body', 'payload-hash-mismatch', { ...request, body: { utf8: 'PAYLOAD' } });
}
{
  const s = sign({ method: 'PUT', uri: '/o/', headers: [['host', 'h.example.com'], ['x-sdk-content-sha256', 'UNSIGNED-PAYLOAD'], ['x-sdk-date', DATE]], payload: 'UNSIGNED-PAYLOAD' });
  const request = { method: 'PUT', url: 'https://h.example.com/o', headers: [['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD'], ['X-Sdk-Date', DATE], ['Authorization', s.authorization]], body: { utf8: 'any body at all' } };
  valid('unsigned-payload-allowed', 'UNSIGNED-PAYLOAD with options.allowUnsignedPayload: valid, flagged, the body not read', { ...request, options: { allowUnsignedPayload: true } }, s.canonicalRequest, { path: '/o', query: [], unsignedPayload: true });
  refused('unsigned-payload-refused', 'UNSIGNED-PAYLOAD is refused by default (before the key is looked up)', 'unsigned-payload', request);
}
{
  const s = sign({ method: 'PUT', uri: '/o/', headers: [['host', 'h.example.com'], ['x-sdk-date', DATE]], payload: sha('hello') });
  const request = { method: 'PUT', url: 'https://h.example.com/o', headers: [['X-Sdk-Date', DATE], ['Authorization', s.authorization]], body: { utf8: 'hello' } };
  valid('body-at-limit', 'a body of exactly options.maxBodyBytes', { ...request, options: { maxBodyBytes: 5 } }, s.canonicalRequest, { path: '/o', query: [] });
  refused('body-too-large', 'a body longer than options.maxBodyBytes (before the key is looked up: its length is known)', 'body-too-large', { ...request, options: { maxBodyBytes: 4 } });
  refused('body-too-large-declared', 'a Content-Length above the limit is refused whatever arrives', 'body-too-large', { ...request, headers: [...request.headers, ['Content-Length', '1000']], options: { maxBodyBytes: 100 } });
  refused('signature-mismatch-body', 'the body changed', 'signature-mismatch', { ...request, body: { utf8: 'hellO' } });
}

// --- refusals -----------------------------------------------------------------------------------
refused('date-skew-behind', 'X-Sdk-Date 15 minutes and 1 ms behind', 'date-skew', { now: NOW + 15 * MIN + 1 });
refused('date-skew-ahead', 'X-Sdk-Date 15 minutes and 1 ms ahead', 'date-skew', { now: NOW - 15 * MIN - 1 });
refused('missing-authorization', 'no Authorization header', 'missing-authorization', { headers: [['Content-Type', 'application/json'], ['X-Sdk-Date', DATE]] }, null);
const malformed = {
  empty: '',
  'algorithm-only': 'SDK-HMAC-SHA256',
  'no-signature': `Access=${AK}, SignedHeaders=content-type;host;x-sdk-date`,
  'short-signature': `Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG.slice(1)}`,
  'non-hex-signature': `Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG.slice(1)}z`,
  'signed-headers-upper-case': `Access=${AK}, SignedHeaders=Content-Type;host;x-sdk-date, Signature=${SIG}`,
  'signed-headers-unsorted': `Access=${AK}, SignedHeaders=host;content-type;x-sdk-date, Signature=${SIG}`,
  'signed-headers-repeated': `Access=${AK}, SignedHeaders=content-type;host;host;x-sdk-date, Signature=${SIG}`,
  'signed-headers-without-date': `Access=${AK}, SignedHeaders=content-type;host, Signature=${SIG}`,
  'signed-headers-empty-name': `Access=${AK}, SignedHeaders=content-type;host;x-sdk-date;, Signature=${SIG}`,
  'signed-authorization': `Access=${AK}, SignedHeaders=authorization;content-type;host;x-sdk-date, Signature=${SIG}`,
  'field-repeated': `Access=${AK}, Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG}`,
  'field-unknown': `Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG}, Extra=1`,
  'access-empty': `Access=, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG}`,
};
for (const [what, fields] of Object.entries(malformed)) {
  const auth = what === 'empty' || what === 'algorithm-only' ? (what === 'empty' ? '' : fields) : guideAuth(fields);
  refused(`malformed-authorization-${what}`, `Authorization: ${JSON.stringify(auth).slice(0, 80)}`, 'malformed-authorization', { headers: guideHeaders(auth) }, null);
}
refused('malformed-authorization-not-a-token', 'an algorithm name that is not an HTTP token', 'malformed-authorization', { headers: guideHeaders('Bearer: abc') }, null);
refused('unsupported-algorithm', 'another scheme', 'unsupported-algorithm', { headers: guideHeaders(`AWS4-HMAC-SHA256 Credential=${AK}/20191115/r/s/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`) }, null);
refused('missing-date', 'no X-Sdk-Date header', 'missing-date', { headers: [['Content-Type', 'application/json'], ['Authorization', guide.authorization]] });
refused('invalid-date-format', 'X-Sdk-Date in ISO 8601 with separators', 'invalid-date', { headers: [['Content-Type', 'application/json'], ['X-Sdk-Date', '2019-11-15T03:36:55Z'], ['Authorization', guide.authorization]] });
refused('invalid-date-calendar', 'X-Sdk-Date on 30 February', 'invalid-date', { headers: [['Content-Type', 'application/json'], ['X-Sdk-Date', '20190230T000000Z'], ['Authorization', guide.authorization]] });
refused('missing-signed-header', 'content-type is listed in SignedHeaders but not in the request', 'missing-signed-header', { headers: [['X-Sdk-Date', DATE], ['Authorization', guide.authorization]] });
refused('invalid-request-scheme', 'a URL that is not http(s)', 'invalid-request', { url: 'ftp://service.region.example.com/v1/' });
refused('invalid-request-method', 'a method that is not an HTTP token', 'invalid-request', { method: 'GE T' });
refused('unknown-ak', 'an access key id the secrets do not hold', 'unknown-ak', { secrets: { OTHERAK: SK } });
for (const name of ['constructor', '__proto__', 'toString']) {
  refused(`unknown-ak-${name.replace(/_/g, '')}`, `Access=${name}: a lookup written as secrets[ak] must not find an inherited property`, 'unknown-ak', { headers: guideHeaders(guide.authorization.replace(AK, name)) }, name);
}
refused('signature-mismatch-wrong-secret', 'the secret key held for the access key id is another one', 'signature-mismatch', { secrets: { [AK]: SK.toLowerCase() } });
refused('signature-mismatch-signed-header', 'a signed header changed', 'signature-mismatch', { headers: [['Content-Type', 'text/plain'], ['X-Sdk-Date', DATE], ['Authorization', guide.authorization]] });
refused('signature-mismatch-query', 'a query parameter added', 'signature-mismatch', { url: GUIDE_URL + '&offset=1' });
refused('signature-mismatch-path', 'the path changed', 'signature-mismatch', { url: GUIDE_URL.replace('/vpcs', '/vpcz') });
refused('signature-mismatch-host', 'the URL host changed (host is signed, no Host header)', 'signature-mismatch', { url: GUIDE_URL.replace('service.region', 'other.region') });

// --- the other algorithms, computed independently with node:crypto (HKDF-SHA256 for the V11 key,
// OpenSSL's SM3); the elliptic-curve ones only where the outcome needs no private key ---------
const IOT_URL = 'https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/p1/devices?limit=1';
const SCOPE = '20191115/cn-north-4/iotdm';
const v11 = sign({ alg: 'V11-HMAC-SHA256', method: 'GET', uri: '/v5/iot/p1/devices/', query: 'limit=1', headers: [['host', 'iotda.cn-north-4.myhuaweicloud.com'], ['x-sdk-date', DATE]], payload: EMPTY_SHA, scope: SCOPE });
const v11Headers = (auth) => [['X-Sdk-Date', DATE], ['Authorization', auth]];
const iot = { url: IOT_URL, headers: v11Headers(v11.authorization) };
valid('v11', 'V11-HMAC-SHA256 (IoTDA: service iotdm): Credential=AK/YYYYMMDD/region/service, key derived with HKDF', iot, v11.canonicalRequest, { path: '/v5/iot/p1/devices', query: [['limit', '1']] });
refused('v11-scope-date-mismatch', "V11: the credential scope's date is not X-Sdk-Date's", 'scope-date-mismatch', { ...iot, headers: v11Headers(v11.authorization.replace('/20191115/', '/20191114/')) });
refused('v11-other-region', 'V11: another region in the scope derives another key', 'signature-mismatch', { ...iot, headers: v11Headers(v11.authorization.replace('/cn-north-4/', '/cn-north-1/')) });
refused('v11-access-field', 'V11 takes Credential=, not Access=', 'malformed-authorization', { ...iot, headers: v11Headers(v11.authorization.replace(`Credential=${AK}/${SCOPE}`, `Access=${AK}`)) }, null);
const SM3_BODY = '{"a":1}';
const sm3 = (s) => createHash('sm3').update(s).digest('hex');
const sm3Signed = (content) => sign({ alg: 'SDK-HMAC-SM3', method: 'PUT', uri: '/o/', headers: [['host', 'h.example.com'], ['x-sdk-content-sm3', content], ['x-sdk-date', DATE]], payload: content });
const sm3Request = (content, auth) => ({ method: 'PUT', url: 'https://h.example.com/o', body: { utf8: SM3_BODY }, headers: [['X-Sdk-Content-Sm3', content], ['X-Sdk-Date', DATE], ['Authorization', auth]] });
const sm3Valid = sm3Signed(sm3(SM3_BODY));
valid('sm3', 'SDK-HMAC-SM3: SM3 hashes, the body hash in X-Sdk-Content-Sm3', sm3Request(sm3(SM3_BODY), sm3Valid.authorization), sm3Valid.canonicalRequest, { path: '/o', query: [] });
refused('sm3-payload-hash-mismatch', 'SDK-HMAC-SM3: the body is not the one whose SM3 was signed', 'payload-hash-mismatch', { ...sm3Request(sm3(SM3_BODY), sm3Valid.authorization), body: { utf8: '{"a":2}' } });
const sm3Unsigned = sm3Signed('UNSIGNED-PAYLOAD');
refused('sm3-unsigned-payload', 'SDK-HMAC-SM3 with X-Sdk-Content-Sm3: UNSIGNED-PAYLOAD, not allowed by default', 'unsigned-payload', sm3Request('UNSIGNED-PAYLOAD', sm3Unsigned.authorization));
valid('sm3-unsigned-payload-allowed', 'SDK-HMAC-SM3 UNSIGNED-PAYLOAD with allowUnsignedPayload', { ...sm3Request('UNSIGNED-PAYLOAD', sm3Unsigned.authorization), options: { allowUnsignedPayload: true } }, sm3Unsigned.canonicalRequest, { path: '/o', query: [], unsignedPayload: true });
refused('ecdsa-signature-mismatch', 'SDK-ECDSA-P256-SHA256: a DER signature that is not the signature of this request', 'signature-mismatch', { url: IOT_URL, headers: v11Headers(`SDK-ECDSA-P256-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=3006020101020101`) });
refused('ecdsa-not-der', 'SDK-ECDSA-P256-SHA256: a signature that is not DER hex', 'malformed-authorization', { url: IOT_URL, headers: v11Headers(`SDK-ECDSA-P256-SHA256 Access=${AK}, SignedHeaders=host;x-sdk-date, Signature=${'ab'.repeat(32)}`) }, null);

const FORMAT = [
  'cases[]: one received request each, run through the verifier with lookup = (ak) => secrets[ak] (an unknown or inherited name is unknown-ak).',
  'method: the request method; url: the absolute URL as received; headers: [name, value] pairs as received, names distinct case-insensitively;',
  'body: null (empty) | {"utf8": text} | {"base64": bytes}; now: the server clock in epoch milliseconds; secrets: {ak: sk};',
  'options: {maxSkewMs?, allowUnsignedPayload? (default false), maxBodyBytes? (default and maximum 12582912)}.',
  'expected: {valid: true, ak, path, query: [[key, value]...], unsignedPayload, canonicalRequest} | {valid: false, reason, ak (null when the Authorization header was not parsed)}.',
  'Checks run in this order and the first failing one gives the reason: Authorization present, parsed, algorithm; X-Sdk-Date present, valid, within maxSkewMs;',
  'URL http(s) and method a token; every signed header present (host defaults to the URL host); UNSIGNED-PAYLOAD allowed; Content-Length and known body length <= maxBodyBytes;',
  'then the key lookup (unknown-ak), the body (body-too-large while streaming, payload-hash-mismatch), and the signature (signature-mismatch).',
  'Written by tests/vectors/generate-verify.mjs; see tests/vectors/README.md.',
].join(' ');

const KEYS = ['name', 'notes', 'method', 'url', 'headers', 'body', 'now', 'secrets', 'options', 'expected'];
const ordered = cases.map((c) => Object.fromEntries(KEYS.map((k) => [k, c[k]])));
const text = JSON.stringify({ _format: FORMAT, cases: ordered }, null, 2) + '\n';
const names = new Set(cases.map((c) => c.name));
if (names.size !== cases.length) throw new Error('case names must be unique');
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('tests/vectors/verify.json is stale: run node tests/vectors/generate-verify.mjs');
    process.exit(1);
  }
  console.log(`verify.json is current (${cases.length} cases)`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote verify.json (${cases.length} cases)`);
}
