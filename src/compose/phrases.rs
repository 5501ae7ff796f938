//! The phrase bank's Rust half: turns figures into sentences using the
//! catalogue's `say` patterns and the frames of `templates/<kind>/phrases.toml`
//! (both data), adds 同比 and share wording, and varies frames by a stable
//! rotation per sheet, never by randomness.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

pub use super::numerals::{amount, percent};
pub use super::wording::{mix, stable_hash};
use super::citing::Citer;
use super::wording::{Group, Unit, WritingBank};
use crate::data::{Catalogue, Figure, FigureSet, Kind, Period, format_number};

/// Soft length limit of a generated sentence, in characters.
const SENTENCE_CHARS: usize = 52;

/// The frames of `phrases.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseBank {
    /// Time words opening flow sentences in the 上半年 version.
    pub time_h1: Vec<String>,
    /// … in the full-year version.
    pub time_year: Vec<String>,
    /// Openings of stock sentences in the 上半年 version.
    pub stock_h1: Vec<String>,
    /// … in the full-year version.
    pub stock_year: Vec<String>,
    /// Count increase variants: {base}{base_noun}{d}{unit}.
    pub up_count: Vec<String>,
    /// Count decrease variants.
    pub down_count: Vec<String>,
    /// Amount increase variants: {p}.
    pub up_percent: Vec<String>,
    /// Amount decrease variants.
    pub down_percent: Vec<String>,
    /// No change: {base_noun}.
    pub flat: String,
    /// Word before breakdowns (其中).
    pub share_lead: String,
    /// A breakdown: {label}{v}{unit}{p}.
    pub share: String,
    /// A breakdown of a small whole, without percentage.
    pub share_count: String,
    /// Every one of the whole is in the breakdown: 均为{label}.
    pub share_all: String,
    /// The whole is one, and it is in the breakdown: 为{label} (not 均为).
    #[serde(default = "share_one")]
    pub share_one: String,
    /// Verbs that same-verb clauses share (召开A 3次、B 4次).
    pub verbs: Vec<String>,
    /// Subjects that may precede such a verb (各支部召开…).
    pub subjects: Vec<String>,
}

fn share_one() -> String {
    "为{label}".into()
}

impl PhraseBank {
    /// Parses the built-in bank, overlaid key by key with `overlay` if given.
    pub fn parse(builtin: &str, overlay: Option<&str>) -> Result<PhraseBank, String> {
        let mut table: toml::Table = toml::from_str(builtin).map_err(|e| e.to_string())?;
        if let Some(o) = overlay {
            let user: toml::Table = toml::from_str(o).map_err(|e| e.to_string())?;
            for (k, v) in user {
                if !table.contains_key(&k) {
                    return Err(format!("未知的短语键“{k}”"));
                }
                table.insert(k, v);
            }
        }
        let bank: PhraseBank = toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| e.to_string())?;
        let lists = [
            ("time_h1", &bank.time_h1),
            ("time_year", &bank.time_year),
            ("stock_h1", &bank.stock_h1),
            ("stock_year", &bank.stock_year),
            ("up_count", &bank.up_count),
            ("down_count", &bank.down_count),
            ("up_percent", &bank.up_percent),
            ("down_percent", &bank.down_percent),
        ];
        for (name, list) in lists {
            if list.is_empty() {
                return Err(format!("{name} 不能为空"));
            }
        }
        Ok(bank)
    }
}

/// Chooses frame variants in a stable rotation: each kind of frame starts
/// at a sheet-specific offset and advances every time it is used, so that
/// consecutive blocks open differently.
#[derive(Debug, Clone)]
pub struct Rotor {
    seed: u64,
    used: Vec<(&'static str, u64)>,
}

impl Rotor {
    /// A rotor for one sheet.
    pub fn new(seed: u64) -> Rotor {
        Rotor { seed, used: Vec::new() }
    }

    /// The next variant of a kind of frame.
    pub fn pick<'a>(&mut self, kind: &'static str, variants: &'a [String]) -> &'a str {
        let n = match self.used.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.used.push((kind, 0));
                0
            }
        };
        let start = mix(stable_hash(&[&self.seed.to_string(), kind]));
        variants.get((start.wrapping_add(n) % variants.len().max(1) as u64) as usize).map_or("", String::as_str)
    }
}

/// A figure's clause: its body (召开支部党员大会126次) and the tails that
/// follow it (同比, then 其中…).
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The figure's own words.
    pub body: String,
    /// Breakdown and 同比, each written after a comma.
    pub tail: Vec<String>,
}

/// A clause with the key of its figure.
type Keyed = (String, Clause);

/// Writes sentences from figures for one sheet and period.
pub struct Writer<'a> {
    /// Figure catalogue (labels, units, `say` patterns).
    pub cat: &'a Catalogue,
    /// Frames.
    pub bank: &'a PhraseBank,
    /// The version being written.
    pub period: Period,
    /// Village-level wording (村/社区: no 党委, no 各支部).
    pub village: bool,
    /// Frame rotation.
    pub rotor: Rotor,
    /// The version's 成文日期 (no 截至6月底 before 30 June).
    pub date: NaiveDate,
    /// The level's own `say` patterns (writing.toml), if any.
    pub level_say: Option<(&'a WritingBank, Group, Unit)>,
    /// Keys of the figures written so far (a figure is never lost).
    pub written: Vec<String>,
    /// The version's activities, cited after the figure they count toward.
    pub citer: Citer<'a>,
}

impl Writer<'_> {
    /// The next time word for a flow sentence.
    pub fn time_word(&mut self) -> &str {
        let list = if self.period == Period::H1 { &self.bank.time_h1 } else { &self.bank.time_year };
        self.rotor.pick("time", list)
    }

    /// The next opening of a stock sentence; in a 上半年 report dated before
    /// 30 June, none that names 6月底.
    fn stock_open(&mut self) -> String {
        let list: Vec<String> = if self.period == Period::H1 {
            let early = self.date < NaiveDate::from_ymd_opt(self.date.year(), 6, 30).unwrap_or(self.date);
            self.bank.stock_h1.iter().filter(|s| !(early && s.contains("6月"))).cloned().collect()
        } else {
            self.bank.stock_year.clone()
        };
        if list.is_empty() { "目前，".into() } else { self.rotor.pick("stock", &list).to_string() }
    }

    /// 同比 wording for a figure, or None when there is nothing to compare.
    /// Counts (whole-number figures not in a money unit) are compared in
    /// absolute terms, amounts in percent; from a zero base always absolute.
    /// A 上半年 stock without last year's 6月底 value is compared with the
    /// start of the year (last year's year-end value), unless it is
    /// `cumulative` (then not at all).
    pub fn year_on_year(&mut self, f: &Figure) -> Option<String> {
        let v = f.value(self.period)?;
        // A stock built up over the year is never set against last year's
        // year-end result in 上半年: like with like, or no comparison.
        let cumulative = self.cat.figure(&f.key).is_some_and(|d| d.cumulative);
        let start_of_year = self.period == Period::H1 && f.kind != Kind::Flow && f.last_year_h1.is_none();
        if start_of_year && cumulative {
            return None;
        }
        let last = if start_of_year { f.last_year? } else { f.last(self.period)? };
        let (base, noun) = match (start_of_year, self.period) {
            (true, _) => ("较年初", "年初"),
            (false, Period::H1) => ("较上年同期", "上年同期"),
            (false, Period::Year) => ("较上年", "上年"),
        };
        let diff = v - last;
        let b = self.bank;
        let (d, unit) = amount(diff.abs(), &f.unit);
        let fill = |t: &str| t.replace("{base}", base).replace("{base_noun}", noun).replace("{d}", &d).replace("{unit}", &unit).replace("{p}", &if last.abs() < 1e-9 { String::new() } else { percent(diff.abs() / last.abs()) });
        let usable = |list: &[String]| -> Vec<String> {
            let l: Vec<String> = list.iter().filter(|t| !(start_of_year && t.contains("同比"))).cloned().collect();
            if l.is_empty() { vec!["{base}".to_string() + if diff > 0.0 { "增加{d}{unit}" } else { "减少{d}{unit}" }] } else { l }
        };
        Some(if diff.abs() < 1e-9 {
            fill(&b.flat)
        } else if (f.integer && !f.unit.contains('元')) || last.abs() < 1e-9 {
            let (kind, list) = if diff > 0.0 { ("up_count", usable(&b.up_count)) } else { ("down_count", usable(&b.down_count)) };
            fill(self.rotor.pick(kind, &list))
        } else {
            let (kind, list) = if diff > 0.0 { ("up_percent", usable(&b.up_percent)) } else { ("down_percent", usable(&b.down_percent)) };
            fill(self.rotor.pick(kind, &list))
        })
    }

    /// "35岁以下4名、占40%": a breakdown of `part` within `whole`; no
    /// percentage of a whole under three.
    pub fn share(&self, part: &Figure, whole: &Figure) -> Option<String> {
        let (p, w) = (part.value(self.period)?, whole.value(self.period)?);
        if w <= 0.0 || p <= 0.0 {
            return None;
        }
        let label = self.cat.figure(&part.key).map_or(part.label.as_str(), |d| d.label.as_str());
        let frame = if w < 3.0 { &self.bank.share_count } else { &self.bank.share };
        Some(frame.replace("{label}", label).replace("{v}", &format_number(p)).replace("{unit}", &part.unit).replace("{p}", &percent(p / w)))
    }

    /// The breakdown tail of a whole: 均为35岁以下 for parts equal to the
    /// whole, then 其中女性2名、占40%.
    fn breakdown(&mut self, whole: &Figure, figures: &FigureSet) -> Option<String> {
        let w = whole.value(self.period)?;
        let parts: Vec<&Figure> = self.cat.figures.iter().filter(|(_, d)| d.part_of.as_deref() == Some(whole.key.as_str())).filter_map(|(k, _)| figures.get(k)).collect();
        let (mut all, mut some) = (Vec::new(), Vec::new());
        for p in parts {
            self.written.push(p.key.clone());
            match p.value(self.period) {
                Some(v) if (v - w).abs() < 1e-9 && w > 0.0 => all.push(self.cat.figure(&p.key).map_or(p.label.clone(), |d| d.label.clone())),
                _ => some.extend(self.share(p, whole)),
            }
        }
        let mut out = Vec::new();
        if !all.is_empty() {
            let frame = if (w - 1.0).abs() < 1e-9 { &self.bank.share_one } else { &self.bank.share_all };
            out.push(frame.replace("{label}", &all.join("、")));
        }
        if !some.is_empty() {
            out.push(format!("{}{}", self.bank.share_lead, some.join("，")));
        }
        (!out.is_empty()).then(|| out.join("，"))
    }

    /// The clause of one figure from one of its patterns (chosen by a stable
    /// hash of the figure): body, then 同比, then breakdown.
    pub fn clause(&mut self, f: &Figure, figures: &FigureSet) -> Option<Clause> {
        self.clause_after(f, figures, None)
    }

    /// [`Writer::clause`], preferring a pattern that opens with `after` (the
    /// previous clause's subject and verb) so the two can share it.
    fn clause_after(&mut self, f: &Figure, figures: &FigureSet, after: Option<&str>) -> Option<Clause> {
        let v = f.value(self.period)?;
        let def = self.cat.figure(&f.key);
        let own = self.level_say.and_then(|(w, g, u)| w.say(g, u, &f.key));
        let patterns = own.or_else(|| def.map(|d| if self.village && !d.say_village.is_empty() { d.say_village.as_slice() } else { d.say.as_slice() })).unwrap_or(&[]);
        let (value, unit) = amount(v, &f.unit);
        let body = if patterns.is_empty() {
            format!("{}{value}{unit}", f.label)
        } else {
            let mut i = (mix(stable_hash(&[&self.rotor.seed.to_string(), &f.key, self.period.key()])) % patterns.len() as u64) as usize;
            if let Some(a) = after
                && !patterns[i].starts_with(a) {
                    i = patterns.iter().position(|p| p.starts_with(a)).unwrap_or(i);
                }
            patterns[i].replace("{v}", &value).replace("{unit}", &unit).replace("{label}", &f.label)
        };
        self.written.push(f.key.clone());
        // 同比 qualifies the total, so it follows it before the breakdown:
        // 发展党员18名，较上年增加3名，其中35岁以下13名.
        let mut tail: Vec<String> = self.year_on_year(f).into_iter().collect();
        tail.extend(self.breakdown(f, figures));
        Some(Clause { body, tail })
    }

    /// Stock and flow clauses of a list of figure keys. Breakdowns (part_of)
    /// are worded with their whole when the whole is given; zero values are
    /// left out.
    fn clauses(&mut self, keys: &[&str], figures: &FigureSet) -> (Vec<Keyed>, Vec<Keyed>) {
        let (mut stock, mut flow) = (Vec::new(), Vec::new());
        for key in keys {
            let Some(f) = figures.get(key) else { continue };
            let part_of = self.cat.figure(key).and_then(|d| d.part_of.as_deref());
            if part_of.is_some_and(|p| figures.get(p).and_then(|w| w.value(self.period)).is_some()) {
                continue; // worded with its whole
            }
            // Nothing done is not worded (and a 0 stock is init's placeholder; the checker warns).
            if f.value(self.period) == Some(0.0) {
                continue;
            }
            let prev = if f.kind == Kind::Flow { flow.last() } else { stock.last() };
            let after = prev.map(|(_, c): &Keyed| c).filter(|c| c.tail.is_empty()).and_then(|c| self.verb(&c.body)).map(|(v, _)| v.to_string());
            let Some(c) = self.clause_after(f, figures, after.as_deref()) else { continue };
            let c = (f.key.clone(), c);
            if f.kind == Kind::Flow { flow.push(c) } else { stock.push(c) }
        }
        (stock, flow)
    }

    /// The verb a clause opens with, with its subject if any (各支部召开),
    /// when it is one of the bank's list verbs: (subject and verb, bytes).
    /// Clauses merge only when both are the same.
    fn verb<'b>(&self, body: &'b str) -> Option<(&'b str, usize)> {
        self.bank.subjects.iter().map(String::as_str).chain(std::iter::once("")).find_map(|subj| {
            let rest = body.strip_prefix(subj)?;
            self.bank.verbs.iter().find(|v| rest.starts_with(v.as_str()) && rest.len() > v.len()).map(|v| (&body[..subj.len() + v.len()], subj.len() + v.len()))
        })
    }

    /// Clauses joined: same-verb clauses without tails share the verb and a
    /// 顿号 (召开支部党员大会126次、支委会372次); others take a comma.
    pub fn join(&self, clauses: &[Clause]) -> String {
        let mut s = String::new();
        let mut prev: Option<(Option<&str>, bool)> = None;
        for c in clauses {
            let found = self.verb(&c.body);
            let verb = found.map(|(v, _)| v);
            match prev {
                Some((Some(pv), false)) if verb == Some(pv) && c.tail.is_empty() => {
                    s.push('、');
                    s.push_str(&c.body[found.map_or(0, |(_, at)| at)..]);
                }
                _ => {
                    if !s.is_empty() {
                        s.push('，');
                    }
                    // A subject said once in the sentence is not said again
                    // (各支部召开党员大会98次，讲授党课97次).
                    let said = self.bank.subjects.iter().find(|subj| c.body.starts_with(subj.as_str()) && c.body.len() > subj.len() && s.contains(subj.as_str()));
                    s.push_str(&c.body[said.map_or(0, |subj| subj.len())..]);
                }
            }
            for t in &c.tail {
                s.push('，');
                s.push_str(t);
            }
            let keep = match prev {
                Some((Some(pv), false)) if verb == Some(pv) && c.tail.is_empty() => Some(pv),
                _ => verb,
            };
            prev = Some((keep, !c.tail.is_empty()));
        }
        s
    }

    /// The text of one practice: a stock sentence opened by a period-end
    /// frame, then the flow clauses in sentences of about SENTENCE_CHARS,
    /// the first opened by a time word (when `time`) and the method clause
    /// `lead`.
    pub fn practice(&mut self, keys: &[&str], figures: &FigureSet, lead: &str, time: bool) -> Vec<String> {
        let (stock, flow) = self.clauses(keys, figures);
        let mut out = Vec::new();
        let stock_first = keys.iter().find_map(|k| figures.get(k)).is_none_or(|f| f.kind != Kind::Flow);
        let stock_sentences = if stock.is_empty() {
            Vec::new()
        } else {
            let clauses: Vec<Clause> = stock.iter().map(|(_, c)| c.clone()).collect();
            let mut v = vec![format!("{}{}。", self.stock_open(), self.join(&clauses))];
            v.extend(stock.iter().filter_map(|(k, _)| self.citer.for_figure(k, figures.get(k).and_then(|f| f.value(self.period)))));
            v
        };
        if stock_first {
            out.extend(stock_sentences.clone());
        }
        let mut first = true;
        let mut chunk: Vec<Clause> = Vec::new();
        let mut len = 0;
        for (i, (key, c)) in flow.iter().enumerate() {
            len += c.body.chars().count() + c.tail.iter().map(|t| t.chars().count() + 1).sum::<usize>();
            chunk.push(c.clone());
            let next_len = flow.get(i + 1).map_or(usize::MAX, |(_, n)| n.body.chars().count());
            // A figure with activities ends its sentence; its examples follow.
            let cited = self.citer.for_figure(key, figures.get(key).and_then(|f| f.value(self.period)));
            if cited.is_some() || chunk.len() == 4 || len.saturating_add(next_len) > SENTENCE_CHARS || i + 1 == flow.len() {
                let open = if first && time { self.time_word_for(lead) } else { String::new() };
                let lead = if first { lead } else { "" };
                out.push(format!("{open}{lead}{}。", self.join(&chunk)));
                out.extend(cited);
                first = false;
                chunk.clear();
                len = 0;
            }
        }
        if !stock_first {
            out.extend(stock_sentences);
        }
        out
    }

    /// A time word; before a method clause, one set off by a comma (一年来，).
    fn time_word_for(&mut self, lead: &str) -> String {
        let list = if self.period == Period::H1 { &self.bank.time_h1 } else { &self.bank.time_year };
        if lead.is_empty() {
            return self.time_word().to_string();
        }
        let commas: Vec<String> = list.iter().filter(|t| t.ends_with('，')).cloned().collect();
        if commas.is_empty() { self.time_word().to_string() } else { self.rotor.pick("time", &commas).to_string() }
    }

    /// Sentences for a list of figure keys (a `[[work]]` block's `auto`):
    /// [`Writer::practice`] without a method clause.
    pub fn sentences(&mut self, keys: &[&str], figures: &FigureSet, lead: bool) -> Vec<String> {
        self.practice(keys, figures, "", lead)
    }
}

#[cfg(test)]
mod tests;
