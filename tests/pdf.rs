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
    // Every standard face not found is listed once, with where to get it.
    let substituted: Vec<&str> = ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"].into_iter().filter(|f| text.contains(&format!("替代字体（标准字体 {f} 未找到）"))).collect();
    let listed: Vec<&str> = text.lines().filter(|l| !l.starts_with("   ")).filter_map(|l| l.strip_prefix("  ")?.split_once('：').map(|(f, _)| f)).collect();
    assert_eq!(listed, substituted, "{text}");
    assert_eq!(text.contains("缺少的标准字体"), !substituted.is_empty(), "{text}");
    let kai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf";
    assert!(Path::new(kai).exists(), "{kai} missing: install fonts-lxgw-wenkai (.ci/run does)");
    let body = format!("body={kai}");
    let out = zongjie(&["fonts", "--font", &body], &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("正文（仿宋_GB2312）：LXGW WenKai") && text.contains("命令行指定"), "{text}");
    assert!(!text.contains("  仿宋_GB2312："), "a face chosen with --font is not missing:\n{text}");
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

/// The PDF files in `dir`, sorted.
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "pdf")).collect();
    v.sort();
    v
}

/// The page content of `pdf`, uncompressed (qpdf QDF form).
fn content(pdf: &Path) -> String {
    let qdf = pdf.with_extension("qdf.pdf");
    assert!(tool("qpdf", &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), qdf.to_str().unwrap()]).status.success());
    String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned()
}

/// A profile's `bold_levels` reach the PDF as emboldened runs (fill and
/// stroke), and only the bold headings; without it nothing is emboldened.
#[test]
fn bold_levels_of_a_profile_embolden_those_headings() {
    let dir = tmp("bold");
    std::fs::copy(SHEET, dir.join("sheet.toml")).unwrap();
    let sheet = dir.join("sheet.toml");
    let plain = zongjie(&["render", sheet.to_str().unwrap(), "-p", "year", "-f", "pdf", "-o", dir.join("plain").to_str().unwrap(), "-q"], &[]);
    assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    std::fs::write(dir.join("profile.toml"), "[format]\nbold_levels = [2]\n").unwrap();
    let bold = zongjie(&["render", sheet.to_str().unwrap(), "-p", "year", "-f", "pdf", "-o", dir.join("bold").to_str().unwrap(), "-q"], &[]);
    assert!(bold.status.success(), "{}", String::from_utf8_lossy(&bold.stderr));
    let count = |sub: &str| content(&dir.join(sub).join(PDF)).lines().filter(|l| *l == "2 Tr").count();
    assert_eq!(count("plain"), 0);
    // Every （一） heading starts one bold stretch (two if it crosses a page).
    let txt = zongjie(&["render", sheet.to_str().unwrap(), "-p", "year", "-f", "txt", "-o", dir.join("plain").to_str().unwrap(), "-q"], &[]);
    assert!(txt.status.success());
    let level2 = std::fs::read_to_string(dir.join("plain").join(TXT)).unwrap().lines().filter(|l| {
        let l = l.trim_start();
        l.starts_with('（') && l.chars().nth(1).is_some_and(|c| "一二三四五六七八九十".contains(c))
    }).count();
    let n = count("bold");
    assert!(level2 > 0 && n >= level2 && n <= level2 + 1, "{n} bold stretches for {level2} （一） headings");
}

/// A roll-up page in PDF is a ruled table: one rule across per row edge and
/// one down per column edge, all inside the type area.
#[test]
fn rollup_tables_are_ruled() {
    let dir = tmp("rules");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let out = zongjie(&["rollup", data, "-p", "year", "-f", "pdf", "-o", dir.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = pdfs_in(&dir).remove(0);
    let c = content(&pdf);
    let lines: Vec<&str> = c.lines().collect();
    // Segments as (x1, y1, x2, y2) from "x y m" / "x y l" pairs.
    let nums = |l: &str| -> Vec<f32> { l.split_whitespace().filter_map(|w| w.parse().ok()).collect() };
    let segs: Vec<[f32; 4]> = lines.windows(2).filter(|w| w[0].ends_with(" m") && w[1].ends_with(" l")).map(|w| {
        let (a, b) = (nums(w[0]), nums(w[1]));
        [a[0], a[1], b[0], b[1]]
    }).collect();
    let across = segs.iter().filter(|s| (s[1] - s[3]).abs() < 0.01).count();
    let down = segs.iter().filter(|s| (s[0] - s[2]).abs() < 0.01).count();
    let text = String::from_utf8_lossy(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).stdout).into_owned();
    let rows = text.lines().filter(|l| l.contains('（') && l.contains('）')).count();
    assert!(across > rows, "{across} rules across for {rows} figure rows");
    assert!(down >= 2 * (rows + 1), "{down} rules down");
    // Inside the type area: 28 mm from the left, 156 mm wide.
    let (left, right) = (28.0 * 72.0 / 25.4, (28.0 + 156.0) * 72.0 / 25.4);
    assert!(segs.iter().all(|s| s[0] >= left - 0.01 && s[2] <= right + 0.01), "a rule outside the type area");
}

/// A name-keyed CFF font (tests/fonts/namekeyed.otf, see make-namekeyed.py)
/// cannot take the direct subsetting route: it goes through allsorts and is
/// still embedded as a subset with a Unicode map.
#[test]
fn a_name_keyed_cff_font_is_embedded_through_the_general_route() {
    let dir = tmp("namekeyed");
    let font = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts/namekeyed.otf");
    render(&dir, "pdf", &["--font", &format!("page={font}")]);
    let pdf = dir.join(PDF);
    let fonts = String::from_utf8(tool("pdffonts", &[pdf.to_str().unwrap()]).stdout).unwrap();
    let row = fonts.lines().find(|l| l.contains("+ZongjieTestNameKeyed-Regular")).unwrap_or_else(|| panic!("{fonts}"));
    assert!(row.split_whitespace().rev().take(5).collect::<Vec<_>>()[2..].iter().all(|c| *c == "yes"), "emb/sub/uni: {row}");
    let text = String::from_utf8(tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).stdout).unwrap();
    assert!(squash(&text).contains("—1—") && squash(&text).contains("—2—"), "page numbers come back");
    assert!(tool("qpdf", &["--check", pdf.to_str().unwrap()]).status.success());
}

/// `rollup` takes the profile's fonts (and --font) as `render` does, and
/// `-q` leaves only errors on the terminal.
#[test]
fn rollup_uses_the_profile_fonts_and_is_quiet_with_q() {
    let dir = tmp("rollup-fonts");
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts/namekeyed.otf"), dir.join("页码.otf")).unwrap();
    std::fs::write(dir.join("profile.toml"), "[format]\nfonts = { page = \"页码.otf\" }\n").unwrap();
    let out_dir = dir.join("out");
    let out = zongjie(&["rollup", dir.to_str().unwrap(), "-f", "pdf", "-q", "-o", out_dir.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "quiet: {}", String::from_utf8_lossy(&out.stdout));
    let pdf = pdfs_in(&out_dir).remove(0);
    let fonts = String::from_utf8(tool("pdffonts", &[pdf.to_str().unwrap()]).stdout).unwrap();
    assert!(fonts.contains("+ZongjieTestNameKeyed-Regular"), "{fonts}");
}

/// A second reader: MuPDF draws every page of a report (bold headings on),
/// a ruled roll-up and a name-keyed font without a complaint about a font or
/// the file, and its text is poppler's.
#[test]
fn mupdf_draws_every_page_without_a_complaint() {
    let dir = tmp("mupdf");
    std::fs::copy(SHEET, dir.join("sheet.toml")).unwrap();
    std::fs::write(dir.join("profile.toml"), "[format]\nbold_levels = [2, 3]\n").unwrap();
    let font = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts/namekeyed.otf");
    let out = dir.join("out");
    let r = zongjie(&["render", dir.join("sheet.toml").to_str().unwrap(), "-p", "year", "-f", "pdf", "-q", "-o", out.to_str().unwrap(), "--font", &format!("page={font}")], &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = zongjie(&["rollup", concat!(env!("CARGO_MANIFEST_DIR"), "/data"), "-f", "pdf", "-q", "-o", out.to_str().unwrap()], &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let pdfs = pdfs_in(&out);
    assert_eq!(pdfs.len(), 2);
    for pdf in pdfs {
        let drawn = tool("mutool", &["draw", "-q", "-F", "txt", "-o", "-", pdf.to_str().unwrap()]);
        let complaints: Vec<String> = String::from_utf8_lossy(&drawn.stderr).lines().filter(|l| !l.contains("ICC support")).map(str::to_string).collect();
        assert!(drawn.status.success() && complaints.is_empty(), "{}: {complaints:?}", pdf.display());
        let poppler = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        let (mu, pop) = (squash(&String::from_utf8_lossy(&drawn.stdout)), squash(&String::from_utf8_lossy(&poppler.stdout)));
        if pdf.to_string_lossy().contains("汇总表") {
            // Table cells: the readers order right-aligned figures differently; the characters are the same.
            let sorted = |s: &str| -> Vec<char> {
                let mut v: Vec<char> = s.chars().collect();
                v.sort_unstable();
                v
            };
            assert_eq!(sorted(&mu), sorted(&pop), "{}", pdf.display());
        } else {
            assert_eq!(mu, pop, "{}", pdf.display());
        }
    }
}
