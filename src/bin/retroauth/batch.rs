//! `retroauth batch`: one packet per authorization-related denial in a remittance.
//!
//! ```text
//! retroauth batch ERA.835 --out DIR [--notes DIR] [--claims CLAIMS.837]... [--today YYYY-MM-DD]
//!                 [--window-days N [--window-basis BASIS]] [--page-size letter|a4] [--profile NAME]
//! ```
//!
//! Reads the remittance (X12 835; a FHIR R4 Bundle of ExplanationOfBenefit/ClaimResponse works
//! too), completes each claim from the 837s given with `--claims` (same claim number, same
//! patient, overlapping service dates: `core::import::join`; date of birth, diagnoses, pointers,
//! NPIs an 835 does not carry), reads the notes of each claim from `--notes DIR`, and writes into
//! `--out DIR`:
//!
//! - `<claim>.pdf`: the packet (letter, claim summary, notes, checklist), for every claim whose
//!   denial is authorization-related (CARC 197, 198, 15, 39, 40, 243…; RARC M62, N54, N362…);
//! - `<claim>.json`: the same case in the exchange format, to finish in the app (the reason
//!   authorization was not obtained is never in a remittance) and re-run `packet`;
//! - `summary.csv`: one row per claim of the remittance (also those not offered): claim, patient
//!   initials, CARC, RARC, deadline, days left, missing medical-necessity elements, the fields
//!   still to complete, whether the packet is a draft and why (`DRAFT: 1 error, 2 missing
//!   inputs`, empty for a packet ready to send), the packet file;
//! - `import-report.txt`: what the import did, so nothing is dropped silently: per file the
//!   warnings and what could not be mapped (with segment positions), per claim the fields
//!   filled (and from which segment), what was not mapped, warnings (among them why a claim of a
//!   `--claims` file was not joined), and what is left empty; per `--claims` file its warnings;
//!   the note files not attached.
//!
//! File names are built from the claim number (letters, digits, `-`, `_`, `.`), never from a
//! patient's name. `<claim>` is the case id: the claim number, and for a number that repeats in
//! the remittance `<claim>-2`, `<claim>-3`… in remittance order (then `-N` again if two names
//! differ only in case), so no packet overwrites another.
//!
//! Notes (`DIR/*.txt`, read in name order) reach exactly one claim or none:
//! - a claim number unique in the remittance: `<claim>.txt` and `<claim><sep>…txt` where `<sep>`
//!   is not a letter or digit (`PSA-1.txt`, `PSA-1_op-note.txt`, `PSA-1 2.txt`); unlike a bare
//!   glob `<claim>*`, claim `123` never picks up `1234.txt`;
//! - a claim number shared by several claims of the remittance: `<claim>-<initials>.txt` or
//!   `<claim>-<member ID>.txt` (optionally followed by `<sep>…`), initials = first letter of the
//!   first name then of the last name (accents folded, any case: `PSA-1-JD.txt`), member ID as
//!   letters and digits (`PSA-1-SYN123456789.txt`); `<claim>.txt` alone is then ambiguous;
//! - a note that matches no claim, or more than one (two patients with the same initials: use the
//!   member ID), is not attached and is listed on standard error and in `import-report.txt`.
//!
//! Exit status: 2 when the remittance, a claims file or a note cannot be read or imported (the
//! message names the file and the segment or JSON path), 1 when writing fails or a packet
//! cannot be built, 0 otherwise (a remittance without authorization denials is not an error).

use crate::input::CliError;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use retroauth::core::import::{self, Format, ImportFile, ImportedCase, join};
use retroauth::core::model::date::parse_iso;
use retroauth::core::model::{Case, Lenient, Note};
use retroauth::core::validate::WindowBasis;
use retroauth::core::{checks, letter, packet, report as core_report};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `retroauth batch`.
#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// The remittance: an X12 835 file (or FHIR R4 JSON with ExplanationOfBenefit/ClaimResponse).
    pub remittance: PathBuf,
    /// Where to write the packets, case files and summary.csv (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Folder with the clinical notes: `<claim-number>.txt` or `<claim-number>-….txt` per claim;
    /// `<claim-number>-<initials or member ID>.txt` when the claim number repeats.
    #[arg(long, value_name = "DIR")]
    pub notes: Option<PathBuf>,
    /// X12 837 (or FHIR Claim) files with the original claims, matched by claim number, patient
    /// and service dates, to fill what a remittance lacks (date of birth, diagnoses, pointers,
    /// NPIs). Repeatable.
    #[arg(long = "claims", value_name = "FILE")]
    pub claims: Vec<PathBuf>,
    /// The date the requests are prepared (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// The payer's retro-authorization window in calendar days (a remittance does not say it);
    /// without it no deadline is computed.
    #[arg(long, value_name = "DAYS")]
    pub window_days: Option<i64>,
    /// What the window counts from: date_of_service, discharge_date, denial_date or
    /// eligibility_determination_date.
    #[arg(long, value_name = "BASIS", default_value = "date_of_service")]
    pub window_basis: String,
    /// Paper size of the packets.
    #[arg(long, value_enum, default_value_t = BatchPaper::Letter)]
    pub page_size: BatchPaper,
    /// Force a requirement profile (a name from the vocabulary) for every claim.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// Paper size for `batch`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BatchPaper {
    /// US Letter.
    Letter,
    /// ISO A4.
    A4,
}

/// What `run` did, for the caller and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Claims in the remittance.
    pub claims: usize,
    /// Packets written (one per authorization-related denial).
    pub packets: Vec<PathBuf>,
    /// Packets among them stamped "DRAFT — not for submission" (the case still has validation
    /// errors or the letter missing inputs; most do, as no remittance says why authorization was
    /// not obtained).
    pub drafts: usize,
    /// Claims completed from `--claims` files.
    pub joined: usize,
    /// Claims whose number is in a `--claims` file but were not completed from it (a different
    /// patient, service dates apart, or ambiguous).
    pub not_joined: usize,
    /// Note files not attached to any packet (ambiguous, unmatched, or for a claim without an
    /// authorization-related denial).
    pub notes_unattached: usize,
}

/// Runs `retroauth batch`.
pub fn run(args: BatchArgs) -> Result<(), CliError> {
    let outcome = run_batch(&args)?;
    eprintln!(
        "retroauth: wrote {} packet(s) and summary.csv to {} ({} claim(s) in the remittance, {} not authorization-related{})",
        outcome.packets.len(),
        args.out.display(),
        outcome.claims,
        outcome.claims - outcome.packets.len(),
        if args.claims.is_empty() {
            String::new()
        } else if outcome.not_joined > 0 {
            format!(
                ", {} completed from --claims, {} not joined: another patient, other dates or ambiguous (see \
                 import-report.txt)",
                outcome.joined, outcome.not_joined
            )
        } else {
            format!(", {} completed from --claims", outcome.joined)
        }
    );
    if outcome.drafts > 0 {
        eprintln!(
            "retroauth: {} of {} packet(s) are drafts, stamped \"{}\" on every page: finish their cases (the \
             draft column of summary.csv says what is left) and build them again with `retroauth packet`",
            outcome.drafts,
            outcome.packets.len(),
            packet::DRAFT_STAMP
        );
    }
    Ok(())
}

fn read_import(path: &Path) -> Result<ImportFile, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::Input(format!("{}: cannot read: {e}", path.display())))?;
    import::import_any(&bytes).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

fn parse_today(flag: Option<&str>) -> Result<NaiveDate, CliError> {
    match flag {
        Some(text) => {
            parse_iso(text).ok_or_else(|| CliError::Input("--today: expected a date as YYYY-MM-DD".to_string()))
        }
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The work of `run`, returning what was written.
pub fn run_batch(args: &BatchArgs) -> Result<BatchOutcome, CliError> {
    let today = parse_today(args.today.as_deref())?;
    let basis = WindowBasis::parse(&args.window_basis).ok_or_else(|| {
        CliError::Input(
            "--window-basis: expected date_of_service, discharge_date, denial_date or eligibility_determination_date"
                .to_string(),
        )
    })?;
    if let Some(days) = args.window_days
        && !(0..=36_500).contains(&days)
    {
        return Err(CliError::Input("--window-days: expected a number of days from 0 to 36500".to_string()));
    }
    let mut remit = read_import(&args.remittance)?;
    if !join::is_remittance_file(&remit) {
        let what = if remit.format == Format::X12_837 { "an X12 837 claim file" } else { "a FHIR Claim file" };
        return Err(CliError::Input(format!(
            "{}: the remittance argument expects an X12 835 or FHIR ExplanationOfBenefit/ClaimResponse; this is {what} \
             (give it with --claims)",
            args.remittance.display()
        )));
    }
    for warning in &remit.report.warnings {
        eprintln!("retroauth: warning: {}: {}: {}", args.remittance.display(), warning.at, warning.message);
    }
    let mut claims_files = Vec::with_capacity(args.claims.len());
    for path in &args.claims {
        let claims = read_import(path)?;
        if !join::is_claims_file(&claims) {
            let what = if claims.format == Format::X12_835 {
                "an X12 835 remittance"
            } else {
                "a FHIR remittance (ExplanationOfBenefit/ClaimResponse)"
            };
            return Err(CliError::Input(format!(
                "--claims expects X12 837P or FHIR Claim; {} is {what}",
                path.display()
            )));
        }
        for warning in &claims.report.warnings {
            eprintln!("retroauth: warning: {}: {}: {}", path.display(), warning.at, warning.message);
        }
        if claims.report.warnings_omitted > 0 {
            eprintln!("retroauth: warning: {}: {} more warning(s)", path.display(), claims.report.warnings_omitted);
        }
        let claim_warnings: usize = claims
            .cases
            .iter()
            .map(|c| c.report.warnings.iter().filter(|w| w.code != "no_denial").count() + c.report.warnings_omitted)
            .sum();
        if claim_warnings > 0 {
            eprintln!(
                "retroauth: warning: {}: {claim_warnings} claim-level warning(s) (listed in import-report.txt)",
                path.display()
            );
        }
        claims_files.push((path.display().to_string(), claims));
    }
    let sources: Vec<join::ClaimsFile<'_>> =
        claims_files.iter().map(|(name, file)| join::ClaimsFile { name, file }).collect();
    let joins = join::join_files(&mut remit, &sources);
    let joined = joins.joined;
    let notes = NoteFolder::read(args.notes.as_deref())?;
    std::fs::create_dir_all(&args.out).map_err(|e| CliError::Output(format!("{}: {e}", args.out.display())))?;

    let mut outcome =
        BatchOutcome { claims: remit.cases.len(), joined, not_joined: joins.not_joined, ..BatchOutcome::default() };
    let assignment = notes.assign(&remit.cases);
    let names = output_names(&remit.cases);
    let mut csv = String::from(
        "claim,patient_initials,auth_related,claim_status,carc,rarc,deadline,days_left,missing_elements,fields_to_complete,draft,packet\n",
    );
    let mut failures = 0;
    let mut not_for_a_packet = Vec::new();
    for (index, imported) in remit.cases.iter().enumerate() {
        let mut case = imported.case.clone();
        case.request_date = Some(today.to_string());
        if let Some(days) = args.window_days {
            case.claim.payer.retro_auth_window_days = Some(Lenient::Valid(days));
            case.claim.payer.retro_auth_window_basis = Some(basis.as_str().to_string());
        }
        let mut row = Row::new(imported);
        let case_notes = assignment.attached.get(index).map(Vec::as_slice).unwrap_or(&[]);
        if !imported.auth_related {
            not_for_a_packet
                .extend(case_notes.iter().filter_map(|&n| notes.files.get(n)).map(|(name, _)| name.clone()));
        } else {
            for (_, path) in case_notes.iter().filter_map(|&n| notes.files.get(n)) {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| CliError::Input(format!("{}: cannot read as UTF-8 text: {e}", path.display())))?;
                case.notes.push(Note { note_type: "clinic_note".to_string(), text: Some(text), ..Note::default() });
            }
            let checked = core_report::check_case(&case, today, args.profile.as_deref());
            row.deadline = checked.deadline.as_ref().map(|d| d.deadline.to_string()).unwrap_or_default();
            row.days_left = checked.deadline.as_ref().map(|d| d.days_left.to_string()).unwrap_or_default();
            row.missing = checked.missing_elements.join("; ");
            row.to_complete = import::left_empty(&case).join("; ");
            let base = names.get(index).cloned().unwrap_or_else(|| case.case_id.clone());
            let json_path = args.out.join(format!("{base}.json"));
            let mut json = case.to_json_pretty();
            json.push('\n');
            std::fs::write(&json_path, json).map_err(|e| CliError::Output(format!("{}: {e}", json_path.display())))?;
            let pdf_path = args.out.join(format!("{base}.pdf"));
            match build_packet(&case, today, args) {
                Ok(built) => {
                    std::fs::write(&pdf_path, &built.bytes)
                        .map_err(|e| CliError::Output(format!("{}: {e}", pdf_path.display())))?;
                    if let Some(draft) = built.draft {
                        row.draft = format!("DRAFT: {}", draft.summary());
                        outcome.drafts += 1;
                    }
                    row.packet = file_name(&pdf_path);
                    outcome.packets.push(pdf_path);
                }
                Err(message) => {
                    failures += 1;
                    eprintln!(
                        "retroauth: error: claim case {}: the packet could not be built: {message}",
                        case.case_id
                    );
                }
            }
        }
        csv.push_str(&row.line());
    }
    let report_path = args.out.join("import-report.txt");
    let note_lists = NoteLists {
        unmatched: assignment.unmatched.iter().filter_map(|&n| notes.files.get(n)).map(|(n, _)| n.clone()).collect(),
        ambiguous: assignment.ambiguous.iter().filter_map(|&n| notes.files.get(n)).map(|(n, _)| n.clone()).collect(),
        not_for_a_packet,
    };
    std::fs::write(&report_path, import_report(&args.remittance, &remit, &claims_files, &note_lists))
        .map_err(|e| CliError::Output(format!("{}: {e}", report_path.display())))?;
    let summary = args.out.join("summary.csv");
    std::fs::write(&summary, csv).map_err(|e| CliError::Output(format!("{}: {e}", summary.display())))?;
    for (list, why) in [
        (
            &note_lists.ambiguous,
            "match more than one claim (the claim number repeats: name them <claim-number>-<patient initials>.txt or <claim-number>-<member ID>.txt)",
        ),
        (
            &note_lists.unmatched,
            "match no claim of the remittance (name them <claim-number>.txt or <claim-number>-<anything>.txt)",
        ),
        (&note_lists.not_for_a_packet, "belong to a claim without an authorization-related denial"),
    ] {
        if !list.is_empty() {
            eprintln!("retroauth: warning: {} note file(s) {why}, not attached: {}", list.len(), list.join(", "));
        }
    }
    outcome.notes_unattached =
        note_lists.ambiguous.len() + note_lists.unmatched.len() + note_lists.not_for_a_packet.len();
    if args.window_days.is_none() {
        eprintln!("retroauth: note: no --window-days given, so the deadline columns of summary.csv are empty");
    }
    if failures > 0 {
        return Err(CliError::Internal(format!("{failures} packet(s) could not be built")));
    }
    Ok(outcome)
}

fn build_packet(case: &Case, today: NaiveDate, args: &BatchArgs) -> Result<packet::Packet, String> {
    let letter = letter::render_letter(case, today).map_err(|e| e.to_string())?;
    let checklist = packet::checklist_items(&checks::check_notes(case, args.profile.as_deref()));
    let fonts: [&[u8]; 1] = [crate::CJK_FONT];
    let input = packet::PacketInput {
        checklist: Some(&checklist),
        fallback_fonts: &fonts,
        ..packet::PacketInput::new(case, &letter.text, today)
    };
    let options = packet::PacketOptions {
        page_size: match args.page_size {
            BatchPaper::Letter => packet::PageSize::Letter,
            BatchPaper::A4 => packet::PageSize::A4,
        },
        ..packet::PacketOptions::default()
    };
    packet::build_packet(&input, &options).map_err(|e| e.to_string())
}

/// `import-report.txt`: the file report, then each claim's report.
fn import_report(path: &Path, remit: &ImportFile, claims: &[(String, ImportFile)], notes: &NoteLists) -> String {
    fn section(out: &mut String, title: &str, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "  {title} ({}):", lines.len());
        for line in lines {
            let _ = writeln!(out, "    {line}");
        }
    }
    fn report_lines(out: &mut String, report: &import::ImportReport, with_filled: bool) {
        if with_filled {
            let filled: Vec<String> = report.filled.iter().map(|f| format!("{} <- {}", f.field, f.from)).collect();
            section(out, "filled", &filled);
        }
        let unmapped: Vec<String> =
            report.unmapped.iter().map(|u| format!("{} ({}): {}", u.what, u.count, u.at.join(", "))).collect();
        section(out, "not mapped", &unmapped);
        let mut warnings: Vec<String> = report.warnings.iter().map(|w| format!("{}: {}", w.at, w.message)).collect();
        if report.warnings_omitted > 0 {
            warnings.push(format!("... and {} more", report.warnings_omitted));
        }
        section(out, "warnings", &warnings);
        let left: Vec<String> = report.left_empty.iter().map(|f| f.to_string()).collect();
        section(out, "still to complete", &left);
    }
    let mut out = String::new();
    let _ = writeln!(out, "retroauth import report: {} ({})", file_name(path), remit.format.words());
    let _ = writeln!(out, "\nFile ({}):", remit.report.source);
    report_lines(&mut out, &remit.report, false);
    for imported in &remit.cases {
        let _ = writeln!(
            out,
            "\nClaim {} ({}){}:",
            imported.case.claim.claim.claim_number,
            imported.report.source,
            if imported.auth_related { ", authorization-related denial" } else { "" }
        );
        report_lines(&mut out, &imported.report, true);
    }
    for (name, file) in claims {
        let _ = writeln!(out, "\nClaims file {name} ({}, {} claim(s)):", file.format.words(), file.cases.len());
        report_lines(&mut out, &file.report, false);
        let warnings: Vec<String> = file
            .cases
            .iter()
            .flat_map(|c| {
                let omitted = (c.report.warnings_omitted > 0)
                    .then(|| format!("{}: ... and {} more", c.report.source, c.report.warnings_omitted));
                c.report
                    .warnings
                    .iter()
                    .filter(|w| w.code != "no_denial")
                    .map(|w| {
                        if w.at == c.report.source {
                            format!("{}: {}", w.at, w.message)
                        } else {
                            format!("{}: {}: {}", c.report.source, w.at, w.message)
                        }
                    })
                    .chain(omitted)
            })
            .collect();
        section(&mut out, "claim warnings", &warnings);
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\nNotes not attached:");
        section(&mut out, "matching more than one claim (the claim number repeats)", &notes.ambiguous);
        section(&mut out, "matching no claim", &notes.unmatched);
        section(&mut out, "for a claim without an authorization-related denial", &notes.not_for_a_packet);
    }
    out
}

/// Note files not attached, by why (file names only).
struct NoteLists {
    unmatched: Vec<String>,
    ambiguous: Vec<String>,
    not_for_a_packet: Vec<String>,
}

impl NoteLists {
    fn is_empty(&self) -> bool {
        self.unmatched.is_empty() && self.ambiguous.is_empty() && self.not_for_a_packet.is_empty()
    }
}

/// The output file stem of each claim: its case id (the claim number, `-2`, `-3`… for a number
/// that repeats in the remittance), made unique again ignoring case (case-insensitive file
/// systems) with a further `-N`.
fn output_names(cases: &[ImportedCase]) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    cases
        .iter()
        .map(|imported| {
            let base = imported.case.case_id.clone();
            let mut name = base.clone();
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            name
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The `.txt` files of the notes folder, in name order.
#[derive(Default)]
struct NoteFolder {
    files: Vec<(String, PathBuf)>,
}

impl NoteFolder {
    fn read(dir: Option<&Path>) -> Result<NoteFolder, CliError> {
        let Some(dir) = dir else { return Ok(NoteFolder::default()) };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| CliError::Input(format!("{}: cannot read the notes folder: {e}", dir.display())))?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
            if path.is_file() && name.to_ascii_lowercase().ends_with(".txt") {
                files.push((name, path));
            }
        }
        files.sort();
        Ok(NoteFolder { files })
    }

    /// Which note goes to which claim (the rule is in the module documentation): a note reaches
    /// exactly one claim, or none.
    fn assign(&self, cases: &[ImportedCase]) -> NoteAssignment {
        let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for imported in cases {
            *count.entry(imported.case.claim.claim.claim_number.trim()).or_default() += 1;
        }
        let keys: Vec<NoteKeys> = cases
            .iter()
            .enumerate()
            .map(|(position, imported)| {
                let case = &imported.case;
                let number = case.claim.claim.claim_number.trim();
                let mut prefixes = vec![number.to_string(), import::case_id_from_claim_number(number, position + 1)];
                if count.get(number).copied().unwrap_or(0) <= 1 {
                    prefixes.push(case.case_id.clone());
                }
                prefixes.retain(|p| !p.is_empty());
                prefixes.dedup();
                let repeated = count.get(number).copied().unwrap_or(0) > 1;
                let patient = &case.claim.patient;
                let initial =
                    |s: &str| join::normal_name(s).chars().next().map(|c| c.to_uppercase().collect::<String>());
                let initials = match (initial(&patient.first_name), initial(&patient.last_name)) {
                    (Some(f), Some(l)) => format!("{f}{l}"),
                    _ => String::new(),
                };
                let member = join::normal_member_id(patient.member_id.as_deref().unwrap_or(""));
                let suffixes = if repeated {
                    [initials, member].into_iter().filter(|s| !s.is_empty()).collect()
                } else {
                    Vec::new()
                };
                NoteKeys { prefixes, repeated, suffixes }
            })
            .collect();
        let mut out = NoteAssignment { attached: vec![Vec::new(); cases.len()], ..NoteAssignment::default() };
        for (n, (name, _)) in self.files.iter().enumerate() {
            let matching: Vec<usize> =
                (0..keys.len()).filter(|&i| keys.get(i).is_some_and(|k| k.matches(name))).collect();
            match matching.as_slice() {
                [one] => {
                    if let Some(list) = out.attached.get_mut(*one) {
                        list.push(n);
                    }
                }
                [] if keys.iter().any(|k| k.repeated && k.prefixes.iter().any(|p| note_matches(name, p))) => {
                    out.ambiguous.push(n)
                }
                [] => out.unmatched.push(n),
                _ => out.ambiguous.push(n),
            }
        }
        out
    }
}

/// The note files of each claim, and those attached to none.
#[derive(Default)]
struct NoteAssignment {
    /// Per claim (remittance order): indexes into [`NoteFolder::files`].
    attached: Vec<Vec<usize>>,
    /// Notes that match no claim.
    unmatched: Vec<usize>,
    /// Notes that match more than one claim, or only a claim number that repeats.
    ambiguous: Vec<usize>,
}

/// How note file names are matched to one claim.
struct NoteKeys {
    /// The claim number and its file-safe form.
    prefixes: Vec<String>,
    /// True when the claim number repeats in the remittance: the name must then also carry the
    /// patient's initials or member ID.
    repeated: bool,
    /// Initials (first name, last name; accents folded, upper case) and the member ID (letters
    /// and digits, upper case).
    suffixes: Vec<String>,
}

impl NoteKeys {
    fn matches(&self, name: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            if !self.repeated {
                return note_matches(name, prefix);
            }
            let Some(rest) = name.strip_prefix(prefix.as_str()) else { return false };
            let mut chars = rest.chars();
            if !chars.next().is_some_and(|c| !c.is_alphanumeric() && c != '.') {
                return false;
            }
            let rest = chars.as_str().to_uppercase();
            self.suffixes.iter().any(|suffix| note_matches(&rest, suffix))
        })
    }
}

/// `name` is `<key>.txt` or `<key><separator>….txt` (separator: not a letter or digit).
fn note_matches(name: &str, key: &str) -> bool {
    let Some(rest) = name.strip_prefix(key) else { return false };
    rest.eq_ignore_ascii_case(".txt") || rest.chars().next().is_some_and(|c| !c.is_alphanumeric())
}

/// One line of summary.csv.
struct Row {
    claim: String,
    initials: String,
    auth_related: bool,
    status: String,
    carc: String,
    rarc: String,
    deadline: String,
    days_left: String,
    missing: String,
    to_complete: String,
    draft: String,
    packet: String,
}

impl Row {
    fn new(imported: &ImportedCase) -> Row {
        let patient = &imported.case.claim.patient;
        let initial = |s: &str| s.trim().chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
        let mut carc: Vec<String> = Vec::new();
        for code in &imported.carc {
            let label = code.label();
            if !carc.contains(&label) {
                carc.push(label);
            }
        }
        let mut rarc: Vec<String> = Vec::new();
        for code in &imported.rarc {
            if !rarc.contains(&code.code) {
                rarc.push(code.code.clone());
            }
        }
        Row {
            claim: imported.case.claim.claim.claim_number.clone(),
            initials: format!("{}{}", initial(&patient.first_name), initial(&patient.last_name)),
            auth_related: imported.auth_related,
            status: imported.remit.as_ref().map(|r| r.status.to_string()).unwrap_or_default(),
            carc: carc.join(" "),
            rarc: rarc.join(" "),
            deadline: String::new(),
            days_left: String::new(),
            missing: String::new(),
            to_complete: String::new(),
            draft: String::new(),
            packet: String::new(),
        }
    }

    fn line(&self) -> String {
        let mut out = String::new();
        let fields = [
            csv_text(&self.claim),
            csv_text(&self.initials),
            if self.auth_related { "yes" } else { "no" }.to_string(),
            csv_text(&self.status),
            csv_text(&self.carc),
            csv_text(&self.rarc),
            csv_text(&self.deadline),
            self.days_left.clone(),
            csv_text(&self.missing),
            csv_text(&self.to_complete),
            csv_text(&self.draft),
            csv_text(&self.packet),
        ];
        let _ = writeln!(out, "{}", fields.join(","));
        out
    }
}

/// A CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula (`=`, `+`,
/// `-`, `@`, tab, CR at the start) is prefixed with `'`.
fn csv_text(value: &str) -> String {
    let mut value = value.to_string();
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.insert(0, '\'');
    }
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
    }

    fn scratch(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("retroauth-{name}-{}", std::process::id()))
    }

    fn args(out: &Path) -> BatchArgs {
        BatchArgs {
            remittance: fixture("era-two-claims.835"),
            out: out.to_path_buf(),
            notes: None,
            claims: vec![fixture("claims.837")],
            today: Some("2025-03-10".to_string()),
            window_days: Some(90),
            window_basis: "date_of_service".to_string(),
            page_size: BatchPaper::Letter,
            profile: None,
        }
    }

    #[test]
    fn note_names_match_the_claim_and_nothing_longer() {
        assert!(note_matches("PSA-1.txt", "PSA-1"));
        assert!(note_matches("PSA-1-op-note.txt", "PSA-1"));
        assert!(note_matches("PSA-1 2.TXT", "PSA-1"));
        assert!(!note_matches("PSA-10.txt", "PSA-1"));
        assert!(!note_matches("PSA-1a.txt", "PSA-1"));
        assert!(!note_matches("xPSA-1.txt", "PSA-1"));
    }

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("CO-197"), "CO-197");
    }

    #[test]
    fn batch_writes_a_packet_per_authorization_denial_and_a_summary() {
        let out = scratch("batch-unit");
        let _ = std::fs::remove_dir_all(&out);
        let notes = out.join("notes-in");
        std::fs::create_dir_all(&notes).unwrap();
        std::fs::write(notes.join("PSA-2025-0001.txt"), "Low back pain radiating to the left leg for 8 weeks.")
            .unwrap();
        std::fs::write(notes.join("PSA-2025-00012.txt"), "Another patient's note.").unwrap();
        let mut a = args(&out.join("packets"));
        a.notes = Some(notes);
        let outcome = run_batch(&a).unwrap();
        assert_eq!(outcome.claims, 2);
        assert_eq!(outcome.joined, 1);
        assert_eq!(outcome.packets, [out.join("packets/PSA-2025-0001.pdf")]);
        assert_eq!(outcome.drafts, 1, "no remittance says why authorization was not obtained");
        let pdf = std::fs::read(&outcome.packets[0]).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let case: Case =
            Case::from_json(&std::fs::read_to_string(out.join("packets/PSA-2025-0001.json")).unwrap()).unwrap();
        assert_eq!(case.notes.len(), 1, "PSA-2025-00012.txt belongs to another claim");
        assert_eq!(case.claim.patient.dob, "1970-04-12", "completed from the 837");
        let csv = std::fs::read_to_string(out.join("packets/summary.csv")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("PSA-2025-0001,JD,yes,denied,CO-197,M62 N54,2025-04-15,36,"), "{}", lines[1]);
        assert!(lines[1].ends_with(",PSA-2025-0001.pdf"), "{}", lines[1]);
        assert!(lines[0].ends_with(",fields_to_complete,draft,packet"), "{}", lines[0]);
        assert!(lines[1].contains("DRAFT: ") && lines[1].contains(" missing input"), "{}", lines[1]);
        assert!(lines[2].starts_with("PSA-2025-0002,RR,no,processed as primary,CO-45 PR-2,,,,"), "{}", lines[2]);
        assert!(!csv.contains("DOE") && !csv.contains("JANE"), "initials only");
        let report = std::fs::read_to_string(out.join("packets/import-report.txt")).unwrap();
        assert!(report.contains("Claim PSA-2025-0001 (835 "), "{report}");
        assert!(report.contains("claim.patient.dob <- "), "the 837 fill is reported: {report}");
        assert!(report.contains("still to complete (2):\n    claim.payer.retro_auth_window_days\n    claim.reason_prior_auth_missing.code"), "{report}");
        assert!(report.contains("not mapped ("), "{report}");
    }

    #[test]
    fn batch_rejects_an_837_as_the_remittance() {
        let out = scratch("batch-unit-837");
        let mut a = args(&out);
        a.remittance = fixture("claims.837");
        let err = run_batch(&a).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("837 claim file"), "{err}");
        a.remittance = fixture("patient-only.json");
        let err = run_batch(&a).unwrap_err();
        assert!(err.to_string().contains("$.resourceType"), "{err}");
    }

    #[test]
    fn output_names_never_overwrite_one_another() {
        // Claim numbers with dots (`with_extension` would cut them), repeated numbers (the case
        // ids `-2`), and numbers that differ only in case (case-insensitive file systems).
        let text = std::fs::read_to_string(fixture("era-two-claims.835"))
            .unwrap()
            .replace("CLP*PSA-2025-0001*4", "CLP*PSA.1*4")
            .replace("CLP*PSA-2025-0002*1*300*240", "CLP*PSA.2*4*300*0")
            .replace("CAS*CO*45*40", "CAS*CO*197*40");
        let out = scratch("batch-unit-names");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        let remittance = out.join("era.835");
        std::fs::write(&remittance, &text).unwrap();
        let mut a = args(&out.join("packets"));
        a.remittance = remittance.clone();
        a.claims = Vec::new();
        let outcome = run_batch(&a).unwrap();
        assert_eq!(outcome.packets, [out.join("packets/PSA.1.pdf"), out.join("packets/PSA.2.pdf")]);
        assert!(out.join("packets/PSA.1.json").exists() && out.join("packets/PSA.2.json").exists());

        let mut cases = Vec::new();
        for id in ["ab", "AB", "ab-2", "x"] {
            let mut file = import::import_any(text.as_bytes()).unwrap();
            let mut case = file.cases.remove(0);
            case.case.case_id = id.to_string();
            cases.push(case);
        }
        assert_eq!(output_names(&cases), ["ab", "AB-2", "ab-2-2", "x"]);
    }
}
