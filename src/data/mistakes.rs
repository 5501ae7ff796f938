//! The typical mistakes of a clerk who knows Word and Excel but not TOML
//! (full-width ＝ or ：, Chinese quotes, 1,186, ２１, 21个, 2025年7月3日, Enter
//! inside "…", header typos such as [[works]]), found by a light scan of the
//! raw sheet text. The loader runs it only when the TOML parser (or serde)
//! has refused the sheet, so it can never reject a sheet that loads; its
//! finding replaces the parser's generic message with one that says what to
//! change.

use crate::error::Diagnostic;

use super::headers::{headers, line_spans};
use super::source::SourceFile;

/// The first typical mistake of `text` (the sheet with a byte-order mark
/// already replaced by spaces), as a diagnostic. `error_at` is where the
/// parser stopped and `duplicate` whether it complained of a field given
/// twice: mistakes of values are reported only up to the parser's line (a
/// later one is not what stopped it); header mistakes always.
pub fn scan(src: &SourceFile, text: &str, error_at: Option<usize>, duplicate: bool) -> Option<Diagnostic> {
    let lines = line_spans(text);
    if let Some(d) = headers(src, text, &lines, duplicate) {
        return Some(d);
    }
    let limit = error_at.map_or(text.len(), |at| text[at.min(text.len())..].find('\n').map_or(text.len(), |i| at + i));
    Scanner { src, text, i: 0, stack: Vec::new(), expect: Expect::Key }.run().filter(|(at, _)| *at <= limit).map(|(_, d)| d)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Key,
    Value,
    AfterKey,
    AfterValue,
}

/// A one-pass scan of keys and values (outside strings and comments).
struct Scanner<'a> {
    src: &'a SourceFile,
    text: &'a str,
    i: usize,
    stack: Vec<char>,
    expect: Expect,
}

type Found = Option<(usize, Diagnostic)>;

impl Scanner<'_> {
    fn found(&self, at: usize, message: impl Into<String>, hint: impl Into<String>) -> Found {
        Some((at, self.src.diag(at, message, hint)))
    }

    fn run(&mut self) -> Found {
        while let Some(c) = self.text[self.i..].chars().next() {
            let at = self.i;
            match c {
                '#' => self.skip_line(),
                '\n' => {
                    if self.stack.is_empty() {
                        self.expect = Expect::Key;
                    }
                    self.i += 1;
                }
                ' ' | '\t' | '\r' => self.i += 1,
                '[' if self.stack.is_empty() && self.expect == Expect::Key => self.skip_line(),
                ']' | '}' if self.expect == Expect::Key => {
                    self.stack.pop();
                    self.i += 1;
                    self.expect = Expect::AfterValue;
                }
                '"' | '\'' => {
                    if let Some(f) = self.string(c) {
                        return Some(f);
                    }
                    self.expect = if self.expect == Expect::Key { Expect::AfterKey } else { Expect::AfterValue };
                }
                '“' | '”' | '‘' | '’' | '「' | '」' => {
                    let what = if self.expect == Expect::Key { "名称" } else { "文字" };
                    return self.found(at, format!("{what}用了中文引号（{c}）"), format!("{what}要用英文双引号 \"…\" 括起来（输入法切换到英文再输入引号），如 area = \"柳溪乡\""));
                }
                _ => {
                    let f = match self.expect {
                        Expect::Key => self.key(),
                        Expect::AfterKey => self.after_key(c),
                        Expect::Value => self.value(c),
                        Expect::AfterValue => self.after_value(c),
                    };
                    if f.is_some() {
                        return f;
                    }
                }
            }
        }
        None
    }

    fn skip_line(&mut self) {
        self.i = self.text[self.i..].find('\n').map_or(self.text.len(), |n| self.i + n);
    }

    /// A quoted string starting at the current quote.
    fn string(&mut self, q: char) -> Found {
        let start = self.i;
        let triple: String = std::iter::repeat_n(q, 3).collect();
        if self.text[start..].starts_with(&triple) {
            return match self.text[start + 3..].find(&triple) {
                Some(n) => {
                    self.i = start + 3 + n + 3;
                    while self.text[self.i..].starts_with(q) {
                        self.i += 1;
                    }
                    None
                }
                None => self.found(start, format!("这里的三个引号 {triple} 没有配对"), format!("在文字结束处也写上 {triple}")),
            };
        }
        let mut j = start + 1;
        while let Some(c) = self.text[j..].chars().next() {
            if c == q {
                self.i = j + 1;
                return None;
            }
            if c == '\n' {
                break;
            }
            j += if c == '\\' && q == '"' { 1 + self.text[j + 1..].chars().next().map_or(0, char::len_utf8) } else { c.len_utf8() };
        }
        let line = &self.text[start..j];
        if line.contains(['”', '“']) {
            return self.found(start, "这段文字的结尾引号写成了中文引号", format!("文字首尾都要用英文双引号 {q}…{q}；把结尾的中文引号改成 {q}"));
        }
        if j < self.text.len() {
            return self.found(start, "文字写到一半换了行：引号在这一行没有配对", "一对英文双引号里不能直接按回车。文字需要分行时，改用三个双引号：text = \"\"\"……\"\"\"；否则在这一行末尾补上 \"");
        }
        self.found(start, "引号没有配对", format!("在文字结束处补上 {q}"))
    }

    fn key(&mut self) -> Found {
        let start = self.i;
        let end = self.text[start..].find([' ', '\t', '=', '.', '\n', '#', '＝', '：', ':', '"', '\'', '“', '”']).map_or(self.text.len(), |n| start + n);
        let key = &self.text[start..end];
        self.i = end.max(start + self.text[start..].chars().next().map_or(1, char::len_utf8));
        if !key.is_ascii() {
            return self.found(start, format!("名称“{key}”是中文，没有加引号"), format!("中文名称要用英文双引号括起来：\"{key}\" = …"));
        }
        self.expect = Expect::AfterKey;
        None
    }

    fn after_key(&mut self, c: char) -> Found {
        let at = self.i;
        self.i += c.len_utf8();
        match c {
            '=' => self.expect = Expect::Value,
            '.' => self.expect = Expect::Key,
            '＝' => return self.found(at, "等号用了全角“＝”", "改成英文半角等号 =（输入法切换到英文再输入）"),
            '：' | ':' => return self.found(at, format!("名称和数值之间写了冒号“{c}”"), "名称和数值之间用英文半角等号 =，如 year = 2025"),
            _ => self.expect = Expect::AfterValue,
        }
        None
    }

    fn after_value(&mut self, c: char) -> Found {
        let at = self.i;
        self.i += c.len_utf8();
        match (c, self.stack.last()) {
            (',', Some('[')) => self.expect = Expect::Value,
            (',', Some('{')) => self.expect = Expect::Key,
            (']' | '}', _) => {
                self.stack.pop();
            }
            ('，' | '、', _) => return self.found(at, format!("分隔符用了中文“{c}”"), "多个数之间用英文半角逗号 , 分隔，如 [6, 6]"),
            _ => {}
        }
        None
    }

    fn value(&mut self, c: char) -> Found {
        let start = self.i;
        match c {
            '[' | '{' => {
                self.stack.push(c);
                self.i += 1;
                self.expect = if c == '[' { Expect::Value } else { Expect::Key };
                return None;
            }
            ']' | '}' => {
                self.stack.pop();
                self.i += 1;
                self.expect = Expect::AfterValue;
                return None;
            }
            _ => {}
        }
        let end = self.text[start..].find([',', ']', '}', '#', '\n', '，', '、']).map_or(self.text.len(), |n| start + n);
        let token = self.text[start..end].trim_end();
        self.i = start + token.len().max(c.len_utf8());
        self.expect = Expect::AfterValue;
        let rest = &self.text[end..];
        judge(token, rest, self.stack.last() == Some(&'[')).and_then(|(m, h)| self.found(start, m, h))
    }
}

/// What is wrong with an unquoted value, if it is one of the typical mistakes.
fn judge(token: &str, rest: &str, in_array: bool) -> Option<(String, String)> {
    if let Some(d) = loose_date(token) {
        return Some((format!("日期“{token}”的写法不对"), format!("日期写成 {d}（年-月-日，月和日补足两位，不加引号）")));
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !in_array && digits(token) && token.len() <= 3 {
        let next: String = rest.chars().skip(1).take_while(char::is_ascii_digit).collect();
        if rest.starts_with(',') && next.len() == 3 {
            let whole = format!("{token}{next}");
            return Some((format!("数字“{token},{next}”中间有千位分隔符“,”"), format!("数字不加逗号，写成 {whole}")));
        }
    }
    if token.chars().any(|c| ('０'..='９').contains(&c) || c == '．') {
        let half: String = token.chars().map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else if c == '．' { '.' } else { c }).collect();
        return Some((format!("数字“{token}”是全角数字"), format!("改成半角数字 {half}（输入法切换到英文再输入）")));
    }
    let number_end = token.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(token.len());
    if number_end > 0 && number_end < token.len() && token[..number_end].chars().any(|c| c.is_ascii_digit()) {
        let (num, unit) = token.split_at(number_end);
        if !unit.is_ascii() {
            return Some((format!("数字后面写了单位“{unit}”"), format!("只写数字 {num}，不带“{unit}”（指标的单位已在目录中，zongjie figures 可查看）")));
        }
    }
    if token.chars().next().is_some_and(|c| !c.is_ascii()) {
        return Some((format!("文字“{token}”没有加引号"), format!("文字要用英文双引号括起来：\"{token}\"")));
    }
    None
}

/// The ISO spelling of a date written the Chinese or slashed way
/// (2025年7月3日, 2025/7/3, 2025.7.3, 2025-7-3), or None.
pub fn loose_date(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(['"', '\'']);
    let parts: Vec<&str> = s.split(['年', '月', '日', '/', '.', '-', '－']).filter(|p| !p.is_empty()).collect();
    let seps = s.chars().filter(|c| matches!(c, '年' | '月' | '/' | '.' | '-' | '－')).count();
    if parts.len() != 3 || seps < 2 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
    if parts[0].len() != 4 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let iso = format!("{y:04}-{m:02}-{d:02}");
    (iso != s).then_some(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<Diagnostic> {
        let src = SourceFile::new("t.toml", text.to_string());
        scan(&src, text, None, true)
    }

    fn says(text: &str, line: usize, hint: &str) {
        let d = first(text).unwrap_or_else(|| panic!("nothing found in {text:?}"));
        assert_eq!(d.line, line, "{d}");
        assert!(d.hint.contains(hint) || d.message.contains(hint), "{hint:?} not in {d}");
    }

    #[test]
    fn punctuation_and_quotes() {
        says("[report]\nyear ＝ 2025\n", 2, "英文半角等号");
        says("[report]\nyear：2025\n", 2, "year = 2025");
        says("[unit]\narea = “柳溪乡”\n", 2, "英文双引号");
        says("[unit]\narea = \"柳溪乡”\n", 2, "中文引号");
        says("[figures]\ntheory_study = [6，6]\n", 2, "英文半角逗号");
    }

    #[test]
    fn numbers_and_dates() {
        says("[figures]\nmembers = 1,186\n", 2, "写成 1186");
        says("[figures]\nmembers = { h1 = 1,186, year = 1190 }\n", 2, "写成 1186");
        says("[figures]\nbranches = ２１\n", 2, "半角数字 21");
        says("[figures]\nbranches = 21个\n", 2, "只写数字 21");
        says("[report]\ndate = { h1 = 2025年7月3日 }\n", 2, "2025-07-03");
        says("[report]\ndate = { h1 = 2025/7/3 }\n", 2, "2025-07-03");
        says("[unit]\narea = 柳溪乡\n", 2, "\"柳溪乡\"");
        assert_eq!(loose_date("2025-07-03"), None);
        assert_eq!(loose_date("2025.7.3").as_deref(), Some("2025-07-03"));
    }

    #[test]
    fn strings_cut_by_enter_point_at_their_start() {
        says("[report]\napproach = \"抓党建\n促振兴\"\nyear = 1\n", 2, "\"\"\"");
        // Inside a multi-line string nothing is a mistake.
        assert!(first("[report]\nopening = \"\"\"\nyear ＝ 1，“甲”\n\"\"\"\n").is_none());
        assert!(first("# year ＝ 1\n[unit]\nname = \"a # b：c\"\n").is_none());
    }

    #[test]
    fn headers() {
        says("[[works]]\ntitle = \"a\"\n", 1, "[[work]]");
        says("[work]\ntitle = \"a\"\n", 1, "[[work]]");
        says("[[work]]\n[[work.point]]\ntext = \"a\"\n[[work.points]]\ntext = \"b\"\n", 2, "[[work.points]]");
        says("[[problems]]\ntext = \"a\"\n[[problem]]\ntext = \"b\"\n", 3, "[[problems]]");
        says("[figures.专题研讨]\nvalue = 1\n", 1, "[figures.\"专题研讨\"]");
        assert!(first("[[work]]\n[[work.point]]\ntext = \"a\"\n[figures.custom.x]\n").is_none());
    }

    #[test]
    fn chinese_keys_need_quotes() {
        says("[figures]\n专题研讨 = [3, 2]\n", 2, "\"专题研讨\" = …");
        assert!(first("[figures]\n\"专题研讨\" = [3, 2]\n").is_none());
    }

    #[test]
    fn valid_files_have_no_typical_mistakes() {
        // The scan runs only on refused sheets, but must still be silent on
        // everything valid: every sheet, profile and catalogue shipped here.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sheets = ["data/青石镇.toml", "data/石桥村.toml", "data/龙潭村.toml", "tests/fixtures/long.toml", "tests/fixtures/five-pages.toml", "tests/fixtures/sheet-sketch.toml", "tests/fixtures/docx/示范村.toml"];
        for f in sheets {
            let text = std::fs::read_to_string(root.join(f)).unwrap();
            assert!(first(&text).is_none(), "{f}: {:?}", first(&text));
        }
        // Other TOML files have other headers, but their keys and values are clean too.
        for f in ["tests/fixtures/docx/profile.toml", "templates/dangjian/figures.toml", "templates/dangjian/phrases.toml"] {
            let text = std::fs::read_to_string(root.join(f)).unwrap();
            let src = SourceFile::new(f, text.clone());
            let found = Scanner { src: &src, text: &text, i: 0, stack: Vec::new(), expect: Expect::Key }.run();
            assert!(found.is_none(), "{f}: {found:?}");
        }
        let scaffold = std::fs::read_to_string(root.join("templates/scaffold.toml")).unwrap().replace("%YEAR%", "2025");
        assert!(first(&scaffold).is_none(), "{:?}", first(&scaffold));
    }

    #[test]
    fn a_value_mistake_after_the_parser_error_is_not_blamed() {
        let text = "[unit]\nname = 1 2\n[figures]\nbranches = 21个\n";
        let src = SourceFile::new("t.toml", text.to_string());
        assert!(scan(&src, text, Some(text.find("1 2").unwrap()), false).is_none());
    }
}
