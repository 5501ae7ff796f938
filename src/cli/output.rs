//! Output files: safe names derived from the document, and atomic writes
//! (a temporary file in the same folder, then a rename), so a reader never
//! sees a half-written report and no name can leave the output folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::data::Period;
use crate::doc::Meta;
use crate::error::{Error, Result};

/// The file name of a report: `{area}{year}年[上半年]{kind}.{ext}`, sanitized.
pub fn file_name(meta: &Meta, ext: &str) -> String {
    let half = if meta.period == Period::H1 { "上半年" } else { "" };
    format!("{}.{ext}", sanitize(&format!("{}{}年{half}{}", meta.area, meta.year, meta.kind)))
}

/// Makes a string safe as a single file name on every platform: path
/// separators, reserved characters and control characters become `_`,
/// `..` and leading dots or spaces are removed, length is capped.
pub fn sanitize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    let s = s.trim_matches(|c: char| c == '.' || c.is_whitespace() || c == '_');
    let s: String = s.chars().take(100).collect();
    if s.is_empty() { "未命名".to_string() } else { s }
}

/// Writes `bytes` to `dir/name` atomically. `name` must be a bare file name.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let target = dir.join(name);
    if target.parent() != Some(dir) || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::Output(format!("文件名“{name}”不安全，已拒绝写入")));
    }
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let io = |source| Error::Io { action: "写入", path: target.clone(), source };
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        drop(f);
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn meta(area: &str, period: Period) -> Meta {
        Meta { author: "x".into(), area: area.into(), year: 2024, kind: "党建工作总结".into(), period, date: NaiveDate::from_ymd_opt(2024, 7, 8).unwrap() }
    }

    #[test]
    fn names_follow_the_period() {
        assert_eq!(file_name(&meta("青石镇", Period::H1), "txt"), "青石镇2024年上半年党建工作总结.txt");
        assert_eq!(file_name(&meta("青石镇", Period::Year), "docx"), "青石镇2024年党建工作总结.docx");
    }

    #[test]
    fn names_cannot_escape_the_folder() {
        for evil in ["../../etc/passwd", "a/b", "..\\..\\x", "\u{0}\u{7}x", "/abs", "...", "C:关键"] {
            let s = sanitize(evil);
            assert!(!s.contains('/') && !s.contains('\\') && !s.contains("..") && !s.chars().any(char::is_control), "{evil} -> {s}");
            assert!(!s.is_empty() && !s.starts_with('.'));
        }
        assert_eq!(sanitize("青石镇"), "青石镇");
        assert_eq!(sanitize(""), "未命名");
        assert_eq!(file_name(&meta("../青石镇", Period::H1), "txt"), "青石镇2024年上半年党建工作总结.txt");
    }

    #[test]
    fn atomic_write_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("zongjie-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = write_atomic(&dir, "a.txt", b"hello").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_atomic(&dir, "../b.txt", b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
