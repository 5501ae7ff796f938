//! Chinese numerals, structural numbers (一、（一）1.（1）), point labels
//! (一是), the 成文日期 format (2024年7月8日, no zero padding), and how
//! percentages and small amounts are printed (12.5%, 4200元).

use chrono::{Datelike, NaiveDate};

use crate::data::format_number;

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Chinese numeral for 1–999 (十一, 二十, 一百零五). 0 gives 零.
pub fn chinese(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] }),
        20..=99 => format!("{}十{}", DIGITS[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { DIGITS[(n % 10) as usize] }),
        _ => {
            let (h, rest) = (n / 100 % 10, n % 100);
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", chinese(rest)),
                _ => chinese(rest),
            };
            format!("{}百{tail}", DIGITS[h as usize])
        }
    }
}

/// The number of the `n`-th heading of a level (1-based), per GB/T 9704:
/// 一、 （一） 1. （1）. `dot` is "." (strict) or "．" (a local profile).
pub fn heading_number(level: u8, n: u32, dot: &str) -> String {
    match level {
        1 => format!("{}、", chinese(n)),
        2 => format!("（{}）", chinese(n)),
        3 => format!("{n}{dot}"),
        _ => format!("（{n}）"),
    }
}

/// Label of the `n`-th point inside a paragraph: 一是, 二是, …
pub fn item_label(n: u32) -> String {
    format!("{}是", chinese(n))
}

/// 成文日期 as printed: Arabic numerals, no zero padding.
pub fn format_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A percentage with one decimal, half away from zero, without a trailing
/// ".0": 12.5, 40, 0.3.
pub fn percent(ratio: f64) -> String {
    format_number((ratio * 1000.0).round() / 10.0)
}

/// An amount in 万元 below 1万 is written in 元: (value, unit).
pub fn amount(v: f64, unit: &str) -> (String, String) {
    if unit == "万元" && v.abs() < 1.0 && v != 0.0 {
        (format_number((v * 10000.0).round()), "元".into())
    } else {
        (format_number(v), unit.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_one_to_ninety_nine() {
        let cases = [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"), (55, "五十五"), (90, "九十"), (99, "九十九"), (100, "一百"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九")];
        for (n, s) in cases {
            assert_eq!(chinese(n), s, "{n}");
        }
    }

    #[test]
    fn heading_numbers_by_level() {
        assert_eq!(heading_number(1, 3, "."), "三、");
        assert_eq!(heading_number(2, 1, "."), "（一）");
        assert_eq!(heading_number(2, 20, "."), "（二十）");
        assert_eq!(heading_number(3, 12, "."), "12.");
        assert_eq!(heading_number(3, 2, "．"), "2．");
        assert_eq!(heading_number(4, 4, "."), "（4）");
        assert_eq!(item_label(2), "二是");
        assert_eq!(item_label(10), "十是");
    }

    #[test]
    fn dates_have_no_zero_padding() {
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2024, 7, 8).unwrap()), "2024年7月8日");
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2024, 12, 26).unwrap()), "2024年12月26日");
    }
}
