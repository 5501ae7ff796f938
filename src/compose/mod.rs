//! Second stage: a [`DataSheet`] seen from one [`Period`] becomes a
//! [`Document`]. The sheet is turned into a view model ([`context`]), the
//! report template renders it to markup ([`templates`]), and the markup is
//! parsed into the Document with numbering assigned ([`markup`]).

pub mod calendar;
pub mod citing;
pub mod context;
pub mod drafts;
pub mod echo;
pub mod markup;
pub mod model;
pub mod numerals;
pub mod phrases;
pub mod sections;
pub mod template_errors;
pub mod templates;
pub mod wording;

use chrono::NaiveDate;

use crate::data::{DataSheet, Period};
use crate::doc::{Document, FormatProfile, Meta};
use crate::error::{Error, Result};
pub use markup::MarkupOptions;
pub use templates::Templates;

/// Composes the report of one sheet for one period.
pub fn compose(ds: &DataSheet, period: Period, templates: &Templates, format: &FormatProfile, today: NaiveDate) -> Result<Document> {
    compose_drafted(ds, period, templates, format, today).map(|(doc, _)| doc)
}

/// [`compose`], saying also how many problems and plans zongjie drafted.
pub fn compose_drafted(ds: &DataSheet, period: Period, templates: &Templates, format: &FormatProfile, today: NaiveDate) -> Result<(Document, model::Drafted)> {
    let ctx = context::build(ds, period, templates, today).map_err(|mut e| if e.len() == 1 { Error::from(e.remove(0)) } else { Error::Many(e) })?;
    let tctx = tera::Context::from_serialize(&ctx).map_err(|e| Error::Template { name: templates::REPORT.into(), detail: e.to_string() })?;
    let text = templates.render(templates::REPORT, &tctx)?;
    let meta = Meta { author: ctx.unit.clone(), area: ctx.area.clone(), year: ctx.year, kind: ds.kind().to_string(), period, date: ds.date(period, today) };
    let drafted = ctx.drafted.clone();
    let doc = markup::document(&text, format, meta).map_err(|e| Error::Template {
        name: templates::REPORT.into(),
        detail: format!("生成的标记第 {} 行“{}”：{}", e.line, e.text, e.message),
    })?;
    Ok((doc, drafted))
}
