//! The vocabulary every text rule shares ([`super::text`] runs them): where a
//! text appears ([`Ctx`]) and character classes and positions over a text's
//! `(byte offset, char)` list. A leaf of the checker: it imports no rule.

use crate::data::Period;

/// What text rules need to know about where the text appears.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// The report year.
    pub year: i32,
    /// The version being checked.
    pub period: Period,
}

/// A Chinese character (CJK unified ideographs and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// A Chinese character or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{2026}' | '\u{2014}')
}

/// Byte end of the `k`-th character.
pub(crate) fn end(s: &str, cs: &[(usize, char)], k: usize) -> usize {
    cs.get(k + 1).map_or(s.len(), |c| c.0)
}

/// The character before index `k`, skipping spaces.
pub(crate) fn before(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs[..k].iter().rev().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// The character at or after index `k`, skipping spaces.
pub(crate) fn after(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs.get(k..).unwrap_or(&[]).iter().map(|c| c.1).find(|c| *c != ' ' && *c != '\u{3000}')
}

/// Length of the run of characters satisfying `f` starting at `k`.
pub(crate) fn run(cs: &[(usize, char)], k: usize, f: impl Fn(char) -> bool) -> usize {
    cs[k..].iter().take_while(|c| f(c.1)).count()
}
