//! Dates and durations as clinicians write them, resolved against a reference date.
//!
//! Dates: `01/28/2025`, `3/4/25`, `04-Mar-2025`, `2025-03-04`, `20250304`, `2025年4月28日`,
//! `Aug 2024`, `08/2024`, `March 4, 2025`, `mid-March (of last year)`, `spring 2023`,
//! `Christmas`, and partial `MM/DD` (year taken from the reference date). Ranges such as
//! `09/03-10/29/2024` or `12/28/2024 - 02/25/2025` give a duration.
//!
//! Durations: `x6 wks`, `x2d`, `8 weeks`, `5+ months`, `48-72 h`, `two months`, `a few days`,
//! `6/52` (weeks), `3/12` (months) and `3/7` (days) when the context says so, `for years`,
//! `since <date>` (up to the reference date), `2 midnights`, `PT x2 visits` (a count, not a
//! time). Frequencies (`q8h`, `every 21 days`, `2x/wk`) are recognised so callers can skip them.
//!
//! All positions are absolute byte offsets into the (lowercased) note; nothing here panics.

use super::text::{number_value, slice};
use chrono::{Datelike, Duration, NaiveDate};

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precision {
    /// A calendar day.
    Day,
    /// A month ("Aug 2024", "mid-March").
    Month,
    /// A year ("in 2021").
    Year,
}

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateHit {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The (first) day it denotes.
    pub date: NaiveDate,
    /// How precise it is.
    pub precision: Precision,
}

/// The unit a duration was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days (or nights).
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
    /// Years.
    Years,
    /// Hospital midnights.
    Midnights,
    /// A count of visits, sessions, treatments or cycles: not a length of time.
    Count,
}

/// What a duration expression says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DurKind {
    /// A length of time ("x6 wks", "for 2 months", "8 weeks of PT").
    Length,
    /// Time before now ("2 months ago", "36 hours prior to arrival").
    Ago,
    /// From a date up to the reference date ("since Aug 2024").
    Since,
    /// Between two dates ("09/03-10/29/2024").
    Range,
    /// A frequency or interval ("every 21 days", "q8h", "2x/wk"): not a duration.
    Frequency,
    /// An age or time point ("at 18 hours of life", "POD 1").
    Point,
}

/// A duration found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DurHit {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Length in days (lower bound for ranges such as "48-72 h"); 0 for counts.
    pub days: f64,
    /// The unit as written.
    pub unit: Unit,
    /// What kind of expression it is.
    pub kind: DurKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(f64, &'a str),
    Word(&'a str),
    Sym(char),
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
    /// Whitespace between this token and the previous one.
    gap: bool,
}

fn is_sym_char(c: char) -> bool {
    matches!(c, '年' | '月' | '日')
}

fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    let piece = slice(text, start, end);
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut gap = false;
    let mut iter = piece.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        let (tok_end, tok) = if c.is_ascii_digit() {
            let mut e = i + c.len_utf8();
            while let Some(&(j, n)) = iter.peek() {
                let after = piece.get(j + n.len_utf8()..).and_then(|s| s.chars().next());
                let joins = (n == '.' || n == ',') && after.is_some_and(|a| a.is_ascii_digit());
                if n.is_ascii_digit() || joins {
                    iter.next();
                    e = j + n.len_utf8();
                } else {
                    break;
                }
            }
            let raw = piece.get(i..e).unwrap_or("");
            let clean: String = raw.chars().filter(|&ch| ch != ',').collect();
            (e, Tok::Num(clean.parse::<f64>().unwrap_or(f64::NAN), raw))
        } else if c.is_alphabetic() && !is_sym_char(c) {
            let mut e = i + c.len_utf8();
            while let Some(&(j, n)) = iter.peek() {
                if n.is_alphabetic() && !is_sym_char(n) {
                    iter.next();
                    e = j + n.len_utf8();
                } else {
                    break;
                }
            }
            (e, Tok::Word(piece.get(i..e).unwrap_or("")))
        } else {
            (i + c.len_utf8(), Tok::Sym(c))
        };
        out.push(Token { tok, start: start + i, end: start + tok_end, gap });
        gap = false;
    }
    out
}

fn month_of(word: &str) -> Option<u32> {
    let m = match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

fn season_month(word: &str) -> Option<u32> {
    match word {
        "spring" => Some(4),
        "summer" => Some(7),
        "fall" | "autumn" => Some(10),
        "winter" => Some(1),
        _ => None,
    }
}

fn full_year(y: f64, raw: &str) -> Option<i32> {
    if !(y.is_finite() && y >= 0.0 && y.fract() == 0.0) {
        return None;
    }
    let y = y as i32;
    match raw.len() {
        4 if (1900..=2100).contains(&y) => Some(y),
        2 => Some(2000 + y),
        _ => None,
    }
}

fn int(v: f64) -> Option<u32> {
    (v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 100_000_000.0).then_some(v as u32)
}

/// A month/day without a year, placed in the year of `reference` (or the year before when it
/// would fall more than a month after the reference).
fn place_year(month: u32, day: u32, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    let r = reference?;
    let d = NaiveDate::from_ymd_opt(r.year(), month, day)?;
    if d > r + Duration::days(31) { NaiveDate::from_ymd_opt(r.year() - 1, month, day) } else { Some(d) }
}

fn tok_word<'a>(toks: &[Token<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i)?.tok {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

fn tok_num<'a>(toks: &[Token<'a>], i: usize) -> Option<(f64, &'a str)> {
    match toks.get(i)?.tok {
        Tok::Num(v, raw) => Some((v, raw)),
        _ => None,
    }
}

fn tok_sym(toks: &[Token<'_>], i: usize, c: char) -> bool {
    toks.get(i).is_some_and(|t| t.tok == Tok::Sym(c))
}

fn tight(toks: &[Token<'_>], i: usize) -> bool {
    toks.get(i).is_some_and(|t| !t.gap)
}

/// Tries to read a date starting at token `i`; returns the date, its precision and the index of
/// the token after it. `partial` receives a month/day without a year for range handling.
fn date_at(toks: &[Token<'_>], i: usize, reference: Option<NaiveDate>) -> Option<(NaiveDate, Precision, usize)> {
    let t = toks.get(i)?;
    match t.tok {
        Tok::Num(v, raw) => {
            // 2025年4月28日
            if tok_sym(toks, i + 1, '年') {
                let y = full_year(v, raw)?;
                let (m, _) = tok_num(toks, i + 2)?;
                if tok_sym(toks, i + 3, '月') {
                    if let Some((d, _)) = tok_num(toks, i + 4)
                        && tok_sym(toks, i + 5, '日')
                    {
                        let date = NaiveDate::from_ymd_opt(y, int(m)?, int(d)?)?;
                        return Some((date, Precision::Day, i + 6));
                    }
                    let date = NaiveDate::from_ymd_opt(y, int(m)?, 1)?;
                    return Some((date, Precision::Month, i + 4));
                }
                return None;
            }
            // 20250304
            if raw.len() == 8 && !raw.contains(['.', ',']) {
                let n = int(v)?;
                let (y, m, d) = ((n / 10000) as i32, (n / 100) % 100, n % 100);
                if (1900..=2100).contains(&y) {
                    let date = NaiveDate::from_ymd_opt(y, m, d)?;
                    return Some((date, Precision::Day, i + 1));
                }
                return None;
            }
            // 2025-03-04
            if raw.len() == 4
                && tok_sym(toks, i + 1, '-')
                && tight(toks, i + 1)
                && tight(toks, i + 2)
                && let (Some((m, _)), true, Some((d, _))) =
                    (tok_num(toks, i + 2), tok_sym(toks, i + 3, '-'), tok_num(toks, i + 4))
            {
                let y = full_year(v, raw)?;
                let date = NaiveDate::from_ymd_opt(y, int(m)?, int(d)?)?;
                return Some((date, Precision::Day, i + 5));
            }
            // 04-Mar-2025, 4 March 2025
            if let Some(mon) = tok_word(toks, i + 1 + usize::from(tok_sym(toks, i + 1, '-'))).and_then(month_of) {
                let mi = i + 1 + usize::from(tok_sym(toks, i + 1, '-'));
                let yi = mi + 1 + usize::from(tok_sym(toks, mi + 1, '-') || tok_sym(toks, mi + 1, ','));
                if let Some((y, yraw)) = tok_num(toks, yi)
                    && let Some(y) = full_year(y, yraw)
                {
                    let date = NaiveDate::from_ymd_opt(y, mon, int(v)?)?;
                    return Some((date, Precision::Day, yi + 1));
                }
                let date = place_year(mon, int(v)?, reference)?;
                return Some((date, Precision::Day, mi + 1));
            }
            // M/D/Y, M/D, M/YYYY ; also M-D-YYYY
            for sep in ['/', '-', '.'] {
                if tok_sym(toks, i + 1, sep) && tight(toks, i + 1) && tight(toks, i + 2) {
                    let (b, braw) = tok_num(toks, i + 2)?;
                    if braw.len() == 4 && sep != '.' {
                        let y = full_year(b, braw)?;
                        let date = NaiveDate::from_ymd_opt(y, int(v)?, 1)?;
                        return Some((date, Precision::Month, i + 3));
                    }
                    if tok_sym(toks, i + 3, sep)
                        && tight(toks, i + 3)
                        && tight(toks, i + 4)
                        && let Some((y, yraw)) = tok_num(toks, i + 4)
                    {
                        let y = full_year(y, yraw)?;
                        let date = NaiveDate::from_ymd_opt(y, int(v)?, int(b)?)?;
                        return Some((date, Precision::Day, i + 5));
                    }
                    if sep == '/' && raw.len() <= 2 && braw.len() <= 2 {
                        let date = place_year(int(v)?, int(b)?, reference)?;
                        return Some((date, Precision::Day, i + 3));
                    }
                    return None;
                }
            }
            // a bare year
            if raw.len() == 4
                && let Some(y) = full_year(v, raw)
            {
                let date = NaiveDate::from_ymd_opt(y, 1, 1)?;
                return Some((date, Precision::Year, i + 1));
            }
            None
        }
        Tok::Word(w) => {
            // mid-March, early October (of last year)
            let (w, mut j) = if matches!(w, "mid" | "early" | "late" | "end") {
                let k = i + 1 + usize::from(tok_sym(toks, i + 1, '-'));
                (tok_word(toks, k)?, k)
            } else {
                (w, i)
            };
            if let Some(mon) = month_of(w).or_else(|| season_month(w)) {
                if w == "may" && j == i && tok_num(toks, j + 1).is_none_or(|(_, raw)| raw.len() != 4) {
                    return None; // "may" the verb
                }
                if w == "mar" && j == i && tok_num(toks, j + 1).is_none() {
                    return None;
                }
                j += 1;
                // March 4, 2025 / Aug 2024
                if let Some((n, raw)) = tok_num(toks, j) {
                    if let Some(y) = full_year(n, raw) {
                        let date = NaiveDate::from_ymd_opt(y, mon, 1)?;
                        return Some((date, Precision::Month, j + 1));
                    }
                    if raw.len() <= 2 && month_of(w).is_some() {
                        let day = int(n)?;
                        let yi = j + 1 + usize::from(tok_sym(toks, j + 1, ','));
                        if let Some((y, yraw)) = tok_num(toks, yi)
                            && let Some(y) = full_year(y, yraw)
                        {
                            let date = NaiveDate::from_ymd_opt(y, mon, day)?;
                            return Some((date, Precision::Day, yi + 1));
                        }
                        let date = place_year(mon, day, reference)?;
                        return Some((date, Precision::Day, j + 1));
                    }
                }
                let r = reference?;
                let mut year = r.year();
                if tok_word(toks, j) == Some("of") && tok_word(toks, j + 1) == Some("last") {
                    year -= 1;
                    j += 3;
                } else if NaiveDate::from_ymd_opt(year, mon, 1)? > r {
                    year -= 1;
                }
                let date = NaiveDate::from_ymd_opt(year, mon, 1)?;
                return Some((date, Precision::Month, j));
            }
            if w == "christmas" {
                let r = reference?;
                let mut d = NaiveDate::from_ymd_opt(r.year(), 12, 25)?;
                if d > r {
                    d = NaiveDate::from_ymd_opt(r.year() - 1, 12, 25)?;
                }
                return Some((d, Precision::Day, i + 1));
            }
            None
        }
        Tok::Sym(_) => None,
    }
}

/// Every date in `start..end` of `text` (lowercase), with years of partial dates taken from
/// `reference`.
pub(crate) fn dates(text: &str, start: usize, end: usize, reference: Option<NaiveDate>) -> Vec<DateHit> {
    let toks = tokenize(text, start, end);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A date inside a longer number-ish run ("1.5", "12/15 items") is skipped by the
        // caller's context; here we only avoid starting inside a word run like "x6".
        let starts_ok = i == 0
            || toks.get(i).is_some_and(|t| t.gap)
            || !matches!(toks.get(i - 1).map(|t| t.tok), Some(Tok::Word(_)) | Some(Tok::Num(..)));
        if starts_ok && let Some((date, precision, next)) = date_at(&toks, i, reference) {
            let (s, e) = (toks.get(i).map_or(start, |t| t.start), toks.get(next - 1).map_or(end, |t| t.end));
            // Skip score-like fractions: "5/15 items", "9/10 trials", "7/10".
            let fraction = matches!(toks.get(next).map(|t| t.tok), Some(Tok::Word(w)) if matches!(w, "items" | "trials" | "steps" | "correct" | "accuracy" | "points" | "words"));
            let is_pain = slice(text, s, e).ends_with("/10") || slice(text, s, e).ends_with("/5");
            if !fraction && !is_pain {
                out.push(DateHit { start: s, end: e, date, precision });
            }
            i = next;
            continue;
        }
        i += 1;
    }
    out
}

fn unit_of(word: &str) -> Option<(Unit, f64)> {
    let u = match word {
        "min" | "mins" | "minute" | "minutes" => (Unit::Minutes, 1.0 / 1440.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => (Unit::Hours, 1.0 / 24.0),
        "d" | "day" | "days" | "night" | "nights" => (Unit::Days, 1.0),
        "wk" | "wks" | "week" | "weeks" | "w" => (Unit::Weeks, 7.0),
        "mo" | "mos" | "month" | "months" | "mth" | "mths" => (Unit::Months, 30.44),
        "y" | "yr" | "yrs" | "year" | "years" => (Unit::Years, 365.25),
        "midnight" | "midnights" => (Unit::Midnights, 1.0),
        "visit" | "visits" | "session" | "sessions" | "treatment" | "treatments" | "cycle" | "cycles" => {
            (Unit::Count, 0.0)
        }
        _ => return None,
    };
    Some(u)
}

fn frequency_before(toks: &[Token<'_>], i: usize) -> bool {
    let prev = i.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.tok);
    let prev2 = i.checked_sub(2).and_then(|p| toks.get(p)).map(|t| t.tok);
    matches!(prev, Some(Tok::Word("q" | "every" | "per" | "each" | "qd")))
        || matches!((prev2, prev), (Some(Tok::Word("every" | "per")), Some(Tok::Word(_))))
        || matches!((prev2, prev), (Some(Tok::Word("every")), Some(Tok::Word("other"))))
}

/// Every duration in `start..end` of lowercase `text`. `reference` resolves "since <date>".
pub(crate) fn durations(text: &str, start: usize, end: usize, reference: Option<NaiveDate>) -> Vec<DurHit> {
    let toks = tokenize(text, start, end);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        // "since <date>" / "since age N"
        if t.tok == Tok::Word("since") {
            if let Some((date, _, next)) = date_at(&toks, i + 1, reference) {
                if let Some(r) = reference {
                    let days = (r - date).num_days() as f64;
                    if days >= 0.0 {
                        let e = toks.get(next - 1).map_or(end, |t| t.end);
                        out.push(DurHit { start: t.start, end: e, days, unit: Unit::Days, kind: DurKind::Since });
                    }
                }
                i = next;
                continue;
            }
            if tok_word(&toks, i + 1) == Some("age") {
                let e = toks.get(i + 2).map_or(t.end, |t| t.end);
                out.push(DurHit {
                    start: t.start,
                    end: e,
                    days: 365.25 * 5.0,
                    unit: Unit::Years,
                    kind: DurKind::Since,
                });
                i += 2;
                continue;
            }
        }
        // "for years", "for many months", "on and off for years"
        if t.tok == Tok::Word("for") {
            let k = i + 1 + usize::from(matches!(tok_word(&toks, i + 1), Some("many" | "several" | "some")));
            if let Some(w @ ("years" | "months" | "decades" | "weeks")) = tok_word(&toks, k) {
                let days = match w {
                    "decades" => 3650.0,
                    "years" => 730.0,
                    "months" => 60.0,
                    _ => 14.0,
                };
                let e = toks.get(k).map_or(end, |t| t.end);
                let unit = if w == "weeks" {
                    Unit::Weeks
                } else if w == "months" {
                    Unit::Months
                } else {
                    Unit::Years
                };
                out.push(DurHit { start: t.start, end: e, days, unit, kind: DurKind::Length });
                i = k + 1;
                continue;
            }
        }
        // date ranges: 09/03-10/29/2024, 12/28/2024 - 02/25/2025, 01/06 to 03/14/2025
        if let Tok::Num(..) = t.tok
            && let Some((d1, p1, next)) = date_at(&toks, i, reference)
        {
            let sep = toks.get(next).map(|t| t.tok);
            let k = match sep {
                Some(Tok::Sym('-' | '–' | '—')) => Some(next + 1),
                Some(Tok::Word("to" | "through" | "thru" | "until")) => Some(next + 1),
                _ => None,
            };
            if let Some(k) = k
                && let Some((d2, _, after)) = date_at(&toks, k, reference)
            {
                let mut a = d1;
                // "09/03-10/29/2024": the first date takes the second date's year.
                if p1 == Precision::Day && a.year() != d2.year() && (d2 - a).num_days() > 366 {
                    a = NaiveDate::from_ymd_opt(d2.year(), a.month(), a.day()).unwrap_or(a);
                    if a > d2 {
                        a = NaiveDate::from_ymd_opt(d2.year() - 1, a.month(), a.day()).unwrap_or(a);
                    }
                }
                let days = (d2 - a).num_days() as f64;
                if (0.0..=3660.0).contains(&days) {
                    let e = toks.get(after - 1).map_or(end, |t| t.end);
                    out.push(DurHit { start: t.start, end: e, days, unit: Unit::Days, kind: DurKind::Range });
                    i = after;
                    continue;
                }
            }
        }
        // N/52, N/12, N/7
        if let (Tok::Num(n, raw), true) =
            (t.tok, tok_sym(&toks, i + 1, '/') && tight(&toks, i + 1) && tight(&toks, i + 2))
            && let Some((den, _)) = tok_num(&toks, i + 2)
        {
            let prev = i.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.tok);
            let next = toks.get(i + 3).map(|t| t.tok);
            let contextual = matches!(
                prev,
                Some(Tok::Sym('('))
                    | Some(Tok::Word("x" | "for" | "past" | "last" | "now" | "about" | "approx" | "approximately"))
                    | Some(Tok::Sym('~'))
            ) || matches!(
                next,
                Some(Tok::Word("post" | "ago" | "of" | "postop" | "duration" | "history" | "hx" | "prior"))
                    | Some(Tok::Sym(')'))
            );
            let unit = match den as i64 {
                52 => Some((Unit::Weeks, 7.0)),
                12 if contextual => Some((Unit::Months, 30.44)),
                7 if contextual => Some((Unit::Days, 1.0)),
                _ => None,
            };
            if let Some((unit, per)) = unit
                && n.is_finite()
                && n > 0.0
                && n < den
                && !raw.contains('.')
            {
                let e = toks.get(i + 2).map_or(end, |t| t.end);
                let kind = if matches!(next, Some(Tok::Word("ago"))) { DurKind::Ago } else { DurKind::Length };
                out.push(DurHit { start: t.start, end: e, days: n * per, unit, kind });
                i += 3;
                continue;
            }
        }
        // [x|~|about] N [-M] [+] UNIT  /  number words
        let number = match t.tok {
            Tok::Num(v, _) if v.is_finite() => Some(v),
            Tok::Word(w) => number_value(w).filter(|_| {
                !matches!(w, "a" | "an")
                    || tok_word(&toks, i + 1)
                        .is_some_and(|u| unit_of(u).is_some() && !matches!(u, "w" | "d" | "h" | "y"))
            }),
            _ => None,
        };
        if let Some(mut v) = number {
            // skip "a couple of", "a few"
            let mut k = i + 1;
            if let Tok::Word("couple" | "few") = toks.get(k).map(|t| t.tok).unwrap_or(Tok::Sym(' '))
                && matches!(t.tok, Tok::Word("a"))
            {
                v = if tok_word(&toks, k) == Some("couple") { 2.0 } else { 3.0 };
                k += 1;
                if tok_word(&toks, k) == Some("of") {
                    k += 1;
                }
            }
            // ranges "3-4", "7 to 10": keep the lower bound
            if (tok_sym(&toks, k, '-') || tok_sym(&toks, k, '–') || tok_word(&toks, k) == Some("to"))
                && tok_num(&toks, k + 1).is_some()
            {
                k += 2;
            }
            if tok_sym(&toks, k, '+') {
                k += 1;
            }
            // "2-month history", "6-week course"
            if tok_sym(&toks, k, '-')
                && tight(&toks, k)
                && tight(&toks, k + 1)
                && tok_word(&toks, k + 1).and_then(unit_of).is_some()
            {
                k += 1;
            }
            if let Some((unit, per)) = tok_word(&toks, k).and_then(unit_of) {
                let word = tok_word(&toks, k).unwrap_or("");
                // "2w4" is a visit frequency, "5d" directly after digits is fine.
                let freq_notation = word == "w" && tight(&toks, k + 1) && tok_num(&toks, k + 1).is_some();
                let after = tok_word(&toks, k + 1);
                // The word after, across a hyphen ("61-year-old", "six-month follow-up").
                let after_hyphen = if tok_sym(&toks, k + 1, '-') { tok_word(&toks, k + 2) } else { after };
                // An age is not a duration: "25-year-old", "61 years old", "4 yo".
                if matches!(after_hyphen, Some("old" | "yo" | "y/o")) {
                    i = k + 1;
                    continue;
                }
                // A follow-up interval is a schedule, not how long anything lasted:
                // "six-month follow-up", "follow up in 2 weeks", "return in 3 days".
                let follow_up = matches!(after_hyphen, Some("follow" | "followup" | "f/u" | "recheck" | "checkup"))
                    || tok_word(&toks, i.wrapping_sub(1)) == Some("in")
                        && (2..=4).any(|b| {
                            matches!(
                                tok_word(&toks, i.wrapping_sub(b)),
                                Some("follow" | "up" | "return" | "recheck" | "rtc" | "back" | "f/u" | "followup")
                            )
                        });
                let prior = matches!(after, Some("ago" | "prior" | "pta" | "before" | "earlier"));
                let point = matches!(after, Some("of")) && matches!(tok_word(&toks, k + 2), Some("life" | "age"))
                    || matches!(after, Some("hol" | "old"));
                let per_word = matches!(t.tok, Tok::Word("a" | "an"))
                    && matches!(
                        i.checked_sub(1).and_then(|p| toks.get(p)).map(|t| t.tok),
                        Some(Tok::Word(
                            "times"
                                | "episodes"
                                | "doses"
                                | "visits"
                                | "sessions"
                                | "x"
                                | "twice"
                                | "once"
                                | "thrice"
                                | "nights"
                                | "days"
                        )) | Some(Tok::Num(..))
                    );
                let frequency = per_word
                    || follow_up
                    || frequency_before(&toks, i)
                    || matches!(after, Some("apart" | "interval" | "intervals"))
                    || (word.len() == 1 && matches!(toks.get(i.wrapping_sub(1)).map(|t| t.tok), Some(Tok::Word("q"))));
                // "x6 wks": the x may be glued to the number.
                let s = match i.checked_sub(1).and_then(|p| toks.get(p)) {
                    Some(p) if matches!(p.tok, Tok::Word("x") | Tok::Sym('~')) => p.start,
                    _ => t.start,
                };
                let e = toks.get(k).map_or(end, |t| t.end);
                if !freq_notation && v.is_finite() && v >= 0.0 {
                    let kind = if frequency {
                        DurKind::Frequency
                    } else if prior {
                        DurKind::Ago
                    } else if point {
                        DurKind::Point
                    } else {
                        DurKind::Length
                    };
                    out.push(DurHit { start: s, end: e, days: v * per, unit, kind });
                    i = k + 1;
                    continue;
                }
            }
        }
        // "over the past month", "for the last week", "this year"
        if let Tok::Word("past" | "last" | "recent" | "this") = t.tok
            && let Some((unit, per)) = tok_word(&toks, i + 1).and_then(unit_of)
        {
            let word = tok_word(&toks, i + 1).unwrap_or("");
            if unit != Unit::Count && word.len() > 1 && !word.ends_with('s') {
                let e = toks.get(i + 1).map_or(end, |t| t.end);
                out.push(DurHit { start: t.start, end: e, days: per, unit, kind: DurKind::Length });
                i += 2;
                continue;
            }
        }
        // "q8h", "q21d"
        if t.tok == Tok::Word("q")
            && tight(&toks, i + 1)
            && let (Some((v, _)), Some((unit, per))) = (tok_num(&toks, i + 1), tok_word(&toks, i + 2).and_then(unit_of))
        {
            let e = toks.get(i + 2).map_or(end, |t| t.end);
            out.push(DurHit { start: t.start, end: e, days: v * per, unit, kind: DurKind::Frequency });
            i += 3;
            continue;
        }
        i += 1;
    }
    out
}

/// True when `start..end` holds a clock time such as `05:40` or `22:41`.
pub(crate) fn has_clock_time(text: &str, start: usize, end: usize) -> bool {
    let toks = tokenize(text, start, end);
    toks.windows(3).any(|w| match (w.first(), w.get(1), w.get(2)) {
        (Some(a), Some(b), Some(c)) => {
            matches!(a.tok, Tok::Num(h, raw) if raw.len() <= 2 && h < 24.0)
                && b.tok == Tok::Sym(':')
                && !b.gap
                && !c.gap
                && matches!(c.tok, Tok::Num(m, raw) if raw.len() == 2 && m < 60.0)
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn first_date(s: &str, r: Option<NaiveDate>) -> Option<NaiveDate> {
        let l = s.to_ascii_lowercase();
        dates(&l, 0, l.len(), r).first().map(|h| h.date)
    }

    fn durs(s: &str, r: Option<NaiveDate>) -> Vec<(f64, DurKind)> {
        let l = s.to_ascii_lowercase();
        durations(&l, 0, l.len(), r).iter().map(|h| ((h.days * 10.0).round() / 10.0, h.kind)).collect()
    }

    #[test]
    fn date_formats() {
        let r = Some(d(2025, 6, 30));
        assert_eq!(first_date("seen 04-Mar-2025", None), Some(d(2025, 3, 4)));
        assert_eq!(first_date("20250304", None), Some(d(2025, 3, 4)));
        assert_eq!(first_date("on 3/4/25", None), Some(d(2025, 3, 4)));
        assert_eq!(first_date("01/28/2025", None), Some(d(2025, 1, 28)));
        assert_eq!(first_date("2025年4月28日", None), Some(d(2025, 4, 28)));
        assert_eq!(first_date("2025-03-04", None), Some(d(2025, 3, 4)));
        assert_eq!(first_date("since Aug 2024", None), Some(d(2024, 8, 1)));
        assert_eq!(first_date("March 4, 2025", None), Some(d(2025, 3, 4)));
        assert_eq!(first_date("scheduled 12/20", Some(d(2024, 12, 10))), Some(d(2024, 12, 20)));
        assert_eq!(first_date("since mid-March of last year", Some(d(2025, 1, 6))), Some(d(2024, 3, 1)));
        assert_eq!(first_date("since early October", Some(d(2024, 11, 21))), Some(d(2024, 10, 1)));
        assert_eq!(first_date("around Christmas", Some(d(2025, 2, 21))), Some(d(2024, 12, 25)));
        assert_eq!(first_date("pain 7/10", r), None);
        assert_eq!(first_date("you may go", r), None);
    }

    #[test]
    fn duration_forms() {
        let r = Some(d(2025, 1, 28));
        assert_eq!(durs("PT x6 wks", r), vec![(42.0, DurKind::Length)]);
        assert_eq!(durs("blood-streaked sputum x2d", r), vec![(2.0, DurKind::Length)]);
        assert_eq!(durs("16/52 post-op", r), vec![(112.0, DurKind::Length)]);
        assert_eq!(durs("program (3/12)", r), vec![(91.3, DurKind::Length)]);
        assert_eq!(durs("for 3/7", r), vec![(3.0, DurKind::Length)]);
        assert_eq!(durs("5+ months", r), vec![(152.2, DurKind::Length)]);
        assert_eq!(durs("for the past two months", r), vec![(60.9, DurKind::Length)]);
        assert_eq!(durs("~36 hours prior to arrival", r), vec![(1.5, DurKind::Ago)]);
        assert_eq!(durs("48-72 h", r), vec![(2.0, DurKind::Length)]);
        assert_eq!(durs("at least 2 midnights", r), vec![(2.0, DurKind::Length)]);
        // Ages are not durations; follow-up intervals are schedules.
        assert_eq!(durs("a 25-year-old woman", r), vec![]);
        assert_eq!(durs("He is 61 years old", r), vec![]);
        assert_eq!(durs("4 yo M with fever x2d", r), vec![(2.0, DurKind::Length)]);
        assert_eq!(durs("Six-month follow-up visit", r), vec![(182.6, DurKind::Frequency)]);
        assert_eq!(durs("follow up in 2 weeks", r), vec![(14.0, DurKind::Frequency)]);
        assert_eq!(durs("return in 3 days if worse", r), vec![(3.0, DurKind::Frequency)]);
        assert_eq!(durs("since Aug 2024", r), vec![(180.0, DurKind::Since)]);
        assert_eq!(durs("09/03-10/29/2024", r), vec![(56.0, DurKind::Range)]);
        assert_eq!(durs("12/28/2024 - 02/25/2025", r), vec![(59.0, DurKind::Range)]);
        assert_eq!(durs("every 21 days", r), vec![(21.0, DurKind::Frequency)]);
        assert_eq!(
            durs("q8h", r),
            [(1.0 / 3.0 * 10.0_f64).round() / 10.0].iter().map(|&x| (x, DurKind::Frequency)).collect::<Vec<_>>()
        );
        assert_eq!(durs("PT x2 visits", r), vec![(0.0, DurKind::Length)]);
        assert_eq!(durs("on and off for years", r), vec![(730.0, DurKind::Length)]);
        assert_eq!(durs("a few days", r), vec![(3.0, DurKind::Length)]);
        assert_eq!(durs("2-month history", r), vec![(60.9, DurKind::Length)]);
        assert_eq!(durs("over the past month", r), vec![(30.4, DurKind::Length)]);
        assert!(durs("SN 2w4 then 1w4", r).is_empty());
        assert_eq!(durs("at about 18 hours of life", r), vec![(0.8, DurKind::Point)]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "/",
            "2025年",
            "99/99/9999",
            "x",
            "since",
            "0/52",
            "1e999 weeks",
            "--",
            "年月日",
            "9".repeat(40).as_str(),
        ] {
            let _ = dates(s, 0, s.len(), Some(d(2025, 1, 1)));
            let _ = durations(s, 0, s.len(), Some(d(2025, 1, 1)));
            let _ = durations(s, 0, s.len() + 5, None);
        }
        assert!(has_clock_time("began at 05:40 while", 0, 20));
        assert!(!has_clock_time("ratio 3:1", 0, 9));
    }
}
