//! An .xlsx ledger: every visible worksheet, read cell by cell with
//! calamine's streaming reader so a hostile file stops at our limits
//! ([`LIMITS`]): the archive is unpacked and counted (not trusting the
//! sizes it declares) before calamine opens it; rows and columns past the
//! limits are not kept.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};

use super::{Cell, LIMITS, Table};
use crate::data::cells::date_of_serial;

/// The worksheets of an .xlsx file's bytes, or why it cannot be read (in Chinese).
pub fn tables(bytes: Vec<u8>) -> Result<Vec<Table>, String> {
    unpacked_within_limit(&bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("无法作为 Excel 工作簿读取（{}）；请在 Excel 或 WPS 中另存为 .xlsx 再试", short(&e.to_string())))?;
    let sheets: Vec<String> = book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible).map(|s| s.name.clone()).collect();
    let mut out = Vec::new();
    let mut total = 0usize;
    for name in sheets.into_iter().take(LIMITS.sheets) {
        let mut reader = book.worksheet_cells_reader(&name).map_err(|e| format!("工作表“{name}”无法读取（{}）", short(&e.to_string())))?;
        let mut rows: BTreeMap<usize, Vec<Cell>> = BTreeMap::new();
        while let Some(cell) = reader.next_cell().map_err(|e| format!("工作表“{name}”无法读取（{}）", short(&e.to_string())))? {
            let (r, c) = cell.get_position();
            let (r, c) = (r as usize + 1, c as usize);
            if c >= LIMITS.columns {
                continue;
            }
            let value = match cell.get_value() {
                DataRef::Empty | DataRef::Error(_) => continue,
                DataRef::String(s) | DataRef::DateTimeIso(s) => Cell::Text(s.clone()),
                DataRef::SharedString(s) => Cell::Text(s.to_string()),
                DataRef::Int(i) => Cell::Number(*i as f64),
                DataRef::Float(f) => Cell::Number(*f),
                DataRef::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
                DataRef::DateTime(d) => match date_of_serial(d.as_f64()) {
                    Some(d) => Cell::Date(d),
                    None => Cell::Number(d.as_f64()),
                },
                DataRef::DurationIso(s) => Cell::Text(s.clone()),
            };
            if matches!(&value, Cell::Text(s) if s.trim().is_empty()) {
                continue;
            }
            if matches!(&value, Cell::Text(s) if s.len() > LIMITS.cell_bytes) {
                return Err(format!("工作表“{name}”第{r}行有一格超过 {} 个字，不像是台账的内容", LIMITS.cell_bytes / 3));
            }
            if !rows.contains_key(&r) {
                total += 1;
                if total > LIMITS.rows {
                    return Err(format!("超过 {} 行，不像是一年的台账", LIMITS.rows));
                }
            }
            let row = rows.entry(r).or_default();
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            row[c] = value;
        }
        out.push(Table { name: Some(name), rows: rows.into_iter().collect() });
    }
    Ok(out)
}

/// Unpacks every member of the archive into nothing, counting: the sizes an
/// archive declares can lie, so the bytes are counted as they come, and
/// reading stops at [`LIMITS`]`.unpacked_bytes` (a zip bomb never reaches calamine).
fn unpacked_within_limit(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）".to_string())?;
    let too_big = || format!("解压后超过 {} MB，不像是一年的台账", LIMITS.unpacked_bytes / 1024 / 1024);
    let mut left = LIMITS.unpacked_bytes;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| "文件已损坏（压缩包中有无法读取的部分）".to_string())?;
        if f.size() > left {
            return Err(too_big());
        }
        let n = std::io::copy(&mut f.take(left + 1), &mut std::io::sink()).map_err(|_| "文件已损坏（压缩包中有无法解压的部分）".to_string())?;
        left = left.checked_sub(n).ok_or_else(too_big)?;
    }
    Ok(())
}

/// The first line of a reader's English error, cut short (it is shown in brackets).
fn short(e: &str) -> String {
    e.lines().next().unwrap_or("").chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("主题党日").unwrap();
        for (c, h) in ["日期", "内容", "参加人数"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_datetime_with_format(1, 0, rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 5).unwrap(), &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd")).unwrap();
        ws.write_string(1, 1, "开展志愿服务").unwrap();
        ws.write_number(1, 2, 45).unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn cells_come_back_typed() {
        let t = tables(workbook()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name.as_deref(), Some("主题党日"));
        assert_eq!(t[0].rows[1], (2, vec![Cell::Date(chrono::NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()), Cell::Text("开展志愿服务".into()), Cell::Number(45.0)]));
    }

    #[test]
    fn damaged_files_are_refused_never_a_panic() {
        let good = workbook();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300 {
            let mut bytes = good.clone();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % bytes.len() as u64) as usize;
                bytes[at] = (seed >> 32) as u8;
            }
            let _ = tables(bytes);
        }
        assert!(tables(b"PK\x03\x04 not really".to_vec()).is_err());
    }
}
