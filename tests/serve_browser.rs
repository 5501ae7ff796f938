//! `zongjie serve` in a real browser: Debian's Chromium driven through
//! WebDriver (chromedriver), as a clerk would use it. Opens a sheet, changes
//! a figure, sees the preview change, saves (the file's new value, comments
//! intact), has a bad value refused at its field, generates a .docx and
//! reads it back, creates next year's sheet from this one, and leaves a
//! screenshot of the editor in docs/serve.png for the README; lists, adds,
//! edits and removes activities by section (docs/serve-activities.png).

mod serve_common;

use std::io::Read;
use std::path::Path;

use serde_json::json;
use serve_common::chromium::{Driver, PREVIEW_TEXT};
use serve_common::{Served, request};

#[test]
fn a_clerk_edits_saves_generates_and_creates_in_chromium() {
    let s = Served::start();
    let d = Driver::start();
    let sheet = s.path("青石镇.toml");
    let before = std::fs::read_to_string(&sheet).unwrap();

    // The list, reached through the address the server printed.
    d.go(&s.url);
    d.until("the sheet list", "return document.querySelector('#sheets a') !== null;", json!([]));
    let rows = d.js("return document.getElementById('sheets').textContent;", json!([]));
    assert!(rows.as_str().unwrap().contains("中共青石镇委员会"), "{rows}");
    d.click("tr[data-sheet='青石镇.toml'] a");

    // The form and the preview laid out from the layout.
    let first = d.until("the preview", PREVIEW_TEXT, json!([]));
    assert!(first.as_str().unwrap().contains("中心组集体学习12次"), "{first}");
    let pages = d.js("return document.querySelectorAll('#preview .page').length;", json!([]));
    assert!(pages.as_u64().unwrap() >= 3, "{pages}");

    // Change a figure: the preview follows before saving.
    d.type_into("input[name='figures.theory_study.h1']", "9");
    let typed = d.js("return document.querySelector(\"input[name='figures.theory_study.h1']\").value;", json!([]));
    assert_eq!(typed, json!("9"));
    d.until("the preview to show 15", "return document.getElementById('preview').textContent.includes('中心组集体学习15次');", json!([]));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), before, "nothing is written before 保存");

    // Save: the new value in the file, every other line as it was.
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    let after = std::fs::read_to_string(&sheet).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("theory_study = [6, 6]", "theory_study = [9, 6]")]);
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(after.starts_with("# 青石镇 2024 年党建工作数据表（示例）\n"));
    d.screenshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve.png"));

    // A letter in a number: refused with a message at the field, file kept.
    d.type_into("input[name='figures.members.year']", "11九3");
    d.click("#save");
    let msg = d.until("the message at the field", "var f = document.querySelector(\"[data-field='figures.members.year'] .msg\"); return f && f.textContent;", json!([]));
    assert!(msg.as_str().unwrap().contains("不是数字"), "{msg}");
    let status = d.js("return document.getElementById('status').textContent;", json!([]));
    assert!(status.as_str().unwrap().contains("没有保存"), "{status}");
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), after);
    d.type_into("input[name='figures.members.year']", "1193");

    // Move the first problem down: written at once, the form reloads in the new order.
    d.click("button.op[data-list='problems'][data-op='down'][data-index='0']");
    d.until("the reloaded form", "return document.querySelector(\"input[name='problems.0.title']\").value === '村级党组织建设不够平衡';", json!([]));
    let moved = std::fs::read_to_string(&sheet).unwrap();
    assert!(moved.find("村级党组织建设不够平衡").unwrap() < moved.find("理论学习与工作实际结合不够紧密").unwrap());
    assert_eq!(moved.lines().count(), after.lines().count());

    // {指标}: pick a figure for the text box last used; the preview follows.
    d.until("the preview", PREVIEW_TEXT, json!([]));
    let shown = d.js(PREVIEW_TEXT, json!([]));
    d.click("textarea[name='work.3.text']");
    d.js("var s = document.getElementById('insert-figure'); s.value = '{warning_sessions}'; s.dispatchEvent(new Event('change'));", json!([]));
    let text = d.js("return document.querySelector(\"textarea[name='work.3.text']\").value;", json!([]));
    assert_eq!(text, json!("{warning_sessions}"));
    d.until("the preview to change", "return document.getElementById('preview').textContent !== arguments[0];", json!([shown]));

    // Generate the Word file; download it through the page's link and read it back.
    d.click("#gen-docx");
    d.until("the download links", "return document.querySelectorAll('#downloads a').length;", json!([]));
    let names = d.js("return Array.from(document.querySelectorAll('#downloads a')).map(function (a) { return a.textContent; });", json!([]));
    assert_eq!(names, json!(["青石镇2024年上半年党建工作总结.docx", "青石镇2024年党建工作总结.docx"]));
    let href = d.js("return document.querySelectorAll('#downloads a')[1].getAttribute('href');", json!([]));
    let r = s.get(href.as_str().unwrap());
    assert_eq!(r.status, 200);
    assert!(r.header("Content-Disposition").unwrap().contains("attachment"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let text: String = xml.split('<').filter_map(|t| t.strip_prefix("w:t>").or_else(|| t.strip_prefix("w:t xml:space=\"preserve\">"))).collect();
    assert!(text.contains("中心组集体学习15次"), "{text}");
    assert!(s.path("output/青石镇2024年党建工作总结.docx").is_file());

    // Next year's sheet from this one, through the list's form.
    d.go(&format!("http://127.0.0.1:{}/", s.port));
    d.until("the create form", "return document.getElementById('create') !== null;", json!([]));
    d.type_into("#create input[name='file']", "青石镇2025");
    d.js("var s = document.querySelector(\"#create select[name='from']\"); s.value = arguments[0];", json!(["青石镇.toml"]));
    d.click("#create-button");
    d.until("the new sheet's form", "return location.pathname === '/edit' && document.querySelector(\"input[name='report.year']\") !== null;", json!([]));
    let year = d.js("return document.querySelector(\"input[name='report.year']\").value;", json!([]));
    assert_eq!(year, json!("2025"));
    let created = std::fs::read_to_string(s.path("青石镇2025.toml")).unwrap();
    assert!(created.contains("year = 2025") && created.contains("last_year"), "{created}");
    let r = request(s.port, "GET", "/", &[("Host", &format!("127.0.0.1:{}", s.port)), ("Cookie", &s.cookie())], b"");
    assert!(r.text().contains("青石镇2025.toml"));
}

#[test]
fn a_clerk_sets_dates_tags_villages_moves_blocks_and_adds_a_figure() {
    let s = Served::start();
    let d = Driver::start();
    let sheet = s.path("青石镇.toml");
    let before = std::fs::read_to_string(&sheet).unwrap();
    d.go(&s.editor_url("青石镇.toml"));
    d.until("the preview", PREVIEW_TEXT, json!([]));
    // Every field as the page sends it, nothing touched: the file keeps every byte.
    let sent = d.js("var n = 0; document.querySelectorAll('#sheet [name]').forEach(function () { n++; }); return n;", json!([]));
    assert!(sent.as_u64().unwrap() > 150, "{sent}");
    d.click("#save");
    d.until("没有改动", "return document.getElementById('status').textContent === '没有改动';", json!([]));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), before);

    // A date typed as a clerk writes it, a plan's version from its drop-down, a village ticked.
    d.type_into("input[name='report.date.h1']", "2024年7月10日");
    d.js("var s = document.querySelector(\"select[name='plans.1.next']\"); s.value = 'year'; s.dispatchEvent(new Event('change', { bubbles: true }));", json!([]));
    d.click("input[name='report.villages'][value='石桥村.toml']");
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    let after = std::fs::read_to_string(&sheet).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).take(2).collect();
    assert_eq!(changed[0], ("date = { h1 = 2024-07-08, year = 2024-12-26 }", "date = { h1 = 2024-07-10, year = 2024-12-26 }"));
    assert!(after.contains("villages = [\"石桥村.toml\"]"), "{after}");
    assert_eq!(after.matches("next = \"year\"").count(), before.matches("next = \"year\"").count() + 1);
    assert_eq!(after.lines().count(), before.lines().count() + 1, "one line added (villages)");
    assert!(after.starts_with("# 青石镇 2024 年党建工作数据表（示例）\n"));
    // The preview now sums the ticked village (a note, not an error): still pages.
    d.until("the preview", PREVIEW_TEXT, json!([]));

    // Move the first work block down: the form reloads with the blocks swapped.
    d.click("button.op[data-list='work'][data-op='down'][data-index='0']");
    d.until("the reloaded form", "return document.querySelector(\"input[name='work.0.title']\").value === '夯实组织基础，提升支部建设质量';", json!([]));
    let moved = std::fs::read_to_string(&sheet).unwrap();
    assert!(moved.find("夯实组织基础").unwrap() < moved.find("强化政治引领").unwrap());
    assert_eq!(moved.lines().count(), after.lines().count());
    d.click("button.op[data-list='work'][data-op='up'][data-index='1']");
    d.until("the reloaded form", "return document.querySelector(\"input[name='work.0.title']\").value === '强化政治引领，筑牢思想根基';", json!([]));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), after, "moved back byte for byte");

    // A figure the catalogue lacks: added from the page, then filled.
    d.type_into("#custom-new input[data-new='label']", "志愿服务");
    d.type_into("#custom-new input[data-new='unit']", "次");
    d.click("#custom-add");
    d.until("the new figure's inputs", "return document.querySelector(\"input[name='figures.custom.志愿服务.h1']\") !== null;", json!([]));
    d.type_into("input[name='figures.custom.志愿服务.h1']", "12");
    d.type_into("input[name='figures.custom.志愿服务.h2']", "15");
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    let filled = std::fs::read_to_string(&sheet).unwrap();
    assert!(filled.contains("label = \"志愿服务\"\nunit = \"次\"\nkind = \"flow\"\nvalue = [12, 15]\n"), "{filled}");
    // A bad date is refused at its field.
    d.type_into("input[name='work.0.points.0.date']", "三月");
    d.click("#save");
    let msg = d.until("the message at the field", "var f = document.querySelector(\"[data-field='work.0.points.0.date'] .msg\"); return f && f.textContent;", json!([]));
    assert!(msg.as_str().unwrap().contains("不是有效日期"), "{msg}");
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), filled);
}

#[test]
fn a_clerk_lists_adds_edits_and_removes_activities_by_section() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::copy(data.join("白鹭镇台账.csv"), dir.path().join("白鹭镇台账.csv")).unwrap();
    let sheet_text = std::fs::read_to_string(data.join("白鹭镇.toml")).unwrap() + "\n[[activity]]\ndate = 2024-03-20\nkind = \"主题党日\"\ntheme = \"春季植树\"\ntext = \"镇机关支部党员到白鹭湖畔义务植树\"\npeople = 32\n";
    std::fs::write(dir.path().join("白鹭镇.toml"), &sheet_text).unwrap();
    let s = Served::start_in(dir);
    let d = Driver::start();
    let sheet = s.path("白鹭镇.toml");
    d.go(&s.url.replace("/?token", &format!("/edit?sheet={}&token", serve_common::q("白鹭镇.toml"))));
    d.until("the preview", PREVIEW_TEXT, json!([]));
    // Listed under its section: 主题党日 belongs to 组织建设.
    let org = d.js("return document.querySelector(\".activity-section[data-block='organization']\").textContent;", json!([]));
    assert!(org.as_str().unwrap().contains("组织建设"), "{org}");
    let in_org = d.js("return document.querySelector(\".activity-section[data-block='organization'] input[name='activity.0.theme']\").value;", json!([]));
    assert_eq!(in_org, json!("春季植树"));
    // The ledger's three 警示教育 rows are counted in the preview.
    assert!(d.until("the preview", PREVIEW_TEXT, json!([])).as_str().unwrap().contains("警示教育3次"));

    // Add one under 党风廉政建设: the form reloads with it there, already of that section's kind.
    d.click(".activity-section[data-block='integrity'] button.op[data-op='add']");
    d.until("the new activity", "return document.querySelector(\".activity-section[data-block='integrity'] input[name='activity.1.kind']\") !== null;", json!([]));
    assert_eq!(d.js("return document.querySelector(\"input[name='activity.1.kind']\").value;", json!([])), json!("党风廉政建设"));
    d.type_into("input[name='activity.1.kind']", "警示教育");
    d.type_into("textarea[name='activity.1.text']", "组织镇村干部观看警示教育片《镜鉴》");
    d.type_into("input[name='activity.1.month']", "");
    d.type_into("input[name='activity.1.date']", "2024年6月12日");
    d.type_into("input[name='activity.1.people']", "40");
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    let saved = std::fs::read_to_string(&sheet).unwrap();
    assert!(saved.starts_with(&sheet_text), "the sheet as written is kept:\n{saved}");
    let added = &saved[sheet_text.len()..];
    for line in ["[[activity]]", "kind = \"警示教育\"", "text = \"组织镇村干部观看警示教育片《镜鉴》\"", "date = 2024-06-12", "people = 40"] {
        assert!(added.contains(line), "{line} in {added}");
    }
    assert!(!added.contains("month"), "{added}");
    // Counted with the ledger's rows: the full-year preview says 4.
    assert!(d.until("the recount", "var t = document.getElementById('preview').textContent; return t.indexOf('警示教育4次') >= 0 && t;", json!([])).as_str().is_some());
    // For the README: the activity list beside the preview.
    d.js("document.querySelector(\".activity-section[data-block='organization']\").scrollIntoView({ block: 'start' }); window.scrollBy(0, -60);", json!([]));
    d.screenshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve-activities.png"));

    // Removed again: the file is back to what it was.
    d.js("window.confirm = function () { return true; };", json!([]));
    d.click("button.op[data-list='activity'][data-op='remove'][data-index='1']");
    d.until("the reloaded form", "return document.querySelector(\"input[name='activity.1.kind']\") === null && document.querySelector(\"input[name='activity.0.kind']\") !== null;", json!([]));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap().trim_end(), sheet_text.trim_end());
}
