//! Table headers of a sheet as a clerk types them: `[[works]]`, `[work]`,
//! `[[work.point]]` mixed with `[[work.points]]`, a missing `]`, full-width
//! brackets, Chinese names without quotes. Part of the scan of typical
//! mistakes ([`super::mistakes`]), run only on a sheet the parser refused.

use crate::error::Diagnostic;

use super::catalogue::edit_distance;
use super::source::SourceFile;

/// Headers of a sheet: (name, double brackets).
const HEADERS: &[(&str, bool)] = &[("unit", false), ("report", false), ("report.date", false), ("figures", false), ("work", true), ("work.points", true), ("problems", true), ("plans", true)];

/// Header spellings serde accepts as aliases: (alias, canonical).
const HEADER_ALIASES: &[(&str, &str)] = &[("problem", "problems"), ("plan", "plans"), ("work.point", "work.points")];

/// What each list header holds (for messages).
fn header_role(name: &str) -> &'static str {
    match name {
        "work" => "每一块主要工作",
        "work.points" => "工作中的每一条要点",
        "problems" => "每一条存在的问题",
        "plans" => "每一条工作打算",
        _ => "这一部分",
    }
}

/// Byte spans of the lines outside multi-line strings, with whether each
/// starts outside one.
pub(super) fn line_spans(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut inside: Option<&str> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, inside.is_none()));
        let mut rest = line;
        loop {
            match inside {
                Some(delim) => match rest.find(delim) {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        inside = None;
                    }
                    None => break,
                },
                None => {
                    // Only strings opened outside a comment and a one-line string count.
                    let code = strip_comment(rest);
                    let open = [("\"\"\"", "\"\"\""), ("'''", "'''")].into_iter().filter_map(|(o, c)| code.find(o).map(|i| (i, c))).min();
                    match open {
                        Some((i, c)) => {
                            rest = &rest[i + 3..];
                            inside = Some(c);
                        }
                        None => break,
                    }
                }
            }
        }
        start += line.len();
    }
    out
}

/// A line without its `#` comment (quotes respected, roughly).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') => return &line[..i],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q && !(q == '"' && prev == '\\') => quote = None,
            _ => {}
        }
        prev = c;
    }
    line
}

/// Header mistakes: wrong brackets, misspelt names, aliases mixed with the
/// canonical spelling (only when the parser complained of a duplicate).
pub(super) fn headers(src: &SourceFile, text: &str, lines: &[(usize, bool)], duplicate: bool) -> Option<Diagnostic> {
    let mut found: Vec<(usize, String, bool)> = Vec::new();
    for &(start, outside) in lines {
        let line = text[start..].lines().next().unwrap_or("");
        let t = line.trim_start();
        if !outside || !t.starts_with(['[', '［']) {
            continue;
        }
        let at = start + (line.len() - t.len());
        let code = strip_comment(t).trim_end();
        if t.starts_with('［') || code.contains(['［', '］']) {
            return Some(src.diag(at, "表头用了全角方括号“［］”", format!("改成英文半角方括号，如 {}", code.replace('［', "[").replace('］', "]"))));
        }
        if !code.contains(']') && code.chars().skip(1).all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ' ')) {
            let right = if code.starts_with("[[") { "]]" } else { "]" };
            return Some(src.diag(at, format!("表头“{code}”少了右方括号“]”"), format!("改成 {code}{right}")));
        }
        let double = code.starts_with("[[");
        let inner = code.trim_start_matches('[').trim_end_matches(']');
        let name: String = inner.split('.').map(str::trim).collect::<Vec<_>>().join(".");
        // Not a header (a line of a multi-line array), or a catalogue/custom figure table.
        if !code.ends_with(']') || name.is_empty() || name.contains([',', '=', '[', ']']) || name.starts_with("figures.") && !double && name.is_ascii() {
            continue;
        }
        let written = if double { format!("[[{name}]]") } else { format!("[{name}]") };
        let bare_unicode = name.split('.').any(|part| !part.starts_with(['"', '\'']) && !part.is_ascii());
        if bare_unicode {
            let quoted: Vec<String> = name.split('.').map(|p| if !p.is_ascii() && !p.starts_with('"') { format!("\"{p}\"") } else { p.to_string() }).collect();
            return Some(src.diag(at, format!("表头“{written}”中的中文名称没有加引号"), format!("中文名称要用英文双引号括起来：[{}]", quoted.join("."))));
        }
        let canonical = HEADERS.iter().find(|(h, _)| *h == name).map(|(h, d)| (h.to_string(), *d)).or_else(|| HEADER_ALIASES.iter().find(|(a, _)| *a == name).map(|(_, c)| (c.to_string(), true)));
        match canonical {
            Some((c, want_double)) if want_double != double => {
                let right = if want_double { format!("[[{c}]]") } else { format!("[{c}]") };
                let why = if want_double { format!("{}以 {right} 开头（两层方括号，表示可以写多个）", header_role(&c)) } else { format!("{right} 只写一次，用一层方括号") };
                return Some(src.diag(at, format!("表头“{written}”的方括号层数不对，应写成 {right}"), why));
            }
            Some(_) => found.push((at, name, double)),
            None => {
                let all = HEADERS.iter().map(|(h, d)| (*h, *d)).chain(std::iter::once(("figures.custom", false)));
                let best = all.map(|(h, d)| (edit_distance(h, &name) + usize::from(d != double), h, d)).min();
                let hint = match best {
                    Some((dist, h, d)) if dist <= 3 => {
                        let right = if d { format!("[[{h}]]") } else { format!("[{h}]") };
                        return Some(src.diag(at, format!("表头“{written}”写错了，应为 {right}"), if d { format!("{}以 {right} 开头", header_role(h)) } else { format!("把这一行改成 {right}") }));
                    }
                    _ => "可用的表头：[unit]、[report]、[figures]、[figures.custom.名称]、[[work]]、[[work.points]]、[[problems]]、[[plans]]",
                };
                return Some(src.diag(at, format!("没有“{written}”这个表头"), hint));
            }
        }
    }
    if duplicate {
        for (alias, canonical) in HEADER_ALIASES {
            let uses = |n: &str| found.iter().any(|(_, name, _)| name == n);
            if uses(alias) && uses(canonical) {
                let at = found.iter().find(|(_, name, _)| name == alias).map_or(0, |f| f.0);
                return Some(src.diag(at, format!("表头“[[{alias}]]”与“[[{canonical}]]”混用"), format!("{}统一写 [[{canonical}]]，把这一行改成 [[{canonical}]]", header_role(canonical))));
            }
        }
    }
    None
}

