//! `zongjie serve` over plain HTTP: the first line, the token, the Host and
//! Origin checks, the loopback bind, path escapes, body limits, and saves
//! (comments kept, conflicts refused). The real binary, a real socket.

mod serve_common;

use serve_common::{Served, q, request};

#[test]
fn first_line_has_the_whole_address() {
    let s = Served::start();
    assert!(s.first_line.contains(&format!("http://127.0.0.1:{}/?token={}", s.port, s.token)), "{}", s.first_line);
    assert_eq!(s.token.len(), 32);
    assert!(s.token.chars().all(|c| c.is_ascii_hexdigit()));
    let other = Served::start();
    assert_ne!(s.token, other.token, "the token is per run");
}

#[test]
fn every_request_needs_the_token() {
    let s = Served::start();
    let host = format!("127.0.0.1:{}", s.port);
    for path in ["/", "/assets/app.js", &format!("/edit?sheet={}", q("青石镇.toml")), "/download?file=x.txt"] {
        let r = request(s.port, "GET", path, &[("Host", &host)], b"");
        assert_eq!(r.status, 403, "{path}: {}", r.text());
        let wrong = format!("zongjie_token_{}={}", s.port, "0".repeat(32));
        let r = request(s.port, "GET", path, &[("Host", &host), ("Cookie", &wrong)], b"");
        assert_eq!(r.status, 403, "{path} with a wrong cookie");
    }
    let r = request(s.port, "POST", "/api/preview", &[("Host", &host)], r#"{"sheet":"青石镇.toml","fields":{}}"#.as_bytes());
    assert_eq!(r.status, 403);
    assert!(r.text().contains("口令"), "{}", r.text());
    // The token in the URL sets the cookie and drops the token from the address.
    let r = request(s.port, "GET", &format!("/?token={}", s.token), &[("Host", &host)], b"");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("Location"), Some("/"));
    let cookie = r.header("Set-Cookie").unwrap();
    assert!(cookie.starts_with(&s.cookie()) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("青石镇.toml") && r.text().contains("中共青石镇委员会"));
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let s = Served::start();
    let good_host = format!("127.0.0.1:{}", s.port);
    for host in [format!("evil.example:{}", s.port), "127.0.0.1".to_string(), format!("127.0.0.1:{}", s.port + 1), format!("localhost.evil.example:{}", s.port)] {
        let r = request(s.port, "GET", "/", &[("Host", &host), ("Cookie", &s.cookie())], b"");
        assert_eq!(r.status, 403, "Host {host}");
        let r = request(s.port, "GET", &format!("/?token={}", s.token), &[("Host", &host)], b"");
        assert_eq!(r.status, 403, "Host {host} with the token in the URL");
    }
    let r = request(s.port, "GET", "/", &[("Host", &format!("localhost:{}", s.port)), ("Cookie", &s.cookie())], b"");
    assert_eq!(r.status, 200);
    let body = r#"{"sheet":"青石镇.toml","version":"","fields":{}}"#.as_bytes();
    for origin in ["http://evil.example", "null", &format!("http://evil.example:{}", s.port)] {
        let r = request(s.port, "POST", "/api/save", &[("Host", &good_host), ("Origin", origin), ("Cookie", &s.cookie())], body);
        assert_eq!(r.status, 403, "Origin {origin}");
    }
}

#[test]
fn binds_the_loopback_address_only() {
    let s = Served::start();
    // The listening socket's local address, as the kernel reports it.
    let table = std::fs::read_to_string("/proc/net/tcp").expect("Linux /proc/net/tcp");
    let port = format!("{:04X}", s.port);
    let listening: Vec<&str> = table.lines().skip(1).filter(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.get(1).is_some_and(|a| a.ends_with(&format!(":{port}"))) && f.get(3) == Some(&"0A")
    }).collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(listening[0].split_whitespace().nth(1).unwrap().starts_with("0100007F:"), "not 127.0.0.1: {}", listening[0]);
    let v6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    assert!(!v6.lines().any(|l| l.split_whitespace().nth(1).is_some_and(|a| a.ends_with(&format!(":{port}")))), "also on IPv6");
}

#[test]
fn paths_cannot_leave_the_folder() {
    let s = Served::start();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), "[unit]\nname = \"机密\"\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), s.path("link.toml")).unwrap();
    for name in ["../secret.toml", "link.toml", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd", "sub/../../x.toml"] {
        let r = s.get(&format!("/edit?sheet={}", q(name)));
        assert_eq!(r.status, 403, "{name}: {}", r.text());
        assert!(!r.text().contains("机密"));
        let r = s.post("/api/preview", &format!(r#"{{"sheet":{},"fields":{{}}}}"#, serde_json::json!(name)));
        assert_eq!(r.status, 403, "{name}");
        let r = s.post("/api/save", &format!(r#"{{"sheet":{},"version":"","fields":{{}}}}"#, serde_json::json!(name)));
        assert_eq!(r.status, 403, "{name}");
        let r = s.get(&format!("/download?file={}", q(&format!("../{name}"))));
        assert!(r.status == 403 || r.status == 404, "{name}: {}", r.status);
    }
    let r = s.post("/api/create", r#"{"file":"../escaped.toml"}"#);
    assert_eq!(r.status, 403);
    assert!(!s.dir.path().parent().unwrap().join("escaped.toml").exists());
    // The list never shows the link's target.
    assert!(!s.get("/").text().contains("机密"));
}

#[test]
fn bodies_have_a_size_limit() {
    let s = Served::start();
    let big = format!(r#"{{"sheet":"青石镇.toml","fields":{{"unit.area":"{}"}}}}"#, "镇".repeat(1_000_000));
    let r = s.post("/api/preview", &big);
    assert_eq!(r.status, 413);
}

#[test]
fn saves_keep_comments_and_refuse_conflicts() {
    let s = Served::start();
    let before = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let page = s.get(&format!("/edit?sheet={}", q("青石镇.toml"))).text();
    let version = page.split("data-version=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    for name in ["unit.area", "figures.theory_study.h1", "figures.members.year", "work.0.points.1.text", "problems.2.title"] {
        assert!(page.contains(&format!("name=\"{name}\"")), "{name}");
    }
    let body = serde_json::json!({ "sheet": "青石镇.toml", "version": version, "fields": { "figures.members.year": "1201", "figures.theory_study.h1": "6" } });
    let r = s.post("/api/save", &body.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("members = { h1 = 1186, year = 1193, last_year = 1178 }", "members = { h1 = 1186, year = 1201, last_year = 1178 }")]);
    assert_eq!(before.lines().count(), after.lines().count());
    // The same (now old) version again: the file changed since, so it is refused and kept.
    let r = s.post("/api/save", &body.to_string().replace("1201", "1300"));
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), after);
    // A letter in a number: refused at its field, file untouched.
    let page = s.get(&format!("/edit?sheet={}", q("青石镇.toml"))).text();
    let version = page.split("data-version=\"").nth(1).unwrap().split('"').next().unwrap();
    let r = s.post("/api/save", &serde_json::json!({ "sheet": "青石镇.toml", "version": version, "fields": { "figures.members.year": "12O0" } }).to_string());
    assert_eq!(r.status, 422);
    let j = r.json();
    assert_eq!(j["refused"][0]["name"], "figures.members.year");
    assert!(j["refused"][0]["message"].as_str().unwrap().contains("不是数字"));
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), after);
}

#[test]
fn preview_follows_unsaved_edits() {
    let s = Served::start();
    let pv = |v: &str| s.post("/api/preview", &serde_json::json!({ "sheet": "青石镇.toml", "period": "year", "fields": { "figures.theory_study.h1": v } }).to_string()).json();
    let (a, b) = (pv("6"), pv("9"));
    // The page's text: the markup between the tags.
    let text = |j: &serde_json::Value| j["html"].as_str().unwrap().split('<').filter_map(|t| t.split_once('>').map(|(_, x)| x)).collect::<String>();
    assert!(a["html"].as_str().unwrap().contains("class=\"page\"") && a["pages"].as_u64().unwrap() >= 3);
    assert!(text(&a).contains("12次") && text(&b).contains("15次"), "{}", text(&b));
    let bad = pv("9次");
    assert_eq!(bad["refused"][0]["name"], "figures.theory_study.h1");
    // Nothing was written.
    assert!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap().contains("theory_study = [6, 6]"));
}

#[test]
fn list_items_are_added_moved_and_removed() {
    let s = Served::start();
    let version = |s: &Served| {
        let page = s.get(&format!("/edit?sheet={}", q("青石镇.toml"))).text();
        page.split("data-version=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    let before = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let op = |list: &str, op: &str, index: usize, v: &str| s.post("/api/list", &serde_json::json!({ "sheet": "青石镇.toml", "version": v, "list": list, "op": op, "index": index }).to_string());
    let v = version(&s);
    let r = op("problems", "down", 0, &v);
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let first = |t: &str, a: &str, b: &str| t.find(a).unwrap() < t.find(b).unwrap();
    assert!(first(&before, "理论学习与工作实际结合不够紧密", "村级党组织建设不够平衡"));
    assert!(first(&after, "村级党组织建设不够平衡", "理论学习与工作实际结合不够紧密"));
    assert_eq!(before.lines().count(), after.lines().count());
    // The old version is stale now.
    assert_eq!(op("problems", "up", 1, &v).status, 409);
    let r = op("work.0.points", "add", 0, &version(&s));
    assert_eq!(r.status, 200, "{}", r.text());
    let page = s.get(&format!("/edit?sheet={}", q("青石镇.toml"))).text();
    assert!(page.contains("name=\"work.0.points.3.text\""), "the new point has its field");
    let r = op("work.0.points", "remove", 3, &version(&s));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = op("problems", "up", 1, &version(&s));
    assert_eq!(r.status, 200);
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), before, "back where it started");
}

#[test]
fn the_whole_folder_is_rendered_and_rolled_up() {
    use calamine::Reader;
    let s = Served::start();
    let r = s.post("/api/folder", r#"{"period":"year"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    let files: Vec<&str> = j["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(files.iter().filter(|f| f.ends_with(".docx")).count(), 6, "{files:?}");
    let xlsx = files.iter().find(|f| f.ends_with(".xlsx")).expect("the roll-up");
    let r = s.get(&format!("/download?file={}", q(xlsx)));
    assert_eq!(r.status, 200);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(r.body)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    for unit in ["青石镇", "石桥村", "龙潭村"] {
        assert!(cells.iter().any(|c| c.contains(unit)), "{unit} missing from the roll-up");
    }
}

#[test]
fn preview_of_a_township_reads_its_villages() {
    let s = Served::start();
    let town = std::fs::read_to_string(s.path("青石镇.toml")).unwrap().replace("layout = \"classic\"", "layout = \"classic\"\nvillages = [\"石桥村.toml\", \"缺失村.toml\"]");
    std::fs::write(s.path("镇.toml"), town).unwrap();
    let pv = s.post("/api/preview", r#"{"sheet":"镇.toml","period":"year","fields":{}}"#).json();
    let notes = pv["notes"].to_string();
    assert!(notes.contains("缺失村.toml"), "{notes}");
    assert_eq!(pv["pages"], 0);
}

fn version_of(s: &Served, sheet: &str) -> (String, String) {
    let page = s.get(&format!("/edit?sheet={}", q(sheet))).text();
    let v = page.split("data-version=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    (v, page)
}

/// Lines of `after` not in `before`, and of `before` not in `after`.
fn diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let added = after.lines().filter(|l| !before.lines().any(|b| b == *l)).map(str::to_string).collect();
    let removed = before.lines().filter(|l| !after.lines().any(|a| a == *l)).map(str::to_string).collect();
    (added, removed)
}

#[test]
fn dates_tags_spirits_villages_and_labels_are_saved() {
    let s = Served::start();
    let before = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let (version, page) = version_of(&s, "青石镇.toml");
    for name in ["report.date.h1", "report.date.year", "report.spirit", "report.opening", "report.closing", "report.layout", "unit.level", "work.0.points.1.date", "work.0.points.2.when", "work.1.split", "plans.1.next", "figures.custom.household_visits.label", "figures.custom.tea_income.unit", "report.villages"] {
        assert!(page.contains(&format!("name=\"{name}\"")), "{name}");
    }
    // The township is offered the village sheets of its folder, none ticked yet.
    assert!(page.contains("name=\"report.villages\" value=\"石桥村.toml\">") && page.contains("name=\"report.villages\" value=\"龙潭村.toml\">"), "villages");
    assert!(page.contains("<option value=\"h2\" selected>"), "when = \"h2\" is shown");
    let fields = serde_json::json!({
        "report.date.h1": "2024年7月10日",
        "report.date.year": "2024-12-26",
        "report.spirit": "党的二十大精神\n二十届三中全会精神",
        "report.closing": "结尾由我们自己写。",
        "work.0.points.2.when": "",
        "work.0.points.0.date": "2024-3-5",
        "plans.1.next": "year",
        "figures.custom.household_visits.label": "入户走访群众",
        "report.villages": "石桥村.toml\n龙潭村.toml",
    });
    let r = s.post("/api/save", &serde_json::json!({ "sheet": "青石镇.toml", "version": version, "fields": fields }).to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let after = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let (mut added, mut removed) = diff(&before, &after);
    added.sort();
    removed.sort();
    let mut want_added = vec![
        "date = { h1 = 2024-07-10, year = 2024-12-26 }",
        "spirit = [\"党的二十大精神\", \"二十届三中全会精神\"]",
        "closing = \"结尾由我们自己写。\"",
        "villages = [\"石桥村.toml\", \"龙潭村.toml\"]",
        "date = 2024-03-05",
        "label = \"入户走访群众\"",
    ];
    want_added.sort();
    let mut want_removed = vec!["date = { h1 = 2024-07-08, year = 2024-12-26 }", "label = \"入户走访\"", "next = \"h2\""];
    want_removed.sort();
    assert_eq!((added, removed), (want_added.iter().map(|s| s.to_string()).collect(), want_removed.iter().map(|s| s.to_string()).collect()));
    // Tags: one `when = "h2"` fewer, the one `next = "h2"` became "year"; every comment kept.
    assert_eq!(after.matches("when = \"h2\"").count() + 1, before.matches("when = \"h2\"").count());
    assert_eq!(after.matches("next = \"h2\"").count() + 1, before.matches("next = \"h2\"").count());
    let comments = |t: &str| t.lines().filter(|l| l.trim_start().starts_with('#')).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(comments(&after), comments(&before));
    // Saved values come back in the form.
    let (_, page) = version_of(&s, "青石镇.toml");
    assert!(page.contains("name=\"report.date.h1\" value=\"2024-07-10\"") && page.contains("value=\"石桥村.toml\" checked>"), "reloaded");
    // Bad values: refused at their fields, nothing written.
    let (version, _) = version_of(&s, "青石镇.toml");
    let bad = serde_json::json!({ "report.date.year": "2024-13-40", "plans.0.next": "后年" });
    let r = s.post("/api/save", &serde_json::json!({ "sheet": "青石镇.toml", "version": version, "fields": bad }).to_string());
    assert_eq!(r.status, 422);
    let names: Vec<String> = r.json()["refused"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["plans.0.next", "report.date.year"]);
    assert!(r.text().contains("不是有效日期"));
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), after);
}

#[test]
fn work_blocks_move_and_come_back_byte_for_byte() {
    let s = Served::start();
    let before = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let op = |op: &str, index: usize| {
        let (v, _) = version_of(&s, "青石镇.toml");
        s.post("/api/list", &serde_json::json!({ "sheet": "青石镇.toml", "version": v, "list": "work", "op": op, "index": index }).to_string())
    };
    let r = op("down", 0);
    assert_eq!(r.status, 200, "{}", r.text());
    let moved = std::fs::read_to_string(s.path("青石镇.toml")).unwrap();
    let at = |t: &str, x: &str| t.find(x).unwrap();
    // The whole second block, points and all, now comes first.
    assert!(at(&moved, "夯实组织基础") < at(&moved, "强化政治引领"));
    assert!(at(&moved, "整顿后进支部") < at(&moved, "强化政治引领") && at(&moved, "深化党纪学习教育") < at(&moved, "加强队伍建设"));
    assert_eq!(moved.lines().count(), before.lines().count());
    let (_, page) = version_of(&s, "青石镇.toml");
    assert!(page.contains("name=\"work.0.title\" value=\"夯实组织基础，提升支部建设质量\""));
    let pv = s.post("/api/preview", r#"{"sheet":"青石镇.toml","period":"year","fields":{}}"#).json();
    assert!(pv["pages"].as_u64().unwrap() >= 3, "{pv}");
    let r = op("up", 1);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(std::fs::read_to_string(s.path("青石镇.toml")).unwrap(), before);
}

#[test]
fn custom_figures_are_added_filled_and_removed() {
    let s = Served::start();
    let before = std::fs::read_to_string(s.path("石桥村.toml")).unwrap();
    let (v, page) = version_of(&s, "石桥村.toml");
    assert!(!page.contains("name=\"report.villages\""), "a village sums no villages");
    let add = serde_json::json!({ "sheet": "石桥村.toml", "version": v, "op": "add", "label": "志愿服务", "unit": "次", "kind": "flow" });
    let r = s.post("/api/custom", &add.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let (v, page) = version_of(&s, "石桥村.toml");
    assert!(page.contains("name=\"figures.custom.志愿服务.h2\"") && page.contains("name=\"figures.custom.志愿服务.label\" value=\"志愿服务\""), "the new figure's inputs");
    // Twice: refused, nothing written.
    let mut again = add.clone();
    again["version"] = serde_json::json!(v);
    let again = s.post("/api/custom", &again.to_string());
    assert_eq!(again.status, 422);
    let fields = serde_json::json!({ "figures.custom.志愿服务.h1": "12", "figures.custom.志愿服务.h2": "15" });
    let r = s.post("/api/save", &serde_json::json!({ "sheet": "石桥村.toml", "version": v, "fields": fields }).to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let filled = std::fs::read_to_string(s.path("石桥村.toml")).unwrap();
    assert!(filled.contains("label = \"志愿服务\"\nunit = \"次\"\nkind = \"flow\"\nvalue = [12, 15]\n"), "{filled}");
    assert!(filled.starts_with(&before[..before.find("[figures]").unwrap()]));
    let (v, _) = version_of(&s, "石桥村.toml");
    let r = s.post("/api/custom", &serde_json::json!({ "sheet": "石桥村.toml", "version": v, "op": "remove", "key": "志愿服务" }).to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(std::fs::read_to_string(s.path("石桥村.toml")).unwrap(), before);
}

#[test]
fn the_list_follows_changed_files() {
    let s = Served::start();
    let town = std::fs::read_to_string(s.path("青石镇.toml")).unwrap().replace("layout = \"classic\"", "layout = \"classic\"\nvillages = [\"新村.toml\"]");
    std::fs::write(s.path("镇.toml"), town).unwrap();
    let row = |name: &str| {
        let page = s.get("/").text();
        let at = page.find(&format!("<tr data-sheet=\"{name}\">")).unwrap_or_else(|| panic!("{name} not listed"));
        page[at..].split("</tr>").next().unwrap().to_string()
    };
    assert!(row("镇.toml").contains("status error"), "a village is missing");
    let ok = row("石桥村.toml");
    assert_eq!(row("石桥村.toml"), ok, "the same again");
    // The village appears: the township's row is made again.
    std::fs::copy(s.path("石桥村.toml"), s.path("新村.toml")).unwrap();
    let r = row("镇.toml");
    assert!(!r.contains("无法读取"), "{r}");
    // A sheet broken on disk shows at once, and mended again.
    let text = std::fs::read_to_string(s.path("石桥村.toml")).unwrap();
    std::fs::write(s.path("石桥村.toml"), text.replacen("[unit]", "[unit]\nsecret = 1", 1)).unwrap();
    assert!(row("石桥村.toml").contains("无法读取"));
    std::fs::write(s.path("石桥村.toml"), &text).unwrap();
    assert_eq!(row("石桥村.toml"), ok);
}
