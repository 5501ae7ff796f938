//! Suppressions (the last step of [`super::check`]): a clerk who has looked
//! at a finding and decided it stands can say so in the sheet, next to the
//! text, with a TOML comment —
//!
//! ```toml
//! # 不检查：stray-year
//! text = "沿用2019年制定的村规民约……"
//! history = "……"   # 不检查
//! ```
//!
//! A comment on its own line covers the entry on the next line; a comment
//! after a value covers the entry on its line. An entry is the whole value
//! of a key, so a multi-line string is covered as one. `不检查` alone
//! covers every rule, `不检查：id, id` the rules named. `compose` cannot be
//! suppressed (that version cannot be made), and a rule id that does not
//! exist is itself reported, so a typo does not silently hide nothing.

use std::collections::BTreeMap;

use super::view::Field;
use super::{Finding, Rule};
use crate::data::DataSheet;

/// The word that starts a suppression comment.
const KEYWORD: &str = "不检查";

/// What a line's entry is exempt from: `None` every rule, else these.
type Exempt = Option<Vec<Rule>>;

/// A comment of the sheet: its 1-based line, whether it stands alone on its
/// line, and its text after `#`.
struct Comment<'a> {
    line: usize,
    alone: bool,
    text: &'a str,
}

/// Every comment of a TOML text (not `#` inside strings).
fn comments(src: &str) -> Vec<Comment<'_>> {
    #[derive(PartialEq)]
    enum S {
        Normal,
        Basic,
        Literal,
        MlBasic,
        MlLiteral,
    }
    let b = src.as_bytes();
    let (mut out, mut s, mut i, mut line, mut line_start) = (Vec::new(), S::Normal, 0, 1, 0);
    let at = |i: usize, pat: &[u8]| b[i..].starts_with(pat);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            line_start = i + 1;
            if matches!(s, S::Basic | S::Literal) {
                s = S::Normal;
            }
            i += 1;
            continue;
        }
        match s {
            S::Normal => match c {
                b'#' => {
                    let end = src[i..].find('\n').map_or(src.len(), |e| i + e);
                    out.push(Comment { line, alone: src[line_start..i].trim().is_empty(), text: &src[i + 1..end] });
                    i = end;
                    continue;
                }
                b'"' if at(i, b"\"\"\"") => (s, i) = (S::MlBasic, i + 2),
                b'\'' if at(i, b"'''") => (s, i) = (S::MlLiteral, i + 2),
                b'"' => s = S::Basic,
                b'\'' => s = S::Literal,
                _ => {}
            },
            // Skip the escaped character (a line continuation's newline is counted above).
            S::Basic | S::MlBasic if c == b'\\' && b.get(i + 1) != Some(&b'\n') => i += 1,
            S::Basic if c == b'"' => s = S::Normal,
            S::Literal if c == b'\'' => s = S::Normal,
            S::MlBasic | S::MlLiteral => {
                let q: &[u8] = if s == S::MlBasic { b"\"\"\"" } else { b"'''" };
                if at(i, q) {
                    // Up to two quotes more belong to the content: the run of
                    // quotes ends the string, whatever its length (3 to 5).
                    while i < b.len() && b[i] == q[0] {
                        i += 1;
                    }
                    s = S::Normal;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The suppressions of a sheet, by the line of the entry they cover, and a
/// finding for each rule id that does not exist.
pub fn parse(ds: &DataSheet) -> (BTreeMap<usize, Exempt>, Vec<Finding>) {
    let src = &ds.source;
    let lines: Vec<&str> = src.text.lines().collect();
    let (mut map, mut unknown) = (BTreeMap::new(), Vec::new());
    for c in comments(&src.text) {
        let Some(rest) = c.text.trim_start().strip_prefix(KEYWORD) else { continue };
        let target = if c.alone {
            // The next line that is neither blank nor only a comment.
            (c.line..lines.len()).find(|&l| !lines[l].trim().is_empty() && !lines[l].trim_start().starts_with('#')).map(|l| l + 1)
        } else {
            Some(c.line)
        };
        let Some(target) = target else { continue };
        let ids: Vec<&str> = rest.trim_start_matches([':', '：', ' ']).split([',', '，', '、', ' ']).map(str::trim).filter(|s| !s.is_empty()).collect();
        let exempt = if ids.is_empty() {
            None
        } else {
            let mut rules = Vec::new();
            for id in ids {
                match Rule::from_id(id).filter(|r| *r != Rule::Compose) {
                    Some(r) => rules.push(r),
                    None => unknown.push(unknown_rule(ds, c.line, id)),
                }
            }
            Some(rules)
        };
        map.insert(target, exempt);
    }
    (map, unknown)
}

fn unknown_rule(ds: &DataSheet, line: usize, id: &str) -> Finding {
    let src = &ds.source;
    let full = src.line_text(line);
    let column = full.find(id).map_or(1, |b| full[..b].chars().count() + 1);
    let snippet = crate::error::snippet(full, column);
    Finding {
        rule: Rule::Suppression,
        severity: Rule::Suppression.severity(),
        file: src.path.clone(),
        line,
        column,
        snippet,
        text: id.to_string(),
        message: format!("“不检查”注释中的规则“{id}”不存在"),
        hint: format!("可用的规则：{}", Rule::ALL.iter().filter(|r| !matches!(r, Rule::Compose | Rule::Suppression)).map(|r| r.id()).collect::<Vec<_>>().join("、")),
        field: None,
        period: None,
        fix: None,
        offset: 0,
    }
}

/// Splits findings into those reported and those a comment covers. A
/// finding is covered when its own line, or the first line of the field it
/// lies in, is the line of an entry exempt from its rule.
pub fn apply(ds: &DataSheet, fields: &[Field<'_>], findings: Vec<Finding>) -> (Vec<Finding>, Vec<Finding>) {
    let (map, unknown) = parse(ds);
    if map.is_empty() && unknown.is_empty() {
        return (findings, Vec::new());
    }
    let covers = |line: usize, rule: Rule| match map.get(&line) {
        Some(None) => true,
        Some(Some(rules)) => rules.contains(&rule),
        None => false,
    };
    let (mut kept, mut dropped) = (Vec::new(), Vec::new());
    for f in findings {
        let field_line = fields.iter().find(|fl| f.offset > 0 && fl.text.span().contains(&f.offset)).map(|fl| ds.source.position(fl.text.span().start).0);
        let covered = f.line > 0 && f.rule != Rule::Compose && (covers(f.line, f.rule) || field_line.is_some_and(|l| covers(l, f.rule)));
        if covered { dropped.push(f) } else { kept.push(f) }
    }
    kept.extend(unknown);
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_strings_only() {
        let src = "a = \"x # not\" # one\n# two\nb = '''\n# not\n''' # three\nc = \"\"\"q\"\"\"\"\" # four\nd = 'it#' #five\ne = \"a\\\"#\" # six\n";
        let found: Vec<(usize, bool, &str)> = comments(src).into_iter().map(|c| (c.line, c.alone, c.text.trim())).collect();
        assert_eq!(found, [(1, false, "one"), (2, true, "two"), (5, false, "three"), (6, false, "four"), (7, false, "five"), (8, false, "six")]);
    }
}
