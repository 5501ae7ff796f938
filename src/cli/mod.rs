//! The command line (clap): `zongjie init` and `zongjie render`. Help and
//! messages are Chinese. Exit codes: 0 everything done, 1 reserved for
//! checker findings, 2 a sheet could not be read or rendered or the command
//! line is wrong. anyhow lives here only.

pub mod fonts;
pub mod init;
pub mod output;
pub mod render;

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};

use crate::compose::Templates;
use crate::data::Period;
use crate::render::Format;

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
    next_help_heading = "选项",
    after_help = "示例：\n  zongjie init 青石镇.toml --year 2024\n  zongjie render 青石镇.toml --period h1 --format txt,pdf -o output/\n  zongjie fonts"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成一张带中文说明的新数据表
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Init(init::InitArgs),
    /// 由数据表生成总结（上半年、全年）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Render(render::RenderArgs),
    /// 显示生成 PDF 时各部分（标题、正文、各级标题、页码）所用的字体
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项")]
    Fonts(fonts::FontsArgs),
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(e.kind(), DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let what = match e.kind() {
                UnknownArgument => "有不认识的参数",
                InvalidSubcommand => "没有这个命令（可用：init、render、fonts）",
                MissingRequiredArgument => "缺少必需的参数",
                MissingSubcommand => "缺少命令（可用：init、render、fonts）",
                InvalidValue | ValueValidation => "参数取值无效",
                _ => "命令行有误",
            };
            eprintln!("错误：{what}。运行 zongjie --help 查看用法。\n\n{}", e.render());
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Init(args) => {
            let templates = match Templates::builtin() {
                Ok(t) => t,
                Err(e) => return fail(&e.to_string()),
            };
            match init::run(&args, &templates) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("{e:#}")),
            }
        }
        Command::Render(args) => run_render(&args),
        Command::Fonts(args) => match fonts::run(&args) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("错误：{msg}");
    ExitCode::from(2)
}

fn run_render(args: &render::RenderArgs) -> ExitCode {
    let Some(periods) = Period::parse_list(&args.period) else {
        return fail(&format!("--period 取值“{}”无效，可用 h1（上半年）、year（全年）、both（两者）", args.period));
    };
    let Some(formats) = Format::parse_list(&args.format) else {
        return fail(&format!("--format 取值“{}”无效，可用 txt、docx、pdf（逗号分隔）或 all", args.format));
    };
    if let Err(e) = fonts::configure(&args.fonts.font) {
        return fail(&e);
    }
    for f in &formats {
        if let Err(e) = f.renderer() {
            return fail(&e.to_string());
        }
    }
    let templates = match Templates::load(args.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    let sheets = render::collect_sheets(&args.sheets);
    if sheets.is_empty() {
        return fail("没有找到数据表（*.toml）");
    }
    let mut claimed = BTreeMap::new();
    let mut failed = Vec::new();
    let mut written = 0;
    for sheet in &sheets {
        match render::render_sheet(sheet, &periods, &formats, &args.output, &templates, &mut claimed) {
            Ok(files) => {
                for f in files {
                    println!("已生成 {}", f.display());
                    written += 1;
                }
            }
            Err(e) => {
                eprintln!("错误：{e}\n");
                failed.push(sheet.clone());
            }
        }
    }
    if failed.is_empty() {
        if sheets.len() > 1 {
            println!("完成：{} 张数据表，生成 {written} 个文件。", sheets.len());
        }
        ExitCode::SUCCESS
    } else {
        eprintln!("有 {} 张数据表未能生成：", failed.len());
        for f in &failed {
            eprintln!("  {}", f.display());
        }
        ExitCode::from(2)
    }
}
