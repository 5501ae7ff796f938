//! The checker (`zongjie check`, and before every `render`). It sits beside
//! the pipeline, after [`crate::data`] has loaded a sheet: it looks at every
//! user text of the sheet as each version will print it (interpolated,
//! filtered by period: [`view`]), at the figures ([`figures`]), and at the
//! composed [`crate::doc::Document`] ([`document`]) for what only exists once
//! the pieces are joined (repeated sentences, template and phrase-bank text).
//! Every finding is located in the sheet (file, line, column — inside
//! multi-line strings too) or, when it only exists after composition, names
//! the field or generated paragraph it came from. Safe fixes are byte edits
//! of the sheet ([`fix`]).

pub mod document;
pub mod drafted;
pub mod figures;
pub mod fix;
pub mod formulas;
pub mod phrases;
pub mod punct;
pub mod report;
pub mod rules;
pub mod sample;
pub mod selfref;
pub mod spacing;
pub mod structure;
pub mod suppress;
pub mod terms;
pub mod chars;
pub mod text;
pub mod view;
pub mod words;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::compose::{self, Templates};
use crate::data::{DataSheet, Period};
use crate::doc::FormatProfile;
pub use rules::{Rule, Severity};
use view::{Field, View};

/// One problem the checker found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// How serious (the rule's default).
    pub severity: Severity,
    /// The sheet.
    pub file: PathBuf,
    /// 1-based line in the sheet; 0 when the text was generated (no place in the sheet).
    pub line: usize,
    /// 1-based column in characters; 0 with line 0.
    pub column: usize,
    /// The sheet's source line (or, for generated text, the paragraph around the problem).
    pub snippet: String,
    /// The offending text itself.
    pub text: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do, in Chinese.
    pub hint: String,
    /// The sheet field, e.g. `work[2].points[1].text` (1-based), or 生成的文字.
    pub field: Option<String>,
    /// The version the finding belongs to; None when it holds for every version checked.
    pub period: Option<Period>,
    /// A safe fix, if there is one.
    pub fix: Option<Fix>,
    /// Byte offset in the sheet (for ordering and de-duplication).
    pub offset: usize,
}

/// A safe, byte-precise edit of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Bytes of the sheet file to replace.
    pub range: Range<usize>,
    /// The text there now.
    pub old: String,
    /// The replacement.
    pub new: String,
}

/// A rule's hit in one piece of text (byte range of that text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Which rule.
    pub rule: Rule,
    /// Bytes of the text.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// Replacement for `range`, when safe.
    pub fix: Option<String>,
}

impl Hit {
    /// A hit without a fix.
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<String>, hint: impl Into<String>) -> Hit {
        Hit { rule, range, message: message.into(), hint: hint.into(), fix: None }
    }

    /// The same hit with a replacement.
    pub fn fix(mut self, new: impl Into<String>) -> Hit {
        self.fix = Some(new.into());
        self
    }
}

/// What the checker needs besides the sheet.
pub struct Options<'a> {
    /// Versions to check.
    pub periods: &'a [Period],
    /// Templates and catalogue the sheet is rendered with.
    pub templates: &'a Templates,
    /// Format profile (composition needs it).
    pub format: &'a FormatProfile,
    /// Today (the default 成文日期).
    pub today: NaiveDate,
}

/// Checks a loaded sheet for every requested version; findings sorted by
/// place, without those a `# 不检查` comment of the sheet covers.
pub fn check(ds: &DataSheet, opts: &Options) -> Vec<Finding> {
    check_all(ds, opts).0
}

/// [`check`], and the findings `# 不检查` comments cover ([`suppress`]).
pub fn check_all(ds: &DataSheet, opts: &Options) -> (Vec<Finding>, Vec<Finding>) {
    let fields = view::fields(ds);
    let mut out = Vec::new();
    for &period in opts.periods {
        let views: Vec<(&Field, View)> = fields
            .iter()
            .filter(|f| f.shown(period))
            .map(|f| (f, View::render(f.text.get_ref(), f.interpolated, period, &ds.figures)))
            .collect();
        let ctx = text::Ctx { year: ds.year(), period };
        let date = ds.date(period, opts.today);
        for (field, v) in &views {
            for hit in text::scan(&v.text, &ctx) {
                out.push(locate(ds, field, v, &hit, Some(period)));
            }
            // Plenums cited short of the latest before the version's date (later ones are future-session's).
            for (_, hit, _) in formulas::sessions(&[v.text.as_str()], date).into_iter().filter(|h| h.1.rule == Rule::StaleTerm) {
                out.push(locate(ds, field, v, &hit, Some(period)));
            }
        }
        match compose::compose_drafted(ds, period, opts.templates, opts.format, opts.today) {
            Ok((doc, made)) => {
                out.extend(document::check(ds, &doc, &views, &ctx));
                out.extend(drafted::check(ds, &doc, &fields, &opts.templates.calendar, period, &made));
            }
            Err(e) => out.extend(e.diagnostics().into_iter().map(|d| from_diagnostic(Rule::Compose, d, Some(period)))),
        }
        out.extend(figures::check(ds, &opts.templates.catalogue, period));
    }
    out.extend(sample::check(ds, &fields, opts.templates.scaffold()));
    out.extend(ds.notes.iter().map(|d| from_diagnostic(Rule::VillageSum, d, None)));
    out.extend(ds.ledger_notes.iter().map(|d| from_diagnostic(Rule::Ledger, d, None)));
    let (kept, covered) = suppress::apply(ds, &fields, merge(out));
    (merge(kept), covered)
}

/// Turns a hit inside a field's view into a located finding.
pub(crate) fn locate(ds: &DataSheet, field: &Field, v: &View, hit: &Hit, period: Option<Period>) -> Finding {
    let src = &ds.source;
    let origin = v.origin(hit.range.start);
    let offset = src.string_offset(field.text.span(), origin.at);
    let (line, column) = src.position(offset);
    let fix = hit.fix.as_ref().and_then(|new| {
        let decoded = v.source_range(hit.range.clone())?;
        fix::file_edit(src, field.text, decoded, new)
    });
    Finding {
        rule: hit.rule,
        severity: hit.rule.severity(),
        file: src.path.clone(),
        line,
        column,
        snippet: crate::error::snippet(src.line_text(line), column),
        text: v.text[hit.range.clone()].to_string(),
        message: hit.message.clone(),
        hint: hit.hint.clone(),
        field: Some(field.name.clone()),
        period,
        fix,
        offset,
    }
}

/// A loader or composer diagnostic as a finding of `rule`.
fn from_diagnostic(rule: Rule, d: &crate::error::Diagnostic, period: Option<Period>) -> Finding {
    Finding {
        rule,
        severity: rule.severity(),
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        snippet: d.snippet.clone(),
        text: String::new(),
        message: d.message.clone(),
        hint: d.hint.clone(),
        field: None,
        period,
        fix: None,
        offset: 0,
    }
}

/// Merges findings seen in both versions (same rule, place and message:
/// period becomes None) and sorts them by place.
fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_key: BTreeMap<(usize, usize, usize, Rule, String, String), Finding> = BTreeMap::new();
    for f in findings {
        // Findings in generated text (line 0) go last.
        let line = if f.line == 0 { usize::MAX } else { f.line };
        let key = (line, f.column, f.offset, f.rule, f.message.clone(), f.text.clone());
        match by_key.get_mut(&key) {
            Some(seen) if seen.period != f.period => seen.period = None,
            Some(_) => {}
            None => {
                by_key.insert(key, f);
            }
        }
    }
    by_key.into_values().collect()
}

impl Finding {
    /// The finding as a plain diagnostic (for `render`, which prints notes):
    /// severity and rule lead the message, the field and fix join the hint.
    pub fn to_diagnostic(&self) -> crate::error::Diagnostic {
        let mut hint = self.hint.clone();
        if let Some(field) = &self.field {
            hint = format!("{hint}（位置：{field}）");
        }
        if self.fix.is_some() {
            hint.push_str("；可用 zongjie check --fix 自动修复");
        }
        crate::error::Diagnostic {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            snippet: self.snippet.clone(),
            message: format!("{}[{}] {}", self.severity.zh(), self.rule.id(), self.message),
            hint,
        }
    }
}

/// Whether any finding is of error severity.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::text::{Ctx, scan};
    use crate::data::Period;

    /// Applies every fix `scan` offers once.
    fn fix_once(s: &str, ctx: &Ctx) -> String {
        let mut out = s.to_string();
        let mut hits: Vec<_> = scan(s, ctx).into_iter().filter(|h| h.fix.is_some()).collect();
        hits.sort_by_key(|h| h.range.start);
        let mut last = usize::MAX;
        for h in hits.iter().rev() {
            if h.range.end <= last {
                out.replace_range(h.range.clone(), h.fix.as_deref().unwrap_or_default());
                last = h.range.start;
            }
        }
        out
    }

    #[test]
    fn fixes_are_idempotent_over_both_corpora() {
        let corpus = [include_str!("../../tests/lint_corpus/defective.txt"), include_str!("../../tests/lint_corpus/clean.txt")].concat();
        let extra = ["突出抓好突出抓好突出抓好", "读原文...…谈体会", "的的的", "党建,, 促进"];
        for line in corpus.lines().filter(|l| !l.starts_with('#')).map(|l| l.rsplit('\t').next().unwrap_or(l)).chain(extra) {
            for period in Period::ALL {
                let ctx = Ctx { year: 2024, period };
                let once = fix_once(line, &ctx);
                assert_eq!(fix_once(&once, &ctx), once, "fixing “{line}” twice changes it again");
            }
        }
    }
}
