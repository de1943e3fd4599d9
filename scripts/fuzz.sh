#!/usr/bin/env bash
# Fuzzing of the signing core (fuzz/: cargo-fuzz targets; invariants in fuzz/src/checks.rs).
#
#   scripts/fuzz.sh short   CI (`make test`): every target, fixed seed, a bounded number of runs
#                           (about 2 minutes in all, plus the first build); starts from the
#                           committed corpus fuzz/corpus/<target>/ and never writes into it.
#   scripts/fuzz.sh long    `make fuzz`: every target for FUZZ_SECONDS (default 600) each, random
#                           seed (FUZZ_SEED to fix it), keeping what it finds in
#                           fuzz/target/work-corpus/<target>/ for the next long run.
#   scripts/fuzz.sh short sign verify   only the named targets.
#   HWCLOUD_FUZZ_FALLBACK=1 scripts/fuzz.sh short   the proptest fallback, as on a machine without cargo-fuzz.
#
# Needs cargo-fuzz (installed from crates.io when missing) and nightly compiler features (a nightly
# toolchain, or stable with RUSTC_BOOTSTRAP=1). Where cargo-fuzz cannot be installed or built, falls
# back to the same invariants under proptest (tests/proptest.rs) with many cases. A crash leaves its input in fuzz/artifacts/<target>/; the
# script prints how to reproduce it and exits 1. Add a fixed crash input to fuzz/corpus/<target>/
# so that every later run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-short}
shift || true
log() { printf '[fuzz] %s\n' "$*" >&2; }

ALL=(canonical_url headers date sign verify token)
[ -f src/token.rs ] || ALL=(canonical_url headers date sign verify)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL[@]}"); fi

case "$MODE" in
  short)
    SEED=${FUZZ_SEED:-20261123}
    RUNS=${FUZZ_RUNS:-100000}      # per target; a fixed seed makes the run repeatable
    SECONDS_CAP=${FUZZ_SECONDS:-20} # per target, a ceiling for slow machines
    PROPTEST_CASES_FALLBACK=${PROPTEST_CASES:-200000}
    ;;
  long)
    SEED=${FUZZ_SEED:-0}           # 0: libFuzzer picks one (printed in the log)
    RUNS=-1
    SECONDS_CAP=${FUZZ_SECONDS:-600}
    PROPTEST_CASES_FALLBACK=${PROPTEST_CASES:-5000000}
    ;;
  *)
    echo "usage: scripts/fuzz.sh short|long [target...]   (targets: ${ALL[*]})" >&2
    exit 2
    ;;
esac

fallback() {
  log "cargo-fuzz is not usable here ($1): running the same invariants under proptest instead"
  log "PROPTEST_CASES=$PROPTEST_CASES_FALLBACK cargo test --release --test proptest"
  PROPTEST_CASES=$PROPTEST_CASES_FALLBACK HWCLOUD_PROPTEST_SEED=${FUZZ_SEED:-1593} exec cargo test --release --test proptest
}

# --- tools ------------------------------------------------------------------------------
# cargo fuzz needs nightly features (-Zsanitizer). Use a nightly toolchain when there is one; a
# machine with only stable can enable them with RUSTC_BOOTSTRAP=1 (what we do when nightly cannot
# be installed: a fresh machine here reaches package registries only).
command -v cargo >/dev/null 2>&1 || { echo "cargo is required" >&2; exit 1; }
[ -n "${HWCLOUD_FUZZ_FALLBACK:-}" ] && fallback "HWCLOUD_FUZZ_FALLBACK is set"
CARGO=(cargo)
if command -v rustup >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  CARGO=(cargo +nightly)
elif command -v rustup >/dev/null 2>&1 && timeout 120 rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
  CARGO=(cargo +nightly)
else
  log "no nightly toolchain: using the stable one with RUSTC_BOOTSTRAP=1"
  export RUSTC_BOOTSTRAP=1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz from crates.io (once, ~1 minute)"
  timeout 900 cargo install --locked cargo-fuzz >&2 || fallback "cargo install cargo-fuzz failed"
fi

# --- build once, then run each target -----------------------------------------------------
# Default cargo-fuzz profile: optimised, with debug assertions and overflow checks on.
log "building ${#TARGETS[@]} targets (${CARGO[*]} fuzz build)"
for t in "${TARGETS[@]}"; do
  ( cd fuzz && "${CARGO[@]}" fuzz build "$t" >&2 ) || fallback "the fuzz target $t does not build"
done

WORK=$(mktemp -d)
trap '[ -n "${KEEP_FUZZ_LOGS:-}" ] || rm -rf "$WORK"' EXIT
passed=0
failed=0
failures=()
for t in "${TARGETS[@]}"; do
  seeds="$ROOT/fuzz/corpus/$t"
  [ -d "$seeds" ] || { log "no seed corpus $seeds"; failed=$((failed + 1)); failures+=("$t (no corpus)"); continue; }
  if [ "$MODE" = long ]; then
    corpus="$ROOT/fuzz/target/work-corpus/$t"
  else
    corpus="$WORK/$t"
  fi
  mkdir -p "$corpus" "$ROOT/fuzz/artifacts/$t"
  args=(-seed="$SEED" -max_total_time="$SECONDS_CAP" -timeout=20 -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1)
  [ "$RUNS" != -1 ] && args+=(-runs="$RUNS")
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="$ROOT/fuzz/dict/$t.dict")
  log "$t: ${args[*]}"
  out="$WORK/$t.log"
  # New inputs go to the first (scratch) directory; the committed seeds are only read.
  if (cd fuzz && "${CARGO[@]}" fuzz run "$t" "$corpus" "$seeds" -- "${args[@]}") >"$out" 2>&1; then
    passed=$((passed + 1))
    printf '[fuzz] %-14s ok   %s\n' "$t" "$(grep -E '^Done [0-9]+ runs' "$out" | tail -1)" >&2
  else
    failed=$((failed + 1))
    failures+=("$t")
    printf '[fuzz] %-14s FAILED\n' "$t" >&2
    grep -E 'panicked at|^thread|assertion|left:|right:|SUMMARY|Test unit written|Base64' "$out" | head -20 >&2 || tail -40 "$out" >&2
  fi
done

if [ "$failed" -gt 0 ]; then
  log "failed: ${failures[*]}"
  log "reproduce: (cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/crash-…); minimise: cargo +nightly fuzz tmin <target> <file>"
  log "after the fix, copy the input into fuzz/corpus/<target>/ so every run replays it"
fi
echo "fuzz ($MODE): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
