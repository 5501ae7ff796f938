//! The JSON calls the editor page makes — preview, save, list changes,
//! create, generate — and downloads of generated files. Each reads or
//! writes only inside the served folder (paths through [`super::security`]);
//! writes are atomic and refused on a version conflict.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use super::edit::{self, FieldError};
use crate::error::InitError;
use super::reading::{kinds, read_sheet};
use super::reply::Reply;
use super::status::Left;
use super::{App, page, preview, security};
use crate::data::{DataSheet, Period};

#[derive(Deserialize)]
pub struct EditRequest {
    sheet: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    period: String,
    fields: BTreeMap<String, String>,
}

fn errors_json(errors: &[FieldError]) -> serde_json::Value {
    json!(errors)
}

pub fn api_preview(app: &App, req: EditRequest) -> Reply {
    let started = std::time::Instant::now();
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (kinds, _) = kinds(app, &path, &text);
    let cat = &app.setup.templates.catalogue;
    let mut fields = req.fields;
    let (edited, refused) = match edit::apply(&text, &fields, cat, &kinds) {
        Ok(t) => (t, Vec::new()),
        Err(errs) => {
            for e in &errs {
                fields.remove(&e.name);
                fields.retain(|k, _| !k.starts_with(&format!("{}.", e.name)));
            }
            (edit::apply(&text, &fields, cat, &kinds).unwrap_or(text.clone()), errs)
        }
    };
    let period = if req.period == "h1" { Period::H1 } else { Period::Year };
    let p = preview::preview(app, &path, &edited, period);
    Reply::json(200, &json!({ "html": p.html, "pages": p.pages, "notes": p.notes, "refused": errors_json(&refused), "ms": started.elapsed().as_millis() as u64 }))
}

pub fn api_save(app: &App, req: EditRequest) -> Reply {
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if edit::version(&text) != req.version {
        return Reply::json(409, &json!({ "error": format!("{} 在打开之后被其他程序改过，为免覆盖别人的修改，这次没有保存。请把要改的内容记下，重新打开这张表后再改。", req.sheet) }));
    }
    let (kinds, _) = kinds(app, &path, &text);
    let edited = match edit::apply(&text, &req.fields, &app.setup.templates.catalogue, &kinds) {
        Ok(t) => t,
        Err(errs) => return Reply::json(422, &json!({ "error": "有填写不对的地方，没有保存（见标红的栏目）", "refused": errors_json(&errs) })),
    };
    if let Err(e) = DataSheet::from_text(crate::data::source::SourceFile::new(&path, edited.clone()), &app.setup.templates.catalogue) {
        let notes = preview::error_notes(&e, &super::locate::Places::of(&edited), None);
        return Reply::json(422, &json!({ "error": "有填写不对的地方，没有保存（见标红的栏目和右侧的说明）", "refused": notes }));
    }
    write_sheet(&path, &edited, edited != text)
}

/// Writes a sheet atomically (a temporary file, then a rename: the old file
/// stays whole if anything fails) and answers with its new version.
fn write_sheet(path: &Path, text: &str, changed: bool) -> Reply {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return Reply::fail(500, "无法保存") };
    match crate::workflow::output::write_atomic(dir, &name.to_string_lossy(), text.as_bytes()) {
        Ok(_) => Reply::json(200, &json!({ "ok": true, "version": edit::version(text), "changed": changed })),
        Err(e) => Reply::fail(500, format!("保存失败（原文件未改动）：{e}")),
    }
}

#[derive(Deserialize)]
pub struct ListRequest {
    sheet: String,
    version: String,
    list: String,
    op: String,
    #[serde(default)]
    index: usize,
}

/// Adds, removes or moves a list item and writes the sheet at once (the
/// page saves pending edits first, then reloads the form).
pub fn api_list(app: &App, req: ListRequest) -> Reply {
    write_change(app, &req.sheet, &req.version, |text, _| edit::list_op(text, &req.list, &req.op, req.index))
}

/// A change to the sheet's structure (list items, custom figures), written
/// at once: refused on a version conflict, and when it would break a sheet
/// that loaded before.
fn write_change(app: &App, sheet: &str, version: &str, change: impl FnOnce(&str, &crate::data::catalogue::Catalogue) -> Result<String, String>) -> Reply {
    let (path, text) = match read_sheet(app, sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if edit::version(&text) != version {
        return Reply::fail(409, format!("{sheet} 在打开之后被其他程序改过，请重新打开这张表"));
    }
    let cat = &app.setup.templates.catalogue;
    let edited = match change(&text, cat) {
        Ok(t) => t,
        Err(m) => return Reply::fail(422, m),
    };
    let was_valid = DataSheet::from_text(crate::data::source::SourceFile::new(&path, text.clone()), cat).is_ok();
    if was_valid && let Err(e) = DataSheet::from_text(crate::data::source::SourceFile::new(&path, edited.clone()), cat) {
        return Reply::fail(422, format!("这样改后数据表会出错，没有改动：{e}"));
    }
    write_sheet(&path, &edited, true)
}

#[derive(Deserialize)]
pub struct CustomRequest {
    sheet: String,
    version: String,
    op: String,
    #[serde(flatten)]
    figure: edit::NewCustom,
}

/// Adds or removes a custom figure and writes the sheet at once (like a list change).
pub fn api_custom(app: &App, req: CustomRequest) -> Reply {
    write_change(app, &req.sheet, &req.version, |text, cat| edit::custom_op(text, &req.op, &req.figure, cat))
}

#[derive(Deserialize)]
pub struct CreateRequest {
    file: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
}

pub fn api_create(app: &App, req: CreateRequest) -> Reply {
    let mut file = req.file.trim().to_string();
    if file.is_empty() {
        return Reply::fail(422, "请填写文件名，如 青石镇2025.toml");
    }
    if !file.ends_with(".toml") {
        file.push_str(".toml");
    }
    let path = match security::inside(&app.root, &file) {
        Ok(p) => p,
        Err(m) => return Reply::fail(403, m),
    };
    if path.exists() {
        return Reply::fail(409, format!("{file} 已存在，请换一个文件名"));
    }
    let from = match req.from.trim() {
        "" => None,
        f => match read_sheet(app, f) {
            Ok((p, _)) => Some(p),
            Err(r) => return r,
        },
    };
    let year = match req.year.trim() {
        "" => None,
        y => match edit::number(y, true) {
            Ok(Some(v)) => v.as_integer().map(|i| i as i32),
            _ => return Reply::fail(422, format!("年份“{y}”不对，请写四位数字，如 2025")),
        },
    };
    let area = Some(req.area.trim().to_string()).filter(|a| !a.is_empty());
    let args = crate::workflow::init::InitArgs { file: path.clone(), area, unit: None, year, profile: app.setup.profile.path.clone(), from, force: false, ledger: false };
    match crate::workflow::init::run(&args, &app.setup.templates) {
        Ok(()) => Reply::json(200, &json!({ "sheet": security::relative(&app.root, &path) })),
        // The CLI's messages name its options (--force, --year, --area): here, the page's fields.
        Err(InitError::Exists(_)) => Reply::fail(409, format!("{file} 已存在，请换一个文件名")),
        Err(InitError::Year { year, .. }) => Reply::fail(422, format!("年份 {year} 不合理，请在“年份”一栏写 2000 到 2100 之间的四位年份，如 2025")),
        Err(InitError::NoArea) => Reply::fail(422, "无法从文件名得出地名，请在“地名”一栏填写，如 青石镇"),
        Err(e) => Reply::fail(422, e.to_string()),
    }
}

#[derive(Deserialize)]
pub struct GenerateRequest {
    sheet: String,
    format: String,
}

pub fn api_generate(app: &App, req: GenerateRequest) -> Reply {
    use crate::workflow::generate::{Outcome, WriteOptions, render_sheet};
    let (path, text) = match read_sheet(app, &req.sheet) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(formats) = crate::render::Format::parse_list(&req.format) else {
        return Reply::fail(400, "格式不对");
    };
    let out_dir = match security::output_dir(&app.root) {
        Ok(d) => d,
        Err(m) => return Reply::fail(422, m),
    };
    if let Err(m) = security::villages_inside(&app.root, &path, &text) {
        return Reply::fail(422, m);
    }
    // Each version on its own: one that cannot be composed (a figure it
    // cites is missing for it) does not stop the other.
    let (mut files, mut kept, mut errors, mut draft) = (Vec::new(), Vec::new(), Vec::new(), false);
    let places = super::locate::Places::of(&text);
    // A sheet with first-half figures only has the 上半年 version alone.
    let periods = DataSheet::load_with(&path, &app.setup.templates.catalogue, &app.setup.profile).ok().and_then(|ds| ds.renderable(&Period::ALL).ok()).map_or(Period::ALL.to_vec(), |(p, _)| p);
    for period in periods {
        let mut o = Outcome { sheet: path.clone(), ..Outcome::default() };
        let result = render_sheet(&path, &app.setup, &[period], &formats, &WriteOptions { out_dir: &out_dir, draft: true, unfinished: true, force: false }, &mut o);
        files.extend(o.written.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()));
        kept.extend(o.kept.iter().map(|(p, why)| crate::workflow::guard::kept_message(p, why)));
        kept.extend(o.removed.iter().filter_map(|p| p.file_name()).map(|n| format!("已删去旧的草稿 {}", n.to_string_lossy())));
        draft |= o.draft;
        if let Err(e) = result {
            errors.extend(preview::error_notes(&e, &places, Some(period)).into_iter().map(|n| n.message));
        }
    }
    // Why the files are drafts, in the words of the folder page.
    let left = super::sheets::check(app, &path).map(|(_, _, f)| Left::of(&f, None)).unwrap_or_default();
    if errors.is_empty() {
        Reply::json(200, &json!({ "files": files, "kept": kept, "draft": draft, "left": left.describe() }))
    } else {
        Reply::json(422, &json!({ "error": format!("{}没有生成：{}", if files.is_empty() { "" } else { "有的版本" }, errors.join("；")), "files": files, "kept": kept }))
    }
}

pub fn download(app: &App, name: &str) -> Reply {
    let out = match security::output_dir(&app.root) {
        Ok(d) => d,
        Err(m) => return Reply::text(403, &m),
    };
    let Ok(out) = out.canonicalize() else { return Reply::text(404, "还没有生成过文件") };
    let path = match security::inside(&out, name) {
        Ok(p) => p,
        Err(m) => return Reply::text(403, &m),
    };
    let Ok(bytes) = crate::data::input::read(&path) else { return Reply::text(404, "没有这个文件") };
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut r = Reply::new(200, kind, bytes);
    r.headers.push(("Content-Disposition".into(), format!("attachment; filename=\"report\"; filename*=UTF-8''{}", page::query_escape(&file))));
    r
}
