//! The order of unit names a Chinese reader expects: by the pinyin of each
//! character in turn (letters, then tone), as in a dictionary or a list of
//! names, not by code point (乙村 before 甲村). Characters without pinyin
//! (digits, Latin letters) sort by themselves; a name's full text breaks ties.
//! Characters read differently in place names and surnames (长安, 曾家村)
//! take their reading from `templates/rollup/readings.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pinyin::ToPinyin;

/// Readings of place names and surnames (`templates/rollup/readings.toml`), built in.
fn readings() -> &'static BTreeMap<char, (String, u8)> {
    static READINGS: OnceLock<BTreeMap<char, (String, u8)>> = OnceLock::new();
    READINGS.get_or_init(|| {
        let table: BTreeMap<String, String> = toml::from_str(include_str!("../../templates/rollup/readings.toml")).unwrap_or_default();
        table.into_iter().filter_map(|(k, v)| Some((k.chars().next()?, split_tone(&v)))).collect()
    })
}

/// `zhong1` → (`zhong`, 1); no digit → tone 0.
fn split_tone(s: &str) -> (String, u8) {
    match s.char_indices().last() {
        Some((i, d)) if d.is_ascii_digit() => (s[..i].to_string(), d as u8 - b'0'),
        _ => (s.to_string(), 0),
    }
}

/// The sort key of a name.
pub fn key(name: &str) -> (Vec<(String, u8)>, String) {
    let chars = name
        .chars()
        .map(|c| match (readings().get(&c), c.to_pinyin()) {
            (Some(r), _) => r.clone(),
            (None, Some(p)) => split_tone(p.with_tone_num_end()),
            (None, None) => (c.to_lowercase().collect(), 0),
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

    #[test]
    fn place_names_use_their_own_readings() {
        let table = super::readings();
        assert!(table.len() >= 10, "{table:?}");
        // 长安 is cháng'ān: after 曹 (cáo), before 陈 (chén); the common zhǎng would put it after 张.
        assert_eq!(sorted(&["张村", "陈村", "长安村", "曹村"]), ["曹村", "长安村", "陈村", "张村"]);
        // 曾家村 is zēng: after 杨 (yáng).
        assert_eq!(sorted(&["曾家村", "杨家村"]), ["杨家村", "曾家村"]);
    }
}
