#!/usr/bin/env bash
# Builds the wasm with each sha2 SHA-256 backend and compares size and speed (not part of `make bench`):
#   compact  --cfg sha2_backend_soft="compact"   (scripts/build-wasm.sh's default)
#   unrolled (nothing)                            (sha2's default software backend)
#   simd128  -C target-feature=+simd128           (sha2 picks its wasm32_simd128 backend by itself)
# each with scripts/build-wasm.sh's inlining threshold (-Cllvm-args=-inline-threshold=10).
# Each variant gets its own copy of pkg/ (src + dist) under target/bench-backends/<name>/, built with
# the same wasm-bindgen + scripts/opt-wasm.sh steps as scripts/build-wasm.sh (plus --enable-simd; the
# package's runtime.js instantiates the module itself, so no wasm-bindgen glue is kept).
# Then bench/backends.mjs times them in one process, interleaved. Usage: bench/backends.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench-backends
mkdir -p "$OUT"
declare -A FLAGS=(
  [compact]='--cfg sha2_backend_soft="compact"'
  [unrolled]=''
  [simd128]='-C target-feature=+simd128'
)
for name in compact unrolled simd128; do
  dir=$OUT/$name
  rm -rf "$dir" && mkdir -p "$dir/pkg/dist"
  echo "[backends] building $name (RUSTFLAGS=${FLAGS[$name]})" >&2
  RUSTFLAGS="${FLAGS[$name]} -Cllvm-args=-inline-threshold=10" CARGO_TARGET_DIR="$OUT/cargo-$name" \
    cargo rustc --quiet --lib --release --target wasm32-unknown-unknown --no-default-features --features wasm --crate-type cdylib
  wasm-bindgen --target bundler --no-typescript --out-dir "$dir/wb" \
    --out-name hwcloud_signer "$OUT/cargo-$name/wasm32-unknown-unknown/release/hwcloud_signer.wasm"
  scripts/opt-wasm.sh "$dir/wb/hwcloud_signer_bg.wasm" "$dir/pkg/dist/hwcloud_signer.wasm" "$dir/wb/hwcloud_signer_bg.js" --enable-simd
  cp "$dir/wb/hwcloud_signer_bg.js" "$dir/pkg/dist/"
  rm -rf "$dir/wb"
  node scripts/gen-inline.mjs "$dir/pkg/dist/hwcloud_signer.wasm" "$dir/pkg/dist/wasm-inline.js"
  cp -r pkg/src "$dir/pkg/src"
  echo "[backends] $name: $(wc -c < "$dir/pkg/dist/hwcloud_signer.wasm") bytes ($(gzip -9c "$dir/pkg/dist/hwcloud_signer.wasm" | wc -c) gzip)" >&2
done
node bench/backends.mjs "$@"
