//! Rules over one printed text: leftover placeholders here, punctuation in
//! [`super::punct`], word-level rules in [`super::words`] and the others in
//! the registry [`TEXT_RULES`]; [`scan`] runs them all. The rules share their
//! vocabulary (character classes, [`Ctx`]) through [`super::chars`], so the
//! runner depends on the rules and never the other way round. Each rule is written for
//! precision first: ordinary 公文 text (三会一课, 2024年, 1.5万元, Linux, 3:1,
//! nested “‘’”) must pass.

use super::chars::{after, before, end, is_han, run};
use super::{formulas, phrases, punct, spacing, terms, words};
use super::{Hit, Rule};
pub use super::chars::Ctx;

/// A rule over one text: the text, its characters with byte offsets, where
/// it appears, and the list its hits go to.
pub type TextRule = fn(&str, &[(usize, char)], &Ctx, &mut Vec<Hit>);

/// Every text rule, in the order they run (hits are sorted afterwards).
pub const TEXT_RULES: &[TextRule] = &[
    |s, cs, _, out| placeholder(s, cs, out),
    |s, cs, _, out| punct::scan(s, cs, out),
    |s, cs, ctx, out| words::scan(s, cs, ctx, out),
    |s, cs, ctx, out| terms::scan(s, cs, ctx, out),
    |s, cs, _, out| phrases::scan(s, cs, out),
    |s, _, ctx, out| formulas::scan_guide(s, ctx.year, out),
    |s, cs, _, out| spacing::scan(s, cs, out),
];

/// Runs every text rule over `s`; hits in text order.
pub fn scan(s: &str, ctx: &Ctx) -> Vec<Hit> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    for rule in TEXT_RULES {
        rule(s, &cs, ctx, &mut out);
    }
    out.sort_by_key(|h| (h.range.start, h.rule));
    out
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
    use crate::data::Period;

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
