//! Input limits of a sheet, checked while loading (after the TOML parse):
//! sizes a real sheet never reaches, so a pasted novel or a generated file
//! gets one clear message instead of slow or giant output, and characters
//! that must not reach a report or a terminal (control characters written
//! as escapes such as `\u001b`). The file size itself is bounded by
//! [`super::input::MAX_FILE_BYTES`]; `{}` nesting by [`super::interp::MAX_DEPTH`].

use super::model::DataSheet;
use super::sheet::Text;
use crate::error::Diagnostic;

/// Most characters in a name (area, kind, superior…).
pub const MAX_NAME_CHARS: usize = 60;
/// Most characters in the unit's full name (中共……委员会).
pub const MAX_UNIT_CHARS: usize = 100;
/// Most characters in a title (of a work block, point, problem or plan).
pub const MAX_TITLE_CHARS: usize = 200;
/// Most characters in one text.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most entries in one list (work blocks, points of a block, problems, plans, spirits, villages).
pub const MAX_ENTRIES: usize = 500;

/// The limit problems of a loaded sheet.
pub fn check(ds: &DataSheet) -> Vec<Diagnostic> {
    let s = &ds.sheet;
    let mut errors = Vec::new();
    too_long(ds, &s.unit.name, MAX_UNIT_CHARS, "名称", &mut errors);
    let names = [s.unit.short.as_ref(), Some(&s.unit.area), s.unit.superior.as_ref(), s.unit.level.as_ref(), s.report.kind.as_ref()];
    for t in names.into_iter().flatten() {
        too_long(ds, t, MAX_NAME_CHARS, "名称", &mut errors);
    }
    for w in &s.work {
        w.title.iter().for_each(|t| too_long(ds, t, MAX_TITLE_CHARS, "标题", &mut errors));
        w.points.iter().filter_map(|p| p.title.as_ref()).for_each(|t| too_long(ds, t, MAX_TITLE_CHARS, "标题", &mut errors));
    }
    for t in s.problems.iter().filter_map(|p| p.title.as_ref()).chain(s.plans.iter().filter_map(|p| p.title.as_ref())) {
        too_long(ds, t, MAX_TITLE_CHARS, "标题", &mut errors);
    }
    let others = [s.report.guiding.as_ref(), s.report.approach.as_ref()].into_iter().flatten().chain(&s.report.spirit).chain(&s.report.villages);
    for t in ds.texts().into_iter().chain(others) {
        too_long(ds, t, MAX_TEXT_CHARS, "文字", &mut errors);
    }
    for t in ds.texts().into_iter().chain([&s.unit.name]).chain(names.into_iter().flatten()).chain([s.report.guiding.as_ref(), s.report.approach.as_ref()].into_iter().flatten()).chain(&s.report.spirit) {
        if let Some((at, c)) = t.get_ref().char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            errors.push(ds.diag_in(t, at, format!("文字中有看不见的控制字符（U+{:04X}）", c as u32), "删去这个字符（多半是从其他软件复制文字时带进来的，或写了 \\u001b 之类的转义）"));
        }
    }
    if s.activity.len() > super::ledger::LIMITS.rows {
        let at = ds.source.text.match_indices("[[activity]]").nth(super::ledger::LIMITS.rows).map_or(0, |(o, _)| o);
        errors.push(ds.source.diag(at, format!("[[activity]] 写了 {} 项，超过了 {} 项的上限", s.activity.len(), super::ledger::LIMITS.rows), "一年的活动用不了这么多项；请检查是否重复粘贴"));
    }
    let counts = [("[[work]]", s.work.len()), ("[[problems]]", s.problems.len()), ("[[plans]]", s.plans.len()), ("spirit", s.report.spirit.len()), ("villages", s.report.villages.len())];
    let points = s.work.iter().map(|w| ("[[work.points]]", w.points.len()));
    for (what, n) in counts.into_iter().chain(points) {
        if n > MAX_ENTRIES {
            let at = ds.source.text.match_indices(what.trim_matches(['[', ']'])).nth(MAX_ENTRIES).map_or(0, |(o, _)| o);
            errors.push(ds.source.diag(at, format!("{what} 写了 {n} 项，超过了 {MAX_ENTRIES} 项的上限"), "一份总结用不了这么多项；请合并相近的内容"));
            break;
        }
    }
    errors
}

fn too_long(ds: &DataSheet, t: &Text, max: usize, what: &str, errors: &mut Vec<Diagnostic>) {
    if let Some((at, _)) = t.get_ref().char_indices().nth(max) {
        errors.push(ds.diag_in(t, at, format!("这段{what}超过了 {max} 个字"), format!("{what}最多 {max} 个字；请精简，或拆成几段")));
    }
}
