//! The body paragraphs of a Word file, as Word shows them: runs joined
//! (Word splits words across runs freely), `w:tab` as a tab, manual line
//! breaks splitting a paragraph into lines, field results kept and field
//! codes dropped, deleted text (`w:del`) dropped, bookmarks and proofing
//! marks ignored, text boxes (`w:txbxContent`) and the fallback copy of
//! `mc:AlternateContent` left out. Paragraphs inside tables are counted and
//! read but marked, so the prose rules can skip them.

use std::io::Read;
use std::path::Path;

use roxmltree::Node;

use super::{Line, refuse};
use crate::error::Error;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The non-empty lines of the body of the .docx in `bytes`.
pub fn lines(path: &Path, bytes: &[u8]) -> Result<Vec<Line>, Error> {
    let xml = document_xml(path, bytes)?;
    let doc = parse(path, &xml)?;
    let mut out = Vec::new();
    for p in body_paragraphs(path, &doc)? {
        let mut col0 = 0;
        for part in p.text.split('\n') {
            if !part.trim().is_empty() {
                out.push(Line { text: part.to_string(), place: p.number, col0, offset: 0, in_table: p.in_table });
            }
            col0 += part.chars().count() + 1;
        }
    }
    Ok(out)
}

/// document.xml parsed, or one Chinese message.
pub(crate) fn parse<'x>(path: &Path, xml: &'x str) -> Result<roxmltree::Document<'x>, Error> {
    super::xml::parse(path, "document.xml", xml)
}

/// One body paragraph as Word shows it, with where each `w:t` starts in its text.
pub(crate) struct Para<'a, 'x> {
    /// 1-based number among the body's paragraphs.
    pub number: usize,
    /// The `w:p` element.
    pub node: Node<'a, 'x>,
    /// Its text (manual breaks as `\n`).
    pub text: String,
    /// Inside a table.
    pub in_table: bool,
    /// Each shown `w:t`: the character offset of its text in `text`, and the node.
    pub ts: Vec<(usize, Node<'a, 'x>)>,
}

/// Every body paragraph in document order (text boxes excepted).
pub(crate) fn body_paragraphs<'a, 'x>(path: &Path, doc: &'a roxmltree::Document<'x>) -> Result<Vec<Para<'a, 'x>>, Error> {
    let Some(body) = doc.root_element().children().find(|n| is(n, W, "body")) else {
        return Err(refuse(path, "Word 文件中没有正文".into(), "请确认这是 Word 文档（.docx）"));
    };
    let mut out = Vec::new();
    paragraphs(body, false, &mut out);
    Ok(out)
}

/// word/document.xml of the package.
pub(crate) fn document_xml(path: &Path, bytes: &[u8]) -> Result<String, Error> {
    let not_docx = || refuse(path, "不是有效的 Word 文件（.docx），无法打开".into(), "请确认文件完整；如果是 .doc 或 .wps，请另存为“Word 文档（*.docx）”");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_docx())?;
    let mut part = zip.by_name("word/document.xml").map_err(|_| not_docx())?;
    // A crafted package may inflate far beyond its size: read no more than
    // the limit for any user file.
    let mut xml = String::new();
    (&mut part).take(crate::data::input::MAX_FILE_BYTES + 1).read_to_string(&mut xml).map_err(|_| not_docx())?;
    if xml.len() as u64 > crate::data::input::MAX_FILE_BYTES {
        return Err(refuse(path, "Word 文件的正文超过 10 MB，无法检查".into(), "请确认文件是一份总结报告；过大的文件请拆分后再检查"));
    }
    Ok(xml)
}

fn is(n: &Node, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
}

/// Every paragraph under `node` in document order (text boxes excepted).
fn paragraphs<'a, 'x>(node: Node<'a, 'x>, in_table: bool, out: &mut Vec<Para<'a, 'x>>) {
    for child in node.children().filter(Node::is_element) {
        if is(&child, W, "p") {
            let mut acc = Acc::default();
            let mut field = Vec::new();
            runs(child, &mut acc, &mut field);
            out.push(Para { number: out.len() + 1, node: child, text: acc.text, in_table, ts: acc.ts });
        } else if is(&child, W, "txbxContent") || is(&child, MC, "Fallback") || is(&child, W, "del") {
            continue;
        } else {
            let table = in_table || is(&child, W, "tbl");
            paragraphs(child, table, out);
        }
    }
}

/// A paragraph's text as it is read, its length in characters, and where each `w:t` starts.
#[derive(Default)]
struct Acc<'a, 'x> {
    text: String,
    chars: usize,
    ts: Vec<(usize, Node<'a, 'x>)>,
}

impl Acc<'_, '_> {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }
}

/// Where a complex field is: reading its code, or its shown result.
#[derive(Clone, Copy, PartialEq)]
enum FieldPart {
    Code,
    Result,
}

/// The text of one paragraph's content.
fn runs<'a, 'x>(node: Node<'a, 'x>, text: &mut Acc<'a, 'x>, field: &mut Vec<FieldPart>) {
    for n in node.children().filter(Node::is_element) {
        if n.tag_name().namespace() == Some(MC) {
            if n.tag_name().name() == "AlternateContent" {
                // Choice holds what Word shows; Fallback repeats it for old readers.
                if let Some(choice) = n.children().find(|c| is(c, MC, "Choice")) {
                    runs(choice, text, field);
                }
            }
            continue;
        }
        if n.tag_name().namespace() != Some(W) {
            continue; // drawings, math and other vocabularies
        }
        let in_code = field.last() == Some(&FieldPart::Code);
        match n.tag_name().name() {
            "t" if !in_code => {
                text.ts.push((text.chars, n));
                text.push(n.text().unwrap_or_default());
            }
            "tab" if !in_code => text.push("\t"),
            "br" | "cr" if !in_code => {
                // A page or column break ends no line of prose.
                if !matches!(n.attribute((W, "type")), Some("page" | "column")) {
                    text.push("\n");
                }
            }
            "noBreakHyphen" if !in_code => text.push("-"),
            "fldChar" => match n.attribute((W, "fldCharType")) {
                Some("begin") => field.push(FieldPart::Code),
                Some("separate") => {
                    if let Some(top) = field.last_mut() {
                        *top = FieldPart::Result;
                    }
                }
                Some("end") => {
                    field.pop();
                }
                _ => {}
            },
            // Deleted text, field codes, text boxes, properties: not shown as text.
            "del" | "delText" | "instrText" | "txbxContent" | "pPr" | "rPr" | "moveFrom" | "footnoteReference" | "endnoteReference" | "commentReference" => {}
            "p" => {
                // A paragraph nested in content (e.g. an inline text box without txbxContent): skip.
            }
            _ => runs(n, text, field),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<u8> {
        let xml = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{inner}<w:sectPr/></w:body></w:document>"#);
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, xml.as_bytes()).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    fn read(inner: &str) -> Vec<(usize, String, bool)> {
        lines(Path::new("t.docx"), &body(inner)).unwrap().into_iter().map(|l| (l.place, l.text, l.in_table)).collect()
    }

    #[test]
    fn runs_split_mid_word_are_joined_and_spaces_kept() {
        let got = read(r#"<w:p><w:r><w:t>党建</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="a"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">工 </w:t></w:r><w:bookmarkEnd w:id="0"/><w:r><w:t xml:space="preserve"> 作</w:t></w:r></w:p>"#);
        assert_eq!(got, [(1, "党建工  作".to_string(), false)]);
    }

    #[test]
    fn fields_show_their_result_and_deletions_vanish() {
        let got = read(r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE \@ "yyyy"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>年</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>"#);
        assert_eq!(got, [(1, "2024年3".to_string(), false)]);
    }

    #[test]
    fn line_breaks_split_and_every_paragraph_counts() {
        let got = read(r#"<w:p/><w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:br w:type="page"/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表中</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r></w:p>"#);
        assert_eq!(got, [(2, "第一行".to_string(), false), (2, "第二行".to_string(), false), (3, "表中".to_string(), true), (4, "后".to_string(), false)]);
        let l = lines(Path::new("t.docx"), &body(r#"<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>"#)).unwrap();
        assert_eq!(l[1].col0, 4);
    }

    #[test]
    fn text_boxes_are_ignored() {
        let got = read(r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#);
        assert_eq!(got, [(1, "正文".to_string(), false)]);
    }

    #[test]
    fn broken_files_get_one_chinese_message() {
        let e = lines(Path::new("t.docx"), b"PK not really").unwrap_err();
        assert!(e.to_string().contains("不是有效的 Word 文件"), "{e}");
    }
}
