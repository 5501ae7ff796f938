//! The 台账 (activity ledger) through the real binary: .xlsx (generated here
//! with rust_xlsxwriter), .csv in UTF-8, UTF-8 with BOM and GBK, and
//! `[[activity]]`; figures counted per half; a stated figure differing from
//! its count; located errors for bad rows with nothing written; unknown
//! columns warned once; the roll-up seeing counted figures.

mod common;
mod serve_common;
use std::path::Path;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A township sheet citing the counted figures in its own text, so the
/// report shows each version's value. `extra` goes into `[report]`, `more` at the end.
fn sheet(extra: &str, figures: &str, more: &str) -> String {
    format!(
        "[unit]\nname = \"中共甲镇委员会\"\narea = \"甲镇\"\n\n[report]\nyear = 2025\ndate = {{ h1 = 2025-07-08, year = 2025-12-26 }}\n{extra}\n\n[figures]\nbranches = 2\n{figures}\n\n[[work]]\ntitle = \"抓实组织生活\"\ntext = \"{{上半年|全年}}开展主题党日活动{{theme_days}}次，讲授党课{{party_lectures}}次，走访群众{{visits}}户。\"\n{more}"
    )
}

/// Ledger rows: 3 主题党日 and 1 党课 in the first half, 2 主题党日, 2 党课 in the second; 走访 with 数量.
const CSV: &str = "序号,时间,会议类型,议题,主要内容,实到人数,数量,重点（是/否）,地点\n\
1,2025-03-05,主题党日,学雷锋当先锋,各支部组织党员开展环境整治、政策宣传等志愿服务,45,,是,各村\n\
2,2025/4/10,主题党日,,组织党员学习新修订的纪律处分条例,38,,,镇会议室\n\
3,2025年5月8日,党课,学习新党章,书记讲专题党课,30,,,\n\
4,6月,主题党日,,开展义务植树,20,,否,\n\
5,3月12日,走访,,走访慰问困难党员,,35,,\n\
6,8月,主题党日,,组织党员参观红色教育基地,26,,,\n\
7,2025年9月3日,党课,纪律教育,讲授纪律党课,28,,,\n\
8,10月,党课,,邀请党校教师讲党课,40,,,\n\
9,11月20日,主题党日,,开展“敬老爱老”志愿服务,22,,,\n\
10,12月2日,走访,,入户走访独居老人,,20,,\n";

fn render(dir: &Path, sheet: &str) -> (std::process::Output, String, String) {
    let o = run(dir, &["render", sheet, "-o", "out", "--period", "both", "-f", "txt"]);
    let read = |half: &str| std::fs::read_to_string(dir.join(format!("out/甲镇2025年{half}党建工作总结.txt"))).unwrap_or_default();
    (o.clone(), read("上半年"), read(""))
}

/// The first-half and full-year reports cite the counted values of the CSV above.
fn assert_counted(o: &std::process::Output, h1: &str, year: &str) {
    assert!(o.status.success(), "{}", text(o));
    assert!(h1.contains("上半年开展主题党日活动3次，讲授党课1次，走访群众35户。"), "h2 rows must not reach 上半年:\n{h1}");
    assert!(year.contains("全年开展主题党日活动5次，讲授党课3次，走访群众55户。"), "{year}");
}

#[test]
fn csv_in_utf8_bom_and_gbk_give_the_same_counts() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CSV);
    assert!(!unmappable);
    let bom = [&b"\xEF\xBB\xBF"[..], CSV.as_bytes()].concat();
    for (name, bytes) in [("utf8", CSV.as_bytes().to_vec()), ("bom", bom), ("gbk", gbk.into_owned())] {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("台账.csv"), &bytes).unwrap();
        write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.csv\"", "", ""));
        let (o, h1, year) = render(d.path(), "甲镇.toml");
        assert!(o.status.success(), "{name}: {}", text(&o));
        assert_counted(&o, &h1, &year);
    }
}

#[test]
fn xlsx_every_worksheet_dates_as_cells_and_sheet_names_as_kinds() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // One worksheet per kind: no 类别 column, the worksheet's name is the kind.
    let ws = wb.add_worksheet().set_name("主题党日").unwrap();
    for (c, h) in ["日期", "主题", "内容", "参加人数", "重点"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [((2025, 3, 5), "学雷锋当先锋", "各支部组织党员开展志愿服务", 45.0, "是"), ((2025, 4, 10), "", "学习纪律处分条例", 38.0, ""), ((2025, 6, 3), "", "开展义务植树", 20.0, "否"), ((2025, 8, 6), "", "参观红色教育基地", 26.0, ""), ((2025, 11, 20), "", "开展敬老志愿服务", 22.0, "")];
    for (i, ((y, m, day), theme, content, people, key)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(*y, *m, *day).unwrap(), &date).unwrap();
        ws.write_string(r, 1, *theme).unwrap();
        ws.write_string(r, 2, *content).unwrap();
        ws.write_number(r, 3, *people).unwrap();
        ws.write_string(r, 4, *key).unwrap();
    }
    // A mixed worksheet with a 类别 column and dates written as text.
    let ws = wb.add_worksheet().set_name("其他").unwrap();
    for (c, h) in ["时间", "类型", "内容", "户数"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (when, kind, content, n)) in [("2025年5月8日", "党课", "书记讲专题党课", ""), ("9月3日", "党课", "讲授纪律党课", ""), ("10月", "党课", "邀请党校教师讲党课", ""), ("3月12日", "走访", "走访慰问困难党员", "35"), ("12月", "走访", "入户走访独居老人", "20")].iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *when).unwrap();
        ws.write_string(r, 1, *kind).unwrap();
        ws.write_string(r, 2, *content).unwrap();
        if !n.is_empty() {
            ws.write_number(r, 3, n.parse::<f64>().unwrap()).unwrap();
        }
    }
    wb.save(d.path().join("台账.xlsx")).unwrap();
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.xlsx\"", "", ""));
    let (o, h1, year) = render(d.path(), "甲镇.toml");
    assert_counted(&o, &h1, &year);
    // `check` says which column was read as what.
    let c = text(&run(d.path(), &["check", "甲镇.toml"]));
    assert!(c.contains("台账.xlsx:其他：警告[ledger] 台账的列：“时间”读作日期，“类型”读作类别，“户数”读作数量"), "{c}");
    assert!(c.contains("台账.xlsx:主题党日：警告[ledger] 台账的列：没有“类别”列，各行的类别取工作表名“主题党日”"), "{c}");
}

#[test]
fn sheet_activities_count_like_ledger_rows() {
    let d = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for (date, kind, n) in [("2025-03-05", "主题党日", ""), ("2025-04-10", "主题党日活动", ""), ("2025-06-01", "theme_days", ""), ("2025-05-08", "党课", ""), ("2025-09-03", "党课", ""), ("2025-10-09", "讲党课", ""), ("2025-08-06", "主题党日", ""), ("2025-11-20", "主题党日", ""), ("2025-03-12", "走访", "count = 35\n"), ("2025-12-02", "入户走访", "count = 20\n")] {
        rows.push_str(&format!("\n[[activity]]\ndate = {date}\nkind = \"{kind}\"\ntext = \"开展活动\"\n{n}"));
    }
    write(d.path(), "甲镇.toml", &sheet("", "", &rows));
    let (o, h1, year) = render(d.path(), "甲镇.toml");
    assert_counted(&o, &h1, &year);
}

#[test]
fn a_stated_figure_wins_and_a_different_count_is_a_warning_naming_both() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "台账.csv", CSV);
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.csv\"", "theme_days = [4, 2]", ""));
    let (o, h1, year) = render(d.path(), "甲镇.toml");
    assert!(o.status.success(), "{}", text(&o));
    assert!(h1.contains("开展主题党日活动4次"), "{h1}");
    assert!(year.contains("开展主题党日活动6次"), "{year}");
    let c = text(&run(d.path(), &["check", "甲镇.toml"]));
    assert!(c.contains("警告[ledger] “主题党日活动”上半年在 [figures] 中写的是 4次，台账计得 3次（台账.csv:第2行、台账.csv:第3行、台账.csv:第5行）"), "{c}");
    // The second half agrees (2 rows, 2 stated): no warning for it.
    assert!(!c.contains("下半年在 [figures] 中写的是 2次"), "{c}");
}

#[test]
fn bad_rows_one_located_message_each_and_nothing_written() {
    let d = tempfile::tempdir().unwrap();
    let bad = "日期,类别,内容,参加人数\n2025-03-05,主题当日,开展志愿服务,45\n2024-12-30,党课,讲党课,30\n4月,党课,,20\n5月,党课,讲党课,约三十人\n上周,党课,讲党课,\n6月,党课,讲党课\u{1b}[31m,\n";
    write(d.path(), "台账.csv", bad);
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.csv\"", "", ""));
    let (o, ..) = render(d.path(), "甲镇.toml");
    let t = text(&o);
    assert!(!o.status.success(), "{t}");
    for msg in [
        "台账.csv:第2行：类别：未知的类别“主题当日”，是否想写“主题党日”？",
        "台账.csv:第3行：日期：日期 2024-12-30 不在报告年度 2025 年内",
        "台账.csv:第4行：内容：内容为空",
        "台账.csv:第5行：参加人数：“约三十人”不是人数",
        "台账.csv:第6行：日期：日期“上周”无法识别",
        "台账.csv:第7行：内容：有看不见的控制字符（U+001B）",
    ] {
        assert_eq!(t.matches(msg).count(), 1, "{msg} once in:\n{t}");
    }
    assert!(listing(&d.path().join("out")).is_empty(), "nothing written while an error stands");
}

#[test]
fn unknown_columns_are_one_warning_naming_them() {
    let d = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    for name in ["主题党日", "党课"] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (c, h) in ["日期", "内容", "地点", "主持人"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["3月5日", "开展学习", "会议室", "张某"].iter().enumerate() {
            ws.write_string(1, c as u16, *v).unwrap();
        }
    }
    wb.save(d.path().join("台账.xlsx")).unwrap();
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.xlsx\"", "visits = [1, 1]", ""));
    let c = text(&run(d.path(), &["check", "甲镇.toml"]));
    assert_eq!(c.matches("台账中这些列没有读取：地点、主持人").count(), 1, "{c}");
}

#[test]
fn the_roll_up_sees_counted_figures() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("县");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("台账.csv"), CSV).unwrap();
    std::fs::write(c.join("甲镇.toml"), sheet("ledger = \"台账.csv\"", "", "")).unwrap();
    let o = run(d.path(), &["rollup", "县", "-o", "out", "-f", "csv"]);
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(std::fs::read_dir(d.path().join("out")).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "csv")).unwrap().path()).unwrap();
    // 基层党组织 as stated; 党课, 主题党日活动, 走访群众 counted from the ledger (full year).
    assert_eq!(csv.lines().find(|l| l.starts_with("甲镇")), Some("甲镇,2,3,5,55"), "{csv}");
}

#[test]
fn figures_lists_the_kinds_a_row_may_have() {
    let d = tempfile::tempdir().unwrap();
    let t = text(&run(d.path(), &["figures"]));
    let kinds = &t[t.find("台账（[[activity]] 的 kind").expect(&t)..];
    assert!(kinds.contains("主题党日活动（theme_days），也可写 主题党日、党日活动、固定党日；每行计1次"), "{kinds}");
    assert!(kinds.contains("走访群众（visits），也可写 走访"), "{kinds}");
    assert!(kinds.contains("每行计“数量”一栏（户）"), "{kinds}");
    assert!(kinds.contains("板块 integrity：党风廉政建设"), "{kinds}");
    // A stock figure is no kind of row.
    assert!(!kinds.contains("党员总数"), "{kinds}");
}

#[test]
fn hostile_or_wrong_ledger_files_get_one_message_each() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::create_dir_all(p.join("sub")).unwrap();
    write(p, "旧.xls", "not really");
    write(p, "假.xlsx", "这不是压缩包");
    let mut long = String::from("日期,类别,内容\n");
    for i in 0..5_001 {
        long.push_str(&format!("3月{},党课,讲党课\n", i % 28 + 1));
    }
    write(p, "长.csv", &long);
    // A small archive that claims to unpack to 64 MB.
    let mut z = zip::ZipWriter::new(std::fs::File::create(p.join("炸.xlsx")).unwrap());
    z.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default().compression_level(Some(1))).unwrap();
    std::io::Write::write_all(&mut z, &vec![b' '; 64 << 20]).unwrap();
    z.finish().unwrap();
    // The same, declaring 1000 bytes in both headers: the count, not the claim, decides.
    let mut lying = std::fs::read(p.join("炸.xlsx")).unwrap();
    let patch = |b: &mut Vec<u8>, sig: &[u8], at: usize| {
        let i = b.windows(4).position(|w| w == sig).unwrap();
        b[i + at..i + at + 4].copy_from_slice(&1000u32.to_le_bytes());
    };
    patch(&mut lying, b"PK\x03\x04", 22);
    patch(&mut lying, b"PK\x01\x02", 24);
    std::fs::write(p.join("谎.xlsx"), lying).unwrap();
    let cases = [
        ("\"../外.csv\"", "不是本文件夹中的文件名"),
        ("\"没有.csv\"", "无法读取台账 没有.csv"),
        ("\"旧.xls\"", "不支持 .xls 格式"),
        ("\"假.xlsx\"", "不是有效的 .xlsx 文件"),
        ("\"长.csv\"", "超过 5000 行"),
        ("\"炸.xlsx\"", "解压后超过 50 MB"),
        ("\"谎.xlsx\"", "无法读取台账 谎.xlsx：文件已损坏"),
        ("3", "ledger 应写台账文件名"),
    ];
    for (value, says) in cases {
        write(p, "甲镇.toml", &sheet(&format!("ledger = {value}"), "", ""));
        let o = run(p, &["render", "甲镇.toml", "-o", "out", "-f", "txt"]);
        let t = text(&o);
        assert!(!o.status.success(), "{value}: {t}");
        assert!(!t.contains("未定义的指标"), "{value}: no follow-on errors: {t}");
        assert_eq!(t.matches(says).count(), 1, "{value}: {says} once in {t}");
        assert!(t.contains("甲镇.toml:8:"), "{value}: located at the ledger line: {t}");
        assert!(listing(&p.join("out")).is_empty(), "{value}: nothing written");
    }
}

#[test]
fn init_ledger_writes_a_template_whose_example_never_reaches_a_report() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["init", "--ledger", "台账.xlsx", "--year", "2025"]);
    assert!(o.status.success(), "{}", text(&o));
    let bytes = std::fs::read(d.path().join("台账.xlsx")).unwrap();
    // Read back by calamine: the header row, then the example row marked 示例.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let names: Vec<(String, bool)> = wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible)).collect();
    assert_eq!(names, [("台账".to_string(), true), ("类别列表".to_string(), false)]);
    let table = wb.worksheet_range("台账").unwrap();
    let row = |r: usize| table.rows().nth(r).unwrap().iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(row(0), ["日期", "类别", "主题", "内容", "参加人数", "数量", "重点"]);
    assert_eq!(row(1)[6], "示例");
    let kinds: Vec<String> = wb.worksheet_range("类别列表").unwrap().rows().map(|r| r[0].to_string()).collect();
    for k in ["主题党日", "中心组学习", "党课", "警示教育", "走访", "为民办实事", "组织建设", "基层治理"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    // The drop-down: a list validation on the 类别 column pointing at the kinds, frozen header.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let list = doc.descendants().find(|n| n.has_tag_name("dataValidation") && n.attribute("sqref") == Some("B2:B1001")).expect("drop-down on 类别");
    assert_eq!(list.attribute("type"), Some("list"));
    let formula = list.descendants().find(|n| n.has_tag_name("formula1")).and_then(|n| n.text()).unwrap();
    assert_eq!(formula, format!("'类别列表'!$A$1:$A${}", kinds.len()));
    assert!(doc.descendants().any(|n| n.has_tag_name("pane") && n.attribute("state") == Some("frozen")));
    let content = doc.descendants().find(|n| n.has_tag_name("col") && n.attribute("min") == Some("4")).expect("内容 column width");
    assert!(content.attribute("width").unwrap().parse::<f64>().unwrap() > 50.0, "内容 is wide");
    // Not overwritten without --force.
    let again = run(d.path(), &["init", "--ledger", "台账.xlsx"]);
    assert!(!again.status.success() && text(&again).contains("已存在"), "{}", text(&again));
    // A sheet pointing at the untouched template: the example is skipped, said once, and cited nowhere.
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账.xlsx\"", "theme_days = [1, 1]\nparty_lectures = [1, 1]\nvisits = [1, 1]", ""));
    let c = text(&run(d.path(), &["check", "甲镇.toml"]));
    assert_eq!(c.matches("台账:第2行是示例行").count(), 1, "{c}");
    let (o, h1, year) = render(d.path(), "甲镇.toml");
    assert!(o.status.success(), "{}", text(&o));
    for r in [&h1, &year] {
        assert!(!r.contains("学雷锋") && !r.contains("示例"), "{r}");
        assert!(r.contains("开展主题党日活动1次") || r.contains("开展主题党日活动2次"), "the stated value, not the example's count: {r}");
    }
}

#[test]
fn init_asks_for_one_real_activity_under_each_block_and_they_load_once_filled() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["init", "白鹭镇.toml", "--year", "2025"]);
    assert!(o.status.success(), "{}", text(&o));
    let s = std::fs::read_to_string(d.path().join("白鹭镇.toml")).unwrap();
    for ask in ["# 政治建设：", "# 组织建设：", "# 党员队伍建设：", "# 党风廉政建设：", "# 基层治理："] {
        assert!(s.contains(ask), "{ask} in scaffold");
    }
    assert_eq!(s.matches("# [[activity]]").count(), 5);
    // Uncommented as they stand, the examples load (kinds known, dates in the year)…
    let filled = s.lines().map(|l| if ["# [[activity]]", "# date = 2025", "# month =", "# kind =", "# theme =", "# text =", "# people =", "# key ="].iter().any(|p| l.starts_with(p)) { &l[2..] } else { l }).collect::<Vec<_>>().join("\n");
    write(d.path(), "白鹭镇.toml", &filled);
    let c = run(d.path(), &["check", "白鹭镇.toml"]);
    let t = text(&c);
    assert!(!t.contains("类别") && !t.contains("不在报告年度"), "{t}");
    // …but their ×× placeholders keep them out of a report until they are replaced.
    let r = run(d.path(), &["render", "白鹭镇.toml", "-o", "out", "-f", "txt"]);
    assert!(!r.status.success() || !listing(&d.path().join("out")).iter().any(|f| std::fs::read_to_string(d.path().join("out").join(f)).unwrap_or_default().contains("××")), "{}", text(&r));
}

#[test]
fn activity_texts_are_checked_like_other_texts_in_the_versions_they_belong_to() {
    let d = tempfile::tempdir().unwrap();
    let rows = "\n[[activity]]\nmonth = 3\nkind = \"主题党日\"\ntext = \"组织党员到××开展志愿服务\"\n\n[[activity]]\nmonth = 9\nkind = \"主题党日\"\ntext = \"全年开展志愿服务12场\"\n";
    write(d.path(), "甲镇.toml", &sheet("", "party_lectures = [1, 1]\nvisits = [1, 1]", rows));
    let o = run(d.path(), &["check", "甲镇.toml"]);
    let t = text(&o);
    assert!(t.contains("[placeholder]") && t.contains("位置：activity[1].text"), "{t}");
    // A September row is not in the 上半年 version: its 全年 is no period-wording error there.
    assert!(!t.contains("activity[2].text"), "{t}");
    let r = run(d.path(), &["render", "甲镇.toml", "-o", "out", "-f", "txt"]);
    assert!(!r.status.success() && listing(&d.path().join("out")).is_empty(), "a placeholder stops the render: {}", text(&r));
}

#[test]
fn next_years_sheet_keeps_counted_figures_as_last_year_and_counts_again() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "台账2024.csv", &CSV.replace("2025", "2024"));
    write(d.path(), "甲镇.toml", &sheet("ledger = \"台账2024.csv\"", "", "").replace("2025", "2024"));
    let o = run(d.path(), &["init", "甲镇2025.toml", "--from", "甲镇.toml"]);
    assert!(o.status.success(), "{}", text(&o));
    let new = std::fs::read_to_string(d.path().join("甲镇2025.toml")).unwrap();
    // Counted last year: no placeholder 0 that would stand against this year's count.
    assert!(new.contains("theme_days = { last_year = 5, last_year_h1 = 3 }"), "{new}");
    assert!(new.contains("# ledger = \"台账.xlsx\"  # 上年的台账是 \"台账2024.csv\""), "{new}");
    // This year's ledger (one more 主题党日 in the first half), named where the comment says.
    write(d.path(), "台账.csv", &CSV.replace("1,2025-03-05", "0,2025-01-08,主题党日,,新春走访,30,,,\n1,2025-03-05"));
    let filled = new.replace("# ledger = \"台账.xlsx\"", "ledger = \"台账.csv\"").replace("# date = {", "date = {");
    write(d.path(), "甲镇2025.toml", &filled);
    let o = run(d.path(), &["render", "甲镇2025.toml", "-o", "out", "-f", "txt", "-p", "h1", "--draft"]);
    let h1 = std::fs::read_to_string(d.path().join("out").join(listing(&d.path().join("out")).first().unwrap_or(&String::new()))).unwrap_or_default();
    assert!(h1.contains("开展主题党日活动4次"), "{}\n{h1}", text(&o));
    // Last year's count (3 in the first half) is the base of the comparison.
    assert!(h1.contains("主题党日活动4次，较上年同期增加1次") || h1.contains("主题党日活动4次，同比增加1次"), "{h1}");
}

#[test]
fn the_editors_sheet_list_follows_a_changed_ledger() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["白鹭镇.toml", "白鹭镇台账.csv"] {
        std::fs::copy(common::root().join("data").join(f), dir.path().join(f)).unwrap();
    }
    let s = serve_common::Served::start_in(dir);
    let row = || {
        let page = s.get("/").text();
        let at = page.find("<tr data-sheet=\"白鹭镇.toml\">").unwrap_or_else(|| panic!("not listed: {page}"));
        page[at..].split("</tr>").next().unwrap().to_string()
    };
    let ok = row();
    assert!(ok.contains("可以生成正式稿") && !ok.contains("错误"), "{ok}");
    // Only the ledger changes (a kind mistyped): the sheet's row is made again.
    let csv = std::fs::read_to_string(s.path("白鹭镇台账.csv")).unwrap();
    std::fs::write(s.path("白鹭镇台账.csv"), csv.replacen("主题党日", "主题当日", 1)).unwrap();
    let bad = row();
    assert!(bad.contains("无法读取") && bad.contains("主题当日"), "{bad}");
    std::fs::write(s.path("白鹭镇台账.csv"), &csv).unwrap();
    assert_eq!(row(), ok);
}
