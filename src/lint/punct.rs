//! Punctuation rules over one printed text: half-width marks next to
//! Chinese (parentheses and quotes judged and fixed as pairs), unbalanced
//! paired marks, "..." for ……, and "1、" for "1.".

use super::chars::{after, before, end, is_cjk, is_han, run};
use super::{Hit, Rule};

/// Runs the punctuation rules.
pub fn scan(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    halfwidth(s, cs, out);
    unbalanced(s, cs, out);
    ellipsis(s, cs, out);
    list_comma(s, cs, out);
}

fn halfwidth(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    // A mark that this rule turns full-width counts as Chinese for its
    // neighbours ("甲", "乙", "丙" is fixed whole), so one --fix settles a
    // chain of any length. The marks to widen are a closure (a mark only
    // ever gains Chinese neighbours), found with a worklist: each mark is
    // widened at most once and then wakes only its neighbours, so a chain
    // of n links costs O(n), not n passes.
    let paired = paired_marks(cs);
    let mut wide: Vec<bool> = vec![false; cs.len()];
    let mut todo: Vec<usize> = (0..cs.len()).collect();
    while let Some(k) = todo.pop() {
        if wide[k] {
            continue;
        }
        let Some((_, true)) = decide(cs, &wide, &paired, k) else { continue };
        let group = paired[k].map_or([k, k], |(other, _)| [k, other]);
        for m in group {
            // The spaces a comma takes with it go too.
            let spaces = if matches!(cs[m].1, ',' | ';' | ':' | '?' | '!') { run(cs, m + 1, |c| c == ' ') } else { 0 };
            for (j, w) in wide.iter_mut().enumerate().skip(m).take(spaces + 1) {
                if !*w {
                    *w = true;
                    // Its neighbours may now count as next to Chinese (a
                    // paired neighbour is judged by both its ends in `decide`).
                    todo.extend(j.checked_sub(1));
                    todo.extend(Some(j + 1).filter(|&n| n < cs.len()));
                }
            }
        }
    }
    for k in 0..cs.len() {
        let Some((full, safe)) = decide(cs, &wide, &paired, k) else { continue };
        let (i, c) = cs[k];
        // "??" stands for characters a web page or a converter lost: no mark fixes that.
        if c == '?' && (k > 0 && cs[k - 1].1 == '?' || cs.get(k + 1).is_some_and(|n| n.1 == '?')) {
            if k == 0 || cs[k - 1].1 != '?' {
                let len = run(cs, k, |c| c == '?');
                out.push(Hit::new(Rule::HalfwidthPunct, i..end(s, cs, k + len - 1), format!("“{}”疑为显示不出的字（网页或转换时丢失）", "?".repeat(len)), "对照原稿补上缺失的字"));
            }
            continue;
        }
        // A space after the mark goes with it ("党建, 促进" → "党建，促进").
        let spaces = if matches!(c, ',' | ';' | ':' | '?' | '!') { run(cs, k + 1, |c| c == ' ') } else { 0 };
        let hit = Hit::new(Rule::HalfwidthPunct, i..end(s, cs, k + spaces), format!("中文中用了半角标点“{c}”"), format!("改为全角“{full}”"));
        out.push(if safe { hit.fix(full.to_string()) } else { hit });
    }
}

/// For each half-width parenthesis or straight quote that has a partner:
/// the partner's index and its own full-width form.
fn paired_marks(cs: &[(usize, char)]) -> Vec<Option<(usize, char)>> {
    let mut paired = vec![None; cs.len()];
    for (open, close) in pairs(cs) {
        let wide = if cs[open].1 == '(' { ('（', '）') } else if cs[open].1 == '"' { ('“', '”') } else { ('‘', '’') };
        paired[open] = Some((close, wide.0));
        paired[close] = Some((open, wide.1));
    }
    paired
}

/// Whether the half-width mark at `k` is flagged — its full-width form and
/// whether it is safe to fix — when the marks of `wide` are already
/// full-width; None when it is fine as it is.
fn decide(cs: &[(usize, char)], wide: &[bool], paired: &[Option<(usize, char)>], k: usize) -> Option<(char, bool)> {
    let cjk_at = |k: Option<usize>| k.and_then(|k| cs.get(k).map(|c| is_cjk(c.1) || wide[k])).unwrap_or(false);
    let cjk_around = |k: usize| cjk_at(k.checked_sub(1)) || cjk_at(Some(k + 1)) || (cs.get(k + 1).is_some_and(|c| c.1 == ' ') && after(cs, k + 1).is_some_and(is_han));
    let c = cs[k].1;
    let prev = k.checked_sub(1).map(|k| cs[k].1);
    let next = cs.get(k + 1).map(|c| c.1);
    let digits = prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit());
    match c {
        ',' | ';' | ':' | '?' | '!' if cjk_around(k) && !digits => Some((full_width(c), true)),
        '.' if prev.is_some_and(is_han) && next.is_none_or(|n| is_cjk(n) || n.is_whitespace()) => Some(dot(cs, k)),
        // Paired marks are judged and fixed as pairs, so a fix never leaves "(1）".
        '(' | ')' | '"' | '\'' => match paired[k] {
            Some((other, w)) if cjk_around(k) || cjk_around(other) => Some((w, true)),
            Some(_) => None,
            // Unpaired: flag next to Chinese, fix only a lone parenthesis.
            None if cjk_around(k) && !(c == '\'' && prev.is_some_and(|p| p.is_ascii_alphabetic())) => Some((full_width(c), c == '(' || c == ')')),
            None => None,
        },
        _ => None,
    }
}

/// What a `.` after a Chinese character stands for: 、 between two items
/// of a clause that already enumerates with 、 (代表、义工协代表.居民议事会成员),
/// 。 before a space or the end; between two characters of a clause without
/// 、 it is flagged without a fix (。 or 、 is the writer's call).
fn dot(cs: &[(usize, char)], k: usize) -> (char, bool) {
    let stop = |c: &&(usize, char)| matches!(c.1, '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':');
    let before = cs[..k].iter().rev().take_while(|c| !stop(c));
    let after = cs[k + 1..].iter().take_while(|c| !stop(c));
    if before.chain(after).any(|c| c.1 == '、') {
        return ('、', true);
    }
    let next = cs.get(k + 1).map(|c| c.1);
    ('。', next.is_none_or(|n| n.is_whitespace() || !is_han(n)))
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
    // Dots and ellipsis marks in one run are one hit ("...…" → "……", not "…………").
    let dotty = |c: char| matches!(c, '.' | '．' | '·' | '…' | '⋯');
    let mut k = 0;
    let mut bracket = false;
    while k < cs.len() {
        let c = cs[k].1;
        bracket = match c {
            '〔' => true,
            '〕' => false,
            _ => bracket,
        };
        let len = if dotty(c) { run(cs, k, dotty) } else if c == '。' { run(cs, k, |x| x == '。') } else { 1 };
        let marks: String = cs[k..k + len].iter().map(|c| c.1).collect();
        let bad = if c == '。' { len >= 3 } else { dotty(c) && marks != "……" && (len >= 3 || marks.contains(['…', '⋯'])) };
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
    use super::super::text::{Ctx, scan};
    use crate::data::Period;

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
        // A chain of quoted words settles in one fix, not one link per run.
        assert_eq!(fixed("名单：\"ab\", \"cd\", \"ef\""), "名单：“ab”，“cd”，“ef”");
    }

    #[test]
    fn a_dot_in_an_enumeration_is_a_pause_and_lost_characters_are_not_fixed() {
        assert_eq!(fixed("党员代表、义工协代表.居民议事会成员参加"), "党员代表、义工协代表、居民议事会成员参加");
        assert_eq!(fixed("推进. 完成"), "推进。 完成");
        // Between two characters without an enumeration: flagged, not guessed.
        assert_eq!(fixed("全面推进.完成任务"), "全面推进.完成任务");
        assert!(ids("全面推进.完成任务").iter().any(|h| h.0 == "halfwidth-punct"));
        // "??" is a finding without a fix; a lone ? is still widened.
        assert_eq!(fixed("形成新格??的局面"), "形成新格??的局面");
        assert_eq!(ids("形成新格??的局面"), [("halfwidth-punct", "??".to_string())]);
        assert_eq!(fixed("是否落实?"), "是否落实？");
    }

    #[test]
    fn a_chain_of_any_length_settles_in_one_scan() {
        for n in [1, 2, 130, 2000] {
            let words: Vec<String> = (0..n).map(|i| format!("\"w{i}\"")).collect();
            let text = format!("名单：{}", words.join(", "));
            let once = fixed(&text);
            assert!(!once.contains(['"', ',']), "{n} words: {}", &once[once.len().saturating_sub(80)..]);
            assert_eq!(once.matches('“').count(), n);
            assert_eq!(fixed(&once), once, "{n} words: a second fix changes nothing");
        }
        // Without Chinese anywhere in the chain, nothing is widened.
        assert_eq!(fixed("\"a\", \"b\", \"c\""), "\"a\", \"b\", \"c\"");
    }

    #[test]
    fn halfwidth_punctuation_outside_chinese_is_fine() {
        for text in ["比例为3:1", "1,000名", "1.5万元", "2.整顿后进支部", "Linux, Windows", "时间9:30", "v1.2", "网址https://a.cn/?x=1"] {
            assert!(!ids(text).iter().any(|h| h.0 == "halfwidth-punct"), "{text}: {:?}", ids(text));
        }
    }

    #[test]
    fn pairs_must_balance_and_nest() {
        assert!(ids("“学习‘三会一课’制度”《条例》（试行）").is_empty());
        assert_eq!(ids("落实“三会一课制度"), [("unbalanced-pair", "“".to_string())]);
        assert_eq!(ids("制度”落实"), [("unbalanced-pair", "”".to_string())]);
        assert_eq!(ids("学习《条例（试行》"), [("unbalanced-pair", "（".to_string())]);
    }

    #[test]
    fn ellipsis_forms() {
        assert_eq!(fixed("读原文...谈体会。。。查不足…"), "读原文……谈体会……查不足……");
        assert_eq!(fixed("读原文...…谈体会"), "读原文……谈体会");
        assert_eq!(fixed("v1.2.3"), "v1.2.3");
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
