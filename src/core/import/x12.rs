//! X12 tokenizer: splits an interchange into segments with the delimiters its ISA declares.
//!
//! The ISA segment names the four delimiters: the element separator is the byte right after
//! `ISA`, the component separator is ISA16 (the byte after the 16th element separator), the
//! segment terminator is the byte after that, and ISA11 is the repetition separator in 5010
//! (a letter such as `U` in 4010, meaning "none"). Any ASCII characters work, with or without
//! line breaks after the terminator; a line break can itself be the terminator. The ISA is read
//! by counting separators rather than by its nominal fixed width (106 bytes), so an ISA whose
//! fields are not padded still reads. Every `ISA` starts a new interchange and re-reads the
//! delimiters, so concatenated interchanges work.
//!
//! The tokenizer is a single forward pass (each byte looked at once): linear in the input and
//! free of allocation per segment. Segments borrow from the input; element and component access
//! never panics (a missing element is the empty string).

use super::ImportError;

/// The delimiters an interchange declares in its ISA segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiters {
    /// Separates elements (`*` in most files).
    pub element: u8,
    /// Separates the parts of a composite element (ISA16; `:` or `>` in most files).
    pub component: u8,
    /// Separates repeated elements (ISA11 in 5010, usually `^`); `None` in 4010 files.
    pub repetition: Option<u8>,
    /// Ends a segment (`~` in most files; can be a line break).
    pub segment: u8,
}

/// One segment of an X12 file.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    /// 1-based position of the segment in the file (the ISA is segment 1).
    pub number: usize,
    /// Byte offset of the segment's first character in the input.
    pub offset: usize,
    /// Byte offset just after the segment's terminator (how far the input has been read).
    pub end: usize,
    raw: &'a str,
    delimiters: Delimiters,
    /// Where the ID ends (the first element separator, or the end): `id()` is asked for many
    /// times per segment and must not rescan a long segment each time.
    id_end: usize,
}

impl<'a> Segment<'a> {
    fn new(number: usize, offset: usize, end: usize, raw: &'a str, delimiters: Delimiters) -> Segment<'a> {
        let id_end = raw.bytes().position(|b| b == delimiters.element).unwrap_or(raw.len());
        Segment { number, offset, end, raw, delimiters, id_end }
    }

    /// The segment ID (`CLP`, `NM1`…), i.e. element 0, as written.
    pub fn id(&self) -> &'a str {
        self.raw.get(..self.id_end).unwrap_or("")
    }

    /// True when the ID has the shape of an X12 segment ID (2–3 upper-case letters or digits,
    /// starting with a letter). Only such IDs are ever quoted in messages.
    pub fn has_valid_id(&self) -> bool {
        let id = self.id().as_bytes();
        (2..=3).contains(&id.len())
            && id.first().is_some_and(u8::is_ascii_uppercase)
            && id.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    }

    /// The ID if it is well formed, else `?` (a malformed ID may be data and is never quoted).
    pub fn shown_id(&self) -> &'a str {
        if self.has_valid_id() { self.id() } else { "?" }
    }

    /// Element `n` (1-based, as in `CLP01`; 0 is the ID), or "" when the segment is shorter.
    pub fn element(&self, n: usize) -> &'a str {
        if n == 0 {
            return self.id();
        }
        if self.id_end >= self.raw.len() {
            return "";
        }
        // A byte scan from the end of the ID: the separator is ASCII, so every cut is on a
        // character boundary.
        let separator = self.delimiters.element;
        let mut start = self.id_end + 1;
        let mut index = 1;
        let rest = self.raw.as_bytes().get(start..).unwrap_or(&[]);
        for (i, byte) in rest.iter().enumerate() {
            if *byte == separator {
                if index == n {
                    return self.raw.get(start..self.id_end + 1 + i).unwrap_or("");
                }
                index += 1;
                start = self.id_end + 2 + i;
            }
        }
        if index == n { self.raw.get(start..).unwrap_or("") } else { "" }
    }

    /// Element `n`, trimmed of surrounding spaces.
    pub fn text(&self, n: usize) -> &'a str {
        self.element(n).trim()
    }

    /// How many elements follow the ID.
    pub fn element_count(&self) -> usize {
        self.raw.split(char::from(self.delimiters.element)).count().saturating_sub(1)
    }

    /// Component `k` (1-based, as in `SVC01-2`) of element `n`, trimmed; "" when absent. The
    /// first repetition is used when the element repeats.
    pub fn component(&self, n: usize, k: usize) -> &'a str {
        if k == 0 {
            return "";
        }
        self.components(n).nth(k - 1).unwrap_or("").trim()
    }

    /// The components of element `n` (its first repetition).
    pub fn components(&self, n: usize) -> impl Iterator<Item = &'a str> + use<'a> {
        let element = self.element(n);
        let first = match self.delimiters.repetition {
            Some(rep) => element.split(char::from(rep)).next().unwrap_or(""),
            None => element,
        };
        first.split(char::from(self.delimiters.component))
    }

    /// "segment 12 (CLP)": where the segment is, for messages.
    pub fn at(&self) -> String {
        format!("segment {} ({})", self.number, self.shown_id())
    }

    /// "segment 12 (CLP03)": where one element is, for messages.
    pub fn at_element(&self, n: usize) -> String {
        format!("segment {} ({}{:02})", self.number, self.shown_id(), n)
    }

    /// "segment 20 (SVC01-2)": where one component is, for messages.
    pub fn at_component(&self, n: usize, k: usize) -> String {
        format!("segment {} ({}{:02}-{})", self.number, self.shown_id(), n, k)
    }
}

/// Reads segments one by one. Construct with [`Tokenizer::new`], which reads the first ISA.
#[derive(Debug, Clone)]
pub struct Tokenizer<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
    delimiters: Delimiters,
    stopped: bool,
    leading: usize,
}

/// How far the ISA may extend before its 16th separator (the nominal length is 106 bytes).
const MAX_ISA_LEN: usize = 512;

fn is_skippable(byte: u8, d: &Delimiters) -> bool {
    matches!(byte, b'\r' | b'\n' | b'\t' | b' ' | 0x0C | 0x0B)
        && byte != d.element
        && byte != d.component
        && Some(byte) != d.repetition
}

/// Where the first non-blank byte is (after an optional UTF-8 byte-order mark).
pub(crate) fn content_start(text: &str) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = text.get(bom..).unwrap_or("");
    bom + (rest.len() - rest.trim_start().len())
}

/// How far into a file the interchange header is looked for when text comes before it (a
/// mail header, a note, a banner line): that text is skipped, with a warning.
pub const MAX_LEADING_TEXT: usize = 64 * 1024;

/// Where the interchange header (`ISA`) starts: right after blanks and a byte-order mark, or
/// at the start of a later line within the first [`MAX_LEADING_TEXT`] bytes where a readable
/// ISA (16 elements, distinct delimiters) begins. `None` when there is none.
pub fn find_isa(text: &str) -> Option<usize> {
    let start = content_start(text);
    let rest = text.get(start..)?;
    if rest.starts_with("ISA") {
        return Some(start);
    }
    let bytes = text.as_bytes();
    let limit = bytes.len().min(start + MAX_LEADING_TEXT);
    let window = bytes.get(start..limit)?;
    let finder = memchr_isa(window);
    for k in finder {
        let pos = start + k;
        let line_start = pos > 0 && bytes.get(pos - 1).is_some_and(|b| matches!(b, b'\n' | b'\r'));
        let separator = bytes.get(pos + 3).is_some_and(|b| b.is_ascii_punctuation() || *b == b'|');
        if line_start && separator && read_isa(text, pos, 1).is_ok() {
            return Some(pos);
        }
    }
    None
}

/// Offsets of `ISA` in `window`.
fn memchr_isa(window: &[u8]) -> impl Iterator<Item = usize> + '_ {
    window.windows(3).enumerate().filter(|(_, w)| *w == b"ISA").map(|(i, _)| i)
}

/// Reads the ISA starting at `pos`: the delimiters, the end of the ISA's content and the
/// position after its terminator.
fn read_isa(text: &str, pos: usize, number: usize) -> Result<(Delimiters, usize, usize), ImportError> {
    let bytes = text.as_bytes();
    let at = format!("segment {number} (ISA)");
    let element = *bytes
        .get(pos + 3)
        .ok_or_else(|| ImportError::new("bad_isa", &at, "the interchange header (ISA) is cut short"))?;
    if !element.is_ascii() {
        return Err(ImportError::new("bad_isa", &at, "the element separator (after ISA) is not an ASCII character"));
    }
    let mut seen = 0;
    let mut sixteenth = None;
    let limit = bytes.len().min(pos + MAX_ISA_LEN);
    for (i, byte) in bytes.iter().enumerate().take(limit).skip(pos + 3) {
        if *byte == element {
            seen += 1;
            if seen == 16 {
                sixteenth = Some(i);
                break;
            }
        }
    }
    let sixteenth = sixteenth.ok_or_else(|| {
        ImportError::new("bad_isa", &at, "the interchange header (ISA) does not have its 16 elements")
    })?;
    let (component, segment) = match (bytes.get(sixteenth + 1), bytes.get(sixteenth + 2)) {
        (Some(c), Some(s)) => (*c, *s),
        _ => {
            return Err(ImportError::new(
                "bad_isa",
                &at,
                "the interchange header (ISA) ends before its component separator (ISA16) and segment terminator",
            ));
        }
    };
    if !component.is_ascii() || !segment.is_ascii() {
        return Err(ImportError::new("bad_isa", &at, "a delimiter declared in the ISA is not an ASCII character"));
    }
    if element == component || element == segment || component == segment {
        return Err(ImportError::new(
            "bad_isa",
            &at,
            "the element separator, component separator (ISA16) and segment terminator must differ",
        ));
    }
    // ISA11: a repetition separator in 5010 (any non-alphanumeric character), `U` in 4010.
    let isa_text = text.get(pos..sixteenth).unwrap_or("");
    let isa11 = isa_text.split(char::from(element)).nth(11).unwrap_or("").as_bytes();
    let repetition = match isa11 {
        [rep]
            if !rep.is_ascii_alphanumeric()
                && rep.is_ascii()
                && *rep != b' '
                && *rep != element
                && *rep != component
                && *rep != segment =>
        {
            Some(*rep)
        }
        _ => None,
    };
    Ok((Delimiters { element, component, repetition, segment }, sixteenth + 2, sixteenth + 3))
}

/// A problem the tokenizer met after the first interchange header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenProblem {
    /// Where.
    pub at: String,
    /// What.
    pub message: String,
}

impl<'a> Tokenizer<'a> {
    /// Starts reading `text`, which must begin (after blanks and a byte-order mark) with `ISA`,
    /// or have lines of text before a line that starts with a readable ISA ([`find_isa`]; see
    /// [`Tokenizer::leading_text`]).
    pub fn new(text: &'a str) -> Result<Tokenizer<'a>, ImportError> {
        let blank = content_start(text);
        let start = match find_isa(text) {
            Some(start) => start,
            None => {
                return Err(ImportError::new(
                    "not_x12",
                    "segment 1",
                    "an X12 file starts with an interchange header (ISA); this one has none at its start or at \
                     the start of a line in its first 64 KB",
                ));
            }
        };
        let (delimiters, _, _) = read_isa(text, start, 1)?;
        Ok(Tokenizer { text, pos: start, number: 0, delimiters, stopped: false, leading: start - blank })
    }

    /// Bytes of text before the interchange header that were skipped (0 when the file starts
    /// with `ISA` after blanks and a byte-order mark).
    pub fn leading_text(&self) -> usize {
        self.leading
    }

    /// The delimiters in force (those of the interchange being read).
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The input length in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True for an empty input (never, after [`Tokenizer::new`] succeeded).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The next segment; `Err` once (then `None`) when a later ISA cannot be read.
    pub fn next_segment(&mut self) -> Option<Result<Segment<'a>, TokenProblem>> {
        if self.stopped {
            return None;
        }
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && bytes.get(self.pos).is_some_and(|b| is_skippable(*b, &self.delimiters)) {
            self.pos += 1;
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        self.number += 1;
        let rest = self.text.get(start..).unwrap_or("");
        let (content_end, next) = if rest.starts_with("ISA") {
            match read_isa(self.text, start, self.number) {
                Ok((delimiters, content_end, next)) => {
                    self.delimiters = delimiters;
                    (content_end, next)
                }
                Err(error) => {
                    self.stopped = true;
                    self.pos = bytes.len();
                    return Some(Err(TokenProblem {
                        at: error.at,
                        message: format!("{}; the rest of the file was not read", error.message),
                    }));
                }
            }
        } else {
            let terminator = self.delimiters.segment;
            match rest.as_bytes().iter().position(|b| *b == terminator) {
                Some(len) => (start + len, start + len + 1),
                None => (bytes.len(), bytes.len()),
            }
        };
        let mut end = content_end;
        // A line break before the terminator (`~` at the start of the next line, or CR LF when
        // LF is the terminator) is layout, not data.
        while end > start
            && bytes.get(end - 1).is_some_and(|b| matches!(b, b'\r' | b'\n') && is_skippable(*b, &self.delimiters))
        {
            end -= 1;
        }
        self.pos = next.min(bytes.len());
        let raw = self.text.get(start..end).unwrap_or("");
        Some(Ok(Segment::new(self.number, start, self.pos, raw, self.delimiters)))
    }
}

/// `CCYYMMDD` → `YYYY-MM-DD`, true when it is a calendar date; anything else is kept as
/// written, false (eight digits that are no date, `20251340`, are reformatted but false, so the
/// caller warns; validation reports it too).
pub fn date(text: &str) -> (String, bool) {
    let t = text.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, rest) = t.split_at(4);
        let (m, d) = rest.split_at(2);
        let real = match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d).is_some(),
            _ => false,
        };
        (format!("{y}-{m}-{d}"), real)
    } else {
        (t.to_string(), false)
    }
}

/// A date or a `CCYYMMDD-CCYYMMDD` range (`RD8`): (from, to, well formed).
pub fn date_range(text: &str) -> (String, Option<String>, bool) {
    let t = text.trim();
    match t.split_once('-') {
        Some((a, b)) => {
            let (from, ok_a) = date(a);
            let (to, ok_b) = date(b);
            (from, Some(to), ok_a && ok_b)
        }
        None => {
            let (from, ok) = date(t);
            (from, None, ok)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut t = Tokenizer::new(text).unwrap();
        let mut out = Vec::new();
        while let Some(Ok(s)) = t.next_segment() {
            out.push(format!("{}|{}", s.id(), s.element(1)));
        }
        out
    }

    const ISA: &str =
        "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*P*:~";

    #[test]
    fn reads_standard_delimiters() {
        let t = Tokenizer::new(ISA).unwrap();
        assert_eq!(
            t.delimiters(),
            Delimiters { element: b'*', component: b':', repetition: Some(b'^'), segment: b'~' }
        );
        let text = format!("{ISA}\r\nGS*HP*A~\nST*835*0001~");
        assert_eq!(all(&text), vec!["ISA|00", "GS|HP", "ST|835"]);
    }

    #[test]
    fn newline_terminator_and_odd_delimiters() {
        let text = "ISA|00|          |00|          |ZZ|S|ZZ|R|250101|1200|U|00401|1|0|P|>\r\nGS|HP\r\nST|835|1\r\nSVC|HC>99213>25|100\r\n";
        let mut t = Tokenizer::new(text).unwrap();
        assert_eq!(t.delimiters().segment, b'\r');
        assert_eq!(t.delimiters().repetition, None, "U in ISA11 means no repetition separator");
        let mut ids = Vec::new();
        while let Some(Ok(s)) = t.next_segment() {
            if s.id() == "SVC" {
                assert_eq!(s.component(1, 2), "99213");
                assert_eq!(s.component(1, 3), "25");
                assert_eq!(s.component(1, 9), "");
            }
            ids.push(s.id().to_string());
        }
        assert_eq!(ids, ["ISA", "GS", "ST", "SVC"]);
    }

    #[test]
    fn unpadded_isa_and_second_interchange() {
        let text = "ISA*00**00**ZZ*S*ZZ*R*250101*1200*^*00501*1*0*P*:~IEA*1*1~\nISA!00!!00!!ZZ!S!ZZ!R!250101!1200!^!00501!2!0!P!>\nGS!HP\nIEA!1!2\n";
        assert_eq!(all(text), vec!["ISA|00", "IEA|1", "ISA|00", "GS|HP", "IEA|1"]);
    }

    #[test]
    fn bad_headers_are_errors_not_panics() {
        let same = "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P**~";
        for text in ["", "GS*HP~", "ISA", "ISA*00*", "  \n", same] {
            assert!(Tokenizer::new(text).is_err(), "{text:?}");
        }
        assert!(Tokenizer::new("ISA\u{e9}00").is_err());
    }

    #[test]
    fn elements_match_a_plain_split() {
        let d = Delimiters { element: b'*', component: b':', repetition: Some(b'^'), segment: b'~' };
        for raw in
            ["CLP*A*4**1", "CLP", "", "*", "**", "NM1*QC*1*\u{e9}t\u{e9}*", "X*", "*A*B", "SVC*HC:1*2*3*4*5*6*7*8"]
        {
            let segment = Segment::new(1, 0, raw.len(), raw, d);
            let parts: Vec<&str> = raw.split('*').collect();
            for n in 0..12 {
                assert_eq!(segment.element(n), parts.get(n).copied().unwrap_or(""), "{raw:?} element {n}");
            }
            assert_eq!(segment.id(), parts[0]);
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("20250131"), ("2025-01-31".to_string(), true));
        assert_eq!(date("2025013"), ("2025013".to_string(), false));
        assert_eq!(date_range("20250101-20250103").1.as_deref(), Some("2025-01-03"));
    }
}
