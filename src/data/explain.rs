//! Parser and serde errors of a sheet in Chinese, for what the scan of
//! typical mistakes ([`super::mistakes`]) does not recognise: unknown or
//! missing fields, wrong types (a quoted number or date said as such),
//! fields given twice, and a generic message without the parser's English.

use super::source::SourceFile;
use crate::error::Diagnostic;

/// Turns a toml/serde error into a Chinese diagnostic (`bom`: bytes of a
/// byte-order mark stripped before parsing).
pub(crate) fn translate(src: &SourceFile, e: &toml::de::Error, bom: usize) -> Diagnostic {
    let offset = e.span().map_or(0, |s| s.start + bom);
    let msg = e.message().trim();
    let first = msg.lines().next().unwrap_or("");
    let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    let (message, hint) = if let Some(rest) = first.strip_prefix("unknown field") {
        let t = ticked(rest);
        let field = t.first().cloned().unwrap_or_default();
        let allowed = t[1.min(t.len())..].join("、");
        let offset = src.text[offset..].find(&field).map_or(offset, |i| offset + i);
        return src.diag(offset, format!("未知字段“{field}”"), format!("可能是拼写错误。此处可用的字段：{allowed}"));
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
        match quoted {
            Some(q) if want_zh == "日期" => {
                let iso = super::mistakes::loose_date(q).unwrap_or_else(|| q.to_string());
                (format!("日期“{q}”加了引号"), format!("日期不加引号，写成 {iso}"))
            }
            Some(q) if matches!(want_zh, "整数" | "数字") && q.trim().parse::<f64>().is_ok() => (format!("数字“{q}”加了引号"), format!("数字不加引号，写成 {}", q.trim())),
            _ => (format!("类型不对：这里应为{want_zh}，实际写的是{}", type_zh(got)), "文字用英文双引号括起来，数字不加引号，日期写成 2024-07-08，列表写成 [\"甲\", \"乙\"]".into()),
        }
    } else if first.contains("duplicate key") {
        let key = ticked(first).first().cloned().unwrap_or_default();
        let earlier = src.text[..offset.min(src.text.len())].rfind(&format!("\n{key} ")).map(|i| src.position(i + 1).0);
        let hint = match earlier {
            Some(l) => format!("第 {l} 行已经写过“{key}”：保留正确的一行，删去另一行"),
            None => "同一项只能写一次：保留正确的一行，删去另一行".to_string(),
        };
        (format!("“{key}”写了两次"), hint)
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
