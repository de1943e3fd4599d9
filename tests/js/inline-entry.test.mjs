// The default entry's inlined wasm (pkg/src/index.js, scripts/gen-inline.mjs): base 85 of a gzip,
// unpacked with node:zlib where `process.getBuiltinModule` reaches it (Node, Deno, Bun) and with
// DecompressionStream elsewhere (browsers). Node takes the first path, so each case runs in a
// fresh Node process with the globals that choose the path taken away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const GUIDE = `{
  request: { method: 'GET', url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0', headers: { 'Content-Type': 'application/json' } },
  credentials: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
  options: { signingDate: '20191115T033655Z' },
}`;
const SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';

function run(setup, body) {
  const script = `${setup}
const g = ${GUIDE};
const m = await import('hwcloud-signer');
const out = {};
${body}
console.log(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../..', import.meta.url).pathname }, (e, stdout, stderr) =>
      (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()))));
  });
}

test('the inlined text decodes to exactly the built .wasm', () => {
  const src = readFileSync(new URL('../../pkg/dist/wasm-inline.js', import.meta.url), 'utf8');
  const text = /export default "([^"]*)";/.exec(src)[1];
  const length = Number(/export const length = (\d+);/.exec(src)[1]);
  // The decoder of pkg/src/index.js, written out independently.
  const gz = [];
  for (let i = 0; i < text.length; i += 5) {
    let v = 0n;
    for (const ch of text.slice(i, i + 5)) {
      const c = ch.charCodeAt(0);
      assert.ok(c >= 40 && c <= 125 && c !== 92, `character ${c} outside the alphabet`);
      v = v * 85n + BigInt(c - 40 - (c > 92 ? 1 : 0));
    }
    assert.ok(v < 2n ** 32n);
    gz.push(...[24n, 16n, 8n, 0n].map((s) => Number((v >> s) & 255n)));
  }
  const wasm = readFileSync(new URL('../../pkg/dist/hwcloud_signer.wasm', import.meta.url));
  assert.ok(gunzipSync(Buffer.from(gz.slice(0, length))).equals(wasm));
});

test('node:zlib path (Node with process.getBuiltinModule): signs the guide example', async () => {
  const out = await run("const gbm = process.getBuiltinModule; let zlib = 0; process.getBuiltinModule = (n) => (n === 'node:zlib' && zlib++, gbm(n));",
    'out.sig = (await m.signRequest(g.request, g.credentials, g.options)).signature; out.zlib = zlib;');
  assert.equal(out.sig, SIGNATURE);
  assert.equal(out.zlib, 1, 'node:zlib was not used');
});

test('DecompressionStream path (as in browsers): signs the guide example', async () => {
  const out = await run('delete process.getBuiltinModule;', `
let used = 0;
const DS = globalThis.DecompressionStream;
globalThis.DecompressionStream = class extends DS { constructor(f) { super(f); used++; } };
out.sig = (await m.signRequest(g.request, g.credentials, g.options)).signature;
out.used = used;`);
  assert.equal(out.sig, SIGNATURE);
  assert.equal(out.used, 1, 'DecompressionStream was not used');
});

test('neither available: ERR_WASM_INIT naming the slim entry, and init() succeeds once it is', async () => {
  const out = await run('delete process.getBuiltinModule; const DS = globalThis.DecompressionStream; delete globalThis.DecompressionStream;', `
try { await m.init(); out.first = 'resolved'; } catch (e) { out.first = { code: e.code, message: e.message }; }
globalThis.DecompressionStream = DS;
await m.init();
out.sig = m.signRequestSync(g.request, g.credentials, g.options).signature;`);
  assert.equal(out.first.code, 'ERR_WASM_INIT');
  assert.match(out.first.message, /DecompressionStream.*hwcloud-signer\/slim/);
  assert.equal(out.sig, SIGNATURE);
});
