//! The PDF packet, checked from the outside with the tools a person would use: poppler's
//! `pdftotext`, `pdffonts` and `pdfinfo`, and `qpdf --check`. They must be installed
//! (`apt-get install poppler-utils qpdf`); without them these tests fail, they do not skip.
//!
//! Text is compared with all whitespace removed (wrapping and poppler's spacing move it around).
//! Two poppler habits are undone, and only those: it wraps every right-to-left run in
//! U+202B … U+202C (the text inside is in logical order: the packet draws right-to-left text in
//! visual order and poppler reverses it back), and the default mode drops a `-` at the end of a
//! line ("dehyphenation"), which is why line-by-line comparisons use `-raw`.
//!
//! Every PDF is written to `target/test-packets/` for a look.
#![cfg(feature = "pdf")]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use retroauth::core::model::Case;
use retroauth::core::packet::{
    Attachment, AttachmentProblem, ChecklistItem, Packet, PacketError, PacketInput, PacketOptions, PageSize,
    build_packet,
};

const LETTER: &str = "Dear Utilization Review Team,\n\nPlease review the enclosed request for retro-authorization.\n\nSincerely,\nBilling Office\n";

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-packets");
    std::fs::create_dir_all(&dir).expect("create target/test-packets");
    dir
}

/// Runs a tool; a missing tool is a failure with an installation hint.
fn run(tool: &str, args: &[&str]) -> std::process::Output {
    match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{tool}` is not installed; these tests need it: apt-get install -y poppler-utils qpdf")
        }
        Err(e) => panic!("`{tool}` could not be run: {e}"),
    }
}

fn text_of(path: &Path, raw: bool) -> String {
    let path = path.to_str().expect("utf-8 path");
    let args: Vec<&str> = if raw { vec!["-raw", "-enc", "UTF-8", path, "-"] } else { vec!["-enc", "UTF-8", path, "-"] };
    let output = run("pdftotext", &args);
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("pdftotext -enc UTF-8 gives UTF-8")
}

/// The CJK fallback font the app loads on demand (`www/fonts/`).
fn cjk_font() -> &'static [u8] {
    static FONT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/fonts/WenQuanYiMicroHei.ttf"))
            .expect("www/fonts/WenQuanYiMicroHei.ttf")
    })
}

fn build(case: &Case, letter: &str, page_size: PageSize) -> Packet {
    let fonts = [cjk_font()];
    let input = PacketInput { fallback_fonts: &fonts, ..PacketInput::new(case, letter, support::fixed_today()) };
    build_packet(&input, &PacketOptions { page_size, ..Default::default() }).expect("packet builds")
}

fn write(name: &str, packet: &Packet) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, &packet.bytes).expect("write the PDF");
    path
}

/// Removes whitespace.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops the bidi embedding marks poppler puts around right-to-left runs (U+202B … U+202C).
/// The packet draws right-to-left text in visual order and poppler turns it back into logical
/// order inside those marks, so what is left is the text as typed. The packet itself never
/// contains these marks as text: typed ones are shown as `[U+202B]`-style markers.
fn unbidi(text: &str) -> String {
    text.chars().filter(|c| !('\u{202A}'..='\u{202E}').contains(c)).collect()
}

/// The packet's documented rule for what a character shows as: controls other than tab and
/// the line breaks, and invisible format characters other than the soft hyphen, become
/// `[U+XXXX]`, except the invisible characters that belong to a grapheme cluster, which are
/// kept as typed: a joiner (ZWJ, ZWNJ) between two visible characters (variation selectors may
/// sit between it and the character before), a variation selector after a visible character,
/// and the tags of an emoji tag sequence (U+1F3F4, tags, U+E007F).
fn visible(text: &str) -> String {
    let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}');
    let format = |c: char| {
        matches!(c, '\u{600}'..='\u{605}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
    };
    let selector = |c: char| matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}');
    let tag = |c: char| matches!(c, '\u{E0020}'..='\u{E007E}');
    let marked = |c: char| (c.is_control() && c != '\t' && !line_break(c)) || format(c);
    let shown = |c: char| !c.is_whitespace() && !marked(c) && !selector(c) && c != '\u{A0}';
    let chars: Vec<char> = text.chars().collect();
    let kept = |i: usize| -> bool {
        let c = chars[i];
        match c {
            '\u{200C}' | '\u{200D}' => {
                let before = chars[..i].iter().rev().find(|p| !selector(**p));
                before.is_some_and(|p| shown(*p)) && chars.get(i + 1).is_some_and(|n| shown(*n))
            }
            _ if selector(c) => i > 0 && shown(chars[i - 1]),
            '\u{E0020}'..='\u{E007F}' => {
                let mut k = i;
                while k > 0 && tag(chars[k - 1]) {
                    k -= 1;
                }
                let based = k > 0 && chars[k - 1] == '\u{1F3F4}';
                let mut j = i + 1;
                while j < chars.len() && tag(chars[j]) {
                    j += 1;
                }
                based && (c == '\u{E007F}' || chars.get(j) == Some(&'\u{E007F}'))
            }
            _ => false,
        }
    };
    (0..chars.len())
        .map(|i| {
            let c = chars[i];
            let invisible =
                matches!(c, '\u{200C}' | '\u{200D}') || selector(c) || ('\u{E0020}'..='\u{E007F}').contains(&c);
            if (invisible && !kept(i)) || (!invisible && marked(c)) {
                format!("[U+{:04X}]", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The source lines of a text, split at every character the packet treats as a line break.
fn source_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}']).collect()
}

/// Code points listed in a warning ("U+4E2D, U+9673").
fn listed(packet: &Packet, code: &str) -> BTreeSet<char> {
    let mut out = BTreeSet::new();
    for warning in packet.warnings.iter().filter(|w| w.code == code) {
        for part in warning.message.split("U+").skip(1) {
            let hex: String = part.chars().take_while(char::is_ascii_hexdigit).collect();
            if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                out.insert(c);
            }
        }
    }
    out
}

fn check_qpdf(path: &Path) {
    let output = run("qpdf", &["--check", path.to_str().expect("utf-8 path")]);
    assert!(
        output.status.success(),
        "qpdf --check {}: {}{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn check_fonts_embedded(path: &Path) {
    let output = run("pdffonts", &[path.to_str().expect("utf-8 path")]);
    assert!(output.status.success());
    let listing = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).filter(|line| !line.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{listing}");
    for row in rows {
        // name, type (two words: "CID TrueType"), encoding, emb, sub, uni, object, generation
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns.len().checked_sub(5).map(|i| columns[i]);
        assert_eq!(emb, Some("yes"), "font not embedded in {}:\n{listing}", path.display());
        assert_eq!(columns.len().checked_sub(3).map(|i| columns[i]), Some("yes"), "font without ToUnicode:\n{listing}");
    }
}

fn pdfinfo(path: &Path) -> String {
    let output = run("pdfinfo", &[path.to_str().expect("utf-8 path")]);
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn info_field<'a>(info: &'a str, field: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(field).and_then(|rest| rest.strip_prefix(':')))
        .map(str::trim)
        .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{info}"))
}

/// The patient line of the running header, squashed.
fn header_patient(case: &Case) -> String {
    let patient = &case.claim.patient;
    let or_blank = |s: &str| if s.trim().is_empty() { "(not provided)".to_string() } else { s.to_string() };
    squash(&format!(
        "Patient: {} DOB: {} Member ID: {} Claim #: {}",
        or_blank(&format!("{} {}", patient.first_name, patient.last_name)),
        or_blank(&patient.dob),
        or_blank(patient.member_id.as_deref().unwrap_or("")),
        or_blank(&case.claim.claim.claim_number)
    ))
}

/// The draft stamp's banner as `pdftotext` gives it, squashed.
const STAMP: &str = "DRAFT\u{2014}notforsubmission";

/// Checks the furniture of every page of `-raw` text and returns the body text of all pages,
/// in order, squashed and with poppler's right-to-left handling undone. A draft packet's pages
/// start with the stamp's banner, and only a draft packet's do.
fn body_text(raw: &str, case: &Case, packet: &Packet) -> String {
    let pages = packet.page_count;
    let header = header_patient(case);
    let footer = squash("Confidential: contains protected health information");
    let page_texts: Vec<&str> = raw.split('\u{0C}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(page_texts.len(), pages, "pages in the text layer");
    let mut body = String::new();
    for (i, page) in page_texts.iter().enumerate() {
        let page = unbidi(&squash(page));
        let page = match page.strip_prefix(STAMP) {
            Some(rest) => {
                assert!(packet.draft.is_some(), "page {}: stamped, but the packet is not a draft", i + 1);
                rest.to_string()
            }
            None => {
                assert!(packet.draft.is_none(), "page {}: a draft page without the stamp: {page:.200}", i + 1);
                page
            }
        };
        assert!(page.starts_with("Retro-authorizationrequest"), "page {} header: {page:.200}", i + 1);
        let Some(at) = page.find(&header) else { panic!("page {}: header {header} not found in {page:.400}", i + 1) };
        let number = format!("{footer}Page{}of{pages}", i + 1);
        assert!(page.ends_with(&number), "page {} footer: …{}", i + 1, &page[page.len().saturating_sub(200)..]);
        body.push_str(&page[at + header.len()..page.len() - number.len()]);
    }
    body
}

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

// ---------------------------------------------------------------------------------------------
// Attachments, checklist, right-to-left and CJK text

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments").join(name))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// A valid multi-page PDF made by the packet itself (fonts, compressed streams, object streams
/// as printpdf writes them).
fn generated_pdf() -> Vec<u8> {
    build(&support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json"), LETTER, PageSize::A4).bytes
}

fn build_with(input: PacketInput<'_>, options: &PacketOptions) -> Result<Packet, PacketError> {
    let fonts = [cjk_font()];
    build_packet(&PacketInput { fallback_fonts: &fonts, ..input }, options)
}

fn attachment(name: &str, bytes: Vec<u8>) -> Attachment {
    Attachment { name: name.to_string(), bytes }
}

#[test]
fn attachments_are_appended_in_order_listed_and_framed() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let inner = generated_pdf();
    let inner_pages = {
        let path = write(
            "attachment-inner.pdf",
            &Packet { bytes: inner.clone(), page_count: 0, warnings: vec![], draft: None },
        );
        info_field(&pdfinfo(&path), "Pages").parse::<usize>().expect("pages")
    };
    let attachments = vec![
        attachment("eob-remittance.pdf", inner),
        attachment("photo-exif-rotated.jpg", fixture("photo-exif-rotated.jpg")),
        attachment("scan-gray.png", fixture("scan-gray.png")),
        attachment("logo-alpha.png", fixture("logo-alpha.png")),
        attachment("palette.png", fixture("palette.png")),
        attachment("cmyk.jpg", fixture("cmyk.jpg")),
    ];
    let input = PacketInput { attachments: &attachments, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    let packet = build_with(input, &PacketOptions::default()).expect("packet with attachments");
    let path = write("attachments.pdf", &packet);
    check_qpdf(&path);
    check_fonts_embedded(&path);
    let plain = build(&case, LETTER, PageSize::Letter);
    assert_eq!(packet.page_count, plain.page_count + inner_pages + 5, "one page per image, all PDF pages");
    assert_eq!(info_field(&pdfinfo(&path), "Pages").parse::<usize>().ok(), Some(packet.page_count));
    assert!(info_field(&pdfinfo(&path), "Page size").starts_with("612 x 792 pts"), "attachment pages are Letter too");

    // Every page, attachment pages included, has our header and "Page N of M".
    let raw = text_of(&path, true);
    let pages: Vec<String> = raw.split('\u{0C}').map(squash).filter(|p| !p.is_empty()).collect();
    assert_eq!(pages.len(), packet.page_count);
    let header = header_patient(&case);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&header), "page {}: no header", i + 1);
        assert!(page.contains(&format!("Page{}of{}", i + 1, packet.page_count)), "page {}: no page number", i + 1);
    }
    // The attached PDF's own text is there, in order, on the pages after the index.
    let first_attachment = plain.page_count;
    assert!(pages[first_attachment].contains("Attachment1:eob-remittance.pdf"), "{}", pages[first_attachment]);
    let inner_patient = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json").claim.patient;
    assert!(pages[first_attachment].contains(&squash(&inner_patient.last_name)));
    // The index lists every attachment with its pages.
    let index = &pages[plain.page_count - 1];
    let start = plain.page_count + 1;
    assert!(
        index.contains(&format!("6.Attachment1:eob-remittance.pdf{start}\u{2013}{}", start + inner_pages - 1)),
        "{index}"
    );
    assert!(index.contains(&format!("7.Attachment2:photo-exif-rotated.jpg{}", start + inner_pages)), "{index}");
    assert!(index.contains(&format!("11.Attachment6:cmyk.jpg{}", packet.page_count)), "{index}");
    // The cover counts every page.
    assert!(pages[0].contains(&format!("Pages:{},includingthiscoversheet", packet.page_count)));

    // Deterministic with attachments too.
    let again = build_with(input, &PacketOptions::default()).expect("again");
    assert!(again.bytes == packet.bytes);
}

#[test]
fn bad_attachments_are_refused_with_clear_messages() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let good = generated_pdf();
    let dir = out_dir();
    std::fs::write(dir.join("plain-for-encryption.pdf"), &good).expect("write");
    let encrypt = |name: &str, user: &str| -> Vec<u8> {
        let out = dir.join(name);
        let plain = dir.join("plain-for-encryption.pdf");
        let args = [
            "--encrypt",
            user,
            "owner-secret",
            "256",
            "--",
            plain.to_str().expect("utf-8"),
            out.to_str().expect("utf-8"),
        ];
        let output = run("qpdf", &args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        std::fs::read(out).expect("read encrypted")
    };
    let password = encrypt("encrypted-password.pdf", "user-secret");
    let jpeg = fixture("photo-exif-rotated.jpg");
    let png = fixture("scan-gray.png");
    let cases: Vec<(Attachment, AttachmentProblem, &str)> = vec![
        (attachment("locked.pdf", password), AttachmentProblem::Encrypted, "needs a password"),
        (attachment("half.pdf", good[..good.len() / 2].to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("header-only.pdf", b"%PDF-1.7\n".to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("notes.txt", b"just text".to_vec()), AttachmentProblem::UnknownType, "%PDF-"),
        (attachment("empty.pdf", Vec::new()), AttachmentProblem::Empty, "empty"),
        (attachment("cut.jpg", jpeg[..jpeg.len() / 2].to_vec()), AttachmentProblem::Unreadable, "damaged"),
        (attachment("cut.png", png[..png.len() - 20].to_vec()), AttachmentProblem::Unreadable, "damaged"),
    ];
    for (bad, expected, words) in &cases {
        let attachments = vec![attachment("fine.png", fixture("palette.png")), bad.clone()];
        let input =
            PacketInput { attachments: &attachments, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        match build_with(input, &PacketOptions::default()) {
            Err(PacketError::Attachment(error)) => {
                assert_eq!(error.index, 1, "{}", bad.name);
                assert_eq!(&error.problem, expected, "{}", bad.name);
                let message = error.to_string();
                assert!(message.starts_with(&format!("attachment 2 ({})", bad.name)), "{message}");
                assert!(message.contains(words), "{message}");
            }
            Err(other) => panic!("{}: {other}", bad.name),
            Ok(_) => panic!("{}: accepted", bad.name),
        }
    }
    // Size limits: each file, and all together.
    let limits = retroauth::core::packet::AttachmentLimits { max_bytes_each: 1000, ..Default::default() };
    let big = vec![attachment("big.jpg", jpeg.clone())];
    let options = PacketOptions { limits, ..Default::default() };
    let input = PacketInput { attachments: &big, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    match build_with(input, &options) {
        Err(PacketError::Attachment(error)) => {
            assert!(matches!(error.problem, AttachmentProblem::TooLarge { .. }));
            assert!(error.to_string().contains("the limit is"), "{error}");
        }
        other => panic!("oversized file accepted: {:?}", other.map(|p| p.page_count)),
    }
    let limits = retroauth::core::packet::AttachmentLimits { max_bytes_total: 4000, ..Default::default() };
    let two = vec![attachment("a.jpg", jpeg.clone()), attachment("b.jpg", jpeg)];
    let options = PacketOptions { limits, ..Default::default() };
    let input = PacketInput { attachments: &two, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
    assert!(matches!(
        build_with(input, &options),
        Err(PacketError::Attachment(e)) if e.index == 1 && matches!(e.problem, AttachmentProblem::TotalTooLarge { .. })
    ));
    // The app's early check says the same.
    let checked = retroauth::core::packet::check_attachment(&attachment("x.png", png), &PacketOptions::default());
    assert!(checked.is_ok_and(|info| info.pages == 1));
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

// ---------------------------------------------------------------------------------------------
// Draft stamp, grapheme clusters, shared attachment resources, attachment checks, CJK without
// its font

/// The squashed text of each page (default `pdftotext` mode).
fn page_texts(path: &Path) -> Vec<String> {
    text_of(path, false).split('\u{0C}').filter(|p| !p.trim().is_empty()).map(squash).collect()
}

fn validation_errors(case: &Case) -> usize {
    retroauth::core::validate::validate(case, support::fixed_today())
        .findings
        .iter()
        .filter(|f| f.severity == retroauth::core::finding::Severity::Error)
        .count()
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

/// A synthetic scan-like PDF: `pages` pages that all draw the same image and write with the same
/// embedded font (DejaVu Sans, ~700 KB). Half the pages share one resource dictionary by
/// reference; the other half have direct dictionaries that point at the same objects.
fn shared_resource_pdf(pages: usize) -> Vec<u8> {
    use lopdf::{Dictionary, Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core/packet/fonts/DejaVuSans.ttf"))
        .expect("DejaVu Sans");
    let mut font_file = Stream::new(dictionary! { "Length1" => font_bytes.len() as i64 }, font_bytes);
    let _ = font_file.compress();
    let font_file_id = doc.add_object(font_file);
    let descriptor_id = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "DejaVuSans", "Flags" => 32,
        "FontBBox" => vec![(-1021).into(), (-463).into(), 1793.into(), 1232.into()],
        "ItalicAngle" => 0, "Ascent" => 928, "Descent" => -236, "CapHeight" => 729, "StemV" => 80,
        "FontFile2" => font_file_id,
    });
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "DejaVuSans",
        "Encoding" => "WinAnsiEncoding", "FontDescriptor" => descriptor_id,
    });
    // A 300 × 300 grey "scan" of pseudo-random noise: it does not compress.
    let mut state = 0x1234_5678_u32;
    let pixels: Vec<u8> = (0..300 * 300)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    let image_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 300, "Height" => 300,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        pixels,
    ));
    let shared_resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Im1" => image_id },
    });
    let mut kids = Vec::new();
    for n in 0..pages {
        let content =
            format!("q 300 0 0 300 150 300 cm /Im1 Do Q BT /F1 14 Tf 72 720 Td (Scanned page {}) Tj ET", n + 1);
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let resources: Object = if n % 2 == 0 {
            Object::Reference(shared_resources)
        } else {
            Object::Dictionary(dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "Im1" => image_id },
            })
        };
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id, "Resources" => resources,
        })));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Count" => pages as i64, "Kids" => kids }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save the synthetic PDF");
    bytes
}

#[test]
fn a_many_page_attachment_keeps_its_shared_image_and_font_shared() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let base = build_with(PacketInput::new(&case, LETTER, support::fixed_today()), &PacketOptions::default())
        .expect("no attachments");
    for pages in [1usize, 12, 55] {
        let scan = shared_resource_pdf(pages);
        let files = vec![attachment("scan.pdf", scan.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).expect("builds");
        let path = write(&format!("shared-resources-{pages}.pdf"), &packet);
        check_qpdf(&path);
        // The packet's own pages (the furniture of the attachment pages and the index line)
        // cost at most 2 KB a page; the attachment itself at most 10 % more than its file.
        let own = base.bytes.len() + 2048 * pages;
        let bound = own + scan.len() + scan.len() / 10;
        eprintln!(
            "attachment of {pages} page(s): {} bytes; packet {} bytes (without it {}; bound {bound})",
            scan.len(),
            packet.bytes.len(),
            base.bytes.len()
        );
        assert!(packet.bytes.len() <= bound, "{pages} pages: packet {} > bound {bound}", packet.bytes.len());
        // Every attachment page is there and readable.
        let text = squash(&text_of(&path, false));
        for n in [1, pages] {
            assert!(text.contains(&format!("Scannedpage{n}")), "page {n} of the attachment");
        }
        assert_eq!(info_field(&pdfinfo(&path), "Pages").parse::<usize>().ok(), Some(packet.page_count));
    }
}

/// `qpdf --encrypt "" owner BITS [options]`: a PDF that opens without a password.
fn owner_only(name: &str, plain: &[u8], bits: &str, extra: &[&str]) -> Vec<u8> {
    let dir = out_dir();
    let source = dir.join(format!("{name}.plain.pdf"));
    let out = dir.join(format!("{name}.pdf"));
    std::fs::write(&source, plain).expect("write");
    let mut args = vec!["--allow-weak-crypto", "--encrypt", "", "owner-secret", bits];
    args.extend_from_slice(extra);
    args.extend(["--", source.to_str().expect("utf-8"), out.to_str().expect("utf-8")]);
    let output = run("qpdf", &args);
    assert!(output.status.success(), "qpdf {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::read(out).expect("read")
}

#[test]
fn owner_password_only_pdfs_are_opened_and_attached() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let inner_case = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json");
    let plain = generated_pdf();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("rc4-40", owner_only("owner-rc4-40", &plain, "40", &[])),
        ("rc4-128", owner_only("owner-rc4-128", &plain, "128", &["--use-aes=n"])),
        ("aes-128", owner_only("owner-aes-128", &plain, "128", &["--use-aes=y"])),
        ("aes-256", owner_only("owner-aes-256", &plain, "256", &[])),
        ("aes-256, no printing", owner_only("owner-aes-256-noprint", &plain, "256", &["--print=none"])),
    ];
    for (label, bytes) in &variants {
        assert!(bytes.windows(8).any(|w| w == b"/Encrypt"), "{label}: qpdf did not encrypt");
        let info =
            retroauth::core::packet::check_attachment(&attachment("eob.pdf", bytes.clone()), &PacketOptions::default())
                .unwrap_or_else(|e| panic!("{label}: refused: {e}"));
        assert!(info.was_encrypted, "{label}");
        assert!(info.pages >= 5, "{label}: {} pages", info.pages);
        let files = vec![attachment("eob.pdf", bytes.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).unwrap_or_else(|e| panic!("{label}: {e}"));
        let path = write(&format!("with-owner-only-{}.pdf", label.replace([',', ' '], "-")), &packet);
        check_qpdf(&path);
        // The attachment's text arrives decrypted: its own patient's claim number is in the text.
        let text = squash(&text_of(&path, false));
        assert!(text.contains(&squash(&inner_case.claim.claim.claim_number)), "{label}: attachment text not readable");
        let info = pdfinfo(&path);
        assert_eq!(info_field(&info, "Encrypted"), "no", "{label}");
    }
    // A user password is still refused, with the reason.
    let locked = {
        let dir = out_dir();
        let source = dir.join("user-locked.plain.pdf");
        let out = dir.join("user-locked.pdf");
        std::fs::write(&source, &plain).expect("write");
        let output = run(
            "qpdf",
            &[
                "--encrypt",
                "open-me",
                "owner",
                "256",
                "--",
                source.to_str().expect("utf-8"),
                out.to_str().expect("utf-8"),
            ],
        );
        assert!(output.status.success());
        std::fs::read(out).expect("read")
    };
    let error = retroauth::core::packet::inspect_attachment("locked.pdf", &locked, &PacketOptions::default())
        .expect_err("needs a password");
    assert_eq!(error.problem, AttachmentProblem::Encrypted);
    assert!(error.to_string().contains("needs a password to open"), "{error}");
}

#[test]
fn jpeg_variants_decoders_read_are_accepted_and_the_rest_refused_with_the_reason() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let photo = fixture("photo-exif-rotated.jpg");
    let with = |prefix: &[u8], body: &[u8], suffix: &[u8]| [prefix, body, suffix].concat();
    // Stray bytes between two segments (after the first APPn): decoders skip them.
    let stray_between = {
        let app_len = usize::from(u16::from_be_bytes([photo[4], photo[5]]));
        let cut = 4 + app_len;
        [&photo[..cut], &[0x00, 0x00, 0x13][..], &photo[cut..]].concat()
    };
    let accepted: Vec<(&str, Vec<u8>, (u32, u32))> = vec![
        ("baseline with EXIF", photo.clone(), (160, 120)),
        ("progressive", fixture("progressive.jpg"), (64, 48)),
        ("Adobe CMYK", fixture("cmyk.jpg"), (40, 30)),
        ("leading junk", with(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n", &photo, b""), (160, 120)),
        ("leading NULs", with(&[0u8; 300], &photo, b""), (160, 120)),
        ("trailing junk", with(b"", &photo, &[0x55u8; 500]), (160, 120)),
        ("stray bytes between segments", stray_between, (160, 120)),
    ];
    for (label, bytes, (width, height)) in &accepted {
        let info = retroauth::core::packet::inspect_attachment("photo.jpg", bytes, &PacketOptions::default())
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(info.kind, retroauth::core::packet::AttachmentKind::Jpeg, "{label}");
        assert_eq!(info.dimensions, retroauth::core::packet::Dimensions::Pixels { width: *width, height: *height });
        let files = vec![attachment("photo.jpg", bytes.clone())];
        let input = PacketInput { attachments: &files, ..PacketInput::new(&case, LETTER, support::fixed_today()) };
        let packet = build_with(input, &PacketOptions::default()).unwrap_or_else(|e| panic!("{label}: {e}"));
        let path = write(&format!("jpeg-{}.pdf", label.replace(' ', "-")), &packet);
        check_qpdf(&path);
        // poppler decodes the image without complaint.
        let png = out_dir().join(format!("jpeg-{}", label.replace(' ', "-")));
        let last = packet.page_count.to_string();
        let output = run(
            "pdftoppm",
            &[
                "-r",
                "30",
                "-png",
                "-f",
                &last,
                "-l",
                &last,
                path.to_str().expect("utf-8"),
                png.to_str().expect("utf-8"),
            ],
        );
        assert!(output.status.success(), "{label}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(
            !String::from_utf8_lossy(&output.stderr).contains("rror"),
            "{label}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let arithmetic = fixture("arithmetic.jpg");
    let refused: Vec<(&str, Vec<u8>, &str)> = vec![
        ("arithmetic-coded", arithmetic, "arithmetic-coded JPEG"),
        ("truncated", photo[..photo.len() - 40].to_vec(), "damaged or incomplete"),
        ("junk past 1024 bytes", with(&[0x20u8; 2000], &photo, b""), "only PDF, PNG and JPEG"),
    ];
    for (label, bytes, words) in &refused {
        let error = retroauth::core::packet::inspect_attachment("photo.jpg", bytes, &PacketOptions::default())
            .expect_err(label);
        assert!(error.to_string().contains(words), "{label}: {error}");
        assert!(error.to_string().starts_with("attachment 1 (photo.jpg): "), "{label}: {error}");
    }
}

#[test]
fn inspect_summarises_each_kind_and_names_pdf_page_size() {
    let pdf = retroauth::core::packet::inspect_attachment("a4.pdf", &generated_pdf(), &PacketOptions::default())
        .expect("a packet is a fine attachment");
    assert_eq!(pdf.kind, retroauth::core::packet::AttachmentKind::Pdf);
    assert!(pdf.summary().starts_with(&format!("PDF, {} pages, 8.3 \u{d7} 11.7 in", pdf.pages)), "{}", pdf.summary());
    assert!(!pdf.was_encrypted);
    let png =
        retroauth::core::packet::inspect_attachment("scan.png", &fixture("scan-gray.png"), &PacketOptions::default())
            .expect("png");
    assert_eq!(png.summary(), "PNG, 1 page, 120 \u{d7} 160 px");
    // A PDF with junk before its header (allowed within the first 1024 bytes).
    let junk = [b"garbage from a mail gateway\n".to_vec(), generated_pdf()].concat();
    assert!(retroauth::core::packet::inspect_attachment("x.pdf", &junk, &PacketOptions::default()).is_ok());
    let error = retroauth::core::packet::inspect_attachment("notes.docx", b"PK\x03\x04", &PacketOptions::default())
        .expect_err("not a PDF");
    assert_eq!(
        error.to_string(),
        "attachment 1 (notes.docx): only PDF, PNG and JPEG files can be attached, and this is none of them (a PDF starts with %PDF-)"
    );
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
