//! Architecture invariants, checked as tests (rust-analyzer's "tidy" idea). See ARCHITECTURE.md.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "fixtures" || n == "snapshots") {
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
        !before.is_some_and(is_ident) && !(word.ends_with(is_ident) && after.is_some_and(is_ident))
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
    for file in rust_files(&root().join("src")) {
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        for word in forbidden {
            assert!(
                !code.contains(word),
                "{}: `{word}` is not allowed (privacy / text-is-data invariants)",
                file.display()
            );
        }
    }
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for feature in
        ["\"Request\"", "\"XmlHttpRequest\"", "\"WebSocket\"", "\"EventSource\"", "\"RequestInit\"", "\"Storage\""]
    {
        assert!(!manifest.contains(feature), "web-sys feature {feature} must not be enabled");
    }
}

#[test]
fn static_files_make_no_requests() {
    // The only network call the shipped JavaScript may make is wasm-bindgen's loader fetching
    // its own .wasm file (checked in the built glue by the e2e suite's request log).
    for file in ["www/boot.js", "www/packet-worker.js", "index.html"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
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
