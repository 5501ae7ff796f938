//! `zongjie check` on reports people already have (.txt and .docx), through
//! the real binary: a defect corpus planted into clean reports of our own
//! (tests/report_corpus) is caught family by family, the clean reports draw
//! no error, Word files are read as Word shows them (runs split mid-word,
//! bookmarks, fields, tables, text boxes) and located by paragraph, and the
//! odd inputs (.doc, mixed folders, overrides, --fix) behave.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn check_json(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&o)));
    (o.status.code(), v.as_array().cloned().unwrap_or_default())
}

const TABLE: &str = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标 , 数值</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
const TEXT_BOX: &str = "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>一阵见血</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent></w:r></w:p>";

#[test]
fn planted_defects_are_found_per_family() {
    let dir = tempfile::tempdir().unwrap();
    let catalogue = report_corpus("defects.tsv");
    let mut planted = Vec::new();
    for (i, line) in catalogue.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() == 5, "defects.tsv line needs 5 fields: {line}");
        let (family, rule, base, find, replace) = (f[0], f[1], f[2], f[3].replace("\\n", "\n"), f[4].replace("\\n", "\n"));
        let clean = report_corpus(&format!("clean_{base}.txt"));
        assert_eq!(clean.matches(&find).count(), 1, "“{find}” must occur once in clean_{base}.txt");
        let name = format!("d{i:02}.txt");
        write(dir.path(), &name, &clean.replacen(&find, &replace, 1));
        planted.push((name, family.to_string(), rule.to_string()));
    }
    let (code, found) = check_json(dir.path(), &["."]);
    assert_eq!(code, Some(1));
    let mut by_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    for (name, family, rule) in &planted {
        let hit = found.iter().any(|f| f["file"].as_str().is_some_and(|p| p.ends_with(name.as_str())) && f["rule"] == rule.as_str());
        let e = by_family.entry(family.clone()).or_default();
        e.0 += usize::from(hit);
        e.1 += 1;
        if !hit {
            missed.push(format!("{name} {rule}"));
        }
    }
    for (family, (hit, all)) in &by_family {
        eprintln!("{family}: {hit}/{all}");
        assert!(*hit * 10 >= *all * 9, "recall of {family} below 90%: {hit}/{all}; missed {missed:?}");
    }
    assert_eq!(by_family.len(), 6, "every family is planted");
}

#[test]
fn clean_reports_draw_no_error_and_few_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for base in ["town_h1", "village_year", "street_year"] {
        let text = report_corpus(&format!("clean_{base}.txt"));
        let txt = write(dir.path(), &format!("{base}.txt"), &text);
        let paras: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let word = dir.path().join(format!("{base}.docx"));
        std::fs::write(&word, docx(&paras, 3, &format!("{TABLE}{TEXT_BOX}"))).unwrap();
        for file in [txt, word] {
            let (code, found) = check_json(dir.path(), &[file.to_str().unwrap()]);
            let errors: Vec<&Value> = found.iter().filter(|f| f["severity"] == "error").collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
            assert!(found.len() <= 2, "{}: {found:#?}", file.display());
            assert_eq!(code, Some(0));
        }
    }
}

#[test]
fn word_findings_name_their_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let report = report_corpus("clean_town_h1.txt").replace("开展集中学习8次", "开展集中学习 8 次，达到一阵见血的效果");
    let paras: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
    let n = paras.iter().position(|p| p.contains("一阵见血")).unwrap() + 1;
    // An empty paragraph and a table before it still count; the text box adds a paragraph too.
    let bytes = docx(&paras, 2, &format!("<w:p/>{TABLE}{TEXT_BOX}"));
    let word = dir.path().join("报告.docx");
    std::fs::write(&word, bytes).unwrap();
    let (code, found) = check_json(dir.path(), &["报告.docx"]);
    assert_eq!(code, Some(1));
    let term = found.iter().find(|f| f["rule"] == "fixed-term").expect("fixed-term found");
    // Paragraphs 1–2, then the empty one, the table's, the text box's: three more.
    assert_eq!(term["paragraph"], n + 3, "{term:#}");
    assert!(term["line"].is_null());
    assert!(term["snippet"].as_str().unwrap().contains("一阵见血"));
    assert_eq!(term["fix"]["new"], "一针见血");
    assert_eq!(found.iter().filter(|f| f["text"] == "一阵见血").count(), 1, "the text box is not read");
    assert!(found.iter().any(|f| f["rule"] == "stray-space"), "runs split mid-word are joined, spaces kept: {found:#?}");
    assert!(!found.iter().any(|f| f["rule"] == "halfwidth-punct"), "the table is not checked as prose");
    let o = run(dir.path(), &["check", "报告.docx"]);
    assert!(text(&o).contains(&format!("报告.docx:第{}段", n + 3)), "{}", text(&o));
    // --fix leaves Word files alone and says so.
    let before = std::fs::read(&word).unwrap();
    let o = run(dir.path(), &["check", "--fix", "报告.docx"]);
    assert!(text(&o).contains("不改写 Word 文件"), "{}", text(&o));
    assert_eq!(std::fs::read(&word).unwrap(), before);
}

#[test]
fn old_and_broken_files_get_one_message() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "旧.doc", "whatever");
    let o = run(dir.path(), &["check", "旧.doc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("另存为") && text(&o).contains("旧.doc"), "{}", text(&o));
    write(dir.path(), "坏.docx", "not a zip");
    let o = run(dir.path(), &["check", "坏.docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是有效的 Word 文件"), "{}", text(&o));
    std::fs::write(dir.path().join("gbk.txt"), b"\xb5\xb3\xbd\xa8").unwrap();
    let o = run(dir.path(), &["check", "gbk.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("UTF-8"), "{}", text(&o));
}

#[test]
fn a_folder_mixes_sheets_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("data/青石镇.toml"), dir.path().join("青石镇.toml")).unwrap();
    write(dir.path(), "村报告.txt", &report_corpus("clean_village_year.txt"));
    let o = run(dir.path(), &["check", "."]);
    assert!(text(&o).contains("1 张数据表、1 份报告"), "{}", text(&o));
}

#[test]
fn year_and_period_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", &report_corpus("clean_town_h1.txt"));
    let (code, found) = check_json(dir.path(), &["r.txt", "--period", "year"]);
    assert_eq!(code, Some(1));
    assert!(found.iter().any(|f| f["rule"] == "structure" && f["message"].as_str().unwrap().contains("标题中却是“上半年”")), "{found:#?}");
    let (_, found) = check_json(dir.path(), &["r.txt", "--year", "2027"]);
    assert!(found.iter().any(|f| f["rule"] == "stray-year" || f["rule"] == "structure"), "{found:#?}");
}

#[test]
fn fix_rewrites_a_text_report() {
    let dir = tempfile::tempdir().unwrap();
    let text0 = report_corpus("clean_village_year.txt").replace("发展党员2名", "发展党员 2 名").replace("台账", "台帐");
    write(dir.path(), "r.txt", &text0);
    let o = run(dir.path(), &["check", "--fix", "r.txt"]);
    assert!(text(&o).contains("已修复"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("r.txt")).unwrap(), report_corpus("clean_village_year.txt"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Issue 14's "duplicate reports": a short field (unit.short 镇党委) used to
/// claim its first match inside a point's paragraph, leaving the point
/// unclaimed, so the point's finding came again as "生成的文字".
#[test]
fn a_short_field_does_not_steal_a_point_from_its_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "[unit]\nname = \"中共青石镇委员会\"\nshort = \"镇党委\"\narea = \"青石镇\"\n\n[report]\nyear = 2024\ndate = { h1 = 2024-07-08, year = 2024-12-26 }\nopening = \"今年以来，全镇扎实推进党建工作。\"\n\n[figures]\ntheory_study = [6, 6]\n\n[[work]]\ntitle = \"强化政治引领\"\nauto = [\"theory_study\"]\n\n[[work.points]]\ntitle = \"抓实理论武装\"\ntext = \"镇党委召开会议,部署工作。\"\n\n[[problems]]\ntext = \"学习不够深入。\"\n\n[[plans]]\ntext = \"持续深化理论武装。\"\n";
    write(dir.path(), "表.toml", sheet);
    let o = run(dir.path(), &["check", "表.toml", "--period", "h1", "--format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let commas: Vec<&serde_json::Value> = found.iter().filter(|f| f["rule"] == "halfwidth-punct").collect();
    assert_eq!(commas.len(), 1, "{commas:#?}");
    assert_eq!(commas[0]["field"], "work[1].points[1].text");
}

/// What zongjie itself writes (indented .txt, .docx) passes its own report check.
#[test]
fn our_own_reports_pass() {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("data");
    let o = run(dir.path(), &["render", data.to_str().unwrap(), "-f", "txt,docx", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(dir.path(), &["check", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("16 份报告，未发现问题"), "{}", text(&o));
}
