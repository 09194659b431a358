#!/usr/bin/env bash
# Code-set drift check: the committed files in src/core/codes/data/ must be exactly what the
# pinned generator produces, and the .fst sets exactly what the committed lists produce.
#   .ci/codesets/check.sh            (offline, about 10 s; run by `make test`)
# It downloads nothing: the generator reads the pinned package files from the cache that
# `make setup` fills once (`generate.py --fetch-only`), each checked against its sha256 in
# versions.json, and fails if one is missing. Fails with a diff if anything drifted. To update after changing versions.json:
#   python3 .ci/codesets/generate.py && UPDATE_CODESETS=1 cargo test --no-default-features --test validate codeset
set -euo pipefail
cd "$(dirname "$0")/../.."
data=src/core/codes/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PIP_ROOT_USER_ACTION=ignore python3 .ci/codesets/generate.py --offline --out "$tmp/data"
status=0
for file in icd10cm-billable.txt icd10cm-header.txt pos.tsv codesets.provenance; do
  if ! diff -u "$data/$file" "$tmp/data/$file" > "$tmp/$file.diff"; then
    echo "codesets: $data/$file differs from the generator's output:" >&2
    head -n 40 "$tmp/$file.diff" >&2
    status=1
  fi
done
extra=$(ls "$tmp/data" | grep -v -x -e icd10cm-billable.txt -e icd10cm-header.txt -e pos.tsv -e codesets.provenance || true)
if [ -n "$extra" ]; then
  echo "codesets: the generator wrote files this check does not know: $extra" >&2
  status=1
fi
[ "$status" -eq 0 ] || exit "$status"
cargo test --quiet --no-default-features --test validate codeset
echo "codesets: generated files match the pinned sources"
