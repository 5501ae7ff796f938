//! Rules over one printed text, and their shared helpers: leftover
//! placeholders here, punctuation in [`super::punct`], word-level rules in
//! [`super::words`]; [`scan`] runs them all. Each rule is written for
//! precision first: ordinary 公文 text (三会一课, 2024年, 1.5万元, Linux, 3:1,
//! nested “‘’”) must pass.

use super::{formulas, phrases, punct, spacing, terms, words};
use super::{Hit, Rule};
use crate::data::Period;

/// What text rules need to know about where the text appears.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The report year.
    pub year: i32,
    /// The version being checked.
    pub period: Period,
}

/// Runs every text rule over `s`; hits in text order.
pub fn scan(s: &str, ctx: &Ctx) -> Vec<Hit> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    placeholder(s, &cs, &mut out);
    punct::scan(s, &cs, &mut out);
    words::scan(s, &cs, ctx, &mut out);
    terms::scan(s, &cs, ctx, &mut out);
    phrases::scan(s, &cs, &mut out);
    formulas::scan_guide(s, ctx.year, &mut out);
    spacing::scan(s, &cs, &mut out);
    out.sort_by_key(|h| (h.range.start, h.rule));
    out
}

/// A Chinese character (CJK unified ideographs and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// A Chinese character or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2026}' | '\u{2014}')
}

/// Byte end of the `k`-th character.
pub(crate) fn end(s: &str, cs: &[(usize, char)], k: usize) -> usize {
    cs.get(k + 1).map_or(s.len(), |c| c.0)
}

/// The character before index `k`, skipping spaces.
pub(crate) fn before(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs[..k].iter().rev().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// The character at or after index `k`, skipping spaces.
pub(crate) fn after(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs.get(k..).unwrap_or(&[]).iter().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// Length of the run of characters satisfying `f` starting at `k`.
pub(crate) fn run(cs: &[(usize, char)], k: usize, f: impl Fn(char) -> bool) -> usize {
    cs[k..].iter().take_while(|c| f(c.1)).count()
}

const FILL_HINT: &str = "请换成实际的名称、数字或日期；暂时不知道的内容请删去，不要留占位符";

fn placeholder(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = cs.len();
    let at = |k: usize| cs.get(k).map(|c| c.1);
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let numeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '％'));
    let han = |c: Option<char>| c.is_some_and(is_han);
    let mut hit = |from: usize, to: usize| {
        let range = cs[from].0..end(s, cs, to - 1);
        out.push(Hit::new(Rule::Placeholder, range.clone(), format!("疑似未替换的占位符“{}”", &s[range]), FILL_HINT));
    };
    let mut k = 0;
    while k < n {
        let c = cs[k].1;
        let prev = k.checked_sub(1).and_then(at);
        let len = match c {
            'x' | 'X' | 'ｘ' | 'Ｘ' => {
                let len = run(cs, k, |c| matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ'));
                let next = at(k + len);
                let word = latin(prev) || latin(next);
                let near = han(before(cs, k)) || han(after(cs, k + len)) || numeric(prev) || numeric(next);
                let times = prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit());
                let xray = s[end(s, cs, k + len - 1)..].starts_with(['光']) || s[end(s, cs, k + len - 1)..].starts_with("射线");
                if !word && (len >= 2 || (near && !times && !xray)) {
                    hit(k, k + len);
                }
                len
            }
            '×' => {
                let len = run(cs, k, |c| c == '×');
                let times = prev.is_some_and(|c| c.is_ascii_digit()) && at(k + len).is_some_and(|c| c.is_ascii_digit());
                if !times && (len >= 2 || han(before(cs, k)) || han(after(cs, k + len))) {
                    hit(k, k + len);
                }
                len
            }
            '＊' | '*' => {
                let len = run(cs, k, |c| c == '＊' || c == '*');
                // `*` anywhere but between two Latin letters or digits (3*4).
                let between = prev.is_some_and(|c| c.is_ascii_alphanumeric()) && at(k + len).is_some_and(|c| c.is_ascii_alphanumeric());
                if c == '＊' || len >= 2 || han(before(cs, k)) || han(after(cs, k + len)) || !between {
                    hit(k, k + len);
                }
                len
            }
            '某' | '○' | '□' | '_' | '＿' => {
                let len = run(cs, k, |x| x == c);
                if len >= 2 {
                    hit(k, k + len);
                }
                len
            }
            'Y' | 'M' | 'D' if !latin(prev) => {
                let len = run(cs, k, |x| x == c);
                let next = at(k + len);
                let unit = match c {
                    'Y' => '年',
                    'M' => '月',
                    _ => '日',
                };
                if !latin(next) && (next == Some(unit) && len <= 4 || c == 'Y' && len == 4) {
                    hit(k, k + len);
                }
                len
            }
            '〔' | '[' => {
                let close = if c == '〔' { '〕' } else { ']' };
                let inner: Vec<char> = cs[k + 1..].iter().map(|c| c.1).take_while(|x| *x != close).take(40).collect();
                let closed = at(k + 1 + inner.len()) == Some(close);
                let year_mark = !inner.is_empty() && inner.iter().all(|c| c.is_ascii_digit());
                let blank = if c == '〔' { !year_mark } else { inner.iter().any(|c| is_han(*c)) };
                if closed && blank {
                    hit(k, k + inner.len() + 2);
                    inner.len() + 2
                } else {
                    1
                }
            }
            'T' | 'F' | '待' | '此' | '请' => {
                let rest = &s[cs[k].0..];
                let word = ["TODO", "FIXME", "待填写", "此处填写", "请填写"].into_iter().find(|w| rest.starts_with(w));
                match word {
                    Some(w) if !latin(prev) && !latin(rest[w.len()..].chars().next()) => {
                        let len = w.chars().count();
                        hit(k, k + len);
                        len
                    }
                    _ => 1,
                }
            }
            _ => 1,
        };
        k += len.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<(&'static str, String)> {
        scan(s, &Ctx { year: 2024, period: Period::H1 }).into_iter().map(|h| (h.rule.id(), s[h.range].to_string())).collect()
    }

    #[test]
    fn placeholders_are_caught() {
        for (text, what) in [
            ("党的xx大以来", "xx"),
            ("XX年以来", "XX"),
            ("全年共组织集体学习共 X 次", "X"),
            ("全镇5xxxx困难户", "xxxx"),
            ("比增21.X%", "X"),
            ("在××村设点", "××"),
            ("**镇党委", "**"),
            ("中共 * 市委", "*"),
            ("＊镇", "＊"),
            ("〔…〕镇", "〔…〕"),
            ("〔签发日期〕", "〔签发日期〕"),
            ("于YYYY年MM月DD日召开", "YYYY"),
            ("联系人某某", "某某"),
            ("完成[具体项目名称]", "[具体项目名称]"),
            ("于____召开", "____"),
            ("TODO 补充", "TODO"),
        ] {
            let got = ids(text);
            assert!(got.contains(&("placeholder", what.to_string())), "{text}: {got:?}");
        }
        assert_eq!(ids("于YYYY年MM月DD日召开").iter().filter(|h| h.0 == "placeholder").count(), 3);
    }

    #[test]
    fn ordinary_text_has_no_placeholders() {
        for text in [
            "服务器采用Linux系统，max值为3",
            "X光机2台",
            "面积3×4米",
            "青发〔2024〕3号文件",
            "某一领域、某些方面",
            "Xi'an",
            "XXL",
            "2024年12月",
            "DDT",
        ] {
            assert!(!ids(text).iter().any(|h| h.0 == "placeholder"), "{text}: {:?}", ids(text));
        }
    }
}
