//! A minimal XML writer for the WordprocessingML parts. Every part of the
//! package is written through it, so text and attribute values are always
//! escaped and element order is exactly the order of the calls — which is
//! how the parts keep to the schema's sequences by construction.

use std::fmt::Write as _;

/// The XML declaration every part starts with.
pub(super) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// An XML document being written; elements are closed explicitly.
#[derive(Debug)]
pub(super) struct Xml {
    out: String,
}

impl Xml {
    /// A new part, starting with the XML declaration.
    pub(super) fn new() -> Self {
        let mut out = String::with_capacity(16 * 1024);
        out.push_str(DECLARATION);
        Xml { out }
    }

    /// `<tag a="v" …>`.
    pub(super) fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push('>');
        self
    }

    /// `<tag a="v" …/>`.
    pub(super) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(tag, attrs);
        self.out.push_str("/>");
        self
    }

    /// `</tag>`.
    pub(super) fn close(&mut self, tag: &str) -> &mut Self {
        let _ = write!(self.out, "</{tag}>");
        self
    }

    /// `<tag a="v" …>text</tag>`.
    pub(super) fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag)
    }

    /// Escaped character data.
    pub(super) fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.out, text, false);
        self
    }

    /// The finished part.
    pub(super) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.out, " {name}=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }
}

/// Appends `s` escaped for XML. Characters XML 1.0 cannot carry at all (C0
/// controls other than tab, newline, carriage return) are dropped: they can
/// only come from a damaged sheet and would make the part unreadable.
fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_drops_invalid_characters() {
        let mut x = Xml::new();
        x.open("a", &[("v", "\"<&>\"")]).text("x<y & “z”\u{1}").empty("b", &[]).close("a");
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.ends_with("<a v=\"&quot;&lt;&amp;&gt;&quot;\">x&lt;y &amp; “z”<b/></a>"), "{s}");
        assert!(roxmltree::Document::parse(&s).is_ok());
    }
}
