// The package's types and the README's samples.
//
// - pkg/index.d.cts is generated from pkg/index.d.ts (scripts/gen-dcts.mjs) and in step with it.
// - Both declaration files typecheck under `--strict` with the repository's TypeScript: the fixtures
//   in tests/types/ import the package as an ES module (index.d.ts) and with `require` (index.d.cts),
//   as a user's project resolves it (module nodenext, through node_modules/hwcloud-signer).
// - Every ```js and ```ts block of README.md typechecks under `--strict` (JS with checkJs) and runs:
//   against the local Huawei emulator (tests/emulator), reached through a fetch that sends requests
//   for *.myhuaweicloud.com to it with their Host header unchanged, so signatures verify as they would.
//   The reader's own values (ak, sk, password) are given to a sample that does not declare them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { startEmulator } from '../emulator/index.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced ```js / ```ts blocks of a markdown text: [{ lang, line, code }]. */
export function samples(markdown) {
  const out = [];
  const re = /^```(js|javascript|ts|typescript)[^\S\n]*\n([\s\S]*?)^```[^\S\n]*$/gm;
  for (const m of markdown.matchAll(re)) {
    out.push({ lang: m[1].startsWith('t') ? 'ts' : 'js', line: markdown.slice(0, m.index).split('\n').length, code: m[2] });
  }
  return out;
}

// The reader's own values: declared for a sample that uses them without declaring them.
const FREE = ['ak', 'sk', 'password'];

/** The FREE names a sample uses without declaring them (read with TypeScript's parser). */
function undeclared(code, lang) {
  const sf = ts.createSourceFile(`s.${lang}`, code, ts.ScriptTarget.Latest, true, lang === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const declared = new Set();
  const used = new Set();
  const visit = (node) => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node)
      || ts.isImportSpecifier(node) || ts.isNamespaceImport(node) || ts.isImportClause(node)) && node.name && ts.isIdentifier(node.name)) {
      declared.add(node.name.text);
    }
    if (ts.isIdentifier(node) && FREE.includes(node.text)) {
      const p = node.parent;
      const isName = (ts.isPropertyAccessExpression(p) && p.name === node) || (ts.isPropertyAssignment(p) && p.name === node)
        || (ts.isBindingElement(p) && p.propertyName === node) || (ts.isPropertySignature(p) && p.name === node)
        || (ts.isMethodSignature(p) && p.name === node);
      if (!isName) used.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return FREE.filter((n) => used.has(n) && !declared.has(n));
}

function prelude(code, lang) {
  return undeclared(code, lang)
    .map((n) => (lang === 'ts'
      ? `const ${n}: string = (globalThis as any).README_SAMPLE.${n};`
      : `const ${n} = /** @type {string} */ (/** @type {any} */ (globalThis).README_SAMPLE.${n});`))
    .join(' ');
}

/** Writes README's samples as modules into `dir`: [{ file, lang, line }]. The prelude shares the first line. */
function writeSamples(dir) {
  return samples(README).map((s, i) => {
    const file = join(dir, `readme-${String(i + 1).padStart(2, '0')}-line${s.line}.${s.lang === 'ts' ? 'mts' : 'mjs'}`);
    const code = s.code.replace(/^((?:import[^;]*;\s*)*)/, (imports) => imports + prelude(s.code, s.lang) + '\n');
    writeFileSync(file, code);
    return { ...s, file };
  });
}

/** Runs the repository's tsc with `args`: { status, output }. */
function tsc(args, cwd) {
  const r = spawnSync(process.execPath, [TSC, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, output: (r.stdout || '') + (r.stderr || '') };
}

function tsconfig(dir, files) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, allowJs: true, checkJs: true,
      module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
      lib: ['dom', 'dom.iterable', 'esnext'], types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
  }, null, 2));
}

let work;
before(() => {
  mkdirSync(join(ROOT, 'tests/out'), { recursive: true });
  // Inside the repository, so that `hwcloud-signer` resolves as in a user's project (node_modules).
  work = mkdtempSync(join(ROOT, 'tests/out/types-'));
});
after(() => {
  if (!process.env.KEEP_TMP) rmSync(work, { recursive: true, force: true });
});

test('pkg/index.d.cts is generated from pkg/index.d.ts and up to date', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-dcts.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const dts = readFileSync(join(ROOT, 'pkg/index.d.ts'), 'utf8');
  const dcts = readFileSync(join(ROOT, 'pkg/index.d.cts'), 'utf8');
  assert.ok(dcts.endsWith(dts) && dcts.startsWith('// Generated'), 'index.d.cts must be index.d.ts with a generated-file header');
});

test('index.d.ts (import) and index.d.cts (require) typecheck under --strict', () => {
  const fixtures = ['esm-consumer.mts', 'cjs-consumer.cts'].map((f) => join(ROOT, 'tests/types', f));
  tsconfig(work, fixtures);
  const r = tsc(['-p', join(work, 'tsconfig.json'), '--listFiles'], work);
  const listed = r.output.split('\n').map((l) => l.trim());
  const errors = listed.filter((l) => /error TS\d+/.test(l));
  assert.deepEqual(errors, [], r.output);
  assert.equal(r.status, 0, r.output);
  // Each entry point's declarations were the ones checked.
  assert.ok(listed.some((l) => l.endsWith('pkg/index.d.ts')), `index.d.ts not loaded:\n${r.output}`);
  assert.ok(listed.some((l) => l.endsWith('pkg/index.d.cts')), `index.d.cts not loaded:\n${r.output}`);
});

test('the fixtures catch type errors (a broken sample fails the check)', () => {
  const bad = join(work, 'bad.mts');
  writeFileSync(bad, "import { signRequest } from 'hwcloud-signer';\nconst s = await signRequest({ url: 1 }, { ak: 'a' });\nexport {};\n");
  tsconfig(work, [bad]);
  const r = tsc(['-p', join(work, 'tsconfig.json')], work);
  assert.notEqual(r.status, 0);
  assert.match(r.output, /error TS2322|error TS2741|error TS2345/);
});

test("the README's samples typecheck under --strict", () => {
  const dir = join(work, 'check');
  mkdirSync(dir);
  const written = writeSamples(dir);
  assert.ok(written.length >= 5, `found only ${written.length} js/ts samples in README.md`);
  assert.ok(written.some((s) => s.lang === 'ts'), 'README.md has no ts sample');
  tsconfig(dir, written.map((s) => s.file));
  const r = tsc(['-p', join(dir, 'tsconfig.json')], dir);
  assert.equal(r.status, 0, `README samples fail to typecheck (README.md line in the file name):\n${r.output}`);
});

// ---- running the samples -----------------------------------------------------------------------

const AK = 'READMESAMPLEAK0000001';
const SK = 'readme-sample-secret-key-0000000000000001';
const PASSWORD = 'readme sample password';

let emu;
let realFetch;

/** fetch for the samples: *.myhuaweicloud.com goes to the emulator with its Host header intact. */
function emulatorFetch(input, init) {
  const req = new Request(input, init);
  const u = new URL(req.url);
  if (!u.hostname.endsWith('.myhuaweicloud.com')) return realFetch(input, init);
  const port = new URL(emu.url).port;
  return req.arrayBuffer().then((buf) => new Promise((resolvePromise, reject) => {
    const headers = Object.fromEntries(req.headers);
    headers.host = u.host;
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: u.pathname + u.search, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        const body = [204, 304].includes(res.statusCode) ? null : Buffer.concat(chunks);
        resolvePromise(new Response(body, { status: res.statusCode, headers: h }));
      });
    });
    r.on('error', reject);
    r.end(buf.byteLength ? Buffer.from(buf) : undefined);
  }));
}

test("the README's samples run (against the local emulator)", async (t) => {
  emu = await startEmulator({ keys: { [AK]: SK }, users: [{ domainName: 'my-account', userName: 'ops', password: PASSWORD }] });
  realFetch = globalThis.fetch;
  const env = { ...process.env };
  globalThis.fetch = emulatorFetch;
  globalThis.README_SAMPLE = { ak: AK, sk: SK, password: PASSWORD };
  process.env.HUAWEICLOUD_SDK_AK = AK;
  process.env.HUAWEICLOUD_SDK_SK = SK;
  const dir = join(work, 'run');
  mkdirSync(dir);
  try {
    const ran = [];
    for (const s of writeSamples(dir)) {
      const file = s.lang === 'ts' ? s.file.replace(/\.mts$/, '.run.mjs') : s.file;
      if (s.lang === 'ts') writeFileSync(file, transformSync(readFileSync(s.file, 'utf8'), { loader: 'ts', format: 'esm' }).code);
      const before = emu.stats.gatewayAccepted + emu.stats.iamTokenRequests;
      let mod;
      try {
        mod = await import(pathToFileURL(file).href);
      } catch (e) {
        assert.fail(`README.md line ${s.line} (${s.lang}) threw: ${e && e.stack ? e.stack : e}`);
      }
      // A sample that exports a Worker-style handler: call it with a request signed by the package.
      if (mod.default && typeof mod.default.fetch === 'function') {
        const { signRequest } = await import('hwcloud-signer');
        const signed = await signRequest({ url: 'https://api.example.com/v1/a%2Bb?k=2&k=1' }, { ak: AK, sk: SK });
        const good = await mod.default.fetch(new Request(signed.url, { headers: signed.headers }), { KEYS: { get: async (ak) => (ak === AK ? SK : null) } });
        assert.equal(good.status, 200, `README.md line ${s.line}: a signed request`);
        assert.equal(await good.text(), `hello ${AK}`);
        const bad = await mod.default.fetch(new Request(signed.url, { headers: { ...signed.headers, 'X-Sdk-Date': '20200101T000000Z' } }), { KEYS: { get: async () => SK } });
        assert.equal(bad.status, 401, `README.md line ${s.line}: a request with a changed date`);
      }
      ran.push(`line ${s.line} (${s.lang}): ${emu.stats.gatewayAccepted + emu.stats.iamTokenRequests - before} emulator calls`);
    }
    t.diagnostic(ran.join('; '));
    // The samples that call Huawei Cloud did reach the emulator and passed its signature check.
    assert.ok(emu.stats.gatewayAccepted >= 3, `the emulator accepted ${emu.stats.gatewayAccepted} requests`);
    assert.ok(emu.stats.iamTokenRequests >= 1, 'the TokenAuth sample never logged in');
  } finally {
    globalThis.fetch = realFetch;
    delete globalThis.README_SAMPLE;
    process.env = env;
    await emu.close();
  }
});
