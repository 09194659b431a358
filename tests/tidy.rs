//! Architecture invariants, checked as tests (rust-analyzer's "tidy" idea). See ARCHITECTURE.md.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Build output and fuzzing data (tests/fuzz/target, corpus, artifacts) are not sources.
            if path.file_name().is_some_and(|n| {
                n == "fixtures" || n == "snapshots" || n == "target" || n == "corpus" || n == "artifacts"
            }) {
                continue;
            }
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Source without `//` comments, so documentation may name what the code must not use.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// True if `word` occurs in `code` not as part of a longer identifier (`Catalog::` is not
/// `log::`, `yewdux` is not `yew`).
fn uses(code: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        let glued_before = before.is_some_and(is_ident);
        let glued_after = word.ends_with(is_ident) && after.is_some_and(is_ident);
        !glued_before && !glued_after
    })
}

#[test]
fn core_is_pure() {
    let forbidden = [
        "yew",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen",
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "SystemTime",
        "Instant::now",
        "Local::now",
        "Utc::now",
        "println!",
        "eprintln!",
        "print!",
        "dbg!",
        "log::",
        "tracing::",
    ];
    let files = rust_files(&root().join("src/core"));
    assert!(files.len() > 5);
    for file in files {
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        for word in forbidden {
            assert!(!uses(&code, word), "{}: the pure core must not use `{word}`", file.display());
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    for dir in ["src", "tests"] {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.trim_start().starts_with("//!"), "{} must start with a `//!` doc comment", file.display());
        }
    }
}

#[test]
fn no_network_apis_and_no_raw_html() {
    let forbidden = [
        "XmlHttpRequest",
        "WebSocket",
        "EventSource",
        "send_beacon",
        "fetch_with",
        "RequestInit",
        "gloo_net",
        "reqwest",
        "from_html_unchecked",
        "set_inner_html",
        "inner_html",
        "console::log",
        "console::error",
        "console::warn",
        "local_storage",
        "session_storage",
        "indexed_db",
    ];
    // The one place allowed to touch browser storage: opt-in drafts, ciphertext only.
    let storage_ok = root().join("src/web/drafts.rs");
    for file in rust_files(&root().join("src")) {
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        for word in forbidden {
            if word == "local_storage" && file == storage_ok {
                continue;
            }
            assert!(
                !uses(&code, word),
                "{}: `{word}` is not allowed (privacy / text-is-data invariants)",
                file.display()
            );
        }
    }
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for feature in ["\"Request\"", "\"XmlHttpRequest\"", "\"WebSocket\"", "\"EventSource\"", "\"RequestInit\""] {
        assert!(!manifest.contains(feature), "web-sys feature {feature} must not be enabled");
    }
}

#[test]
fn static_files_make_no_requests() {
    // Files that may fetch, and the only thing each may fetch (same-origin files of the build).
    // wasm-bindgen's loader fetching its own .wasm is covered by the e2e suite's request log.
    let allowed_fetches: &[(&str, &str)] = &[
        ("www/packet-worker.js", "fetch(new URL('./fonts/WenQuanYiMicroHei.ttf', import.meta.url))"),
        ("www/embed-frame.js", "fetch('./embed-origins.json', { cache: 'no-store' })"),
        // The demo portal page loads its sample case (a file of the build, see the check below).
        ("www/embed-demo.js", "fetch(SAMPLE_URL)"),
        // The service worker's cache-miss path for same-origin GETs.
        ("www/sw.js", "await fetch(request)"),
    ];
    // Every page and script under www/ (walked, so a new worker is covered), and the page.
    let mut shipped: Vec<String> = vec!["index.html".to_string()];
    let mut dirs = vec![root().join("www")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "js" || e == "html" || e == "mjs") {
                shipped.push(path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    shipped.sort();
    let demo = std::fs::read_to_string(root().join("www/embed-demo.js")).unwrap();
    assert!(demo.contains("const SAMPLE_URL = './embed-sample-case.json';"), "embed-demo.js fetches its own sample");
    for required in ["www/import-worker.js", "www/analysis-worker.js", "www/packet-worker.js", "www/embed-demo.js"] {
        assert!(shipped.iter().any(|f| f == required), "{required} not found under www/");
    }
    for file in &shipped {
        let file = file.as_str();
        // Comment lines may name URLs in examples; only code counts.
        let mut text: String = std::fs::read_to_string(root().join(file))
            .unwrap()
            .lines()
            .filter(|line| {
                let line = line.trim_start();
                !(line.starts_with("//") || line.starts_with("<!--") || line.starts_with('*'))
            })
            .collect::<Vec<_>>()
            .join("\n");
        for (allowed_file, call) in allowed_fetches {
            if *allowed_file == file {
                assert!(text.contains(call), "{file}: expected `{call}`");
                text = text.replace(call, "");
            }
        }
        for word in [
            "fetch(",
            "XMLHttpRequest",
            "WebSocket",
            "EventSource",
            "sendBeacon",
            "http://",
            "https://",
            "localStorage",
            "console.",
        ] {
            assert!(!text.contains(word), "{file}: `{word}` is not allowed");
        }
    }
}

/// The rule files of a "one rule per file" directory (minus `mod`, `shared`, `derived`,
/// `testing`), by name.
fn rule_names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|n| !matches!(n.as_str(), "mod" | "shared" | "derived" | "testing"))
        .collect();
    names.sort();
    names
}

/// What every rule file of `dir` must satisfy, as a list of problems (empty when all is well):
/// the four documented sections, exactly one registration in `mod.rs` (`registration(name)`),
/// one `mod` line, and no `use` of another rule file (rules share code through `shared`/`mod`).
fn rule_pattern_problems(dir: &str, registration: impl Fn(&str) -> String) -> Vec<String> {
    let names = rule_names(dir);
    let registry = std::fs::read_to_string(root().join(dir).join("mod.rs")).unwrap();
    let registry_code = code_only(&registry);
    let mut problems = Vec::new();
    assert!(!names.is_empty(), "{dir}: no rule files");
    for name in &names {
        let text = std::fs::read_to_string(root().join(dir).join(format!("{name}.rs"))).unwrap();
        let doc: Vec<&str> = text.lines().take_while(|l| l.starts_with("//!")).collect();
        for section in ["## What it checks", "## Why it matters", "## What satisfies it", "## References"] {
            if !doc.iter().any(|l| l.trim_start_matches("//!").trim() == section) {
                problems.push(format!("{dir}/{name}.rs: no `{section}` section in its //! doc"));
            }
        }
        let registered = registry_code.matches(&registration(name)).count();
        if registered != 1 {
            problems.push(format!("{dir}/{name}.rs: registered {registered} times in mod.rs (expected once)"));
        }
        let declared = registry_code
            .lines()
            .filter(|l| {
                let l = l.trim();
                l.strip_suffix(';').and_then(|l| l.rsplit(' ').next()) == Some(name.as_str()) && l.contains("mod ")
            })
            .count();
        if declared != 1 {
            problems.push(format!("{dir}/{name}.rs: declared {declared} times as a module in mod.rs"));
        }
        let code = code_only(text.split("#[cfg(test)]").next().unwrap_or(""));
        for other in names.iter().filter(|o| *o != name) {
            // `super::other`, `rules::other`, or `other::item` after `use super::{…, other}`.
            if uses(&code, &format!("super::{other}"))
                || uses(&code, &format!("rules::{other}"))
                || uses(&code, &format!("{other}::"))
            {
                problems.push(format!(
                    "{dir}/{name}.rs: uses the rule file `{other}` (move what they share to mod/shared)"
                ));
            }
        }
    }
    // Nothing registered that has no file.
    for line in registry_code.lines() {
        let line = line.trim();
        if let Some(module) = line.strip_prefix("pub(crate) mod ").or_else(|| line.strip_prefix("mod ")) {
            let Some(module) = module.strip_suffix(';') else { continue };
            if !matches!(module, "shared" | "derived" | "testing" | "tests") && !names.iter().any(|n| n == module) {
                problems.push(format!("{dir}/mod.rs: module `{module}` has no file"));
            }
        }
    }
    problems
}

/// The string literals a piece of code passes as the first argument of `call` (`data(`, …).
fn first_literal_args(code: &str, call: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for (at, _) in code.match_indices(call) {
        let glued = code[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if glued {
            continue;
        }
        let rest = code[at + call.len()..].trim_start();
        if let Some(rest) = rest.strip_prefix('"')
            && let Some(end) = rest.find('"')
        {
            out.insert(rest[..end].to_string());
        }
    }
    out
}

/// The validation rules follow their pattern, and the code table in `validate/rules/mod.rs`
/// lists, for each rule, exactly the codes its file raises (`data("…"` / `Finding::advice("…"`).
#[test]
fn validation_rules_follow_the_rule_pattern() {
    let dir = "src/core/validate/rules";
    let mut problems = rule_pattern_problems(dir, |name| format!("Rule {{ name: \"{name}\", check: {name}::check }}"));
    let registry = std::fs::read_to_string(root().join(dir).join("mod.rs")).unwrap();
    for name in rule_names(dir) {
        let rows: Vec<&str> = registry.lines().filter(|l| l.starts_with(&format!("//! | [`{name}`] |"))).collect();
        let [row] = rows.as_slice() else {
            problems.push(format!("{dir}/mod.rs: {} code-table rows for `{name}` (expected one)", rows.len()));
            continue;
        };
        let listed: std::collections::BTreeSet<String> =
            row.split('|').nth(2).unwrap_or("").split('`').skip(1).step_by(2).map(str::to_string).collect();
        let text = std::fs::read_to_string(root().join(dir).join(format!("{name}.rs"))).unwrap();
        let code = code_only(text.split("#[cfg(test)]").next().unwrap_or(""));
        let mut raised = first_literal_args(&code, "data(");
        raised.extend(first_literal_args(&code, "Finding::advice("));
        if listed != raised {
            problems.push(format!("{dir}/mod.rs: the row for `{name}` lists {listed:?}, the file raises {raised:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The necessity-check rules follow the same pattern (`rule!(name)` in `checks/rules/mod.rs`).
/// What several rules derive from the notes lives in `rules/derived.rs`, never in a rule file.
#[test]
fn check_rules_follow_the_rule_pattern() {
    let problems = rule_pattern_problems("src/core/checks/rules", |name| format!("rule!({name})"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Fixed-length array types with a written length (`[RuleDef; 29]`) outside tests in the Rust
/// files under `dirs` (and the single `files`).
fn fixed_length_arrays(dirs: &[&str], files: &[&str]) -> Vec<String> {
    let mut paths: Vec<PathBuf> = dirs.iter().flat_map(|dir| rust_files(&root().join(dir))).collect();
    paths.extend(files.iter().map(|f| root().join(f)));
    let mut problems = Vec::new();
    for path in paths {
        let file = path.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let code = code_only(text.split("#[cfg(test)]").next().unwrap_or(""));
        for (at, _) in code.match_indices("; ") {
            let rest = &code[at + 2..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && rest[digits.len()..].starts_with("] =") {
                problems.push(format!("{file}: a fixed-length array `[_; {digits}]`; use a slice"));
            }
        }
    }
    problems
}

/// No hand-written element counts: a list of rules, fields, codes or kinds is a slice whose
/// length is what it holds, so no `[RuleDef; 29]`-style array type (outside tests) in
/// validate, letter, codes, model, form and finding.
#[test]
fn no_hand_written_counts_in_lists() {
    let problems = fixed_length_arrays(
        &["src/core/validate", "src/core/letter", "src/core/codes", "src/core/model"],
        &["src/core/form.rs", "src/core/finding.rs"],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The same for the necessity checks' registry and engine files. The cue tables inside rule
/// files are not covered yet.
#[test]
fn no_hand_written_counts_in_check_lists() {
    let problems = fixed_length_arrays(
        &[],
        &["src/core/checks/mod.rs", "src/core/checks/rules/mod.rs", "src/core/checks/profile.rs", "src/core/report.rs"],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
