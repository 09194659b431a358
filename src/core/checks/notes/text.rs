//! Small text helpers shared by the note analysis: word boundaries, word tokens and trimming.
//!
//! Every function takes byte offsets into a note and never panics: offsets that are out of
//! range or not on a character boundary simply give "no" answers (`None`, `false`, empty).
//! The analysis runs on an ASCII-lowercased copy of each note, which has exactly the same byte
//! offsets as the original, so positions found in one are valid in the other.

/// The character that ends just before byte `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

/// The character that starts at byte `at`, if any.
pub(crate) fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// True when a word may start at `at` (nothing alphanumeric right before it).
pub(crate) fn word_start(text: &str, at: usize) -> bool {
    char_before(text, at).is_none_or(|c| !c.is_alphanumeric())
}

/// True when a word may end at `at` (nothing alphanumeric right after it).
pub(crate) fn word_end(text: &str, at: usize) -> bool {
    char_after(text, at).is_none_or(|c| !c.is_alphanumeric())
}

/// `text[start..end]`, or "" when the range is not a valid slice.
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

/// Trims whitespace and list/table decoration from both ends of `start..end`, returning the
/// narrowed range (never wider than the input; empty ranges stay empty).
pub(crate) fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = slice(text, start, end);
    let junk = |c: char| c.is_whitespace() || c == '|' || c == '\u{feff}' || c == '\u{200b}' || c.is_control();
    let lead = piece.len() - piece.trim_start_matches(junk).len();
    let trimmed = piece.trim_matches(junk);
    let s = start + lead;
    (s, s + trimmed.len())
}

/// The one definition of a word boundary for [`words`], [`word_count`] and [`within_words`]
/// (three loops rather than one iterator: these are hot paths, and the iterator measured ~30 %
/// slower on the adversarial benchmarks). True when `c`, a non-alphanumeric character, stays
/// inside the current word: `'` or `-` between letters or digits, `.` between digits.
#[inline(always)]
fn joins_word(c: char, in_word: bool, prev: Option<char>, next: Option<char>) -> bool {
    matches!(c, '\'' | '.' | '-')
        && in_word
        && prev.is_some_and(|p| p.is_alphanumeric())
        && next.is_some_and(|n| n.is_alphanumeric())
        && (c != '.' || (prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())))
}

/// Word tokens (runs of alphanumeric characters, with inner `'`, `-`, `.` between digits) in
/// `start..end` as absolute byte ranges.
pub(crate) fn words(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let piece = slice(text, start, end);
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut iter = piece.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let joins = joins_word(c, cur.is_some(), prev, next);
        if c.is_alphanumeric() || joins {
            if cur.is_none() {
                cur = Some(i);
            }
        } else if let Some(s) = cur.take() {
            out.push((start + s, start + i));
        }
        prev = Some(c);
    }
    if let Some(s) = cur {
        out.push((start + s, start + piece.len()));
    }
    out
}

/// How many word tokens lie in `start..end`.
pub(crate) fn word_count(text: &str, start: usize, end: usize) -> usize {
    if end <= start {
        return 0;
    }
    // Same word boundaries as [`words`], without allocating.
    let mut count = 0;
    let mut in_word = false;
    let mut prev: Option<char> = None;
    let mut iter = slice(text, start, end).chars().peekable();
    while let Some(c) = iter.next() {
        let next = iter.peek().copied();
        let joins = joins_word(c, in_word, prev, next);
        if c.is_alphanumeric() || joins {
            if !in_word {
                count += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
        prev = Some(c);
    }
    count
}

/// True when `start..end` holds at most `limit` words; stops counting as soon as it knows.
pub(crate) fn within_words(text: &str, start: usize, end: usize, limit: usize) -> bool {
    if end <= start {
        return true;
    }
    let mut count = 0;
    let mut in_word = false;
    let mut prev: Option<char> = None;
    let mut iter = slice(text, start, end).chars().peekable();
    while let Some(c) = iter.next() {
        let next = iter.peek().copied();
        let joins = joins_word(c, in_word, prev, next);
        if c.is_alphanumeric() || joins {
            if !in_word {
                count += 1;
                if count > limit {
                    return false;
                }
                in_word = true;
            }
        } else {
            in_word = false;
        }
        prev = Some(c);
    }
    true
}

/// Finds `needle` (already lowercase) in the lowercase `hay` within `start..end`, at word
/// boundaries. Returns the absolute start.
pub(crate) fn find_word(hay: &str, start: usize, end: usize, needle: &str) -> Option<usize> {
    let piece = slice(hay, start, end);
    let mut from = 0;
    while let Some(pos) = piece.get(from..).and_then(|p| p.find(needle)) {
        let at = start + from + pos;
        if word_start(hay, at) && word_end(hay, at + needle.len()) {
            return Some(at);
        }
        from += pos + needle.len().max(1);
    }
    None
}

/// True when the lowercase `hay` contains any of `needles` as plain substrings in `start..end`.
pub(crate) fn has_any(hay: &str, start: usize, end: usize, needles: &[&str]) -> bool {
    let piece = slice(hay, start, end);
    needles.iter().any(|n| piece.contains(n))
}

/// Parses a small English number word or digits ("two", "12", "1.5", "a", "a couple").
pub(crate) fn number_value(word: &str) -> Option<f64> {
    let w = word.trim_matches(|c: char| c == '~' || c == '+' || c == '>' || c == '<' || c == '≥' || c == '≤');
    if let Ok(v) = w.parse::<f64>() {
        return Some(v);
    }
    let v = match w {
        "a" | "an" | "one" | "single" => 1.0,
        "two" | "couple" => 2.0,
        "three" | "few" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "eighteen" => 18.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "several" => 3.0,
        "half" => 0.5,
        _ => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_words() {
        let t = "pain 7/10, x6 wks; né-ok";
        assert!(word_start(t, 0));
        assert!(!word_start(t, 1));
        assert!(word_end(t, 4));
        let w: Vec<&str> = words(t, 0, t.len()).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["pain", "7", "10", "x6", "wks", "né-ok"]);
        assert_eq!(words("9.6 mg", 0, 6).len(), 2);
        assert!(words(t, 3, 1).is_empty());
        assert_eq!(word_count(t, 0, t.len()), 6);
        assert_eq!(word_count("9.6 mg, x6 wks", 0, 14), 4);
        assert!(within_words(t, 0, t.len(), 6));
        assert!(!within_words(t, 0, t.len(), 5));
        assert!(within_words(t, 9, 2, 0));
    }

    #[test]
    fn never_panics_on_bad_offsets() {
        let t = "né";
        assert_eq!(char_before(t, 2), None);
        assert_eq!(slice(t, 0, 2), "");
        assert!(words(t, 0, 99).is_empty());
        assert_eq!(trim_span(t, 5, 9), (5, 5));
        assert_eq!(find_word("no pain", 0, 99, "pain"), None);
        assert_eq!(find_word("no pain", 0, 7, "pain"), Some(3));
        assert_eq!(find_word("no painful", 0, 10, "pain"), None);
    }

    #[test]
    fn trims_decoration() {
        let t = "  | Goal text |  ";
        let (s, e) = trim_span(t, 0, t.len());
        assert_eq!(&t[s..e], "Goal text");
        assert_eq!(number_value("two"), Some(2.0));
        assert_eq!(number_value("~4"), Some(4.0));
    }
}
