//! Roll-ups people can hand in, through the real binary: levels are never
//! added together, a unit given twice is left out and named, an unreadable
//! sheet is noted in the files and the summary, the xlsx has a title row,
//! an xlsx edited in a spreadsheet program is kept unless --force,
//! and pinyin order, a single sheet's roll-up is named after its unit. The
//! numbers are read back from the csv and, with calamine, from the xlsx.

mod common;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;

/// A sheet of `area` with 发展党员 and 主题党日 given per half year (the
/// full-year value is their sum).
fn sheet(area: &str, new_members: [u32; 2], theme_days: [u32; 2]) -> String {
    let name = if area.ends_with('村') { format!("中共{area}支部委员会") } else { format!("中共{area}委员会") };
    format!(
        "[unit]\nname = \"{name}\"\narea = \"{area}\"\n\n[report]\nyear = 2024\ndate = {{ h1 = 2024-07-05, year = 2024-12-20 }}\n\n[figures]\nnew_members = [{}, {}]\ntheme_days = [{}, {}]\n\n[[work]]\ntitle = \"抓实支部建设\"\ntext = \"开展主题党日{{theme_days}}次。\"\n",
        new_members[0], new_members[1], theme_days[0], theme_days[1]
    )
}

/// Sheet rows of a csv (BOM and CRLF removed), cells split on commas.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    String::from_utf8(bytes[3..].to_vec()).unwrap().split("\r\n").filter(|l| !l.is_empty()).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

/// The xlsx sheet as rows of cells.
fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap().rows().map(<[Data]>::to_vec).collect()
}

fn s(v: &str) -> Data {
    Data::String(v.into())
}

#[test]
fn a_town_and_its_villages_are_never_added_together() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("丙镇");
    std::fs::create_dir_all(&c).unwrap();
    write(&c, "丙镇.toml", &sheet("丙镇", [5, 9], [14, 30]));
    write(&c, "乙村.toml", &sheet("乙村", [1, 2], [6, 12]));
    write(&c, "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    write(&c, "白沙村.toml", &sheet("白沙村", [0, 1], [5, 11]));
    let o = run(d.path(), &["rollup", "丙镇", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let csv = csv_rows(&d.path().join("out/丙镇2024年党建工作主要指标汇总表.csv"));
    assert_eq!(csv[0], ["单位", "主题党日活动（次）", "发展党员（名）"]);
    // The town on its own row; villages in pinyin order (白 bái, 甲 jiǎ, 乙 yǐ); their total is theirs alone.
    let want = [["丙镇", "44", "14"], ["白沙村", "16", "1"], ["甲村", "18", "5"], ["乙村", "18", "3"], ["村（社区）合计", "52", "9"]];
    assert_eq!(csv[1..], want.map(|r| r.map(String::from).to_vec()));
    assert!(!csv.iter().flatten().any(|c| c == "96" || c == "23"), "no line adds the town to its villages: {csv:?}");

    let x = xlsx_rows(&d.path().join("out/丙镇2024年党建工作主要指标汇总表.xlsx"), "全年");
    assert_eq!(x[0][0], s("丙镇2024年党建工作主要指标汇总表"), "title row");
    assert_eq!(x[1][..3], [s("单位"), s("主题党日活动（次）"), s("发展党员（名）")]);
    assert_eq!(x[2][..3], [s("丙镇"), Data::Float(44.0), Data::Float(14.0)]);
    assert_eq!(x[3][0], s("白沙村"));
    assert_eq!(x[6][..3], [s("村（社区）合计"), Data::Float(52.0), Data::Float(9.0)]);
    assert_eq!(x.len(), 7, "nothing after the villages' total: {x:?}");

    // The first half adds first-half values.
    let o = run(d.path(), &["rollup", "丙镇", "-p", "h1", "-f", "csv", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let h1 = csv_rows(&d.path().join("out/丙镇2024年上半年党建工作主要指标汇总表.csv"));
    assert_eq!(h1.last().unwrap(), &["村（社区）合计", "17", "3"]);
}

#[test]
fn a_unit_given_twice_is_named_and_never_counted() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("丙镇");
    std::fs::create_dir_all(&c).unwrap();
    write(&c, "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    // A copied sheet whose area was not changed.
    write(&c, "乙村.toml", &sheet("甲村", [1, 2], [6, 11]));
    write(&c, "丁村.toml", &sheet("丁村", [1, 1], [6, 10]));
    write(&c, "戊村.toml", &sheet("戊村", [0, 4], [6, 9]));
    let o = run(d.path(), &["rollup", "丙镇", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("未计入甲村") && err.contains("乙村.toml") && err.contains("甲村.toml"), "{err}");
    let csv = csv_rows(&d.path().join("out/丙镇2024年党建工作主要指标汇总表.csv"));
    let units: Vec<&str> = csv[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(units[..3], ["丁村", "戊村", "合计"]);
    assert_eq!(csv[3][1..], ["31", "6"], "丁 + 戊 only");
    assert!(csv[4][0].starts_with("注：未计入甲村") && csv[4][0].contains("乙村.toml") && csv[4][0].contains("甲村.toml"), "{csv:?}");
    let x = xlsx_rows(&d.path().join("out/丙镇2024年党建工作主要指标汇总表.xlsx"), "全年");
    assert_eq!(x[4][..3], [s("合计"), Data::Float(31.0), Data::Float(6.0)]);
    assert!(x.iter().skip(5).any(|r| matches!(&r[0], Data::String(t) if t.starts_with("注：未计入甲村"))), "{x:?}");
}

#[test]
fn an_unreadable_sheet_is_noted_in_the_files_and_the_summary() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("示例县");
    std::fs::create_dir_all(&c).unwrap();
    write(&c, "青石镇.toml", &sheet("青石镇", [3, 7], [12, 24]));
    write(&c, "白鹭镇.toml", &sheet("白鹭镇", [2, 5], [12, 20]));
    write(&c, "坏表.toml", "[unit\nname = \"x\"\n");
    let o = run(d.path(), &["rollup", "示例县", "-f", "xlsx,csv,docx", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("有 1 处未计入汇总") && err.contains("坏表.toml"), "{err}");
    let base = d.path().join("out/示例县2024年党建工作主要指标汇总表");
    let csv = csv_rows(&base.with_extension("csv"));
    assert_eq!(csv[1..4].iter().map(|r| r[..3].join(",")).collect::<Vec<_>>(), ["白鹭镇,32,7", "青石镇,36,10", "合计,68,17"]);
    let raw = String::from_utf8(std::fs::read(base.with_extension("csv")).unwrap()).unwrap();
    let note = raw.split("\r\n").nth(4).unwrap();
    assert!(note.trim_start_matches('"').starts_with("注：未能读取") && note.contains("坏表.toml"), "a note row after the total: {raw}");
    let x = xlsx_rows(&base.with_extension("xlsx"), "全年");
    assert_eq!(x[4][..3], [s("合计"), Data::Float(68.0), Data::Float(17.0)]);
    assert!(x.iter().skip(5).any(|r| matches!(&r[0], Data::String(t) if t.starts_with("注：未能读取") && t.contains("坏表.toml"))), "{x:?}");
    let docx = std::fs::read(base.with_extension("docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut body).unwrap();
    let (table_end, note) = (body.rfind("</w:tbl>").unwrap(), body.find("注：未能读取").expect("note in the docx"));
    assert!(note > table_end, "the note is under the table");
}

#[test]
fn a_single_sheet_roll_up_is_named_after_its_unit() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    let o = run(d.path(), &["rollup", "甲村.toml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(listing(&d.path().join("out")), ["甲村2024年党建工作主要指标汇总表.csv", "甲村2024年党建工作主要指标汇总表.xlsx"]);
    let x = xlsx_rows(&d.path().join("out/甲村2024年党建工作主要指标汇总表.xlsx"), "全年");
    assert_eq!(x[2][..3], [s("甲村"), Data::Float(18.0), Data::Float(5.0)]);
}

#[test]
fn a_word_roll_up_someone_else_wrote_is_kept_until_force() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    std::fs::create_dir_all(d.path().join("out")).unwrap();
    let target = d.path().join("out/甲村2024年党建工作主要指标汇总表.docx");
    std::fs::write(&target, b"someone's own file").unwrap();
    let o = run(d.path(), &["rollup", "甲村.toml", "-f", "csv,docx", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未覆盖") && text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(std::fs::read(&target).unwrap(), b"someone's own file");
    assert!(d.path().join("out/甲村2024年党建工作主要指标汇总表.csv").is_file(), "the csv is still written");
    let o = run(d.path(), &["rollup", "甲村.toml", "-f", "csv,docx", "-o", "out", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read(&target).unwrap().starts_with(b"PK"));
    // Our own, untouched file is simply replaced.
    let o = run(d.path(), &["rollup", "甲村.toml", "-f", "csv,docx", "-o", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Rewrites parts of a package the way a spreadsheet program's save does:
/// each (part, from, to) replaced once; the other parts kept.
fn save_as_excel_would(path: &Path, edits: &[(&str, &str, &str)]) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        for (part, from, to) in edits.iter().filter(|e| e.0 == name) {
            assert!(text.contains(from), "{part} holds {from}");
            text = text.replacen(from, to, 1);
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn an_edited_excel_roll_up_is_kept_until_force() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    let args = ["rollup", "甲村.toml", "-o", "out"];
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let xlsx = d.path().join("out/甲村2024年党建工作主要指标汇总表.xlsx");
    // Rolled up again over an untouched workbook: simply replaced.
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("未覆盖"), "{}", text(&o));

    // 18 corrected to 19 in Excel and saved (Excel also writes its own app properties).
    save_as_excel_would(&xlsx, &[("xl/worksheets/sheet1.xml", "<v>18</v>", "<v>19</v>"), ("docProps/app.xml", "<AppVersion>12.0000</AppVersion>", "<AppVersion>16.0300</AppVersion>")]);
    assert_eq!(xlsx_rows(&xlsx, "全年")[2][1], Data::Float(19.0), "the edit is a real cell value");
    let edited = std::fs::read(&xlsx).unwrap();
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("未覆盖") && err.contains("甲村2024年党建工作主要指标汇总表.xlsx") && err.contains("修改过") && err.contains("Excel") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&xlsx).unwrap(), edited, "the edited workbook is untouched");
    assert!(text(&o).contains("已生成 out/甲村2024年党建工作主要指标汇总表.csv"), "the csv is still written: {}", text(&o));

    let o = run(d.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(xlsx_rows(&xlsx, "全年")[2][1], Data::Float(18.0), "--force writes the sheet's figure again");
}

#[test]
fn a_roll_up_saved_by_a_spreadsheet_program_is_kept() {
    // openpyxl writes every part of the workbook anew, as Excel and WPS do,
    // and keeps the custom properties (where the stamp is).
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "甲村.toml", &sheet("甲村", [2, 3], [6, 12]));
    let args = ["rollup", "甲村.toml", "-o", "out", "-f", "xlsx"];
    assert!(run(d.path(), &args).status.success());
    let xlsx = d.path().join("out/甲村2024年党建工作主要指标汇总表.xlsx");
    let script = "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb.active['B3'] = 19\nwb.save(sys.argv[1])\n";
    let o = std::process::Command::new("python3").args(["-c", script]).arg(&xlsx).output().expect("python3");
    assert!(o.status.success(), "openpyxl (pip install openpyxl==3.1.5): {}", text(&o));
    assert_eq!(xlsx_rows(&xlsx, "全年")[2][1], Data::Float(19.0));
    let saved = std::fs::read(&xlsx).unwrap();
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("这个文件生成后被修改过"), "recognised as ours, then edited: {err}");
    assert_eq!(std::fs::read(&xlsx).unwrap(), saved);
}

#[test]
fn the_xlsx_prints_on_a4_across_with_titles_repeated_and_numbers_rounded() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("丁镇")).unwrap();
    // 0.1 + 0.2 万元 is 0.30000000000000004 in binary: the cell must say 0.3.
    for (area, income) in [("甲村", "[0.1, 0.2]"), ("乙村", "[12.8, 25.6]")] {
        let text = sheet(area, [1, 2], [6, 6]).replace("theme_days = [6, 6]", &format!("theme_days = [6, 6]\ncollective_income = {income}"));
        write(&d.path().join("丁镇"), &format!("{area}.toml"), &text);
    }
    let o = run(d.path(), &["rollup", "丁镇", "-o", "out"]);
    assert!(o.status.success(), "{}", text(&o));
    let xlsx = std::fs::read_dir(d.path().join("out")).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|x| x == "xlsx")).unwrap();
    let rows = xlsx_rows(&xlsx, "全年");
    let col = rows[1].iter().position(|c| c.to_string().starts_with("村级集体经济总收入")).expect("the income column");
    let values: Vec<String> = rows.iter().skip(2).filter_map(|r| r.get(col)).map(|c| c.to_string()).filter(|s| !s.is_empty()).collect();
    assert!(values.contains(&"0.3".to_string()) && values.contains(&"38.4".to_string()), "{values:?}");
    assert!(values.iter().all(|v| v.len() <= 6), "{values:?}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let part = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let sheet_xml = part(&mut zip, "xl/worksheets/sheet1.xml");
    for needle in ["<pageSetUpPr fitToPage=\"1\"/>", "paperSize=\"9\"", "orientation=\"landscape\"", "fitToHeight=\"0\"", "第 &amp;P 页"] {
        assert!(sheet_xml.contains(needle), "{needle} missing: {sheet_xml}");
    }
    // The money column shows two decimals, the counts none.
    let styles = part(&mut zip, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.00\""), "{styles}");
    let workbook = part(&mut zip, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$2"), "{workbook}");
}
