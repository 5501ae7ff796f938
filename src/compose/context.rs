//! The view model templates see ([`ReportContext`]): one sheet seen from one
//! period, with user text already interpolated, points and plans filtered by
//! period, and phrase-bank sentences written. Templates never see the raw
//! sheet, so the sheet's shape can change without breaking a county's templates.

use chrono::NaiveDate;
use serde::Serialize;

use super::numerals::format_date;
use super::phrases::{self, stable_hash};
use crate::data::interp;
use crate::data::sheet::Text;
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
pub fn build(ds: &DataSheet, period: Period, cat: &Catalogue, today: NaiveDate) -> Result<ReportContext, Vec<Diagnostic>> {
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
    let time_words: &[&str] = match period {
        Period::H1 => &["今年以来，", "上半年"],
        Period::Year => &["一年来，", "全年"],
    };

    let mut work = Vec::new();
    for w in &s.work {
        let title = text(&w.title);
        let keys: Vec<&str> = w.auto.iter().map(|k| k.get_ref().as_str()).collect();
        let tw = time_words[(stable_hash(&[&seed, &title]) % time_words.len() as u64) as usize];
        let intro = opt(&w.text, &mut text);
        let points = w
            .points
            .iter()
            .filter(|p| DataSheet::shows(p.date.as_ref(), p.when.as_ref(), period))
            .map(|p| ItemContext { title: opt(&p.title, &mut text), text: text(&p.text) })
            .collect();
        let auto = phrases::sentences(&keys, &ds.figures, cat, period, &title, if intro.is_empty() { tw } else { "" });
        work.push(WorkContext { title, intro, auto, split: w.split, points });
    }
    if s.work.is_empty() {
        work = figure_blocks(ds, cat, period, &seed, time_words);
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
    let spirits: Vec<&str> = s.report.spirit.iter().map(|t| t.get_ref().trim()).collect();
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
        guiding: s.report.guiding.as_ref().map_or("习近平新时代中国特色社会主义思想".into(), |g| g.get_ref().trim().to_string()),
        spirits,
        approach: s.report.approach.as_ref().map(|a| a.get_ref().trim().to_string()).unwrap_or_default(),
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

/// Work blocks written from figures alone (a sheet with no `[[work]]`):
/// one block per catalogue block that has figures, in catalogue order.
fn figure_blocks(ds: &DataSheet, cat: &Catalogue, period: Period, seed: &str, time_words: &[&str]) -> Vec<WorkContext> {
    let mut out = Vec::new();
    for (bkey, bdef) in &cat.blocks {
        let mut keys: Vec<&str> = ds.figures.iter().filter(|f| f.block.as_deref() == Some(bkey)).map(|f| f.key.as_str()).collect();
        keys.sort_by_key(|k| cat.rank(k));
        if keys.is_empty() {
            continue;
        }
        let tw = time_words[(stable_hash(&[seed, bkey]) % time_words.len() as u64) as usize];
        let auto = phrases::sentences(&keys, &ds.figures, cat, period, bkey, tw);
        if !auto.is_empty() {
            out.push(WorkContext { title: bdef.title.clone(), intro: String::new(), auto, split: false, points: Vec::new() });
        }
    }
    out
}
