//! Self-reference ([`Rule::SelfReference`]): a report calls its unit 我镇,
//! 我乡, 我街道, 我村 or 我社区, and names its party committee 党委 (镇, 乡)
//! or 党工委 (街道). Another kind at the same level (我乡 in a 镇 report),
//! a lower one (我村 in a 镇 report) or the wrong committee (镇党工委) is
//! left over from someone else's report. The unit's kind comes from the
//! title or 落款, else from the clear majority of the report's own 我X.

use crate::import::Kind;

use super::{Hit, Rule, Severity};

/// Level of a kind: 1 township level, 2 village level.
fn level(k: Kind) -> u8 {
    match k {
        Kind::Town | Kind::Xiang | Kind::Street => 1,
        Kind::Village | Kind::Community => 2,
    }
}

/// Every 我X in `s`: byte range and kind.
fn mentions(s: &str) -> Vec<(std::ops::Range<usize>, Kind)> {
    let mut out = Vec::new();
    for (i, _) in s.match_indices('我') {
        let rest = &s[i + '我'.len_utf8()..];
        // 我乡镇 / 我村镇 / 我镇村 name several kinds at once: no claim.
        if ["乡镇", "村镇", "镇村", "村居", "村（社区）", "村(社区)"].iter().any(|w| rest.starts_with(w)) {
            continue;
        }
        if let Some(k) = Kind::ALL.into_iter().find(|k| rest.starts_with(k.zh())) {
            out.push((i..i + '我'.len_utf8() + k.zh().len(), k));
        }
    }
    out
}

/// The hits of all lines (line index, hit, severity) given the unit's kind, if known.
pub fn check(lines: &[&str], kind: Option<Kind>) -> Vec<(usize, Hit, Severity)> {
    let all: Vec<(usize, std::ops::Range<usize>, Kind)> = lines.iter().enumerate().flat_map(|(n, l)| mentions(l).into_iter().map(move |(r, k)| (n, r, k))).collect();
    let own = kind.or_else(|| {
        // The clear majority (at least 3 and three quarters) of township-level 我X.
        let town: Vec<Kind> = all.iter().map(|a| a.2).filter(|k| level(*k) == 1).collect();
        Kind::ALL.into_iter().find(|k| {
            let n = town.iter().filter(|x| *x == k).count();
            n >= 3 && n * 4 >= town.len() * 3
        })
    });
    let mut out = Vec::new();
    // A branch calling itself 我支部/我总支 is village level even without a unit name.
    let branch = lines.iter().any(|l| ["我总支", "我支部", "我党支部", "我党总支"].iter().any(|w| l.contains(w)));
    if let Some(own) = own {
        for (n, r, k) in &all {
            if *k != own && level(*k) >= level(own) {
                let msg = format!("本报告是{}的报告，这里却自称“我{}”", own.zh(), k.zh());
                out.push((*n, Hit::new(Rule::SelfReference, r.clone(), msg, format!("改为“我{}”，或检查是否沿用了别的单位的材料", own.zh())), Severity::Error));
            } else if level(own) == 2 && level(*k) == 1 {
                let msg = format!("村级组织的报告中自称“我{}”", k.zh());
                out.push((*n, Hit::new(Rule::SelfReference, r.clone(), msg, format!("指乡镇时写“全{}”或“{}党委”，指本村时写“我{}”", k.zh(), k.zh(), own.zh())), Severity::Warning));
            }
        }
    } else if branch {
        for (n, r, k) in all.iter().filter(|a| level(a.2) == 1) {
            let msg = format!("党支部（总支）的报告中自称“我{}”", k.zh());
            out.push((*n, Hit::new(Rule::SelfReference, r.clone(), msg, "指乡镇时写“全镇”或“镇党委”，指本单位时写“我支部”“我村”".to_string()), Severity::Warning));
        }
    }
    for (n, l) in lines.iter().enumerate() {
        for (wrong, right, why) in [("镇党工委", "镇党委", "乡镇设党委"), ("乡党工委", "乡党委", "乡镇设党委"), ("街道党委", "街道党工委", "街道设党工委")] {
            for (i, _) in l.match_indices(wrong) {
                let hit = Hit::new(Rule::SelfReference, i..i + wrong.len(), format!("“{wrong}”：{why}"), format!("改为“{right}”"));
                out.push((n, hit, Severity::Error));
            }
        }
    }
    out
}

/// One level-vocabulary entry of `templates/lint/levels.toml`.
#[derive(Debug, serde::Deserialize)]
struct Word {
    kind: String,
    words: Vec<String>,
    right: String,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Levels {
    #[serde(default)]
    word: Vec<Word>,
}

fn levels() -> &'static [Word] {
    static LEVELS: std::sync::OnceLock<Levels> = std::sync::OnceLock::new();
    &LEVELS.get_or_init(|| toml::from_str(include_str!("../../templates/lint/levels.toml")).unwrap_or(Levels { word: Vec::new() })).word
}

/// Words of another level in a report of `kind` (村干部 in a 社区 report,
/// 党委书记 in a 村 report that never says 村党委): warnings with the level's word.
pub fn vocabulary(lines: &[&str], kind: Kind) -> Vec<(usize, Hit, Severity)> {
    let mut out = Vec::new();
    for w in levels().iter().filter(|w| w.kind == kind.zh()) {
        if w.unless.as_ref().is_some_and(|u| lines.iter().any(|l| l.contains(u.as_str()))) {
            continue;
        }
        for (n, l) in lines.iter().enumerate() {
            let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
            for word in &w.words {
                for (i, _) in l.match_indices(word.as_str()) {
                    let range = i..i + word.len();
                    if w.not_after.iter().any(|p| l[..i].ends_with(p.as_str())) || taken.iter().any(|t| t.start < range.end && range.start < t.end) {
                        continue;
                    }
                    taken.push(range.clone());
                    let msg = format!("{}的报告中写“{word}”", kind.zh());
                    out.push((n, Hit::new(Rule::SelfReference, range, msg, format!("{}一级应写“{}”；如确是本单位的说法可不改", kind.zh(), w.right)), Severity::Warning));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lines: &[&str], kind: Option<Kind>) -> Vec<String> {
        check(lines, kind).into_iter().map(|(n, h, _)| lines[n][h.range].to_string()).collect()
    }

    #[test]
    fn other_kinds_are_flagged() {
        assert_eq!(found(&["我镇党员", "推动我乡发展", "我村"], Some(Kind::Town)), ["我乡", "我村"]);
        assert_eq!(found(&["在镇党工委领导下"], None), ["镇党工委"]);
        // Without a unit, the clear majority decides.
        assert_eq!(found(&["我镇", "我镇", "我镇", "我乡"], None), ["我乡"]);
        assert!(found(&["我镇", "我乡"], None).is_empty());
    }

    #[test]
    fn words_of_another_level_are_warned() {
        let words = |lines: &[&str], kind| vocabulary(lines, kind).into_iter().map(|(n, h, _)| lines[n][h.range].to_string()).collect::<Vec<_>>();
        assert_eq!(words(&["组织村干部和村民小组长学习"], Kind::Community), ["村干部", "村民小组"]);
        assert_eq!(words(&["社区党工委召开会议"], Kind::Community), ["社区党工委"]);
        assert!(words(&["在街道党工委领导下", "社区干部、居民小组长"], Kind::Community).is_empty());
        assert_eq!(words(&["党委书记带头讲党课"], Kind::Village), ["党委书记"]);
        assert!(words(&["镇党委书记到村调研"], Kind::Village).is_empty());
        assert!(words(&["村党委书记带头讲党课", "党委书记"], Kind::Village).is_empty(), "a village that states 村党委 has one");
        assert!(words(&["组织村干部学习"], Kind::Town).is_empty());
    }

    #[test]
    fn consistent_reports_pass() {
        assert!(found(&["我镇党委", "我镇各村", "我乡镇干部", "指导我镇村（社区）"], Some(Kind::Town)).is_empty());
        assert!(found(&["我村党支部", "按照镇党委部署"], Some(Kind::Village)).is_empty());
        assert!(found(&["街道党工委", "我街道"], Some(Kind::Street)).is_empty());
    }
}
