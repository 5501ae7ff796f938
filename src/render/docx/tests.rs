//! XML-level tests of the Word renderer: each reads the package back (zip,
//! then roxmltree) and checks one requirement of GB/T 9704 or of Word.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use roxmltree::{Document as Xml, Node};

use super::DocxRenderer;
use crate::data::Period;
use crate::doc::{Block, Document, FormatProfile, Heading, Inline, Meta, Paragraph, Signature, Table};
use crate::render::Renderer;

const W: &str = super::W_NS;

mod word_side;

/// A document with every block type and every heading level.
pub(crate) fn sample(sealed: bool) -> Document {
    let h = |level, number: &str, text: &str| Heading { level, number: number.into(), text: text.into() };
    let para = |run_in: Option<Heading>, inlines: Vec<Inline>| Block::Paragraph(Paragraph { run_in, inlines });
    Document {
        title: "青石镇2024年上半年党建工作总结".into(),
        meta: Meta { author: "中共青石镇委员会".into(), area: "青石镇".into(), year: 2024, kind: "党建工作总结".into(), period: Period::H1, date: NaiveDate::from_ymd_opt(2024, 7, 8).unwrap() },
        blocks: vec![
            para(None, vec![Inline::Text("今年以来，镇党委紧扣“抓党建促乡村振兴”工作主线。".into())]),
            Block::Heading(h(1, "一、", "上半年工作开展情况")),
            para(Some(h(2, "（一）", "强化政治引领。")), vec![Inline::Item { label: "一是".into(), text: "抓实理论武装。".into() }, Inline::Text("集体学习6次。".into())]),
            Block::Heading(h(2, "（二）", "夯实组织基础")),
            Block::Heading(h(3, "1.", "规范党员管理")),
            Block::Heading(h(4, "（1）", "流动党员")),
            para(Some(h(1, "二、", "存在的问题。")), vec![Inline::Text("学习不深……".into())]),
            para(Some(h(3, "1.", "抓学习。")), vec![Inline::Text("每月一次。".into())]),
            para(Some(h(4, "（1）", "抓纪律。")), vec![Inline::Text("警示教育—次·A&B<C>".into())]),
            Block::Table(Table { rows: vec![vec!["指标".into(), "数量".into()], vec!["党员".into(), "1186".into()], vec!["只有一格".into()]] }),
            Block::Signature(Signature { unit: "中共青石镇委员会".into(), date: "2024年7月8日".into(), sealed }),
        ],
        format: FormatProfile { sealed, ..FormatProfile::default() },
    }
}

/// The unpacked package: file name → bytes.
struct Package(BTreeMap<String, Vec<u8>>);

impl Package {
    fn of(doc: &Document) -> Self {
        let bytes = DocxRenderer.render(doc).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut files = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            files.insert(f.name().unwrap().to_string(), buf);
        }
        Package(files)
    }

    fn text(&self, name: &str) -> &str {
        std::str::from_utf8(self.0.get(name).unwrap_or_else(|| panic!("no part {name}"))).unwrap()
    }
}

fn w<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.tag_name().namespace() == Some(W) && c.tag_name().name() == name)
}

fn attr<'a>(n: Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn descendants<'a>(n: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> + 'a {
    n.descendants().filter(move |c| c.tag_name().namespace() == Some(W) && c.tag_name().name() == name)
}

fn style<'a>(styles: &'a Xml<'a>, id: &str) -> Node<'a, 'a> {
    descendants(styles.root_element(), "style").find(|s| attr(*s, "styleId") == Some(id)).unwrap_or_else(|| panic!("no style {id}"))
}

/// `attr` of the first `w:path[0]/w:path[1]/…` under `n`.
fn at<'a>(n: Node<'a, 'a>, path: &[&str], attribute: &str) -> Option<&'a str> {
    let mut node = n;
    for p in path {
        node = w(node, p)?;
    }
    attr(node, attribute)
}

/// Text of a paragraph (all its `w:t`).
fn para_text(p: Node) -> String {
    descendants(p, "t").filter_map(|t| t.text()).collect()
}

#[test]
fn every_part_is_well_formed_and_related() {
    let pkg = Package::of(&sample(false));
    for (name, bytes) in &pkg.0 {
        let s = std::str::from_utf8(bytes).unwrap();
        Xml::parse(s).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let types = pkg.text("[Content_Types].xml");
    let rels = format!("{}{}", pkg.text("_rels/.rels"), pkg.text("word/_rels/document.xml.rels"));
    for name in pkg.0.keys().filter(|n| !n.ends_with(".rels") && !n.starts_with('[')) {
        assert!(types.contains(&format!("PartName=\"/{name}\"")), "{name} has no content type");
        let target = name.strip_prefix("word/").unwrap_or(name);
        let related = rels.contains(&format!("Target=\"{name}\"")) || rels.contains(&format!("Target=\"{target}\""));
        assert!(related, "{name} is not related");
    }
    assert!(pkg.0.contains_key("word/theme/theme1.xml"));
}

#[test]
fn zip_is_deflated_dated_from_the_sheet_and_deterministic() {
    let doc = sample(false);
    let a = DocxRenderer.render(&doc).unwrap();
    assert_eq!(a, DocxRenderer.render(&doc).unwrap());
    let mut zip = zip::ZipArchive::new(Cursor::new(a)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name().unwrap(), "[Content_Types].xml");
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        assert_eq!(f.compression(), zip::CompressionMethod::Deflated, "{name}");
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2024, 7, 8), "{name}");
    }
}

#[test]
fn page_is_a4_with_gbt_margins_grid_and_footers() {
    let pkg = Package::of(&sample(false));
    let doc = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let sect = descendants(doc.root_element(), "sectPr").next().unwrap();
    assert_eq!((at(sect, &["pgSz"], "w"), at(sect, &["pgSz"], "h")), (Some("11906"), Some("16838")));
    let m = |k| at(sect, &["pgMar"], k).unwrap().parse::<u32>().unwrap();
    // 37 / 35 / 28 / 26 mm.
    assert_eq!((m("top"), m("bottom"), m("left"), m("right")), (2098, 1984, 1587, 1474));
    // The footer line's middle (7 pt above its 14 pt bottom edge) is 7 mm below the type area.
    assert_eq!(m("bottom") - (m("footer") + 140), 397);
    assert_eq!(at(sect, &["docGrid"], "type"), Some("lines"));
    assert_eq!(at(sect, &["docGrid"], "linePitch"), Some("579"));
    let refs: Vec<_> = descendants(sect, "footerReference").map(|r| (attr(r, "type").unwrap(), r.attribute((super::R_NS, "id")).unwrap())).collect();
    assert_eq!(refs, [("default", "rIdFooterOdd"), ("even", "rIdFooterEven")]);
    let rels = pkg.text("word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml""#), "{rels}");
    assert!(rels.contains(r#"Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml""#), "{rels}");
    let settings = Xml::parse(pkg.text("word/settings.xml")).unwrap();
    assert!(w(settings.root_element(), "evenAndOddHeaders").is_some());
    assert_eq!(at(settings.root_element(), &["characterSpacingControl"], "val"), Some("doNotCompress"));
}

#[test]
fn footers_hold_a_page_field_between_dashes_odd_right_even_left() {
    let pkg = Package::of(&sample(false));
    for (part, jc, side) in [("word/footer1.xml", "right", "right"), ("word/footer2.xml", "left", "left")] {
        let f = Xml::parse(pkg.text(part)).unwrap();
        let p = descendants(f.root_element(), "p").next().unwrap();
        let ppr = w(p, "pPr").unwrap();
        assert_eq!(at(ppr, &["pStyle"], "val"), Some("GwPageNumber"));
        assert_eq!(at(ppr, &["jc"], "val"), Some(jc), "{part}");
        assert_eq!(at(ppr, &["ind"], &format!("{side}Chars")), Some("100"), "{part}");
        let kinds: Vec<_> = descendants(p, "fldChar").filter_map(|c| attr(c, "fldCharType")).collect();
        assert_eq!(kinds, ["begin", "separate", "end"]);
        assert_eq!(descendants(p, "instrText").next().and_then(|n| n.text()), Some(" PAGE "));
        let text = para_text(p);
        assert!(text.starts_with("— ") && text.ends_with(" —"), "{text}");
        // The dashes are ambiguous characters: their runs carry the East Asian hint.
        let dash_runs: Vec<_> = descendants(p, "r").filter(|r| para_text(*r).contains('—')).collect();
        assert_eq!(dash_runs.len(), 2);
        assert!(dash_runs.iter().all(|r| at(w(*r, "rPr").unwrap(), &["rFonts"], "hint") == Some("eastAsia")));
    }
    let styles = Xml::parse(pkg.text("word/styles.xml")).unwrap();
    let pn = style(&styles, "GwPageNumber");
    let rpr = w(pn, "rPr").unwrap();
    assert_eq!(at(rpr, &["sz"], "val"), Some("28"));
    for a in ["ascii", "eastAsia", "hAnsi"] {
        assert_eq!(at(rpr, &["rFonts"], a), Some("宋体"), "{a}");
    }
}

#[test]
fn styles_set_fonts_per_script_and_never_theme_fonts() {
    let pkg = Package::of(&sample(false));
    let styles = Xml::parse(pkg.text("word/styles.xml")).unwrap();
    let expect = [
        ("Normal", "仿宋_GB2312"),
        ("Title", "方正小标宋简体"),
        ("Heading1", "黑体"),
        ("Heading2", "楷体_GB2312"),
        ("Heading3", "仿宋_GB2312"),
        ("Heading4", "仿宋_GB2312"),
        ("GwRunIn1", "黑体"),
        ("GwRunIn2", "楷体_GB2312"),
        ("GwRunIn3", "仿宋_GB2312"),
        ("GwRunIn4", "仿宋_GB2312"),
    ];
    for (id, font) in expect {
        let s = style(&styles, id);
        let rpr = w(s, "rPr").unwrap_or_else(|| panic!("{id} has no rPr"));
        assert_eq!(at(rpr, &["rFonts"], "eastAsia"), Some(font), "{id}");
        assert_eq!(at(rpr, &["rFonts"], "ascii"), Some("Times New Roman"), "{id}");
        assert_eq!(at(rpr, &["rFonts"], "hAnsi"), Some("Times New Roman"), "{id}");
    }
    for part in ["word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"] {
        assert!(!pkg.text(part).contains("Theme="), "{part} refers to a theme font");
    }
    // Named, restylable styles for every role.
    for (id, name) in [("GwBody", "公文正文"), ("GwSignature", "公文落款"), ("GwPageNumber", "公文页码"), ("Title", "Title"), ("Heading1", "heading 1")] {
        assert_eq!(at(style(&styles, id), &["name"], "val"), Some(name));
    }
    let title = style(&styles, "Title");
    assert_eq!(at(title, &["rPr", "sz"], "val"), Some("44"));
    assert_eq!(at(title, &["pPr", "jc"], "val"), Some("center"));
    // Language: East Asian text is zh-CN.
    let defaults = descendants(styles.root_element(), "rPrDefault").next().unwrap();
    assert_eq!(at(defaults, &["rPr", "lang"], "eastAsia"), Some("zh-CN"));
    assert_eq!(at(defaults, &["rPr", "sz"], "val"), Some("32"));
}

#[test]
fn body_is_exactly_spaced_indented_two_characters_and_headings_keep_with_next() {
    let pkg = Package::of(&sample(false));
    let styles = Xml::parse(pkg.text("word/styles.xml")).unwrap();
    let normal = style(&styles, "Normal");
    assert_eq!(attr(normal, "default"), Some("1"));
    let ppr = w(normal, "pPr").unwrap();
    assert_eq!(at(ppr, &["spacing"], "line"), Some("579"));
    assert_eq!(at(ppr, &["spacing"], "lineRule"), Some("exact"));
    assert_eq!(at(ppr, &["jc"], "val"), Some("both"));
    assert!(w(ppr, "widowControl").is_some());
    assert_eq!(at(ppr, &["autoSpaceDE"], "val"), Some("0"));
    assert_eq!(at(ppr, &["autoSpaceDN"], "val"), Some("0"));
    // Stated explicitly for LibreOffice, which reads this flag inverted.
    assert_eq!(at(ppr, &["overflowPunct"], "val"), Some("1"));
    // −0.25 pt per character: 28 characters of 16 pt fit the 156 mm line.
    assert_eq!(at(normal, &["rPr", "spacing"], "val"), Some("-5"));
    let body = style(&styles, "GwBody");
    assert_eq!(at(body, &["pPr", "ind"], "firstLineChars"), Some("200"));
    assert_eq!(at(body, &["pPr", "ind"], "firstLine"), Some("630"));
    for (level, id) in ["Heading1", "Heading2", "Heading3", "Heading4"].iter().enumerate() {
        let s = style(&styles, id);
        assert_eq!(at(s, &["basedOn"], "val"), Some("GwBody"));
        assert!(w(w(s, "pPr").unwrap(), "keepNext").is_some(), "{id}");
        assert_eq!(at(s, &["pPr", "outlineLvl"], "val"), Some(level.to_string().as_str()));
    }
}

#[test]
fn runs_with_ambiguous_punctuation_get_the_east_asian_hint() {
    let pkg = Package::of(&sample(false));
    let doc = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let mut checked = 0;
    for r in descendants(doc.root_element(), "r") {
        let text = para_text(r);
        let hint = w(r, "rPr").and_then(|rpr| at(rpr, &["rFonts"], "hint"));
        let ambiguous = text.contains(['“', '”', '‘', '’', '—', '…', '·']);
        assert_eq!(hint == Some("eastAsia"), ambiguous, "{text}");
        checked += usize::from(ambiguous);
    }
    assert!(checked >= 3, "the sample has “”, …… and —·");
}

#[test]
fn run_in_headings_are_character_style_runs_inside_body_paragraphs() {
    let pkg = Package::of(&sample(false));
    let doc = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let body = w(doc.root_element(), "body").unwrap();
    let mut seen = Vec::new();
    for p in body.children().filter(|c| c.tag_name().name() == "p") {
        let runs: Vec<_> = p.children().filter(|c| c.tag_name().name() == "r").collect();
        let Some(first) = runs.first() else { continue };
        if let Some(rstyle) = w(*first, "rPr").and_then(|rpr| at(rpr, &["rStyle"], "val")) {
            assert_eq!(at(w(p, "pPr").unwrap(), &["pStyle"], "val"), Some("GwBody"));
            // The rest of the paragraph is plain body text.
            assert!(runs[1..].iter().all(|r| w(*r, "rPr").and_then(|rpr| w(rpr, "rStyle")).is_none()));
            seen.push((rstyle.to_string(), para_text(*first)));
        }
    }
    assert_eq!(
        seen,
        [("GwRunIn2".to_string(), "（一）强化政治引领。".to_string()), ("GwRunIn1".into(), "二、存在的问题。".into()), ("GwRunIn3".into(), "1.抓学习。".into()), ("GwRunIn4".into(), "（1）抓纪律。".into())]
    );
}

#[test]
fn document_text_is_the_plain_text_of_the_document() {
    let doc = sample(false);
    let pkg = Package::of(&doc);
    let xml = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let body = w(xml.root_element(), "body").unwrap();
    let mut lines = Vec::new();
    for c in body.children() {
        match c.tag_name().name() {
            "p" => lines.push(para_text(c)),
            "tbl" => lines.extend(descendants(c, "tr").map(|tr| descendants(tr, "tc").map(para_text).collect::<Vec<_>>().join(" ").trim_end().to_string())),
            _ => {}
        }
    }
    lines.retain(|l| !l.is_empty());
    assert_eq!(lines, doc.plain_lines());
}

#[test]
fn signature_is_right_aligned_by_the_gbt_offsets() {
    for sealed in [false, true] {
        let pkg = Package::of(&sample(sealed));
        let doc = Xml::parse(pkg.text("word/document.xml")).unwrap();
        let sig: Vec<_> = descendants(doc.root_element(), "p").filter(|p| w(*p, "pPr").and_then(|x| at(x, &["pStyle"], "val")) == Some("GwSignature")).collect();
        assert_eq!(sig.iter().map(|p| para_text(*p)).collect::<Vec<_>>(), ["中共青石镇委员会", "2024年7月8日"]);
        let right = |p: Node| at(w(p, "pPr").unwrap(), &["ind"], "rightChars").unwrap().parse::<u32>().unwrap();
        // Unit 8 cells, date 6. Unsealed: unit 右空二字, the date starts two
        // cells right of the unit's start (so also 右空二字). Sealed: date
        // 右空四字, unit centred over it (one cell further right).
        let expect = if sealed { (300, 400) } else { (200, 200) };
        assert_eq!((right(sig[0]), right(sig[1])), expect, "sealed: {sealed}");
        let before = at(w(sig[0], "pPr").unwrap(), &["spacing"], "before");
        assert_eq!(before, Some(if sealed { "1158" } else { "579" }));
        assert!(w(w(sig[0], "pPr").unwrap(), "keepNext").is_some());
    }
}

#[test]
fn table_is_bordered_rectangular_with_a_repeated_header_row() {
    let pkg = Package::of(&sample(false));
    let doc = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let tbl = descendants(doc.root_element(), "tbl").next().unwrap();
    let borders = descendants(tbl, "tblBorders").next().unwrap();
    let sides: Vec<_> = borders.children().filter(|b| attr(*b, "val") == Some("single")).map(|b| b.tag_name().name()).collect();
    assert_eq!(sides, ["top", "left", "bottom", "right", "insideH", "insideV"]);
    assert_eq!(descendants(tbl, "gridCol").count(), 2);
    let rows: Vec<_> = descendants(tbl, "tr").collect();
    assert!(rows.iter().all(|r| descendants(*r, "tc").count() == 2), "ragged rows are padded");
    assert!(descendants(rows[0], "tblHeader").next().is_some());
    assert!(descendants(rows[1], "tblHeader").next().is_none());
    // Header centred, figures right-aligned, text cells as the style has it.
    let jc = |row: Node, c: usize| descendants(descendants(row, "tc").nth(c).unwrap(), "jc").next().and_then(|j| attr(j, "val")).map(str::to_string);
    assert_eq!([jc(rows[0], 0), jc(rows[0], 1)], [Some("center".into()), Some("center".into())]);
    assert_eq!([jc(rows[1], 0), jc(rows[1], 1)], [None, Some("right".into())]);
}

#[test]
fn core_properties_come_from_the_document_not_the_clock() {
    let pkg = Package::of(&sample(false));
    let core = pkg.text("docProps/core.xml");
    for needle in [
        "<dc:title>青石镇2024年上半年党建工作总结</dc:title>",
        "<dc:creator>中共青石镇委员会</dc:creator>",
        "<dc:language>zh-CN</dc:language>",
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-07-08T00:00:00Z</dcterms:created>",
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-07-08T00:00:00Z</dcterms:modified>",
    ] {
        assert!(core.contains(needle), "{needle} not in {core}");
    }
}

#[test]
fn dates_outside_the_zip_range_still_render() {
    let mut doc = sample(false);
    doc.meta.date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    assert!(DocxRenderer.render(&doc).is_ok());
    doc.blocks.push(Block::Table(Table { rows: vec![] }));
    doc.blocks.push(Block::Table(Table { rows: vec![vec![]] }));
    let pkg = Package::of(&doc);
    Xml::parse(pkg.text("word/document.xml")).unwrap();
}

#[test]
fn the_format_profile_sets_margins_pitch_fonts_and_bold_levels() {
    let mut doc = sample(false);
    doc.format.margins.top = 34.0;
    doc.format.line_pitch = Some(28.0);
    doc.format.bold_levels = vec![2];
    doc.format.fonts.insert("body".into(), "仿宋".into());
    doc.format.fonts.insert("heading1".into(), "/usr/share/fonts/simhei.ttf".into());
    let pkg = Package::of(&doc);
    let xml = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let sect = descendants(xml.root_element(), "sectPr").next().unwrap();
    assert_eq!(at(sect, &["pgMar"], "top"), Some("1928"));
    assert_eq!(at(sect, &["docGrid"], "linePitch"), Some("560"));
    let styles = Xml::parse(pkg.text("word/styles.xml")).unwrap();
    assert_eq!(at(style(&styles, "Normal"), &["pPr", "spacing"], "line"), Some("560"));
    assert_eq!(at(style(&styles, "Normal"), &["rPr", "rFonts"], "eastAsia"), Some("仿宋"));
    // A font file is for the PDF; Word keeps the family name.
    assert_eq!(at(style(&styles, "Heading1"), &["rPr", "rFonts"], "eastAsia"), Some("黑体"));
    for (id, bold) in [("Heading1", false), ("Heading2", true), ("GwRunIn2", true), ("GwRunIn1", false)] {
        assert_eq!(w(w(style(&styles, id), "rPr").unwrap(), "b").is_some(), bold, "{id}");
    }
    assert!(pkg.text("word/fontTable.xml").contains("w:name=\"仿宋\""));
}

#[test]
fn a_table_too_wide_for_portrait_turns_the_page_and_shrinks_the_text() {
    let mut doc = sample(false);
    let wide: Vec<String> = (1..=12).map(|i| format!("第{i}项")).collect();
    doc.blocks = vec![Block::Table(Table { rows: vec![wide.clone(), wide] })];
    let pkg = Package::of(&doc);
    let xml = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let sect = descendants(xml.root_element(), "sectPr").next().unwrap();
    assert_eq!((at(sect, &["pgSz"], "w"), at(sect, &["pgSz"], "orient")), (Some("16838"), Some("landscape")));
    let tbl = descendants(xml.root_element(), "tbl").next().unwrap();
    assert!(descendants(tbl, "sz").all(|s| attr(s, "val") == Some("21")));
    // The body still ends with a (1 pt) paragraph after the table.
    let body = w(xml.root_element(), "body").unwrap();
    let last = body.children().filter(|c| c.is_element()).nth_back(1).unwrap();
    assert_eq!(last.tag_name().name(), "p");
    assert!(!Package::of(&sample(false)).text("word/document.xml").contains("landscape"));
}
