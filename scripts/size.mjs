#!/usr/bin/env node
// Size budget of the default browser entry, measured the way a user's bundle gets it:
// esbuild --bundle --minify of `import { signRequest } from 'hwcloud-signer'` plus one call
// (the wasm is inlined in the default entry, so the one JS file is everything the page loads),
// then gzip -9. Prints the figure against the 14 KB budget and the 10 KB aim.
//
// The 14 KB budget is not met yet (see README, "Size"). Until it is, `make test` enforces a
// regression ceiling (CEILING) so the entry cannot grow unnoticed, and `--strict` enforces the budget.
//
//   node scripts/size.mjs           (after scripts/build-wasm.sh) fails above CEILING
//   node scripts/size.mjs --strict  fails above BUDGET
//   node scripts/size.mjs --json machine-readable figures on the last line

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = process.env.HWCLOUD_PKG_DIR ? resolve(process.env.HWCLOUD_PKG_DIR) : join(ROOT, 'pkg');
const BUDGET = 14 * 1024; // 14,336 bytes gzip: JS + wasm of the default browser entry
const AIM = 10 * 1024; // 10,240 bytes
const CEILING = 16 * 1024; // 16,384 bytes: regression guard while the budget is not met
const STRICT = process.argv.includes('--strict');
const LIMIT = STRICT ? BUDGET : CEILING;

const WASM = join(PKG, 'dist/hwcloud_signer.wasm');
if (!existsSync(WASM) || !existsSync(join(PKG, 'dist/wasm-inline.js'))) {
  console.error('pkg/dist is missing: run scripts/build-wasm.sh (or make build) first');
  process.exit(2);
}

const esbuild = await import('esbuild');
const APP = `import { signRequest } from 'hwcloud-signer';
signRequest(
  { method: 'GET', url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2' },
  { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'not-a-real-secret' },
).then((r) => console.log(r.authorization));
`;

// Resolves 'hwcloud-signer' through the package's exports map with the browser conditions, as a
// user's esbuild does from node_modules (here: the workspace link to pkg/, or HWCLOUD_PKG_DIR).
function resolvePlugin(stripWasm) {
  return {
    name: 'hwcloud-signer-resolve',
    setup(b) {
      b.onResolve({ filter: /^hwcloud-signer$/ }, () => {
        const pj = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
        const dot = pj.exports['.'];
        const pick = (t) => {
          if (typeof t === 'string') return t;
          for (const [k, v] of Object.entries(t || {})) {
            if (['browser', 'import', 'default'].includes(k) && pick(v)) return pick(v);
          }
          return null;
        };
        return { path: join(PKG, pick(dot)) };
      });
      if (stripWasm) {
        // The same bundle without the inlined wasm: what the JS alone costs.
        b.onLoad({ filter: /[\\/]dist[\\/]wasm-inline\.js$/ }, () => ({ contents: 'export default ""; export const size = 0, length = 0;', loader: 'js' }));
      }
    },
  };
}

async function bundle(stripWasm) {
  const r = await esbuild.build({
    stdin: { contents: APP, resolveDir: ROOT, sourcefile: 'app.js', loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', metafile: true,
    plugins: [resolvePlugin(stripWasm)],
  });
  const code = r.outputFiles[0].contents;
  const inputs = Object.keys(r.metafile.inputs).filter((p) => !p.startsWith('<stdin>'));
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs };
}

const full = await bundle(false);
const js = await bundle(true);
const wasmBytes = readFileSync(WASM);
const wasmGzip = gzipSync(wasmBytes, { level: 9 }).length;
const inlineShare = full.gzip - js.gzip;

const entry = full.inputs.find((p) => /src[\\/]index\.js$/.test(p));
if (!entry || !full.inputs.some((p) => /wasm-inline\.js$/.test(p))) {
  console.error(`the bundle did not use the default entry with the inlined wasm: ${full.inputs.join(', ')}`);
  process.exit(1);
}

const n = (x) => String(x.toLocaleString('en-US')).padStart(7);
const ok = full.gzip <= LIMIT;
const withinBudget = full.gzip <= BUDGET;
console.log(`hwcloud-signer size: default browser entry, esbuild ${esbuild.version} --bundle --minify of`);
console.log(`"import { signRequest } from 'hwcloud-signer'" + one call, gzip -9 (zlib level 9)`);
console.log(`  JS (API + loader, wasm excluded)  ${n(js.raw)} B raw  ${n(js.gzip)} B gzip`);
console.log(`  wasm, inlined in the JS           ${n(full.raw - js.raw)} B raw  ${n(inlineShare)} B gzip`);
console.log(`  total (one JS file)               ${n(full.raw)} B raw  ${n(full.gzip)} B gzip  = ${(full.gzip / 1024).toFixed(2)} KB`);
console.log(`  budget ${BUDGET.toLocaleString('en-US')} B (14 KB), aim ${AIM.toLocaleString('en-US')} B (10 KB): ${withinBudget ? `within budget, ${BUDGET - full.gzip} B to spare` : `OVER BUDGET by ${full.gzip - BUDGET} B`}${full.gzip <= AIM ? ', aim met' : `, ${full.gzip - AIM} B above the aim`}`);
console.log(`  for reference: the .wasm file alone ${n(wasmBytes.length)} B raw  ${n(wasmGzip)} B gzip (slim entry + separate file)`);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ jsGzip: js.gzip, wasmInlineGzip: inlineShare, totalGzip: full.gzip, totalRaw: full.raw, wasmRaw: wasmBytes.length, wasmGzip, budget: BUDGET, aim: AIM }));
}
console.log(`  enforced limit (${STRICT ? 'budget, --strict' : 'regression ceiling'}): ${LIMIT.toLocaleString('en-US')} B: ${ok ? 'ok' : `EXCEEDED by ${full.gzip - LIMIT} B`}`);
console.log(`size: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
