# hwcloud-signer — the two commands in the README are `make demo` and `make test`.
SHELL := /bin/bash
PORT ?= 8080

.PHONY: build demo test test-rust test-js test-runtimes test-bundlers test-browser test-fuzz size bench fuzz deps clean

deps:
	@scripts/ensure-deps.sh

## build: the wasm module and the generated parts of pkg/ (pkg/dist/, index.d.cts, README.md, LICENSE)
build: deps
	@scripts/build-wasm.sh
	@node scripts/gen-dcts.mjs
	@node scripts/gen-pkg-readme.mjs

## demo: build, then serve the devtools demo page on http://127.0.0.1:$(PORT)
demo: build
	@node scripts/serve-demo.mjs --port $(PORT)

## test: every test (CI runs this through .ci/run)
test: build test-rust test-js test-runtimes test-bundlers test-browser test-fuzz size
	@echo "make test: all suites passed"

test-rust:
	cargo test --quiet
	cargo test --quiet --features ecc --test algorithms
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

test-js:
	node --test --test-reporter=spec tests/js/

test-runtimes:
	node tests/runtimes/run.mjs

test-bundlers:
	node tests/bundlers/run.mjs

test-browser:
	node tests/browser/run.mjs

test-fuzz:
	scripts/fuzz.sh short

size:
	node scripts/size.mjs

## bench: performance against the official SDK and node:crypto (not part of `make test`)
bench: build
	node bench/run.mjs

## fuzz: a longer fuzzing run
fuzz:
	scripts/fuzz.sh long

clean:
	rm -rf target pkg/dist tests/out
