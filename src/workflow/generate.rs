//! One sheet rendered to files: checked, composed and rendered in memory
//! for every period and format, then written atomically into the output
//! folder, keeping .docx files edited since they were generated. Used by
//! `zongjie render` (many sheets in parallel) and the editor's 生成 buttons.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::guard;
use super::output::{file_name, write_all_atomic};
use crate::compose;
use crate::data::{DataSheet, Period};
use crate::doc::{Document, Meta};
use crate::error::{Diagnostic, Error};
use crate::lint;
use crate::render::Format;

/// Where and how `render` writes.
pub struct WriteOptions<'a> {
    /// The output folder.
    pub out_dir: &'a Path,
    /// Render sheets with checker errors, marked 草稿.
    pub draft: bool,
    /// Mark 草稿 also a sheet still holding `init`'s example texts,
    /// placeholders or placeholder zeros (the editor: what it makes is
    /// final only when the sheet is).
    pub unfinished: bool,
    /// Replace .docx files edited since they were generated.
    pub force: bool,
}

/// What happened to one sheet.
#[derive(Default)]
pub struct Outcome {
    /// The sheet.
    pub sheet: PathBuf,
    /// Files written (emptied once reported, unless the sheet failed).
    pub written: Vec<PathBuf>,
    /// How many files were written.
    pub files: usize,
    /// Existing files left in place, and why (edited since generated).
    pub kept: Vec<(PathBuf, &'static str)>,
    /// Notes (checker warnings; with `--draft`, errors too).
    pub notes: Vec<Diagnostic>,
    /// Rendered as a draft (the sheet has checker errors).
    pub draft: bool,
    /// Drafts of the files now written as final, removed (made by zongjie, not edited since).
    pub removed: Vec<PathBuf>,
    /// Why the sheet (or one of its files) failed.
    pub error: Option<Error>,
    /// Skipped by an interruption.
    pub interrupted: bool,
}

/// The file names a sheet will produce.
pub fn output_names(ds: &DataSheet, periods: &[Period], formats: &[Format]) -> Vec<String> {
    let mut out = Vec::new();
    for &period in periods {
        let meta = Meta { author: String::new(), area: ds.area().into(), year: ds.year(), kind: ds.kind().into(), period, date: chrono::NaiveDate::MIN };
        for f in formats {
            if let Ok(r) = f.renderer() {
                out.push(file_name(&meta, r.extension()));
            }
        }
    }
    out
}

/// Renders one sheet to every period and format in memory, then writes the
/// files into `opts.out_dir`, filling `o` (files written, kept, notes) as
/// it goes, so that a failure on the third file still reports the first two.
/// The files are written all or none (a full disk leaves none of them);
/// only a failing rename (a folder at a file's name) leaves the earlier ones.
pub fn render_sheet(sheet: &Path, setup: &crate::workflow::setup::Setup, periods: &[Period], formats: &[Format], opts: &WriteOptions<'_>, o: &mut Outcome) -> Result<(), Error> {
    let mut files = prepare(sheet, setup, periods, formats, (opts.draft, opts.unfinished), o)?;
    std::fs::create_dir_all(opts.out_dir).map_err(|source| Error::Io { action: "写入", path: opts.out_dir.to_path_buf(), source })?;
    files.retain(|(name, _)| {
        let target = opts.out_dir.join(name);
        match guard::keep_reason(&target).filter(|_| !opts.force) {
            Some(why) => {
                o.kept.push((target, why));
                false
            }
            None => true,
        }
    });
    write_all_atomic(opts.out_dir, &files, &mut o.written)?;
    // A final file replaces its earlier draft, unless someone edited that draft.
    if !o.draft {
        for (name, _) in &files {
            let draft = opts.out_dir.join(guard::draft_name(name));
            if draft.is_file() && guard::keep_reason(&draft).is_none() && std::fs::remove_file(&draft).is_ok() {
                o.removed.push(draft);
            }
        }
    }
    Ok(())
}

/// The note for a version left out: which, and the first reason in one line.
fn skipped_version(sheet: &Path, period: Period, e: &Error) -> Diagnostic {
    let name = if period == Period::H1 { "上半年" } else { "全年" };
    let why = match e.diagnostics().first() {
        Some(d) if d.line > 0 => format!("第{}行：{}", d.line, d.message),
        Some(d) => d.message.clone(),
        None => e.to_string().lines().next().unwrap_or_default().to_string(),
    };
    Diagnostic::whole_file(sheet, format!("未生成{name}版本（{why}），其余版本已生成"), "")
}

/// Checks and renders one sheet in memory: (file name, bytes) per period
/// and format. The checker runs first and its findings become the notes;
/// error-severity findings refuse the sheet, or with `draft` mark every
/// file 草稿 (name, page header, txt first line); `unfinished`: sample
/// texts, placeholders and placeholder zeros mark the files 草稿 too.
pub fn prepare(sheet: &Path, setup: &crate::workflow::setup::Setup, periods: &[Period], formats: &[Format], (draft, unfinished): (bool, bool), o: &mut Outcome) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut ds = crate::import::load_any(sheet, &setup.templates.catalogue, &setup.profile)?;
    // A July sheet asked for both versions gives the 上半年 one and says why.
    let (periods, skipped) = ds.renderable(&crate::import::own_periods(sheet, &ds, periods))?;
    let periods = &periods[..];
    let today = chrono::Local::now().date_naive();
    let checked = lint::check(&ds, &lint::Options { periods, templates: &setup.templates, format: &setup.profile.format, today });
    // A version that cannot be composed fails below with its own error.
    let findings: Vec<_> = checked.into_iter().filter(|f| f.rule != lint::Rule::Compose).collect();
    let errors = lint::has_errors(&findings);
    if errors && !draft {
        return Err(Error::Refused(findings.iter().filter(|f| f.severity == lint::Severity::Error).map(lint::Finding::to_diagnostic).collect()));
    }
    // The loader's notes (village sums) are among the findings, minus those a
    // `# 不检查` comment covers: the findings are the notes.
    ds.notes = findings.iter().map(lint::Finding::to_diagnostic).chain(skipped).collect();
    o.notes = ds.notes.clone();
    let errors = errors || unfinished && findings.iter().any(|f| matches!(f.rule, lint::Rule::SampleText | lint::Rule::ZeroFigure | lint::Rule::Placeholder));
    o.draft = errors;
    // Every (version, format) renders on its own core: one sheet alone still
    // uses the machine. Results keep their order, and the first error in that
    // order is the one reported, so the outcome does not depend on timing.
    // Asked for both, a version that cannot be composed (a point citing a
    // figure with no second-half value) is skipped with one line saying why,
    // and the other is rendered; asked for one, its error is the sheet's.
    let mut docs: Vec<Document> = Vec::new();
    let mut failed = None;
    for &period in periods {
        match compose::compose(&ds, period, &setup.templates, &setup.profile.format, today) {
            Ok(d) => docs.push(d),
            Err(e) if periods.len() > 1 => {
                o.notes.push(skipped_version(sheet, period, &e));
                failed = Some(e);
            }
            Err(e) => return Err(e),
        }
    }
    if let (true, Some(e)) = (docs.is_empty(), failed) {
        return Err(e);
    }
    for d in &mut docs {
        d.format.draft = errors;
    }
    let jobs: Vec<(&Document, Format)> = docs.iter().flat_map(|d| formats.iter().map(move |f| (d, *f))).collect();
    let rendered: Vec<Result<(String, Vec<u8>), Error>> = jobs
        .par_iter()
        .map(|(doc, f)| {
            let r = f.renderer()?;
            let name = file_name(&doc.meta, r.extension());
            Ok((if errors { guard::draft_name(&name) } else { name }, r.render(doc)?))
        })
        .collect();
    rendered.into_iter().collect()
}
