//! County mode through the real binary: a folder of many sheets with broken
//! ones among them, a profile and its override rules, the roll-up (xlsx read
//! back, csv, totals, empty cells), and a township built from its villages.

mod common;
use std::path::Path;

use common::*;

/// A village sheet with its own area and figures scaled by `n`.
fn village(area: &str, n: u32, extra: &str) -> String {
    format!(
        "[unit]\nname = \"中共{area}支部委员会\"\narea = \"{area}\"\n{extra}\n[report]\nyear = 2024\ndate = {{ h1 = 2024-07-05, year = 2024-12-20 }}\n\n[figures]\nmembers = {{ h1 = {m}, year = {m2} }}\nnew_members = [{a}, {b}]\ntheme_days = [6, 6]\n\n[[work]]\ntitle = \"抓实支部建设\"\nsplit = true\nauto = [\"members\", \"new_members\", \"theme_days\"]\n[[work.points]]\ntitle = \"规范主题党日\"\ntext = \"每月固定日期开展主题党日。\"\n[[work.points]]\ntitle = \"开展志愿服务\"\ntext = \"组织党员参加环境整治。\"\n[[problems]]\ntitle = \"阵地不足\"\ntext = \"党员活动室面积小。\"\n[[plans]]\ntitle = \"改造阵地\"\ntext = \"争取资金改造活动室。\"\n",
        m = 30 + n,
        m2 = 31 + n,
        a = n % 3,
        b = n % 2 + 1,
    )
}

fn county(dir: &Path, good: u32) {
    std::fs::create_dir_all(dir.join("甲乡")).unwrap();
    for i in 0..good {
        // half of the sheets in a sub-folder: folders are searched recursively
        let sub = if i % 2 == 0 { "" } else { "甲乡/" };
        write(dir, &format!("{sub}村{i:02}.toml"), &village(&format!("村{i:02}"), i, ""));
    }
    write(dir, "坏_语法.toml", "[unit\nname = \"x\"\n");
    write(dir, "坏_字段.toml", &village("坏村", 1, "").replace("theme_days = [6, 6]", "theme_dayz = [6, 6]"));
}

#[test]
fn many_sheets_good_ones_render_bad_ones_are_listed() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("县");
    county(&c, 52);
    let o = run(d.path(), &["render", "县", "-o", "out", "--period", "year"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let files = listing(&d.path().join("out"));
    assert_eq!(files.len(), 52, "one file per good sheet");
    for i in 0..52 {
        assert!(files.contains(&format!("村{i:02}2024年党建工作总结.txt")), "村{i:02}");
    }
    assert!(files.iter().all(|f| !f.starts_with('.') && !f.ends_with(".tmp")), "no temp files: {files:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    let summary = &err[err.find("有 2 张数据表未能生成").expect(&err)..];
    assert!(summary.contains("坏_语法.toml:1:") && summary.contains("坏_字段.toml:") && summary.contains("未知指标“theme_dayz”"), "{summary}");
    // Each failure is said once (in the summary), not also while the run goes.
    assert_eq!(err.matches("坏_语法.toml:1:").count(), 1, "{err}");
    assert_eq!(err.matches("未知指标“theme_dayz”").count(), 1, "{err}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'), "no progress bar when piped");
}

#[test]
fn quiet_prints_only_errors() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.toml", &village("甲村", 1, ""));
    let o = run(d.path(), &["render", "a.toml", "-o", "out", "-q"]);
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", text(&o));
}

#[test]
fn a_profile_standardizes_format_and_wording() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "profile.toml", "allow = [\"approach\"]\n[format]\ndot = \"．\"\n[wording]\nsuperior = \"市委\"\napproach = \"党建引领基层治理\"\n");
    write(d.path(), "甲村.toml", &village("甲村", 1, ""));
    let o = run(d.path(), &["render", ".", "-o", "out", "--period", "year"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = std::fs::read_to_string(d.path().join("out/甲村2024年党建工作总结.txt")).unwrap();
    assert!(t.lines().nth(2).is_some_and(|opening| opening.contains("市委") && !opening.contains("县委")), "{t}");
    assert!(t.contains("党建引领基层治理") && t.contains("1．规范主题党日。") && !t.contains("1.规范"), "{t}");

    // The sheet may set what the profile allows …
    write(d.path(), "甲村.toml", &village("甲村", 1, "").replace("[report]\n", "[report]\napproach = \"村里自己的主线\"\n"));
    let o = run(d.path(), &["render", ".", "-o", "out", "--period", "year"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read_to_string(d.path().join("out/甲村2024年党建工作总结.txt")).unwrap().contains("村里自己的主线"));
    // … but not what it fixes.
    write(d.path(), "甲村.toml", &village("甲村", 1, "superior = \"镇党委\""));
    let o = run(d.path(), &["render", ".", "-o", "out2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("甲村.toml:4:12：“unit.superior”已由") && text(&o).contains("allow"), "{}", text(&o));
    assert!(listing(&d.path().join("out2")).is_empty());
}

#[test]
fn init_follows_a_profile() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "profile.toml", "[wording]\nsuperior = \"市委\"\nlayout = \"themed\"\n");
    let o = run(d.path(), &["init", "乙镇.toml", "--profile", "profile.toml", "--year", "2024"]);
    assert!(o.status.success(), "{}", text(&o));
    let s = std::fs::read_to_string(d.path().join("乙镇.toml")).unwrap();
    assert!(s.contains("# superior：由县配置文件统一规定为“市委”") && !s.contains("\nsuperior = "), "{s}");
    assert!(s.contains("# layout：由县配置文件统一规定为“themed”"));
    let o = run(d.path(), &["render", "乙镇.toml", "-o", "out", "--period", "h1"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = std::fs::read_to_string(d.path().join("out/乙镇2024年上半年党建工作总结.txt")).unwrap();
    assert!(t.contains("一、强化政治引领，筑牢思想根基") && t.contains("市委"), "themed layout from the profile: {t}");
}

#[test]
fn rollup_writes_xlsx_and_csv_with_totals_and_empty_cells() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("示例县");
    std::fs::create_dir_all(&c).unwrap();
    write(&c, "甲村.toml", &village("甲村", 1, ""));
    write(&c, "乙村.toml", &village("乙村", 2, "").replace("theme_days = [6, 6]\n", "theme_days = [6, 6]\n[figures.custom.wells]\nlabel = \"新打水井\"\nunit = \"口\"\nvalue = [2, 3]\n"));
    let o = run(d.path(), &["rollup", "示例县", "--period", "year", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let xlsx = d.path().join("out/示例县2024年党建工作主要指标汇总表.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("全年").unwrap();
    let cell = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("示例县2024年党建工作主要指标汇总表".into()), "a title row");
    assert_eq!(cell(1, 0), Data::String("单位".into()));
    // catalogue order: 主题党日 (组织建设) before 党员总数 (党员队伍), custom figures last
    assert_eq!(cell(1, 1), Data::String("主题党日活动（次）".into()));
    assert_eq!(cell(1, 2), Data::String("党员总数（名）".into()));
    assert_eq!(cell(1, 4), Data::String("新打水井（口）".into()));
    // pinyin order: 甲 (jiǎ) before 乙 (yǐ), though 乙 comes first by code point
    assert_eq!(cell(2, 0), Data::String("甲村".into()));
    assert_eq!(cell(2, 4), Data::Empty, "甲村 has no wells: empty, not 0");
    assert_eq!(cell(3, 0), Data::String("乙村".into()));
    assert_eq!(cell(3, 4), Data::Float(5.0));
    assert_eq!(cell(4, 0), Data::String("合计".into()));
    assert_eq!(cell(4, 1), Data::Float(24.0));
    assert_eq!(cell(4, 2), Data::Float(32.0 + 33.0));
    assert_eq!(cell(4, 3), Data::Float((1 + 2 + 2 + 1) as f64)); // new_members 甲 [1,2] + 乙 [2,1]
    let csv = std::fs::read(d.path().join("out/示例县2024年党建工作主要指标汇总表.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("\r\n甲村,12,32,3,\r\n"), "{csv}");
    // same sheets, same bytes
    let first = std::fs::read(&xlsx).unwrap();
    let o = run(d.path(), &["rollup", "示例县", "--period", "year", "-o", "out"]);
    assert!(o.status.success());
    assert_eq!(first, std::fs::read(&xlsx).unwrap());
}

#[test]
fn a_township_sums_its_villages_and_notes_differences() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "甲村.toml", &village("甲村", 1, ""));
    write(d.path(), "乙村.toml", &village("乙村", 2, ""));
    let town = "[unit]\nname = \"中共丙镇委员会\"\narea = \"丙镇\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-08, year = 2024-12-26 }\nvillages = [\"甲村.toml\", \"乙村.toml\"]\n[figures]\nnew_members = [5, 3]\n[[work]]\ntitle = \"建强队伍\"\ntext = \"全年开展主题党日{theme_days}次，发展党员{new_members}名。\"\n";
    std::fs::create_dir_all(d.path().join("镇")).unwrap();
    write(d.path(), "丙镇.toml", town);
    let o = run(d.path(), &["render", "丙镇.toml", "-o", "out", "--period", "year"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = std::fs::read_to_string(d.path().join("out/丙镇2024年党建工作总结.txt")).unwrap();
    // theme_days is not stated by the township: 2 villages × (6 + 6).
    assert!(t.contains("全年开展主题党日24次"), "{t}");
    // new_members is stated (5, 3) but the villages give (1+2, 2+1): noted, the stated value is used.
    assert!(t.contains("发展党员8名"), "{t}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("丙镇.toml:9:") && err.contains("“发展党员”上半年填的是 5，所列各村合计为 3"), "{err}");
    // a missing village sheet is an error naming the line
    write(d.path(), "丙镇.toml", &town.replace("乙村.toml", "丁村.toml"));
    let o = run(d.path(), &["render", "丙镇.toml", "-o", "out2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("丙镇.toml:7:") && text(&o).contains("丁村.toml"), "{}", text(&o));
}

#[test]
fn an_interrupted_run_leaves_only_whole_files() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("县");
    std::fs::create_dir_all(&c).unwrap();
    for i in 0..400 {
        write(&c, &format!("村{i:03}.toml"), &village(&format!("村{i:03}"), i, ""));
    }
    let child = std::process::Command::new(bin())
        .args(["render", "县", "-o", "out", "-q"])
        .current_dir(d.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(60));
    let _ = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    let o = child.wait_with_output().unwrap();
    // Whether the signal arrived mid-run (130) or after the end (0), every file is whole.
    assert!(matches!(o.status.code(), Some(0) | Some(130)), "{:?} {}", o.status, String::from_utf8_lossy(&o.stderr));
    let files = listing(&d.path().join("out"));
    assert!(files.iter().all(|f| !f.starts_with('.') && f.ends_with(".txt")), "stray files: {files:?}");
    for f in &files {
        let t = std::fs::read_to_string(d.path().join("out").join(f)).unwrap();
        assert!(t.trim_end().ends_with("日"), "{f} is cut short");
    }
    if o.status.code() == Some(130) {
        assert!(files.len() < 800, "stopped early");
        assert!(String::from_utf8_lossy(&o.stderr).contains("已中断"));
    }
}

#[test]
fn a_sheet_needing_a_missing_glyph_fails_alone_in_a_pdf_batch() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(d.path(), &format!("村{i}.toml"), &village(&format!("村{i}"), i, ""));
    }
    // U+20000 (𠀀) is in no font the tests install.
    write(d.path(), "缺字村.toml", &village("缺字村", 9, "").replace("每月固定日期开展主题党日。", "每月在𠀀家祠堂开展主题党日。"));
    let o = run(d.path(), &["render", ".", "-f", "txt,pdf", "-o", "out", "-p", "year"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let files = listing(&d.path().join("out"));
    assert_eq!(files.len(), 6, "txt + pdf for each good sheet, nothing for the bad one: {files:?}");
    assert!(!files.iter().any(|f| f.starts_with("缺字村")));
    let err = String::from_utf8_lossy(&o.stderr);
    let summary = &err[err.find("有 1 张数据表未能生成").expect(&err)..];
    assert!(summary.contains("缺字村.toml") && summary.contains("U+20000"), "{summary}");
    assert_eq!(err.matches("U+20000").count(), 1, "said once: {err}");
}
