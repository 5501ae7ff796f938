//! The styles part (`word/styles.xml`): every look of the report is a named
//! style, so a clerk can restyle the whole document in Word or WPS (change
//! 仿宋_GB2312 to 仿宋 once, not in every paragraph). Fonts are set per
//! script on each style; no theme font is referenced anywhere.

use super::page::{exact, Geometry, BODY_SIZE, PAGE_NUMBER, PAGE_NUMBER_SIZE};
use super::props::{Chars, Fonts, Indent, ParaProps, RunProps, Spacing};
use super::xml::Xml;
use crate::doc::FormatProfile;

/// The base paragraph style (Word's "Normal"), the document default.
pub(super) const NORMAL: &str = "Normal";
/// The title: 二号 方正小标宋简体, centred.
pub(super) const TITLE: &str = "Title";
/// Body paragraphs: 三号 仿宋_GB2312, first line indented two characters.
pub(super) const BODY: &str = "GwBody";
/// Headings on their own line, levels 1–4 (一、（一）1.（1））.
pub(super) const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
/// Run-in headings (character styles), levels 1–4.
pub(super) const RUN_INS: [&str; 4] = ["GwRunIn1", "GwRunIn2", "GwRunIn3", "GwRunIn4"];
/// The 落款 lines, right-aligned.
pub(super) const SIGNATURE: &str = "GwSignature";
/// Text in table cells.
pub(super) const TABLE_TEXT: &str = "GwTableText";
/// Size of table text, half-points (四号, 14 pt); wide tables go smaller.
pub(super) const TABLE_SIZE: u32 = 28;

/// The fonts and emphasis of every role: GB/T 9704's by default, changed
/// by the format profile's `fonts` (family names only: a font *file*
/// given for the PDF does not name a Word font) and `bold_levels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Look<'a> {
    /// 二号 小标宋 (方正小标宋简体).
    pub title: Fonts<'a>,
    /// 三号 仿宋 (仿宋_GB2312): body, signature, levels 3 and 4.
    pub body: Fonts<'a>,
    /// Levels 1–4: 黑体, 楷体_GB2312, then the body font.
    pub headings: [Fonts<'a>; 4],
    /// 宋体, digits included (GB/T 9704 §7.5: 半角宋体阿拉伯数字).
    pub page_number: Fonts<'a>,
    /// Heading levels set in bold (a local practice; none in GB/T 9704).
    pub bold: [bool; 4],
}

impl<'a> Look<'a> {
    /// The look of `format`.
    pub(super) fn new(format: &'a FormatProfile) -> Self {
        let family = |role: &str, default: &'a str| format.fonts.get(role).map(String::as_str).filter(|v| is_family(v)).unwrap_or(default);
        let body = Fonts::chinese(family("body", "仿宋_GB2312"));
        let page = family("page_number", "宋体");
        Look {
            title: Fonts::chinese(family("title", "方正小标宋简体")),
            body,
            headings: [Fonts::chinese(family("heading1", "黑体")), Fonts::chinese(family("heading2", "楷体_GB2312")), body, body],
            page_number: Fonts { latin: page, east_asia: page },
            bold: [1, 2, 3, 4].map(|l| format.bold_levels.contains(&l)),
        }
    }

    /// Every East Asian font used, without repeats, for the font table.
    pub(super) fn east_asian_fonts(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for f in [self.title, self.body, self.headings[0], self.headings[1], self.page_number] {
            if !out.contains(&f.east_asia) {
                out.push(f.east_asia);
            }
        }
        out
    }
}

/// Whether a profile's font value is a family name rather than a file
/// (`/path/simfang.ttf`, `C:\Fonts\simkai.ttf`, `simhei.ttf:0`).
fn is_family(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let file = [".ttf", ".otf", ".ttc", ".otc"].iter().any(|ext| lower.ends_with(ext) || lower.contains(&format!("{ext}:")));
    !value.trim().is_empty() && !value.contains(['/', '\\']) && !file
}

/// One `w:style`, children in CT_Style order.
struct Style<'a> {
    kind: &'static str,
    id: &'a str,
    name: &'a str,
    default: bool,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ui_priority: Option<u32>,
    hidden_until_used: bool,
    quick: bool,
    para: ParaProps<'a>,
    run: RunProps<'a>,
}

impl<'a> Style<'a> {
    fn new(kind: &'static str, id: &'a str, name: &'a str) -> Self {
        Style { kind, id, name, default: false, based_on: None, next: None, ui_priority: None, hidden_until_used: false, quick: true, para: ParaProps::default(), run: RunProps::default() }
    }

    fn paragraph(id: &'a str, name: &'a str, based_on: &'a str) -> Self {
        Style { based_on: Some(based_on), ..Style::new("paragraph", id, name) }
    }

    fn write(&self, x: &mut Xml) {
        let mut attrs = vec![("w:type", self.kind)];
        if self.default {
            attrs.push(("w:default", "1"));
        }
        attrs.push(("w:styleId", self.id));
        x.open("w:style", &attrs);
        x.empty("w:name", &[("w:val", self.name)]);
        if let Some(b) = self.based_on {
            x.empty("w:basedOn", &[("w:val", b)]);
        }
        if let Some(n) = self.next {
            x.empty("w:next", &[("w:val", n)]);
        }
        if let Some(p) = self.ui_priority {
            x.empty("w:uiPriority", &[("w:val", &p.to_string())]);
        }
        if self.hidden_until_used {
            x.empty("w:semiHidden", &[]).empty("w:unhideWhenUsed", &[]);
        }
        if self.quick {
            x.empty("w:qFormat", &[]);
        }
        self.para.write(x);
        self.run.write(x);
        if self.kind == "table" {
            x.open("w:tblPr", &[]);
            x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
            x.open("w:tblCellMar", &[]);
            for (side, w) in [("w:top", "0"), ("w:left", "108"), ("w:bottom", "0"), ("w:right", "108")] {
                x.empty(side, &[("w:w", w), ("w:type", "dxa")]);
            }
            x.close("w:tblCellMar").close("w:tblPr");
        }
        x.close("w:style");
    }
}

/// The styles part.
pub(super) fn styles(g: &Geometry, look: &Look) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", super::W_NS)]);
    x.open("w:docDefaults", &[]).open("w:rPrDefault", &[]);
    RunProps { fonts: Some(look.body), size: Some(BODY_SIZE), lang: true, ..RunProps::default() }.write(&mut x);
    x.close("w:rPrDefault").close("w:docDefaults");

    for s in all_styles(g, look) {
        s.write(&mut x);
    }
    x.close("w:styles");
    x.finish()
}

fn all_styles<'a>(g: &Geometry, look: &Look<'a>) -> Vec<Style<'a>> {
    let line = g.line;
    // Two characters of first-line indent (in twips: two cells of the grid).
    let two_chars = Chars { twips: 2 * g.cell, hundredths: 200 };
    let body_run = RunProps { fonts: Some(look.body), spacing: Some(g.condense), size: Some(BODY_SIZE), ..RunProps::default() };
    let mut out = vec![
        Style {
            default: true,
            para: ParaProps { widow_control: true, hanging_punctuation: true, no_auto_space: true, spacing: Some(exact(line)), justify: Some("both"), ..ParaProps::default() },
            run: body_run,
            ..Style::new("paragraph", NORMAL, "Normal")
        },
        Style { default: true, quick: false, ui_priority: Some(1), hidden_until_used: true, ..Style::new("character", "DefaultParagraphFont", "Default Paragraph Font") },
        Style { default: true, quick: false, ui_priority: Some(99), hidden_until_used: true, ..Style::new("table", "TableNormal", "Normal Table") },
        Style {
            next: Some(BODY),
            // Off the grid: LibreOffice gives a 22 pt line two grid lines even
            // when its height is exact (Word lets exact spacing win).
            para: ParaProps { keep_next: true, off_grid: true, spacing: Some(Spacing { after: line, ..exact(line) }), justify: Some("center"), ..ParaProps::default() },
            run: RunProps { fonts: Some(look.title), spacing: Some(0), size: Some(44), ..RunProps::default() },
            ..Style::paragraph(TITLE, "Title", NORMAL)
        },
        Style {
            next: Some(BODY),
            para: ParaProps { indent: Some(Indent { first_line: Some(two_chars), ..Indent::default() }), ..ParaProps::default() },
            ..Style::paragraph(BODY, "公文正文", NORMAL)
        },
    ];
    const HEADING_NAMES: [&str; 4] = ["heading 1", "heading 2", "heading 3", "heading 4"];
    const RUN_IN_NAMES: [&str; 4] = ["公文一级标题（段首）", "公文二级标题（段首）", "公文三级标题（段首）", "公文四级标题（段首）"];
    for level in 0..4 {
        let run = RunProps { fonts: Some(look.headings[level]), bold: look.bold[level], ..RunProps::default() };
        out.push(Style {
            next: Some(BODY),
            para: ParaProps { keep_next: true, keep_lines: true, outline: Some(level as u8), ..ParaProps::default() },
            run,
            ..Style::paragraph(HEADINGS[level], HEADING_NAMES[level], BODY)
        });
        out.push(Style { based_on: Some("DefaultParagraphFont"), run, ..Style::new("character", RUN_INS[level], RUN_IN_NAMES[level]) });
    }
    out.extend([
        Style { para: ParaProps { justify: Some("right"), ..ParaProps::default() }, ..Style::paragraph(SIGNATURE, "公文落款", NORMAL) },
        Style {
            para: ParaProps { off_grid: true, spacing: Some(exact(PAGE_NUMBER_SIZE * 10)), ..ParaProps::default() },
            run: RunProps { fonts: Some(look.page_number), spacing: Some(0), size: Some(PAGE_NUMBER_SIZE), ..RunProps::default() },
            ..Style::paragraph(PAGE_NUMBER, "公文页码", NORMAL)
        },
        Style {
            para: ParaProps { off_grid: true, spacing: Some(exact(TABLE_SIZE * 10 * 5 / 4)), justify: Some("center"), ..ParaProps::default() },
            run: RunProps { spacing: Some(0), size: Some(TABLE_SIZE), ..RunProps::default() },
            ..Style::paragraph(TABLE_TEXT, "公文表格", NORMAL)
        },
    ]);
    out
}
