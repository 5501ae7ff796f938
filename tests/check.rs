//! `zongjie check` through the real binary: the example sheets pass, the
//! corpora (clean and defective sentences) are judged right, findings are
//! located (inside multi-line strings too), the JSON has its shape, exit
//! codes follow the worst finding, `--fix` edits only what it reports and is
//! idempotent, and `render` runs the same checks (errors refuse the sheet).

mod common;
use common::*;

use serde_json::Value;

const HEAD: &str = "# 检查用数据表\n[unit]\nname = \"中共青石镇委员会\"\narea = \"青石镇\"\n\n[report]\nyear = 2024\ndate = { h1 = 2024-07-08, year = 2024-12-26 }\n";

/// Runs `check … --format json` and parses the array.
fn json(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&o)));
    // The sheets here have no problems or plans: the drafted-text notice
    // (tested in tests/writing.rs) is left out of what these tests compare.
    let found = v.as_array().cloned().unwrap_or_default().into_iter().filter(|f| f["rule"] != "drafted-text").collect();
    (o.status.code(), found)
}

fn rules(found: &[Value]) -> Vec<String> {
    found.iter().map(|f| f["rule"].as_str().unwrap_or("").to_string()).collect()
}

/// A TOML string for a corpus sentence (literal unless it holds a quote).
fn toml_str(s: &str) -> String {
    if s.contains('\'') { format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")) } else { format!("'{s}'") }
}

/// One sheet with every sentence as a point; returns it and each sentence's line.
fn corpus_sheet(dir: &std::path::Path, sentences: &[&str]) -> (std::path::PathBuf, Vec<usize>) {
    let mut s = format!("{HEAD}\n[[work]]\ntitle = \"语料\"\n");
    let mut lines = Vec::new();
    for t in sentences {
        s.push_str("\n[[work.points]]\n");
        lines.push(s.lines().count() + 1);
        s.push_str(&format!("text = {}\n", toml_str(t)));
    }
    (write(dir, "语料.toml", &s), lines)
}

fn corpus(name: &str) -> Vec<String> {
    std::fs::read_to_string(root().join("tests/lint_corpus").join(name))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_example_sheets_check_clean() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&root(), &["check", "data/"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // 龙潭村 is the figures-only example: its sections are honestly short
    // and no-practice says so; nothing else is found anywhere.
    let (code, found) = json(d.path(), &[root().join("data").to_str().unwrap()]);
    let others: Vec<&Value> = found.iter().filter(|f| !(f["rule"] == "no-practice" && f["file"].as_str().is_some_and(|p| p.ends_with("龙潭村.toml")))).collect();
    assert_eq!((code, others.len()), (Some(0), 0), "{others:?}");
    assert!(found.iter().any(|f| f["rule"] == "no-practice"), "{found:?}");
}

#[test]
fn clean_corpus_has_no_findings() {
    let d = tempfile::tempdir().unwrap();
    let sentences = corpus("clean.txt");
    assert!(sentences.len() >= 30);
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (sheet, _) = corpus_sheet(d.path(), &refs);
    let (code, found) = json(d.path(), &[sheet.to_str().unwrap()]);
    let shown: Vec<String> = found.iter().map(|f| format!("{}:{} {} {}", f["line"], f["column"], f["rule"], f["message"])).collect();
    assert!(found.is_empty(), "false positives:\n{}", shown.join("\n"));
    assert_eq!(code, Some(0));
}

#[test]
fn each_defective_sentence_is_caught_by_its_rule() {
    let d = tempfile::tempdir().unwrap();
    let entries = corpus("defective.txt");
    let parsed: Vec<(&str, &str)> = entries.iter().map(|l| l.split_once('\t').expect("rule<TAB>sentence")).collect();
    let (sheet, lines) = corpus_sheet(d.path(), &parsed.iter().map(|p| p.1).collect::<Vec<_>>());
    let (code, found) = json(d.path(), &[sheet.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let mut missed = Vec::new();
    for ((rule, sentence), line) in parsed.iter().zip(&lines) {
        assert!(zongjie::lint::Rule::from_id(rule).is_some(), "unknown rule {rule}");
        if !found.iter().any(|f| f["rule"] == *rule && f["line"] == *line) {
            missed.push(format!("{rule}: {sentence}"));
        }
    }
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

#[test]
fn findings_are_located_inside_multiline_strings() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!("{HEAD}\n[[work]]\ntitle = \"强化政治引领\"\ntext = \"\"\"\n镇党委认真学习，\n  在县委的的正确领导下推进工作。\"\"\"\n");
    write(d.path(), "多行.toml", &sheet);
    let (_, found) = json(d.path(), &["多行.toml"]);
    let f = found.iter().find(|f| f["rule"] == "doubled").expect("doubled found");
    // Line 14 is "  在县委的的正确领导下推进工作。"; 的的 starts at character 6.
    assert_eq!(sheet.lines().nth(13), Some("  在县委的的正确领导下推进工作。\"\"\""));
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(14), Some(6)), "{f}");
    assert_eq!(f["snippet"], "  在县委的的正确领导下推进工作。\"\"\"");
    assert_eq!(f["field"], "work[1].text");
    let o = run(d.path(), &["check", "多行.toml"]);
    let out = text(&o);
    assert!(out.contains("多行.toml:14:6：错误[doubled] “的的”重复"), "{out}");
    // Two spaces and three wide characters before the caret: 8 terminal columns.
    assert!(out.contains(&format!("\n     | {}^^^^\n", " ".repeat(8))), "caret under 的的: {out}");
}

#[test]
fn json_objects_have_the_documented_shape() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!("{HEAD}\n[figures]\ncommittee_meetings = [3, 6]\n\n[[work]]\ntitle = \"抓学习,促发展\"\ntext = \"XX镇召开会议。\"\n");
    write(d.path(), "形状.toml", &sheet);
    let (code, found) = json(d.path(), &["形状.toml"]);
    assert_eq!(code, Some(1));
    assert!(found.len() >= 3, "{found:?}");
    for f in &found {
        for key in ["rule", "severity", "file", "line", "column", "message", "snippet", "fix", "field", "period", "hint", "text"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(zongjie::lint::Rule::from_id(f["rule"].as_str().unwrap()).is_some());
        assert!(f["severity"] == "error" || f["severity"] == "warning");
        assert!(f["line"].is_u64() && f["column"].is_u64() && f["message"].is_string() && f["snippet"].is_string());
        assert!(f["fix"].is_null() || (f["fix"]["old"].is_string() && f["fix"]["new"].is_string()), "{f}");
        let rule = zongjie::lint::Rule::from_id(f["rule"].as_str().unwrap()).unwrap();
        assert!(f["fix"].is_null() || rule.fixable(), "only fixable rules offer fixes: {f}");
    }
    let comma = found.iter().find(|f| f["rule"] == "halfwidth-punct").unwrap();
    assert_eq!((comma["fix"]["old"].as_str(), comma["fix"]["new"].as_str()), (Some(","), Some("，")));
    assert!(found.iter().find(|f| f["rule"] == "placeholder").unwrap()["fix"].is_null());
    let sanhui = found.iter().find(|f| f["rule"] == "sanhui-yike" && f["period"] == "h1").unwrap();
    assert_eq!((sanhui["severity"].as_str(), sanhui["period"].as_str(), sanhui["line"].as_u64()), (Some("warning"), Some("h1"), Some(11)));
}

#[test]
fn exit_codes_follow_the_worst_finding() {
    let d = tempfile::tempdir().unwrap();
    let warn = write(d.path(), "警告.toml", &format!("{HEAD}\n[figures]\ntheme_days = [5, 6]\n"));
    let err = write(d.path(), "错误.toml", &format!("{HEAD}\n[[problems]]\ntext = \"存在xx问题。\"\n"));
    let broken = write(d.path(), "坏.toml", "[unit\n");
    let code = |args: &[&str]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        run(d.path(), &all).status.code()
    };
    assert_eq!(code(&[warn.to_str().unwrap()]), Some(0), "warnings only");
    assert_eq!(code(&[err.to_str().unwrap()]), Some(1));
    assert_eq!(code(&[broken.to_str().unwrap()]), Some(2));
    assert_eq!(code(&["不存在.toml"]), Some(2));
    assert_eq!(code(&[err.to_str().unwrap(), broken.to_str().unwrap()]), Some(2), "unreadable wins");
    let o = run(d.path(), &["check", broken.to_str().unwrap()]);
    assert!(text(&o).contains("坏.toml:1:1：表头“[unit”少了右方括号“]”"), "{}", text(&o));
    let (c, found) = json(d.path(), &[broken.to_str().unwrap()]);
    assert_eq!((c, found[0]["rule"].as_str()), (Some(2), Some("unreadable")));
    assert_eq!(code(&[warn.to_str().unwrap(), "--period", "q3"]), Some(2));
}

#[test]
fn fix_round_trip_edits_only_what_it_reports() {
    let d = tempfile::tempdir().unwrap();
    let original = format!(
        "{HEAD}\n# 注释：保持不动\n[[work]]\ntitle = \"坚持党建引领,推动发展\"   # 行尾注释\ntext = \"\"\"\n在镇党委的的正确领导下，\n  突出抓好突出抓好理论学习...\"\"\"\n\n[[work.points]]\ntext = '1、严格落实\"三会一课\"制度，村(社区)全覆盖。'\n\n[[problems]]\ntext = \"全镇共有党员XX名。\"\n"
    );
    let sheet = write(d.path(), "待修.toml", &original);
    let o = run(d.path(), &["check", "--fix", "待修.toml"]);
    let out = text(&o);
    assert!(out.contains("已修复 待修.toml:12:16：“,” → “，”（halfwidth-punct）"), "{out}");
    assert_eq!(o.status.code(), Some(1), "the placeholder remains an error: {out}");
    let expected = original
        .replace("坚持党建引领,推动发展", "坚持党建引领，推动发展")
        .replace("的的正确", "的正确")
        .replace("突出抓好突出抓好理论学习...", "突出抓好理论学习……")
        .replace("'1、严格落实\"三会一课\"制度，村(社区)全覆盖。'", "'1.严格落实“三会一课”制度，村（社区）全覆盖。'");
    let fixed = std::fs::read_to_string(&sheet).unwrap();
    assert_eq!(fixed, expected, "only the reported spans change; comments and layout stay");
    let (_, found) = json(d.path(), &["待修.toml"]);
    let left = rules(&found);
    for fixed_rule in ["halfwidth-punct", "doubled", "ellipsis", "list-comma"] {
        assert!(!left.iter().any(|r| r == fixed_rule), "{fixed_rule} still reported: {found:?}");
    }
    assert!(left.iter().any(|r| r == "placeholder"));
    // Idempotent: a second run changes nothing.
    let again = run(d.path(), &["check", "--fix", "待修.toml"]);
    assert!(!text(&again).contains("已修复"), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), expected);
    assert_eq!(listing(d.path()), ["待修.toml"], "no temporary file left");
}

#[test]
fn composed_findings_name_their_field_or_paragraph() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!("{HEAD}\n[[problems]]\ntitle = \"学习不够深入\"\ntext = \"个别党员理论学习流于形式。\"\n\n[[plans]]\ntitle = \"深化理论学习\"\ntext = \"个别党员理论学习流于形式。\"\n");
    write(d.path(), "重复.toml", &sheet);
    let (code, found) = json(d.path(), &["重复.toml"]);
    assert_eq!(code, Some(0), "repeats are warnings");
    let rep = found.iter().find(|f| f["rule"] == "repeated-sentence").expect("repeat found");
    assert_eq!((rep["field"].as_str(), rep["line"].as_u64()), (Some("plans[1].text"), Some(16)));
    assert!(rep["message"].as_str().unwrap().contains("problems[1].text"), "{rep}");
    // Text the templates write is checked too, and named by paragraph.
    let tpl = d.path().join("tpl/dangjian");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(tpl.join("opening.tera"), "今年以来，XX党委坚持党建引领。现将有关情况总结如下。").unwrap();
    let (_, found) = json(d.path(), &["重复.toml", "--templates", "tpl"]);
    let gen_ = found.iter().find(|f| f["rule"] == "placeholder").expect("placeholder in template text");
    assert_eq!((gen_["line"].as_u64(), gen_["field"].as_str()), (Some(0), Some("生成的文字（第1段）")), "{gen_}");
}

#[test]
fn figure_rules_point_at_the_value() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!(
        "{HEAD}\n[figures]\nbranches = 2\ncommittee_meetings = [12, 12]\nparty_lectures = [3, 4]\nnew_members = {{ value = [2, 2], last_year = 3 }}\nconfirmed_members = [1, 3]\ntrainings = [-1, 2]\nmembers = {{ h1 = 80, year = 800 }}\n"
    );
    write(d.path(), "数字.toml", &sheet);
    let (_, found) = json(d.path(), &["数字.toml", "--period", "year"]);
    let at = |rule: &str, needle: &str| found.iter().find(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(needle)).map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()));
    // 2 branches × 12 months = 24 支委会 a year: 24 given, fine; 党课 2 × 4 quarters = 8, 7 given.
    assert!(at("sanhui-yike", "支部委员会").is_none(), "{found:?}");
    assert_eq!(at("sanhui-yike", "党课"), Some((13, 18)));
    assert_eq!(at("figure-consistency", "转正4名"), Some((15, 21)));
    assert_eq!(at("figure-sanity", "负数"), Some((16, 14)));
    assert_eq!(at("figure-consistency", "变化过大"), Some((17, 29)));
    // A village (no branches figure) needs one per month: 6 in the half year is enough.
    write(d.path(), "村.toml", &format!("{HEAD}\n[figures]\ncommittee_meetings = [6, 5]\n").replace("青石镇\"", "石桥村\""));
    let (_, found) = json(d.path(), &["村.toml"]);
    assert_eq!(found.iter().filter(|f| f["rule"] == "sanhui-yike").map(|f| f["period"].as_str()).collect::<Vec<_>>(), [Some("year")], "{found:?}");
    // Absurd values are findings, not crashes.
    write(d.path(), "大.toml", &format!("{HEAD}\n[figures]\nbranches = 99999999999999\ntheme_days = [3, -5.5]\n"));
    let (code, found) = json(d.path(), &["大.toml"]);
    assert_eq!(code, Some(1), "{found:?}");
    assert!(found.iter().any(|f| f["rule"] == "sanhui-yike") && found.iter().any(|f| f["rule"] == "figure-sanity"));
}

#[test]
fn render_refuses_sheets_with_errors_unless_draft() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "表.toml", &format!("{HEAD}\n[[problems]]\ntext = \"存在xx问题。\"\n"));
    let o = run(d.path(), &["render", "表.toml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("错误[placeholder]") && text(&o).contains("表.toml:11:") && text(&o).contains("--draft"), "{}", text(&o));
    assert!(listing(&d.path().join("out")).is_empty());
    // --strict is the default now, still accepted.
    let o = run(d.path(), &["render", "表.toml", "-o", "严格", "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(listing(&d.path().join("严格")).is_empty());
    // --draft writes both versions, each named 草稿.
    let o = run(d.path(), &["render", "表.toml", "-o", "out", "--draft"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let files = listing(&d.path().join("out"));
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().all(|f| f.contains("（草稿）")), "{files:?}");
    // Warnings alone do not stop a sheet.
    write(d.path(), "警告.toml", &format!("{HEAD}\n[figures]\ntheme_days = [5, 6]\n"));
    let o = run(d.path(), &["render", "警告.toml", "-o", "严格"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(listing(&d.path().join("严格")).iter().all(|f| !f.contains("草稿")));
}

#[test]
fn a_byte_order_mark_does_not_shift_locations_or_fixes() {
    let d = tempfile::tempdir().unwrap();
    let body = format!("{HEAD}\n[[problems]]\ntext = \"学习不够,深入。\"\n");
    let sheet = d.path().join("记事本.toml");
    std::fs::write(&sheet, format!("\u{feff}{body}")).unwrap();
    let (_, found) = json(d.path(), &["记事本.toml"]);
    let f = found.iter().find(|f| f["rule"] == "halfwidth-punct").expect("found");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(11), Some(13)), "{f}");
    let o = run(d.path(), &["check", "--fix", "记事本.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&sheet).unwrap(), format!("\u{feff}{}", body.replace("不够,", "不够，")));
}

#[test]
fn village_sums_and_uncomposable_versions_are_reported() {
    let d = tempfile::tempdir().unwrap();
    for v in ["石桥村.toml", "龙潭村.toml"] {
        std::fs::copy(root().join("data").join(v), d.path().join(v)).unwrap();
    }
    // The villages give 6 + 6 主题党日 in the first half; the township states 13.
    let town = format!("{HEAD}villages = [\"石桥村.toml\", \"龙潭村.toml\"]\n\n[figures]\ntheme_days = [13, 12]\n");
    write(d.path(), "镇.toml", &town);
    let (code, found) = json(d.path(), &["镇.toml"]);
    assert_eq!(code, Some(0), "a note, not an error: {found:?}");
    let v = found.iter().find(|f| f["rule"] == "village-sum").expect("village-sum");
    assert_eq!((v["severity"].as_str(), v["line"].as_u64()), (Some("warning"), Some(12)), "{v}");
    let (_, found) = json(d.path(), &["镇.toml", "--period", "h1"]);
    let found: Vec<Value> = found.into_iter().filter(|f| f["rule"] != "no-practice").collect();
    assert_eq!(rules(&found), ["village-sum"]);

    // Only a first-half value (a July sheet): both versions means the 上半年
    // one, as in render; the full year alone cannot be written.
    write(d.path(), "半.toml", &format!("{HEAD}\n[figures]\ntheory_study = [6]\n\n[[work]]\ntitle = \"抓学习\"\ntext = \"{{上半年|全年}}学习{{theory_study}}次。\"\n"));
    let (code, found) = json(d.path(), &["半.toml"]);
    assert_eq!((code, found.len()), (Some(0), 0), "{found:?}");
    let (code, found) = json(d.path(), &["半.toml", "--period", "year"]);
    assert_eq!(code, Some(1));
    let c = found.iter().find(|f| f["rule"] == "compose").expect("compose");
    assert_eq!((c["period"].as_str(), c["line"].as_u64()), (Some("year"), Some(15)), "{c}");
    let (code, found) = json(d.path(), &["半.toml", "--period", "h1"]);
    assert_eq!((code, found.len()), (Some(0), 0), "{found:?}");
}

/// `# 不检查` comments: above an entry or after it, all rules or the ones
/// named, a multi-line string as one entry, figures too; the rest is still
/// reported, an unknown rule id is a finding, and `render` follows.
#[test]
fn no_check_comments_cover_their_entry_only() {
    let d = tempfile::tempdir().unwrap();
    let sheet = format!(
        "{HEAD}\n[figures]\nbranches = 2\nparty_lectures = [3, 4]   # 不检查：sanhui-yike\n\n[[work]]\ntitle = \"强化政治引领\"\n# 不检查：doubled\ntext = \"\"\"\n镇党委认真学习，\n  在县委的的正确领导下推进2019年的工作。\"\"\"\n\n[[work.points]]\ntext = \"存在xx问题的的。\"  # 不检查\n\n[[work.points]]\n# 不检查：placeholder、no-such-rule\ntext = \"还存在xx问题的的，需要改进。\"\n"
    );
    write(d.path(), "注释.toml", &sheet);
    let (code, found) = json(d.path(), &["注释.toml", "--period", "year"]);
    let line_of = |needle: &str| sheet.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    // (no-practice, of the generated sections, is not what this is about)
    let got: Vec<(String, u64)> = found.iter().filter(|f| f["rule"] != "no-practice").map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap())).collect();
    let last = line_of("no-such-rule") + 1;
    // Covered: 党课 (sanhui-yike), the multi-line 的的, the first point's xx
    // and 的的, the last point's xx. The multi-line text keeps its stray year (only doubled was named); the
    // point with a bare 不检查 is silent; the last point keeps its doubled.
    let mut want = vec![("stray-year".to_string(), line_of("2019年")), ("suppression".to_string(), line_of("no-such-rule")), ("doubled".to_string(), last)];
    want.sort();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(got_sorted, want, "{found:?}");
    assert_eq!(code, Some(1), "the last point's doubled is still an error");
    let o = run(d.path(), &["check", "注释.toml", "--period", "year"]);
    assert!(text(&o).contains("另有 5 个问题已按数据表中的“不检查”注释略去"), "{}", text(&o));
    // render: refused for the doubled that is left, accepted once it is covered too.
    let o = run(d.path(), &["render", "注释.toml", "-p", "year", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    write(d.path(), "注释.toml", &sheet.replace("placeholder、no-such-rule", "placeholder、doubled"));
    let o = run(d.path(), &["render", "注释.toml", "-p", "year", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("[doubled]") && !text(&o).contains("[placeholder]"), "{}", text(&o));
}
