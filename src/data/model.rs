//! The loaded sheet ([`DataSheet`]): the model every later stage reads —
//! compose, lint, render, roll-up, the editor. Built and checked by
//! [`super::load`]; filled by [`super::activity`], [`super::counted`] and
//! [`super::villages`], which import it from here (this file imports none of
//! them). The accessors say what a sheet means where it is silent (the level
//! from the area, the short name from the level, the date of a version).

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::value::Datetime;

use super::activity::Activity;
use super::figures::FigureSet;
use super::period::{Half, Period};
use super::sheet::{Layout, Sheet, Text};
use super::source::SourceFile;
use crate::error::{Diagnostic, Result};
use crate::profile::{Profile, Wording};

/// A loaded, checked sheet.
#[derive(Debug)]
pub struct DataSheet {
    /// The file's text (for locating problems later).
    pub source: SourceFile,
    /// The sheet as written.
    pub sheet: Sheet,
    /// Typed figures.
    pub figures: FigureSet,
    /// Wording the county profile sets (used where the sheet is silent).
    pub wording: Wording,
    /// Warnings found while loading (e.g. a figure differing from its villages' sum).
    pub notes: Vec<Diagnostic>,
    /// The year's activities (`[[activity]]` and ledger rows), sorted by date or month.
    pub activities: Vec<Activity>,
    /// What `check` says about the ledger files (columns read under other
    /// names or not read, example rows, figures differing from their count).
    pub ledger_notes: Vec<Diagnostic>,
    /// Keys of the figures counted from the activities (not written in `[figures]`).
    pub counted: Vec<String>,
}

impl DataSheet {
    /// The versions of `wanted` this sheet can give. A sheet filled in July
    /// (first-half values only: no figure has a second-half or year-end
    /// value) asked for both versions gives the 上半年 one, with a one-line
    /// note saying why the full year is left out; asked for the full year
    /// alone, it is an error. Otherwise `wanted` as is.
    pub fn renderable(&self, wanted: &[Period]) -> Result<(Vec<Period>, Option<Diagnostic>)> {
        let figs: Vec<_> = self.figures.iter().filter(|f| f.kind != super::Kind::Constant).collect();
        let july = !figs.is_empty() && figs.iter().all(|f| f.h2.is_none() && f.year.is_none());
        if !july || !wanted.contains(&Period::Year) {
            return Ok((wanted.to_vec(), None));
        }
        if !wanted.contains(&Period::H1) {
            let at = figs.first().map_or(0, |f| f.span.start);
            return Err(self.source.diag(at, "数据表只填了上半年数值，无法生成全年版本", "填上下半年数（如 [6, 7]）或年底数（如 { h1 = 412, year = 418 }）后再生成全年版本；现在可用 --period h1 生成上半年版本").into());
        }
        let note = Diagnostic::whole_file(self.source.path(), "只填了上半年数值，未生成全年版本（填上下半年或年底数值后再运行即可生成）", "");
        Ok((vec![Period::H1], Some(note)))
    }

    /// The report year.
    pub fn year(&self) -> i32 {
        // Saturating: an out-of-range year is reported by `check`, and the
        // date checks that run beside it must not overflow on `year + 1`.
        (*self.sheet.report.year.get_ref()).clamp(0, 9999) as i32
    }

    /// Place name (青石镇).
    pub fn area(&self) -> &str {
        self.sheet.unit.area.get_ref().trim()
    }

    /// Full unit name for the 落款.
    pub fn unit_name(&self) -> &str {
        self.sheet.unit.name.get_ref().trim()
    }

    /// Document type (党建工作总结).
    pub fn kind(&self) -> &str {
        self.sheet.report.kind.as_ref().map_or("党建工作总结", |k| k.get_ref().trim())
    }

    /// 镇/乡/街道/村/社区, given or derived from the area name.
    pub fn level(&self) -> &str {
        if let Some(l) = &self.sheet.unit.level {
            return l.get_ref().trim();
        }
        let a = self.area();
        ["街道", "社区", "镇", "乡", "村"].into_iter().find(|s| a.ends_with(s)).unwrap_or("镇")
    }

    /// How the report names its author (镇党委), given or derived.
    pub fn short(&self) -> String {
        if let Some(s) = &self.sheet.unit.short {
            return s.get_ref().trim().to_string();
        }
        match self.level() {
            "街道" => "街道党工委".into(),
            "村" => "村党组织".into(),
            "社区" => "社区党组织".into(),
            l => format!("{l}党委"),
        }
    }

    /// The superior: the sheet's, the profile's, or 县委.
    pub fn superior(&self) -> &str {
        self.sheet.unit.superior.as_ref().map(|s| s.get_ref().trim()).or(self.wording.superior.as_deref()).unwrap_or("县委")
    }

    /// Guiding thought: the sheet's, the profile's, or the standard one.
    pub fn guiding(&self) -> &str {
        self.sheet.report.guiding.as_ref().map(|s| s.get_ref().trim()).or(self.wording.guiding.as_deref()).unwrap_or("习近平新时代中国特色社会主义思想")
    }

    /// Spirits studied: the sheet's, else the profile's.
    pub fn spirit(&self) -> Vec<&str> {
        match (&self.sheet.report.spirit[..], &self.wording.spirit) {
            ([], Some(p)) => p.iter().map(|s| s.trim()).collect(),
            (s, _) => s.iter().map(|t| t.get_ref().trim()).collect(),
        }
    }

    /// The year's main line (may be empty).
    pub fn approach(&self) -> &str {
        self.sheet.report.approach.as_ref().map(|s| s.get_ref().trim()).or(self.wording.approach.as_deref()).unwrap_or("")
    }

    /// Layout of the main work: the sheet's, the profile's, or classic.
    pub fn layout(&self) -> Layout {
        self.sheet.report.layout.as_ref().map(|l| *l.get_ref()).or(self.wording.layout).unwrap_or(Layout::Classic)
    }

    /// Errors for wording the sheet sets although the profile fixes it.
    pub fn check_profile(&self, profile: &Profile) -> Vec<Diagnostic> {
        let r = &self.sheet.report;
        let w = &profile.wording;
        // (field, fixed by the profile with a different value, where the sheet sets it).
        // A sheet that says what the profile says is fine.
        let differs = |fixed: &Option<String>, sheet: &Option<Text>| fixed.as_deref().is_some_and(|f| sheet.as_ref().is_none_or(|t| t.get_ref().trim() != f.trim()));
        let spirit_differs = w.spirit.as_ref().is_some_and(|f| !f.iter().map(|x| x.trim()).eq(r.spirit.iter().map(|t| t.get_ref().trim())));
        let set: [(&str, bool, Option<usize>); 5] = [
            ("superior", differs(&w.superior, &self.sheet.unit.superior), self.sheet.unit.superior.as_ref().map(|t| t.span().start)),
            ("guiding", differs(&w.guiding, &r.guiding), r.guiding.as_ref().map(|t| t.span().start)),
            ("spirit", spirit_differs, r.spirit.first().map(|t| t.span().start)),
            ("approach", differs(&w.approach, &r.approach), r.approach.as_ref().map(|t| t.span().start)),
            ("layout", w.layout.is_some_and(|l| r.layout.as_ref().is_none_or(|t| *t.get_ref() != l)), r.layout.as_ref().map(|t| t.span().start)),
        ];
        let origin = profile.path.as_ref().map_or("县配置文件".to_string(), |p| p.display().to_string());
        set.into_iter()
            .filter(|(field, fixed, at)| *fixed && at.is_some() && !profile.allows(field))
            .map(|(field, _, at)| {
                let place = crate::profile::WORDING_FIELDS.iter().find(|(k, _)| *k == field).map_or(field, |(_, p)| p);
                self.source.diag(at.unwrap_or(0), format!("“{place}”已由 {origin} 统一规定，本表不能修改"), format!("删去这一行即可使用统一的写法；确需修改时，请在配置文件的 allow 中加入 \"{field}\""))
            })
            .collect()
    }

    /// 成文日期 of a version: the sheet's, else `today`.
    pub fn date(&self, period: Period, today: NaiveDate) -> NaiveDate {
        let d = self.sheet.report.date.as_ref().and_then(|d| match period {
            Period::H1 => d.h1.as_ref(),
            Period::Year => d.year.as_ref(),
        });
        d.and_then(|d| d.get_ref().as_datetime()).and_then(to_date).unwrap_or(today)
    }

    /// Whether a point dated or tagged this way appears in a version.
    pub fn shows(date: Option<&Spanned<Datetime>>, when: Option<&Spanned<Half>>, period: Period) -> bool {
        let half = match (date.and_then(|d| to_date(d.get_ref())), when) {
            (Some(d), _) => Some(Half::of_month(d.month())),
            (None, Some(w)) => Some(*w.get_ref()),
            (None, None) => None,
        };
        half.is_none_or(|h| period.covers(h))
    }

    /// A diagnostic inside a text field, at a byte offset of its decoded value.
    pub fn diag_in(&self, text: &Text, offset: usize, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        self.source.diag(self.source.string_offset(text.span(), offset), message, hint)
    }

    /// Every user text field of the sheet, for interpolation and linting.
    pub fn texts(&self) -> Vec<&Text> {
        let s = &self.sheet;
        let mut out: Vec<&Text> = Vec::new();
        out.extend([&s.report.opening, &s.report.closing, &s.report.problems_lead, &s.report.plans_lead].into_iter().flatten());
        for w in &s.work {
            out.extend(&w.title);
            out.extend(&w.text);
            for p in &w.points {
                out.extend(&p.title);
                out.push(&p.text);
            }
        }
        for p in &s.problems {
            out.extend(&p.title);
            out.push(&p.text);
        }
        for p in &s.plans {
            out.extend(&p.title);
            out.push(&p.text);
        }
        out
    }
}

impl DataSheet {
    /// The activities a version reports: first-half rows for 上半年, all for 全年.
    pub fn activities_in(&self, period: Period) -> impl Iterator<Item = &Activity> {
        self.activities.iter().filter(move |a| period.covers(a.half))
    }
}

/// A TOML local date as a calendar date (None for times or invalid dates).
pub fn to_date(d: &Datetime) -> Option<NaiveDate> {
    if d.time.is_some() || d.offset.is_some() {
        return None;
    }
    let d = d.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}
