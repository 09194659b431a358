#!/usr/bin/env bash
# Builds the browser app into $OUT (default dist/): the app module (retroauth-web) and the
# engine modules, each loaded by its own Web Worker: analysis (right after first paint), import
# and packet (on first use); plus the static files.
# PROFILE=web (default, fat LTO + wasm-opt -Oz) or PROFILE=web-fast (quick iteration).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-web}"
OUT="${OUT:-dist}"
BINS=(retroauth-web retroauth-analysis retroauth-import retroauth-packet)

# The "wasm environment" (../shared/TOOLCHAIN.md): Debian rustc-web with std rebuilt. Only for
# these commands; host builds and tests use the default toolchain.
wasm_cargo() {
  RUSTUP_TOOLCHAIN=debian-web RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    cargo build --quiet --profile "$PROFILE" --target wasm32-unknown-unknown --no-default-features "$@"
}
# Two builds with different features: the app must not link printpdf (feature `pdf`), which
# exports its own wasm API and would carry its fonts and ICC profile into the first load.
wasm_cargo --features web --bin retroauth-web --bin retroauth-analysis --bin retroauth-import
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
cp www/boot.js www/packet-worker.js www/analysis-worker.js www/import-worker.js www/styles.css www/embed.js www/embed.html www/embed-frame.js www/embed-origins.json "$stage/"
mkdir -p "$stage/fonts" && cp www/fonts/*.ttf "$stage/fonts/"
# The embedding demo: a pretend portal page hosting the widget both ways (synthetic sample case).
cp www/embed-demo.html www/embed-demo.js www/embed-demo.css www/embed-sample-case.json "$stage/"

# The service worker precaches exactly the files of this build; its version is a hash of them,
# so any change to the build installs a new worker and drops the old cache.
files=$(cd "$stage" && find . -type f ! -name sw.js ! -name 'embed*' ! -path './fonts/*' | sed 's|^\./||' | sort)
list=$(printf '"./",'; for f in $files; do printf '"./%s",' "$f"; done)
# The fonts are precached too, in the background after the app's files (see www/sw.js); they
# are not part of the first load (.ci/size.sh counts only the top-level files it names).
fonts=$(cd "$stage" && find ./fonts -type f -name '*.ttf' | sed 's|^\./||' | sort)
fontlist=$(for f in $fonts; do printf '"./%s",' "$f"; done)
version=$(cd "$stage" && cat $files $fonts | sha256sum | cut -c1-16)
sed -e "s|__VERSION__|$version|" -e "s|__FILES__|[${list%,}]|" -e "s|__FONTS__|[${fontlist%,}]|" www/sw.js > "$stage/sw.js"
rm -rf "$OUT"
mv "$stage" "$OUT"
trap - EXIT
chmod 755 "$OUT"
echo "build-web: $OUT/ ($PROFILE)"
ls -l "$OUT" | awk 'NR>1 {printf "  %10d  %s\n", $5, $9}'
