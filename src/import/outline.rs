//! What a report's shape says: which line is the title, which are headings
//! (一、 （一） 1. （1）) and of which part (work, problems, plans), which
//! are the 落款 (unit and date); and from those the unit, its kind, the
//! year and the version. Word lists and calendars are not needed here: the
//! shapes are the 公文 conventions of GB/T 9704.

use chrono::NaiveDate;

use super::Report;
pub use super::dates::{chinese_number, parse_date, title_year, years};
use super::dates::most_common_year;
use crate::data::Period;

/// The kind of unit a report speaks for (for 我镇/我村 and 党委/党工委).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 镇.
    Town,
    /// 乡.
    Xiang,
    /// 街道.
    Street,
    /// 村.
    Village,
    /// 社区.
    Community,
}

impl Kind {
    /// The character(s) a unit of this kind calls itself by: 镇, 乡, 街道, 村, 社区.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Town => "镇",
            Kind::Xiang => "乡",
            Kind::Street => "街道",
            Kind::Village => "村",
            Kind::Community => "社区",
        }
    }

    /// Every kind.
    pub const ALL: [Kind; 5] = [Kind::Town, Kind::Xiang, Kind::Street, Kind::Village, Kind::Community];

    /// The kind a unit name ends in (the last of 镇/乡/街道/村/社区 in it).
    pub fn of_unit(unit: &str) -> Option<Kind> {
        let clean = unit.replace("乡镇", "").replace("村镇", "").replace("城乡", "").replace("乡村", "");
        Kind::ALL.into_iter().filter_map(|k| clean.rfind(k.zh()).map(|i| (i, k))).max_by_key(|(i, _)| *i).map(|(_, k)| k)
    }
}

/// Which part of a report a level-one heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// 工作开展情况 (any heading that is not one of the others).
    Work,
    /// 存在的问题.
    Problems,
    /// 下一步工作打算.
    Plans,
    /// 存在的问题及下一步打算 (both in one heading).
    ProblemsAndPlans,
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title (first line, short, names a 文种).
    Title,
    /// A numbered heading: level 1–4, its ordinal, the byte length of its label.
    Heading { level: u8, ordinal: u32, label: usize },
    /// An unnumbered part heading (存在的问题 on its own line).
    PartHeading,
    /// The unit of the 落款.
    SignUnit,
    /// The date of the 落款.
    SignDate,
    /// Running text.
    Body,
}

/// Unit, year and version of a report, as far as it says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The unit (落款, else the title's words before the year).
    pub unit: Option<String>,
    /// The unit's kind.
    pub kind: Option<Kind>,
    /// The report year.
    pub year: Option<i32>,
    /// 上半年 or 全年.
    pub period: Option<Period>,
    /// The 成文日期.
    pub date: Option<NaiveDate>,
    /// Where the year was read (标题, 打算一节的标题, 开头段, 落款日期, 正文).
    pub year_from: Option<&'static str>,
}

/// A report's lines classified, and its meta data.
#[derive(Debug, Clone)]
pub struct Outline {
    /// One role per line of the report (same indices).
    pub roles: Vec<Role>,
    /// The part of each level-one (or unnumbered part) heading, by line index.
    pub parts: Vec<(usize, Part)>,
    /// Unit, year, version, date.
    pub meta: Meta,
}

impl Outline {
    /// Classifies the lines of `r`.
    pub fn of(r: &Report) -> Outline {
        let texts: Vec<&str> = r.lines.iter().map(|l| l.text.trim_matches(|c: char| c.is_whitespace())).collect();
        let mut roles = vec![Role::Body; texts.len()];
        let first = r.lines.iter().position(|l| !l.in_table);
        if let Some(i) = first.filter(|&i| is_title(texts[i])) {
            roles[i] = Role::Title;
        }
        // 落款: a date as the last line, the unit just above it.
        let mut date = None;
        if let Some(last) = texts.len().checked_sub(1)
            && let Some(d) = parse_date(texts[last])
        {
            roles[last] = Role::SignDate;
            date = Some(d);
            if last > 0 && roles[last - 1] == Role::Body && is_sign_unit(texts[last - 1]) {
                roles[last - 1] = Role::SignUnit;
            }
        } else if let Some(last) = texts.len().checked_sub(1).filter(|&l| l > 0)
            && is_sign_unit(texts[last])
            && ["委员会", "党委", "党工委", "党总支", "党支部", "总支", "支部"].iter().any(|w| texts[last].ends_with(w))
        {
            // A 落款 without its date: the unit alone, by its committee's name.
            roles[last] = Role::SignUnit;
        }
        let mut parts = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            if roles[i] != Role::Body || r.lines[i].in_table {
                continue;
            }
            if let Some((level, ordinal, label)) = heading(t) {
                roles[i] = Role::Heading { level, ordinal, label };
                if level == 1 {
                    // A run-in heading (“四、存在的问题。对照……”) is judged by its heading words only.
                    let words = &t[label..];
                    parts.push((i, part_of(words.split_once('。').map_or(words, |(h, _)| h))));
                }
            } else if t.chars().count() <= 20 && !t.contains('。') && part_of(t) != Part::Work {
                roles[i] = Role::PartHeading;
                parts.push((i, part_of(t)));
            }
        }
        let mut o = Outline { roles, parts, meta: Meta { date, ..Meta::default() } };
        o.meta = o.infer(&texts);
        o
    }

    /// The line index of the title, if any.
    pub fn title(&self) -> Option<usize> {
        self.roles.iter().position(|r| *r == Role::Title)
    }

    /// The line index with this role, if any.
    pub fn find(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    /// The heading of the plans part, if any.
    pub fn plans(&self) -> Option<usize> {
        self.parts.iter().find(|(_, p)| matches!(p, Part::Plans | Part::ProblemsAndPlans)).map(|(i, _)| *i)
    }

    fn infer(&self, texts: &[&str]) -> Meta {
        let mut m = self.meta.clone();
        let title = self.title().map(|i| texts[i]);
        let plans = self.plans().map(|i| texts[i]);
        // Unit: the 落款, else the title's words before the year.
        m.unit = self.find(Role::SignUnit).map(|i| texts[i].to_string()).or_else(|| {
            let t = title?;
            let cut = t.find(|c: char| c.is_ascii_digit() || "〇二".contains(c)).unwrap_or(0);
            let u = t[..cut].trim_start_matches("中共").trim();
            (u.chars().count() >= 2 && !u.contains(['*', '×', 'X', 'x'])).then(|| u.to_string())
        });
        m.kind = m.unit.as_deref().and_then(Kind::of_unit).or_else(|| kind_of_text(texts));
        // Version: the title, the plans heading, the opening, the date's month.
        let opening = texts.iter().zip(&self.roles).find(|(_, r)| **r == Role::Body).map(|(t, _)| *t).unwrap_or("");
        m.period = title
            .and_then(|t| if t.contains("半年") { Some(Period::H1) } else if title_year(t).is_none() { None } else { Some(Period::Year) })
            .or_else(|| plans.filter(|p| p.contains("下半年")).map(|_| Period::H1))
            .or_else(|| if opening.contains("上半年") || opening.contains("半年来") { Some(Period::H1) } else { None })
            .or_else(|| if opening.contains("一年来") || opening.contains("全年") { Some(Period::Year) } else { None })
            .or_else(|| m.date.map(|d| if (5..=9).contains(&chrono::Datelike::month(&d)) { Period::H1 } else { Period::Year }));
        // Year: the title, the plans heading (next year's plans), the opening, the date, the text.
        let from_date = m.date.map(|d| {
            let y = chrono::Datelike::year(&d);
            if chrono::Datelike::month(&d) <= 3 && m.period != Some(Period::H1) { y - 1 } else { y }
        });
        let body = texts.iter().zip(&self.roles).filter(|(_, r)| **r == Role::Body).map(|(t, _)| *t);
        let candidates = [
            ("标题", title.and_then(title_year)),
            ("打算一节的标题", plans.and_then(|p| years(p).first().map(|y| if m.period == Some(Period::H1) { *y } else { y - 1 }))),
            ("开头段", years(opening).first().copied()),
            ("落款日期", from_date),
            ("正文", most_common_year(body)),
        ];
        if let Some((from, y)) = candidates.into_iter().find_map(|(f, y)| y.map(|y| (f, y))) {
            m.year = Some(y);
            m.year_from = Some(from);
        }
        m
    }
}

/// Whether a first line is a title: short, no sentence end, names a 文种.
fn is_title(t: &str) -> bool {
    let n = t.chars().count();
    (4..=60).contains(&n) && !t.ends_with(['。', '，', '；', '：', ':']) && ["总结", "汇报", "报告", "情况"].iter().any(|w| t.contains(w))
}

/// Whether a line above the date is the 落款's unit.
fn is_sign_unit(t: &str) -> bool {
    let n = t.chars().count();
    (2..=30).contains(&n) && !t.contains(['。', '，', '；', '：']) && heading(t).is_none()
}

/// The kind a report's text speaks for when its unit does not say: the
/// clear majority (three or more, three quarters) of its 我镇/我乡/我街道/我村/我社区.
pub fn kind_of_text(texts: &[&str]) -> Option<Kind> {
    let mut counts = [0usize; 5];
    for t in texts {
        for (i, _) in t.match_indices('我') {
            let rest = &t[i + '我'.len_utf8()..];
            if ["乡镇", "村镇", "镇村", "村居"].iter().any(|w| rest.starts_with(w)) {
                continue;
            }
            if let Some(k) = Kind::ALL.iter().position(|k| rest.starts_with(k.zh())) {
                counts[k] += 1;
            }
        }
    }
    let total: usize = counts.iter().sum();
    Kind::ALL.into_iter().zip(counts).find(|(_, n)| *n >= 3 && n * 4 >= total * 3).map(|(k, _)| k)
}

/// A numbered heading's level, ordinal and label length (bytes).
pub fn heading(t: &str) -> Option<(u8, u32, usize)> {
    let cn: String = t.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
    if !cn.is_empty() && t[cn.len()..].starts_with('、') {
        return Some((1, chinese_number(&cn)?, cn.len() + '、'.len_utf8()));
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            let inner: String = rest.chars().take_while(|c| *c != close).take(4).collect();
            if rest[inner.len()..].starts_with(close) {
                let label = open.len_utf8() + inner.len() + close.len_utf8();
                if let Some(n) = chinese_number(&inner) {
                    return Some((2, n, label));
                }
                if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
                    return Some((4, inner.parse().ok()?, label));
                }
            }
        }
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let rest = &t[digits.len()..];
        let sep = rest.chars().next().filter(|c| matches!(c, '.' | '．' | '、'))?;
        let after = rest[sep.len_utf8()..].chars().next()?;
        if !after.is_ascii_digit() {
            return Some((3, digits.parse().ok()?, digits.len() + sep.len_utf8()));
        }
    }
    None
}

/// 一是/二是 labels of a text: byte offset, length and number.
pub fn shi_labels(s: &str) -> Vec<(usize, usize, u32)> {
    labels(s, 0)
}

/// 一是/二是 labels of a line after `skip` bytes: byte offset, length and number.
pub fn labels(s: &str, skip: usize) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (i, _) in s.match_indices('是') {
        if i < skip {
            continue;
        }
        let head = &s[skip..i];
        let num: String = head.chars().rev().take_while(|c| "一二三四五六七八九十".contains(*c)).collect::<Vec<_>>().into_iter().rev().collect();
        if num.is_empty() {
            continue;
        }
        let start = i - num.len();
        let before = s[..start].chars().next_back();
        if before.is_some_and(|c| !matches!(c, '。' | '；' | ';' | '：' | ':' | '，' | ',' | ' ' | '\u{3000}' | '\t' | '）' | ')')) {
            continue;
        }
        if let Some(v) = chinese_number(&num) {
            out.push((start, i + '是'.len_utf8() - start, v));
        }
    }
    out
}

/// The part a level-one heading's words open.
pub fn part_of(words: &str) -> Part {
    let problems = words.contains("问题") || words.contains("不足");
    let plans = ["打算", "计划", "思路", "下一步", "下步", "今后", "下半年工作", "明年"].iter().any(|w| words.contains(w));
    match (problems, plans) {
        (true, true) => Part::ProblemsAndPlans,
        (true, false) => Part::Problems,
        (false, true) => Part::Plans,
        _ => Part::Work,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn outline(text: &str) -> Outline {
        Report::from_text(Path::new("a.txt"), text.as_bytes()).unwrap().outline()
    }

    #[test]
    fn headings_of_four_levels() {
        assert_eq!(heading("一、主要工作"), Some((1, 1, 6)));
        assert_eq!(heading("十二、其他"), Some((1, 12, 9)));
        assert_eq!(heading("（三）抓学习。一是"), Some((2, 3, 9)));
        assert_eq!(heading("2.规范"), Some((3, 2, 2)));
        assert_eq!(heading("2、规范"), Some((3, 2, 4)));
        assert_eq!(heading("（4）细则"), Some((4, 4, 7)));
        assert_eq!(heading("1.5万元用于"), None);
        assert_eq!(heading("一是抓学习"), None);
        assert_eq!(heading("2024年以来"), None);
    }

    #[test]
    fn dates_in_both_numerals() {
        assert_eq!(parse_date("2024年7月5日"), NaiveDate::from_ymd_opt(2024, 7, 5));
        assert_eq!(parse_date("二〇二四年十二月二十六日"), NaiveDate::from_ymd_opt(2024, 12, 26));
        assert_eq!(parse_date("2024年13月5日"), None);
        assert_eq!(parse_date("2024年7月5日召开会议"), None);
    }

    #[test]
    fn meta_from_title_plans_and_date() {
        let o = outline("青山镇2024年上半年党建工作总结\n今年以来，我镇扎实推进。\n一、工作开展情况\n正文。\n二、存在的问题\n问题。\n三、下半年工作打算\n打算。\n中共青山镇委员会\n2024年7月5日");
        assert_eq!(o.meta.year, Some(2024));
        assert_eq!(o.meta.period, Some(Period::H1));
        assert_eq!(o.meta.unit.as_deref(), Some("中共青山镇委员会"));
        assert_eq!(o.meta.kind, Some(Kind::Town));
        assert_eq!(o.parts.iter().map(|p| p.1).collect::<Vec<_>>(), [Part::Work, Part::Problems, Part::Plans]);
        // No title: the plans heading and the date say it.
        let o = outline("今年以来，我村扎实推进。\n一、工作情况\n正文。\n二、2025年工作打算\n打算。\n2025年1月8日");
        assert_eq!((o.meta.year, o.meta.period), (Some(2024), Some(Period::Year)));
        assert_eq!(o.title(), None);
    }

    #[test]
    fn unit_kinds() {
        assert_eq!(Kind::of_unit("中共青山镇绿水村支部委员会"), Some(Kind::Village));
        assert_eq!(Kind::of_unit("中共东城街道工作委员会"), Some(Kind::Street));
        assert_eq!(Kind::of_unit("中共石门乡委员会"), Some(Kind::Xiang));
        assert_eq!(years("现将2022上半年建工作总结如下"), [2022]);
        assert_eq!(years("二〇二四年"), [2024]);
    }

    #[test]
    fn years_from_spaced_and_bare_titles_the_date_and_the_text_with_their_source() {
        assert_eq!(years("石门乡2020 年党建工作总结"), [2020]);
        assert_eq!(title_year("2023东湖社区党建工作总结"), Some(2023));
        assert_eq!(title_year("党建工作总结"), None);
        assert_eq!(title_year("20231社区"), None);
        let o = outline("青山镇党建工作总结
今年以来，我镇扎实推进。
一、工作情况
正文。
中共青山镇委员会
2023年12月25日");
        assert_eq!((o.meta.year, o.meta.year_from), (Some(2023), Some("落款日期")));
        let o = outline("青山镇党建工作总结
今年以来，我镇扎实推进。
一、工作情况
2023年全镇发展党员12名。2023年开展培训。2019年以来建成5个阵地。");
        assert_eq!((o.meta.year, o.meta.year_from), (Some(2023), Some("正文")));
    }

    #[test]
    fn the_kind_from_the_text_when_the_unit_does_not_say() {
        assert_eq!(kind_of_text(&["我社区党委", "我社区居民", "我社区共有", "我镇"]), Some(Kind::Community));
        assert_eq!(kind_of_text(&["我社区", "我镇", "我村"]), None);
        let o = outline("党建工作总结
今年以来，我村扎实推进。
我村党员。我村群众。
一、工作情况
正文。");
        assert_eq!(o.meta.kind, Some(Kind::Village));
    }

    #[test]
    fn a_run_in_heading_is_judged_by_its_heading_words() {
        let o = outline("青山镇2023年党建工作总结
一、聚焦中心工作。针对存在的问题，我镇制定今后工作计划。
二、存在的问题。一是学习不深。
三、2024年工作打算。一是加强学习。");
        assert_eq!(o.parts.iter().map(|p| p.1).collect::<Vec<_>>(), [Part::Work, Part::Problems, Part::Plans]);
    }
}
