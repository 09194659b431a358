//! The X12 driver: [`ClaimStream`] reads an 835 or 837 file claim by claim, following the
//! interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE) envelopes
//! ([`Envelope`]) and handing each transaction set's segments to the 835 or 837 parser.

use super::x12::{Segment, Tokenizer};
use super::{
    CaseIds, Format, ImportError, ImportFile, ImportReport, ImportedCase, Progress, claim837, era835, finalise_case,
};
use std::collections::VecDeque;

/// The parser of one transaction set.
enum Active {
    None,
    Era(Box<era835::Era>),
    Claim(Box<claim837::Prof>),
    Skip,
}

/// Reads an X12 835 or 837 file claim by claim: an iterator of [`ImportedCase`] with
/// [`ClaimStream::progress`]. Call [`ClaimStream::finish`] at the end for the file report.
///
/// A browser host reads a batch of claims, shows `progress()`, yields to the event loop, and
/// continues, so a 10 MB file never freezes the page.
pub struct ClaimStream<'a> {
    tokens: Tokenizer<'a>,
    format: Format,
    file: ImportReport,
    active: Active,
    pending: VecDeque<ImportedCase>,
    done: bool,
    produced: usize,
    case_ids: CaseIds,
    envelope: Envelope,
}

#[derive(Default)]
struct Envelope {
    isa: Option<(usize, String)>,
    gs: Option<(usize, String)>,
    st: Option<(usize, String)>,
    groups: usize,
    transactions: usize,
    segments: usize,
    wanted: usize,
}

impl<'a> ClaimStream<'a> {
    /// Starts reading `text` as `format` ([`Format::X12_835`] or [`Format::X12_837`]). Fails when
    /// the interchange header cannot be read, or when the file has no transaction set of that
    /// type (the error names the first ST segment).
    pub fn new(text: &'a str, format: Format) -> Result<ClaimStream<'a>, ImportError> {
        if text.trim().is_empty() {
            return Err(ImportError::new("empty", "byte 0", "the file is empty"));
        }
        let tokens = Tokenizer::new(text)?;
        let wanted = match format {
            Format::X12_835 => "835",
            Format::X12_837 => "837",
            Format::FhirR4 => {
                return Err(ImportError::new("not_x12", "byte 0", "FHIR JSON is read with import_fhir"));
            }
        };
        // Look ahead for a transaction set of the wanted type.
        let mut ahead = tokens.clone();
        let mut first_st = None;
        let mut found = false;
        while let Some(Ok(segment)) = ahead.next_segment() {
            if segment.id() == "ST" {
                if segment.text(1) == wanted {
                    found = true;
                    break;
                }
                first_st.get_or_insert((segment.number, segment.text(1).to_string()));
            }
        }
        if !found {
            return Err(match first_st {
                Some((number, kind)) => {
                    let kind = if kind.len() <= 3 && kind.bytes().all(|b| b.is_ascii_digit()) {
                        kind
                    } else {
                        "unknown".to_string()
                    };
                    ImportError {
                        code: "wrong_transaction",
                        at: format!("segment {number} (ST01)"),
                        message: format!("the file holds transaction set {kind}, not {wanted}"),
                    }
                }
                None => ImportError::new(
                    "no_transaction",
                    "segment 1 (ISA)",
                    &format!("the file has no transaction set (ST); expected an {wanted}"),
                ),
            });
        }
        let mut file = ImportReport::new(format!("{} file", format.words()));
        if tokens.leading_text() > 0 {
            file.warn(
                "leading_text",
                "byte 0",
                format!(
                    "{} byte(s) of text before the interchange header (ISA) were skipped (a mail header or a \
                     note?): check that nothing of the file is missing",
                    tokens.leading_text()
                ),
            );
        }
        Ok(ClaimStream {
            tokens,
            format,
            file,
            active: Active::None,
            pending: VecDeque::new(),
            done: false,
            produced: 0,
            case_ids: CaseIds::default(),
            envelope: Envelope::default(),
        })
    }

    /// How far the stream has read.
    pub fn progress(&self) -> Progress {
        Progress { bytes_done: self.tokens.position(), bytes_total: self.tokens.len(), cases: self.produced }
    }

    /// Reads the rest (if any) and returns the file-level report.
    pub fn finish(mut self) -> ImportReport {
        while self.next().is_some() {}
        self.file
    }

    pub(super) fn collect_file(mut self) -> Result<ImportFile, ImportError> {
        let mut cases = Vec::new();
        for case in self.by_ref() {
            cases.push(case);
        }
        let format = self.format;
        Ok(ImportFile { format, cases, report: self.finish() })
    }

    fn flush_transaction(&mut self, at: &str, closed: bool) {
        let mut out = Vec::new();
        match std::mem::replace(&mut self.active, Active::None) {
            Active::Era(mut era) => era.finish(&mut out, &mut self.file),
            Active::Claim(mut prof) => prof.finish(&mut out, &mut self.file),
            Active::None | Active::Skip => {}
        }
        if !closed && self.envelope.st.is_some() {
            self.file.warn("missing_se", at, "a transaction set (ST) has no trailer (SE)");
        }
        self.envelope.st = None;
        for mut case in out {
            self.finalise(&mut case);
            self.pending.push_back(case);
        }
    }

    fn finalise(&mut self, imported: &mut ImportedCase) {
        self.produced += 1;
        finalise_case(imported, self.produced, &mut self.case_ids);
    }

    fn segment(&mut self, segment: Segment<'a>) {
        let at = || segment.at();
        match segment.id() {
            "ISA" => {
                if let Some((number, _)) = self.envelope.isa.take() {
                    self.flush_transaction(&at(), false);
                    self.file.warn(
                        "missing_iea",
                        format!("segment {number} (ISA)"),
                        "an interchange (ISA) has no trailer (IEA)",
                    );
                }
                self.envelope.isa = Some((segment.number, segment.text(13).to_string()));
                self.envelope.groups = 0;
            }
            "IEA" => {
                self.close_group_if_open(&at());
                match self.envelope.isa.take() {
                    Some((_, control)) => {
                        if segment.text(1).parse::<usize>().ok() != Some(self.envelope.groups) {
                            self.file.warn(
                                "group_count_mismatch",
                                segment.at_element(1),
                                "IEA01 does not match the number of functional groups",
                            );
                        }
                        if segment.text(2) != control {
                            self.file.warn(
                                "control_number_mismatch",
                                segment.at_element(2),
                                "IEA02 does not match ISA13",
                            );
                        }
                    }
                    None => self.file.warn("unexpected_segment", at(), "IEA without an interchange header (ISA)"),
                }
            }
            "GS" => {
                self.close_group_if_open(&at());
                self.envelope.gs = Some((segment.number, segment.text(6).to_string()));
                self.envelope.groups += 1;
                self.envelope.transactions = 0;
                let version = segment.text(8);
                if !version.is_empty() && !version.starts_with("00501") {
                    self.file.warn(
                        "version",
                        segment.at_element(8),
                        "the version is not 5010 (00501…); the 5010 layout is assumed",
                    );
                }
            }
            "GE" => match self.envelope.gs.take() {
                Some((_, control)) => {
                    self.flush_if_open(&at());
                    if segment.text(1).parse::<usize>().ok() != Some(self.envelope.transactions) {
                        self.file.warn(
                            "transaction_count_mismatch",
                            segment.at_element(1),
                            "GE01 does not match the number of transaction sets",
                        );
                    }
                    if segment.text(2) != control {
                        self.file.warn("control_number_mismatch", segment.at_element(2), "GE02 does not match GS06");
                    }
                }
                None => self.file.warn("unexpected_segment", at(), "GE without a functional group header (GS)"),
            },
            "ST" => {
                self.flush_if_open(&at());
                self.envelope.st = Some((segment.number, segment.text(2).to_string()));
                self.envelope.transactions += 1;
                self.envelope.segments = 1;
                let kind = segment.text(1);
                self.active = match (self.format, kind) {
                    (Format::X12_835, "835") => {
                        self.envelope.wanted += 1;
                        Active::Era(Box::new(era835::Era::new(self.envelope.wanted)))
                    }
                    (Format::X12_837, "837") => {
                        self.envelope.wanted += 1;
                        let version = segment.text(3);
                        Active::Claim(Box::new(claim837::Prof::new(self.envelope.wanted, &segment, version)))
                    }
                    _ => {
                        self.file.warn(
                            "skipped_transaction",
                            segment.at_element(1),
                            format!(
                                "a transaction set of another type was skipped (this import reads {})",
                                self.format.words()
                            ),
                        );
                        Active::Skip
                    }
                };
            }
            "SE" => {
                self.envelope.segments += 1;
                match &self.envelope.st {
                    Some((_, control)) => {
                        if segment.text(1).parse::<usize>().ok() != Some(self.envelope.segments) {
                            self.file.warn(
                                "segment_count_mismatch",
                                segment.at_element(1),
                                "SE01 does not match the number of segments in the transaction set",
                            );
                        }
                        if segment.text(2) != control {
                            self.file.warn(
                                "control_number_mismatch",
                                segment.at_element(2),
                                "SE02 does not match ST02",
                            );
                        }
                        self.flush_transaction(&at(), true);
                    }
                    None => self.file.warn("unexpected_segment", at(), "SE without a transaction set header (ST)"),
                }
            }
            _ => {
                if self.envelope.st.is_some() {
                    self.envelope.segments += 1;
                }
                let mut out = Vec::new();
                match &mut self.active {
                    Active::Era(era) => era.segment(&segment, &mut out, &mut self.file),
                    Active::Claim(prof) => prof.segment(&segment, &mut out, &mut self.file),
                    Active::Skip => {}
                    Active::None => {
                        if segment.id() == "TA1" {
                            self.file.unmapped("TA1 interchange acknowledgment", at());
                        } else {
                            self.file.warn(
                                "outside_transaction",
                                at(),
                                "a segment outside any transaction set (ST … SE) was ignored",
                            );
                        }
                    }
                }
                for mut case in out {
                    self.finalise(&mut case);
                    self.pending.push_back(case);
                }
            }
        }
    }

    fn flush_if_open(&mut self, at: &str) {
        if self.envelope.st.is_some() || !matches!(self.active, Active::None) {
            self.flush_transaction(at, false);
        }
    }

    fn close_group_if_open(&mut self, at: &str) {
        self.flush_if_open(at);
        if let Some((number, _)) = self.envelope.gs.take() {
            self.file.warn(
                "missing_ge",
                format!("segment {number} (GS)"),
                "a functional group (GS) has no trailer (GE)",
            );
        }
    }

    fn end_of_input(&mut self) {
        let at = "end of file".to_string();
        self.close_group_if_open(&at);
        if let Some((number, _)) = self.envelope.isa.take() {
            self.file.warn(
                "missing_iea",
                format!("segment {number} (ISA)"),
                "an interchange (ISA) has no trailer (IEA)",
            );
        }
    }
}

impl Iterator for ClaimStream<'_> {
    type Item = ImportedCase;

    fn next(&mut self) -> Option<ImportedCase> {
        loop {
            if let Some(case) = self.pending.pop_front() {
                return Some(case);
            }
            if self.done {
                return None;
            }
            match self.tokens.next_segment() {
                None => {
                    self.end_of_input();
                    self.done = true;
                }
                Some(Err(problem)) => self.file.warn("bad_isa", problem.at, problem.message),
                Some(Ok(segment)) => self.segment(segment),
            }
        }
    }
}
