//! The writing data of `templates/dangjian/writing.toml` and `drafts.toml`:
//! per-level variants of the genre's framing, practice and effect sentences
//! and of drafted problems and plans, the level group of a sheet (镇乡,
//! 街道, 村, 社区, inferred from the names when `level` is absent), and the
//! stable per-sheet choice among variants (a hash, never randomness).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::data::DataSheet;

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

/// A finalizer over a stable hash (splitmix64's), so that the low bits used
/// to choose among a few variants depend on every input byte.
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Variants per level group (`all`, `town`, `street`, `village`, `community`).
pub type Variants = BTreeMap<String, Vec<String>>;

/// The four kinds of unit the wording distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// 镇、乡.
    Town,
    /// 街道.
    Street,
    /// 村.
    Village,
    /// 社区.
    Community,
}

impl Group {
    /// The group of a level word (镇, 乡, 街道, 村, 社区).
    pub fn of(level: &str) -> Group {
        match level {
            "街道" => Group::Street,
            "村" => Group::Village,
            "社区" => Group::Community,
            _ => Group::Town,
        }
    }

    /// Keys looked up in a [`Variants`] table, most specific first.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Group::Town => &["town", "all"],
            Group::Street => &["street", "all"],
            Group::Village => &["village", "all"],
            Group::Community => &["community", "village", "all"],
        }
    }

    /// Its key in `[vocab]`.
    pub fn key(self) -> &'static str {
        self.keys()[0]
    }
}

/// The variants of a table for a group (empty when none apply).
pub fn variants(v: &Variants, group: Group) -> &[String] {
    group.keys().iter().find_map(|k| v.get(*k).filter(|l| !l.is_empty())).map_or(&[], Vec::as_slice)
}

/// 镇/乡/街道/村/社区: the sheet's `level`, else the end of the place name,
/// else what the unit's full name says (中共龙潭村支部委员会 → 村).
pub fn level_of(ds: &DataSheet) -> String {
    if ds.sheet.unit.level.is_some() {
        return ds.level().to_string();
    }
    const ENDS: [&str; 5] = ["街道", "社区", "镇", "乡", "村"];
    let area = ds.area();
    if let Some(l) = ENDS.iter().find(|s| area.ends_with(*s)) {
        return l.to_string();
    }
    let name = ds.unit_name().trim_end_matches("委员会").trim_end_matches("工作").trim_end_matches("总支部").trim_end_matches("支部");
    ENDS.iter().find(|s| name.ends_with(*s)).or_else(|| ENDS.iter().find(|s| name.contains(*s))).map_or_else(|| ds.level().to_string(), |l| l.to_string())
}

/// What a village or community unit is, which decides what its counted
/// organisations are: a lone 党支部 has 党小组 under it; a 党总支 or a
/// 村/社区党委 has 党支部 (and speaks of itself, not of a 支部书记).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A township, 街道 or other unit of its own level.
    Own,
    /// A 村/社区党支部.
    Branch,
    /// A 村/社区党总支 or 党委.
    Parent,
}

impl Unit {
    /// The kind of unit by its full name (中共柳溪村支部委员会) and the
    /// name it uses for itself (村党总支).
    pub fn of(group: Group, name: &str, short: &str) -> Unit {
        if !matches!(group, Group::Village | Group::Community) {
            return Unit::Own;
        }
        let lone = |s: &str| s.contains("支部") && !s.contains("总支");
        if lone(name) || (!name.contains("委员会") && lone(short)) { Unit::Branch } else { Unit::Parent }
    }

    /// How many times a 支部工作条例 minimum applies for a meeting figure:
    /// once per counted organisation (`branches`), except in a lone
    /// 支部, whose `branches` are 党小组 — only 党小组会 is per group there.
    pub fn minimum_units(self, key: &str, branches: f64) -> f64 {
        match self {
            Unit::Branch if key != "group_meetings" => 1.0,
            _ => branches,
        }
    }

    /// The unit of a sheet (its level's group, its full and short names).
    pub fn of_sheet(ds: &crate::data::DataSheet) -> Unit {
        let short = ds.sheet.unit.short.as_ref().map_or("", |s| s.get_ref().as_str());
        Unit::of(Group::of(&level_of(ds)), ds.unit_name(), short)
    }

    /// Its `[say]` keys in writing.toml.
    fn keys(self, _group: Group) -> &'static [&'static str] {
        match self {
            Unit::Own => &[],
            Unit::Branch => &["branch"],
            Unit::Parent => &["parent"],
        }
    }
}

/// Stable choice among variants for one sheet: each slot (an id such as
/// `politics.frame`) gets its own hash of the sheet's seed.
#[derive(Debug, Clone, Copy)]
pub struct Chooser {
    /// The sheet's seed.
    pub seed: u64,
}

impl Chooser {
    /// The variant of a slot ("" when there is none).
    pub fn pick<'a>(&self, id: &str, list: &'a [String]) -> &'a str {
        if list.is_empty() {
            return "";
        }
        let h = mix(stable_hash(&[&self.seed.to_string(), id]));
        &list[(h % list.len() as u64) as usize]
    }

    /// The `n`-th of several distinct variants drawn from one list: each
    /// draw hashes on its own, skipping variants already drawn.
    pub fn pick_nth<'a>(&self, id: &str, list: &'a [String], n: usize) -> &'a str {
        if list.is_empty() {
            return "";
        }
        let mut taken: Vec<usize> = Vec::new();
        for k in 0..=n.min(list.len() - 1) {
            let h = mix(stable_hash(&[&self.seed.to_string(), id, &k.to_string()])) as usize;
            let mut i = h % list.len();
            while taken.contains(&i) {
                i = (i + 1) % list.len();
            }
            taken.push(i);
        }
        &list[*taken.last().unwrap_or(&0)]
    }
}

/// Words that differ by level.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocab {
    /// 各基层党组织 / 支部 …
    pub orgs: String,
    /// 党员干部 / 党员.
    pub cadres: String,
}

/// Fills the words of a sentence: {short} {whole} {orgs} {cadres}.
#[derive(Debug, Clone)]
pub struct Words {
    /// 镇党委.
    pub short: String,
    /// 全镇.
    pub whole: String,
    /// Level vocabulary.
    pub vocab: Vocab,
}

impl Words {
    /// A text with the level's own words (镇党委, 各基层党组织, 党员干部)
    /// cut out: what is left of it can be a formula.
    pub fn plain(&self, text: &str) -> String {
        [&self.short, &self.vocab.orgs, &self.vocab.cadres].iter().fold(text.to_string(), |t, w| if w.is_empty() { t } else { t.replace(w.as_str(), "，") })
    }

    /// The sentence with its words filled.
    pub fn fill(&self, text: &str) -> String {
        text.replace("{short}", &self.short).replace("{whole}", &self.whole).replace("{orgs}", &self.vocab.orgs).replace("{cadres}", &self.vocab.cadres)
    }
}

/// A practice: the figures it carries, its short title and method clause.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeDef {
    /// Figure keys, in the order they are written.
    #[serde(default)]
    pub figures: Vec<String>,
    /// Short titles (一是抓实理论武装).
    pub title: Variants,
    /// Method clauses before the figures (坚持集体学习制度，).
    #[serde(default)]
    pub lead: Variants,
    /// Titles naming a particular work, and the figures one of which must
    /// be under them (推进矛盾纠纷化解 → disputes_resolved).
    #[serde(default)]
    pub needs: BTreeMap<String, Vec<String>>,
}

/// How a catalogue block is written from figures.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockWriting {
    /// Block to join when this one has one or two figures.
    #[serde(default)]
    pub fold_into: Option<String>,
    /// Section headings.
    #[serde(default)]
    pub title: Variants,
    /// Framing sentences.
    #[serde(default)]
    pub frame: Variants,
    /// Effect sentences.
    #[serde(default)]
    pub effect: Variants,
    /// Practices, in order.
    #[serde(default)]
    pub practices: Vec<PracticeDef>,
    /// Words of a `[[work]]` title on this block's theme (廉, 纪): the
    /// block's unwritten figures join that work block, not a new section.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// `writing.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WritingBank {
    /// Vocabulary per group key.
    pub vocab: BTreeMap<String, Vocab>,
    /// Per catalogue block.
    pub blocks: BTreeMap<String, BlockWriting>,
    /// The practice for figures no practice lists: no title (a title
    /// naming nothing would be a catch-all), an optional method clause.
    #[serde(default)]
    pub rest: PracticeDef,
    /// Per group key, figure key → `say` patterns replacing the catalogue's.
    #[serde(default)]
    pub say: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// How a section's only point is led in when it follows other text of
    /// the paragraph ("在{title}方面，"); empty: its title as a sentence.
    #[serde(default)]
    pub lone_point: String,
    /// How many activities are cited per figure or block.
    #[serde(default)]
    pub cite: super::citing::CiteRule,
}

impl WritingBank {
    /// The lead of a section's only point: `lone_point` around a short,
    /// single-clause title; otherwise the title as a run-in sentence.
    pub fn lone_lead(&self, title: &str) -> Option<String> {
        let t = title.trim().trim_end_matches(['。', '；', '：', '，']);
        let simple = !t.is_empty() && t.chars().count() <= 14 && !t.contains(['，', '。', '；', '：', '、', '？', '！']);
        (simple && self.lone_point.contains("{title}")).then(|| self.lone_point.replace("{title}", t))
    }
}

impl WritingBank {
    /// The catalogue block whose `keywords` a section title names (理论 →
    /// politics), if any.
    pub fn block_of_title(&self, title: &str) -> Option<String> {
        self.blocks.iter().find(|(_, b)| b.keywords.iter().any(|k| title.contains(k.as_str()))).map(|(k, _)| k.clone())
    }

    /// Parses `writing.toml`.
    pub fn parse(text: &str) -> Result<WritingBank, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The level's vocabulary.
    pub fn vocab(&self, group: Group) -> Vocab {
        self.vocab.get(group.key()).or_else(|| self.vocab.get("town")).cloned().unwrap_or_default()
    }

    /// The level's own `say` patterns of a figure, if any; a village or
    /// community unit's own kind (`Unit`) comes first.
    pub fn say(&self, group: Group, unit: Unit, key: &str) -> Option<&[String]> {
        unit.keys(group).iter().chain(group.keys()).find_map(|g| self.say.get(*g).and_then(|m| m.get(key))).map(Vec::as_slice).filter(|l| !l.is_empty())
    }
}

/// A drafted problem kind or a plan kind: titles and texts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftDef {
    /// The plan answering this problem (problems only).
    #[serde(default)]
    pub plan: String,
    /// Titles.
    pub title: Variants,
    /// Texts ({facts} for problems from figures).
    pub text: Variants,
    /// Words the report may not claim where the figures show this problem
    /// (严格落实 beside 三会一课 below the minimums).
    #[serde(default)]
    pub contradicts: Vec<String>,
    /// The other direction, for the standard problems the figures do not
    /// show: the sheet's facts that speak against a line of this problem
    /// (志愿服务的主动性还不够高 beside the year's volunteer activities).
    #[serde(default)]
    pub contradicted_by: Vec<Against>,
}

/// Facts of a sheet that speak against a drafted line (`drafts.toml`
/// `contradicted_by`): the line is left out when one of them holds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Against {
    /// The line's words: a title or text holding them is left out (empty:
    /// every line, so the whole problem and its plan).
    #[serde(default)]
    pub says: String,
    /// Activity kinds (a figure key or a block) of the version's activities.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Words in an activity's kind, theme or text, or in a point the clerk
    /// wrote; with `kinds`, an activity must be of a kind and hold a word.
    #[serde(default)]
    pub words: Vec<String>,
    /// How many such activities it takes (1 unless given).
    #[serde(default)]
    pub at_least: Option<usize>,
    /// Figures that went up against last year.
    #[serde(default)]
    pub figures: Vec<String>,
    /// Figures the version states above 0 (the report cites them).
    #[serde(default)]
    pub stated: Vec<String>,
}

/// `drafts.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBank {
    /// Problems drafted.
    pub problems: usize,
    /// Plans drafted, per group key.
    pub plans: BTreeMap<String, usize>,
    /// The county's line for a village's collective income, 万元.
    pub income_line: f64,
    /// 支部工作条例 minimums: figure key → at least once every N months per branch.
    pub minimum_months: BTreeMap<String, u32>,
    /// Problems found in the figures, by kind (sanhui, young, income, decline).
    pub problems_from_figures: BTreeMap<String, DraftDef>,
    /// The level's standard problems.
    pub standard: Vec<DraftDef>,
    /// Plan kinds used to fill up, in order.
    pub standing: Vec<String>,
    /// Plans by kind.
    pub plans_by_kind: BTreeMap<String, DraftDef>,
}

impl DraftBank {
    /// Parses `drafts.toml`.
    pub fn parse(text: &str) -> Result<DraftBank, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_lead_only_for_short_single_clause_titles() {
        let w = WritingBank { lone_point: "在{title}方面，".into(), ..Default::default() };
        assert_eq!(w.lone_lead("压实“两个责任”。").as_deref(), Some("在压实“两个责任”方面，"));
        assert_eq!(w.lone_lead("强化政治引领，筑牢思想根基"), None);
        assert_eq!(w.lone_lead("从返乡大学生致富能手退役军人中储备后备力量"), None);
        assert_eq!(w.lone_lead(""), None);
        assert_eq!(WritingBank::default().lone_lead("修路"), None);
    }

    #[test]
    fn built_in_data_parses_and_covers_every_group() {
        let w = WritingBank::parse(include_str!("../../templates/dangjian/writing.toml")).unwrap();
        let d = DraftBank::parse(include_str!("../../templates/dangjian/drafts.toml")).unwrap();
        for g in [Group::Town, Group::Street, Group::Village, Group::Community] {
            for (key, b) in &w.blocks {
                assert!(variants(&b.title, g).len() >= 3, "{key} titles for {g:?}");
                assert!(variants(&b.frame, g).len() >= 3, "{key} frames for {g:?}");
                assert!(variants(&b.effect, g).len() >= 3, "{key} effects for {g:?}");
                for p in &b.practices {
                    assert!(variants(&p.title, g).len() >= 2, "{key} practice titles for {g:?}");
                }
            }
            for s in &d.standard {
                assert!(d.plans_by_kind.contains_key(&s.plan));
                assert!(!variants(&s.text, g).is_empty());
            }
        }
        // Every `says` names words of one of its problem's lines (a typo
        // would silently deny nothing).
        for s in &d.standard {
            let lines: Vec<&String> = s.title.values().chain(s.text.values()).flatten().collect();
            for a in &s.contradicted_by {
                assert!(lines.iter().any(|l| l.contains(&a.says)), "{}: {}", s.plan, a.says);
            }
        }
        for g in [Group::Town, Group::Street, Group::Village, Group::Community] {
            assert!(d.plans.contains_key(g.key()));
        }
        for kind in d.problems_from_figures.values().map(|p| &p.plan).chain(&d.standing) {
            assert!(d.plans_by_kind.contains_key(kind), "{kind}");
        }
    }

    #[test]
    fn community_falls_back_to_village_then_all() {
        let mut v = Variants::new();
        v.insert("all".into(), vec!["甲".into()]);
        assert_eq!(variants(&v, Group::Community), ["甲"]);
        v.insert("village".into(), vec!["乙".into()]);
        assert_eq!(variants(&v, Group::Community), ["乙"]);
        assert_eq!(variants(&v, Group::Street), ["甲"]);
    }

    #[test]
    fn a_units_counted_organisations_follow_what_it_is() {
        assert_eq!(Unit::of(Group::Village, "中共柳溪村支部委员会", "村党组织"), Unit::Branch);
        assert_eq!(Unit::of(Group::Village, "中共柳溪村总支部委员会", "村党总支"), Unit::Parent);
        assert_eq!(Unit::of(Group::Community, "中共桂花社区委员会", "社区党委"), Unit::Parent);
        assert_eq!(Unit::of(Group::Community, "中共桂花社区支部委员会", "社区党支部"), Unit::Branch);
        assert_eq!(Unit::of(Group::Town, "中共青山镇委员会", "镇党委"), Unit::Own);
        let w = WritingBank::parse(include_str!("../../templates/dangjian/writing.toml")).unwrap();
        let say = |g, u| w.say(g, u, "branches").unwrap().join("|");
        assert!(say(Group::Village, Unit::Parent).contains("党支部") && !say(Group::Village, Unit::Parent).contains("党小组"));
        assert!(say(Group::Community, Unit::Parent).contains("党支部"));
        assert!(say(Group::Community, Unit::Branch).contains("党小组"));
        assert!(!w.say(Group::Community, Unit::Parent, "secretary_lectures").unwrap().join("|").contains("支部书记"));
    }

    #[test]
    fn chooser_is_stable_and_spreads() {
        let list: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let picks: std::collections::BTreeSet<&str> = (0..40).map(|s| Chooser { seed: s }.pick("x", &list)).collect();
        assert_eq!(picks.len(), 4);
        assert_eq!(Chooser { seed: 3 }.pick("x", &list), Chooser { seed: 3 }.pick("x", &list));
        let c = Chooser { seed: 9 };
        assert_ne!(c.pick_nth("y", &list, 0), c.pick_nth("y", &list, 1));
    }
}
