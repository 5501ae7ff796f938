//! Source text of a loaded file and the mapping from byte offsets (and offsets
//! inside a TOML string value) to line and column. Used by the loader, the
//! composer (to locate `{undefined}` inside a point's text) and the checker.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::Diagnostic;

/// A file's text with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where the text came from.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    line_starts: Vec<usize>,
    /// Per escaped string (by the start of its body): the walk's states
    /// every [`CHECKPOINT_STEPS`] steps, so mapping the thousands of
    /// findings of one long string is not quadratic.
    checkpoints: Arc<Mutex<HashMap<usize, Arc<Vec<(usize, usize)>>>>>,
}

/// Steps of the escape walk between two saved states.
const CHECKPOINT_STEPS: usize = 256;

impl SourceFile {
    /// Indexes `text` read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, line_starts, checkpoints: Arc::default() }
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and 1-based character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char(&self.text, offset)].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic pointing at a byte offset of this file.
    pub fn diag(&self, offset: usize, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(offset);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            snippet: crate::error::snippet(self.line_text(line), column),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Maps a byte offset inside the *decoded* value of the TOML string whose
    /// raw source occupies `span` to a byte offset in the file. Handles the
    /// four TOML string forms, escapes, and the trimmed first newline and
    /// line-ending backslashes of multi-line strings.
    pub fn string_offset(&self, span: Range<usize>, decoded: usize) -> usize {
        let Some(raw) = self.text.get(span.clone()) else { return span.start };
        let (delim, literal) = if raw.starts_with("\"\"\"") {
            (3, false)
        } else if raw.starts_with("'''") {
            (3, true)
        } else if raw.starts_with('"') {
            (1, false)
        } else if raw.starts_with('\'') {
            (1, true)
        } else {
            return span.start; // not a string (e.g. a bare value)
        };
        let mut pos = span.start + delim;
        let body_end = span.end.saturating_sub(delim).max(pos);
        if delim == 3 {
            if self.text[pos..].starts_with("\r\n") {
                pos += 2;
            } else if self.text[pos..].starts_with('\n') {
                pos += 1;
            }
        }
        // Without escapes the decoded text is the raw text (the common case,
        // and O(1): findings on a long line would otherwise be quadratic).
        if literal || !self.text[pos..body_end].contains('\\') {
            let mut at = (pos + decoded).min(body_end);
            while !self.text.is_char_boundary(at) {
                at += 1;
            }
            return at;
        }
        // Resume from the last saved state before `decoded` (the walk is
        // deterministic, so it ends where a walk from the start would).
        let mut out = 0usize;
        if body_end - pos > CHECKPOINT_STEPS {
            let states = self.checkpoints_of(pos, body_end);
            let i = states.partition_point(|&(_, o)| o < decoded);
            if i > 0 {
                (pos, out) = states[i - 1];
            }
        }
        walk(&self.text, pos, body_end, out, |_, _, out| out < decoded)
    }

    /// The saved states of the escape walk over `pos..body_end`.
    fn checkpoints_of(&self, pos: usize, body_end: usize) -> Arc<Vec<(usize, usize)>> {
        let mut cache = self.checkpoints.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(pos)
            .or_insert_with(|| {
                let mut states = Vec::new();
                walk(&self.text, pos, body_end, 0, |step, p, out| {
                    if step % CHECKPOINT_STEPS == 0 {
                        states.push((p, out));
                    }
                    true
                });
                Arc::new(states)
            })
            .clone()
    }
}

/// The escape walk of a basic string's body from (`pos`, `out`): raw byte
/// position and decoded byte count advance together while `go(step, pos,
/// out)` holds; returns the raw position where it stopped.
fn walk(text: &str, mut pos: usize, body_end: usize, mut out: usize, mut go: impl FnMut(usize, usize, usize) -> bool) -> usize {
    let mut step = 0;
    while pos < body_end && go(step, pos, out) {
        step += 1;
        let rest = &text[pos..body_end];
        let c = rest.chars().next().unwrap_or('\0');
        if c == '\\' {
            let next = rest[1..].chars().next().unwrap_or('\0');
            let (raw_len, dec_len) = match next {
                'u' => (6, decoded_len(&rest[2..6.min(rest.len())], 16)),
                'U' => (10, decoded_len(&rest[2..10.min(rest.len())], 16)),
                'x' => (4, decoded_len(&rest[2..4.min(rest.len())], 16)),
                ' ' | '\t' | '\n' | '\r' => {
                    // Line-ending backslash: skips all following whitespace.
                    let skip = rest[1..].len() - rest[1..].trim_start().len();
                    (1 + skip, 0)
                }
                _ => (2, 1),
            };
            pos += raw_len.min(rest.len());
            out += dec_len;
        } else {
            pos += c.len_utf8();
            out += c.len_utf8();
        }
    }
    pos
}

/// UTF-8 length of the character a hex escape encodes.
fn decoded_len(hex: &str, radix: u32) -> usize {
    u32::from_str_radix(hex, radix)
        .ok()
        .and_then(char::from_u32)
        .map_or(1, char::len_utf8)
}

/// The largest char boundary of `s` not after `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str, needle: &str, decoded_needle_offset: usize) -> (usize, usize) {
        let f = SourceFile::new("t.toml", src.to_string());
        let start = src.find(needle).unwrap();
        let end = start + needle.len();
        f.position(f.string_offset(start..end, decoded_needle_offset))
    }

    #[test]
    fn positions_count_characters() {
        let f = SourceFile::new("t.toml", "a = 1\n标题 = \"x\"\n".into());
        assert_eq!(f.position(0), (1, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.position(x), (2, 7));
        assert_eq!(f.line_text(2), "标题 = \"x\"");
    }

    #[test]
    fn offsets_inside_basic_strings_skip_escapes() {
        // decoded: 甲"乙{x}  → "{" is at decoded byte 3+1+3 = 7
        let src = "t = \"甲\\\"乙{x}\"\n";
        assert_eq!(at(src, "\"甲\\\"乙{x}\"", 7), (1, 10));
    }

    #[test]
    fn offsets_inside_multiline_strings() {
        let src = "t = \"\"\"\n第一行\n第二{x}行\"\"\"\n";
        let decoded = "第一行\n第二".len();
        assert_eq!(at(src, "\"\"\"\n第一行\n第二{x}行\"\"\"", decoded), (3, 3));
        let lit = "t = '''\n甲\\n{x}'''\n";
        assert_eq!(at(lit, "'''\n甲\\n{x}'''", "甲\\n".len()), (2, 4));
    }

    #[test]
    fn line_ending_backslash_is_skipped() {
        let src = "t = \"\"\"甲\\\n    乙{x}\"\"\"";
        assert_eq!(at(src, "\"\"\"甲\\\n    乙{x}\"\"\"", "甲乙".len()), (2, 6));
    }

    #[test]
    fn checkpoints_give_the_same_offsets_as_a_walk_from_the_start() {
        // A long string with escapes of every length, a line-ending backslash and wide characters.
        let body: String = (0..400).map(|i| ["\\\"词\\\",", "甲\\u4e2d", "\\\n   ", "ab"][i % 4]).collect();
        let src = format!("t = \"\"\"{body}\"\"\"\n");
        let f = SourceFile::new("t.toml", src.clone());
        let span = 4..src.len() - 1;
        let start = 4 + 3;
        let end = span.end - 3;
        for decoded in 0..body.len() + 4 {
            let cached = f.string_offset(span.clone(), decoded);
            let fresh = walk(&src, start, end, 0, |_, _, out| out < decoded);
            assert_eq!(cached, fresh, "decoded offset {decoded}");
        }
        assert!(f.checkpoints.lock().unwrap()[&start].len() > 3);
    }
}
