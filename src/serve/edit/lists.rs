//! Changes to the sheet's lists for `zongjie serve`: work blocks, their
//! points, problems and plans added, removed and moved; custom figures added
//! and removed. Each change is made with toml_edit so every other line —
//! comments included — stays as written, and a move followed by the
//! opposite move gives the file back byte for byte.

use toml_edit::{ArrayOfTables, Item, Table};

use super::items::{container, parse};
use super::values;
use crate::data::Kind;
use crate::data::catalogue::Catalogue;

/// A change to one of the sheet's lists (`work`, `work.N.points`,
/// `problems`, `plans`): `add` appends an item with placeholders (the
/// checker points at them until they are filled), `remove` deletes item
/// `index`, `up`/`down` swap it with its neighbour. A moved item takes its
/// content along; the place keeps its position and the comments above it.
pub fn list_op(text: &str, list: &str, op: &str, index: usize) -> Result<String, String> {
    let mut doc = parse(text)?;
    // `activity.组织建设` adds an activity of that kind (the section it is listed under).
    let (list, new_kind) = match list.split_once('.') {
        Some(("activity", kind)) if op == "add" => ("activity", Some(kind)),
        _ => (list, None),
    };
    let segs: Vec<&str> = list.split('.').collect();
    let leaf = match segs.as_slice() {
        ["problems" | "plans" | "activity"] => true,
        ["work", i, "points"] if i.parse::<usize>().is_ok() => true,
        ["work"] => false,
        _ => return Err(format!("“{list}”不是可增删的列表")),
    };
    let (name, parents) = segs.split_last().ok_or("空的列表名")?;
    let holder = container(doc.as_table_mut(), parents).ok_or("数据表中没有这一部分")?;
    if op == "add" && holder.get(name).is_none() {
        holder.insert(name, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let aot = holder.get_mut(name).and_then(Item::as_array_of_tables_mut).ok_or_else(|| format!("“{list}”不是列表"))?;
    let missing = || "没有这一项（页面可能已过期，请刷新）".to_string();
    match op {
        "add" if list == "activity" => aot.push(crate::serve::activities::new_row(new_kind.unwrap_or("组织建设"))),
        "add" => {
            let mut t = Table::new();
            t.insert("title", toml_edit::value("xx"));
            t.insert("text", toml_edit::value("xx"));
            aot.push(t);
        }
        "remove" if index < aot.len() => {
            let gone = aot.remove(index);
            let mut at = Vec::new();
            positions(&gone, &mut at);
            let prefix = gone.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
            // The comment directly above an item goes with it; the first item's
            // introduces the list, and lines after a blank line stand alone: they stay.
            let keep = if index == 0 { prefix.to_string() } else { values::unattached(prefix) };
            if let Some(last) = at.into_iter().flatten().max().filter(|_| keep.contains('#')) {
                values::put_before_next(&mut doc, last, &keep, true);
            }
        }
        "up" | "down" => {
            let other = if op == "up" { index.checked_sub(1) } else { Some(index + 1) };
            let other = other.filter(|o| *o < aot.len() && index < aot.len()).ok_or_else(missing)?;
            if leaf {
                swap_leaves(aot, index, other).ok_or_else(missing)?;
            } else {
                swap_blocks(aot, index.min(other))?;
            }
        }
        _ => return Err(missing()),
    }
    Ok(doc.to_string())
}

/// Swaps two items without sub-tables: the items move, each place keeps
/// its position and the comments above it.
fn swap_leaves(aot: &mut ArrayOfTables, index: usize, other: usize) -> Option<()> {
    let (a, b) = (aot.get(index)?.clone(), aot.get(other)?.clone());
    let (pa, pb) = (a.position(), b.position());
    let (da, db) = (a.decor().clone(), b.decor().clone());
    for (i, mut t, pos, decor) in [(index, b, pa, da), (other, a, pb, db)] {
        t.set_position(pos);
        *t.decor_mut() = decor;
        aot.replace(i, t);
    }
    Some(())
}

/// The document positions of a table and its sub-tables, in the order the
/// table holds them.
fn positions(t: &Table, out: &mut Vec<Option<isize>>) {
    out.push(t.position());
    for (_, item) in t.iter() {
        match item {
            Item::Table(s) => positions(s, out),
            Item::ArrayOfTables(a) => a.iter().for_each(|s| positions(s, out)),
            _ => {}
        }
    }
}

fn place(t: &mut Table, at: &mut impl Iterator<Item = isize>) {
    t.set_position(at.next());
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(s) => place(s, at),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|s| place(s, at)),
            _ => {}
        }
    }
}

/// Swaps work blocks `first` and `first + 1` with everything under them
/// (their points): the second block's tables take the first places the two
/// blocks held, the first block's the rest, so each block stays whole and
/// the tables between them stay where they were. The block headers keep the
/// comments of their places; points take theirs along.
fn swap_blocks(aot: &mut ArrayOfTables, first: usize) -> Result<(), String> {
    let odd = || "这块工作的写法比较特殊（表头不在通常的位置），请直接在数据表文件中调整顺序".to_string();
    let (a, b) = (aot.get(first).cloned().ok_or_else(odd)?, aot.get(first + 1).cloned().ok_or_else(odd)?);
    let (mut pa, mut pb) = (Vec::new(), Vec::new());
    positions(&a, &mut pa);
    positions(&b, &mut pb);
    let pa: Option<Vec<isize>> = pa.into_iter().collect();
    let pb: Option<Vec<isize>> = pb.into_iter().collect();
    let (Some(pa), Some(pb)) = (pa, pb) else { return Err(odd()) };
    let sorted = |p: &[isize]| p.windows(2).all(|w| w[0] < w[1]);
    if !sorted(&pa) || !sorted(&pb) || pa.last() >= pb.first() {
        return Err(odd());
    }
    let mut all: Vec<isize> = pa.iter().chain(&pb).copied().collect();
    all.sort_unstable();
    let (mut a, mut b) = (a, b);
    let (da, db) = (a.decor().clone(), b.decor().clone());
    place(&mut b, &mut all[..pb.len()].iter().copied());
    place(&mut a, &mut all[pb.len()..].iter().copied());
    *b.decor_mut() = da;
    *a.decor_mut() = db;
    aot.replace(first, b);
    aot.replace(first + 1, a);
    Ok(())
}

/// A custom figure to add (`[figures.custom.key]`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewCustom {
    /// The key the text refers to it by (`{key}`); empty: the label.
    #[serde(default)]
    pub key: String,
    /// 名称.
    #[serde(default)]
    pub label: String,
    /// 单位 (may be empty).
    #[serde(default)]
    pub unit: String,
    /// `flow`, `stock` or `constant`.
    #[serde(default)]
    pub kind: String,
}

/// Adds (`add`, with `new`) or removes (`remove`, `key`) a custom figure.
/// A new one gets its label, unit and kind and no value yet: the form then
/// shows its inputs.
pub fn custom_op(text: &str, op: &str, new: &NewCustom, cat: &Catalogue) -> Result<String, String> {
    let mut doc = parse(text)?;
    let label = new.label.trim();
    let key = if new.key.trim().is_empty() { label } else { new.key.trim() };
    let figures = doc.as_table_mut().entry("figures").or_insert_with(toml_edit::table).as_table_mut().ok_or("数据表中的 figures 应为表")?;
    if op == "remove" {
        let custom = figures.get_mut("custom").and_then(Item::as_table_mut).ok_or("没有自定义指标")?;
        let first = custom.iter().filter_map(|(_, i)| i.as_table().and_then(Table::position)).min();
        let (mut leftover, mut orphan) = (None, None);
        match custom.get(key) {
            None => return Err(format!("没有自定义指标“{key}”（页面可能已过期，请刷新）")),
            // [figures.custom.key]: as a list item (the first one's comment introduces them).
            Some(Item::Table(t)) => {
                let prefix = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
                let keep = if t.position() == first { prefix.to_string() } else { values::unattached(prefix) };
                leftover = t.position().filter(|_| keep.contains('#')).map(|at| (at, keep));
                custom.remove(key);
            }
            // key = { … } under [figures.custom]: its own comment goes, the rest stays.
            Some(_) => {
                let first_key = custom.iter().next().is_some_and(|(k, _)| k == key);
                if let Some(mut k) = custom.key_mut(key).filter(|_| !first_key) {
                    let own = k.leaf_decor().prefix().and_then(|p| p.as_str()).map(values::unattached).unwrap_or_default();
                    k.leaf_decor_mut().set_prefix(own);
                }
                orphan = values::remove(custom, key);
            }
        }
        let custom_at = custom.position();
        // A `[figures.custom]` header the sheet writes (perhaps with a comment) stays.
        if custom.is_empty() && custom.is_implicit() {
            figures.remove("custom");
        }
        if let Some((at, keep)) = leftover {
            values::put_before_next(&mut doc, at, &keep, true);
        }
        if let (Some(orphan), Some(at)) = (orphan, custom_at) {
            values::put_before_next(&mut doc, at, &orphan, false);
        }
        return Ok(doc.to_string());
    }
    if op != "add" {
        return Err("不认识的操作".into());
    }
    if label.is_empty() {
        return Err("请填写指标名称，如 入户走访".into());
    }
    if key.chars().any(|c| c.is_whitespace() || "{}|.\"'[]=#".contains(c)) {
        return Err(format!("代号“{key}”不能含空格、点和 {{}}|[]=#\"' 等符号"));
    }
    if cat.figure(key).is_some() || cat.figures.iter().any(|(_, f)| f.label == key) {
        return Err(format!("“{key}”已是目录中的指标，直接在上面的指标栏里填写即可"));
    }
    let kind = match new.kind.trim() {
        "flow" | "" => Kind::Flow,
        "stock" => Kind::Stock,
        "constant" => Kind::Constant,
        k => return Err(format!("类型“{k}”不对")),
    };
    let custom = figures.entry("custom").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let custom = custom.as_table_mut().ok_or("figures.custom 应为表")?;
    if custom.contains_key(key) {
        return Err(format!("已有自定义指标“{key}”，请换一个名称"));
    }
    let mut t = Table::new();
    t.insert("label", toml_edit::value(label));
    t.insert("unit", toml_edit::value(new.unit.trim()));
    t.insert("kind", toml_edit::value(match kind {
        Kind::Flow => "flow",
        Kind::Stock => "stock",
        Kind::Constant => "constant",
    }));
    custom.insert(key, Item::Table(t));
    Ok(doc.to_string())
}
