//! Building the view model templates see ([`ReportContext`], defined in
//! [`super::model`]): one sheet seen from one period, with user text already
//! interpolated, points and plans filtered by period, and phrase-bank
//! sentences written by [`super::sections`], [`super::citing`] and
//! [`super::drafts`]. Templates never see the raw sheet, so the sheet's shape
//! can change without breaking a county's templates.

use chrono::NaiveDate;

use super::citing::Citer;
use super::drafts::{self, Drafter};
use super::echo;
use super::markup::run_in_end;
pub use super::model::{Drafted, ItemContext, ReportContext, WorkContext};
use super::numerals::format_date;
use super::phrases::{Rotor, Writer, stable_hash};
use super::sections::SectionWriter;
use super::templates::Templates;
use super::wording::{Chooser, Group, Unit, Words, level_of};
use crate::data::interp;
use crate::data::sheet::{Order, Text, WorkBlock};
use crate::data::{Catalogue, DataSheet, FigureSet, Period};
use crate::error::Diagnostic;
use crate::profile::Style;

/// Builds the context of one sheet for one period.
pub fn build(ds: &DataSheet, period: Period, t: &Templates, today: NaiveDate) -> Result<ReportContext, Vec<Diagnostic>> {
    let cat = &t.catalogue;
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
    let seed = stable_hash(&[&format!("{area}{year}")]);
    let level = level_of(ds);
    let group = Group::of(&level);
    // A village or community names itself by what it is: 村党支部,
    // 村党总支, 社区党委 (from the unit's full name).
    let unit = Unit::of(group, ds.unit_name(), s.unit.short.as_ref().map_or("", |x| x.get_ref().as_str()));
    let short = match &s.unit.short {
        Some(x) => x.get_ref().trim().to_string(),
        None => match (level.as_str(), unit) {
            ("街道", _) => "街道党工委".into(),
            ("村" | "社区", Unit::Branch) => format!("{level}党支部"),
            ("村" | "社区", _) if ds.unit_name().contains("总支") => format!("{level}党总支"),
            ("村" | "社区", _) if ds.unit_name().contains("委员会") => format!("{level}党委"),
            ("村" | "社区", _) => format!("{level}党组织"),
            (l, _) => format!("{l}党委"),
        },
    };
    let mut vocab = t.writing.vocab(group);
    if unit == Unit::Parent && group == Group::Village {
        vocab.orgs = "各支部".into(); // a 党总支 speaks of the 支部 under it
    }
    let words = Words { short: short.clone(), whole: format!("全{level}"), vocab };
    let choose = Chooser { seed };
    let plain = ds.wording.style == Some(Style::Plain);
    let date = ds.date(period, today);
    let mut writer = Writer { cat, bank: &t.phrases, period, village: matches!(group, Group::Village | Group::Community), rotor: Rotor::new(seed), date, level_say: Some((&t.writing, group, unit)), written: Vec::new(), citer: Citer::new(ds.activities_in(period).collect(), t.writing.cite) };
    let stated = ds.spirit();
    let spirits = if stated.is_empty() {
        t.calendar.spirit(date)
    } else {
        // A session closed after this version's date is not studied in it
        // (the checker warns: future-session).
        let kept: Vec<&str> = stated.into_iter().filter(|s| t.calendar.after(s, date).is_empty()).collect();
        match kept.split_last() {
            None => String::new(),
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{}和{last}", rest.join("、")),
        }
    };
    let variant = super::phrases::mix(stable_hash(&[&format!("{}{year}", ds.area()), ds.unit_name()]));
    // The general sentences of the sections never repeat a formula of the
    // opening (作为首要政治任务) or of each other.
    let opening_text = match &s.report.opening {
        Some(o) => o.get_ref().clone(),
        None => {
            let mut c = tera::Context::new();
            for (k, v) in [("short", &short), ("superior", &ds.superior().to_string()), ("guiding", &ds.guiding().to_string()), ("spirits", &spirits), ("approach", &ds.approach().to_string()), ("whole", &format!("全{level}"))] {
                c.insert(k, v);
            }
            c.insert("is_h1", &(period == Period::H1));
            c.insert("year", &year);
            c.insert("variant", &variant);
            t.render("dangjian/opening.tera", &c).unwrap_or_default()
        }
    };
    let mut opened = echo::Said::default();
    opened.add(&words.plain(&opening_text));
    let said = std::cell::RefCell::new(opened);
    let drafter = Drafter { bank: &t.drafts, group, words: &words, choose, unit, said: &said };
    let avoid = drafter.contradicted(ds, &writer);
    let sections = SectionWriter { bank: &t.writing, cat, group, words: &words, choose, plain, said: &said, avoid };
    let omit: Vec<&str> = s.report.omit.iter().map(|k| k.get_ref().as_str()).collect();
    let mut omit_errors = Vec::new();
    for k in &s.report.omit {
        if ds.figures.get(k.get_ref()).is_none() {
            omit_errors.push(ds.diag_in(k, 0, format!("omit 中的“{}”不是本表填写的指标", k.get_ref()), "omit 只写本表 [figures] 中已填的指标名，用来让该指标不写入正文"));
        }
    }

    let mut work = Vec::new();
    for w in &s.work {
        let block = w.block.as_ref().and_then(|b| cat.block(b.get_ref()).map(|d| (b.get_ref().as_str(), d)));
        let title = match (&w.title, block) {
            (Some(t), _) => text(t),
            (None, Some((_, d))) => d.title.clone(),
            (None, None) => String::new(),
        };
        let intro = opt(&w.text, &mut text);
        let mut points: Vec<ItemContext> = w
            .points
            .iter()
            .filter(|p| DataSheet::shows(p.date.as_ref(), p.when.as_ref(), period))
            .map(|p| ItemContext::new(opt(&p.title, &mut text), text(&p.text)))
            .collect();
        // A lone point is run into the paragraph ("在…方面，"), not left as
        // a heading-like sentence between the figures and its text.
        if let ([p], false) = (points.as_mut_slice(), w.split)
            && !p.text.is_empty()
            && let Some(lead) = t.writing.lone_lead(&p.title)
        {
            p.lead = lead;
        }
        // Chinese labels in `auto` become their keys.
        let mut keys: Vec<&str> = w.auto.iter().map(|k| ds.figures.get(k.get_ref()).map_or(k.get_ref().as_str(), |f| f.key.as_str())).filter(|k| !omit.contains(k)).collect();
        if let (true, Some((bkey, _))) = (keys.is_empty(), block) {
            let cited = cited_figures(w, &ds.figures);
            keys = block_figures(ds, cat, bkey).into_iter().filter(|k| !cited.iter().any(|c| c == k) && !omit.contains(k)).collect();
        }
        let before = writer.citer.used();
        let auto = writer.sentences(&keys, &ds.figures, intro.is_empty());
        let bare = intro.is_empty() && points.is_empty() && writer.citer.used() == before;
        let about = block.map(|(k, _)| k.to_string()).or_else(|| keys.iter().copied().chain(cited_figures(w, &ds.figures).iter().map(String::as_str)).find_map(|k| cat.figure(k).map(|d| d.block.clone()))).or_else(|| t.writing.block_of_title(&title));
        work.push(WorkContext { lead: run_in_end(&title), title, intro, auto, split: w.split, points, outro: String::new(), block: about, bare });
    }
    // Every filled figure appears: those no block wrote and no text cites
    // go to the block that declares their catalogue block, holds another
    // figure of it or whose title names its theme (writing.toml `keywords`),
    // or to sections written from figures.
    let cited = sheet_citations(ds);
    let missing: Vec<&str> = ds
        .figures
        .iter()
        .filter(|f| f.value(period).is_some_and(|v| v != 0.0))
        .map(|f| f.key.as_str())
        .filter(|k| !omit.contains(k) && !cited.iter().any(|c| c == k) && !writer.written.iter().any(|w| w == k) && !written_out(ds, k, period))
        .collect();
    let mut by_block: Vec<(String, Vec<String>)> = Vec::new();
    for (bkey, _) in &cat.blocks {
        let keys: Vec<String> = block_figures(ds, cat, bkey).into_iter().filter(|k| missing.contains(k)).map(String::from).collect();
        let holds = |w: &WorkBlock| w.auto.iter().map(|k| k.get_ref().clone()).chain(cited_figures(w, &ds.figures)).any(|k| cat.figure(&k).is_some_and(|d| d.block == *bkey));
        let theme = |i: &usize| t.writing.blocks.get(bkey).is_some_and(|b| b.keywords.iter().any(|k| work[*i].title.contains(k.as_str())));
        let host = s.work.iter().position(|w| w.block.as_ref().is_some_and(|b| b.get_ref() == bkey)).or_else(|| s.work.iter().position(holds)).or_else(|| (0..work.len()).find(theme));
        match host {
            Some(i) if !keys.is_empty() => {
                let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
                let more = writer.sentences(&refs, &ds.figures, work[i].intro.is_empty() && work[i].auto.is_empty());
                work[i].auto.extend(more);
            }
            _ => by_block.push((bkey.clone(), keys)),
        }
    }
    let rest: Vec<String> = missing.iter().filter(|k| ds.figures.get(k).is_some_and(|f| f.block.as_deref().is_none_or(|b| cat.block(b).is_none()))).map(|k| k.to_string()).collect();
    work.extend(sections.sections(&mut writer, &ds.figures, by_block, rest));
    // Activities no figure cited are practices of their block's section
    // (after its opening figures), or of a section of their own.
    for (block, sentence) in writer.citer.by_block(cat) {
        let at = match &block {
            Some(b) => work.iter().position(|w| w.block.as_deref() == Some(b)),
            None => work.len().checked_sub(1),
        };
        match at {
            Some(i) => {
                work[i].auto.push(sentence);
                work[i].bare = false;
            }
            None => work.push(sections.practice_section(block.as_deref().unwrap_or("governance"), sentence)),
        }
    }
    // A block with nothing to say in this version (its figures all 0, its
    // points dated in the other half) is left out, not printed as a bare
    // heading; zero-figure and the points' dates tell the user why.
    work.retain(|w| !(w.intro.is_empty() && w.auto.is_empty() && w.points.is_empty() && w.outro.is_empty()));
    if s.report.order.as_ref().is_none_or(|o| *o.get_ref() == Order::Genre) {
        work = genre_order(work, cat);
    }

    let (draft_problems, draft_plans) = drafts::drafted(ds, period);
    let (mut problems, kinds) = if draft_problems {
        drafter.problems(ds, &mut writer)
    } else {
        (s.problems.iter().map(|p| ItemContext::new(opt(&p.title, &mut text), text(&p.text))).collect(), Vec::new())
    };
    let mut plans: Vec<ItemContext> = if draft_plans {
        drafter.plans(&kinds)
    } else {
        s.plans
            .iter()
            .filter(|p| p.next.as_ref().is_none_or(|n| n.get_ref().shown_in(period)))
            .map(|p| ItemContext::new(opt(&p.title, &mut text), text(&p.text)))
            .collect()
    };
    // Fewer than three of the clerk's own: what the figures show is added
    // (announced as drafted), never the standard lines; nothing on a topic
    // the clerk already wrote about.
    let bare = work.iter().filter(|w| w.bare).map(|w| w.title.clone()).collect();
    let mut drafted = Drafted { problems: if draft_problems { problems.len() } else { 0 }, plans: if draft_plans { plans.len() } else { 0 }, bare };
    let wanted = t.drafts.problems.max(3);
    if !draft_problems && problems.len() < 3 {
        let (found, _) = drafter.from_figures(ds, &mut writer, wanted);
        let clerk: String = problems.iter().map(|p| format!("{}{}", p.title, p.text)).collect();
        for p in found.into_iter().filter(|p| !echo::shares_phrase(&format!("{}{}", p.title, p.text), &clerk)).take(3 - problems.len()) {
            problems.push(p);
            drafted.problems += 1;
        }
    }
    if !draft_plans && plans.len() < 3 {
        let (_, found) = drafter.from_figures(ds, &mut writer, wanted);
        let clerk: String = plans.iter().map(|p| format!("{}{}", p.title, p.text)).collect();
        for p in drafter.answers(&found).into_iter().filter(|p| !echo::shares_phrase(&format!("{}{}", p.title, p.text), &clerk)).take(3 - plans.len()) {
            plans.push(p);
            drafted.plans += 1;
        }
    }
    let opening = s.report.opening.as_ref().map(&mut text);
    let closing = s.report.closing.as_ref().map(&mut text);
    let problems_lead = s.report.problems_lead.as_ref().map(&mut text);
    let plans_lead = s.report.plans_lead.as_ref().map(&mut text);
    errors.extend(omit_errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReportContext {
        title: format!("{area}{year}年{}{}", if period == Period::H1 { "上半年" } else { "" }, ds.kind()),
        year,
        next_year: year + 1,
        period: period.key(),
        is_h1: period == Period::H1,
        whole: format!("全{level}"),
        level,
        area,
        short,
        superior: ds.superior().to_string(),
        guiding: ds.guiding().to_string(),
        spirits,
        approach: ds.approach().to_string(),
        opening,
        closing,
        problems_lead,
        plans_lead,
        variant,
        layout: ds.layout(),
        work,
        problems,
        plans,
        unit: ds.unit_name().to_string(),
        date: format_date(date),
        drafted,
    })
}

/// Sorts sections into the genre's order (the catalogue's block order:
/// 政治建设 → 组织建设 → 党员队伍 → 党风廉政 → 发展与治理); a section of no
/// block keeps its place after the section before it.
fn genre_order(work: Vec<WorkContext>, cat: &Catalogue) -> Vec<WorkContext> {
    let mut rank = 0;
    let mut ranked: Vec<(usize, WorkContext)> = work
        .into_iter()
        .map(|w| {
            if let Some(r) = w.block.as_deref().and_then(|b| cat.blocks.iter().position(|(k, _)| k == b)) {
                rank = r;
            }
            (rank, w)
        })
        .collect();
    ranked.sort_by_key(|(r, _)| *r); // stable: a block's sections keep their order
    ranked.into_iter().map(|(_, w)| w).collect()
}

/// Whether the sheet's own text already states a figure's value with its
/// unit (420人次 written out rather than cited).
fn written_out(ds: &DataSheet, key: &str, period: Period) -> bool {
    let Some(f) = ds.figures.get(key) else { return false };
    let Some(v) = f.value(period) else { return false };
    let (a, u) = super::phrases::amount(v, &f.unit);
    let said = format!("{a}{u}");
    ds.texts().into_iter().any(|t| {
        let t = t.get_ref();
        t.match_indices(&said).any(|(i, _)| !t[..i].ends_with(|c: char| c.is_ascii_digit() || c == '.'))
    })
}

/// Figure keys any text of the sheet cites with `{key}`.
fn sheet_citations(ds: &DataSheet) -> Vec<String> {
    ds.texts().into_iter().flat_map(|t| citations(t.get_ref(), &ds.figures)).collect()
}

/// The sheet's figures of a catalogue block, in catalogue order.
fn block_figures<'a>(ds: &'a DataSheet, cat: &Catalogue, block: &str) -> Vec<&'a str> {
    let mut keys: Vec<&str> = ds.figures.iter().filter(|f| f.block.as_deref() == Some(block)).map(|f| f.key.as_str()).collect();
    keys.sort_by_key(|k| cat.rank(k));
    keys
}

/// Figure keys a work block's own texts cite with `{key}`.
fn cited_figures(w: &WorkBlock, figures: &FigureSet) -> Vec<String> {
    w.text.iter().chain(w.points.iter().map(|p| &p.text)).flat_map(|t| citations(t.get_ref(), figures)).collect()
}

/// The figure keys one text cites with `{…}`; a Chinese label counts as its key.
fn citations(text: &str, figures: &FigureSet) -> Vec<String> {
    let Ok(pieces) = interp::parse(text) else { return Vec::new() };
    interp::references(&pieces).into_iter().map(|(k, _)| figures.get(k).map_or_else(|| k.to_string(), |f| f.key.clone())).collect()
}
