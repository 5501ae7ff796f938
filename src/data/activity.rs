//! The year's activities: one [`Activity`] per `[[activity]]` of the sheet
//! and per row of its ledger files (台账). Part of the checked
//! [`DataSheet`](super::DataSheet): the loader builds them (kinds resolved,
//! dates inside the report year), the ledger counts figures from them
//! ([`super::counted`]) and the writer cites them as the report's facts.

use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::figures::FigureSet;
use super::catalogue::Catalogue;
pub use super::kinds::ActivityKind;
use super::kinds::CountRule;
use super::period::Half;
use super::sheet::ActivityRow;
use super::source::SourceFile;
use crate::error::Diagnostic;

/// One thing the unit did, in the clerk's words.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Exact date when given.
    pub date: Option<NaiveDate>,
    /// 1..=12, from the date or `month`.
    pub month: u32,
    /// The half the month falls in.
    pub half: Half,
    /// The resolved kind.
    pub kind: ActivityKind,
    /// The kind as the clerk wrote it (主题党日).
    pub kind_label: String,
    /// The theme (学雷锋当先锋 助力发展做贡献), if given.
    pub theme: Option<String>,
    /// What was done, in the clerk's words.
    pub text: String,
    /// How many took part, if given.
    pub people: Option<u32>,
    /// What the row adds to its figure (default 1; for 人次 figures its `people`).
    pub count: f64,
    /// Whether `count` was given or follows from `people` / one row. False
    /// for a row of a 户/名/万元 figure without 数量, or of a 人次 figure
    /// without 参加人数: such a row is cited but its figure is not summed.
    pub counted: bool,
    /// A highlight, cited first.
    pub key: bool,
    /// Where it came from, for messages: "青石镇.toml:第40行" or "台账.xlsx:工作表1:第12行".
    pub origin: String,
}

impl Activity {
    /// The figure key the row counts toward, if any.
    pub fn figure(&self) -> Option<&str> {
        match &self.kind {
            ActivityKind::Figure(k) => Some(k),
            ActivityKind::Block(_) => None,
        }
    }

    /// The block the row's practice belongs to: its own block, or its
    /// figure's block in the catalogue (custom figures: none).
    pub fn block<'a>(&'a self, cat: &'a Catalogue) -> Option<&'a str> {
        match &self.kind {
            ActivityKind::Block(b) => Some(b),
            ActivityKind::Figure(k) => cat.figure(k).map(|d| d.block.as_str()),
        }
    }

    /// Sort key: month, then day (rows with only a month first), stable otherwise.
    fn order(&self) -> (u32, u32) {
        (self.month, self.date.map_or(0, |d| d.day()))
    }
}

/// Sorts activities by date or month, keeping the written order of equals.
pub fn sort(list: &mut [Activity]) {
    list.sort_by_key(Activity::order);
}

/// One row as read from a sheet or a ledger, before its kind is resolved.
#[derive(Debug, Clone, Default)]
pub struct RawActivity {
    /// Exact date.
    pub date: Option<NaiveDate>,
    /// Month (from a date, a month cell or `month`).
    pub month: Option<u32>,
    /// Kind as written.
    pub kind: String,
    /// Theme.
    pub theme: Option<String>,
    /// What was done.
    pub text: String,
    /// 参加人数.
    pub people: Option<u32>,
    /// 数量.
    pub count: Option<f64>,
    /// 重点.
    pub key: bool,
}

/// Where a raw row's fields are, to locate a problem with one of them.
pub trait Locate {
    /// A diagnostic at the named field (日期, 类别, 内容…) of the row.
    fn at(&self, field: &str, message: String, hint: String) -> Diagnostic;
    /// The row's origin for [`Activity::origin`].
    fn origin(&self) -> String;
}

/// Checks a raw row against the report year and resolves its kind: the
/// activity, or one located error per problem.
pub fn build(raw: RawActivity, year: i32, cat: &Catalogue, figures: &FigureSet, loc: &dyn Locate) -> Result<Activity, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    if let Some(d) = raw.date
        && d.year() != year
    {
        errors.push(loc.at("日期", format!("日期 {d} 不在报告年度 {year} 年内"), format!("只写 {year} 年内的活动；往年的记录请删去这一行")));
    }
    let month = raw.date.map(|d| d.month()).or(raw.month);
    if month.is_none() {
        errors.push(loc.at("日期", "没有写日期或月份".into(), format!("写上日期（如 {year}-03-05 或 3月5日）或月份（如 3月），才能分清上半年和下半年")));
    }
    let kind = match cat.kinds.resolve(&raw.kind, cat, figures) {
        Ok(k) => Some(k),
        Err(e) => {
            let (message, hint) = if raw.kind.trim().is_empty() { ("没有写类别".to_string(), "写上活动类别，如“主题党日”“党课”“组织建设”".to_string()) } else { e.explain(raw.kind.trim()) };
            errors.push(loc.at("类别", message, hint));
            None
        }
    };
    for (field, value, max) in [("类别", raw.kind.as_str(), super::limits::MAX_NAME_CHARS), ("主题", raw.theme.as_deref().unwrap_or(""), super::limits::MAX_TITLE_CHARS), ("内容", raw.text.as_str(), super::limits::MAX_TEXT_CHARS)] {
        if let Some(c) = value.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            errors.push(loc.at(field, format!("有看不见的控制字符（U+{:04X}）", c as u32), "删去这个字符（多半是从其他软件复制文字时带进来的）".into()));
        } else if value.chars().nth(max).is_some() {
            errors.push(loc.at(field, format!("超过了 {max} 个字"), "请精简，或拆成几行".into()));
        }
    }
    let text = raw.text.trim();
    if text.is_empty() {
        errors.push(loc.at("内容", "内容为空".into(), "写上这次活动实际做了什么（总结将引用这里的原话）；没有内容的行请删去".into()));
    }
    let (Some(month), Some(kind), true) = (month, kind, errors.is_empty()) else { return Err(errors) };
    let rule = match &kind {
        ActivityKind::Figure(k) => figures.get(k).map(|f| f.unit.as_str()).or(cat.figure(k).map(|d| d.unit.as_str())).map(|unit| cat.kinds.count_rule(k, unit)).unwrap_or_default(),
        ActivityKind::Block(_) => CountRule::Rows,
    };
    let (count, counted) = match (raw.count, rule) {
        (Some(c), _) => (c, true),
        (None, CountRule::Rows) => (1.0, true),
        (None, CountRule::People) => raw.people.map_or((0.0, false), |p| (f64::from(p), true)),
        (None, CountRule::Given) => (0.0, false),
    };
    Ok(Activity {
        date: raw.date,
        month,
        half: Half::of_month(month),
        kind,
        kind_label: raw.kind.trim().to_string(),
        theme: raw.theme.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        text: text.to_string(),
        people: raw.people,
        count,
        counted,
        key: raw.key,
        origin: loc.origin(),
    })
}

/// An `[[activity]]` of the sheet, located by its fields' spans.
struct SheetRow<'a> {
    src: &'a SourceFile,
    row: &'a ActivityRow,
}

impl Locate for SheetRow<'_> {
    fn at(&self, field: &str, message: String, hint: String) -> Diagnostic {
        let r = self.row;
        let span = match field {
            "日期" => r.date.as_ref().map(Spanned::span).or(r.month.as_ref().map(Spanned::span)),
            "类别" => Some(r.kind.span()),
            "内容" => Some(r.text.span()),
            _ => None,
        };
        self.src.diag(span.unwrap_or(r.kind.span()).start, message, hint)
    }

    fn origin(&self) -> String {
        let name = self.src.path().file_name().map_or_else(|| self.src.path().display().to_string(), |n| n.to_string_lossy().into_owned());
        format!("{name}:第{}行", self.src.position(self.row.kind.span().start).0)
    }
}

/// The half an `[[activity]]` falls in, from its date or month (None when neither reads).
pub fn row_half(row: &ActivityRow, year: i32) -> Option<Half> {
    let month = match row.date.as_ref().and_then(|d| super::cells::date_of_toml(d.get_ref(), year)) {
        Some(super::cells::When::Date(d)) => Some(d.month()),
        Some(super::cells::When::Month(m)) => Some(m),
        None => row.month.as_ref().and_then(|m| u32::try_from(*m.get_ref()).ok()).filter(|m| (1..=12).contains(m)),
    };
    month.map(Half::of_month)
}

/// The sheet's `[[activity]]` entries as activities, with one error per problem.
pub fn from_sheet(rows: &[ActivityRow], src: &SourceFile, year: i32, cat: &Catalogue, figures: &FigureSet) -> (Vec<Activity>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        let loc = SheetRow { src, row };
        let mut raw = RawActivity { kind: row.kind.get_ref().clone(), text: row.text.get_ref().clone(), theme: row.theme.as_ref().map(|t| t.get_ref().clone()), key: row.key, ..RawActivity::default() };
        if let Some(d) = &row.date {
            match super::cells::date_of_toml(d.get_ref(), year) {
                Some(super::cells::When::Date(d)) => raw.date = Some(d),
                Some(super::cells::When::Month(m)) => raw.month = Some(m),
                None => errors.push(loc.at("日期", "日期的写法无法识别".into(), format!("写成 {year}-03-05（不加引号），或写 month = 3"))),
            }
        }
        if let Some(m) = &row.month {
            match u32::try_from(*m.get_ref()).ok().filter(|m| (1..=12).contains(m)) {
                Some(m) if raw.month.is_some_and(|d| d != m) => errors.push(loc.at("日期", format!("date 和 month = {m} 不是同一个月"), "只写一个：有具体日期写 date，只知道月份写 month".into())),
                Some(m) => raw.month = raw.month.or(Some(m)),
                None => errors.push(src.diag(m.span().start, format!("月份 {} 不对", m.get_ref()), "month 写 1 到 12")),
            }
        }
        if let Some(p) = &row.people {
            match u32::try_from(*p.get_ref()) {
                Ok(p) => raw.people = Some(p),
                Err(_) => errors.push(src.diag(p.span().start, format!("参加人数 {} 不对", p.get_ref()), "people 写不小于 0 的整数")),
            }
        }
        if let Some(c) = &row.count {
            let v = *c.get_ref();
            if v.is_finite() && v >= 0.0 {
                raw.count = Some(v);
            } else {
                errors.push(src.diag(c.span().start, format!("数量 {v} 不对"), "count 写不小于 0 的数"));
            }
        }
        match build(raw, year, cat, figures, &loc) {
            Ok(a) => out.push(a),
            Err(e) => errors.extend(e),
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataSheet, Period};

    fn load(rows: &str) -> crate::error::Result<DataSheet> {
        let text = format!("[unit]\nname = \"中共甲镇委员会\"\narea = \"甲镇\"\n[report]\nyear = 2025\n[figures]\ntheme_days = [6, 6]\n{rows}");
        DataSheet::from_text(SourceFile::new("甲镇.toml", text), &crate::compose::Templates::builtin().unwrap().catalogue)
    }

    #[test]
    fn sheet_rows_become_sorted_activities_by_half() {
        let ds = load("[[activity]]\ndate = 2025-09-01\nkind = \"党课\"\ntext = \"讲授专题党课\"\n\n[[activity]]\nmonth = 3\nkind = \"主题党日\"\ntheme = \"学雷锋\"\ntext = \"开展志愿服务\"\npeople = 45\nkey = true\n\n[[activity]]\ndate = \"5月8日\"\nkind = \"廉政谈话\"\ntext = \"开展廉政谈话\"\n").unwrap();
        let a = &ds.activities;
        assert_eq!(a.iter().map(|a| a.month).collect::<Vec<_>>(), [3, 5, 9]);
        assert_eq!(a[0].kind, ActivityKind::Figure("theme_days".into()));
        assert_eq!((a[0].people, a[0].count, a[0].key, a[0].theme.as_deref()), (Some(45), 1.0, true, Some("学雷锋")));
        assert_eq!(a[0].origin, "甲镇.toml:第15行");
        // 廉政谈话 counts 人次: without 参加人数 the row has no count.
        assert!(!a[1].counted);
        assert_eq!(ds.activities_in(Period::H1).count(), 2);
        assert_eq!(ds.activities_in(Period::Year).count(), 3);
    }

    #[test]
    fn a_custom_figure_without_values_is_counted_from_its_rows() {
        let ds = load("[figures.custom.volunteering]\nlabel = \"志愿服务活动\"\nunit = \"场\"\n\n[[activity]]\nmonth = 3\nkind = \"志愿服务活动\"\ntext = \"清理河道\"\n\n[[activity]]\nmonth = 8\nkind = \"volunteering\"\ntext = \"助老服务\"\n").unwrap();
        let f = ds.figures.get("volunteering").unwrap();
        assert_eq!((f.kind, f.h1, f.h2, f.value(Period::Year)), (crate::data::Kind::Flow, Some(1.0), Some(1.0), Some(2.0)));
        assert_eq!(ds.counted, ["volunteering"]);
    }

    #[test]
    fn each_bad_row_is_one_located_error() {
        let e = load("[[activity]]\ndate = 2024-03-05\nkind = \"主题党日\"\ntext = \"a\"\n\n[[activity]]\nmonth = 4\nkind = \"主题当日\"\ntext = \"b\"\n\n[[activity]]\nmonth = 5\nkind = \"党课\"\ntext = \"  \"\n").unwrap_err();
        let d = e.diagnostics();
        assert_eq!(d.len(), 3, "{e}");
        assert_eq!((d[0].line, d[1].line, d[2].line), (9, 15, 21), "{e}");
        assert!(d[0].message.contains("不在报告年度 2025 年内"), "{e}");
        assert!(d[1].message.contains("是否想写“主题党日”"), "{e}");
        assert!(d[2].message.contains("内容为空"), "{e}");
    }
}
