//! `zongjie check`: runs the checker ([`crate::lint`]) over sheets and prints
//! the findings in Chinese (coloured only on a terminal) or as JSON;
//! `--fix` applies the safe fixes in place (atomically) and checks again.
//! Exit codes: 0 no error-severity finding, 1 some, 2 a sheet could not be
//! read (or written, or the command line is wrong).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use super::batch::Setup;
use super::fail;
use crate::data::{DataSheet, Period, SourceFile};
use crate::error::{Error, printable};
use crate::lint::{self, Finding, Severity, fix};

/// Options of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 数据表（.toml）、已有的报告（.docx、.txt）或文件夹（文件夹内的 *.toml、*.docx、*.txt 全部检查，profile.toml 除外）
    #[arg(value_name = "数据表或报告", required = true, help_heading = "参数")]
    pub sheets: Vec<PathBuf>,
    /// 检查哪个版本：h1（上半年）、year（全年）或 both（两者，默认）；对报告文件，不指定时按标题、打算标题和日期判断
    #[arg(short, long, value_name = "版本", default_value = "both", hide_default_value = true)]
    pub period: String,
    /// 报告的年度（不指定时按标题、打算标题和落款日期判断；只用于报告文件）
    #[arg(long, value_name = "年度")]
    pub year: Option<i32>,
    /// 输出格式：human（中文说明，默认）或 json
    #[arg(short, long, value_name = "格式", default_value = "human", hide_default_value = true)]
    pub format: String,
    /// 自动修复可以安全修复的问题（半角标点、“1、”、“...”、重复的字词），直接改写数据表，注释和格式不变
    #[arg(long)]
    pub fix: bool,
    /// 为 Word 报告另存一份带批注的副本（“报告（批注）.docx”）：每个问题一条批注，可自动修复的改成修订，原文件不动
    #[arg(long)]
    pub annotate: bool,
    /// 批注副本写到哪个文件夹（默认与报告放在一起）
    #[arg(short, long, value_name = "文件夹")]
    pub output: Option<PathBuf>,
    /// 模板和县配置文件
    #[command(flatten)]
    pub setup: super::batch::SetupArgs,
}

/// Runs `check`; returns the exit code.
pub fn run(args: &CheckArgs) -> ExitCode {
    let periods = match super::periods_arg(&args.period) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let json = match args.format.as_str() {
        "human" | "text" | "中文" => false,
        "json" => true,
        other => return fail(format!("--format 取值“{other}”无效，可用 human（中文说明）或 json")),
    };
    let (inputs, reports) = super::check_report::split(&args.sheets);
    let only_reports = !reports.is_empty() && super::batch::collect_sheets(&inputs).iter().all(|(p, _)| p.is_dir());
    let collected = if only_reports { args.setup.resolve(&[]).map(|s| (Vec::new(), s)).map_err(|e| e.to_string()) } else { args.setup.collect(&inputs) };
    let (sheets, setups) = match collected {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let color = !json && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut records: Vec<Value> = Vec::new();
    let (mut unreadable, mut errors, mut warnings, mut fixable, mut covered) = (0, 0, 0, 0, 0);
    for (sheet, _) in &sheets {
        let setup = setups.of(sheet);
        let (mut findings, mut left_out) = match check_sheet(sheet, &setup, &periods) {
            Ok(f) => f,
            Err(e) => {
                unreadable += 1;
                report_unreadable(sheet, &e, json, &mut records);
                continue;
            }
        };
        if args.fix {
            match fix_sheet(sheet, &findings, &setup, &periods) {
                Ok(applied) if applied.is_empty() => {}
                Ok(applied) => {
                    for (f, (line, column), rule) in &applied {
                        let msg = format!("已修复 {}:{line}:{column}：“{}” → “{}”（{rule}）", sheet.display(), f.old, f.new);
                        if json { errln!("{msg}") } else { say(&msg) }
                    }
                    match check_sheet(sheet, &setup, &periods) {
                        Ok(f) => (findings, left_out) = f,
                        Err(e) => {
                            unreadable += 1;
                            report_unreadable(sheet, &e, json, &mut records);
                            continue;
                        }
                    }
                }
                Err(e) => {
                    unreadable += 1;
                    report_unreadable(sheet, &e, json, &mut records);
                    continue;
                }
            }
        }
        covered += left_out;
        let (e, w, x) = emit(&findings, json, color, &mut records);
        (errors, warnings, fixable) = (errors + e, warnings + w, fixable + x);
    }
    let over = lint::report::Overrides { year: args.year, period: (periods.len() == 1).then(|| periods[0]) };
    for report in &reports {
        let mut findings = match super::check_report::check(report, over) {
            Ok(f) => f,
            Err(e) => {
                unreadable += 1;
                report_unreadable(report, &e, json, &mut records);
                continue;
            }
        };
        if args.fix && findings.iter().any(|f| f.fix.is_some()) {
            if super::check_report::is_docx(&findings[0]) {
                errln!("提示：{} 是 Word 文件，--fix 不改写 Word 文件，请按提示在 Word 中修改", report.display());
            } else {
                match super::check_report::fix_txt(report, &findings) {
                    Ok(applied) => {
                        for (f, (line, column)) in &applied {
                            let msg = format!("已修复 {}:{line}:{column}：“{}” → “{}”（{}）", report.display(), f.old, f.new, rule_of(&findings, f));
                            if json { errln!("{msg}") } else { say(&msg) }
                        }
                        if !applied.is_empty() {
                            findings = super::check_report::check(report, over).unwrap_or_default();
                        }
                    }
                    Err(e) => {
                        unreadable += 1;
                        report_unreadable(report, &e, json, &mut records);
                        continue;
                    }
                }
            }
        }
        if args.annotate {
            match super::check_report::annotate(report, &findings, args.output.as_deref()) {
                Ok(msg) if json => errln!("{msg}"),
                Ok(msg) => say(&msg),
                Err(e) => {
                    unreadable += 1;
                    report_unreadable(report, &e, json, &mut records);
                }
            }
        }
        let (e, w, x) = emit(&findings, json, color, &mut records);
        (errors, warnings, fixable) = (errors + e, warnings + w, fixable + x);
    }
    if json {
        say(&serde_json::to_string_pretty(&Value::Array(records)).unwrap_or_else(|_| "[]".into()));
    } else {
        let n = match (sheets.len(), reports.len()) {
            (n, 0) => format!("{n} 张数据表"),
            (0, m) => format!("{m} 份报告"),
            (n, m) => format!("{n} 张数据表、{m} 份报告"),
        };
        if errors + warnings == 0 && unreadable == 0 {
            say(&format!("检查了 {n}，未发现问题。"));
        } else {
            let mut s = format!("检查了 {n}：错误 {errors} 个，警告 {warnings} 个");
            if unreadable > 0 {
                s.push_str(&format!("，{unreadable} 个文件无法读取"));
            }
            if fixable > 0 {
                s.push_str(&format!("；其中 {fixable} 个可用 zongjie check --fix 自动修复"));
            }
            say(&format!("{s}。"));
        }
        if covered > 0 {
            say(&format!("另有 {covered} 个问题已按数据表中的“不检查”注释略去。"));
        }
    }
    ExitCode::from(if unreadable > 0 {
        2
    } else if errors > 0 {
        1
    } else {
        0
    })
}

/// Prints findings (or adds them to the JSON records); how many errors,
/// warnings and fixable ones.
fn emit(findings: &[Finding], json: bool, color: bool, records: &mut Vec<Value>) -> (usize, usize, usize) {
    let (mut errors, mut warnings, mut fixable) = (0, 0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        // A Word report's fixes are suggestions: --fix does not rewrite .docx.
        fixable += usize::from(f.fix.is_some() && !super::check_report::is_docx(f));
        if json {
            records.push(to_json(f));
        } else {
            say(&format!("{}\n", human(f, color)));
        }
    }
    (errors, warnings, fixable)
}

/// Prints a line to stdout; a closed pipe (`| head`) is not an error.
fn say(s: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{}", printable(s));
}

/// Loads and checks one sheet.
/// The sheet's findings, and how many `# 不检查` comments cover.
fn check_sheet(sheet: &Path, setup: &Setup, periods: &[Period]) -> Result<(Vec<Finding>, usize), Error> {
    let ds = DataSheet::load_with(sheet, &setup.templates.catalogue, &setup.profile)?;
    // A July sheet: both versions means the 上半年 one (as `render` does); the full year alone is reported by `compose`.
    let periods = &ds.renderable(periods).map_or_else(|_| periods.to_vec(), |r| r.0);
    let opts = lint::Options { periods, templates: &setup.templates, format: &setup.profile.format, today: chrono::Local::now().date_naive() };
    let (findings, covered) = lint::check_all(&ds, &opts);
    Ok((findings, covered.len()))
}

/// A fix written to a sheet, with its line and column in the original file.
pub type Applied = (lint::Fix, (usize, usize), &'static str);

/// Most rounds of fixes one `--fix` applies (a fix can reveal another,
/// e.g. the middle pair of "，，，，"); real sheets settle in two or three.
const FIX_ROUNDS: usize = 16;

/// Applies a sheet's safe fixes in place, then checks the fixed text again
/// and applies what that reveals, until nothing fixable is left (so one run
/// fixes everything fixable). The fixed text must still load (checked
/// before writing); the write goes through a link to the real file, keeps
/// its owner, mode and hard links, and is atomic where that keeps them.
/// Returns the fixes with their line and column in the text they changed.
fn fix_sheet(sheet: &Path, findings: &[Finding], setup: &Setup, periods: &[Period]) -> Result<Vec<Applied>, Error> {
    if findings.iter().all(|f| f.fix.is_none()) {
        return Ok(Vec::new());
    }
    let bytes = crate::data::input::read(sheet)?;
    let original = String::from_utf8(bytes).map_err(|_| Error::Io { action: "读取", path: sheet.to_path_buf(), source: std::io::ErrorKind::InvalidData.into() })?;
    let (text, all) = fixed_text(sheet, &original, findings, setup, periods)?;
    if text != original {
        crate::cli::output::write_through(sheet, text.as_bytes())?;
    }
    Ok(all)
}

/// The text of a sheet with every safe fix applied, to a fixed point (at
/// most [`FIX_ROUNDS`] rounds), and the fixes with their places; `findings`
/// are the checker's on `original`. Fails when a fix would break the TOML.
pub fn fixed_text(sheet: &Path, original: &str, findings: &[Finding], setup: &Setup, periods: &[Period]) -> Result<(String, Vec<Applied>), Error> {
    let with_rule = |f: &[Finding]| -> Vec<(lint::Fix, &'static str)> { f.iter().filter_map(|f| Some((f.fix.clone()?, f.rule.id()))).collect() };
    let mut fixes = with_rule(findings);
    let bom = original.len() - original.trim_start_matches('\u{feff}').len();
    let mut text = original.to_string();
    let mut all = Vec::new();
    for _ in 0..FIX_ROUNDS {
        let plain: Vec<lint::Fix> = fixes.iter().map(|(f, _)| f.clone()).collect();
        let (fixed, applied) = fix::apply(&text, &plain);
        if applied.is_empty() {
            break;
        }
        // Never write a sheet the fixes broke (they cannot, but the file is the clerk's).
        toml::from_str::<toml::Table>(&fixed[bom..]).map_err(|_| Error::Output(format!("{}：自动修复后无法解析，未写入；请手工修改后再检查", sheet.display())))?;
        let src = SourceFile::new(sheet, std::mem::replace(&mut text, fixed));
        all.extend(applied.into_iter().map(|f| {
            let pos = src.position(f.range.start);
            let rule = fixes.iter().find(|(x, _)| *x == f).map_or("", |(_, r)| r);
            (f, pos, rule)
        }));
        fixes = match DataSheet::from_text(SourceFile::new(sheet, text.clone()), &setup.templates.catalogue) {
            Ok(mut ds) => {
                ds.wording = setup.profile.wording.clone();
                let opts = lint::Options { periods, templates: &setup.templates, format: &setup.profile.format, today: chrono::Local::now().date_naive() };
                with_rule(&lint::check_all(&ds, &opts).0)
            }
            Err(_) => Vec::new(),
        };
    }
    Ok((text, all))
}

/// The rule id of the finding that carries `fix`.
fn rule_of(findings: &[Finding], fix: &lint::Fix) -> &'static str {
    findings.iter().find(|f| f.fix.as_ref() == Some(fix)).map_or("", |f| f.rule.id())
}

fn report_unreadable(sheet: &Path, e: &Error, json: bool, records: &mut Vec<Value>) {
    if !json {
        errln!("错误：{e}\n");
        return;
    }
    let ds = e.diagnostics();
    if ds.is_empty() {
        records.push(json!({"rule": "unreadable", "severity": "error", "file": sheet.display().to_string(), "line": 0, "column": 0, "message": e.to_string(), "snippet": "", "fix": null, "text": "", "hint": "", "field": null, "period": null}));
    }
    for d in ds {
        records.push(json!({"rule": "unreadable", "severity": "error", "file": d.file.display().to_string(), "line": d.line, "column": d.column, "message": d.message, "snippet": d.snippet, "fix": null, "text": "", "hint": d.hint, "field": null, "period": null}));
    }
}

/// A finding as a JSON object.
pub fn to_json(f: &Finding) -> Value {
    json!({
        "rule": f.rule.id(),
        "severity": f.severity.key(),
        "file": f.file.display().to_string(),
        "line": if super::check_report::is_docx(f) { Value::Null } else { json!(f.line) },
        "paragraph": if super::check_report::is_docx(f) { json!(f.line) } else { Value::Null },
        "column": f.column,
        "message": f.message,
        "snippet": f.snippet,
        "fix": f.fix.as_ref().map(|x| json!({"old": x.old, "new": x.new, "start": x.range.start, "end": x.range.end})),
        "text": f.text,
        "hint": f.hint,
        "field": f.field,
        "period": f.period.map(Period::key),
    })
}

/// A finding for people: location, severity and rule, message, the source
/// line with a caret under the offending text, field, hint.
pub fn human(f: &Finding, color: bool) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let sev = match f.severity {
        Severity::Error => paint("1;31", "错误"),
        Severity::Warning => paint("1;33", "警告"),
    };
    let docx = super::check_report::is_docx(f);
    let place = if f.line == 0 {
        f.file.display().to_string()
    } else if docx {
        format!("{}:第{}段", f.file.display(), f.line)
    } else {
        format!("{}:{}:{}", f.file.display(), f.line, f.column)
    };
    let mut s = format!("{}：{sev}[{}] {}", paint("1", &printable(&place)), f.rule.id(), printable(&f.message));
    let wide = |c: char| if c.is_ascii() { 1 } else { 2 };
    if !f.snippet.is_empty() {
        let gutter = if f.line == 0 { String::new() } else { f.line.to_string() };
        s.push_str(&format!("\n  {gutter} | {}", printable(&f.snippet)));
        if f.line > 0 && f.column > 0 {
            // A report's snippet is an excerpt of its paragraph: find the text
            // in it; a sheet's is a window of the line (crate::error::snippet).
            let col = if super::check_report::is_report_finding(f) { report_column(f) } else { crate::error::snippet_column(f.column) };
            let pad: usize = f.snippet.chars().take(col - 1).map(wide).sum();
            let rest: usize = f.snippet.chars().skip(col - 1).map(wide).sum();
            let width = f.text.chars().take_while(|c| *c != '\n').map(wide).sum::<usize>().clamp(1, rest.max(1));
            s.push_str(&format!("\n  {} | {}{}", " ".repeat(gutter.len()), " ".repeat(pad), paint("1;31", &"^".repeat(width))));
        }
    }
    if let Some(field) = &f.field {
        let version = match f.period {
            Some(Period::H1) => "（上半年版本）",
            Some(Period::Year) => "（全年版本）",
            None => "",
        };
        s.push_str(&format!("\n  位置：{field}{version}"));
    }
    if !f.hint.is_empty() {
        s.push_str(&format!("\n  提示：{}", f.hint));
    }
    if let Some(x) = &f.fix {
        if docx {
            // --fix does not rewrite Word files: the change is a suggestion (--annotate writes it as a revision).
            s.push_str(&format!("\n  {}“{}” → “{}”（在 Word 中修改，或用 zongjie check --annotate 生成带修订的副本）", paint("32", "建议修改："), printable(&x.old), printable(&x.new)));
        } else {
            s.push_str(&format!("\n  {}“{}” → “{}”（zongjie check --fix）", paint("32", "可自动修复："), printable(&x.old), printable(&x.new)));
        }
    }
    s
}

/// The caret column (1-based, in characters) of a report finding in its
/// excerpt: the occurrence of its text nearest to where the excerpt put it
/// (20 characters of context before, fewer at the start of the line), not
/// the first one — a line may hold the same word twice.
fn report_column(f: &Finding) -> usize {
    let expected = f.column.saturating_sub(1).min(20);
    let at = f.snippet.match_indices(f.text.as_str()).map(|(b, _)| f.snippet[..b].chars().count()).min_by_key(|c| c.abs_diff(expected));
    at.map_or(1, |c| c + 1)
}
