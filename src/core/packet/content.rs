//! The packet's content: the case, the letter and the date become sections of layout blocks.
//!
//! Values are printed exactly as typed (markup, template syntax and PDF syntax included: the
//! layout draws characters, it never interprets them). An empty value prints as
//! [`NOT_PROVIDED`] so that a blank is visibly a blank.

use super::layout::{Block, Cell, Document, Layout, Section, Span, Table};
use super::{ChecklistItem, PacketError, PacketInput};
use crate::core::letter::{self, LetterExtras, LetterKind};
use crate::core::model::{Address, Case, Lenient, REASON_CODES};

/// What an empty value prints as.
pub(crate) const NOT_PROVIDED: &str = "(not provided)";
/// The document title of a retro-authorization packet: the running header and the PDF
/// metadata. No patient data.
pub(crate) const TITLE: &str = "Retro-authorization request";
/// The document title of a reconsideration packet.
pub(crate) const RECONSIDERATION_TITLE: &str = "Request for reconsideration";

/// The document title for a packet carrying a letter of `kind`.
pub(crate) fn title(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Reconsideration => RECONSIDERATION_TITLE,
        LetterKind::RetroAuthRequest | LetterKind::FaxCover => TITLE,
    }
}
/// The footer's left part.
const FOOTER: &str = "Confidential: contains protected health information";

const COVER_TITLE_SIZE: f32 = 22.0;
const TITLE_SIZE: f32 = 15.0;
const HEADING_SIZE: f32 = 12.0;
const LETTER_SIZE: f32 = 11.0;
const COVER_SIZE: f32 = 11.0;
const BODY_SIZE: f32 = 10.0;

/// A section of the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Cover,
    Letter,
    Summary,
    Checklist,
    Notes,
    Index,
    Attachment(usize),
}

/// The sections of a packet, in order.
fn plan(input: &PacketInput<'_>) -> Vec<Part> {
    let mut parts = vec![Part::Cover, Part::Letter, Part::Summary];
    if input.checklist.is_some() {
        parts.push(Part::Checklist);
    }
    parts.extend([Part::Notes, Part::Index]);
    parts.extend((0..input.attachments.len()).map(Part::Attachment));
    parts
}

fn part_name(input: &PacketInput<'_>, part: Part) -> String {
    match part {
        Part::Cover => "Fax cover sheet".to_string(),
        Part::Letter => match input.letter_kind {
            LetterKind::Reconsideration => "Reconsideration letter".to_string(),
            _ => "Request letter".to_string(),
        },
        Part::Summary => "Claim summary".to_string(),
        Part::Checklist => "Medical-necessity checklist".to_string(),
        Part::Notes => "Clinical documentation".to_string(),
        Part::Index => "Enclosure index".to_string(),
        Part::Attachment(i) => {
            let name = input.attachments.get(i).map(|a| a.name.as_str()).unwrap_or("");
            format!("Attachment {}: {}", i + 1, value(name))
        }
    }
}

/// Page numbers that the content quotes (the cover's page count, the index's ranges). They
/// come from a previous layout pass; 1-based.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Numbers {
    /// Total number of pages.
    pub(crate) total: Option<usize>,
    /// First and last page of each section.
    pub(crate) sections: Vec<(usize, usize)>,
    /// First and last page of each note, when known.
    pub(crate) notes: Vec<Option<(usize, usize)>>,
}

fn note_start(index: usize) -> usize {
    2 * index
}

fn note_end(index: usize) -> usize {
    2 * index + 1
}

impl Numbers {
    /// The numbers a layout produced.
    pub(crate) fn from_layout(layout: &Layout, note_count: usize) -> Numbers {
        Numbers {
            total: Some(layout.pages.len()),
            sections: layout.sections.iter().map(|(first, last)| (first + 1, last + 1)).collect(),
            notes: (0..note_count)
                .map(|i| {
                    let first = layout.anchors.get(&note_start(i))?;
                    let last = layout.anchors.get(&note_end(i))?;
                    Some((first + 1, last.max(first) + 1))
                })
                .collect(),
        }
    }
}

fn value(text: &str) -> String {
    if text.trim().is_empty() { NOT_PROVIDED.to_string() } else { text.to_string() }
}

fn optional(text: Option<&String>) -> String {
    value(text.map(String::as_str).unwrap_or(""))
}

fn lenient<T: serde::Serialize>(value_: &Lenient<T>) -> String {
    value(&value_.as_text())
}

/// A field name from the case file as a label: `coverage_effective_date` → "Coverage effective date".
fn humanize(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn address(address: &Address) -> String {
    value(&address.lines().join("\n"))
}

fn pages(range: Option<(usize, usize)>) -> String {
    match range {
        Some((first, last)) if first == last => first.to_string(),
        Some((first, last)) => format!("{first}\u{2013}{last}"),
        None => "\u{2014}".to_string(),
    }
}

/// A label/value table.
fn fields(rows: Vec<(&str, String)>) -> Block {
    Block::Table(Table {
        widths: vec![0.3, 0.7],
        header: None,
        rows: rows.into_iter().map(|(label, text)| vec![Cell::bold(label), Cell::text(text)]).collect(),
        size: BODY_SIZE,
    })
}

fn heading(text: &str) -> [Block; 2] {
    [Block::Space(8.0), Block::Heading { text: text.to_string(), size: HEADING_SIZE }]
}

fn title_blocks(text: &str) -> [Block; 2] {
    [Block::Heading { text: text.to_string(), size: TITLE_SIZE }, Block::Space(6.0)]
}

/// The patient's name as typed: given name, a space, family name.
pub(crate) fn patient_name(case: &Case) -> String {
    let patient = &case.claim.patient;
    value(&format!("{} {}", patient.first_name, patient.last_name))
}

/// Builds the document. `numbers` fills the page count and the index; `page_counts` are the
/// pages of each attachment.
pub(crate) fn document(
    input: &PacketInput<'_>,
    page_counts: &[usize],
    numbers: &Numbers,
) -> Result<Document, PacketError> {
    let case = input.case;
    let patient = &case.claim.patient;
    let claim = &case.claim.claim;
    // No-break spaces keep each label on the line of its value.
    let header = vec![
        Span::bold("Patient:\u{A0}"),
        Span::regular(patient_name(case)),
        Span::regular("   "),
        Span::bold("DOB:\u{A0}"),
        Span::regular(value(&patient.dob)),
        Span::regular("   "),
        Span::bold("Member\u{A0}ID:\u{A0}"),
        Span::regular(optional(patient.member_id.as_ref())),
        Span::regular("   "),
        Span::bold("Claim\u{A0}#:\u{A0}"),
        Span::regular(value(&claim.claim_number)),
    ];
    let parts = plan(input);
    let mut sections = Vec::new();
    for part in &parts {
        let blocks = match *part {
            Part::Cover => cover(input, numbers)?,
            Part::Letter => letter(input.letter),
            Part::Summary => summary(case, input.today),
            Part::Checklist => checklist(input.checklist.unwrap_or(&[]), case, numbers),
            Part::Notes => notes(case),
            Part::Index => index(input, &parts, numbers),
            Part::Attachment(i) => {
                let pages = page_counts.get(i).copied().unwrap_or(0);
                (0..pages).map(|page| Block::External(i, page)).collect()
            }
        };
        sections.push(Section { title: part_name(input, *part), blocks });
    }
    Ok(Document {
        header_title: title(input.letter_kind).to_string(),
        header,
        footer: FOOTER.to_string(),
        sections,
        stamp: None,
    })
}

/// The placeholder the letter templates print for a missing input.
pub(crate) const MISSING_PLACEHOLDER: &str = "[MISSING:";

/// Missing inputs the document's cover sheet and letter still show: each different
/// `[MISSING: label]` placeholder counts once (the letter and the cover often ask for the same
/// input, and the letter may ask several times), as the app's letter panel counts them; an
/// empty letter counts as one.
pub(crate) fn missing_inputs(document: &Document, input: &PacketInput<'_>) -> usize {
    let mut labels: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut collect = |text: &str| {
        for (at, _) in text.match_indices(MISSING_PLACEHOLDER) {
            let rest = &text[at + MISSING_PLACEHOLDER.len()..];
            let label = rest.split(']').next().unwrap_or(rest).trim();
            labels.insert(label.to_string());
        }
    };
    for (part, section) in plan(input).into_iter().zip(&document.sections) {
        if !matches!(part, Part::Cover | Part::Letter) {
            continue;
        }
        for block in &section.blocks {
            match block {
                Block::Text { spans, .. } => spans.iter().for_each(|span| collect(&span.text)),
                Block::Table(table) => {
                    table.rows.iter().flatten().flat_map(|cell| cell.spans.iter()).for_each(|span| collect(&span.text))
                }
                Block::Heading { text, .. } => collect(text),
                _ => {}
            }
        }
    }
    labels.len() + usize::from(input.letter.trim().is_empty())
}

/// The fax cover sheet, from its template (`templates/letters/fax_cover.txt`). The template's
/// text decides the layout (see the template's comment); typed values only ever land in cells
/// and paragraphs, verbatim.
fn cover(input: &PacketInput<'_>, numbers: &Numbers) -> Result<Vec<Block>, PacketError> {
    let extras = LetterExtras {
        attachments: input.attachments.iter().map(|a| value(&a.name)).collect(),
        page_count: numbers.total,
        checklist: input.checklist.is_some(),
        cover_for: input.letter_kind,
    };
    let rendered = letter::render_with(LetterKind::FaxCover, input.case, input.today, &extras)
        .map_err(|e| PacketError::Template(e.to_string()))?;
    let mut blocks = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let flush = |rows: &mut Vec<Vec<Cell>>, blocks: &mut Vec<Block>| {
        if !rows.is_empty() {
            blocks.push(Block::Table(Table {
                widths: vec![0.2, 0.8],
                header: None,
                rows: std::mem::take(rows),
                size: COVER_SIZE,
            }));
        }
    };
    for (n, line) in rendered.text.split('\n').enumerate() {
        if n == 0 {
            blocks.push(Block::Heading { text: line.to_string(), size: COVER_TITLE_SIZE });
            continue;
        }
        if n == 1 {
            blocks.push(Block::Text { spans: vec![Span::bold(line)], size: HEADING_SIZE });
            blocks.push(Block::Space(10.0));
            continue;
        }
        if let Some((label, text)) = line.split_once('\t') {
            rows.push(vec![Cell::bold(label), Cell::text(text)]);
            continue;
        }
        flush(&mut rows, &mut blocks);
        if line.trim().is_empty() {
            blocks.push(Block::Space(10.0));
        } else if line == "CONFIDENTIALITY NOTICE" {
            blocks.extend(heading("Confidentiality notice"));
        } else {
            blocks.push(Block::Text { spans: vec![Span::regular(line)], size: COVER_SIZE });
        }
    }
    flush(&mut rows, &mut blocks);
    while blocks.last() == Some(&Block::Space(10.0)) {
        blocks.pop();
    }
    Ok(blocks)
}

fn letter(text: &str) -> Vec<Block> {
    let text = if text.trim().is_empty() { "(The letter is empty.)" } else { text };
    vec![Block::Text { spans: vec![Span::regular(text)], size: LETTER_SIZE }]
}

fn summary(case: &Case, today: chrono::NaiveDate) -> Vec<Block> {
    let details = &case.claim;
    let patient = &details.patient;
    let payer = &details.payer;
    let provider = &details.provider;
    let claim = &details.claim;
    let mut blocks = Vec::new();
    blocks.extend(title_blocks("Claim summary"));

    blocks.extend(heading("Patient"));
    let mut rows = vec![("Name", patient_name(case)), ("Date of birth", value(&patient.dob))];
    if let Some(sex) = &patient.sex {
        rows.push(("Sex", value(sex)));
    }
    rows.push(("Member ID", optional(patient.member_id.as_ref())));
    if let Some(group) = &patient.group_number {
        rows.push(("Group number", value(group)));
    }
    blocks.push(fields(rows));

    blocks.extend(heading("Payer"));
    let mut rows = vec![
        ("Name", value(&payer.name)),
        ("Plan type", value(&payer.plan_type)),
        ("Phone", value(&payer.phone)),
        ("Fax", value(&payer.fax)),
        ("Address", address(&payer.address)),
    ];
    if let Some(days) = &payer.retro_auth_window_days {
        let basis = payer.retro_auth_window_basis.as_deref().unwrap_or("");
        let unit = payer
            .retro_auth_window_unit
            .as_deref()
            .and_then(crate::core::validate::WindowUnit::parse)
            .unwrap_or_default()
            .days_word();
        let window = if basis.trim().is_empty() {
            format!("{} {unit}", lenient(days))
        } else {
            let basis = crate::core::validate::WindowBasis::parse(basis)
                .map(|b| b.label().to_string())
                .unwrap_or_else(|| humanize(basis));
            format!("{} {unit} from the {}", lenient(days), basis.to_lowercase())
        };
        rows.push(("Retro-authorization window", window));
    }
    if let Some(window) = letter::deadline_line(case, today) {
        let deadline = window.deadline.format("%B %-d, %Y");
        let basis = window.basis_date.format("%B %-d, %Y");
        let status = if window.is_met() {
            format!(
                "this request ({}) is {} day(s) after, within the window",
                today.format("%B %-d, %Y"),
                window.elapsed
            )
        } else {
            format!(
                "this request ({}) is {} day(s) after, outside the window",
                today.format("%B %-d, %Y"),
                window.elapsed
            )
        };
        rows.push((
            "Retro-authorization deadline",
            format!("{deadline} ({} from the {}, {basis}); {status}", window.length(), window.basis_label),
        ));
    }
    if let Some(note) = &payer.retro_auth_window_note {
        rows.push(("Window rule source", value(note)));
    }
    blocks.push(fields(rows));

    blocks.extend(heading("Billing provider"));
    blocks.push(fields(vec![
        ("Name", value(&provider.name)),
        ("NPI", value(&provider.npi)),
        ("TIN", value(&provider.tin)),
        ("Address", address(&provider.address)),
        ("Phone", value(&provider.phone)),
        ("Contact", value(&provider.contact_name)),
    ]));

    if let Some(facility) = &details.facility {
        blocks.extend(heading("Facility"));
        let mut rows = vec![("Name", value(&facility.name)), ("NPI", value(&facility.npi))];
        if let Some(place) = &facility.address {
            rows.push(("Address", address(place)));
        }
        blocks.push(fields(rows));
    }
    if let Some(referring) = &details.referring_provider {
        blocks.extend(heading("Referring / ordering provider"));
        blocks.push(fields(vec![("Name", value(&referring.name)), ("NPI", value(&referring.npi))]));
    }

    blocks.extend(heading("Claim"));
    let mut rows = vec![("Claim type", value(&claim.claim_type)), ("Claim number", value(&claim.claim_number))];
    if let Some(bill) = &claim.type_of_bill {
        rows.push(("Type of bill", value(bill)));
    }
    if let Some(drg) = &claim.drg {
        rows.push(("DRG", value(drg)));
    }
    if let Some(admission) = &claim.admission_type {
        rows.push(("Admission type", value(admission)));
    }
    match (&claim.date_of_service, &claim.from, &claim.to) {
        (Some(date), _, _) => rows.push(("Date of service", value(date))),
        (None, None, None) => rows.push(("Date of service", NOT_PROVIDED.to_string())),
        (None, from, to) => {
            rows.push(("Dates of service", format!("{} to {}", optional(from.as_ref()), optional(to.as_ref()))));
        }
    }
    rows.push(("Place of service", value(&claim.place_of_service)));
    if let Some(total) = &claim.total_charge {
        rows.push(("Total charge", lenient(total)));
    }
    if let Some(date) = &claim.original_submission_date {
        rows.push(("Original submission date", value(date)));
    }
    blocks.push(fields(rows));

    if let Some(auth) = &claim.prior_authorization {
        blocks.extend(heading("Authorization on file"));
        let mut rows = vec![
            ("Authorization number", value(&auth.number)),
            ("Approved codes", value(&auth.approved_codes.join(", "))),
        ];
        if auth.approved_from.is_some() || auth.approved_to.is_some() {
            rows.push((
                "Approved dates",
                format!("{} to {}", optional(auth.approved_from.as_ref()), optional(auth.approved_to.as_ref())),
            ));
        }
        if let Some(description) = &auth.description {
            rows.push(("Description", value(description)));
        }
        blocks.push(fields(rows));
    }
    if let Some(eligibility) = &claim.eligibility {
        blocks.extend(heading("Eligibility"));
        let mut labels: Vec<(String, String)> = Vec::new();
        if let Some(date) = &eligibility.eligibility_determination_date {
            labels.push(("Eligibility determined".to_string(), value(date)));
        }
        for (key, field) in &eligibility.extra {
            let text = match field {
                serde_json::Value::String(text) => text.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            labels.push((humanize(key), value(&text)));
        }
        if !labels.is_empty() {
            blocks.push(fields(labels.iter().map(|(label, text)| (label.as_str(), text.clone())).collect()));
        }
    }

    blocks.extend(heading("Service lines"));
    if claim.lines.is_empty() {
        blocks.push(Block::Text { spans: vec![Span::regular(NOT_PROVIDED)], size: BODY_SIZE });
    } else {
        blocks.push(service_lines(case));
    }

    blocks.extend(heading("Diagnoses (ICD-10-CM)"));
    if claim.diagnoses.is_empty() {
        blocks.push(Block::Text { spans: vec![Span::regular(NOT_PROVIDED)], size: BODY_SIZE });
    } else {
        blocks.push(Block::Table(Table {
            widths: vec![0.1, 0.9],
            header: Some(vec!["#".to_string(), "Code".to_string()]),
            rows: claim
                .diagnoses
                .iter()
                .enumerate()
                .map(|(i, code)| vec![Cell::text((i + 1).to_string()), Cell::text(value(code))])
                .collect(),
            size: BODY_SIZE,
        }));
    }

    blocks.extend(heading("Denial"));
    let denial = &claim.denial;
    blocks.push(fields(vec![
        ("Denial date", value(&denial.date)),
        ("CARC", value(&denial.carc)),
        ("RARC", value(&denial.rarc)),
        ("Denial text", value(&denial.text)),
    ]));

    blocks.extend(heading("Why prior authorization was not obtained"));
    let reason = &details.reason_prior_auth_missing;
    let label = REASON_CODES.iter().find(|(code, _)| *code == reason.code.trim()).map(|(_, label)| *label);
    let reason_text = match label {
        Some(label) => format!("{label} ({})", reason.code),
        None => value(&reason.code),
    };
    blocks.push(fields(vec![("Reason", reason_text), ("Details", value(&reason.detail))]));
    blocks
}

fn service_lines(case: &Case) -> Block {
    let lines = &case.claim.claim.lines;
    let with_revenue = lines.iter().any(|line| line.revenue_code.is_some());
    let with_dates = lines.iter().any(|line| line.from.is_some() || line.to.is_some());
    let mut header = vec!["#"];
    let mut widths = vec![0.05];
    if with_revenue {
        header.push("Rev. code");
        widths.push(0.1);
    }
    header.extend(["Code", "Modifiers", "Units", "Charge", "Dx pointers"]);
    widths.extend([0.12, 0.14, 0.08, 0.13, 0.12]);
    if with_dates {
        header.push("Dates");
        widths.push(0.26);
    }
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut row = vec![Cell::text((i + 1).to_string())];
            if with_revenue {
                row.push(Cell::text(optional(line.revenue_code.as_ref())));
            }
            // Revenue-code-only institutional lines have no procedure code by design.
            row.push(Cell::text(match (&line.cpt_or_hcpcs, &line.revenue_code) {
                (None, Some(_)) => "\u{2014}".to_string(),
                (code, _) => optional(code.as_ref()),
            }));
            row.push(Cell::text(if line.modifiers.is_empty() {
                "\u{2014}".to_string()
            } else {
                line.modifiers.join(", ")
            }));
            row.push(Cell::text(lenient(&line.units)));
            row.push(Cell::text(lenient(&line.charge)));
            let pointers: Vec<String> = line.icd10_pointers.iter().map(Lenient::as_text).collect();
            row.push(Cell::text(if pointers.is_empty() { "\u{2014}".to_string() } else { pointers.join(", ") }));
            if with_dates {
                let dates = match (&line.from, &line.to) {
                    (Some(from), Some(to)) if from != to => format!("{from} to {to}"),
                    (Some(from), _) => from.clone(),
                    (None, Some(to)) => to.clone(),
                    (None, None) => "\u{2014}".to_string(),
                };
                row.push(Cell::text(dates));
            }
            row
        })
        .collect();
    Block::Table(Table {
        widths,
        header: Some(header.into_iter().map(str::to_string).collect()),
        rows,
        size: BODY_SIZE,
    })
}

fn notes(case: &Case) -> Vec<Block> {
    let mut blocks = Vec::new();
    blocks.extend(title_blocks("Clinical documentation"));
    if case.notes.is_empty() {
        blocks.push(Block::Text { spans: vec![Span::regular("(No clinical notes were provided.)")], size: BODY_SIZE });
    }
    let count = case.notes.len();
    for (i, note) in case.notes.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Space(14.0));
        }
        blocks.push(Block::Anchor(note_start(i)));
        blocks.push(Block::Heading {
            text: format!("Clinical note {} of {count}: {}", i + 1, value(&note.note_type)),
            size: HEADING_SIZE,
        });
        blocks.push(Block::Space(4.0));
        let text = match (&note.text, &note.text_file) {
            (Some(text), _) => value(text),
            (None, Some(file)) => format!("(The text of this note is in the file {file}, which was not loaded.)"),
            (None, None) => NOT_PROVIDED.to_string(),
        };
        blocks.push(Block::Text { spans: vec![Span::regular(text)], size: BODY_SIZE });
        blocks.push(Block::EndAnchor(note_end(i)));
    }
    blocks
}

/// The medical-necessity checklist: one row per element, with the evidence quoted verbatim.
fn checklist(items: &[ChecklistItem], case: &Case, numbers: &Numbers) -> Vec<Block> {
    let mut blocks = Vec::new();
    blocks.extend(title_blocks("Medical-necessity checklist"));
    let found = items.iter().filter(|i| i.present).count();
    blocks.push(Block::Text {
        spans: vec![Span::regular(format!(
            "{found} of {} element(s) documented in the enclosed clinical notes. Quotes are verbatim from the notes.",
            items.len()
        ))],
        size: BODY_SIZE,
    });
    blocks.push(Block::Space(6.0));
    if items.is_empty() {
        blocks.push(Block::Text { spans: vec![Span::regular("(No checklist elements.)")], size: BODY_SIZE });
        return blocks;
    }
    let count = case.notes.len();
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let status = if item.present { "Documented" } else { "Not found" };
            let mut evidence = Vec::new();
            match item.quote.as_deref().filter(|q| !q.trim().is_empty()) {
                Some(quote) => {
                    evidence.push(Span::regular(format!("\u{201C}{quote}\u{201D}")));
                    if let Some(note) = item.note.filter(|n| *n < count) {
                        let pages = numbers.notes.get(note).copied().flatten();
                        let at = match pages {
                            Some((first, last)) if first == last => {
                                format!(" (clinical note {} of {count}, page {first})", note + 1)
                            }
                            Some(_) => {
                                format!(" (clinical note {} of {count}, pages {})", note + 1, self::pages(pages))
                            }
                            None => format!(" (clinical note {} of {count})", note + 1),
                        };
                        evidence.push(Span::regular(at));
                    }
                }
                None if item.present => evidence.push(Span::regular("(documented; no quote given)")),
                None => {}
            }
            if !item.present && !item.hint.trim().is_empty() {
                if !evidence.is_empty() {
                    evidence.push(Span::regular("\n"));
                }
                evidence.push(Span::bold("Looked for:\u{A0}"));
                evidence.push(Span::regular(item.hint.clone()));
            }
            if evidence.is_empty() {
                evidence.push(Span::regular("\u{2014}"));
            }
            vec![
                Cell::text((i + 1).to_string()),
                Cell::text(value(&item.element)),
                Cell { spans: vec![if item.present { Span::regular(status) } else { Span::bold(status) }] },
                Cell { spans: evidence },
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        widths: vec![0.05, 0.24, 0.16, 0.55],
        header: Some(vec!["#".to_string(), "Element".to_string(), "Status".to_string(), "Evidence".to_string()]),
        rows,
        size: BODY_SIZE,
    }));
    blocks
}

fn index(input: &PacketInput<'_>, parts: &[Part], numbers: &Numbers) -> Vec<Block> {
    let case = input.case;
    let mut blocks = Vec::new();
    blocks.extend(title_blocks("Enclosure index"));
    let mut rows = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        rows.push(vec![
            Cell::bold(format!("{}. {}", i + 1, part_name(input, *part))),
            Cell::text(pages(numbers.sections.get(i).copied())),
        ]);
        if *part == Part::Notes {
            let count = case.notes.len();
            for (n, note) in case.notes.iter().enumerate() {
                rows.push(vec![
                    Cell::text(format!("      Clinical note {} of {count}: {}", n + 1, value(&note.note_type))),
                    Cell::text(pages(numbers.notes.get(n).copied().flatten())),
                ]);
            }
        }
    }
    blocks.push(Block::Table(Table {
        widths: vec![0.8, 0.2],
        header: Some(vec!["Enclosure".to_string(), "Pages".to_string()]),
        rows,
        size: BODY_SIZE,
    }));
    blocks
}

/// Where the document has a character for which `hit` is true, named by section and field
/// (labels this module writes, never the text itself): "page header: Patient",
/// "Claim summary: Name", "Clinical documentation", "Attachment 2 (file name)".
pub(crate) fn places_with(document: &Document, input: &PacketInput<'_>, hit: &dyn Fn(char) -> bool) -> Vec<String> {
    let mut places: Vec<String> = Vec::new();
    let mut add = |place: String| {
        if !places.contains(&place) {
            places.push(place);
        }
    };
    let has = |text: &str| text.chars().any(hit);
    let label_of = |text: &str| text.trim_end_matches(['\u{A0}', ' ']).trim_end_matches(':').replace('\u{A0}', " ");
    let mut label = String::new();
    for span in &document.header {
        if span.face == super::layout::Face::Bold {
            label = label_of(&span.text);
        } else if has(&span.text) {
            add(format!("page header: {label}"));
        }
    }
    for (part, section) in plan(input).into_iter().zip(&document.sections) {
        let name = match part {
            Part::Attachment(i) => format!("Attachment {}", i + 1),
            other => part_name(input, other),
        };
        if has(&section.title) {
            add(match part {
                Part::Attachment(_) => format!("{name} (file name)"),
                _ => name.clone(),
            });
        }
        for block in &section.blocks {
            match block {
                Block::Heading { text, .. } if has(text) => add(name.clone()),
                Block::Text { spans, .. } if spans.iter().any(|s| has(&s.text)) => add(name.clone()),
                Block::Table(table) => {
                    for row in &table.rows {
                        if !row.iter().flat_map(|cell| &cell.spans).any(|s| has(&s.text)) {
                            continue;
                        }
                        // A label/value table names the field by its label (bold, our own text).
                        match row.first().and_then(|cell| cell.spans.first()) {
                            Some(first)
                                if part == Part::Summary
                                    && first.face == super::layout::Face::Bold
                                    && row.len() == 2 =>
                            {
                                add(format!("{name}: {}", label_of(&first.text)))
                            }
                            _ => add(name.clone()),
                        }
                    }
                }
                _ => {}
            }
        }
    }
    places
}
