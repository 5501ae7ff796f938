//! The data sheet as written by a clerk: the serde shape of the TOML file.
//! Every table denies unknown keys so a typo is an error, not a silent loss.
//! Text fields keep their source span so later stages can point at them.
//! Field names follow `sheet-sketch.toml`; improved names are aliases.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::period::{Half, Next};

/// A text value with its byte span in the sheet.
pub type Text = Spanned<String>;

/// The whole sheet, straight from TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Who reports.
    pub unit: Unit,
    /// What is reported and when.
    pub report: Report,
    /// Figures by key (catalogue keys, plus a `custom` table). Parsed by
    /// [`super::figures::FigureSet::parse`] because their shape varies.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<toml::Value>>,
    /// Main work, one block per （一） (or per 一、 under `themed`).
    #[serde(default)]
    pub work: Vec<WorkBlock>,
    /// 存在的问题.
    #[serde(default, alias = "problem")]
    pub problems: Vec<Problem>,
    /// 下一步工作打算.
    #[serde(default, alias = "plan")]
    pub plans: Vec<Plan>,
    /// Activities written in the sheet itself (the ledger files add more).
    #[serde(default, alias = "activities")]
    pub activity: Vec<ActivityRow>,
}

/// `[unit]`: the reporting unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Full name for the 落款, e.g. 中共青石镇委员会.
    pub name: Text,
    /// How the report refers to itself, e.g. 镇党委. Derived from `area` when absent.
    #[serde(default)]
    pub short: Option<Text>,
    /// Place name, e.g. 青石镇; used in the title and file name.
    pub area: Text,
    /// The superior, e.g. 县委.
    #[serde(default)]
    pub superior: Option<Text>,
    /// 镇/乡/街道/村/社区; derived from the end of `area` when absent.
    #[serde(default)]
    pub level: Option<Text>,
}

/// `[report]`: year, kind, dates and the year's framing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The report year.
    pub year: Spanned<i64>,
    /// Document type in the title; default 党建工作总结.
    #[serde(default)]
    pub kind: Option<Text>,
    /// 成文日期 per version.
    #[serde(default)]
    pub date: Option<Dates>,
    /// Guiding thought.
    #[serde(default)]
    pub guiding: Option<Text>,
    /// Spirits studied this year (党的二十大精神 …).
    #[serde(default)]
    pub spirit: Vec<Text>,
    /// The year's main line, e.g. 抓党建促乡村振兴.
    #[serde(default, alias = "mainline")]
    pub approach: Option<Text>,
    /// `classic` or `themed`.
    #[serde(default)]
    pub layout: Option<Spanned<Layout>>,
    /// Order of the work sections: the genre's (政治建设 → 组织建设 → 党员队伍
    /// → 党风廉政 → 发展与治理, the default) or the sheet's own.
    #[serde(default)]
    pub order: Option<Spanned<Order>>,
    /// Replaces the generated opening paragraph.
    #[serde(default)]
    pub opening: Option<Text>,
    /// Replaces the generated closing paragraph.
    #[serde(default)]
    pub closing: Option<Text>,
    /// Replaces the generated lead sentence of 存在的问题 (the author's own,
    /// kept by `import`).
    #[serde(default)]
    pub problems_lead: Option<Text>,
    /// Replaces the generated lead sentence of 工作打算.
    #[serde(default)]
    pub plans_lead: Option<Text>,
    /// Village sheets (paths relative to this sheet) whose flow figures this
    /// township's figures default to; stated figures are checked against them.
    #[serde(default)]
    pub villages: Vec<Text>,
    /// Figure keys deliberately left out of the generated text (otherwise
    /// every filled figure is written somewhere).
    #[serde(default)]
    pub omit: Vec<Text>,
    /// Ledger files (台账, .xlsx or .csv, relative to this sheet): one
    /// name or a list of names (read by [`super::ledger`]).
    #[serde(default, alias = "台账")]
    pub ledger: Option<Spanned<toml::Value>>,
}

/// 成文日期 of each version: a TOML date; any other value (the "待填写"
/// `import` writes when the report has no dated 落款) is an error of the
/// sheet, so that no version is silently dated today.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// Date of the 上半年 version.
    #[serde(default, alias = "上半年")]
    pub h1: Option<Spanned<toml::Value>>,
    /// Date of the full-year version.
    #[serde(default, alias = "全年")]
    pub year: Option<Spanned<toml::Value>>,
}

/// How the main work is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// 一、主要工作（一）…（二）… / 二、存在的问题 / 三、打算.
    #[default]
    Classic,
    /// Each work block its own 一、 section; problems and plans follow.
    Themed,
}

/// The order of the work sections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The genre's order of the catalogue blocks; a section of no block
    /// stays after the one before it.
    #[default]
    Genre,
    /// As the sheet lists its `[[work]]`, generated sections after them.
    Sheet,
}

/// One `[[work]]` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkBlock {
    /// Block heading, e.g. 强化政治引领，筑牢思想根基. Defaults to the
    /// catalogue block's heading when `block` is given.
    #[serde(default)]
    pub title: Option<Text>,
    /// A catalogue block (politics, organization, members, integrity,
    /// governance): without `auto`, the block's given figures are written
    /// (except those the block's own text already cites).
    #[serde(default)]
    pub block: Option<Text>,
    /// Opening sentences of the block (optional).
    #[serde(default, alias = "intro")]
    pub text: Option<Text>,
    /// Figures the phrase bank writes sentences for.
    #[serde(default)]
    pub auto: Vec<Text>,
    /// Each point its own paragraph (1. 2.) instead of 一是、二是 inside the block.
    #[serde(default)]
    pub split: bool,
    /// The points.
    #[serde(default, alias = "point")]
    pub points: Vec<Point>,
}

/// One `[[work.points]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Short lead, e.g. 抓实理论武装.
    #[serde(default)]
    pub title: Option<Text>,
    /// What was done.
    pub text: Text,
    /// When it happened: shown only in versions whose period contains the date.
    #[serde(default)]
    pub date: Option<Spanned<Datetime>>,
    /// Or: the half it belongs to.
    #[serde(default)]
    pub when: Option<Spanned<Half>>,
}

/// One `[[problems]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Short statement, e.g. 理论学习深度不够.
    #[serde(default)]
    pub title: Option<Text>,
    /// The concrete description.
    pub text: Text,
}

/// One `[[plans]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Short lead, e.g. 持续深化理论武装.
    #[serde(default)]
    pub title: Option<Text>,
    /// What will be done.
    pub text: Text,
    /// `h2` (下半年, 上半年 version only) or `year` (next year, full-year version only).
    #[serde(default)]
    pub next: Option<Spanned<Next>>,
}

/// One `[[activity]]` entry: something the unit did, in the clerk's words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRow {
    /// When: a date (2025-03-05, or text such as "3月5日"); or `month`.
    #[serde(default, alias = "日期")]
    pub date: Option<Spanned<toml::Value>>,
    /// Or: the month (1–12).
    #[serde(default, alias = "月份")]
    pub month: Option<Spanned<i64>>,
    /// A figure's name, key or short form (主题党日), or a block's name (组织建设).
    #[serde(alias = "类别")]
    pub kind: Text,
    /// The theme, if any.
    #[serde(default, alias = "主题")]
    pub theme: Option<Text>,
    /// What was done.
    #[serde(alias = "内容")]
    pub text: Text,
    /// How many took part.
    #[serde(default, alias = "参加人数")]
    pub people: Option<Spanned<i64>>,
    /// What the row adds to its figure.
    #[serde(default, alias = "数量")]
    pub count: Option<Spanned<f64>>,
    /// A highlight, cited first.
    #[serde(default, alias = "重点")]
    pub key: bool,
}
