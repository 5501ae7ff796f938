//! A stage after the checker: `check 报告.docx --annotate` turns the
//! findings of [`crate::lint`] on a report read by [`crate::import`] into a
//! copy of the user's Word file (returned as bytes; the command line writes
//! it) in which
//! every finding is a comment (批注) anchored on the offending text and
//! every safe fix a tracked change (修订: the old text deleted, the new one
//! inserted) that Word and WPS can accept or reject. The original is never
//! touched. Only what needs to change is rewritten: the runs holding a
//! finding (often several: Word splits runs freely) are cut at its ends into
//! pieces that keep each run's properties ([`runs`]), and every other byte of
//! the package is copied as it was — the user's formatting stays. A finding
//! that crosses a field, a tab, a break or a picture, or has no text of its
//! own, is anchored on its whole paragraph, and its comment says so.
//! Like our own writer (src/render/docx, which replaced docx-rs to control
//! the schema order of every element), the markup is written by hand in
//! schema order: comment ranges and `w:del`/`w:ins` are paragraph children
//! between runs, the reference run after the range end.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use roxmltree::Node;

mod markup;
mod runs;

use markup::{AUTHOR, W_NS, esc};
use runs::{Exact, Why};

use crate::import::docx::{body_paragraphs, document_xml, parse};
use crate::import::refuse;
use crate::data::input::MAX_FILE_BYTES;
use crate::error::Error;
use crate::lint::Finding;
use crate::render::docx::stamp::read_part;

const COMMENTS_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// An annotated copy, in memory: the command line writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    /// The copy's bytes (a .docx package).
    pub package: Vec<u8>,
    /// Comments written.
    pub comments: usize,
    /// Tracked changes written (each a deletion and an insertion).
    pub revisions: usize,
}

/// The copy's file name: `报告（批注）.docx`.
pub fn copy_name(report: &Path) -> String {
    let stem = report.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{stem}（批注）.docx")
}

/// One edit of document.xml: replace `range` by `text` (an empty range inserts).
struct Edit {
    at: std::ops::Range<usize>,
    text: String,
}

/// A finding placed in a paragraph: characters `c0..c1` of its text.
struct Mark<'f> {
    c0: usize,
    c1: usize,
    finding: &'f Finding,
    id: u64,
}

/// The annotated copy of `report`, as bytes. Findings must be those of this
/// report (paragraph = `line`). Nothing is written here: the command line
/// writes the copy atomically under [`copy_name`], never over the original.
pub fn annotate(report: &Path, findings: &[Finding]) -> Result<Annotated, Error> {
    let bytes = crate::data::input::read(report)?;
    let xml = document_xml(report, &bytes)?;
    let doc = parse(report, &xml)?;
    let paras = body_paragraphs(report, &doc)?;
    // Annotation ids must not collide with the document's own (bookmarks, comments, revisions).
    let mut next_id = runs::Ids::in_use(&xml);
    let mut by_para: BTreeMap<usize, Vec<Mark>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.line > 0) {
        let c0 = f.column.saturating_sub(1);
        by_para.entry(f.line).or_default().push(Mark { c0, c1: c0 + f.text.chars().count(), finding: f, id: next_id.take() });
    }
    let fields = runs::field_results(&doc);
    let mut edits: Vec<Edit> = Vec::new();
    let mut comments = Vec::new();
    let mut revisions = 0;
    for (number, marks) in &mut by_para {
        let Some(p) = paras.get(*number - 1) else { continue };
        marks.sort_by_key(|m| (m.c0, m.c1));
        // Findings on their own text, cut out of the runs; the others on the whole paragraph.
        let mut exact: Vec<Exact> = Vec::new();
        let mut whole: Vec<(&Mark, Why)> = Vec::new();
        let mut last_end = 0;
        for m in marks.iter() {
            let placed = if m.c0 < last_end { Err(Why::Overlap) } else { runs::place(p, m.c0, m.c1, &m.finding.text, &fields) };
            match placed {
                Ok(pieces) => {
                    let fix = m.finding.fix.as_ref().filter(|f| f.old == m.finding.text).map(|f| f.new.clone());
                    revisions += usize::from(fix.is_some());
                    exact.push(Exact { id: m.id, pieces, fix });
                    comments.push(comment(m, None));
                    last_end = m.c1;
                }
                Err(why) => whole.push((m, why)),
            }
        }
        let mut touched: Vec<Node> = exact.iter().flat_map(|m| m.pieces.iter().filter_map(|p| p.t.parent())).collect();
        touched.sort_by_key(|r| r.range().start);
        touched.dedup();
        for run in touched {
            edits.push(Edit { at: run.range(), text: runs::rewrite(&xml, run, &exact, &mut next_id) });
        }
        if !whole.is_empty() {
            // The whole paragraph: ranges start after its properties and end before its close.
            let ppr = p.node.children().find(|c| c.is_element() && c.tag_name().name() == "pPr" && c.tag_name().namespace() == Some(W_NS));
            let open = ppr.map_or_else(|| start_tag_end(&xml, p.node.range().start), |x| x.range().end);
            let close = p.node.range().end - if xml[..p.node.range().end].ends_with("/>") { 0 } else { "</w:p>".len() };
            if xml[..p.node.range().end].ends_with("/>") {
                continue; // an empty <w:p/> holds no finding
            }
            let starts: String = whole.iter().map(|(m, _)| format!("<w:commentRangeStart w:id=\"{}\"/>", m.id)).collect();
            let ends: String = whole.iter().map(|(m, _)| format!("<w:commentRangeEnd w:id=\"{}\"/><w:r><w:commentReference w:id=\"{}\"/></w:r>", m.id, m.id)).collect();
            edits.push(Edit { at: open..open, text: starts });
            edits.push(Edit { at: close..close, text: ends });
            comments.extend(whole.iter().map(|(m, why)| comment(m, why.note())));
        }
    }
    // Apply the edits in one pass, in order (ranges never overlap: runs are
    // disjoint, inserts sit outside runs): linear however many findings.
    edits.sort_by_key(|e| (e.at.start, e.at.end));
    let mut new_xml = String::with_capacity(xml.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut done = 0;
    for e in &edits {
        new_xml.push_str(&xml[done..e.at.start]);
        new_xml.push_str(&e.text);
        done = e.at.end;
    }
    new_xml.push_str(&xml[done..]);
    let count = comments.len();
    let package = repack(report, &bytes, &new_xml, &comments)?;
    Ok(Annotated { package, comments: count, revisions })
}

/// The byte just after an element's start tag.
fn start_tag_end(xml: &str, start: usize) -> usize {
    xml[start..].find('>').map_or(start, |i| start + i + 1)
}

/// A comment element for a finding; `note` says why it marks the whole paragraph.
fn comment(m: &Mark, note: Option<&str>) -> String {
    let f = m.finding;
    let mut text = format!("{}[{}] {}", f.severity.zh(), f.rule.id(), f.message);
    if !f.hint.is_empty() {
        text.push_str(&format!("。提示：{}", f.hint));
    }
    if let Some(note) = note {
        text.push_str(&format!("。（{note}，批注标在整段上"));
        if f.fix.is_some() {
            text.push_str("，修改未标为修订，请按提示手动修改");
        }
        text.push('）');
    }
    format!("<w:comment w:id=\"{}\" w:author=\"{AUTHOR}\" w:initials=\"ZJ\"><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:comment>", m.id, esc(&text))
}

/// The package with the new document.xml and the comments part (added to an
/// existing comments.xml, or a new part with its relationship and content type).
/// Only the parts edited are inflated (each at most [`MAX_FILE_BYTES`]); every
/// other part — pictures, embedded files — is copied still compressed, so a
/// part that would inflate to gigabytes costs its compressed size.
fn repack(report: &Path, bytes: &[u8], document: &str, comments: &[String]) -> Result<Vec<u8>, Error> {
    let broken = || refuse(report, "不是有效的 Word 文件（.docx），无法写批注".into(), "请在 Word 中打开后重新保存为 .docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| broken())?;
    let names: Vec<String> = zip.file_names().map(|n| n.map(|n| n.into_owned())).collect::<Result<_, _>>().map_err(|_| broken())?;
    let mut read = |name: &str| -> Result<Option<String>, Error> {
        if !names.iter().any(|n| n == name) {
            return Ok(None);
        }
        let data = read_part(&mut zip, name, MAX_FILE_BYTES).ok_or_else(broken)?;
        Ok(Some(String::from_utf8_lossy(&data).into_owned()))
    };
    let mut edited: Vec<(String, Vec<u8>)> = Vec::new();
    let body: String = comments.concat();
    if let Some(old) = read("word/comments.xml")? {
        let at = old.rfind("</w:comments>").ok_or_else(broken)?;
        edited.push(("word/comments.xml".into(), format!("{}{body}{}", &old[..at], &old[at..]).into_bytes()));
    } else {
        edited.push(("word/comments.xml".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">{body}</w:comments>").into_bytes()));
        let rels = "word/_rels/document.xml.rels";
        let rel = format!("<Relationship Id=\"rIdZongjieComments\" Type=\"{COMMENTS_TYPE}\" Target=\"comments.xml\"/>");
        match read(rels)? {
            Some(old) => {
                let at = old.rfind("</Relationships>").ok_or_else(broken)?;
                edited.push((rels.into(), format!("{}{rel}{}", &old[..at], &old[at..]).into_bytes()));
            }
            None => edited.push((rels.into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rel}</Relationships>").into_bytes())),
        }
        let old = read("[Content_Types].xml")?.ok_or_else(broken)?;
        let at = old.rfind("</Types>").ok_or_else(broken)?;
        let mut add = format!("<Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_CT}\"/>");
        if !old.contains("Extension=\"rels\"") {
            add.push_str("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>");
        }
        edited.push(("[Content_Types].xml".into(), format!("{}{add}{}", &old[..at], &old[at..]).into_bytes()));
    }
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(broken());
    }
    edited.push(("word/document.xml".into(), document.as_bytes().to_vec()));
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // The parts in their order, edited ones rewritten; new parts at the end.
    for (i, name) in names.iter().enumerate() {
        match edited.iter().position(|(n, _)| n == name) {
            Some(k) => {
                let (name, data) = edited.remove(k);
                w.start_file(name.as_str(), opts).map_err(|_| broken())?;
                w.write_all(&data).map_err(|_| broken())?;
            }
            None => w.raw_copy_file(zip.by_index_raw(i).map_err(|_| broken())?).map_err(|_| broken())?,
        }
    }
    for (name, data) in &edited {
        w.start_file(name.as_str(), opts).map_err(|_| broken())?;
        w.write_all(data).map_err(|_| broken())?;
    }
    w.finish().map_err(|_| broken())?;
    Ok(out.into_inner())
}
