//! The figure catalogue of a report kind: which figures exist, their Chinese
//! label, unit, kind and the block they belong to. It is data shipped in
//! `templates/<kind>/figures.toml` (overridable entry by entry), read by the
//! loader to type a sheet's figures and by the phrase bank to word them.

use serde::Deserialize;

/// How a figure behaves across the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Counted per half; the full year is the sum (学习次数, 发展党员).
    Flow,
    /// A count at a date, given per period end (党员总数).
    Stock,
    /// Unchanged through the year (党组织数).
    Constant,
}

/// One catalogue entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    /// Chinese label, e.g. 党委理论学习中心组集体学习.
    pub label: String,
    /// Unit written after the value, e.g. 次, 名, 万元.
    pub unit: String,
    /// Flow, stock or constant.
    pub kind: Kind,
    /// Key of the block this figure is reported in.
    pub block: String,
    /// Whether the value must be a whole number (counts).
    #[serde(default = "yes")]
    pub integer: bool,
    /// For a breakdown (发展党员中35岁以下): the figure it is a part of.
    #[serde(default)]
    pub part_of: Option<String>,
    /// Sentence patterns for the phrase bank; `{v}` is the value, `{unit}` the unit.
    #[serde(default)]
    pub say: Vec<String>,
    /// Patterns for village/community sheets (no 党委, no 各支部), if different.
    #[serde(default)]
    pub say_village: Vec<String>,
    /// A stock that builds up over the year (村集体经济收入超过10万元的村):
    /// its 上半年 value is compared only with last year's 上半年 value,
    /// never with last year's year-end result.
    #[serde(default)]
    pub cumulative: bool,
    /// Which way is good news: a fall of a figure whose `better` is not
    /// `up` (fewer disputes to resolve, fewer weak organisations to fix) is
    /// never drafted as a weakness.
    #[serde(default)]
    pub better: Better,
}

/// Which way a figure's change is good news.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// More is better (学习、会议、发展党员…).
    #[default]
    Up,
    /// Fewer is better (案件、信访).
    Down,
    /// Neither: the count follows need (化解纠纷、整顿软弱涣散).
    Either,
}

fn yes() -> bool {
    true
}

/// A block of the report that auto-generated sentences are grouped in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockDef {
    /// Heading used when the block is generated from figures alone.
    pub title: String,
}

/// All entries of a report kind, in file order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Figures, in the order the catalogue lists them.
    pub figures: Vec<(String, FigureDef)>,
    /// Blocks, in the order the catalogue lists them.
    pub blocks: Vec<(String, BlockDef)>,
    /// How ledger rows name kinds and columns (`ledger.toml`).
    pub kinds: super::kinds::KindTerms,
}

/// A catalogue file as written: `[figures.<key>]` and `[blocks.<key>]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    #[serde(default)]
    figures: toml::Table,
    #[serde(default)]
    blocks: toml::Table,
}

impl Catalogue {
    /// Parses a catalogue file. `name` is used in error messages.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut cat = Catalogue::default();
        cat.merge(file)?;
        Ok(cat)
    }

    /// Overlays another catalogue file: its entries replace same-key entries
    /// (keeping their position) and new keys are appended.
    pub fn overlay(&mut self, text: &str) -> Result<(), String> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| e.to_string())?;
        self.merge(file)
    }

    fn merge(&mut self, file: CatalogueFile) -> Result<(), String> {
        for (key, v) in file.figures {
            let def: FigureDef = v.try_into().map_err(|e: toml::de::Error| format!("figures.{key}：{e}"))?;
            upsert(&mut self.figures, key, def);
        }
        for (key, v) in file.blocks {
            let def: BlockDef = v.try_into().map_err(|e: toml::de::Error| format!("blocks.{key}：{e}"))?;
            upsert(&mut self.blocks, key, def);
        }
        Ok(())
    }

    /// The entry of a figure key.
    pub fn figure(&self, key: &str) -> Option<&FigureDef> {
        self.figures.iter().find(|(k, _)| k == key).map(|(_, d)| d)
    }

    /// The entry of a block key.
    pub fn block(&self, key: &str) -> Option<&BlockDef> {
        self.blocks.iter().find(|(k, _)| k == key).map(|(_, d)| d)
    }

    /// Position of a figure in the catalogue (unknown keys sort last).
    pub fn rank(&self, key: &str) -> usize {
        self.figures.iter().position(|(k, _)| k == key).unwrap_or(usize::MAX)
    }

    /// The entry whose Chinese label is `label` (a label is an alias of its key).
    pub fn figure_by_label(&self, label: &str) -> Option<(&String, &FigureDef)> {
        let label = label.trim();
        self.figures.iter().find(|(_, d)| d.label == label).map(|(k, d)| (k, d))
    }

    /// The figure closest in spelling to `name` (a key or a Chinese label),
    /// for "did you mean": its key and label.
    pub fn closest(&self, name: &str) -> Option<(&str, &str)> {
        let near = |candidate: &str| {
            let d = edit_distance(candidate, name);
            let n = candidate.chars().count();
            let limit = if candidate.is_ascii() { 2.max(n / 3) } else { 1.max(n / 3) };
            (d <= limit).then_some(d)
        };
        self.figures
            .iter()
            .filter_map(|(k, d)| near(k).into_iter().chain(near(&d.label)).min().map(|dist| (dist, k.as_str(), d.label.as_str())))
            .min()
            .map(|(_, k, l)| (k, l))
    }
}

fn upsert<T>(list: &mut Vec<(String, T)>, key: String, value: T) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => list.push((key, value)),
    }
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAT: &str = r#"
[figures.a]
label = "甲"
unit = "次"
kind = "flow"
block = "x"
[figures.b]
label = "乙"
unit = "名"
kind = "stock"
block = "x"
[blocks.x]
title = "块"
"#;

    #[test]
    fn overlay_replaces_in_place_and_appends() {
        let mut c = Catalogue::parse(CAT).unwrap();
        c.overlay("[figures.a]\nlabel='新甲'\nunit='场'\nkind='flow'\nblock='x'\n[figures.c]\nlabel='丙'\nunit='个'\nkind='constant'\nblock='x'").unwrap();
        let keys: Vec<_> = c.figures.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(c.figure("a").unwrap().unit, "场");
        assert_eq!(c.figure("b").unwrap().label, "乙");
    }

    #[test]
    fn closest_suggests_typos_only() {
        let c = Catalogue::parse(&CAT.replace("figures.a]", "figures.new_members]")).unwrap();
        assert_eq!(c.closest("new_member").map(|c| c.0), Some("new_members"));
        assert_eq!(c.closest("乙乙").map(|c| c.0), Some("b"));
        assert_eq!(c.closest("zzzzzzzz"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
