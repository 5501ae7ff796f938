//! `zongjie render`: sheets → reports. Each sheet is loaded, composed for
//! every requested period and rendered to every requested format in memory;
//! only when all of it succeeded are the files written (atomically). A bad
//! sheet is reported and the others go on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::output::{file_name, write_atomic};
use crate::compose::{self, MarkupOptions, Templates};
use crate::data::{DataSheet, Period};
use crate::error::Error;
use crate::render::Format;

/// Options of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// 数据表文件或文件夹（文件夹内的 *.toml 全部生成）
    #[arg(value_name = "数据表", required = true, help_heading = "参数")]
    pub sheets: Vec<PathBuf>,
    /// 版本：h1（上半年）、year（全年）或 both（两者）
    #[arg(short, long, value_name = "版本", default_value = "both")]
    pub period: String,
    /// 格式：txt、docx、pdf，可用逗号分隔多个，或 all
    #[arg(short, long, value_name = "格式", default_value = "txt")]
    pub format: String,
    /// 输出文件夹
    #[arg(short, long, value_name = "文件夹", default_value = "output")]
    pub output: PathBuf,
    /// 自定义模板文件夹（其中的同名文件替换内置模板）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// PDF 字体选项
    #[command(flatten)]
    pub fonts: crate::cli::fonts::FontsArgs,
}

/// What happened to one sheet.
pub struct Outcome {
    /// The sheet.
    pub sheet: PathBuf,
    /// Files written, or the error.
    pub result: Result<Vec<PathBuf>, Error>,
}

/// Collects sheet files: files as given, folders recursively (`*.toml`,
/// skipping `profile.toml`), sorted for a stable order.
pub fn collect_sheets(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "profile.toml") {
            out.push(p);
        }
    }
}

/// Renders one sheet to every period and format, then writes the files.
pub fn render_sheet(sheet: &Path, periods: &[Period], formats: &[Format], out_dir: &Path, templates: &Templates, claimed: &mut BTreeMap<String, PathBuf>) -> Result<Vec<PathBuf>, Error> {
    let ds = DataSheet::load(sheet, &templates.catalogue)?;
    let today = chrono::Local::now().date_naive();
    let opts = MarkupOptions::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for &period in periods {
        let doc = compose::compose(&ds, period, templates, &opts, today)?;
        for &f in formats {
            let r = f.renderer()?;
            files.push((file_name(&doc.meta, r.extension()), r.render(&doc)?));
        }
    }
    for (name, _) in &files {
        if let Some(other) = claimed.get(name) {
            return Err(Error::NotYet(format!("{}：输出文件名“{name}”与 {} 相同（地名、年度相同？），已跳过", sheet.display(), other.display())));
        }
    }
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io { action: "写入", path: out_dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        written.push(write_atomic(out_dir, &name, &bytes)?);
        claimed.insert(name, sheet.to_path_buf());
    }
    Ok(written)
}
