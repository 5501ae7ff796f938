//! PDF renderer (last stage, after [`crate::layout`]): checks that the
//! fonts of every role have every character the document uses, lays the
//! Document out on the GB/T 9704 grid with the fonts' real advances, and
//! hands the pages to [`write`] — the only place printpdf is used.

mod cff;
mod cff_index;
mod charstring;
mod glyf;
mod sfnt;
mod subset;
mod tounicode;
mod write;

use std::sync::Arc;

use super::Renderer;
use crate::doc::{Block, Document, Inline};
use crate::error::Result;
use crate::fonts::candidates::role_name;
use crate::fonts::{self, Faces, FontSet, font_error};
use crate::layout::{self, Grid, Role};

/// Renders PDF with the process's fonts.
pub struct PdfRenderer {
    fonts: Arc<FontSet>,
}

impl PdfRenderer {
    /// A renderer on the process-wide fonts ([`fonts::shared`]); the grid comes from each document's format.
    pub fn shared() -> Result<Self> {
        Ok(PdfRenderer::new(fonts::shared()?))
    }

    /// A renderer with these fonts.
    pub fn new(fonts: Arc<FontSet>) -> Self {
        PdfRenderer { fonts }
    }
}

impl Renderer for PdfRenderer {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        let faces = self.fonts.faces()?;
        check_coverage(doc, &faces)?;
        let grid = Grid::for_format(&doc.format);
        let paged = layout::layout(doc, &grid, &faces);
        write::to_pdf(&paged, doc, &faces)
    }
}

/// Every character of `doc` must exist in the font of the role it is set in:
/// a missing one is an error naming it and where it occurs, never a blank box.
pub fn check_coverage(doc: &Document, faces: &Faces<'_>) -> Result<()> {
    let check = |role: Role, text: &str, place: &str| -> Result<()> {
        for (i, c) in text.char_indices() {
            if c.is_control() || faces.glyph(role, c).is_some() {
                continue;
            }
            let before: String = text[..i].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
            let after: String = text[i + c.len_utf8()..].chars().take(8).collect();
            let font = &faces.set.get(role).name;
            let key = match role {
                Role::Title => "title",
                Role::Body => "body",
                Role::Heading1 => "heading1",
                Role::Heading2 => "heading2",
                Role::PageNumber => "page",
            };
            return Err(font_error(
                format!("{}字体“{font}”中没有“{c}”（U+{:04X}）这个字，出现在{place}：“{before}{c}{after}”", role_name(role), c as u32),
                &format!("请改用含有该字的字体（--font {key}=字体文件路径；zongjie fonts 查看当前字体），或在数据表中改写这个字"),
            ));
        }
        Ok(())
    };
    check(Role::Title, &doc.title, "标题")?;
    check(Role::PageNumber, "— 0123456789", "页码")?;
    if doc.format.draft {
        check(Role::Heading1, layout::DRAFT_MARK, "页眉")?;
    }
    let (mut paras, mut heads) = (0, 0);
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => {
                heads += 1;
                check(Role::of_heading(h.level), &h.full(), &format!("第 {heads} 个小标题"))?;
            }
            Block::Paragraph(p) => {
                paras += 1;
                let place = format!("正文第 {paras} 段");
                if let Some(h) = &p.run_in {
                    check(Role::of_heading(h.level), &h.full(), &place)?;
                }
                for i in &p.inlines {
                    match i {
                        Inline::Text(t) => check(Role::Body, t, &place)?,
                        Inline::Item { label, text } => {
                            check(Role::Body, label, &place)?;
                            check(Role::Body, text, &place)?;
                        }
                    }
                }
            }
            Block::Signature(s) => {
                check(Role::Body, &s.unit, "落款")?;
                check(Role::Body, &s.date, "落款")?;
            }
            Block::Table(t) => {
                for (r, row) in t.rows.iter().enumerate() {
                    for cell in row {
                        check(Role::Body, cell, &format!("表格第 {} 行", r + 1))?;
                    }
                }
            }
        }
    }
    Ok(())
}
