//! The phrase bank through the real binary: every catalogue figure is
//! worded with its value and unit, a figures-only sheet gives a complete
//! report in both periods, frames vary, and the example's text is
//! snapshotted so wording changes are reviewed.

mod common;
use common::*;

/// Every figure of the built-in catalogue: (key, label, unit, kind, part_of).
fn catalogue() -> Vec<(String, String, String, String, Option<String>)> {
    let text = std::fs::read_to_string(root().join("templates/dangjian/figures.toml")).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    t["figures"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let s = |f: &str| v.get(f).and_then(|x| x.as_str()).map(str::to_string);
            (k.clone(), s("label").unwrap(), s("unit").unwrap(), s("kind").unwrap(), s("part_of"))
        })
        .collect()
}

/// What the text must say of one figure: key, label, unit, kind, part_of, h1 and year values.
type Expected = (String, String, String, Option<String>, u32, u32);

/// A figures-only sheet giving every catalogue figure a distinct value.
fn all_figures_sheet() -> (String, Vec<Expected>) {
    let mut sheet = String::from("[unit]\nname = \"中共测试镇委员会\"\narea = \"测试镇\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-01, year = 2024-12-30 }\n[figures]\n");
    let mut expect = Vec::new();
    for (i, (key, label, unit, kind, part_of)) in catalogue().into_iter().enumerate() {
        // Distinct, recognisable values; parts stay below their whole.
        let (h1, year) = if part_of.is_some() { (100 + i as u32, 300 + i as u32) } else { (1000 + 17 * i as u32, 5000 + 31 * i as u32) };
        // The values are made up, so one figure may exceed another it is
        // compared with (流动党员 > 党员总数): exempt that check, or `render`
        // would refuse the sheet.
        match kind.as_str() {
            "flow" => sheet.push_str(&format!("{key} = [{h1}, {}]   # 不检查：figure-sanity\n", year - h1)),
            _ => sheet.push_str(&format!("{key} = {{ h1 = {h1}, year = {year} }}   # 不检查：figure-sanity\n")),
        }
        expect.push((key, label, unit, part_of, h1, year));
    }
    (sheet, expect)
}

#[test]
fn every_catalogue_figure_is_worded_with_value_and_unit_in_both_periods() {
    let d = tempfile::tempdir().unwrap();
    let (sheet, expect) = all_figures_sheet();
    assert!(expect.len() >= 30, "catalogue has {} figures", expect.len());
    write(d.path(), "测试镇.toml", &sheet);
    let o = run(d.path(), &["render", "测试镇.toml", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let h1 = std::fs::read_to_string(d.path().join("out/测试镇2024年上半年党建工作总结.txt")).unwrap();
    let year = std::fs::read_to_string(d.path().join("out/测试镇2024年党建工作总结.txt")).unwrap();
    for (key, label, unit, part_of, vh1, vyear) in &expect {
        for (report, v) in [(&h1, vh1), (&year, vyear)] {
            let wanted = if part_of.is_some() { format!("{label}{v}{unit}") } else { format!("{v}{unit}") };
            let sentence = report.split(['。', '\n']).find(|s| s.contains(&wanted));
            assert!(sentence.is_some(), "{key}: “{wanted}” missing from\n{report}");
        }
    }
    for report in [&h1, &year] {
        assert!(report.contains("一、") && report.contains("现将"), "opening and first section");
        assert!(report.trim_end().ends_with("日"), "signature date last");
        assert!(report.contains("（五）"), "five blocks from the catalogue's five block kinds:\n{report}");
    }
}

fn example_reports() -> (String, String) {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["render", root().join("data/青石镇.toml").to_str().unwrap(), "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    (
        std::fs::read_to_string(d.path().join("out/青石镇2024年上半年党建工作总结.txt")).unwrap(),
        std::fs::read_to_string(d.path().join("out/青石镇2024年党建工作总结.txt")).unwrap(),
    )
}

/// A sentence's pattern: digits (with decimals) replaced by #.
fn pattern(s: &str) -> String {
    let mut out = String::new();
    let mut in_num = false;
    for c in s.chars() {
        if c.is_ascii_digit() || (in_num && c == '.') {
            if !in_num {
                out.push('#');
            }
            in_num = true;
        } else {
            in_num = false;
            out.push(c);
        }
    }
    out
}

#[test]
fn no_sentence_pattern_or_opening_frame_appears_more_than_twice() {
    for report in <[String; 2]>::from(example_reports()) {
        let sentences: Vec<&str> = report.split(['。', '\n']).map(|s| s.trim_matches('\u{3000}')).filter(|s| s.chars().count() > 4).collect();
        let mut counts = std::collections::BTreeMap::new();
        for s in &sentences {
            *counts.entry(pattern(s)).or_insert(0) += 1;
        }
        let over: Vec<_> = counts.iter().filter(|(_, n)| **n > 2).collect();
        assert!(over.is_empty(), "{over:?}");
        // Opening frames (the short lead before the first comma: 今年以来, 截至6月底, 目前…).
        let mut frames = std::collections::BTreeMap::new();
        for s in &sentences {
            if let Some((lead, _)) = s.split_once('，')
                && lead.chars().count() <= 5 {
                    *frames.entry(pattern(lead)).or_insert(0) += 1;
                }
        }
        let over: Vec<_> = frames.iter().filter(|(_, n)| **n > 2).collect();
        assert!(over.is_empty(), "{over:?}\n{report}");
    }
}

#[test]
fn example_text_snapshot() {
    let (h1, year) = example_reports();
    insta::assert_snapshot!("example_h1", h1);
    insta::assert_snapshot!("example_year", year);
}

#[test]
fn a_phrase_override_changes_only_that_phrase() {
    let d = tempfile::tempdir().unwrap();
    let sheet = example(d.path());
    std::fs::create_dir_all(d.path().join("tpl/dangjian")).unwrap();
    write(d.path(), "tpl/dangjian/phrases.toml", "share = \"{label}{v}{unit}，占比{p}%\"\n");
    let base = run(d.path(), &["render", sheet.to_str().unwrap(), "-o", "a", "--period", "year"]);
    assert!(base.status.success());
    let o = run(d.path(), &["render", sheet.to_str().unwrap(), "-o", "b", "--period", "year", "--templates", "tpl"]);
    assert!(o.status.success(), "{}", text(&o));
    let a = std::fs::read_to_string(d.path().join("a/青石镇2024年党建工作总结.txt")).unwrap();
    let b = std::fs::read_to_string(d.path().join("b/青石镇2024年党建工作总结.txt")).unwrap();
    assert!(a.contains("其中35岁以下11名、占68.8%") && b.contains("其中35岁以下11名，占比68.8%"), "{b}");
    assert_eq!(a.replace("、占", "，占比"), b, "nothing else changed");
}

#[test]
fn a_work_block_can_take_its_figures_from_a_catalogue_block() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "s.toml", "[unit]\nname = \"中共甲镇委员会\"\narea = \"甲镇\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-01, year = 2024-12-30 }\n[figures]\nmembers = { h1 = 500, year = 510 }\nnew_members = [3, 4]\nconfirmed_members = [5, 6]\n[[work]]\nblock = \"members\"\ntext = \"全年转正{confirmed_members}名。\"\n");
    let o = run(d.path(), &["render", "s.toml", "-o", "out", "--period", "year"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = std::fs::read_to_string(d.path().join("out/甲镇2024年党建工作总结.txt")).unwrap();
    // The only work block is not numbered: no （一） without （二）.
    assert!(t.contains("\u{3000}\u{3000}加强队伍建设，激发党员活力。全年转正11名。") && !t.contains("（一）加强队伍"), "{t}");
    assert!(t.contains("510名") && t.contains("7名"));
    assert_eq!(t.matches("11名").count(), 1, "a figure the text cites is not written twice: {t}");
    write(d.path(), "bad.toml", "[unit]\nname = \"x\"\narea = \"乙镇\"\n[report]\nyear = 2024\n[[work]]\nblock = \"member\"\n");
    let o = run(d.path(), &["render", "bad.toml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("bad.toml:7:10：未知的工作板块“member”"), "{}", text(&o));
}
