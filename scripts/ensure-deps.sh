#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh machine of this kind may lack:
# npm dev dependencies (from package-lock.json), a wasm32 Rust toolchain, the wasm-bindgen CLI that
# matches Cargo.lock, and Debian's chromium for the browser tests. `scripts/build-wasm.sh` installs
# nothing: it only builds, and tells you to run `make deps` when something here is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=wasm32-unknown-unknown
log() { printf '[deps] %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
    || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

# --- npm dev dependencies ---------------------------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >&2
fi

# --- a wasm32 toolchain: rustup's target, or Debian's rustc-web + rust-web-src + lld-19 ----
have_rustup_target() {
  command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"
}
if [ "${HWCLOUD_WASM_TOOLCHAIN:-auto}" != debian ] && ! have_rustup_target && command -v rustup >/dev/null 2>&1; then
  log "adding the rustup target $TARGET"
  timeout 90 rustup target add "$TARGET" >/dev/null 2>&1 || log "rustup target add failed; using Debian's rustc-web"
fi
if [ "${HWCLOUD_WASM_TOOLCHAIN:-auto}" = debian ] || ! have_rustup_target; then
  need=()
  for p in rustc-web cargo-web rust-web-src lld-19; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    log "installing Debian packages: ${need[*]}"
    apt_install "${need[@]}"
  fi
fi

# --- the wasm-bindgen CLI matching Cargo.lock (into .tools/ unless one on PATH matches) -------
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -n "$WB_VERSION" ] \
  && ! { command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$WB_VERSION" ]; } \
  && ! { [ -x .tools/bin/wasm-bindgen ] && [ "$(.tools/bin/wasm-bindgen --version | awk '{print $2}')" = "$WB_VERSION" ]; }; then
  log "installing wasm-bindgen-cli $WB_VERSION into .tools/ (takes a few minutes, once)"
  cargo install --quiet wasm-bindgen-cli --version "$WB_VERSION" --root "$ROOT/.tools" >&2
fi

# --- chromium for the browser tests ------------------------------------------------------
if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium (browser tests)"
  apt_install chromium
fi

# --- the official Python SDK core, the test-only reference for the other algorithms --------------
# tests/js/support/python-sdk.mjs installs it into tests/.pydeps on first use; it needs python3 + pip.
if ! python3 -m pip --version >/dev/null 2>&1; then
  log "installing python3-pip (the differential tests run the official Python SDK)"
  apt_install python3-pip
fi
