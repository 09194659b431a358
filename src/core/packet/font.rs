//! The packet's fonts: DejaVu Sans and DejaVu Sans Bold, compiled in (see `fonts/README.md`),
//! and the fallback fonts the caller supplies (a CJK font, loaded lazily by the app; see
//! `www/fonts/README.md`), tried in order for characters DejaVu cannot draw.
//!
//! They serve twice. For layout, [`Fonts`] answers "how wide is this character, and can the face
//! draw it at all" from the full fonts. For the PDF, [`subset`] cuts each face down to the glyphs a
//! packet actually uses (printpdf without its `text_layout` feature would embed the whole 700 KB
//! file), so a packet carries a few dozen kilobytes of font instead of a megabyte and a half.

use std::cell::OnceCell;
use std::collections::BTreeSet;

use printpdf::ParsedFont;

use super::layout::{Face, Metrics};

/// DejaVu Sans 2.37 (Debian `fonts-dejavu-core` 2.37-6).
const REGULAR_TTF: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold 2.37 (Debian `fonts-dejavu-core` 2.37-6).
const BOLD_TTF: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Bytes of font data compiled into the binary (the wasm-size cost of the fonts).
pub const COMPILED_FONT_BYTES: usize = REGULAR_TTF.len() + BOLD_TTF.len();

/// Fallback fonts a packet may use, at most.
pub(crate) const MAX_FALLBACKS: usize = 8;

/// What a face is called in the PDF and hashed as: the font side of [`Face`], which layout
/// defines.
impl Face {
    /// The PostScript name of a compiled-in face (fallback fonts name themselves).
    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "DejaVuSans",
            Face::Bold => "DejaVuSans-Bold",
            Face::Fallback(_) => "Fallback",
        }
    }

    /// A small number for hashing.
    pub(crate) fn code(self) -> u8 {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Fallback(i) => 2u8.saturating_add(i),
        }
    }
}

/// A font supplied at run time, parsed on first use.
struct Fallback<'a> {
    bytes: &'a [u8],
    parsed: OnceCell<Option<ParsedFont>>,
}

/// Font metrics for layout, read from the full fonts.
pub(crate) struct Fonts<'a> {
    regular: ParsedFont,
    bold: ParsedFont,
    fallbacks: Vec<Fallback<'a>>,
}

impl<'a> Fonts<'a> {
    /// Parses the compiled-in fonts. `None` only if a font file is corrupt, which a test rules out.
    #[cfg(test)]
    pub(crate) fn load() -> Option<Fonts<'static>> {
        Fonts::with_fallbacks(&[])
    }

    /// Parses the compiled-in fonts and takes the supplied fallback fonts (at most
    /// [`MAX_FALLBACKS`]; each is parsed only when a character needs it, and one that cannot be
    /// parsed draws nothing).
    pub(crate) fn with_fallbacks(fallbacks: &[&'a [u8]]) -> Option<Fonts<'a>> {
        Some(Fonts {
            regular: parse(REGULAR_TTF)?,
            bold: parse(BOLD_TTF)?,
            fallbacks: fallbacks
                .iter()
                .take(MAX_FALLBACKS)
                .map(|bytes| Fallback { bytes, parsed: OnceCell::new() })
                .collect(),
        })
    }

    /// How many fallback fonts there are.
    pub(crate) fn fallback_count(&self) -> usize {
        self.fallbacks.len()
    }

    /// Fallback fonts that were needed but could not be parsed (0-based positions).
    pub(crate) fn unreadable_fallbacks(&self) -> Vec<usize> {
        self.fallbacks
            .iter()
            .enumerate()
            .filter(|(_, f)| matches!(f.parsed.get(), Some(None)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The font file of a face.
    pub(crate) fn bytes(&self, face: Face) -> &[u8] {
        match face {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
            Face::Fallback(i) => self.fallbacks.get(usize::from(i)).map(|f| f.bytes).unwrap_or(&[]),
        }
    }

    fn font(&self, face: Face) -> Option<&ParsedFont> {
        match face {
            Face::Regular => Some(&self.regular),
            Face::Bold => Some(&self.bold),
            Face::Fallback(i) => {
                let fallback = self.fallbacks.get(usize::from(i))?;
                fallback.parsed.get_or_init(|| parse(fallback.bytes)).as_ref()
            }
        }
    }

    /// The PostScript name of a face as its font file gives it (for fallbacks), sanitised to
    /// the characters a PDF name may carry unescaped.
    pub(crate) fn postscript_name(&self, face: Face) -> String {
        match face {
            Face::Regular | Face::Bold => face.postscript_name().to_string(),
            Face::Fallback(i) => {
                let name = self.font(face).and_then(|f| f.font_name.clone()).unwrap_or_default();
                let clean: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(48).collect();
                if clean.is_empty() { format!("Fallback{i}") } else { clean }
            }
        }
    }

    /// The glyph `face` draws `c` with, if it has one (glyph 0 is the "missing" box).
    pub(crate) fn glyph(&self, face: Face, c: char) -> Option<u16> {
        self.font(face)?.lookup_glyph_index(u32::from(c)).filter(|gid| *gid != 0)
    }

    /// Advance width of a glyph in em, rounded down to 1/1000 em: exactly the width the PDF's
    /// `/W` array gives the viewer, so what layout measures is what the viewer draws.
    fn glyph_advance(&self, face: Face, gid: u16) -> f32 {
        let Some(font) = self.font(face) else { return 0.0 };
        let units_per_em = f32::from(font.units_per_em.max(1));
        let width = f32::from(font.get_glyph_width(gid).unwrap_or(0));
        (width * 1000.0 / units_per_em).floor() / 1000.0
    }
}

impl Metrics for Fonts<'_> {
    fn advance(&self, face: Face, c: char) -> Option<f32> {
        self.glyph(face, c).map(|gid| self.glyph_advance(face, gid))
    }

    /// One em: the missing-glyph box is drawn with glyph 0, which the PDF's `/W` array does not
    /// list (printpdf lists only glyphs that map to a character), so viewers advance by the
    /// default width `/DW 1000`.
    fn missing_advance(&self, _face: Face) -> f32 {
        1.0
    }

    fn fallbacks(&self) -> usize {
        self.fallback_count()
    }
}

fn parse(bytes: &[u8]) -> Option<ParsedFont> {
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
}

/// A font cut down to the characters of one packet, ready for printpdf.
pub(crate) struct Subset {
    /// The parsed subset (its cmap maps exactly the kept characters).
    pub(crate) font: ParsedFont,
}

/// Subsets `face` to the glyphs of `chars` (characters the face has no glyph for are ignored:
/// they are drawn as the missing-glyph box, glyph 0, which every subset keeps).
///
/// The PDF font name gets a subset tag derived from the kept glyphs (ISO 32000-1, 9.6.4), so
/// the same packet always names its fonts the same way.
pub(crate) fn subset(fonts: &Fonts<'_>, face: Face, chars: &BTreeSet<char>) -> Result<Subset, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let glyphs: BTreeSet<u16> = chars.iter().filter_map(|c| fonts.glyph(face, *c)).collect();
    // allsorts requires glyph 0 first and no duplicates.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs.iter().copied()).collect();

    let file = ReadScope::new(fonts.bytes(face)).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = file.table_provider(0).map_err(|e| e.to_string())?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let mut font = parse(&bytes).ok_or_else(|| "the font subset could not be read back".to_string())?;
    font.font_name = Some(format!("{}+{}", subset_tag(face, &ids), fonts.postscript_name(face)));
    Ok(Subset { font })
}

/// Six capital letters derived from the face and its kept glyphs.
fn subset_tag(face: Face, ids: &[u16]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update([face.code()]);
    for id in ids {
        hasher.update(id.to_be_bytes());
    }
    hasher.finalize().iter().take(6).map(|byte| char::from(b'A' + byte % 26)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_load_and_cover_the_scripts_the_packet_promises() {
        let fonts = Fonts::load();
        assert!(fonts.is_some());
        let Some(fonts) = fonts else { return };
        // Latin with diacritics, Vietnamese, Greek, Cyrillic.
        for c in "AzéñüŞıŌọỌẠặĐđ ΑΩαωάΐ АЯаяЁё–—…€“”‘’•°±µ§".chars() {
            for face in Face::ALL {
                assert!(fonts.advance(face, c).is_some(), "{face:?} lacks U+{:04X}", u32::from(c));
                let _ = fonts.bytes(face);
            }
        }
        assert!(fonts.advance(Face::Regular, '\u{7f8e}').is_none(), "DejaVu has no CJK");
        assert!((fonts.missing_advance(Face::Regular) - 1.0).abs() < f32::EPSILON);
    }

    #[test]
    fn no_two_characters_share_a_glyph() {
        // The PDF's /ToUnicode maps each glyph to one character; a shared glyph would make one
        // of its characters come out of copy and search as the other.
        let Some(fonts) = Fonts::load() else { return };
        for face in Face::ALL {
            let mut seen = std::collections::BTreeMap::new();
            let Some(font) = fonts.font(face) else { panic!("{face:?} does not parse") };
            for (code, gid) in &font.codepoint_to_glyph {
                if let Some(other) = seen.insert(*gid, *code) {
                    panic!("{face:?}: U+{other:04X} and U+{code:04X} share glyph {gid}");
                }
            }
        }
    }

    #[test]
    fn subsets_are_small_and_keep_the_characters() {
        let Some(fonts) = Fonts::load() else { return };
        let chars: BTreeSet<char> = "Hello, Zoë! Ωμέγα Привет".chars().collect();
        let result = subset(&fonts, Face::Regular, &chars);
        assert!(result.is_ok(), "{:?}", result.as_ref().err());
        let Ok(sub) = result else { return };
        assert!(sub.font.original_bytes.len() < 40_000, "{}", sub.font.original_bytes.len());
        for c in chars {
            assert!(sub.font.lookup_glyph_index(u32::from(c)).is_some_and(|g| g != 0), "{c}");
        }
        let name = sub.font.font_name.clone().unwrap_or_default();
        assert!(name.ends_with("+DejaVuSans") && name.len() == "ABCDEF+DejaVuSans".len(), "{name}");
    }
}
