//! The political calendar (`templates/dangjian/calendar.toml`, data): party
//! congresses and plenary sessions with their closing dates. It gives the
//! default 精神 of a report's opening per version (only sessions closed by the
//! version's 成文日期), the suggestion `init` writes, and lets the checker
//! spot a sheet naming a session held after its report date.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::value::Datetime;

use crate::data::model::to_date;

/// One congress or plenary session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Full name, e.g. 党的二十届三中全会.
    pub name: String,
    /// Short form for joined wording, e.g. 二十届三中.
    pub short: String,
    /// A congress (true) or a plenary session.
    pub congress: bool,
    /// Closing date.
    pub date: NaiveDate,
    /// Whether the opening names it.
    pub cite: bool,
    /// Spellings that identify it in a sheet's text.
    pub matches: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sessions: Vec<RawSession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    name: String,
    short: String,
    kind: String,
    date: Datetime,
    #[serde(default = "yes")]
    cite: bool,
    #[serde(default, rename = "match")]
    matches: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The calendar, sessions in date order.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Sessions, earliest first.
    pub sessions: Vec<Session>,
}

impl Calendar {
    /// Parses `calendar.toml`.
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut sessions = Vec::new();
        for r in file.sessions {
            let congress = match r.kind.as_str() {
                "congress" => true,
                "plenum" => false,
                k => return Err(format!("{}：kind 应为 congress 或 plenum，不是“{k}”", r.name)),
            };
            let date = to_date(&r.date).ok_or_else(|| format!("{}：date 应为日期，如 2024-07-18", r.name))?;
            let mut matches = r.matches;
            if matches.is_empty() {
                matches.push(r.name.trim_start_matches("党的").to_string());
            }
            sessions.push(Session { name: r.name, short: r.short, congress, date, cite: r.cite, matches });
        }
        sessions.sort_by_key(|s| s.date);
        Ok(Calendar { sessions })
    }

    /// The spirits a report dated `date` studies, joined the way reports
    /// write them: 党的二十大精神, 党的二十大和二十届二中、三中全会精神.
    /// Empty when the calendar knows no congress before the date.
    pub fn spirit(&self, date: NaiveDate) -> String {
        let Some(ci) = self.sessions.iter().rposition(|s| s.congress && s.date <= date) else { return String::new() };
        let congress = &self.sessions[ci];
        let plenums: Vec<&str> = self.sessions[ci + 1..]
            .iter()
            .filter(|s| !s.congress && s.cite && s.date <= date && s.date.year() >= date.year() - 1)
            .map(|s| s.short.as_str())
            .collect();
        // 二十届二中、三中: the term is written once.
        let plenums: Vec<&str> = plenums
            .iter()
            .enumerate()
            .map(|(i, p)| match (i, plenums[0].find('届')) {
                (1.., Some(at)) if p.starts_with(&plenums[0][..at + '届'.len_utf8()]) => &p[at + '届'.len_utf8()..],
                _ => p,
            })
            .collect();
        if plenums.is_empty() { format!("{}精神", congress.short) } else { format!("{}和{}全会精神", congress.short, plenums.join("、")) }
    }

    /// The sessions a text names that closed after `date`.
    pub fn after<'a>(&'a self, text: &str, date: NaiveDate) -> Vec<&'a Session> {
        self.sessions.iter().filter(|s| s.date > date && s.matches.iter().any(|m| text.contains(m.as_str()))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        Calendar::parse(include_str!("../../templates/dangjian/calendar.toml")).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_spirit_follows_the_report_date() {
        let c = cal();
        assert_eq!(c.spirit(d(2024, 7, 8)), "党的二十大和二十届二中全会精神", "a 上半年 report dated before the 三中全会");
        assert_eq!(c.spirit(d(2024, 12, 26)), "党的二十大和二十届二中、三中全会精神");
        assert_eq!(c.spirit(d(2023, 12, 31)), "党的二十大和二十届二中全会精神");
        assert_eq!(c.spirit(d(2025, 7, 10)), "党的二十大和二十届三中全会精神", "二中全会 is two years back");
        assert_eq!(c.spirit(d(2025, 12, 28)), "党的二十大和二十届三中、四中全会精神");
        assert_eq!(c.spirit(d(2022, 6, 30)), "党的十九大和十九届六中全会精神");
        assert_eq!(c.spirit(d(2022, 12, 20)), "党的二十大精神", "一中全会 is not cited");
        assert_eq!(c.spirit(d(2010, 1, 1)), "");
    }

    #[test]
    fn sessions_after_a_date_are_found_by_name() {
        let c = cal();
        let late: Vec<_> = c.after("党的二十大精神、党的二十届三中全会精神", d(2024, 7, 8)).iter().map(|s| s.name.clone()).collect();
        assert_eq!(late, ["党的二十届三中全会"]);
        assert!(c.after("党的二十届三中全会精神", d(2024, 7, 18)).is_empty(), "closing day counts as held");
        assert!(Calendar::parse("[[sessions]]\nname='x'\nshort='x'\nkind='meeting'\ndate=2024-01-01\n").unwrap_err().contains("kind"));
    }
}
