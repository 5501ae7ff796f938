//! What `render` and `rollup` must not do to the user's files: replace a
//! .docx or .xlsx someone edited after it was generated (its stamp,
//! `render::docx::stamp` or `rollup::xlsx`, says so), let one of two sheets with the same output name silently win, or
//! give a draft the final report's name. Sits between rendering (bytes in
//! memory) and `output::write_atomic`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::render::docx::stamp::{Stamp, stamp_of};

/// The name of a draft: `（草稿）` before the extension.
pub fn draft_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}（草稿）.{ext}"),
        None => format!("{name}（草稿）"),
    }
}

/// The largest existing .docx or .xlsx read to see whether it is ours; a
/// larger one is kept as not known to be ours.
const MAX_GUARDED_FILE: u64 = 64 * 1024 * 1024;

/// Why an existing file is kept instead of replaced, or None to replace it.
/// Only .docx and .xlsx files are guarded: they are the ones people finish
/// in Word, Excel or WPS.
pub fn keep_reason(target: &Path) -> Option<&'static str> {
    let ext = target.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let (read_stamp, editor): (fn(&[u8]) -> Stamp, &str) = match ext.as_str() {
        "docx" => (stamp_of, "Word"),
        "xlsx" => (crate::rollup::xlsx::stamp_of, "Excel"),
        _ => return None,
    };
    // Only a regular file is read (a pipe there would block, /dev/zero never
    // end); a link is replaced by the write, its target untouched.
    if !std::fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
        return None;
    }
    // A file larger than anything zongjie writes is not ours unchanged: not read.
    let mut bytes = Vec::new();
    std::fs::File::open(target).and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_GUARDED_FILE + 1), &mut bytes)).ok()?;
    if bytes.len() as u64 > MAX_GUARDED_FILE {
        bytes.clear();
    }
    match (read_stamp(&bytes), editor) {
        (Stamp::Unchanged, _) => None,
        (Stamp::Edited, "Word") => Some("这个文件生成后被修改过（例如在 Word 或 WPS 中改过并保存）"),
        (Stamp::Edited, _) => Some("这个文件生成后被修改过（例如在 Excel 或 WPS 表格中改过并保存）"),
        (Stamp::Unknown, _) => Some("这个文件不是 zongjie 生成的，无法确认里面没有您的修改"),
    }
}

/// The message for a kept file.
pub fn kept_message(target: &Path, reason: &str) -> String {
    format!("未覆盖 {}：{reason}，已原样保留。确认不要这些修改时，加 --force 重新生成；或先把它改名另存", target.display())
}

/// Output names claimed by more than one sheet: for each such sheet, the
/// message naming the name and every other sheet that claims it. Neither
/// sheet wins; the caller renders none of them. Names differing only in
/// letter case clash too (Windows and macOS treat them as one file).
pub fn clashes(claims: &[(PathBuf, Vec<String>)]) -> BTreeMap<PathBuf, String> {
    let mut by_name: BTreeMap<String, (&str, Vec<&Path>)> = BTreeMap::new();
    for (sheet, names) in claims {
        for n in names {
            let (_, owners) = by_name.entry(n.to_lowercase()).or_insert((n.as_str(), Vec::new()));
            if !owners.contains(&sheet.as_path()) {
                owners.push(sheet);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (name, owners) in by_name.into_values().filter(|(_, o)| o.len() > 1) {
        for me in &owners {
            let others: Vec<String> = owners.iter().filter(|o| *o != me).map(|o| o.display().to_string()).collect();
            out.entry(me.to_path_buf()).or_insert_with(|| {
                format!("{}：输出文件名“{name}”与 {} 相同（单位名称和年度相同？），两张都未生成；请改正其中一张的 [unit] area 或 [report] year，或删去多余的一张", me.display(), others.join("、"))
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_names_keep_the_extension() {
        assert_eq!(draft_name("青石镇2024年党建工作总结.docx"), "青石镇2024年党建工作总结（草稿）.docx");
        assert_eq!(draft_name("无扩展名"), "无扩展名（草稿）");
    }

    #[test]
    fn a_clash_names_both_sheets_and_spares_the_others() {
        let claims = vec![
            (PathBuf::from("a/青石镇.toml"), vec!["青石镇2024年党建工作总结.txt".to_string()]),
            (PathBuf::from("b/青石镇.toml"), vec!["青石镇2024年党建工作总结.txt".to_string()]),
            (PathBuf::from("白鹭镇.toml"), vec!["白鹭镇2024年党建工作总结.txt".to_string()]),
        ];
        let c = clashes(&claims);
        assert_eq!(c.len(), 2);
        let cased = vec![(PathBuf::from("a.toml"), vec!["ABC村.txt".to_string()]), (PathBuf::from("b.toml"), vec!["abc村.txt".to_string()])];
        assert_eq!(clashes(&cased).len(), 2, "one file on Windows");
        assert!(c[Path::new("a/青石镇.toml")].contains("b/青石镇.toml"));
        assert!(c[Path::new("b/青石镇.toml")].contains("a/青石镇.toml"));
    }

    #[test]
    fn only_docx_and_xlsx_files_are_guarded() {
        let dir = std::env::temp_dir().join(format!("zongjie-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let txt = dir.join("a.txt");
        std::fs::write(&txt, "手改").unwrap();
        assert_eq!(keep_reason(&txt), None);
        let docx = dir.join("a.docx");
        assert_eq!(keep_reason(&docx), None, "no file yet");
        std::fs::write(&docx, "不是 Word 文件").unwrap();
        assert!(keep_reason(&docx).is_some());
        let xlsx = dir.join("a.xlsx");
        std::fs::write(&xlsx, "不是 Excel 文件").unwrap();
        assert!(keep_reason(&xlsx).is_some());
        let csv = dir.join("a.csv");
        std::fs::write(&csv, "手改").unwrap();
        assert_eq!(keep_reason(&csv), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
