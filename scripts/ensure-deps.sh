#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh machine of this kind may lack:
# npm dev dependencies (from package-lock.json) and Debian's chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[deps] %s\n' "$*" >&2; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund >&2
fi
if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium (browser tests)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 \
    || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; }
fi
