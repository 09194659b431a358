//! Joining claims files (X12 837, FHIR Claim) to remittance claims (835, FHIR
//! ExplanationOfBenefit/ClaimResponse) without ever mixing two patients.
//!
//! A remittance carries no date of birth, diagnoses or pointers; the 837 of the same claim does.
//! Claim numbers are the provider's own and are not unique (real remittances reuse one number
//! for several patients), so a claim number alone never joins two claims. The rule:
//!
//! 1. **Candidates**: the claims-file claims with the same claim number (trimmed, exact).
//! 2. **Same patient** ([`compare_patients`]), each field compared only when both sides have it,
//!    after normalisation (member ID: letters and digits only, case-insensitive; names and date
//!    of birth: case, accents, spaces and punctuation ignored; dates of birth by their digits):
//!    - a **conflict** on last name, first name or date of birth means a different patient;
//!    - otherwise the patient matches when the **member IDs are equal**, or when **last and
//!      first name are equal** and either the **dates of birth are equal** or the member ID does
//!      **not conflict** (one side has none). Equal name and date of birth with different
//!      member IDs joins with a warning (a dependent's own ID against the subscriber's is
//!      common); different member IDs without an equal date of birth do not join. A remittance
//!      has no date of birth, so for an 835 this means: equal member ID and no name conflict,
//!      or equal name and no member ID on one side (joined with a warning). The member ID of an
//!      837 dependent (2000C) is the subscriber's: it is not compared ([`compare_imported`]).
//! 3. **Service dates overlap** (claim dates and line dates, earliest to latest) when both
//!    sides have dates.
//! 4. Exactly one candidate passing 2 and 3 is joined (`merge_case`). None: not joined,
//!    and the remittance claim gets a warning per candidate naming the claims file and which
//!    fields differed (never their values). Two or more: not joined, warning `join_ambiguous`.
//!
//! Pure and linear: claims are indexed by number, and a number with more than
//! [`MAX_CANDIDATES`] claims in the claims files is not joined (warning).

use super::{Format, ImportFile, ImportReport, ImportedCase, MAX_LOCATIONS, left_empty};
use crate::core::model::{Case, Lenient};
use std::collections::{HashMap, VecDeque};

/// Claims-file claims with one claim number that are compared with a remittance claim; beyond
/// this the claim is not joined (keeps hostile input linear).
pub const MAX_CANDIDATES: usize = 64;

/// A claims file given to [`join_files`]: its name (shown in warnings) and what it held.
#[derive(Debug, Clone, Copy)]
pub struct ClaimsFile<'a> {
    /// The file name the user knows.
    pub name: &'a str,
    /// The imported file.
    pub file: &'a ImportFile,
}

/// What [`join_files`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinOutcome {
    /// Remittance claims completed from a claims file.
    pub joined: usize,
    /// Remittance claims with a claim number found in a claims file that were not joined
    /// (different patient, dates apart, ambiguous).
    pub not_joined: usize,
    /// Per remittance case (same order): true when it was completed.
    pub completed: Vec<bool>,
    /// Per claims file, per case: true when that claim completed a remittance claim.
    pub used: Vec<Vec<bool>>,
}

/// How one field compares between two claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldMatch {
    /// Equal after normalisation.
    Same,
    /// Both present and different.
    Differs,
    /// Missing on one side (or both).
    Unknown,
}

/// Whether two claims are of the same patient ([`compare_patients`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientMatch {
    /// The same patient. `notes` say what was weaker than a full match (warning codes:
    /// `joined_member_id_differs`, `joined_on_name`).
    Same {
        /// Warning codes to attach to a join.
        notes: Vec<&'static str>,
    },
    /// A different patient: the fields that differ (`member ID`, `last name`, `first name`,
    /// `date of birth`).
    Different(Vec<&'static str>),
    /// Nothing to compare: neither the member ID nor the full name is on both sides.
    Unconfirmed,
}

/// The member ID as compared: letters and digits only, upper case (`syn-123 45` = `SYN12345`).
pub fn normal_member_id(id: &str) -> String {
    id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// A name as compared: accents folded (é → e, ß → ss, Ł → l), lower case, letters and digits
/// only (`O'Brien-Smith` = `OBRIEN SMITH`, `José` = `JOSE`).
pub fn normal_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match fold_char(c) {
            Folded::One(c) => out.extend(c.to_lowercase().filter(|c| c.is_alphanumeric())),
            Folded::Two(s) => out.push_str(s),
            Folded::Drop => {}
        }
    }
    out
}

/// A date of birth as compared: its digits (`1970-04-12` = `19700412`).
fn normal_dob(dob: &str) -> String {
    dob.chars().filter(char::is_ascii_digit).collect()
}

enum Folded {
    One(char),
    Two(&'static str),
    Drop,
}

/// Base letters of U+00C0–U+00FF and U+0100–U+017F (`#`: handled separately or dropped).
const LATIN1: &[u8; 64] = b"aaaaaa#ceeeeiiiidnooooo#ouuuuy##aaaaaa#ceeeeiiiidnooooo#ouuuuy#y";
const LATIN_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllllnnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn fold_char(c: char) -> Folded {
    match c {
        '\u{300}'..='\u{36f}' => Folded::Drop,
        'Æ' | 'æ' => Folded::Two("ae"),
        'Þ' | 'þ' => Folded::Two("th"),
        'ß' | 'ẞ' => Folded::Two("ss"),
        'Ĳ' | 'ĳ' => Folded::Two("ij"),
        'Œ' | 'œ' => Folded::Two("oe"),
        '\u{c0}'..='\u{ff}' => match LATIN1.get(c as usize - 0xc0) {
            Some(b'#') | None => Folded::Drop,
            Some(b) => Folded::One(char::from(*b)),
        },
        '\u{100}'..='\u{17f}' => match LATIN_A.get(c as usize - 0x100) {
            Some(b'#') | None => Folded::Drop,
            Some(b) => Folded::One(char::from(*b)),
        },
        other => Folded::One(other),
    }
}

fn field(a: &str, b: &str) -> FieldMatch {
    if a.is_empty() || b.is_empty() {
        FieldMatch::Unknown
    } else if a == b {
        FieldMatch::Same
    } else {
        FieldMatch::Differs
    }
}

/// Compares the patients of two claims (the rule is in the module documentation).
pub fn compare_patients(a: &Case, b: &Case) -> PatientMatch {
    let (p, q) = (&a.claim.patient, &b.claim.patient);
    let id = field(
        &normal_member_id(p.member_id.as_deref().unwrap_or("")),
        &normal_member_id(q.member_id.as_deref().unwrap_or("")),
    );
    let last = field(&normal_name(&p.last_name), &normal_name(&q.last_name));
    let first = field(&normal_name(&p.first_name), &normal_name(&q.first_name));
    let dob = field(&normal_dob(&p.dob), &normal_dob(&q.dob));
    let mut differs: Vec<&'static str> = Vec::new();
    for (m, name) in [(last, "last name"), (first, "first name"), (dob, "date of birth")] {
        if m == FieldMatch::Differs {
            differs.push(name);
        }
    }
    if !differs.is_empty() {
        if id == FieldMatch::Differs {
            differs.insert(0, "member ID");
        }
        return PatientMatch::Different(differs);
    }
    let name = last == FieldMatch::Same && first == FieldMatch::Same;
    match id {
        FieldMatch::Same => PatientMatch::Same { notes: Vec::new() },
        FieldMatch::Differs if name && dob == FieldMatch::Same => {
            PatientMatch::Same { notes: vec!["joined_member_id_differs"] }
        }
        FieldMatch::Differs => PatientMatch::Different(vec!["member ID"]),
        FieldMatch::Unknown if name && dob == FieldMatch::Same => PatientMatch::Same { notes: Vec::new() },
        FieldMatch::Unknown if name => PatientMatch::Same { notes: vec!["joined_on_name"] },
        FieldMatch::Unknown => PatientMatch::Unconfirmed,
    }
}

/// [`compare_patients`] for imported claims: the member ID of an 837 dependent (2000C) is the
/// subscriber's, not the patient's, so it is not compared (the name must then match; the join
/// carries the warning `joined_on_name`).
pub fn compare_imported(remit: &ImportedCase, claim: &ImportedCase) -> PatientMatch {
    if claim.report.warnings.iter().any(|w| w.code == "dependent") && claim.case.claim.patient.member_id.is_some() {
        let mut without_id = claim.case.clone();
        without_id.claim.patient.member_id = None;
        return compare_patients(&remit.case, &without_id);
    }
    compare_patients(&remit.case, &claim.case)
}

/// A date as `YYYYMMDD`, from `YYYY-MM-DD` or `CCYYMMDD` (anything else: `None`).
fn day_number(text: &str) -> Option<u32> {
    let digits: String = text.trim().chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let (month, day) = (n / 100 % 100, n % 100);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(n)
}

/// The earliest and latest service date of a claim (claim dates and line dates).
pub fn service_span(case: &Case) -> Option<(u32, u32)> {
    let c = &case.claim.claim;
    let claim_dates = [c.date_of_service.as_deref(), c.from.as_deref(), c.to.as_deref()];
    let line_dates = c.lines.iter().flat_map(|l| [l.from.as_deref(), l.to.as_deref()]);
    let mut span: Option<(u32, u32)> = None;
    for day in claim_dates.into_iter().chain(line_dates).flatten().filter_map(day_number) {
        span = Some(match span {
            None => (day, day),
            Some((lo, hi)) => (lo.min(day), hi.max(day)),
        });
    }
    span
}

/// True unless both claims have service dates and their spans do not overlap.
pub fn dates_overlap(a: &Case, b: &Case) -> bool {
    match (service_span(a), service_span(b)) {
        (Some((a_lo, a_hi)), Some((b_lo, b_hi))) => a_lo <= b_hi && b_lo <= a_hi,
        _ => true,
    }
}

/// True when the case comes from a remittance (835 claim, FHIR ExplanationOfBenefit or
/// ClaimResponse) rather than from a claims file (837 claim, FHIR Claim).
pub fn is_remittance_case(format: Format, case: &ImportedCase) -> bool {
    match format {
        Format::X12_835 => true,
        Format::X12_837 => false,
        Format::FhirR4 => {
            case.remit.is_some()
                || !case.carc.is_empty()
                || !case.rarc.is_empty()
                || !case.report.source.starts_with("FHIR Claim ")
        }
    }
}

/// True when the file is a remittance: an 835, or FHIR with an ExplanationOfBenefit or
/// ClaimResponse.
pub fn is_remittance_file(file: &ImportFile) -> bool {
    file.format == Format::X12_835 || file.cases.iter().any(|c| is_remittance_case(file.format, c))
}

/// True when the file holds claims only (837, or FHIR Claims with no ExplanationOfBenefit or
/// ClaimResponse): what `--claims` and the join take.
pub fn is_claims_file(file: &ImportFile) -> bool {
    file.format == Format::X12_837
        || (file.format == Format::FhirR4 && !file.cases.is_empty() && !is_remittance_file(file))
}

/// Completes the remittance claims from the claims files by the rule of the module
/// documentation. Nothing the remittance filled is overwritten; every claim not joined though
/// its number was found gets a warning saying why.
pub fn join_files(remit: &mut ImportFile, claims: &[ClaimsFile<'_>]) -> JoinOutcome {
    let mut outcome = JoinOutcome {
        completed: vec![false; remit.cases.len()],
        used: claims.iter().map(|c| vec![false; c.file.cases.len()]).collect(),
        ..JoinOutcome::default()
    };
    let mut by_number: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (f, source) in claims.iter().enumerate() {
        if !is_claims_file(source.file) {
            continue;
        }
        for (k, case) in source.file.cases.iter().enumerate() {
            let number = case.case.claim.claim.claim_number.trim();
            if !number.is_empty() {
                by_number.entry(number).or_default().push((f, k));
            }
        }
    }
    let get = |f: usize, k: usize| claims.get(f).and_then(|c| c.file.cases.get(k).map(|case| (c.name, case)));
    for (t, target) in remit.cases.iter_mut().enumerate() {
        if !is_remittance_case(remit.format, target) {
            continue;
        }
        let number = target.case.claim.claim.claim_number.trim().to_string();
        let Some(candidates) = by_number.get(number.as_str()) else { continue };
        if candidates.len() > MAX_CANDIDATES {
            target.report.warn(
                "join_too_many",
                target.report.source.clone(),
                format!(
                    "the claims files have {} claims with this claim number (more than {MAX_CANDIDATES}): not joined; \
                     complete the case by hand",
                    candidates.len()
                ),
            );
            outcome.not_joined += 1;
            continue;
        }
        let mut matching = Vec::new();
        let mut refusals = Vec::new();
        for &(f, k) in candidates {
            let Some((name, source)) = get(f, k) else { continue };
            match compare_imported(target, source) {
                PatientMatch::Same { notes } if dates_overlap(&target.case, &source.case) => {
                    matching.push((f, k, notes))
                }
                PatientMatch::Same { .. } => refusals.push((
                    source.report.source.clone(),
                    format!(
                        "claims file {name} has a claim with this claim number for the same patient, but its service \
                         dates do not overlap this claim's: not joined"
                    ),
                )),
                PatientMatch::Different(fields) => refusals.push((
                    source.report.source.clone(),
                    format!(
                        "claims file {name} has a claim with this claim number but a different patient ({} {}): \
                         not joined",
                        words(&fields),
                        if fields.len() == 1 { "differs" } else { "differ" }
                    ),
                )),
                PatientMatch::Unconfirmed => refusals.push((
                    source.report.source.clone(),
                    format!(
                        "claims file {name} has a claim with this claim number, but the patient cannot be confirmed \
                         (neither the member ID nor the full name is on both claims): not joined"
                    ),
                )),
            }
        }
        match matching.as_slice() {
            [(f, k, notes)] => {
                let Some((name, source)) = get(*f, *k) else { continue };
                let from = format!("{name}: {}", source.report.source);
                merge_case(&mut target.case, &source.case, &mut target.report, &from);
                for note in notes {
                    let message = match *note {
                        "joined_member_id_differs" => format!(
                            "completed from claims file {name}: same name and date of birth but a different member ID; \
                             check the member ID"
                        ),
                        _ => format!(
                            "completed from claims file {name} on the patient's name (the member ID is not on both \
                             claims and a remittance has no date of birth); check that it is the same patient"
                        ),
                    };
                    target.report.warn(note, source.report.source.clone(), message);
                }
                // What the claims file warned about travels with what it filled.
                let file_warnings =
                    claims.get(*f).map_or(0, |c| c.file.report.warnings.len() + c.file.report.warnings_omitted);
                if file_warnings > 0 {
                    target.report.warn(
                        "claims_file_warnings",
                        format!("claims file {name}"),
                        format!(
                            "completed from claims file {name}, which has {file_warnings} file-level warning(s) (for \
                             example a damaged or truncated file): check the completed fields"
                        ),
                    );
                }
                for w in source.report.warnings.iter().filter(|w| w.code != "no_denial") {
                    target.report.warn(w.code, format!("claims file {name}, {}", w.at), w.message.clone());
                }
                target.report.left_empty = left_empty(&target.case);
                if let Some(flag) = outcome.completed.get_mut(t) {
                    *flag = true;
                }
                if let Some(flag) = outcome.used.get_mut(*f).and_then(|u| u.get_mut(*k)) {
                    *flag = true;
                }
                outcome.joined += 1;
            }
            [] => {
                if refusals.is_empty() {
                    continue;
                }
                let more = refusals.len().saturating_sub(MAX_LOCATIONS);
                for (at, message) in refusals.into_iter().take(MAX_LOCATIONS) {
                    target.report.warn("not_joined", at, message);
                }
                if more > 0 {
                    target.report.warn(
                        "not_joined",
                        target.report.source.clone(),
                        format!(
                            "{more} more claim(s) in the claims files have this claim number but a different patient"
                        ),
                    );
                }
                outcome.not_joined += 1;
            }
            several => {
                let mut names: Vec<&str> =
                    several.iter().filter_map(|(f, _, _)| claims.get(*f).map(|c| c.name)).collect();
                names.dedup();
                target.report.warn(
                    "join_ambiguous",
                    target.report.source.clone(),
                    format!(
                        "claims file {} {} {} claims with this claim number for this patient: not joined (ambiguous); \
                         complete the case by hand",
                        names.join(", "),
                        if names.len() == 1 { "has" } else { "have" },
                        several.len()
                    ),
                );
                outcome.not_joined += 1;
            }
        }
    }
    outcome
}

/// `a`, `a and b`, `a, b and c`.
fn words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Completes remittance cases with the claims of a claims file (837, FHIR Claim) of the same
/// claim number and the same patient, whose service dates overlap (the rule: this module's doc): every
/// field the remittance case leaves empty and the claim has is copied (date of birth, sex, group
/// number, diagnoses, line pointers and modifiers, NPIs, TIN, addresses, referring provider,
/// facility, prior authorization). Nothing the remittance filled is overwritten; a claim of
/// another patient is not joined and the remittance case gets a warning saying why. Returns how
/// many cases were completed. [`join_files`] does the same for several named files.
pub fn join_claims(remit: &mut ImportFile, claims: &ImportFile) -> usize {
    join_files(remit, &[ClaimsFile { name: "(unnamed)", file: claims }]).joined
}

/// Copies into `target` what it leaves empty and `source` has.
pub(crate) fn merge_case(target: &mut Case, source: &Case, report: &mut ImportReport, from: &str) {
    fn take(target: &mut String, source: &str, field: &'static str, report: &mut ImportReport, from: &str) {
        if target.trim().is_empty() && !source.trim().is_empty() {
            *target = source.to_string();
            report.fill(field, format!("{from}: {field}"));
        }
    }
    fn take_opt(
        target: &mut Option<String>,
        source: &Option<String>,
        field: &'static str,
        report: &mut ImportReport,
        from: &str,
    ) {
        if target.as_deref().is_none_or(|t| t.trim().is_empty())
            && let Some(value) = source.as_deref().filter(|s| !s.trim().is_empty())
        {
            *target = Some(value.to_string());
            report.fill(field, format!("{from}: {field}"));
        }
    }
    let (t, s) = (&mut target.claim, &source.claim);
    take(&mut t.patient.first_name, &s.patient.first_name, "claim.patient.first_name", report, from);
    take(&mut t.patient.last_name, &s.patient.last_name, "claim.patient.last_name", report, from);
    take(&mut t.patient.dob, &s.patient.dob, "claim.patient.dob", report, from);
    take_opt(&mut t.patient.member_id, &s.patient.member_id, "claim.patient.member_id", report, from);
    take_opt(&mut t.patient.group_number, &s.patient.group_number, "claim.patient.group_number", report, from);
    take_opt(&mut t.patient.sex, &s.patient.sex, "claim.patient.sex", report, from);
    take(&mut t.payer.name, &s.payer.name, "claim.payer.name", report, from);
    take(&mut t.payer.plan_type, &s.payer.plan_type, "claim.payer.plan_type", report, from);
    take(&mut t.provider.name, &s.provider.name, "claim.provider.name", report, from);
    take(&mut t.provider.npi, &s.provider.npi, "claim.provider.npi", report, from);
    take(&mut t.provider.tin, &s.provider.tin, "claim.provider.tin", report, from);
    take(&mut t.provider.phone, &s.provider.phone, "claim.provider.phone", report, from);
    take(&mut t.provider.contact_name, &s.provider.contact_name, "claim.provider.contact_name", report, from);
    if t.provider.address.line1.trim().is_empty() && !s.provider.address.line1.trim().is_empty() {
        t.provider.address = s.provider.address.clone();
        report.fill("claim.provider.address", format!("{from}: claim.provider.address"));
    }
    if t.payer.address.line1.trim().is_empty() && !s.payer.address.line1.trim().is_empty() {
        t.payer.address = s.payer.address.clone();
        report.fill("claim.payer.address", format!("{from}: claim.payer.address"));
    }
    if t.facility.is_none() && s.facility.is_some() {
        t.facility = s.facility.clone();
        report.fill("claim.facility", format!("{from}: claim.facility"));
    }
    if t.referring_provider.is_none() && s.referring_provider.is_some() {
        t.referring_provider = s.referring_provider.clone();
        report.fill("claim.referring_provider", format!("{from}: claim.referring_provider"));
    }
    if t.rendering_provider.is_none() && s.rendering_provider.is_some() {
        t.rendering_provider = s.rendering_provider.clone();
        report.fill("claim.rendering_provider", format!("{from}: claim.rendering_provider"));
    }
    for (key, value) in &s.extra {
        if !t.extra.contains_key(key) {
            t.extra.insert(key.clone(), value.clone());
            report.fill(format!("claim.{key}"), format!("{from}: claim.{key}"));
        }
    }
    let (tc, sc) = (&mut t.claim, &s.claim);
    take(&mut tc.place_of_service, &sc.place_of_service, "claim.claim.place_of_service", report, from);
    take_opt(
        &mut tc.original_submission_date,
        &sc.original_submission_date,
        "claim.claim.original_submission_date",
        report,
        from,
    );
    if tc.date_of_service.is_none() && tc.from.is_none() {
        take_opt(&mut tc.date_of_service, &sc.date_of_service, "claim.claim.date_of_service", report, from);
        take_opt(&mut tc.from, &sc.from, "claim.claim.from", report, from);
        take_opt(&mut tc.to, &sc.to, "claim.claim.to", report, from);
    }
    if tc.prior_authorization.is_none() && sc.prior_authorization.is_some() {
        tc.prior_authorization = sc.prior_authorization.clone();
        report.fill("claim.claim.prior_authorization", format!("{from}: claim.claim.prior_authorization"));
    }
    if tc.diagnoses.is_empty() && !sc.diagnoses.is_empty() {
        tc.diagnoses = sc.diagnoses.clone();
        report.fill("claim.claim.diagnoses", format!("{from}: claim.claim.diagnoses"));
    }
    if tc.total_charge.is_none() {
        tc.total_charge = sc.total_charge.clone();
    }
    if tc.lines.is_empty() && !sc.lines.is_empty() {
        tc.lines = sc.lines.clone();
        report.fill("claim.claim.lines", format!("{from}: claim.claim.lines"));
        return;
    }
    // Lines: match each target line to the first unused source line with the same code (and the
    // same date when both have one). Queues per code keep this linear.
    let mut queues: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (j, s) in sc.lines.iter().enumerate() {
        queues.entry(s.cpt_or_hcpcs.as_deref().map(str::trim).unwrap_or("")).or_default().push_back(j);
    }
    for (i, line) in tc.lines.iter_mut().enumerate() {
        let code = line.cpt_or_hcpcs.as_deref().map(str::trim).unwrap_or("");
        let Some(queue) = queues.get_mut(code) else { continue };
        let dated = |j: &usize| {
            sc.lines.get(*j).is_some_and(|s| line.from.is_none() || s.from.is_none() || line.from == s.from)
        };
        // The first compatible line; a queue holds the lines of one code, usually one or two.
        let Some(position) = queue.iter().take(MAX_LOCATIONS).position(dated) else { continue };
        let Some(j) = queue.remove(position) else { continue };
        let found = sc.lines.get(j).map(|s| (j, s));
        let Some((j, s)) = found else { continue };
        if line.icd10_pointers.is_empty() && !s.icd10_pointers.is_empty() {
            line.icd10_pointers = s.icd10_pointers.clone();
            report.fill(format!("claim.claim.lines[{i}].icd10_pointers"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.modifiers.is_empty() && !s.modifiers.is_empty() {
            line.modifiers = s.modifiers.clone();
            report.fill(format!("claim.claim.lines[{i}].modifiers"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if matches!(line.units, Lenient::Raw(serde_json::Value::Null))
            && !matches!(s.units, Lenient::Raw(serde_json::Value::Null))
        {
            line.units = s.units.clone();
            report.fill(format!("claim.claim.lines[{i}].units"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if matches!(line.charge, Lenient::Raw(serde_json::Value::Null))
            && !matches!(s.charge, Lenient::Raw(serde_json::Value::Null))
        {
            line.charge = s.charge.clone();
            report.fill(format!("claim.claim.lines[{i}].charge"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.revenue_code.is_none() && s.revenue_code.is_some() {
            line.revenue_code = s.revenue_code.clone();
            report.fill(format!("claim.claim.lines[{i}].revenue_code"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.from.is_none() && s.from.is_some() {
            line.from = s.from.clone();
            line.to = s.to.clone();
            report.fill(format!("claim.claim.lines[{i}].from"), format!("{from}: claim.claim.lines[{j}]"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_accents_spaces_and_punctuation() {
        assert_eq!(normal_name("José"), "jose");
        assert_eq!(normal_name("JOSE\u{301}"), "jose", "decomposed accent");
        assert_eq!(normal_name(" O'Brien-Smith "), normal_name("OBRIEN SMITH"));
        assert_eq!(normal_name("Łukasz Straße"), "lukaszstrasse");
        assert_eq!(normal_name("Ærøskøbing"), "aeroskobing");
        assert_eq!(normal_name("Œdipe"), "oedipe");
        assert_eq!(normal_name("李 小龍"), "李小龍");
        assert_ne!(normal_name("Ann"), normal_name("Anna"));
    }

    #[test]
    fn member_ids_ignore_case_spaces_and_dashes() {
        assert_eq!(normal_member_id(" syn-123 456.789 "), "SYN123456789");
        assert_ne!(normal_member_id("SYN1"), normal_member_id("SYN2"));
    }

    #[test]
    fn dates_are_read_as_days() {
        assert_eq!(day_number("2025-01-15"), Some(20250115));
        assert_eq!(day_number("20250115"), Some(20250115));
        assert_eq!(day_number("2025-13-01"), None);
        assert_eq!(day_number("Jan 15"), None);
    }

    #[test]
    fn the_lists_read_as_words() {
        assert_eq!(words(&["member ID"]), "member ID");
        assert_eq!(words(&["last name", "first name"]), "last name and first name");
        assert_eq!(words(&["a", "b", "c"]), "a, b and c");
    }
}
