//! `zongjie serve` keeps the user's data whole: a custom figure's last-year
//! value written beside `value` is shown and edited in place (never written
//! twice), and removing a list item takes the comment attached to it and
//! leaves the others. Exact file bytes after each save, and the saved sheet
//! read back by the real binary (`check`, `render`).

mod serve_common;

use std::process::Command;

use serve_common::{Served, q};

fn version_of(s: &Served, sheet: &str) -> (String, String) {
    let page = s.get(&format!("/edit?sheet={}", q(sheet))).text();
    let v = page.split("data-version=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (v, page)
}

/// `zongjie <args>` in the served folder: (success, stdout + stderr).
fn zongjie(s: &Served, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zongjie")).args(args).current_dir(s.dir.path()).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn last_year_beside_a_custom_value_is_edited_where_it_is_written() {
    let s = Served::start();
    let path = s.path("青石镇.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let before = original
        .replace("value = [4210, 3980]\n", "value = [4210, 3980] # 半年数\n# 上年年报数\nlast_year = 7900 # 2023 年\n")
        .replace("value = { year = 386 }\n", "value = { year = 386, last_year = 350 }\n")
        .replace("精神{first_topic}次。\"", "精神{first_topic}次。入户走访上年{household_visits.last_year}户、上年同期{household_visits.last_year_h1}户，茶叶增收上年{tea_income.last_year}万元。\"");
    assert_ne!(before, original);
    std::fs::write(&path, &before).unwrap();
    let (v, page) = version_of(&s, "青石镇.toml");
    for (name, value) in [("household_visits.last_year", "7900"), ("household_visits.h2", "3980"), ("tea_income.last_year", "350"), ("household_visits.last_year_h1", "")] {
        assert!(page.contains(&format!("name=\"figures.custom.{name}\" value=\"{value}\"")), "the form shows {name} = {value}");
    }
    let fields = serde_json::json!({
        "figures.custom.household_visits.h1": "4210",
        "figures.custom.household_visits.h2": "3980",
        "figures.custom.household_visits.last_year": "8000",
        "figures.custom.household_visits.last_year_h1": "3900",
        "figures.custom.tea_income.year": "386",
        "figures.custom.tea_income.last_year": "360",
    });
    let r = s.post("/api/save", &serde_json::json!({ "sheet": "青石镇.toml", "version": v, "fields": fields }).to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = before
        .replace("last_year = 7900 # 2023 年\n", "last_year = 8000 # 2023 年\nlast_year_h1 = 3900\n")
        .replace("value = { year = 386, last_year = 350 }\n", "value = { year = 386, last_year = 360 }\n");
    assert_eq!(after, expected, "exactly the two values changed, one key added, every comment kept");
    // The real loader reads the saved sheet, and the report says the new values.
    let (ok, out) = zongjie(&s, &["check", "青石镇.toml"]);
    assert!(ok, "{out}");
    let (ok, out) = zongjie(&s, &["render", "青石镇.toml", "--period", "year", "--format", "txt", "-o", "out", "--draft"]);
    assert!(ok, "{out}");
    let txt = std::fs::read_dir(s.path("out")).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "txt")).unwrap();
    let txt = std::fs::read_to_string(txt).unwrap();
    assert!(txt.contains("入户走访上年8000户、上年同期3900户，茶叶增收上年360万元。"), "{txt}");
    // The page shows what was saved.
    let (_, page) = version_of(&s, "青石镇.toml");
    assert!(page.contains("name=\"figures.custom.household_visits.last_year\" value=\"8000\"") && page.contains("name=\"figures.custom.household_visits.last_year_h1\" value=\"3900\""));
}

#[test]
fn a_removed_item_takes_its_own_comment_and_the_others_stay() {
    let s = Served::start();
    let path = s.path("青石镇.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let second = "[[problems]]\ntitle = \"村级党组织建设不够平衡\"";
    let third = "[[problems]]\ntitle = \"党员教育管理存在薄弱环节\"";
    let before = original
        .replace("\n[[problems]]\ntitle = \"理论学习", "\n# ---- 存在的问题 ----\n[[problems]]\ntitle = \"理论学习")
        .replace(second, &format!("# 镇党委会 3 月 12 日提出\n{second}"))
        .replace(third, &format!("# 以下各条请纪委核对\n\n{third}"));
    assert_eq!(before.matches('#').count(), original.matches('#').count() + 3);
    std::fs::write(&path, &before).unwrap();
    let remove = |index: usize| {
        let (v, _) = version_of(&s, "青石镇.toml");
        let r = s.post("/api/list", &serde_json::json!({ "sheet": "青石镇.toml", "version": v, "list": "problems", "op": "remove", "index": index }).to_string());
        assert_eq!(r.status, 200, "{}", r.text());
        std::fs::read_to_string(&path).unwrap()
    };
    // The second problem: its comment directly above goes with it.
    let block = |text: &str, title: &str| {
        let at = text.find(&format!("[[problems]]\ntitle = \"{title}")).unwrap();
        let end = at + text[at..].find("\n\n").unwrap() + 2;
        text[at..end].to_string()
    };
    let once = remove(1);
    let second_block = block(&before, "村级党组织建设不够平衡");
    assert_eq!(once, before.replace(&format!("# 镇党委会 3 月 12 日提出\n{second_block}"), ""));
    // The third (now second): the note after a blank line is not its own, it stays.
    let twice = remove(1);
    let third_block = block(&once, "党员教育管理存在薄弱环节");
    assert_eq!(twice, once.replace(&third_block, ""));
    assert!(twice.contains("# 以下各条请纪委核对\n\n[[plans]]") && twice.contains("# ---- 存在的问题 ----\n[[problems]]"), "{twice}");
    let (ok, out) = zongjie(&s, &["check", "青石镇.toml"]);
    assert!(ok, "{out}");
}

#[test]
fn a_clerk_reads_chinese_that_names_the_page_not_the_command_line() {
    let s = Served::start();
    std::fs::write(s.path("坏.toml"), "[unit]\nname = \"中共坏村支部委员会\narea = \"坏村\"\n").unwrap();
    let r = s.get(&format!("/edit?sheet={}", q("坏.toml")));
    assert_eq!(r.status, 422);
    let page = r.text();
    assert!(page.contains("坏.toml:2:8：文字写到一半换了行") && page.contains("href=\"/\""), "the loader's message and a way back: {page}");
    assert!(!page.contains("invalid") && !page.contains("expected"), "no parser English: {page}");
    assert_eq!(std::fs::read_to_string(s.path("坏.toml")).unwrap(), "[unit]\nname = \"中共坏村支部委员会\narea = \"坏村\"\n");
    for (body, status, says) in [
        (serde_json::json!({ "file": "新村", "year": "1999" }), 422, "“年份”一栏"),
        (serde_json::json!({ "file": "石桥村" }), 409, "已存在，请换一个文件名"),
    ] {
        let r = s.post("/api/create", &body.to_string());
        assert_eq!(r.status, status, "{}", r.text());
        let e = r.json()["error"].as_str().unwrap().to_string();
        assert!(e.contains(says) && !e.contains("--"), "{e}");
    }
    assert!(!s.path("新村.toml").exists());
}
