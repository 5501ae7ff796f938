//! Years and dates as reports write them: 2024年, 2024 年, 2024上半年,
//! 二〇二四年, a title's bare 2023, the year a text names most, and the
//! 落款's date line. Used by [`super::outline`] (and re-exported there).

use chrono::NaiveDate;

/// The year of a title: as [`years`] reads it, else a lone four-digit
/// 19xx/20xx number (“2023社区党建工作总结”, no 年).
pub fn title_year(t: &str) -> Option<i32> {
    years(t).first().copied().or_else(|| {
        let cs: Vec<char> = t.chars().collect();
        (0..cs.len().saturating_sub(3)).find_map(|k| {
            let run: String = cs[k..k + 4].iter().collect();
            let alone = (k == 0 || !cs[k - 1].is_ascii_digit()) && cs.get(k + 4).is_none_or(|c| !c.is_ascii_digit());
            run.parse::<i32>().ok().filter(|y| alone && run.chars().all(|c| c.is_ascii_digit()) && (1990..2100).contains(y))
        })
    })
}

/// The year the running text names most often (今年以来……2023年), if any.
pub(super) fn most_common_year<'a>(lines: impl Iterator<Item = &'a str>) -> Option<i32> {
    let mut count: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for y in lines.flat_map(years) {
        *count.entry(y).or_default() += 1;
    }
    // The most frequent; on a tie the later year (a report looks back from its own).
    count.into_iter().max_by_key(|(y, n)| (*n, *y)).map(|(y, _)| y)
}

/// Years (19xx/20xx) written as `2024年`, `2024 年`, `2024上半年` or `二〇二四年` in `s`.
pub fn years(s: &str) -> Vec<i32> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k + 4 < cs.len() + 1 {
        let digits: Option<i32> = cs[k..k + 4].iter().map(|c| digit(*c)).collect::<Option<Vec<_>>>().map(|d| d.iter().fold(0, |a, x| a * 10 + *x as i32));
        let before_ok = k == 0 || digit(cs[k - 1]).is_none();
        // A space may stand between the year and 年 (“2020 年”).
        let next = cs[(k + 4).min(cs.len())..].iter().find(|c| !matches!(c, ' ' | '\u{3000}')).copied();
        let after_ok = matches!(next, Some('年' | '上' | '下' | '全'));
        match digits {
            Some(y) if before_ok && after_ok && (1990..2100).contains(&y) => {
                out.push(y);
                k += 4;
            }
            _ => k += 1,
        }
    }
    out
}

/// An Arabic or Chinese digit (〇/零 to 九).
fn digit(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| c.to_digit(10)).or_else(|| "〇一二三四五六七八九".chars().position(|x| x == c).map(|p| p as u32)).or_else(|| (c == '零' || c == 'Ｏ' || c == 'O').then_some(0))
}

/// A Chinese number 1–99 (一, 十, 十二, 二十三).
pub fn chinese_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    let d = |c: char| "一二三四五六七八九".chars().position(|x| x == c).map(|p| p as u32 + 1);
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => d(*a),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// A date line of the 落款: 2024年7月5日 or 二〇二四年七月五日 (nothing else on the line).
pub fn parse_date(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日').or_else(|| rest.strip_suffix('号'))?;
    let num = |s: &str| -> Option<u32> {
        if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
            return s.parse().ok();
        }
        chinese_number(s).or_else(|| if s.chars().count() == 1 { None } else { s.chars().map(digit).collect::<Option<Vec<_>>>().map(|v| v.iter().fold(0, |a, x| a * 10 + x)) })
    };
    let year = y.chars().map(digit).collect::<Option<Vec<_>>>().filter(|v| v.len() == 4)?.iter().fold(0, |a, x| a * 10 + x);
    NaiveDate::from_ymd_opt(year as i32, num(m)?, num(d)?)
}
