//! A figure's inputs in `zongjie serve`: read from whatever shape the sheet
//! writes the figure in (`[6, 7]`, `{ h1 = …, year = … }`, a custom figure's
//! `value` with `last_year` beside it, the Chinese keys 上半年/上年, a
//! `last_year = { year = …, h1 = … }` table) and written back into the key
//! that already holds each part, so an edit never adds a second key for the
//! same value (which the loader would refuse, or silently read the wrong one).

use std::collections::BTreeMap;

use toml_edit::{Array, DocumentMut, InlineTable, Item, TableLike, Value};

use super::items::{number, replace, shown};
use super::values;
use crate::data::Kind;

/// The parts a figure's inputs are named after, in the order they are written.
pub const PARTS: [&str; 6] = ["", "h1", "h2", "year", "last_year_h1", "last_year"];

/// A figure's edited parts (`h1`, `year`, …; None: emptied).
pub(super) type Parts = BTreeMap<&'static str, Option<Value>>;

/// The key `part` is written under in a figure's table: its own name, or
/// the Chinese name the loader also reads.
fn written(t: &dyn TableLike, part: &'static str) -> Option<&'static str> {
    let alias = match part {
        "h1" => "上半年",
        "h2" => "下半年",
        "year" => "全年",
        "last_year" => "上年",
        _ => "",
    };
    [part, alias].into_iter().find(|k| !k.is_empty() && t.contains_key(k))
}

/// The parts of a figure as written: `[6, 7]`, `{ h1 = …, year = … }`,
/// `{ value = [6, 7], last_year = 13 }`, a custom figure's table, or a
/// single number.
pub fn read_parts(item: &Item) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    match item.as_value() {
        Some(v) => read_value(v, &mut out),
        None => {
            if let Some(t) = item.as_table_like() {
                read_table(t, &mut out);
            }
        }
    }
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
    for part in &PARTS[1..] {
        let Some(item) = written(t, part).and_then(|k| t.get(k)) else { continue };
        match item.as_table_like().filter(|_| *part == "last_year") {
            Some(lt) => {
                for (sub, p) in [("year", "last_year"), ("h1", "last_year_h1")] {
                    if let Some(s) = lt.get(sub).and_then(Item::as_value).and_then(shown) {
                        out.insert(p, s);
                    }
                }
            }
            None => {
                if let Some(s) = item.as_value().and_then(shown) {
                    out.insert(part, s);
                }
            }
        }
    }
    if let Some(v) = t.get("value") {
        out.extend(read_parts(v));
    }
}

/// Sets `key` of `t` to `v` unless the form already showed that value;
/// None removes the key, keeping the comment lines above it (returned when
/// no key follows to carry them).
fn set_key(t: &mut dyn TableLike, key: &str, v: Option<Value>) -> Option<String> {
    let old = t.get(key).and_then(Item::as_value).and_then(shown);
    if old == v.as_ref().and_then(shown) {
        return None;
    }
    match v {
        Some(v) => {
            match t.get_mut(key) {
                Some(slot) => replace(slot, v),
                None => {
                    // `{ a = 1 }` + b is `{ a = 1, b = 2 }`: the space before `}` moves to the end.
                    let mut v = v;
                    if let Some((_, Item::Value(last))) = t.iter_mut().last()
                        && let Some(space) = last.decor().suffix().and_then(|s| s.as_str()).filter(|s| !s.is_empty() && s.trim().is_empty()).map(str::to_string)
                    {
                        last.decor_mut().set_suffix("");
                        v.decor_mut().set_suffix(space);
                    }
                    t.insert(key, Item::Value(v));
                }
            }
            None
        }
        None => {
            // `{ a = 1, b = 2 }` less b is `{ a = 1 }`: the space before `}` stays.
            let last = t.iter().last().is_some_and(|(k, _)| k == key);
            let space = t.get(key).and_then(Item::as_value).and_then(|v| v.decor().suffix()).and_then(|s| s.as_str()).filter(|s| !s.is_empty() && s.trim().is_empty()).map(str::to_string);
            let orphan = values::remove(t, key);
            if let (true, Some(space), Some((_, Item::Value(v)))) = (last, space, t.iter_mut().last())
                && v.decor().suffix().and_then(|s| s.as_str()).is_none_or(|s| s.trim().is_empty())
            {
                v.decor_mut().set_suffix(space);
            }
            orphan
        }
    }
}

/// Sets `part` under the key it is written with (its own name if none).
fn set_part(t: &mut dyn TableLike, part: &'static str, v: Option<Value>) -> Option<String> {
    let key = written(t, part).unwrap_or(part);
    set_key(t, key, v)
}

/// Writes a figure's edited parts where the sheet writes them; a figure
/// written as a single number or `[上半年, 下半年]` that needs more parts
/// takes the usual table shape.
pub(super) fn set_figure(doc: &mut DocumentMut, custom: Option<&str>, key: &str, kind: Kind, edits: Parts) -> Result<(), String> {
    let figures = doc.as_table_mut().entry("figures").or_insert_with(toml_edit::table).as_table_like_mut().ok_or("figures 应为表")?;
    let table_like = figures.get(key).is_some_and(Item::is_table_like);
    // The table a removed key's comment stays at the end of.
    let parents: Vec<&str> = match custom {
        Some(c) => vec!["figures", "custom", c],
        None if table_like => vec!["figures", key],
        None => vec!["figures"],
    };
    let orphan = match custom {
        Some(c) => {
            let t = figures.get_mut("custom").and_then(|t| t.get_mut(c)).and_then(Item::as_table_like_mut).ok_or_else(|| format!("没有自定义指标“{c}”"))?;
            edit_table(t, kind, edits, true)?
        }
        None if table_like => {
            let t = figures.get_mut(key).and_then(Item::as_table_like_mut).ok_or("figures 应为表")?;
            let orphan = edit_table(t, kind, edits, false)?;
            // Every value emptied: no `key = {}` left behind.
            if t.is_empty() {
                // The comments above a `[figures.key]` header, inside it, and above `key = {…}`.
                let header = figures.get(key).and_then(Item::as_table).and_then(|t| t.decor().prefix()).and_then(|p| p.as_str()).filter(|p| p.contains('#')).unwrap_or("").to_string();
                let gone = values::remove(figures, key);
                let all: String = [Some(header), orphan, gone].into_iter().flatten().collect();
                if !all.is_empty() {
                    values::keep_comment(doc, &["figures"], &all);
                }
                return Ok(());
            }
            orphan
        }
        None => set_slot(figures, key, kind, &edits)?,
    };
    if let Some(orphan) = orphan {
        values::keep_comment(doc, &parents, &orphan);
    }
    Ok(())
}

/// A figure written as a table (always, for a custom figure): last year's
/// parts go where they are written (`last_year`, `上年`, a `last_year`
/// table, inside `value`), else beside `value`; this year's parts in
/// `value` when the table has one (a custom figure gets one), else in the
/// table's own keys.
fn edit_table(t: &mut dyn TableLike, kind: Kind, edits: Parts, custom: bool) -> Result<Option<String>, String> {
    let (last, cur): (Parts, Parts) = edits.into_iter().partition(|(p, _)| p.starts_with("last_year"));
    let mut orphans = String::new();
    for (part, v) in last {
        orphans.extend(set_last(t, part, v));
    }
    let has_current = ["h1", "h2", "year"].into_iter().any(|p| written(t, p).is_some());
    let scalar = cur.get("").is_some_and(Option::is_some);
    if t.contains_key("value") || scalar || (custom && !has_current) {
        orphans.extend(set_slot(t, "value", kind, &cur)?);
    } else {
        for (part, v) in cur.into_iter().filter(|(p, _)| !p.is_empty()) {
            orphans.extend(set_part(t, part, v));
        }
    }
    Ok(Some(orphans).filter(|o| !o.is_empty()))
}

/// Sets last year's `part` (`last_year` or `last_year_h1`) in a figure's table.
fn set_last(t: &mut dyn TableLike, part: &'static str, v: Option<Value>) -> Option<String> {
    let separate = part == "last_year_h1" && t.contains_key("last_year_h1");
    // `last_year = { year = …, h1 = … }`: both of last year's values live in it.
    if let Some(k) = written(t, "last_year").filter(|k| !separate && t.get(k).is_some_and(Item::is_table_like)) {
        let lt = t.get_mut(k).and_then(Item::as_table_like_mut)?;
        let orphan = set_key(lt, if part == "last_year" { "year" } else { "h1" }, v);
        if lt.is_empty() {
            return values::remove(t, k);
        }
        return orphan;
    }
    if written(t, part).is_none()
        && let Some(inner) = t.get_mut("value").and_then(Item::as_table_like_mut).filter(|vt| written(*vt, part).is_some() || written(*vt, "last_year").is_some())
    {
        return set_last(inner, part, v);
    }
    set_part(t, part, v)
}

/// Writes this year's edited parts into `holder[slot_key]`, in place where
/// the written shape allows (an array's elements, a table's keys), else in
/// the usual shape: `[上半年, 下半年]` for a flow figure with just those, an
/// inline table otherwise.
fn set_slot(holder: &mut dyn TableLike, slot_key: &str, kind: Kind, edits: &Parts) -> Result<Option<String>, String> {
    let old = holder.get(slot_key).map(read_parts).unwrap_or_default();
    let mut new = old.clone();
    for (part, v) in edits {
        match v.as_ref().and_then(shown) {
            Some(s) => new.insert(part, s),
            None => new.remove(part),
        };
    }
    if new == old {
        return Ok(None);
    }
    let value_of = |part: &str| edits.get(part).cloned().flatten().or_else(|| new.get(part).and_then(|s| number(s, false).ok().flatten()));
    if new.is_empty() {
        return Ok(values::remove(holder, slot_key));
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
        return Ok(None);
    }
    // In place: a table keeps its keys' order and spacing.
    if let Some(t) = holder.get_mut(slot_key).and_then(Item::as_table_like_mut).filter(|t| !t.contains_key("value")) {
        if new.contains_key("") {
            return Err("这个指标只写一个数，不能再分上下半年".into());
        }
        let mut orphans = String::new();
        for (part, v) in edits.iter().filter(|(p, _)| !p.is_empty()) {
            orphans.extend(match *part {
                "last_year" | "last_year_h1" => set_last(t, part, v.clone()),
                _ => set_part(t, part, v.clone()),
            });
        }
        return Ok(Some(orphans).filter(|o| !o.is_empty()));
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
        // One number for the whole year, with last year's: `{ value = 36, last_year = 35 }`.
        if let Some(v) = value_of("").filter(|_| new.contains_key("")) {
            t.insert("value", v);
        }
        for part in &PARTS[1..] {
            if let Some(v) = value_of(part).filter(|_| new.contains_key(part)) {
                t.insert(*part, v);
            }
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
    Ok(None)
}
