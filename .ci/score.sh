#!/usr/bin/env bash
# Scores `retroauth check --json` on both development sets with their shared scorers:
#   synthetic  tests/fixtures/shared/cases   (copy of ../shared/cases; letters and packets too)
#   real       $SHARED/cases-real/cases      (MTSamples notes, read in place, never copied)
# and prints, per set, the scorer's table and the per-element confusion (which elements the
# tool over-flags as missing, under-flags, or calls present when they are not).
# Usage: .ci/score.sh [--strict]   (results in target/score/{synthetic,real}/)
# SHARED defaults to ../shared; when cases-real is absent the real set is skipped with a notice.
# SCORE_PROFILE=debug scores a debug build (faster to build while iterating).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
if [ "${SCORE_PROFILE:-release}" = debug ]; then
    cargo build --quiet --bin retroauth
    export RETROAUTH_BIN=target/debug/retroauth
else
    cargo build --quiet --release --bin retroauth
    export RETROAUTH_BIN=target/release/retroauth
fi

run_set() { # name cases_dir scorer full(1 = letters and packets too)
    local name=$1 cases=$2 scorer=$3 full=$4 out=target/score/$1
    mkdir -p "$out"
    python3 - "$cases" "$out" "$full" <<'PY'
import json, glob, os, subprocess, sys
cases, out, full = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
results = {}
for path in sorted(glob.glob(os.path.join(cases, "*.json"))):
    run = subprocess.run([os.environ["RETROAUTH_BIN"], "check", path, "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"score: {os.path.basename(path)}: exit {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
        continue
    report = json.loads(run.stdout)
    cid = report["case_id"]
    entry = {
        "missing_elements": report["missing_elements"],
        "present_elements": report["present_elements"],
        "data_errors": [{"code": d["code"], "field": d["field"]} for d in report["data_errors"]],
    }
    if full:
        letter = os.path.join(out, f"{cid}-letter.txt")
        pdf = os.path.join(out, f"{cid}-packet.pdf")
        pdf_text = os.path.join(out, f"{cid}-packet.txt")
        subprocess.run([os.environ["RETROAUTH_BIN"], "letter", path, "-o", letter], check=True, capture_output=True)
        subprocess.run([os.environ["RETROAUTH_BIN"], "packet", path, "-o", pdf], check=True, capture_output=True)
        subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, pdf_text], check=True)
        entry["letter_text_file"] = os.path.abspath(letter)
        entry["pdf_text_file"] = os.path.abspath(pdf_text)
    results[cid] = entry
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(results, f, indent=1)
PY
    echo "== $name: $cases"
    python3 "$scorer" "$out/results.json" "${@:5}"
    # Per-element confusion, from the answer key (the scorer's side; the tool never reads it).
    python3 - "$cases" "$out/results.json" <<'PY'
import collections, glob, json, os, sys
cases, res = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
over, under, fpres = collections.Counter(), collections.Counter(), collections.Counter()
for path in sorted(glob.glob(os.path.join(cases, "*.json"))):
    case = json.load(open(path, encoding="utf-8"))
    ex, out = case["expected"], res.get(case["case_id"], {})
    flagged, claimed = set(out.get("missing_elements", [])), set(out.get("present_elements", []))
    miss, pres = set(ex["missing_elements"]), set(ex["present_elements"])
    for e in flagged & pres:
        over[e] += 1
    for e in miss - flagged:
        under[e] += 1
    for e in claimed & (miss | set(ex.get("absent_not_required", []))):
        fpres[e] += 1
def show(title, c):
    print(f"  {title}: " + (", ".join(f"{e} {n}" for e, n in c.most_common()) or "none"))
print("per-element confusion:")
show("flagged missing but documented (over-flag)", over)
show("missing but not flagged (under-flag)", under)
show("false presence", fpres)
PY
}

run_set synthetic tests/fixtures/shared/cases tests/fixtures/shared/tools/score.py 1 "$@"
if [ -d "$shared/cases-real/cases" ]; then
    run_set real "$shared/cases-real/cases" "$shared/cases-real/tools/score.py" 0 "$@"
else
    echo "== real: skipped ($shared/cases-real not found; set SHARED=path/to/shared)"
fi
