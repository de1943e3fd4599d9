// Hostile inputs at every exported function of the built package (issue 7). Seeded: set
// HWCLOUD_HOSTILE_SEED / HWCLOUD_HOSTILE_CASES to reproduce or widen a run. Every call must either
// succeed or fail with an Error that has a string `code` (ERR_*) and a non-empty message; never a
// WebAssembly.RuntimeError or an ERR_INTERNAL (a trap), never a hang (a watchdog thread kills the
// process and names the case), never the secret key in message, code, stack, String(error) or a
// cause; and the module must still sign the signing guide's example correctly afterwards.
//
// Tests marked `todo` are known failures in code this suite does not own; each names the fix. They
// run and report, but do not fail `make test`, until the fix lands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import util from 'node:util';
import { Worker } from 'node:worker_threads';
import * as api from 'hwcloud-signer';
import { call, wasmSync } from '../../pkg/src/runtime.js';
import { requestScratch, setBodyHashing } from '../../pkg/src/sign.js';
import { prng as sharedPrng } from './support/prng.mjs';

const SEED = Number(process.env.HWCLOUD_HOSTILE_SEED ?? 7077);
const CASES = Number(process.env.HWCLOUD_HOSTILE_CASES ?? 3000);
const HANG_MS = 60_000; // a hang detector, not a performance threshold
const SETTLE_MS = 60_000;

// --- the signing guide example: the health check ----------------------------------------
const GUIDE = {
  request: {
    method: 'GET',
    url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: { 'Content-Type': 'application/json' },
  },
  credentials: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
  options: { signingDate: '20191115T033655Z' },
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};

async function assertHealthy(where) {
  const a = await api.signRequest(structuredClone(GUIDE.request), { ...GUIDE.credentials }, { ...GUIDE.options });
  assert.equal(a.signature, GUIDE.signature, `async signing is broken ${where}`);
  const b = api.signRequestSync(structuredClone(GUIDE.request), { ...GUIDE.credentials }, { ...GUIDE.options });
  assert.equal(b.signature, GUIDE.signature, `sync signing is broken ${where}`);
}

// --- seeded generator ---------------------------------------------------------------------
function prng(seed) {
  const r = sharedPrng(seed); // the same mulberry32 generator as the other suites
  return { ...r, str: r.string };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A distinctive secret key: long enough that it cannot appear anywhere by accident. */
const secretKey = (r) => 'Sk' + r.str(ALNUM, 26, 40) + (r.chance(0.2) ? r.pick(['/+=', 'é', '密钥', ' x']) : '');

// Values of every type, many of them traps for careless code.
function throwingGetters(keys) {
  const o = {};
  for (const k of keys) Object.defineProperty(o, k, { enumerable: true, get() { throw new Error(`getter ${k} threw`); } });
  return o;
}
function throwingProxy(trap) {
  const handler = {};
  for (const t of trap === 'all' ? ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'] : [trap]) {
    handler[t] = () => { throw new Error(`proxy ${t} trap threw`); };
  }
  return new Proxy({}, handler);
}
function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
/** A value that is a string on the first read and something else afterwards (time-of-check/time-of-use). */
function flipping(first, then) {
  let n = 0;
  return { get value() { return n++ === 0 ? first : then; } };
}
function wrongType(r) {
  return r.pick([
    () => undefined, () => null, () => true, () => false, () => 0, () => -0, () => NaN, () => Infinity, () => -1,
    () => 2 ** 53, () => 1e308, () => '', () => 'x', () => ' ', () => '\0', () => Symbol('s'), () => 10n,
    () => [], () => [1, 2], () => ({}), () => Object.create(null), () => () => 'fn', () => new Date(NaN),
    () => new Map([['a', 'b']]), () => new Set(['a']), () => Promise.resolve('x'), () => new Uint8Array(3),
    () => new ArrayBuffer(2), () => /re/, () => new Error('e'), () => new String('s'), () => new Number(1),
    () => Object.freeze({ a: 1 }), () => { const o = {}; o.self = o; return o; },
  ])();
}
function accessorTrap(r, keys) {
  return r.pick([
    () => throwingGetters(keys),
    () => throwingProxy('get'),
    () => throwingProxy('ownKeys'),
    () => throwingProxy('all'),
    () => revokedProxy(),
    () => ({ valueOf() { throw new Error('valueOf threw'); }, toString() { throw new Error('toString threw'); } }),
  ])();
}

const HEADER_NAMES = ['X-Ok', 'Content-Type', 'x-a', 'X_Under', '', ' ', 'a b', 'a:b', 'a\r\nb', 'a\nb', 'a\0', 'é', 'ä-x', '\u2028', '(', '"', '{x}', '\ud800',
  '\t', 'X-A\n', 'x'.repeat(300), 'Host', 'host', 'Authorization', 'X-Sdk-Date', 'x-sdk-content-sha256', 'X-Security-Token', '__proto__', 'constructor',
  'toString', 'hasOwnProperty', 'prototype', 'User-Agent', 'Content-Length', 'Connection', 'Transfer-Encoding', 'X-\x7f'];
const HEADER_VALUES = ['ok', ' padded ', '', 'a\r\nInjected: x', 'a\nb', 'a\rb', '\0', 'x\0y', 'é', '\u{1F600}', '\x7f', '\x01', '\t tab', 'x'.repeat(40_000),
  '\ud800', 'UNSIGNED-PAYLOAD', '20191115T033655Z', 'nothex', 'SDK-HMAC-SHA256 Access=A, SignedHeaders=x, Signature=y', 'v, w', 'a'.repeat(64)];
const URLS = ['javascript:alert(1)', 'JAVASCRIPT:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://h.example.com/', 'mailto:a@b',
  'about:blank', 'blob:https://h/x', 'ws://h/', 'http://', 'https://', 'https:///x', '//h.example.com/p', 'h.example.com/p', '/relative', '', ' ', 'https://user:pass@h.example.com/',
  'https://h.example.com:99999/', 'https://h.example.com:-1/', 'http://[::1', 'http://[::1]:8080/x', 'https://h.example.com/a b', 'https://h.example.com/é?q=ü#frag',
  'https://h.example.com/%', 'https://h.example.com/%zz?%', 'https://h.example.com/?a=1&&&b', 'https://h.example.com/\u0000', 'https://h.example.com/\r\n/x',
  'https://xn--nxasmq6b.example/', 'https://H.EXAMPLE.COM:443/A/../b/./c', 'http://127.0.0.1:80/', 'https://h.example.com/' + '%2F'.repeat(100),
  'https://h.example.com/?' + 'a=1&'.repeat(500)];
const METHODS = ['GET', 'post', '', ' ', 'GE T', 'GET\n', 'GET\r\nX: y', 'ÄÖ', 'G\0', 'x'.repeat(10_000), 'DELETE', 'M-SEARCH', 'SDK-HMAC-SHA256', '\ud800'];
const DATES = ['yesterday', '2019-11-15', '20191115T033655', '20191315T000000Z', '99999999T999999Z', '00000000T000000Z', '19691231T235959Z', '20190229T000000Z',
  ' 20191115T033655Z', '20191115T033655Z\n', '２０１９1115T033655Z', '', -1, -1e15, 1e20, Infinity, -Infinity, NaN, 1.5, 2 ** 63, -0,
  new Date(NaN), new Date(-1), new Date(8.64e15), new Date(253402300800000), { valueOf() { return 0; } }, [2019]];
const PAYLOAD_HASHES = ['ABC', 'g'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'U', '', 'UNSIGNED-PAYLOAD', 'a'.repeat(63) + '\n', 'é'.repeat(32), 0, {}, ['a'.repeat(64)], true];
const BODIES = () => ['', 'text', 'é😀', new Uint8Array([0, 255]), new ArrayBuffer(5), new DataView(new ArrayBuffer(4)), new Float64Array(2), new SharedArrayBuffer(3),
  42, true, {}, [], new Blob(['x']), new ReadableStream(), new URLSearchParams('a=1'), Symbol('b'), () => 'body', new Date()];

function hostileHeaders(r) {
  const n = r.int(0, 6);
  const pairs = [];
  for (let i = 0; i < n; i++) pairs.push([r.chance(0.7) ? r.pick(HEADER_NAMES) : 'X-' + r.str(ALNUM, 1, 8), r.chance(0.7) ? r.pick(HEADER_VALUES) : r.str(ALNUM + ' ', 0, 12)]);
  return r.pick([
    () => Object.fromEntries(pairs),
    () => pairs,
    () => { try { return new Headers(pairs); } catch { return pairs; } },
    () => pairs.map(([k, v]) => (r.chance(0.3) ? [k] : r.chance(0.2) ? [k, v, 'extra'] : [k, r.chance(0.2) ? wrongType(r) : v])),
    () => ({ [r.pick(HEADER_NAMES)]: wrongType(r) }),
    () => JSON.parse('{"__proto__": {"X-Polluted": "1"}, "constructor": {"prototype": {"x": 1}}}'),
    () => new Map(pairs),
  ])();
}

// --- one call, checked --------------------------------------------------------------------
const progress = new Int32Array(new SharedArrayBuffer(8));
const label = new Uint8Array(new SharedArrayBuffer(400));
let watchdog = null;
function startWatchdog() {
  if (watchdog) return;
  Atomics.store(progress, 1, 1);
  watchdog = new Worker(`
    const { workerData: { progress, label, limit } } = require('node:worker_threads');
    let last = -1, since = Date.now();
    const timer = setInterval(() => {
      if (Atomics.load(progress, 1) === 0) return clearInterval(timer);
      const now = Atomics.load(progress, 0);
      if (now !== last) { last = now; since = Date.now(); return; }
      if (Date.now() - since > limit) {
        const text = Buffer.from(label).toString().split('\\0')[0];
        require('node:fs').writeSync(2, 'hostile.test.mjs: HANG: case #' + now + ' (' + text + ') made no progress for ' + limit + ' ms\\n');
        process.kill(process.pid, 'SIGKILL');
      }
    }, 250);
  `, { eval: true, workerData: { progress, label, limit: HANG_MS } });
  watchdog.unref();
}
function stopWatchdog() {
  Atomics.store(progress, 1, 0);
}
let caseNo = 0;
function mark(text) {
  label.fill(0);
  new TextEncoder().encodeInto(text.slice(0, 380), label);
  Atomics.store(progress, 0, ++caseNo);
}

function settle(fn) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ hung: true }), SETTLE_MS);
    timer.unref();
    let p;
    try {
      p = Promise.resolve(fn());
    } catch (error) {
      clearTimeout(timer);
      resolve({ error, sync: true });
      return;
    }
    p.then((value) => { clearTimeout(timer); resolve({ value }); }, (error) => { clearTimeout(timer); resolve({ error }); });
  });
}

/** Every string an error exposes, its causes' included (they must not carry the key either). */
function exposed(e, depth = 0) {
  if (depth > 3 || e === null || e === undefined) return [];
  if (typeof e !== 'object' && typeof e !== 'function') return [String(e)];
  const out = [];
  for (const get of [() => e.message, () => e.code, () => e.stack, () => String(e), () => e.name]) {
    try {
      const v = get();
      if (v !== undefined) out.push(String(v));
    } catch {
      // a hostile cause may throw here; it was not made by the package
    }
  }
  let cause;
  try { cause = e.cause; } catch { /* ignore */ }
  return out.concat(exposed(cause, depth + 1));
}

/** Problems with one outcome (empty when it is acceptable). */
function problems(out, secrets, { mustReject = false, codes = null } = {}) {
  const found = [];
  if (out.hung) return ['the promise never settled'];
  if ('error' in out) {
    const e = out.error;
    if (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) found.push(`WebAssembly.RuntimeError: ${e.message}`);
    if (!(e instanceof Error)) found.push(`threw a non-Error: ${typeof e}`);
    else {
      if (typeof e.code !== 'string' || !/^ERR_[A-Z0-9_]+$/.test(e.code)) found.push(`error without a stable code (${e.name}: ${String(e.message).slice(0, 120)})`);
      if (e.code === 'ERR_INTERNAL') found.push(`a trap inside the wasm module: ${e.message.slice(0, 200)}`);
      if (typeof e.message !== 'string' || e.message.length === 0) found.push('empty message');
      if (codes && !codes.includes(e.code)) found.push(`code ${e.code}, expected one of ${codes.join(', ')}`);
    }
    for (const s of exposed(e)) for (const k of secrets) if (k && s.includes(k)) found.push('the secret key appears in the error');
  } else {
    if (mustReject) found.push('accepted an input it must reject');
    // What a user could print: JSON, util.inspect (console.log) with hidden properties, String().
    let text = '';
    for (const show of [
      () => JSON.stringify(out.value, (k, v) => (k === 'body' ? undefined : typeof v === 'bigint' ? String(v) : v)),
      // (A request's body is what the caller asked to send: a login body carries the password.)
      () => util.inspect(out.value && Object.getPrototypeOf(out.value) === Object.prototype && 'body' in out.value ? { ...out.value, body: '(body)' } : out.value, { showHidden: true, depth: 6, getters: true }),
      () => String(out.value),
    ]) {
      try {
        text += show() ?? '';
      } catch {
        // a value that cannot be shown cannot show the key either
      }
    }
    for (const k of secrets) if (k && text.includes(k)) found.push('the secret key appears in the result');
  }
  return [...new Set(found)];
}

function describeArgs(args) {
  return args.map((a) => {
    try {
      if (typeof a === 'string') return JSON.stringify(a.length > 60 ? a.slice(0, 60) + `…(${a.length})` : a);
      if (typeof a === 'symbol' || typeof a === 'bigint') return String(a);
      if (typeof a === 'function') return 'function';
      const s = JSON.stringify(a, (k, v) => (typeof v === 'string' && v.length > 40 ? v.slice(0, 40) + `…(${v.length})` : typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : v));
      return s === undefined ? String(a) : s.slice(0, 160);
    } catch {
      return util.types.isProxy(a) ? 'a Proxy' : `a ${typeof a}`;
    }
  }).join(', ');
}

// --- case generators ----------------------------------------------------------------------
/** Functions whose getter/Proxy handling is already right: those cases are checked strictly. */
const RECOVERABLE_ACCESSOR_FNS = new Set(['verifyRequest']);
/** Known wrong-type bugs in modules this suite does not own: reported by the todo test until fixed. */
const KNOWN_ISSUES = {
  clockOffset: "explain.js clockOffset(serverDate, now) with now = Symbol() or Object.create(null) throws a raw TypeError ('Cannot convert … to a number/primitive'): validate `now` (Date | finite number) first",
};

const NONE = Symbol('not replaced');

function signCase(r, fname) {
  const sk = secretKey(r);
  const request = { method: 'GET', url: 'https://ecs.cn-north-4.myhuaweicloud.com/v1/p/servers?limit=1', headers: { 'Content-Type': 'application/json' }, body: '' };
  const credentials = { ak: 'AK' + r.str(ALNUM, 8, 18), sk };
  const options = { signingDate: '20191115T033655Z' };
  // An argument replaced wholesale (a wrong type, a trap) is swapped in after the field mutations.
  const slot = { request: NONE, credentials: NONE, options: NONE };
  const must = new Set(); // why the call must fail; a later mutation may undo a reason
  const tags = [];
  let accessor = false;
  let toctou = null;
  const mutations = r.int(1, 3);
  for (let m = 0; m < mutations; m++) {
    switch (r.int(0, 19)) {
      case 0: slot.request = wrongType(r); must.add('request'); tags.push('request:type'); break;
      case 1: request.url = r.chance(0.5) ? wrongType(r) : r.pick(URLS); must.delete('url'); tags.push('url'); break;
      case 2: delete request.url; must.add('url'); tags.push('url:missing'); break;
      case 3: request.method = r.chance(0.3) ? wrongType(r) : r.pick(METHODS); tags.push('method'); break;
      case 4: case 5: request.headers = r.chance(0.15) ? wrongType(r) : hostileHeaders(r); tags.push('headers'); break;
      case 6: request.body = r.pick(BODIES()); tags.push('body'); break;
      case 7: slot.credentials = wrongType(r); must.add('credentials'); tags.push('credentials:type'); break;
      case 8: credentials.ak = r.chance(0.5) ? wrongType(r) : r.pick(['', ' ', 'A B', 'A,B', 'AK\n', 'é', 'A\0', 'x'.repeat(5000), '\ud800']); tags.push('ak'); break;
      case 9: credentials[r.pick(['securityToken', 'projectId', 'domainId'])] = r.chance(0.5) ? wrongType(r) : r.pick(HEADER_VALUES); tags.push('temporary'); break;
      case 10: delete credentials.sk; must.add('sk'); tags.push('sk:missing'); break;
      case 11: slot.options = wrongType(r); tags.push('options:type'); break;
      case 12: case 13: options.signingDate = r.pick(DATES); tags.push('date'); break;
      case 14: options.payloadHash = r.pick(PAYLOAD_HASHES); tags.push('payloadHash'); break;
      case 15: options.unsignedPayload = r.chance(0.5) ? wrongType(r) : true; tags.push('unsigned'); break;
      case 16: {
        let prev = {};
        const h = request.headers;
        if (h && typeof h === 'object' && !util.types.isProxy(h) && Object.getPrototypeOf(h) === Object.prototype && !Object.values(Object.getOwnPropertyDescriptors(h)).some((d) => d.get)) prev = { ...h };
        request.headers = { ...prev, 'X-Sdk-Date': r.pick(DATES.filter((d) => typeof d === 'string')) };
        delete options.signingDate;
        tags.push('date-header');
        break;
      }
      case 17: {
        // Getters that throw, Proxies (revoked ones too), iterators that throw.
        accessor = true;
        const where = r.int(0, 4);
        if (where === 0) slot.request = accessorTrap(r, ['url', 'method', 'headers', 'body']);
        else if (where === 1) slot.credentials = Object.assign(throwingGetters(['sk']), { ak: 'AK' });
        else if (where === 2) request.headers = accessorTrap(r, ['X-A']);
        else if (where === 3) slot.options = accessorTrap(r, ['signingDate', 'payloadHash']);
        else request.headers = { [Symbol.iterator]() { throw new Error('iterator threw'); } };
        tags.push('accessor');
        break;
      }
      case 18: {
        // Time-of-check/time-of-use: valid when validated, different when used.
        accessor = true;
        toctou = r.pick([['url', flipping('https://h.example.com/', { toString() { return 'javascript:alert(1)'; } })], ['method', flipping('GET', 'GET\r\nX: 1')], ['url', flipping('https://h.example.com/', 5)]]);
        tags.push('toctou');
        break;
      }
      default:
        request.url = 'https://h.example.com/' + r.str(ALNUM + '%/?&=#+ é', 0, 40);
        must.delete('url');
        tags.push('url:random');
    }
  }
  if (toctou) Object.defineProperty(request, toctou[0], { get: () => toctou[1].value, enumerable: true, configurable: true });
  const args = [slot.request === NONE ? request : slot.request, slot.credentials === NONE ? credentials : slot.credentials, slot.options === NONE ? options : slot.options];
  return { fname, sk, args, tags, mustReject: must.size > 0, strict: !accessor || RECOVERABLE_ACCESSOR_FNS.has(fname) };
}

const AUTH_PARTS = ['SDK-HMAC-SHA256', 'SDK-HMAC-SHA256 ', ' ', ',', ', ', 'Access=', 'AK', 'SignedHeaders=', 'host', ';', 'x-sdk-date', 'Signature=', 'a'.repeat(64), 'A'.repeat(64),
  '=', 'V11-HMAC-SHA256', 'Credential=', '\t', 'é', 'Access=AK,', 'SignedHeaders=x-sdk-date', 'Signature=' + '0'.repeat(64), 'x'.repeat(1000), ';'.repeat(50)];

function verifyCase(r, fname) {
  const sk = secretKey(r);
  let auth = '';
  for (let n = r.int(0, 10); n > 0; n--) auth += r.pick(AUTH_PARTS);
  if (r.chance(0.3)) auth = `SDK-HMAC-SHA256 Access=AK${r.str(ALNUM, 1, 8)}, SignedHeaders=${r.pick(['host;x-sdk-date', 'x-sdk-date', 'content-type;host;x-a;x-sdk-date', 'a;b;x-sdk-date'])}, Signature=${r.str('0123456789abcdef', 64, 64)}`;
  const headers = { Authorization: auth, 'X-Sdk-Date': r.chance(0.7) ? '20191115T033655Z' : r.pick(DATES.filter((d) => typeof d === 'string')) };
  if (r.chance(0.5)) Object.assign(headers, Object.fromEntries((() => { const h = hostileHeaders(r); try { return Array.isArray(h) ? h.filter((p) => Array.isArray(p) && p.length === 2) : Object.entries(h); } catch { return []; } })()));
  const request = { method: r.chance(0.8) ? 'GET' : r.pick(METHODS), url: r.chance(0.7) ? 'https://h.example.com/p?q=1' : r.pick(URLS), headers, body: r.chance(0.8) ? '' : r.pick(BODIES()) };
  let lookup = () => sk;
  // A body stream that never ends (new ReadableStream()) is refused after bodyTimeoutMs (default 30 s).
  let options = { now: Date.UTC(2019, 10, 15, 3, 36, 55), bodyTimeoutMs: 20 };
  let args = null;
  const tags = [];
  let accessor = false;
  let mustReject = false;
  switch (r.int(0, 9)) {
    case 0: args = [wrongType(r), lookup, options]; tags.push('request:type'); mustReject = true; break;
    case 1: lookup = r.pick([() => { throw new Error('lookup threw'); }, async () => { throw new Error('lookup rejected'); }, () => wrongType(r), async () => null, () => new TextEncoder().encode(sk)]); tags.push('lookup'); break;
    case 2: args = [request, wrongType(r), options]; tags.push('lookup:type'); break;
    case 3: options = r.pick([wrongType(r), { now: r.pick(DATES) }, { maxSkewMs: wrongType(r) }, { payloadHash: r.pick(PAYLOAD_HASHES) }]); tags.push('options'); break;
    case 4: accessor = true; args = [accessorTrap(r, ['url', 'method', 'headers', 'body']), lookup, options]; tags.push('accessor'); break;
    case 5: accessor = true; request.headers = accessorTrap(r, ['authorization']); tags.push('accessor:headers'); break;
    case 6: request.headers = new Headers(Object.entries(headers).filter(([k, v]) => { try { new Headers([[k, v]]); return true; } catch { return false; } })); tags.push('Headers'); break;
    default: tags.push('authorization');
  }
  return { fname, sk, args: args ?? [request, lookup, options], tags, mustReject, strict: !accessor || RECOVERABLE_ACCESSOR_FNS.has(fname) };
}

function genericCase(r, fname, fn) {
  const sk = secretKey(r);
  const pool = () => r.pick([
    () => wrongType(r),
    () => r.pick(URLS),
    () => r.pick(HEADER_VALUES),
    () => ({ serverMessage: r.pick(HEADER_VALUES), canonicalRequest: r.pick(HEADER_VALUES), sdkDate: r.pick(DATES), now: r.pick(DATES) }),
    () => ({ ak: 'AK', sk, password: sk, domainName: r.pick(HEADER_VALUES), userName: r.pick(HEADER_VALUES), region: r.pick(HEADER_VALUES), endpoint: r.pick(URLS) }),
    () => ({ status: r.pick([201, 200, 401, 0, -1, NaN, '201']), headers: hostileHeaders(r), body: r.pick(['', '{', '[]', 'null', '{"token":{}}', '['.repeat(100_000), '{"a":'.repeat(50_000), '"\\ud800"', wrongType(r)]) }),
    () => accessorTrap(r, ['url', 'body', 'headers', 'status', 'serverMessage', 'password']),
  ])();
  const args = [];
  for (let n = r.int(0, Math.max(fn.length, 1) + 1); n > 0; n--) args.push(pool());
  const trap = (a, depth = 0) => depth < 4 && a !== null && typeof a === 'object' && (util.types.isProxy(a)
    || Object.values(Object.getOwnPropertyDescriptors(a)).some((d) => d.get || (typeof d.value === 'function' && /threw/.test(String(d.value))) || trap(d.value, depth + 1)));
  const accessor = args.some((a) => { try { return trap(a); } catch { return true; } });
  return { fname, sk, args, tags: ['generic'], mustReject: false, strict: !accessor };
}


/** Exported functions (not classes), and exported non-error classes. */
function surface() {
  const fns = [];
  const classes = [];
  for (const [name, v] of Object.entries(api)) {
    if (typeof v !== 'function') continue;
    if (/^class\b/.test(Function.prototype.toString.call(v))) {
      if (!(v.prototype instanceof Error)) classes.push([name, v]);
    } else fns.push([name, v]);
  }
  return { fns, classes };
}

async function runCase(c, fn, failures) {
  mark(`${c.fname}(${c.tags.join(',')}) ${describeArgs(c.args).slice(0, 300)}`);
  const out = await settle(() => fn(...c.args));
  const p = problems(out, [c.sk], { mustReject: c.mustReject });
  if (p.length) failures.push({ c, p, out });
}

function report(failures, limit = 8) {
  const counts = {};
  for (const { c, p } of failures) for (const x of p) counts[`${c.fname}: ${x.slice(0, 90)}`] = (counts[`${c.fname}: ${x.slice(0, 90)}`] ?? 0) + 1;
  const summary = Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${v} x ${k}`).join('\n');
  return summary + '\nfirst cases:\n' + failures.slice(0, limit).map(({ c, p, out }) => {
    const err = out.error instanceof Error ? `${out.error.name} [${out.error.code}]: ${String(out.error.message).slice(0, 160)}` : '';
    return `#${c.tags.join(',')} ${c.fname}(${describeArgs(c.args).slice(0, 240)}) -> ${p.join('; ')} ${err}`;
  }).join('\n');
}

/** Runs `count` generated cases per exported function; returns { strict, accessor } failure lists. */
async function hostileRun(seed, count) {
  const r = prng(seed);
  const { fns, classes } = surface();
  const strict = [];
  const lenient = [];
  let n = 0;
  for (let i = 0; i < count; i++) {
    for (const [fname, fn] of fns) {
      if (fname === 'init' || fname === 'initSync') {
        await runCase({ fname, sk: '', args: [wrongType(r)], tags: ['init'], mustReject: false, strict: true }, fn, strict);
        continue;
      }
      const c = fname === 'signRequest' || fname === 'signRequestSync' ? signCase(r, fname)
        : fname === 'verifyRequest' ? verifyCase(r, fname)
        : genericCase(r, fname, fn);
      await runCase(c, fn, c.strict && !(fname in KNOWN_ISSUES) ? strict : lenient);
      n++;
    }
    for (const [cname, C] of classes) {
      const c = genericCase(r, cname, C);
      mark(`new ${cname}(${describeArgs(c.args).slice(0, 300)})`);
      const made = await settle(() => new C(...c.args));
      const p = problems(made, [c.sk]);
      if (p.length) (c.strict ? strict : lenient).push({ c, p, out: made });
      // Only methods that cannot reach the network are called on an instance.
      if (made.value && typeof made.value.sign === 'function') await runCase({ ...c, fname: `${cname}#sign`, args: [r.pick(URLS), wrongType(r)] }, (...a) => made.value.sign(...a), c.strict ? strict : lenient);
      n++;
    }
    if (i % 250 === 249) await assertHealthy(`after ${n} hostile calls (seed ${seed})`);
  }
  return { strict, lenient, calls: n };
}

// --- the tests ----------------------------------------------------------------------------
test('every exported function survives thousands of seeded hostile inputs', { timeout: 600_000 }, async (t) => {
  startWatchdog();
  await api.init();
  await assertHealthy('before the run');
  const { strict, lenient, calls } = await hostileRun(SEED, CASES);
  t.diagnostic(`${calls} hostile calls (seed ${SEED}); ${strict.length} failures; ${lenient.length} getter/Proxy cases set aside for the todo test below`);
  assert.ok(calls >= 1000, `only ${calls} calls`);
  assert.equal(strict.length, 0, `${strict.length} hostile inputs were mishandled:\n${report(strict)}`);
  await assertHealthy('after the run');
});

test('getters that throw, Proxies, and the known wrong-type cases get a coded error from every function', async () => {
  const { lenient } = await hostileRun(SEED + 1, 400);
  assert.equal(lenient.length, 0, `${lenient.length} getter/Proxy inputs escaped without a code:\n${report(lenient)}`);
});

test('big inputs: 1 MB URLs, bodies over 12 MB, huge header counts, long keys', { timeout: 600_000 }, async () => {
  startWatchdog();
  const r = prng(SEED + 2);
  const sk = secretKey(r);
  const creds = { ak: 'AKBIG', sk };
  const opts = { signingDate: '20191115T033655Z' };
  const MB = 1 << 20;
  const big = 12 * MB + 1;
  const cases = [
    ['1 MB path', { url: 'https://h.example.com/' + 'a'.repeat(MB) }, ['ERR_URL_TOO_LONG', 'ERR_INVALID_URL']],
    ['1 MB query', { url: 'https://h.example.com/p?' + 'a=b&'.repeat(MB / 4) }, ['ERR_URL_TOO_LONG', 'ERR_INVALID_URL']],
    // A 1 MB host becomes a 1 MB signed Host header, which the gateway refuses; signing it is allowed (no crash, no leak).
    ['1 MB host', { url: 'https://' + 'a'.repeat(MB) + '.com/' }, null],
    ['1 MB non-ASCII path', { url: 'https://h.example.com/' + 'é'.repeat(MB / 2) }, ['ERR_URL_TOO_LONG', 'ERR_INVALID_URL']],
    ['1 MB javascript: URL', { url: 'javascript:' + 'a'.repeat(MB) }, ['ERR_INVALID_URL']],
    ['body 12 MB + 1 (Uint8Array)', { method: 'PUT', url: 'https://h.example.com/o', body: new Uint8Array(big) }, ['ERR_BODY_TOO_LARGE']],
    ['body 12 MB + 1 (ArrayBuffer)', { method: 'PUT', url: 'https://h.example.com/o', body: new ArrayBuffer(big) }, ['ERR_BODY_TOO_LARGE']],
    ['body 12 MB + 1 (string)', { method: 'PUT', url: 'https://h.example.com/o', body: 'a'.repeat(big) }, ['ERR_BODY_TOO_LARGE']],
    ['body: 6.3 M chars of é = 12.6 MB of UTF-8', { method: 'PUT', url: 'https://h.example.com/o', body: 'é'.repeat(6_300_000) }, ['ERR_BODY_TOO_LARGE']],
    ['body 12 MB + 1 (DataView)', { method: 'PUT', url: 'https://h.example.com/o', body: new DataView(new ArrayBuffer(big)) }, ['ERR_BODY_TOO_LARGE']],
    ['body 12 MB + 1 (SharedArrayBuffer)', { method: 'PUT', url: 'https://h.example.com/o', body: new SharedArrayBuffer(big) }, ['ERR_BODY_TOO_LARGE']],
    ['one 1 MB header value', { url: 'https://h.example.com/', headers: { 'X-Big': 'v'.repeat(MB) } }, ['ERR_HEADERS_TOO_LARGE', 'ERR_INVALID_HEADER']],
    ['one 1 MB header name', { url: 'https://h.example.com/', headers: { ['X' + 'n'.repeat(MB)]: 'v' } }, ['ERR_HEADERS_TOO_LARGE', 'ERR_INVALID_HEADER']],
    ['20 000 headers', { url: 'https://h.example.com/', headers: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => ['x-h' + i, 'v'.repeat(10)])) }, ['ERR_HEADERS_TOO_LARGE']],
    ['20 000 header pairs, all the same name', { url: 'https://h.example.com/', headers: Array.from({ length: 20_000 }, () => ['X-Same', 'v'.repeat(10)]) }, ['ERR_HEADERS_TOO_LARGE']],
  ];
  for (const [what, request, codes] of cases) {
    for (const fn of [api.signRequest, api.signRequestSync]) {
      mark(`big: ${what}`);
      const out = await settle(() => fn(request, creds, opts));
      assert.deepEqual(problems(out, [sk], { mustReject: codes !== null, codes }), [], `${fn.name}: ${what}: ${out.error?.code} ${out.error?.message?.slice(0, 200)}`);
    }
  }
  // Exactly 12 MB is accepted; a 1 MB secret key and a 100 KB access key are handled (refused or signed).
  mark('big: body exactly 12 MB');
  const ok = await api.signRequest({ method: 'PUT', url: 'https://h.example.com/o', body: new Uint8Array(12 * MB) }, creds, opts);
  assert.equal(ok.canonicalRequest.slice(-64), createHash('sha256').update(new Uint8Array(12 * MB)).digest('hex'));
  for (const c of [{ ak: 'AK', sk: 'K' + sk.repeat(40_000) }, { ak: 'A'.repeat(100_000), sk }]) {
    mark('big: long keys');
    const out = await settle(() => api.signRequest(GUIDE.request, c, opts));
    assert.deepEqual(problems(out, [sk]), []);
  }
  // verifyRequest with the same sizes resolves to { valid: false } (or a coded error), never hangs.
  for (const [what, request] of cases) {
    mark(`big verify: ${what}`);
    const headers = request.headers && !Array.isArray(request.headers) ? request.headers : {};
    const out = await settle(() => api.verifyRequest({ ...request, headers: { ...headers, Authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`, 'X-Sdk-Date': '20191115T033655Z' } }, () => sk, { now: Date.UTC(2019, 10, 15, 3, 36, 55) }));
    assert.deepEqual(problems(out, [sk]), [], what);
    if (!out.error) assert.equal(out.value.valid, false, what);
  }
  await assertHealthy('after the big inputs');
});

test('header names and values that fetch would reject are rejected before signing', async () => {
  startWatchdog();
  const r = prng(SEED + 3);
  let rejectedByFetch = 0;
  const names = [...HEADER_NAMES, ...Array.from({ length: 128 }, (_, i) => 'X-' + String.fromCharCode(i)), ...Array.from({ length: 40 }, () => r.str('abc\t \r\n\0:é\x7f()"/', 1, 4))];
  const values = [...HEADER_VALUES, ...Array.from({ length: 128 }, (_, i) => 'v' + String.fromCharCode(i) + 'v'), ...Array.from({ length: 40 }, () => r.str('ab\t \r\n\0é\x7f\x01\u2028', 0, 4))];
  for (let i = 0; i < 1500; i++) {
    const name = r.pick(names);
    const value = r.pick(values);
    let fetchRejects = false;
    try { new Headers([[name, value]]); } catch { fetchRejects = true; }
    if (!fetchRejects) continue;
    rejectedByFetch++;
    const sk = secretKey(r);
    for (const headers of [{ [name]: value }, [[name, value]]]) {
      for (const fn of [api.signRequest, api.signRequestSync]) {
        mark(`fetch-rejected header ${JSON.stringify([name.slice(0, 20), value.slice(0, 20)])}`);
        const out = await settle(() => fn({ url: 'https://h.example.com/', headers }, { ak: 'AK', sk }, GUIDE.options));
        assert.deepEqual(problems(out, [sk], { mustReject: true, codes: ['ERR_INVALID_HEADER', 'ERR_HEADERS_TOO_LARGE'] }), [], `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
      }
    }
  }
  assert.ok(rejectedByFetch > 200, `only ${rejectedByFetch} fetch-rejected pairs were generated`);
  await assertHealthy('after the header checks');
});

// --- secret hygiene: the key does not stay in wasm memory ---------------------------------
function indexOf(mem, pat) {
  const first = pat[0];
  for (let i = mem.indexOf(first); i !== -1 && i + pat.length <= mem.length; i = mem.indexOf(first, i + 1)) {
    let j = 1;
    while (j < pat.length && mem[i + j] === pat[j]) j++;
    if (j === pat.length) return i;
  }
  return -1;
}
/** Where the key (or the HMAC key blocks K^ipad, K^opad that reveal it) is in wasm memory. */
function residues(sk) {
  let key = new TextEncoder().encode(sk);
  if (key.length > 64) key = new Uint8Array(createHash('sha256').update(key).digest());
  const mem = new Uint8Array(wasmSync().memory.buffer);
  const found = [];
  for (const [what, pat] of [['the key', new TextEncoder().encode(sk)], ['K^ipad', key.map((b) => b ^ 0x36)], ['K^opad', key.map((b) => b ^ 0x5c)]]) {
    const at = indexOf(mem, pat);
    if (at !== -1) found.push(`${what} at ${at}`);
  }
  return found;
}

test('scanning wasm memory finds the secret key nowhere after verifyRequest', async () => {
  await api.init();
  const r = prng(SEED + 4);
  for (const len of [20, 40, 64, 65, 200]) {
    const sk = secretKey(r).padEnd(len, 'q').slice(0, len);
    const s = await api.signRequest({ method: 'POST', url: 'https://h.example.com/p', body: 'x'.repeat(100) }, { ak: 'AK', sk }, GUIDE.options);
    for (const body of [s.body, 'tampered']) {
      const v = await api.verifyRequest({ method: s.method, url: s.url, headers: s.headers, body }, () => sk, { now: Date.UTC(2019, 10, 15, 3, 36, 55) });
      assert.equal(v.valid, body === s.body);
      assert.deepEqual(residues(sk), [], `key of ${len} bytes`);
    }
  }
});

// Regression test: the HMAC key blocks (SK ^ 0x36, SK ^ 0x5c) once stayed on the wasm shadow stack.
test('scanning wasm memory finds the secret key nowhere after signRequest', async () => {
  await api.init();
  const r = prng(SEED + 5);
  for (const len of [20, 40, 64, 65, 200]) {
    const sk = secretKey(r).padEnd(len, 'q').slice(0, len);
    for (const sign of [api.signRequest, api.signRequestSync]) {
      await sign({ method: 'POST', url: 'https://h.example.com/p', body: 'x'.repeat(100) }, { ak: 'AK', sk }, GUIDE.options);
      assert.deepEqual(residues(sk), [], `${sign.name}, key of ${len} bytes`);
      // A failed signature (the key is checked and copied in before the URL is refused) leaves nothing either.
      await settle(() => sign({ url: 'https://h.example.com/' + 'a'.repeat(40_000) }, { ak: 'AK', sk }, GUIDE.options));
      assert.deepEqual(residues(sk), [], `${sign.name} (failed), key of ${len} bytes`);
    }
  }
});

// The request text (secret key included) goes to wasm through a reused JS scratch buffer.
test('the request buffer on the JavaScript side is zeroed after every signature, failed ones included', async () => {
  await api.init();
  const sk = 'ScratchSecretKey0123456789abcdefghijklmé'; // non-ASCII: 2 UTF-8 bytes
  const clean = (what) => assert.ok(requestScratch().every((b) => b === 0), `${what}: the scratch buffer still holds the request`);
  for (const sign of [api.signRequest, api.signRequestSync]) {
    await sign({ method: 'POST', url: 'https://h.example.com/p', headers: { 'x-a': 'v' }, body: 'x' }, { ak: 'AK', sk }, GUIDE.options);
    clean(`${sign.name}`);
    // refused by the wasm core after the request was written: an invalid header name
    await settle(() => sign({ url: 'https://h.example.com/', headers: { 'bad name': 'v' } }, { ak: 'AK', sk }, GUIDE.options));
    clean(`${sign.name} (failed)`);
  }
  await api.signRequest({ url: 'https://h.example.com/' }, { ak: 'AK', sk }, { ...GUIDE.options, algorithm: 'SDK-HMAC-SM3' });
  clean('SDK-HMAC-SM3 (ext module)');
});

// The wasm request is bytes (src/wasm/mod.rs): each field must be checked to be UTF-8 before the
// core treats it as text. Called through the bindings directly, as a buggy or hostile caller would.
test('the wasm request refuses bytes that are not UTF-8, in any field, and keeps working', async () => {
  await api.init();
  const put = (s) => s.length + ':' + s;
  const fields = ['SDK-HMAC-SHA256', '', '', 'GET', 'https://h.example.com/p', '20191115T033655Z', 'B', '0', 'AK', 'SKé', '1', 'x-a', 'v'];
  const request = (k, bytes) => {
    const parts = fields.map((f, i) => (i === k ? `${bytes.length}:` : put(f)));
    const enc = new TextEncoder();
    const head = enc.encode('1:1' + parts.slice(0, k + 1).join(''));
    const tail = enc.encode(parts.slice(k + 1).join(''));
    return Uint8Array.from([...head, ...bytes, ...tail]);
  };
  const sign = (req) => call((b) => b.signRequest(req, new Uint8Array(0)));
  // The valid text signs (the SK holds a 2-byte character).
  assert.match(sign(new TextEncoder().encode('1:1' + fields.map(put).join(''))), /^\+1/);
  // Each one is a single "character" by its UTF-16 length prefix but not valid UTF-8: a lone
  // continuation byte, a bad continuation, an overlong form, a surrogate, a cut 4-byte sequence,
  // a code point above U+10FFFF, 0xFF.
  const bad = [[0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0xff]];
  for (const k of [3, 4, 8, 9, 11, 12]) {
    for (const b of bad) {
      const out = sign(request(k, b));
      assert.match(out, /^!ERR_INVALID_ARGUMENT\nmalformed request/, `field ${k}, bytes ${b}`);
    }
  }
  assert.match(sign(new TextEncoder().encode('1:1' + fields.map(put).join(''))), /^\+1/);
  await assertHealthy('after malformed requests');
});

// The wasm allocator is a bump arena that rewinds when no allocation is live (src/wasm/arena.rs): a
// call that left one allocation behind would make the memory grow with every signature.
test('wasm memory does not grow over 20,000 calls (failed ones and wasm-hashed bodies included)', async () => {
  await api.init();
  const w = wasmSync();
  const size = () => w.memory.buffer.byteLength;
  const r = prng(SEED + 6);
  const bodies = [new Uint8Array(0), new Uint8Array(100), new Uint8Array(70_000).fill(7), 'é'.repeat(3000)];
  const round = async (i) => {
    const body = bodies[i % bodies.length];
    const headers = { 'Content-Type': 'application/json', ['x-h' + (i % 7)]: 'v'.repeat(r.int(0, 200)) };
    await api.signRequest({ method: 'PUT', url: `https://h.example.com/p/${i}?b=${i}&a=1`, headers, body }, { ak: 'AK', sk: 'SK' + i }, GUIDE.options);
    api.signRequestSync({ url: 'https://h.example.com/?q=' + 'é'.repeat(i % 50), body }, { ak: 'AK', sk: 'é' + i }, GUIDE.options);
    // failures: refused by the wasm core (URL over 32 KB, a bad payload hash) and by the size check
    await settle(() => api.signRequest({ url: 'https://h.example.com/' + 'a'.repeat(33_000) }, { ak: 'AK', sk: 'SK' }, GUIDE.options));
    await settle(() => api.signRequest({ url: 'https://h.example.com/' }, { ak: 'AK', sk: 'SK' }, { ...GUIDE.options, payloadHash: 'xyz' }));
  };
  setBodyHashing('wasm'); // hash the bodies in wasm, where they take memory
  try {
    for (let i = 0; i < 8; i++) await round(i);
    const before = size();
    for (let i = 0; i < 5_000; i++) await round(i);
    assert.equal(size(), before, `the wasm memory grew from ${before} to ${size()} bytes`);
  } finally {
    setBodyHashing('auto');
  }
  await assertHealthy('after 20,000 calls');
});

// Regression test: 100 000 headers once took ~40 s (a linear duplicate scan per header, and the
// 128 KB total checked only after the loop).
test('signing time grows linearly with the number of headers (no quadratic hang)', async () => {
  // Short names and empty values: 12 000 headers stay under the 128 KB total and are all signed.
  const headers = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => ['h' + i, '']));
  const time = async (n) => {
    const h = headers(n);
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await settle(() => api.signRequest({ url: 'https://h.example.com/', headers: h }, { ak: 'AK', sk: 'SK' }, GUIDE.options));
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  await time(500);
  const small = await time(1_000);
  const large = await time(12_000);
  // 12x the headers: ~12x the time when linear, up to 144x when quadratic. The bound leaves room for noise.
  assert.ok(large / small < 40, `1 000 headers: ${small.toFixed(1)} ms, 12 000 headers: ${large.toFixed(1)} ms (x${(large / small).toFixed(0)})`);
});

test('a polluted Object.prototype does not change what is signed', async () => {
  const pollute = { securityToken: 'polluted', projectId: 'p', domainId: 'd', unsignedPayload: true, payloadHash: 'a'.repeat(64), body: 'x', signingDate: 0 };
  for (const [k, v] of Object.entries(pollute)) {
    Object.prototype[k] = v; // eslint-disable-line no-extend-native
    try {
      const s = await api.signRequest({ ...GUIDE.request }, { ...GUIDE.credentials }, { ...GUIDE.options });
      assert.equal(s.signature, GUIDE.signature, `Object.prototype.${k} changed the signature`);
    } finally {
      delete Object.prototype[k];
    }
  }
});

test('verifyRequest ignores a polluted Object.prototype in its options', async () => {
  const s = await api.signRequest({ url: 'https://h.example.com/p', body: 'b' }, { ...GUIDE.credentials }, GUIDE.options);
  const recv = { method: s.method, url: s.url, headers: s.headers, body: 'tampered' };
  for (const [k, v] of Object.entries({ payloadHash: createHash('sha256').update('b').digest('hex'), maxSkewMs: 1e15 })) {
    Object.prototype[k] = v; // eslint-disable-line no-extend-native
    try {
      const r = await api.verifyRequest(k === 'maxSkewMs' ? { ...recv, body: 'b' } : recv, () => GUIDE.credentials.sk, k === 'maxSkewMs' ? {} : { now: Date.UTC(2019, 10, 15, 3, 36, 55) });
      assert.equal(r.valid, false, `Object.prototype.${k} was used`);
    } finally {
      delete Object.prototype[k];
    }
  }
});

test('credential providers and discovery: throwing options, hooks, providers and junk fetch answers get coded errors', async () => {
  const SECRET = 'HOOKSECRET-' + 'q'.repeat(20);
  const thrown = new Error('CALLER-MESSAGE'); // the caller's text: kept as err.cause, never repeated in err.message
  const expectCoded = async (what, fn, code) => {
    const out = await settle(fn);
    assert.ok('error' in out, `${what}: resolved instead of failing`);
    const e = out.error;
    assert.deepEqual(problems(out, [SECRET]), [], `${what}: ${e && e.message}`);
    assert.equal(e.code, code, `${what}: ${e.code} ${e.message}`);
    assert.ok(!e.message.includes('CALLER-MESSAGE'), `${what}: the message repeats the caller's: ${e.message}`);
    return e;
  };
  const trap = new Proxy({}, { get() { throw thrown; } });
  // Options whose reading throws, at every level: the original is err.cause, its text is not repeated.
  for (const [what, fn] of [
    ['fromOidc(Proxy)', () => api.fromOidc(trap)],
    ['fromEnv(env, Proxy)', () => api.fromEnv({}, trap)],
    ['fromProfile(getter)', () => api.fromProfile(throwingGetters(['section']))],
    ['fromPodIdentity(revoked)', () => api.fromPodIdentity(revokedProxy())],
    ['fromInstanceMetadata(ownKeys trap)', () => api.fromInstanceMetadata(throwingProxy('all'))],
    ['defaultProvider({ metadata: Proxy })', () => api.defaultProvider({ env: {}, metadata: trap })],
    ['discoverProjectId(creds, Proxy)', () => api.discoverProjectId({ ak: 'AK', sk: SECRET }, trap)],
  ]) {
    const e = await expectCoded(what, fn, 'ERR_INVALID_ARGUMENT');
    if (what.includes('Proxy)')) assert.equal(e.cause, thrown, `${what}: cause`);
  }
  for (const [what, creds] of [['getters', throwingGetters(['ak', 'sk'])], ['Proxy', trap], ['provider that throws', () => { throw thrown; }], ['provider that rejects', async () => { throw thrown; }]]) {
    await expectCoded(`discoverDomainId(${what})`, () => api.discoverDomainId(creds, { iamEndpoint: 'http://127.0.0.1:9', fetch: async () => new Response('{}') }), 'ERR_INVALID_CREDENTIALS');
  }
  await expectCoded('discoverDomainId: iamEndpoint whose toString throws', () => api.discoverDomainId({ ak: 'AK', sk: SECRET, iamEndpoint: { toString() { throw thrown; } } }, { fetch: async () => new Response('{}') }), 'ERR_INVALID_ARGUMENT');
  // A fetch that resolves to something that is not a Response. (A Proxy whose traps throw cannot get
  // here: awaiting it reads its `then`, so the fetch rejects, which is ERR_NETWORK.)
  for (const junk of [undefined, null, 42, {}, { status: 200 }, throwingGetters(['status', 'text', 'headers'])]) {
    await expectCoded(`fromInstanceMetadata: fetch → ${describeArgs([junk])}`, () => api.fromInstanceMetadata({ fetch: async () => junk })(), 'ERR_INVALID_RESPONSE');
    await expectCoded(`discoverProjectId: fetch → ${describeArgs([junk])}`, () => api.discoverProjectId({ ak: 'AKJUNK', sk: SECRET }, { region: 'cn-north-4', iamEndpoint: 'http://127.0.0.1:9', fetch: async () => junk }), 'ERR_INVALID_RESPONSE');
  }
  // An answer whose body breaks off after the status line.
  const broken = () => new Response(new ReadableStream({ pull(c) { c.error(new Error('stream broke')); } }), { status: 200 });
  await expectCoded('fromInstanceMetadata: body breaks off', () => api.fromInstanceMetadata({ fetch: async (url) => (String(url).endsWith('/api/token') ? new Response('session') : broken()) })(), 'ERR_NETWORK');
  await expectCoded('discoverDomainId: body breaks off', () => api.discoverDomainId({ ak: 'AKBROKEN', sk: SECRET }, { iamEndpoint: 'http://127.0.0.1:9', fetch: async () => broken() }), 'ERR_NETWORK');
  // An idToken hook that throws or rejects.
  for (const idToken of [() => { throw thrown; }, async () => { throw thrown; }]) {
    const e = await expectCoded('fromOidc: idToken hook fails', () => api.fromOidc({ idpId: 'idp', idToken, iamEndpoint: 'http://127.0.0.1:9', fetch: async () => new Response('{}') })(), 'ERR_CREDENTIALS_NOT_FOUND');
    assert.equal(e.cause, thrown);
  }
});

test('the module is healthy at the end', async () => {
  await assertHealthy('at the end');
  stopWatchdog();
});

test('memory: a secret key over 1 KB is refused before it reaches wasm memory; a call that grew the memory past 8 MiB leaves a fresh instance behind', async () => {
  await api.init();
  const size = () => wasmSync().memory.buffer.byteLength;
  const before = size();
  const huge = 'S'.repeat(30 * 1024 * 1024);
  const e = await api.signRequest({ url: 'https://h.example.com/' }, { ak: 'AK', sk: huge }).then(() => null, (x) => x);
  assert.equal(e && e.code, 'ERR_INVALID_CREDENTIALS');
  assert.match(e.message, /31457280 characters/);
  assert.ok(!e.message.includes('SSSS'), 'the key itself is never in the message');
  assert.equal(size(), before, 'the 30 MB key was copied into wasm memory');
  assert.equal(api.signRequestSync({ url: 'https://h.example.com/' }, { ak: 'AK', sk: 'S'.repeat(1024) }, GUIDE.options).signature.length, 64, 'a 1 KB key still signs');
  // A 12 MB body hashed in wasm grows the memory to ~13 MB; the instance is replaced after that call.
  setBodyHashing('wasm');
  try {
    const body = new Uint8Array(12 * 1024 * 1024);
    const big = api.signRequestSync({ method: 'PUT', url: 'https://h.example.com/o', body }, { ak: 'AK', sk: 'SK' }, GUIDE.options);
    assert.equal(big.canonicalRequest.split('\n').pop(), createHash('sha256').update(body).digest('hex'));
    assert.ok(size() <= 8 * 1024 * 1024, `the wasm memory stayed at ${size()} bytes after the large call`);
    assert.equal(api.signRequestSync(GUIDE.request, GUIDE.credentials, GUIDE.options).signature, GUIDE.signature, 'the fresh instance signs');
  } finally {
    setBodyHashing('auto');
  }
});
