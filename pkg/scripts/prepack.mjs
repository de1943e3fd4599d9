// `npm pack` / `npm publish` (prepack): refuses to pack a package whose generated files are missing
// or older than their sources, which would install but fail on import (or ship stale code).
// Not shipped (not in `files`). The sources outside pkg/ (the Rust crate) are checked when present,
// i.e. when packing from a clone of the repository.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
// The repository around pkg/, when packing from a clone (not from a copy of pkg/ elsewhere).
const REPO = join(PKG, '..');
const IN_REPO = existsSync(join(REPO, 'Cargo.toml')) && /name\s*=\s*"hwcloud-signer"/.test(readFileSync(join(REPO, 'Cargo.toml'), 'utf8'));
const FIX = 'run `make build` in the repository (or scripts/build-wasm.sh) first, then pack again';

/** Every file under `dir` whose name passes `keep`, recursively. */
function files(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : []);
}

const show = (p) => relative(PKG, p) || '.';
const problems = [];

const generated = ['dist/hwcloud_signer.wasm', 'dist/wasm-inline.js', 'dist/index.cjs', 'index.d.cts'];
const missing = generated.filter((f) => !existsSync(join(PKG, f)));
if (missing.length) problems.push(`missing generated files: ${missing.join(', ')}`);
for (const f of ['README.md', 'LICENSE']) {
  if (!existsSync(join(PKG, f))) problems.push(`missing ${f} (it is committed in pkg/; restore it from git)`);
}

if (!missing.length) {
  // Each output against the sources it is built from.
  const rules = [
    ['dist/index.cjs', files(join(PKG, 'src'), (n) => n.endsWith('.js'))],
    ['index.d.cts', [join(PKG, 'index.d.ts')]],
    ['dist/hwcloud_signer.wasm', IN_REPO ? [
      ...files(join(REPO, 'src'), (n) => n.endsWith('.rs')),
      ...['Cargo.toml', 'Cargo.lock'].map((f) => join(REPO, f)).filter((f) => existsSync(f)),
    ] : []],
  ];
  for (const [out, sources] of rules) {
    const built = statSync(join(PKG, out)).mtimeMs;
    const newer = sources.filter((s) => statSync(s).mtimeMs > built);
    if (newer.length) {
      problems.push(`${out} is older than ${newer.slice(0, 3).map(show).join(', ')}${newer.length > 3 ? ` and ${newer.length - 3} more` : ''}`);
    }
  }
}

if (problems.length) {
  console.error(`hwcloud-signer: refusing to pack: the build is missing or stale.\n  ${problems.join('\n  ')}\n${FIX}.`);
  process.exit(1);
}
