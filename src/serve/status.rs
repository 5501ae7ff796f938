//! What is left to do on a sheet, as the editor tells a clerk: the checker's
//! findings counted by what they mean for the report — errors (it cannot be
//! final), texts still as the sample sheet, figures still at the sample's 0
//! — per version. Used by the folder page ([`super::sheets`]) and by
//! generation ([`super::api`]) to say why a file is a draft.

use serde::Serialize;

use crate::data::Period;
use crate::lint::{Finding, Rule, Severity};

/// Counts of what is left, for one version or for the sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Left {
    /// Error findings (the report is a draft until they are fixed).
    pub errors: usize,
    /// Texts still as `zongjie init`'s example, and placeholders (xx).
    pub samples: usize,
    /// Figures still at the sample's 0.
    pub zeros: usize,
    /// Other warnings.
    pub warnings: usize,
}

impl Left {
    /// The findings of `version` (those of every version included).
    pub fn of(findings: &[Finding], version: Option<Period>) -> Left {
        let mut left = Left::default();
        for f in findings.iter().filter(|f| version.is_none() || f.period.is_none() || f.period == version) {
            match f.rule {
                Rule::SampleText | Rule::Placeholder => left.samples += 1,
                Rule::ZeroFigure => left.zeros += 1,
                _ if f.severity == Severity::Error => left.errors += 1,
                _ => left.warnings += 1,
            }
        }
        left
    }

    /// Whether the report made now would be final (not 草稿).
    pub fn is_final(&self) -> bool {
        self.errors == 0 && self.samples == 0 && self.zeros == 0
    }

    /// `ok`, `warn` (only warnings) or `error` (not final yet): the page's class.
    pub fn class(&self) -> &'static str {
        match (self.is_final(), self.warnings) {
            (false, _) => "error",
            (true, 0) => "ok",
            (true, _) => "warn",
        }
    }

    /// What is left, in Chinese: 还有 2 处错误、3 段样表文字、5 个指标仍为 0.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.errors, "处错误"),
            (self.samples, "段样表文字或占位符没改"),
            (self.zeros, "个指标仍是样表的 0"),
            (self.warnings, "处提醒"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() { "可以生成正式稿".to_string() } else { format!("还有 {}", parts.join("、")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_what_is_left() {
        let l = Left { errors: 1, samples: 2, zeros: 0, warnings: 3 };
        assert_eq!(l.describe(), "还有 1 处错误、2 段样表文字或占位符没改、3 处提醒");
        assert!(!l.is_final() && l.class() == "error");
        let w = Left { warnings: 1, ..Left::default() };
        assert!(w.is_final() && w.class() == "warn");
        assert_eq!(Left::default().describe(), "可以生成正式稿");
    }
}
