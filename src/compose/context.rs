//! The view model templates see ([`ReportContext`]): one sheet seen from one
//! period, with user text already interpolated, points and plans filtered by
//! period, and phrase-bank sentences written. Templates never see the raw
//! sheet, so the sheet's shape can change without breaking a county's templates.

use chrono::NaiveDate;
use serde::Serialize;

use super::numerals::format_date;
use super::phrases::{PhraseBank, Rotor, Writer, stable_hash};
use crate::data::interp;
use crate::data::sheet::{Text, WorkBlock};
use crate::data::{Catalogue, DataSheet, Layout, Period};
use crate::error::Diagnostic;

/// Everything the report template can use.
#[derive(Debug, Serialize)]
pub struct ReportContext {
    /// Full title.
    pub title: String,
    /// Report year.
    pub year: i32,
    /// The year after.
    pub next_year: i32,
    /// `h1` or `year`.
    pub period: &'static str,
    /// Whether this is the 上半年 version.
    pub is_h1: bool,
    /// Place name, e.g. 青石镇.
    pub area: String,
    /// 镇/乡/街道/村/社区.
    pub level: String,
    /// 全镇, 全乡, …
    pub whole: String,
    /// How the report names its author, e.g. 镇党委.
    pub short: String,
    /// The superior, e.g. 县委.
    pub superior: String,
    /// Guiding thought.
    pub guiding: String,
    /// Spirits joined for a sentence: 党的二十大精神和党的二十届三中全会精神.
    pub spirits: String,
    /// The year's main line (may be empty).
    pub approach: String,
    /// The sheet's own opening paragraph, if any.
    pub opening: Option<String>,
    /// The sheet's own closing paragraph, if any.
    pub closing: Option<String>,
    /// A stable number for choosing among formula variants.
    pub variant: u64,
    /// `classic` or `themed`.
    pub layout: Layout,
    /// Main work blocks.
    pub work: Vec<WorkContext>,
    /// Problems.
    pub problems: Vec<ItemContext>,
    /// Plans for the next period.
    pub plans: Vec<ItemContext>,
    /// 落款 unit.
    pub unit: String,
    /// 成文日期 as printed.
    pub date: String,
}

/// A work block for one period.
#[derive(Debug, Serialize)]
pub struct WorkContext {
    /// Heading text.
    pub title: String,
    /// Opening sentences (may be empty).
    pub intro: String,
    /// Phrase-bank sentences from the block's figures.
    pub auto: Vec<String>,
    /// Points get their own paragraphs.
    pub split: bool,
    /// Points shown in this period.
    pub points: Vec<ItemContext>,
}

/// A point, problem or plan.
#[derive(Debug, Serialize)]
pub struct ItemContext {
    /// Lead (may be empty).
    pub title: String,
    /// Body text.
    pub text: String,
}

/// Builds the context of one sheet for one period.
pub fn build(ds: &DataSheet, period: Period, cat: &Catalogue, bank: &PhraseBank, today: NaiveDate) -> Result<ReportContext, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut text = |t: &Text| -> String {
        match interp::parse(t.get_ref()).and_then(|p| interp::render(&p, period, &ds.figures)) {
            Ok(s) => s.trim().to_string(),
            Err(e) => {
                errors.push(ds.diag_in(t, e.offset, e.message, e.hint));
                String::new()
            }
        }
    };
    let opt = |t: &Option<Text>, f: &mut dyn FnMut(&Text) -> String| t.as_ref().map(f).unwrap_or_default();
    let s = &ds.sheet;
    let year = ds.year();
    let area = ds.area().to_string();
    let seed = format!("{area}{year}");
    let mut writer = Writer { cat, bank, period, village: matches!(ds.level(), "村" | "社区"), rotor: Rotor::new(stable_hash(&[&seed])) };

    let mut work = Vec::new();
    for w in &s.work {
        let block = w.block.as_ref().and_then(|b| cat.block(b.get_ref()).map(|d| (b.get_ref().as_str(), d)));
        let title = match (&w.title, block) {
            (Some(t), _) => text(t),
            (None, Some((_, d))) => d.title.clone(),
            (None, None) => String::new(),
        };
        let intro = opt(&w.text, &mut text);
        let points: Vec<ItemContext> = w
            .points
            .iter()
            .filter(|p| DataSheet::shows(p.date.as_ref(), p.when.as_ref(), period))
            .map(|p| ItemContext { title: opt(&p.title, &mut text), text: text(&p.text) })
            .collect();
        // Chinese labels in `auto` become their keys.
        let mut keys: Vec<&str> = w.auto.iter().map(|k| ds.figures.get(k.get_ref()).map_or(k.get_ref().as_str(), |f| f.key.as_str())).collect();
        if let (true, Some((bkey, _))) = (keys.is_empty(), block) {
            let cited: Vec<String> = cited_figures(w).into_iter().map(|c| ds.figures.get(&c).map_or(c, |f| f.key.clone())).collect();
            keys = block_figures(ds, cat, bkey).into_iter().filter(|k| !cited.iter().any(|c| c == k)).collect();
        }
        let auto = writer.sentences(&keys, &ds.figures, intro.is_empty());
        work.push(WorkContext { title, intro, auto, split: w.split, points });
    }
    if s.work.is_empty() {
        for (bkey, bdef) in &cat.blocks {
            let keys = block_figures(ds, cat, bkey);
            let auto = writer.sentences(&keys, &ds.figures, true);
            if !auto.is_empty() {
                work.push(WorkContext { title: bdef.title.clone(), intro: String::new(), auto, split: false, points: Vec::new() });
            }
        }
    }
    let problems = s.problems.iter().map(|p| ItemContext { title: opt(&p.title, &mut text), text: text(&p.text) }).collect();
    let plans = s
        .plans
        .iter()
        .filter(|p| p.next.as_ref().is_none_or(|n| n.get_ref().shown_in(period)))
        .map(|p| ItemContext { title: opt(&p.title, &mut text), text: text(&p.text) })
        .collect();
    let opening = s.report.opening.as_ref().map(&mut text);
    let closing = s.report.closing.as_ref().map(&mut text);
    if !errors.is_empty() {
        return Err(errors);
    }
    let spirits = ds.spirit();
    let spirits = match spirits.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{}和{last}", rest.join("、")),
    };
    Ok(ReportContext {
        title: format!("{area}{year}年{}{}", if period == Period::H1 { "上半年" } else { "" }, ds.kind()),
        year,
        next_year: year + 1,
        period: period.key(),
        is_h1: period == Period::H1,
        whole: format!("全{}", ds.level()),
        level: ds.level().to_string(),
        area,
        short: ds.short(),
        superior: ds.superior().to_string(),
        guiding: ds.guiding().to_string(),
        spirits,
        approach: ds.approach().to_string(),
        opening,
        closing,
        variant: stable_hash(&[&seed, ds.unit_name()]),
        layout: ds.layout(),
        work,
        problems,
        plans,
        unit: ds.unit_name().to_string(),
        date: format_date(ds.date(period, today)),
    })
}

/// The sheet's figures of a catalogue block, in catalogue order.
fn block_figures<'a>(ds: &'a DataSheet, cat: &Catalogue, block: &str) -> Vec<&'a str> {
    let mut keys: Vec<&str> = ds.figures.iter().filter(|f| f.block.as_deref() == Some(block)).map(|f| f.key.as_str()).collect();
    keys.sort_by_key(|k| cat.rank(k));
    keys
}

/// Figure keys a work block's own texts cite with `{key}`.
fn cited_figures(w: &WorkBlock) -> Vec<String> {
    w.text
        .iter()
        .chain(w.points.iter().map(|p| &p.text))
        .filter_map(|t| interp::parse(t.get_ref()).ok())
        .flat_map(|pieces| interp::references(&pieces).into_iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>())
        .collect()
}
