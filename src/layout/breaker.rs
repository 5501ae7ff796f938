//! Line breaking for CJK text on a character grid (first step of layout).
//!
//! Text is cut into unbreakable clusters: one ideograph, or a run of
//! digits/Latin with its measure word (6次, 420人次, 612.5万元) or a whole
//! date (2024年7月8日), with opening brackets glued to what follows and
//! closing punctuation glued to what precedes — so no line can start with
//! ，。、；：？！）》”’」』…— % and none can end with （《“‘「『 (禁则). Lines
//! are filled greedily. On the strict grid (the default) a cluster that
//! overflows moves to the next line and the short line is letter-spaced to
//! the measure, so no line holds more than the grid's characters and
//! nothing is drawn outside the type area. A profile may allow squeezing
//! full-width punctuation (up to half a cell each) and hanging one closing
//! point past the measure ([`Measure::squeeze`], [`Measure::hang`]). A
//! paragraph's last line of one or two glyphs takes a cluster or two from
//! the line above when that line stays nearly full. Every line but a
//! paragraph's last is justified to the full measure.

use super::{Metrics, Role, Run};

/// One glyph to set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character.
    pub c: char,
    /// Its font role.
    pub role: Role,
    /// Its natural advance in pt.
    pub adv: f32,
    /// Set in bold (emboldened; the advance does not change).
    pub bold: bool,
}

impl Glyph {
    /// A glyph of `c` in `role` at `size` pt.
    pub fn new(c: char, role: Role, size: f32, metrics: &dyn Metrics) -> Self {
        Glyph { c, role, adv: metrics.advance(role, c) * size, bold: false }
    }
}

/// Characters that must not start a line.
pub fn no_line_start(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '”' | '’' | '」' | '』' | '…' | '—' | '%' | '％' | '〕' | '】' | '］' | '｝' | '〉' | '·' | '・' | ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}')
}

/// Characters that must not end a line.
pub fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '《' | '“' | '‘' | '「' | '『' | '〔' | '【' | '［' | '｛' | '〈' | '(' | '[' | '{')
}

/// Full-width punctuation whose ink sits in the left half of its cell, so
/// the right half can be squeezed away.
fn squeezable(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '》' | '”' | '’' | '」' | '』' | '〕' | '】')
}

/// Points that may hang past the end of a line.
fn hangable(c: char) -> bool {
    matches!(c, '，' | '。' | '、')
}

/// Measure words that stay with the number before them.
fn unit_char(c: char) -> bool {
    "年月日时分秒次名人个户家场期项篇条件元万亿岁余多批轮所座处块份本套台辆栋间册千百点届%％".contains(c)
}

fn wordish(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Splits `text` into unbreakable clusters (byte-free: indices into `chars`).
pub fn clusters(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let start = i;
        while i < n && no_line_end(chars[i]) {
            i += 1;
        }
        if i < n {
            if wordish(chars[i]) {
                i = word_end(chars, i);
            } else {
                i += 1;
            }
        }
        while i < n && no_line_start(chars[i]) && !joins_number(chars, i) {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// A '.' or ',' between digits belongs to the number, not to the closers.
fn joins_number(chars: &[char], i: usize) -> bool {
    matches!(chars[i], '.' | ',') && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit)
}

/// End of a word starting at `i`: Latin/digits, decimal points, and for a
/// number its measure word and the rest of a date.
fn word_end(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    let numeric = chars[i].is_ascii_digit();
    loop {
        while i < n && (wordish(chars[i]) || (i > 0 && joins_number(chars, i))) {
            i += 1;
        }
        if !numeric {
            return i;
        }
        let mut units = 0;
        while i < n && units < 3 && unit_char(chars[i]) {
            i += 1;
            units += 1;
        }
        // 2024年7月8日 stays whole.
        let date_goes_on = i > 0 && matches!(chars[i - 1], '年' | '月') && chars.get(i).is_some_and(char::is_ascii_digit);
        if !date_goes_on {
            return i;
        }
    }
}

/// Line-setting parameters.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Available width in pt.
    pub width: f32,
    /// Indent of the first line in pt.
    pub first_indent: f32,
    /// Spacing added to every glyph's advance in a natural line (cell − size for the body grid).
    pub base: f32,
    /// Width of one grid cell (the squeeze unit).
    pub cell: f32,
    /// Justify all lines but the last.
    pub justify: bool,
    /// May squeeze full-width punctuation (up to half a cell each) to fit
    /// one more cluster; off on the strict grid.
    pub squeeze: bool,
    /// May let a closing point hang past the measure; off on the strict grid.
    pub hang: bool,
}

/// A set line: glyphs `range` at offsets `x` (from the type area's left edge).
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// Glyph indices.
    pub range: std::ops::Range<usize>,
    /// Left edge of each glyph of the range.
    pub x: Vec<f32>,
    /// Right end of the last non-hanging glyph box.
    pub extent: f32,
    /// The last glyph hangs past the measure.
    pub hang: bool,
    /// Punctuation was squeezed.
    pub squeezed: bool,
    /// The paragraph's last line.
    pub last: bool,
}

/// A paragraph's last line shorter than this (in glyphs) is pulled up to
/// it by moving clusters down from the line above, when that line stays
/// full to within [`MAX_PULL`] cells.
const MIN_LAST: usize = 3;
/// Cells the line above may give up to lengthen a short last line.
const MAX_PULL: f32 = 3.0;

/// Breaks `glyphs` into lines of `m.width`.
pub fn break_lines(glyphs: &[Glyph], m: &Measure) -> Vec<SetLine> {
    let chars: Vec<char> = glyphs.iter().map(|g| g.c).collect();
    let mut cl = clusters(&chars);
    split_overlong(&mut cl, glyphs, m);
    let w = |r: std::ops::Range<usize>| -> f32 { glyphs[r].iter().map(|g| g.adv + m.base).sum() };
    let cap = |r: std::ops::Range<usize>| -> f32 { glyphs[r].iter().filter(|g| squeezable(g.c)).count() as f32 * m.cell / 2.0 };
    // Line ends (glyph index) and whether the line's last glyph hangs.
    let mut ends: Vec<(usize, bool)> = Vec::new();
    let (mut start, mut width, mut indent) = (0usize, 0.0f32, m.first_indent);
    let mut k = 0;
    while k < cl.len() {
        let r = cl[k].clone();
        let avail = m.width - indent;
        let cw = w(r.clone());
        if width + cw <= avail + 0.01 {
            width += cw;
            k += 1;
            continue;
        }
        // The cluster overflows: break here (the line falls `slack` short and
        // is letter-spaced), or, where the measure allows, squeeze
        // punctuation by `over` or hang its last point. The least
        // deformation wins; squeezing beats stretching on a tie.
        let over = width + cw - avail;
        let slack = avail - width;
        let last_c = glyphs[r.end - 1];
        let can_squeeze = m.squeeze && over <= cap(start..r.end) + 0.01;
        let can_hang = m.hang && hangable(last_c.c) && width + cw - (last_c.adv + m.base) <= avail + 0.01;
        let hang_cost = 0.6 * m.cell;
        let end;
        let mut hang = false;
        if width == 0.0 {
            // A single cluster wider than the line (split_overlong keeps this rare).
            end = r.end;
            k += 1;
        } else if slack <= 0.01 {
            end = r.start;
        } else if can_squeeze && over <= slack + 0.01 && (!can_hang || over <= hang_cost) {
            end = r.end;
            k += 1;
        } else if can_hang && hang_cost < slack {
            end = r.end;
            hang = true;
            k += 1;
        } else if can_squeeze && slack >= 0.5 * m.cell {
            end = r.end;
            k += 1;
        } else {
            end = r.start;
        }
        ends.push((end, hang));
        start = end;
        width = 0.0;
        indent = 0.0;
    }
    if start < glyphs.len() || ends.is_empty() {
        ends.push((glyphs.len(), false));
    }
    lengthen_last(&mut ends, &cl, m, &w);
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    let n = ends.len();
    for (i, &(end, hang)) in ends.iter().enumerate() {
        let indent = if i == 0 { m.first_indent } else { 0.0 };
        lines.push(set(glyphs, start..end, indent, hang, i + 1 == n, m));
        start = end;
    }
    lines
}

/// Moves whole clusters from the second-to-last line down to a last line
/// of fewer than [`MIN_LAST`] glyphs, as long as the line above keeps all
/// but [`MAX_PULL`] cells filled (it is then letter-spaced to the measure).
fn lengthen_last(ends: &mut [(usize, bool)], cl: &[std::ops::Range<usize>], m: &Measure, w: &dyn Fn(std::ops::Range<usize>) -> f32) {
    let n = ends.len();
    if n < 2 || ends[n - 2].1 {
        return;
    }
    let (prev_start, prev_end, total) = (if n >= 3 { ends[n - 3].0 } else { 0 }, ends[n - 2].0, ends[n - 1].0);
    if total - prev_end >= MIN_LAST {
        return;
    }
    let avail = m.width - if n == 2 { m.first_indent } else { 0.0 };
    // Cluster starts inside the line above, latest first.
    for c in cl.iter().rev().map(|r| r.start).filter(|&s| s > prev_start && s < prev_end) {
        if w(prev_start..c) < avail - MAX_PULL * m.cell - 0.01 {
            return;
        }
        if total - c >= MIN_LAST {
            if w(c..total) <= m.width + 0.01 {
                ends[n - 2].0 = c;
            }
            return;
        }
    }
}

/// Clusters longer than a line (a long Latin word) are cut into characters.
fn split_overlong(cl: &mut Vec<std::ops::Range<usize>>, glyphs: &[Glyph], m: &Measure) {
    let limit = m.width - m.first_indent;
    if cl.iter().all(|r| glyphs[r.clone()].iter().map(|g| g.adv + m.base).sum::<f32>() <= limit) {
        return;
    }
    let mut out = Vec::with_capacity(cl.len());
    for r in cl.drain(..) {
        if glyphs[r.clone()].iter().map(|g| g.adv + m.base).sum::<f32>() > limit {
            out.extend((r.start..r.end).map(|i| i..i + 1));
        } else {
            out.push(r);
        }
    }
    *cl = out;
}

/// Positions the glyphs of one line: justified (or squeezed) to the measure.
fn set(glyphs: &[Glyph], range: std::ops::Range<usize>, indent: f32, hang: bool, last: bool, m: &Measure) -> SetLine {
    let g = &glyphs[range.clone()];
    let body = if hang { &g[..g.len() - 1] } else { g };
    let natural: f32 = body.iter().map(|g| g.adv + m.base).sum();
    let avail = m.width - indent;
    let mut extra = 0.0;
    let mut squeeze = 0.0;
    let squeezers = body.iter().filter(|g| squeezable(g.c)).count();
    if natural > avail + 0.01 && squeezers > 0 {
        squeeze = ((natural - avail) / squeezers as f32).min(m.cell / 2.0);
    } else if m.justify && !last && body.len() > 1 && natural < avail {
        extra = (avail - natural) / (body.len() - 1) as f32;
    }
    let mut x = Vec::with_capacity(g.len());
    let mut pen = indent;
    let mut extent = indent;
    for (i, gl) in g.iter().enumerate() {
        x.push(pen);
        if i < body.len() {
            extent = pen + gl.adv + m.base;
        }
        pen += gl.adv + m.base + extra;
        if squeezable(gl.c) && i < body.len() {
            pen -= squeeze;
            extent -= squeeze;
        }
    }
    SetLine { range, x, extent, hang, squeezed: squeeze > 0.0, last }
}

/// Groups a set line's glyphs into runs: same role, same size and even
/// spacing. `left` is the type area's left edge, `y` the baseline.
pub fn runs(glyphs: &[Glyph], line: &SetLine, size: f32, left: f32, y: f32) -> Vec<Run> {
    let g = &glyphs[line.range.clone()];
    let mut out: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < g.len() {
        let mut j = i + 1;
        let spacing = if j < g.len() { line.x[j] - line.x[i] - g[i].adv } else { 0.0 };
        while j < g.len() && g[j].role == g[i].role && g[j].bold == g[i].bold && (line.x[j] - line.x[j - 1] - g[j - 1].adv - spacing).abs() < 0.005 {
            j += 1;
        }
        // A run of one glyph followed by another role: spacing is meaningless.
        let spacing = if j == i + 1 { 0.0 } else { spacing };
        out.push(Run { role: g[i].role, size, x: left + line.x[i], y, text: g[i..j].iter().map(|g| g.c).collect(), spacing, bold: g[i].bold });
        i = j;
    }
    out
}
