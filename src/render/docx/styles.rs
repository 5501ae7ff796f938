//! The styles part (`word/styles.xml`): every look of the report is a named
//! style, so a clerk can restyle the whole document in Word or WPS (change
//! 仿宋_GB2312 to 仿宋 once, not in every paragraph). Fonts are set per
//! script on each style; no theme font is referenced anywhere.

use super::page::{exact, BODY_SIZE, CELL, CONDENSE, LINE, PAGE_NUMBER_SIZE};
use super::props::{Chars, Fonts, Indent, ParaProps, RunProps, Spacing};
use super::xml::Xml;

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
/// The page number in the footers.
pub(super) const PAGE_NUMBER: &str = "GwPageNumber";
/// Text in table cells.
pub(super) const TABLE_TEXT: &str = "GwTableText";

/// 仿宋: body, signature, levels 3 and 4.
pub(super) const FANGSONG: Fonts = Fonts::chinese("仿宋_GB2312");
/// 小标宋: the title.
pub(super) const XIAOBIAOSONG: Fonts = Fonts::chinese("方正小标宋简体");
/// 黑体: level 1.
pub(super) const HEITI: Fonts = Fonts::chinese("黑体");
/// 楷体: level 2.
pub(super) const KAITI: Fonts = Fonts::chinese("楷体_GB2312");
/// 宋体 for the page number, digits included (GB/T 9704 §7.5: 半角宋体阿拉伯数字).
pub(super) const SONGTI: Fonts = Fonts { latin: "宋体", east_asia: "宋体" };

/// East Asian font of each heading level.
pub(super) const HEADING_FONTS: [Fonts; 4] = [HEITI, KAITI, FANGSONG, FANGSONG];

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

/// Two characters of first-line indent (in twips: two condensed cells).
pub(super) const TWO_CHARS: Chars = Chars { twips: 2 * CELL, hundredths: 200 };

/// The styles part.
pub(super) fn styles() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", super::W_NS)]);
    x.open("w:docDefaults", &[]).open("w:rPrDefault", &[]);
    RunProps { fonts: Some(FANGSONG), size: Some(BODY_SIZE), lang: true, ..RunProps::default() }.write(&mut x);
    x.close("w:rPrDefault").close("w:docDefaults");

    for s in all_styles() {
        s.write(&mut x);
    }
    x.close("w:styles");
    x.finish()
}

fn all_styles() -> Vec<Style<'static>> {
    let body_run = RunProps { fonts: Some(FANGSONG), spacing: Some(CONDENSE), size: Some(BODY_SIZE), ..RunProps::default() };
    let mut out = vec![
        Style {
            default: true,
            para: ParaProps { widow_control: true, no_auto_space: true, spacing: Some(exact(LINE)), justify: Some("both"), ..ParaProps::default() },
            run: body_run,
            ..Style::new("paragraph", NORMAL, "Normal")
        },
        Style { default: true, quick: false, ui_priority: Some(1), hidden_until_used: true, ..Style::new("character", "DefaultParagraphFont", "Default Paragraph Font") },
        Style { default: true, quick: false, ui_priority: Some(99), hidden_until_used: true, ..Style::new("table", "TableNormal", "Normal Table") },
        Style {
            next: Some(BODY),
            // Off the grid: LibreOffice gives a 22 pt line two grid lines even
            // when its height is exact (Word lets exact spacing win).
            para: ParaProps { keep_next: true, off_grid: true, spacing: Some(Spacing { after: LINE, ..exact(LINE) }), justify: Some("center"), ..ParaProps::default() },
            run: RunProps { fonts: Some(XIAOBIAOSONG), spacing: Some(0), size: Some(44), ..RunProps::default() },
            ..Style::paragraph(TITLE, "Title", NORMAL)
        },
        Style {
            next: Some(BODY),
            para: ParaProps { indent: Some(Indent { first_line: Some(TWO_CHARS), ..Indent::default() }), ..ParaProps::default() },
            ..Style::paragraph(BODY, "公文正文", NORMAL)
        },
    ];
    const HEADING_NAMES: [&str; 4] = ["heading 1", "heading 2", "heading 3", "heading 4"];
    const RUN_IN_NAMES: [&str; 4] = ["公文一级标题（段首）", "公文二级标题（段首）", "公文三级标题（段首）", "公文四级标题（段首）"];
    for level in 0..4 {
        let fonts = Some(HEADING_FONTS[level]);
        out.push(Style {
            next: Some(BODY),
            para: ParaProps { keep_next: true, keep_lines: true, outline: Some(level as u8), ..ParaProps::default() },
            run: RunProps { fonts, ..RunProps::default() },
            ..Style::paragraph(HEADINGS[level], HEADING_NAMES[level], BODY)
        });
        out.push(Style { based_on: Some("DefaultParagraphFont"), run: RunProps { fonts, ..RunProps::default() }, ..Style::new("character", RUN_INS[level], RUN_IN_NAMES[level]) });
    }
    out.extend([
        Style { para: ParaProps { justify: Some("right"), ..ParaProps::default() }, ..Style::paragraph(SIGNATURE, "公文落款", NORMAL) },
        Style {
            para: ParaProps { off_grid: true, spacing: Some(exact(PAGE_NUMBER_SIZE * 10)), ..ParaProps::default() },
            run: RunProps { fonts: Some(SONGTI), spacing: Some(0), size: Some(PAGE_NUMBER_SIZE), ..RunProps::default() },
            ..Style::paragraph(PAGE_NUMBER, "公文页码", NORMAL)
        },
        Style {
            para: ParaProps { off_grid: true, spacing: Some(exact(400)), justify: Some("center"), ..ParaProps::default() },
            run: RunProps { spacing: Some(0), size: Some(PAGE_NUMBER_SIZE), ..RunProps::default() },
            ..Style::paragraph(TABLE_TEXT, "公文表格", NORMAL)
        },
    ]);
    out
}
