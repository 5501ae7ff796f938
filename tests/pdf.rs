//! The PDF through real clients: the `zongjie` binary renders the fixture
//! sheet; poppler (pdftotext, pdffonts, pdfinfo) and qpdf check the file.
//! These tools and the Debian CJK fonts are installed by `.ci/run`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SHEET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/long.toml");
const PDF: &str = "青石镇2024年党建工作总结.pdf";
const TXT: &str = "青石镇2024年党建工作总结.txt";

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zongjie-pdf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn zongjie(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zongjie"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Runs an external checker; a missing tool fails with what to install.
fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is not available ({e}): install poppler-utils and qpdf (.ci/run does)"))
}

fn render(dir: &Path, formats: &str, extra: &[&str]) -> Output {
    let mut args = vec!["render", SHEET, "-p", "year", "--format", formats, "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = zongjie(&args, &[]);
    assert!(out.status.success(), "render failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdftotext_gives_back_the_txt_report_in_order() {
    let dir = tmp("text");
    render(&dir, "txt,pdf", &[]);
    let out = tool("pdftotext", &[dir.join(PDF).to_str().unwrap(), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    // Drop the page numbers ("— 3 —"), which the txt does not have.
    let is_folio = |l: &str| {
        let s = squash(l);
        s.len() > 6 && s.starts_with('—') && s.ends_with('—') && s.trim_matches('—').chars().all(|c| c.is_ascii_digit())
    };
    let folios = text.lines().filter(|l| is_folio(l)).count();
    assert_eq!(folios, 4, "one page number per page:\n{text}");
    let body: String = text.lines().filter(|l| !is_folio(l)).collect();
    let txt = std::fs::read_to_string(dir.join(TXT)).unwrap();
    assert_eq!(squash(&body), squash(&txt));
}

#[test]
fn fonts_are_embedded_as_subsets_and_qpdf_finds_no_error() {
    let dir = tmp("fonts");
    render(&dir, "pdf", &[]);
    let pdf = dir.join(PDF);
    let out = String::from_utf8(tool("pdffonts", &[pdf.to_str().unwrap()]).stdout).unwrap();
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 3, "title, body and heading fonts expected:\n{out}");
    for r in &rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "not embedded/subset/unicode: {r}");
        assert_eq!(cols[0].find('+'), Some(6), "subset tag missing: {r}");
    }
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success() && report.contains("No syntax or stream encoding errors"), "{report}");
    let info = String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap();
    assert!(info.contains("Title:           青石镇2024年党建工作总结"), "{info}");
    assert!(info.contains("Author:          中共青石镇委员会"), "{info}");
    assert!(info.contains("Pages:           4"), "{info}");
    assert!(info.contains("CreationDate:    Thu Dec 26 00:00:00 2024"), "{info}");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 200_000, "a 4-page report is {size} bytes");
}

#[test]
fn the_same_sheet_gives_the_same_bytes() {
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    render(&a, "pdf", &[]);
    // The second run also renders the 上半年 version first, in the same process.
    let out = zongjie(&["render", SHEET, "-p", "both", "--format", "pdf", "-o", b.to_str().unwrap()], &[]);
    assert!(out.status.success());
    assert!(std::fs::read(a.join(PDF)).unwrap() == std::fs::read(b.join(PDF)).unwrap(), "PDF bytes differ between runs");
}

#[test]
fn a_character_missing_from_the_font_is_an_error_naming_it() {
    let dir = tmp("missing");
    let sheet = std::fs::read_to_string(SHEET).unwrap().replace("修缮村组道路", "修缮𠀀村组道路");
    let path = dir.join("青石镇.toml");
    std::fs::write(&path, sheet).unwrap();
    let out = zongjie(&["render", path.to_str().unwrap(), "-p", "year", "--format", "pdf", "-o", dir.join("out").to_str().unwrap()], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("“𠀀”（U+20000）") && err.contains("正文第") && err.contains("修缮𠀀村组道路") && err.contains("--font body="), "{err}");
    assert!(!dir.join("out").join(PDF).exists(), "no PDF with a blank box may be written");
}

#[test]
fn no_font_at_all_says_what_to_install() {
    let dir = tmp("nofont");
    let out = zongjie(&["render", SHEET, "--format", "pdf", "-o", dir.to_str().unwrap()], &[("ZONGJIE_FONT_DIRS", "/nonexistent-fonts")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("没有找到可用的中文字体") && err.contains("fonts-noto-cjk fonts-lxgw-wenkai") && err.contains("--font"), "{err}");
}

#[test]
fn fonts_command_shows_roles_and_overrides_reach_the_pdf() {
    let out = zongjie(&["fonts"], &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for role in ["标题（方正小标宋简体）", "正文（仿宋_GB2312）", "一级标题（黑体）", "二级标题（楷体_GB2312）", "页码（宋体）"] {
        assert!(text.contains(role), "{role} missing:\n{text}");
    }
    let kai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    assert!(Path::new(kai).exists(), "{kai} missing: install fonts-lxgw-wenkai (.ci/run does)");
    let body = format!("body={kai}");
    let out = zongjie(&["fonts", "--font", &body], &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("正文（仿宋_GB2312）：LXGW WenKai") && text.contains("命令行指定"), "{text}");
    let dir = tmp("override");
    render(&dir, "pdf", &["--font", &body, "--font", "title=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:2"]);
    let fonts = String::from_utf8(tool("pdffonts", &[dir.join(PDF).to_str().unwrap()]).stdout).unwrap();
    assert!(fonts.contains("+LXGWWenKai-Regular") && fonts.contains("+NotoSansCJKsc-Regular") && !fonts.contains("NotoSerifCJKsc-Bold"), "{fonts}");
    let bad = zongjie(&["fonts", "--font", "bold=x.ttf"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("没有字体角色“bold”"));
}

/// Issue 8: a five-page report is at most 150 KB (KiB) — fonts subset, flat
/// and hint-free; codes, /W and /ToUnicode compact. Size, not timing.
#[test]
fn a_five_page_report_fits_the_size_budget() {
    let dir = tmp("size");
    let sheet = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/five-pages.toml");
    let out = zongjie(&["render", sheet, "-p", "year", "--format", "pdf", "-o", dir.to_str().unwrap()], &[]);
    assert!(out.status.success(), "render failed: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join("云岭镇2024年党建工作总结.pdf");
    let info = String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap();
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 5")), "the fixture is five pages:\n{info}");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size <= 150 * 1024, "five-page PDF is {size} bytes, budget 153600");
    assert!(tool("qpdf", &["--check", pdf.to_str().unwrap()]).status.success());
}
