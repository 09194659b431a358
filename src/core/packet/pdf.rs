//! Layout → PDF bytes, through printpdf. Thin: every position and every line break was decided
//! by the layout.
//!
//! What this adds to plain printpdf:
//! * the fonts are subset here (see [`super::font::subset`]) and registered under fixed
//!   resource names, so nothing random reaches the file;
//! * runs whose drawn glyphs are not the typed text are wrapped in
//!   `/Span <</ActualText …>> BDC … EMC`: characters no font can draw (they show as boxes),
//!   right-to-left runs (drawn in visual order, typed in logical order), Arabic contextual
//!   forms, and every run of a fallback font (whose glyphs may be shared between characters);
//!   so copy and search give the text as typed;
//! * attachment pages get their page or image (a form or image XObject from [`super::attach`])
//!   drawn in the body area, scaled to fit and centred, under the running header and footer;
//! * the document ID and the metadata dates, which printpdf makes random or sets to 1970, are
//!   derived from the content and from "today" instead: the same input gives the same bytes.
//!
//! Text reaches the content stream only as glyph ids of an Identity-H font (hexadecimal
//! strings), never as literal strings, so no input can end a string or an operator early.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, DictItem, FontId, Greyscale, Line, LinePoint, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, TextRenderingMode,
};

use super::PacketError;
use super::attach::{self, Loaded};
use super::font::{Fonts, subset};
use super::layout::{BodyArea, Diagonal, Face, Layout, PageGeometry};

/// The PDF resource name of a face's font.
fn resource(face: Face) -> FontId {
    FontId(match face {
        Face::Regular => "FR".to_string(),
        Face::Bold => "FB".to_string(),
        Face::Fallback(i) => format!("FX{i}"),
    })
}

/// A PDF text string: UTF-16BE with a byte order mark, written in hexadecimal.
fn text_string(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        data.extend(unit.to_be_bytes());
    }
    DictItem::String { data, literal: false }
}

fn black() -> Color {
    Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None })
}

/// Light grey for the diagonal stamp: visible on screen and paper, never hiding the text.
fn light_grey() -> Color {
    Color::Greyscale(Greyscale { percent: 0.72, icc_profile: None })
}

/// The diagonal stamp: outlined bold letters in light grey, drawn first (under everything the
/// page draws itself) and given an empty `/ActualText`, so text extraction and search skip it
/// (the banner carries the words).
fn diagonal_ops(stamp: &Diagonal) -> Vec<Op> {
    let [a, b, c, d, e, f] = stamp.matrix;
    vec![
        Op::SaveGraphicsState,
        Op::StartTextSection,
        Op::SetTextRenderingMode { mode: TextRenderingMode::Stroke },
        Op::SetOutlineColor { col: light_grey() },
        Op::SetOutlineThickness { pt: Pt(1.5) },
        Op::SetFont { font: PdfFontHandle::External(resource(Face::Bold)), size: Pt(stamp.size) },
        Op::SetTextMatrix { matrix: TextMatrix::Raw([a, b, c, d, e, f]) },
        Op::BeginMarkedContentWithProperties {
            tag: "Span".to_string(),
            properties: DictItem::Dict { map: BTreeMap::from([("ActualText".to_string(), text_string(""))]) },
        },
        Op::ShowText { items: vec![TextItem::Text(stamp.text.clone())] },
        Op::EndMarkedContentWithProperties,
        Op::SetTextRenderingMode { mode: TextRenderingMode::Fill },
        Op::EndTextSection,
        Op::RestoreGraphicsState,
    ]
}

fn page_ops(page: &super::layout::Page, stamp: Option<&Diagonal>) -> Vec<Op> {
    let mut ops = stamp.map(diagonal_ops).unwrap_or_default();
    if !page.rules.is_empty() {
        ops.push(Op::SetOutlineColor { col: black() });
        for rule in &page.rules {
            ops.push(Op::SetOutlineThickness { pt: Pt(rule.width) });
            let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(rule.y) }, bezier: false };
            ops.push(Op::DrawLine { line: Line { points: vec![point(rule.x1), point(rule.x2)], is_closed: false } });
        }
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor { col: black() });
    let mut current: Option<(Face, f32)> = None;
    for run in &page.runs {
        if current != Some((run.face, run.size)) {
            ops.push(Op::SetFont { font: PdfFontHandle::External(resource(run.face)), size: Pt(run.size) });
            current = Some((run.face, run.size));
        }
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(run.y)) });
        let actual = run.actual.as_deref().or(if run.missing { Some(run.text.as_str()) } else { None });
        if let Some(actual) = actual {
            let properties = DictItem::Dict { map: BTreeMap::from([("ActualText".to_string(), text_string(actual))]) };
            ops.push(Op::BeginMarkedContentWithProperties { tag: "Span".to_string(), properties });
        }
        ops.push(Op::ShowText { items: vec![TextItem::Text(run.text.clone())] });
        if actual.is_some() {
            ops.push(Op::EndMarkedContentWithProperties);
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// A fingerprint of everything drawn, for the document ID.
fn fingerprint(layout: &Layout, geometry: PageGeometry, today: &str, salt: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(today.as_bytes());
    hasher.update(salt);
    hasher.update(geometry.width.to_be_bytes());
    hasher.update(geometry.height.to_be_bytes());
    for page in &layout.pages {
        hasher.update(b"\x00page");
        for run in &page.runs {
            hasher.update(run.x.to_be_bytes());
            hasher.update(run.y.to_be_bytes());
            hasher.update(run.size.to_be_bytes());
            hasher.update([run.face.code(), u8::from(run.missing)]);
            hasher.update((run.text.len() as u64).to_be_bytes());
            hasher.update(run.text.as_bytes());
            if let Some(actual) = &run.actual {
                hasher.update((actual.len() as u64).to_be_bytes());
                hasher.update(actual.as_bytes());
            }
        }
    }
    hasher.finalize().iter().take(16).copied().collect()
}

/// Writes the PDF. `attachments` are drawn into the pages the layout reserved for them;
/// `salt` (a digest of the attachments' bytes) goes into the document ID.
pub(crate) fn write(
    layout: &Layout,
    geometry: PageGeometry,
    fonts: &Fonts<'_>,
    today: chrono::NaiveDate,
    title: &str,
    attachments: &[Loaded],
    salt: &[u8],
) -> Result<Vec<u8>, PacketError> {
    // The characters each face draws. Both faces always have some: the running header and
    // footer use both, and printpdf skips a font with no drawn glyph (which would leave the
    // content stream naming a font the page does not have).
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for run in layout.pages.iter().flat_map(|page| page.runs.iter()) {
        let chars = used.entry(run.face).or_default();
        if !run.missing {
            chars.extend(run.text.chars());
        }
    }
    if let Some(stamp) = &layout.stamp {
        used.entry(Face::Bold).or_default().extend(stamp.text.chars());
    }

    let mut doc = PdfDocument::new(title);
    for (face, chars) in &used {
        let font = subset(fonts, *face, chars).map_err(PacketError::Font)?;
        doc.resources.fonts.map.insert(resource(*face), PdfFont::new(font.font));
    }
    let media_box = Rect::from_wh(Pt(geometry.width), Pt(geometry.height));
    let pages = layout
        .pages
        .iter()
        .map(|page| PdfPage {
            media_box: media_box.clone(),
            trim_box: media_box.clone(),
            crop_box: media_box.clone(),
            ops: page_ops(page, layout.stamp.as_ref()),
        })
        .collect();
    doc.pages = pages;

    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);

    // ActualText needs PDF 1.5; printpdf writes 1.3.
    pdf.version = "1.7".to_string();
    // Metadata: printpdf's creation and modification dates are 1970 (or the build host's
    // idea of time); ours are the request date. Nothing about the patient goes here.
    let date = today.format("D:%Y%m%d000000Z").to_string();
    let info = DictItem::Dict {
        map: BTreeMap::from([
            ("Title".to_string(), text_string(title)),
            ("Producer".to_string(), text_string("retroauth")),
            ("Creator".to_string(), text_string("retroauth")),
            ("CreationDate".to_string(), DictItem::String { data: date.clone().into_bytes(), literal: true }),
            ("ModDate".to_string(), DictItem::String { data: date.into_bytes(), literal: true }),
        ]),
    };
    let info_id = pdf.trailer.get(b"Info").ok().and_then(|object| object.as_reference().ok());
    if let Some(id) = info_id {
        pdf.objects.insert(id, info.to_lopdf());
    }
    // The document ID: printpdf draws it from a counter that changes with every document a
    // process makes. A hash of what is drawn is stable and still tells packets apart.
    let id = DictItem::String { data: fingerprint(layout, geometry, &today.to_string(), salt), literal: false };
    pdf.trailer.set("ID", DictItem::Array(vec![id.clone(), id]).to_lopdf());

    draw_attachments(&mut pdf, layout, attachments);

    pdf.compress();
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| PacketError::Write(e.to_string()))?;
    Ok(bytes)
}

/// Draws each attachment page into the page the layout reserved for it.
fn draw_attachments(pdf: &mut lopdf::Document, layout: &Layout, attachments: &[Loaded]) {
    use lopdf::{Dictionary, Object, Stream};
    if !layout.pages.iter().any(|p| p.external.is_some()) {
        return;
    }
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let mut copied: BTreeMap<usize, attach::Copied> = BTreeMap::new();
    for (page, page_id) in layout.pages.iter().zip(page_ids) {
        let Some((attachment, index)) = page.external else { continue };
        let shared = copied.entry(attachment).or_default();
        let Some(placed) = attachments.get(attachment).and_then(|a| attach::import(a, index, pdf, shared)) else {
            continue;
        };
        let matrix = fit(&placed, layout.body);
        let name = "RaAttachment";
        let [a, b, c, d, e, f] = matrix;
        let content = format!("q {} {} {} {} {} {} cm /{name} Do Q\n", num(a), num(b), num(c), num(d), num(e), num(f));
        let stream_id = pdf.add_object(Stream::new(Dictionary::new(), content.into_bytes()));

        // Resources: printpdf gives every page its own dictionary (by reference).
        let resources_id =
            pdf.get_dictionary(page_id).ok().and_then(|d| d.get(b"Resources").ok()).and_then(|r| r.as_reference().ok());
        let resources = match resources_id {
            Some(id) => pdf.get_dictionary_mut(id).ok(),
            None => pdf.get_dictionary_mut(page_id).ok().and_then(|d| {
                if d.get(b"Resources").is_err() {
                    d.set("Resources", Dictionary::new());
                }
                d.get_mut(b"Resources").ok().and_then(|r| r.as_dict_mut().ok())
            }),
        };
        let Some(resources) = resources else { continue };
        if !matches!(resources.get(b"XObject"), Ok(Object::Dictionary(_))) {
            resources.set("XObject", Dictionary::new());
        }
        if let Ok(Object::Dictionary(xobjects)) = resources.get_mut(b"XObject") {
            xobjects.set(name, Object::Reference(placed.id));
        }
        // The attachment first, then the running header and footer.
        if let Ok(page_dict) = pdf.get_dictionary_mut(page_id) {
            let existing = page_dict.get(b"Contents").ok().cloned();
            let mut contents = vec![Object::Reference(stream_id)];
            match existing {
                Some(Object::Array(items)) => contents.extend(items),
                Some(other) => contents.push(other),
                None => {}
            }
            page_dict.set("Contents", Object::Array(contents));
        }
    }
}

/// A number for a content stream: finite, at most 4 decimals.
fn num(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-" || text == "-0" { "0".to_string() } else { text.to_string() }
}

/// The matrix that places an attachment page in the body area: scaled down to fit (never up),
/// centred horizontally, at the top.
fn fit(placed: &attach::Placed, body: BodyArea) -> [f32; 6] {
    let (w, h) = placed.size;
    let (bw, bh) = (body.right - body.left, body.top - body.bottom);
    let scale = (bw / w.max(1.0)).min(bh / h.max(1.0)).min(1.0);
    let x = body.left + (bw - w * scale) / 2.0;
    let y = body.top - h * scale;
    placed.matrix(x, y, scale)
}
