//! Parser and serde errors of a sheet in Chinese, for what the scan of
//! typical mistakes ([`super::mistakes`]) does not recognise: unknown or
//! missing fields, wrong types (a quoted number or date said as such),
//! fields given twice, and a generic message without the parser's English.

use super::source::SourceFile;
use crate::error::Diagnostic;

/// Turns a toml/serde error into a Chinese diagnostic (`bom`: bytes of a
/// byte-order mark stripped before parsing).
pub(crate) fn translate(src: &SourceFile, e: &toml::de::Error, bom: usize) -> Diagnostic {
    explain_message(src, e.span().map_or(0, |s| s.start + bom), e.message())
}

/// The same for a toml/serde message at a byte `offset` of `src` (for an
/// error that reached us as text, e.g. a templates file's loader).
pub(crate) fn explain_message(src: &SourceFile, offset: usize, msg: &str) -> Diagnostic {
    let msg = msg.trim();
    let first = msg.lines().next().unwrap_or("");
    let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    let (message, hint) = if let Some(rest) = first.strip_prefix("unknown field") {
        let t = ticked(rest);
        let field = t.first().cloned().unwrap_or_default();
        let allowed = t[1.min(t.len())..].join("、");
        let offset = src.text[offset..].find(&field).map_or(offset, |i| offset + i);
        let near = t[1.min(t.len())..].iter().map(|a| (super::catalogue::edit_distance(a, &field), a)).filter(|(d, a)| *d <= 2.max(a.len() / 3)).min();
        let hint = match near {
            Some((_, a)) => format!("是否想写“{a}”？此处可用的字段：{allowed}"),
            None => format!("可能是拼写错误。此处可用的字段：{allowed}"),
        };
        return src.diag(offset, format!("未知字段“{field}”"), hint);
    } else if let Some(rest) = first.strip_prefix("missing field") {
        let field = ticked(rest).first().cloned().unwrap_or_default();
        (format!("缺少必填字段“{field}”"), format!("请在此表中补上 {field} = …（见 zongjie init 生成的样表）"))
    } else if let Some(rest) = first.strip_prefix("unknown variant") {
        let t = ticked(rest);
        (format!("取值“{}”无效", t.first().cloned().unwrap_or_default()), format!("可选：{}", t[1.min(t.len())..].join("、")))
    } else if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let quoted = got.split_once('"').map(|(_, q)| q.trim_end_matches('"'));
        let want_zh = type_zh(want);
        if quoted.is_none() && want_zh == "整数" && type_zh(got) == "整数" {
            // An integer too large for its field (year = 99999999999999999999).
            return src.diag(offset, "数字太大，超出了可以处理的范围", "检查这个数是否多打了位数，如 year = 2024");
        }
        match quoted {
            Some(q) if want_zh == "日期" => {
                let iso = super::mistakes::loose_date(q).unwrap_or_else(|| q.to_string());
                (format!("日期“{q}”加了引号"), format!("日期不加引号，写成 {iso}"))
            }
            Some(q) if matches!(want_zh, "整数" | "数字") && q.trim().parse::<f64>().is_ok() => (format!("数字“{q}”加了引号"), format!("数字不加引号，写成 {}", q.trim())),
            _ => (format!("类型不对：这里应为{want_zh}，实际写的是{}", type_zh(got)), "文字用英文双引号括起来，数字不加引号，日期写成 2024-07-08，列表写成 [\"甲\", \"乙\"]".into()),
        }
    } else if first.starts_with("cannot recurse further") {
        ("方括号或花括号套得太深".into(), "列表写成 [\"甲\", \"乙\"]，表写成 { 名 = 值 }，不要层层嵌套".into())
    } else if first.contains("duplicate key") {
        return duplicate_key(src, offset);
    } else if first.contains("duplicate field") {
        let key = ticked(first).first().cloned().unwrap_or_default();
        (format!("“{key}”写了两次（可能一处用的是它的另一种写法）"), format!("在这一部分中只保留一处“{key}”"))
    } else if first.contains("invalid") && first.contains("date") || first.contains("datetime") {
        ("日期格式不对".into(), "日期写成 2024-07-08（年-月-日，月和日补足两位）".into())
    } else {
        ("这里的写法无法识别".into(), "请检查这一行：文字用英文双引号 \"…\" 括起来，名称和数值之间用英文等号 =，数字和日期（如 2024-07-08）不加引号，标点用英文半角".into())
    };
    src.diag(offset, message, hint)
}

/// A key or table header given twice: the parser points at the second; the
/// message names it and the line of the first.
fn duplicate_key(src: &SourceFile, offset: usize) -> Diagnostic {
    let rest = src.text.get(offset..).unwrap_or("");
    let key: String = rest.trim_start_matches(['"', '\'']).chars().take_while(|c| !matches!(c, ' ' | '\t' | '=' | ']' | '"' | '\'' | '\n' | '\r')).collect();
    let (line, _) = src.position(offset);
    let header = src.line_text(line).trim_start().starts_with('[');
    let before = &src.text[..offset.min(src.text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let earlier = src.text[..line_start]
        .match_indices(key.as_str())
        .filter(|(i, _)| {
            let l = src.position(*i).0;
            let t = src.line_text(l).trim_start();
            if header { t.trim_start_matches('[').trim_start().starts_with(key.as_str()) && t.starts_with('[') } else { t.starts_with(key.as_str()) || t.starts_with(&format!("\"{key}\"")) }
        })
        .map(|(i, _)| src.position(i).0)
        .last();
    let (message, hint) = if header {
        let written = src.line_text(line).trim();
        (format!("表头“{written}”写了两次"), match earlier {
            Some(l) => format!("第 {l} 行已有 {written}：把这两部分的内容合到一处，删去这一行"),
            None => "同一表头只能写一次：把两部分的内容合到一处".to_string(),
        })
    } else {
        (format!("“{key}”写了两次"), match earlier {
            Some(l) => format!("第 {l} 行已经写过“{key}”：保留正确的一行，删去另一行"),
            None => "同一项只能写一次：保留正确的一行，删去另一行".to_string(),
        })
    };
    src.diag(offset, message, hint)
}

/// Chinese name of a serde type description.
fn type_zh(s: &str) -> &'static str {
    let s = s.trim();
    if s.contains("string") || s.contains("char") {
        "文字"
    } else if s.contains("integer") || s.starts_with("i64") || s.contains("u") && s.contains("int") {
        "整数"
    } else if s.contains("float") || s.contains("number") {
        "数字"
    } else if s.contains("bool") {
        "true 或 false"
    } else if s.contains("sequence") || s.contains("array") || s.contains("Vec") {
        "列表"
    } else if s.contains("map") || s.contains("struct") || s.contains("table") {
        "表"
    } else if s.contains("date") || s.contains("Datetime") {
        "日期"
    } else {
        "其他类型"
    }
}
