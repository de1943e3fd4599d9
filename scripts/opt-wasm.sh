#!/usr/bin/env bash
# Optimises a wasm-bindgen output for the package: IN (the `_bg.wasm` wasm-bindgen wrote) -> OUT,
# then checks it against the generated bindings BG (the `_bg.js`): every import of the module must
# be an export of the bindings, and every export the bindings use must remain in the module.
# Used by scripts/build-wasm.sh and bench/backends.sh; extra arguments go to wasm-opt
# (e.g. --enable-simd). Uses the npm `binaryen` wasm-opt (Debian's binaryen 108 breaks wasm-bindgen's
# reference-type table exports).
#   scripts/opt-wasm.sh IN OUT BG [wasm-opt flags...]
set -euo pipefail
IN=$(realpath "$1")
OUTW=$(realpath -m "$2")
BG=$(realpath "$3")
shift 3
cd "$(dirname "$0")/.."
log() { printf '[build] %s\n' "$*" >&2; }
WOPT_FEATURES="--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue"
node_modules/.bin/wasm-opt --flatten --rereloop -Oz --converge --strip-debug --strip-producers --strip-target-features --low-memory-unused \
  $WOPT_FEATURES "$@" "$IN" -o "$OUTW"
node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const m = new WebAssembly.Module(readFileSync('$OUTW'));
  const bg = await import('$BG');
  const missing = WebAssembly.Module.imports(m).filter((i) => typeof bg[i.name] !== 'function').map((i) => i.name);
  const exported = new Set(WebAssembly.Module.exports(m).map((e) => e.name));
  const used = [...new Set([...readFileSync('$BG', 'utf8').matchAll(/\bwasm\.(\w+)/g)].map((x) => x[1]))];
  const gone = used.filter((n) => !exported.has(n));
  if (missing.length || gone.length) {
    console.error('[build] the optimised module and its bindings disagree: imports not provided: ' + missing + '; exports missing: ' + gone);
    process.exit(1);
  }"
