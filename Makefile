# retroauth tasks. Every target installs what it needs first (`make setup`, idempotent).
#   make serve   build the app and serve it at http://127.0.0.1:8080
#   make test    every test: lint, host (cargo test), browser (wasm-bindgen-test), end to end
#   make build   release build of the app into dist/ (what a static host serves)
#   make bench   benchmarks that print figures
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PROFILE ?= web
PORT ?= 8080
DIST ?= dist
WASM_ENV := RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort

.PHONY: setup build serve test lint fmt test-host test-web test-e2e bench size clean

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

test-host: setup
	cargo test --quiet --all-targets
	cargo test --quiet --doc

test-web: setup
	$(WASM_ENV) CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=tests/web/webdriver.json \
	  cargo test --quiet --target wasm32-unknown-unknown --no-default-features --features web --test web_ui

test-e2e: build
	node tests/e2e/run.mjs $(DIST)

size: build
	@.ci/size.sh $(DIST)

clean:
	cargo clean
	rm -rf $(DIST) node_modules
