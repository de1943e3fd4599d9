// Node-side helpers shared by tests/runtimes/run.mjs and tests/bundlers/run.mjs (not loaded by the
// runtimes under test; those only load suite.mjs): packing the package as users get it, a static
// server with a CSP header, headless Chromium, child processes with timeouts, and the result table.

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// HWCLOUD_PKG_DIR: test another copy of the package (used to check that these suites catch breakage).
export const PKG = process.env.HWCLOUD_PKG_DIR ? resolve(process.env.HWCLOUD_PKG_DIR) : join(ROOT, 'pkg');
export const BIN = join(ROOT, 'node_modules/.bin');
export const VECTORS = join(ROOT, 'tests/vectors/sdk-hmac-sha256.json');
export const SUITE = join(ROOT, 'tests/shared/suite.mjs');
export const MARK = '@@SUITE@@';
/** The CSP every browser page is served with: the one line the README tells users to allow. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** A fresh temporary directory, removed by the returned cleanup function (and on exit). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const cleanup = () => {
    if (!process.env.KEEP_TMP) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  return { dir, cleanup };
}

/** Fails early, with the fix, when the build is missing. */
export function requireBuild() {
  const missing = ['dist/hwcloud_signer.wasm', 'dist/wasm-inline.js', 'dist/index.cjs'].filter((f) => !existsSync(join(PKG, f)));
  if (missing.length) {
    console.error(`pkg/${missing.join(', pkg/')} missing: run scripts/build-wasm.sh (or make build) first`);
    process.exit(2);
  }
}

/** `npm pack`s pkg/ into `dest` and returns the tarball path and the file list. */
export function npmPack(dest) {
  mkdirSync(dest, { recursive: true });
  const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
    cwd: PKG, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
  return { tarball: join(dest, info.filename), files: info.files.map((f) => f.path), info };
}

/**
 * Installs the tarball into a throwaway project the way a user does (`npm install <tgz>`), offline:
 * the package has no dependencies, so nothing is fetched. Returns the installed package directory.
 */
export function installTarball(tarball, projectDir, pkgJson = {}) {
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', ...pkgJson }, null, 2));
  const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error', tarball], {
    cwd: projectDir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm install of ${tarball} failed: ${r.stderr}`);
  return join(projectDir, 'node_modules/hwcloud-signer');
}

/** Unpacks a tarball into `<projectDir>/node_modules/hwcloud-signer` (what `npm install <tgz>` does for a dependency-free package). */
export function unpackInto(tarball, projectDir) {
  const nm = join(projectDir, 'node_modules');
  mkdirSync(nm, { recursive: true });
  const r = spawnSync('tar', ['xzf', tarball, '-C', nm], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
  renameSync(join(nm, 'package'), join(nm, 'hwcloud-signer'));
  return join(nm, 'hwcloud-signer');
}

/** Copies the suite and writes the vectors as an ES module (`export default <json or null>`) into `dir`. */
export function writeSuiteFiles(dir) {
  copyFileSync(SUITE, join(dir, 'suite.mjs'));
  const json = existsSync(VECTORS) ? readFileSync(VECTORS, 'utf8') : 'null';
  if (json !== 'null') JSON.parse(json); // a broken vector file must fail here, loudly
  writeFileSync(join(dir, 'vectors.mjs'), `export default ${json.trim()};\n`);
  return json !== 'null';
}

/** Resolves an export of the unpacked package for the given conditions (first match wins, as Node does). */
export function resolveExport(pkgDir, subpath, conditions) {
  const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const pick = (t) => {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object') {
      for (const [k, v] of Object.entries(t)) {
        if (k === 'default' || conditions.includes(k)) {
          const r = pick(v);
          if (r) return r;
        }
      }
    }
    return null;
  };
  const target = pick(pj.exports && pj.exports[subpath]);
  if (!target) throw new Error(`package.json exports has no ${subpath} for [${conditions}]`);
  return target.replace(/^\.\//, '');
}

/** Runs a command, resolves { code, stdout, stderr, ms }; kills it after `timeoutMs`. */
export function run(cmd, args, { cwd, env, timeoutMs = 120000 } = {}) {
  return new Promise((resolveRun) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[harness] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolveRun({ code: -1, stdout, stderr: stderr + String(e), ms: Date.now() - t0 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: code === null ? `signal ${signal}` : code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Extracts the suite report a driver printed as `@@SUITE@@{json}`. */
export function parseReport(text) {
  const i = text.lastIndexOf(MARK);
  if (i === -1) return null;
  const line = text.slice(i + MARK.length).split('\n')[0];
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css',
  '.map': 'application/json',
};

/**
 * A static file server on 127.0.0.1 (free port). Every response carries `csp` (per path prefix
 * through `cspFor(path)` when given). Returns { origin, close }.
 */
export async function staticServer(root, { csp = CSP, cspFor } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] || 'application/octet-stream',
        'Content-Security-Policy': (cspFor && cspFor(path)) || csp,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium through playwright-core (never downloads a browser). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Opens `url`, waits for the page to set `globalThis.__suiteReport` (or `__suiteError`), and
 * returns { report, error, csp: [violations], console: [errors] }.
 */
export async function runPage(browser, url, { timeoutMs = 60000 } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction(() => globalThis.__suiteReport !== undefined || globalThis.__suiteError !== undefined, null, { timeout: timeoutMs });
    const out = await page.evaluate(() => ({
      report: globalThis.__suiteReport || null,
      error: globalThis.__suiteError || null,
      csp: globalThis.__cspViolations || [],
      syncCompiles: globalThis.__syncCompiles,
    }));
    return { ...out, console: errors };
  } catch (e) {
    return { report: null, error: `${e.message}\n${errors.join('\n')}`, csp: [], console: errors };
  } finally {
    await page.close();
  }
}

/** Page-side code shared by every browser test: records CSP violations and publishes the report. */
export const PAGE_PRELUDE = `
globalThis.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  globalThis.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || ''));
});
// Counts synchronous compiles (new WebAssembly.Module(bytes)): the package must compile
// asynchronously on a browser's main thread (some Chromium builds cap sync compiles at 4 KB).
globalThis.__syncCompiles = 0;
WebAssembly.Module = new Proxy(WebAssembly.Module, {
  construct(target, args, newTarget) {
    globalThis.__syncCompiles++;
    return Reflect.construct(target, args, newTarget);
  },
});
`;

/** An HTML page with no inline script (the CSP forbids it): one module script. */
export function html(scriptSrc, title = 'hwcloud-signer test') {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>`
    + `<script type="module" src="${scriptSrc}"></script></head><body></body></html>\n`;
}

/** Turns a row list into a fixed-width table. */
export function table(rows, headers) {
  const all = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** Summarises a suite report (or a missing one) as a row status. */
export function verdict(report, extraProblems = []) {
  if (!report) return { ok: false, passed: 0, failed: 0, skipped: 0 };
  return { ok: report.failed === 0 && report.passed > 0 && extraProblems.length === 0, passed: report.passed, failed: report.failed, skipped: report.skipped };
}
