// The shared verification vectors (tests/vectors/verify.json, also read by the Rust verifier) run
// through the package's verifyRequest as a user imports it. Every case is also run with the body
// as a stream and inside a fetch Request, where that cannot change the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { verifyRequest } from 'hwcloud-signer';

const file = new URL('../vectors/verify.json', import.meta.url);
const { _format: format, cases } = JSON.parse(readFileSync(file, 'utf8'));

const bodyOf = (b) => (b === null ? null : 'utf8' in b ? new TextEncoder().encode(b.utf8) : new Uint8Array(Buffer.from(b.base64, 'base64')));
const streamOf = (bytes) => new ReadableStream({
  start(c) {
    for (let i = 0; i < bytes.length; i += 3) c.enqueue(bytes.slice(i, i + 3));
    c.close();
  },
});

function check(c, r, how) {
  const e = c.expected;
  const at = `${c.name} (${how}): ${JSON.stringify(r)}`;
  assert.equal(r.valid, e.valid, at);
  if (e.valid) {
    assert.equal(r.reason, undefined, at);
    assert.deepEqual({ ak: r.ak, path: r.path, query: r.query, unsignedPayload: r.unsignedPayload, canonicalRequest: r.canonicalRequest }, { ak: e.ak, path: e.path, query: e.query, unsignedPayload: e.unsignedPayload, canonicalRequest: e.canonicalRequest }, at);
  } else {
    assert.equal(r.reason, e.reason, at);
    assert.equal(r.ak ?? null, e.ak, at);
    assert.equal(typeof r.message, 'string', at);
  }
}

test('verify.json is what tests/vectors/generate-verify.mjs writes', () => {
  const out = execFileSync(process.execPath, [new URL('../vectors/generate-verify.mjs', import.meta.url).pathname, '--check'], { encoding: 'utf8' });
  assert.match(out, /is current/);
  assert.match(format, /cases\[\]/);
});

test('every verify.json case gets its verdict, reason and signed values from verifyRequest', async () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  for (const c of cases) {
    const body = bodyOf(c.body);
    // The lookup a hurried server writes: inherited names (constructor, __proto__, ...) must be unknown.
    const lookup = (ak) => c.secrets[ak];
    const options = { now: c.now, ...c.options };
    check(c, await verifyRequest({ method: c.method, url: c.url, headers: c.headers, body }, lookup, options), 'bytes');
    // As a stream: the same verdict, except a body over the limit is seen only after the lookup.
    const streamed = await verifyRequest({ method: c.method, url: c.url, headers: c.headers, body: body && streamOf(body) }, lookup, options);
    if (c.expected.reason === 'body-too-large' && !c.headers.some(([n]) => /^content-length$/i.test(n))) {
      assert.equal(streamed.reason, 'body-too-large', c.name);
    } else check(c, streamed, 'stream');
    // As a fetch Request (where fetch can carry it: an upper-case method is normalised, GET has no body).
    let req;
    try {
      req = new Request(c.url, { method: c.method, headers: c.headers, body: body && body.length ? body : null });
    } catch {
      continue; // ftp: URLs, methods that are not tokens, Host headers: a Request cannot hold them
    }
    if (c.headers.some(([n]) => /^host$/i.test(n))) continue;
    check(c, await verifyRequest(req, lookup, options), 'Request');
  }
});

test('every reason in index.d.ts VerifyFailureReason is used, by verify.json or by the JS-only hooks', () => {
  const dts = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8');
  const union = dts.slice(dts.indexOf('export type VerifyFailureReason'), dts.indexOf(';', dts.indexOf('export type VerifyFailureReason')));
  const declared = new Set([...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]));
  const inVectors = new Set(cases.filter((c) => !c.expected.valid).map((c) => c.expected.reason));
  // Reasons that need a JavaScript hook or a stalled stream, which a data file cannot express (tests/js/verify.test.mjs covers them).
  const hooksOnly = new Set(['lookup-failed', 'lookup-timeout', 'replayed', 'body-timeout']);
  for (const r of inVectors) assert.ok(declared.has(r), `${r} is missing from VerifyFailureReason`);
  for (const r of declared) assert.ok(inVectors.has(r) || hooksOnly.has(r), `no vector for ${r}`);
  for (const r of hooksOnly) assert.ok(declared.has(r), r);
  for (const r of declared) assert.match(r, /^[a-z]+(-[a-z]+)*$/);
});
