//! The live preview of `zongjie serve`: the edited (unsaved) sheet text is
//! loaded, checked and composed like `render` does, laid out by
//! [`crate::layout`] with the PDF's fonts — so lines and pages break where
//! the PDF breaks them — and drawn as positioned HTML runs. The checker's
//! findings come back with the form field they concern.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::App;
use super::locate::Places;
use super::html::esc;
use crate::compose;
use crate::data::{DataSheet, Period};
use crate::data::source::SourceFile;
use crate::doc::Document;
use crate::layout::{self, FixedMetrics, Grid, Metrics, PagedDocument, Role};
use crate::lint;

/// One checker finding, placed at a form field.
#[derive(Debug, Serialize)]
pub struct Note {
    /// The form field (`work.0.points.1.text`, `figures.members`), or empty.
    pub name: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// The sheet line (0 for generated text).
    pub line: usize,
}

/// What the page shows beside the form.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// The pages as HTML (empty when the sheet cannot be composed).
    pub html: String,
    /// Number of pages.
    pub pages: usize,
    /// Findings, or the loader's errors.
    pub notes: Vec<Note>,
}

/// The checker's field name (`work[2].points[1].text`, 1-based) as the form
/// names it (`work.1.points.0.text`).
pub fn form_name(field: &str) -> String {
    let field = field.split('（').next().unwrap_or(field);
    let mut out = String::new();
    let mut rest = field;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(']') else { break };
        let n: usize = rest[i + 1..i + j].parse().unwrap_or(1);
        let _ = write!(out, ".{}", n.saturating_sub(1));
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// The Chinese name of a version, as the page's drop-down says it.
pub fn period_name(p: Period) -> &'static str {
    match p {
        Period::H1 => "上半年",
        Period::Year => "全年",
    }
}

/// Loads `text` as the sheet at `path`, checks both versions and lays out
/// `period`. A problem of the other version only is named with it, so the
/// clerk sees it without switching the preview.
pub fn preview(app: &App, path: &Path, text: &str, period: Period) -> Preview {
    let setup = &app.setup;
    let places = Places::of(text);
    let loaded = DataSheet::from_text(SourceFile::new(path, text.to_string()), &setup.templates.catalogue).and_then(|ds| match ds.check_profile(&setup.profile).into_iter().next() {
        Some(d) => Err(d.into()),
        None => Ok(ds),
    });
    let mut ds = match loaded {
        Ok(ds) => ds,
        Err(e) => return Preview { html: String::new(), pages: 0, notes: error_notes(&e, &places, None) },
    };
    ds.wording = setup.profile.wording.clone();
    // A township summing its villages, as `DataSheet::load_with` does.
    if !ds.sheet.report.villages.is_empty() {
        if let Err(m) = super::security::villages_inside(&app.root, path, text) {
            return Preview { html: String::new(), pages: 0, notes: vec![Note { name: "report.villages".into(), severity: "error", message: m, line: 0 }] };
        }
        let summed = crate::data::villages::load_and_sum(&mut ds, path, &setup.templates.catalogue, &setup.profile).map(|notes| (notes, ds.undefined_references()));
        match summed {
            Ok((notes, undefined)) if undefined.is_empty() => ds.notes.extend(notes),
            Ok((_, errors)) | Err(errors) => return Preview { html: String::new(), pages: 0, notes: error_notes(&crate::error::Error::Many(errors), &places, None) },
        }
    }
    let today = chrono::Local::now().date_naive();
    let periods = match ds.renderable(&Period::ALL) {
        Ok((p, _)) => p,
        Err(_) => vec![period],
    };
    let findings = lint::check(&ds, &lint::Options { periods: &periods, templates: &setup.templates, format: &setup.profile.format, today });
    let mut notes: Vec<Note> = findings
        .iter()
        .map(|f| {
            let text = if f.hint.is_empty() { f.message.clone() } else { format!("{}（{}）", f.message, f.hint) };
            Note {
                name: f.field.as_deref().map(form_name).unwrap_or_default(),
                severity: f.severity.key(),
                message: match f.period {
                    Some(p) if periods.len() > 1 => format!("{}版本：{text}", period_name(p)),
                    _ => text,
                },
                line: f.line,
            }
        })
        .collect();
    // The other version composed too: its errors (an unfilled figure it cites) show now.
    for other in periods.iter().copied().filter(|p| *p != period) {
        if let Err(e) = compose::compose(&ds, other, &setup.templates, &setup.profile.format, today) {
            notes.extend(error_notes(&e, &places, Some(other)));
        }
    }
    let mut doc = match compose::compose(&ds, period, &setup.templates, &setup.profile.format, today) {
        Ok(d) => d,
        Err(e) => {
            notes.extend(error_notes(&e, &places, (periods.len() > 1).then_some(period)));
            return Preview { html: String::new(), pages: 0, notes: dedup(notes) };
        }
    };
    // Marked 草稿 exactly when the files generated now would be.
    let checked: Vec<_> = findings.into_iter().filter(|f| f.rule != lint::Rule::Compose).collect();
    doc.format.draft = !super::status::Left::of(&checked, None).is_final();
    let (html, pages) = lay_out(app, &doc);
    Preview { html, pages, notes: dedup(notes) }
}

/// The same finding once (both versions may report it).
fn dedup(mut notes: Vec<Note>) -> Vec<Note> {
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert((n.name.clone(), n.message.clone())));
    notes
}

/// The loader's or composer's diagnostics as notes at their boxes (the
/// line only when no box holds it); `period`: the version they belong to.
pub fn error_notes(e: &crate::error::Error, places: &Places, period: Option<Period>) -> Vec<Note> {
    let diags: Vec<crate::Diagnostic> = match e {
        crate::error::Error::Many(v) => v.clone(),
        crate::error::Error::Sheet(d) => vec![(**d).clone()],
        _ => Vec::new(),
    };
    let version = period.map(|p| format!("{}版本：", period_name(p))).unwrap_or_default();
    if diags.is_empty() {
        return vec![Note { name: String::new(), severity: "error", message: format!("{version}{e}"), line: 0 }];
    }
    diags
        .iter()
        .map(|d| {
            let hint = if d.hint.is_empty() { String::new() } else { format!("（{}）", d.hint) };
            match places.field(d.line, &d.message) {
                // A required box left empty: the loader's hint names the TOML key.
                Some(name) if d.message.starts_with("缺少必填字段") => Note { name, severity: "error", message: format!("{version}必须填写，不能空着"), line: d.line },
                Some(name) => Note { name, severity: "error", message: format!("{version}{}{hint}", d.message), line: d.line },
                None => Note { name: String::new(), severity: "error", message: format!("{version}第 {} 行：{}{hint}", d.line, d.message), line: d.line },
            }
        })
        .collect()
}

/// A loader's or composer's error about the sheet `text` in one line for a
/// page: each problem with its line, no file path, no source excerpt.
pub fn error_text(e: &crate::error::Error, text: &str) -> String {
    let notes = error_notes(e, &Places::of(text), None);
    let what: Vec<String> = notes.iter().map(|n| if n.line == 0 || n.message.starts_with('第') { n.message.clone() } else { format!("第 {} 行：{}", n.line, n.message) }).collect();
    what.join("；")
}

/// The layout the PDF renderer makes of `doc` — its grid (the strict GB/T
/// 9704 grid unless the profile changes it) and the fonts' advances — drawn
/// as HTML; with the number of pages.
pub fn lay_out(app: &App, doc: &Document) -> (String, usize) {
    let grid = Grid::for_format(&doc.format);
    let faces = app.fonts.as_ref().and_then(|f| f.faces().ok());
    let metrics: &dyn Metrics = match &faces {
        Some(f) => f,
        None => &FixedMetrics,
    };
    let paged = layout::layout(doc, &grid, metrics);
    (html(&paged, metrics), paged.pages.len())
}

fn family(role: Role) -> &'static str {
    match role {
        Role::Title => "title",
        Role::Body => "body",
        Role::Heading1 => "h1",
        Role::Heading2 => "h2",
        Role::PageNumber => "folio",
    }
}

/// The pages as HTML: one box per page in points, every glyph at the x the
/// PDF puts it (advance × size + the run's spacing), so the browser's own
/// fonts cannot move a character or a line break.
pub fn html(paged: &PagedDocument, metrics: &dyn Metrics) -> String {
    let (w, h) = paged.grid.page;
    let mut out = String::new();
    for page in &paged.pages {
        // The slot takes the page's size scaled (CSS --z), the page is scaled
        // into it with a transform: no CSS `zoom`, which older Firefox lacks.
        let _ = write!(out, "<div class=\"slot\" style=\"--pw:{w:.1}pt;--ph:{h:.1}pt\"><div class=\"page\" data-page=\"{}\" style=\"width:{w:.1}pt;height:{h:.1}pt\">", page.number);
        let runs = page.lines.iter().flat_map(|l| l.runs.iter()).chain(std::iter::once(&page.folio)).chain(page.mark.iter());
        for r in runs {
            let _ = write!(out, "<span class=\"r {}{}\" style=\"top:{:.2}pt;font-size:{:.1}pt\">", family(r.role), if r.bold { " b" } else { "" }, r.y - 0.88 * r.size, r.size);
            let mut x = r.x;
            let mut buf = [0u8; 4];
            for c in r.text.chars() {
                let _ = write!(out, "<i style=\"left:{x:.2}pt\">{}</i>", esc(c.encode_utf8(&mut buf)));
                x += metrics.advance(r.role, c) * r.size + r.spacing;
            }
            out.push_str("</span>");
        }
        out.push_str("</div></div>");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn checker_fields_become_form_names() {
        assert_eq!(super::form_name("work[2].points[1].text"), "work.1.points.0.text");
        assert_eq!(super::form_name("problems[3].title"), "problems.2.title");
        assert_eq!(super::form_name("figures.members（由所列各村合计）"), "figures.members");
        assert_eq!(super::form_name("unit.area"), "unit.area");
    }
}
