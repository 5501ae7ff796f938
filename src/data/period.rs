//! Report periods: the 上半年 version and the full-year version of one sheet,
//! and the half-year tags points and plans carry.

use serde::Deserialize;

/// Which version of the report is being rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Period {
    /// 上半年: January to June.
    H1,
    /// 全年: January to December.
    Year,
}

impl Period {
    /// Both versions, in rendering order.
    pub const ALL: [Period; 2] = [Period::H1, Period::Year];

    /// Parses a `--period` value: `h1`/`上半年`, `year`/`全年`, or `both`/`全部`.
    pub fn parse_list(s: &str) -> Option<Vec<Period>> {
        match s.trim() {
            "h1" | "H1" | "上半年" | "半年" => Some(vec![Period::H1]),
            "year" | "全年" | "年度" => Some(vec![Period::Year]),
            "both" | "all" | "全部" | "两者" => Some(Period::ALL.to_vec()),
            _ => None,
        }
    }

    /// Stable machine name (`h1`, `year`).
    pub fn key(self) -> &'static str {
        match self {
            Period::H1 => "h1",
            Period::Year => "year",
        }
    }

    /// Whether `date` can be the 成文日期 of this version of a `year` report:
    /// 上半年 from June to December, 全年 from November to next March.
    pub fn dates(self, year: i32, date: chrono::NaiveDate) -> bool {
        use chrono::Datelike;
        match self {
            Period::H1 => date.year() == year && date.month() >= 6,
            Period::Year => (date.year() == year && date.month() >= 11) || (date.year() == year + 1 && date.month() <= 3),
        }
    }

    /// Last month the period covers.
    pub fn last_month(self) -> u32 {
        match self {
            Period::H1 => 6,
            Period::Year => 12,
        }
    }

    /// Whether the period covers the given half of the year.
    pub fn covers(self, half: Half) -> bool {
        matches!((self, half), (Period::Year, _) | (Period::H1, Half::H1))
    }
}

/// A half of the year, as a point's `when` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Half {
    /// January to June.
    #[serde(rename = "h1", alias = "上半年")]
    H1,
    /// July to December.
    #[serde(rename = "h2", alias = "下半年")]
    H2,
}

impl Half {
    /// The half a month (1–12) falls in.
    pub fn of_month(month: u32) -> Half {
        if month <= 6 { Half::H1 } else { Half::H2 }
    }
}

/// What a plan is for: the rest of this year (shown in the 上半年 version) or
/// next year (shown in the full-year version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Next {
    /// 下半年工作打算: appears in the 上半年 version.
    #[serde(rename = "h2", alias = "下半年")]
    H2,
    /// 明年工作打算: appears in the full-year version.
    #[serde(rename = "year", alias = "next_year", alias = "明年")]
    Year,
}

impl Next {
    /// Whether a plan tagged this way belongs in the given version.
    pub fn shown_in(self, period: Period) -> bool {
        matches!((self, period), (Next::H2, Period::H1) | (Next::Year, Period::Year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_aliases() {
        assert_eq!(Period::parse_list("上半年"), Some(vec![Period::H1]));
        assert_eq!(Period::parse_list("year"), Some(vec![Period::Year]));
        assert_eq!(Period::parse_list("both").unwrap().len(), 2);
        assert_eq!(Period::parse_list("q3"), None);
    }

    #[test]
    fn coverage_of_halves_and_plans() {
        assert!(Period::H1.covers(Half::H1));
        assert!(!Period::H1.covers(Half::H2));
        assert!(Period::Year.covers(Half::H2));
        assert_eq!(Half::of_month(6), Half::H1);
        assert_eq!(Half::of_month(7), Half::H2);
        assert!(Next::H2.shown_in(Period::H1) && !Next::H2.shown_in(Period::Year));
        assert!(Next::Year.shown_in(Period::Year) && !Next::Year.shown_in(Period::H1));
    }
}
