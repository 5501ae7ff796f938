//! The checker's pass over the composed [`Document`]: what only exists once
//! the sheet's texts, the phrase bank and the templates are joined —
//! repeated sentences and headings anywhere in the report, and text rules
//! over generated wording or across the seam between a field and the words
//! around it. Every printed field is found in the document (its "claim"), so
//! a finding inside one is reported at that field's place in the sheet, and
//! only findings in generated text are reported by paragraph.

use std::collections::HashMap;
use std::ops::Range;

use super::text::{Ctx, scan};
use super::view::{Field, View};
use super::{Finding, Hit, Rule, locate};
use crate::data::{DataSheet, Period};
use crate::doc::Document;

/// Where a field's text sits in the document: line index and byte range.
struct Claim<'a> {
    line: usize,
    range: Range<usize>,
    /// Byte offset in the view's text where the claimed piece starts (a
    /// text of several paragraphs is claimed paragraph by paragraph).
    base: usize,
    field: &'a Field<'a>,
    view: &'a View,
}

/// Text rules that also run over generated text.
const GENERATED_RULES: [Rule; 8] =
    [Rule::Placeholder, Rule::HalfwidthPunct, Rule::UnbalancedPair, Rule::Ellipsis, Rule::ListComma, Rule::Doubled, Rule::PeriodWording, Rule::StrayYear];

/// Checks one composed version.
pub fn check(ds: &DataSheet, doc: &Document, views: &[(&Field, View)], ctx: &Ctx) -> Vec<Finding> {
    let lines = doc.plain_lines();
    let claims = claim(&lines, views);
    let mut out = Vec::new();
    // The 落款 (last two lines) is the unit name and a date: nothing to check.
    let body = lines.len().saturating_sub(2);
    for (n, line) in lines.iter().enumerate().take(body) {
        for hit in scan(line, ctx).into_iter().filter(|h| GENERATED_RULES.contains(&h.rule)) {
            let inside = claims.iter().any(|c| c.line == n && c.range.start <= hit.range.start && hit.range.end <= c.range.end);
            if inside {
                continue; // the field pass reported it at its place
            }
            out.push(at_line(ds, &claims, n, line, hit, ctx.period, true));
        }
    }
    repeated(ds, &lines[..body], &claims, ctx.period, &mut out);
    out
}

/// Below this many characters a field is a name or a word (unit.short,
/// 镇党委), found anywhere; it is claimed only after the longer texts, so it
/// cannot take a piece of the paragraph a longer field printed.
const SHORT: usize = 12;

/// Finds each printed field in the document, in order: texts first, then short names.
fn claim<'a>(lines: &[String], views: &'a [(&'a Field<'a>, View)]) -> Vec<Claim<'a>> {
    let mut claims: Vec<Claim> = Vec::new();
    let mut cursor = (0usize, 0usize);
    let strip = |t: &'a str| t.trim_end_matches(['。', '，', '；', '：', '、', ',', '.', ';', ':', ' ', '　']);
    let long = views.iter().filter(|(_, v)| strip(&v.text).chars().count() >= SHORT);
    let short = views.iter().filter(|(_, v)| strip(&v.text).chars().count() < SHORT);
    for (pass, (field, view)) in long.map(|x| (0, x)).chain(short.map(|x| (1, x))) {
        if pass == 1 {
            cursor = (0, 0);
        }
        // A text of several paragraphs (an imported opening) prints as several lines: claim each.
        // Headings lose their closing punctuation in print; other text keeps it.
        let stripped = strip(&view.text);
        if stripped.chars().count() < 2 {
            continue;
        }
        let taken = |n: usize, r: &Range<usize>| claims.iter().any(|c| c.line == n && c.range.start < r.end && r.start < c.range.end);
        let search = |needle: &str, from: (usize, usize)| {
            lines.iter().enumerate().skip(from.0).find_map(|(n, l)| {
                let start = if n == from.0 { from.1 } else { 0 };
                l.get(start..)?.match_indices(needle).map(|(i, _)| start + i..start + i + needle.len()).find(|r| !taken(n, r)).map(|r| (n, r))
            })
        };
        let found = [view.text.as_str(), stripped].into_iter().find_map(|needle| search(needle, cursor).or_else(|| search(needle, (0, 0))));
        if let Some((line, range)) = found {
            cursor = (line, range.end);
            claims.push(Claim { line, range, base: 0, field, view });
        } else if pass == 0 {
            // Printed as several paragraphs (an imported opening of two): claim it sentence by sentence.
            let mut found = Vec::new();
            for (base, piece) in sentence_pieces(&view.text) {
                let clash = |n: usize, r: &Range<usize>| found.iter().any(|(m, x, _): &(usize, Range<usize>, usize)| *m == n && x.start < r.end && r.start < x.end);
                let at = [cursor, (0, 0)].into_iter().find_map(|from| {
                    lines.iter().enumerate().skip(from.0).find_map(|(n, l)| {
                        let start = if n == from.0 { from.1 } else { 0 };
                        l.get(start..)?.match_indices(piece).map(|(i, _)| start + i..start + i + piece.len()).find(|r| !taken(n, r) && !clash(n, r)).map(|r| (n, r))
                    })
                });
                if let Some((line, range)) = at {
                    cursor = (line, range.end);
                    found.push((line, range, base));
                }
            }
            claims.extend(found.into_iter().map(|(line, range, base)| Claim { line, range, base, field, view }));
        }
    }
    claims
}

/// The sentences of a text (ending at 。！？；), with their byte offsets; pieces under two characters left out.
fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in text.split_inclusive(['。', '！', '？', '；']) {
        let lead = piece.len() - piece.trim_start().len();
        if piece.trim().chars().count() >= 2 {
            out.push((at + lead, piece.trim()));
        }
        at += piece.len();
    }
    out
}

/// A hit in a document line: at the field it touches, or as generated text.
/// `seam`: the hit crosses from a field into the words around it.
fn at_line(ds: &DataSheet, claims: &[Claim], n: usize, line: &str, hit: Hit, period: Period, seam: bool) -> Finding {
    let touching = claims.iter().find(|c| c.line == n && c.range.start < hit.range.end && hit.range.start < c.range.end);
    if let Some(c) = touching {
        let start = hit.range.start.max(c.range.start) - c.range.start + c.base;
        let message = if seam { format!("{}（与前后自动生成的文字连在一起后出现）", hit.message) } else { hit.message.clone() };
        let local = Hit { range: start..start, fix: None, message, ..hit.clone() };
        let mut f = locate(ds, c.field, c.view, &local, Some(period));
        f.text = line[hit.range].to_string();
        return f;
    }
    generated(ds, n, line, hit, period)
}

/// A finding in text the templates or the phrase bank wrote.
fn generated(ds: &DataSheet, n: usize, line: &str, hit: Hit, period: Period) -> Finding {
    let para = if n == 0 { "标题".to_string() } else { format!("第{n}段") };
    Finding {
        rule: hit.rule,
        severity: hit.rule.severity(),
        file: ds.source.path.clone(),
        line: 0,
        column: 0,
        snippet: excerpt(line, hit.range.clone()),
        text: line[hit.range].to_string(),
        message: format!("{}（生成的{}{}）", hit.message, if period == Period::H1 { "上半年版本" } else { "全年版本" }, para),
        hint: format!("{}；这段文字由模板或指标自动生成，请检查相关指标或模板", hit.hint),
        field: Some(format!("生成的文字（{para}）")),
        period: Some(period),
        fix: None,
        offset: usize::MAX - n,
    }
}

/// Up to 20 characters either side of a range.
pub(crate) fn excerpt(line: &str, range: Range<usize>) -> String {
    let head: String = line[..range.start].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
    let tail: String = line[range.end..].chars().take(20).collect();
    format!("{head}{}{tail}", &line[range])
}

/// Sentences (and headings) of the body, numbering stripped, with their place.
pub(crate) fn sentences(lines: &[String]) -> Vec<(usize, Range<usize>, String)> {
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate().skip(1) {
        let mut start = 0;
        for (i, c) in line.char_indices().chain([(line.len(), '。')]) {
            if !matches!(c, '。' | '！' | '？' | '；') {
                continue;
            }
            let raw = &line[start..i];
            let lead = label_len(raw);
            let key: String = raw[lead..].chars().filter(|c| !c.is_whitespace() && !matches!(c, '，' | '、' | '：' | '“' | '”')).collect();
            if key.chars().count() >= 6 {
                out.push((n, start + lead..i, key));
            }
            start = (i + c.len_utf8()).min(line.len());
        }
    }
    out
}

/// Length of a leading number or label: 一、 （一） 1. （1） 一是 二是 …
fn label_len(s: &str) -> usize {
    let num = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let mut len = 0;
    loop {
        let rest = &s[len..];
        let digits: usize = rest.chars().take_while(|c| num(*c)).map(char::len_utf8).sum();
        let step = if let Some(r) = rest.strip_prefix('（') {
            let d: usize = r.chars().take_while(|c| num(*c)).map(char::len_utf8).sum();
            if d > 0 && r[d..].starts_with('）') { '（'.len_utf8() + d + '）'.len_utf8() } else { 0 }
        } else if digits > 0 && (rest[digits..].starts_with('、') || rest[digits..].starts_with('.') || rest[digits..].starts_with('．') || rest[digits..].starts_with('是')) {
            digits + rest[digits..].chars().next().map_or(0, char::len_utf8)
        } else {
            0
        };
        if step == 0 {
            return len;
        }
        len += step;
    }
}

fn repeated(ds: &DataSheet, lines: &[String], claims: &[Claim], period: Period, out: &mut Vec<Finding>) {
    let mut first: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    for (n, range, key) in sentences(lines) {
        let Some((n0, r0)) = first.get(&key).cloned() else {
            first.insert(key, (n, range));
            continue;
        };
        let in_field = |n: usize, r: &Range<usize>| claims.iter().any(|c| c.line == n && c.range.start <= r.start && r.start < c.range.end);
        // Report where a clerk can act: the later copy if it is theirs, else the earlier one.
        let (at_n, at_r, other) = if in_field(n, &range) || !in_field(n0, &r0) { (n, range, (n0, r0)) } else { (n0, r0, (n, range)) };
        let owner = |n: usize, r: &Range<usize>| claims.iter().find(|c| c.line == n && c.range.start <= r.start && r.start < c.range.end).map(|c| c.field.name.clone());
        let where_other = match (owner(other.0, &other.1), owner(at_n, &at_r)) {
            (Some(a), Some(b)) if a == b => "同一段前文".to_string(),
            (Some(a), _) => a,
            (None, _) => format!("生成的第{}段", other.0),
        };
        let text = &lines[at_n][at_r.clone()];
        let hit = Hit::new(Rule::RepeatedSentence, at_r, format!("“{}”与{where_other}重复", short(text)), "删去或改写其中一处");
        out.push(at_line(ds, claims, at_n, &lines[at_n], hit, period, false));
    }
}

/// A long sentence shortened for a message.
fn short(s: &str) -> String {
    if s.chars().count() <= 24 { s.to_string() } else { format!("{}……", s.chars().take(22).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_stripped_before_comparing() {
        for (s, rest) in [("一、总体情况", "总体情况"), ("（一）抓学习", "抓学习"), ("1.规范组织生活", "规范组织生活"), ("（2）细则", "细则"), ("二是办班", "办班"), ("（一）一是双重", "双重"), ("一年来", "一年来"), ("十一是收尾", "收尾")] {
            assert_eq!(&s[label_len(s)..], rest, "{s}");
        }
    }

    #[test]
    fn sentences_skip_the_title_and_short_fragments() {
        let lines: Vec<String> = ["标题不算标题不算标题", "一、上半年工作开展情况", "（一）抓学习。一是学理论学理论。好。二是学理论学理论；"].iter().map(|s| s.to_string()).collect();
        let got: Vec<(usize, String)> = sentences(&lines).into_iter().map(|(n, _, k)| (n, k)).collect();
        assert_eq!(got, [(1, "上半年工作开展情况".to_string()), (2, "学理论学理论".to_string()), (2, "学理论学理论".to_string())]);
        let (n, r, _) = &sentences(&lines)[1];
        assert_eq!(&lines[*n][r.clone()], "学理论学理论");
    }

    #[test]
    fn excerpts_keep_twenty_characters_either_side() {
        let line = format!("{}错{}", "甲".repeat(30), "乙".repeat(30));
        let at = line.find('错').unwrap();
        assert_eq!(excerpt(&line, at..at + 3), format!("{}错{}", "甲".repeat(20), "乙".repeat(20)));
    }
}
