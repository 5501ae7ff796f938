//! Page geometry of GB/T 9704-2012 in twips: the A4 page, the margins, the
//! line and character grid, the section properties and the two footers
//! that carry the page number.
//!
//! # The grid: 28 characters × 22 lines
//!
//! The type area is 156 × 225 mm = 442.25 × 637.8 pt.
//!
//! * **Lines.** Every paragraph has an exact line height of 579 twips
//!   (28.95 pt) and the section has `w:docGrid w:type="lines"
//!   w:linePitch="579"`: 22 × 28.95 = 636.9 pt fits, 23 lines do not.
//!   Exact spacing wins over the grid in Word, WPS and LibreOffice alike,
//!   so every client gets 22 lines.
//! * **Characters.** 28 characters of 16 pt are 448 pt, wider than the
//!   type area, so the characters must be condensed. Word's own 公文
//!   templates do it with `w:type="linesAndChars"` and a negative
//!   `w:charSpace` (−841 here); LibreOffice 7.4 lays that grid out with 14
//!   or 19 characters per line (research/docx-rs.md). We instead condense
//!   every character by 0.25 pt (`w:spacing w:val="-5"` in the Normal
//!   style): a character then advances 15.75 pt, and 28 × 15.75 = 441 pt
//!   fits the 442.25 pt line while 29 (456.75 pt) do not. Character spacing
//!   is plain arithmetic that every client applies the same way — no grid
//!   cell computation — so Word and WPS should give 28 per line just as
//!   LibreOffice does (measured in `tests/docx.rs`). Punctuation is not
//!   compressed (`w:characterSpacingControl w:val="doNotCompress"`), which
//!   would otherwise let Word fit a 29th character on lines with 。，.
//!
//! # The page number
//!
//! "— n —" in 14 pt 宋体; GB/T 9704 §7.5 puts the 一字线 7 mm below the
//! type area. The dashes sit at the middle of the 14 pt footer line (exact
//! height), so the footer's bottom edge (`w:footer`) is 35 mm − 7 mm − 7 pt
//! above the paper's edge (25.5 mm). Odd pages right, even pages left, one
//! 14 pt character in; `w:evenAndOddHeaders` is set in the settings part.

use super::props::{Chars, Indent, ParaProps, RunProps, Spacing};
use super::styles::PAGE_NUMBER;
use super::xml::Xml;

/// Millimetres (whole) to twips, rounded.
pub(super) const fn mm(mm: u32) -> u32 {
    (mm * 14_400 + 127) / 254
}

/// A4 width.
pub(super) const PAGE_WIDTH: u32 = mm(210);
/// A4 height.
pub(super) const PAGE_HEIGHT: u32 = mm(297);
/// 天头.
pub(super) const MARGIN_TOP: u32 = mm(37);
/// Bottom margin (the type area is 225 mm high).
pub(super) const MARGIN_BOTTOM: u32 = mm(35);
/// 订口 (left).
pub(super) const MARGIN_LEFT: u32 = mm(28);
/// Right margin (the type area is 156 mm wide).
pub(super) const MARGIN_RIGHT: u32 = mm(26);
/// Width of the type area.
pub(super) const TYPE_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Exact line height and grid pitch: 28.95 pt, 22 lines in 225 mm.
pub(super) const LINE: u32 = 579;
/// Body font size, half-points (三号, 16 pt).
pub(super) const BODY_SIZE: u32 = 32;
/// Per-character condensing, twentieths of a point (−0.25 pt).
pub(super) const CONDENSE: i32 = -5;
/// Advance of one body character in twips: 16 pt − 0.25 pt.
pub(super) const CELL: u32 = ((BODY_SIZE * 10) as i32 + CONDENSE) as u32;
/// Page number size, half-points (四号, 14 pt).
pub(super) const PAGE_NUMBER_SIZE: u32 = 28;
/// The footer line's height: one 14 pt line.
const FOOTER_LINE: u32 = PAGE_NUMBER_SIZE * 10;
/// Distance from the paper's bottom edge to the footer's bottom edge, so
/// that the middle of the page number line (the 一字线) is 7 mm below the
/// type area.
pub(super) const FOOTER: u32 = MARGIN_BOTTOM - mm(7) - FOOTER_LINE / 2;
/// Distance from the paper's top edge to the (empty) header.
const HEADER: u32 = 851;

// The grid, checked at compile time: 22 lines fit the 225 mm type area and
// 23 do not; 28 condensed characters fit the 156 mm line and 29 do not.
const _: () = assert!(22 * LINE <= PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM && 23 * LINE > PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
const _: () = assert!(28 * CELL <= TYPE_WIDTH && 29 * CELL > TYPE_WIDTH);

/// Relationship ids of the footers in `word/_rels/document.xml.rels`.
pub(super) const ODD_FOOTER_ID: &str = "rIdFooterOdd";
/// See [`ODD_FOOTER_ID`].
pub(super) const EVEN_FOOTER_ID: &str = "rIdFooterEven";

/// Writes the body's `w:sectPr` (CT_SectPr order: footer references, page
/// size, margins, page numbering, columns, grid).
pub(super) fn write_section(x: &mut Xml) {
    x.open("w:sectPr", &[]);
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", ODD_FOOTER_ID)]);
    x.empty("w:footerReference", &[("w:type", "even"), ("r:id", EVEN_FOOTER_ID)]);
    x.empty("w:pgSz", &[("w:w", &PAGE_WIDTH.to_string()), ("w:h", &PAGE_HEIGHT.to_string())]);
    let margins = [
        ("w:top", MARGIN_TOP),
        ("w:right", MARGIN_RIGHT),
        ("w:bottom", MARGIN_BOTTOM),
        ("w:left", MARGIN_LEFT),
        ("w:header", HEADER),
        ("w:footer", FOOTER),
        ("w:gutter", 0),
    ]
    .map(|(k, v)| (k, v.to_string()));
    let margins: Vec<(&str, &str)> = margins.iter().map(|(k, v)| (*k, v.as_str())).collect();
    x.empty("w:pgMar", &margins);
    x.empty("w:pgNumType", &[("w:fmt", "decimal"), ("w:start", "1")]);
    x.empty("w:cols", &[("w:space", "425")]);
    x.empty("w:docGrid", &[("w:type", "lines"), ("w:linePitch", &LINE.to_string())]);
    x.close("w:sectPr");
}

/// Which pages a footer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Odd pages (the section's default footer): right, one character in.
    Odd,
    /// Even pages: left, one character in.
    Even,
}

/// The footer part for one side: "— PAGE —".
pub(super) fn footer(side: Side) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", super::W_NS), ("xmlns:r", super::R_NS)]);
    let one_char = Some(Chars { twips: FOOTER_LINE, hundredths: 100 });
    let (justify, indent) = match side {
        Side::Odd => ("right", Indent { right: one_char, ..Indent::default() }),
        Side::Even => ("left", Indent { left: one_char, ..Indent::default() }),
    };
    x.open("w:p", &[]);
    ParaProps { style: Some(PAGE_NUMBER), indent: Some(indent), justify: Some(justify), ..ParaProps::default() }.write(&mut x);
    // 一字线 on both sides: an ambiguous character, kept in 宋体 by the hint.
    let dash = RunProps { hint_east_asia: true, ..RunProps::default() };
    run(&mut x, dash, "— ");
    field_char(&mut x, "begin");
    x.open("w:r", &[]).leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ").close("w:r");
    field_char(&mut x, "separate");
    run(&mut x, RunProps::default(), if side == Side::Odd { "1" } else { "2" });
    field_char(&mut x, "end");
    run(&mut x, dash, " —");
    x.close("w:p");
    x.close("w:ftr");
    x.finish()
}

fn field_char(x: &mut Xml, kind: &str) {
    x.open("w:r", &[]).empty("w:fldChar", &[("w:fldCharType", kind)]).close("w:r");
}

/// A run of text; `xml:space="preserve"` when the text has edge spaces.
pub(super) fn run(x: &mut Xml, props: RunProps<'_>, text: &str) {
    x.open("w:r", &[]);
    props.write(x);
    let keep = text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace);
    x.leaf("w:t", if keep { &[("xml:space", "preserve")] } else { &[] }, text);
    x.close("w:r");
}

/// Exact single-line spacing with nothing before or after.
pub(super) const fn exact(line: u32) -> Spacing {
    Spacing { before: 0, after: 0, line }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_in_twips() {
        assert_eq!((PAGE_WIDTH, PAGE_HEIGHT), (11906, 16838));
        assert_eq!((MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT), (2098, 1984, 1587, 1474));
        assert_eq!((TYPE_WIDTH, CELL, LINE), (8845, 315, 579));
        // The footer line's middle is 7 mm (397 twips) below the type area.
        assert_eq!(MARGIN_BOTTOM - (FOOTER + FOOTER_LINE / 2), mm(7));
    }
}
