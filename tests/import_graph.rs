//! The shape of the house: the `use` lines of src/ drawn as a graph between
//! files, with re-exports followed to the file that defines the name. Fails
//! when two files import each other (directly or round a circle), and when a
//! module imports one that sits later in the pipeline (ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom of the pipeline up; a module may import
/// only from its own rank or below. Keep in step with ARCHITECTURE.md.
const LAYERS: &[&[&str]] = &[
    &["error", "macros"],
    &["data", "profile"],
    &["doc"],
    &["compose", "layout", "fonts"],
    &["render", "import"],
    &["lint"],
    &["rollup", "annotate"],
    &["workflow"],
    &["cli", "serve"],
    &["lib", "main"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: src/data/load.rs → [data, load]; mod.rs and lib.rs are their folder.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The file of a module path, if the module exists.
fn file_of(module: &[String]) -> Option<PathBuf> {
    if module.is_empty() {
        return Some(src().join("lib.rs"));
    }
    let base = module.iter().fold(src(), |p, m| p.join(m));
    let flat = base.with_extension("rs");
    if flat.is_file() {
        return Some(flat);
    }
    let nested = base.join("mod.rs");
    nested.is_file().then_some(nested)
}

/// Code without comments and string literals (so a `use` in a doc example is not read).
fn strip(code: &str) -> String {
    let (mut out, mut chars) = (String::new(), code.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            '"' => {
                let mut esc = false;
                for d in chars.by_ref() {
                    if !esc && d == '"' {
                        break;
                    }
                    esc = !esc && d == '\\';
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('x', '\n') or a lifetime ('a): skip a literal only.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') || rest.chars().nth(1) == Some('\'') {
                    let mut esc = false;
                    for d in chars.by_ref() {
                        if !esc && d == '\'' {
                            break;
                        }
                        esc = !esc && d == '\\';
                    }
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The paths named by the `use` statements of a file, braces expanded, test
/// modules left out. `pub use` re-exports (a module's facade) are included
/// only when `facade` is set: they are followed to find where a name is
/// defined, but are not a use of the re-exported file by the code.
fn use_paths(code: &str, facade: bool) -> Vec<Vec<String>> {
    let code = without_tests(&strip(code));
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while let Some(at) = code[i..].find("use ") {
        let start = i + at;
        i = start + 4;
        let word_start = start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        if !word_start {
            continue;
        }
        let Some(end) = code[i..].find(';') else { break };
        let before = code[..start].trim_end();
        if !facade && (before.ends_with("pub") || before.ends_with(')') && before.rsplit("pub").next().is_some_and(|r| r.starts_with('('))) {
            i += end;
            continue;
        }
        let tree = code[i..i + end].split_whitespace().collect::<Vec<_>>().join(" ");
        expand(&tree, &mut Vec::new(), &mut paths);
        i += end;
    }
    if !facade {
        paths.extend(inline_paths(&code));
    }
    paths
}

/// Paths written in the code itself (`crate::data::explain::translate(…)`),
/// outside `use` statements: they tie files together just the same.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let start = from + at;
        from = start + 7;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b':') {
            continue;
        }
        let rest = &code[start..];
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
        let path: Vec<String> = rest[..len].split("::").filter(|s| !s.is_empty()).map(String::from).collect();
        // `use crate::{…}` groups are read by the statement parser.
        if path.len() > 1 && !code[..start].trim_end().ends_with("use") {
            out.push(path);
        }
    }
    out
}

/// Code without its `#[cfg(test)]` modules (their `use super::*` is the file itself).
fn without_tests(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find(['{', ';']) else { break };
        if !after[..open].contains("mod ") || after.as_bytes()[open] == b';' {
            out.push_str(&after[..open + 1]);
            rest = &after[open + 1..];
            continue;
        }
        let mut depth = 0;
        let mut close = after.len();
        for (k, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim().trim_start_matches("::");
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let n = prefix.len();
        prefix.extend(head);
        let (mut depth, mut from) = (0, 0);
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[from..k], prefix, out);
                    from = k + 1;
                }
                _ => {}
            }
        }
        expand(&inner[from..], prefix, out);
        prefix.truncate(n);
    } else if !tree.is_empty() {
        let name = tree.split(" as ").next().unwrap_or(tree);
        let mut path = prefix.clone();
        path.extend(name.split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from));
        out.push(path);
    }
}

/// Resolves a `use` path of `module` to the file defining the name, following re-exports.
fn resolve(module: &[String], path: &[String], depth: usize) -> Option<PathBuf> {
    let mut cur: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super") | Some("self") => module.to_vec(),
        // A path relative to the module itself (`pub use load::DataSheet;` in data/mod.rs).
        Some(first) if file_of(&[module, &[first.to_string()]].concat()).is_some() => {
            let mut p = vec!["self".to_string()];
            p.extend(path.iter().cloned());
            return resolve(module, &p, depth);
        }
        _ => return None, // an external crate or std
    };
    let mut rest = &path[1..];
    if path[0] == "super" {
        cur.pop();
        while rest.first().map(String::as_str) == Some("super") {
            cur.pop();
            rest = &rest[1..];
        }
    }
    for seg in rest {
        let mut next = cur.clone();
        next.push(seg.clone());
        if seg != "*" && seg != "self" && file_of(&next).is_some() {
            cur = next;
            continue;
        }
        // `seg` is an item of `cur`: follow a re-export of it, if any.
        let file = file_of(&cur)?;
        if depth < 8 && seg != "*" && seg != "self" {
            let code = fs::read_to_string(&file).unwrap();
            for p in use_paths(&code, true) {
                if p.last() == Some(seg) {
                    if let Some(def) = resolve(&cur, &p, depth + 1) {
                        return Some(def);
                    }
                }
            }
        }
        return Some(file);
    }
    file_of(&cur)
}

fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    rs_files(&src(), &mut files);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for f in &files {
        let module = module_of(f);
        let code = fs::read_to_string(f).unwrap();
        let set = edges.entry(f.clone()).or_default();
        for p in use_paths(&code, false) {
            if let Some(to) = resolve(&module, &p, 0) {
                if &to != f {
                    set.insert(to);
                }
            }
        }
    }
    edges
}

/// Strongly connected components of more than one file (Tarjan).
fn circles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct T<'a> {
        e: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        idx: BTreeMap<&'a PathBuf, (usize, usize)>,
        stack: Vec<&'a PathBuf>,
        on: BTreeSet<&'a PathBuf>,
        n: usize,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a PathBuf) {
        t.idx.insert(v, (t.n, t.n));
        t.n += 1;
        t.stack.push(v);
        t.on.insert(v);
        for w in t.e.get(v).into_iter().flatten() {
            if !t.idx.contains_key(w) {
                if t.e.contains_key(w) {
                    let w = t.e.get_key_value(w).unwrap().0;
                    visit(t, w);
                    let low = t.idx[w].1.min(t.idx[v].1);
                    t.idx.get_mut(v).unwrap().1 = low;
                }
            } else if t.on.contains(w) {
                let low = t.idx[w].0.min(t.idx[v].1);
                t.idx.get_mut(v).unwrap().1 = low;
            }
        }
        if t.idx[v].0 == t.idx[v].1 {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T { e: edges, idx: BTreeMap::new(), stack: Vec::new(), on: BTreeSet::new(), n: 0, out: Vec::new() };
    for v in edges.keys() {
        if !t.idx.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(src()).unwrap().display().to_string()
}

fn layer(file: &Path) -> Option<usize> {
    let top = module_of(file).first().cloned().unwrap_or_else(|| "lib".into());
    let top = if file.ends_with("main.rs") { "main".to_string() } else { top };
    LAYERS.iter().position(|l| l.contains(&top.as_str()))
}

#[test]
fn no_two_files_import_each_other() {
    let edges = graph();
    let found = circles(&edges);
    let text: Vec<String> = found
        .iter()
        .map(|c| {
            let members: BTreeSet<&PathBuf> = c.iter().collect();
            let ties: Vec<String> = c
                .iter()
                .flat_map(|a| edges[a].iter().filter(|b| members.contains(b)).map(move |b| format!("{} -> {}", rel(a), rel(b))))
                .collect();
            ties.join(", ")
        })
        .collect();
    assert!(found.is_empty(), "import loops between files (move the shared item to the file that owns it):\n{}", text.join("\n"));
}

#[test]
fn the_graph_sees_the_imports_it_must_see() {
    // The reader must not be blind: a known one-way import is found, so an empty loop list means something.
    let edges = graph();
    let from = src().join("render/pdf/charstring.rs");
    assert!(edges[&from].contains(&src().join("render/pdf/cff_index.rs")), "{:?}", edges[&from]);
    let summary = src().join("cli/summary.rs");
    assert!(edges[&summary].contains(&src().join("workflow/generate.rs")), "re-export not followed: {:?}", edges[&summary]);
    // And a loop planted in a copy of the graph is found.
    let mut planted = edges.clone();
    planted.get_mut(&src().join("render/pdf/cff_index.rs")).unwrap().insert(from.clone());
    assert!(!circles(&planted).is_empty());
}

#[test]
fn modules_import_only_down_the_pipeline() {
    let edges = graph();
    let mut against = Vec::new();
    for (a, tos) in &edges {
        let Some(la) = layer(a) else {
            against.push(format!("{}: top-level module not placed in LAYERS (tests/import_graph.rs, ARCHITECTURE.md)", rel(a)));
            continue;
        };
        for b in tos {
            if layer(b).is_some_and(|lb| lb > la) {
                against.push(format!("{} -> {}", rel(a), rel(b)));
            }
        }
    }
    assert!(against.is_empty(), "imports against the pipeline's direction:\n{}", against.join("\n"));
}

#[test]
fn every_path_architecture_md_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    let mut seen = 0;
    for line in text.lines() {
        // In a code-map row, file names are inside the row's module: | `data` | … `load.rs` …
        let module = line.strip_prefix("| `").and_then(|r| r.split('`').next()).filter(|m| src().join(m).is_dir() || src().join(format!("{m}.rs")).is_file());
        for (k, token) in line.split('`').enumerate() {
            let looks_like_path = token.ends_with(".rs") || token.ends_with(".toml") || token.ends_with(".tera") || token.ends_with(".md") || token.ends_with('/');
            if k % 2 == 0 || !looks_like_path || token.contains(' ') {
                continue;
            }
            seen += 1;
            let candidates = [root.join(token), src().join(token), module.map_or(root.join(token), |m| src().join(m).join(token))];
            if !candidates.iter().any(|c| c.exists()) {
                missing.push(format!("{token} (line: {line})"));
            }
        }
    }
    assert!(seen > 40, "the check read only {seen} paths");
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist:\n{}", missing.join("\n"));
}
