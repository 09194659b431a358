//! The PDF packet's own pages, checked from the outside with the tools a person would use:
//! poppler's `pdftotext`, `pdffonts` and `pdfinfo`, and `qpdf --check` (helpers in
//! `tests/support/pdf.rs`). They must be installed (`apt-get install poppler-utils qpdf`);
//! without them these tests fail, they do not skip. Here: every development case makes a sound
//! packet, its text round-trips (names in any script, adversarial text, any text in any field),
//! the index and cover quote real page numbers, the checklist quotes its evidence, and the same
//! input gives the same bytes. Attachments are in `tests/packet_attachments.rs`; joiners,
//! format characters, right-to-left and CJK text and the draft stamp in `tests/packet_text.rs`.
//!
//! Every PDF is written to `target/test-packets/` for a look.
#![cfg(feature = "pdf")]

mod support;

use retroauth::core::model::Case;
use retroauth::core::packet::{ChecklistItem, PacketInput, PacketOptions, PageSize};

use support::pdf::*;

#[test]
fn every_shared_case_makes_a_sound_packet() {
    let mut sizes = Vec::new();
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        let packet = build(&case, LETTER, PageSize::Letter);
        let path = write(&name.replace(".json", ".pdf"), &packet);
        sizes.push((packet.bytes.len(), name.clone()));

        check_qpdf(&path);
        check_fonts_embedded(&path);
        let info = pdfinfo(&path);
        assert_eq!(info_field(&info, "Pages").parse::<usize>().ok(), Some(packet.page_count), "{name}");
        assert_eq!(info_field(&info, "Title"), "Retro-authorization request");
        assert!(info_field(&info, "Page size").starts_with("612 x 792 pts"), "{name}: {info}");

        // The warnings name code points only, and every listed character is from the input.
        let missing = listed(&packet, "unsupported_characters");
        let input_text =
            format!("{}{}", case.to_json_pretty(), LETTER) + &case.notes.iter().map(|n| n.text()).collect::<String>();
        for c in &missing {
            assert!(
                input_text.contains(*c),
                "{name}: warning lists U+{:04X}, which is not in the input",
                u32::from(*c)
            );
        }
        for warning in &packet.warnings {
            assert!(warning.message.is_ascii(), "{name}: warning quotes text: {}", warning.message);
        }

        // Default pdftotext: the identifying fields are there.
        let text = squash(&unbidi(&text_of(&path, false)));
        let patient = &case.claim.patient;
        let mut wanted =
            vec![patient.first_name.clone(), patient.last_name.clone(), case.claim.claim.claim_number.clone()];
        wanted.extend(patient.member_id.clone().filter(|id| !id.trim().is_empty()));
        for field in wanted {
            let field = squash(&visible(&field));
            assert!(text.contains(&field), "{name}: {field:?} not in the extracted text");
        }
        // Page numbers agree with the page count.
        for page in 1..=packet.page_count {
            assert!(text.contains(&format!("Page{page}of{}", packet.page_count)), "{name}: Page {page} of …");
        }
        assert!(!text.contains(&format!("Page{}of", packet.page_count + 1)), "{name}");

        // -raw pdftotext: every line of every note, in order, in the body of the pages.
        let body = body_text(&text_of(&path, true), &case, &packet);
        let mut from = 0;
        for (n, note) in case.notes.iter().enumerate() {
            for (l, line) in source_lines(note.text()).into_iter().enumerate() {
                let expected = squash(&visible(line));
                if expected.is_empty() {
                    continue;
                }
                match body[from..].find(&expected) {
                    Some(at) => from += at + expected.len(),
                    None => panic!(
                        "{name}: note {} line {} not found after offset {from}:\n  {expected}\nbody there: {:.300}",
                        n + 1,
                        l + 1,
                        &body[from..]
                    ),
                }
            }
        }
        // Characters the font cannot draw are still in the text.
        for c in &missing {
            assert!(body.contains(*c) || text.contains(*c), "{name}: U+{:04X} lost", u32::from(*c));
        }

        // Same input, same bytes.
        assert!(build(&case, LETTER, PageSize::Letter).bytes == packet.bytes, "{name}: not deterministic");
    }
    sizes.sort();
    eprintln!("packet sizes (bytes): {sizes:?}");
}

#[test]
fn unicode_names_are_drawn_or_reported_never_lost() {
    let case = support::load_case("09-brain-mri-demyelination-unicode-names.json");
    let packet = build(&case, LETTER, PageSize::Letter);
    let missing = listed(&packet, "unsupported_characters");
    // With the CJK fallback font, Han and Hangul are drawn.
    for c in ['美', '玲', '陳', '김', '서', '연'] {
        assert!(!missing.contains(&c), "U+{:04X} should be drawn", u32::from(c));
    }
    // Devanagari and the supplementary-plane 𠮷 have no glyph in any bundled font: reported.
    for c in ['अ', '\u{20BB7}'] {
        assert!(missing.contains(&c), "U+{:04X} should be reported", u32::from(c));
    }
    // Latin with diacritics (incl. Vietnamese and Turkish), Hebrew: drawn.
    for c in ['Ō', 'Ọ', 'ọ', 'ü', 'Ş', 'ı', 'נ', '\u{5BE}'] {
        assert!(!missing.contains(&c), "U+{:04X} should be drawn", u32::from(c));
    }
    let path = write("unicode-names.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    let text = text_of(&path, false);
    for name in ["陳 美玲", "美玲", "נועה בן־דוד", "Şükrü Yılmaz", "Sōma", "김서연", "अनन्या", "Ọkafọ̀", "𠮷"]
    {
        assert!(
            text.contains(name) || squash(&text).contains(&squash(name)),
            "{name} not extractable in logical order"
        );
    }
}

fn adversarial_case() -> Case {
    let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    case.claim.patient.first_name = ") Tj ET".to_string();
    case.claim.patient.last_name = "<script>alert(1)</script>".to_string();
    case.claim.patient.member_id = Some("{{7*7}}".to_string());
    case.claim.claim.claim_number = "%PDF-1.7 %%EOF".to_string();
    case.claim.payer.name = "(( \\) Tj /F1 99 Tf".to_string();
    case
}

const TOKEN_LEN: usize = 250;

fn token() -> String {
    (0..TOKEN_LEN).map(|i| char::from(b'A' + (i % 26) as u8)).collect()
}

const CONTROLS: &str = "start\u{0C}after-ff\u{0B}after-vt\u{1B}[31mafter-esc \u{202E}after-rlo \u{FEFF}after-bom \u{200B}after-zwsp \u{0}after-nul \u{7F}after-del \u{85}after-nel \u{2028}after-ls end";

#[test]
fn adversarial_text_round_trips_verbatim() {
    let mut case = adversarial_case();
    let note_text = format!(
        "{CONTROLS}\nlong token: {}\n) Tj ET\n<script>alert(1)</script>\n{{{{7*7}}}}\n%PDF-1.7\n%%EOF\n\ttabbed\tcolumns",
        token()
    );
    case.notes = vec![retroauth::core::model::Note {
        note_type: "<b>note</b> ) Tj".to_string(),
        text: Some(note_text.clone()),
        ..Default::default()
    }];
    let letter = "Letter with ) Tj ET and %%EOF\nand <script>alert(1)</script> and {{7*7}}\n";
    let packet = build(&case, letter, PageSize::Letter);
    let path = write("adversarial.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);

    let raw = text_of(&path, true);
    for exact in [
        ") Tj ET",
        "<script>alert(1)</script>",
        "{{7*7}}",
        "%PDF-1.7",
        "%%EOF",
        "<b>note</b> ) Tj",
        "(( \\) Tj /F1 99 Tf",
    ] {
        assert!(raw.contains(exact), "{exact:?} not verbatim in the text:\n{raw:.3000}");
    }
    let squashed = squash(&raw);
    assert!(squashed.contains(&token()), "the 250-character token is complete");
    assert!(!raw.lines().any(|line| line.contains(&token())), "the 250-character token was wrapped");
    for part in [
        "start",
        "after-ff",
        "after-vt",
        "[U+001B][31mafter-esc",
        "[U+202E]after-rlo",
        "[U+FEFF]after-bom",
        "[U+200B]after-zwsp",
        "[U+0000]after-nul",
        "[U+007F]after-del",
        "after-nel",
        "after-ls",
        "end",
    ] {
        assert!(raw.contains(part), "{part:?} missing: the text after a control character must survive");
    }
    for c in ['\u{1B}', '\u{202E}', '\u{FEFF}', '\u{200B}', '\u{0}', '\u{7F}'] {
        assert!(!raw.contains(c), "U+{:04X} reached the text layer raw", u32::from(c));
    }
    assert!(raw.contains("tabbed"), "tabs expand to spaces");

    // The same in the whole-note comparison used for the shared cases.
    let body = body_text(&raw, &case, &packet);
    for line in source_lines(&note_text) {
        assert!(body.contains(&squash(&visible(line))), "line {line:?}");
    }

    // None of it reached the file as PDF syntax: text is drawn as glyph ids, and the metadata
    // holds no patient data.
    let expanded = out_dir().join("adversarial.qdf.pdf");
    let output = run(
        "qpdf",
        &["--qdf", "--object-streams=disable", path.to_str().expect("utf-8"), expanded.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let bytes = std::fs::read(&expanded).expect("read the expanded PDF");
    for needle in ["alert(1)", "{{7*7}}", "<script>", "Tj ET and", "after-esc"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle:?} appears as bytes in the file"
        );
    }
    let info = pdfinfo(&path);
    assert_eq!(info_field(&info, "Title"), "Retro-authorization request");
    assert!(!info.contains("script"));
}

#[test]
fn the_same_input_gives_the_same_bytes_across_builds_and_page_sizes_differ() {
    let case = support::load_case("06-home-health-recert-injection-control-chars.json");
    let first = build(&case, LETTER, PageSize::Letter);
    let _other =
        build(&support::load_case("02-lumbar-decompression-fusion-added-no-consent.json"), LETTER, PageSize::A4);
    let second = build(&case, LETTER, PageSize::Letter);
    assert!(first.bytes == second.bytes);

    let a4 = build(&case, LETTER, PageSize::A4);
    let path = write("06-a4.pdf", &a4);
    check_qpdf(&path);
    let info = pdfinfo(&path);
    assert!(info_field(&info, "Page size").starts_with("595.276 x 841.89 pts"), "{info}");
    assert_eq!(info_field(&info, "Pages").parse::<usize>().ok(), Some(a4.page_count));
    // The metadata dates are the request date, not the clock and not 1970.
    assert!(info_field(&info, "CreationDate").contains("2025"), "{info}");
}

#[test]
fn the_index_and_cover_quote_the_real_page_numbers() {
    let case = support::load_case("12-septic-shock-icu-120k-chart-export.json");
    let packet = build(&case, LETTER, PageSize::Letter);
    let path = write("12-index.pdf", &packet);
    let raw = text_of(&path, true);
    let pages: Vec<&str> = raw.split('\u{0C}').collect();
    let total = packet.page_count;
    assert!(squash(pages[0]).contains(&format!("Pages:{total},includingthiscoversheet")), "{}", pages[0]);
    let index = squash(pages[total - 1]);
    assert!(index.contains(&format!("5.Enclosureindex{total}")), "{index}");
    assert!(index.contains("1.Faxcoversheet1"), "{index}");
    assert!(index.contains("2.Requestletter2"), "{index}");
    // The notes section starts where the index says.
    let notes_start = pages.iter().position(|p| p.contains("Clinical note 1 of")).map(|i| i + 1);
    let Some(start) = notes_start else { panic!("no notes") };
    assert!(index.contains(&format!("4.Clinicaldocumentation{start}\u{2013}{}", total - 1)), "{index}");
}

#[test]
fn empty_case_still_makes_a_packet() {
    let case = Case::default();
    let packet = build(&case, "", PageSize::Letter);
    let path = write("empty.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    assert_eq!(info_field(&pdfinfo(&path), "Pages").parse::<usize>().ok(), Some(packet.page_count));
    assert!(packet.page_count >= 5, "one page per section at least");
}

/// A small deterministic generator (xorshift), so the "any input" test needs no extra crate and
/// always tries the same inputs.
struct Chaos(u64);

impl Chaos {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// Text mixing every kind of character the packet treats specially.
    fn text(&mut self, max_len: usize) -> String {
        const POOL: &[char] = &[
            'a',
            'Z',
            '0',
            ' ',
            ' ',
            ' ',
            '\t',
            '\n',
            '\r',
            '\u{0}',
            '\u{7}',
            '\u{0B}',
            '\u{0C}',
            '\u{1B}',
            '\u{7F}',
            '\u{85}',
            '\u{9F}',
            '\u{AD}',
            '\u{A0}',
            '\u{300}',
            '\u{301}',
            '\u{5D0}',
            '\u{627}',
            '\u{644}',
            '\u{200B}',
            '\u{200D}',
            '\u{202E}',
            '\u{2028}',
            '\u{2029}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{FFFD}',
            '\u{FFFF}',
            '\u{E000}',
            '\u{4E2D}',
            '\u{AC00}',
            '\u{1F600}',
            '\u{1F3FD}',
            '\u{20BB7}',
            '\u{E0041}',
            '(',
            ')',
            '\\',
            '%',
            '<',
            '>',
            '{',
            '}',
            '-',
            '\u{2010}',
            'é',
            'Ω',
            'Ж',
            'ặ',
        ];
        let len = (self.next() % (max_len as u64 + 1)) as usize;
        let mut out = String::new();
        for _ in 0..len {
            if self.next().is_multiple_of(50) {
                // A long unbroken run.
                let c = self.pick(POOL);
                out.extend(std::iter::repeat_n(c, 300));
            } else {
                out.push(self.pick(POOL));
            }
        }
        out
    }
}

#[test]
fn any_text_in_any_field_makes_a_valid_packet() {
    let base = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json");
    let mut chaos = Chaos(0x5EED_1234_ABCD_0001);
    for round in 0..8 {
        let mut case = base.clone();
        let patient = &mut case.claim.patient;
        patient.first_name = chaos.text(40);
        patient.last_name = chaos.text(40);
        patient.dob = chaos.text(12);
        patient.member_id = Some(chaos.text(30));
        case.claim.claim.claim_number = chaos.text(30);
        case.claim.payer.name = chaos.text(60);
        case.claim.provider.contact_name = chaos.text(60);
        case.claim.claim.denial.text = chaos.text(400);
        case.claim.claim.diagnoses.push(chaos.text(20));
        for note in &mut case.notes {
            note.note_type = chaos.text(30);
            note.text = Some(chaos.text(3000));
        }
        let letter = chaos.text(2000);
        let packet = build(&case, &letter, if round % 2 == 0 { PageSize::Letter } else { PageSize::A4 });
        let path = write(&format!("chaos-{round}.pdf"), &packet);
        check_qpdf(&path);
        check_fonts_embedded(&path);
        let info = pdfinfo(&path);
        assert_eq!(info_field(&info, "Pages").parse::<usize>().ok(), Some(packet.page_count), "round {round}");
        let text = text_of(&path, true);
        assert_eq!(text.split('\u{0C}').filter(|p| !p.trim().is_empty()).count(), packet.page_count, "round {round}");
        for warning in &packet.warnings {
            assert!(warning.message.is_ascii(), "round {round}: {}", warning.message);
        }
        assert!(
            build(&case, &letter, if round % 2 == 0 { PageSize::Letter } else { PageSize::A4 }).bytes == packet.bytes
        );
    }
}

#[test]
fn checklist_table_quotes_the_evidence() {
    let case = support::load_case("09-brain-mri-demyelination-unicode-names.json");
    let items = vec![
        ChecklistItem {
            element: "Objective exam findings".to_string(),
            present: true,
            quote: Some("Lhermitte sign positive.".to_string()),
            note: Some(0),
            hint: String::new(),
        },
        ChecklistItem {
            element: "Imaging or lab results".to_string(),
            present: false,
            quote: None,
            note: None,
            hint: "Prior imaging or lab results that support the order".to_string(),
        },
        ChecklistItem {
            element: "Referral".to_string(),
            present: true,
            quote: Some("Referring: נועה בן־דוד, MD ) Tj ET {{7*7}}".to_string()),
            note: Some(0),
            hint: String::new(),
        },
    ];
    let input = PacketInput { checklist: Some(&items), ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    let packet = build_with(input, &PacketOptions::default()).expect("packet");
    let path = write("checklist.pdf", &packet);
    check_qpdf(&path);
    let text = squash(&unbidi(&text_of(&path, false)));
    for wanted in [
        "Medical-necessitychecklist",
        "2of3element(s)documented",
        "ObjectiveexamfindingsDocumented\u{201C}Lhermittesignpositive.\u{201D}(clinicalnote1of1,page",
        "ImagingorlabresultsNotfound",
        "Lookedfor:Priorimagingorlabresults",
        "Referring:נועהבן־דוד,MD)TjET{{7*7}}",
        "4.Medical-necessitychecklist",
    ] {
        assert!(text.contains(wanted), "{wanted} not in the checklist text");
    }
}
