//! The report side of `zongjie check`: which inputs are reports (.docx,
//! .txt; .doc/.wps refused with a message), checking one
//! ([`crate::lint::report`]), and `--fix` for .txt reports (in place,
//! atomically). [`super::check`] prints the findings as it does a sheet's.

use std::path::{Path, PathBuf};

use super::output::write_through;
use crate::data::SourceFile;
use crate::error::Error;
use crate::import::{Report, is_report};
use crate::lint::report::{self, Overrides};
use crate::lint::{Finding, fix};

/// Splits the inputs into those for the sheet loader (sheets and folders)
/// and report files (given, or found in the folders).
pub fn split(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut sheets = Vec::new();
    let mut reports = Vec::new();
    for p in inputs {
        if p.is_dir() {
            // Word's lock files (~$报告.docx) are not reports.
            reports.extend(super::batch::walk_files(p, &|f, name| !name.starts_with("~$") && is_report(f)));
            sheets.push(p.clone());
        } else if is_report(p) {
            reports.push(p.clone());
        } else {
            sheets.push(p.clone());
        }
    }
    (sheets, reports)
}

/// Reads and checks one report.
pub fn check(path: &Path, over: Overrides) -> Result<Vec<Finding>, Error> {
    let r = Report::read(path)?;
    if r.lines.is_empty() {
        return Err(crate::import::refuse(path, "报告是空的，没有可检查的文字".into(), "请确认选对了文件"));
    }
    Ok(report::check(&r, over))
}

/// A fix written to a report, with its line and column in the original file.
pub type Applied = (crate::lint::Fix, (usize, usize));

/// Applies the safe fixes of a .txt report in place; the fixes with their
/// line and column. Word files are not rewritten.
pub fn fix_txt(path: &Path, findings: &[Finding]) -> Result<Vec<Applied>, Error> {
    let fixes: Vec<crate::lint::Fix> = findings.iter().filter_map(|f| f.fix.clone()).collect();
    if fixes.is_empty() {
        return Ok(Vec::new());
    }
    let text = crate::data::input::read_text(path)?;
    let (fixed, applied) = fix::apply(&text, &fixes);
    if applied.is_empty() {
        return Ok(Vec::new());
    }
    // Like a sheet's --fix: through a link to the real file, keeping its mode.
    write_through(path, fixed.as_bytes())?;
    let src = SourceFile::new(path, text);
    Ok(applied.into_iter().map(|f| {
        let pos = src.position(f.range.start);
        (f, pos)
    }).collect())
}

/// Whether a finding is in a Word file (located by paragraph).
pub fn is_docx(f: &Finding) -> bool {
    f.file.extension().is_some_and(|x| x.eq_ignore_ascii_case("docx"))
}

/// Whether a finding is in a report file (its snippet is an excerpt of the line).
pub fn is_report_finding(f: &Finding) -> bool {
    crate::import::is_report(&f.file)
}

/// `--annotate`: writes the commented copy of a Word report; the line to print.
pub fn annotate(report: &Path, findings: &[Finding], out: Option<&Path>) -> Result<String, Error> {
    if !report.extension().is_some_and(|x| x.eq_ignore_ascii_case("docx")) {
        return Ok(format!("提示：--annotate 只用于 Word 报告（.docx），{} 未另存批注副本", report.display()));
    }
    let dir = out.map(Path::to_path_buf).unwrap_or_else(|| report.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf());
    let name = crate::annotate::copy_name(report);
    let target = dir.join(&name);
    if target.exists() && std::fs::canonicalize(&target).ok() == std::fs::canonicalize(report).ok() {
        return Err(crate::import::refuse(report, "批注副本不能覆盖原文件".into(), "请用 -o 指定另一个文件夹"));
    }
    let a = crate::annotate::annotate(report, findings)?;
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io { action: "创建", path: dir.clone(), source })?;
    let path = crate::workflow::output::write_atomic(&dir, &name, &a.package)?;
    Ok(format!("已写出批注副本 {}（批注 {} 条，修订 {} 处；原文件未改动）", path.display(), a.comments, a.revisions))
}
