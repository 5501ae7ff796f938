//! Problems and plans drafted when a sheet has none (`drafts.toml`): first
//! what the figures show (三会一课 below the 支部工作条例 minimums, few young
//! new members, a village's collective income below the county's line, a
//! decline against last year), stated with the sheet's own numbers; then the
//! genre's standard problems of the level; plans answer the problems and add
//! the next period's standing work. A standard line the sheet's own facts
//! speak against (`contradicted_by`: its activities, points, figures that
//! went up) is left out, and a problem left without a line is not drafted,
//! nor its plan. The checker announces drafted text (rule `drafted-text`)
//! so the user reviews it.

use std::cell::RefCell;

use super::model::ItemContext;
use super::echo;
use super::phrases::{Writer, amount};
use super::wording::{Against, Chooser, DraftBank, DraftDef, Group, Unit, Variants, Words, variants};
use crate::data::catalogue::Better;
use crate::data::{ActivityKind, DataSheet, Kind, Period, format_number};

/// Whether a version's problems and plans are drafted (the sheet gives
/// none for that version).
pub fn drafted(ds: &DataSheet, period: Period) -> (bool, bool) {
    let plans = ds.sheet.plans.iter().any(|p| p.next.as_ref().is_none_or(|n| n.get_ref().shown_in(period)));
    (ds.sheet.problems.is_empty(), !plans)
}

/// Drafts problems and plans for one version.
pub struct Drafter<'a> {
    /// Drafting data.
    pub bank: &'a DraftBank,
    /// The level group.
    pub group: Group,
    /// Words of the level.
    pub words: &'a Words,
    /// Per-sheet variant choice.
    pub choose: Chooser,
    /// What the unit is (a 支部 counts 党小组, not branches to multiply by).
    pub unit: Unit,
    /// General text said so far: a drafted item repeats none of its formulas.
    pub said: &'a RefCell<echo::Said>,
}

impl Drafter<'_> {
    fn item(&self, id: &str, def: &DraftDef, facts: &str) -> ItemContext {
        self.item_but(id, def, facts, &[])
    }

    /// An item whose title and text hold none of `denied` (the words of
    /// lines the sheet's facts speak against).
    fn item_but(&self, id: &str, def: &DraftDef, facts: &str, denied: &[&str]) -> ItemContext {
        let title = self.fresh(&format!("{id}.title"), &def.title, denied);
        let text = self.fresh(&format!("{id}.text"), &def.text, denied).replace("{facts}", facts);
        ItemContext::new(title, text)
    }

    /// The slot's usual variant unless it repeats a formula already said
    /// (作为首要政治任务 in the opening), then the next that does not; never
    /// one holding `denied` words.
    fn fresh(&self, id: &str, v: &Variants, denied: &[&str]) -> String {
        let all = variants(v, self.group);
        let kept: Vec<String>;
        let list = if denied.is_empty() {
            all
        } else {
            kept = all.iter().filter(|l| self.allows(l, denied)).cloned().collect();
            &kept[..]
        };
        let filled: Vec<String> = (0..list.len()).map(|n| self.words.fill(self.choose.pick_nth(id, list, n))).collect();
        let chosen = echo::freshest(&filled, &self.said.borrow(), "", |s| self.words.plain(s)).cloned().unwrap_or_default();
        self.said.borrow_mut().add(&self.words.plain(&chosen));
        chosen
    }

    /// The problems the figures show, at most `max`: (items, the plan
    /// kinds answering them).
    pub fn from_figures(&self, ds: &DataSheet, writer: &mut Writer, max: usize) -> (Vec<ItemContext>, Vec<String>) {
        let mut found: Vec<(&str, String)> = Vec::new();
        // Figures the income problem already states are not declines again.
        let stated: Vec<&str> = if self.income(ds, writer.period).is_some() { vec!["collective_income"] } else { Vec::new() };
        for (kind, facts) in [("sanhui", self.sanhui(ds, writer, writer.period)), ("young", self.young(ds, writer.period)), ("income", self.income(ds, writer.period)), ("decline", self.decline(ds, writer, &stated))] {
            if let Some(f) = facts
                && found.len() < max {
                    found.push((kind, f));
                }
        }
        let mut items = Vec::new();
        let mut plans = Vec::new();
        for (kind, facts) in &found {
            if let Some(def) = self.bank.problems_from_figures.get(*kind) {
                items.push(self.item(&format!("problem.{kind}"), def, facts));
                plans.push(def.plan.clone());
            }
        }
        (items, plans)
    }

    /// Plans answering the plan `kinds` (no standing work added).
    pub fn answers(&self, kinds: &[String]) -> Vec<ItemContext> {
        kinds.iter().filter_map(|k| self.bank.plans_by_kind.get(k).map(|d| self.item(&format!("plan.{k}"), d, ""))).collect()
    }

    /// Problems, with the plan kinds that answer them: those the figures
    /// show, then the level's standard ones the sheet's facts leave standing.
    pub fn problems(&self, ds: &DataSheet, writer: &mut Writer) -> (Vec<ItemContext>, Vec<String>) {
        let (mut items, mut plans) = self.from_figures(ds, writer, self.bank.problems.saturating_sub(1));
        let n = self.bank.standard.len();
        let start = (super::phrases::mix(self.choose.seed) % n.max(1) as u64) as usize;
        for i in 0..n {
            if items.len() >= self.bank.problems {
                break;
            }
            let def = &self.bank.standard[(start + i) % n];
            if plans.contains(&def.plan) {
                continue;
            }
            let denied: Vec<&str> = def.contradicted_by.iter().filter(|a| speaks_against(ds, writer.period, a)).map(|a| a.says.as_str()).collect();
            let open = |v: &Variants| variants(v, self.group).iter().any(|l| self.allows(l, &denied));
            if !open(&def.title) || !open(&def.text) {
                continue;
            }
            items.push(self.item_but(&format!("problem.{}", def.plan), def, "", &denied));
            plans.push(def.plan.clone());
        }
        (items, plans)
    }

    /// Whether a line (as the level's words fill it) holds none of the
    /// `denied` words; an empty word denies every line.
    fn allows(&self, line: &str, denied: &[&str]) -> bool {
        let line = self.words.fill(line);
        !denied.iter().any(|d| d.is_empty() || line.contains(d))
    }

    /// Words the work part may not claim because the figures show a
    /// problem (drafts.toml `contradicts`), whether or not it is drafted.
    pub fn contradicted(&self, ds: &DataSheet, writer: &Writer) -> Vec<String> {
        let period = writer.period;
        let found = [("sanhui", self.sanhui(ds, writer, period).is_some()), ("young", self.young(ds, period).is_some()), ("income", self.income(ds, period).is_some())];
        found.iter().filter(|(_, f)| *f).filter_map(|(k, _)| self.bank.problems_from_figures.get(*k)).flat_map(|d| d.contradicts.clone()).collect()
    }

    /// Plans answering `kinds`, filled up with the standing work.
    pub fn plans(&self, kinds: &[String]) -> Vec<ItemContext> {
        let want = self.bank.plans.get(self.group.key()).copied().unwrap_or(3);
        let mut chosen: Vec<&str> = Vec::new();
        for k in kinds.iter().chain(&self.bank.standing) {
            if chosen.len() < want && !chosen.contains(&k.as_str()) && self.bank.plans_by_kind.contains_key(k) {
                chosen.push(k);
            }
        }
        chosen.into_iter().map(|k| self.item(&format!("plan.{k}"), &self.bank.plans_by_kind[k], "")).collect()
    }

    /// 三会一课 below the minimums, in the sheet's own numbers.
    fn sanhui(&self, ds: &DataSheet, writer: &Writer, period: Period) -> Option<String> {
        let cat = writer.cat;
        let months = period.last_month();
        let branches = ds.figures.get("branches").and_then(|b| b.value(period)).filter(|b| *b >= 1.0).map_or(1.0, f64::round);
        let mut said = Vec::new();
        let mut needs = Vec::new();
        let mut per_unit = 1.0;
        for (key, every) in &self.bank.minimum_months {
            let Some(f) = ds.figures.get(key) else { continue };
            let Some(v) = f.value(period) else { continue };
            let units = self.unit.minimum_units(key, branches);
            let need = f64::from(months / every.max(&1)) * units;
            if v < need && said.len() < 2 {
                let say = if v == 0.0 {
                    format!("没有{}的记录", f.label)
                } else {
                    cat.figure(key).and_then(|d| d.say_village.first().or(d.say.first())).map_or("{label}{v}{unit}", String::as_str).replace("{label}", &f.label).replace("{v}", &format_number(v)).replace("{unit}", &f.unit)
                };
                said.push(super::phrases::Clause { body: say, tail: Vec::new() });
                needs.push(format!("{}{}", format_number(need), f.unit));
                per_unit = f64::max(per_unit, units);
            }
        }
        if said.is_empty() {
            return None;
        }
        let time = if period == Period::H1 { "上半年" } else { "全年" };
        let per = match (per_unit > 1.0, self.unit) {
            (false, _) => String::new(),
            (true, Unit::Branch) => format!("按{}个党小组计，", format_number(per_unit)),
            (true, _) => format!("按{}个党组织计，", format_number(per_unit)),
        };
        let rule = "《中国共产党支部工作条例（试行）》规定的";
        let need = if needs.len() == 1 { format!("少于{rule}{}", needs[0]) } else { format!("分别少于{rule}{}", needs.join("、")) };
        Some(format!("{time}{}，{per}{need}", writer.join(&said)))
    }

    /// Few young members among those developed (full year only).
    fn young(&self, ds: &DataSheet, period: Period) -> Option<String> {
        if period != Period::Year {
            return None;
        }
        let n = ds.figures.get("new_members")?.value(period)?;
        if n == 0.0 {
            return Some("全年未发展党员".into());
        }
        let y = ds.figures.get("new_members_young")?.value(period)?;
        // No “其中35岁以下0名”: none is said in words.
        let young = match (y, n) {
            (0.0, 1.0) => "不是35岁以下".to_string(),
            (0.0, _) => "均不是35岁以下".to_string(),
            _ => format!("其中35岁以下{}名", format_number(y)),
        };
        (y / n < 0.5).then(|| format!("全年发展党员{}名，{young}", format_number(n)))
    }

    /// A village's collective income below the county's line (full year).
    fn income(&self, ds: &DataSheet, period: Period) -> Option<String> {
        if period != Period::Year || self.group != Group::Village {
            return None;
        }
        let f = ds.figures.get("collective_income")?;
        let v = f.value(period)?;
        (f.unit == "万元" && v < self.bank.income_line).then(|| {
            let (a, u) = amount(v, &f.unit);
            format!("全年村集体经济收入{a}{u}，低于{}万元", format_number(self.bank.income_line))
        })
    }

    /// Flow figures below last year whose rise is good news (at most two,
    /// catalogue order), other than those a problem already states (`used`).
    fn decline(&self, ds: &DataSheet, writer: &mut Writer, used: &[&str]) -> Option<String> {
        let period = writer.period;
        let mut said = Vec::new();
        for (key, def) in &writer.cat.figures {
            if said.len() == 2 || def.part_of.is_some() {
                continue;
            }
            let Some(f) = ds.figures.get(key) else { continue };
            let (Some(v), Some(last)) = (f.value(period), f.last(period)) else { continue };
            // Only a fall of work done where more is better is a weakness:
            // fewer disputes or fewer members is not 工作力度减弱.
            if v < last && f.kind == Kind::Flow && def.better == Better::Up && !used.contains(&key.as_str()) {
                let (a, u) = amount(v, &f.unit);
                if v == 0.0 {
                    let (l, lu) = amount(last, &f.unit);
                    said.push(format!("没有{}的记录，上年为{l}{lu}", f.label));
                } else {
                    let yoy = writer.year_on_year(f).unwrap_or_default();
                    said.push(format!("{}{a}{u}，{yoy}", f.label));
                }
            }
        }
        let time = if period == Period::H1 { "上半年" } else { "全年" };
        (!said.is_empty()).then(|| format!("{time}{}", said.join("；")))
    }
}

/// Whether the sheet's facts in a version hold what `a` names: enough
/// activities of its kinds holding its words, a point of the clerk's shown
/// in the version holding its words, one of its figures above last year, or
/// one of its stated figures above 0.
pub fn speaks_against(ds: &DataSheet, period: Period, a: &Against) -> bool {
    let has_word = |t: &str| a.words.iter().any(|w| t.contains(w.as_str()));
    if !a.kinds.is_empty() || !a.words.is_empty() {
        let of_kind = |k: &ActivityKind| {
            let key = match k {
                ActivityKind::Figure(k) | ActivityKind::Block(k) => k,
            };
            a.kinds.is_empty() || a.kinds.contains(key)
        };
        let n = ds
            .activities_in(period)
            .filter(|act| of_kind(&act.kind))
            .filter(|act| a.words.is_empty() || has_word(&act.kind_label) || act.theme.as_deref().is_some_and(has_word) || has_word(&act.text))
            .count();
        if n >= a.at_least.unwrap_or(1) {
            return true;
        }
    }
    if a.kinds.is_empty() && !a.words.is_empty() && ds.sheet.work.iter().flat_map(|w| &w.points).filter(|p| DataSheet::shows(p.date.as_ref(), p.when.as_ref(), period)).any(|p| has_word(p.text.get_ref())) {
        return true;
    }
    a.figures.iter().filter_map(|k| ds.figures.get(k)).any(|f| matches!((f.value(period), f.last(period)), (Some(v), Some(l)) if v > l))
        || a.stated.iter().filter_map(|k| ds.figures.get(k)).any(|f| f.value(period).is_some_and(|v| v > 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::Templates;
    use crate::data::SourceFile;

    const SHEET: &str = "[unit]\nname = \"中共柳溪村支部委员会\"\narea = \"柳溪村\"\n\n[report]\nyear = 2025\n\n[figures]\nvisits = { value = [100, 260], last_year = 200 }\npractical_matters = { value = [3, 5], last_year = 9 }\n\n[[activity]]\nmonth = 3\nkind = \"主题党日\"\ntext = \"组织党员开展环境整治志愿服务\"\n\n[[activity]]\nmonth = 9\nkind = \"走访\"\ntext = \"走访慰问困难党员\"\n";

    fn against(says: &str, kinds: &[&str], words: &[&str], at_least: Option<usize>, figures: &[&str]) -> Against {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        Against { says: says.into(), kinds: v(kinds), words: v(words), at_least, figures: v(figures), stated: Vec::new() }
    }

    #[test]
    fn facts_speak_against_by_words_kinds_counts_and_rising_figures() {
        let ds = DataSheet::from_text(SourceFile::new(std::path::Path::new("t.toml"), SHEET.into()), &Templates::builtin().unwrap().catalogue).unwrap();
        // Words in an activity's text, in its half only.
        assert!(speaks_against(&ds, Period::Year, &against("", &[], &["志愿"], None, &[])));
        assert!(!speaks_against(&ds, Period::Year, &against("", &[], &["网格"], None, &[])));
        assert!(!speaks_against(&ds, Period::H1, &against("", &[], &["困难党员"], None, &[])));
        // A kind and a word together; how many it takes.
        assert!(speaks_against(&ds, Period::Year, &against("", &["visits"], &["困难党员"], None, &[])));
        assert!(!speaks_against(&ds, Period::Year, &against("", &["theme_days"], &["困难党员"], None, &[])));
        assert!(speaks_against(&ds, Period::Year, &against("", &["visits", "theme_days"], &[], Some(2), &[])));
        assert!(!speaks_against(&ds, Period::Year, &against("", &["visits", "theme_days"], &[], Some(3), &[])));
        // A figure speaks only when it went up against last year.
        assert!(speaks_against(&ds, Period::Year, &against("", &[], &[], None, &["visits"])));
        assert!(!speaks_against(&ds, Period::Year, &against("", &[], &[], None, &["practical_matters"])));
        // A stated figure speaks when above 0 (theme_days is counted from the ledger).
        let stated = |k: &str| Against { stated: vec![k.to_string()], ..Against::default() };
        assert!(speaks_against(&ds, Period::H1, &stated("practical_matters")) && speaks_against(&ds, Period::H1, &stated("theme_days")));
        assert!(!speaks_against(&ds, Period::H1, &stated("seminars")));
    }
}
