//! Word-level rules over one printed text: doubled characters and phrases,
//! wording of the other version, stray years, and numbers that cannot be
//! right (fractional counts, rates above 100%). Chinese reduplicates freely
//! (常常, 层层, 实实在在, 一步一步), so doubled characters are only looked for
//! among function words that never legitimately double, with the few
//! idioms that contain them (的的确确, 不了了之, 目的的) excepted.

use super::chars::{Ctx, end, is_han};
use super::{Hit, Rule};
use crate::data::Period;

/// Runs the word-level rules.
pub fn scan(s: &str, cs: &[(usize, char)], ctx: &Ctx, out: &mut Vec<Hit>) {
    doubled(s, cs, out);
    period_wording(s, ctx.period, out);
    stray_year(s, cs, ctx.year, out);
    numbers(s, cs, out);
}

/// Function words that never double in 公文.
const NEVER_DOUBLED: &[char] = &['的', '了', '也', '又', '或', '而', '之', '最', '被', '于', '将', '已', '按'];

fn doubled(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let ch = |k: usize| cs.get(k).map(|c| c.1);
    let mut k = 0;
    while k < cs.len() {
        let c = cs[k].1;
        if NEVER_DOUBLED.contains(&c) {
            let len = cs[k..].iter().take_while(|x| x.1 == c).count();
            let (before, after) = (k.checked_sub(1).and_then(ch), ch(k + len));
            let idiom = len == 2
                && match c {
                    '的' => before == Some('目') || matches!(after, Some('确' | '士')),
                    '了' => (before == Some('不') && after == Some('之')) || after == Some('解'),
                    // 位于于都县, 将将乐县列为: place names.
                    '于' => after == Some('都'),
                    '将' => after == Some('乐'),
                    _ => false,
                };
            if len >= 2 && !idiom {
                let range = cs[k].0..end(s, cs, k + len - 1);
                out.push(Hit::new(Rule::Doubled, range.clone(), format!("“{}”重复", &s[range]), format!("删去多余的“{c}”")).fix(c.to_string()));
                k += len;
                continue;
            }
        }
        // A phrase written twice in a row: 突出抓好突出抓好.
        let mut found = false;
        for l in (2..=8).rev() {
            if k + 2 * l > cs.len() {
                continue;
            }
            let (a, b) = (&cs[k..k + l], &cs[k + l..k + 2 * l]);
            // Most positions differ at once: decide that before the costlier tests.
            if !a.iter().zip(b).all(|(x, y)| x.1 == y.1) {
                continue;
            }
            let han = a.iter().all(|x| is_han(x.1));
            let one_char = a.iter().all(|x| x.1 == a[0].1);
            // 一步一步, 一点一点: counted reduplication, not a slip (but 一是一是 is).
            let counted = l == 2 && a[0].1 == '一' && a[1].1 != '是';
            // 党组织组织力, 组织组织生活会: one word ends with the noun the next begins with.
            let chained = l == 2 && CHAINED.iter().any(|w| s[cs[k].0..].starts_with(w));
            if han && !one_char && !counted && !chained {
                // Three or more copies are one hit, so one fix leaves one copy.
                let mut copies = 2;
                while k + (copies + 1) * l <= cs.len() && cs[k + copies * l..k + (copies + 1) * l].iter().zip(a).all(|(x, y)| x.1 == y.1) {
                    copies += 1;
                }
                let range = cs[k].0..end(s, cs, k + copies * l - 1);
                let phrase = &s[cs[k].0..cs[k + l].0];
                let times = if copies == 2 { "两".to_string() } else { copies.to_string() };
                let hit = Hit::new(Rule::Doubled, range, format!("“{phrase}”连写了{times}遍"), format!("删去重复的“{phrase}”"));
                out.push(if l >= 3 { hit.fix(phrase) } else { hit });
                k += copies * l;
                found = true;
                break;
            }
        }
        if !found {
            k += 1;
        }
    }
}

/// Two-character nouns that end one compound and begin the next
/// (党组织|组织力, 组织|组织生活会, 便民服务|服务中心).
const CHAINED: &[&str] = &[
    "组织", "工作", "建设", "服务", "管理", "生活", "教育", "发展", "经济", "文化", "中心", "干部", "党员", "群众", "产业", "项目", "人才", "资金", "问题", "责任",
    "任务", "制度", "安全", "环境", "阵地", "标准",
];

/// Words of the other version, with the contexts in which they are fine.
struct Wording {
    word: &'static str,
    /// Allowed when directly preceded by one of these.
    after: &'static [&'static str],
    /// Allowed when directly followed by one of these.
    before: &'static [&'static str],
}

const NOT_IN_H1: &[Wording] = &[
    // 全年目标任务, 完成全年任务: forward-looking, fine in the half-year report.
    Wording { word: "全年", after: &["完成", "确保", "实现", "为", "对标", "预计", "力争", "争取"], before: &["目标", "任务", "各项", "工作目标", "计划", "指标", "的目标", "的任务"] },
    Wording { word: "一年来", after: &[], before: &[] },
    Wording { word: "过去一年", after: &[], before: &[] },
    Wording { word: "过去的一年", after: &[], before: &[] },
    Wording { word: "截至年底", after: &[], before: &[] },
    Wording { word: "截至12月底", after: &[], before: &[] },
];

const NOT_IN_YEAR: &[Wording] = &[
    // 较上半年, 上半年和下半年: comparisons and both halves are fine in the full year.
    Wording { word: "上半年", after: &["较", "比", "与", "同", "对比"], before: &["和下半年", "、下半年", "及下半年", "与下半年"] },
    // 下半年来 is not 半年来; 上半年来 is already caught as 上半年.
    Wording { word: "半年来", after: &["下", "上"], before: &[] },
    Wording { word: "截至6月底", after: &[], before: &[] },
    Wording { word: "截至6月末", after: &[], before: &[] },
    Wording { word: "到6月底", after: &[], before: &[] },
];

fn period_wording(s: &str, period: Period, out: &mut Vec<Hit>) {
    let (list, version, other) = match period {
        Period::H1 => (NOT_IN_H1, "上半年", "全年"),
        Period::Year => (NOT_IN_YEAR, "全年", "上半年"),
    };
    for w in list {
        for (i, _) in s.match_indices(w.word) {
            let (head, tail) = (&s[..i], &s[i + w.word.len()..]);
            if w.after.iter().any(|a| head.ends_with(a)) || w.before.iter().any(|b| tail.starts_with(b)) {
                continue;
            }
            out.push(Hit::new(
                Rule::PeriodWording,
                i..i + w.word.len(),
                format!("{version}版本中出现“{}”（{other}的说法）", w.word),
                "两个版本共用的文字请写成选词 {上半年的说法|全年的说法}，如 {上半年|全年}、{半年来|一年来}；只属于某一版本的事项请给该项加 when 或 date",
            ));
        }
    }
}

fn stray_year(s: &str, cs: &[(usize, char)], year: i32, out: &mut Vec<Hit>) {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let value = |c: char| if c.is_ascii_digit() { c as u32 - '0' as u32 } else { c as u32 - '０' as u32 };
    let mut k = 0;
    while k < cs.len() {
        let len = cs[k..].iter().take_while(|c| digit(c.1)).count();
        if len == 0 {
            k += 1;
            continue;
        }
        let start = k;
        k += len;
        if len != 4 || (start > 0 && matches!(cs[start - 1].1, '.' | '．')) {
            continue;
        }
        let y = cs[start..k].iter().fold(0, |a, c| a * 10 + value(c.1)) as i32;
        let tail = &s[cs.get(k).map_or(s.len(), |c| c.0)..];
        let head = &s[..cs[start].0];
        let is_year = ["年", "上半年", "下半年"].iter().any(|w| tail.starts_with(w));
        // 自2018年以来, 到2027年, 2021—2025年: history and targets, not a stale date.
        let span = ["自", "从", "到", "至", "—", "-", "－", "～", "~"].iter().any(|w| head.ends_with(w))
            || ["年以来", "年起", "年至", "年到", "年—", "年-", "—", "-", "－", "～", "~"].iter().any(|w| tail.starts_with(w));
        if is_year && !span && (y - year).abs() > 1 && (year - 15..=year + 5).contains(&y) {
            let range = cs[start].0..end(s, cs, k - 1);
            out.push(Hit::new(Rule::StrayYear, range, format!("出现{y}年，而报告年度是{year}年"), "是否沿用了往年的材料？请核对年份；确指往年的事，可写成“自…年以来”等明确的说法"));
        }
    }
}

fn numbers(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let mut k = 0;
    while k < cs.len() {
        let len = cs[k..].iter().take_while(|c| c.1.is_ascii_digit() || c.1 == '.').count();
        if len == 0 || !cs[k].1.is_ascii_digit() || (k > 0 && (cs[k - 1].1.is_ascii_alphanumeric() || cs[k - 1].1 == '.')) {
            k += len.max(1);
            continue;
        }
        let (start, stop) = (k, k + len);
        k = stop;
        let num = &s[cs[start].0..cs.get(stop).map_or(s.len(), |c| c.0)];
        let Ok(v) = num.trim_end_matches('.').parse::<f64>() else { continue };
        let tail = &s[cs.get(stop).map_or(s.len(), |c| c.0)..];
        let head: String = cs[..start].iter().rev().take(8).map(|c| c.1).take_while(|c| !matches!(c, '，' | '。' | '；' | '、')).collect::<Vec<_>>().into_iter().rev().collect();
        let range = cs[start].0..end(s, cs, stop - 1);
        let counts = ["次", "名", "个", "场", "期", "件", "户", "人"].iter().any(|u| tail.starts_with(u)) && !tail.starts_with("个百分点");
        if num.contains('.') && v.fract() != 0.0 && counts {
            let unit: String = tail.chars().take(1).collect();
            out.push(Hit::new(Rule::FigureSanity, range.clone(), format!("“{num}{unit}”：人数、次数不应有小数"), "请核对数字"));
        }
        let rate = ["率", "占", "比例", "覆盖"].iter().any(|w| head.contains(w)) && !["增", "长", "涨", "幅", "提高", "提升", "升", "降"].iter().any(|w| head.contains(w));
        if (tail.starts_with('%') || tail.starts_with('％')) && v > 100.0 && rate {
            out.push(Hit::new(Rule::FigureSanity, range, format!("比率“{num}%”超过100%"), "参学率、覆盖率、占比等不能超过100%，请核对"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::scan;
    use super::*;

    fn hits(s: &str, period: Period) -> Vec<(&'static str, String)> {
        scan(s, &Ctx { year: 2024, period }).into_iter().map(|h| (h.rule.id(), s[h.range].to_string())).collect()
    }

    fn rule(s: &str, period: Period, id: &str) -> Vec<String> {
        hits(s, period).into_iter().filter(|h| h.0 == id).map(|h| h.1).collect()
    }

    #[test]
    fn doubled_words_and_phrases() {
        assert_eq!(rule("在镇党委的的正确领导下", Period::H1, "doubled"), ["的的"]);
        assert_eq!(rule("突出抓好突出抓好党建工作", Period::H1, "doubled"), ["突出抓好突出抓好"]);
        assert_eq!(rule("一是一是加强学习", Period::H1, "doubled"), ["一是一是"]);
        let fix = scan("突出抓好突出抓好党建", &Ctx { year: 2024, period: Period::H1 }).remove(0).fix;
        assert_eq!(fix.as_deref(), Some("突出抓好"));
        assert_eq!(rule("突出抓好突出抓好突出抓好党建", Period::H1, "doubled"), ["突出抓好突出抓好突出抓好"]);
        for ok in ["的的确确", "不了了之", "对情况进行了了解", "以达到目的的活动", "实实在在", "一步一步", "层层压实", "方方面面", "常常", "谈心谈话", "家家户户", "提升基层党组织组织力", "按时组织组织生活会", "梳理突出问题问题清单", "位于于都县", "乘坐的的士"] {
            assert!(rule(ok, Period::H1, "doubled").is_empty(), "{ok}");
        }
    }

    #[test]
    fn period_wording_follows_the_version() {
        assert_eq!(rule("全年共召开支委会12次", Period::H1, "period-wording"), ["全年"]);
        assert_eq!(rule("一年来，我们坚持", Period::H1, "period-wording"), ["一年来"]);
        assert!(rule("确保全年目标任务圆满完成，全力完成全年各项任务，预计全年可实现收入", Period::H1, "period-wording").is_empty());
        assert!(rule("全年共召开支委会12次", Period::Year, "period-wording").is_empty());
        assert_eq!(rule("上半年共召开支委会6次，半年来", Period::Year, "period-wording"), ["上半年", "半年来"]);
        assert!(rule("较上半年增加3次，上半年和下半年各1次，下半年来", Period::Year, "period-wording").is_empty());
    }

    #[test]
    fn stray_years() {
        assert_eq!(rule("2022年以前的旧账，2021年召开", Period::H1, "stray-year"), ["2022", "2021"]);
        assert_eq!(rule("现将2022上半年工作总结如下", Period::H1, "stray-year"), ["2022"]);
        for ok in ["2024年", "较2023年", "2025年工作打算", "自2018年以来", "到2027年", "2021—2025年", "1921年建党", "2035年远景目标", "共2022名", "1.2022年"] {
            assert!(rule(ok, Period::H1, "stray-year").is_empty(), "{ok}");
        }
    }

    #[test]
    fn numbers_that_cannot_be_right() {
        assert_eq!(rule("召开会议2.5次", Period::H1, "figure-sanity"), ["2.5"]);
        assert_eq!(rule("参学率达105%", Period::H1, "figure-sanity"), ["105"]);
        for ok in ["1.5万元", "提高1.5个百分点", "同比增长150%", "参学率100%", "3.0次", "占比98.5%"] {
            assert!(rule(ok, Period::H1, "figure-sanity").is_empty(), "{ok}");
        }
    }
}
