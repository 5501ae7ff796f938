//! The XML of a user's Word file, parsed under limits: before roxmltree
//! builds its tree, a byte scan measures how deep elements nest and how many
//! paragraphs there are (a crafted file 30,000 levels deep would overflow
//! the stack of every reader that walks the tree; a file of 600,000 tiny
//! paragraphs would take a gigabyte before any later limit is reached), and
//! roxmltree's own node limit bounds the rest. Every refusal, and every
//! parser error, is one Chinese message — the parser's English never
//! reaches the user. DTDs stay refused (no entity is ever expanded).
//! Used by [`super::docx`] (and so by `check`, `import`, `--annotate` and
//! `render 报告.docx`).

use std::path::Path;

use super::refuse;
use crate::error::Error;

/// Deepest element nesting read. Word's own files nest about 20 levels
/// (a table in a table in a text box stays under 60).
pub const MAX_DEPTH: usize = 256;
/// Most paragraphs (`w:p`, table cells included) in one document.
pub const MAX_PARAGRAPHS: usize = 20_000;
/// Most attributes on one element: Word writes a few dozen at most; the
/// parser's duplicate check takes time growing with their square.
pub const MAX_ATTRIBUTES: usize = 64;
/// Most namespace declarations (`xmlns:…`) in scope at once, and in all:
/// Word declares about 40 on the root and a few per picture; the parser
/// copies and searches the declarations in scope for every element.
pub const MAX_NAMESPACES_IN_SCOPE: usize = 128;
/// See [`MAX_NAMESPACES_IN_SCOPE`].
pub const MAX_NAMESPACES: usize = 5_000;
/// Most XML nodes (elements, text, attributes not counted) in one part.
pub const MAX_NODES: u32 = 1_500_000;

const FIX: &str = "请在 Word 中打开后重新保存为 .docx";

/// Parses the part `part` (e.g. `document.xml`) of the Word file at `path`.
pub fn parse<'x>(path: &Path, part: &str, xml: &'x str) -> Result<roxmltree::Document<'x>, Error> {
    let shape = scan(xml.as_bytes());
    if shape.depth > MAX_DEPTH {
        return Err(refuse(path, format!("Word 文件的 {part} 中元素嵌套超过 {MAX_DEPTH} 层，不像是正常的 Word 文档，无法读取"), FIX));
    }
    if shape.paragraphs > MAX_PARAGRAPHS {
        return Err(refuse(path, format!("Word 文件有 {} 个以上的段落，超过了 {MAX_PARAGRAPHS} 段的上限，不像是一份总结报告", MAX_PARAGRAPHS), "请确认选对了文件；过长的文件请拆分后再处理"));
    }
    if shape.attributes > MAX_ATTRIBUTES {
        return Err(refuse(path, format!("Word 文件的 {part} 中有元素带了 {MAX_ATTRIBUTES} 个以上的属性，不像是正常的 Word 文档，无法读取"), FIX));
    }
    if shape.in_scope > MAX_NAMESPACES_IN_SCOPE || shape.namespaces > MAX_NAMESPACES {
        return Err(refuse(path, format!("Word 文件的 {part} 中命名空间声明过多（同时有效的超过 {MAX_NAMESPACES_IN_SCOPE} 个或共超过 {MAX_NAMESPACES} 个），不像是正常的 Word 文档，无法读取"), FIX));
    }
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..Default::default() };
    roxmltree::Document::parse_with_options(xml, opts).map_err(|e| refuse(path, message(part, &e), FIX))
}

/// A parser error in Chinese.
fn message(part: &str, e: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    let pos = e.pos();
    let at = format!("第 {} 行第 {} 列", pos.row, pos.col);
    match e {
        E::DtdDetected => format!("Word 文件的 {part} 含有文档类型定义（DTD），Word 不会写这种内容，为安全起见不予读取"),
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => format!("Word 文件的 {part} 内容过多（超过 {MAX_NODES} 个元素），不像是一份总结报告，无法读取"),
        E::NoRootNode | E::UnclosedRootNode => format!("Word 文件的 {part} 不完整（文件可能没有保存完或已损坏），无法读取"),
        E::UnknownEntityReference(..) | E::MalformedEntityReference(_) | E::EntityReferenceLoop(_) | E::UnexpectedEntityCloseTag(_) | E::EntityResolver(..) => {
            format!("Word 文件已损坏：{part} {at}有无法识别的“&”转义，无法读取")
        }
        E::NonXmlChar(c, _) => format!("Word 文件已损坏：{part} {at}有不允许出现的字符（U+{:04X}），无法读取", *c as u32),
        _ => format!("Word 文件已损坏：{part} {at}的格式有误，无法读取"),
    }
}

/// What the byte scan found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    /// Deepest open-element nesting seen (never less than the truth).
    depth: usize,
    /// Start tags whose local name is `p`.
    paragraphs: usize,
    /// Most attributes on one element (never less than the truth).
    attributes: usize,
    /// Most namespace declarations in scope at once.
    in_scope: usize,
    /// Namespace declarations in all.
    namespaces: usize,
}

/// One linear pass over the bytes: comments, CDATA, processing
/// instructions and declarations skipped, quoted attribute values skipped
/// (they may hold `>`). Broken XML only needs to give a number no smaller
/// than the parser would see; the parser then rejects it.
fn scan(b: &[u8]) -> Shape {
    let mut shape = Shape::default();
    let mut depth = 0usize;
    // Namespace declarations of each open element.
    let mut declared: Vec<usize> = Vec::new();
    let mut open_ns = 0;
    let mut i = 0;
    let skip_to = |from: usize, end: &[u8]| -> usize { b[from..].windows(end.len()).position(|w| w == end).map_or(b.len(), |p| from + p + end.len()) };
    while let Some(p) = memchr(b'<', &b[i..]) {
        i += p + 1;
        match b.get(i) {
            Some(b'/') => {
                depth = depth.saturating_sub(1);
                open_ns -= declared.pop().unwrap_or(0);
                i = skip_to(i, b">");
            }
            Some(b'?') => i = skip_to(i, b"?>"),
            Some(b'!') if b[i..].starts_with(b"!--") => i = skip_to(i, b"-->"),
            Some(b'!') if b[i..].starts_with(b"![CDATA[") => i = skip_to(i, b"]]>"),
            Some(b'!') => i = skip_to(i, b">"),
            Some(_) => {
                let name_end = b[i..].iter().position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>')).map_or(b.len(), |n| i + n);
                let name = &b[i..name_end];
                let local = name.rsplit(|c| *c == b':').next().unwrap_or(name);
                if local == b"p" {
                    shape.paragraphs += 1;
                }
                // The end of the tag, past quoted values.
                let mut j = name_end;
                let mut quote = None;
                let mut attributes = 0;
                let mut ns = 0;
                while j < b.len() {
                    match (quote, b[j]) {
                        (None, b'=') => attributes += 1,
                        (None, c) if c.is_ascii_whitespace() && b[j + 1..].starts_with(b"xmlns") => ns += 1,
                        (None, b'"' | b'\'') => quote = Some(b[j]),
                        (Some(q), c) if c == q => quote = None,
                        (None, b'>') => break,
                        _ => {}
                    }
                    j += 1;
                }
                shape.attributes = shape.attributes.max(attributes);
                shape.namespaces += ns;
                shape.in_scope = shape.in_scope.max(open_ns + ns);
                if !(j > 0 && j < b.len() && b[j - 1] == b'/') {
                    depth += 1;
                    shape.depth = shape.depth.max(depth);
                    if depth > MAX_DEPTH {
                        return shape; // refused whatever follows
                    }
                    declared.push(ns);
                    open_ns += ns;
                }
                i = (j + 1).min(b.len());
            }
            None => break,
        }
    }
    shape
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|c| *c == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_sees_depth_and_paragraphs_past_comments_and_quotes() {
        let xml = br#"<?xml version="1.0"?><!-- <a><a><a> --><w:document a="x>y"><w:body><w:p><w:r><w:t><![CDATA[<b><b>]]></w:t></w:r></w:p><w:p/><w:pPr/></w:body></w:document>"#;
        assert_eq!(scan(xml), Shape { depth: 5, paragraphs: 2, attributes: 1, in_scope: 0, namespaces: 0 });
        let ns = br#"<a xmlns="u" xmlns:b="v"><c xmlns:d="w"/><e xmlns:f="x"><g xmlns:h="y"/></e></a>"#;
        let s = scan(ns);
        assert_eq!((s.in_scope, s.namespaces), (4, 5));
        let deep = "<a>".repeat(1000);
        assert_eq!(scan(deep.as_bytes()).depth, MAX_DEPTH + 1, "stops once past the limit");
    }

    #[test]
    fn parser_errors_are_chinese() {
        let p = Path::new("a.docx");
        for (xml, want) in [
            ("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "文档类型定义"),
            ("<x><1y/></x>", "第 1 行第 5 列的格式有误"),
            ("<x>", "不完整"),
            ("<x>&nope;</x>", "“&”转义"),
        ] {
            let e = parse(p, "document.xml", xml).unwrap_err().to_string();
            assert!(e.contains(want), "{xml}: {e}");
            for english in ["invalid", "detected", "expected", "token", "unknown", "error"] {
                assert!(!e.to_lowercase().contains(english), "{xml}: {e}");
            }
        }
        let deep = format!("<x>{}{}</x>", "<y>".repeat(MAX_DEPTH), "</y>".repeat(MAX_DEPTH));
        assert!(parse(p, "document.xml", &deep).unwrap_err().to_string().contains("嵌套超过"));
        let wide = format!("<x {}/>", (0..=MAX_ATTRIBUTES).map(|i| format!("a{i}=\"\"")).collect::<Vec<_>>().join(" "));
        assert!(parse(p, "document.xml", &wide).unwrap_err().to_string().contains("64 个以上的属性"));
    }
}
