//! Work sections written from figures alone (`writing.toml`): each catalogue
//! block becomes a paragraph — a framing sentence, the practices carrying
//! the figures (一是、二是 when there are two or more), an effect sentence.
//! A block with a single figure is folded into its `fold_into` neighbour;
//! a section with a single practice gets one more general sentence instead
//! of a lone 一是. Under the plain style only the figures are written.

use std::cell::RefCell;

use super::model::{ItemContext, WorkContext};
use super::echo;
use super::phrases::Writer;
use super::wording::{BlockWriting, Chooser, Group, PracticeDef, Words, WritingBank, variants};
use crate::data::{Catalogue, FigureSet, Kind};

/// Sentences of fact a section needs before it gets an effect sentence:
/// (written from figures, citing activities — where the facts speak).
const EFFECT_FACTS: (usize, usize) = (4, 6);

/// Figure keys of one catalogue block: (block key, keys).
type Part = (String, Vec<String>);

/// What writing a sheet's sections needs besides the figures.
pub struct SectionWriter<'a> {
    /// Writing data.
    pub bank: &'a WritingBank,
    /// The catalogue (block order, part_of).
    pub cat: &'a Catalogue,
    /// The level group.
    pub group: Group,
    /// Words of the level.
    pub words: &'a Words,
    /// Per-sheet variant choice.
    pub choose: Chooser,
    /// Leave out general statements (frame, method, effect).
    pub plain: bool,
    /// General text said so far (the opening, frames, effects): a formula
    /// of it is not said again.
    pub said: &'a RefCell<echo::Said>,
    /// Words the sheet's figures contradict (严格落实 beside 三会一课 below
    /// the minimums, drafts.toml `contradicts`): no chosen wording claims them.
    pub avoid: Vec<String>,
}

impl SectionWriter<'_> {
    /// Sections for figure keys grouped by catalogue block (in catalogue
    /// order); `rest` are keys of no block (custom figures), written in the
    /// last section.
    pub fn sections(&self, writer: &mut Writer, figures: &FigureSet, by_block: Vec<Part>, rest: Vec<String>) -> Vec<WorkContext> {
        let count = |keys: &[String]| keys.iter().filter(|k| !self.is_part_with_whole(k, figures)).count();
        // (host block, [(source block, keys)])
        let mut hosts: Vec<(String, Vec<Part>)> = by_block.into_iter().filter(|(_, k)| !k.is_empty()).map(|(b, k)| (b.clone(), vec![(b, k)])).collect();
        let mut i = 0;
        while i < hosts.len() {
            let (key, parts) = &hosts[i];
            let fold = self.bank.blocks.get(key).and_then(|b| b.fold_into.clone());
            let single = parts.len() == 1 && count(&parts[0].1) <= 2;
            match fold.and_then(|h| hosts.iter().position(|(k, _)| *k == h)).filter(|&h| single && h != i) {
                Some(h) => {
                    let moved = hosts.remove(i).1;
                    let h = if h > i { h - 1 } else { h };
                    hosts[h].1.extend(moved);
                }
                None => i += 1,
            }
        }
        let n = hosts.len();
        let mut out = Vec::new();
        let mut write = |writer: &mut Writer, host: &str, parts: &[Part], extra: &[String]| {
            let before = writer.citer.used();
            if let Some(mut w) = self.section(writer, figures, host, parts, extra) {
                w.bare = writer.citer.used() == before;
                out.push(w);
            }
        };
        for (idx, (host, parts)) in hosts.iter().enumerate() {
            let extra = if idx + 1 == n { rest.clone() } else { Vec::new() };
            write(writer, host, parts, &extra);
        }
        if n == 0 && !rest.is_empty() {
            write(writer, "governance", &[], &rest);
        }
        out
    }

    /// A section of a block with no figure to write, only activities (its
    /// practice): the block's title and frame, the activities, no effect.
    pub fn practice_section(&self, host: &str, sentence: String) -> WorkContext {
        let hb = self.block(host);
        let title = match variants(&hb.title, self.group) {
            [] => self.cat.block(host).map_or_else(String::new, |b| b.title.clone()),
            _ => self.pick(&format!("{host}.title"), &hb.title),
        };
        let intro = if self.plain { String::new() } else { self.fresh(&format!("{host}.frame"), &hb.frame, "") };
        WorkContext { title, intro, auto: vec![sentence], split: false, points: Vec::new(), outro: String::new(), lead: String::new(), block: Some(host.to_string()), bare: false }
    }

    fn is_part_with_whole(&self, key: &str, figures: &FigureSet) -> bool {
        self.cat.figure(key).and_then(|d| d.part_of.as_deref()).is_some_and(|w| figures.get(w).is_some())
    }

    fn block(&self, key: &str) -> BlockWriting {
        self.bank.blocks.get(key).cloned().unwrap_or_default()
    }

    /// The variants of a slot in the sheet's stable order, those claiming
    /// what the figures contradict (`avoid`) left out while another is left.
    fn choices(&self, id: &str, v: &super::wording::Variants) -> Vec<String> {
        let (kept, all) = self.uncontradicted(id, v);
        if kept.is_empty() { all } else { kept }
    }

    /// (the variants claiming nothing the figures contradict, all variants),
    /// each in the sheet's stable order.
    fn uncontradicted(&self, id: &str, v: &super::wording::Variants) -> (Vec<String>, Vec<String>) {
        let list = variants(v, self.group);
        let all: Vec<String> = (0..list.len()).map(|n| self.words.fill(self.choose.pick_nth(id, list, n))).collect();
        let kept = all.iter().filter(|s| !self.avoid.iter().any(|w| s.contains(w.as_str()))).cloned().collect();
        (kept, all)
    }

    fn pick(&self, id: &str, v: &super::wording::Variants) -> String {
        self.choices(id, v).into_iter().next().unwrap_or_default()
    }

    /// A general sentence: the sheet's usual choice unless it repeats a
    /// formula already said (or opens like `prev`), then the next that
    /// does not; remembered as said.
    fn fresh(&self, id: &str, v: &super::wording::Variants, prev: &str) -> String {
        self.freshest(self.choices(id, v), prev)
    }

    /// The first of `list` that repeats no formula already said; remembered as said.
    fn freshest(&self, list: Vec<String>, prev: &str) -> String {
        // The level's own words (各基层党组织, 镇党委) are terms, not formulas.
        let chosen = echo::freshest(&list, &self.said.borrow(), prev, |s| self.words.plain(s)).cloned().unwrap_or_default();
        self.said.borrow_mut().add(&self.words.plain(&chosen));
        chosen
    }

    /// One section: its practices from the parts (source block, keys).
    fn section(&self, writer: &mut Writer, figures: &FigureSet, host: &str, parts: &[Part], rest: &[String]) -> Option<WorkContext> {
        let hb = self.block(host);
        let cited_before = writer.citer.used();
        // (chooser id, practice, keys); a practice of one stock figure is
        // folded into its neighbour of the same block (no “储备后备力量。
        // 截至年底，储备后备力量31名。” on its own).
        let mut plan: Vec<(String, PracticeDef, Vec<&str>)> = Vec::new();
        let thin = |keys: &[&str]| keys.len() == 1 && figures.get(keys[0]).is_some_and(|f| f.kind != Kind::Flow);
        for (src, keys) in parts {
            let sb = self.block(src);
            let start = plan.len();
            let mut listed: Vec<&str> = Vec::new();
            for (i, def) in sb.practices.iter().enumerate() {
                let pk: Vec<&str> = def.figures.iter().filter_map(|k| keys.iter().find(|x| *x == k).map(String::as_str)).collect();
                listed.extend(&pk);
                if pk.is_empty() {
                    continue;
                }
                let fold = thin(&pk) && plan.len() > start;
                match plan.last_mut() {
                    Some(last) if fold => last.2.extend(pk),
                    _ => plan.push((format!("{src}.p{i}"), def.clone(), pk)),
                }
            }
            if plan.len() > start + 1 && thin(&plan[start].2) {
                let keys = plan.remove(start).2;
                plan[start].2.splice(0..0, keys);
            }
            let others: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !listed.contains(k) && !self.is_part_with_whole(k, figures)).collect();
            plan.push((format!("{src}.rest"), self.bank.rest.clone(), others));
        }
        plan.push((format!("{host}.rest"), self.bank.rest.clone(), rest.iter().map(String::as_str).collect()));
        let section_title = match variants(&hb.title, self.group) {
            [] => self.cat.block(host).map_or_else(String::new, |b| b.title.clone()),
            _ => self.pick(&format!("{host}.title"), &hb.title),
        };
        // The frame first: titles and method clauses do not echo it.
        let intro = if self.plain || plan.iter().all(|p| p.2.is_empty()) { String::new() } else { self.fresh(&format!("{host}.frame"), &hb.frame, "") };
        let mut practices: Vec<(String, Vec<String>, bool)> = Vec::new(); // (title, sentences, one stock figure)
        for (id, def, keys) in plan {
            if keys.is_empty() {
                continue;
            }
            let lead = if self.plain { String::new() } else { self.lead(&format!("{id}.lead"), &def.lead, &intro) };
            let text = writer.practice(&keys, figures, &lead, practices.is_empty());
            if !text.is_empty() {
                let title = if variants(&def.title, self.group).is_empty() { String::new() } else { self.title(&format!("{id}.title"), &def, &keys, &format!("{section_title}。{intro}{}", text.concat())) };
                practices.push((title, text, thin(&keys)));
            }
        }
        // A lone stock figure of a block with nothing else (党员总数 beside
        // folded-in 纪律教育) opens the section instead of being a practice.
        let mut opening: Vec<String> = Vec::new();
        if practices.len() > 1 {
            let (lone, kept): (Vec<_>, Vec<_>) = practices.into_iter().partition(|p| p.2);
            if kept.is_empty() {
                practices = lone;
            } else {
                opening = lone.into_iter().flat_map(|p| p.1).collect();
                practices = kept;
            }
        }
        if practices.is_empty() {
            return None;
        }
        let mut w = WorkContext { title: section_title, intro, auto: Vec::new(), split: false, points: Vec::new(), outro: String::new(), lead: String::new(), block: Some(host.to_string()), bare: false };
        // Figures of no practice (custom ones) carry no practice title of
        // their own (no catch-all “抓好其他重点工作”): they close the section.
        let untitled: Vec<String> = match practices.iter().position(|p| p.0.is_empty()) {
            Some(i) if practices.len() > 1 => practices.remove(i).1,
            _ => Vec::new(),
        };
        // Sentences carrying facts; no general sentence is added to reach a
        // length: one framing sentence, and an effect sentence only around
        // two facts or more.
        let facts = opening.len() + untitled.len() + practices.iter().map(|p| p.1.len()).sum::<usize>();
        if practices.len() == 1 {
            // No lone 一是: the practice is the paragraph.
            w.auto = opening.into_iter().chain(practices.remove(0).1).chain(untitled).collect();
        } else {
            w.auto = opening;
            w.points = practices.into_iter().map(|(title, text, _)| ItemContext::new(title, text.concat())).collect();
            w.outro = untitled.concat();
        }
        let needed = if writer.citer.used() > cited_before { EFFECT_FACTS.1 } else { EFFECT_FACTS.0 };
        // No effect sentence when every one of them claims what the figures contradict
        // (组织力持续提升 beside 三会一课 below the minimums).
        let effects = if !self.plain && facts >= needed { self.uncontradicted(&format!("{host}.effect"), &hb.effect).0 } else { Vec::new() };
        if !effects.is_empty() {
            let last = if w.outro.is_empty() { w.points.last().map_or_else(|| w.auto.last().cloned().unwrap_or_default(), |p| p.text.clone()) } else { w.outro.clone() };
            let effect = self.freshest(effects, echo::last_sentence(&last));
            w.outro.push_str(&effect);
        }
        Some(w)
    }

    /// A method clause that echoes no phrase of the section's frame and
    /// repeats no formula said before.
    fn lead(&self, id: &str, v: &super::wording::Variants, frame: &str) -> String {
        let all = self.choices(id, v);
        let quiet: Vec<String> = all.iter().filter(|l| !echo::shares_phrase(l, frame)).cloned().collect();
        let list = if quiet.is_empty() { all } else { quiet };
        let chosen = echo::freshest(&list, &self.said.borrow(), "", |s| self.words.plain(s)).cloned().unwrap_or_default();
        self.said.borrow_mut().add(&self.words.plain(&chosen));
        chosen
    }

    /// A practice title that does not repeat a phrase of the section title
    /// or of the practice's own text (“落实‘三会一课’制度。严格落实‘三会一课’制度，……”): the
    /// sheet's usual choice when it does not, else the next that does not.
    fn title(&self, id: &str, def: &PracticeDef, keys: &[&str], text: &str) -> String {
        // A title naming a particular work only over a figure of it.
        let named = |t: &String| def.needs.get(t).is_none_or(|need| need.iter().any(|k| keys.contains(&k.as_str())));
        let list: Vec<String> = self.choices(id, &def.title).into_iter().filter(named).collect();
        let usual = list.first().cloned().unwrap_or_default();
        list.into_iter().find(|t| !echo::shares_phrase(t, text)).unwrap_or(usual)
    }
}
