//! Whole-report structure ([`Rule::Structure`]) over an [`Outline`]: the
//! title (place, year, 上半年, 文种), the three parts (工作, 存在的问题,
//! 打算), a plans heading that fits the version, heading numbers
//! 一、→（一）→1.→（1） without gaps, repeats or restarts, 一是/二是 runs
//! complete and not nested, and the 落款 (unit and a date inside the
//! version's period). Each hit is (line index, hit, severity).

use chrono::{Datelike, NaiveDate};

use super::chars::Ctx;
use super::{Hit, Rule, Severity};
use crate::data::Period;
use crate::import::outline::{Outline, Part, Role, labels, title_year, years};

/// A structure hit on a line.
pub type At = (usize, Hit, Severity);

fn hit(n: usize, range: std::ops::Range<usize>, sev: Severity, message: String, hint: &str) -> At {
    (n, Hit::new(Rule::Structure, range, message, hint), sev)
}

/// Checks the structure; `texts` are the report's lines, `period_known`
/// whether the version was said (else plans-heading and date checks are skipped).
pub fn check(texts: &[&str], o: &Outline, ctx: &Ctx, period_known: bool) -> Vec<At> {
    let mut out = Vec::new();
    if texts.is_empty() {
        return out;
    }
    title(texts, o, ctx, period_known, &mut out);
    parts(texts, o, ctx, period_known, &mut out);
    numbering(texts, o, &mut out);
    shi_runs(texts, o, &mut out);
    announced(texts, o, &mut out);
    signoff(texts, o, ctx, period_known, &mut out);
    out
}

/// Where the year the other rules use was read when the title does not say it, so no
/// rule runs on a year the reader cannot see: “（与年份有关的检查按落款日期中的2023年进行）”.
fn year_source(o: &Outline) -> String {
    match (o.meta.year_from, o.meta.year) {
        (Some(from), Some(y)) if !matches!(from, "标题") => format!("（与年份有关的检查按{from}中的{y}年进行）"),
        _ => String::new(),
    }
}

fn title(texts: &[&str], o: &Outline, ctx: &Ctx, period_known: bool, out: &mut Vec<At>) {
    let Some(t) = o.title() else {
        let read = year_source(o);
        out.push(hit(0, 0..0, Severity::Error, format!("缺少标题{read}"), "在第一行写标题：单位名称 + 年度 + [上半年] + 党建工作总结，如“××镇2024年上半年党建工作总结”"));
        return;
    };
    let s = texts[t];
    let ys = years(s);
    if let (true, Some(y)) = (ys.is_empty(), title_year(s)) {
        // “2023社区……”: the year is there, its 年 is not.
        let at = s.find(&y.to_string()).unwrap_or(0);
        let range = at..at + 4;
        out.push((t, Hit::new(Rule::Structure, range, format!("标题中的年度“{y}”后缺少“年”"), format!("改为“{y}年”")).fix(format!("{y}年")), Severity::Error));
    } else if ys.is_empty() {
        let read = year_source(o);
        out.push(hit(t, 0..s.len(), Severity::Error, format!("标题中没有年度{read}"), "在标题中写明年度，如“2024年”"));
    } else {
        let cut = s.find(|c: char| c.is_ascii_digit() || "〇二".contains(c)).unwrap_or(0);
        let place = s[..cut].trim_start_matches("中共").trim();
        if place.chars().count() == 1 {
            out.push(hit(t, 0..cut, Severity::Error, format!("标题中的单位名称只有“{place}”一个字，疑为漏填"), "写全单位名称，如“青山镇”"));
        } else if place.is_empty() && o.find(Role::SignUnit).is_none() {
            out.push(hit(t, 0..0, Severity::Warning, "标题和落款都没有写单位名称".into(), "在标题开头写上单位名称"));
        }
    }
    if period_known {
        if ctx.period == Period::H1 && !s.contains("半年") {
            out.push(hit(t, 0..s.len(), Severity::Error, "上半年的总结，标题中没有“上半年”".into(), "在年度后加“上半年”"));
        } else if ctx.period == Period::Year && s.contains("上半年") {
            out.push(hit(t, 0..s.len(), Severity::Error, "全年的总结，标题中却是“上半年”".into(), "删去“上半年”，或用 --period h1 按上半年检查"));
        }
    }
    if !["总结", "汇报", "报告"].iter().any(|w| s.ends_with(w)) {
        out.push(hit(t, 0..s.len(), Severity::Warning, "标题没有以文种（总结）结尾".into(), "标题以“工作总结”结尾"));
    }
}

fn parts(texts: &[&str], o: &Outline, ctx: &Ctx, period_known: bool, out: &mut Vec<At>) {
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let at = o.title().unwrap_or(0);
    let has = |p: Part| o.parts.iter().any(|(_, x)| *x == p || *x == Part::ProblemsAndPlans);
    if chars >= 300 {
        if !has(Part::Problems) {
            out.push(hit(at, 0..0, Severity::Error, "缺少“存在的问题”部分".into(), "总结应有“存在的问题”一节（一级标题）"));
        }
        if !has(Part::Plans) {
            out.push(hit(at, 0..0, Severity::Error, "缺少“下一步工作打算”部分".into(), "总结应有工作打算一节（一级标题）"));
        }
    }
    let Some(p) = o.plans() else { return };
    if !period_known {
        return;
    }
    let s = texts[p];
    let ys = years(s);
    let next = ctx.year + 1;
    let wrong = match ctx.period {
        Period::H1 => (!ys.is_empty() || s.contains("明年")).then(|| "上半年的总结，打算应写“下半年工作打算”".to_string()),
        Period::Year => {
            if s.contains("下半年") {
                Some(format!("全年的总结，打算应写“{next}年工作打算”"))
            } else {
                ys.iter().find(|y| **y != next).map(|y| format!("打算写的是{y}年，{}年的全年总结应为“{next}年工作打算”", ctx.year))
            }
        }
    };
    if let Some(m) = wrong {
        out.push(hit(p, 0..s.len(), Severity::Error, m, "改正打算一节的标题"));
    }
}

fn numbering(texts: &[&str], o: &Outline, out: &mut Vec<At>) {
    let mut last = [0u32; 5];
    for (n, role) in o.roles.iter().enumerate() {
        let Role::Heading { level, ordinal, label } = *role else { continue };
        let l = level as usize;
        let prev = last[l];
        let shown = &texts[n][..label];
        let msg = if ordinal == prev {
            Some(format!("序号“{shown}”重复"))
        } else if ordinal < prev {
            Some(format!("序号“{shown}”在{}之后，顺序倒退或重新开始", prev))
        } else if ordinal > prev + 1 {
            Some(format!("序号“{shown}”之前缺少第{}项（上一项是第{prev}项）", prev + 1))
        } else {
            None
        };
        if let Some(m) = msg {
            out.push(hit(n, 0..label, Severity::Error, m, "按 一、（一）1.（1） 的层次依次编号，不跳号、不重号"));
        }
        // A level-one heading standing alone takes no full stop.
        let s = texts[n];
        if level == 1 && s.ends_with('。') && s.matches('。').count() == 1 && !s.contains(['，', '；']) {
            let at = s.len() - '。'.len_utf8();
            out.push((n, Hit::new(Rule::Structure, at..s.len(), "单独成行的标题末尾不加句号", "删去句号").fix(""), Severity::Error));
        }
        last[l] = ordinal;
        for deeper in last.iter_mut().skip(l + 1) {
            *deeper = 0;
        }
    }
}

fn shi_runs(texts: &[&str], o: &Outline, out: &mut Vec<At>) {
    let mut outer = 0u32;
    for (n, role) in o.roles.iter().enumerate() {
        let skip = match role {
            Role::Heading { label, .. } => {
                outer = 0;
                *label
            }
            Role::PartHeading => {
                outer = 0;
                continue;
            }
            Role::Body => 0,
            _ => continue,
        };
        let s = texts[n];
        let lead = s[skip..].len() - s[skip..].trim_start().len();
        let found = labels(s, skip);
        let mut inner: Option<u32> = None;
        for (k, &(at, len, v)) in found.iter().enumerate() {
            let led = found.first().is_some_and(|f| f.0 == skip + lead);
            // A run restarting inside a line led by an outer label is nested.
            if k > 0 && led && v == 1 && inner.is_none() {
                out.push(hit(n, at..at + len, Severity::Warning, format!("“一是”的列举嵌套在“{}”之中", &s[found[0].0..found[0].0 + found[0].1]), "嵌套的列举请改用（1）（2）或“首先”“其次”，避免与外层的“一是”“二是”混淆"));
                inner = Some(1);
                continue;
            }
            if let Some(i) = inner.as_mut()
                && v == *i + 1
            {
                *i = v;
                continue;
            }
            let expected = outer + 1;
            if v == 1 {
                outer = 1; // a new run
            } else if v == expected {
                outer = v;
            } else {
                let m = if v == outer { format!("“{}”重复", &s[at..at + len]) } else if outer == 0 { format!("“{}”之前没有“一是”", &s[at..at + len]) } else { format!("“{}”之前缺少“{}是”", &s[at..at + len], cn(expected)) };
                out.push(hit(n, at..at + len, Severity::Error, m, "“一是”“二是”……应依次连续"));
                outer = v;
            }
        }
    }
}

/// What an announced count counts: 三大重点, 四个方面, 五项措施.
const COUNTED: [&str; 9] = ["方面", "重点", "举措", "措施", "工程", "行动", "任务", "机制", "环节"];

/// "突出三大重点：" followed by a 一是 run of another length. Only an
/// announcement that introduces what follows (line end or ：) is compared.
fn announced(texts: &[&str], o: &Outline, out: &mut Vec<At>) {
    for (n, s) in texts.iter().enumerate() {
        if !matches!(o.roles[n], Role::Body | Role::Heading { .. }) {
            continue;
        }
        let Some((at, len, want)) = announcement(s) else { continue };
        // The run after it: the rest of this line, then the lines of the same section.
        let mut labels: Vec<u32> = crate::import::outline::labels(s, at + len).into_iter().map(|l| l.2).collect();
        for (t, _) in texts.iter().zip(&o.roles).skip(n + 1).take_while(|(_, r)| **r == Role::Body) {
            labels.extend(crate::import::outline::labels(t, 0).into_iter().map(|l| l.2));
        }
        let run = labels.iter().enumerate().take_while(|(i, v)| **v == *i as u32 + 1).count() as u32;
        if run >= 2 && run != want {
            let shown = &s[at..at + len];
            out.push(hit(n, at..at + len, Severity::Warning, format!("“{shown}”说的是{want}项，后面却列了{run}项（{}是）", cn(run)), "核对项数，改正说法或补齐、删去列举"));
        }
    }
}

/// An announced count at the end of a line or before ：, e.g. 突出三大重点：; its place and number.
fn announcement(s: &str) -> Option<(usize, usize, u32)> {
    let body = s.trim_end_matches(['。', '：', ':', ' ']);
    let tail_ok = |end: usize| end == body.len() || s[end..].starts_with(['：', ':']);
    for (i, c) in s.char_indices() {
        let n = match c {
            '两' => 2,
            _ => match crate::import::outline::chinese_number(&c.to_string()) {
                Some(n) if n >= 2 => n,
                _ => continue,
            },
        };
        let rest = &s[i + c.len_utf8()..];
        let unit = ["个", "大", "项", "条"].iter().find(|u| rest.starts_with(*u)).map_or(0, |u| u.len());
        if let Some(w) = COUNTED.iter().find(|w| rest[unit..].starts_with(*w)) {
            let end = i + c.len_utf8() + unit + w.len();
            if tail_ok(end) {
                return Some((i, end - i, n));
            }
        }
    }
    None
}

/// A number 1–19 in Chinese.
fn cn(n: u32) -> String {
    let d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 { d[n as usize].to_string() } else { format!("十{}", d[(n - 10) as usize]) }
}

fn signoff(texts: &[&str], o: &Outline, ctx: &Ctx, period_known: bool, out: &mut Vec<At>) {
    let last = texts.len() - 1;
    let Some(d) = o.find(Role::SignDate) else {
        out.push(hit(last, 0..0, Severity::Error, "文末缺少落款（署名单位和成文日期）".into(), "在正文之后另起两行，写单位名称和成文日期，如“2024年7月5日”"));
        return;
    };
    if o.find(Role::SignUnit).is_none() {
        out.push(hit(d, 0..0, Severity::Warning, "成文日期上方缺少署名单位".into(), "在日期上一行写单位名称"));
    }
    let Some(date) = o.meta.date else { return };
    if !period_known {
        return;
    }
    let y = ctx.year;
    let (from, to, what) = match ctx.period {
        Period::H1 => (NaiveDate::from_ymd_opt(y, 6, 1), NaiveDate::from_ymd_opt(y, 9, 30), format!("{y}年6月至9月")),
        Period::Year => (NaiveDate::from_ymd_opt(y, 11, 1), NaiveDate::from_ymd_opt(y + 1, 3, 31), format!("{y}年11月至{}年3月", y + 1)),
    };
    if from.zip(to).is_some_and(|(a, b)| date < a || date > b) {
        let v = if ctx.period == Period::H1 { "上半年" } else { "全年" };
        out.push(hit(d, 0..texts[d].len(), Severity::Warning, format!("成文日期{}年{}月{}日不在{v}总结通常的成文时间（{what}）内", date.year(), date.month(), date.day()), "核对日期是否沿用了旧稿"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Report;
    use std::path::Path;

    fn found(text: &str) -> Vec<String> {
        let r = Report::from_text(Path::new("a.txt"), text.as_bytes()).unwrap();
        let o = r.outline();
        let texts: Vec<&str> = r.lines.iter().map(|l| l.text.as_str()).collect();
        let ctx = Ctx { year: o.meta.year.unwrap_or(2024), period: o.meta.period.unwrap_or(Period::Year) };
        check(&texts, &o, &ctx, o.meta.period.is_some()).into_iter().map(|(_, h, _)| h.message).collect()
    }

    const CLEAN: &str = "青山镇2024年上半年党建工作总结\n今年以来，我镇扎实推进基层党建。\n一、工作开展情况\n（一）抓学习。一是办班。二是研讨。三是宣讲。\n（二）抓组织。\n二、存在的问题\n一是不平衡；二是不深入。\n三、下半年工作打算\n一是补短板。二是抓落实。\n中共青山镇委员会\n2024年7月5日";

    #[test]
    fn a_clean_outline_passes() {
        assert!(found(CLEAN).is_empty(), "{:?}", found(CLEAN));
    }

    #[test]
    fn planted_defects_are_found() {
        let cases = [
            (CLEAN.replace("（二）抓组织", "（三）抓组织"), "缺少第2项"),
            (CLEAN.replace("二是研讨。三是", "二是研讨。二是"), "重复"),
            (CLEAN.replace("三、下半年工作打算", "三、2024年工作打算"), "下半年工作打算"),
            (CLEAN.replace("2024年7月5日", "2023年7月5日"), "成文日期"),
            (CLEAN.replace("青山镇2024年上半年党建工作总结\n", ""), "缺少标题"),
            (CLEAN.replace("中共青山镇委员会\n2024年7月5日", ""), "落款"),
            (CLEAN.replace("一、工作开展情况", "一、工作开展情况。"), "不加句号"),
            (CLEAN.replace("一是不平衡；二是不深入。", "一是不平衡，一是资料不全，二是工作不深入；三是不深入。").replace("二、存在的问题\n", "二、存在的问题\n三是开头。\n"), "没有“一是”"),
        ];
        for (text, want) in cases {
            let got = found(&text);
            assert!(got.iter().any(|m| m.contains(want)), "{want}: {got:?}\n{text}");
        }
        let counted = CLEAN.replace("（一）抓学习。一是办班。", "（一）抓学习，突出四个方面：一是办班。");
        assert!(found(&counted).iter().any(|m| m.contains("说的是4项，后面却列了3项")), "{:?}", found(&counted));
        let right = CLEAN.replace("（一）抓学习。一是办班。", "（一）抓学习，突出三个方面：一是办班。");
        assert!(found(&right).is_empty(), "{:?}", found(&right));
        let nested = CLEAN.replace("一是补短板。二是抓落实。", "一是补短板，一是建台账，二是促整改。二是抓落实。");
        assert!(found(&nested).iter().any(|m| m.contains("嵌套")), "{:?}", found(&nested));
    }
}
