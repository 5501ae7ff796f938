//! The checker over a report read from a .txt or .docx file
//! ([`crate::import::Report`]), where a sheet's checker looks at fields: the
//! same text rules ([`super::text::scan`]) over every line of prose, then
//! what only the whole report shows — structure ([`super::structure`]),
//! self-reference ([`super::selfref`]) and sentences repeated across
//! sections. Findings are located by line (.txt) or paragraph (.docx).

use std::collections::HashMap;

use super::text::{Ctx, scan};
use super::{Finding, Fix, Hit, Rule, Severity, formulas, selfref, structure};
use crate::data::Period;
use crate::import::outline::Role;
pub use crate::import::Overrides;
use crate::import::{Format, Line, Report};

/// Most findings of the text rules, and most repeated sentences, listed for
/// one report (the structure rules' are few and always listed): a clerk
/// reads no more, and a hostile file (every character a finding) stays in
/// bounded memory.
pub const MAX_FINDINGS: usize = 5_000;

/// Checks a report; findings in file order.
pub fn check(r: &Report, over: Overrides) -> Vec<Finding> {
    let outline = r.outline();
    let meta = r.meta(over);
    let year = meta.year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive()));
    let period = meta.period.unwrap_or(Period::Year);
    let ctx = Ctx { year, period };
    let mut out = Vec::new();
    // Past the cap, hits are counted, not kept (every character of a 10 MB file may be one).
    let mut unlisted = 0;
    // The outline reads lines without their indentation; structure hits are shifted back by it.
    let texts: Vec<&str> = r.lines.iter().map(|l| l.text.trim_matches(char::is_whitespace)).collect();
    let indent = |n: usize| r.lines[n].text.len() - r.lines[n].text.trim_start_matches(char::is_whitespace).len();
    for (n, line) in r.lines.iter().enumerate() {
        if line.in_table || matches!(outline.roles[n], Role::SignDate | Role::SignUnit) {
            continue;
        }
        for hit in scan(&line.text, &ctx) {
            // Year-bound rules need the year; version wording needs the version.
            if (meta.year.is_none() && matches!(hit.rule, Rule::StrayYear | Rule::StaleTerm)) || (meta.period.is_none() && hit.rule == Rule::PeriodWording) {
                continue;
            }
            if out.len() >= MAX_FINDINGS {
                unlisted += 1;
                continue;
            }
            let sev = hit.rule.severity();
            out.push(finding(r, line, &hit, sev, period));
        }
    }
    if meta.year.is_none() {
        let first = &r.lines[0];
        let hit = Hit::new(Rule::Structure, 0..0, "无法从标题、打算一节的标题、开头、落款日期或正文看出年度，与年份有关的检查（过时提法、年份、会议）已跳过".to_string(), "在标题中写明年度，或用 --year 指定");
        out.push(finding(r, first, &hit, Severity::Warning, period));
    }
    let prose: Vec<&str> = r.lines.iter().map(|l| if l.in_table { "" } else { l.text.as_str() }).collect();
    for (n, mut hit, sev) in structure::check(&texts, &outline, &ctx, meta.period.is_some()) {
        hit.range = hit.range.start + indent(n)..hit.range.end + indent(n);
        out.push(finding(r, &r.lines[n], &hit, sev, period));
    }
    let vocabulary = meta.kind.map(|k| selfref::vocabulary(&prose, k)).unwrap_or_default();
    for (n, hit, sev) in selfref::check(&prose, meta.kind).into_iter().chain(vocabulary) {
        out.push(finding(r, &r.lines[n], &hit, sev, period));
    }
    if let Some(y) = meta.year {
        // The sessions a report of its date cites: the 落款 date, else the end of its version.
        let end = if period == Period::H1 { (6, 30) } else { (12, 31) };
        let date = meta.date.or_else(|| chrono::NaiveDate::from_ymd_opt(y, end.0, end.1));
        let body: Vec<&str> = prose.iter().zip(&outline.roles).map(|(l, role)| if matches!(role, Role::SignDate | Role::SignUnit) { "" } else { *l }).collect();
        for (n, hit, sev) in date.map(|d| formulas::sessions(&body, d)).unwrap_or_default() {
            out.push(finding(r, &r.lines[n], &hit, sev, period));
        }
    }
    let unit = if r.format == Format::Docx { "段" } else { "行" };
    for (k, (n, mut hit, n0)) in repeated(&prose, &outline.roles).into_iter().enumerate() {
        if k >= MAX_FINDINGS {
            unlisted += 1;
            continue;
        }
        hit.message = format!("{}与第{}{unit}重复", hit.message, r.lines[n0].place);
        out.push(finding(r, &r.lines[n], &hit, Rule::RepeatedSentence.severity(), period));
    }
    if unlisted > 0 {
        let at = out.iter().map(|f| f.line).max().and_then(|last| r.lines.iter().position(|l| l.place == last)).unwrap_or(0);
        let hit = Hit::new(Rule::Structure, 0..0, format!("另有 {unlisted} 处问题未列出（一份报告最多列出 {MAX_FINDINGS} 处）"), "请先按已列出的问题修改（或用 --fix 修复），再检查一次");
        out.push(finding(r, &r.lines[at], &hit, Severity::Warning, period));
    }
    out.sort_by_key(|f| (f.line, f.column, f.rule));
    out.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.rule == b.rule && a.message == b.message);
    out
}

/// Sentences said twice anywhere in the body (headings included): the
/// later copy's line and hit, and the first copy's line.
fn repeated(lines: &[&str], roles: &[Role]) -> Vec<(usize, Hit, usize)> {
    // super::document's sentence splitter skips its first line (the title).
    let shifted: Vec<String> = std::iter::once(String::new()).chain(lines.iter().zip(roles).map(|(l, r)| if matches!(r, Role::Title | Role::SignDate | Role::SignUnit) { String::new() } else { l.to_string() })).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (n, range, key) in super::document::sentences(&shifted) {
        match first.get(&key) {
            None => {
                first.insert(key, n);
            }
            Some(&n0) => {
                let text = &shifted[n][range.clone()];
                let short: String = if text.chars().count() > 24 { format!("{}……", text.chars().take(22).collect::<String>()) } else { text.to_string() };
                out.push((n - 1, Hit::new(Rule::RepeatedSentence, range, format!("“{short}”"), "删去或改写其中一处"), n0 - 1));
            }
        }
    }
    out
}

/// A hit in a line as a located finding.
fn finding(r: &Report, line: &Line, hit: &Hit, severity: Severity, period: Period) -> Finding {
    let text = &line.text;
    let column = line.col0 + text[..hit.range.start].chars().count() + 1;
    let docx = r.format == Format::Docx;
    let fix = hit.fix.as_ref().map(|new| {
        let base = if docx { 0 } else { line.offset };
        Fix { range: base + hit.range.start..base + hit.range.end, old: text[hit.range.clone()].to_string(), new: new.clone() }
    });
    Finding {
        rule: hit.rule,
        severity,
        file: r.path.clone(),
        line: line.place,
        column,
        // A report's line (a .docx paragraph) can be long: the text with 20 characters either side.
        snippet: super::document::excerpt(text, hit.range.clone()),
        text: text[hit.range.clone()].to_string(),
        message: hit.message.clone(),
        hint: hit.hint.clone(),
        field: None,
        period: Some(period),
        fix,
        offset: line.offset + hit.range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    /// Lines built from the characters the outline and structure rules cut at.
    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(vec!["　", " ", "一", "二", "十", "、", "（", "）", "(", ")", "是", "1", "2", ".", "．", "年", "月", "日", "2024", "上半年", "。", "，", "问题", "打算", "总结", "镇", "我镇", "我村", "党工委", "x", "-", "”、“", "\t"]), 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_report_is_checked_and_imported_without_panic(lines in proptest::collection::vec(line(), 1..12)) {
            let text = lines.join("\n");
            let r = Report::from_text(Path::new("r.txt"), text.as_bytes()).unwrap();
            if !r.lines.is_empty() {
                let found = check(&r, Overrides::default());
                for f in &found {
                    prop_assert!(f.line >= 1);
                }
                let meta = r.meta(Overrides { year: Some(2024), period: None });
                let _ = crate::import::sheet::import(&r, &meta);
            }
        }
    }

    #[test]
    fn indented_headings_are_located_in_the_line() {
        let text = "青山镇2024年党建工作总结\n　　一、工作情况。\n　　正文写得很长很长很长很长。\n　　二、存在的问题\n　　问题。\n　　三、2025年工作打算\n　　打算。\n中共青山镇委员会\n2024年12月20日";
        let r = Report::from_text(Path::new("r.txt"), text.as_bytes()).unwrap();
        let found = check(&r, Overrides::default());
        let stop = found.iter().find(|f| f.message.contains("不加句号")).expect("full stop found");
        assert_eq!((stop.line, stop.text.as_str()), (2, "。"));
        assert_eq!(stop.column, 9);
    }
}
