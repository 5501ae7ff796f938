//! The report targets of the fuzz driver (`--target report`): a report's
//! text, mutated, is written either as a .txt (its bytes, sometimes with
//! invalid UTF-8, a BOM, CR line ends) or as a .docx built with structure:
//! the lines become paragraphs whose runs are split at random points
//! (with proofing marks, bookmarks, fields, deletions, tabs and breaks
//! between the pieces), wrapped in random nesting (content controls,
//! tables in tables, hyperlinks, alternate content — now and then far
//! past the depth limit), the XML itself sometimes damaged (DTDs and
//! entities, a bad name, a truncation, a stray `&`), and the zip container
//! varied (stored or deflated, a comments part with huge ids, extra parts,
//! a missing main part, flipped or cut bytes). Each input is read
//! (`Report::read`), checked (`lint::report::check`), imported
//! (`import::sheet::import`, whose sheet must load), and one in
//! [`super::FULL_EVERY`] annotated (`--annotate`, into the work folder).

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;

use zongjie::import::{Overrides, Report};
use zongjie::lint;

use super::{Rng, boundary};

/// Tokens that matter to the report reader: headings, labels, 落款 dates, punctuation.
pub const DICT: &[&str] = &[
    "一、工作开展情况\n", "二、存在的问题\n", "三、2025年工作打算\n", "三、下半年工作打算\n", "（一）", "（二）", "1.", "2、", "一是", "二是", "\n中共青山镇委员会\n2024年12月20日\n", "2024年7月5日", "2042年12月20日",
    "2024年上半年", "青山镇2024年党建工作总结\n", "党建工作总结", ",", ".", ";", "...", "……", "。。", "，，", "“", "”", "（", "）", "(", ")", "的的", "全年", "上半年", "今年以来", "我镇", "我村",
    "12次", "105%", "2.5次", "2022年", "\t", "\r\n", "\n\n", "　　", " ", "\u{feff}", "\u{200b}", "\u{202e}", "&", "<", ">", "]]>", "<!--", "\u{0}", "\u{1b}",
];

/// One report input: the file name and its bytes.
pub struct Input {
    pub name: &'static str,
    pub bytes: Vec<u8>,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The text, as a .txt or a structured .docx, chosen and shaped by `rng`.
pub fn build(text: &str, rng: &mut Rng) -> Input {
    if rng.below(2) == 0 {
        let mut t = text.to_string();
        if rng.below(8) == 0 {
            t = t.replace('\n', "\r\n");
        }
        let mut bytes = t.into_bytes();
        if rng.below(30) == 0 && !bytes.is_empty() {
            let i = rng.below(bytes.len());
            bytes[i] = 0x80 | (rng.next() as u8 & 0x3f); // invalid UTF-8
        }
        return Input { name: "current.txt", bytes };
    }
    Input { name: "current.docx", bytes: docx(text, rng) }
}

/// A paragraph's text split into runs with Word's clutter between them.
fn runs(line: &str, rng: &mut Rng, ids: &mut u64) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let cut = boundary(rest, 1 + rng.below(12));
        let cut = if cut == 0 { rest.len() } else { cut };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        let rpr = if rng.below(3) == 0 { "<w:rPr><w:b/><w:rFonts w:ascii=\"仿宋_GB2312\"/></w:rPr>" } else { "" };
        let t = format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(piece));
        *ids = ids.wrapping_add(1);
        match rng.below(14) {
            0 => out.push_str(&format!("<w:proofErr w:type=\"spellStart\"/><w:r>{rpr}{t}</w:r><w:proofErr w:type=\"spellEnd\"/>")),
            1 => out.push_str(&format!("<w:bookmarkStart w:id=\"{ids}\" w:name=\"b{ids}\"/><w:r>{rpr}{t}</w:r><w:bookmarkEnd w:id=\"{ids}\"/>")),
            2 => out.push_str(&format!("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>{rpr}{t}</w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")),
            3 => out.push_str(&format!("<w:del w:id=\"{ids}\" w:author=\"甲\"><w:r><w:delText>删</w:delText></w:r></w:del><w:r>{rpr}{t}</w:r>")),
            4 => out.push_str(&format!("<w:r>{rpr}<w:tab/>{t}</w:r>")),
            5 => out.push_str(&format!("<w:r>{rpr}{t}<w:br/></w:r>")),
            6 => out.push_str(&format!("<w:hyperlink w:history=\"1\"><w:r>{rpr}{t}</w:r></w:hyperlink>")),
            7 => out.push_str(&format!("<w:ins w:id=\"{ids}\" w:author=\"乙\"><w:r>{rpr}{t}</w:r></w:ins>")),
            8 => out.push_str(&format!("<w:commentRangeStart w:id=\"{ids}\"/><w:r>{rpr}{t}</w:r><w:commentRangeEnd w:id=\"{ids}\"/><w:r><w:commentReference w:id=\"{ids}\"/></w:r>")),
            9 => out.push_str(&format!("<w:fldSimple w:instr=\"DATE\"><w:r>{rpr}{t}</w:r></w:fldSimple>")),
            10 => out.push_str(&format!("<w:r><mc:AlternateContent><mc:Choice Requires=\"w14\"><w:t>{}</w:t></mc:Choice><mc:Fallback><w:t>{}</w:t></mc:Fallback></mc:AlternateContent></w:r>", esc(piece), esc(piece))),
            11 => out.push_str(&format!("<w:r>{rpr}<w:t>{}</w:t><w:t>{}</w:t></w:r>", esc(&piece[..boundary(piece, piece.len() / 2)]), esc(&piece[boundary(piece, piece.len() / 2)..]))),
            _ => out.push_str(&format!("<w:r>{rpr}{t}</w:r>")),
        }
    }
    out
}

/// Wraps `inner` in `depth` random containers.
fn nest(inner: String, depth: usize, rng: &mut Rng) -> String {
    let mut open = String::new();
    let mut close = Vec::new();
    for _ in 0..depth {
        let (o, c) = [("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"), ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"), ("<w:customXml>", "</w:customXml>"), ("<w:smartTag>", "</w:smartTag>")][rng.below(4)];
        open.push_str(o);
        close.push(c);
    }
    close.reverse();
    format!("{open}{inner}{}", close.concat())
}

fn docx(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut ids = [0, 1, 1000, u64::from(u32::MAX), u64::MAX - 3][rng.below(5)];
    let first_id = ids;
    let mut body = String::new();
    for line in text.split('\n') {
        let p = format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{}</w:p>", runs(line, rng, &mut ids));
        body.push_str(&match rng.below(20) {
            0 => nest(p, 1 + rng.below(6), rng),
            1 if rng.below(20) == 0 => nest(p, 200 + rng.below(400), rng), // around the depth limit
            _ => p,
        });
    }
    let mut xml = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="{MC}" mc:Ignorable="w14"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    // Damage to the XML.
    match rng.below(24) {
        0 => xml = xml.replacen("<w:document", "<!DOCTYPE w:document [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><w:document", 1),
        1 => {
            let at = boundary(&xml, rng.below(xml.len() + 1));
            xml.truncate(at);
        }
        2 => {
            let at = boundary(&xml, rng.below(xml.len() + 1));
            xml.insert_str(at, ["&", "<1x/>", "&nope;", "<![CDATA[<w:p>]]>", "<!-- <w:p> -->", "<?pi x?>", "\u{1}", "</w:p>"][rng.below(8)]);
        }
        3 => xml = xml.replace("<w:t xml:space=\"preserve\">", "<w:t xml:space=\"preserve\" w:x=\"1\" w:x=\"2\">"),
        4 => xml = xml.replace(W, "urn:not-word"),
        _ => {}
    }
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec()),
        ("_rels/.rels".into(), br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec()),
        ("word/_rels/document.xml.rels".into(), br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.to_vec()),
        ("word/document.xml".into(), xml.into_bytes()),
    ];
    match rng.below(10) {
        0 => parts.push(("word/comments.xml".into(), format!("<w:comments xmlns:w=\"{W}\"><w:comment w:id=\"{first_id}\" w:author=\"甲\"><w:p><w:r><w:t>原有批注</w:t></w:r></w:p></w:comment></w:comments>").into_bytes())),
        1 => parts.push(("word/media/image1.png".into(), vec![0; 1 + rng.below(200_000)])),
        2 => {
            parts.retain(|p| p.0 != "word/document.xml");
        }
        3 => parts.push(("word/comments.xml".into(), b"<w:comments>".to_vec())),
        4 => {
            parts.retain(|p| p.0 != "[Content_Types].xml");
        }
        _ => {}
    }
    let method = if rng.below(2) == 0 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in &parts {
        if w.start_file(name.as_str(), opts).is_err() || w.write_all(data).is_err() {
            break;
        }
    }
    let mut bytes = w.finish().map(|c| c.into_inner()).unwrap_or_default();
    // Damage to the container.
    match rng.below(30) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => {
            let at = rng.below(bytes.len() + 1);
            bytes.truncate(at);
        }
        _ => {}
    }
    bytes
}

/// Reads, checks, imports (and with `full` annotates) the report at `path`;
/// the outcome's signature, and whether the imported sheet failed to load.
pub fn run(path: &Path, full: bool, templates: &zongjie::compose::Templates, annotate_dir: &Path) -> (u64, bool) {
    let mut sig = std::collections::hash_map::DefaultHasher::new();
    path.extension().hash(&mut sig);
    let r = match Report::read(path) {
        Ok(r) => r,
        Err(e) => {
            let m = e.to_string();
            m.split('：').nth(1).unwrap_or("").chars().take(8).collect::<String>().hash(&mut sig);
            return (sig.finish(), false);
        }
    };
    r.lines.len().min(64).hash(&mut sig);
    if r.lines.is_empty() {
        return (sig.finish(), false);
    }
    let findings = lint::report::check(&r, Overrides::default());
    let rules: std::collections::BTreeSet<&str> = findings.iter().map(|f| f.rule.id()).collect();
    rules.hash(&mut sig);
    if full && path.extension().is_some_and(|x| x == "docx") {
        match zongjie::cli::check_report::annotate(path, &findings, Some(annotate_dir)) {
            Ok(_) => 1u8.hash(&mut sig),
            Err(e) => e.to_string().split('：').nth(1).unwrap_or("").chars().take(6).collect::<String>().hash(&mut sig),
        }
    }
    let meta = r.meta(Overrides { year: Some(2024), period: None });
    let imported = zongjie::import::sheet::import(&r, &meta);
    let unloadable = match zongjie::data::DataSheet::from_text(zongjie::data::SourceFile::new(path.with_extension("toml"), imported.toml), &templates.catalogue) {
        Ok(ds) => {
            ds.sheet.work.len().min(16).hash(&mut sig);
            false
        }
        Err(_) => true,
    };
    (sig.finish(), unloadable)
}

/// Seeds: the report corpus and the lint corpus (as reports), and the
/// example sheets rendered as text.
pub fn seeds(root: &Path, sheets: &[String], setup: &zongjie::cli::batch::Setup) -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/report_corpus")).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    out.extend(files.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    for corpus in ["clean.txt", "defective.txt"] {
        let text = std::fs::read_to_string(root.join("tests/lint_corpus").join(corpus)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
        for chunk in lines.chunks(10) {
            out.push(format!("青山镇2024年党建工作总结\n一、工作开展情况\n{}\n二、存在的问题\n问题。\n三、2025年工作打算\n打算。\n中共青山镇委员会\n2024年12月20日\n", chunk.join("\n")));
        }
    }
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default();
    let txt = zongjie::render::Format::Txt.renderer().expect("txt renderer");
    for s in sheets.iter().take(8) {
        let Ok(ds) = zongjie::data::DataSheet::from_text(zongjie::data::SourceFile::new("seed.toml", s.clone()), &setup.templates.catalogue) else { continue };
        for period in zongjie::data::Period::ALL {
            if let Ok(doc) = zongjie::compose::compose(&ds, period, &setup.templates, &setup.profile.format, today)
                && let Ok(bytes) = txt.render(&doc)
            {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    out
}
