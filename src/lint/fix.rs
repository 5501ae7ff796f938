//! Safe fixes (`check --fix`): byte-precise replacements inside the raw
//! source of a sheet's string values, so comments, order, quoting and
//! formatting of the TOML stay byte-identical everywhere else. A fix is only
//! offered where the raw bytes are exactly the printed characters (no
//! escape sequence or line-ending backslash in between), and only applied
//! where the file still holds the bytes it was computed from.

use std::ops::Range;

use super::Fix;
use crate::data::SourceFile;
use crate::data::sheet::Text;

/// The file edit replacing a decoded range of a string value by `new`, or
/// None when the range's raw source is not plain text.
pub fn file_edit(src: &SourceFile, text: &Text, decoded: Range<usize>, new: &str) -> Option<Fix> {
    let value = text.get_ref().get(decoded.clone())?;
    let start = src.string_offset(text.span(), decoded.start);
    let end = src.string_offset(text.span(), decoded.end);
    let raw = src.text.get(start..end)?;
    let one_escaped_char = value.chars().count() == 1 && raw.starts_with('\\') && !raw.contains('\n');
    if raw != value && !one_escaped_char {
        return None;
    }
    if new.contains(['"', '\\', '\'', '\n']) {
        return None; // would need quoting in some string forms; never produced by the rules
    }
    Some(Fix { range: start..end, old: raw.to_string(), new: new.to_string() })
}

/// Applies fixes to a file's text. Overlapping fixes after the first and
/// fixes whose bytes no longer match are skipped. Returns the new text and
/// the fixes applied, in file order.
pub fn apply(text: &str, fixes: &[Fix]) -> (String, Vec<Fix>) {
    let mut sorted: Vec<&Fix> = fixes.iter().collect();
    sorted.sort_by_key(|f| (f.range.start, f.range.end));
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::new();
    let mut at = 0;
    for f in sorted {
        if f.range.start < at || text.get(f.range.clone()) != Some(f.old.as_str()) {
            continue;
        }
        out.push_str(&text[at..f.range.start]);
        out.push_str(&f.new);
        at = f.range.end;
        applied.push(f.clone());
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::Spanned;

    fn field(src: &str) -> (SourceFile, Text) {
        #[derive(serde::Deserialize)]
        struct W {
            t: Spanned<String>,
        }
        let w: W = toml::from_str(src).unwrap();
        (SourceFile::new("t.toml", src.to_string()), w.t)
    }

    #[test]
    fn edits_map_into_every_string_form() {
        for src in ["t = \"甲,乙\" # 注\n", "t = '甲,乙'\n", "t = \"\"\"\n甲,乙\"\"\"\n", "t = '''\n甲,乙'''\n"] {
            let (f, t) = field(src);
            let at = t.get_ref().find(',').unwrap();
            let fix = file_edit(&f, &t, at..at + 1, "，").unwrap();
            let (out, applied) = apply(src, &[fix]);
            assert_eq!(out, src.replace(',', "，"), "{src}");
            assert_eq!(applied.len(), 1);
        }
    }

    #[test]
    fn escapes_and_line_continuations_are_not_touched() {
        let src = "t = \"\"\"甲的\\\n    的乙\"\"\"\n";
        let (f, t) = field(src);
        assert_eq!(t.get_ref(), "甲的的乙");
        let at = t.get_ref().find("的的").unwrap();
        assert_eq!(file_edit(&f, &t, at..at + 6, "的"), None);
        // A single escaped quote may become a curly quote.
        let src = "t = \"落实\\\"三会\"\n";
        let (f, t) = field(src);
        let at = t.get_ref().find('"').unwrap();
        let fix = file_edit(&f, &t, at..at + 1, "“").unwrap();
        assert_eq!(apply(src, &[fix]).0, "t = \"落实“三会\"\n");
    }

    #[test]
    fn overlapping_and_stale_fixes_are_skipped() {
        let a = Fix { range: 0..2, old: "ab".into(), new: "X".into() };
        let b = Fix { range: 1..3, old: "bc".into(), new: "Y".into() };
        let stale = Fix { range: 3..4, old: "z".into(), new: "Z".into() };
        let (out, applied) = apply("abcd", &[b, a.clone(), stale]);
        assert_eq!(out, "Xcd");
        assert_eq!(applied, [a]);
    }
}
