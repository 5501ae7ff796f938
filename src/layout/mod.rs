//! Layout: the pure stage between the [`Document`] and the PDF writer.
//! `Document → PagedDocument`: pages of lines on the GB/T 9704 grid, each
//! line made of positioned runs (font role, size, x/y in pt, text, character
//! spacing). No font file and no PDF crate is touched here; glyph advances
//! come through the [`Metrics`] trait, so everything is testable with fake
//! metrics. `render::pdf` turns the result into bytes.
//!
//! Stages: [`breaker`] (clusters with 禁则, greedy line breaking on the
//! strict grid or with squeeze/hang, justification), [`blocks`] (title, headings, paragraphs,
//! 落款, tables → lines), [`pager`] (lines → pages with keep rules and page
//! numbers), [`dump`] (a textual form for snapshot tests).

pub mod blocks;
pub mod breaker;
pub mod dump;
pub mod pager;

use crate::doc::Document;

/// Millimetres to points.
pub const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Which font a run is set in. The PDF writer maps roles to font files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// 小标宋: the title.
    Title,
    /// 仿宋: body text, 1. and （1） headings, 落款.
    Body,
    /// 黑体: 一、 headings.
    Heading1,
    /// 楷体: （一） headings.
    Heading2,
    /// 宋体: page numbers.
    PageNumber,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 5] = [Role::Title, Role::Body, Role::Heading1, Role::Heading2, Role::PageNumber];

    /// The role of a numbered heading of `level` (1 to 4).
    pub fn of_heading(level: u8) -> Role {
        match level {
            1 => Role::Heading1,
            2 => Role::Heading2,
            _ => Role::Body,
        }
    }
}

/// Glyph advances of the fonts behind each role.
pub trait Metrics {
    /// Advance width of `c` in the font of `role`, in em (1.0 = the font size).
    fn advance(&self, role: Role, c: char) -> f32;

    /// Top of the ink of `c` in the font of `role`, in em above the
    /// baseline, if the font says; the page number is placed by its dashes' ink.
    fn ink_top(&self, _role: Role, _c: char) -> Option<f32> {
        None
    }
}

/// Metrics without fonts: ASCII half an em, everything else a full em.
/// Used by tests and anywhere a font-free estimate is enough.
#[derive(Debug, Default, Clone, Copy)]
pub struct FixedMetrics;

impl Metrics for FixedMetrics {
    fn advance(&self, _role: Role, c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }
}

/// The page geometry of a format profile, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Paper width and height.
    pub page: (f32, f32),
    /// Left edge of the type area.
    pub left: f32,
    /// Top edge of the type area.
    pub top: f32,
    /// Width of the type area (the measure).
    pub measure: f32,
    /// Height of the type area.
    pub height: f32,
    /// Body lines per page.
    pub lines: usize,
    /// Characters per body line.
    pub chars: usize,
    /// Body font size.
    pub body_size: f32,
    /// Title font size.
    pub title_size: f32,
    /// Page number font size.
    pub folio_size: f32,
    /// Distance from the type area's lower edge to the top of the page number.
    pub folio_gap: f32,
    /// First-line indent of paragraphs and headings, in cells.
    pub indent: f32,
    /// Body line pitch (default: height / lines).
    pub line_pitch: f32,
    /// Punctuation may be squeezed to fit a line (off on the strict grid).
    pub squeeze: bool,
    /// A closing point may hang past the measure (off on the strict grid).
    pub hang: bool,
}

impl Grid {
    /// The strict GB/T 9704-2012 profile: A4, type area 156 × 225 mm at
    /// 37 mm from the top and 28 mm from the left, 22 lines of 28 characters
    /// in 三号 (16 pt), title 二号 (22 pt), page numbers 四号 (14 pt) 7 mm below.
    pub fn gbt9704() -> Self {
        Grid {
            page: (mm(210.0), mm(297.0)),
            left: mm(28.0),
            top: mm(37.0),
            measure: mm(156.0),
            height: mm(225.0),
            lines: 22,
            chars: 28,
            body_size: 16.0,
            title_size: 22.0,
            folio_size: 14.0,
            folio_gap: mm(7.0),
            indent: 2.0,
            line_pitch: mm(225.0) / 22.0,
            squeeze: false,
            hang: false,
        }
    }

    /// The grid a document's format asks for: the strict GB/T 9704 grid for
    /// the default profile, else the profile's own. The PDF renderer and the
    /// editor's preview both lay out on this, so their lines and pages agree.
    pub fn for_format(f: &crate::doc::FormatProfile) -> Self {
        if *f == crate::doc::FormatProfile::default() { Grid::gbt9704() } else { Grid::from_profile(f) }
    }

    /// The grid of a format profile: its margins (A4), lines per page,
    /// characters per line and line pitch; sizes as GB/T 9704.
    pub fn from_profile(f: &crate::doc::FormatProfile) -> Self {
        let m = f.margins;
        Grid {
            left: mm(m.left),
            top: mm(m.top),
            measure: mm(210.0 - m.left - m.right),
            height: mm(297.0 - m.top - m.bottom),
            lines: f.lines_per_page as usize,
            chars: f.chars_per_line as usize,
            line_pitch: f.pitch_pt(),
            squeeze: f.squeeze,
            hang: f.hang,
            ..Grid::gbt9704()
        }
    }

    /// Width of one character cell of the body grid (15.79 pt).
    pub fn cell(&self) -> f32 {
        self.measure / self.chars as f32
    }

    /// Line pitch (28.99 pt under GB/T 9704).
    pub fn pitch(&self) -> f32 {
        self.line_pitch
    }

    /// Baseline (from the page top) of a line of `size` in grid slot `slot`:
    /// the em box (ideographic, 0.88 em above the baseline) is centred in the slot.
    pub fn baseline(&self, slot: usize, size: f32) -> f32 {
        self.top + slot as f32 * self.pitch() + (self.pitch() - size) / 2.0 + 0.88 * size
    }
}

/// A laid-out document: what the PDF writer draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedDocument {
    /// The geometry the pages were laid out on.
    pub grid: Grid,
    /// Pages in order.
    pub pages: Vec<Page>,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Lines in slot order.
    pub lines: Vec<Line>,
    /// The page number ("— n —").
    pub folio: Run,
    /// The draft mark (草稿) above the type area, on a draft's every page.
    pub mark: Option<Run>,
}

/// What a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A line of the title.
    Title,
    /// A heading on its own line (level 1 to 4).
    Heading(u8),
    /// A body line; `last` marks the paragraph's last line.
    Body {
        /// The paragraph's last line (not justified).
        last: bool,
    },
    /// A line of the 落款.
    Signature,
    /// A table row (or part of one).
    Table,
}

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Grid slot on the page, 0-based (0 to lines − 1).
    pub slot: usize,
    /// What the line belongs to.
    pub kind: LineKind,
    /// Runs left to right.
    pub runs: Vec<Run>,
    /// Right end of the last non-hanging glyph box, relative to the type area's left edge.
    pub extent: f32,
    /// A punctuation mark hangs past the measure.
    pub hang: bool,
    /// Punctuation was squeezed to fit.
    pub squeezed: bool,
    /// A table row set in columns: the x of every column edge (page
    /// coordinates, left to right); the writer rules the cell borders along
    /// them and along the slot's top and bottom. Empty for other lines.
    pub frame: Vec<f32>,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A run of glyphs in one font and size, spaced evenly.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Font role.
    pub role: Role,
    /// Font size in pt.
    pub size: f32,
    /// Left edge of the first glyph, from the page's left edge.
    pub x: f32,
    /// Baseline, from the page's top edge.
    pub y: f32,
    /// The characters.
    pub text: String,
    /// Extra space after each glyph (the PDF `Tc`), in pt; negative tightens.
    pub spacing: f32,
    /// Set in bold (a profile's `bold_levels`, table headers): the writer
    /// emboldens the role's font, as Word does for fonts without a bold face.
    pub bold: bool,
}

/// The page header of a draft.
pub const DRAFT_MARK: &str = "草稿";

/// Lays out a document on `grid` with the advances of `metrics`; a draft's
/// pages carry the 草稿 mark.
pub fn layout(doc: &Document, grid: &Grid, metrics: &dyn Metrics) -> PagedDocument {
    let lines = blocks::lines_of(doc, grid, metrics);
    let mut pages = pager::paginate(lines, grid, metrics);
    if doc.format.draft {
        for p in &mut pages {
            p.mark = Some(pager::mark(DRAFT_MARK, grid, metrics));
        }
    }
    PagedDocument { grid: grid.clone(), pages }
}

#[cfg(test)]
mod tests;
