//! Which form box a sheet line belongs to. The loader and the composer
//! report a problem by its line in the sheet text (`第 71 行：未定义的指标…`);
//! the editor shows it at the box that line was written from. It sits
//! between [`super::preview`] / [`super::api`] (which have the diagnostics)
//! and the page (which marks a box by its form name).

use toml_edit::{Document, Item, Table};

/// The form names of a sheet text's keys with the lines they cover.
pub struct Places {
    /// (first line, last line, form name, is a table header), 1-based lines.
    spans: Vec<(usize, usize, String, bool)>,
}

impl Places {
    /// The places of `text`; none when it does not parse.
    pub fn of(text: &str) -> Places {
        let mut spans = Vec::new();
        if let Ok(doc) = Document::parse(text) {
            let line = |at: usize| text.get(..at).map_or(1, |s| s.matches('\n').count() + 1);
            walk(doc.as_table(), "", &line, &mut spans);
        }
        Places { spans }
    }

    /// The box for a problem at `line` with `message`: the innermost key
    /// covering the line; for a required key missing from a table (reported
    /// at the table's header), that key's box.
    pub fn field(&self, line: usize, message: &str) -> Option<String> {
        if let Some((_, _, table, _)) = self.spans.iter().find(|(a, _, _, header)| *header && *a == line)
            && let Some(key) = message.split_once("缺少必填字段“").and_then(|(_, rest)| rest.split_once('”')).map(|(k, _)| k)
        {
            return Some(format!("{table}.{key}"));
        }
        self.spans.iter().filter(|(a, b, _, header)| !header && (*a..=*b).contains(&line)).min_by_key(|(a, b, _, _)| b - a).map(|(_, _, name, _)| name.clone())
    }
}

fn walk(t: &Table, prefix: &str, line: &dyn Fn(usize) -> usize, out: &mut Vec<(usize, usize, String, bool)>) {
    let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    for (k, item) in t.iter() {
        let name = join(k);
        match item {
            Item::Table(sub) => {
                if let Some(span) = sub.span() {
                    out.push((line(span.start), line(span.end.saturating_sub(1)), name.clone(), true));
                }
                walk(sub, &name, line, out);
            }
            Item::ArrayOfTables(a) => {
                for (i, sub) in a.iter().enumerate() {
                    let name = format!("{name}.{i}");
                    if let Some(span) = sub.span() {
                        out.push((line(span.start), line(span.end.saturating_sub(1)), name.clone(), true));
                    }
                    walk(sub, &name, line, out);
                }
            }
            Item::Value(v) => {
                let start = t.key(k).and_then(|key| key.span()).or(v.span()).map(|s| s.start);
                if let (Some(start), Some(end)) = (start, v.span().map(|s| s.end)) {
                    out.push((line(start), line(end.saturating_sub(1)), name, false));
                }
            }
            Item::None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = "[unit]\nname = \"甲\"\n\n[figures]\nmembers = { h1 = 1, year = 2 }\n\n[[work]]\ntitle = \"一\"\n\n[[work.points]]\ntext = \"\"\"\n第一段\n{x}\n\"\"\"\n\n[[work.points]]\ntext = \"乙\"\n";

    #[test]
    fn lines_find_their_boxes() {
        let p = Places::of(SHEET);
        assert_eq!(p.field(2, "…").as_deref(), Some("unit.name"));
        assert_eq!(p.field(5, "…").as_deref(), Some("figures.members"));
        assert_eq!(p.field(8, "…").as_deref(), Some("work.0.title"));
        assert_eq!(p.field(13, "未定义的指标").as_deref(), Some("work.0.points.0.text"));
        assert_eq!(p.field(17, "…").as_deref(), Some("work.0.points.1.text"));
        assert_eq!(p.field(1, "缺少必填字段“area”").as_deref(), Some("unit.area"));
        assert_eq!(p.field(3, "…"), None);
    }
}
