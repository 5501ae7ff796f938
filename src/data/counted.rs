//! Figures counted from the activities: per half, from the dates, a flow
//! figure the sheet leaves out of `[figures]` takes the sum of its rows'
//! `count`; a figure the sheet states keeps its value, and a half where the
//! two differ is a `check` note naming both numbers and the rows. The
//! counted figures join the sheet's [`FigureSet`](super::FigureSet), so the
//! writer, roll-ups and county mode see them like written ones.

use super::activity::Activity;
use super::catalogue::{Catalogue, Kind};
use super::figures::{Figure, format_number};
use super::model::DataSheet;
use super::period::Half;
use crate::error::Diagnostic;

/// Rows of one figure in one half.
struct Tally<'a> {
    rows: Vec<&'a Activity>,
    sum: f64,
}

impl Tally<'_> {
    /// "青石镇台账.xlsx:主题党日:第2行 等 6 行" — where the rows are.
    fn rows(&self) -> String {
        let first: Vec<&str> = self.rows.iter().take(3).map(|a| a.origin.as_str()).collect();
        match self.rows.len() {
            n if n > 3 => format!("{} 等 {n} 行", first.join("、")),
            _ => first.join("、"),
        }
    }
}

impl DataSheet {
    /// Adds the counted figures to [`DataSheet::figures`] (their keys to
    /// [`DataSheet::counted`]) and the disagreements to the ledger notes.
    pub(crate) fn count_figures(&mut self, cat: &Catalogue) {
        // The second half is counted only when the activities reach it (a
        // ledger kept to July says nothing of the rest of the year).
        let has_h2 = self.activities.iter().any(|a| a.half == Half::H2);
        let mut keys: Vec<&str> = self.activities.iter().filter_map(Activity::figure).collect();
        keys.sort_unstable();
        keys.dedup();
        let span = self.sheet.report.ledger.as_ref().map_or(0..0, |l| l.span());
        let mut add: Vec<Figure> = Vec::new();
        let mut notes: Vec<Diagnostic> = Vec::new();
        for key in keys {
            let tally = |half: Half| {
                let rows: Vec<&Activity> = self.activities.iter().filter(|a| a.figure() == Some(key) && a.half == half).collect();
                let sum = rows.iter().map(|a| a.count).sum();
                Tally { rows, sum }
            };
            let (h1, h2) = (tally(Half::H1), tally(Half::H2));
            let uncounted: Vec<&&Activity> = h1.rows.iter().chain(&h2.rows).filter(|a| !a.counted).collect();
            let stated = self.figures.get(key).filter(|f| f.h1.is_some() || f.h2.is_some() || f.year.is_some());
            match stated {
                Some(f) if uncounted.is_empty() => notes.extend(disagreements(self, f, &h1, &h2)),
                Some(_) => {}
                None => {
                    let Some(mut fig) = self.figures.get(key).cloned().or_else(|| cat.figure(key).map(|d| Figure::empty(key, d, span.clone()))) else { continue };
                    if let Some(a) = uncounted.first() {
                        let what = if cat.kinds.count_rule(key, &fig.unit) == super::kinds::CountRule::People { "参加人数" } else { "数量" };
                        notes.push(Diagnostic::whole_file(self.source.path(), format!("“{}”按{}计，{} 没有写{what}，台账未计入这一指标", fig.label, fig.unit, a.origin), format!("在台账中补上{what}，或在 [figures] 中直接写 {key} 的数值")));
                        continue;
                    }
                    fig.kind = Kind::Flow;
                    fig.h1 = Some(h1.sum);
                    fig.h2 = has_h2.then_some(h2.sum);
                    add.push(fig);
                }
            }
        }
        for f in add {
            self.counted.push(f.key.clone());
            self.figures.insert(f);
        }
        self.ledger_notes.extend(notes);
    }
}

/// The halves where a stated figure differs from its rows' count (a half
/// without rows of the figure is not compared: the ledger may not cover it).
fn disagreements(ds: &DataSheet, f: &Figure, h1: &Tally, h2: &Tally) -> Vec<Diagnostic> {
    let second = f.h2.or(match (f.year, f.h1) {
        (Some(y), Some(a)) => Some(y - a),
        _ => None,
    });
    [("上半年", f.h1, h1), ("下半年", second, h2)]
        .into_iter()
        .filter_map(|(half, stated, t)| {
            let stated = stated?;
            (!t.rows.is_empty() && (stated - t.sum).abs() > 1e-9).then(|| {
                ds.source.diag(
                    f.span.start,
                    format!("“{}”{half}在 [figures] 中写的是 {}{}，台账计得 {}{}（{}）", f.label, format_number(stated), f.unit, format_number(t.sum), f.unit, t.rows()),
                    "以 [figures] 中的数字为准；若台账不全请补齐，若数字有误请改正".to_string(),
                )
            })
        })
        .collect()
}
