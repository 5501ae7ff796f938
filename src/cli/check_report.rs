//! The report side of `zongjie check`: which inputs are reports (.docx,
//! .txt; .doc/.wps refused with a message), checking one
//! ([`crate::lint::report`]), and `--fix` for .txt reports (in place,
//! atomically). [`super::check`] prints the findings as it does a sheet's.

use std::path::{Path, PathBuf};

use super::output::write_atomic;
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
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            reports.extend(found);
            sheets.push(p.clone());
        } else if is_report(p) {
            reports.push(p.clone());
        } else {
            sheets.push(p.clone());
        }
    }
    (sheets, reports)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        // Hidden files and Word's lock files (~$报告.docx).
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if is_report(&p) {
            out.push(p);
        }
    }
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
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { action: "读取", path: path.to_path_buf(), source })?;
    let (fixed, applied) = fix::apply(&text, &fixes);
    if applied.is_empty() {
        return Ok(Vec::new());
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    write_atomic(dir, &name, fixed.as_bytes())?;
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
    let target = dir.join(crate::import::annotate::copy_name(report));
    if target.exists() && std::fs::canonicalize(&target).ok() == std::fs::canonicalize(report).ok() {
        return Err(crate::import::refuse(report, "批注副本不能覆盖原文件".into(), "请用 -o 指定另一个文件夹"));
    }
    let a = crate::import::annotate::write(report, findings, &dir)?;
    Ok(format!("已写出批注副本 {}（批注 {} 条，修订 {} 处；原文件未改动）", a.path.display(), a.comments, a.revisions))
}
