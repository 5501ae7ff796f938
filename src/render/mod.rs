//! Last stage: a [`Document`] becomes the bytes of one output format. One
//! [`Renderer`] per format; renderers return bytes and never touch the file
//! system (the CLI writes files atomically).

pub mod pdf;
pub mod txt;

use crate::doc::Document;
use crate::error::{Error, Result};

/// An output format's renderer.
pub trait Renderer {
    /// File extension without the dot.
    fn extension(&self) -> &'static str;
    /// Renders the document.
    fn render(&self, doc: &Document) -> Result<Vec<u8>>;
}

/// Output formats the CLI knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Plain text.
    Txt,
    /// Word.
    Docx,
    /// PDF.
    Pdf,
}

impl Format {
    /// Parses `txt`, `docx`, `pdf`, a comma list of them, or `all`.
    pub fn parse_list(s: &str) -> Option<Vec<Format>> {
        let mut out = Vec::new();
        for part in s.split([',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "txt" | "text" => out.push(Format::Txt),
                "docx" | "word" => out.push(Format::Docx),
                "pdf" => out.push(Format::Pdf),
                "all" => out.extend([Format::Txt, Format::Docx, Format::Pdf]),
                _ => return None,
            }
        }
        out.sort();
        out.dedup();
        (!out.is_empty()).then_some(out)
    }

    /// The renderer of this format.
    pub fn renderer(self) -> Result<Box<dyn Renderer + Send + Sync>> {
        match self {
            Format::Txt => Ok(Box::new(txt::TxtRenderer)),
            Format::Docx => Err(Error::NotYet("Word（docx）输出尚未实现，目前请用 --format txt".into())),
            Format::Pdf => Ok(Box::new(pdf::PdfRenderer::shared()?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists() {
        assert_eq!(Format::parse_list("txt"), Some(vec![Format::Txt]));
        assert_eq!(Format::parse_list("pdf,txt"), Some(vec![Format::Txt, Format::Pdf]));
        assert_eq!(Format::parse_list("all").unwrap().len(), 3);
        assert_eq!(Format::parse_list("doc"), None);
        assert_eq!(Format::parse_list(""), None);
    }
}
