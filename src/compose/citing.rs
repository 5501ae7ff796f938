//! The year's activities as the report's facts: the [`Citer`] holds one
//! version's rows (`DataSheet::activities_in`) and writes them in the
//! clerk's own words — month, theme, what was done, how many took part —
//! under the figure they count toward (“其中，3月，……；7月，……。”) or as
//! a section's practice when they count toward none. Which rows are cited
//! follows `writing.toml` `[cite]`: key rows first, then a few others
//! spread over the months. Nothing is reworded but a trailing 。.

use serde::Deserialize;

use crate::data::{Activity, Catalogue};

/// How many rows are cited (`writing.toml` `[cite]`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CiteRule {
    /// Key rows cited per figure or block, at most.
    pub keys: usize,
    /// Other rows cited per figure or block besides the key rows, spread over the months.
    pub others: usize,
}

impl Default for CiteRule {
    fn default() -> CiteRule {
        CiteRule { keys: 3, others: 2 }
    }
}

/// One version's activities and which of them the text has used.
#[derive(Debug, Default)]
pub struct Citer<'a> {
    rows: Vec<&'a Activity>,
    used: Vec<bool>,
    rule: CiteRule,
}

impl<'a> Citer<'a> {
    /// A citer over a version's rows (in date order).
    pub fn new(rows: Vec<&'a Activity>, rule: CiteRule) -> Citer<'a> {
        let used = vec![false; rows.len()];
        Citer { rows, used, rule }
    }

    /// How many rows have been used so far.
    pub fn used(&self) -> usize {
        self.used.iter().filter(|u| **u).count()
    }

    /// Whether a figure has rows not yet used.
    pub fn has(&self, key: &str) -> bool {
        self.rows.iter().zip(&self.used).any(|(a, u)| !u && a.figure() == Some(key))
    }

    /// The examples of a figure whose value is `total`, “其中，3月，……；
    /// 7月，……。” (no 其中 when they are all of it), marking all its rows
    /// used (those left out are summed in the figure already).
    pub fn for_figure(&mut self, key: &str, total: Option<f64>) -> Option<String> {
        let idx: Vec<usize> = (0..self.rows.len()).filter(|&i| !self.used[i] && self.rows[i].figure() == Some(key)).collect();
        let chosen = self.choose(&idx);
        for i in idx {
            self.used[i] = true;
        }
        let all = total.is_some_and(|t| (t - chosen.iter().map(|&i| self.rows[i].count).sum::<f64>()).abs() < 1e-9);
        (!chosen.is_empty()).then(|| format!("{}{}。", if all { "" } else { "其中，" }, self.join(&chosen)))
    }

    /// The rows no figure has used, by the block their practice belongs to
    /// (None: a custom figure of no block), in catalogue block order; each
    /// block's chosen rows written as one sentence. Marks them used.
    pub fn by_block(&mut self, cat: &Catalogue) -> Vec<(Option<String>, String)> {
        let mut blocks: Vec<Option<String>> = cat.blocks.iter().map(|(k, _)| Some(k.clone())).collect();
        blocks.push(None);
        let mut out = Vec::new();
        for b in blocks {
            let idx: Vec<usize> = (0..self.rows.len()).filter(|&i| !self.used[i] && self.rows[i].block(cat).map(str::to_string) == b).collect();
            let chosen = self.choose(&idx);
            for &i in &idx {
                self.used[i] = true;
            }
            if !chosen.is_empty() {
                out.push((b, format!("{}。", self.join(&chosen))));
            }
        }
        out
    }

    /// Key rows first (at most `keys`), then up to `others` more spread
    /// over the months; written in date order.
    fn choose(&self, idx: &[usize]) -> Vec<usize> {
        let (keys, rest): (Vec<usize>, Vec<usize>) = idx.iter().partition(|&&i| self.rows[i].key);
        let mut chosen: Vec<usize> = keys.into_iter().take(self.rule.keys).collect();
        let n = self.rule.others.min(rest.len());
        // The middle row of each of n equal stretches of the year's rows:
        // for two of seven, the 2nd and the 6th (not two from March).
        let mut spread: Vec<usize> = (0..n).map(|k| rest[(2 * k + 1) * rest.len() / (2 * n)]).collect();
        spread.dedup();
        chosen.extend(spread);
        chosen.sort_unstable(); // rows are in date order
        // A row entered twice (same month, theme and text) is cited once.
        let mut seen: Vec<String> = Vec::new();
        chosen.retain(|&i| {
            let c = cite(self.rows[i]);
            let new = !seen.contains(&c);
            seen.push(c);
            new
        });
        chosen
    }

    fn join(&self, idx: &[usize]) -> String {
        idx.iter().map(|&i| cite(self.rows[i])).collect::<Vec<_>>().join("；")
    }
}

/// One row in the clerk's words: “3月，围绕“学雷锋当先锋”主题，各支部组织
/// 党员开展志愿服务，参加45人”.
pub fn cite(a: &Activity) -> String {
    let text = a.text.trim().trim_end_matches(['。', '；', '，', ';', ',', '.']).trim();
    let mut s = format!("{}月，", a.month);
    if let Some(t) = a.theme.as_deref().map(str::trim).filter(|t| !t.is_empty() && !text.contains(*t)) {
        let quoted = t.starts_with(['“', '《', '"', '「']);
        // Quotes inside a quoted theme become single quotes (“关于‘三农’工作”).
        let t = if quoted { t.to_string() } else { format!("“{}”", t.replace('“', "‘").replace('”', "’")) };
        let bare = t.trim_end_matches(['”', '》', '"', '」']);
        let tail = if bare.ends_with("主题") || bare.ends_with("专题") || t.ends_with('》') { "" } else { "主题" };
        s.push_str(&format!("围绕{t}{tail}，"));
    }
    s.push_str(text);
    if let Some(p) = a.people.filter(|p| *p > 0 && !text.contains(&format!("{p}人")) && !text.contains(&format!("{p}名"))) {
        s.push_str(&format!("，参加{p}人"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{ActivityKind, Half};

    fn row(month: u32, kind: &str, theme: Option<&str>, text: &str, people: Option<u32>, key: bool) -> Activity {
        Activity {
            date: None,
            month,
            half: Half::of_month(month),
            kind: ActivityKind::Figure(kind.into()),
            kind_label: kind.into(),
            theme: theme.map(String::from),
            text: text.into(),
            people,
            count: 1.0,
            counted: true,
            key,
            origin: String::new(),
        }
    }

    #[test]
    fn a_row_is_cited_in_the_clerks_words() {
        let a = row(3, "theme_days", Some("学雷锋当先锋 助力发展做贡献"), "各支部组织党员开展环境整治、政策宣传等志愿服务。", Some(45), false);
        assert_eq!(cite(&a), "3月，围绕“学雷锋当先锋 助力发展做贡献”主题，各支部组织党员开展环境整治、政策宣传等志愿服务，参加45人");
        // A theme the text already names, a quoted theme, a count the text already says.
        assert_eq!(cite(&row(5, "x", Some("清明祭英烈"), "开展清明祭英烈活动", None, false)), "5月，开展清明祭英烈活动");
        assert_eq!(cite(&row(5, "x", Some("《党纪学习教育》专题"), "集中学习", None, false)), "5月，围绕《党纪学习教育》专题，集中学习");
        assert_eq!(cite(&row(7, "x", Some("七一主题"), "重温入党誓词，32名党员参加", Some(32), false)), "7月，围绕“七一主题”，重温入党誓词，32名党员参加");
        assert_eq!(cite(&row(11, "x", Some("学习关于“三农”工作的重要论述"), "专题学习", None, false)), "11月，围绕“学习关于‘三农’工作的重要论述”主题，专题学习");
    }

    #[test]
    fn rows_no_figure_used_go_to_their_blocks_in_catalogue_order() {
        let cat = Catalogue::parse(include_str!("../../templates/dangjian/figures.toml")).unwrap();
        let mut block = row(5, "x", None, "对4个村开展“三会一课”台账专项检查", None, false);
        block.kind = ActivityKind::Block("organization".into());
        let rows = [row(9, "visits", None, "入户走访", None, false), block, row(3, "theory_study", None, "集中学习", None, false)];
        let mut c = Citer::new(rows.iter().collect(), CiteRule::default());
        // One row that is all of its figure: no 其中.
        assert_eq!(c.for_figure("theory_study", Some(1.0)).as_deref(), Some("3月，集中学习。"));
        let rest = c.by_block(&cat);
        let blocks: Vec<Option<&str>> = rest.iter().map(|(b, _)| b.as_deref()).collect();
        assert_eq!(blocks, [Some("organization"), Some("governance")]);
        assert_eq!(rest[0].1, "5月，对4个村开展“三会一课”台账专项检查。");
        assert_eq!(c.used(), 3);
        assert!(c.by_block(&cat).is_empty(), "each row once");
    }

    #[test]
    fn key_rows_chosen_first_then_spread_over_the_months_in_date_order() {
        let rows: Vec<Activity> = (1..=12).map(|m| row(m, "theme_days", None, &format!("第{m}次"), None, m == 9)).collect();
        let mut c = Citer::new(rows.iter().collect(), CiteRule { keys: 3, others: 2 });
        assert!(c.has("theme_days") && !c.has("visits"));
        let s = c.for_figure("theme_days", Some(24.0)).unwrap();
        assert_eq!(s, "其中，3月，第3次；9月，第9次；10月，第10次。");
        assert!(!c.has("theme_days") && c.for_figure("theme_days", None).is_none(), "each row once");
        // A row entered twice is cited once.
        let twice = [row(2, "trainings", None, "春季集中轮训", Some(860), true), row(2, "trainings", None, "春季集中轮训", Some(860), true)];
        let mut c = Citer::new(twice.iter().collect(), CiteRule::default());
        assert_eq!(c.for_figure("trainings", None).as_deref(), Some("其中，2月，春季集中轮训，参加860人。"));
    }
}
