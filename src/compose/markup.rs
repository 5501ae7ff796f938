//! The markup templates emit, and its parser into the [`Document`]. One
//! directive per line; user text is inserted by Tera with [`escape`], which
//! removes line breaks, so user text can never start a directive. Numbers
//! are assigned here, never read from text.
//!
//! ```text
//! @title 青石镇2024年上半年党建工作总结
//! @p 今年以来，……                 a paragraph
//! @h1 上半年工作开展情况           a heading on its own line (levels 1–4)
//! @r2 强化政治引领                 a paragraph opened by a run-in heading
//! @+ 坚持……                        more text for the current paragraph
//! @item 抓实理论武装               an enumerated point (一是) in the current paragraph
//! @sign 中共青石镇委员会           the 落款 …
//! @date 2024年7月8日               … and its date
//! ```
//! A line without a directive continues the previous line's text.

use crate::doc::{Block, Document, Heading, Inline, Paragraph, Signature};

use super::numerals::{heading_number, item_label};

/// Numbering and 落款 choices of the format profile.
#[derive(Debug, Clone)]
pub struct MarkupOptions {
    /// "." or "．" after level-3 numbers.
    pub dot: String,
    /// Sealed 落款 placement.
    pub sealed: bool,
}

impl Default for MarkupOptions {
    fn default() -> Self {
        MarkupOptions { dot: ".".into(), sealed: false }
    }
}

/// Tera escape function for user text: line breaks are removed (joined
/// with a space only between two Latin letters or digits), tabs become
/// spaces; a blank line (inside `"""…"""`) starts a new paragraph, which is
/// the only directive user text can produce.
pub fn escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(paragraphs(input).join("\n@p ").as_bytes())
}

/// User text split at blank lines, each paragraph on one line ([`flatten`]).
pub fn paragraphs(input: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for line in input.split('\n') {
        if line.trim().is_empty() {
            if !out.last().is_some_and(|p| p.trim().is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let last = out.last_mut().unwrap_or_else(|| unreachable!("never empty"));
        if !last.is_empty() {
            last.push('\n');
        }
        last.push_str(line);
    }
    let out: Vec<String> = out.iter().filter(|p| !p.trim().is_empty()).map(|p| flatten(p)).collect();
    if out.is_empty() { vec![String::new()] } else { out }
}

/// User text on one line (see [`escape`]).
pub fn flatten(input: &str) -> String {
    if !input.contains(['\n', '\r', '\t']) {
        return input.to_string();
    }
    let mut s = String::with_capacity(input.len());
    for (i, line) in input.split('\n').enumerate() {
        let line = line.trim_end_matches('\r').replace('\t', " ");
        let line = if i > 0 { line.trim_start() } else { line.as_str() };
        if i > 0 {
            let prev = s.trim_end().chars().last();
            s.truncate(s.trim_end().len());
            let next = line.chars().next();
            if prev.is_some_and(|c| c.is_ascii_alphanumeric()) && next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                s.push(' ');
            }
        }
        s.push_str(line);
    }
    s
}

/// A markup error: line number in the rendered markup and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// 1-based line of the rendered markup.
    pub line: usize,
    /// The offending line.
    pub text: String,
    /// What is wrong.
    pub message: String,
}

/// Parses markup into a document body. `meta` is filled by the caller.
pub fn parse(markup: &str, opts: &MarkupOptions) -> Result<(String, Vec<Block>), MarkupError> {
    let mut b = Builder { opts, title: None, blocks: Vec::new(), counters: [0; 4], items: 0, pending_sign: None, last: Last::None };
    for (i, raw) in markup.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: &str| MarkupError { line: i + 1, text: raw.to_string(), message: message.to_string() };
        let (directive, text) = match line.strip_prefix('@') {
            Some(rest) => rest.split_once(' ').map_or((rest, ""), |(d, t)| (d, t.trim())),
            None => ("", line),
        };
        match directive {
            "" => b.continue_text(text).map_err(&err)?,
            "title" => b.title = Some(strip_end(text).to_string()),
            "p" => {
                b.blocks.push(Block::Paragraph(Paragraph { run_in: None, inlines: inline(text) }));
                b.last = Last::Para;
            }
            "+" => b.append(Inline::Text(text.to_string())).map_err(&err)?,
            "item" => {
                b.items += 1;
                let item = Inline::Item { label: item_label(b.items), text: if text.is_empty() { String::new() } else { run_in_end(text) } };
                b.append(item).map_err(&err)?;
            }
            "sign" => {
                b.pending_sign = Some(text.to_string());
                b.last = Last::None;
            }
            "date" => {
                let unit = b.pending_sign.take().ok_or_else(|| err("@date 前面应有 @sign"))?;
                b.blocks.push(Block::Signature(Signature { unit, date: text.to_string(), sealed: b.opts.sealed }));
            }
            d => {
                let (kind, level) = d.split_at(1);
                let level: u8 = match level.parse() {
                    Ok(l @ 1..=4) if kind == "h" || kind == "r" => l,
                    _ => return Err(err(&format!("未知的指令“@{d}”（可用 @title @p @h1–@h4 @r1–@r4 @+ @item @sign @date）"))),
                };
                if text.is_empty() {
                    return Err(err("标题不能为空"));
                }
                let h = b.heading(level, text, kind == "r");
                if kind == "h" {
                    b.blocks.push(Block::Heading(h));
                    b.last = Last::Heading;
                } else {
                    b.blocks.push(Block::Paragraph(Paragraph { run_in: Some(h), inlines: Vec::new() }));
                    b.last = Last::Para;
                }
            }
        }
    }
    if b.pending_sign.is_some() {
        return Err(MarkupError { line: 0, text: String::new(), message: "@sign 后面缺少 @date".into() });
    }
    let title = b.title.ok_or(MarkupError { line: 0, text: String::new(), message: "缺少 @title".into() })?;
    Ok((title, b.blocks))
}

#[derive(PartialEq)]
enum Last {
    None,
    Heading,
    Para,
}

struct Builder<'a> {
    opts: &'a MarkupOptions,
    title: Option<String>,
    blocks: Vec<Block>,
    counters: [u32; 4],
    items: u32,
    pending_sign: Option<String>,
    last: Last,
}

impl Builder<'_> {
    fn heading(&mut self, level: u8, text: &str, run_in: bool) -> Heading {
        let l = usize::from(level - 1);
        self.counters[l] += 1;
        self.counters[l + 1..].iter_mut().for_each(|c| *c = 0);
        self.items = 0;
        let text = if run_in { run_in_end(text) } else { strip_end(text).to_string() };
        Heading { level, number: heading_number(level, self.counters[l], &self.opts.dot), text }
    }

    fn append(&mut self, inline: Inline) -> Result<(), &'static str> {
        match (self.last == Last::Para, self.blocks.last_mut()) {
            (true, Some(Block::Paragraph(p))) => {
                push_inline(&mut p.inlines, inline);
                Ok(())
            }
            _ => {
                // Items or text after a heading open a new paragraph.
                let mut p = Paragraph::default();
                push_inline(&mut p.inlines, inline);
                self.blocks.push(Block::Paragraph(p));
                self.last = Last::Para;
                Ok(())
            }
        }
    }

    fn continue_text(&mut self, text: &str) -> Result<(), &'static str> {
        match self.blocks.last_mut() {
            Some(Block::Paragraph(p)) if self.last == Last::Para => {
                push_inline(&mut p.inlines, Inline::Text(text.to_string()));
                Ok(())
            }
            Some(Block::Heading(h)) if self.last == Last::Heading => {
                h.text.push_str(strip_end(text));
                Ok(())
            }
            _ => Err("这一行不属于任何段落（行首应为 @p、@+ 等指令）"),
        }
    }
}

fn inline(text: &str) -> Vec<Inline> {
    if text.is_empty() { Vec::new() } else { vec![Inline::Text(text.to_string())] }
}

fn push_inline(list: &mut Vec<Inline>, inline: Inline) {
    if let (Inline::Text(t), Some(Inline::Text(prev))) = (&inline, list.last_mut()) {
        prev.push_str(t);
        return;
    }
    if !matches!(&inline, Inline::Text(t) if t.is_empty()) {
        list.push(inline);
    }
}

const END_PUNCT: &[char] = &['。', '，', '；', '：', '、', ',', '.', ';', ':', ' ', '　'];

/// A standalone heading or title ends without punctuation.
fn strip_end(text: &str) -> &str {
    text.trim_end_matches(END_PUNCT)
}

/// A run-in heading or point lead ends with 。 (or keeps its ？！).
pub fn run_in_end(text: &str) -> String {
    let t = strip_end(text);
    if t.ends_with(['？', '！', '?', '!']) { t.to_string() } else { format!("{t}。") }
}

/// Builds the document from rendered markup under a format profile.
pub fn document(markup: &str, format: &crate::doc::FormatProfile, meta: crate::doc::Meta) -> Result<Document, MarkupError> {
    let opts = MarkupOptions { dot: format.dot.clone(), sealed: format.sealed };
    let (title, blocks) = parse(markup, &opts)?;
    Ok(Document { title, meta, blocks, format: format.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(markup: &str) -> Vec<String> {
        let (_, blocks) = parse(markup, &MarkupOptions::default()).unwrap();
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading(h) => h.full(),
                Block::Paragraph(p) => p.text(),
                Block::Signature(s) => format!("{}|{}", s.unit, s.date),
                Block::Table(_) => String::new(),
            })
            .collect()
    }

    #[test]
    fn numbering_is_assigned_and_resets_by_level() {
        let m = "@title T。\n@h1 甲。\n@r2 乙\n@+ 正文\n@r3 丙\n@r2 丁\n@r3 戊\n@h4 己\n@h1 庚\n@r2 辛\n";
        assert_eq!(texts(m), ["一、甲", "（一）乙。正文", "1.丙。", "（二）丁。", "1.戊。", "（1）己", "二、庚", "（一）辛。"]);
    }

    #[test]
    fn items_count_within_a_heading_scope() {
        let m = "@title T\n@r2 甲\n@+ 开头。\n@item 学理论\n@+ 学了。\n@item 办班！\n@+ 办了。\n@r2 乙\n@item 再学\n@+ 又学了。\n";
        assert_eq!(texts(m), ["（一）甲。开头。一是学理论。学了。二是办班！办了。", "（二）乙。一是再学。又学了。"]);
    }

    #[test]
    fn escaped_user_text_cannot_inject_directives() {
        let evil = "好。\n@h1 假标题\n@sign 假单位";
        let m = format!("@title T\n@p {}\n", flatten(evil));
        assert_eq!(texts(&m), ["好。@h1 假标题@sign 假单位"]);
        assert_eq!(flatten("ab\n  cd\n甲\n乙"), "ab cd甲乙");
        assert_eq!(paragraphs("甲\n乙\n\n  \n丙\n"), ["甲乙", "丙"]);
        assert_eq!(paragraphs("\n甲\n"), ["甲"]);
        let (_, blocks) = parse(&format!("@title T\n@p 开头\n@r2 标题\n@+ {}\n", paragraphs("第一段。\n\n第二段。").join("\n@p ")), &MarkupOptions::default()).unwrap();
        assert_eq!(blocks.len(), 3, "{blocks:?}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("@title T\n@zz x\n", &MarkupOptions::default()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse("@p x\n", &MarkupOptions::default()).unwrap_err().message.contains("@title"));
        assert!(parse("@title T\n@date 2024年\n", &MarkupOptions::default()).is_err());
    }

    #[test]
    fn signature_and_continuation_lines() {
        let m = "@title T\n@p 第一句\n第二句\n@sign 单位\n@date 2024年7月8日\n";
        assert_eq!(texts(m), ["第一句第二句", "单位|2024年7月8日"]);
    }
}
