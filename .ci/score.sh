#!/usr/bin/env bash
# Scores `retroauth check --json` on the development cases with the shared scorer.
# Usage: .ci/score.sh [--strict]   (prints the scorer's table; results in target/score/)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=tests/fixtures/shared/cases
out=target/score
mkdir -p "$out"
cargo build --quiet --release --bin retroauth
python3 - "$cases" "$out" <<'PY'
import json, glob, os, subprocess, sys
cases, out = sys.argv[1], sys.argv[2]
results = {}
for path in sorted(glob.glob(os.path.join(cases, "*.json"))):
    run = subprocess.run(["target/release/retroauth", "check", path, "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"score: {os.path.basename(path)}: exit {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
        continue
    report = json.loads(run.stdout)
    cid = report["case_id"]
    letter = os.path.join(out, f"{cid}-letter.txt")
    pdf = os.path.join(out, f"{cid}-packet.pdf")
    pdf_text = os.path.join(out, f"{cid}-packet.txt")
    subprocess.run(["target/release/retroauth", "letter", path, "-o", letter], check=True, capture_output=True)
    subprocess.run(["target/release/retroauth", "packet", path, "-o", pdf], check=True, capture_output=True)
    subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, pdf_text], check=True)
    results[cid] = {
        "missing_elements": report["missing_elements"],
        "present_elements": report["present_elements"],
        "data_errors": [{"code": d["code"], "field": d["field"]} for d in report["data_errors"]],
        "letter_text_file": os.path.abspath(letter),
        "pdf_text_file": os.path.abspath(pdf_text),
    }
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(results, f, indent=1)
PY
python3 tests/fixtures/shared/tools/score.py "$out/results.json" "$@"
