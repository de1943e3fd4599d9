#!/usr/bin/env bash
# Builds the wasm module and the generated parts of the npm package (pkg/dist/).
#
# Uses the first working wasm32 toolchain, in this order:
#   1. rustup's toolchain with the wasm32-unknown-unknown target;
#   2. Debian's rustc-web + rust-web-src + lld-19 with -Zbuild-std.
# Installs nothing: `make deps` (scripts/ensure-deps.sh) installs the toolchain, the wasm-bindgen CLI
# that matches Cargo.lock and the npm dev dependencies; this script stops with "run make deps" when one
# is missing. Optimises with the npm `binaryen` wasm-opt (Debian's binaryen 108 breaks wasm-bindgen's
# reference-type table exports).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=wasm32-unknown-unknown
FINAL=pkg/dist
log() { printf '[build] %s\n' "$*" >&2; }

ensure_node_modules() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/esbuild ]; then
    log "installing npm dev dependencies (npm ci)"
    npm ci --no-audit --no-fund >&2
  fi
}

# --- 1. a wasm32 toolchain -------------------------------------------------------------
# Each function compiles the crate as a cdylib with the features in $1.
build_with_rustup() {
  cargo rustc --quiet --lib --release --target "$TARGET" --no-default-features --features "$1" --crate-type cdylib
}
build_with_debian() {
  local need=()
  for p in rustc-web cargo-web rust-web-src lld-19; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "missing Debian packages: ${need[*]}; run make deps (scripts/ensure-deps.sh) to install them"
    exit 1
  fi
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
    /usr/bin/cargo rustc --quiet --lib --release --target "$TARGET" --no-default-features --features "$1" --crate-type cdylib \
    -Zbuild-std=core,alloc
}

have_rustup_target() {
  command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}

# sha2's compact software backend: a fraction of the unrolled backend's code size.
# LLVM's inlining threshold at 10 instead of opt-level "z"'s 5: the sign-only module comes out both
# smaller (-0.3 KB gzip) and faster (-0.4 µs per signature) than with the default. Measured over
# 0..75: 8-10 is the smallest; above ~40 it grows quickly (50: +0.5 KB).
export RUSTFLAGS="${HWCLOUD_WASM_RUSTFLAGS---cfg sha2_backend_soft=\"compact\" -Cllvm-args=-inline-threshold=10}"
TOOLCHAIN="${HWCLOUD_WASM_TOOLCHAIN:-auto}"
if [ "$TOOLCHAIN" = auto ]; then
  if have_rustup_target; then
    TOOLCHAIN=rustup
  else
    TOOLCHAIN=debian
  fi
fi
# The wasm modules of the package, as name:features. `hwcloud_signer` is the sign-only module every
# entry carries; the others are loaded only when used (pkg/src/modules.js).
MODULES=(
  "hwcloud_signer:wasm"
  "hwcloud_signer_ext:wasm,algorithms,token"
  "hwcloud_signer_ecc:wasm,ecc"
)
RAWDIR=target/wasm-modules
mkdir -p "$RAWDIR"
log "compiling with the $TOOLCHAIN toolchain"
for spec in "${MODULES[@]}"; do
  name=${spec%%:*}; features=${spec#*:}
  if [ "$TOOLCHAIN" = rustup ]; then
    build_with_rustup "$features" || { log "rustup build failed; falling back to Debian rustc-web"; TOOLCHAIN=debian; build_with_debian "$features"; }
  else
    build_with_debian "$features"
  fi
  RAW=target/$TARGET/release/hwcloud_signer.wasm
  [ -f "$RAW" ] || { log "no $RAW produced"; exit 1; }
  cp "$RAW" "$RAWDIR/$name.wasm"
done

# --- 2. wasm-bindgen CLI matching Cargo.lock ------------------------------------------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
WB=wasm-bindgen
if ! { command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$WB_VERSION" ]; }; then
  WB="$ROOT/.tools/bin/wasm-bindgen"
  if ! { [ -x "$WB" ] && [ "$("$WB" --version | awk '{print $2}')" = "$WB_VERSION" ]; }; then
    log "wasm-bindgen-cli $WB_VERSION not found (on PATH or in .tools/); run make deps (scripts/ensure-deps.sh) to install it"
    exit 1
  fi
fi

# --- 3. bindings, optimisation, generated JS -----------------------------------------
ensure_node_modules
# Build into a fresh directory and swap it in at the end, so concurrent readers never see half a build.
OUT=$(mktemp -d pkg/.dist.XXXXXX)
TMPDIR_BUILD=$OUT
trap 'rm -rf "$TMPDIR_BUILD"' EXIT
mkdir -p "$OUT/wasm"
for spec in "${MODULES[@]}"; do
  name=${spec%%:*}
  # `--target bundler` writes the bindings as NAME_bg.js, a module with no imports that exports the
  # generated functions, the module's imports and __wbg_set_wasm(); pkg/src/runtime.js instantiates
  # the wasm itself (from inlined bytes, a URL or a Module) and hands the exports to it, exactly as
  # wasm-bindgen's own bundler entry (NAME.js) does with an ESM-integration import.
  # `--encode-into always`: every engine the package supports has TextEncoder.encodeInto, so the
  # bindings need no fallback for it.
  "$WB" --target bundler --no-typescript --encode-into always --out-dir "$OUT/wasm" --out-name "$name" "$RAWDIR/$name.wasm"
  scripts/opt-wasm.sh "$OUT/wasm/${name}_bg.wasm" "$OUT/$name.wasm" "$OUT/wasm/${name}_bg.js"
  cp "$OUT/wasm/${name}_bg.js" "$OUT/${name}_bg.js"
done
rm -rf "$OUT/wasm"
# The `require` condition's types: generated from index.d.ts (checked by tests/js/types.test.mjs).
node scripts/gen-dcts.mjs
node scripts/gen-inline.mjs "$OUT/hwcloud_signer.wasm" "$OUT/wasm-inline.js"
for spec in "${MODULES[@]:1}"; do
  name=${spec%%:*}
  node scripts/gen-inline.mjs "$OUT/$name.wasm" "$OUT/$name-inline.js"
done
chmod 755 "$OUT"
[ -f "$FINAL/index.cjs" ] && cp "$FINAL/index.cjs" "$OUT/index.cjs"   # keep `require` working during the swap
OLD=$(mktemp -d pkg/.old.XXXXXX); rmdir "$OLD"
[ -d "$FINAL" ] && mv "$FINAL" "$OLD"
mv "$OUT" "$FINAL"
rm -rf "$OLD"
OUT=$FINAL
# The CommonJS build (`require`) bundles the default entry with this build's glue and inline wasm.
node_modules/.bin/esbuild pkg/src/index.js --bundle --format=cjs --platform=neutral --target=es2020 \
  --log-level=warning --outfile="$OUT/.index.cjs.tmp"
mv "$OUT/.index.cjs.tmp" "$OUT/index.cjs"
log "done: $(wc -c < "$OUT/hwcloud_signer.wasm") bytes of wasm ($(gzip -9c "$OUT/hwcloud_signer.wasm" | wc -c) gzip)"
