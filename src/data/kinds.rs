//! The ledger's vocabulary: how a clerk names an activity's kind (主题党日 for
//! 主题党日活动, 中心组学习, 组织建设…) and what a ledger column may be headed.
//! Data in `templates/dangjian/ledger.toml`, held by the [`Catalogue`]; the
//! loader resolves each `[[activity]]` and ledger row's kind through
//! [`KindTerms::resolve`] into the figure or block it belongs to.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::catalogue::{Catalogue, Kind, edit_distance};
use super::figures::FigureSet;

/// What an activity counts toward.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum ActivityKind {
    /// A flow figure of the catalogue or a custom figure (its key): the row counts toward it.
    Figure(String),
    /// A catalogue block (politics, organization, members, integrity,
    /// governance): the row is a practice of the block and counts toward no figure.
    Block(String),
}

/// What a ledger row of a figure adds to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountRule {
    /// Each row counts 1 (次, 场, 期, 件).
    #[default]
    Rows,
    /// Each row adds its 参加人数 (人次).
    People,
    /// Each row adds its 数量; rows without one are not counted (户, 名, 万元).
    Given,
}

/// One figure's ledger entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureTerms {
    /// Short forms a clerk writes for the kind.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What a row adds (default: people for 人次 figures, else rows).
    #[serde(default)]
    pub count: Option<CountRule>,
}

/// One block's ledger entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockTerms {
    /// The block's Chinese name (政治建设).
    pub name: String,
    /// Other names of rows that belong to the block but to no figure.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The ledger's vocabulary of a report kind.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindTerms {
    /// Column role (date, kind, theme, text, people, count, key) → header names.
    #[serde(default)]
    pub columns: BTreeMap<String, Vec<String>>,
    /// Figure key → its terms.
    #[serde(default)]
    pub figures: BTreeMap<String, FigureTerms>,
    /// Block key → its terms.
    #[serde(default)]
    pub blocks: BTreeMap<String, BlockTerms>,
}

/// Why a kind could not be resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum KindError {
    /// No figure or block is called that; the closest name, if any.
    Unknown(Option<String>),
    /// A stock or constant figure: rows cannot count toward it. Its label and block name.
    NotCounted(String, String),
}

impl KindError {
    /// The message and hint of the error, in Chinese, for the kind as written.
    pub fn explain(&self, written: &str) -> (String, String) {
        match self {
            KindError::Unknown(Some(near)) => (format!("未知的类别“{written}”，是否想写“{near}”？"), "可写的类别见 zongjie figures（指标名称或简称），或写板块名称，如“组织建设”".into()),
            KindError::Unknown(None) => (format!("未知的类别“{written}”"), "可写的类别见 zongjie figures（指标名称或简称），或写板块名称：政治建设、组织建设、党员队伍建设、党风廉政建设、基层治理".into()),
            KindError::NotCounted(label, block) => (format!("“{label}”是时点数，不能由台账逐条计数"), format!("类别写具体活动（如“主题党日”），或写板块名称“{block}”"))
        }
    }
}

impl KindTerms {
    /// Parses `ledger.toml`.
    pub fn parse(text: &str) -> Result<KindTerms, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// How a figure's rows are counted.
    pub fn count_rule(&self, key: &str, unit: &str) -> CountRule {
        self.figures.get(key).and_then(|t| t.count).unwrap_or(if unit == "人次" { CountRule::People } else { CountRule::Rows })
    }

    /// The short forms of a figure (for `zongjie figures`).
    pub fn aliases(&self, key: &str) -> &[String] {
        self.figures.get(key).map_or(&[], |t| &t.aliases)
    }

    /// The Chinese name of a block (its key when the vocabulary lacks it).
    pub fn block_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.blocks.get(key).map_or(key, |b| b.name.as_str())
    }

    /// The kind a clerk's word names: a figure of the catalogue or the
    /// sheet's custom figures (by key, label or short form), else a block
    /// (by key, name or alias). Whitespace is ignored.
    pub fn resolve(&self, written: &str, cat: &Catalogue, figures: &FigureSet) -> Result<ActivityKind, KindError> {
        let w: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        let figure = |key: &str, label: &str, kind: Kind, block: Option<&str>| -> Result<ActivityKind, KindError> {
            if kind == Kind::Flow {
                Ok(ActivityKind::Figure(key.to_string()))
            } else {
                Err(KindError::NotCounted(label.to_string(), self.block_name(block.unwrap_or("organization")).to_string()))
            }
        };
        // A breakdown (35岁以下 of 发展党员) is not counted row by row.
        for (key, def) in cat.figures.iter().filter(|(_, d)| d.part_of.is_none()) {
            if *key == w || def.label == w || self.aliases(key).contains(&w) {
                return figure(key, &def.label, def.kind, Some(&def.block));
            }
        }
        for f in figures.iter().filter(|f| cat.figure(&f.key).is_none()) {
            if f.key == w || f.label == w {
                // A custom figure given no value at all is there to be counted: a flow.
                let unvalued = f.h1.is_none() && f.h2.is_none() && f.year.is_none();
                return figure(&f.key, &f.label, if unvalued { Kind::Flow } else { f.kind }, f.block.as_deref());
            }
        }
        for (key, _) in &cat.blocks {
            let terms = self.blocks.get(key);
            if *key == w || terms.is_some_and(|t| t.name == w || t.aliases.contains(&w)) {
                return Ok(ActivityKind::Block(key.clone()));
            }
        }
        Err(KindError::Unknown(self.closest(&w, cat, figures)))
    }

    /// Every name a kind may be written as, preferred spelling first within each entry.
    fn names<'a>(&'a self, cat: &'a Catalogue, figures: &'a FigureSet) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for (key, def) in cat.figures.iter().filter(|(_, d)| d.kind == Kind::Flow && d.part_of.is_none()) {
            out.extend(self.aliases(key).iter().map(String::as_str));
            out.push(&def.label);
        }
        out.extend(figures.iter().filter(|f| cat.figure(&f.key).is_none() && f.kind == Kind::Flow).map(|f| f.label.as_str()));
        for b in self.blocks.values() {
            out.push(&b.name);
            out.extend(b.aliases.iter().map(String::as_str));
        }
        out
    }

    /// The name closest to `w`, within the near-miss distance the catalogue uses.
    fn closest(&self, w: &str, cat: &Catalogue, figures: &FigureSet) -> Option<String> {
        let n = w.chars().count();
        let limit = 1.max(n / 3);
        self.names(cat, figures)
            .into_iter()
            .map(|name| (edit_distance(name, w), name))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, name)| name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> Catalogue {
        crate::compose::Templates::builtin().unwrap().catalogue
    }

    #[test]
    fn short_forms_labels_keys_and_blocks() {
        let cat = setup();
        let t = &cat.kinds;
        let none = FigureSet::default();
        for (w, want) in [("主题党日", "theme_days"), ("主题党日活动", "theme_days"), ("theme_days", "theme_days"), ("中心组学习", "theory_study"), ("党课", "party_lectures"), (" 走 访 ", "visits")] {
            assert_eq!(t.resolve(w, &cat, &none), Ok(ActivityKind::Figure(want.into())), "{w}");
        }
        assert_eq!(t.resolve("组织建设", &cat, &none), Ok(ActivityKind::Block("organization".into())));
        assert_eq!(t.resolve("志愿服务", &cat, &none), Ok(ActivityKind::Block("governance".into())));
        assert_eq!(t.count_rule("integrity_talks", "人次"), CountRule::People);
        assert_eq!(t.count_rule("theme_days", "次"), CountRule::Rows);
        assert_eq!(t.count_rule("visits", "户"), CountRule::Given);
    }

    #[test]
    fn the_vocabulary_names_each_thing_once() {
        let cat = setup();
        let t = &cat.kinds;
        let mut seen: Vec<&str> = cat.figures.iter().map(|(_, d)| d.label.as_str()).collect();
        for (k, f) in &t.figures {
            assert!(cat.figure(k).is_some(), "ledger.toml names unknown figure {k}");
            seen.extend(f.aliases.iter().map(String::as_str));
        }
        for (k, b) in &t.blocks {
            assert!(cat.block(k).is_some(), "ledger.toml names unknown block {k}");
            seen.push(&b.name);
            seen.extend(b.aliases.iter().map(String::as_str));
        }
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        let dup: Vec<_> = sorted.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
        assert!(dup.is_empty(), "names given twice: {dup:?}");
    }

    #[test]
    fn near_misses_and_stock_figures() {
        let cat = setup();
        let none = FigureSet::default();
        assert_eq!(cat.kinds.resolve("主题当日", &cat, &none), Err(KindError::Unknown(Some("主题党日".into()))));
        assert_eq!(cat.kinds.resolve("打篮球比赛", &cat, &none), Err(KindError::Unknown(None)));
        assert!(matches!(cat.kinds.resolve("党员总数", &cat, &none), Err(KindError::NotCounted(..))));
    }
}
