//! The folder's sheet list for `zongjie serve`: each sheet's unit, level,
//! year and checker status. Loading and checking a sheet costs a few
//! milliseconds, so a county folder of hundreds would make every visit to
//! the list slow; each row is kept with a hash of the bytes it was made
//! from (the sheet and, for a township, its village sheets) and the day it
//! was checked, and made again only when one of those changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;

use super::App;
use super::page::ListRow;
use super::security;
use super::status::Left;
use crate::data::{DataSheet, Period};

/// Rows of the list by sheet path, with what they were made from.
#[derive(Default)]
pub struct Cache(Mutex<HashMap<PathBuf, Entry>>);

struct Entry {
    /// The files the row depends on, with a hash of their bytes (None: missing).
    stamp: Vec<(PathBuf, Option<u64>)>,
    day: NaiveDate,
    row: ListRow,
}

fn hash_of(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

fn current(stamp: &[(PathBuf, Option<u64>)]) -> bool {
    stamp.iter().all(|(p, h)| hash_of(p) == *h)
}

/// The rows of the folder's sheets, in order, made again only where a file changed.
pub fn rows(app: &App) -> Vec<ListRow> {
    let today = chrono::Local::now().date_naive();
    let sheets = app.sheets();
    let mut cache = app.list_cache.0.lock().unwrap_or_else(|e| e.into_inner());
    cache.retain(|p, _| sheets.contains(p));
    sheets
        .iter()
        .map(|p| {
            if let Some(e) = cache.get(p).filter(|e| e.day == today && current(&e.stamp)) {
                return e.row.clone();
            }
            let own = hash_of(p);
            let (row, mut villages) = row(app, p);
            // The sheet's ledger files count like its villages: a changed ledger is checked again.
            villages.extend(std::fs::read_to_string(p).map(|t| crate::data::ledger::named_files(p, &t)).unwrap_or_default());
            let mut stamp = vec![(p.clone(), own)];
            stamp.extend(villages.into_iter().map(|v| {
                let h = hash_of(&v);
                (v, h)
            }));
            cache.insert(p.clone(), Entry { stamp, day: today, row: row.clone() });
            row
        })
        .collect()
}

/// A sheet loaded as `render` loads it and checked for every version it has.
pub fn check(app: &App, p: &Path) -> Result<(DataSheet, Vec<Period>, Vec<crate::lint::Finding>), crate::error::Error> {
    let setup = &app.setup;
    let ds = DataSheet::load_with(p, &setup.templates.catalogue, &setup.profile)?;
    let periods = ds.renderable(&Period::ALL).map(|(p, _)| p).unwrap_or_default();
    let today = chrono::Local::now().date_naive();
    let f = crate::lint::check(&ds, &crate::lint::Options { periods: &periods, templates: &setup.templates, format: &setup.profile.format, today });
    Ok((ds, periods, f))
}

/// One sheet loaded and checked (both versions), with the village sheets it read.
fn row(app: &App, p: &Path) -> (ListRow, Vec<PathBuf>) {
    let name = security::relative(&app.root, p);
    let text = std::fs::read_to_string(p).unwrap_or_default();
    let failed = |name: String, status_text: String| ListRow { name, unit: String::new(), level: String::new(), year: None, status: "error", status_text, versions: Vec::new(), outputs: Vec::new() };
    if let Err(m) = security::villages_inside(&app.root, p, &text) {
        return (failed(name, m), Vec::new());
    }
    let dir = p.parent().unwrap_or(Path::new("."));
    match check(app, p) {
        Err(e) => {
            // A township whose village is missing fails here: the villages still count.
            let villages = security::listed_villages(&text).unwrap_or_default();
            (failed(name, format!("无法读取：{}", super::preview::error_text(&e, &text))), villages.iter().map(|v| dir.join(v)).collect())
        }
        Ok((ds, periods, f)) => {
            let whole = Left::of(&f, None);
            let versions = Period::ALL
                .iter()
                .map(|&v| {
                    let version = super::preview::period_name(v).to_string();
                    if periods.contains(&v) {
                        let l = Left::of(&f, Some(v));
                        (version, l.describe(), l.class())
                    } else {
                        (version, "只填了上半年数值，还不能生成".to_string(), "none")
                    }
                })
                .collect();
            let villages = ds.sheet.report.villages.iter().map(|v| dir.join(v.get_ref())).collect();
            use crate::render::Format;
            let made = crate::workflow::generate::output_names(&ds, &periods, &[Format::Docx, Format::Pdf, Format::Txt]);
            let outputs = made.iter().flat_map(|n| [n.clone(), crate::workflow::guard::draft_name(n)]).collect();
            (ListRow { name, unit: ds.unit_name().to_string(), level: ds.level().to_string(), year: Some(ds.year()), status: whole.class(), status_text: whole.describe(), versions, outputs }, villages)
        }
    }
}

/// Whether a unit at `level` sums villages (镇, 乡, 街道).
pub fn is_township(level: &str) -> bool {
    matches!(level, "镇" | "乡" | "街道")
}

/// The village and community sheets a township at `sheet` may list: those
/// in its folder or below, named relative to it.
pub fn village_candidates(app: &App, sheet: &Path) -> Vec<String> {
    let dir = sheet.parent().unwrap_or(&app.root);
    rows(app)
        .into_iter()
        .filter(|r| matches!(r.level.as_str(), "村" | "社区"))
        .filter_map(|r| {
            let p = app.root.join(&r.name);
            let rel = p.strip_prefix(dir).ok()?;
            (p != sheet).then(|| rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
        })
        .collect()
}
