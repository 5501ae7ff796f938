//! Blocks to lines (second step of layout): the title, headings,
//! paragraphs (with run-in headings), the 落款 and tables become a flat list
//! of [`Item`]s — set lines not yet placed on a page, with the keep rules
//! the [`super::pager`] honours. Run baselines are filled in by the pager.

use super::breaker::{self, Glyph, Measure, SetLine};
use super::{Grid, Line, LineKind, Metrics, Role, Run};
use crate::doc::{Block, Document, Heading, Inline, Paragraph, Signature, Table};

/// A line or blank slot waiting for a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The line; `None` is an empty slot (dropped at a page top).
    pub line: Option<Line>,
    /// Must stay on the same page as the next item.
    pub keep_with_next: bool,
}

/// Every item of the document in order.
pub fn lines_of(doc: &Document, grid: &Grid, metrics: &dyn Metrics) -> Vec<Item> {
    let mut out = title(&doc.title, grid, metrics);
    out.push(Item { line: None, keep_with_next: false });
    let bold = |h: &Heading| doc.format.bold_levels.contains(&h.level);
    let mut after_heading = false;
    for b in &doc.blocks {
        let before = out.len();
        match b {
            Block::Heading(h) => heading(h, bold(h), grid, metrics, &mut out),
            Block::Paragraph(p) => {
                paragraph(p, p.run_in.as_ref().is_some_and(bold), grid, metrics, &mut out);
                // A heading over a one-line paragraph takes the next line along too.
                if after_heading && out.len() == before + 1 {
                    out[before].keep_with_next = true;
                }
            }
            Block::Signature(s) => signature(s, grid, metrics, &mut out),
            Block::Table(t) => table(t, grid, metrics, &mut out),
        }
        after_heading = matches!(b, Block::Heading(_));
    }
    out
}

fn body_measure(grid: &Grid, indent: f32) -> Measure {
    Measure { width: grid.measure, first_indent: indent * grid.cell(), base: grid.cell() - grid.body_size, cell: grid.cell(), justify: true, squeeze: grid.squeeze, hang: grid.hang }
}

fn glyphs(text: &str, role: Role, size: f32, metrics: &dyn Metrics, out: &mut Vec<Glyph>) {
    glyphs_bold(text, role, false, size, metrics, out);
}

/// [`glyphs`] in bold when `bold`.
fn glyphs_bold(text: &str, role: Role, bold: bool, size: f32, metrics: &dyn Metrics, out: &mut Vec<Glyph>) {
    out.extend(text.chars().map(|c| Glyph { bold, ..Glyph::new(c, role, size, metrics) }));
}

fn line(glyphs: &[Glyph], set: &SetLine, kind: LineKind, size: f32, grid: &Grid) -> Line {
    Line { slot: 0, kind, runs: breaker::runs(glyphs, set, size, grid.left, 0.0), extent: set.extent, hang: set.hang, squeezed: set.squeezed, frame: Vec::new() }
}

/// Sets `glyphs` as a block of body-size lines; the first line keeps with
/// the second (no lone first line at a page foot, so a heading above it
/// always has two lines of text under it) and the second-to-last with the
/// last (no lone last line at a page top); `keep_all` keeps every line
/// with the next.
fn push_block(glyphs: &[Glyph], m: &Measure, kind: impl Fn(bool) -> LineKind, keep_all: bool, grid: &Grid, out: &mut Vec<Item>) {
    let set = breaker::break_lines(glyphs, m);
    let n = set.len();
    for (i, s) in set.iter().enumerate() {
        let l = line(glyphs, s, kind(s.last), grid.body_size, grid);
        let keep = keep_all || (n >= 2 && (i + 2 == n || i == 0));
        out.push(Item { line: Some(l), keep_with_next: keep });
    }
}

fn heading(h: &Heading, bold: bool, grid: &Grid, metrics: &dyn Metrics, out: &mut Vec<Item>) {
    let mut g = Vec::new();
    glyphs_bold(&h.full(), Role::of_heading(h.level), bold, grid.body_size, metrics, &mut g);
    push_block(&g, &body_measure(grid, grid.indent), |_| LineKind::Heading(h.level), true, grid, out);
}

fn paragraph(p: &Paragraph, bold_run_in: bool, grid: &Grid, metrics: &dyn Metrics, out: &mut Vec<Item>) {
    let mut g = Vec::new();
    if let Some(h) = &p.run_in {
        glyphs_bold(&h.full(), Role::of_heading(h.level), bold_run_in, grid.body_size, metrics, &mut g);
    }
    for i in &p.inlines {
        match i {
            Inline::Text(t) => glyphs(t, Role::Body, grid.body_size, metrics, &mut g),
            Inline::Item { label, text } => {
                glyphs(label, Role::Body, grid.body_size, metrics, &mut g);
                glyphs(text, Role::Body, grid.body_size, metrics, &mut g);
            }
        }
    }
    if g.is_empty() {
        return;
    }
    push_block(&g, &body_measure(grid, grid.indent), |last| LineKind::Body { last }, false, grid, out);
}

/// The 落款: a blank line (two when sealed), then unit and date placed by
/// [`Signature::right_offsets`]; kept together and with the text above.
fn signature(s: &Signature, grid: &Grid, metrics: &dyn Metrics, out: &mut Vec<Item>) {
    if let Some(prev) = out.last_mut() {
        prev.keep_with_next = true;
    }
    // GB/T 9704 §7.3.5: one blank line; sealed, two, so the seal's top is within a line of the text.
    for _ in 0..if s.sealed { 2 } else { 1 } {
        out.push(Item { line: None, keep_with_next: true });
    }
    let (unit_right, date_right) = s.right_offsets();
    let base = grid.cell() - grid.body_size;
    for (i, (text, right)) in [(&s.unit, unit_right), (&s.date, date_right)].into_iter().enumerate() {
        let mut g = Vec::new();
        glyphs(text, Role::Body, grid.body_size, metrics, &mut g);
        let width: f32 = g.iter().map(|g| g.adv + base).sum();
        let end = grid.measure - right * grid.cell();
        let start = (end - width).max(0.0);
        let mut x = Vec::with_capacity(g.len());
        let mut pen = start;
        for gl in &g {
            x.push(pen);
            pen += gl.adv + base;
        }
        let set = SetLine { range: 0..g.len(), x, extent: pen, hang: false, squeezed: false, last: true };
        out.push(Item { line: Some(line(&g, &set, LineKind::Signature, grid.body_size, grid)), keep_with_next: i == 0 });
    }
}

/// A table as lines, one grid slot a row: columns as wide as their widest
/// cell plus a quarter cell of padding each side, the slack of the measure
/// shared out equally, so the ruled frame spans the type area; the header
/// row is bold and centred, figures are right-aligned, text left. When the
/// columns do not fit the measure, each row is set as running text with
/// cells joined by a full-width space (no frame).
fn table(t: &Table, grid: &Grid, metrics: &dyn Metrics, out: &mut Vec<Item>) {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if cols == 0 {
        return;
    }
    let base = grid.cell() - grid.body_size;
    // Visible width: the grid spacing after the last glyph does not count.
    let width = |s: &str| -> f32 { s.chars().map(|c| metrics.advance(Role::Body, c) * grid.body_size + base).sum::<f32>() - if s.is_empty() { 0.0 } else { base } };
    let pad = grid.cell() / 4.0;
    let natural: Vec<f32> = (0..cols).map(|i| t.rows.iter().filter_map(|r| r.get(i)).map(|c| width(c)).fold(0.0, f32::max) + 2.0 * pad).collect();
    let total: f32 = natural.iter().sum();
    let fits = total <= grid.measure;
    let slack = ((grid.measure - total) / cols as f32).max(0.0);
    let edges: Vec<f32> = std::iter::once(0.0).chain(natural.iter().scan(0.0, |x, w| {
        *x += w + slack;
        Some(*x)
    })).collect();
    for (r, row) in t.rows.iter().enumerate() {
        let header = r == 0;
        if fits {
            let mut runs = Vec::new();
            for (i, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                let (left, right, w) = (edges[i] + pad, edges[i + 1] - pad, width(cell));
                let x = if header { (left + right - w) / 2.0 } else if Table::is_figure(cell) { right - w } else { left };
                runs.push(Run { role: Role::Body, size: grid.body_size, x: grid.left + x, y: 0.0, text: cell.clone(), spacing: base, bold: header });
            }
            let frame = edges.iter().map(|e| grid.left + e).collect();
            let l = Line { slot: 0, kind: LineKind::Table, runs, extent: edges[cols], hang: false, squeezed: false, frame };
            out.push(Item { line: Some(l), keep_with_next: header });
        } else {
            let mut g = Vec::new();
            glyphs_bold(&row.join("\u{3000}"), Role::Body, header, grid.body_size, metrics, &mut g);
            let m = Measure { justify: false, ..body_measure(grid, 0.0) };
            push_block(&g, &m, |_| LineKind::Table, header, grid, out);
        }
    }
}

/// The title: 22 pt, centred; a title wider than the measure is broken at
/// word boundaries into lines of balanced width in a trapezoid (正梯形: an
/// upper line not longer than the one below), at [`title_breaks`] when the
/// font's lines fit there.
fn title(text: &str, grid: &Grid, metrics: &dyn Metrics) -> Vec<Item> {
    let size = grid.title_size;
    let mut g = Vec::new();
    glyphs(text, Role::Title, size, metrics, &mut g);
    let chars: Vec<char> = g.iter().map(|g| g.c).collect();
    let breaks = title_breaks(text, grid).filter(|b| fits(&g, b, grid.measure)).unwrap_or_else(|| balanced_breaks(&chars, &g, grid.measure, size));
    let mut out = Vec::new();
    let mut start = 0;
    for end in breaks.into_iter().chain([g.len()]) {
        let w: f32 = g[start..end].iter().map(|g| g.adv).sum();
        let left = ((grid.measure - w) / 2.0).max(0.0);
        let mut x = Vec::new();
        let mut pen = left;
        for gl in &g[start..end] {
            x.push(pen);
            pen += gl.adv;
        }
        let set = SetLine { range: start..end, x, extent: pen, hang: false, squeezed: false, last: true };
        let l = Line { slot: 0, kind: LineKind::Title, runs: breaker::runs(&g, &set, size, grid.left, 0.0), extent: pen, hang: false, squeezed: false, frame: Vec::new() };
        out.push(Item { line: Some(l), keep_with_next: true });
        start = end;
    }
    out
}

/// Words a title line may start with, and characters it may end with.
const TITLE_STARTS: [&str; 13] = ["关于", "党建", "上半年", "下半年", "全年", "年度", "工作", "总结", "报告", "情况", "和", "与", "及"];
const TITLE_ENDS: &str = "会委镇乡县市区村道的于组部年";

/// Break positions (glyph indices) for a title: cluster boundaries only
/// (so 禁则 holds), preferring word boundaries and fewer lines, choosing
/// the split whose line widths are most even (2 or 3 lines searched
/// exhaustively).
pub fn balanced_breaks(chars: &[char], g: &[Glyph], measure: f32, size: f32) -> Vec<usize> {
    let total: f32 = g.iter().map(|g| g.adv).sum();
    if total <= measure + 0.01 {
        return Vec::new();
    }
    let bounds: Vec<usize> = breaker::clusters(chars).iter().map(|r| r.end).filter(|&e| e < chars.len()).collect();
    let prefix: Vec<f32> = std::iter::once(0.0).chain(g.iter().scan(0.0, |s, g| { *s += g.adv; Some(*s) })).collect();
    let penalty = |b: usize| -> f32 {
        let rest: String = chars[b..].iter().take(3).collect();
        let word = TITLE_ENDS.contains(chars[b - 1]) || TITLE_STARTS.iter().any(|w| rest.starts_with(w)) || (chars[b - 1] == '年' && chars[b.saturating_sub(2)].is_ascii_digit()) || chars[b].is_ascii_digit() != chars[b - 1].is_ascii_digit();
        if word { 0.0 } else { 8.0 * size }
    };
    let score = |cuts: &[usize]| -> Option<f32> {
        let edges: Vec<usize> = std::iter::once(0).chain(cuts.iter().copied()).chain([chars.len()]).collect();
        let widths: Vec<f32> = edges.windows(2).map(|w| prefix[w[1]] - prefix[w[0]]).collect();
        if widths.iter().any(|&w| w > measure + 0.01) {
            return None;
        }
        let mean = total / widths.len() as f32;
        let shape: f32 = widths.windows(2).map(|w| if w[0] > w[1] + 0.01 { size } else { 0.0 }).sum();
        let lines = 4.0 * size * cuts.len() as f32;
        Some(widths.iter().map(|w| (w - mean).abs()).sum::<f32>() + shape + lines + cuts.iter().map(|&b| penalty(b)).sum::<f32>())
    };
    let mut best: Option<(f32, Vec<usize>)> = None;
    let mut consider = |cuts: Vec<usize>| {
        if let Some(s) = score(&cuts)
            && best.as_ref().is_none_or(|(b, _)| s < *b)
        {
            best = Some((s, cuts));
        }
    };
    for (i, &a) in bounds.iter().enumerate() {
        consider(vec![a]);
        for &b in &bounds[i + 1..] {
            consider(vec![a, b]);
        }
    }
    if let Some((_, cuts)) = best {
        return cuts;
    }
    // Longer than three lines: greedy at cluster boundaries.
    let mut cuts = Vec::new();
    let (mut start, mut prev) = (0, None);
    for &b in &bounds {
        if prefix[b] - prefix[start] > measure
            && let Some(p) = prev
        {
            cuts.push(p);
            start = p;
        }
        prev = Some(b);
    }
    cuts
}

/// Where a title breaks, as character indices, chosen on font-free
/// advances ([`super::FixedMetrics`]) so the PDF and the .docx (which has
/// no fonts to measure) break it at the same places; `None` when it fits
/// on one line.
pub fn title_breaks(text: &str, grid: &Grid) -> Option<Vec<usize>> {
    let mut g = Vec::new();
    glyphs(text, Role::Title, grid.title_size, &super::FixedMetrics, &mut g);
    let chars: Vec<char> = text.chars().collect();
    let breaks = balanced_breaks(&chars, &g, grid.measure, grid.title_size);
    (!breaks.is_empty()).then_some(breaks)
}

/// Whether every line of `g` cut at `breaks` fits the measure.
fn fits(g: &[Glyph], breaks: &[usize], measure: f32) -> bool {
    let edges: Vec<usize> = std::iter::once(0).chain(breaks.iter().copied()).chain([g.len()]).collect();
    edges.windows(2).all(|w| g[w[0]..w[1]].iter().map(|g| g.adv).sum::<f32>() <= measure + 0.01)
}
