//! Word-list rules: fixed terms typed wrong ([`Rule::FixedTerm`], from
//! `templates/lint/terms.toml`) and terms of an earlier year
//! ([`Rule::StaleTerm`], from `templates/lint/stale.toml`), plus the one
//! fixed-term slip a list cannot hold: a year glued to 上半年 without 年.
//! The lists are data, read once per process.

use std::sync::OnceLock;

use serde::Deserialize;

use super::chars::{Ctx, end};
use super::{Hit, Rule};

/// One wrong form of a fixed term.
#[derive(Debug, Deserialize)]
pub struct Wrong {
    /// The wrong form.
    pub wrong: String,
    /// The right form.
    pub right: String,
    /// Characters that, right after the wrong form, make it right (上年年底).
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Characters that, right before it, make it right.
    #[serde(default)]
    pub not_after: Vec<String>,
}

/// A term current until a year.
#[derive(Debug, Deserialize)]
pub struct Stale {
    /// The term.
    pub term: String,
    /// Last year it was current (none: still current).
    #[serde(default)]
    pub until: Option<i32>,
    /// First year it was current (none: always was).
    #[serde(default)]
    pub from: Option<i32>,
    /// Why it is stale, in Chinese.
    pub note: String,
    /// Longer phrases containing the term that stay right later.
    #[serde(default)]
    pub allow: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Lists {
    #[serde(default)]
    wrong: Vec<Wrong>,
    #[serde(default)]
    stale: Vec<Stale>,
}

/// The built-in lists (parsed once; a broken built-in list is a build bug, caught by the tests).
fn lists() -> &'static (Vec<Wrong>, Vec<Stale>) {
    static LISTS: OnceLock<(Vec<Wrong>, Vec<Stale>)> = OnceLock::new();
    LISTS.get_or_init(|| {
        let parse = |s: &str| toml::from_str::<Lists>(s).unwrap_or(Lists { wrong: Vec::new(), stale: Vec::new() });
        let terms = parse(include_str!("../../templates/lint/terms.toml"));
        let stale = parse(include_str!("../../templates/lint/stale.toml"));
        (terms.wrong, stale.stale)
    })
}

/// Runs the word-list rules.
pub fn scan(s: &str, cs: &[(usize, char)], ctx: &Ctx, out: &mut Vec<Hit>) {
    let (wrong, stale) = lists();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for w in wrong {
        for (i, m) in s.match_indices(&w.wrong) {
            let range = i..i + m.len();
            let next = &s[range.end..];
            let prev = &s[..range.start];
            if w.not_before.iter().any(|x| next.starts_with(x.as_str())) || w.not_after.iter().any(|x| prev.ends_with(x.as_str())) {
                continue;
            }
            if taken.iter().any(|t| t.start < range.end && range.start < t.end) {
                continue;
            }
            taken.push(range.clone());
            out.push(Hit::new(Rule::FixedTerm, range, format!("“{}”应为“{}”", w.wrong, w.right), format!("改为“{}”", w.right)).fix(w.right.clone()));
        }
    }
    glued_year(s, cs, out);
    let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
    // A campaign of next year may be planned in this year's report: early only from two years before.
    let early = |t: &Stale| t.from.is_some_and(|f| ctx.year < f - 1);
    for t in stale.iter().filter(|t| t.until.is_some_and(|u| ctx.year > u) || early(t)) {
        let early = early(t);
        for (i, m) in s.match_indices(&t.term) {
            let range = i..i + m.len();
            let allowed = t.allow.iter().any(|a| {
                let offset = a.find(&t.term).unwrap_or(0);
                i >= offset && s[i - offset..].starts_with(a.as_str())
            });
            if allowed || seen.iter().any(|r| r.start < range.end && range.start < r.end) {
                continue;
            }
            seen.push(range.clone());
            if early {
                let from = t.from.unwrap_or(ctx.year);
                out.push(Hit::new(Rule::StaleTerm, range, format!("“{}”自{from}年起才有，{}年的报告中出现（{}）", t.term, ctx.year, t.note), "核对报告年度，或是否用了别的年份的材料"));
                continue;
            }
            out.push(Hit::new(Rule::StaleTerm, range, format!("“{}”是往年的提法，{}年的报告中不宜作为当年工作（{}）", t.term, ctx.year, t.note), "如是回顾以往可以保留；否则请换成当年的提法或删去"));
        }
    }
}

/// 2024上半年 / 2024全年: a year glued to the period without 年.
fn glued_year(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    for k in 0..cs.len() {
        let digits = cs[k..].iter().take_while(|c| c.1.is_ascii_digit()).count();
        let first = k == 0 || !cs[k - 1].1.is_ascii_digit();
        if digits != 4 || !first {
            continue;
        }
        let rest = &s[end(s, cs, k + 3)..];
        if let Some(word) = ["上半年", "下半年", "全年", "年度"].into_iter().find(|w| rest.starts_with(w)) {
            if word == "年度" {
                continue; // 2024年度 is fine; 2024度 does not occur
            }
            let year = &s[cs[k].0..end(s, cs, k + 3)];
            let range = cs[k].0..end(s, cs, k + 3) + word.len();
            out.push(Hit::new(Rule::FixedTerm, range, format!("“{year}{word}”缺少“年”"), format!("改为“{year}年{word}”")).fix(format!("{year}年{word}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Period;

    fn hits(s: &str, year: i32) -> Vec<(&'static str, String, Option<String>)> {
        let cs: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        scan(s, &cs, &Ctx { year, period: Period::Year }, &mut out);
        out.into_iter().map(|h| (h.rule.id(), s[h.range].to_string(), h.fix)).collect()
    }

    #[test]
    fn lists_parse_and_are_sane() {
        let (wrong, stale) = lists();
        assert!(wrong.len() >= 30 && stale.len() >= 15, "{} {}", wrong.len(), stale.len());
        for w in wrong {
            assert_ne!(w.wrong, w.right);
            assert!(!w.right.contains(&w.wrong) || !w.not_before.is_empty(), "{} would match its own fix", w.wrong);
        }
        for t in stale {
            for a in &t.allow {
                assert!(a.contains(&t.term), "{a} does not contain {}", t.term);
            }
        }
    }

    #[test]
    fn wrong_terms_are_fixed_and_exceptions_kept() {
        assert_eq!(hits("达到一阵见血的效果", 2024), [("fixed-term", "一阵见血".into(), Some("一针见血".into()))]);
        assert_eq!(hits("现将2022上半年工作总结如下", 2022), [("fixed-term", "2022上半年".into(), Some("2022年上半年".into()))]);
        assert!(hits("截至上年年底，全镇共有党员", 2024).is_empty());
        assert!(hits("2024年上半年、2024年度", 2024).is_empty());
        assert!(hits("认真落实三会一课制度，对工作作出部署，加强工作作风建设", 2024).is_empty());
    }

    #[test]
    fn stale_terms_by_year_and_successors_kept() {
        assert_eq!(hits("深入开展扫黑除恶专项斗争", 2023)[0].0, "stale-term");
        assert!(hits("深入开展扫黑除恶专项斗争", 2020).is_empty());
        assert!(hits("常态化开展扫黑除恶斗争", 2024).is_empty());
        assert!(hits("巩固拓展脱贫攻坚成果同乡村振兴有效衔接", 2024).is_empty());
        // The exception is the exact formula: a garbled one is still stale.
        assert_eq!(hits("巩固脱贫攻坚同乡村振兴有效衔接", 2023).len(), 1);
        // A campaign before its year.
        assert_eq!(hits("扎实开展党纪学习教育", 2022)[0].0, "stale-term");
        assert!(hits("扎实开展党纪学习教育", 2024).is_empty());
        assert!(hits("2024年扎实开展党纪学习教育", 2023).is_empty(), "next year's plans may name it");
        assert_eq!(hits("把精力用于脱贫攻坚上", 2022).len(), 1);
        assert_eq!(hits("学习党的十九大精神", 2023).len(), 1);
        assert!(hits("党的十九大以来", 2023).is_empty());
        assert_eq!(hits("认真组织先进性教育活动", 2022).len(), 1);
    }
}
