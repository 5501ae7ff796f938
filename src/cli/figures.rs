//! `zongjie figures`: the figure catalogue as a table (name, Chinese label,
//! unit, 流量/时点, block), so a clerk with only the program knows what
//! `[figures]` accepts without opening `templates/dangjian/figures.toml`.

use std::path::PathBuf;

use crate::compose::Templates;
use crate::data::{Catalogue, Kind};

/// Options of `figures`.
#[derive(Debug, clap::Args)]
pub struct FiguresArgs {
    /// 自定义模板文件夹（其中的 dangjian/figures.toml 增改指标目录）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
}

/// Runs `figures`: the table, or the error.
pub fn run(args: &FiguresArgs) -> Result<String, String> {
    let templates = Templates::load(args.templates.as_deref()).map_err(|e| e.to_string())?;
    Ok(table(&templates.catalogue))
}

/// How a kind is called and written in a sheet.
fn kind_zh(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Flow => ("流量", "[上半年, 下半年]"),
        Kind::Stock => ("时点", "{ h1 = 6月底数, year = 年底数 }"),
        Kind::Constant => ("不变", "一个数"),
    }
}

/// The catalogue grouped by block, columns aligned for a terminal.
pub fn table(cat: &Catalogue) -> String {
    let mut out = format!("指标目录，共 {} 项。[figures] 中写指标名或中文名称均可，如 seminars = [3, 2] 或 \"专题研讨\" = [3, 2]；\n", cat.figures.len());
    out.push_str("正文中用 {指标名} 或 {中文名称} 插入数值。\n");
    out.push_str("  流量：按半年累计，写 [上半年, 下半年]，全年数自动相加\n  时点：某一时点的数，写 { h1 = 6月底数, year = 年底数 }；全年不变时写一个数\n");
    let header = ["指标名", "中文名称", "单位", "类型", "写法"];
    let rows: Vec<(&str, [String; 5])> = cat
        .figures
        .iter()
        .map(|(k, d)| {
            let (kind, how) = kind_zh(d.kind);
            (d.block.as_str(), [k.clone(), d.label.clone(), d.unit.clone(), kind.to_string(), how.to_string()])
        })
        .collect();
    let mut widths = header.map(width);
    for (_, r) in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("  ");
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - width(c) + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut blocks: Vec<&str> = cat.blocks.iter().map(|(k, _)| k.as_str()).collect();
    for (b, _) in &rows {
        if !blocks.contains(b) {
            blocks.push(b);
        }
    }
    for b in blocks {
        let title = cat.block(b).map_or(String::new(), |d| format!("：{}", d.title));
        out.push_str(&format!("\n板块 {b}{title}\n"));
        out.push_str(&line(&header.map(String::from)));
        for (_, r) in rows.iter().filter(|(rb, _)| *rb == b) {
            out.push_str(&line(r));
        }
    }
    out.push_str("\n目录里没有的指标，在 [figures.custom.名称] 下写 label（名称）、unit（单位）和 value（数值）。\n");
    out.push_str(&ledger_kinds(cat));
    out
}

/// Which kinds a ledger row (台账的“类别”, `[[activity]]` 的 kind) may have.
fn ledger_kinds(cat: &Catalogue) -> String {
    let terms = &cat.kinds;
    let mut out = String::from("\n台账（[[activity]] 的 kind、台账的“类别”一栏）可写的类别：指标名、中文名称或下列简称，这一行计入该指标；\n");
    out.push_str("写板块名称时只作为该板块的具体做法，不计入指标。（zongjie init --ledger 台账.xlsx 生成空白台账）\n");
    for (b, _) in &cat.blocks {
        let names: Vec<&str> = std::iter::once(terms.block_name(b)).chain(terms.blocks.get(b).map_or(&[][..], |t| &t.aliases).iter().map(String::as_str)).collect();
        out.push_str(&format!("\n  板块 {b}：{}\n", names.join("、")));
        for (k, d) in cat.figures.iter().filter(|(_, d)| d.block == *b && d.kind == Kind::Flow && d.part_of.is_none()) {
            let rule = match terms.count_rule(k, &d.unit) {
                crate::data::kinds::CountRule::Rows => format!("每行计1{}", d.unit),
                crate::data::kinds::CountRule::People => "每行计参加人数".to_string(),
                crate::data::kinds::CountRule::Given => format!("每行计“数量”一栏（{}）", d.unit),
            };
            let aliases: Vec<&str> = terms.aliases(k).iter().map(String::as_str).filter(|a| *a != d.label).collect();
            let also = if aliases.is_empty() { String::new() } else { format!("，也可写 {}", aliases.join("、")) };
            out.push_str(&format!("    {}（{k}）{also}；{rule}\n", d.label));
        }
    }
    out
}

/// Terminal columns of a text (full-width characters take two).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_listed_under_its_block_with_aligned_columns() {
        let t = Templates::builtin().unwrap();
        let s = table(&t.catalogue);
        for (k, d) in &t.catalogue.figures {
            let row = s.lines().find(|l| l.split_whitespace().next() == Some(k.as_str())).unwrap_or_else(|| panic!("{k} missing:\n{s}"));
            assert!(row.contains(&d.label) && row.contains(if d.kind == Kind::Flow { "流量" } else { "时点" }), "{row}");
        }
        let seminars = s.lines().find(|l| l.trim_start().starts_with("seminars")).unwrap();
        let header = s.lines().find(|l| l.trim_start().starts_with("指标名")).unwrap();
        assert_eq!(width(&seminars[..seminars.find("次").unwrap()]), width(&header[..header.find("单位").unwrap()]));
    }
}
