//! Sheet editing for `zongjie serve`: the form's fields (named by their path
//! in the sheet, `unit.area`, `figures.members.year`, `work.0.points.1.text`)
//! applied to the sheet's text with toml_edit, so comments, key order and
//! every untouched line stay byte for byte; a field whose value did not
//! change is not touched at all. Values are checked here (a letter in a
//! number is refused at its field); the whole sheet is then checked by the
//! loader before anything is written.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

use crate::data::Kind;
use crate::data::catalogue::Catalogue;

mod lists;
pub mod values;

pub use lists::{NewCustom, custom_op, list_op};

/// A value refused at its field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name (its path in the sheet).
    pub name: String,
    /// What is wrong and what to write, in Chinese.
    pub message: String,
}

/// The version of a sheet's text the page was opened on (a hash of the
/// text): a save against an older version is a conflict.
pub fn version(text: &str) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The parts a figure's inputs are named after, in the order they are written.
pub const PARTS: [&str; 6] = ["", "h1", "h2", "year", "last_year_h1", "last_year"];

/// The parts the form shows for a figure of `kind`, with their Chinese labels.
pub fn parts_of_kind(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Flow => &[("h1", "上半年"), ("h2", "下半年"), ("last_year_h1", "上年上半年"), ("last_year", "上年全年")],
        Kind::Stock => &[("h1", "6月底"), ("year", "年底"), ("last_year_h1", "上年6月底"), ("last_year", "上年底")],
        Kind::Constant => &[("", "数值")],
    }
}

/// Parses the sheet's text for editing, with a Chinese message.
pub fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| format!("数据表不是有效的 TOML，无法在网页中编辑：{}", e.message()))
}

/// The number a clerk typed: ASCII or full-width digits, one decimal point;
/// empty means "no value". `integer` refuses fractions.
pub fn number(input: &str, integer: bool) -> Result<Option<Value>, String> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let plain = s.strip_prefix('-').unwrap_or(&s);
    let ok = !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.') && plain.matches('.').count() <= 1 && !plain.starts_with('.') && !plain.ends_with('.');
    if !ok {
        return Err(format!("“{}”不是数字：只填数字，不写单位和文字，如 12 或 612.5", input.trim()));
    }
    if !s.contains('.') {
        return s.parse::<i64>().map(|i| Some(Value::from(i))).map_err(|_| format!("“{s}”太大了，请核对"));
    }
    if integer {
        return Err(format!("“{s}”应为整数（这是个数，不能有小数）"));
    }
    s.parse::<f64>().map(|f| Some(Value::from(f))).map_err(|_| format!("“{s}”不是数字"))
}

/// A number's display in the form (integers without a point).
fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Integer(i) => Some(i.value().to_string()),
        Value::Float(f) => Some(crate::data::format_number(*f.value())),
        _ => None,
    }
}

/// The parts of a figure as written: `[6, 7]`, `{ h1 = …, year = … }`,
/// `{ value = [6, 7], last_year = 13 }` or a single number.
pub fn read_parts(item: &Item) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    let Some(v) = item.as_value() else {
        if let Some(t) = item.as_table_like() {
            read_table(t, &mut out);
        }
        return out;
    };
    read_value(v, &mut out);
    out
}

fn read_value(v: &Value, out: &mut BTreeMap<&'static str, String>) {
    match v {
        Value::Array(a) => {
            for (part, x) in ["h1", "h2"].into_iter().zip(a.iter()) {
                if let Some(s) = shown(x) {
                    out.insert(part, s);
                }
            }
        }
        Value::InlineTable(t) => read_table(t, out),
        v => {
            if let Some(s) = shown(v) {
                out.insert("", s);
            }
        }
    }
}

fn read_table(t: &dyn TableLike, out: &mut BTreeMap<&'static str, String>) {
    if let Some(v) = t.get("value").and_then(Item::as_value) {
        read_value(v, out);
    }
    for part in &PARTS[1..] {
        if let Some(s) = t.get(part).and_then(Item::as_value).and_then(shown) {
            out.insert(part, s);
        }
    }
}

/// A figure's edited parts (`h1`, `year`, …; None: emptied).
type Parts = BTreeMap<&'static str, Option<Value>>;

/// Applies the form's fields to the sheet's text. Fields equal to what the
/// sheet holds are left alone; a refused value is reported at its field and
/// nothing is applied.
pub fn apply(text: &str, fields: &BTreeMap<String, String>, cat: &Catalogue, kinds: &BTreeMap<String, Kind>) -> Result<String, Vec<FieldError>> {
    let mut doc = parse(text).map_err(|m| vec![FieldError { name: String::new(), message: m }])?;
    let mut errors = Vec::new();
    // Figures: the parts of each figure together.
    let mut figures: BTreeMap<(Option<String>, String), Parts> = BTreeMap::new();
    for (name, input) in fields {
        let err = |message: String| FieldError { name: name.clone(), message };
        let custom_meta = name.starts_with("figures.custom.") && name.split('.').count() == 4 && (name.ends_with(".label") || name.ends_with(".unit"));
        if let Some(rest) = name.strip_prefix("figures.").filter(|_| !custom_meta) {
            let (custom, rest) = match rest.strip_prefix("custom.") {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let (key, part) = rest.split_once('.').unwrap_or((rest, ""));
            let Some(part) = PARTS.iter().find(|p| **p == part) else {
                errors.push(err("不认识的指标栏目".into()));
                continue;
            };
            let integer = if custom { false } else { cat.figure(key).map(|d| d.integer).unwrap_or(false) };
            if !custom && cat.figure(key).is_none() {
                errors.push(err(format!("指标目录中没有“{key}”")));
                continue;
            }
            match number(input, integer) {
                Ok(v) => {
                    figures.entry((custom.then(|| key.to_string()), key.to_string())).or_default().insert(part, v);
                }
                Err(m) => errors.push(err(m)),
            }
            continue;
        }
        if let Err(m) = values::set_field(&mut doc, name, input) {
            errors.push(err(m));
        }
    }
    for ((custom, key), parts) in figures {
        let kind = kinds.get(&key).copied().or_else(|| cat.figure(&key).map(|d| d.kind)).unwrap_or(Kind::Flow);
        if let Err(m) = set_figure(&mut doc, custom.as_deref(), &key, kind, parts) {
            errors.push(FieldError { name: format!("figures.{key}"), message: m });
        }
    }
    if errors.is_empty() { Ok(doc.to_string()) } else { Err(errors) }
}

/// The table holding the last segment of a path.
fn container<'a>(mut t: &'a mut dyn TableLike, segs: &[&str]) -> Option<&'a mut dyn TableLike> {
    let mut i = 0;
    while i < segs.len() {
        let item = t.get_mut(segs[i])?;
        if let Some(n) = segs.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            t = item.as_array_of_tables_mut()?.get_mut(n)?;
            i += 2;
        } else {
            t = item.as_table_like_mut()?;
            i += 1;
        }
    }
    Some(t)
}

/// Replaces `slot`'s value, keeping the spaces and comment around it.
fn replace(slot: &mut Item, mut new: Value) {
    if let Some(old) = slot.as_value() {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
}

/// Writes a figure's edited parts, in place where the written shape allows
/// (an array's elements, an inline table's keys), else in the usual shape:
/// `[上半年, 下半年]` for a flow figure with just those, an inline table otherwise.
fn set_figure(doc: &mut DocumentMut, custom: Option<&str>, key: &str, kind: Kind, edits: Parts) -> Result<(), String> {
    let figures = doc.as_table_mut().entry("figures").or_insert_with(toml_edit::table).as_table_like_mut().ok_or("figures 应为表")?;
    let (holder, slot_key): (&mut dyn TableLike, &str) = match custom {
        Some(c) => (figures.get_mut("custom").and_then(|t| t.get_mut(c)).and_then(Item::as_table_like_mut).ok_or_else(|| format!("没有自定义指标“{c}”"))?, "value"),
        None => (figures, key),
    };
    let old = holder.get(slot_key).map(read_parts).unwrap_or_default();
    let mut new = old.clone();
    for (part, v) in &edits {
        match v.as_ref().and_then(shown) {
            Some(s) => new.insert(part, s),
            None => new.remove(part),
        };
    }
    if new == old {
        return Ok(());
    }
    let value_of = |part: &str| edits.get(part).cloned().flatten().or_else(|| new.get(part).and_then(|s| number(s, false).ok().flatten()));
    if new.is_empty() {
        holder.remove(slot_key);
        return Ok(());
    }
    let slot = holder.get_mut(slot_key);
    // In place: an array of two halves stays one.
    if let Some(Item::Value(Value::Array(a))) = slot
        && new.keys().copied().eq(["h1", "h2"])
        && a.len() == 2
    {
        for (i, part) in ["h1", "h2"].into_iter().enumerate() {
            if let (Some(x), Some(v)) = (a.get_mut(i), value_of(part)) {
                let mut v = v;
                *v.decor_mut() = x.decor().clone();
                *x = v;
            }
        }
        return Ok(());
    }
    // In place: an inline table keeps its keys' order and spacing.
    if let Some(Item::Value(Value::InlineTable(t))) = slot
        && !t.contains_key("value")
    {
        for part in &PARTS[1..] {
            match (t.get_mut(part), value_of(part).filter(|_| new.contains_key(part))) {
                (Some(x), Some(mut v)) => {
                    *v.decor_mut() = x.decor().clone();
                    *x = v;
                }
                (Some(_), None) => {
                    t.remove(part);
                }
                (None, Some(v)) => {
                    t.insert(*part, v);
                }
                (None, None) => {}
            }
        }
        if new.contains_key("") {
            return Err("这个指标只写一个数，不能再分上下半年".into());
        }
        return Ok(());
    }
    let fresh: Value = if new.keys().copied().eq([""]) {
        value_of("").unwrap_or_else(|| Value::from(0))
    } else if kind == Kind::Flow && new.keys().copied().eq(["h1", "h2"]) {
        let mut a = Array::new();
        a.push(value_of("h1").unwrap_or_else(|| Value::from(0)));
        a.push(value_of("h2").unwrap_or_else(|| Value::from(0)));
        Value::Array(a)
    } else {
        let mut t = InlineTable::new();
        for part in &PARTS[1..] {
            if let Some(v) = value_of(part).filter(|_| new.contains_key(part)) {
                t.insert(*part, v);
            }
        }
        if let Some(v) = value_of("").filter(|_| new.contains_key("")) {
            t.insert("year", v);
        }
        t.fmt();
        Value::InlineTable(t)
    };
    match holder.get_mut(slot_key) {
        Some(slot) => replace(slot, fresh),
        None => {
            holder.insert(slot_key, Item::Value(fresh));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
