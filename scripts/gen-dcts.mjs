// Writes pkg/index.d.cts, the type declarations of the `require` condition (dist/index.cjs), from
// pkg/index.d.ts: the same declarations, which TypeScript reads as a CommonJS module because of the
// .d.cts extension. Generated at build time (git-ignored); tests/js/types.test.mjs typechecks both.
//
//   node scripts/gen-dcts.mjs          # write pkg/index.d.cts
//   node scripts/gen-dcts.mjs --check  # exit 1 if it is missing or differs from what would be written
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '../pkg');
const HEADER = '// Generated from index.d.ts by scripts/gen-dcts.mjs at build time: edit index.d.ts.\n';

/** The .d.cts text for a .d.ts text. */
export function dcts(dts) {
  return HEADER + dts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = dcts(readFileSync(join(PKG, 'index.d.ts'), 'utf8'));
  const out = join(PKG, 'index.d.cts');
  if (process.argv.includes('--check')) {
    let have = null;
    try {
      have = readFileSync(out, 'utf8');
    } catch {}
    if (have !== want) {
      console.error('pkg/index.d.cts is missing or older than pkg/index.d.ts: run node scripts/gen-dcts.mjs (make build does)');
      process.exit(1);
    }
  } else {
    // Written beside and renamed, so that a concurrent reader never sees half a file.
    writeFileSync(out + '.tmp', want);
    renameSync(out + '.tmp', out);
  }
}
