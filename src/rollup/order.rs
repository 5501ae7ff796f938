//! The order of unit names a Chinese reader expects: by the pinyin of each
//! character in turn (letters, then tone), as in a dictionary or a list of
//! names, not by code point (乙村 before 甲村). Characters without pinyin
//! (digits, Latin letters) sort by themselves; a name's full text breaks ties.

use pinyin::ToPinyin;

/// The sort key of a name.
pub fn key(name: &str) -> (Vec<(String, u8)>, String) {
    let chars = name
        .chars()
        .map(|c| match c.to_pinyin() {
            Some(p) => {
                let s = p.with_tone_num_end();
                let (letters, tone) = match s.char_indices().last() {
                    Some((i, d)) if d.is_ascii_digit() => (&s[..i], d as u8 - b'0'),
                    _ => (s, 0),
                };
                (letters.to_string(), tone)
            }
            None => (c.to_lowercase().collect(), 0),
        })
        .collect();
    (chars, name.to_string())
}

#[cfg(test)]
mod tests {
    use super::key;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_cached_key(|n| key(n));
        v
    }

    #[test]
    fn names_follow_pinyin_not_code_points() {
        // Code points would give 乙 (U+4E59), 丙 (U+4E19)… in another order.
        assert_eq!(sorted(&["乙村", "甲村", "丙村", "丁村"]), ["丙村", "丁村", "甲村", "乙村"]);
        assert_eq!(sorted(&["石桥村", "龙潭村", "白鹭镇", "青石镇"]), ["白鹭镇", "龙潭村", "青石镇", "石桥村"]);
        // Same letters: the tone decides (妈 mā before 马 mǎ).
        assert_eq!(sorted(&["马村", "妈村"]), ["妈村", "马村"]);
        assert_eq!(sorted(&["村10", "村02", "村01"]), ["村01", "村02", "村10"]);
    }
}
