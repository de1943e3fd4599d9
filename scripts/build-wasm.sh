#!/usr/bin/env bash
# Builds the wasm module and the generated parts of the npm package (pkg/dist/).
#
# Finds a working wasm32 toolchain by itself, in this order:
#   1. rustup's toolchain with the wasm32-unknown-unknown target (added here, within a timeout);
#   2. Debian's rustc-web + rust-web-src + lld-19 with -Zbuild-std (installed with apt when missing).
# Installs the wasm-bindgen CLI that matches Cargo.lock when missing, and optimises with the npm
# `binaryen` wasm-opt (Debian's binaryen 108 breaks wasm-bindgen's reference-type table exports).
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
build_with_rustup() {
  cargo rustc --quiet --lib --release --target "$TARGET" --features wasm --crate-type cdylib
}
build_with_debian() {
  local need=()
  for p in rustc-web cargo-web rust-web-src lld-19; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2 \
      || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2; }
  fi
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
    /usr/bin/cargo rustc --quiet --lib --release --target "$TARGET" --features wasm --crate-type cdylib \
    -Zbuild-std=core,alloc
}

have_rustup_target() {
  command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}

# sha2's compact software backend: a fraction of the unrolled backend's code size.
export RUSTFLAGS="${HWCLOUD_WASM_RUSTFLAGS---cfg sha2_backend_soft=\"compact\"}"
TOOLCHAIN="${HWCLOUD_WASM_TOOLCHAIN:-auto}"
if [ "$TOOLCHAIN" = auto ]; then
  if have_rustup_target; then
    TOOLCHAIN=rustup
  elif command -v rustup >/dev/null 2>&1 && timeout 90 rustup target add "$TARGET" >/dev/null 2>&1 && have_rustup_target; then
    TOOLCHAIN=rustup
  else
    TOOLCHAIN=debian
  fi
fi
log "compiling with the $TOOLCHAIN toolchain"
if [ "$TOOLCHAIN" = rustup ]; then
  build_with_rustup || { log "rustup build failed; falling back to Debian rustc-web"; TOOLCHAIN=debian; build_with_debian; }
else
  build_with_debian
fi
RAW=target/$TARGET/release/hwcloud_signer.wasm
[ -f "$RAW" ] || { log "no $RAW produced"; exit 1; }

# --- 2. wasm-bindgen CLI matching Cargo.lock ------------------------------------------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
WB=wasm-bindgen
if ! { command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$WB_VERSION" ]; }; then
  WB="$ROOT/.tools/bin/wasm-bindgen"
  if ! { [ -x "$WB" ] && [ "$("$WB" --version | awk '{print $2}')" = "$WB_VERSION" ]; }; then
    log "installing wasm-bindgen-cli $WB_VERSION (takes a few minutes, once)"
    cargo install --quiet wasm-bindgen-cli --version "$WB_VERSION" --root "$ROOT/.tools" >&2
  fi
fi

# --- 3. bindings, optimisation, generated JS -----------------------------------------
ensure_node_modules
# Build into a fresh directory and swap it in at the end, so concurrent readers never see half a build.
OUT=$(mktemp -d pkg/.dist.XXXXXX)
TMPDIR_BUILD=$OUT
trap 'rm -rf "$TMPDIR_BUILD"' EXIT
mkdir -p "$OUT/wasm"
"$WB" --target web --omit-default-module-path --no-typescript --out-dir "$OUT/wasm" --out-name hwcloud_signer "$RAW"
scripts/opt-wasm.sh "$OUT/wasm/hwcloud_signer_bg.wasm" "$OUT/hwcloud_signer.wasm"
rm -rf "$OUT/wasm"
# The `require` condition's types: the same declarations, as a .d.cts (checked by tests/bundlers).
cp pkg/index.d.ts pkg/index.d.cts
node scripts/gen-inline.mjs "$OUT/hwcloud_signer.wasm" "$OUT/wasm-inline.js"
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
