//! Sheet editing for `zongjie serve`: the form's fields (named by their path
//! in the sheet, `unit.area`, `figures.members.year`, `work.0.points.1.text`)
//! applied to the sheet's text with toml_edit, so comments, key order and
//! every untouched line stay byte for byte; a field whose value did not
//! change is not touched at all. Values are checked here (a letter in a
//! number is refused at its field); the whole sheet is then checked by the
//! loader before anything is written.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use toml_edit::Item;

use crate::data::Kind;
use crate::data::catalogue::Catalogue;

mod figures;
mod items;
mod lists;
pub mod values;

pub use figures::{PARTS, read_parts};
pub use items::{number, parse};
pub use lists::{NewCustom, custom_op, list_op};
use figures::{Parts, set_figure};

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

/// The parts the form shows for a figure of `kind`, with their Chinese labels.
pub fn parts_of_kind(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Flow => &[("h1", "上半年"), ("h2", "下半年"), ("last_year_h1", "上年上半年"), ("last_year", "上年全年")],
        Kind::Stock => &[("h1", "6月底"), ("year", "年底"), ("last_year_h1", "上年6月底"), ("last_year", "上年底")],
        Kind::Constant => &[("", "数值"), ("last_year", "上年")],
    }
}


/// Applies the form's fields to the sheet's text. Fields equal to what the
/// sheet holds are left alone; a refused value is reported at its field and
/// nothing is applied.
pub fn apply(text: &str, fields: &BTreeMap<String, String>, cat: &Catalogue, kinds: &BTreeMap<String, Kind>) -> Result<String, Vec<FieldError>> {
    let mut doc = parse(text).map_err(|m| vec![FieldError { name: String::new(), message: m }])?;
    let mut errors = Vec::new();
    // Figures: the parts of each figure together.
    let mut figures: BTreeMap<(Option<String>, String), Parts> = BTreeMap::new();
    let custom_keys: Vec<String> = doc.get("figures").and_then(|f| f.get("custom")).and_then(Item::as_table_like).map(|t| t.iter().map(|(k, _)| k.to_string()).collect()).unwrap_or_default();
    for (name, input) in fields {
        let err = |message: String| FieldError { name: name.clone(), message };
        // `figures.custom.<key>.<part>` is split at a key the sheet has: a key may hold dots.
        let custom = name.strip_prefix("figures.custom.").and_then(|rest| {
            let found = custom_keys.iter().filter(|k| rest.strip_prefix(k.as_str()).is_some_and(|p| p.is_empty() || p.starts_with('.'))).max_by_key(|k| k.len())?;
            Some((found.clone(), rest[found.len()..].trim_start_matches('.').to_string()))
        });
        let (custom, key, part) = match (custom, name.strip_prefix("figures.")) {
            (Some((key, part)), _) if part == "label" || part == "unit" => {
                if let Err(m) = values::set_segs(&mut doc, &["figures", "custom", &key, &part], input) {
                    errors.push(err(m));
                }
                continue;
            }
            (Some((key, part)), _) => (true, key, part),
            (None, Some(rest)) if rest.starts_with("custom.") => {
                errors.push(err("没有这个自定义指标（页面可能已过期，请刷新）".into()));
                continue;
            }
            (None, Some(rest)) => {
                let (key, part) = rest.split_once('.').unwrap_or((rest, ""));
                (false, key.to_string(), part.to_string())
            }
            (None, None) => {
                if let Err(m) = values::set_field(&mut doc, name, input) {
                    errors.push(err(m));
                }
                continue;
            }
        };
        let Some(part) = PARTS.iter().find(|p| **p == part) else {
            errors.push(err("不认识的指标栏目".into()));
            continue;
        };
        let integer = if custom { false } else { cat.figure(&key).map(|d| d.integer).unwrap_or(false) };
        if !custom && cat.figure(&key).is_none() {
            errors.push(err(format!("指标目录中没有“{key}”")));
            continue;
        }
        match number(input, integer) {
            Ok(v) => {
                figures.entry((custom.then(|| key.clone()), key)).or_default().insert(part, v);
            }
            Err(m) => errors.push(err(m)),
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

#[cfg(test)]
mod tests;
