//! Regression floor on the real-text development set (`../shared/cases-real`: de-identified
//! MTSamples transcriptions with synthetic claims), scored exactly like its `tools/score.py`
//! (missing-element precision/recall/F1 per case, macro average, false presence).
//!
//! The notes are third-party text: they are read from the shared folder at test time and
//! never copied into this repository (no quotes in code, fixtures or messages — the table
//! printed here names cases and element ids only). The product code never reads a case's
//! `expected` block; this test does, to score.
//!
//! Where the set lives: `$RETROAUTH_SHARED/cases-real/cases`, else `../shared/cases-real/cases`
//! next to the repository. When it is missing the test fails under `CI=true` and is skipped
//! with a notice otherwise.

use retroauth::core::checks::{self, ElementStatus};
use retroauth::core::model::Case;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The level landed on the real set (issue 12): the test fails below it.
const MACRO_F1_FLOOR: f64 = 0.957;

fn cases_dir() -> Option<PathBuf> {
    let root = std::env::var_os("RETROAUTH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = root.join("cases-real/cases");
    dir.is_dir().then_some(dir)
}

fn strings(v: &Value, key: &str) -> BTreeSet<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn real_development_set_holds_its_level() {
    let Some(dir) = cases_dir() else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "cases-real not found: set RETROAUTH_SHARED to the shared folder (CI must score the real set)");
        eprintln!("checks_real: SKIPPED — ../shared/cases-real not found (set RETROAUTH_SHARED); not scored");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read cases-real")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("json"))
        .collect();
    files.sort();
    assert!(files.len() >= 36, "expected the 36 real development cases, found {}", files.len());
    let mut f1_sum = 0.0;
    let mut false_presence = 0;
    let (mut tp_all, mut fp_all, mut fn_all) = (0, 0, 0);
    println!(
        "{:52} {:>3} {:>3} {:>3} {:>5}  false presence / over-flags / missed (element ids)",
        "case", "TP", "FP", "FN", "F1"
    );
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read case");
        let raw: Value = serde_json::from_str(&text).expect("case JSON");
        let case = Case::from_json(&text).expect("case loads");
        let expected = &raw["expected"];
        let report = checks::check_notes(&case, None);
        let mut flagged = BTreeSet::new();
        let mut claimed = BTreeSet::new();
        for e in &report.elements {
            match e.status {
                ElementStatus::Missing => flagged.insert(e.element.clone()),
                ElementStatus::Present => claimed.insert(e.element.clone()),
            };
        }
        let missing = strings(expected, "missing_elements");
        let present = strings(expected, "present_elements");
        let absent = strings(expected, "absent_not_required");
        let tp = flagged.intersection(&missing).count();
        let over: Vec<_> = flagged.intersection(&present).cloned().collect();
        let missed: Vec<_> = missing.difference(&flagged).cloned().collect();
        let wrong: Vec<_> = claimed.iter().filter(|e| missing.contains(*e) || absent.contains(*e)).cloned().collect();
        let p = ratio(tp, tp + over.len());
        let r = ratio(tp, tp + missed.len());
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        f1_sum += f1;
        false_presence += wrong.len();
        (tp_all, fp_all, fn_all) = (tp_all + tp, fp_all + over.len(), fn_all + missed.len());
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        println!("{name:52} {tp:>3} {:>3} {:>3} {f1:>5.2}  {wrong:?} {over:?} {missed:?}", over.len(), missed.len());
    }
    let macro_f1 = f1_sum / files.len() as f64;
    println!(
        "macro F1 {macro_f1:.4}  micro P {:.3} R {:.3}  false presence {false_presence}",
        ratio(tp_all, tp_all + fp_all),
        ratio(tp_all, tp_all + fn_all)
    );
    assert!(macro_f1 + 1e-9 >= MACRO_F1_FLOOR, "real dev set macro F1 {macro_f1:.3} fell below {MACRO_F1_FLOOR:.3}");
    // False presence landed at 0: any false presence fails.
    assert_eq!(false_presence, 0, "real dev set: false presences rose above 0");
}
