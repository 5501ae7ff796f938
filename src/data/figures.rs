//! A sheet's figures, typed by the catalogue and resolved per period: a flow
//! figure's full-year value is the sum of its halves, a stock figure has a
//! value per period end, a constant the same value in both versions.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::{Spanned, Value};

use super::catalogue::{Catalogue, Kind};
use super::period::Period;
use super::source::SourceFile;
use crate::error::Diagnostic;

/// One figure of a sheet, with everything needed to word it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Key used in `{key}` and `auto`.
    pub key: String,
    /// Chinese label.
    pub label: String,
    /// Unit, e.g. 次.
    pub unit: String,
    /// Flow, stock or constant.
    pub kind: Kind,
    /// Catalogue block (custom figures: none).
    pub block: Option<String>,
    /// Whether the value must be whole.
    pub integer: bool,
    /// First half (flow) or value at 30 June (stock).
    pub h1: Option<f64>,
    /// Second half (flow only).
    pub h2: Option<f64>,
    /// Explicit full-year value (flow total, or stock at year end).
    pub year: Option<f64>,
    /// Last year's full-year value, for 同比.
    pub last_year: Option<f64>,
    /// Last year's first-half value, for 同比 in the 上半年 version.
    pub last_year_h1: Option<f64>,
    /// Where the figure is written in the sheet.
    pub span: Range<usize>,
}

impl Figure {
    /// A catalogue figure with no values yet, written at `span`.
    pub fn empty(key: &str, def: &super::catalogue::FigureDef, span: Range<usize>) -> Figure {
        Figure {
            key: key.to_string(),
            label: def.label.clone(),
            unit: def.unit.clone(),
            kind: def.kind,
            block: Some(def.block.clone()),
            integer: def.integer,
            h1: None,
            h2: None,
            year: None,
            last_year: None,
            last_year_h1: None,
            span,
        }
    }

    /// The value the given version reports, if the sheet gives enough data.
    pub fn value(&self, period: Period) -> Option<f64> {
        match (self.kind, period) {
            (_, Period::H1) => self.h1,
            (Kind::Flow, Period::Year) => self.year.or(match (self.h1, self.h2) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            }),
            (_, Period::Year) => self.year,
        }
    }

    /// Last year's value comparable with [`Figure::value`].
    pub fn last(&self, period: Period) -> Option<f64> {
        match period {
            Period::H1 => self.last_year_h1,
            Period::Year => self.last_year,
        }
    }

    /// Why [`Figure::value`] is missing, in Chinese, for an error message.
    pub fn missing_reason(&self, period: Period) -> String {
        match (self.kind, period) {
            (Kind::Flow, Period::Year) if self.h1.is_some() => {
                format!("指标“{}”缺少下半年数值，无法合计全年数", self.label)
            }
            (_, Period::H1) => format!("指标“{}”没有上半年数值", self.label),
            _ => format!("指标“{}”没有全年数值", self.label),
        }
    }
}

/// Formats a number the way a report writes it: whole numbers without a
/// decimal point, others with at most two decimals and no trailing zeros.
pub fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// All figures of a sheet by key. A figure can also be named by its Chinese
/// label (`"专题研讨"` for `seminars`), in `[figures]`, `auto` and `{…}`.
#[derive(Debug, Clone, Default)]
pub struct FigureSet {
    map: BTreeMap<String, Figure>,
    /// Chinese label → key (catalogue labels, and custom labels that clash with none).
    aliases: BTreeMap<String, String>,
    /// Figures the sheet writes but whose value could not be read (already
    /// reported; references to them are not reported again).
    broken: BTreeSet<String>,
}

const TABLE_KEYS: &str = "h1、h2、year、value、last_year、last_year_h1、unit、label、kind";

impl FigureSet {
    /// Looks a figure up by key or Chinese label.
    pub fn get(&self, key: &str) -> Option<&Figure> {
        self.map.get(key).or_else(|| self.aliases.get(key.trim()).and_then(|k| self.map.get(k)))
    }

    /// Whether the sheet writes this figure (by key or label) but its value
    /// could not be read: the error is already reported.
    pub fn is_broken(&self, name: &str) -> bool {
        self.broken.contains(name) || self.aliases.get(name).is_some_and(|k| self.broken.contains(k))
    }

    /// All figures, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = &Figure> {
        self.map.values()
    }

    /// Whether there are no figures.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Types and checks the `[figures]` table of a sheet.
    pub fn parse(raw: &BTreeMap<String, Spanned<Value>>, cat: &Catalogue, src: &SourceFile) -> Result<FigureSet, Vec<Diagnostic>> {
        let (set, errors) = Self::parse_all(raw, cat, src);
        if errors.is_empty() { Ok(set) } else { Err(errors) }
    }

    /// [`parse`](Self::parse), keeping the figures that could be read (and
    /// the names of those that could not) beside the errors.
    pub fn parse_all(raw: &BTreeMap<String, Spanned<Value>>, cat: &Catalogue, src: &SourceFile) -> (FigureSet, Vec<Diagnostic>) {
        let mut set = FigureSet::default();
        for (key, def) in &cat.figures {
            set.aliases.insert(def.label.clone(), key.clone());
        }
        let mut errors = Vec::new();
        for (key, value) in raw {
            if key == "custom" {
                match value.get_ref() {
                    Value::Table(t) => {
                        for (ckey, cval) in t {
                            let span = find_key(src, value.span(), ckey);
                            match parse_custom(ckey, cval, span, cat, src) {
                                Ok(f) => {
                                    if !cat.figures.iter().any(|(k, _)| *k == f.label) {
                                        set.aliases.entry(f.label.clone()).or_insert_with(|| ckey.clone());
                                    }
                                    set.map.insert(ckey.clone(), f);
                                }
                                Err(d) => {
                                    set.broken.insert(ckey.clone());
                                    errors.push(d);
                                }
                            }
                        }
                    }
                    _ => errors.push(src.diag(
                        value.span().start,
                        "figures.custom 应为表",
                        "自定义指标请写成 [figures.custom.名称]，下面写 label、unit、value",
                    )),
                }
                continue;
            }
            let at = src.text[..value.span().start].rfind(key.as_str()).unwrap_or(value.span().start);
            let Some((key, def)) = cat.figure(key).map(|d| (key, d)).or_else(|| cat.figure_by_label(key)) else {
                let near = cat.closest(key);
                if let Some((k, _)) = near {
                    set.broken.insert(k.to_string()); // references to it follow from this one mistake
                }
                let hint = match near {
                    Some((k, label)) => format!("是否想写“{k}”（{label}）？若是自定义指标，请写在 [figures.custom.{key}] 下并给出 label、unit、value"),
                    None => format!("可用的指标见 zongjie figures；若是自定义指标，请写在 [figures.custom.{key}] 下并给出 label、unit、value"),
                };
                errors.push(src.diag(at, format!("未知指标“{key}”"), hint));
                continue;
            };
            if set.map.contains_key(key) || set.broken.contains(key) {
                errors.push(src.diag(at, format!("指标“{}”写了两次（{key} 和“{}”是同一个指标）", def.label, def.label), "只保留一处"));
                continue;
            }
            let mut fig = Figure::empty(key, def, value.span());
            match fill(&mut fig, value.get_ref(), src, false) {
                Ok(()) => {
                    set.map.insert(key.clone(), fig);
                }
                Err(d) => {
                    set.broken.insert(key.clone());
                    errors.push(d);
                }
            }
        }
        (set, errors)
    }

    /// Records that a figure's value could not be known because its source
    /// (a ledger) was refused: references to it are not reported again.
    pub fn mark_broken(&mut self, key: &str) {
        if !self.map.contains_key(key) {
            self.broken.insert(key.to_string());
        }
    }

    /// Inserts or replaces a figure (used by tests and county roll-ups).
    pub fn insert(&mut self, f: Figure) {
        self.map.insert(f.key.clone(), f);
    }
}

/// The span of `key` inside `within` (falls back to the start of `within`).
fn find_key(src: &SourceFile, within: Range<usize>, key: &str) -> Range<usize> {
    let hay = src.text.get(within.clone()).unwrap_or("");
    match hay.find(key) {
        Some(i) => within.start + i..within.start + i + key.len(),
        None => within,
    }
}

fn parse_custom(
    key: &str,
    v: &Value,
    span: Range<usize>,
    cat: &Catalogue,
    src: &SourceFile,
) -> Result<Figure, Diagnostic> {
    let Value::Table(t) = v else {
        return Err(src.diag(span.start, format!("自定义指标“{key}”应为表"), "写成 [figures.custom.名称]，下面写 label、unit、value"));
    };
    let need = |field: &str| -> Result<String, Diagnostic> {
        match t.get(field) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(src.diag(span.start, format!("自定义指标“{key}”的 {field} 应为文字"), "用英文双引号括起来，如 unit = \"户\"")),
            None => Err(src.diag(span.start, format!("自定义指标“{key}”缺少 {field}"), "自定义指标须写明 label（名称）和 unit（单位，无单位写 \"\"）")),
        }
    };
    if cat.figure(key).is_some() {
        return Err(src.diag(span.start, format!("“{key}”已是目录中的指标，不能再自定义"), "直接写在 [figures] 下，或换一个名称"));
    }
    let mut fig = Figure {
        key: key.to_string(),
        label: need("label")?,
        unit: need("unit")?,
        kind: Kind::Constant,
        block: None,
        integer: false,
        h1: None,
        h2: None,
        year: None,
        last_year: None,
        last_year_h1: None,
        span: span.clone(),
    };
    fig.kind = match t.get("kind") {
        Some(Value::String(s)) => match s.as_str() {
            "flow" => Kind::Flow,
            "stock" => Kind::Stock,
            "constant" => Kind::Constant,
            _ => return Err(src.diag(span.start, format!("kind 取值“{s}”无效"), "可选 flow（按半年累计）、stock（时点数）、constant（全年不变）")),
        },
        _ => infer_kind(t.get("value").unwrap_or(v)),
    };
    fill(&mut fig, v, src, true).map(|()| fig)
}

/// The kind a custom figure's shape implies.
fn infer_kind(v: &Value) -> Kind {
    match v {
        Value::Array(_) => Kind::Flow,
        Value::Table(t) if t.contains_key("h2") => Kind::Flow,
        Value::Table(t) if t.contains_key("h1") || t.contains_key("year") => Kind::Stock,
        _ => Kind::Constant,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The error for a value written as text: a quoted number, a number with
/// its unit, or words. `what` is “label”的… without its opening quote.
fn quoted(src: &SourceFile, at: usize, label: &str, s: &str) -> Diagnostic {
    let t = s.trim();
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    if digits_end == t.len() && !t.is_empty() {
        src.diag(at, format!("指标“{label}“{t}”加了引号"), format!("数字不加引号，写成 {t}"))
    } else if digits_end > 0 {
        src.diag(at, format!("指标“{label}“{t}”带了单位或文字"), format!("只写数字，不加引号和单位，写成 {}", &t[..digits_end]))
    } else {
        src.diag(at, format!("指标“{label}写成了文字“{t}”"), "数值直接写数字，不加引号，如 12 或 612.5")
    }
}

/// Reads a figure's value(s) from the sheet's shape into `fig`.
fn fill(fig: &mut Figure, v: &Value, src: &SourceFile, custom: bool) -> Result<(), Diagnostic> {
    let at = fig.span.start;
    let label = fig.label.clone();
    let key = fig.key.clone();
    let num = |x: &Value, what: &str| -> Result<f64, Diagnostic> {
        match x {
            Value::String(s) => Err(quoted(src, at, &format!("{label}”的{what}"), s)),
            _ => number(x).ok_or_else(|| src.diag(at, format!("指标“{label}”的{what}不是数字"), "数值直接写数字，不加引号和单位，如 12 或 612.5")),
        }
    };
    if let Value::String(s) = v {
        return Err(quoted(src, at, &format!("{label}”的数值"), s));
    }
    match v {
        Value::Integer(_) | Value::Float(_) => {
            let n = num(v, "数值")?;
            if fig.kind == Kind::Flow {
                return Err(src.diag(at, format!("指标“{label}”按半年累计，不能只写一个数"), format!("请写成 {key} = [上半年, 下半年]，如 {key} = [6, 6]；只有全年数时写 {key} = {{ year = 12 }}")));
            }
            fig.kind = Kind::Constant;
            fig.h1 = Some(n);
            fig.year = Some(n);
        }
        Value::Array(items) => {
            if fig.kind != Kind::Flow {
                return Err(src.diag(at, format!("指标“{label}”是时点数，不能按半年相加"), format!("请写成 {key} = {{ h1 = 6月底数, year = 年底数 }}")));
            }
            if items.is_empty() || items.len() > 2 {
                return Err(src.diag(at, format!("指标“{label}”应写 [上半年, 下半年] 两个数"), "只知道上半年时可写一个数，如 [6]"));
            }
            fig.h1 = Some(num(&items[0], "上半年数值")?);
            fig.h2 = match items.get(1) {
                Some(x) => Some(num(x, "下半年数值")?),
                None => None,
            };
        }
        Value::Table(t) => {
            for (k, x) in t {
                let kat = find_key(src, fig.span.clone(), k).start;
                match k.as_str() {
                    "h1" | "上半年" => fig.h1 = Some(num(x, "上半年数值")?),
                    "h2" | "下半年" => {
                        if fig.kind != Kind::Flow {
                            return Err(src.diag(kat, format!("指标“{label}”是时点数，没有“下半年”数"), "时点数写 h1（6月底）和 year（年底）"));
                        }
                        fig.h2 = Some(num(x, "下半年数值")?);
                    }
                    "year" | "全年" => fig.year = Some(num(x, "全年数值")?),
                    "last_year" | "上年" => match x {
                        Value::Table(lt) => {
                            for (lk, lx) in lt {
                                match lk.as_str() {
                                    "year" | "全年" => fig.last_year = Some(num(lx, "上年数值")?),
                                    "h1" | "上半年" => fig.last_year_h1 = Some(num(lx, "上年同期数值")?),
                                    _ => return Err(src.diag(kat, format!("指标“{label}”的 {k} 中有未知字段“{lk}”"), format!("写成 {k} = {{ year = 上年全年数, h1 = 上年上半年数 }}，或只写一个数"))),
                                }
                            }
                        }
                        _ => fig.last_year = Some(num(x, "上年数值")?),
                    },
                    "last_year_h1" => fig.last_year_h1 = Some(num(x, "上年同期数值")?),
                    "value" => {
                        let mut inner = fig.clone();
                        fill(&mut inner, x, src, custom)?;
                        // `inner` starts as `fig`: what `value` does not write stays as it was.
                        (fig.h1, fig.h2, fig.year, fig.kind) = (inner.h1, inner.h2, inner.year, inner.kind);
                        (fig.last_year, fig.last_year_h1) = (inner.last_year, inner.last_year_h1);
                    }
                    "unit" | "label" => {
                        let Value::String(s) = x else {
                            return Err(src.diag(kat, format!("指标“{label}”的 {k} 应为文字"), "用英文双引号括起来"));
                        };
                        if k == "unit" { fig.unit = s.clone() } else { fig.label = s.clone() }
                    }
                    "kind" if custom => {}
                    _ => {
                        return Err(src.diag(kat, format!("指标“{label}”中有未知字段“{k}”"), format!("可用字段：{TABLE_KEYS}")));
                    }
                }
            }
        }
        _ => {
            return Err(src.diag(at, format!("指标“{label}”的写法无法识别"), format!("可写一个数（全年不变），[上半年, 下半年]，或 {{ {TABLE_KEYS} }} 形式的表")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
