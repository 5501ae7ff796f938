//! What `render` does to protect the user, through the real binary: a
//! sheet with checker errors is refused unless `--draft` (then every format
//! says 草稿), an edited .docx is kept unless `--force`, two sheets with one
//! output name are both refused, a failed format still reports what was
//! written, and `-o -` prints the txt.

mod common;
use std::io::{Read, Write};
use std::path::Path;

use common::*;

/// The example sheet with a placeholder left in its first work text.
fn with_placeholder(dir: &Path) -> std::path::PathBuf {
    let p = example(dir);
    let s = std::fs::read_to_string(&p).unwrap();
    let at = s.find("text = \"").unwrap() + "text = \"".len();
    std::fs::write(&p, format!("{}xx处。{}", &s[..at], &s[at..])).unwrap();
    p
}

fn zip_part(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
    Some(s)
}

/// The .docx at `path` with `from` replaced by `to` in its body, as a user's save would leave it.
fn edit_docx(path: &Path, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        if name == "word/document.xml" {
            let s = String::from_utf8(v).unwrap();
            assert!(s.contains(from));
            v = s.replacen(from, to, 1).into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&v).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_sheet_with_errors_is_refused_and_a_draft_says_so_everywhere() {
    let d = tempfile::tempdir().unwrap();
    with_placeholder(d.path());
    let o = run(d.path(), &["render", "青石镇.toml", "-f", "all", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("青石镇.toml:60:9：错误[placeholder]"), "{err}");
    // Each problem is said once: the finding, and the way out (--draft).
    assert_eq!(err.matches("[placeholder]").count(), 1, "{err}");
    assert_eq!(err.matches("--draft").count(), 1, "{err}");
    assert!(listing(&d.path().join("out")).is_empty(), "nothing that could pass for the final report");

    let o = run(d.path(), &["render", "青石镇.toml", "-f", "all", "-o", "out", "--draft"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let files = listing(&d.path().join("out"));
    assert_eq!(files.len(), 6, "{files:?}");
    assert!(files.iter().all(|f| f.contains("（草稿）")), "{files:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("生成的是草稿"), "{}", text(&o));
    let out = d.path().join("out");
    let txt = std::fs::read_to_string(out.join("青石镇2024年党建工作总结（草稿）.txt")).unwrap();
    assert!(txt.lines().next().unwrap().starts_with("【草稿】"), "{txt}");
    let docx = std::fs::read(out.join("青石镇2024年党建工作总结（草稿）.docx")).unwrap();
    for h in ["word/header1.xml", "word/header2.xml"] {
        assert!(zip_part(&docx, h).is_some_and(|x| x.contains(">草稿<")), "{h}");
    }
    // Every PDF page carries the mark above the text.
    let pdf = out.join("青石镇2024年党建工作总结（草稿）.pdf");
    let pages = std::process::Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let n: usize = String::from_utf8_lossy(&pages.stdout).lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(n >= 2);
    for p in 1..=n {
        let t = std::process::Command::new("pdftotext").args(["-f", &p.to_string(), "-l", &p.to_string(), "-layout", pdf.to_str().unwrap(), "-"]).output().unwrap();
        let t = String::from_utf8_lossy(&t.stdout);
        assert_eq!(t.trim_start().lines().next().map(str::trim), Some("草稿"), "page {p}: {t}");
    }
    // --strict (the old switch for today's default) still works, but not with --draft.
    let o = run(d.path(), &["render", "青石镇.toml", "-o", "out2", "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = run(d.path(), &["render", "青石镇.toml", "-o", "out2", "--strict", "--draft"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不能同时使用") && !text(&o).contains("cannot"), "{}", text(&o));
    // A sheet without errors is never marked, even with --draft.
    let clean = d.path().join("clean");
    std::fs::create_dir_all(&clean).unwrap();
    example(&clean);
    let o = run(&clean, &["render", "青石镇.toml", "-o", "out", "--draft"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(listing(&clean.join("out")), ["青石镇2024年上半年党建工作总结.txt", "青石镇2024年党建工作总结.txt"]);
}

#[test]
fn an_edited_docx_is_kept_until_force() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    let args = ["render", "青石镇.toml", "-p", "year", "-f", "txt,docx", "-o", "out"];
    assert!(run(d.path(), &args).status.success());
    let docx = d.path().join("out/青石镇2024年党建工作总结.docx");
    // Rendering again over an untouched file just replaces it.
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("未覆盖"), "{}", text(&o));

    edit_docx(&docx, "镇党委", "镇党委（手改）");
    let edited = std::fs::read(&docx).unwrap();
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("未覆盖") && err.contains("青石镇2024年党建工作总结.docx") && err.contains("修改过") && err.contains("--force"), "{err}");
    assert_eq!(err.matches("青石镇2024年党建工作总结.docx").count(), 1, "said once: {err}");
    assert_eq!(std::fs::read(&docx).unwrap(), edited, "the edited file is untouched");
    assert!(String::from_utf8_lossy(&o.stdout).contains("已生成 out/青石镇2024年党建工作总结.txt"), "the other format is still written");

    let o = run(d.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let fresh = std::fs::read(&docx).unwrap();
    assert!(!zip_part(&fresh, "word/document.xml").unwrap().contains("手改"));

    // A .docx zongjie did not make is not replaced either.
    std::fs::write(&docx, b"PK not really").unwrap();
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("不是 zongjie 生成的"), "{}", text(&o));
}

#[test]
fn two_sheets_with_one_output_name_are_both_refused() {
    let d = tempfile::tempdir().unwrap();
    for sub in ["甲", "乙"] {
        std::fs::create_dir_all(d.path().join(sub)).unwrap();
        example(&d.path().join(sub));
    }
    let other = std::fs::read_to_string(d.path().join("甲/青石镇.toml")).unwrap().replace("area = \"青石镇\"", "area = \"白鹭镇\"");
    write(d.path(), "白鹭镇.toml", &other);
    let o = run(d.path(), &["render", "甲", "乙", "白鹭镇.toml", "-p", "year", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    for (me, them) in [("甲/青石镇.toml", "乙/青石镇.toml"), ("乙/青石镇.toml", "甲/青石镇.toml")] {
        assert!(err.lines().any(|l| l.contains(&format!("{me}：输出文件名")) && l.contains(them) && l.contains("两张都未生成")), "{me}: {err}");
    }
    assert_eq!(listing(&d.path().join("out")), ["白鹭镇2024年党建工作总结.txt"], "neither wins; the third sheet is rendered");
}

#[test]
fn a_folder_at_an_output_name_is_named_before_anything_is_written() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    // A folder where the .docx should go: refused before any file of the sheet is written (issue 23).
    std::fs::create_dir_all(d.path().join("out/青石镇2024年党建工作总结.docx")).unwrap();
    let o = run(d.path(), &["render", "青石镇.toml", "-p", "year", "-f", "txt,docx", "-o", "out", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("青石镇2024年党建工作总结.docx 是一个文件夹，不是普通文件"), "{err}");
    assert!(!d.path().join("out/青石镇2024年党建工作总结.txt").exists(), "all or nothing");
    assert!(d.path().join("out/青石镇2024年党建工作总结.docx").is_dir());
}

#[test]
fn dash_prints_the_txt_to_standard_output() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    let o = run(d.path(), &["render", "青石镇.toml", "-p", "h1", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(run(d.path(), &["render", "青石镇.toml", "-p", "h1", "-o", "out", "-q"]).status.success());
    let file = std::fs::read(d.path().join("out/青石镇2024年上半年党建工作总结.txt")).unwrap();
    assert_eq!(o.stdout, file, "the same bytes as the file");
    assert!(!d.path().join("-").exists(), "no folder named -");
    // Both versions: each under its name.
    let o = run(d.path(), &["render", "青石镇.toml", "-o", "-"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("==== 青石镇2024年上半年党建工作总结.txt ====") && out.contains("==== 青石镇2024年党建工作总结.txt ===="), "{out}");
    // Only txt can go to the screen.
    let o = run(d.path(), &["render", "青石镇.toml", "-f", "docx", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("只能与 --format txt 一起用"), "{}", text(&o));
    // A sheet with errors: nothing on stdout, the reason on stderr, exit 1.
    with_placeholder(d.path());
    let o = run(d.path(), &["render", "青石镇.toml", "-o", "-"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(o.stdout.is_empty());
    let o = run(d.path(), &["render", "青石镇.toml", "-p", "h1", "-o", "-", "--draft"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("【草稿】"), "{}", text(&o));
}

#[test]
fn a_docx_saved_by_libreoffice_counts_as_edited() {
    let d = tempfile::tempdir().unwrap();
    example(d.path());
    let args = ["render", "青石镇.toml", "-p", "year", "-f", "docx", "-o", "out"];
    assert!(run(d.path(), &args).status.success());
    // Open and save in a real word processor: LibreOffice keeps the stamp, rewrites the body.
    let profile = format!("-env:UserInstallation=file://{}", d.path().join("lo-profile").display());
    let o = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", "saved", "out/青石镇2024年党建工作总结.docx"])
        .current_dir(d.path())
        .output()
        .expect("soffice (libreoffice-writer-nogui, installed by .ci/run)");
    assert!(o.status.success(), "{}", text(&o));
    let saved = std::fs::read(d.path().join("saved/青石镇2024年党建工作总结.docx")).unwrap();
    assert!(zip_part(&saved, "docProps/custom.xml").is_some_and(|c| c.contains("zongjie-content-hash")), "the stamp survives the save");
    std::fs::write(d.path().join("out/青石镇2024年党建工作总结.docx"), &saved).unwrap();
    let o = run(d.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("生成后被修改过"), "{}", text(&o));
    assert_eq!(std::fs::read(d.path().join("out/青石镇2024年党建工作总结.docx")).unwrap(), saved);
}
