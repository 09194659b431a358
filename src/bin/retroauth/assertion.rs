//! `retroauth assertion`: the context classifier on its own (contract in
//! `../shared/spec/CLI.md`).
//!
//! Reads tab-separated lines from FILE or standard input, each `TARGET<TAB>SENTENCE` or a
//! NegEx/ConText kit row (`line number<TAB>Condition<TAB>sentence<TAB>…`, header skipped,
//! extra columns ignored), and prints one line per input line, in order:
//! `ID<TAB>CLASS<TAB>TRIGGER` (ID = the kit's line number, else the 1-based input line), or
//! with `--json` one object per line with UTF-8 byte spans into the sentence. The sentences
//! are never echoed, so the output carries no note text beyond the deciding cue.

use crate::input::CliError;
use clap::Args;
use retroauth::core::checks::assertion::{self, Assertion, AssertionClass};
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// Arguments of `retroauth assertion`.
#[derive(Args, Debug, Clone)]
pub struct AssertionArgs {
    /// A TSV file (`TARGET<TAB>SENTENCE`, or the NegEx kit's columns); standard input if absent.
    pub file: Option<PathBuf>,
    /// One JSON object per line: id, class, trigger, trigger_span, target_span.
    #[arg(long)]
    pub json: bool,
}

/// One input row: its id, target and sentence (`None` when the row has no sentence column).
fn parse_row(line_no: usize, line: &str) -> (String, Option<(&str, &str)>) {
    let cols: Vec<&str> = line.split('\t').collect();
    let kit = cols.len() >= 3
        && cols.first().is_some_and(|c| !c.trim().is_empty() && c.trim().bytes().all(|b| b.is_ascii_digit()));
    if kit {
        let id = cols.first().map(|c| c.trim().to_string()).unwrap_or_default();
        (id, cols.get(1).copied().zip(cols.get(2).copied()))
    } else {
        (line_no.to_string(), cols.first().copied().zip(cols.get(1).copied()))
    }
}

fn is_header(line: &str) -> bool {
    let first = line.split('\t').next().unwrap_or("").trim().to_ascii_lowercase();
    first == "line number" || first == "id" || (first == "target" && line.to_ascii_lowercase().contains("sentence"))
}

fn render(id: &str, a: &Assertion, json: bool) -> String {
    if json {
        let span =
            |s: Option<(usize, usize)>| s.map(|(a, b)| serde_json::json!([a, b])).unwrap_or(serde_json::Value::Null);
        serde_json::json!({
            "id": id,
            "class": a.class.as_str(),
            "trigger": a.trigger,
            "trigger_span": span(a.trigger_span),
            "target_span": span(a.target_span),
        })
        .to_string()
    } else {
        // A trigger never contains a tab or line break, but keep the columns intact anyway.
        let trigger: String = a.trigger.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        format!("{id}\t{}\t{trigger}", a.class.as_str())
    }
}

/// Classifies every line of the input and prints the results.
pub fn run(args: AssertionArgs) -> Result<(), CliError> {
    let name = args.file.as_ref().map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
    let reader: Box<dyn BufRead> = match &args.file {
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(|e| CliError::Input(format!("{name}: cannot read: {e}")))?,
        )),
        None => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut data_line = 0;
    for (i, line) in reader.split(b'\n').enumerate() {
        let bytes = line.map_err(|e| CliError::Input(format!("{name}: line {}: cannot read: {e}", i + 1)))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| CliError::Input(format!("{name}: line {}: not valid UTF-8", i + 1)))?;
        let text = text.strip_suffix('\r').unwrap_or(&text);
        if text.trim().is_empty() || (i == 0 && is_header(text)) {
            continue;
        }
        data_line += 1;
        let (id, row) = parse_row(data_line, text);
        let result = match row {
            Some((target, sentence)) => assertion::classify(target, sentence),
            None => Assertion {
                class: AssertionClass::NotFound,
                trigger: String::new(),
                trigger_span: None,
                target_span: None,
            },
        };
        writeln!(out, "{}", render(&id, &result, args.json))
            .map_err(|e| CliError::Output(format!("standard output: {e}")))?;
    }
    out.flush().map_err(|e| CliError::Output(format!("standard output: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_headers() {
        assert!(is_header("line number\tCondition\tsentence\tnegation_status"));
        assert!(!is_header("edema\tNo edema."));
        let (id, row) = parse_row(7, "12\tedema\tNo EDEMA.\tNegated\tRecent\tPatient");
        assert_eq!((id.as_str(), row), ("12", Some(("edema", "No EDEMA."))));
        let (id, row) = parse_row(3, "edema\tNo edema.");
        assert_eq!((id.as_str(), row), ("3", Some(("edema", "No edema."))));
        assert_eq!(parse_row(4, "no tab here").1, None);
        let a = assertion::classify("edema", "No edema.");
        assert_eq!(render("3", &a, false), "3\tnegated\tNo");
        assert!(render("3", &a, true).contains("\"trigger_span\":[0,2]"));
    }
}
