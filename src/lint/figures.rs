//! Rules over the sheet's figures, per version: values that cannot be right
//! (negative, fractional counts, parts above the whole, rates above 100%,
//! a full year below its first half), values that disagree (转正 above last
//! year's 发展, a stock that jumps), and 三会一课 below the minimums of the
//! 《中国共产党支部工作条例（试行）》. Findings point at the value in `[figures]`.

use super::{Finding, Rule};
use crate::data::{Catalogue, DataSheet, Figure, Kind, Period, format_number};

/// Which value of a figure a finding is about (to point at it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    H1,
    H2,
    Year,
    LastYear,
    Whole,
}

/// Units that count people, times or things (no fractions, no negatives).
const COUNT_UNITS: &[&str] = &["次", "名", "个", "人", "人次", "场", "期", "件", "户", "篇", "家"];

/// Subset stocks: (part, whole).
const SUBSETS: &[(&str, &str)] = &[("mobile_members", "members"), ("standard_branches", "branches")];

/// 三会一课 minimums per branch: (figure, how often, months per meeting).
const SANHUI: &[(&str, &str, u32)] = &[
    ("branch_meetings", "每季度至少召开1次支部党员大会", 3),
    ("committee_meetings", "每月至少召开1次支部委员会会议", 1),
    ("group_meetings", "每月至少召开1次党小组会", 1),
    ("party_lectures", "每季度至少上1次党课", 3),
    ("theme_days", "每月相对固定1天开展主题党日", 1),
];

/// Checks the figures for one version.
pub fn check(ds: &DataSheet, cat: &Catalogue, period: Period) -> Vec<Finding> {
    let mut out = Vec::new();
    let half = if period == Period::H1 { "上半年" } else { "全年" };
    for f in ds.figures.iter() {
        let counts = f.integer && f.block.is_some() || COUNT_UNITS.contains(&f.unit.as_str());
        let catalogued = f.block.is_some();
        let slots = [(Slot::H1, f.h1), (Slot::H2, f.h2), (Slot::Year, f.year), (Slot::LastYear, f.last_year)];
        // Problems of the values themselves: the same in every version (merged by the caller).
        for (slot, v) in slots {
            let Some(v) = v else { continue };
            if v < 0.0 && (catalogued || counts) {
                out.push(at(ds, f, slot, None, Rule::FigureSanity, format!("“{}”为负数（{}）", f.label, format_number(v)), "数量不能为负，请核对"));
            } else if counts && v.fract() != 0.0 {
                out.push(at(ds, f, slot, None, Rule::FigureSanity, format!("“{}”应为整数，不应有小数（{}{}）", f.label, format_number(v), f.unit), "请填整数"));
            }
            if matches!(f.unit.as_str(), "%" | "％") && v > 100.0 {
                out.push(at(ds, f, slot, None, Rule::FigureSanity, format!("“{}”为{}%，超过100%", f.label, format_number(v)), "比率不能超过100%，请核对"));
            }
        }
        let given: Vec<f64> = [f.h1, f.h2, f.year].into_iter().flatten().collect();
        if !given.is_empty() && given.iter().all(|v| *v == 0.0) {
            out.push(at(ds, f, Slot::Whole, None, Rule::ZeroFigure, format!("“{}”的数值都是 0，像是样表中没有改的占位数", f.label), "请填写实际数值；确实为 0 时，可删去该指标，或在它上一行写 # 不检查：zero-figure"));
        }
        if let (Kind::Flow, Some(h1), Some(y)) = (f.kind, f.h1, f.year) {
            if y < h1 {
                out.push(at(ds, f, Slot::Year, None, Rule::FigureSanity, format!("“{}”全年数（{}）小于上半年数（{}）", f.label, format_number(y), format_number(h1)), "全年数是上下半年之和，请核对"));
            }
            if let Some(h2) = f.h2.filter(|h2| (h1 + h2 - y).abs() > 1e-9) {
                out.push(at(ds, f, Slot::Year, None, Rule::FigureSanity, format!("“{}”全年数（{}）不等于上下半年之和（{}）", f.label, format_number(y), format_number(h1 + h2)), "只写上下半年两个数即可，全年数会自动合计"));
            }
        }
        // Filled for 上半年 only while the sheet has full-year values: the
        // full-year report would leave it out without a word.
        if period == Period::Year && f.kind != Kind::Constant && f.value(Period::H1).is_some() && f.value(Period::Year).is_none() && !f.span.is_empty() {
            let h1 = f.h1.map(|v| format!("（{}{}）", format_number(v), f.unit)).unwrap_or_default();
            out.push(at(ds, f, Slot::Whole, Some(period), Rule::FigureConsistency, format!("“{}”只填了上半年数{h1}，全年版本里不会写这一项", f.label), "填上下半年两个数，如 [2, 1]（下半年没有就写 0）；时点数写 { h1 = 6月底数, year = 年底数 }"));
        }
        let whole = cat.figure(&f.key).and_then(|d| d.part_of.as_deref()).or_else(|| SUBSETS.iter().find(|s| s.0 == f.key).map(|s| s.1));
        if let (Some(whole), Some(v)) = (whole.and_then(|w| ds.figures.get(w)), f.value(period))
            && let Some(w) = whole.value(period).filter(|w| v > *w)
        {
            out.push(at(ds, f, slot_of(f, period), Some(period), Rule::FigureSanity, format!("{half}“{}”（{}{}）多于“{}”（{}{}）", f.label, format_number(v), f.unit, whole.label, format_number(w), whole.unit), "分项不能大于总数，请核对"));
        }
    }
    consistency(ds, period, half, &mut out);
    sanhui(ds, period, half, &mut out);
    out.dedup_by(|a, b| a.offset == b.offset && a.message == b.message);
    out
}

fn consistency(ds: &DataSheet, period: Period, half: &str, out: &mut Vec<Finding>) {
    let figs = &ds.figures;
    if let (Some(c), Some(n)) = (figs.get("confirmed_members"), figs.get("new_members"))
        && let (Some(v), Some(last)) = (c.value(period), n.last_year)
        && v > last
    {
        out.push(at(ds, c, slot_of(c, period), Some(period), Rule::FigureConsistency, format!("{half}预备党员转正{}名，多于上年发展党员{}名", format_number(v), format_number(last)), "预备期一般为一年，转正人数通常不超过上年发展人数（延长预备期的除外），请核对"));
    }
    for f in figs.iter().filter(|f| f.kind == Kind::Stock) {
        let points = match period {
            Period::H1 => [(f.last_year, Slot::LastYear, "上年底"), (f.h1, Slot::H1, "6月底")],
            Period::Year => [(f.h1, Slot::H1, "6月底"), (f.year, Slot::Year, "年底")],
        };
        if let [(Some(a), _, from), (Some(b), slot, to)] = points
            && a > 0.0
            && (b - a).abs() >= 10.0
            && (b > a * 1.5 || b < a * 0.5)
        {
            out.push(at(ds, f, slot, None, Rule::FigureConsistency, format!("“{}”由{from}的{}变为{to}的{}，变化过大", f.label, format_number(a), format_number(b)), "时点数半年内一般不会成倍变化，请核对是否多写或漏写了一位"));
        }
    }
}

fn sanhui(ds: &DataSheet, period: Period, half: &str, out: &mut Vec<Finding>) {
    let months = f64::from(period.last_month());
    let counted = ds.figures.get("branches").and_then(|b| b.value(period)).filter(|b| *b >= 1.0).map_or(1.0, f64::round);
    let unit = crate::compose::wording::Unit::of_sheet(ds);
    for &(key, rule, every) in SANHUI {
        let Some(f) = ds.figures.get(key) else { continue };
        let Some(v) = f.value(period) else { continue };
        // All zeros: the sample's placeholder, which zero-figure names already.
        if [f.h1, f.h2, f.year].into_iter().flatten().all(|x| x == 0.0) {
            continue;
        }
        // A 村党支部's `branches` are its 党小组: only 党小组会 is per group.
        let branches = unit.minimum_units(key, counted);
        let need = (months / f64::from(every)).floor() * branches;
        if v < need {
            let (b, n) = (format_number(branches), format_number(need));
            let orgs = if unit == crate::compose::wording::Unit::Branch { "党小组" } else { "党组织" };
            let per = if branches > 1.0 { format!("，{b}个{orgs}共至少{n}次") } else { format!("，{half}至少{n}次") };
            out.push(at(ds, f, slot_of(f, period), Some(period), Rule::SanhuiYike, format!("{half}“{}”{}次，低于《中国共产党支部工作条例（试行）》要求（{rule}{per}）", f.label, format_number(v)), "请核对次数是否漏填；确未达到的，应在“存在的问题”中说明"));
        }
    }
}

/// The slot holding a figure's value for a version.
fn slot_of(f: &Figure, period: Period) -> Slot {
    match (period, f.kind) {
        (Period::H1, _) => Slot::H1,
        (Period::Year, Kind::Flow) if f.year.is_none() => Slot::Whole,
        _ => Slot::Year,
    }
}

/// A finding at one value of a figure.
fn at(ds: &DataSheet, f: &Figure, slot: Slot, period: Option<Period>, rule: Rule, message: String, hint: &str) -> Finding {
    let src = &ds.source;
    let offset = value_offset(&src.text, f.span.clone(), slot);
    let (line, column) = if f.span.is_empty() { (0, 0) } else { src.position(offset) };
    let token: String = src.text.get(offset..).unwrap_or("").chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+')).collect();
    Finding {
        rule,
        severity: rule.severity(),
        file: src.path.clone(),
        line,
        column,
        snippet: if line == 0 { String::new() } else { crate::error::snippet(src.line_text(line), column) },
        text: token,
        message,
        hint: hint.to_string(),
        field: Some(if f.span.is_empty() { format!("figures.{}（由所列各村合计）", f.key) } else { format!("figures.{}", f.key) }),
        period,
        fix: None,
        offset,
    }
}

/// Byte offset of one value inside a figure's raw text: the n-th element of
/// `[h1, h2]`, or the value after `h1 =` / `year =` / `last_year =` in a
/// table (also inside `value = [...]`). Falls back to the figure's start.
fn value_offset(text: &str, span: std::ops::Range<usize>, slot: Slot) -> usize {
    let raw = text.get(span.clone()).unwrap_or("");
    let element = |body: &str, base: usize, n: usize| -> Option<usize> {
        let inner = body.strip_prefix('[')?;
        let mut at = base + 1;
        for (i, part) in inner.split(',').enumerate() {
            if i == n {
                return Some(at + (part.len() - part.trim_start().len()));
            }
            at += part.len() + 1;
        }
        None
    };
    let key = |names: &[&str]| -> Option<usize> {
        names.iter().find_map(|name| {
            raw.match_indices(name).find(|(i, _)| {
                let before = raw[..*i].chars().last();
                let after = raw[i + name.len()..].trim_start();
                before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) && after.starts_with('=')
            })
            .map(|(i, _)| {
                let rest = &raw[i + name.len()..];
                let eq = rest.find('=').unwrap_or(0) + 1;
                i + name.len() + eq + (rest[eq..].len() - rest[eq..].trim_start().len())
            })
        })
    };
    let found = match slot {
        Slot::H1 | Slot::H2 => {
            let n = usize::from(slot == Slot::H2);
            element(raw, 0, n)
                .or_else(|| key(if slot == Slot::H1 { &["h1", "上半年"] } else { &["h2", "下半年"] }))
                .or_else(|| key(&["value"]).and_then(|v| element(&raw[v..], v, n)))
        }
        Slot::Year => key(&["year", "全年"]),
        Slot::LastYear => key(&["last_year", "上年"]),
        Slot::Whole => None,
    };
    span.start + found.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str, slot: Slot) -> String {
        let text = format!("x = {raw}\n");
        let span = 4..4 + raw.len();
        text[value_offset(&text, span, slot)..].chars().take(3).collect()
    }

    #[test]
    fn values_are_found_in_every_shape() {
        assert_eq!(at("[12, 34]", Slot::H1), "12,");
        assert_eq!(at("[12, 34]", Slot::H2), "34]");
        assert_eq!(at("{ h1 = 5, year = 9, last_year = 7 }", Slot::Year), "9, ");
        assert_eq!(at("{ h1 = 5, year = 9, last_year = 7 }", Slot::LastYear), "7 }");
        assert_eq!(at("{ value = [1, 2], last_year = 3 }", Slot::H2), "2],");
        assert_eq!(at("{ 上半年 = 4, 全年 = 8 }", Slot::H1), "4, ");
        assert_eq!(at("[1, 2]", Slot::Whole), "[1,");
        assert_eq!(at("36", Slot::Year), "36\n");
    }
}
