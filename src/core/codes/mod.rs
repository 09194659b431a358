//! Code sets the validator looks codes up in: ICD-10-CM (billable and header codes), CMS place of
//! service, and the CARC/RARC codes that matter for authorization denials.
//!
//! # Where the data comes from
//!
//! ICD-10-CM and place of service are **published data, never typed by hand**. The generator
//! `.ci/codesets/generate.py` downloads pinned packages (PyPI `simple-icd-10-cm`, npm
//! `hl7.terminology.r4`; versions and sha256 checksums in `.ci/codesets/versions.json`),
//! verifies their checksums, and writes the text files in `data/`, each starting with a `#`
//! provenance line: sorted code lists (`icd10cm-billable.txt`, `icd10cm-header.txt`), `pos.tsv`
//! and `codesets.provenance`.
//!
//! CARC and RARC explanations ([`carc`], [`rarc`]) are the project's own short paraphrases:
//! X12 holds the copyright on the official descriptions, which are not shipped.
//!
//! # Why an `fst` set, built by a test, committed as bytes
//!
//! The app must answer "is `M54.50` a billable code?" offline, in WebAssembly, for at most
//! 100 KB. An [`fst::Set`] of the 74,714 billable codes is about 40 KB and is searched in
//! place from an `include_bytes!` slice: no parsing, no allocation, no start-up cost. The
//! header (non-billable) codes get their own set, so a header code can be told apart from a
//! code that does not exist, and its billable children are found with a prefix search on the
//! billable set. Descriptions are not compiled in (they would add about 550 KB); a host that
//! wants them can serve them as a lazily loaded same-origin asset.
//!
//! Python cannot write the fst format, so the `.fst` files are built from the committed `.txt`
//! lists by the host test `codeset_fst_files_match_the_lists` (tests/validate.rs): it rebuilds
//! both sets with the `fst` version in `Cargo.lock` and fails if the bytes differ from the
//! committed files (`UPDATE_CODESETS=1` rewrites them). This keeps the crate free of a build
//! script and of build-time dependencies, and the binary data is always reproducible from the
//! reviewable text lists. `.ci/codesets/check.sh` closes the loop: it reruns the generator into a
//! temporary folder and fails if any committed text file differs, then runs that test.

pub mod carc;
pub mod icd10;
pub mod pos;
pub mod rarc;

/// The provenance of the generated code-set files (`key=value` lines written by the generator).
pub fn provenance() -> &'static str {
    include_str!("data/codesets.provenance")
}

/// One value of [`provenance`], e.g. `icd10cm.release`.
pub fn provenance_value(key: &str) -> Option<&'static str> {
    provenance().lines().filter(|line| !line.starts_with('#')).find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then_some(v.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_names_the_pinned_sources() {
        assert_eq!(provenance_value("icd10cm.source"), Some("pypi:simple-icd-10-cm==1.5.0"));
        assert_eq!(provenance_value("pos.source"), Some("npm:hl7.terminology.r4==7.0.1"));
        assert!(provenance_value("icd10cm.release").is_some_and(|r| r.contains("2026")));
        assert_eq!(provenance_value("nope"), None);
    }
}
