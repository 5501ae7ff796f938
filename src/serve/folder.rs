//! 全部生成并汇总: the whole served folder at once. The page asks first
//! which sheets can be generated ([`plan`]: sheets that would write the same
//! file are refused, all of them, with the command line's words), then
//! generates them one by one through `/api/generate` (so it can show
//! progress), then asks for the roll-up, which refuses sheets of different
//! years as `zongjie rollup` does. A plain request still does all three.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::json;

use super::reply::Reply;
use super::{App, security};
use crate::data::{DataSheet, Period};
use crate::render::Format;
use crate::workflow::generate::{Outcome, WriteOptions, output_names, render_sheet};

/// The formats the folder is generated in.
const FORMATS: [Format; 2] = [Format::Txt, Format::Docx];

#[derive(Deserialize)]
pub struct FolderRequest {
    period: String,
    /// `plan`, `rollup`, or empty for everything at once.
    #[serde(default)]
    only: String,
}

/// The folder's sheets that can be generated, and why the others cannot.
pub fn plan(app: &App) -> (Vec<PathBuf>, Vec<String>) {
    let mut problems = Vec::new();
    let mut claims: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for sheet in app.sheets() {
        let rel = PathBuf::from(security::relative(&app.root, &sheet));
        let text = std::fs::read_to_string(&sheet).unwrap_or_default();
        if let Err(m) = security::villages_inside(&app.root, &sheet, &text) {
            problems.push(format!("{}：{m}", rel.display()));
            continue;
        }
        // Sheets that cannot be read are generated (and fail) on their own.
        let names = DataSheet::load_with(&sheet, &app.setup.templates.catalogue, &app.setup.profile)
            .ok()
            .and_then(|ds| Some(output_names(&ds, &ds.renderable(&Period::ALL).ok()?.0, &FORMATS)))
            .unwrap_or_default();
        claims.push((rel, names));
    }
    let clashes = crate::workflow::guard::clashes(&claims);
    problems.extend(clashes.values().cloned());
    let sheets = claims.into_iter().filter(|(rel, _)| !clashes.contains_key(rel)).map(|(rel, _)| app.root.join(rel)).collect();
    (sheets, problems)
}

pub fn api_folder(app: &App, req: FolderRequest) -> Reply {
    let period = if req.period == "h1" { Period::H1 } else { Period::Year };
    let out_dir = match security::output_dir(&app.root) {
        Ok(d) => d,
        Err(m) => return Reply::fail(422, m),
    };
    let (sheets, mut problems) = plan(app);
    if req.only == "plan" {
        let names: Vec<String> = sheets.iter().map(|p| security::relative(&app.root, p)).collect();
        return Reply::json(200, &json!({ "sheets": names, "problems": problems }));
    }
    let mut files: Vec<String> = Vec::new();
    if req.only == "rollup" {
        // The page has shown the plan's problems already.
        problems.clear();
    } else {
        let opts = WriteOptions { out_dir: &out_dir, draft: true, unfinished: true, force: false };
        for sheet in &sheets {
            let mut o = Outcome { sheet: sheet.clone(), ..Outcome::default() };
            if let Err(e) = render_sheet(sheet, &app.setup, &Period::ALL, &FORMATS, &opts, &mut o) {
                let text = std::fs::read_to_string(sheet).unwrap_or_default();
                problems.push(format!("{}：{}", security::relative(&app.root, sheet), super::preview::error_text(&e, &text)));
            }
            files.extend(o.written.iter().map(|p| file_of(p)));
            problems.extend(o.kept.iter().map(|(p, why)| crate::workflow::guard::kept_message(p, why)));
        }
    }
    match rollup(app, &sheets, period, &out_dir) {
        Ok(Some(f)) => files.push(f),
        Ok(None) => {}
        Err(m) => problems.push(m),
    }
    Reply::json(200, &json!({ "files": files, "problems": problems }))
}

fn file_of(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The roll-up of the sheets that load, as an Excel table in `out_dir`;
/// refused when their years differ (the words of `zongjie rollup`).
fn rollup(app: &App, sheets: &[PathBuf], period: Period, out_dir: &Path) -> Result<Option<String>, String> {
    let good: Vec<DataSheet> = sheets.iter().filter_map(|s| DataSheet::load_with(s, &app.setup.templates.catalogue, &app.setup.profile).ok()).collect();
    let Some(first) = good.first() else { return Ok(None) };
    if let Some(other) = good.iter().find(|d| d.year() != first.year()) {
        let name = |d: &DataSheet| security::relative(&app.root, &d.source.path);
        return Err(format!("汇总表没有生成：数据表年度不一致：{} 为 {} 年，{} 为 {} 年；请分年度汇总（把不同年度的表放在不同的文件夹）", name(first), first.year(), name(other), other.year()));
    }
    let refs: Vec<&DataSheet> = good.iter().collect();
    let name = app.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let table = crate::rollup::RollupTable::build(&name, &refs, &app.setup.templates.catalogue, period);
    crate::rollup::xlsx::to_xlsx(&table, "")
        .and_then(|bytes| crate::workflow::output::write_atomic(out_dir, &format!("{}.xlsx", crate::workflow::output::sanitize(&table.title)), &bytes))
        .map(|p| Some(file_of(&p)))
        .map_err(|e| format!("汇总表：{e}"))
}
