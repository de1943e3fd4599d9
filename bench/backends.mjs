// Compares the wasm builds made by bench/backends.sh (sha2 backends compact / unrolled / simd128):
// wasm size, small-request signature time and in-wasm SHA-256 throughput (bodies forced to be
// hashed in wasm). One process, interleaved rounds, medians. Usage: node bench/backends.mjs [--quick]
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.argv.includes('--quick');
const names = ['compact', 'unrolled', 'simd128'].filter((n) => existsSync(join(ROOT, 'target/bench-backends', n, 'pkg/src/index.js')));
if (!names.length) {
  console.error('no variants: run bench/backends.sh');
  process.exit(1);
}
const cred = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const small = {
  method: 'GET',
  url: 'https://ecs.ap-southeast-1.myhuaweicloud.com/v1/0123456789abcdef/cloudservers/detail?limit=10&offset=1',
  headers: { 'content-type': 'application/json;charset=UTF-8', 'x-project-id': '0123456789abcdef', accept: 'application/json' },
};
const opts = { signingDate: 1700000000000 };
const body = (n) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
};
const bodies = { '16 KB': body(16 * 1024), '1 MB': body(1 << 20) };

const variants = [];
for (const n of names) {
  const dir = join(ROOT, 'target/bench-backends', n, 'pkg');
  const m = await import(pathToFileURL(join(dir, 'src/index.js')).href);
  await m.init();
  // Hash bodies in wasm even where node:crypto is reachable: the wasm hash is what is compared.
  (await import(pathToFileURL(join(dir, 'src/sign.js')).href)).setBodyHashing('wasm');
  const wasm = readFileSync(join(dir, 'dist/hwcloud_signer.wasm'));
  variants.push({ n, m, size: wasm.length, gz: gzipSync(wasm, { level: 9 }).length });
}
const ref = variants[0].m.signRequestSync(small, cred, opts).signature;
for (const v of variants) {
  if (v.m.signRequestSync(small, cred, opts).signature !== ref) throw new Error(`${v.n} signs differently`);
  for (const b of Object.values(bodies)) {
    if (v.m.signRequestSync({ ...small, method: 'PUT', body: b }, cred, opts).signature !== variants[0].m.signRequestSync({ ...small, method: 'PUT', body: b }, cred, opts).signature) {
      throw new Error(`${v.n} hashes differently`);
    }
  }
}

function batch(fn, ms) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    fn();
    n++;
    t = performance.now();
  } while (t - t0 < ms);
  return (t - t0) / n; // ms per op
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const cases = [['small request (µs)', () => (v) => v.m.signRequestSync(small, cred, opts), 1e3]];
for (const [k, b] of Object.entries(bodies)) {
  const r = { ...small, method: 'PUT', body: b };
  cases.push([`${k} body (MB/s)`, () => (v) => v.m.signRequestSync(r, cred, opts), b.length]);
}
const rounds = QUICK ? 3 : 9;
const ms = QUICK ? 60 : 200;
const res = {};
for (const v of variants) for (const [k, make] of cases) make()(v); // warm-up
for (const v of variants) for (const [k] of cases) res[v.n + k] = [];
for (let r = 0; r < rounds; r++) {
  for (const [k, make, scale] of cases) {
    for (const v of variants) {
      const f = make();
      const per = batch(() => f(v), ms);
      res[v.n + k].push(scale === 1e3 ? per * 1e3 : scale / 1e6 / (per / 1e3));
    }
  }
}
console.log(`| backend | wasm bytes | gzip | ${cases.map((c) => c[0]).join(' | ')} |`);
console.log(`| --- | ---: | ---: | ${cases.map(() => '---:').join(' | ')} |`);
for (const v of variants) {
  console.log(`| ${v.n} | ${v.size} | ${v.gz} | ${cases.map(([k]) => median(res[v.n + k]).toFixed(k.includes('µs') ? 2 : 0)).join(' | ')} |`);
}
