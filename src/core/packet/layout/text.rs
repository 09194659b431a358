//! Text to lines of glyphs: the character policy (line breaks, markers for controls, the
//! invisible characters of a grapheme cluster), Arabic joining, wrapping by advance width, and
//! the bidi glue that puts each wrapped line in visual order and cuts it into runs.

use super::{Face, Metrics, Run, Span, TAB_STOP};
use crate::core::packet::bidi::{self, Orig};

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
pub(super) struct Glyph {
    pub(super) c: char,
    face: Face,
    pub(super) missing: bool,
    pub(super) width: f32,
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

pub(super) fn resolve(metrics: &dyn Metrics, c: char, face: Face, size: f32) -> Glyph {
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

pub(super) fn width_of(glyphs: &[Glyph]) -> f32 {
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
pub(super) fn wrap(spans: &[Span], metrics: &dyn Metrics, size: f32, width: f32) -> Vec<Vec<Glyph>> {
    wrap_directed(spans, metrics, size, width, false)
}

/// [`wrap`], where `auto_direction` lets each source line take its direction from its first
/// strong character (running text: notes, letters). Field values (table cells, headings, the
/// running header) stay left-to-right paragraphs, as on an English form: "נועה בן־דוד, MD"
/// keeps its comma and "MD" on the right.
pub(super) fn wrap_directed(
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
pub(super) fn align(glyphs: &[Glyph], width: f32) -> f32 {
    if is_rtl_line(glyphs) { (width - width_of(glyphs)).max(0.0) } else { 0.0 }
}

/// Glyphs → runs of one face, positioned from `x0` on `baseline`. A run is also cut where the
/// direction changes. Right-to-left runs are drawn in visual order and extract through the
/// fonts' `/ToUnicode` maps (text extractors reverse right-to-left runs back to logical order);
/// a glyph in them that stands for other text (an Arabic contextual form, a ligature, a
/// mirrored bracket) is a run of its own, so its `/ActualText` covers exactly that glyph.
pub(super) fn runs_of(glyphs: &[Glyph], x0: f32, baseline: f32, size: f32) -> Vec<Run> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::Fixed;
    use super::*;

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
}
