//! Formulas that change with the year (`templates/lint/formulas.toml`): the
//! guiding theory a report of its year names after 以……为指导
//! ([`Rule::StaleTerm`] when only an older one is named), and the party
//! sessions a report of its date cites — the latest plenary session of a
//! congress it cites ([`Rule::StaleTerm`] when missing) and none closed after
//! its date ([`Rule::FutureSession`]). The guide is a text rule (sheets and
//! reports); sessions are judged over a whole report ([`super::report`]).

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Hit, Rule, Severity};

/// A guiding theory and the year it entered the party constitution.
#[derive(Debug, Deserialize)]
pub struct Guide {
    /// How it is written in a message.
    pub name: String,
    /// Spellings that identify it.
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    /// The year it entered the constitution.
    pub from: i32,
}

/// A congress (ordinal 0) or plenary session.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// 十九届 (the congress is 十九大).
    pub congress: String,
    /// 0 for the congress, else the plenum's number.
    pub ordinal: u32,
    /// Closing date (a TOML date).
    date: toml::value::Datetime,
}

impl Session {
    /// Closing date.
    pub fn date(&self) -> NaiveDate {
        self.date.date.and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)).unwrap_or(NaiveDate::MAX)
    }
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    guide: Vec<Guide>,
    #[serde(default)]
    session: Vec<Session>,
}

fn data() -> &'static File {
    static DATA: OnceLock<File> = OnceLock::new();
    DATA.get_or_init(|| toml::from_str(include_str!("../../templates/lint/formulas.toml")).unwrap_or(File { guide: Vec::new(), session: Vec::new() }))
}

/// The guide clause ending at a 为指导 / 指引下: from the 以 or 在 opening it.
fn guide_clauses(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for end_word in ["为指导", "指引下", "指导下"] {
        for (i, _) in s.match_indices(end_word) {
            let head = &s[..i];
            // Back to the nearest 以/在 within the clause (no sentence mark in between).
            let stop = head.rfind(['。', '；', '！', '？', '\n']).map_or(0, |p| p + head[p..].chars().next().map_or(0, char::len_utf8));
            let open = if end_word == "为指导" { '以' } else { '在' };
            if let Some(start) = head[stop..].rfind(open).map(|p| stop + p) {
                out.push(start..i + end_word.len());
            }
        }
    }
    out
}

/// 以X为指导 naming only theories older than the one of `year`.
pub fn scan_guide(s: &str, year: i32, out: &mut Vec<Hit>) {
    let guides = &data().guide;
    let Some(latest) = guides.iter().filter(|g| g.from < year).max_by_key(|g| g.from) else { return };
    for range in guide_clauses(s) {
        let clause = &s[range.clone()];
        let named = guides.iter().any(|g| g.matches.iter().any(|m| clause.contains(m.as_str())));
        let has_latest = latest.matches.iter().any(|m| clause.contains(m.as_str()));
        if named && !has_latest {
            let old: Vec<&str> = guides.iter().filter(|g| g.matches.iter().any(|m| clause.contains(m.as_str()))).map(|g| g.name.as_str()).collect();
            out.push(Hit::new(
                Rule::StaleTerm,
                range,
                format!("指导思想只写了{}：{}年起的指导思想是{}，{year}年的报告应以它为指导", old.join("、"), latest.from, latest.name),
                format!("改为“以{}为指导”，或写全党章规定的指导思想", latest.name),
            ));
        }
    }
}

/// Ordinals cited after a congress name: 十九届二中、三中全会 → 2, 3;
/// 二中至五中全会 → 2..=5; 历次全会 → every one (None).
fn cited(s: &str, congress: &str) -> Option<Vec<(usize, u32)>> {
    let mut out = Vec::new();
    let num = |c: char| "一二三四五六七".chars().position(|x| x == c).map(|p| p as u32 + 1);
    for (i, _) in s.match_indices(congress) {
        let rest = &s[i + congress.len()..];
        let end = rest.find("全会").filter(|e| rest[..*e].chars().count() <= 20);
        let Some(end) = end else { continue };
        let seg = &rest[..end];
        if seg.contains("历次") || seg.contains("各次") {
            return None;
        }
        let cs: Vec<char> = seg.chars().collect();
        let mut k = 0;
        while k < cs.len() {
            if let (Some(n), Some('中')) = (num(cs[k]), cs.get(k + 1)) {
                let ranged = k >= 1 && cs[k - 1] == '至' && out.last().is_some();
                if ranged {
                    let (_, from) = *out.last().unwrap_or(&(i, n));
                    out.extend((from + 1..n).map(|x| (i, x)));
                }
                out.push((i, n));
                k += 2;
            } else {
                k += 1;
            }
        }
    }
    Some(out)
}

/// Session findings over a report's lines given its date (the 落款, else
/// the end of its version): (line, hit, severity).
pub fn sessions(lines: &[&str], date: NaiveDate) -> Vec<(usize, Hit, Severity)> {
    let all = &data().session;
    let mut out = Vec::new();
    let mut congresses: Vec<&str> = all.iter().map(|s| s.congress.as_str()).collect();
    congresses.dedup();
    for congress in congresses {
        let held: Vec<&Session> = all.iter().filter(|s| s.congress == congress && s.ordinal > 0).collect();
        let mut mentioned: Vec<(usize, usize, u32)> = Vec::new();
        let mut every = false;
        for (n, l) in lines.iter().enumerate() {
            match cited(l, congress) {
                None => every = true,
                Some(v) => mentioned.extend(v.into_iter().map(|(i, o)| (n, i, o))),
            }
        }
        // A session closed after the report's date cannot be cited.
        for &(n, i, o) in &mentioned {
            if let Some(s) = held.iter().find(|s| s.ordinal == o && s.date() > date) {
                let len = congress.len() + lines[n][i + congress.len()..].find("全会").map_or(0, |e| e + "全会".len());
                let name = format!("{congress}{}中全会", "一二三四五六七".chars().nth(o as usize - 1).unwrap_or('?'));
                out.push((n, Hit::new(Rule::FutureSession, i..i + len, format!("{name}于{}闭幕，晚于报告的成文日期{}", s.date().format("%Y年%-m月%-d日"), date.format("%Y年%-m月%-d日")), "核对成文日期，或删去这次会议"), Severity::Warning));
            }
        }
        // Citing the current congress's plenums but not the latest one closed
        // (two weeks) before the date; the seventh, which prepares the next
        // congress, is not cited by convention.
        let current = all.iter().filter(|s| s.ordinal == 0 && s.date() <= date).max_by_key(|s| s.date()).is_some_and(|s| s.congress == congress);
        let Some(latest) = held.iter().filter(|s| s.date() + chrono::Days::new(14) <= date && (2..=6).contains(&s.ordinal)).max_by_key(|s| s.date()) else { continue };
        if !current {
            continue;
        }
        if every || mentioned.is_empty() || mentioned.iter().any(|m| m.2 >= latest.ordinal) {
            continue;
        }
        let &(n, i, _) = mentioned.last().unwrap_or(&(0, 0, 0));
        let len = congress.len() + lines[n][i + congress.len()..].find("全会").map_or(0, |e| e + "全会".len());
        let name = format!("{congress}{}中全会", "一二三四五六七".chars().nth(latest.ordinal as usize - 1).unwrap_or('?'));
        out.push((n, Hit::new(Rule::StaleTerm, i..i + len, format!("成文日期{}前已闭幕的{name}（{}）没有写到", date.format("%Y年%-m月%-d日"), latest.date().format("%Y年%-m月%-d日")), format!("学习贯彻的全会精神写到{name}，或写“{congress}历次全会精神”")), Severity::Warning));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide(s: &str, year: i32) -> Vec<String> {
        let mut out = Vec::new();
        scan_guide(s, year, &mut out);
        out.into_iter().map(|h| s[h.range].to_string()).collect()
    }

    #[test]
    fn the_data_parses() {
        assert!(data().guide.len() >= 4 && data().session.len() >= 20);
        assert!(data().session.iter().all(|s| s.date() < NaiveDate::MAX));
    }

    #[test]
    fn a_lone_older_theory_as_the_guide_is_stale() {
        assert_eq!(guide("镇党委以“三个代表”重要思想为指导，扎实推进", 2023), ["以“三个代表”重要思想为指导"]);
        assert_eq!(guide("在科学发展观指导下开展工作", 2019).len(), 1);
        assert!(guide("坚持以习近平新时代中国特色社会主义思想为指导", 2023).is_empty());
        assert!(guide("以马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想为指导", 2023).is_empty());
        // In its own years the older theory is right; the year of the change allows both.
        assert!(guide("以“三个代表”重要思想为指导", 2005).is_empty());
        assert!(guide("以邓小平理论、“三个代表”重要思想、科学发展观为指导", 2017).is_empty());
        assert!(guide("以党建为指导", 2023).is_empty());
    }

    fn sess(lines: &[&str], date: (i32, u32, u32)) -> Vec<(&'static str, String)> {
        let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        sessions(lines, d).into_iter().map(|(n, h, _)| (h.rule.id(), lines[n][h.range].to_string())).collect()
    }

    #[test]
    fn the_latest_plenum_is_cited_and_no_later_one() {
        let l = ["深入学习贯彻党的十九大和十九届二中至五中全会精神"];
        assert_eq!(sess(&l, (2021, 12, 20)), [("stale-term", "十九届二中至五中全会".to_string())]);
        assert!(sess(&l, (2021, 6, 30)).is_empty());
        assert!(sess(&["学习十九届二中、三中、四中、五中、六中全会精神"], (2021, 12, 20)).is_empty());
        assert!(sess(&["学习党的十九大和十九届历次全会精神"], (2021, 12, 20)).is_empty());
        assert_eq!(sess(&["学习二十届三中全会精神"], (2024, 6, 30)), [("future-session", "二十届三中全会".to_string())]);
        assert!(sess(&["学习二十届三中全会精神"], (2024, 12, 30)).is_empty());
        // An earlier congress's plenums are not asked to be complete.
        assert!(sess(&["回顾十九届六中全会以来的工作"], (2023, 12, 20)).is_empty());
    }
}
