// The npm package as `npm pack` makes it: the file list (everything a user needs, nothing else),
// the package README and LICENSE, and the prepack check that refuses to pack a missing or stale build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageReadme } from '../../scripts/gen-pkg-readme.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = join(ROOT, 'pkg');
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function npmPackDryRun(dir, { scripts = false } = {}) {
  const args = ['pack', '--dry-run', '--json', ...(scripts ? [] : ['--ignore-scripts'])];
  return spawnSync('npm', args, { cwd: dir, encoding: 'utf8', env });
}

test('npm pack ships exactly the package: code, wasm, types, bin, README and LICENSE', () => {
  const r = npmPackDryRun(PKG);
  assert.equal(r.status, 0, r.stderr);
  const files = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0].files.map((f) => f.path).sort();
  const required = ['README.md', 'LICENSE', 'package.json', 'index.d.ts', 'index.d.cts', 'bin/hwcloud-signer.js',
    'dist/hwcloud_signer.wasm', 'dist/index.cjs', 'src/index.js', 'src/slim.js', 'src/errors.js'];
  for (const f of required) assert.ok(files.includes(f), `the tarball lacks ${f}:\n${files.join('\n')}`);
  // Every module of pkg/src is shipped (the entry points import them).
  for (const f of readdirSync(join(PKG, 'src')).filter((n) => n.endsWith('.js'))) {
    assert.ok(files.includes(`src/${f}`), `the tarball lacks src/${f}`);
  }
  const allowed = [
    /^(README\.md|LICENSE|package\.json|index\.d\.ts|index\.d\.cts)$/,
    /^bin\/hwcloud-signer\.js$/,
    /^src\/[\w-]+\.js$/,
    /^dist\/[\w-]+\.(wasm|js|cjs)$/,
  ];
  const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
  assert.deepEqual(unexpected, [], 'files the package must not ship (tests, scripts, source maps, temporary files)');
});

test('the package README is the root README without the repository-only parts, and up to date', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-pkg-readme.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
  assert.match(readme, /^<!-- Generated from the repository's README\.md/);
  assert.match(readme, /npm install hwcloud-signer/);
  assert.match(readme, /import \{ signRequest \} from 'hwcloud-signer'/);
  for (const repoOnly of [/^## Set-up/m, /^## Tests/m, /^## Layout/m, /make test {4}# every test/, /npm pack \.\/pkg/, /pkg-readme:/]) {
    assert.doesNotMatch(readme, repoOnly);
  }
  // Relative links lead nowhere on a registry page; absolute ones stay.
  assert.doesNotMatch(readme, /\]\((?![a-z][a-z0-9+.-]*:|#)[^)]*\)/i);
});

test('packageReadme: omitted blocks, unlinked relative links, unbalanced markers refused', () => {
  const src = ['# t', '<!-- pkg-readme: omit -->', 'repo only', '<!-- pkg-readme: end -->', 'kept [rules](docs/x.md) and [site](https://e.com/)', '```sh', '<!-- pkg-readme: omit -->', '```', 'end'].join('\n');
  const out = packageReadme(src);
  assert.doesNotMatch(out, /repo only/);
  assert.match(out, /kept rules and \[site\]\(https:\/\/e\.com\/\)/);
  assert.match(out, /```sh\n<!-- pkg-readme: omit -->\n```\nend$/, 'markers inside code blocks are text');
  assert.throws(() => packageReadme('<!-- pkg-readme: omit -->\nx'), /without/);
  assert.throws(() => packageReadme('x\n<!-- pkg-readme: end -->'), /without/);
});

test('LICENSE: Apache-2.0, the same in the package as at the root and in Cargo.toml', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  assert.equal(readFileSync(join(PKG, 'LICENSE'), 'utf8'), license);
  assert.equal(JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).license, 'Apache-2.0');
  assert.match(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'), /^license\s*=\s*"Apache-2\.0"/m);
});

// ---- prepack ----------------------------------------------------------------------------------

/** A copy of pkg/ in a temporary directory, with a fake build whose files are `age` ms old relative to the sources. */
function copyOfPkg(root, { build = true } = {}) {
  const dir = join(root, 'pkg');
  cpSync(PKG, dir, { recursive: true, filter: (src) => !src.startsWith(join(PKG, 'dist')) && !/\.tgz$/.test(src) });
  const old = new Date(Date.now() - 3600_000);
  const sources = [join(dir, 'index.d.ts'), ...readdirSync(join(dir, 'src')).map((f) => join(dir, 'src', f))];
  for (const f of sources) utimesSync(f, old, old);
  if (build) {
    mkdirSync(join(dir, 'dist'));
    for (const f of ['dist/hwcloud_signer.wasm', 'dist/wasm-inline.js', 'dist/index.cjs']) writeFileSync(join(dir, f), 'x');
    writeFileSync(join(dir, 'index.d.cts'), 'x');
  } else {
    rmSync(join(dir, 'index.d.cts'), { force: true });
  }
  return dir;
}

test('prepack: npm pack refuses, with the fix, when the build is missing or stale; packs a fresh build', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'hwcloud-prepack-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));

  // No dist/ (a fresh clone before `make build`): refused, not a package that fails on import.
  const bare = copyOfPkg(join(tmp, 'a'), { build: false });
  let r = npmPackDryRun(bare, { scripts: true });
  assert.notEqual(r.status, 0, 'npm pack succeeded without dist/');
  assert.match(r.stderr, /refusing to pack/);
  assert.match(r.stderr, /missing generated files: dist\/hwcloud_signer\.wasm, dist\/wasm-inline\.js, dist\/index\.cjs, index\.d\.cts/);
  assert.match(r.stderr, /run `make build`/);

  // A fresh build packs.
  const fresh = copyOfPkg(join(tmp, 'b'));
  r = npmPackDryRun(fresh, { scripts: true });
  assert.equal(r.status, 0, r.stderr);

  // A source edited after the build: the CommonJS bundle is stale.
  const now = new Date();
  utimesSync(join(fresh, 'src/sign.js'), new Date(now.getTime() + 60_000), new Date(now.getTime() + 60_000));
  r = npmPackDryRun(fresh, { scripts: true });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /dist\/index\.cjs is older than src\/sign\.js/);

  // index.d.ts edited after index.d.cts was generated.
  const types = copyOfPkg(join(tmp, 'c'));
  utimesSync(join(types, 'index.d.ts'), new Date(now.getTime() + 60_000), new Date(now.getTime() + 60_000));
  r = npmPackDryRun(types, { scripts: true });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /index\.d\.cts is older than index\.d\.ts/);

  // Inside a clone of the repository, a Rust source newer than the wasm is stale too.
  const repo = join(tmp, 'repo');
  const inRepo = copyOfPkg(repo);
  writeFileSync(join(repo, 'Cargo.toml'), '[package]\nname = "hwcloud-signer"\n');
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src/lib.rs'), '');
  const old = new Date(now.getTime() - 7200_000);
  utimesSync(join(repo, 'Cargo.toml'), old, old);
  utimesSync(join(repo, 'src/lib.rs'), new Date(now.getTime() + 60_000), new Date(now.getTime() + 60_000));
  r = npmPackDryRun(inRepo, { scripts: true });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /dist\/hwcloud_signer\.wasm is older than \.\.\/src\/lib\.rs/);
});

test('npm install (make deps) prints no "install scripts not yet covered by allowScripts" warning', (t) => {
  const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8', env });
  if (r.status !== 0 && /Unknown command|unknown command/i.test(r.stdout + r.stderr)) {
    t.skip(`npm ${spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim()} has no allowScripts policy`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  // The root package.json approves the dev dependencies that need their install scripts
  // (bun, deno, esbuild and workerd download their platform binaries in postinstall).
  assert.match(r.stdout + r.stderr, /No packages with unreviewed install scripts/, r.stdout + r.stderr);
});

test('installing belongs to make deps (scripts/ensure-deps.sh); scripts/build-wasm.sh only builds', () => {
  const code = (f) => readFileSync(join(ROOT, f), 'utf8').split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  const build = code('scripts/build-wasm.sh');
  const deps = code('scripts/ensure-deps.sh');
  for (const installs of [/\bapt-get\b/, /\bcargo install\b/, /\brustup target add\b/]) {
    assert.doesNotMatch(build, installs, `build-wasm.sh must not run ${installs.source}`);
    assert.match(deps, installs, `ensure-deps.sh must run ${installs.source}`);
  }
  // What the build does instead: a clear error naming the fix.
  assert.match(build, /wasm-bindgen[^\n]*run make deps/);
  assert.match(build, /missing Debian packages[^\n]*run make deps/);
  assert.match(readFileSync(join(ROOT, 'Makefile'), 'utf8'), /^build: deps$/m);
});
