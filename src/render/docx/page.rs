//! Page geometry in twips: the A4 page, the margins, the line and
//! character grid, the section properties and the two footers that carry
//! the page number. The values come from the document's format profile;
//! the numbers below are GB/T 9704-2012's, the default.
//!
//! # The grid: 28 characters × 22 lines
//!
//! The type area is 156 × 225 mm = 442.25 × 637.8 pt.
//!
//! * **Lines.** Every paragraph has an exact line height of 579 twips
//!   (28.95 pt) and the section has `w:docGrid w:type="lines"
//!   w:linePitch="579"`: 22 × 28.95 = 636.9 pt fits, 23 lines do not.
//!   Exact spacing decides the line height in Word and WPS, so they give
//!   22 lines; LibreOffice does too (measured) — except that it gives a
//!   line larger than the body (the 22 pt title) two grid lines, so the
//!   title is taken off the grid.
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
//!   LibreOffice does (measured in `tests/docx.rs`; not checked in Word,
//!   which is not available here). Punctuation is not compressed
//!   (`w:characterSpacingControl w:val="doNotCompress"`), which would let
//!   Word squeeze a 29th character into lines with 。，; and no space is
//!   added between Chinese and digits (`w:autoSpaceDE/DN` off), so a digit
//!   is half a cell. LibreOffice ignores the latter on import and adds a
//!   little space around digits and Latin letters, so its lines with
//!   numbers hold slightly fewer characters.
//!
//! # The page number
//!
//! "— n —" in 14 pt 宋体; GB/T 9704 §7.5 puts the 一字线 7 mm below the
//! type area. The dashes sit at the middle of the 14 pt footer line (exact
//! height), so the footer's bottom edge (`w:footer`) is 35 mm − 7 mm − 7 pt
//! above the paper's edge (25.5 mm). Odd pages right, even pages left, one
//! 14 pt character in; `w:evenAndOddHeaders` is set in the settings part.

use super::props::{Chars, Fonts, Indent, ParaProps, RunProps, Spacing};
use super::xml::Xml;
use crate::doc::FormatProfile;

/// Millimetres to twips, rounded.
pub(super) fn mm(mm: f32) -> u32 {
    (mm.max(0.0) * 1440.0 / 25.4).round() as u32
}

/// A4 width in twips.
pub(super) const PAGE_WIDTH: u32 = 11906;
/// A4 height in twips.
pub(super) const PAGE_HEIGHT: u32 = 16838;
/// Body font size, half-points (三号, 16 pt).
pub(super) const BODY_SIZE: u32 = 32;
/// The page number paragraph style of the footers (defined in [`super::styles`]).
pub(super) const PAGE_NUMBER: &str = "GwPageNumber";
/// Page number size, half-points (四号, 14 pt).
pub(super) const PAGE_NUMBER_SIZE: u32 = 28;
/// The footer line's height: one 14 pt line.
const FOOTER_LINE: u32 = PAGE_NUMBER_SIZE * 10;
/// Distance from the paper's top edge to the (empty) header.
const HEADER: u32 = 851;
/// Type areas narrower or lower than this (a profile with absurd margins)
/// are widened to it, so the section stays valid.
const MIN_TYPE: u32 = 2 * 1440;

/// The page of a format profile, in twips: margins, the line pitch and the
/// advance of one body character that give its lines × characters grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Geometry {
    /// 天头.
    pub top: u32,
    /// Bottom margin.
    pub bottom: u32,
    /// 订口 (left).
    pub left: u32,
    /// Right margin.
    pub right: u32,
    /// Exact line height and grid pitch.
    pub line: u32,
    /// Advance of one body character: 16 pt plus [`Geometry::condense`].
    pub cell: u32,
    /// Per-character spacing (negative: condensed), twentieths of a point.
    pub condense: i32,
    /// Distance from the paper's bottom edge to the footer's bottom edge.
    pub footer: u32,
    /// Landscape A4 (for tables too wide for a portrait page); the margins
    /// and the line pitch stay those of the portrait page.
    pub landscape: bool,
    /// A draft: the section refers to the 草稿 headers.
    pub draft: bool,
}

impl Geometry {
    /// The geometry of `format` (GB/T 9704 by default: 37/35/28/26 mm,
    /// 22 lines of 28 characters). The pitch and the cell are rounded down
    /// to whole twips so that the grid's lines and characters always fit.
    pub(super) fn new(format: &FormatProfile, landscape: bool) -> Self {
        let m = &format.margins;
        let (mut top, mut bottom, mut left, mut right) = (mm(m.top), mm(m.bottom), mm(m.left), mm(m.right));
        if top + bottom + MIN_TYPE > PAGE_HEIGHT {
            (top, bottom) = (mm(37.0), mm(35.0));
        }
        if left + right + MIN_TYPE > PAGE_WIDTH {
            (left, right) = (mm(28.0), mm(26.0));
        }
        let height = PAGE_HEIGHT - top - bottom;
        let width = PAGE_WIDTH - left - right;
        let line = match format.line_pitch {
            Some(pt) if pt.is_finite() && pt > 0.0 => (pt * 20.0).floor() as u32,
            _ => height / format.lines_per_page.max(1),
        }
        .clamp(BODY_SIZE * 10, height);
        let cell = (width / format.chars_per_line.max(1)).clamp(BODY_SIZE * 5, BODY_SIZE * 20);
        let condense = cell as i32 - (BODY_SIZE * 10) as i32;
        // The 一字线 (the middle of the 14 pt footer line) 7 mm below the type area.
        let footer = bottom.saturating_sub(mm(7.0) + FOOTER_LINE / 2);
        Geometry { top, bottom, left, right, line, cell, condense, footer, landscape, draft: format.draft }
    }

    /// Paper width and height.
    pub(super) fn paper(&self) -> (u32, u32) {
        if self.landscape { (PAGE_HEIGHT, PAGE_WIDTH) } else { (PAGE_WIDTH, PAGE_HEIGHT) }
    }

    /// Width of the type area.
    pub(super) fn type_width(&self) -> u32 {
        self.paper().0.saturating_sub(self.left + self.right)
    }
}

/// Relationship ids of the footers in `word/_rels/document.xml.rels`.
pub(super) const ODD_FOOTER_ID: &str = "rIdFooterOdd";
/// See [`ODD_FOOTER_ID`].
pub(super) const EVEN_FOOTER_ID: &str = "rIdFooterEven";

/// Relationship ids of a draft's headers (odd and even pages).
pub(super) const DRAFT_HEADER_IDS: [&str; 2] = ["rIdHeaderOdd", "rIdHeaderEven"];

/// Writes the body's `w:sectPr` (CT_SectPr order: header and footer
/// references, page size, margins, page numbering, columns, grid).
pub(super) fn write_section(x: &mut Xml, g: &Geometry) {
    x.open("w:sectPr", &[]);
    if g.draft {
        x.empty("w:headerReference", &[("w:type", "default"), ("r:id", DRAFT_HEADER_IDS[0])]);
        x.empty("w:headerReference", &[("w:type", "even"), ("r:id", DRAFT_HEADER_IDS[1])]);
    }
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", ODD_FOOTER_ID)]);
    x.empty("w:footerReference", &[("w:type", "even"), ("r:id", EVEN_FOOTER_ID)]);
    let (w, h) = g.paper();
    let (w, h) = (w.to_string(), h.to_string());
    if g.landscape {
        x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h), ("w:orient", "landscape")]);
    } else {
        x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h)]);
    }
    let margins = [
        ("w:top", g.top),
        ("w:right", g.right),
        ("w:bottom", g.bottom),
        ("w:left", g.left),
        ("w:header", HEADER),
        ("w:footer", g.footer),
        ("w:gutter", 0),
    ]
    .map(|(k, v)| (k, v.to_string()));
    let margins: Vec<(&str, &str)> = margins.iter().map(|(k, v)| (*k, v.as_str())).collect();
    x.empty("w:pgMar", &margins);
    x.empty("w:pgNumType", &[("w:fmt", "decimal"), ("w:start", "1")]);
    x.empty("w:cols", &[("w:space", "425")]);
    x.empty("w:docGrid", &[("w:type", "lines"), ("w:linePitch", &g.line.to_string())]);
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

/// A draft's header part: 草稿, centred, 三号, in the level-1 heading font.
pub(super) fn draft_header(font: Fonts<'_>) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:hdr", &[("xmlns:w", super::W_NS), ("xmlns:r", super::R_NS)]);
    x.open("w:p", &[]);
    ParaProps { off_grid: true, justify: Some("center"), ..ParaProps::default() }.write(&mut x);
    run(&mut x, RunProps { fonts: Some(font), size: Some(BODY_SIZE), ..RunProps::default() }, crate::layout::DRAFT_MARK);
    x.close("w:p");
    x.close("w:hdr");
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
    fn gbt9704_geometry_in_twips() {
        let g = Geometry::new(&FormatProfile::default(), false);
        assert_eq!((g.top, g.bottom, g.left, g.right), (2098, 1984, 1587, 1474));
        assert_eq!((g.type_width(), g.line, g.cell, g.condense), (8845, 579, 315, -5));
        let height = PAGE_HEIGHT - g.top - g.bottom;
        // 22 lines fit the 225 mm type area and 23 do not; 28 condensed
        // characters fit the 156 mm line and 29 do not.
        assert!(22 * g.line <= height && 23 * g.line > height);
        assert!(28 * g.cell <= g.type_width() && 29 * g.cell > g.type_width());
        // The footer line's middle is 7 mm (397 twips) below the type area.
        assert_eq!(g.bottom - (g.footer + FOOTER_LINE / 2), mm(7.0));
    }

    #[test]
    fn profiles_change_the_grid_and_absurd_ones_stay_valid() {
        let mut f = FormatProfile { line_pitch: Some(28.0), chars_per_line: 26, ..FormatProfile::default() };
        let g = Geometry::new(&f, false);
        assert_eq!((g.line, g.cell, g.condense), (560, 340, 20));
        f.margins.top = 300.0;
        f.lines_per_page = 0;
        f.line_pitch = None;
        let g = Geometry::new(&f, false);
        assert_eq!(g.top, 2098);
        assert!(g.line >= 320);
        let wide = Geometry::new(&FormatProfile::default(), true);
        assert_eq!((wide.paper(), wide.type_width(), wide.line), ((16838, 11906), 16838 - 1587 - 1474, 579));
    }
}
