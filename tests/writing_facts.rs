//! How much of a report's work part says something the sheet supports:
//! every fixture sheet rendered through the real binary, both versions, and
//! the share of sentences that carry no fact measured against the limits of
//! issue 21 (≤ 25 % where the clerk gave practices or activities, ≤ 50 % on
//! figures-only sheets).
//!
//! A sentence carries a fact when it holds a digit (a figure, date or count
//! from the sheet) or a run of four Chinese characters found in the clerk's
//! own text — any string of the sheet or its ledger outside `[unit]` and
//! `[report]` — that the tool's own wording (`templates/dangjian/*`) does
//! not also use. Headings are not sentences: a section's title, a
//! practice's 一是…。 title.

mod common;
use common::*;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const RUN: usize = 4;

fn han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Runs of [`RUN`] Chinese characters in a text.
fn runs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for part in text.split(|c: char| !han(c)) {
        let cs: Vec<char> = part.chars().collect();
        out.extend(cs.windows(RUN).map(|w| w.iter().collect::<String>()));
    }
    out
}

/// The tool's own wording: every built-in template and data file.
fn tool_runs() -> BTreeSet<String> {
    let dir = root().join("templates/dangjian");
    std::fs::read_dir(dir).unwrap().flatten().flat_map(|e| runs(&std::fs::read_to_string(e.path()).unwrap())).collect()
}

/// Every string of a TOML value.
fn strings(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The clerk's own words: the sheet's strings outside [unit] and [report],
/// and the text of its ledger files (.csv read as text; .xlsx through its
/// shared strings).
fn clerk_runs(path: &Path) -> (BTreeSet<String>, bool) {
    let sheet: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut texts = Vec::new();
    for (k, v) in &sheet {
        if k != "unit" && k != "report" && k != "figures" {
            strings(v, &mut texts);
        }
    }
    let mut ledgered = false;
    if let Some(l) = sheet.get("report").and_then(|r| r.get("ledger")) {
        let mut files = Vec::new();
        strings(l, &mut files);
        for f in files {
            ledgered = true;
            let p = path.parent().unwrap().join(&f);
            texts.push(ledger_text(&p));
        }
    }
    let practices = ledgered || sheet.contains_key("activity") || sheet.get("work").and_then(|w| w.as_array()).is_some_and(|w| !w.is_empty());
    (texts.iter().flat_map(|t| runs(t)).collect(), practices)
}

/// The text of a ledger file.
fn ledger_text(p: &Path) -> String {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    if p.extension().is_some_and(|e| e == "xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        for name in ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"] {
            if let Ok(mut f) = zip.by_name(name) {
                std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            }
        }
        s
    } else {
        String::from_utf8(bytes.clone()).unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect())
    }
}

/// Lines of the work part (between 一、 and 二、), without indent.
fn work_part(t: &str) -> Vec<String> {
    let lines: Vec<&str> = t.lines().map(|l| l.trim_start_matches('\u{3000}')).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|s| s.starts_with("一、")).expect("一、");
    let end = lines.iter().position(|s| s.starts_with("二、")).unwrap_or(lines.len());
    lines[start + 1..end].iter().map(|s| s.to_string()).collect()
}

/// The sentences of the work part, headings left out.
fn sentences(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in work_part(t) {
        let mut first = true;
        let numbered = line.starts_with('（') || line.chars().next().is_some_and(|c| c.is_ascii_digit());
        for s in line.split_inclusive(['。', '！', '？']) {
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            let heading = (first && numbered) || ["一是", "二是", "三是", "四是", "五是", "六是", "七是"].iter().any(|n| s.starts_with(n));
            first = false;
            if !heading {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// (fact-free sentences, all sentences) of one report.
fn fact_free(report: &str, clerk: &BTreeSet<String>, tool: &BTreeSet<String>) -> (Vec<String>, usize) {
    let all = sentences(report);
    let free: Vec<String> = all.iter().filter(|s| !s.chars().any(|c| c.is_ascii_digit()) && !runs(s).iter().any(|r| clerk.contains(r) && !tool.contains(r))).cloned().collect();
    (free, all.len())
}

fn fixtures() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["data", "tests/fixtures", "tests/fixtures/writing", "tests/fixtures/ledger", "tests/fixtures/docx"] {
        let Ok(rd) = std::fs::read_dir(root().join(dir)) else { continue };
        // Sheets only (a county profile has no [unit]).
        let sheet = |p: &PathBuf| std::fs::read_to_string(p).is_ok_and(|t| t.parse::<toml::Table>().is_ok_and(|t| t.contains_key("unit")));
        let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "toml") && sheet(p)).collect();
        files.sort();
        v.extend(files);
    }
    v
}

#[test]
fn the_work_part_says_what_the_sheet_supports() {
    let tool = tool_runs();
    let d = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for path in fixtures() {
        let (clerk, practices) = clerk_runs(&path);
        let out = d.path().join(path.file_stem().unwrap());
        let o = run(path.parent().unwrap(), &["render", path.to_str().unwrap(), "-o", out.to_str().unwrap(), "-q", "--format", "txt"]);
        assert!(o.status.success(), "{}: {}", path.display(), text(&o));
        let limit = if practices { 0.25 } else { 0.50 };
        for f in listing(&out) {
            let t = std::fs::read_to_string(out.join(&f)).unwrap();
            let (free, all) = fact_free(&t, &clerk, &tool);
            let share = free.len() as f64 / all.max(1) as f64;
            eprintln!("{:<40} {:<28} {:>2}/{:>2} = {:>3.0}%（上限 {:.0}%）", path.strip_prefix(root()).unwrap().display(), f, free.len(), all, share * 100.0, limit * 100.0);
            if share > limit {
                failures.push(format!("{} {f}: {:.0}% > {:.0}%\n  {}", path.display(), share * 100.0, limit * 100.0, free.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_measure_can_fail() {
    let tool = tool_runs();
    let clerk = runs("各支部组织党员开展环境整治、政策宣传等志愿服务");
    let t = "标题\n一、工作\n（一）强化政治引领。镇党委坚持把政治建设摆在首位。全年开展学习12次。各支部组织党员开展环境整治。成效进一步显现。\n二、问题\n";
    let (free, all) = fact_free(t, &clerk, &tool);
    assert_eq!(all, 4, "the section title is a heading");
    assert_eq!(free, ["镇党委坚持把政治建设摆在首位。", "成效进一步显现。"]);
    // A run the tool itself uses is not the clerk's fact.
    let (free, _) = fact_free("一、\n镇党委严格落实组织生活各项制度。\n二、", &runs("严格落实组织生活各项制度"), &tool);
    assert_eq!(free.len(), 1);
}
