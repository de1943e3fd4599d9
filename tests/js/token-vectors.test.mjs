// The shared IAM vectors (tests/vectors/token.json, also read by tests/token_vectors.rs) through
// the package as a user imports it: buildTokenRequest / buildSecurityTokenRequest (the Rust builder
// in the wasm module) must give the exact URL, headers and body bytes, or the same error; the
// answers must parse as in Rust. TokenAuth's synchronous checks at construction (checkTokenParams)
// must refuse exactly what the builder refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildTokenRequest, buildSecurityTokenRequest, parseTokenResponse, parseSecurityTokenResponse, HwCloudSignerError } from 'hwcloud-signer';
import { checkTokenParams } from '../../pkg/src/token-params.js';

const { requests, jsArgumentErrors, responses } = JSON.parse(readFileSync(new URL('../vectors/token.json', import.meta.url), 'utf8'));
const builders = { buildTokenRequest, buildSecurityTokenRequest };
const parsers = { parseTokenResponse, parseSecurityTokenResponse };
const label = (c) => c.name ?? `${c.fn}(${JSON.stringify(c.params ?? c.body)})`;

async function settle(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { e };
  }
}

test('token vectors: requests are built byte for byte, or refused with the same error', async () => {
  assert.ok(requests.length >= 100, `${requests.length} request vectors`);
  let built = 0;
  for (const c of requests) {
    const r = await settle(() => builders[c.fn](c.params));
    if (c.error) {
      assert.ok(r.e, `${label(c)}: built, but the vector says ${c.error.message}`);
      assert.ok(r.e instanceof HwCloudSignerError && !(r.e instanceof TypeError), label(c));
      assert.deepEqual({ code: r.e.code, message: r.e.message }, c.error, label(c));
    } else {
      assert.ifError(r.e);
      assert.deepEqual(r.ok, { method: 'POST', url: c.url, headers: c.headers, body: c.body }, label(c));
      built++;
    }
  }
  assert.ok(built >= 60, `${built} built`);
});

test('token vectors: the synchronous construction-time checks agree with the builder', () => {
  let n = 0;
  for (const c of requests.filter((c) => c.fn === 'buildTokenRequest')) {
    let e;
    try {
      checkTokenParams(c.params);
    } catch (x) {
      e = x;
    }
    if (c.error) assert.deepEqual({ code: e?.code, message: e?.message }, c.error, label(c));
    else assert.equal(e, undefined, label(c));
    n++;
  }
  assert.ok(n >= 70, `${n} login vectors`);
});

test('token vectors: argument errors that only JavaScript can meet (types, NUL)', async () => {
  assert.ok(jsArgumentErrors.length >= 30);
  for (const c of jsArgumentErrors) {
    const r = await settle(() => builders[c.fn](c.params));
    assert.ok(r.e, `${label(c)} was accepted`);
    assert.deepEqual({ name: r.e.name, code: r.e.code, message: r.e.message }, c.error, label(c));
  }
});

test('token vectors: answers parse as the vectors say', async () => {
  assert.ok(responses.length >= 100, `${responses.length} response vectors`);
  for (const c of responses) {
    const r = await settle(() => parsers[c.fn]({ status: c.status, headers: c.headers, body: c.body }));
    if (c.error) {
      assert.ok(r.e, `${label(c)}: parsed, but the vector says ${c.error.code}`);
      const got = c.error.code === 'ERR_IAM'
        ? { code: r.e.code, status: r.e.status, iamCode: r.e.iamCode ?? null, iamMessage: r.e.iamMessage ?? null, requestId: r.e.requestId ?? null }
        : { code: r.e.code, message: r.e.message };
      assert.deepEqual(got, c.error, label(c));
    } else {
      assert.ifError(r.e);
      const want = { ...c.ok, expiresAt: new Date(c.ok.expiresAt) };
      if (c.fn === 'parseTokenResponse') {
        // No issued_at in the body: JavaScript takes the answer's Date header.
        const date = Object.entries(c.headers).find(([k]) => k.toLowerCase() === 'date')?.[1];
        want.issuedAt = new Date(c.ok.issuedAt ?? Date.parse(date));
      }
      assert.deepEqual(r.ok, want, label(c));
    }
  }
});
