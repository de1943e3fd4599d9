// Where the time of one small signature goes (a development aid, not part of `make bench`):
// the whole signRequestSync, the bare wasm `signRequest` export on a pre-built request text (the
// Rust canonicalisation + SHA-256 + HMAC, plus writing the text in and reading the result out),
// and so the JavaScript layer's share; next to the native minimum. Interleaved rounds, medians.
//   node bench/profile.mjs [--quick] [path/to/pkg/src/index.js]
import { createHash, createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { batchSync } from './timing.mjs';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const entry = args.find((a) => !a.startsWith('--'));
const base = entry ? pathToFileURL(resolve(entry)).href : new URL('../pkg/src/index.js', import.meta.url).href;
const { signRequestSync, init } = await import(base);
const { wasmSync } = await import(new URL('runtime.js', base).href);
await init();
const w = wasmSync();

const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const URL_STR = 'https://ecs.ap-southeast-1.myhuaweicloud.com/v1/0123456789abcdef/cloudservers/detail?limit=10&offset=1';
const HEADERS = { 'content-type': 'application/json;charset=UTF-8', 'x-project-id': '0123456789abcdef', accept: 'application/json' };
const small = { method: 'GET', url: URL_STR, headers: HEADERS };
const cred = { ak: AK, sk: SK };
const date = '20231114T221320Z';
const opts = { signingDate: date };

const entries = Object.entries(HEADERS);
const text = `GET\n${URL_STR}\n${date}\n\n${AK}\n${entries.length}\n${entries.map(([n, v]) => `${n}\n${v}\n`).join('')}${SK}`;
const enc = new TextEncoder();
const dec = new TextDecoder();
function rawCall() {
  const ptr = w.__wbindgen_malloc(text.length, 1) >>> 0;
  enc.encodeInto(text, new Uint8Array(w.memory.buffer, ptr, text.length));
  const [p, n] = w.signRequest(ptr, text.length, 0);
  const s = dec.decode(new Uint8Array(w.memory.buffer, p, n));
  w.__wbindgen_free(p, n, 1);
  return s;
}
const ref = signRequestSync(small, cred, opts);
const raw = rawCall();
if (raw[0] !== '+' || raw.slice(1, 65) !== ref.signature) throw new Error('raw call protocol mismatch: ' + raw.slice(0, 120));
const cr = ref.canonicalRequest;
const native = () => createHmac('sha256', SK).update(`SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(cr).digest('hex')}`).digest('hex');
const nowSync = () => signRequestSync(small, cred);

const batch = (fn, ms) => batchSync(fn, ms) * 1000; // µs per call
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const best = (a) => Math.min(...a);
const fns = { 'signRequestSync (fixed date)': () => signRequestSync(small, cred, opts), 'signRequestSync (date = now)': nowSync, 'wasm export alone': rawCall, 'native minimum': native };
const res = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
for (const f of Object.values(fns)) batch(f, 300);
for (let r = 0; r < (QUICK ? 5 : 15); r++) for (const [k, f] of Object.entries(fns)) res[k].push(batch(f, QUICK ? 80 : 200));
// Medians, and the minimum over the rounds (on a busy machine the minimum is the steadier figure).
for (const [label, agg] of [['median', median], ['minimum', best]]) {
  const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, agg(v)]));
  console.log(`-- ${label} of ${res['native minimum'].length} rounds`);
  for (const [k, v] of Object.entries(m)) console.log(`${k.padEnd(30)} ${v.toFixed(2).padStart(7)} µs`);
  console.log(`${'JavaScript layer'.padEnd(30)} ${(m['signRequestSync (fixed date)'] - m['wasm export alone']).toFixed(2).padStart(7)} µs`);
}
