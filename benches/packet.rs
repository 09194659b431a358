//! Packet benchmark (`make bench`): builds a packet of about 20 pages (the request letter and
//! 50,000 characters of clinical notes) natively and prints the time, the size, and the font
//! bytes compiled into the binary (what the fonts add to the packet engine's Wasm module).
//!
//! A plain `fn main` (`harness = false`): no benchmark framework, nothing to install.
//! `cargo bench` passes `--bench`; `cargo test --all-targets` runs this file too, unoptimised:
//! then it builds each packet once from 2,000 characters of notes, only to check that it works.

use std::time::Instant;

use retroauth::core::letter::render_letter;
use retroauth::core::model::{Case, Note};
use retroauth::core::packet::{COMPILED_FONT_BYTES, PacketInput, PacketOptions, build_packet};

/// Runs and note length of the full benchmark (`--bench`) and of the smoke run.
const FULL: (usize, usize) = (15, 50_000);
const SMOKE: (usize, usize) = (1, 2_000);

fn case(note_chars: usize) -> Case {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/shared/cases/01-hip-resurfacing-converted-to-tha.json");
    let text = std::fs::read_to_string(path).expect("case 01");
    let mut case = Case::from_json(&text).expect("case loads");
    // `note_chars` characters of realistic note text: the case's own notes, repeated.
    let source: String = case.notes.iter().map(|n| format!("{}\n\n", n.text())).collect();
    let mut notes = String::new();
    while notes.chars().count() < note_chars {
        notes.push_str(&source);
    }
    let notes: String = notes.chars().take(note_chars).collect();
    let half = notes.char_indices().nth(note_chars / 2).map(|(i, _)| i).unwrap_or(0);
    case.notes = vec![
        Note { note_type: "progress_note".into(), text: Some(notes[..half].to_string()), ..Default::default() },
        Note { note_type: "operative_note".into(), text: Some(notes[half..].to_string()), ..Default::default() },
    ];
    case
}

fn main() {
    let (runs, note_chars) = if std::env::args().any(|a| a == "--bench") { FULL } else { SMOKE };
    let case = case(note_chars);
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).expect("date");
    let letter = render_letter(&case, today).expect("letter").text;
    let cjk = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/fonts/WenQuanYiMicroHei.ttf")).ok();

    let mut cjk_case = case.clone();
    cjk_case.claim.patient.first_name = "美玲".into();
    cjk_case.claim.patient.last_name = "陳".into();

    let report = |label: &str, case: &Case, fallback: &[&[u8]]| {
        let input = PacketInput { fallback_fonts: fallback, ..PacketInput::new(case, &letter, today) };
        let options = PacketOptions::default();
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let start = Instant::now();
            let packet = build_packet(&input, &options).expect("packet");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            last = Some(packet);
        }
        times.sort_by(f64::total_cmp);
        let Some(packet) = last else { return };
        println!(
            "packet {label}: {} pages, {} bytes; build time median {:.1} ms, min {:.1} ms, max {:.1} ms ({runs} runs)",
            packet.page_count,
            packet.bytes.len(),
            times[runs / 2],
            times[0],
            times[runs - 1],
        );
    };
    let what = format!("(letter + {}k characters of notes)", note_chars / 1000);
    report(&what, &case, &[]);
    if let Some(cjk) = &cjk {
        // The same packet with the CJK fallback font supplied: it is parsed only if a character
        // needs it, so the first figure is the cost of passing it along, the second the cost of
        // using it (parsing 4.6 MB, subsetting) for a CJK patient name on every page.
        report("(same, CJK font supplied but unused)", &case, &[cjk.as_slice()]);
        report("(same, CJK patient name: CJK font used)", &cjk_case, &[cjk.as_slice()]);
    }
    println!("fonts compiled into the packet engine: {COMPILED_FONT_BYTES} bytes (DejaVu Sans + Bold)");
    if let Some(cjk) = &cjk {
        println!("lazily loaded CJK font asset (www/fonts/WenQuanYiMicroHei.ttf): {} bytes", cjk.len());
    }
}
