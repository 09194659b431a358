//! A small, strict template language for letters: a subset of Jinja syntax.
//!
//! ```text
//! {{ patient.name }}                 value (strings verbatim; never re-parsed)
//! {% if payer.fax %}…{% elif x %}…{% else %}…{% endif %}
//! {% if reason.code == "emergency" %}…{% endif %}   also `!=` and `not`
//! {% for line in claim.lines %}{{ loop.index }}. {{ line.code }}{% endfor %}
//! {# a comment #}
//! ```
//!
//! Why not minijinja: the letter preview runs in the first-load Wasm of the app, and minijinja
//! costs about 118 KB gzip there (measured in `../shared/domain/ECOSYSTEM.md`), for features
//! letters do not use. This engine is strict: an undefined name is an error, never blank text.
//! `null` prints as an error too, so a missing input can never vanish silently; the context
//! builder replaces missing inputs with a visible placeholder first.
//!
//! User data is only ever substituted, never parsed: a note that contains `{{ 7*7 }}` prints
//! `{{ 7*7 }}`.
//!
//! A line that holds nothing but one block tag (`{% … %}` or `{# … #}`) disappears entirely,
//! newline included, so templates can be indented for reading without leaving blank lines.

use serde_json::Value;
use std::fmt;

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Value { path: Vec<String>, line: usize },
    If { branches: Vec<(Condition, Vec<Node>)>, otherwise: Vec<Node> },
    For { var: String, path: Vec<String>, body: Vec<Node>, line: usize },
}

#[derive(Debug, Clone, PartialEq)]
enum Condition {
    Truthy { path: Vec<String>, negate: bool, line: usize },
    Compare { path: Vec<String>, literal: String, equal: bool, line: usize },
}

/// A template that could not be parsed or rendered. These are bugs in a template (or a context
/// builder), never caused by user data; the message names the template line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// 1-based line in the template.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TemplateError {}

fn error(line: usize, message: impl Into<String>) -> TemplateError {
    TemplateError { line, message: message.into() }
}

#[derive(Debug)]
enum Token {
    Text(String),
    Expr(String, usize),
    Block(String, usize),
}

/// Splits template source into text, `{{ }}` and `{% %}` tokens, dropping comments and the
/// lines that hold only a block tag.
fn tokenize(source: &str) -> Result<Vec<Token>, TemplateError> {
    let mut tokens = Vec::new();
    let mut line_no = 0;
    let mut in_comment = false;
    for raw_line in source.split_inclusive('\n') {
        line_no += 1;
        let mut rest = raw_line;
        if in_comment {
            match rest.find("#}") {
                None => continue,
                Some(end) => {
                    in_comment = false;
                    rest = &rest[end + 2..];
                    if rest.trim().is_empty() {
                        continue;
                    }
                }
            }
        }
        let trimmed = rest.trim();
        let standalone = (trimmed.starts_with("{%") && trimmed.ends_with("%}") && trimmed.matches("{%").count() == 1)
            || (trimmed.starts_with("{#") && trimmed.ends_with("#}") && trimmed.matches("{#").count() == 1);
        if standalone {
            if trimmed.starts_with("{%") {
                tokens.push(Token::Block(trimmed[2..trimmed.len() - 2].trim().to_string(), line_no));
            }
            continue;
        }
        while !rest.is_empty() {
            let next = ["{{", "{%", "{#"].iter().filter_map(|open| rest.find(open).map(|at| (at, *open))).min();
            let Some((at, open)) = next else {
                tokens.push(Token::Text(rest.to_string()));
                break;
            };
            let before = &rest[..at];
            let inner_start = at + 2;
            if open == "{#" {
                match rest[inner_start..].find("#}") {
                    Some(end) => {
                        if !before.is_empty() {
                            tokens.push(Token::Text(before.to_string()));
                        }
                        rest = &rest[inner_start + end + 2..];
                    }
                    None => {
                        // A comment running over several lines; a line that held only its
                        // start disappears.
                        if !before.trim().is_empty() {
                            tokens.push(Token::Text(before.to_string()));
                        }
                        in_comment = true;
                        rest = "";
                    }
                }
                continue;
            }
            if !before.is_empty() {
                tokens.push(Token::Text(before.to_string()));
            }
            let close = if open == "{{" { "}}" } else { "%}" };
            let Some(end) = rest[inner_start..].find(close) else {
                return Err(error(line_no, format!("`{open}` is not closed on the same line")));
            };
            let inner = rest[inner_start..inner_start + end].trim().to_string();
            if open == "{{" {
                tokens.push(Token::Expr(inner, line_no));
            } else {
                tokens.push(Token::Block(inner, line_no));
            }
            rest = &rest[inner_start + end + 2..];
        }
    }
    if in_comment {
        return Err(error(line_no, "`{#` is never closed"));
    }
    Ok(tokens)
}

fn parse_path(text: &str, line: usize) -> Result<Vec<String>, TemplateError> {
    let parts: Vec<String> = text.split('.').map(|p| p.trim().to_string()).collect();
    let valid = |p: &String| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if parts.iter().all(valid) {
        Ok(parts)
    } else {
        Err(error(line, format!("`{text}` is not a name (letters, digits, `_`, `.`)")))
    }
}

fn parse_condition(text: &str, line: usize) -> Result<Condition, TemplateError> {
    for (op, equal) in [("==", true), ("!=", false)] {
        if let Some((left, right)) = text.split_once(op) {
            let right = right.trim();
            let literal = right
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .ok_or_else(|| error(line, "comparisons take a \"string\" on the right"))?;
            return Ok(Condition::Compare {
                path: parse_path(left.trim(), line)?,
                literal: literal.to_string(),
                equal,
                line,
            });
        }
    }
    match text.strip_prefix("not ") {
        Some(rest) => Ok(Condition::Truthy { path: parse_path(rest.trim(), line)?, negate: true, line }),
        None => Ok(Condition::Truthy { path: parse_path(text, line)?, negate: false, line }),
    }
}

/// What ended a block of nodes.
enum Terminator {
    End,
    Tag(String, String, usize),
}

fn parse_nodes(
    tokens: &mut std::iter::Peekable<std::vec::IntoIter<Token>>,
) -> Result<(Vec<Node>, Terminator), TemplateError> {
    let mut nodes = Vec::new();
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(text) => nodes.push(Node::Text(text)),
            Token::Expr(expr, line) => nodes.push(Node::Value { path: parse_path(&expr, line)?, line }),
            Token::Block(block, line) => {
                let (keyword, rest) = block.split_once(char::is_whitespace).unwrap_or((block.as_str(), ""));
                let rest = rest.trim().to_string();
                match keyword {
                    "if" => {
                        let mut branches = Vec::new();
                        let mut condition = parse_condition(&rest, line)?;
                        let otherwise;
                        loop {
                            let (body, end) = parse_nodes(tokens)?;
                            match end {
                                Terminator::Tag(k, r, l) if k == "elif" => {
                                    branches.push((condition, body));
                                    condition = parse_condition(&r, l)?;
                                }
                                Terminator::Tag(k, _, _) if k == "else" => {
                                    branches.push((condition, body));
                                    let (else_body, end) = parse_nodes(tokens)?;
                                    match end {
                                        Terminator::Tag(k, _, _) if k == "endif" => {}
                                        _ => return Err(error(line, "`if` without `endif`")),
                                    }
                                    otherwise = else_body;
                                    break;
                                }
                                Terminator::Tag(k, _, _) if k == "endif" => {
                                    branches.push((condition, body));
                                    otherwise = Vec::new();
                                    break;
                                }
                                _ => return Err(error(line, "`if` without `endif`")),
                            }
                        }
                        nodes.push(Node::If { branches, otherwise });
                    }
                    "for" => {
                        let Some((var, path)) = rest.split_once(" in ") else {
                            return Err(error(line, "expected `for NAME in PATH`"));
                        };
                        let var = var.trim().to_string();
                        if parse_path(&var, line)?.len() != 1 || var == "loop" {
                            return Err(error(line, "the loop variable must be a single name other than `loop`"));
                        }
                        let path = parse_path(path.trim(), line)?;
                        let (body, end) = parse_nodes(tokens)?;
                        match end {
                            Terminator::Tag(k, _, _) if k == "endfor" => {}
                            _ => return Err(error(line, "`for` without `endfor`")),
                        }
                        nodes.push(Node::For { var, path, body, line });
                    }
                    "elif" | "else" | "endif" | "endfor" => {
                        return Ok((nodes, Terminator::Tag(keyword.to_string(), rest, line)));
                    }
                    other => return Err(error(line, format!("unknown tag `{other}`"))),
                }
            }
        }
    }
    Ok((nodes, Terminator::End))
}

impl Template {
    /// Parses template source.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut tokens = tokenize(source)?.into_iter().peekable();
        let (nodes, end) = parse_nodes(&mut tokens)?;
        match end {
            Terminator::End => Ok(Template { nodes }),
            Terminator::Tag(keyword, _, line) => Err(error(line, format!("`{keyword}` without an opening tag"))),
        }
    }

    /// Renders the template with a JSON context. Strict: an undefined name, a `null` value, or
    /// a `for` over something that is not a list is an error.
    pub fn render(&self, context: &Value) -> Result<String, TemplateError> {
        let mut out = String::new();
        let mut scopes: Vec<(String, Value)> = Vec::new();
        render_nodes(&self.nodes, context, &mut scopes, &mut out)?;
        Ok(out)
    }
}

fn lookup<'v>(path: &[String], context: &'v Value, scopes: &'v [(String, Value)]) -> Option<&'v Value> {
    let (first, rest) = path.split_first()?;
    let mut current =
        scopes.iter().rev().find(|(name, _)| name == first).map(|(_, v)| v).or_else(|| context.get(first))?;
    for part in rest {
        current = match current {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn evaluate(condition: &Condition, context: &Value, scopes: &[(String, Value)]) -> Result<bool, TemplateError> {
    match condition {
        Condition::Truthy { path, negate, line } => {
            let value = lookup(path, context, scopes)
                .ok_or_else(|| error(*line, format!("`{}` is undefined", path.join("."))))?;
            Ok(truthy(value) != *negate)
        }
        Condition::Compare { path, literal, equal, line } => {
            let value = lookup(path, context, scopes)
                .ok_or_else(|| error(*line, format!("`{}` is undefined", path.join("."))))?;
            let same = value.as_str() == Some(literal.as_str());
            Ok(same == *equal)
        }
    }
}

fn render_nodes(
    nodes: &[Node],
    context: &Value,
    scopes: &mut Vec<(String, Value)>,
    out: &mut String,
) -> Result<(), TemplateError> {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Value { path, line } => {
                let name = path.join(".");
                match lookup(path, context, scopes) {
                    None => return Err(error(*line, format!("`{name}` is undefined"))),
                    Some(Value::Null) => return Err(error(*line, format!("`{name}` is null"))),
                    Some(Value::String(s)) => out.push_str(s),
                    Some(Value::Number(n)) => out.push_str(&n.to_string()),
                    Some(Value::Bool(b)) => out.push_str(if *b { "yes" } else { "no" }),
                    Some(_) => return Err(error(*line, format!("`{name}` is a list or object, not text"))),
                }
            }
            Node::If { branches, otherwise } => {
                let mut taken = false;
                for (condition, body) in branches {
                    if evaluate(condition, context, scopes)? {
                        render_nodes(body, context, scopes, out)?;
                        taken = true;
                        break;
                    }
                }
                if !taken {
                    render_nodes(otherwise, context, scopes, out)?;
                }
            }
            Node::For { var, path, body, line } => {
                let items = match lookup(path, context, scopes) {
                    Some(Value::Array(items)) => items.clone(),
                    Some(_) => return Err(error(*line, format!("`{}` is not a list", path.join(".")))),
                    None => return Err(error(*line, format!("`{}` is undefined", path.join(".")))),
                };
                let n_items = items.len();
                for (item_idx, item) in items.into_iter().enumerate() {
                    let loop_info = serde_json::json!({
                        "index": item_idx + 1,
                        "first": item_idx == 0,
                        "last": item_idx + 1 == n_items,
                    });
                    scopes.push(("loop".to_string(), loop_info));
                    scopes.push((var.clone(), item));
                    let result = render_nodes(body, context, scopes, out);
                    scopes.pop();
                    scopes.pop();
                    result?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(source: &str, context: Value) -> Result<String, TemplateError> {
        Template::parse(source)?.render(&context)
    }

    #[test]
    fn substitutes_values_verbatim() {
        let out = render("Dear {{ a.b }},", json!({"a": {"b": "{{ 7*7 }} <script>"}})).unwrap();
        assert_eq!(out, "Dear {{ 7*7 }} <script>,");
    }

    #[test]
    fn undefined_and_null_are_errors() {
        assert_eq!(render("x {{ nope }}", json!({})).unwrap_err().line, 1);
        assert!(render("{{ a }}", json!({"a": null})).is_err());
        assert!(render("{% if nope %}x{% endif %}", json!({})).is_err());
    }

    #[test]
    fn conditions_and_loops() {
        let source = "{% if kind == \"a\" %}A{% elif not list %}empty{% else %}B{% endif %}|{% for x in list %}{{ loop.index }}={{ x.n }}{% if not loop.last %},{% endif %}{% endfor %}";
        assert_eq!(render(source, json!({"kind": "a", "list": [{"n": 1}]})).unwrap(), "A|1=1");
        assert_eq!(render(source, json!({"kind": "b", "list": []})).unwrap(), "empty|");
        assert_eq!(render(source, json!({"kind": "b", "list": [{"n": "x"}, {"n": "y"}]})).unwrap(), "B|1=x,2=y");
    }

    #[test]
    fn standalone_block_lines_vanish() {
        let source = "{# multi\n line #}\na\n  {% if t %}\nb\n  {% endif %}\n{# note #}\nc {# x #}d\n";
        assert_eq!(render(source, json!({"t": true})).unwrap(), "a\nb\nc d\n");
        assert_eq!(render(source, json!({"t": false})).unwrap(), "a\nc d\n");
        assert!(Template::parse("{# open").is_err());
    }

    #[test]
    fn malformed_templates_are_reported_with_lines() {
        assert_eq!(Template::parse("a\n{% if x %}\nb").unwrap_err().line, 2);
        assert_eq!(Template::parse("a\nb {{ x\n").unwrap_err().line, 2);
        assert!(Template::parse("{% endif %}").is_err());
        assert!(Template::parse("{% frob %}").is_err());
        assert!(Template::parse("{{ a b }}").is_err());
        assert!(Template::parse("{% for x in %}{% endfor %}").is_err());
    }
}
