//! The HTML pages of `zongjie serve`: the folder's sheet list and the form
//! of one sheet. Built from the sheet's own text (toml_edit), so a sheet the
//! loader refuses still opens and can be mended. Every user text is escaped;
//! nothing the user typed is ever evaluated as a template.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::{DocumentMut, Item, TableLike};

use super::form::{self, text_of};
pub use super::html::esc;
use crate::data::Kind;
use crate::data::catalogue::Catalogue;

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
#[derive(Debug, Clone)]
pub struct ListRow {
    /// Name relative to the folder.
    pub name: String,
    /// 单位 (or the loader's message).
    pub unit: String,
    /// 镇/乡/街道/村/社区 (empty when the sheet cannot be read).
    pub level: String,
    /// Report year, if it could be read.
    pub year: Option<i32>,
    /// `ok`, `warn` or `error`.
    pub status: &'static str,
    /// Status in Chinese, e.g. 还有 2 处提醒.
    pub status_text: String,
    /// Per version (上半年, 全年): what is left, and `ok`/`warn`/`error`/`none`.
    pub versions: Vec<(String, String, &'static str)>,
    /// The files it makes (every version and format, drafts too); the
    /// list shows those present in output/.
    pub outputs: Vec<String>,
}

/// The folder page, a clerk's home: how far each sheet is for each version,
/// what is left to fill, the files made so far; generation of the whole
/// folder; a new sheet. `present`: the files of each row found in output/.
/// `rollups`: the roll-up tables in output/.
pub fn list(folder: &str, rows: &[ListRow], present: &[Vec<String>], rollups: &[String]) -> String {
    let mut b = format!("<header><h1>党建工作总结 · 数据表</h1><p class=\"folder\">文件夹：{}</p></header><main class=\"list\">", esc(folder));
    if !rows.is_empty() {
        let done = rows.iter().filter(|r| r.status != "error").count();
        let _ = write!(
            b,
            "<section class=\"summary\"><p>共 {n} 张数据表，<strong>{done}</strong> 张可以生成正式稿{rest}。</p><progress value=\"{done}\" max=\"{n}\"></progress></section>",
            n = rows.len(),
            rest = if done < rows.len() { format!("，{} 张还有待填写或改正（见下表，点表名去填写）", rows.len() - done) } else { String::new() }
        );
        b.push_str("<form id=\"folder\" class=\"create folder\"><h2>整个文件夹</h2>\
            <p>把每张表的上半年、全年总结生成为文本和 Word 文件（放在 output 文件夹），并汇总各表指标成 Excel 表。</p>\
            <label>汇总版本 <select name=\"period\"><option value=\"year\">全年</option><option value=\"h1\">上半年</option></select></label>\
            <button id=\"folder-button\" type=\"submit\">全部生成并汇总</button><progress id=\"folder-progress\" hidden></progress><p class=\"msg\" id=\"folder-msg\"></p><p id=\"folder-files\">");
        for f in rollups {
            let _ = write!(b, "<a class=\"download\" href=\"/download?file={}\" download=\"{f}\">汇总表：{f}</a>", esc(&query_escape(f)), f = esc(f));
        }
        b.push_str("</p></form>");
    }
    b.push_str("<table id=\"sheets\"><thead><tr><th>数据表</th><th>单位</th><th>年份</th><th>上半年</th><th>全年</th><th>已生成的文件</th></tr></thead><tbody>");
    for (i, r) in rows.iter().enumerate() {
        let _ = write!(
            b,
            "<tr data-sheet=\"{n}\"><td><a href=\"/edit?sheet={q}\">{n}</a></td><td>{u}</td><td>{y}</td>",
            n = esc(&r.name),
            q = esc(&query_escape(&r.name)),
            u = esc(&r.unit),
            y = r.year.map(|y| y.to_string()).unwrap_or_default(),
        );
        if r.versions.is_empty() {
            let _ = write!(b, "<td colspan=\"2\" class=\"status {}\">{}</td>", r.status, esc(&r.status_text));
        }
        for (version, text, class) in &r.versions {
            let _ = write!(b, "<td class=\"status {class}\" data-version=\"{}\">{}</td>", esc(version), esc(text));
        }
        b.push_str("<td class=\"files\">");
        for f in present.get(i).into_iter().flatten() {
            let _ = write!(b, "<a class=\"download\" href=\"/download?file={}\" download=\"{f}\">{f}</a>", esc(&query_escape(f)), f = esc(f));
        }
        b.push_str("</td></tr>");
    }
    if rows.is_empty() {
        b.push_str("<tr><td colspan=\"6\">这个文件夹里还没有数据表，请在下面新建一张。</td></tr>");
    }
    b.push_str("</tbody></table>");
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

/// The form of one sheet beside the preview. `kinds` are the kinds the
/// loader gave the sheet's figures (custom figures' kinds come from there);
/// `villages`: for a township, the village sheets it may sum (names
/// relative to the sheet), None otherwise.
pub fn editor(name: &str, version: &str, doc: &DocumentMut, cat: &Catalogue, kinds: &BTreeMap<String, Kind>, load_error: Option<&str>, villages: Option<&[String]>) -> String {
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
    // Only figures the sheet fills can be cited; the rest are shown greyed
    // (a cited unfilled figure stops both versions).
    let customs: Vec<(String, String)> = customs.collect();
    let filled = |key: &str| table("figures").is_some_and(|t| t.contains_key(key) || cat.figures.iter().any(|(k, f)| k == key && t.contains_key(&f.label)));
    let all: Vec<(String, String)> = cat.figures.iter().map(|(k, f)| (k.clone(), f.label.clone())).chain(customs.iter().cloned()).collect();
    let is_custom = |k: &str| customs.iter().any(|(c, _)| c == k);
    for (key, label) in all.iter().filter(|(k, _)| filled(k) || is_custom(k)) {
        let _ = write!(b, "<option value=\"{{{k}}}\">{l}（{{{k}}}）</option>", k = esc(key), l = esc(label));
    }
    b.push_str("<optgroup label=\"以下指标本表还没有填写，先在“指标”里填上数字并保存，才能插入\">");
    for (key, label) in all.iter().filter(|(k, _)| !filled(k) && !is_custom(k)) {
        let _ = write!(b, "<option value=\"{{{k}}}\" disabled>{l}（未填写）</option>", k = esc(key), l = esc(label));
    }
    b.push_str("</optgroup>");
    b.push_str("</select></label> <small>先点一下要插入的文字框，再选指标；生成时换成该版本的数值。</small></div>");
    b.push_str("<main class=\"editor\"><form id=\"sheet\" autocomplete=\"off\">");
    form::unit_and_report(&mut b, doc, cat, villages);
    form::figures(&mut b, table("figures"), cat, kinds);
    form::lists(&mut b, doc, cat);
    super::activities::section(&mut b, doc, cat);
    b.push_str("</form><section class=\"side\"><div id=\"findings\"></div><div id=\"preview\" aria-label=\"预览\"></div></section></main>");
    frame(&format!("{name} · 编辑"), &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped() {
        assert_eq!(esc("<script>\"x\"&'"), "&lt;script&gt;&quot;x&quot;&amp;&#39;");
        let doc: DocumentMut = "[unit]\narea = \"<img src=x onerror=alert(1)>\"\n".parse().unwrap();
        let cat = crate::compose::Templates::builtin().unwrap().catalogue;
        let html = editor("a.toml", "v", &doc, &cat, &BTreeMap::new(), None, None);
        assert!(!html.contains("<img") && html.contains("&lt;img"), "{html}");
        assert!(html.contains("name=\"figures.members.year\"") && html.contains("name=\"figures.theory_study.h1\""));
    }
}
