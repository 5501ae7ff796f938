//! The phrase bank's Rust half: turns figures into sentences using the
//! catalogue's `say` patterns and the frames of `templates/<kind>/phrases.toml`
//! (both data), adds 同比 and share wording, and varies frames by a stable
//! rotation per sheet, never by randomness.

use serde::Deserialize;

use crate::data::{Catalogue, Figure, FigureSet, Kind, Period, format_number};

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

/// A percentage with one decimal, half away from zero, without a trailing
/// ".0": 12.5, 40, 0.3.
pub fn percent(ratio: f64) -> String {
    format_number((ratio * 1000.0).round() / 10.0)
}

/// Soft length limit of a generated sentence, in characters.
const SENTENCE_CHARS: usize = 46;

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
        let start = stable_hash(&[&self.seed.to_string(), kind]);
        variants.get((start.wrapping_add(n) % variants.len().max(1) as u64) as usize).map_or("", String::as_str)
    }
}

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
}

impl Writer<'_> {
    /// The next time word for a flow sentence.
    pub fn time_word(&mut self) -> &str {
        let list = if self.period == Period::H1 { &self.bank.time_h1 } else { &self.bank.time_year };
        self.rotor.pick("time", list)
    }

    /// 同比 wording for a figure, or None when there is nothing to compare.
    /// Counts (whole-number figures not in a money unit) are compared in
    /// absolute terms, amounts in percent; from a zero base always absolute.
    pub fn year_on_year(&mut self, f: &Figure) -> Option<String> {
        let (v, last) = (f.value(self.period)?, f.last(self.period)?);
        let (base, noun) = if self.period == Period::H1 { ("较上年同期", "上年同期") } else { ("较上年", "上年") };
        let diff = v - last;
        let b = self.bank;
        let fill = |t: &str| t.replace("{base}", base).replace("{base_noun}", noun).replace("{d}", &format_number(diff.abs())).replace("{unit}", &f.unit).replace("{p}", &if last.abs() < 1e-9 { String::new() } else { percent(diff.abs() / last.abs()) });
        Some(if diff.abs() < 1e-9 {
            fill(&b.flat)
        } else if (f.integer && !f.unit.contains('元')) || last.abs() < 1e-9 {
            let (kind, list) = if diff > 0.0 { ("up_count", &b.up_count) } else { ("down_count", &b.down_count) };
            fill(self.rotor.pick(kind, list))
        } else {
            let (kind, list) = if diff > 0.0 { ("up_percent", &b.up_percent) } else { ("down_percent", &b.down_percent) };
            fill(self.rotor.pick(kind, list))
        })
    }

    /// "35岁以下4名、占40%": a breakdown of `part` within `whole`.
    pub fn share(&self, part: &Figure, whole: &Figure) -> Option<String> {
        let (p, w) = (part.value(self.period)?, whole.value(self.period)?);
        if w <= 0.0 {
            return None;
        }
        let label = self.cat.figure(&part.key).map_or(part.label.as_str(), |d| d.label.as_str());
        Some(self.bank.share.replace("{label}", label).replace("{v}", &format_number(p)).replace("{unit}", &part.unit).replace("{p}", &percent(p / w)))
    }

    /// The clause of one figure from one of its catalogue patterns (chosen
    /// by a stable hash of the figure), with its 同比.
    pub fn clause(&mut self, f: &Figure) -> Option<String> {
        let v = f.value(self.period)?;
        let def = self.cat.figure(&f.key);
        let patterns = def.map(|d| if self.village && !d.say_village.is_empty() { &d.say_village } else { &d.say }).map_or(&[][..], |p| p.as_slice());
        let text = if patterns.is_empty() {
            format!("{}{}{}", f.label, format_number(v), f.unit)
        } else {
            let i = (stable_hash(&[&self.rotor.seed.to_string(), &f.key, self.period.key()]) % patterns.len() as u64) as usize;
            patterns[i].replace("{v}", &format_number(v)).replace("{unit}", &f.unit).replace("{label}", &f.label)
        };
        Some(match self.year_on_year(f) {
            Some(y) => format!("{text}，{y}"),
            None => text,
        })
    }

    /// Sentences for a list of figure keys. Stock and constant figures come
    /// first in one sentence opened by a period-end frame; flow figures
    /// follow in sentences of two or three clauses, the first opened by a
    /// time word (when `lead` is true). Breakdowns (part_of) are folded into
    /// their whole's clause; zero values are left out.
    pub fn sentences(&mut self, keys: &[&str], figures: &FigureSet, lead: bool) -> Vec<String> {
        let mut stock = Vec::new();
        let mut flow = Vec::new();
        for key in keys {
            let Some(f) = figures.get(key) else { continue };
            let part_of = self.cat.figure(key).and_then(|d| d.part_of.as_deref());
            if part_of.is_some_and(|p| keys.contains(&p) && figures.get(p).is_some()) {
                continue; // worded with its whole
            }
            // Nothing done is not worded (and a 0 stock is init's placeholder; the checker warns).
            if f.value(self.period) == Some(0.0) {
                continue;
            }
            let Some(mut c) = self.clause(f) else { continue };
            let parts: Vec<String> = keys
                .iter()
                .filter_map(|k| figures.get(k))
                .filter(|p| self.cat.figure(&p.key).and_then(|d| d.part_of.as_deref()) == Some(key))
                .filter_map(|p| self.share(p, f))
                .collect();
            if !parts.is_empty() {
                c = format!("{c}，{}{}", self.bank.share_lead, parts.join("，"));
            }
            if f.kind == Kind::Flow { flow.push(c) } else { stock.push(c) }
        }
        let mut out = Vec::new();
        if !stock.is_empty() {
            let list = if self.period == Period::H1 { &self.bank.stock_h1 } else { &self.bank.stock_year };
            let open = self.rotor.pick("stock", list).to_string();
            out.push(format!("{open}{}。", stock.join("，")));
        }
        // Flow clauses are grouped into sentences of at most three clauses and
        // about SENTENCE_CHARS characters, so 同比 tails don't make run-ons.
        let mut first = lead;
        let mut chunk: Vec<&str> = Vec::new();
        let mut len = 0;
        for (i, c) in flow.iter().enumerate() {
            chunk.push(c);
            len += c.chars().count();
            let next_len = flow.get(i + 1).map_or(usize::MAX, |n| n.chars().count());
            if chunk.len() == 3 || len.saturating_add(next_len) > SENTENCE_CHARS || i + 1 == flow.len() {
                let open = if first { self.time_word().to_string() } else { String::new() };
                out.push(format!("{open}{}。", chunk.join("，")));
                first = false;
                chunk.clear();
                len = 0;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
