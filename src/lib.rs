//! zongjie (总结): one TOML data sheet → a complete 党建工作总结.
//!
//! Pipeline: [`data`] (sheet) → [`compose`] (period, templates, markup) →
//! [`doc`] (the Document every renderer reads) → [`render`] (txt, …).
//! The command line lives in [`cli`].

pub mod cli;
pub mod compose;
pub mod data;
pub mod doc;
pub mod error;
pub mod profile;
pub mod fonts;
pub mod layout;
pub mod render;
pub mod rollup;

pub use error::{Diagnostic, Error, Result};
