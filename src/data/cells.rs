//! Reading one ledger cell the ways clerks fill it: dates as Excel serials,
//! 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日, 3月5日 or just a month (3月,
//! 三月, 3); counts and head-counts as numbers or 45人; 重点 as 是/否.
//! Used by the ledger readers ([`super::ledger`]) and by `[[activity]]`.

use chrono::{Duration, NaiveDate};
use toml::value::Datetime;

/// When an activity happened, as precisely as the cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A calendar date.
    Date(NaiveDate),
    /// Only a month (1–12) of the report year.
    Month(u32),
}

/// A TOML value of `date`: a local date, or text in any of the cell forms.
pub fn date_of_toml(v: &toml::Value, year: i32) -> Option<When> {
    match v {
        toml::Value::Datetime(d) => toml_date(d).map(When::Date),
        toml::Value::String(s) => date_of_text(s, year),
        toml::Value::Integer(m) => u32::try_from(*m).ok().filter(|m| (1..=12).contains(m)).map(When::Month),
        _ => None,
    }
}

fn toml_date(d: &Datetime) -> Option<NaiveDate> {
    let d = d.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

/// An Excel date serial (days since 1899-12-30, the 1900 leap-year bug
/// included), fractions of a day dropped. Only serials of 1901–2199.
pub fn date_of_serial(serial: f64) -> Option<NaiveDate> {
    if !(367.0..=110_000.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.trunc() as i64))
}

/// A date or month written as text; a date without a year is in `year`.
pub fn date_of_text(s: &str, year: i32) -> Option<When> {
    let s: String = s.trim().chars().map(full_to_half).collect();
    // A time after the date (2025-03-05 14:30, 2025年3月5日上午) is dropped.
    let s = s.split([' ', 'T']).next().unwrap_or("");
    let s = s.trim_end_matches(['上', '下', '午']).trim_end_matches(['日', '号', '份']);
    if let Some(m) = chinese_month(s) {
        return Some(When::Month(m));
    }
    let s = s.strip_suffix('月').unwrap_or(s);
    let parts: Vec<&str> = s.split(['年', '月', '/', '.', '-']).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) { None } else { p.parse().ok() }).collect();
    let nums = nums?;
    let first_is_year = parts.first().is_some_and(|p| p.len() == 4);
    match (nums.as_slice(), first_is_year) {
        ([y, m, d], true) => NaiveDate::from_ymd_opt(*y as i32, *m, *d).map(When::Date),
        ([y, m], true) => (1..=12).contains(m).then_some(()).and(if *y as i32 == year { Some(When::Month(*m)) } else { NaiveDate::from_ymd_opt(*y as i32, *m, 1).map(When::Date) }),
        ([m, d], false) => NaiveDate::from_ymd_opt(year, *m, *d).map(When::Date),
        ([m], false) => (1..=12).contains(m).then_some(When::Month(*m)),
        _ => None,
    }
}

/// 三月 / 十二月 → 3 / 12.
fn chinese_month(s: &str) -> Option<u32> {
    const DIGITS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    let s = s.strip_suffix('月')?;
    DIGITS.iter().position(|d| *d == s).map(|i| i as u32 + 1)
}

fn full_to_half(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '／' => '/',
        '．' => '.',
        '－' | '—' => '-',
        '\u{3000}' => ' ',
        c => c,
    }
}

/// A whole number in a cell (45, 45人, 45.0, ４５); None when it is not one.
pub fn whole_of_text(s: &str) -> Option<u32> {
    let v = number_of_text(s)?;
    (v.fract() == 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32)
}

/// A number in a cell (3, 2.5, 35户); None when it is not one.
pub fn number_of_text(s: &str) -> Option<f64> {
    let s: String = s.trim().chars().map(full_to_half).collect();
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let rest = s[end..].trim();
    let unit_only = rest.chars().count() <= 2 && !rest.chars().any(|c| c.is_ascii_alphanumeric());
    if end == 0 || !unit_only {
        return None;
    }
    s[..end].parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

/// What a 重点 cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// 是 / √ / Y.
    Yes,
    /// 否 / empty.
    No,
    /// 示例: the template's example row, never part of a report.
    Example,
}

/// Reads a 重点 cell; None when it is neither yes, no nor 示例.
pub fn flag_of_text(s: &str) -> Option<Flag> {
    match s.trim() {
        "是" | "√" | "✓" | "✔" | "Y" | "y" | "yes" | "Yes" | "YES" | "1" | "重点" | "TRUE" | "true" => Some(Flag::Yes),
        "" | "否" | "×" | "N" | "n" | "no" | "No" | "NO" | "0" | "FALSE" | "false" | "-" => Some(Flag::No),
        "示例" | "样例" | "示例行" => Some(Flag::Example),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<When> {
        Some(When::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap()))
    }

    #[test]
    fn dates_as_clerks_write_them() {
        for s in ["2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "3月5日", "3月5号", "２０２５年３月５日", "2025-03-05 14:30", "3/5"] {
            assert_eq!(date_of_text(s, 2025), d(2025, 3, 5), "{s}");
        }
        assert_eq!(date_of_text("3月", 2025), Some(When::Month(3)));
        assert_eq!(date_of_text("三月", 2025), Some(When::Month(3)));
        assert_eq!(date_of_text("十二月份", 2025), Some(When::Month(12)));
        assert_eq!(date_of_text("2025年7月", 2025), Some(When::Month(7)));
        assert_eq!(date_of_text("2024年7月", 2025), d(2024, 7, 1));
        assert_eq!(date_of_text("2025-02-30", 2025), None);
        assert_eq!(date_of_text("上周", 2025), None);
        assert_eq!(date_of_serial(45721.0), NaiveDate::from_ymd_opt(2025, 3, 5));
        assert_eq!(date_of_serial(3.0), None);
    }

    #[test]
    fn numbers_and_flags() {
        assert_eq!(whole_of_text("45人"), Some(45));
        assert_eq!(whole_of_text("４５"), Some(45));
        assert_eq!(whole_of_text("约四十人"), None);
        assert_eq!(whole_of_text("2.5"), None);
        assert_eq!(number_of_text("35户"), Some(35.0));
        assert_eq!(number_of_text("-3"), None);
        assert_eq!(flag_of_text("是"), Some(Flag::Yes));
        assert_eq!(flag_of_text(""), Some(Flag::No));
        assert_eq!(flag_of_text("示例"), Some(Flag::Example));
        assert_eq!(flag_of_text("也许"), None);
    }
}
