//! `zongjie check 报告.docx --annotate` through the real binary: the copy
//! holds one comment per finding and one tracked change per safe fix, the
//! original is untouched, openxml-audit finds nothing, and LibreOffice
//! (headless) reads the comments and changes back. Needs openxml-audit and
//! soffice (`.ci/run` installs them).

mod common;
use common::*;

use std::io::Read;
use std::path::Path;
use std::process::Command;

fn part(docx: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// openxml-audit's JSON for one file (its exit code is not success when it finds problems).
fn openxml_audit(file: &Path) -> String {
    let f = file.to_str().unwrap();
    let o = Command::new("openxml-audit").args(["-o", "json", f]).output().or_else(|_| Command::new("python3").args(["-m", "openxml_audit", "-o", "json", f]).output()).expect("openxml-audit (pip install openxml-audit==0.8.0)");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("\"error_count\""), "openxml-audit did not run: {out}{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// The error and warning counts of an audit.
fn counts(audit: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(audit).unwrap();
    (v[0]["error_count"].to_string(), v[0]["warning_count"].to_string())
}

/// Annotates `word` in `dir`; returns (copy, JSON findings).
fn annotate(dir: &Path, word: &str) -> (std::path::PathBuf, Vec<serde_json::Value>) {
    let o = run(dir, &["check", word, "--annotate", "-o", "批注", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("已写出批注副本"), "{}", text(&o));
    let found: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let stem = Path::new(word).file_stem().unwrap().to_string_lossy().into_owned();
    (dir.join("批注").join(format!("{stem}（批注）.docx")), found)
}

#[test]
fn our_own_word_file_gets_comments_and_revisions() {
    let dir = tempfile::tempdir().unwrap();
    let report = report_corpus("clean_town_h1.txt").replace("开展集中学习8次", "开展集中学习 8 次，达到一阵见血的效果").replace("投入资金36万元", "扎实开展扫黑除恶专项斗争，投入资金36万元");
    write(dir.path(), "r.txt", &report);
    // The planted defects are checker errors: render refuses such a report unless --draft.
    assert!(run(dir.path(), &["render", "r.txt", "-f", "docx", "-o", "word", "-q", "--draft"]).status.success());
    let word = std::fs::read_dir(dir.path().join("word")).unwrap().flatten().next().unwrap().path();
    std::fs::rename(&word, dir.path().join("报告.docx")).unwrap();
    let before = std::fs::read(dir.path().join("报告.docx")).unwrap();
    let (copy, found) = annotate(dir.path(), "报告.docx");
    assert_eq!(std::fs::read(dir.path().join("报告.docx")).unwrap(), before, "the original is not modified");
    let fixes = found.iter().filter(|f| !f["fix"].is_null()).count();
    assert_eq!((found.len(), fixes), (4, 3), "{found:#?}");
    let comments = part(&copy, "word/comments.xml");
    let document = part(&copy, "word/document.xml");
    assert_eq!(comments.matches("<w:comment ").count(), found.len());
    assert_eq!(document.matches("<w:commentReference ").count(), found.len());
    assert_eq!(document.matches("<w:del ").count(), fixes);
    assert_eq!(document.matches("<w:ins ").count(), 1, "only 一针见血 inserts; the spaces are only deleted");
    assert!(document.contains("<w:delText xml:space=\"preserve\">一阵见血</w:delText>"));
    assert!(comments.contains("stale-term"));
    let audit = openxml_audit(&copy);
    assert!(audit.contains("\"error_count\": 0") && audit.contains("\"warning_count\": 0"), "{audit}");
    // LibreOffice reads them back: one annotation per comment, one changed region per deletion or insertion.
    let o = Command::new("soffice").args(["--headless", "--convert-to", "odt", "--outdir"]).arg(dir.path()).arg(&copy).output().expect("soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let odt = dir.path().join(copy.with_extension("odt").file_name().unwrap());
    let content = part(&odt, "content.xml");
    assert_eq!(content.matches("<office:annotation ").count() + content.matches("<office:annotation>").count(), found.len());
    assert_eq!(content.matches("<text:changed-region").count(), fixes + 1);
}

#[test]
fn split_runs_and_paragraph_level_findings() {
    let dir = tempfile::tempdir().unwrap();
    // No 落款 (a paragraph-level finding) and a term split across Word's runs.
    let report = report_corpus("clean_village_year.txt").replace("中共绿水村支部委员会\n2024年1月10日\n", "").replace("建立流动党员联系台账", "建立流动党员联系台帐");
    let paras: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
    std::fs::write(dir.path().join("村.docx"), docx(&paras, 0, "")).unwrap();
    let (copy, found) = annotate(dir.path(), "村.docx");
    assert!(found.iter().any(|f| f["rule"] == "structure"), "{found:#?}");
    assert!(found.iter().any(|f| f["rule"] == "fixed-term"), "{found:#?}");
    let comments = part(&copy, "word/comments.xml");
    let document = part(&copy, "word/document.xml");
    assert_eq!(comments.matches("<w:comment ").count(), found.len());
    assert_eq!(document.matches("<w:commentRangeStart ").count(), found.len());
    assert_eq!(document.matches("<w:commentRangeEnd ").count(), found.len());
    // The synthetic original has no styles part (an audit finding of its own); the copy adds none.
    assert_eq!(counts(&openxml_audit(&copy)), counts(&openxml_audit(&dir.path().join("村.docx"))));
    // Read back by our own reader (deletions dropped, insertions kept): only the revised findings are gone.
    let o = run(dir.path(), &["check", copy.to_str().unwrap(), "--format", "json"]);
    let again: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let revised = document.matches("<w:del ").count();
    assert_eq!(again.len(), found.len() - revised, "the copy reads as the original with its revisions accepted");
}

#[test]
fn text_reports_are_not_annotated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", &report_corpus("clean_town_h1.txt").replace("台账", "台帐"));
    let o = run(dir.path(), &["check", "r.txt", "--annotate"]);
    assert!(text(&o).contains("只用于 Word 报告"), "{}", text(&o));
}
