#!/usr/bin/env bash
# Prints the transfer size of a build: raw, gzip -9 and brotli -q 11 per file (the import and
# packet engines, fetched on first use, are their own rows); the first load (what the page needs
# to become interactive); and the analysis engine, which the app fetches in the background right
# after. With BUDGET=<bytes> it fails when the first load (brotli) is larger: `make test` runs it
# with the 300 KB first-load budget (ARCHITECTURE.md, invariant 10), so a change that drags an
# engine into the app module is caught.
set -euo pipefail
dist="${1:-dist}"
printf '%-28s %10s %10s %10s\n' file raw gzip brotli
first_raw=0; first_gz=0; first_br=0; an_br=0
for f in "$dist"/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-28s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  case "$(basename "$f")" in
    index.html|boot.js|styles.css|retroauth-web.js|retroauth-web_bg.wasm) first_raw=$((first_raw+raw)); first_gz=$((first_gz+gz)); first_br=$((first_br+br));;
    retroauth-analysis*|analysis-worker.js) an_br=$((an_br+br));;
  esac
done
printf '%-28s %10d %10d %10d\n' "first load (to interactive)" "$first_raw" "$first_gz" "$first_br"
printf '%-28s %32d\n' "+ analysis engine (brotli)" "$an_br"
if [ -n "${BUDGET:-}" ]; then
  if [ "$first_br" -gt "$BUDGET" ]; then
    echo "size: the first load is $first_br bytes brotli, over the budget of $BUDGET" >&2
    exit 1
  fi
  echo "size: first load $first_br bytes brotli, within the budget of $BUDGET"
fi
