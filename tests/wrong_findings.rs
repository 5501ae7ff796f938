//! The wrong findings and fixes of issue 24 ("Wrong from check/--fix"),
//! through the real binary on reports: each of these failed before.

mod common;
use common::*;

const HEAD: &str = "青山镇2023年党建工作总结\n一、工作开展情况\n";
const TAIL: &str = "\n二、存在的问题\n一是学习不够深入。\n三、2024年工作打算\n一是加强学习。\n中共青山镇委员会\n2023年12月25日\n";

fn check_txt(body: &str, fix: bool) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.txt", &format!("{HEAD}{body}{TAIL}"));
    let mut args = vec!["check", path.to_str().unwrap()];
    if fix {
        args.push("--fix");
    }
    let out = text(&run(dir.path(), &args));
    (out, std::fs::read_to_string(&path).unwrap())
}

#[test]
fn a_dot_between_enumerated_items_becomes_a_pause_mark() {
    let (_, fixed) = check_txt("邀请党员代表、义工协代表.居民议事会成员参加评议。", true);
    assert!(fixed.contains("义工协代表、居民议事会成员"), "{fixed}");
}

#[test]
fn question_marks_standing_for_lost_characters_are_not_fixed() {
    let (said, fixed) = check_txt("形成了党建引领的新格??。", true);
    assert!(fixed.contains("新格??"), "{fixed}");
    assert!(said.contains("“??”疑为显示不出的字"), "{said}");
}

#[test]
fn bylines_and_names_with_spaces_are_not_stray_spaces() {
    let (said, _) = check_txt("林庄村党总支书记 张振华\n打造“先锋张浦 乐居如意”服务品牌。", false);
    assert!(!said.contains("stray-space"), "{said}");
    let (said, _) = check_txt("每年讲 1 次党课。", false);
    assert!(said.contains("stray-space"), "a real stray space is still found: {said}");
}

#[test]
fn a_pause_mark_between_items_that_go_on_after_the_quote_is_kept() {
    let (said, _) = check_txt("落实“三会一课制度”、“两学一做”学习制度。", false);
    assert!(!said.contains("quote-comma"), "{said}");
    for shared in ["落实“三会一课”、“两学一做”等制度。", "落实“三会一课”、“主题党日”制度。"] {
        let (said, _) = check_txt(shared, false);
        assert!(said.contains("quote-comma"), "a head word shared by both items: {said}");
    }
}

#[test]
fn each_finding_has_its_caret_under_its_own_text() {
    let (said, _) = check_txt("建立党员台帐，完善组织生活台帐。", false);
    let blocks: Vec<&str> = said.split("\n\n").filter(|b| b.contains("台帐")).collect();
    assert_eq!(blocks.len(), 2, "{said}");
    let caret_at = |b: &str| {
        let lines: Vec<&str> = b.lines().collect();
        let snippet = lines.iter().position(|l| l.contains('|') && l.contains("台帐")).unwrap();
        let (text, caret) = (lines[snippet], lines[snippet + 1]);
        // Display columns (a Chinese character is two wide) of the caret and of each 台帐.
        let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
        let col = width(&caret[..caret.find('^').unwrap()]);
        let places: Vec<usize> = text.match_indices("台帐").map(|(b, _)| width(&text[..b])).collect();
        places.iter().position(|p| *p == col).unwrap_or_else(|| panic!("caret at {col}, 台帐 at {places:?}:\n{b}"))
    };
    assert_eq!((caret_at(blocks[0]), caret_at(blocks[1])), (0, 1), "{said}");
}

#[test]
fn a_word_report_is_not_told_to_use_fix() {
    let dir = tempfile::tempdir().unwrap();
    let paras = ["青山镇2023年党建工作总结", "一、工作开展情况", "达到一阵见血的效果。", "二、存在的问题", "一是学习不够深入。", "三、2024年工作打算", "一是加强学习。", "中共青山镇委员会", "2023年12月25日"];
    std::fs::write(dir.path().join("r.docx"), docx(&paras, 0, "")).unwrap();
    let said = text(&run(dir.path(), &["check", "r.docx"]));
    assert!(said.contains("一阵见血"), "{said}");
    assert!(!said.contains("--fix"), "a .docx check must not suggest --fix, which refuses Word files:\n{said}");
    assert!(said.contains("--annotate"), "{said}");
}

#[test]
fn an_imported_reports_own_errors_are_not_reported_again_as_generated_text() {
    let dir = tempfile::tempdir().unwrap();
    // Two opening paragraphs: the sheet's opening prints as two paragraphs.
    let report = "青山镇2023年党建工作总结\n今年以来,镇党委认真贯彻落实党的二十大精神。\n全镇共有党员520名,其中女党员120名。\n一、工作开展情况\n（一）抓好学习。镇党委坚持理论学习，全年开展学习12次。\n（二）规范组织生活。全镇按月开展主题党日。\n二、存在的问题\n一是学习不够深入。二是作用发挥不够。\n三、2024年工作打算\n一是加强学习。二是强化管理。\n中共青山镇委员会\n2023年12月25日\n";
    write(dir.path(), "r.txt", report);
    let o = run(dir.path(), &["import", "r.txt", "-o", "r.toml"]);
    assert!(o.status.success(), "{}", text(&o));
    let said = text(&run(dir.path(), &["check", "r.toml", "--period", "year"]));
    assert_eq!(said.matches("halfwidth-punct").count(), 2, "each comma once, at its place in the sheet:\n{said}");
    assert!(!said.contains("模板或指标自动生成"), "{said}");
}
