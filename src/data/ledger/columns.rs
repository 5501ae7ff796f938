//! A ledger worksheet's header row: which column holds the date, the kind,
//! the theme… The names clerks use (日期/时间, 类型/会议类型, 实到人数…) come
//! from `[columns]` of `templates/dangjian/ledger.toml`; the mapping is
//! reported by `check` when a column was read under another name.

use crate::data::kinds::KindTerms;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 日期.
    Date,
    /// 类别.
    Kind,
    /// 主题.
    Theme,
    /// 内容.
    Text,
    /// 参加人数.
    People,
    /// 数量.
    Count,
    /// 重点.
    Key,
    /// Known, deliberately not read (序号).
    Ignore,
}

impl Role {
    const ALL: [(Role, &'static str, &'static str); 8] = [
        (Role::Date, "date", "日期"),
        (Role::Kind, "kind", "类别"),
        (Role::Theme, "theme", "主题"),
        (Role::Text, "text", "内容"),
        (Role::People, "people", "参加人数"),
        (Role::Count, "count", "数量"),
        (Role::Key, "key", "重点"),
        (Role::Ignore, "ignore", ""),
    ];

    /// The column's standard Chinese name (日期…).
    pub fn zh(self) -> &'static str {
        Role::ALL.iter().find(|(r, ..)| *r == self).map_or("", |(_, _, z)| z)
    }

    fn from_key(key: &str) -> Option<Role> {
        Role::ALL.iter().find(|(_, k, _)| *k == key).map(|(r, ..)| *r)
    }
}

/// The columns of one worksheet.
#[derive(Debug, Default)]
pub struct Columns {
    /// (column index, role, header as written) of each column read.
    pub read: Vec<(usize, Role, String)>,
    /// Headers of columns not read (unknown names, or a second column of a role).
    pub unread: Vec<String>,
}

impl Columns {
    /// Maps a header row.
    pub fn map(header: &[String], terms: &KindTerms) -> Columns {
        let mut out = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let name = normalize(h);
            if name.is_empty() {
                continue;
            }
            let role = terms.columns.iter().find(|(_, names)| names.iter().any(|n| normalize(n) == name)).and_then(|(k, _)| Role::from_key(k));
            match role {
                Some(Role::Ignore) => {}
                Some(r) if !out.read.iter().any(|(_, x, _)| *x == r) => out.read.push((i, r, h.trim().to_string())),
                _ => out.unread.push(h.trim().to_string()),
            }
        }
        out
    }

    /// The column of a role.
    pub fn of(&self, role: Role) -> Option<usize> {
        self.read.iter().find(|(_, r, _)| *r == role).map(|(i, ..)| *i)
    }

    /// "“时间”读作日期，“会议类型”读作类别" for the columns read under another name; empty when all use the standard names.
    pub fn renamed(&self) -> String {
        let renamed: Vec<String> = self.read.iter().filter(|(_, r, h)| normalize(h) != r.zh()).map(|(_, r, h)| format!("“{h}”读作{}", r.zh())).collect();
        renamed.join("，")
    }
}

/// A header without spaces, a trailing colon or a bracketed note (重点（是/否） → 重点).
fn normalize(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in h.chars() {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() && c != ':' && c != '：' && c != '*' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_notes_and_unknown_columns() {
        let terms = crate::compose::Templates::builtin().unwrap().catalogue.kinds;
        let header: Vec<String> = ["序号", "时间", "会议类型", "议题", "主要内容", "实到人数", "重点（是/否）", "地点", "日期"].map(String::from).to_vec();
        let c = Columns::map(&header, &terms);
        assert_eq!(c.of(Role::Date), Some(1));
        assert_eq!(c.of(Role::Kind), Some(2));
        assert_eq!(c.of(Role::People), Some(5));
        assert_eq!(c.of(Role::Key), Some(6));
        assert_eq!(c.unread, ["地点", "日期"]);
        assert!(c.renamed().starts_with("“时间”读作日期，“会议类型”读作类别"), "{}", c.renamed());
        assert!(!c.renamed().contains("重点"));
    }
}
