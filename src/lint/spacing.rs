//! Punctuation beyond the half-width marks: spaces inside Chinese text or
//! around a figure ([`Rule::StraySpace`]), an ASCII hyphen as a range
//! ([`Rule::HyphenRange`], GB/T 15834 uses ～), and 、 between quoted or
//! titled items ([`Rule::QuoteComma`]). Leading and trailing spaces
//! (indentation) are not looked at, nor spaces next to Latin words.

use super::chars::{end, is_cjk, is_han};
use super::{Hit, Rule};

/// Runs the rules.
pub fn scan(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    stray_space(s, cs, out);
    hyphen_range(s, cs, out);
    quote_comma(s, cs, out);
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\u{a0}'
}

fn stray_space(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let mut k = 0;
    while k < cs.len() {
        if !is_space(cs[k].1) {
            k += 1;
            continue;
        }
        let len = cs[k..].iter().take_while(|c| is_space(c.1)).count();
        let (prev, next) = (k.checked_sub(1).map(|i| cs[i].1), cs.get(k + len).map(|c| c.1));
        if let (Some(p), Some(n)) = (prev, next) {
            let digit = |c: char| c.is_ascii_digit();
            // 讲 1 次, 共 12 名; 党 建; but not "Word 文档" or "1 000".
            // Phone and account numbers (0571-8888, 13800000000) keep their spaces.
            let digits = cs[k + len..].iter().take_while(|c| digit(c.1)).count();
            let dash = k + len + digits;
            let number_like = digits > 4 || (cs.get(dash).is_some_and(|c| c.1 == '-') && cs.get(dash + 1..).unwrap_or(&[]).iter().take_while(|c| digit(c.1)).count() > 3);
            let around_digit = (digit(p) && is_cjk(n) && !matches!(n, '（' | '“' | '《')) || (is_cjk(p) && digit(n) && !number_like && !matches!(p, '）' | '”' | '》' | '：' | '；' | '，' | '。'));
            // A slogan's two halves keep their one space: a whole text or a
            // quotation of two phrases (“学雷锋当先锋 助力发展做贡献”, “身边案 警示人”).
            let left = cs[..k].iter().rev().take_while(|c| is_han(c.1)).count();
            let right = cs[k + 1..].iter().take_while(|c| is_han(c.1)).count();
            let opens = k.checked_sub(left + 1).is_none_or(|i| matches!(cs[i].1, '“' | '《' | '‘' | '"'));
            let closes = cs.get(k + 1 + right).is_none_or(|c| matches!(c.1, '”' | '》' | '’' | '"'));
            // Slogans are balanced (对仗): halves of 3–8 characters differing by one at most
            // (“加强基层党组织 建设工作” is one phrase split by a stray space).
            let balanced = (3..=8).contains(&left) && (3..=8).contains(&right) && left.abs_diff(right) <= 1;
            let slogan = len == 1 && cs[k].1 == ' ' && balanced && opens && closes;
            let inside_han = is_han(p) && is_han(n) && !slogan && !byline(cs, k, len) && !inside_name(cs, k);
            if around_digit || inside_han {
                let range = cs[k].0..end(s, cs, k + len - 1);
                let shown = if inside_han { format!("{p}□{n}") } else { format!("{p} {n}") };
                out.push(Hit::new(Rule::StraySpace, range, format!("“{shown}”之间多了空格"), "删去空格（中文排版中数字与汉字之间不加空格）").fix(""));
            }
        }
        k += len;
    }
}

/// Titles after which a space and a person's name follow in a byline
/// (林庄村党总支书记 张振华).
const TITLES: [&str; 18] = ["书记", "主任", "委员", "镇长", "乡长", "村长", "社长", "组长", "部长", "主席", "代表", "同志", "干事", "专干", "联系人", "撰稿人", "审核", "签发"];

/// A space between a title and a name of two to four characters ending the text or its clause.
fn byline(cs: &[(usize, char)], k: usize, len: usize) -> bool {
    let head: String = cs[..k].iter().map(|c| c.1).collect();
    let name = cs[k + len..].iter().take_while(|c| is_han(c.1)).count();
    let closed = cs.get(k + len + name).is_none_or(|c| c.1.is_whitespace() || "，、；（(".contains(c.1));
    TITLES.iter().any(|t| head.ends_with(t)) && (2..=4).contains(&name) && closed
}

/// A space inside quotation marks or 《》 (a quoted or project name,
/// “先锋张浦 乐居如意”). Two phrases standing alone without quotes are
/// the slogan case in [`stray_space`].
fn inside_name(cs: &[(usize, char)], k: usize) -> bool {
    let open = cs[..k].iter().rev().find(|c| matches!(c.1, '“' | '”' | '《' | '》')).map(|c| c.1);
    matches!(open, Some('“' | '《'))
}

fn hyphen_range(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    for k in 1..cs.len().saturating_sub(1) {
        if cs[k].1 != '-' {
            continue;
        }
        let left = cs[..k].iter().rev().take_while(|c| c.1.is_ascii_digit()).count();
        let right = cs[k + 1..].iter().take_while(|c| c.1.is_ascii_digit()).count();
        if left == 0 || right == 0 || left > 3 || right > 3 {
            continue; // 2024-07-05, phone numbers
        }
        let before = k.checked_sub(left + 1).map(|i| cs[i].1);
        let after = cs.get(k + 1 + right).map(|c| c.1);
        let clean_before = before.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-' && c != '.');
        if clean_before && after.is_some_and(is_han) {
            out.push(Hit::new(Rule::HyphenRange, cs[k].0..end(s, cs, k), "数值范围用了半角连字符“-”", "数值范围用浪纹线“～”，如“1～3次”").fix("～"));
        }
    }
}

fn quote_comma(s: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    for k in 1..cs.len().saturating_sub(1) {
        let (p, c, n) = (cs[k - 1].1, cs[k].1, cs[k + 1].1);
        if c == '、' && ((p == '”' && n == '“') || (p == '》' && n == '《')) && !item_goes_on(cs, k) {
            out.push(Hit::new(Rule::QuoteComma, cs[k].0..end(s, cs, k), format!("“{p}、{n}”：带引号或书名号的并列成分之间通常不用顿号"), "删去顿号（GB/T 15834—2011 第4.5.3.5条）").fix(""));
        }
    }
}

/// Whether the 、 at `k` separates two whole items: the quoted item after
/// it is only the start of an item (“两学一做”学习制度), whose head word the
/// quoted item before it ends with (“三会一课制度”). With a head word shared
/// by both (“三会一课”、“主题党日”制度) the 、 is still a finding.
fn item_goes_on(cs: &[(usize, char)], k: usize) -> bool {
    let (open, close) = if cs[k + 1].1 == '“' { ('“', '”') } else { ('《', '》') };
    let Some(end) = cs[k + 2..].iter().position(|c| c.1 == close) else { return false };
    let tail: Vec<char> = cs[k + 2 + end + 1..].iter().map(|c| c.1).take_while(|c| is_han(*c)).collect();
    let Some(start) = cs[..k - 1].iter().rposition(|c| c.1 == open) else { return false };
    let first: Vec<char> = cs[start + 1..k - 1].iter().map(|c| c.1).collect();
    tail.len() >= 2 && first.ends_with(&tail[tail.len() - 2..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> (Vec<&'static str>, String) {
        let cs: Vec<(usize, char)> = s.char_indices().collect();
        let mut hits = Vec::new();
        scan(s, &cs, &mut hits);
        let mut t = s.to_string();
        for h in hits.iter().rev() {
            t.replace_range(h.range.clone(), h.fix.as_deref().unwrap_or_default());
        }
        (hits.iter().map(|h| h.rule.id()).collect(), t)
    }

    #[test]
    fn spaces_hyphens_and_quote_commas() {
        assert_eq!(fixed("每年讲 1 次党课").1, "每年讲1次党课");
        assert_eq!(fixed("谈心谈话 1-3次").1, "谈心谈话1～3次");
        assert_eq!(fixed("落实“三会一课”、“主题党日”").1, "落实“三会一课”“主题党日”");
        assert_eq!(fixed("党 建工作").1, "党建工作");
        // A sentence after a title is not a byline; a space in a long run is not a name's.
        assert_eq!(fixed("由支部书记 讲党课。").1, "由支部书记讲党课。");
        assert_eq!(fixed("加强基层党组织 建设工作").1, "加强基层党组织建设工作");
        assert_eq!(fixed("组织 党员学习").1, "组织党员学习");
        assert_eq!(fixed("组织党员 开展学习，共20人").1, "组织党员开展学习，共20人");
    }

    #[test]
    fn ordinary_text_passes() {
        for s in ["林庄村党总支书记 张振华", "撰稿人 李明，审核 王强", "打造“先锋张浦 乐居如意”品牌", "先锋张浦 乐居如意", "落实“三会一课制度”、“两学一做”学习制度", "  今年以来，全镇", "使用 Word 文档", "2024-07-05召开", "G1-3号", "第1、2名", "电话 0571-8888", "“三会一课”和“主题党日”", "共1 000人", "（一） 抓学习", "学雷锋当先锋 助力发展做贡献", "围绕“身边案 警示人”主题"] {
            assert!(fixed(s).0.is_empty(), "{s}: {:?}", fixed(s).0);
        }
    }
}
