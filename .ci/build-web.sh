#!/usr/bin/env bash
# Builds the browser app into $OUT (default dist/): the app module (retroauth-web), the packet
# engine module (retroauth-packet, loaded by a Web Worker on first use), and the static files.
# PROFILE=web (default, fat LTO + wasm-opt -Oz) or PROFILE=web-fast (quick iteration).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
OUT="${OUT:-dist}"
BINS=(retroauth-web retroauth-packet)

# The "wasm environment" (../shared/TOOLCHAIN.md): Debian rustc-web with std rebuilt. Only for
# these commands; host builds and tests use the default toolchain.
wasm_cargo() {
  RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    cargo build --quiet --profile "$PROFILE" --target wasm32-unknown-unknown --no-default-features "$@"
}
# Two builds with different features: the app must not link printpdf (feature `pdf`), which
# exports its own wasm API and would carry its fonts and ICC profile into the first load.
wasm_cargo --features web --bin retroauth-web
wasm_cargo --features web,pdf --bin retroauth-packet

stage="$(mktemp -d "${OUT%/}.staging.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
for bin in "${BINS[@]}"; do
  wasm-bindgen --target web --no-typescript --out-dir "$stage" "target/wasm32-unknown-unknown/$PROFILE/$bin.wasm"
  if [ "$PROFILE" = web ]; then
    node_modules/.bin/wasm-opt -Oz -o "$stage/${bin}_bg.wasm" "$stage/${bin}_bg.wasm"
  fi
done
cp index.html "$stage/"
cp www/boot.js www/packet-worker.js www/styles.css "$stage/"
rm -rf "$OUT"
mv "$stage" "$OUT"
trap - EXIT
chmod 755 "$OUT"
echo "build-web: $OUT/ ($PROFILE)"
ls -l "$OUT" | awk 'NR>1 {printf "  %10d  %s\n", $5, $9}'
