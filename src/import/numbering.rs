//! Word's automatic numbering, as the reader sees it: a paragraph whose
//! `w:numPr` names a list shows a label (一、 （一） 1.) that is not in its
//! text. [`labels`] reads `word/numbering.xml` (abstract lists, their level
//! formats, start values and overrides) and counts the body paragraphs in
//! order, so `zongjie import` sees the headings a report was written with.
//! A separate reader beside [`super::docx`], which keeps to document.xml.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use roxmltree::Node;

use super::docx::{body_paragraphs, document_xml, parse};
use super::{Format, Report};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Largest numbering part read (a report's lists are a few kilobytes).
const MAX_NUMBERING_BYTES: u64 = 2 * 1024 * 1024;

/// One level of a list: number format, label text (%1 for this level's number), start.
#[derive(Debug, Clone)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

fn is(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn val(n: &Node) -> Option<String> {
    n.attribute((W, "val")).map(str::to_string)
}

fn child<'a, 'x>(n: &Node<'a, 'x>, name: &str) -> Option<Node<'a, 'x>> {
    n.children().find(|c| is(c, name))
}

/// The report with each list paragraph's label put before its text (a .txt
/// report, or a Word file without lists or with an unreadable numbering
/// part, is returned as it is: the labels only help).
pub fn with_labels(r: &Report) -> Report {
    if r.format != Format::Docx {
        return r.clone();
    }
    let Ok(bytes) = crate::data::input::read(&r.path) else { return r.clone() };
    let found = labels(&r.path, &bytes).unwrap_or_default();
    let mut out = r.clone();
    for line in out.lines.iter_mut().filter(|l| l.col0 == 0) {
        if let Some(label) = found.get(&line.place) {
            let lead = line.text.len() - line.text.trim_start().len();
            line.text.insert_str(lead, label);
        }
    }
    out
}

/// Paragraph number (1-based, as [`super::docx`] counts) → the label Word shows.
pub fn labels(path: &Path, bytes: &[u8]) -> Option<HashMap<usize, String>> {
    let lists = lists(bytes)?;
    let xml = document_xml(path, bytes).ok()?;
    let doc = parse(path, &xml).ok()?;
    let mut counters: HashMap<String, [u32; 9]> = HashMap::new();
    let mut out = HashMap::new();
    for p in body_paragraphs(path, &doc).ok()? {
        let Some(num_pr) = child(&p.node, "pPr").and_then(|ppr| child(&ppr, "numPr")) else { continue };
        let Some(num_id) = child(&num_pr, "numId").and_then(|n| val(&n)) else { continue };
        let ilvl: usize = child(&num_pr, "ilvl").and_then(|n| val(&n)).and_then(|v| v.parse().ok()).unwrap_or(0).min(8);
        let Some(levels) = lists.get(&num_id) else { continue };
        let Some(level) = levels.get(ilvl) else { continue };
        let count = counters.entry(num_id.clone()).or_insert([0; 9]);
        count[ilvl] = if count[ilvl] == 0 { level.start } else { count[ilvl] + 1 };
        // A deeper level starts again under each new item of this one.
        count.iter_mut().skip(ilvl + 1).for_each(|c| *c = 0);
        let mut label = level.text.clone();
        for (k, l) in levels.iter().enumerate().take(ilvl + 1) {
            let n = if count[k] == 0 { l.start } else { count[k] };
            label = label.replace(&format!("%{}", k + 1), &format(&l.fmt, n));
        }
        if !label.trim().is_empty() && level.fmt != "bullet" && level.fmt != "none" {
            out.insert(p.number, label);
        }
    }
    Some(out)
}

/// numId → its levels, from word/numbering.xml.
fn lists(bytes: &[u8]) -> Option<HashMap<String, Vec<Level>>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let part = zip.by_name("word/numbering.xml").ok()?;
    let mut xml = String::new();
    part.take(MAX_NUMBERING_BYTES).read_to_string(&mut xml).ok()?;
    let doc = roxmltree::Document::parse(&xml).ok()?;
    let root = doc.root_element();
    let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
    for a in root.children().filter(|n| is(n, "abstractNum")) {
        let Some(id) = a.attribute((W, "abstractNumId")) else { continue };
        abstracts.insert(id.to_string(), levels(&a));
    }
    let mut out = HashMap::new();
    for n in root.children().filter(|n| is(n, "num")) {
        let (Some(id), Some(abs)) = (n.attribute((W, "numId")), child(&n, "abstractNumId").and_then(|a| val(&a))) else { continue };
        let Some(mut levels) = abstracts.get(&abs).cloned() else { continue };
        for o in n.children().filter(|c| is(c, "lvlOverride")) {
            let Some(k) = o.attribute((W, "ilvl")).and_then(|v| v.parse::<usize>().ok()) else { continue };
            if let Some(start) = child(&o, "startOverride").and_then(|s| val(&s)).and_then(|v| v.parse().ok())
                && let Some(l) = levels.get_mut(k)
            {
                l.start = start;
            }
        }
        out.insert(id.to_string(), levels);
    }
    Some(out)
}

/// The levels of an abstract list, by ilvl.
fn levels(a: &Node) -> Vec<Level> {
    let mut out: Vec<Level> = Vec::new();
    for l in a.children().filter(|n| is(n, "lvl")) {
        let k: usize = l.attribute((W, "ilvl")).and_then(|v| v.parse().ok()).unwrap_or(out.len()).min(8);
        let level = Level {
            fmt: child(&l, "numFmt").and_then(|n| val(&n)).unwrap_or_else(|| "decimal".into()),
            text: child(&l, "lvlText").and_then(|n| val(&n)).unwrap_or_default(),
            start: child(&l, "start").and_then(|n| val(&n)).and_then(|v| v.parse().ok()).unwrap_or(1),
        };
        while out.len() < k {
            out.push(Level { fmt: "none".into(), text: String::new(), start: 1 });
        }
        if out.len() == k {
            out.push(level);
        }
    }
    out
}

/// A number in a Word number format.
fn format(fmt: &str, n: u32) -> String {
    match fmt {
        "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "ideographTraditional" | "taiwaneseCounting" | "taiwaneseCountingThousand" => chinese(n),
        "upperLetter" => letter(n, b'A'),
        "lowerLetter" => letter(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// 1–99 in Chinese numerals (一, 十, 十一, 二十三).
fn chinese(n: u32) -> String {
    let d = |k: u32| "〇一二三四五六七八九".chars().nth(k as usize).unwrap_or('〇');
    match n {
        0..=9 => d(n).to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 => format!("{}十{}", d(n / 10), if n % 10 == 0 { String::new() } else { d(n % 10).to_string() }),
        _ => n.to_string(),
    }
}

fn letter(n: u32, base: u8) -> String {
    let k = (n.max(1) - 1) % 26;
    ((base + k as u8) as char).to_string()
}

fn roman(n: u32) -> String {
    let table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut n = n.min(39);
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format("chineseCounting", 3), "三");
        assert_eq!(format("chineseCountingThousand", 12), "十二");
        assert_eq!(format("chineseCounting", 20), "二十");
        assert_eq!(format("decimal", 7), "7");
        assert_eq!(format("upperLetter", 2), "B");
        assert_eq!(format("lowerRoman", 4), "iv");
    }
}
