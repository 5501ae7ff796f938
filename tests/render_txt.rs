//! The real binary on the example sheet: both versions, numbering, figures
//! by period, dated and tagged points, plans, dates, file names, atomicity.

mod common;
use common::*;

fn render_both(dir: &std::path::Path) -> (String, String) {
    let sheet = example(dir);
    let o = run(dir, &["render", sheet.to_str().unwrap(), "--period", "both", "--format", "txt", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let h1 = std::fs::read_to_string(dir.join("out/青石镇2024年上半年党建工作总结.txt")).unwrap();
    let year = std::fs::read_to_string(dir.join("out/青石镇2024年党建工作总结.txt")).unwrap();
    (h1, year)
}

fn lines(t: &str) -> Vec<&str> {
    t.lines().map(|l| l.trim_start_matches('\u{3000}')).filter(|l| !l.is_empty()).collect()
}

#[test]
fn both_versions_have_their_title_date_and_plans_heading() {
    let d = tempfile::tempdir().unwrap();
    let (h1, year) = render_both(d.path());
    assert_eq!(lines(&h1)[0], "青石镇2024年上半年党建工作总结");
    assert_eq!(lines(&year)[0], "青石镇2024年党建工作总结");
    assert_eq!(*lines(&h1).last().unwrap(), "2024年7月8日");
    assert_eq!(*lines(&year).last().unwrap(), "2024年12月26日");
    assert_eq!(lines(&h1)[lines(&h1).len() - 2], "中共青石镇委员会");
    assert!(lines(&h1).contains(&"三、下半年工作打算"), "{h1}");
    assert!(lines(&year).contains(&"三、2025年工作打算"), "{year}");
    assert!(h1.contains("现将上半年") && !h1.contains("全年工作情况"));
    assert!(year.contains("现将全年"));
    // Paragraph lines are indented with two full-width spaces.
    assert!(h1.lines().nth(2).unwrap().starts_with("\u{3000}\u{3000}"));
}

#[test]
fn numbering_runs_in_order() {
    let d = tempfile::tempdir().unwrap();
    let (_, year) = render_both(d.path());
    let l = lines(&year);
    let firsts: Vec<&str> = l.iter().filter_map(|s| ["一、", "二、", "三、", "四、"].into_iter().find(|p| s.starts_with(p))).collect();
    assert_eq!(firsts, ["一、", "二、", "三、"]);
    let seconds: Vec<char> = l.iter().filter(|s| s.starts_with('（')).filter_map(|s| s.chars().nth(1)).collect();
    // （一）…（五） under 一、, then （一）…（三） under 三、 (plans)
    assert_eq!(seconds.iter().collect::<String>(), "一二三四五一二三");
    let thirds: Vec<&&str> = l.iter().filter(|s| s.len() > 2 && s.as_bytes()[0].is_ascii_digit() && s.as_bytes()[1] == b'.').collect();
    assert_eq!(thirds.iter().map(|s| &s[..2]).collect::<Vec<_>>(), ["1.", "2.", "3."]);
    let block1 = l.iter().find(|s| s.starts_with("（一）强化政治引领")).unwrap();
    let (a, b, c) = (block1.find("一是").unwrap(), block1.find("二是").unwrap(), block1.find("三是").unwrap());
    assert!(a < b && b < c);
}

#[test]
fn figures_follow_the_period() {
    let d = tempfile::tempdir().unwrap();
    let (h1, year) = render_both(d.path());
    // first_topic = [14, 15]: 14 in the half year, the sum 29 in the full year.
    assert!(h1.contains("上半年召开党委会传达学习上级重要会议和文件精神14次"), "{h1}");
    assert!(year.contains("全年召开党委会传达学习上级重要会议和文件精神29次"), "{year}");
    // stock: members h1 = 1186, year = 1193 (with 同比 against 1178).
    assert!(h1.contains("1186名") && !h1.contains("1193"));
    assert!(["较上年增加15名", "比上年多15名", "同比增加15名"].iter().any(|v| year.contains(&format!("1193名，{v}"))), "{year}");
    // custom flow figure and breakdown shares.
    assert!(year.contains("8190户") && h1.contains("4210户"));
    assert!(year.contains("其中35岁以下11名、占68.8%"));
    // a year-only figure is absent from the half-year version.
    assert!(!h1.contains("612.5") && year.contains("612.5万元"));
}

#[test]
fn dated_and_tagged_points_appear_only_where_they_belong() {
    let d = tempfile::tempdir().unwrap();
    let (h1, year) = render_both(d.path());
    // date = 2024-05-20: both versions. when = "h2": full year only.
    assert!(h1.contains("办好“书香青石”读书班") && year.contains("办好“书香青石”读书班"));
    assert!(!h1.contains("深化党纪学习教育") && year.contains("三是深化党纪学习教育。"));
    assert!(!h1.contains("推进阵地标准化") && year.contains("3.推进阵地标准化。"));
    // plans: next = "h2" only in the half year, next = "year" only in the full year.
    let h2_plan = "年底前指导各支部认真开展批评和自我批评";
    assert!(h1.contains(h2_plan) && !year.contains(h2_plan));
    assert!(!h1.contains("抓好村级后备力量培养") && year.contains("抓好村级后备力量培养"));
}

#[test]
fn same_sheet_same_bytes() {
    let d = tempfile::tempdir().unwrap();
    let (a, _) = render_both(d.path());
    let (b, _) = render_both(d.path());
    assert_eq!(a, b);
}

#[test]
fn the_sketch_sheet_still_loads_and_renders() {
    let d = tempfile::tempdir().unwrap();
    let sheet = root().join("tests/fixtures/sheet-sketch.toml");
    let o = run(d.path(), &["render", sheet.to_str().unwrap(), "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let year = std::fs::read_to_string(d.path().join("out/青石镇2024年党建工作总结.txt")).unwrap();
    assert!(year.contains("全年党委理论学习中心组集体学习12次、专题研讨3次，书记带头讲党课3次"), "{year}");
    assert!(year.contains("实现508名流动党员联系全覆盖"));
}

#[test]
fn villages_render_in_both_layouts() {
    let d = tempfile::tempdir().unwrap();
    let data = root().join("data");
    let o = run(d.path(), &["render", data.to_str().unwrap(), "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")).len(), 8);
    let themed = std::fs::read_to_string(d.path().join("out/石桥村2024年党建工作总结.txt")).unwrap();
    let l = lines(&themed);
    assert!(l.contains(&"一、抓实支部规范化建设") && l.contains(&"二、带领群众增收致富") && l.contains(&"三、存在的问题"), "{themed}");
    // figures-only: every block is written from figures, and the report is complete.
    let auto = std::fs::read_to_string(d.path().join("out/龙潭村2024年上半年党建工作总结.txt")).unwrap();
    assert!(auto.contains("（一）") && auto.contains("（二）") && auto.contains("二、存在的问题") && auto.contains("三、下半年工作打算"), "{auto}");
}

#[test]
fn init_writes_a_sheet_that_renders() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["init", "白沙乡.toml", "--year", "2025"]);
    assert!(o.status.success(), "{}", text(&o));
    let sheet = std::fs::read_to_string(d.path().join("白沙乡.toml")).unwrap();
    assert!(sheet.contains("area = \"白沙乡\"") && sheet.contains("name = \"中共白沙乡委员会\"") && sheet.contains("short = \"乡党委\""));
    assert!(sheet.contains("year = 2025") && sheet.contains("# "), "comments explain the fields");
    let o = run(d.path(), &["render", "白沙乡.toml", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["白沙乡2025年上半年党建工作总结.txt", "白沙乡2025年党建工作总结.txt"]);
    // no overwrite without --force
    let o = run(d.path(), &["init", "白沙乡.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在"));
    let o = run(d.path(), &["init", "x.toml", "--area", "红岩街道", "--unit", "中共红岩街道工作委员会", "--year", "2024"]);
    assert!(o.status.success());
    let x = std::fs::read_to_string(d.path().join("x.toml")).unwrap();
    assert!(x.contains("short = \"街道党工委\"") && x.contains("中共红岩街道工作委员会"));
}

#[test]
fn a_hostile_area_name_stays_inside_the_output_folder() {
    let d = tempfile::tempdir().unwrap();
    let sheet = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap().replace("area = \"青石镇\"", "area = \"../../逃逸\"");
    write(d.path(), "s.toml", &sheet);
    let o = run(d.path(), &["render", "s.toml", "-o", "out", "--period", "h1"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["逃逸2024年上半年党建工作总结.txt"]);
    assert_eq!(listing(d.path()), ["out", "s.toml"]);
}

#[test]
fn a_templates_folder_overrides_one_file() {
    let d = tempfile::tempdir().unwrap();
    let sheet = example(d.path());
    std::fs::create_dir_all(d.path().join("tpl/dangjian")).unwrap();
    write(d.path(), "tpl/dangjian/opening.tera", "{{ area }}统一开头：{% if is_h1 %}半年{% else %}全年{% endif %}。");
    let o = run(d.path(), &["render", sheet.to_str().unwrap(), "-o", "out", "--period", "h1", "--templates", "tpl"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = std::fs::read_to_string(d.path().join("out/青石镇2024年上半年党建工作总结.txt")).unwrap();
    assert_eq!(lines(&t)[1], "青石镇统一开头：半年。");
    assert!(t.contains("二、存在的问题"), "the other templates are intact");
}
