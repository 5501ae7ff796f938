//! `zongjie render`: sheets → reports, many at once. Profiles and templates
//! are loaded once per run; sheets render in parallel (rayon), each fully in
//! memory before its files are written atomically, so a bad sheet or an
//! interruption (Ctrl-C) never leaves a half-written file. A bad sheet is
//! reported and the others go on; a summary lists every failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::batch::Progress;
use super::fail;
use crate::cli::output::{file_name, write_all_atomic};
use crate::compose;
use crate::data::{DataSheet, Period};
use crate::doc::{Document, Meta};
use crate::error::{Diagnostic, Error};
use crate::lint;
use crate::render::Format;

/// Set by the Ctrl-C handler: stop starting new sheets.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Options of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// 数据表文件或文件夹（文件夹内的 *.toml 全部生成，profile.toml 除外）
    #[arg(value_name = "数据表", required = true, help_heading = "参数")]
    pub sheets: Vec<PathBuf>,
    /// 版本：h1（上半年）、year（全年）或 both（两者，默认）
    #[arg(short, long, value_name = "版本", default_value = "both", hide_default_value = true)]
    pub period: String,
    /// 格式：txt（默认）、docx、pdf，可用逗号分隔多个，或 all
    #[arg(short, long, value_name = "格式", default_value = "txt", hide_default_value = true)]
    pub format: String,
    /// 输出文件夹（默认 output）
    #[arg(short, long, value_name = "文件夹", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// 模板和县配置文件
    #[command(flatten)]
    pub setup: super::batch::SetupArgs,
    /// 不显示进度和逐个文件的提示，只报告错误
    #[arg(short, long)]
    pub quiet: bool,
    /// 生成前的检查（同 zongjie check）发现“错误”级问题时不生成该表（默认只提示）
    #[arg(long)]
    pub strict: bool,
    /// PDF 字体选项
    #[command(flatten)]
    pub fonts: crate::cli::fonts::FontsArgs,
}

/// Runs `render`; returns the exit code (0 all done, 1 only `--strict`
/// refusals, 2 any other failure).
pub fn run(args: &RenderArgs) -> ExitCode {
    let periods = match super::periods_arg(&args.period) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(formats) = Format::parse_list(&args.format) else {
        return fail(format!("--format 取值“{}”无效，可用 txt、docx、pdf（逗号分隔）或 all", args.format));
    };
    let (sheets, setups) = match args.setup.collect_for(&args.sheets, &args.fonts.font, &formats) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let progress = Progress::new(sheets.len() as u64, args.quiet);

    // Phase 1: load every sheet (cheap) to learn its output names, so that a
    // clash between two sheets is decided in sheet order, not by timing.
    let names: Vec<Result<Vec<String>, Error>> = sheets
        .par_iter()
        .map(|(sheet, _)| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return Ok(Vec::new());
            }
            let setup = setups.of(sheet);
            let ds = DataSheet::load_with(sheet, &setup.templates.catalogue, &setup.profile)?;
            Ok(output_names(&ds, &periods, &formats))
        })
        .collect();
    let mut claimed: BTreeMap<String, &Path> = BTreeMap::new();
    let mut plan: Vec<Result<(), Error>> = Vec::new();
    for ((sheet, _), n) in sheets.iter().zip(names) {
        plan.push(n.and_then(|names| {
            if let Some((name, other)) = names.iter().find_map(|n| claimed.get(n).map(|o| (n, *o))) {
                return Err(Error::Output(format!("{}：输出文件名“{name}”与 {} 相同（地名、年度相同？），已跳过", sheet.display(), other.display())));
            }
            names.into_iter().for_each(|n| {
                claimed.insert(n, sheet);
            });
            Ok(())
        }));
    }

    // Phase 2: render and write in parallel.
    let outcomes: Vec<Outcome> = sheets
        .par_iter()
        .zip(plan)
        .map(|((sheet, _), planned)| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return Outcome { sheet: sheet.clone(), result: None };
            }
            // A bug must not take the other sheets down with it: a panic becomes this sheet's error.
            let result = planned.and_then(|()| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_sheet(sheet, &setups.of(sheet), &periods, &formats, &args.output, args.strict)))
                    .unwrap_or_else(|_| Err(Error::Output("内部错误：生成这张表时程序出错（请把这张数据表发给维护者）".into())))
            });
            match &result {
                Ok((files, notes)) => {
                    for n in notes {
                        progress.note(&format!("提醒：{n}"));
                    }
                    for f in files {
                        progress.line(&format!("已生成 {}", f.display()));
                    }
                }
                Err(e) => progress.error(&format!("错误：{e}\n")),
            }
            progress.inc();
            Outcome { sheet: sheet.clone(), result: Some(result.map(|(f, _)| f.len())) }
        })
        .collect();
    progress.finish();
    summarize(&outcomes, args.quiet)
}

/// What happened to one sheet.
pub struct Outcome {
    /// The sheet.
    pub sheet: PathBuf,
    /// How many files were written (kept as a count: a county run keeps one
    /// outcome per sheet), or the error; None when an interruption skipped it.
    pub result: Option<Result<usize, Error>>,
}

fn summarize(outcomes: &[Outcome], quiet: bool) -> ExitCode {
    let written: usize = outcomes.iter().filter_map(|o| o.result.as_ref()?.as_ref().ok()).sum();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| matches!(o.result, Some(Err(_)))).collect();
    let skipped = outcomes.iter().filter(|o| o.result.is_none()).count();
    let done = outcomes.len() - failed.len() - skipped;
    if !quiet && outcomes.len() > 1 {
        outln!("完成：{} 张数据表，成功 {done} 张，生成 {written} 个文件。", outcomes.len());
    }
    if skipped > 0 {
        errln!("已中断：{skipped} 张数据表未处理，没有为它们生成任何文件；已写出的文件都是完整的。");
    }
    if failed.is_empty() {
        return ExitCode::from(if skipped > 0 { 130 } else { 0 });
    }
    errln!("有 {} 张数据表未能生成：", failed.len());
    for o in &failed {
        let reason = match &o.result {
            Some(Err(e)) => first_reason(e),
            _ => String::new(),
        };
        errln!("  {}：{reason}", o.sheet.display());
    }
    let refused = failed.iter().all(|o| matches!(o.result, Some(Err(Error::Refused(_)))));
    ExitCode::from(if skipped > 0 { 130 } else if refused { 1 } else { 2 })
}

/// One line saying why a sheet failed, with its location when known.
pub fn first_reason(e: &Error) -> String {
    match e.diagnostics().first() {
        Some(d) => {
            let more = e.diagnostics().len() - 1;
            format!("{}：{}{}", d.location(), d.message, if more > 0 { format!("（另有 {more} 处）") } else { String::new() })
        }
        None => e.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// The file names a sheet will produce.
fn output_names(ds: &DataSheet, periods: &[Period], formats: &[Format]) -> Vec<String> {
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
/// files. The checker runs first: its findings join the sheet's notes, and
/// with `strict` error-severity findings stop the sheet. Returns the files
/// and the notes (warnings).
pub fn render_sheet(sheet: &Path, setup: &super::batch::Setup, periods: &[Period], formats: &[Format], out_dir: &Path, strict: bool) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Error> {
    let mut ds = DataSheet::load_with(sheet, &setup.templates.catalogue, &setup.profile)?;
    let today = chrono::Local::now().date_naive();
    let checked = lint::check(&ds, &lint::Options { periods, templates: &setup.templates, format: &setup.profile.format, today });
    // A version that cannot be composed fails below with its own error.
    let findings: Vec<_> = checked.into_iter().filter(|f| f.rule != lint::Rule::Compose).collect();
    if strict && lint::has_errors(&findings) {
        return Err(Error::Refused(findings.iter().filter(|f| f.severity == lint::Severity::Error).map(lint::Finding::to_diagnostic).collect()));
    }
    // The loader's notes (village sums) are among the findings, minus those a
    // `# 不检查` comment covers: the findings are the notes.
    ds.notes = findings.iter().map(lint::Finding::to_diagnostic).collect();
    // Every (version, format) renders on its own core: one sheet alone still
    // uses the machine. Results keep their order, and the first error in that
    // order is the one reported, so the outcome does not depend on timing.
    let docs: Vec<Document> = periods.iter().map(|&period| compose::compose(&ds, period, &setup.templates, &setup.profile.format, today)).collect::<Result<_, _>>()?;
    let jobs: Vec<(&Document, Format)> = docs.iter().flat_map(|d| formats.iter().map(move |f| (d, *f))).collect();
    let rendered: Vec<Result<(String, Vec<u8>), Error>> = jobs
        .par_iter()
        .map(|(doc, f)| {
            let r = f.renderer()?;
            Ok((file_name(&doc.meta, r.extension()), r.render(doc)?))
        })
        .collect();
    let files: Vec<(String, Vec<u8>)> = rendered.into_iter().collect::<Result<_, _>>()?;
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io { action: "写入", path: out_dir.to_path_buf(), source })?;
    // All of a sheet's files or none (a full disk fails before any is renamed into place).
    let written = write_all_atomic(out_dir, &files)?;
    Ok((written, ds.notes))
}

/// Installs the Ctrl-C handler: the first press stops new sheets (files in
/// flight are finished, so none is half-written); a second press exits.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        errln!("\n正在中断：等待正在写入的文件完成……（再按一次 Ctrl-C 立即退出）");
    });
}

