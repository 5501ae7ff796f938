//! Tera's errors in Chinese. A template from `--templates` that Tera
//! refuses (a syntax error, an unknown variable, filter, function or
//! include) becomes one [`Diagnostic`] per problem, naming the user's file,
//! the line and column Tera reports, the line itself and what to change —
//! never Tera's English report. Used by `templates` when loading and
//! rendering.

use std::path::PathBuf;

use tera::ErrorKind;

use crate::data::catalogue::edit_distance;
use crate::error::{Diagnostic, Error, snippet};

/// The template sources of a run: name, text and, for a user's file, its path.
#[derive(Debug, Default)]
pub struct Sources {
    /// The `--templates` folder, if any.
    pub dir: Option<PathBuf>,
    /// (template name, text, the user's file when it overrides or adds one).
    pub files: Vec<(String, String, Option<PathBuf>)>,
}

impl Sources {
    /// The file a message names: the user's file, or the built-in name.
    fn file(&self, name: &str) -> PathBuf {
        match self.files.iter().find(|(n, ..)| n == name) {
            Some((_, _, Some(p))) => p.clone(),
            _ => PathBuf::from(format!("内置模板 {name}")),
        }
    }

    fn text(&self, name: &str) -> &str {
        self.files.iter().find(|(n, ..)| n == name).map_or("", |(_, t, _)| t.as_str())
    }

    fn line(&self, name: &str, line: usize) -> &str {
        self.text(name).lines().nth(line.saturating_sub(1)).unwrap_or("")
    }

    /// A diagnostic at `name:line:column` (Tera's line is 1-based, its column 0-based).
    fn at(&self, name: &str, line: usize, col0: usize, what: String, hint: String) -> Diagnostic {
        let column = col0 + 1;
        Diagnostic { file: self.file(name), line, column, snippet: snippet(self.line(name, line), column), message: format!("模板有误：{what}"), hint }
    }
}

/// Tera's error as our error: located diagnostics in Chinese.
pub fn explain(e: &tera::Error, sources: &Sources) -> Error {
    let mut found: Vec<Diagnostic> = match e.kind() {
        // The end came before a block was closed: point at the block.
        ErrorKind::SyntaxError(r) if r.message().starts_with("Unexpected end of input") => {
            let text = sources.text(r.filename());
            let d = match unclosed(text) {
                Some((line, col, tag)) => sources.at(r.filename(), line, col, format!("{{% {tag} %}} 没有对应的 {{% end{tag} %}}"), format!("在这一段结束的地方加上 {{% end{tag} %}}")),
                None => {
                    let line = text.lines().count().max(1);
                    let (what, hint) = translate(r.message(), true);
                    sources.at(r.filename(), line, 0, what, hint)
                }
            };
            vec![d]
        }
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let syntax = matches!(e.kind(), ErrorKind::SyntaxError(_));
            let (what, hint) = translate(r.message(), syntax);
            vec![sources.at(r.filename(), r.span().start_line, r.span().start_col, what, hint)]
        }
        // Unknown filters, functions, tests and includes: Tera joins one
        // report per use ("error: …" then "--> name:line:column").
        ErrorKind::Msg(m) => reports(m)
            .into_iter()
            .map(|(msg, name, line, col)| {
                let (what, hint) = translate(&msg, false);
                sources.at(&name, line, col.saturating_sub(1), what, hint)
            })
            .collect(),
        _ => Vec::new(),
    };
    if found.is_empty() {
        let (what, hint) = match e.kind() {
            ErrorKind::CircularInclude { tpl, .. } | ErrorKind::CircularExtend { tpl, .. } => {
                (format!("模板“{tpl}”经过 include 或 extends 又引用了自己"), "去掉形成循环的那一处 {% include %} 或 {% extends %}".to_string())
            }
            ErrorKind::MissingParent { current, parent } => (format!("模板“{current}”继承的“{parent}”不存在"), format!("把 {parent} 放进模板文件夹，或改正 {{% extends %}} 中的名称")),
            ErrorKind::TemplateNotFound(name) => (format!("找不到模板“{name}”"), format!("把 {name} 放进模板文件夹，或改正引用它的名称")),
            _ => ("模板无法使用".to_string(), "请对照内置模板检查最近改动过的 .tera 文件；删去（或改名）它即恢复使用内置模板".to_string()),
        };
        let file = sources.dir.clone().unwrap_or_else(|| PathBuf::from("内置模板"));
        found.push(Diagnostic::whole_file(&file, format!("模板有误：{what}"), hint));
    }
    if found.len() == 1 { Error::from(found.remove(0)) } else { Error::Many(found) }
}

/// The innermost `{% if %}`, `{% for %}`, `{% block %}`, `{% macro %}` or
/// `{% filter %}` still open at the end of `text`: (line, 0-based column, tag).
fn unclosed(text: &str) -> Option<(usize, usize, String)> {
    let mut open: Vec<(usize, usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find("{%").map(|a| a + from) {
            let tag = line[at + 2..].trim_start_matches(['-', '+']).trim_start();
            let word = tag.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
            match word {
                "if" | "for" | "block" | "macro" | "filter" => open.push((i + 1, line[..at].chars().count(), word)),
                w => {
                    if let Some(pos) = w.strip_prefix("end").and_then(|w| open.iter().rposition(|o| o.2 == w)) {
                        open.truncate(pos);
                    }
                }
            }
            from = at + 2;
        }
    }
    open.pop().map(|(line, col, tag)| (line, col, tag.to_string()))
}

/// The reports in Tera's joined text: (message, template, line, column).
fn reports(text: &str) -> Vec<(String, String, usize, usize)> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for l in text.lines() {
        if let Some(m) = l.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, l.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let (col, line, name) = (parts.next(), parts.next(), parts.next());
            if let (Some(col), Some(line), Some(name)) = (col.and_then(|c| c.parse().ok()), line.and_then(|l| l.parse().ok()), name) {
                out.push((m.to_string(), name.to_string(), line, col));
            }
            message = None;
        }
    }
    out
}

/// Filters built into Tera (for "是否想写…").
const FILTERS: &[&str] = &[
    "safe", "default", "upper", "lower", "wordcount", "escape", "escape_html", "escape_xml", "newlines_to_br", "pluralize", "trim", "trim_start", "trim_end", "replace", "capitalize", "title",
    "truncate", "indent", "str", "int", "float", "length", "reverse", "split", "abs", "round", "first", "last", "nth", "join", "sort", "unique", "get", "values", "keys", "pairs", "group_by",
];

/// The hint for a tag or brace problem.
const PAIRS: &str = "检查这一处附近的 {{ 与 }}、{% 与 %} 是否成对，标签是否写全；{% if %}、{% for %} 要有对应的 {% endif %}、{% endfor %}";

/// Tera's message as (what is wrong, what to change), in Chinese. Names
/// between backticks are kept (they are the user's own words); the rest of
/// Tera's English is not.
fn translate(msg: &str, syntax: bool) -> (String, String) {
    let names: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    let first = names.first().copied().unwrap_or("");
    let listed = |label: &str| -> Vec<String> {
        msg.split_once(label).map(|(_, l)| l.trim().trim_end_matches('.').split(", ").map(str::to_string).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
    };
    if msg.starts_with("Variable `") && msg.contains("is not defined") {
        return (format!("用到了不存在的变量“{first}”"), did_you_mean(first, &listed("Available variables:"), "可用的变量"));
    }
    if msg.starts_with("Variable `") {
        return (format!("变量“{first}”在这里没有值"), format!("先用 {{% if {first} %}} 判断，或写成 {{{{ {first} | default(value=\"\") }}}}"));
    }
    if msg.starts_with("Field `") {
        return (format!("用到了不存在的字段“{first}”"), did_you_mean(first, &listed("Available fields:"), "可用的字段"));
    }
    if msg.starts_with("Unknown filter `") {
        let all: Vec<String> = FILTERS.iter().map(|s| s.to_string()).collect();
        return (format!("没有“{first}”这个过滤器（“|”后面的名称）"), did_you_mean(first, &all, "可用的过滤器"));
    }
    if msg.starts_with("Unknown function `") {
        return (format!("没有“{first}”这个函数"), format!("改正函数名，或删去 {first}(…) 这一处"));
    }
    if msg.starts_with("Unknown test `") {
        return (format!("没有“{first}”这个判断（is 后面的名称）"), "改正 is 后面的名称，如 is defined、is number、is string".into());
    }
    if msg.starts_with("Unknown template `") {
        return (format!("引用的模板“{first}”不存在"), format!("把 {first} 放进模板文件夹（名称相对模板文件夹，如 dangjian/lead.tera），或改正 {{% include %}} 中的名称"));
    }
    if msg.starts_with("Unknown component `") {
        return (format!("没有“{first}”这个组件"), "改正组件名，或删去这一处".into());
    }
    if msg.starts_with("Unexpected end of input") {
        return ("模板到结尾还没有写完".into(), PAIRS.into());
    }
    if msg.starts_with("Math operations") {
        return ("只有数字才能做加减乘除".into(), "检查参与运算的变量是不是数字".into());
    }
    if msg.starts_with("Cannot compare") {
        return ("这两个值不能比较大小（类型不同）".into(), "比较的两边都应是数字，或都是文字".into());
    }
    if msg.starts_with("Iteration not possible") || msg.starts_with("Key/value iteration") {
        return ("{% for %} 只能用于列表".into(), "检查 in 后面的变量".into());
    }
    if msg.contains("undefined") {
        return ("这里用到的值不存在".into(), "检查这一处的变量名和下标".into());
    }
    if syntax { ("这里的写法无法识别".into(), PAIRS.into()) } else { ("生成时出错".into(), "检查这一处用到的变量、过滤器和它们的参数".into()) }
}

/// "是否想写…" with the closest of `known`, else the list of `known`.
fn did_you_mean(name: &str, known: &[String], what: &str) -> String {
    let near = known.iter().map(|k| (edit_distance(k, name), k)).filter(|(d, k)| *d <= 2.max(k.chars().count() / 3)).min();
    match near {
        Some((_, k)) => format!("是否想写“{k}”？"),
        None if known.is_empty() => "检查拼写".into(),
        None => {
            let shown: Vec<&str> = known.iter().take(24).map(String::as_str).collect();
            format!("检查拼写；{what}：{}{}", shown.join("、"), if known.len() > shown.len() { " 等" } else { "" })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(name: &str, text: &str) -> Sources {
        Sources { dir: Some("模板".into()), files: vec![(name.into(), text.into(), Some(PathBuf::from("模板").join(name)))] }
    }

    fn load(text: &str) -> Result<tera::Tera, tera::Error> {
        let mut t = tera::Tera::new();
        t.add_raw_templates([("dangjian/opening.tera", text)]).map(|()| t)
    }

    fn english(s: &str) -> bool {
        ["error", "Unknown", "expected", "Found", "defined", "Variable", "-->"].iter().any(|w| s.contains(w))
    }

    #[test]
    fn syntax_errors_name_the_file_and_line_in_chinese() {
        let text = "第一行\n{% if is_h1 %}上半年\n{{ year }年";
        let e = load(text).unwrap_err();
        let msg = explain(&e, &sources("dangjian/opening.tera", text)).to_string();
        assert!(msg.starts_with("模板/dangjian/opening.tera:3:"), "{msg}");
        assert!(msg.contains("模板有误") && msg.contains("{{ year }年") && msg.contains("提示："), "{msg}");
        assert!(!english(&msg), "{msg}");
    }

    #[test]
    fn an_unclosed_block_is_pointed_at() {
        let text = "第一行\n{% for x in list %}{{ x }}\n{% if is_h1 %}上半年{% endif %}\n结尾\n";
        let e = load(text).unwrap_err();
        let d = explain(&e, &sources("dangjian/opening.tera", text)).diagnostics()[0].clone();
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("{% for %} 没有对应的 {% endfor %}") && d.hint.contains("{% endfor %}"), "{d}");
        assert_eq!(unclosed("{% if a %}{% for b in c %}{% endfor %}"), Some((1, 0, "if".into())));
        assert_eq!(unclosed("{%- if a -%}x{%- endif -%}"), None);
    }

    #[test]
    fn unknown_filters_are_each_located_with_a_suggestion() {
        let text = "{{ year | uper }}\n{{ area | trimm }}";
        let e = load(text).unwrap_err();
        let err = explain(&e, &sources("dangjian/opening.tera", text));
        let ds = err.diagnostics();
        assert_eq!(ds.len(), 2, "{err}");
        assert_eq!((ds[0].line, ds[1].line), (1, 2));
        assert!(ds[0].message.contains("“uper”") && ds[0].hint.contains("“upper”"), "{err}");
        assert!(ds[1].hint.contains("“trim”"), "{err}");
        assert!(!english(&err.to_string()), "{err}");
    }

    #[test]
    fn unknown_variables_suggest_the_nearest_name() {
        let text = "开头\n{{ yaer }}年";
        let t = load(text).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("year", &2024);
        ctx.insert("area", "柳溪乡");
        let e = t.render("dangjian/opening.tera", &ctx).unwrap_err();
        let err = explain(&e, &sources("dangjian/opening.tera", text));
        let d = err.diagnostics()[0].clone();
        assert_eq!((d.line, d.column), (2, 4), "{err}");
        assert!(d.message.contains("“yaer”") && d.hint.contains("“year”"), "{err}");
        assert!(!english(&err.to_string()), "{err}");
    }

    #[test]
    fn a_built_in_template_is_named_as_such() {
        let s = Sources { dir: None, files: vec![("dangjian/lead.tera".into(), "x".into(), None)] };
        assert_eq!(s.file("dangjian/lead.tera"), PathBuf::from("内置模板 dangjian/lead.tera"));
    }
}
