#!/usr/bin/env node
// Runtime matrix: the conformance suite (tests/shared/suite.mjs: the JSON vectors, a bad-input
// round, the guide example again) inside every runtime users deploy to, loading the package exactly
// as users get it: `npm pack` of pkg/, unpacked into a throwaway project's node_modules.
//
//   node tests/runtimes/run.mjs            (after scripts/build-wasm.sh)
//   KEEP_TMP=1 node tests/runtimes/run.mjs keeps the temp project for debugging
//
// Rows: Node ESM (import), Node CJS (require), Node slim + the .wasm subpath, Deno, Bun (npm
// packages `deno` and `bun`), Cloudflare workerd (npm `workerd`; the worker bundled with esbuild the
// way wrangler does, `.wasm` as a module, run with `workerd test`) for the workerd and edge-light
// conditions plus a negative row (a bundle without the workerd condition must fail cleanly with
// ERR_WASM_INIT, not run), and headless Chromium (Debian /usr/bin/chromium via playwright-core) on
// pages served with `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`, plus a
// negative page without 'wasm-unsafe-eval'. Nothing is installed at test time. Exit code 1 if any
// row fails.

import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  BIN, CSP, MARK, PAGE_PRELUDE, html, launchChromium, npmPack, parseReport, requireBuild, resolveExport, run, runPage,
  installTarball, staticServer, table, tempDir, verdict, writeSuiteFiles,
} from '../shared/node-harness.mjs';
import { credentialJobs } from './credentials-rows.mjs';

requireBuild();
const t0 = Date.now();
const { dir: TMP } = tempDir('hwcloud-runtimes');
const APP = join(TMP, 'app');
mkdirSync(APP, { recursive: true });
const { tarball, files } = npmPack(TMP);
const PKGDIR = installTarball(tarball, APP);
const haveVectors = writeSuiteFiles(APP);

const rows = [];
const problems = [];
const reports = [];
function record(name, entry, report, extra = [], ms = 0, note = '') {
  if (report) reports.push(report);
  const v = verdict(report, extra);
  rows.push([name, entry, v.ok ? 'ok' : 'FAIL', v.passed, v.failed, v.skipped, `${ms} ms`, note]);
  if (!v.ok) {
    const lines = [`--- ${name}`];
    for (const p of extra) lines.push(`  ${p}`);
    if (report) for (const r of report.results.filter((x) => !x.ok)) lines.push(`  FAIL ${r.name}: ${r.detail}`);
    problems.push(lines.join('\n'));
  }
}
const rel = (p) => String(p || '?').split(`file://${PKGDIR}/`).join('').split(`${PKGDIR}/`).join('');

// The tarball must contain everything each entry needs.
{
  const need = ['package.json', 'index.d.ts', 'dist/hwcloud_signer.wasm', 'dist/wasm-inline.js', 'dist/index.cjs',
    'src/index.js', 'src/slim.js', 'src/entry-workerd.js', 'src/entry-edge-light.js', 'src/runtime.js', 'src/sign.js'];
  const missing = need.filter((f) => !files.includes(f));
  if (missing.length) problems.push(`--- npm pack\n  the tarball lacks ${missing.join(', ')}`);
}

// ---- drivers --------------------------------------------------------------------------------
const DRIVER = `import * as mod from 'hwcloud-signer';
import { runSuite } from './suite.mjs';
import vectors from './vectors.mjs';
const label = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node-esm';
const report = await runSuite({ mod, vectors, label });
report.resolved = String(import.meta.resolve('hwcloud-signer'));
report.runtime = globalThis.Deno ? 'deno ' + Deno.version.deno : globalThis.Bun ? 'bun ' + Bun.version : 'node ' + process.version;
console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
`;
writeFileSync(join(APP, 'driver.mjs'), DRIVER);

writeFileSync(join(APP, 'driver-cjs.cjs'), `'use strict';
const mod = require('hwcloud-signer');
(async () => {
  const { runSuite } = await import('./suite.mjs');
  const { default: vectors } = await import('./vectors.mjs');
  const report = await runSuite({ mod, vectors, label: 'node-cjs' });
  report.resolved = require.resolve('hwcloud-signer');
  report.runtime = 'node ' + process.version;
  // require(esm) (Node >= 20.19) of the ESM entries works only without top-level await.
  const path = require('node:path');
  const root = path.dirname(require.resolve('hwcloud-signer/package.json'));
  for (const [what, load] of [['slim', () => require('hwcloud-signer/slim')], ['src/index.js', () => require(path.join(root, 'src/index.js'))]]) {
    let ok = false, detail;
    try { ok = typeof load().signRequest === 'function'; detail = 'no signRequest export'; } catch (e) { detail = (e.code || '') + ' ' + e.message; }
    report.results.push(ok ? { name: 'require(esm) of ' + what, ok } : { name: 'require(esm) of ' + what, ok, detail });
    if (ok) report.passed++; else report.failed++;
  }
  console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
})();
`);

writeFileSync(join(APP, 'driver-slim.mjs'), `import * as mod from 'hwcloud-signer/slim';
import { readFile } from 'node:fs/promises';
import { runSuite } from './suite.mjs';
import vectors from './vectors.mjs';
const wasmUrl = import.meta.resolve('hwcloud-signer/hwcloud_signer.wasm');
const report = await runSuite({ mod, vectors, label: 'node-slim', initInput: readFile(new URL(wasmUrl)) });
report.resolved = import.meta.resolve('hwcloud-signer/slim') + ' + ' + wasmUrl;
report.runtime = 'node ' + process.version;
console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
`);

async function processRow(name, cmd, args, { expectEntry, expectLabel, env } = {}) {
  const r = await run(cmd, args, { cwd: APP, env, timeoutMs: 90000 });
  const report = parseReport(r.stdout);
  const extra = [];
  if (r.code !== 0) extra.push(`exit code ${r.code}`);
  if (!report) extra.push(`no report; stdout: ${r.stdout.slice(-800)}\n  stderr: ${r.stderr.slice(-1500)}`);
  const entry = report ? rel(report.resolved) : '?';
  if (report && expectEntry && !entry.split(' + ')[0].endsWith(expectEntry)) extra.push(`resolved ${entry}, expected ${expectEntry}`);
  if (report && expectLabel && report.label !== expectLabel) extra.push(`the suite ran in ${report.label}, expected ${expectLabel}`);
  record(name, entry, report, extra, r.ms, report ? report.runtime : '');
}

// ---- workerd --------------------------------------------------------------------------------
// Bundled the way wrangler does: esbuild with the workerd/worker/browser conditions; `.wasm` (and
// `.wasm?module`, Vercel's spelling) imports become external modules listed in the capnp config.
async function bundleWorker(outDir, conditions, source) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(APP, `${basename(outDir)}.mjs`), source);
  const wasmModules = [];
  const wasmPlugin = {
    name: 'wrangler-like-wasm-modules',
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = resolve(args.resolveDir, args.path.replace(/\?module$/, ''));
        const name = `${createHash('sha1').update(readFileSync(file)).digest('hex').slice(0, 16)}-${basename(file)}`;
        copyFileSync(file, join(outDir, name));
        if (!wasmModules.includes(name)) wasmModules.push(name);
        return { path: `./${name}`, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [join(APP, `${basename(outDir)}.mjs`)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    conditions,
    mainFields: ['browser', 'module', 'main'],
    outfile: join(outDir, 'worker.mjs'),
    plugins: [wasmPlugin],
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => p.includes('node_modules/hwcloud-signer/src/entry') || p.endsWith('hwcloud-signer/src/index.js'));
  const modules = ['    (name = "worker.mjs", esModule = embed "worker.mjs"),',
    ...wasmModules.map((m) => `    (name = "${m}", wasm = embed "${m}"),`)];
  writeFileSync(join(outDir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
);
const worker :Workerd.Worker = (
  modules = [
${modules.join('\n')}
  ],
  compatibilityDate = "2025-09-01",
);
`);
  return { inputs: inputs.map((p) => p.replace(/^.*node_modules\/hwcloud-signer\//, '')), wasmModules, bundleSize: readFileSync(join(outDir, 'worker.mjs')).length };
}

let workerdVersionText;
async function workerdVersion() {
  if (!workerdVersionText) workerdVersionText = (await run(join(BIN, 'workerd'), ['--version'])).stdout.trim();
  return workerdVersionText;
}

const WORKER = (label) => `import * as mod from 'hwcloud-signer';
import { runSuite } from './suite.mjs';
import vectors from './vectors.mjs';
export default {
  async test() {
    const report = await runSuite({ mod, vectors, label: ${JSON.stringify(label)}, eager: true });
    console.log(${JSON.stringify(MARK)} + JSON.stringify(report));
    if (report.failed) throw new Error(report.failed + ' suite checks failed');
  },
};
`;

// A worker bundled without the workerd/edge-light conditions gets the inline entry; Workers forbid
// compiling wasm from bytes, so the package must fail with ERR_WASM_INIT (and say why), not hang or trap.
const NEGATIVE_WORKER = `import * as mod from 'hwcloud-signer';
export default {
  async test() {
    let e;
    try { await mod.signRequest({ url: 'https://example.com/' }, { ak: 'a', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' }); } catch (x) { e = x; }
    const retry = await mod.init().then(() => 'resolved', (x) => x && x.code);
    console.log(${JSON.stringify(MARK)} + JSON.stringify({ code: e && e.code, name: e && e.name, message: e && e.message, retry }));
  },
};
`;

async function workerdRow(name, conditions, expectEntry) {
  const t = Date.now();
  const outDir = join(APP, `worker-${conditions[0]}`);
  let b;
  try {
    b = await bundleWorker(outDir, conditions, WORKER(name));
  } catch (e) {
    record(name, '?', null, [`esbuild failed: ${e.message}`], Date.now() - t);
    return;
  }
  const r = await run(join(BIN, 'workerd'), ['test', 'config.capnp'], { cwd: outDir, timeoutMs: 90000 });
  const report = parseReport(r.stdout + r.stderr);
  const extra = [];
  if (r.code !== 0) extra.push(`workerd test exit code ${r.code}: ${r.stderr.slice(-1500)}`);
  if (!report) extra.push(`no report: ${(r.stdout + r.stderr).slice(-1500)}`);
  if (!b.inputs.some((p) => p.endsWith(expectEntry))) extra.push(`bundle used ${b.inputs.join(', ')}, expected ${expectEntry}`);
  if (b.inputs.some((p) => p.endsWith('src/index.js'))) extra.push('the inline (base64/text) entry was bundled into the worker');
  if (b.wasmModules.length !== 3) extra.push(`expected the three .wasm modules (sign-only, ext, ecc), got ${b.wasmModules.length}`);
  record(name, `${b.inputs.join(', ')} + .wasm module`, report, extra, Date.now() - t, `${await workerdVersion()}, bundle ${(b.bundleSize / 1024).toFixed(1)} KiB`);
}

async function workerdNegativeRow() {
  const t = Date.now();
  const name = 'workerd, no workerd condition (must fail cleanly)';
  const outDir = join(APP, 'worker-negative');
  const b = await bundleWorker(outDir, ['worker', 'browser'], NEGATIVE_WORKER);
  const r = await run(join(BIN, 'workerd'), ['test', 'config.capnp'], { cwd: outDir, timeoutMs: 90000 });
  const got = parseReport(r.stdout + r.stderr);
  const extra = [];
  if (!got) extra.push(`no output: ${(r.stdout + r.stderr).slice(-1500)}`);
  else {
    if (got.code !== 'ERR_WASM_INIT') extra.push(`expected ERR_WASM_INIT, got ${JSON.stringify(got)}`);
    if (!/workerd/.test(got.message || '')) extra.push(`the message does not point to the workerd export: ${got.message}`);
    if ((got.message || '').includes('MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc')) extra.push('the SK leaked into the message');
    if (got.retry !== 'ERR_WASM_INIT') extra.push(`a second init() should fail the same way (retried), got ${JSON.stringify(got.retry)}`);
  }
  // A synthetic one-check report so the table shows what was verified.
  const report = { passed: extra.length ? 0 : 1, failed: extra.length ? 1 : 0, skipped: 0, results: [] };
  record(name, b.inputs.join(', '), report, extra, Date.now() - t, got ? `${got.code}` : '');
}

// ---- Chromium ---------------------------------------------------------------------------------
async function chromiumRows() {
  const t = Date.now();
  const def = resolveExport(PKGDIR, '.', ['browser', 'import']);
  const slim = resolveExport(PKGDIR, './slim', ['browser', 'import']);
  const wasm = resolveExport(PKGDIR, './hwcloud_signer.wasm', ['browser', 'import']);
  writeFileSync(join(APP, 'prelude.mjs'), PAGE_PRELUDE);
  const page = (entry, init) => `import '/prelude.mjs';
import * as mod from '/node_modules/hwcloud-signer/${entry}';
import { runSuite } from '/suite.mjs';
import vectors from '/vectors.mjs';
runSuite({ mod, vectors, label: 'chromium'${init ? `, initInput: ${init}` : ''} })
  .then((r) => { globalThis.__suiteReport = r; }, (e) => { globalThis.__suiteError = String((e && e.stack) || e); });
`;
  writeFileSync(join(APP, 'default.mjs'), page(def));
  writeFileSync(join(APP, 'slim.mjs'), page(slim, `new URL('/node_modules/hwcloud-signer/${wasm}', location.href)`));
  writeFileSync(join(APP, 'nocsp.mjs'), `import '/prelude.mjs';
import * as mod from '/node_modules/hwcloud-signer/${def}';
mod.init().then(() => { globalThis.__suiteReport = { resolvedWithoutWasmUnsafeEval: true }; },
  (e) => { globalThis.__suiteReport = { code: e && e.code, message: String(e && e.message) }; });
`);
  writeFileSync(join(APP, 'default.html'), html('/default.mjs'));
  writeFileSync(join(APP, 'slim.html'), html('/slim.mjs'));
  writeFileSync(join(APP, 'nocsp.html'), html('/nocsp.mjs'));
  const strict = "default-src 'self'; script-src 'self'; object-src 'none'";
  const server = await staticServer(APP, { cspFor: (p) => (p.startsWith('/nocsp') ? strict : CSP) });
  let browser;
  try {
    browser = await launchChromium();
    for (const [name, file, entry] of [['chromium (CSP wasm-unsafe-eval)', 'default.html', def], ['chromium slim + .wasm URL', 'slim.html', `${slim} + ${wasm}`]]) {
      const t1 = Date.now();
      const out = await runPage(browser, `${server.origin}/${file}`);
      const extra = [];
      if (out.error) extra.push(`page error: ${out.error}`);
      if (out.csp.length) extra.push(`CSP violations: ${out.csp.join('; ')}`);
      if (out.syncCompiles !== 0) extra.push(`${out.syncCompiles} synchronous WebAssembly.Module compile(s) on the main thread`);
      record(name, entry, out.report, extra, Date.now() - t1, `chromium ${browser.version()}`);
    }
    const t2 = Date.now();
    const neg = await runPage(browser, `${server.origin}/nocsp.html`);
    const extra = [];
    const r = neg.report || {};
    if (r.code !== 'ERR_WASM_INIT') extra.push(`expected ERR_WASM_INIT without 'wasm-unsafe-eval', got ${JSON.stringify(neg.report || neg.error)}`);
    else if (!/wasm-unsafe-eval/.test(r.message)) extra.push(`the error does not name 'wasm-unsafe-eval': ${r.message}`);
    record("chromium, CSP without 'wasm-unsafe-eval' (must fail cleanly)", def, { passed: extra.length ? 0 : 1, failed: extra.length ? 1 : 0, skipped: 0, results: [] }, extra, Date.now() - t2, r.code || '');
  } catch (e) {
    record('chromium', def, null, [`could not run Chromium: ${e.stack || e}`], Date.now() - t);
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

// ---- run everything (two at a time: the machines have two cores) ------------------------------
const jobs = [
  () => processRow('node (import)', process.execPath, ['driver.mjs'], { expectEntry: 'src/index.js', expectLabel: 'node-esm' }),
  () => processRow('node (require)', process.execPath, ['driver-cjs.cjs'], { expectEntry: 'dist/index.cjs', expectLabel: 'node-cjs' }),
  () => processRow('node slim + .wasm subpath', process.execPath, ['driver-slim.mjs'], { expectEntry: 'src/slim.js', expectLabel: 'node-slim' }),
  () => processRow('deno', join(BIN, 'deno'), ['run', '--no-prompt', '--cached-only', '--no-lock', 'driver.mjs'], {
    expectEntry: 'src/index.js', expectLabel: 'deno', env: { DENO_DIR: join(TMP, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  }),
  () => processRow('bun', join(BIN, 'bun'), ['--no-install', 'driver.mjs'], {
    expectEntry: 'src/index.js', expectLabel: 'bun', env: { BUN_INSTALL_CACHE_DIR: join(TMP, 'bun-cache'), NO_COLOR: '1', DO_NOT_TRACK: '1' },
  }),
  () => workerdRow('workerd (workerd condition)', ['workerd', 'worker', 'browser'], 'src/entry-workerd.js'),
  () => workerdRow('workerd (edge-light condition)', ['edge-light', 'worker', 'browser'], 'src/entry-edge-light.js'),
  () => workerdNegativeRow(),
  () => chromiumRows(),
  ...credentialJobs({ APP, TMP, BIN, run, record, bundleWorker, workerdVersion }), // credential providers + discovery vs the emulator
];
const queue = jobs.slice();
await Promise.all([0, 1].map(async () => {
  while (queue.length) {
    const job = queue.shift();
    try {
      await job();
    } catch (e) {
      record(`harness error in ${job.toString().slice(6, 60)}`, '?', null, [String((e && e.stack) || e)]);
    }
  }
}));

// Keep the table in the jobs' order.
const order = ['node (import)', 'node (require)', 'node slim', 'deno', 'bun', 'workerd (workerd', 'workerd (edge', 'workerd, no', 'chromium (', 'chromium slim', 'chromium,', 'credentials: deno', 'credentials: bun', 'credentials: workerd'];
rows.sort((a, b) => order.findIndex((o) => a[0].startsWith(o)) - order.findIndex((o) => b[0].startsWith(o)));
console.log(`hwcloud-signer runtime matrix (package: npm pack of pkg/, ${basename(tarball)}; vectors: ${haveVectors ? 'tests/vectors/sdk-hmac-sha256.json' : 'not found, guide example only'})`);
console.log(table(rows, ['runtime', 'entry loaded', 'result', 'passed', 'failed', 'skipped', 'time', 'note']));
const skips = new Set();
for (const r of reports) for (const x of r.results || []) if (x.skipped) skips.add(`${x.name}: ${x.detail}`);
if (skips.size) console.log(`\nskipped vectors:\n  ${[...skips].join('\n  ')}`);
if (problems.length) console.log(`\n${problems.join('\n')}`);
const failedRows = rows.filter((r) => r[2] !== 'ok').length + (problems.length && rows.every((r) => r[2] === 'ok') ? 1 : 0);
console.log(`\ntotal time ${((Date.now() - t0) / 1000).toFixed(1)}s`);
console.log(`runtimes: ${rows.length - rows.filter((r) => r[2] !== 'ok').length} passed, ${failedRows} failed`);
process.exit(failedRows ? 1 : 0);
