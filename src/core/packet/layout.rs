//! Pure page geometry: a [`Document`] (sections of blocks) becomes pages of positioned text runs.
//!
//! Nothing here knows about PDF syntax or about the case model. Widths come from a [`Metrics`]
//! (the real fonts in the packet, a fixed-width stand-in in the unit tests), so lines wrap by the
//! glyphs' true advance widths.
//!
//! # What happens to each character
//!
//! * `\n`, `\r\n`, `\r` and the other mandatory breaks of Unicode (vertical tab, form feed,
//!   U+0085, U+2028, U+2029) end the line: the source's line breaks are kept.
//! * A tab becomes spaces up to the next tab stop (every [`TAB_STOP`] points).
//! * Every other control character (Cc) and every stray invisible format character (Cf:
//!   zero-width space, word joiner, byte order mark, bidi marks, embeddings, overrides and
//!   isolates…) is shown as a visible marker such as `[U+001B]`, so nothing is hidden from the
//!   reader and nothing can reorder or swallow the text that follows. The soft hyphen is the
//!   exception: the font draws it as a hyphen.
//! * Invisible characters that belong to a grapheme cluster are kept, not marked: they are
//!   drawn as nothing (zero width) and travel in the text layer through `/ActualText`, so an
//!   emoji sequence or a word comes out of copy and search exactly as typed ([`cluster_part`]):
//!   a zero-width joiner or non-joiner between two visible characters (emoji ZWJ sequences,
//!   Indic half forms, Persian and Arabic word parts: a non-joiner stops Arabic joining, a
//!   joiner causes it), a variation selector (U+FE00–FE0F, U+E0100–E01EF) after a visible
//!   character, and the tag characters of an emoji tag sequence (U+1F3F4, U+E0020–E007E…,
//!   U+E007F: the subdivision flags). The same characters anywhere else (at the start of a
//!   line, next to a space, or after another control) are stray and marked. Bidi controls are
//!   always marked: the packet orders right-to-left text itself, and a hidden override could
//!   make a line read differently from what was typed.
//! * A character no face can draw is drawn as the font's missing-glyph box, in a run flagged
//!   [`Run::missing`]; the PDF writer attaches the real text to it (`/ActualText`), and the
//!   character is listed in [`Layout::missing`].
//! * Lines break at spaces only (never after a hyphen: codes such as `ICD-10-CM` stay whole). A
//!   token wider than the line is cut between characters, never between a character and the
//!   combining marks that follow it.

use std::collections::BTreeSet;

use super::bidi::{self, Orig};
use super::font::Face;

/// Tab stops, in points from the start of the line (half an inch).
pub(crate) const TAB_STOP: f32 = 36.0;
/// Line height as a multiple of the font size.
pub(crate) const LINE_HEIGHT: f32 = 1.3;
/// Where the baseline sits below the top of a line, as a multiple of the font size.
const BASELINE: f32 = 0.98;
/// Space between table columns, in points.
const COLUMN_GAP: f32 = 8.0;
/// Size of the running header and footer text.
const FURNITURE_SIZE: f32 = 10.0;
/// Header lines beyond the first that the patient line may take before it is cut short.
const MAX_HEADER_LINES: usize = 3;
/// Gap between the header rule and the body, and between the body and the footer rule.
const FURNITURE_GAP: f32 = 10.0;

/// Character widths.
pub(crate) trait Metrics {
    /// Advance width of `c` in `face`, in em, or `None` when the face has no glyph for it.
    fn advance(&self, face: Face, c: char) -> Option<f32>;
    /// Advance width of the missing-glyph box of `face`, in em.
    fn missing_advance(&self, face: Face) -> f32;
    /// How many fallback faces ([`Face::Fallback`]) follow the compiled-in ones.
    fn fallbacks(&self) -> usize {
        0
    }
}

/// Paper size and margins, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PageGeometry {
    /// Page width.
    pub(crate) width: f32,
    /// Page height.
    pub(crate) height: f32,
    /// Margin on all four sides.
    pub(crate) margin: f32,
}

impl PageGeometry {
    /// The width between the margins.
    pub(crate) fn content_width(&self) -> f32 {
        (self.width - 2.0 * self.margin).max(72.0)
    }
}

/// A piece of text in one face.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Span {
    /// The face.
    pub(crate) face: Face,
    /// The text, as given (controls are handled by layout).
    pub(crate) text: String,
}

impl Span {
    /// Text in the regular face.
    pub(crate) fn regular(text: impl Into<String>) -> Span {
        Span { face: Face::Regular, text: text.into() }
    }

    /// Text in the bold face.
    pub(crate) fn bold(text: impl Into<String>) -> Span {
        Span { face: Face::Bold, text: text.into() }
    }
}

/// One table cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cell {
    /// The cell's text.
    pub(crate) spans: Vec<Span>,
}

impl Cell {
    /// A cell of regular text.
    pub(crate) fn text(text: impl Into<String>) -> Cell {
        Cell { spans: vec![Span::regular(text)] }
    }

    /// A cell of bold text.
    pub(crate) fn bold(text: impl Into<String>) -> Cell {
        Cell { spans: vec![Span::bold(text)] }
    }
}

/// A table: columns of wrapped cells. Rows may continue on the next page, where the header row
/// is repeated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Table {
    /// Column widths as fractions of the content width.
    pub(crate) widths: Vec<f32>,
    /// The header row, drawn bold and underlined.
    pub(crate) header: Option<Vec<String>>,
    /// The rows.
    pub(crate) rows: Vec<Vec<Cell>>,
    /// Font size.
    pub(crate) size: f32,
}

/// A unit of content.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Block {
    /// A bold heading, kept on the same page as the line after it.
    Heading {
        /// The heading text.
        text: String,
        /// Font size.
        size: f32,
    },
    /// Wrapped text that keeps its line breaks.
    Text {
        /// The text.
        spans: Vec<Span>,
        /// Font size.
        size: f32,
    },
    /// A table.
    Table(Table),
    /// Vertical space, in points (dropped at the top of a page).
    Space(f32),
    /// Records the page on which the next content is placed.
    Anchor(usize),
    /// Records the page on which the content placed last is.
    EndAnchor(usize),
    /// A page of its own whose body is page `.1` of attachment `.0` (drawn by the PDF writer).
    External(usize, usize),
}

/// A part of the document that starts on a new page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Section {
    /// The title shown in the running header.
    pub(crate) title: String,
    /// The content.
    pub(crate) blocks: Vec<Block>,
}

/// Everything to lay out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Document {
    /// The first header line, left (bold).
    pub(crate) header_title: String,
    /// The header's second part (patient, DOB, member ID, claim), wrapped to at most
    /// [`MAX_HEADER_LINES`] lines.
    pub(crate) header: Vec<Span>,
    /// The footer's left part.
    pub(crate) footer: String,
    /// The sections, in order.
    pub(crate) sections: Vec<Section>,
    /// A stamp for every page ("DRAFT — not for submission"): a banner in the top margin, which
    /// is text (extractable), and the stamp's first word as a large outlined diagonal
    /// ([`Layout::stamp`]), which is drawing only.
    pub(crate) stamp: Option<String>,
}

/// The large diagonal word of a stamped packet, the same on every page: outlined text in a light
/// grey, drawn under the page's content, kept out of the text layer (the banner carries the
/// words).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Diagonal {
    /// The word ("DRAFT").
    pub(crate) text: String,
    /// Font size (bold face).
    pub(crate) size: f32,
    /// The text matrix: `cos sin -sin cos x y`, placing the word's baseline start.
    pub(crate) matrix: [f32; 6],
}

/// Text drawn at one position in one face.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    /// Left edge, points from the left of the page.
    pub(crate) x: f32,
    /// Baseline, points from the bottom of the page.
    pub(crate) y: f32,
    /// The face.
    pub(crate) face: Face,
    /// Font size.
    pub(crate) size: f32,
    /// The characters.
    pub(crate) text: String,
    /// The face has no glyph for these characters: they are drawn as missing-glyph boxes and
    /// the text must travel alongside (`/ActualText`).
    pub(crate) missing: bool,
    /// The typed text of the run, in logical order, when the drawn characters differ from it
    /// (right-to-left runs, Arabic contextual forms, mirrored brackets, fallback fonts): the PDF
    /// attaches it as `/ActualText`.
    pub(crate) actual: Option<String>,
}

/// A horizontal line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rule {
    /// Start, points from the left.
    pub(crate) x1: f32,
    /// End, points from the left.
    pub(crate) x2: f32,
    /// Height, points from the bottom.
    pub(crate) y: f32,
    /// Stroke width.
    pub(crate) width: f32,
}

/// One laid-out page.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Page {
    /// Text, in reading order: header, body, footer.
    pub(crate) runs: Vec<Run>,
    /// Rules.
    pub(crate) rules: Vec<Rule>,
    /// A page of an attachment drawn in the body area: (attachment, page), both 0-based.
    pub(crate) external: Option<(usize, usize)>,
}

/// The area between the running header and footer, in points from the bottom-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BodyArea {
    /// Left edge.
    pub(crate) left: f32,
    /// Right edge.
    pub(crate) right: f32,
    /// Top edge.
    pub(crate) top: f32,
    /// Bottom edge.
    pub(crate) bottom: f32,
}

/// The result of layout.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layout {
    /// The pages.
    pub(crate) pages: Vec<Page>,
    /// For each section, its first and last page (0-based, inclusive).
    pub(crate) sections: Vec<(usize, usize)>,
    /// Page (0-based) of each anchor id that was placed.
    pub(crate) anchors: std::collections::BTreeMap<usize, usize>,
    /// Characters drawn as missing-glyph boxes.
    pub(crate) missing: BTreeSet<char>,
    /// Where the body text is.
    pub(crate) body: BodyArea,
    /// The diagonal stamp drawn on every page, when the document has a stamp.
    pub(crate) stamp: Option<Diagonal>,
}

// ---------------------------------------------------------------------------------------------
// Characters

/// Unicode format characters (general category Cf), as inclusive ranges.
const FORMAT_CHARS: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// True for characters that end a line.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// True for characters shown as a `[U+XXXX]` marker wherever they are: controls other than
/// tab and the line breaks, and format characters other than the soft hyphen. Joiners,
/// variation selectors and tags may be kept in context: see [`cluster_part`].
pub(crate) fn is_marked(c: char) -> bool {
    if c == '\t' || is_line_break(c) || c == '\u{AD}' {
        return false;
    }
    let code = u32::from(c);
    c.is_control() || FORMAT_CHARS.iter().any(|(low, high)| (*low..=*high).contains(&code))
}

/// Zero-width non-joiner.
const ZWNJ: char = '\u{200C}';
/// Zero-width joiner.
const ZWJ: char = '\u{200D}';
/// Waving black flag: the base of an emoji tag sequence (🏴 + tags + cancel tag).
const TAG_BASE: char = '\u{1F3F4}';
/// Cancel tag: ends an emoji tag sequence.
const CANCEL_TAG: char = '\u{E007F}';

/// Characters that are invisible by design but belong to the cluster around them: joiners,
/// variation selectors, emoji tags. Drawn as nothing; their text travels in `/ActualText`.
pub(crate) fn is_invisible_cluster_char(c: char) -> bool {
    matches!(c, ZWNJ | ZWJ | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{E0020}'..='\u{E007F}')
}

/// A character that can carry or be joined by a joiner: visible, not a space, not a control or
/// a format character.
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !is_marked(c) && !is_invisible_cluster_char(c) && c != '\u{A0}'
}

/// Whether `chars[i]`, an invisible cluster character, belongs to the grapheme cluster around it
/// (see the module documentation) and is kept, rather than stray and marked:
/// * a joiner (ZWJ, ZWNJ) needs a visible character on both sides (variation selectors and
///   skin-tone modifiers may stand between it and the emoji before it);
/// * a variation selector needs a visible character before it;
/// * a tag character needs the flag base before it, through unbroken tags, and the cancel tag
///   after it (or to be the cancel tag of such a run).
pub(crate) fn cluster_part(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else { return false };
    let before = &chars[..i];
    let after = chars.get(i + 1..).unwrap_or(&[]);
    match c {
        ZWJ | ZWNJ => {
            let prev = before.iter().rev().find(|p| !matches!(p, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'));
            prev.is_some_and(|p| is_visible(*p)) && after.first().is_some_and(|n| is_visible(*n))
        }
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => before.last().is_some_and(|p| is_visible(*p)),
        '\u{E0020}'..='\u{E007F}' => {
            let start = before.iter().rposition(|p| !matches!(p, '\u{E0020}'..='\u{E007E}'));
            let based = start.is_some_and(|s| before[s] == TAG_BASE);
            let closed =
                c == CANCEL_TAG || after.iter().find(|n| !matches!(n, '\u{E0020}'..='\u{E007E}')) == Some(&CANCEL_TAG);
            based && closed
        }
        _ => false,
    }
}

/// The visible stand-in for a marked character.
pub(crate) fn marker(c: char) -> String {
    format!("[U+{:04X}]", u32::from(c))
}

/// One piece of a source line before wrapping.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Item {
    /// A drawable character (markers are already expanded), and what it stands for.
    Char(char, Face, Orig),
    /// A space: a break opportunity.
    Space(Face),
    /// A tab.
    Tab(Face),
}

/// Splits rich text into source lines of items.
fn source_lines(spans: &[Span]) -> Vec<Vec<Item>> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    for span in spans {
        let face = span.face;
        let chars: Vec<char> = span.text.chars().collect();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if c == '\r' && chars.get(i + 1) == Some(&'\n') {
                i += 1;
            }
            if is_line_break(c) {
                lines.push(std::mem::take(&mut line));
            } else if c == ' ' {
                line.push(Item::Space(face));
            } else if c == '\t' {
                line.push(Item::Tab(face));
            } else if is_invisible_cluster_char(c) && cluster_part(&chars, i) {
                line.push(Item::Char(c, face, Orig::Same));
            } else if is_marked(c) || is_invisible_cluster_char(c) {
                line.extend(marker(c).chars().map(|m| Item::Char(m, face, Orig::Same)));
            } else {
                line.push(Item::Char(c, face, Orig::Same));
            }
            i += 1;
        }
    }
    lines.push(line);
    lines
}

/// Arabic joining over the words of a source line (see [`bidi::shape_word`]).
fn shape(items: Vec<Item>, metrics: &dyn Metrics) -> Vec<Item> {
    let chars: Vec<char> =
        items.iter().filter_map(|item| if let Item::Char(c, ..) = item { Some(*c) } else { None }).collect();
    if !bidi::needs_shaping(&chars) {
        return items;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        let start = i;
        while matches!(items.get(i), Some(Item::Char(..))) {
            i += 1;
        }
        if i == start {
            if let Some(item) = items.get(i) {
                out.push(*item);
            }
            i += 1;
            continue;
        }
        let word: Vec<(char, Face)> = items[start..i]
            .iter()
            .filter_map(|item| if let Item::Char(c, face, _) = item { Some((*c, *face)) } else { None })
            .collect();
        let letters: Vec<char> = word.iter().map(|(c, _)| *c).collect();
        let has = |c: char| metrics.advance(Face::Regular, c).is_some();
        for (shaped, (_, face)) in bidi::shape_word(&letters, &has).into_iter().zip(&word) {
            if let Some((drawn, orig)) = shaped {
                out.push(Item::Char(drawn, *face, orig));
            }
        }
    }
    out
}

/// A character with the face that draws it, its width in points, what it stands for, and its
/// bidi level.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Glyph {
    c: char,
    face: Face,
    missing: bool,
    width: f32,
    orig: Orig,
    /// Embedding level (odd: right-to-left).
    level: u8,
    /// The glyph's paragraph (source line) is right-to-left: the line is right-aligned.
    rtl_para: bool,
    /// Position in the source line (logical order).
    src: usize,
    /// An invisible cluster character no face has a glyph for: drawn as nothing (zero width),
    /// its text goes into the `/ActualText` of the run it is in.
    hidden: bool,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.c == ' ' && self.orig == Orig::Same
    }
}

fn resolve(metrics: &dyn Metrics, c: char, face: Face, size: f32) -> Glyph {
    let glyph = |face: Face, missing: bool, width: f32| Glyph {
        c,
        face,
        missing,
        width,
        orig: Orig::Same,
        level: 0,
        rtl_para: false,
        src: 0,
        hidden: false,
    };
    for candidate in face.fallbacks() {
        if let Some(advance) = metrics.advance(*candidate, c) {
            return glyph(*candidate, false, advance * size);
        }
    }
    for index in 0..metrics.fallbacks().min(usize::from(u8::MAX)) {
        let candidate = Face::Fallback(index as u8);
        if let Some(advance) = metrics.advance(candidate, c) {
            return glyph(candidate, false, advance * size);
        }
    }
    if is_invisible_cluster_char(c) {
        // A joiner, selector or tag the fonts do not list: nothing to draw, text to keep.
        return Glyph { hidden: true, ..glyph(face, false, 0.0) };
    }
    glyph(face, true, metrics.missing_advance(face) * size)
}

fn space(metrics: &dyn Metrics, face: Face, size: f32) -> Glyph {
    resolve(metrics, ' ', face, size)
}

fn width_of(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.width).sum()
}

/// Wraps one source line to `width` points. Returns at least one (possibly empty) line.
/// `levels` gives each item's bidi level (all 0 when `None`).
fn wrap_line(
    items: &[Item],
    levels: Option<&(Vec<u8>, bool)>,
    metrics: &dyn Metrics,
    size: f32,
    width: f32,
) -> Vec<Vec<Glyph>> {
    let level_of = |i: usize| levels.and_then(|(l, _)| l.get(i).copied()).unwrap_or(0);
    let rtl_para = levels.is_some_and(|(_, rtl)| *rtl);
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    let mut line: Vec<Glyph> = Vec::new();
    let mut x = 0.0_f32;
    let mut has_word = false;
    let mut i = 0;
    while i < items.len() {
        // A gap: consecutive spaces and tabs.
        let mut gap: Vec<Glyph> = Vec::new();
        let mut gap_width = 0.0_f32;
        while let Some(item) = items.get(i) {
            match *item {
                Item::Space(face) => {
                    let mut g = space(metrics, face, size);
                    g.level = level_of(i);
                    g.rtl_para = rtl_para;
                    g.src = i;
                    gap_width += g.width;
                    gap.push(g);
                }
                Item::Tab(face) => {
                    let mut g = space(metrics, face, size);
                    // Tabs are segment separators: they take the paragraph level (rule L1).
                    g.level = u8::from(rtl_para);
                    g.rtl_para = rtl_para;
                    g.src = i;
                    let at = x + gap_width;
                    let stop = ((at / TAB_STOP).floor() + 1.0) * TAB_STOP;
                    let count =
                        if g.width > 0.0 { ((stop - at) / g.width).ceil().clamp(1.0, 256.0) as usize } else { 1 };
                    for _ in 0..count {
                        gap_width += g.width;
                        gap.push(g);
                    }
                }
                Item::Char(..) => break,
            }
            i += 1;
        }
        // A word: consecutive characters.
        let mut word: Vec<Glyph> = Vec::new();
        while let Some(Item::Char(c, face, orig)) = items.get(i) {
            let mut g = resolve(metrics, *c, *face, size);
            g.orig = *orig;
            g.level = level_of(i);
            g.rtl_para = rtl_para;
            g.src = i;
            word.push(g);
            i += 1;
        }
        let word_width = width_of(&word);

        if !has_word {
            // Leading gap (indentation): keep what fits.
            for g in gap {
                if x + g.width > width {
                    break;
                }
                x += g.width;
                line.push(g);
            }
        } else if x + gap_width + word_width <= width || word.is_empty() {
            // The gap stays when the word follows on this line, or at the end of the source line
            // if it fits.
            if x + gap_width <= width {
                x += gap_width;
                line.extend(gap);
            }
        } else {
            // Break at the gap; the gap goes.
            lines.push(std::mem::take(&mut line));
            x = 0.0;
        }
        if word.is_empty() {
            continue;
        }
        if x + word_width <= width {
            x += word_width;
            line.extend(word);
        } else {
            if has_word && x > 0.0 {
                lines.push(std::mem::take(&mut line));
                x = 0.0;
            }
            // Force-wrap a token wider than the line, cluster by cluster.
            for cluster in clusters(&word) {
                let cluster_width = width_of(cluster);
                if x > 0.0 && x + cluster_width > width {
                    lines.push(std::mem::take(&mut line));
                    x = 0.0;
                }
                x += cluster_width;
                line.extend_from_slice(cluster);
            }
        }
        has_word = true;
    }
    lines.push(line);
    lines
}

/// Splits a word before every glyph that has width (combining marks stay with their base).
fn clusters(word: &[Glyph]) -> Vec<&[Glyph]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, g) in word.iter().enumerate() {
        if i > start && g.width > 0.0 {
            out.push(&word[start..i]);
            start = i;
        }
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

/// Wraps rich text to `width` points: one entry per visual line, in visual order (bidi
/// reordering and Arabic joining applied). Every source line is a left-to-right paragraph.
fn wrap(spans: &[Span], metrics: &dyn Metrics, size: f32, width: f32) -> Vec<Vec<Glyph>> {
    wrap_directed(spans, metrics, size, width, false)
}

/// [`wrap`], where `auto_direction` lets each source line take its direction from its first
/// strong character (running text: notes, letters). Field values (table cells, headings, the
/// running header) stay left-to-right paragraphs, as on an English form: "נועה בן־דוד, MD"
/// keeps its comma and "MD" on the right.
fn wrap_directed(
    spans: &[Span],
    metrics: &dyn Metrics,
    size: f32,
    width: f32,
    auto_direction: bool,
) -> Vec<Vec<Glyph>> {
    let mut out = Vec::new();
    for line in source_lines(spans) {
        let line = shape(line, metrics);
        let text: String = line
            .iter()
            .map(|item| match item {
                Item::Char(c, _, Orig::Same) => *c,
                Item::Char(_, _, Orig::One(c) | Orig::Two(c, _)) => *c,
                Item::Space(_) => ' ',
                Item::Tab(_) => '\t',
            })
            .collect();
        let levels = bidi::levels(&text, auto_direction);
        for visual in wrap_line(&line, levels.as_ref(), metrics, size, width) {
            out.push(match &levels {
                Some((_, rtl)) => reorder(visual, *rtl),
                None => visual,
            });
        }
    }
    out
}

/// Reorders one wrapped line from logical to visual order (rules L1–L4).
fn reorder(mut line: Vec<Glyph>, rtl_para: bool) -> Vec<Glyph> {
    let para_level = u8::from(rtl_para);
    // Trailing spaces draw nothing; dropping them keeps right-aligned lines flush.
    while line.last().is_some_and(Glyph::is_space) {
        line.pop();
    }
    let mut levels: Vec<u8> = line.iter().map(|g| g.level).collect();
    let spaces: Vec<bool> = line.iter().map(Glyph::is_space).collect();
    bidi::reset_trailing_whitespace(&mut levels, &spaces, para_level);
    // Zero-width glyphs stay after their base (combining marks, selectors), except the joiners:
    // they stand between two characters and take their own place in the order.
    let marks: Vec<bool> = line.iter().map(|g| g.width == 0.0 && !g.is_space() && !matches!(g.c, ZWJ | ZWNJ)).collect();
    let order = bidi::visual_order(&levels, &marks);
    order
        .into_iter()
        .filter_map(|i| {
            let mut g = *line.get(i)?;
            g.level = levels.get(i).copied().unwrap_or(0);
            if g.level % 2 == 1
                && g.orig == Orig::Same
                && let Some(mirrored) = bidi::mirror(g.c)
            {
                g.orig = Orig::One(g.c);
                g.c = mirrored;
            }
            Some(g)
        })
        .collect()
}

/// True when a visual line belongs to a right-to-left paragraph (it is right-aligned).
fn is_rtl_line(glyphs: &[Glyph]) -> bool {
    glyphs.first().is_some_and(|g| g.rtl_para)
}

/// Where a line starts in a box `width` wide: right-to-left paragraphs are right-aligned.
fn align(glyphs: &[Glyph], width: f32) -> f32 {
    if is_rtl_line(glyphs) { (width - width_of(glyphs)).max(0.0) } else { 0.0 }
}

/// Glyphs → runs of one face, positioned from `x0` on `baseline`. A run is also cut where the
/// direction changes. Right-to-left runs are drawn in visual order and extract through the
/// fonts' `/ToUnicode` maps (text extractors reverse right-to-left runs back to logical order);
/// a glyph in them that stands for other text (an Arabic contextual form, a ligature, a
/// mirrored bracket) is a run of its own, so its `/ActualText` covers exactly that glyph.
fn runs_of(glyphs: &[Glyph], x0: f32, baseline: f32, size: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut members: Vec<(usize, usize)> = Vec::new();
    let mut x = x0;
    for (i, g) in glyphs.iter().enumerate() {
        let rtl = g.level % 2 == 1;
        if g.hidden
            && let Some(range) = members.last_mut()
            && range.1 == i
        {
            // Drawn as nothing: it joins the run before it, whose `/ActualText` carries it.
            range.1 = i + 1;
            continue;
        }
        match (runs.last_mut(), members.last_mut()) {
            (Some(run), Some(range))
                if run.face == g.face
                    && run.missing == g.missing
                    && glyphs.get(range.0).is_some_and(|first| (first.level % 2 == 1) == rtl)
                    && !(rtl
                        && (g.orig != Orig::Same
                            || g.is_space()
                            || glyphs.get(range.1 - 1).is_some_and(|p| p.orig != Orig::Same || p.is_space()))) =>
            {
                run.text.push(g.c);
                range.1 = i + 1;
            }
            _ => {
                runs.push(Run {
                    x,
                    y: baseline,
                    face: g.face,
                    size,
                    text: if g.hidden { String::new() } else { g.c.to_string() },
                    missing: g.missing,
                    actual: None,
                });
                members.push((i, i + 1));
            }
        }
        x += g.width;
    }
    for (run, (start, end)) in runs.iter_mut().zip(&members) {
        let part = &glyphs[*start..*end];
        let changed = part.iter().any(|g| g.orig != Orig::Same || g.hidden);
        let fallback = matches!(run.face, Face::Fallback(_));
        if changed || fallback {
            let mut text = String::new();
            for g in part {
                match g.orig {
                    // A ligature in a right-to-left run: text extractors (poppler) lay the
                    // replacement text out left to right over the glyph and then reverse the
                    // right-to-left run, so its two letters are given in visual order here.
                    Orig::Two(a, b) if g.level % 2 == 1 => {
                        text.push(b);
                        text.push(a);
                    }
                    orig => orig.push_to(g.c, &mut text),
                }
            }
            run.actual = Some(text);
        }
    }
    // Trailing spaces draw nothing.
    if let Some(run) = runs.last_mut()
        && run.actual.is_none()
    {
        let kept = run.text.trim_end_matches(' ').len();
        run.text.truncate(kept);
    }
    // With right-to-left text on the line, the content stream lists the runs (each
    // right-to-left word is one) in logical order, at their visual positions: extractors that
    // follow the stream then read words in the order they were typed.
    if glyphs.iter().any(|g| g.level % 2 == 1) {
        let mut keyed: Vec<(usize, Run)> = runs
            .into_iter()
            .zip(&members)
            .map(|(run, (start, end))| (glyphs[*start..*end].iter().map(|g| g.src).min().unwrap_or(0), run))
            .collect();
        keyed.sort_by_key(|(key, _)| *key);
        runs = keyed.into_iter().map(|(_, run)| run).collect();
    }
    runs.retain(|run| !run.text.trim_matches(' ').is_empty() || run.actual.is_some());
    runs
}

// ---------------------------------------------------------------------------------------------
// Blocks → items

/// Text placed relative to an item: `dx` from the content's left edge, `baseline` below the
/// item's top.
#[derive(Clone, Debug, PartialEq)]
struct PlacedLine {
    glyphs: Vec<(f32, Vec<Glyph>)>,
    baseline: f32,
    size: f32,
}

#[derive(Clone, Debug, PartialEq)]
enum ItemKind {
    Line(PlacedLine),
    Rule,
    Space,
    Anchor(usize),
    EndAnchor(usize),
    External(usize, usize),
}

#[derive(Clone, Debug, PartialEq)]
struct FlowItem {
    kind: ItemKind,
    height: f32,
    keep_with_next: bool,
    /// The table this line belongs to (index into the header list), and whether it is a header line.
    table: Option<(usize, bool)>,
}

impl FlowItem {
    fn new(kind: ItemKind, height: f32) -> FlowItem {
        FlowItem { kind, height, keep_with_next: false, table: None }
    }
}

fn line_item(glyphs: Vec<(f32, Vec<Glyph>)>, size: f32) -> FlowItem {
    let height = size * LINE_HEIGHT;
    FlowItem::new(ItemKind::Line(PlacedLine { glyphs, baseline: size * BASELINE, size }), height)
}

/// Rows with at most this many lines are kept on one page.
const KEEP_ROW_LINES: usize = 6;

struct Flow<'a> {
    metrics: &'a dyn Metrics,
    width: f32,
    items: Vec<FlowItem>,
    /// Header lines of each table, repeated after a page break.
    headers: Vec<Vec<FlowItem>>,
}

impl Flow<'_> {
    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { text, size } => {
                let lines = wrap(&[Span::bold(text.clone())], self.metrics, *size, self.width);
                for line in lines {
                    let mut item = line_item(vec![(align(&line, self.width), line)], *size);
                    item.keep_with_next = true;
                    self.items.push(item);
                }
            }
            Block::Text { spans, size } => {
                for line in wrap_directed(spans, self.metrics, *size, self.width, true) {
                    let dx = align(&line, self.width);
                    self.items.push(line_item(vec![(dx, line)], *size));
                }
            }
            Block::Table(table) => self.table(table),
            Block::Space(points) => self.items.push(FlowItem::new(ItemKind::Space, *points)),
            Block::Anchor(id) => self.items.push(FlowItem::new(ItemKind::Anchor(*id), 0.0)),
            Block::EndAnchor(id) => self.items.push(FlowItem::new(ItemKind::EndAnchor(*id), 0.0)),
            Block::External(attachment, page) => {
                self.items.push(FlowItem::new(ItemKind::External(*attachment, *page), 0.0));
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
        let mut lefts = Vec::new();
        let mut widths = Vec::new();
        let mut x = 0.0;
        for fraction in &table.widths {
            let column = self.width * fraction / total;
            lefts.push(x);
            widths.push((column - COLUMN_GAP).max(12.0));
            x += column;
        }
        let id = self.headers.len();
        let mut header_items = Vec::new();
        if let Some(header) = &table.header {
            let cells: Vec<Cell> = header.iter().map(|h| Cell::bold(h.clone())).collect();
            for mut item in self.row(&cells, &lefts, &widths, table.size) {
                item.keep_with_next = true;
                item.table = Some((id, true));
                header_items.push(item);
            }
            let mut rule = FlowItem::new(ItemKind::Rule, 4.0);
            rule.keep_with_next = true;
            rule.table = Some((id, true));
            header_items.push(rule);
        }
        self.items.extend(header_items.iter().cloned());
        self.headers.push(header_items);
        for row in &table.rows {
            let mut lines = self.row(row, &lefts, &widths, table.size);
            let keep = lines.len() <= KEEP_ROW_LINES;
            let count = lines.len();
            for (i, item) in lines.iter_mut().enumerate() {
                item.keep_with_next = keep && i + 1 < count;
                item.table = Some((id, false));
            }
            self.items.extend(lines);
            let mut gap = FlowItem::new(ItemKind::Space, table.size * 0.35);
            gap.table = Some((id, false));
            self.items.push(gap);
        }
    }

    fn row(&self, cells: &[Cell], lefts: &[f32], widths: &[f32], size: f32) -> Vec<FlowItem> {
        let wrapped: Vec<Vec<Vec<Glyph>>> =
            cells.iter().zip(widths).map(|(cell, width)| wrap(&cell.spans, self.metrics, size, *width)).collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        (0..count)
            .map(|i| {
                let glyphs = wrapped
                    .iter()
                    .zip(lefts)
                    .zip(widths)
                    .filter_map(|((lines, left), width)| {
                        lines.get(i).map(|line| (*left + align(line, *width), line.clone()))
                    })
                    .collect();
                line_item(glyphs, size)
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Pagination

struct Pager<'a> {
    body: BodyArea,
    pages: Vec<Page>,
    /// Distance from the body top to the next free line, on the last page.
    y: f32,
    pending_anchors: Vec<usize>,
    anchors: std::collections::BTreeMap<usize, usize>,
    missing: &'a mut BTreeSet<char>,
}

impl Pager<'_> {
    fn body_height(&self) -> f32 {
        self.body.top - self.body.bottom
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = 0.0;
    }

    fn current(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn place(&mut self, item: &FlowItem) {
        let top = self.body.top - self.y;
        let page_index = self.current();
        for id in self.pending_anchors.drain(..) {
            self.anchors.insert(id, page_index);
        }
        match &item.kind {
            ItemKind::Line(line) => {
                let baseline = top - line.baseline;
                let mut runs = Vec::new();
                for (dx, glyphs) in &line.glyphs {
                    for g in glyphs {
                        if g.missing {
                            self.missing.insert(g.c);
                        }
                    }
                    runs.extend(runs_of(glyphs, self.body.left + dx, baseline, line.size));
                }
                if let Some(page) = self.pages.last_mut() {
                    page.runs.extend(runs);
                }
            }
            ItemKind::Rule => {
                let y = top - item.height / 2.0;
                if let Some(page) = self.pages.last_mut() {
                    page.rules.push(Rule { x1: self.body.left, x2: self.body.right, y, width: 0.6 });
                }
            }
            ItemKind::Space | ItemKind::Anchor(_) | ItemKind::EndAnchor(_) | ItemKind::External(..) => {}
        }
        self.y += item.height;
    }

    fn section(&mut self, flow: &Flow<'_>) -> (usize, usize) {
        self.new_page();
        let first = self.current();
        let items = &flow.items;
        for (index, item) in items.iter().enumerate() {
            match item.kind {
                ItemKind::Anchor(id) => {
                    self.pending_anchors.push(id);
                    continue;
                }
                ItemKind::EndAnchor(id) => {
                    self.anchors.insert(id, self.current());
                    continue;
                }
                ItemKind::Space => {
                    if self.y > 0.0 {
                        if self.y + item.height > self.body_height() {
                            self.new_page();
                        } else {
                            self.y += item.height;
                        }
                    }
                    continue;
                }
                ItemKind::External(attachment, page) => {
                    let used = self.y > 0.0 || self.pages.last().is_some_and(|p| p.external.is_some());
                    if used {
                        self.new_page();
                    }
                    for id in self.pending_anchors.drain(..) {
                        self.anchors.insert(id, self.pages.len().saturating_sub(1));
                    }
                    if let Some(last) = self.pages.last_mut() {
                        last.external = Some((attachment, page));
                    }
                    // Nothing else goes on this page.
                    self.y = self.body_height();
                    continue;
                }
                ItemKind::Line(_) | ItemKind::Rule => {}
            }
            let need = chain_height(&items[index..]);
            let fits = self.y + need <= self.body_height();
            let item_fits = self.y + item.height <= self.body_height();
            if self.y > 0.0 && (!item_fits || (!fits && need <= self.body_height())) {
                self.new_page();
                if let Some((table, false)) = item.table
                    && let Some(header) = flow.headers.get(table)
                {
                    for line in header {
                        self.place(line);
                    }
                }
            }
            self.place(item);
        }
        let last = self.current();
        for id in self.pending_anchors.drain(..) {
            self.anchors.insert(id, last);
        }
        (first, last)
    }
}

/// Height of an item and the items it must stay with (spaces and anchors in between do not
/// end the chain).
fn chain_height(items: &[FlowItem]) -> f32 {
    let mut height = 0.0;
    for item in items {
        height += item.height;
        let content = matches!(item.kind, ItemKind::Line(_) | ItemKind::Rule);
        if content && !item.keep_with_next {
            break;
        }
    }
    height
}

// ---------------------------------------------------------------------------------------------
// The whole document

/// Lays out `document` on pages of `geometry`.
pub(crate) fn layout(document: &Document, geometry: PageGeometry, metrics: &dyn Metrics) -> Layout {
    let width = geometry.content_width();
    let left = geometry.margin;
    let right = left + width;
    let line = FURNITURE_SIZE * LINE_HEIGHT;

    // Header: the title line, then the patient line(s), then a rule.
    let mut header_lines = wrap(&document.header, metrics, FURNITURE_SIZE, width);
    if header_lines.len() > MAX_HEADER_LINES {
        header_lines.truncate(MAX_HEADER_LINES);
        if let Some(last) = header_lines.last_mut() {
            let ellipsis = resolve(metrics, '\u{2026}', Face::Regular, FURNITURE_SIZE);
            while !last.is_empty() && width_of(last) + ellipsis.width > width {
                last.pop();
            }
            last.push(ellipsis);
        }
    }
    let header_top = geometry.height - geometry.margin;
    let header_rule = header_top - line * (1 + header_lines.len()) as f32 - 3.0;
    let footer_rule = geometry.margin + line + 3.0;
    let body = BodyArea {
        left,
        right,
        top: header_rule - FURNITURE_GAP,
        bottom: (footer_rule + FURNITURE_GAP).min(header_rule - FURNITURE_GAP - 4.0 * line),
    };

    let mut missing = BTreeSet::new();
    let mut pager = Pager {
        body,
        pages: Vec::new(),
        y: 0.0,
        pending_anchors: Vec::new(),
        anchors: std::collections::BTreeMap::new(),
        missing: &mut missing,
    };
    let mut sections = Vec::new();
    let mut section_of_page = Vec::new();
    for (index, section) in document.sections.iter().enumerate() {
        let mut flow = Flow { metrics, width, items: Vec::new(), headers: Vec::new() };
        for block in &section.blocks {
            flow.block(block);
        }
        let range = pager.section(&flow);
        section_of_page.resize(pager.pages.len(), index);
        sections.push(range);
    }
    if pager.pages.is_empty() {
        pager.new_page();
        section_of_page.push(usize::MAX);
    }
    let anchors = std::mem::take(&mut pager.anchors);
    let mut pages = std::mem::take(&mut pager.pages);

    // Furniture: header and footer on every page, now that the page count is known.
    let total = pages.len();
    let baseline_offset = FURNITURE_SIZE * BASELINE;
    let title = wrap(&[Span::bold(document.header_title.clone())], metrics, FURNITURE_SIZE, width);
    for (number, page) in pages.iter_mut().enumerate() {
        let mut runs = Vec::new();
        let mut y = header_top - baseline_offset;
        let title_line = title.first().cloned().unwrap_or_default();
        let title_width = width_of(&title_line);
        runs.extend(runs_of(&title_line, left, y, FURNITURE_SIZE));
        let section_title = section_of_page
            .get(number)
            .and_then(|index| document.sections.get(*index))
            .map(|section| section.title.as_str())
            .unwrap_or("");
        if let Some(right_text) = wrap(&[Span::regular(section_title)], metrics, FURNITURE_SIZE, width).first() {
            let right_width = width_of(right_text);
            if !right_text.is_empty() && title_width + 24.0 + right_width <= width {
                runs.extend(runs_of(right_text, right - right_width, y, FURNITURE_SIZE));
            }
        }
        for header_line in &header_lines {
            y -= line;
            runs.extend(runs_of(header_line, left, y, FURNITURE_SIZE));
        }
        runs.append(&mut page.runs);

        let footer_y = geometry.margin + FURNITURE_SIZE * (LINE_HEIGHT - BASELINE);
        if let Some(footer) = wrap(&[Span::regular(document.footer.clone())], metrics, FURNITURE_SIZE, width).first() {
            runs.extend(runs_of(footer, left, footer_y, FURNITURE_SIZE));
        }
        let number_text = format!("Page {} of {}", number + 1, total);
        let number_glyphs: Vec<Glyph> =
            number_text.chars().map(|c| resolve(metrics, c, Face::Bold, FURNITURE_SIZE)).collect();
        runs.extend(runs_of(&number_glyphs, right - width_of(&number_glyphs), footer_y, FURNITURE_SIZE));
        page.runs = runs;
        page.rules.push(Rule { x1: left, x2: right, y: header_rule, width: 0.8 });
        page.rules.push(Rule { x1: left, x2: right, y: footer_rule, width: 0.8 });
    }
    for header_line in &header_lines {
        for g in header_line {
            if g.missing {
                missing.insert(g.c);
            }
        }
    }

    let stamp = document.stamp.as_deref().map(|stamp| {
        let (banner, diagonal) = stamp_parts(stamp, geometry, metrics);
        for page in &mut pages {
            // The banner goes first: it is the first thing a reader (and a text extractor) meets.
            let mut runs = banner.runs.clone();
            runs.append(&mut page.runs);
            page.runs = runs;
            page.rules.extend(banner.rules.iter().copied());
        }
        diagonal
    });

    Layout { pages, sections, anchors, missing, body, stamp }
}

/// Size of the stamp banner's text.
const STAMP_SIZE: f32 = 11.0;

/// The banner of a stamp, centred in the top margin between two rules, and its diagonal word.
fn stamp_parts(stamp: &str, geometry: PageGeometry, metrics: &dyn Metrics) -> (Page, Diagonal) {
    let glyphs: Vec<Glyph> = stamp.chars().map(|c| resolve(metrics, c, Face::Bold, STAMP_SIZE)).collect();
    let width = width_of(&glyphs);
    let line = STAMP_SIZE * LINE_HEIGHT;
    // The band sits in the top margin, clear of the running header.
    let top = geometry.height - (geometry.margin - line - 6.0).max(4.0) / 2.0;
    let baseline = top - 3.0 - STAMP_SIZE * BASELINE;
    let x = ((geometry.width - width) / 2.0).max(geometry.margin);
    let (left, right) = (x - 12.0, (x + width + 12.0).min(geometry.width - 4.0));
    let banner = Page {
        runs: runs_of(&glyphs, x, baseline, STAMP_SIZE),
        rules: vec![
            Rule { x1: left, x2: right, y: top, width: 1.2 },
            Rule { x1: left, x2: right, y: top - line - 3.0, width: 1.2 },
        ],
        external: None,
    };

    // The diagonal: the stamp's first word, along the page's diagonal, about two-thirds of it.
    let word: String = stamp.split_whitespace().next().unwrap_or(stamp).to_string();
    let em: f32 = word.chars().map(|c| resolve(metrics, c, Face::Bold, 1.0).width).sum();
    let (w, h) = (geometry.width, geometry.height);
    let diagonal = (w * w + h * h).sqrt();
    let size = if em > 0.0 { (diagonal * 0.6 / em).min(200.0) } else { 120.0 };
    let (sin, cos) = (h / diagonal, w / diagonal);
    let length = em * size;
    // Centre the word's box (cap height about 0.73 em) on the page centre.
    let cap = 0.73 * size;
    let x0 = w / 2.0 - cos * length / 2.0 + sin * cap / 2.0;
    let y0 = h / 2.0 - sin * length / 2.0 - cos * cap / 2.0;
    (banner, Diagonal { text: word, size, matrix: [cos, sin, -sin, cos, x0, y0] })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 0.5 em wide, except: combining grave (0 em), CJK (no glyph), and the
    /// bold face is 0.6 em.
    struct Fixed;

    impl Metrics for Fixed {
        fn advance(&self, face: Face, c: char) -> Option<f32> {
            match c {
                '\u{300}' => Some(0.0),
                '\u{4E00}'..='\u{9FFF}' => None,
                _ => Some(if face == Face::Bold { 0.6 } else { 0.5 }),
            }
        }
        fn missing_advance(&self, _face: Face) -> f32 {
            1.0
        }
    }

    /// Wraps plain regular text at 10 pt (5 pt per character) to `chars` characters per line.
    fn lines(text: &str, chars: usize) -> Vec<String> {
        wrap(&[Span::regular(text)], &Fixed, 10.0, chars as f32 * 5.0)
            .iter()
            .map(|line| line.iter().map(|g| g.c).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_by_width() {
        assert_eq!(lines("aaa bbb ccc", 7), ["aaa bbb", "ccc"]);
        assert_eq!(lines("aaa bbb ccc", 6), ["aaa", "bbb", "ccc"]);
        assert_eq!(lines("aaa bbb ccc", 11), ["aaa bbb ccc"]);
    }

    #[test]
    fn wraps_by_advance_width_not_character_count() {
        // Bold characters are 6 pt wide: 10 of them need 60 pt.
        let bold = wrap(&[Span::bold("aaaa bbbb")], &Fixed, 10.0, 50.0);
        assert_eq!(bold.len(), 2);
        let regular = wrap(&[Span::regular("aaaa bbbb")], &Fixed, 10.0, 50.0);
        assert_eq!(regular.len(), 1);
    }

    #[test]
    fn keeps_source_line_breaks_and_blank_lines() {
        assert_eq!(lines("one\ntwo\r\nthree\rfour", 40), ["one", "two", "three", "four"]);
        assert_eq!(lines("a\n\nb\n", 40), ["a", "", "b", ""]);
    }

    #[test]
    fn force_wraps_a_long_token() {
        let token = "x".repeat(250);
        let wrapped = lines(&token, 60);
        assert_eq!(wrapped.len(), 5);
        assert!(wrapped.iter().all(|line| line.chars().count() <= 60));
        assert_eq!(wrapped.concat(), token);
        // After a short word, the long token starts on its own line.
        let wrapped = lines(&format!("see {token}"), 60);
        assert_eq!(wrapped.first().map(String::as_str), Some("see"));
        assert_eq!(wrapped[1..].concat(), token);
    }

    #[test]
    fn force_wrap_keeps_combining_marks_with_their_base() {
        let text = "e\u{300}".repeat(10);
        for line in lines(&text, 3) {
            assert!(!line.starts_with('\u{300}'), "{line:?}");
        }
    }

    #[test]
    fn does_not_break_after_hyphens() {
        assert_eq!(lines("ICD-10-CM code", 12), ["ICD-10-CM", "code"]);
    }

    #[test]
    fn tabs_expand_to_spaces_up_to_the_next_stop() {
        // 5 pt per space, stops every 36 pt: "ab" ends at 10 pt, so 6 spaces reach 40 pt.
        let wrapped = lines("ab\tc", 40);
        assert_eq!(wrapped, [format!("ab{}c", " ".repeat(6))]);
        // A tab at a stop still advances by at least one space.
        assert!(lines("\tx", 40)[0].starts_with(' '));
    }

    #[test]
    fn leading_indentation_is_kept_and_breaks_drop_the_gap() {
        assert_eq!(lines("  indented", 40), ["  indented"]);
        assert_eq!(lines("aaaa    bbbb", 6), ["aaaa", "bbbb"]);
    }

    #[test]
    fn control_and_format_characters_become_markers_and_text_goes_on() {
        let text = "a\u{1b}[31mb\u{202e}c\u{feff}d\u{200b}e\u{7}f";
        let wrapped = lines(text, 200);
        assert_eq!(wrapped, ["a[U+001B][31mb[U+202E]c[U+FEFF]d[U+200B]e[U+0007]f"]);
        // Form feed, vertical tab, NEL, LS and PS end the line; the text continues after them.
        assert_eq!(lines("a\u{c}b\u{b}c\u{85}d\u{2028}e\u{2029}f", 40), ["a", "b", "c", "d", "e", "f"]);
        // The soft hyphen is drawn by the font.
        assert_eq!(lines("co\u{ad}op", 40), ["co\u{ad}op"]);
    }

    #[test]
    fn invisible_characters_of_a_cluster_are_kept_and_stray_ones_marked() {
        // Kept: drawn as nothing by the fixed-width metrics' standard (they have glyphs there),
        // never expanded to a marker.
        for text in [
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            "\u{2764}\u{FE0F}",
            "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",
            "1\u{FE0F}\u{20E3}",
            "\u{915}\u{94D}\u{200D}\u{937}",
            "\u{645}\u{6CC}\u{200C}\u{62E}",
            "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ] {
            let wrapped = lines(text, 200).concat();
            assert!(!wrapped.contains("[U+"), "{text:?} became {wrapped:?}");
        }
        for (text, shown) in [
            ("\u{200D}a", "[U+200D]a"),
            ("a \u{200D} b", "a [U+200D] b"),
            ("a\u{200D}", "a[U+200D]"),
            ("a\u{200D}\u{1}", "a[U+200D][U+0001]"),
            (" \u{FE0F}", " [U+FE0F]"),
            ("x\u{E0067}\u{E007F}", "x[U+E0067][U+E007F]"),
            ("\u{1F3F4}\u{E0067}", "\u{1F3F4}[U+E0067]"),
            ("a\u{202E}b", "a[U+202E]b"),
        ] {
            assert_eq!(lines(text, 200), [shown], "{text:?}");
        }
    }

    #[test]
    fn a_joiner_no_font_has_is_drawn_as_nothing_and_kept_in_the_actual_text() {
        struct NoJoiners;
        impl Metrics for NoJoiners {
            fn advance(&self, _face: Face, c: char) -> Option<f32> {
                (!is_invisible_cluster_char(c) && c < '\u{1F000}').then_some(0.5)
            }
            fn missing_advance(&self, _face: Face) -> f32 {
                1.0
            }
        }
        let glyphs = wrap(&[Span::regular("a\u{1F468}\u{200D}\u{1F469}b")], &NoJoiners, 10.0, 200.0);
        let runs = runs_of(&glyphs[0], 0.0, 0.0, 10.0);
        let drawn: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(drawn, "a\u{1F468}\u{1F469}b", "the joiner draws nothing");
        let boxes: Vec<&Run> = runs.iter().filter(|r| r.missing).collect();
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].actual.as_deref(), Some("\u{1F468}\u{200D}\u{1F469}"));
        // Two boxes of 10 pt, the joiner 0: "b" starts at 5 + 20.
        assert!((runs[runs.len() - 1].x - 25.0).abs() < 1e-4, "{runs:?}");
    }

    #[test]
    fn the_stamp_banner_is_first_on_every_page_and_the_diagonal_fits_the_page() {
        let mut doc = document(vec![Section {
            title: "A".into(),
            blocks: vec![Block::Text { spans: vec![Span::regular("x\n".repeat(120))], size: 10.0 }],
        }]);
        doc.stamp = Some("DRAFT \u{2014} not for submission".into());
        let laid = layout(&doc, GEOMETRY, &Fixed);
        assert!(laid.pages.len() >= 2);
        for page in &laid.pages {
            let first = &page.runs[0];
            assert_eq!(first.text, "DRAFT \u{2014} not for submission");
            assert!(first.y > GEOMETRY.height - GEOMETRY.margin && first.y < GEOMETRY.height - 10.0, "{}", first.y);
        }
        let Some(diagonal) = &laid.stamp else { panic!("no diagonal") };
        assert_eq!(diagonal.text, "DRAFT");
        let [cos, sin, _, _, x, y] = diagonal.matrix;
        let length = 5.0 * 0.6 * diagonal.size;
        for (px, py) in [(x, y), (x + cos * length, y + sin * length)] {
            assert!(px > 0.0 && px < GEOMETRY.width && py > 0.0 && py < GEOMETRY.height, "({px}, {py})");
        }
        doc.stamp = None;
        assert!(layout(&doc, GEOMETRY, &Fixed).stamp.is_none());
    }

    #[test]
    fn missing_glyphs_are_flagged_and_keep_their_characters() {
        let glyphs = wrap(&[Span::regular("a\u{7f8e}b")], &Fixed, 10.0, 100.0);
        let runs = runs_of(&glyphs[0], 0.0, 0.0, 10.0);
        assert_eq!(runs.len(), 3);
        assert!(runs[1].missing);
        assert_eq!(runs[1].text, "\u{7f8e}");
        assert!((runs[2].x - 15.0).abs() < 1e-4, "box is 10 pt wide: {}", runs[2].x);
    }

    #[test]
    fn bold_falls_back_to_regular_only_for_missing_glyphs() {
        struct BoldLacksQ;
        impl Metrics for BoldLacksQ {
            fn advance(&self, face: Face, c: char) -> Option<f32> {
                (face == Face::Regular || c != 'q').then_some(0.5)
            }
            fn missing_advance(&self, _face: Face) -> f32 {
                1.0
            }
        }
        let glyphs = wrap(&[Span::bold("aqa")], &BoldLacksQ, 10.0, 100.0);
        let faces: Vec<Face> = glyphs[0].iter().map(|g| g.face).collect();
        assert_eq!(faces, [Face::Bold, Face::Regular, Face::Bold]);
    }

    fn document(sections: Vec<Section>) -> Document {
        Document {
            header_title: "Title".into(),
            header: vec![Span::bold("Patient: "), Span::regular("Jane Roe")],
            footer: "Footer".into(),
            sections,
            stamp: None,
        }
    }

    const GEOMETRY: PageGeometry = PageGeometry { width: 612.0, height: 792.0, margin: 54.0 };

    #[test]
    fn sections_start_on_new_pages_and_every_page_has_furniture() {
        let long = (0..200).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n");
        let doc = document(vec![
            Section {
                title: "A".into(),
                blocks: vec![Block::Text { spans: vec![Span::regular("short")], size: 10.0 }],
            },
            Section { title: "B".into(), blocks: vec![Block::Text { spans: vec![Span::regular(long)], size: 10.0 }] },
        ]);
        let result = layout(&doc, GEOMETRY, &Fixed);
        assert_eq!(result.sections[0], (0, 0));
        assert_eq!(result.sections[1].0, 1);
        assert!(result.sections[1].1 >= 4);
        let total = result.pages.len();
        for (i, page) in result.pages.iter().enumerate() {
            let texts: Vec<&str> = page.runs.iter().map(|r| r.text.as_str()).collect();
            assert!(texts.contains(&format!("Page {} of {total}", i + 1).as_str()), "{texts:?}");
            assert!(texts.contains(&"Jane Roe"));
            for run in &page.runs {
                assert!(run.y >= GEOMETRY.margin - 1.0 && run.y <= GEOMETRY.height - GEOMETRY.margin);
            }
        }
        // Body lines stay inside the body area and in order.
        let body = result.body;
        let lines: Vec<&Run> = result.pages[1..]
            .iter()
            .flat_map(|p| p.runs.iter())
            .filter(|r| r.y < body.top && r.y > body.bottom)
            .collect();
        assert_eq!(lines.len(), 200);
        assert_eq!(lines[199].text, "line 199");
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_bottom_of_a_page() {
        let filler = vec!["x"; 10_000].join("\n");
        let mut result = None;
        // Find a filler length that leaves exactly one line of room, then add a heading.
        for n in 1..200 {
            let text: String = filler.split('\n').take(n).collect::<Vec<_>>().join("\n");
            let doc = document(vec![Section {
                title: "S".into(),
                blocks: vec![
                    Block::Text { spans: vec![Span::regular(text)], size: 10.0 },
                    Block::Heading { text: "Heading".into(), size: 10.0 },
                    Block::Text { spans: vec![Span::regular("after")], size: 10.0 },
                ],
            }]);
            let laid = layout(&doc, GEOMETRY, &Fixed);
            if laid.pages.len() == 2 {
                result = Some(laid);
                break;
            }
        }
        let Some(laid) = result else { panic!("never reached a second page") };
        let second: Vec<&str> = laid.pages[1].runs.iter().map(|r| r.text.as_str()).collect();
        assert!(second.contains(&"Heading") && second.contains(&"after"), "{second:?}");
    }

    #[test]
    fn table_rows_continue_with_a_repeated_header() {
        let rows = (0..120).map(|i| vec![Cell::text(format!("r{i}")), Cell::text("value")]).collect();
        let doc = document(vec![Section {
            title: "T".into(),
            blocks: vec![Block::Table(Table {
                widths: vec![0.3, 0.7],
                header: Some(vec!["Key".into(), "Value".into()]),
                rows,
                size: 10.0,
            })],
        }]);
        let laid = layout(&doc, GEOMETRY, &Fixed);
        assert!(laid.pages.len() >= 2);
        for page in &laid.pages {
            assert!(page.runs.iter().any(|r| r.text == "Key"));
        }
    }

    #[test]
    fn anchors_record_pages() {
        let doc = document(vec![
            Section {
                title: "A".into(),
                blocks: vec![
                    Block::Anchor(1),
                    Block::Text { spans: vec![Span::regular("a")], size: 10.0 },
                    Block::EndAnchor(2),
                ],
            },
            Section {
                title: "B".into(),
                blocks: vec![Block::Anchor(3), Block::Text { spans: vec![Span::regular("b")], size: 10.0 }],
            },
        ]);
        let laid = layout(&doc, GEOMETRY, &Fixed);
        assert_eq!(laid.anchors.get(&1), Some(&0));
        assert_eq!(laid.anchors.get(&2), Some(&0));
        assert_eq!(laid.anchors.get(&3), Some(&1));
    }

    #[test]
    fn header_is_cut_to_three_lines() {
        let mut doc = document(vec![Section { title: "A".into(), blocks: vec![] }]);
        doc.header = vec![Span::regular("word ".repeat(2000))];
        let laid = layout(&doc, GEOMETRY, &Fixed);
        let mut baselines: Vec<f32> = laid.pages[0].runs.iter().filter(|r| r.y > laid.body.top).map(|r| r.y).collect();
        baselines.dedup();
        assert_eq!(baselines.len(), 4, "title + 3 lines");
        assert!(laid.pages[0].runs.iter().any(|r| r.text.ends_with('\u{2026}')));
    }
}
