#!/usr/bin/env bash
# Installs everything retroauth needs to build and test, and nothing that is already there.
# Idempotent: a second run takes about a second. Called by `make setup` (and so by every other
# make target that needs a tool). Recipe: ../shared/TOOLCHAIN.md (Debian rustc-web + build-std).
set -euo pipefail
cd "$(dirname "$0")/.."

WB_VER=0.2.130
PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22 chromium chromium-driver qpdf poppler-utils brotli python3 python3-pip nodejs npm)

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# node/npm may come from elsewhere (nodesource, nvm): only install them if the commands are absent.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's rustc-web (1.96, with rust-web-src) becomes the `debian-web` toolchain for wasm builds only.
if ! command -v rustup >/dev/null; then
  echo "setup: rustup is required (https://rustup.rs); the host build uses its stable toolchain" >&2
  exit 1
fi
rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr

# wasm-bindgen-cli must equal the pinned wasm-bindgen crate exactly (Cargo.toml: =0.2.130).
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VER"; then
  echo "setup: cargo install wasm-bindgen-cli $WB_VER (about 6 minutes on 2 cores)"
  cargo install wasm-bindgen-cli --version "$WB_VER" --locked 2>/dev/null \
    || cargo install wasm-bindgen-cli --version "$WB_VER"
fi

# npm dev tools: wasm-opt (binaryen 132; Debian's 108 cannot read wasm-bindgen 0.2.130 output) and
# playwright-core (drives Debian's /usr/bin/chromium; never `npx playwright install`).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package.json -nt node_modules/.setup-stamp ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules/.setup-stamp
fi

# Prefetch crates, including std's own crates.io dependencies for -Zbuild-std.
if [ ! -f target/.setup-fetched ] || [ Cargo.lock -nt target/.setup-fetched ]; then
  cargo fetch --quiet
  RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 cargo fetch --quiet --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
  mkdir -p target && touch target/.setup-fetched
fi
# The pinned code-set packages, fetched once into the cache (sha256-checked), so the drift check
# in `make test` (.ci/codesets/check.sh) downloads nothing.
PIP_ROOT_USER_ACTION=ignore python3 .ci/codesets/generate.py --fetch-only
echo "setup: OK"
