//! The form's fields other than figures: which paths of the sheet the page
//! may edit, and for each kind of value (text, year, date, a choice, a list
//! of lines, a yes/no) how it is shown in the form, checked, compared with
//! what the sheet holds and written back with toml_edit. A field equal to
//! what the sheet holds is never touched, so its line stays byte for byte.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::items::{container, number, replace, shown};

/// A choice's values: the one written by the page, then the aliases the
/// loader also accepts (shown as the canonical value, never rewritten).
pub type Choices = &'static [(&'static str, &'static [&'static str], &'static str)];

/// 镇/乡/街道/村/社区 (`unit.level`).
pub const LEVELS: Choices = &[("镇", &[], "镇"), ("乡", &[], "乡"), ("街道", &[], "街道"), ("村", &[], "村"), ("社区", &[], "社区")];
/// `report.layout`.
pub const LAYOUTS: Choices = &[("classic", &[], "一、主要工作下分（一）（二）……"), ("themed", &[], "每块工作单列为一、二、……")];
/// A point's `when`.
pub const WHENS: Choices = &[("h1", &["上半年"], "上半年的事（两个版本都写）"), ("h2", &["下半年"], "下半年的事（只写进全年版本）")];
/// A plan's `next`.
pub const NEXTS: Choices = &[("h2", &["下半年"], "下半年打算（只写进上半年版本）"), ("year", &["next_year", "明年"], "明年打算（只写进全年版本）")];

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// Text; `keep_empty`: an emptied field writes `""` instead of removing the key.
    Text { keep_empty: bool },
    /// The report year (required).
    Year,
    /// A calendar date, written as a TOML local date (2024-07-08).
    Date,
    /// One of a few values; empty removes the key.
    Choice(Choices),
    /// A list of texts, one per line of the input.
    Lines,
    /// A set of texts ticked in checkboxes (one per line of the input): the
    /// order written in the sheet is kept, new ones go at the end.
    Set,
    /// Yes (`true`) or no (empty).
    Flag,
    /// A number (an activity's month, people, count); `integer` refuses fractions. Empty removes the key.
    Number { integer: bool },
}

/// The kind of the field named `segs` (its path in the sheet), if the page
/// may edit it. Figures are handled by the caller.
pub fn field_of(segs: &[&str]) -> Option<Field> {
    let idx = |s: &str| s.parse::<usize>().is_ok();
    let text = Field::Text { keep_empty: false };
    Some(match segs {
        ["unit", "name" | "short" | "area" | "superior"] => text,
        ["unit", "level"] => Field::Choice(LEVELS),
        ["report", "year"] => Field::Year,
        ["report", "kind" | "guiding" | "approach" | "opening" | "closing"] => text,
        ["report", "layout"] => Field::Choice(LAYOUTS),
        ["report", "date", "h1" | "year"] => Field::Date,
        ["report", "spirit"] => Field::Lines,
        ["report", "villages" | "omit"] => Field::Set,
        ["work", i, "title" | "text"] if idx(i) => text,
        ["work", i, "split"] if idx(i) => Field::Flag,
        ["work", i, "block"] if idx(i) => text,
        ["work", i, "auto"] if idx(i) => Field::Set,
        ["work", i, "points", j, "title" | "text"] if idx(i) && idx(j) => text,
        ["work", i, "points", j, "date"] if idx(i) && idx(j) => Field::Date,
        ["work", i, "points", j, "when"] if idx(i) && idx(j) => Field::Choice(WHENS),
        ["problems" | "plans", i, "title" | "text"] if idx(i) => text,
        ["plans", i, "next"] if idx(i) => Field::Choice(NEXTS),
        ["figures", "custom", _, "label" | "unit"] => Field::Text { keep_empty: true },
        ["activity", i, "kind" | "theme" | "text"] if idx(i) => text,
        ["activity", i, "date"] if idx(i) => Field::Date,
        ["activity", i, "month" | "people"] if idx(i) => Field::Number { integer: true },
        ["activity", i, "count"] if idx(i) => Field::Number { integer: false },
        ["activity", i, "key"] if idx(i) => Field::Flag,
        _ => return None,
    })
}

/// The key `key` is written under in `t`: `report.date` also takes its
/// Chinese aliases (上半年, 全年).
fn written_key<'k>(t: &dyn TableLike, parents: &[&str], key: &'k str) -> &'k str {
    let alias = match (parents, key) {
        (["report", "date"], "h1") => "上半年",
        (["report", "date"], "year") => "全年",
        _ => return key,
    };
    if t.get(key).is_none() && t.get(alias).is_some() { alias } else { key }
}

/// The value of `field` as the form shows it.
pub fn form_value(item: Option<&Item>, field: Field) -> String {
    let Some(v) = item.and_then(Item::as_value) else { return String::new() };
    match (field, v) {
        (Field::Choice(choices), Value::String(s)) => canonical(choices, s.value()).unwrap_or(s.value()).to_string(),
        (Field::Lines | Field::Set, Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        (Field::Flag, Value::Boolean(b)) => if *b.value() { "true".into() } else { String::new() },
        (_, Value::String(s)) => s.value().clone(),
        // Without its decor: `year = 2025   # 报告年度` shows 2025, not the comment.
        (_, v) => {
            let mut v = v.clone();
            v.decor_mut().clear();
            v.to_string().trim().to_string()
        }
    }
}

/// The form value of the field at `path` in `doc` (`report.date.h1`, …).
pub fn value_at(doc: &DocumentMut, path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    let (Some(field), Some((key, parents))) = (field_of(&segs), segs.split_last()) else { return String::new() };
    let mut t: &dyn TableLike = doc.as_table();
    let mut i = 0;
    while i < parents.len() {
        let Some(item) = t.get(parents[i]) else { return String::new() };
        let next = match parents.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            Some(n) => {
                i += 1;
                item.as_array_of_tables().and_then(|a| a.get(n)).map(|t| t as &dyn TableLike)
            }
            None => item.as_table_like(),
        };
        let Some(next) = next else { return String::new() };
        t = next;
        i += 1;
    }
    form_value(t.get(written_key(t, parents, key)), field)
}

fn canonical(choices: Choices, s: &str) -> Option<&'static str> {
    choices.iter().find(|(v, aliases, _)| *v == s || aliases.contains(&s)).map(|(v, _, _)| *v)
}

/// A date as a clerk may type it — 2024-07-08, 2024-7-8, 2024/7/8, 2024.7.8,
/// 2024年7月8日, full-width digits — as a TOML local date.
pub fn date(input: &str) -> Result<Option<Value>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t.chars().map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c }).collect();
    let parts: Vec<&str> = digits.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    let bad = || format!("“{t}”不是有效日期：写成 2024-07-08 这样的年-月-日");
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else { return Err(bad()) };
    if !(1900..=2999).contains(&y) || chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return Err(bad());
    }
    let dt: toml_edit::Datetime = format!("{y:04}-{m:02}-{d:02}").parse().map_err(|_| bad())?;
    Ok(Some(Value::from(dt)))
}

/// The value a field's input stands for (None: remove the key).
fn parse(field: Field, input: &str) -> Result<Option<Value>, String> {
    let t = input.trim();
    Ok(match field {
        Field::Year => match number(input, true)? {
            Some(v) => Some(v),
            None => return Err("请填写年份，如 2024".into()),
        },
        Field::Date => date(input)?,
        Field::Choice(choices) => match t {
            "" => None,
            t => Some(Value::from(canonical(choices, t).ok_or_else(|| format!("“{t}”不是可选的值：请从下拉框里选"))?)),
        },
        Field::Lines | Field::Set => {
            let lines: Vec<&str> = input.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            if lines.is_empty() { None } else { Some(Value::Array(lines.into_iter().collect::<Array>())) }
        }
        Field::Flag => match t {
            "" | "false" => Some(Value::from(false)),
            "true" => Some(Value::from(true)),
            _ => return Err("只能勾选或不勾选".into()),
        },
        Field::Number { integer } => number(input, integer)?,
        Field::Text { keep_empty } if t.is_empty() && !keep_empty => None,
        Field::Text { .. } => Some(Value::from(input.replace("\r\n", "\n"))),
    })
}

/// Whether the sheet's `old` value already says what `new` says.
fn same(field: Field, old: Option<&Value>, new: Option<&Value>) -> bool {
    match (field, old, new) {
        (_, None, None) => true,
        (Field::Flag, None, Some(Value::Boolean(b))) => !*b.value(),
        (Field::Choice(c), Some(Value::String(o)), Some(Value::String(n))) => canonical(c, o.value()) == Some(n.value().as_str()),
        (Field::Lines, Some(Value::Array(o)), Some(Value::Array(n))) => o.iter().map(Value::as_str).eq(n.iter().map(Value::as_str)),
        (Field::Set, Some(Value::Array(o)), Some(Value::Array(n))) => {
            let set = |a: &Array| a.iter().filter_map(Value::as_str).map(str::to_string).collect::<std::collections::BTreeSet<_>>();
            set(o) == set(n)
        }
        (Field::Date, Some(Value::Datetime(o)), Some(Value::Datetime(n))) => o.value() == n.value(),
        (Field::Flag, Some(Value::Boolean(o)), Some(Value::Boolean(n))) => o.value() == n.value(),
        (_, Some(Value::String(o)), Some(Value::String(n))) => o.value() == n.value(),
        (_, Some(o @ (Value::Integer(_) | Value::Float(_))), Some(n)) => shown(o) == shown(n),
        _ => false,
    }
}

/// Applies one field's input to the document.
pub fn set_field(doc: &mut DocumentMut, name: &str, input: &str) -> Result<(), String> {
    let segs: Vec<&str> = name.split('.').collect();
    set_segs(doc, &segs, input)
}

/// [`set_field`] for a path already split (a custom figure's key may hold dots).
pub fn set_segs(doc: &mut DocumentMut, segs: &[&str], input: &str) -> Result<(), String> {
    let name = segs.join(".");
    let field = field_of(segs).ok_or_else(|| format!("“{name}”不是可在网页中修改的栏目"))?;
    let (key, parents) = segs.split_last().ok_or("空的栏目名")?;
    let value = parse(field, input)?;
    let dates = parents == ["report", "date"];
    // 成文日期 not written yet: `date = { … }` is added under [report].
    if dates && value.is_some() {
        let report = container(doc.as_table_mut(), &["report"]).ok_or("数据表中没有 [report] 这一部分")?;
        if report.get("date").is_none() {
            report.insert("date", Item::Value(Value::InlineTable(InlineTable::new())));
        }
    }
    let Some(t) = container(doc.as_table_mut(), parents) else {
        return if value.is_none() { Ok(()) } else { Err(format!("数据表中没有“{}”这一部分", parents.join("."))) };
    };
    let key = written_key(t, parents, key);
    if same(field, t.get(key).and_then(Item::as_value), value.as_ref()) {
        return Ok(());
    }
    let value = match (field, value, t.get(key).and_then(Item::as_value)) {
        (Field::Set, Some(Value::Array(new)), Some(Value::Array(old))) => Some(Value::Array(merge(old, &new))),
        (_, v, _) => v,
    };
    match value {
        None => {
            if let Some(orphan) = remove(t, key) {
                keep_comment(doc, parents, &orphan);
            }
        }
        Some(v) => match t.get_mut(key) {
            Some(slot) => replace(slot, v),
            None => {
                t.insert(key, Item::Value(v));
                if let Some(Item::Value(Value::InlineTable(it))) = doc.as_table_mut().get_mut("report").and_then(|r| r.get_mut("date")).filter(|_| dates) {
                    it.fmt();
                }
            }
        },
    }
    // Both dates emptied: no empty `date = {}` left behind.
    if dates && let Some(report) = container(doc.as_table_mut(), &["report"]) && report.get("date").and_then(Item::as_table_like).is_some_and(|d| d.is_empty()) {
        report.remove("date");
    }
    Ok(())
}

/// Removes `key`, handing the comment lines above it to the next key so
/// they survive (a key's leading comments belong to it in toml_edit).
/// Returns them when there is no next key.
pub(super) fn remove(t: &mut dyn TableLike, key: &str) -> Option<String> {
    let prefix = t.key(key).and_then(|k| k.leaf_decor().prefix()).and_then(|p| p.as_str()).filter(|p| p.contains('#')).map(str::to_string);
    let next = t.iter().map(|(k, _)| k.to_string()).skip_while(|k| k != key).nth(1);
    t.remove(key);
    let prefix = prefix?;
    let Some(mut k) = next.and_then(|n| t.key_mut(&n)) else { return Some(prefix) };
    let own = k.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
    k.leaf_decor_mut().set_prefix(format!("{prefix}{own}"));
    None
}

/// A table's place among the document's tables: a key, or an element of an array of tables.
#[derive(Clone)]
enum Seg {
    Key(String),
    Elem(String, usize),
}

/// Comment lines left over from the last key of the table at `parents`:
/// they stay where they were, at the end of that table, which in the text
/// is just before the next table's header (or the end of the file).
pub(super) fn keep_comment(doc: &mut DocumentMut, parents: &[&str], orphan: &str) {
    let mut t: &Table = doc.as_table();
    let mut i = 0;
    while i < parents.len() {
        let Some(item) = t.get(parents[i]) else { return };
        let next = match parents.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            Some(n) => {
                i += 1;
                item.as_array_of_tables().and_then(|a| a.get(n))
            }
            None => item.as_table(),
        };
        let Some(next) = next else { return };
        t = next;
        i += 1;
    }
    // An inline table holds no comments; an implicit one has no place.
    let Some(at) = t.position() else { return };
    put_before_next(doc, at, orphan, false);
}

/// `prefix` (the lines above a table header or key) without the comment
/// lines written directly above it, which belong to that item.
pub(super) fn unattached(prefix: &str) -> String {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    // The indentation before the header is not a line of its own.
    let mut cut = lines.len() - usize::from(lines.last().is_some_and(|l| !l.ends_with('\n')));
    while cut > 0 && lines[cut - 1].trim_start().starts_with('#') {
        cut -= 1;
    }
    lines[..cut].concat()
}

/// Puts `text` (comment lines) in front of the first table written after
/// position `after`, or at the end of the file. `close`: the blank lines
/// that began that table's prefix go (the text brings its own spacing).
pub(super) fn put_before_next(doc: &mut DocumentMut, after: isize, text: &str, close: bool) {
    let join = |own: &str| {
        let own = if close { own.split_inclusive('\n').skip_while(|l| l.trim().is_empty()).collect() } else { own.to_string() };
        format!("{text}{own}")
    };
    let mut best: Option<(isize, Vec<Seg>)> = None;
    next_table(doc.as_table(), after, &mut Vec::new(), &mut best);
    match best.and_then(|(_, path)| table_at(doc.as_table_mut(), &path)) {
        Some(next) => {
            let own = next.decor().prefix().and_then(|p| p.as_str()).unwrap_or("").to_string();
            next.decor_mut().set_prefix(join(&own));
        }
        None => {
            let own = doc.trailing().as_str().unwrap_or("").to_string();
            doc.set_trailing(join(&own));
        }
    }
}

/// The table written first after position `after`, by its path.
fn next_table(t: &Table, after: isize, path: &mut Vec<Seg>, best: &mut Option<(isize, Vec<Seg>)>) {
    for (k, item) in t.iter() {
        let subs: Vec<(Seg, &Table)> = match item {
            Item::Table(s) => vec![(Seg::Key(k.to_string()), s)],
            Item::ArrayOfTables(a) => a.iter().enumerate().map(|(n, s)| (Seg::Elem(k.to_string(), n), s)).collect(),
            _ => continue,
        };
        for (seg, s) in subs {
            path.push(seg);
            if let Some(p) = s.position().filter(|p| *p > after && !s.is_implicit())
                && best.as_ref().is_none_or(|(b, _)| p < *b)
            {
                *best = Some((p, path.clone()));
            }
            next_table(s, after, path, best);
            path.pop();
        }
    }
}

fn table_at<'a>(mut t: &'a mut Table, path: &[Seg]) -> Option<&'a mut Table> {
    for seg in path {
        t = match seg {
            Seg::Key(k) => t.get_mut(k)?.as_table_mut()?,
            Seg::Elem(k, n) => t.get_mut(k)?.as_array_of_tables_mut()?.get_mut(*n)?,
        };
    }
    Some(t)
}

/// The ticked set `new` in the order of `old`: kept items where they were
/// (with their spacing), new ones at the end.
fn merge(old: &Array, new: &Array) -> Array {
    let wanted: Vec<&str> = new.iter().filter_map(Value::as_str).collect();
    let mut out = old.clone();
    out.retain(|v| v.as_str().is_some_and(|s| wanted.contains(&s)));
    // The first item keeps the first place's spacing (`["a", "b"]` less "a" is `["b"]`).
    if let (Some(first), Some(place)) = (out.get_mut(0), old.get(0)) {
        *first.decor_mut() = place.decor().clone();
    }
    let kept: Vec<String> = out.iter().filter_map(Value::as_str).map(str::to_string).collect();
    for w in wanted.into_iter().filter(|w| !kept.iter().any(|k| k == w)) {
        out.push(w);
    }
    out
}
