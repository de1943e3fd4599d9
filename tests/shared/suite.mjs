// Runtime-neutral conformance suite for hwcloud-signer.
//
// Plain ESM with no imports and no Node/Deno/Bun APIs: every runner (Node ESM and CJS, Deno, Bun,
// workerd, Chromium, bundler outputs) imports the package the way a user would and hands the module
// namespace to runSuite(). The vectors (tests/vectors/sdk-hmac-sha256.json) are passed in as data,
// because each runtime loads files differently; without them the signing-guide example below is used.
//
//   const report = await runSuite({ mod, vectors, label: 'deno' });
//   // report = { label, passed, failed, skipped, results: [{ name, ok, skipped?, detail? }] }
//
// Options:
//   mod        the module namespace of 'hwcloud-signer' (or the object require() returned)
//   vectors    the parsed vector JSON ({ cases: [...] }) or null
//   eager      true for entries that initialise at import (workerd / edge-light): signRequestSync
//              must work before any init() call
//   initInput  what init() is given for the init round (slim entry: the wasm); default: nothing
//   assert     optional { ok(cond, msg), equal(actual, expected, msg) }; failures must throw

/** The example of Huawei's API signing guide (research/signing-spec.md §6.1). */
export const GUIDE = {
  request: {
    method: 'GET',
    url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: {
      'Content-Type': 'application/json',
      Host: 'service.region.example.com',
      'X-Sdk-Date': '20191115T033655Z',
    },
  },
  credentials: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
  expected: {
    canonicalRequest:
      'GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n'
      + 'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n'
      + 'content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    stringToSign: 'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
    signedHeaders: 'content-type;host;x-sdk-date',
    signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    authorization:
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, '
      + 'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
  },
};

const SK = GUIDE.credentials.sk;
// Options of the vectors' `settings` that the JS API has (other settings: the case is skipped).
const SUPPORTED_SETTINGS = ['unsignedPayload', 'payloadHash'];

class AssertionFailure extends Error {}

const defaultAssert = {
  ok(cond, msg) {
    if (!cond) throw new AssertionFailure(msg || 'assertion failed');
  },
  equal(actual, expected, msg) {
    if (actual !== expected) {
      throw new AssertionFailure(`${msg || 'values differ'}: got ${show(actual)}, expected ${show(expected)}`);
    }
  },
};

function show(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 300 ? v.slice(0, 300) + '…' : v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function fromBase64(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Converts one vector case into signRequest arguments, or a reason to skip it. */
export function caseToCall(c) {
  const settings = c.settings || {};
  const unsupported = Object.keys(settings).filter((k) => !SUPPORTED_SETTINGS.includes(k));
  if (unsupported.length) return { skip: `setting ${unsupported.map((k) => `${k}=${JSON.stringify(settings[k])}`).join(', ')} has no signRequest option` };
  const request = { method: c.method, url: c.url, headers: (c.headers || []).map(([n, v]) => [n, v]) };
  if (c.body === null || c.body === undefined) request.body = null;
  else if (typeof c.body.utf8 === 'string') request.body = c.body.utf8;
  else if (typeof c.body.base64 === 'string') request.body = fromBase64(c.body.base64);
  else return { skip: `unknown body encoding ${show(c.body)}` };
  const credentials = { ak: c.ak, sk: c.sk };
  for (const k of ['securityToken', 'projectId', 'domainId']) if (c[k] !== undefined) credentials[k] = c[k];
  const options = { signingDate: c.sdkDate };
  for (const k of SUPPORTED_SETTINGS) if (settings[k] !== undefined) options[k] = settings[k];
  return { request, credentials, options };
}

function checkSigned(a, out, exp, what) {
  a.ok(out && typeof out === 'object', `${what}: signRequest returned ${show(out)}`);
  for (const k of ['canonicalRequest', 'stringToSign', 'signedHeaders', 'signature', 'authorization', 'url']) {
    if (exp[k] !== undefined) a.equal(out[k], exp[k], `${what}: ${k}`);
  }
  a.ok(out.headers && typeof out.headers === 'object', `${what}: headers missing`);
  if (exp.authorization !== undefined) a.equal(out.headers.Authorization, exp.authorization, `${what}: headers.Authorization`);
  if (exp.stringToSign !== undefined) {
    a.equal(out.headers['X-Sdk-Date'], exp.stringToSign.split('\n')[1], `${what}: headers['X-Sdk-Date']`);
  }
}

/** The error checks every bad input must pass: a real Error with a string code, no trap, no SK. */
function checkError(a, mod, e, code, what) {
  a.ok(e instanceof Error, `${what}: rejected with a non-Error ${show(e)}`);
  a.ok(!(typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError), `${what}: a WebAssembly.RuntimeError escaped: ${show(e)}`);
  a.equal(typeof e.code, 'string', `${what}: typeof err.code (${show(e)})`);
  a.ok(/^ERR_[A-Z0-9_]+$/.test(e.code), `${what}: err.code ${show(e.code)} is not an ERR_* code`);
  if (code) a.equal(e.code, code, `${what}: err.code`);
  a.ok(e instanceof mod.HwCloudSignerError, `${what}: not an instance of HwCloudSignerError (${show(e)})`);
  a.ok(typeof e.message === 'string' && e.message.length > 0, `${what}: empty message`);
  for (const [where, text] of [['message', e.message], ['stack', e.stack], ['String(err)', String(e)]]) {
    a.ok(typeof text !== 'string' || !text.includes(SK), `${what}: the secret key appears in err.${where}`);
  }
  let cause = e.cause;
  for (let depth = 0; cause && depth < 5; depth++, cause = cause.cause) {
    a.ok(!String(cause && cause.message).includes(SK), `${what}: the secret key appears in err.cause`);
  }
}

async function rejects(fn) {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Bad inputs: [name, request, credentials, options, expected code]. Every one carries the SK. */
function badInputs() {
  const g = GUIDE.request;
  const cred = GUIDE.credentials;
  const date = { signingDate: '20191115T033655Z' };
  return [
    ['non-string header value', { ...g, headers: { ...g.headers, 'X-Count': 42 } }, cred, date, 'ERR_INVALID_HEADER'],
    ['header value with CR/LF', { ...g, headers: { ...g.headers, 'X-Bad': `a\r\nX-Injected: ${SK}` } }, cred, date, 'ERR_INVALID_HEADER'],
    ['malformed URL', { ...g, url: 'https://[::1/not a url' }, cred, date, 'ERR_INVALID_URL'],
    ['relative URL', { ...g, url: '/v1/vpcs?limit=2' }, cred, date, 'ERR_INVALID_URL'],
    ['invalid date (Invalid Date)', g, cred, { signingDate: new Date(Number.NaN) }, 'ERR_INVALID_DATE'],
    ['invalid date (string)', g, cred, { signingDate: '2019-11-15 03:36:55' }, 'ERR_INVALID_DATE'],
    ['missing sk', g, { ak: cred.ak }, date, 'ERR_INVALID_CREDENTIALS'],
    ['sk of the wrong type', g, { ak: cred.ak, sk: 12345 }, date, 'ERR_INVALID_CREDENTIALS'],
    ['oversized body', { ...g, method: 'PUT', body: null, bigBody: true }, cred, date, 'ERR_BODY_TOO_LARGE'],
    // Rejected inside the wasm core rather than by the JS checks: the error crosses the boundary.
    ['URL over 32 KB', { ...g, url: `https://service.region.example.com/${'a'.repeat(40000)}` }, cred, date, 'ERR_URL_TOO_LONG'],
    ['header over 32 KB', { ...g, headers: { ...g.headers, 'X-Big': 'x'.repeat(40000) } }, cred, date, 'ERR_HEADERS_TOO_LARGE'],
    ['date out of range', g, cred, { signingDate: 1e17 }, 'ERR_INVALID_DATE'],
    ['malformed payloadHash', g, cred, { ...date, payloadHash: 'xyz' }, 'ERR_INVALID_PAYLOAD_HASH'],
  ];
}

/**
 * Runs the suite against a module namespace. Never throws: every check is recorded in `results`.
 */
const ALGORITHM_SIGNATURES = {
  'SDK-HMAC-SHA256': '955b438c0b1e43bb64f58934aa95f6279912a30b03109a0be5da5d07fa8df9a4',
  'V11-HMAC-SHA256': '5e8350584552e73ecf190fc07952ca2b5db55193dc889ac7d5d67e32da23b698',
  'SDK-HMAC-SM3': '71a142a231ba03a58092b20aad58eb81026eeda68fcb096ab2a68e07412b6ce0',
  'SDK-ECDSA-P256-SHA256': '30450220769192a28465ec122b73b9d6266cd830545d8944af60dad24681b978ecf748a3022100966cc7f10390a6e4a8bca89306ff4fb7d2508bb64fa94af43816f1b4e5be99f4',
  'SDK-SM2-SM3': '3045022100b67f33c70eec1801ea6264f0318cb4ff3574659b779ccb21ba27cb7e8aab93af02202929f59f1aef9de239dbe1b46f75eedfc6a22ea1c6df853f5ae34102f875d482',
};

export async function runSuite({ mod, vectors = null, eager = false, initInput, assert, label = '' } = {}) {
  const a = assert || defaultAssert;
  const results = [];
  const test = async (name, fn) => {
    try {
      const r = await fn();
      if (r && r.skip) results.push({ name, ok: true, skipped: true, detail: r.skip });
      else results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, detail: e instanceof AssertionFailure ? e.message : `threw ${show(e)}${e && e.code ? ` (code ${e.code})` : ''}` });
    }
  };

  await test('exports', () => {
    for (const f of ['signRequest', 'signRequestSync', 'init', 'initSync', 'HwCloudSignerError', 'HwCloudSignerTypeError']) {
      a.equal(typeof mod[f], 'function', `typeof ${f}`);
    }
    a.equal(mod.MAX_BODY_BYTES, 12 * 1024 * 1024, 'MAX_BODY_BYTES');
  });

  // Initialisation: lazy entries must not have compiled anything at import time, a failed init()
  // must be retryable, and init() must be idempotent (one shared promise while in flight).
  await test('init: lazy/eager, retryable after a failure, idempotent', async () => {
    if (eager) {
      const out = mod.signRequestSync(GUIDE.request, GUIDE.credentials);
      a.equal(out.signature, GUIDE.expected.signature, 'signRequestSync straight after import (eager entry)');
      await mod.init(new Uint8Array([0, 1, 2, 3]));
    } else {
      const early = await rejects(() => mod.signRequestSync(GUIDE.request, GUIDE.credentials));
      a.ok(early !== undefined, 'signRequestSync before init() should throw on a lazily initialised entry');
      a.equal(early.code, 'ERR_NOT_INITIALIZED', 'code of signRequestSync before init()');
      const bad = await rejects(() => mod.init(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff])));
      a.ok(bad !== undefined, 'init(invalid wasm bytes) should reject');
      checkError(a, mod, bad, 'ERR_WASM_INIT', 'init(invalid wasm bytes)');
      const p1 = mod.init(initInput);
      const p2 = mod.init(initInput);
      a.ok(p1 && typeof p1.then === 'function', 'init() returns a promise');
      a.ok(p1 === p2, 'concurrent init() calls share one promise');
      await p1;
    }
    await mod.init();
    await mod.init(initInput);
    const out = mod.signRequestSync(GUIDE.request, GUIDE.credentials);
    a.equal(out.signature, GUIDE.expected.signature, 'signRequestSync after init()');
  });

  await test('signing-guide example (async)', async () => {
    checkSigned(a, await mod.signRequest(GUIDE.request, GUIDE.credentials), GUIDE.expected, 'guide');
  });

  const cases = vectors && Array.isArray(vectors.cases) ? vectors.cases : null;
  if (vectors) {
    await test('vectors file has cases', () => {
      a.ok(cases && cases.length > 0, 'the vector file has no "cases" array');
      const guide = cases.find((c) => c.name === 'signing-guide-example');
      a.ok(guide, 'the vector file has no signing-guide-example case');
      a.equal(guide.expected && guide.expected.signature, GUIDE.expected.signature, 'the vector file\'s guide signature');
    });
  }
  for (const c of cases || []) {
    await test(`vector ${c.name}`, async () => {
      const call = caseToCall(c);
      if (call.skip) return call;
      const out = await mod.signRequest(call.request, call.credentials, call.options);
      checkSigned(a, out, c.expected || {}, c.name);
      const sync = mod.signRequestSync(call.request, call.credentials, call.options);
      a.equal(sync.signature, out.signature, `${c.name}: signRequestSync signature`);
      return undefined;
    });
  }

  for (const [name, req, cred, opts, code] of badInputs()) {
    let request = req;
    if (req.bigBody) {
      const { bigBody, ...rest } = req;
      request = { ...rest, body: new Uint8Array(mod.MAX_BODY_BYTES + 1) };
    }
    await test(`bad input: ${name}`, async () => {
      const e = await rejects(() => mod.signRequest(request, cred, opts));
      a.ok(e !== undefined, `${name}: signRequest resolved instead of rejecting`);
      checkError(a, mod, e, code, `${name} (async)`);
      const s = await rejects(() => mod.signRequestSync(request, cred, opts));
      a.ok(s !== undefined, `${name}: signRequestSync returned instead of throwing`);
      checkError(a, mod, s, code, `${name} (sync)`);
    });
  }

  // All five algorithms through the one import: the other four live in lazily loaded modules (a
  // dynamic import; Workers hand over imported .wasm modules). Expected values are this package's,
  // checked against the official SDKs in tests/js/algorithms-differential.test.mjs; here they pin
  // that every runtime computes the same.
  await test('all five algorithms', async () => {
    const request = { method: 'POST', url: 'https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/p/devices?b=1&a=2', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' };
    const credentials = { ak: 'AKAKAKAKAKAKAKAKAKAK', sk: 'SKSKSKSKSKSKSKSKSKSKSKSKSKSKSKSKSKSKSKSK' };
    for (const [algorithm, signature] of Object.entries(ALGORITHM_SIGNATURES)) {
      const options = { algorithm, region: 'cn-north-4', service: 'iotdm', signingDate: '20191115T033655Z' };
      const out = await mod.signRequest(request, credentials, options);
      a.equal(out.signature, signature, `${algorithm} signature`);
      a.ok(out.authorization.startsWith(`${algorithm} `), `${algorithm} Authorization`);
      a.equal(mod.signRequestSync(request, credentials, options).signature, signature, `${algorithm} signRequestSync once loaded`);
    }
    const e = await rejects(() => mod.signRequest(request, credentials, { algorithm: 'SDK-HMAC-SHA1' }));
    checkError(a, mod, e, 'ERR_UNSUPPORTED_ALGORITHM', 'unknown algorithm');
  });

  await test('signing-guide example again after the bad inputs', async () => {
    checkSigned(a, await mod.signRequest(GUIDE.request, GUIDE.credentials), GUIDE.expected, 'guide (again, async)');
    checkSigned(a, mod.signRequestSync(GUIDE.request, GUIDE.credentials), GUIDE.expected, 'guide (again, sync)');
  });

  const failed = results.filter((r) => !r.ok).length;
  const skipped = results.filter((r) => r.skipped).length;
  return { label, passed: results.length - failed - skipped, failed, skipped, results };
}

/** One-line summary plus failure details, for runners that print. */
export function formatReport(report) {
  const lines = [`${report.label}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`];
  for (const r of report.results) {
    if (!r.ok) lines.push(`  FAIL ${r.name}: ${r.detail}`);
  }
  return lines.join('\n');
}
