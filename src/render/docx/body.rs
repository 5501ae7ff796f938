//! The main part (`word/document.xml`): one WordprocessingML paragraph per
//! Document block, in order, carrying only a style and the few properties
//! that depend on the text (the 落款's right indents). Everything else —
//! fonts, sizes, indents, spacing — lives in the named styles.

use super::page::{run, write_section, Geometry};
use super::props::{Chars, Indent, ParaProps, RunProps, Spacing};
use super::styles::{BODY, HEADINGS, RUN_INS, SIGNATURE, TABLE_SIZE, TABLE_TEXT, TITLE};
use super::xml::Xml;
use crate::doc::{Block, Document, Heading, Paragraph, Signature, Table};
use crate::layout::blocks::title_breaks;
use crate::layout::Grid;

/// Characters whose font Word chooses by context (they exist in both the
/// Latin and the East Asian ranges); a run holding one gets
/// `w:hint="eastAsia"` so they stay in the Chinese font and full width.
const AMBIGUOUS: [char; 7] = ['“', '”', '‘', '’', '—', '…', '·'];

/// Whether a run of `text` needs `w:hint="eastAsia"`.
pub(super) fn needs_hint(text: &str) -> bool {
    text.contains(AMBIGUOUS)
}

/// An empty paragraph of 1 pt: what Word needs after a table, without a
/// blank line that could spill onto a page of its own.
fn filler() -> ParaProps<'static> {
    ParaProps { off_grid: true, spacing: Some(Spacing { before: 0, after: 0, line: 20 }), ..ParaProps::default() }
}

/// The main part.
pub(super) fn document(doc: &Document, g: &Geometry) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", super::W_NS), ("xmlns:r", super::R_NS)]);
    x.open("w:body", &[]);
    title(&mut x, doc);
    let mut last_was_table = false;
    for block in &doc.blocks {
        if last_was_table && matches!(block, Block::Table(_)) {
            // Two adjacent tables would merge into one in Word.
            paragraph(&mut x, filler(), &[]);
        }
        last_was_table = matches!(block, Block::Table(_));
        match block {
            Block::Heading(h) => heading(&mut x, h),
            Block::Paragraph(p) => body_paragraph(&mut x, p),
            Block::Signature(s) => signature(&mut x, s, g),
            Block::Table(t) => table(&mut x, t, g),
        }
    }
    if last_was_table {
        // Word wants the body to end with a paragraph.
        paragraph(&mut x, filler(), &[]);
    }
    write_section(&mut x, g);
    x.close("w:body").close("w:document");
    x.finish()
}

/// The title paragraph: a title of two or more lines gets line breaks
/// where the PDF layout breaks it ([`title_breaks`]), so Word and WPS draw
/// the same trapezoid; digits and Latin letters are bold, as the PDF's
/// 小标宋 (or its bold fallback) draws them, where Word would otherwise set
/// them in a regular Times New Roman.
fn title(x: &mut Xml, doc: &Document) {
    let chars: Vec<char> = doc.title.chars().collect();
    let breaks = title_breaks(&doc.title, &Grid::from_profile(&doc.format)).unwrap_or_default();
    x.open("w:p", &[]);
    ParaProps { style: Some(TITLE), ..ParaProps::default() }.write(x);
    let mut start = 0;
    for (i, end) in breaks.iter().copied().chain([chars.len()]).enumerate() {
        if i > 0 {
            x.open("w:r", &[]).empty("w:br", &[]).close("w:r");
        }
        let line = &chars[start..end];
        // Runs of ASCII (bold) and of everything else.
        let mut k = 0;
        while k < line.len() {
            let ascii = line[k].is_ascii();
            let j = line[k..].iter().position(|c| c.is_ascii() != ascii).map_or(line.len(), |p| k + p);
            let text: String = line[k..j].iter().collect();
            run(x, RunProps { bold: ascii, hint_east_asia: needs_hint(&text), ..RunProps::default() }, &text);
            k = j;
        }
        start = end;
    }
    x.close("w:p");
}

/// A paragraph of runs, each with an optional character style.
fn paragraph(x: &mut Xml, props: ParaProps<'_>, runs: &[(Option<&str>, &str)]) {
    x.open("w:p", &[]);
    props.write(x);
    for &(style, text) in runs.iter().filter(|(_, t)| !t.is_empty()) {
        run(x, RunProps { style, hint_east_asia: needs_hint(text), ..RunProps::default() }, text);
    }
    x.close("w:p");
}

fn level_index(level: u8) -> usize {
    usize::from(level.clamp(1, 4) - 1)
}

fn heading(x: &mut Xml, h: &Heading) {
    let style = HEADINGS[level_index(h.level)];
    paragraph(x, ParaProps { style: Some(style), ..ParaProps::default() }, &[(None, &h.full())]);
}

/// A body paragraph; a run-in heading is its first run, in the heading's
/// character style (楷体 for （一）, 黑体 for 一、) inside the 仿宋 paragraph.
fn body_paragraph(x: &mut Xml, p: &Paragraph) {
    let run_in = p.run_in.as_ref().map(|h| (RUN_INS[level_index(h.level)], h.full()));
    let body = p.body_text();
    let mut runs: Vec<(Option<&str>, &str)> = Vec::with_capacity(2);
    if let Some((style, text)) = &run_in {
        runs.push((Some(style), text));
    }
    runs.push((None, &body));
    paragraph(x, ParaProps { style: Some(BODY), ..ParaProps::default() }, &runs);
}

/// An indent of `cells` character cells.
fn cells(cells: f32, g: &Geometry) -> Chars {
    let cells = cells.clamp(0.0, (g.type_width() / g.cell) as f32);
    Chars { twips: (cells * g.cell as f32).round() as u32, hundredths: (cells * 100.0).round() as u32 }
}

/// The 落款: unit and date on two right-aligned lines, each ending the
/// number of cells from the right edge that GB/T 9704 §7.3.5 gives
/// ([`Signature::right_offsets`]). Unsealed, one blank line separates it
/// from the text; sealed, two, so that the seal (42 mm, about four lines)
/// can start within one line of the text and press on both lines.
fn signature(x: &mut Xml, s: &Signature, g: &Geometry) {
    let (unit_right, date_right) = s.right_offsets();
    let gap = if s.sealed { 2 * g.line } else { g.line };
    let unit = ParaProps {
        style: Some(SIGNATURE),
        keep_next: true,
        spacing: Some(Spacing { before: gap, after: 0, line: g.line }),
        indent: Some(Indent { right: Some(cells(unit_right, g)), ..Indent::default() }),
        ..ParaProps::default()
    };
    paragraph(x, unit, &[(None, &s.unit)]);
    let date = ParaProps { style: Some(SIGNATURE), indent: Some(Indent { right: Some(cells(date_right, g)), ..Indent::default() }), ..ParaProps::default() };
    paragraph(x, date, &[(None, &s.date)]);
}

/// Tables with more columns than this turn the page to landscape.
pub(super) const PORTRAIT_COLUMNS: usize = 10;

/// Number of columns of a table (its longest row; at least one).
pub(super) fn columns(t: &Table) -> usize {
    t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

/// Cell text size in half-points: 四号 for narrow tables, smaller as
/// columns are added (小四, 五号, 小五).
fn cell_size(columns: usize) -> u32 {
    match columns {
        0..=6 => TABLE_SIZE,
        7..=10 => 24,
        11..=20 => 21,
        _ => 18,
    }
}

/// A simple bordered table over the type area's width; the first row is
/// the header (bold, centred, repeated on every page), figures right-aligned.
fn table(x: &mut Xml, t: &Table, g: &Geometry) {
    if t.rows.is_empty() {
        return;
    }
    let columns = columns(t);
    let size = cell_size(columns);
    let line = size * 10 * 5 / 4;
    let width = g.type_width() / columns as u32;
    let w = width.to_string();
    x.open("w:tbl", &[]).open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &(width * columns as u32).to_string()), ("w:type", "dxa")]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")]);
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]).empty("w:left", &[("w:w", "57"), ("w:type", "dxa")]).empty("w:right", &[("w:w", "57"), ("w:type", "dxa")]).close("w:tblCellMar");
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for _ in 0..columns {
        x.empty("w:gridCol", &[("w:w", &w)]);
    }
    x.close("w:tblGrid");
    for (i, row) in t.rows.iter().enumerate() {
        x.open("w:tr", &[]);
        if i == 0 {
            x.open("w:trPr", &[]).empty("w:tblHeader", &[]).close("w:trPr");
        }
        for c in 0..columns {
            let text = row.get(c).map_or("", String::as_str);
            x.open("w:tc", &[]).open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &w), ("w:type", "dxa")]);
            x.empty("w:vAlign", &[("w:val", "center")]);
            x.close("w:tcPr");
            x.open("w:p", &[]);
            let fits = size == TABLE_SIZE;
            // As in the PDF: header centred, figures right-aligned, text as the style has it.
            let justify = if i == 0 { Some("center") } else if Table::is_figure(text) { Some("right") } else { None };
            ParaProps { style: Some(TABLE_TEXT), spacing: (!fits).then_some(Spacing { before: 0, after: 0, line }), justify, ..ParaProps::default() }.write(x);
            if !text.is_empty() {
                let size = (!fits).then_some(size);
                run(x, RunProps { bold: i == 0, hint_east_asia: needs_hint(text), size, ..RunProps::default() }, text);
            }
            x.close("w:p").close("w:tc");
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}
