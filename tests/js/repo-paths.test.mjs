// No file of the repository may name a path outside it: a user's clone has neither the build
// machine's directories (absolute paths under the work, root, home or Users directories) nor
// anything above the repository root (a `../` that climbs out of it). Checks every tracked file, and every new file not
// ignored by .gitignore, except binary files and the fuzz corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Absolute paths of a build machine. The look-behind keeps URL paths (a host, then the directory
// name) and relative paths (a segment, then the directory name) out; the home directory needs a user
// name after it.
const ABSOLUTE = /(?<![\w.~%/-])(\/(?:work|root|Users)\/[\w.-]|\/home\/[\w.-]+)/g;
// A relative path that climbs: `../x`, `../../x`, as written in code, markdown links or prose.
const CLIMBING = /(?<![\w.~%/-])((?:\.\.\/)+)([\w@.-][\w@./-]*)?/g;

/** The problems in one file's text: [{ line, text, why }]. `file` is relative to `root`. */
export function findOutsidePaths(file, text, root = ROOT) {
  const found = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(ABSOLUTE)) {
      found.push({ line: i + 1, text: m[1], why: 'an absolute path of a build machine' });
    }
    for (const m of line.matchAll(CLIMBING)) {
      const target = resolve(root, dirname(file), m[1] + (m[2] ?? ''));
      const rel = relative(root, target);
      if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
        found.push({ line: i + 1, text: m[0], why: 'a path above the repository root' });
      }
    }
  });
  return found;
}

test('the checker finds paths outside the repository (and only those)', () => {
  // Written in pieces, so that this file does not name these paths itself.
  const up = '..' + '/';
  const abs = (dir) => '/' + dir + '/';
  const bad = [
    ['README.md', `see \`${up}shared/research/signing-spec.md\``],
    ['README.md', `[spec](${up}shared/spec.md)`],
    ['tests/vectors/README.md', `references are to \`${abs('work')}shared/research/signing-spec.md\``],
    ['tests/js/x.test.mjs', `// spec (${abs('work')}shared/research/signing-spec.md §1)`],
    ['tests/js/x.test.mjs', `import x from '${up}${up}${up}outside.mjs';`],
    ['scripts/x.sh', `cp ${abs('root')}.cargo/bin/x .`],
    ['docs/x.md', `in ${abs('home')}alice/project`],
    ['docs/x.md', `on a Mac: ${abs('Users')}bob/src`],
  ];
  for (const [file, text] of bad) {
    assert.equal(findOutsidePaths(file, text).length, 1, `${file}: ${text}`);
  }
  const good = [
    ['tests/bundlers/run.mjs', `import { x } from '${up}shared/node-harness.mjs';`], // tests/shared
    ['pkg/src/index.js', "import packed from '../dist/wasm-inline.js';"],
    ['docs/signing-rules.md', '[vectors](../tests/vectors/README.md)'],
    ['README.md', 'https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html'],
    ['README.md', `https://example.com${abs('home')}user and https://h${abs('work')}x`],
    ['tests/vectors/generate.py', '"https://example.huaweicloud.com/q?path=/tmp/123"'],
    ['tests/js/x.test.mjs', "mkdtempSync(join(tmpdir(), 'x-'))"],
    ['src/lib.rs', '/// ../ is a path segment; `a/../b`'],
  ];
  for (const [file, text] of good) {
    assert.deepEqual(findOutsidePaths(file, text), [], `${file}: ${text}`);
  }
});

const IGNORED = [/^fuzz\/corpus\//, /^fuzz\/seeds?\//, /^tests\/js\/fixtures\/.*\.(bin|wasm)$/];

test('no tracked file names a path outside the repository', (t) => {
  if (!existsSync(join(ROOT, '.git'))) {
    t.skip('not a git checkout (nothing lists the tracked files)');
    return;
  }
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .toString()
    .split('\0')
    .filter((f) => f && !IGNORED.some((re) => re.test(f)) && existsSync(join(ROOT, f)));
  assert.ok(files.length > 50, `git listed only ${files.length} files`);
  const problems = [];
  let checked = 0;
  for (const file of files) {
    const bytes = readFileSync(join(ROOT, file));
    if (bytes.includes(0)) continue; // binary
    checked++;
    for (const p of findOutsidePaths(file, bytes.toString('utf8'))) {
      problems.push(`${file}:${p.line}: ${p.why}: ${p.text}`);
    }
  }
  assert.ok(checked > 50);
  assert.deepEqual(problems, [], `files that name paths outside the repository:\n${problems.join('\n')}`);
});
