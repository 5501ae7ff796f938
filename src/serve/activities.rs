//! The sheet's `[[activity]]` entries in the browser editor: listed by
//! section (the block each one's kind belongs to — 政治建设, 组织建设…), each
//! with its date or month, kind, theme, text, people, count and 重点, and a
//! button per section that adds one of that section's kind. Fields are named
//! `activity.N.field` like every other form field ([`super::edit::values`]);
//! the ledger files' rows are read-only here (they are edited in Excel).

use std::fmt::Write as _;

use chrono::Datelike;
use toml_edit::{DocumentMut, Item, Table, TableLike};

use super::edit::values;
use super::form::{area, check, input, text_of};
use super::page::esc;
use crate::data::FigureSet;
use crate::data::catalogue::Catalogue;

/// A new activity of `kind` for the add button: this month, a text to replace.
pub fn new_row(kind: &str) -> Table {
    let mut t = Table::new();
    t.insert("month", toml_edit::value(i64::from(chrono::Local::now().month())));
    t.insert("kind", toml_edit::value(kind));
    t.insert("text", toml_edit::value("xx"));
    t
}

/// The section (block key) an activity's kind belongs to, if it resolves.
fn section_of(kind: &str, cat: &Catalogue) -> Option<String> {
    match cat.kinds.resolve(kind, cat, &FigureSet::default()).ok()? {
        crate::data::ActivityKind::Block(b) => Some(b),
        crate::data::ActivityKind::Figure(f) => cat.figure(&f).map(|d| d.block.clone()),
    }
}

/// The activities fieldset of the editor.
pub fn section(b: &mut String, doc: &DocumentMut, cat: &Catalogue) {
    let root = doc.as_table() as &dyn TableLike;
    let rows: Vec<&Table> = root.get("activity").and_then(Item::as_array_of_tables).map(|a| a.iter().collect()).unwrap_or_default();
    let ledger = text_of(root.get("report").and_then(Item::as_table_like), "ledger");
    b.push_str("<fieldset class=\"list activities\" id=\"activities\"><legend>今年做过的事（活动）</legend>\
        <p class=\"hint\">总结引用这里的原话：几月、什么主题、做了什么、多少人参加。类别写指标的简称（主题党日、党课……）时计入该指标；\
        写板块名称时只作为具体做法。事情多时记在台账（Excel）里，在数据表中写 ledger = \"台账.xlsx\"；台账中的活动请在 Excel 中修改。</p>");
    if !ledger.is_empty() {
        let _ = write!(b, "<p class=\"hint\">本表的台账：{}</p>", esc(&ledger));
    }
    b.push_str("<datalist id=\"activity-kinds\">");
    for k in crate::workflow::ledger_template::kinds(cat) {
        let _ = write!(b, "<option value=\"{}\"></option>", esc(&k));
    }
    b.push_str("</datalist>");
    let sections: Vec<Option<String>> = rows.iter().map(|t| section_of(&text_of(Some(*t), "kind"), cat)).collect();
    for (block, def) in &cat.blocks {
        let name = cat.kinds.block_name(block);
        let _ = write!(b, "<div class=\"activity-section\" data-block=\"{}\"><h3>{}<small>（{}）</small></h3>", esc(block), esc(name), esc(&def.title));
        for (i, row) in rows.iter().enumerate().filter(|(i, _)| sections[*i].as_deref() == Some(block.as_str())) {
            one(b, doc, i, row);
        }
        let _ = write!(b, "<button type=\"button\" class=\"op add\" data-list=\"activity.{}\" data-op=\"add\" data-index=\"0\">添加{}的一件事</button></div>", esc(name), esc(name));
    }
    let unknown: Vec<usize> = (0..rows.len()).filter(|i| sections[*i].is_none()).collect();
    if !unknown.is_empty() {
        b.push_str("<div class=\"activity-section\" data-block=\"\"><h3>类别无法识别<small>（改成指标简称或板块名称）</small></h3>");
        for i in unknown {
            one(b, doc, i, rows[i]);
        }
        b.push_str("</div>");
    }
    b.push_str("</fieldset>");
}

/// One activity's fields and its remove button.
fn one(b: &mut String, doc: &DocumentMut, i: usize, row: &Table) {
    let v = |f: &str| values::value_at(doc, &format!("activity.{i}.{f}"));
    let _ = write!(b, "<div class=\"point activity\" data-index=\"{i}\"><span class=\"ops\"><button type=\"button\" class=\"op\" data-list=\"activity\" data-op=\"remove\" data-index=\"{i}\">删除</button></span>");
    input(b, &format!("activity.{i}.date"), "日期", &v("date"), " placeholder=\"如 2024-03-05\"");
    input(b, &format!("activity.{i}.month"), "或：月份", &v("month"), " inputmode=\"numeric\" placeholder=\"1—12\"");
    input(b, &format!("activity.{i}.kind"), "类别", &text_of(Some(row), "kind"), " list=\"activity-kinds\"");
    input(b, &format!("activity.{i}.theme"), "主题", &text_of(Some(row), "theme"), "");
    area(b, &format!("activity.{i}.text"), "做了什么", &text_of(Some(row), "text"));
    input(b, &format!("activity.{i}.people"), "参加人数", &v("people"), " inputmode=\"numeric\"");
    input(b, &format!("activity.{i}.count"), "数量（计入指标）", &v("count"), " inputmode=\"decimal\" placeholder=\"可不填\"");
    check(b, &format!("activity.{i}.key"), "重点（优先引用）", v("key") == "true");
    b.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalogue {
        crate::compose::Templates::builtin().unwrap().catalogue
    }

    #[test]
    fn activities_are_listed_under_their_sections() {
        let doc: DocumentMut = "[unit]\narea = \"甲镇\"\n[report]\nyear = 2024\nledger = \"台账.xlsx\"\n\n[[activity]]\nmonth = 3\nkind = \"主题党日\"\ntext = \"开展<志愿服务>\"\npeople = 45\nkey = true\n\n[[activity]]\ndate = 2024-05-08\nkind = \"志愿服务\"\ntext = \"清理河道\"\n\n[[activity]]\nmonth = 6\nkind = \"主题当日\"\ntext = \"x\"\n".parse().unwrap();
        let mut b = String::new();
        section(&mut b, &doc, &cat());
        let org = &b[b.find("data-block=\"organization\"").unwrap()..b.find("data-block=\"members\"").unwrap()];
        assert!(org.contains("name=\"activity.0.kind\" value=\"主题党日\"") && org.contains("开展&lt;志愿服务&gt;") && org.contains("name=\"activity.0.people\" value=\"45\""), "{org}");
        assert!(org.contains("name=\"activity.0.key\" value=\"true\" checked"), "{org}");
        let gov = &b[b.find("data-block=\"governance\"").unwrap()..];
        assert!(gov.contains("name=\"activity.1.date\" value=\"2024-05-08\""), "{gov}");
        assert!(b[b.find("类别无法识别").unwrap()..].contains("name=\"activity.2.kind\" value=\"主题当日\""));
        assert!(b.contains("data-list=\"activity.组织建设\" data-op=\"add\""));
        assert!(b.contains("本表的台账：台账.xlsx"));
    }

    #[test]
    fn add_edit_and_remove_keep_a_sheet_that_loads() {
        let cat = cat();
        let text = "[unit]\nname = \"中共甲镇委员会\"\narea = \"甲镇\"\n[report]\nyear = 2024\n";
        let added = crate::serve::edit::list_op(text, "activity.组织建设", "add", 0).unwrap();
        let ds = crate::data::DataSheet::from_text(crate::data::source::SourceFile::new("t.toml", added.clone()), &cat).unwrap();
        assert_eq!(ds.activities.len(), 1);
        assert_eq!(ds.activities[0].kind, crate::data::ActivityKind::Block("organization".into()));
        let fields: std::collections::BTreeMap<String, String> = [("activity.0.kind", "主题党日"), ("activity.0.text", "参观红色教育基地"), ("activity.0.date", "2024年4月3日"), ("activity.0.month", ""), ("activity.0.people", "３０"), ("activity.0.key", "true")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let edited = crate::serve::edit::apply(&added, &fields, &cat, &Default::default()).unwrap();
        assert!(edited.contains("date = 2024-04-03") && edited.contains("people = 30") && edited.contains("key = true") && !edited.contains("month"), "{edited}");
        let ds = crate::data::DataSheet::from_text(crate::data::source::SourceFile::new("t.toml", edited.clone()), &cat).unwrap();
        assert_eq!((ds.activities[0].month, ds.activities[0].people, ds.figures.get("theme_days").and_then(|f| f.h1)), (4, Some(30), Some(1.0)));
        let removed = crate::serve::edit::list_op(&edited, "activity", "remove", 0).unwrap();
        let ds = crate::data::DataSheet::from_text(crate::data::source::SourceFile::new("t.toml", removed), &cat).unwrap();
        assert!(ds.activities.is_empty());
    }
}
