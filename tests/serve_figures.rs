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
