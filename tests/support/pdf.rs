//! Helpers shared by the PDF packet tests (`tests/packet*.rs`): building a packet with the CJK
//! fallback font, writing it to `target/test-packets/`, running poppler's `pdftotext`,
//! `pdffonts` and `pdfinfo` and `qpdf --check` on it (a missing tool is a failure with an
//! installation hint, never a skip), and the text rules the checks compare against.
//!
//! Text is compared with all whitespace removed (wrapping and poppler's spacing move it around).
//! Two poppler habits are undone, and only those: it wraps every right-to-left run in
//! U+202B … U+202C (the text inside is in logical order: the packet draws right-to-left text in
//! visual order and poppler reverses it back), and the default mode drops a `-` at the end of a
//! line ("dehyphenation"), which is why line-by-line comparisons use `-raw`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use retroauth::core::model::Case;
use retroauth::core::packet::{Attachment, Packet, PacketError, PacketInput, PacketOptions, PageSize, build_packet};

pub const LETTER: &str = "Dear Utilization Review Team,\n\nPlease review the enclosed request for retro-authorization.\n\nSincerely,\nBilling Office\n";

pub fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-packets");
    std::fs::create_dir_all(&dir).expect("create target/test-packets");
    dir
}

/// Runs a tool; a missing tool is a failure with an installation hint.
pub fn run(tool: &str, args: &[&str]) -> std::process::Output {
    match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("`{tool}` is not installed; these tests need it: apt-get install -y poppler-utils qpdf")
        }
        Err(e) => panic!("`{tool}` could not be run: {e}"),
    }
}

pub fn text_of(path: &Path, raw: bool) -> String {
    let path = path.to_str().expect("utf-8 path");
    let args: Vec<&str> = if raw { vec!["-raw", "-enc", "UTF-8", path, "-"] } else { vec!["-enc", "UTF-8", path, "-"] };
    let output = run("pdftotext", &args);
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("pdftotext -enc UTF-8 gives UTF-8")
}

/// The CJK fallback font the app loads on demand (`www/fonts/`).
pub fn cjk_font() -> &'static [u8] {
    static FONT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("www/fonts/WenQuanYiMicroHei.ttf"))
            .expect("www/fonts/WenQuanYiMicroHei.ttf")
    })
}

pub fn build(case: &Case, letter: &str, page_size: PageSize) -> Packet {
    let fonts = [cjk_font()];
    let input = PacketInput { fallback_fonts: &fonts, ..PacketInput::new(case, letter, super::fixed_today()) };
    build_packet(&input, &PacketOptions { page_size, ..Default::default() }).expect("packet builds")
}

pub fn write(name: &str, packet: &Packet) -> PathBuf {
    let path = out_dir().join(name);
    std::fs::write(&path, &packet.bytes).expect("write the PDF");
    path
}

/// Removes whitespace.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops the bidi embedding marks poppler puts around right-to-left runs (U+202B … U+202C).
/// The packet draws right-to-left text in visual order and poppler turns it back into logical
/// order inside those marks, so what is left is the text as typed. The packet itself never
/// contains these marks as text: typed ones are shown as `[U+202B]`-style markers.
pub fn unbidi(text: &str) -> String {
    text.chars().filter(|c| !('\u{202A}'..='\u{202E}').contains(c)).collect()
}

/// The packet's documented rule for what a character shows as: controls other than tab and
/// the line breaks, and invisible format characters other than the soft hyphen, become
/// `[U+XXXX]`, except the invisible characters that belong to a grapheme cluster, which are
/// kept as typed: a joiner (ZWJ, ZWNJ) between two visible characters (variation selectors may
/// sit between it and the character before), a variation selector after a visible character,
/// and the tags of an emoji tag sequence (U+1F3F4, tags, U+E007F).
pub fn visible(text: &str) -> String {
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
pub fn source_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}']).collect()
}

/// Code points listed in a warning ("U+4E2D, U+9673").
pub fn listed(packet: &Packet, code: &str) -> BTreeSet<char> {
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

pub fn check_qpdf(path: &Path) {
    let output = run("qpdf", &["--check", path.to_str().expect("utf-8 path")]);
    assert!(
        output.status.success(),
        "qpdf --check {}: {}{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn check_fonts_embedded(path: &Path) {
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

pub fn pdfinfo(path: &Path) -> String {
    let output = run("pdfinfo", &[path.to_str().expect("utf-8 path")]);
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn info_field<'a>(info: &'a str, field: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(field).and_then(|rest| rest.strip_prefix(':')))
        .map(str::trim)
        .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{info}"))
}

/// The patient line of the running header, squashed.
pub fn header_patient(case: &Case) -> String {
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
pub const STAMP: &str = "DRAFT\u{2014}notforsubmission";

/// Checks the furniture of every page of `-raw` text and returns the body text of all pages,
/// in order, squashed and with poppler's right-to-left handling undone. A draft packet's pages
/// start with the stamp's banner, and only a draft packet's do.
pub fn body_text(raw: &str, case: &Case, packet: &Packet) -> String {
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

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments").join(name))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// A valid multi-page PDF made by the packet itself (fonts, compressed streams, object streams
/// as printpdf writes them).
pub fn generated_pdf() -> Vec<u8> {
    build(&super::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json"), LETTER, PageSize::A4).bytes
}

pub fn build_with(input: PacketInput<'_>, options: &PacketOptions) -> Result<Packet, PacketError> {
    let fonts = [cjk_font()];
    build_packet(&PacketInput { fallback_fonts: &fonts, ..input }, options)
}

pub fn attachment(name: &str, bytes: Vec<u8>) -> Attachment {
    Attachment { name: name.to_string(), bytes }
}

/// The squashed text of each page (default `pdftotext` mode).
pub fn page_texts(path: &Path) -> Vec<String> {
    text_of(path, false).split('\u{0C}').filter(|p| !p.trim().is_empty()).map(squash).collect()
}

pub fn validation_errors(case: &Case) -> usize {
    retroauth::core::validate::validate(case, super::fixed_today())
        .findings
        .iter()
        .filter(|f| f.severity == retroauth::core::finding::Severity::Error)
        .count()
}
