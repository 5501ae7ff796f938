//! The roll-up as an Excel workbook (rust_xlsxwriter): a title row, Chinese
//! headers with units, frozen header rows and unit column, widths fitted to the text,
//! empty cells where a unit gives no figure, bold total rows, numbers rounded
//! to their unit's decimals, printed on A4 landscape one page wide with the
//! title rows repeated, and the notes on what was left out under the table. Document
//! properties carry the table's date, so the same sheets give the same bytes.
//!
//! Like the .docx (`render::docx::stamp`), the workbook carries a stamp: a
//! custom document property holding a hash of its `xl/` parts, which Excel,
//! WPS and LibreOffice rewrite when they save but keep the property. The
//! CLI reads it (`cli::guard`) before replacing a roll-up someone edited.

use std::io::Cursor;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::RollupTable;
use crate::doc::text_cells;
use crate::error::{Error, Result};
use crate::render::docx::stamp::{Fnv, MAX_HASHED_BYTES, PROPERTY, Package, Stamp, hash_part, package_stamp};

/// Workbook bytes of the table, stamped. Built twice: the stamp is the
/// hash of the first build's `xl/` parts, which the property (kept in
/// `docProps/`) does not change.
pub fn to_xlsx(t: &RollupTable, author: &str) -> Result<Vec<u8>> {
    let failed = |e: XlsxError| Error::Output(format!("无法生成 Excel 汇总表：{e}"));
    let plain = build(t, author, None).map_err(failed)?;
    let hash = zip::ZipArchive::new(Cursor::new(plain.as_slice())).ok().as_mut().and_then(parts_hash);
    let hash = hash.ok_or_else(|| Error::Output("无法生成 Excel 汇总表：生成的文件无法读回".into()))?;
    build(t, author, Some(&hash)).map_err(failed)
}

/// What an .xlsx on disk says about its history (see [`Stamp`]).
pub fn stamp_of(xlsx: &[u8]) -> Stamp {
    package_stamp(
        xlsx,
        parts_hash,
        // A roll-up of a zongjie before the stamp: rust_xlsxwriter's app
        // properties, which Excel, WPS and LibreOffice replace on saving.
        |app| app.contains("<Application>Microsoft Excel</Application>") && app.contains("<AppVersion>12.0000</AppVersion>"),
    )
}

/// The hash of every part under `xl/` (names and bytes, in name order).
fn parts_hash(zip: &mut Package) -> Option<String> {
    let mut names: Vec<String> = zip.file_names().filter_map(|n| n.ok().filter(|n| n.starts_with("xl/")).map(|n| n.into_owned())).collect();
    names.sort();
    // Names and bytes fed in order, as one stream; bounded in total.
    let mut h = Fnv::default();
    let mut budget = MAX_HASHED_BYTES;
    for n in names {
        h.update(n.as_bytes());
        h.update(&[0]);
        hash_part(zip, &n, &mut h, &mut budget)?;
        h.update(&[0]);
    }
    Some(h.hex())
}

fn build(t: &RollupTable, author: &str, stamp: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(t.date.year() as u16, t.date.month() as u8, t.date.day() as u8)?;
    let mut props = DocProperties::new().set_title(&t.title).set_author(author).set_creation_datetime(&created);
    if let Some(hash) = stamp {
        props = props.set_custom_property(PROPERTY, hash);
    }
    wb.set_properties(&props);
    let ws = wb.add_worksheet();
    ws.set_name(if t.period == crate::data::Period::H1 { "上半年" } else { "全年" })?;
    let header = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_border(FormatBorder::Thin).set_background_color("#EDEDED");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let total_label = Format::new().set_bold().set_border(FormatBorder::Thin);
    // Per column: the unit's decimals (templates/rollup/decimals.toml).
    let places: Vec<Option<u8>> = t.columns.iter().map(|c| decimals(&c.unit)).collect();
    let number_format = |d: Option<u8>, bold: bool| {
        let f = Format::new().set_border(FormatBorder::Thin).set_num_format(match d {
            Some(0) => "0".to_string(),
            Some(n) => format!("0.{}", "0".repeat(n as usize)),
            None => "General".to_string(),
        });
        if bold { f.set_bold() } else { f }
    };

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
        let label = if l.total { &total_label } else { &cell };
        ws.write_string_with_format(line, 0, l.label, label)?;
        for (i, v) in l.values.iter().enumerate() {
            let d = places.get(i).copied().flatten();
            match v {
                Some(v) => ws.write_number_with_format(line, (i + 1) as u16, round(*v, d.unwrap_or(2)), &number_format(d, l.total))?,
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
    // Printed: A4 across, every column on one page wide, the title and
    // header rows on every page, page numbers at the foot.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 1)?;
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C第 &P 页，共 &N 页");
    wb.save_to_buffer()
}

/// The decimals of a unit (templates/rollup/decimals.toml); None: not listed.
fn decimals(unit: &str) -> Option<u8> {
    static TABLE: std::sync::OnceLock<std::collections::BTreeMap<String, u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(include_str!("../../templates/rollup/decimals.toml")).unwrap_or_default()).get(unit.trim()).copied()
}

/// `v` rounded half away from zero to `places` decimals (38.400000000000006 → 38.4).
fn round(v: f64, places: u8) -> f64 {
    let m = 10f64.powi(i32::from(places));
    let r = (v * m).round() / m;
    // Through the shortest decimal text, so the stored double is the one a person would type.
    format!("{r:.*}", places as usize).parse().unwrap_or(r)
}

/// Column width in Excel character units for a text (CJK counts double).
fn width(s: &str) -> f64 {
    f64::from(text_cells(s) * 2.0) + 2.0
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;
    use crate::data::{DataSheet, Period, SourceFile};

    fn table() -> RollupTable {
        let cat = crate::compose::Templates::builtin().unwrap().catalogue;
        let text = "[unit]\nname = \"中共甲村委员会\"\narea = \"甲村\"\n[report]\nyear = 2024\ndate = { h1 = 2024-07-02, year = 2024-12-20 }\n[figures]\nnew_members = [1, 2]\n";
        let ds = DataSheet::from_text(SourceFile::new("甲村.toml", text.to_string()), &cat).unwrap();
        RollupTable::build("示例县", &[&ds], &cat, Period::Year)
    }

    /// The package with the part `name` passed through `edit`.
    fn repack(xlsx: &[u8], name: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let n = f.name().unwrap().to_string();
            let mut v = String::new();
            f.read_to_string(&mut v).unwrap();
            out.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(if n == name { edit(v) } else { v }.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_roll_up_is_unchanged_until_a_cell_is_edited() {
        let t = table();
        let xlsx = to_xlsx(&t, "示例县").unwrap();
        assert_eq!(xlsx, to_xlsx(&t, "示例县").unwrap(), "deterministic");
        assert_eq!(stamp_of(&xlsx), Stamp::Unchanged);
        // A cell's value changed (the shared strings stay as they were).
        let edited = repack(&xlsx, "xl/worksheets/sheet1.xml", |s| s.replacen("<v>", "<v>9", 1));
        assert_ne!(edited, xlsx);
        assert_eq!(stamp_of(&edited), Stamp::Edited);
        // A text changed.
        let renamed = repack(&xlsx, "xl/sharedStrings.xml", |s| s.replace("甲村", "乙村"));
        assert_eq!(stamp_of(&renamed), Stamp::Edited);
        // Without the stamp: an older zongjie's workbook, or someone else's.
        let unstamped = repack(&xlsx, "docProps/custom.xml", |_| "<Properties/>".into());
        assert_eq!(stamp_of(&unstamped), Stamp::Unchanged);
        let excel = repack(&unstamped, "docProps/app.xml", |s| s.replace("12.0000", "16.0300"));
        assert_eq!(stamp_of(&excel), Stamp::Unknown);
        assert_eq!(stamp_of(b"not a zip"), Stamp::Unknown);
    }
}
