#!/usr/bin/env bash
# Prints the transfer size of a build: raw, gzip -9 and brotli -q 11 per file, and the total
# of the first load (everything except the packet engine, which loads on first use).
set -euo pipefail
dist="${1:-dist}"
printf '%-28s %10s %10s %10s\n' file raw gzip brotli
first_raw=0; first_gz=0; first_br=0
for f in "$dist"/*; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-28s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  case "$(basename "$f")" in retroauth-packet*|packet-worker.js) ;; *) first_raw=$((first_raw+raw)); first_gz=$((first_gz+gz)); first_br=$((first_br+br));; esac
done
printf '%-28s %10d %10d %10d\n' "first load (app only)" "$first_raw" "$first_gz" "$first_br"
