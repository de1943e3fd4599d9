#!/usr/bin/env bash
# Optimises wasm-bindgen's output for the package: IN (the `_bg.wasm` wasm-bindgen wrote) -> OUT.
# Used by scripts/build-wasm.sh and bench/backends.sh; extra arguments go to the final wasm-opt
# (e.g. --enable-simd). Uses the npm `binaryen` wasm-opt (Debian's binaryen 108 breaks wasm-bindgen's
# reference-type table exports).
#   scripts/opt-wasm.sh IN OUT [wasm-opt flags...]
set -euo pipefail
IN=$(realpath "$1")
OUTW=$(realpath -m "$2")
shift 2
cd "$(dirname "$0")/.."
log() { printf '[build] %s\n' "$*" >&2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
WOPT_FEATURES="--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue"
# wasm-bindgen's runtime exports four things for its own JS glue that this package does not use, as
# its exports take and return only integers (src/wasm/mod.rs): the externref table, the start
# function that initialises it (which is just the glue's `__wbindgen_init_externref_table` import
# exported back), and two unused globals for the glue's abort handling. Removing the exports lets
# wasm-opt drop them and that import. Checked first: the start function must be that import.
node_modules/.bin/wasm-dis "$IN" > "$WORK/bindgen.wat"
node -e "
  const wat = require('fs').readFileSync('$WORK/bindgen.wat', 'utf8');
  const start = /\(export \"__wbindgen_start\" \(func (\\\$[^ )]+)\)\)/.exec(wat);
  const table = /\(import \"[^\"]+\" \"__wbindgen_init_externref_table\" \(func (\\\$[^ )]+)/.exec(wat);
  process.exit(start && table && start[1] === table[1] ? 0 : 1);" \
  || { log "wasm-bindgen's __wbindgen_start is no longer the bare externref-table import; update scripts/opt-wasm.sh and pkg/src/runtime.js"; exit 1; }
TRIMMED="$WORK/trimmed.wasm"
cp "$IN" "$TRIMMED"
for unused in __wbindgen_start __wbindgen_externrefs __abort_handler __instance_terminated; do
  node_modules/.bin/wasm-opt $WOPT_FEATURES --remove-exports --pass-arg=remove-exports@$unused "$TRIMMED" -o "$TRIMMED.next"
  mv "$TRIMMED.next" "$TRIMMED"
done
node_modules/.bin/wasm-opt --flatten --rereloop -Oz --converge --strip-debug --strip-producers --strip-target-features --low-memory-unused \
  $WOPT_FEATURES "$@" "$TRIMMED" -o "$OUTW"
# pkg/src/runtime.js instantiates the module itself, providing the one import left: wasm-bindgen's
# string-throwing helper. Refuse to build if the import or export list ever changes.
LISTS=$(node -e "
  const m = new WebAssembly.Module(require('fs').readFileSync('$OUTW'));
  const names = (l) => l.map(i => i.name.replace(/_[0-9a-f]{16}\$/, '')).sort().join(' ');
  console.log(names(WebAssembly.Module.imports(m)) + ' | ' + names(WebAssembly.Module.exports(m)));")
[ "$LISTS" = "__wbg___wbindgen_throw | __wbindgen_free __wbindgen_malloc checkBodySize memory signRequest" ] \
  || { log "unexpected wasm imports | exports: $LISTS (update pkg/src/runtime.js)"; exit 1; }
