//! Lines to pages (last step of layout): items fill the grid's slots in
//! order; when a page is full, the chain of items that must keep with the
//! next (headings, a paragraph's second-to-last line, the 落款) moves to the
//! next page with it, so a heading is never last on a page and a
//! paragraph's last line is never alone at a page top. Empty slots at a
//! page top are dropped. Each page gets its number, "— n —", the top of its
//! dashes' ink 7 mm below the type area (GB/T 9704 §7.5), odd pages right
//! and even pages left, one character in.

use super::blocks::Item;
use super::{Grid, Line, Metrics, Page, Role, Run};

/// Places items on pages.
pub fn paginate(items: Vec<Item>, grid: &Grid, metrics: &dyn Metrics) -> Vec<Page> {
    let mut pages: Vec<Vec<Item>> = Vec::new();
    let mut cur: Vec<Item> = Vec::with_capacity(grid.lines);
    for item in items {
        if cur.len() == grid.lines {
            let mut k = cur.len();
            while k > 0 && cur[k - 1].keep_with_next {
                k -= 1;
            }
            if k == 0 {
                // The whole page is one chain: break it where it is.
                k = cur.len();
            }
            let moved = cur.split_off(k);
            pages.push(std::mem::take(&mut cur));
            cur.extend(moved.into_iter().skip_while(|i| i.line.is_none()));
        }
        if cur.is_empty() && item.line.is_none() {
            continue;
        }
        cur.push(item);
    }
    if !cur.is_empty() || pages.is_empty() {
        pages.push(cur);
    }
    pages
        .into_iter()
        .enumerate()
        .map(|(i, items)| {
            let lines = items.into_iter().enumerate().filter_map(|(slot, it)| it.line.map(|l| place(l, slot, grid))).collect();
            Page { number: i + 1, lines, folio: folio(i + 1, grid, metrics), mark: None }
        })
        .collect()
}

fn place(mut line: Line, slot: usize, grid: &Grid) -> Line {
    line.slot = slot;
    for r in &mut line.runs {
        r.y = grid.baseline(slot, r.size);
    }
    line
}

/// The page number of page `n`.
pub fn folio(n: usize, grid: &Grid, metrics: &dyn Metrics) -> Run {
    let size = grid.folio_size;
    let text = format!("— {n} —");
    let width: f32 = text.chars().map(|c| metrics.advance(Role::PageNumber, c) * size).sum();
    let x = if n % 2 == 1 { grid.left + grid.measure - size - width } else { grid.left + size };
    // The top of the 一字线's ink sits folio_gap below the type area.
    let y = grid.top + grid.height + grid.folio_gap + dash_top(metrics) * size;
    Run { role: Role::PageNumber, size, x, y, text, spacing: 0.0, bold: false }
}

/// Top of the 一字线's ink above the baseline, in em: the font's own, or
/// the middle-of-the-em placement of common 宋体 faces.
pub fn dash_top(metrics: &dyn Metrics) -> f32 {
    metrics.ink_top(Role::PageNumber, '—').unwrap_or(0.36)
}

/// A draft's mark: `text` in 黑体 (the level-1 heading face), 三号, centred
/// over the type area, its baseline 10 mm above the type area's top.
pub fn mark(text: &str, grid: &Grid, metrics: &dyn Metrics) -> Run {
    let size = 16.0;
    let width: f32 = text.chars().map(|c| metrics.advance(Role::Heading1, c) * size).sum();
    let x = grid.left + (grid.measure - width) / 2.0;
    let y = grid.top - super::mm(10.0);
    Run { role: Role::Heading1, size, x, y, text: text.to_string(), spacing: 0.0, bold: false }
}
