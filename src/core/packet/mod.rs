//! The PDF packet: everything a payer needs to review a retro-authorization request, in one file
//! that reads well on a fax machine.
//!
//! Sections, each starting on a new page: (1) a fax cover sheet, (2) the request letter as
//! given, (3) a claim summary, (4) every clinical note in full, (5) an enclosure index with page
//! ranges. Every page carries a header (patient, date of birth, member ID, claim number) and a
//! footer ("Page N of M"). US Letter by default, A4 on request; 0.75 in margins; black on white;
//! body text 10 pt and larger.
//!
//! The work happens in three steps: [`content`] turns the case into sections of blocks,
//! [`layout`] (pure geometry) turns those into pages of positioned text runs, and [`pdf`] writes
//! the runs with printpdf. Fonts are DejaVu Sans and DejaVu Sans Bold, compiled in and subset per
//! packet ([`font`]).
//!
//! Guarantees:
//! * every character of the input reaches the PDF's text layer (extractable and searchable);
//!   control and invisible format characters are shown as `[U+XXXX]` markers, and characters
//!   the font cannot draw are shown as boxes, keep their text through `/ActualText`, and are
//!   listed in a warning (`unsupported_characters`);
//! * the same input gives byte-identical output (no clock, no randomness);
//! * no I/O, no logging, no panics on any input. Warnings and errors never quote input text.

mod content;
mod font;
mod layout;
mod pdf;

use std::collections::BTreeSet;

use crate::core::model::Case;

/// What goes into a packet.
#[derive(Clone, Copy, Debug)]
pub struct PacketInput<'a> {
    /// The case.
    pub case: &'a Case,
    /// The request letter, printed verbatim (line breaks kept).
    pub letter: &'a str,
    /// The day the packet is prepared: the cover sheet's date and the PDF's metadata dates.
    pub today: chrono::NaiveDate,
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

/// How to build a packet.
#[derive(Clone, Debug, Default)]
pub struct PacketOptions {
    /// Paper size.
    pub page_size: PageSize,
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
}

/// Something about the packet the user should know. Messages name code points (`U+05D0`),
/// never the text around them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketWarning {
    /// Stable identifier: `unsupported_characters`, `right_to_left_text` or `note_text_not_loaded`.
    pub code: &'static str,
    /// One sentence for the user.
    pub message: String,
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
}

/// Page margin: 0.75 in.
const MARGIN: f32 = 54.0;
/// Layout passes to settle the page numbers the content quotes.
const MAX_PASSES: usize = 5;
/// Code points listed in a warning message, at most.
const MAX_LISTED: usize = 200;

/// Builds the packet.
pub fn build_packet(input: &PacketInput, options: &PacketOptions) -> Result<Packet, PacketError> {
    let fonts =
        font::Fonts::load().ok_or_else(|| PacketError::Font("the font file could not be parsed".to_string()))?;
    let (width, height) = options.page_size.dimensions();
    let geometry = layout::PageGeometry { width, height, margin: MARGIN };

    // The cover quotes the page count and the index quotes page ranges; both depend on the
    // layout. Lay out until the numbers no longer change (two passes in practice).
    let note_count = input.case.notes.len();
    let mut numbers = content::Numbers::default();
    let mut laid = layout::layout(&content::document(input, &numbers), geometry, &fonts);
    for _ in 1..MAX_PASSES {
        let found = content::Numbers::from_layout(&laid, note_count);
        if found == numbers {
            break;
        }
        numbers = found;
        laid = layout::layout(&content::document(input, &numbers), geometry, &fonts);
    }

    let bytes = pdf::write(&laid, geometry, &fonts, input.today, content::TITLE)?;
    Ok(Packet { bytes, page_count: laid.pages.len(), warnings: warnings(input.case, &laid) })
}

fn code_points(chars: &BTreeSet<char>) -> String {
    let mut listed: Vec<String> = chars.iter().take(MAX_LISTED).map(|c| format!("U+{:04X}", u32::from(*c))).collect();
    if chars.len() > MAX_LISTED {
        listed.push(format!("and {} more", chars.len() - MAX_LISTED));
    }
    listed.join(", ")
}

fn warnings(case: &Case, laid: &layout::Layout) -> Vec<PacketWarning> {
    let mut out = Vec::new();
    if !laid.missing.is_empty() {
        out.push(PacketWarning {
            code: "unsupported_characters",
            message: format!(
                "The packet font cannot draw {} character(s); they print as empty boxes but stay in the PDF's \
                 text (copy, search): {}.",
                laid.missing.len(),
                code_points(&laid.missing)
            ),
        });
    }
    if !laid.rtl.is_empty() {
        out.push(PacketWarning {
            code: "right_to_left_text",
            message: format!(
                "Right-to-left text is printed left to right in stored order and without letter joining, so it \
                 reads backwards; {} character(s): {}.",
                laid.rtl.len(),
                code_points(&laid.rtl)
            ),
        });
    }
    let unloaded = case.notes.iter().filter(|note| note.text.is_none() && note.text_file.is_some()).count();
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
