//! Loading a sheet: TOML parse with Chinese, located errors, then the checks
//! serde cannot do (figures by catalogue, dates inside the report year,
//! interpolation syntax and references). All problems of a sheet are
//! reported together.

use std::path::Path;

use chrono::Datelike;

use super::activity;
use super::catalogue::Catalogue;
use super::villages;
use super::figures::FigureSet;
use super::interp;
use super::mistakes;
use super::explain::translate;
use super::period::Period;
use super::sheet::{Sheet, Text};
use super::source::SourceFile;
pub use super::model::{DataSheet, to_date};
use crate::error::{Diagnostic, Error, Result};
use crate::profile::{Profile, Wording};

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
        let mut ds = DataSheet { source, sheet, figures, wording: Wording::default(), notes: Vec::new(), activities: Vec::new(), ledger_notes: Vec::new(), counted: Vec::new() };
        ds.load_activities(cat, &mut errors);
        ds.count_figures(cat);
        ds.check(cat, &mut errors);
        match errors.len() {
            0 => Ok(ds),
            1 => Err(errors.remove(0).into()),
            _ => Err(Error::Many(errors)),
        }
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
                let date = match d.get_ref() {
                    toml::Value::Datetime(t) => to_date(t),
                    other => {
                        // No date is never today's date: `import` writes 待填写 for a report with no dated 落款.
                        let said = other.as_str().map_or_else(|| other.to_string(), str::to_string);
                        let iso = super::mistakes::loose_date(&said).or_else(|| said.trim().parse::<chrono::NaiveDate>().ok().map(|d| d.format("%Y-%m-%d").to_string()));
                        errors.push(match iso {
                            Some(iso) => src.diag(d.span().start, format!("日期“{said}”加了引号"), format!("日期不加引号，写成 {iso}")),
                            None => src.diag(d.span().start, format!("成文日期“{said}”不是日期，还没有填写"), "填上报告的成文日期，如 2024-12-28（不加引号）；zongjie 不用今天的日期代替没有填写的成文日期"),
                        });
                        continue;
                    }
                };
                match date {
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

    /// Reads the sheet's `[[activity]]` entries and its ledger files into
    /// [`DataSheet::activities`] (sorted).
    fn load_activities(&mut self, cat: &Catalogue, errors: &mut Vec<Diagnostic>) {
        let (mut list, errs) = activity::from_sheet(&self.sheet.activity, &self.source, self.year(), cat, &self.figures);
        let errs_empty = errs.is_empty();
        errors.extend(errs);
        let ledger = super::ledger::read_all(self, cat);
        list.extend(ledger.activities);
        if !errs_empty || !ledger.errors.is_empty() {
            // Figures the refused rows would have counted: a reference to one
            // follows from that mistake and is not a second error.
            for (key, _) in cat.figures.iter().filter(|(_, d)| d.kind == super::Kind::Flow) {
                self.figures.mark_broken(key);
            }
        }
        errors.extend(ledger.errors);
        self.ledger_notes = ledger.notes;
        activity::sort(&mut list);
        self.activities = list;
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
