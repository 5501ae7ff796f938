//! Layout tests: clusters and 禁则, line setting, titles, 落款, pagination,
//! properties over generated documents, and a snapshot of the dump.

use super::breaker::{self, Glyph, Measure, clusters, no_line_end, no_line_start};
use super::*;
use crate::data::Period;
use crate::doc::{Block, Heading, Inline, Meta, Paragraph, Signature};
use proptest::prelude::*;

mod strict;

/// Proportional digits like a real font (Noto SC: '4' = 0.555 em).
struct TestMetrics;
impl Metrics for TestMetrics {
    fn advance(&self, _role: Role, c: char) -> f32 {
        match c {
            '0'..='9' => 0.555,
            ' ' => 0.25,
            c if c.is_ascii() => 0.6,
            _ => 1.0,
        }
    }
}

fn meta() -> Meta {
    Meta { author: "中共青石镇委员会".into(), area: "青石镇".into(), year: 2024, kind: "党建工作总结".into(), period: Period::H1, date: chrono::NaiveDate::from_ymd_opt(2024, 7, 8).unwrap() }
}

fn para(t: &str) -> Block {
    Block::Paragraph(Paragraph { run_in: None, inlines: vec![Inline::Text(t.into())] })
}

fn heading(level: u8, number: &str, text: &str) -> Block {
    Block::Heading(Heading { level, number: number.into(), text: text.into() })
}

fn cluster_texts(s: &str) -> Vec<String> {
    let c: Vec<char> = s.chars().collect();
    clusters(&c).into_iter().map(|r| c[r].iter().collect()).collect()
}

fn set_paragraph(text: &str) -> (Vec<Glyph>, Vec<breaker::SetLine>, Grid) {
    let grid = Grid::gbt9704();
    let g: Vec<Glyph> = text.chars().map(|c| Glyph::new(c, Role::Body, 16.0, &TestMetrics)).collect();
    let m = Measure { width: grid.measure, first_indent: 2.0 * grid.cell(), base: grid.cell() - 16.0, cell: grid.cell(), justify: true, squeeze: true, hang: true };
    let lines = breaker::break_lines(&g, &m);
    (g, lines, grid)
}

fn line_text(g: &[Glyph], l: &breaker::SetLine) -> String {
    g[l.range.clone()].iter().map(|g| g.c).collect()
}

#[test]
fn clusters_keep_numbers_units_dates_and_punctuation() {
    assert_eq!(cluster_texts("学了6次。"), ["学", "了", "6次。"]);
    assert_eq!(cluster_texts("村（社区）干部"), ["村", "（社", "区）", "干", "部"]);
    assert_eq!(cluster_texts("于2024年7月8日，"), ["于", "2024年7月8日，"]);
    assert_eq!(cluster_texts("覆盖420人次"), ["覆", "盖", "420人次"]);
    assert_eq!(cluster_texts("达612.5万元。"), ["达", "612.5万元。"]);
    assert_eq!(cluster_texts("等……"), ["等……"]);
    assert_eq!(cluster_texts("“第一议题”"), ["“第", "一", "议", "题”"]);
    assert_eq!(cluster_texts("2025年上半年"), ["2025年", "上", "半", "年"]);
}

#[test]
fn full_lines_are_justified_to_the_measure_and_the_last_is_not() {
    let text = "镇".repeat(26 + 28 + 5);
    let (g, lines, grid) = set_paragraph(&text);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].range.len(), 26);
    assert_eq!(lines[1].range.len(), 28);
    assert!((lines[0].x[0] - 2.0 * grid.cell()).abs() < 0.01, "first-line indent of two cells");
    for l in &lines[..2] {
        assert!((l.extent - grid.measure).abs() < 0.01, "{} ends at {}", line_text(&g, l), l.extent);
    }
    assert!((lines[2].extent - 5.0 * grid.cell()).abs() < 0.01, "last line keeps its natural width");
    // Every ideograph sits on its grid cell.
    for (i, x) in lines[1].x.iter().enumerate() {
        assert!((x - i as f32 * grid.cell()).abs() < 0.01);
    }
}

#[test]
fn a_stop_at_the_line_end_hangs_rather_than_starting_the_next_line() {
    // 26 cells on the first line; the 26th ideograph is followed by 。.
    let text = format!("{}。{}", "镇".repeat(26), "村".repeat(10));
    let (g, lines, grid) = set_paragraph(&text);
    assert_eq!(line_text(&g, &lines[0]), format!("{}。", "镇".repeat(26)));
    assert!(lines[0].hang);
    assert!((lines[0].extent - grid.measure).abs() < 0.01);
    assert!(!no_line_start(line_text(&g, &lines[1]).chars().next().unwrap()));
}

#[test]
fn punctuation_is_squeezed_when_that_keeps_the_line_full() {
    // Two commas earlier in the line give a full cell of squeeze; a closing
    // quote may not hang.
    let text = format!("镇镇，镇镇，{}”{}", "镇".repeat(20), "村".repeat(10));
    let (g, lines, grid) = set_paragraph(&text);
    assert_eq!(line_text(&g, &lines[0]), format!("镇镇，镇镇，{}”", "镇".repeat(20)));
    assert!(lines[0].squeezed && !lines[0].hang);
    assert!(lines[0].extent <= grid.measure + 0.01);
}

#[test]
fn numbers_with_units_and_dates_never_split() {
    for pad in 20..27 {
        let text = format!("{}共发展党员1193名，于2024年12月26日完成。", "镇".repeat(pad));
        let (g, lines, _) = set_paragraph(&text);
        let texts: Vec<String> = lines.iter().map(|l| line_text(&g, l)).collect();
        assert_eq!(texts.concat(), text);
        assert!(texts.iter().any(|t| t.contains("1193名")), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("2024年12月26日")), "{texts:?}");
    }
}

#[test]
fn a_long_title_breaks_into_a_balanced_shape_at_a_word() {
    let grid = Grid::gbt9704();
    let doc = Document { title: "中共青石镇委员会关于2024年上半年全面从严治党和基层党建工作情况的总结".into(), meta: meta(), blocks: vec![], format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    let titles: Vec<&Line> = paged.pages[0].lines.iter().filter(|l| l.kind == LineKind::Title).collect();
    assert_eq!(titles.len(), 2);
    let (a, b) = (titles[0].text(), titles[1].text());
    assert_eq!(format!("{a}{b}"), doc.title);
    assert!(a.ends_with("关于") || b.starts_with("关于") || a.ends_with("年") || b.starts_with("全面") || a.ends_with("的"), "{a} / {b}");
    let w = |l: &Line| l.extent - (l.runs[0].x - grid.left);
    assert!(w(titles[0]) <= w(titles[1]) + 0.01 && w(titles[1]) - w(titles[0]) < 4.0 * 22.0, "{a} / {b}");
    // Centred.
    for l in &titles {
        let left = l.runs[0].x - grid.left;
        assert!((left - (grid.measure - l.extent)).abs() < 0.5);
    }
}

#[test]
fn signature_follows_the_right_offsets() {
    let grid = Grid::gbt9704();
    let s = Signature { unit: "中共青石镇委员会".into(), date: "2024年7月8日".into(), sealed: false };
    let doc = Document { title: "标题".into(), meta: meta(), blocks: vec![para("正文。"), Block::Signature(s.clone())], format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    let sig: Vec<&Line> = paged.pages[0].lines.iter().filter(|l| l.kind == LineKind::Signature).collect();
    let (u, d) = s.right_offsets();
    assert!((sig[0].extent - (grid.measure - u * grid.cell())).abs() < 0.01);
    assert!((sig[1].extent - (grid.measure - d * grid.cell())).abs() < 0.01);
    assert_eq!(sig[1].slot, sig[0].slot + 1);
    let body = paged.pages[0].lines.iter().find(|l| l.text() == "正文。").unwrap();
    assert_eq!(sig[0].slot, body.slot + 2, "one empty line before the 落款");
}

#[test]
fn page_numbers_alternate_sides_one_character_in() {
    let grid = Grid::gbt9704();
    let doc = Document { title: "标题".into(), meta: meta(), blocks: (0..30).map(|_| para(&"镇".repeat(40))).collect(), format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    assert!(paged.pages.len() >= 3);
    let odd = &paged.pages[0].folio;
    let w = odd.text.chars().map(|c| TestMetrics.advance(Role::PageNumber, c) * 14.0).sum::<f32>();
    assert_eq!(odd.text, "— 1 —");
    assert!((odd.x + w - (grid.left + grid.measure - 14.0)).abs() < 0.01);
    assert!((paged.pages[1].folio.x - (grid.left + 14.0)).abs() < 0.01);
    assert!((odd.y - super::pager::dash_top(&TestMetrics) * 14.0 - (grid.top + grid.height + mm(7.0))).abs() < 0.01);
}

#[test]
fn a_heading_moves_to_the_next_page_rather_than_end_one() {
    let grid = Grid::gbt9704();
    // Title (1) + blank (1) + 10 two-line paragraphs = 22 slots; then a heading.
    let mut blocks: Vec<Block> = (0..9).map(|_| para(&"镇".repeat(40))).collect();
    blocks.push(para("短。"));
    blocks.push(heading(1, "一、", "工作开展情况"));
    blocks.push(para(&"村".repeat(40)));
    let doc = Document { title: "标题".into(), meta: meta(), blocks, format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    let first_last = paged.pages[0].lines.last().unwrap();
    assert!(!matches!(first_last.kind, LineKind::Heading(_)), "{}", dump::dump(&paged));
    assert_eq!(paged.pages[1].lines[0].kind, LineKind::Heading(1));
}

#[test]
fn a_paragraph_last_line_is_never_alone_at_a_page_top() {
    let grid = Grid::gbt9704();
    // Title + blank + 19 one-line paragraphs = 21 slots; a 2-line paragraph follows.
    let mut blocks: Vec<Block> = (0..19).map(|_| para("短段落。")).collect();
    blocks.push(para(&"村".repeat(40)));
    let doc = Document { title: "标题".into(), meta: meta(), blocks, format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    assert_eq!(paged.pages[0].lines.len(), 20);
    assert_eq!(paged.pages[1].lines.len(), 2);
    assert_eq!(paged.pages[1].lines[0].slot, 0);
}

fn sample() -> Document {
    Document {
        title: "青石镇2024年上半年党建工作总结".into(),
        meta: meta(),
        blocks: vec![
            para("今年以来，镇党委在县委的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，紧扣“抓党建促乡村振兴”工作主线。现将上半年工作情况总结如下。"),
            heading(1, "一、", "上半年工作开展情况"),
            Block::Paragraph(Paragraph {
                run_in: Some(Heading { level: 2, number: "（一）".into(), text: "强化政治引领，筑牢思想根基。".into() }),
                inlines: vec![Inline::Item { label: "一是".into(), text: "抓实理论武装。".into() }, Inline::Text("坚持“第一议题”制度，上半年党委理论学习中心组集体学习6次、专题研讨2次，覆盖党员干部420人次。".into())],
            }),
            heading(3, "1.", "规范流动党员管理"),
            para("建立流动党员微信联系群，实现496名流动党员联系全覆盖，村级集体经济总收入612.5万元。"),
            Block::Signature(Signature { unit: "中共青石镇委员会".into(), date: "2024年7月8日".into(), sealed: false }),
        ],
        format: Default::default(),
    }
}

#[test]
fn dump_snapshot() {
    let paged = layout(&sample(), &Grid::gbt9704(), &TestMetrics);
    let got = dump::dump(&paged);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/layout_dump.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(got, want, "layout dump changed; review and rerun with UPDATE_SNAPSHOTS=1\n{got}");
}

/// Generated text: words of optional opener, ideographs or a number with a
/// unit, optional closer.
fn text_strategy() -> impl Strategy<Value = String> {
    let core = prop_oneof![
        4 => "[镇村党委员会建工作总结学习组织]{1,4}",
        1 => (1u32..100000, prop::sample::select(vec!["名", "次", "人次", "万元", "个", "%"])).prop_map(|(n, u)| format!("{n}{u}")),
        1 => (2000u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}年{m}月{d}日")),
        1 => "[A-Za-z]{2,8}",
    ];
    let word = (prop::sample::select(vec!["", "", "", "（", "“", "《"]), core, prop::sample::select(vec!["", "", "，", "。", "、", "；", "）", "”", "》", "……"])).prop_map(|(a, b, c)| format!("{a}{b}{c}"));
    prop::collection::vec(word, 1..60).prop_map(|w| w.concat())
}

fn doc_strategy() -> impl Strategy<Value = Document> {
    let block = prop_oneof![
        4 => text_strategy().prop_map(|t| para(&t)),
        1 => (1u8..5, "[党建工作]{2,12}").prop_map(|(l, t)| heading(l, ["一、", "（一）", "1.", "（1）"][l as usize - 1], &t)),
    ];
    prop::collection::vec(block, 1..40).prop_map(|blocks| Document { title: "青石镇2024年党建工作总结".into(), meta: meta(), blocks, format: Default::default() })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn layout_properties(doc in doc_strategy()) {
        let grid = Grid::gbt9704();
        let paged = layout(&doc, &grid, &TestMetrics);
        // Text preserved in order.
        let laid: String = paged.pages.iter().flat_map(|p| &p.lines).map(Line::text).collect();
        let want: String = doc.plain_lines().concat();
        prop_assert_eq!(laid, want);
        let pages = paged.pages.len();
        for p in &paged.pages {
            prop_assert!(p.lines.iter().all(|l| l.slot < grid.lines), "more than {} lines", grid.lines);
            let last = p.lines.last().unwrap();
            prop_assert!(p.number == pages || !matches!(last.kind, LineKind::Heading(_) | LineKind::Title), "heading last on page {}", p.number);
            for l in &p.lines {
                prop_assert!(l.extent <= grid.measure + 0.02, "line over the measure: {} ({})", l.text(), l.extent / grid.cell());
                prop_assert!(!l.hang && !l.squeezed, "the strict grid neither hangs nor squeezes: {}", l.text());
            }
        }
        let all: Vec<&Line> = paged.pages.iter().flat_map(|p| &p.lines).collect();
        for w in all.windows(2) {
            if let LineKind::Body { last: false } = w[0].kind {
                let end = w[0].text().chars().last().unwrap();
                prop_assert!(!no_line_end(end), "line ends with {}: {}", end, w[0].text());
                let first = w[1].text().chars().next().unwrap();
                prop_assert!(!no_line_start(first), "line starts with {}: {}", first, w[1].text());
            }
        }
        // A paragraph's last line never alone at a page top.
        for w in paged.pages.windows(2) {
            let top = &w[1].lines[0];
            let prev = w[0].lines.last().unwrap();
            prop_assert!(!(matches!(top.kind, LineKind::Body { last: true }) && matches!(prev.kind, LineKind::Body { last: false })), "widow on page {}", w[1].number);
        }
    }
}

#[test]
fn tables_set_rows_in_columns_or_as_running_text() {
    let grid = Grid::gbt9704();
    let rows = vec![vec!["单位".to_string(), "党员".into(), "发展".into()], vec!["青石村".into(), "86".into(), "2".into()]];
    let doc = Document { title: "标题".into(), meta: meta(), blocks: vec![Block::Table(crate::doc::Table { rows })], format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    let lines: Vec<&Line> = paged.pages[0].lines.iter().filter(|l| l.kind == LineKind::Table).collect();
    assert_eq!(lines.len(), 2);
    let cell = grid.cell();
    let (pad, base) = (cell / 4.0, cell - grid.body_size);
    let width = |s: &str| s.chars().map(|c| TestMetrics.advance(Role::Body, c) * grid.body_size + base).sum::<f32>() - base;
    // The frame spans the type area; every column is its widest cell plus padding plus the same slack.
    let frame = &lines[1].frame;
    assert_eq!(frame, &lines[0].frame);
    assert_eq!(frame.len(), 4);
    assert!((frame[0] - grid.left).abs() < 0.01 && (frame[3] - grid.left - grid.measure).abs() < 0.01, "{frame:?}");
    let natural = [width("青石村"), width("党员"), width("发展")].map(|w| w + 2.0 * pad);
    let slacks: Vec<f32> = (0..3).map(|i| frame[i + 1] - frame[i] - natural[i]).collect();
    assert!(slacks.iter().all(|s| (s - slacks[0]).abs() < 0.01 && *s > 0.0), "{slacks:?}");
    // Text left, figures right, header bold and centred.
    let row = &lines[1].runs;
    assert!((row[0].x - frame[0] - pad).abs() < 0.01 && !row[0].bold);
    for (r, i) in [(&row[1], 1), (&row[2], 2)] {
        assert!((r.x + width(&r.text) - (frame[i + 1] - pad)).abs() < 0.01, "{} right-aligned", r.text);
    }
    for (i, r) in lines[0].runs.iter().enumerate() {
        assert!(r.bold);
        assert!((r.x + width(&r.text) / 2.0 - (frame[i] + frame[i + 1]) / 2.0).abs() < 0.01, "{} centred", r.text);
    }
    // Columns wider than the measure: the row becomes running text, nothing lost.
    let long = vec![vec!["很长的单位名称".repeat(5), "1".into()]];
    let doc = Document { title: "标题".into(), meta: meta(), blocks: vec![Block::Table(crate::doc::Table { rows: long.clone() })], format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    let text: String = paged.pages[0].lines.iter().filter(|l| l.kind == LineKind::Table).map(Line::text).collect();
    assert_eq!(text, long[0].join("\u{3000}"));
}

#[test]
fn a_run_in_heading_paragraph_does_not_start_on_a_page_last_line() {
    let grid = Grid::gbt9704();
    // Title + blank + 19 one-line paragraphs = 21 slots; the 22nd would be
    // the first line of a three-line paragraph opened by a run-in heading.
    let mut blocks: Vec<Block> = (0..19).map(|_| para("短段落。")).collect();
    blocks.push(Block::Paragraph(Paragraph { run_in: Some(Heading { level: 2, number: "（一）".into(), text: "抓学习。".into() }), inlines: vec![Inline::Text("镇".repeat(70))] }));
    let doc = Document { title: "标题".into(), meta: meta(), blocks, format: Default::default() };
    let paged = layout(&doc, &grid, &TestMetrics);
    assert_eq!(paged.pages[0].lines.len(), 20, "{}", dump::dump(&paged));
    assert!(paged.pages[1].lines[0].text().starts_with("（一）抓学习。"));
}

#[test]
fn bold_levels_make_those_headings_bold_and_nothing_else() {
    let grid = Grid::gbt9704();
    let blocks = vec![
        Block::Heading(Heading { level: 1, number: "一、".into(), text: "主要工作".into() }),
        Block::Paragraph(Paragraph { run_in: Some(Heading { level: 2, number: "（一）".into(), text: "抓学习。".into() }), inlines: vec![Inline::Text("镇".repeat(40))] }),
    ];
    let mut format = crate::doc::FormatProfile::default();
    let runs = |format: &crate::doc::FormatProfile| -> Vec<(String, bool)> {
        let doc = Document { title: "标题".into(), meta: meta(), blocks: blocks.clone(), format: format.clone() };
        layout(&doc, &grid, &TestMetrics).pages[0].lines.iter().filter(|l| l.kind != LineKind::Title).flat_map(|l| l.runs.iter().map(|r| (r.text.clone(), r.bold))).collect()
    };
    assert!(runs(&format).iter().all(|(_, b)| !b));
    format.bold_levels = vec![2];
    let bold: Vec<String> = runs(&format).into_iter().filter(|(_, b)| *b).map(|(t, _)| t).collect();
    assert_eq!(bold.concat(), "（一）抓学习。");
}
