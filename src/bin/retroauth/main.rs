//! `retroauth`: the native command line over the same pure core as the browser app.
//!
//! ```text
//! retroauth check  CASE.json [--json] [--today YYYY-MM-DD] [--profile NAME]
//! retroauth letter CASE.json [-o letter.txt] [--today YYYY-MM-DD]
//! retroauth packet CASE.json -o packet.pdf [--today YYYY-MM-DD] [--page-size letter|a4]
//! retroauth assertion [FILE.tsv] [--json]
//! retroauth batch  ERA.835 --out DIR [--notes DIR] [--claims CLAIMS.837]... [--window-days N]
//! ```
//!
//! Exit status (contract in `../shared/spec/CLI.md`): 0 when the command did its job, 2 for
//! unusable input (unreadable file, invalid JSON, wrong schema: the message names the file and
//! the line/column or field path), 1 for an internal error. Never a panic trace: the release
//! profile unwinds, `main` installs a panic hook that prints one line without the panic's
//! message (it could quote input), and turns the panic into exit status 1.

mod assertion;
mod batch;
mod input;
mod report;

use clap::{Parser, Subcommand, ValueEnum};
use input::{CliError, load_case_file, resolve_today};
use retroauth::core::{letter, packet, report as core_report};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "retroauth", version, about = "Build retro-authorization requests from a denied claim and its notes")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the claim data and check the notes for medical-necessity elements.
    Check {
        /// The case file (exchange format, schema_version "1.0").
        case: PathBuf,
        /// Print one JSON object (the contract in ../shared/spec/CLI.md) instead of text.
        #[arg(long)]
        json: bool,
        /// The date the request is prepared (default: the case's request_date, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// Force a requirement profile (a name from the vocabulary).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Write the retro-authorization request letter as UTF-8 text.
    Letter {
        /// The case file (exchange format, schema_version "1.0").
        case: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The date the request is prepared (default: the case's request_date, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Write the PDF packet (cover, letter, claim summary, notes, enclosure index).
    Packet {
        /// The case file (exchange format, schema_version "1.0").
        case: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
        /// The date the request is prepared (default: the case's request_date, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
        /// Paper size.
        #[arg(long, value_enum, default_value_t = PaperArg::Letter)]
        page_size: PaperArg,
        /// A PDF, PNG or JPEG to append (repeatable; appended in order and listed in the index).
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<PathBuf>,
        /// Force a requirement profile for the checklist (a name from the vocabulary).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Import a remittance (X12 835 or FHIR R4) and write one packet per authorization-related
    /// denial, plus summary.csv.
    Batch(batch::BatchArgs),
    /// Classify mentions in sentences (negated, hypothetical, historical…): the context
    /// classifier on its own, for `TARGET<TAB>SENTENCE` lines or NegEx-kit rows.
    Assertion(assertion::AssertionArgs),
}

/// The CJK fallback font (the browser loads the same file on demand from `fonts/`).
const CJK_FONT: &[u8] = include_bytes!("../../../www/fonts/WenQuanYiMicroHei.ttf");

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    Letter,
    A4,
}

fn write_output(path: Option<&PathBuf>, bytes: &[u8]) -> Result<(), CliError> {
    match path {
        Some(path) => std::fs::write(path, bytes).map_err(|e| CliError::Output(format!("{}: {e}", path.display()))),
        None => std::io::stdout().write_all(bytes).map_err(|e| CliError::Output(format!("standard output: {e}"))),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Check { case, json, today, profile } => {
            let loaded = load_case_file(&case)?;
            let today = resolve_today(today.as_deref(), &loaded)?;
            let checked = core_report::check_case(&loaded, today, profile.as_deref());
            let text = if json {
                let mut text = serde_json::to_string_pretty(&checked).map_err(|e| CliError::Internal(e.to_string()))?;
                text.push('\n');
                text
            } else {
                report::human(&checked, today)
            };
            write_output(None, text.as_bytes())
        }
        Command::Letter { case, output, today } => {
            let loaded = load_case_file(&case)?;
            let today = resolve_today(today.as_deref(), &loaded)?;
            let letter = letter::render_letter(&loaded, today).map_err(|e| CliError::Internal(e.to_string()))?;
            for missing in &letter.missing {
                eprintln!(
                    "retroauth: warning: {}: {} is missing; the letter shows a placeholder",
                    missing.field, missing.label
                );
            }
            write_output(output.as_ref(), letter.text.as_bytes())
        }
        Command::Packet { case, output, today, page_size, attach, profile } => {
            let loaded = load_case_file(&case)?;
            let today = resolve_today(today.as_deref(), &loaded)?;
            let letter = letter::render_letter(&loaded, today).map_err(|e| CliError::Internal(e.to_string()))?;
            let options = packet::PacketOptions {
                page_size: match page_size {
                    PaperArg::Letter => packet::PageSize::Letter,
                    PaperArg::A4 => packet::PageSize::A4,
                },
                ..packet::PacketOptions::default()
            };
            let mut attachments = Vec::new();
            for path in &attach {
                let bytes = std::fs::read(path)
                    .map_err(|e| CliError::Input(format!("{}: cannot read: {e}", path.display())))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                attachments.push(packet::Attachment { name, bytes });
            }
            let checklist = packet::checklist_items(&retroauth::core::checks::check_notes(&loaded, profile.as_deref()));
            let fonts: [&[u8]; 1] = [CJK_FONT];
            let input = packet::PacketInput {
                checklist: Some(&checklist),
                attachments: &attachments,
                fallback_fonts: &fonts,
                ..packet::PacketInput::new(&loaded, &letter.text, today)
            };
            let built = packet::build_packet(&input, &options).map_err(|e| match e {
                packet::PacketError::Attachment(problem) => CliError::Input(problem.to_string()),
                error @ packet::PacketError::MissingFont { .. } => CliError::Input(error.to_string()),
                other => CliError::Internal(other.to_string()),
            })?;
            for warning in &built.warnings {
                eprintln!("retroauth: warning: {}: {}", warning.code, warning.message);
            }
            write_output(Some(&output), &built.bytes)?;
            eprintln!(
                "retroauth: wrote {} ({} pages, {} bytes)",
                output.display(),
                built.page_count,
                built.bytes.len()
            );
            // A draft is still written (exit 0): the biller may want to look at it. Every page
            // says DRAFT, and so does this line.
            if let Some(draft) = built.draft {
                eprintln!("retroauth: {}: DRAFT \u{2014} {}; not for submission", output.display(), draft.summary());
            }
            Ok(())
        }
        Command::Batch(args) => batch::run(args),
        Command::Assertion(args) => assertion::run(args),
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("retroauth: internal error{location}; please report it (no input data is included in this message)");
    }));
    let cli = Cli::parse();
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("retroauth: error: {error}");
            ExitCode::from(error.exit_code())
        }
        Err(_) => ExitCode::from(1),
    }
}
