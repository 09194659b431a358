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
        // The service worker's cache-miss path for same-origin GETs.
        ("www/sw.js", "await fetch(request)"),
    ];
    let shipped = [
        "www/boot.js",
        "www/packet-worker.js",
        "www/analysis-worker.js",
        "www/embed.js",
        "www/embed-frame.js",
        "www/sw.js",
        "index.html",
        "www/embed.html",
    ];
    for file in shipped {
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
