//! The user's attachments (PDF, JPEG, PNG): checked, then drawn on packet pages.
//!
//! Every attachment page becomes a page of the packet with the packet's running header and
//! footer: the attachment's page (or image) is placed in the body area, scaled down to fit and
//! centred. So a faxed packet has one page size and every page names the patient and counts
//! "Page N of M".
//!
//! * **PDF**: `%PDF-` within the first 1024 bytes, then parsed with lopdf (the version printpdf
//!   writes with). A file encrypted with an empty user password (an owner password only, as
//!   portals' EOB downloads often are; RC4, AES-128 or AES-256) is decrypted and accepted; one
//!   that needs a password to open, and unreadable files, are refused. Each page becomes a form
//!   XObject: its content streams, its resources (inherited ones included) and the objects they
//!   reach are copied into the packet, each object once per attachment (pages that share an
//!   image or a font share it in the packet too); the crop box (else the media box) is the
//!   form's bounding box and `/Rotate` is honoured. Form fields and other annotations that carry an
//!   appearance are flattened into the page (what a viewer shows is what prints); links,
//!   bookmarks and the attachment's text structure are not kept.
//! * **JPEG**: the start-of-image marker within the first 1024 bytes; passed through
//!   unchanged from there (`/DCTDecode`) after reading its frame header (see [`load_jpeg`] for
//!   what is accepted and why the rest is refused); CMYK files written by Adobe software get the
//!   inverted decode array they need, and the EXIF orientation a camera records is applied.
//! * **PNG**: every chunk and the compressed image data are checked by decoding them. Opaque,
//!   non-interlaced images are passed through (`/FlateDecode` with the PNG predictor); images
//!   with transparency or interlacing are decoded, composited through a soft mask, and stored
//!   compressed.
//!
//! Limits ([`super::AttachmentLimits`]) bound file size, page count, pixel count and
//! decompressed stream size, so a hostile file fails with a message instead of exhausting
//! memory. Nothing here panics on any input; problems are [`AttachmentProblem`]s, which never
//! quote the file's content.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{AttachmentLimits, AttachmentProblem};
use crate::core::attachment::{AttachmentKind, PNG_MAGIC, sniff};

/// An attachment that passed the checks.
pub(crate) enum Loaded {
    /// A PDF and its pages, in order.
    Pdf { doc: Box<Document>, pages: Vec<ObjectId> },
    /// An image.
    Image(Image),
}

impl Loaded {
    /// Pages the attachment adds to the packet.
    pub(crate) fn page_count(&self) -> usize {
        match self {
            Loaded::Pdf { pages, .. } => pages.len(),
            Loaded::Image(_) => 1,
        }
    }

    /// The first page's displayed size in points (PDF), or the image's in pixels.
    pub(crate) fn dimensions(&self) -> super::Dimensions {
        match self {
            Loaded::Pdf { doc, pages } => {
                let [x0, y0, x1, y1] =
                    pages.first().map(|page| page_box(doc, *page)).unwrap_or([0.0, 0.0, 612.0, 792.0]);
                let rotate = pages.first().map(|page| page_rotation(doc, *page)).unwrap_or(0);
                let (width, height) = if rotate % 180 == 90 { (y1 - y0, x1 - x0) } else { (x1 - x0, y1 - y0) };
                super::Dimensions::Points { width, height }
            }
            Loaded::Image(image) => super::Dimensions::Pixels { width: image.width, height: image.height },
        }
    }

    /// A PDF that was encrypted (owner password only) and opened without a password.
    pub(crate) fn was_encrypted(&self) -> bool {
        matches!(self, Loaded::Pdf { doc, .. } if doc.was_encrypted())
    }

    /// The kind of file.
    pub(crate) fn kind(&self) -> AttachmentKind {
        match self {
            Loaded::Pdf { .. } => AttachmentKind::Pdf,
            Loaded::Image(Image { data: ImageData::Jpeg { .. }, .. }) => AttachmentKind::Jpeg,
            Loaded::Image(_) => AttachmentKind::Png,
        }
    }
}

/// A decoded or pass-through image.
pub(crate) struct Image {
    width: u32,
    height: u32,
    /// EXIF orientation, 1–8 (1: as stored).
    orientation: u8,
    data: ImageData,
}

enum ImageData {
    /// JPEG bytes, unchanged.
    Jpeg { bytes: Vec<u8>, components: u8, inverted: bool },
    /// PNG image data still compressed, with the predictor parameters a PDF reader needs.
    PngPassThrough { idat: Vec<u8>, colors: u8, depth: u8, palette: Option<Vec<u8>> },
    /// 8-bit samples (gray or RGB) and an optional 8-bit alpha channel.
    Raw { samples: Vec<u8>, colors: u8, alpha: Option<Vec<u8>> },
}

/// Checks an attachment and prepares it for the packet.
pub(crate) fn load(bytes: &[u8], limits: &AttachmentLimits) -> Result<Loaded, AttachmentProblem> {
    if bytes.is_empty() {
        return Err(AttachmentProblem::Empty);
    }
    if bytes.len() > limits.max_bytes_each {
        return Err(AttachmentProblem::TooLarge { bytes: bytes.len(), limit: limits.max_bytes_each });
    }
    // The kind by its first bytes (a PDF's header or a JPEG's marker may follow up to 1024
    // other bytes), then the whole file is checked as that kind.
    match sniff(bytes) {
        Some(sniffed) => match sniffed.kind {
            AttachmentKind::Png => load_png(bytes, limits).map(Loaded::Image),
            AttachmentKind::Pdf => load_pdf(bytes, limits),
            AttachmentKind::Jpeg => load_jpeg(&bytes[sniffed.start..], limits).map(Loaded::Image),
        },
        None => Err(AttachmentProblem::UnknownType),
    }
}

// ---------------------------------------------------------------------------------------------
// PDF

fn load_pdf(bytes: &[u8], limits: &AttachmentLimits) -> Result<Loaded, AttachmentProblem> {
    let declares_encryption = bytes.windows(8).any(|w| w == b"/Encrypt");
    let options = lopdf::LoadOptions { max_decompressed_size: Some(limits.max_decompressed), ..Default::default() };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(_) if declares_encryption => return Err(AttachmentProblem::Encrypted),
        Err(_) => return Err(AttachmentProblem::Unreadable),
    };
    // A file encrypted with an empty user password (only an owner password, as portals' EOB
    // downloads often are: RC4, AES-128 or AES-256) opens without one: lopdf decrypts it while
    // loading and drops its `/Encrypt`, so its pages copy like any other. A file that needs a
    // password to open stays encrypted, and is refused.
    if doc.is_encrypted() || doc.trailer.get(b"Encrypt").is_ok() {
        return Err(AttachmentProblem::Encrypted);
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        return Err(AttachmentProblem::NoPages);
    }
    if pages.len() > limits.max_pages {
        return Err(AttachmentProblem::TooManyPages { pages: pages.len(), limit: limits.max_pages });
    }
    // Every page must have readable content within the limits.
    for page in &pages {
        if doc.get_page_content_with_limit(*page, limits.max_decompressed).is_err() {
            return Err(AttachmentProblem::Unreadable);
        }
    }
    Ok(Loaded::Pdf { doc: Box::new(doc), pages })
}

/// A page attribute, looked up through the page tree (MediaBox, CropBox, Rotate, Resources
/// are inheritable).
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return doc.dereference(value).ok().map(|(_, v)| v);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn rect(doc: &Document, object: &Object) -> Option<[f32; 4]> {
    let array = doc.dereference(object).ok()?.1.as_array().ok()?;
    if array.len() != 4 {
        return None;
    }
    let mut values = [0.0_f32; 4];
    for (slot, item) in values.iter_mut().zip(array) {
        let value = number(doc.dereference(item).ok()?.1)?;
        if !value.is_finite() {
            return None;
        }
        *slot = value;
    }
    let [a, b, c, d] = values;
    let rect = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (rect[2] - rect[0] > 0.0 && rect[3] - rect[1] > 0.0).then_some(rect)
}

/// Copies objects from an attachment into the packet, renumbering them.
struct Copier<'s> {
    src: &'s Document,
    map: BTreeMap<ObjectId, ObjectId>,
    copied: usize,
}

/// Objects copied from one attachment, at most; more means a pathological file.
const MAX_COPIED: usize = 500_000;

impl Copier<'_> {
    fn copy(&mut self, object: &Object, dst: &mut Document, depth: usize) -> Object {
        if depth > 64 || self.copied > MAX_COPIED {
            return Object::Null;
        }
        match object {
            Object::Reference(id) => {
                if let Some(new) = self.map.get(id) {
                    return Object::Reference(*new);
                }
                let Ok(target) = self.src.get_object(*id) else { return Object::Null };
                if is_page_node(target) {
                    // Destinations and `/P` entries point at pages; the page tree stays behind.
                    return Object::Null;
                }
                let new = dst.new_object_id();
                self.map.insert(*id, new);
                self.copied += 1;
                let copy = self.copy(target, dst, depth + 1);
                dst.objects.insert(new, copy);
                Object::Reference(new)
            }
            Object::Array(items) => Object::Array(items.iter().map(|item| self.copy(item, dst, depth + 1)).collect()),
            Object::Dictionary(dict) => Object::Dictionary(self.copy_dict(dict, dst, depth)),
            Object::Stream(stream) => {
                let mut copy = Stream::new(self.copy_dict(&stream.dict, dst, depth), stream.content.clone());
                copy.allows_compression = stream.allows_compression;
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    fn copy_dict(&mut self, dict: &Dictionary, dst: &mut Document, depth: usize) -> Dictionary {
        let mut out = Dictionary::new();
        for (key, value) in dict.iter() {
            if key.as_slice() == b"Parent" {
                continue;
            }
            out.set(key.clone(), self.copy(value, dst, depth + 1));
        }
        out
    }
}

fn is_page_node(object: &Object) -> bool {
    let dict = match object {
        Object::Dictionary(dict) => dict,
        _ => return false,
    };
    matches!(dict.get(b"Type").and_then(Object::as_name), Ok(b"Page") | Ok(b"Pages"))
}

/// A drawable attachment page in the packet: a form or image XObject and its displayed size.
pub(crate) struct Placed {
    /// The XObject in the packet.
    pub(crate) id: ObjectId,
    /// Natural width and height in points as displayed (rotation applied).
    pub(crate) size: (f32, f32),
    /// Maps the XObject into a `size.0 × size.1` box at the origin: `a b c d e f`, with `s` = 1.
    transform: Box<dyn Fn(f32, f32, f32, f32) -> [f32; 6]>,
}

impl Placed {
    /// The `cm` operands that draw the XObject into the box at (`x`, `y`), scaled by `scale`.
    pub(crate) fn matrix(&self, x: f32, y: f32, scale: f32) -> [f32; 6] {
        (self.transform)(x, y, self.size.0 * scale, self.size.1 * scale)
    }
}

/// What has been copied from one attachment so far: source object → packet object. One map
/// serves all the pages of an attachment, so an image, font or colour space its pages share is
/// copied once and stays shared (a 55-page scan with one logo and one font carries them once).
#[derive(Default)]
pub(crate) struct Copied {
    map: BTreeMap<ObjectId, ObjectId>,
    copied: usize,
}

/// Imports page `index` of a loaded attachment into `dst`. `copied` is the attachment's map of
/// objects already in `dst` (the same one for every page of the attachment).
pub(crate) fn import(loaded: &Loaded, index: usize, dst: &mut Document, copied: &mut Copied) -> Option<Placed> {
    match loaded {
        Loaded::Pdf { doc, pages } => import_pdf_page(doc, *pages.get(index)?, dst, copied),
        Loaded::Image(image) => Some(import_image(image, dst)),
    }
}

/// A page's visible box: the crop box, else the media box, else US Letter.
fn page_box(src: &Document, page: ObjectId) -> [f32; 4] {
    inherited(src, page, b"CropBox")
        .and_then(|b| rect(src, b))
        .or_else(|| inherited(src, page, b"MediaBox").and_then(|b| rect(src, b)))
        .unwrap_or([0.0, 0.0, 612.0, 792.0])
}

/// A page's `/Rotate`, in degrees 0–359.
fn page_rotation(src: &Document, page: ObjectId) -> i64 {
    inherited(src, page, b"Rotate").and_then(|r| r.as_i64().ok()).unwrap_or(0).rem_euclid(360)
}

fn import_pdf_page(src: &Document, page: ObjectId, dst: &mut Document, copied: &mut Copied) -> Option<Placed> {
    let bbox = page_box(src, page);
    let rotate = page_rotation(src, page);
    let mut content = src.get_page_content_with_limit(page, usize::MAX / 2).unwrap_or_default();

    // Resources: the page's own or inherited, as a direct dictionary we can add to.
    let mut resources = inherited(src, page, b"Resources").and_then(|r| r.as_dict().ok()).cloned().unwrap_or_default();
    let mut xobjects = match resources.get(b"XObject") {
        Ok(object) => src.dereference(object).ok().and_then(|(_, o)| o.as_dict().ok()).cloned().unwrap_or_default(),
        Err(_) => Dictionary::new(),
    };

    // Annotation appearances, flattened in order.
    let annots = src
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Annots").ok())
        .and_then(|a| src.dereference(a).ok())
        .and_then(|(_, a)| a.as_array().ok())
        .cloned()
        .unwrap_or_default();
    for (n, annot) in annots.iter().enumerate() {
        let Some((ap_ref, matrix)) = appearance(src, annot) else { continue };
        let name = format!("RaAnnot{n}");
        xobjects.set(name.clone(), ap_ref);
        let [a, b, c, d, e, f] = matrix;
        content.extend_from_slice(format!("\nq {a} {b} {c} {d} {e} {f} cm /{name} Do Q\n").as_bytes());
    }
    if !xobjects.is_empty() {
        resources.set("XObject", Object::Dictionary(xobjects));
    }

    let mut copier = Copier { src, map: std::mem::take(&mut copied.map), copied: copied.copied };
    let resources = copier.copy_dict(&resources, dst, 0);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("BBox", Object::Array(bbox.iter().map(|v| Object::Real(*v)).collect()));
    dict.set("Resources", Object::Dictionary(resources));
    if let Ok(group) = src.get_dictionary(page).and_then(|d| d.get(b"Group")) {
        let group = copier.copy(group, dst, 0);
        dict.set("Group", group);
    }
    copied.map = copier.map;
    copied.copied = copier.copied;
    let id = dst.add_object(Stream::new(dict, content));

    let [x0, y0, x1, y1] = bbox;
    let (w, h) = (x1 - x0, y1 - y0);
    let size = if rotate == 90 || rotate == 270 { (h, w) } else { (w, h) };
    let transform: Box<dyn Fn(f32, f32, f32, f32) -> [f32; 6]> = Box::new(move |x, y, bw, bh| {
        let s = bw / size.0.max(f32::EPSILON);
        match rotate {
            90 => [0.0, -s, s, 0.0, x - s * y0, y + bh + s * x0],
            180 => [-s, 0.0, 0.0, -s, x + bw + s * x0, y + bh + s * y0],
            270 => [0.0, s, -s, 0.0, x + bw + s * y0, y - s * x0],
            _ => [s, 0.0, 0.0, s, x - s * x0, y - s * y0],
        }
    });
    Some(Placed { id, size, transform })
}

/// The appearance stream of an annotation to flatten, as a reference into the source, and the
/// matrix that maps it onto the annotation's rectangle (PDF 32000-1, 12.5.5).
fn appearance(src: &Document, annot: &Object) -> Option<(Object, [f32; 6])> {
    let dict = src.dereference(annot).ok()?.1.as_dict().ok()?;
    if matches!(dict.get(b"Subtype").and_then(Object::as_name), Ok(b"Popup") | Ok(b"Link")) {
        return None;
    }
    let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
    if flags & (2 | 32) != 0 {
        return None; // hidden, or not to be viewed
    }
    let target = rect(src, dict.get(b"Rect").ok()?)?;
    let ap = src.dereference(dict.get(b"AP").ok()?).ok()?.1.as_dict().ok()?;
    let normal = ap.get(b"N").ok()?;
    let stream_ref = match src.dereference(normal).ok()? {
        (Some(_), Object::Stream(_)) => normal.clone(),
        (_, Object::Dictionary(states)) => {
            let state = dict.get(b"AS").and_then(Object::as_name).ok()?;
            let chosen = states.get(state).ok()?;
            match src.dereference(chosen).ok()? {
                (Some(_), Object::Stream(_)) => chosen.clone(),
                _ => return None,
            }
        }
        _ => return None,
    };
    let (_, Object::Stream(stream)) = src.dereference(&stream_ref).ok()? else { return None };
    let bbox = rect(src, stream.dict.get(b"BBox").ok()?)?;
    let m: [f32; 6] = match stream.dict.get(b"Matrix").ok().and_then(|m| src.dereference(m).ok()) {
        Some((_, Object::Array(items))) if items.len() == 6 => {
            let mut m = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
            for (slot, item) in m.iter_mut().zip(items) {
                *slot = number(item)?;
            }
            m
        }
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };
    // The bounding box transformed by the form matrix.
    let corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])];
    let mapped: Vec<(f32, f32)> =
        corners.iter().map(|(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])).collect();
    let min_x = mapped.iter().map(|p| p.0).fold(f32::INFINITY, f32::min);
    let max_x = mapped.iter().map(|p| p.0).fold(f32::NEG_INFINITY, f32::max);
    let min_y = mapped.iter().map(|p| p.1).fold(f32::INFINITY, f32::min);
    let max_y = mapped.iter().map(|p| p.1).fold(f32::NEG_INFINITY, f32::max);
    if !(max_x - min_x > 0.0 && max_y - min_y > 0.0) {
        return None;
    }
    let a = (target[2] - target[0]) / (max_x - min_x);
    let d = (target[3] - target[1]) / (max_y - min_y);
    Some((stream_ref, [a, 0.0, 0.0, d, target[0] - a * min_x, target[1] - d * min_y]))
}

// ---------------------------------------------------------------------------------------------
// Images

fn import_image(image: &Image, dst: &mut Document) -> Placed {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(image.width));
    dict.set("Height", i64::from(image.height));
    let device = |colors: u8| Object::Name(if colors >= 3 { b"DeviceRGB".to_vec() } else { b"DeviceGray".to_vec() });
    let stream = match &image.data {
        ImageData::Jpeg { bytes, components, inverted } => {
            dict.set(
                "ColorSpace",
                Object::Name(match components {
                    1 => b"DeviceGray".to_vec(),
                    4 => b"DeviceCMYK".to_vec(),
                    _ => b"DeviceRGB".to_vec(),
                }),
            );
            dict.set("BitsPerComponent", 8);
            if *inverted {
                dict.set("Decode", Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()));
            }
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            let mut stream = Stream::new(dict, bytes.clone());
            stream.allows_compression = false;
            stream
        }
        ImageData::PngPassThrough { idat, colors, depth, palette } => {
            match palette {
                Some(palette) => {
                    let entries = (palette.len() / 3).max(1) as i64;
                    dict.set(
                        "ColorSpace",
                        Object::Array(vec![
                            Object::Name(b"Indexed".to_vec()),
                            Object::Name(b"DeviceRGB".to_vec()),
                            Object::Integer(entries - 1),
                            Object::String(palette.clone(), lopdf::StringFormat::Hexadecimal),
                        ]),
                    );
                }
                None => dict.set("ColorSpace", device(*colors)),
            }
            dict.set("BitsPerComponent", i64::from(*depth));
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let mut params = Dictionary::new();
            params.set("Predictor", 15);
            params.set("Colors", i64::from(*colors));
            params.set("BitsPerComponent", i64::from(*depth));
            params.set("Columns", i64::from(image.width));
            dict.set("DecodeParms", Object::Dictionary(params));
            let mut stream = Stream::new(dict, idat.clone());
            stream.allows_compression = false;
            stream
        }
        ImageData::Raw { samples, colors, alpha } => {
            dict.set("ColorSpace", device(*colors));
            dict.set("BitsPerComponent", 8);
            if let Some(alpha) = alpha {
                let mut mask = Dictionary::new();
                mask.set("Type", Object::Name(b"XObject".to_vec()));
                mask.set("Subtype", Object::Name(b"Image".to_vec()));
                mask.set("Width", i64::from(image.width));
                mask.set("Height", i64::from(image.height));
                mask.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
                mask.set("BitsPerComponent", 8);
                let mask_id = dst.add_object(Stream::new(mask, alpha.clone()));
                dict.set("SMask", Object::Reference(mask_id));
            }
            Stream::new(dict, samples.clone())
        }
    };
    let id = dst.add_object(stream);
    // Natural size: pixels at 96 per inch (a scan at 300 dpi is scaled down to fit anyway).
    let (w, h) = (image.width as f32 * 0.75, image.height as f32 * 0.75);
    let size = if image.orientation >= 5 { (h, w) } else { (w, h) };
    let orientation = image.orientation;
    let transform: Box<dyn Fn(f32, f32, f32, f32) -> [f32; 6]> = Box::new(move |x, y, bw, bh| match orientation {
        2 => [-bw, 0.0, 0.0, bh, x + bw, y],
        3 => [-bw, 0.0, 0.0, -bh, x + bw, y + bh],
        4 => [bw, 0.0, 0.0, -bh, x, y + bh],
        5 => [0.0, -bh, -bw, 0.0, x + bw, y + bh],
        6 => [0.0, -bh, bw, 0.0, x, y + bh],
        7 => [0.0, bh, bw, 0.0, x, y],
        8 => [0.0, bh, -bw, 0.0, x + bw, y],
        _ => [bw, 0.0, 0.0, bh, x, y],
    });
    Placed { id, size, transform }
}

fn check_pixels(width: u32, height: u32, limits: &AttachmentLimits) -> Result<(), AttachmentProblem> {
    if width == 0 || height == 0 {
        return Err(AttachmentProblem::Unreadable);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(AttachmentProblem::ImageTooLarge { width, height });
    }
    Ok(())
}

/// Reads a JPEG's headers up to the first scan. `bytes` starts at the start-of-image marker
/// (leading bytes were skipped by [`load`]). What PDF's `/DCTDecode` (and so every PDF viewer)
/// can show is accepted and passed through unchanged: baseline, extended sequential and
/// progressive Huffman-coded JPEG with 8-bit samples, grey, RGB/YCbCr, CMYK and YCCK
/// (Adobe's inverted CMYK included). Fill bytes and stray bytes between segments are skipped,
/// as decoders do; bytes after the end-of-image marker are ignored. Refused, each with its
/// reason: arithmetic-coded, lossless and hierarchical JPEG and samples of more than 8 bits (the
/// PDF format has no filter for them, ISO 32000-1 7.4.8), and truncated files.
fn load_jpeg(bytes: &[u8], limits: &AttachmentLimits) -> Result<Image, AttachmentProblem> {
    let mut pos = 2;
    let mut frame: Option<(u32, u32, u8)> = None;
    let mut adobe = false;
    let mut orientation = 1;
    let mut scan_at = None;
    while pos + 4 <= bytes.len() {
        if bytes[pos] != 0xFF {
            // Stray bytes before a marker ("extraneous bytes" to libjpeg): skip to the next one.
            match bytes[pos..].iter().position(|b| *b == 0xFF) {
                Some(skip) => {
                    pos += skip;
                    continue;
                }
                None => break,
            }
        }
        let marker = bytes[pos + 1];
        if marker == 0xFF {
            pos += 1; // fill byte
            continue;
        }
        if marker == 0xDA {
            scan_at = Some(pos);
            break; // start of scan: the headers are done
        }
        if marker == 0xD9 {
            break; // end of image before any scan
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 || marker == 0x00 {
            pos += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]));
        let Some(segment) = bytes.get(pos + 4..pos + 2 + length).filter(|_| length >= 2) else {
            return Err(AttachmentProblem::Unreadable);
        };
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if segment.len() < 6 {
                    return Err(AttachmentProblem::Unreadable);
                }
                match marker {
                    0xC9..=0xCB | 0xCD..=0xCF => {
                        return Err(AttachmentProblem::UnsupportedImage(
                            "arithmetic-coded JPEG, which PDF files cannot carry and most viewers cannot show",
                        ));
                    }
                    0xC3 => return Err(AttachmentProblem::UnsupportedImage("lossless JPEG")),
                    0xC5..=0xC7 => return Err(AttachmentProblem::UnsupportedImage("hierarchical JPEG")),
                    _ => {}
                }
                if segment[0] != 8 {
                    return Err(AttachmentProblem::UnsupportedImage("JPEG with more than 8 bits per sample"));
                }
                if frame.is_some() {
                    return Err(AttachmentProblem::UnsupportedImage("JPEG with more than one frame"));
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                frame = Some((width, height, segment[5]));
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            0xE1 if segment.starts_with(b"Exif\0\0") => orientation = exif_orientation(&segment[6..]).unwrap_or(1),
            _ => {}
        }
        pos += 2 + length;
    }
    let Some((width, height, components)) = frame else { return Err(AttachmentProblem::Unreadable) };
    if !matches!(components, 1 | 3 | 4) {
        return Err(AttachmentProblem::UnsupportedImage("JPEG with an unusual number of colour channels"));
    }
    check_pixels(width, height, limits)?;
    // The scan data must end with an end-of-image marker (a truncated download does not). It is
    // looked for after the first scan: an EXIF thumbnail before it has one of its own.
    let Some(scan_at) = scan_at else { return Err(AttachmentProblem::Unreadable) };
    let Some(end) = bytes[scan_at..].windows(2).position(|w| w == [0xFF, 0xD9]).map(|at| scan_at + at + 2) else {
        return Err(AttachmentProblem::Unreadable);
    };
    Ok(Image {
        width,
        height,
        orientation,
        data: ImageData::Jpeg { bytes: bytes[..end].to_vec(), components, inverted: adobe && components == 4 },
    })
}

/// The orientation tag (0x0112) of an EXIF TIFF block.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at + 2)?;
        Some(if big { u16::from_be_bytes([b[0], b[1]]) } else { u16::from_le_bytes([b[0], b[1]]) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 4)?;
        Some(if big {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count.min(256) {
        let entry = ifd + 2 + 12 * i;
        if u16_at(entry)? == 0x0112 {
            let value = u16_at(entry + 8)?;
            return u8::try_from(value).ok().filter(|v| (1..=8).contains(v));
        }
    }
    None
}

fn load_png(bytes: &[u8], limits: &AttachmentLimits) -> Result<Image, AttachmentProblem> {
    let mut pos = PNG_MAGIC.len();
    let mut header: Option<(u32, u32, u8, u8, u8)> = None;
    let mut palette: Option<Vec<u8>> = None;
    let mut idat = Vec::new();
    let mut ended = false;
    while pos + 8 <= bytes.len() {
        let length = u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let Some(data) = bytes.get(pos + 8..pos + 8 + length) else { return Err(AttachmentProblem::Unreadable) };
        if bytes.get(pos + 8 + length..pos + 12 + length).is_none() {
            return Err(AttachmentProblem::Unreadable); // no CRC: truncated
        }
        match kind {
            b"IHDR" if data.len() == 13 => {
                let width = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
                let height = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
                header = Some((width, height, data[8], data[9], data[12]));
            }
            b"PLTE" => palette = Some(data.to_vec()),
            b"IDAT" => {
                if idat.len() + data.len() > limits.max_bytes_each {
                    return Err(AttachmentProblem::Unreadable);
                }
                idat.extend_from_slice(data);
            }
            b"IEND" => {
                ended = true;
                break;
            }
            _ => {}
        }
        pos += 12 + length;
    }
    let Some((width, height, depth, color, interlace)) = header else { return Err(AttachmentProblem::Unreadable) };
    if !ended || idat.is_empty() {
        return Err(AttachmentProblem::Unreadable);
    }
    check_pixels(width, height, limits)?;
    let channels: u8 = match color {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        6 => 4,
        _ => return Err(AttachmentProblem::Unreadable),
    };
    let depth_ok = match color {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        _ => matches!(depth, 8 | 16),
    };
    if !depth_ok || interlace > 1 || (color == 3 && palette.as_ref().is_none_or(|p| p.is_empty() || p.len() % 3 != 0)) {
        return Err(AttachmentProblem::Unreadable);
    }

    // Decode, which checks the data (and is needed for interlaced or transparent images).
    let mut zlib = Dictionary::new();
    zlib.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let inflated = Stream::new(zlib, idat.clone())
        .decompressed_content_with_limit(limits.max_decompressed)
        .map_err(|_| AttachmentProblem::Unreadable)?;
    let bits_per_pixel = usize::from(channels) * usize::from(depth);
    let passes: Vec<(usize, usize, usize, usize, usize, usize)> = if interlace == 1 {
        // Adam7: (x0, y0, dx, dy) per pass.
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            .iter()
            .map(|&(x0, y0, dx, dy)| {
                let w = (width as usize).saturating_sub(x0).div_ceil(dx);
                let h = (height as usize).saturating_sub(y0).div_ceil(dy);
                (x0, y0, dx, dy, w, h)
            })
            .collect()
    } else {
        vec![(0, 0, 1, 1, width as usize, height as usize)]
    };
    let mut offset = 0;
    let mut unfiltered_passes = Vec::new();
    for &(_, _, _, _, w, h) in &passes {
        if w == 0 || h == 0 {
            unfiltered_passes.push(Vec::new());
            continue;
        }
        let row = (w * bits_per_pixel).div_ceil(8);
        let size = (row + 1) * h;
        let Some(data) = inflated.get(offset..offset + size) else { return Err(AttachmentProblem::Unreadable) };
        offset += size;
        unfiltered_passes
            .push(unfilter(data, row, h, bits_per_pixel.div_ceil(8)).ok_or(AttachmentProblem::Unreadable)?);
    }

    if interlace == 0 && matches!(color, 0 | 2 | 3) {
        return Ok(Image {
            width,
            height,
            orientation: 1,
            data: ImageData::PngPassThrough {
                idat,
                colors: if color == 2 { 3 } else { 1 },
                depth,
                palette: if color == 3 { palette } else { None },
            },
        });
    }

    // Full decode to 8-bit samples, with alpha split off.
    let (w, h) = (width as usize, height as usize);
    let colors: u8 = if matches!(color, 2 | 3 | 6) { 3 } else { 1 };
    let has_alpha = matches!(color, 4 | 6);
    let mut samples = vec![0u8; w * h * usize::from(colors)];
    let mut alpha = if has_alpha { vec![255u8; w * h] } else { Vec::new() };
    for (&(x0, y0, dx, dy, pw, ph), data) in passes.iter().zip(&unfiltered_passes) {
        if pw == 0 || ph == 0 {
            continue;
        }
        let row = (pw * bits_per_pixel).div_ceil(8);
        for py in 0..ph {
            let line = &data[py * row..(py + 1) * row];
            for px in 0..pw {
                let values: Vec<u16> =
                    (0..usize::from(channels)).map(|ch| sample(line, px * usize::from(channels) + ch, depth)).collect();
                let (x, y) = (x0 + px * dx, y0 + py * dy);
                let at = y * w + x;
                let max = (1u32 << depth) - 1;
                let to8 = |v: u16| ((u32::from(v) * 255 + max / 2) / max.max(1)) as u8;
                match color {
                    3 => {
                        let index = usize::from(values[0]) * 3;
                        let rgb = palette.as_deref().and_then(|p| p.get(index..index + 3)).unwrap_or(&[0, 0, 0]);
                        samples[at * 3..at * 3 + 3].copy_from_slice(rgb);
                    }
                    0 | 4 => samples[at] = to8(values[0]),
                    _ => {
                        for ch in 0..3 {
                            samples[at * 3 + ch] = to8(values[ch]);
                        }
                    }
                }
                if has_alpha {
                    alpha[at] = to8(values[usize::from(channels) - 1]);
                }
            }
        }
    }
    let alpha = if has_alpha && alpha.iter().any(|a| *a != 255) { Some(alpha) } else { None };
    Ok(Image { width, height, orientation: 1, data: ImageData::Raw { samples, colors, alpha } })
}

/// Sample `index` of a row of `depth`-bit samples.
fn sample(line: &[u8], index: usize, depth: u8) -> u16 {
    match depth {
        16 => line.get(index * 2..index * 2 + 2).map(|b| u16::from_be_bytes([b[0], b[1]])).unwrap_or(0),
        8 => line.get(index).map(|b| u16::from(*b)).unwrap_or(0),
        _ => {
            let bit = index * usize::from(depth);
            let byte = line.get(bit / 8).copied().unwrap_or(0);
            let shift = 8 - usize::from(depth) - bit % 8;
            u16::from((byte >> shift) & ((1u8 << depth) - 1))
        }
    }
}

/// Reverses the PNG row filters. `data` is `rows × (1 + row)` bytes.
fn unfilter(data: &[u8], row: usize, rows: usize, bpp: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; row * rows];
    for y in 0..rows {
        let filter = *data.get(y * (row + 1))?;
        let src = data.get(y * (row + 1) + 1..(y + 1) * (row + 1))?;
        let (done, rest) = out.split_at_mut(y * row);
        let prev = if y > 0 { &done[(y - 1) * row..] } else { &[][..] };
        let cur = &mut rest[..row];
        for x in 0..row {
            let a = if x >= bpp { cur[x - bpp] } else { 0 };
            let b = prev.get(x).copied().unwrap_or(0);
            let c = if x >= bpp { prev.get(x - bpp).copied().unwrap_or(0) } else { 0 };
            let value = src[x];
            cur[x] = match filter {
                0 => value,
                1 => value.wrapping_add(a),
                2 => value.wrapping_add(b),
                3 => value.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => value.wrapping_add(paeth(a, b, c)),
                _ => return None,
            };
        }
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_orientation_is_read_in_both_byte_orders() {
        let mut le = b"II*\0\x08\0\0\0\x01\0".to_vec();
        le.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        assert_eq!(exif_orientation(&le), Some(6));
        let mut be = b"MM\0*\0\0\0\x08\0\x01".to_vec();
        be.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0]);
        assert_eq!(exif_orientation(&be), Some(8));
        assert_eq!(exif_orientation(b"XX"), None);
    }

    #[test]
    fn unfilter_reverses_each_filter() {
        // One row of 3 bytes per filter type (none, sub, up, average, paeth), 1 byte per pixel.
        let data = [0, 10, 10, 10, 1, 1, 2, 3, 2, 1, 1, 1, 3, 0, 0, 0, 4, 0, 0, 0];
        let out = unfilter(&data, 3, 5, 1);
        assert_eq!(out, Some(vec![10, 10, 10, 1, 3, 6, 2, 4, 7, 1, 2, 4, 1, 2, 4]));
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        let limits = AttachmentLimits::default();
        for bytes in [&b"%PDF-1.7 garbage"[..], b"\xFF\xD8\xFF\xE0\x00", PNG_MAGIC, b"GIF89a", b""] {
            assert!(load(bytes, &limits).is_err());
        }
    }
}
