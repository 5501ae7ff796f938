//! The set-phrase proofreader (src/lint/phrases.rs) measured on a corpus:
//! clean reports written for these tests (tests/phrase_corpus/) and the
//! other clean texts of the repository, with typos of the three kinds the
//! rule claims planted programmatically (fixed seed) into the lexicon's
//! phrases found there — a character replaced by one of the same reading
//! (pinyin crate, tone ignored) or of the shape table, or an inner character
//! of a phrase of six or more characters dropped. Recall must be ≥ 80 %, and
//! clean text may carry at most one false finding per 10,000 characters.
//! The issue's five misspellings go through the real binary.

mod common;
use common::*;

use pinyin::ToPinyin;
use zongjie::data::Period;
use zongjie::lint::phrases::lexicon;
use zongjie::lint::text::{Ctx, scan};

/// A small deterministic generator (xorshift), so the planted corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The clean texts: one report line per item, comments and table lines dropped.
fn clean_lines() -> Vec<String> {
    let mut files: Vec<std::path::PathBuf> = ["tests/phrase_corpus", "tests/layout_corpus"].iter().flat_map(|d| std::fs::read_dir(root().join(d)).unwrap()).map(|e| e.unwrap().path()).collect();
    files.sort();
    files.push(root().join("tests/lint_corpus/clean.txt"));
    for name in ["clean_street_year.txt", "clean_town_h1.txt", "clean_village_year.txt"] {
        files.push(root().join("tests/report_corpus").join(name));
    }
    let mut lines: Vec<String> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        lines.extend(text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.rsplit('\t').next().unwrap_or(l).to_string()));
    }
    // The built-in phrase bank and writing rules are clean 公文 too (their strings).
    for name in ["phrases.toml", "writing.toml"] {
        let text = std::fs::read_to_string(root().join("templates/dangjian").join(name)).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            for piece in line.split('"').skip(1).step_by(2) {
                if piece.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() >= 8 {
                    lines.push(piece.replace(['{', '}'], ""));
                }
            }
        }
    }
    lines
}

fn set_phrase_hits(line: &str) -> Vec<(std::ops::Range<usize>, Option<String>, String)> {
    // The fixed-term list catches some slips first (三会一可); they count too.
    scan(line, &Ctx { year: 2024, period: Period::Year }).into_iter().filter(|h| matches!(h.rule.id(), "set-phrase" | "fixed-term")).map(|h| (h.range, h.fix, h.message)).collect()
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count()
}

fn numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千两".contains(c)
}

fn toneless(c: char) -> Option<String> {
    c.to_pinyin().map(|p| p.with_tone_num_end().trim_end_matches(|d: char| d.is_ascii_digit()).to_string())
}

#[test]
fn clean_text_has_at_most_one_false_finding_per_ten_thousand_characters() {
    let lines = clean_lines();
    let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    let mut false_hits = Vec::new();
    for l in &lines {
        for (range, _, msg) in set_phrase_hits(l) {
            false_hits.push(format!("{}: {msg}", &l[range]));
        }
    }
    eprintln!("clean corpus: {chars} characters, {} set-phrase findings: {false_hits:?}", false_hits.len());
    assert!(chars >= 10_000, "the clean corpus is too small to measure ({chars})");
    assert!(false_hits.len() * 10_000 <= chars, "{} false findings in {chars} characters: {false_hits:?}", false_hits.len());
}

#[test]
fn planted_typos_are_found_with_recall_of_eighty_percent() {
    let lines = clean_lines();
    let lex = lexicon();
    // Characters to plant with: everything in the corpus and the lexicon, and the shape table.
    let shapes: Vec<Vec<char>> = {
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(root().join("templates/lint/phrases.toml")).unwrap()).unwrap();
        t["shapes"].as_array().unwrap().iter().map(|g| g.as_str().unwrap().chars().collect()).collect()
    };
    let mut pool: Vec<char> = lines.iter().flat_map(|l| l.chars()).chain(lex.entries.iter().flat_map(|e| e.chars.iter().copied())).filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && !numeral(*c)).collect();
    pool.sort();
    pool.dedup();
    let mut rng = Rng(0x5eed_2024_0c0f_fee5);
    let (mut planted, mut caught, mut wrong_place) = (0usize, 0usize, 0usize);
    let mut by_kind = [(0usize, 0usize); 3];
    let mut missed = Vec::new();
    for line in &lines {
        let cs: Vec<char> = line.chars().collect();
        // Occurrences of entries in this line (longest first at each place).
        let mut occ: Vec<(usize, usize)> = Vec::new();
        for (e, entry) in lex.entries.iter().enumerate() {
            let n = entry.chars.len();
            for s in 0..cs.len().saturating_sub(n - 1) {
                if cs[s..s + n] == entry.chars[..] {
                    occ.push((s, e));
                }
            }
        }
        // Each occurrence gets a typo in each of three rounds (kinds drawn at random).
        for (s, e) in occ.iter().flat_map(|o| [*o; 3]) {
            let entry = &lex.entries[e].chars;
            let n = entry.len();
            let kind = rng.below(3);
            // Plant one typo of `kind` at a random place of the entry.
            let inner: Vec<usize> = (0..n).filter(|&i| !numeral(entry[i]) && ('\u{4e00}'..='\u{9fff}').contains(&entry[i])).collect();
            if inner.is_empty() {
                continue;
            }
            let i = inner[rng.below(inner.len())];
            let typo: Option<Vec<char>> = match kind {
                0 => {
                    let same: Vec<char> = pool.iter().copied().filter(|&c| c != entry[i] && toneless(c).is_some() && toneless(c) == toneless(entry[i])).collect();
                    (!same.is_empty()).then(|| {
                        let mut t = entry.clone();
                        t[i] = same[rng.below(same.len())];
                        t
                    })
                }
                1 => {
                    let alike: Vec<char> = shapes.iter().filter(|g| g.contains(&entry[i])).flatten().copied().filter(|&c| c != entry[i]).collect();
                    (!alike.is_empty()).then(|| {
                        let mut t = entry.clone();
                        t[i] = alike[rng.below(alike.len())];
                        t
                    })
                }
                _ => {
                    let inner: Vec<usize> = (1..n - 1).filter(|&i| !numeral(entry[i]) && entry[i] != entry[i - 1] && ('\u{4e00}'..='\u{9fff}').contains(&entry[i])).collect();
                    (n >= 6 && !inner.is_empty()).then(|| {
                        let mut t = entry.clone();
                        t.remove(inner[rng.below(inner.len())]);
                        t
                    })
                }
            };
            let Some(typo) = typo else { continue };
            let text: String = cs[..s].iter().chain(&typo).chain(&cs[s + n..]).collect();
            let from = cs[..s].iter().map(|c| c.len_utf8()).sum::<usize>();
            let to = from + typo.iter().map(|c| c.len_utf8()).sum::<usize>();
            planted += 1;
            by_kind[kind].0 += 1;
            let right: String = entry.iter().collect();
            let hits = set_phrase_hits(&text);
            let found = hits.iter().any(|(r, fix, msg)| r.start < to && from < r.end && (fix.as_deref().is_some_and(|f| f.contains(&right)) || msg.contains(&right) || msg.contains("疑为")));
            if found {
                caught += 1;
                by_kind[kind].1 += 1;
            } else {
                missed.push(typo.iter().collect::<String>());
            }
            wrong_place += hits.iter().filter(|(r, ..)| !(r.start < to && from < r.end)).count();
        }
    }
    let recall = caught as f64 / planted as f64;
    eprintln!("planted {planted}, caught {caught} (recall {:.1}%); by kind (sound, shape, dropped): {by_kind:?}; findings elsewhere {wrong_place}; missed e.g. {:?}", recall * 100.0, &missed[..missed.len().min(30)]);
    assert!(planted >= 300, "too few planted typos to measure: {planted}");
    assert!(recall >= 0.80, "recall {:.1}% below 80%; missed: {missed:?}", recall * 100.0);
    let chars: usize = lines.iter().map(|l| han_count(l)).sum();
    assert!(wrong_place * 10_000 <= chars * 2, "{wrong_place} findings away from the planted typos");
}

#[test]
fn the_issues_misspellings_are_caught_by_check_with_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let report = "青山镇2023年党建工作总结\n一、工作开展情况\n深入开展烧黑除恶专项斗争，营造文明详和的节日氛围，全镇党员斗志昂杨。认真学习党的十八精神，充分发挥基层党组战斗堡垒作用。\n二、存在的问题\n一是学习不够深入。\n三、2024年工作打算\n一是加强学习。\n中共青山镇委员会\n2023年12月25日\n";
    let path = write(dir.path(), "r.txt", report);
    let out = run(dir.path(), &["check", path.to_str().unwrap()]);
    let said = text(&out);
    for wrong in ["烧黑除恶", "文明详和", "昂杨", "党的十八精神", "基层党组战斗堡垒"] {
        assert!(said.contains(&format!("“{wrong}")), "{wrong} not reported:\n{said}");
    }
    let out = run(dir.path(), &["check", "--fix", path.to_str().unwrap()]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    for right in ["扫黑除恶专项斗争", "文明祥和", "斗志昂扬", "党的十八大精神", "基层党组织战斗堡垒作用"] {
        assert!(fixed.contains(right), "{right} not fixed:\n{fixed}\n{}", text(&out));
    }
}
