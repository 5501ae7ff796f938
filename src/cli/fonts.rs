//! `zongjie fonts`: shows which font file each role (标题、正文、一级标题、
//! 二级标题、页码) resolved to and which are substitutes, and the `--font`
//! option shared with `render`.

use crate::fonts::{self, FontSpec};
use crate::layout::Role;

/// Options of `fonts`.
#[derive(Debug, clap::Args)]
pub struct FontsArgs {
    /// 指定某一角色的字体：角色=字体文件[:序号]，可多次使用。角色：title（标题）、body（正文）、heading1（一级标题）、heading2（二级标题）、page（页码）；.ttc 字体集可加 :序号 选择其中一款
    #[arg(long = "font", value_name = "角色=文件")]
    pub font: Vec<String>,
}

/// Parses every `--font` value; the first bad one is the error.
pub fn parse_overrides(values: &[String]) -> Result<Vec<(Role, FontSpec)>, String> {
    values.iter().map(|v| FontSpec::parse_override(v)).collect()
}

/// Configures the process's fonts from `--font` values.
pub fn configure(values: &[String]) -> Result<(), String> {
    fonts::configure(parse_overrides(values)?);
    Ok(())
}

/// Runs `fonts`: prints the table, or the error.
pub fn run(args: &FontsArgs) -> Result<String, String> {
    configure(&args.font)?;
    let set = fonts::shared().map_err(|e| e.to_string())?;
    let mut out = String::from("PDF 各部分所用字体：\n\n");
    out.push_str(&set.report());
    let missing = set.missing();
    if !missing.is_empty() {
        out.push_str("\n缺少的标准字体（PDF 中以上面的替代字体排版）：\n");
        for role in missing {
            out.push_str(&format!("  {}：{}\n", fonts::candidates::intended(role), fonts::candidates::where_to_get(role)));
        }
        out.push_str("  把字体文件复制到下面任一查找位置（如 ~/.local/share/fonts），或用 --font 指定。\n");
    }
    out.push_str("\n字体查找位置：");
    for d in fonts::candidates::search_dirs() {
        out.push_str(&format!("\n  {}", d.display()));
    }
    out.push_str("\n\n用 --font 角色=字体文件[:序号] 可改用其他字体，例如：\n  zongjie render 青石镇.toml --format pdf --font body=/path/simfang.ttf\n");
    Ok(out)
}
