//! Line, sentence and list splitting that survives clinical abbreviations.
//!
//! A note is cut into lines (any of `\n`, `\r`, VT, FF, U+0085, U+2028, U+2029), then each line
//! into sentences at `.`, `!` or `?` followed by a space, except after titles and abbreviations
//! (`Dr.`, `Mr.`, `vs.`, `e.g.`, `pt.`, `approx.`, initials such as `L. Whitebird`) and inside
//! numbers (`9.6`, `04.09.2025`). Unit abbreviations (`x6 wks.`) end a sentence only when the
//! next word starts with a capital. A line that does not end a sentence and is followed by a
//! line starting in lower case is joined to it (hard-wrapped prose). List items, table rows
//! and labelled lines are sentences of their own. Sentences longer than [`MAX_SENTENCE`] bytes
//! are cut at a space, which keeps every later step linear in the note length.

use super::sections::{Section, section_for_label};
use super::text::slice;

/// How far an opening quotation mark keeps periods from ending the sentence, in bytes.
const QUOTE_REACH: usize = 300;

/// The longest sentence kept in one piece, in bytes.
pub(crate) const MAX_SENTENCE: usize = 800;

/// One sentence (or list item, table row, labelled line) of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// Index of the note (set by the corpus; 0 from [`split`]).
    pub note: usize,
    /// Start byte (trimmed).
    pub start: usize,
    /// End byte (trimmed, exclusive).
    pub end: usize,
    /// 0-based line number of the first line.
    pub line: usize,
    /// The sentence starts its line.
    pub line_start: bool,
    /// Paragraph number: grows at blank lines and headings.
    pub para: usize,
    /// Sub-note number inside a chart export: grows at `=== … ===` and `SECTION n` headers.
    pub subnote: usize,
    /// The section it belongs to.
    pub section: Section,
    /// `Label` of a leading `Label:` (without the colon), known or not.
    pub label: Option<(usize, usize)>,
    /// Where the content starts (after the label's colon, else `start`).
    pub body: usize,
    /// The line starts with a bullet, number, dash or check box.
    pub list_item: bool,
    /// The line is a table row (cells separated by `|` or tabs).
    pub table_row: bool,
    /// The sentence is a heading line without content (`PHYSICAL EXAM`, `Plan:`).
    pub heading: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Lines as (start, end) byte ranges, without the line breaks.
pub(crate) fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_cr = false;
    for (i, c) in text.char_indices() {
        if is_break(c) {
            if !(c == '\n' && prev_cr) {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
        prev_cr = c == '\r';
    }
    out.push((start, text.len()));
    out
}

const TITLES: [&str; 12] = ["dr", "mr", "mrs", "ms", "st", "prof", "mt", "jr", "sr", "vs", "cf", "no"];
const ABBREVS: [&str; 40] = [
    "pt", "pts", "approx", "e.g", "i.e", "etc", "fig", "wk", "wks", "yr", "yrs", "mo", "mos", "hr", "hrs", "min",
    "sec", "inc", "co", "dept", "p.o", "b.i.d", "t.i.d", "q.i.d", "q.d", "a.m", "p.m", "ca", "al", "ext", "lt", "rt",
    "bilat", "hx", "dx", "tx", "sx", "rx", "fx", "h/o",
];

/// Whether the `.` at `dot` ends a sentence, looking at the word before it and what follows.
fn period_ends(lower: &str, line_start: usize, dot: usize, next_word_upper: bool) -> bool {
    let before = slice(lower, line_start, dot);
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '/')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return true;
    }
    if TITLES.contains(&word.as_str()) {
        return false;
    }
    // Initials: "L. Whitebird", "J. Kowalewski".
    if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) && next_word_upper {
        return false;
    }
    if ABBREVS.contains(&word.as_str()) || word.contains('.') {
        return next_word_upper;
    }
    true
}

fn list_marker_len(line: &str) -> usize {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    let mut chars = t.char_indices();
    match chars.next() {
        Some((_, '-' | '*' | '•' | '·' | '–' | '>' | '+')) => {
            let rest = t.get(1..).unwrap_or("");
            if rest.starts_with(' ') || rest.starts_with('\t') { lead + 1 } else { 0 }
        }
        Some((_, '[')) => match t.find(']') {
            Some(close) if close <= 4 => lead + close + 1,
            _ => 0,
        },
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
            let after = t.get(digits..).unwrap_or("");
            if digits <= 2 && (after.starts_with(". ") || after.starts_with(") ")) { lead + digits + 1 } else { 0 }
        }
        _ => 0,
    }
}

/// Finds a leading `Label:` in `start..end`; returns (label start, label end, content start).
fn leading_label(text: &str, start: usize, end: usize) -> Option<(usize, usize, usize)> {
    let piece = slice(text, start, end);
    let skip = piece.len() - piece.trim_start_matches(|c: char| c.is_whitespace() || "=*#-•>".contains(c)).len();
    let body = piece.get(skip..)?;
    let Some(colon) = body.char_indices().take(60).find(|&(_, c)| c == ':').map(|(i, _)| i) else {
        // "PMH - none", "Meds – lisinopril": a dash after a known section label.
        let dash = body.find(" - ").or_else(|| body.find(" – ")).filter(|&d| d <= 40)?;
        let label = body.get(..dash)?;
        section_for_label(label)?;
        let ls = start + skip;
        let sep = body.get(dash..)?.chars().take(3).map(char::len_utf8).sum::<usize>();
        return Some((ls, ls + label.trim_end().len(), ls + dash + sep));
    };
    let label = body.get(..colon)?;
    if label.trim().is_empty() || label.contains(['.', ';', '|', '\t']) && !label.contains("e.g") {
        return None;
    }
    // A clock time ("at 10:30") is not a label.
    let after = body.get(colon + 1..).unwrap_or("");
    if label.ends_with(|c: char| c.is_ascii_digit()) && after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !(after.is_empty() || after.starts_with([' ', '\t', '\u{a0}'])) {
        return None;
    }
    let words = label.split_whitespace().count();
    if words == 0 || words > 7 {
        return None;
    }
    let ls = start + skip;
    let le = ls + label.trim_end().len();
    Some((ls, le, ls + colon + 1))
}

/// A heading line without a colon: `PHYSICAL EXAM`, `=== ED TRIAGE NOTE === 06/02/2025`.
fn bare_heading(text: &str, start: usize, end: usize) -> Option<(Option<Section>, bool)> {
    let line = slice(text, start, end).trim();
    let banner = line.starts_with("===") || line.starts_with("---") && line.ends_with("---") && line.len() > 6;
    if banner {
        let inner = line.trim_matches(|c: char| c == '=' || c == '-' || c.is_whitespace());
        let name = inner.split("===").next().unwrap_or(inner).split(" --- ").next().unwrap_or(inner);
        let name = name.split(',').next().unwrap_or(name);
        return Some((section_for_label(name), true));
    }
    let upper = line.to_ascii_uppercase();
    if upper.starts_with("SECTION ") && line.chars().nth(8).is_some_and(|c| c.is_ascii_digit()) {
        return Some((None, true));
    }
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && line.len() <= 60 && !line.ends_with(['.', ',', ';', ':']) {
        let all_caps = line.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase() || !c.is_ascii());
        if let Some(kind) = section_for_label(line)
            && (all_caps || line.split_whitespace().count() <= 3)
        {
            return Some((Some(kind), false));
        }
    }
    None
}

/// Abbreviations that end in a period inside a sentence, so ".," after them is not a break.
const COMMA_ABBREVS: [&str; 12] = ["etc", "e.g", "i.e", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "al"];

/// Exports that turned every line break into a comma ("HISTORY:,  She …", "colic.,PLAN:,1.  …",
/// "ANESTHESIA:  ,General.") lose their structure. Returns the text with those commas turned
/// into line breaks — same length, same byte offsets — or `None` when there are none:
/// a comma right after a sentence end (not after "e.g." or "Dr."), a comma right after a
/// label's colon, and a comma right before an upper-case heading that is itself followed by
/// ":," (the heading's own line break).
pub(crate) fn reshape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<usize> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b',' {
            continue;
        }
        let before = text.get(..i).unwrap_or("");
        let prev = before.trim_end_matches([' ', '\t']);
        let after_colon = prev.ends_with(':');
        let after_period = before.ends_with('.') && {
            let word: String =
                before.trim_end_matches('.').chars().rev().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
            let word: String = word.chars().rev().collect::<String>().to_ascii_lowercase();
            !word.is_empty() && !word.contains('.') && !COMMA_ABBREVS.contains(&word.as_str())
        };
        let heading_next = {
            let rest = text.get(i + 1..).unwrap_or("").trim_start_matches([' ', '\t']);
            let head: String = rest.chars().take(60).take_while(|&c| c != ':' && c != '\n').collect();
            let letters = head.chars().filter(|c| c.is_alphabetic()).count();
            let tail = rest.get(head.len()..).unwrap_or("");
            tail.starts_with(':')
                && tail.get(1..).unwrap_or("").trim_start_matches([' ', '\t']).starts_with(',')
                && letters >= 3
                && head.chars().all(|c| c.is_ascii_uppercase() || " /&()'-0123456789".contains(c))
        };
        // "…, etc.,Neuro:  Denies headache": after a period, a capitalised label of up to three
        // words and its colon start a new field even after an abbreviation.
        let label_next = before.ends_with('.') && {
            let rest = text.get(i + 1..).unwrap_or("").trim_start_matches([' ', '\t']);
            let head: String = rest.chars().take(40).take_while(|&c| c != ':' && c != '\n' && c != ',').collect();
            rest.get(head.len()..).unwrap_or("").starts_with(':')
                && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && head.split_whitespace().count() <= 3
                && head.chars().all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '/')
        };
        if after_colon || after_period || heading_next || label_next {
            cuts.push(i);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    for i in cuts {
        if let Some(b) = out.get_mut(i) {
            *b = b'\n';
        }
    }
    // Only ASCII commas were replaced by ASCII line breaks, so the bytes stay valid UTF-8.
    String::from_utf8(out).ok()
}

/// Splits a note into sentences with their sections. `lower` is the ASCII-lowercased text.
pub(crate) fn split(text: &str, lower: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut section = Section::Other;
    let mut para = 0;
    let mut subnote = 0;
    let mut prev_blank = true;
    for (line_no, (ls, le)) in lines(text).into_iter().enumerate() {
        let content = slice(text, ls, le);
        if content.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}').is_empty() {
            if !prev_blank {
                para += 1;
            }
            prev_blank = true;
            continue;
        }
        let marker = list_marker_len(content);
        let list_item = marker > 0;
        let table_row =
            content.contains('|') && content.matches('|').count() >= 2 || content.matches('\t').count() >= 2;
        if let Some((kind, banner)) = bare_heading(text, ls, le) {
            if banner {
                subnote += 1;
            }
            para += 1;
            section = kind.unwrap_or(Section::Other);
            let (s, e) = super::text::trim_span(text, ls, le);
            out.push(Sentence {
                note: 0,
                start: s,
                end: e,
                line: line_no,
                line_start: true,
                para,
                subnote,
                section,
                label: None,
                body: e,
                list_item: false,
                table_row: false,
                heading: true,
            });
            prev_blank = false;
            continue;
        }
        // Hard-wrapped prose: join to the previous sentence.
        let first_char = content.trim_start().chars().next();
        let joinable = !list_item
            && !table_row
            && first_char.is_some_and(|c| c.is_lowercase())
            && !prev_blank
            && out.last().is_some_and(|p| {
                !p.heading && !p.table_row && p.end <= ls && {
                    let tail = slice(text, p.start, p.end).trim_end();
                    !tail.ends_with(['.', ':', ';', '!', '?']) && p.end - p.start < MAX_SENTENCE
                }
            });
        let mut first_in_line = true;
        let mut s = ls + marker;
        let bytes = text.as_bytes();
        let mut at = ls;
        // Inside quoted speech ("She said "I fell. It hurts." and left") a period does not
        // end the sentence; an unbalanced quote stops counting after QUOTE_REACH bytes.
        let mut quote_open: Option<usize> = None;
        while at <= le {
            // Delimiters are ASCII, so cutting at them always lands on a character boundary.
            let c = if at < le { bytes.get(at).copied().unwrap_or(b'\n') } else { b'\n' };
            // A closing quote right after a sentence end ("… I wet the bed."  In talking …)
            // ends the sentence after the quote.
            let mut close_cut = false;
            match (c, bytes.get(at + 1).copied(), bytes.get(at + 2).copied()) {
                (b'"', _, _) if quote_open.is_some() => {
                    quote_open = None;
                    close_cut = at > s && matches!(bytes.get(at - 1), Some(b'.' | b'!' | b'?'));
                }
                (b'"', _, _) => quote_open = Some(at),
                (0xE2, Some(0x80), Some(0x9C)) => quote_open = Some(at),
                (0xE2, Some(0x80), Some(0x9D)) => {
                    quote_open = None;
                    close_cut = at > s && matches!(bytes.get(at - 1), Some(b'.' | b'!' | b'?'));
                }
                _ => {}
            }
            let close_len = if c == b'"' { 1 } else { 3 };
            let close_cut = close_cut
                && at + close_len < le
                && matches!(bytes.get(at + close_len), Some(b' ' | b'\t'))
                && slice(text, at + close_len, le)
                    .chars()
                    .find(|n| !n.is_whitespace())
                    .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit());
            if quote_open.is_some_and(|q| at > q + QUOTE_REACH) {
                quote_open = None;
            }
            let mut cut = None;
            if at >= le {
                cut = Some(le);
            } else if close_cut {
                cut = Some(at + close_len);
            } else if at < s || quote_open.is_some() {
                // inside the list marker, or inside quoted speech
            } else if matches!(c, b'.' | b'!' | b'?') {
                let next = if at + 1 < le { bytes.get(at + 1).copied() } else { None };
                if next.is_none_or(|n| matches!(n, b' ' | b'\t' | b'"' | b')')) {
                    let next_word_upper = slice(text, at + 1, le)
                        .chars()
                        .find(|n| !n.is_whitespace() && *n != '"' && *n != ')')
                        .is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || !n.is_alphabetic());
                    if c != b'.' || period_ends(lower, ls, at, next_word_upper) {
                        cut = Some(at + 1);
                    }
                }
            } else if c == b' ' && at - s > MAX_SENTENCE {
                cut = Some(at);
            }
            if let Some(e) = cut {
                let (ts, te) = super::text::trim_span(text, s, e);
                if te > ts {
                    let joined = first_in_line && joinable;
                    if joined {
                        if let Some(p) = out.last_mut() {
                            p.end = te;
                        }
                    } else {
                        let label = leading_label(text, ts, te);
                        let mut heading = false;
                        if let Some((a, b, body)) = label {
                            if let Some(kind) = section_for_label(slice(text, a, b)) {
                                section = kind;
                                if first_in_line {
                                    para += 1;
                                }
                            }
                            heading = slice(text, body, te).trim().is_empty();
                        }
                        out.push(Sentence {
                            note: 0,
                            start: ts,
                            end: te,
                            line: line_no,
                            line_start: first_in_line,
                            para,
                            subnote,
                            section,
                            label: label.map(|(a, b, _)| (a, b)),
                            body: label.map_or(ts, |(_, _, body)| body.min(te)),
                            list_item: list_item && first_in_line,
                            table_row,
                            heading,
                        });
                    }
                    first_in_line = false;
                }
                s = e;
            }
            if at >= le {
                break;
            }
            at += 1;
        }
        prev_blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_joined_exports_get_their_lines_back() {
        let t = "HISTORY:,  She has pain.,PAST MEDICAL HISTORY: ,Asthma.,PLAN:,1.  MRI.,2.  PT, e.g., stretching.";
        let r = reshape(t).expect("reshaped");
        assert_eq!(r.len(), t.len());
        assert_eq!(
            r,
            "HISTORY:\n  She has pain.\nPAST MEDICAL HISTORY: \nAsthma.\nPLAN:\n1.  MRI.\n2.  PT, e.g., stretching."
        );
        // Ordinary prose keeps its commas.
        assert_eq!(reshape("BP 120/80, HR 72, SPO2: 98% on RA, afebrile."), None);
        assert_eq!(reshape("Seen by Dr., then discharged."), None);
        assert_eq!(
            reshape("Ortho:  Denies joint pain, etc.,Neuro:  Denies headache.").as_deref(),
            Some("Ortho:  Denies joint pain, etc.\nNeuro:  Denies headache.")
        );
        // Headings without the comma-break signature stay inline.
        assert_eq!(reshape("Pain in knee, TOBACCO: none"), None);
    }

    fn texts(t: &str) -> Vec<String> {
        let l = t.to_ascii_lowercase();
        split(t, &l).iter().map(|s| t[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t = "Seen by Dr. Smith and L. Whitebird today. Hgb 9.6 g/dL. Pt. has pain x6 wks. Next visit.";
        assert_eq!(
            texts(t),
            ["Seen by Dr. Smith and L. Whitebird today.", "Hgb 9.6 g/dL.", "Pt. has pain x6 wks.", "Next visit."]
        );
        assert_eq!(texts("s/p ORIF; h/o DM. f/u in 2 wks."), ["s/p ORIF; h/o DM.", "f/u in 2 wks."]);
        assert_eq!(texts("took it x6 wks. then stopped"), ["took it x6 wks. then stopped"]);
    }

    #[test]
    fn quoted_speech_is_not_cut() {
        // dictated, curly-quoted report, templated consent line
        assert_eq!(
            texts("She said \"I fell. It hurts.\" She was seen. Next."),
            ["She said \"I fell. It hurts.\"", "She was seen.", "Next."]
        );
        assert_eq!(
            texts("The report reads \u{201c}No fracture. No dislocation.\u{201d} Done."),
            ["The report reads \u{201c}No fracture. No dislocation.\u{201d}", "Done."]
        );
        assert_eq!(
            texts("Consent for \"L4-5 laminectomy. Possible fusion.\" signed. Plan: OR."),
            ["Consent for \"L4-5 laminectomy. Possible fusion.\" signed.", "Plan: OR."]
        );
    }

    #[test]
    fn lines_lists_and_wrapping() {
        let t = "HPI: pain in the left\nknee for 2 weeks.\n- PT x6 wks\n- NSAID\n\nPLAN\nMRI.";
        let l = t.to_ascii_lowercase();
        let s = split(t, &l);
        let got: Vec<&str> = s.iter().map(|x| &t[x.start..x.end]).collect();
        assert_eq!(got, ["HPI: pain in the left\nknee for 2 weeks.", "PT x6 wks", "NSAID", "PLAN", "MRI."]);
        assert_eq!(s[0].section, Section::Hpi);
        assert!(s[1].list_item);
        assert_eq!(s[4].section, Section::Plan);
        assert!(s[3].heading);
    }

    #[test]
    fn unusual_line_breaks_and_labels() {
        let t = "CC: cough\u{2028}Exam: clear\u{85}A/P: bronchitis\r\nPlan: rest";
        let l = t.to_ascii_lowercase();
        let kinds: Vec<Section> = split(t, &l).iter().map(|s| s.section).collect();
        assert_eq!(kinds, [Section::ChiefComplaint, Section::Exam, Section::AssessmentPlan, Section::Plan]);
        let t = "=== MICU ADMISSION HISTORY AND PHYSICAL === 06/03/2025\nCC: fever";
        let l = t.to_ascii_lowercase();
        let s = split(t, &l);
        assert_eq!(s[1].subnote, 1);
    }

    #[test]
    fn long_runs_are_cut() {
        let t = "word ".repeat(1000);
        let l = t.to_ascii_lowercase();
        let s = split(&t, &l);
        assert!(s.len() > 4);
        assert!(s.iter().all(|x| x.end - x.start <= MAX_SENTENCE + 8));
    }
}
