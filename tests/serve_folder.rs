//! The folder `zongjie serve` works on, through the real binary: one rule
//! for paths (links out of the folder are never listed, read, rendered,
//! written or served), drafts named as drafts and replaced by the final
//! report, the whole folder generated (clashing names and mixed years
//! refused in the command line's words), a GBK sheet's page.

mod serve_common;

use serve_common::{Served, q};

/// One rule for every path: a sheet, a folder of sheets, a township's
/// village or output/ that resolves outside the served folder is neither
/// listed, read, rendered, written nor served.
#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_never_listed_rendered_or_served() {
    use std::os::unix::fs::symlink;
    let s = Served::start();
    let outside = tempfile::tempdir().unwrap();
    let village = std::fs::read_to_string(s.path("石桥村.toml")).unwrap().replace("中共青石镇石桥村支部委员会", "机密村党支部").replace("area = \"石桥村\"", "area = \"机密村\"");
    std::fs::write(outside.path().join("机密村.toml"), &village).unwrap();
    std::fs::create_dir(outside.path().join("外面")).unwrap();
    std::fs::write(outside.path().join("外面/机密村.toml"), &village).unwrap();
    symlink(outside.path().join("机密村.toml"), s.path("链接村.toml")).unwrap();
    symlink(outside.path().join("外面"), s.path("链接文件夹")).unwrap();
    // A township summing a village through the link (`..` the loader refuses itself).
    let town = std::fs::read_to_string(s.path("青石镇.toml")).unwrap().replace("layout = \"classic\"", "layout = \"classic\"\nvillages = [\"../链接村.toml\"]");
    std::fs::create_dir(s.path("镇")).unwrap();
    std::fs::write(s.path("镇/外联镇.toml"), town.replace("../链接村", "链接")).unwrap();
    symlink(outside.path().join("机密村.toml"), s.path("镇/链接.toml")).unwrap();
    let list = s.get("/").text();
    assert!(!list.contains("机密"), "listed: {list}");
    for name in ["链接村.toml", "链接文件夹/机密村.toml", "镇/链接.toml"] {
        assert!(!list.contains(&format!("data-sheet=\"{name}\"")) && !list.contains(&format!("value=\"{name}\"")), "{name} listed");
    }
    let pv = s.post("/api/preview", &serde_json::json!({ "sheet": "镇/外联镇.toml", "period": "year", "fields": {} }).to_string()).json();
    assert_eq!(pv["pages"], 0);
    assert!(pv["notes"].to_string().contains("不在所服务的文件夹内"), "{pv}");
    let r = s.post("/api/generate", &serde_json::json!({ "sheet": "镇/外联镇.toml", "format": "txt" }).to_string());
    assert_eq!(r.status, 422, "{}", r.text());
    let r = s.post("/api/folder", r#"{"period":"year"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert!(j["problems"].to_string().contains("外联镇.toml"), "{j}");
    let out: Vec<String> = std::fs::read_dir(s.path("output")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!out.iter().any(|f| f.contains("机密")), "{out:?}");
    for f in &out {
        if f.ends_with(".txt") {
            assert!(!std::fs::read_to_string(s.path("output").join(f)).unwrap().contains("机密"), "{f}");
        }
    }
    let xlsx = out.iter().find(|f| f.ends_with(".xlsx")).expect("the roll-up");
    let r = s.get(&format!("/download?file={}", q(xlsx)));
    assert_eq!(r.status, 200);
    assert!(!String::from_utf8_lossy(&r.body).contains("机密"));

    // output/ as a link to a folder elsewhere: nothing written there, nothing served from there.
    std::fs::remove_dir_all(s.path("output")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("别处.txt"), "机密").unwrap();
    symlink(elsewhere.path(), s.path("output")).unwrap();
    for (path, body) in [("/api/generate", r#"{"sheet":"石桥村.toml","format":"txt"}"#), ("/api/folder", r#"{"period":"year"}"#)] {
        let r = s.post(path, body);
        assert_eq!(r.status, 422, "{path}: {}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains("output 是一个链接"), "{}", r.text());
    }
    let r = s.get(&format!("/download?file={}", q("别处.txt")));
    assert_eq!(r.status, 403);
    assert!(!r.text().contains("机密") || r.text().contains("链接"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1, "written outside the folder");
}

#[test]
fn a_final_report_replaces_its_earlier_draft() {
    let s = Served::start();
    let good = std::fs::read_to_string(s.path("石桥村.toml")).unwrap();
    let bad = good.replacen("approach = \"支部带村、党员带户\"", "approach = \"xx\"", 1);
    assert_ne!(bad, good);
    std::fs::write(s.path("石桥村.toml"), &bad).unwrap();
    let r = s.post("/api/generate", r#"{"sheet":"石桥村.toml","format":"txt,docx"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["draft"], true);
    let listing = || {
        let mut v: Vec<String> = std::fs::read_dir(s.path("output")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    assert_eq!(listing().iter().filter(|f| f.contains("（草稿）")).count(), 4, "{:?}", listing());
    // A draft that is not as zongjie made it (here: not a Word file at all) may hold someone's work: it stays.
    let edited = s.path("output/石桥村2024年党建工作总结（草稿）.docx");
    std::fs::write(&edited, "改过的草稿").unwrap();
    std::fs::write(s.path("石桥村.toml"), &good).unwrap();
    let r = s.post("/api/generate", r#"{"sheet":"石桥村.toml","format":"docx"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["draft"], false);
    let files = listing();
    assert!(files.contains(&"石桥村2024年党建工作总结.docx".to_string()) && files.contains(&"石桥村2024年上半年党建工作总结.docx".to_string()), "{files:?}");
    assert!(!files.contains(&"石桥村2024年上半年党建工作总结（草稿）.docx".to_string()), "old Word draft left: {files:?}");
    assert!(r.json()["kept"].to_string().contains("已删去旧的草稿"), "{}", r.text());
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "改过的草稿");
    // Only the drafts of what was made again go: the text drafts were not made again.
    assert!(files.contains(&"石桥村2024年上半年党建工作总结（草稿）.txt".to_string()), "{files:?}");
}

#[test]
fn a_sheet_still_as_the_sample_is_a_draft_everywhere() {
    let s = Served::start_in(tempfile::tempdir().unwrap());
    let r = s.post("/api/create", r#"{"file":"白鹭镇2025","year":"2025"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    // The folder page: not final, for both versions, with what is left.
    let list = s.get("/").text();
    let row = list.split("<tr data-sheet=\"白鹭镇2025.toml\">").nth(1).unwrap().split("</tr>").next().unwrap().to_string();
    for version in ["上半年", "全年"] {
        let cell = row.split(&format!("data-version=\"{version}\">")).nth(1).unwrap().split("</td>").next().unwrap();
        assert!(cell.contains("段样表文字或占位符没改") && cell.contains("个指标仍是样表的 0"), "{version}: {cell}");
    }
    assert!(row.contains("status error"), "{row}");
    assert!(list.contains("<strong>0</strong> 张可以生成正式稿"), "{list}");
    // Generated: drafts by name, with the reason.
    let r = s.post("/api/generate", r#"{"sheet":"白鹭镇2025.toml","format":"docx"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["draft"], true);
    assert_eq!(j["files"], serde_json::json!(["白鹭镇2025年上半年党建工作总结（草稿）.docx", "白鹭镇2025年党建工作总结（草稿）.docx"]));
    assert!(j["left"].as_str().unwrap().contains("样表"), "{j}");
    // The folder page links the drafts it made.
    let list = s.get("/").text();
    assert!(list.contains("download=\"白鹭镇2025年党建工作总结（草稿）.docx\""), "{list}");
}

#[test]
fn the_folder_refuses_mixed_years_and_clashing_names_in_the_command_line_words() {
    let s = Served::start();
    // Two sheets for one place and year: both would write the same reports.
    std::fs::copy(s.path("石桥村.toml"), s.path("石桥村副本.toml")).unwrap();
    let plan = s.post("/api/folder", r#"{"period":"year","only":"plan"}"#).json();
    let sheets: Vec<&str> = plan["sheets"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(sheets, ["青石镇.toml", "龙潭村.toml"]);
    let problems = plan["problems"].to_string();
    assert!(problems.contains("石桥村.toml：输出文件名") && problems.contains("石桥村副本.toml：输出文件名") && problems.contains("两张都未生成"), "{problems}");
    // The whole folder at once: neither is written.
    let r = s.post("/api/folder", r#"{"period":"year"}"#).json();
    assert!(r["problems"].to_string().contains("两张都未生成"), "{r}");
    assert!(!s.path("output/石桥村2024年党建工作总结.docx").exists());
    std::fs::remove_file(s.path("石桥村副本.toml")).unwrap();
    // A sheet of another year: the roll-up is refused, naming both.
    let next = std::fs::read_to_string(s.path("龙潭村.toml")).unwrap().replace("year = 2024", "year = 2025").replace("2024-", "2025-");
    std::fs::write(s.path("龙潭村.toml"), next).unwrap();
    let r = s.post("/api/folder", r#"{"period":"year","only":"rollup"}"#).json();
    let problems = r["problems"].to_string();
    assert!(problems.contains("数据表年度不一致") && problems.contains("2025 年") && problems.contains("2024 年") && problems.contains("请分年度汇总"), "{problems}");
    assert!(!r["files"].to_string().contains(".xlsx"), "{r}");
}

#[test]
fn a_gbk_sheet_opens_a_page_that_says_how_to_save_it_as_utf8() {
    let s = Served::start();
    // [unit]\narea = "青石镇" saved by Notepad as GBK.
    let mut gbk = b"[unit]\narea = \"".to_vec();
    gbk.extend_from_slice(b"\xc7\xe0\xca\xaf\xd5\xf2");
    gbk.extend_from_slice(b"\"\n");
    std::fs::write(s.path("旧表.toml"), &gbk).unwrap();
    let r = s.get(&format!("/edit?sheet={}", q("旧表.toml")));
    assert_eq!(r.status, 422);
    assert!(r.header("Content-Type").unwrap().starts_with("text/html"));
    let page = r.text();
    assert!(page.contains("不是 UTF-8 编码") && page.contains("另存为") && page.contains("选“UTF-8”") && page.contains("href=\"/\""), "{page}");
    assert_eq!(std::fs::read(s.path("旧表.toml")).unwrap(), gbk, "the file is left as it was");
    let list = s.get("/").text();
    let row = list.split("<tr data-sheet=\"旧表.toml\">").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("status error") && row.contains("UTF-8"), "{row}");
    assert!(!row.contains(&s.dir.path().display().to_string()), "a file path on the page: {row}");
    // Converted on request: the original kept byte for byte beside it, the sheet now UTF-8.
    assert!(page.contains("id=\"convert\""), "{page}");
    let r = s.post("/api/convert", r#"{"sheet":"旧表.toml"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["backup"], "旧表.toml.gbk原件");
    assert_eq!(std::fs::read(s.path("旧表.toml.gbk原件")).unwrap(), gbk);
    assert_eq!(std::fs::read_to_string(s.path("旧表.toml")).unwrap(), "[unit]\narea = \"青石镇\"\n");
    assert_eq!(s.post("/api/convert", r#"{"sheet":"旧表.toml"}"#).status, 409, "already UTF-8");
    assert_ne!(s.get(&format!("/edit?sheet={}", q("旧表.toml"))).status, 422);
    // Bytes that are not GBK either are left alone.
    std::fs::write(s.path("坏.toml"), b"\xff\xfe\xff").unwrap();
    assert_eq!(s.post("/api/convert", r#"{"sheet":"坏.toml"}"#).status, 422);
    assert_eq!(std::fs::read(s.path("坏.toml")).unwrap(), b"\xff\xfe\xff");
    assert!(!s.path("坏.toml.gbk原件").exists());
}
