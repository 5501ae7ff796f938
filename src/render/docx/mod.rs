//! Word renderer: a [`Document`] becomes a .docx laid out to GB/T 9704-2012
//! (A4, 37/35/28/26 mm, 28 characters × 22 lines, "— n —" page numbers),
//! built from the same Document as the txt, so both carry the same text.
//! It sits at the end of the pipeline beside `txt`; it returns bytes and
//! does no I/O.
//!
//! # Why WordprocessingML is written directly (and not with docx-rs)
//!
//! docx-rs 0.4.22 was the first choice and was probed in detail
//! (shared research, docx-rs.md). Of the parts it writes, none could be
//! shipped as emitted: the children of `pPr`, `rPr`, `sectPr`, `style` and
//! `settings` come out of schema order in *every* part (openxml-audit:
//! "Unexpected element 'pStyle'" on each paragraph), `firstLineChars` is
//! silently dropped, `w:lang` cannot be set, `Normal` is a hard-coded empty
//! style, the core properties say "unknown", the font table is fixed to
//! three Latin fonts, there is no theme part, and the zip is stored, not
//! deflated. Fixing that "around the edges" means parsing every part back
//! with quick-xml, re-sorting children against a copy of the schema's
//! sequences, splicing in attributes and whole parts, and re-zipping —
//! a second serialiser that must track docx-rs's output byte for byte,
//! bigger than the builder code it would correct.
//!
//! What the report needs is small and fixed: sixteen styles, five kinds of
//! paragraph, two footers, a table. Writing those parts here with a
//! tiny escaping writer (`xml.rs`) and property structs that serialise in
//! schema order (`props.rs`) makes validity hold by construction, puts
//! every value (twips, fonts, grid) in one readable place, and needs only
//! the `zip` crate. Each part is then checked by `openxml-audit` and by
//! LibreOffice in `tests/docx.rs`.
//!
//! # Word-side settings, and which client honours them
//!
//! The reports are opened in Word and WPS; the tests can only run
//! LibreOffice. Each setting below is written so that Word and WPS lay the
//! page out like the PDF; where LibreOffice 7.4 reads it differently
//! (checked in its writerfilter source, `DomainMapper.cxx`) that is said.
//!
//! | setting | why | Word / WPS | LibreOffice |
//! |---|---|---|---|
//! | `characterSpacingControl` = doNotCompress | no punctuation squeezed into a 29th cell | honoured | does not compress anyway |
//! | 0.25 pt condensed characters (`page.rs`) | 28 cells fit the 156 mm line, 29 do not | honoured | honoured (measured) |
//! | `autoSpaceDE`/`autoSpaceDN` off | no gap in "2024年": a digit is half a cell, as in the PDF | honoured | **ignored** (the import is a no-op) and LibreOffice adds its own thin space around digits |
//! | `overflowPunct` = 1 | see below | a closing mark may hang | **inverted**: kept inside the line |
//! | `panose1` and `sig` in the font table | a missing 仿宋_GB2312 / 方正小标宋简体 falls back to a Chinese face of the same class and code page (GB 2312), not to the theme's 等线 | honoured | **ignored**: `altName` and fontconfig decide |
//! | title line breaks (`w:br`) at the PDF layout's breaks | the same trapezoid in every client | honoured | honoured (measured in `tests/format.rs`) |
//! | title digits bold | the PDF draws them in the title face's bold | honoured | honoured |
//! | `keepNext` on headings, `widowControl` | no heading at a page foot, no lone line | honoured | honoured |
//!
//! **Hanging punctuation.** The strict grid wants `overflowPunct` = 0 in
//! Word. LibreOffice imports the flag inverted (`IsHangingPunctuation =
//! val == 0`): written as 0, LibreOffice hung closing marks past the right
//! margin (measured: ink at 184.7 mm, type area ends at 184 mm, on five of
//! nine pages of the example and five-page reports) and its text no longer
//! matched the txt. No value keeps both clients inside the type area, so
//! the file says 1: LibreOffice keeps the strict grid, Word may hang one
//! closing 。，、 past the line end on a line where the 28 cells are full
//! (a cosmetic overhang, nothing lost), as Word's own 公文 templates do.
//!
//! Number and measure word together ("420人次") have no Word setting short
//! of writing a no-break character into the text, which would travel into
//! every copy and paste; Word's own line breaker is left to it.
//!
//! Files: `page.rs` (geometry, grid, footers), `styles.rs`, `body.rs` (the
//! main part), `package.rs` (content types, relationships, settings, font
//! table, properties, zip).

mod body;
mod package;
mod page;
mod props;
pub mod stamp;
mod styles;
mod xml;
#[cfg(test)]
mod tests;

use super::Renderer;
use crate::doc::{Block, Document};
use crate::error::Result;
use package::Part;
use page::{Geometry, Side};
use styles::Look;

/// The WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace used by `r:id` attributes.
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// A theme part: Word and the Open XML SDK expect one. Its fonts match the
/// styles' fonts, though no style refers to it.
const THEME: &str = include_str!("theme1.xml");

/// Renders Word documents (.docx).
#[derive(Debug, Default, Clone, Copy)]
pub struct DocxRenderer;

impl Renderer for DocxRenderer {
    fn extension(&self) -> &'static str {
        "docx"
    }

    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        package::pack(parts(doc), doc.meta.date)
    }
}

/// Every part of the package except the content types and relationships,
/// which [`package::pack`] derives from this list.
fn parts(doc: &Document) -> Vec<Part> {
    let landscape = doc.blocks.iter().any(|b| matches!(b, Block::Table(t) if body::columns(t) > body::PORTRAIT_COLUMNS));
    let geometry = Geometry::new(&doc.format, landscape);
    let look = Look::new(&doc.format);
    const CORE_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    const APP_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
    const DOC_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    let main = body::document(doc, &geometry);
    let custom = stamp::custom_properties(&main);
    let mut parts = vec![
        Part::root("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdDocument", DOC_REL.into(), main),
        Part::root("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", "rIdCore", CORE_REL.into(), package::core(doc)),
        Part::root("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml", "rIdApp", APP_REL.into(), package::app()),
        Part::root("docProps/custom.xml", stamp::CONTENT_TYPE, "rIdCustom", stamp::REL.into(), custom),
        Part::word("word/styles.xml", "styles", "rIdStyles", "styles", styles::styles(&geometry, &look)),
        Part::word("word/settings.xml", "settings", "rIdSettings", "settings", package::settings()),
        Part::word("word/fontTable.xml", "fontTable", "rIdFontTable", "fontTable", package::font_table(&look)),
        Part::word("word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml", "rIdTheme", "theme", THEME.as_bytes().to_vec()),
        Part::word("word/footer1.xml", "footer", page::ODD_FOOTER_ID, "footer", page::footer(Side::Odd)),
        Part::word("word/footer2.xml", "footer", page::EVEN_FOOTER_ID, "footer", page::footer(Side::Even)),
    ];
    if geometry.draft {
        let header = page::draft_header(look.headings[0]);
        parts.push(Part::word("word/header1.xml", "header", page::DRAFT_HEADER_IDS[0], "header", header.clone()));
        parts.push(Part::word("word/header2.xml", "header", page::DRAFT_HEADER_IDS[1], "header", header));
    }
    parts
}
