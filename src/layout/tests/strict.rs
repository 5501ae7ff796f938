//! The strict grid (GB/T 9704, the default): no squeezed or hanging
//! punctuation, letter-spaced short lines, short last lines pulled up, and
//! a profile that may allow squeeze and hang.

use super::super::breaker::{self, Glyph, Measure};
use super::super::*;
use super::{TestMetrics, dump, line_text, meta, para};

fn strict_paragraph(text: &str) -> (Vec<Glyph>, Vec<breaker::SetLine>, Grid) {
    let grid = Grid::gbt9704();
    let g: Vec<Glyph> = text.chars().map(|c| Glyph::new(c, Role::Body, 16.0, &TestMetrics)).collect();
    let m = Measure { width: grid.measure, first_indent: 2.0 * grid.cell(), base: grid.cell() - 16.0, cell: grid.cell(), justify: true, squeeze: false, hang: false };
    let lines = breaker::break_lines(&g, &m);
    (g, lines, grid)
}

#[test]
fn the_strict_grid_moves_a_stop_down_with_its_character_and_letter_spaces_the_line() {
    // 26 ideographs fill the first line; "镇。" cannot hang, so the 26th
    // ideograph goes down with its stop and the 25 left are spread over the line.
    let text = format!("{}。{}", "镇".repeat(26), "村".repeat(10));
    let (g, lines, grid) = strict_paragraph(&text);
    assert_eq!(line_text(&g, &lines[0]), "镇".repeat(25));
    assert!(!lines[0].hang && !lines[0].squeezed);
    assert!((lines[0].extent - grid.measure).abs() < 0.01, "justified to the measure");
    assert!(lines[0].x.windows(2).all(|w| w[1] - w[0] > grid.cell()), "letter-spaced, not squeezed");
    assert!(line_text(&g, &lines[1]).starts_with("镇。"));
    for l in &lines {
        assert!(l.extent <= grid.measure + 0.01 && l.range.len() <= 28);
    }
}

#[test]
fn the_strict_grid_never_sets_more_than_28_characters() {
    for pad in 0..40 {
        let text = format!("{}，各村（社区）“两委”干部、党员{}。覆盖420人次，于2024年7月8日完成。", "镇".repeat(pad), "群".repeat(pad % 7));
        let (g, lines, grid) = strict_paragraph(&text);
        for l in &lines {
            let cells: f32 = g[l.range.clone()].iter().map(|g| if g.c.is_ascii() { 0.5 } else { 1.0 }).sum();
            assert!(cells <= 28.0 && !l.hang && !l.squeezed, "{}", line_text(&g, l));
            assert!(l.extent <= grid.measure + 0.01, "{} ends at {}", line_text(&g, l), l.extent);
        }
    }
}

#[test]
fn a_profile_may_allow_hanging_and_squeezing_and_gbt9704_does_not() {
    let text = format!("{}。{}", "镇".repeat(26), "村".repeat(10));
    let doc = |format: crate::doc::FormatProfile| Document { title: "标题".into(), meta: meta(), blocks: vec![para(&text)], format };
    let strict = crate::doc::FormatProfile::default();
    let paged = layout(&doc(strict.clone()), &Grid::from_profile(&strict), &TestMetrics);
    assert!(paged.pages[0].lines.iter().all(|l| !l.hang && !l.squeezed));
    let loose = crate::doc::FormatProfile { hang: true, squeeze: true, ..strict };
    let paged = layout(&doc(loose.clone()), &Grid::from_profile(&loose), &TestMetrics);
    assert!(paged.pages[0].lines.iter().any(|l| l.hang), "{}", dump::dump(&paged));
}

#[test]
fn a_one_or_two_character_last_line_takes_a_character_from_above() {
    // 26 + 28 cells full, then "盖。": the last line would be two glyphs.
    let text = format!("{}{}覆盖。", "镇".repeat(26), "村".repeat(27));
    let (g, lines, grid) = strict_paragraph(&text);
    let texts: Vec<String> = lines.iter().map(|l| line_text(&g, l)).collect();
    assert_eq!(texts.concat(), text);
    assert_eq!(texts[2], "覆盖。", "{texts:?}");
    assert!((lines[1].extent - grid.measure).abs() < 0.01, "the line above stays justified");
    // Not when the line above would give up more than three cells: a
    // 10-cell date cluster cannot come down.
    let text = format!("{}{}2024年12月26日盖。", "镇".repeat(26), "村".repeat(19));
    let (g, lines, _) = strict_paragraph(&text);
    assert_eq!(line_text(&g, lines.last().unwrap()), "盖。");
}
