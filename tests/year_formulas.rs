//! Year-aware formulas, level vocabulary and the report's year, through the
//! real binary on reports (issue 24, "Missed by check"): each case failed before.

mod common;
use common::*;

/// Checks a .txt report; the output.
fn check(name: &str, report: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, report);
    text(&run(dir.path(), &["check", path.to_str().unwrap()]))
}

/// A report with `title`, one work paragraph `body` and a 落款 of `unit` and `date`.
fn report(title: &str, body: &str, unit: &str, date: &str) -> String {
    format!("{title}\n一、工作开展情况\n{body}\n二、存在的问题\n一是学习不够深入。\n三、下一步工作打算\n一是加强学习。\n{unit}\n{date}\n")
}

#[test]
fn a_lone_older_theory_as_the_guide_of_a_recent_report_is_stale() {
    let said = check("r.txt", &report("青山镇2023年党建工作总结", "镇党委以“三个代表”重要思想为指导，扎实推进各项工作。", "中共青山镇委员会", "2023年12月25日"));
    assert!(said.contains("指导思想只写了“三个代表”重要思想"), "{said}");
    let said = check("r.txt", &report("青山镇2023年党建工作总结", "镇党委坚持以习近平新时代中国特色社会主义思想为指导，扎实推进各项工作。", "中共青山镇委员会", "2023年12月25日"));
    assert!(!said.contains("指导思想"), "{said}");
}

#[test]
fn a_full_year_report_cites_the_latest_plenum_before_its_date() {
    let body = "深入学习贯彻党的十九大和十九届二中至五中全会精神，扎实推进各项工作。";
    let said = check("r.txt", &report("柳溪村2021年党建工作总结", body, "中共柳溪村支部委员会", "2021年12月20日"));
    assert!(said.contains("十九届六中全会"), "{said}");
    let said = check("r.txt", &report("柳溪村2021年上半年党建工作总结", body, "中共柳溪村支部委员会", "2021年6月28日"));
    assert!(!said.contains("六中全会"), "a half-year report of June 2021 cannot cite it: {said}");
    let said = check("r.txt", &report("东湖社区2024年上半年党建工作总结", "深入学习贯彻二十届三中全会精神。", "中共东湖社区委员会", "2024年6月28日"));
    assert!(said.contains("future-session"), "{said}");
}

#[test]
fn a_garbled_successor_formula_is_not_excused() {
    let said = check("r.txt", &report("青山镇2023年党建工作总结", "全力推进巩固脱贫攻坚同乡村振兴有效衔接。", "中共青山镇委员会", "2023年12月25日"));
    assert!(said.contains("stale-term") && said.contains("脱贫攻坚"), "{said}");
}

#[test]
fn words_of_another_level_are_warned_with_the_levels_word() {
    let said = check("r.txt", &report("东湖社区2023年党建工作总结", "组织村干部和村民小组长参加培训，社区党工委召开专题会议。", "中共东湖社区委员会", "2023年12月25日"));
    for (word, right) in [("村干部", "社区干部"), ("村民小组", "居民小组"), ("社区党工委", "社区党委")] {
        assert!(said.contains(&format!("社区的报告中写“{word}”")) && said.contains(right), "{word}: {said}");
    }
    let said = check("r.txt", &report("柳溪村2023年党建工作总结", "党委书记带头讲党课。", "中共柳溪村支部委员会", "2023年12月25日"));
    assert!(said.contains("村的报告中写“党委书记”"), "{said}");
    let said = check("r.txt", &report("柳溪村2023年党建工作总结", "村党委书记带头讲党课，党委书记抓党建。", "中共柳溪村委员会", "2023年12月25日"));
    assert!(!said.contains("党委书记”"), "a village stating 村党委 has one: {said}");
}

#[test]
fn the_year_is_read_from_a_spaced_title_a_bare_number_the_date_or_the_text() {
    let stale = "深入开展扫黑除恶专项斗争。";
    // “2020 年”: the title has its year.
    let said = check("r.txt", &report("青山镇2022 年党建工作总结", stale, "中共青山镇委员会", "2022年12月25日"));
    assert!(!said.contains("标题中没有年度") && said.contains("stale-term"), "{said}");
    // “2023社区……”: the year without 年 is named and fixed; year rules stay on.
    let said = check("r.txt", &report("2023东湖社区党建工作总结", stale, "中共东湖社区委员会", "2023年12月25日"));
    assert!(said.contains("标题中的年度“2023”后缺少“年”") && said.contains("stale-term"), "{said}");
    // No year in the title: the 落款 says it, and the message says so.
    let said = check("r.txt", &report("青山镇党建工作总结", stale, "中共青山镇委员会", "2023年12月25日"));
    assert!(said.contains("按落款日期中的2023年进行") && said.contains("stale-term"), "{said}");
    // No year but in the text.
    let said = check("r.txt", &format!("青山镇党建工作总结\n一、工作开展情况\n今年以来，全镇在2023年开展学习12次。{stale}\n二、存在的问题\n一是学习不够深入。\n三、下一步工作打算\n一是加强学习。\n"));
    assert!(said.contains("年份有关的检查按") && said.contains("stale-term"), "{said}");
    // No title at all: the missing title's message says where the year was read.
    let said = check("r.txt", &format!("今年以来，全镇开展学习12次。{stale}\n一、工作开展情况\n（一）抓学习。组织学习12次。\n二、存在的问题\n一是学习不够深入。\n三、2023年工作打算\n一是加强学习。\n"));
    assert!(said.contains("缺少标题（与年份有关的检查按") && said.contains("2022年进行") && said.contains("stale-term"), "{said}");
}

#[test]
fn a_sheet_citing_plenums_short_of_the_latest_is_warned_in_that_version() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "[unit]\nname = \"中共柳溪村支部委员会\"\narea = \"柳溪村\"\nlevel = \"村\"\n\n[report]\nyear = 2021\ndate = { h1 = 2021-06-28, year = 2021-12-20 }\nopening = \"深入学习贯彻党的十九大和十九届二中至五中全会精神，扎实推进各项工作。\"\n\n[[work]]\ntitle = \"抓好学习\"\ntext = \"组织集中学习12次。\"\n";
    let path = write(dir.path(), "表.toml", sheet);
    let said = text(&run(dir.path(), &["check", path.to_str().unwrap(), "--format", "json"]));
    let found: serde_json::Value = serde_json::from_str(said.trim()).unwrap_or_else(|e| panic!("{e}: {said}"));
    let plenum: Vec<&serde_json::Value> = found.as_array().unwrap().iter().filter(|f| f["message"].as_str().is_some_and(|m| m.contains("十九届六中全会"))).collect();
    assert_eq!(plenum.len(), 1, "{said}");
    assert_eq!(plenum[0]["period"], "year", "the June version need not cite it: {said}");
    assert_eq!(plenum[0]["line"], 9);
}
