//! The HTML pages of `zongjie serve`: the folder's sheet list and the form
//! of one sheet. Built from the sheet's own text (toml_edit), so a sheet the
//! loader refuses still opens and can be mended. Every user text is escaped;
//! nothing the user typed is ever evaluated as a template.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::{DocumentMut, Item, TableLike};

use super::edit::{parts_of_kind, read_parts};
use crate::data::Kind;
use crate::data::catalogue::Catalogue;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page frame around `body`.
pub fn frame(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head>\n<body>{body}\
         <script src=\"/assets/app.js\"></script></body></html>\n",
        esc(title)
    )
}

/// One row of the sheet list.
pub struct ListRow {
    /// Name relative to the folder.
    pub name: String,
    /// 单位 (or the loader's message).
    pub unit: String,
    /// Report year, if it could be read.
    pub year: Option<i32>,
    /// `ok`, `warn` or `error`.
    pub status: &'static str,
    /// Status in Chinese, e.g. 有 2 处提醒.
    pub status_text: String,
}

/// The sheet list with the create form.
pub fn list(folder: &str, rows: &[ListRow]) -> String {
    let mut b = format!("<header><h1>党建工作总结 · 数据表</h1><p class=\"folder\">文件夹：{}</p></header><main class=\"list\">", esc(folder));
    b.push_str("<table id=\"sheets\"><thead><tr><th>数据表</th><th>单位</th><th>年份</th><th>检查结果</th></tr></thead><tbody>");
    for r in rows {
        let _ = write!(
            b,
            "<tr data-sheet=\"{n}\"><td><a href=\"/edit?sheet={q}\">{n}</a></td><td>{u}</td><td>{y}</td><td class=\"status {s}\">{st}</td></tr>",
            n = esc(&r.name),
            q = esc(&query_escape(&r.name)),
            u = esc(&r.unit),
            y = r.year.map(|y| y.to_string()).unwrap_or_default(),
            s = r.status,
            st = esc(&r.status_text)
        );
    }
    if rows.is_empty() {
        b.push_str("<tr><td colspan=\"4\">这个文件夹里还没有数据表，请在下面新建一张。</td></tr>");
    }
    b.push_str("</tbody></table>");
    if !rows.is_empty() {
        b.push_str("<form id=\"folder\" class=\"create\"><h2>整个文件夹</h2>\
            <p>把每张表的上半年、全年总结生成为文本和 Word 文件（放在 output 文件夹），并汇总各表指标成 Excel 表。</p>\
            <label>汇总版本 <select name=\"period\"><option value=\"year\">全年</option><option value=\"h1\">上半年</option></select></label>\
            <button id=\"folder-button\" type=\"submit\">全部生成并汇总</button><p class=\"msg\" id=\"folder-msg\"></p><p id=\"folder-files\"></p></form>");
    }
    b.push_str("<form id=\"create\" class=\"create\"><h2>新建数据表</h2>\
        <label>文件名 <input name=\"file\" placeholder=\"如 青石镇2025.toml\" required></label>\
        <label>地名 <input name=\"area\" placeholder=\"如 青石镇（不填则取文件名）\"></label>\
        <label>年份 <input name=\"year\" inputmode=\"numeric\" placeholder=\"如 2025\"></label>\
        <label>沿用上年的表 <select name=\"from\"><option value=\"\">不沿用，生成带说明的空白表</option>");
    for r in rows {
        let _ = write!(b, "<option value=\"{n}\">{n}</option>", n = esc(&r.name));
    }
    b.push_str("</select></label><button id=\"create-button\" type=\"submit\">新建</button><p class=\"msg\" id=\"create-msg\"></p></form></main>");
    frame("党建工作总结 · 数据表", &b)
}

/// `name` made safe inside a URL query.
pub fn query_escape(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn input(b: &mut String, name: &str, label: &str, value: &str, extra: &str) {
    let _ = write!(
        b,
        "<label class=\"field\" data-field=\"{n}\"><span class=\"label\">{l}</span><input name=\"{n}\" value=\"{v}\"{extra}><span class=\"msg\"></span></label>",
        n = esc(name),
        l = esc(label),
        v = esc(value)
    );
}

fn area(b: &mut String, name: &str, label: &str, value: &str) {
    let _ = write!(
        b,
        "<label class=\"field wide\" data-field=\"{n}\"><span class=\"label\">{l}</span><textarea name=\"{n}\" rows=\"3\">{v}</textarea><span class=\"msg\"></span></label>",
        n = esc(name),
        l = esc(label),
        v = esc(value)
    );
}

fn text_of(t: Option<&dyn TableLike>, key: &str) -> String {
    match t.and_then(|t| t.get(key)).and_then(Item::as_value) {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(v) => v.to_string().trim().to_string(),
        None => String::new(),
    }
}

/// The form of one sheet beside the preview. `kinds` are the kinds the
/// loader gave the sheet's figures (custom figures' kinds come from there).
pub fn editor(name: &str, version: &str, doc: &DocumentMut, cat: &Catalogue, kinds: &BTreeMap<String, Kind>, load_error: Option<&str>) -> String {
    let root = doc.as_table() as &dyn TableLike;
    let table = |k: &str| root.get(k).and_then(Item::as_table_like);
    let mut b = format!(
        "<header class=\"bar\" id=\"editor\" data-sheet=\"{n}\" data-version=\"{v}\"><a href=\"/\">← 数据表列表</a><strong>{n}</strong>\
         <label>预览版本 <select id=\"period\"><option value=\"year\">全年</option><option value=\"h1\">上半年</option></select></label>\
         <button id=\"save\" type=\"button\">保存</button><span id=\"status\" role=\"status\"></span>\
         <span class=\"gen\">生成：<button type=\"button\" class=\"generate\" data-format=\"txt\">文本</button><button type=\"button\" class=\"generate\" data-format=\"docx\" id=\"gen-docx\">Word</button><button type=\"button\" class=\"generate\" data-format=\"pdf\">PDF</button></span>\
         <span id=\"downloads\"></span></header>",
        n = esc(name),
        v = esc(version)
    );
    if let Some(e) = load_error {
        let _ = write!(b, "<p class=\"load-error\">{}</p>", esc(e));
    }
    // `{指标}` helper: inserts a figure reference where the cursor is in the last text box used.
    b.push_str("<div class=\"insert\"><label>在文字中插入指标 <select id=\"insert-figure\"><option value=\"\">选择指标……</option>");
    let custom = table("figures").and_then(|t| t.get("custom")).and_then(Item::as_table_like);
    let customs = custom.into_iter().flat_map(|c| c.iter().map(|(k, v)| (k.to_string(), text_of(v.as_table_like(), "label"))));
    for (key, label) in cat.figures.iter().map(|(k, f)| (k.clone(), f.label.clone())).chain(customs) {
        let _ = write!(b, "<option value=\"{{{k}}}\">{l}（{{{k}}}）</option>", k = esc(&key), l = esc(&label));
    }
    b.push_str("</select></label> <small>先点一下要插入的文字框，再选指标；生成时换成该版本的数值。</small></div>");
    b.push_str("<main class=\"editor\"><form id=\"sheet\" autocomplete=\"off\">");
    b.push_str("<fieldset><legend>单位</legend>");
    let unit = table("unit");
    for (k, l) in [("name", "单位名称"), ("short", "简称"), ("area", "地名"), ("superior", "上级")] {
        input(&mut b, &format!("unit.{k}"), l, &text_of(unit, k), "");
    }
    b.push_str("</fieldset><fieldset><legend>总结</legend>");
    let report = table("report");
    input(&mut b, "report.year", "年份", &text_of(report, "year"), " inputmode=\"numeric\"");
    for (k, l) in [("kind", "文种"), ("guiding", "指导思想"), ("approach", "工作思路")] {
        input(&mut b, &format!("report.{k}"), l, &text_of(report, k), "");
    }
    b.push_str("</fieldset>");
    figures(&mut b, table("figures"), cat, kinds);
    lists(&mut b, root);
    b.push_str("</form><section class=\"side\"><div id=\"findings\"></div><div id=\"preview\" aria-label=\"预览\"></div></section></main>");
    frame(&format!("{name} · 编辑"), &b)
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

fn figures(b: &mut String, figs: Option<&dyn TableLike>, cat: &Catalogue, kinds: &BTreeMap<String, Kind>) {
    for (block, def) in &cat.blocks {
        let _ = write!(b, "<fieldset class=\"block\"><legend>指标 · {}</legend>", esc(&def.title));
        for (key, f) in cat.figures.iter().filter(|(_, f)| &f.block == block) {
            figure_row(b, &format!("figures.{key}"), &f.label, &f.unit, f.kind, figs.and_then(|t| t.get(key)), f.integer);
        }
        b.push_str("</fieldset>");
    }
    let Some(custom) = figs.and_then(|t| t.get("custom")).and_then(Item::as_table_like) else { return };
    b.push_str("<fieldset class=\"block\"><legend>指标 · 自定义</legend>");
    for (key, item) in custom.iter() {
        let t = item.as_table_like();
        let kind = kinds.get(key).copied().unwrap_or(Kind::Flow);
        figure_row(b, &format!("figures.custom.{key}"), &text_of(t, "label"), &text_of(t, "unit"), kind, t.and_then(|t| t.get("value")), false);
    }
    b.push_str("</fieldset>");
}

/// Buttons that move or remove item `i` of `list` (`move_it`: up/down too).
fn item_ops(b: &mut String, list: &str, i: usize, len: usize, move_it: bool) {
    b.push_str("<span class=\"ops\">");
    if move_it {
        if i > 0 {
            let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"up\" data-index=\"{i}\">上移</button>");
        }
        if i + 1 < len {
            let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"down\" data-index=\"{i}\">下移</button>");
        }
    }
    let _ = write!(b, "<button type=\"button\" class=\"op\" data-list=\"{list}\" data-op=\"remove\" data-index=\"{i}\">删除</button></span>");
}

fn add_button(b: &mut String, list: &str, label: &str) {
    let _ = write!(b, "<button type=\"button\" class=\"op add\" data-list=\"{list}\" data-op=\"add\" data-index=\"0\">{label}</button>");
}

const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn lists(b: &mut String, root: &dyn TableLike) {
    let aot = |k: &str| root.get(k).and_then(Item::as_array_of_tables);
    if let Some(work) = aot("work") {
        for (i, w) in work.iter().enumerate() {
            let _ = write!(b, "<fieldset class=\"work\"><legend>工作（{}）</legend>", CN.get(i).unwrap_or(&"…"));
            item_ops(b, "work", i, work.len(), false);
            input(b, &format!("work.{i}.title"), "标题", &text_of(Some(w), "title"), "");
            area(b, &format!("work.{i}.text"), "概述", &text_of(Some(w), "text"));
            if let Some(points) = w.get("points").and_then(Item::as_array_of_tables) {
                for (j, p) in points.iter().enumerate() {
                    let _ = write!(b, "<div class=\"point\"><span class=\"point-no\">{}.</span>", j + 1);
                    item_ops(b, &format!("work.{i}.points"), j, points.len(), true);
                    input(b, &format!("work.{i}.points.{j}.title"), "要点标题", &text_of(Some(p), "title"), "");
                    area(b, &format!("work.{i}.points.{j}.text"), "内容", &text_of(Some(p), "text"));
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
            item_ops(b, key, i, items.len(), true);
            input(b, &format!("{key}.{i}.title"), "标题", &text_of(Some(*p), "title"), "");
            area(b, &format!("{key}.{i}.text"), "内容", &text_of(Some(*p), "text"));
            b.push_str("</div>");
        }
        add_button(b, key, "添加一条");
        b.push_str("</fieldset>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(esc("<script>\"x\"&'"), "&lt;script&gt;&quot;x&quot;&amp;&#39;");
        let doc: DocumentMut = "[unit]\narea = \"<img src=x onerror=alert(1)>\"\n".parse().unwrap();
        let cat = crate::compose::Templates::builtin().unwrap().catalogue;
        let html = editor("a.toml", "v", &doc, &cat, &BTreeMap::new(), None);
        assert!(!html.contains("<img") && html.contains("&lt;img"), "{html}");
        assert!(html.contains("name=\"figures.members.year\"") && html.contains("name=\"figures.theory_study.h1\""));
    }
}
