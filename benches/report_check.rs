//! Criterion benchmark of `zongjie check 报告.docx` on a Word file of about
//! 3,000 characters (the clean reports of tests/report_corpus, topped up
//! with the example sheet's composed report; runs split every three
//! characters as Word leaves them): reading the .docx, and reading plus
//! every report rule. The issue's budget is well under 50 ms.

use std::hint::black_box;
use std::io::Write;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zongjie::import::Report;
use zongjie::lint::report::{Overrides, check};

/// A .docx of `paras`, each run three characters long.
fn docx(paras: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paras {
        body.push_str("<w:p>");
        let cs: Vec<char> = p.chars().collect();
        for chunk in cs.chunks(3) {
            body.push_str(&format!("<w:r><w:rPr><w:sz w:val=\"32\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:proofErr w:type=\"spellEnd\"/>", chunk.iter().collect::<String>()));
        }
        body.push_str("</w:p>");
    }
    let xml = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#);
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

fn report_check(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report_corpus");
    let mut text = String::new();
    for base in ["clean_town_h1.txt", "clean_village_year.txt", "clean_street_year.txt"] {
        text.push_str(&std::fs::read_to_string(dir.join(base)).expect("corpus"));
    }
    // Top up to 3,000 characters with the example sheet's report (title and 落款 left out).
    let templates = zongjie::compose::Templates::builtin().unwrap();
    let sheet = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/青石镇.toml");
    let ds = zongjie::data::DataSheet::load(&sheet, &templates.catalogue).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 26).unwrap();
    let doc = zongjie::compose::compose(&ds, zongjie::data::Period::Year, &templates, &zongjie::doc::FormatProfile::default(), today).unwrap();
    let example = doc.plain_lines();
    let mut paras: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let sign = paras.split_off(paras.len() - 2);
    for l in &example[1..example.len() - 2] {
        if paras.iter().map(|p| p.chars().count()).sum::<usize>() >= 3000 {
            break;
        }
        paras.push(l);
    }
    paras.extend(sign);
    let chars: usize = paras.iter().map(|p| p.chars().count()).sum();
    let tmp = std::env::temp_dir().join(format!("zongjie-bench-{}.docx", std::process::id()));
    std::fs::write(&tmp, docx(&paras)).unwrap();
    eprintln!("report_check: {chars} characters in {} paragraphs", paras.len());
    c.bench_function("report_read_docx_3000_chars", |b| b.iter(|| black_box(Report::read(&tmp).unwrap())));
    c.bench_function("report_check_docx_3000_chars", |b| {
        b.iter(|| {
            let r = Report::read(&tmp).unwrap();
            black_box(check(&r, Overrides::default()))
        })
    });
    let _ = std::fs::remove_file(&tmp);
}

criterion_group!(benches, report_check);
criterion_main!(benches);
