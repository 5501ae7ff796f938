//! Loading a sheet: TOML parse with Chinese, located errors, then the checks
//! serde cannot do (figures by catalogue, dates inside the report year,
//! interpolation syntax and references). All problems of a sheet are
//! reported together.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::value::Datetime;

use super::catalogue::Catalogue;
use super::villages;
use super::figures::FigureSet;
use super::interp;
use super::mistakes;
pub(crate) use super::explain::translate;
use super::period::{Half, Period};
use super::sheet::{Layout, Sheet, Text};
use super::source::SourceFile;
use crate::error::{Diagnostic, Error, Result};
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
}

impl DataSheet {
    /// Reads and checks a sheet file with the built-in defaults (no county profile).
    pub fn load(path: &Path, cat: &Catalogue) -> Result<DataSheet> {
        Self::load_with(path, cat, &Profile::default())
    }

    /// Reads and checks a sheet under a county profile: wording the profile
    /// fixes may not be overridden unless allowed; a township's village
    /// sheets are loaded and summed.
    pub fn load_with(path: &Path, cat: &Catalogue, profile: &Profile) -> Result<DataSheet> {
        let (mut ds, mut errors) = Self::load_one(path, cat, profile)?;
        if !ds.sheet.report.villages.is_empty() {
            match villages::load_and_sum(&mut ds, path, cat, profile) {
                Ok(notes) => {
                    ds.notes.extend(notes);
                    errors.extend(ds.undefined_references());
                }
                Err(e) => errors.extend(e),
            }
        }
        match errors.len() {
            0 => Ok(ds),
            1 => Err(errors.remove(0).into()),
            _ => Err(Error::Many(errors)),
        }
    }

    /// [`load_with`](Self::load_with) without the village sheets (a village
    /// sheet is loaded this way, so a list that names itself cannot recurse):
    /// the sheet and the errors of its profile check.
    pub(crate) fn load_one(path: &Path, cat: &Catalogue, profile: &Profile) -> Result<(DataSheet, Vec<Diagnostic>)> {
        let mut ds = Self::read(path, cat)?;
        let errors = ds.check_profile(profile);
        ds.wording = profile.wording.clone();
        Ok((ds, errors))
    }

    fn read(path: &Path, cat: &Catalogue) -> Result<DataSheet> {
        let bytes = super::input::read(path).map_err(|e| {
            // Windows hides extensions: `白鹭镇` for `白鹭镇.toml`.
            let toml = path.with_extension("toml");
            if matches!(&e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound) && path.extension().is_none() && toml.is_file() {
                return Error::from(Diagnostic::whole_file(path, format!("找不到文件 {}", path.display()), format!("是否想写 {}？数据表的文件名以 .toml 结尾（Windows 可能隐藏了扩展名）", toml.display())));
            }
            e
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let src = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            Error::from(src.diag(e.utf8_error().valid_up_to(), "文件不是 UTF-8 编码", "请用记事本“另存为”并选择 UTF-8 编码，或用 VS Code 等编辑器保存为 UTF-8"))
        })?;
        Self::from_text(SourceFile::new(path, text), cat)
    }

    /// Parses and checks sheet text already in memory.
    pub fn from_text(source: SourceFile, cat: &Catalogue) -> Result<DataSheet> {
        // A byte-order mark (Notepad's "UTF-8") becomes three spaces, so every
        // span stays a byte offset of the file as it is on disk.
        let text = match source.text.strip_prefix('\u{feff}') {
            Some(rest) => std::borrow::Cow::Owned(format!("   {rest}")),
            None => std::borrow::Cow::Borrowed(source.text.as_str()),
        };
        let sheet: Sheet = toml::from_str(&text).map_err(|e| {
            let duplicate = e.message().contains("duplicate");
            let typical = mistakes::scan(&source, &text, e.span().map(|s| s.start), duplicate);
            Error::from(typical.unwrap_or_else(|| translate(&source, &e, 0)))
        })?;
        let (figures, mut errors) = FigureSet::parse_all(&sheet.figures, cat, &source);
        let ds = DataSheet { source, sheet, figures, wording: Wording::default(), notes: Vec::new() };
        ds.check(cat, &mut errors);
        match errors.len() {
            0 => Ok(ds),
            1 => Err(errors.remove(0).into()),
            _ => Err(Error::Many(errors)),
        }
    }

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
        d.and_then(|d| to_date(d.get_ref())).unwrap_or(today)
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
        out.extend([&s.report.opening, &s.report.closing].into_iter().flatten());
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

    fn check(&self, cat: &Catalogue, errors: &mut Vec<Diagnostic>) {
        let src = &self.source;
        errors.extend(super::limits::check(self));
        let y = self.sheet.report.year.get_ref();
        // A wrong year would also put every date outside it: one error, not one per date.
        let year_ok = (2000..=2100).contains(y);
        if !year_ok {
            errors.push(src.diag(self.sheet.report.year.span().start, format!("年份 {y} 不合理"), "写四位年份，如 year = 2024"));
        }
        let year = self.year();
        for (name, t) in [("unit.name", &self.sheet.unit.name), ("unit.area", &self.sheet.unit.area)] {
            if t.get_ref().trim().is_empty() {
                errors.push(src.diag(t.span().start, format!("{name} 不能为空"), "请填写单位全称和地名"));
            }
        }
        if let Some(d) = self.sheet.report.date.as_ref().filter(|_| year_ok) {
            for (d, p) in [(&d.h1, Period::H1), (&d.year, Period::Year)] {
                let Some(d) = d else { continue };
                match to_date(d.get_ref()) {
                    None => errors.push(src.diag(d.span().start, "成文日期只写年月日", "如 2024-07-08，不带时间")),
                    Some(v) => {
                        if !p.dates(year, v) {
                            let want = match p {
                                Period::H1 => format!("{year}年6月至12月之间"),
                                Period::Year => format!("{year}年11月至{}年3月之间", year + 1),
                            };
                            errors.push(src.diag(d.span().start, format!("{}版本的成文日期 {v} 不在{want}", if p == Period::H1 { "上半年" } else { "全年" }), "请检查年份和月份"));
                        }
                    }
                }
            }
        }
        for (i, w) in self.sheet.work.iter().enumerate() {
            match (&w.title, &w.block) {
                (_, Some(b)) if cat.block(b.get_ref()).is_none() => {
                    let known: Vec<&str> = cat.blocks.iter().map(|(k, _)| k.as_str()).collect();
                    errors.push(self.diag_in(b, 0, format!("未知的工作板块“{}”", b.get_ref()), format!("可选：{}", known.join("、"))));
                }
                (None, None) => {
                    let at = self.source.text.match_indices("[[work]]").nth(i).map_or(0, |(o, _)| o);
                    errors.push(src.diag(at, format!("第 {} 个 [[work]] 缺少 title", i + 1), "写上这一块工作的标题，如 title = \"强化政治引领，筑牢思想根基\"；或写 block = \"politics\" 使用目录中的板块标题"));
                }
                _ => {}
            }
            for p in &w.points {
                if let Some(d) = &p.date {
                    match to_date(d.get_ref()) {
                        Some(v) if v.year() == year || !year_ok => {}
                        Some(v) => errors.push(src.diag(d.span().start, format!("日期 {v} 不在报告年度 {year} 年内"), format!("只写 {year} 年内的日期；往年的事项请删除或去掉 date"))),
                        None => errors.push(src.diag(d.span().start, "日期只写年月日", "如 2024-05-20")),
                    }
                    if let Some(wh) = &p.when {
                        errors.push(src.diag(wh.span().start, "date 和 when 只能写一个", "有具体日期写 date，只知道上下半年写 when"));
                    }
                }
            }
        }
        for t in self.texts() {
            if let Err(e) = interp::parse(t.get_ref()) {
                errors.push(self.diag_in(t, e.offset, e.message, e.hint));
            }
        }
        // A township's figures may come from its villages: checked after summing.
        if self.sheet.report.villages.is_empty() {
            errors.extend(self.undefined_references());
        }
    }

    /// Figures that `auto` names or texts cite with `{key}` but the sheet
    /// lacks. A figure the sheet writes but whose value was refused is not
    /// reported again (one mistake, one error).
    pub fn undefined_references(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let missing = |name: &str| self.figures.get(name).is_none() && !self.figures.is_broken(name);
        let mut named: Vec<&str> = Vec::new();
        for w in &self.sheet.work {
            for a in &w.auto {
                if missing(a.get_ref()) && !named.contains(&a.get_ref().as_str()) {
                    named.push(a.get_ref());
                    errors.push(self.diag_in(a, 0, format!("auto 中的指标“{}”未在 [figures] 中填写", a.get_ref()), self.suggest(a.get_ref(), "先在 [figures] 中填写该指标，或从 auto 中删去")));
                }
            }
        }
        // A figure cited in several texts but never given is one mistake:
        // reported at its first use, saying how many more there are.
        let mut cited: Vec<(String, &Text, usize, usize)> = Vec::new();
        for t in self.texts() {
            let Ok(pieces) = interp::parse(t.get_ref()) else { continue };
            for (key, offset) in interp::references(&pieces) {
                if !missing(key) || named.contains(&key) {
                    continue;
                }
                match cited.iter_mut().find(|c| c.0 == key) {
                    Some(c) => c.3 += 1,
                    None => cited.push((key.to_string(), t, offset, 0)),
                }
            }
        }
        for (key, t, offset, more) in cited {
            let uses = if more > 0 { format!("（文中共 {} 处用到它）", more + 1) } else { String::new() };
            errors.push(self.diag_in(t, offset, format!("未定义的指标“{{{key}}}”"), self.suggest(&key, &format!("请在 [figures] 中填写 {key}{uses}，或检查拼写"))));
        }
        errors
    }

    /// "是否想写…" for a figure name the sheet does not have: the closest
    /// figure the sheet gives (by key or label), else `otherwise`.
    fn suggest(&self, name: &str, otherwise: &str) -> String {
        let best = self
            .figures
            .iter()
            .filter_map(|f| {
                let d = super::catalogue::edit_distance(&f.key, name).min(super::catalogue::edit_distance(&f.label, name));
                let n = name.chars().count();
                (d <= if name.is_ascii() { 2.max(n / 3) } else { 1.max(n / 3) }).then_some((d, f))
            })
            .min_by_key(|(d, _)| *d);
        match best {
            Some((_, f)) => format!("是否想写“{}”（{}）？", f.key, f.label),
            None => otherwise.to_string(),
        }
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
