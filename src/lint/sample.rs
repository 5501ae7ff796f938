//! `sample-text`: a text of the sheet still exactly as `zongjie init` wrote
//! it — the scaffold's example point, problem and plan (templates/
//! scaffold.toml). Such text is a claim the clerk never made; it is printed
//! like any text, so the checker says it is the example (a warning, like
//! drafted text: the report is written, and the text is announced).

use crate::data::DataSheet;

use super::view::Field;
use super::{Finding, Rule};

/// The `text = "…"` values of the scaffold, decoded.
fn samples(scaffold: &str) -> Vec<String> {
    scaffold
        .lines()
        .filter(|l| l.trim_start().starts_with("text = "))
        .filter_map(|l| toml::from_str::<toml::Table>(l.trim()).ok())
        .filter_map(|t| t.get("text").and_then(|v| v.as_str()).map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Findings for the fields whose text is one of the scaffold's examples.
pub fn check(ds: &DataSheet, fields: &[Field], scaffold: &str) -> Vec<Finding> {
    let samples = samples(scaffold);
    let src = &ds.source;
    fields
        .iter()
        .filter(|f| f.name.ends_with(".text"))
        .filter(|f| samples.iter().any(|s| s == f.text.get_ref().trim()))
        .map(|f| {
            let offset = src.string_offset(f.text.span(), 0);
            let (line, column) = src.position(offset);
            Finding {
                rule: Rule::SampleText,
                severity: Rule::SampleText.severity(),
                file: src.path.clone(),
                line,
                column,
                snippet: crate::error::snippet(src.line_text(line), column),
                text: f.text.get_ref().trim().to_string(),
                message: "这段文字是 zongjie init 样表里的示例，还不是本单位的实际情况".into(),
                hint: "改写成本单位实际的做法和数字；用不上就删去这一项（连同它的 title 和 text）".into(),
                field: Some(f.name.clone()),
                period: None,
                fix: None,
                offset,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_scaffold_has_examples_to_recognise() {
        let s = samples(include_str!("../../templates/scaffold.toml"));
        assert!(s.len() >= 3, "{s:?}");
        assert!(s.iter().all(|t| !t.contains('"') && !t.starts_with("text")), "{s:?}");
    }
}
