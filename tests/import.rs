//! `zongjie import` and `render 报告` through the real binary: a clean
//! report (.txt and .docx) becomes a commented sheet that loads, and
//! rendering it gives back the report's sentences (≥ 95% word for word),
//! its title and its 落款; existing sheets are not overwritten.

mod common;
use common::*;

use std::path::Path;

/// Sentences of a text cut at 。！？；, labels and indentation dropped ([`common::sentences`]).
fn sentences(text: &str) -> Vec<String> {
    common::sentences(text, &['。', '！', '？', '；'])
}

fn nonempty(text: &str) -> Vec<String> {
    text.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string()).filter(|l| !l.is_empty()).collect()
}

/// Renders `input` (a sheet or a report) to txt in `dir/out` and returns the text.
fn render_txt(dir: &Path, input: &str, period: &str) -> String {
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let o = run(dir, &["render", input, "--period", period, "-f", "txt", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let file = std::fs::read_dir(&out).unwrap().flatten().next().expect("one file").path();
    std::fs::read_to_string(file).unwrap()
}

fn assert_round_trip(original: &str, rendered: &str) {
    let (a, b) = (nonempty(original), nonempty(rendered));
    assert_eq!(a[0], b[0], "same title");
    assert_eq!(a[a.len() - 2..], b[b.len() - 2..], "same 落款");
    let have: std::collections::HashSet<String> = sentences(rendered).into_iter().collect();
    let want = sentences(original);
    let kept = want.iter().filter(|s| have.contains(*s)).count();
    let lost: Vec<&String> = want.iter().filter(|s| !have.contains(*s)).collect();
    assert!(kept * 100 >= want.len() * 95, "only {kept}/{} sentences kept; lost {lost:#?}\n{rendered}", want.len());
}

#[test]
fn text_reports_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for (base, period) in [("town_h1", "h1"), ("village_year", "year"), ("street_year", "year")] {
        let original = report_corpus(&format!("clean_{base}.txt"));
        write(dir.path(), "报告.txt", &original);
        let o = run(dir.path(), &["import", "报告.txt", "-o", "表.toml", "--force"]);
        assert!(o.status.success(), "{}", text(&o));
        let sheet = std::fs::read_to_string(dir.path().join("表.toml")).unwrap();
        assert!(sheet.lines().filter(|l| l.trim_start().starts_with('#') || l.contains("  # ")).count() >= 5, "commented like init's:\n{sheet}");
        let check = run(dir.path(), &["check", "表.toml", "--period", period]);
        assert_eq!(check.status.code(), Some(0), "the imported sheet of a clean report is clean: {}", text(&check));
        assert_round_trip(&original, &render_txt(dir.path(), "表.toml", period));
        // `render 报告.txt` does the same in one step, in the report's own version.
        assert_round_trip(&original, &render_txt(dir.path(), "报告.txt", "both"));
    }
}

#[test]
fn word_reports_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for (base, period) in [("town_h1", "h1"), ("street_year", "year")] {
        let original = report_corpus(&format!("clean_{base}.txt"));
        let paras: Vec<&str> = original.lines().filter(|l| !l.trim().is_empty()).collect();
        std::fs::write(dir.path().join("报告.docx"), docx(&paras, 0, "")).unwrap();
        let o = run(dir.path(), &["import", "报告.docx", "--force"]);
        assert!(o.status.success(), "{}", text(&o));
        assert!(dir.path().join("报告.toml").is_file(), "default name beside the report");
        assert_round_trip(&original, &render_txt(dir.path(), "报告.toml", period));
    }
}

#[test]
fn an_existing_sheet_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告.txt", &report_corpus("clean_town_h1.txt"));
    write(dir.path(), "报告.toml", "# 我的数据表\n");
    let o = run(dir.path(), &["import", "报告.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在") && text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("报告.toml")).unwrap(), "# 我的数据表\n");
}

#[test]
fn fix_applies_safe_fixes_and_plain_import_keeps_every_word() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告.txt", &report_corpus("clean_village_year.txt").replace("台账", "台帐"));
    assert!(run(dir.path(), &["import", "报告.txt", "-o", "原样.toml"]).status.success());
    assert!(std::fs::read_to_string(dir.path().join("原样.toml")).unwrap().contains("台帐"), "no silent fixes");
    assert!(run(dir.path(), &["import", "报告.txt", "-o", "修复.toml", "--fix"]).status.success());
    let fixed = std::fs::read_to_string(dir.path().join("修复.toml")).unwrap();
    assert!(fixed.contains("台账") && !fixed.contains("台帐"));
}

#[test]
fn reports_without_a_year_or_unit_get_one_message() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "无年度.txt", "今年以来，我镇扎实推进党建工作。\n一、工作情况\n抓学习。\n");
    let o = run(dir.path(), &["import", "无年度.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--year"), "{}", text(&o));
    let o = run(dir.path(), &["import", "无年度.txt", "--year", "2024"]);
    assert!(o.status.success(), "{}", text(&o));
    let sheet = std::fs::read_to_string(dir.path().join("无年度.toml")).unwrap();
    assert!(sheet.contains("请填写单位全称"), "no invented unit:\n{sheet}");
}
