//! The Document: the single model every renderer reads (txt, docx, pdf). It
//! is built from template markup by [`crate::compose::markup`], with all
//! numbering already assigned, so no renderer and no user text can disturb
//! the 一、（一）1.（1） order.

use chrono::NaiveDate;

use crate::data::Period;
pub use crate::profile::FormatProfile;

/// A composed report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title, e.g. 青石镇2024年上半年党建工作总结.
    pub title: String,
    /// Facts renderers need for metadata and file names.
    pub meta: Meta,
    /// Body blocks in order (the title is not one of them).
    pub blocks: Vec<Block>,
    /// Page and typesetting choices (the county profile's, GB/T 9704 by default).
    pub format: FormatProfile,
}

/// Document facts outside the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// The unit (author), e.g. 中共青石镇委员会.
    pub author: String,
    /// Place name used in file names.
    pub area: String,
    /// Report year.
    pub year: i32,
    /// Document kind, e.g. 党建工作总结.
    pub kind: String,
    /// Which version.
    pub period: Period,
    /// 成文日期.
    pub date: NaiveDate,
}

/// A body block.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading on its own line (no closing punctuation).
    Heading(Heading),
    /// A paragraph, possibly opened by a run-in heading.
    Paragraph(Paragraph),
    /// The 落款: unit name and date, right-aligned.
    Signature(Signature),
    /// A table (roll-ups); rows of cells, the first row is the header.
    Table(Table),
}

/// A numbered heading. `number` is assigned by the tool (一、 （一） 1. （1））.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 4.
    pub level: u8,
    /// The number including its punctuation, e.g. "一、", "（二）", "3.".
    pub number: String,
    /// The heading text without number.
    pub text: String,
}

impl Heading {
    /// Number and text as printed.
    pub fn full(&self) -> String {
        format!("{}{}", self.number, self.text)
    }
}

/// A body paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// A heading that opens the paragraph and shares its first line (ends with 。).
    pub run_in: Option<Heading>,
    /// The paragraph's content.
    pub inlines: Vec<Inline>,
}

/// Paragraph content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// An enumerated point inside the paragraph: label 一是 + its lead text.
    Item {
        /// 一是, 二是, … (assigned by the tool).
        label: String,
        /// The point's lead, ending with 。.
        text: String,
    },
}

impl Paragraph {
    /// The paragraph text without the run-in heading.
    pub fn body_text(&self) -> String {
        let mut s = String::new();
        for i in &self.inlines {
            match i {
                Inline::Text(t) => s.push_str(t),
                Inline::Item { label, text } => {
                    s.push_str(label);
                    s.push_str(text);
                }
            }
        }
        s
    }

    /// The whole paragraph as printed (run-in heading included).
    pub fn text(&self) -> String {
        let mut s = self.run_in.as_ref().map(Heading::full).unwrap_or_default();
        s.push_str(&self.body_text());
        s
    }
}

/// The 落款 block.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// 发文机关署名.
    pub unit: String,
    /// 成文日期 as printed, e.g. 2024年7月8日.
    pub date: String,
    /// Sealed (右空四字) or unsealed (右空二字) placement.
    pub sealed: bool,
}

impl Signature {
    /// Right offsets (in character cells, counted from the right edge of the
    /// type area to the end of the text) of the unit line and the date line,
    /// per GB/T 9704-2012 §7.3.5.2: unsealed, the unit is 右空二字 and the date
    /// starts two cells right of the unit's first character; a date longer
    /// than that is itself 右空二字 and the unit moves left. Sealed: the date
    /// is 右空四字 and the unit is centred over the date.
    pub fn right_offsets(&self) -> (f32, f32) {
        let (u, d) = (text_cells(&self.unit), text_cells(&self.date));
        if self.sealed {
            let date_right = 4.0;
            let unit_right = date_right + (d - u) / 2.0;
            (unit_right.max(0.0), date_right)
        } else if d <= u - 2.0 {
            (2.0, 2.0 + (u - 2.0 - d))
        } else {
            (2.0 + (d - (u - 2.0)), 2.0)
        }
    }
}

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Rows; the first is the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A cell holding a figure (digits with `.,%+-`): set right-aligned.
    pub fn is_figure(cell: &str) -> bool {
        cell.chars().any(|c| c.is_ascii_digit()) && cell.chars().all(|c| c.is_ascii_digit() || ".,%-+".contains(c))
    }
}

/// Width of a text in character cells: full-width characters take one cell,
/// ASCII digits, Latin letters and half-width punctuation half a cell.
pub fn text_cells(s: &str) -> f32 {
    s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

impl Document {
    /// The document as lines of plain text, one per block, without
    /// indentation: what every renderer must show, in order.
    pub fn plain_lines(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        for b in &self.blocks {
            match b {
                Block::Heading(h) => out.push(h.full()),
                Block::Paragraph(p) => out.push(p.text()),
                Block::Signature(s) => {
                    out.push(s.unit.clone());
                    out.push(s.date.clone());
                }
                Block::Table(t) => out.extend(t.rows.iter().map(|r| r.join(" "))),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsealed_signature_shifts_the_date_two_cells_right() {
        let s = Signature { unit: "中共青石镇委员会".into(), date: "2024年7月8日".into(), sealed: false };
        // unit 8 cells, date 3 + 6 × 0.5 = 6 cells: it starts 2 cells right of the unit.
        let (u, d) = s.right_offsets();
        assert_eq!(u, 2.0);
        assert_eq!(d, 2.0);
        let mid = Signature { unit: "中共青石镇委员会".into(), date: "2024年7月18日".into(), sealed: false };
        assert_eq!(mid.right_offsets(), (2.5, 2.0));
        let short = Signature { unit: "镇党委".into(), date: "2024年12月26日".into(), sealed: false };
        let (u, d) = short.right_offsets();
        assert_eq!(d, 2.0);
        assert_eq!(u, 2.0 + (7.0 - 1.0)); // the unit moves left so the date keeps its 2-cell shift
    }

    #[test]
    fn paragraph_text_joins_run_in_and_items() {
        let p = Paragraph {
            run_in: Some(Heading { level: 2, number: "（一）".into(), text: "抓学习。".into() }),
            inlines: vec![Inline::Text("开头。".into()), Inline::Item { label: "一是".into(), text: "学理论。".into() }, Inline::Text("学了6次。".into())],
        };
        assert_eq!(p.text(), "（一）抓学习。开头。一是学理论。学了6次。");
    }
}
