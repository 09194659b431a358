//! Text in the PDF packet that needs care, checked with poppler and qpdf (helpers in
//! `tests/support/pdf.rs`; the tools must be installed, these tests fail without them):
//! right-to-left lines drawn in visual order and extracting as typed; joiners and selectors
//! inside grapheme clusters kept, stray controls and format characters marked; CJK text without
//! its font refused with a message naming the places; and the DRAFT stamp on every page (own and
//! attached) of a packet that is not ready, from the library and from the CLI.
//!
//! Every PDF is written to `target/test-packets/` for a look.
#![cfg(feature = "pdf")]

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use retroauth::core::model::Case;
use retroauth::core::packet::{PacketError, PacketInput, PacketOptions, PageSize, build_packet};

use support::pdf::*;

#[test]
fn right_to_left_lines_are_drawn_in_visual_order_and_extract_as_typed() {
    let mut case = support::load_case("09-brain-mri-demyelination-unicode-names.json");
    let lines = [
        "מטופלת: נועה בן־דוד (בת 34), נשלחה לבדיקת MRI.",
        "المريضة: سلمى الحداد، العمر 34 سنة",
        "Family contact: محمد سلام (brother), phone 555-0100",
    ];
    case.notes = vec![retroauth::core::model::Note {
        note_type: "interpreter_note".to_string(),
        text: Some(lines.join("\n")),
        ..Default::default()
    }];
    let packet = build(&case, LETTER, PageSize::Letter);
    assert!(listed(&packet, "unsupported_characters").iter().all(|c| !('\u{0590}'..='\u{06FF}').contains(c)));
    let path = write("rtl.pdf", &packet);
    check_qpdf(&path);
    let text = text_of(&path, false);
    let clean = unbidi(&text);
    for line in lines {
        // Word order may differ between poppler's visual line assembly and the source only in
        // whitespace; the characters and their order within words must be as typed.
        let words = line.split(|c: char| !c.is_alphanumeric() && c != '\u{05BE}').filter(|w| !w.is_empty());
        for word in words {
            assert!(clean.contains(word), "{word:?} not extracted as typed:\n{clean:.2000}");
        }
    }
}

#[test]
fn an_empty_or_invalid_case_makes_a_draft_stamped_on_every_page() {
    let case = Case::default();
    let packet = build(&case, "", PageSize::Letter);
    let draft = packet.draft.expect("an empty case is a draft");
    assert!(draft.errors > 0 && draft.errors == validation_errors(&case), "{draft:?}");
    assert!(draft.missing_inputs >= 6, "the cover's placeholders and the empty letter: {draft:?}");
    // With the letter the app and the CLI generate for it: each missing input once, whether
    // the letter, the cover or both ask for it.
    let letter = retroauth::core::letter::render_letter(&case, support::fixed_today()).expect("letter renders");
    let with_letter = build(&case, &letter.text, PageSize::Letter).draft.expect("still a draft");
    let asked: BTreeSet<&str> =
        letter.text.split("[MISSING: ").skip(1).filter_map(|rest| rest.split(']').next()).collect();
    assert!(letter.text.matches("[MISSING:").count() > asked.len(), "the letter asks for some inputs twice");
    assert!(asked.len() + 1 >= letter.missing.len(), "{} labels for {} inputs", asked.len(), letter.missing.len());
    assert!(
        with_letter.missing_inputs >= asked.len() && with_letter.missing_inputs < asked.len() + draft.missing_inputs,
        "{with_letter:?}, letter {}, cover {}",
        asked.len(),
        draft.missing_inputs - 1
    );
    let path = write("draft-empty.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    let pages = page_texts(&path);
    assert_eq!(pages.len(), packet.page_count);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.starts_with(STAMP), "page {}: {page:.120}", i + 1);
        // The big diagonal word is drawing only: the text layer has the banner's words once.
        assert_eq!(page.matches("DRAFT").count(), 1, "page {}: {page:.300}", i + 1);
    }
    assert!(build(&case, "", PageSize::Letter).bytes == packet.bytes, "a draft is deterministic too");

    // A4 too, and the stamp stays inside the page.
    let a4 = build(&case, "", PageSize::A4);
    let path = write("draft-empty-a4.pdf", &a4);
    check_qpdf(&path);
    assert!(page_texts(&path).iter().all(|p| p.starts_with(STAMP)));
}

#[test]
fn a_ready_case_is_not_stamped_and_each_kind_of_gap_makes_it_a_draft() {
    // The development set has cases that are ready to send; the first one serves.
    let ready: Vec<(String, Case)> = support::case_files()
        .into_iter()
        .map(|(name, _)| {
            let case = support::load_case(&name);
            (name, case)
        })
        .filter(|(_, case)| build(case, LETTER, PageSize::Letter).draft.is_none())
        .collect();
    assert!(!ready.is_empty(), "no development case makes a ready packet");
    let (name, case) = &ready[0];
    assert_eq!(validation_errors(case), 0, "{name}");
    let clean = build(case, LETTER, PageSize::Letter);
    let path = write("ready.pdf", &clean);
    assert!(page_texts(&path).iter().all(|p| !p.contains("DRAFT")), "{name}: a ready packet says DRAFT");

    // A placeholder left in the letter (typed or generated): a draft, each input counted once.
    let letter = format!("{LETTER}\nDate of injury: [MISSING: date of injury]; [MISSING: NPI] [MISSING: NPI]\n");
    let draft = build(case, &letter, PageSize::Letter).draft;
    assert_eq!(draft.map(|d| (d.errors, d.missing_inputs)), Some((0, 2)), "{name}");
    // An empty letter.
    assert_eq!(build(case, "  \n", PageSize::Letter).draft.map(|d| d.missing_inputs), Some(1), "{name}");
    // A blank input the cover sheet needs (the payer's fax).
    let mut no_fax = case.clone();
    no_fax.claim.payer.fax = String::new();
    let draft = build(&no_fax, LETTER, PageSize::Letter).draft.expect("no payer fax: draft");
    assert!(draft.missing_inputs >= 1, "{draft:?}");
    // A validation error (a date of birth that is not a date).
    let mut bad_dob = case.clone();
    bad_dob.claim.patient.dob = "31/31/31".to_string();
    let errors = validation_errors(&bad_dob);
    assert!(errors > 0, "the validator flags the date of birth");
    let packet = build(&bad_dob, LETTER, PageSize::Letter);
    assert_eq!(packet.draft.map(|d| d.errors), Some(errors));
    let path = write("draft-bad-dob.pdf", &packet);
    check_qpdf(&path);
    assert!(page_texts(&path).iter().all(|p| p.starts_with(STAMP)));
}

#[test]
fn attachment_pages_of_a_draft_are_stamped_too() {
    let case = Case::default();
    let files = vec![attachment("scan.png", fixture("scan-gray.png")), attachment("report.pdf", generated_pdf())];
    let input = PacketInput { attachments: &files, ..PacketInput::new(&case, "", support::fixed_today()) };
    let packet = build_with(input, &PacketOptions::default()).expect("builds");
    assert!(packet.draft.is_some());
    let path = write("draft-attachments.pdf", &packet);
    check_qpdf(&path);
    let pages = page_texts(&path);
    assert_eq!(pages.len(), packet.page_count);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.starts_with(STAMP), "page {} of {}: {page:.120}", i + 1, pages.len());
    }
}

/// Emoji and script sequences whose invisible characters belong to the cluster.
const CLUSTERS: &[(&str, &str)] = &[
    ("family", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"),
    ("health worker, skin tone", "\u{1F469}\u{1F3FD}\u{200D}\u{2695}\u{FE0F}"),
    ("heart, emoji presentation", "\u{2764}\u{FE0F}"),
    ("text presentation", "\u{263A}\u{FE0E}"),
    ("flag", "\u{1F1FA}\u{1F1F8}"),
    ("thumbs up, skin tone", "\u{1F44D}\u{1F3FD}"),
    ("keycap", "1\u{FE0F}\u{20E3}"),
    ("rainbow flag", "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"),
    ("England flag (tag sequence)", "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"),
    ("Devanagari half form", "\u{0915}\u{094D}\u{200D}\u{0937}"),
    ("Devanagari conjunct", "\u{0915}\u{094D}\u{0937}\u{093F}"),
    ("Malayalam chillu request", "\u{0D28}\u{0D4D}\u{200D}"),
];

#[test]
fn joiners_and_selectors_inside_clusters_are_kept_and_extract_verbatim() {
    let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let lines: Vec<String> = CLUSTERS.iter().map(|(label, text)| format!("{label}: x{text}x")).collect();
    let persian = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}";
    let note = format!("{}\n{persian}\n", lines.join("\n"));
    case.notes = vec![retroauth::core::model::Note {
        note_type: "Cluster note".to_string(),
        text: Some(note.clone()),
        ..Default::default()
    }];
    case.claim.patient.first_name = "Zo\u{00EB}\u{200D}\u{1F469}".to_string();
    let packet = build(&case, LETTER, PageSize::Letter);
    let path = write("clusters.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    let raw = text_of(&path, true);
    assert!(!raw.contains("[U+200D]") && !raw.contains("[U+200C]") && !raw.contains("[U+FE0F]"), "{raw:.2000}");
    assert!(!raw.contains("[U+E00"), "a tag of the flag sequence was marked");
    for (label, text) in CLUSTERS {
        let wanted = format!("x{text}x");
        assert!(raw.contains(&wanted), "{label}: {:?} not verbatim in the text layer", wanted);
    }
    let squashed = unbidi(&squash(&raw));
    assert!(squashed.contains(persian), "Persian with its non-joiner is not verbatim");
    assert!(squash(&raw).contains("Zo\u{00EB}\u{200D}\u{1F469}"), "the joiner in the header name");
    // The same text through the rule the shared-case comparison uses.
    let body = body_text(&raw, &case, &packet);
    for line in source_lines(&note) {
        assert!(body.contains(&unbidi(&squash(&visible(line)))), "line {line:?}");
    }
}

#[test]
fn stray_controls_and_format_characters_are_still_marked() {
    let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let strays: &[(&str, &str, &str)] = &[
        ("a joiner between spaces", "a \u{200D} b", "a [U+200D] b"),
        ("a joiner at the start", "\u{200D}start", "[U+200D]start"),
        ("a joiner at the end", "end\u{200D}", "end[U+200D]"),
        ("a non-joiner after a space", "x \u{200C}y", "x [U+200C]y"),
        ("a selector after a space", "x \u{FE0F}y", "x [U+FE0F]y"),
        ("a tag without its flag", "x\u{E0067}\u{E007F}y", "x[U+E0067][U+E007F]y"),
        ("a flag tag run without its cancel tag", "\u{1F3F4}\u{E0067}y", "\u{1F3F4}[U+E0067]y"),
        ("C0 control", "x\u{1}y", "x[U+0001]y"),
        ("C1 control", "x\u{9B}y", "x[U+009B]y"),
        ("right-to-left override", "x\u{202E}y", "x[U+202E]y"),
        ("left-to-right mark", "x\u{200E}y", "x[U+200E]y"),
        ("zero-width space", "x\u{200B}y", "x[U+200B]y"),
        ("word joiner", "x\u{2060}y", "x[U+2060]y"),
    ];
    let note: String = strays.iter().map(|(label, text, _)| format!("{label}: {text}\n")).collect();
    case.notes = vec![retroauth::core::model::Note {
        note_type: "Strays".to_string(),
        text: Some(note.clone()),
        ..Default::default()
    }];
    let packet = build(&case, LETTER, PageSize::Letter);
    let path = write("strays.pdf", &packet);
    check_qpdf(&path);
    let raw = text_of(&path, true);
    for (label, text, shown) in strays {
        assert!(raw.contains(shown), "{label}: {shown:?} not in the text layer");
        assert_eq!(visible(text), *shown, "{label}: the test's rule disagrees");
    }
    for c in ['\u{1}', '\u{9B}', '\u{202E}', '\u{200E}', '\u{200B}', '\u{2060}', '\u{E0067}'] {
        assert!(!raw.contains(c), "U+{:04X} reached the text layer raw", u32::from(c));
    }
}

#[test]
fn cjk_text_without_the_cjk_font_fails_with_a_clear_message_naming_the_places() {
    let case = support::load_case("09-brain-mri-demyelination-unicode-names.json");
    let input = PacketInput::new(&case, LETTER, support::fixed_today());
    let error = build_packet(&input, &PacketOptions::default()).expect_err("CJK without its font must not print boxes");
    let message = error.to_string();
    assert!(matches!(error, PacketError::MissingFont { .. }), "{message}");
    assert!(
        message.starts_with(
            "The CJK font could not be loaded; names in Chinese/Japanese/Korean script would print as boxes"
        ),
        "{message}"
    );
    assert!(message.contains("page header: Patient"), "{message}");
    assert!(message.contains("Claim summary: Name"), "{message}");
    assert!(message.contains("Clinical documentation"), "{message}");
    // The message names places, never the text.
    for name in ["陳", "美玲", "CHEN", "Mei"] {
        assert!(!message.contains(name), "{message}");
    }
    // An unreadable font is no better.
    let broken: [&[u8]; 1] = [b"not a font"];
    let input = PacketInput { fallback_fonts: &broken, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    assert!(matches!(build_packet(&input, &PacketOptions::default()), Err(PacketError::MissingFont { .. })));
    // Kana and Hangul in other fields, one at a time, each named.
    for (field, set) in [
        (
            "page header: Member ID",
            &(|c: &mut Case| c.claim.patient.member_id = Some("カタカナ".to_string())) as &dyn Fn(&mut Case),
        ),
        ("Claim summary: Name", &|c: &mut Case| c.claim.payer.name = "국민건강보험".to_string()),
    ] {
        let mut latin = support::load_case("01-hip-resurfacing-converted-to-tha.json");
        set(&mut latin);
        let input = PacketInput::new(&latin, LETTER, support::fixed_today());
        let message = build_packet(&input, &PacketOptions::default()).expect_err(field).to_string();
        assert!(message.contains(field), "{field}: {message}");
    }
    // With the font the same case builds, and without CJK text no font is needed.
    assert!(build(&case, LETTER, PageSize::Letter).page_count > 0);
    let latin = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    assert!(build_packet(&PacketInput::new(&latin, LETTER, support::fixed_today()), &PacketOptions::default()).is_ok());
}

#[test]
fn the_cli_writes_a_draft_and_says_so_on_stderr() {
    let dir = out_dir();
    let empty = dir.join("empty-case.json");
    std::fs::write(&empty, Case::new_empty().to_json_pretty()).expect("write the empty case");
    let out = dir.join("cli-draft.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_retroauth"))
        .args(["packet", empty.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8"), "--today", "2025-06-30"])
        .output()
        .expect("run retroauth");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "a draft is still written (exit 0): {stderr}");
    let line = stderr.lines().find(|l| l.contains("DRAFT")).unwrap_or_else(|| panic!("no DRAFT line: {stderr}"));
    let wanted = format!("cli-draft.pdf: DRAFT \u{2014} {} errors, ", validation_errors(&Case::new_empty()));
    assert!(line.contains(&wanted) && line.ends_with(" missing inputs; not for submission"), "{line}");
    check_qpdf(&out);
    assert!(page_texts(&out).iter().all(|p| p.starts_with(STAMP)));

    // A ready case: no DRAFT anywhere.
    let ready = support::case_files().into_iter().map(|(name, _)| name).find(|name| {
        let case = support::load_case(name);
        let letter = retroauth::core::letter::render_letter(&case, support::fixed_today()).expect("letter");
        build(&case, &letter.text, PageSize::Letter).draft.is_none()
    });
    let Some(ready) = ready else { panic!("no development case is ready with its generated letter") };
    let out = dir.join("cli-ready.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_retroauth"))
        .args([
            "packet",
            support::cases_dir().join(&ready).to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--today",
            "2025-06-30",
        ])
        .output()
        .expect("run retroauth");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{ready}: {stderr}");
    assert!(!stderr.contains("DRAFT"), "{ready}: {stderr}");
    assert!(page_texts(&out).iter().all(|p| !p.contains("DRAFT")), "{ready}");
}
