//! The form of one sheet for `zongjie serve`, field by field: unit and
//! report (dates, spirits, opening and closing, the villages a township
//! sums), figures by catalogue block and the custom ones, work blocks with
//! their points, problems and plans. Every input is named by its path in
//! the sheet (see [`super::edit::values::field_of`]); values are read from
//! the sheet's own text and escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::{DocumentMut, Item, TableLike};

use super::edit::values::{self, Choices, LAYOUTS, LEVELS, NEXTS, WHENS};
use super::edit::{parts_of_kind, read_parts};
use super::html::esc;
use crate::data::Kind;
use crate::data::catalogue::Catalogue;

pub(super) fn input(b: &mut String, name: &str, label: &str, value: &str, extra: &str) {
    let _ = write!(
        b,
        "<label class=\"field\" data-field=\"{n}\"><span class=\"label\">{l}</span><input name=\"{n}\" value=\"{v}\"{extra}><span class=\"msg\"></span></label>",
        n = esc(name),
        l = esc(label),
        v = esc(value)
    );
}

pub(super) fn area(b: &mut String, name: &str, label: &str, value: &str) {
    let _ = write!(
        b,
        "<label class=\"field wide\" data-field=\"{n}\"><span class=\"label\">{l}</span><textarea name=\"{n}\" rows=\"3\">{v}</textarea><span class=\"msg\"></span></label>",
        n = esc(name),
        l = esc(label),
        v = esc(value)
    );
}

/// A drop-down of `choices`; `none` labels the empty choice (key not written).
fn select(b: &mut String, name: &str, label: &str, value: &str, choices: Choices, none: &str) {
    let _ = write!(b, "<label class=\"field\" data-field=\"{n}\"><span class=\"label\">{l}</span><select name=\"{n}\"><option value=\"\">{}</option>", esc(none), n = esc(name), l = esc(label));
    for (v, _, shown) in choices {
        let sel = if *v == value { " selected" } else { "" };
        let _ = write!(b, "<option value=\"{}\"{sel}>{}</option>", esc(v), esc(shown));
    }
    b.push_str("</select><span class=\"msg\"></span></label>");
}

pub(super) fn check(b: &mut String, name: &str, label: &str, on: bool) {
    let _ = write!(b, "<label class=\"field check\" data-field=\"{n}\"><span><input type=\"checkbox\" name=\"{n}\" value=\"true\"{}> {}</span><span class=\"msg\"></span></label>", if on { " checked" } else { "" }, esc(label), n = esc(name));
}

/// A text value of `t` as written (numbers and dates as TOML writes them).
pub fn text_of(t: Option<&dyn TableLike>, key: &str) -> String {
    match t.and_then(|t| t.get(key)).and_then(Item::as_value) {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(v) => v.to_string().trim().to_string(),
        None => String::new(),
    }
}

/// Checkboxes named `name` for catalogue figures, grouped by block, ticked
/// where `chosen` has them (and any chosen key the catalogue lacks), in a
/// closed box whose summary lists the chosen ones.
fn figure_set(b: &mut String, name: &str, label: &str, chosen: &str, cat: &Catalogue) {
    let chosen: Vec<&str> = chosen.lines().collect();
    let label_of = |k: &str| cat.figure(k).map_or(k.to_string(), |f| f.label.clone());
    let shown: Vec<String> = chosen.iter().map(|k| label_of(k)).collect();
    let _ = write!(b, "<details class=\"field figure-set\" data-field=\"{n}\"><summary>{} <small>{}</small></summary>", esc(label), esc(&if shown.is_empty() { "（未选）".to_string() } else { shown.join("、") }), n = esc(name));
    let tick = |b: &mut String, key: &str, text: &str| {
        let on = if chosen.contains(&key) { " checked" } else { "" };
        let _ = write!(b, "<label class=\"village\"><input type=\"checkbox\" name=\"{}\" value=\"{}\"{on}> {}</label>", esc(name), esc(key), esc(text));
    };
    for (block, def) in &cat.blocks {
        let _ = write!(b, "<div class=\"hint\">{}</div>", esc(&def.title));
        for (key, f) in cat.figures.iter().filter(|(_, f)| &f.block == block) {
            tick(b, key, &f.label);
        }
    }
    for key in chosen.iter().filter(|k| cat.figure(k).is_none()) {
        tick(b, key, key);
    }
    b.push_str("<span class=\"msg\"></span></details>");
}

/// `[unit]` and `[report]`; `villages`: the village sheets a township may sum.
pub fn unit_and_report(b: &mut String, doc: &DocumentMut, cat: &Catalogue, villages: Option<&[String]>) {
    let v = |path: &str| values::value_at(doc, path);
    b.push_str("<fieldset><legend>单位</legend>");
    for (k, l) in [("name", "单位名称"), ("short", "简称"), ("area", "地名"), ("superior", "上级")] {
        input(b, &format!("unit.{k}"), l, &v(&format!("unit.{k}")), "");
    }
    select(b, "unit.level", "层级", &v("unit.level"), LEVELS, "按地名末字判断");
    b.push_str("</fieldset><fieldset><legend>总结</legend>");
    input(b, "report.year", "年份", &v("report.year"), " inputmode=\"numeric\"");
    for (k, l) in [("kind", "文种"), ("guiding", "指导思想"), ("approach", "工作思路")] {
        input(b, &format!("report.{k}"), l, &v(&format!("report.{k}")), "");
    }
    select(b, "report.layout", "结构", &v("report.layout"), LAYOUTS, "默认（一、主要工作下分（一）（二））");
    let date = " placeholder=\"如 2024-07-10，不填取当天\"";
    input(b, "report.date.h1", "上半年版本成文日期", &v("report.date.h1"), date);
    input(b, "report.date.year", "全年版本成文日期", &v("report.date.year"), date);
    area(b, "report.spirit", "学习贯彻的精神（一行一项；不填则按成文日期从政治日历选用）", &v("report.spirit"));
    area(b, "report.opening", "开头段（不填则自动生成）", &v("report.opening"));
    area(b, "report.closing", "结尾段（不填则自动生成）", &v("report.closing"));
    figure_set(b, "report.omit", "有意不写进正文的指标（omit）", &v("report.omit"), cat);
    b.push_str("</fieldset>");
    if let Some(candidates) = villages {
        let chosen: Vec<String> = v("report.villages").lines().map(str::to_string).collect();
        b.push_str("<fieldset class=\"villages field\" data-field=\"report.villages\"><legend>汇总下辖村（社区）的数据表</legend>\
            <p class=\"hint\">勾选的村表中按半年累计的指标相加，作为本表没填的指标；本表填了的与合计不符时会提醒。</p>");
        let extra = chosen.iter().filter(|c| !candidates.contains(c));
        for name in candidates.iter().chain(extra) {
            let on = if chosen.contains(name) { " checked" } else { "" };
            let _ = write!(b, "<label class=\"village\"><input type=\"checkbox\" name=\"report.villages\" value=\"{n}\"{on}> {n}</label>", n = esc(name));
        }
        if candidates.is_empty() && chosen.is_empty() {
            b.push_str("<p class=\"hint\">本文件夹（及下级文件夹）中还没有村（社区）的数据表。</p>");
        }
        b.push_str("<span class=\"msg\"></span></fieldset>");
    }
}

fn figure_row(b: &mut String, name: &str, label: &str, unit: &str, kind: Kind, item: Option<&Item>, integer: bool) {
    let written = item.map(read_parts).unwrap_or_default();
    let kind = if written.contains_key("") { Kind::Constant } else { kind };
    let kind_name = match kind {
        Kind::Flow => "按半年累计",
        Kind::Stock => "时点数",
        Kind::Constant => "全年不变",
    };
    let _ = write!(b, "<div class=\"figure\" data-figure=\"{}\"><div class=\"fig-label\">{}<small>（{}，{}）</small></div>", esc(name), esc(label), esc(if unit.is_empty() { "无单位" } else { unit }), kind_name);
    let mode = if integer { " inputmode=\"numeric\"" } else { " inputmode=\"decimal\"" };
    for (part, plabel) in parts_of_kind(kind) {
        let full = if part.is_empty() { name.to_string() } else { format!("{name}.{part}") };
        let class = if part.starts_with("last_year") { " class=\"last\"" } else { "" };
        let _ = write!(b, "<span{class}>");
        input(b, &full, plabel, written.get(part).map_or("", String::as_str), mode);
        b.push_str("</span>");
    }
    b.push_str("</div>");
}

/// Figures by catalogue block, then the custom ones (label and unit
/// editable, removable) and the box that adds one.
pub fn figures(b: &mut String, figs: Option<&dyn TableLike>, cat: &Catalogue, kinds: &BTreeMap<String, Kind>) {
    for (block, def) in &cat.blocks {
        let _ = write!(b, "<fieldset class=\"block\"><legend>指标 · {}</legend>", esc(&def.title));
        for (key, f) in cat.figures.iter().filter(|(_, f)| &f.block == block) {
            figure_row(b, &format!("figures.{key}"), &f.label, &f.unit, f.kind, figs.and_then(|t| t.get(key)), f.integer);
        }
        b.push_str("</fieldset>");
    }
    b.push_str("<fieldset class=\"block custom\"><legend>指标 · 自定义</legend>");
    let custom = figs.and_then(|t| t.get("custom")).and_then(Item::as_table_like);
    for (key, item) in custom.into_iter().flat_map(|c| c.iter()) {
        let t = item.as_table_like();
        let kind = kinds.get(key).copied().unwrap_or(Kind::Flow);
        let name = format!("figures.custom.{key}");
        let _ = write!(b, "<div class=\"custom-meta\"><span class=\"ops\"><button type=\"button\" class=\"custom-op\" data-op=\"remove\" data-key=\"{}\">删除</button></span>", esc(key));
        input(b, &format!("{name}.label"), "名称", &text_of(t, "label"), "");
        input(b, &format!("{name}.unit"), "单位", &text_of(t, "unit"), "");
        b.push_str("</div>");
        // The whole table: `last_year` may stand beside `value`.
        figure_row(b, &name, &text_of(t, "label"), &text_of(t, "unit"), kind, Some(item), false);
    }
    // No `name` attributes here: these are not fields of the sheet.
    b.push_str("<div class=\"custom-new\" id=\"custom-new\"><strong>添加目录里没有的指标：</strong>\
        <label>名称 <input data-new=\"label\" placeholder=\"如 入户走访\"></label>\
        <label>单位 <input data-new=\"unit\" placeholder=\"如 户（无单位不填）\"></label>\
        <label>类型 <select data-new=\"kind\"><option value=\"flow\">按半年累计（上半年、下半年）</option><option value=\"stock\">时点数（6月底、年底）</option><option value=\"constant\">全年不变（一个数）</option></select></label>\
        <button type=\"button\" class=\"custom-op\" data-op=\"add\" id=\"custom-add\">添加指标</button><span class=\"msg\" id=\"custom-msg\"></span></div></fieldset>");
}

/// Buttons that move or remove item `i` of `list`.
fn item_ops(b: &mut String, list: &str, i: usize, len: usize) {
    b.push_str("<span class=\"ops\">");
    if i > 0 {
        let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"up\" data-index=\"{i}\">上移</button>");
    }
    if i + 1 < len {
        let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"down\" data-index=\"{i}\">下移</button>");
    }
    let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"remove\" data-index=\"{i}\">删除</button></span>");
}

fn add_button(b: &mut String, list: &str, label: &str) {
    let _ = write!(b, "<button type=\"button\" class=\"op add\" data-list=\"{list}\" data-op=\"add\" data-index=\"0\">{label}</button>");
}

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Work blocks with their points, problems and plans.
pub fn lists(b: &mut String, doc: &DocumentMut, cat: &Catalogue) {
    let root = doc.as_table() as &dyn TableLike;
    let v = |path: String| values::value_at(doc, &path);
    let aot = |k: &str| root.get(k).and_then(Item::as_array_of_tables);
    if let Some(work) = aot("work") {
        for (i, w) in work.iter().enumerate() {
            let _ = write!(b, "<fieldset class=\"work\"><legend>工作（{}）</legend>", CN.get(i).unwrap_or(&"…"));
            item_ops(b, "work", i, work.len());
            input(b, &format!("work.{i}.title"), "标题", &text_of(Some(w), "title"), "");
            area(b, &format!("work.{i}.text"), "概述", &text_of(Some(w), "text"));
            let block = v(format!("work.{i}.block"));
            let _ = write!(b, "<label class=\"field\" data-field=\"work.{i}.block\"><span class=\"label\">指标板块（写出该板块已填的指标）</span><select name=\"work.{i}.block\"><option value=\"\">不指定</option>");
            for (key, def) in &cat.blocks {
                let _ = write!(b, "<option value=\"{k}\"{}>{}</option>", if *key == block { " selected" } else { "" }, esc(&def.title), k = esc(key));
            }
            if !block.is_empty() && !cat.blocks.iter().any(|(k, _)| *k == block) {
                let _ = write!(b, "<option value=\"{k}\" selected>{k}</option>", k = esc(&block));
            }
            b.push_str("</select><span class=\"msg\"></span></label>");
            figure_set(b, &format!("work.{i}.auto"), "自动写成句子的指标（auto）", &v(format!("work.{i}.auto")), cat);
            check(b, &format!("work.{i}.split"), "每条要点单独成段（1. 2.），不写成“一是……二是……”", v(format!("work.{i}.split")) == "true");
            if let Some(points) = w.get("points").and_then(Item::as_array_of_tables) {
                for (j, p) in points.iter().enumerate() {
                    let _ = write!(b, "<div class=\"point\"><span class=\"point-no\">{}.</span>", j + 1);
                    item_ops(b, &format!("work.{i}.points"), j, points.len());
                    input(b, &format!("work.{i}.points.{j}.title"), "要点标题", &text_of(Some(p), "title"), "");
                    area(b, &format!("work.{i}.points.{j}.text"), "内容", &text_of(Some(p), "text"));
                    input(b, &format!("work.{i}.points.{j}.date"), "日期（只写进包含它的版本）", &v(format!("work.{i}.points.{j}.date")), " placeholder=\"如 2024-05-20\"");
                    select(b, &format!("work.{i}.points.{j}.when"), "或：哪个半年", &v(format!("work.{i}.points.{j}.when")), WHENS, "不限（两个版本都写）");
                    b.push_str("</div>");
                }
            }
            add_button(b, &format!("work.{i}.points"), "添加要点");
            b.push_str("</fieldset>");
        }
    }
    add_button(b, "work", "添加一块工作");
    for (key, legend) in [("problems", "存在的问题"), ("plans", "下一步工作打算")] {
        let _ = write!(b, "<fieldset class=\"list\"><legend>{legend}</legend>");
        let items: Vec<&toml_edit::Table> = aot(key).map(|a| a.iter().collect()).unwrap_or_default();
        for (i, p) in items.iter().enumerate() {
            let _ = write!(b, "<div class=\"point\"><span class=\"point-no\">{}.</span>", i + 1);
            item_ops(b, key, i, items.len());
            input(b, &format!("{key}.{i}.title"), "标题", &text_of(Some(*p), "title"), "");
            area(b, &format!("{key}.{i}.text"), "内容", &text_of(Some(*p), "text"));
            if key == "plans" {
                select(b, &format!("plans.{i}.next"), "用于", &v(format!("plans.{i}.next")), NEXTS, "两个版本都写");
            }
            b.push_str("</div>");
        }
        add_button(b, key, "添加一条");
        b.push_str("</fieldset>");
    }
}
