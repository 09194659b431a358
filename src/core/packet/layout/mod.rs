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
//!   emoji sequence or a word comes out of copy and search exactly as typed ([`text::cluster_part`]):
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
//!
//! # Phases
//!
//! [`text`] turns rich text into wrapped, shaped and bidi-ordered lines of glyphs (the
//! character policy above lives there), [`flow`] turns a section's blocks into a column of
//! items (lines, rules, spaces, anchors) with their keep-together links, [`pager`] cuts that
//! column into pages, and [`layout`] runs them per section and adds the running header, the
//! footer and the draft stamp once the page count is known.

mod flow;
mod pager;
mod text;

use std::collections::BTreeSet;

use flow::Flow;
use pager::Pager;
use text::{Glyph, resolve, runs_of, width_of, wrap};

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

/// A typeface of the packet. Layout only tells them apart and asks a [`Metrics`] about them;
/// the font files behind them are `super::font`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Face {
    /// DejaVu Sans: body text.
    Regular,
    /// DejaVu Sans Bold: headings and labels.
    Bold,
    /// A font supplied with the packet input (a CJK font, say), by position: used for the
    /// characters neither DejaVu face can draw.
    Fallback(u8),
}

impl Face {
    /// Every compiled-in face, in a fixed order.
    #[cfg(test)]
    pub(crate) const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The compiled-in faces that may draw a character asked of `self`, best first. Bold falls
    /// back to the regular face for the few characters only the regular face has. The
    /// supplied fallback fonts come after these (see [`Metrics::fallbacks`]).
    pub(crate) fn fallbacks(self) -> &'static [Face] {
        match self {
            Face::Regular => &[Face::Regular],
            Face::Bold => &[Face::Bold, Face::Regular],
            Face::Fallback(_) => &[],
        }
    }
}

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
    pub(super) struct Fixed;

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
