//! Helpers shared by the integration tests: run the real binary in a
//! temporary folder and read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of the built `zongjie` binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_zongjie"))
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `zongjie` with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(dir).output().expect("run zongjie")
}

/// stdout + stderr as text.
pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Writes a file into `dir` and returns its path.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// Names of the files in a folder, sorted (empty if the folder is missing).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The example township sheet, copied into `dir`.
pub fn example(dir: &Path) -> PathBuf {
    let p = dir.join("青石镇.toml");
    std::fs::copy(root().join("data/青石镇.toml"), &p).unwrap();
    p
}

/// A minimal .docx whose paragraphs are `paras`; runs are split every
/// three characters with proofing marks and bookmarks between them, as Word
/// leaves them. `extra` is raw body XML appended after paragraph `at`.
pub fn docx(paras: &[&str], at: usize, extra: &str) -> Vec<u8> {
    let mut body = String::new();
    for (i, p) in paras.iter().enumerate() {
        body.push_str("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
        let cs: Vec<char> = p.chars().collect();
        for (k, chunk) in cs.chunks(3).enumerate() {
            let t: String = chunk.iter().collect::<String>().replace('&', "&amp;").replace('<', "&lt;");
            if k % 2 == 1 {
                body.push_str(&format!("<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"{k}\" w:name=\"b{i}_{k}\"/>"));
            }
            body.push_str(&format!("<w:r><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\"/></w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>"));
            if k % 2 == 1 {
                body.push_str(&format!("<w:bookmarkEnd w:id=\"{k}\"/>"));
            }
        }
        body.push_str("</w:p>");
        if i + 1 == at {
            body.push_str(extra);
        }
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="wps"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    std::io::Write::write_all(&mut z, br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    z.start_file("_rels/.rels", opts).unwrap();
    std::io::Write::write_all(&mut z, br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    std::io::Write::write_all(&mut z, xml.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

/// A file of the report corpus (tests/report_corpus).
pub fn report_corpus(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/report_corpus").join(name)).expect("corpus file")
}

/// Runs zongjie, killing it after `secs` (a hang fails the test instead of blocking it).
pub fn run_limited(dir: &Path, args: &[&str], secs: u64) -> Output {
    let child = Command::new(bin()).args(args).current_dir(dir).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("spawn zongjie");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(o) => o.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("zongjie {args:?} still running after {secs} s");
        }
    }
}

/// Sentences of a text, independent of the product's splitter: cut at
/// `cuts`, labels (一、 （一） 1. 一是) and indentation dropped; those under
/// six characters left out (tests/import.rs, tests/real_layouts.rs).
pub fn sentences(text: &str, cuts: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for s in line.split(cuts) {
            let mut s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string();
            loop {
                let before = s.clone();
                for pat in ["一是", "二是", "三是", "四是", "五是", "六是"] {
                    if let Some(r) = s.strip_prefix(pat) {
                        s = r.to_string();
                    }
                }
                let label: String = s.chars().take_while(|c| "（）一二三四五六七八九十0123456789、.".contains(*c)).collect();
                if !label.is_empty() && (label.ends_with('）') || label.ends_with('、') || label.ends_with('.')) {
                    s = s[label.len()..].to_string();
                }
                if s == before {
                    break;
                }
            }
            if s.chars().count() >= 6 {
                out.push(s);
            }
        }
    }
    out
}
