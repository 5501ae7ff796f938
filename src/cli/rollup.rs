//! `zongjie rollup`: one table of every unit's figures for a period, with a
//! total row, as .xlsx and .csv (and as a page in the report formats).
//! Sheets that cannot be read and units given twice are left out, noted in
//! the files themselves and in the summary; the exit code says so.

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use super::{fail, guard};
use super::output::{sanitize, write_atomic};
use super::summary::first_reason;
use crate::data::{DataSheet, Period};
use crate::render::Format;
use crate::rollup::{RollupTable, csv, xlsx};

/// Options of `rollup`.
#[derive(Debug, clap::Args)]
pub struct RollupArgs {
    /// 数据表文件夹或文件
    #[arg(value_name = "数据表", required = true, help_heading = "参数")]
    pub sheets: Vec<PathBuf>,
    /// 版本：h1（上半年）或 year（全年，默认）
    #[arg(short, long, value_name = "版本", default_value = "year", hide_default_value = true)]
    pub period: String,
    /// 格式：xlsx、csv（默认两者），也可加 txt、docx、pdf，逗号分隔
    #[arg(short, long, value_name = "格式", default_value = "xlsx,csv", hide_default_value = true)]
    pub format: String,
    /// 输出文件夹（默认 output）
    #[arg(short, long, value_name = "文件夹", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// 汇总表标题前的名称（默认取文件夹名）
    #[arg(long, value_name = "名称")]
    pub name: Option<String>,
    /// 模板和县配置文件
    #[command(flatten)]
    pub setup: super::batch::SetupArgs,
    /// 不显示逐个文件的提示，只报告错误
    #[arg(short, long)]
    pub quiet: bool,
    /// 覆盖生成后被修改过的 Excel、Word 汇总表（默认保留不覆盖）
    #[arg(long)]
    pub force: bool,
    /// PDF 字体选项
    #[command(flatten)]
    pub fonts: crate::cli::fonts::FontsArgs,
}

/// Runs `rollup`.
pub fn run(args: &RollupArgs) -> ExitCode {
    let period = match Period::parse_list(&args.period).as_deref() {
        Some([p]) => *p,
        _ => return fail(format!("--period 取值“{}”无效，汇总表一次只能是 h1（上半年）或 year（全年）", args.period)),
    };
    let mut tables = false;
    let mut formats = Vec::new();
    for part in args.format.split([',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "xlsx" | "csv" => tables = true,
            other => match Format::parse_list(other) {
                Some(f) => formats.extend(f),
                None => return fail(format!("--format 取值“{other}”无效，可用 xlsx、csv、txt、docx、pdf")),
            },
        }
    }
    let (sheets, setups) = match args.setup.collect_for(&args.sheets, &args.fonts.font, &formats) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let loaded: Vec<(PathBuf, Result<DataSheet, crate::Error>)> = sheets
        .par_iter()
        .map(|(s, _)| {
            let setup = setups.of(s);
            (s.clone(), DataSheet::load_with(s, &setup.templates.catalogue, &setup.profile))
        })
        .collect();
    let good: Vec<&DataSheet> = loaded.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
    let bad: Vec<(&PathBuf, &crate::Error)> = loaded.iter().filter_map(|(p, r)| r.as_ref().err().map(|e| (p, e))).collect();
    let Some(first) = good.first() else {
        return fail("没有可以汇总的数据表");
    };
    if let Some(other) = good.iter().find(|s| s.year() != first.year()) {
        return fail(format!("数据表年度不一致：{} 为 {} 年，{} 为 {} 年；请分年度汇总", first.source.path.display(), first.year(), other.source.path.display(), other.year()));
    }
    let setup = setups.of(&sheets[0].0);
    let name = args.name.clone().unwrap_or_else(|| match (default_name(&args.sheets), good.as_slice()) {
        // A single sheet's roll-up is named after its unit.
        (n, [one]) if n.is_empty() => one.area().to_string(),
        (n, _) => n,
    });
    let mut table = RollupTable::build(&name, &good, &setup.templates.catalogue, period);
    table.notes.extend(bad.iter().map(|(p, e)| format!("未能读取 {}，未计入汇总（{}）", p.display(), first_reason(e))));
    // Every sheet left out (copies of one unit): nothing to sum, no year to date the table by.
    if table.rows().next().is_none() {
        return fail(format!("没有可以汇总的数据，未生成汇总表：{}", table.notes.join("；")));
    }
    let author = setup.profile.path.as_ref().map(|_| name.clone()).unwrap_or_default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let base = sanitize(&table.title);
    if tables {
        if args.format.contains("xlsx") {
            match xlsx::to_xlsx(&table, &author) {
                Ok(b) => files.push((format!("{base}.xlsx"), b)),
                Err(e) => return fail(e.to_string()),
            }
        }
        if args.format.contains("csv") {
            files.push((format!("{base}.csv"), csv::to_csv(&table)));
        }
    }
    let doc = table.document(&author, &setup.profile.format);
    for f in &formats {
        let r = match f.renderer() {
            Ok(r) => r,
            Err(e) => return fail(e.to_string()),
        };
        match r.render(&doc) {
            Ok(b) => files.push((format!("{base}.{}", r.extension()), b)),
            Err(e) => return fail(e.to_string()),
        }
    }
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        return fail(format!("无法创建输出文件夹 {}：{}", args.output.display(), crate::error::io_reason(&e)));
    }
    let mut written: Vec<String> = Vec::new();
    let mut kept = false;
    for (n, bytes) in files {
        let target = args.output.join(&n);
        if !args.force
            && let Some(why) = guard::keep_reason(&target)
        {
            errln!("注意：{}", guard::kept_message(&target, why));
            kept = true;
            continue;
        }
        match write_atomic(&args.output, &n, &bytes) {
            Ok(p) => {
                if !args.quiet {
                    outln!("已生成 {}", p.display());
                }
                written.push(p.display().to_string());
            }
            Err(e) => {
                errln!("错误：{e}");
                if !written.is_empty() {
                    errln!("已写出：{}", written.join("、"));
                }
                return ExitCode::from(2);
            }
        }
    }
    if !args.quiet {
        outln!("汇总了 {} 个单位、{} 项指标。", table.rows().count(), table.columns.len());
    }
    if table.notes.is_empty() {
        return ExitCode::from(if kept { 1 } else { 0 });
    }
    errln!("有 {} 处未计入汇总（汇总表中也已注明）：", table.notes.len());
    for n in &table.notes {
        errln!("  {n}");
    }
    ExitCode::from(2)
}
/// The title prefix: the name of the (first) folder given.
fn default_name(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .find(|p| p.is_dir())
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty() && n != "data")
        .unwrap_or_default()
}

