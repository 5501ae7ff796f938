//! `zongjie init --ledger 台账.xlsx`: an empty ledger a clerk fills in Excel
//! or WPS — the header row the reader ([`crate::data::ledger`]) expects,
//! a drop-down of the kinds (from the catalogue and `ledger.toml`), 是/否
//! for 重点, column widths, a frozen header and one example row marked 示例
//! (the reader skips it, so it never reaches a report).

use std::path::Path;

use rust_xlsxwriter::{Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError};

use super::output::write_atomic;
use crate::data::{Catalogue, Kind};
use crate::error::InitError;

/// Rows that get the drop-downs and formats (a year's ledger is shorter).
const ROWS: u32 = 1000;
/// The hidden worksheet holding the kinds of the drop-down.
const KINDS_SHEET: &str = "类别列表";

/// The kinds offered in the drop-down: per block, the figures rows count
/// toward (each by its shortest usual name), then the block's own name.
pub fn kinds(cat: &Catalogue) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (b, _) in &cat.blocks {
        for (k, d) in cat.figures.iter().filter(|(_, d)| d.block == *b && d.kind == Kind::Flow && d.part_of.is_none()) {
            if cat.kinds.count_rule(k, &d.unit) == crate::data::kinds::CountRule::Given && cat.kinds.aliases(k).is_empty() {
                continue; // 发展党员, 党费…: not a row of a ledger
            }
            // The shorter of the label and the first short form (主题党日, 党课, 中心组学习).
            let name = cat.kinds.aliases(k).first().filter(|a| a.chars().count() < d.label.chars().count()).unwrap_or(&d.label).clone();
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out.push(cat.kinds.block_name(b).to_string());
    }
    out
}

/// The template's bytes for `year`.
pub fn build(cat: &Catalogue, year: i32) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Fixed properties: the same template every run.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_title("党建工作台账").set_author("zongjie").set_creation_datetime(&created));
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let example = Format::new().set_italic().set_font_color(Color::RGB(0x808080));
    let example_wrap = example.clone().set_text_wrap();
    let example_date = example.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    let kinds = kinds(cat);

    let ws = wb.add_worksheet().set_name("台账")?;
    let columns: [(&str, f64); 7] = [("日期", 12.0), ("类别", 14.0), ("主题", 26.0), ("内容", 56.0), ("参加人数", 10.0), ("数量", 8.0), ("重点", 8.0)];
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed for an inspection (督查): A4 landscape, one page wide, the header on every page, grid lines.
    ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_gridlines(true);
    ws.set_repeat_rows(0, 0)?;
    ws.set_column_format(0, &date)?;
    ws.set_column_format(3, &wrap)?;
    // The example row: 重点 says 示例, so the reader skips it.
    ws.write_datetime_with_format(1, 0, ExcelDateTime::from_ymd(year.clamp(1900, 9999) as u16, 3, 5)?, &example_date)?;
    ws.write_string_with_format(1, 1, "主题党日", &example)?;
    ws.write_string_with_format(1, 2, "学雷锋当先锋 助力发展做贡献", &example)?;
    ws.write_string_with_format(1, 3, "（示例行，填好后删去）各支部组织党员开展环境整治、政策宣传等志愿服务", &example_wrap)?;
    ws.write_number_with_format(1, 4, 45, &example)?;
    ws.write_string_with_format(1, 6, "示例", &example)?;
    let list = DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{KINDS_SHEET}'!$A$1:$A${}", kinds.len())))
        // A clerk may write another short form (zongjie figures lists them): warn, do not refuse.
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_input_title("类别")?
        .set_input_message("从列表中选择；也可写 zongjie figures 列出的其他简称")?
        .set_error_title("类别")?
        .set_error_message("列表中没有这个类别；zongjie 会按指标名称和简称识别，识别不了时会指出这一行")?;
    ws.add_data_validation(1, 1, ROWS, 1, &list)?;
    let key = DataValidation::new().allow_list_strings(&["是", "否"])?.set_input_message("重点活动写“是”，总结中优先引用")?;
    ws.add_data_validation(1, 6, ROWS, 6, &key)?;
    let date_hint = DataValidation::new().allow_any_value().set_input_message("如 2025-03-05，也可写 3月5日 或只写月份 3月")?;
    ws.add_data_validation(1, 0, ROWS, 0, &date_hint)?;

    let ks = wb.add_worksheet().set_name(KINDS_SHEET)?;
    for (i, k) in kinds.iter().enumerate() {
        ks.write_string(i as u32, 0, k)?;
    }
    ks.set_hidden(true);
    wb.save_to_buffer()
}

/// Writes the template to `file` (refusing to replace a file without `force`).
pub fn write(file: &Path, cat: &Catalogue, year: i32, force: bool) -> Result<(), InitError> {
    if file.exists() && !force {
        return Err(InitError::Exists(file.to_path_buf()));
    }
    let bytes = build(cat, year).map_err(|e| InitError::Write(crate::error::Error::Render { format: "Excel（xlsx）", detail: e.to_string() }))?;
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| InitError::CreateDir { path: dir.to_path_buf(), source })?;
    let name = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    write_atomic(dir, &name, &bytes).map_err(InitError::Write)?;
    outln!("已生成空白台账 {}（第2行是示例，填好后删去；在数据表 [report] 中写 ledger = \"{name}\"）", file.display());
    Ok(())
}
