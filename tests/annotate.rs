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
    // A revised finding's range reads differently with its revision accepted (one w:del per piece it spans).
    let revised = ranges(&document).iter().filter(|(_, old, new)| old != new).count();
    assert!(revised > 0);
    assert_eq!(again.len(), found.len() - revised, "the copy reads as the original with its revisions accepted");
}

#[test]
fn text_reports_are_not_annotated() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", &report_corpus("clean_town_h1.txt").replace("台账", "台帐"));
    let o = run(dir.path(), &["check", "r.txt", "--annotate"]);
    assert!(text(&o).contains("只用于 Word 报告"), "{}", text(&o));
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const FONT: &str = r#"<w:rFonts w:eastAsia="仿宋_GB2312"/>"#;

/// One run with properties `rpr` (inside w:rPr) and `text` (`\t` as w:tab).
fn r(rpr: &str, text: &str) -> String {
    let mut inner = String::new();
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            inner.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            inner.push_str(&format!("<w:t xml:space=\"preserve\">{part}</w:t>"));
        }
    }
    format!("<w:r><w:rPr>{FONT}{rpr}</w:rPr>{inner}</w:r>")
}

/// The body of clean_village_year.txt as Word might save it after editing:
/// 主题当日 over 3 runs (bold middle, bookmark and proofing marks between),
/// 台帐 over 2 runs (the first also holding a tab) and 按步就班 in the second,
/// 党风连政 with 连 a field's result, 战斗保垒 around a symbol.
fn edited_village() -> String {
    let report = report_corpus("clean_village_year.txt");
    let mut body = String::new();
    for l in report.lines().filter(|l| !l.trim().is_empty()) {
        let runs = if let Some((a, rest)) = l.split_once("主题党日") {
            [r("", &format!("{a}主题")), "<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"1\" w:name=\"m\"/>".into(), r("<w:b/>", "当"), "<w:bookmarkEnd w:id=\"1\"/><w:proofErr w:type=\"spellEnd\"/>".into(), r("<w:color w:val=\"C00000\"/>", &format!("日{rest}"))].concat()
        } else if let Some((a, rest)) = l.split_once("三是加强党员管理。建立流动党员联系台账") {
            let rest = rest.replace("确保", "杜绝按步就班，确保");
            [r("", &a.replace("三会一课", "三会一可")), r("<w:i/>", "三是加强党员管理。\t建立流动党员联系台"), r("<w:u w:val=\"single\"/>", &format!("帐{rest}"))].concat()
        } else if l.starts_with("认真落实“四议两公开”") {
            let field = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> QUOTE \"连\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>连</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
            [r("", &format!("{l}持续加强党风")), field.into(), r("", "政建设。")].concat()
        } else if let Some((a, rest)) = l.split_once("活动16次。") {
            [r("", &format!("{a}活动16次，充分发挥党支部战斗")), "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>".into(), r("", &format!("保垒作用。{rest}"))].concat()
        } else {
            r("", l)
        };
        body.push_str(&format!("<w:p>{runs}</w:p>"));
    }
    body
}

/// The package `docx` with the paragraphs of its body replaced by `body` (its section properties kept).
fn with_body(docx: &Path, body: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).unwrap();
            let (open, close) = (xml.find("<w:body>").unwrap() + "<w:body>".len(), xml.rfind("<w:sectPr").unwrap());
            data = format!("{}{body}{}", &xml[..open], &xml[close..]).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    w.finish().unwrap();
    buf.into_inner()
}

/// Each body paragraph's shown characters with the properties of their run,
/// revisions accepted: `w:t` of runs (those in `w:ins` too) read, `w:del`
/// holds only `w:delText` and is dropped, field codes are `w:instrText`.
fn accepted(document: &str) -> Vec<Vec<(char, String)>> {
    let doc = roxmltree::Document::parse(document).unwrap();
    let is = |n: &roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W);
    doc.descendants().filter(|n| is(n, "p")).map(|p| {
        p.descendants().filter(|n| (is(n, "t") || is(n, "tab")) && !n.ancestors().any(|a| is(&a, "del"))).flat_map(|n| {
            let run = n.parent().unwrap();
            let rpr = run.children().find(|c| is(c, "rPr")).map_or("", |c| &document[c.range()]).to_string();
            let text = if is(&n, "tab") { "\t".to_string() } else { n.text().unwrap_or_default().to_string() };
            text.chars().map(move |c| (c, rpr.clone())).collect::<Vec<_>>()
        }).collect()
    }).collect()
}

/// Each comment range of document.xml: (id, text as written with deletions, text accepted).
fn ranges(document: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(document).unwrap();
    let is = |n: &roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W);
    let mut open: Vec<(String, String, String)> = Vec::new();
    let mut out = Vec::new();
    for n in doc.descendants() {
        if is(&n, "commentRangeStart") {
            open.push((n.attribute((W, "id")).unwrap().to_string(), String::new(), String::new()));
        } else if is(&n, "commentRangeEnd") {
            let i = open.iter().position(|o| o.0 == n.attribute((W, "id")).unwrap()).unwrap();
            out.push(open.remove(i));
        } else if is(&n, "t") || is(&n, "delText") || is(&n, "tab") {
            let s = if is(&n, "tab") { "\t" } else { n.text().unwrap_or_default() };
            for o in &mut open {
                if !n.ancestors().any(|a| is(&a, "ins")) {
                    o.1.push_str(s);
                }
                if !is(&n, "delText") {
                    o.2.push_str(s);
                }
            }
        }
    }
    out
}

/// The comments of comments.xml by id.
fn comment_texts(comments: &str) -> std::collections::HashMap<String, String> {
    let doc = roxmltree::Document::parse(comments).unwrap();
    doc.descendants().filter(|n| n.tag_name().name() == "comment").map(|c| (c.attribute((W, "id")).unwrap().to_string(), c.descendants().filter_map(|t| t.text()).collect())).collect()
}

#[test]
fn findings_split_over_runs_are_anchored_on_their_text_and_fixed_as_revisions() {
    let dir = tempfile::tempdir().unwrap();
    // Our own rendering of the clean report is a complete package (styles, fonts, theme) that
    // openxml-audit passes; its body is replaced by the edited one.
    write(dir.path(), "r.txt", &report_corpus("clean_village_year.txt"));
    assert!(run(dir.path(), &["render", "r.txt", "-f", "docx", "-o", "word", "-q"]).status.success());
    let rendered = std::fs::read_dir(dir.path().join("word")).unwrap().flatten().next().unwrap().path();
    let original = dir.path().join("村.docx");
    std::fs::write(&original, with_body(&rendered, &edited_village())).unwrap();
    let audit = openxml_audit(&original);
    assert_eq!(counts(&audit), ("0".into(), "0".into()), "the fixture itself is clean: {audit}");
    let (copy, found) = annotate(dir.path(), "村.docx");
    let document = part(&copy, "word/document.xml");
    let comments = comment_texts(&part(&copy, "word/comments.xml"));
    let ranges = ranges(&document);
    assert_eq!((comments.len(), ranges.len()), (found.len(), found.len()), "{found:#?}");
    let before = accepted(&part(&original, "word/document.xml"));
    let mut expected = before.clone();
    let whole_paragraph = |id: &str| comments[id].contains("批注标在整段上");
    let mut exact = 0;
    // Findings back to front, so each fix leaves the columns of earlier ones in place.
    let mut sorted: Vec<&serde_json::Value> = found.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse((f["paragraph"].as_u64(), f["column"].as_u64())));
    for f in sorted {
        let text = f["text"].as_str().unwrap();
        let message = f["message"].as_str().unwrap();
        let (id, old, new) = ranges.iter().find(|(id, old, _)| comments[id].contains(message) && (old == text || whole_paragraph(id))).unwrap_or_else(|| panic!("no comment for {f:#?}"));
        if whole_paragraph(id) {
            continue;
        }
        exact += 1;
        assert_eq!(old, text, "the comment range holds exactly the finding's text");
        let para = &mut expected[f["paragraph"].as_u64().unwrap() as usize - 1];
        let c0 = f["column"].as_u64().unwrap() as usize - 1;
        if let Some(fix) = f["fix"]["new"].as_str() {
            assert_eq!(new, fix, "accepting the revision gives the fix");
            let rpr = para[c0].1.clone();
            para.splice(c0..c0 + text.chars().count(), fix.chars().map(|c| (c, rpr.clone())));
        }
    }
    let after = accepted(&document);
    let shown = |v: &Vec<Vec<(char, String)>>| v.iter().map(|p| p.iter().map(|c| c.0).collect::<String>()).collect::<Vec<_>>().join("\n");
    assert_eq!(shown(&after), shown(&expected), "all changes accepted: the fixed text");
    assert_eq!(after, expected, "every character keeps its run's properties; inserted text takes the first piece's");
    // The planted findings: four on their text across runs, two on their paragraph with the reason.
    for (term, fixed) in [("主题当日", "主题党日"), ("台帐", "台账"), ("按步就班", "按部就班"), ("三会一可", "三会一课")] {
        assert!(ranges.iter().any(|(id, old, new)| old == term && new == fixed && !whole_paragraph(id)), "{term}: {ranges:#?}");
    }
    // One deletion per piece: 3 + 2 + 1 + 1, one insertion per fix.
    assert_eq!((document.matches("<w:del ").count(), document.matches("<w:ins ").count()), (7, 4));
    assert!(document.contains(r#"<w:del w:id="#) && document.contains(&format!("<w:rPr>{FONT}<w:b/></w:rPr><w:delText xml:space=\"preserve\">当</w:delText>")), "the bold piece is deleted with its bold");
    for (term, reason) in [("党风连政", "在域"), ("战斗保垒", "非文字内容")] {
        let (id, _, _) = ranges.iter().find(|(_, old, _)| old.contains(term) && old.len() > term.len() + 20).unwrap_or_else(|| panic!("{term}: {ranges:#?}"));
        assert!(comments[id].contains(reason) && comments[id].contains("修改未标为修订"), "{term}: {}", comments[id]);
    }
    assert_eq!(exact, found.len() - 2, "{found:#?}");
    let audit = openxml_audit(&copy);
    assert_eq!(counts(&audit), ("0".into(), "0".into()), "{audit}");
    // LibreOffice reads the same: each finding's pieces as one deletion of its text, its fix
    // as one insertion, the comment over the fixed text (or over the whole paragraph).
    let o = Command::new("soffice").args(["--headless", "--convert-to", "odt", "--outdir"]).arg(dir.path()).arg(&copy).output().expect("soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let odt = libreoffice_read(&part(&dir.path().join(copy.with_extension("odt").file_name().unwrap()), "content.xml"));
    let fixed: Vec<&serde_json::Value> = found.iter().filter(|f| !f["fix"].is_null() && ranges.iter().any(|(id, old, _)| old == f["text"].as_str().unwrap() && comments[id].contains(f["message"].as_str().unwrap()) && !whole_paragraph(id))).collect();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(odt.deletions.clone()), sorted(fixed.iter().map(|f| f["fix"]["old"].as_str().unwrap().to_string()).collect()));
    assert_eq!(sorted(odt.insertions.clone()), sorted(fixed.iter().map(|f| f["fix"]["new"].as_str().unwrap().to_string()).collect()));
    assert_eq!(odt.annotations.len(), found.len(), "{:#?}", odt.annotations);
    for f in &found {
        let message = f["message"].as_str().unwrap();
        let (comment, shown) = odt.annotations.iter().find(|(c, _)| c.contains(message)).unwrap_or_else(|| panic!("{f:#?} {:#?}", odt.annotations));
        let paragraph: String = before[f["paragraph"].as_u64().unwrap() as usize - 1].iter().map(|c| c.0).collect();
        if comment.contains("批注标在整段上") {
            // LibreOffice shows the w:sym as its private-use character; our reader has no text for it.
            assert_eq!(shown.replace('\u{f0fc}', ""), paragraph);
        } else if fixed.contains(&f) {
            assert_eq!(shown, f["fix"]["new"].as_str().unwrap());
        } else {
            assert_eq!(shown, f["text"].as_str().unwrap());
        }
    }
}

/// What LibreOffice made of an annotated copy (content.xml of its .odt).
struct OdtRead {
    /// Each comment: its text and the text it spans as shown (deletions are not shown).
    annotations: Vec<(String, String)>,
    /// The text of each deletion, in order.
    deletions: Vec<String>,
    /// The text of each insertion, in order.
    insertions: Vec<String>,
}

fn libreoffice_read(content: &str) -> OdtRead {
    let doc = roxmltree::Document::parse(content).unwrap();
    let name = |n: &roxmltree::Node| if n.is_element() { n.tag_name().name().to_string() } else { String::new() };
    let text_of = |n: roxmltree::Node| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>();
    let deleted: std::collections::HashMap<String, String> = doc.descendants().filter(|n| name(n) == "changed-region").filter_map(|r| {
        let del = r.children().find(|c| name(c) == "deletion")?;
        let text = del.children().filter(|c| name(c) == "p").map(text_of).collect();
        Some((r.attribute(("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "id"))?.to_string(), text))
    }).collect();
    let mut read = OdtRead { annotations: Vec::new(), deletions: Vec::new(), insertions: Vec::new() };
    let mut open: Vec<(String, String, String)> = Vec::new();
    let mut inserting: Option<String> = None;
    let body = doc.descendants().find(|n| name(n) == "text").unwrap();
    for n in body.descendants().filter(|n| !n.ancestors().skip(1).any(|a| name(&a) == "annotation" || name(&a) == "tracked-changes")) {
        let attr = |k: &str| n.attributes().find(|a| a.name() == k).map(|a| a.value().to_string()).unwrap_or_default();
        let shown = match name(&n).as_str() {
            "" if n.is_text() => n.text().unwrap_or_default().to_string(),
            "tab" => "\t".into(),
            "line-break" => "\n".into(),
            "s" => " ".repeat(attr("c").parse().unwrap_or(1)),
            "annotation" => {
                open.push((attr("name"), text_of(n), String::new()));
                continue;
            }
            "annotation-end" => {
                let i = open.iter().position(|o| o.0 == attr("name")).unwrap();
                let (_, comment, shown) = open.remove(i);
                read.annotations.push((comment, shown));
                continue;
            }
            "change" => {
                read.deletions.push(deleted[&attr("change-id")].clone());
                continue;
            }
            "change-start" => {
                inserting = Some(String::new());
                continue;
            }
            "change-end" => {
                read.insertions.extend(inserting.take());
                continue;
            }
            _ => continue,
        };
        for o in &mut open {
            o.2.push_str(&shown);
        }
        if let Some(i) = &mut inserting {
            i.push_str(&shown);
        }
    }
    read
}
