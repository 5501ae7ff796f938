//! `zongjie serve` as a new user meets it, in Chromium: an empty folder, a
//! sheet made with 新建, filled in the form, both reports downloaded as Word
//! and PDF — without touching a file or a command.

mod serve_common;

use std::io::Read;
use std::process::Command;

use serde_json::{Value, json};
use serve_common::chromium::{Driver, PREVIEW_TEXT};
use serve_common::Served;

/// The names of the form's inputs holding `value`.
fn inputs_holding(d: &Driver, value: &str) -> Vec<String> {
    let v = d.js("var v = arguments[0]; return Array.from(document.querySelectorAll('#sheet input[name]')).filter(function (i) { return i.value === v; }).map(function (i) { return i.name; });", json!([value]));
    v.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect()
}

/// The form fields marked red or yellow, with their messages.
fn marked(d: &Driver) -> Value {
    d.js("return Array.from(document.querySelectorAll('#sheet .bad, #sheet .warn')).map(function (f) { return (f.dataset.field || f.dataset.figure) + ': ' + (f.querySelector('.msg') || {}).textContent; });", json!([]))
}

fn docx_text(bytes: Vec<u8>) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml.split('<').filter_map(|t| t.strip_prefix("w:t>").or_else(|| t.strip_prefix("w:t xml:space=\"preserve\">"))).collect()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("a.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `text` states a count of zero (集中学习0次), as a scaffold's placeholder would.
fn zero_count(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    c.windows(3).any(|w| !w[0].is_ascii_digit() && w[1] == '0' && "次名个人户场期".contains(w[2]))
}

#[test]
fn a_new_user_makes_fills_and_downloads_both_reports_from_an_empty_folder() {
    let s = Served::start_in(tempfile::tempdir().unwrap());
    let d = Driver::start();
    d.go(&s.url);
    d.until("the create form", "return document.getElementById('create') !== null;", json!([]));
    d.type_into("#create input[name='file']", "白鹭镇2025");
    d.type_into("#create input[name='year']", "2025");
    d.click("#create-button");
    d.until("the new sheet's form", "return location.pathname === '/edit' && document.querySelector(\"input[name='report.year']\") !== null;", json!([]));
    d.until("the first preview", PREVIEW_TEXT, json!([]));

    // The year box holds the year alone, not framed red.
    let year = d.js("return document.querySelector(\"input[name='report.year']\").value;", json!([]));
    assert_eq!(year, json!("2025"));
    let bad = d.js("return Array.from(document.querySelectorAll('#sheet .bad')).map(function (f) { return f.textContent; });", json!([]));
    assert_eq!(bad, json!([]), "fields framed red in a new sheet");
    // Still the sample: the preview is marked 草稿, as the files would be.
    let first = d.js(PREVIEW_TEXT, json!([]));
    assert!(first.as_str().unwrap().contains("草稿"), "{first}");

    // Every figure still 0 gets a number, typed like a user.
    let zeros = inputs_holding(&d, "0");
    assert!(zeros.len() >= 8, "{zeros:?}");
    for (i, name) in zeros.iter().enumerate() {
        let v = match name.as_str() {
            "figures.members.h1" => "126".to_string(),
            "figures.members.year" => "131".to_string(),
            "figures.branches" => "9".to_string(),
            _ => (3 + i % 5).to_string(),
        };
        d.type_into(&format!("input[name='{name}']"), &v);
    }
    // The example texts rewritten in the clerk's own words.
    for (name, text) in [
        ("work.0.points.0.title", "落实学习制度"),
        ("work.0.points.0.text", "坚持每月第一周集中学习，班子成员轮流领学。"),
        ("problems.0.title", "学习形式比较单一"),
        ("problems.0.text", "集中学习以读原文为主，研讨交流不够充分。"),
        ("plans.0.title", "丰富学习形式"),
        ("plans.0.text", "结合村情开展专题研讨，组织党员到先进村现场学习。"),
    ] {
        d.type_into(&format!("[name='{name}']"), text);
    }
    d.until("the preview to show the members, no longer a draft", "var t = document.getElementById('preview').textContent; return t.includes('131') && !t.includes('草稿');", json!([]));
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    // Sections with figures but nothing done are named at their place (no-practice);
    // the clerk adds one thing actually done under each, in the section's own list.
    d.until("the no-practice notes", "return document.getElementById('findings').textContent.includes('只有数字，没有具体做法');", json!([]));
    for (i, (block, text)) in [("organization", "组织各支部开展“三会一课”台账互查，逐项整改"), ("members", "举办入党积极分子培训班，讲解党章和入党程序")].into_iter().enumerate() {
        d.click(&format!(".activity-section[data-block='{block}'] button.op[data-op='add']"));
        d.until("the new activity", &format!("return document.querySelector(\"input[name='activity.{i}.kind']\") !== null;"), json!([]));
        d.type_into(&format!("textarea[name='activity.{i}.text']"), text);
        d.type_into(&format!("input[name='activity.{i}.month']"), &(4 + i).to_string());
        d.click("#save");
        d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    }
    d.until("no marks left", "return document.querySelectorAll('#sheet .bad, #sheet .warn').length === 0 && document.getElementById('findings').textContent === '';", json!([]))
        .as_bool()
        .unwrap_or_else(|| panic!("{}", marked(&d)));

    // Word, then PDF: each gives both versions, final (not drafts).
    for (button, ext) in [("#gen-docx", "docx"), ("button.generate[data-format='pdf']", "pdf")] {
        d.js("document.getElementById('downloads').textContent = '';", json!([]));
        d.click(button);
        d.until("the download links", "return document.querySelectorAll('#downloads a').length === 2;", json!([]));
        let status = d.js("return document.getElementById('status').textContent;", json!([]));
        assert_eq!(status, json!("已生成"), "{ext}");
        let names = d.js("return Array.from(document.querySelectorAll('#downloads a')).map(function (a) { return a.textContent; });", json!([]));
        assert_eq!(names, json!([format!("白鹭镇2025年上半年党建工作总结.{ext}"), format!("白鹭镇2025年党建工作总结.{ext}")]));
        // Each link clicked: the browser saves the file under its name.
        for (i, name) in names.as_array().unwrap().iter().enumerate() {
            let name = name.as_str().unwrap();
            d.click(&format!("#downloads a:nth-of-type({})", i + 1));
            let saved = d.downloads.path().join(name);
            let started = std::time::Instant::now();
            while !saved.is_file() || std::fs::read(&saved).map_or(true, |b| b.is_empty()) {
                assert!(started.elapsed() < std::time::Duration::from_secs(30), "{name} was not downloaded: {:?}", std::fs::read_dir(d.downloads.path()).unwrap().map(|e| e.unwrap().file_name()).collect::<Vec<_>>());
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
            let bytes = std::fs::read(&saved).unwrap();
            assert_eq!(bytes, std::fs::read(s.path("output").join(name)).unwrap(), "{name}: the download is the generated file");
            let text = if ext == "docx" { docx_text(bytes) } else { pdf_text(&bytes) };
            // The half-year report has the June figure, the year report the December one.
            let members = if i == 0 { "126" } else { "131" };
            assert!(text.contains(members), "{ext} {i}: {text}");
            assert!(text.contains("班子成员轮流领学"), "{ext} {i}: {text}");
            assert!(text.contains("台账互查") && text.contains("入党积极分子培训班"), "the activities added in the page are cited: {ext} {i}: {text}");
            assert!(!text.contains("草稿") && !zero_count(&text), "{ext} {i}: {text}");
        }
    }
}

/// The message at a box, once the page has marked it red (or, with
/// `warnings`, yellow too).
fn marked_at(d: &Driver, name: &str, warnings: bool) -> String {
    let v = d.until(&format!("a mark at {name}"), "var n = arguments[0], w = arguments[1]; var f = Array.from(document.querySelectorAll('[data-field], [data-figure]')).find(function (l) { return (l.dataset.field || l.dataset.figure) === n; }); return f && (f.classList.contains('bad') || w && f.classList.contains('warn')) && f.querySelector('.msg').textContent;", json!([name, warnings]));
    v.as_str().unwrap().to_string()
}

fn message_at(d: &Driver, name: &str) -> String {
    marked_at(d, name, false)
}

#[test]
fn errors_are_shown_at_their_box_and_the_preview_keeps_its_last_good_pages() {
    let s = Served::start();
    let d = Driver::start();
    let sheet = s.path("青石镇.toml");
    let before = std::fs::read_to_string(&sheet).unwrap();
    d.go(&s.editor_url("青石镇.toml"));
    d.until("the preview", PREVIEW_TEXT, json!([]));
    let pages = d.js("return document.querySelectorAll('#preview .page').length;", json!([]));

    // A misspelt figure in a text: marked at that text box; the pages stay, greyed, with a note.
    d.type_into("textarea[name='work.0.points.1.text']", "组织专题研讨{seminarz}次。");
    let msg = message_at(&d, "work.0.points.1.text");
    assert!(msg.contains("未定义的指标") && msg.contains("seminars"), "{msg}");
    assert!(!msg.contains("第 ") && !msg.contains('/'), "{msg}");
    d.until("the stale note", "return document.getElementById('preview').classList.contains('stale') && document.querySelector('.stale-note') !== null;", json!([]));
    assert_eq!(d.js("return document.querySelectorAll('#preview .page').length;", json!([])), pages);
    d.cmd("POST", "/window/rect", Some(json!({ "width": 1366, "height": 768 })));
    d.js("document.querySelector(\"[data-field='work.0.points.1.text']\").scrollIntoView({ block: 'center' });", json!([]));
    d.screenshot(&std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-stale-1366.png"));
    // An unclosed brace: the same box.
    d.type_into("textarea[name='work.0.points.1.text']", "组织专题研讨{seminars次。");
    d.until("the brace message", "var f = document.querySelector(\"[data-field='work.0.points.1.text'] .msg\"); return f && f.textContent.includes('没有配对');", json!([]));
    // Fixed: the pages follow again.
    d.type_into("textarea[name='work.0.points.1.text']", "组织专题研讨{seminars}次。");
    d.until("the live preview", "return !document.getElementById('preview').classList.contains('stale') && document.getElementById('preview').textContent.includes('组织专题研讨');", json!([]));

    // 地名 emptied: said at its box, in the page's words; saving is refused there too, file kept.
    // Emptied with the keyboard (WebDriver's clear sends no input event).
    d.type_into("input[name='unit.area']", "x\u{E003}");
    let msg = message_at(&d, "unit.area");
    assert!(msg.contains("必须填写"), "{msg}");
    d.click("#save");
    d.until("the refusal", "return document.getElementById('status').textContent.includes('没有保存');", json!([]));
    let msg = message_at(&d, "unit.area");
    assert!(msg.contains("必须填写"), "{msg}");
    let page = d.js("return document.body.innerText;", json!([]));
    let page = page.as_str().unwrap();
    assert!(!page.contains(&s.dir.path().display().to_string()) && !page.contains(" | "), "command-line text on the page: {page}");
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), before);
    d.type_into("input[name='unit.name']", "x\u{E003}");
    assert!(message_at(&d, "unit.name").contains("必须填写"));
}

#[test]
fn the_insert_menu_offers_only_figures_the_sheet_fills() {
    let s = Served::start();
    let page = s.get(&format!("/edit?sheet={}", serve_common::q("石桥村.toml"))).text();
    let menu = page.split("id=\"insert-figure\"").nth(1).unwrap().split("</select>").next().unwrap();
    assert!(menu.contains("<option value=\"{members}\">"), "{menu}");
    assert!(menu.contains("<option value=\"{theory_study}\" disabled>"), "{menu}");
}

#[test]
fn the_other_version_is_checked_too_and_one_bad_version_does_not_stop_the_other() {
    let s = Served::start();
    let d = Driver::start();
    d.go(&s.editor_url("青石镇.toml"));
    d.until("the preview", PREVIEW_TEXT, json!([]));
    d.js("var p = document.getElementById('period'); p.value = 'h1'; p.dispatchEvent(new Event('change'));", json!([]));
    d.until("the 上半年 preview", "return document.getElementById('preview').textContent.includes('上半年党建工作总结');", json!([]));
    // 专题研讨 filled for the first half only: said now, while 上半年 is shown.
    d.type_into("input[name='figures.seminars.h2']", "x\u{E003}");
    let msg = marked_at(&d, "figures.seminars", true);
    assert!(msg.contains("全年版本") && msg.contains("只填了上半年数"), "{msg}");
    // Cited in a text, it cannot be summed for the full year: marked at the text, the 上半年 pages live.
    d.type_into("textarea[name='work.0.points.1.text']", "组织专题研讨{seminars}次。");
    let msg = message_at(&d, "work.0.points.1.text");
    assert!(msg.contains("全年版本") && msg.contains("缺少下半年数值"), "{msg}");
    d.until("the 上半年 preview with the text", "var p = document.getElementById('preview'); return !p.classList.contains('stale') && p.textContent.includes('组织专题研讨2次');", json!([]));
    // Word: the 上半年 file is made, the 全年 one is refused with the reason.
    d.click("#save");
    d.until("已保存", "return document.getElementById('status').textContent === '已保存';", json!([]));
    d.click("#gen-docx");
    d.until("the download link", "return document.querySelectorAll('#downloads a').length === 1;", json!([]));
    let names = d.js("return Array.from(document.querySelectorAll('#downloads a')).map(function (a) { return a.textContent; });", json!([]));
    assert_eq!(names, json!(["青石镇2024年上半年党建工作总结.docx"]));
    let status = d.js("return document.getElementById('status').textContent;", json!([]));
    assert!(status.as_str().unwrap().contains("全年版本") && status.as_str().unwrap().contains("缺少下半年数值"), "{status}");
    assert!(!s.path("output/青石镇2024年党建工作总结.docx").exists());
}

#[test]
fn the_folder_page_generates_everything_with_progress_and_links() {
    let s = Served::start();
    let r = s.post("/api/create", r#"{"file":"白鹭镇2024","year":"2024"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let d = Driver::start();
    d.go(&s.url);
    d.until("the list", "return document.querySelector('#sheets a') !== null;", json!([]));
    let summary = d.js("return document.querySelector('.summary').textContent;", json!([]));
    assert!(summary.as_str().unwrap().contains("共 4 张数据表，3 张可以生成正式稿，1 张还有待填写"), "{summary}");
    d.click("#folder-button");
    let msg = d.until("the folder done", "var m = document.getElementById('folder-msg').textContent; return m.startsWith('已生成') && m;", json!([]));
    let msg = msg.as_str().unwrap();
    // 4 sheets × 2 versions × (txt, docx), and the roll-up; the sample sheet named as a draft.
    assert!(msg.starts_with("已生成 17 个文件") && msg.contains("白鹭镇2024.toml 生成的是草稿"), "{msg}");
    let bar = d.js("var b = document.getElementById('folder-progress'); return [b.value, b.max, b.hidden];", json!([]));
    assert_eq!(bar, json!([5, 5, false]));
    // Back on the page: each sheet links the files it made.
    d.go(&format!("http://127.0.0.1:{}/", s.port));
    d.until("the list", "return document.querySelector('#sheets a') !== null;", json!([]));
    let links = d.js("return Array.from(document.querySelectorAll(\"tr[data-sheet='青石镇.toml'] td.files a\")).map(function (a) { return a.textContent; });", json!([]));
    assert_eq!(links, json!(["青石镇2024年上半年党建工作总结.docx", "青石镇2024年上半年党建工作总结.txt", "青石镇2024年党建工作总结.docx", "青石镇2024年党建工作总结.txt"]));
    // For a person to look at (the folder's temporary name differs every run, so not under docs/).
    let docs = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    for (w, h) in [(1366, 768), (1920, 1080)] {
        d.cmd("POST", "/window/rect", Some(json!({ "width": w, "height": h })));
        std::thread::sleep(std::time::Duration::from_millis(300));
        d.screenshot(&docs.join(format!("serve-folder-{w}.png")));
    }
}

#[test]
fn a_gbk_sheet_is_converted_from_its_page() {
    let s = Served::start();
    // 青石镇.toml as Notepad's “ANSI” would save it.
    let utf8 = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&utf8);
    std::fs::write(s.path("青石镇.toml"), &gbk).unwrap();
    let d = Driver::start();
    d.go(&s.editor_url("青石镇.toml"));
    d.until("the page saying how", "return document.body.textContent.includes('不是 UTF-8 编码') && document.querySelector(\"a[href='/']\") !== null;", json!([]));
    d.click("#convert");
    d.until("the editor on the converted sheet", "return location.pathname === '/edit' && document.getElementById('editor') !== null;", json!([]));
    d.until("the preview", PREVIEW_TEXT, json!([]));
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), utf8);
    assert_eq!(std::fs::read(s.path("青石镇.toml.gbk原件")).unwrap(), gbk.into_owned());
}
