//! The roll-up as an Excel workbook (rust_xlsxwriter): a title row, Chinese
//! headers with units, frozen header rows and unit column, widths fitted to the text,
//! empty cells where a unit gives no figure, bold total rows, and the notes
//! on what was left out under the table. Document
//! properties carry the table's date, so the same sheets give the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::RollupTable;
use crate::doc::text_cells;
use crate::error::{Error, Result};

/// Workbook bytes of the table.
pub fn to_xlsx(t: &RollupTable, author: &str) -> Result<Vec<u8>> {
    build(t, author).map_err(|e| Error::Output(format!("无法生成 Excel 汇总表：{e}")))
}

fn build(t: &RollupTable, author: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(t.date.year() as u16, t.date.month() as u8, t.date.day() as u8)?;
    wb.set_properties(&DocProperties::new().set_title(&t.title).set_author(author).set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name(if t.period == crate::data::Period::H1 { "上半年" } else { "全年" })?;
    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_border(FormatBorder::Thin).set_background_color("#EDEDED");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0.##;-0.##;0");
    let total_label = Format::new().set_bold().set_border(FormatBorder::Thin);
    let total = Format::new().set_bold().set_border(FormatBorder::Thin).set_num_format("0.##;-0.##;0");

    let ncols = t.columns.len() as u16;
    let title = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    if ncols > 0 {
        ws.merge_range(0, 0, 0, ncols, &t.title, &title)?;
    } else {
        ws.write_string_with_format(0, 0, &t.title, &title)?;
    }
    ws.set_row_height(0, 30)?;
    ws.write_string_with_format(1, 0, "单位", &header)?;
    let lines = t.lines();
    ws.set_column_width(0, width("单位").max(lines.iter().map(|l| width(l.label)).fold(0.0, f64::max)))?;
    for (i, c) in t.columns.iter().enumerate() {
        let col = (i + 1) as u16;
        let h = c.header();
        ws.write_string_with_format(1, col, &h, &header)?;
        ws.set_column_width(col, width(&h).clamp(8.0, 18.0))?;
    }
    ws.set_row_height(1, 32)?;
    for (r, l) in lines.iter().enumerate() {
        let line = (r + 2) as u32;
        let (label, num) = if l.total { (&total_label, &total) } else { (&cell, &number) };
        ws.write_string_with_format(line, 0, l.label, label)?;
        for (i, v) in l.values.iter().enumerate() {
            match v {
                Some(v) => ws.write_number_with_format(line, (i + 1) as u16, *v, num)?,
                None => ws.write_blank(line, (i + 1) as u16, label)?,
            };
        }
    }
    // Notes under the table, after one empty row.
    let note = Format::new().set_font_color("#C00000");
    for (k, n) in t.notes.iter().enumerate() {
        ws.write_string_with_format((lines.len() + 3 + k) as u32, 0, format!("注：{n}。"), &note)?;
    }
    ws.set_freeze_panes(2, 1)?;
    wb.save_to_buffer()
}

/// Column width in Excel character units for a text (CJK counts double).
fn width(s: &str) -> f64 {
    f64::from(text_cells(s) * 2.0) + 2.0
}
