#!/usr/bin/env python3
"""Generates the code-set data files of src/core/codes/data/ from pinned, published packages.

Nothing in those files is typed by hand. Sources (pinned in versions.json next to this script,
each download checked against its sha256 before use):

* ICD-10-CM: the PyPI package `simple-icd-10-cm` (it ships the CDC tabular XML and code list of
  one release). The wheel is installed into a temporary target folder and read through its own
  API (`get_all_codes`, `is_chapter_or_block`, `is_leaf`).
* CMS place-of-service codes: the npm package `hl7.terminology.r4` (HL7 Terminology, CC0), file
  `CodeSystem-CMSPlaceofServiceCodes.json` (content "complete").

Outputs (deterministic: same pins, same bytes; no timestamps):

* icd10cm-billable.txt   billable (leaf) codes, undotted, bytewise sorted, one per line
* icd10cm-header.txt     non-billable category/subcategory codes ("headers"), same format
* pos.tsv                code<TAB>display, sorted by code
* codesets.provenance    key=value lines the Rust code reads (release, counts, checksums)

Every data file starts with one `# ...` provenance line. The `.fst` sets next to them are built
from the two `.txt` lists by the Rust test `codeset_fst_files_match_the_lists` in
tests/validate.rs (`UPDATE_CODESETS=1` rewrites them); see .ci/codesets/README.md.

Usage: python3 .ci/codesets/generate.py [--out DIR] [--downloads DIR] [--fetch-only | --offline]

* `--fetch-only` downloads the pinned package files into the cache (checksums verified) and
  stops; `make setup` runs it once per machine.
* `--offline` never downloads: it reads the pinned files from the cache and fails if one is
  missing or its checksum differs (the drift check `.ci/codesets/check.sh`, run by `make test`).

The cache is `--downloads DIR`, else `$RETROAUTH_CODESETS_CACHE`, else
`${XDG_CACHE_HOME:-~/.cache}/retroauth/codesets`. Without either flag the packages are read from
the cache when there, downloaded otherwise (`make codesets`).
Stdlib only; needs `pip` (for this interpreter), and `npm` on PATH and the two registries unless
`--offline`.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
GENERATOR = ".ci/codesets/generate.py"
ICD_UNDOTTED = re.compile(r"^[A-Z][0-9A-Z][0-9A-Z][0-9A-Z]{0,4}$")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Quiet, reproducible client runs (no "running pip as root" or upgrade notices).
CLIENT_ENV = dict(os.environ, PIP_ROOT_USER_ACTION="ignore", PIP_DISABLE_PIP_VERSION_CHECK="1", NPM_CONFIG_FUND="false",
                  NPM_CONFIG_AUDIT="false", NPM_CONFIG_UPDATE_NOTIFIER="false")


def default_cache():
    """The folder the pinned package files are cached in (see the module doc)."""
    if os.environ.get("RETROAUTH_CODESETS_CACHE"):
        return os.environ["RETROAUTH_CODESETS_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "retroauth", "codesets")


def fetch(pin, downloads, offline=False):
    """Returns the path of the pinned package file, downloading it when it is not cached (never
    when `offline`). Fails unless its sha256 is the pinned one."""
    path = os.path.join(downloads, pin["file"])
    if offline and not os.path.exists(path):
        sys.exit(f"generate: {pin['file']} is not in the cache {downloads}; run `make setup` (it fetches the pinned "
                 "packages once)")
    if not (os.path.exists(path) and sha256_of(path) == pin["sha256"]) and not offline:
        spec_name = f"{pin['package']}=={pin['version']}" if pin["registry"] == "pypi" else f"{pin['package']}@{pin['version']}"
        if pin["registry"] == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                   "--disable-pip-version-check", "-d", downloads, spec_name]
        elif pin["registry"] == "npm":
            cmd = ["npm", "pack", "--silent", "--pack-destination", downloads, spec_name]
        else:
            sys.exit(f"generate: unknown registry {pin['registry']}")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=CLIENT_ENV)
    if not os.path.exists(path):
        sys.exit(f"generate: {pin['file']} was not downloaded")
    got = sha256_of(path)
    if got != pin["sha256"]:
        sys.exit(f"generate: checksum mismatch for {pin['file']}: got {got}, pinned {pin['sha256']}")
    return path


def provenance(pin, extra=""):
    source = f"{pin['registry']}:{pin['package']}=={pin['version']}"
    return f"# source={source} file={pin['file']} sha256={pin['sha256']}{extra} generator={GENERATOR}"


def icd10cm_lists(pin, wheel, work):
    site = os.path.join(work, "site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--disable-pip-version-check", "--target", site, wheel], check=True, stdout=subprocess.DEVNULL,
                   env=CLIENT_ENV)
    sys.path.insert(0, site)
    import simple_icd_10_cm as icd  # noqa: E402  (installed just above, from the pinned wheel)

    billable, header = [], []
    for code in icd.get_all_codes(with_dots=False):
        if icd.is_chapter_or_block(code):
            continue
        if not ICD_UNDOTTED.match(code):
            sys.exit(f"generate: unexpected ICD-10-CM code shape {code!r}")
        (billable if icd.is_leaf(code) else header).append(code)
    billable = sorted(set(billable), key=lambda c: c.encode())
    header = sorted(set(header), key=lambda c: c.encode())
    if set(billable) & set(header):
        sys.exit("generate: a code is both billable and a header")
    if not (70000 < len(billable) < 90000 and 15000 < len(header) < 40000):
        sys.exit(f"generate: implausible counts: {len(billable)} billable, {len(header)} header")
    return billable, header


def pos_rows(pin, tgz):
    with tarfile.open(tgz, "r:gz") as tar:
        member = tar.extractfile(pin["codesystem"])
        if member is None:
            sys.exit(f"generate: {pin['codesystem']} not in {pin['file']}")
        system = json.load(member)
    if system.get("resourceType") != "CodeSystem" or system.get("content") != "complete":
        sys.exit("generate: the POS CodeSystem is not a complete CodeSystem")
    rows = []
    for concept in system.get("concept", []):
        code, display = concept["code"], " ".join(concept.get("display", "").split())
        if not re.fullmatch(r"[0-9]{2}", code) or "\t" in display:
            sys.exit(f"generate: unexpected POS concept {code!r}")
        rows.append((code, display))
    rows.sort()
    if len(rows) < 40 or len({c for c, _ in rows}) != len(rows):
        sys.exit("generate: implausible POS list")
    return rows, system.get("version", "")


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "src", "core", "codes", "data"))
    parser.add_argument("--downloads", help="folder the package files are cached in (default: see the module doc)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fetch-only", action="store_true", help="download and verify the pinned packages, then stop")
    mode.add_argument("--offline", action="store_true", help="never download; use the cached, verified packages")
    args = parser.parse_args()
    with open(os.path.join(HERE, "versions.json"), encoding="utf-8") as f:
        pins = json.load(f)
    work = tempfile.mkdtemp(prefix="retroauth-codesets-")
    try:
        downloads = args.downloads or default_cache()
        os.makedirs(downloads, exist_ok=True)
        if args.fetch_only:
            for key in ("icd10cm", "pos"):
                fetch(pins[key], downloads)
            return
        os.makedirs(args.out, exist_ok=True)

        icd_pin = pins["icd10cm"]
        billable, header = icd10cm_lists(icd_pin, fetch(icd_pin, downloads, args.offline), work)
        release = f" release=\"{icd_pin['release']}\""
        write(os.path.join(args.out, "icd10cm-billable.txt"),
              [provenance(icd_pin, release + " list=billable-leaf-codes-undotted")] + billable)
        write(os.path.join(args.out, "icd10cm-header.txt"),
              [provenance(icd_pin, release + " list=non-billable-header-codes-undotted")] + header)

        pos_pin = pins["pos"]
        rows, cs_version = pos_rows(pos_pin, fetch(pos_pin, downloads, args.offline))
        write(os.path.join(args.out, "pos.tsv"),
              [provenance(pos_pin, f" codesystem={pos_pin['codesystem']} codesystem_version={cs_version}")]
              + [f"{code}\t{display}" for code, display in rows])

        write(os.path.join(args.out, "codesets.provenance"), [
            f"# Provenance of the generated code-set files in this folder. generator={GENERATOR}",
            f"icd10cm.source={icd_pin['registry']}:{icd_pin['package']}=={icd_pin['version']}",
            f"icd10cm.sha256={icd_pin['sha256']}",
            f"icd10cm.release={icd_pin['release']}",
            f"icd10cm.fiscal_year={icd_pin['fiscal_year']}",
            f"icd10cm.effective_from={icd_pin['effective_from']}",
            f"icd10cm.billable_codes={len(billable)}",
            f"icd10cm.header_codes={len(header)}",
            f"pos.source={pos_pin['registry']}:{pos_pin['package']}=={pos_pin['version']}",
            f"pos.sha256={pos_pin['sha256']}",
            f"pos.codesystem_version={cs_version}",
            f"pos.codes={len(rows)}",
        ])
        print(f"generate: {len(billable)} billable and {len(header)} header ICD-10-CM codes, "
              f"{len(rows)} POS codes -> {os.path.relpath(args.out, REPO)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
