//! Word output through real clients: the `zongjie` binary renders the example
//! township sheet (classic layout, 1. points), a themed village sheet under a
//! county profile (sealed 落款, bold level 2) and the county roll-up table;
//! then openxml-audit validates every file, the text is compared with the
//! txt output, and LibreOffice converts the reports to PDF once, whose text
//! and page geometry (poppler) are checked against GB/T 9704.
//!
//! openxml-audit, soffice and pdftotext must be installed (`.ci/run`
//! installs them); a missing tool fails the test with a message saying so.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{bin, root};

/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
/// GB/T 9704 type area on A4, in PDF points from the top-left corner.
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = (210.0 - 26.0) * MM;
const BOTTOM: f64 = (297.0 - 35.0) * MM;
/// One body character: 16 pt condensed by 0.25 pt.
const CELL: f64 = 15.75;

/// This test binary's scratch folder, emptied once per run.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docx");
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

/// Renders every sheet of this test into `out` (docx and txt).
fn render_all(out: &Path) {
    let r = root();
    let runs: [&[&str]; 3] = [
        &["render", "data/青石镇.toml", "-f", "docx,txt", "-o"],
        &["render", "tests/fixtures/docx", "-f", "docx,txt", "-o"],
        &["rollup", "data", "--name", "示例县", "-f", "docx,txt", "-o"],
    ];
    for args in runs {
        let o = Command::new(bin()).args(args).arg(out).current_dir(&r).output().unwrap();
        assert!(o.status.success(), "zongjie {args:?} failed:\n{}", String::from_utf8_lossy(&o.stderr));
    }
}

/// The files rendered once for all tests: name → path.
fn rendered() -> &'static BTreeMap<String, PathBuf> {
    static FILES: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        let out = scratch().join("out");
        render_all(&out);
        std::fs::read_dir(&out).unwrap().flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), e.path())).collect()
    })
}

fn docx_files() -> Vec<&'static PathBuf> {
    let files: Vec<_> = rendered().values().filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    assert_eq!(files.len(), 5, "青石镇 ×2, 示范村 ×2 and the roll-up: {files:?}");
    files
}

/// The report (not roll-up) docx files.
fn reports() -> Vec<&'static PathBuf> {
    docx_files().into_iter().filter(|p| !p.to_string_lossy().contains("汇总表")).collect()
}

/// Runs a required external tool; a missing tool is a clear failure.
fn tool(program: &str, args: &[&str], hint: &str) -> std::process::Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run `{program}` ({e}): {hint}"))
}

/// Text with all whitespace removed (full-width spaces too).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The body text of a docx: its document.xml's `w:t`, one line per paragraph.
fn docx_text(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut out = String::new();
    for n in doc.descendants() {
        match n.tag_name().name() {
            "t" => out.push_str(n.text().unwrap_or("")),
            "p" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn txt_of(docx: &Path) -> String {
    std::fs::read_to_string(docx.with_extension("txt")).unwrap()
}

#[test]
fn every_docx_has_zero_openxml_audit_findings() {
    // A Document with every block type, including what no sheet reaches yet
    // (level-4 headings, both signature modes in one file), built directly.
    let extra = scratch().join("audit");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(extra.join("every-block.docx"), every_block_docx(false)).unwrap();
    // A draft adds the 草稿 headers.
    std::fs::write(extra.join("every-block-draft.docx"), every_block_docx(true)).unwrap();
    for p in docx_files() {
        std::fs::copy(p, extra.join(p.file_name().unwrap())).unwrap();
    }
    let dir = extra.to_string_lossy().into_owned();
    let o = openxml_audit(&["-r", "-o", "json", &dir]);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "openxml-audit found problems:\n{report}{}", String::from_utf8_lossy(&o.stderr));
    let files = report.matches("\"file\":").count();
    assert_eq!(files, 7, "every file audited:\n{report}");
    assert_eq!(report.matches("\"error_count\": 0,").count(), files, "{report}");
    assert_eq!(report.matches("\"warning_count\": 0,").count(), files, "{report}");
}

/// Runs openxml-audit: the command if it is on the PATH, else the Python
/// module (pip may put the script outside the PATH).
fn openxml_audit(args: &[&str]) -> std::process::Output {
    const HINT: &str = "openxml-audit is missing: `pip install openxml-audit==0.8.0` (.ci/run does)";
    if let Ok(o) = Command::new("openxml-audit").args(args).output() {
        return o;
    }
    let o = tool("python3", &[&["-m", "openxml_audit"], args].concat(), HINT);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("No module named"), "{HINT}");
    o
}

fn every_block_docx(draft: bool) -> Vec<u8> {
    use zongjie::doc::{Block, Document, FormatProfile, Heading, Inline, Meta, Paragraph, Signature, Table};
    use zongjie::render::Renderer;
    let h = |level, number: &str, text: &str| Heading { level, number: number.into(), text: text.into() };
    let mut blocks = vec![Block::Paragraph(Paragraph { run_in: None, inlines: vec![Inline::Text("开头“引号”——破折号……省略号·间隔号。".into())] })];
    for (level, number) in [(1, "一、"), (2, "（一）"), (3, "1."), (4, "（1）")] {
        blocks.push(Block::Heading(h(level, number, "标题")));
        let inlines = vec![Inline::Item { label: "一是".into(), text: "要点。".into() }, Inline::Text("正文。".into())];
        blocks.push(Block::Paragraph(Paragraph { run_in: Some(h(level, number, "段首标题。")), inlines }));
    }
    blocks.push(Block::Table(Table { rows: vec![vec!["单位".into(), "党员（名）".into()], vec!["甲村".into(), "42".into()]] }));
    blocks.push(Block::Table(Table { rows: vec![vec!["紧邻的第二张表".into()]] }));
    for sealed in [false, true] {
        blocks.push(Block::Signature(Signature { unit: "中共示范村支部委员会".into(), date: "2024年12月20日".into(), sealed }));
    }
    let doc = Document {
        title: "示范村2024年党建工作总结".into(),
        meta: Meta { author: "中共示范村支部委员会".into(), area: "示范村".into(), year: 2024, kind: "党建工作总结".into(), period: zongjie::data::Period::Year, date: chrono::NaiveDate::from_ymd_opt(2024, 12, 20).unwrap() },
        blocks,
        format: FormatProfile { bold_levels: vec![1, 2], draft, ..FormatProfile::default() },
    };
    zongjie::render::docx::DocxRenderer.render(&doc).unwrap()
}

#[test]
fn docx_text_equals_txt_text() {
    for p in docx_files() {
        assert_eq!(squash(&docx_text(p)), squash(&txt_of(p)), "{}", p.display());
    }
}

#[test]
fn same_sheet_same_bytes() {
    let again = scratch().join("again");
    render_all(&again);
    for p in docx_files() {
        let other = again.join(p.file_name().unwrap());
        assert!(std::fs::read(p).unwrap() == std::fs::read(&other).unwrap(), "{} differs between two renders", p.display());
    }
}

/// The reports converted to PDF by LibreOffice, once per test run (with the
/// test font configuration, so each style gets a distinct face).
fn pdfs() -> &'static Vec<PathBuf> {
    static PDFS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    PDFS.get_or_init(|| {
        let dir = scratch().join("pdf");
        let profile = format!("-env:UserInstallation=file://{}", scratch().join("lo-profile").display());
        let mut cmd = Command::new("soffice");
        cmd.env("FONTCONFIG_FILE", root().join("tests/fonts/fonts.conf")).args([&profile, "--headless", "--convert-to", "pdf", "--outdir"]).arg(&dir);
        let files = reports();
        cmd.args(&files);
        let o = cmd.output().unwrap_or_else(|e| panic!("cannot run soffice ({e}): install libreoffice-writer-nogui (.ci/run does)"));
        let log = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(o.status.success(), "soffice failed:\n{log}");
        let pdfs: Vec<PathBuf> = files.iter().map(|p| dir.join(p.with_extension("pdf").file_name().unwrap())).collect();
        for p in &pdfs {
            assert!(p.is_file(), "LibreOffice did not convert {}:\n{log}", p.display());
        }
        pdfs
    })
}

fn pdftotext(args: &[&str], pdf: &Path) -> String {
    let mut all: Vec<&str> = args.to_vec();
    let path = pdf.to_string_lossy();
    all.extend([path.as_ref(), "-"]);
    let o = tool("pdftotext", &all, "install poppler-utils (.ci/run does)");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(o.stdout).unwrap()
}

/// Whether a line is a page number "— n —".
fn is_page_number(line: &str) -> bool {
    let t = squash(line);
    t.len() > 6 && t.starts_with('—') && t.ends_with('—') && t.trim_matches('—').chars().all(|c| c.is_ascii_digit())
}

#[test]
fn libreoffice_pdf_text_equals_txt_text_and_keeps_the_properties() {
    for (pdf, docx) in pdfs().iter().zip(reports()) {
        let text = pdftotext(&["-enc", "UTF-8"], pdf);
        let body: String = text.lines().filter(|l| !is_page_number(l)).collect();
        assert_eq!(squash(&body), squash(&txt_of(docx)), "{}", pdf.display());
        let info = String::from_utf8(tool("pdfinfo", &[&pdf.to_string_lossy()], "install poppler-utils").stdout).unwrap();
        let title = txt_of(docx).lines().next().unwrap().to_string();
        assert!(info.contains(&format!("Title:           {title}")), "{info}");
        assert!(info.contains("Author:          中共"), "{info}");
    }
}

/// One line of `pdftotext -bbox-layout`: its box and text.
#[derive(Debug)]
struct Line {
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    text: String,
}

/// The lines of each page of a PDF.
fn pages(pdf: &Path) -> Vec<Vec<Line>> {
    let html = pdftotext(&["-bbox-layout"], pdf);
    let doc = roxmltree::Document::parse_with_options(&html, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() }).unwrap();
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "page")
        .map(|page| {
            page.descendants()
                .filter(|n| n.tag_name().name() == "line")
                .map(|l| Line {
                    x_min: num(l, "xMin"),
                    x_max: num(l, "xMax"),
                    y_min: num(l, "yMin"),
                    y_max: num(l, "yMax"),
                    text: l.descendants().filter(|w| w.tag_name().name() == "word").filter_map(|w| w.text()).collect(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn libreoffice_pages_have_22_lines_of_28_characters_and_gbt_page_numbers() {
    let (mut most_lines, mut widest) = (0, 0);
    for pdf in pdfs() {
        for (i, page) in pages(pdf).iter().enumerate() {
            let (numbers, body): (Vec<&Line>, Vec<&Line>) = page.iter().partition(|l| is_page_number(&l.text));
            // Page numbers: "— n —", the 一字线 7 mm below the type area,
            // odd pages right and even pages left, one 14 pt character in.
            assert_eq!(numbers.len(), 1, "{} page {}: {numbers:?}", pdf.display(), i + 1);
            let n = numbers[0];
            assert_eq!(squash(&n.text).trim_matches('—'), (i + 1).to_string());
            let below = ((n.y_min + n.y_max) / 2.0 - BOTTOM) / MM;
            assert!((below - 7.0).abs() < 1.0, "page number {below:.1} mm below the type area");
            if i % 2 == 0 {
                assert!((RIGHT - n.x_max - 14.0).abs() < 2.0, "odd page number ends at {}", n.x_max);
            } else {
                assert!((n.x_min - LEFT - 14.0).abs() < 2.0, "even page number starts at {}", n.x_min);
            }
            // The grid: at most 22 lines in the type area ...
            assert!(body.iter().all(|l| l.y_max < BOTTOM + 2.0), "{} page {}: text below the type area", pdf.display(), i + 1);
            assert!(body.len() <= 22, "{} page {}: {} lines", pdf.display(), i + 1, body.len());
            most_lines = most_lines.max(body.len());
            // ... every line inside the type area, and at most 28 characters
            // a line, counting the first-line indent. Lines with Latin or
            // digits are not counted: LibreOffice adds space around them (it
            // ignores w:autoSpaceDE); nor is “·”, which it sets half width.
            for l in &body {
                assert!(l.x_min > LEFT - 1.0 && l.x_max < RIGHT + 1.0, "{} page {}: line outside the type area: {l:?}", pdf.display(), i + 1);
            }
            for l in body.iter().filter(|l| l.text.chars().all(|c| !c.is_ascii() && c != '·') && l.x_min < LEFT + 3.0 * CELL) {
                let chars = l.text.chars().count() + ((l.x_min - LEFT) / CELL).round() as usize;
                assert!(chars <= 28, "{} page {}: {chars} characters in “{}”", pdf.display(), i + 1, l.text);
                widest = widest.max(chars);
            }
        }
    }
    assert_eq!(most_lines, 22, "a full page has 22 lines");
    assert_eq!(widest, 28, "a full line has 28 characters");
}
