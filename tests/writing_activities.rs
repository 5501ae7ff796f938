//! Writing from the year's activities (issue 21, point 3), through the real
//! binary on the fixtures under tests/fixtures/ledger: every activity cited
//! is the sheet's own (month, theme, text, count), key rows are cited, the
//! 上半年 version cites first-half rows only, a figure and its examples sit
//! together, the cited rows spread over the months, and lengths follow the
//! facts.

mod common;
use common::*;

/// (month, theme, text, people, key, kind) of every `[[activity]]`.
type Row = (u32, Option<String>, String, Option<i64>, bool, String);

fn rows(sheet: &toml::Table) -> Vec<Row> {
    sheet["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let month = a.get("month").and_then(|m| m.as_integer()).map(|m| m as u32).unwrap_or_else(|| a["date"].as_datetime().unwrap().date.unwrap().month as u32);
            let s = |k: &str| a.get(k).and_then(|v| v.as_str()).map(String::from);
            (month, s("theme"), s("text").unwrap(), a.get("people").and_then(|p| p.as_integer()), a.get("key").and_then(|k| k.as_bool()).unwrap_or(false), s("kind").unwrap())
        })
        .collect()
}

fn render(name: &str) -> (toml::Table, String, String) {
    let path = root().join(format!("tests/fixtures/ledger/{name}.toml"));
    let sheet: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["render", path.to_str().unwrap(), "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let area = sheet["unit"]["area"].as_str().unwrap().to_string();
    let read = |p: &str| std::fs::read_to_string(d.path().join(format!("out/{area}2025年{p}党建工作总结.txt"))).unwrap();
    (sheet.clone(), read("上半年"), read(""))
}

/// The work part, one string.
fn work(t: &str) -> &str {
    let a = t.find("一、").unwrap();
    &t[a..a + t[a..].find("二、").unwrap()]
}

/// Whether a row is cited: its text, as written, trailing 。 trimmed.
fn cited(t: &str, r: &Row) -> bool {
    t.contains(r.2.trim_end_matches('。'))
}

#[test]
fn activities_are_cited_in_the_clerks_words_and_nothing_else() {
    for name in ["柏林镇", "三岔村"] {
        let (sheet, h1, year) = render(name);
        let rows = rows(&sheet);
        for (t, first_half) in [(&h1, true), (&year, false)] {
            let w = work(t);
            for r in &rows {
                if !cited(w, r) {
                    continue;
                }
                // The row's own month, theme and count come with it.
                let at = w.find(r.2.trim_end_matches('。')).unwrap();
                let before = &w[..at];
                let clause = &before[before.rfind(['。', '；']).map_or(0, |i| i + '。'.len_utf8())..];
                assert!(clause.contains(&format!("{}月，", r.0)), "{name}: month of {:?} in {clause}", r.2);
                if let Some(theme) = &r.1 {
                    assert!(clause.contains(theme.as_str()) || r.2.contains(theme.as_str()), "{name}: theme {theme} in {clause}");
                }
                if let Some(p) = r.3 {
                    assert!(w[at..].split(['。', '；']).next().unwrap().contains(&format!("{p}")), "{name}: people of {:?}", r.2);
                }
                assert!(!first_half || r.0 <= 6, "{name}: a second-half row in 上半年: {:?}", r.2);
            }
            // Key rows are cited (in their half).
            for r in rows.iter().filter(|r| r.4 && (!first_half || r.0 <= 6)) {
                assert!(cited(w, r), "{name}: key row not cited: {:?}\n{w}", r.2);
            }
            // Every “N月，” of the work part is a month of a row of the version.
            for (i, _) in w.match_indices("月，") {
                let digits: String = w[..i].chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
                if digits.is_empty() {
                    continue;
                }
                let m: u32 = digits.parse().unwrap();
                assert!(rows.iter().any(|r| r.0 == m && (!first_half || m <= 6)), "{name}: {m}月 is no row's month");
            }
        }
        // The full year cites second-half rows too.
        assert!(rows.iter().any(|r| r.0 > 6 && cited(work(&year), r)), "{name}: {year}");
    }
}

#[test]
fn a_figure_and_its_examples_sit_together() {
    let (_, h1, year) = render("柏林镇");
    for t in [&h1, &year] {
        let w = work(t);
        let s = w.find("主题党日活动").unwrap();
        assert!(w[s..].split('。').nth(1).unwrap().starts_with("其中，3月，围绕“学雷锋当先锋 助力发展做贡献”主题"), "{w}");
    }
    // The year's examples of a figure are spread over the months, in date order.
    let w = work(&year);
    let s = w.find("开展主题党日活动").unwrap();
    let examples = w[s..].split('。').nth(1).unwrap();
    let months: Vec<u32> = examples.split('；').map(|e| e.trim_start_matches("其中，").split('月').next().unwrap().parse().unwrap()).collect();
    assert!(months.windows(2).all(|m| m[0] < m[1]) && months.iter().any(|m| *m > 6), "{examples}");
}

#[test]
fn rows_of_a_block_are_that_sections_practice() {
    let (_, _, year) = render("柏林镇");
    let w = work(&year);
    let org = w.find("三会一课”台账专项检查").unwrap();
    let section_start = w[..org].rfind("（").unwrap();
    assert!(w[section_start..org].contains("组织") && !w[section_start..org].contains("（三）"), "{w}");
}

#[test]
fn lengths_follow_the_facts() {
    let chars = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let (_, h1, year) = render("柏林镇");
    assert!((2000..=3000).contains(&chars(&year)), "township with 25 rows: {}", chars(&year));
    assert!(chars(&h1) < chars(&year), "fewer rows in 上半年");
    let (_, _, year) = render("三岔村");
    assert!((1400..=2200).contains(&chars(&year)), "village: {}", chars(&year));
}

/// The 存在的问题 part of a report, up to the plans.
fn problems(t: &str) -> &str {
    let a = t.find("存在的问题").unwrap();
    let b = a + t[a..].find("工作打算").unwrap();
    &t[a..b]
}

#[test]
fn a_drafted_problem_never_contradicts_the_activities() {
    // Issue 21, point 5. 柏林镇 cites hundreds of volunteers; 三岔村 visits
    // its needy members and grows vegetables with its villagers: the
    // drafted lines saying otherwise are left out, and three problems are
    // still drafted (the level's other lines stand).
    let (_, _, year) = render("柏林镇");
    let p = problems(&year);
    assert!(!p.contains("志愿服务的主动性"), "{p}");
    assert!(p.contains("一是") && p.contains("三是"), "{p}");
    let (_, _, year) = render("三岔村");
    let p = problems(&year);
    assert!(!p.contains("关心关爱党员的措施还需完善") && !p.contains("带领群众发展的思路还不够宽"), "{p}");
    assert!(p.contains("三是"), "{p}");
}
