//! `zongjie render`: sheets → reports, many at once. Profiles and templates
//! are loaded once per run; sheets render in parallel (rayon), each fully in
//! memory before its files are written atomically, so a bad sheet or an
//! interruption (Ctrl-C) never leaves a half-written file. A bad sheet is
//! reported and the others go on; a summary (`summary.rs`) lists every
//! failure. A sheet with checker errors is not rendered unless `--draft`
//! (then marked 草稿); `guard.rs` keeps edited .docx files and refuses
//! sheets that would write the same file.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::batch::Progress;
use super::{fail, guard, summary};
pub use crate::workflow::generate::{Outcome, WriteOptions, render_sheet};
use crate::workflow::generate::{output_names, prepare};
use crate::data::Period;
use crate::error::Error;
use crate::render::Format;

/// Set by the Ctrl-C handler: stop starting new sheets.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Options of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// 数据表文件或文件夹（文件夹内的 *.toml 全部生成，profile.toml 除外）；也可直接给已有的报告（.docx、.txt），按标准格式重新生成
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
    /// 数据表有“错误”级问题时也生成，但每个文件都标明“草稿”（文件名和页眉）
    #[arg(long)]
    pub draft: bool,
    /// 覆盖生成后被修改过的 Word 文件（默认保留不覆盖）
    #[arg(long)]
    pub force: bool,
    /// （已是默认行为，保留以兼容旧脚本）有“错误”级问题的数据表不生成
    #[arg(long, hide = true)]
    pub strict: bool,
    /// PDF 字体选项
    #[command(flatten)]
    pub fonts: crate::cli::fonts::FontsArgs,
}

/// Runs `render`; returns the exit code (0 all done, 1 sheets refused for
/// checker errors or edited .docx files kept, 2 any other failure, 130
/// interrupted).
pub fn run(args: &RenderArgs) -> ExitCode {
    let periods = match super::periods_arg(&args.period) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let Some(formats) = Format::parse_list(&args.format) else {
        return fail(format!("--format 取值“{}”无效，可用 txt、docx、pdf（逗号分隔）或 all", args.format));
    };
    if args.strict && args.draft {
        return fail("--strict（有错误就不生成）与 --draft（有错误也生成草稿）不能同时使用；有错误就不生成已是默认做法，去掉 --strict 即可");
    }
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && formats != [Format::Txt] {
        return fail("-o - 把 txt 总结直接显示在屏幕上，只能与 --format txt 一起用");
    }
    let (sheets, setups) = match args.setup.collect_for(&args.sheets, &args.fonts.font, &formats) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    if to_stdout {
        return preview(args, &sheets, &setups, &periods);
    }
    let progress = Progress::new(sheets.len() as u64, args.quiet);

    // Phase 1: load every sheet (cheap) to learn its output names; sheets
    // that would write the same file are all refused, whatever the timing.
    let names: Vec<Result<Vec<String>, Error>> = sheets
        .par_iter()
        .map(|(sheet, _)| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return Ok(Vec::new());
            }
            let setup = setups.of(sheet);
            let ds = crate::import::load_any(sheet, &setup.templates.catalogue, &setup.profile)?;
            Ok(output_names(&ds, &ds.renderable(&crate::import::own_periods(sheet, &ds, &periods))?.0, &formats))
        })
        .collect();
    let claims: Vec<(PathBuf, Vec<String>)> = sheets.iter().zip(&names).filter_map(|((s, _), n)| Some((s.clone(), n.as_ref().ok()?.clone()))).collect();
    let clashes = guard::clashes(&claims);
    let plan: Vec<Result<(), Error>> = sheets
        .iter()
        .zip(names)
        .map(|((sheet, _), n)| match clashes.get(sheet) {
            Some(msg) => Err(Error::Output(msg.clone())),
            None => n.map(drop),
        })
        .collect();

    // Phase 2: render and write in parallel.
    let options = WriteOptions { out_dir: &args.output, draft: args.draft, unfinished: false, force: args.force };
    let outcomes: Vec<Outcome> = sheets
        .par_iter()
        .zip(plan)
        .map(|((sheet, _), planned)| {
            let mut o = Outcome { sheet: sheet.clone(), ..Outcome::default() };
            if INTERRUPTED.load(Ordering::SeqCst) {
                o.interrupted = true;
                return o;
            }
            // A bug must not take the other sheets down with it: a panic becomes this sheet's error.
            let result = planned.and_then(|()| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_sheet(sheet, &setups.of(sheet), &periods, &formats, &options, &mut o)))
                    .unwrap_or_else(|_| Err(Error::Output("内部错误：生成这张表时程序出错（请把这张数据表发给维护者）".into())))
            });
            for n in &o.notes {
                progress.note(&format!("提醒：{n}"));
            }
            for f in &o.written {
                progress.line(&format!("已生成 {}", f.display()));
            }
            // A county run keeps one outcome per sheet until the summary: keep
            // the count, and the files only of a sheet that failed (the
            // summary lists those); the notes are printed already.
            o.files = o.written.len();
            o.notes = Vec::new();
            // Failures and kept files are reported once, in the summary.
            match result {
                Ok(()) => o.written = Vec::new(),
                Err(e) => o.error = Some(e),
            }
            progress.inc();
            o
        })
        .collect();
    progress.finish();
    summary::summarize(&outcomes, args.quiet)
}

/// `-o -`: the txt reports, in sheet order, on standard output. Errors and
/// notes go to standard error; nothing is written to disk.
fn preview(args: &RenderArgs, sheets: &[(PathBuf, PathBuf)], setups: &super::batch::Setups, periods: &[Period]) -> ExitCode {
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut outcomes = Vec::new();
    for (sheet, _) in sheets {
        let mut o = Outcome { sheet: sheet.clone(), ..Outcome::default() };
        match prepare(sheet, &setups.of(sheet), periods, &[Format::Txt], (args.draft, false), &mut o) {
            Ok(files) => texts.extend(files),
            Err(e) => o.error = Some(e),
        }
        for n in &o.notes {
            errln!("提醒：{n}");
        }
        outcomes.push(o);
    }
    let many = texts.len() > 1;
    for (name, bytes) in &texts {
        if many {
            outln!("==== {name} ====");
        }
        out!("{}", String::from_utf8_lossy(bytes));
        if many {
            outln!();
        }
    }
    summary::summarize(&outcomes, true)
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

