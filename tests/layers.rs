//! Layering invariants, checked as tests (see ARCHITECTURE.md, "Layers"): every dependency
//! points down (core ← ui/web ← bins), no two sibling modules import each other (directly or
//! round a circle), and no source file grows past 1,200 lines.
//!
//! The checks read the sources as text: `use crate::…` / `use super::…` statements (brace
//! groups expanded) and inline `crate::…` / `super::…` paths, with `//` comments and the
//! trailing `#[cfg(test)] mod tests` block left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be.
const MAX_LINES: usize = 1200;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust files below `dir`, without build output and untracked working folders (`target/`,
/// fuzzing corpora and artifacts), which hold generated code that is not ours.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        let skipped = path.file_name().is_some_and(|n| matches!(n.to_str(), Some("target" | "corpus" | "artifacts")));
        if path.is_dir() && skipped {
            continue;
        }
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `path` relative to the crate root, with `/` separators.
fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// The code of a file: no comments, string and character literals emptied (`""`, `' '`), no
/// trailing unit-test module.
fn code_only(text: &str) -> String {
    let mut kept = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        kept.push(line);
    }
    blank_literals(&kept.join("\n"))
}

/// `code` without comments and with the contents of string and character literals removed
/// (line breaks kept), so text inside them is never taken for code.
fn blank_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev_ident = i > 0 && is_ident_char(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && !prev_ident && matches!(next, Some('"') | Some('#')) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#'))) {
                if chars[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j + 1 + hashes;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{…}'.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            out.push_str("' '");
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `code` names `path` (e.g. `crate::ui`, `yew`, `rules::`) as whole path segments:
/// not as part of a longer identifier (`crate::uix`, `my_yew`, `subrules::`).
fn names(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + path.len()..].chars().next();
        !before.is_some_and(is_ident_char) && (path.ends_with(':') || !after.is_some_and(is_ident_char))
    })
}

/// Files under `dir` (relative to the crate root) whose code names any of `paths`, with the
/// first offending line.
fn offenders(dir: &str, paths: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for file in rust_files(&root().join(dir)) {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in code_only(&text).lines() {
            if let Some(path) = paths.iter().find(|p| names(line, p)) {
                out.push(format!("{}: names `{path}`: {}", relative(&file), line.trim()));
                break;
            }
        }
    }
    out
}

#[test]
fn layers_point_down() {
    let mut problems = Vec::new();
    // (a) The core is pure and knows nothing above it.
    problems.extend(offenders("src/core", &["crate::ui", "crate::web", "yew", "web_sys"]));
    // (b) Browser glue serves the app; it never reaches back up into it.
    problems.extend(offenders("src/web", &["crate::ui"]));
    // (d) The engine modules (Web Workers) carry no UI.
    for bin in ["retroauth-analysis", "retroauth-import", "retroauth-packet"] {
        problems.extend(offenders(&format!("src/bin/{bin}.rs"), &["retroauth::ui"]));
    }
    assert!(problems.is_empty(), "dependencies must point down (core ← ui/web ← bins):\n{}", problems.join("\n"));
}

#[test]
fn note_analysis_knows_nothing_of_the_rules() {
    // (c) The note corpus is below the rules: it is handed the lexicon, it does not fetch it.
    let problems = offenders("src/core/checks/notes", &["rules::", "lexicon::global"]);
    assert!(
        problems.is_empty(),
        "src/core/checks/notes must not name `rules::` or `lexicon::global`:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Import cycles between sibling modules.

/// A module's path (`["core", "checks"]`) and its code.
type ModuleCode = (Vec<String>, String);

/// The module path of a source file: `src/core/checks/notes/mod.rs` → `core::checks::notes`,
/// `src/web/widget.rs` → `web::widget`, `src/lib.rs` → `` (the crate).
fn module_of(relative_to_src: &str) -> Vec<String> {
    let trimmed = relative_to_src.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`, `a::b as c`, `a::*`) into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        // `a::b as c` names `a::b`.
        let path = tree.split_whitespace().next().unwrap_or(tree);
        return vec![path.trim_end_matches("::*").to_string()];
    };
    let prefix: String = tree[..open].split_whitespace().collect();
    let prefix = prefix.as_str();
    let close = tree.rfind('}').filter(|&close| close > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    // Split `inner` at top-level commas.
    let (mut depth, mut start, mut parts) = (0usize, 0usize, Vec::new());
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            expand_use(p).into_iter().map(move |q| {
                if q == "self" { prefix.trim_end_matches("::").to_string() } else { format!("{prefix}{q}") }
            })
        })
        .collect()
}

/// The paths a file's code refers to: each `use` statement's paths, and each inline path that
/// starts with `crate::` or `super::`.
fn referenced_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` statements, up to their `;` (they may span lines).
    let mut outside_use = String::new();
    while let Some(at) = find_use(rest) {
        outside_use.push_str(&rest[..at]);
        let after = &rest[at..];
        let body_start = after.find("use").map(|u| u + 3).unwrap_or(0);
        let end = after.find(';').unwrap_or(after.len());
        out.extend(expand_use(&after[body_start..end]));
        rest = &after[(end + 1).min(after.len())..];
    }
    outside_use.push_str(rest);
    for start in ["crate::", "super::"] {
        for (at, _) in outside_use.match_indices(start) {
            if outside_use[..at].chars().next_back().is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            let path: String = outside_use[at..].chars().take_while(|c| is_ident_char(*c) || *c == ':').collect();
            out.push(path.trim_end_matches(':').to_string());
        }
    }
    out
}

/// The byte offset of the next `use` keyword starting a statement (`use` or `pub use`,
/// `pub(crate) use`).
fn find_use(code: &str) -> Option<usize> {
    code.match_indices("use ").map(|(at, _)| at).find(|&at| {
        let before = code[..at].trim_end_matches(' ');
        (before.is_empty()
            || before.ends_with('\n')
            || before.ends_with(';')
            || before.ends_with('{')
            || before.ends_with('}')
            || before.ends_with("pub")
            || before.ends_with(')'))
            && !code[..at].chars().next_back().is_some_and(is_ident_char)
    })
}

/// A referenced path made absolute from the module `from`: `crate::a::b` → `a::b`,
/// `super::x` (in `a::b`) → `a::x`. Paths of external crates and `self::` yield `None`.
fn resolve(from: &[String], path: &str) -> Option<Vec<String>> {
    let mut segments = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut base: Vec<String> = match segments.peek().copied() {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("super") => from.to_vec(),
        _ => return None,
    };
    while segments.peek() == Some(&"super") {
        segments.next();
        base.pop()?;
    }
    base.extend(segments.map(str::to_string));
    Some(base)
}

/// The module graph between siblings: for each file in `files` (module path, code), an edge
/// `parent::a → parent::b` when a file in module `a` (or below it) names module `b` (or
/// something in it), `a` and `b` being children of the same parent. `modules` is every
/// module that exists, so an item of the parent (`super::Thing`) is not taken for a module.
fn sibling_graph(
    files: &[(Vec<String>, String)],
    modules: &BTreeSet<Vec<String>>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in files {
        for path in referenced_paths(code) {
            let Some(target) = resolve(module, &path) else { continue };
            let common = module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common >= module.len() || common >= target.len() {
                continue; // a parent naming its child, or a child naming its parent
            }
            let from = module[..=common].to_vec();
            let to = target[..=common].to_vec();
            if !modules.contains(&to) {
                continue; // an item of the common parent, not a sibling module
            }
            graph.entry(from.join("::")).or_default().insert(to.join("::"));
        }
    }
    graph
}

/// The import cycles in `graph`: each strongly connected component of more than one module
/// (Tarjan's algorithm), its members sorted; the components sorted.
fn find_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, node: &'g str) {
            self.index.insert(node, self.next);
            self.low.insert(node, self.next);
            self.next += 1;
            self.stack.push(node);
            self.on_stack.insert(node);
            let graph = self.graph;
            for next in graph.get(node).into_iter().flatten() {
                let next = next.as_str();
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.to_string());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 || graph.get(node).is_some_and(|n| n.contains(node)) {
                    component.sort();
                    self.out.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    let nodes: BTreeSet<&str> = graph
        .iter()
        .flat_map(|(from, to)| std::iter::once(from.as_str()).chain(to.iter().map(String::as_str)))
        .collect();
    for node in nodes {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.out.sort();
    tarjan.out
}

/// Every source file of the library under `src/` (binaries are leaves: nothing imports them).
fn library_sources() -> (Vec<ModuleCode>, BTreeSet<Vec<String>>) {
    let src = root().join("src");
    let mut files = Vec::new();
    let mut modules = BTreeSet::new();
    for file in rust_files(&src) {
        let rel = relative(&file);
        let rel = rel.trim_start_matches("src/");
        if rel.starts_with("bin/") {
            continue;
        }
        let module = module_of(rel);
        modules.insert(module.clone());
        files.push((module, code_only(&std::fs::read_to_string(&file).unwrap())));
    }
    (files, modules)
}

#[test]
fn no_import_cycles_between_sibling_modules() {
    let (files, modules) = library_sources();
    let graph = sibling_graph(&files, &modules);
    // The graph is real: the app imports the browser glue, which imports the core.
    assert!(graph.get("ui").is_some_and(|to| to.contains("web") && to.contains("core")), "{graph:#?}");
    let cycles = find_cycles(&graph);
    let listed: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            let arrows: Vec<String> = cycle
                .iter()
                .flat_map(|from| {
                    graph[from].iter().filter(|to| cycle.contains(to)).map(move |to| format!("{from} → {to}"))
                })
                .collect();
            format!("{{{}}}: {}", cycle.join(", "), arrows.join("; "))
        })
        .collect();
    assert!(
        listed.is_empty(),
        "import cycles between sibling modules (make one side point down):\n{}",
        listed.join("\n")
    );
}

#[test]
fn no_source_file_is_over_1200_lines() {
    let mut long = Vec::new();
    for dir in ["src", "tests", "benches"] {
        for file in rust_files(&root().join(dir)) {
            let n = std::fs::read_to_string(&file).unwrap().lines().count();
            if n > MAX_LINES {
                long.push(format!("{}: {n} lines", relative(&file)));
            }
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines (split them by job):\n{}", long.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The detectors themselves, on small synthetic inputs.

fn graph(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in edges {
        g.entry(from.to_string()).or_default().insert(to.to_string());
    }
    g
}

#[test]
fn cycle_finder_finds_circles_of_any_length() {
    assert_eq!(find_cycles(&graph(&[("a", "b"), ("b", "a")])), vec![vec!["a", "b"]]);
    assert_eq!(find_cycles(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])), vec![vec!["a", "b", "c"]]);
    // Two separate circles, and a self-loop.
    assert_eq!(
        find_cycles(&graph(&[("x", "y"), ("y", "x"), ("p", "q"), ("q", "r"), ("r", "p"), ("s", "s"), ("y", "p")])),
        vec![vec!["p", "q", "r"], vec!["s"], vec!["x", "y"]]
    );
}

#[test]
fn cycle_finder_accepts_layered_graphs() {
    assert!(find_cycles(&graph(&[])).is_empty());
    assert!(find_cycles(&graph(&[("a", "b")])).is_empty());
    // A diamond: two paths down to the same module are not a circle.
    assert!(find_cycles(&graph(&[("top", "l"), ("top", "r"), ("l", "bottom"), ("r", "bottom")])).is_empty());
    assert!(find_cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])).is_empty());
}

#[test]
fn use_trees_expand_to_paths() {
    assert_eq!(expand_use("crate::core::model::Case"), vec!["crate::core::model::Case"]);
    assert_eq!(
        expand_use("crate::core::{checks::{self, X}, finding::Y}"),
        vec!["crate::core::checks", "crate::core::checks::X", "crate::core::finding::Y"]
    );
    assert_eq!(
        expand_use("super::field::{BoundField, field}"),
        vec!["super::field::BoundField", "super::field::field"]
    );
    assert_eq!(expand_use("super::lines::*"), vec!["super::lines"]);
}

fn modules(list: &[&str]) -> BTreeSet<Vec<String>> {
    list.iter().map(|m| m.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect()).collect()
}

fn file(module: &str, code: &str) -> ModuleCode {
    (module.split("::").map(str::to_string).collect(), code_only(code))
}

#[test]
fn sibling_graph_reads_use_lines_inline_paths_and_super() {
    let known = modules(&["ui", "ui::a", "ui::b", "ui::c", "ui::c::inner", "web", "web::w"]);
    let files = vec![
        file("ui::a", "use super::b::Thing;\nuse crate::web::w;\n"),
        file("ui::b", "fn f() { crate::ui::c::run(); }\n"),
        // A submodule's import counts for its sibling-level ancestor.
        file("ui::c::inner", "use super::super::{a::X, Parent};\n"),
        // Comments and the unit tests do not count.
        file(
            "web::w",
            "// crate::ui::a is mentioned here\nfn g() {}\n#[cfg(test)]\nmod tests {\n    use crate::ui::a;\n}\n",
        ),
    ];
    let g = sibling_graph(&files, &known);
    assert_eq!(g, graph(&[("ui::a", "ui::b"), ("ui", "web"), ("ui::b", "ui::c"), ("ui::c", "ui::a")]));
    assert_eq!(find_cycles(&g), vec![vec!["ui::a", "ui::b", "ui::c"]]);
    // Without the back edge from c, the same modules are layered.
    let files: Vec<_> = files.into_iter().filter(|(m, _)| m.join("::") != "ui::c::inner").collect();
    assert!(find_cycles(&sibling_graph(&files, &known)).is_empty());
}

#[test]
fn literals_and_comments_are_not_code() {
    let code = blank_literals(
        "let a = \"use crate::ui::x;\"; // crate::ui\nlet b = r#\"crate::web \"quoted\"\"#; let c = '\"';\n/* use crate::ui; */ let d = '\\'';\nuse crate::core::x; fn f<'a>() {}",
    );
    assert!(!code.contains("crate::ui") && !code.contains("crate::web"), "{code}");
    assert!(code.contains("use crate::core::x;") && code.contains("fn f<'a>()"), "{code}");
    assert_eq!(code.lines().count(), 4, "line breaks are kept: {code}");
}

#[test]
fn the_name_check_matches_whole_paths_only() {
    assert!(names("use crate::ui::state::Action;", "crate::ui"));
    assert!(names("let x = yew::html!{};", "yew"));
    assert!(!names("use crate::uix::Thing;", "crate::ui"));
    assert!(!names("let my_yew = 1;", "yew"));
    assert!(names("use super::rules::RULES;", "rules::"));
    assert!(names("for r in crate::core::checks::rules::RULES {", "rules::"));
    assert!(!names("use super::subrules::X;", "rules::"));
    assert!(!names("let rules = 3;", "rules::"));
}
