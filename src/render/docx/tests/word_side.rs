//! Word-side settings of issue 15: PANOSE and code pages in the font
//! table, and a long title broken where the PDF breaks it.

use roxmltree::{Document as Xml, Node};

use super::{Package, at, attr, descendants, sample, w};

#[test]
fn the_font_table_gives_word_panose_and_code_pages_for_every_gongwen_face() {
    let pkg = Package::of(&sample(false));
    let xml = Xml::parse(pkg.text("word/fontTable.xml")).unwrap();
    let fonts: Vec<Node> = xml.root_element().children().filter(|n| n.is_element()).collect();
    assert!(fonts.len() >= 5);
    for f in fonts {
        let name = attr(f, "name").unwrap();
        let panose = at(f, &["panose1"], "val").unwrap_or_else(|| panic!("{name}: no panose1"));
        assert!(panose.len() == 20 && panose.chars().all(|c| c.is_ascii_hexdigit()), "{name}: {panose}");
        let csb0 = u32::from_str_radix(at(f, &["sig"], "csb0").unwrap_or_else(|| panic!("{name}: no sig")), 16).unwrap();
        // Chinese faces cover code page 936 (GB 2312): csb0 bit 18.
        assert_eq!(csb0 & (1 << 18) != 0, name != "Times New Roman", "{name}: csb0 {csb0:08X}");
    }
}

#[test]
fn a_long_title_gets_the_layouts_line_breaks_and_bold_digits() {
    let mut doc = sample(false);
    doc.title = "青石县东部山区生态经济示范片区青石镇2024年党建工作总结".into();
    let pkg = Package::of(&doc);
    let xml = Xml::parse(pkg.text("word/document.xml")).unwrap();
    let p = descendants(xml.root_element(), "p").next().unwrap();
    let breaks = crate::layout::blocks::title_breaks(&doc.title, &crate::layout::Grid::gbt9704()).unwrap();
    let chars: Vec<char> = doc.title.chars().collect();
    let mut lines = vec![String::new()];
    for n in p.descendants() {
        match n.tag_name().name() {
            "br" => lines.push(String::new()),
            "t" => lines.last_mut().unwrap().push_str(n.text().unwrap()),
            _ => {}
        }
    }
    let want: Vec<String> = std::iter::once(0).chain(breaks.iter().copied()).zip(breaks.iter().copied().chain([chars.len()])).map(|(a, b)| chars[a..b].iter().collect()).collect();
    assert_eq!(lines, want);
    assert!(lines.len() >= 2);
    for r in descendants(p, "r").filter(|r| w(*r, "t").is_some()) {
        let text = w(r, "t").unwrap().text().unwrap();
        let bold = w(r, "rPr").and_then(|rp| w(rp, "b")).is_some();
        assert_eq!(bold, text.is_ascii(), "{text}");
    }
    // A title that fits has no break.
    let short = Package::of(&sample(false));
    let xml = Xml::parse(short.text("word/document.xml")).unwrap();
    assert!(descendants(descendants(xml.root_element(), "p").next().unwrap(), "br").next().is_none());
}
