//! `zongjie import 报告.docx|.txt -o 数据表.toml`: a report people already
//! have becomes a commented sheet ([`crate::import::sheet`]). The sheet is
//! loaded and composed before it is written, and the share of the report's
//! sentences the composed text gives back word for word is printed; an
//! existing file is never overwritten without `--force`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fail;
use super::output::write_atomic;
use crate::compose::{self, Templates};
use crate::data::{DataSheet, Period, SourceFile};
use crate::import::{Overrides, Report, sheet};
use crate::lint::text::{Ctx, scan};

/// Options of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// 已有的报告（.docx 或 .txt）
    #[arg(value_name = "报告", help_heading = "参数")]
    pub report: PathBuf,
    /// 写出的数据表（默认与报告同名、扩展名为 .toml，放在报告旁边；写 - 则输出到屏幕）
    #[arg(short, long, value_name = "数据表")]
    pub output: Option<PathBuf>,
    /// 报告的年度（不指定时按标题、打算标题和落款日期判断）
    #[arg(long, value_name = "年度")]
    pub year: Option<i32>,
    /// 报告的版本：h1（上半年）或 year（全年）（不指定时按标题等判断）
    #[arg(short, long, value_name = "版本")]
    pub period: Option<String>,
    /// 导入前先做可以安全自动修复的修改（半角标点、错写的固定用语等）；不加时原文一字不改
    #[arg(long)]
    pub fix: bool,
    /// 数据表已存在时覆盖它
    #[arg(long)]
    pub force: bool,
}

/// Runs `import`; returns the exit code (0 written, 2 not).
pub fn run(args: &ImportArgs) -> ExitCode {
    let period = match args.period.as_deref().map(super::periods_arg) {
        None => None,
        Some(Ok(p)) if p.len() == 1 => Some(p[0]),
        Some(_) => return fail("--period 取值无效，导入时可用 h1（上半年）或 year（全年）"),
    };
    let mut r = match Report::read(&args.report) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if r.lines.is_empty() {
        return fail(format!("{}：报告是空的，没有可导入的文字", args.report.display()));
    }
    let meta = r.meta(Overrides { year: args.year, period });
    let Some(year) = meta.year else {
        return fail(format!("{}：看不出报告的年度（标题、打算一节的标题、开头段、落款日期和正文都没有写）。请用 --year 指定，如 --year 2024", args.report.display()));
    };
    let version = meta.period.unwrap_or(Period::Year);
    let original: Vec<String> = r.prose().map(|l| l.text.clone()).collect();
    if args.fix {
        let fixed = fix_lines(&mut r, Ctx { year, period: version });
        outln!("已按安全修复改动 {fixed} 处（--fix）");
    }
    let imported = sheet::import(&r, &meta);
    let out = args.output.clone().unwrap_or_else(|| args.report.with_extension("toml"));
    // The sheet must load and compose before it is written.
    let templates = match Templates::builtin() {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    // An undated report's placeholder date is refused on purpose; the rest must load.
    let ds = match DataSheet::from_text(SourceFile::new(&out, imported.once_dated()), &templates.catalogue) {
        Ok(ds) => ds,
        // The report's own size, not a fault of the importer: a text joined
        // from its paragraphs over 20000 characters, over 500 problems (data::limits).
        Err(e) if !e.diagnostics().is_empty() && e.diagnostics().iter().all(|d| d.message.contains("超过了")) => {
            return fail(format!("{}：报告导入后超出了数据表的上限，未写入（请把过长的部分分成几段、把过多的条目合并后再导入）：\n{e}", args.report.display()));
        }
        Err(e) => return fail(format!("内部错误：导入得到的数据表无法读取，未写入（请把报告发给维护者）\n{e}")),
    };
    let today = chrono::Local::now().date_naive();
    let doc = match compose::compose(&ds, version, &templates, &crate::doc::FormatProfile::default(), today) {
        Ok(d) => d,
        Err(e) => return fail(format!("内部错误：导入得到的数据表无法生成总结，未写入\n{e}")),
    };
    if out.as_os_str() == "-" {
        // `-o -`: the sheet to standard output, the summary to standard error.
        outln!("{}", imported.toml.trim_end());
        errln!("已导入（输出到屏幕）：工作 {} 块", ds.sheet.work.len());
        return ExitCode::SUCCESS;
    }
    if let Err(e) = super::output::check_kind(&out) {
        return fail(e);
    }
    if out.exists() && !args.force {
        return fail(format!("{} 已存在，未覆盖。请用 -o 换一个文件名，或加 --force 覆盖", out.display()));
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Err(e) = write_atomic(dir, &name, imported.toml.as_bytes()) {
        return fail(e);
    }
    let (kept, all) = verbatim(&original, &doc.plain_lines());
    let blocks = ds.sheet.work.len();
    let points: usize = ds.sheet.work.iter().map(|w| w.points.len()).sum();
    outln!("已导入：{}（工作 {blocks} 块、要点 {points} 条、问题 {} 条、打算 {} 条）", out.display(), ds.sheet.problems.len(), ds.sheet.plans.len());
    outln!("按数据表生成的{}版本与原文相同的句子：{kept}/{all}（{}%）", if version == Period::H1 { "上半年" } else { "全年" }, (kept * 100).checked_div(all).unwrap_or(100));
    if imported.undated() {
        // A 落款 date the importer did not keep is one that cannot date this report.
        let why = if meta.date.is_some() { "原文落款的日期与报告年度不符（写错了年份？）" } else { "原文落款没有成文日期" };
        outln!("{why}：请在数据表 [report] 的 date 处填上正确的日期（现写作“待填写”，填好之前 render 和 check 都报错，不用今天的日期代替）");
    }
    if !imported.left_out.is_empty() {
        outln!("有 {} 句原文在数据表中没有对应位置（已列在数据表开头的注释中）", imported.left_out.len());
    }
    ExitCode::SUCCESS
}

/// Applies every safe fix of the text rules to the report's lines; how many.
fn fix_lines(r: &mut Report, ctx: Ctx) -> usize {
    let mut n = 0;
    for line in r.lines.iter_mut().filter(|l| !l.in_table) {
        let mut hits: Vec<_> = scan(&line.text, &ctx).into_iter().filter(|h| h.fix.is_some()).collect();
        hits.sort_by_key(|h| h.range.start);
        let mut last = usize::MAX;
        for h in hits.iter().rev() {
            if h.range.end <= last {
                line.text.replace_range(h.range.clone(), h.fix.as_deref().unwrap_or_default());
                last = h.range.start;
                n += 1;
            }
        }
    }
    n
}

/// Sentences of some lines, labels (一、 （一） 1. 一是) stripped.
fn sentences(lines: &[String]) -> Vec<String> {
    // The sentence splitter skips its first line (a document's title).
    let with_title: Vec<String> = std::iter::once(String::new()).chain(lines.iter().cloned()).collect();
    crate::lint::document::sentences(&with_title).into_iter().map(|(_, _, k)| k).collect()
}

/// How many of `original`'s sentences `rendered` has word for word: (kept, all).
pub fn verbatim(original: &[String], rendered: &[String]) -> (usize, usize) {
    let have: std::collections::HashSet<String> = sentences(rendered).into_iter().collect();
    let want = sentences(original);
    (want.iter().filter(|s| have.contains(*s)).count(), want.len())
}
