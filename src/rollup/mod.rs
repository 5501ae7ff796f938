//! The county roll-up: one table of every unit's figures for a period, one
//! group per level (a township's row is never added to its villages'), each
//! with its total, rows in pinyin order, and notes on what was left out. Built from loaded sheets ([`RollupTable`]), then written as
//! `.xlsx` ([`xlsx`]), `.csv` ([`csv`]) or, through the [`Document`] table
//! block, in any report format. Missing figures stay empty, never 0.

pub mod csv;
mod order;
pub mod xlsx;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::data::{Catalogue, DataSheet, Period, format_number};
use crate::doc::{Block, Document, FormatProfile, Inline, Meta, Paragraph, Table, text_cells};

/// A figure column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Figure key.
    pub key: String,
    /// Chinese label.
    pub label: String,
    /// Unit.
    pub unit: String,
}

impl Column {
    /// Header text: 发展党员（名）.
    pub fn header(&self) -> String {
        if self.unit.is_empty() { self.label.clone() } else { format!("{}（{}）", self.label, self.unit) }
    }
}

/// One unit's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Unit (area) name.
    pub unit: String,
    /// A value per column; None where the sheet does not give it.
    pub values: Vec<Option<f64>>,
}

/// The units of one level (乡镇（街道）, 村（社区）…): levels are never added
/// together, each has its own total.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The level's name, e.g. 村（社区）.
    pub name: String,
    /// Its units, in pinyin order of their names.
    pub rows: Vec<Row>,
    /// Column sums over the units that give a value (None if none does).
    pub totals: Vec<Option<f64>>,
}

/// A line of the table body: a unit or a group's total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    /// The unit's name, or 合计 / 村（社区）合计.
    pub label: &'a str,
    /// A value per column.
    pub values: &'a [Option<f64>],
    /// A total line (set in bold).
    pub total: bool,
}

/// The roll-up of many sheets for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupTable {
    /// Title, e.g. 示例县2024年上半年党建工作主要指标汇总表.
    pub title: String,
    /// Report year.
    pub year: i32,
    /// Which period.
    pub period: Period,
    /// Figure columns: catalogue order, then custom figures by key.
    pub columns: Vec<Column>,
    /// One group per level: 乡镇（街道） first, then 村（社区）, then others.
    pub groups: Vec<Group>,
    /// What was left out and why (a unit given twice, a sheet that could
    /// not be read); printed under the table in every format.
    pub notes: Vec<String>,
    /// Latest 成文日期 among the sheets (for document dates; deterministic).
    pub date: NaiveDate,
    /// The groups' total labels (合计 alone when there is one level).
    total_labels: Vec<String>,
}

/// Where a level goes and what its group is called: townships (镇、乡、街道)
/// first, villages (村、社区) next, any other level after them by name.
fn level_group(level: &str) -> (u8, String) {
    match level {
        "镇" | "乡" | "街道" => (0, "乡镇（街道）".into()),
        "村" | "社区" => (1, "村（社区）".into()),
        other => (2, other.to_string()),
    }
}

impl RollupTable {
    /// Builds the table. `name` prefixes the title (e.g. the county's folder
    /// name). A unit given by more than one sheet is left out, with a note
    /// naming the sheets: which copy is right is the user's call.
    pub fn build(name: &str, sheets: &[&DataSheet], cat: &Catalogue, period: Period) -> RollupTable {
        let mut notes = Vec::new();
        let mut by_unit: BTreeMap<&str, Vec<&DataSheet>> = BTreeMap::new();
        for s in sheets {
            by_unit.entry(s.area()).or_default().push(s);
        }
        for (unit, copies) in by_unit.iter().filter(|(_, c)| c.len() > 1) {
            let files: Vec<String> = copies.iter().map(|s| s.source.path.display().to_string()).collect();
            notes.push(format!("未计入{unit}：{} 是同一单位的数据表，请删去多余的一张后重新汇总", files.join(" 与 ")));
        }
        let sheets: Vec<&DataSheet> = sheets.iter().copied().filter(|s| by_unit[s.area()].len() == 1).collect();
        let year = sheets.first().map_or(0, |s| s.year());
        let mut columns: Vec<Column> = Vec::new();
        let mut keys: Vec<&str> = sheets.iter().flat_map(|s| s.figures.iter().map(|f| f.key.as_str())).collect();
        keys.sort_by(|a, b| cat.rank(a).cmp(&cat.rank(b)).then(a.cmp(b)));
        keys.dedup();
        for key in keys {
            let Some(f) = sheets.iter().find_map(|s| s.figures.get(key)) else { continue };
            // A breakdown names its whole: 发展党员中35岁以下.
            let label = match cat.figure(key).and_then(|d| d.part_of.as_deref()).and_then(|p| cat.figure(p)) {
                Some(whole) => format!("{}中{}", whole.label, f.label),
                None => f.label.clone(),
            };
            columns.push(Column { key: key.to_string(), label, unit: f.unit.clone() });
        }
        let mut levels: BTreeMap<(u8, String), Vec<Row>> = BTreeMap::new();
        for s in &sheets {
            let row = Row { unit: s.area().to_string(), values: columns.iter().map(|c| s.figures.get(&c.key).and_then(|f| f.value(period))).collect() };
            levels.entry(level_group(s.level())).or_default().push(row);
        }
        let groups: Vec<Group> = levels
            .into_iter()
            .map(|((_, name), mut rows)| {
                rows.sort_by_cached_key(|r| order::key(&r.unit));
                let totals = (0..columns.len())
                    .map(|i| {
                        let present: Vec<f64> = rows.iter().filter_map(|r| r.values[i]).collect();
                        (!present.is_empty()).then(|| present.iter().sum())
                    })
                    .collect();
                Group { name, rows, totals }
            })
            .collect();
        let total_labels = groups.iter().map(|g| if groups.len() == 1 { "合计".to_string() } else { format!("{}合计", g.name) }).collect();
        let fallback = NaiveDate::from_ymd_opt(year.max(1), if period == Period::H1 { 7 } else { 12 }, 1).unwrap_or_default();
        let date = sheets.iter().map(|s| s.date(period, fallback)).max().unwrap_or(fallback);
        let half = if period == Period::H1 { "上半年" } else { "" };
        RollupTable { title: format!("{name}{year}年{half}党建工作主要指标汇总表"), year, period, columns, groups, notes, date, total_labels }
    }

    /// Every unit row, all levels, in table order.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.groups.iter().flat_map(|g| &g.rows)
    }

    /// The body lines: each level's units, then its total when it has more
    /// than one unit. No line ever adds two levels together.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut out = Vec::new();
        for (g, label) in self.groups.iter().zip(&self.total_labels) {
            out.extend(g.rows.iter().map(|r| Line { label: &r.unit, values: &r.values, total: false }));
            if g.rows.len() > 1 {
                out.push(Line { label, values: &g.totals, total: true });
            }
        }
        out
    }

    /// Header row and body lines as text cells.
    pub fn cells(&self) -> Vec<Vec<String>> {
        let fmt = |v: &Option<f64>| v.map(format_number).unwrap_or_default();
        let mut out = vec![std::iter::once("单位".to_string()).chain(self.columns.iter().map(Column::header)).collect::<Vec<_>>()];
        for l in self.lines() {
            out.push(std::iter::once(l.label.to_string()).chain(l.values.iter().map(fmt)).collect());
        }
        out
    }

    /// The table as a Document for the report renderers. On a portrait
    /// page the table is turned: one row per figure, one column per body
    /// line; lines that do not fit the 28-cell line go to further tables,
    /// each repeating the figure column. The notes follow as paragraphs.
    pub fn document(&self, author: &str, format: &FormatProfile) -> Document {
        let fmt = |v: &Option<f64>| v.map(format_number).unwrap_or_default();
        let units: Vec<(String, Vec<String>)> = self.lines().iter().map(|l| (l.label.to_string(), l.values.iter().map(fmt).collect())).collect();
        let labels: Vec<String> = self.columns.iter().map(Column::header).collect();
        let label_w = labels.iter().map(|l| text_cells(l)).fold(text_cells("指标"), f32::max) + 0.5;
        let budget = format.chars_per_line as f32 - label_w;
        let mut blocks = Vec::new();
        let mut rest = units.as_slice();
        while !rest.is_empty() {
            let mut used = 0.0;
            let mut n = 0;
            for (name, vals) in rest {
                let w = vals.iter().map(|v| text_cells(v)).fold(text_cells(name), f32::max) + 0.5;
                if n > 0 && used + w > budget {
                    break;
                }
                used += w;
                n += 1;
            }
            let (chunk, tail) = rest.split_at(n);
            let mut rows = vec![std::iter::once("指标".to_string()).chain(chunk.iter().map(|(u, _)| u.clone())).collect::<Vec<_>>()];
            for (i, label) in labels.iter().enumerate() {
                rows.push(std::iter::once(label.clone()).chain(chunk.iter().map(|(_, v)| v[i].clone())).collect());
            }
            blocks.push(Block::Table(Table { rows }));
            rest = tail;
        }
        for n in &self.notes {
            blocks.push(Block::Paragraph(Paragraph { run_in: None, inlines: vec![Inline::Text(format!("注：{n}。"))] }));
        }
        Document {
            title: self.title.clone(),
            meta: Meta { author: author.to_string(), area: String::new(), year: self.year, kind: "党建工作主要指标汇总表".into(), period: self.period, date: self.date },
            blocks,
            format: format.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::SourceFile;

    fn sheet(area: &str, figures: &str) -> DataSheet {
        let text = format!("[unit]\nname = \"中共{area}委员会\"\narea = \"{area}\"\n[report]\nyear = 2024\ndate = {{ h1 = 2024-07-0{}, year = 2024-12-20 }}\n[figures]\n{figures}", area.chars().count());
        DataSheet::from_text(SourceFile::new(format!("{area}.toml"), text), &crate::compose::Templates::builtin().unwrap().catalogue).unwrap()
    }

    #[test]
    fn totals_sum_present_values_and_missing_stay_empty() {
        let cat = crate::compose::Templates::builtin().unwrap().catalogue;
        let a = sheet("甲村", "members = { h1 = 40, year = 42 }\nnew_members = [1, 2]\n");
        let b = sheet("乙家村", "new_members = [0, 1]\n[figures.custom.wells]\nlabel = \"打井\"\nunit = \"口\"\nvalue = [3, 4]\n");
        let t = RollupTable::build("示例县", &[&a, &b], &cat, Period::Year);
        assert_eq!(t.title, "示例县2024年党建工作主要指标汇总表");
        let cells = t.cells();
        assert_eq!(cells[0], ["单位", "党员总数（名）", "发展党员（名）", "打井（口）"]);
        assert_eq!(cells[1], ["甲村", "42", "3", ""]);
        assert_eq!(cells[2], ["乙家村", "", "1", "7"]);
        assert_eq!(cells[3], ["合计", "42", "4", "7"]);
        let h1 = RollupTable::build("", &[&a, &b], &cat, Period::H1);
        assert_eq!(h1.cells()[3], ["合计", "40", "1", "3"]);
        assert_eq!(h1.date, NaiveDate::from_ymd_opt(2024, 7, 3).unwrap());
        // The page version is turned: a row per figure, a column per unit, total last.
        let doc = t.document("示例县", &FormatProfile::default());
        let Block::Table(table) = &doc.blocks[0] else { panic!("a table") };
        assert_eq!(table.rows[0], ["指标", "甲村", "乙家村", "合计"]);
        assert_eq!(table.rows[3], ["打井（口）", "", "7", "7"]);
        let narrow = FormatProfile { chars_per_line: 12, ..FormatProfile::default() };
        let doc = t.document("示例县", &narrow);
        assert!(doc.blocks.len() > 1, "units that do not fit go to a further table");
        let firsts: Vec<String> = doc.blocks.iter().flat_map(|b| match b { Block::Table(t) => t.rows[0][1..].to_vec(), _ => vec![] }).collect();
        assert_eq!(firsts, ["甲村", "乙家村", "合计"]);
    }

    #[test]
    fn levels_are_never_added_together_and_copies_are_left_out() {
        let cat = crate::compose::Templates::builtin().unwrap().catalogue;
        let town = sheet("丙镇", "new_members = [3, 10]\n");
        let a = sheet("乙村", "new_members = [4, 2]\n");
        let b = sheet("甲村", "new_members = [3, 1]\n");
        let t = RollupTable::build("", &[&a, &town, &b], &cat, Period::Year);
        let cells = t.cells();
        assert_eq!(cells[1..], [vec!["丙镇", "13"], vec!["甲村", "4"], vec!["乙村", "6"], vec!["村（社区）合计", "10"]]);
        assert!(t.notes.is_empty());
        // The same unit twice: neither copy counts, a note names both files.
        let copy = sheet("甲村", "new_members = [3, 1]\n");
        let t = RollupTable::build("", &[&a, &b, &copy], &cat, Period::Year);
        assert_eq!(t.cells()[1..], [vec!["乙村", "6"]]);
        assert_eq!(t.notes.len(), 1);
        assert!(t.notes[0].contains("甲村.toml 与 甲村.toml"), "{:?}", t.notes);
        let doc = t.document("", &FormatProfile::default());
        assert!(matches!(doc.blocks.last(), Some(Block::Paragraph(p)) if p.text().starts_with("注：未计入甲村")), "{:?}", doc.blocks);
    }
}
