//! Writing from figures alone, through the real binary: sections are
//! paragraphs of a useful length at every level, problems and plans are
//! always there and announced as drafted, no lone numbering, no filled
//! figure lost, numbers read naturally, level vocabulary, the political
//! calendar, variety across thirty villages, and the plain style.

mod common;
use common::*;

use std::collections::BTreeSet;
use std::path::Path;

const LEVELS: [&str; 5] = ["青山镇", "白沙乡", "城关街道", "柳溪村", "桂花社区"];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join(format!("tests/fixtures/writing/{name}.toml"))).unwrap()
}

/// Renders a sheet text in `dir`; returns (上半年, 全年) and the command's output.
fn render_text(dir: &Path, name: &str, sheet: &str) -> (String, String, String) {
    write(dir, &format!("{name}.toml"), sheet);
    let o = run(dir, &["render", &format!("{name}.toml"), "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let area = toml::from_str::<toml::Table>(sheet).unwrap()["unit"]["area"].as_str().unwrap().to_string();
    let year = toml::from_str::<toml::Table>(sheet).unwrap()["report"]["year"].as_integer().unwrap();
    let read = |p: &str| std::fs::read_to_string(dir.join(format!("out/{area}{year}年{p}党建工作总结.txt"))).unwrap();
    (read("上半年"), read(""), text(&o))
}

fn level(name: &str) -> (String, String) {
    let d = tempfile::tempdir().unwrap();
    let (h1, year, _) = render_text(d.path(), name, &fixture(name));
    (h1, year)
}

/// Non-blank lines without their indent.
fn lines(t: &str) -> Vec<&str> {
    t.lines().map(|l| l.trim_start_matches('\u{3000}')).filter(|l| !l.is_empty()).collect()
}

/// The （一）（二）… paragraphs under 一、.
fn work_sections(t: &str) -> Vec<&str> {
    let l = lines(t);
    let start = l.iter().position(|s| s.starts_with("一、")).unwrap();
    let end = l.iter().position(|s| s.starts_with("二、")).unwrap();
    l[start + 1..end].to_vec()
}

#[test]
fn figures_only_reports_per_level_and_version() {
    for name in LEVELS {
        let (h1, year) = level(name);
        insta::assert_snapshot!(format!("{name}_h1"), h1);
        insta::assert_snapshot!(format!("{name}_year"), year);
    }
}

#[test]
fn sections_are_as_long_as_their_facts() {
    for name in LEVELS {
        let (h1, year) = level(name);
        for t in [&h1, &year] {
            for s in work_sections(t) {
                // The section title and 一是… titles are headings, not sentences.
                let sentences: Vec<&str> = s.split_inclusive('。').skip(1).filter(|x| !["一是", "二是", "三是", "四是"].iter().any(|n| x.starts_with(n))).collect();
                let general = sentences.iter().filter(|x| !x.chars().any(|c| c.is_ascii_digit())).count();
                let facts = sentences.len() - general;
                // At most a framing and an effect sentence, the effect only around two facts or more.
                assert!(facts >= 1, "{name}: a section without a fact: {s}");
                assert!(general <= 1 + usize::from(facts >= 2), "{name}: {general} general sentences around {facts} facts: {s}");
            }
        }
    }
}

#[test]
fn problems_and_plans_are_drafted_and_announced() {
    let d = tempfile::tempdir().unwrap();
    for name in LEVELS {
        let (h1, year, said) = render_text(d.path(), name, &fixture(name));
        for t in [&h1, &year] {
            let l = lines(t);
            let p = l.iter().position(|s| s.ends_with("存在的问题")).unwrap_or_else(|| panic!("{name}: no problems\n{t}"));
            assert!(l[p + 1].contains("一是") && l[p + 1].contains("二是"), "{name}: {}", l[p + 1]);
            let plans = l.iter().position(|s| s.ends_with("工作打算")).unwrap_or_else(|| panic!("{name}: no plans\n{t}"));
            assert!(l[plans + 2].starts_with("（一）") && l[plans + 3].starts_with("（二）"), "{name}: {t}");
        }
        assert!(said.contains("警告[drafted-text]") && said.contains("存在的问题") && said.contains("工作打算"), "render announces: {said}");
        let o = run(d.path(), &["check", &format!("{name}.toml")]);
        assert_eq!(o.status.code(), Some(0), "drafted text is a warning: {}", text(&o));
        assert_eq!(text(&o).matches("[drafted-text]").count(), 4, "problems and plans, both versions: {}", text(&o));
    }
    // A sheet's own problems and plans are kept, and nothing is announced.
    let (_, year, said) = render_text(d.path(), "龙潭村", &std::fs::read_to_string(root().join("data/龙潭村.toml")).unwrap());
    assert!(year.contains("集体经济来源单一") && !said.contains("drafted-text"), "{said}");
}

#[test]
fn problems_drafted_from_figures_state_the_sheets_own_numbers() {
    let (_, year) = level("白沙乡");
    // 18 branches × 4 = 72 支部党员大会 required, 66 held; 5 new members, 2 under 35.
    assert!(year.contains("召开支部党员大会66次") && year.contains("按18个党组织计") && year.contains("72次"), "{year}");
    assert!(year.contains("全年发展党员5名，其中35岁以下2名"), "{year}");
    let (_, village) = level("柳溪村");
    assert!(village.contains("全年村集体经济收入7.3万元，低于10万元"), "{village}");
}

#[test]
fn no_lone_numbering() {
    let d = tempfile::tempdir().unwrap();
    let one = "[unit]\nname = \"中共甲村支部委员会\"\narea = \"甲村\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-01, year = 2024-12-30 }\n[[work]]\ntitle = \"抓班子带队伍\"\ntext = \"支部班子团结协作。\"\n[[work.points]]\ntitle = \"规范议事\"\ntext = \"落实“四议两公开”。\"\n[[problems]]\ntitle = \"活动阵地狭小\"\ntext = \"党员活动室面积不足。\"\n[[plans]]\ntitle = \"改造活动室\"\ntext = \"争取资金改造党员活动室。\"\n";
    let (h1, year, _) = render_text(d.path(), "甲村", one);
    for t in [&h1, &year] {
        assert!(!t.contains("一是") && !t.contains("（一）"), "{t}");
        assert!(t.contains("在规范议事方面，落实") && t.contains("活动阵地狭小。党员活动室") && t.contains("改造活动室。争取资金"), "{t}");
    }
    let mut reports: Vec<String> = LEVELS.iter().flat_map(|n| <[String; 2]>::from(level(n))).collect();
    reports.push(h1);
    for t in &reports {
        for l in lines(t) {
            assert!(!l.contains("一是") || l.contains("二是"), "lone 一是: {l}");
        }
        let firsts = lines(t).iter().filter(|l| l.starts_with("（一）")).count();
        let seconds = lines(t).iter().filter(|l| l.starts_with("（二）")).count();
        assert_eq!(firsts, seconds, "（一） without （二）:\n{t}");
    }
}

/// The value a version prints for a figure as written in a sheet, per the README's shapes.
fn values(v: &toml::Value) -> Option<(f64, f64)> {
    let pair = |a: &toml::Value| -> Option<(f64, f64)> {
        let arr = a.as_array()?;
        let n = |x: &toml::Value| x.as_float().or(x.as_integer().map(|i| i as f64));
        Some((n(&arr[0])?, n(&arr[0])? + n(&arr[1])?))
    };
    let num = |x: &toml::Value| x.as_float().or(x.as_integer().map(|i| i as f64));
    match v {
        toml::Value::Array(_) => pair(v),
        toml::Value::Table(t) if t.contains_key("value") => pair(&t["value"]),
        toml::Value::Table(t) => Some((num(&t["h1"])?, num(&t["year"])?)),
        x => num(x).map(|n| (n, n)),
    }
}

fn printed(v: f64, unit: &str) -> String {
    let (v, unit) = if unit == "万元" && v < 1.0 { ((v * 10000.0).round(), "元") } else { (v, unit) };
    let s = format!("{:.2}", v);
    format!("{}{unit}", s.trim_end_matches('0').trim_end_matches('.'))
}

#[test]
fn every_filled_figure_is_in_the_text() {
    let cat: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("templates/dangjian/figures.toml")).unwrap()).unwrap();
    for name in LEVELS {
        let sheet: toml::Table = toml::from_str(&fixture(name)).unwrap();
        let (h1, year) = level(name);
        for (key, v) in sheet["figures"].as_table().unwrap() {
            let def = &cat["figures"][key];
            let unit = def["unit"].as_str().unwrap();
            let (vh1, vyear) = values(v).unwrap();
            for (t, v) in [(&h1, vh1), (&year, vyear)] {
                if v == 0.0 {
                    continue;
                }
                let said = printed(v, unit);
                let ok = match def.get("part_of") {
                    Some(_) => t.contains(&format!("{}{said}", def["label"].as_str().unwrap())) || t.contains(&format!("为{}", def["label"].as_str().unwrap())),
                    None => t.contains(&said),
                };
                assert!(ok, "{name}: {key} = {said} missing\n{t}");
            }
        }
    }
    // A sheet with [[work]] whose auto list leaves figures out: they are written anyway, unless omitted.
    let d = tempfile::tempdir().unwrap();
    let sheet = "[unit]\nname = \"中共桂园社区委员会\"\narea = \"桂园社区\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-01, year = 2024-12-30 }\n[figures]\ntheory_study = [4, 5]\nwarning_sessions = [2, 3]\nintegrity_talks = [17, 19]\n[[work]]\ntitle = \"抓学习\"\nauto = [\"theory_study\"]\n";
    let (_, year, _) = render_text(d.path(), "桂园社区", sheet);
    assert!(year.contains("9次") && year.contains("警示教育5次") && year.contains("36人次"), "{year}");
    let (_, year, _) = render_text(d.path(), "桂园社区", &sheet.replace("[figures]", "omit = [\"integrity_talks\"]\n[figures]"));
    assert!(year.contains("警示教育5次") && !year.contains("36人次"), "{year}");
    write(d.path(), "错.toml", &sheet.replace("[figures]", "omit = [\"integrity\"]\n[figures]"));
    let o = run(d.path(), &["render", "错.toml", "-o", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("错.toml:7:") && text(&o).contains("omit 中的“integrity”不是本表填写的指标"), "{}", text(&o));
}

#[test]
fn numbers_read_naturally() {
    let all: Vec<String> = LEVELS.iter().flat_map(|n| <[String; 2]>::from(level(n))).collect();
    for t in &all {
        assert!(!t.contains("占100%"), "{t}");
        assert!(!t.contains("0.") || !t.split("0.").skip(1).any(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with("万元")), "万元 under 1: {t}");
    }
    let (h1, year) = level("白沙乡");
    assert!(h1.contains("6000元") && year.contains("9500元"), "dues [0.6, 0.35] 万元:\n{year}");
    // 同比 qualifies the total and follows it, before the breakdown.
    let s = year.split('。').find(|s| s.contains("发展党员5名")).unwrap();
    let (q, y) = (s.find("其中35岁以下2名").unwrap(), s.find("3名").unwrap());
    assert!(s.find("发展党员5名").unwrap() < y && y < q, "{s}");
    // All of the breakdown: 均为, no percentage.
    let (_, village) = level("柳溪村");
    assert!(village.contains("发展党员2名，均为35岁以下"), "{village}");
    // A whole of one is not 均为.
    let (h1, _) = level("桂花社区");
    assert!(h1.contains("发展党员1名，为35岁以下") && !h1.contains("均为"), "{h1}");
    // A 上半年 report dated 25 June says 目前, not 截至6月底; the stock is compared with the start of the year.
    let (h1, _) = level("桂花社区");
    assert!(!h1.contains("6月底") && ["较年初增加1名", "比年初多1名"].iter().any(|y| h1.contains(y)), "{h1}");
}

#[test]
fn wording_follows_the_level() {
    let (h1, year) = level("桂花社区");
    for t in [&h1, &year] {
        for banned in ["村级", "乡村振兴", "党小组3个", "党委理论学习中心组", "全村"] {
            assert!(!t.contains(banned), "社区: {banned}\n{t}");
        }
        assert!(t.contains("党支部3个") && t.contains("全社区"), "{t}");
    }
    let (h1, year) = level("城关街道");
    for t in [&h1, &year] {
        assert!(!t.contains("乡村振兴") && !t.contains("党委理论学习中心组") && t.contains("党工委"), "{t}");
    }
    let (h1, year) = level("柳溪村");
    for t in [&h1, &year] {
        assert!(!t.contains("各支部") && !t.contains("党委理论学习中心组") && t.contains("全村"), "{t}");
    }
    let (_, year) = level("白沙乡");
    assert!(year.contains("乡党委") && year.contains("全乡") && !year.contains("全镇"), "{year}");
    // No level and a place name without a suffix: the unit's full name tells.
    let d = tempfile::tempdir().unwrap();
    let sheet = fixture("桂花社区").replace("area = \"桂花社区\"", "area = \"桂花\"");
    let (_, year, _) = render_text(d.path(), "桂花", &sheet);
    assert!(year.contains("全社区") && year.contains("党支部3个") && !year.contains("乡村振兴"), "{year}");
}

#[test]
fn the_calendar_decides_the_spirit_per_version() {
    let d = tempfile::tempdir().unwrap();
    // 青山镇 gives no spirit: 上半年 dated 2024-07-08, before the 三中全会 closed on 2024-07-18.
    let (h1, year) = level("青山镇");
    assert!(!h1.contains("三中全会") && h1.contains("党的二十大和二十届二中全会精神"), "{h1}");
    assert!(year.contains("党的二十大和二十届二中、三中全会精神"), "{year}");
    // A sheet naming it anyway: left out of the 上半年 version, and the checker warns there.
    let sheet = fixture("青山镇").replace("[report]\n", "[report]\nspirit = [\"党的二十大精神\", \"党的二十届三中全会精神\"]\n");
    let (h1, year, said) = render_text(d.path(), "青山镇", &sheet);
    assert!(!h1.contains("三中全会") && year.contains("党的二十大精神和党的二十届三中全会精神"), "{h1}");
    assert!(said.contains("青山镇.toml:6:") && said.contains("警告[future-session] 党的二十届三中全会于2024年7月18日闭幕，晚于上半年版本的成文日期2024年7月8日"), "{said}");
    assert!(!said.contains("全年版本的成文日期"), "{said}");
    // init: the suggestion follows the year.
    let o = run(d.path(), &["init", "甲.toml", "--year", "2023"]);
    assert!(o.status.success());
    let s = std::fs::read_to_string(d.path().join("甲.toml")).unwrap();
    assert!(s.contains("党的二十大和二十届二中全会精神") && !s.contains("三中"), "{s}");
    let o = run(d.path(), &["init", "乙.toml", "--year", "2025"]);
    assert!(o.status.success());
    let s = std::fs::read_to_string(d.path().join("乙.toml")).unwrap();
    assert!(s.contains("2025年全年版本：党的二十大和二十届三中、四中全会精神；上半年版本：党的二十大和二十届三中全会精神"), "{s}");
}

/// Sentences of a report with digits masked and the place name removed;
/// the lines the form fixes (title, 一、 headings, 成文日期) are not prose.
fn sentence_set(t: &str, area: &str) -> BTreeSet<String> {
    let fixed = |l: &str| {
        let l = l.trim_start_matches('\u{3000}');
        l.split_once('、').is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| "一二三四五六七八九十".contains(c))) || l.ends_with("党建工作总结") || l.ends_with('日') && l.starts_with(|c: char| c.is_ascii_digit())
    };
    let prose: Vec<&str> = t.lines().filter(|l| !fixed(l)).collect();
    prose.join("\n").replace(area, "")
        .split(['。', '\n', '！', '？'])
        .map(|s| s.trim_matches('\u{3000}').chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>())
        .filter(|s| s.chars().count() >= 4)
        .collect()
}

#[test]
fn thirty_villages_share_at_most_half_their_sentences() {
    const NAMES: [&str; 30] = [
        "红旗村", "东风村", "新华村", "前进村", "光明村", "和平村", "胜利村", "团结村", "长青村", "青龙村", "白马村", "金鸡村", "石门村", "桃源村", "杨柳村",
        "枫林村", "松坪村", "竹园村", "梅溪村", "兰田村", "荷塘村", "菊花村", "凤凰村", "麒麟村", "高桥村", "中坝村", "下湾村", "上寨村", "北山村", "南岭村",
    ];
    let d = tempfile::tempdir().unwrap();
    for (i, n) in NAMES.iter().enumerate() {
        let i = i as i64;
        let sheet = format!(
            "[unit]\nname = \"中共{n}支部委员会\"\narea = \"{n}\"\nsuperior = \"镇党委\"\n[report]\nyear = 2024\ndate = {{ h1 = 2024-07-05, year = 2024-12-20 }}\n[figures]\ntheory_study = [{}, {}]\nmembers = {{ h1 = {}, year = {}, last_year = {} }}\nnew_members = [{}, {}]\nbranch_meetings = [2, 2]\ncommittee_meetings = [6, {}]\ngroup_meetings = [6, 6]\nparty_lectures = [2, 2]\ntheme_days = [6, 6]\nwarning_sessions = [1, {}]\ncollective_income = {{ value = [{}, {}], last_year = {} }}\nvisits = [{}, {}]\n",
            5 + i % 3, 6 + i % 2, 30 + i, 31 + i, 29 + i, i % 2, 1 + i % 3, 6 + i % 2, 1 + i % 2, 3 + i, 4 + i, 8 + i, 150 + 7 * i, 140 + 5 * i
        );
        write(d.path(), &format!("{n}.toml"), &sheet);
    }
    let o = run(d.path(), &["render", ".", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    // Titles of practices, problems and plans never repeat within a report.
    let o = run(d.path(), &["check", ".", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("repeated-sentence"), "{}", text(&o));
    for period in ["上半年", ""] {
        let sets: Vec<BTreeSet<String>> = NAMES.iter().map(|n| sentence_set(&std::fs::read_to_string(d.path().join(format!("out/{n}2024年{period}党建工作总结.txt"))).unwrap(), n)).collect();
        let mut worst = (0.0, 0, 0);
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                let shared = sets[a].intersection(&sets[b]).count() as f64 / sets[a].len().min(sets[b].len()) as f64;
                if shared > worst.0 {
                    worst = (shared, a, b);
                }
            }
        }
        eprintln!("{}版本：两村共有句子最多占 {:.0}%（{} 与 {}）", if period.is_empty() { "全年" } else { period }, worst.0 * 100.0, NAMES[worst.1], NAMES[worst.2]);
        assert!(worst.0 <= 0.5, "{} and {} share {:.0}% of their sentences", NAMES[worst.1], NAMES[worst.2], worst.0 * 100.0);
    }
}

#[test]
fn the_plain_style_leaves_out_general_statements() {
    let d = tempfile::tempdir().unwrap();
    let sheet = fixture("青山镇");
    let (_, full, _) = render_text(d.path(), "青山镇", &sheet);
    write(d.path(), "profile.toml", "[wording]\nstyle = \"plain\"\n");
    let (_, plain, _) = render_text(d.path(), "青山镇", &sheet);
    let writing: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("templates/dangjian/writing.toml")).unwrap()).unwrap();
    // Fragments of every general sentence (between tokens and punctuation).
    let mut fragments = Vec::new();
    for (_, b) in writing["blocks"].as_table().unwrap() {
        for part in ["frame", "effect"] {
            for (_, list) in b[part].as_table().unwrap() {
                for s in list.as_array().unwrap() {
                    let s = s.as_str().unwrap();
                    fragments.extend(s.split(['，', '。', '、', '{', '}']).filter(|f| f.chars().count() >= 8).map(String::from));
                }
            }
        }
    }
    assert!(fragments.iter().any(|f| full.contains(f.as_str())), "the full style uses them");
    let left: Vec<&String> = fragments.iter().filter(|f| plain.contains(f.as_str())).collect();
    assert!(left.is_empty(), "{left:?}\n{plain}");
    for v in ["1193名", "612.5万元", "8190户"] {
        assert!(plain.contains(v), "{v}: {plain}");
    }
}

#[test]
fn a_sections_only_point_is_run_into_its_paragraph() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!(
        "{}\n{}",
        fixture("柳溪村"),
        r#"
[[work]]
title = "抓实党员教育"
auto = ["theory_study"]

[[work.points]]
title = "用好流动课堂"
text = "把党课送到田间地头，外出党员通过视频参加学习。"

[[work]]
title = "带动群众增收"

[[work.points]]
title = "发展庭院经济，带动留守妇女就业"
text = "村里组织妇女种植中药材，统一收购。"

[[work]]
title = "办好为民实事"

[[work.points]]
title = "修路"
text = "硬化通组道路一条。"

[[work.points]]
title = "通水"
text = "解决两个组的饮水问题。"
"#
    );
    let (_, year, _) = render_text(d.path(), "柳溪村", &sheet);
    let body = lines(&year).join("\n");
    // A short single-clause title is led in, not left as a sentence of its own.
    assert!(body.contains("在用好流动课堂方面，把党课送到田间地头"), "{body}");
    assert!(!body.contains("用好流动课堂。"), "{body}");
    // A long, two-clause title stays a sentence.
    assert!(body.contains("发展庭院经济，带动留守妇女就业。村里组织妇女"), "{body}");
    assert!(!body.contains("在发展庭院经济"), "{body}");
    // Two points are still 一是/二是.
    assert!(body.contains("一是修路。硬化通组道路一条。二是通水。"), "{body}");
}
