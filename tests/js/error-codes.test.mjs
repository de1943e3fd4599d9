// Error codes and error classes.
// - Every `ERR_…` code the sources can produce (pkg/src, pkg/bin, the Rust crate's code table) is a
//   member of the `HwCloudSignerErrorCode` union in pkg/index.d.ts, and every member is still used.
// - The error classes are real exported classes, and `instanceof` works across the package's ESM
//   copy and its CommonJS copy (dist/index.cjs), which are separate module instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = /\bERR_[A-Z][A-Z0-9_]*[A-Z0-9]\b/g;

function walk(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p, keep) : keep(name) ? [p] : [];
  });
}

/** code → the files that name it. */
function codesInSources() {
  const files = [
    ...walk(join(ROOT, 'pkg/src'), (n) => n.endsWith('.js')),
    ...walk(join(ROOT, 'pkg/bin'), () => true),
    ...walk(join(ROOT, 'src'), (n) => n.endsWith('.rs')),
  ];
  const found = new Map();
  for (const f of files) {
    for (const [code] of readFileSync(f, 'utf8').matchAll(CODE)) {
      if (!found.has(code)) found.set(code, new Set());
      found.get(code).add(relative(ROOT, f));
    }
  }
  return found;
}

/** The string literal members of `HwCloudSignerErrorCode`. */
function unionMembers(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const m = /export type HwCloudSignerErrorCode\s*=([\s\S]*?);/.exec(text);
  assert.ok(m, `${file} has no HwCloudSignerErrorCode type`);
  return new Set([...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]));
}

test('every error code in the sources is in the HwCloudSignerErrorCode union', () => {
  const union = unionMembers(join(ROOT, 'pkg/index.d.ts'));
  const sources = codesInSources();
  assert.ok(sources.size >= 20, `only ${sources.size} codes found: the scan is broken`);
  const missing = [...sources.keys()].filter((c) => !union.has(c)).sort().map((c) => `${c} (${[...sources.get(c)].join(', ')})`);
  assert.deepEqual(missing, [], 'add these to HwCloudSignerErrorCode in pkg/index.d.ts');
});

test('every member of the HwCloudSignerErrorCode union is still produced by the sources', () => {
  const union = unionMembers(join(ROOT, 'pkg/index.d.ts'));
  const sources = codesInSources();
  const stale = [...union].filter((c) => !sources.has(c)).sort();
  assert.deepEqual(stale, [], 'remove these from HwCloudSignerErrorCode, or restore the code that throws them');
});

test('the scan finds codes the way they are written (literals, comments, Rust tables)', () => {
  const text = "throw error('ERR_NETWORK', 'x'); e.code.startsWith('ERR_'); ErrorKind::X => \"ERR_URL_TOO_LONG\", // ERR_LOOKUP_FAILED";
  assert.deepEqual([...text.matchAll(CODE)].map((m) => m[0]), ['ERR_NETWORK', 'ERR_URL_TOO_LONG', 'ERR_LOOKUP_FAILED']);
});

// ---- classes, across the ESM and CommonJS copies -----------------------------------------------

const require = createRequire(import.meta.url);
const esm = await import('hwcloud-signer');
const cjs = require('hwcloud-signer');

test('the ESM and CommonJS entries are separate copies with the same error classes exported', () => {
  assert.match(require.resolve('hwcloud-signer'), /dist[\\/]index\.cjs$/);
  for (const name of ['HwCloudSignerError', 'HwCloudSignerTypeError', 'SignatureMismatchError', 'IamError']) {
    assert.equal(typeof esm[name], 'function', `ESM ${name}`);
    assert.equal(typeof cjs[name], 'function', `CJS ${name}`);
    assert.notEqual(esm[name], cjs[name], `${name}: expected two copies (else this test proves nothing)`);
  }
  // SignatureMismatchError is a class, not only a type: it is constructed and checked at run time.
  const e = new esm.SignatureMismatchError('the gateway said no');
  assert.equal(e.code, 'ERR_SIGNATURE_MISMATCH');
  assert.equal(e.name, 'SignatureMismatchError');
  assert.ok(e instanceof esm.HwCloudSignerError && e instanceof Error);
});

function samples(copy) {
  return {
    HwCloudSignerError: new copy.HwCloudSignerError('ERR_INVALID_URL', 'x'),
    HwCloudSignerTypeError: new copy.HwCloudSignerTypeError('ERR_INVALID_ARGUMENT', 'x'),
    SignatureMismatchError: new copy.SignatureMismatchError('x'),
    IamError: new copy.IamError({ status: 401, iamCode: 'IAM.0001' }),
  };
}

// Which classes each kind of error is an instance of.
const IS = {
  HwCloudSignerError: ['HwCloudSignerError'],
  HwCloudSignerTypeError: ['HwCloudSignerTypeError', 'HwCloudSignerError'],
  SignatureMismatchError: ['SignatureMismatchError', 'HwCloudSignerError'],
  IamError: ['IamError', 'HwCloudSignerError'],
};

for (const [from, to] of [['CommonJS', 'ESM'], ['ESM', 'CommonJS'], ['ESM', 'ESM'], ['CommonJS', 'CommonJS']]) {
  test(`instanceof: errors of the ${from} copy against the ${to} copy's classes`, () => {
    const errors = samples(from === 'ESM' ? esm : cjs);
    const classes = to === 'ESM' ? esm : cjs;
    for (const [kind, err] of Object.entries(errors)) {
      for (const cls of Object.keys(IS)) {
        assert.equal(err instanceof classes[cls], IS[kind].includes(cls), `${from} ${kind} instanceof ${to} ${cls}`);
      }
      assert.ok(err instanceof Error);
      assert.equal(err instanceof TypeError, kind === 'HwCloudSignerTypeError');
    }
  });
}

test('instanceof: errors thrown by each copy, and things that are not its errors', async () => {
  const bad = { url: 'not a url' };
  const fromCjs = await cjs.signRequest(bad, { ak: 'AK', sk: 'SK' }).catch((e) => e);
  const fromEsm = await esm.signRequest(bad, { ak: 'AK', sk: 'SK' }).catch((e) => e);
  for (const e of [fromCjs, fromEsm]) {
    assert.equal(e.code, 'ERR_INVALID_URL');
    assert.ok(e instanceof esm.HwCloudSignerError && e instanceof cjs.HwCloudSignerError);
    assert.ok(!(e instanceof esm.IamError) && !(e instanceof cjs.SignatureMismatchError));
  }
  for (const v of [new Error('x'), new TypeError('x'), { code: 'ERR_INVALID_URL' }, null, undefined, 'ERR_X', 42]) {
    for (const copy of [esm, cjs]) {
      for (const cls of Object.keys(IS)) assert.equal(v instanceof copy[cls], false, `${String(v)} instanceof ${cls}`);
    }
  }
});

test('HuaweiCloudClient.fetch throws a SignatureMismatchError on APIGW.0301 (both copies)', async () => {
  const body = JSON.stringify({
    error_code: 'APIGW.0301',
    error_msg: 'Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:GET|/v1/x/||host:h.example.com|x-sdk-date:20240101T000000Z||host;x-sdk-date|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    request_id: 'r1',
  });
  for (const copy of [esm, cjs]) {
    let calls = 0;
    const client = new copy.HuaweiCloudClient({
      ak: 'AK', sk: 'SK',
      fetch: async () => {
        calls++;
        return new Response(body, { status: 401, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' } });
      },
    });
    const err = await client.fetch('https://h.example.com/v1/x').catch((e) => e);
    assert.equal(calls, 1, 'never retried');
    assert.equal(err.code, 'ERR_SIGNATURE_MISMATCH');
    assert.ok(err instanceof esm.SignatureMismatchError && err instanceof cjs.SignatureMismatchError, `${err && err.stack}`);
    assert.equal(err.status, 401);
    assert.equal(err.gatewayCode, 'APIGW.0301');
    assert.match(err.serverCanonicalRequest, /^GET\n\/v1\/x\/\n/);
    assert.match(err.clientCanonicalRequest, /^GET\n\/v1\/x\/\n/);
  }
});
