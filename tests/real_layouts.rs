//! `zongjie import` → `render` on reports in the layouts met in the wild
//! (tests/layout_corpus/, written for these tests, one per layout; the Word
//! list numbering is built here): headings run into their text, work
//! starting at （一）, unnumbered headings, a title without a place name,
//! and a .docx whose 一、（一）1. are Word's automatic numbering. Each comes
//! back with ≥ 97 % of its sentences word for word (numbering labels aside),
//! the right level, date and unit.

mod common;
use common::*;

use std::path::Path;

/// Sentences of a text, numbering labels (一、 （一） 1. 一是) and indentation dropped.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for s in line.split(['。', '！', '？', '；', '：']) {
            let mut s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string();
            loop {
                let before = s.clone();
                for pat in ["一是", "二是", "三是", "四是", "五是", "六是"] {
                    if let Some(r) = s.strip_prefix(pat) {
                        s = r.to_string();
                    }
                }
                let label: String = s.chars().take_while(|c| "（）一二三四五六七八九十0123456789、.".contains(*c)).collect();
                if !label.is_empty() && (label.ends_with('）') || label.ends_with('、') || label.ends_with('.')) {
                    s = s[label.len()..].to_string();
                }
                if s == before {
                    break;
                }
            }
            if s.chars().count() >= 6 {
                out.push(s);
            }
        }
    }
    out
}

/// Imports `report` in `dir`, renders the sheet to txt; (sheet, rendered text).
fn round_trip(dir: &Path, report: &str) -> (String, String) {
    let o = run(dir, &["import", report, "-o", "表.toml", "--force"]);
    assert!(o.status.success(), "{report}: {}", text(&o));
    let sheet = std::fs::read_to_string(dir.join("表.toml")).unwrap();
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    // The sheet says which version the report was (its comment names the --period to use).
    let period = if sheet.contains("--period h1") { "h1" } else { "year" };
    let o = run(dir, &["render", "表.toml", "--period", period, "-f", "txt", "-o", "out", "-q", "--draft"]);
    assert!(o.status.success(), "{report}: {}\n{sheet}", text(&o));
    let file = std::fs::read_dir(&out).unwrap().flatten().next().expect("one file").path();
    (sheet, std::fs::read_to_string(file).unwrap())
}

/// The body of a report: without its title (first line) and 落款 (last two lines), checked apart.
fn body(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('【')).collect();
    let n = lines.len();
    lines[1..n.saturating_sub(2).max(1)].join("\n")
}

/// Share of the original's body sentences found word for word in the rendered text.
fn verbatim(original: &str, rendered: &str) -> (usize, usize, Vec<String>) {
    let have: std::collections::HashSet<String> = sentences(&body(rendered)).into_iter().collect();
    // The headings of 存在的问题 and 工作打算 are the standard ones by design (三、2024年工作打算).
    let part_heading = |s: &String| s.chars().count() <= 12 && (s.contains("问题") || s.contains("打算"));
    let want: Vec<String> = sentences(&body(original)).into_iter().filter(|s| !part_heading(s)).collect();
    let lost: Vec<String> = want.iter().filter(|s| !have.contains(*s)).cloned().collect();
    (want.len() - lost.len(), want.len(), lost)
}

/// What each layout must come back with: file, level, 落款 date (None: none written), unit.
const EXPECTED: [(&str, &str, Option<&str>, &str); 4] = [
    ("run_in_headings.txt", "乡", Some("2020-12-28"), "中共石门乡委员会"),
    ("starts_at_sub.txt", "村", Some("2023-12-20"), "中共柳溪村支部委员会"),
    ("bare_headings.txt", "社区", Some("2023-12-26"), "中共东湖社区委员会"),
    ("no_place_title.txt", "村", Some("2019-12-10"), "请填写单位全称"),
];

#[test]
fn text_layouts_come_back_word_for_word_with_level_date_and_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kept_all, mut want_all) = (0, 0);
    for (name, level, date, unit) in EXPECTED {
        let original = std::fs::read_to_string(root().join("tests/layout_corpus").join(name)).unwrap();
        write(dir.path(), name, &original);
        let (sheet, rendered) = round_trip(dir.path(), name);
        assert!(sheet.contains(&format!("level = \"{level}\"")), "{name}: level {level}\n{sheet}");
        if let Some(d) = date {
            assert!(sheet.contains(d), "{name}: date {d}\n{sheet}");
        }
        assert!(sheet.contains(&format!("name = \"{unit}\"")), "{name}: unit {unit}\n{sheet}");
        let (kept, want, lost) = verbatim(&original, &rendered);
        eprintln!("{name}: {kept}/{want} sentences word for word; lost {lost:?}");
        assert!(kept * 100 >= want * 97, "{name}: {kept}/{want}; lost {lost:#?}\n{sheet}\n{rendered}");
        (kept_all, want_all) = (kept_all + kept, want_all + want);
    }
    eprintln!("all text layouts: {kept_all}/{want_all}");
}
