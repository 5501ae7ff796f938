//! Work sections written from figures alone (`writing.toml`): each catalogue
//! block becomes a paragraph — a framing sentence, the practices carrying
//! the figures (一是、二是 when there are two or more), an effect sentence.
//! A block with a single figure is folded into its `fold_into` neighbour;
//! a section with a single practice gets one more general sentence instead
//! of a lone 一是. Under the plain style only the figures are written.

use super::context::{ItemContext, WorkContext};
use super::phrases::Writer;
use super::wording::{BlockWriting, Chooser, Group, PracticeDef, Words, WritingBank, variants};
use crate::data::{Catalogue, FigureSet};

/// Sections shorter than this (characters) get the block's general
/// sentences as well: (township and 街道, village and 社区).
const SECTION_FLOOR: (usize, usize) = (300, 170);

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
        for (idx, (host, parts)) in hosts.into_iter().enumerate() {
            let extra = if idx + 1 == n { rest.clone() } else { Vec::new() };
            out.extend(self.section(writer, figures, &host, &parts, &extra));
        }
        if n == 0 && !rest.is_empty() {
            out.extend(self.section(writer, figures, "governance", &[], &rest));
        }
        out
    }

    fn is_part_with_whole(&self, key: &str, figures: &FigureSet) -> bool {
        self.cat.figure(key).and_then(|d| d.part_of.as_deref()).is_some_and(|w| figures.get(w).is_some())
    }

    fn block(&self, key: &str) -> BlockWriting {
        self.bank.blocks.get(key).cloned().unwrap_or_default()
    }

    fn pick(&self, id: &str, v: &super::wording::Variants) -> String {
        self.words.fill(self.choose.pick(id, variants(v, self.group)))
    }

    /// One section: its practices from the parts (source block, keys).
    fn section(&self, writer: &mut Writer, figures: &FigureSet, host: &str, parts: &[Part], rest: &[String]) -> Option<WorkContext> {
        let hb = self.block(host);
        let mut practices: Vec<(String, Vec<String>)> = Vec::new(); // (title, sentences)
        let mut first = true;
        let mut write = |id: String, def: &PracticeDef, keys: Vec<&str>, writer: &mut Writer| {
            if keys.is_empty() {
                return;
            }
            let lead = if self.plain { String::new() } else { self.pick(&format!("{id}.lead"), &def.lead) };
            let text = writer.practice(&keys, figures, &lead, first);
            if !text.is_empty() {
                first = false;
                practices.push((self.pick(&format!("{id}.title"), &def.title), text));
            }
        };
        for (src, keys) in parts {
            let sb = self.block(src);
            let mut listed: Vec<&str> = Vec::new();
            for (i, def) in sb.practices.iter().enumerate() {
                let pk: Vec<&str> = def.figures.iter().map(String::as_str).filter(|k| keys.iter().any(|x| x == k)).collect();
                listed.extend(&pk);
                write(format!("{src}.p{i}"), def, pk, writer);
            }
            let others: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !listed.contains(k) && !self.is_part_with_whole(k, figures)).collect();
            write(format!("{src}.rest"), &self.bank.rest, others, writer);
        }
        write(format!("{host}.rest"), &self.bank.rest, rest.iter().map(String::as_str).collect(), writer);
        if practices.is_empty() {
            return None;
        }
        let title = match variants(&hb.title, self.group) {
            [] => self.cat.block(host).map_or_else(String::new, |b| b.title.clone()),
            _ => self.pick(&format!("{host}.title"), &hb.title),
        };
        let (intro, outro) = if self.plain { (String::new(), String::new()) } else { (self.pick(&format!("{host}.frame"), &hb.frame), self.pick(&format!("{host}.effect"), &hb.effect)) };
        let mut w = WorkContext { title, intro, auto: Vec::new(), split: false, points: Vec::new(), outro, lead: String::new() };
        let floor = if matches!(self.group, Group::Town | Group::Street) { SECTION_FLOOR.0 } else { SECTION_FLOOR.1 };
        let id = format!("{host}.substance");
        let list = variants(&hb.substance, self.group);
        let chars = |w: &WorkContext| -> usize {
            [&w.title, &w.intro, &w.outro].iter().map(|s| s.chars().count()).sum::<usize>()
                + w.auto.iter().map(|s| s.chars().count()).sum::<usize>()
                + w.points.iter().map(|p| p.title.chars().count() + p.text.chars().count() + 3).sum::<usize>()
        };
        if practices.len() == 1 {
            // No lone 一是: the practice is the paragraph, with one or two general sentences.
            w.auto = practices.remove(0).1;
            if !self.plain {
                w.auto.push(self.words.fill(self.choose.pick_nth(&id, list, 0)));
                for n in 1..list.len().min(3) {
                    if chars(&w) >= floor {
                        break;
                    }
                    w.auto.push(self.words.fill(self.choose.pick_nth(&id, list, n)));
                }
            }
        } else {
            w.points = practices.into_iter().map(|(title, text)| ItemContext::new(title, text.concat())).collect();
            // A short section of several practices gets the general sentence too.
            let mut extra = String::new();
            for n in 0..list.len().min(2) {
                if self.plain || chars(&w) + extra.chars().count() >= floor {
                    break;
                }
                extra.push_str(&self.words.fill(self.choose.pick_nth(&id, list, n)));
            }
            w.outro = format!("{extra}{}", w.outro);
        }
        Some(w)
    }
}
