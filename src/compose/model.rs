//! The view model between the sheet and the report template: what a
//! template sees of one sheet for one period ([`ReportContext`]), its work
//! sections ([`WorkContext`]) and items ([`ItemContext`]). Built by
//! [`super::context`]; the section and draft writers fill its parts. Plain
//! data: it imports no writer.

use serde::Serialize;

use super::markup::run_in_end;
use crate::data::Layout;

/// Everything the report template can use.
#[derive(Debug, Serialize)]
pub struct ReportContext {
    /// Full title.
    pub title: String,
    /// Report year.
    pub year: i32,
    /// The year after.
    pub next_year: i32,
    /// `h1` or `year`.
    pub period: &'static str,
    /// Whether this is the 上半年 version.
    pub is_h1: bool,
    /// Place name, e.g. 青石镇.
    pub area: String,
    /// 镇/乡/街道/村/社区.
    pub level: String,
    /// 全镇, 全乡, …
    pub whole: String,
    /// How the report names its author, e.g. 镇党委.
    pub short: String,
    /// The superior, e.g. 县委.
    pub superior: String,
    /// Guiding thought.
    pub guiding: String,
    /// Spirits joined for a sentence: 党的二十大精神和党的二十届三中全会精神.
    pub spirits: String,
    /// The year's main line (may be empty).
    pub approach: String,
    /// The sheet's own opening paragraph, if any.
    pub opening: Option<String>,
    /// The sheet's own closing paragraph, if any.
    pub closing: Option<String>,
    /// The sheet's own lead sentence of 存在的问题, printed instead of the template's.
    pub problems_lead: Option<String>,
    /// The sheet's own lead sentence of 工作打算, printed instead of the template's.
    pub plans_lead: Option<String>,
    /// A stable number for choosing among formula variants.
    pub variant: u64,
    /// `classic` or `themed`.
    pub layout: Layout,
    /// Main work blocks.
    pub work: Vec<WorkContext>,
    /// Problems.
    pub problems: Vec<ItemContext>,
    /// Plans for the next period.
    pub plans: Vec<ItemContext>,
    /// 落款 unit.
    pub unit: String,
    /// 成文日期 as printed.
    pub date: String,
    /// How many of the last problems and plans zongjie drafted.
    pub drafted: Drafted,
}

/// What the composer wrote for the user rather than from the user: how
/// many of a version's last problems and plans it drafted (all when the
/// sheet gives none; those added to fewer than three), and the work
/// sections written from figures alone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Drafted {
    /// Drafted problems, at the end of the list.
    pub problems: usize,
    /// Drafted plans, at the end of the list.
    pub plans: usize,
    /// Titles of work sections with figures but no practice and no activity.
    pub bare: Vec<String>,
}

/// A work block for one period.
#[derive(Debug, Serialize)]
pub struct WorkContext {
    /// Heading text.
    pub title: String,
    /// Opening sentences (may be empty).
    pub intro: String,
    /// Phrase-bank sentences from the block's figures.
    pub auto: Vec<String>,
    /// Points get their own paragraphs.
    pub split: bool,
    /// Points shown in this period.
    pub points: Vec<ItemContext>,
    /// Closing (effect) sentence of a section written from figures.
    pub outro: String,
    /// The title as a run-in lead ending in 。 (for a section that is not numbered).
    pub lead: String,
    /// The catalogue block the section is about, if any (for the genre's order).
    #[serde(skip)]
    pub block: Option<String>,
    /// Figures only: no practice of the clerk's, no activity cited.
    #[serde(skip)]
    pub bare: bool,
}

/// A point, problem or plan.
#[derive(Debug, Serialize)]
pub struct ItemContext {
    /// Lead (may be empty).
    pub title: String,
    /// Body text.
    pub text: String,
    /// The title as a run-in lead ending in 。, or empty (for an item that is not numbered).
    pub lead: String,
}

impl ItemContext {
    /// An item; `lead` is derived from the title.
    pub fn new(title: String, text: String) -> ItemContext {
        let lead = if title.trim().is_empty() { String::new() } else { run_in_end(&title) };
        ItemContext { title, text, lead }
    }
}
