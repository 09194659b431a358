//! `check` output for a person: grouped findings with the evidence quoted.

use chrono::NaiveDate;
use retroauth::core::finding::{FindingKind, Severity};
use retroauth::core::report::CheckReport;
use std::fmt::Write;

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Shortens a quote to one line of at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max { flat } else { format!("{}…", flat.chars().take(max).collect::<String>()) }
}

/// The report as text.
pub fn human(report: &CheckReport, today: NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Case {} (as of {today})", report.case_id);
    let _ = writeln!(
        out,
        "Profile: {} ({:?}{})",
        report.profile.name,
        report.profile.source,
        if report.profile.reason.is_empty() { String::new() } else { format!(": {}", report.profile.reason) }
    );
    match &report.deadline {
        Some(deadline) => {
            let status = if deadline.days_left < 0 {
                format!("{} days late", -deadline.days_left)
            } else {
                format!("{} days left", deadline.days_left)
            };
            let _ = writeln!(
                out,
                "Deadline: {} ({status}; {} days from {} {})",
                deadline.deadline, deadline.window_days, deadline.basis, deadline.basis_date
            );
        }
        None => {
            let _ = writeln!(out, "Deadline: cannot be computed (see the findings)");
        }
    }
    let data: Vec<_> = report.findings.iter().filter(|f| f.kind == FindingKind::DataError).collect();
    let _ = writeln!(
        out,
        "\nClaim data: {}",
        if data.is_empty() { "no problems found".to_string() } else { format!("{} finding(s)", data.len()) }
    );
    for finding in data {
        let _ = writeln!(
            out,
            "  {} [{}] {}: {}",
            severity_word(finding.severity),
            finding.code,
            finding.field.as_deref().unwrap_or("-"),
            finding.message
        );
        if let Some(help) = &finding.help {
            let _ = writeln!(out, "      fix: {help}");
        }
    }
    let advice: Vec<_> = report.findings.iter().filter(|f| f.kind == FindingKind::Advice).collect();
    if !advice.is_empty() {
        let _ = writeln!(out, "\nAdvice:");
        for finding in advice {
            let _ = writeln!(out, "  [{}] {}", finding.code, finding.message);
            if let Some(help) = &finding.help {
                let _ = writeln!(out, "      {help}");
            }
        }
    }
    let _ = writeln!(
        out,
        "\nMedical necessity: {} present, {} missing",
        report.present_elements.len(),
        report.missing_elements.len()
    );
    for finding in report.findings.iter().filter(|f| f.kind == FindingKind::ElementMissing) {
        let _ = writeln!(out, "  MISSING {}: {}", finding.element.as_deref().unwrap_or(&finding.code), finding.message);
        if let Some(help) = &finding.help {
            let _ = writeln!(out, "      to satisfy: {help}");
        }
        let mentions = finding.element.as_ref().and_then(|e| report.not_counted.get(e));
        for mention in mentions.into_iter().flatten() {
            let _ = writeln!(out, "      not counted (note {}): {}", mention.evidence.note + 1, mention.explain(100));
        }
    }
    for finding in report.findings.iter().filter(|f| f.kind == FindingKind::ElementPresent) {
        let _ = writeln!(out, "  present {}", finding.element.as_deref().unwrap_or(&finding.code));
        for evidence in &finding.evidence {
            let _ = writeln!(
                out,
                "      note {} @{}..{}: \"{}\"",
                evidence.note + 1,
                evidence.start,
                evidence.end,
                one_line(&evidence.quote, 100)
            );
        }
    }
    out
}
