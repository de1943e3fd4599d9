#!/usr/bin/env node
// Bundler matrix and packaging lint. `npm pack`s pkg/, installs the tarball (offline) into small
// throwaway consumer projects, builds each with a real bundler, and runs the output in headless
// Chromium (Debian /usr/bin/chromium via playwright-core) on a page served with
// `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`. Every page runs the shared
// conformance suite (tests/shared/suite.mjs), which signs the signing-guide example and the vectors.
//
//   node tests/bundlers/run.mjs            (after scripts/build-wasm.sh)
//   KEEP_TMP=1 node tests/bundlers/run.mjs keeps the temp projects for debugging
//
// Rows: Vite build, Vite dev server (dependency pre-bundling), esbuild (ESM, minified), esbuild
// with `require('hwcloud-signer')`, webpack 5 (production), plus packaging checks: publint --strict,
// @arethetypeswrong/cli, no top-level await in any entry, the export-condition order, every .wasm
// subpath's file, and that pkg/index.d.cts is the CJS twin of pkg/index.d.ts (scripts/gen-dcts.mjs).
// Exit code 1 if any row fails.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIN, CSP, PAGE_PRELUDE, PKG, html, installTarball, launchChromium, npmPack, requireBuild, run, runPage, staticServer, table,
  tempDir, verdict, writeSuiteFiles,
} from '../shared/node-harness.mjs';
import { dcts } from '../../scripts/gen-dcts.mjs';

requireBuild();
const t0 = Date.now();
const { dir: TMP } = tempDir('hwcloud-bundlers');
const { tarball } = npmPack(TMP);

const rows = [];
const problems = [];
function record(name, report, extra = [], ms = 0, note = '') {
  const v = verdict(report, extra);
  rows.push([name, v.ok ? 'ok' : 'FAIL', v.passed, v.failed, `${ms} ms`, note]);
  if (!v.ok) {
    const lines = [`--- ${name}`, ...extra.map((p) => `  ${p}`)];
    if (report && report.results) for (const r of report.results.filter((x) => !x.ok)) lines.push(`  FAIL ${r.name}: ${r.detail}`);
    problems.push(lines.join('\n'));
  }
}
const check = (extra) => ({ passed: extra.length ? 0 : 1, failed: extra.length ? 1 : 0, skipped: 0, results: [] });

/** A consumer project: the tarball installed, the suite files, and an app entry importing the package. */
function project(name, main) {
  const dir = join(TMP, name);
  installTarball(tarball, dir);
  writeSuiteFiles(dir);
  writeFileSync(join(dir, 'prelude.mjs'), PAGE_PRELUDE);
  writeFileSync(join(dir, 'main.js'), main);
  return dir;
}

const ESM_MAIN = `import './prelude.mjs';
import * as mod from 'hwcloud-signer';
import { runSuite } from './suite.mjs';
import vectors from './vectors.mjs';
runSuite({ mod, vectors, label: 'bundle' })
  .then((r) => { globalThis.__suiteReport = r; }, (e) => { globalThis.__suiteError = String((e && e.stack) || e); });
`;

// esbuild gives require() the `require` condition, so this bundles dist/index.cjs.
const CJS_MAIN = `import './prelude.mjs';
import { runSuite } from './suite.mjs';
import vectors from './vectors.mjs';
const mod = require('hwcloud-signer');
runSuite({ mod, vectors, label: 'bundle' })
  .then((r) => { globalThis.__suiteReport = r; }, (e) => { globalThis.__suiteError = String((e && e.stack) || e); });
`;

function listFiles(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...listFiles(p).map((x) => `${f}/${x}`));
    else out.push(f);
  }
  return out;
}

let browser;
async function inBrowser(name, root, pagePath, t, { extra = [], note = '' } = {}) {
  const server = await staticServer(root, { csp: CSP });
  try {
    const out = await runPage(browser, `${server.origin}${pagePath}`);
    if (out.error) extra.push(`page error: ${out.error}`);
    if (out.csp.length) extra.push(`CSP violations: ${out.csp.join('; ')}`);
    if (out.syncCompiles !== 0) extra.push(`${out.syncCompiles} synchronous WebAssembly.Module compile(s) on the main thread`);
    if (out.report && out.report.label !== 'bundle') extra.push(`unexpected report ${JSON.stringify(out.report).slice(0, 200)}`);
    record(name, out.report, extra, Date.now() - t, note);
  } finally {
    await server.close();
  }
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// ---- bundlers -------------------------------------------------------------------------------
async function viteBuild() {
  const t = Date.now();
  const dir = project('vite-build', ESM_MAIN);
  writeFileSync(join(dir, 'index.html'), html('/main.js'));
  const { build } = await import('vite');
  await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: 'dist', emptyOutDir: true } });
  const files = listFiles(join(dir, 'dist'));
  const extra = [];
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  if (wasm.length) extra.push(`the default (inline) entry made Vite emit ${wasm.join(', ')}`);
  const js = files.filter((f) => f.endsWith('.js'));
  const size = js.reduce((n, f) => n + statSync(join(dir, 'dist', f)).size, 0);
  await inBrowser('vite build', join(dir, 'dist'), '/index.html', t, { extra, note: `vite ${(await import('vite')).version}, ${js.length} js file(s), ${wasm.length} .wasm, ${kib(size)} with the suite` });
}

async function viteDev() {
  const t = Date.now();
  const dir = project('vite-dev', ESM_MAIN);
  writeFileSync(join(dir, 'index.html'), html('/main.js'));
  const { createServer, version } = await import('vite');
  const server = await createServer({
    root: dir, configFile: false, logLevel: 'silent', clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: false, headers: { 'Content-Security-Policy': CSP.replace("default-src 'self'", "default-src 'self'; connect-src 'self' ws://127.0.0.1:*") } },
  });
  try {
    await server.listen();
    const url = server.resolvedUrls.local[0];
    const out = await runPage(browser, url);
    const extra = [];
    if (out.error) extra.push(`page error: ${out.error}`);
    if (out.csp.length) extra.push(`CSP violations: ${out.csp.join('; ')}`);
    if (out.syncCompiles !== 0) extra.push(`${out.syncCompiles} synchronous WebAssembly.Module compile(s) on the main thread`);
    const optimized = existsSync(join(dir, 'node_modules/.vite/deps/hwcloud-signer.js'));
    if (!optimized) extra.push('Vite did not pre-bundle hwcloud-signer (the case this row exists for)');
    record('vite dev (pre-bundled deps)', out.report, extra, Date.now() - t, `vite ${version}, optimizeDeps ${optimized ? 'on' : 'off'}`);
  } finally {
    await server.close();
  }
}

async function esbuildRow(name, main, { format, expectInput }) {
  const t = Date.now();
  const dir = project(`esbuild-${format}`, main);
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    absWorkingDir: dir, entryPoints: ['main.js'], bundle: true, minify: true, format, platform: 'browser',
    outfile: 'out/app.js', metafile: true, logLevel: 'silent',
  });
  writeFileSync(join(dir, 'out/index.html'), html('/app.js'));
  const extra = [];
  const inputs = Object.keys(r.metafile.inputs).filter((p) => p.includes('node_modules/hwcloud-signer/'));
  if (!inputs.some((p) => p.endsWith(expectInput))) extra.push(`expected ${expectInput} in the bundle, got ${inputs.join(', ')}`);
  if (listFiles(join(dir, 'out')).some((f) => f.endsWith('.wasm'))) extra.push('a .wasm file was emitted');
  await inBrowser(name, join(dir, 'out'), '/index.html', t, { extra, note: `esbuild ${esbuild.version}, ${kib(statSync(join(dir, 'out/app.js')).size)} with the suite` });
}

async function webpackRow() {
  const t = Date.now();
  const dir = project('webpack', ESM_MAIN);
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production', context: dir, entry: './main.js', target: 'web', devtool: false,
      output: { path: join(dir, 'out'), filename: 'app.js' }, performance: { hints: false },
    }, (err, s) => (err ? reject(err) : resolve(s)));
  });
  const extra = [];
  if (stats.hasErrors()) extra.push(`webpack errors: ${stats.toString({ all: false, errors: true }).slice(0, 2000)}`);
  if (stats.hasWarnings()) extra.push(`webpack warnings: ${stats.toString({ all: false, warnings: true }).slice(0, 2000)}`);
  const deps = [...stats.compilation.fileDependencies].filter((f) => f.includes('node_modules/hwcloud-signer/'));
  if (!deps.some((f) => f.endsWith('hwcloud-signer/src/index.js'))) extra.push(`webpack did not bundle src/index.js: ${deps.join(', ')}`);
  if (deps.some((f) => /entry-|index\.cjs/.test(f))) extra.push(`webpack bundled another entry: ${deps.join(', ')}`);
  writeFileSync(join(dir, 'out/index.html'), html('/app.js'));
  if (listFiles(join(dir, 'out')).some((f) => f.endsWith('.wasm'))) extra.push('a .wasm file was emitted');
  await inBrowser('webpack 5 (production)', join(dir, 'out'), '/index.html', t, { extra, note: `webpack ${webpack.version}, ${kib(statSync(join(dir, 'out/app.js')).size)} with the suite` });
}

// ---- packaging checks -----------------------------------------------------------------------
async function publint() {
  const t = Date.now();
  const r = await run(join(BIN, 'publint'), ['run', PKG, '--strict'], { timeoutMs: 60000 });
  const extra = [];
  if (r.code !== 0 || /Errors:|Warnings:/.test(r.stdout)) extra.push(`publint --strict (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  const suggestions = (r.stdout.match(/^Suggestions:\n((?:\d+\..*\n?)*)/m) || [])[1];
  record('publint --strict', check(extra), extra, Date.now() - t, suggestions ? `${suggestions.trim().split('\n').length} suggestion(s)` : 'clean');
}

async function attw() {
  const t = Date.now();
  const extra = [];
  // Everything but the raw .wasm subpaths (no JS to type: the main, ext and ecc modules) is checked
  // with every rule in every resolution mode.
  const wasmSubpaths = Object.keys(JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).exports).filter((k) => k.endsWith('.wasm'));
  const all = await run(join(BIN, 'attw'), [tarball, '--format', 'ascii', '--exclude-entrypoints', './slim', ...wasmSubpaths], { timeoutMs: 90000 });
  if (all.code !== 0) extra.push(`attw (., ./package.json) exit ${all.code}:\n${all.stdout}${all.stderr}`);
  // ./slim is ESM only: from CommonJS it works through require(esm) (Node >= 20.19) and dynamic
  // import(), which attw reports as the warning cjs-resolves-to-esm; every other rule applies.
  const slim = await run(join(BIN, 'attw'), [tarball, '--format', 'ascii', '--entrypoints', './slim', '--ignore-rules', 'cjs-resolves-to-esm'], { timeoutMs: 90000 });
  if (slim.code !== 0) extra.push(`attw (./slim) exit ${slim.code}:\n${slim.stdout}${slim.stderr}`);
  const pj = JSON.parse(readFileSync(join(BIN, '../@arethetypeswrong/cli/package.json'), 'utf8'));
  record('@arethetypeswrong/cli', check(extra), extra, Date.now() - t, `attw ${pj.version}`);
}

async function noTopLevelAwait() {
  // CJS output cannot contain top-level await: esbuild refuses it, so this fails if any ESM entry
  // (or anything it imports) uses it. .wasm imports stay external, as in Workers.
  const t = Date.now();
  const esbuild = await import('esbuild');
  const pj = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const entries = new Set();
  const walk = (v) => {
    if (typeof v === 'string') {
      if (v.endsWith('.js')) entries.add(v);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pj.exports);
  const extra = [];
  for (const e of entries) {
    try {
      await esbuild.build({
        entryPoints: [join(PKG, e)], bundle: true, write: false, format: 'cjs', platform: 'neutral', logLevel: 'silent',
        plugins: [{ name: 'wasm-external', setup: (b) => b.onResolve({ filter: /\.wasm(\?module)?$/ }, (a) => ({ path: a.path, external: true })) }],
      });
    } catch (err) {
      extra.push(`${e}: ${err.errors ? err.errors.map((x) => x.text).join('; ') : err.message}`);
    }
  }
  record('no top-level await (every ESM entry)', check(extra), extra, Date.now() - t, [...entries].join(', '));
}

function exportsShape() {
  // The order of keys is the priority order: types first, then workerd and edge-light before any
  // condition a Workers/edge bundler also matches (browser, worker, import, default).
  const t = Date.now();
  const pj = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const dot = pj.exports && pj.exports['.'];
  const extra = [];
  const keys = dot ? Object.keys(dot) : [];
  const want = ['types', 'workerd', 'edge-light', 'require', 'default'];
  if (keys.join() !== want.join()) extra.push(`exports["."] keys are [${keys}], expected [${want}]`);
  if (!pj.exports['./slim']) extra.push('no ./slim export');
  const wasm = Object.entries(pj.exports).filter(([k]) => k.endsWith('.wasm'));
  if (!wasm.some(([k]) => k === './hwcloud_signer.wasm')) extra.push('no ./hwcloud_signer.wasm subpath export');
  for (const [k, v] of wasm) if (!existsSync(join(PKG, v))) extra.push(`${k} points to a missing file ${v}`);
  const cts = join(PKG, 'index.d.cts');
  if (!existsSync(cts)) extra.push('pkg/index.d.cts (types for require) is missing');
  else if (readFileSync(cts, 'utf8') !== dcts(readFileSync(join(PKG, 'index.d.ts'), 'utf8'))) {
    extra.push('pkg/index.d.cts is not what scripts/gen-dcts.mjs makes of pkg/index.d.ts: run node scripts/gen-dcts.mjs (make build does)');
  }
  record('exports map shape, index.d.cts twin', check(extra), extra, Date.now() - t, keys.join(' > '));
}

// ---- run --------------------------------------------------------------------------------------
const lint = Promise.all([publint(), attw()]);
exportsShape();
await noTopLevelAwait();
try {
  browser = await launchChromium();
  for (const [name, fn] of [
    ['vite build', viteBuild],
    ['vite dev', viteDev],
    ['esbuild (ESM, minified)', () => esbuildRow('esbuild (ESM, minified)', ESM_MAIN, { format: 'esm', expectInput: 'src/index.js' })],
    ['esbuild (require)', () => esbuildRow('esbuild (require, IIFE)', CJS_MAIN, { format: 'iife', expectInput: 'dist/index.cjs' })],
    ['webpack', webpackRow],
  ]) {
    try {
      await fn();
    } catch (e) {
      record(name, null, [`build failed: ${e.stack || e}`]);
    }
  }
} catch (e) {
  record('chromium', null, [`could not launch Chromium: ${e.stack || e}`]);
} finally {
  if (browser) await browser.close();
}
await lint;

console.log(`hwcloud-signer bundlers and packaging (package: npm pack of pkg/, installed offline into temp projects)`);
console.log(table(rows, ['check', 'result', 'passed', 'failed', 'time', 'note']));
if (problems.length) console.log(`\n${problems.join('\n')}`);
const failed = rows.filter((r) => r[1] !== 'ok').length;
console.log(`\ntotal time ${((Date.now() - t0) / 1000).toFixed(1)}s`);
console.log(`bundlers: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
