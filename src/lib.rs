//! zongjie (总结): one TOML data sheet → a complete 党建工作总结.
//!
//! Pipeline: [`data`] (sheet) → [`compose`] (period, templates, markup) →
//! [`doc`] (the Document every renderer reads) → [`render`] (txt, …).
//! The checker [`lint`] reads the sheet and the composed Document.
//! The command line lives in [`cli`].

#[macro_use]
mod macros;

pub mod annotate;
pub mod cli;
pub mod compose;
pub mod data;
pub mod doc;
pub mod error;
pub mod lint;
pub mod profile;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod render;
pub mod rollup;
pub mod serve;
pub mod workflow;

pub use error::{Diagnostic, Error, Result};
