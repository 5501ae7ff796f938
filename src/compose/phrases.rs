//! The phrase bank's Rust half: turns figures into sentences using the
//! catalogue's `say` patterns (data in `templates/`), adds 同比 and share
//! wording, and picks variants by a stable hash, never by randomness.

use crate::data::{Catalogue, Figure, FigureSet, Kind, Period, format_number};

/// FNV-1a: a stable hash for choosing phrase variants.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A percentage with one decimal, half away from zero, without a trailing
/// ".0": 12.5, 40, 0.3.
pub fn percent(ratio: f64) -> String {
    let v = (ratio * 1000.0).round() / 10.0;
    format_number(v)
}

/// 同比 wording for a value against last year's. Counts (whole-number figures
/// in a count unit) are compared in absolute terms ("较上年增加3名"), amounts
/// in percent ("同比增长12.5%"). Returns None when there is nothing to compare.
pub fn year_on_year(f: &Figure, period: Period) -> Option<String> {
    let (v, last) = (f.value(period)?, f.last(period)?);
    let base = if period == Period::H1 { "较上年同期" } else { "较上年" };
    let diff = v - last;
    if diff.abs() < 1e-9 {
        return Some(format!("与{}持平", &base[3..]));
    }
    let counts = f.integer && !f.unit.contains('元');
    if counts || last.abs() < 1e-9 {
        let verb = if diff > 0.0 { "增加" } else { "减少" };
        return Some(format!("{base}{verb}{}{}", format_number(diff.abs()), f.unit));
    }
    let verb = if diff > 0.0 { "增长" } else { "下降" };
    Some(format!("同比{verb}{}%", percent(diff.abs() / last)))
}

/// "其中35岁以下4名，占40%": a breakdown of `part` within `whole`.
pub fn share(part: &Figure, whole: &Figure, period: Period, label: &str) -> Option<String> {
    let (p, w) = (part.value(period)?, whole.value(period)?);
    if w <= 0.0 {
        return None;
    }
    Some(format!("{label}{}{}、占{}%", format_number(p), part.unit, percent(p / w)))
}

/// Writes the clause of one figure using one of its catalogue patterns.
pub fn clause(f: &Figure, cat: &Catalogue, period: Period, seed: &str) -> Option<String> {
    let v = f.value(period)?;
    let patterns = cat.figure(&f.key).map(|d| d.say.as_slice()).unwrap_or(&[]);
    let text = if patterns.is_empty() {
        format!("{}{}{}", f.label, format_number(v), f.unit)
    } else {
        let i = (stable_hash(&[seed, &f.key, period.key()]) % patterns.len() as u64) as usize;
        patterns[i].replace("{v}", &format_number(v)).replace("{unit}", &f.unit).replace("{label}", &f.label)
    };
    Some(match year_on_year(f, period) {
        Some(y) => format!("{text}，{y}"),
        None => text,
    })
}

/// Sentences for a list of figure keys. Stock and constant figures come
/// first, dated to the period end ("截至6月底，"); flow figures follow in
/// sentences of two or three clauses, the first opened by `time_word`
/// (which carries its own punctuation: "今年以来，" or "全年"). A figure's
/// breakdowns (part_of) are folded into its clause; zero flows are left out.
pub fn sentences(keys: &[&str], figures: &FigureSet, cat: &Catalogue, period: Period, seed: &str, time_word: &str) -> Vec<String> {
    let mut stock = Vec::new();
    let mut flow = Vec::new();
    for key in keys {
        let Some(f) = figures.get(key) else { continue };
        if cat.figure(key).and_then(|d| d.part_of.as_deref()).is_some_and(|p| keys.contains(&p) && figures.get(p).is_some()) {
            continue; // worded with its whole
        }
        if f.kind == Kind::Flow && f.value(period) == Some(0.0) {
            continue;
        }
        let Some(mut c) = clause(f, cat, period, seed) else { continue };
        let parts: Vec<String> = keys
            .iter()
            .filter_map(|k| figures.get(k))
            .filter(|p| cat.figure(&p.key).and_then(|d| d.part_of.as_deref()) == Some(key))
            .filter_map(|p| share(p, f, period, cat.figure(&p.key).map_or("", |d| d.label.as_str())))
            .collect();
        if !parts.is_empty() {
            c = format!("{c}，其中{}", parts.join("，"));
        }
        if f.kind == Kind::Flow { flow.push(c) } else { stock.push(c) }
    }
    let mut out = Vec::new();
    if !stock.is_empty() {
        let end = if period == Period::H1 { "截至6月底" } else { "截至年底" };
        out.push(format!("{end}，{}。", stock.join("，")));
    }
    let mut chunk = Vec::new();
    let mut first = true;
    for (i, c) in flow.iter().enumerate() {
        chunk.push(c.as_str());
        let size = if stable_hash(&[seed, "group", &out.len().to_string()]) % 2 == 0 { 2 } else { 3 };
        if chunk.len() == size || i + 1 == flow.len() {
            let lead = if first { time_word } else { "" };
            out.push(format!("{lead}{}。", chunk.join("，")));
            chunk.clear();
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(key: &str, unit: &str, integer: bool, h1: f64, h2: f64, last: Option<f64>) -> Figure {
        Figure { key: key.into(), label: key.into(), unit: unit.into(), kind: Kind::Flow, block: None, integer, h1: Some(h1), h2: Some(h2), year: None, last_year: last, last_year_h1: None, span: 0..0 }
    }

    #[test]
    fn percent_rounds_half_away_from_zero_and_trims() {
        assert_eq!(percent(0.125), "12.5");
        assert_eq!(percent(0.4), "40");
        assert_eq!(percent(0.12345), "12.3");
        assert_eq!(percent(0.12355), "12.4");
        assert_eq!(percent(2.0 / 3.0), "66.7");
    }

    #[test]
    fn year_on_year_wording() {
        let up = fig("a", "名", true, 7.0, 9.0, Some(13.0));
        assert_eq!(year_on_year(&up, Period::Year).unwrap(), "较上年增加3名");
        let down = fig("a", "名", true, 5.0, 5.0, Some(13.0));
        assert_eq!(year_on_year(&down, Period::Year).unwrap(), "较上年减少3名");
        let flat = fig("a", "名", true, 5.0, 5.0, Some(10.0));
        assert_eq!(year_on_year(&flat, Period::Year).unwrap(), "与上年持平");
        let money = fig("m", "万元", false, 300.0, 312.5, Some(540.2));
        assert_eq!(year_on_year(&money, Period::Year).unwrap(), "同比增长13.4%");
        let from_zero = fig("m", "万元", false, 1.0, 2.0, Some(0.0));
        assert_eq!(year_on_year(&from_zero, Period::Year).unwrap(), "较上年增加3万元");
        assert_eq!(year_on_year(&fig("a", "名", true, 1.0, 1.0, None), Period::Year), None);
    }

    #[test]
    fn shares_are_computed_from_parts() {
        let whole = fig("n", "名", true, 4.0, 6.0, None);
        let part = fig("y", "名", true, 1.0, 3.0, None);
        assert_eq!(share(&part, &whole, Period::Year, "35岁以下").unwrap(), "35岁以下4名、占40%");
        let zero = fig("n", "名", true, 0.0, 0.0, None);
        assert_eq!(share(&part, &zero, Period::Year, "x"), None);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", ""]), stable_hash(&["a", "b"]));
    }
}
