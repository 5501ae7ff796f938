//! A township built from its villages: `[report] villages = [...]` names
//! village sheets; the township's flow figures it does not state default to
//! the villages' sums, and a stated figure that differs from that sum is
//! reported (as a note: the township may know better, e.g. town-level work).

use std::path::{Component, Path, PathBuf};

use super::catalogue::{Catalogue, Kind};
use super::figures::{Figure, format_number};
use super::model::DataSheet;
use crate::error::Diagnostic;
use crate::profile::Profile;

/// Loads the village sheets a township names and applies their sums.
/// Returns the notes (mismatches), or errors (a village that cannot be read).
pub fn load_and_sum(ds: &mut DataSheet, path: &Path, cat: &Catalogue, profile: &Profile) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    // Only a township sums villages: a village listing villages is a slip.
    if matches!(ds.level(), "村" | "社区")
        && let Some(v) = ds.sheet.report.villages.first()
    {
        let level = ds.level().to_string();
        return Err(vec![ds.diag_in(v, 0, format!("{level}的数据表不汇总其他村（社区），villages 只用于乡镇、街道的数据表"), "删去 [report] 中的 villages 这一行；各村的数字由所属乡镇（街道）的数据表汇总")]);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut villages = Vec::new();
    let mut errors = Vec::new();
    for v in &ds.sheet.report.villages {
        let vpath = match beside(dir, path, v.get_ref()) {
            Ok(p) => p,
            Err(why) => {
                errors.push(ds.diag_in(v, 0, format!("villages 中的“{}”{why}", v.get_ref()), "只写与本表同一文件夹（或其下级文件夹）中的村数据表文件名，如 villages = [\"石桥村.toml\"]"));
                continue;
            }
        };
        // Loaded without its own villages: a village that lists villages is
        // an error below, never a recursion.
        match DataSheet::load_one(&vpath, cat, profile) {
            Ok((village, _)) if !village.sheet.report.villages.is_empty() => {
                errors.push(ds.diag_in(v, 0, format!("{} 自己也列了下级数据表，只支持乡镇—村两级", v.get_ref()), "村数据表中不要写 villages"));
            }
            Ok((village, _)) => villages.push(village),
            Err(e) => {
                let first = e.diagnostics().first().map_or(e.to_string(), |d| format!("{}：{}", d.location(), d.message));
                errors.push(ds.diag_in(v, 0, format!("无法读取所列的村数据表 {}", v.get_ref()), format!("先修好该表：{first}")));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(apply(ds, &villages))
}

/// Resolves a `villages` entry: a relative path without `..` whose real
/// file (links resolved) lies in the sheet's folder or below and is not the
/// sheet itself; the error says why not.
pub(super) fn beside(dir: &Path, sheet: &Path, entry: &str) -> Result<PathBuf, &'static str> {
    let rel = Path::new(entry);
    if entry.trim().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err("不是本文件夹中的文件名（不能写绝对路径或“..”）");
    }
    let p = dir.join(rel);
    let (Ok(real_dir), Ok(real)) = (dir.canonicalize(), p.canonicalize()) else { return Ok(p) }; // missing: the loader says so
    if !real.starts_with(&real_dir) {
        return Err("指向本文件夹以外的文件");
    }
    if sheet.canonicalize().is_ok_and(|s| s == real) {
        return Err("就是本表自己");
    }
    Ok(p)
}

/// Fills unstated flow figures with the villages' sums and reports stated
/// ones that differ. A sum exists only where every village gives the figure.
pub fn apply(ds: &mut DataSheet, villages: &[DataSheet]) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let Some(first) = villages.first() else { return notes };
    let keys: Vec<String> = first.figures.iter().filter(|f| f.kind == Kind::Flow).map(|f| f.key.clone()).collect();
    for key in keys {
        let figs: Vec<&Figure> = villages.iter().filter_map(|v| v.figures.get(&key)).collect();
        if figs.len() != villages.len() {
            continue;
        }
        let sum = |get: fn(&Figure) -> Option<f64>| figs.iter().map(|f| get(f)).sum::<Option<f64>>();
        let (h1, h2) = (sum(|f| f.h1), sum(|f| f.h2));
        match ds.figures.get(&key) {
            None => {
                let mut f = figs[0].clone();
                (f.h1, f.h2, f.year, f.last_year, f.last_year_h1) = (h1, h2, None, sum(|f| f.last_year), sum(|f| f.last_year_h1));
                f.span = 0..0;
                ds.figures.insert(f);
            }
            Some(stated) => {
                for (half, mine, total) in [("上半年", stated.h1, h1), ("下半年", stated.h2, h2)] {
                    if let (Some(m), Some(t)) = (mine, total)
                        && (m - t).abs() > 1e-9 {
                            notes.push(ds.source.diag(
                                stated.span.start,
                                format!("“{}”{half}填的是 {}，所列各村合计为 {}", stated.label, format_number(m), format_number(t)),
                                "核对镇级数据与各村数据；镇本级另有工作量时可保留，否则删去此项以采用各村合计",
                            ));
                        }
                }
            }
        }
    }
    notes
}
