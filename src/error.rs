//! Typed errors of the library. Every error a user can cause carries a
//! [`Diagnostic`]: file, line, column, the offending text and what to do, in
//! Chinese. The CLI only prints them; it never has to guess a location.

use std::fmt;
use std::path::{Path, PathBuf};

/// A located, explained problem in a user's file (sheet, template, profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem has no position (e.g. an empty file).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The source line (or the offending text) shown under the message.
    pub snippet: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it, in Chinese.
    pub hint: String,
}

impl Diagnostic {
    /// A diagnostic with no position inside the file.
    pub fn whole_file(file: &Path, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            snippet: String::new(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// `file:line:column` (or just the file when there is no position).
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

/// Characters a snippet keeps before the column it points at.
pub const SNIPPET_BEFORE: usize = 30;
/// Most characters a snippet keeps.
pub const SNIPPET_CHARS: usize = 80;

/// The part of a source line shown under a message: a window of at most
/// [`SNIPPET_CHARS`] characters starting [`SNIPPET_BEFORE`] before the
/// 1-based `column` (with "…" where it was cut), control characters shown
/// as "?". A finding keeps only this, not the whole line.
pub fn snippet(line: &str, column: usize) -> String {
    let skip = column.saturating_sub(1 + SNIPPET_BEFORE);
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    let mut chars = line.chars().skip(skip);
    out.extend(chars.by_ref().take(SNIPPET_CHARS).map(|c| if c == '\t' { ' ' } else if c.is_control() { '?' } else { c }));
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// The 1-based column inside [`snippet`]'s window of a line's `column`.
pub fn snippet_column(column: usize) -> usize {
    if column > 1 + SNIPPET_BEFORE { SNIPPET_BEFORE + 2 } else { column }
}

/// `s` safe to print on a terminal: control characters other than line
/// breaks and tabs, and escape sequences other than colours (SGR, which the
/// checker itself writes), become "?".
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b'
            && let Some(sgr) = rest.strip_prefix("\x1b[")
            && let Some(end) = sgr.find(|c: char| !(c.is_ascii_digit() || c == ';'))
            && sgr[end..].starts_with('m')
        {
            out.push_str(&rest[..2 + end + 1]);
            rest = &rest[2 + end + 1..];
            continue;
        }
        out.push(if c.is_control() && !matches!(c, '\n' | '\t') { '?' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", printable(&self.location()), printable(&self.message))?;
        if !self.snippet.is_empty() {
            // Generated text has no line of the sheet: no number in the gutter.
            let gutter = if self.line == 0 { String::new() } else { self.line.to_string() };
            write!(f, "\n  {gutter} | {}", printable(&self.snippet))?;
            if self.column > 0 {
                // Full-width characters take two terminal columns.
                let pad: usize = self
                    .snippet
                    .chars()
                    .take(snippet_column(self.column) - 1)
                    .map(|c| if c.is_ascii() { 1 } else { 2 })
                    .sum();
                write!(f, "\n  {} | {}^", " ".repeat(gutter.len()), " ".repeat(pad))?;
            }
        }
        if !self.hint.is_empty() {
            write!(f, "\n  提示：{}", self.hint)?;
        }
        Ok(())
    }
}

/// The reason of an I/O error in Chinese, for the common kinds a clerk
/// meets (the OS's own text otherwise).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    // Windows: ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION, and the
    // access denied that replacing a .docx open in Word or WPS gives.
    if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        return "文件正被其他程序打开（如 WPS、Word），请关闭该文件后再运行".into();
    }
    if cfg!(windows) && e.kind() == PermissionDenied {
        return "没有权限，或文件正被其他程序打开（如 WPS、Word），请关闭该文件后再运行".into();
    }
    let reason = match e.kind() {
        NotFound => "文件或文件夹不存在",
        PermissionDenied => "没有权限（请检查文件权限，或换一个文件夹）",
        IsADirectory => "这是一个文件夹，不是文件",
        NotADirectory => "路径中的某一级不是文件夹",
        StorageFull => "磁盘空间不足",
        ReadOnlyFilesystem => "文件系统只读",
        InvalidData => "内容无法按 UTF-8 文本读取",
        AlreadyExists => "同名文件已存在",
        FileTooLarge => "文件太大",
        ResourceBusy => "文件正被占用",
        InvalidFilename => "文件名太长或含有不允许的字符",
        TooManyLinks => "链接太多或链接成环",
        CrossesDevices => "不能跨磁盘移动文件",
        Interrupted | TimedOut | WouldBlock => "操作被中断，请重试",
        OutOfMemory => "内存不足",
        Unsupported => "此系统不支持该操作",
        // Our own messages (e.g. data::input's) are Chinese already; the OS's
        // English text is replaced by its error code.
        _ if e.get_ref().is_some() => return e.to_string(),
        _ => return e.raw_os_error().map_or_else(|| "系统错误".to_string(), |c| format!("系统错误（代码 {c}）")),
    };
    reason.to_string()
}

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in a user's file, located and explained.
    #[error("{0}")]
    Sheet(Box<Diagnostic>),
    /// Several problems in one file (reported together so a clerk fixes them in one go).
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("无法{action}文件 {}：{}", path.display(), io_reason(source))]
    Io {
        /// "读取" or "写入".
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A template (built-in or from `--templates`) is broken.
    #[error("模板 {name} 有误：{detail}")]
    Template {
        /// Template name, e.g. `dangjian/report.tera`.
        name: String,
        /// What went wrong (Tera's report, or the markup line).
        detail: String,
    },
    /// A renderer failed to assemble its output (not caused by the sheet).
    #[error("生成{format}文件失败：{detail}")]
    Render {
        /// The output format, e.g. "Word（docx）".
        format: &'static str,
        /// What went wrong.
        detail: String,
    },
    /// `render` refused a sheet: the checker found error-severity problems
    /// (`--draft` renders it marked 草稿).
    #[error("检查发现 {} 个错误，未生成：\n{}", .0.len(), .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Refused(Vec<Diagnostic>),
    /// A font problem: none found, unreadable, or lacking a character.
    #[error("{message}\n  提示：{hint}")]
    Font {
        /// What is wrong, in Chinese.
        message: String,
        /// What to do about it, in Chinese.
        hint: String,
    },
    /// The PDF could not be written (a bug or an unusable font program).
    #[error("PDF 生成失败：{0}")]
    Pdf(String),
    /// A requested capability that is not built yet.
    #[error("{0}")]
    NotYet(String),
    /// An output could not be produced (a name clash, an unsafe name, an encoder failure).
    #[error("{0}")]
    Output(String),
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Sheet(Box::new(d))
    }
}

impl Error {
    /// The diagnostics this error carries (empty for I/O and template errors).
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        match self {
            Error::Sheet(d) => vec![d],
            Error::Many(ds) | Error::Refused(ds) => ds.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why `init` (or the editor's 新建) wrote no sheet.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The sheet exists and `--force` was not given.
    #[error("文件 {} 已存在；如需覆盖请加 --force", .0.display())]
    Exists(PathBuf),
    /// `init --ledger` with a file name that is not .xlsx.
    #[error("台账文件名须以 .xlsx 结尾，如 zongjie init --ledger 台账.xlsx（现在是 {}）", .0.display())]
    LedgerName(PathBuf),
    /// No area given and none in the file name.
    #[error("无法从文件名得出地名，请用 --area 指定，如 --area 青石镇")]
    NoArea,
    /// A year outside 2000–2100.
    #[error("年份 {year} 不合理，请写四位年份，如 --year {example}")]
    Year {
        /// The year asked for.
        year: i32,
        /// A year to show in the message.
        example: i32,
    },
    /// The profile (`--profile`) could not be loaded.
    #[error(transparent)]
    Profile(Error),
    /// `--from`: last year's sheet does not load.
    #[error("上年的数据表无法读取，请先修好：\n{0}")]
    From(#[source] Error),
    /// The generated sheet does not load: a broken scaffold template.
    #[error("生成的样表无法读取（模板有误）：{0}")]
    Scaffold(#[source] Error),
    /// The generated sheet conflicts with the profile: a broken scaffold template.
    #[error("生成的样表与县配置文件冲突（模板有误）：{0}")]
    ProfileConflict(Box<Diagnostic>),
    /// The sheet's folder could not be made.
    #[error("无法创建文件夹 {}：{}", path.display(), io_reason(source))]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The sheet could not be written.
    #[error(transparent)]
    Write(Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_points_at_the_column_counting_wide_chars() {
        let d = Diagnostic {
            file: "a.toml".into(),
            line: 3,
            column: 4,
            snippet: "标题 = 1".into(),
            message: "类型不对".into(),
            hint: "改成文字".into(),
        };
        let s = d.to_string();
        assert!(s.starts_with("a.toml:3:4：类型不对"), "{s}");
        // "标题 " is 2+2+1 terminal columns before the caret.
        assert!(s.contains("\n    |      ^"), "{s}");
        assert!(s.ends_with("提示：改成文字"));
        // Generated text (line 0) shows its excerpt without a line number.
        let g = Diagnostic { line: 0, column: 0, snippet: "2026年，乡党委将".into(), ..d };
        assert!(g.to_string().contains("\n   | 2026年，乡党委将"), "{g}");
    }

    #[test]
    fn snippets_are_a_window_around_the_column() {
        let line = format!("{}错{}", "甲".repeat(1000), "乙".repeat(1000));
        let s = snippet(&line, 1001);
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(s.chars().nth(snippet_column(1001) - 1), Some('错'));
        assert_eq!(snippet("短行", 2), "短行");
        assert_eq!(snippet_column(2), 2);
        assert_eq!(snippet("a\u{1b}[2Jb", 1), "a?[2Jb");
    }

    #[test]
    fn only_colours_survive_printable() {
        assert_eq!(printable("\x1b[1;31m错误\x1b[0m"), "\x1b[1;31m错误\x1b[0m");
        assert_eq!(printable("a\x1b]0;title\x07b\u{0}c\n"), "a?]0;title?b?c\n");
    }
}
