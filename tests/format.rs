//! GB/T 9704 format measured on the output itself (issue 15): the example
//! sheets, a five-page report, a long-title sheet and a sealed-profile
//! sheet are rendered to PDF and .docx; the PDFs are rendered at 300 dpi
//! (pdftoppm) and read with `pdftotext -bbox-layout`, the .docx files are
//! converted by LibreOffice and measured the same way.
//!
//! Checked: the page number's 一字线 (top of its ink) 7 mm below the type
//! area in both formats, within 0.5 mm of each other; no ink and no line
//! box outside the type area, no line over 28 characters; no heading among
//! the last two lines of a page, no paragraph's first line alone at a page
//! foot nor its last alone at a page top; the title broken at the same
//! places in the PDF, the .docx and LibreOffice's rendering of it; the
//! 落款 as far below the text in both formats (one blank line, two sealed).
//!
//! poppler-utils and LibreOffice are installed by `.ci/run`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{bin, root};

/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
/// The GB/T 9704 type area on A4, in points from the top-left corner.
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = (210.0 - 26.0) * MM;
const TOP: f64 = 37.0 * MM;
const BOTTOM: f64 = (297.0 - 35.0) * MM;
/// Rendering resolution for ink measurements.
const DPI: f64 = 300.0;

fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("format");
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fn tool(program: &str, args: &[&str]) -> std::process::Output {
    let o = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run `{program}` ({e}): install poppler-utils and libreoffice-writer-nogui (.ci/run does)"));
    assert!(o.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// One rendered report: its PDF, its .docx, LibreOffice's PDF of the .docx.
struct Report {
    name: &'static str,
    pdf: PathBuf,
    docx: PathBuf,
    lo_pdf: PathBuf,
    sealed: bool,
}

/// The long-title sheet: the example township under a long area name.
const LONG_AREA: &str = "青石县东部山区生态经济示范片区青石镇";

/// Renders every report once (PDF + docx) and converts the .docx files with
/// one LibreOffice run.
fn reports() -> &'static [Report] {
    static R: OnceLock<Vec<Report>> = OnceLock::new();
    R.get_or_init(|| {
        let dir = scratch();
        let src = dir.join("sheets");
        std::fs::create_dir_all(src.join("sealed")).unwrap();
        let town = std::fs::read_to_string(root().join("data/青石镇.toml")).unwrap();
        let long = town.replace("area = \"青石镇\"", &format!("area = \"{LONG_AREA}\""));
        assert_ne!(long, town, "the example sheet names its area");
        std::fs::write(src.join("长标题.toml"), long).unwrap();
        std::fs::copy(root().join("tests/fixtures/docx/示范村.toml"), src.join("sealed/示范村.toml")).unwrap();
        std::fs::copy(root().join("tests/fixtures/docx/profile.toml"), src.join("sealed/profile.toml")).unwrap();
        let sheets: [(&'static str, PathBuf, bool); 6] = [
            ("青石镇", root().join("data/青石镇.toml"), false),
            ("石桥村", root().join("data/石桥村.toml"), false),
            ("龙潭村", root().join("data/龙潭村.toml"), false),
            ("五页", root().join("tests/fixtures/five-pages.toml"), false),
            ("长标题", src.join("长标题.toml"), false),
            ("示范村", src.join("sealed/示范村.toml"), true),
        ];
        let mut out = Vec::new();
        for (name, sheet, sealed) in sheets {
            let o = dir.join("out").join(name);
            let r = Command::new(bin()).args(["render", sheet.to_str().unwrap(), "-p", "year", "-f", "pdf,docx", "-o", o.to_str().unwrap()]).output().unwrap();
            assert!(r.status.success(), "render {name}: {}", String::from_utf8_lossy(&r.stderr));
            let find = |ext: &str| std::fs::read_dir(&o).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == ext)).unwrap();
            let (pdf, docx) = (find("pdf"), find("docx"));
            let lo_dir = dir.join("lo").join(name);
            out.push(Report { name, lo_pdf: lo_dir.join(docx.with_extension("pdf").file_name().unwrap()), pdf, docx, sealed });
        }
        for r in &out {
            let lo_dir = r.lo_pdf.parent().unwrap();
            let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
            tool("soffice", &[&profile, "--headless", "--convert-to", "pdf", "--outdir", lo_dir.to_str().unwrap(), r.docx.to_str().unwrap()]);
            assert!(r.lo_pdf.exists(), "LibreOffice wrote no PDF for {}", r.name);
        }
        out
    })
}

/// A page rendered in grey at [`DPI`].
struct Bitmap {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Bitmap {
    fn dark(&self, x: usize, y: usize) -> bool {
        self.px[y * self.w + x] < 128
    }
}

fn px(pt: f64) -> usize {
    (pt / 72.0 * DPI).round() as usize
}

/// Every page of `pdf` at 300 dpi (pdftoppm, binary PGM).
fn bitmaps(pdf: &Path) -> Vec<Bitmap> {
    // Tests run in parallel: each call gets its own folder.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = pdf.with_extension(format!("pages{}", CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    tool("pdftoppm", &["-r", "300", "-gray", pdf.to_str().unwrap(), dir.join("p").to_str().unwrap()]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let pages: Vec<Bitmap> = files
        .iter()
        .map(|f| {
            let data = std::fs::read(f).unwrap();
            // "P5\n<w> <h>\n255\n" then the pixels.
            let mut fields = Vec::new();
            let mut i = 0;
            while fields.len() < 4 {
                let start = i;
                while !data[i].is_ascii_whitespace() {
                    i += 1;
                }
                fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
                i += 1;
            }
            let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            Bitmap { w, h, px: data[i..i + w * h].to_vec() }
        })
        .collect();
    // 8.7 MB per page as PGM: read once, then gone (CI disks are not large).
    let _ = std::fs::remove_dir_all(&dir);
    pages
}

/// Millimetres from the type area's lower edge to the top of the page
/// number's 一字线: the first row below the type area with a horizontal
/// stroke of at least 3 mm of ink.
fn dash_top_mm(b: &Bitmap) -> f64 {
    let min_run = (3.0 / 25.4 * DPI) as usize;
    for y in px(BOTTOM) + 2..b.h {
        let mut run = 0;
        for x in 0..b.w {
            run = if b.dark(x, y) { run + 1 } else { 0 };
            if run >= min_run {
                return y as f64 / DPI * 25.4 - BOTTOM / MM;
            }
        }
    }
    panic!("no 一字线 found below the type area");
}

/// A text line of `pdftotext -bbox-layout`.
#[derive(Debug, Clone)]
struct TextLine {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// Lines per page, top to bottom.
fn text_lines(pdf: &Path) -> Vec<Vec<TextLine>> {
    let out = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let xml = String::from_utf8(out.stdout).unwrap();
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(&xml, opts).unwrap();
    let f = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|p| {
            let mut lines: Vec<TextLine> = p
                .descendants()
                .filter(|n| n.has_tag_name("line"))
                .map(|l| TextLine { x0: f(&l, "xMin"), y0: f(&l, "yMin"), x1: f(&l, "xMax"), y1: f(&l, "yMax"), text: l.descendants().filter(|w| w.has_tag_name("word")).filter_map(|w| w.text()).collect() })
                .collect();
            lines.sort_by(|a, b| a.y0.total_cmp(&b.y0));
            lines
        })
        .collect()
}

/// Lines inside the type area (not the page number).
fn body(page: &[TextLine]) -> Vec<&TextLine> {
    page.iter().filter(|l| l.y1 <= BOTTOM + 1.0).collect()
}

/// Grid cells a line's text takes: ASCII half a cell, the rest one.
fn cells(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

#[test]
fn the_page_number_dash_is_7_mm_below_the_type_area_in_pdf_and_docx() {
    for r in reports() {
        let pdf: Vec<f64> = bitmaps(&r.pdf).iter().map(dash_top_mm).collect();
        let lo: Vec<f64> = bitmaps(&r.lo_pdf).iter().map(dash_top_mm).collect();
        for (i, d) in pdf.iter().enumerate() {
            assert!((d - 7.0).abs() <= 0.3, "{} PDF page {}: 一字线 {d:.2} mm below the type area", r.name, i + 1);
        }
        for (i, (d, p)) in lo.iter().zip(&pdf).enumerate() {
            assert!((d - 7.0).abs() <= 0.5 && (d - p).abs() <= 0.5, "{} docx page {}: 一字线 {d:.2} mm (PDF {p:.2} mm)", r.name, i + 1);
        }
    }
}

#[test]
fn nothing_is_drawn_outside_the_type_area_and_no_line_holds_more_than_28_characters() {
    for r in reports() {
        for (i, b) in bitmaps(&r.pdf).iter().enumerate() {
            // Ink of the type area's rows, outside its columns (0.1 mm of anti-aliasing allowed).
            let (x0, x1) = (px(LEFT) - 2, px(RIGHT) + 2);
            for y in px(TOP)..px(BOTTOM) {
                let out: Vec<usize> = (0..x0).chain(x1..b.w).filter(|&x| b.dark(x, y)).collect();
                assert!(out.is_empty(), "{} page {}: ink at x = {:.1} mm, row {:.1} mm", r.name, i + 1, out[0] as f64 / DPI * 25.4, y as f64 / DPI * 25.4);
            }
        }
        for (i, page) in text_lines(&r.pdf).iter().enumerate() {
            for l in body(page) {
                assert!(l.x0 >= LEFT - 0.3 && l.x1 <= RIGHT + 0.3, "{} page {}: “{}” spans {:.1}–{:.1} pt, type area {LEFT:.1}–{RIGHT:.1}", r.name, i + 1, l.text, l.x0, l.x1);
                assert!(cells(&l.text) <= 28.0, "{} page {}: {} cells: {}", r.name, i + 1, cells(&l.text), l.text);
            }
        }
    }
}

/// A heading on its own line: 一、… or （一）… without a full stop.
fn is_heading(l: &TextLine) -> bool {
    let t = l.text.trim();
    let numbered = t.chars().next().is_some_and(|c| "一二三四五六七八九十".contains(c)) && t.contains('、') || t.starts_with('（') && t.chars().nth(1).is_some_and(|c| "一二三四五六七八九十".contains(c));
    numbered && !t.ends_with('。') && l.x1 < RIGHT - 16.0
}

#[test]
fn headings_keep_with_their_text_and_no_line_is_left_alone_at_a_page_foot_or_top() {
    let cell = (RIGHT - LEFT) / 28.0;
    let mut pages_seen = 0;
    for r in reports() {
        let pages = text_lines(&r.pdf);
        for (i, page) in pages.iter().enumerate().take(pages.len() - 1) {
            pages_seen += 1;
            let lines = body(page);
            let n = lines.len();
            for l in &lines[n.saturating_sub(2)..] {
                assert!(!is_heading(l), "{} page {}: heading “{}” among the last two lines", r.name, i + 1, l.text);
            }
            // A paragraph's first line (indented two cells) that runs on (full width) must not end the page.
            let foot = lines[n - 1];
            let indented = (foot.x0 - LEFT - 2.0 * cell).abs() < 2.0;
            assert!(!(indented && foot.x1 > RIGHT - 1.0), "{} page {}: a paragraph's first line alone at the foot: {}", r.name, i + 1, foot.text);
            // A paragraph's last line (from the left edge, short) must not open the next page.
            let top = body(&pages[i + 1])[0];
            assert!(!((top.x0 - LEFT).abs() < 1.0 && top.x1 < RIGHT - cell), "{} page {}: a paragraph's last line alone at the top: {}", r.name, i + 2, top.text);
        }
    }
    assert!(pages_seen >= 10, "the sheets give {pages_seen} page breaks");
}

/// The title lines of a PDF: page 1's lines set larger than the body.
fn pdf_title(pdf: &Path) -> Vec<String> {
    text_lines(pdf)[0].iter().take_while(|l| l.y1 - l.y0 > 26.0).map(|l| l.text.replace(' ', "")).collect()
}

/// The title paragraph of a .docx, split at its `w:br`.
fn docx_title(docx: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let p = doc.descendants().find(|n| n.has_tag_name((super_w(), "p"))).unwrap();
    let mut lines = vec![String::new()];
    for n in p.descendants() {
        if n.has_tag_name((super_w(), "br")) {
            lines.push(String::new());
        } else if n.has_tag_name((super_w(), "t")) {
            lines.last_mut().unwrap().push_str(n.text().unwrap_or(""));
        }
    }
    lines
}

fn super_w() -> &'static str {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
}

#[test]
fn word_and_libreoffice_break_the_title_where_the_pdf_does() {
    let mut multi = 0;
    for r in reports() {
        let pdf = pdf_title(&r.pdf);
        assert!(!pdf.is_empty(), "{}: no title found", r.name);
        assert_eq!(docx_title(&r.docx), pdf, "{}: docx title lines", r.name);
        let lo: Vec<String> = text_lines(&r.lo_pdf)[0].iter().take(pdf.len()).map(|l| l.text.replace(' ', "")).collect();
        assert_eq!(lo, pdf, "{}: LibreOffice's title lines", r.name);
        if pdf.len() > 1 {
            multi += 1;
            assert!(pdf[0].starts_with("青石县东部山区"), "{pdf:?}");
        }
    }
    assert_eq!(multi, 1, "the long-title sheet has a title of two lines");
}

/// Blank lines between the text and the 落款's unit line, in line pitches.
fn signature_gap(pdf: &Path, unit: &str) -> f64 {
    let pages = text_lines(pdf);
    let lines = body(pages.last().unwrap());
    let k = lines.iter().position(|l| l.text.replace(' ', "") == unit).unwrap_or_else(|| panic!("no 落款 “{unit}” on the last page of {}", pdf.display()));
    assert!(k > 0, "the 落款 opens a page");
    (lines[k].y0 - lines[k - 1].y0) / (BOTTOM - TOP) * 22.0 - 1.0
}

#[test]
fn the_signature_sits_as_far_below_the_text_in_both_formats() {
    for r in reports() {
        let unit = String::from_utf8(tool("pdfinfo", &[r.pdf.to_str().unwrap()]).stdout).unwrap().lines().find_map(|l| l.strip_prefix("Author:").map(|a| a.trim().to_string())).unwrap();
        let want = if r.sealed { 2.0 } else { 1.0 };
        let (pdf, lo) = (signature_gap(&r.pdf, &unit), signature_gap(&r.lo_pdf, &unit));
        assert!((pdf - want).abs() < 0.1, "{}: {pdf:.2} blank lines above the 落款 in the PDF, want {want}", r.name);
        assert!((lo - want).abs() < 0.1, "{}: {lo:.2} blank lines above the 落款 in LibreOffice, want {want}", r.name);
    }
}
