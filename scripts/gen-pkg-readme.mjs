// Writes pkg/README.md (the README npm users see) and pkg/LICENSE from the repository's README.md
// and LICENSE. The package README is the root README without its repository-only parts: the
// blocks between `<!-- pkg-readme: omit -->` and `<!-- pkg-readme: end -->`, and relative links
// (they lead nowhere outside the repository; their text is kept).
//
//   node scripts/gen-pkg-readme.mjs          # rewrite pkg/README.md and pkg/LICENSE
//   node scripts/gen-pkg-readme.mjs --check  # exit 1 if either is out of date (tests/js/package.test.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OMIT = '<!-- pkg-readme: omit -->';
const END = '<!-- pkg-readme: end -->';

/** The package README for a root README's text. Throws on unbalanced markers. */
export function packageReadme(text) {
  const out = [];
  let omitting = false;
  let inCode = false;
  text.split('\n').forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('```')) inCode = !inCode;
    if (!inCode && t === OMIT) {
      if (omitting) throw new Error(`README.md:${i + 1}: ${OMIT} inside an omitted block`);
      omitting = true;
      return;
    }
    if (!inCode && t === END) {
      if (!omitting) throw new Error(`README.md:${i + 1}: ${END} without ${OMIT}`);
      omitting = false;
      return;
    }
    if (omitting) return;
    // [text](relative/path) → text; absolute URLs and #anchors stay links.
    out.push(inCode ? line : line.replace(/\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:|#)[^)]*\)/gi, '$1'));
  });
  if (omitting) throw new Error(`README.md: ${OMIT} without ${END}`);
  const body = out.join('\n').replace(/\n{3,}/g, '\n\n');
  return `<!-- Generated from the repository's README.md by scripts/gen-pkg-readme.mjs: edit that file. -->\n${body}`;
}

const want = {
  'pkg/README.md': packageReadme(readFileSync(join(ROOT, 'README.md'), 'utf8')),
  'pkg/LICENSE': readFileSync(join(ROOT, 'LICENSE'), 'utf8'),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, text] of Object.entries(want)) {
    let have = null;
    try {
      have = readFileSync(join(ROOT, file), 'utf8');
    } catch {}
    if (have === text) continue;
    if (check) stale.push(file);
    else writeFileSync(join(ROOT, file), text);
  }
  if (stale.length) {
    console.error(`${stale.join(' and ')} out of date with README.md / LICENSE: run node scripts/gen-pkg-readme.mjs`);
    process.exit(1);
  }
}
