//! Browser benchmarks (`make bench`, not part of `make test`): the medical-necessity checks and
//! the packet engine and the importers compiled to release Wasm and timed in headless Chromium. They print
//! figures; they assert only that the work was done (evidence found, a PDF produced).
#![cfg(target_arch = "wasm32")]

use retroauth::core::checks::{self, ElementStatus};
use retroauth::core::model::{Case, Note};
use wasm_bindgen_test::*;

#[path = "support/synth_import.rs"]
mod synth;

wasm_bindgen_test_configure!(run_in_browser);

const CHART: &str = include_str!("fixtures/shared/cases/12-septic-shock-icu-120k-chart-export.txt");
const CASE12: &str = include_str!("fixtures/shared/cases/12-septic-shock-icu-120k-chart-export.json");
const CASE01: &str = include_str!("fixtures/shared/cases/01-hip-resurfacing-converted-to-tha.json");

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The first `chars` characters of the chart export repeated (its signed H&P sits at ~68 %).
fn note_of(chars: usize) -> String {
    let mut text = String::new();
    while text.chars().count() < chars {
        text.push_str(CHART);
    }
    text.chars().take(chars).collect()
}

/// Median of `runs` timings of `f`, in milliseconds (each timing averages `inner` calls,
/// because the browser clock is coarse).
fn median_ms(runs: usize, inner: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now_ms();
            for _ in 0..inner {
                f();
            }
            (now_ms() - start) / inner as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[wasm_bindgen_test]
fn bench_necessity_checks_in_chromium() {
    let mut case = Case::from_json(CASE12).unwrap();
    for chars in [20_000usize, 120_000, 300_000] {
        case.notes = vec![Note { note_type: "chart_export".into(), text: Some(note_of(chars)), ..Default::default() }];
        let mut present = 0;
        let _warm = checks::check_notes(&case, None);
        let inner = if chars <= 20_000 { 20 } else { 3 };
        let ms = median_ms(7, inner, || {
            let report = checks::check_notes(&case, None);
            present = report.elements.iter().filter(|e| e.status == ElementStatus::Present).count();
        });
        assert!(present > 0);
        let mb_per_s = (chars as f64 / 1e6) / (ms / 1000.0);
        console_log!(
            "bench: necessity checks, {chars} chars: {ms:.2} ms ({mb_per_s:.1} M chars/s), {present} elements present"
        );
    }
}

#[cfg(feature = "pdf")]
#[wasm_bindgen_test]
fn bench_packet_in_chromium() {
    use retroauth::core::packet::{PacketInput, PacketOptions, build_packet, checklist_items};
    let mut case = Case::from_json(CASE01).unwrap();
    let source: String = case.notes.iter().map(|n| format!("{}\n\n", n.text())).collect();
    let mut notes = String::new();
    while notes.chars().count() < 50_000 {
        notes.push_str(&source);
    }
    case.notes = vec![Note {
        note_type: "progress_note".into(),
        text: Some(notes.chars().take(50_000).collect()),
        ..Default::default()
    }];
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let letter = retroauth::core::letter::render_letter(&case, today).unwrap().text;
    let checklist = checklist_items(&checks::check_notes(&case, None));
    let input = PacketInput { checklist: Some(&checklist), ..PacketInput::new(&case, &letter, today) };
    let mut last = None;
    let ms = median_ms(5, 1, || last = Some(build_packet(&input, &PacketOptions::default()).unwrap()));
    let packet = last.unwrap();
    assert!(packet.bytes.starts_with(b"%PDF-"));
    console_log!(
        "bench: packet (letter + 50k chars of notes + checklist), {} pages, {} bytes: {ms:.1} ms in the packet engine",
        packet.page_count,
        packet.bytes.len()
    );
}

#[wasm_bindgen_test]
fn bench_import_in_chromium() {
    use retroauth::core::import::many::{SourceFile, import_many};
    for size in [1_000_000usize, 10_000_000] {
        let (text, claims) = synth::era_835(size);
        let mut summary_claims = 0;
        let mut progress_calls = 0;
        let ms = median_ms(3, 1, || {
            let batch =
                import_many(&[SourceFile { name: "era.835", bytes: text.as_bytes() }], &mut |_| progress_calls += 1);
            summary_claims = batch.summary().claims.len();
        });
        assert_eq!(summary_claims, claims);
        console_log!(
            "bench: import 835, {:.1} MB, {claims} claims: {ms:.0} ms in the import engine (with progress and listing; target: a 10 MB 835 under 1000 ms)",
            text.len() as f64 / 1e6
        );
    }
    let (text, claims) = synth::fhir_bundle(10_000_000);
    let ms = median_ms(3, 1, || {
        let file = retroauth::core::import::import_fhir(&text).unwrap();
        assert_eq!(file.cases.len(), claims);
    });
    console_log!("bench: import FHIR Bundle, {:.1} MB, {claims} claims: {ms:.0} ms", text.len() as f64 / 1e6);
}
