//! Plain-text renderer: UTF-8, one paragraph per line, body lines indented
//! with two full-width spaces, the 落款 pushed right on a 28-cell line as the
//! printed page places it.

use super::Renderer;
use crate::doc::{Block, Document, text_cells};
use crate::error::Result;

/// Characters per line of the 公文 grid, used to place the 落款.
const LINE_CELLS: f32 = 28.0;
const INDENT: &str = "\u{3000}\u{3000}";
/// The first line of a draft (see [`crate::doc::FormatProfile::draft`]).
pub const DRAFT_LINE: &str = "【草稿】数据表中还有错误没有改正，本稿仅供核对，不能作为正式文稿上报。";

/// Renders plain text.
#[derive(Debug, Default, Clone, Copy)]
pub struct TxtRenderer;

impl Renderer for TxtRenderer {
    fn extension(&self) -> &'static str {
        "txt"
    }

    fn render(&self, doc: &Document) -> Result<Vec<u8>> {
        Ok(to_text(doc).into_bytes())
    }
}

/// The document as text.
pub fn to_text(doc: &Document) -> String {
    let mut out = String::with_capacity(8 * 1024);
    if doc.format.draft {
        out.push_str(DRAFT_LINE);
        out.push_str("\n\n");
    }
    out.push_str(&doc.title);
    out.push_str("\n\n");
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => {
                out.push_str(INDENT);
                out.push_str(&h.full());
            }
            Block::Paragraph(p) => {
                out.push_str(INDENT);
                out.push_str(&p.text());
            }
            Block::Signature(s) => {
                let (unit_right, date_right) = s.right_offsets();
                out.push('\n');
                for (text, right) in [(&s.unit, unit_right), (&s.date, date_right)] {
                    out.push_str(&pad_right(text, right));
                    out.push('\n');
                }
                continue;
            }
            Block::Table(t) => {
                for row in &t.rows {
                    out.push_str(&row.join("\t"));
                    out.push('\n');
                }
                continue;
            }
        }
        out.push('\n');
    }
    out
}

/// `text` preceded by full-width spaces so that it ends `right` cells before
/// the end of a 28-cell line (half cells rounded down).
fn pad_right(text: &str, right: f32) -> String {
    let lead = (LINE_CELLS - right - text_cells(text)).max(0.0).floor() as usize;
    format!("{}{text}", "\u{3000}".repeat(lead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Heading, Meta, Paragraph, Signature, Inline};
    use crate::data::Period;

    #[test]
    fn paragraphs_are_indented_and_signature_is_right() {
        let doc = Document {
            title: "标题".into(),
            meta: Meta { author: "单位".into(), area: "镇".into(), year: 2024, kind: "总结".into(), period: Period::H1, date: chrono::NaiveDate::from_ymd_opt(2024, 7, 8).unwrap() },
            blocks: vec![
                Block::Heading(Heading { level: 1, number: "一、".into(), text: "工作".into() }),
                Block::Paragraph(Paragraph { run_in: None, inlines: vec![Inline::Text("正文。".into())] }),
                Block::Signature(Signature { unit: "中共青石镇委员会".into(), date: "2024年7月8日".into(), sealed: false }),
            ],
            format: Default::default(),
        };
        let t = to_text(&doc);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "标题");
        assert_eq!(lines[2], "　　一、工作");
        assert_eq!(lines[3], "　　正文。");
        assert_eq!(lines[5], format!("{}中共青石镇委员会", "　".repeat(18)));
        // date: 5.5 cells, 2.5 from the right → 20 cells lead.
        assert_eq!(lines[6], format!("{}2024年7月8日", "　".repeat(20)));
    }
}
