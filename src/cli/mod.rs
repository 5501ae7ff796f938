//! The command line (clap): `zongjie init`, `render`, `check`, `rollup`, `figures` and `fonts`. Help and
//! messages are Chinese. Exit codes: 0 everything done, 1 checker errors
//! (`check`, `render` without `--draft`) or an edited .docx kept, 2 a sheet could not be read or rendered or the command
//! line is wrong. anyhow lives here only.

pub mod batch;
// Moved below both front ends (the editor uses them too); the old paths stay.
pub use crate::workflow::{guard, init, init_from, output};
pub mod check;
pub mod check_report;
pub mod console;
pub mod figures;
pub mod fonts;
pub mod import;
pub mod render;
pub mod rollup;
pub mod serve;
pub mod summary;

use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};

/// Prints `错误：msg` and gives exit code 2: a bad command line, or input
/// that could not be read.
pub fn fail(msg: impl std::fmt::Display) -> ExitCode {
    errln!("错误：{msg}");
    ExitCode::from(2)
}

/// The versions a `--period` value names, or the message saying what is allowed.
pub fn periods_arg(value: &str) -> Result<Vec<crate::data::Period>, String> {
    crate::data::Period::parse_list(value).ok_or_else(|| format!("--period 取值“{value}”无效，可用 h1（上半年）、year（全年）、both（两者）"))
}

use crate::compose::Templates;

/// A command-line error of clap in Chinese, from its context (the offending
/// word, the suggestion), never clap's English text.
fn clap_zh(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind::*};
    let get = |k: C| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let (word, suggest) = (get(C::InvalidArg), get(C::SuggestedSubcommand) + &get(C::SuggestedArg));
    let maybe = if suggest.is_empty() { String::new() } else { format!("，是否想写 {suggest}？") };
    match e.kind() {
        UnknownArgument => format!("不认识的参数“{word}”{maybe}"),
        InvalidSubcommand if get(C::InvalidSubcommand) == "help" => "没有“help”这个命令；查看用法请运行 zongjie --help，某个命令的用法请运行 zongjie <命令> --help".into(),
        InvalidSubcommand => format!("没有“{}”这个命令{maybe}（可用：init、render、check、import、rollup、figures、fonts、serve）", get(C::InvalidSubcommand)),
        MissingRequiredArgument => format!("缺少必需的参数 {word}"),
        MissingSubcommand => "缺少命令（可用：init、render、check、import、rollup、figures、fonts、serve）".into(),
        InvalidValue if get(C::InvalidValue).is_empty() => format!("{word} 后面缺少取值"),
        InvalidValue | ValueValidation => format!("参数 {word} 的取值“{}”无效", get(C::InvalidValue)),
        ArgumentConflict if get(C::PriorArg) == word => format!("参数 {word} 写了两次，只能写一次"),
        ArgumentConflict => format!("参数 {word} 不能与 {} 同时使用", get(C::PriorArg)),
        TooManyValues if !get(C::InvalidValue).is_empty() => format!("参数 {word} 后面不该有取值“{}”，请删去", get(C::InvalidValue)),
        TooManyValues | WrongNumberOfValues | TooFewValues => format!("参数 {word} 的取值个数不对"),
        _ => "命令行有误".into(),
    }
}

/// clap's help text, with its colours only on a terminal that wants them.
fn styled_for(help: &clap::builder::StyledStr, stream: impl std::io::IsTerminal) -> String {
    if stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) { help.ansi().to_string() } else { help.to_string() }
}

/// clap ends its headings ("命令", "选项", "参数") with an ASCII colon; a
/// Chinese heading takes the full-width one, like "用法：" and "示例：".
/// A heading is a line that starts at the margin (colour codes aside).
fn zh_headings(help: &str) -> String {
    let mut out = String::with_capacity(help.len() + 16);
    for line in help.split_inclusive('\n') {
        let plain = strip_colours(line);
        let body = plain.trim_end();
        match line.rfind(':') {
            Some(at) if body.ends_with(':') && !body.starts_with(' ') && !body.contains(' ') => {
                out.push_str(&line[..at]);
                out.push('：');
                out.push_str(&line[at + 1..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `s` without its SGR colour codes.
fn strip_colours(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        rest = tail.find('m').map_or("", |m| &tail[m + 1..]);
    }
    out.push_str(rest);
    out
}

const HELP_TEMPLATE: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

/// zongjie（总结）：由一张数据表生成规范的党建工作总结（txt / Word / PDF）
#[derive(Debug, Parser)]
#[command(
    name = "zongjie",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    override_usage = "zongjie <命令> [选项]",
    next_help_heading = "选项",
    after_help = "示例：\n  zongjie init 青石镇.toml --year 2024\n  zongjie init 青石镇2025.toml --from 青石镇.toml\n  zongjie check 青石镇.toml\n  zongjie check 村报告.docx --annotate\n  zongjie import 村报告.docx -o 龙潭村.toml\n  zongjie render 青石镇.toml --period h1 --format txt,pdf -o output/\n  zongjie rollup 各乡镇/ --period year\n  zongjie figures\n  zongjie fonts"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true, display_order = 1000)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成一张带中文说明的新数据表
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie init <文件> [选项]")]
    Init(init::InitArgs),
    /// 由数据表生成总结（上半年、全年）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie render <数据表>... [选项]")]
    Render(render::RenderArgs),
    /// 把多张数据表的指标汇总成一张表（Excel、CSV）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie rollup <数据表>... [选项]")]
    Rollup(rollup::RollupArgs),
    /// 显示生成 PDF 时各部分（标题、正文、各级标题、页码）所用的字体
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie fonts [选项]")]
    Fonts(fonts::FontsArgs),
    /// 列出指标目录：指标名、中文名称、单位、流量/时点、所属板块
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie figures [选项]")]
    Figures(figures::FiguresArgs),
    /// 检查数据表或已有的报告（.docx、.txt）：占位符、标点、用语、结构、重复、年份与版本用语、数字
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie check <数据表或报告>... [选项]")]
    Check(check::CheckArgs),
    /// 把已有的报告（.docx、.txt）转成数据表，之后可按标准格式重新生成
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie import <报告> [-o 数据表.toml] [选项]")]
    Import(import::ImportArgs),
    /// 在浏览器中填写数据表、实时预览总结（只在本机访问）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "zongjie serve [文件夹] [选项]")]
    Serve(serve::ServeArgs),
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    // Explorer's double-click (no arguments, a console of its own): the
    // local editor; the Chinese guide where that cannot start.
    if console::double_clicked() {
        if let Some(code) = serve::double_clicked() {
            return code;
        }
        console::show_guide_and_wait();
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if e.kind() == DisplayVersion {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == DisplayHelp {
                out!("{}", zh_headings(&styled_for(&e.render(), std::io::stdout())));
                return ExitCode::SUCCESS;
            }
            if e.kind() == DisplayHelpOnMissingArgumentOrSubcommand {
                err!("{}", zh_headings(&styled_for(&e.render(), std::io::stderr())));
                return ExitCode::from(2);
            }
            let msg = clap_zh(&e);
            let end = if msg.ends_with('？') { "" } else { "。" };
            let tail = if msg.contains("zongjie --help") { "" } else { "运行 zongjie --help 查看用法。" };
            errln!("错误：{msg}{end}{tail}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Init(args) => {
            let templates = match Templates::builtin() {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            match init::run(&args, &templates) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("{e:#}")),
            }
        }
        Command::Check(args) => check::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Render(args) => {
            render::install_interrupt_handler();
            render::run(&args)
        }
        Command::Rollup(args) => rollup::run(&args),
        Command::Figures(args) => match figures::run(&args) {
            Ok(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Fonts(args) => match fonts::run(&args) {
            Ok(text) => {
                out!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn headings_take_a_full_width_colon() {
        let help = "用法：zongjie <命令>\n\n\x1b[1m\x1b[4m命令:\x1b[0m\n  init  生成: 新表\n选项:\n  -h, --help  显示帮助\n示例：\n";
        let zh = super::zh_headings(help);
        assert_eq!(zh, "用法：zongjie <命令>\n\n\x1b[1m\x1b[4m命令：\x1b[0m\n  init  生成: 新表\n选项：\n  -h, --help  显示帮助\n示例：\n");
        assert_eq!(super::strip_colours("\x1b[1m命令:\x1b[0m"), "命令:");
    }

    #[test]
    fn help_is_chinese() {
        let mut cmd = super::Cli::command();
        let help = cmd.render_help().to_string();
        assert!(help.contains("用法：") && help.contains("命令") && help.contains("显示帮助"), "{help}");
        assert!(!help.contains("Usage") && !help.contains("Print help"), "{help}");
        for sub in ["init", "render", "check", "rollup", "figures", "fonts", "import", "serve"] {
            let h = cmd.find_subcommand_mut(sub).unwrap().render_help().to_string();
            assert!(h.contains("用法：") && !h.contains("OPTIONS") && !h.contains("Usage"), "{sub}: {h}");
        }
        let render = cmd.find_subcommand_mut("render").unwrap().render_help().to_string();
        assert!(render.contains("上半年") && !render.contains("[default"), "{render}");
    }
}
