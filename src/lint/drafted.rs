//! Two checks on what the composer wrote for the user rather than from the
//! user: `drafted-text` names the paragraphs of 存在的问题 and 工作打算 that
//! zongjie drafted because the sheet gives none or fewer than three (to be reviewed before the
//! report is sent), and `future-session` flags a sheet text naming a party
//! session that closed after the version's 成文日期 (the opening leaves it
//! out of that version; other text is the user's to change).

use crate::compose::calendar::Calendar;
use crate::compose::drafts;
use crate::compose::numerals::format_date;
use crate::data::{DataSheet, Period};
use crate::doc::Document;

use super::view::Field;
use super::{Finding, Rule, Severity};
use crate::compose::model::Drafted;

/// Findings of both rules for one composed version.
pub fn check(ds: &DataSheet, doc: &Document, fields: &[Field], calendar: &Calendar, period: Period, made: &Drafted) -> Vec<Finding> {
    let mut out = drafted(ds, doc, period, made);
    out.extend(bare(ds, doc, period, &made.bare));
    let date = ds.date(period, doc.meta.date);
    for f in fields.iter().filter(|f| f.shown(period)) {
        for s in calendar.after(f.text.get_ref(), date) {
            let offset = ds.source.string_offset(f.text.span(), f.text.get_ref().find(s.matches.iter().find(|m| f.text.get_ref().contains(m.as_str())).map_or("", String::as_str)).unwrap_or(0));
            let (line, column) = ds.source.position(offset);
            let version = if period == Period::H1 { "上半年版本" } else { "全年版本" };
            let spirit = f.name.starts_with("report.spirit");
            let opening = if spirit { "开头段在该版本中不写这一精神；" } else { "" };
            // report.spirit is left out of the version; the clerk's own text
            // would print it, so there it is an error render refuses.
            out.push(Finding {
                rule: Rule::FutureSession,
                severity: if spirit { Rule::FutureSession.severity() } else { Severity::Error },
                file: ds.source.path.clone(),
                line,
                column,
                snippet: ds.source.line_text(line).to_string(),
                text: s.name.clone(),
                message: format!("{}于{}闭幕，晚于{version}的成文日期{}", s.name, format_date(s.date), format_date(date)),
                hint: format!("{opening}请核对成文日期，或删去这次会议；spirit 不填时按成文日期从政治日历自动选用"),
                field: Some(f.name.clone()),
                period: Some(period),
                fix: None,
                offset,
            });
        }
    }
    out
}

/// The drafted sections, each named by its paragraphs.
fn drafted(ds: &DataSheet, doc: &Document, period: Period, made: &Drafted) -> Vec<Finding> {
    let (problems, plans) = drafts::drafted(ds, period);
    let lines = doc.plain_lines();
    let mut out = Vec::new();
    for (all, added, name, what) in [(problems, made.problems, "存在的问题", "问题"), (plans, made.plans, "工作打算", "打算")] {
        if !all && added == 0 {
            continue;
        }
        let Some(head) = lines.iter().position(|l| is_section(l) && l.ends_with(name)) else { continue };
        // Up to the next 一、 heading, or the closing paragraph and 落款.
        let end = lines.iter().enumerate().skip(head + 1).find(|(_, l)| is_section(l)).map_or(lines.len().saturating_sub(3), |(n, _)| n);
        if end <= head + 1 {
            continue;
        }
        // Added to the clerk's own: the problems are one paragraph; each
        // plan is its own, the added ones last.
        let (first, last) = if all || what == "问题" { (head + 1, end - 1) } else { ((end - added).max(head + 1), end - 1) };
        let paras = if first == last { format!("第{first}段") } else { format!("第{first}–{last}段") };
        let version = if period == Period::H1 { "上半年版本" } else { "全年版本" };
        out.push(Finding {
            rule: Rule::DraftedText,
            severity: Rule::DraftedText.severity(),
            file: ds.source.path.clone(),
            line: 0,
            column: 0,
            snippet: lines[first].chars().take(40).collect(),
            text: String::new(),
            message: if all {
                format!("“{}”由 zongjie 按指标和常见写法起草（{version}{paras}），报送前请核实、修改", lines[head].split_once('、').map_or(name, |(_, t)| t))
            } else {
                format!("“{}”的最后{added}条{what}由 zongjie 按指标起草（{version}{paras}），报送前请核实、修改", lines[head].split_once('、').map_or(name, |(_, t)| t))
            },
            hint: if all {
                format!("数据表没有写{what}；在数据表中写上 [[{}]] 即用你自己的文字", if what == "问题" { "problems" } else { "plans" })
            } else {
                format!("数据表写的{what}不足3条，zongjie 按指标补写了{added}条；在数据表中再写 [[{}]] 即用你自己的文字", if what == "问题" { "problems" } else { "plans" })
            },
            field: Some(format!("生成的文字（{paras}）")),
            period: Some(period),
            fix: None,
            offset: usize::MAX - head,
        });
    }
    out
}

/// `no-practice`: work sections written from figures alone, named by
/// their number as printed (（二）).
fn bare(ds: &DataSheet, doc: &Document, period: Period, titles: &[String]) -> Vec<Finding> {
    let lines = doc.plain_lines();
    let mut out = Vec::new();
    for title in titles {
        let Some((n, line)) = lines.iter().enumerate().find(|(_, l)| l.split_once(['）', '、']).is_some_and(|(_, rest)| rest.starts_with(title.as_str()))) else { continue };
        let number: String = line.chars().take_while(|c| *c != '、' && *c != '）').chain(line.contains('）').then_some('）')).collect();
        let number = if line.starts_with('（') { number } else { format!("{number}、") };
        out.push(Finding {
            rule: Rule::NoPractice,
            severity: Rule::NoPractice.severity(),
            file: ds.source.path.clone(),
            line: 0,
            column: 0,
            snippet: line.chars().take(40).collect(),
            text: String::new(),
            message: format!("{number}只有数字，没有具体做法：在台账或 [[work]] 中补一条今年实际做的事"),
            hint: "在数据表中写一条 [[activity]]（或台账中的一行）、一条 [[work]] 的要点，写明今年在这方面实际做了什么；zongjie 不替你编写做法".into(),
            field: Some(format!("生成的文字（第{n}段，{}）", if period == Period::H1 { "上半年版本" } else { "全年版本" })),
            period: Some(period),
            fix: None,
            offset: usize::MAX / 2 + n,
        });
    }
    out
}

/// A level-1 heading line: 二、存在的问题.
fn is_section(line: &str) -> bool {
    line.split_once('、').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c)))
}
