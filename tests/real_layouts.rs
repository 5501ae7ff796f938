//! `zongjie import` → `render` on reports in the layouts met in the wild
//! (tests/layout_corpus/, written for these tests, one per layout; the Word
//! list numbering is built here): headings run into their text, work
//! starting at （一）, unnumbered headings, a title without a place name,
//! and a .docx whose 一、（一）1. are Word's automatic numbering. Each comes
//! back with ≥ 97 % of its sentences word for word (numbering labels aside),
//! the right level, date and unit.

mod common;
use common::*;

use std::path::Path;

/// Sentences of a text cut at 。！？；： (a lead ending in ： apart), labels and indentation dropped.
fn sentences(text: &str) -> Vec<String> {
    common::sentences(text, &['。', '！', '？', '；', '：'])
}

/// Imports `report` in `dir`, renders the sheet to txt; (sheet, rendered text).
fn round_trip(dir: &Path, report: &str) -> (String, String) {
    let o = run(dir, &["import", report, "-o", "表.toml", "--force"]);
    assert!(o.status.success(), "{report}: {}", text(&o));
    let sheet = std::fs::read_to_string(dir.join("表.toml")).unwrap();
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    // The sheet says which version the report was (its comment names the --period to use).
    let period = if sheet.contains("--period h1") { "h1" } else { "year" };
    let o = run(dir, &["render", "表.toml", "--period", period, "-f", "txt", "-o", "out", "-q", "--draft"]);
    assert!(o.status.success(), "{report}: {}\n{sheet}", text(&o));
    let file = std::fs::read_dir(&out).unwrap().flatten().next().expect("one file").path();
    (sheet, std::fs::read_to_string(file).unwrap())
}

/// The body of a report: without its title (first line) and 落款 (last two lines), checked apart.
fn body(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('【')).collect();
    let n = lines.len();
    lines[1..n.saturating_sub(2).max(1)].join("\n")
}

/// Share of the original's body sentences found word for word in the rendered text.
fn verbatim(original: &str, rendered: &str) -> (usize, usize, Vec<String>) {
    let have: std::collections::HashSet<String> = sentences(&body(rendered)).into_iter().collect();
    // The headings of the three parts are the standard ones by design
    // (一、2024年工作开展情况, 二、存在的问题, 三、2025年工作打算).
    let part_heading = |s: &String| s.chars().count() <= 12 && ["问题", "打算", "工作开展情况", "工作情况", "主要工作"].iter().any(|w| s.contains(w));
    let want: Vec<String> = sentences(&body(original)).into_iter().filter(|s| !part_heading(s)).collect();
    let lost: Vec<String> = want.iter().filter(|s| !have.contains(*s)).cloned().collect();
    (want.len() - lost.len(), want.len(), lost)
}

/// What each layout must come back with: file, level, 落款 date (None: none written), unit.
const EXPECTED: [(&str, &str, Option<&str>, &str); 5] = [
    ("combined_part.txt", "镇", Some("2022-07-06"), "中共青山镇委员会"),
    ("run_in_headings.txt", "乡", Some("2020-12-28"), "中共石门乡委员会"),
    ("starts_at_sub.txt", "村", Some("2023-12-20"), "中共柳溪村支部委员会"),
    ("bare_headings.txt", "社区", Some("2023-12-26"), "中共东湖社区委员会"),
    ("no_place_title.txt", "村", Some("2019-12-10"), "请填写单位全称"),
];

#[test]
fn text_layouts_come_back_word_for_word_with_level_date_and_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut kept_all, mut want_all) = (0, 0);
    for (name, level, date, unit) in EXPECTED {
        let original = std::fs::read_to_string(root().join("tests/layout_corpus").join(name)).unwrap();
        write(dir.path(), name, &original);
        let (sheet, rendered) = round_trip(dir.path(), name);
        assert!(sheet.contains(&format!("level = \"{level}\"")), "{name}: level {level}\n{sheet}");
        if let Some(d) = date {
            assert!(sheet.contains(d), "{name}: date {d}\n{sheet}");
        }
        assert!(sheet.contains(&format!("name = \"{unit}\"")), "{name}: unit {unit}\n{sheet}");
        let (kept, want, lost) = verbatim(&original, &rendered);
        eprintln!("{name}: {kept}/{want} sentences word for word; lost {lost:?}");
        assert!(kept * 100 >= want * 97, "{name}: {kept}/{want}; lost {lost:#?}\n{sheet}\n{rendered}");
        (kept_all, want_all) = (kept_all + kept, want_all + want);
    }
    eprintln!("all text layouts: {kept_all}/{want_all}");
}

/// A .docx whose headings are Word list paragraphs (no typed 一、（一）):
/// `paras` are (list level, text); numbering.xml shows level 0 as 一、,
/// level 1 as （一）, level 2 as 1.
fn numbered_docx(paras: &[(Option<u32>, &str)]) -> Vec<u8> {
    let mut body = String::new();
    for (level, t) in paras {
        let num = level.map_or(String::new(), |l| format!("<w:pPr><w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"));
        body.push_str(&format!("<w:p>{num}<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>"));
    }
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let document = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    let lvl = |k: u32, fmt: &str, text: &str| format!(r#"<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#);
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        lvl(0, "chineseCounting", "%1、"),
        lvl(1, "chineseCounting", "（%2）"),
        lvl(2, "decimal", "%3.")
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#.to_string()),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
    ];
    for (name, content) in parts {
        z.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut z, content.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn word_automatic_numbering_is_read_as_the_reader_sees_it() {
    let paras: [(Option<u32>, &str); 16] = [
        (None, "南门街道2024年党建工作总结"),
        (None, "2024年，南门街道党工委坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届二中、三中全会精神，现将全年工作总结如下。"),
        (Some(0), "工作开展情况"),
        (Some(1), "抓实政治建设，把牢正确方向"),
        (None, "街道党工委严明政治纪律和政治规矩，全年召开理论学习中心组学习会15次，组织宣讲28场，覆盖党员群众3600余人次。"),
        (Some(1), "抓牢组织建设，夯实基层基础"),
        (None, "推进区域化党建，与辖区31家单位开展结对共建。新建非公有制经济组织党支部2个、社会组织党支部1个，全年发展党员17名。"),
        (Some(2), "扎实开展党纪学习教育，组织专题读书班4期。"),
        (Some(2), "规范社区党组织换届后的班子运行，建立议事规则。"),
        (Some(0), "存在的问题"),
        (None, "一是党建与业务融合不够紧密。二是两新组织党组织覆盖面仍需扩大。"),
        (Some(0), "2025年工作打算"),
        (None, "一是深入学习贯彻党的二十届三中全会精神，推动学习成果转化为发展实效。二是持续加强基层党组织建设，扩大两新组织覆盖。"),
        (None, "南门街道党工委将以更加务实的作风，推动各项工作再上新台阶。"),
        (None, "中共南门街道工作委员会"),
        (None, "2024年12月27日"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("报告.docx"), numbered_docx(&paras)).unwrap();
    let (sheet, rendered) = round_trip(dir.path(), "报告.docx");
    // The reader's view: labels as Word shows them.
    let shown = ["南门街道2024年党建工作总结".to_string()]
        .into_iter()
        .chain(paras[1..].iter().scan([0u32; 3], |count, (level, t)| {
            let label = match level {
                Some(l) => {
                    let l = *l as usize;
                    count[l] += 1;
                    count.iter_mut().skip(l + 1).for_each(|c| *c = 0);
                    let cn = ["", "一", "二", "三", "四", "五"][count[l] as usize];
                    [format!("{cn}、"), format!("（{cn}）"), format!("{}.", count[l])][l].clone()
                }
                None => String::new(),
            };
            Some(format!("{label}{t}"))
        }))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(sheet.contains("title = \"抓实政治建设，把牢正确方向\"") && sheet.contains("title = \"抓牢组织建设，夯实基层基础\""), "（一）（二） list items are the work blocks:\n{sheet}");
    assert!(sheet.contains("level = \"街道\"") && sheet.contains("2024-12-27") && sheet.contains("name = \"中共南门街道工作委员会\""), "{sheet}");
    let (kept, want, lost) = verbatim(&shown, &rendered);
    eprintln!("Word numbering: {kept}/{want} sentences word for word; lost {lost:?}");
    assert!(kept * 100 >= want * 97, "{kept}/{want}; lost {lost:#?}\n{sheet}\n{rendered}");
}

/// Today as a 落款 prints it (2026年12月7日).
fn today() -> String {
    use chrono::Datelike;
    let d = chrono::Local::now().date_naive();
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[test]
fn a_report_without_a_dated_signature_is_never_dated_today() {
    // Issue 24: the 落款 date kept, or none — never today. The sheet holds
    // a placeholder that `check` and `render` refuse, naming its line,
    // until the clerk fills the real date; rendering the report directly
    // refuses too.
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(root().join("tests/layout_corpus/undated_own_leads.txt")).unwrap();
    write(dir.path(), "红旗村.txt", &original);
    let o = run(dir.path(), &["import", "红旗村.txt", "-o", "表.toml"]);
    assert!(o.status.success() && text(&o).contains("成文日期"), "{}", text(&o));
    let sheet = std::fs::read_to_string(dir.path().join("表.toml")).unwrap();
    let line = 1 + sheet.lines().position(|l| l.starts_with("date = { year = \"待填写\" }")).unwrap_or_else(|| panic!("placeholder date\n{sheet}"));
    // The undated 落款 is still the 落款: its unit signs the report.
    assert!(sheet.contains("name = \"中共红旗村支部委员会\"") && !sheet.contains("closing = \"中共红旗村"), "{sheet}");
    for args in [&["render", "表.toml", "-p", "year", "-o", "out"][..], &["check", "表.toml", "-p", "year"]] {
        let o = run(dir.path(), args);
        let said = text(&o);
        assert!(!o.status.success(), "{args:?} succeeds: {said}");
        assert!(said.contains(&format!("表.toml:{line}:")) && said.contains("成文日期“待填写”不是日期"), "{args:?}: {said}");
        assert!(!said.contains(&today()), "{said}");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
    let o = run(dir.path(), &["render", "红旗村.txt", "-o", "out"]);
    assert!(!o.status.success() && text(&o).contains("落款没有成文日期"), "{}", text(&o));
    assert!(!dir.path().join("out").exists(), "nothing written");
    // Filled, it renders with the clerk's date.
    write(dir.path(), "表.toml", &sheet.replace("\"待填写\"", "2024-12-26"));
    let o = run(dir.path(), &["render", "表.toml", "-p", "year", "-f", "txt", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", text(&o));
    let file = std::fs::read_dir(dir.path().join("out")).unwrap().flatten().next().unwrap().path();
    let rendered = std::fs::read_to_string(file).unwrap();
    assert!(rendered.contains("2024年12月26日") && !rendered.contains(&today()), "{rendered}");
}

#[test]
fn the_authors_own_leads_of_problems_and_plans_come_back_once_and_alone() {
    // Issue 24: the author's lead sentence of 存在的问题 / 工作打算 is kept,
    // and the template's generic lead is not printed before it.
    let dir = tempfile::tempdir().unwrap();
    let undated = std::fs::read_to_string(root().join("tests/layout_corpus/undated_own_leads.txt")).unwrap();
    let cases = [
        ("run_in_headings.txt", std::fs::read_to_string(root().join("tests/layout_corpus/run_in_headings.txt")).unwrap(), ["对照上级要求，我乡党建工作还存在一些不足：", "2021年，乡党委将重点抓好以下工作："]),
        ("undated_own_leads.txt", undated.replace("中共红旗村支部委员会\n", "中共红旗村支部委员会\n2024年12月26日\n"), ["回顾一年来的工作，村党支部在抓党建工作中还有一些不足。", "新的一年，村党支部将围绕以下几个方面抓好落实。"]),
    ];
    for (name, original, leads) in cases {
        write(dir.path(), name, &original);
        let (sheet, rendered) = round_trip(dir.path(), name);
        let paras: Vec<&str> = rendered.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        for (heading, lead) in ["存在的问题", "工作打算"].into_iter().zip(leads) {
            let at = paras.iter().position(|p| p.contains('、') && p.ends_with(heading)).unwrap_or_else(|| panic!("{name}: {heading}\n{rendered}"));
            // The paragraph after the heading starts with the author's lead: nothing generated before it.
            assert!(paras[at + 1].starts_with(lead), "{name}: {heading} starts {:?}\n{rendered}", paras[at + 1]);
            assert_eq!(rendered.matches(lead).count(), 1, "{name}: {lead}\n{rendered}");
            assert!(!sheet.contains(&format!("#   {lead}")), "{name}: the lead is placed, not listed as left out\n{sheet}");
        }
    }
}

#[test]
fn next_years_sheet_leaves_last_years_own_leads_to_write_again() {
    // Like the opening and closing: a lead is the year's own words.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "石门乡.txt", &std::fs::read_to_string(root().join("tests/layout_corpus/run_in_headings.txt")).unwrap());
    let (sheet, _) = round_trip(dir.path(), "石门乡.txt");
    assert!(sheet.contains("problems_lead = ") && sheet.contains("plans_lead = "), "{sheet}");
    let o = run(dir.path(), &["init", "新.toml", "--from", "表.toml"]);
    assert!(o.status.success(), "{}", text(&o));
    let new = std::fs::read_to_string(dir.path().join("新.toml")).unwrap();
    let t: toml::Table = toml::from_str(&new).unwrap();
    assert!(t["report"].get("problems_lead").is_none() && t["report"].get("plans_lead").is_none(), "{new}");
    assert!(new.contains("# problems_lead = \"xx\"") && new.contains("# plans_lead = \"xx\""), "{new}");
}
