// explainMismatch / parseServerMessage / clockOffset: the "server said vs ours" logic shared by the
// demo page and the CLI. Server messages are shaped like the gateway's real 401 replies
// (APIGW.0301, canonical request echoed with "|" for newlines; see the signing spec §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest, explainMismatch, parseServerMessage, clockOffset, HwCloudSignerTypeError } from 'hwcloud-signer';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const BRACES = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const GUIDE = {
  request: {
    method: 'GET',
    url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20191115T033655Z' },
  },
  creds: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
};
const OURS = [
  'GET',
  '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
  'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  'content-type:application/json',
  'host:service.region.example.com',
  'x-sdk-date:20191115T033655Z',
  '',
  'content-type;host;x-sdk-date',
  EMPTY,
];

/** A gateway reply echoing `lines` (the canonical request it computed). */
function reply(lines, { id = '3f2a9c1e8b7d4e6fa0b1c2d3e4f5a6b7' } = {}) {
  return JSON.stringify({
    error_msg: `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${lines.join('|')}`,
    error_code: 'APIGW.0301',
    request_id: id,
  });
}
const with_ = (i, v) => OURS.map((l, j) => (j === i ? v : l));
const ours = OURS.join('\n');
const explain = (lines, canonicalRequest = ours) => explainMismatch({ serverMessage: reply(lines), canonicalRequest });

test('our canonical request fixture is what the package computes for the signing-guide example', async () => {
  const signed = await signRequest(GUIDE.request, GUIDE.creds);
  assert.equal(signed.canonicalRequest, ours);
  assert.equal(signed.signature, '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
});

test('parseServerMessage reads code, request id and the echoed canonical request', () => {
  const p = parseServerMessage(reply(OURS));
  assert.equal(p.code, 'APIGW.0301');
  assert.equal(p.requestId, '3f2a9c1e8b7d4e6fa0b1c2d3e4f5a6b7');
  assert.equal(p.canonicalRequest, ours);
  assert.equal(p.sdkDate, '20191115T033655Z');
  assert.match(p.message, /^Incorrect IAM authentication information: verify aksk signature fail/);
});

test('the signing guide\'s APP-auth echo shape (empty query) parses', () => {
  const msg = '{"error_msg":"Incorrect app authentication information: verify aksk signature fail, canonicalRequest:GET|/test/||host:apig.example.com|x-sdk-date:20230527T015431Z||host;x-sdk-date|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","error_code":"APIGW.0303","request_id":"d1c2"}';
  const p = parseServerMessage(msg);
  assert.equal(p.code, 'APIGW.0303');
  assert.equal(p.canonicalRequest, 'GET\n/test/\n\nhost:apig.example.com\nx-sdk-date:20230527T015431Z\n\nhost;x-sdk-date\n' + EMPTY);
});

test('messages pasted without JSON, with JSON escapes, a whole HTTP response, or a nested error', () => {
  const raw = `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${OURS.join('|')}`;
  assert.equal(parseServerMessage(raw).canonicalRequest, ours);
  // Go's encoder escapes & as \u0026; a truncated paste keeps the text up to the cut.
  const escaped = `"error_msg":"Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:${OURS.join('|').replace(/&/g, '\\u0026')}","error_code":"APIGW.0301"`;
  const p = parseServerMessage(escaped);
  assert.equal(p.canonicalRequest, ours);
  assert.equal(p.code, 'APIGW.0301');
  const http = `HTTP/1.1 401 Unauthorized\r\nServer: api-gateway\r\nX-Request-Id: 0a1b2c3d4e5f\r\nContent-Type: application/json\r\n\r\n${reply(OURS, { id: '' })}`;
  const h = parseServerMessage(http);
  assert.equal(h.requestId, '0a1b2c3d4e5f');
  assert.equal(h.canonicalRequest, ours);
  const nested = parseServerMessage('{"error":{"code":"APIGW.0307","message":"The token must be updated.","title":"Unauthorized"}}');
  assert.equal(nested.code, 'APIGW.0307');
  assert.equal(nested.message, 'The token must be updated.');
  assert.equal(nested.canonicalRequest, null);
});

test('text after the payload hash (a cut log line) is not part of the echo', () => {
  const p = parseServerMessage(`verify aksk signature fail, canonicalRequest:${OURS.join('|')}", "error_code": "APIGW.0301`);
  assert.equal(p.canonicalRequest, ours);
});

test('a "|" inside a header value survives the echo', () => {
  const lines = [...OURS.slice(0, 5), 'x-note:a|b|c', OURS[5], '', 'content-type;host;x-note;x-sdk-date', EMPTY];
  const p = parseServerMessage(reply(lines));
  assert.equal(p.canonicalRequest.split('\n')[5], 'x-note:a|b|c');
  assert.equal(p.canonicalRequest, lines.join('\n'));
});

test('identical canonical requests: kind none, every line the same', () => {
  const r = explain(OURS);
  assert.equal(r.kind, 'none');
  assert.equal(r.firstDifference, null);
  assert.equal(r.lines.length, 8);
  assert.ok(r.lines.every((l) => l.status === 'same'));
  assert.deepEqual(r.lines.map((l) => l.part), ['method', 'canonical-uri', 'canonical-query', 'canonical-headers', 'canonical-headers', 'canonical-headers', 'signed-headers', 'payload-hash']);
  assert.match(r.summary, /identical/);
  assert.match(r.summary, /SK/);
  assert.equal(r.server.code, 'APIGW.0301');
});

test('method', () => {
  const r = explain(with_(0, 'POST'));
  assert.equal(r.kind, 'method');
  assert.equal(r.firstDifference.ours, 'GET');
  assert.equal(r.firstDifference.theirs, 'POST');
  assert.equal(r.firstDifference.part, 'method');
});

test('path encoded twice', () => {
  const mine = with_(1, '/v1/a%20b/').join('\n');
  const r = explain(with_(1, '/v1/a%2520b/'), mine);
  assert.equal(r.kind, 'path');
  assert.equal(r.firstDifference.detail, 'double-encoded');
  assert.match(r.firstDifference.explanation, /twice/);
});

test('path encoded differently (same decoded path)', () => {
  const mine = with_(1, '/v1/urn:fss/').join('\n');
  const r = explain(with_(1, '/v1/urn%3Afss/'), mine);
  assert.equal(r.kind, 'path');
  assert.equal(r.firstDifference.detail, 'encoding');
});

test('path with a proxy prefix', () => {
  const r = explain(with_(1, '/api/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/'));
  assert.equal(r.kind, 'path');
  assert.equal(r.firstDifference.detail, 'prefix');
  assert.match(r.firstDifference.explanation, /added a prefix/);
});

test('query: same parameters in another order', () => {
  const r = explain(with_(2, 'marker=13551d6b-755d-4757-b956-536f674975c0&limit=2'));
  assert.equal(r.kind, 'query');
  assert.equal(r.firstDifference.detail, 'order');
  assert.equal(r.firstDifference.part, 'canonical-query');
  assert.deepEqual(r.lines.filter((l) => l.status !== 'same').map((l) => l.part), ['canonical-query']);
});

test('query: same values, encoded differently', () => {
  const mine = with_(2, 'q=a%2Ab').join('\n');
  const r = explain(with_(2, 'q=a*b'), mine);
  assert.equal(r.kind, 'query');
  assert.equal(r.firstDifference.detail, 'encoding');
  assert.match(r.firstDifference.explanation, /%2A/);
});

test('query: a parameter missing on one side', () => {
  const gone = explain(with_(2, 'limit=2'));
  assert.equal(gone.firstDifference.detail, 'missing-on-server');
  assert.match(gone.firstDifference.explanation, /`marker`/);
  const extra = explain(with_(2, 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0&offset=5'));
  assert.equal(extra.firstDifference.detail, 'missing-locally');
  assert.match(extra.firstDifference.explanation, /`offset`/);
});

test('header signed here but not by the gateway (a Go/Java-style client that skips Content-Type)', () => {
  const r = explain(['GET', OURS[1], OURS[2], 'host:service.region.example.com', 'x-sdk-date:20191115T033655Z', '', 'host;x-sdk-date', EMPTY]);
  assert.equal(r.kind, 'header-missing-on-server');
  assert.equal(r.firstDifference.header, 'content-type');
  assert.equal(r.firstDifference.theirs, null);
  assert.match(r.firstDifference.explanation, /SignedHeaders=host;x-sdk-date/);
  const row = r.lines.find((l) => l.name === 'content-type');
  assert.equal(row.status, 'only-ours');
});

test('header signed by the gateway only (X-Project-Id added by the client)', () => {
  const lines = [...OURS.slice(0, 5), OURS[5], 'x-project-id:77b6a44cba5143ab91d13ab9a8ff44fd', '', 'content-type;host;x-sdk-date;x-project-id', EMPTY];
  lines.splice(5, 2, 'x-project-id:77b6a44cba5143ab91d13ab9a8ff44fd', OURS[5]);
  lines[8] = 'content-type;host;x-project-id;x-sdk-date';
  const r = explain(lines);
  assert.equal(r.kind, 'header-missing-locally');
  assert.equal(r.firstDifference.header, 'x-project-id');
  assert.equal(r.firstDifference.ours, null);
});

test('header value: Content-Type rewritten after signing, Host behind a proxy, a header that never arrived', () => {
  const ct = explain(with_(3, 'content-type:application/json;charset=UTF-8'));
  assert.equal(ct.kind, 'header-value');
  assert.equal(ct.firstDifference.header, 'content-type');
  assert.match(ct.firstDifference.explanation, /charset/);
  const host = explain(with_(4, 'host:localhost:8787'));
  assert.equal(host.kind, 'header-value');
  assert.equal(host.firstDifference.header, 'host');
  assert.match(host.firstDifference.explanation, /proxy/);
  const empty = explain(with_(3, 'content-type:'));
  assert.equal(empty.kind, 'header-value');
  assert.match(empty.firstDifference.explanation, /did not receive/);
});

test('a different X-Sdk-Date alone is reported; with another difference the other one wins', () => {
  const date = explain(with_(5, 'x-sdk-date:20191115T033700Z'));
  assert.equal(date.kind, 'header-value');
  assert.equal(date.firstDifference.header, 'x-sdk-date');
  assert.match(date.firstDifference.explanation, /pin the signing date to `20191115T033700Z`/);
  const both = explain(with_(5, 'x-sdk-date:20191115T033700Z').map((l, i) => (i === 8 ? BRACES : l)));
  assert.equal(both.kind, 'payload-hash');
  assert.equal(both.warnings.length, 1);
  assert.match(both.warnings[0], /X-Sdk-Date/);
});

test('signed-headers line differs while the header lines agree', () => {
  const r = explain(with_(7, 'host;content-type;x-sdk-date'));
  assert.equal(r.kind, 'signed-headers');
  assert.match(r.firstDifference.explanation, /sorted/);
});

test('payload hash: empty body on one side, "{}" sent by the client, different bytes, UNSIGNED-PAYLOAD', () => {
  const braces = explain(with_(8, BRACES));
  assert.equal(braces.kind, 'payload-hash');
  assert.match(braces.firstDifference.explanation, /"\{\}"/);
  const mine = with_(8, 'a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289').join('\n');
  const dropped = explain(OURS, mine);
  assert.equal(dropped.kind, 'payload-hash');
  assert.match(dropped.firstDifference.explanation, /empty body/);
  const other = explain(with_(8, 'a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289'), with_(8, BRACES).join('\n'));
  assert.match(other.firstDifference.explanation, /exact bytes/);
  const unsigned = explain(with_(8, 'UNSIGNED-PAYLOAD'));
  assert.equal(unsigned.kind, 'payload-hash');
  assert.match(unsigned.firstDifference.explanation, /UNSIGNED-PAYLOAD/);
});

test('the first difference is the earliest part: query before a header before the hash', () => {
  const lines = with_(2, 'limit=2').map((l, i) => (i === 3 ? 'content-type:text/plain' : i === 8 ? BRACES : l));
  const r = explain(lines);
  assert.equal(r.kind, 'query');
  assert.deepEqual(r.lines.filter((l) => l.status !== 'same').map((l) => l.part), ['canonical-query', 'canonical-headers', 'payload-hash']);
});

test('signature expired: the date outside the 15-minute window, with the measured offset', () => {
  const msg = '{"error_msg":"Incorrect IAM authentication information: calc aksk signature fail:signature expired, signature time:20211217T064303Z,server time:20211217T065804Z","error_code":"APIGW.0301","request_id":"5b1f"}';
  const r = explainMismatch({ serverMessage: msg, canonicalRequest: ours });
  assert.equal(r.kind, 'signature-expired');
  assert.equal(r.clockOffsetMs, 901000);
  assert.equal(r.firstDifference.offsetMs, 901000);
  assert.equal(r.firstDifference.ours, '20211217T064303Z');
  assert.equal(r.firstDifference.theirs, '20211217T065804Z');
  assert.match(r.summary, /15 min 1 s behind/);
  assert.match(r.summary, /15-minute/);
  const ahead = explainMismatch({ serverMessage: 'Incorrect app authentication information: signature expired, signature time:20240101T013000Z,server time:20240101T000000Z' });
  assert.equal(ahead.clockOffsetMs, -5400000);
  assert.match(ahead.summary, /1 h 30 min ahead/);
});

test('replies without an echo: lockout, unknown AK, token, bare signature failure, noise', () => {
  const k = (m) => explainMismatch({ serverMessage: m, canonicalRequest: ours }).kind;
  assert.equal(k('{"error_msg":"Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.","error_code":"APIGW.0301"}'), 'locked-out');
  assert.equal(k('{"error_msg":"Incorrect IAM authentication information: Get secretKey failed,ak:***,err:ak not exist","error_code":"APIGW.0301"}'), 'ak-not-found');
  assert.equal(k('{"error_msg":"The token must be updated.","error_code":"APIGW.0307"}'), 'token');
  assert.equal(k('{"error_msg":"Incorrect IAM authentication information: verify aksk signature fail","error_code":"APIGW.0301"}'), 'no-echo');
  assert.equal(k('<html>502 Bad Gateway</html>'), 'unrecognised');
  const noLocal = explainMismatch({ serverMessage: reply(OURS) });
  assert.equal(noLocal.kind, 'no-local-request');
  assert.equal(noLocal.serverCanonicalRequest, ours);
});

test('the package\'s own output compared with a mangled echo of it (end to end)', async () => {
  const signed = await signRequest({ ...GUIDE.request, method: 'delete', body: '' }, GUIDE.creds);
  const echo = signed.canonicalRequest.split('\n');
  echo[echo.length - 1] = BRACES;
  const r = explainMismatch({ serverMessage: reply(echo), canonicalRequest: signed.canonicalRequest, sdkDate: signed.headers['X-Sdk-Date'] });
  assert.equal(r.kind, 'payload-hash');
  assert.equal(r.firstDifference.ours, EMPTY);
  assert.equal(r.firstDifference.theirs, BRACES);
});

test('a far signing date gives a warning when there is no echo to compare', () => {
  const r = explainMismatch({ serverMessage: '{"error_msg":"verify aksk signature fail","error_code":"APIGW.0301"}', sdkDate: '20191115T033655Z', now: Date.UTC(2019, 10, 15, 5, 0, 0) });
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /1 h 23 min in the past/);
});

test('clockOffset from a response Date header', () => {
  const now = Date.UTC(2025, 10, 23, 10, 0, 0);
  const behind = clockOffset('Sun, 23 Nov 2025 10:20:00 GMT', now);
  assert.equal(behind.offsetMs, 1200000);
  assert.match(behind.explanation, /20 min behind/);
  assert.match(behind.explanation, /signature expired/);
  const ok = clockOffset('date: Sun, 23 Nov 2025 09:59:59 GMT', now);
  assert.equal(ok.offsetMs, -1000);
  assert.match(ok.explanation, /agrees/);
  const ahead = clockOffset('20251123T095500Z', now);
  assert.equal(ahead.offsetMs, -300000);
  assert.match(ahead.explanation, /5 min ahead of.*inside/);
  assert.equal(clockOffset('yesterday-ish', now), null);
  const viaExplain = explainMismatch({ serverMessage: reply(OURS), canonicalRequest: ours, responseDate: 'Sun, 23 Nov 2025 10:00:30 GMT', now });
  assert.equal(viaExplain.clockOffsetMs, 30000);
});

test('wrong argument types throw HwCloudSignerTypeError with a code', () => {
  for (const bad of [() => explainMismatch(), () => explainMismatch({}), () => explainMismatch({ serverMessage: 1 }), () => explainMismatch({ serverMessage: 'x', canonicalRequest: 5 }), () => parseServerMessage(null), () => clockOffset(42)]) {
    assert.throws(bad, (e) => e instanceof HwCloudSignerTypeError && e.code === 'ERR_INVALID_ARGUMENT' && e.message.length > 10);
  }
});
