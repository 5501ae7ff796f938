//! The toml_edit primitives of sheet editing: parsing the sheet's text with
//! a Chinese message, reading a number typed in the form, and finding and
//! replacing a value in place (its spaces and comment kept). A leaf under
//! [`super`]: the field, figure and list editors all build on it.

use toml_edit::{DocumentMut, Item, TableLike, Value};

/// Parses the sheet's text for editing, with a Chinese message.
pub fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| {
        // The parser's own words are English: the line is enough to find it.
        let line = e.span().and_then(|s| text.get(..s.start)).map_or(0, |t| t.matches('\n').count() + 1);
        let at = if line > 0 { format!("第 {line} 行附近") } else { String::new() };
        format!("数据表{at}的写法有误（不是有效的 TOML），无法在网页中编辑：请用记事本打开数据表，在数据表列表中查看检查结果，改好后刷新本页")
    })
}

/// The number a clerk typed: ASCII or full-width digits, one decimal point;
/// empty means "no value". `integer` refuses fractions.
pub fn number(input: &str, integer: bool) -> Result<Option<Value>, String> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' => '-',
            '，' => ',',
            c => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    // 1,186 as copied from a spreadsheet: commas that group thousands go.
    let whole = s.split('.').next().unwrap_or("").trim_start_matches('-');
    let grouped = whole.contains(',') && whole.split(',').enumerate().all(|(i, g)| g.chars().all(|c| c.is_ascii_digit()) && if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 });
    let s = if grouped { s.replace(',', "") } else { s };
    let plain = s.strip_prefix('-').unwrap_or(&s);
    let ok = !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.') && plain.matches('.').count() <= 1 && !plain.starts_with('.') && !plain.ends_with('.');
    if !ok {
        return Err(format!("“{}”不是数字：只填数字，不写单位和文字，如 12 或 612.5", input.trim()));
    }
    if !s.contains('.') {
        return s.parse::<i64>().map(|i| Some(Value::from(i))).map_err(|_| format!("“{s}”太大了，请核对"));
    }
    if integer {
        return Err(format!("“{s}”应为整数（这是个数，不能有小数）"));
    }
    s.parse::<f64>().map(|f| Some(Value::from(f))).map_err(|_| format!("“{s}”不是数字"))
}

/// A number's display in the form (integers without a point).
pub(super) fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Integer(i) => Some(i.value().to_string()),
        Value::Float(f) => Some(crate::data::format_number(*f.value())),
        _ => None,
    }
}

/// The table holding the last segment of a path.
pub(super) fn container<'a>(mut t: &'a mut dyn TableLike, segs: &[&str]) -> Option<&'a mut dyn TableLike> {
    let mut i = 0;
    while i < segs.len() {
        let item = t.get_mut(segs[i])?;
        if let Some(n) = segs.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            t = item.as_array_of_tables_mut()?.get_mut(n)?;
            i += 2;
        } else {
            t = item.as_table_like_mut()?;
            i += 1;
        }
    }
    Some(t)
}

/// Replaces `slot`'s value, keeping the spaces and comment around it.
pub(super) fn replace(slot: &mut Item, mut new: Value) {
    if let Some(old) = slot.as_value() {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
}
