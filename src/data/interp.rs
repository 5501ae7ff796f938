//! Interpolation in user text: `{figure}` inserts the period's value,
//! `{上半年的说法|全年的说法}` picks words by period, `{{` and `}}` are literal
//! braces. A small hand-written parser on purpose: user text never reaches
//! Tera, so a sheet cannot call template functions.

use super::figures::{FigureSet, format_number};
use super::period::Period;

/// A parsed piece of user text.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Literal text.
    Lit(String),
    /// `{key}` or `{key.selector}`; `offset` is the byte offset of `{` in the text.
    Figure {
        /// Figure key.
        key: String,
        /// `None` for the period's value, or `h1`/`h2`/`year`/`last_year`.
        selector: Option<String>,
        /// Byte offset of the opening brace.
        offset: usize,
    },
    /// `{a|b}`: `a` in the 上半年 version, `b` in the full-year one.
    Choice(Vec<Piece>, Vec<Piece>),
}

/// A problem in a piece of user text, at a byte offset of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterpError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

const BRACE_HINT: &str = "插入指标写 {指标名}，按版本选词写 {上半年的说法|全年的说法}，花括号本身写 {{ 或 }}";
const SELECTORS: [&str; 5] = ["h1", "h2", "year", "last_year", "last_year_h1"];
/// Deepest `{` nesting a text may have. Real text needs two levels
/// (`{上半年|{figure}}`); the bound keeps the recursive parser's stack small.
pub const MAX_DEPTH: usize = 8;

/// Parses user text into pieces.
pub fn parse(text: &str) -> Result<Vec<Piece>, InterpError> {
    let mut p = Parser { s: text, i: 0 };
    let pieces = p.sequence(0)?;
    Ok(pieces)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, offset: usize, message: impl Into<String>) -> InterpError {
        InterpError { offset, message: message.into(), hint: BRACE_HINT.into() }
    }

    /// Parses until end of text (depth 0) or an unmatched `|`/`}` (depth > 0).
    fn sequence(&mut self, depth: usize) -> Result<Vec<Piece>, InterpError> {
        let mut out = Vec::new();
        let mut lit = String::new();
        while let Some(c) = self.s[self.i..].chars().next() {
            let rest = &self.s[self.i..];
            if rest.starts_with("{{") {
                lit.push('{');
                self.i += 2;
            } else if rest.starts_with("}}") && depth == 0 {
                lit.push('}');
                self.i += 2;
            } else if c == '{' {
                if !lit.is_empty() {
                    out.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                out.push(self.braced(depth)?);
            } else if (c == '}' || c == '|') && depth > 0 {
                break;
            } else if c == '}' {
                return Err(self.err(self.i, "多余的右花括号“}”"));
            } else {
                lit.push(c);
                self.i += c.len_utf8();
            }
        }
        if !lit.is_empty() {
            out.push(Piece::Lit(lit));
        }
        Ok(out)
    }

    /// Parses `{…}` starting at the current `{`.
    fn braced(&mut self, depth: usize) -> Result<Piece, InterpError> {
        let open = self.i;
        if depth >= MAX_DEPTH {
            return Err(InterpError {
                offset: open,
                message: format!("花括号套了 {MAX_DEPTH} 层以上"),
                hint: "花括号最多套两层，如 {上半年的说法|全年{指标名}个}；花括号本身写 {{ 或 }}".into(),
            });
        }
        self.i += 1;
        let first = self.sequence(depth + 1)?;
        match self.s[self.i..].chars().next() {
            None => Err(self.err(open, "左花括号“{”没有配对的“}”")),
            Some('}') => {
                self.i += 1;
                let name = match first.as_slice() {
                    [Piece::Lit(s)] => s.trim().to_string(),
                    [] => return Err(self.err(open, "空的花括号“{}”")),
                    _ => return Err(self.err(open, "花括号里不能再套花括号（除非是 {上半年|全年} 的选词）")),
                };
                let (key, selector) = match name.split_once('.') {
                    Some((k, s)) => (k.to_string(), Some(s.to_string())),
                    None => (name.clone(), None),
                };
                // A key (seminars) or a Chinese label (专题研讨): no spaces, braces or bars.
                let ident = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || matches!(c, '{' | '}' | '|'));
                if !ident(&key) {
                    return Err(self.err(open, format!("无法识别的“{{{name}}}”")));
                }
                if let Some(sel) = &selector
                    && !SELECTORS.contains(&sel.as_str()) {
                        return Err(InterpError {
                            offset: open,
                            message: format!("“{{{name}}}”中的“.{sel}”无效"),
                            hint: "可用 .h1 .h2 .year .last_year .last_year_h1，或不加后缀（取本版本的数）".into(),
                        });
                    }
                Ok(Piece::Figure { key, selector, offset: open })
            }
            Some('|') => {
                self.i += 1;
                let second = self.sequence(depth + 1)?;
                match self.s[self.i..].chars().next() {
                    Some('}') => {
                        self.i += 1;
                        Ok(Piece::Choice(first, second))
                    }
                    Some('|') => Err(self.err(open, "选词只能有两项：{上半年的说法|全年的说法}")),
                    _ => Err(self.err(open, "左花括号“{”没有配对的“}”")),
                }
            }
            Some(_) => unreachable!("sequence stops only at end, a closing brace or a bar"),
        }
    }
}

/// Every figure reference in the pieces (with offsets), including both choices.
pub fn references(pieces: &[Piece]) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Figure { key, offset, .. } => out.push((key.as_str(), *offset)),
            Piece::Choice(a, b) => {
                out.extend(references(a));
                out.extend(references(b));
            }
            Piece::Lit(_) => {}
        }
    }
    out
}

/// Renders the pieces for a period. Errors name the offset of the reference.
pub fn render(pieces: &[Piece], period: Period, figures: &FigureSet) -> Result<String, InterpError> {
    let mut out = String::new();
    render_into(&mut out, pieces, period, figures)?;
    Ok(out)
}

fn render_into(out: &mut String, pieces: &[Piece], period: Period, figures: &FigureSet) -> Result<(), InterpError> {
    for p in pieces {
        match p {
            Piece::Lit(s) => out.push_str(s),
            Piece::Choice(a, b) => render_into(out, if period == Period::H1 { a } else { b }, period, figures)?,
            Piece::Figure { key, selector, offset } => {
                let Some(f) = figures.get(key) else {
                    return Err(InterpError {
                        offset: *offset,
                        message: format!("未定义的指标“{{{key}}}”"),
                        hint: format!("请在 [figures] 中填写 {key}，或检查拼写"),
                    });
                };
                let v = match selector.as_deref() {
                    None => f.value(period),
                    Some("h1") => f.h1,
                    Some("h2") => f.h2,
                    Some("year") => f.value(Period::Year),
                    Some("last_year") => f.last_year,
                    Some(_) => f.last_year_h1,
                };
                let v = v.ok_or_else(|| InterpError {
                    offset: *offset,
                    message: match selector {
                        None => f.missing_reason(period),
                        Some(s) => format!("指标“{}”没有 {s} 数值", f.label),
                    },
                    hint: format!("请在 [figures] 中补全 {key} 的数值"),
                })?;
                out.push_str(&format_number(v));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::catalogue::Kind;
    use crate::data::figures::Figure;

    fn figs() -> FigureSet {
        let mut s = FigureSet::default();
        s.insert(Figure {
            key: "study".into(),
            label: "学习".into(),
            unit: "次".into(),
            kind: Kind::Flow,
            block: None,
            integer: true,
            h1: Some(6.0),
            h2: Some(7.0),
            year: None,
            last_year: Some(10.0),
            last_year_h1: None,
            span: 0..0,
        });
        s
    }

    fn r(text: &str, p: Period) -> Result<String, InterpError> {
        render(&parse(text)?, p, &figs())
    }

    #[test]
    fn figures_and_choices_follow_the_period() {
        assert_eq!(r("学习{study}次", Period::H1).unwrap(), "学习6次");
        assert_eq!(r("学习{study}次", Period::Year).unwrap(), "学习13次");
        assert_eq!(r("{上半年|全年}共", Period::H1).unwrap(), "上半年共");
        assert_eq!(r("{上半年|全年}共", Period::Year).unwrap(), "全年共");
        assert_eq!(r("上年{study.last_year}次", Period::H1).unwrap(), "上年10次");
    }

    #[test]
    fn nested_references_inside_choices() {
        let t = "{上半年学习{study}次|全年学习{study}次，上年{study.last_year}次}";
        assert_eq!(r(t, Period::H1).unwrap(), "上半年学习6次");
        assert_eq!(r(t, Period::Year).unwrap(), "全年学习13次，上年10次");
        assert_eq!(references(&parse(t).unwrap()).len(), 3);
    }

    #[test]
    fn escaped_braces_are_literal() {
        assert_eq!(r("{{study}}", Period::H1).unwrap(), "{study}");
        assert_eq!(r("a}}b{{", Period::H1).unwrap(), "a}b{");
    }

    #[test]
    fn malformed_text_is_located() {
        let e = parse("共{study次").unwrap_err();
        assert_eq!(e.offset, "共".len());
        assert!(e.message.contains("没有配对"));
        assert_eq!(parse("共}").unwrap_err().offset, 3);
        assert!(parse("{a|b|c}").unwrap_err().message.contains("两项"));
        assert!(parse("{}").unwrap_err().message.contains("空的"));
        assert!(parse("{学 习}").unwrap_err().message.contains("无法识别"));
        // A Chinese label names its figure.
        assert!(matches!(&parse("{专题研讨}").unwrap()[..], [Piece::Figure { key, .. }] if key == "专题研讨"));
        assert!(parse("{study.foo}").unwrap_err().message.contains(".foo"));
        assert!(parse("{上半年|全年").unwrap_err().message.contains("没有配对"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // Run on a small stack, like a rayon worker: the parser must stop early.
        let t = std::thread::Builder::new().stack_size(256 * 1024).spawn(|| parse(&"{a".repeat(100_000)).unwrap_err()).unwrap();
        let e = t.join().unwrap();
        assert!(e.message.contains("层"), "{}", e.message);
        assert_eq!(e.offset, MAX_DEPTH * 2);
        assert!(parse("{上半年|全年{study}次}").is_ok());
    }

    #[test]
    fn undefined_and_missing_values_are_errors() {
        let e = r("共{nope}次", Period::H1).unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("未定义"));
        assert!(r("{study.year}", Period::H1).is_ok());
        assert!(r("{study.last_year_h1}", Period::H1).unwrap_err().message.contains("没有"));
    }
}
