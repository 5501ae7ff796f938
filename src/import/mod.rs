//! Reports people already have (.docx typed in Word, or .txt) read into a
//! [`Report`]: the paragraphs in order, each with its place in the file
//! (line of a .txt, paragraph number of a .docx), and what the title, the
//! headings and the 落款 say about unit, year and version ([`outline`]).
//! It sits beside [`crate::data`] at the start of the pipeline: `check`
//! runs [`crate::lint::report`] over a report, `import` turns one into a
//! sheet ([`sheet`]).

mod dates;
pub mod docx;
pub mod numbering;
pub mod outline;
mod parts;
pub mod sheet;
pub mod xml;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};
pub use outline::{Kind, Meta, Outline};

/// Which kind of file a report came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: places are lines.
    Txt,
    /// Word: places are body paragraphs (1-based, every paragraph counted).
    Docx,
}

/// One line of text of a report with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text (no line break; leading and trailing spaces kept).
    pub text: String,
    /// 1-based line (.txt) or paragraph number (.docx).
    pub place: usize,
    /// Characters before this text in its paragraph (a .docx paragraph with
    /// manual line breaks gives several lines).
    pub col0: usize,
    /// Byte offset of the text in the file (.txt only; 0 for .docx).
    pub offset: usize,
    /// Inside a table (not checked as prose).
    pub in_table: bool,
}

/// A report read from a file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file.
    pub path: PathBuf,
    /// .txt or .docx.
    pub format: Format,
    /// Non-empty lines of the body, in order.
    pub lines: Vec<Line>,
}

/// What the command line says over what the report says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// `--year`.
    pub year: Option<i32>,
    /// `--period h1|year`.
    pub period: Option<crate::data::Period>,
}

/// Whether `path` names a report file this module reads (or refuses with a
/// clear message: .doc, .wps).
pub fn is_report(path: &Path) -> bool {
    let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "docx" | "txt" | "doc" | "wps")
}

impl Report {
    /// Reads a .txt or .docx report.
    pub fn read(path: &Path) -> Result<Report, Error> {
        let ext = path.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
        let bytes = match ext.as_str() {
            "doc" | "wps" => {
                return Err(refuse(path, format!("这是旧版 Word/WPS 文件（.{ext}），无法直接读取"), "请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再检查"));
            }
            _ => crate::data::input::read(path)?,
        };
        let report = match ext.as_str() {
            "docx" => Report { path: path.to_path_buf(), format: Format::Docx, lines: docx::lines(path, &bytes)? },
            _ => Report::from_text(path, &bytes)?,
        };
        within_limits(&report)?;
        Ok(report)
    }

    /// A .txt report from its bytes (UTF-8, with or without BOM).
    pub fn from_text(path: &Path, bytes: &[u8]) -> Result<Report, Error> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            let mut d = Diagnostic::whole_file(path, format!("第{line}行不是 UTF-8 编码的文字（可能是 GBK 编码）"), "请用记事本打开，“另存为”时编码选择 UTF-8；或直接检查原来的 .docx 文件");
            d.line = line;
            Error::Sheet(Box::new(d))
        })?;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut lines = Vec::new();
        let mut offset = bom;
        for (n, raw) in text[bom..].split('\n').enumerate() {
            let t = raw.strip_suffix('\r').unwrap_or(raw);
            if !t.trim().is_empty() {
                if lines.len() == xml::MAX_PARAGRAPHS {
                    return Err(too_many(path, "行"));
                }
                lines.push(Line { text: t.to_string(), place: n + 1, col0: 0, offset, in_table: false });
            }
            offset += raw.len() + 1;
        }
        Ok(Report { path: path.to_path_buf(), format: Format::Txt, lines })
    }

    /// The prose lines (tables left out), trimmed of surrounding spaces
    /// only where they are indentation.
    pub fn prose(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| !l.in_table)
    }

    /// Unit, year, version and date as the report says, with `over` (the
    /// command line's `--year`, `--period`) winning.
    pub fn meta(&self, over: Overrides) -> Meta {
        let mut m = self.outline().meta;
        if over.year.is_some() {
            m.year = over.year;
            m.year_from = Some("--year");
        }
        m.period = over.period.or(m.period);
        m
    }

    /// Title, headings, parts and 落款 of the report.
    pub fn outline(&self) -> Outline {
        Outline::of(self)
    }
}

/// Reads a report and loads the sheet [`sheet::import`] makes of it, in
/// memory (`render 报告.docx`). The sheet's source is named `报告（导入）.toml`.
pub fn load_sheet(path: &Path, cat: &crate::data::Catalogue, profile: &crate::profile::Profile, over: Overrides) -> Result<(crate::data::DataSheet, sheet::Imported), Error> {
    let r = Report::read(path)?;
    if r.lines.is_empty() {
        return Err(refuse(path, "报告是空的，没有可导入的文字".into(), "请确认选对了文件"));
    }
    let meta = r.meta(over);
    if meta.year.is_none() {
        return Err(refuse(path, "看不出报告的年度".into(), "请用 --year 指定年度，如 --year 2024"));
    }
    if meta.unit.is_none() && r.outline().title().is_none() {
        return Err(refuse(path, "报告没有标题和落款，看不出单位名称".into(), "请先用 zongjie import 导入成数据表，填好单位名称后再生成"));
    }
    if meta.date.is_none() {
        // Re-rendered today it would carry today's date: the clerk gives the real one.
        return Err(refuse(path, "报告的落款没有成文日期，重新生成的报告不能署今天的日期".into(), "请先用 zongjie import 导入成数据表，在 [report] 的 date 处填上成文日期后再生成"));
    }
    let imported = sheet::import(&r, &meta);
    // Findings then name the sheet `zongjie import` would write, not lines of the report.
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let named = path.with_file_name(format!("{stem}（导入）.toml"));
    let mut ds = crate::data::DataSheet::from_text(crate::data::SourceFile::new(named, imported.toml.clone()), cat)?;
    let errors = ds.check_profile(profile);
    if let Some(first) = errors.into_iter().next() {
        return Err(first.into());
    }
    ds.wording = profile.wording.clone();
    Ok((ds, imported))
}

/// A sheet file, or a report imported in memory (what `render` loads).
pub fn load_any(path: &Path, cat: &crate::data::Catalogue, profile: &crate::profile::Profile) -> Result<crate::data::DataSheet, Error> {
    if is_report(path) { load_sheet(path, cat, profile, Overrides::default()).map(|x| x.0) } else { crate::data::DataSheet::load_with(path, cat, profile) }
}

/// The versions to render of `path`: as asked for a sheet; for a report
/// asked for both, its own version (the one its 落款 date was put under).
pub fn own_periods(path: &Path, ds: &crate::data::DataSheet, wanted: &[crate::data::Period]) -> Vec<crate::data::Period> {
    let _ = ds;
    if !is_report(path) || wanted.len() < 2 {
        return wanted.to_vec();
    }
    vec![Report::read(path).ok().and_then(|r| r.meta(Overrides::default()).period).unwrap_or(crate::data::Period::Year)]
}

/// Most characters in one paragraph (line) of a report: the longest text a
/// sheet holds ([`crate::data::limits::MAX_TEXT_CHARS`]), so that whatever
/// is read can be imported.
pub const MAX_PARAGRAPH_CHARS: usize = crate::data::limits::MAX_TEXT_CHARS;

/// The size limits of a report read: paragraph count and length.
fn within_limits(r: &Report) -> Result<(), Error> {
    let unit = if r.format == Format::Docx { "段" } else { "行" };
    if r.lines.len() > xml::MAX_PARAGRAPHS {
        return Err(too_many(&r.path, unit));
    }
    if let Some(l) = r.lines.iter().find(|l| l.text.chars().nth(MAX_PARAGRAPH_CHARS).is_some()) {
        let n = l.text.chars().count();
        return Err(refuse(&r.path, format!("第{}{unit}有 {n} 个字，超过了一段 {MAX_PARAGRAPH_CHARS} 字的上限", l.place), "一段话用不了这么长；请确认选对了文件，或把这一段分成几段"));
    }
    // A sheet refuses them too: an imported report must not carry them there.
    for l in &r.lines {
        if let Some((at, c)) = l.text.char_indices().find(|(_, c)| c.is_control() && *c != '\t') {
            let column = l.col0 + l.text[..at].chars().count() + 1;
            return Err(refuse(&r.path, format!("第{}{unit}第{column}个字处有看不见的控制字符（U+{:04X}）", l.place, c as u32), "删去这个字符（多半是从其他软件复制文字时带进来的）"));
        }
    }
    Ok(())
}

fn too_many(path: &Path, unit: &str) -> Error {
    refuse(path, format!("报告超过 {} {unit}，不像是一份总结报告", xml::MAX_PARAGRAPHS), "请确认选对了文件；过长的文件请拆分后再处理")
}

/// A report the reader refuses, as a typed error with one Chinese message.
pub fn refuse(path: &Path, message: String, hint: &str) -> Error {
    Error::Sheet(Box::new(Diagnostic::whole_file(path, message, hint)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_lines_keep_their_numbers_and_offsets() {
        let text = "\u{feff}标题\r\n\n正文一。\n  正文二。";
        let r = Report::from_text(Path::new("a.txt"), text.as_bytes()).unwrap();
        let got: Vec<(usize, &str)> = r.lines.iter().map(|l| (l.place, l.text.as_str())).collect();
        assert_eq!(got, [(1, "标题"), (3, "正文一。"), (4, "  正文二。")]);
        for l in &r.lines {
            assert_eq!(&text[l.offset..l.offset + l.text.len()], l.text);
        }
    }

    #[test]
    fn gbk_text_is_refused_with_a_line() {
        let e = Report::from_text(Path::new("a.txt"), b"ok\n\xb5\xb3\xbd\xa8").unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!(d.line, 2);
        assert!(d.message.contains("UTF-8"), "{}", d.message);
    }

    #[test]
    fn old_word_files_are_refused() {
        let e = Report::read(Path::new("/nonexistent/报告.doc")).unwrap_err();
        assert!(e.to_string().contains("另存为"), "{e}");
    }
}
