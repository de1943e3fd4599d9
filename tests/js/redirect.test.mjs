// Redirects (issue: credentials must never leave their origin). HuaweiCloudClient.fetch and
// TokenAuth.fetch follow same-origin redirects themselves, re-signed / with the token added again
// (the emulator's gateway checks the signature or token of every hop), and refuse a redirect to
// another origin with ERR_REDIRECT_CROSS_ORIGIN. A second local server on another port is the
// other origin: it records every request that reaches it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { HuaweiCloudClient, TokenAuth } from 'hwcloud-signer';
import { startEmulator } from '../emulator/index.mjs';

const AK = 'REDIRECTAKREDIRECTAK';
const SK = 'redirect-secret-key';
const USER = { domainName: 'acme', userName: 'alice', password: 'redirect-pw-1' };
let emu;
let other;
const seen = []; // requests that reached the other origin

before(async () => {
  emu = await startEmulator({ keys: { [AK]: SK }, users: [{ ...USER }] });
  other = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('other origin');
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  other.url = `http://127.0.0.1:${other.address().port}`;
});
after(async () => {
  emu.clearFailures();
  await emu.close();
  await new Promise((r) => other.close(r));
});

const client = (opts = {}) => new HuaweiCloudClient({ ak: AK, sk: SK, securityToken: undefined, retryDelayMs: 1, ...opts });
const log = () => {
  const n = emu.stats.gatewayLog.length;
  return () => emu.stats.gatewayLog.slice(n).map((l) => `${l.method} ${l.url} ${l.status}`);
};

test('client: 307 and 308 on the same origin are followed, re-signed, with the method and body kept', async () => {
  for (const status of [307, 308]) {
    const d = log();
    emu.redirectGateway(1, status, '/v1/moved/' + status + '?x=1');
    const res = await client().fetch(emu.url + '/v1/orig', { method: 'POST', body: '{"a":1}' });
    assert.equal(res.status, 200);
    const echo = await res.json();
    assert.deepEqual([echo.method, echo.path, echo.query, echo.body], ['POST', '/v1/moved/' + status, 'x=1', '{"a":1}']);
    assert.equal(echo.headers['content-type'], 'application/json');
    // The gateway verified the second request's own signature (a copy of the first would fail: other path).
    assert.deepEqual(d(), [`POST /v1/orig ${status}`, `POST /v1/moved/${status}?x=1 200`]);
  }
});

test('client: 303 (and 302 after a POST) become a GET without body or body headers', async () => {
  for (const [status, method, want] of [[303, 'PUT', 'GET'], [302, 'POST', 'GET'], [301, 'POST', 'GET'], [302, 'DELETE', 'DELETE'], [303, 'HEAD', 'HEAD']]) {
    const d = log();
    emu.redirectGateway(1, status, emu.url + '/v1/result');
    const res = await client().fetch(emu.url + '/v1/orig', { method, body: method === 'HEAD' ? undefined : 'payload', headers: { 'Content-Type': 'text/x-custom', 'X-Keep': 'k' } });
    assert.equal(res.status, 200, `${status} ${method}`);
    assert.deepEqual(d(), [`${method} /v1/orig ${status}`, `${want} /v1/result 200`]);
    if (want === 'GET') {
      const echo = await res.json();
      assert.equal(echo.bodyLength, 0);
      assert.equal(echo.headers['content-type'], undefined);
      assert.equal(echo.headers['x-keep'], 'k');
    }
  }
});

test('client: a redirect to another origin is refused, and nothing reaches it', async () => {
  seen.length = 0;
  for (const status of [301, 302, 303, 307, 308]) {
    emu.redirectGateway(1, status, other.url + '/steal');
    const creds = { ak: AK, sk: SK, securityToken: 'sec-token-value' };
    // A security token makes the gateway look for a temporary key; use a permanent one with a token header to check it never travels.
    const err = await client({ credentials: async () => ({ ...creds, securityToken: undefined }) })
      .fetch(emu.url + '/v1/orig', { headers: { 'X-Security-Token': 'sec-token-value' } }).then(() => null, (e) => e);
    assert.equal(err?.code, 'ERR_REDIRECT_CROSS_ORIGIN', String(err));
    assert.equal(err.status, status);
    assert.equal(err.location, other.url + '/steal');
    assert.ok(err.message.includes(other.url), err.message);
  }
  assert.deepEqual(seen, []);
});

test('client: the caller\'s redirect mode is honoured; loops stop after 5 hops', async () => {
  emu.redirectGateway(1, 302, '/v1/elsewhere');
  const manual = await client().fetch(emu.url + '/v1/orig', { redirect: 'manual' });
  assert.equal(manual.status, 302);
  assert.equal(manual.headers.get('location'), '/v1/elsewhere');
  emu.redirectGateway(1, 302, '/v1/elsewhere');
  await assert.rejects(client().fetch(emu.url + '/v1/orig', { redirect: 'error' }), (e) => e.code === 'ERR_REDIRECT' && /'error'/.test(e.message));
  emu.redirectGateway(6, 302, '/v1/loop');
  const d = log();
  await assert.rejects(client().fetch(emu.url + '/v1/orig'), (e) => e.code === 'ERR_REDIRECT' && /more than 5 redirects/.test(e.message));
  assert.equal(d().length, 6);
  emu.clearFailures();
  await assert.rejects(client().fetch(emu.url + '/v1/orig', { redirect: 'sometimes' }), (e) => e.code === 'ERR_INVALID_ARGUMENT');
  // A stream body cannot be sent again: a 307 is refused with a clear error.
  emu.redirectGateway(1, 307, '/v1/elsewhere');
  const body = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } });
  await assert.rejects(client().fetch(emu.url + '/v1/orig', { method: 'POST', body, hwcloud: { unsignedPayload: true } }), (e) => e.code === 'ERR_REDIRECT' && /ReadableStream/.test(e.message));
});

test('TokenAuth: same-origin redirects carry a token again; another origin never sees X-Auth-Token', async () => {
  const auth = new TokenAuth({ ...USER, region: 'cn-north-4', endpoint: emu.url });
  const d = log();
  emu.redirectGateway(1, 307, '/v1/token-moved');
  const res = await auth.fetch(emu.url + '/v1/token-orig', { method: 'POST', body: 'tb' });
  assert.equal(res.status, 200);
  const echo = await res.json();
  assert.deepEqual([echo.method, echo.path, echo.body, echo.auth], ['POST', '/v1/token-moved', 'tb', 'token']);
  assert.deepEqual(d(), ['POST /v1/token-orig 307', 'POST /v1/token-moved 200']);
  // A Request input: its body is sent again after a 308.
  emu.redirectGateway(1, 308, '/v1/token-moved2');
  const r2 = await auth.fetch(new Request(emu.url + '/v1/token-orig', { method: 'PUT', body: 'from-request' }));
  assert.equal((await r2.json()).body, 'from-request');
  emu.redirectGateway(1, 303, '/v1/token-get');
  const r3 = await auth.fetch(emu.url + '/v1/token-orig', { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } });
  const e3 = await r3.json();
  assert.deepEqual([e3.method, e3.bodyLength, e3.headers['content-type']], ['GET', 0, undefined]);

  seen.length = 0;
  for (const status of [301, 302, 303, 307, 308]) {
    emu.redirectGateway(1, status, other.url + '/steal');
    const err = await auth.fetch(emu.url + '/v1/token-orig').then(() => null, (e) => e);
    assert.equal(err?.code, 'ERR_REDIRECT_CROSS_ORIGIN', String(err));
    assert.equal(err.location, other.url + '/steal');
  }
  assert.deepEqual(seen, []);
  emu.redirectGateway(1, 302, '/v1/x');
  assert.equal((await auth.fetch(emu.url + '/v1/token-orig', { redirect: 'manual' })).status, 302);
  emu.redirectGateway(1, 302, '/v1/x');
  await assert.rejects(auth.fetch(emu.url + '/v1/token-orig', { redirect: 'error' }), (e) => e.code === 'ERR_REDIRECT');
  emu.redirectGateway(6, 302, '/v1/loop');
  await assert.rejects(auth.fetch(emu.url + '/v1/token-orig'), (e) => e.code === 'ERR_REDIRECT' && /more than 5/.test(e.message));
  emu.clearFailures();
});
