//! Rules over one printed text: leftover placeholders, half-width
//! punctuation, unbalanced pairs, "..." and "1、". Word-level rules are in
//! [`super::words`]; [`scan`] runs them all. Each rule is written for
//! precision first: ordinary 公文 text (三会一课, 2024年, 1.5万元, Linux, 3:1,
//! nested “‘’”) must pass.

use super::words;
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
    halfwidth(s, &cs, &mut out);
    unbalanced(s, &cs, &mut out);
    ellipsis(s, &cs, &mut out);
    list_comma(s, &cs, &mut out);
    words::scan(s, &cs, ctx, &mut out);
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
fn before(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs[..k].iter().rev().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// The character at or after index `k`, skipping spaces.
fn after(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs.get(k..).unwrap_or(&[]).iter().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// Length of the run of characters satisfying `f` starting at `k`.
fn run(cs: &[(usize, char)], k: usize, f: impl Fn(char) -> bool) -> usize {
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
                if c == '＊' || han(before(cs, k)) || han(after(cs, k + len)) {
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

fn halfwidth(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let cjk_at = |k: Option<usize>| k.and_then(|k| cs.get(k)).is_some_and(|c| is_cjk(c.1));
    let cjk_around = |k: usize| cjk_at(k.checked_sub(1)) || cjk_at(Some(k + 1)) || (cs.get(k + 1).is_some_and(|c| c.1 == ' ') && after(cs, k + 1).is_some_and(is_han));
    // Paired marks are judged and fixed as pairs, so a fix never leaves "(1）".
    let mut paired = vec![None; cs.len()];
    for (open, close) in pairs(cs) {
        let wide = if cs[open].1 == '(' { ('（', '）') } else if cs[open].1 == '"' { ('“', '”') } else { ('‘', '’') };
        if cjk_around(open) || cjk_around(close) {
            paired[open] = Some(wide.0);
            paired[close] = Some(wide.1);
        }
    }
    for (k, &(i, c)) in cs.iter().enumerate() {
        let prev = k.checked_sub(1).map(|k| cs[k].1);
        let next = cs.get(k + 1).map(|c| c.1);
        let digits = prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit());
        let (full, safe) = match c {
            ',' | ';' | ':' | '?' | '!' if cjk_around(k) && !digits => (full_width(c), true),
            '.' if prev.is_some_and(is_han) && next.is_none_or(|n| is_cjk(n) || n.is_whitespace()) => ('。', true),
            '(' | ')' | '"' | '\'' => match paired[k] {
                Some(w) => (w, true),
                // Unpaired: flag next to Chinese, fix only a lone parenthesis.
                None if cjk_around(k) && !(c == '\'' && prev.is_some_and(|p| p.is_ascii_alphabetic())) => (full_width(c), c == '(' || c == ')'),
                None => continue,
            },
            _ => continue,
        };
        // A space after the mark goes with it ("党建, 促进" → "党建，促进").
        let spaces = if matches!(c, ',' | ';' | ':' | '?' | '!') { run(cs, k + 1, |c| c == ' ') } else { 0 };
        let hit = Hit::new(Rule::HalfwidthPunct, i..end(s, cs, k + spaces), format!("中文中用了半角标点“{c}”"), format!("改为全角“{full}”"));
        out.push(if safe { hit.fix(full.to_string()) } else { hit });
    }
}

/// The full-width form of a half-width mark.
fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        '"' => '“',
        '\'' => '‘',
        _ => c,
    }
}

/// Matching ASCII parentheses, and straight quotes paired in order (only
/// when their count is even).
fn pairs(cs: &[(usize, char)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for (k, c) in cs.iter().enumerate() {
        match c.1 {
            '(' => stack.push(k),
            ')' => {
                if let Some(o) = stack.pop() {
                    out.push((o, k));
                }
            }
            _ => {}
        }
    }
    for q in ['"', '\''] {
        let at: Vec<usize> = cs.iter().enumerate().filter(|c| c.1.1 == q).map(|c| c.0).collect();
        if at.len().is_multiple_of(2) {
            out.extend(at.chunks(2).map(|p| (p[0], p[1])));
        }
    }
    out
}

const PAIRS: [(char, char); 9] = [('“', '”'), ('‘', '’'), ('（', '）'), ('《', '》'), ('〈', '〉'), ('【', '】'), ('「', '」'), ('『', '』'), ('〔', '〕')];

fn unbalanced(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (k, &(_, c)) in cs.iter().enumerate() {
        if PAIRS.iter().any(|p| p.0 == c) {
            stack.push((k, c));
        } else if let Some(&(open, _)) = PAIRS.iter().find(|p| p.1 == c) {
            match stack.iter().rposition(|e| e.1 == open) {
                Some(pos) => {
                    for (j, o) in stack.drain(pos..).skip(1) {
                        out.push(unclosed(s, cs, j, o));
                    }
                }
                None => {
                    let range = cs[k].0..end(s, cs, k);
                    let (o, c) = (mark(open), mark(c));
                    out.push(Hit::new(Rule::UnbalancedPair, range, format!("{c}前面没有与之配对的{o}"), format!("补上{o}，或删去多余的{c}")));
                }
            }
        }
    }
    for (j, o) in stack {
        out.push(unclosed(s, cs, j, o));
    }
}

fn unclosed(s: &str, cs: &[(usize, char)], k: usize, open: char) -> Hit {
    let close = PAIRS.iter().find(|p| p.0 == open).map_or(' ', |p| p.1);
    let (o, c) = (mark(open), mark(close));
    Hit::new(Rule::UnbalancedPair, cs[k].0..end(s, cs, k), format!("{o}后面没有与之配对的{c}"), format!("补上{c}，或删去多余的{o}"))
}

/// A paired mark named in words, with the mark in brackets: 左引号（“）.
fn mark(c: char) -> String {
    let name = match c {
        '“' => "左引号",
        '”' => "右引号",
        '‘' => "左单引号",
        '’' => "右单引号",
        '（' => "左括号",
        '）' => "右括号",
        '《' => "左书名号",
        '》' => "右书名号",
        '〈' => "左单书名号",
        '〉' => "右单书名号",
        '〔' => "左六角括号",
        '〕' => "右六角括号",
        _ => "符号",
    };
    format!("{name}（{c}）")
}

fn ellipsis(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let mut k = 0;
    let mut bracket = false;
    while k < cs.len() {
        let c = cs[k].1;
        bracket = match c {
            '〔' => true,
            '〕' => false,
            _ => bracket,
        };
        let len = match c {
            '.' | '．' | '。' | '·' | '…' | '⋯' => run(cs, k, |x| x == c),
            _ => 1,
        };
        let bad = match c {
            '…' | '⋯' => c == '⋯' || len != 2,
            '.' | '．' | '。' | '·' => len >= 3,
            _ => false,
        };
        if bad && !bracket {
            let range = cs[k].0..end(s, cs, k + len - 1);
            out.push(Hit::new(Rule::Ellipsis, range.clone(), format!("省略号写成了“{}”", &s[range]), "中文省略号是两个“…”连写：“……”").fix("……"));
        }
        k += len;
    }
}

fn list_comma(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut k = 0;
    while k < cs.len() {
        let len = run(cs, k, digit);
        if len == 0 {
            k += 1;
            continue;
        }
        let starts = k == 0 || matches!(before(cs, k), None | Some('。' | '；' | '：' | '！' | '？' | ';' | ':' | '\n'));
        let comma = cs.get(k + len).is_some_and(|c| c.1 == '、');
        let then_text = cs.get(k + len + 1).is_some_and(|c| !digit(c.1));
        if len <= 2 && starts && comma && then_text && (k == 0 || !digit(cs[k - 1].1)) {
            let range = cs[k].0..end(s, cs, k + len);
            let number: String = cs[k..k + len].iter().map(|c| c.1).collect();
            out.push(Hit::new(Rule::ListComma, range, format!("序号“{number}、”应写作“{number}.”"), "阿拉伯数字序号后用圆点“.”，“、”用在“一、”之后").fix(format!("{number}.")));
        }
        k += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<(&'static str, String)> {
        scan(s, &Ctx { year: 2024, period: Period::H1 }).into_iter().map(|h| (h.rule.id(), s[h.range].to_string())).collect()
    }

    fn fixed(s: &str) -> String {
        let mut hits = scan(s, &Ctx { year: 2024, period: Period::H1 });
        hits.retain(|h| h.fix.is_some());
        let mut out = s.to_string();
        for h in hits.iter().rev() {
            out.replace_range(h.range.clone(), h.fix.as_deref().unwrap());
        }
        out
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

    #[test]
    fn halfwidth_punctuation_between_chinese() {
        assert_eq!(ids("党建,促进发展"), [("halfwidth-punct", ",".to_string())]);
        assert_eq!(fixed("现将情况总结如下:一是加强学习;二是(试点)推进. 完成!"), "现将情况总结如下：一是加强学习；二是（试点）推进。 完成！");
        assert_eq!(fixed("党建, 促进"), "党建，促进");
        assert_eq!(fixed("落实\"三会一课\"制度"), "落实“三会一课”制度");
        // An odd number of straight quotes: flagged but not fixed (direction unknown).
        assert_eq!(fixed("落实\"三会一课制度"), "落实\"三会一课制度");
        assert!(ids("落实\"三会一课制度").iter().any(|h| h.0 == "halfwidth-punct"));
        // Pairs are fixed together even when only one side touches Chinese.
        assert_eq!(fixed("(1)加强学习"), "（1）加强学习");
        assert_eq!(fixed("\"Linux\"系统"), "“Linux”系统");
    }

    #[test]
    fn halfwidth_punctuation_outside_chinese_is_fine() {
        for text in ["比例为3:1", "1,000名", "1.5万元", "2.整顿后进支部", "Linux, Windows", "时间9:30", "v1.2", "网址https://a.cn/?x=1"] {
            assert!(!ids(text).iter().any(|h| h.0 == "halfwidth-punct"), "{text}: {:?}", ids(text));
        }
    }

    #[test]
    fn pairs_must_balance_and_nest() {
        assert!(ids("“学习‘两学一做’活动”《条例》（试行）").is_empty());
        assert_eq!(ids("落实“三会一课制度"), [("unbalanced-pair", "“".to_string())]);
        assert_eq!(ids("制度”落实"), [("unbalanced-pair", "”".to_string())]);
        assert_eq!(ids("学习《条例（试行》"), [("unbalanced-pair", "（".to_string())]);
    }

    #[test]
    fn ellipsis_forms() {
        assert_eq!(fixed("读原文...谈体会。。。查不足…"), "读原文……谈体会……查不足……");
        assert!(ids("读原文、谈体会……").is_empty());
        assert!(!ids("〔…〕镇").iter().any(|h| h.0 == "ellipsis"));
    }

    #[test]
    fn list_comma_only_as_a_list_marker() {
        assert_eq!(fixed("1、加强学习。2、推进整改"), "1.加强学习。2.推进整改");
        for text in ["1、2月份完成", "第1、2名", "共有3、4个村", "2.整顿", "一、总体情况"] {
            assert!(!ids(text).iter().any(|h| h.0 == "list-comma"), "{text}: {:?}", ids(text));
        }
    }
}
