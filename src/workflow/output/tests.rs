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
fn long_names_keep_the_marker_and_fit_in_bytes() {
    for area in ["x".repeat(300), "柳".repeat(300), format!("{}柳", "a".repeat(150))] {
        let h1 = file_name(&meta(&area, Period::H1), "docx");
        let year = file_name(&meta(&area, Period::Year), "docx");
        assert_ne!(h1, year);
        assert!(h1.ends_with("2024年上半年党建工作总结.docx"), "{h1}");
        assert!(year.ends_with("2024年党建工作总结.docx"), "{year}");
        assert!(h1.len() <= MAX_NAME_BYTES && year.len() <= MAX_NAME_BYTES, "{}", h1.len());
    }
    let mut m = meta("青石镇", Period::H1);
    m.kind = "总结".repeat(200);
    let n = file_name(&m, "pdf");
    assert!(n.starts_with("青石镇2024年上半年总结") && n.len() <= MAX_NAME_BYTES, "{n}");
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
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let p = write_atomic(dir, "a.txt", b"hello").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"hello");
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1);
    assert!(write_atomic(dir, "../b.txt", b"x").is_err());
    assert!(write_atomic(dir, &"长".repeat(90), b"x").unwrap_err().to_string().contains("太长"));
}

#[cfg(unix)]
#[test]
fn a_link_at_the_final_name_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("a.txt")).unwrap();
    write_atomic(&out, "a.txt", b"report").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::symlink_metadata(out.join("a.txt")).unwrap().is_file());
}

#[test]
fn all_or_nothing_when_one_file_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    // A folder at the second name makes its rename fail; a name check makes it fail earlier.
    let mut written = Vec::new();
    let e = write_all_atomic(dir.path(), &[("a.txt".into(), b"1".to_vec()), (".b.txt".into(), b"2".to_vec())], &mut written).unwrap_err();
    assert!(written.is_empty());
    assert!(e.to_string().contains("不安全"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn stale_temp_files_of_dead_runs_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    // pid 4194304 is above Linux's pid_max, so no such process runs.
    let stale = dir.path().join(".zongjie-4194304-0123456789abcdef.tmp");
    let other = dir.path().join(".zongjie-notes.tmp");
    std::fs::write(&stale, "x").unwrap();
    std::fs::write(&other, "x").unwrap();
    write_atomic(dir.path(), "a.txt", b"x").unwrap();
    if Path::new("/proc/self").exists() {
        assert!(!stale.exists());
    }
    assert!(other.exists());
    assert_eq!(stale_pid(".zongjie-12-0123456789abcdef.tmp"), Some(12));
    assert_eq!(stale_pid(".zongjie-12-xyz.tmp"), None);
}

#[cfg(unix)]
#[test]
fn writing_through_keeps_links_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_through(&link, b"new").unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    assert_eq!(std::fs::metadata(&real).unwrap().mode() & 0o777, 0o640);
    let hard = dir.path().join("hard.toml");
    std::fs::hard_link(&real, &hard).unwrap();
    write_through(&real, b"newer, longer").unwrap();
    assert_eq!(std::fs::read_to_string(&hard).unwrap(), "newer, longer");
    assert_eq!(std::fs::metadata(&real).unwrap().ino(), std::fs::metadata(&hard).unwrap().ino());
    write_through(&real, b"short").unwrap();
    assert_eq!(std::fs::read_to_string(&hard).unwrap(), "short");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}
