//! Written text read for repeats, through the real binary, over the five
//! figures-only fixtures (tests/fixtures/writing) and the example sheets
//! (data/), both versions: no two sentences in a row open with the same
//! word, no practice title repeats a phrase of its section's title or of
//! its own figures' sentences,
//! and no practice is a lone stock figure (“储备后备力量。截至年底，储备村级
//! 后备力量31名。”).

mod common;
use common::*;

use std::path::PathBuf;

/// Every report of the fixtures and the example sheets: (file name, text).
fn reports() -> Vec<(String, String)> {
    let d = tempfile::tempdir().unwrap();
    let mut sheets: Vec<PathBuf> = Vec::new();
    for dir in ["tests/fixtures/writing", "data"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                sheets.push(p);
            }
        }
    }
    sheets.sort();
    for s in &sheets {
        let o = run(d.path(), &["render", s.to_str().unwrap(), "-o", "out", "--format", "txt"]);
        assert!(o.status.success(), "{}: {}", s.display(), text(&o));
    }
    let mut out: Vec<(String, String)> = std::fs::read_dir(d.path().join("out"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 2 * sheets.len(), "both versions of every sheet");
    out
}

/// Whether a report is of a figures-only fixture (all of whose text zongjie
/// wrote); the example sheets' practices are the user's own prose.
fn generated(name: &str) -> bool {
    ["青山镇", "白沙乡", "城关街道", "柳溪村", "桂花社区"].iter().any(|u| name.starts_with(u))
}

fn paragraphs(t: &str) -> impl Iterator<Item = &str> {
    t.lines().map(|l| l.trim_start_matches('\u{3000}')).filter(|l| !l.is_empty())
}

fn sentences(p: &str) -> Vec<&str> {
    p.split('。').filter(|s| !s.is_empty()).collect()
}

/// Runs of four Chinese characters.
fn phrases(s: &str) -> Vec<String> {
    s.split(|c: char| !('\u{4e00}'..='\u{9fff}').contains(&c))
        .flat_map(|run| {
            let cs: Vec<char> = run.chars().collect();
            cs.windows(4).map(|w| w.iter().collect::<String>()).collect::<Vec<_>>()
        })
        .collect()
}

/// The practices of a paragraph: (title, the sentences up to the next 一是/二是…).
fn practices(p: &str) -> Vec<(&str, Vec<&str>)> {
    let marks = ["一是", "二是", "三是", "四是", "五是", "六是"];
    let s = sentences(p);
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for x in s {
        // “……。一是标题” : the title is the sentence opened by the mark.
        if let Some(title) = marks.iter().find_map(|m| x.strip_prefix(m)) {
            out.push((title, Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(x);
        }
    }
    out
}

#[test]
fn no_two_sentences_in_a_row_open_with_the_same_word() {
    // The example sheets' own prose is held to this too (it passes today).
    for (name, t) in reports() {
        for p in paragraphs(&t) {
            let s = sentences(p);
            for w in s.windows(2) {
                let (a, b): (String, String) = (w[0].chars().take(2).collect(), w[1].chars().take(2).collect());
                assert_ne!(a, b, "{name}: “{}。{}。”", w[0], w[1]);
            }
        }
    }
}

#[test]
fn a_practice_title_does_not_repeat_its_figures_words() {
    for (name, t) in reports() {
        if !generated(&name) {
            continue;
        }
        let l: Vec<&str> = paragraphs(&t).collect();
        let (start, end) = (l.iter().position(|s| s.starts_with("一、")).unwrap(), l.iter().position(|s| s.starts_with("二、")).unwrap());
        for p in &l[start + 1..end] {
            // The section title: “（一）抓实理论武装，提升政治能力。”
            let section = sentences(p)[0];
            for (title, body) in practices(p) {
                // The practice's own sentences are those with its figures (general sentences have none).
                let own: Vec<&str> = body.into_iter().take_while(|s| s.chars().any(|c| c.is_ascii_digit())).collect();
                let theirs = phrases(&format!("{section}。{}", own.concat()));
                let echo: Vec<String> = phrases(title).into_iter().filter(|x| theirs.contains(x)).collect();
                assert!(echo.is_empty(), "{name}: “{title}。{}。” repeats {echo:?} (section “{section}”)", own.join("。"));
            }
        }
    }
}

#[test]
fn no_practice_is_a_lone_stock_figure() {
    let opens = ["截至", "目前", "到6月底", "到年底"];
    // The example sheets too: 龙潭村's 党员总数 beside a folded-in 纪律教育 was “一是从严管理党员队伍。截至6月底，党员总数达38名。”
    for (name, t) in reports() {
        for p in paragraphs(&t) {
            for (title, body) in practices(p) {
                let own: Vec<&str> = body.iter().copied().take_while(|s| s.chars().any(|c| c.is_ascii_digit())).collect();
                let [only] = own[..] else { continue };
                let Some(open) = opens.iter().find(|o| only.starts_with(*o)) else { continue };
                let clause = only[open.len()..].split_once('，').map_or(&only[open.len()..], |(_, r)| r);
                assert!(clause.contains('，') || clause.contains('、'), "{name}: a practice of one stock figure: “{title}。{only}。”");
            }
        }
    }
}

#[test]
fn a_work_block_on_a_theme_takes_that_themes_figures() {
    // 青山镇 with one [[work]] block of its own prose on discipline, citing no figure:
    // the integrity figures join it instead of a second, generated 正风肃纪 section.
    let d = tempfile::tempdir().unwrap();
    let sheet = std::fs::read_to_string(root().join("tests/fixtures/writing/青山镇.toml")).unwrap();
    let prose = "镇党委与各村（社区）签订党风廉政建设责任书，班子成员落实“一岗双责”。";
    write(d.path(), "青山镇.toml", &format!("{sheet}\n[[work]]\ntitle = \"严明纪律规矩\"\ntext = \"{prose}\"\n"));
    let o = run(d.path(), &["render", "青山镇.toml", "-o", "out", "--format", "txt"]);
    assert!(o.status.success(), "{}", text(&o));
    for file in ["青山镇2024年上半年党建工作总结.txt", "青山镇2024年党建工作总结.txt"] {
        let t = std::fs::read_to_string(d.path().join("out").join(file)).unwrap();
        let with_talks: Vec<&str> = paragraphs(&t).filter(|p| p.contains("廉政") && p.contains("人次")).collect();
        assert_eq!(with_talks.len(), 1, "{file}: the talks are written once\n{t}");
        assert!(with_talks[0].contains(prose), "{file}: the talks join the sheet's own block: {}", with_talks[0]);
        assert!(!t.contains("正风肃纪，") && !t.contains("营造清朗生态"), "{file}: a generated discipline section beside the sheet's own\n{t}");
    }
}
