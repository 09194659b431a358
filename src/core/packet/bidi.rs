//! Right-to-left text: Arabic joining and the Unicode bidirectional algorithm, for one line at a
//! time.
//!
//! * **Arabic joining** picks each letter's contextual form (isolated, initial, medial, final)
//!   and the lam-alef ligatures from the Arabic Presentation Forms blocks, which DejaVu Sans
//!   draws. The drawn character differs from the typed one, so every glyph keeps the typed
//!   text ([`Orig`]) and the PDF carries it as `/ActualText`: copy and search see the letters as
//!   typed, in logical order.
//! * **Bidi**: levels come from the `unicode-bidi` crate (rules X1–I2: weak and neutral types
//!   resolved). Running text (notes, letters) takes each line's direction from its first strong
//!   character (P2; a right-to-left line is right-aligned); field values are left-to-right
//!   paragraphs, as on an English form. Per visual line this module
//!   applies L1 (trailing whitespace takes the paragraph level) and L2 (reverse every run at or
//!   above each odd level), keeping combining marks after their base (L3), and mirrors paired
//!   punctuation in right-to-left runs (L4).
//!
//! Explicit embedding and isolate controls never reach this module: layout shows them as
//! visible `[U+202E]`-style markers (see `layout/text.rs`), so typed text cannot reorder other text.
//!
//! Why by hand: `BidiInfo::visual_runs` orders the *source* text, while L1–L4 here run over
//! *laid-out* glyphs (tabs already spaces, controls already markers, lines already wrapped by
//! width); and allsorts' GSUB Arabic shaping works on glyph ids, while layout measures and wraps
//! characters. Presentation forms keep both in characters.

use unicode_bidi::BidiInfo;

/// The text a drawn glyph stands for, when it is not the drawn character itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Orig {
    /// The glyph is the typed character.
    Same,
    /// The glyph stands for this character (a contextual form or a mirrored bracket).
    One(char),
    /// The glyph stands for two characters (a lam-alef ligature).
    Two(char, char),
}

impl Orig {
    /// Appends the typed text of a glyph drawn as `drawn`.
    pub(crate) fn push_to(self, drawn: char, out: &mut String) {
        match self {
            Orig::Same => out.push(drawn),
            Orig::One(c) => out.push(c),
            Orig::Two(a, b) => {
                out.push(a);
                out.push(b);
            }
        }
    }
}

/// Arabic letters: (letter, isolated, final, initial, medial); 0 where the form does not exist
/// (right-joining letters have no initial or medial form).
const ARABIC_FORMS: &[(u32, u32, u32, u32, u32)] = &[
    (0x0621, 0xFE80, 0, 0, 0),
    (0x0622, 0xFE81, 0xFE82, 0, 0),
    (0x0623, 0xFE83, 0xFE84, 0, 0),
    (0x0624, 0xFE85, 0xFE86, 0, 0),
    (0x0625, 0xFE87, 0xFE88, 0, 0),
    (0x0626, 0xFE89, 0xFE8A, 0xFE8B, 0xFE8C),
    (0x0627, 0xFE8D, 0xFE8E, 0, 0),
    (0x0628, 0xFE8F, 0xFE90, 0xFE91, 0xFE92),
    (0x0629, 0xFE93, 0xFE94, 0, 0),
    (0x062A, 0xFE95, 0xFE96, 0xFE97, 0xFE98),
    (0x062B, 0xFE99, 0xFE9A, 0xFE9B, 0xFE9C),
    (0x062C, 0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0),
    (0x062D, 0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4),
    (0x062E, 0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8),
    (0x062F, 0xFEA9, 0xFEAA, 0, 0),
    (0x0630, 0xFEAB, 0xFEAC, 0, 0),
    (0x0631, 0xFEAD, 0xFEAE, 0, 0),
    (0x0632, 0xFEAF, 0xFEB0, 0, 0),
    (0x0633, 0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4),
    (0x0634, 0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8),
    (0x0635, 0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC),
    (0x0636, 0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0),
    (0x0637, 0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4),
    (0x0638, 0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8),
    (0x0639, 0xFEC9, 0xFECA, 0xFECB, 0xFECC),
    (0x063A, 0xFECD, 0xFECE, 0xFECF, 0xFED0),
    (0x0641, 0xFED1, 0xFED2, 0xFED3, 0xFED4),
    (0x0642, 0xFED5, 0xFED6, 0xFED7, 0xFED8),
    (0x0643, 0xFED9, 0xFEDA, 0xFEDB, 0xFEDC),
    (0x0644, 0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0),
    (0x0645, 0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4),
    (0x0646, 0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8),
    (0x0647, 0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC),
    (0x0648, 0xFEED, 0xFEEE, 0, 0),
    (0x0649, 0xFEEF, 0xFEF0, 0, 0),
    (0x064A, 0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4),
    // Persian and Urdu letters (Arabic Presentation Forms-A).
    (0x0671, 0xFB50, 0xFB51, 0, 0),
    (0x0679, 0xFB66, 0xFB67, 0xFB68, 0xFB69),
    (0x067E, 0xFB56, 0xFB57, 0xFB58, 0xFB59),
    (0x0686, 0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D),
    (0x0688, 0xFB88, 0xFB89, 0, 0),
    (0x0691, 0xFB8C, 0xFB8D, 0, 0),
    (0x0698, 0xFB8A, 0xFB8B, 0, 0),
    (0x06A9, 0xFB8E, 0xFB8F, 0xFB90, 0xFB91),
    (0x06AF, 0xFB92, 0xFB93, 0xFB94, 0xFB95),
    (0x06BA, 0xFB9E, 0xFB9F, 0, 0),
    (0x06BE, 0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD),
    (0x06C1, 0xFBA6, 0xFBA7, 0xFBA8, 0xFBA9),
    (0x06CC, 0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF),
    (0x06D2, 0xFBAE, 0xFBAF, 0, 0),
];

/// Lam-alef ligatures: (alef, isolated, final).
const LAM_ALEF: &[(u32, u32, u32)] =
    &[(0x0622, 0xFEF5, 0xFEF6), (0x0623, 0xFEF7, 0xFEF8), (0x0625, 0xFEF9, 0xFEFA), (0x0627, 0xFEFB, 0xFEFC)];

const LAM: char = '\u{0644}';
const TATWEEL: char = '\u{0640}';

fn forms(c: char) -> Option<&'static (u32, u32, u32, u32, u32)> {
    let code = u32::from(c);
    // The table is sorted by letter.
    ARABIC_FORMS.binary_search_by_key(&code, |f| f.0).ok().and_then(|i| ARABIC_FORMS.get(i))
}

/// Marks that joining looks through (Arabic harakat and Quranic marks).
fn is_transparent(c: char) -> bool {
    matches!(u32::from(c), 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x06E7 | 0x06E8 | 0x06EA..=0x06ED)
}

/// Zero-width joiner: join-causing, like the tatweel (a zero-width non-joiner, like any
/// character that is not an Arabic letter, stops joining).
const ZWJ: char = '\u{200D}';

/// Can join to the letter after it (dual-joining letters, the tatweel and the joiner).
fn joins_forward(c: char) -> bool {
    c == TATWEEL || c == ZWJ || forms(c).is_some_and(|f| f.3 != 0)
}

/// Can join to the letter before it.
fn joins_backward(c: char) -> bool {
    c == TATWEEL || c == ZWJ || forms(c).is_some_and(|f| f.2 != 0)
}

/// True when `text` has a letter that Arabic joining changes.
pub(crate) fn needs_shaping(text: &[char]) -> bool {
    text.iter().any(|c| forms(*c).is_some())
}

/// Arabic joining for one word (characters between spaces), in logical order. Returns, per
/// input character, the character to draw and what it stands for; a lam-alef pair becomes one
/// ligature, and its alef is dropped (`None`). A form the font lacks (`has` says no) leaves the
/// letter as typed.
pub(crate) fn shape_word(word: &[char], has: &dyn Fn(char) -> bool) -> Vec<Option<(char, Orig)>> {
    let mut out: Vec<Option<(char, Orig)>> = word.iter().map(|c| Some((*c, Orig::Same))).collect();
    let prev_joining = |i: usize| word[..i].iter().rev().find(|c| !is_transparent(**c)).copied();
    let next_joining = |i: usize| {
        word.get(i + 1..)
            .and_then(|rest| rest.iter().enumerate().find(|(_, c)| !is_transparent(**c)))
            .map(|(k, c)| (i + 1 + k, *c))
    };
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        let Some(f) = forms(c) else {
            i += 1;
            continue;
        };
        let joins_prev = prev_joining(i).is_some_and(joins_forward) && f.2 != 0;
        let next = next_joining(i);
        // Lam followed by alef: one ligature.
        if c == LAM
            && let Some((j, alef)) = next
            && let Some(lig) = LAM_ALEF.iter().find(|l| l.0 == u32::from(alef))
        {
            let form = if joins_prev { lig.2 } else { lig.1 };
            if let Some(drawn) = char::from_u32(form).filter(|d| has(*d)) {
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some((drawn, Orig::Two(c, alef)));
                }
                // Marks between lam and alef stay (drawn after the ligature); the alef goes.
                if let Some(slot) = out.get_mut(j) {
                    *slot = None;
                }
                i = j + 1;
                continue;
            }
        }
        let joins_next = f.3 != 0 && next.is_some_and(|(_, n)| joins_backward(n));
        let form = match (joins_prev, joins_next) {
            (true, true) => f.4,
            (true, false) => f.2,
            (false, true) => f.3,
            (false, false) => f.1,
        };
        if let Some(drawn) = char::from_u32(form).filter(|d| form != 0 && has(*d))
            && let Some(slot) = out.get_mut(i)
        {
            *slot = Some((drawn, Orig::One(c)));
        }
        i += 1;
    }
    out
}

/// Embedding levels, one per character of `text`, and whether the paragraph is right-to-left.
/// `None` when the text has nothing right-to-left (the common case: no reordering at all).
/// With `auto_direction` the paragraph takes its direction from its first strong character
/// (rule P2); without, it is left-to-right.
pub(crate) fn levels(text: &str, auto_direction: bool) -> Option<(Vec<u8>, bool)> {
    if !text.chars().any(is_strong_rtl_or_arabic_number) {
        return None;
    }
    let info = BidiInfo::new(text, if auto_direction { None } else { Some(unicode_bidi::Level::ltr()) });
    let para_rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let levels = text.char_indices().map(|(i, _)| info.levels.get(i).map(|l| l.number()).unwrap_or(0)).collect();
    Some((levels, para_rtl))
}

/// Characters that can make a line need reordering.
fn is_strong_rtl_or_arabic_number(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFE | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Rule L1 for one visual line: whitespace at the end of the line, and before a tab, takes the
/// paragraph level. `space[i]` is true for spaces and tab-expansion glyphs.
pub(crate) fn reset_trailing_whitespace(levels: &mut [u8], space: &[bool], para_level: u8) {
    for (level, _) in levels.iter_mut().zip(space).rev().take_while(|(_, s)| **s) {
        *level = para_level;
    }
}

/// Rule L2 (with L3): the visual order of a line's glyphs, as indices into the logical order.
/// `mark[i]` is true for zero-width combining marks, which stay after their base.
pub(crate) fn visual_order(levels: &[u8], mark: &[bool]) -> Vec<usize> {
    // Clusters: a base and the marks after it share the base's level.
    let mut clusters: Vec<(usize, usize, u8)> = Vec::new();
    for (i, level) in levels.iter().enumerate() {
        let is_mark = mark.get(i).copied().unwrap_or(false);
        match clusters.last_mut() {
            Some(last) if is_mark => last.1 = i + 1,
            _ => clusters.push((i, i + 1, *level)),
        }
    }
    let max = clusters.iter().map(|c| c.2).max().unwrap_or(0);
    let min_odd = clusters.iter().map(|c| c.2).filter(|l| l % 2 == 1).min().unwrap_or(max + 1);
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < clusters.len() {
            if clusters[i].2 >= level {
                let start = i;
                while i < clusters.len() && clusters[i].2 >= level {
                    i += 1;
                }
                clusters[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    clusters.iter().flat_map(|(start, end, _)| *start..*end).collect()
}

/// Rule L4: the mirrored glyph of paired punctuation in right-to-left text.
pub(crate) fn mirror(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '≤' => '≥',
        '≥' => '≤',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        shape_word(&chars, &|_| true).into_iter().flatten().map(|(c, _)| c).collect()
    }

    #[test]
    fn arabic_letters_take_their_joining_forms() {
        // "محمد": meem initial, hah medial, meem medial, dal final.
        assert_eq!(shaped("محمد"), "\u{FEE3}\u{FEA4}\u{FEE4}\u{FEAA}");
        // Alef does not join forward: "اب" = alef isolated, beh isolated.
        assert_eq!(shaped("اب"), "\u{FE8D}\u{FE8F}");
        // Lam-alef ligature, and after a joining letter its final form.
        assert_eq!(shaped("لا"), "\u{FEFB}");
        assert_eq!(shaped("سلام"), "\u{FEB3}\u{FEFC}\u{FEE1}");
        // Harakat are transparent: "بَب" joins across the fatha.
        assert_eq!(shaped("بَب"), "\u{FE91}\u{064E}\u{FE90}");
    }

    #[test]
    fn the_typed_text_is_kept() {
        let chars: Vec<char> = "سلام".chars().collect();
        let mut text = String::new();
        for (c, orig) in shape_word(&chars, &|_| true).into_iter().flatten() {
            orig.push_to(c, &mut text);
        }
        assert_eq!(text, "سلام");
    }

    #[test]
    fn missing_forms_leave_the_letter_as_typed() {
        let chars: Vec<char> = "محمد".chars().collect();
        let out: String = shape_word(&chars, &|_| false).into_iter().flatten().map(|(c, _)| c).collect();
        assert_eq!(out, "محمد");
    }

    fn visual(text: &str) -> String {
        let Some((levels, _)) = levels(text, true) else { return text.to_string() };
        let chars: Vec<char> = text.chars().collect();
        let marks: Vec<bool> =
            chars.iter().map(|c| is_transparent(*c) || ('\u{0591}'..='\u{05C7}').contains(c)).collect();
        visual_order(&levels, &marks).into_iter().map(|i| chars[i]).collect()
    }

    #[test]
    fn hebrew_in_latin_text_is_reversed_in_place() {
        assert_eq!(visual("Dr. נועה בן, MD"), "Dr. ןב העונ, MD");
        assert_eq!(levels("plain latin", true), None);
    }

    #[test]
    fn numbers_inside_rtl_text_keep_their_order() {
        assert_eq!(visual("אב 123 גד"), "דג 123 בא");
    }

    #[test]
    fn marks_stay_after_their_base() {
        // Hebrew letter with a point, reversed as a unit.
        assert_eq!(visual("אְב"), "באְ");
    }
}
