//! Proofreading of set phrases ([`Rule::SetPhrase`]): a text rule of
//! [`super::text::scan`] that finds a near-miss of an entry of the genre's
//! lexicon (`templates/lint/phrases.toml`) — one character replaced by one of
//! the same or a similar reading (z/zh, c/ch, s/sh, n/l, en/eng, in/ing) or a
//! similar shape (the lexicon's `shapes`), or, in entries of six characters
//! or more, one inner character dropped — and proposes the entry. Entries are
//! indexed by their character pairs (adjacent and one apart), so a text is
//! scanned in one pass whatever the lexicon's size; a candidate is only
//! verified where one of its pairs occurs.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pinyin::ToPinyin;
use serde::Deserialize;

use super::chars::is_han;
use super::{Hit, Rule};

#[derive(Debug, Deserialize)]
struct Group {
    kind: String,
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    ok: Vec<String>,
    #[serde(default)]
    group: Vec<Group>,
    #[serde(default)]
    shapes: Vec<String>,
}

/// One entry of the lexicon.
#[derive(Debug)]
pub struct Entry {
    /// The entry's characters.
    pub chars: Vec<char>,
    /// Its group (政治理论与提法, 公文常用语, …).
    pub kind: String,
}

/// The lexicon with its pair indexes.
pub struct Lexicon {
    /// Every entry.
    pub entries: Vec<Entry>,
    /// Correct forms one character away from an entry.
    ok: Vec<Vec<char>>,
    /// Shape-confusable characters: each char's group number.
    shape: HashMap<char, Vec<usize>>,
    /// (a, b) adjacent in an entry → (entry, index of a).
    next: HashMap<(char, char), Vec<(u32, u8)>>,
    /// (a, b) one apart in an entry → (entry, index of a).
    skip: HashMap<(char, char), Vec<(u32, u8)>>,
    /// Exact entries by their text, for "is this window itself right".
    exact: HashSet<Vec<char>>,
}

/// The built-in lexicon (parsed once; a broken built-in file is a build bug, caught by the tests).
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../../templates/lint/phrases.toml")).unwrap_or_else(|_| Lexicon::parse("").expect("empty lexicon")))
}

impl Lexicon {
    /// Reads a lexicon file.
    pub fn parse(text: &str) -> Result<Lexicon, toml::de::Error> {
        let file: File = toml::from_str(text)?;
        let mut lex = Lexicon { entries: Vec::new(), ok: file.ok.iter().map(|s| s.chars().collect()).collect(), shape: HashMap::new(), next: HashMap::new(), skip: HashMap::new(), exact: HashSet::new() };
        for (g, chars) in file.shapes.iter().enumerate() {
            for c in chars.chars() {
                lex.shape.entry(c).or_default().push(g);
            }
        }
        for group in &file.group {
            for p in &group.phrases {
                let chars: Vec<char> = p.chars().collect();
                if chars.len() < 4 || !lex.exact.insert(chars.clone()) {
                    continue;
                }
                let e = lex.entries.len() as u32;
                for i in 0..chars.len().saturating_sub(1) {
                    lex.next.entry((chars[i], chars[i + 1])).or_default().push((e, i as u8));
                    if i + 2 < chars.len() {
                        lex.skip.entry((chars[i], chars[i + 2])).or_default().push((e, i as u8));
                    }
                }
                lex.entries.push(Entry { chars, kind: group.kind.clone() });
            }
        }
        Ok(lex)
    }

    /// Whether `a` typed for `b` is a slip of sound or shape.
    pub fn confusable(&self, a: char, b: char) -> bool {
        if a == b || !is_han(a) || !is_han(b) || numeral(a) || numeral(b) {
            return false;
        }
        let same_shape = self.shape.get(&a).zip(self.shape.get(&b)).is_some_and(|(x, y)| x.iter().any(|g| y.contains(g)));
        same_shape || reading(a).zip(reading(b)).is_some_and(|(x, y)| x == y)
    }

    /// Near-misses in `cs` (the text's characters): (first char index, char
    /// count, entry index) — at most one per window, windows not overlapping
    /// an exact entry.
    pub fn near_misses(&self, cs: &[char]) -> Vec<(usize, usize, Vec<u32>)> {
        let n = cs.len();
        let mut exact_cover = vec![false; n];
        let mut candidates: HashSet<(usize, usize, u32)> = HashSet::new();
        for p in 0..n.saturating_sub(1) {
            for &(e, i) in self.next.get(&(cs[p], cs[p + 1])).map_or(&[][..], Vec::as_slice) {
                let len = self.entries[e as usize].chars.len();
                let i = i as usize;
                if let Some(start) = p.checked_sub(i) {
                    candidates.insert((start, len, e)); // same length: exact or one replaced
                    candidates.insert((start, len - 1, e)); // one dropped after the pair
                }
                if let Some(start) = (p + 1).checked_sub(i) {
                    candidates.insert((start, len - 1, e)); // one dropped before the pair
                }
            }
            // Pairs one apart in the entry, adjacent here: the character between was dropped.
            for &(e, i) in self.skip.get(&(cs[p], cs[p + 1])).map_or(&[][..], Vec::as_slice) {
                if let Some(start) = p.checked_sub(i as usize) {
                    candidates.insert((start, self.entries[e as usize].chars.len() - 1, e));
                }
            }
            // Pairs one apart in both: the character between was replaced.
            if p + 2 < n {
                for &(e, i) in self.skip.get(&(cs[p], cs[p + 2])).map_or(&[][..], Vec::as_slice) {
                    if let Some(start) = p.checked_sub(i as usize) {
                        candidates.insert((start, self.entries[e as usize].chars.len(), e));
                    }
                }
            }
        }
        let mut found: HashMap<(usize, usize), Vec<u32>> = HashMap::new();
        for &(start, len, e) in &candidates {
            let entry = &self.entries[e as usize].chars;
            let Some(window) = cs.get(start..start + len) else { continue };
            if window == entry.as_slice() {
                exact_cover[start..start + len].iter_mut().for_each(|x| *x = true);
            } else if self.slip(window, entry).is_some() {
                found.entry((start, len)).or_default().push(e);
            }
        }
        let mut out: Vec<(usize, usize, Vec<u32>)> = found
            .into_iter()
            .filter(|((start, len), es)| {
                let window = &cs[*start..start + len];
                let at = self.slip(window, &self.entries[es[0] as usize].chars).unwrap_or((0, 0));
                let covered = |ok: &Vec<char>| covers(cs, start + at.0, start + at.1, ok);
                !exact_cover[*start..start + len].iter().all(|x| *x) && !self.exact.contains(window) && !self.ok.iter().any(covered)
            })
            .map(|((start, len), mut es)| {
                es.sort();
                (start, len, es)
            })
            .collect();
        out.sort_by_key(|w| (w.0, std::cmp::Reverse(w.1)));
        // Overlapping windows: keep the earliest (then longest) one.
        let mut kept: Vec<(usize, usize, Vec<u32>)> = Vec::new();
        for w in out {
            if kept.last().is_some_and(|k| w.0 < k.0 + k.1) {
                continue;
            }
            kept.push(w);
        }
        kept
    }

    /// Whether `window` is `entry` with one character replaced by a
    /// confusable one, or with one inner character dropped: the window's
    /// characters around the slip (the replaced one twice; the two either
    /// side of a dropped one).
    fn slip(&self, window: &[char], entry: &[char]) -> Option<(usize, usize)> {
        if window.len() == entry.len() {
            let mut diff = window.iter().zip(entry).enumerate().filter(|(_, (a, b))| a != b);
            return match (diff.next(), diff.next()) {
                (Some((k, (&a, &b))), None) if self.confusable(a, b) => Some((k, k)),
                _ => None,
            };
        }
        if window.len() + 1 != entry.len() || entry.len() < 6 {
            return None;
        }
        let k = window.iter().zip(entry).take_while(|(a, b)| a == b).count();
        let dropped = entry[k];
        let inner = k > 0 && k + 1 < entry.len() && window[k..] == entry[k + 1..];
        // Affixes often left out on purpose (网格管理, 规范管理, 党员先进性) are not slips.
        let optional = "化的之和与及等性式".contains(dropped);
        (inner && is_han(dropped) && !numeral(dropped) && !optional && entry[k - 1] != dropped).then(|| (k - 1, k))
    }
}

/// Whether a correct form `ok` occurs in the text over characters `from..=to`
/// (the slip is then part of a right word, not a slip).
fn covers(cs: &[char], from: usize, to: usize, ok: &[char]) -> bool {
    let first = (to + 1).saturating_sub(ok.len());
    (first..=from).any(|o| cs.get(o..o + ok.len()) == Some(ok))
}

/// Numerals are not slips of the pen (十九大 and 十八大 are both right).
fn numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千两".contains(c)
}

/// A character's reading with the usual confusions folded (toneless;
/// zh→z, ch→c, sh→s, n→l, eng→en, ing→in).
pub fn reading(c: char) -> Option<String> {
    let p = c.to_pinyin()?.with_tone_num_end().trim_end_matches(|d: char| d.is_ascii_digit()).replace('ü', "v");
    let (initial, rest) = ["zh", "ch", "sh"].iter().find(|i| p.starts_with(*i)).map_or_else(|| p.split_at(p.chars().next().map_or(0, char::len_utf8)), |i| p.split_at(i.len()));
    let initial = match initial {
        "zh" => "z",
        "ch" => "c",
        "sh" => "s",
        "n" => "l",
        x => x,
    };
    let rest = if rest.ends_with("eng") || rest.ends_with("ing") { &rest[..rest.len() - 1] } else { rest };
    Some(format!("{initial}{rest}"))
}

/// Runs the rule over a text; `cs` are its characters with byte offsets.
/// Places already marked by the fixed-term list are left to it.
pub fn scan(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let lex = lexicon();
    let chars: Vec<char> = cs.iter().map(|c| c.1).collect();
    for (start, len, entries) in lex.near_misses(&chars) {
        let range = cs[start].0..cs.get(start + len).map_or(s.len(), |c| c.0);
        if out.iter().any(|h| h.rule == Rule::FixedTerm && h.range.start < range.end && range.start < h.range.end) {
            continue;
        }
        let names: Vec<String> = entries.iter().map(|e| lex.entries[*e as usize].chars.iter().collect()).collect();
        let wrong = &s[range.clone()];
        let kind = &lex.entries[entries[0] as usize].kind;
        let listed = names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join("或");
        let hit = Hit::new(Rule::SetPhrase, range, format!("“{wrong}”疑为{kind}{listed}之误"), format!("核对后改为{listed}"));
        out.push(if names.len() == 1 { hit.fix(names[0].clone()) } else { hit });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, Option<String>)> {
        let cs: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        scan(s, &cs, &mut out);
        out.into_iter().map(|h| (s[h.range].to_string(), h.fix)).collect()
    }

    #[test]
    fn lexicon_parses_with_hundreds_of_entries() {
        let lex = Lexicon::parse(include_str!("../../templates/lint/phrases.toml")).expect("phrases.toml parses");
        assert!(lex.entries.len() >= 300, "{}", lex.entries.len());
        for e in &lex.entries {
            assert!(e.chars.len() >= 4);
            // No entry is a slip of another (both would then be flagged).
            let s: String = e.chars.iter().collect();
            assert!(found(&s).is_empty(), "entry {s} reads as a slip: {:?}", found(&s));
        }
    }

    #[test]
    fn readings_fold_the_usual_confusions() {
        assert_eq!(reading('扫'), reading('烧'));
        assert_eq!(reading('详'), reading('祥'));
        assert_eq!(reading('能'), reading('棱').map(|r| r.replace("leng", "len")));
        assert_ne!(reading('五'), reading('六'));
    }

    #[test]
    fn the_five_misspellings_of_the_issue_are_caught() {
        for (text, wrong, right) in [
            ("深入开展烧黑除恶专项斗争", "烧黑除恶专项斗争", "扫黑除恶专项斗争"),
            ("营造文明详和的节日氛围", "文明详和", "文明祥和"),
            ("全体党员斗志昂杨", "斗志昂杨", "斗志昂扬"),
            ("做到廉洁自津", "廉洁自津", "廉洁自律"),
            ("认真学习党的十八精神", "党的十八精神", "党的十八大精神"),
            ("充分发挥基层党组战斗堡垒作用", "基层党组战斗堡垒作用", "基层党组织战斗堡垒作用"),
        ] {
            assert_eq!(found(text), [(wrong.to_string(), Some(right.to_string()))], "{text}");
        }
    }

    #[test]
    fn right_forms_and_numbers_pass() {
        for text in [
            "深入学习贯彻党的十九大精神和十九届四中全会精神",
            "党的二十大精神、二十届三中全会精神",
            "不忘初心牢记使命，加强基层组织建设",
            "守土有责、守土负责、守土尽责",
            "以人为中心开展服务",
            "向镇党委汇报工作",
            "全村人居环境整治成效明显",
            "开展批评与自我批评，批评和自我批评",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn ambiguous_slips_have_no_fix() {
        let lex = Lexicon::parse("shapes = []\n[[group]]\nkind = \"k\"\nphrases = [\"甲乙丙丁\", \"甲乙丙订\"]\n").unwrap();
        let text: Vec<char> = "甲乙丙顶".chars().collect();
        let got = lex.near_misses(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].2.len(), 2, "both entries explain 顶");
    }
}
