//! The PDF packet: everything a payer needs to review a retro-authorization request, in one file
//! that reads well on a fax machine.
//!
//! Sections, each starting on a new page: (1) the fax cover sheet (from
//! `templates/letters/fax_cover.txt`, with the real page count), (2) the letter as given,
//! (3) a claim summary (with the retro-authorization deadline when the payer's window is
//! known), (4) the medical-necessity checklist when one is given, (5) every clinical note in
//! full, (6) an enclosure index with page ranges, and (7) the user's attachments (PDF, JPEG,
//! PNG), in order, one section each. Every page, attachment pages included, carries a header
//! (patient, date of birth, member ID, claim number) and a footer ("Page N of M"). US Letter by
//! default, A4 on request; 0.75 in margins; black on white; body text 10 pt and larger.
//!
//! The work happens in steps: [`content`] turns the case into sections of blocks, [`layout`]
//! (pure geometry) turns those into pages of positioned text runs, and [`pdf`] writes the runs
//! with printpdf and draws the attachments ([`attach`]) into their pages with lopdf. Fonts are
//! DejaVu Sans and DejaVu Sans Bold, compiled in, plus any fallback fonts the caller supplies
//! (a CJK font, see [`PacketInput::fallback_fonts`]); all are subset per packet ([`font`]).
//!
//! Guarantees:
//! * a packet that is not ready to send says so on every page: when the case has claim-data
//!   errors ([`crate::core::validate`], severity error) or the cover sheet or the letter still
//!   shows a `[MISSING: …]` placeholder (or the letter is empty), every page, attachment pages
//!   included, carries the banner [`DRAFT_STAMP`] in its top margin (text) and a large outlined
//!   "DRAFT" across it (drawing only), and [`Packet::draft`] gives the counts for the caller to
//!   say it too. The builder decides this from the case; no caller can turn it off;
//! * every character of the input reaches the PDF's text layer (extractable and searchable);
//!   stray control and invisible format characters are shown as `[U+XXXX]` markers, while the
//!   invisible characters of a grapheme cluster (the joiners of an emoji sequence or an Indic
//!   or Persian word, variation selectors, emoji tags) are kept as typed (see [`layout`]);
//!   characters no font can draw are shown as boxes, keep their text through `/ActualText`, and
//!   are listed in a warning (`unsupported_characters`);
//! * Chinese, Japanese or Korean text is never printed as boxes because the CJK font is absent:
//!   without a readable CJK fallback font the build fails ([`PacketError::MissingFont`],
//!   naming the sections and fields, never the text);
//! * an attachment's objects are copied once however many of its pages use them, so a packet
//!   is about its attachments' size plus its own pages;
//! * right-to-left text (Hebrew, Arabic) is drawn in visual order with Arabic letters joined,
//!   and its text layer gives the characters as typed, in logical order ([`bidi`]);
//! * the same input gives byte-identical output (no clock, no randomness);
//! * no I/O, no logging, no panics on any input. Warnings and errors never quote input text
//!   (an attachment error names the attachment's position and file name, which the user chose).

mod attach;
mod bidi;
mod content;
mod font;
mod layout;
mod pdf;

use std::collections::BTreeSet;

use crate::core::letter::LetterKind;
use crate::core::model::Case;

pub use crate::core::attachment::AttachmentKind;
pub use font::COMPILED_FONT_BYTES;

/// A file the user attaches to the packet (PDF, JPEG or PNG), appended after the generated
/// sections in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    /// The file name as the user chose it: shown in the enclosure index and the page header.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// One medical-necessity element and the evidence for it, as the note checker reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The element, in words ("Conservative treatment tried").
    pub element: String,
    /// True when the notes document it.
    pub present: bool,
    /// The sentence of the notes that documents it, verbatim.
    pub quote: Option<String>,
    /// The note the quote is from: an index into `Case::notes` (0-based).
    pub note: Option<usize>,
    /// What a reviewer looks for (shown when the element is missing).
    pub hint: String,
}

/// The checklist the packet shows to the payer's reviewer: the documented elements with the
/// sentence that proves each. Missing elements are left out on purpose: the packet argues the
/// request, and the biller sees what is missing in the app before sending.
pub fn checklist_items(report: &crate::core::checks::NecessityReport) -> Vec<ChecklistItem> {
    report
        .elements
        .iter()
        .filter(|e| e.status == crate::core::checks::ElementStatus::Present)
        .map(|e| ChecklistItem {
            element: if e.label.is_empty() { e.element.clone() } else { e.label.clone() },
            present: true,
            quote: e.evidence.first().map(|ev| ev.quote.clone()),
            note: e.evidence.first().map(|ev| ev.note),
            hint: e.hint.clone(),
        })
        .collect()
}

/// What goes into a packet.
#[derive(Clone, Copy, Debug)]
pub struct PacketInput<'a> {
    /// The case.
    pub case: &'a Case,
    /// The letter, printed verbatim (line breaks kept).
    pub letter: &'a str,
    /// What the letter is: sets the cover sheet's subject and the running header.
    pub letter_kind: LetterKind,
    /// The day the packet is prepared: the cover sheet's date and the PDF's metadata dates.
    pub today: chrono::NaiveDate,
    /// The medical-necessity checklist, if the checker ran; `None` leaves the section out.
    pub checklist: Option<&'a [ChecklistItem]>,
    /// The user's attachments, in order.
    pub attachments: &'a [Attachment],
    /// Extra fonts (TrueType or OpenType/TrueType-outline bytes), tried in order for characters
    /// DejaVu Sans cannot draw: the app loads the CJK font (`www/fonts/`) on demand and passes it
    /// here. At most 8 are used; each is parsed only if a character needs it.
    pub fallback_fonts: &'a [&'a [u8]],
}

impl<'a> PacketInput<'a> {
    /// An input with a retro-authorization request letter, no checklist, no attachments and no
    /// fallback fonts; set the other fields as needed.
    pub fn new(case: &'a Case, letter: &'a str, today: chrono::NaiveDate) -> PacketInput<'a> {
        PacketInput {
            case,
            letter,
            letter_kind: LetterKind::RetroAuthRequest,
            today,
            checklist: None,
            attachments: &[],
            fallback_fonts: &[],
        }
    }
}

/// Paper size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PageSize {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl PageSize {
    /// Width and height in points.
    pub fn dimensions(self) -> (f32, f32) {
        match self {
            PageSize::Letter => (612.0, 792.0),
            PageSize::A4 => (595.276, 841.89),
        }
    }
}

/// Limits on attachments, so that a hostile or huge file fails with a message instead of
/// exhausting memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentLimits {
    /// Largest file, in bytes (default 20 MiB).
    pub max_bytes_each: usize,
    /// Largest total of all attachments, in bytes (default 50 MiB).
    pub max_bytes_total: usize,
    /// Most pages in one PDF attachment (default 300).
    pub max_pages: usize,
    /// Most attachment pages in one packet (default 500).
    pub max_pages_total: usize,
    /// Most pixels in one image (default 50 million).
    pub max_pixels: u64,
    /// Largest decompressed stream, in bytes (default 256 MiB).
    pub max_decompressed: usize,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        AttachmentLimits {
            max_bytes_each: 20 * 1024 * 1024,
            max_bytes_total: 50 * 1024 * 1024,
            max_pages: 300,
            max_pages_total: 500,
            max_pixels: 50_000_000,
            max_decompressed: 256 * 1024 * 1024,
        }
    }
}

/// How to build a packet.
#[derive(Clone, Debug, Default)]
pub struct PacketOptions {
    /// Paper size.
    pub page_size: PageSize,
    /// Attachment limits.
    pub limits: AttachmentLimits,
}

/// A built packet.
#[derive(Clone, Debug)]
pub struct Packet {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: usize,
    /// Things the user should know (no patient data in them).
    pub warnings: Vec<PacketWarning>,
    /// Set when the case is not ready to send: every page is stamped [`DRAFT_STAMP`].
    pub draft: Option<Draft>,
}

/// The stamp every page of a draft packet carries (a banner in the top margin, plus the word
/// "DRAFT" large across the page).
pub const DRAFT_STAMP: &str = "DRAFT \u{2014} not for submission";

/// Why a packet is a draft: what is still wrong with the case, counted (never quoted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Claim-data validation findings of severity error ([`crate::core::validate::validate`]
    /// as of the packet's date).
    pub errors: usize,
    /// Different `[MISSING: …]` placeholders left in the cover sheet and the letter (each input
    /// once, however often it is asked for; an empty letter counts as one).
    pub missing_inputs: usize,
}

impl Draft {
    /// The draft status from the counts: `None` when nothing is wrong. The packet builder
    /// decides this from the case itself; callers only report it.
    fn of(errors: usize, missing_inputs: usize) -> Option<Draft> {
        (errors > 0 || missing_inputs > 0).then_some(Draft { errors, missing_inputs })
    }

    /// "15 errors, 34 missing inputs" (the parts that are not zero).
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.missing_inputs > 0 {
            parts.push(plural(self.missing_inputs, "missing input", "missing inputs"));
        }
        parts.join(", ")
    }
}

/// Claim-data errors of `case` as of `today` (severity error), counted.
fn validation_errors(case: &Case, today: chrono::NaiveDate) -> usize {
    crate::core::validate::validate(case, today)
        .findings
        .iter()
        .filter(|finding| finding.severity == crate::core::finding::Severity::Error)
        .count()
}

/// Something about the packet the user should know. Messages name code points (`U+05D0`) and
/// attachment positions, never the text around them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketWarning {
    /// Stable identifier: `unsupported_characters`, `note_text_not_loaded`,
    /// `fallback_font_unreadable`.
    pub code: &'static str,
    /// One sentence for the user.
    pub message: String,
}

/// What is wrong with an attachment. Messages never quote the file's content.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentProblem {
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than the limit.
    #[error("the file is {} MB; the limit is {} MB per file", mb(*bytes), mb(*limit))]
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The attachments together are larger than the limit.
    #[error("together with the files before it, the attachments exceed {} MB", mb(*limit))]
    TotalTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Not a PDF (`%PDF-`), JPEG or PNG file.
    #[error("only PDF, PNG and JPEG files can be attached, and this is none of them (a PDF starts with %PDF-)")]
    UnknownType,
    /// The PDF needs a password to open (a PDF with only an owner password opens without one
    /// and is accepted).
    #[error(
        "the PDF needs a password to open; open it with its password, print it to a new PDF (\"Save as PDF\") and attach that"
    )]
    Encrypted,
    /// The file is damaged, truncated or not what its first bytes claim.
    #[error("the file is damaged or incomplete and could not be read; save or scan it again")]
    Unreadable,
    /// The PDF has no pages.
    #[error("the PDF has no pages")]
    NoPages,
    /// The PDF has more pages than the limit.
    #[error("the PDF has {pages} pages; the limit is {limit}")]
    TooManyPages {
        /// Its pages.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// The image has more pixels than the limit.
    #[error("the image is {width} × {height} pixels, larger than the packet accepts; reduce its resolution")]
    ImageTooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// An image variant the packet cannot embed.
    #[error("the image format is not supported ({0}); save it as a standard JPEG or PNG")]
    UnsupportedImage(&'static str),
}

fn mb(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// An attachment that cannot go into the packet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("attachment {} ({}): {problem}", .index + 1, .name)]
pub struct AttachmentError {
    /// Its position in [`PacketInput::attachments`] (0-based; messages count from 1).
    pub index: usize,
    /// Its file name, as the user chose it.
    pub name: String,
    /// What is wrong.
    pub problem: AttachmentProblem,
}

/// Why a packet could not be built. Messages never contain patient data.
#[derive(Debug, thiserror::Error)]
pub enum PacketError {
    /// A compiled-in font could not be read or subset.
    #[error("the packet font could not be prepared: {0}")]
    Font(String),
    /// The PDF could not be written.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A letter template failed (a bug; the message names the template line).
    #[error("the fax cover sheet could not be written: {0}")]
    Template(String),
    /// An attachment was refused.
    #[error("{0}")]
    Attachment(AttachmentError),
    /// Text in Chinese, Japanese or Korean script has no font to draw it (the CJK font was not
    /// given or could not be read): the packet would show empty boxes instead.
    #[error(
        "The CJK font could not be loaded; names in Chinese/Japanese/Korean script would print as boxes ({}). \
         The packet was not built: open the app once while online so it can keep the font for offline use, \
         then build the packet again",
        if places.is_empty() { "in the packet".to_string() } else { format!("in: {}", places.join("; ")) }
    )]
    MissingFont {
        /// Where the text is: section and field names (never the text).
        places: Vec<String>,
    },
}

/// What an attachment is, once checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttachmentInfo {
    /// PDF, JPEG or PNG.
    pub kind: AttachmentKind,
    /// Pages it adds to the packet.
    pub pages: usize,
    /// Its size: the first page's in points (PDF, as displayed: rotation applied), or the
    /// image's in pixels (as stored).
    pub dimensions: Dimensions,
    /// A PDF that was encrypted with an empty user password (owner-password protection only)
    /// and was opened without one.
    pub was_encrypted: bool,
}

/// The size of an attachment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dimensions {
    /// A PDF's first page, in points (1/72 in).
    Points {
        /// Width.
        width: f32,
        /// Height.
        height: f32,
    },
    /// An image, in pixels.
    Pixels {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
}

impl std::fmt::Display for Dimensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dimensions::Points { width, height } => {
                write!(f, "{:.1} \u{d7} {:.1} in", width / 72.0, height / 72.0)
            }
            Dimensions::Pixels { width, height } => write!(f, "{width} \u{d7} {height} px"),
        }
    }
}

impl AttachmentInfo {
    /// One line for the attachment list: "PDF, 55 pages, 8.5 × 11.0 in".
    pub fn summary(&self) -> String {
        let kind = self.kind.label();
        let pages = if self.pages == 1 { "1 page".to_string() } else { format!("{} pages", self.pages) };
        format!("{kind}, {pages}, {}", self.dimensions)
    }
}

/// Checks one attachment on its own (size, type, readability, encryption), exactly as the
/// packet builder will, so that the app can refuse a bad file when it is picked, with the
/// reason, instead of failing the build later. Pure: bytes in, a summary or the problem out.
pub fn check_attachment(attachment: &Attachment, options: &PacketOptions) -> Result<AttachmentInfo, AttachmentProblem> {
    let loaded = attach::load(&attachment.bytes, &options.limits)?;
    Ok(AttachmentInfo {
        kind: loaded.kind(),
        pages: loaded.page_count(),
        dimensions: loaded.dimensions(),
        was_encrypted: loaded.was_encrypted(),
    })
}

/// [`check_attachment`] with the attachment's name: the error names it as a build would
/// ("attachment 1 (eob.pdf): …"), so the app can show the same words at once.
pub fn inspect_attachment(
    name: &str,
    bytes: &[u8],
    options: &PacketOptions,
) -> Result<AttachmentInfo, AttachmentError> {
    let attachment = Attachment { name: name.to_string(), bytes: bytes.to_vec() };
    check_attachment(&attachment, options).map_err(|problem| AttachmentError {
        index: 0,
        name: name.to_string(),
        problem,
    })
}

/// Page margin: 0.75 in.
const MARGIN: f32 = 54.0;
/// Layout passes to settle the page numbers the content quotes.
const MAX_PASSES: usize = 5;
/// Code points listed in a warning message, at most.
const MAX_LISTED: usize = 200;

fn load_attachments(
    input: &PacketInput<'_>,
    limits: &AttachmentLimits,
) -> Result<Vec<attach::Loaded>, AttachmentError> {
    let mut loaded = Vec::new();
    let mut total_bytes = 0usize;
    let mut total_pages = 0usize;
    for (index, attachment) in input.attachments.iter().enumerate() {
        let error = |problem| AttachmentError { index, name: attachment.name.clone(), problem };
        total_bytes = total_bytes.saturating_add(attachment.bytes.len());
        if total_bytes > limits.max_bytes_total {
            return Err(error(AttachmentProblem::TotalTooLarge { limit: limits.max_bytes_total }));
        }
        let file = attach::load(&attachment.bytes, limits).map_err(error)?;
        total_pages += file.page_count();
        if total_pages > limits.max_pages_total {
            return Err(error(AttachmentProblem::TooManyPages { pages: total_pages, limit: limits.max_pages_total }));
        }
        loaded.push(file);
    }
    Ok(loaded)
}

/// Builds the packet.
pub fn build_packet(input: &PacketInput, options: &PacketOptions) -> Result<Packet, PacketError> {
    let fonts = font::Fonts::with_fallbacks(input.fallback_fonts)
        .ok_or_else(|| PacketError::Font("the font file could not be parsed".to_string()))?;
    let attachments = load_attachments(input, &options.limits).map_err(PacketError::Attachment)?;
    let page_counts: Vec<usize> = attachments.iter().map(attach::Loaded::page_count).collect();
    let (width, height) = options.page_size.dimensions();
    let geometry = layout::PageGeometry { width, height, margin: MARGIN };

    // The cover quotes the page count and the index quotes page ranges; both depend on the
    // layout. Lay out until the numbers no longer change (two passes in practice).
    let note_count = input.case.notes.len();
    let mut numbers = content::Numbers::default();
    let mut document = content::document(input, &page_counts, &numbers)?;
    // Draft or not is decided from the case and the letter as they are, never by the caller.
    // The stamp sits in the top margin, so it changes no page break.
    let draft = Draft::of(validation_errors(input.case, input.today), content::missing_inputs(&document, input));
    let stamp = draft.map(|_| DRAFT_STAMP.to_string());
    document.stamp = stamp.clone();
    let mut laid = layout::layout(&document, geometry, &fonts);
    for _ in 1..MAX_PASSES {
        let found = content::Numbers::from_layout(&laid, note_count);
        if found == numbers {
            break;
        }
        numbers = found;
        document = content::document(input, &page_counts, &numbers)?;
        document.stamp = stamp.clone();
        laid = layout::layout(&document, geometry, &fonts);
    }
    refuse_unreadable_cjk(&laid, &document, input, &fonts)?;

    let title = content::title(input.letter_kind);
    let salt = {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for attachment in input.attachments {
            hasher.update((attachment.bytes.len() as u64).to_be_bytes());
            hasher.update(&attachment.bytes);
        }
        hasher.finalize().to_vec()
    };
    let bytes = pdf::write(&laid, geometry, &fonts, input.today, title, &attachments, &salt)?;
    Ok(Packet { bytes, page_count: laid.pages.len(), warnings: warnings(input, &laid, &fonts), draft })
}

/// True for the characters the CJK fallback font is there for (Han, kana, Hangul, CJK
/// punctuation, full-width forms): the ranges `www/packet-worker.js` fetches the font for.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A character every CJK font has (U+4E00, "one"): a fallback font that draws it is taken as
/// the CJK font.
const CJK_PROBE: char = '\u{4E00}';

/// Refuses to build when CJK text would print as boxes because no CJK font was given (the app
/// offline, before it could keep the font) or the given one could not be read. A packet with a
/// patient's name as empty boxes cannot be matched to the patient; better no packet and a
/// clear reason. (A character that even the CJK font lacks, such as a rare extension-B
/// ideograph, is drawn as a box and listed in a warning, like any other character no font has.)
fn refuse_unreadable_cjk(
    laid: &layout::Layout,
    document: &layout::Document,
    input: &PacketInput<'_>,
    fonts: &font::Fonts<'_>,
) -> Result<(), PacketError> {
    if !laid.missing.iter().any(|c| is_cjk(*c)) {
        return Ok(());
    }
    let cjk_font =
        (0..fonts.fallback_count()).any(|i| fonts.glyph(layout::Face::Fallback(i as u8), CJK_PROBE).is_some());
    if cjk_font {
        return Ok(());
    }
    let places = content::places_with(document, input, &|c| is_cjk(c) && laid.missing.contains(&c));
    Err(PacketError::MissingFont { places })
}

fn code_points(chars: &BTreeSet<char>) -> String {
    let mut listed: Vec<String> = chars.iter().take(MAX_LISTED).map(|c| format!("U+{:04X}", u32::from(*c))).collect();
    if chars.len() > MAX_LISTED {
        listed.push(format!("and {} more", chars.len() - MAX_LISTED));
    }
    listed.join(", ")
}

fn warnings(input: &PacketInput<'_>, laid: &layout::Layout, fonts: &font::Fonts<'_>) -> Vec<PacketWarning> {
    let mut out = Vec::new();
    if !laid.missing.is_empty() {
        out.push(PacketWarning {
            code: "unsupported_characters",
            message: format!(
                "No packet font can draw {} character(s); they print as empty boxes but stay in the PDF's \
                 text (copy, search): {}.",
                laid.missing.len(),
                code_points(&laid.missing)
            ),
        });
    }
    for index in fonts.unreadable_fallbacks() {
        out.push(PacketWarning {
            code: "fallback_font_unreadable",
            message: format!(
                "Fallback font {} could not be read; characters only it covers print as boxes.",
                index + 1
            ),
        });
    }
    let unloaded = input.case.notes.iter().filter(|note| note.text.is_none() && note.text_file.is_some()).count();
    if unloaded > 0 {
        out.push(PacketWarning {
            code: "note_text_not_loaded",
            message: format!(
                "{unloaded} clinical note(s) refer to a separate text file that was not loaded; the packet names \
                 the file instead of the note text."
            ),
        });
    }
    out
}
