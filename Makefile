# retroauth tasks. Every target installs what it needs first (`make setup`, idempotent).
#   make serve   build the app and serve it at http://127.0.0.1:8080
#   make test    every test: lint, host (cargo test), browser (wasm-bindgen-test), end to end
#   make build   release build of the app into dist/ (what a static host serves)
#   make bench   benchmarks that print figures
#   make fuzz    the importers' and attachment reader's cargo-fuzz targets (FUZZ_SECONDS each)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PROFILE ?= web
PORT ?= 8080
DIST ?= dist
WASM_ENV := RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort

.PHONY: setup build serve test lint fmt test-host test-web test-e2e bench fuzz size score codesets codesets-check clean

setup:
	@.ci/setup.sh

build: setup
	@PROFILE=$(PROFILE) OUT=$(DIST) .ci/build-web.sh

serve: build
	@python3 .ci/serve.py $(DIST) --port $(PORT)

test: setup lint test-host test-web test-e2e
	@echo "make test: all passed"

lint: setup
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --no-default-features --features web --lib --bins -- -D warnings
	cargo clippy --quiet --no-default-features --features web,pdf --lib --bins -- -D warnings

fmt:
	cargo fmt

# Benches are plain `fn main` programs that run full size only with `--bench` (which `cargo bench`
# passes) and a small smoke size otherwise, so `cargo test --benches` runs them all as smoke tests;
# `make bench` runs them full size, optimised. The code-set drift check is offline (cache from setup).
test-host: setup
	cargo test --quiet --lib --bins --tests
	cargo test --quiet --benches
	cargo test --quiet --doc
	cargo test --quiet --no-default-features --features web --lib
	.ci/codesets/check.sh

test-web: setup
	$(WASM_ENV) CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/web/webdriver.json \
	  cargo test --target wasm32-unknown-unknown --no-default-features --features web --test web_ui

test-e2e: build
	BUDGET=300000 .ci/size.sh $(DIST) | tail -3
	node tests/e2e/run.mjs $(DIST)

# Regenerate the code sets from their published sources (PyPI simple-icd-10-cm, npm
# hl7.terminology.r4; pinned versions and checksums in .ci/codesets/versions.json). Downloads a
# pinned package when the cache does not hold it.
codesets:
	python3 .ci/codesets/generate.py
	UPDATE_CODESETS=1 cargo test --quiet --no-default-features --test validate codeset

# Fails if the committed code-set files differ from what the generator produces from the cached,
# checksummed packages (offline; part of `make test`).
codesets-check:
	.ci/codesets/check.sh

# The shared scorer's table for `retroauth check --json` on the development cases.
score: setup
	.ci/score.sh

# Benchmarks that print figures (no timing assertions): native release checks and packet,
# the same code as release Wasm in headless Chromium, and the app's first load.
bench: build
	cargo bench --quiet --bench necessity
	cargo bench --quiet --bench packet
	cargo bench --quiet --bench import
	$(WASM_ENV) CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/web/webdriver.json \
	  cargo test --release --target wasm32-unknown-unknown --no-default-features --features web,pdf --test web_bench -- --nocapture 2>&1 | grep -E '^bench:|test result'
	.ci/size.sh $(DIST)
	node tests/e2e/bench.mjs $(DIST)

FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= import_835 import_837p import_fhir import_any attach
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	for target in $(FUZZ_TARGETS); do \
	  case $$target in \
	    attach) seeds=tests/fixtures/attachments; max_len=65536 ;; \
	    import_fhir|import_any) seeds=tests/fixtures/import; max_len=16384 ;; \
	    *) seeds=tests/fixtures/import; max_len=4096 ;; \
	  esac; \
	  mkdir -p tests/fuzz/corpus/$$target; \
	  cargo +nightly fuzz run --fuzz-dir tests/fuzz $$target tests/fuzz/corpus/$$target $$seeds -- \
	    -max_len=$$max_len -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
	    | grep -E '^(stat::|Done|==|SUMMARY)'; \
	done

size: build
	@.ci/size.sh $(DIST)

clean:
	cargo clean
	rm -rf $(DIST) node_modules
