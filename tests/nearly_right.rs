//! Sheets that are nearly right (issue 13): figures by their Chinese names,
//! a July sheet, a sheet repeating its profile, init's untouched
//! placeholders, next year's sheet from last year's, paragraphs in long texts.

mod common;
use common::*;

fn read(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn figures_lists_the_whole_catalogue() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["figures"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o);
    let cat: toml::Table = toml::from_str(&read(&root().join("templates/dangjian/figures.toml"))).unwrap();
    let figures = cat["figures"].as_table().unwrap();
    assert!(figures.len() > 20);
    for (key, def) in figures {
        let row = out.lines().find(|l| l.split_whitespace().next() == Some(key)).unwrap_or_else(|| panic!("{key} not listed:\n{out}"));
        let kind = if def["kind"].as_str() == Some("flow") { "流量" } else { "时点" };
        for cell in [def["label"].as_str().unwrap(), def["unit"].as_str().unwrap(), kind] {
            assert!(row.contains(cell), "{cell} not in {row}");
        }
        let block = def["block"].as_str().unwrap();
        let heading = out.lines().take_while(|l| *l != row).filter(|l| l.starts_with("板块 ")).last().unwrap();
        assert!(heading.starts_with(&format!("板块 {block}")), "{key} under {heading}");
    }
}

#[test]
fn chinese_labels_write_the_same_report_as_keys() {
    let d = tempfile::tempdir().unwrap();
    let src = read(&root().join("data/青石镇.toml"));
    let aliased = src
        .replacen("seminars = [2, 1]", "\"专题研讨\" = [2, 1]", 1)
        .replacen("\"seminars\", \"secretary_lectures\"", "\"专题研讨\", \"书记讲党课\"", 1)
        .replacen("{first_topic}次", "{“第一议题”学习}次", 1);
    assert_ne!(aliased, src);
    std::fs::create_dir_all(d.path().join("a")).unwrap();
    std::fs::create_dir_all(d.path().join("b")).unwrap();
    write(&d.path().join("a"), "青石镇.toml", &src);
    write(&d.path().join("b"), "青石镇.toml", &aliased);
    for dir in ["a", "b"] {
        let o = run(&d.path().join(dir), &["render", "青石镇.toml", "-o", "out"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    for f in listing(&d.path().join("a/out")) {
        assert_eq!(read(&d.path().join("a/out").join(&f)), read(&d.path().join("b/out").join(&f)), "{f}");
    }
    let year = read(&d.path().join("b/out/青石镇2024年党建工作总结.txt"));
    assert!(year.contains("专题研讨3次") && year.contains("文件精神29次"), "{year}");
}

const JULY: &str = "[unit]\nname = \"中共柳溪乡委员会\"\narea = \"柳溪乡\"\n\n[report]\nyear = 2025\ndate = { h1 = 2025-07-10 }\n\n[figures]\ntheory_study = [6]\nseminars = [3]\nmembers = { h1 = 412 }\nbranches = 14\n\n[[work]]\ntitle = \"强化政治引领，筑牢思想根基\"\nauto = [\"theory_study\", \"seminars\", \"members\", \"branches\"]\n";

#[test]
fn a_july_sheet_renders_its_first_half_and_says_why_not_the_year() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "柳溪乡.toml", JULY);
    let o = run(d.path(), &["render", "柳溪乡.toml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["柳溪乡2025年上半年党建工作总结.txt"]);
    let out = text(&o);
    let why: Vec<&str> = out.lines().filter(|l| l.contains("全年")).map(str::trim).collect();
    assert_eq!(why, ["提醒：柳溪乡.toml：只填了上半年数值，未生成全年版本（填上下半年或年底数值后再运行即可生成）"], "{}", text(&o));
    let t = read(&d.path().join("out/柳溪乡2025年上半年党建工作总结.txt"));
    assert!(t.contains("党员412名") && t.contains("专题研讨3次"), "{t}");
    // The full year alone is an error, pointing at a figure.
    let o = run(d.path(), &["render", "柳溪乡.toml", "-o", "out2", "--period", "year"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("柳溪乡.toml:12:11：数据表只填了上半年数值，无法生成全年版本"), "{}", text(&o));
    assert!(listing(&d.path().join("out2")).is_empty());
}

#[test]
fn a_sheet_may_repeat_what_its_profile_fixes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "profile.toml", "[wording]\nsuperior = \"市委\"\nspirit = [\"党的二十大精神\"]\nlayout = \"themed\"\n");
    let same = JULY.replace("area = \"柳溪乡\"\n", "area = \"柳溪乡\"\nsuperior = \"市委\"\n").replace("[report]\n", "[report]\nspirit = [\"党的二十大精神\"]\nlayout = \"themed\"\n");
    write(d.path(), "柳溪乡.toml", &same);
    let o = run(d.path(), &["render", "柳溪乡.toml", "-o", "out", "--period", "h1"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(read(&d.path().join("out/柳溪乡2025年上半年党建工作总结.txt")).contains("在市委的"));
    write(d.path(), "柳溪乡.toml", &same.replace("superior = \"市委\"", "superior = \"县委\""));
    let o = run(d.path(), &["render", "柳溪乡.toml", "-o", "out2", "--period", "h1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("柳溪乡.toml:4:12：“unit.superior”已由"), "{}", text(&o));
}

#[test]
fn init_placeholders_left_at_zero_are_warned_and_not_written() {
    let d = tempfile::tempdir().unwrap();
    assert!(run(d.path(), &["init", "甲镇.toml", "--year", "2025"]).status.success());
    let o = run(d.path(), &["check", "甲镇.toml"]);
    assert_eq!(o.status.code(), Some(0), "warnings only: {}", text(&o));
    let out = text(&o);
    assert!(!out.contains("未发现问题"), "{out}");
    for label in ["党员总数", "基层党组织", "专题研讨"] {
        assert!(out.contains(&format!("警告[zero-figure] “{label}”的数值都是 0")), "{label}: {out}");
    }
    let o = run(d.path(), &["render", "甲镇.toml", "-o", "out", "--period", "year"]);
    assert!(text(&o).contains("zero-figure") || text(&o).contains("数值都是 0"), "{}", text(&o));
    let t = read(&d.path().join("out/甲镇2025年党建工作总结.txt"));
    assert!(!t.contains("党员0名") && !t.contains("党组织0个"), "{t}");
    // A real value stops the warning.
    let s = read(&d.path().join("甲镇.toml")).replace("members = { h1 = 0, year = 0 }", "members = { h1 = 210, year = 214 }");
    write(d.path(), "甲镇.toml", &s);
    assert!(!text(&run(d.path(), &["check", "甲镇.toml"])).contains("“党员总数”的数值都是 0"));
}

#[test]
fn init_example_texts_are_announced_and_empty_blocks_left_out() {
    let d = tempfile::tempdir().unwrap();
    assert!(run(d.path(), &["init", "甲镇.toml", "--year", "2025"]).status.success());
    let sheet = read(&d.path().join("甲镇.toml"));
    let o = run(d.path(), &["check", "甲镇.toml"]);
    let out = text(&o);
    // Every example text of the scaffold is named, at its own line.
    let examples: Vec<usize> = sheet.lines().enumerate().filter(|(_, l)| l.starts_with("text = ")).map(|(i, _)| i + 1).collect();
    assert!(examples.len() >= 3, "{sheet}");
    for line in &examples {
        assert!(out.contains(&format!("甲镇.toml:{line}:")) && out.contains("警告[sample-text]"), "line {line}: {out}");
    }
    assert_eq!(out.matches("[sample-text]").count(), examples.len(), "{out}");
    // The untouched scaffold still renders; the block whose figures are all 0 is not a bare heading.
    let o = run(d.path(), &["render", "甲镇.toml", "-o", "out", "--period", "year"]);
    assert!(o.status.success() && text(&o).contains("sample-text"), "{}", text(&o));
    let t = read(&d.path().join("out/甲镇2025年党建工作总结.txt"));
    assert!(!t.contains("加强党员队伍建设，严把发展党员质量"), "{t}");
    // Text of one's own is not an example; figures filled bring the block back.
    let s = sheet
        .replace("部分党员学用结合不紧，运用理论指导实践的能力有待提升。", "个别支部学习流于形式。")
        .replace("members = { h1 = 0, year = 0 }", "members = { h1 = 210, year = 214 }");
    write(d.path(), "甲镇.toml", &s);
    let out = text(&run(d.path(), &["check", "甲镇.toml"]));
    assert_eq!(out.matches("[sample-text]").count(), examples.len() - 1, "{out}");
    assert!(run(d.path(), &["render", "甲镇.toml", "-o", "out2", "--period", "year"]).status.success());
    let t = read(&d.path().join("out2/甲镇2025年党建工作总结.txt"));
    assert!(t.contains("加强党员队伍建设，严把发展党员质量") && t.contains("214名"), "{t}");
}

#[test]
fn init_from_last_years_sheet() {
    let d = tempfile::tempdir().unwrap();
    let old = example(d.path());
    let o = run(d.path(), &["init", "青石镇2025.toml", "--from", old.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let new = read(&d.path().join("青石镇2025.toml"));
    let t: toml::Table = toml::from_str(&new).unwrap();
    let o: toml::Table = toml::from_str(&read(&old)).unwrap();
    assert_eq!(t["unit"], o["unit"]);
    assert_eq!(t["report"]["year"].as_integer(), Some(2025));
    for k in ["kind", "guiding", "spirit", "approach", "layout"] {
        assert_eq!(t["report"].get(k), o["report"].get(k), "{k}");
    }
    assert!(t["report"].get("date").is_none() && new.contains("# date = { h1 = 2025-07-10"), "dates cleared, with a comment");
    let f = &t["figures"];
    // flow [7, 9] → last_year 16, last_year_h1 7; stock { h1 = 1186, year = 1193 } → 1193 / 1186.
    assert_eq!((f["new_members"]["last_year"].as_integer(), f["new_members"]["last_year_h1"].as_integer()), (Some(16), Some(7)));
    assert_eq!((f["members"]["last_year"].as_integer(), f["members"]["last_year_h1"].as_integer()), (Some(1193), Some(1186)));
    assert_eq!(f["theory_study"]["value"].as_array().map(Vec::len), Some(2));
    assert_eq!(f["custom"]["household_visits"]["last_year"].as_integer(), Some(8190));
    let titles = |t: &toml::Table, part: &str| t[part].as_array().unwrap().iter().map(|w| w.get("title").cloned()).collect::<Vec<_>>();
    for part in ["work", "problems", "plans"] {
        assert_eq!(titles(&t, part), titles(&o, part), "{part}");
    }
    assert!(t["work"].as_array().unwrap().iter().all(|w| w.get("points").is_none() && w.get("text").is_none()), "points and texts cleared");
    assert!(t["problems"].as_array().unwrap().iter().all(|p| p["text"].as_str() == Some("xx")));
    // The new sheet loads; its placeholders are what check reports.
    let c = run(d.path(), &["check", "青石镇2025.toml"]);
    assert_eq!(c.status.code(), Some(1), "{}", text(&c));
    assert!(text(&c).contains("placeholder") && text(&c).contains("zero-figure"), "{}", text(&c));
    // Never over an existing file.
    let again = run(d.path(), &["init", "青石镇2025.toml", "--from", old.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("已存在"));
}

#[test]
fn a_blank_line_inside_a_long_text_starts_a_paragraph() {
    let d = tempfile::tempdir().unwrap();
    let sheet = JULY.replace("auto = [", "split = true\nauto = [") + "\n[[work.points]]\ntitle = \"抓实理论武装\"\ntext = \"\"\"\n第一段写学习。\n接着写。\n\n第二段写调研。\n\"\"\"\n";
    write(d.path(), "柳溪乡.toml", &sheet);
    let o = run(d.path(), &["render", "柳溪乡.toml", "-o", "out", "--period", "h1"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let t = read(&d.path().join("out/柳溪乡2025年上半年党建工作总结.txt"));
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    let first = lines.iter().position(|l| l.contains("第一段写学习。接着写。")).unwrap_or_else(|| panic!("{t}"));
    assert_eq!(lines[first + 1], "第二段写调研。", "{t}");
}

#[test]
fn a_figure_filled_for_the_first_half_only_is_named_for_the_full_year() {
    let d = tempfile::tempdir().unwrap();
    let sheet = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/青石镇.toml")).replace("seminars = [2, 1]", "seminars = [2]");
    write(d.path(), "青石镇.toml", &sheet);
    let o = run(d.path(), &["check", "青石镇.toml"]);
    let out = text(&o);
    assert!(out.contains("警告[figure-consistency] “专题研讨”只填了上半年数（2次），全年版本里不会写这一项") && out.contains("（全年版本）"), "{out}");
    // Filled for both halves: nothing to say.
    write(d.path(), "青石镇.toml", &sheet.replace("seminars = [2]", "seminars = [2, 0]"));
    assert!(!text(&run(d.path(), &["check", "青石镇.toml"])).contains("只填了上半年数"));
}

#[test]
fn each_level_gets_a_scaffold_of_its_own() {
    let d = tempfile::tempdir().unwrap();
    for name in ["白鹭镇", "白鹭村", "东门社区", "城关街道"] {
        assert!(run(d.path(), &["init", &format!("{name}.toml"), "--year", "2025"]).status.success(), "{name}");
    }
    let village = read(&d.path().join("白鹭村.toml"));
    assert!(village.contains("superior = \"镇党委\"") && village.contains("name = \"中共白鹭村支部委员会\"") && village.contains("branch_meetings = [0, 0]"), "{village}");
    assert!(!village.contains("中心组") && !village.contains("theory_study") && !village.contains("#@"), "{village}");
    assert!(read(&d.path().join("东门社区.toml")).contains("superior = \"街道党工委\""));
    assert!(read(&d.path().join("城关街道.toml")).contains("superior = \"区委\""));
    // The village report is the village's: its superior, no town study group.
    let village = village.replace("party_lectures = [0, 0]", "party_lectures = [2, 2]");
    write(d.path(), "白鹭村.toml", &village);
    assert!(run(d.path(), &["render", "白鹭村.toml", "-o", "out", "--period", "year", "-f", "txt"]).status.success());
    let t = read(&d.path().join("out/白鹭村2025年党建工作总结.txt"));
    assert!(t.contains("镇党委") && !t.contains("县委") && !t.contains("中心组"), "{t}");
    // A town listing its village: no sums to warn about; zeros say zero-figure, not 三会一课.
    let town = read(&d.path().join("白鹭镇.toml")).replace("layout = \"classic\"", "layout = \"classic\"\nvillages = [\"白鹭村.toml\"]");
    write(d.path(), "白鹭镇.toml", &town);
    let out = text(&run(d.path(), &["check", "白鹭镇.toml", "白鹭村.toml"]));
    assert!(!out.contains("village-sum") && !out.contains("sanhui-yike"), "{out}");
    assert!(out.contains("白鹭村.toml") && out.contains("zero-figure"), "{out}");
}

#[test]
fn a_village_listing_villages_is_refused_at_the_line() {
    let d = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    write(d.path(), "龙潭村.toml", &read(&data.join("龙潭村.toml")));
    let village = read(&data.join("石桥村.toml")).replace("layout = \"themed\"", "layout = \"themed\"\nvillages = [\"龙潭村.toml\"]");
    write(d.path(), "石桥村.toml", &village);
    let line = village.lines().position(|l| l.starts_with("villages")).unwrap() + 1;
    let o = run(d.path(), &["check", "石桥村.toml"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains(&format!("石桥村.toml:{line}:")) && text(&o).contains("村的数据表不汇总其他村（社区）"), "{}", text(&o));
    // The township listing both is as before.
    assert!(run(d.path(), &["check", "龙潭村.toml"]).status.success());
}

#[test]
fn the_scaffold_example_does_not_repeat_a_figure_its_block_writes() {
    let d = tempfile::tempdir().unwrap();
    assert!(run(d.path(), &["init", "甲镇.toml", "--year", "2025"]).status.success());
    let s = read(&d.path().join("甲镇.toml")).replace("theory_study = [0, 0]", "theory_study = [6, 7]");
    write(d.path(), "甲镇.toml", &s);
    assert!(run(d.path(), &["render", "甲镇.toml", "-o", "out", "--period", "year", "-f", "txt"]).status.success());
    let t = read(&d.path().join("out/甲镇2025年党建工作总结.txt"));
    assert_eq!(t.matches("13次").count(), 1, "the figure is written once: {t}");
}
